import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Lever from "../../src/arbitration/Lever.js"

describe("Lever", () => {
  it("is 1 + Σw/100, never below 0 (known answers)", () => {
    expect(Lever.lever(55)).toBe(1.55)
    expect(Lever.lever(30, 20, 5)).toBe(1.55)
    expect(Lever.lever(-100)).toBe(0)
    expect(Lever.lever(-60, -60)).toBe(0)
    expect(Lever.lever()).toBe(1)
  })
  it("is monotone in every weight", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200, max: 200 }),
        fc.integer({ min: -200, max: 200 }),
        fc.nat(100),
        (a, b, up) => Lever.lever(a + up, b) >= Lever.lever(a, b)
      )
    )
  })
})

describe("Lever laws", () => {
  it("lever() is 1 and lever(w1, …, wn) = fromPercent(w1 + … + wn)", () => {
    expect(Lever.lever()).toBe(1)
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 10_000 }), { maxLength: 4 }),
        (ws) => Lever.lever(...ws) === Lever.fromPercent(ws.reduce((a, b) => a + b, 0))
      )
    )
  })
  it("fromPercent is never negative and is monotone", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (p, up) => Lever.fromPercent(p) >= 0 && Lever.fromPercent(p + up) >= Lever.fromPercent(p)
      )
    )
    expect(Lever.fromPercent(0)).toBe(1)
    expect(Lever.fromPercent(100)).toBe(2)
    expect(Lever.fromPercent(-150)).toBe(0)
  })
  it("WeightCodec takes finite weights in [−100, 10000]", () => {
    expect(Lever.WeightCodec.decode(55)).toEqual(E.right(55))
    expect(Lever.WeightCodec.decode(Lever.MIN_WEIGHT)).toEqual(E.right(-100))
    expect(Lever.WeightCodec.decode(Lever.MAX_WEIGHT)).toEqual(E.right(10_000))
    expect(E.isLeft(Lever.WeightCodec.decode(-101))).toBe(true)
    expect(E.isLeft(Lever.WeightCodec.decode(10_001))).toBe(true)
    expect(E.isLeft(Lever.WeightCodec.decode(Number.NaN))).toBe(true)
    expect(E.isLeft(Lever.WeightCodec.decode("55"))).toBe(true)
  })
})
