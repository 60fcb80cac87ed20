/**
 * Internal: the io-ts codec of a naive Bayes state for one configuration (the JSON snapshot,
 * version `STATE_VERSION`), reporting every problem with its path.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure } from "../../../kernel/DecodeError.js"
import {
  count as countCodec,
  epoch as epochCodec,
  finiteNumber as finiteCodec,
  isRecord,
  pushErrors,
  unknownKeys,
  version as versionCodec,
  weight as weightCodec
} from "../../../kernel/internal/codec.js"
import type { Keyer } from "./config.js"
import {
  STATE_VERSION,
  ZERO,
  type ClassifierCounts,
  type Config,
  type Counts,
  type PredictorCounts,
  type State
} from "./model.js"

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

/** positives and negatives at indexes `at`, `at + 1` of the path */
const countsCodec = (c: t.Context, u: unknown, errors: t.Errors, weights: boolean, at = 0): Counts => {
  const codec = weights ? weightCodec : countCodec
  if (!Array.isArray(u) || u.length !== 2) {
    const r = failure<never>(u, c, u === undefined ? "required" : "invalid_type", "expected [positives, negatives]")
    if (E.isLeft(r)) pushErrors(errors, r.left)
    return ZERO
  }
  const p = codec.validate(u[0], t.appendContext(c, String(at), codec, u[0]))
  const n = codec.validate(u[1], t.appendContext(c, String(at + 1), codec, u[1]))
  if (E.isLeft(p)) pushErrors(errors, p.left)
  if (E.isLeft(n)) pushErrors(errors, n.left)
  return E.isRight(p) && E.isRight(n)
    ? p.right === 0 && n.right === 0
      ? ZERO
      : { positives: p.right, negatives: n.right }
    : ZERO
}

/** adds a validation's errors, if any */
export const push = (errors: t.Errors, r: t.Validation<unknown>): void => {
  if (E.isLeft(r)) pushErrors(errors, r.left)
}

