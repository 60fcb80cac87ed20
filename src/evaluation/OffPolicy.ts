/**
 * Off-policy estimators: what a target policy's mean reward per round would have been, from a log
 * of another (logging) policy's rounds. For round i with context xᵢ, position pᵢ, action aᵢ,
 * reward rᵢ and logging probability μᵢ, the weight is wᵢ = π(aᵢ | xᵢ, pᵢ) / μᵢ, clipped at
 * `clip` when given; q̂ is a reward model and q̂ᵢ(π) = Σₐ π(a | xᵢ, pᵢ)·q̂(xᵢ, a, pᵢ).
 *
 * - `replay` (deterministic targets): the mean reward of the rounds where the target would have
 *   chosen the logged action, Σ π(aᵢ)rᵢ / Σ π(aᵢ) (unbiased when the log is uniformly random);
 * - `ips`: Σ wᵢrᵢ / n — unbiased without clipping when μ > 0 wherever π > 0;
 * - `snips`: Σ wᵢrᵢ / Σ wᵢ — self-normalised: a little bias, less variance, immune to a constant
 *   factor in the logging probabilities;
 * - `directMethod`: Σ q̂ᵢ(π) / n — no weights, biased as far as q̂ is;
 * - `doublyRobust`: Σ [q̂ᵢ(π) + wᵢ(rᵢ − q̂(xᵢ, aᵢ, pᵢ))] / n — unbiased when the weights are, with less
 *   variance when q̂ is good;
 * - `switchDoublyRobust`: doubly robust where wᵢ ≤ `threshold`, the direct method beyond it (Wang et
 *   al. 2017, as the Open Bandit Pipeline defines it).
 *
 * Each returns an `OffPolicy` report: the estimate, a normal-approximation interval (the delta
 * method for the ratio estimators), a seeded percentile bootstrap over rounds (`Random`), the
 * effective sample size (Σw)² / Σw², the effective number of rewarded rounds (Σ|wᵢrᵢ|)² / Σ(wᵢrᵢ)²,
 * the mean and largest weight, how many weights were clipped, and warnings when weights explode
 * or when the estimate rests on too few rewarded rounds. All estimators are pure and total: an
 * empty log gives NaN with a `noRounds` warning, rounds with a logging probability outside (0, 1]
 * are left out and counted (`badLoggingProbability`).
 *
 * Both intervals assume the estimate is an average of many comparable terms. When the value comes
 * from rare, large rewards (a €600 product that a few customers in a thousand buy), a log may hold
 * none or a handful of them: the estimate is still unbiased, but its sample standard error misses
 * what the log did not see, and the intervals cover the truth far less often than their nominal
 * level (measured: 44.5% for a nominal 95% in test/evaluation/OffPolicy.rare.test.ts, 72–81% on
 * the demo's bank with 1,200 logged rounds). `fewRewards` warns of it — also when an action the
 * target often chooses has no rewarded round in the log at all, which no statistic of the
 * observed terms can reveal. The cure is more rounds, or a logging policy that shows the valuable
 * actions more often.
 *
 * Laws: on-policy (π = the logging policy) every wᵢ = 1 and `ips` = `snips` = the empirical mean
 * reward exactly; clipping bounds every weight by `clip`; with q̂ ≡ 0 `doublyRobust` = `ips`, and
 * `switchDoublyRobust` with an infinite threshold = `doublyRobust`; same inputs and seed, same report.
 *
 * @since 0.1.0
 */
import { nextInt, fromSeed } from "../kernel/Random.js"
import type { Features } from "../learners/Learner.js"
import type { LoggedData, Round } from "./LoggedData.js"
import { probability, type TargetPolicy } from "./TargetPolicy.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The estimators.
 *
 * @category model
 * @since 0.1.0
 */
export type Estimator = "replay" | "ips" | "snips" | "directMethod" | "doublyRobust" | "switchDoublyRobust"

/**
 * An interval `[low, high]`.
 *
 * @category model
 * @since 0.1.0
 */
export type Interval = readonly [number, number]

