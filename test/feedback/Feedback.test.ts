import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Pending from "../../src/feedback/Pending.js"
import { render } from "../../src/kernel/DecodeError.js"
import { DAY_MS, HOUR_MS, MIN_INSTANT, MINUTE_MS } from "../../src/kernel/Time.js"
import type { Learner, Observation } from "../../src/learners/Learner.js"
import * as Models from "../../src/learners/Models.js"
import { chosen, counting, type CountState } from "../arbitraries/feedback.js"

const T0 = Date.UTC(2024, 4, 1, 9, 0, 0)

const inbound = (decisionId = "d-1", at = T0): DecisionRecord => ({
  decisionId,
  subjectId: "c-42",
  at,
  direction: "inbound",
  controlGroup: false,
  features: { segment: "gold", age: 41 },
  actions: [chosen("GoldCard", "web", 1), chosen("Savings", "web", 2)]
})

const outbound = (decisionId = "o-1", at = T0): DecisionRecord => ({
  decisionId,
  subjectId: "c-7",
  at,
  direction: "outbound",
  controlGroup: false,
  features: { segment: "silver" },
  actions: [chosen("Mortgage", "email", 1)]
})

const settings = Feedback.settings() // inbound 30 min, outbound 7 days
const run = (inputs: ReadonlyArray<Feedback.Input>, s: Feedback.Settings = settings) =>
  inputs.reduce(Feedback.apply(s), Feedback.initial(Models.empty(counting)))
const counts = (state: Feedback.Feedback<CountState>, key: string): readonly [number, number] => {
  const s = Models.stateOf(state.models, key)
  return [s.positives, s.negatives]
}
const on = <D extends DecisionRecord | string>(record: D, actionId = "GoldCard", channel = "web") => ({
  actionId,
  channel,
  decision: record
})
const reasons = (state: Feedback.Feedback<CountState>) => Feedback.outbox(state).refused.map((r) => r.reason)
const outcomes = (state: Feedback.Feedback<CountState>) =>
  Feedback.outbox(state).recorded.map(
    (r) => `${r.interaction.actionId}:${r.interaction.outcome}@${r.interaction.at - T0}`
  )

describe("outcome mapping in the reducer", () => {
  it.each([
    ["accepted", [1, 0]],
    ["clicked", [1, 0]],
    ["rejected", [0, 1]],
    ["noResponse", [0, 1]],
    ["maybeLater", [0, 0]]
  ] as const)("a %s response teaches %j and is recorded", (outcome, expected) => {
    const withNeutral = Feedback.settings({
      labels: Outcome.labels(Outcome.defaultLabels.positive, Outcome.defaultLabels.negative, ["maybeLater"])
    })
    const state = run(
      [Feedback.decided(inbound()), Event.response({ ...on("d-1"), eventId: "e", at: T0 + 1 }, outcome)],
      withNeutral
    )
    expect(counts(state, "GoldCard@web")).toEqual(expected)
    expect(outcomes(state)).toEqual([`GoldCard:${outcome}@1`])
  })
  it("impressions and sent events are recorded, never learned, by default", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.impression({ ...on("d-1"), eventId: "e1", at: T0 + 1 }),
      Event.sent({ ...on("d-1"), eventId: "e2", at: T0 + 2 })
    ])
    expect(counts(state, "GoldCard@web")).toEqual([0, 0])
    expect(outcomes(state)).toEqual(["GoldCard:impression@1", "GoldCard:sent@2"])
  })
  it("user-defined labels are honoured", () => {
    const s = Feedback.settings({ labels: Outcome.labels(["converted"], ["unsubscribed"]) })
    const state = run(
      [
        Feedback.decided(inbound()),
        Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "converted"),
        Event.response({ ...on("d-1", "Savings"), eventId: "e2", at: T0 + 1 }, "unsubscribed")
      ],
      s
    )
    expect(counts(state, "GoldCard@web")).toEqual([1, 0])
    expect(counts(state, "Savings@web")).toEqual([0, 1])
  })
  it("learns from the features seen at decision time", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e", at: T0 + 1 }, "accepted")
    ])
    expect(Models.stateOf(state.models, "GoldCard@web").bins).toEqual({ "age=41": [1, 0], 'segment="gold"': [1, 0] })
  })
  it("the plain learn reducer ignores unlisted outcomes and unknown actions", () => {
    const d = inbound()
    const learn = Feedback.learn(Outcome.defaultLabels)
    const models = [
      Event.response({ ...on(d), eventId: "e1", at: T0 }, "accepted"),
      Event.response({ ...on(d), eventId: "e1", at: T0 }, "accepted"),
      Event.response({ ...on(d), eventId: "e2", at: T0 }, "maybeLater"),
      Event.response({ ...on(d, "Nope"), eventId: "e3", at: T0 }, "accepted")
    ].reduce<Models.Models<CountState>>((models, event) => learn(models, event), Models.empty(counting))
    expect(Models.stateOf(models, "GoldCard@web").positives).toBe(2) // no de-duplication here: that is the feedback state's job
    expect(Object.keys(models.states)).toEqual(["GoldCard@web"])
  })
})

