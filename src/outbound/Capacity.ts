/**
 * Volume constraints of an outbound run: "at most 50,000 emails tonight", "at most 5,000 GoldCard
 * offers", "at most 2,000 loan offers by SMS", "at most 8,000 offers with product card". A
 * capacity counts the actions a run sends across the whole population; it scopes them by any of
 * channel, issue, group, action and action properties (absent: any; properties: every listed one
 * must equal the action's, `Action.Properties`). A sent action uses one unit of every capacity that
 * applies to it.
 *
 * A budget is what is left of each capacity (by capacity id): a whole population's budget is
 * every capacity's `max`; `apportion` splits it between partitions so that the partitions'
 * budgets add up to it exactly.
 *
 * Laws:
 * - `appliesTo` holds exactly when every scope field the capacity sets equals the target's (and
 *   every property it lists is an own property of the target's `properties`, strictly equal).
 * - `apportion(cs, sizes)`: for every capacity, the partitions' budgets sum to its `max`, and each
 *   differs from its proportional share `max × size / Σ sizes` by less than 1.
 * - `codec`, `CapacitiesCodec`: `decode(encode(c))` is `c`; every problem is reported at
 *   its path with a stable code (two capacities with one id: `duplicate_id`).
 *
 * @since 0.1.0
 */
import type * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { PropertiesCodec, type Properties } from "../catalog/Action.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import {
  array,
  collect,
  failAt,
  integerIn,
  isRecord,
  nonEmptyString,
  struct,
  type Codec
} from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One volume constraint: at most `max` sent actions of its scope over the whole run.
 *
 * @category model
 * @since 0.1.0
 */
export interface Capacity {
  readonly id: string
  /** the most actions of this scope the run may send (a whole number ≥ 0) */
  readonly max: number
  /**
   * the fewest actions of this scope the run should send (a whole number in [0, max]; absent: 0).
   * `Streaming.allocate` meets it when its prices and reserve can and reports the shortfall when
   * not; `Greedy` and `DualPrices` ignore it.
   */
  readonly min?: number
  /** only actions sent on this channel (absent: every channel) */
  readonly channel?: string
  /** only actions of this issue */
  readonly issue?: string
  /** only actions of this group */
  readonly group?: string
  /** only this action */
  readonly actionId?: string
  /** only actions with all these properties (e.g. `{ product: "card" }`) */
  readonly properties?: Properties
}

/**
 * The scope of a capacity: any of channel, issue, group, action and properties.
 *
 * @category model
 * @since 0.1.0
 */
export type Scope = Omit<Capacity, "id" | "max" | "min">

/**
 * What a capacity is matched against: an action on a channel, with the action's properties.
 *
 * @category model
 * @since 0.1.0
 */
export interface Target {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
  /**
   * the action's properties (absent: none). Allocation looks capacities up once per distinct
   * object, so candidates of one action should share it (a decision's `Choice` shares the catalog's).
   */
  readonly properties?: Properties
}

/**
 * What is left of each capacity, by capacity id. A capacity missing from a budget is not limited
 * by it.
 *
 * @category model
 * @since 0.1.0
 */
export type Budget = Readonly<Record<string, number>>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A capacity: at most `max` sent actions of `scope` (and, with `min`, at least `min`).
 *
 * @example
 * import { Capacity } from "nextbest"
 * import * as assert from "node:assert"
 * const emails = Capacity.capacity("emails", 50_000, { channel: "email" })
 * const gold = Capacity.capacity("gold", 5_000, { actionId: "GoldCard" })
 * const cards = Capacity.capacity("cards", 8_000, { properties: { product: "card" } })
 * const target = {
 *   actionId: "GoldCard",
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   properties: { product: "card", tier: 2 }
 * }
 * assert.ok([emails, gold, cards].every((c) => Capacity.appliesTo(c, target)))
 * assert.ok(!Capacity.appliesTo(emails, { ...target, channel: "sms" }))
 * assert.ok(!Capacity.appliesTo(cards, { ...target, properties: { product: "loan" } }))
 * assert.strictEqual(Capacity.describe(gold), "gold: at most 5000 of action GoldCard")
 * assert.strictEqual(Capacity.describe(cards), 'cards: at most 8000 of product = "card"')
 *
 * @category constructors
 * @since 0.1.0
 */