/**
 * Why an estimate deserves caution.
 *
 * - `noRounds`: nothing to estimate from (or, for `replay`, no round matched);
 * - `badLoggingProbability`: rounds with a logging probability outside (0, 1], left out;
 * - `smallLoggingProbability`: logging probabilities below `smallProbability`;
 * - `largeWeight`: a weight above `largeWeight` (before clipping): one round may dominate;
 * - `lowEffectiveSampleSize`: the effective sample size is below 10% of the rounds;
 * - `meanWeight`: the mean weight is more than 4 standard errors from 1 — the target puts mass where
 *   the log has none, or the logging probabilities are off;
 * - `notDeterministic`: `replay` of a target that is not deterministic on the log;
 * - `fewRewards`: the effective number of rewarded rounds (`effectiveRewards`) is below
 *   `options.fewRewards` (default 10): the estimate rests on a few rounds where the target would
 *   have chosen the logged action and a reward came; or the target chooses an action in at least
 *   20% of the rounds (its mean probability at a position) and no logged round of that action it
 *   would have chosen earned a reward. Either way the intervals may be far too narrow.
 *
 * @category model
 * @since 0.1.0
 */
export interface Warning {
  readonly code:
    | "noRounds"
    | "badLoggingProbability"
    | "smallLoggingProbability"
    | "largeWeight"
    | "lowEffectiveSampleSize"
    | "meanWeight"
    | "notDeterministic"
    | "fewRewards"
  readonly message: string
}

/**
 * An off-policy estimate with its uncertainty and the health of its weights.
 *
 * @category model
 * @since 0.1.0
 */
export interface OffPolicy {
  readonly estimator: Estimator
  /** the estimated mean reward per round of the target policy */
  readonly value: number
  /** rounds used */
  readonly rounds: number
  readonly confidence: number
  /** the normal approximation: value ± z·standardError */
  readonly normal: Interval
  /** the seeded percentile bootstrap over rounds */
  readonly bootstrap: Interval
  readonly standardError: number
  /** (Σw)² / Σw² over the (clipped) weights */
  readonly effectiveSampleSize: number
  /**
   * (Σ|wᵢrᵢ|)² / Σ(wᵢrᵢ)² over the (clipped) weights: how many rewarded rounds the estimate
   * rests on — the number of rounds with wᵢrᵢ ≠ 0 when their terms are equal, fewer when a few
   * large ones dominate (0 when none); for `replay` with wᵢ = π(aᵢ)
   */
  readonly effectiveRewards: number
  readonly meanWeight: number
  /** the largest weight used (after clipping) */
  readonly maxWeight: number
  /** the largest weight before clipping */
  readonly maxRawWeight: number
  /** rounds whose weight was clipped */
  readonly clipped: number
  readonly warnings: ReadonlyArray<Warning>
}

/**
 * A reward model: the expected reward of `action` at `position` in `context`.
 *
 * @category model
 * @since 0.1.0
 */
export type RewardModel = (context: Features, action: string, position: number) => number

/**
 * Options of every estimator.
 *
 * @category model
 * @since 0.1.0
 */
