/**
 * Internal: inverse gap weighting's probabilities on flat arrays, shared by
 * `SelectionPolicy.inverseGap` and the arbitration walk (see `SelectionPolicy` for the rule and
 * its laws).
 *
 * @internal
 * @since 0.1.0
 */

/**
 * Inverse gap weighting's probabilities over scores, with `best` the index of the greedy
 * candidate, written into `out` (the rule of `SelectionPolicy.inverseGap`).
 *
 * @since 0.1.0
 */
export const inverseGapInto = (
  scores: ArrayLike<number>,
  count: number,
  best: number,
  gamma: number,
  floor: number,
  out: Float64Array | Array<number>
): void => {
  const low = Math.min(floor, 1 / count)
  const top = scores[best] as number
  let rest = 1
  for (let i = 0; i < count; i++) {
    if (i === best) continue
    const gap = top - (scores[i] as number)
    // NaN (an unscored candidate, or a non-finite best) counts as an infinite gap
    const raw = gap >= 0 ? 1 / (count + gamma * gap) : gap < 0 ? 1 / count : 0
    const p = raw > low ? raw : low
    out[i] = p
    rest -= p
  }
  out[best] = rest
}
