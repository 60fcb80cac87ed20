/**
 * The run the scale-out example distributes: the outbound example's catalog (six actions on email
 * and SMS, one email a week per customer), naive Bayes models fitted on synthetic responses, and a
 * synthetic population that any worker can read by index range — subject `i` is drawn from its own
 * seed, so partition `[first, first + count)` needs nothing else (in production: a key range of the
 * customer table, read with a cursor).
 *
 * Capacities scale with the population (24 % emails, 8 % SMS, 3 % GoldCard, 5 % loans), so every
 * size has binding caps.
 */
import * as E from "fp-ts/lib/Either.js"
import {
  Capacity,
  Catalog,
  DecodeError,
  Learner,
  Models,
  NaiveBayes,
  OutboundRun,
  Random,
  Rule as R,
  Time,
  type Request
} from "nextbest"

export const NOW = Date.UTC(2024, 4, 15, 18, 0)

const outbound = (...channels: ReadonlyArray<string>) =>
  channels.map((channel) => ({ channel, direction: "outbound" as const }))

/** the catalog as JSON: what the coordinator ships to every worker */
export const catalogJson: unknown = {
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
  contactLimits: [{ id: "weeklyEmail", channel: "email", max: 1, periodDays: 7 }]
}

/** the learner every worker decodes the models with (its configuration is code, not data) */
export const learner = NaiveBayes.naiveBayes({
  predictors: ["age", "income", "tenure", "engagement"].map((name) => NaiveBayes.numeric(`subject.${name}`)),
  exploration: "none"
})

/** the id of customer `i` (the sample is picked by id, without reading the customer) */
export const subjectId = (i: number): string => `c-${String(i).padStart(7, "0")}`

/** customer `i` of the synthetic population, from its own seed */
export const subject = (i: number): Request.Subject => {
  let rng = Random.fromSeed(`scale-out/${i}`)
  const draw = (): number => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
  const age = 18 + Math.floor(draw() * 62)
  const income = Math.round(15 + draw() * draw() * 180) // thousands
  const tenure = Math.floor(draw() * Math.min(30, age - 17))
  const engagement = Math.round(draw() * 100) / 100
  const history =
    draw() < 0.1
      ? [
          {
            at: NOW - 2 * Time.DAY_MS,
            actionId: "Savings",
            issue: "Sales",
            group: "Deposits",
            channel: "email",
            outcome: "sent" as const
          }
        ]
      : []
  return { id: subjectId(i), attributes: { age, income, tenure, engagement }, history }
}

/** the subjects `[first, first + count)` */
export const subjects = (first: number, count: number): ReadonlyArray<Request.Subject> =>
  Array.from({ length: count }, (_, k) => subject(first + k))

/** the capacities of a run over `population` subjects */
export const capacities = (population: number): ReadonlyArray<Capacity> => [
  Capacity.capacity("emails", Math.round(population * 0.24), { channel: "email" }),
  Capacity.capacity("sms", Math.round(population * 0.08), { channel: "sms" }),
  Capacity.capacity("goldCard", Math.round(population * 0.03), { actionId: "GoldCard" }),
  Capacity.capacity("loans", Math.round(population * 0.05), { group: "Loans" })
]

/** the run's settings, but for the capacities */
export const baseSettings = (runId: string): Omit<OutboundRun.RunSettings, "capacities"> => ({
  runId,
  now: NOW,
  channels: ["email", "sms"],
  perSubject: 1
})

/** compiles the catalog (a programming mistake in `catalogJson` throws with every problem) */
export const compileCatalog = (json: unknown): Catalog => {
  const compiled = Catalog.catalog(json)
  if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
  return compiled.right
}

// the "true" response probability of each action × channel, for last month's synthetic responses
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

/** naive Bayes models fitted on `responses` synthetic responses per model key (seeded) */
export const trainModels = (responses = 2000): Models<NaiveBayes.State> => {
  let rng = Random.fromSeed("scale-out/responses")
  const states: Record<string, NaiveBayes.State> = {}
  for (const [key, p] of Object.entries(truth)) {
    const observed = Array.from({ length: responses }, (_, i) => {
      const c = subject(1_000_000_000 + i) // customers outside any population
      const features: Learner.Features = Object.fromEntries(
        Object.entries(c.attributes ?? {}).map(([k, v]) => [`subject.${k}`, v as number])
      )
      const [u, next] = Random.nextDouble(rng)
      rng = next
      return { features, positive: u < p(features), at: NOW - 30 * Time.DAY_MS }
    })
    states[key] = NaiveBayes.fit(learner, observed)
  }
  return Models.fromStates(learner, states)
}
