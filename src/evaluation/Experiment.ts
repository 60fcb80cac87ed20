/**
 * Experiments in the manner of Pega's Impact Analyzer, on the simulator: the full strategy
 * against variants that switch one part of it off, champion against challenger on a stable split
 * of subjects, the random control group, and a value-finder count.
 *
 * The Impact Analyzer variants of a strategy (`impactVariants`), each deciding every visit with
 * its own models learned from its own decisions:
 * - `nba` — the strategy as it is;
 * - `randomAction` — a uniformly random eligible action (`SelectionPolicy.uniformRandom`);
 * - `propensityOnly` — ranked by propensity alone (value, context weights and levers off);
 * - `noLevers` — P × C × V (levers off);
 * - `eligibilityOnly` — the engagement policies reduced to eligibility (applicability and
 *   suitability rules removed at every level);
 * - `randomPropensity` — every subject in the random control group: random propensities instead
 *   of the models' (the models still learn).
 *
 * Lifts (`Lift`): engagement is responses per decision, value is reward per decision; the lift of
 * a treatment over a baseline is their difference and their ratio minus 1, with normal-approximation
 * intervals (the ratio's by the delta method). Variants of `impactAnalyzer` decide the same visits
 * with the same outcome draws, so their comparison is paired (the covariance enters the
 * variance); champion and challenger, and the control group against the rest, see disjoint
 * subjects and are compared unpaired. Each estimate also carries its true lift, from the
 * expected rewards the simulator knows — the figure the interval should cover.
 *
 * @since 0.1.0
 */
import { fromSpec, type Catalog, type Spec } from "../catalog/Catalog.js"
import { nextBestAction } from "../decide/NextBestAction.js"
import type { Request } from "../decide/Request.js"
import { render } from "../kernel/DecodeError.js"
import { misuse } from "../kernel/internal/misuse.js"
import type { Instant } from "../kernel/Time.js"
import * as SelectionPolicy from "../learners/SelectionPolicy.js"
import type { Policies } from "../policies/Engagement.js"
import { driftAt, probabilitiesInto, type Population } from "./Population.js"
import {
  find,
  run,
  type Config,
  type Moments,
  type Simulation,
  type Strategy,
  type StrategyResult,
  type Tally
} from "./Simulation.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One measure (engagement or value) of a treatment against a baseline, per decision.
 *
 * @category model
 * @since 0.1.0
 */
export interface Estimate {
  readonly treatment: number
  readonly baseline: number
  /** treatment − baseline */
  readonly difference: number
  readonly differenceInterval: readonly [number, number]
  /** treatment / baseline − 1 (NaN when the baseline is 0) */
  readonly lift: number
  readonly liftInterval: readonly [number, number]
  /** the lift of the expected (true) rates: what the interval estimates */
  readonly trueLift: number
}

/**
 * A treatment against a baseline: engagement (responses per decision) and value (reward per
 * decision).
 *
 * @category model
 * @since 0.1.0
 */
export interface Lift {
  readonly treatment: string
  readonly baseline: string
  readonly paired: boolean
  readonly decisions: readonly [number, number]
  readonly engagement: Estimate
  readonly value: Estimate
}

/**
 * The names of the Impact Analyzer variants (see the module header).
 *
 * @category model
 * @since 0.1.0
 */
export type Variant = "nba" | "randomAction" | "propensityOnly" | "noLevers" | "eligibilityOnly" | "randomPropensity"

/**
 * What `impactAnalyzer` returns: the simulation of every variant, and the lift of `nba` over each
 * other variant.
 *
 * @category model
 * @since 0.1.0
 */
export interface ImpactReport {
  readonly result: Simulation
  readonly lifts: ReadonlyArray<{ readonly experiment: Exclude<Variant, "nba">; readonly lift: Lift }>
}

/**
 * What `championChallenger` returns: the simulation on the split, and the challenger's lift over
 * the champion.
 *
 * @category model
 * @since 0.1.0
 */
export interface ChampionChallengerReport {
  readonly result: Simulation
  readonly lift: Lift
}

/**
 * The value-finder count of a strategy over a population: subjects without any action, with only
 * low-propensity actions (every action's model propensity below `threshold`), and with a relevant
 * action; and the same classification by the true probabilities.
 *
 * @category model
 * @since 0.1.0
 */
