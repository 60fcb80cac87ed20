/**
 * Linear contextual bandits: linear Thompson sampling and LinUCB, learned from sufficient
 * statistics so that replicas merge exactly.
 *
 * The model: the response (1 for a positive, 0 otherwise) is linear in a feature vector `x` — an
 * intercept and the columns of the learner's feature map (`numeric`, `symbolic`, `cross`; see
 * `Term`) — with a ridge (Gaussian) prior. A state holds only sums: `XᵀX` (the Gram matrix, its
 * upper triangle packed), `Xᵀy`, the number of responses and of positives (each possibly
 * decayed). From them, at scoring time:
 * - `A = Λ + XᵀX` with `Λ = λ·I` (`ridge`, default 1) plus the prior's evidence `n0` on the
 *   intercept, and `b = Xᵀy + Λ·μ0` with `μ0 = (p0, 0, …, 0)`: the prior puts the intercept at the
 *   starting propensity p0 and every other coefficient at 0;
 * - the posterior mean `μ = A⁻¹·b` (a Cholesky solve), the estimate `x·μ`;
 * - the width `σ·‖L⁻¹x‖ = σ·√(xᵀA⁻¹x)` (L the Cholesky factor of A), σ the response noise: `noise`
 *   when configured, else the Bernoulli standard deviation `√(p̄(1 − p̄))` of the smoothed response
 *   rate `p̄ = (positives + p0·n0 + 1) / (responses + n0 + 2)`;
 * - linear Thompson sampling (`linearThompson`) explores with a draw of the posterior of `x·θ`,
 *   `x·μ + v·σ·‖L⁻¹x‖·z` with z standard normal (exact for one model and one vector: one normal
 *   draw), v the `exploration` scale (default 1); LinUCB (`linUcb`) with the upper bound
 *   `x·μ + α·σ·‖L⁻¹x‖`, α the `exploration` (default 1). With `noise: 1` this is the LinUCB of Li
 *   et al. (2010), `x·μ + α·√(xᵀA⁻¹x)`.
 * `Score.propensity` is the estimate and `Score.explored` the draw or the bound, both clamped to
 * [0, 1]; `evidence` is the number of responses; LinUCB's scores are `deterministic` (no draw), so
 * a greedy decision over them records selection probability 1.
 *
 * Priors (cold start): the starting propensity and its evidence come from the configuration
 * (`prior`), else from the action's catalog prior passed to `score`, else p0 = 0.5 with no
 * evidence (only the ridge holds the intercept).
 *
 * Models per key and a shared model: in `Models` each model key (action × channel) has its own
 * state — the disjoint LinUCB of Li et al. A shared model (Vowpal Wabbit's ADF style) is one
 * state over subject features crossed with action features (`adf`): learn it with observations
 * whose features carry the action's attributes (`action.<name>`), and score a set of actions with
 * `scoreActions`, one posterior draw for all of them.
 *
 * Dimensionality: at most `MAX_DIMENSION` (128) columns, the intercept included; a state holds
 * d(d + 3)/2 + 2 numbers, learning one response costs O(d²), scoring O(d²) once the state's
 * Cholesky factor is computed (O(d³), once per state and prior, cached). Wide sparse profiles
 * (hundreds of attributes) need feature hashing and a diagonal model instead.
 *
 * Numerical behaviour: A is positive definite whenever the ridge is positive, whatever the data
 * (a rank-deficient `XᵀX` — fewer independent responses than columns, a level never seen, two
 * identical columns — is regularised by the ridge: the unseen directions keep their prior). When
 * rounding makes a pivot non-positive, the Cholesky factor is computed with a jitter on the
 * diagonal (from 1e-10 of the largest diagonal entry, ×10 up to 10 times); a state with which
 * none succeeds (non-finite statistics) scores the starting propensity, without exploration.
 *
 * Forgetting (optional), as Thompson sampling's: a half-life in time (`{ ms }`: statistics decay to
 * the latest response time the state learned, then each response adds with its own weight) or in
 * responses (`{ events }`: every response multiplies the older statistics by `2^(−1/h)`).
 *
 * Laws (checked by the shared learner suite): `merge` adds the statistics — a commutative monoid
 * with `empty` as identity, exactly where the sums are exact (integer-valued columns: numeric
 * features with whole values, centre 0 and scale 1, symbolic features and their crosses); learning
 * `xs` then `ys` equals merging what each taught, exactly on the same domain (up to rounding with
 * time forgetting; not with event forgetting, whose merge ages both sides symmetrically);
 * `learnAll` equals folding `learn`; the codec round-trips; `score` is deterministic for the same
 * rng and its propensities lie in [0, 1].
 *
 * @since 0.1.0
 */
