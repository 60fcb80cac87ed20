import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as ContextWeight from "../../src/arbitration/ContextWeight.js"
import { deepEq, roundTrip } from "../laws.js"

describe("ContextWeight", () => {
  const rows = [
    ContextWeight.contextWeight("intent", "cancel", { issue: "Retention" }, 100),
    ContextWeight.contextWeight("intent", "cancel", { issue: "Retention", group: "Calls" }, 50),
    ContextWeight.contextWeight("device", "mobile", { issue: "Sales" }, -20)
  ]
  const match = ContextWeight.match(rows)
  it("sums matching issue and group rows (known answers)", () => {
    const m = match({ intent: "cancel", device: "mobile" })
    expect(ContextWeight.factor(m, "Retention", "Calls")).toBe(2.5)
    expect(ContextWeight.factor(m, "Retention", "Letters")).toBe(2)
    expect(ContextWeight.factor(m, "Sales", "Cards")).toBe(0.8)
    expect(ContextWeight.factor(match({}), "Retention", "Calls")).toBe(1)
  })
  it('compares values strictly (18 is not "18") and ignores inherited keys', () => {
    const m = ContextWeight.match([ContextWeight.contextWeight("age", 18, { issue: "Sales" }, 10)])
    expect(ContextWeight.factor(m({ age: "18" }), "Sales", "Cards")).toBe(1)
    expect(ContextWeight.factor(m(Object.create({ age: 18 }) as Record<string, unknown>), "Sales", "Cards")).toBe(1)
  })
  it("does not depend on the order of the rows", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length }), (shuffled) => {
        const m = ContextWeight.match(shuffled)({ intent: "cancel", device: "mobile" })
        return ContextWeight.factor(m, "Retention", "Calls") === 2.5
      })
    )
  })
})

describe("ContextWeight laws", () => {
  const row = fc.record({
    key: fc.constantFrom("intent", "device"),
    value: fc.constantFrom<ContextWeight.ContextValue>("cancel", "mobile", 18, true),
    issue: fc.constantFrom("Sales", "Retention"),
    group: fc.option(fc.constantFrom("Cards", "Calls"), { nil: undefined }),
    weight: fc.integer({ min: -100, max: 500 })
  })
  const toRow = (r: {
    key: string
    value: ContextWeight.ContextValue
    issue: string
    group: string | undefined
    weight: number
  }) =>
    ContextWeight.contextWeight(
      r.key,
      r.value,
      r.group === undefined ? { issue: r.issue } : { issue: r.issue, group: r.group },
      r.weight
    )
  const context = fc.record({
    intent: fc.constantFrom("cancel", "buy"),
    device: fc.constantFrom<unknown>("mobile", 18, true)
  })
  it("with no matching row C = 1 (and `none` matches nothing)", () => {
    expect(ContextWeight.factor(ContextWeight.none, "Sales", "Cards")).toBe(1)
    fc.assert(
      fc.property(
        fc.array(row.map(toRow), { maxLength: 5 }),
        (rows) => ContextWeight.factor(ContextWeight.match(rows)({}), "Sales", "Cards") === 1
      )
    )
  })
  it("C = max(0, 1 + Σw/100) of the matching rows for the issue and the group", () => {
    fc.assert(
      fc.property(fc.array(row.map(toRow), { maxLength: 5 }), context, (rows, ctx) => {
        const sum = rows
          .filter(
            (r) =>
              (ctx as Record<string, unknown>)[r.key] === r.value &&
              r.issue === "Sales" &&
              (r.group === undefined || r.group === "Cards")
          )
          .reduce((a, r) => a + r.weight, 0)
        const m = ContextWeight.match(rows)(ctx)
        expect(ContextWeight.percent(m, "Sales", "Cards")).toBe(sum)
        expect(ContextWeight.factor(m, "Sales", "Cards")).toBe(Math.max(0, 1 + sum / 100))
      })
    )
  })
  it("is monotone in a matching row's weight", () => {
    fc.assert(
      fc.property(
        fc.array(row.map(toRow), { maxLength: 4 }),
        fc.integer({ min: -100, max: 200 }),
        fc.nat(300),
        (rows, w, up) => {
          const ctx = { intent: "cancel" }
          const at = (weight: number) =>
            ContextWeight.factor(
              ContextWeight.match([
                ...rows,
                ContextWeight.contextWeight("intent", "cancel", { issue: "Sales" }, weight)
              ])(ctx),
              "Sales",
              "Cards"
            )
          return at(w + up) >= at(w)
        }
      )
    )
  })
  it("the group key separates issue and group", () => {
    expect(ContextWeight.groupKey("a", "bc")).not.toBe(ContextWeight.groupKey("ab", "c"))
  })
  roundTrip("ContextWeight.codec", ContextWeight.codec, row.map(toRow), deepEq)
  it("codec rejects a non-finite value and a missing weight", () => {
    expect(E.isLeft(ContextWeight.codec.decode({ key: "k", value: Number.NaN, issue: "Sales", weight: 10 }))).toBe(true)
    expect(E.isLeft(ContextWeight.codec.decode({ key: "k", value: "v", issue: "Sales" }))).toBe(true)
  })
})
