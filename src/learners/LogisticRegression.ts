/**
 * Online Bayesian logistic regression with Thompson sampling, over hashed features — the
 * contextual learner of Chapelle & Li, "An Empirical Evaluation of Thompson Sampling" (NIPS 2011,
 * Algorithm 3), one response at a time.
 *
 * The model: `P(response | x) = σ(w₀ + Σ_j w_j·x_j)`, `σ(z) = 1 / (1 + e^−z)`, where the x_j are the
 * profile's features hashed into `2^bits` slots (`FeatureHashing`: `name=value` with value 1 for
 * symbols, `name` with the number for numbers) and w₀ is the intercept. The posterior of every
 * weight is a normal `N(m_j, 1/q_j)`, independent of the others (a diagonal Laplace
 * approximation): its mean and its precision are the whole state, kept only for the slots a
 * response has touched (the others are at the prior `N(0, 1/λ)`, λ = `regularization`).
 *
 * Learning one response (y ∈ {0, 1}, t = 2y − 1, weight ω — 1, or its forgetting weight):
 * - the posterior mode of `½ Σ q_j (w_j − m_j)² + ω·ln(1 + e^(−t·wᵀx))` lies on the line
 *   `w_j = m_j + c·x_j / q_j`; its score z solves `z = z₀ + v·ω·t·σ(−t·z)` with `z₀ = mᵀx` and
 *   `v = Σ x_j² / q_j`, a monotone equation solved by a safeguarded Newton iteration to 1e-12 —
 *   the exact mode, not one gradient step;
 * - then `m_j ← m_j + ω·t·σ(−t·z)·x_j / q_j` and `q_j ← q_j + ω·x_j²·p(1 − p)`, p = σ(z): the
 *   curvature at the new mode, Chapelle & Li's update with a batch of one.
 * Features that hash to one slot add their values first. An update whose quantities overflow
 * (values beyond ~1e150) leaves the weights as they were; the response is still counted.
 *
 * Scoring: `propensity = σ(mᵀx)` (the mode's probability, what greedy selection and AUC read);
 * with `exploration: "thompson"` (the default) `explored = σ(mᵀx + s·√(Σ x_j²/q_j)·ε)`, ε
 * standard normal from the request's generator and s = `explorationScale` (1): a draw of
 * `σ(wᵀx)` with `w ~ N(m, diag(1/q))`, for which one normal draw is exact, however many weights.
 *
 * Cold start: the intercept's prior is `N(logit p0, 1/(n0·p0(1 − p0)))` from `prior: { propensity:
 * p0, evidence: n0 }`; without it `N(0, 10)` (precision 0.1, weak), and when scoring with the
 * action's catalog prior (p0, n0) that prior is multiplied in as a normal factor on the intercept,
 * `N(logit p0, 1/(n0·p0(1 − p0)))` — decisive for a new model, outweighed as the intercept's
 * precision grows with responses.
 *
 * Forgetting (`halfLife: { ms }`, for response rates that move): every weight's precision above
 * its prior decays as `2^(−Δt/h)`, and its precision-weighted mean with it, toward the prior
 * (`q ← q₀ + f·(q − q₀)`, `q·m ← q₀·m₀ + f·(q·m − q₀·m₀)`); the counts decay alike. Time is the
 * responses' `at` (no clock): learning decays the state to the latest of its stamp and the
 * response's time and weighs the response by `2^(−(to − at)/h)`; merging decays both states to
 * the later stamp first. Cost: one pass over the state's weights whenever time moves.
 *
 * Merge — approximate, and the law it keeps. States are combined as the product of their normal
 * posteriors divided by the prior they share: per weight, `q = q_a + q_b − q₀` and
 * `m = (q_a·m_a + q_b·m_b − q₀·m₀) / q` (a weight only one side touched is copied); counts add.
 * - Exactly: commutative, with `empty` as identity (bit for bit); the codec round-trips.
 * - Up to rounding (relative 1e-9): associative.
 * - Approximately: merging what two replicas learned from disjoint streams is what one process
 *   would have learned from both, in sequence — exact for a linear-Gaussian model, approximate for
 *   a logistic one because each side took its curvature at its own mode. Stated and tested
 *   (test/learners/LogisticRegression.merge.prop.test.ts): on streams of up to 40 responses each
 *   (binary and numeric features of magnitude ≤ 1, three of eight features per response, λ = 1),
 *   the merged state's propensities differ from the sequential state's by at most 0.1 on every
 *   profile of the domain, and the two states' counts are equal; on streams of thousands of
 *   responses (where replicas run) the difference falls to ~0.01 (the same test, a larger case).
 * The shared learner suite's `learnThenMerge` is replaced by that law; its other laws hold (with
 * a tolerance of 1e-9 for associativity).
 *
 * @since 0.1.0
 */