export interface Options {
  /** of both intervals (default 0.95) */
  readonly confidence?: number
  /** bootstrap resamples (default 1000; 0: no bootstrap, the interval is [NaN, NaN]) */
  readonly resamples?: number
  /** of the bootstrap (default 0) */
  readonly seed?: number | string
  /** clip weights at this value (default: no clipping) */
  readonly clip?: number
  /** warn when a weight exceeds this (default 100) */
  readonly largeWeight?: number
  /** warn when a logging probability is below this (default 0.001) */
  readonly smallProbability?: number
  /** warn (`fewRewards`) when the effective number of rewarded rounds is below this (default 10; 0: never) */
  readonly fewRewards?: number
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

interface Weights {
  readonly rounds: ReadonlyArray<Round>
  readonly target: ReadonlyArray<number>
  readonly w: Float64Array
  readonly raw: Float64Array
  readonly bad: number
  readonly small: number
  /**
   * the actions (with their position) the target chooses in at least `UNREWARDED_SHARE` of the
   * rounds, none of whose logged rounds that the target would have chosen earned a reward
   */
  readonly unrewarded: ReadonlyArray<Unrewarded>
}

interface Unrewarded {
  readonly action: string
  readonly position: number
  /** the target's mean probability of the action at its position, over the rounds at that position */
  readonly share: number
}

/** the smallest share of the target's choices for which an action without a rewarded round is reported */
const UNREWARDED_SHARE = 0.2

/** per (position, action): the target's summed probability, and the rewarded rounds it would have chosen */
const unrewardedOf = (
  rounds: ReadonlyArray<Round>,
  target: ReadonlyArray<number>,
  policy: TargetPolicy
): ReadonlyArray<Unrewarded> => {
  const mass = new Map<string, number>()
  const rewarded = new Set<string>()
  const perPosition = new Map<number, number>()
  for (let i = 0; i < rounds.length; i++) {
    const round = rounds[i] as Round
    perPosition.set(round.position, (perPosition.get(round.position) ?? 0) + 1)
    const d = policy(round.context, round.position)
    for (const a of Object.keys(d)) {
      const p = d[a] as number
      if (p > 0) {
        const key = `${round.position}\u0000${a}`
        mass.set(key, (mass.get(key) ?? 0) + p)
      }
    }
    if ((target[i] as number) > 0 && round.reward !== 0) rewarded.add(`${round.position}\u0000${round.action}`)
  }
  const out: Array<Unrewarded> = []
  for (const [key, m] of mass) {
    if (rewarded.has(key)) continue
    const cut = key.indexOf("\u0000")
    const position = Number(key.slice(0, cut))
    const share = m / (perPosition.get(position) as number)
    if (share >= UNREWARDED_SHARE) out.push({ action: key.slice(cut + 1), position, share })
  }
  return out.sort((x, y) => y.share - x.share || (x.action < y.action ? -1 : x.action > y.action ? 1 : 0))
}

const weightsOf = (data: LoggedData, policy: TargetPolicy, options: Options): Weights => {
  const clip = options.clip ?? Infinity
  const small = options.smallProbability ?? 0.001
  const rounds: Array<Round> = []
  const target: Array<number> = []
  let bad = 0
  let smallCount = 0
  for (const round of data.rounds) {
    const mu = round.loggingProbability
    if (!(mu > 0 && mu <= 1) || !Number.isFinite(round.reward)) {
      bad++
      continue
    }
    if (mu < small) smallCount++
    rounds.push(round)
    target.push(probability(policy, round.context, round.position, round.action))
  }
  const w = new Float64Array(rounds.length)
  const raw = new Float64Array(rounds.length)
  for (let i = 0; i < rounds.length; i++) {
    const r = (target[i] as number) / (rounds[i] as Round).loggingProbability
    raw[i] = r
    w[i] = Math.min(r, clip)
  }
  return { rounds, target, w, raw, bad, small: smallCount, unrewarded: unrewardedOf(rounds, target, policy) }
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
const normalQuantile = (p: number): number => {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239
  ]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const pl = 0.02425
  if (p <= 0) return -Infinity
  if (p >= 1) return Infinity
  const poly = (k: ReadonlyArray<number>, x: number): number => k.reduce((s, v) => s * x + v, 0)
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p))
    return poly(c, q) / (poly(d, q) * q + 1)
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    return -poly(c, q) / (poly(d, q) * q + 1)
  }
  const q = p - 0.5
  const r = q * q
  return (poly(a, r) * q) / (poly(b, r) * r + 1)
}

const percentile = (sorted: Float64Array, q: number): number => {
  if (sorted.length === 0) return NaN
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number))
}

/**
 * The report of a ratio Σ numᵢ / Σ denᵢ (den ≡ 1 for a plain mean).
 */
