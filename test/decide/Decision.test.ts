import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Decision from "../../src/decide/Decision.js"
import { Catalog, DecodeError, nextBestAction } from "../../src/index.js"
import type { Request } from "../../src/decide/Request.js"
import { fixedModels } from "../arbitraries/catalog.js"

type Reason = Decision.Reason
type Tag = Reason["_tag"]

const may1 = Date.UTC(2024, 4, 1)
const june1 = Date.UTC(2024, 5, 1)
const now = Date.UTC(2024, 4, 15, 9, 30)

/** one reason of every tag: the record type makes the compiler check that none is missing */
const reasons: { readonly [K in Tag]: Extract<Reason, { readonly _tag: K }> } = {
  Unavailable: { _tag: "Unavailable", availability: { _tag: "Never" } },
  NotOnChannel: { _tag: "NotOnChannel", channels: ["web", "email"], direction: "outbound" },
  NoTreatment: { _tag: "NoTreatment", treatments: [{ id: "banner" }] },
  PolicyFailed: { _tag: "PolicyFailed", family: "eligibility", level: "action", scope: "Gold" },
  OtherStage: { _tag: "OtherStage", journey: "Leasing", stage: "Interest", actionStage: "Action" },
  Suppressed: { _tag: "Suppressed", suppression: "shown3", firedAt: may1, until: june1 },
  ContactLimitReached: { _tag: "ContactLimitReached", limit: "weekly", used: 2, max: 2 },
  BelowPropensityThreshold: { _tag: "BelowPropensityThreshold", propensity: 0.01, minimum: 0.05, threshold: "*" },
  BelowPriorityThreshold: { _tag: "BelowPriorityThreshold", priority: 3, minimum: 10, threshold: "Sales" },
  Outranked: { _tag: "Outranked", slot: "web", size: 1 },
  GroupFull: { _tag: "GroupFull", group: "Cards", maxPerGroup: 2 },
  ActionTaken: { _tag: "ActionTaken", channels: ["web"] },
  NoPlacement: { _tag: "NoPlacement", placements: [] },
  ContactLimit: { _tag: "ContactLimit", limit: "weekly" }
}
const allReasons: ReadonlyArray<Reason> = Object.values(reasons)

describe("Decision.STAGES", () => {
  it("lists the eleven stages of the pipeline in order", () => {
    expect(Decision.STAGES).toEqual([
      "availability",
      "channel",
      "eligibility",
      "applicability",
      "suitability",
      "journey",
      "contactPolicies",
      "propensity",
      "thresholds",
      "arbitration",
      "limits"
    ])
  })
  it("each stage once", () => {
    expect(new Set(Decision.STAGES).size).toBe(Decision.STAGES.length)
    expect(Decision.STAGES.length).toBe(11)
  })
})

