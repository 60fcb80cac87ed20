/**
 * Baseline selection policies over K candidates with exactly known selection probabilities:
 * greedy, ε-greedy and uniform random. They choose one of K candidates from their priorities (or
 * propensities) and say with what probability each candidate would have been chosen — what
 * off-policy evaluation needs, and the baselines a learned policy is compared with.
 *
 * - Greedy: the candidate with the highest priority; ties go to the lowest index. Non-finite
 *   priorities (NaN) rank below every finite one.
 * - ε-greedy: with probability ε a uniformly random candidate, else the greedy one — the greedy
 *   candidate has probability `1 − ε + ε/K`, every other `ε/K` (K = 4, ε = 0.4 gives
 *   `[0.7, 0.1, 0.1, 0.1]`, as Vowpal Wabbit's `--cb_explore`).
 * - Uniform random: every candidate `1/K`, whatever the priorities.
 *
 * Laws: `selectionProbabilities` sums to 1 for K ≥ 1 (and is empty for K = 0); `select` returns an
 * index with the probability `selectionProbabilities` gives it, and over many seeds chooses each
 * index with that frequency.
 *
 * @since 0.1.0
 */
import { misuse } from "../kernel/internal/misuse.js"
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
    readonly UniformRandom: () => R
  }) =>
  (policy: SelectionPolicy): R => {
    switch (policy._tag) {
      case "Greedy":
        return cases.Greedy()
      case "EpsilonGreedy":
        return cases.EpsilonGreedy(policy.epsilon)
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
    UniformRandom: () => priorities.map(() => 1 / k)
  })(policy)
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
    UniformRandom: () => {
      const [i, next] = nextInt(rng, k)
      return pick(i, next)
    }
  })(policy)
}
