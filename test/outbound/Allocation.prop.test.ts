import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { objective, OrdCandidate, ranked, usage, wanted } from "../../src/outbound/Allocation.js"
import { appliesTo } from "../../src/outbound/Capacity.js"
import { candidate, candidateArb, capacitiesArb, offersArb } from "../arbitraries/outbound.js"
import { ordLaws } from "../laws.js"

describe("Allocation", () => {
  ordLaws("OrdCandidate", OrdCandidate, candidateArb({ minPriority: -5 }))

  it("OrdCandidate: mandatory first, then priority descending, then action id, then channel", () => {
    const xs = [
      candidate("b", "sms", 5),
      candidate("a", "sms", 5),
      candidate("c", "email", 9),
      candidate("d", "email", 1, "mandatory"),
      candidate("a", "email", 5),
      candidate("b", "email", Number.NaN)
    ]
    expect(ranked(xs).map((c) => `${c.actionId}@${c.channel}`)).toStrictEqual([
      "d@email",
      "c@email",
      "a@email",
      "a@sms",
      "b@sms",
      "b@email"
    ])
  })

  it("wanted: at most limit candidates of distinct actions, in order, the first of each action", () => {
    fc.assert(
      fc.property(offersArb("s"), fc.integer({ min: 0, max: 3 }), (offers, perSubject) => {
        const w = wanted(offers, { perSubject })
        const limit = offers.limit ?? perSubject
        expect(w.length).toBeLessThanOrEqual(limit)
        expect(new Set(w.map((c) => c.actionId)).size).toBe(w.length)
        const order = ranked(offers.candidates)
        const positions = w.map((c) => order.indexOf(c))
        expect([...positions].sort((a, b) => a - b)).toStrictEqual(positions)
        // none skipped: every candidate before the last wanted one is wanted or repeats an action wanted before it
        const last = positions[positions.length - 1] ?? -1
        order.slice(0, last + 1).forEach((c, i) => {
          if (!w.includes(c))
            expect(order.slice(0, i).some((x) => x.actionId === c.actionId && w.includes(x))).toBe(true)
        })
        // as many as there are distinct actions, up to the limit
        expect(w.length).toBe(Math.min(limit, new Set(offers.candidates.map((c) => c.actionId)).size))
      })
    )
  })

  it("usage counts the chosen candidates each capacity applies to; objective sums their priorities", () => {
    fc.assert(
      fc.property(capacitiesArb(), fc.array(offersArb("s"), { maxLength: 5 }), (caps, offers) => {
        const allotments = offers.map((o) => ({ subjectId: o.subjectId, chosen: o.candidates, dropped: [] }))
        const used = usage(caps)(allotments)
        for (const c of caps)
          expect(used[c.id]).toBe(offers.flatMap((o) => o.candidates).filter((x) => appliesTo(c, x)).length)
        expect(objective(allotments)).toBe(offers.flatMap((o) => o.candidates).reduce((s, x) => s + x.priority, 0))
      })
    )
  })
})
