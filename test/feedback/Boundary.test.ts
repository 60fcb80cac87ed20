/**
 * The boundary of the feedback entry points: events built by the constructors or decoded pass,
 * valid literals pass (and are marked), anything else is refused with a `TypeError` naming the
 * decoder — the user's case (a click with a string `at` learned as a positive two hours after a
 * 30-minute timeout) as a regression test.
 */
import * as E from "fp-ts/lib/Either.js"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  DecisionRecord,
  DecodeError,
  Event,
  Feedback,
  Models,
  Pending,
  Replica,
  ThompsonSampling
} from "../../src/index.js"
import { isDecoded } from "../../src/kernel/internal/decoded.js"
import { anyDecisionArb, anyEventArb, chosen } from "../arbitraries/feedback.js"

const MINUTE = 60_000
const t0 = Date.UTC(2024, 4, 1, 9)
const record: DecisionRecord = {
  decisionId: "d-1",
  subjectId: "c-1",
  at: t0,
  direction: "inbound",
  controlGroup: false,
  features: { age: 41 },
  actions: [chosen("GoldCard", "web")]
}
const learner = ThompsonSampling.thompsonSampling()
const on = { actionId: "GoldCard", channel: "web", decision: "d-1" }
// a click two hours after the decision: past the default 30-minute inbound timeout
const lateClick = { _tag: "Response", eventId: "e-1", at: "2024-05-01T11:00:00Z", ...on, outcome: "clicked" }

const thrown = (f: () => unknown): TypeError => {
  try {
    f()
  } catch (e) {
    if (e instanceof TypeError) return e
    throw e
  }
  throw new Error("expected a TypeError")
}

describe("Event constructors check their fields", () => {
  it("Event.response with a string at is refused (the user's late click)", () => {
    const init = { ...on, eventId: "e-1", at: "2024-05-01T11:00:00Z" } as unknown as Event.Init
    expect(thrown(() => Event.response(init, "clicked")).message).toBe(
      'Event.response: init.at: expected an instant (whole epoch milliseconds, years 0000–9999), found "2024-05-01T11:00:00Z"; decode JSON events with Event.decode'
    )
  })

  it("each field is checked, with its path", () => {
    const ok = { ...on, eventId: "e-1", at: t0 }
    const bad = (patch: Record<string, unknown>): Event.Init => ({ ...ok, ...patch }) as unknown as Event.Init
    expect(thrown(() => Event.sent(bad({ eventId: "" }))).message).toMatch(
      /^Event\.sent: init\.eventId: expected a non-empty string, found ""/
    )
    expect(thrown(() => Event.impression(bad({ at: 1.5 }))).message).toMatch(
      /^Event\.impression: init\.at: expected an instant/
    )
    expect(thrown(() => Event.sent(bad({ channel: "we@b" }))).message).toMatch(
      /^Event\.sent: init\.channel: channel "we@b" contains "@"/
    )
    expect(thrown(() => Event.sent(bad({ actionId: 7 }))).message).toMatch(
      /^Event\.sent: init\.actionId: expected a non-empty string, found 7/
    )
    expect(thrown(() => Event.sent(bad({ decision: 7 }))).message).toMatch(
      /^Event\.sent: init\.decision: expected a decision record or a decision id, found 7/
    )
    expect(thrown(() => Event.response(ok, "")).message).toMatch(
      /^Event\.response: outcome: expected a non-empty string/
    )
  })

  it("a decision record carried by an event is admitted: an undecoded one is refused naming DecisionRecord.codec", () => {
    const raw = { ...record, at: "2024-05-01T09:00:00Z" } as unknown as DecisionRecord
    expect(thrown(() => Event.sent({ ...on, eventId: "e-1", at: t0, decision: raw })).message).toBe(
      'Event.sent: init.decision is not a decoded DecisionRecord (at $.at: expected a number (1714554000000), found "2024-05-01T09:00:00Z"); decode JSON with DecisionRecord.codec'
    )
  })

  it("events are not marked (a check of their fields is cheaper); the records they carry are", () => {
    const e = Event.response({ ...on, eventId: "e-1", at: t0 }, "clicked")
    expect(isDecoded(e)).toBe(false)
    const fresh = { ...record }
    Event.response({ ...on, eventId: "e-1", at: t0, decision: fresh }, "clicked")
    expect(isDecoded(fresh)).toBe(true)
  })

  it("every generated event and record passes its constructor's check and the codec's round trip", () => {
    fc.assert(
      fc.property(anyEventArb, (e) => {
        const init = { eventId: e.eventId, at: e.at, actionId: e.actionId, channel: e.channel, decision: e.decision }
        const built =
          e._tag === "Response"
            ? Event.response(init, e.outcome)
            : e._tag === "Sent"
              ? Event.sent(init)
              : Event.impression(init)
        expect(built).toEqual(e)
      }),
      { numRuns: 200 }
    )
  })
})

