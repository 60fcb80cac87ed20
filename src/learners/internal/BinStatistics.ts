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
