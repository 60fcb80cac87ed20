import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { appliesTo, capacity } from "../../src/outbound/Capacity.js"
import {
  capacityUsage,
  decodeSummary,
  Eq,
  Monoid,
  ofAllotment,
  render,
  codec as SummaryCodec,
  type Scored,
  type Summary
} from "../../src/outbound/Summary.js"
import { candidateArb, capacitiesArb } from "../arbitraries/outbound.js"
import { commutativeMonoidLaws, decoderTotal, roundTrip } from "../laws.js"

const count = fc.integer({ min: 0, max: 1000 })
const usageArb = fc.dictionary(fc.constantFrom("emails", "sms", "gold", "__proto__", "constructor"), count, {
  maxKeys: 4
})
/** whole numbers everywhere, so that sums are exact */
const summaryArb: fc.Arbitrary<Summary> = fc.record({
  subjects: count,
  contacted: count,
  sent: count,
  dropped: count,
  usage: usageArb.map((u) => Object.fromEntries(Object.entries(u))),
  expectedResponses: count,
  expectedValue: fc.integer({ min: -1000, max: 1000 }),
  priority: fc.integer({ min: -1000, max: 1000 })
})

const scoredArb: fc.Arbitrary<Scored> = fc
  .tuple(candidateArb(), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 100 }))
  .map(([c, p, value]) => ({ ...c, modelPropensity: p / 8, value }))

describe("Summary", () => {
  commutativeMonoidLaws("Summary.Monoid", Monoid, summaryArb, Eq)
  roundTrip("SummaryCodec", SummaryCodec, summaryArb, Eq)
  decoderTotal("decodeSummary", decodeSummary)

  it("ofAllotment counts each chosen action once in sent and in every capacity that applies to it", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        fc.array(scoredArb, { maxLength: 5 }),
        fc.array(scoredArb, { maxLength: 3 }),
        (caps, chosen, dropped) => {
          const s = ofAllotment(caps)({
            subjectId: "s",
            chosen,
            dropped: dropped.map((candidate) => ({ candidate, capacity: "x" }))
          })
          expect([s.subjects, s.contacted, s.sent, s.dropped]).toStrictEqual([
            1,
            chosen.length > 0 ? 1 : 0,
            chosen.length,
            dropped.length
          ])
          for (const c of caps) expect(s.usage[c.id] ?? 0).toBe(chosen.filter((x) => appliesTo(c, x)).length)
          expect(s.expectedResponses).toBeCloseTo(
            chosen.reduce((t, x) => t + x.modelPropensity, 0),
            9
          )
          expect(s.expectedValue).toBeCloseTo(
            chosen.reduce((t, x) => t + x.modelPropensity * x.value, 0),
            9
          )
          expect(s.priority).toBe(chosen.reduce((t, x) => t + x.priority, 0))
        }
      )
    )
  })

  it("reports each capacity's deviation and renders it (pinned)", () => {
    const caps = [
      capacity("emails", 200, { channel: "email" }),
      capacity("gold", 50, { actionId: "GoldCard" }),
      capacity("none", 0)
    ]
    const s: Summary = {
      subjects: 1000,
      contacted: 240,
      sent: 250,
      dropped: 31,
      usage: { emails: 190, gold: 52 },
      expectedResponses: 21.456,
      expectedValue: 2480.5,
      priority: 3100.25
    }
    expect(capacityUsage(s, caps)).toStrictEqual([
      { id: "emails", max: 200, used: 190, deviation: -0.050000000000000044 },
      { id: "gold", max: 50, used: 52, deviation: 0.040000000000000036 },
      { id: "none", max: 0, used: 0, deviation: 0 }
    ])
    expect(render(s, caps)).toBe(
      [
        "subjects 1000, contacted 240, sent 250, dropped by capacity 31",
        "expected responses 21.46, expected value 2480.50, priority 3100.25",
        "  emails: 190 of 200 (-5.0%)",
        "  gold: 52 of 50 (+4.0%)",
        "  none: 0 of 0 (+0.0%)"
      ].join("\n")
    )
  })
})