import { standardNormalZiggurat as normal } from "../kernel/internal/ziggurat.js"
import { isRecord } from "../kernel/internal/codec.js"
import { misuse } from "../kernel/internal/misuse.js"
import type { Rng } from "../kernel/Random.js"
import type { Instant } from "../kernel/Time.js"
import {
  blockedLower,
  blockedMeanAndNorm,
  cholesky,
  packedIndex,
  packedLength,
  solve,
  solveLower,
  solveUpper
} from "./internal/linalg.js"
import {
  columnNames,
  dimensionOf,
  encoderOf,
  readsOf,
  vectorOf,
  type Encoder,
  type Term,
  type Vector
} from "./internal/linearFeatures.js"
import { stateCodec, type State } from "./internal/linearState.js"
import type { Features, Learner, Observation, Prior, Score } from "./Learner.js"

export type { Term } from "./internal/linearFeatures.js"
export type { State } from "./internal/linearState.js"
export { STATE_VERSION, stateCodec } from "./internal/linearState.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of `linearThompson` and `linUcb`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  /** the feature map: an intercept and these terms' columns, at most `MAX_DIMENSION` in all */
  readonly features: ReadonlyArray<Term>
  /** the ridge λ, the prior precision of every coefficient (default 1; must be positive) */
  readonly ridge?: number
  /**
   * the starting propensity p0 of the intercept and the evidence n0 it is worth (default: the
   * catalog's prior, else 0.5 with none)
   */
  readonly prior?: { readonly propensity: number; readonly evidence: number }
  /** v (Thompson) or α (UCB): the width of exploration in posterior standard deviations (default 1) */
  readonly exploration?: number
  /** the response noise σ (default: estimated, the Bernoulli sd of the smoothed response rate) */
  readonly noise?: number
  /** exponential forgetting with a half-life in milliseconds or in responses */
  readonly halfLife?: { readonly ms: number } | { readonly events: number }
}

/**
 * The estimate of one model for one feature vector, unclamped: `mean = x·μ`, `width = σ·‖L⁻¹x‖`,
 * `upper = mean + α·width` (LinUCB's index; with Thompson sampling, the mean plus v widths),
 * and the noise σ and jitter used.
 *
 * @category model
 * @since 0.1.0
 */
export interface Estimate {
  readonly mean: number
  readonly width: number
  readonly upper: number
  readonly noise: number
  /** what was added to A's diagonal to factor it (0 normally); NaN when it could not be factored */
  readonly jitter: number
}

/**
 * One coefficient of the posterior: its column, mean and standard deviation `σ·√((A⁻¹)ᵢᵢ)`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Coefficient {
  readonly column: string
  readonly mean: number
  readonly sd: number
}

/**
 * A linear bandit learner: a `Learner` with its configuration, its kind, its columns, and
 * inspection (`estimate`, `coefficients`, `vector`) and shared-model scoring (`scoreActions`).
 *
 * @category model
 * @since 0.1.0
 */
export interface LinearBandit extends Learner<State> {
  readonly kind: "thompson" | "ucb"
  readonly config: Config
  /** the column names, the intercept first (their number is the dimension) */
  readonly columns: ReadonlyArray<string>
  /** the feature vector the model reads from a decision's features */
  readonly vector: (features: Features) => ReadonlyArray<number>
  /** the unclamped estimate, width and upper bound for one decision's features */
  readonly estimate: (state: State, features: Features, prior?: Prior) => Estimate
  /** the posterior of every coefficient */
  readonly coefficients: (state: State, prior?: Prior) => ReadonlyArray<Coefficient>
  /**
   * Scores several actions of a shared model: each action's features are added to the
   * subject's (`{ ...features, ...action }`); Thompson sampling draws one coefficient vector from
   * the posterior for all of them (d normal draws), LinUCB gives each its bound.
   */
  readonly scoreActions: (
    state: State,
    features: Features,
    actions: ReadonlyArray<Features>,
    rng: Rng,
    prior?: Prior
  ) => readonly [ReadonlyArray<Score>, Rng]
}

