/**
 * Target policies for off-policy evaluation: the policy one would like to have run, as the
 * probability of each action per context and position (a top-N slate has one distribution per
 * position: the marginal probability that the action is shown there).
 *
 * - `uniform`, `deterministic`, `fixed`: by hand;
 * - `slateFrequencies`, `betaRanking`: context-free slate policies estimated by seeded Monte Carlo
 *   (e.g. Bernoulli Thompson sampling: rank the actions by one Beta draw each);
 * - `fromStrategy`: a nextbest strategy (catalog + models + options), by seeded Monte Carlo over
 *   the decision's seed: `nextBestAction` is run `draws` times per context, with seeds derived
 *   from `seed`, the order in which contexts are first asked about and the draw, and each
 *   action's share of the draws at each rank is its probability there. When the first decision's
 *   choices are all `deterministic` (no randomness in the strategy), one run suffices and its
 *   choices have probability 1. The selection probabilities a decision records are used on the
 *   logging side (`LoggedData.fromRecords`); they give only the chosen action's probability, and a
 *   target needs the logged action's.
 *
 * Laws: every distribution's probabilities are ≥ 0 and sum to at most 1 (less when the policy may
 * leave a position empty); `slateFrequencies` and `fromStrategy` are deterministic by seed.
 *
 * @since 0.1.0
 */
import type { Catalog } from "../catalog/Catalog.js"
import { nextBestAction } from "../decide/NextBestAction.js"
import type { Request } from "../decide/Request.js"
import { beta } from "../kernel/Distributions.js"
import { derive, fromSeed, type Rng } from "../kernel/Random.js"
import { misuse } from "../kernel/internal/misuse.js"
import type { Features } from "../learners/Learner.js"
import type { Models } from "../learners/Models.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The probability of each action at one position (absent actions: 0).
 *
 * @category model
 * @since 0.1.0
 */
export type Distribution = Readonly<Record<string, number>>

/**
 * A target policy: the distribution of the action shown at `position` (from 1) in `context`.
 *
 * @category model
 * @since 0.1.0
 */
export type TargetPolicy = (context: Features, position: number) => Distribution

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const EMPTY: Distribution = {}

/**
 * Every action with the same probability at every position (the marginal of a uniformly random
 * slate without repetition).
 *
 * @example
 * import { TargetPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.deepStrictEqual(TargetPolicy.uniform(["a", "b"])({}, 1), { a: 0.5, b: 0.5 })
 *
 * @category constructors
 * @since 0.1.0
 */
export const uniform = (actions: ReadonlyArray<string>): TargetPolicy => {
  const distinct = [...new Set(actions)]
  const d: Record<string, number> = {}
  for (const a of distinct) d[a] = 1 / distinct.length
  return () => d
}

/**
 * A deterministic policy: the action `choose` returns has probability 1 (none: an empty position).
 *
 * @category constructors
 * @since 0.1.0
 */
export const deterministic =
  (choose: (context: Features, position: number) => string | undefined): TargetPolicy =>
  (context, position) => {
    const a = choose(context, position)
    return a === undefined ? EMPTY : { [a]: 1 }
  }

/**
 * A context-free policy: `perPosition[p − 1]` at position p, nothing beyond.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fixed =
  (perPosition: ReadonlyArray<Distribution>): TargetPolicy =>
  (_context, position) =>
    perPosition[position - 1] ?? EMPTY

/**
 * Options of the Monte Carlo estimates.
 *
 * @category model
 * @since 0.1.0
 */
export interface MonteCarlo {
  /** how many draws (default 100,000 for context-free slates, 100 per context for strategies) */
  readonly draws?: number
  readonly seed?: number | string
  /** how many positions to keep (default: all a draw returns) */
  readonly positions?: number
}

/**
 * The per-position action frequencies of a random slate, from `draws` seeded draws: `draw`
 * returns one slate (actions in position order) and the next generator.
 *
 * @category constructors
 * @since 0.1.0
 */
