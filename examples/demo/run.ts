/**
 * The demo as a function: `runDemo(config)` simulates the bank (inbound on web and contact centre
 * for `days` days with learning from delayed responses, an experiment of the full strategy against
 * random and propensity-only, one outbound email run under volume caps, an off-policy estimate of
 * a challenger from a logged policy) and returns every figure the summary and the report show.
 * No I/O, no clock: deterministic for a seed. `onProgress` is told what is done.
 */
import * as E from "fp-ts/lib/Either.js"
import {
  Calibration,
  Capacity,
  Catalog,
  Decision,
  DecodeError,
  Experiment,
  History,
  LoggedData,
  Models,
  nextBestAction,
  OffPolicy,
  OutboundRun,
  Population,
  Random,
  Simulation,
  TargetPolicy,
  ThompsonSampling,
  Time
} from "../../src/index.js"
import { simulateLeasing, STAGES as JOURNEY_STAGES } from "../journey/leasing.js"
import { bankCatalog, bankCatalogJson, CONTACT_CENTRE, EMAIL, LEVERS, PLACEMENT, WEB, bankSpec } from "./scenario.js"

/** What the demo runs. */
export interface DemoConfig {
  readonly seed: number
  /** customers in the simulated base */
  readonly customers: number
  /** simulated days of inbound traffic */
  readonly days: number
  /** web visits a day */
  readonly webPerDay: number
  /** contact-centre calls a day */
  readonly callsPerDay: number
  /** customers shown in the decision explorer */
  readonly explorer: number
  /** rounds of the logged policy for the off-policy estimate (0: skip it) */
  readonly offPolicyRounds: number
  /** customers decided once more on the web with the learned models, for the funnel and the calibration plot */
  readonly audit: number
}

/** The default run (well under 30 s on one core). */
export const DEFAULTS: DemoConfig = {
  seed: 1,
  customers: 3000,
  days: 30,
  webPerDay: 60,
  callsPerDay: 20,
  explorer: 50,
  offPolicyRounds: 30_000,
  audit: 1500
}

/** The strategies of the experiment, in report order. */
export const STRATEGIES = ["nba", "propensityOnly", "randomAction"] as const
export type StrategyName = (typeof STRATEGIES)[number]

/** Human names of the strategies. */
export const STRATEGY_LABEL: Readonly<Record<string, string>> = {
  nba: "full NBA (Thompson sampling × value × lever)",
  propensityOnly: "propensity only",
  randomAction: "random eligible action",
  oracle: "oracle (true best)"
}

export interface Interval {
  readonly value: number
  readonly low: number
  readonly high: number
}

export interface StrategySummary {
  readonly channel: string
  readonly strategy: string
  readonly decisions: number
  readonly responses: number
  readonly reward: number
  readonly expectedReward: number
  readonly oracleReward: number
  readonly oracleShare: number
  readonly ctr: number
  /** value lift of nba over this strategy, with its 95% interval (undefined for nba) */
  readonly liftOfNba?: Interval & { readonly trueLift: number }
}

export interface SeriesPoint {
  readonly channel: string
  readonly strategy: string
  readonly x: number
  readonly y: number
}

export interface ExplorerChoice {
  readonly actionId: string
  readonly group: string
  readonly channel: string
  readonly rank: number
  readonly propensity: number
  readonly contextWeight: number
  readonly value: number
  readonly lever: number
  readonly priority: number
}

export interface ExplorerExclusion {
  readonly actionId: string
  readonly channel?: string
  readonly stage: string
  readonly reason: string
}

export interface ExplorerEntry {
  readonly customerId: string
  readonly attributes: Readonly<Record<string, number | string>>
  readonly history: string
  readonly ranked: ReadonlyArray<ExplorerChoice>
  readonly excluded: ReadonlyArray<ExplorerExclusion>
  readonly text: string
}

