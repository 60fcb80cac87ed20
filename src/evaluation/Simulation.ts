/**
 * The closed loop before going live: strategies decide for a simulated population, outcomes are
 * drawn from the population's truth, feedback events arrive with realistic delays, the feedback
 * reducer learns — over rounds and simulated days, deterministic by seed.
 *
 * Size: one idea (the loop and the metrics it accumulates while it runs) in one file of ~1,000
 * lines; the metric accumulators are the candidates to move to `internal/` when it grows.
 *
 * One decision, for every strategy that takes part in it (all of them, or one by a stable hash
 * split of subjects):
 * 1. a subject is drawn uniformly from the population, at simulated time
 *    `start + i × DAY / decisionsPerDay`; the request is `{ subject: { id, attributes }, context:
 *    { now, channel, limit: 1, attributes: { day } } }` with the strategy's options (by default
 *    `trace: "none"`, `selectionDraws: 0` and `selectionQuadrature: false`: no selection probabilities);
 * 2. `nextBestAction(catalog, models, request)` — the real pipeline;
 * 3. the outcome: positive when one uniform draw, shared by every strategy for this decision
 *    (common random numbers), falls below the true probability of the returned action;
 * 4. feedback: the `Decided` input, and for a positive a `clicked` response at `now + delay`
 *    (`minMs` plus an exponential with mean `meanMs − minMs`, at most one millisecond before the
 *    response timeout); a negative sends nothing and becomes a `noResponse` at the timeout;
 * 5. every `batch` decisions the simulated clock is at the next decision's time T: the decisions
 *    of the batch and every scheduled event at or before T are applied, in time order, with
 *    `Feedback.applyAll`, then `Feedback.expireAt(T)` — so nothing is learned before its time and
 *    no-responses only at their deadline. The outbox is drained (histories are not kept).
 *
 * Metrics are accumulated as the loop runs (nothing per decision is kept but a ring of the last
 * `sample` decisions for AUC and calibration): expected reward (the true probability × value of
 * the returned action) against the oracle's (the eligible action of the highest true expected
 * value; see `Population.oracle`), realised responses and reward, per window of decisions, per
 * simulated day and per action; model AUC against the Bayes-optimal AUC of the true probabilities
 * and calibration against outcomes and against the truth, over the sample; tallies of the control
 * group; and, for every two strategies that decided the same visits, paired sums for `Experiment`.
 *
 * Laws: `run` is a pure function of its arguments (no clock, no `Math.random`): the same
 * population, strategies and config give the same result; expected reward never exceeds the
 * oracle's when the catalog's eligibility is the population's; per-action shares sum to 1.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import * as E from "fp-ts/lib/Either.js"
import { catalog as compileCatalog, type Catalog } from "../catalog/Catalog.js"
import { nextBestAction } from "../decide/NextBestAction.js"
import type { Options, Request } from "../decide/Request.js"
import type { ChosenAction } from "../feedback/DecisionRecord.js"
import * as Event from "../feedback/Event.js"
import * as Feedback from "../feedback/Feedback.js"
import { timeoutOf } from "../feedback/Pending.js"
import { render } from "../kernel/DecodeError.js"
import { misuse } from "../kernel/internal/misuse.js"
import { derive, fromSeed, hashString, nextDouble, nextInt, nextOpenDouble, type Rng } from "../kernel/Random.js"
import { DAY_MS, MINUTE_MS, type Instant } from "../kernel/Time.js"
import type { Features, Learner, Score } from "../learners/Learner.js"
import * as Models from "../learners/Models.js"
import * as NaiveBayes from "../learners/NaiveBayes.js"
import * as Rule from "../rules/Rule.js"
import { aucFromScores } from "./Diagnostics.js"
import { expectedCalibrationError, reliability, type ReliabilityBin } from "./Calibration.js"
import * as Schedule from "./internal/Schedule.js"
import {
  driftAt,
  probabilitiesInto,
  oracle as oracleOf,
  type ActionTruth,
  type Attribute,
  type Population
} from "./Population.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A strategy to simulate: a catalog, its models (of any learner) and the request options it
 * decides with, and the feedback settings it learns with.
 *
 * @category model
 * @since 0.1.0
 */