import { normal } from "../kernel/Distributions.js"
import type { Rng } from "../kernel/Random.js"
import type { Instant } from "../kernel/Time.js"
import { hasOwn } from "../kernel/internal/codec.js"
import { misuse } from "../kernel/internal/misuse.js"
import { hashing as hashingOf, murmur3Parts, type Hashing } from "./FeatureHashing.js"
import type { Features, Learner, Observation, Prior, Score } from "./Learner.js"
import { stateCodec, type State } from "./internal/logisticState.js"
import { entry, find, finish, lookupOf, working, type Lookup } from "./internal/weightTable.js"

export type { State } from "./internal/logisticState.js"
export { STATE_VERSION } from "./internal/logisticState.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of `logisticRegression`; every one has a default.
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  /** how features are hashed: `bits` (18), `seed` (0), `signed` (false) */
  readonly hashing?: Partial<Hashing>
  /** the only features read (default: every feature of the profile) */
  readonly features?: ReadonlyArray<string>
  /**
   * numeric features to standardize, `x ↦ (x − mean) / sd`, by name: the prior `N(0, 1/λ)` is in
   * the feature's units, so a number far from unit scale (an income of 50,000) needs one (default none)
   */
  readonly standardize?: Readonly<Record<string, { readonly mean: number; readonly sd: number }>>
  /** the prior precision λ of every hashed weight, `N(0, 1/λ)` (default 1) */
  readonly regularization?: number
  /** whether the model has an intercept (default true) */
  readonly intercept?: boolean
  /**
   * the intercept's prior as a starting propensity and the evidence it is worth (default: the
   * catalog's, else N(0, 10))
   */
  readonly prior?: { readonly propensity: number; readonly evidence: number }
  /** exponential forgetting toward the prior, with a half-life in milliseconds */
  readonly halfLife?: { readonly ms: number }
  /** `"thompson"` (default): explore by a posterior draw; `"none"`: `explored` is the propensity */
  readonly exploration?: "thompson" | "none"
  /** multiplies the posterior standard deviation of the Thompson draw (default 1) */
  readonly explorationScale?: number
}

/**
 * A logistic-regression learner (what `logisticRegression` returns), with its resolved
 * configuration.
 *
 * @category model
 * @since 0.1.0
 */
export interface LogisticRegression extends Learner<State> {
  readonly config: Resolved
  /** the posterior mean and precision of the intercept and of every present feature, for one profile */
  readonly explain: (state: State, features: Features) => Explanation
}

/**
 * A configuration with every default filled in.
 *
 * @category model
 * @since 0.1.0
 */
export interface Resolved {
  readonly hashing: Hashing
  readonly features: ReadonlyArray<string> | null
  readonly standardize: ReadonlyMap<string, readonly [number, number]>
  readonly regularization: number
  readonly intercept: boolean
  /** the intercept's prior mean and precision */
  readonly interceptPrior: readonly [number, number]
  /** whether the intercept prior was configured (then the catalog's is not used) */
  readonly configuredPrior: boolean
  readonly halfLifeMs: number | null
  readonly exploration: "thompson" | "none"
  readonly explorationScale: number
}

/**
 * What the model says about one profile: the intercept and each present feature with its slot,
 * value and weight posterior, and the score `mᵀx` with its posterior standard deviation.
 *
 * @category model
 * @since 0.1.0
 */
export interface Explanation {
  readonly intercept: { readonly mean: number; readonly precision: number }
  readonly features: ReadonlyArray<{
    readonly name: string
    readonly index: number
    readonly value: number
    readonly mean: number
    readonly precision: number
  }>
  readonly score: number
  readonly sd: number
  readonly propensity: number
}