export interface OutboundSummary {
  readonly customers: number
  readonly contacted: number
  readonly sent: number
  readonly dropped: number
  readonly expectedResponses: number
  readonly expectedValue: number
  readonly caps: ReadonlyArray<{ readonly id: string; readonly max: number; readonly used: number }>
  readonly byAction: ReadonlyArray<{ readonly actionId: string; readonly sent: number }>
}

export interface OffPolicyRow {
  readonly policy: string
  readonly estimator: string
  readonly value: number
  readonly low: number
  readonly high: number
  /** the target's expected reward per decision over the whole customer base */
  readonly truth: number
  /** the effective number of rewarded rounds the estimate rests on (`OffPolicy.effectiveRewards`) */
  readonly effectiveRewards: number
  /** the estimator's warnings, in words */
  readonly warnings: ReadonlyArray<string>
}

/** One stage of the decision funnel, summed over the audit decisions. */
export interface FunnelRow {
  readonly stage: string
  readonly excluded: number
  readonly remaining: number
}

/** One reliability bin of the audit's offered actions (equal-count bins of the model propensity). */
export interface CalibrationBin {
  readonly bin: number
  readonly count: number
  /** mean model propensity */
  readonly predicted: number
  /** observed response rate, with its 95% Wilson interval */
  readonly observed: number
  readonly low: number
  readonly high: number
  /** mean true probability (the simulator knows it) */
  readonly truth: number
}

export interface DemoResult {
  readonly config: DemoConfig
  readonly actions: number
  readonly randomShare: number
  readonly bestConstantShare: number
  readonly inbound: ReadonlyArray<StrategySummary>
  /** cumulative expected reward per window, per channel and strategy (and "oracle") */
  readonly cumulative: ReadonlyArray<SeriesPoint>
  /** cumulative regret (oracle − strategy expected reward) per window */
  readonly regret: ReadonlyArray<SeriesPoint>
  /** realised CTR per simulated day */
  readonly ctrByDay: ReadonlyArray<SeriesPoint>
  /** share of each action in the nba strategy's web decisions, per window (x = day) */
  readonly actionShare: ReadonlyArray<{ readonly day: number; readonly actionId: string; readonly share: number }>
  readonly outbound: OutboundSummary
  readonly offPolicy: ReadonlyArray<OffPolicyRow>
  readonly loggedMean: number
  readonly explorer: ReadonlyArray<ExplorerEntry>
  /** the funnel of the audit decisions (web, learned models, top 3) */
  readonly funnel: {
    readonly decisions: number
    readonly candidates: number
    readonly stages: ReadonlyArray<FunnelRow>
  }
  readonly calibration: {
    readonly offered: number
    readonly ece: number
    readonly brier: number
    readonly bins: ReadonlyArray<CalibrationBin>
  }
  /** the car-leasing journey (examples/journey): subjects per stage, week by week, and the progression events */
  readonly journey: {
    readonly customers: number
    readonly weeks: number
    readonly stages: ReadonlyArray<{ readonly week: number; readonly stage: string; readonly subjects: number }>
    readonly progressions: number
  }
}

/** the journey's simulation: small, so that it adds little to the demo's run time */
export const JOURNEY = { customers: 300, weeks: 26 } as const

export type Progress = (step: string, done: number, total: number) => void

const START = Date.UTC(2024, 0, 1)

/** Thompson sampling per action × channel (naive Bayes gets too little evidence per action here: docs/demo.md) */
const learnerOf = (_population: Population.Population) => ThompsonSampling.thompsonSampling()

/** One channel's inbound simulation: the experiment's strategies on the same visits. */
export const inboundRun = (
  population: Population.Population,
  catalog: Catalog,
  config: DemoConfig,
  channel: string,
  perDay: number,
  progress: (decisions: number) => void
): Simulation.Simulation => {
  const nb = learnerOf(population)
  const base = Simulation.strategy("nba", catalog, Models.empty(nb))
  const variants = Experiment.impactVariants(base).filter((v) => (STRATEGIES as ReadonlyArray<string>).includes(v.name))
  let last = 0
  return Simulation.run(population, variants, {
    seed: `${config.seed}:${channel}`,
    decisions: config.days * perDay,
    decisionsPerDay: perDay,
    start: START,
    channel,
    window: perDay,
    sample: Math.min(5000, config.days * perDay),
    onBatch: (view) => {
      if (view.strategy === "nba" && view.decisions - last >= perDay) {
        last = view.decisions
        progress(view.decisions)
      }
    }
  })
}