export interface Strategy {
  readonly name: string
  readonly catalog: Catalog
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state: `Learner<S>` is invariant in S
  readonly models: Models.Models<any>
  /** over the simulator's defaults `{ trace: "none", selectionDraws: 0, selectionQuadrature: false }` */
  readonly options?: Options
  /** default `Feedback.defaultSettings` (inbound timeout 30 minutes) */
  readonly feedback?: Feedback.Settings
}

/**
 * How positives are delayed: `minMs` plus an exponential with mean `meanMs − minMs` (capped one
 * millisecond before the response timeout).
 *
 * @category model
 * @since 0.1.0
 */
export interface ResponseDelay {
  readonly minMs: number
  readonly meanMs: number
}

/**
 * What the loop is given for one strategy after each feedback batch (for tests and progress).
 *
 * @category model
 * @since 0.1.0
 */
export interface BatchView {
  readonly strategy: string
  /** the simulated time of the batch: every event at or before it has been applied */
  readonly at: Instant
  /** decisions made by this strategy so far */
  readonly decisions: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state
  readonly models: Models.Models<any>
}

/**
 * The simulation's settings; all but `seed` and `decisions` default.
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  readonly seed: number | string
  /** visits to simulate (each strategy decides every visit, or its share of them with `split`) */
  readonly decisions: number
  /** the simulated start, default 2024-01-01T00:00Z */
  readonly start?: Instant
  /** default 10,000 */
  readonly decisionsPerDay?: number
  /** decisions between feedback batches, default 50 */
  readonly batch?: number
  /** default `"web"` (inbound) */
  readonly channel?: string
  /** default `{ minMs: 10 s, meanMs: 60 s }` */
  readonly responseDelay?: ResponseDelay
  /** decisions per window of `windows`, default 1,000 */
  readonly window?: number
  /** the last decisions kept for AUC and calibration, default 5,000 */
  readonly sample?: number
  /** each visit goes to one strategy by a stable hash of the subject id and `salt`, by `shares` (default equal) */
  readonly split?: { readonly salt?: string; readonly shares?: ReadonlyArray<number> }
  /** called after each feedback batch of each strategy */
  readonly onBatch?: (view: BatchView) => void
}

/**
 * Running sums over decisions.
 *
 * @category model
 * @since 0.1.0
 */
export interface Tally {
  readonly decisions: number
  /** decisions that returned an action */
  readonly withAction: number
  /** realised responses (positives) */
  readonly responses: number
  /** realised reward: the value of each response */
  readonly reward: number
  /** Σ reward² (for variances) */
  readonly rewardSquares: number
  /** Σ true probability of the returned action */
  readonly expectedResponses: number
  /** Σ true probability × value of the returned action */
  readonly expectedReward: number
  /** Σ the oracle's expected reward */
  readonly oracleReward: number
}

/**
 * A window of consecutive decisions of one strategy.
 *
 * @category model
 * @since 0.1.0
 */
export interface Window extends Tally {
  /** the index of its first decision (of this strategy) */
  readonly from: number
  /** expectedReward / oracleReward */
  readonly share: number
  /** how often each action was returned in the window, in population order */
  readonly actions: ReadonlyArray<number>
}

/**
 * One simulated day of one strategy.
 *
 * @category model
 * @since 0.1.0
 */
export interface Day extends Tally {
  readonly day: number
  /** responses / decisions */
  readonly ctr: number
  readonly share: number
}

/**
 * How often one action was returned.
 *
 * @category model
 * @since 0.1.0
 */
export interface ActionShare {
  readonly actionId: string
  readonly count: number
  /** of the decisions that returned an action */
  readonly share: number
  /** of the decisions where it was the oracle's action */
  readonly oracleShare: number
}

/**
 * Calibration of the returned actions' model propensities over the sample: against outcomes
 * (`Calibration.expectedCalibrationError`) and against the true probabilities (the same bins,
 * |mean model propensity − mean true probability|, weighted by the bins' counts).
 *
 * @category model
 * @since 0.1.0
 */
export interface CalibrationReport {
  readonly decisions: number
  readonly meanPropensity: number
  readonly meanTruth: number
  readonly responseRate: number
  readonly eceOutcomes: number
  readonly eceTruth: number
  readonly reliability: ReadonlyArray<ReliabilityBin>
}

/**
 * The model AUC (model propensities against outcomes) and the Bayes-optimal AUC (true
 * probabilities against the same outcomes) over the sample, and their ratio.
 *
 * @category model
 * @since 0.1.0
 */
export interface AucReport {
  readonly model: number
  readonly bayes: number
  readonly ratio: number
}

