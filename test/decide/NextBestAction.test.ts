import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  Catalog,
  Decision,
  DecodeError,
  Models,
  nextBestAction,
  Request,
  Rule as R,
  ThompsonSampling
} from "../../src/index.js"
import type { Request as Req } from "../../src/decide/Request.js"
import { fixedModels } from "../arbitraries/catalog.js"

const DAY = 86_400_000
const now = Date.UTC(2024, 4, 15)
const compiled = Catalog.catalog({
  issues: [
    { name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] },
    { name: "Retention", groups: [{ name: "Calls" }] }
  ],
  policies: { eligibility: R.encode(R.not(R.eq("subject.deceased", true))) },
  actions: [
    {
      id: "GoldCard",
      issue: "Sales",
      group: "Cards",
      value: 120,
      channels: [{ channel: "web", direction: "inbound" }],
      policies: { eligibility: R.encode(R.gte("subject.age", 18)) }
    },
    {
      id: "SilverCard",
      issue: "Sales",
      group: "Cards",
      value: 60,
      channels: [
        {
          channel: "web",
          direction: "inbound",
          treatments: [{ id: "banner", eligibility: R.encode(R.eq("context.device", "desktop")) }]
        }
      ]
    },
    {
      id: "CarLoan",
      issue: "Sales",
      group: "Loans",
      value: 300,
      channels: [
        { channel: "web", direction: "inbound" },
        { channel: "email", direction: "outbound" }
      ]
    },
    {
      id: "Retain",
      issue: "Retention",
      group: "Calls",
      value: 500,
      evaluation: "mandatory",
      channels: [{ channel: "web", direction: "inbound" }]
    },
    {
      id: "Old",
      issue: "Sales",
      group: "Loans",
      availability: "never",
      channels: [{ channel: "web", direction: "inbound" }]
    },
    { id: "Tiny", issue: "Sales", group: "Loans", value: 1, channels: [{ channel: "web", direction: "inbound" }] }
  ],
  suppressions: [{ id: "shown3", when: { outcomes: "impression", atLeast: 3, withinDays: 7 }, suppressDays: 10 }],
  contactLimits: [{ id: "weeklyEmail", channel: "email", max: 1, periodDays: 7 }],
  thresholds: { propensity: [{ minimum: 0.05 }] },
  contextWeights: [{ key: "intent", value: "cancel", issue: "Retention", weight: 100 }]
})
if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
const catalog = compiled.right
const models = fixedModels({
  "GoldCard@web": 0.2,
  "SilverCard@web": 0.3,
  "CarLoan@web": 0.1,
  "CarLoan@email": 0.1,
  "Retain@web": 0.02,
  "Tiny@web": 0.01
})
const shown = (d: number) => ({
  at: now - d * DAY,
  actionId: "CarLoan",
  issue: "Sales",
  group: "Loans",
  channel: "web",
  outcome: "impression"
})
const base: Req = {
  decisionId: "d-1",
  subject: { id: "c-1", attributes: { age: 17, secret: "x" } },
  context: { now, channel: "web", limit: 2, attributes: { device: "mobile" } },
  options: { controlGroup: false }
}