const summarise = (channel: string, sim: Simulation.Simulation): ReadonlyArray<StrategySummary> =>
  sim.strategies.map((s) => {
    const base: StrategySummary = {
      channel,
      strategy: s.name,
      decisions: s.tally.decisions,
      responses: s.tally.responses,
      reward: s.tally.reward,
      expectedReward: s.tally.expectedReward,
      oracleReward: s.tally.oracleReward,
      oracleShare: s.oracleShare,
      ctr: s.tally.decisions === 0 ? 0 : s.tally.responses / s.tally.decisions
    }
    if (s.name === "nba") return base
    const lift = Experiment.pairedLift(sim, "nba", s.name).value
    return {
      ...base,
      liftOfNba: { value: lift.lift, low: lift.liftInterval[0], high: lift.liftInterval[1], trueLift: lift.trueLift }
    }
  })

const curves = (channel: string, sim: Simulation.Simulation, perDay: number) => {
  const cumulative: Array<SeriesPoint> = []
  const regret: Array<SeriesPoint> = []
  const ctrByDay: Array<SeriesPoint> = []
  for (const s of sim.strategies) {
    let acc = 0
    let oracle = 0
    s.windows.forEach((w, i) => {
      acc += w.expectedReward
      oracle += w.oracleReward
      const day = ((i + 1) * w.decisions) / perDay
      cumulative.push({ channel, strategy: s.name, x: day, y: acc })
      if (s.name === "nba") cumulative.push({ channel, strategy: "oracle", x: day, y: oracle })
      regret.push({ channel, strategy: s.name, x: day, y: oracle - acc })
    })
    s.days.forEach((d, i) => ctrByDay.push({ channel, strategy: s.name, x: i + 1, y: d.ctr }))
  }
  return { cumulative, regret, ctrByDay }
}

/** the outbound email models: the web models' states under the email keys (what was learned on the web) */
const emailModels = (web: Models.Models<ThompsonSampling.State>, population: Population.Population) => {
  const states: Record<string, ThompsonSampling.State> = {}
  for (const id of population.actions) {
    const key = Models.modelKey(id, WEB)
    if (web.states[key] !== undefined) states[Models.modelKey(id, EMAIL)] = Models.stateOf(web, key)
  }
  return Models.fromStates(learnerOf(population), states)
}

/** a deterministic synthetic history: some customers were shown an offer 3 times this week, some emailed */
const historyOf = (index: number, now: number) => {
  const h: Array<History.Interaction> = []
  if (index % 7 === 3)
    for (const d of [1, 2, 4])
      h.push({
        at: now - d * Time.DAY_MS,
        actionId: "CashbackCard",
        issue: "Sales",
        group: "Cards",
        channel: WEB,
        outcome: "impression"
      })
  if (index % 5 === 1)
    h.push({
      at: now - 3 * Time.DAY_MS,
      actionId: "EasySaver",
      issue: "Sales",
      group: "Savings",
      channel: EMAIL,
      outcome: "sent"
    })
  return h
}

const describeHistory = (h: ReadonlyArray<History.Interaction>): string =>
  h.length === 0 ? "no recent contacts" : h.map((i) => `${i.outcome} ${i.actionId} on ${i.channel}`).join("; ")

