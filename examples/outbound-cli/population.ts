/**
 * The example's synthetic population, seeded and deterministic: customers with the columns of
 * catalog.json's data model (and a `history` for one in ten), and the naive Bayes models the example
 * runs with, trained on synthetic responses of last month. `generate.ts` writes them to files.
 */
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { type Learner, Models, NaiveBayes, Random, Time } from "nextbest"
import { csvLine, lineWriter } from "./output.js"

/** the run's time (settings.json's `now`) */
export const NOW = Date.UTC(2024, 4, 15, 18, 0)

export const SEGMENTS = ["mass", "affluent", "private"] as const

export interface Customer {
  readonly id: string
  readonly age: number
  readonly income: number
  readonly tenure: number
  readonly engagement: number
  readonly segment: string
  readonly history: ReadonlyArray<Record<string, unknown>>
}

/** A stream of seeded uniform draws. */
export const draws = (seed: string): (() => number) => {
  let rng = Random.fromSeed(seed)
  return () => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
}

/** The i-th customer, from the draws. */
export const customer = (i: number, draw: () => number): Customer => {
  const age = 18 + Math.floor(draw() * 62)
  const income = Math.round((15 + draw() * draw() * 180) * 10) / 10 // thousands
  const tenure = Math.floor(draw() * Math.min(30, age - 17))
  const engagement = Math.round(draw() * 100) / 100
  const segment = income > 120 ? "private" : income > 60 ? "affluent" : "mass"
  const history =
    draw() < 0.1
      ? [
          {
            at: Time.toIso(NOW - 2 * Time.DAY_MS),
            actionId: "Savings",
            issue: "Sales",
            group: "Deposits",
            channel: "email",
            outcome: "sent"
          }
        ]
      : []
  return { id: `c-${String(i).padStart(7, "0")}`, age, income, tenure, engagement, segment, history }
}

/** `rows` customers from a seed. */
export function* customers(rows: number, seed: string): Generator<Customer> {
  const draw = draws(seed)
  for (let i = 0; i < rows; i++) yield customer(i, draw)
}

export const COLUMNS = ["id", "age", "income", "tenure", "engagement", "segment", "history"] as const

export const csvRow = (c: Customer): string =>
  csvLine([
    c.id,
    c.age,
    c.income,
    c.tenure,
    c.engagement,
    c.segment,
    c.history.length === 0 ? "" : JSON.stringify(c.history)
  ])

/** Writes the CSV file, streamed. */
export const writeCustomers = async (file: string, rows: number, seed: string): Promise<void> => {
  mkdirSync(dirname(file), { recursive: true })
  const out = lineWriter(file)
  await out.write(COLUMNS.join(","))
  for (const c of customers(rows, seed)) await out.write(csvRow(c))
  await out.close()
}

// -------------------------------------------------------------------------------------
// the models: naive Bayes trained on last month's synthetic responses
// -------------------------------------------------------------------------------------

/** the predictors of settings.json's learner */
export const PREDICTORS = [
  NaiveBayes.numeric("subject.age"),
  NaiveBayes.numeric("subject.income"),
  NaiveBayes.numeric("subject.tenure"),
  NaiveBayes.numeric("subject.engagement"),
  NaiveBayes.symbolic("subject.segment")
]

const n = (f: Learner.Features, k: string): number => f[`subject.${k}`] as number
/** the "true" response probability of each action × channel */
const TRUTH: Record<string, (f: Learner.Features) => number> = {
  "GoldCard@email": (f) => 0.01 + 0.0004 * n(f, "income") + 0.05 * n(f, "engagement"),
  "GoldCard@sms": (f) => 0.008 + 0.0003 * n(f, "income"),
  "Mortgage@email": (f) => 0.002 + 0.0006 * n(f, "age") * n(f, "engagement"),
  "CarLoan@email": (f) => 0.03 * (1 - n(f, "age") / 100) * (0.5 + n(f, "engagement")),
  "CarLoan@sms": (f) => 0.04 * (1 - n(f, "age") / 100),
  "Savings@email": (f) => 0.04 + 0.0004 * n(f, "income"),
  "Savings@sms": (f) => 0.03 + 0.0002 * n(f, "income"),
  "LoyaltyBonus@email": (f) => 0.02 + 0.003 * n(f, "tenure"),
  "LoyaltyBonus@sms": (f) => 0.03 + 0.003 * n(f, "tenure"),
  "AppTips@email": (f) => 0.1 + 0.2 * n(f, "engagement")
}

/** The trained models' snapshot (`Models.encode`). */
export const trainedModels = (responsesPerModel = 3000): unknown => {
  const learner = NaiveBayes.naiveBayes({ predictors: PREDICTORS, exploration: "none" })
  const draw = draws("outbound-cli-models")
  const states: Record<string, NaiveBayes.State> = {}
  for (const [key, p] of Object.entries(TRUTH)) {
    const responses = Array.from({ length: responsesPerModel }, (_, i) => {
      const c = customer(i, draw)
      const features: Learner.Features = {
        "subject.age": c.age,
        "subject.income": c.income,
        "subject.tenure": c.tenure,
        "subject.engagement": c.engagement,
        "subject.segment": c.segment
      }
      return { features, positive: draw() < p(features), at: NOW - 30 * Time.DAY_MS }
    })
    states[key] = NaiveBayes.fit(learner, responses)
  }
  return Models.encode(Models.fromStates(learner, states))
}