export interface ValueFinder {
  readonly subjects: number
  readonly threshold: number
  readonly withoutAction: number
  readonly onlyLowPropensity: number
  readonly relevant: number
  /** the same subjects classified by the true probabilities of the actions offered */
  readonly truth: { readonly onlyLowPropensity: number; readonly relevant: number }
}

// -------------------------------------------------------------------------------------
// lifts
// -------------------------------------------------------------------------------------

const Z95 = 1.959963984540054

const estimate = (mx: number, my: number, varDiff: number, varLift: number, trueLift: number, z: number): Estimate => {
  const difference = mx - my
  const dh = z * Math.sqrt(Math.max(0, varDiff))
  const lift = my === 0 ? Number.NaN : mx / my - 1
  const lh = z * Math.sqrt(Math.max(0, varLift))
  return {
    treatment: mx,
    baseline: my,
    difference,
    differenceInterval: [difference - dh, difference + dh],
    lift,
    liftInterval: my === 0 ? [Number.NaN, Number.NaN] : [lift - lh, lift + lh],
    trueLift
  }
}

const variance = (s: number, ss: number, n: number): number => (n < 2 ? 0 : (ss - (s * s) / n) / (n - 1))

const pairedEstimate = (m: Moments, expected: readonly [number, number], z: number): Estimate => {
  const n = m.n
  if (n === 0) return estimate(0, 0, 0, 0, Number.NaN, z)
  const mx = m.sx / n
  const my = m.sy / n
  const vx = variance(m.sx, m.sxx, n)
  const vy = variance(m.sy, m.syy, n)
  const cxy = n < 2 ? 0 : (m.sxy - (m.sx * m.sy) / n) / (n - 1)
  const varLift = my === 0 ? 0 : (vx / (my * my) - (2 * mx * cxy) / (my * my * my) + (mx * mx * vy) / my ** 4) / n
  const trueLift = expected[1] === 0 ? Number.NaN : expected[0] / expected[1] - 1
  return estimate(mx, my, (vx + vy - 2 * cxy) / n, varLift, trueLift, z)
}

const unpairedEstimate = (
  x: readonly [number, number, number],
  y: readonly [number, number, number],
  expected: readonly [number, number],
  z: number
): Estimate => {
  const [nx, sx, sxx] = x
  const [ny, sy, syy] = y
  if (nx === 0 || ny === 0) return estimate(nx === 0 ? 0 : sx / nx, ny === 0 ? 0 : sy / ny, 0, 0, Number.NaN, z)
  const mx = sx / nx
  const my = sy / ny
  const vx = variance(sx, sxx, nx)
  const vy = variance(sy, syy, ny)
  const varLift = my === 0 ? 0 : vx / (nx * my * my) + (mx * mx * vy) / (ny * my ** 4)
  const ex = expected[0] / nx
  const ey = expected[1] / ny
  return estimate(mx, my, vx / nx + vy / ny, varLift, ey === 0 ? Number.NaN : ex / ey - 1, z)
}

/**
 * The paired lift of `treatment` over `baseline`, two strategies of one `Simulation.run` without a
 * split (they decided the same visits). Throws when either is not in the result.
 *
 * @category operations
 * @since 0.1.0
 */
export const pairedLift = (result: Simulation, treatment: string, baseline: string, z = Z95): Lift => {
  const pair = result.paired.find(
    (p) => (p.first === treatment && p.second === baseline) || (p.first === baseline && p.second === treatment)
  )
  if (pair === undefined)
    return misuse("Experiment.pairedLift", `no paired run of "${treatment}" and "${baseline}" in the result`)
  const flip = pair.first !== treatment
  const swap = (m: Moments): Moments => (flip ? { n: m.n, sx: m.sy, sy: m.sx, sxx: m.syy, syy: m.sxx, sxy: m.sxy } : m)
  const order = (e: readonly [number, number]): readonly [number, number] => (flip ? [e[1], e[0]] : e)
  return {
    treatment,
    baseline,
    paired: true,
    decisions: [pair.engagement.n, pair.engagement.n],
    engagement: pairedEstimate(swap(pair.engagement), order(pair.expectedEngagement), z),
    value: pairedEstimate(swap(pair.value), order(pair.expectedValue), z)
  }
}