const explore = (
  population: Population.Population,
  catalog: Catalog,
  models: Models.Models<ThompsonSampling.State>,
  config: DemoConfig,
  now: number
): ReadonlyArray<ExplorerEntry> => {
  const step = Math.max(1, Math.floor(population.subjects.length / config.explorer))
  const out: Array<ExplorerEntry> = []
  for (let k = 0; k < config.explorer && k * step < population.subjects.length; k++) {
    const index = k * step
    const subject = population.subjects[index] as Population.Subject
    const history = historyOf(k, now)
    const decision = nextBestAction(catalog, models, {
      decisionId: `explorer-${subject.id}`,
      seed: config.seed * 1000 + k,
      subject: { id: subject.id, attributes: subject.attributes, history },
      context: { now, channel: WEB, limit: 3 },
      options: { trace: "full", selectionDraws: 0 }
    })
    out.push({
      customerId: subject.id,
      attributes: subject.attributes,
      history: describeHistory(history),
      ranked: decision.actions.map((a) => ({
        actionId: a.actionId,
        group: `${a.issue} › ${a.group}`,
        channel: a.channel,
        rank: a.rank,
        propensity: a.propensity,
        contextWeight: a.contextWeight,
        value: a.value,
        lever: a.lever,
        priority: a.priority
      })),
      excluded: [...decision.excluded]
        .sort((a, b) => Decision.STAGES.indexOf(a.stage) - Decision.STAGES.indexOf(b.stage))
        .map((x) => ({
          actionId: x.actionId,
          ...(x.channel === undefined ? {} : { channel: x.channel }),
          stage: x.stage,
          reason: Decision.renderReason(x.reason)
        })),
      text: Decision.render(decision)
    })
  }
  return out
}

/**
 * The audit: `config.audit` customers decided once more on the web with the learned models (top 3,
 * trace kept as counts). Their funnels are summed stage by stage; the offered actions' model
 * propensities are set against outcomes drawn from the truth, in ten equal-count bins with Wilson
 * intervals (Calibration.wilson), and scored with Calibration.expectedCalibrationError and brier.
 */
const audit = (
  population: Population.Population,
  catalog: Catalog,
  models: Models.Models<ThompsonSampling.State>,
  config: DemoConfig,
  now: number
): Pick<DemoResult, "funnel" | "calibration"> => {
  let rng = Random.fromSeed(`${config.seed}:audit`)
  const next = (): number => {
    const [u, r] = Random.nextDouble(rng)
    rng = r
    return u
  }
  const n = Math.min(config.audit, population.subjects.length)
  const step = population.subjects.length / Math.max(1, n)
  const excluded = new Map<string, number>()
  const remaining = new Map<string, number>()
  let candidates = 0
  const offered: Array<{ p: number; truth: number; y: boolean }> = []
  for (let k = 0; k < n; k++) {
    const index = Math.floor(k * step)
    const subject = population.subjects[index] as Population.Subject
    const decision = nextBestAction(catalog, models, {
      decisionId: `audit-${k}`,
      seed: `${config.seed}:audit:${k}`,
      subject: { id: subject.id, attributes: subject.attributes, history: historyOf(index, now) },
      context: { now, channel: WEB, limit: 3 },
      options: { trace: "none", selectionDraws: 0 }
    })
    candidates += population.actions.length
    for (const f of decision.funnel) {
      excluded.set(f.stage, (excluded.get(f.stage) ?? 0) + f.excluded)
      remaining.set(f.stage, (remaining.get(f.stage) ?? 0) + f.remaining)
    }
    for (const a of decision.actions) {
      const truth = Population.probability(population, index, population.actions.indexOf(a.actionId))
      offered.push({ p: a.modelPropensity, truth, y: next() < truth })
    }
  }
  offered.sort((a, b) => a.p - b.p)
  const k = 10
  const bins: Array<CalibrationBin> = []
  for (let b = 0; b < k; b++) {
    const part = offered.slice(Math.floor((b * offered.length) / k), Math.floor(((b + 1) * offered.length) / k))
    if (part.length === 0) continue
    const positives = part.filter((o) => o.y).length
    const [low, high] = Calibration.wilson(positives, part.length)
    const mean = (f: (o: (typeof part)[number]) => number): number => part.reduce((t, o) => t + f(o), 0) / part.length
    bins.push({
      bin: b + 1,
      count: part.length,
      predicted: mean((o) => o.p),
      observed: positives / part.length,
      low,
      high,
      truth: mean((o) => o.truth)
    })
  }
  const predictions = offered.map((o) => o.p)
  const outcomes = offered.map((o) => o.y)
  return {
    funnel: {
      decisions: n,
      candidates,
      stages: Decision.STAGES.filter((stage) => remaining.has(stage)).map((stage) => ({
        stage,
        excluded: excluded.get(stage) ?? 0,
        remaining: remaining.get(stage) ?? 0
      }))
    },
    calibration: {
      offered: offered.length,
      ece: Calibration.expectedCalibrationError(predictions, outcomes),
      brier: Calibration.brier(predictions, outcomes),
      bins
    }
  }
}