export const capacity = (id: string, max: number, scope: Scope = {}, min?: number): Capacity => {
  const out: { -readonly [K in keyof Capacity]: Capacity[K] } = { id, max }
  if (min !== undefined) out.min = min
  if (scope.channel !== undefined) out.channel = scope.channel
  if (scope.issue !== undefined) out.issue = scope.issue
  if (scope.group !== undefined) out.group = scope.group
  if (scope.actionId !== undefined) out.actionId = scope.actionId
  if (scope.properties !== undefined) out.properties = scope.properties
  return out
}

/**
 * The budget of a whole run: every capacity's `max`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const budget = (capacities: ReadonlyArray<Capacity>): Budget =>
  Object.fromEntries(capacities.map((c) => [c.id, c.max]))

/**
 * Splits every capacity between partitions in proportion to their sizes (largest remainder), so
 * that the partitions' budgets add up to each `max` exactly. Ties of the remainder go to the
 * earlier partition.
 *
 * @example
 * import { Capacity } from "nextbest"
 * import * as assert from "node:assert"
 * const budgets = Capacity.apportion([Capacity.capacity("emails", 10, { channel: "email" })], [1, 1, 1])
 * assert.deepStrictEqual(budgets, [{ emails: 4 }, { emails: 3 }, { emails: 3 }])
 *
 * @category constructors
 * @since 0.1.0
 */
