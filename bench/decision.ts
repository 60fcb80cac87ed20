/**
 * One decision end to end: a catalog of 200 actions in 4 issues × 10 groups, each with the
 * eligibility rule of the eligibility benchmark (`age ≥ a_i AND segment in S_i AND balance > b_i
 * AND NOT churned`), naive Bayes models of 20 predictors per action with exploration (Thompson
 * draws), 2 suppression rules (an action shown 3 times in 7 days, a group rejected twice in 30
 * days), top 3 on the web channel, for 1,000 seeded random customers with short histories.
 *
 * Side by side in the same run: `nextBestAction` (trace "reasons": every excluded action with its
 * stage and reason; and trace "full": with the rules' verdicts) and a hand-written imperative
 * baseline doing the same computation (same rules, same suppressions, same model scores from the
 * same random streams, same priority and tie-break) without a trace and without allocation beyond
 * the result. Both are checked to return the same top 3 for every customer before timing (and so
 * are the variants: full trace, history features, Monte Carlo selection probabilities).
 * In the main figures the first place's selection probability is integrated (the default, the
 * quadrature of `selectionMethod: "quadrature"`; the baseline computes none), and a variant without
 * it (`selectionQuadrature: false`) is timed beside them; the lower ranks are not estimated
 * (`selectionDraws: 0`); the cost of
 * estimating them by Monte Carlo (100 draws) is reported separately, and so is the cost of
 * computing history features (subject and action scopes; the models do not read them).
 *
 * Timing is interleaved (see `interleaved`): the engines take turns on blocks of 10 customers, so
 * that the load of a shared machine touches them alike; figures are medians over 7 rounds, and the
 * ratio to the baseline is the median of the per-round ratios.
 */
import * as E from "fp-ts/lib/Either.js"
import { catalog as compileCatalog, codec as CatalogCodec, type Spec as CatalogSpec } from "../src/catalog/Catalog.js"
import { nextBestAction } from "../src/decide/NextBestAction.js"
import type { Request } from "../src/decide/Request.js"
import type { Interaction } from "../src/history/History.js"
import * as Random from "../src/kernel/Random.js"
import { DAY_MS } from "../src/kernel/Time.js"
import type { Features, Observation } from "../src/learners/Learner.js"
import { fromStates, modelKey, stateOf, type Models } from "../src/learners/Models.js"
import { naiveBayes, numeric, symbolic, type State as NaiveBayesState } from "../src/learners/NaiveBayes.js"
import * as R from "../src/rules/Rule.js"
import type { HistoryFeatures } from "../src/history/HistoryFeatures.js"
import { latenciesMicros, median, quantile, retainedBytes, round3 } from "./harness.js"

const ISSUES = 4
const GROUPS_PER_ISSUE = 10
const ACTIONS = 200
const CUSTOMERS = 1000
const TOP = 3
const SEGMENTS = ["basic", "bronze", "silver", "gold", "platinum"] as const
const NOW = Date.UTC(2024, 4, 15)
/** the customers the slower variants are timed on (the first ones) */
const SLOW_CUSTOMERS = 200
/** the history features of the variant that computes them (the models do not read them: same scores) */
const HISTORY_FEATURES: HistoryFeatures = {
  outcomes: ["impression", "rejected"],
  windowsDays: [7, 30],
  scopes: ["subject", "action"]
}

const log = (message: string): void => {
  process.stderr.write(`  decision: ${message}\n`)
}

interface ActionSpec {
  readonly id: string
  readonly issue: string
  readonly group: string
  readonly age: number
  readonly segments: ReadonlyArray<string>
  readonly balance: number
  readonly value: number
  readonly weight: number
}

interface Customer {
  readonly id: string
  readonly attributes: Readonly<Record<string, string | number | boolean>>
  readonly history: ReadonlyArray<Interaction>
}

