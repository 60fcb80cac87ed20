/**
 * Synthetic logs where the truth is known: four contexts (feature `x`), three actions, a known
 * click rate per context and action, a known logging policy and target policies. Shared by the
 * estimator tests and bench/evaluation.ts.
 */
import * as LoggedData from "../../src/evaluation/LoggedData.js"
import * as OffPolicy from "../../src/evaluation/OffPolicy.js"
import * as TargetPolicy from "../../src/evaluation/TargetPolicy.js"
import { fromSeed, nextDouble, nextInt, type Rng } from "../../src/kernel/Random.js"

export const ACTIONS = ["a", "b", "c"] as const
/** the true click rate of each action in context x = 0…3 */
export const CTR: ReadonlyArray<Readonly<Record<string, number>>> = [
  { a: 0.1, b: 0.3, c: 0.2 },
  { a: 0.4, b: 0.1, c: 0.2 },
  { a: 0.2, b: 0.2, c: 0.5 },
  { a: 0.05, b: 0.6, c: 0.3 }
]
/** the logging policy: probabilities per context, at least 0.1 */
export const LOGGING: ReadonlyArray<Readonly<Record<string, number>>> = [
  { a: 0.6, b: 0.3, c: 0.1 },
  { a: 0.2, b: 0.5, c: 0.3 },
  { a: 0.1, b: 0.1, c: 0.8 },
  { a: 0.5, b: 0.25, c: 0.25 }
]
/** a stochastic target: mostly the best action of each context */
export const TARGET_TABLE: ReadonlyArray<Readonly<Record<string, number>>> = [
  { a: 0.1, b: 0.8, c: 0.1 },
  { a: 0.8, b: 0.1, c: 0.1 },
  { a: 0.1, b: 0.1, c: 0.8 },
  { a: 0.1, b: 0.8, c: 0.1 }
]

const xOf = (context: LoggedData.Round["context"]): number => context["x"] as number

export const target: TargetPolicy.TargetPolicy = (context) => TARGET_TABLE[xOf(context)] as TargetPolicy.Distribution
/** the best action of each context, deterministically */
export const greedy: TargetPolicy.TargetPolicy = TargetPolicy.deterministic(
  (context) => (["b", "a", "c", "b"] as const)[xOf(context)]
)
/** the true reward model */
export const trueModel: OffPolicy.RewardModel = (context, action) =>
  (CTR[xOf(context)] as Record<string, number>)[action] ?? 0

/** the true value of a policy (contexts uniform) */
export const truth = (policy: TargetPolicy.TargetPolicy): number => {
  let v = 0
  for (let x = 0; x < 4; x++) {
    const d = policy({ x }, 1)
    for (const a of ACTIONS) v += ((d[a] ?? 0) * (CTR[x] as Record<string, number>)[a]!) / 4
  }
  return v
}

const CONTEXTS = [0, 1, 2, 3].map((x) => ({ x }))

/** n rounds of the logging policy, seeded */
export const syntheticLog = (n: number, seed: number | string): LoggedData.LoggedData => {
  let rng: Rng = fromSeed(seed)
  const rounds: Array<LoggedData.Round> = []
  for (let i = 0; i < n; i++) {
    const [x, r1] = nextInt(rng, 4)
    const [u, r2] = nextDouble(r1)
    const [v, r3] = nextDouble(r2)
    rng = r3
    const logging = LOGGING[x] as Record<string, number>
    let acc = 0
    let action: string = "c"
    for (const a of ACTIONS) {
      acc += logging[a] as number
      if (u < acc) {
        action = a
        break
      }
    }
    const reward = v < ((CTR[x] as Record<string, number>)[action] as number) ? 1 : 0
    rounds.push({ context: CONTEXTS[x]!, action, position: 1, reward, loggingProbability: logging[action] as number })
  }
  return LoggedData.fromRounds(rounds, ACTIONS)
}

export interface Coverage {
  readonly seeds: number
  readonly truth: number
  /** mean estimate over the seeds */
  readonly mean: number
  /** standard deviation of the estimates over the seeds */
  readonly sd: number
  /** share of seeds whose normal interval holds the truth */
  readonly normal: number
  /** share of seeds whose bootstrap interval holds the truth (NaN without resamples) */
  readonly bootstrap: number
}

/** runs an estimator over `seeds` synthetic logs of `n` rounds and measures its intervals' coverage */
export const coverage = (
  estimate: (data: LoggedData.LoggedData, seed: number) => OffPolicy.OffPolicy,
  value: number,
  seeds: number,
  n: number
): Coverage => {
  const xs: Array<number> = []
  let normal = 0
  let bootstrap = 0
  for (let s = 0; s < seeds; s++) {
    const e = estimate(syntheticLog(n, `synthetic-${s}`), s)
    xs.push(e.value)
    if (e.normal[0] <= value && value <= e.normal[1]) normal++
    if (e.bootstrap[0] <= value && value <= e.bootstrap[1]) bootstrap++
  }
  const mean = xs.reduce((a, b) => a + b, 0) / seeds
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1))
  return { seeds, truth: value, mean, sd, normal: normal / seeds, bootstrap: bootstrap / seeds }
}
