/**
 * Time as data. An `Instant` is a whole number of milliseconds since the Unix epoch (UTC); the
 * library never reads the clock — the caller passes `now` in.
 *
 * Bounds: an instant lies in `[MIN_INSTANT, MAX_INSTANT]`, 0000-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z (the years ISO 8601 writes with four digits, birth dates of the 1900s
 * included). Every instant codec refuses one outside with `out_of_range`; a date or time that does
 * not exist (2024-02-30, 2023-02-29, 1900-02-29, month 13, hour 24, minute 60, second 60) is
 * refused with `invalid_value`, never rolled over.
 *
 * Derived instants: the bounds leave more than 260,000 years to either end of the range of `Date`
 * (±8.64e15 ms), far more than the bounded offsets the library adds (suppression windows and
 * durations, history feature windows: at most 36,600 days each), so an instant plus or minus such
 * offsets stays a valid `Date`. Offsets that are only bounded by safe integers (response timeouts,
 * retention windows) are compared, never turned into dates, except where the result is handed back
 * or stored as an instant: those results are clamped into the bounds (`clamp`) — a response
 * deadline (`decision.at + timeout`, `sent.at + timeout`) and the `firedAt`/`until` of an active
 * suppression (whose duration is rounded to whole milliseconds). A deadline or a suppression end
 * past `MAX_INSTANT` is `MAX_INSTANT`, so a decision tracked at the bound encodes to a snapshot
 * that decodes, and `Decision.render` never meets an invalid date.
 *
 * Codec law: for every valid instant `i`, `InstantCodec.decode(InstantCodec.encode(i))` is `i`.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "./DecodeError.js"

/**
 * Milliseconds since 1970-01-01T00:00:00Z, a whole number in `[MIN_INSTANT, MAX_INSTANT]`.
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

/**
 * The earliest instant: 0000-01-01T00:00:00.000Z (−62,167,219,200,000 ms), the first moment of
 * ISO 8601's four-digit years.
 *
 * @category constants
 * @since 0.1.0
 */
export const MIN_INSTANT: Instant = -62_167_219_200_000

/**
 * The latest instant: 9999-12-31T23:59:59.999Z (253,402,300,799,999 ms), the last moment of
 * ISO 8601's four-digit years.
 *
 * @category constants
 * @since 0.1.0
 */
export const MAX_INSTANT: Instant = 253_402_300_799_999

/**
 * Whether a value is a valid instant: a safe integer in `[MIN_INSTANT, MAX_INSTANT]`.
 *
 * @category refinements
 * @since 0.1.0
 */
export const isInstant = (u: unknown): u is Instant =>
  typeof u === "number" && Number.isSafeInteger(u) && u >= MIN_INSTANT && u <= MAX_INSTANT

/**
 * The nearest instant within `[MIN_INSTANT, MAX_INSTANT]`: how the library bounds what it derives
 * from an instant (a deadline, the end of a suppression) — a time past the end is the end.
 *
 * @category utils
 * @since 0.1.0
 */
export const clamp = (ms: number): number => (ms > MAX_INSTANT ? MAX_INSTANT : ms < MIN_INSTANT ? MIN_INSTANT : ms)

const ISO =
  /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
]

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

type Parsed =
  | { readonly _tag: "Instant"; readonly instant: Instant }
  | { readonly _tag: "Malformed" }
  | { readonly _tag: "Impossible"; readonly why: string }
  | { readonly _tag: "OutOfRange" }

const MALFORMED: Parsed = { _tag: "Malformed" }
const OUT_OF_RANGE: Parsed = { _tag: "OutOfRange" }

/** the calendar and clock fields checked before the text is read, so that nothing rolls over */
const parse = (text: string): Parsed => {
  const m = ISO.exec(text)
  if (m === null || m[1] === "-000000") return MALFORMED
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const date = `${m[1]}-${m[2]}-${m[3]}`
  const impossible = (why: string): Parsed => ({
    _tag: "Impossible",
    why: `"${text}" is not a real date and time: ${why}`
  })
  if (month < 1 || month > 12) return impossible(`${date} has no month ${m[2]} (months run 01–12)`)
  const days = daysInMonth(year, month)
  if (day < 1 || day > days)
    return impossible(`${date} does not exist (${MONTHS[month - 1] as string} ${m[1]} has ${days} days)`)
  if (m[4] !== undefined && Number(m[4]) > 23) return impossible(`there is no hour ${m[4]} (hours run 00–23)`)
  if (m[5] !== undefined && Number(m[5]) > 59) return impossible(`there is no minute ${m[5]} (minutes run 00–59)`)
  if (m[6] !== undefined && Number(m[6]) > 59) return impossible(`there is no second ${m[6]} (seconds run 00–59)`)
  if (m[7] !== undefined && Number(m[7]) > 23) return impossible(`the zone offset has no hour ${m[7]} (00–23)`)
  if (m[8] !== undefined && Number(m[8]) > 59) return impossible(`the zone offset has no minute ${m[8]} (00–59)`)
  if (year < 0 || year > 9999) return OUT_OF_RANGE
  const ms = Date.parse(m[4] !== undefined ? text : `${text}T00:00:00Z`)
  if (Number.isNaN(ms)) return MALFORMED
  return isInstant(ms) ? { _tag: "Instant", instant: ms } : OUT_OF_RANGE
}

/**
 * Parses an ISO 8601 date or date-time with an explicit zone (`Z` or `±hh:mm`); a bare date is
 * midnight UTC; the expanded form `+002024-05-01` is read too. `null` when the text is not such a
 * timestamp, names a date or time that does not exist (2024-02-30, 2023-02-29, month 13, hour 24,
 * minute 60, second 60: nothing rolls over), or lies outside `[MIN_INSTANT, MAX_INSTANT]`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const parseIso = (text: string): Instant | null => {
  const p = parse(text)
  return p._tag === "Instant" ? p.instant : null
}

/**
 * ISO 8601 text (UTC, millisecond precision) for an instant.
 *
 * @category destructors
 * @since 0.1.0
 */
export const toIso = (instant: Instant): string => new Date(instant).toISOString()

const RANGE = "expected an instant between 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"

/**
 * Decodes an instant from epoch milliseconds (a whole number) or ISO 8601 text with a zone;
 * encodes to ISO 8601 text. A fraction is `not_integer`; a date or time that does not exist
 * (2024-02-30, hour 24) is `invalid_value` with a message naming it; an instant outside
 * `[MIN_INSTANT, MAX_INSTANT]` is `out_of_range`.
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
      if (!Number.isFinite(u)) return failure(u, c, "non_finite", "expected an instant, found a non-finite number")
      return Number.isInteger(u)
        ? failure(u, c, "out_of_range", RANGE)
        : failure(u, c, "not_integer", "expected an instant: whole epoch milliseconds within the range of Date")
    }
    if (typeof u === "string") {
      const parsed = parse(u)
      switch (parsed._tag) {
        case "Instant":
          return t.success(parsed.instant)
        case "Impossible":
          return failure(u, c, "invalid_value", parsed.why)
        case "OutOfRange":
          return failure(u, c, "out_of_range", RANGE)
        case "Malformed":
          return failure(u, c, "invalid_value", "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z")
      }
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