export const slateFrequencies = (
  draw: (rng: Rng) => readonly [ReadonlyArray<string>, Rng],
  options: MonteCarlo = {}
): ReadonlyArray<Distribution> => {
  const draws = Math.max(1, Math.floor(options.draws ?? 100_000))
  const limit = options.positions ?? Infinity
  let rng = fromSeed(options.seed ?? 0)
  const counts: Array<Map<string, number>> = []
  for (let k = 0; k < draws; k++) {
    const [slate, next] = draw(rng)
    rng = next
    const n = Math.min(limit, slate.length)
    for (let p = 0; p < n; p++) {
      const m = counts[p] ?? (counts[p] = new Map())
      const a = slate[p] as string
      m.set(a, (m.get(a) ?? 0) + 1)
    }
  }
  return counts.map((m) => {
    const d: Record<string, number> = {}
    for (const [a, c] of [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) d[a] = c / draws
    return d
  })
}

/**
 * The per-position distribution of a Bernoulli Thompson sampling slate: each draw takes one
 * `Beta(alpha[i], beta[i])` sample per action, ranks the actions by it (highest first) and fills
 * positions 1…`positions` (default 3) in order. Estimated by `slateFrequencies`. Throws
 * (programming mistake) when the arrays differ in length.
 *
 * @example
 * import { TargetPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const [first] = TargetPolicy.betaRanking(["a", "b"], [90, 10], [10, 90], { draws: 1000, positions: 1 })
 * assert.ok((first?.["a"] ?? 0) > 0.99)
 *
 * @category constructors
 * @since 0.1.0
 */
export const betaRanking = (
  actions: ReadonlyArray<string>,
  alpha: ReadonlyArray<number>,
  betaShape: ReadonlyArray<number>,
  options: MonteCarlo = {}
): ReadonlyArray<Distribution> => {
  if (alpha.length !== actions.length || betaShape.length !== actions.length)
    misuse("TargetPolicy.betaRanking", "actions, alpha and beta must have the same length")
  const k = Math.min(options.positions ?? 3, actions.length)
  const draw = (rng: Rng): readonly [ReadonlyArray<string>, Rng] => {
    let r = rng
    // keep the top k by a partial insertion (k is small)
    const topValue: Array<number> = []
    const topIndex: Array<number> = []
    for (let i = 0; i < actions.length; i++) {
      const [x, next] = beta(r, alpha[i] as number, betaShape[i] as number)
      r = next
      let j: number
      if (topValue.length < k) {
        topValue.push(x)
        topIndex.push(i)
        j = topValue.length - 1
      } else if (x > (topValue[k - 1] as number)) {
        j = k - 1
      } else continue
      while (j > 0 && (topValue[j - 1] as number) < x) {
        topValue[j] = topValue[j - 1] as number
        topIndex[j] = topIndex[j - 1] as number
        j--
      }
      topValue[j] = x
      topIndex[j] = i
    }
    return [topIndex.map((i) => actions[i] as string), r]
  }
  return slateFrequencies(draw, { ...options, positions: k })
}

/**
 * A nextbest strategy as a target policy, by seeded Monte Carlo over the decision's seed (see the
 * module header): `request(context)` builds the request for a logged context (its subject,
 * channel or placement, `now` and options; its seed is replaced). Distributions are per rank of
 * the decision's actions (one slot: use `limit` for top-N) and cached per context object.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromStrategy = <S>(
  catalog: Catalog,
  models: Models<S>,
  request: (context: Features) => Request,
  options: MonteCarlo = {}
): TargetPolicy => {
  const draws = Math.max(1, Math.floor(options.draws ?? 100))
  const base = fromSeed(options.seed ?? 0)
  const cache = new WeakMap<Features, ReadonlyArray<Distribution>>()
  let contexts = 0
  const distributions = (context: Features): ReadonlyArray<Distribution> => {
    const cached = cache.get(context)
    if (cached !== undefined) return cached
    const req = request(context)
    const stream = derive(base, String(contexts++))
    const counts: Array<Record<string, number>> = []
    let runs = 0
    for (let k = 0; k < draws; k++) {
      const seed = `${stream.s0}:${stream.s1}:${k}`
      // the target's actions only: its own selection probabilities are not needed (same decision)
      const decision = nextBestAction(catalog, models, {
        ...req,
        seed,
        options: { ...req.options, selectionQuadrature: false }
      })
      runs++
      for (const choice of decision.actions) {
        const d = counts[choice.rank - 1] ?? (counts[choice.rank - 1] = {})
        d[choice.actionId] = (d[choice.actionId] ?? 0) + 1
      }
      if (k === 0 && decision.actions.every((a) => a.selectionMethod === "deterministic")) break
    }
    const out = counts.map((d) => {
      const p: Record<string, number> = {}
      for (const a of Object.keys(d)) p[a] = (d[a] as number) / runs
      return p
    })
    cache.set(context, out)
    return out
  }
  return (context, position) => distributions(context)[position - 1] ?? EMPTY
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The probability a policy gives `action` at `position` in `context` (0 when absent).
 *
 * @category utils
 * @since 0.1.0
 */
export const probability = (policy: TargetPolicy, context: Features, position: number, action: string): number => {
  const d = policy(context, position)
  return Object.prototype.hasOwnProperty.call(d, action) ? (d[action] as number) : 0
}
