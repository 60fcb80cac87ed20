/**
 * The demo's embedded scenario: a retail bank with 20 actions (cards, loans, savings, retention,
 * service) and a synthetic customer base whose true response probabilities are known.
 *
 * The truth (`bankSpec`) is what the simulator draws outcomes from; the catalog (`bankCatalogJson`)
 * is what the bank configures: issues and groups, eligibility and suitability rules, a suppression,
 * contact limits, values and levers, on three channels (web and contact centre inbound, email
 * outbound). Everything is seeded: nothing is read.
 */
import * as E from "fp-ts/lib/Either.js"
import { Catalog, DecodeError, Population, Rule as R } from "../../src/index.js"

const { numeric, symbolic, linear, step, levels } = Population

/** Where each action sits in the catalog, and on which channels it may be offered. */
export interface Placement {
  readonly issue: string
  readonly group: string
  /** also sent by email in the outbound run */
  readonly email: boolean
}

/** The catalog placement of every action, in spec order. */
export const PLACEMENT: Readonly<Record<string, Placement>> = {
  StudentCard: { issue: "Sales", group: "Cards", email: true },
  CashbackCard: { issue: "Sales", group: "Cards", email: true },
  TravelCard: { issue: "Sales", group: "Cards", email: true },
  PlatinumCard: { issue: "Sales", group: "Cards", email: true },
  BalanceTransfer: { issue: "Sales", group: "Cards", email: false },
  PersonalLoan: { issue: "Sales", group: "Loans", email: true },
  CarLoan: { issue: "Sales", group: "Loans", email: true },
  Mortgage: { issue: "Sales", group: "Loans", email: true },
  HomeImprovementLoan: { issue: "Sales", group: "Loans", email: false },
  DebtConsolidation: { issue: "Sales", group: "Loans", email: false },
  EasySaver: { issue: "Sales", group: "Savings", email: true },
  FixedBond: { issue: "Sales", group: "Savings", email: true },
  ISA: { issue: "Sales", group: "Savings", email: true },
  KidsSaver: { issue: "Sales", group: "Savings", email: false },
  Pension: { issue: "Sales", group: "Savings", email: true },
  LoyaltyBonus: { issue: "Retention", group: "Offers", email: true },
  FeeWaiver: { issue: "Retention", group: "Offers", email: false },
  RateMatch: { issue: "Retention", group: "Offers", email: true },
  AppSetup: { issue: "Service", group: "Digital", email: true },
  Paperless: { issue: "Service", group: "Digital", email: true }
}

/** Lever weights in percent by action id: the business pushes ISAs and app sign-ups. */
export const LEVERS: Readonly<Record<string, number>> = { ISA: 30, AppSetup: 50 }