/**
 * The most columns (intercept included) a linear model may have.
 *
 * @category constants
 * @since 0.1.0
 */
export const MAX_DIMENSION = 128

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A numeric term: one column `(v − center) / scale` (defaults 0 and 1); missing values are 0.
 *
 * @category constructors
 * @since 0.1.0
 */
export const numeric = (name: string, options: { readonly center?: number; readonly scale?: number } = {}): Term => ({
  _tag: "Numeric",
  name,
  center: options.center ?? 0,
  scale: options.scale ?? 1
})

/**
 * A symbolic term: one indicator column per level; other and missing values are the reference (all 0).
 *
 * @category constructors
 * @since 0.1.0
 */
export const symbolic = (name: string, levels: ReadonlyArray<string>): Term => ({ _tag: "Symbolic", name, levels })

/**
 * An interaction: the products of every column of `left` with every column of `right`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const cross = (left: Term, right: Term): Term => ({ _tag: "Cross", left, right })

/**
 * The feature map of a shared model in Vowpal Wabbit's ADF style: the subject terms, the action
 * terms, and every subject term crossed with every action term.
 *
 * @example
 * import { LinearBandit } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const terms = LinearBandit.adf(
 *   [LinearBandit.numeric("subject.age", { center: 40, scale: 10 })],
 *   [LinearBandit.symbolic("action.kind", ["card", "loan"])]
 * )
 * const learner = LinearBandit.linUcb({ features: terms })
 * assert.deepStrictEqual(learner.columns, [
 *   "(intercept)",
 *   "subject.age",
 *   "action.kind=card",
 *   "action.kind=loan",
 *   "subject.age×action.kind=card",
 *   "subject.age×action.kind=loan"
 * ])
 * assert.deepStrictEqual(learner.vector({ "subject.age": 50, "action.kind": "loan" }), [1, 1, 0, 1, 0, 1])
 *
 * @category constructors
 * @since 0.1.0
 */
export const adf = (subject: ReadonlyArray<Term>, action: ReadonlyArray<Term>): ReadonlyArray<Term> => [
  ...subject,
  ...action,
  ...subject.flatMap((s) => action.map((a) => cross(s, a)))
]

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const positiveFinite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x > 0

const checkTerm = (api: string, term: Term): void => {
  switch (term._tag) {
    case "Numeric":
      if (typeof term.name !== "string" || term.name.length === 0) misuse(api, "a feature name must be non-empty")
      if (!(typeof term.center === "number" && Number.isFinite(term.center)))
        misuse(api, `feature "${term.name}": center must be a finite number`)
      if (!positiveFinite(term.scale)) misuse(api, `feature "${term.name}": scale must be a positive finite number`)
      return
    case "Symbolic":
      if (typeof term.name !== "string" || term.name.length === 0) misuse(api, "a feature name must be non-empty")
      if (!Array.isArray(term.levels) || term.levels.length === 0 || !term.levels.every((l) => typeof l === "string"))
        misuse(api, `feature "${term.name}": levels must be a non-empty list of strings`)
      if (new Set(term.levels).size !== term.levels.length) misuse(api, `feature "${term.name}": duplicate level`)
      return
    case "Cross":
      checkTerm(api, term.left)
      checkTerm(api, term.right)
  }
}

interface Settings {
  readonly d: number
  readonly ridge: number
  readonly prior: { readonly propensity: number; readonly evidence: number } | undefined
  readonly exploration: number
  readonly noise: number | undefined
  readonly forgetting: Forgetting
}

type Forgetting =
  | { readonly _tag: "Never" }
  | { readonly _tag: "Time"; readonly halfLifeMs: number }
  | { readonly _tag: "Events"; readonly halfLifeEvents: number }

