/**
 * Shared arbitraries and fixtures for the outbound tests: candidates and populations over a small
 * vocabulary (integer priorities, so that sums and ties are exact), capacities, a brute-force
 * optimum for tiny populations, and a seeded synthetic population with a bank catalog and a
 * deterministic logistic learner for run-level tests.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import type { EvaluationClass } from "../../src/arbitration/Priority.js"
import { catalog as compileCatalog, type Catalog } from "../../src/catalog/Catalog.js"
import type { Subject } from "../../src/decide/Request.js"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import type { Features, Learner } from "../../src/learners/Learner.js"
import { fromStates, type Models } from "../../src/learners/Models.js"
import type { Candidate, Offers } from "../../src/outbound/Allocation.js"
import { appliesTo, capacity, type Capacity } from "../../src/outbound/Capacity.js"
import * as R from "../../src/rules/Rule.js"

// -------------------------------------------------------------------------------------
// candidates and populations
// -------------------------------------------------------------------------------------

/** actions with a fixed issue and group each */
export const ACTIONS = {
  a: { issue: "Sales", group: "Cards", properties: { product: "card" } },
  b: { issue: "Sales", group: "Loans", properties: { product: "loan" } },
  c: { issue: "Service", group: "Messages" },
  d: { issue: "Sales", group: "Cards", properties: { product: "card", tier: 2 } }
} as const
export type ActionId = keyof typeof ACTIONS
export const ACTION_IDS = Object.keys(ACTIONS) as ReadonlyArray<ActionId>
export const CHANNELS = ["email", "sms"] as const
export const ISSUES = ["Sales", "Service"] as const
export const GROUPS = ["Cards", "Loans", "Messages"] as const

export const candidate = (
  actionId: ActionId,
  channel: string,
  priority: number,
  evaluation?: EvaluationClass
): Candidate => ({
  actionId,
  ...ACTIONS[actionId],
  channel,
  priority,
  ...(evaluation === undefined ? {} : { evaluation })
})

/**
 * Issue 13's case of two capped channels a subject can switch between: capacities `emails` 1 and
 * `sms` 1, three subjects with one action on both channels, priorities (email, sms) = (5, 6),
 * (4, 5), (3, 4); the optimum is 10 (s0 by SMS, s1 by email).
 */
export const switchingChannels = (): {
  readonly capacities: ReadonlyArray<Capacity>
  readonly subjects: ReadonlyArray<Offers>
} => ({
  capacities: [capacity("emails", 1, { channel: "email" }), capacity("sms", 1, { channel: "sms" })],
  subjects: [
    [5, 6],
    [4, 5],
    [3, 4]
  ].map(([email, sms], i) => ({
    subjectId: `s${i}`,
    candidates: [candidate("a", "email", email as number), candidate("a", "sms", sms as number)]
  }))
})

export interface CandidateOptions {
  /** allow mandatory candidates (default true) */
  readonly mandatory?: boolean
  readonly minPriority?: number
}

export const candidateArb = (o: CandidateOptions = {}): fc.Arbitrary<Candidate> =>
  fc
    .record({
      actionId: fc.constantFrom(...ACTION_IDS),
      channel: fc.constantFrom(...CHANNELS),
      priority: fc.integer({ min: o.minPriority ?? 0, max: 20 }),
      evaluation:
        o.mandatory === false
          ? fc.constant<EvaluationClass>("default")
          : fc.constantFrom<EvaluationClass>("default", "default", "default", "default", "mandatory", "transactional")
    })
    .map((r) => candidate(r.actionId, r.channel, r.priority, r.evaluation === "default" ? undefined : r.evaluation))

/** one subject's candidates: distinct (action, channel) pairs, optionally its own limit */
export const offersArb = (subjectId: string, o: CandidateOptions = {}): fc.Arbitrary<Offers> =>
  fc
    .record({
      candidates: fc.uniqueArray(candidateArb(o), { maxLength: 6, selector: (c) => `${c.actionId}@${c.channel}` }),
      limit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined })
    })
    .map(({ candidates, limit }) =>
      limit === undefined ? { subjectId, candidates } : { subjectId, candidates, limit }
    )