const workload = () => {
  let rng = Random.fromSeed("bench/decision")
  const int = (n: number): number => {
    const [x, next] = Random.nextInt(rng, n)
    rng = next
    return x
  }
  const actions: Array<ActionSpec> = []
  for (let i = 0; i < ACTIONS; i++) {
    const segments = SEGMENTS.filter(() => int(2) === 0)
    const issue = i % ISSUES
    const group = Math.floor(i / ISSUES) % GROUPS_PER_ISSUE
    actions.push({
      id: `action-${String(i).padStart(3, "0")}`,
      issue: `issue-${issue}`,
      group: `group-${issue}-${group}`,
      age: 18 + int(43),
      segments: segments.length > 0 ? segments : [SEGMENTS[int(SEGMENTS.length)] as string],
      balance: 100 * int(200),
      value: 10 + int(200),
      weight: int(5) === 0 ? int(50) : 0
    })
  }
  const customer = (i: number): Customer => {
    const attributes: Record<string, string | number | boolean> = {
      age: 16 + int(65),
      segment: SEGMENTS[int(SEGMENTS.length)] as string,
      balance: int(3_000_000) / 100,
      churned: int(7) === 0
    }
    for (let k = 0; k < 8; k++) attributes[`score${k}`] = int(1000) / 10
    for (let k = 0; k < 8; k++) attributes[`tag${k}`] = `t${int(6)}`
    const history: Array<Interaction> = []
    const n = int(8)
    for (let k = 0; k < n; k++) {
      const a = actions[int(20)] as ActionSpec // a few popular actions
      history.push({
        at: NOW - int(14) * DAY_MS - int(DAY_MS),
        actionId: a.id,
        issue: a.issue,
        group: a.group,
        channel: "web",
        outcome: int(3) === 0 ? "rejected" : "impression"
      })
    }
    return { id: `customer-${i}`, attributes, history }
  }
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => customer(i))
  const training = Array.from({ length: 700 }, (_, i) => customer(CUSTOMERS + i))
  return { actions, customers, training, int }
}

const PREDICTORS = [
  numeric("subject.age"),
  symbolic("subject.segment"),
  numeric("subject.balance"),
  symbolic("subject.churned"),
  ...Array.from({ length: 8 }, (_, k) => numeric(`subject.score${k}`)),
  ...Array.from({ length: 8 }, (_, k) => symbolic(`subject.tag${k}`))
]

const featuresOf = (c: Customer): Features => {
  const out: Record<string, string | number | boolean> = {}
  for (const key of Object.keys(c.attributes)) out[`subject.${key}`] = c.attributes[key] as string | number | boolean
  return out
}

const specOf = (actions: ReadonlyArray<ActionSpec>): CatalogSpec => ({
  issues: Array.from({ length: ISSUES }, (_, i) => ({
    name: `issue-${i}`,
    groups: Array.from({ length: GROUPS_PER_ISSUE }, (_, g) => ({ name: `group-${i}-${g}` }))
  })),
  actions: actions.map((a) => ({
    id: a.id,
    issue: a.issue,
    group: a.group,
    channels: [{ channel: "web", direction: "inbound" }],
    value: { _tag: "Constant", value: a.value },
    weight: a.weight,
    policies: {
      eligibility: R.all(
        R.gte("subject.age", a.age),
        R.in("subject.segment", a.segments),
        R.gt("subject.balance", a.balance),
        R.not(R.eq("subject.churned", true))
      )
    }
  })),
  suppressions: [
    {
      id: "shown3in7",
      scope: "action",
      when: { _tag: "Count", outcomes: ["impression"], withinDays: 7, atLeast: 3 },
      suppressDays: 10
    },
    {
      id: "rejected2in30",
      scope: "group",
      when: { _tag: "Count", outcomes: ["rejected"], withinDays: 30, atLeast: 2 },
      suppressDays: 30
    }
  ]
})

