/**
 * Eligibility: 200 actions, each with a rule like
 * `age ≥ a_i AND segment in S_i AND balance > b_i AND NOT churned` (per-action thresholds), and
 * 1,000 seeded random customers. One decision = all 200 rules checked for one customer.
 *
 * Engines, side by side in the same run, after checking that every engine returns the same
 * eligible set for every customer:
 * - `compiled`: nextbest's rules compiled together (`Rule.compileAll`), what a decision over a
 *   catalog uses: each fact read once per customer, the rules checked through failure masks;
 * - `compiledEach`: each rule compiled on its own (`Rule.compile`), checked one by one;
 * - `interpreted`: each rule interpreted (`Rule.evaluate`);
 * - `closures`: hand-written closures, one per action, reading `c.subject.age` etc. with no own-
 *   property check (the baseline the targets are stated against);
 * - `handLoop`: a stronger hand-written baseline, the facts read once per customer and one loop
 *   over typed arrays of thresholds;
 * - json-logic-js (one `apply` per rule) and json-rules-engine (one engine holding all rules).
 * Figures: decisions per second, the median of timed windows after warm-up. The synchronous
 * engines are timed in five interleaved rounds, each in a rotated order; a figure is the median of
 * its rounds, a ratio the median of the ratios within a round (the machine is shared, so ratios
 * within a round are steadier than figures), `spreadOverRounds` the lowest and highest of those
 * ratios. json-rules-engine (async) is timed after.
 */
import { Engine } from "json-rules-engine"
import * as Random from "../src/kernel/Random.js"
import * as R from "../src/rules/Rule.js"
import { median, opsPerSecond, round3 } from "./harness.js"

const ACTIONS = 200
const CUSTOMERS = 1000
const SEGMENTS = ["basic", "bronze", "silver", "gold", "platinum"] as const

/** a type alias, not an interface, so that a customer is assignable to `Facts` (a record) */
type Customer = {
  readonly subject: {
    readonly age: number
    readonly segment: string
    readonly balance: number
    readonly churned: boolean
  }
  readonly context: { readonly channel: string }
}

interface Thresholds {
  readonly age: number
  readonly segments: ReadonlyArray<string>
  readonly balance: number
}

const log = (message: string): void => {
  process.stderr.write(`  eligibility: ${message}\n`)
}

/** the workload, from a fixed seed */
const workload = (): { readonly actions: ReadonlyArray<Thresholds>; readonly customers: ReadonlyArray<Customer> } => {
  let rng = Random.fromSeed("bench/eligibility")
  const int = (n: number): number => {
    const [x, next] = Random.nextInt(rng, n)
    rng = next
    return x
  }
  const actions: Array<Thresholds> = []
  for (let i = 0; i < ACTIONS; i++) {
    const segments = SEGMENTS.filter(() => int(2) === 0)
    actions.push({
      age: 18 + int(43),
      segments: segments.length > 0 ? segments : [SEGMENTS[int(SEGMENTS.length)] as string],
      balance: 100 * int(200)
    })
  }
  const customers: Array<Customer> = []
  for (let i = 0; i < CUSTOMERS; i++) {
    customers.push({
      subject: {
        age: 16 + int(65),
        segment: SEGMENTS[int(SEGMENTS.length)] as string,
        balance: int(3_000_000) / 100,
        churned: int(7) === 0
      },
      context: { channel: int(2) === 0 ? "web" : "app" }
    })
  }
  return { actions, customers }
}

type Decide = (customer: Customer, out: Int32Array) => number

type Predicate = (c: Customer) => boolean

/*
 * One decision loop per engine, each its own function literal: V8 keeps call-site feedback per
 * function literal, and a loop shared by all engines would see every engine's predicates and stop
 * inlining any of them, which would blur the comparison.
 */
const decideCompiled =
  (eligible: (c: Customer) => ReadonlyArray<number>): Decide =>
  (customer, out) => {
    const positions = eligible(customer)
    for (let i = 0; i < positions.length; i++) out[i] = positions[i] as number
    return positions.length
  }
const decideCompiledEach =
  (checks: ReadonlyArray<Predicate>): Decide =>
  (customer, out) => {
    let n = 0
    for (let i = 0; i < checks.length; i++) if ((checks[i] as Predicate)(customer)) out[n++] = i
    return n
  }
const decideInterpreted =
  (checks: ReadonlyArray<Predicate>): Decide =>
  (customer, out) => {
    let n = 0
    for (let i = 0; i < checks.length; i++) if ((checks[i] as Predicate)(customer)) out[n++] = i
    return n
  }
const decideClosures =
  (checks: ReadonlyArray<Predicate>): Decide =>
  (customer, out) => {
    let n = 0
    for (let i = 0; i < checks.length; i++) if ((checks[i] as Predicate)(customer)) out[n++] = i
    return n
  }
