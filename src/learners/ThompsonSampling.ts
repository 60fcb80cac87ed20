/**
 * Thompson sampling with a Beta–Bernoulli posterior: a model is its positive and negative counts,
 * its propensity the posterior mean, and its exploration draw a sample of the posterior
 * `Beta(α0 + positives, β0 + negatives)`, which `score` also returns as `Score.exploration` (when
 * both shapes are positive) so that the draw can be repeated without scoring again.
 *
 * The prior comes, in order, from the learner's configuration (`{ alpha, beta }`, or a starting
 * propensity p0 with a starting evidence n0: `α0 = p0·n0`, `β0 = (1 − p0)·n0`), from the action's
 * catalog prior passed to `score`, or else is the uniform `Beta(1, 1)`.
 *
 * Forgetting (optional) decays the counts exponentially with a half-life, so that a changed world
 * is re-learned:
 * - in time (`{ halfLifeMs }`): the state remembers when it was last updated; learning and merging
 *   first decay every count to the latest of the instants involved, then add;
 * - in events (`{ halfLifeEvents }`): every response multiplies the older counts by
 *   `2^(−1/h)`; the state counts its responses, and merging ages each side by the responses the
 *   other side saw.
 *
 * Laws (checked by the shared learner suite):
 * - `merge` is a commutative monoid with `empty` as identity — exactly on integer counts without
 *   forgetting; up to floating-point rounding with time forgetting; with event forgetting too.
 * - Learning `xs` then `ys` equals `merge` of learning each — exactly without forgetting, up to
 *   rounding with time forgetting. With event forgetting it does not hold: the order of events on
 *   two replicas is not known, and the merge ages both sides symmetrically.
 * - `codec` round-trips; without forgetting it accepts whole counts only.
 * - `score` is deterministic for the same rng; `propensity` and `explored` lie in [0, 1].
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { beta as betaDraw } from "../kernel/Distributions.js"
import type { Rng } from "../kernel/Random.js"
import type { Instant } from "../kernel/Time.js"
import { misuse } from "../kernel/internal/misuse.js"
import {
  count as countCodec,
  epoch as epochCodec,
  isRecord,
  pushErrors,
  unknownKeys,
  version as versionCodec,
  weight as weightCodec
} from "../kernel/internal/codec.js"
import type { Features, Learner, Observation, Prior, Score } from "./Learner.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The state of one Beta–Bernoulli model: (possibly decayed) counts, and the clock of forgetting —
 * the instant of the latest response for time half-lives (`null` before any), the number of
 * responses for event half-lives (0 otherwise).
 *
 * @category model
 * @since 0.1.0
 */
export interface State {
  readonly positives: number
  readonly negatives: number
  readonly at: Instant | null
  readonly events: number
}

/**
 * The Beta prior, given directly or as a starting propensity and the evidence it is worth.
 *
 * @category model
 * @since 0.1.0
 */
export type BetaPrior =
  { readonly alpha: number; readonly beta: number } | { readonly propensity: number; readonly evidence: number }

/**
 * How counts are forgotten.
 *
 * @category model
 * @since 0.1.0
 */
export type Forgetting =
  | { readonly _tag: "Never" }
  | { readonly _tag: "TimeHalfLife"; readonly halfLifeMs: number }
  | { readonly _tag: "EventHalfLife"; readonly halfLifeEvents: number }

/**
 * Options of `thompsonSampling`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  /** the prior; when absent, the action's catalog prior, else Beta(1, 1) */
  readonly prior?: BetaPrior
  /** exponential forgetting with a half-life in milliseconds or in responses */
  readonly halfLife?: { readonly ms: number } | { readonly events: number }
}

/**
 * A Thompson-sampling learner (what `thompsonSampling` returns).
 *
 * @category model
 * @since 0.1.0
 */
export type ThompsonSampling = Learner<State>

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

/**
 * The state with nothing learned.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyState: State = { positives: 0, negatives: 0, at: null, events: 0 }

/**
 * A state from counts (for tests, imports and simulations).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromCounts = (positives: number, negatives: number): State => ({
  positives,
  negatives,
  at: null,
  events: 0
})

/**
 * Never forget.
 *
 * @category constructors
 * @since 0.1.0
 */
export const never: Forgetting = { _tag: "Never" }

/**
 * Forget with a half-life in time.
 *
 * @category constructors
 * @since 0.1.0
 */
export const timeHalfLife = (halfLifeMs: number): Forgetting => ({ _tag: "TimeHalfLife", halfLifeMs })