describe("what a model learns", () => {
  // a learner that keeps the observations it was taught, in order
  const recording: Learner<ReadonlyArray<Observation>> = {
    name: "recording",
    empty: [],
    score: (s, _f, rng) => [{ propensity: 0.5, explored: 0.5, evidence: s.length }, rng],
    learn: (s, o) => [...s, o],
    learnAll: (s, os) => [...s, ...os],
    merge: (x, y) => [...x, ...y],
    codec: t.array(t.unknown) as unknown as t.Type<ReadonlyArray<Observation>, unknown, unknown>
  }
  it("the features seen at decision time, the label, the event time, and the decision-time model score when recorded", () => {
    const d: DecisionRecord = {
      ...inbound(),
      actions: [{ ...chosen("GoldCard", "web"), modelScore: -0.42 }, chosen("Savings", "web", 2)]
    }
    const state = [
      Feedback.decided(d),
      Event.response({ ...on("d-1"), eventId: "e", at: T0 + 7 }, "accepted"),
      Feedback.expireAt(T0 + DAY_MS)
    ].reduce(Feedback.apply(settings), Feedback.initial(Models.empty(recording)))
    expect(Models.stateOf(state.models, "GoldCard@web")).toEqual([
      { features: d.features, positive: true, at: T0 + 7, modelScore: -0.42 }
    ])
    expect(Models.stateOf(state.models, "Savings@web")).toEqual([
      { features: d.features, positive: false, at: T0 + 30 * MINUTE_MS }
    ])
  })

  it("a chosen action's own features (per-candidate history features) on top of the decision's, on every learning path", () => {
    const own = { "history.action.impression.7d": 2 }
    const d: DecisionRecord = {
      ...inbound(),
      actions: [{ ...chosen("GoldCard", "web"), features: own }, chosen("Savings", "web", 2)]
    }
    const seen = { ...d.features, ...own }
    const click = Event.withRecord(Event.response({ ...on("d-1"), eventId: "e", at: T0 + 7 }, "accepted"), d)
    const viaApply = [Feedback.decided(d), click].reduce(
      Feedback.apply(settings),
      Feedback.initial(Models.empty(recording))
    )
    const viaLearn = Feedback.learn(Outcome.defaultLabels)(Models.empty(recording), click)
    const viaLearnAll = Feedback.learnAll(Outcome.defaultLabels)(Models.empty(recording), [click])
    for (const models of [viaApply.models, viaLearn, viaLearnAll])
      expect(Models.stateOf(models, "GoldCard@web")).toEqual([{ features: seen, positive: true, at: T0 + 7 }])
    expect(Feedback.featuresOf(d, d.actions[1] as (typeof d.actions)[number])).toBe(d.features)
  })
})