describe("Feedback entry points admit their inputs", () => {
  const state0 = Feedback.track(Feedback.defaultSettings)(Feedback.initial(Models.empty(learner)), record)

  it("the late click, decoded, is refused (its deadline passed) and not learned", () => {
    const decoded = Event.decode(JSON.parse(JSON.stringify(lateClick)))
    if (E.isLeft(decoded)) throw new Error(DecodeError.render(decoded.left))
    const state = Feedback.apply(Feedback.defaultSettings)(state0, decoded.right)
    expect(Models.stateOf(state.models, "GoldCard@web").positives).toBe(0)
    expect(Feedback.outbox(state).refused.map((r) => r.reason)).toEqual(["expired"])
  })

  it("the late click, not decoded (JSON.parse, typed any), is refused naming Event.decode", () => {
    const raw = JSON.parse(JSON.stringify(lateClick)) as Event
    const why = (path: string): string =>
      `${path}.at: expected an instant (whole epoch milliseconds, years 0000–9999), found "2024-05-01T11:00:00Z"; decode JSON events with Event.decode`
    expect(thrown(() => Feedback.apply(Feedback.defaultSettings)(state0, raw)).message).toBe(
      `Feedback.apply: ${why("input")}`
    )
    expect(thrown(() => Feedback.applyAll(Feedback.defaultSettings)(state0, [raw])).message).toBe(
      `Feedback.applyAll: ${why("input")}`
    )
    expect(thrown(() => Pending.respond(Feedback.defaultSettings, Pending.empty, raw)).message).toBe(
      `Pending.respond: ${why("event")}`
    )
    const resolved = { ...raw, decision: record } as unknown as Event.ResolvedEvent
    expect(thrown(() => Feedback.learn(Feedback.defaultSettings.labels)(Models.empty(learner), resolved)).message).toBe(
      `Feedback.learn: ${why("event")}`
    )
    expect(
      thrown(() => Feedback.learnAll(Feedback.defaultSettings.labels)(Models.empty(learner), [resolved])).message
    ).toBe(`Feedback.learnAll: ${why("events[0]")}`)
    const noOutcome = { ...lateClick, at: t0, outcome: undefined } as unknown as Event
    expect(thrown(() => Feedback.apply(Feedback.defaultSettings)(state0, noOutcome)).message).toMatch(
      /^Feedback\.apply: input\.outcome: expected a non-empty string, found missing/
    )
  })

  it("a batch is checked before any input is applied, each input at its index", () => {
    const ok = Event.impression({ ...on, eventId: "e-0", at: t0 + MINUTE })
    const raw = JSON.parse(JSON.stringify(lateClick)) as Event
    expect(thrown(() => Feedback.applyAll(Feedback.defaultSettings)(state0, [ok, raw])).message).toMatch(
      /^Feedback\.applyAll: inputs\[1\]\.at: expected an instant/
    )
    const tick = { _tag: "Expire", now: "2024-05-02" } as unknown as Feedback.Input
    expect(thrown(() => Feedback.applyAll(Feedback.defaultSettings)(state0, [ok, tick])).message).toMatch(
      /^Feedback\.applyAll: inputs\[1\] is not a decoded Feedback\.Input \(at inputs\[1\]\.now: expected an instant/
    )
    const other = { _tag: "Click" } as unknown as Feedback.Input
    expect(thrown(() => Feedback.apply(Feedback.defaultSettings)(state0, other)).message).toMatch(
      /^Feedback\.apply: input is not a decoded Feedback\.Input \(at input\._tag: expected "Decided", "Expire", "Sent", "Impression" or "Response", found "Click"\)/
    )
  })

  it("an undecoded decision record is refused by Feedback.track and Pending.track", () => {
    const raw = JSON.parse(JSON.stringify({ ...record, at: "2024-05-01T09:00:00Z" })) as DecisionRecord
    expect(
      thrown(() => Feedback.track(Feedback.defaultSettings)(Feedback.initial(Models.empty(learner)), raw)).message
    ).toMatch(
      /^Feedback\.track: input\.record is not a decoded DecisionRecord \(at \$\.at: .*\); decode JSON with DecisionRecord\.codec$/
    )
    expect(thrown(() => Pending.track(Feedback.defaultSettings, Pending.empty, raw)).message).toMatch(
      /^Pending\.track: record is not a decoded DecisionRecord/
    )
  })

  it("valid literal records (any generated one) are admitted, and then marked", () => {
    fc.assert(
      fc.property(anyDecisionArb, (r) => {
        expect(isDecoded(r)).toBe(false)
        Pending.track(Feedback.defaultSettings, Pending.empty, r)
        expect(isDecoded(r)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it("a delta as JSON (not decoded) is refused by Feedback.receive and Replica.receive naming Replica.decodeDelta", () => {
    const a = Feedback.initial(Models.empty(learner), { replicaId: "a" })
    const b = Feedback.initial(Models.empty(learner), { replicaId: "b" })
    const learned = Feedback.apply(Feedback.defaultSettings)(
      Feedback.track(Feedback.defaultSettings)(a, record),
      Event.response({ ...on, eventId: "e-1", at: t0 + MINUTE }, "clicked")
    )
    const [delta] = Feedback.publish(learned)
    if (delta === null) throw new Error("nothing to publish")
    expect(isDecoded(delta)).toBe(true)
    expect(Models.stateOf(Feedback.receive(b, delta).models, "GoldCard@web").positives).toBe(1)
    const json = JSON.parse(JSON.stringify(Replica.encodeDelta(delta))) as Replica.Delta<ThompsonSampling.State>
    expect(thrown(() => Feedback.receive(b, json)).message).toMatch(
      /^Feedback\.receive: delta is not a decoded Delta \(.*\); decode JSON with Replica\.decodeDelta$/
    )
    expect(thrown(() => Replica.receive(b.replica, b.models, json)).message).toMatch(
      /^Replica\.receive: delta is not a decoded Delta \(.*\); decode JSON with Replica\.decodeDelta$/
    )
    const decoded = Replica.decodeDelta(learner, json)
    expect(
      E.isRight(decoded) && Models.stateOf(Feedback.receive(b, decoded.right).models, "GoldCard@web").positives
    ).toBe(1)
  })
})