/**
 * The intercept's prior precision when no prior is configured: `N(0, 10)`.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_INTERCEPT_PRECISION = 0.1

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const API = "LogisticRegression.logisticRegression"

/**
 * `σ(z) = 1 / (1 + e^−z)`, 0.5 for NaN.
 *
 * @example
 * import * as assert from "node:assert"
 * import { LogisticRegression } from "nextbest"
 *
 * assert.strictEqual(LogisticRegression.sigmoid(0), 0.5)
 * assert.ok(Math.abs(LogisticRegression.sigmoid(Math.log(3)) - 0.75) < 1e-15)
 *
 * @category operations
 * @since 0.1.0
 */
export const sigmoid = (z: number): number => (Number.isNaN(z) ? 0.5 : 1 / (1 + Math.exp(-z)))

const logit = (p: number): number => Math.log(p / (1 - p))

/** p clamped away from 0 and 1, so that its logit is finite */
const clampProbability = (p: number): number => Math.min(1 - 1e-9, Math.max(1e-9, p))

const positiveFinite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x > 0

const resolve = (config: Config): Resolved => {
  const h = hashingOf(config.hashing ?? {}, API)
  const regularization = config.regularization ?? 1
  if (!positiveFinite(regularization)) misuse(API, "regularization must be a positive finite number")
  let interceptPrior: readonly [number, number] = [0, DEFAULT_INTERCEPT_PRECISION]
  if (config.prior !== undefined) {
    const { propensity: p, evidence: n } = config.prior
    if (!(typeof p === "number" && p > 0 && p < 1)) misuse(API, "prior.propensity must lie strictly between 0 and 1")
    if (!positiveFinite(n)) misuse(API, "prior.evidence must be a positive finite number")
    interceptPrior = [logit(p), n * p * (1 - p)]
  }
  const halfLife = config.halfLife
  if (halfLife !== undefined && !positiveFinite(halfLife.ms))
    misuse(API, "halfLife.ms must be a positive finite number")
  const exploration = config.exploration ?? "thompson"
  if (exploration !== "thompson" && exploration !== "none") misuse(API, `exploration must be "thompson" or "none"`)
  const explorationScale = config.explorationScale ?? 1
  if (!(typeof explorationScale === "number" && Number.isFinite(explorationScale) && explorationScale >= 0))
    misuse(API, "explorationScale must be a non-negative finite number")
  const standardize = new Map<string, readonly [number, number]>()
  for (const [name, m] of Object.entries(config.standardize ?? {})) {
    if (!(Number.isFinite(m.mean) && positiveFinite(m.sd)))
      misuse(API, `standardize["${name}"] needs a finite mean and a positive finite sd`)
    standardize.set(name, [m.mean, m.sd])
  }
  const features = config.features === undefined ? null : [...new Set(config.features)]
  if (features !== null && features.some((f) => typeof f !== "string"))
    misuse(API, "features must be feature names (strings)")
  return {
    hashing: h,
    features,
    standardize,
    regularization,
    intercept: config.intercept ?? true,
    interceptPrior,
    configuredPrior: config.prior !== undefined,
    halfLifeMs: halfLife === undefined ? null : halfLife.ms,
    exploration,
    explorationScale
  }
}

const NO_INDICES = new Int32Array(0)
const NO_VALUES = new Float64Array(0)

/** the empty state of a resolved configuration */
const emptyOf = (r: Resolved): State => ({
  interceptMean: r.interceptPrior[0],
  interceptPrecision: r.interceptPrior[1],
  indices: NO_INDICES,
  means: NO_VALUES,
  precisions: NO_VALUES,
  positives: 0,
  negatives: 0,
  at: null
})

/**
 * the state decayed to `to` by `f = 2^(−(to − at)/h)`: every precision toward its prior, with its
 * precision-weighted mean
 */
const decayTo = (r: Resolved, s: State, to: Instant, h: number): State => {
  if (s.at === null) return { ...s, at: to }
  if (s.at >= to) return s
  const f = Math.pow(2, -(to - s.at) / h)
  const lambda = r.regularization
  const n = s.indices.length
  const means = new Float64Array(n)
  const precisions = new Float64Array(n)
  for (let e = 0; e < n; e++) {
    const q = s.precisions[e] as number
    const next = lambda + f * (q - lambda)
    precisions[e] = next
    means[e] = (f * q * (s.means[e] as number)) / next
  }
  const [m0, q0] = r.interceptPrior
  const q = s.interceptPrecision
  const qNext = q0 + f * (q - q0)
  return {
    interceptMean: (q0 * m0 + f * (q * s.interceptMean - q0 * m0)) / qNext,
    interceptPrecision: qNext,
    indices: s.indices,
    means,
    precisions,
    positives: s.positives * f,
    negatives: s.negatives * f,
    at: to
  }
}

