/**
 * Internal: the batch-performance side of the pending buffer — batch tokens, cursors that
 * `Feedback.applyAll` updates in place within one batch, and `track`/`respond`/`expire` on them.
 * `Pending` is the public facade (`Pending.track`, `Pending.respond`, `Pending.expire` call these
 * without a batch). Not part of the public surface.
 *
 * @internal
 * @since 0.1.0
 */
import { clamp, type Instant } from "../../kernel/Time.js"
import type { Direction } from "../../kernel/Direction.js"
import { hasOwn } from "../../kernel/internal/codec.js"
import type { ChosenAction, DecisionRecord } from "../DecisionRecord.js"
import { actionIndex, outcomeOf, type Event } from "../Event.js"
import { IMPRESSION, isConfigured, label, NO_RESPONSE, SENT, type Labels } from "../Outcome.js"
import type {
  Awaiting,
  Expiry,
  Pending,
  Tracked as PendingDecision,
  RefusalReason,
  ResponseTimeouts,
  Settings,
  Verdict
} from "./pending.js"
import * as HashTrie from "./HashTrie.js"

/**
 * A batch token: updates made within one batch may reuse, in place, the trie nodes the batch
 * itself created (never those of a pending buffer given to it). See `HashTrie`.
 *
 * @category model
 * @since 0.1.0
 */
export type Batch = HashTrie.Owner

/**
 * A new batch token.
 *
 * @category constructors
 * @since 0.1.0
 */
export const batch = (): Batch => HashTrie.owner()

/**
 * The response timeout of a chosen action on a channel (public as `Pending.timeoutOf`).
 *
 * @category operations
 * @since 0.1.0
 */
export const timeoutIn = (timeouts: ResponseTimeouts, direction: Direction, channel: string): number =>
  hasOwn(timeouts.channels, channel)
    ? (timeouts.channels[channel] as number)
    : direction === "inbound"
      ? timeouts.inbound
      : timeouts.outbound

/**
 * The shared empty set of event ids.
 *
 * @category operations
 * @since 0.1.0
 */
export const NO_IDS: HashTrie.HashTrie<number> = HashTrie.empty()

/**
 * The event ids of a pending decision in the order applied (public as `Pending.eventIdsOf`): O(n),
 * each id's value is its position.
 *
 * @category operations
 * @since 0.1.0
 */
export const eventIdsInOrder = (ids: HashTrie.HashTrie<number>): Array<string> => {
  const out = new Array<string>(ids.size)
  HashTrie.forEach(ids, (id, position) => {
    out[position] = id
  })
  return out
}

const freshActions = (record: DecisionRecord, timeouts: ResponseTimeouts): Array<Awaiting> =>
  record.actions.map((a: ChosenAction): Awaiting =>
    record.direction === "outbound"
      ? { _tag: "Unsent", deadline: clamp(record.at + timeoutIn(timeouts, "outbound", a.channel)) }
      : { _tag: "Open", deadline: clamp(record.at + timeoutIn(timeouts, "inbound", a.channel)) }
  )

const fresh = (record: DecisionRecord, timeouts: ResponseTimeouts): PendingDecision => ({
  record,
  actions: freshActions(record, timeouts),
  eventIds: NO_IDS
})

/** whether a decision not in the buffer may have been expired already: every action's earliest possible deadline is ≤
 * the watermark */
const mayHaveClosed = (watermark: Instant, record: DecisionRecord, timeouts: ResponseTimeouts): boolean => {
  for (const a of record.actions)
    if (clamp(record.at + timeoutIn(timeouts, record.direction, a.channel)) > watermark) return false
  return true
}

const quoted = (names: ReadonlyArray<string>, max: number): string =>
  names.length === 0
    ? "none"
    : names
        .slice(0, max)
        .map((n) => JSON.stringify(n))
        .join(", ") + (names.length > max ? `, … (${names.length - max} more)` : "")

/** the configured outcomes, for a refusal's message (at most 20 names per list) */
const configured = (labels: Labels): string =>
  `positive: ${quoted(labels.positive, 20)}; negative: ${quoted(labels.negative, 20)}; neutral: ${quoted(
    labels.neutral ?? [],
    20
  )}; built in: ${quoted([SENT, IMPRESSION, NO_RESPONSE], 3)}`

const TRACKED: Verdict = { _tag: "Tracked" }