/**
 * Forget with a half-life in responses.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eventHalfLife = (halfLifeEvents: number): Forgetting => ({ _tag: "EventHalfLife", halfLifeEvents })

/**
 * Pattern match on the forgetting mode.
 *
 * @category destructors
 * @since 0.1.0
 */
export const matchForgetting =
  <R>(cases: {
    readonly Never: () => R
    readonly TimeHalfLife: (halfLifeMs: number) => R
    readonly EventHalfLife: (halfLifeEvents: number) => R
  }) =>
  (f: Forgetting): R => {
    switch (f._tag) {
      case "Never":
        return cases.Never()
      case "TimeHalfLife":
        return cases.TimeHalfLife(f.halfLifeMs)
      case "EventHalfLife":
        return cases.EventHalfLife(f.halfLifeEvents)
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const positiveFinite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x > 0

/**
 * The (α0, β0) of a prior. Throws on an invalid prior: it is a programming mistake.
 *
 * @category operations
 * @since 0.1.0
 */
export const priorShape = (prior: BetaPrior, api = "ThompsonSampling.priorShape"): readonly [number, number] => {
  if ("alpha" in prior) {
    if (!positiveFinite(prior.alpha) || !positiveFinite(prior.beta))
      misuse(api, `prior alpha and beta must be positive finite numbers`)
    return [prior.alpha, prior.beta]
  }
  const { propensity: p, evidence: n } = prior
  if (!(typeof p === "number" && p >= 0 && p <= 1) || !(typeof n === "number" && Number.isFinite(n) && n >= 0)) {
    misuse(api, `prior propensity must lie in [0, 1] and evidence be a non-negative finite number`)
  }
  return [p * n, (1 - p) * n]
}

const catalogShape = (prior: Prior): readonly [number, number] => {
  const p = Number.isFinite(prior.propensity) ? Math.min(1, Math.max(0, prior.propensity)) : 0.5
  const n = Number.isFinite(prior.evidence) && prior.evidence > 0 ? prior.evidence : 0
  return [p * n, (1 - p) * n]
}

/**
 * The posterior mean `α / (α + β)` (0.5 when both are 0).
 *
 * @category operations
 * @since 0.1.0
 */
export const posteriorMean = (alpha: number, beta: number): number => (alpha + beta > 0 ? alpha / (alpha + beta) : 0.5)

const forgettingOf = (config: Config): Forgetting => {
  const h = config.halfLife
  if (h === undefined) return never
  if ("ms" in h) {
    if (!positiveFinite(h.ms))
      misuse("ThompsonSampling.thompsonSampling", "halfLife.ms must be a positive finite number")
    return timeHalfLife(h.ms)
  }
  if (!positiveFinite(h.events))
    misuse("ThompsonSampling.thompsonSampling", "halfLife.events must be a positive finite number")
  return eventHalfLife(h.events)
}

const decayTo = (s: State, to: Instant, halfLifeMs: number): State => {
  if (s.at === null) return { ...s, at: to }
  if (s.at >= to) return s
  const f = Math.pow(2, -(to - s.at) / halfLifeMs)
  return { positives: s.positives * f, negatives: s.negatives * f, at: to, events: s.events }
}

const add = (x: State, y: State): State => ({
  positives: x.positives + y.positives,
  negatives: x.negatives + y.negatives,
  at: x.at === null ? y.at : y.at === null ? x.at : Math.max(x.at, y.at),
  events: x.events + y.events
})

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const STATE_KEYS = ["version", "positives", "negatives", "at", "events"]

const stateCodec = (integer: boolean): t.Type<State, unknown, unknown> => {
  const c = integer ? countCodec : weightCodec
  const required = t.type({ version: versionCodec(STATE_VERSION), positives: c, negatives: c })
  const optional = t.partial({ at: epochCodec, events: weightCodec })
  const raw = t.intersection([required, optional])
  return new t.Type<State, unknown, unknown>(
    integer ? "ThompsonState" : "ThompsonState<decayed>",
    (u): u is State =>
      isRecord(u) &&
      typeof u["positives"] === "number" &&
      typeof u["negatives"] === "number" &&
      "at" in u &&
      typeof u["events"] === "number",
    (u, ctx) => {
      // validate as the intersection itself, so that its members do not appear in paths
      const last = ctx[ctx.length - 1]
      const r = raw.validate(u, last === undefined ? ctx : [...ctx.slice(0, -1), { ...last, type: raw }])
      const errors: Array<t.ValidationError> = []
      if (isRecord(u)) unknownKeys(errors, ctx, u, STATE_KEYS, "a Thompson-sampling state")
      if (r._tag === "Left") pushErrors(errors, r.left)
      if (errors.length > 0 || r._tag === "Left") return t.failures(errors)
      const v = r.right
      return t.success({ positives: v.positives, negatives: v.negatives, at: v.at ?? null, events: v.events ?? 0 })
    },
    (s) => {
      const out: Record<string, unknown> = { version: STATE_VERSION, positives: s.positives, negatives: s.negatives }
      if (s.at !== null) out["at"] = s.at
      if (s.events !== 0) out["events"] = s.events
      return out
    }
  )
}

/**
 * The codec of a Thompson state, for any configuration: it accepts decayed (fractional) counts.
 * A learner's own `codec` is stricter without forgetting: it accepts whole counts only.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<State, unknown, unknown> = stateCodec(false)

/**
 * A Thompson-sampling learner.
 *
 * @example
 * import { Random, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const ts = ThompsonSampling.thompsonSampling({ prior: { propensity: 0.1, evidence: 10 } })
 * const s = ts.learnAll(ts.empty, [
 *   { features: {}, positive: true, at: 0 },
 *   { features: {}, positive: false, at: 0 }
 * ])
 * const [score] = ts.score(s, {}, Random.fromSeed("decision-1"))
 * assert.strictEqual(score.propensity, 2 / 12) // Beta(1 + 1, 9 + 1)
 * assert.strictEqual(score.evidence, 2)
 * assert.ok(score.explored >= 0 && score.explored <= 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const thompsonSampling = (config: Config = {}): ThompsonSampling => {
  const forgetting = forgettingOf(config)
  const configured = config.prior === undefined ? null : priorShape(config.prior, "ThompsonSampling.thompsonSampling")

  const score = (state: State, _features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const [a0, b0] = configured ?? (prior === undefined ? [1, 1] : catalogShape(prior))
    const alpha = a0 + state.positives
    const beta = b0 + state.negatives
    const [explored, next] = betaDraw(rng, alpha, beta)
    const propensity = posteriorMean(alpha, beta)
    const evidence = state.positives + state.negatives
    // a proper posterior is the exploration distribution; a degenerate one (a zero shape) draws a constant
    return [
      alpha > 0 && beta > 0
        ? { propensity, explored, evidence, exploration: { alpha, beta } }
        : { propensity, explored, evidence },
      next
    ]
  }

  const learn = matchForgetting<(s: State, o: Observation) => State>({
    Never: () => (s, o) => (o.positive ? { ...s, positives: s.positives + 1 } : { ...s, negatives: s.negatives + 1 }),
    TimeHalfLife: (h) => (s, o) => {
      const to = s.at === null ? o.at : Math.max(s.at, o.at)
      const d = decayTo(s, to, h)
      const w = Math.pow(2, -(to - o.at) / h)
      return o.positive ? { ...d, positives: d.positives + w } : { ...d, negatives: d.negatives + w }
    },
    EventHalfLife: (h) => {
      const f = Math.pow(2, -1 / h)
      return (s, o) => ({
        positives: s.positives * f + (o.positive ? 1 : 0),
        negatives: s.negatives * f + (o.positive ? 0 : 1),
        at: null,
        events: s.events + 1
      })
    }
  })(forgetting)

  const learnAll = matchForgetting<(s: State, os: ReadonlyArray<Observation>) => State>({
    Never: () => (s, os) => {
      let p = 0
      for (const o of os) if (o.positive) p++
      return p === 0 && os.length === 0
        ? s
        : { ...s, positives: s.positives + p, negatives: s.negatives + (os.length - p) }
    },
    TimeHalfLife: () => (s, os) => {
      let current = s
      for (const o of os) current = learn(current, o)
      return current
    },
    EventHalfLife: () => (s, os) => {
      let current = s
      for (const o of os) current = learn(current, o)
      return current
    }
  })(forgetting)

  const merge = matchForgetting<(x: State, y: State) => State>({
    Never: () => add,
    TimeHalfLife: (h) => (x, y) => {
      if (x.at === null) return y.at === null ? add(x, y) : add(decayTo(x, y.at, h), y)
      if (y.at === null) return add(x, decayTo(y, x.at, h))
      const to = Math.max(x.at, y.at)
      return add(decayTo(x, to, h), decayTo(y, to, h))
    },
    EventHalfLife: (h) => (x, y) => {
      const fx = Math.pow(2, -y.events / h)
      const fy = Math.pow(2, -x.events / h)
      return {
        positives: x.positives * fx + y.positives * fy,
        negatives: x.negatives * fx + y.negatives * fy,
        at: null,
        events: x.events + y.events
      }
    }
  })(forgetting)

  return {
    name: "thompson",
    empty: emptyState,
    score,
    learn,
    learnAll,
    merge,
    codec: stateCodec(forgetting._tag === "Never"),
    reads: []
  }
}