describe("Decision.matchReason", () => {
  const tagOf = Decision.matchReason<string>({
    Unavailable: (r) => r._tag,
    NotOnChannel: (r) => r._tag,
    NoTreatment: (r) => r._tag,
    PolicyFailed: (r) => r._tag,
    OtherStage: (r) => r._tag,
    Suppressed: (r) => r._tag,
    ContactLimitReached: (r) => r._tag,
    BelowPropensityThreshold: (r) => r._tag,
    BelowPriorityThreshold: (r) => r._tag,
    Outranked: (r) => r._tag,
    GroupFull: (r) => r._tag,
    ActionTaken: (r) => r._tag,
    NoPlacement: (r) => r._tag,
    ContactLimit: (r) => r._tag
  })
  it("is total: every one of the 14 tags goes to its own case", () => {
    expect(allReasons.length).toBe(14)
    expect(allReasons.map(tagOf)).toEqual(Object.keys(reasons))
  })
  it("hands the case the reason itself", () => {
    const seen: Array<Reason> = []
    const keep = (r: Reason): number => seen.push(r)
    const fold = Decision.matchReason<number>({
      Unavailable: keep,
      NotOnChannel: keep,
      NoTreatment: keep,
      PolicyFailed: keep,
      OtherStage: keep,
      Suppressed: keep,
      ContactLimitReached: keep,
      BelowPropensityThreshold: keep,
      BelowPriorityThreshold: keep,
      Outranked: keep,
      GroupFull: keep,
      ActionTaken: keep,
      NoPlacement: keep,
      ContactLimit: keep
    })
    for (const r of allReasons) fold(r)
    expect(seen.length).toBe(allReasons.length)
    seen.forEach((r, i) => expect(r).toBe(allReasons[i]))
  })
  it("reads the fields of each case", () => {
    const detail = Decision.matchReason<string>({
      Unavailable: (r) => r.availability._tag,
      NotOnChannel: (r) => r.channels.join("+"),
      NoTreatment: (r) => r.treatments.map((t) => t.id).join("+"),
      PolicyFailed: (r) => `${r.family}/${r.level}/${r.scope}`,
      OtherStage: (r) => `${r.journey}:${r.stage}<${r.actionStage}`,
      Suppressed: (r) => `${r.suppression} ${r.until - r.firedAt}`,
      ContactLimitReached: (r) => `${r.used}/${r.max}`,
      BelowPropensityThreshold: (r) => `${r.propensity}<${r.minimum}`,
      BelowPriorityThreshold: (r) => `${r.priority}<${r.minimum}`,
      Outranked: (r) => `${r.slot}:${r.size}`,
      GroupFull: (r) => `${r.group}:${r.maxPerGroup}`,
      ActionTaken: (r) => r.channels.join("+"),
      NoPlacement: (r) => String(r.placements.length),
      ContactLimit: (r) => r.limit
    })
    expect(allReasons.map(detail)).toEqual([
      "Never",
      "web+email",
      "banner",
      "eligibility/action/Gold",
      "Leasing:Interest<Action",
      `shown3 ${june1 - may1}`,
      "2/2",
      "0.01<0.05",
      "3<10",
      "web:1",
      "Cards:2",
      "web",
      "0",
      "weekly"
    ])
  })
})

