import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Availability from "../../src/catalog/Availability.js"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import { MAX_INSTANT, MIN_INSTANT } from "../../src/kernel/Time.js"
import { deepEq, decoderTotal, roundTrip } from "../laws.js"

const decode = decodeWith(Availability.codec)
const problems = (u: unknown) => {
  const r = decode(u)
  return E.isLeft(r) ? r.left.problems.map((p) => [p.path, p.code, p.message, p.found]) : "decoded"
}
const may1 = Date.UTC(2024, 4, 1)
const june1 = Date.UTC(2024, 5, 1)
const instantArb = fc.integer({ min: -8.64e15, max: 8.64e15 })
const availabilityOf = (instantArb: fc.Arbitrary<number>): fc.Arbitrary<Availability.Availability> =>
  fc.oneof(
    fc.constant(Availability.always),
    fc.constant(Availability.never),
    fc.constant(Availability.between({})),
    instantArb.map((from) => Availability.between({ from })),
    instantArb.map((until) => Availability.between({ until })),
    fc
      .tuple(instantArb, instantArb)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => Availability.between({ from: Math.min(a, b), until: Math.max(a, b) }))
  )
const availabilityArb = availabilityOf(instantArb)
/** availabilities the codec accepts: ends within the bounds of an instant */
const decodableArb = availabilityOf(fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }))

describe("Availability: constructors", () => {
  it("always and never are tagged values", () => {
    expect(Availability.always).toStrictEqual({ _tag: "Always" })
    expect(Availability.never).toStrictEqual({ _tag: "Never" })
  })
  it("between keeps only the ends it is given", () => {
    expect(Availability.between({ from: 1, until: 2 })).toStrictEqual({ _tag: "Between", from: 1, until: 2 })
    expect(Availability.between({ from: 1 })).toStrictEqual({ _tag: "Between", from: 1 })
    expect(Availability.between({ until: 2 })).toStrictEqual({ _tag: "Between", until: 2 })
    expect(Availability.between({})).toStrictEqual({ _tag: "Between" })
    expect(Object.keys(Availability.between({ until: 2 }))).toEqual(["_tag", "until"])
  })
})

describe("Availability.match", () => {
  const describeIt = Availability.match({
    Always: () => "always",
    Never: () => "never",
    Between: (from, until) => `between ${String(from)} and ${String(until)}`
  })
  it("calls the case of each tag, with the ends of a range (undefined when open)", () => {
    expect(describeIt(Availability.always)).toBe("always")
    expect(describeIt(Availability.never)).toBe("never")
    expect(describeIt(Availability.between({ from: 10, until: 20 }))).toBe("between 10 and 20")
    expect(describeIt(Availability.between({ from: 10 }))).toBe("between 10 and undefined")
    expect(describeIt(Availability.between({ until: 20 }))).toBe("between undefined and 20")
    expect(describeIt(Availability.between({}))).toBe("between undefined and undefined")
  })
  it("agrees with isAvailable when folded into the same test", () => {
    const available = (now: number) =>
      Availability.match({
        Always: () => true,
        Never: () => false,
        Between: (from, until) => (from === undefined || now >= from) && (until === undefined || now < until)
      })
    fc.assert(
      fc.property(availabilityArb, instantArb, (a, now) => available(now)(a) === Availability.isAvailable(a, now))
    )
  })
})

describe("Availability.isAvailable", () => {
  it("from is inclusive, until exclusive: the edges of May 2024", () => {
    const may = Availability.between({ from: may1, until: june1 })
    expect(Availability.isAvailable(may, may1 - 1)).toBe(false)
    expect(Availability.isAvailable(may, may1)).toBe(true)
    expect(Availability.isAvailable(may, june1 - 1)).toBe(true)
    expect(Availability.isAvailable(may, june1)).toBe(false)
  })
  it("an open start is available at any instant before until, an open end at any instant from from on", () => {
    const untilJune = Availability.between({ until: june1 })
    const fromMay = Availability.between({ from: may1 })
    expect([-8.64e15, 0, june1 - 1, june1].map((n) => Availability.isAvailable(untilJune, n))).toEqual([
      true,
      true,
      true,
      false
    ])
    expect([may1 - 1, may1, 8.64e15].map((n) => Availability.isAvailable(fromMay, n))).toEqual([false, true, true])
  })
  it("a range open at both ends is always available", () => {
    fc.assert(fc.property(instantArb, (now) => Availability.isAvailable(Availability.between({}), now)))
  })
  it("always holds at every instant, never at none", () => {
    fc.assert(
      fc.property(
        instantArb,
        (now) =>
          Availability.isAvailable(Availability.always, now) && !Availability.isAvailable(Availability.never, now)
      )
    )
  })
  it("a range holds exactly on from ≤ now < until", () => {
    fc.assert(
      fc.property(instantArb, instantArb, instantArb, (from, until, now) => {
        const holds = Availability.isAvailable(Availability.between({ from, until }), now)
        return holds === (from <= now && now < until)
      })
    )
  })
  it("at the edges of any non-empty range: from − 1 out, from in, until − 1 in, until out", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 1, max: 1e12 }), (from, length) => {
        const a = Availability.between({ from, until: from + length })
        const edges = [from - 1, from, from + length - 1, from + length].map((now) => Availability.isAvailable(a, now))
        expect(edges).toEqual([false, true, true, false])
      })
    )
  })
})

