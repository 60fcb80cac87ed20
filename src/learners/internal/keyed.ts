/**
 * Internal (not part of the public surface): the one-pass fast path for learning many models'
 * responses, `Learner.learnKeyed`. A learner may offer it to learn them in one pass, in the
 * responses' order, straight from their parts (for naive Bayes, this reads the responses'
 * features in the order they were made, instead of one model at a time, and allocates no working
 * state per response). `Models.learnMany` uses it when the learner has one.
 *
 * Law: a pass that accepts every response gives, key by key, the state of
 * `learner.learnAll(current(key), the key's responses in order)`. A pass may decline a response
 * (`add` returns false); the caller then drops the pass and takes the general path.
 *
 * @internal
 * @since 0.1.0
 */
import type { Instant } from "../../kernel/Time.js"

/** one pass over many models' responses (`F`: the features type, `Learner.Features`) */
export interface KeyedPass<S, F> {
  /** adds a response to the model `key`; false when the learner declines it (drop the pass) */
  readonly add: (key: string, features: F, positive: boolean, at: Instant, modelScore: number | undefined) => boolean
  /** the new state of every key that has responses */
  readonly finish: () => ReadonlyMap<string, S>
}

/** starts a pass from the current states */
export type KeyedLearning<S, F> = (current: (key: string) => S) => KeyedPass<S, F>

/** states with the learned ones set (a copy) */
export const withLearned = <S>(
  states: Readonly<Record<string, S>>,
  learned: ReadonlyMap<string, S>
): Record<string, S> => {
  const out: Record<string, S> = { ...states }
  for (const [key, state] of learned)
    Object.defineProperty(out, key, { value: state, enumerable: true, writable: true, configurable: true })
  return out
}