describe("Decision.renderReason", () => {
  const text = Decision.renderReason
  it("Unavailable: switched off, or the range it is available in (full ISO instants)", () => {
    expect(text({ _tag: "Unavailable", availability: { _tag: "Never" } })).toBe("switched off (availability: never)")
    expect(text({ _tag: "Unavailable", availability: { _tag: "Between", from: may1, until: june1 } })).toBe(
      "not available now (available from 2024-05-01T00:00:00.000Z until 2024-06-01T00:00:00.000Z)"
    )
    expect(text({ _tag: "Unavailable", availability: { _tag: "Between", from: june1 } })).toBe(
      "not available now (available from 2024-06-01T00:00:00.000Z)"
    )
    expect(text({ _tag: "Unavailable", availability: { _tag: "Between", until: may1 } })).toBe(
      "not available now (available until 2024-05-01T00:00:00.000Z)"
    )
    expect(text({ _tag: "Unavailable", availability: { _tag: "Between" } })).toBe("not available now (available)")
    expect(text({ _tag: "Unavailable", availability: { _tag: "Always" } })).toBe("not available")
  })
  it("NotOnChannel: the requested channels, and the direction when one was asked for", () => {
    expect(text(reasons.NotOnChannel)).toBe("not offered on web, email (outbound)")
    expect(text({ _tag: "NotOnChannel", channels: ["sms"] })).toBe("not offered on sms")
  })
  it("NoTreatment: each treatment, with why not when known", () => {
    expect(text(reasons.NoTreatment)).toBe("no eligible treatment: banner")
    expect(
      text({
        _tag: "NoTreatment",
        treatments: [{ id: "banner", whyNot: ["a", "b"] }, { id: "tile", whyNot: [] }, { id: "hero" }]
      })
    ).toBe("no eligible treatment: banner (a; b), tile, hero")
  })
  it("PolicyFailed: family, level and scope, then the why-not lines", () => {
    expect(text(reasons.PolicyFailed)).toBe("eligibility failed at action level (Gold)")
    expect(text({ ...reasons.PolicyFailed, whyNot: [] })).toBe("eligibility failed at action level (Gold)")
    expect(
      text({
        _tag: "PolicyFailed",
        family: "suitability",
        level: "group",
        scope: "Sales/Cards",
        whyNot: ["subject.age ≥ 18 (seen: 17)", "subject.debt < 1 (seen: 2)"]
      })
    ).toBe("suitability failed at group level (Sales/Cards): subject.age ≥ 18 (seen: 17); subject.debt < 1 (seen: 2)")
  })
  it("OtherStage: the journey, the subject's stage and the action's", () => {
    expect(text(reasons.OtherStage)).toBe("journey Leasing: in stage Interest; action belongs to Action")
  })
  it("Suppressed: the suppression and the day (UTC) it ends", () => {
    expect(text(reasons.Suppressed)).toBe("suppressed by shown3 until 2024-06-01")
    expect(text({ ...reasons.Suppressed, until: june1 - 1 })).toBe("suppressed by shown3 until 2024-05-31")
  })
  it("ContactLimitReached: used of max, and the channel when the limit has one", () => {
    expect(text(reasons.ContactLimitReached)).toBe("contact limit weekly reached (2 of 2)")
    expect(text({ ...reasons.ContactLimitReached, channel: "email", used: 3 })).toBe(
      "contact limit weekly reached (3 of 2 on email)"
    )
  })
  it("thresholds: numbers to four significant digits, whole numbers as they are", () => {
    expect(text(reasons.BelowPropensityThreshold)).toBe("propensity 0.01 below threshold 0.05 (*)")
    expect(
      text({ _tag: "BelowPropensityThreshold", propensity: 1 / 3, minimum: 0.123456, threshold: "Sales/Cards" })
    ).toBe("propensity 0.3333 below threshold 0.1235 (Sales/Cards)")
    expect(text(reasons.BelowPriorityThreshold)).toBe("priority 3 below threshold 10 (Sales)")
    expect(text({ _tag: "BelowPriorityThreshold", priority: 12345.678, minimum: 123456, threshold: "x" })).toBe(
      "priority 12350 below threshold 123456 (x)"
    )
  })
  it("arbitration and limits", () => {
    expect(text(reasons.Outranked)).toBe("outranked: web holds 1")
    expect(text(reasons.GroupFull)).toBe("group Cards already has 2")
    expect(text({ _tag: "ActionTaken", channels: ["web", "email"] })).toBe("already returned on web, email")
    expect(text(reasons.NoPlacement)).toBe("fits none of the requested placements")
    expect(text({ _tag: "NoPlacement", placements: ["hero", "side"] })).toBe(
      "fits none of the requested placements (fits hero, side)"
    )
    expect(text(reasons.ContactLimit)).toBe("contact limit weekly used up by higher-ranked actions")
    expect(text({ ...reasons.ContactLimit, channel: "email" })).toBe(
      "contact limit weekly used up by higher-ranked actions on email"
    )
  })
  it("is one line of text for every reason", () => {
    for (const r of allReasons) {
      const line = text(r)
      expect(line.length).toBeGreaterThan(0)
      expect(line).not.toContain("\n")
      expect(line).not.toContain("undefined")
    }
  })
})

// a tiny catalog: one issue and group, four actions, one of them out of date and one on email only
const compiled = Catalog.catalog({
  issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
  actions: [
    { id: "Gold", issue: "Sales", group: "Cards", value: 100, channels: [{ channel: "web", direction: "inbound" }] },
    { id: "Mail", issue: "Sales", group: "Cards", value: 50, channels: [{ channel: "email", direction: "outbound" }] },
    {
      id: "Old",
      issue: "Sales",
      group: "Cards",
      availability: { until: "2024-01-01" },
      channels: [{ channel: "web", direction: "inbound" }]
    },
    { id: "Silver", issue: "Sales", group: "Cards", value: 10, channels: [{ channel: "web", direction: "inbound" }] }
  ]
})
if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
const catalog = compiled.right
const models = fixedModels({ "Gold@web": 0.25, "Silver@web": 0.5, "Mail@email": 0.5, "Old@web": 0.5 })
const ask = (channel: string, decisionId = "d-1"): Request => ({
  decisionId,
  subject: { id: "ana" },
  context: { now, channel },
  options: { controlGroup: false }
})

