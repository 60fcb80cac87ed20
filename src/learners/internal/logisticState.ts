/**
 * Internal: the state of the hashed logistic regression and its snapshot codec — a versioned
 * object that records the hashing and the regularization it was learned with (a learner with
 * others refuses it), the intercept as `[mean, precision]` and the touched weights as
 * `[[index, mean, precision], …]`, every problem reported at its path.
 *
 * Laws: `decode ∘ encode` is the identity on states (weights sorted by index, numbers as JSON
 * writes them); decoding never throws.
 *
 * @internal
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import type { Instant } from "../../kernel/Time.js"
import {
  count as countCodec,
  epoch as epochCodec,
  failAt,
  failHere,
  hasOwn,
  isRecord,
  pushErrors,
  unknownKeys,
  weight as weightCodec
} from "../../kernel/internal/codec.js"
import type { Hashing } from "../FeatureHashing.js"

/**
 * The state of one model: the intercept's posterior, the touched hashed weights' posteriors
 * (aligned arrays sorted by slot index), the (possibly decayed) response counts, and the time of
 * forgetting (`null` before any response, and always without forgetting).
 *
 * @category model
 * @since 0.1.0
 */
export interface State {
  readonly interceptMean: number
  readonly interceptPrecision: number
  /** the touched slots, strictly increasing */
  readonly indices: Int32Array
  /** the posterior mean of each touched slot's weight */
  readonly means: Float64Array
  /** the posterior precision of each touched slot's weight (≥ `regularization`) */
  readonly precisions: Float64Array
  readonly positives: number
  readonly negatives: number
  readonly at: Instant | null
}

/**
 * The snapshot version written by the codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const STATE_VERSION = 1

/** what the codec checks a snapshot against */
export interface CodecSettings {
  readonly hashing: Hashing
  readonly regularization: number
  /** whether counts are decayed (forgetting): then fractional counts are accepted */
  readonly decayed: boolean
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const STATE_KEYS = ["version", "hashing", "regularization", "intercept", "weights", "positives", "negatives", "at"]

const isFiniteNumber = (u: unknown): u is number => typeof u === "number" && Number.isFinite(u)

/** a number problem at `key` of `c`: `required`, `invalid_type`, `non_finite` */
const numberAt = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  key: string | number,
  u: unknown,
  what: string
): u is number => {
  if (isFiniteNumber(u)) return true
  failAt(
    errors,
    c,
    String(key),
    u,
    u === undefined ? "required" : typeof u === "number" ? "non_finite" : "invalid_type",
    `expected ${what}`
  )
  return false
}