/** the hand-written baseline: the same computation, imperative, no trace */
const baselineOf = (actions: ReadonlyArray<ActionSpec>, models: Models<NaiveBayesState>) => {
  const segmentSets = actions.map((a) => new Set(a.segments))
  const levers = actions.map((a) => {
    let sum = 0
    sum += a.weight
    sum += 0
    sum += 0
    const f = 1 + sum / 100
    return f > 0 ? f : 0
  })
  const keys = actions.map((a) => modelKey(a.id, "web"))
  const states = keys.map((k) => stateOf(models, k))
  const order = actions
    .map((_, i) => i)
    .sort((x, y) => ((actions[x] as ActionSpec).id < (actions[y] as ActionSpec).id ? -1 : 1))
  const W7 = 7 * DAY_MS
  const W30 = 30 * DAY_MS
  const D10 = 10 * DAY_MS
  const D30 = 30 * DAY_MS
  const topIds: Array<string> = new Array<string>(TOP)
  const topP = new Float64Array(TOP)
  // holds at some moment of [now − D, now] for "at least n outcomes in a window W" means: some n
  // consecutive matching interactions (sorted) span less than W and the n-th is after now − D
  const fired = (times: Array<number>, n: number, w: number, d: number, now: number): boolean => {
    if (times.length < n) return false
    times.sort((a, b) => a - b)
    for (let k = n - 1; k < times.length; k++) {
      const last = times[k] as number
      if (last - (times[k - n + 1] as number) < w && last + (w - (last - (times[k - n + 1] as number))) > now - d)
        return true
    }
    return false
  }
  const times: Array<number> = []
  return (customer: Customer, seed: string): ReadonlyArray<string> => {
    const s = customer.attributes as {
      readonly age: number
      readonly segment: string
      readonly balance: number
      readonly churned: boolean
    }
    const features = featuresOf(customer)
    const rng = Random.fromSeed(seed)
    let count = 0
    for (const i of order) {
      const a = actions[i] as ActionSpec
      if (!(
        s.age >= a.age &&
        (segmentSets[i] as Set<string>).has(s.segment) &&
        s.balance > a.balance &&
        !(s.churned === true)
      ))
        continue
      // suppressions
      times.length = 0
      for (const h of customer.history)
        if (h.actionId === a.id && h.outcome === "impression" && h.at <= NOW) times.push(h.at)
      if (fired(times, 3, W7, D10, NOW)) continue
      times.length = 0
      for (const h of customer.history)
        if (h.issue === a.issue && h.group === a.group && h.outcome === "rejected" && h.at <= NOW) times.push(h.at)
      if (fired(times, 2, W30, D30, NOW)) continue
      const [score] = models.learner.score(
        states[i] as NaiveBayesState,
        features,
        Random.derive(rng, keys[i] as string)
      )
      const p = score.explored >= 0 ? (score.explored <= 1 ? score.explored : 1) : 0
      const priority = p * 1 * a.value * (levers[i] as number)
      // insert into the top 3 (ties: earlier id first, and ids come in ascending order)
      let pos = count < TOP ? count : TOP
      while (pos > 0 && (topP[pos - 1] as number) < priority) pos--
      if (pos >= TOP) continue
      for (let k = Math.min(count, TOP - 1); k > pos; k--) {
        topP[k] = topP[k - 1] as number
        topIds[k] = topIds[k - 1] as string
      }
      topP[pos] = priority
      topIds[pos] = a.id
      if (count < TOP) count++
    }
    return topIds.slice(0, count)
  }
}

const heapOf = (build: () => unknown): number => {
  const { bytes, keep } = retainedBytes(build)
  ;(globalThis as { __keep?: unknown }).__keep = keep
  return bytes
}

/** the workload, trained models, compiled catalog, requests and baseline (also used for profiling) */
export const prepare = () => {
  const { actions, customers, training } = workload()
  log(`training ${ACTIONS} naive Bayes models of ${PREDICTORS.length} predictors…`)
  const learner = naiveBayes({ predictors: PREDICTORS })
  let trng = Random.fromSeed("bench/decision/training")
  const states: Record<string, NaiveBayesState> = {}
  actions.forEach((a, i) => {
    const observations: Array<Observation> = training.map((c) => {
      const [u, next] = Random.nextDouble(trng)
      trng = next
      const x = (c.attributes["score" + (i % 8)] as number) / 100
      return { features: featuresOf(c), positive: u < 0.02 + 0.2 * x * x, at: NOW - DAY_MS }
    })
    states[modelKey(a.id, "web")] = learner.learnAll(learner.empty, observations)
  })
  const models = fromStates(learner, states)
  const spec = specOf(actions)
  const compiled = compileCatalog(JSON.parse(JSON.stringify(CatalogCodec.encode(spec))) as unknown)
  if (E.isLeft(compiled)) throw new Error("bench/decision: the catalog does not decode")
  const catalog = compiled.right
  const baseline = baselineOf(actions, models)

  const requests: Array<Request> = customers.map((c, i) => ({
    decisionId: `decision-${i}`,
    subject: { id: c.id, attributes: c.attributes, history: c.history },
    context: { now: NOW, channel: "web", limit: TOP },
    options: { trace: "reasons", selectionDraws: 0, controlGroup: false }
  }))
  return { actions, customers, learner, states, models, spec, catalog, baseline, requests }
}

