/**
 * The one interface every propensity learner implements, so that the decision pipeline and the
 * feedback reducer work with any of them — Thompson sampling, adaptive naive Bayes, an external
 * score, or one of the user's own.
 *
 * A learner is a value, not a class: its empty state, how it scores, how it learns, how two of
 * its states merge, and the codec of its state.
 *
 * Laws every learner satisfies (checked by one shared property suite):
 * - `merge` is associative and commutative, and `empty` is its identity (a commutative monoid,
 *   exactly so on integer counts).
 * - Learning `xs` then `ys` from `empty` equals `merge(learnAll(empty, xs), learnAll(empty, ys))`.
 * - `codec.decode(codec.encode(s))` is `s`.
 * - `score` is deterministic for the same state, features and rng; propensities lie in [0, 1].
 *
 * @since 0.1.0
 */
import type * as t from "io-ts/lib/index.js"
import type { Rng } from "../kernel/Random.js"
import type { Instant } from "../kernel/Time.js"
import type { KeyedLearning } from "./internal/keyed.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One predictor value as a model sees it; `null` or absent is "missing".
 *
 * @category model
 * @since 0.1.0
 */
export type FeatureValue = number | string | boolean | null

/**
 * The predictors of one decision, by name (e.g. `"subject.age"`, `"context.device"`).
 *
 * @category model
 * @since 0.1.0
 */
export type Features = Readonly<Record<string, FeatureValue | undefined>>

/**
 * What the action's catalog entry says about a model that has not learned much yet: the
 * starting propensity `p0` and the starting evidence `n0` it is worth.
 *
 * @category model
 * @since 0.1.0
 */
export interface Prior {
  readonly propensity: number
  readonly evidence: number
}

/**
 * A learner's answer for one action and one subject.
 *
 * @category model
 * @since 0.1.0
 */
export interface Score {
  /** the model's estimate of the response probability, in [0, 1] */
  readonly propensity: number
  /** the propensity to decide with: an exploration draw around `propensity`, or `propensity` itself for learners that
   * do not explore */
  readonly explored: number
  /** the number of responses the estimate rests on */
  readonly evidence: number
  /**
   * the learner's raw score that `propensity` was read from, for learners that calibrate scores
   * (naive Bayes: the averaged log-odds). Decisions record it so that the response can be
   * counted against the score the model gave at decision time.
   */
  readonly modelScore?: number
  /**
   * the Beta distribution `explored` was drawn from, for learners that explore by a Thompson draw:
   * lets the pipeline re-draw exploration cheaply (e.g. to estimate selection probabilities by
   * Monte Carlo) without scoring the model again. `uniform` (naive Bayes' exploration floor): with
   * this probability the draw is uniform on [0, 1] instead — drawn after the Beta, from the
   * generator the Beta draw returned (one double: below `uniform`, then one more for the value)
   */
  readonly exploration?: { readonly alpha: number; readonly beta: number; readonly uniform?: number }
  /**
   * true when `explored` differs from `propensity` without a draw — a function of the state and
   * the features alone (LinUCB's upper bound): the pipeline then counts the candidate as fixed, and
   * a greedy decision over such scores is deterministic (selection probability 1). Absent: a
   * different `explored` is taken to be a draw.
   */
  readonly deterministic?: boolean
}

/**
 * One response to learn from: the features the model saw at decision time, whether the outcome
 * was positive, and when it happened (for learners that forget).
 *
 * @category model
 * @since 0.1.0
 */
export interface Observation {
  readonly features: Features
  readonly positive: boolean
  readonly at: Instant
  /** the raw score the model gave at decision time (`Score.modelScore`), when the decision recorded it */
  readonly modelScore?: number
}

/**
 * What a learner's `forKey` gives for one model key: that model's empty state and state codec.
 *
 * @category model
 * @since 0.1.0
 */
export interface KeyedModel<S> {
  readonly empty: S
  readonly codec: t.Type<S, unknown, unknown>
}

/**
 * A propensity learner over states of type `S`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Learner<S> {
  /** a short name for traces and snapshots, e.g. `"thompson"`, `"naiveBayes"` */
  readonly name: string
  /** the state before any response */
  readonly empty: S
  /** scores one subject; draws (if any) come from `rng`, and the next rng is returned */
  readonly score: (state: S, features: Features, rng: Rng, prior?: Prior) => readonly [Score, Rng]
  /** the state after one more response */
  readonly learn: (state: S, observation: Observation) => S
  /** the state after many responses, in order; equal to folding `learn`, and free to be faster */
  readonly learnAll: (state: S, observations: ReadonlyArray<Observation>) => S
  /** combines states learned from disjoint sets of responses (a commutative monoid with `empty`) */
  readonly merge: (x: S, y: S) => S
  /** between a state and its JSON snapshot */
  readonly codec: t.Type<S, unknown, unknown>
  /**
   * The feature names `score` and `learn` read (naive Bayes: its predictors; Thompson sampling:
   * none). Decision records keep only these features (and those the catalog's `recordFeatures`
   * adds), so a record stays small whatever the width of the profile. Absent: the learner may read
   * any feature, and records keep them all.
   */
  readonly reads?: ReadonlyArray<string>
  /**
   * For learners whose models differ by model key (`Routed`: one learner per action): the empty
   * state and the state codec of the model `key`. `Models` uses them when present — for a key
   * never learned (`Models.stateOf`, so scoring and learning a new key start from its own empty
   * state) and to decode a snapshot's state of that key (so a state that belongs to another key's
   * learner is reported with its path). Absent: `empty` and `codec` serve every key.
   */
  readonly forKey?: (key: string) => KeyedModel<S>
  /**
   * Internal, not for users (may change in any release): a one-pass fast path for many models'
   * responses, which `Models.learnMany` takes when present. A pass that accepts every response
   * must give, key by key, the state of `learnAll(current(key), the key's responses in order)`;
   * it may decline one (the caller then takes the general path). A learner without one is learned
   * model by model through `learnAll`.
   *
   * @internal
   */
  readonly learnKeyed?: KeyedLearning<S, Features>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * `learnAll` by folding `learn`, for learners with nothing faster to offer.
 *
 * @category utils
 * @since 0.1.0
 */
export const foldLearn =
  <S>(learn: (state: S, observation: Observation) => S) =>
  (state: S, observations: ReadonlyArray<Observation>): S => {
    let current = state
    for (const observation of observations) current = learn(current, observation)
    return current
  }