/** The customer base and the truth about every action (values in euros of margin per response). */
export const bankSpec = (size: number, seed: number | string): Population.Spec => ({
  seed,
  size,
  idPrefix: "cust-",
  attributes: [
    numeric("age", 44, 16, { decimals: 0, missing: 0.01 }),
    numeric("income", 42_000, 18_000, { decimals: 0, missing: 0.08, correlatedWith: "age", correlation: 0.35 }),
    numeric("balance", 15_000, 9_000, { decimals: 0, correlatedWith: "income", correlation: 0.7 }),
    numeric("tenure", 7, 5, { decimals: 1, correlatedWith: "age", correlation: 0.5 }),
    numeric("creditScore", 680, 80, { decimals: 0, missing: 0.03 }),
    numeric("churnRisk", 0, 1, { decimals: 2 }),
    symbolic("segment", ["student", "young", "family", "affluent", "retired"], { weights: [1, 2, 3, 2, 2] }),
    symbolic("digital", ["app", "web", "branch"], { weights: [4, 3, 2] })
  ],
  actions: [
    {
      id: "StudentCard",
      value: 40,
      intercept: -3.2,
      effects: [linear("age", -1.2), levels("segment", { student: 1.6 })],
      eligibility: R.between("subject.age", 18, 25)
    },
    {
      id: "CashbackCard",
      value: 80,
      intercept: -3.4,
      effects: [levels("segment", { young: 0.6, family: 0.4 }), levels("digital", { app: 0.5 })]
    },
    {
      id: "TravelCard",
      value: 120,
      intercept: -3.9,
      effects: [linear("income", 0.7), levels("segment", { affluent: 0.8 })],
      eligibility: R.gte("subject.age", 21)
    },
    {
      id: "PlatinumCard",
      value: 200,
      intercept: -4.6,
      effects: [linear("income", 1.1), linear("balance", 0.4)],
      eligibility: R.gte("subject.income", 60_000)
    },
    {
      id: "BalanceTransfer",
      value: 90,
      intercept: -3.8,
      effects: [linear("creditScore", 0.6, -0.3), levels("segment", { young: 0.5 })]
    },
    {
      id: "PersonalLoan",
      value: 150,
      intercept: -4.0,
      effects: [linear("age", -0.4), levels("segment", { young: 0.7 })],
      eligibility: R.gte("subject.age", 18)
    },
    {
      id: "CarLoan",
      value: 180,
      intercept: -4.2,
      effects: [linear("tenure", 0.5), levels("segment", { family: 0.8 })]
    },
    {
      id: "Mortgage",
      value: 600,
      intercept: -6.0,
      effects: [step("age", 28, 1.0), levels("segment", { family: 1.2, young: 0.5 }), linear("income", 0.5)],
      eligibility: R.between("subject.age", 23, 65)
    },
    {
      id: "HomeImprovementLoan",
      value: 220,
      intercept: -5.0,
      effects: [linear("age", 0.5), levels("segment", { family: 0.6, retired: 0.3 })]
    },
    {
      id: "DebtConsolidation",
      value: 160,
      intercept: -4.6,
      effects: [linear("creditScore", -0.8, 0.2), linear("income", -0.4)]
    },
    {
      id: "EasySaver",
      value: 30,
      intercept: -2.6,
      effects: [linear("balance", 0.5), levels("digital", { app: 0.3 })]
    },
    {
      id: "FixedBond",
      value: 70,
      intercept: -3.8,
      effects: [linear("balance", 1.0), levels("segment", { retired: 0.7 })]
    },
    {
      id: "ISA",
      value: 60,
      intercept: -3.4,
      effects: [linear("balance", 0.6), linear("income", 0.3)]
    },
    {
      id: "KidsSaver",
      value: 35,
      intercept: -3.3,
      effects: [levels("segment", { family: 1.8 })]
    },
    {
      id: "Pension",
      value: 250,
      intercept: -5.2,
      effects: [linear("age", 0.8), linear("income", 0.5), levels("segment", { retired: -1.5 })],
      eligibility: R.between("subject.age", 25, 67)
    },
    {
      id: "LoyaltyBonus",
      value: 100,
      intercept: -3.6,
      effects: [linear("tenure", 0.7), linear("churnRisk", 0.6)],
      eligibility: R.gte("subject.tenure", 3)
    },
    {
      id: "FeeWaiver",
      value: 60,
      intercept: -3.0,
      effects: [linear("churnRisk", 1.1)]
    },
    {
      id: "RateMatch",
      value: 140,
      intercept: -4.4,
      effects: [linear("churnRisk", 1.0), linear("balance", 0.5)]
    },
    {
      id: "AppSetup",
      value: 12,
      intercept: -2.2,
      effects: [levels("digital", { web: 0.8, branch: -0.6, app: -2.5 }), linear("age", -0.4)]
    },
    {
      id: "Paperless",
      value: 6,
      intercept: -1.8,
      effects: [levels("digital", { app: 0.5, web: 0.4 })]
    }
  ]
})

/** The inbound channels, and the outbound one. */
export const WEB = "web"
export const CONTACT_CENTRE = "contactCentre"
export const EMAIL = "email"

/**
 * The bank's catalog as JSON, from the truth's values and eligibility rules, plus what only the
 * bank knows: the issue/group tree, a suitability rule (no new credit for a credit score under
 * 560), a suppression (3 impressions in 7 days: 14 days off), contact limits (one email a week;
 * three contact-centre offers a month), levers and a propensity threshold.
 */
export const bankCatalogJson = (population: Population.Population): Readonly<Record<string, unknown>> => {
  const groups: Record<string, Set<string>> = {}
  const actions = population.spec.actions.map((a) => {
    const place = PLACEMENT[a.id] as Placement
    ;(groups[place.issue] ??= new Set()).add(place.group)
    const lever = LEVERS[a.id]
    const credit = place.group === "Loans" || a.id === "PlatinumCard" || a.id === "BalanceTransfer"
    return {
      id: a.id,
      issue: place.issue,
      group: place.group,
      value: a.value ?? 1,
      ...(lever === undefined ? {} : { weight: lever }),
      channels: [
        { channel: WEB, direction: "inbound" },
        { channel: CONTACT_CENTRE, direction: "inbound" },
        ...(place.email ? [{ channel: EMAIL, direction: "outbound" }] : [])
      ],
      policies: {
        ...(a.eligibility === undefined ? {} : { eligibility: R.encode(a.eligibility) }),
        ...(credit && a.id !== "DebtConsolidation"
          ? { suitability: R.encode(R.not(R.lt("subject.creditScore", 560))) }
          : {})
      }
    }
  })
  return {
    issues: Object.entries(groups).map(([name, gs]) => ({ name, groups: [...gs].map((g) => ({ name: g })) })),
    actions,
    suppressions: [{ id: "shown3in7", when: { outcomes: "impression", atLeast: 3, withinDays: 7 }, suppressDays: 14 }],
    contactLimits: [
      { id: "weeklyEmail", channel: EMAIL, max: 1, periodDays: 7 },
      { id: "callCentreMonthly", channel: CONTACT_CENTRE, max: 3, periodDays: 30 }
    ],
    thresholds: { propensity: [{ direction: "inbound", minimum: 0.002 }] },
    controlGroup: { share: 0 }
  }
}

/** The compiled catalog; throws with the decoder's report if it does not compile (a bug in this file). */
export const bankCatalog = (population: Population.Population): Catalog => {
  const c = Catalog.catalog(bankCatalogJson(population))
  if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
  return c.right
}