export const stateCodec = (settings: CodecSettings): t.Type<State, unknown, unknown> => {
  const counts = settings.decayed ? weightCodec : countCodec
  const h = settings.hashing
  const size = 2 ** h.bits
  const lambda = settings.regularization
  return new t.Type<State, unknown, unknown>(
    "LogisticRegressionState",
    (u): u is State =>
      isRecord(u) && u["indices"] instanceof Int32Array && u["means"] instanceof Float64Array && "at" in u,
    (u, c) => {
      if (!isRecord(u)) {
        const errors: Array<t.ValidationError> = []
        failHere(
          errors,
          c,
          u,
          u === undefined ? "required" : "invalid_type",
          "expected a logistic-regression state object"
        )
        return t.failures(errors)
      }
      const errors: Array<t.ValidationError> = []
      unknownKeys(errors, c, u, STATE_KEYS, "a logistic-regression state")
      if (u["version"] !== STATE_VERSION)
        failAt(
          errors,
          c,
          "version",
          u["version"],
          u["version"] === undefined ? "required" : "unknown_version",
          `unknown snapshot version: expected ${STATE_VERSION}`
        )
      // the hashing and the prior the weights were learned with must be this learner's
      const hashing = u["hashing"]
      if (!isRecord(hashing))
        failAt(
          errors,
          c,
          "hashing",
          hashing,
          hashing === undefined ? "required" : "invalid_type",
          "expected the hashing { bits, seed, signed }"
        )
      else {
        const hc = t.appendContext(c, "hashing", t.unknown, hashing)
        unknownKeys(errors, hc, hashing, ["bits", "seed", "signed"], "a hashing")
        for (const key of ["bits", "seed", "signed"] as const) {
          if (hashing[key] !== h[key])
            failAt(
              errors,
              hc,
              key,
              hashing[key],
              hashing[key] === undefined ? "required" : "invalid_value",
              `the state was hashed with ${key} ${JSON.stringify(hashing[key])}, this learner hashes with ${String(h[key])}`
            )
        }
      }
      if (u["regularization"] !== lambda)
        failAt(
          errors,
          c,
          "regularization",
          u["regularization"],
          u["regularization"] === undefined ? "required" : "invalid_value",
          `the state was learned with regularization ${JSON.stringify(u["regularization"])}, this learner has ${lambda}`
        )
      let interceptMean = NaN
      let interceptPrecision = NaN
      const intercept = u["intercept"]
      if (!Array.isArray(intercept) || intercept.length !== 2)
        failAt(
          errors,
          c,
          "intercept",
          intercept,
          intercept === undefined ? "required" : "invalid_type",
          "expected the intercept as [mean, precision]"
        )
      else {
        const ic = t.appendContext(c, "intercept", t.unknown, intercept)
        if (numberAt(errors, ic, 0, intercept[0], "a finite mean")) interceptMean = intercept[0]
        if (numberAt(errors, ic, 1, intercept[1], "a positive precision")) {
          if (intercept[1] > 0) interceptPrecision = intercept[1]
          else failAt(errors, ic, "1", intercept[1], "out_of_range", "expected a positive precision")
        }
      }
      const weights = u["weights"]
      const entries: Array<readonly [number, number, number]> = []
      if (!Array.isArray(weights))
        failAt(
          errors,
          c,
          "weights",
          weights,
          weights === undefined ? "required" : "invalid_type",
          "expected the weights as [[index, mean, precision], …]"
        )
      else {
        const wc = t.appendContext(c, "weights", t.unknown, weights)
        const seen = new Set<number>()
        weights.forEach((item: unknown, k: number) => {
          if (!Array.isArray(item) || item.length !== 3) {
            failAt(errors, wc, String(k), item, "invalid_type", "expected a weight as [index, mean, precision]")
            return
          }
          const ec = t.appendContext(wc, String(k), t.unknown, item)
          const [index, mean, precision] = item as [unknown, unknown, unknown]
          let ok = true
          const fail = (
            slot: string,
            found: unknown,
            code: "not_integer" | "out_of_range" | "invalid_value",
            message: string
          ): void => {
            ok = false
            failAt(errors, ec, slot, found, code, message)
          }
          if (!numberAt(errors, ec, 0, index, `a slot index in [0, 2^${h.bits})`)) ok = false
          else if (!Number.isInteger(index)) fail("0", index, "not_integer", "a slot index must be a whole number")
          else if (index < 0 || index >= size)
            fail("0", index, "out_of_range", `expected a slot index in [0, 2^${h.bits})`)
          else if (seen.has(index)) fail("0", index, "invalid_value", `slot ${index} appears twice`)
          if (!numberAt(errors, ec, 1, mean, "a finite mean")) ok = false
          if (!numberAt(errors, ec, 2, precision, `a precision ≥ the regularization ${lambda}`)) ok = false
          else if (precision < lambda)
            fail("2", precision, "out_of_range", `expected a precision ≥ the regularization ${lambda}`)
          if (ok) {
            seen.add(index as number)
            entries.push([index as number, mean as number, precision as number])
          }
        })
      }
      const decoded: Record<string, number> = {}
      for (const key of ["positives", "negatives"] as const) {
        const v = u[key]
        const result = counts.validate(v, t.appendContext(c, key, counts, v))
        if (result._tag === "Left") pushErrors(errors, result.left)
        else decoded[key] = result.right
      }
      let at: Instant | null = null
      if (hasOwn(u, "at") && u["at"] !== undefined) {
        const result = epochCodec.validate(u["at"], t.appendContext(c, "at", epochCodec, u["at"]))
        if (result._tag === "Left") pushErrors(errors, result.left)
        else at = result.right
      }
      if (errors.length > 0) return t.failures(errors)
      entries.sort((a, b) => a[0] - b[0])
      return t.success({
        interceptMean,
        interceptPrecision,
        indices: Int32Array.from(entries, (e) => e[0]),
        means: Float64Array.from(entries, (e) => e[1]),
        precisions: Float64Array.from(entries, (e) => e[2]),
        positives: decoded["positives"] as number,
        negatives: decoded["negatives"] as number,
        at
      })
    },
    (s) => {
      const weights: Array<readonly [number, number, number]> = []
      for (let e = 0; e < s.indices.length; e++)
        weights.push([s.indices[e] as number, s.means[e] as number, s.precisions[e] as number])
      const out: Record<string, unknown> = {
        version: STATE_VERSION,
        hashing: { bits: h.bits, seed: h.seed, signed: h.signed },
        regularization: lambda,
        intercept: [s.interceptMean, s.interceptPrecision],
        weights,
        positives: s.positives,
        negatives: s.negatives
      }
      if (s.at !== null) out["at"] = s.at
      return out
    }
  )
}
