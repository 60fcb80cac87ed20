import { describe, expect, it } from "vitest"
import { usage, type Allotment, type Candidate, type Offers } from "../../src/outbound/Allocation.js"
import { appliesTo, budget, capacity } from "../../src/outbound/Capacity.js"
import { allocate as priced, estimate, prices, stream } from "../../src/outbound/DualPrices.js"
import { allocate as greedy } from "../../src/outbound/Greedy.js"
import { capacityLookup } from "../../src/outbound/internal/capacities.js"
import { allocate as streaming, collect } from "../../src/outbound/Streaming.js"

// two "card" actions and a loan; every subject prefers a card, the cap of 3 on product card holds
const CARD = { product: "card", tier: 1 } as const
const LOAN = { product: "loan" } as const
const cand = (actionId: string, properties: Candidate["properties"], priority: number): Candidate => ({
  actionId,
  issue: "Sales",
  group: actionId === "Loan" ? "Loans" : "Cards",
  channel: "email",
  priority,
  ...(properties === undefined ? {} : { properties })
})
const population: ReadonlyArray<Offers> = Array.from({ length: 8 }, (_, i) => ({
  subjectId: `s${i}`,
  candidates: [cand("Gold", CARD, 10 + i), cand("Silver", CARD, 8 + i), cand("Loan", LOAN, 1)]
}))
const cards = capacity("cards", 3, { properties: { product: "card" } })
const caps = [cards]

const cardsSent = (allotments: ReadonlyArray<Allotment>): number =>
  allotments.reduce((n, a) => n + a.chosen.filter((c) => c.properties?.product === "card").length, 0)

describe("capacities by action property", () => {
  it("the lookup matches by properties, per object, whatever object the candidate carries", () => {
    const lookup = capacityLookup([capacity("all", 9), cards, capacity("tier2", 1, { properties: { tier: 2 } })])
    expect([...lookup(cand("Gold", CARD, 1))]).toStrictEqual([0, 1])
    // a fresh object with other values at the same action: not the memo of the first
    expect([...lookup(cand("Gold", { product: "card", tier: 2 }, 1))]).toStrictEqual([0, 1, 2])
    expect([...lookup(cand("Gold", { product: "loan" }, 1))]).toStrictEqual([0])
    expect([...lookup(cand("Gold", undefined, 1))]).toStrictEqual([0])
    // "1" is not 1
    expect([...lookup(cand("Gold", { product: "card", tier: "2" }, 1))]).toStrictEqual([0, 1])
    expect(
      usage(caps)([{ subjectId: "a", chosen: [cand("Gold", CARD, 1), cand("Loan", LOAN, 1)], dropped: [] }])
    ).toStrictEqual({
      cards: 1
    })
  })

  it("Greedy holds the cap exactly: the 3 best card subjects get a card, the rest the loan, dropped by cards", () => {
    const a = greedy(caps)(population)
    expect(a.usage).toStrictEqual({ cards: 3 })
    expect(cardsSent(a.allotments)).toBe(3)
    expect(a.allotments.map((x) => x.chosen.map((c) => c.actionId).join())).toStrictEqual([
      "Loan",
      "Loan",
      "Loan",
      "Loan",
      "Loan",
      "Gold",
      "Gold",
      "Gold"
    ])
    expect(a.allotments[0]?.dropped.map((d) => [d.candidate.actionId, d.capacity])).toStrictEqual([["Gold", "cards"]])
  })

  it("DualPrices: the estimate prices the property cap; allocate and stream hold it with a budget", () => {
    const p = estimate(caps)(population)
    expect(p.prices["cards"]).toBeGreaterThan(0)
    expect(p.usage["cards"]).toBeLessThanOrEqual(3)
    const a = priced(caps, p)(population, budget(caps))
    expect(a.usage).toStrictEqual({ cards: 3 })
    expect(cardsSent(a.allotments)).toBe(3)
    // no prices at all: first come, first served within the budget, still exactly 3
    const fcfs = priced(caps, prices({}))(population, budget(caps))
    expect(fcfs.allotments.map((x) => x.chosen[0]?.actionId)).toStrictEqual([
      "Gold",
      "Gold",
      "Gold",
      "Loan",
      "Loan",
      "Loan",
      "Loan",
      "Loan"
    ])
    const streamed: Array<Allotment> = []
    const run = stream(caps, prices({}))(population, budget(caps))
    for (let step = run.next(); step.done !== true; step = run.next()) streamed.push(step.value)
    expect(cardsSent(streamed)).toBe(3)
  })

  it("Streaming.allocate holds the cap and fills it", () => {
    const { allotments, report } = collect(streaming(caps, population, { population: population.length })(population))
    expect(report.usage).toStrictEqual({ cards: 3 })
    expect(cardsSent(allotments)).toBe(3)
    for (const a of allotments) for (const c of a.chosen) expect(appliesTo(cards, c)).toBe(c.actionId !== "Loan")
  })
})
