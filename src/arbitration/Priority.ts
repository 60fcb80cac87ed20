/**
 * Priority: `P × C × V × L` — propensity, context weight, business value and lever — with each
 * factor switchable off (a switched-off factor counts as 1), and the order in which candidates
 * are ranked: mandatory first, then priority descending, then action id and channel ascending
 * (plain code-unit order, not locale order), so a ranking never depends on input order.
 *
 * Laws:
 * - With every factor switched off the priority is 1.
 * - Monotone: for non-negative factors, raising any switched-on factor never lowers the priority.
 * - Scale: multiplying every value by `k > 0` multiplies every priority by `k` (and so keeps the
 *   ranking).
 * - `OrdRanked` (the order of `compareRanked`) is a total order on `Ranked`: reflexive,
 *   antisymmetric (`compareRanked(x, y) = 0` only when x and y agree on being mandatory, on
 *   priority, action id and channel), transitive and total.
 * - Tie-break: between candidates of equal priority and class, the one with the smaller action id
 *   (then channel, in code-unit order) ranks first.
 *
 * @since 0.1.0
 */
import type { Ord } from "fp-ts/lib/Ord.js"
import type * as t from "io-ts/lib/index.js"
import { boolean, struct } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Which factors take part in the priority.
 *
 * @category model
 * @since 0.1.0
 */
export interface Factors {
  readonly propensity: boolean
  readonly contextWeight: boolean
  readonly value: boolean
  readonly lever: boolean
}

/**
 * The four factors of one candidate and its priority.
 *
 * @category model
 * @since 0.1.0
 */
export interface Breakdown {
  readonly propensity: number
  readonly contextWeight: number
  readonly value: number
  readonly lever: number
  readonly priority: number
}

/**
 * How an action takes part in arbitration: `default` (arbitrated, limited), `mandatory`
 * (always returned when it survives eligibility and suppression: bypasses thresholds, ranking
 * and limits) or `transactional` (arbitrated, but neither counts toward nor is stopped by contact
 * limits).
 *
 * @category model
 * @since 0.1.0
 */
export type EvaluationClass = "default" | "mandatory" | "transactional"

/**
 * What ranking needs to know of a candidate.
 *
 * @category model
 * @since 0.1.0
 */
export interface Ranked {
  readonly actionId: string
  readonly channel: string
  readonly evaluation: EvaluationClass
  readonly priority: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Every factor on: `P × C × V × L`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const allFactors: Factors = { propensity: true, contextWeight: true, value: true, lever: true }

/**
 * Every factor off: every priority is 1 and ranking falls back to the tie-break.
 *
 * @category constructors
 * @since 0.1.0
 */
export const noFactors: Factors = { propensity: false, contextWeight: false, value: false, lever: false }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The priority of one candidate under a choice of factors.
 *
 * @example
 * import { Priority } from "nextbest"
 * import * as assert from "node:assert"
 * assert.strictEqual(Priority.priority(Priority.allFactors)(0.5, 2, 50, 1.5), 75)
 * assert.strictEqual(Priority.priority({ ...Priority.allFactors, value: false })(0.5, 2, 50, 1), 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const priority =
  (factors: Factors) =>
  (propensity: number, contextWeight: number, value: number, lever: number): number =>
    (factors.propensity ? propensity : 1) *
    (factors.contextWeight ? contextWeight : 1) *
    (factors.value ? value : 1) *
    (factors.lever ? lever : 1)

/**
 * The full breakdown of one candidate (the factors as computed, whether switched on or not).
 *
 * @category operations
 * @since 0.1.0
 */
export const breakdown = (
  factors: Factors,
  propensity: number,
  contextWeight: number,
  value: number,
  lever: number
): Breakdown => ({
  propensity,
  contextWeight,
  value,
  lever,
  priority: priority(factors)(propensity, contextWeight, value, lever)
})

/**
 * Compares two candidates in ranking order: mandatory before others, then higher priority, then
 * action id ascending, then channel ascending. Negative when `x` ranks first.
 *
 * @category operations
 * @since 0.1.0
 */
export const compareRanked = (x: Ranked, y: Ranked): number => {
  const mx = x.evaluation === "mandatory"
  const my = y.evaluation === "mandatory"
  if (mx !== my) return mx ? -1 : 1
  if (x.priority !== y.priority) return x.priority > y.priority ? -1 : 1
  if (x.actionId !== y.actionId) return x.actionId < y.actionId ? -1 : 1
  if (x.channel !== y.channel) return x.channel < y.channel ? -1 : 1
  return 0
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The ranking order of `compareRanked` as an fp-ts `Ord` (first-ranked is least).
 *
 * @category instances
 * @since 0.1.0
 */
export const OrdRanked: Ord<Ranked> = {
  equals: (x, y) => compareRanked(x, y) === 0,
  compare: (x, y) => (compareRanked(x, y) < 0 ? -1 : compareRanked(x, y) > 0 ? 1 : 0)
}

/**
 * Factors as JSON: `{ propensity?, contextWeight?, value?, lever? }`, absent meaning on.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FactorsCodec: t.Type<Partial<Factors>, unknown, unknown> = struct(
  "factors",
  {},
  { propensity: boolean, contextWeight: boolean, value: boolean, lever: boolean }
)

/**
 * Factors with the given switches applied over `base`.
 *
 * @category utils
 * @since 0.1.0
 */
export const withSwitches = (base: Factors, switches: Partial<Factors> | undefined): Factors =>
  switches === undefined
    ? base
    : {
        propensity: switches.propensity ?? base.propensity,
        contextWeight: switches.contextWeight ?? base.contextWeight,
        value: switches.value ?? base.value,
        lever: switches.lever ?? base.lever
      }
