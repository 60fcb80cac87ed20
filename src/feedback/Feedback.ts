/**
 * The feedback reducer: how what customers did flows back into the models and into their
 * history, purely.
 *
 * A `Feedback` bundles the models, the pending buffer of decisions awaiting outcomes
 * (delayed learning, see `Pending`), the optional replica bookkeeping (see `Replica`) and an
 * outbox: the interactions to append to subjects' histories and the inputs that were refused.
 * Inputs are decisions (`Decided`), feedback events (`Event`: sent, impression, response) and
 * clock ticks (`Expire`). `apply(settings)` is a `(state, input) → state` reducer, usable with
 * `inputs.reduce(...)`; `applyAll(settings)` folds a batch faster (same result).
 *
 * Laws (for a fixed `settings` and a learner satisfying the `Learner` laws):
 * - Batch equivalence: `applyAll(s)(state, xs)` equals `xs.reduce(apply(s), state)`.
 * - Exactly once: an event is learned at most once and recorded at most once; at most one label
 *   is learned per chosen action (see `Pending` for the precise rule); a duplicate, an event for an
 *   unknown or expired decision, or for an action the decision did not return, an event stamped
 *   before its decision and a response with an outcome that is not configured are refused and
 *   listed in the outbox — never dropped silently (`Pending.RefusalReason`); a replica delta under
 *   a key already applied with other content is listed in the outbox's `conflicts`.
 * - Interleaving: folding the inputs in any order that keeps each decision's own order gives the
 *   same models and the same pending buffer (ticks excepted: an `Expire` is ordered with all).
 * - Split learning: learning `xs` then `ys` equals merging the states learned from each
 *   (`Models.merge`, the learners' monoid) — the basis of the replica protocol.
 * - Determinism: replaying the same inputs from the same state gives the same state, and
 *   `encode` gives the same JSON text, bit for bit.
 * - Snapshots: `decode(learner, encode(state))` is `state`; a bare `Models` snapshot decodes as a
 *   state with nothing pending (migration); bad snapshots are rejected with every problem's path.
 *
 * @since 0.1.0
 */
import type { Instant } from "../kernel/Time.js"
import type { Features, Observation } from "../learners/Learner.js"
import * as Models from "../learners/Models.js"
import type { ChosenAction, DecisionRecord } from "./DecisionRecord.js"
import { chosenAction, interaction, outcomeOf, type ResolvedEvent } from "./Event.js"
import * as PendingBatch from "./internal/batch.js"
import * as Stack from "./internal/Stack.js"
import { label, NO_RESPONSE, type Labels } from "./Outcome.js"
import * as Replica from "./Replica.js"
import { progressions } from "./Progression.js"
import { admitDelta, admitEvent, admitInputs } from "./internal/admitted.js"

import {
  decided,
  expireAt,
  outbox,
  type Feedback,
  type Input,
  type Outbox,
  type Recorded,
  type Reducer,
  type ReplicatedState,
  type Settings
} from "./internal/state.js"

// -------------------------------------------------------------------------------------
// model and constructors (in ./internal/state)
// -------------------------------------------------------------------------------------

export type {
  Decided,
  Expire,
  Feedback,
  Input,
  Outbox,
  Recorded,
  Reducer,
  Refusal,
  ReplicatedState,
  Settings,
  SettingsInit
} from "./internal/state.js"
export { decided, defaultSettings, expireAt, initial, outbox, settings } from "./internal/state.js"

// -------------------------------------------------------------------------------------
// codecs (in ./internal/snapshot)
// -------------------------------------------------------------------------------------

export {
  codec,
  decode,
  decodeLog,
  decodeSettings,
  encode,
  InputCodec,
  SettingsCodec,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION
} from "./internal/snapshot.js"

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The observation a chosen action's model learns from an outcome: the features the decision saw,
 * the label, the time, and the model's decision-time score when the decision recorded one.
 *
 * @category operations
 * @since 0.1.0
 */
