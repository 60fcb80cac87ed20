/**
 * Feedback events: what happened to an action a decision returned — it was `sent` (outbound:
 * the response clock starts), it made an `impression` (shown, or an email opened), or the
 * customer gave a `response` with an outcome (`accepted`, `clicked`, `rejected`, or a
 * user-defined one).
 *
 * Each event carries its own id (for de-duplication), the time it happened, the action and the
 * channel it is about, and its decision: the full `DecisionRecord` (so the models learn from the
 * features they saw at decision time) or only the decision id, when the record is held in the
 * pending buffer (`Pending`) of the feedback state.
 *
 * Laws:
 * - `match` is total over the three kinds.
 * - `codec`: `decode(encode(e))` is `e` for every event (instants travel as epoch ms).
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, failure, renderFound, type DecodeError } from "../kernel/DecodeError.js"
import { interactionOf as historyInteractionOf, type Interaction } from "../history/History.js"
import type { Instant } from "../kernel/Time.js"
import type { ChosenAction, DecisionRecord } from "./DecisionRecord.js"
import {
  done,
  expectObject,
  field,
  instant,
  isRecord,
  nonEmptyString,
  oneOf,
  unknownKeys
} from "../kernel/internal/codec.js"
import { actionIdCodec, channelCodec } from "../kernel/internal/names.js"
import { codec as DecisionRecordCodec } from "./DecisionRecord.js"
import { IMPRESSION, SENT } from "./Outcome.js"
import { misuse } from "../kernel/internal/misuse.js"
import { checkDecisionField, checkInstantField, checkNameField, checkTextField } from "./internal/boundary.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An event's decision: the record itself, or the id of a record held in the pending buffer.
 *
 * @category model
 * @since 0.1.0
 */
export type DecisionRef = DecisionRecord | string

/**
 * The fields every event has: its id, time, action, channel and decision.
 *
 * @category model
 * @since 0.1.0
 */
export interface Fields<D extends DecisionRef> {
  /** unique per event: an event id already applied to its decision is not applied again */
  readonly eventId: string
  /** when it happened */
  readonly at: Instant
  /** the action it is about (one of the decision's chosen actions) */
  readonly actionId: string
  /** the channel it happened on (with `actionId`, picks the chosen action) */
  readonly channel: string
  /** the decision record, or its id */
  readonly decision: D
}

/**
 * An outbound action went out: its response clock starts now (Pega's "Pending").
 *
 * @category model
 * @since 0.1.0
 */
export interface Sent<D extends DecisionRef = DecisionRef> extends Fields<D> {
  readonly _tag: "Sent"
}

/**
 * An action was shown (inbound), or an outbound message was opened.
 *
 * @category model
 * @since 0.1.0
 */
export interface Impression<D extends DecisionRef = DecisionRef> extends Fields<D> {
  readonly _tag: "Impression"
}

/**
 * The customer answered: `accepted`, `clicked`, `rejected`, or a user-defined outcome name.
 *
 * @category model
 * @since 0.1.0
 */
export interface Response<D extends DecisionRef = DecisionRef> extends Fields<D> {
  readonly _tag: "Response"
  readonly outcome: string
}

/**
 * A feedback event.
 *
 * @category model
 * @since 0.1.0
 */
export type Event<D extends DecisionRef = DecisionRef> = Sent<D> | Impression<D> | Response<D>

/**
 * An event that carries its decision record: what `Feedback.learn` and `History.record`
 * take.
 *
 * @category model
 * @since 0.1.0
 */
export type ResolvedEvent = Event<DecisionRecord>

/**
 * The fields every event has, for the constructors.
 *
 * @category model
 * @since 0.1.0
 */
export type Init<D extends DecisionRef = DecisionRef> = Fields<D>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** the constructors' checks (a few comparisons; a decision record is admitted): a wrong field throws */
const checked = <I extends Init<DecisionRef>>(api: string, init: I): I => {
  if (!isRecord(init)) return misuse(api, `init: expected the event's fields, found ${renderFound(init)}`)
  checkTextField(api, "init", "eventId", init.eventId)
  checkInstantField(api, "init", "at", init.at)
  checkNameField(api, "init", "actionId", "action id", init.actionId)
  checkNameField(api, "init", "channel", "channel", init.channel)
  checkDecisionField(api, "init", init.decision)
  return init
}