const report = (
  estimator: Estimator,
  weights: Weights,
  num: Float64Array,
  den: Float64Array | undefined,
  options: Options,
  weightWarnings: boolean,
  extra: ReadonlyArray<Warning> = []
): OffPolicy => {
  const n = num.length
  const confidence = options.confidence ?? 0.95
  const warnings: Array<Warning> = []
  if (weights.bad > 0)
    warnings.push({
      code: "badLoggingProbability",
      message: `${weights.bad} round(s) with a logging probability outside (0, 1] or a non-finite reward were left out`
    })
  let sumNum = 0
  let sumDen = 0
  for (let i = 0; i < n; i++) {
    sumNum += num[i] as number
    sumDen += den === undefined ? 1 : (den[i] as number)
  }
  const value = n === 0 || sumDen === 0 ? NaN : sumNum / sumDen
  // delta method: ψᵢ = (numᵢ − value·denᵢ) / mean(den)
  let ss = 0
  const meanDen = sumDen / n
  for (let i = 0; i < n; i++) {
    const psi = ((num[i] as number) - value * (den === undefined ? 1 : (den[i] as number))) / meanDen
    ss += psi * psi
  }
  const standardError = n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN
  const z = normalQuantile(0.5 + confidence / 2)
  const normal: Interval = [value - z * standardError, value + z * standardError]
  const resamples = Math.max(0, Math.floor(options.resamples ?? 1000))
  let bootstrap: Interval = [NaN, NaN]
  if (n > 0 && resamples > 0) {
    let rng = fromSeed(options.seed ?? 0)
    const stats = new Float64Array(resamples)
    let kept = 0
    for (let b = 0; b < resamples; b++) {
      let sn = 0
      let sd = 0
      for (let i = 0; i < n; i++) {
        const [j, next] = nextInt(rng, n)
        rng = next
        sn += num[j] as number
        sd += den === undefined ? 1 : (den[j] as number)
      }
      if (sd !== 0) stats[kept++] = sn / sd
    }
    const sorted = stats.slice(0, kept).sort()
    bootstrap = [percentile(sorted, (1 - confidence) / 2), percentile(sorted, (1 + confidence) / 2)]
  }
  // the rewarded rounds' terms wᵢrᵢ (for replay, the weight is the target's probability)
  let sr = 0
  let sr2 = 0
  let rewarded = 0
  for (let i = 0; i < weights.rounds.length; i++) {
    const w = estimator === "replay" ? (weights.target[i] as number) : (weights.w[i] as number)
    const term = Math.abs(w * (weights.rounds[i] as Round).reward)
    if (term > 0) {
      rewarded++
      sr += term
      sr2 += term * term
    }
  }
  const effectiveRewards = sr2 === 0 ? 0 : (sr * sr) / sr2
  let sw = 0
  let sw2 = 0
  let maxWeight = 0
  let maxRawWeight = 0
  let clipped = 0
  for (let i = 0; i < weights.w.length; i++) {
    const w = weights.w[i] as number
    const r = weights.raw[i] as number
    sw += w
    sw2 += w * w
    if (w > maxWeight) maxWeight = w
    if (r > maxRawWeight) maxRawWeight = r
    if (r > w) clipped++
  }
  const m = weights.w.length
  const meanWeight = m === 0 ? NaN : sw / m
  const effectiveSampleSize = sw2 === 0 ? 0 : (sw * sw) / sw2
  if (n === 0) warnings.push({ code: "noRounds", message: "no rounds to estimate from" })
  if (weightWarnings && m > 0) {
    const small = options.smallProbability ?? 0.001
    const large = options.largeWeight ?? 100
    if (weights.small > 0)
      warnings.push({
        code: "smallLoggingProbability",
        message: `${weights.small} round(s) with a logging probability below ${small}`
      })
    if (maxRawWeight > large)
      warnings.push({
        code: "largeWeight",
        message: `the largest weight is ${maxRawWeight.toPrecision(4)} (above ${large})${clipped > 0 ? `; ${clipped} clipped` : ""}`
      })
    if (effectiveSampleSize < 0.1 * m)
      warnings.push({
        code: "lowEffectiveSampleSize",
        message: `the effective sample size ${effectiveSampleSize.toFixed(1)} is below 10% of ${m} rounds`
      })
    const sdWeight = Math.sqrt(Math.max(0, sw2 / m - meanWeight * meanWeight) / m)
    if (clipped === 0 && m > 1 && Math.abs(meanWeight - 1) > 4 * sdWeight && Math.abs(meanWeight - 1) > 1e-9)
      warnings.push({
        code: "meanWeight",
        message: `the mean weight ${meanWeight.toPrecision(4)} is far from 1: the target may choose actions the log never shows`
      })
  }
  const fewRewards = options.fewRewards ?? 10
  if (estimator !== "directMethod" && n > 0 && fewRewards > 0) {
    if (effectiveRewards < fewRewards)
      warnings.push({
        code: "fewRewards",
        message: `the estimate rests on ${rewarded} rewarded round(s) the target would have chosen (effectively ${effectiveRewards.toFixed(1)}, below ${fewRewards}): its intervals may be too narrow; log more rounds`
      })
    if (weights.unrewarded.length > 0)
      warnings.push({
        code: "fewRewards",
        message: `the target chooses ${weights.unrewarded
          .map((u) => `${u.action} (${(100 * u.share).toFixed(0)}% at position ${u.position})`)
          .join(
            ", "
          )} but no logged round of it earned a reward: the estimate counts it as earning nothing, and its intervals cannot see what it would earn; log more rounds`
      })
  }
  warnings.push(...extra)
  return {
    estimator,
    value,
    rounds: n,
    confidence,
    normal,
    bootstrap,
    standardError,
    effectiveSampleSize,
    effectiveRewards,
    meanWeight,
    maxWeight,
    maxRawWeight,
    clipped,
    warnings
  }
}