const refused = (reason: RefusalReason, message: string): Verdict => ({ _tag: "Refused", reason, message })

/**
 * A pending buffer being updated within one batch: `run`-style loops keep one cursor and let the
 * operations below replace its fields, instead of allocating a new buffer and a tuple per input.
 *
 * @category model
 * @since 0.1.0
 */
export interface Cursor {
  decisions: HashTrie.HashTrie<PendingDecision>
  watermark: Instant
}

/**
 * A cursor over a pending buffer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const cursor = (pending: Pending): Cursor => ({ decisions: pending.decisions, watermark: pending.watermark })

/**
 * The pending buffer a cursor holds now.
 *
 * @category destructors
 * @since 0.1.0
 */
export const settle = (c: Cursor): Pending => ({ decisions: c.decisions, watermark: c.watermark })

/**
 * `Pending.track` on a cursor.
 *
 * @category operations
 * @since 0.1.0
 */
export const trackAt = (settings: Settings, c: Cursor, record: DecisionRecord, by?: Batch): Verdict => {
  if (record.actions.length === 0) return TRACKED
  if (HashTrie.has(c.decisions, record.decisionId))
    return refused("duplicate", `decision "${record.decisionId}" is already pending`)
  if (mayHaveClosed(c.watermark, record, settings.timeouts))
    return refused(
      "expired",
      `decision "${record.decisionId}" is past its response window (expired up to ${c.watermark})`
    )
  c.decisions = HashTrie.set(c.decisions, record.decisionId, fresh(record, settings.timeouts), by)
  return TRACKED
}

const replaceAt = <A>(xs: ReadonlyArray<A>, i: number, x: A): ReadonlyArray<A> => {
  const out = xs.slice()
  out[i] = x
  return out
}

/** the ids with `id` appended (it is not there yet): O(log n), sharing structure */
const withEventId = (ids: HashTrie.HashTrie<number>, id: string, hash: number): HashTrie.HashTrie<number> =>
  HashTrie.setHashed(ids, id, hash, ids.size)

/**
 * `Pending.respond` on a cursor.
 *
 * @category operations
 * @since 0.1.0
 */
export const respondAt = (settings: Settings, c: Cursor, event: Event, by?: Batch): Verdict => {
  const decisionId = typeof event.decision === "string" ? event.decision : event.decision.decisionId
  const hash = HashTrie.hashOf(decisionId)
  const idHash = HashTrie.hashOf(event.eventId)
  const entry = HashTrie.getHashed(c.decisions, decisionId, hash)
  let record: DecisionRecord
  let actions: ReadonlyArray<Awaiting>
  let eventIds: HashTrie.HashTrie<number>
  // a decision tracked on the fly: its fresh action states are local until stored, so they may be changed in place
  let local: Array<Awaiting> | null = null
  if (entry === undefined) {
    if (typeof event.decision === "string")
      return refused("unknownDecision", `decision "${decisionId}" is not pending (never tracked, or expired)`)
    record = event.decision
    if (record.actions.length === 0) return refused("unknownAction", `decision "${decisionId}" returned no actions`)
    if (mayHaveClosed(c.watermark, record, settings.timeouts))
      return refused("expired", `decision "${decisionId}" is past its response window (expired up to ${c.watermark})`)
    local = freshActions(record, settings.timeouts)
    actions = local
    eventIds = NO_IDS
  } else {
    if (HashTrie.getHashed(entry.eventIds, event.eventId, idHash) !== undefined)
      return refused("duplicate", `event "${event.eventId}" was already applied to decision "${decisionId}"`)
    record = entry.record
    actions = entry.actions
    eventIds = entry.eventIds
  }
  const index = actionIndex(record, event)
  if (index < 0)
    return refused(
      "unknownAction",
      `decision "${decisionId}" did not return action "${event.actionId}" on channel "${event.channel}"`
    )
  if (event.at < record.at)
    return refused(
      "beforeDecision",
      `event "${event.eventId}" at ${event.at} is stamped before its decision "${decisionId}" at ${record.at}`
    )
  const state = actions[index] as Awaiting
  if (state._tag === "Closed")
    return refused(
      "expired",
      `action "${event.actionId}" of decision "${decisionId}" was closed at its deadline ${state.deadline}`
    )
  if (event.at >= state.deadline)
    return refused(
      "expired",
      `event "${event.eventId}" at ${event.at} came at or after the deadline ${state.deadline} of action "${event.actionId}" of decision "${decisionId}"`
    )

  let next: Awaiting = state
  if (event._tag === "Sent" && state._tag === "Unsent")
    next = { _tag: "Open", deadline: clamp(event.at + timeoutIn(settings.timeouts, record.direction, event.channel)) }
  let learn: "positive" | "negative" | null = null
  const outcome = outcomeOf(event)
  const l = label(settings.labels, outcome)
  if (l === "unlisted" && !isConfigured(settings.labels, outcome))
    return refused(
      "unknownOutcome",
      `outcome "${outcome}" of event "${event.eventId}" is not configured (${configured(settings.labels)})`
    )
  if (l === "positive" && next._tag !== "Answered") {
    learn = "positive"
    next = { _tag: "Answered", deadline: next.deadline, label: "positive" }
  } else if (l === "negative" && (next._tag === "Unsent" || next._tag === "Open")) {
    if (settings.aggregation === "positiveWins") next = { _tag: "Held", deadline: next.deadline, outcome, at: event.at }
    else {
      learn = "negative"
      next = { _tag: "Answered", deadline: next.deadline, label: "negative" }
    }
  }
  if (next !== state) {
    if (local !== null) local[index] = next
    else actions = replaceAt(actions, index, next)
  }
  const updated: PendingDecision = { record, actions, eventIds: withEventId(eventIds, event.eventId, idHash) }
  c.decisions = HashTrie.setHashed(c.decisions, decisionId, hash, updated, by)
  return { _tag: "Accepted", record, index, learn }
}