export const observation = (
  record: DecisionRecord,
  action: ChosenAction,
  positive: boolean,
  at: Instant
): Observation => {
  const features = featuresOf(record, action)
  return action.modelScore === undefined
    ? { features, positive, at }
    : { features, positive, at, modelScore: action.modelScore }
}

/**
 * The features a chosen action's model saw at decision time: the decision's features, with the
 * action's own (per-candidate history features) on top.
 *
 * @category operations
 * @since 0.1.0
 */
export const featuresOf = (record: DecisionRecord, action: ChosenAction): Features =>
  action.features === undefined ? record.features : { ...record.features, ...action.features }

/**
 * The plain learning reducer: the models after one event that carries its decision record — the
 * chosen action's model learns the event's label; unlisted outcomes and actions the decision did
 * not return leave the models as they are. No de-duplication, no timeout: use `apply` on a
 * `Feedback` for those.
 *
 * @example
 * import { Event, Feedback, Models, Outcome, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const decision = {
 *   decisionId: "d-1",
 *   subjectId: "c-42",
 *   at: 0,
 *   direction: "inbound" as const,
 *   controlGroup: false,
 *   features: { age: 41 },
 *   actions: [
 *     {
 *       actionId: "GoldCard",
 *       issue: "Sales",
 *       group: "Cards",
 *       channel: "web",
 *       modelKey: "GoldCard@web",
 *       rank: 1,
 *       modelPropensity: 0.1,
 *       propensity: 0.1,
 *       selectionProbability: 1
 *     }
 *   ]
 * }
 * const on = { actionId: "GoldCard", channel: "web", decision }
 * const events = [
 *   Event.impression({ ...on, eventId: "e-1", at: 1 }),
 *   Event.response({ ...on, eventId: "e-2", at: 2 }, "clicked")
 * ]
 * const learn = Feedback.learn(Outcome.defaultLabels)
 * const models = events.reduce((m, e) => learn(m, e), Models.empty(ThompsonSampling.thompsonSampling()))
 * assert.strictEqual(Models.stateOf(models, "GoldCard@web").positives, 1) // the impression is unlisted
 *
 * @category operations
 * @since 0.1.0
 */
export const learn =
  (labels: Labels) =>
  <S>(models: Models.Models<S>, event: ResolvedEvent): Models.Models<S> => {
    admitEvent("Feedback.learn", event)
    const action = chosenAction(event)
    if (action === undefined) return models
    const l = label(labels, outcomeOf(event))
    return l === "unlisted"
      ? models
      : Models.learn(models, action.modelKey, observation(event.decision, action, l === "positive", event.at))
  }

/**
 * The plain learning reducer over a batch: equal to folding `learn`, and faster — the responses
 * are learned at once through `Models.learnMany` (the learner's one-pass path when it has one,
 * else each model's `learnAll`). No de-duplication, no timeout.
 *
 * @category operations
 * @since 0.1.0
 */
export const learnAll =
  (labels: Labels) =>
  <S>(models: Models.Models<S>, events: ReadonlyArray<ResolvedEvent>): Models.Models<S> => {
    const responses: Array<readonly [Models.ModelKey, Observation]> = []
    for (let k = 0; k < events.length; k++) admitEvent("Feedback.learnAll", events[k] as ResolvedEvent, `events[${k}]`)
    for (const event of events) {
      const action = chosenAction(event)
      if (action === undefined) continue
      const l = label(labels, outcomeOf(event))
      if (l !== "unlisted")
        responses.push([action.modelKey, observation(event.decision, action, l === "positive", event.at)])
    }
    return Models.learnMany(models, responses)
  }

const recordedOf = (record: DecisionRecord, action: ChosenAction, outcome: string, at: Instant): Recorded => {
  const entry = { subjectId: record.subjectId, interaction: interaction(record, action, outcome, at) }
  if (action.advances === undefined) return entry
  const moved = progressions(action.advances, {
    subjectId: record.subjectId,
    actionId: action.actionId,
    decisionId: record.decisionId,
    outcome,
    at
  })
  return moved.length === 0 ? entry : { ...entry, progressions: moved }
}