/**
 * The score z of the posterior mode after one response: the root of
 * `g(z) = z − z0 − v·ω·t·σ(−t·z)`, increasing in z, bracketed by z0 and z0 + v·ω·t.
 */
const modeScore = (z0: number, v: number, omega: number, sign: number): number => {
  const a = v * omega
  let lo = sign > 0 ? z0 : z0 - a
  let hi = sign > 0 ? z0 + a : z0
  let z = z0
  for (let i = 0; i < 60; i++) {
    const r = sigmoid(-sign * z)
    const g = z - z0 - a * sign * r
    if (g === 0) return z
    if (g > 0) hi = z
    else lo = z
    const p = 1 - r // σ(t·z): r(1 − r) = p(1 − p) whatever the sign
    let next = z - g / (1 + a * r * p)
    if (!(next > lo && next < hi)) next = (lo + hi) / 2
    if (Math.abs(next - z) <= 1e-15 * (1 + Math.abs(z))) return next
    z = next
  }
  return z
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * the most hashed features a learner remembers (its cache of feature → slot; past it, features
 * are hashed each time)
 */
const CACHE_LIMIT = 100_000

/**
 * An online Bayesian logistic-regression learner with Thompson sampling over hashed features.
 * Throws on an invalid configuration (a programming mistake).
 *
 * @example
 * import * as assert from "node:assert"
 * import { LogisticRegression, Random } from "nextbest"
 *
 * const lr = LogisticRegression.logisticRegression({ hashing: { bits: 16 } })
 * // young customers answer, older ones do not
 * const observations = Array.from({ length: 400 }, (_, i) => ({
 *   features: { "subject.segment": i % 2 === 0 ? "young" : "senior" },
 *   positive: i % 2 === 0 ? i % 4 === 0 : i % 20 === 1,
 *   at: i
 * }))
 * const state = lr.learnAll(lr.empty, observations)
 * const [young] = lr.score(state, { "subject.segment": "young" }, Random.fromSeed("d-1"))
 * const [senior] = lr.score(state, { "subject.segment": "senior" }, Random.fromSeed("d-1"))
 * assert.ok(young.propensity > 0.4 && senior.propensity < 0.15)
 * assert.strictEqual(young.evidence, 400)
 * assert.ok(young.explored >= 0 && young.explored <= 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const logisticRegression = (config: Config = {}): LogisticRegression => {
  const r = resolve(config)
  const h = r.hashing
  const mask = h.bits === 30 ? 0x3fffffff : (1 << h.bits) - 1
  const lambda = r.regularization
  const [m0, q0] = r.interceptPrior
  const empty = emptyOf(r)
  const names = r.features

  // feature → slot, cached (local, unobservable): a slot is encoded as its index, or −(index + 1) when signed negative
  const numericCodes = new Map<string, number>()
  const symbolCodes = new Map<string, Map<string, number>>()
  let cached = 0
  const encode = (hash: number): number => {
    const index = hash & mask
    return h.signed && hash >>> 31 === 1 ? -(index + 1) : index
  }
  const numericCode = (name: string): number => {
    let c = numericCodes.get(name)
    if (c === undefined) {
      c = encode(murmur3Parts([name], h.seed))
      if (cached < CACHE_LIMIT) {
        numericCodes.set(name, c)
        cached++
      }
    }
    return c
  }
  const symbolCode = (name: string, text: string): number => {
    let values = symbolCodes.get(name)
    let c = values?.get(text)
    if (c === undefined) {
      c = encode(murmur3Parts([name, "=", text], h.seed))
      if (cached < CACHE_LIMIT) {
        if (values === undefined) {
          values = new Map()
          symbolCodes.set(name, values)
        }
        values.set(text, c)
        cached++
      }
    }
    return c
  }

  // the hashed features of one profile, into scratch arrays (local, reused): codes and values; returns how many
  let codes = new Int32Array(64)
  let values = new Float64Array(64)
  const push = (n: number, code: number, x: number): number => {
    if (n === codes.length) {
      const c = new Int32Array(n * 2)
      c.set(codes)
      codes = c
      const v = new Float64Array(n * 2)
      v.set(values)
      values = v
    }
    codes[n] = code
    values[n] = x
    return n + 1
  }
  const scales = r.standardize.size > 0 ? r.standardize : null
  const hashOne = (n: number, name: string, v: unknown): number => {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return n
      let x = v
      const scale = scales?.get(name)
      if (scale !== undefined) x = (v - scale[0]) / scale[1]
      if (x !== 0) return push(n, numericCode(name), x)
    } else if (typeof v === "string") return push(n, symbolCode(name, v), 1)
    else if (typeof v === "boolean") return push(n, symbolCode(name, v ? "true" : "false"), 1)
    return n
  }
  const collect = (features: Features): number => {
    let n = 0
    if (names !== null) {
      for (const name of names) if (hasOwn(features, name)) n = hashOne(n, name, features[name])
    } else {
      for (const name of Object.keys(features)) n = hashOne(n, name, features[name])
    }
    return n
  }

  // scoring reads a state through its lookup table, built once per state
  const lookups = new WeakMap<State, Lookup>()
  const lookup = (s: State): Lookup => {
    let l = lookups.get(s)
    if (l === undefined) {
      l = lookupOf(s)
      lookups.set(s, l)
    }
    return l
  }

  /** the intercept's mean and precision to score with: with the catalog prior multiplied in, when one applies */
  const interceptFor = (s: State, prior: Prior | undefined): readonly [number, number] => {
    if (!r.intercept) return [0, Number.POSITIVE_INFINITY]
    if (r.configuredPrior || prior === undefined) return [s.interceptMean, s.interceptPrecision]
    const n = Number.isFinite(prior.evidence) && prior.evidence > 0 ? prior.evidence : 0
    if (n === 0 || !Number.isFinite(prior.propensity)) return [s.interceptMean, s.interceptPrecision]
    const p = clampProbability(prior.propensity)
    const qc = n * p * (1 - p)
    const q = s.interceptPrecision + qc
    return [(s.interceptPrecision * s.interceptMean + qc * logit(p)) / q, q]
  }

  const explore = r.exploration === "thompson"
  const score = (s: State, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    let z = 0
    let variance = 0
    if (r.intercept) {
      if (prior === undefined || r.configuredPrior) {
        z = s.interceptMean
        variance = 1 / s.interceptPrecision
      } else {
        const [mi, qi] = interceptFor(s, prior)
        z = mi
        variance = 1 / qi
      }
    }
    const l = lookup(s)
    const { means, precisions } = s
    const n = collect(features)
    for (let i = 0; i < n; i++) {
      const code = codes[i] as number
      const x = values[i] as number
      let e: number
      let value: number
      if (code < 0) {
        e = find(l, -code - 1)
        value = -x
      } else {
        e = find(l, code)
        value = x
      }
      if (e < 0) {
        if (explore) variance += (value * value) / lambda
      } else {
        z += (means[e] as number) * value
        if (explore) variance += (value * value) / (precisions[e] as number)
      }
    }
    const propensity = sigmoid(z)
    const evidence = s.positives + s.negatives
    if (!explore) return [{ propensity, explored: propensity, evidence }, rng]
    const [eps, next] = normal(rng)
    const sd = r.explorationScale * Math.sqrt(variance)
    const drawn = sigmoid(z + sd * eps)
    return [{ propensity, explored: Number.isFinite(drawn) ? drawn : propensity, evidence }, next]
  }

  /** learns the observations into a working copy of the state, in order */
  const learnAll = (state: State, observations: ReadonlyArray<Observation>): State => {
    if (observations.length === 0) return state
    const s = state
    const hl = r.halfLifeMs
    const w = working(s)
    // per event: the positions it touches (deduplicated by a stamp per position) and their summed values
    let stamp = new Int32Array(w.indices.length)
    let slotOf = new Int32Array(w.indices.length)
    const touched: Array<number> = []
    const xs: Array<number> = []
    let interceptMean = s.interceptMean
    let interceptPrecision = s.interceptPrecision
    let positives = s.positives
    let negatives = s.negatives
    let at = s.at
    for (let k = 0; k < observations.length; k++) {
      const o = observations[k] as Observation
      let omega = 1
      if (hl !== null) {
        const to = at === null ? o.at : Math.max(at, o.at)
        if (at !== null && to > at) {
          // decay everything learned so far to `to`, in the working copy (the formulas of `decayTo`)
          const f = Math.pow(2, -(to - at) / hl)
          for (let e = 0; e < w.size; e++) {
            const q = w.precisions[e] as number
            const next = lambda + f * (q - lambda)
            w.precisions[e] = next
            w.means[e] = (f * q * (w.means[e] as number)) / next
          }
          const qNext = q0 + f * (interceptPrecision - q0)
          interceptMean = (q0 * m0 + f * (interceptPrecision * interceptMean - q0 * m0)) / qNext
          interceptPrecision = qNext
          positives *= f
          negatives *= f
        }
        at = to
        omega = Math.pow(2, -(to - o.at) / hl)
      }
      if (o.positive) positives += omega
      else negatives += omega
      const n = collect(o.features)
      touched.length = 0
      xs.length = 0
      const event = k + 1
      for (let i = 0; i < n; i++) {
        const code = codes[i] as number
        const index = code < 0 ? -code - 1 : code
        const x = code < 0 ? -(values[i] as number) : (values[i] as number)
        const e = entry(w, index, lambda)
        if (e >= stamp.length) {
          const grown = new Int32Array(w.indices.length)
          grown.set(stamp)
          stamp = grown
          const slots = new Int32Array(w.indices.length)
          slots.set(slotOf)
          slotOf = slots
        }
        if (stamp[e] === event) xs[slotOf[e] as number] = (xs[slotOf[e] as number] as number) + x
        else {
          stamp[e] = event
          slotOf[e] = touched.length
          touched.push(e)
          xs.push(x)
        }
      }
      // the mode along the update direction, then the mean and precision updates
      let z0 = r.intercept ? interceptMean : 0
      let v = r.intercept ? 1 / interceptPrecision : 0
      for (let j = 0; j < touched.length; j++) {
        const e = touched[j] as number
        const x = xs[j] as number
        z0 += (w.means[e] as number) * x
        v += (x * x) / (w.precisions[e] as number)
      }
      if (!Number.isFinite(z0) || !Number.isFinite(v)) continue
      const sign = o.positive ? 1 : -1
      const z = modeScore(z0, v, omega, sign)
      const rr = sigmoid(-sign * z)
      const c = omega * sign * rr
      const curvature = omega * rr * (1 - rr)
      if (!Number.isFinite(c) || !Number.isFinite(z)) continue
      if (r.intercept) {
        interceptMean += c / interceptPrecision
        interceptPrecision += curvature
      }
      for (let j = 0; j < touched.length; j++) {
        const e = touched[j] as number
        const x = xs[j] as number
        const q = w.precisions[e] as number
        w.means[e] = (w.means[e] as number) + (c * x) / q
        w.precisions[e] = q + curvature * x * x
      }
    }
    return { interceptMean, interceptPrecision, ...finish(w), positives, negatives, at }
  }

  const learn = (s: State, o: Observation): State => learnAll(s, [o])

  const combine = (x: State, y: State): State => {
    const xPrior = x.interceptMean === m0 && x.interceptPrecision === q0
    const yPrior = y.interceptMean === m0 && y.interceptPrecision === q0
    let interceptMean: number
    let interceptPrecision: number
    if (yPrior) {
      interceptMean = x.interceptMean
      interceptPrecision = x.interceptPrecision
    } else if (xPrior) {
      interceptMean = y.interceptMean
      interceptPrecision = y.interceptPrecision
    } else {
      interceptPrecision = x.interceptPrecision + y.interceptPrecision - q0
      interceptMean =
        (x.interceptPrecision * x.interceptMean + y.interceptPrecision * y.interceptMean - q0 * m0) / interceptPrecision
    }
    // the union of the touched slots, in index order
    const nx = x.indices.length
    const ny = y.indices.length
    const indices = new Int32Array(nx + ny)
    const means = new Float64Array(nx + ny)
    const precisions = new Float64Array(nx + ny)
    let i = 0
    let j = 0
    let n = 0
    while (i < nx || j < ny) {
      const a = i < nx ? (x.indices[i] as number) : Number.POSITIVE_INFINITY
      const b = j < ny ? (y.indices[j] as number) : Number.POSITIVE_INFINITY
      if (a < b) {
        indices[n] = a
        means[n] = x.means[i] as number
        precisions[n] = x.precisions[i] as number
        i++
      } else if (b < a) {
        indices[n] = b
        means[n] = y.means[j] as number
        precisions[n] = y.precisions[j] as number
        j++
      } else {
        const qa = x.precisions[i] as number
        const qb = y.precisions[j] as number
        const q = qa + qb - lambda
        indices[n] = a
        precisions[n] = q
        means[n] = (qa * (x.means[i] as number) + qb * (y.means[j] as number)) / q
        i++
        j++
      }
      n++
    }
    return {
      interceptMean,
      interceptPrecision,
      indices: indices.slice(0, n),
      means: means.slice(0, n),
      precisions: precisions.slice(0, n),
      positives: x.positives + y.positives,
      negatives: x.negatives + y.negatives,
      at: x.at === null ? y.at : y.at === null ? x.at : Math.max(x.at, y.at)
    }
  }

  const merge = (x: State, y: State): State => {
    const hl = r.halfLifeMs
    if (hl === null || x.at === null || y.at === null || x.at === y.at) return combine(x, y)
    const to = Math.max(x.at, y.at)
    return combine(decayTo(r, x, to, hl), decayTo(r, y, to, hl))
  }

  const explain = (s: State, features: Features): Explanation => {
    const l = lookup(s)
    const [mi, qi] = r.intercept ? [s.interceptMean, s.interceptPrecision] : [0, Number.POSITIVE_INFINITY]
    let z = r.intercept ? mi : 0
    let variance = r.intercept ? 1 / qi : 0
    const out: Array<Explanation["features"][number]> = []
    for (const name of names ?? Object.keys(features)) {
      if (!hasOwn(features, name)) continue
      const n = hashOne(0, name, features[name])
      if (n === 0) continue
      const code = codes[0] as number
      const index = code < 0 ? -code - 1 : code
      const value = code < 0 ? -(values[0] as number) : (values[0] as number)
      const e = find(l, index)
      const mean = e < 0 ? 0 : (s.means[e] as number)
      const precision = e < 0 ? lambda : (s.precisions[e] as number)
      z += mean * value
      variance += (value * value) / precision
      out.push({ name, index, value, mean, precision })
    }
    return {
      intercept: { mean: mi, precision: qi },
      features: out,
      score: z,
      sd: Math.sqrt(variance),
      propensity: sigmoid(z)
    }
  }

  return {
    name: "logisticRegression",
    empty,
    score,
    learn,
    learnAll,
    merge,
    codec: stateCodec({ hashing: r.hashing, regularization: r.regularization, decayed: r.halfLifeMs !== null }),
    ...(names === null ? {} : { reads: names }),
    config: r,
    explain
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether two states are equal up to a relative tolerance on every mean, precision and count
 * (0: exactly), with the same touched slots and the same time.
 *
 * @example
 * import * as assert from "node:assert"
 * import { LogisticRegression } from "nextbest"
 *
 * const lr = LogisticRegression.logisticRegression()
 * const s = lr.learn(lr.empty, { features: { "subject.vip": true }, positive: true, at: 0 })
 * const back = lr.codec.decode(JSON.parse(JSON.stringify(lr.codec.encode(s))))
 * assert.ok(back._tag === "Right" && LogisticRegression.equals(back.right, s))
 * assert.ok(!LogisticRegression.equals(s, lr.empty))
 *
 * @category utils
 * @since 0.1.0
 */
export const equals = (x: State, y: State, tolerance = 0): boolean => {
  const close = (a: number, b: number): boolean =>
    a === b || Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))
  if (x.at !== y.at || x.indices.length !== y.indices.length) return false
  if (!close(x.interceptMean, y.interceptMean) || !close(x.interceptPrecision, y.interceptPrecision)) return false
  if (!close(x.positives, y.positives) || !close(x.negatives, y.negatives)) return false
  for (let e = 0; e < x.indices.length; e++) {
    if (x.indices[e] !== y.indices[e]) return false
    if (!close(x.means[e] as number, y.means[e] as number)) return false
    if (!close(x.precisions[e] as number, y.precisions[e] as number)) return false
  }
  return true
}
