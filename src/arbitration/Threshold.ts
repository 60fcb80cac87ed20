/**
 * Thresholds on propensity and on priority, as a table keyed by any subset of
 * (direction, channel, issue, group): the most specific matching row applies. A row matches a
 * candidate when every key it names equals the candidate's; among matching rows the most specific
 * wins, where group outranks issue, issue outranks channel and channel outranks direction
 * (specificity is the bit mask group·8 + issue·4 + channel·2 + direction·1).
 *
 * Laws:
 * - With no matching row there is no threshold (`minimumFor` gives −∞): everything passes.
 * - Order-free on rows with distinct key sets: `lookup` does not depend on the rows' order.
 * - Adding a row that does not match a key never changes that key's threshold.
 *
 * @since 0.1.0
 */
import type * as t from "io-ts/lib/index.js"
import { nonEmptyString, numberIn, oneOf, struct } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One row of a threshold table: the minimum and the keys it applies to (absent = any).
 *
 * @category model
 * @since 0.1.0
 */
export interface Threshold {
  readonly direction?: "inbound" | "outbound"
  readonly channel?: string
  readonly issue?: string
  readonly group?: string
  readonly minimum: number
}

/**
 * What a threshold is looked up for: one candidate action on one channel.
 *
 * @category model
 * @since 0.1.0
 */
export interface Key {
  readonly direction: string
  readonly channel: string
  readonly issue: string
  readonly group: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A threshold row.
 *
 * @example
 * import { Threshold } from "nextbest"
 * import * as assert from "node:assert"
 * const rows = [
 *   Threshold.threshold(0.55),
 *   Threshold.threshold(0.6, { direction: "inbound" }),
 *   Threshold.threshold(0.57, { direction: "inbound", channel: "web", issue: "Sales" })
 * ]
 * const min = Threshold.minimumFor(rows)
 * assert.strictEqual(min({ direction: "inbound", channel: "web", issue: "Sales", group: "Cards" }), 0.57)
 * assert.strictEqual(min({ direction: "inbound", channel: "app", issue: "Sales", group: "Cards" }), 0.6)
 * assert.strictEqual(min({ direction: "outbound", channel: "email", issue: "Sales", group: "Cards" }), 0.55)
 *
 * @category constructors
 * @since 0.1.0
 */
export const threshold = (minimum: number, where: Omit<Threshold, "minimum"> = {}): Threshold => ({ ...where, minimum })

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * How specific a row is: group·8 + issue·4 + channel·2 + direction·1.
 *
 * @category operations
 * @since 0.1.0
 */
export const specificity = (row: Threshold): number =>
  (row.group === undefined ? 0 : 8) +
  (row.issue === undefined ? 0 : 4) +
  (row.channel === undefined ? 0 : 2) +
  (row.direction === undefined ? 0 : 1)

/**
 * Whether a row applies to a key.
 *
 * @category operations
 * @since 0.1.0
 */
export const matches = (row: Threshold, key: Key): boolean =>
  (row.direction === undefined || row.direction === key.direction) &&
  (row.channel === undefined || row.channel === key.channel) &&
  (row.issue === undefined || row.issue === key.issue) &&
  (row.group === undefined || row.group === key.group)

/**
 * The most specific row that applies to a key, if any (the first such row when two rows name the
 * same keys — the catalog codec rejects such duplicates).
 *
 * @category operations
 * @since 0.1.0
 */
export const lookup =
  (rows: ReadonlyArray<Threshold>) =>
  (key: Key): Threshold | undefined => {
    let best: Threshold | undefined
    let bestSpecificity = -1
    for (const row of rows) {
      if (!matches(row, key)) continue
      const s = specificity(row)
      if (s > bestSpecificity) {
        best = row
        bestSpecificity = s
      }
    }
    return best
  }

/**
 * The minimum that applies to a key: the most specific row's, or −∞ when no row applies.
 *
 * @category operations
 * @since 0.1.0
 */
export const minimumFor =
  (rows: ReadonlyArray<Threshold>) =>
  (key: Key): number =>
    lookup(rows)(key)?.minimum ?? Number.NEGATIVE_INFINITY

/**
 * A text naming the keys of a row, e.g. `inbound/web/Sales/*`, for traces and error messages.
 *
 * @category utils
 * @since 0.1.0
 */
export const describe = (row: Threshold): string =>
  [row.direction ?? "*", row.channel ?? "*", row.issue ?? "*", row.group ?? "*"].join("/")

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * A row as JSON: `{ direction?, channel?, issue?, group?, minimum }`; the minimum is any finite
 * number (propensity thresholds are further bounded to [0, 1] by the catalog codec).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<Threshold, unknown, unknown> = struct(
  "threshold",
  { minimum: numberIn(-Number.MAX_VALUE, Number.MAX_VALUE, "minimum") },
  {
    direction: oneOf(["inbound", "outbound"] as const, "direction"),
    channel: nonEmptyString,
    issue: nonEmptyString,
    group: nonEmptyString
  }
)