describe("response timeout edges (inbound, 30 minutes)", () => {
  const deadline = T0 + 30 * MINUTE_MS
  it("a response one millisecond before the deadline counts", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e", at: deadline - 1 }, "clicked")
    ])
    expect(counts(state, "GoldCard@web")).toEqual([1, 0])
    expect(reasons(state)).toEqual([])
  })
  it("a response at the deadline is refused as expired, even before expire runs", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e", at: deadline }, "clicked")
    ])
    expect(counts(state, "GoldCard@web")).toEqual([0, 0])
    expect(reasons(state)).toEqual(["expired"])
  })
  it("expire one millisecond before the deadline closes nothing", () => {
    const state = run([Feedback.decided(inbound()), Feedback.expireAt(deadline - 1)])
    expect(Pending.size(state.pending)).toBe(1)
    expect(counts(state, "GoldCard@web")).toEqual([0, 0])
  })
  it("expire at the deadline turns unanswered actions into noResponse negatives, recorded at the deadline", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e", at: T0 + 5 }, "clicked"),
      Feedback.expireAt(deadline)
    ])
    expect(counts(state, "GoldCard@web")).toEqual([1, 0]) // answered: never times out
    expect(counts(state, "Savings@web")).toEqual([0, 1])
    expect(outcomes(state)).toEqual(["GoldCard:clicked@5", `Savings:noResponse@${30 * MINUTE_MS}`])
    expect(Pending.size(state.pending)).toBe(0)
  })
  it("a response in time but applied after expire closed its decision is refused as unknown (by id) or expired (carrying its record)", () => {
    const closed = run([Feedback.decided(inbound()), Feedback.expireAt(deadline)])
    const byId = Feedback.apply(settings)(closed, Event.response({ ...on("d-1"), eventId: "e", at: T0 + 5 }, "clicked"))
    expect(reasons(byId)).toEqual(["unknownDecision"])
    const carried = Feedback.apply(settings)(
      closed,
      Event.response({ ...on(inbound()), eventId: "e", at: T0 + 5 }, "clicked")
    )
    expect(reasons(carried)).toEqual(["expired"])
    expect(counts(carried, "GoldCard@web")).toEqual([0, 1])
  })
  it("expire twice does not count twice; the watermark only grows", () => {
    const state = run([
      Feedback.decided(inbound()),
      Feedback.expireAt(deadline),
      Feedback.expireAt(deadline + DAY_MS),
      Feedback.expireAt(deadline)
    ])
    expect(counts(state, "Savings@web")).toEqual([0, 1])
    expect(state.pending.watermark).toBe(deadline + DAY_MS)
  })
  it("tracking a decision whose window the watermark has passed is refused as expired", () => {
    const state = run([Feedback.expireAt(T0 + DAY_MS), Feedback.decided(inbound())])
    expect(reasons(state)).toEqual(["expired"])
    expect(Pending.size(state.pending)).toBe(0)
  })
  it("per-channel timeouts override the direction's", () => {
    const s = Feedback.settings({ timeouts: { channels: { web: 5 * MINUTE_MS } } })
    const state = run(
      [
        Feedback.decided(inbound()),
        Event.response({ ...on("d-1"), eventId: "e", at: T0 + 5 * MINUTE_MS }, "clicked"),
        Feedback.expireAt(T0 + 5 * MINUTE_MS)
      ],
      s
    )
    expect(reasons(state)).toEqual(["expired"])
    expect(counts(state, "GoldCard@web")).toEqual([0, 1])
  })
})

describe("the outbound lifecycle (7 days from sent)", () => {
  it("the clock starts at sent: a click within 7 days of sent (though after decision + 7 days) is learned; one after sent + 7 days is refused", () => {
    const sentAt = T0 + 2 * DAY_MS
    const state = run([
      Feedback.decided(outbound()),
      Event.sent({ ...on("o-1", "Mortgage", "email"), eventId: "s", at: sentAt }),
      Event.impression({ ...on("o-1", "Mortgage", "email"), eventId: "i", at: sentAt + HOUR_MS }),
      Event.response({ ...on("o-1", "Mortgage", "email"), eventId: "c", at: sentAt + 8 * DAY_MS - 1 }, "clicked"), // after decision + 7 days, before sent + 7 days
      Feedback.expireAt(T0 + 30 * DAY_MS)
    ])
    expect(reasons(state)).toEqual(["expired"])
    expect(counts(state, "Mortgage@email")).toEqual([0, 1])
    const sentFirst = run([
      Feedback.decided(outbound()),
      Event.sent({ ...on("o-1", "Mortgage", "email"), eventId: "s", at: sentAt }),
      Event.response({ ...on("o-1", "Mortgage", "email"), eventId: "c", at: sentAt + 7 * DAY_MS - 1 }, "clicked"),
      Feedback.expireAt(T0 + 30 * DAY_MS)
    ])
    expect(reasons(sentFirst)).toEqual([])
    expect(counts(sentFirst, "Mortgage@email")).toEqual([1, 0])
  })
  it("sent then no answer: noResponse at sent + timeout", () => {
    const sentAt = T0 + DAY_MS
    const state = run([
      Feedback.decided(outbound()),
      Event.sent({ ...on("o-1", "Mortgage", "email"), eventId: "s", at: sentAt }),
      Feedback.expireAt(sentAt + 7 * DAY_MS - 1)
    ])
    expect(counts(state, "Mortgage@email")).toEqual([0, 0])
    const later = Feedback.expire(settings)(state, sentAt + 7 * DAY_MS)
    expect(counts(later, "Mortgage@email")).toEqual([0, 1])
    expect(outcomes(later)).toEqual([`Mortgage:sent@${DAY_MS}`, `Mortgage:noResponse@${8 * DAY_MS}`])
  })
  it("an outbound action never sent is dropped at decision + timeout without learning", () => {
    const state = run([Feedback.decided(outbound()), Feedback.expireAt(T0 + 7 * DAY_MS)])
    expect(counts(state, "Mortgage@email")).toEqual([0, 0])
    expect(Feedback.outbox(state)).toEqual({ recorded: [], refused: [], conflicts: [] })
    expect(Pending.size(state.pending)).toBe(0)
  })
  it("sent after the send window is refused as expired", () => {
    const state = run([
      Feedback.decided(outbound()),
      Event.sent({ ...on("o-1", "Mortgage", "email"), eventId: "s", at: T0 + 7 * DAY_MS })
    ])
    expect(reasons(state)).toEqual(["expired"])
  })
})

