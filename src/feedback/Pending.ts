/**
 * The pending buffer of delayed learning: decisions whose chosen actions still await an outcome,
 * each with its response deadline, the label it has learned (if any) and the ids of the events
 * already applied to it.
 *
 * Life of one chosen action (see docs/feedback.md):
 * - `Unsent` — an outbound action not sent yet: its clock has not started; it may be sent until
 *   `decision.at + timeout`, after which it is dropped without learning anything.
 * - `Open` — the clock runs (inbound: from the decision; outbound: from its `sent` event) until
 *   `deadline = start + timeout` (clamped to `Time.MAX_INSTANT`: a deadline past the last instant is
 *   the last instant).
 * - `Held` — (aggregation `positiveWins` only) a negative arrived; it is held, and learned at the
 *   deadline unless a positive arrives first.
 * - `Answered` — a label was learned; later responses are recorded in history but not learned.
 * - `Closed` — the deadline passed (`expire`): an `Open` action became a `noResponse`, a `Held`
 *   one its held negative.
 * A decision leaves the buffer when all its actions are closed.
 *
 * Laws (for a fixed configuration):
 * - At most one label per chosen action: a positive that arrives in time is learned once, and an
 *   answered action never times out.
 * - Idempotence: an event id already applied to its decision is refused as a `duplicate`; once the
 *   decision leaves the buffer, every event about it is refused as `expired` or
 *   `unknownDecision`. Event ids are thus remembered exactly as long as their decision is pending
 *   — memory stays bounded by the pending decisions.
 * - Timeliness: an event counts only when `event.at < deadline` of its action; at or after the
 *   deadline it is refused as `expired` (whether or not `expire` has run yet).
 * - Nothing is dropped silently: every event is accepted or refused with a reason.
 * - Determinism: the result depends only on the inputs and their order within each decision;
 *   events of different decisions commute.
 * - `expire` never reopens anything; the watermark (the greatest `now` expired) only grows.
 * - `codec`: `decode(encode(p))` is `p`.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import type { Instant } from "../kernel/Time.js"
import { DAY_MS, MIN_INSTANT, MINUTE_MS } from "../kernel/Time.js"
import type { DecisionRecord } from "./DecisionRecord.js"
import type { Direction } from "../kernel/Direction.js"
import type { Event } from "./Event.js"
import { eventIdsInOrder, expireIn, NO_IDS, respondIn, timeoutIn, trackIn } from "./internal/batch.js"
import * as HashTrie from "./internal/HashTrie.js"
import { admitEvent } from "./internal/admitted.js"
import { admitRecord } from "./internal/boundary.js"
import {
  array,
  done,
  expectObject,
  failAt,
  field,
  instant,
  isRecord,
  nonEmptyString,
  oneOf,
  pushErrors,
  recordOf,
  unknownKeys,
  versionOf
} from "../kernel/internal/codec.js"
import { codec as DecisionRecordCodec } from "./DecisionRecord.js"
import { timeout } from "../kernel/internal/plausible.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

// the model lives in ./internal/pending.ts (shared with the batch internals); every type is public here
export type {
  ResponseTimeouts,
  Aggregation,
  Settings,
  Awaiting,
  Tracked,
  Pending,
  RefusalReason,
  Verdict,
  Expiry
} from "./internal/pending.js"
import type {
  ResponseTimeouts,
  Settings,
  Awaiting,
  Tracked as PendingDecision,
  Pending,
  Verdict,
  Expiry
} from "./internal/pending.js"

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Nothing pending, nothing expired yet (the watermark is `Time.MIN_INSTANT`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty: Pending = { decisions: HashTrie.empty(), watermark: MIN_INSTANT }

/**
 * Timeouts: inbound 30 minutes, outbound 7 days, no channel overrides.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultTimeouts: ResponseTimeouts = { inbound: 30 * MINUTE_MS, outbound: 7 * DAY_MS, channels: {} }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The response timeout of a chosen action on a channel.
 *
 * @category operations
 * @since 0.1.0
 */