describe("nextBestAction", () => {
  it("records every stage (pinned trace)", () => {
    const d = nextBestAction(catalog, models, {
      ...base,
      subject: { ...base.subject, history: [shown(1), shown(2), shown(3)] }
    })
    expect(Decision.render(d)).toBe(
      [
        "decision d-1 for c-1 at 2024-05-15T00:00:00.000Z",
        "  web #1 Retain (mandatory): priority 10 = P 0.02 × C 1 × V 500 × L 1",
        "  ✗ CarLoan@web [contactPolicies] suppressed by shown3 until 2024-05-29",
        "  ✗ GoldCard@web [eligibility] eligibility failed at action level (GoldCard): subject.age ≥ 18 (seen: 17)",
        "  ✗ Old [availability] switched off (availability: never)",
        '  ✗ SilverCard@web [channel] no eligible treatment: banner (context.device = "desktop" (seen: "mobile"))',
        "  ✗ Tiny@web [thresholds] propensity 0.01 below threshold 0.05 (*/*/*/*)"
      ].join("\n")
    )
    expect(d.funnel.map((f) => [f.stage, f.excluded, f.remaining])).toEqual([
      ["availability", 1, 5],
      ["channel", 1, 4],
      ["eligibility", 1, 3],
      ["applicability", 0, 3],
      ["suitability", 0, 3],
      ["journey", 0, 3],
      ["contactPolicies", 1, 2],
      ["propensity", 0, 2],
      ["thresholds", 1, 1],
      ["arbitration", 0, 1],
      ["limits", 0, 1]
    ])
    expect(d.record).toEqual({
      decisionId: "d-1",
      subjectId: "c-1",
      at: now,
      direction: "inbound",
      controlGroup: false,
      features: { "subject.age": 17, "subject.secret": "x", "context.device": "mobile" },
      actions: [
        {
          actionId: "Retain",
          issue: "Retention",
          group: "Calls",
          channel: "web",
          modelKey: "Retain@web",
          rank: 1,
          modelPropensity: 0.02,
          propensity: 0.02,
          selectionProbability: 1,
          selectionMethod: "deterministic"
        }
      ]
    })
  })

  it("ranks by P × C × V × L with context weights, and keeps the top N", () => {
    const d = nextBestAction(catalog, models, {
      ...base,
      subject: { id: "c-2", attributes: { age: 40 } },
      context: { ...base.context, attributes: { device: "desktop", intent: "cancel" } }
    })
    expect(d.actions.map((c) => [c.actionId, c.rank, c.priority, c.contextWeight])).toEqual([
      ["Retain", 1, 20, 2],
      ["CarLoan", 2, 30, 1],
      ["GoldCard", 3, 24, 1]
    ])
    expect(d.excluded.map((e) => [e.actionId, e.stage, e.reason._tag])).toEqual([
      ["Old", "availability", "Unavailable"],
      ["SilverCard", "arbitration", "Outranked"],
      ["Tiny", "thresholds", "BelowPropensityThreshold"]
    ])
  })

  it("trace levels and redaction", () => {
    const full = nextBestAction(catalog, models, base)
    const gold = full.excluded.find((e) => e.actionId === "GoldCard")
    expect(gold?.reason._tag === "PolicyFailed" && gold.reason.verdict?.passed).toBe(false)
    const reasons = nextBestAction(catalog, models, { ...base, options: { ...base.options, trace: "reasons" } })
    expect(reasons.excluded.find((e) => e.actionId === "GoldCard")?.reason).toEqual({
      _tag: "PolicyFailed",
      family: "eligibility",
      level: "action",
      scope: "GoldCard"
    })
    const none = nextBestAction(catalog, models, { ...base, options: { ...base.options, trace: "none" } })
    expect(none.excluded).toEqual([])
    expect(none.actions).toEqual(full.actions)
    expect(none.funnel).toEqual(full.funnel)
    const redacted = nextBestAction(catalog, models, { ...base, options: { ...base.options, redact: true } })
    const text = JSON.stringify(redacted.excluded)
    expect(text).toContain("subject.age ≥ 18")
    expect(text).not.toContain("17")
    expect(text).not.toContain("mobile")
  })

  it("a shared rule that fails excludes every action that inherits it, with the same full reason", () => {
    const d = nextBestAction(catalog, models, {
      ...base,
      subject: { id: "c-9", attributes: { age: 40, deceased: true } }
    })
    expect(d.actions).toEqual([])
    const global = d.excluded.filter((e) => e.stage === "eligibility")
    // SilverCard's only treatment is not eligible on a mobile: it is excluded earlier, at the channel stage
    expect(global.map((e) => e.actionId)).toEqual(["CarLoan", "GoldCard", "Retain", "Tiny"])
    for (const e of global) {
      expect(e.reason).toMatchObject({
        _tag: "PolicyFailed",
        family: "eligibility",
        level: "global",
        scope: "*",
        whyNot: ["not subject.deceased = true (seen: true)"]
      })
      expect(e.reason).toEqual(global[0]?.reason)
    }
  })

  it("multi-channel: action × channel, one channel per action, contact limits across channels", () => {
    const d = nextBestAction(catalog, models, {
      ...base,
      subject: { id: "c-3", attributes: { age: 40 } },
      context: { now, channels: ["web", "email"], limit: 3 }
    })
    expect(d.actions.filter((c) => c.actionId === "CarLoan").map((c) => c.channel)).toEqual(["email"])
    expect(d.excluded.find((e) => e.actionId === "CarLoan")).toMatchObject({
      channel: "web",
      stage: "arbitration",
      reason: { _tag: "ActionTaken", channels: ["email"] }
    })
    const sent = {
      at: now - DAY,
      actionId: "GoldCard",
      issue: "Sales",
      group: "Cards",
      channel: "email",
      outcome: "sent"
    }
    const limited = nextBestAction(catalog, models, {
      ...base,
      subject: { id: "c-3", attributes: { age: 40 }, history: [sent] },
      context: { now, channels: ["email"] }
    })
    expect(limited.actions).toEqual([])
    expect(limited.excluded.find((e) => e.actionId === "CarLoan")).toMatchObject({
      stage: "contactPolicies",
      reason: { _tag: "ContactLimitReached", limit: "weeklyEmail", used: 1, max: 1 }
    })
  })

  it("the control group is stable per subject and month and recorded", () => {
    const ts = Models.empty(ThompsonSampling.thompsonSampling())
    const inGroup = (id: string) =>
      nextBestAction(catalog, ts, { ...base, subject: { id, attributes: { age: 40 } }, options: {} }).controlGroup
    const members = Array.from({ length: 2000 }, (_, i) => inGroup(`s${i}`)).filter(Boolean).length
    expect(members).toBeGreaterThan(15)
    expect(members).toBeLessThan(70)
  })
})

describe("Request", () => {
  it("decodes with paths and builds features from primitive attributes", () => {
    const r = Request.decode({
      seed: 1,
      subject: { id: "x", attributes: { n: 1, deep: { a: [1, 2] }, flag: true } },
      context: { now: "2024-05-15T00:00:00Z", channel: "web", placements: [{ name: "hero" }, { name: "hero" }] }
    })
    expect(E.isLeft(r) && r.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.context.placements[1].name duplicate_id"
    ])
    const ok = Request.decode({
      seed: 1,
      subject: { id: "x", attributes: { n: 1, deep: { a: [1, 2] }, flag: true } },
      context: { now: "2024-05-15T00:00:00Z", channel: "web" }
    })
    if (E.isLeft(ok)) throw new Error(DecodeError.render(ok.left))
    expect(Request.features(ok.right)).toEqual({ "subject.n": 1, "subject.flag": true })
    expect(Request.decisionIdOf(ok.right)).toBe("seed-1")
    const bad = Request.decode({
      decisionId: "d",
      subject: { id: "x", attributes: { n: Number.NaN } },
      context: { now: 0 }
    })
    expect(E.isLeft(bad) && bad.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.subject.attributes.n non_finite",
      "$.context.channel required"
    ])
  })
})