/** the codec of a state for one configuration (`keyers`: which bin keys each predictor can have) */
export const stateCodec = (
  config: Config,
  keyers: ReadonlyMap<string, Keyer>,
  weights = false
): t.Type<State, unknown, unknown> =>
  new t.Type<State, unknown, unknown>(
    "State",
    (u): u is State => isRecord(u) && u["predictors"] instanceof Map,
    (u, c) => {
      if (!isRecord(u))
        return failure(u, c, u === undefined ? "required" : "invalid_type", "expected a naive Bayes state object")
      const errors: t.Errors = []
      push(
        errors,
        versionCodec(STATE_VERSION).validate(u["version"], t.appendContext(c, "version", t.unknown, u["version"]))
      )
      const total = weights ? weightCodec : countCodec
      const P = total.validate(u["positives"], t.appendContext(c, "positives", total, u["positives"]))
      const N = total.validate(u["negatives"], t.appendContext(c, "negatives", total, u["negatives"]))
      push(errors, P)
      push(errors, N)
      // the stamp of forgetting (only with a half-life)
      const rawAt = u["at"]
      const At =
        rawAt === undefined ? undefined : epochCodec.validate(rawAt, t.appendContext(c, "at", epochCodec, rawAt))
      if (At !== undefined) push(errors, At)
      for (const key of Object.keys(u)) {
        if (
          ![
            "version",
            "positives",
            "negatives",
            "predictors",
            "scores",
            "classifier",
            ...(weights ? ["at"] : [])
          ].includes(key)
        ) {
          push(
            errors,
            failure(
              u[key],
              t.appendContext(c, key, t.unknown, u[key]),
              "unknown_key",
              `unknown key "${key}" in a naive Bayes state`
            )
          )
        }
      }
      const predictors = new Map<string, PredictorCounts>()
      const rawPredictors = u["predictors"]
      const pcx = t.appendContext(c, "predictors", t.unknown, rawPredictors)
      if (!isRecord(rawPredictors)) {
        push(
          errors,
          failure(
            rawPredictors,
            pcx,
            rawPredictors === undefined ? "required" : "invalid_type",
            "expected an object of predictor counts by name"
          )
        )
      } else {
        for (const name of Object.keys(rawPredictors)) {
          const raw = rawPredictors[name]
          const px = t.appendContext(pcx, name, t.unknown, raw)
          const keyer = keyers.get(name)
          if (keyer === undefined) {
            push(errors, failure(raw, px, "unknown_key", `no predictor "${name}" in this model's configuration`))
            continue
          }
          if (!isRecord(raw)) {
            push(errors, failure(raw, px, "invalid_type", "expected { missing, residual, bins }"))
            continue
          }
          unknownKeys(errors, px, raw, ["missing", "residual", "bins"], "a predictor's counts")
          const missing = countsCodec(
            t.appendContext(px, "missing", t.unknown, raw["missing"]),
            raw["missing"],
            errors,
            weights
          )
          const residual = countsCodec(
            t.appendContext(px, "residual", t.unknown, raw["residual"]),
            raw["residual"],
            errors,
            weights
          )
          const bins = new Map<string, Counts>()
          const rawBins = raw["bins"]
          const bx = t.appendContext(px, "bins", t.unknown, rawBins)
          if (!Array.isArray(rawBins)) {
            push(
              errors,
              failure(
                rawBins,
                bx,
                rawBins === undefined ? "required" : "invalid_type",
                "expected an array of [key, positives, negatives]"
              )
            )
          } else {
            rawBins.forEach((entry: unknown, i) => {
              const ex = t.appendContext(bx, String(i), t.unknown, entry)
              if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== "string") {
                push(
                  errors,
                  failure(entry, ex, "invalid_type", "expected [key, positives, negatives] with a string key")
                )
                return
              }
              const key = entry[0] as string
              if (!keyer.validKey(key)) {
                push(
                  errors,
                  failure(
                    key,
                    t.appendContext(ex, "0", t.unknown, key),
                    "invalid_value",
                    `"${key}" is not a bin key of this predictor`
                  )
                )
                return
              }
              if (bins.has(key)) {
                push(
                  errors,
                  failure(
                    key,
                    t.appendContext(ex, "0", t.unknown, key),
                    "duplicate_id",
                    `bin key "${key}" appears twice`
                  )
                )
                return
              }
              const counts = countsCodec(ex, [entry[1], entry[2]], errors, weights, 1)
              if (counts.positives + counts.negatives > 0) bins.set(key, counts)
            })
          }
          predictors.set(name, { missing, residual, bins })
        }
      }
      const scores = new Map<number, Counts>()
      const rawScores = u["scores"]
      if (rawScores !== undefined) {
        const sx = t.appendContext(c, "scores", t.unknown, rawScores)
        if (!Array.isArray(rawScores))
          push(errors, failure(rawScores, sx, "invalid_type", "expected an array of [bucket, positives, negatives]"))
        else {
          rawScores.forEach((entry: unknown, i) => {
            const ex = t.appendContext(sx, String(i), t.unknown, entry)
            if (!Array.isArray(entry) || entry.length !== 3) {
              push(errors, failure(entry, ex, "invalid_type", "expected [bucket, positives, negatives]"))
              return
            }
            const key: unknown = entry[0]
            const kx = t.appendContext(ex, "0", t.unknown, key)
            const kr = finiteCodec.validate(key, kx)
            if (E.isLeft(kr)) {
              push(errors, kr)
              return
            }
            if (!Number.isSafeInteger(kr.right)) {
              push(errors, failure(key, kx, "not_integer", "a score bucket is a whole number"))
              return
            }
            if (scores.has(kr.right)) {
              push(errors, failure(key, kx, "duplicate_id", `score bucket ${kr.right} appears twice`))
              return
            }
            const counts = countsCodec(ex, [entry[1], entry[2]], errors, weights, 1)
            if (counts.positives + counts.negatives > 0) scores.set(kr.right, counts)
          })
        }
      }
      let classifier: ClassifierCounts | null = null
      const rawClassifier = u["classifier"]
      if (rawClassifier !== undefined && rawClassifier !== null) {
        const cx = t.appendContext(c, "classifier", t.unknown, rawClassifier)
        const shape = t.type({
          bounds: t.array(finiteCodec),
          positives: t.array(weightCodec),
          negatives: t.array(weightCodec)
        })
        if (isRecord(rawClassifier))
          unknownKeys(errors, cx, rawClassifier, ["bounds", "positives", "negatives"], "a classifier")
        const r = shape.validate(rawClassifier, cx)
        if (E.isLeft(r)) pushErrors(errors, r.left)
        else {
          const { bounds, positives, negatives } = r.right
          let ok = true
          for (let i = 1; i < bounds.length; i++) if ((bounds[i] as number) <= (bounds[i - 1] as number)) ok = false
          if (!ok)
            push(
              errors,
              failure(
                bounds,
                t.appendContext(cx, "bounds", t.unknown, bounds),
                "invalid_value",
                "classifier bounds must be strictly increasing"
              )
            )
          if (positives.length !== bounds.length + 1 || negatives.length !== bounds.length + 1) {
            ok = false
            push(
              errors,
              failure(
                rawClassifier,
                cx,
                "invalid_value",
                "a classifier with m bounds has m + 1 positives and m + 1 negatives"
              )
            )
          }
          if (ok) classifier = { bounds, positives, negatives }
        }
      }
      if (errors.length > 0) return t.failures(errors)
      const state: State = {
        positives: P._tag === "Right" ? P.right : 0,
        negatives: N._tag === "Right" ? N.right : 0,
        predictors,
        scores,
        classifier
      }
      return t.success(At !== undefined && At._tag === "Right" ? { ...state, at: At.right } : state)
    },
    (s) => {
      const predictors: Record<string, unknown> = {}
      for (const p of config.predictors) {
        const pc = s.predictors.get(p.name)
        if (pc === undefined) continue
        const numericKeys = p.type === "numeric" || p.bins !== undefined
        const keys = Array.from(pc.bins.keys()).sort(
          numericKeys ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0)
        )
        Object.defineProperty(predictors, p.name, {
          value: {
            missing: [pc.missing.positives, pc.missing.negatives],
            residual: [pc.residual.positives, pc.residual.negatives],
            bins: keys.map((k) => {
              const c = pc.bins.get(k) as Counts
              return [k, c.positives, c.negatives]
            })
          },
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
      const scores = Array.from(s.scores.keys())
        .sort((a, b) => a - b)
        .map((k) => {
          const c = s.scores.get(k) as Counts
          return [k, c.positives, c.negatives]
        })
      const out: Record<string, unknown> = {
        version: STATE_VERSION,
        positives: s.positives,
        negatives: s.negatives,
        predictors,
        scores
      }
      if (s.at !== undefined) out["at"] = s.at
      if (s.classifier !== null)
        out["classifier"] = {
          bounds: [...s.classifier.bounds],
          positives: [...s.classifier.positives],
          negatives: [...s.classifier.negatives]
        }
      return out
    }
  )