const outboundRun = (
  population: Population.Population,
  catalog: Catalog,
  models: Models.Models<ThompsonSampling.State>,
  now: number
): OutboundSummary => {
  const n = population.subjects.length
  const capacities = [
    Capacity.capacity("emails", Math.round(n * 0.25), { channel: EMAIL }),
    Capacity.capacity("loanOffers", Math.round(n * 0.03), { group: "Loans" }),
    Capacity.capacity("cardOffers", Math.round(n * 0.05), { group: "Cards" }),
    Capacity.capacity("mortgages", Math.round(n * 0.005), { actionId: "Mortgage" })
  ]
  const subjects = population.subjects.map((s, i) => ({
    id: s.id,
    attributes: s.attributes,
    history: historyOf(i, now)
  }))
  const run = OutboundRun.greedy(catalog, models, {
    runId: "nightly-email",
    now,
    channels: [EMAIL],
    capacities,
    perSubject: 1
  })(subjects)
  const byAction: Record<string, number> = {}
  for (const s of run.subjects) for (const c of s.chosen) byAction[c.actionId] = (byAction[c.actionId] ?? 0) + 1
  return {
    customers: run.summary.subjects,
    contacted: run.summary.contacted,
    sent: run.summary.sent,
    dropped: run.summary.dropped,
    expectedResponses: run.summary.expectedResponses,
    expectedValue: run.summary.expectedValue,
    caps: capacities.map((c) => ({ id: c.id, max: c.max, used: run.summary.usage[c.id] ?? 0 })),
    byAction: Object.entries(byAction)
      .map(([actionId, sent]) => ({ actionId, sent }))
      .sort((a, b) => b.sent - a.sent)
  }
}

/** the catalog a challenger would run: the same, with a Mortgage lever of +100% and no others */
const challengerCatalog = (population: Population.Population): Catalog => {
  const json = bankCatalogJson(population)
  const actions = (json["actions"] as ReadonlyArray<Record<string, unknown>>).map((a) => {
    const { weight: _weight, ...rest } = a
    return a["id"] === "Mortgage" ? { ...rest, weight: 100 } : rest
  })
  const c = Catalog.catalog({ ...json, actions })
  if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
  return c.right
}

/** how many runs of the strategy estimate its choice for each customer (see `offPolicy`) */
export const TARGET_DRAWS = 1

/** One target of the off-policy estimate: a strategy as a policy, and its truth. */
export interface OffPolicyTarget {
  readonly name: string
  readonly policy: TargetPolicy.TargetPolicy
  /** the target's expected reward per decision over the whole customer base */
  readonly truth: number
}

/**
 * The off-policy targets and the contexts they are asked about. `contexts[s]` is customer s's
 * context (`subject.*` attributes), one object per customer: every logged round of a customer
 * shares it. A target is a strategy (a catalog and the learned models) through
 * `TargetPolicy.fromStrategy`: `TARGET_DRAWS` seeded decisions per customer, cached per context
 * object, so the cost grows with the base, not with the log. The truth is the same target's
 * expected reward per decision over the whole base, from the true probabilities — what the
 * estimators estimate, since the log draws customers uniformly from the base.
 */