describe("Decision.render", () => {
  const decision = nextBestAction(catalog, models, ask("web"))
  it("pinned: a header, the ranked actions with their factors, then each exclusion with its stage", () => {
    expect(Decision.render(decision)).toBe(
      [
        "decision d-1 for ana at 2024-05-15T09:30:00.000Z",
        "  web #1 Gold: priority 25 = P 0.25 × C 1 × V 100 × L 1",
        "  ✗ Mail [channel] not offered on web",
        "  ✗ Old [availability] not available now (available until 2024-01-01T00:00:00.000Z)",
        "  ✗ Silver@web [arbitration] outranked: web holds 1"
      ].join("\n")
    )
  })
  it("the funnel and the exclusions use the stages of STAGES", () => {
    expect(decision.funnel.map((f) => f.stage)).toEqual(Decision.STAGES)
    expect(decision.funnel.map((f) => [f.excluded, f.remaining])).toEqual([
      [1, 3],
      [1, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [1, 1],
      [0, 1]
    ])
    for (const e of decision.excluded) expect(Decision.STAGES).toContain(e.stage)
  })
  it("pinned: no action when every candidate is excluded", () => {
    expect(Decision.render(nextBestAction(catalog, models, ask("sms", "d-2")))).toBe(
      [
        "decision d-2 for ana at 2024-05-15T09:30:00.000Z",
        "  no action",
        "  ✗ Gold [channel] not offered on sms",
        "  ✗ Mail [channel] not offered on sms",
        "  ✗ Old [availability] not available now (available until 2024-01-01T00:00:00.000Z)",
        "  ✗ Silver [channel] not offered on sms"
      ].join("\n")
    )
  })
  it("marks the control group in the header", () => {
    const lines = Decision.render({ ...decision, controlGroup: true }).split("\n")
    expect(lines[0]).toBe("decision d-1 for ana at 2024-05-15T09:30:00.000Z (control group)")
    const cg = nextBestAction(catalog, models, { ...ask("web", "d-3"), options: { controlGroup: true } })
    expect(cg.controlGroup).toBe(true)
    expect(Decision.render(cg).split("\n")[0]).toBe("decision d-3 for ana at 2024-05-15T09:30:00.000Z (control group)")
  })
  it("shows the treatment in brackets and a class other than default in parentheses", () => {
    const [gold] = decision.actions
    if (gold === undefined) throw new Error("expected an action")
    const text = Decision.render({
      ...decision,
      actions: [{ ...gold, treatment: "banner", evaluation: "transactional", slot: "hero", rank: 2 }],
      excluded: []
    })
    expect(text).toBe(
      [
        "decision d-1 for ana at 2024-05-15T09:30:00.000Z",
        "  hero #2 Gold [banner] (transactional): priority 25 = P 0.25 × C 1 × V 100 × L 1"
      ].join("\n")
    )
  })
  it("writes the factors to four significant digits", () => {
    const [gold] = decision.actions
    if (gold === undefined) throw new Error("expected an action")
    const text = Decision.render({
      ...decision,
      actions: [{ ...gold, priority: 2 / 3, propensity: 0.123456, contextWeight: 1.5, value: 1234.5, lever: 1.1 }],
      excluded: []
    })
    expect(text.split("\n")[1]).toBe("  web #1 Gold: priority 0.6667 = P 0.1235 × C 1.5 × V 1235 × L 1.1")
  })
  it("is a pure function of the decision", () => {
    const again = nextBestAction(catalog, models, ask("web"))
    expect(Decision.render(again)).toBe(Decision.render(decision))
    expect(Decision.render(JSON.parse(JSON.stringify(decision)) as Decision.Decision)).toBe(Decision.render(decision))
  })
})
