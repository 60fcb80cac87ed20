/**
 * The global learning state: one learner state per model key (by default action × channel),
 * together with the learner that reads and writes them.
 *
 * Model keys: the default key of an action on a channel is `actionId@channel`, readable and
 * stable ("Gold" on "web" is "Gold@web", as it always was). To keep it unambiguous the separator is
 * refused rather than encoded: a channel name may not contain `@` (an action id may), so a key
 * splits at its last `@` — "Gold@web" on "app" is "Gold@web@app", and "Gold" on "web@app", which
 * would give the same key, is refused. Catalog decoding and the request and event codecs report
 * such a channel as `invalid_value` (naming the character and the key), `Action.channel` and
 * `Action.action` throw a `TypeError`. Other internal keys (issue × group, …) join their parts with
 * U+0000, which no action id, channel, issue or group name may contain. Encoding (escaping `@`)
 * was not chosen: it would change the keys, and so the stored states, of every id that contains
 * the escape character, and make keys harder to read. An action that names a shared model
 * (`Action.model`) uses `model@channel` (`modelKey(model, channel)`) instead of its own key; the
 * catalog refuses a model name with `@` or U+0000, or equal to one of its action ids, so a shared
 * key is never an action's own.
 *
 * Laws: for a fixed learner, `getMonoid(learner)` is a commutative monoid (key-wise `merge`,
 * identity `empty(learner)`), because each learner's `merge` is; `decode ∘ encode` is the identity
 * on states; `modelKey` is total, and injective on the names the boundary accepts (distinct
 * action × channel pairs whose channel has no `@` give distinct keys).
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, failure, type DecodeError } from "../kernel/DecodeError.js"
import { pushErrors, sortedKeys, unknownKeys } from "../kernel/internal/codec.js"
import type { Rng } from "../kernel/Random.js"
import type { Features, Learner, Observation, Prior, Score } from "./Learner.js"
import { withLearned } from "./internal/keyed.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Names one model: by default `actionId@channel`, or `model@channel` for a shared model (see
 * `modelKey`; a channel never contains `@`).
 *
 * @category model
 * @since 0.1.0
 */
export type ModelKey = string

/**
 * The learner and its states by model key. Plain data apart from the learner: store
 * `encode(models)` wherever the application keeps state.
 *
 * @category model
 * @since 0.1.0
 */
