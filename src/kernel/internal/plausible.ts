/**
 * Internal: plausibility codecs — numbers the boundary refuses although they are well formed,
 * because they are far more likely a unit mistake than what they say (`looks_like_seconds`):
 *
 * - `decisionTime`, a request's `now`: an instant given as a number in [1e9, 1e11) epoch
 *   milliseconds (1970-01-12T13:46:40Z – 1973-03-03T09:46:40Z) is refused: as epoch *seconds* the
 *   same number is 2001-09-09 – year 5138, which is what `Date.now() / 1000` or a Unix timestamp
 *   gives. Fractions in that range (`Date.now() / 1000` unrounded) are reported the same way.
 *   ISO 8601 text is never refused (it says which instant it means).
 * - `timeout`, a response timeout: whole milliseconds under one minute (60,000 ms) are refused —
 *   no response window is that short, and 1800 (30 minutes in seconds) is 1.8 s in milliseconds.
 *
 * Each message says why and gives the value in milliseconds it probably meant.
 *
 * @internal
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../DecodeError.js"
import { InstantCodec, MINUTE_MS, type Instant } from "../Time.js"
import { duration } from "./codec.js"

/**
 * The epoch milliseconds from which a number is read as epoch seconds (1e9 ms is 1970-01-12T13:46:40Z).
 *
 * @category constants
 * @since 0.1.0
 */
export const SECONDS_LIKE_FROM = 1e9

/**
 * The epoch milliseconds up to which (exclusive) a number is read as epoch seconds (1e11 ms is 1973-03-03T09:46:40Z).
 *
 * @category constants
 * @since 0.1.0
 */
export const SECONDS_LIKE_UNTIL = 1e11

/**
 * The shortest response timeout accepted from JSON: one minute.
 *
 * @category constants
 * @since 0.1.0
 */
export const MIN_TIMEOUT_MS = MINUTE_MS

/**
 * Whether an epoch-milliseconds number is in the range read as epoch seconds.
 *
 * @category refinements
 * @since 0.1.0
 */
export const looksLikeEpochSeconds = (u: unknown): u is number =>
  typeof u === "number" && u >= SECONDS_LIKE_FROM && u < SECONDS_LIKE_UNTIL

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`

/**
 * A number of seconds in words: `1800` → "30 minutes", `7200` → "2 hours", `90` → "90 seconds".
 *
 * @category utils
 * @since 0.1.0
 */
export const secondsInWords = (seconds: number): string =>
  seconds >= 86_400 && seconds % 86_400 === 0
    ? plural(seconds / 86_400, "day")
    : seconds >= 3_600 && seconds % 3_600 === 0
      ? plural(seconds / 3_600, "hour")
      : seconds >= 60 && seconds % 60 === 0
        ? plural(seconds / 60, "minute")
        : plural(seconds, "second")

/**
 * Why a timeout looks like seconds, or `undefined` when it does not (it is ≥ one minute).
 *
 * @category utils
 * @since 0.1.0
 */
export const timeoutProblem = (ms: number): string | undefined =>
  ms >= MIN_TIMEOUT_MS
    ? undefined
    : `${ms} ms looks like seconds (a response timeout is at least 1 minute, 60000 ms): ${secondsInWords(ms)} is ${
        ms * 1000
      }`

/**
 * A request's decision time: `Time.InstantCodec`, refusing numbers that look like epoch seconds
 * (`looks_like_seconds`, see the module header).
 *
 * @category codecs
 * @since 0.1.0
 */
export const decisionTime: t.Type<Instant, string, unknown> = new t.Type<Instant, string, unknown>(
  "Instant",
  InstantCodec.is,
  (u, c) =>
    looksLikeEpochSeconds(u)
      ? failure(
          u,
          c,
          "looks_like_seconds",
          `${u} ms is ${new Date(Math.floor(u)).toISOString()}, which looks like epoch seconds: ` +
            `as seconds it is ${new Date(Math.round(u * 1000)).toISOString()}, epoch milliseconds ${Math.round(u * 1000)}`
        )
      : InstantCodec.validate(u, c),
  InstantCodec.encode
)

/**
 * A response timeout in whole milliseconds, at least one minute (`looks_like_seconds` under it).
 *
 * @category codecs
 * @since 0.1.0
 */
export const timeout: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Timeout",
  (u): u is number => duration.is(u) && u >= MIN_TIMEOUT_MS,
  (u, c) => {
    const ms = duration.validate(u, c)
    if (ms._tag === "Left") return ms
    const why = timeoutProblem(ms.right)
    return why === undefined ? ms : failure(u, c, "looks_like_seconds", why)
  },
  (n) => n
)
