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
  type Summary,
  type Tally
} from "../../src/outbound/Summary.js"
import { tally } from "../../src/outbound/internal/tally.js"
import { candidateArb, capacitiesArb } from "../arbitraries/outbound.js"
import { commutativeMonoidLaws, decoderTotal, roundTrip } from "../laws.js"

const count = fc.integer({ min: 0, max: 1000 })
const usageArb = fc.dictionary(fc.constantFrom("emails", "sms", "gold", "__proto__", "constructor"), count, {
  maxKeys: 4
})
const tallyArb: fc.Arbitrary<Tally> = fc.record({
  sent: count,
  dropped: count,
  expectedResponses: count,
  expectedValue: fc.integer({ min: -1000, max: 1000 }),
  priority: fc.integer({ min: -1000, max: 1000 })
})
const talliesArb = fc
  .dictionary(fc.constantFrom("Gold", "email", "sms", "__proto__", "constructor"), tallyArb, { maxKeys: 4 })
  .map((u) => Object.fromEntries(Object.entries(u)))
/** whole numbers everywhere, so that sums are exact */
const summaryArb: fc.Arbitrary<Summary> = fc.record({
  subjects: count,
  contacted: count,
  sent: count,
  dropped: count,
  usage: usageArb.map((u) => Object.fromEntries(Object.entries(u))),
  expectedResponses: count,
  expectedValue: fc.integer({ min: -1000, max: 1000 }),
  priority: fc.integer({ min: -1000, max: 1000 }),
  byAction: talliesArb,
  byChannel: talliesArb,
  byCapacity: talliesArb
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
          // per action and per channel: every chosen and every dropped candidate once
          const sum = (ts: Readonly<Record<string, Tally>>, k: "sent" | "dropped"): number =>
            Object.values(ts).reduce((t, x) => t + x[k], 0)
          expect([sum(s.byAction, "sent"), sum(s.byAction, "dropped")]).toStrictEqual([chosen.length, dropped.length])
          expect([sum(s.byChannel, "sent"), sum(s.byChannel, "dropped")]).toStrictEqual([chosen.length, dropped.length])
          for (const c of caps) expect(s.byCapacity[c.id]?.sent ?? 0).toBe(s.usage[c.id] ?? 0)
        }
      )
    )
  })

  it("the streaming runs' tally is the Monoid fold of ofAllotment", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        fc.array(fc.tuple(fc.array(scoredArb, { maxLength: 3 }), fc.array(scoredArb, { maxLength: 2 }), fc.boolean()), {
          maxLength: 8
        }),
        (caps, subjects) => {
          const allotments = subjects.map(([chosen, dropped, known], i) => ({
            subjectId: `s${i}`,
            chosen,
            dropped: dropped.map((candidate) => ({
              candidate,
              capacity: known && caps[0] !== undefined ? caps[0].id : "x"
            }))
          }))
          const acc = tally(caps)
          for (const a of allotments) acc.add(a)
          const folded = allotments.map(ofAllotment(caps)).reduce(Monoid.concat, Monoid.empty)
          // scores are multiples of 1/8 and values whole: every float sum here is exact
          expect(Eq.equals(acc.summary(), folded)).toBe(true)
          expect(SummaryCodec.encode(acc.summary())).toStrictEqual(SummaryCodec.encode(folded))
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
      priority: 3100.25,
      byAction: {
        GoldCard: { sent: 52, dropped: 31, expectedResponses: 4.5, expectedValue: 900, priority: 1000 },
        Savings: { sent: 198, dropped: 0, expectedResponses: 16.956, expectedValue: 1580.5, priority: 2100.25 }
      },
      byChannel: {
        email: { sent: 190, dropped: 31, expectedResponses: 20, expectedValue: 2000, priority: 3000 },
        sms: { sent: 60, dropped: 0, expectedResponses: 1.456, expectedValue: 480.5, priority: 100.25 }
      },
      byCapacity: {
        emails: { sent: 190, dropped: 20, expectedResponses: 20, expectedValue: 2000, priority: 3000 },
        gold: { sent: 52, dropped: 11, expectedResponses: 4.5, expectedValue: 900, priority: 1000 }
      }
    }
    const shared = { expectedResponses: 0, expectedValue: 0, dropped: 0, min: 0, shortfall: 0 }
    expect(capacityUsage(s, [...caps, capacity("calls", 10, {}, 4)])).toStrictEqual([
      {
        ...shared,
        id: "emails",
        max: 200,
        used: 190,
        deviation: -0.050000000000000044,
        binding: false,
        expectedResponses: 20,
        expectedValue: 2000,
        dropped: 20
      },
      {
        ...shared,
        id: "gold",
        max: 50,
        used: 52,
        deviation: 0.040000000000000036,
        binding: true,
        expectedResponses: 4.5,
        expectedValue: 900,
        dropped: 11
      },
      { ...shared, id: "none", max: 0, used: 0, deviation: 0, binding: true },
      { ...shared, id: "calls", max: 10, min: 4, used: 0, deviation: -1, binding: false, shortfall: 4 }
    ])
    expect(capacityUsage(s, caps, { prices: { gold: 2.5 } }).map((u) => u.price)).toStrictEqual([0, 2.5, 0])
    expect(render(s, caps, { prices: { gold: 2.5 } })).toBe(
      [
        "subjects 1000, contacted 240, sent 250, dropped by capacity 31",
        "expected responses 21.46, expected value 2480.50, priority 3100.25",
        "  capacity  assigned  cap  min  binding  price  exp. responses  exp. value  dropped",
        "  emails         190  200    0       no  0.000           20.00     2000.00       20",
        "  gold            52   50    0      yes  2.500            4.50      900.00       11",
        "  none             0    0    0      yes  0.000            0.00        0.00        0",
        "  action    sent  dropped  exp. responses  exp. value",
        "  GoldCard    52       31            4.50      900.00",
        "  Savings    198        0           16.96     1580.50",
        "  channel  sent  dropped  exp. responses  exp. value",
        "  email     190       31           20.00     2000.00",
        "  sms        60        0            1.46      480.50"
      ].join("\n")
    )
  })
})
