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
 *   unknown or expired decision, or for an action the decision did not return is refused and
 *   listed in the outbox — never dropped silently.
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
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import type { Instant } from "../kernel/Time.js"
import type { Features, Learner, Observation } from "../learners/Learner.js"
import * as Models from "../learners/Models.js"
import type { ChosenAction, DecisionRecord } from "./DecisionRecord.js"
import { chosenAction, codec as EventCodec, interaction, outcomeOf, type Event, type ResolvedEvent } from "./Event.js"
import { InteractionCodec, type Interaction } from "../history/History.js"
import {
  array,
  done,
  expectObject,
  field,
  instant,
  isRecord,
  nonEmptyString,
  oneOf,
  versionOf
} from "../kernel/internal/codec.js"
import { codec as DecisionRecordCodec } from "./DecisionRecord.js"
import { misuse } from "../kernel/internal/misuse.js"
import * as PendingBatch from "./internal/batch.js"
import * as Stack from "./internal/Stack.js"
import { defaultLabels, label, LabelsCodec, NO_RESPONSE, type Labels } from "./Outcome.js"
import * as Pending from "./Pending.js"
import * as Replica from "./Replica.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How feedback is read: outcome labels, response timeouts, and how labels of one action combine.
 *
 * @category model
 * @since 0.1.0
 */
export type Settings = Pending.Settings

/**
 * A decision was made: await its chosen actions' outcomes.
 *
 * @category model
 * @since 0.1.0
 */
export interface Decided {
  readonly _tag: "Decided"
  readonly record: DecisionRecord
}

/**
 * The clock reached `now`: close every chosen action whose response deadline has passed.
 *
 * @category model
 * @since 0.1.0
 */
export interface Expire {
  readonly _tag: "Expire"
  readonly now: Instant
}

/**
 * What the feedback reducer folds: decisions, feedback events and clock ticks.
 *
 * @category model
 * @since 0.1.0
 */
export type Input = Decided | Expire | Event

/**
 * An interaction to append to a subject's history.
 *
 * @category model
 * @since 0.1.0
 */
export interface Recorded {
  readonly subjectId: string
  readonly interaction: Interaction
}

/**
 * An input that was not applied, with the reason.
 *
 * @category model
 * @since 0.1.0
 */
export interface Refusal {
  readonly reason: Pending.RefusalReason
  readonly message: string
  readonly input: Decided | Event
}

/**
 * What the reducer left for the caller: interactions to record in subjects' histories, and the
 * refused inputs, oldest first.
 *
 * @category model
 * @since 0.1.0
 */
export interface Outbox {
  readonly recorded: ReadonlyArray<Recorded>
  readonly refused: ReadonlyArray<Refusal>
}

/**
 * The feedback state of one process: models, pending decisions, replica bookkeeping (`null` when
 * not replicating), and the outbox (read it with `outbox`, empty it with `drain`).
 *
 * @category model
 * @since 0.1.0
 */
export interface Feedback<S> {
  readonly models: Models.Models<S>
  readonly pending: Pending.Pending
  readonly replica: Replica.Replica<S> | null
  readonly recorded: Stack.Stack<Recorded>
  readonly refused: Stack.Stack<Refusal>
}

/**
 * A feedback state that takes part in the replica delta protocol.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReplicatedState<S> extends Feedback<S> {
  readonly replica: Replica.Replica<S>
}

/**
 * The options of `settings`; everything defaults.
 *
 * @category model
 * @since 0.1.0
 */
export interface SettingsInit {
  readonly labels?: Labels
  readonly timeouts?: Partial<Pending.ResponseTimeouts>
  readonly aggregation?: Pending.Aggregation
}

