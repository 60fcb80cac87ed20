/**
 * Context weights: rows `(key = value) → issue or group ± %` matched against the request's
 * context attributes ("intent = cancel → Retention +100 %"). The weights of every matching row
 * for an action's issue, and for its group, are summed and become `C = 1 + Σw/100` (never below 0).
 *
 * Laws:
 * - With no matching row, `C = 1`.
 * - Order-free: the factor does not depend on the order of the rows.
 * - Monotone: raising a matching row's weight never lowers `C`.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"
import { nonEmptyString, struct, type Codec } from "../kernel/internal/codec.js"
import { fromPercent, WeightCodec, type Weight } from "./Lever.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A context attribute value a row can match: compared with `===`.
 *
 * @category model
 * @since 0.1.0
 */
export type ContextValue = string | number | boolean

/**
 * One context-weight row: when the context attribute `key` equals `value`, the actions of
 * `issue` (or only of `group` in that issue) get `weight` percent more priority.
 *
 * @category model
 * @since 0.1.0
 */
export interface ContextWeight {
  readonly key: string
  readonly value: ContextValue
  readonly issue: string
  readonly group?: string
  readonly weight: Weight
}

/**
 * The summed weights of the rows matching one context, by issue and by group.
 *
 * @category model
 * @since 0.1.0
 */
export interface Matched {
  /** summed weight by issue name */
  readonly issues: ReadonlyMap<string, number>
  /** summed weight by `groupKey(issue, group)` */
  readonly groups: ReadonlyMap<string, number>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A context-weight row.
 *
 * @example
 * import { ContextWeight } from "nextbest"
 * import * as assert from "node:assert"
 * const rows = [ContextWeight.contextWeight("intent", "cancel", { issue: "Retention" }, 100)]
 * const matched = ContextWeight.match(rows)({ intent: "cancel" })
 * assert.strictEqual(ContextWeight.factor(matched, "Retention", "Cards"), 2)
 * assert.strictEqual(ContextWeight.factor(matched, "Sales", "Cards"), 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const contextWeight = (
  key: string,
  value: ContextValue,
  target: { readonly issue: string; readonly group?: string },
  weight: Weight
): ContextWeight =>
  target.group === undefined
    ? { key, value, issue: target.issue, weight }
    : { key, value, issue: target.issue, group: target.group, weight }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The key of a group within its issue (group names are unique per issue, not globally): issue and
 * group joined by U+0000. Injective on the names a catalog accepts, which never contain U+0000
 * (see `Models` on keys).
 *
 * @category utils
 * @since 0.1.0
 */
export const groupKey = (issue: string, group: string): string => `${issue}\u0000${group}`

const hasOwn = Object.prototype.hasOwnProperty

/**
 * The no-match result: every factor is 1.
 *
 * @category constants
 * @since 0.1.0
 */
export const none: Matched = { issues: new Map(), groups: new Map() }

/**
 * Compiles rows into a matcher over context attributes: rows are indexed by key once, and each
 * call looks only at the keys the rows mention.
 *
 * @category operations
 * @since 0.1.0
 */
export const match = (
  rows: ReadonlyArray<ContextWeight>
): ((attributes: Readonly<Record<string, unknown>>) => Matched) => {
  if (rows.length === 0) return () => none
  const byKey = new Map<string, Array<ContextWeight>>()
  for (const row of rows) {
    const list = byKey.get(row.key)
    if (list === undefined) byKey.set(row.key, [row])
    else list.push(row)
  }
  const keys = [...byKey.keys()]
  return (attributes) => {
    let issues: Map<string, number> | undefined
    let groups: Map<string, number> | undefined
    for (const key of keys) {
      if (!hasOwn.call(attributes, key)) continue
      const actual = attributes[key]
      for (const row of byKey.get(key) as Array<ContextWeight>) {
        if (row.value !== actual) continue
        if (row.group === undefined) {
          issues ??= new Map()
          issues.set(row.issue, (issues.get(row.issue) ?? 0) + row.weight)
        } else {
          groups ??= new Map()
          const g = groupKey(row.issue, row.group)
          groups.set(g, (groups.get(g) ?? 0) + row.weight)
        }
      }
    }
    return issues === undefined && groups === undefined
      ? none
      : { issues: issues ?? none.issues, groups: groups ?? none.groups }
  }
}

/**
 * The summed weight in percent for an action of `issue` › `group`.
 *
 * @category operations
 * @since 0.1.0
 */
export const percent = (matched: Matched, issue: string, group: string): number =>
  (matched.issues.get(issue) ?? 0) + (matched.groups.size === 0 ? 0 : (matched.groups.get(groupKey(issue, group)) ?? 0))

/**
 * The context weight `C = max(0, 1 + Σw/100)` of an action of `issue` › `group`.
 *
 * @category operations
 * @since 0.1.0
 */
export const factor = (matched: Matched, issue: string, group: string): number =>
  fromPercent(percent(matched, issue, group))

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const ContextValueCodec: Codec<ContextValue> = new t.Type<ContextValue, unknown, unknown>(
  "context value",
  (u): u is ContextValue =>
    typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u)),
  (u, c) => {
    if (typeof u === "string" || typeof u === "boolean") return t.success(u)
    if (typeof u === "number")
      return Number.isFinite(u) ? t.success(u) : failure(u, c, "non_finite", "expected a finite number")
    return u === undefined
      ? failure(u, c, "required", "required: expected a string, number or boolean")
      : failure(u, c, "invalid_type", "expected a string, number or boolean")
  },
  (a) => a
)

/**
 * One row as JSON: `{ key, value, issue, group?, weight }`. Whether the issue and group exist is
 * checked by the catalog codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<ContextWeight, unknown, unknown> = struct(
  "context weight",
  { key: nonEmptyString, value: ContextValueCodec, issue: nonEmptyString, weight: WeightCodec },
  { group: nonEmptyString }
)