/**
 * Everything measured for one strategy.
 *
 * @category model
 * @since 0.1.0
 */
export interface StrategyResult {
  readonly name: string
  readonly tally: Tally
  /** oracleReward − expectedReward */
  readonly regret: number
  /** expectedReward / oracleReward */
  readonly oracleShare: number
  readonly windows: ReadonlyArray<Window>
  readonly days: ReadonlyArray<Day>
  readonly actions: ReadonlyArray<ActionShare>
  readonly calibration: CalibrationReport
  readonly auc: AucReport
  /** decisions for subjects in the random control group, and the others */
  readonly controlGroup: { readonly members: Tally; readonly others: Tally }
  /** inputs the feedback reducer refused (0 in a sound loop) */
  readonly refused: number
  /** the models at the end (after every pending response timed out) */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state
  readonly models: Models.Models<any>
}

/**
 * Per-decision sums of two strategies over the visits both decided: x for the first, y for the
 * second.
 *
 * @category model
 * @since 0.1.0
 */
export interface Moments {
  readonly n: number
  readonly sx: number
  readonly sy: number
  readonly sxx: number
  readonly syy: number
  readonly sxy: number
}

/**
 * The paired sums of two strategies: responses (engagement) and reward (value), realised and
 * expected.
 *
 * @category model
 * @since 0.1.0
 */
export interface Paired {
  readonly first: string
  readonly second: string
  readonly engagement: Moments
  readonly value: Moments
  readonly expectedEngagement: readonly [number, number]
  readonly expectedValue: readonly [number, number]
}

/**
 * A simulation: what was run, and everything measured.
 *
 * @category model
 * @since 0.1.0
 */
