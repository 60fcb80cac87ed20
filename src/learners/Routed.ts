/**
 * One learner per action: a learner made of others, that scores and teaches each model with the
 * learner its action is routed to — logistic regression for "GoldCard", Thompson sampling for
 * "Mortgage", naive Bayes for the rest — behind the same `Learner` interface, so that
 * `Models.empty(routed(…))`, `nextBestAction`, `Feedback`, replicas, snapshots and the simulator
 * take it unchanged.
 *
 * Routing: the action of a model key is the key up to its last `@` (the whole key when it has
 * none; see `Models.modelKey`). A key whose action is listed in `actions` is routed to that
 * action's learner; every other key to `default`. The key of a model shared by several actions
 * (`Action.model`) is `<model>@<channel>`: list the model's name in `actions` (`{ offers:
 * LinearBandit.linearThompson(…) }`) to route it — one shared linear model beside naive Bayes per
 * action, say. Each model's state is tagged with its route,
 * `{ route, state }` (`route` is the action id, or `null` for the default learner), so that
 * scoring, learning and merging a state need no key: the route travels with the state. `Models`
 * binds a key to its route through the learner's `forKey` — a key never learned starts from its
 * route's empty state, and a snapshot's state of a key must carry that key's route. The learner's
 * own `empty` is `null`, bound to no route yet: the identity of `merge`, scored and taught as the
 * default learner's empty state.
 *
 * Snapshot of one model's state: `{ route, learner, state }` — the route, the name of its
 * learner (checked on decoding, so that a state written by another configuration is reported, not
 * read with the wrong learner) and the route learner's own snapshot; `null` for the unbound empty
 * state. Decoding reports, each with its path: an unknown route, a learner name that is not the
 * route's, the route learner's own problems, and (through `Models.decode`) a state of another
 * route than its key's.
 *
 * Laws (checked by the shared learner suite, with each route's learner's own equality): `merge`
 * is a commutative monoid with `null` as identity whenever each route's learner's `merge` is (it
 * merges states of one route with that route's learner); learning xs then ys equals the merge
 * exactly when the route's learner's law is exact; `codec` round-trips; `score` is the route
 * learner's score, so propensities, evidence, `modelScore` and exploration are that learner's.
 * `reads` is the union of the route learners' (absent when one of them may read any feature).
 *
 * Merging two states of different routes is a programming mistake — it cannot happen to models of
 * one routed learner, since a key has one route and decoding checks it — and throws a
 * `TypeError` naming `Routed.merge` rather than returning a silently wrong state.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failAt, failHere, isRecord, pushErrors, unknownKeys } from "../kernel/internal/codec.js"
import { misuse } from "../kernel/internal/misuse.js"
import type { Rng } from "../kernel/Random.js"
import type { Features, KeyedModel, Learner, Observation, Prior, Score } from "./Learner.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A learner of any state (`Learner<S>` is invariant in `S`, so a map of different learners needs
 * this).
 *
 * @category model
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state: `Learner<S>` is invariant in S
export type AnyLearner = Learner<any>

/**
 * One model's state bound to its route: the action id it is routed by (`null`: the default
 * learner) and that route learner's state.
 *
 * @category model
 * @since 0.1.0
 */
export interface Bound {
  readonly route: string | null
  readonly state: unknown
}

/**
 * A routed learner's state: bound to a route, or `null` — the empty state bound to no route yet
 * (the identity of `merge`; scored and taught as the default learner's empty state).
 *
 * @category model
 * @since 0.1.0
 */
export type State = Bound | null

/**
 * Options of `routed`: the learner of every action not listed, and the learner of each listed
 * action (by action id).
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  readonly default: AnyLearner
  readonly actions?: Readonly<Record<string, AnyLearner>>
}

/**
 * A routed learner (what `routed` returns).
 *
 * @category model
 * @since 0.1.0
 */
export type Routed = Learner<State>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const isLearner = (u: unknown): u is AnyLearner =>
  isRecord(u) &&
  typeof u["name"] === "string" &&
  typeof u["score"] === "function" &&
  typeof u["learn"] === "function" &&
  typeof u["learnAll"] === "function" &&
  typeof u["merge"] === "function" &&
  isRecord(u["codec"])

const describeRoute = (route: string | null): string => (route === null ? "the default" : `"${route}"`)