const settingsOf = (api: string, config: Config): Settings => {
  if (!isRecord(config) || !Array.isArray(config.features)) misuse(api, "config.features must be a list of terms")
  config.features.forEach((term) => checkTerm(api, term))
  const d = dimensionOf(config.features)
  if (d > MAX_DIMENSION)
    misuse(api, `the feature map has ${d} columns (intercept included); at most ${MAX_DIMENSION} are supported`)
  const ridge = config.ridge ?? 1
  if (!positiveFinite(ridge)) misuse(api, "ridge must be a positive finite number")
  const exploration = config.exploration ?? 1
  if (!(typeof exploration === "number" && Number.isFinite(exploration) && exploration >= 0))
    misuse(api, "exploration must be a non-negative finite number")
  if (config.noise !== undefined && !positiveFinite(config.noise)) misuse(api, "noise must be a positive finite number")
  const p = config.prior
  if (
    p !== undefined &&
    !(
      typeof p.propensity === "number" &&
      p.propensity >= 0 &&
      p.propensity <= 1 &&
      typeof p.evidence === "number" &&
      Number.isFinite(p.evidence) &&
      p.evidence >= 0
    )
  )
    misuse(api, "prior propensity must lie in [0, 1] and evidence be a non-negative finite number")
  const h = config.halfLife
  let forgetting: Forgetting = { _tag: "Never" }
  if (h !== undefined) {
    if ("ms" in h) {
      if (!positiveFinite(h.ms)) misuse(api, "halfLife.ms must be a positive finite number")
      forgetting = { _tag: "Time", halfLifeMs: h.ms }
    } else {
      if (!positiveFinite(h.events)) misuse(api, "halfLife.events must be a positive finite number")
      forgetting = { _tag: "Events", halfLifeEvents: h.events }
    }
  }
  return { d, ridge, prior: p, exploration, noise: config.noise, forgetting }
}

/** the state with nothing learned, of dimension d */
const emptyOf = (d: number): State => ({
  gram: new Float64Array(packedLength(d)),
  moment: new Float64Array(d),
  responses: 0,
  positives: 0,
  at: null,
  events: 0
})

const scaled = (s: State, f: number, at: Instant | null, events: number): State => {
  if (f === 1) return { ...s, at, events }
  const gram = new Float64Array(s.gram.length)
  for (let i = 0; i < gram.length; i++) gram[i] = (s.gram[i] as number) * f
  const moment = new Float64Array(s.moment.length)
  for (let i = 0; i < moment.length; i++) moment[i] = (s.moment[i] as number) * f
  return { gram, moment, responses: s.responses * f, positives: s.positives * f, at, events }
}

const add = (x: State, y: State, at: Instant | null, events: number): State => {
  const gram = new Float64Array(x.gram.length)
  for (let i = 0; i < gram.length; i++) gram[i] = (x.gram[i] as number) + (y.gram[i] as number)
  const moment = new Float64Array(x.moment.length)
  for (let i = 0; i < moment.length; i++) moment[i] = (x.moment[i] as number) + (y.moment[i] as number)
  return { gram, moment, responses: x.responses + y.responses, positives: x.positives + y.positives, at, events }
}

const laterOf = (x: Instant | null, y: Instant | null): Instant | null =>
  x === null ? y : y === null ? x : Math.max(x, y)

/** a mutable copy of a state's statistics, for learning many responses */
interface Accumulator {
  gram: Float64Array
  moment: Float64Array
  responses: number
  positives: number
}

const accumulate = (acc: Accumulator, x: Vector, d: number, y: number, w: number): void => {
  const gram = acc.gram
  let k = 0
  for (let i = 0; i < d; i++) {
    const wi = w * (x[i] as number)
    if (wi === 0) {
      k += d - i
      continue
    }
    for (let j = i; j < d; j++) {
      gram[k] = (gram[k] as number) + wi * (x[j] as number)
      k++
    }
    if (y !== 0) acc.moment[i] = (acc.moment[i] as number) + wi * y
  }
  acc.responses += w
  acc.positives += w * y
}

// the posterior of a state under a prior: A's Cholesky factor L, its inverse, the mean μ and the noise σ
interface Posterior {
  readonly p0: number
  readonly n0: number
  readonly lower: Float64Array | undefined
  /**
   * L⁻¹'s lower triangle in the order in which `blockedMeanAndNorm` reads it (`blockedLower`);
   * the width is ‖L⁻¹x‖
   */
  readonly inverse: Vector
  readonly jitter: number
  readonly mean: Vector
  readonly noise: number
}

const priorOf = (s: Settings, prior: Prior | undefined): readonly [number, number] => {
  if (s.prior !== undefined) return [s.prior.propensity, s.prior.evidence]
  if (prior === undefined) return [0.5, 0]
  const p = Number.isFinite(prior.propensity) ? Math.min(1, Math.max(0, prior.propensity)) : 0.5
  const n = Number.isFinite(prior.evidence) && prior.evidence > 0 ? prior.evidence : 0
  return [p, n]
}

