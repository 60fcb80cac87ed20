/**
 * Internal (not part of the public surface): a fast path for learning many models' responses. A
 * learner may register how it learns them in one pass, in the responses' order, straight from
 * their parts (for naive Bayes, this reads the responses' features in the order they were made,
 * instead of one model at a time, and allocates no observation per response). `Models.learnMany`
 * and `Feedback.learnAll` use it when the learner has one.
 *
 * Law: a pass that accepts every response gives, key by key, the state of
 * `learner.learnAll(current(key), the key's responses in order)`. A pass may decline a response
 * (`add` returns false); the caller then drops the pass and takes the general path.
 *
 * @internal
 */
import type { Instant } from "../../kernel/Time.js"
import type { Features, Learner } from "../Learner.js"

/** one pass over many models' responses */
export interface KeyedPass<S> {
  /** adds a response to the model `key`; false when the learner declines it (drop the pass) */
  readonly add: (key: string, features: Features, positive: boolean, at: Instant, modelScore: number | undefined) => boolean
  /** the new state of every key that has responses */
  readonly finish: () => ReadonlyMap<string, S>
}

/** starts a pass from the current states */
export type KeyedLearning<S> = (current: (key: string) => S) => KeyedPass<S>

// learners are values: a weak registry attaches the fast path without changing the `Learner` interface
const registry = new WeakMap<object, KeyedLearning<unknown>>()

/** the learner, with its keyed fast path registered */
export const withKeyedLearning = <S, L extends Learner<S>>(learner: L, learning: KeyedLearning<S>): L => {
  registry.set(learner, learning as KeyedLearning<unknown>)
  return learner
}

/** the keyed fast path of a learner, if it registered one */
export const keyedLearning = <S>(learner: Learner<S>): KeyedLearning<S> | undefined => registry.get(learner) as KeyedLearning<S> | undefined

/** states with the learned ones set (a copy) */
export const withLearned = <S>(states: Readonly<Record<string, S>>, learned: ReadonlyMap<string, S>): Record<string, S> => {
  const out: Record<string, S> = { ...states }
  for (const [key, state] of learned) Object.defineProperty(out, key, { value: state, enumerable: true, writable: true, configurable: true })
  return out
}