/** a population with unique subject ids */
export const populationArb = (
  o: CandidateOptions & { readonly maxSubjects?: number } = {}
): fc.Arbitrary<ReadonlyArray<Offers>> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 999 }), { maxLength: o.maxSubjects ?? 25 })
    .chain((ids): fc.Arbitrary<ReadonlyArray<Offers>> =>
      ids.length === 0 ? fc.constant([]) : fc.tuple(...ids.map((id) => offersArb(`s${id}`, o)))
    )

const scopeArb = fc.record(
  {
    channel: fc.constantFrom(...CHANNELS),
    issue: fc.constantFrom(...ISSUES),
    group: fc.constantFrom(...GROUPS),
    actionId: fc.constantFrom(...ACTION_IDS),
    // by action property: across actions a and d, b alone, d alone (c has none)
    properties: fc.constantFrom<Readonly<Record<string, string | number | boolean>>>(
      { product: "card" },
      { product: "loan" },
      { tier: 2 }
    )
  },
  { requiredKeys: [] }
)

/** up to 4 capacities with distinct ids */
export const capacitiesArb = (maxMax = 10): fc.Arbitrary<ReadonlyArray<Capacity>> =>
  fc
    .array(fc.record({ max: fc.integer({ min: 0, max: maxMax }), scope: scopeArb }), { maxLength: 4 })
    .map((rows) => rows.map((r, i): Capacity => ({ id: `cap${i}`, max: r.max, ...r.scope })))

/** a population's candidates as `subject/action@channel` keys */
export const keyOf = (subjectId: string, c: Candidate): string => `${subjectId}/${c.actionId}@${c.channel}`

// -------------------------------------------------------------------------------------
// a brute-force optimum for tiny populations
// -------------------------------------------------------------------------------------

/** the best objective of any feasible allocation (exhaustive search; keep populations tiny) */
export const bruteForceOptimum = (
  capacities: ReadonlyArray<Capacity>,
  population: ReadonlyArray<Offers>,
  perSubject = 1
): number => {
  const items = population.flatMap((o, s) =>
    o.candidates.map((c) => ({
      s,
      c,
      caps: capacities.map((cap, i) => (appliesTo(cap, c) ? i : -1)).filter((i) => i >= 0)
    }))
  )
  const left = capacities.map((c) => c.max)
  const count = population.map(() => 0)
  const limits = population.map((o) => Math.max(0, Math.floor(o.limit ?? perSubject)))
  const taken = population.map(() => new Set<string>())
  let best = 0
  const go = (i: number, total: number): void => {
    if (i === items.length) {
      best = Math.max(best, total)
      return
    }
    const it = items[i] as (typeof items)[number]
    go(i + 1, total)
    if ((count[it.s] as number) >= (limits[it.s] as number)) return
    if ((taken[it.s] as Set<string>).has(it.c.actionId)) return
    if (it.caps.some((k) => (left[k] as number) <= 0)) return
    for (const k of it.caps) left[k] = (left[k] as number) - 1
    count[it.s] = (count[it.s] as number) + 1
    ;(taken[it.s] as Set<string>).add(it.c.actionId)
    go(i + 1, total + it.c.priority)
    ;(taken[it.s] as Set<string>).delete(it.c.actionId)
    count[it.s] = (count[it.s] as number) - 1
    for (const k of it.caps) left[k] = (left[k] as number) + 1
  }
  go(0, 0)
  return best
}

// -------------------------------------------------------------------------------------
// a synthetic bank population
// -------------------------------------------------------------------------------------

/** a learner whose state is a logistic model over numeric features: deterministic, no exploration, learns nothing */
export interface LogisticState {
  readonly bias: number
  readonly weights: Readonly<Record<string, number>>
}

export const logisticLearner: Learner<LogisticState> = {
  name: "logistic",
  empty: { bias: -3, weights: {} },
  score: (state, features: Features, rng: Rng) => {
    let z = state.bias
    for (const [name, w] of Object.entries(state.weights)) {
      const v = features[name]
      if (typeof v === "number") z += w * v
    }
    const p = 1 / (1 + Math.exp(-z))
    return [{ propensity: p, explored: p, evidence: 1000 }, rng]
  },
  learn: (s) => s,
  learnAll: (s) => s,
  merge: (x) => x,
  codec: t.unknown as unknown as t.Type<LogisticState, unknown, unknown>
}