/**
 * A `sent` event. Throws a `TypeError` naming the field when one is not valid (an `at`
 * that is not an instant, an empty id, a decision record that is not decoded or valid).
 *
 * @category constructors
 * @since 0.1.0
 */
export const sent = <D extends DecisionRef>(init: Init<D>): Sent<D> => ({
  _tag: "Sent",
  eventId: checked("Event.sent", init).eventId,
  at: init.at,
  actionId: init.actionId,
  channel: init.channel,
  decision: init.decision
})

/**
 * An `impression` event. Throws a `TypeError` naming the field when one is not valid (an `at`
 * that is not an instant, an empty id, a decision record that is not decoded or valid).
 *
 * @category constructors
 * @since 0.1.0
 */
export const impression = <D extends DecisionRef>(init: Init<D>): Impression<D> => ({
  _tag: "Impression",
  eventId: checked("Event.impression", init).eventId,
  at: init.at,
  actionId: init.actionId,
  channel: init.channel,
  decision: init.decision
})

/**
 * A response with an outcome. Throws a `TypeError` naming the field when one is not valid (an
 * `at` that is not an instant, an empty id or outcome, a decision record that is not decoded or
 * valid): decode JSON events with `decode`.
 *
 * @example
 * import { Event } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const click = Event.response(
 *   { eventId: "e-7", at: 1_714_555_800_000, actionId: "GoldCard", channel: "web", decision: "d-1" },
 *   "clicked"
 * )
 * assert.strictEqual(Event.outcomeOf(click), "clicked")
 * assert.strictEqual(Event.decisionIdOf(click), "d-1")
 *
 * @category constructors
 * @since 0.1.0
 */
export const response = <D extends DecisionRef>(init: Init<D>, outcome: string): Response<D> => {
  checkTextField("Event.response", "outcome", "", outcome)
  return {
    _tag: "Response",
    eventId: checked("Event.response", init).eventId,
    at: init.at,
    actionId: init.actionId,
    channel: init.channel,
    decision: init.decision,
    outcome
  }
}

/**
 * The same event, carrying `record` as its decision.
 *
 * @category constructors
 * @since 0.1.0
 */
export const withRecord = (event: Event, record: DecisionRecord): ResolvedEvent => ({ ...event, decision: record })

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * Folds an event by kind.
 *
 * @category destructors
 * @since 0.1.0
 */
