import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Threshold from "../../src/arbitration/Threshold.js"
import { deepEq, roundTrip } from "../laws.js"

describe("Threshold", () => {
  const rows = [
    Threshold.threshold(0.55),
    Threshold.threshold(0.6, { direction: "inbound" }),
    Threshold.threshold(0.57, { direction: "inbound", channel: "web", issue: "Acquisition" }),
    Threshold.threshold(0.4, { issue: "Acquisition", group: "Cards" })
  ]
  const min = Threshold.minimumFor(rows)
  it("uses the most specific matching row (Pega's examples)", () => {
    expect(min({ direction: "outbound", channel: "email", issue: "Retention", group: "Calls" })).toBe(0.55)
    expect(min({ direction: "inbound", channel: "web", issue: "Retention", group: "Calls" })).toBe(0.6)
    expect(min({ direction: "inbound", channel: "web", issue: "Acquisition", group: "Loans" })).toBe(0.57)
    expect(min({ direction: "inbound", channel: "web", issue: "Acquisition", group: "Cards" })).toBe(0.4)
  })
  it("gives −∞ with no matching row, and does not depend on row order", () => {
    expect(Threshold.minimumFor([])({ direction: "inbound", channel: "web", issue: "A", group: "B" })).toBe(
      Number.NEGATIVE_INFINITY
    )
    fc.assert(
      fc.property(
        fc.shuffledSubarray(rows, { minLength: rows.length }),
        (r) =>
          Threshold.minimumFor(r)({ direction: "inbound", channel: "web", issue: "Acquisition", group: "Loans" }) ===
          0.57
      )
    )
  })
})

describe("Threshold laws", () => {
  const where = fc.record(
    {
      direction: fc.constantFrom<"inbound" | "outbound">("inbound", "outbound"),
      channel: fc.constantFrom("web", "email"),
      issue: fc.constantFrom("Sales", "Retention"),
      group: fc.constantFrom("Cards", "Calls")
    },
    { requiredKeys: [] }
  )
  const row = fc
    .tuple(
      fc.integer({ min: -100, max: 100 }).map((k) => k / 100),
      where
    )
    .map(([m, w]) => Threshold.threshold(m, w))
  const key = fc.record({
    direction: fc.constantFrom("inbound", "outbound"),
    channel: fc.constantFrom("web", "email"),
    issue: fc.constantFrom("Sales", "Retention"),
    group: fc.constantFrom("Cards", "Calls")
  })
  it("specificity is the bit mask group·8 + issue·4 + channel·2 + direction·1", () => {
    expect(Threshold.specificity(Threshold.threshold(0))).toBe(0)
    expect(Threshold.specificity(Threshold.threshold(0, { direction: "inbound" }))).toBe(1)
    expect(Threshold.specificity(Threshold.threshold(0, { channel: "web" }))).toBe(2)
    expect(Threshold.specificity(Threshold.threshold(0, { issue: "Sales" }))).toBe(4)
    expect(Threshold.specificity(Threshold.threshold(0, { group: "Cards" }))).toBe(8)
    expect(
      Threshold.specificity(
        Threshold.threshold(0, { direction: "outbound", channel: "web", issue: "Sales", group: "Cards" })
      )
    ).toBe(15)
  })
  it("the row found matches the key and no matching row is more specific", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), key, (rows, k) => {
        const found = Threshold.lookup(rows)(k)
        const matching = rows.filter((r) => Threshold.matches(r, k))
        if (found === undefined) return matching.length === 0
        return (
          Threshold.matches(found, k) && matching.every((r) => Threshold.specificity(r) <= Threshold.specificity(found))
        )
      })
    )
  })
  it("adding a row that does not match a key never changes that key's threshold", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), row, key, (rows, extra, k) => {
        fc.pre(!Threshold.matches(extra, k))
        return Threshold.minimumFor([...rows, extra])(k) === Threshold.minimumFor(rows)(k)
      })
    )
  })
  it("is order-free on rows with distinct key sets", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { maxLength: 6, selector: (r) => Threshold.describe(r) }),
        key,
        fc.integer(),
        (rows, k, seed) => {
          const shuffled = [...rows].sort((a, b) =>
            (Threshold.describe(a) + seed).localeCompare(Threshold.describe(b) + seed)
          )
          return Threshold.minimumFor(shuffled)(k) === Threshold.minimumFor(rows)(k)
        }
      )
    )
  })
  it("describes a row by its keys, * for any", () => {
    expect(Threshold.describe(Threshold.threshold(0.5, { direction: "inbound", issue: "Sales" }))).toBe(
      "inbound/*/Sales/*"
    )
  })
  roundTrip("Threshold.codec", Threshold.codec, row, deepEq)
  it("codec requires a finite minimum and a known direction", () => {
    expect(E.isLeft(Threshold.codec.decode({}))).toBe(true)
    expect(E.isLeft(Threshold.codec.decode({ minimum: 0.5, direction: "sideways" }))).toBe(true)
    expect(Threshold.codec.decode({ minimum: 0.5, channel: "web" })).toEqual(E.right({ minimum: 0.5, channel: "web" }))
  })
})
