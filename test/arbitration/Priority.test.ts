import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Lever from "../../src/arbitration/Lever.js"
import * as Priority from "../../src/arbitration/Priority.js"
import { ordLaws } from "../laws.js"

const c = (actionId: string, priority: number, extra: Partial<Priority.Ranked> = {}): Priority.Ranked => ({
  actionId,
  channel: "web",
  evaluation: "default",
  priority,
  ...extra
})

describe("Priority", () => {
  it("is P × C × V × L with switched-off factors counting as 1", () => {
    expect(Priority.priority(Priority.allFactors)(0.5, 2, 50, 1.5)).toBe(75)
    expect(Priority.priority({ ...Priority.allFactors, lever: false })(0.5, 2, 50, 1.5)).toBe(50)
    expect(Priority.priority(Priority.noFactors)(0.5, 2, 50, 1.5)).toBe(1)
  })
  it("orders mandatory first, then priority descending, then id and channel ascending", () => {
    const xs = [
      c("b", 1),
      c("a", 1),
      c("z", 0, { evaluation: "mandatory" }),
      c("c", 5),
      c("a", 1, { channel: "email" })
    ]
    expect([...xs].sort(Priority.compareRanked).map((x) => `${x.actionId}@${x.channel}`)).toEqual([
      "z@web",
      "c@web",
      "a@email",
      "a@web",
      "b@web"
    ])
  })
})

describe("Priority: known answers", () => {
  const all = Priority.priority(Priority.allFactors)
  it("switches each factor off on its own", () => {
    expect(Priority.priority({ ...Priority.allFactors, propensity: false })(0.5, 2, 50, 1.5)).toBe(150)
    expect(Priority.priority({ ...Priority.allFactors, contextWeight: false })(0.5, 2, 50, 1.5)).toBe(37.5)
    expect(Priority.priority({ ...Priority.allFactors, value: false })(0.5, 2, 50, 1.5)).toBe(1.5)
    expect(Priority.priority({ ...Priority.noFactors, value: true })(0.5, 2, 50, 1.5)).toBe(50)
  })
  it("takes a lever of 55 % as 1.55 and one of −100 % as 0", () => {
    expect(Lever.lever(55)).toBe(1.55)
    expect(all(0.5, 1, 100, Lever.lever(55))).toBeCloseTo(77.5, 12)
    expect(all(0.5, 1, 100, Lever.lever(-100))).toBe(0)
    expect(Priority.priority({ ...Priority.allFactors, lever: false })(0.5, 1, 100, Lever.lever(-100))).toBe(50)
  })
  it("breaks a candidate down into its factors", () => {
    expect(Priority.breakdown(Priority.allFactors, 0.5, 2, 50, 1.5)).toEqual({
      propensity: 0.5,
      contextWeight: 2,
      value: 50,
      lever: 1.5,
      priority: 75
    })
    expect(Priority.breakdown(Priority.noFactors, 0.5, 2, 50, 1.5)).toEqual({
      propensity: 0.5,
      contextWeight: 2,
      value: 50,
      lever: 1.5,
      priority: 1
    })
  })
  it("applies switches over a base", () => {
    expect(Priority.withSwitches(Priority.allFactors, undefined)).toBe(Priority.allFactors)
    expect(Priority.withSwitches(Priority.allFactors, { lever: false })).toEqual({
      ...Priority.allFactors,
      lever: false
    })
    expect(Priority.withSwitches(Priority.noFactors, { value: true })).toEqual({ ...Priority.noFactors, value: true })
  })
})

const factorsArb: fc.Arbitrary<Priority.Factors> = fc.record({
  propensity: fc.boolean(),
  contextWeight: fc.boolean(),
  value: fc.boolean(),
  lever: fc.boolean()
})
const nonNegative = fc.double({ min: 0, max: 1000, noNaN: true })
// a grid of normal numbers, so that scaling by a power of 2 is exact
const grid = fc.integer({ min: 0, max: 4000 }).map((k) => k / 4)

describe("Priority laws", () => {
  it("with every factor off the priority is 1", () => {
    fc.assert(
      fc.property(
        nonNegative,
        nonNegative,
        nonNegative,
        nonNegative,
        (p, cw, v, l) => Priority.priority(Priority.noFactors)(p, cw, v, l) === 1
      )
    )
  })
  it("is monotone: raising a switched-on non-negative factor never lowers it", () => {
    fc.assert(
      fc.property(
        factorsArb,
        fc.tuple(nonNegative, nonNegative, nonNegative, nonNegative),
        fc.integer({ min: 0, max: 3 }),
        nonNegative,
        (f, xs, i, up) => {
          const raised = xs.map((x, j) => (j === i ? x + up : x)) as [number, number, number, number]
          return Priority.priority(f)(...raised) >= Priority.priority(f)(...xs)
        }
      )
    )
  })
  it("scales with the value: multiplying every value by 2^k multiplies every priority by 2^k", () => {
    fc.assert(
      fc.property(factorsArb, grid, grid, grid, grid, fc.integer({ min: -8, max: 8 }), (f, p, cw, v, l, k) => {
        const s = 2 ** k
        return Priority.priority(f)(p, cw, v * s, l) === Priority.priority(f)(p, cw, v, l) * (f.value ? s : 1)
      })
    )
  })
})

const ranked: fc.Arbitrary<Priority.Ranked> = fc.record({
  actionId: fc.constantFrom("a", "b", "B", "é", "aa"),
  channel: fc.constantFrom("web", "email"),
  evaluation: fc.constantFrom<Priority.EvaluationClass>("default", "mandatory", "transactional"),
  priority: fc.constantFrom(0, 0.5, 1, 2, 75)
})

describe("OrdRanked: a total order", () => {
  ordLaws("OrdRanked", Priority.OrdRanked, ranked, { numRuns: 500 })
  it("compare is 0 only when mandatory-ness, priority, action id and channel agree", () => {
    fc.assert(
      fc.property(
        ranked,
        ranked,
        (x, y) =>
          (Priority.OrdRanked.compare(x, y) === 0) ===
          ((x.evaluation === "mandatory") === (y.evaluation === "mandatory") &&
            x.priority === y.priority &&
            x.actionId === y.actionId &&
            x.channel === y.channel)
      ),
      { numRuns: 500 }
    )
  })
  it("tie-break: equal class and priority rank by action id, then channel, in code-unit order", () => {
    fc.assert(
      fc.property(ranked, ranked, (x, y) => {
        fc.pre((x.evaluation === "mandatory") === (y.evaluation === "mandatory") && x.priority === y.priority)
        const expected =
          x.actionId !== y.actionId
            ? x.actionId < y.actionId
              ? -1
              : 1
            : x.channel !== y.channel
              ? x.channel < y.channel
                ? -1
                : 1
              : 0
        return Priority.OrdRanked.compare(x, y) === expected
      }),
      { numRuns: 500 }
    )
    expect(Priority.OrdRanked.compare(c("B", 1), c("a", 1))).toBe(-1)
    expect(Priority.OrdRanked.compare(c("z", 0, { evaluation: "mandatory" }), c("a", 99))).toBe(-1)
  })
})
