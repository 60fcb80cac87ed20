/**
 * A subject's interaction history — what was shown or sent to one customer, and how they answered,
 * oldest first — in one place: the `Interaction` and `History` types, THE interaction codec and the
 * history snapshot codec, retention (`prune`, `append`), and the queries contact policies and
 * history features read (`matches`, `count`, `lastAt`, `daysSinceLast`). The feedback loop writes
 * histories (`record`, or the outbox's `recorded` interactions with `append`); suppression,
 * contact limits, history features and requests read them.
 *
 * JSON: an interaction is `{ at, actionId, issue, group, channel, outcome, decisionId? }` with
 * non-empty ids; `at` is read from epoch milliseconds or ISO 8601 text and written as epoch
 * milliseconds. A history snapshot is `{ format: "nextbest/history", version: 1, interactions }`;
 * a bare array of interactions decodes too.
 *
 * Laws:
 * - Order: `append` keeps a history sorted by time, oldest first (an interaction is placed after
 *   those at the same instant).
 * - Retention: after `append(retention)`, the history holds every interaction it held or was given
 *   whose time is within `retention.window` of the newest one (`at ≥ newest − window`), and nothing
 *   older; when `retention.limit` is set, at most that many of the newest are kept.
 * - `prune` is idempotent.
 * - Snapshots: `decode(encode(h))` is `h`; a bare JSON array of interactions (the unversioned
 *   form) decodes too and is migrated.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import {
  arrayAtMost,
  done,
  duration,
  expectObject,
  field,
  instant,
  integerAtLeast,
  isRecord,
  nonEmptyString,
  optionalField,
  struct,
  unknownKeys,
  versionOf
} from "../kernel/internal/codec.js"
import { misuse } from "../kernel/internal/misuse.js"
import { DAY_MS, type Instant } from "../kernel/Time.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Built-in outcome names. Users may record other outcome names too (mapped to positive or
 * negative, or to neither, by the feedback configuration).
 *
 * @category model
 * @since 0.1.0
 */
export type BuiltInOutcome = "impression" | "sent" | "accepted" | "clicked" | "rejected" | "noResponse"

/**
 * One interaction of one subject with one action on one channel.
 *
 * @category model
 * @since 0.1.0
 */
export interface Interaction {
  /** when it happened */
  readonly at: Instant
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
  /** a built-in outcome name or a user-defined one */
  readonly outcome: string
  /** the decision this interaction belongs to, when known */
  readonly decisionId?: string
}

/**
 * A subject's interactions, oldest first.
 *
 * @category model
 * @since 0.1.0
 */
export type History = ReadonlyArray<Interaction>

/**
 * How much history to keep: interactions within `window` milliseconds of the newest one and, when
 * `limit` is set, at most that many.
 *
 * @category model
 * @since 0.1.0
 */
export interface Retention {
  readonly window: number
  readonly limit?: number
}

/**
 * Which interactions to count: all of them, or only those matching every field given.
 *
 * @category model
 * @since 0.1.0
 */
export interface Query {
  readonly outcomes?: ReadonlyArray<string>
  readonly actionId?: string
  readonly issue?: string
  readonly group?: string
  readonly channel?: string
}

/**
 * What `record` reads of a feedback event — a feedback `Event` that carries its decision record
 * (`Event.ResolvedEvent`) is one: its kind, time, action and channel, its outcome (responses), and
 * the decision's id and chosen actions.
 *
 * @category model
 * @since 0.1.0
 */
