/**
 * Levers: the business's thumb on the scale. An action, its group and its issue each carry a
 * weight in percent; the lever is `L = 1 + Σw/100`, never below 0 (55 → 1.55, −100 → 0).
 * Context weights use the same percent arithmetic (see `ContextWeight`).
 *
 * Laws:
 * - `lever()` is 1 (no weight, no effect) and `lever(w1, …, wn) = fromPercent(w1 + … + wn)`.
 * - Monotone: raising any weight never lowers the lever.
 * - `fromPercent(p) ≥ 0` for every finite `p`.
 *
 * @since 0.1.0
 */
import type * as t from "io-ts/lib/index.js"
import { numberIn } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A weight in percent: +55 raises a priority by 55 %, −100 cancels it.
 *
 * @category model
 * @since 0.1.0
 */
export type Weight = number

/**
 * The smallest weight a catalog may hold.
 *
 * @category constants
 * @since 0.1.0
 */
export const MIN_WEIGHT = -100

/**
 * The largest weight a catalog may hold.
 *
 * @category constants
 * @since 0.1.0
 */
export const MAX_WEIGHT = 10_000

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The factor of a summed percentage: `max(0, 1 + p/100)`.
 *
 * @example
 * import { Lever } from "nextbest"
 * import * as assert from "node:assert"
 * assert.strictEqual(Lever.fromPercent(55), 1.55)
 * assert.strictEqual(Lever.fromPercent(-150), 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const fromPercent = (percent: number): number => {
  const f = 1 + percent / 100
  return f > 0 ? f : 0
}

/**
 * The lever of an action from its own, its group's and its issue's weights (any number of them).
 *
 * @example
 * import { Lever } from "nextbest"
 * import * as assert from "node:assert"
 * assert.strictEqual(Lever.lever(30, 20, 5), 1.55)
 * assert.strictEqual(Lever.lever(), 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const lever = (...weights: ReadonlyArray<Weight>): number => {
  let sum = 0
  for (const w of weights) sum += w
  return fromPercent(sum)
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * A weight: a finite number in [−100, 10000] (`non_finite`, `out_of_range`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const WeightCodec: t.Type<Weight, unknown, unknown> = numberIn(MIN_WEIGHT, MAX_WEIGHT, "weight")
