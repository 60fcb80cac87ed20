/**
 * Internal: the state of the linear learners (`LinearBandit`) — sufficient statistics — and its
 * versioned codec, which reports every problem with its path.
 *
 * @internal
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { epoch, failAt, failHere, isRecord, unknownKeys } from "../../kernel/internal/codec.js"
import type { Instant } from "../../kernel/Time.js"
import { packedIndex, packedLength } from "./linalg.js"

/**
 * The sufficient statistics of one linear model: `XᵀX` (upper triangle packed row by row: entry
 * (i, j), i ≤ j, at `i·d − i(i − 1)/2 + j − i`), `Xᵀy`, the number of responses and of positives
 * (decayed with forgetting), and the clock of forgetting (as `ThompsonSampling.State`'s). Never
 * mutate the arrays.
 *
 * @category model
 * @since 0.1.0
 */
export interface State {
  readonly gram: Float64Array
  readonly moment: Float64Array
  readonly responses: number
  readonly positives: number
  readonly at: Instant | null
  readonly events: number
}

/**
 * The snapshot version written by the codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const STATE_VERSION = 1

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const STATE_KEYS = ["version", "gram", "moment", "responses", "positives", "at", "events"]

const numbersAt = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  record: Readonly<Record<string, unknown>>,
  key: string,
  length: number
): Float64Array | undefined => {
  const u = record[key]
  if (!Array.isArray(u)) {
    failAt(errors, c, key, u, u === undefined ? "required" : "invalid_type", `expected a list of ${length} numbers`)
    return undefined
  }
  const cc = t.appendContext(c, key, t.unknown, u)
  if (u.length !== length) {
    failHere(errors, cc, u, "invalid_value", `expected ${length} numbers, found ${u.length}`)
    return undefined
  }
  const out = new Float64Array(length)
  let ok = true
  u.forEach((v: unknown, i: number) => {
    if (typeof v !== "number") {
      failAt(errors, cc, String(i), v, "invalid_type", "expected a number")
      ok = false
    } else if (!Number.isFinite(v)) {
      failAt(errors, cc, String(i), v, "non_finite", "expected a finite number")
      ok = false
    } else out[i] = v === 0 ? 0 : v
  })
  return ok ? out : undefined
}

const amountAt = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  record: Readonly<Record<string, unknown>>,
  key: string,
  integer: boolean
): number | undefined => {
  const u = record[key]
  if (typeof u !== "number") {
    failAt(errors, c, key, u, u === undefined ? "required" : "invalid_type", "expected a non-negative number")
    return undefined
  }
  if (!Number.isFinite(u)) failAt(errors, c, key, u, "non_finite", "expected a finite number")
  else if (u < 0) failAt(errors, c, key, u, "out_of_range", "a count cannot be negative")
  else if (integer && !Number.isSafeInteger(u))
    failAt(errors, c, key, u, "not_integer", "a count must be a whole number")
  else return u
  return undefined
}

/**
 * The codec of a linear bandit's state of dimension d (`learner.columns.length`): `{ version,
 * gram, moment, responses, positives, at?, events? }`, the arrays of d(d + 1)/2 and d finite
 * numbers. It reports every problem with its path: unknown keys, an unknown version, arrays of the
 * wrong length, entries that are not finite numbers, negative counts (and fractional ones when
 * `integer`), positives above responses, a negative diagonal of the Gram matrix.
 *
 * @example
 * import { LinearBandit } from "nextbest"
 * import * as E from "fp-ts/lib/Either.js"
 * import * as assert from "node:assert"
 *
 * const codec = LinearBandit.stateCodec(2, true)
 * const decoded = codec.decode({ version: 1, gram: [1, "x", -1], moment: [0], responses: 1.5, positives: 0 })
 * assert.ok(E.isLeft(decoded))
 * assert.strictEqual(decoded.left.length, 3) // gram/1, moment (length), responses (not whole)
 *
 * @category codecs
 * @since 0.1.0
 */
export const stateCodec = (d: number, integer: boolean): t.Type<State, unknown, unknown> =>
  new t.Type<State, unknown, unknown>(
    `LinearBanditState<${d}>`,
    (u): u is State =>
      isRecord(u) && u["gram"] instanceof Float64Array && (u["gram"] as Float64Array).length === packedLength(d),
    (u, c) => {
      const errors: Array<t.ValidationError> = []
      if (!isRecord(u)) {
        failHere(errors, c, u, u === undefined ? "required" : "invalid_type", "expected a linear bandit state object")
        return t.failures(errors)
      }
      unknownKeys(errors, c, u, STATE_KEYS, "a linear bandit state")
      if (u["version"] !== STATE_VERSION)
        failAt(
          errors,
          c,
          "version",
          u["version"],
          u["version"] === undefined ? "required" : "unknown_version",
          `unknown snapshot version: expected ${STATE_VERSION}`
        )
      const gram = numbersAt(errors, c, u, "gram", packedLength(d))
      const moment = numbersAt(errors, c, u, "moment", d)
      const responses = amountAt(errors, c, u, "responses", integer)
      const positives = amountAt(errors, c, u, "positives", integer)
      if (responses !== undefined && positives !== undefined && positives > responses)
        failAt(errors, c, "positives", positives, "out_of_range", "positives cannot exceed responses")
      if (gram !== undefined)
        for (let i = 0; i < d; i++) {
          const k = packedIndex(d, i, i)
          if ((gram[k] as number) < 0)
            failAt(
              errors,
              t.appendContext(c, "gram", t.unknown, u["gram"]),
              String(k),
              gram[k],
              "out_of_range",
              "a diagonal entry of XᵀX cannot be negative"
            )
        }
      let at: Instant | null = null
      if (u["at"] !== undefined) {
        const r = epoch.validate(u["at"], t.appendContext(c, "at", epoch, u["at"]))
        if (r._tag === "Left") errors.push(...r.left)
        else at = r.right
      }
      let events = 0
      if (u["events"] !== undefined) events = amountAt(errors, c, u, "events", false) ?? 0
      if (errors.length > 0) return t.failures(errors)
      return t.success({
        gram: gram as Float64Array,
        moment: moment as Float64Array,
        responses: responses as number,
        positives: positives as number,
        at,
        events
      })
    },
    (s) => {
      const out: Record<string, unknown> = {
        version: STATE_VERSION,
        gram: Array.from(s.gram),
        moment: Array.from(s.moment),
        responses: s.responses,
        positives: s.positives
      }
      if (s.at !== null) out["at"] = s.at
      if (s.events !== 0) out["events"] = s.events
      return out
    }
  )