const run = <S>(api: string, rules: Settings, state: Feedback<S>, inputs: ReadonlyArray<Input>): Feedback<S> => {
  if (inputs.length === 0) return state
  admitInputs(api, inputs)
  const by = PendingBatch.batch()
  const noResponse = label(rules.labels, NO_RESPONSE)
  const responses: Array<readonly [Models.ModelKey, Observation]> = []
  const pending = PendingBatch.cursor(state.pending)
  let recorded = state.recorded
  let refused = state.refused
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k] as Input
    switch (input._tag) {
      case "Decided": {
        const verdict = PendingBatch.trackAt(rules, pending, input.record, by)
        if (verdict._tag === "Refused")
          refused = Stack.push(refused, { reason: verdict.reason, message: verdict.message, input })
        break
      }
      case "Expire": {
        const [next, expiries] = PendingBatch.expireIn(PendingBatch.settle(pending), input.now, by)
        pending.decisions = next.decisions
        pending.watermark = next.watermark
        for (const x of expiries) {
          const action = x.record.actions[x.index] as ChosenAction
          if (x.kind === "noResponse") {
            recorded = Stack.push(recorded, recordedOf(x.record, action, NO_RESPONSE, x.at))
            if (noResponse !== "unlisted")
              responses.push([action.modelKey, observation(x.record, action, noResponse === "positive", x.at)])
          } else {
            responses.push([action.modelKey, observation(x.record, action, false, x.at)])
          }
        }
        break
      }
      default: {
        const verdict = PendingBatch.respondAt(rules, pending, input, by)
        if (verdict._tag === "Accepted") {
          const action = verdict.record.actions[verdict.index] as ChosenAction
          recorded = Stack.push(recorded, recordedOf(verdict.record, action, outcomeOf(input), input.at))
          if (verdict.learn !== null)
            responses.push([
              action.modelKey,
              observation(verdict.record, action, verdict.learn === "positive", input.at)
            ])
        } else if (verdict._tag === "Refused") {
          refused = Stack.push(refused, { reason: verdict.reason, message: verdict.message, input })
        }
      }
    }
  }
  return {
    models: responses.length === 0 ? state.models : Models.learnMany(state.models, responses),
    pending:
      pending.decisions === state.pending.decisions && pending.watermark === state.pending.watermark
        ? state.pending
        : PendingBatch.settle(pending),
    replica: state.replica === null ? null : Replica.learned(state.replica, responses),
    recorded,
    refused,
    conflicts: state.conflicts
  }
}

/** run preserves whether a state is replicated (`replica` null stays null, non-null stays non-null) */
const reducer = <I>(step: <S>(state: Feedback<S>, input: I) => Feedback<S>): Reducer<I> => step as Reducer<I>

