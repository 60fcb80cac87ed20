/**
 * Pinned decision traces: the rendered text of whole decisions, stage by stage, for placements
 * and treatments, multi-channel decisions under contact limits and group limits, a learner's
 * exploration with its Monte Carlo selection probabilities, and a redacted trace. A change in any
 * of these lines is a change users will see.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { catalog as compile } from "../../src/catalog/Catalog.js"
import { render as renderDecision } from "../../src/decide/Decision.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import type { Request } from "../../src/decide/Request.js"
import { render } from "../../src/kernel/DecodeError.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import { fromStates } from "../../src/learners/Models.js"
import { fromCounts, thompsonSampling } from "../../src/learners/ThompsonSampling.js"
import * as R from "../../src/rules/Rule.js"
import { fixedModels } from "../arbitraries/catalog.js"

const now = Date.UTC(2024, 4, 15, 9, 30)
const web = (treatments?: ReadonlyArray<unknown>) => ({
  channel: "web",
  direction: "inbound",
  ...(treatments === undefined ? {} : { treatments })
})
const compiled = compile({
  issues: [
    { name: "Sales", groups: [{ name: "Cards" }, { name: "Loans", weight: 10 }] },
    { name: "Service", groups: [{ name: "Alerts" }] }
  ],
  actions: [
    {
      id: "GoldCard",
      issue: "Sales",
      group: "Cards",
      value: 120,
      channels: [
        web([
          { id: "GoldHero", placements: ["hero"] },
          { id: "GoldTile", placements: ["tile"] }
        ]),
        { channel: "email", direction: "outbound" }
      ]
    },
    {
      id: "SilverCard",
      issue: "Sales",
      group: "Cards",
      value: 80,
      channels: [web(), { channel: "email", direction: "outbound" }],
      policies: { suitability: R.encode(R.lt("subject.debtRatio", 0.4)) }
    },
    {
      id: "StudentCard",
      issue: "Sales",
      group: "Cards",
      value: 40,
      channels: [
        web([{ id: "StudentHero", placements: ["hero"], eligibility: R.encode(R.eq("context.device", "mobile")) }])
      ]
    },
    {
      id: "CarLoan",
      issue: "Sales",
      group: "Loans",
      value: { product: [0.002, { fact: "subject.income" }] },
      channels: [web([{ id: "LoanTile", placements: ["tile"] }]), { channel: "email", direction: "outbound" }]
    },
    {
      id: "Mortgage",
      issue: "Sales",
      group: "Loans",
      value: 400,
      availability: { from: "2024-06-01T00:00:00Z" },
      channels: [web()]
    },
    {
      id: "FraudAlert",
      issue: "Service",
      group: "Alerts",
      value: 1,
      evaluation: "mandatory",
      channels: [web(), { channel: "sms", direction: "outbound" }],
      policies: { eligibility: R.encode(R.eq("subject.flagged", true)) }
    },
    {
      id: "PaymentDue",
      issue: "Service",
      group: "Alerts",
      value: 5,
      evaluation: "transactional",
      channels: [
        { channel: "email", direction: "outbound" },
        { channel: "sms", direction: "outbound" }
      ]
    }
  ],
  suppressions: [
    {
      id: "tired",
      scope: "group",
      when: {
        all: [
          { outcomes: "impression", atLeast: 2, withinDays: 10 },
          { outcomes: ["accepted", "clicked"], atMost: 0, withinDays: 10 }
        ]
      },
      suppressDays: 14
    }
  ],
  contactLimits: [
    { id: "oneEmailAWeek", channel: "email", max: 1, periodDays: 7 },
    { id: "twoContacts", max: 2, periodDays: 7 }
  ],
  contextWeights: [{ key: "page", value: "loans", issue: "Sales", group: "Loans", weight: 50 }],
  thresholds: { propensity: [{ channel: "sms", minimum: 0.2 }] }
})
if (E.isLeft(compiled)) throw new Error(render(compiled.left))
const catalog = compiled.right
const models = fixedModels({
  "GoldCard@web": 0.1,
  "GoldCard@email": 0.05,
  "SilverCard@web": 0.2,
  "SilverCard@email": 0.04,
  "StudentCard@web": 0.3,
  "CarLoan@web": 0.08,
  "CarLoan@email": 0.06,
  "Mortgage@web": 0.1,
  "FraudAlert@web": 0.01,
  "FraudAlert@sms": 0.01,
  "PaymentDue@email": 0.5,
  "PaymentDue@sms": 0.3
})
const subject = { id: "ana", attributes: { age: 34, income: 52000, debtRatio: 0.5, flagged: true } }

describe("pinned traces", () => {
  it("inbound placements: treatments, placements, mandatory first, context weights, every reason", () => {
    const request: Request = {
      decisionId: "web-1",
      subject,
      context: {
        now,
        channel: "web",
        attributes: { device: "desktop", page: "loans" },
        placements: [{ name: "hero" }, { name: "tile", size: 2 }]
      },
      options: { controlGroup: false }
    }
    const d = nextBestAction(catalog, models, request)
    expect(renderDecision(d)).toBe(
      [
        "decision web-1 for ana at 2024-05-15T09:30:00.000Z",
        "  hero #1 FraudAlert (mandatory): priority 0.01 = P 0.01 × C 1 × V 1 × L 1",
        "  hero #2 GoldCard [GoldHero]: priority 12 = P 0.1 × C 1 × V 120 × L 1",
        "  tile #1 CarLoan [LoanTile]: priority 13.73 = P 0.08 × C 1.5 × V 104 × L 1.1",
        "  ✗ Mortgage [availability] not available now (available from 2024-06-01T00:00:00.000Z)",
        "  ✗ PaymentDue [channel] not offered on web",
        "  ✗ SilverCard@web [suitability] suitability failed at action level (SilverCard): subject.debtRatio < 0.4 (seen: 0.5)",
        '  ✗ StudentCard@web [channel] no eligible treatment: StudentHero (context.device = "mobile" (seen: "desktop"))'
      ].join("\n")
    )
    expect(d.funnel.map((f) => `${f.stage} ${f.excluded} ${f.remaining}`)).toEqual([
      "availability 1 6",
      "channel 2 4",
      "eligibility 0 4",
      "applicability 0 4",
      "suitability 1 3",
      "journey 0 3",
      "contactPolicies 0 3",
      "propensity 0 3",
      "thresholds 0 3",
      "arbitration 0 3",
      "limits 0 3"
    ])
  })

  it("outbound on three channels: one channel per action, contact limits used up by the actions above, transactional and mandatory actions, suppression of a group", () => {
    const shown = (days: number) => ({
      at: now - days * DAY_MS,
      actionId: "SilverCard",
      issue: "Sales",
      group: "Loans",
      channel: "web",
      outcome: "impression"
    })
    const request: Request = {
      decisionId: "out-1",
      subject: { ...subject, attributes: { ...subject.attributes, debtRatio: 0.1 }, history: [shown(2), shown(4)] },
      context: { now, channels: ["email", "sms", "web"], direction: "outbound", limit: 2 },
      options: { controlGroup: false }
    }
    const d = nextBestAction(catalog, models, request)
    expect(renderDecision(d)).toBe(
      [
        "decision out-1 for ana at 2024-05-15T09:30:00.000Z",
        "  email #1 GoldCard: priority 6 = P 0.05 × C 1 × V 120 × L 1",
        "  email #2 PaymentDue (transactional): priority 2.5 = P 0.5 × C 1 × V 5 × L 1",
        "  sms #1 FraudAlert (mandatory): priority 0.01 = P 0.01 × C 1 × V 1 × L 1",
        // two impressions in the group within 10 days, no positive: until the older one leaves the window (May 21),
        // then 14 days
        "  ✗ CarLoan@email [contactPolicies] suppressed by tired until 2024-06-04",
        "  ✗ Mortgage [availability] not available now (available from 2024-06-01T00:00:00.000Z)",
        "  ✗ PaymentDue@sms [arbitration] already returned on email",
        "  ✗ SilverCard@email [limits] contact limit oneEmailAWeek used up by higher-ranked actions on email",
        "  ✗ StudentCard [channel] not offered on email, sms, web (outbound)"
      ].join("\n")
    )
  })

  it("Thompson sampling: the exploration draws and their Monte Carlo selection probabilities", () => {
    const ts = thompsonSampling()
    const learned = fromStates(ts, {
      "GoldCard@web": fromCounts(12, 88),
      "SilverCard@web": fromCounts(30, 70),
      "CarLoan@web": fromCounts(5, 45)
    })
    const request: Request = {
      decisionId: "ts-1",
      subject: { ...subject, attributes: { ...subject.attributes, debtRatio: 0.1, flagged: false } },
      context: { now, channel: "web", placements: [{ name: "hero" }, { name: "tile" }] },
      options: { controlGroup: false, trace: "reasons", selectionDraws: 400 }
    }
    const d = nextBestAction(catalog, learned, request)
    // posterior means 31/102 and 13/102; P(SilverCard first in hero) ≈ 0.95 by a normal approximation
    // (two slots: Monte Carlo, not the one-slot quadrature)
    // pinned draws: changed deliberately when seeds came to set the generator's full state (issue 9)
    expect(renderDecision(d)).toBe(
      [
        "decision ts-1 for ana at 2024-05-15T09:30:00.000Z",
        "  hero #1 SilverCard: priority 29.24 = P 0.3655 × C 1 × V 80 × L 1",
        "  tile #1 CarLoan [LoanTile]: priority 18.16 = P 0.1588 × C 1 × V 104 × L 1.1",
        "  ✗ FraudAlert@web [eligibility] eligibility failed at action level (FraudAlert)",
        "  ✗ GoldCard@web [arbitration] outranked: hero holds 1",
        "  ✗ Mortgage [availability] not available now (available from 2024-06-01T00:00:00.000Z)",
        "  ✗ PaymentDue [channel] not offered on web",
        "  ✗ StudentCard@web [channel] no eligible treatment: StudentHero"
      ].join("\n")
    )
    expect(
      d.actions.map((c) => [
        c.actionId,
        c.modelPropensity.toFixed(4),
        c.propensity.toFixed(4),
        c.selectionMethod,
        c.selectionProbability.toFixed(4)
      ])
    ).toEqual([
      ["SilverCard", "0.3039", "0.3655", "monteCarlo", "0.9451"],
      ["CarLoan", "0.1154", "0.1588", "monteCarlo", "0.3541"]
    ])
  })

  it("redaction keeps the reasons and drops the values", () => {
    const request: Request = {
      decisionId: "web-2",
      subject,
      context: { now, channel: "web", attributes: { device: "desktop" } },
      options: { controlGroup: false, redact: true }
    }
    const d = nextBestAction(catalog, models, request)
    expect(d.excluded.filter((e) => e.stage === "suitability" || e.stage === "channel").map((e) => e.reason)).toEqual([
      { _tag: "NotOnChannel", channels: ["web"] },
      {
        _tag: "PolicyFailed",
        family: "suitability",
        level: "action",
        scope: "SilverCard",
        whyNot: ["subject.debtRatio < 0.4"]
      },
      { _tag: "NoTreatment", treatments: [{ id: "StudentHero", whyNot: ['context.device = "mobile"'] }] }
    ])
  })
})
