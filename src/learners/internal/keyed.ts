/**
 * Internal (not part of the public surface): a fast path of `Models.learnMany`. A learner may register how it learns the responses
 * of many models in one pass, in the responses' order (for naive Bayes, this keeps the reads of
 * the responses' features in the order they were made, instead of one model at a time).
 *
 * Law: the states it returns are, key by key, those of `learner.learnAll(current(key), the key's
 * responses in order)`; it may decline (return `null`), and `learnMany` then takes the general
 * path.
 *
 * @since 0.1.0
 */
import type { Learner, Observation } from "../Learner.js"

/**
 * The new state of every key that has responses; `null` to decline.
 *
 * @category model
 * @since 0.1.0
 */
export type LearnKeyed<S> = (current: (key: string) => S, responses: ReadonlyArray<readonly [string, Observation]>) => ReadonlyMap<string, S> | null

// learners are values: a weak registry attaches the fast path without changing the `Learner` interface
const registry = new WeakMap<object, LearnKeyed<unknown>>()

/**
 * The learner, with its keyed fast path registered.
 *
 * @category constructors
 * @since 0.1.0
 */
export const withKeyedLearning = <S, L extends Learner<S>>(learner: L, learnKeyed: LearnKeyed<S>): L => {
  registry.set(learner, learnKeyed as LearnKeyed<unknown>)
  return learner
}

/**
 * The keyed fast path of a learner, if it registered one.
 *
 * @category utils
 * @since 0.1.0
 */
export const keyedLearning = <S>(learner: Learner<S>): LearnKeyed<S> | undefined => registry.get(learner) as LearnKeyed<S> | undefined