/**
 * A reducer over feedback states of any learner; it returns the type it is given, so a
 * `ReplicatedState` stays one.
 *
 * @category model
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any learner state: `Learner<S>` is invariant in S
export type Reducer<I> = <St extends Feedback<any>>(state: St, input: I) => St

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const positiveWhole = (x: unknown): boolean => typeof x === "number" && Number.isSafeInteger(x) && x >= 1

/**
 * Feedback settings. Defaults: Pega's labels (`accepted`, `clicked` positive; `rejected`,
 * `noResponse` negative), timeouts of 30 minutes inbound and 7 days outbound, aggregation
 * `earliest`. Throws on a timeout that is not a positive whole number of milliseconds (a
 * programming mistake); decode settings from JSON with `decodeSettings`.
 *
 * @example
 * import { Feedback, Outcome, Time } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const settings = Feedback.settings({
 *   labels: Outcome.labels(["accepted", "clicked"], ["rejected", "noResponse"]),
 *   timeouts: { inbound: 30 * Time.MINUTE_MS, outbound: 7 * Time.DAY_MS, channels: { sms: 2 * Time.DAY_MS } },
 *   aggregation: "positiveWins"
 * })
 * assert.strictEqual(settings.timeouts.channels["sms"], 2 * Time.DAY_MS)
 *
 * @category constructors
 * @since 0.1.0
 */
export const settings = (init: SettingsInit = {}): Settings => {
  const d = Pending.defaultTimeouts
  const timeouts: Pending.ResponseTimeouts = {
    inbound: init.timeouts?.inbound ?? d.inbound,
    outbound: init.timeouts?.outbound ?? d.outbound,
    channels: { ...(init.timeouts?.channels ?? d.channels) }
  }
  for (const [name, value] of [
    ["inbound", timeouts.inbound],
    ["outbound", timeouts.outbound],
    ...Object.entries(timeouts.channels).map(([k, v]) => [`channels.${k}`, v] as const)
  ] as const) {
    if (!positiveWhole(value))
      misuse(
        "Feedback.settings",
        `timeouts.${name} must be a positive whole number of milliseconds, got ${String(value)}`
      )
  }
  const aggregation = init.aggregation ?? "earliest"
  if (aggregation !== "earliest" && aggregation !== "positiveWins")
    misuse("Feedback.settings", `aggregation must be "earliest" or "positiveWins", got ${String(aggregation)}`)
  return { labels: init.labels ?? defaultLabels, timeouts, aggregation }
}

/**
 * The default settings (see `settings`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultSettings: Settings = settings()

/**
 * A `Decided` input.
 *
 * @category constructors
 * @since 0.1.0
 */
export const decided = (record: DecisionRecord): Decided => ({ _tag: "Decided", record })

/**
 * An `Expire` input.
 *
 * @category constructors
 * @since 0.1.0
 */
export const expireAt = (now: Instant): Expire => ({ _tag: "Expire", now })

/**
 * A feedback state over some models, with nothing pending. With `replicaId`, the state also
 * tracks what it learns for the replica delta protocol (`publish` / `receive`); `applied` lists
 * the deltas the models already contain (when bootstrapping from a compacted snapshot).
 *
 * @category constructors
 * @since 0.1.0
 */
export function initial<S>(models: Models.Models<S>): Feedback<S>
export function initial<S>(
  models: Models.Models<S>,
  replica: { readonly replicaId: string; readonly applied?: Readonly<Record<string, Replica.Sequences>> }
): ReplicatedState<S>
export function initial<S>(
  models: Models.Models<S>,
  replica?: { readonly replicaId: string; readonly applied?: Readonly<Record<string, Replica.Sequences>> }
): Feedback<S> {
  return {
    models,
    pending: Pending.empty,
    replica: replica === undefined ? null : Replica.start(replica.replicaId, models.learner, replica.applied),
    recorded: null,
    refused: null
  }
}

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
    for (const event of events) {
      const action = chosenAction(event)
      if (action === undefined) continue
      const l = label(labels, outcomeOf(event))
      if (l !== "unlisted")
        responses.push([action.modelKey, observation(event.decision, action, l === "positive", event.at)])
    }
    return Models.learnMany(models, responses)
  }

