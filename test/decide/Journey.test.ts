import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, Decision, Event, Feedback, nextBestAction, Request, Rule as R } from "../../src/index.js"
import type { Interaction } from "../../src/history/History.js"
import { fixedModels } from "../arbitraries/catalog.js"

const DAY = 86_400_000
const now = Date.UTC(2025, 0, 1)
const web = [{ channel: "web", direction: "inbound" }]
const action = (id: string, extra: object = {}): object => ({
  id,
  issue: "Sales",
  group: "Cars",
  channels: web,
  ...extra
})
const compiled = Catalog.catalog({
  issues: [{ name: "Sales", groups: [{ name: "Cars" }] }],
  actions: [
    action("Brochure", { value: 1 }),
    action("TestDrive", { value: 2 }),
    action("Offer", { value: 3 }),
    action("Contract", { value: 4 }),
    action("Newsletter", { value: 1, policies: { eligibility: R.encode(R.eq("journey.Leasing.stage", "Action")) } })
  ],
  journeys: [
    {
      name: "Leasing",
      event: "subject.leaseEnd",
      stages: [
        { name: "Awareness", actions: ["Brochure"] },
        { name: "Interest", actions: ["TestDrive"] },
        { name: "Desire", actions: ["Offer"], entry: R.encode(R.window("subject.leaseEnd", -120, -30)), weight: 50 },
        { name: "Action", actions: ["Contract"] }
      ]
    }
  ]
})
if (E.isLeft(compiled)) throw new Error("catalog")
const catalog = compiled.right
const models = fixedModels({ "Brochure@web": 0.5, "TestDrive@web": 0.5, "Offer@web": 0.5, "Contract@web": 0.5 })
const accepted = (day: number, actionId: string): Interaction => ({
  at: now - day * DAY,
  actionId,
  issue: "Sales",
  group: "Cars",
  channel: "web",
  outcome: "accepted"
})
const decide = (history: ReadonlyArray<Interaction>, leaseEnd: number, journeys?: Record<string, string>) =>
  nextBestAction(catalog, models, {
    decisionId: "d-1",
    subject: {
      id: "c-1",
      attributes: { leaseEnd },
      history,
      ...(journeys === undefined ? {} : { journeys })
    },
    context: { now, channel: "web", limit: 3 },
    options: { controlGroup: false }
  })

