import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import { DAY_MS, InstantCodec, daysBetween, parseIso, toIso } from "../../src/kernel/Time.js"
import { deepEq, roundTrip } from "../laws.js"

describe("Instant", () => {
  it("parses ISO 8601 with a zone, and bare dates as midnight UTC", () => {
    expect(parseIso("2024-05-01T09:30:00Z")).toBe(Date.UTC(2024, 4, 1, 9, 30))
    expect(parseIso("2024-05-01T09:30:00.250+02:00")).toBe(Date.UTC(2024, 4, 1, 7, 30, 0, 250))
    expect(parseIso("2024-05-01")).toBe(Date.UTC(2024, 4, 1))
  })
  it("refuses local times and junk", () => {
    expect(parseIso("2024-05-01T09:30:00")).toBeNull()
    expect(parseIso("yesterday")).toBeNull()
    expect(parseIso("2024-13-45T00:00:00Z")).toBeNull()
  })
  it("decodes numbers and text, with stable codes for bad input", () => {
    const decode = decodeWith(InstantCodec)
    expect(decode(0)).toEqual(E.right(0))
    expect(decode("1970-01-02T00:00:00Z")).toEqual(E.right(DAY_MS))
    const codes = [1.5, Number.NaN, "soon", undefined, {}].map((u) => {
      const r = decode(u)
      return E.isLeft(r) ? r.left.problems[0]?.code : "ok"
    })
    expect(codes).toEqual(["not_integer", "non_finite", "invalid_value", "required", "invalid_type"])
  })
  it("encodes to ISO text", () => {
    expect(toIso(DAY_MS)).toBe("1970-01-02T00:00:00.000Z")
    expect(daysBetween(0, 3 * DAY_MS)).toBe(3)
  })
  roundTrip("InstantCodec", InstantCodec, fc.integer({ min: -8.64e15, max: 8.64e15 }), deepEq)
})
