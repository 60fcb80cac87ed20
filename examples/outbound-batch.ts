/**
 * Tonight's outbound run: 50,000 customers, an email and an SMS channel, and volume limits —
 * "at most 12,000 emails", "at most 4,000 SMS", "at most 1,500 GoldCard offers", "at most 2,500
 * loan offers". Every customer is decided with `nextBestAction` (naive Bayes models trained on
 * last month's synthetic responses), then capacity is allocated two ways:
 *
 * 1. greedy over the whole population in memory (`OutboundRun.greedy`);
 * 2. dual prices estimated on a 20 % sample, then four partitions decided independently — with
 *    the prices alone, and each within its share of the budget (`OutboundRun.estimatePrices`, `OutboundRun.withPrices`,
 *    `Capacity.apportion`) — what you would run on four machines.
 *
 * It prints both summaries, a few customers' decisions, and the "sent" events the run would
 * record for the feedback reducer. Everything is synthetic and seeded: nothing is read.
 *
 * Run with `npm run example:outbound`.
 */
import * as E from "fp-ts/lib/Either.js"
import {
  Capacity,
  Catalog,
  DecodeError,
  DualPrices,
  Feedback,
  Learner,
  Models,
  NaiveBayes,
  OutboundRun,
  Random,
  Rule as R,
  Summary,
  Time
} from "nextbest"

const POPULATION = 50_000
const now = Date.UTC(2024, 4, 15, 18, 0)

// ---------------------------------------------------------------------------------------
// the catalog: outbound actions on email and SMS
// ---------------------------------------------------------------------------------------

const outbound = (...channels: ReadonlyArray<string>) =>
  channels.map((channel) => ({ channel, direction: "outbound" as const }))
const compiled = Catalog.catalog({
  issues: [
    { name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }, { name: "Deposits" }] },
    { name: "Retention", groups: [{ name: "Offers" }] },
    { name: "Service", groups: [{ name: "Messages" }] }
  ],
  actions: [
    {
      id: "GoldCard",
      issue: "Sales",
      group: "Cards",
      value: 120,
      channels: outbound("email", "sms"),
      policies: { eligibility: R.encode(R.gte("subject.income", 30)) }
    },
    {
      id: "Mortgage",
      issue: "Sales",
      group: "Loans",
      value: { product: [4, { fact: "subject.income" }] },
      channels: outbound("email"),
      policies: { eligibility: R.encode(R.between("subject.age", 25, 60)) }
    },
    { id: "CarLoan", issue: "Sales", group: "Loans", value: 300, channels: outbound("email", "sms") },
    { id: "Savings", issue: "Sales", group: "Deposits", value: 60, channels: outbound("email", "sms") },
    {
      id: "LoyaltyBonus",
      issue: "Retention",
      group: "Offers",
      value: 200,
      channels: outbound("email", "sms"),
      policies: { eligibility: R.encode(R.gte("subject.tenure", 5)) }
    },
    { id: "AppTips", issue: "Service", group: "Messages", value: 15, channels: outbound("email") }
  ],
  // at most one email a week per customer
  contactLimits: [{ id: "weeklyEmail", channel: "email", max: 1, periodDays: 7 }]
})
if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
const catalog = compiled.right

// ---------------------------------------------------------------------------------------
// a seeded synthetic population and last month's responses
// ---------------------------------------------------------------------------------------

let rng = Random.fromSeed("outbound-example")
const draw = (): number => {
  const [u, next] = Random.nextDouble(rng)
  rng = next
  return u
}
const customer = (i: number) => {
  const age = 18 + Math.floor(draw() * 62)
  const income = Math.round(15 + draw() * draw() * 180) // thousands
  const tenure = Math.floor(draw() * Math.min(30, age - 17))
  const engagement = Math.round(draw() * 100) / 100
  const history =
    draw() < 0.1
      ? [
          {
            at: now - 2 * Time.DAY_MS,
            actionId: "Savings",
            issue: "Sales",
            group: "Deposits",
            channel: "email",
            outcome: "sent"
          }
        ]
      : []
  return { id: `c-${String(i).padStart(6, "0")}`, attributes: { age, income, tenure, engagement }, history }
}
const population = Array.from({ length: POPULATION }, (_, i) => customer(i))

// the "true" response probability of each action × channel, for the synthetic responses
const truth: Record<string, (f: Learner.Features) => number> = {
  "GoldCard@email": (f) => 0.01 + 0.0004 * (f["subject.income"] as number) + 0.05 * (f["subject.engagement"] as number),
  "GoldCard@sms": (f) => 0.008 + 0.0003 * (f["subject.income"] as number),
  "Mortgage@email": (f) => 0.002 + 0.0006 * (f["subject.age"] as number) * (f["subject.engagement"] as number),
  "CarLoan@email": (f) => 0.03 * (1 - (f["subject.age"] as number) / 100) * (0.5 + (f["subject.engagement"] as number)),
  "CarLoan@sms": (f) => 0.04 * (1 - (f["subject.age"] as number) / 100),
  "Savings@email": (f) => 0.04 + 0.0004 * (f["subject.income"] as number),
  "Savings@sms": (f) => 0.03 + 0.0002 * (f["subject.income"] as number),
  "LoyaltyBonus@email": (f) => 0.02 + 0.003 * (f["subject.tenure"] as number),
  "LoyaltyBonus@sms": (f) => 0.03 + 0.003 * (f["subject.tenure"] as number),
  "AppTips@email": (f) => 0.1 + 0.2 * (f["subject.engagement"] as number)
}
const nb = NaiveBayes.naiveBayes({
  predictors: ["age", "income", "tenure", "engagement"].map((name) => NaiveBayes.numeric(`subject.${name}`)),
  exploration: "none"
})
const states: Record<string, NaiveBayes.State> = {}
for (const [key, p] of Object.entries(truth)) {
  const responses = Array.from({ length: 4000 }, (_, i) => {
    const c = customer(POPULATION + i)
    const features = Object.fromEntries(Object.entries(c.attributes).map(([k, v]) => [`subject.${k}`, v]))
    return { features, positive: draw() < p(features), at: now - 30 * Time.DAY_MS }
  })
  states[key] = NaiveBayes.fit(nb, responses)
}
const models = Models.fromStates(nb, states)

