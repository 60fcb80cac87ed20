/**
 * Selection policies over K candidates with exactly known selection probabilities: greedy,
 * ε-greedy, inverse gap weighting and uniform random. They choose one of K candidates from their priorities (or
 * propensities) and say with what probability each candidate would have been chosen — what
 * off-policy evaluation needs, and the baselines a learned policy is compared with.
 *
 * - Greedy: the candidate with the highest priority; ties go to the lowest index. Non-finite
 *   priorities (NaN) rank below every finite one.
 * - ε-greedy: with probability ε a uniformly random candidate, else the greedy one — the greedy
 *   candidate has probability `1 − ε + ε/K`, every other `ε/K` (K = 4, ε = 0.4 gives
 *   `[0.7, 0.1, 0.1, 0.1]`, as Vowpal Wabbit's `--cb_explore`).
 * - Inverse gap weighting (Abe & Long 1999; Foster & Rakhlin 2020's SquareCB; Eppo's contextual
 *   bandits): every candidate but the best has probability `max(f, 1 / (K + γ·(best − score)))`,
 *   the best (the greedy one) the rest — the further a candidate's score falls below the best, the
 *   less it is tried; γ = 0 is uniform random, a large γ is nearly greedy. `f` is the floor (at
 *   most 1/K: a larger floor is taken as 1/K); a non-finite score (NaN, −∞) has a gap of +∞ and
 *   gets the floor. K = 3, γ = 4, scores (0.75, 0.5, 0.25), floor 0: `(1 − 1/4 − 1/5, 1/4, 1/5)`.
 * - Uniform random: every candidate `1/K`, whatever the priorities.
 *
 * Laws: `selectionProbabilities` sums to 1 for K ≥ 1 (and is empty for K = 0); under inverse gap
 * weighting every probability is at least the floor (`min(f, 1/K)`) and the best candidate's is
 * the largest; `select` returns an index with the probability `selectionProbabilities` gives it,
 * and over many seeds chooses each index with that frequency.
 *
 * @since 0.1.0
 */
import { misuse } from "../kernel/internal/misuse.js"
import { inverseGapInto } from "./internal/inverseGap.js"
import { nextDouble, nextInt, type Rng } from "../kernel/Random.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A selection policy.
 *
 * @category model
 * @since 0.1.0
 */
export type SelectionPolicy =
  | { readonly _tag: "Greedy" }
  | { readonly _tag: "EpsilonGreedy"; readonly epsilon: number }
  | { readonly _tag: "InverseGap"; readonly gamma: number; readonly floor: number }
  | { readonly _tag: "UniformRandom" }

/**
 * One choice: the candidate's index and the probability the policy had of choosing it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Selection {
  readonly index: number
  readonly probability: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Always the best candidate.
 *
 * @category constructors
 * @since 0.1.0
 */
export const greedy: SelectionPolicy = { _tag: "Greedy" }

/**
 * ε-greedy; throws when ε is not in [0, 1] (a programming mistake).
 *
 * @category constructors
 * @since 0.1.0
 */
export const epsilonGreedy = (epsilon: number): SelectionPolicy => {
  if (!(typeof epsilon === "number" && epsilon >= 0 && epsilon <= 1))
    misuse("SelectionPolicy.epsilonGreedy", "epsilon must lie in [0, 1]")
  return { _tag: "EpsilonGreedy", epsilon }
}

/**
 * Inverse gap weighting with the scale γ ≥ 0 and a floor in [0, 1] on every probability (default
 * 0; a floor above 1/K acts as 1/K); throws on other values (a programming mistake).
 *
 * @example
 * import { SelectionPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * // K = 3, γ = 4: gaps 0.25 and 0.5 give 1/(3 + 1) and 1/(3 + 2); the best takes the rest
 * const p = SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(4), [0.75, 0.5, 0.25])
 * assert.deepStrictEqual(p, [1 - 1 / 4 - 1 / 5, 1 / 4, 1 / 5])
 * // a floor of 0.25 raises the last one's 1/5
 * const floored = SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(4, 0.25), [0.75, 0.5, 0.25])
 * assert.deepStrictEqual(floored, [0.5, 0.25, 0.25])
 *
 * @category constructors
 * @since 0.1.0
 */
export const inverseGap = (gamma: number, floor = 0): SelectionPolicy => {
  if (!(typeof gamma === "number" && Number.isFinite(gamma) && gamma >= 0))
    misuse("SelectionPolicy.inverseGap", "gamma must be a non-negative finite number")
  if (!(typeof floor === "number" && floor >= 0 && floor <= 1))
    misuse("SelectionPolicy.inverseGap", "floor must lie in [0, 1]")
  return { _tag: "InverseGap", gamma, floor }
}

/**
 * Every candidate equally likely.
 *
 * @category constructors
 * @since 0.1.0
 */