export const timeoutOf: (timeouts: ResponseTimeouts, direction: Direction, channel: string) => number = timeoutIn

/**
 * How many decisions are pending.
 *
 * @category operations
 * @since 0.1.0
 */
export const size = (pending: Pending): number => pending.decisions.size

/**
 * The pending decision with this id, or `undefined`.
 *
 * @category operations
 * @since 0.1.0
 */
export const lookup = (pending: Pending, decisionId: string): PendingDecision | undefined =>
  HashTrie.get(pending.decisions, decisionId)

/**
 * The ids of the events applied to a pending decision, in the order applied (as snapshots list
 * them). O(n); to ask whether one id was applied, use `hasEventId`.
 *
 * @category operations
 * @since 0.1.0
 */
export const eventIdsOf = (tracked: PendingDecision): ReadonlyArray<string> => eventIdsInOrder(tracked.eventIds)

/**
 * Whether the event id was already applied to this pending decision: O(log n).
 *
 * @category operations
 * @since 0.1.0
 */
export const hasEventId = (tracked: PendingDecision, eventId: string): boolean =>
  HashTrie.has(tracked.eventIds, eventId)

/**
 * Every pending decision, by decision id ascending.
 *
 * @category operations
 * @since 0.1.0
 */
export const toArray = (pending: Pending): ReadonlyArray<PendingDecision> =>
  HashTrie.values(pending.decisions).sort((a, b) =>
    a.record.decisionId < b.record.decisionId ? -1 : a.record.decisionId > b.record.decisionId ? 1 : 0
  )

/**
 * Adds a decision to await its outcomes. Refused as `duplicate` when it is already pending, and
 * as `expired` when `expire` may already have closed it (every action's deadline is at or before
 * the watermark). A decision without actions is accepted and not kept.
 *
 * @category operations
 * @since 0.1.0
 */
export const track = (settings: Settings, pending: Pending, record: DecisionRecord): readonly [Pending, Verdict] =>
  trackIn(settings, pending, admitRecord("Pending.track", record))

/**
 * Applies one event: resolves its decision (from the buffer, or from the record it carries, which
 * is then tracked first), checks it is new, in time, not before its decision and of a configured
 * outcome, and moves its action's state. The verdict says what to record and what to learn.
 *
 * @category operations
 * @since 0.1.0
 */
export const respond = (settings: Settings, pending: Pending, event: Event): readonly [Pending, Verdict] =>
  respondIn(settings, pending, admitEvent("Pending.respond", event))

/**
 * Closes every chosen action whose deadline is at or before `now`: an `Open` one becomes a
 * `noResponse` expiry, a `Held` one gives its held negative; decisions whose actions are all
 * closed leave the buffer. The expiries are listed by deadline, then decision id, then action.
 * The watermark becomes `max(watermark, now)`. It visits every pending decision (O(pending)):
 * call it on a timer (every few seconds or minutes), not once per event.
 *
 * @category operations
 * @since 0.1.0
 */
export const expire = (pending: Pending, now: Instant): readonly [Pending, ReadonlyArray<Expiry>] =>
  expireIn(pending, now)

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const AwaitingKind = oneOf<Awaiting["_tag"]>(["Unsent", "Open", "Held", "Answered", "Closed"], "AwaitingKind")
const AnsweredLabel = oneOf<"positive" | "negative">(["positive", "negative"], "AnsweredLabel")

const AWAITING_KEYS = ["_tag", "deadline"]
const HELD_KEYS = [...AWAITING_KEYS, "outcome", "at"]
const ANSWERED_KEYS = [...AWAITING_KEYS, "label"]
// a state of no known kind: its other keys are not reported too
const ANY_KEYS = [...HELD_KEYS, "label"]