const decideJsonLogic =
  (checks: ReadonlyArray<Predicate>): Decide =>
  (customer, out) => {
    let n = 0
    for (let i = 0; i < checks.length; i++) if ((checks[i] as Predicate)(customer)) out[n++] = i
    return n
  }

interface JsonLogic {
  readonly apply: (logic: unknown, data: unknown) => unknown
}

/** ops per second of an async operation: median of timed windows after warm-up, as the harness does */
const asyncOpsPerSecond = async (
  run: () => Promise<void>,
  opsPerCall: number,
  warmupMs = 500,
  windowMs = 500,
  windows = 5
): Promise<number> => {
  const warmEnd = performance.now() + warmupMs
  while (performance.now() < warmEnd) await run()
  const rates: Array<number> = []
  for (let w = 0; w < windows; w++) {
    let calls = 0
    const start = performance.now()
    let now = start
    while (now - start < windowMs) {
      await run()
      calls++
      now = performance.now()
    }
    rates.push((calls * opsPerCall * 1000) / (now - start))
  }
  return median(rates)
}

export async function run(): Promise<Record<string, unknown>> {
  const { actions, customers } = workload()

  // nextbest: one rule per action
  const rules = actions.map((a) =>
    R.all(
      R.gte("subject.age", a.age),
      R.in("subject.segment", a.segments),
      R.gt("subject.balance", a.balance),
      R.not(R.eq("subject.churned", true))
    )
  )
  const compiled = decideCompiled(R.compileAll(rules))
  const compiledEach = decideCompiledEach(rules.map((rule) => R.compile(rule)))
  const interpreted = decideInterpreted(rules.map((rule) => R.evaluate(rule)))

  // the hand-written baseline: what one would write without a rule engine
  const closures = decideClosures(
    actions.map((a) => {
      const { age, segments, balance } = a
      return (c: Customer) =>
        c.subject.age >= age &&
        segments.includes(c.subject.segment) &&
        c.subject.balance > balance &&
        c.subject.churned !== true
    })
  )

  // a stronger hand-written baseline: the facts read once per customer, then one loop over the thresholds
  const ages = Float64Array.from(actions, (a) => a.age)
  const balances = Float64Array.from(actions, (a) => a.balance)
  const segmentLists = actions.map((a) => a.segments.slice())
  const handLoop: Decide = (customer, out) => {
    const { age, segment, balance, churned } = customer.subject
    let n = 0
    if (churned === true) return 0
    for (let i = 0; i < ACTIONS; i++)
      if (
        age >= (ages[i] as number) &&
        balance > (balances[i] as number) &&
        (segmentLists[i] as ReadonlyArray<string>).includes(segment)
      )
        out[n++] = i
    return n
  }

  // json-logic-js
  const jsonLogic = ((await import("json-logic-js" as string)) as { default: JsonLogic }).default
  const logics = actions.map((a) => ({
    and: [
      { ">=": [{ var: "subject.age" }, a.age] },
      { in: [{ var: "subject.segment" }, a.segments] },
      { ">": [{ var: "subject.balance" }, a.balance] },
      { "!": { "===": [{ var: "subject.churned" }, true] } }
    ]
  }))
  const viaJsonLogic = decideJsonLogic(logics.map((logic) => (c: Customer) => jsonLogic.apply(logic, c) === true))

  // json-rules-engine: one engine holding the 200 rules; an action is eligible when its event fires
  const engine = new Engine([], { allowUndefinedFacts: true })
  actions.forEach((a, i) => {
    engine.addRule({
      name: `action-${i}`,
      conditions: {
        all: [
          { fact: "subject", path: "$.age", operator: "greaterThanInclusive", value: a.age },
          { fact: "subject", path: "$.segment", operator: "in", value: [...a.segments] },
          { fact: "subject", path: "$.balance", operator: "greaterThan", value: a.balance },
          { not: { fact: "subject", path: "$.churned", operator: "equal", value: true } }
        ]
      },
      event: { type: String(i) }
    })
  })
  const viaRulesEngine = async (c: Customer): Promise<ReadonlyArray<number>> => {
    const { events } = await engine.run({ subject: c.subject, context: c.context })
    return events.map((e) => Number(e.type)).sort((x, y) => x - y)
  }

  // every engine must agree on every customer before anything is timed
  log("checking that all engines agree")
  const out = new Int32Array(ACTIONS)
  const sets = (decide: Decide): ReadonlyArray<string> =>
    customers.map((c) => {
      const n = decide(c, out)
      return Array.from(out.subarray(0, n)).join(",")
    })
  const expected = sets(closures)
  const others: ReadonlyArray<readonly [string, Decide]> = [
    ["compiled", compiled],
    ["compiledEach", compiledEach],
    ["handLoop", handLoop],
    ["interpreted", interpreted],
    ["jsonLogic", viaJsonLogic]
  ]
  for (const [name, decide] of others) {
    const got = sets(decide)
    const bad = got.findIndex((s, i) => s !== expected[i])
    if (bad >= 0)
      throw new Error(
        `eligibility bench: ${name} disagrees with the closures on customer ${bad}: [${got[bad]}] vs [${expected[bad]}]`
      )
  }
  for (let i = 0; i < customers.length; i++) {
    const got = (await viaRulesEngine(customers[i] as Customer)).join(",")
    if (got !== expected[i])
      throw new Error(
        `eligibility bench: json-rules-engine disagrees with the closures on customer ${i}: [${got}] vs [${expected[i]}]`
      )
  }
  const eligible = expected.reduce((n, s) => n + (s === "" ? 0 : s.split(",").length), 0)
  log(`all engines agree; ${(eligible / CUSTOMERS).toFixed(1)} eligible actions per customer on average`)

  // timing: one call decides for a batch of customers, cycling through all of them
  const BATCH = 50
  const timed = (decide: Decide): (() => void) => {
    let next = 0
    let sink = 0
    return () => {
      for (let k = 0; k < BATCH; k++) {
        sink += decide(customers[next] as Customer, out)
        next = next + 1 === CUSTOMERS ? 0 : next + 1
      }
      if (sink < 0) log("unreachable")
    }
  }
  // the synchronous engines are timed in interleaved rounds, each round in a rotated order, so that
  // a change in the machine's load during the run does not favour one of them; each figure is the
  // median of its rounds' medians, and each ratio the median of the ratios within a round
  const ROUNDS = 5
  const engines: ReadonlyArray<readonly [string, Decide]> = [
    ["closures", closures],
    ["compiled", compiled],
    ["compiledEach", compiledEach],
    ["handLoop", handLoop],
    ["interpreted", interpreted],
    ["jsonLogic", viaJsonLogic]
  ]
  const rounds: Record<string, Array<number>> = {}
  for (let round = 0; round < ROUNDS; round++) {
    for (let e = 0; e < engines.length; e++) {
      const [name, decide] = engines[(e + round) % engines.length] as readonly [string, Decide]
      log(`timing ${name} (round ${round + 1} of ${ROUNDS})`)
      ;(rounds[name] ??= []).push(opsPerSecond(timed(decide), BATCH, { warmupMs: 150, windowMs: 200, windows: 5 }))
    }
  }
  const figures: Record<string, number> = Object.fromEntries(
    Object.entries(rounds).map(([name, rates]) => [name, median(rates)])
  )
  /** the ratios of `a` to `b` within each round */
  const perRound = (a: string, b: string): ReadonlyArray<number> =>
    (rounds[a] as ReadonlyArray<number>).map((x, r) => x / ((rounds[b] as ReadonlyArray<number>)[r] as number))
  const spread = (xs: ReadonlyArray<number>): readonly [number, number] => [
    round3(Math.min(...xs)),
    round3(Math.max(...xs))
  ]
  log("timing jsonRulesEngine")
  let nextCustomer = 0
  figures["jsonRulesEngine"] = await asyncOpsPerSecond(async () => {
    await viaRulesEngine(customers[nextCustomer] as Customer)
    nextCustomer = nextCustomer + 1 === CUSTOMERS ? 0 : nextCustomer + 1
  }, 1)

  const f = (name: string): number => figures[name] as number
  return {
    eligibility: {
      actions: ACTIONS,
      customers: CUSTOMERS,
      eligiblePerDecision: round3(eligible / CUSTOMERS),
      decisionsPerSecond: {
        compiled: round3(f("compiled")),
        compiledEach: round3(f("compiledEach")),
        handLoop: round3(f("handLoop")),
        interpreted: round3(f("interpreted")),
        closures: round3(f("closures")),
        jsonLogic: round3(f("jsonLogic")),
        jsonRulesEngine: round3(f("jsonRulesEngine"))
      },
      ratios: {
        compiledVsClosures: round3(median(perRound("compiled", "closures"))),
        compiledVsJsonLogic: round3(median(perRound("compiled", "jsonLogic"))),
        compiledVsJsonRulesEngine: round3(f("compiled") / f("jsonRulesEngine")),
        compiledVsHandLoop: round3(median(perRound("compiled", "handLoop"))),
        compiledEachVsClosures: round3(median(perRound("compiledEach", "closures"))),
        compiledEachVsJsonLogic: round3(median(perRound("compiledEach", "jsonLogic")))
      },
      spreadOverRounds: {
        compiledVsClosures: spread(perRound("compiled", "closures")),
        compiledVsJsonLogic: spread(perRound("compiled", "jsonLogic")),
        compiledEachVsClosures: spread(perRound("compiledEach", "closures"))
      }
    }
  }
}