/**
 * The unpaired lift of one tally over another (different subjects: champion and challenger, the
 * control group and the rest).
 *
 * @category operations
 * @since 0.1.0
 */
export const unpairedLift = (
  treatment: { readonly name: string; readonly tally: Tally },
  baseline: { readonly name: string; readonly tally: Tally },
  z = Z95
): Lift => {
  const x = treatment.tally
  const y = baseline.tally
  return {
    treatment: treatment.name,
    baseline: baseline.name,
    paired: false,
    decisions: [x.decisions, y.decisions],
    // responses are 0 or 1: Σ response² = Σ response
    engagement: unpairedEstimate(
      [x.decisions, x.responses, x.responses],
      [y.decisions, y.responses, y.responses],
      [x.expectedResponses, y.expectedResponses],
      z
    ),
    value: unpairedEstimate(
      [x.decisions, x.reward, x.rewardSquares],
      [y.decisions, y.reward, y.rewardSquares],
      [x.expectedReward, y.expectedReward],
      z
    )
  }
}

/**
 * The lift of the models over the random control group within one strategy: the subjects outside
 * the control group against its members (Pega's "adaptive models vs random propensity").
 *
 * @category operations
 * @since 0.1.0
 */
export const controlGroupLift = (result: StrategyResult, z = Z95): Lift =>
  unpairedLift(
    { name: `${result.name} (models)`, tally: result.controlGroup.others },
    { name: `${result.name} (control group)`, tally: result.controlGroup.members },
    z
  )

// -------------------------------------------------------------------------------------
// Impact Analyzer
// -------------------------------------------------------------------------------------

const eligibilityOf = <P extends Policies>(policies: P | undefined): P | undefined => {
  if (policies === undefined) return undefined
  const { applicability: _a, suitability: _s, ...rest } = policies
  return rest as P
}

/**
 * The catalog with its engagement policies reduced to eligibility: every applicability and
 * suitability rule removed, at every level.
 *
 * @category operations
 * @since 0.1.0
 */
export const eligibilityOnly = (catalog: Catalog): Catalog => {
  const spec = catalog.spec
  const strip = <T extends { readonly policies?: Policies }>(x: T): T => {
    const policies = eligibilityOf(x.policies)
    const { policies: _p, ...rest } = x
    return (policies === undefined ? rest : { ...rest, policies }) as T
  }
  const next: Spec = {
    ...strip(spec),
    issues: spec.issues.map((issue) => ({ ...strip(issue), groups: issue.groups.map(strip) })),
    actions: spec.actions.map(strip)
  }
  const compiled = fromSpec(next)
  return compiled._tag === "Left" ? misuse("Experiment.eligibilityOnly", render(compiled.left)) : compiled.right
}

/**
 * The Impact Analyzer variants of a strategy, named by `Variant` (see the module header).
 *
 * @category operations
 * @since 0.1.0
 */
export const impactVariants = (base: Strategy): ReadonlyArray<Strategy & { readonly name: Variant }> => {
  const options = base.options ?? {}
  const factors = options.factors ?? {}
  return [
    { ...base, name: "nba" },
    { ...base, name: "randomAction", options: { ...options, selection: SelectionPolicy.uniformRandom } },
    {
      ...base,
      name: "propensityOnly",
      options: { ...options, factors: { ...factors, value: false, contextWeight: false, lever: false } }
    },
    { ...base, name: "noLevers", options: { ...options, factors: { ...factors, lever: false } } },
    { ...base, name: "eligibilityOnly", catalog: eligibilityOnly(base.catalog) },
    { ...base, name: "randomPropensity", options: { ...options, controlGroup: true } }
  ]
}

