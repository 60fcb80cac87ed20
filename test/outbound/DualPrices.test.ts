import { describe, expect, it } from "vitest"
import { render } from "../../src/kernel/DecodeError.js"
import type { Offers } from "../../src/outbound/Allocation.js"
import { capacity } from "../../src/outbound/Capacity.js"
import {
  adjustedPriority,
  allocate,
  decodePrices,
  estimate,
  inSample,
  prices,
  PricesCodec,
  upperBound
} from "../../src/outbound/DualPrices.js"
import { allocate as greedy } from "../../src/outbound/Greedy.js"
import type { Progress } from "../../src/outbound/Streaming.js"
import { candidate, switchingChannels } from "../arbitraries/outbound.js"

const gold = [capacity("gold", 2, { actionId: "a" })]
/** four subjects who each prefer "a" by a margin over "c" (priority 1) of 2, 8, 4, 6 */
const four: ReadonlyArray<Offers> = [3, 9, 5, 7].map((p, i) => ({
  subjectId: `s${i}`,
  candidates: [candidate("a", "email", p), candidate("c", "email", 1)]
}))

describe("DualPrices", () => {
  it("adjusted priority: the priority less the prices of the capacities the candidate uses", () => {
    const caps = [
      capacity("emails", 10, { channel: "email" }),
      capacity("gold", 2, { actionId: "a" }),
      capacity("sms", 5, { channel: "sms" })
    ]
    const adjusted = adjustedPriority(caps, prices({ emails: 1.5, gold: 4, sms: 100 }))
    expect(adjusted(candidate("a", "email", 10))).toBe(4.5)
    expect(adjusted(candidate("b", "email", 10))).toBe(8.5)
    expect(adjusted(candidate("c", "web", 10))).toBe(10)
    // negative prices count as 0; capacities without a price cost nothing
    expect(adjustedPriority(caps, prices({ gold: -3 }))(candidate("a", "email", 10))).toBe(10)
  })

  it("estimate (known answer): the price is the margin of the first subject left out", () => {
    const p = estimate(gold)(four)
    // margins over "c": 8 (s1), 6 (s3), 4 (s2), 2 (s0): two fit, so the price is just above 4
    expect(p.prices["gold"]).toBeCloseTo(4, 4)
    expect(p.usage).toStrictEqual({ gold: 2 })
    expect([p.sample, p.population]).toStrictEqual([4, 4])
    const a = allocate(gold, p)(four)
    expect(a.allotments.map((x) => x.chosen.map((c) => c.actionId).join())).toStrictEqual(["c", "a", "c", "a"])
    expect(a.allotments.map((x) => x.dropped.map((d) => `${d.candidate.actionId}:${d.capacity}`).join())).toStrictEqual(
      ["a:gold", "", "a:gold", ""]
    )
    // here the priced allocation is greedy's, and the bound proves it optimal
    expect(a.objective).toBe(greedy(gold)(four).objective)
    expect(upperBound(gold, p)(four)).toBeCloseTo(a.objective, 4)
  })

  it("estimate scales the capacities by sample / population", () => {
    // the sample is half the run: 2 Gold offers in the run means 1 in the sample
    const p = estimate(gold, { population: 8 })(four)
    expect(p.usage).toStrictEqual({ gold: 1 })
    expect(p.prices["gold"]).toBeCloseTo(6, 4)
  })

  it("estimate: a capacity that does not bind has price 0; one that mandatory candidates fill alone gets the highest price", () => {
    expect(estimate([capacity("gold", 10, { actionId: "a" })])(four).prices).toStrictEqual({ gold: 0 })
    const mandatory: ReadonlyArray<Offers> = [
      { subjectId: "m", candidates: [candidate("a", "email", 2, "mandatory"), candidate("c", "email", 1)] },
      ...four
    ]
    const p = estimate([capacity("gold", 0, { actionId: "a" })])(mandatory)
    expect(p.usage).toStrictEqual({ gold: 1 })
    expect(p.prices["gold"]).toBe(10) // the largest priority + 1
  })

  it("estimate with several actions per subject (bisection) agrees with its allocation", () => {
    const population: ReadonlyArray<Offers> = [9, 7, 5, 3, 1].map((p, i) => ({
      subjectId: `s${i}`,
      candidates: [candidate("a", "email", p), candidate("b", "email", p / 2), candidate("c", "sms", 2)]
    }))
    const caps = [capacity("emails", 4, { channel: "email" })]
    const p = estimate(caps, { perSubject: 2 })(population)
    expect(p.usage).toStrictEqual(allocate(caps, p, { perSubject: 2 })(population).usage)
    expect(p.usage["emails"]).toBeLessThanOrEqual(4)
    expect(p.usage["emails"]).toBeGreaterThanOrEqual(3)
  })

  it("estimate with coupled capacities fits them both (regression: fast-check seed 261515505)", () => {
    // s32 takes 2 of a (email), b (Loans) and c (neither), all priority 1: pricing one of a and b
    // moves it to the other, so the prices fit only when both price a and b out (above 1)
    const caps = [capacity("cap0", 2, { channel: "email" }), capacity("cap1", 0, { group: "Loans" })]
    const empty = (subjectId: string): Offers => ({ subjectId, candidates: [] })
    const sample: ReadonlyArray<Offers> = [
      empty("s292"),
      empty("s564"),
      {
        subjectId: "s32",
        candidates: [candidate("b", "sms", 1), candidate("a", "email", 1), candidate("c", "sms", 1)],
        limit: 2
      },
      empty("s282"),
      empty("s658"),
      { subjectId: "s315", candidates: [candidate("a", "email", 0, "mandatory")] },
      empty("s629"),
      empty("s669"),
      empty("s857")
    ]
    // the sample is half the run: cap0 is 1 in the sample (the mandatory email of s315 fills it), cap1 is 0
    const p = estimate(caps, { perSubject: 1, population: 18 })(sample)
    expect(p.usage).toStrictEqual({ cap0: 1, cap1: 0 })
    for (const c of caps) {
      expect(p.prices[c.id]).toBeGreaterThan(1)
      expect(p.prices[c.id]).toBeLessThan(2) // below the highest price: the fit is the prices' doing
    }
    const a = allocate(caps, p, { perSubject: 1 })(sample)
    expect(a.usage).toStrictEqual(p.usage)
    expect(a.allotments[2]?.chosen.map((c) => c.actionId)).toStrictEqual(["c"])
  })

  it("estimate with two capped channels a subject can switch between: stops early, fits, and says it did not converge (issue 13)", () => {
    // each subject has one action on both channels; pricing email moves subjects to SMS and back,
    // so the descent's prices used to creep up by the tolerance for every round (100 of 100) and
    // come back with usage { emails: 2, sms: 1 } and nothing telling the caller
    const { capacities: caps, subjects: sample } = switchingChannels()
    const p = estimate(caps, { rounds: 100 })(sample)
    expect(p.rounds).toBeLessThan(20)
    expect(p.converged).toBe(false)
    expect(p.usage["emails"]).toBeLessThanOrEqual(1)
    expect(p.usage["sms"]).toBeLessThanOrEqual(1)
    // the usage it reports is its prices' allocation
    expect(allocate(caps, p)(sample).usage).toStrictEqual(p.usage)
    // the prices are dual-feasible and close to the optimum's bound: 10 (s0 sms + s1 email)
    expect(upperBound(caps, p)(sample)).toBeGreaterThanOrEqual(10 - 1e-9)
    expect(upperBound(caps, p)(sample)).toBeLessThan(10.001)
  })

  it("estimate reports its progress after every round of the descent (phase prices)", () => {
    const { capacities: caps, subjects: sample } = switchingChannels()
    const seen: Array<Progress> = []
    let t = 0
    const p = estimate(caps, { rounds: 100, clock: () => (t += 10), onProgress: (x) => seen.push(x) })(sample)
    // one report per round of the descent (the repair after it is not a round of the 100)
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.map((x) => [x.phase, x.done, x.total, x.elapsedMs])).toStrictEqual(
      seen.map((_, k) => ["prices", k + 1, 100, 10 * (k + 1)])
    )
    expect(p.rounds).toBeGreaterThanOrEqual(seen.length)
  })

  it("estimate reports converged when the descent reaches a fixed point", () => {
    expect(estimate(gold)(four).converged).toBe(true)
    expect(estimate([capacity("gold", 10, { actionId: "a" })])(four).converged).toBe(true)
  })

  it("estimate: a capacity that fits at price 0 by the tie-break gets price 0 (regression)", () => {
    // "a" and "c" tie: the critical price of "c" is 0, and the tie goes to "a" (action id) already
    const p = estimate([capacity("cap0", 0, { actionId: "c" })])([
      { subjectId: "s816", candidates: [candidate("c", "email", 20), candidate("a", "email", 20)] }
    ])
    expect(p.prices).toStrictEqual({ cap0: 0 })
    expect(p.usage).toStrictEqual({ cap0: 0 })
  })

  it("allocate with a budget: first come, first served within the prices, and reports what is left", () => {
    const a = allocate(gold, prices({}))(four, { gold: 1 })
    expect(a.allotments.map((x) => x.chosen.map((c) => c.actionId).join())).toStrictEqual(["a", "c", "c", "c"])
    expect(a.allotments[1]?.dropped.map((d) => d.capacity)).toStrictEqual(["gold"])
    expect(a.remaining).toStrictEqual({ gold: 0 })
    expect(a.usage).toStrictEqual({ gold: 1 })
    expect(allocate(gold, prices({}))(four).remaining).toBeUndefined()
  })

  it("inSample: stable, about the rate, and different per run", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `c-${i}`)
    const a = ids.filter(inSample("run-1", 0.25))
    expect(a.length / ids.length).toBeGreaterThan(0.24)
    expect(a.length / ids.length).toBeLessThan(0.26)
    expect(ids.filter(inSample("run-1", 0.25))).toStrictEqual(a)
    const b = new Set(ids.filter(inSample("run-2", 0.25)))
    const both = a.filter((id) => b.has(id)).length
    expect(both / ids.length).toBeGreaterThan(0.05)
    expect(both / ids.length).toBeLessThan(0.075)
    expect(ids.filter(inSample("run-1", 0))).toStrictEqual([])
    expect(ids.filter(inSample("run-1", 1))).toHaveLength(ids.length)
  })

  it("decodes prices and reports every problem with its path (pinned)", () => {
    const p = estimate(gold)(four)
    expect(decodePrices(JSON.parse(JSON.stringify(PricesCodec.encode(p))))).toStrictEqual({ _tag: "Right", right: p })
    const bad = decodePrices({
      prices: { gold: -1, sms: "x" },
      sample: 1.5,
      population: 10,
      usage: [],
      rounds: 3,
      converged: "yes",
      extra: 1
    })
    expect(bad._tag).toBe("Left")
    if (bad._tag === "Left")
      expect(render(bad.left)).toBe(
        [
          "6 problems:",
          '  $.extra [unknown_key] unknown key "extra" in prices (found: 1)',
          "  $.prices.gold [out_of_range] expected a number in [0, 1.7976931348623157e+308] (found: -1)",
          '  $.prices.sms [invalid_type] expected a number (found: "x")',
          "  $.sample [not_integer] expected a whole number (found: 1.5)",
          "  $.usage [invalid_type] expected an object of numbers by capacity id (found: [])",
          '  $.converged [invalid_type] expected a boolean (found: "yes")'
        ].join("\n")
      )
  })
})
