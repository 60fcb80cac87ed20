/**
 * Statistics of a binned predictor from its positive and negative counts per bin — the figures an
 * adaptive naive Bayes model is scored and judged by, computed exactly as Pega ADM computes them
 * (pega-datascientist-tools `cdh_utils`, which matches the platform's `GroupedPredictor.java`).
 *
 * For bin `i` of `n` bins with `P_i` positives and `N_i` negatives, `ΣP` and `ΣN` the totals:
 * - log-odds with 1/n smoothing: `ln(P_i + 1/n) − ln(ΣP + 1) − ln(N_i + 1/n) + ln(ΣN + 1)`;
 * - lift: `P_i(ΣP + ΣN) / ((P_i + N_i)ΣP)`;
 * - Z-ratio: `(pf − nf) / sqrt(pf(1 − pf)/ΣP + nf(1 − nf)/ΣN)` with `pf = P_i/ΣP`, `nf = N_i/ΣN`;
 * - AUC from bin counts: bins by propensity descending, trapezoid rule, reported as
 *   `0.5 + |0.5 − AUC|` (0.5 when either class is empty);
 * - feature importance: `Σ|LO_i|(P_i + N_i) / Σ(P_i + N_i)`.
 *
 * Laws: every function is total on finite non-negative counts (no NaN for empty bins or empty
 * classes: an undefined lift or Z-ratio is 0); the AUC lies in [0.5, 1] and does not depend on the
 * order of the bins.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const sum = (xs: ReadonlyArray<number>): number => {
  let s = 0
  for (const x of xs) s += x
  return s
}

/**
 * The log-odds contribution of each bin, with 1/n Laplace smoothing (n = number of bins).
 *
 * @example
 * import * as BinStatistics from "./BinStatistics.js"
 * import * as assert from "node:assert"
 *
 * const lo = BinStatistics.logOdds([13, 24, 17, 51, 7, 53, 13, 28], [423, 178, 250, 179, 83, 169, 77, 71])
 * assert.strictEqual(lo[0]?.toFixed(4), "-1.5397")
 *
 * @category operations
 * @since 0.1.0
 */
export const logOdds = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): ReadonlyArray<number> => {
  const n = positives.length
  if (n === 0) return []
  const base = Math.log(sum(negatives) + 1) - Math.log(sum(positives) + 1)
  const w = 1 / n
  return positives.map((p, i) => Math.log(p + w) - Math.log((negatives[i] ?? 0) + w) + base)
}

/**
 * The lift of each bin: its propensity relative to the predictor's overall propensity (0 for an
 * empty bin or no positives).
 *
 * @category operations
 * @since 0.1.0
 */
export const lift = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): ReadonlyArray<number> => {
  const P = sum(positives)
  const T = P + sum(negatives)
  return positives.map((p, i) => {
    const cases = p + (negatives[i] ?? 0)
    return cases === 0 || P === 0 ? 0 : (p * T) / (cases * P)
  })
}

/**
 * The Z-ratio of each bin: how far its share of positives differs from its share of negatives, in
 * standard errors (0 when undefined).
 *
 * @category operations
 * @since 0.1.0
 */
export const zRatio = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): ReadonlyArray<number> => {
  const P = sum(positives)
  const N = sum(negatives)
  return positives.map((p, i) => {
    if (P === 0 || N === 0) return 0
    const pf = p / P
    const nf = (negatives[i] ?? 0) / N
    const se = Math.sqrt((pf * (1 - pf)) / P + (nf * (1 - nf)) / N)
    return se === 0 ? 0 : (pf - nf) / se
  })
}

/**
 * The area under the ROC curve of a binned score from its counts per bin: bins ordered by
 * propensity, descending, and the trapezoid rule; reported as `0.5 + |0.5 − AUC|`.
 *
 * @example
 * import * as BinStatistics from "./BinStatistics.js"
 * import * as assert from "node:assert"
 *
 * const auc = BinStatistics.aucFromBinCounts([13, 24, 17, 51, 7, 53, 13, 28], [423, 178, 250, 179, 83, 169, 77, 71])
 * assert.strictEqual(auc.toFixed(6), "0.722077")
 *
 * @category operations
 * @since 0.1.0
 */
export const aucFromBinCounts = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): number => {
  const P = sum(positives)
  const N = sum(negatives)
  if (!(P > 0) || !(N > 0)) return 0.5
  const order = positives.map((_, i) => i)
  const rate = (i: number): number => {
    const p = positives[i] ?? 0
    const cases = p + (negatives[i] ?? 0)
    return cases === 0 ? 0 : p / cases
  }
  order.sort((a, b) => rate(b) - rate(a) || a - b)
  let tpr = 0
  let fpr = 0
  let area = 0
  for (const i of order) {
    const nextTpr = tpr + (positives[i] ?? 0) / P
    const nextFpr = fpr + (negatives[i] ?? 0) / N
    area += ((nextFpr - fpr) * (nextTpr + tpr)) / 2
    tpr = nextTpr
    fpr = nextFpr
  }
  return 0.5 + Math.abs(0.5 - area)
}

/**
 * The feature importance of a predictor: the mean absolute log-odds of its bins, weighted by cases
 * (unscaled; Pega's display form scales the largest predictor of a model to 100).
 *
 * @category operations
 * @since 0.1.0
 */
export const featureImportance = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): number => {
  const lo = logOdds(positives, negatives)
  let weighted = 0
  let cases = 0
  for (let i = 0; i < lo.length; i++) {
    const c = (positives[i] ?? 0) + (negatives[i] ?? 0)
    weighted += Math.abs(lo[i] ?? 0) * c
    cases += c
  }
  return cases === 0 ? 0 : weighted / cases
}