export const bankCatalogJson = {
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
      channels: [
        { channel: "email", direction: "outbound" },
        { channel: "sms", direction: "outbound" }
      ],
      policies: { eligibility: R.encode(R.gte("subject.income", 30)) }
    },
    {
      id: "Mortgage",
      issue: "Sales",
      group: "Loans",
      value: { product: [4, { fact: "subject.income" }] },
      channels: [{ channel: "email", direction: "outbound" }],
      policies: { eligibility: R.encode(R.between("subject.age", 25, 60)) }
    },
    {
      id: "CarLoan",
      issue: "Sales",
      group: "Loans",
      value: 300,
      channels: [
        { channel: "email", direction: "outbound" },
        { channel: "sms", direction: "outbound" }
      ]
    },
    {
      id: "Savings",
      issue: "Sales",
      group: "Deposits",
      value: 60,
      channels: [
        { channel: "email", direction: "outbound" },
        { channel: "sms", direction: "outbound" }
      ]
    },
    {
      id: "LoyaltyBonus",
      issue: "Retention",
      group: "Offers",
      value: 200,
      channels: [
        { channel: "email", direction: "outbound" },
        { channel: "sms", direction: "outbound" }
      ],
      policies: { eligibility: R.encode(R.gte("subject.tenure", 5)) }
    },
    {
      id: "AppTips",
      issue: "Service",
      group: "Messages",
      value: 15,
      channels: [{ channel: "email", direction: "outbound" }]
    }
  ]
}

export const bankCatalog = (): Catalog => {
  const c = compileCatalog(bankCatalogJson)
  if (E.isLeft(c)) throw new Error(`bank catalog does not decode: ${JSON.stringify(c.left.problems)}`)
  return c.right
}

/** logistic models per action × channel over age, income (thousands), tenure and engagement */
export const bankModels = (): Models<LogisticState> =>
  fromStates(logisticLearner, {
    "GoldCard@email": { bias: -4.2, weights: { "subject.income": 0.012, "subject.engagement": 1.5 } },
    "GoldCard@sms": { bias: -4.6, weights: { "subject.income": 0.012, "subject.engagement": 0.8 } },
    "Mortgage@email": { bias: -5.5, weights: { "subject.age": 0.03, "subject.engagement": 1.2 } },
    "CarLoan@email": { bias: -4.5, weights: { "subject.age": -0.01, "subject.engagement": 1.4 } },
    "CarLoan@sms": { bias: -4.0, weights: { "subject.age": -0.015, "subject.engagement": 0.9 } },
    "Savings@email": { bias: -3.0, weights: { "subject.income": 0.006, "subject.engagement": 1.0 } },
    "Savings@sms": { bias: -3.3, weights: { "subject.income": 0.006, "subject.engagement": 0.6 } },
    "LoyaltyBonus@email": { bias: -3.6, weights: { "subject.tenure": 0.05, "subject.engagement": 1.1 } },
    "LoyaltyBonus@sms": { bias: -3.2, weights: { "subject.tenure": 0.05, "subject.engagement": 0.7 } },
    "AppTips@email": { bias: -1.5, weights: { "subject.engagement": 1.5 } }
  })

/** `n` customers drawn from a seed: age, income (thousands), tenure (years), engagement in [0, 1] */
export const bankPopulation = (n: number, seed = "bank"): ReadonlyArray<Subject> => {
  let rng = fromSeed(seed)
  const draw = (): number => {
    const [u, next] = nextDouble(rng)
    rng = next
    return u
  }
  const out: Array<Subject> = []
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(draw() * 62)
    const income = Math.round(15 + draw() * draw() * 180)
    const tenure = Math.floor(draw() * Math.min(30, age - 17))
    const engagement = Math.round(draw() * 1000) / 1000
    out.push({ id: `c-${String(i).padStart(6, "0")}`, attributes: { age, income, tenure, engagement } })
  }
  return out
}