// ---------------------------------------------------------------------------------------
// the run
// ---------------------------------------------------------------------------------------

const capacities = [
  Capacity.capacity("emails", 12_000, { channel: "email" }),
  Capacity.capacity("sms", 4_000, { channel: "sms" }),
  Capacity.capacity("goldCard", 1_500, { actionId: "GoldCard" }),
  Capacity.capacity("loans", 2_500, { group: "Loans" })
]
const settings: OutboundRun.RunSettings = {
  runId: "evening-2024-05-15",
  now,
  channels: ["email", "sms"],
  capacities,
  perSubject: 1
}
const seconds = (ms: number): string => (ms / 1000).toFixed(2)
const rate = (n: number, ms: number): string => Math.round((n * 1000) / ms).toLocaleString("en-US")

// 1. greedy over the whole population
let t0 = performance.now()
const greedy = OutboundRun.greedy(catalog, models, settings)(population)
const greedyMs = performance.now() - t0
console.log(`greedy over ${POPULATION} customers: ${seconds(greedyMs)} s (${rate(POPULATION, greedyMs)} subjects/s)`)
console.log(Summary.render(greedy.summary, capacities))

// 2. prices on a 20 % sample, then four partitions: free, and each within its share of the budget
t0 = performance.now()
const sample = population.filter((c) => DualPrices.inSample(settings.runId, 0.2)(c.id))
const prices = OutboundRun.estimatePrices(catalog, models, settings)(sample, POPULATION)
const estimateMs = performance.now() - t0
// the prices travel to the partitions as JSON
const shipped = DualPrices.decodePrices(JSON.parse(JSON.stringify(DualPrices.PricesCodec.encode(prices))))
if (E.isLeft(shipped)) throw new Error(DecodeError.render(shipped.left))
const partitions = [0, 1, 2, 3].map((k) => population.filter((_, i) => i % 4 === k))
const budgets = Capacity.apportion(
  capacities,
  partitions.map((p) => p.length)
)
t0 = performance.now()
const free = partitions.map((p) => OutboundRun.withPrices(catalog, models, settings, shipped.right)(p))
const pricedMs = performance.now() - t0
const runs = partitions.map((p, k) => OutboundRun.withPrices(catalog, models, settings, shipped.right)(p, budgets[k]))
const priced = runs.map((r) => r.summary).reduce(Summary.Monoid.concat, Summary.empty)
console.log(`\nprices from ${sample.length} sampled customers in ${seconds(estimateMs)} s (${prices.rounds} rounds):`)
console.log(
  Object.entries(prices.prices)
    .map(([id, p]) => `  ${id}: ${p.toFixed(3)}`)
    .join("\n")
)
console.log(`four partitions with prices: ${seconds(pricedMs)} s (${rate(POPULATION, pricedMs)} subjects/s)`)
console.log(Summary.render(free.map((r) => r.summary).reduce(Summary.Monoid.concat, Summary.empty), capacities))
console.log("four partitions with prices, each within its share of the budget:")
console.log(Summary.render(priced, capacities))
const decisions = population.map(OutboundRun.decide(catalog, models, settings))
const bound = DualPrices.upperBound(capacities, prices)(decisions)
console.log(
  `\nobjective (Σ priority): greedy ${greedy.summary.priority.toFixed(0)}, prices ${priced.priority.toFixed(0)} (${((100 * priced.priority) / greedy.summary.priority).toFixed(1)} % of greedy); no allocation can beat ${bound.toFixed(0)}`
)

// a few customers
console.log("\na few customers (greedy):")
for (const s of greedy.subjects.slice(0, 6)) {
  const chosen = s.chosen.map(
    (c) =>
      `${c.actionId}@${c.channel} (priority ${c.priority.toFixed(2)} = P ${c.propensity.toFixed(4)} × V ${c.value.toFixed(0)})`
  )
  const dropped = s.dropped.map((d) => `${d.candidate.actionId}@${d.candidate.channel} dropped by ${d.capacity}`)
  console.log(`  ${s.subjectId}: ${[...chosen, ...dropped].join("; ") || "nothing"}`)
}

// what the run records for feedback: the records, then a "sent" event per message that goes out
const sentAt = now + 2 * Time.HOUR_MS
const events = OutboundRun.sentEvents(greedy.subjects, sentAt)
console.log(`\n${events.length} "sent" events, e.g.:`)
for (const e of events.slice(0, 3))
  console.log(
    `  ${e.eventId} at ${Time.toIso(e.at)} (model ${e.decision.actions.find((a) => a.actionId === e.actionId)?.modelKey})`
  )
let feedback = Feedback.initial(models)
const feedbackSettings = Feedback.settings({ timeouts: { outbound: 7 * Time.DAY_MS } })
feedback = Feedback.applyAll(feedbackSettings)(feedback, [
  ...greedy.subjects.filter((s) => s.chosen.length > 0).map((s) => Feedback.decided(s.record)),
  ...events
])
const [outbox] = Feedback.drain(feedback)
console.log(
  `feedback state: ${outbox.recorded.length} interactions to append to the customers' histories, ${outbox.refused.length} refused`
)