const posteriorOf = (s: Settings, state: State, p0: number, n0: number): Posterior => {
  const d = s.d
  const a = new Float64Array(state.gram)
  for (let i = 0; i < d; i++) a[packedIndex(d, i, i)] = (a[packedIndex(d, i, i)] as number) + s.ridge
  a[0] = (a[0] as number) + n0
  const b = new Float64Array(state.moment)
  b[0] = (b[0] as number) + (s.ridge + n0) * p0
  const rate = (state.positives + p0 * n0 + 1) / (state.responses + n0 + 2)
  const noise = s.noise ?? Math.sqrt(rate * (1 - rate))
  const factor = cholesky(a, d)
  if (factor === undefined)
    return {
      p0,
      n0,
      lower: undefined,
      inverse: vectorOf(0),
      jitter: Number.NaN,
      mean: vectorOf(d),
      noise
    }
  // L⁻¹ column by column: L·c = eⱼ, packed by rows (its entries above the diagonal are 0)
  const rows = new Float64Array(packedLength(d))
  const e = new Float64Array(d)
  const c = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    e.fill(0)
    e[j] = 1
    solveLower(factor.lower, d, e, c)
    for (let i = j; i < d; i++) rows[(i * (i + 1)) / 2 + j] = c[i] as number
  }
  const mean = vectorOf(d)
  solve(factor.lower, d, b).forEach((m, i) => (mean[i] = m))
  return { p0, n0, lower: factor.lower, inverse: blockedLower(rows, d), jitter: factor.jitter, mean, noise }
}

const clamp = (x: number): number => (x >= 0 ? (x <= 1 ? x : 1) : 0)

/**
 * Linear Thompson sampling (see the module header).
 *
 * @example
 * import { LinearBandit, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const learner = LinearBandit.linearThompson({
 *   features: [LinearBandit.symbolic("subject.segment", ["student", "family"])]
 * })
 * const at = Date.UTC(2024, 0, 1)
 * const observations = Array.from({ length: 200 }, (_, i) => ({
 *   features: { "subject.segment": i % 2 === 0 ? "student" : "family" },
 *   positive: i % 2 === 0 ? i % 10 === 0 : i % 4 === 1, // students 20%, families 50%
 *   at
 * }))
 * const state = learner.learnAll(learner.empty, observations)
 * const [score] = learner.score(state, { "subject.segment": "family" }, Random.fromSeed(1))
 * assert.ok(Math.abs(score.propensity - 0.5) < 0.01)
 * assert.strictEqual(score.evidence, 200)
 *
 * @category constructors
 * @since 0.1.0
 */
export const linearThompson = (config: Config): LinearBandit =>
  build("thompson", settingsOf("LinearBandit.linearThompson", config), config)

/**
 * LinUCB (see the module header): the estimate plus α posterior standard deviations.
 *
 * @example
 * import { LinearBandit, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * // one column besides the intercept, ridge 1, σ fixed at 1: Li et al.'s LinUCB with α = 2
 * const learner = LinearBandit.linUcb({ features: [LinearBandit.numeric("subject.x")], noise: 1, exploration: 2 })
 * const at = 0
 * const state = learner.learnAll(learner.empty, [
 *   { features: { "subject.x": 1 }, positive: true, at },
 *   { features: { "subject.x": -1 }, positive: false, at }
 * ])
 * // A = I + [[2, 0], [0, 2]] = 3·I, b = (0.5, 0) + (1, 1): μ = (0.5, 1/3); x = (1, 1): x·μ = 5/6, xᵀA⁻¹x = 2/3
 * const e = learner.estimate(state, { "subject.x": 1 })
 * assert.ok(Math.abs(e.mean - 5 / 6) < 1e-12)
 * assert.ok(Math.abs(e.upper - (5 / 6 + 2 * Math.sqrt(2 / 3))) < 1e-12)
 * const [score] = learner.score(state, { "subject.x": 1 }, Random.fromSeed(1))
 * assert.strictEqual(score.explored, 1) // the bound, clamped to [0, 1]
 *
 * @category constructors
 * @since 0.1.0
 */
export const linUcb = (config: Config): LinearBandit => build("ucb", settingsOf("LinearBandit.linUcb", config), config)