/**
 * Decisions per second of several engines over the same customers, interleaved: each round is one
 * pass over the customers in blocks of `BLOCK`, every engine deciding each block in turn (the
 * order rotating from block to block), so that a change in the machine's load during the run
 * touches all engines alike. The first round warms up; each engine's figure is the median of its
 * rounds, and the ratio of two engines is the median of their per-round ratios.
 */
const interleaved = (
  engines: Readonly<Record<string, (k: number) => void>>,
  customers: number,
  rounds: number
): Record<string, Array<number>> => {
  const names = Object.keys(engines)
  const rates: Record<string, Array<number>> = Object.fromEntries(names.map((n) => [n, []]))
  for (let round = 0; round <= rounds; round++) {
    const ms: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]))
    for (let b = 0, k0 = 0; k0 < customers; b++, k0 += BLOCK) {
      const end = Math.min(customers, k0 + BLOCK)
      for (let e = 0; e < names.length; e++) {
        const name = names[(e + b) % names.length] as string
        const decide = engines[name] as (k: number) => void
        const start = performance.now()
        for (let k = k0; k < end; k++) decide(k)
        ms[name] = (ms[name] as number) + performance.now() - start
      }
    }
    if (round > 0)
      for (const name of names) (rates[name] as Array<number>).push((customers * 1000) / (ms[name] as number))
    if (round > 0)
      log(
        `round ${round} of ${rounds}: ${names.map((n) => `${n} ${Math.round((rates[n] as Array<number>)[round - 1] as number)}/s`).join(", ")}`
      )
  }
  return rates
}

const BLOCK = 10
const ROUNDS = 7

const ratioOf = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number =>
  median(xs.map((x, i) => x / (ys[i] as number)))

