/**
 * Inbound decisions on the web channel: a small bank catalog, a few customers, and for each the
 * ranked actions with their factors and the "why not" of every other action.
 *
 * Run with `npm run example:inbound`.
 */
import * as E from "fp-ts/lib/Either.js"
import { Catalog, Decision, DecodeError, Models, nextBestAction, Request, Rule as R, ThompsonSampling } from "nextbest"

const DAY = 86_400_000
const now = Date.UTC(2024, 4, 15, 10, 30)

// the catalog, as it would come from a JSON file or a database
const catalogJson = {
  issues: [
    { name: "Sales", weight: 0, groups: [{ name: "CreditCards" }, { name: "Loans", weight: 10 }] },
    { name: "Retention", weight: 20, groups: [{ name: "Offers" }] },
    { name: "Service", groups: [{ name: "Messages" }] }
  ],
  policies: { eligibility: R.encode(R.not(R.eq("subject.deceased", true))) },
  actions: [
    {
      id: "GoldCard",
      issue: "Sales",
      group: "CreditCards",
      value: 120,
      startingPropensity: 0.05,
      startingEvidence: 20,
      channels: [
        {
          channel: "web",
          direction: "inbound",
          treatments: [{ id: "GoldCardHero", placements: ["hero"] }, { id: "GoldCardTile" }]
        }
      ],
      policies: {
        eligibility: R.encode(R.all(R.gte("subject.age", 21), R.gt("subject.income", 40000))),
        suitability: R.encode(R.lt("subject.debtRatio", 0.4))
      }
    },
    {
      id: "StudentCard",
      issue: "Sales",
      group: "CreditCards",
      value: 40,
      channels: [{ channel: "web", direction: "inbound" }],
      policies: { eligibility: R.encode(R.between("subject.age", 18, 26)) }
    },
    {
      id: "CarLoan",
      issue: "Sales",
      group: "Loans",
      value: { product: [0.02, { fact: "subject.income" }] },
      channels: [{ channel: "web", direction: "inbound" }],
      policies: { applicability: R.encode(R.not(R.eq("subject.hasCarLoan", true))) }
    },
    {
      id: "LoyaltyBonus",
      issue: "Retention",
      group: "Offers",
      value: 200,
      channels: [
        { channel: "web", direction: "inbound" },
        { channel: "email", direction: "outbound" }
      ],
      policies: { eligibility: R.encode(R.gte("subject.tenureYears", 5)) }
    },
    {
      id: "AddressCheck",
      issue: "Service",
      group: "Messages",
      evaluation: "mandatory",
      channels: [{ channel: "web", direction: "inbound" }],
      policies: { eligibility: R.encode(R.eq("subject.addressBounced", true)) }
    },
    {
      id: "SummerSale",
      issue: "Sales",
      group: "Loans",
      availability: { from: "2024-06-01", until: "2024-09-01" },
      channels: [{ channel: "web", direction: "inbound" }]
    }
  ],
  suppressions: [{ id: "shown3in7", when: { outcomes: "impression", atLeast: 3, withinDays: 7 }, suppressDays: 10 }],
  contextWeights: [{ key: "intent", value: "cancel", issue: "Retention", weight: 150 }],
  thresholds: { propensity: [{ direction: "inbound", minimum: 0.01 }] },
  // history-derived features for the models: impressions in the last 7 and 30 days, and days since the last one,
  // over all the customer's interactions and over the candidate action's own
  historyFeatures: { outcomes: ["impression"], windowsDays: [7, 30], scopes: ["subject", "action"] }
}

const catalog = Catalog.catalog(catalogJson)
if (E.isLeft(catalog)) throw new Error(DecodeError.render(catalog.left))

// models learned so far (empty here: every action starts from its starting propensity or Beta(1, 1))
const models = Models.empty(ThompsonSampling.thompsonSampling())

const shown = (daysAgo: number, actionId: string, issue: string, group: string) => ({
  at: now - daysAgo * DAY,
  actionId,
  issue,
  group,
  channel: "web",
  outcome: "impression"
})

// requests, as they would arrive over HTTP: decoded at the boundary
const requests: ReadonlyArray<unknown> = [
  {
    decisionId: "web-0001",
    subject: { id: "ana", attributes: { age: 34, income: 62000, debtRatio: 0.2, tenureYears: 7 } },
    context: { now, channel: "web", limit: 2, attributes: { page: "home" } }
  },
  {
    decisionId: "web-0002",
    subject: {
      id: "ben",
      attributes: { age: 22, income: 18000, debtRatio: 0.6, tenureYears: 1, hasCarLoan: true, addressBounced: true },
      history: [
        shown(1, "StudentCard", "Sales", "CreditCards"),
        shown(2, "StudentCard", "Sales", "CreditCards"),
        shown(3, "StudentCard", "Sales", "CreditCards")
      ]
    },
    context: { now, channel: "web", limit: 2 }
  },
  {
    decisionId: "web-0003",
    subject: { id: "chloe", attributes: { age: 45, income: 90000, debtRatio: 0.1, tenureYears: 12 } },
    context: {
      now,
      placements: [
        { name: "hero", channel: "web" },
        { name: "sidebar", channel: "web", size: 2 }
      ],
      attributes: { intent: "cancel" }
    },
    options: { redact: true }
  },
  { decisionId: "web-0004", subject: { id: "" }, context: { now: "yesterday", channel: "web" } }
]

for (const json of requests) {
  const request = Request.decode(json)
  if (E.isLeft(request)) {
    console.log(`rejected request:\n${DecodeError.render(request.left)}\n`)
    continue
  }
  const decision = nextBestAction(catalog.right, models, request.right)
  console.log(Decision.render(decision))
  console.log(
    `  selection probabilities: ${decision.actions.map((a) => `${a.actionId} ${a.selectionProbability.toFixed(3)} (${a.selectionMethod})`).join(", ") || "none"}`
  )
  // what the models saw from the history, as the decision record keeps it for learning
  const history = Object.entries(decision.record.features).filter(([name]) => name.startsWith("history."))
  console.log(
    `  history features: ${history.map(([name, value]) => `${name} = ${value === null ? "none" : Number(value).toFixed(2).replace(/\.00$/, "")}`).join(", ")}`
  )
  for (const a of decision.record.actions)
    if (a.features !== undefined)
      console.log(
        `    ${a.actionId}: ${Object.entries(a.features)
          .map(([name, value]) => `${name} = ${value ?? "none"}`)
          .join(", ")}`
      )
  console.log("")
}