const build = (kind: "thompson" | "ucb", s: Settings, config: Config): LinearBandit => {
  const d = s.d
  const encode: Encoder = encoderOf(config.features)
  const empty = emptyOf(d)
  // scratch vectors: filled and read within one call, never seen outside
  const x = vectorOf(d)
  // posteriors by state (an unobservable cache: states are immutable), the last one at hand
  const posteriors = new WeakMap<State, Posterior>()
  let lastState: State | undefined
  let lastPosterior: Posterior | undefined
  const posterior = (state: State, prior: Prior | undefined): Posterior => {
    let p0 = 0.5
    let n0 = 0
    if (s.prior !== undefined) {
      p0 = s.prior.propensity
      n0 = s.prior.evidence
    } else if (prior !== undefined) [p0, n0] = priorOf(s, prior)
    if (state === lastState && lastPosterior !== undefined && lastPosterior.p0 === p0 && lastPosterior.n0 === n0)
      return lastPosterior
    let found = posteriors.get(state)
    if (found === undefined || found.p0 !== p0 || found.n0 !== n0) {
      found = posteriorOf(s, state, p0, n0)
      posteriors.set(state, found)
    }
    lastState = state
    lastPosterior = found
    return found
  }

  // x·μ and ‖L⁻¹x‖² of the vector in `x` (see `blockedMeanAndNorm`): the norm comes back in `norm[0]`
  const norm = vectorOf(1)
  let quadratic = 0
  const meanOf = (post: Posterior, x: Vector): number => {
    const mean = blockedMeanAndNorm(post.inverse, post.mean, x, norm)
    quadratic = norm[0] as number
    return mean
  }

  /** the estimate of the vector in `x` */
  const estimateOf = (post: Posterior): Estimate => {
    if (post.lower === undefined) return { mean: post.p0, width: 0, upper: post.p0, noise: post.noise, jitter: NaN }
    const mean = meanOf(post, x)
    const width = post.noise * Math.sqrt(quadratic)
    return { mean, width, upper: mean + s.exploration * width, noise: post.noise, jitter: post.jitter }
  }

  const v = s.exploration
  // one scoring function per kind: each is small and monomorphic (no branch on the kind per call)
  const scoreUcb = (state: State, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const post = posterior(state, prior)
    const evidence = state.responses
    if (post.lower === undefined) return [{ propensity: post.p0, explored: post.p0, evidence }, rng]
    encode(features, x)
    const mean = meanOf(post, x)
    const width = post.noise * Math.sqrt(quadratic)
    return [{ propensity: clamp(mean), explored: clamp(mean + v * width), evidence, deterministic: true }, rng]
  }
  const scoreThompson = (state: State, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const post = posterior(state, prior)
    const evidence = state.responses
    if (post.lower === undefined) return [{ propensity: post.p0, explored: post.p0, evidence }, rng]
    encode(features, x)
    const mean = meanOf(post, x)
    const width = post.noise * Math.sqrt(quadratic)
    const [z, next] = normal(rng)
    return [{ propensity: clamp(mean), explored: clamp(mean + v * width * z), evidence }, next]
  }

  const scoreActions = (
    state: State,
    features: Features,
    actions: ReadonlyArray<Features>,
    rng: Rng,
    prior?: Prior
  ): readonly [ReadonlyArray<Score>, Rng] => {
    const post = posterior(state, prior)
    const evidence = state.responses
    let current = rng
    let theta: Float64Array | undefined
    if (kind === "thompson" && post.lower !== undefined) {
      const z = new Float64Array(d)
      for (let i = 0; i < d; i++) {
        const [v, next] = normal(current)
        z[i] = v
        current = next
      }
      // θ = μ + v·σ·L⁻ᵀz has covariance v²σ²·A⁻¹
      const u = solveUpper(post.lower, d, z, new Float64Array(d))
      theta = new Float64Array(d)
      for (let i = 0; i < d; i++) theta[i] = (post.mean[i] as number) + s.exploration * post.noise * (u[i] as number)
    }
    const scores = actions.map((action): Score => {
      encode({ ...features, ...action }, x)
      const e = estimateOf(post)
      if (post.lower === undefined) return { propensity: clamp(e.mean), explored: clamp(e.mean), evidence }
      if (theta === undefined)
        return { propensity: clamp(e.mean), explored: clamp(e.upper), evidence, deterministic: true }
      let drawn = 0
      for (let i = 0; i < d; i++) drawn += (x[i] as number) * (theta[i] as number)
      return { propensity: clamp(e.mean), explored: clamp(drawn), evidence }
    })
    return [scores, current]
  }

  const learnAll = (state: State, observations: ReadonlyArray<Observation>): State => {
    if (observations.length === 0) return state
    const f = s.forgetting
    let to = state.at
    if (f._tag === "Time") for (const o of observations) to = laterOf(to, o.at)
    const base =
      f._tag === "Time" && state.at !== null && to !== null && to > state.at
        ? scaled(state, Math.pow(2, -(to - state.at) / f.halfLifeMs), to, state.events)
        : state
    const acc: Accumulator = {
      gram: new Float64Array(base.gram),
      moment: new Float64Array(base.moment),
      responses: base.responses,
      positives: base.positives
    }
    const decay = f._tag === "Events" ? Math.pow(2, -1 / f.halfLifeEvents) : 1
    for (const o of observations) {
      if (f._tag === "Events") {
        for (let i = 0; i < acc.gram.length; i++) acc.gram[i] = (acc.gram[i] as number) * decay
        for (let i = 0; i < d; i++) acc.moment[i] = (acc.moment[i] as number) * decay
        acc.responses *= decay
        acc.positives *= decay
      }
      const weight = f._tag === "Time" ? Math.pow(2, -((to as number) - o.at) / f.halfLifeMs) : 1
      accumulate(acc, encode(o.features, x), d, o.positive ? 1 : 0, weight)
    }
    return {
      gram: acc.gram,
      moment: acc.moment,
      responses: acc.responses,
      positives: acc.positives,
      at: f._tag === "Time" ? to : null,
      events: f._tag === "Events" ? state.events + observations.length : 0
    }
  }

  const learn = (state: State, observation: Observation): State => learnAll(state, [observation])

  const merge = (a: State, b: State): State => {
    const f = s.forgetting
    switch (f._tag) {
      case "Never":
        return add(a, b, null, 0)
      case "Time": {
        const to = laterOf(a.at, b.at)
        const decayTo = (y: State): State =>
          y.at === null || to === null || y.at >= to
            ? y
            : scaled(y, Math.pow(2, -(to - y.at) / f.halfLifeMs), to, y.events)
        return add(decayTo(a), decayTo(b), to, 0)
      }
      case "Events": {
        const fa = Math.pow(2, -b.events / f.halfLifeEvents)
        const fb = Math.pow(2, -a.events / f.halfLifeEvents)
        return add(scaled(a, fa, null, 0), scaled(b, fb, null, 0), null, a.events + b.events)
      }
    }
  }

  const coefficients = (state: State, prior?: Prior): ReadonlyArray<Coefficient> => {
    const post = posterior(state, prior)
    const names = columnNames(config.features)
    return names.map((column, i) => {
      if (post.lower === undefined) return { column, mean: i === 0 ? post.p0 : 0, sd: Number.NaN }
      // (A⁻¹)ᵢᵢ = ‖L⁻¹eᵢ‖²
      const e = new Float64Array(d)
      e[i] = 1
      const v = solveLower(post.lower, d, e, new Float64Array(d))
      let q = 0
      for (let k = 0; k < d; k++) q += (v[k] as number) * (v[k] as number)
      return { column, mean: post.mean[i] as number, sd: post.noise * Math.sqrt(q) }
    })
  }

  return {
    name: kind === "thompson" ? "linearThompson" : "linUcb",
    kind,
    config,
    columns: columnNames(config.features),
    empty,
    score: kind === "ucb" ? scoreUcb : scoreThompson,
    learn,
    learnAll,
    merge,
    codec: stateCodec(d, s.forgetting._tag === "Never"),
    reads: readsOf(config.features),
    vector: (features) => encode(features, vectorOf(d)),
    estimate: (state, features, prior) => {
      const post = posterior(state, prior)
      encode(features, x)
      return estimateOf(post)
    },
    coefficients,
    scoreActions
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The number of columns of a feature map, the intercept included.
 *
 * @example
 * import { LinearBandit } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const age = LinearBandit.numeric("subject.age")
 * const segment = LinearBandit.symbolic("subject.segment", ["a", "b", "c"])
 * assert.strictEqual(LinearBandit.dimension([age, segment]), 5)
 * assert.strictEqual(LinearBandit.dimension([LinearBandit.cross(age, segment)]), 4)
 *
 * @category utils
 * @since 0.1.0
 */
export const dimension = (features: ReadonlyArray<Term>): number => dimensionOf(features)