/**
 * `Pending.track`, within a batch.
 *
 * @category operations
 * @since 0.1.0
 */
export const trackIn = (
  settings: Settings,
  pending: Pending,
  record: DecisionRecord,
  by?: Batch
): readonly [Pending, Verdict] => {
  const c = cursor(pending)
  const verdict = trackAt(settings, c, record, by)
  return [c.decisions === pending.decisions ? pending : settle(c), verdict]
}

/**
 * `Pending.respond`, within a batch.
 *
 * @category operations
 * @since 0.1.0
 */
export const respondIn = (
  settings: Settings,
  pending: Pending,
  event: Event,
  by?: Batch
): readonly [Pending, Verdict] => {
  const c = cursor(pending)
  const verdict = respondAt(settings, c, event, by)
  return [c.decisions === pending.decisions ? pending : settle(c), verdict]
}

/**
 * `Pending.expire`, within a batch.
 *
 * @category operations
 * @since 0.1.0
 */
export const expireIn = (pending: Pending, now: Instant, by?: Batch): readonly [Pending, ReadonlyArray<Expiry>] => {
  const found: Array<readonly [Instant, Expiry]> = []
  const changes: Array<readonly [string, PendingDecision | null]> = []
  HashTrie.forEach(pending.decisions, (decisionId, entry) => {
    let actions: Array<Awaiting> | null = null
    let open = 0
    for (let i = 0; i < entry.actions.length; i++) {
      const a = entry.actions[i] as Awaiting
      if (a._tag === "Closed") continue
      if (a.deadline > now) {
        open++
        continue
      }
      if (a._tag === "Open")
        found.push([a.deadline, { record: entry.record, index: i, kind: "noResponse", at: a.deadline }])
      else if (a._tag === "Held") found.push([a.deadline, { record: entry.record, index: i, kind: "held", at: a.at }])
      if (actions === null) actions = entry.actions.slice()
      actions[i] = { _tag: "Closed", deadline: a.deadline }
    }
    if (actions !== null)
      changes.push([decisionId, open === 0 ? null : { record: entry.record, actions, eventIds: entry.eventIds }])
  })
  const local = by ?? HashTrie.owner()
  let decisions = pending.decisions
  for (const [id, entry] of changes)
    decisions = entry === null ? HashTrie.remove(decisions, id, local) : HashTrie.set(decisions, id, entry, local)
  found.sort(
    (x, y) =>
      x[0] - y[0] ||
      (x[1].record.decisionId < y[1].record.decisionId
        ? -1
        : x[1].record.decisionId > y[1].record.decisionId
          ? 1
          : x[1].index - y[1].index)
  )
  return [{ decisions, watermark: now > pending.watermark ? now : pending.watermark }, found.map((f) => f[1])]
}