export const offPolicyTargets = (
  population: Population.Population,
  champion: Catalog,
  models: Models.Models<ThompsonSampling.State>,
  seed: number,
  now: number
): {
  readonly contexts: ReadonlyArray<LoggedData.Round["context"]>
  readonly targets: ReadonlyArray<OffPolicyTarget>
} => {
  const contexts = population.subjects.map((subject) =>
    Object.fromEntries(Object.entries(subject.attributes).map(([n, v]) => [`subject.${n}`, v]))
  )
  const policyOf = (catalog: Catalog): TargetPolicy.TargetPolicy =>
    TargetPolicy.fromStrategy(
      catalog,
      models,
      (context) => ({
        decisionId: "offpolicy",
        subject: {
          id: "c",
          attributes: Object.fromEntries(Object.entries(context).map(([n, v]) => [n.slice("subject.".length), v]))
        },
        context: { now, channel: WEB, limit: 1 },
        options: { trace: "none", selectionDraws: 0 }
      }),
      { draws: TARGET_DRAWS, seed }
    )
  const truthOf = (policy: TargetPolicy.TargetPolicy): number => {
    let sum = 0
    contexts.forEach((context, s) => {
      const d = policy(context, 1)
      for (const [id, q] of Object.entries(d)) {
        const j = population.actions.indexOf(id)
        sum += q * Population.probability(population, s, j) * (population.values[j] as number)
      }
    })
    return sum / contexts.length
  }
  const targets = (
    [
      ["champion (learned NBA)", champion],
      ["challenger (Mortgage lever +100%)", challengerCatalog(population)]
    ] as const
  ).map(([name, catalog]) => {
    const policy = policyOf(catalog)
    return { name, policy, truth: truthOf(policy) }
  })
  return { contexts, targets }
}

/**
 * A log of the uniformly random policy (what the bank ran for exploration): `rounds` times, a
 * customer drawn at random from the base is shown a uniformly random eligible action; the reward
 * is the action's value when the customer responds (drawn from the true probability), else 0.
 */
export const uniformLog = (
  population: Population.Population,
  contexts: ReadonlyArray<LoggedData.Round["context"]>,
  rounds: number,
  seed: number | string
): LoggedData.LoggedData => {
  let rng = Random.fromSeed(seed)
  const next = (): number => {
    const [u, r] = Random.nextDouble(rng)
    rng = r
    return u
  }
  const customers = population.subjects.length
  const eligible = population.subjects.map((_, s) =>
    population.actions.map((_, j) => j).filter((j) => Population.isEligible(population, s, j))
  )
  const out: Array<LoggedData.Round> = []
  for (let i = 0; i < rounds; i++) {
    const s = Math.floor(next() * customers)
    const choices = eligible[s] as ReadonlyArray<number>
    const a = choices[Math.floor(next() * choices.length)] as number
    const p = Population.probability(population, s, a)
    out.push({
      context: contexts[s] as LoggedData.Round["context"],
      action: population.actions[a] as string,
      position: 1,
      reward: next() < p ? (population.values[a] as number) : 0,
      loggingProbability: 1 / choices.length
    })
  }
  return LoggedData.fromRounds(out, population.actions)
}

/** The estimators the demo shows, with 95% normal intervals (no bootstrap). */
export const offPolicyEstimates = (
  log: LoggedData.LoggedData,
  policy: TargetPolicy.TargetPolicy
): ReadonlyArray<readonly [string, OffPolicy.OffPolicy]> => {
  const options = { resamples: 0 }
  return [
    ["SNIPS", OffPolicy.snips(log, policy, options)],
    ["doubly robust", OffPolicy.doublyRobust(log, policy, OffPolicy.meanRewardModel(log), options)]
  ]
}