const recordedOf = (record: DecisionRecord, action: ChosenAction, outcome: string, at: Instant): Recorded => ({
  subjectId: record.subjectId,
  interaction: interaction(record, action, outcome, at)
})

const run = <S>(rules: Settings, state: Feedback<S>, inputs: ReadonlyArray<Input>): Feedback<S> => {
  if (inputs.length === 0) return state
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
    refused
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
export const apply = (rules: Settings): Reducer<Input> => reducer((state, input) => run(rules, state, [input]))

/**
 * The state after a batch of inputs, in order: equal to folding `apply`, and faster — the
 * pending buffer is updated in place within the batch (unobservably) and the models learn the
 * whole batch once, through `Models.learnMany`.
 *
 * @category operations
 * @since 0.1.0
 */
export const applyAll = (rules: Settings): Reducer<ReadonlyArray<Input>> =>
  reducer((state, inputs) => run(rules, state, inputs))

/**
 * Await the outcomes of a decision (the `Decided` input).
 *
 * @category operations
 * @since 0.1.0
 */
export const track = (rules: Settings): Reducer<DecisionRecord> =>
  reducer((state, record) => run(rules, state, [decided(record)]))

/**
 * Close every chosen action whose deadline is at or before `now` (the `Expire` input): open ones
 * learn `noResponse` (a negative by default) and record it in history.
 *
 * @category operations
 * @since 0.1.0
 */
export const expire = (rules: Settings): Reducer<Instant> => reducer((state, now) => run(rules, state, [expireAt(now)]))

/**
 * What the reducer left for the caller since the last `drain`, oldest first.
 *
 * @category operations
 * @since 0.1.0
 */
export const outbox = <S>(state: Feedback<S>): Outbox => ({
  recorded: Stack.toArray(state.recorded),
  refused: Stack.toArray(state.refused)
})

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
  { ...state, recorded: null, refused: null }
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
 * The state after merging another replica's delta into the models — unless it was merged before.
 *
 * @category operations
 * @since 0.1.0
 */
export const receive = <S>(state: ReplicatedState<S>, delta: Replica.Delta<S>): ReplicatedState<S> => {
  const [replica, models] = Replica.receive(state.replica, state.models, delta)
  return replica === state.replica ? state : { ...state, replica, models }
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const Aggregation = oneOf<Pending.Aggregation>(["earliest", "positiveWins"], "Aggregation")

/**
 * Settings as JSON: `{ labels?, timeouts?, aggregation? }`, each defaulting as in `settings`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SettingsCodec: t.Type<Settings, unknown, unknown> = new t.Type<Settings, unknown, unknown>(
  "FeedbackSettings",
  (u): u is Settings =>
    isRecord(u) &&
    LabelsCodec.is(u["labels"]) &&
    Pending.TimeoutsCodec.is(u["timeouts"]) &&
    Aggregation.is(u["aggregation"]),
  (u, c) => {
    const o = expectObject(u, c, "a feedback settings object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const labels = o.right["labels"] === undefined ? defaultLabels : field(LabelsCodec, o.right, "labels", c, errors)
    const timeouts =
      o.right["timeouts"] === undefined
        ? Pending.defaultTimeouts
        : field(Pending.TimeoutsCodec, o.right, "timeouts", c, errors)
    const aggregation =
      o.right["aggregation"] === undefined ? "earliest" : field(Aggregation, o.right, "aggregation", c, errors)
    return done<Settings>(errors, () => ({
      labels: labels as Labels,
      timeouts: timeouts as Pending.ResponseTimeouts,
      aggregation: aggregation as Pending.Aggregation
    }))
  },
  (s) => ({
    labels: LabelsCodec.encode(s.labels),
    timeouts: Pending.TimeoutsCodec.encode(s.timeouts),
    aggregation: s.aggregation
  })
)

/**
 * Decodes settings from JSON, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeSettings: (u: unknown) => E.Either<DecodeError, Settings> = decodeWith(SettingsCodec)

const DecidedCodec: t.Type<Decided, unknown, unknown> = new t.Type<Decided, unknown, unknown>(
  "Decided",
  (u): u is Decided => isRecord(u) && u["_tag"] === "Decided",
  (u, c) => {
    const o = expectObject(u, c, "a decided object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const record = field(DecisionRecordCodec, o.right, "record", c, errors)
    return done(errors, () => decided(record as DecisionRecord))
  },
  (d) => ({ _tag: "Decided", record: DecisionRecordCodec.encode(d.record) })
)

const ExpireCodec: t.Type<Expire, unknown, unknown> = new t.Type<Expire, unknown, unknown>(
  "Expire",
  (u): u is Expire => isRecord(u) && u["_tag"] === "Expire",
  (u, c) => {
    const o = expectObject(u, c, "an expire object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const now = field(instant, o.right, "now", c, errors)
    return done(errors, () => expireAt(now as Instant))
  },
  (x) => ({ _tag: "Expire", now: x.now })
)

/**
 * An input as JSON: `{ _tag: "Decided", record }`, `{ _tag: "Expire", now }` or an event (see
 * `Event.EventCodec`). A log of inputs is what `applyAll` replays.
 *
 * @category codecs
 * @since 0.1.0
 */
export const InputCodec: t.Type<Input, unknown, unknown> = new t.Type<Input, unknown, unknown>(
  "FeedbackInput",
  (u): u is Input => DecidedCodec.is(u) || ExpireCodec.is(u) || EventCodec.is(u),
  (u, c) => {
    const tag = isRecord(u) ? u["_tag"] : undefined
    return tag === "Decided"
      ? DecidedCodec.validate(u, c)
      : tag === "Expire"
        ? ExpireCodec.validate(u, c)
        : EventCodec.validate(u, c)
  },
  (x) =>
    x._tag === "Decided" ? DecidedCodec.encode(x) : x._tag === "Expire" ? ExpireCodec.encode(x) : EventCodec.encode(x)
)

const RefusedInput: t.Type<Decided | Event, unknown, unknown> = new t.Type<Decided | Event, unknown, unknown>(
  "RefusedInput",
  (u): u is Decided | Event => DecidedCodec.is(u) || EventCodec.is(u),
  (u, c) => (isRecord(u) && u["_tag"] === "Decided" ? DecidedCodec.validate(u, c) : EventCodec.validate(u, c)),
  (x) => (x._tag === "Decided" ? DecidedCodec.encode(x) : EventCodec.encode(x))
)

const Reason = oneOf<Pending.RefusalReason>(
  ["duplicate", "unknownDecision", "unknownAction", "expired"],
  "RefusalReason"
)

const RefusalCodec: t.Type<Refusal, unknown, unknown> = new t.Type<Refusal, unknown, unknown>(
  "Refusal",
  (u): u is Refusal => isRecord(u) && Reason.is(u["reason"]),
  (u, c) => {
    const o = expectObject(u, c, "a refusal object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const reason = field(Reason, o.right, "reason", c, errors)
    const message = field(t.string, o.right, "message", c, errors)
    const input = field(RefusedInput, o.right, "input", c, errors)
    return done<Refusal>(errors, () => ({
      reason: reason as Pending.RefusalReason,
      message: message as string,
      input: input as Decided | Event
    }))
  },
  (x) => ({ reason: x.reason, message: x.message, input: RefusedInput.encode(x.input) })
)

const RecordedCodec: t.Type<Recorded, unknown, unknown> = new t.Type<Recorded, unknown, unknown>(
  "Recorded",
  (u): u is Recorded => isRecord(u) && typeof u["subjectId"] === "string",
  (u, c) => {
    const o = expectObject(u, c, "a recorded interaction object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const subjectId = field(nonEmptyString, o.right, "subjectId", c, errors)
    const entry = field(InteractionCodec, o.right, "interaction", c, errors)
    return done<Recorded>(errors, () => ({ subjectId: subjectId as string, interaction: entry as Interaction }))
  },
  (x) => ({ subjectId: x.subjectId, interaction: InteractionCodec.encode(x.interaction) })
)

const OutboxCodec: t.Type<Outbox, unknown, unknown> = new t.Type<Outbox, unknown, unknown>(
  "Outbox",
  (u): u is Outbox => isRecord(u) && Array.isArray(u["recorded"]) && Array.isArray(u["refused"]),
  (u, c) => {
    const o = expectObject(u, c, "an outbox object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const recorded = field(array(RecordedCodec), o.right, "recorded", c, errors)
    const refused = field(array(RefusalCodec), o.right, "refused", c, errors)
    return done<Outbox>(errors, () => ({
      recorded: recorded as ReadonlyArray<Recorded>,
      refused: refused as ReadonlyArray<Refusal>
    }))
  },
  (x) => ({
    recorded: x.recorded.map((y) => RecordedCodec.encode(y)),
    refused: x.refused.map((y) => RefusalCodec.encode(y))
  })
)

/**
 * The format tag of a feedback snapshot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_FORMAT = "nextbest/feedback"

/**
 * The snapshot version written by `encode`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_VERSION = 1

const isModelsSnapshot = (u: Readonly<Record<string, unknown>>): boolean =>
  u["format"] === undefined && "learner" in u && "states" in u

/**
 * The codec of a feedback snapshot for one learner: `{ format: "nextbest/feedback", version: 1,
 * models, pending, replica, outbox }`. Decoding migrates a bare `Models` snapshot (as written by
 * `Models.encode`, from before the application used the feedback state) to a state with nothing
 * pending and an empty outbox.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec = <S>(learner: Learner<S>): t.Type<Feedback<S>, unknown, unknown> => {
  const ModelsCodec = Models.codec(learner)
  const ReplicaCodec = Replica.codec(learner)
  return new t.Type<Feedback<S>, unknown, unknown>(
    `Feedback<${learner.name}>`,
    (u): u is Feedback<S> => isRecord(u) && ModelsCodec.is(u["models"]) && isRecord(u["pending"]),
    (u, c) => {
      const o = expectObject(u, c, "a feedback snapshot object")
      if (E.isLeft(o)) return o
      const obj = o.right
      if (isModelsSnapshot(obj)) {
        const models = ModelsCodec.validate(obj, c)
        return E.isLeft(models) ? models : t.success(initial(models.right))
      }
      const errors: Array<t.ValidationError> = []
      versionOf(errors, c, obj, [SNAPSHOT_VERSION])
      const models = field(ModelsCodec, obj, "models", c, errors)
      const pending = field(Pending.codec, obj, "pending", c, errors)
      const replica = obj["replica"] === null ? null : field(ReplicaCodec, obj, "replica", c, errors)
      const out = field(OutboxCodec, obj, "outbox", c, errors)
      return done<Feedback<S>>(errors, () => ({
        models: models as Models.Models<S>,
        pending: pending as Pending.Pending,
        replica: replica as Replica.Replica<S> | null,
        recorded: Stack.fromArray((out as Outbox).recorded),
        refused: Stack.fromArray((out as Outbox).refused)
      }))
    },
    (s) => ({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      models: ModelsCodec.encode(s.models),
      pending: Pending.codec.encode(s.pending),
      replica: s.replica === null ? null : ReplicaCodec.encode(s.replica),
      outbox: OutboxCodec.encode(outbox(s))
    })
  )
}

/**
 * A feedback state's JSON snapshot (store it as one document, or split its parts).
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = <S>(state: Feedback<S>): unknown => codec(state.models.learner).encode(state)

/**
 * Decodes a feedback snapshot (or migrates a bare `Models` snapshot), reporting every problem with
 * its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode = <S>(learner: Learner<S>, u: unknown): E.Either<DecodeError, Feedback<S>> =>
  decodeWith(codec(learner))(u)

/**
 * Decodes a log of inputs (a JSON array), reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeLog: (u: unknown) => E.Either<DecodeError, ReadonlyArray<Input>> = decodeWith(
  array(InputCodec, "FeedbackLog")
)