/**
 * A learner that routes each model key to the learner of its action (`actions[actionId]`), or to
 * `default`. Throws a `TypeError` naming `Routed.routed` when a learner is not one, when an action
 * id is empty, or when a listed learner routes by key itself (routes do not nest).
 *
 * @example
 * import { ExternalScore, Models, Random, Routed, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const thompson = ThompsonSampling.thompsonSampling()
 * const learner = Routed.routed({
 *   default: thompson,
 *   actions: { GoldCard: ExternalScore.externalScore({ fact: "subject.goldScore" }) }
 * })
 * const models = Models.empty(learner)
 * // GoldCard's models are scored by the external score, every other action's by Thompson sampling
 * const features = { "subject.goldScore": 0.37 }
 * assert.strictEqual(Models.score(models, "GoldCard@web", features, Random.fromSeed(1))[0].propensity, 0.37)
 * assert.deepStrictEqual(Models.stateOf(models, "Loan@web"), { route: null, state: thompson.empty })
 * const taught = Models.learn(models, "GoldCard@web", { features, positive: true, at: 0 })
 * assert.deepStrictEqual(Models.stateOf(taught, "GoldCard@web"), {
 *   route: "GoldCard",
 *   state: { positives: 1, negatives: 0 }
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const routed = (config: Config): Routed => {
  if (!isLearner(config.default)) misuse("Routed.routed", "default must be a learner")
  if (config.default.forKey !== undefined) misuse("Routed.routed", "default may not route by key itself")
  const routes = new Map<string, AnyLearner>()
  const actions = config.actions ?? {}
  for (const action of Object.keys(actions)) {
    const learner = actions[action]
    if (action.length === 0) misuse("Routed.routed", "an action id must be non-empty")
    if (!isLearner(learner)) misuse("Routed.routed", `actions["${action}"] must be a learner`)
    else if (learner.forKey !== undefined) misuse("Routed.routed", `actions["${action}"] may not route by key itself`)
    else routes.set(action, learner)
  }
  const fallback = config.default
  const learnerOf = (route: string | null): AnyLearner =>
    route === null ? fallback : (routes.get(route) as AnyLearner)
  const routeOf = (key: string): string | null => {
    const at = key.lastIndexOf("@")
    const action = at < 0 ? key : key.slice(0, at)
    return routes.has(action) ? action : null
  }
  const bound = (s: State): Bound => (s === null ? { route: null, state: fallback.empty } : s)

  const score = (s: State, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const b = bound(s)
    const learner = learnerOf(b.route)
    return prior === undefined ? learner.score(b.state, features, rng) : learner.score(b.state, features, rng, prior)
  }
  const learn = (s: State, o: Observation): State => {
    const b = bound(s)
    return { route: b.route, state: learnerOf(b.route).learn(b.state, o) }
  }
  const learnAll = (s: State, os: ReadonlyArray<Observation>): State => {
    if (os.length === 0) return s
    const b = bound(s)
    return { route: b.route, state: learnerOf(b.route).learnAll(b.state, os) }
  }
  const merge = (x: State, y: State): State => {
    if (x === null) return y
    if (y === null) return x
    if (x.route !== y.route)
      return misuse(
        "Routed.merge",
        `cannot merge a state of route ${describeRoute(x.route)} with one of route ${describeRoute(y.route)}`
      )
    return { route: x.route, state: learnerOf(x.route).merge(x.state, y.state) }
  }

  const known = [...routes.keys()].map((r) => `"${r}"`).join(", ")
  const validate = (u: unknown, c: t.Context, expected: string | null | undefined): t.Validation<State> => {
    if (u === null) return expected === undefined ? t.success(null) : t.success(keyed(expected).empty)
    if (!isRecord(u)) {
      const errors: Array<t.ValidationError> = []
      failHere(errors, c, u, "invalid_type", "expected a routed state { route, learner, state } or null")
      return t.failures(errors)
    }
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, u, ["route", "learner", "state"], "a routed state")
    const route = u["route"]
    let learner: AnyLearner | undefined
    if (route === null) learner = fallback
    else if (typeof route === "string" && routes.has(route)) learner = routes.get(route)
    else
      failAt(
        errors,
        c,
        "route",
        route,
        route === undefined ? "required" : "invalid_value",
        `unknown route: expected null (the default learner)${known.length > 0 ? ` or one of ${known}` : ""}`
      )
    if (learner !== undefined && expected !== undefined && route !== expected)
      failAt(
        errors,
        c,
        "route",
        route,
        "invalid_value",
        `this model is routed to ${describeRoute(expected)}, found a state of route ${describeRoute(route as string | null)}`
      )
    if (learner !== undefined && u["learner"] !== learner.name)
      failAt(
        errors,
        c,
        "learner",
        u["learner"],
        u["learner"] === undefined ? "required" : "invalid_value",
        `snapshot is of another learner: expected "${learner.name}" (the learner of route ${describeRoute(route as string | null)})`
      )
    let state: unknown
    if (learner !== undefined) {
      const r = learner.codec.validate(u["state"], t.appendContext(c, "state", learner.codec, u["state"]))
      if (r._tag === "Left") pushErrors(errors, r.left)
      else state = r.right
    }
    return errors.length > 0 ? t.failures(errors) : t.success({ route: route as string | null, state })
  }
  const is = (u: unknown): u is State =>
    u === null || (isRecord(u) && (u["route"] === null || typeof u["route"] === "string") && "state" in u)
  const encode = (s: State): unknown =>
    s === null
      ? null
      : { route: s.route, learner: learnerOf(s.route).name, state: learnerOf(s.route).codec.encode(s.state) }
  const codec = new t.Type<State, unknown, unknown>("RoutedState", is, (u, c) => validate(u, c, undefined), encode)

  const models = new Map<string | null, KeyedModel<State>>()
  const keyed = (route: string | null): KeyedModel<State> => {
    let model = models.get(route)
    if (model === undefined) {
      model = {
        empty: { route, state: learnerOf(route).empty },
        codec: new t.Type<State, unknown, unknown>(
          `RoutedState<${describeRoute(route)}>`,
          is,
          (u, c) => validate(u, c, route),
          encode
        )
      }
      models.set(route, model)
    }
    return model
  }
  const forKey = (key: string): KeyedModel<State> => keyed(routeOf(key))

  const learners = [fallback, ...routes.values()]
  let reads: Array<string> | undefined = []
  for (const l of learners) {
    if (l.reads === undefined) {
      reads = undefined
      break
    }
    for (const name of l.reads) if (!reads.includes(name)) reads.push(name)
  }
  const learner: Routed = { name: "routed", empty: null, score, learn, learnAll, merge, codec, forKey }
  return reads === undefined ? learner : { ...learner, reads }
}