export interface Simulation {
  readonly visits: number
  readonly start: Instant
  readonly end: Instant
  readonly strategies: ReadonlyArray<StrategyResult>
  readonly paired: ReadonlyArray<Paired>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const API = "Simulation"

/**
 * A strategy.
 *
 * @category constructors
 * @since 0.1.0
 */
export const strategy = <S>(
  name: string,
  catalog: Catalog,
  models: Models.Models<S>,
  init: { readonly options?: Options; readonly feedback?: Feedback.Settings } = {}
): Strategy => ({ name, catalog, models, ...init })

/**
 * Options of `catalogSpec`.
 *
 * @category model
 * @since 0.1.0
 */
export interface CatalogOptions {
  /** default `"web"` */
  readonly channel?: string
  /** lever weights in percent by action id (default none) */
  readonly levers?: Readonly<Record<string, number>>
  /** the random control group's share (default 0: no control group) */
  readonly controlGroup?: number
  /** the actions to include (default all) */
  readonly actions?: ReadonlyArray<string>
}

/**
 * The JSON of a catalog for a population: one issue `Sales`, one group `Offers`, every action on
 * one inbound channel with the population's value and eligibility rule. Extend it (policies,
 * levers, context weights) and compile it with `Catalog.catalog`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const catalogSpec = (
  population: Population,
  options: CatalogOptions = {}
): Readonly<Record<string, unknown>> => {
  const channel = options.channel ?? "web"
  const include = options.actions === undefined ? undefined : new Set(options.actions)
  const actions = population.spec.actions
    .filter((a) => include === undefined || include.has(a.id))
    .map((a: ActionTruth) => {
      const lever = options.levers?.[a.id]
      return {
        id: a.id,
        issue: "Sales",
        group: "Offers",
        value: a.value ?? 1,
        ...(lever === undefined ? {} : { weight: lever }),
        channels: [{ channel, direction: "inbound" }],
        ...(a.eligibility === undefined ? {} : { policies: { eligibility: Rule.encode(a.eligibility) } })
      }
    })
  return {
    issues: [{ name: "Sales", groups: [{ name: "Offers" }] }],
    actions,
    controlGroup: { share: options.controlGroup ?? 0 }
  }
}

/**
 * The compiled `catalogSpec`. Throws if it does not compile (not for a valid population).
 *
 * @category constructors
 * @since 0.1.0
 */
export const catalogOf = (population: Population, options: CatalogOptions = {}): Catalog => {
  const c = compileCatalog(catalogSpec(population, options))
  if (E.isLeft(c)) return misuse(`${API}.catalogOf`, render(c.left))
  return c.right
}

/**
 * The naive Bayes predictors of every population attribute (`subject.<name>`, numeric or
 * symbolic, bins learned) — relevant, irrelevant and correlated alike, as a user would configure.
 *
 * @category constructors
 * @since 0.1.0
 */
export const predictorsOf = (population: Population): ReadonlyArray<NaiveBayes.Predictor> =>
  population.spec.attributes.map((a: Attribute) =>
    a._tag === "Numeric" ? NaiveBayes.numeric(`subject.${a.name}`) : NaiveBayes.symbolic(`subject.${a.name}`)
  )

/** the oracle learner's state: the index of the action its model scores, in spec order */
interface OracleState {
  readonly action: number
}

const OracleStateCodec: t.Type<OracleState, unknown, unknown> = t.type({ action: t.number })

/**
 * The oracle as a strategy: a learner that scores each action with its true probability,
 * computed from the request's features (`subject.<attribute>` and `context.day`), with greedy
 * arbitration over `catalogOf(population)`. Its share of the oracle is 1; it learns nothing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const oracleStrategy = (population: Population, options: CatalogOptions = {}): Strategy => {
  const catalog = catalogOf(population, options)
  const channel = options.channel ?? "web"
  const attributes = population.spec.attributes
  const byName = new Map<string, Attribute>(attributes.map((a) => [a.name, a]))
  const score = (state: OracleState, features: Features, rng: Rng): readonly [Score, Rng] => {
    const action = population.spec.actions[state.action]
    if (action === undefined) return [{ propensity: 0, explored: 0, evidence: 0 }, rng]
    let logit = action.intercept
    for (const e of action.effects ?? []) {
      const raw = features[`subject.${e.attribute}`]
      const attribute = byName.get(e.attribute) as Attribute
      if (raw === undefined || raw === null) {
        logit += e.missing ?? 0
        continue
      }
      switch (e._tag) {
        case "Linear":
          if (attribute._tag === "Numeric") logit += (e.weight * ((raw as number) - attribute.mean)) / attribute.sd
          break
        case "Step":
          logit += (raw as number) >= e.cut ? e.weight : 0
          break
        case "Levels":
          logit += Object.prototype.hasOwnProperty.call(e.weights, String(raw)) ? (e.weights[String(raw)] as number) : 0
          break
        case "Interaction": {
          const otherRaw = features[`subject.${e.other}`]
          const other = byName.get(e.other) as Attribute
          if (otherRaw === undefined || otherRaw === null) logit += e.missing ?? 0
          else if (attribute._tag === "Numeric" && other._tag === "Numeric")
            logit +=
              (e.weight * (((raw as number) - attribute.mean) / attribute.sd) * ((otherRaw as number) - other.mean)) /
              other.sd
        }
      }
    }
    const day = features["context.day"]
    if (typeof day === "number" && day !== 0) logit += driftAt(population, day)[state.action] as number
    const p = 1 / (1 + Math.exp(-logit))
    return [{ propensity: p, explored: p, evidence: 0 }, rng]
  }
  const learner: Learner<OracleState> = {
    name: "oracle",
    empty: { action: -1 },
    score,
    learn: (state) => state,
    learnAll: (state) => state,
    merge: (x, y) => (x.action >= 0 ? x : y),
    codec: OracleStateCodec
  }
  const states: Record<string, OracleState> = {}
  population.actions.forEach((id, action) => (states[Models.modelKey(id, channel)] = { action }))
  return { name: "oracle", catalog, models: Models.fromStates(learner, states) }
}

// -------------------------------------------------------------------------------------
// the loop
// -------------------------------------------------------------------------------------

interface MutableTally {
  decisions: number
  withAction: number
  responses: number
  reward: number
  rewardSquares: number
  expectedResponses: number
  expectedReward: number
  oracleReward: number
}

const emptyTally = (): MutableTally => ({
  decisions: 0,
  withAction: 0,
  responses: 0,
  reward: 0,
  rewardSquares: 0,
  expectedResponses: 0,
  expectedReward: 0,
  oracleReward: 0
})

const add = (
  tally: MutableTally,
  chosen: boolean,
  positive: boolean,
  reward: number,
  p: number,
  expected: number,
  oracle: number
): void => {
  tally.decisions++
  if (chosen) tally.withAction++
  if (positive) tally.responses++
  tally.reward += reward
  tally.rewardSquares += reward * reward
  tally.expectedResponses += p
  tally.expectedReward += expected
  tally.oracleReward += oracle
}

const share = (tally: Tally): number => (tally.oracleReward === 0 ? 0 : tally.expectedReward / tally.oracleReward)

interface MutableMoments {
  n: number
  sx: number
  sy: number
  sxx: number
  syy: number
  sxy: number
}

const emptyMoments = (): MutableMoments => ({ n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 })

const addMoments = (m: MutableMoments, x: number, y: number): void => {
  m.n++
  m.sx += x
  m.sy += y
  m.sxx += x * x
  m.syy += y * y
  m.sxy += x * y
}

interface Runner {
  readonly strategy: Strategy
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state
  state: Feedback.Feedback<any>
  readonly apply: Feedback.Reducer<ReadonlyArray<Feedback.Input>>
  readonly timeout: number
  readonly options: Options
  /** catalog action id → population action index */
  readonly index: ReadonlyMap<string, number>
  readonly decided: Array<Feedback.Input>
  readonly schedule: Schedule.Schedule
  decisions: number
  refused: number
  readonly tally: MutableTally
  readonly members: MutableTally
  readonly others: MutableTally
  readonly windows: Array<Window>
  window: MutableTally
  windowActions: Array<number>
  readonly days: Array<MutableTally>
  readonly actionCounts: Float64Array
  readonly oracleCounts: Float64Array
  readonly predicted: Float64Array
  readonly truth: Float64Array
  readonly outcome: Uint8Array
  sampled: number
  // the current visit: whether it decided, its response and reward, expected response and reward
  active: boolean
  response: number
  reward: number
  expectedResponse: number
  expectedReward: number
}