export const apportion = (capacities: ReadonlyArray<Capacity>, sizes: ReadonlyArray<number>): ReadonlyArray<Budget> => {
  const total = sizes.reduce((s, x) => s + Math.max(0, x), 0)
  const shares: Array<Array<readonly [string, number]>> = sizes.map(() => [])
  for (const c of capacities) {
    const exact = sizes.map((size) => (total > 0 ? (c.max * Math.max(0, size)) / total : c.max / sizes.length))
    const whole = exact.map(Math.floor)
    let left = c.max - whole.reduce((s, x) => s + x, 0)
    const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
    for (const [, i] of order) {
      if (left <= 0) break
      whole[i] = (whole[i] as number) + 1
      left--
    }
    whole.forEach((w, i) => (shares[i] as Array<readonly [string, number]>).push([c.id, w]))
  }
  return shares.map((entries) => Object.fromEntries(entries))
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/** every scope field but the properties */
const appliesToScope = (capacity: Capacity, target: Target): boolean =>
  (capacity.channel === undefined || capacity.channel === target.channel) &&
  (capacity.actionId === undefined || capacity.actionId === target.actionId) &&
  (capacity.group === undefined || capacity.group === target.group) &&
  (capacity.issue === undefined || capacity.issue === target.issue)

/** whether the target has every property of `wanted` (own keys, strictly equal: `1` is not `"1"`) */
const hasProperties = (wanted: Properties, target: Target): boolean => {
  const own = target.properties
  for (const key of Object.keys(wanted)) {
    if (own === undefined || !Object.prototype.hasOwnProperty.call(own, key) || own[key] !== wanted[key]) return false
  }
  return true
}

/**
 * Whether a capacity counts an action on a channel.
 *
 * @category operations
 * @since 0.1.0
 */
export const appliesTo = (capacity: Capacity, target: Target): boolean =>
  appliesToScope(capacity, target) && (capacity.properties === undefined || hasProperties(capacity.properties, target))

/**
 * A capacity as one line of text.
 *
 * @category operations
 * @since 0.1.0
 */
export const describe = (capacity: Capacity): string => {
  const scope: Array<string> = []
  if (capacity.actionId !== undefined) scope.push(`action ${capacity.actionId}`)
  if (capacity.issue !== undefined) scope.push(`issue ${capacity.issue}`)
  if (capacity.group !== undefined) scope.push(`group ${capacity.group}`)
  if (capacity.channel !== undefined) scope.push(`channel ${capacity.channel}`)
  for (const key of Object.keys(capacity.properties ?? {}))
    scope.push(`${key} = ${JSON.stringify((capacity.properties as Properties)[key])}`)
  const least = capacity.min === undefined || capacity.min === 0 ? "" : `at least ${capacity.min} and `
  return `${capacity.id}: ${least}at most ${capacity.max}${scope.length === 0 ? " actions" : ` of ${scope.join(", ")}`}`
}

/**
 * What is left of a capacity in a budget (`Infinity` when the budget does not limit it).
 *
 * @category operations
 * @since 0.1.0
 */
export const remaining = (budget: Budget, id: string): number =>
  Object.prototype.hasOwnProperty.call(budget, id) ? (budget[id] as number) : Number.POSITIVE_INFINITY

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * A capacity as JSON: `{ id, max, min?, channel?, issue?, group?, actionId?, properties? }` (`max`
 * and `min` whole numbers in [0, 10^12]; `properties` an object of strings, finite numbers and
 * booleans; `min` ≤ `max` is checked by `CapacitiesCodec`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Capacity> = struct(
  "capacity",
  { id: nonEmptyString, max: integerIn(0, 1e12, "max") },
  {
    min: integerIn(0, 1e12, "min"),
    channel: nonEmptyString,
    issue: nonEmptyString,
    group: nonEmptyString,
    actionId: nonEmptyString,
    properties: PropertiesCodec
  }
)

const CapacityList = array(codec)

/**
 * A list of capacities as JSON; ids are unique (`duplicate_id`), and `min` is at most `max`
 * (`out_of_range` at `min`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const CapacitiesCodec: Codec<ReadonlyArray<Capacity>> = new t.Type<ReadonlyArray<Capacity>, unknown, unknown>(
  "capacities",
  (u): u is ReadonlyArray<Capacity> => Array.isArray(u) && u.every((c) => isRecord(c) && typeof c["id"] === "string"),
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const list = collect(CapacityList.validate(u, c), errors)
    if (Array.isArray(u)) {
      const seen = new Set<string>()
      u.forEach((cap: unknown, i) => {
        if (!isRecord(cap) || typeof cap["id"] !== "string") return
        const id = cap["id"]
        const min = cap["min"]
        const max = cap["max"]
        if (typeof min === "number" && typeof max === "number" && Number.isInteger(min) && min > max)
          failAt(
            errors,
            t.appendContext(c, String(i), t.unknown, cap),
            "min",
            min,
            "out_of_range",
            `min must not exceed max (${max})`
          )
        if (seen.has(id))
          failAt(
            errors,
            t.appendContext(c, String(i), t.unknown, cap),
            "id",
            id,
            "duplicate_id",
            `duplicate capacity id "${id}"`
          )
        seen.add(id)
      })
    }
    return errors.length > 0 || list === undefined ? t.failures(errors) : t.success(list)
  },
  (a) => CapacityList.encode(a)
)

/**
 * Decodes a list of capacities, reporting every problem with its path.
 *
 * @example
 * import { Capacity, DecodeError } from "nextbest"
 * import * as assert from "node:assert"
 * const result = Capacity.decodeCapacities([
 *   { id: "emails", max: 50000, channel: "email" },
 *   { id: "emails", max: -1 }
 * ])
 * assert.ok(result._tag === "Left")
 * assert.strictEqual(
 *   DecodeError.render(result.left),
 *   [
 *     "2 problems:",
 *     "  $[1].max [out_of_range] expected a whole number in [0, 1000000000000] (found: -1)",
 *     '  $[1].id [duplicate_id] duplicate capacity id "emails" (found: "emails")'
 *   ].join("\n")
 * )
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeCapacities: (u: unknown) => E.Either<DecodeError, ReadonlyArray<Capacity>> =
  decodeWith(CapacitiesCodec)