describe("once and only once", () => {
  it("a duplicate event id is refused and neither learned nor recorded again", () => {
    const click = Event.response({ ...on("d-1"), eventId: "e", at: T0 + 1 }, "clicked")
    const state = run([Feedback.decided(inbound()), click, click])
    expect(counts(state, "GoldCard@web")).toEqual([1, 0])
    expect(reasons(state)).toEqual(["duplicate"])
    expect(outcomes(state)).toEqual(["GoldCard:clicked@1"])
  })
  it("a decision tracked twice is refused the second time", () => {
    expect(reasons(run([Feedback.decided(inbound()), Feedback.decided(inbound())]))).toEqual(["duplicate"])
  })
  it("earliest: the first labelled response is learned; later ones are recorded only", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "rejected"),
      Event.response({ ...on("d-1"), eventId: "e2", at: T0 + 2 }, "accepted"),
      Feedback.expireAt(T0 + DAY_MS)
    ])
    expect(counts(state, "GoldCard@web")).toEqual([0, 1])
    expect(outcomes(state).slice(0, 2)).toEqual(["GoldCard:rejected@1", "GoldCard:accepted@2"])
  })
  it("positiveWins: a positive replaces a held negative", () => {
    const s = Feedback.settings({ aggregation: "positiveWins" })
    const state = run(
      [
        Feedback.decided(inbound()),
        Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "rejected"),
        Event.response({ ...on("d-1"), eventId: "e2", at: T0 + 2 }, "accepted"),
        Feedback.expireAt(T0 + DAY_MS)
      ],
      s
    )
    expect(counts(state, "GoldCard@web")).toEqual([1, 0])
  })
  it("positiveWins: a held negative is learned at the deadline, at its own time, with no noResponse", () => {
    const s = Feedback.settings({ aggregation: "positiveWins" })
    const held = run(
      [Feedback.decided(inbound()), Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "rejected")],
      s
    )
    expect(counts(held, "GoldCard@web")).toEqual([0, 0])
    const state = Feedback.expire(s)(held, T0 + DAY_MS)
    expect(counts(state, "GoldCard@web")).toEqual([0, 1])
    expect(outcomes(state)).toEqual(["GoldCard:rejected@1", `Savings:noResponse@${30 * MINUTE_MS}`])
  })
  it("noResponse can be left unlisted: recorded, not learned", () => {
    const s = Feedback.settings({ labels: Outcome.labels(["accepted"], ["rejected"]) })
    const state = run([Feedback.decided(inbound()), Feedback.expireAt(T0 + DAY_MS)], s)
    expect(counts(state, "GoldCard@web")).toEqual([0, 0])
    expect(outcomes(state)).toHaveLength(2)
  })
})