/**
 * Runs the Impact Analyzer variants of a strategy on the same visits (`config.split` is ignored)
 * and measures the paired lift of `nba` over each other variant.
 *
 * @example
 * import { Experiment, Models, Population, Simulation, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const population = Population.standard(2000)
 * const base = Simulation.strategy(
 *   "nba",
 *   Simulation.catalogOf(population),
 *   Models.empty(ThompsonSampling.thompsonSampling())
 * )
 * const report = Experiment.impactAnalyzer(population, base, { seed: 3, decisions: 3000 })
 * const random = report.lifts.find((l) => l.experiment === "randomAction")
 * assert.ok(random !== undefined && random.lift.value.trueLift > 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const impactAnalyzer = (population: Population, base: Strategy, config: Config): ImpactReport => {
  const { split: _split, ...rest } = config
  const result = run(population, impactVariants(base), rest)
  const others: ReadonlyArray<Exclude<Variant, "nba">> = [
    "randomAction",
    "propensityOnly",
    "noLevers",
    "eligibilityOnly",
    "randomPropensity"
  ]
  return { result, lifts: others.map((experiment) => ({ experiment, lift: pairedLift(result, "nba", experiment) })) }
}

/**
 * Champion against challenger: each visit goes to one of them by a stable hash of the subject id
 * (the challenger gets `share` of the subjects, default 0.5; `salt` default `"challenger"`), each
 * learns from its own decisions only, and the challenger's unpaired lift over the champion is
 * measured. Throws when the two have the same name.
 *
 * @category operations
 * @since 0.1.0
 */
export const championChallenger = (
  population: Population,
  champion: Strategy,
  challenger: Strategy,
  config: Config & { readonly share?: number }
): ChampionChallengerReport => {
  const share = config.share ?? 0.5
  if (!(share > 0 && share < 1)) misuse("Experiment.championChallenger", "share must lie in (0, 1)")
  const { share: _share, ...rest } = config
  const result = run(population, [champion, challenger], {
    ...rest,
    split: { salt: config.split?.salt ?? "challenger", shares: [1 - share, share] }
  })
  const c = find(result, champion.name) as StrategyResult
  const x = find(result, challenger.name) as StrategyResult
  return { result, lift: unpairedLift(x, c) }
}

/**
 * The value-finder count of a strategy: every subject of the population is offered, at `at`
 * (default 2024-01-01), everything its catalog allows (all eligible actions, no control group, no
 * exploration — `modelPropensity`), and classified: without any action, with only actions whose
 * propensity is below `threshold`, or with a relevant one. The default threshold is half the mean
 * propensity of all the actions offered.
 *
 * @category operations
 * @since 0.1.0
 */
export const valueFinder = (
  population: Population,
  strategy: Strategy,
  options: { readonly at?: Instant; readonly threshold?: number; readonly channel?: string } = {}
): ValueFinder => {
  const at = options.at ?? Date.UTC(2024, 0, 1)
  const channel = options.channel ?? "web"
  const limit = Math.max(1, strategy.catalog.actions.length)
  const k = population.actions.length
  const drift = driftAt(population, 0)
  const probs = new Float64Array(k)
  const offered: Array<ReadonlyArray<readonly [number, number]>> = []
  let sum = 0
  let count = 0
  population.subjects.forEach((subject, s) => {
    const request: Request = {
      decisionId: `value-finder#${s}`,
      subject: { id: subject.id, attributes: subject.attributes },
      context: { now: at, channel, limit, attributes: { day: 0 } },
      options: {
        ...strategy.options,
        trace: "none",
        selectionDraws: 0,
        selectionQuadrature: false,
        controlGroup: false
      }
    }
    const decision = nextBestAction(strategy.catalog, strategy.models, request)
    probabilitiesInto(population, s, drift, probs)
    const pairs = decision.actions.map((a) => {
      const j = population.actions.indexOf(a.actionId)
      sum += a.modelPropensity
      count++
      return [a.modelPropensity, j < 0 ? 0 : (probs[j] as number)] as const
    })
    offered.push(pairs)
  })
  const threshold = options.threshold ?? (count === 0 ? 0 : (0.5 * sum) / count)
  let withoutAction = 0
  let low = 0
  let relevant = 0
  let trueLow = 0
  let trueRelevant = 0
  for (const pairs of offered) {
    if (pairs.length === 0) {
      withoutAction++
      continue
    }
    if (pairs.some(([p]) => p >= threshold)) relevant++
    else low++
    if (pairs.some(([, truth]) => truth >= threshold)) trueRelevant++
    else trueLow++
  }
  return {
    subjects: population.subjects.length,
    threshold,
    withoutAction,
    onlyLowPropensity: low,
    relevant,
    truth: { onlyLowPropensity: trueLow, relevant: trueRelevant }
  }
}