export async function run(): Promise<Record<string, unknown>> {
  const { customers, learner, states, models, spec, catalog, baseline, requests } = prepare()
  const full = requests.map((r) => ({ ...r, options: { ...r.options, trace: "full" as const } }))
  const withDraws = requests.map((r) => ({ ...r, options: { ...r.options, selectionDraws: 100 } }))
  const withHistory = requests.map((r) => ({ ...r, options: { ...r.options, historyFeatures: HISTORY_FEATURES } }))
  const noQuadrature = requests.map((r) => ({ ...r, options: { ...r.options, selectionQuadrature: false } }))

  log("checking that nextBestAction and the baseline agree…")
  let excludedTotal = 0
  let returnedTotal = 0
  customers.forEach((c, i) => {
    const d = nextBestAction(catalog, models, requests[i] as Request)
    const ids = d.actions.map((x) => x.actionId)
    const expected = baseline(c, `decision-${i}`)
    if (JSON.stringify(ids) !== JSON.stringify(expected))
      throw new Error(
        `bench/decision: engines disagree for ${c.id}: ${JSON.stringify(ids)} vs ${JSON.stringify(expected)}`
      )
    if (d.excluded.length + d.actions.length < ACTIONS)
      throw new Error("bench/decision: the trace lacks excluded actions")
    for (const variant of [full, withHistory, withDraws, noQuadrature]) {
      const other = nextBestAction(catalog, models, variant[i] as Request)
      if (JSON.stringify(other.actions.map((x) => x.actionId)) !== JSON.stringify(ids))
        throw new Error(`bench/decision: a variant disagrees for ${c.id}`)
    }
    excludedTotal += d.excluded.length
    returnedTotal += d.actions.length
  })

  log(
    `timing nextBestAction (trace "reasons", and with history features) and the baseline, interleaved, ${ROUNDS} rounds…`
  )
  const rates = interleaved(
    {
      reasons: (k) => void nextBestAction(catalog, models, requests[k] as Request),
      baseline: (k) => void baseline(customers[k] as Customer, `decision-${k}`),
      history: (k) => void nextBestAction(catalog, models, withHistory[k] as Request),
      noQuadrature: (k) => void nextBestAction(catalog, models, noQuadrature[k] as Request)
    },
    CUSTOMERS,
    ROUNDS
  )
  log(
    `timing the slower variants on ${SLOW_CUSTOMERS} customers (trace "full"; 100 Monte Carlo draws for selection probabilities), interleaved with the baseline…`
  )
  const slow = interleaved(
    {
      full: (k) => void nextBestAction(catalog, models, full[k] as Request),
      selection100: (k) => void nextBestAction(catalog, models, withDraws[k] as Request),
      baseline: (k) => void baseline(customers[k] as Customer, `decision-${k}`)
    },
    SLOW_CUSTOMERS,
    5
  )
  let k = 0
  const next = (): number => {
    k = (k + 1) % CUSTOMERS
    return k
  }
  log("latencies…")
  const lat = latenciesMicros(() => void nextBestAction(catalog, models, requests[next()] as Request), 5000)
  const baseLat = latenciesMicros(() => void baseline(customers[next()] as Customer, `decision-${k}`), 5000)
  const noQuadratureLat = latenciesMicros(
    () => void nextBestAction(catalog, models, noQuadrature[next()] as Request),
    5000
  )
  log("heap sizes…")
  const catalogBytes = heapOf(() => compileCatalog(JSON.parse(JSON.stringify(CatalogCodec.encode(spec))) as unknown))
  const modelsBytes = heapOf(() => {
    const copy: Record<string, NaiveBayesState> = {}
    const snapshot = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(states).map(([key, s]) => [key, learner.codec.encode(s)])))
    ) as Record<string, unknown>
    for (const key of Object.keys(snapshot)) {
      const d = learner.codec.decode(snapshot[key])
      if (E.isRight(d)) copy[key] = d.right
    }
    return fromStates(learner, copy)
  })

  const r = (name: string): ReadonlyArray<number> => rates[name] as ReadonlyArray<number>
  const sl = (name: string): ReadonlyArray<number> => slow[name] as ReadonlyArray<number>
  return {
    decision: {
      actions: ACTIONS,
      issues: ISSUES,
      groups: ISSUES * GROUPS_PER_ISSUE,
      predictorsPerModel: PREDICTORS.length,
      suppressionRules: 2,
      top: TOP,
      customers: CUSTOMERS,
      meanReturned: round3(returnedTotal / CUSTOMERS),
      meanExcludedInTrace: round3(excludedTotal / CUSTOMERS),
      rounds: ROUNDS,
      decisionsPerSecond: round3(median(r("reasons"))),
      decisionsPerSecondFullTrace: round3(median(sl("full"))),
      decisionsPerSecondWithHistoryFeatures: round3(median(r("history"))),
      decisionsPerSecondWithoutQuadrature: round3(median(r("noQuadrature"))),
      decisionsPerSecondWithSelection100: round3(median(sl("selection100"))),
      baselineDecisionsPerSecond: round3(median(r("baseline"))),
      ratioToBaseline: round3(ratioOf(r("reasons"), r("baseline"))),
      ratioToBaselineRange: [
        round3(Math.min(...r("reasons").map((x, i) => x / (r("baseline")[i] as number)))),
        round3(Math.max(...r("reasons").map((x, i) => x / (r("baseline")[i] as number))))
      ],
      historyFeaturesRatioToBaseline: round3(ratioOf(r("history"), r("baseline"))),
      withoutQuadratureRatioToBaseline: round3(ratioOf(r("noQuadrature"), r("baseline"))),
      fullTraceRatioToBaseline: round3(ratioOf(sl("full"), sl("baseline"))),
      selection100RatioToBaseline: round3(ratioOf(sl("selection100"), sl("baseline"))),
      p50Micros: round3(quantile(lat, 0.5)),
      p99Micros: round3(quantile(lat, 0.99)),
      withoutQuadratureP50Micros: round3(quantile(noQuadratureLat, 0.5)),
      withoutQuadratureP99Micros: round3(quantile(noQuadratureLat, 0.99)),
      baselineP50Micros: round3(quantile(baseLat, 0.5)),
      baselineP99Micros: round3(quantile(baseLat, 0.99)),
      catalogHeapBytes: catalogBytes,
      modelsHeapBytes: modelsBytes
    }
  }
}
