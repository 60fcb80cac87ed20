/**
 * Contact limits: at most `max` contacts per channel per period ("1 email a week"), or across
 * all channels ("3 contacts a week"). A contact is an interaction whose outcome is one of the
 * limit's `outcomes` (by default `sent`); the period is a rolling window of `periodDays` days
 * ending at `now`, i.e. interactions in `(now − period, now]`.
 *
 * Laws:
 * - `remaining = max(0, max − used)` and `used` counts only matching interactions in the window.
 * - Order-free: neither depends on the order of the history.
 * - Monotone: more history never raises the remaining capacity.
 * - The codec round-trips.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { matches, type History } from "../history/History.js"
import { DAY_MS, type Instant } from "../kernel/Time.js"
import {
  integerIn,
  isRecord,
  nonEmptyString,
  numberIn,
  stringOrStrings,
  struct,
  type Codec
} from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One contact limit.
 *
 * @category model
 * @since 0.1.0
 */
export interface ContactLimit {
  readonly id: string
  /** the channel it limits; absent: contacts on all channels together */
  readonly channel?: string
  readonly max: number
  readonly periodDays: number
  /** the outcomes that count as a contact */
  readonly outcomes: ReadonlyArray<string>
}

/**
 * How much of a limit a subject has used at `now`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Usage {
  readonly limit: ContactLimit
  readonly used: number
  readonly remaining: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The outcomes that count as a contact unless a limit says otherwise.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_CONTACT_OUTCOMES: ReadonlyArray<string> = ["sent"]

/**
 * A contact limit.
 *
 * @example
 * import { ContactLimit } from "nextbest"
 * import * as assert from "node:assert"
 * const DAY = 86_400_000
 * const weeklyEmail = ContactLimit.contactLimit("weekly-email", 1, 7, { channel: "email" })
 * const sent = { at: 1 * DAY, actionId: "a", issue: "Sales", group: "Cards", channel: "email", outcome: "sent" }
 * assert.strictEqual(ContactLimit.usage(weeklyEmail)([sent], 3 * DAY).remaining, 0)
 * assert.strictEqual(ContactLimit.usage(weeklyEmail)([sent], 9 * DAY).remaining, 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const contactLimit = (
  id: string,
  max: number,
  periodDays: number,
  options: { readonly channel?: string; readonly outcomes?: ReadonlyArray<string> } = {}
): ContactLimit =>
  options.channel === undefined
    ? { id, max, periodDays, outcomes: options.outcomes ?? DEFAULT_CONTACT_OUTCOMES }
    : { id, channel: options.channel, max, periodDays, outcomes: options.outcomes ?? DEFAULT_CONTACT_OUTCOMES }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The contacts a limit counts in a history at `now`.
 *
 * @category operations
 * @since 0.1.0
 */
export const used =
  (limit: ContactLimit) =>
  (history: History, now: Instant): number => {
    const from = now - limit.periodDays * DAY_MS
    const counted = matches(
      limit.channel === undefined ? { outcomes: limit.outcomes } : { outcomes: limit.outcomes, channel: limit.channel }
    )
    let n = 0
    // every interaction is looked at (not a search from the window's start): the count does not depend on the history's
    // order
    for (const i of history) if (i.at <= now && i.at > from && counted(i)) n++
    return n
  }

/**
 * Used and remaining contacts of a limit at `now`.
 *
 * @category operations
 * @since 0.1.0
 */
export const usage =
  (limit: ContactLimit) =>
  (history: History, now: Instant): Usage => {
    const n = used(limit)(history, now)
    return { limit, used: n, remaining: Math.max(0, limit.max - n) }
  }

/**
 * Whether a limit applies to a channel.
 *
 * @category operations
 * @since 0.1.0
 */
export const appliesTo = (limit: ContactLimit, channel: string): boolean =>
  limit.channel === undefined || limit.channel === channel

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const LimitStruct = struct(
  "contact limit",
  { id: nonEmptyString, max: integerIn(0, 1_000_000, "max"), periodDays: numberIn(0, 36_600, "days") },
  { channel: nonEmptyString, outcomes: stringOrStrings }
)

/**
 * A contact limit as JSON: `{ id, max, periodDays, channel?, outcomes? }` (`outcomes` defaults to
 * `["sent"]`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<ContactLimit> = new t.Type<ContactLimit, unknown, unknown>(
  "contact limit",
  (u): u is ContactLimit => isRecord(u) && typeof u["id"] === "string",
  (u, c) => {
    const r = LimitStruct.validate(u, c)
    if (r._tag === "Left") return r
    const l = r.right
    return t.success(
      contactLimit(
        l.id,
        l.max,
        l.periodDays,
        l.channel === undefined
          ? { outcomes: l.outcomes ?? DEFAULT_CONTACT_OUTCOMES }
          : { channel: l.channel, outcomes: l.outcomes ?? DEFAULT_CONTACT_OUTCOMES }
      )
    )
  },
  (l) => LimitStruct.encode(l)
)
