/**
 * Time as data. An `Instant` is a whole number of milliseconds since the Unix epoch (UTC); the
 * library never reads the clock — the caller passes `now` in.
 *
 * Codec law: for every valid instant `i`, `InstantCodec.decode(InstantCodec.encode(i))` is `i`.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "./DecodeError.js"

/**
 * Milliseconds since 1970-01-01T00:00:00Z, a safe integer within the range of `Date`.
 *
 * @category model
 * @since 0.1.0
 */
export type Instant = number

/**
 * @category constants
 * @since 0.1.0
 */
export const MINUTE_MS = 60_000

/**
 * @category constants
 * @since 0.1.0
 */
export const HOUR_MS = 3_600_000

/**
 * @category constants
 * @since 0.1.0
 */
export const DAY_MS = 86_400_000

const MAX_INSTANT = 8.64e15

/**
 * Whether a number is a valid instant.
 *
 * @category refinements
 * @since 0.1.0
 */
export const isInstant = (u: unknown): u is Instant =>
  typeof u === "number" && Number.isSafeInteger(u) && Math.abs(u) <= MAX_INSTANT

const ISO = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

/**
 * Parses an ISO 8601 date or date-time with an explicit zone (`Z` or `±hh:mm`); a bare date is
 * midnight UTC; years beyond 9999 use the expanded form `+010000-01-01`. `null` when the text is not such a timestamp.
 *
 * @category constructors
 * @since 0.1.0
 */
export const parseIso = (text: string): Instant | null => {
  if (!ISO.test(text)) return null
  const ms = Date.parse(text.includes("T") ? text : `${text}T00:00:00Z`)
  return isInstant(ms) ? ms : null
}

/**
 * ISO 8601 text (UTC, millisecond precision) for an instant.
 *
 * @category destructors
 * @since 0.1.0
 */
export const toIso = (instant: Instant): string => new Date(instant).toISOString()

/**
 * Decodes an instant from epoch milliseconds (a safe integer) or ISO 8601 text with a zone;
 * encodes to ISO 8601 text.
 *
 * @category codecs
 * @since 0.1.0
 */
export const InstantCodec: t.Type<Instant, string, unknown> = new t.Type<Instant, string, unknown>(
  "Instant",
  isInstant,
  (u, c) => {
    if (isInstant(u)) return t.success(u)
    if (typeof u === "number") {
      return Number.isFinite(u)
        ? failure(u, c, "not_integer", "expected an instant: whole epoch milliseconds within the range of Date")
        : failure(u, c, "non_finite", "expected an instant, found a non-finite number")
    }
    if (typeof u === "string") {
      const parsed = parseIso(u)
      return parsed === null
        ? failure(u, c, "invalid_value", "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z")
        : t.success(parsed)
    }
    return u === undefined
      ? failure(u, c, "required", "required: expected an instant")
      : failure(u, c, "invalid_type", "expected an instant (epoch milliseconds or ISO 8601 text)")
  },
  toIso
)

/**
 * Whole days between two instants (fractional), `to - from` in days.
 *
 * @category utils
 * @since 0.1.0
 */
export const daysBetween = (from: Instant, to: Instant): number => (to - from) / DAY_MS