const dmTerm = (policy: TargetPolicy, model: RewardModel, round: Round): number => {
  const d = policy(round.context, round.position)
  let s = 0
  for (const a of Object.keys(d)) {
    const p = d[a] as number
    if (p > 0) s += p * model(round.context, a, round.position)
  }
  return s
}

// -------------------------------------------------------------------------------------
// estimators
// -------------------------------------------------------------------------------------

/**
 * Replay (Li et al. 2011): the mean reward of the rounds where a deterministic target agrees with
 * the log. Warns `notDeterministic` when the target gives some logged action a probability
 * strictly between 0 and 1 (it then weights by that probability).
 *
 * @category estimators
 * @since 0.1.0
 */
export const replay = (data: LoggedData, policy: TargetPolicy, options: Options = {}): OffPolicy => {
  const weights = weightsOf(data, policy, options)
  const n = weights.rounds.length
  const num = new Float64Array(n)
  const den = new Float64Array(n)
  let fractional = 0
  let matches = 0
  for (let i = 0; i < n; i++) {
    const p = weights.target[i] as number
    if (p > 0 && p < 1) fractional++
    if (p > 0) matches++
    num[i] = p * (weights.rounds[i] as Round).reward
    den[i] = p
  }
  const extra: Array<Warning> = []
  if (fractional > 0)
    extra.push({ code: "notDeterministic", message: `the target is not deterministic on ${fractional} round(s)` })
  if (n > 0 && matches === 0) extra.push({ code: "noRounds", message: "no round matches the target's choice" })
  return report("replay", weights, num, den, options, false, extra)
}

/**
 * Inverse propensity scoring, with optional clipping (`options.clip`).
 *
 * @example
 * import { LoggedData, OffPolicy, TargetPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const log = LoggedData.fromRounds([
 *   { context: {}, action: "a", position: 1, reward: 1, loggingProbability: 0.5 },
 *   { context: {}, action: "b", position: 1, reward: 0, loggingProbability: 0.5 }
 * ])
 * const always = TargetPolicy.deterministic(() => "a")
 * assert.strictEqual(OffPolicy.ips(log, always).value, 1) // (2·1 + 0) / 2
 *
 * @category estimators
 * @since 0.1.0
 */
export const ips = (data: LoggedData, policy: TargetPolicy, options: Options = {}): OffPolicy => {
  const weights = weightsOf(data, policy, options)
  const n = weights.rounds.length
  const num = new Float64Array(n)
  for (let i = 0; i < n; i++) num[i] = (weights.w[i] as number) * (weights.rounds[i] as Round).reward
  return report("ips", weights, num, undefined, options, true)
}

/**
 * Self-normalised inverse propensity scoring, with optional clipping.
 *
 * @category estimators
 * @since 0.1.0
 */