// the simulator reads no selection probability: none is estimated (the decisions are the same)
const DEFAULT_OPTIONS: Options = { trace: "none", selectionDraws: 0, selectionQuadrature: false }

const runnerOf = (population: Population, strategy: Strategy, channel: string, sample: number): Runner => {
  const settings = strategy.feedback ?? Feedback.defaultSettings
  const index = new Map<string, number>()
  for (const a of strategy.catalog.actions) {
    const j = population.actions.indexOf(a.id)
    if (j < 0) misuse(`${API}.run`, `strategy "${strategy.name}": action "${a.id}" is not in the population`)
    index.set(a.id, j)
  }
  const k = population.actions.length
  return {
    strategy,
    state: Feedback.initial(strategy.models),
    apply: Feedback.applyAll(settings),
    timeout: timeoutOf(settings.timeouts, "inbound", channel),
    options: { ...DEFAULT_OPTIONS, ...strategy.options },
    index,
    decided: [],
    schedule: Schedule.empty(),
    decisions: 0,
    refused: 0,
    tally: emptyTally(),
    members: emptyTally(),
    others: emptyTally(),
    windows: [],
    window: emptyTally(),
    windowActions: new Array<number>(k).fill(0),
    days: [],
    actionCounts: new Float64Array(k),
    oracleCounts: new Float64Array(k),
    predicted: new Float64Array(sample),
    truth: new Float64Array(sample),
    outcome: new Uint8Array(sample),
    sampled: 0,
    active: false,
    response: 0,
    reward: 0,
    expectedResponse: 0,
    expectedReward: 0
  }
}

/** applies the batch's decisions and every event due at `now`, in time order, then expires at `now` */
const flush = (runner: Runner, now: Instant): void => {
  const events = Schedule.popUntil(runner.schedule, now)
  const decided = runner.decided
  const inputs: Array<Feedback.Input> = []
  // merge by time: a decision before the events of the same instant
  let i = 0
  let j = 0
  while (i < decided.length || j < events.length) {
    const d = decided[i] as Feedback.Decided | undefined
    const e = events[j]
    if (d !== undefined && (e === undefined || d.record.at <= e.at)) {
      inputs.push(d)
      i++
    } else {
      inputs.push(e as Event.Event)
      j++
    }
  }
  inputs.push(Feedback.expireAt(now))
  decided.length = 0
  const [out, drained] = Feedback.drain(runner.apply(runner.state, inputs))
  runner.refused += out.refused.length
  runner.state = drained
}

const closeWindow = (runner: Runner, size: number, force: boolean): void => {
  const w = runner.window
  if (w.decisions === 0 || (!force && w.decisions < size)) return
  runner.windows.push({ ...w, from: runner.decisions - w.decisions, share: share(w), actions: runner.windowActions })
  runner.window = emptyTally()
  runner.windowActions = new Array<number>(runner.windowActions.length).fill(0)
}