describe("nextBestAction: the journey stage gate", () => {
  it("admits only the subject's stage: the trace says why (pinned), the funnel counts it", () => {
    const d = decide([accepted(10, "Brochure")], now + 300 * DAY)
    expect(Decision.render(d)).toBe(
      [
        "decision d-1 for c-1 at 2025-01-01T00:00:00.000Z",
        "  journey Leasing: Interest (progress)",
        "  web #1 TestDrive: priority 1 = P 0.5 × C 1 × V 2 × L 1",
        "  ✗ Brochure@web [journey] journey Leasing: in stage Interest; action belongs to Awareness",
        "  ✗ Contract@web [journey] journey Leasing: in stage Interest; action belongs to Action",
        '  ✗ Newsletter@web [eligibility] eligibility failed at action level (Newsletter): journey.Leasing.stage = "Action" (seen: "Interest")',
        "  ✗ Offer@web [journey] journey Leasing: in stage Interest; action belongs to Desire"
      ].join("\n")
    )
    expect(d.funnel.find((f) => f.stage === "journey")).toEqual({ stage: "journey", excluded: 3, remaining: 1 })
    expect(d.journeys).toEqual([
      { journey: "Leasing", stage: "Interest", derived: "Interest", by: "progress", agrees: true, daysToEvent: 300 }
    ])
  })
  it("the issue's wording: in stage Interest, an action of stage Action", () => {
    const d = decide([accepted(10, "Brochure")], now + 300 * DAY)
    const contract = d.excluded.find((e) => e.actionId === "Contract")
    expect(contract?.reason).toEqual({
      _tag: "OtherStage",
      journey: "Leasing",
      stage: "Interest",
      actionStage: "Action"
    })
    expect(Decision.renderReason(contract?.reason as Decision.Reason)).toBe(
      "journey Leasing: in stage Interest; action belongs to Action"
    )
  })
  it("admits the next stage while its entry criteria hold, with its stage lever; accepting it would move past it", () => {
    const d = decide([accepted(10, "Brochure")], now + 60 * DAY)
    expect(d.actions.map((a) => [a.actionId, a.lever])).toEqual([
      ["Offer", 1.5],
      ["TestDrive", 1]
    ])
    expect(d.record.actions.map((a) => [a.actionId, a.advances])).toEqual([
      ["Offer", [{ journey: "Leasing", from: "Interest", to: "Action", outcomes: ["accepted"] }]],
      ["TestDrive", [{ journey: "Leasing", from: "Interest", to: "Desire", outcomes: ["accepted"] }]]
    ])
  })
  it("places a subject with no progress by entry criteria; the stage and the days to the event are features", () => {
    const d = decide([], now + 60 * DAY)
    expect(d.journeys?.[0]).toEqual({
      journey: "Leasing",
      stage: "Desire",
      derived: "Desire",
      by: "entry",
      agrees: true,
      daysToEvent: 60
    })
    expect(d.actions.map((a) => a.actionId)).toEqual(["Offer"])
    const all = nextBestAction(catalog, models, {
      decisionId: "d-2",
      subject: { id: "c-1", attributes: { leaseEnd: now + 60 * DAY } },
      context: { now, channel: "web" },
      options: { controlGroup: false }
    })
    expect(all.record.features).toMatchObject({ "journey.Leasing.stage": "Desire", "journey.Leasing.daysToEvent": 60 })
  })
  it("a stage the caller gives is used; when the history disagrees the decision reports it", () => {
    const agrees = decide([accepted(10, "Brochure")], now + 300 * DAY, { Leasing: "Interest" })
    expect(agrees.journeys?.[0]?.agrees).toBe(true)
    const d = decide([accepted(10, "Brochure")], now + 300 * DAY, { Leasing: "Action" })
    expect(d.journeys?.[0]).toEqual({
      journey: "Leasing",
      stage: "Action",
      derived: "Interest",
      by: "progress",
      given: "Action",
      agrees: false,
      daysToEvent: 300
    })
    expect(Decision.render(d).split("\n")[1]).toBe(
      "  journey Leasing: Action (given; derived Interest by progress: they disagree)"
    )
    expect(d.actions.map((a) => a.actionId)).toEqual(["Contract", "Newsletter"])
    // a stage the journey does not have: the derived one is used, and the disagreement reported
    const unknown = decide([], now + 300 * DAY, { Leasing: "Desyre" })
    expect(unknown.journeys?.[0]).toMatchObject({ stage: "Awareness", given: "Desyre", agrees: false })
  })
  it("Request.decodeFor reports an unknown journey or stage with its path", () => {
    const r = Request.decodeFor(catalog)({
      decisionId: "d-3",
      subject: { id: "c-1", journeys: { Leasing: "Desyre", Leesing: "Interest" } },
      context: { now, channel: "web" }
    })
    expect(E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}: ${p.message}`) : []).toEqual([
      '$.subject.journeys.Leasing unknown_reference: no stage "Desyre" in journey "Leasing": did you mean "Desire"?',
      '$.subject.journeys.Leesing unknown_reference: no journey "Leesing": did you mean "Leasing"?'
    ])
  })
})

describe("Feedback: progression events in the outbox, beside the history entries", () => {
  it("an accepted response to an action that advances gives a progression; a rejection does not", () => {
    const d = decide([accepted(10, "Brochure")], now + 60 * DAY)
    const on = (actionId: string) => ({ actionId, channel: "web", decision: d.decisionId })
    const state = Feedback.applyAll(Feedback.defaultSettings)(Feedback.initial(models), [
      Feedback.decided(d.record),
      Event.response({ ...on("Offer"), eventId: "e-1", at: now + 1000 }, "accepted"),
      Event.response({ ...on("TestDrive"), eventId: "e-2", at: now + 2000 }, "rejected")
    ])
    const out = Feedback.outbox(state)
    expect(out.recorded.map((r) => [r.interaction.actionId, r.interaction.outcome, r.progressions])).toEqual([
      [
        "Offer",
        "accepted",
        [
          {
            subjectId: "c-1",
            journey: "Leasing",
            from: "Interest",
            to: "Action",
            at: now + 1000,
            actionId: "Offer",
            outcome: "accepted",
            decisionId: "d-1"
          }
        ]
      ],
      ["TestDrive", "rejected", undefined]
    ])
    // the snapshot keeps them
    const again = Feedback.decode(models.learner, JSON.parse(JSON.stringify(Feedback.encode(state))))
    expect(E.isRight(again) && Feedback.outbox(again.right)).toEqual(out)
    // replaying the history with the recorded interaction gives the stage the progression names
    const next = decide([accepted(10, "Brochure"), { ...out.recorded[0]!.interaction, at: now - DAY }], now + 60 * DAY)
    expect(next.journeys?.[0]?.stage).toBe("Action")
  })
})