describe("Availability.codec: decoding", () => {
  it("reads the two words and ranges with ISO text or epoch milliseconds", () => {
    expect(decode("always")).toEqual(E.right(Availability.always))
    expect(decode("never")).toEqual(E.right(Availability.never))
    expect(decode({})).toEqual(E.right(Availability.between({})))
    expect(decode({ from: "2024-05-01" })).toEqual(E.right(Availability.between({ from: may1 })))
    expect(decode({ until: june1 })).toEqual(E.right(Availability.between({ until: june1 })))
    expect(decode({ from: "2024-05-01T02:00:00+02:00", until: "2024-06-01T00:00:00Z" })).toEqual(
      E.right(Availability.between({ from: may1, until: june1 }))
    )
  })
  it("keeps an absent end absent", () => {
    const r = decode({ from: may1 })
    expect(E.isRight(r) && Object.keys(r.right)).toEqual(["_tag", "from"])
  })
  it("rejects other words, with the accepted forms in the message", () => {
    const message = 'expected "always", "never" or { from?, until? }'
    expect(problems("sometimes")).toEqual([["$", "invalid_value", message, "sometimes"]])
    expect(problems("Always")).toEqual([["$", "invalid_value", message, "Always"]])
    expect(problems("")).toEqual([["$", "invalid_value", message, ""]])
  })
  it("rejects what is neither a word nor an object", () => {
    expect(problems(null)).toEqual([["$", "invalid_type", "expected availability range object", null]])
    expect(problems(3)).toEqual([["$", "invalid_type", "expected availability range object", 3]])
    expect(problems([])).toEqual([["$", "invalid_type", "expected availability range object", []]])
    expect(problems(undefined)).toEqual([["$", "required", "required: expected availability range object", undefined]])
  })
  it("an empty or reversed range: out_of_range at $.until", () => {
    expect(problems({ from: 10, until: 10 })).toEqual([["$.until", "out_of_range", "until must come after from", 10]])
    expect(problems({ from: 10, until: 5 })).toEqual([["$.until", "out_of_range", "until must come after from", 5]])
    expect(problems({ from: "2024-05-01", until: may1 })).toEqual([
      ["$.until", "out_of_range", "until must come after from", may1]
    ])
    expect(decode({ from: 10, until: 11 })).toEqual(E.right(Availability.between({ from: 10, until: 11 })))
  })
  it("reports every problem of a range at its own path: unknown keys first, then each bad end", () => {
    expect(problems({ from: "soon", to: june1, until: 1.5 })).toEqual([
      ["$.to", "unknown_key", 'unknown key "to" in availability range', june1],
      ["$.from", "invalid_value", "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z", "soon"],
      ["$.until", "not_integer", "expected an instant: whole epoch milliseconds within the range of Date", 1.5]
    ])
    expect(problems({ from: "2024-05-01T00:00:00", until: true })).toEqual([
      [
        "$.from",
        "invalid_value",
        "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z",
        "2024-05-01T00:00:00"
      ],
      ["$.until", "invalid_type", "expected an instant (epoch milliseconds or ISO 8601 text)", true]
    ])
  })
  it("is checks the tag", () => {
    expect(Availability.codec.is(Availability.always)).toBe(true)
    expect(Availability.codec.is(Availability.between({ from: 1 }))).toBe(true)
    expect(Availability.codec.is("always")).toBe(false)
    expect(Availability.codec.is(null)).toBe(false)
    expect(Availability.codec.is({})).toBe(false)
  })
  decoderTotal("Availability.codec", decode)
})

describe("Availability.codec: encoding", () => {
  it("writes the words, and ranges with ISO 8601 text and only the ends present", () => {
    expect(Availability.codec.encode(Availability.always)).toBe("always")
    expect(Availability.codec.encode(Availability.never)).toBe("never")
    expect(Availability.codec.encode(Availability.between({ from: may1, until: june1 }))).toStrictEqual({
      from: "2024-05-01T00:00:00.000Z",
      until: "2024-06-01T00:00:00.000Z"
    })
    expect(Availability.codec.encode(Availability.between({ from: may1 }))).toStrictEqual({
      from: "2024-05-01T00:00:00.000Z"
    })
    expect(Availability.codec.encode(Availability.between({ until: 0 }))).toStrictEqual({
      until: "1970-01-01T00:00:00.000Z"
    })
    expect(Availability.codec.encode(Availability.between({}))).toStrictEqual({})
  })
  roundTrip("Availability.codec", Availability.codec, decodableArb, deepEq, { numRuns: 500 })
})
