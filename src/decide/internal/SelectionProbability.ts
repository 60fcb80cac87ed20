/**
 * Selection probabilities: the probability with which the decision policy returned an action at
 * its rank in its slot, given the actions ranked above it in that slot — what off-policy
 * evaluation divides by. Randomness comes from three places: the learners' exploration draws, the
 * control group's random propensities, and an ε-greedy or uniform-random selection policy.
 *
 * - No randomness (a learner that does not explore, analytics off, greedy selection): 1.
 * - ε-greedy or uniform random over fixed propensities: exact, `1 − ε + ε/|L|` for the first of
 *   the `|L|` candidates that could be placed at that step, `ε/|L|` for any other.
 * - Control group with greedy selection, one slot: the first non-mandatory action's probability
 *   is exact (`scaledUniformWinProbability`); the others are estimated.
 * - Otherwise (Thompson sampling, naive Bayes with exploration, or mixtures): Monte Carlo —
 *   re-draw the randomness `draws` times and count how often the action comes at its rank when the
 *   ranks above it come out the same; the actual decision counts as one draw, so the estimate is
 *   `(1 + hits) / (1 + trials)`. Only the exploration of the candidates that reached the
 *   propensity stage is re-drawn (from the Beta distribution the learner reported in
 *   `Score.exploration`; uniformly in the control group; by scoring again for a learner that
 *   reports no distribution), each candidate from its own stream derived from the seed and its
 *   model key, and only thresholds, priority and the arbitration walk run again.
 *
 * Laws: probabilities lie in (0, 1]; `scaledUniformWinProbability` sums to at most 1 over the
 * candidates (to `1 − P(nobody passes)`), and equals `1/K` for K equal weights without thresholds.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The probability that candidate `i` has the largest priority `X_j = u_j · w_j`, where the `u_j`
 * are independent uniform draws on (0, 1), and a candidate takes part only when `u_j ≥ a_j` (its
 * threshold on the draw). Exact: the integral `∫ (1/w_i) Π_{j≠i} clamp(x/w_j, a_j, 1) dx` over
 * `[a_i·w_i, w_i]`, computed piecewise between the breakpoints. Weights must be positive.
 *
 * @example
 * import * as SelectionProbability from "./SelectionProbability.js"
 * import * as assert from "node:assert"
 * // two candidates, one with twice the weight: P(small wins) = ∫0^1 x/2 dx = 1/4
 * assert.ok(Math.abs(SelectionProbability.scaledUniformWinProbability([1, 2], [0, 0], 0) - 0.25) < 1e-12)
 * assert.ok(Math.abs(SelectionProbability.scaledUniformWinProbability([1, 2], [0, 0], 1) - 0.75) < 1e-12)
 *
 * @category operations
 * @since 0.1.0
 */
export const scaledUniformWinProbability = (
  weights: ReadonlyArray<number>,
  thresholds: ReadonlyArray<number>,
  i: number
): number => {
  const wi = weights[i]
  if (wi === undefined || !(wi > 0)) return 0
  const ai = Math.min(1, Math.max(0, thresholds[i] ?? 0))
  if (ai >= 1) return 0
  const start = ai * wi
  const end = wi
  const points: Array<number> = [start, end]
  for (let j = 0; j < weights.length; j++) {
    if (j === i) continue
    const w = weights[j] as number
    const a = Math.min(1, Math.max(0, thresholds[j] ?? 0))
    for (const x of [a * w, w]) if (x > start && x < end) points.push(x)
  }
  points.sort((x, y) => x - y)
  let total = 0
  for (let k = 0; k + 1 < points.length; k++) {
    const lo = points[k] as number
    const hi = points[k + 1] as number
    if (!(hi > lo)) continue
    const mid = (lo + hi) / 2
    // on (lo, hi) each other candidate's factor is a constant or x/w_j
    let constant = 1
    let degree = 0
    let ratioHi = hi
    let ratioLo = lo
    for (let j = 0; j < weights.length; j++) {
      if (j === i) continue
      const w = weights[j] as number
      const a = Math.min(1, Math.max(0, thresholds[j] ?? 0))
      if (!(w > 0)) continue
      if (mid >= w) continue // factor 1
      if (mid <= a * w) {
        constant *= a
        continue
      }
      degree++
      ratioHi *= hi / w
      ratioLo *= lo / w
    }
    total += (constant * (ratioHi - ratioLo)) / (degree + 1)
  }
  return total / wi
}
