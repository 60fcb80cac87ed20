/**
 * An external score: the propensity is a number the caller's own model computed and put among the
 * features (e.g. `"context.churnScore"`). The learner only counts responses, so that its evidence
 * and diagnostics are still known, and falls back to a prior when the score is missing.
 *
 * Scoring: a finite feature value is clamped to [0, 1] and used as is (no exploration:
 * `explored = propensity`). A missing or non-numeric value gives the catalog's starting propensity
 * when one is passed, else the Laplace-smoothed rate of the counted responses,
 * `(0.5 + positives) / (1 + positives + negatives)`.
 *
 * Laws: the state is a pair of response counts; `merge` adds them (a commutative monoid with
 * `{0, 0}` as identity, exact on integers); learning `xs` then `ys` equals merging what each
 * taught; `codec` round-trips and accepts whole counts only; `score` never draws from the rng.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import type { Rng } from "../kernel/Random.js"
import { binPropensity } from "./internal/BinStatistics.js"
import { misuse } from "../kernel/internal/misuse.js"
import {
  count as countCodec,
  isRecord,
  pushErrors,
  unknownKeys,
  version as versionCodec
} from "../kernel/internal/codec.js"
import type { Features, Learner, Observation, Prior, Score } from "./Learner.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The responses seen for an externally scored action.
 *
 * @category model
 * @since 0.1.0
 */
export interface State {
  readonly positives: number
  readonly negatives: number
}

/**
 * Options of `externalScore`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  /** the feature key holding the caller's propensity, e.g. `"context.churnScore"` */
  readonly fact: string
}

/**
 * An external-score learner (what `externalScore` returns).
 *
 * @category model
 * @since 0.1.0
 */
export type ExternalScore = Learner<State>

/**
 * The snapshot version written by the codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const STATE_VERSION = 1

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const emptyState: State = { positives: 0, negatives: 0 }

/**
 * A learner that scores with a propensity computed by the caller's own model.
 *
 * @example
 * import { ExternalScore, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const external = ExternalScore.externalScore({ fact: "context.churnScore" })
 * const [score] = external.score(external.empty, { "context.churnScore": 0.27 }, Random.fromSeed(1))
 * assert.deepStrictEqual(score, { propensity: 0.27, explored: 0.27, evidence: 0 })
 *
 * @category constructors
 * @since 0.1.0
 */
export const externalScore = (config: Config): ExternalScore => {
  if (typeof config.fact !== "string" || config.fact.length === 0)
    misuse("ExternalScore.externalScore", "fact must be a non-empty feature key")
  const fact = config.fact
  const score = (state: State, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const value = Object.prototype.hasOwnProperty.call(features, fact) ? features[fact] : undefined
    const evidence = state.positives + state.negatives
    let p: number
    if (typeof value === "number" && Number.isFinite(value)) p = Math.min(1, Math.max(0, value))
    else if (prior !== undefined && Number.isFinite(prior.propensity)) p = Math.min(1, Math.max(0, prior.propensity))
    else p = binPropensity(state.positives, state.negatives)
    return [{ propensity: p, explored: p, evidence }, rng]
  }
  const learn = (s: State, o: Observation): State =>
    o.positive
      ? { positives: s.positives + 1, negatives: s.negatives }
      : { positives: s.positives, negatives: s.negatives + 1 }
  const learnAll = (s: State, os: ReadonlyArray<Observation>): State => {
    let p = 0
    for (const o of os) if (o.positive) p++
    return { positives: s.positives + p, negatives: s.negatives + os.length - p }
  }
  const merge = (x: State, y: State): State => ({
    positives: x.positives + y.positives,
    negatives: x.negatives + y.negatives
  })
  return { name: "external", empty: emptyState, score, learn, learnAll, merge, codec, reads: [fact] }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const raw = t.type({ version: versionCodec(STATE_VERSION), positives: countCodec, negatives: countCodec })

/**
 * The snapshot `{ version: 1, positives, negatives }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<State, unknown, unknown> = new t.Type<State, unknown, unknown>(
  "ExternalScoreState",
  (u): u is State => isRecord(u) && typeof u["positives"] === "number" && typeof u["negatives"] === "number",
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    if (isRecord(u)) unknownKeys(errors, c, u, ["version", "positives", "negatives"], "an external-score state")
    const r = raw.validate(u, c)
    if (r._tag === "Left") pushErrors(errors, r.left)
    return errors.length > 0 || r._tag === "Left"
      ? t.failures(errors)
      : t.success({ positives: r.right.positives, negatives: r.right.negatives })
  },
  (s) => ({ version: STATE_VERSION, positives: s.positives, negatives: s.negatives })
)