/**
 * One action's response state as JSON: `{ _tag, deadline }`, with `outcome` and `at` when held and
 * `label` when answered (any other key is reported as `unknown_key`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const AwaitingCodec: t.Type<Awaiting, unknown, unknown> = new t.Type<Awaiting, unknown, unknown>(
  "Awaiting",
  (u): u is Awaiting => isRecord(u) && AwaitingKind.is(u["_tag"]),
  (u, c) => {
    const o = expectObject(u, c, "an action state object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const errors: Array<t.ValidationError> = []
    const tag = field(AwaitingKind, obj, "_tag", c, errors)
    unknownKeys(
      errors,
      c,
      obj,
      tag === "Held" ? HELD_KEYS : tag === "Answered" ? ANSWERED_KEYS : tag === undefined ? ANY_KEYS : AWAITING_KEYS,
      "an action state"
    )
    const deadline = field(instant, obj, "deadline", c, errors) as Instant
    if (tag === "Held") {
      const outcome = field(nonEmptyString, obj, "outcome", c, errors) as string
      const at = field(instant, obj, "at", c, errors) as Instant
      return done<Awaiting>(errors, () => ({ _tag: "Held", deadline, outcome, at }))
    }
    if (tag === "Answered") {
      const l = field(AnsweredLabel, obj, "label", c, errors) as "positive" | "negative"
      return done<Awaiting>(errors, () => ({ _tag: "Answered", deadline, label: l }))
    }
    return done<Awaiting>(errors, () => ({ _tag: tag as "Unsent" | "Open" | "Closed", deadline }))
  },
  (a) => ({ ...a })
)

const PendingDecisionCodec: t.Type<PendingDecision, unknown, unknown> = new t.Type<PendingDecision, unknown, unknown>(
  "PendingDecision",
  (u): u is PendingDecision => isRecord(u) && isRecord(u["record"]) && Array.isArray(u["actions"]),
  (u, c) => {
    const o = expectObject(u, c, "a pending decision object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, obj, ["record", "actions", "eventIds"], "a pending decision")
    const record = field(DecisionRecordCodec, obj, "record", c, errors)
    const actions = field(array(AwaitingCodec), obj, "actions", c, errors)
    const eventIds = field(array(nonEmptyString), obj, "eventIds", c, errors)
    if (record !== undefined && actions !== undefined && actions.length !== record.actions.length) {
      failAt(
        errors,
        c,
        "actions",
        obj["actions"],
        "invalid_value",
        `expected one state per chosen action (${record.actions.length})`
      )
    }
    let ids = NO_IDS
    if (eventIds !== undefined && eventIds.length > 0) {
      const by = HashTrie.owner()
      const ic = t.appendContext(c, "eventIds", t.unknown, obj["eventIds"])
      eventIds.forEach((id, i) => {
        if (HashTrie.has(ids, id)) failAt(errors, ic, String(i), id, "duplicate_id", `event "${id}" is listed twice`)
        else ids = HashTrie.set(ids, id, ids.size, by)
      })
    }
    return done<PendingDecision>(errors, () => ({
      record: record as DecisionRecord,
      actions: actions as ReadonlyArray<Awaiting>,
      eventIds: ids
    }))
  },
  (p) => ({
    record: DecisionRecordCodec.encode(p.record),
    actions: p.actions.map((a) => AwaitingCodec.encode(a)),
    eventIds: eventIdsInOrder(p.eventIds)
  })
)

/**
 * The pending buffer as JSON: `{ watermark, decisions: [...] }` with the decisions by id
 * ascending (so equal buffers encode to equal text). A decision id listed twice is reported as
 * `duplicate_id`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<Pending, unknown, unknown> = new t.Type<Pending, unknown, unknown>(
  "Pending",
  (u): u is Pending => isRecord(u) && typeof u["watermark"] === "number" && isRecord(u["decisions"]),
  (u, c) => validatePending(u, c, PENDING_KEYS),
  (p) => ({ watermark: p.watermark, decisions: toArray(p).map((d) => PendingDecisionCodec.encode(d)) })
)

const PENDING_KEYS = ["watermark", "decisions"]
const SNAPSHOT_KEYS = ["format", "version", ...PENDING_KEYS]

/** a pending buffer, its keys `known` (the body alone, or in a stand-alone snapshot's envelope) */
function validatePending(u: unknown, c: t.Context, known: ReadonlyArray<string>): t.Validation<Pending> {
  const o = expectObject(u, c, "a pending buffer object")
  if (E.isLeft(o)) return o
  const obj = o.right
  const errors: Array<t.ValidationError> = []
  unknownKeys(errors, c, obj, known, "a pending buffer")
  const watermark = field(instant, obj, "watermark", c, errors)
  const list = field(array(PendingDecisionCodec), obj, "decisions", c, errors)
  if (list === undefined) return done(errors, () => empty)
  const by = HashTrie.owner()
  let decisions = HashTrie.empty<PendingDecision>()
  const dc = t.appendContext(c, "decisions", t.unknown, obj["decisions"])
  list.forEach((entry, i) => {
    if (HashTrie.has(decisions, entry.record.decisionId))
      failAt(
        errors,
        dc,
        String(i),
        entry.record.decisionId,
        "duplicate_id",
        `decision "${entry.record.decisionId}" is listed twice`
      )
    else decisions = HashTrie.set(decisions, entry.record.decisionId, entry, by)
  })
  return done<Pending>(errors, () => ({ decisions, watermark: watermark as Instant }))
}

