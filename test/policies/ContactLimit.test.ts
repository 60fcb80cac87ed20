import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import * as L from "../../src/policies/ContactLimit.js"
import { deepEq, roundTrip } from "../laws.js"

const sent = (day: number, channel = "email", outcome = "sent"): Interaction => ({
  at: day * DAY_MS,
  actionId: "a",
  issue: "Sales",
  group: "Cards",
  channel,
  outcome
})

describe("ContactLimit", () => {
  it("counts matching contacts in the rolling window (now − period, now]", () => {
    const weekly = L.contactLimit("weekly-email", 1, 7, { channel: "email" })
    expect(L.usage(weekly)([sent(1)], 3 * DAY_MS)).toMatchObject({ used: 1, remaining: 0 })
    expect(L.usage(weekly)([sent(1)], 8 * DAY_MS)).toMatchObject({ used: 0, remaining: 1 })
    expect(L.usage(weekly)([sent(1, "sms"), sent(2, "email", "impression"), sent(9)], 3 * DAY_MS)).toMatchObject({
      used: 0,
      remaining: 1
    })
    const all = L.contactLimit("three-a-week", 3, 7, { outcomes: ["sent", "impression"] })
    expect(L.usage(all)([sent(1, "sms"), sent(2, "email", "impression"), sent(3), sent(4)], 5 * DAY_MS)).toMatchObject({
      used: 4,
      remaining: 0
    })
  })
  it("never raises the remaining capacity when history grows, whatever its order", () => {
    const limit = L.contactLimit("l", 3, 7)
    const history = fc.array(
      fc.integer({ min: 0, max: 20 }).map((d) => sent(d)),
      { maxLength: 8 }
    )
    fc.assert(
      fc.property(history, history, fc.integer({ min: 0, max: 25 }), (h, more, day) => {
        const now = day * DAY_MS
        expect(L.usage(limit)([...h, ...more], now).remaining).toBeLessThanOrEqual(L.usage(limit)(h, now).remaining)
        expect(L.usage(limit)([...h].reverse(), now)).toEqual(L.usage(limit)(h, now))
      })
    )
  })
  roundTrip(
    "ContactLimitCodec",
    L.codec,
    fc
      .record({
        id: fc.constantFrom("a", "b"),
        max: fc.nat(10),
        days: fc.integer({ min: 1, max: 60 }),
        channel: fc.option(fc.constantFrom("web", "email"), { nil: undefined })
      })
      .map(({ id, max, days, channel }) => L.contactLimit(id, max, days, channel === undefined ? {} : { channel })),
    deepEq
  )
  it("reports problems with paths", () => {
    const r = decodeWith(L.codec)({ id: "", max: 1.5, periodDays: Infinity, colour: "red" })
    expect(E.isLeft(r) && r.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.colour unknown_key",
      "$.id invalid_value",
      "$.max not_integer",
      "$.periodDays non_finite"
    ])
  })
})
