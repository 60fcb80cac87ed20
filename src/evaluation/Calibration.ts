/**
 * Calibration: whether predicted propensities match observed response rates — what a priority
 * `P × V` needs, and what AUC does not measure.
 *
 * - `brier`: the mean squared error of the propensities, `Σ(p − y)² / n`.
 * - `reliability`: equal-width bins of predicted propensity, each with its mean prediction, its
 *   observed rate and a 95% Wilson interval for that rate.
 * - `expectedCalibrationError`: `Σ_b (n_b / n)·|observed_b − predicted_b|` over the reliability
 *   bins.
 *
 * Laws: a perfectly calibrated constant prediction of the base rate has ECE 0; `brier` lies in
 * [0, 1] for propensities in [0, 1]; the reliability bins' counts sum to n.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One reliability bin: predictions in `[lower, upper>` (the last bin includes 1).
 *
 * @category model
 * @since 0.1.0
 */
export interface ReliabilityBin {
  readonly lower: number
  readonly upper: number
  readonly count: number
  readonly positives: number
  /** mean predicted propensity (NaN for an empty bin) */
  readonly predicted: number
  /** observed response rate (NaN for an empty bin) */
  readonly observed: number
  /** 95% Wilson score interval of the observed rate */
  readonly wilson: readonly [number, number]
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The Brier score.
 *
 * @example
 * import { Calibration } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(Calibration.brier([1, 0, 0.5], [true, false, true]), 0.25 / 3)
 *
 * @category operations
 * @since 0.1.0
 */
export const brier = (predictions: ReadonlyArray<number>, positive: ReadonlyArray<boolean>): number => {
  const n = Math.min(predictions.length, positive.length)
  if (n === 0) return 0
  let s = 0
  for (let i = 0; i < n; i++) {
    const d = (predictions[i] as number) - (positive[i] === true ? 1 : 0)
    s += d * d
  }
  return s / n
}

/**
 * The 95% Wilson score interval of `positives` out of `n`.
 *
 * @category operations
 * @since 0.1.0
 */
export const wilson = (positives: number, n: number, z = 1.959963984540054): readonly [number, number] => {
  if (n <= 0) return [0, 1]
  const p = positives / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}

/**
 * Equal-width reliability bins over [0, 1].
 *
 * @category operations
 * @since 0.1.0
 */
export const reliability = (
  predictions: ReadonlyArray<number>,
  positive: ReadonlyArray<boolean>,
  bins = 10
): ReadonlyArray<ReliabilityBin> => {
  const k = Math.max(1, Math.floor(bins))
  const count = new Float64Array(k)
  const pos = new Float64Array(k)
  const sum = new Float64Array(k)
  const n = Math.min(predictions.length, positive.length)
  for (let i = 0; i < n; i++) {
    const p = Math.min(1, Math.max(0, predictions[i] as number))
    if (Number.isNaN(p)) continue
    const b = Math.min(k - 1, Math.floor(p * k))
    count[b] = (count[b] as number) + 1
    sum[b] = (sum[b] as number) + p
    if (positive[i] === true) pos[b] = (pos[b] as number) + 1
  }
  return Array.from({ length: k }, (_, b) => {
    const c = count[b] as number
    const y = pos[b] as number
    return {
      lower: b / k,
      upper: (b + 1) / k,
      count: c,
      positives: y,
      predicted: c === 0 ? NaN : (sum[b] as number) / c,
      observed: c === 0 ? NaN : y / c,
      wilson: wilson(y, c)
    }
  })
}

/**
 * The expected calibration error over equal-width bins.
 *
 * @example
 * import { Calibration } from "nextbest"
 * import * as assert from "node:assert"
 *
 * // predicting the base rate everywhere is calibrated
 * assert.strictEqual(Calibration.expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [true, false, false, false]), 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const expectedCalibrationError = (
  predictions: ReadonlyArray<number>,
  positive: ReadonlyArray<boolean>,
  bins = 10
): number => {
  const rel = reliability(predictions, positive, bins)
  let n = 0
  let s = 0
  for (const b of rel) {
    if (b.count === 0) continue
    n += b.count
    s += b.count * Math.abs(b.observed - b.predicted)
  }
  return n === 0 ? 0 : s / n
}