/**
 * The Laplace-smoothed propensity of a bin, as ADM's classifier returns it: `(0.5 + P) / (1 + P + N)`.
 *
 * @category operations
 * @since 0.1.0
 */
export const binPropensity = (positives: number, negatives: number): number =>
  (0.5 + positives) / (1 + positives + negatives)

/**
 * The likelihood-ratio (G) statistic of independence between the bins and the outcome:
 * `2 Σ_i [P_i ln(P_i / E⁺_i) + N_i ln(N_i / E⁻_i)]` with the expected counts
 * `E⁺_i = (P_i + N_i)·ΣP / (ΣP + ΣN)` (and `E⁻_i` alike), an empty cell contributing 0. It is `2n`
 * times the mutual information between bin and outcome; without association it is χ²-distributed
 * with (non-empty bins − 1) degrees of freedom.
 *
 * @example
 * import * as BinStatistics from "./BinStatistics.js"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(BinStatistics.gStatistic([10, 10], [90, 90]), 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const gStatistic = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): number => {
  const P = sum(positives)
  const N = sum(negatives)
  const T = P + N
  if (!(P > 0) || !(N > 0)) return 0
  let g = 0
  for (let i = 0; i < positives.length; i++) {
    const p = positives[i] ?? 0
    const n = negatives[i] ?? 0
    const cases = p + n
    if (cases === 0) continue
    if (p > 0) g += p * Math.log((p * T) / (cases * P))
    if (n > 0) g += n * Math.log((n * T) / (cases * N))
  }
  return Math.max(0, 2 * g)
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-13) */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
]
const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let a = LANCZOS[0] as number
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

/** the regularized upper incomplete gamma function Q(a, x) (series below a + 1, continued fraction above) */
const gammaQ = (a: number, x: number): number => {
  if (!(x > 0)) return 1
  const front = -x + a * Math.log(x) - logGamma(a)
  if (x < a + 1) {
    let term = 1 / a
    let total = term
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n)
      total += term
      if (Math.abs(term) < Math.abs(total) * 1e-15) break
    }
    return Math.max(0, 1 - total * Math.exp(front))
  }
  // Lentz's continued fraction
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return Math.min(1, Math.exp(front) * h)
}

/**
 * The upper tail `P(X ≥ x)` of a χ² distribution with `df` degrees of freedom (1 for `df ≤ 0` or
 * `x ≤ 0`).
 *
 * @example
 * import * as BinStatistics from "./BinStatistics.js"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(BinStatistics.chiSquareUpperTail(3.841458820694124, 1).toFixed(4), "0.0500")
 *
 * @category operations
 * @since 0.1.0
 */
export const chiSquareUpperTail = (x: number, df: number): number => (df <= 0 || !(x > 0) ? 1 : gammaQ(df / 2, x / 2))

/**
 * The p-value of the likelihood-ratio test of independence between a predictor's bins and the
 * outcome: `chiSquareUpperTail(gStatistic, non-empty bins − 1)` (1 without both outcomes).
 *
 * @example
 * import * as BinStatistics from "./BinStatistics.js"
 * import * as assert from "node:assert"
 *
 * // 2 of 100 against 12 of 100: a real difference
 * assert.ok(BinStatistics.independenceP([2, 12], [98, 88]) < 0.01)
 *
 * @category operations
 * @since 0.1.0
 */
export const independenceP = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): number => {
  let bins = 0
  for (let i = 0; i < positives.length; i++) if ((positives[i] ?? 0) + (negatives[i] ?? 0) > 0) bins++
  return chiSquareUpperTail(gStatistic(positives, negatives), bins - 1)
}

/**
 * The two-sided p-value of the Mann–Whitney test between positives and negatives over ordered bins
 * (ties within a bin): whether the AUC of the bins in their own order (not sorted by response
 * rate, so 0.5 on average without association) differs from 0.5, with the tie-corrected variance
 * `ΣP·ΣN/12 · ((T + 1) − Σ(t_i³ − t_i)/(T(T − 1)))`. 1 without both outcomes. The test of a trend:
 * one degree of freedom, where a test of independence spends one per bin.
 *
 * @example
 * import * as BinStatistics from "./BinStatistics.js"
 * import * as assert from "node:assert"
 *
 * // response rates rising with the bins
 * assert.ok(BinStatistics.trendP([2, 4, 6, 8, 10], [98, 96, 94, 92, 90]) < 0.01)
 *
 * @category operations
 * @since 0.1.0
 */
export const trendP = (positives: ReadonlyArray<number>, negatives: ReadonlyArray<number>): number => {
  const P = sum(positives)
  const N = sum(negatives)
  const T = P + N
  if (!(P > 0) || !(N > 0) || T < 2) return 1
  let u = 0
  let below = 0
  let ties = 0
  for (let i = 0; i < positives.length; i++) {
    const p = positives[i] ?? 0
    const n = negatives[i] ?? 0
    u += p * (below + n / 2)
    below += n
    const t = p + n
    ties += t * t * t - t
  }
  const variance = ((P * N) / 12) * (T + 1 - ties / (T * (T - 1)))
  if (!(variance > 0)) return 1
  const z = Math.abs(u - (P * N) / 2) / Math.sqrt(variance)
  return Math.min(1, 2 * upperNormal(z))
}

/** normal upper tail `1 − Φ(z)` for z ≥ 0, via Q(1/2, z²/2)/2 */
const upperNormal = (z: number): number => 0.5 * gammaQ(0.5, (z * z) / 2)