export interface Models<S> {
  readonly learner: Learner<S>
  readonly states: Readonly<Record<ModelKey, S>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The default model key of an action on a channel: `actionId@channel`. Total; injective on
 * channels without `@`, the only ones a catalog accepts (the key splits at its last `@`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const modelKey = (actionId: string, channel: string): ModelKey => `${actionId}@${channel}`

/**
 * No model has learned anything yet.
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty = <S>(learner: Learner<S>): Models<S> => ({ learner, states: {} })

/**
 * Models from known states.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromStates = <S>(learner: Learner<S>, states: Readonly<Record<ModelKey, S>>): Models<S> => ({
  learner,
  states
})

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const hasOwn = Object.prototype.hasOwnProperty

/**
 * The state of one model; the learner's empty state for a key never learned (the key's own,
 * `learner.forKey(key).empty`, when the learner differs by key).
 *
 * @category operations
 * @since 0.1.0
 */
export const stateOf = <S>(models: Models<S>, key: ModelKey): S =>
  hasOwn.call(models.states, key)
    ? (models.states[key] as S)
    : models.learner.forKey === undefined
      ? models.learner.empty
      : models.learner.forKey(key).empty

/**
 * Scores one model.
 *
 * @category operations
 * @since 0.1.0
 */
export const score = <S>(
  models: Models<S>,
  key: ModelKey,
  features: Features,
  rng: Rng,
  prior?: Prior
): readonly [Score, Rng] =>
  prior === undefined
    ? models.learner.score(stateOf(models, key), features, rng)
    : models.learner.score(stateOf(models, key), features, rng, prior)

const withState = <S>(states: Readonly<Record<ModelKey, S>>, key: ModelKey, state: S): Record<ModelKey, S> => {
  const next: Record<ModelKey, S> = { ...states }
  Object.defineProperty(next, key, { value: state, enumerable: true, writable: true, configurable: true })
  return next
}

/**
 * The models after one response to the model `key`.
 *
 * @category operations
 * @since 0.1.0
 */
export const learn = <S>(models: Models<S>, key: ModelKey, observation: Observation): Models<S> => ({
  learner: models.learner,
  states: withState(models.states, key, models.learner.learn(stateOf(models, key), observation))
})

/**
 * The models after many responses, in order: the states are copied once and each model learns
 * its responses through `learnAll` — the fast path for feedback batches. (A learner may offer a
 * faster one-pass path for many models, the internal `Learner.learnKeyed`, as naive Bayes does;
 * the result is the same.)
 *
 * @category operations
 * @since 0.1.0
 */
export const learnMany = <S>(
  models: Models<S>,
  responses: ReadonlyArray<readonly [ModelKey, Observation]>
): Models<S> => {
  if (responses.length === 0) return models
  const keyed = models.learner.learnKeyed
  if (keyed !== undefined) {
    const pass = keyed((key) => stateOf(models, key))
    let accepted = true
    for (let i = 0; i < responses.length && accepted; i++) {
      const response = responses[i] as readonly [ModelKey, Observation]
      const o = response[1]
      accepted = pass.add(response[0], o.features, o.positive, o.at, o.modelScore)
    }
    if (accepted) return { learner: models.learner, states: withLearned(models.states, pass.finish()) }
  }
  const byKey = new Map<ModelKey, Array<Observation>>()
  for (const [key, observation] of responses) {
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [observation])
    else list.push(observation)
  }
  const states: Record<ModelKey, S> = { ...models.states }
  for (const [key, observations] of byKey) {
    const next = models.learner.learnAll(stateOf(models, key), observations)
    Object.defineProperty(states, key, { value: next, enumerable: true, writable: true, configurable: true })
  }
  return { learner: models.learner, states }
}

/**
 * Key-wise merge of two model sets learned with the same learner (the first one's learner is
 * kept).
 *
 * @category operations
 * @since 0.1.0
 */
export const merge = <S>(x: Models<S>, y: Models<S>): Models<S> => {
  const states: Record<ModelKey, S> = { ...x.states }
  for (const key of Object.keys(y.states)) {
    const mine = hasOwn.call(states, key) ? (states[key] as S) : undefined
    const theirs = y.states[key] as S
    Object.defineProperty(states, key, {
      value: mine === undefined ? theirs : x.learner.merge(mine, theirs),
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
  return { learner: x.learner, states }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Models of one learner form a commutative monoid under key-wise merge.
 *
 * @category instances
 * @since 0.1.0
 */
export const getMonoid = <S>(learner: Learner<S>): Monoid<Models<S>> => ({
  concat: merge,
  empty: empty(learner)
})

/**
 * The snapshot format version written by `encode`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_VERSION = 1

/**
 * A JSON snapshot: `{ version, learner, states }`, the states by model key in canonical (sorted)
 * order, so that equal models encode to equal text.
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = <S>(models: Models<S>): unknown => {
  const states: Record<string, unknown> = {}
  for (const key of sortedKeys(models.states)) {
    Object.defineProperty(states, key, {
      value: models.learner.codec.encode(models.states[key] as S),
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
  return { version: SNAPSHOT_VERSION, learner: models.learner.name, states }
}

/**
 * The io-ts codec of a snapshot for one learner.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec = <S>(learner: Learner<S>): t.Type<Models<S>, unknown, unknown> =>
  new t.Type<Models<S>, unknown, unknown>(
    `Models<${learner.name}>`,
    (u): u is Models<S> => typeof u === "object" && u !== null && (u as Models<S>).learner === learner,
    (u, c) => {
      if (typeof u !== "object" || u === null || Array.isArray(u))
        return failure(u, c, "invalid_type", "expected a models snapshot object")
      const snapshot = u as Record<string, unknown>
      const errors: Array<t.ValidationError> = []
      unknownKeys(errors, c, snapshot, ["version", "learner", "states"], "a models snapshot")
      if (snapshot["version"] !== SNAPSHOT_VERSION) {
        const r = failure<never>(
          snapshot["version"],
          t.appendContext(c, "version", t.unknown, snapshot["version"]),
          "unknown_version",
          `unknown snapshot version: expected ${SNAPSHOT_VERSION}`
        )
        if (E.isLeft(r)) pushErrors(errors, r.left)
      }
      if (snapshot["learner"] !== learner.name) {
        const r = failure<never>(
          snapshot["learner"],
          t.appendContext(c, "learner", t.unknown, snapshot["learner"]),
          "invalid_value",
          `snapshot is of another learner: expected "${learner.name}"`
        )
        if (E.isLeft(r)) pushErrors(errors, r.left)
      }
      const raw = snapshot["states"]
      const sc = t.appendContext(c, "states", t.unknown, raw)
      const states: Record<ModelKey, S> = {}
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        const r = failure<never>(
          raw,
          sc,
          raw === undefined ? "required" : "invalid_type",
          "expected an object of states by model key"
        )
        if (E.isLeft(r)) pushErrors(errors, r.left)
      } else {
        for (const key of Object.keys(raw)) {
          const value = (raw as Record<string, unknown>)[key]
          const keyCodec = learner.forKey === undefined ? learner.codec : learner.forKey(key).codec
          const decoded = keyCodec.validate(value, t.appendContext(sc, key, keyCodec, value))
          if (E.isLeft(decoded)) pushErrors(errors, decoded.left)
          else
            Object.defineProperty(states, key, {
              value: decoded.right,
              enumerable: true,
              writable: true,
              configurable: true
            })
        }
      }
      return errors.length > 0 ? t.failures(errors) : t.success({ learner, states })
    },
    encode
  )

/**
 * Decodes a snapshot, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode = <S>(learner: Learner<S>, snapshot: unknown): E.Either<DecodeError, Models<S>> =>
  decodeWith(codec(learner))(snapshot)