export const snips = (data: LoggedData, policy: TargetPolicy, options: Options = {}): OffPolicy => {
  const weights = weightsOf(data, policy, options)
  const n = weights.rounds.length
  const num = new Float64Array(n)
  for (let i = 0; i < n; i++) num[i] = (weights.w[i] as number) * (weights.rounds[i] as Round).reward
  return report("snips", weights, num, weights.w, options, true)
}

/**
 * The direct method: the reward model's value of the target's choices. The weights are reported
 * for information; they enter neither the estimate nor the warnings.
 *
 * @category estimators
 * @since 0.1.0
 */
export const directMethod = (
  data: LoggedData,
  policy: TargetPolicy,
  model: RewardModel,
  options: Options = {}
): OffPolicy => {
  const weights = weightsOf(data, policy, options)
  const n = weights.rounds.length
  const num = new Float64Array(n)
  for (let i = 0; i < n; i++) num[i] = dmTerm(policy, model, weights.rounds[i] as Round)
  return report("directMethod", weights, num, undefined, options, false)
}

/**
 * Doubly robust: the direct method plus the weighted residuals of the logged rewards.
 *
 * @category estimators
 * @since 0.1.0
 */
export const doublyRobust = (
  data: LoggedData,
  policy: TargetPolicy,
  model: RewardModel,
  options: Options = {}
): OffPolicy => switchWith("doublyRobust", data, policy, model, Infinity, options)

/**
 * Switch doubly robust: doubly robust for rounds with weight ≤ `threshold`, the direct method
 * for the others.
 *
 * @category estimators
 * @since 0.1.0
 */
export const switchDoublyRobust = (
  data: LoggedData,
  policy: TargetPolicy,
  model: RewardModel,
  threshold: number,
  options: Options = {}
): OffPolicy => switchWith("switchDoublyRobust", data, policy, model, threshold, options)

const switchWith = (
  estimator: Estimator,
  data: LoggedData,
  policy: TargetPolicy,
  model: RewardModel,
  threshold: number,
  options: Options
): OffPolicy => {
  const weights = weightsOf(data, policy, options)
  const n = weights.rounds.length
  const num = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const round = weights.rounds[i] as Round
    const w = weights.w[i] as number
    const dm = dmTerm(policy, model, round)
    num[i] =
      (weights.raw[i] as number) <= threshold && w > 0
        ? dm + w * (round.reward - model(round.context, round.action, round.position))
        : dm
  }
  return report(estimator, weights, num, undefined, options, true)
}

// -------------------------------------------------------------------------------------
// reward models and utils
// -------------------------------------------------------------------------------------

/**
 * A simple reward model fitted on a log: the mean reward per action and position, shrunk towards
 * the log's mean reward with `strength` pseudo-rounds (default 10). Context-free: a baseline for
 * the direct method and doubly robust; bring a contextual model (e.g. a nextbest learner's
 * propensity) where the reward depends on the context.
 *
 * @category reward models
 * @since 0.1.0
 */
export const meanRewardModel = (data: LoggedData, strength = 10): RewardModel => {
  let total = 0
  const sums = new Map<string, readonly [number, number]>()
  for (const round of data.rounds) {
    total += round.reward
    const key = `${round.position}\u0000${round.action}`
    const [s, c] = sums.get(key) ?? [0, 0]
    sums.set(key, [s + round.reward, c + 1])
  }
  const mean = data.rounds.length === 0 ? 0 : total / data.rounds.length
  return (_context, action, position) => {
    const [s, c] = sums.get(`${position}\u0000${action}`) ?? [0, 0]
    return (s + strength * mean) / (c + strength)
  }
}

/**
 * The relative error |estimate − truth| / truth, as the Open Bandit Pipeline reports it.
 *
 * @example
 * import { OffPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(OffPolicy.relativeError(0.0045, 0.009), 0.5)
 *
 * @category utils
 * @since 0.1.0
 */
export const relativeError = (estimate: number, truth: number): number => Math.abs(estimate - truth) / Math.abs(truth)

/**
 * The empirical mean reward of a log (the on-policy value of its logging policy).
 *
 * @category utils
 * @since 0.1.0
 */
export const empiricalMean = (data: LoggedData): number => {
  let s = 0
  for (const round of data.rounds) s += round.reward
  return data.rounds.length === 0 ? NaN : s / data.rounds.length
}