export interface Recordable {
  readonly _tag: "Sent" | "Impression" | "Response"
  readonly at: Instant
  readonly actionId: string
  readonly channel: string
  /** the outcome of a response */
  readonly outcome?: string
  readonly decision: {
    readonly decisionId: string
    readonly actions: ReadonlyArray<{
      readonly actionId: string
      readonly issue: string
      readonly group: string
      readonly channel: string
    }>
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A retention policy. Throws a `TypeError` when the window is not a positive whole number of
 * milliseconds or the limit not a positive whole number (a programming mistake).
 *
 * @category constructors
 * @since 0.1.0
 */
export const retention = (window: number, limit?: number): Retention => {
  if (!Number.isSafeInteger(window) || window < 1)
    return misuse("History.retention", `window must be a positive whole number of milliseconds, got ${window}`)
  if (limit === undefined) return { window }
  if (!Number.isSafeInteger(limit) || limit < 1)
    return misuse("History.retention", `limit must be a positive whole number, got ${limit}`)
  return { window, limit }
}

/**
 * Keep 400 days (enough for yearly contact policies and "days since last" features), no count
 * limit.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultRetention: Retention = retention(400 * DAY_MS)

/**
 * The empty history.
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty: History = []

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/** first index whose time is ≥ `at` */
const lowerBound = (history: History, at: Instant): number => {
  let lo = 0
  let hi = history.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((history[mid] as Interaction).at < at) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** first index whose time is > `at` */
const upperBound = (history: History, at: Instant): number => {
  let lo = 0
  let hi = history.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((history[mid] as Interaction).at <= at) lo = mid + 1
    else hi = mid
  }
  return lo
}

const limited = (history: History, r: Retention): History =>
  r.limit !== undefined && history.length > r.limit ? history.slice(history.length - r.limit) : history

/**
 * The history without interactions older than `now − window` (and, with a limit, only the
 * newest `limit`). Returns the same array when nothing is dropped.
 *
 * @category operations
 * @since 0.1.0
 */
export const prune =
  (r: Retention) =>
  (history: History, now: Instant): History => {
    const start = lowerBound(history, now - r.window)
    return limited(start === 0 ? history : history.slice(start), r)
  }

/**
 * Adds one interaction in time order and prunes to the retention window measured from the newest
 * interaction. An interaction already outside the window is not added.
 *
 * @category operations
 * @since 0.1.0
 */
export const append =
  (r: Retention) =>
  (history: History, entry: Interaction): History => {
    const n = history.length
    const last = n > 0 ? (history[n - 1] as Interaction).at : entry.at
    const newest = last > entry.at ? last : entry.at
    const from = newest - r.window
    // usually nothing is old enough to drop: check the oldest before searching
    const start = n === 0 || (history[0] as Interaction).at >= from ? 0 : lowerBound(history, from)
    if (entry.at < from) return limited(start === 0 ? history : history.slice(start), r)
    const pos = entry.at >= last ? n : upperBound(history, entry.at)
    const out: Array<Interaction> = new Array<Interaction>(n - start + 1)
    let j = 0
    for (let i = start; i < pos; i++) out[j++] = history[i] as Interaction
    out[j++] = entry
    for (let i = pos; i < n; i++) out[j++] = history[i] as Interaction
    return limited(out, r)
  }

/**
 * The interaction an event leaves: the chosen action of its decision with the same action id and
 * channel (the first such), with the event's outcome (`sent` for a sent event, `impression` for
 * an impression) and time; `undefined` when the decision did not return that action.
 *
 * @category operations
 * @since 0.1.0
 */
export const interactionOf = (event: Recordable): Interaction | undefined => {
  const actions = event.decision.actions
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as Recordable["decision"]["actions"][number]
    if (a.actionId === event.actionId && a.channel === event.channel) {
      const outcome: string =
        event._tag === "Response" ? (event.outcome as string) : event._tag === "Sent" ? "sent" : "impression"
      return {
        at: event.at,
        actionId: a.actionId,
        issue: a.issue,
        group: a.group,
        channel: a.channel,
        outcome,
        decisionId: event.decision.decisionId
      }
    }
  }
  return undefined
}

/**
 * The history after an event: its interaction appended (`History.append`), pruned to the
 * retention window. An event about an action its decision did not return leaves the history as it
 * is. Pure and `reduce`-friendly; it does not de-duplicate — feed it the `recorded` interactions
 * of the feedback state's outbox (or events the feedback state accepted) for exactly-once history.
 *
 * @example
 * import { Event, History } from "nextbest"
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
 * const events = [
 *   Event.impression({ eventId: "e-1", at: 1_000, actionId: "GoldCard", channel: "web", decision }),
 *   Event.response({ eventId: "e-2", at: 5_000, actionId: "GoldCard", channel: "web", decision }, "clicked")
 * ]
 * const history = events.reduce(History.record(History.defaultRetention), History.empty)
 * assert.deepStrictEqual(
 *   history.map((i) => i.outcome),
 *   ["impression", "clicked"]
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const record = (r: Retention) => {
  const add = append(r)
  return (history: History, event: Recordable): History => {
    const entry = interactionOf(event)
    return entry === undefined ? history : add(history, entry)
  }
}

/**
 * Whether an interaction matches a query.
 *
 * @category operations
 * @since 0.1.0
 */
export const matches =
  (q: Query) =>
  (i: Interaction): boolean =>
    (q.outcomes === undefined || q.outcomes.includes(i.outcome)) &&
    (q.actionId === undefined || q.actionId === i.actionId) &&
    (q.issue === undefined || q.issue === i.issue) &&
    (q.group === undefined || q.group === i.group) &&
    (q.channel === undefined || q.channel === i.channel)

/**
 * How many matching interactions happened in the window `(now − windowMs, now]`.
 *
 * @example
 * import { History } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const shown = (at: number) => ({
 *   at,
 *   actionId: "A",
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "web",
 *   outcome: "impression"
 * })
 * const history = [shown(1_000), shown(2_000), shown(9_000)]
 * assert.strictEqual(History.count(history, { outcomes: ["impression"] }, 9_000, 7_500), 2)
 *
 * @category operations
 * @since 0.1.0
 */
export const count = (history: History, q: Query, now: Instant, windowMs: number): number => {
  const keep = matches(q)
  let n = 0
  for (let i = upperBound(history, now - windowMs); i < history.length; i++) {
    const entry = history[i] as Interaction
    if (entry.at > now) break
    if (keep(entry)) n++
  }
  return n
}

/**
 * When the last matching interaction at or before `now` happened, or `undefined`.
 *
 * @category operations
 * @since 0.1.0
 */
export const lastAt = (history: History, q: Query, now: Instant): Instant | undefined => {
  const keep = matches(q)
  for (let i = upperBound(history, now) - 1; i >= 0; i--) {
    const entry = history[i] as Interaction
    if (keep(entry)) return entry.at
  }
  return undefined
}

/**
 * Days (fractional) since the last matching interaction, or `null` when there was none.
 *
 * @category operations
 * @since 0.1.0
 */
export const daysSinceLast = (history: History, q: Query, now: Instant): number | null => {
  const at = lastAt(history, q, now)
  return at === undefined ? null : (now - at) / DAY_MS
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * THE interaction codec — the one a request's `subject.history`, a history snapshot and the
 * feedback outbox all use: `{ at, actionId, issue, group, channel, outcome, decisionId? }`, every
 * id a non-empty string, no other key (`unknown_key`). `at` is read from epoch milliseconds or
 * ISO 8601 text with a zone, and always written as epoch milliseconds (the canonical form).
 *
 * @category codecs
 * @since 0.1.0
 */
export const InteractionCodec: t.Type<Interaction, unknown, unknown> = struct(
  "interaction",
  {
    at: instant,
    actionId: nonEmptyString,
    issue: nonEmptyString,
    group: nonEmptyString,
    channel: nonEmptyString,
    outcome: nonEmptyString
  },
  { decisionId: nonEmptyString }
)

/**
 * The most interactions one history from outside may hold (200,000: a subject's history in a
 * request or in a history snapshot). A longer one is one `too_large` problem at its path and its
 * interactions are not read. Histories built in code have no limit; decisions cost linear time
 * in the history's length (about 120 ms for a decision over 20 actions at 200,000 interactions).
 *
 * @category codecs
 * @since 0.1.0
 */
export const MAX_INTERACTIONS = 200_000

const InteractionArray = arrayAtMost(InteractionCodec, MAX_INTERACTIONS, "interactions", "Interactions")

const sortByTime = (history: ReadonlyArray<Interaction>): History => {
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as Interaction).at < (history[i - 1] as Interaction).at)
      return [...history].sort((a, b) => a.at - b.at)
  }
  return history
}