export const uniformRandom: SelectionPolicy = { _tag: "UniformRandom" }

/**
 * Pattern match on a policy.
 *
 * @category destructors
 * @since 0.1.0
 */
export const match =
  <R>(cases: {
    readonly Greedy: () => R
    readonly EpsilonGreedy: (epsilon: number) => R
    readonly InverseGap: (gamma: number, floor: number) => R
    readonly UniformRandom: () => R
  }) =>
  (policy: SelectionPolicy): R => {
    switch (policy._tag) {
      case "Greedy":
        return cases.Greedy()
      case "EpsilonGreedy":
        return cases.EpsilonGreedy(policy.epsilon)
      case "InverseGap":
        return cases.InverseGap(policy.gamma, policy.floor)
      case "UniformRandom":
        return cases.UniformRandom()
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The index of the highest priority, the lowest index among ties; NaN ranks last; -1 when empty.
 *
 * @category operations
 * @since 0.1.0
 */
export const argmax = (priorities: ReadonlyArray<number>): number => {
  let best = -1
  let bestValue = NaN
  for (let i = 0; i < priorities.length; i++) {
    const v = priorities[i] as number
    if (best === -1 || v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) {
      best = i
      bestValue = v
    }
  }
  return best
}

/**
 * The probability with which the policy chooses each candidate.
 *
 * @example
 * import { SelectionPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.deepStrictEqual(
 *   SelectionPolicy.selectionProbabilities(SelectionPolicy.epsilonGreedy(0.4), [0.9, 0.2, 0.5, 0.1]),
 *   [0.7, 0.1, 0.1, 0.1]
 * )
 * assert.deepStrictEqual(SelectionPolicy.selectionProbabilities(SelectionPolicy.uniformRandom, [3, 1]), [0.5, 0.5])
 *
 * @category operations
 * @since 0.1.0
 */
export const selectionProbabilities = (
  policy: SelectionPolicy,
  priorities: ReadonlyArray<number>
): ReadonlyArray<number> => {
  const k = priorities.length
  if (k === 0) return []
  return match<ReadonlyArray<number>>({
    Greedy: () => {
      const best = argmax(priorities)
      return priorities.map((_, i) => (i === best ? 1 : 0))
    },
    EpsilonGreedy: (epsilon) => {
      const best = argmax(priorities)
      const other = epsilon / k
      return priorities.map((_, i) => (i === best ? 1 - epsilon + other : other))
    },
    InverseGap: (gamma, floor) => {
      const out = new Array<number>(k).fill(0)
      inverseGapInto(priorities, k, argmax(priorities), gamma, floor, out)
      return out
    },
    UniformRandom: () => priorities.map(() => 1 / k)
  })(policy)
}

/** the index whose cumulative probability first exceeds u (the last one with a positive probability on rounding) */
const drawIndex = (probabilities: ReadonlyArray<number>, u: number): number => {
  let acc = 0
  let last = 0
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number
    if (p <= 0) continue
    last = i
    acc += p
    if (u < acc) return i
  }
  return last
}

/**
 * Chooses one candidate, drawing from `rng`; `null` when there is none.
 *
 * @example
 * import { Random, SelectionPolicy } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const [choice] = SelectionPolicy.select(
 *   SelectionPolicy.epsilonGreedy(0.1),
 *   [0.2, 0.8, 0.5],
 *   Random.fromSeed("decision-7")
 * )
 * assert.ok(choice !== null)
 * assert.ok(
 *   choice.index === 1
 *     ? Math.abs(choice.probability - (0.9 + 0.1 / 3)) < 1e-12
 *     : Math.abs(choice.probability - 0.1 / 3) < 1e-12
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const select = (
  policy: SelectionPolicy,
  priorities: ReadonlyArray<number>,
  rng: Rng
): readonly [Selection | null, Rng] => {
  const k = priorities.length
  if (k === 0) return [null, rng]
  const probabilities = selectionProbabilities(policy, priorities)
  const pick = (index: number, next: Rng): readonly [Selection, Rng] => [
    { index, probability: probabilities[index] as number },
    next
  ]
  return match<readonly [Selection | null, Rng]>({
    Greedy: () => pick(argmax(priorities), rng),
    EpsilonGreedy: (epsilon) => {
      const [u, r1] = nextDouble(rng)
      if (u < epsilon) {
        const [i, r2] = nextInt(r1, k)
        return pick(i, r2)
      }
      return pick(argmax(priorities), r1)
    },
    InverseGap: () => {
      const [u, next] = nextDouble(rng)
      return pick(drawIndex(probabilities, u), next)
    },
    UniformRandom: () => {
      const [i, next] = nextInt(rng, k)
      return pick(i, next)
    }
  })(policy)
}