const calibrationOf = (runner: Runner): { calibration: CalibrationReport; auc: AucReport } => {
  const n = Math.min(runner.sampled, runner.predicted.length)
  const cap = runner.predicted.length
  const first = runner.sampled > cap ? runner.sampled % cap : 0
  const predicted: Array<number> = new Array<number>(n)
  const truth: Array<number> = new Array<number>(n)
  const positive: Array<boolean> = new Array<boolean>(n)
  for (let m = 0; m < n; m++) {
    const at = (first + m) % cap
    predicted[m] = runner.predicted[at] as number
    truth[m] = runner.truth[at] as number
    positive[m] = runner.outcome[at] === 1
  }
  const bins = 10
  const count = new Float64Array(bins)
  const sumP = new Float64Array(bins)
  const sumT = new Float64Array(bins)
  let meanP = 0
  let meanT = 0
  let rate = 0
  for (let m = 0; m < n; m++) {
    const p = Math.min(1, Math.max(0, predicted[m] as number))
    const b = Math.min(bins - 1, Math.floor(p * bins))
    count[b] = (count[b] as number) + 1
    sumP[b] = (sumP[b] as number) + p
    sumT[b] = (sumT[b] as number) + (truth[m] as number)
    meanP += p
    meanT += truth[m] as number
    if (positive[m] === true) rate++
  }
  let eceTruth = 0
  for (let b = 0; b < bins; b++) eceTruth += Math.abs((sumP[b] as number) - (sumT[b] as number))
  const model = aucFromScores(predicted, positive)
  const bayes = aucFromScores(truth, positive)
  return {
    calibration: {
      decisions: n,
      meanPropensity: n === 0 ? 0 : meanP / n,
      meanTruth: n === 0 ? 0 : meanT / n,
      responseRate: n === 0 ? 0 : rate / n,
      eceOutcomes: expectedCalibrationError(predicted, positive, bins),
      eceTruth: n === 0 ? 0 : eceTruth / n,
      reliability: reliability(predicted, positive, bins)
    },
    auc: { model, bayes, ratio: bayes === 0 ? 0 : model / bayes }
  }
}

const frozen = (tally: MutableTally): Tally => ({ ...tally })