export const match =
  <D extends DecisionRef, B>(cases: {
    readonly Sent: (e: Sent<D>) => B
    readonly Impression: (e: Impression<D>) => B
    readonly Response: (e: Response<D>) => B
  }) =>
  (event: Event<D>): B => {
    switch (event._tag) {
      case "Sent":
        return cases.Sent(event)
      case "Impression":
        return cases.Impression(event)
      case "Response":
        return cases.Response(event)
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The outcome name an event records in history: `sent`, `impression`, or the response's outcome.
 *
 * @category operations
 * @since 0.1.0
 */
export const outcomeOf = (event: Event): string =>
  event._tag === "Response" ? event.outcome : event._tag === "Sent" ? SENT : IMPRESSION

/**
 * The id of the event's decision.
 *
 * @category operations
 * @since 0.1.0
 */
export const decisionIdOf = (event: Event): string =>
  typeof event.decision === "string" ? event.decision : event.decision.decisionId

/**
 * Whether the event carries its decision record.
 *
 * @category refinements
 * @since 0.1.0
 */
export const isResolved = (event: Event): event is ResolvedEvent => typeof event.decision !== "string"

/**
 * The index, in `record.actions`, of the chosen action an event is about (same action id and
 * channel; the first such), or -1.
 *
 * @category operations
 * @since 0.1.0
 */
export const actionIndex = (record: DecisionRecord, event: Event): number => {
  const actions = record.actions
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as ChosenAction
    if (a.actionId === event.actionId && a.channel === event.channel) return i
  }
  return -1
}

/**
 * The chosen action an event is about, or `undefined` when its decision did not return it.
 *
 * @category operations
 * @since 0.1.0
 */
export const chosenAction = (event: ResolvedEvent): ChosenAction | undefined => {
  const i = actionIndex(event.decision, event)
  return i < 0 ? undefined : event.decision.actions[i]
}

/**
 * The history entry of an outcome of a chosen action.
 *
 * @category constructors
 * @since 0.1.0
 */
export const interaction = (
  record: DecisionRecord,
  action: ChosenAction,
  outcome: string,
  at: Instant
): Interaction => ({
  at,
  actionId: action.actionId,
  issue: action.issue,
  group: action.group,
  channel: action.channel,
  outcome,
  decisionId: record.decisionId
})

/**
 * The history entry an event leaves, or `undefined` when its decision did not return the action
 * (`History.interactionOf`).
 *
 * @category operations
 * @since 0.1.0
 */
export const interactionOf = (event: ResolvedEvent): Interaction | undefined => historyInteractionOf(event)

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const Kind = oneOf<Event["_tag"]>(["Sent", "Impression", "Response"], "EventKind")

const DecisionRefCodec = new t.Type<DecisionRef, unknown, unknown>(
  "DecisionRef",
  (u): u is DecisionRef => typeof u === "string" || DecisionRecordCodec.is(u),
  (u, c) =>
    typeof u === "string"
      ? nonEmptyString.validate(u, c)
      : isRecord(u)
        ? DecisionRecordCodec.validate(u, c)
        : u === undefined
          ? failure(u, c, "required", "required: expected a decision record or a decision id")
          : failure(u, c, "invalid_type", "expected a decision record or a decision id"),
  (d) => (typeof d === "string" ? d : DecisionRecordCodec.encode(d))
)

const EVENT_KEYS = ["_tag", "eventId", "at", "actionId", "channel", "decision"]
const RESPONSE_KEYS = [...EVENT_KEYS, "outcome"]

/**
 * An event as JSON: `{ _tag: "Sent" | "Impression" | "Response", eventId, at, actionId, channel,
 * decision, outcome? }` where `decision` is a decision record or a decision id, `at` epoch
 * milliseconds or ISO 8601 text, and `outcome` is required for responses (and is an unknown key on
 * the other kinds). Any other key is reported as `unknown_key`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<Event, unknown, unknown> = new t.Type<Event, unknown, unknown>(
  "Event",
  (u): u is Event =>
    isRecord(u) && Kind.is(u["_tag"]) && typeof u["eventId"] === "string" && DecisionRefCodec.is(u["decision"]),
  (u, c) => {
    const o = expectObject(u, c, "an event object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const errors: Array<t.ValidationError> = []
    const tag = field(Kind, obj, "_tag", c, errors)
    unknownKeys(errors, c, obj, tag === "Sent" || tag === "Impression" ? EVENT_KEYS : RESPONSE_KEYS, "an event")
    const eventId = field(nonEmptyString, obj, "eventId", c, errors)
    const at = field(instant, obj, "at", c, errors)
    const actionId = field(actionIdCodec, obj, "actionId", c, errors)
    const channel = field(channelCodec, obj, "channel", c, errors)
    const decision = field(DecisionRefCodec, obj, "decision", c, errors)
    const outcome = tag === "Response" ? field(nonEmptyString, obj, "outcome", c, errors) : undefined
    return done<Event>(errors, () => {
      const init: Init = {
        eventId: eventId as string,
        at: at as Instant,
        actionId: actionId as string,
        channel: channel as string,
        decision: decision as DecisionRef
      }
      return tag === "Sent" ? sent(init) : tag === "Impression" ? impression(init) : response(init, outcome as string)
    })
  },
  (e) => {
    const out: Record<string, unknown> = {
      _tag: e._tag,
      eventId: e.eventId,
      at: e.at,
      actionId: e.actionId,
      channel: e.channel,
      decision: DecisionRefCodec.encode(e.decision)
    }
    if (e._tag === "Response") out["outcome"] = e.outcome
    return out
  }
)

/**
 * Decodes one event, reporting every problem with its path.
 *
 * @example
 * import { Event } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const ok = Event.decode({
 *   _tag: "Response",
 *   eventId: "e-1",
 *   at: "2024-05-01T09:30:00Z",
 *   actionId: "GoldCard",
 *   channel: "web",
 *   decision: "d-1",
 *   outcome: "accepted"
 * })
 * assert.strictEqual(ok._tag, "Right")
 * const bad = Event.decode({
 *   _tag: "Response",
 *   eventId: "e-1",
 *   at: "yesterday",
 *   actionId: "GoldCard",
 *   channel: "web",
 *   decision: "d-1"
 * })
 * assert.strictEqual(bad._tag, "Left")
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, Event> = decodeWith(codec)
