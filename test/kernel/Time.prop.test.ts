/**
 * Properties of calendar dates and instant bounds, against an oracle that does not share the
 * parser's code: a `Date` set field by field (which rolls an impossible date over, so that a date
 * is real exactly when its fields come back unchanged).
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import * as C from "../../src/kernel/internal/codec.js"
import { InstantCodec, MAX_INSTANT, MIN_INSTANT, isInstant, parseIso, toIso } from "../../src/kernel/Time.js"

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

interface Fields {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly ms: number
}

/** the instant of the fields, and whether the calendar kept them as they are (no roll-over) */
const oracle = (f: Fields): { readonly real: boolean; readonly instant: number } => {
  const d = new Date(0)
  d.setUTCFullYear(f.year, f.month - 1, f.day)
  d.setUTCHours(f.hour, f.minute, f.second, f.ms)
  const real =
    d.getUTCFullYear() === f.year &&
    d.getUTCMonth() === f.month - 1 &&
    d.getUTCDate() === f.day &&
    d.getUTCHours() === f.hour &&
    d.getUTCMinutes() === f.minute &&
    d.getUTCSeconds() === f.second
  return { real, instant: d.getTime() }
}

const textOf = (f: Fields): string =>
  `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}.${pad(f.ms, 3)}Z`

const leapYear = fc.constantFrom(0, 4, 400, 1600, 1904, 2000, 2024, 2400, 9996)
const year = fc.oneof(fc.integer({ min: 0, max: 9999 }), leapYear, fc.constantFrom(100, 1900, 2023, 2100, 9999))
const clock = {
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  ms: fc.integer({ min: 0, max: 999 })
}
const month = fc.integer({ min: 1, max: 12 })
/** any fields of a four-digit year, days 1–31, often at the end of a month: real dates and impossible ones */
const fields: fc.Arbitrary<Fields> = fc.oneof(
  fc.record({ year, month, day: fc.integer({ min: 1, max: 31 }), ...clock }),
  fc.record({ year, month, day: fc.integer({ min: 28, max: 31 }), ...clock }),
  fc.record({ year, month: fc.constantFrom(2, 4, 6, 9, 11), day: fc.integer({ min: 29, max: 31 }), ...clock })
)

const codeOf = (codec: Parameters<typeof decodeWith>[0], u: unknown): string | undefined => {
  const r = decodeWith(codec)(u)
  return E.isLeft(r) ? r.left.problems[0]?.code : undefined
}

describe("calendar dates", () => {
  it("every real date and time parses to the oracle's instant and round-trips through toIso", () => {
    fc.assert(
      fc.property(fields, (f) => {
        const o = oracle(f)
        fc.pre(o.real)
        const text = textOf(f)
        expect(parseIso(text)).toBe(o.instant)
        expect(toIso(o.instant)).toBe(text)
        expect(parseIso(toIso(o.instant))).toBe(o.instant)
        expect(parseIso(text.slice(0, 10))).toBe(oracle({ ...f, hour: 0, minute: 0, second: 0, ms: 0 }).instant)
      }),
      { numRuns: 1000 }
    )
  })
  it("every impossible day of a month is refused with invalid_value, never rolled over", () => {
    fc.assert(
      fc.property(fields, (f) => {
        fc.pre(!oracle(f).real)
        const text = textOf(f)
        expect(parseIso(text)).toBeNull()
        expect(parseIso(text.slice(0, 10))).toBeNull()
        expect(codeOf(InstantCodec, text)).toBe("invalid_value")
        expect(codeOf(C.instant, text.slice(0, 10))).toBe("invalid_value")
      }),
      { numRuns: 1000 }
    )
  })
  it("the last day of every month is real and the day after it is not", () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 12 }), (y, m) => {
        const last = new Date(0)
        last.setUTCFullYear(y, m, 0) // day 0 of the next month: the last day of this one
        const days = last.getUTCDate()
        const at = { year: y, month: m, hour: 0, minute: 0, second: 0, ms: 0 }
        expect(parseIso(textOf({ ...at, day: days }))).toBe(last.getTime())
        expect(parseIso(textOf({ ...at, day: days + 1 }))).toBeNull()
      }),
      { numRuns: 500 }
    )
  })
  it("fields out of their range are refused: month 00 and 13–99, day 00 and 32–99, hour 24–99, minute and second 60–99", () => {
    const base: Fields = { year: 2024, month: 5, day: 1, hour: 9, minute: 30, second: 0, ms: 0 }
    fc.assert(
      fc.property(
        fc.oneof(
          fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })).map((month) => ({ ...base, month })),
          fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 })).map((day) => ({ ...base, day })),
          fc.integer({ min: 24, max: 99 }).map((hour) => ({ ...base, hour })),
          fc.integer({ min: 60, max: 99 }).map((minute) => ({ ...base, minute })),
          fc.integer({ min: 60, max: 99 }).map((second) => ({ ...base, second }))
        ),
        (f) => {
          expect(parseIso(textOf(f))).toBeNull()
          expect(codeOf(InstantCodec, textOf(f))).toBe("invalid_value")
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe("instant bounds", () => {
  const inBounds = fc.oneof(
    fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }),
    fc.constantFrom(MIN_INSTANT, MAX_INSTANT, 0, -1)
  )
  const outOfBounds = fc.oneof(
    fc.integer({ min: MAX_INSTANT + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: MIN_INSTANT - 1 }),
    fc.constantFrom(MAX_INSTANT + 1, MIN_INSTANT - 1, 8.64e15, -8.64e15, 1e20, -1e300)
  )
  it("instants in bounds decode, as numbers and as their ISO text, with every instant codec", () => {
    fc.assert(
      fc.property(inBounds, (i) => {
        const n = i === 0 ? 0 : i // no negative zero
        expect(isInstant(n)).toBe(true)
        for (const codec of [InstantCodec, C.instant, C.epoch]) expect(decodeWith(codec)(n)).toEqual(E.right(n))
        expect(decodeWith(InstantCodec)(toIso(n))).toEqual(E.right(n))
        expect(decodeWith(C.instant)(toIso(n))).toEqual(E.right(n))
      }),
      { numRuns: 500 }
    )
  })
  it("whole numbers out of bounds are refused with out_of_range by every instant codec", () => {
    fc.assert(
      fc.property(outOfBounds, (u) => {
        expect(isInstant(u)).toBe(false)
        for (const codec of [InstantCodec, C.instant, C.epoch]) expect(codeOf(codec, u)).toBe("out_of_range")
      }),
      { numRuns: 500 }
    )
  })
  it("ISO text of a time out of bounds (expanded years, offsets across an end) is refused with out_of_range", () => {
    const beyond = fc.oneof(
      fc.integer({ min: 10_000, max: 999_999 }).map((y) => `+${pad(y, 6)}-01-01T00:00:00Z`),
      fc.integer({ min: 1, max: 999_999 }).map((y) => `-${pad(y, 6)}-06-15`),
      fc.integer({ min: 1, max: 59 }).map((m) => `9999-12-31T23:${pad(59 - m)}:00-01:00`),
      fc.integer({ min: 1, max: 59 }).map((m) => `0000-01-01T00:${pad(m)}:00+01:00`)
    )
    fc.assert(
      fc.property(beyond, (text) => {
        expect(parseIso(text)).toBeNull()
        expect(codeOf(InstantCodec, text)).toBe("out_of_range")
        expect(codeOf(C.instant, text)).toBe("out_of_range")
      }),
      { numRuns: 500 }
    )
  })
})