/**
 * Runs the closed loop for every strategy over the same stream of visits (see the module header)
 * and returns what was measured. Throws (a programming mistake) when a strategy's catalog has an
 * action the population does not know, or on a config that is not whole and positive.
 *
 * @example
 * import { Models, Population, Simulation, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const population = Population.standard(2000)
 * const catalog = Simulation.catalogOf(population)
 * const result = Simulation.run(
 *   population,
 *   [
 *     Simulation.strategy("thompson", catalog, Models.empty(ThompsonSampling.thompsonSampling())),
 *     Simulation.oracleStrategy(population)
 *   ],
 *   { seed: 7, decisions: 2000 }
 * )
 * const [thompson, oracle] = result.strategies
 * assert.strictEqual(oracle?.oracleShare, 1)
 * assert.ok((thompson?.oracleShare ?? 1) < 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const run = (population: Population, strategies: ReadonlyArray<Strategy>, config: Config): Simulation => {
  const visits = config.decisions
  const perDay = config.decisionsPerDay ?? 10_000
  const batch = config.batch ?? 50
  const windowSize = config.window ?? 1000
  const sample = config.sample ?? 5000
  const channel = config.channel ?? "web"
  const start = config.start ?? Date.UTC(2024, 0, 1)
  const delay = config.responseDelay ?? { minMs: 10_000, meanMs: MINUTE_MS }
  for (const [name, v] of [
    ["decisions", visits],
    ["decisionsPerDay", perDay],
    ["batch", batch],
    ["window", windowSize],
    ["sample", sample]
  ] as const)
    if (!Number.isSafeInteger(v) || v < (name === "decisions" ? 0 : 1))
      misuse(`${API}.run`, `${name} must be a positive whole number, got ${String(v)}`)
  if (!(delay.minMs >= 0 && delay.meanMs >= delay.minMs)) misuse(`${API}.run`, "responseDelay needs 0 ≤ minMs ≤ meanMs")
  if (strategies.length === 0) misuse(`${API}.run`, "at least one strategy")
  const names = new Set(strategies.map((s) => s.name))
  if (names.size !== strategies.length) misuse(`${API}.run`, "strategy names must differ")

  const k = population.actions.length
  const runners = strategies.map((s) => runnerOf(population, s, channel, sample))
  const pairs: Array<{
    readonly a: number
    readonly b: number
    readonly engagement: MutableMoments
    readonly value: MutableMoments
    expected: [number, number, number, number]
  }> = []
  if (config.split === undefined)
    for (let a = 0; a < runners.length; a++)
      for (let b = a + 1; b < runners.length; b++)
        pairs.push({ a, b, engagement: emptyMoments(), value: emptyMoments(), expected: [0, 0, 0, 0] })
  const shares = config.split?.shares ?? strategies.map(() => 1)
  if (shares.length !== strategies.length || !shares.every((x) => x >= 0) || !shares.some((x) => x > 0))
    misuse(`${API}.run`, "split.shares: one non-negative share per strategy, not all 0")
  const totalShare = shares.reduce((x, y) => x + y, 0)
  const salt = config.split?.salt ?? "split"
  const route = (subjectId: string): number => {
    let u = (hashString(`${salt}|${subjectId}`) / 4294967296) * totalShare
    for (let j = 0; j < shares.length; j++) {
      u -= shares[j] as number
      if (u < 0) return j
    }
    return shares.length - 1
  }

  const root = fromSeed(config.seed)
  let visitRng = derive(root, "visits")
  const seedBase = hashString(`${String(config.seed)}|decisions`)
  const probs = new Float64Array(k)
  let drift = driftAt(population, 0)
  let driftDay = 0
  const size = population.subjects.length
  const routes = config.split === undefined ? undefined : population.subjects.map((s) => route(s.id))
  let now = start

  const notify = (runner: Runner, at: Instant): void => {
    if (config.onBatch !== undefined)
      config.onBatch({ strategy: runner.strategy.name, at, decisions: runner.decisions, models: runner.state.models })
  }

  for (let i = 0; i < visits; i++) {
    now = start + Math.floor((i * DAY_MS) / perDay)
    const dayFloat = (now - start) / DAY_MS
    const day = Math.floor(dayFloat)
    if (i > 0 && i % batch === 0) {
      for (const runner of runners) {
        flush(runner, now)
        notify(runner, now)
      }
      // the truth's drift, once per batch
      if (dayFloat !== driftDay) {
        drift = driftAt(population, dayFloat)
        driftDay = dayFloat
      }
    }
    const [s, r1] = nextInt(visitRng, size)
    const [u, r2] = nextDouble(r1)
    const [w, r3] = nextOpenDouble(r2)
    visitRng = r3
    const subject = population.subjects[s] as (typeof population.subjects)[number]
    probabilitiesInto(population, s, drift, probs)
    const best = oracleOf(population, s, probs)
    const oracle = best < 0 ? 0 : (probs[best] as number) * (population.values[best] as number)
    const only = routes === undefined ? -1 : (routes[s] as number)
    const seed = (seedBase ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0
    const contextAttributes = { day: dayFloat }
    for (let j = 0; j < runners.length; j++) {
      const runner = runners[j] as Runner
      runner.active = only < 0 || only === j
      if (!runner.active) continue
      const name = runner.strategy.name
      const decisionId = `${name}#${i}`
      const request: Request = {
        decisionId,
        seed,
        subject: { id: subject.id, attributes: subject.attributes },
        context: { now, channel, limit: 1, attributes: contextAttributes },
        options: runner.options
      }
      const decision = nextBestAction(runner.strategy.catalog, runner.state.models, request)
      const chosen = decision.record.actions[0] as ChosenAction | undefined
      let p = 0
      let expected = 0
      let positive = false
      let reward = 0
      if (chosen !== undefined) {
        const a = runner.index.get(chosen.actionId) as number
        p = probs[a] as number
        const value = population.values[a] as number
        expected = p * value
        positive = u < p
        reward = positive ? value : 0
        runner.actionCounts[a] = (runner.actionCounts[a] as number) + 1
        runner.windowActions[a] = (runner.windowActions[a] as number) + 1
        const slot = runner.sampled % sample
        runner.predicted[slot] = chosen.modelPropensity
        runner.truth[slot] = p
        runner.outcome[slot] = positive ? 1 : 0
        runner.sampled++
        if (positive) {
          const wait = Math.min(
            runner.timeout - 1,
            Math.floor(delay.minMs - Math.log(w) * (delay.meanMs - delay.minMs))
          )
          Schedule.push(
            runner.schedule,
            Event.response(
              { eventId: `${decisionId}:r`, at: now + wait, actionId: chosen.actionId, channel, decision: decisionId },
              "clicked"
            )
          )
        }
      }
      if (best >= 0) runner.oracleCounts[best] = (runner.oracleCounts[best] as number) + 1
      runner.decided.push(Feedback.decided(decision.record))
      const isChosen = chosen !== undefined
      add(runner.tally, isChosen, positive, reward, p, expected, oracle)
      add(decision.controlGroup ? runner.members : runner.others, isChosen, positive, reward, p, expected, oracle)
      add(runner.window, isChosen, positive, reward, p, expected, oracle)
      let d = runner.days[day]
      if (d === undefined) {
        for (let m = runner.days.length; m <= day; m++) runner.days[m] = emptyTally()
        d = runner.days[day] as MutableTally
      }
      add(d, isChosen, positive, reward, p, expected, oracle)
      runner.decisions++
      closeWindow(runner, windowSize, false)
      runner.response = positive ? 1 : 0
      runner.reward = reward
      runner.expectedResponse = p
      runner.expectedReward = expected
    }
    for (const pair of pairs) {
      const x = runners[pair.a] as Runner
      const y = runners[pair.b] as Runner
      addMoments(pair.engagement, x.response, y.response)
      addMoments(pair.value, x.reward, y.reward)
      pair.expected[0] += x.expectedResponse
      pair.expected[1] += y.expectedResponse
      pair.expected[2] += x.expectedReward
      pair.expected[3] += y.expectedReward
    }
  }
  // the end: what is due at the last instant, then every response's timeout
  const end = now
  const last = end + Math.max(1, ...runners.map((r) => r.timeout))
  for (const runner of runners) {
    if (visits > 0) {
      flush(runner, end + 1)
      notify(runner, end + 1)
    }
    flush(runner, last)
    notify(runner, last)
    closeWindow(runner, windowSize, true)
  }

  const results = runners.map((runner): StrategyResult => {
    const { calibration, auc } = calibrationOf(runner)
    const withAction = runner.tally.withAction
    const oracleDecisions = runner.oracleCounts.reduce((x, y) => x + y, 0)
    return {
      name: runner.strategy.name,
      tally: frozen(runner.tally),
      regret: runner.tally.oracleReward - runner.tally.expectedReward,
      oracleShare: share(runner.tally),
      windows: runner.windows,
      days: runner.days.map((d, day) => ({
        ...d,
        day,
        ctr: d.decisions === 0 ? 0 : d.responses / d.decisions,
        share: share(d)
      })),
      actions: population.actions.map((actionId, a) => ({
        actionId,
        count: runner.actionCounts[a] as number,
        share: withAction === 0 ? 0 : (runner.actionCounts[a] as number) / withAction,
        oracleShare: oracleDecisions === 0 ? 0 : (runner.oracleCounts[a] as number) / oracleDecisions
      })),
      calibration,
      auc,
      controlGroup: { members: frozen(runner.members), others: frozen(runner.others) },
      refused: runner.refused,
      models: runner.state.models
    }
  })
  return {
    visits,
    start,
    end,
    strategies: results,
    paired: pairs.map((pair) => ({
      first: (runners[pair.a] as Runner).strategy.name,
      second: (runners[pair.b] as Runner).strategy.name,
      engagement: { ...pair.engagement },
      value: { ...pair.value },
      expectedEngagement: [pair.expected[0], pair.expected[1]] as const,
      expectedValue: [pair.expected[2], pair.expected[3]] as const
    }))
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A strategy's result by name, or undefined.
 *
 * @category utils
 * @since 0.1.0
 */
export const find = (result: Simulation, name: string): StrategyResult | undefined =>
  result.strategies.find((s) => s.name === name)

/**
 * The share of the oracle's expected reward a strategy earned over its last `decisions` decisions,
 * from its windows (so `decisions` should be a multiple of the window size; the windows that end
 * in the last `decisions` count).
 *
 * @category utils
 * @since 0.1.0
 */
export const shareOfLast = (result: StrategyResult, decisions: number): number => {
  const total = result.tally.decisions
  let expected = 0
  let oracle = 0
  for (const w of result.windows) {
    if (w.from >= total - decisions) {
      expected += w.expectedReward
      oracle += w.oracleReward
    }
  }
  return oracle === 0 ? 0 : expected / oracle
}