/**
 * A history as a bare JSON array of interactions (the unversioned form), at most
 * `MAX_INTERACTIONS` of them (`too_large`). Decoding sorts it oldest first (stably) when it is not.
 *
 * @category codecs
 * @since 0.1.0
 */
export const InteractionsCodec: t.Type<History, unknown, unknown> = new t.Type<History, unknown, unknown>(
  "History",
  (u): u is History => Array.isArray(u) && u.every(InteractionCodec.is),
  (u, c) => {
    const result = InteractionArray.validate(u, c)
    return E.isLeft(result) ? result : t.success(sortByTime(result.right))
  },
  (h) => h.map((i) => InteractionCodec.encode(i))
)

/**
 * The snapshot format written by `encode`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_FORMAT = "nextbest/history"

/**
 * The snapshot version written by `encode`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_VERSION = 1

/**
 * A versioned history snapshot: `{ format: "nextbest/history", version: 1, interactions }`.
 * Decoding also accepts a bare array of interactions (the unversioned form: a `History` written
 * with `JSON.stringify`) and migrates it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<History, unknown, unknown> = new t.Type<History, unknown, unknown>(
  "HistorySnapshot",
  InteractionsCodec.is,
  (u, c) => {
    if (Array.isArray(u)) return InteractionsCodec.validate(u, c)
    const o = expectObject(u, c, "a history snapshot")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["format", "version", "interactions"], "a history snapshot")
    versionOf(errors, c, o.right, [SNAPSHOT_VERSION])
    const interactions = field(InteractionsCodec, o.right, "interactions", c, errors)
    return done(errors, () => interactions as History)
  },
  (h) => ({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, interactions: InteractionsCodec.encode(h) })
)

/**
 * A history's JSON snapshot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = (history: History): unknown => codec.encode(history)

/**
 * Decodes a history snapshot (or a bare array of interactions), reporting every problem with its
 * path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, History> = decodeWith(codec)

/**
 * The retention policy as JSON: `{ window, limit? }` in milliseconds.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RetentionCodec: t.Type<Retention, unknown, unknown> = new t.Type<Retention, unknown, unknown>(
  "Retention",
  (u): u is Retention => isRecord(u) && typeof u["window"] === "number",
  (u, c) => {
    const o = expectObject(u, c, "a retention object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["window", "limit"], "a retention policy")
    const window = field(duration, o.right, "window", c, errors)
    const limit = optionalField(integerAtLeast(1, "Limit"), o.right, "limit", c, errors)
    return done<Retention>(errors, () =>
      limit === undefined ? { window: window as number } : { window: window as number, limit }
    )
  },
  (x) => (x.limit === undefined ? { window: x.window } : { window: x.window, limit: x.limit })
)
