/**
 * Availability: whether an action can be offered at all at a moment — always, never, or within a
 * date range `[from, until)` (either end may be open).
 *
 * Laws:
 * - `always` is available at every instant, `never` at none.
 * - A range is available exactly on `from ≤ now < until`.
 * - The codec round-trips (instants encode as ISO 8601 text).
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"
import { InstantCodec, type Instant } from "../kernel/Time.js"
import { failAt, struct, type Codec } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * When an action can be offered.
 *
 * @category model
 * @since 0.1.0
 */
export type Availability =
  | { readonly _tag: "Always" }
  | { readonly _tag: "Never" }
  | { readonly _tag: "Between"; readonly from?: Instant; readonly until?: Instant }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Available at every instant.
 *
 * @category constructors
 * @since 0.1.0
 */
export const always: Availability = { _tag: "Always" }

/**
 * Never available (switched off).
 *
 * @category constructors
 * @since 0.1.0
 */
export const never: Availability = { _tag: "Never" }

/**
 * Available from `from` (inclusive) until `until` (exclusive); either may be absent.
 *
 * @example
 * import { Availability } from "nextbest"
 * import * as assert from "node:assert"
 * const may = Availability.between({ from: Date.UTC(2024, 4, 1), until: Date.UTC(2024, 5, 1) })
 * assert.strictEqual(Availability.isAvailable(may, Date.UTC(2024, 4, 15)), true)
 * assert.strictEqual(Availability.isAvailable(may, Date.UTC(2024, 5, 1)), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const between = (range: { readonly from?: Instant; readonly until?: Instant }): Availability => ({
  _tag: "Between",
  ...range
})

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A total fold over availabilities.
 *
 * @category destructors
 * @since 0.1.0
 */
export const match =
  <B>(cases: {
    readonly Always: () => B
    readonly Never: () => B
    readonly Between: (from: Instant | undefined, until: Instant | undefined) => B
  }) =>
  (a: Availability): B => {
    switch (a._tag) {
      case "Always":
        return cases.Always()
      case "Never":
        return cases.Never()
      case "Between":
        return cases.Between(a.from, a.until)
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Whether an action with this availability can be offered at `now`.
 *
 * @category operations
 * @since 0.1.0
 */
export const isAvailable = (a: Availability, now: Instant): boolean => {
  switch (a._tag) {
    case "Always":
      return true
    case "Never":
      return false
    case "Between":
      return (a.from === undefined || now >= a.from) && (a.until === undefined || now < a.until)
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const Range = struct("availability range", {}, { from: InstantCodec, until: InstantCodec })

/**
 * Availability as JSON: `"always"`, `"never"` or `{ from?, until? }` with instants as epoch
 * milliseconds or ISO 8601 text (`until` must come after `from`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Availability> = new t.Type<Availability, unknown, unknown>(
  "availability",
  (u): u is Availability => typeof u === "object" && u !== null && typeof (u as { _tag?: unknown })._tag === "string",
  (u, c) => {
    if (u === "always") return t.success(always)
    if (u === "never") return t.success(never)
    if (typeof u === "string") return failure(u, c, "invalid_value", 'expected "always", "never" or { from?, until? }')
    const r = Range.validate(u, c)
    if (r._tag === "Left") return r
    const { from, until } = r.right
    if (from !== undefined && until !== undefined && until <= from) {
      const errors: Array<t.ValidationError> = []
      failAt(errors, c, "until", until, "out_of_range", "until must come after from")
      return t.failures(errors)
    }
    return t.success(between(r.right))
  },
  (a): unknown =>
    match<unknown>({
      Always: () => "always",
      Never: () => "never",
      Between: (from, until) =>
        Range.encode(
          from === undefined ? (until === undefined ? {} : { until }) : until === undefined ? { from } : { from, until }
        )
    })(a)
)