describe("refusals are reported, never dropped", () => {
  it("an event for an unknown decision", () => {
    const state = run([Event.response({ ...on("nope"), eventId: "e", at: T0 }, "accepted")])
    const [refusal] = Feedback.outbox(state).refused
    expect(refusal?.reason).toBe("unknownDecision")
    expect(refusal?.message).toBe('decision "nope" is not pending (never tracked, or expired)')
    expect(refusal?.input).toEqual(Event.response({ ...on("nope"), eventId: "e", at: T0 }, "accepted"))
  })
  it("an event for an action its decision did not return", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1", "GoldCard", "email"), eventId: "e", at: T0 }, "accepted")
    ])
    expect(reasons(state)).toEqual(["unknownAction"])
  })
  it("an event carrying its record is tracked on the fly", () => {
    const state = run([
      Event.response({ ...on(inbound()), eventId: "e", at: T0 + 1 }, "accepted"),
      Feedback.expireAt(T0 + DAY_MS)
    ])
    expect(counts(state, "GoldCard@web")).toEqual([1, 0])
    expect(counts(state, "Savings@web")).toEqual([0, 1])
  })
  it("an event stamped before its decision is refused as beforeDecision, never learned (issue 9)", () => {
    // e.g. epoch seconds for milliseconds: T0 / 1000 is in January 1970, before the decision
    const early = Event.response({ ...on("d-1"), eventId: "e", at: Math.floor(T0 / 1000) }, "clicked")
    const state = run([Feedback.decided(inbound()), early])
    expect(counts(state, "GoldCard@web")).toEqual([0, 0])
    expect(outcomes(state)).toEqual([])
    const [refusal] = Feedback.outbox(state).refused
    expect(refusal?.reason).toBe("beforeDecision")
    expect(refusal?.message).toBe(`event "e" at ${Math.floor(T0 / 1000)} is stamped before its decision "d-1" at ${T0}`)
    // the same event carrying its record, and one of every kind
    const carried = run([
      Event.impression({ ...on(inbound()), eventId: "i", at: T0 - 1 }),
      Event.sent({ ...on(outbound(), "Mortgage", "email"), eventId: "s", at: T0 - 1 }),
      Event.response({ ...on(inbound()), eventId: "r", at: T0 - 1 }, "accepted")
    ])
    expect(reasons(carried)).toEqual(["beforeDecision", "beforeDecision", "beforeDecision"])
    expect(counts(carried, "GoldCard@web")).toEqual([0, 0])
    // at the decision's own instant is fine; the refused event id was not consumed
    const fixed = run([
      Feedback.decided(inbound()),
      early,
      Event.response({ ...on("d-1"), eventId: "e", at: T0 }, "clicked")
    ])
    expect(reasons(fixed)).toEqual(["beforeDecision"])
    expect(counts(fixed, "GoldCard@web")).toEqual([1, 0])
  })
  it("a response whose outcome is not configured is refused as unknownOutcome, never recorded (issue 9)", () => {
    const typo = Event.response({ ...on("d-1"), eventId: "e", at: T0 + 1 }, "clikced")
    const state = run([Feedback.decided(inbound()), typo])
    expect(outcomes(state)).toEqual([])
    expect(counts(state, "GoldCard@web")).toEqual([0, 0])
    const [refusal] = Feedback.outbox(state).refused
    expect(refusal?.reason).toBe("unknownOutcome")
    expect(refusal?.message).toBe(
      'outcome "clikced" of event "e" is not configured (positive: "accepted", "clicked"; negative: "rejected", ' +
        '"noResponse"; neutral: none; built in: "sent", "impression", "noResponse")'
    )
    // the event id is not consumed: the corrected event is applied
    const fixed = run([
      Feedback.decided(inbound()),
      typo,
      Event.response({ ...on("d-1"), eventId: "e", at: T0 + 2 }, "clicked")
    ])
    expect(counts(fixed, "GoldCard@web")).toEqual([1, 0])
    // built-in outcomes are configured even as responses; neutral ones are recorded, never learned
    const s = Feedback.settings({ labels: Outcome.labels(["converted"], ["unsubscribed"], ["maybeLater"]) })
    const mixed = run(
      [
        Feedback.decided(inbound()),
        Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "impression"),
        Event.response({ ...on("d-1"), eventId: "e2", at: T0 + 2 }, "maybeLater"),
        Event.response({ ...on("d-1"), eventId: "e3", at: T0 + 3 }, "accepted")
      ],
      s
    )
    expect(outcomes(mixed)).toEqual(["GoldCard:impression@1", "GoldCard:maybeLater@2"])
    expect(reasons(mixed)).toEqual(["unknownOutcome"])
    expect(counts(mixed, "GoldCard@web")).toEqual([0, 0])
  })
  it("new refusal reasons survive a snapshot", () => {
    const state = run([
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e1", at: T0 - 1 }, "clicked"),
      Event.response({ ...on("d-1"), eventId: "e2", at: T0 + 1 }, "clikced")
    ])
    const back = Feedback.decode(counting, JSON.parse(JSON.stringify(Feedback.encode(state))))
    expect(E.isRight(back) && reasons(back.right)).toEqual(["beforeDecision", "unknownOutcome"])
  })
  it("drain empties the outbox and returns it", () => {
    const state = run([Event.response({ ...on("nope"), eventId: "e", at: T0 }, "accepted")])
    const [out, drained] = Feedback.drain(state)
    expect(out.refused).toHaveLength(1)
    expect(Feedback.outbox(drained)).toEqual({ recorded: [], refused: [], conflicts: [] })
  })
})