/**
 * The feedback reducer: the state after one input (a decision, an event, or a clock tick).
 * Accepted events are learned (when their outcome is labelled) and their interactions go to the
 * outbox; refused inputs go to the outbox with their reason.
 *
 * @example
 * import { Event, Feedback, Models, ThompsonSampling, Time } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const decision = {
 *   decisionId: "d-1",
 *   subjectId: "c-42",
 *   at: 0,
 *   direction: "inbound" as const,
 *   controlGroup: false,
 *   features: {},
 *   actions: [
 *     {
 *       actionId: "GoldCard",
 *       issue: "Sales",
 *       group: "Cards",
 *       channel: "web",
 *       modelKey: "GoldCard@web",
 *       rank: 1,
 *       modelPropensity: 0.1,
 *       propensity: 0.1,
 *       selectionProbability: 1
 *     }
 *   ]
 * }
 * const on = { actionId: "GoldCard", channel: "web", decision: "d-1" }
 * const inputs: ReadonlyArray<Feedback.Input> = [
 *   Feedback.decided(decision),
 *   Event.response({ ...on, eventId: "e-1", at: 60_000 }, "clicked"),
 *   Event.response({ ...on, eventId: "e-1", at: 60_000 }, "clicked"), // a duplicate: refused
 *   Feedback.expireAt(Time.HOUR_MS)
 * ]
 * const state = inputs.reduce(
 *   Feedback.apply(Feedback.defaultSettings),
 *   Feedback.initial(Models.empty(ThompsonSampling.thompsonSampling()))
 * )
 * assert.strictEqual(Models.stateOf(state.models, "GoldCard@web").positives, 1)
 * const out = Feedback.outbox(state)
 * assert.deepStrictEqual(
 *   out.refused.map((r) => r.reason),
 *   ["duplicate"]
 * )
 * assert.deepStrictEqual(
 *   out.recorded.map((r) => r.interaction.outcome),
 *   ["clicked"]
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const apply = (rules: Settings): Reducer<Input> =>
  reducer((state, input) => run("Feedback.apply", rules, state, [input]))

/**
 * The state after a batch of inputs, in order: equal to folding `apply`, and faster — the
 * pending buffer is updated in place within the batch (unobservably) and the models learn the
 * whole batch once, through `Models.learnMany`.
 *
 * @category operations
 * @since 0.1.0
 */
export const applyAll = (rules: Settings): Reducer<ReadonlyArray<Input>> =>
  reducer((state, inputs) => run("Feedback.applyAll", rules, state, inputs))

/**
 * Await the outcomes of a decision (the `Decided` input).
 *
 * @category operations
 * @since 0.1.0
 */
export const track = (rules: Settings): Reducer<DecisionRecord> =>
  reducer((state, record) => run("Feedback.track", rules, state, [decided(record)]))

/**
 * Close every chosen action whose deadline is at or before `now` (the `Expire` input): open ones
 * learn `noResponse` (a negative by default) and record it in history.
 *
 * @category operations
 * @since 0.1.0
 */
export const expire = (rules: Settings): Reducer<Instant> =>
  reducer((state, now) => run("Feedback.expire", rules, state, [expireAt(now)]))

/**
 * The outbox, and the state with an empty outbox: append `recorded` to the subjects' histories
 * (e.g. with `History.append`) and route `refused` to a dead-letter log.
 *
 * @category operations
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state: `Learner<S>` is invariant in S
export const drain = <St extends Feedback<any>>(state: St): readonly [Outbox, St] => [
  outbox(state),
  { ...state, recorded: null, refused: null, conflicts: null }
]

/**
 * Whether a state takes part in the replica protocol.
 *
 * @category refinements
 * @since 0.1.0
 */
export const isReplicated = <S>(state: Feedback<S>): state is ReplicatedState<S> => state.replica !== null

/**
 * The delta of what this replica learned since its last publication (`null` when nothing), and
 * the state after publishing it. See `Replica.publish`.
 *
 * @category operations
 * @since 0.1.0
 */
export const publish = <S>(state: ReplicatedState<S>): readonly [Replica.Delta<S> | null, ReplicatedState<S>] => {
  const [delta, replica] = Replica.publish(state.replica)
  return delta === null ? [null, state] : [delta, { ...state, replica }]
}

/**
 * The state after merging another replica's delta into the models — unless its key was applied
 * before: the same content again changes nothing; other content (or content that can no longer
 * be compared) is not merged and goes to the outbox's `conflicts` (see `Replica.receive`).
 *
 * @category operations
 * @since 0.1.0
 */
export const receive = <S>(state: ReplicatedState<S>, delta: Replica.Delta<S>): ReplicatedState<S> => {
  admitDelta("Feedback.receive", state.models.learner, delta)
  const [replica, models, receipt] = Replica.receive(state.replica, state.models, delta)
  if (receipt._tag === "Conflict") return { ...state, conflicts: Stack.push(state.conflicts, receipt.conflict) }
  return replica === state.replica ? state : { ...state, replica, models }
}
