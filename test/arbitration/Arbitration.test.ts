import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { arbitrate, arbitrateExploring, type Contender, type Limits } from "../../src/arbitration/Arbitration.js"
import { fromSeed, derive } from "../../src/kernel/Random.js"
import { contenders, slotsArb } from "../arbitraries/catalog.js"

const c = (actionId: string, priority: number, extra: Partial<Contender> = {}): Contender => ({
  actionId,
  issue: "Sales",
  group: "Cards",
  channel: "web",
  evaluation: "default",
  priority,
  ...extra
})
const web = (size: number): Limits => ({ slots: [{ name: "web", channel: "web", size }] })

describe("arbitrate", () => {
  it("keeps the top N by priority with the id tie-break", () => {
    const out = arbitrate([c("b", 2), c("a", 2), c("c", 5), c("d", 1)], web(2))
    expect(out.placed).toEqual([
      { index: 2, slot: 0, rank: 1 },
      { index: 1, slot: 0, rank: 2 }
    ])
    expect(out.rejected.map((r) => [r.index, r.reason._tag])).toEqual([
      [0, "Outranked"],
      [3, "Outranked"]
    ])
  })
  it("puts mandatory actions first without using room, and transactional ones past contact limits", () => {
    const out = arbitrate(
      [c("m", 0, { evaluation: "mandatory" }), c("a", 5), c("t", 4, { evaluation: "transactional" }), c("b", 3)],
      {
        slots: [{ name: "web", channel: "web", size: 2 }],
        capacities: [{ id: "one", remaining: 1 }]
      }
    )
    expect(out.placed.map((p) => [p.index, p.rank])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3]
    ])
    expect(out.rejected).toEqual([{ index: 3, reason: { _tag: "Outranked", slot: "web", size: 2 } }])
    const limited = arbitrate([c("a", 5), c("b", 3), c("t", 1, { evaluation: "transactional" })], {
      slots: [{ name: "web", channel: "web", size: 3 }],
      capacities: [{ id: "one", remaining: 1 }]
    })
    expect(limited.placed.map((p) => p.index)).toEqual([0, 2])
    expect(limited.rejected).toEqual([{ index: 1, reason: { _tag: "ContactLimit", limit: "one" } }])
  })
  it("keeps at most M per group and one channel per action", () => {
    const out = arbitrate([c("a", 5), c("b", 4), c("c", 3, { group: "Loans" }), c("a", 6, { channel: "email" })], {
      slots: [
        { name: "web", channel: "web", size: 3 },
        { name: "email", channel: "email", size: 1 }
      ],
      maxPerGroup: 2
    })
    expect(out.placed.map((p) => p.index)).toEqual([1, 2, 3])
    expect(out.rejected).toEqual([{ index: 0, reason: { _tag: "ActionTaken", channels: ["email"] } }])
    const grouped = arbitrate([c("a", 5), c("b", 4), c("c", 3)], {
      slots: [{ name: "web", channel: "web", size: 3 }],
      maxPerGroup: 1
    })
    expect(grouped.rejected.map((r) => r.reason)).toEqual([
      { _tag: "GroupFull", group: "Cards", maxPerGroup: 1 },
      { _tag: "GroupFull", group: "Cards", maxPerGroup: 1 }
    ])
  })
  it("fills placements in order, with content that fits", () => {
    const out = arbitrate(
      [c("a", 5, { placements: ["sidebar"] }), c("b", 4), c("c", 3), c("d", 2, { placements: ["footer"] })],
      {
        slots: [
          { name: "hero", channel: "web", size: 1 },
          { name: "sidebar", channel: "web", size: 2 }
        ]
      }
    )
    expect(out.placed).toEqual([
      { index: 1, slot: 0, rank: 1 },
      { index: 0, slot: 1, rank: 1 },
      { index: 2, slot: 1, rank: 2 }
    ])
    expect(out.rejected).toEqual([{ index: 3, reason: { _tag: "NoPlacement", placements: ["footer"] } }])
  })

  it("places or rejects every candidate exactly once, within sizes, independently of input order", () => {
    fc.assert(
      fc.property(
        contenders,
        slotsArb,
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.integer({ min: 0, max: 3 }),
        (cs, slots, maxPerGroup, remaining) => {
          const policy: Limits = {
            slots,
            capacities: [{ id: "all", remaining }],
            channelsPerAction: 1,
            ...(maxPerGroup === undefined ? {} : { maxPerGroup })
          }
          const out = arbitrate(cs, policy)
          const seen = [...out.placed.map((p) => p.index), ...out.rejected.map((r) => r.index)].sort((a, b) => a - b)
          expect(seen).toEqual(cs.map((_, i) => i))
          slots.forEach((slot, s) => {
            const inSlot = out.placed.filter((p) => p.slot === s)
            expect(inSlot.filter((p) => cs[p.index]?.evaluation !== "mandatory").length).toBeLessThanOrEqual(slot.size)
            expect(inSlot.map((p) => p.rank)).toEqual(inSlot.map((_, i) => i + 1))
          })
          expect(out.placed.filter((p) => cs[p.index]?.evaluation === "default").length).toBeLessThanOrEqual(remaining)
          const reversed = arbitrate([...cs].reverse(), policy)
          const names = (o: typeof out, xs: ReadonlyArray<Contender>) =>
            o.placed.map((p) => `${p.slot}:${p.rank}:${xs[p.index]?.actionId}@${xs[p.index]?.channel}`)
          expect(names(reversed, [...cs].reverse())).toEqual(names(out, cs))
        }
      ),
      { numRuns: 500 }
    )
  })

  it("exploring with ε = 0 is greedy arbitration", () => {
    fc.assert(
      fc.property(contenders, slotsArb, fc.integer(), (cs, slots, seed) => {
        const [explored] = arbitrateExploring(cs, { slots }, 0, fromSeed(seed))
        const greedy = arbitrate(cs, { slots })
        expect(explored.placed.map(({ index, slot, rank }) => ({ index, slot, rank }))).toEqual(greedy.placed)
        expect(explored.placed.every((p) => p.probability === 1)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("ε-greedy picks with probability 1 − ε + ε/K (the best) or ε/K, and with those frequencies", () => {
    const cs = [c("a", 4), c("b", 3), c("c", 2), c("d", 1)]
    const counts = [0, 0, 0, 0]
    const n = 20_000
    const root = fromSeed("eps")
    for (let i = 0; i < n; i++) {
      const [out] = arbitrateExploring(cs, web(1), 0.4, derive(root, String(i)))
      const p = out.placed[0]
      if (p === undefined) throw new Error("nothing placed")
      expect(p.probability).toBeCloseTo(p.index === 0 ? 0.7 : 0.1, 12)
      counts[p.index] = (counts[p.index] as number) + 1
    }
    // 4.5 standard deviations of a binomial proportion
    ;[0.7, 0.1, 0.1, 0.1].forEach((q, i) =>
      expect(Math.abs((counts[i] as number) / n - q)).toBeLessThan(4.5 * Math.sqrt((q * (1 - q)) / n))
    )
  })
})