describe("settings", () => {
  it("validate timeouts, naming the API", () => {
    expect(() => Feedback.settings({ timeouts: { inbound: 0 } })).toThrow(/Feedback\.settings: timeouts\.inbound/)
    expect(() => Feedback.settings({ timeouts: { inbound: 0 } })).toThrow(TypeError)
    expect(() => Feedback.settings({ timeouts: { channels: { sms: 1.5 } } })).toThrow(/timeouts\.channels\.sms/)
  })
  it("timeouts under one minute look like seconds: refused by the decoder and the constructor (issue 9)", () => {
    const bad = Feedback.decodeSettings({ timeouts: { inbound: 1800, outbound: 604_800, channels: { sms: 59_999 } } })
    expect(E.isLeft(bad) && render(bad.left)).toBe(
      [
        "2 problems:",
        "  $.timeouts.inbound [looks_like_seconds] 1800 ms looks like seconds (a response timeout is at least 1 minute, " +
          "60000 ms): 30 minutes is 1800000 (found: 1800)",
        "  $.timeouts.channels.sms [looks_like_seconds] 59999 ms looks like seconds (a response timeout is at least 1 " +
          "minute, 60000 ms): 59999 seconds is 59999000 (found: 59999)"
      ].join("\n")
    )
    // one minute is the shortest timeout; 604,800 (a week in seconds) is 10 minutes 4.8 s as ms: plausible, kept
    const ok = Feedback.decodeSettings({ timeouts: { inbound: MINUTE_MS, outbound: 604_800 } })
    expect(E.isRight(ok) && ok.right.timeouts).toEqual({ inbound: MINUTE_MS, outbound: 604_800, channels: {} })
    expect(() => Feedback.settings({ timeouts: { inbound: 1800 } })).toThrow(
      new TypeError(
        "Feedback.settings: timeouts.inbound 1800 ms looks like seconds (a response timeout is at least 1 minute, " +
          "60000 ms): 30 minutes is 1800000"
      )
    )
    expect(() => Feedback.settings({ timeouts: { channels: { sms: 7200 } } })).toThrow(
      /sms 7200 ms .* 2 hours is 7200000/
    )
    expect(Feedback.settings({ timeouts: { inbound: MINUTE_MS } }).timeouts.inbound).toBe(MINUTE_MS)
  })
  it("decode from JSON with defaults, and report problems with paths", () => {
    expect(Feedback.decodeSettings({})).toEqual(E.right(Feedback.defaultSettings))
    const bad = Feedback.decodeSettings({
      timeouts: { inbound: -1, outbound: "7d", channels: { sms: 0 } },
      aggregation: "sum"
    })
    expect(E.isLeft(bad) && render(bad.left)).toBe(
      [
        "4 problems:",
        "  $.timeouts.inbound [out_of_range] expected a whole number ≥ 1 (found: -1)",
        '  $.timeouts.outbound [invalid_type] expected a whole number ≥ 1 (found: "7d")',
        "  $.timeouts.channels.sms [out_of_range] expected a whole number ≥ 1 (found: 0)",
        '  $.aggregation [invalid_value] expected one of "earliest", "positiveWins" (found: "sum")'
      ].join("\n")
    )
  })
})

