import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, DecodeError, Journey, Rule as R } from "../../src/index.js"
import type { Interaction } from "../../src/history/History.js"

const DAY = 86_400_000
const actions = ["Brochure", "Webinar", "TestDrive", "Offer", "Contract"].map((id) => ({
  id,
  issue: "Sales",
  group: "Cars",
  channels: [{ channel: "email", direction: "outbound" }]
}))
const catalogWith = (journeys: unknown): unknown => ({
  issues: [{ name: "Sales", groups: [{ name: "Cars" }] }],
  actions,
  journeys
})
const problems = (journeys: unknown): ReadonlyArray<string> => {
  const r = Catalog.catalog(catalogWith(journeys))
  return E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}: ${p.message}`) : []
}

const leasing = Journey.journey(
  "Leasing",
  [
    Journey.stage("Awareness", ["Brochure", "Webinar"]),
    Journey.stage("Interest", ["TestDrive"], { lapse: { days: 30 } }),
    Journey.stage("Desire", ["Offer"], {
      entry: R.window("subject.leaseEnd", -120, -30),
      lapse: { days: 20, to: "Interest" }
    }),
    Journey.stage("Action", ["Contract"])
  ],
  { event: "subject.leaseEnd" }
)
const at = (day: number, actionId: string, outcome = "accepted"): Interaction => ({
  at: day * DAY,
  actionId,
  issue: "Sales",
  group: "Cars",
  channel: "email",
  outcome
})

describe("Journey: decoding in the catalog (pinned)", () => {
  it("reports every problem with its path: unknown stage, unknown action, an action in two stages, a cycle, duplicates", () => {
    expect(
      problems([
        {
          name: "Leasing",
          stages: [
            { name: "Awareness", actions: ["Brochure"], entry: R.encode(R.eq("subject.x", 1)) },
            { name: "Interest", actions: ["TestDrive", "Brochure"], lapse: { days: 10, to: "Nowhere" } },
            { name: "Interest", actions: ["Offr"], lapse: { days: 10, to: "Desire" } },
            { name: "Desire", actions: ["Offer"], lapse: { days: 0 }, colour: "red" }
          ]
        },
        { name: "Leasing", stages: [] },
        { name: "a.b", stages: [{ name: "S", actions: [] }] }
      ])
    ).toEqual([
      '$.journeys[0].stages[3].colour unknown_key: unknown key "colour" in stage',
      "$.journeys[0].stages[3].lapse.days out_of_range: expected a whole number in [1, 36500]",
      '$.journeys[0].stages[2].name duplicate_id: duplicate stage "Interest" in journey "Leasing"',
      "$.journeys[0].stages[0].entry invalid_value: the first stage has no entry criteria: every subject starts in it",
      '$.journeys[0].stages[1].actions[1] duplicate_id: action "Brochure" is in two stages of journey "Leasing": "Awareness" and "Interest"',
      '$.journeys[0].stages[1].lapse.to unknown_reference: unknown stage "Nowhere"',
      '$.journeys[0].stages[2].lapse.to invalid_value: a lapse moves back: "Desire" is not a stage before "Interest" (a cycle)',
      '$.journeys[1].stages required: required: journey "Leasing" has no stages',
      '$.journeys[2].name invalid_value: journey "a.b" contains ".": rules read journey.<name>.stage',
      '$.journeys[0].stages[2].actions[0] unknown_reference: unknown action "Offr"',
      '$.journeys[1].name duplicate_id: duplicate journey "Leasing"'
    ])
  })
  it("a lapse to the stage itself is a cycle; entry criteria may not read a journey's stage; rules may read known journey facts only", () => {
    expect(
      problems([
        {
          name: "J",
          stages: [
            { name: "A", actions: ["Brochure"] },
            {
              name: "B",
              actions: ["Offer"],
              lapse: { days: 5, to: "B" },
              entry: R.encode(R.eq("journey.J.stage", "A"))
            }
          ]
        }
      ])
    ).toEqual([
      '$.journeys[0].stages[1].lapse.to invalid_value: a lapse moves back: "B" is not a stage before "B" (a cycle)',
      "$.journeys[0].stages[1].entry invalid_value: entry criteria cannot read a journey's stage (they place the subject)"
    ])
    const r = Catalog.catalog({
      ...(catalogWith([{ name: "J", stages: [{ name: "A", actions: ["Brochure"] }] }]) as object),
      policies: { eligibility: R.encode(R.all(R.eq("journey.J.stage", "A"), R.eq("journey.K.stage", "A"))) }
    })
    expect(E.isLeft(r) ? DecodeError.render(r.left) : "").toBe(
      '1 problem:\n  $.policies.eligibility.rules[1].fact [unknown_path] unknown fact path "journey.K.stage": did you mean "journey.J.stage"? (found: "journey.K.stage")'
    )
  })
  it("decodes a valid journey, round-trips it, and the typed constructors build the same", () => {
    const r = Catalog.catalog(catalogWith([Journey.encode(leasing)]))
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) expect(r.right.spec.journeys).toEqual([leasing])
    expect(Journey.decode(Journey.encode(leasing))).toEqual(E.right(leasing))
    expect(() => Journey.journey("J", [Journey.stage("A", ["x"]), Journey.stage("A", ["y"])])).toThrow(
      'Journey.journey: stages.1.name: duplicate stage "A" in journey "J"'
    )
    expect(() => Journey.stage("A", [], { lapse: { days: 1.5 } })).toThrow("Journey.stage: lapse.days")
    expect(() =>
      Journey.journey("J", [
        Journey.stage("A", ["x"]),
        Journey.stage("B", ["y"], { entry: R.eq("journey.J.stage", "A") })
      ])
    ).toThrow("Journey.journey: stages.1.entry: entry criteria cannot read a journey's stage")
  })
})

describe("Journey: a subject's stage from the history (known answers)", () => {
  const none = {}
  it("starts in the first stage; an accepted action of the current stage moves on; a rejected one does not", () => {
    expect(Journey.position(leasing, [], none, 0)).toEqual({
      journey: "Leasing",
      stage: "Awareness",
      index: 0,
      by: "start"
    })
    expect(Journey.position(leasing, [at(1, "Brochure", "rejected")], none, 2 * DAY).stage).toBe("Awareness")
    expect(Journey.position(leasing, [at(1, "Brochure")], none, 2 * DAY)).toEqual({
      journey: "Leasing",
      stage: "Interest",
      index: 1,
      since: DAY,
      by: "progress"
    })
  })
  it("an accepted action of a later stage moves past it; of an earlier stage, nothing; the last stage stays", () => {
    expect(Journey.replay(leasing, [at(1, "Offer")], 2 * DAY).stage).toBe("Action")
    expect(Journey.replay(leasing, [at(1, "Offer"), at(2, "Brochure")], 3 * DAY).stage).toBe("Action")
    expect(Journey.replay(leasing, [at(1, "Contract"), at(2, "Contract")], 3 * DAY)).toEqual({
      journey: "Leasing",
      stage: "Action",
      index: 3,
      since: 2 * DAY,
      by: "progress"
    })
  })
  it("a lapse moves back at the instant it falls due, in a chain; interactions after `until` are ignored", () => {
    const history = [at(0, "Brochure"), at(1, "TestDrive")] // Desire since day 1
    expect(Journey.replay(leasing, history, 20 * DAY).stage).toBe("Desire")
    expect(Journey.replay(leasing, history, 21 * DAY)).toEqual({
      journey: "Leasing",
      stage: "Interest",
      index: 1,
      since: 21 * DAY,
      by: "lapse"
    })
    // Interest lapses after 30 more days: out of the journey
    expect(Journey.replay(leasing, history, 51 * DAY)).toEqual({
      journey: "Leasing",
      stage: "Awareness",
      index: 0,
      by: "start"
    })
    expect(Journey.timeline(leasing, [...history, at(60, "Brochure")], 55 * DAY)).toEqual([
      { at: 0, from: "Awareness", to: "Interest", cause: "progress", actionId: "Brochure" },
      { at: DAY, from: "Interest", to: "Desire", cause: "progress", actionId: "TestDrive" },
      { at: 21 * DAY, from: "Desire", to: "Interest", cause: "lapse" },
      { at: 51 * DAY, from: "Interest", to: "Awareness", cause: "lapse" }
    ])
  })
  it("entry criteria place a subject in the first stage directly; a subject who progressed stays", () => {
    const now = 1000 * DAY
    const facts = { subject: { leaseEnd: now + 90 * DAY } }
    expect(Journey.position(leasing, [], facts, now)).toEqual({
      journey: "Leasing",
      stage: "Desire",
      index: 2,
      by: "entry"
    })
    expect(Journey.position(leasing, [], { subject: { leaseEnd: now + 200 * DAY } }, now).stage).toBe("Awareness")
    expect(Journey.position(leasing, [at(999, "Brochure")], facts, now).stage).toBe("Interest")
  })
  it("the gate admits the current stage, and the next one while its entry criteria hold; advance says where acceptance leads", () => {
    const c = Journey.compile(leasing)
    const now = 1000 * DAY
    const inWindow = { subject: { leaseEnd: now + 90 * DAY } }
    expect(Journey.admits(c, 1, 1, {}, now)).toBe(true)
    expect(Journey.admits(c, 1, 2, {}, now)).toBe(false)
    expect(Journey.admits(c, 1, 2, inWindow, now)).toBe(true)
    expect(Journey.admits(c, 0, 2, inWindow, now)).toBe(false)
    expect(Journey.admits(c, 2, 1, inWindow, now)).toBe(false)
    expect([
      Journey.advance(c, 1, 1),
      Journey.advance(c, 1, 2),
      Journey.advance(c, 2, 1),
      Journey.advance(c, 3, 3)
    ]).toEqual([2, 3, undefined, undefined])
  })
  it("days to the event: whole days, negative after it, undefined without a date", () => {
    const now = Date.UTC(2025, 0, 1)
    expect(Journey.daysToEvent(leasing, { subject: { leaseEnd: "2025-03-02" } }, now)).toBe(60)
    expect(Journey.daysToEvent(leasing, { subject: { leaseEnd: now - 1 } }, now)).toBe(-1)
    expect(Journey.daysToEvent(leasing, { subject: { leaseEnd: "soon" } }, now)).toBeUndefined()
    expect(Journey.daysToEvent(leasing, {}, now)).toBeUndefined()
    expect(Journey.names([leasing])).toEqual(["journey.Leasing.stage", "journey.Leasing.daysToEvent"])
  })
})
