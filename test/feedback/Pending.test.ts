import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as PendingBatch from "../../src/feedback/internal/batch.js"
import { render } from "../../src/kernel/DecodeError.js"
import { HOUR_MS, MIN_INSTANT, MINUTE_MS } from "../../src/kernel/Time.js"
import { chosen } from "../arbitraries/feedback.js"

const rules = Feedback.settings({
  timeouts: { inbound: HOUR_MS, outbound: 4 * HOUR_MS, channels: { sms: 10 * MINUTE_MS } }
})

const decision = (decisionId: string, at: number, direction: "inbound" | "outbound" = "inbound"): DecisionRecord => ({
  decisionId,
  subjectId: "c-1",
  at,
  direction,
  controlGroup: false,
  features: {},
  actions: [chosen("GoldCard", "web"), chosen("Savings", "sms", 2)]
})

describe("Pending", () => {
  it("tracks decisions with a deadline per action from its channel's timeout", () => {
    const [p, verdict] = Pending.track(rules, Pending.empty, decision("d", 1000))
    expect(verdict).toEqual({ _tag: "Tracked" })
    expect(Pending.lookup(p, "d")?.actions).toEqual([
      { _tag: "Open", deadline: 1000 + HOUR_MS },
      { _tag: "Open", deadline: 1000 + 10 * MINUTE_MS }
    ])
    const [q] = Pending.track(rules, Pending.empty, decision("o", 1000, "outbound"))
    expect(Pending.lookup(q, "o")?.actions.map((a) => a._tag)).toEqual(["Unsent", "Unsent"])
    expect(Pending.size(p)).toBe(1)
    expect(Pending.empty).toEqual({ decisions: { root: null, size: 0 }, watermark: MIN_INSTANT })
  })

  it("refuses an event stamped before its decision and an unconfigured outcome, leaving the buffer as it was", () => {
    const [p] = Pending.track(rules, Pending.empty, decision("d", 1000))
    const on = { actionId: "GoldCard", channel: "web", decision: "d" }
    const [p1, early] = Pending.respond(rules, p, Event.impression({ ...on, eventId: "e", at: 999 }))
    expect(early).toEqual({
      _tag: "Refused",
      reason: "beforeDecision",
      message: 'event "e" at 999 is stamped before its decision "d" at 1000'
    })
    expect(p1).toBe(p)
    const [p2, typo] = Pending.respond(rules, p, Event.response({ ...on, eventId: "e", at: 1001 }, "Accepted"))
    expect(typo._tag === "Refused" && typo.reason).toBe("unknownOutcome")
    expect(p2).toBe(p)
    const [, fine] = Pending.respond(rules, p, Event.response({ ...on, eventId: "e", at: 1000 }, "accepted"))
    expect(fine._tag).toBe("Accepted")
  })

  it("never changes the buffer it is given", () => {
    const [p] = Pending.track(rules, Pending.empty, decision("d", 0))
    const before = JSON.stringify(Pending.codec.encode(p))
    PendingBatch.respondIn(
      rules,
      p,
      Event.response({ eventId: "e", at: 1, actionId: "GoldCard", channel: "web", decision: "d" }, "accepted"),
      PendingBatch.batch()
    )
    PendingBatch.expireIn(p, 10 * HOUR_MS, PendingBatch.batch())
    expect(JSON.stringify(Pending.codec.encode(p))).toBe(before)
  })

  it("expires actions one by one, listing expiries by deadline, and drops a decision when all its actions are closed", () => {
    const [p1] = Pending.track(rules, Pending.empty, decision("b", 0))
    const [p2] = Pending.track(rules, p1, decision("a", 0))
    const [p3, early] = Pending.expire(p2, 10 * MINUTE_MS)
    expect(early.map((x) => `${x.record.decisionId}#${x.index}:${x.kind}@${x.at}`)).toEqual([
      `a#1:noResponse@${10 * MINUTE_MS}`,
      `b#1:noResponse@${10 * MINUTE_MS}`
    ])
    expect(Pending.size(p3)).toBe(2)
    expect(Pending.lookup(p3, "a")?.actions.map((a) => a._tag)).toEqual(["Open", "Closed"])
    const [p4, again] = Pending.expire(p3, 10 * MINUTE_MS)
    expect(again).toEqual([])
    const [p5, late] = Pending.expire(p4, HOUR_MS)
    expect(late.map((x) => `${x.record.decisionId}#${x.index}`)).toEqual(["a#0", "b#0"])
    expect(Pending.size(p5)).toBe(0)
    expect(p5.watermark).toBe(HOUR_MS)
  })

  it("lists pending decisions by id", () => {
    let p = Pending.empty
    for (const id of ["d3", "d1", "d2"]) p = Pending.track(rules, p, decision(id, 0))[0]
    expect(Pending.toArray(p).map((d) => d.record.decisionId)).toEqual(["d1", "d2", "d3"])
  })

  it("round-trips a versioned snapshot, and migrates the unversioned form", () => {
    const [p] = Pending.expire(Pending.track(rules, Pending.empty, decision("d", 0))[0], 10 * MINUTE_MS)
    const snapshot = JSON.parse(JSON.stringify(Pending.encode(p))) as Record<string, unknown>
    expect(snapshot["format"]).toBe("nextbest/pending")
    expect(snapshot["version"]).toBe(1)
    const back = Pending.decode(snapshot)
    expect(E.isRight(back) && JSON.stringify(Pending.encode(back.right))).toBe(JSON.stringify(snapshot))
    const bare = Pending.decode(JSON.parse(JSON.stringify(Pending.codec.encode(p))))
    expect(E.isRight(bare) && JSON.stringify(Pending.encode(bare.right))).toBe(JSON.stringify(snapshot))
    const future = Pending.decode({ ...snapshot, version: 2 })
    expect(E.isLeft(future) && future.left.problems.map((x) => `${x.path} ${x.code}`)).toEqual([
      "$.version unknown_version"
    ])
  })

  it("decodes with paths and codes", () => {
    const bad = Pending.decode({
      watermark: "now",
      decisions: [{ record: decision("d", 0), actions: [{ _tag: "Open", deadline: 1 }], eventIds: ["", 3] }]
    })
    expect(E.isLeft(bad) && render(bad.left)).toBe(
      [
        "4 problems:",
        '  $.watermark [invalid_value] expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z (found: "now")',
        '  $.decisions[0].eventIds[0] [invalid_value] expected a non-empty string (found: "")',
        "  $.decisions[0].eventIds[1] [invalid_type] expected a string (found: 3)",
        '  $.decisions[0].actions [invalid_value] expected one state per chosen action (2) (found: [{"_tag":"Open","deadline":1}])'
      ].join("\n")
    )
  })
})