describe("snapshots", () => {
  const state = run([
    Feedback.decided(inbound()),
    Feedback.decided(outbound()),
    Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "clicked"),
    Event.response({ ...on("nope"), eventId: "e2", at: T0 + 1 }, "clicked")
  ])
  it("round-trip through JSON text", () => {
    const text = JSON.stringify(Feedback.encode(state))
    const back = Feedback.decode(counting, JSON.parse(text))
    expect(E.isRight(back)).toBe(true)
    if (E.isRight(back)) {
      expect(JSON.stringify(Feedback.encode(back.right))).toBe(text)
      expect(Feedback.outbox(back.right)).toEqual(Feedback.outbox(state))
      expect(back.right.models.states).toEqual(state.models.states)
    }
  })
  it("pin the snapshot layout", () => {
    const snapshot = Feedback.encode(Feedback.drain(run([Feedback.decided(outbound())]))[1]) as Record<string, unknown>
    expect(snapshot).toEqual({
      format: "nextbest/feedback",
      version: 1,
      models: { version: 1, learner: "counting", states: {} },
      pending: {
        watermark: MIN_INSTANT,
        decisions: [
          {
            record: { ...outbound(), features: { segment: "silver" } },
            actions: [{ _tag: "Unsent", deadline: T0 + 7 * DAY_MS }],
            eventIds: []
          }
        ]
      },
      replica: null,
      outbox: { recorded: [], refused: [] }
    })
  })
  it("migrate a bare Models snapshot to a state with nothing pending", () => {
    const models = Models.learn(Models.empty(counting), "GoldCard@web", { features: {}, positive: true, at: T0 })
    const back = Feedback.decode(counting, JSON.parse(JSON.stringify(Models.encode(models))))
    expect(E.isRight(back) && back.right.models.states).toEqual(models.states)
    expect(E.isRight(back) && Pending.size(back.right.pending)).toBe(0)
  })
  it("reject bad snapshots with every problem's path", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON tree, broken on purpose
    const bad = JSON.parse(JSON.stringify(Feedback.encode(state))) as Record<string, any>
    bad["version"] = 9
    bad["pending"]["decisions"][0]["record"]["at"] = "soon"
    bad["pending"]["decisions"][0]["actions"][0]["_tag"] = "Waiting"
    bad["pending"]["decisions"][1] = bad["pending"]["decisions"][0]
    delete bad["outbox"]
    const result = Feedback.decode(counting, bad)
    expect(E.isLeft(result) && result.left.problems.map((p) => `${p.path} [${p.code}]`)).toEqual([
      "$.version [unknown_version]",
      "$.pending.decisions[0].record.at [invalid_value]",
      "$.pending.decisions[0].actions[0]._tag [invalid_value]",
      "$.pending.decisions[1].record.at [invalid_value]",
      "$.pending.decisions[1].actions[0]._tag [invalid_value]",
      "$.outbox [required]"
    ])
  })
  it("reject a duplicate pending decision", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON tree, broken on purpose
    const bad = JSON.parse(JSON.stringify(Feedback.encode(state))) as Record<string, any>
    bad["pending"]["decisions"][1] = bad["pending"]["decisions"][0]
    const result = Feedback.decode(counting, bad)
    expect(E.isLeft(result) && render(result.left)).toBe(
      '1 problem:\n  $.pending.decisions[1] [duplicate_id] decision "d-1" is listed twice (found: "d-1")'
    )
  })
  it("decode a log of inputs", () => {
    const log = [
      Feedback.decided(inbound()),
      Event.response({ ...on("d-1"), eventId: "e1", at: T0 + 1 }, "clicked"),
      Feedback.expireAt(T0 + DAY_MS)
    ]
    const back = Feedback.decodeLog(JSON.parse(JSON.stringify(log.map((x) => Feedback.InputCodec.encode(x)))))
    expect(back).toEqual(E.right(log))
    const bad = Feedback.decodeLog([{ _tag: "Expire" }, { _tag: "Decided", record: {} }])
    expect(E.isLeft(bad) && bad.left.problems.map((p) => p.path)).toEqual([
      "$[0].now",
      "$[1].record.decisionId",
      "$[1].record.subjectId",
      "$[1].record.at",
      "$[1].record.direction",
      "$[1].record.controlGroup",
      "$[1].record.features",
      "$[1].record.actions"
    ])
  })
})