/** The off-policy estimate: the targets, a uniform log of `offPolicyRounds` rounds, the estimates. */
const offPolicy = (
  population: Population.Population,
  champion: Catalog,
  models: Models.Models<ThompsonSampling.State>,
  config: DemoConfig,
  now: number
): { readonly rows: ReadonlyArray<OffPolicyRow>; readonly loggedMean: number } => {
  const { contexts, targets } = offPolicyTargets(population, champion, models, config.seed, now)
  const log = uniformLog(population, contexts, config.offPolicyRounds, `${config.seed}:offpolicy`)
  const rows: Array<OffPolicyRow> = []
  for (const target of targets)
    for (const [estimator, e] of offPolicyEstimates(log, target.policy))
      rows.push({
        policy: target.name,
        estimator,
        value: e.value,
        low: e.normal[0],
        high: e.normal[1],
        truth: target.truth,
        effectiveRewards: e.effectiveRewards,
        warnings: e.warnings.map((w) => w.message)
      })
  return { rows, loggedMean: OffPolicy.empiricalMean(log) }
}

/** Runs the demo. */
export const runDemo = (config: DemoConfig = DEFAULTS, onProgress: Progress = () => {}): DemoResult => {
  const population = Population.population(bankSpec(config.customers, `bank-${config.seed}`))
  const catalog = bankCatalog(population)
  const total = config.days * 2 + 5
  let done = 0
  const tick = (step: string): void => onProgress(step, ++done, total)

  const web = inboundRun(population, catalog, config, WEB, config.webPerDay, (n) =>
    tick(`web day ${Math.round(n / config.webPerDay)}/${config.days}`)
  )
  done = config.days
  const calls = inboundRun(population, catalog, config, CONTACT_CENTRE, config.callsPerDay, (n) =>
    tick(`contact centre day ${Math.round(n / config.callsPerDay)}/${config.days}`)
  )
  done = config.days * 2
  const end = START + config.days * Time.DAY_MS
  const webModels = (Simulation.find(web, "nba") as Simulation.StrategyResult)
    .models as Models.Models<ThompsonSampling.State>
  const outbound = outboundRun(population, catalog, emailModels(webModels, population), end)
  tick("outbound email run")
  const op =
    config.offPolicyRounds > 0 ? offPolicy(population, catalog, webModels, config, end) : { rows: [], loggedMean: 0 }
  tick("off-policy estimate")
  const explorer = explore(population, catalog, webModels, config, end)
  tick("decision explorer")
  const checked = audit(population, catalog, webModels, config, end)
  tick("funnel and calibration audit")
  const leasing = simulateLeasing({ seed: config.seed, ...JOURNEY })
  tick("leasing journey")

  const w = curves(WEB, web, config.webPerDay)
  const c = curves(CONTACT_CENTRE, calls, config.callsPerDay)
  const nbaWeb = Simulation.find(web, "nba") as Simulation.StrategyResult
  const actionShare = nbaWeb.windows.flatMap((win, i) =>
    population.actions.map((actionId, j) => ({
      day: i + 1,
      actionId,
      share: win.withAction === 0 ? 0 : (win.actions[j] ?? 0) / win.withAction
    }))
  )
  void PLACEMENT
  void LEVERS
  return {
    config,
    actions: population.actions.length,
    randomShare: Population.randomShare(population),
    bestConstantShare: Population.bestConstantShare(population),
    inbound: [...summarise(WEB, web), ...summarise(CONTACT_CENTRE, calls)],
    cumulative: [...w.cumulative, ...c.cumulative],
    regret: [...w.regret, ...c.regret],
    ctrByDay: [...w.ctrByDay, ...c.ctrByDay],
    actionShare,
    outbound,
    offPolicy: op.rows,
    loggedMean: op.loggedMean,
    explorer,
    ...checked,
    journey: {
      ...JOURNEY,
      stages: leasing.weeks.flatMap((w) =>
        JOURNEY_STAGES.map((stage, i) => ({ week: w.week, stage, subjects: w.stages[i] ?? 0 }))
      ),
      progressions: leasing.weeks.reduce((n, w) => n + w.progressions, 0)
    }
  }
}