/**
 * The format tag of a stand-alone pending-buffer snapshot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_FORMAT = "nextbest/pending"

/**
 * The snapshot version written by `encode`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_VERSION = 1

/**
 * A stand-alone, versioned snapshot of a pending buffer: `{ format: "nextbest/pending", version:
 * 1, watermark, decisions }`. Decoding also accepts the unversioned form `{ watermark, decisions }`
 * (as embedded in a feedback snapshot) and migrates it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SnapshotCodec: t.Type<Pending, unknown, unknown> = new t.Type<Pending, unknown, unknown>(
  "PendingSnapshot",
  codec.is,
  (u, c) => {
    if (isRecord(u) && u["format"] === undefined && u["version"] === undefined) return codec.validate(u, c)
    const o = expectObject(u, c, "a pending-buffer snapshot")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    versionOf(errors, c, o.right, [SNAPSHOT_VERSION])
    const body = validatePending(o.right, c, SNAPSHOT_KEYS)
    if (E.isLeft(body)) pushErrors(errors, body.left)
    return done(errors, () => (body as E.Right<Pending>).right)
  },
  (p) => ({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...(codec.encode(p) as Record<string, unknown>) })
)

/**
 * A pending buffer's versioned JSON snapshot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = (pending: Pending): unknown => SnapshotCodec.encode(pending)

/**
 * Decodes a pending-buffer snapshot (or the unversioned form), reporting every problem with its
 * path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, Pending> = decodeWith(SnapshotCodec)

const ChannelTimeouts = recordOf(timeout, "ChannelTimeouts")

/**
 * Timeouts as JSON: `{ inbound, outbound, channels? }` in whole milliseconds, each at least one
 * minute (60,000 ms): a smaller one is refused as `looks_like_seconds` (1800 is 30 minutes in
 * seconds, 1.8 s in milliseconds).
 *
 * @category codecs
 * @since 0.1.0
 */
export const TimeoutsCodec: t.Type<ResponseTimeouts, unknown, unknown> = new t.Type<ResponseTimeouts, unknown, unknown>(
  "ResponseTimeouts",
  (u): u is ResponseTimeouts =>
    isRecord(u) && typeof u["inbound"] === "number" && typeof u["outbound"] === "number" && isRecord(u["channels"]),
  (u, c) => {
    const o = expectObject(u, c, "a timeouts object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["inbound", "outbound", "channels"], "timeouts")
    const inbound = field(timeout, o.right, "inbound", c, errors)
    const outbound = field(timeout, o.right, "outbound", c, errors)
    const channels = o.right["channels"] === undefined ? {} : field(ChannelTimeouts, o.right, "channels", c, errors)
    return done<ResponseTimeouts>(errors, () => ({
      inbound: inbound as number,
      outbound: outbound as number,
      channels: channels as Readonly<Record<string, number>>
    }))
  },
  (x) => ({ inbound: x.inbound, outbound: x.outbound, channels: ChannelTimeouts.encode(x.channels) })
)
