/**
 * Recording what happened into a subject's interaction history (`History`, oldest first), pruned
 * to a retention window so that it stays bounded, and the history-derived predictors that models
 * and contact policies read from it (counts per outcome per window, days since the last one).
 *
 * Laws:
 * - Order: `append` and `record` keep a history sorted by time, oldest first (an interaction is
 *   placed after those at the same instant).
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
import type { History, Interaction } from "../kernel/History.js"
import { DAY_MS, type Instant } from "../kernel/Time.js"
import type { Features } from "../learners/Learner.js"
import { interactionOf, type ResolvedEvent } from "./Event.js"
import { array, done, duration, expectObject, field, instant, integerAtLeast, isRecord, nonEmptyString, optionalField, text, versionOf } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

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
 * Which history-derived predictors to compute: for each outcome, a count per window (in days)
 * and the days since the last one.
 *
 * @category model
 * @since 0.1.0
 */
export interface PredictorSpec {
  readonly outcomes: ReadonlyArray<string>
  readonly windowsDays: ReadonlyArray<number>
  /** only interactions matching this (default: all) */
  readonly where?: Omit<Query, "outcomes">
  /** feature name prefix (default `"history"`) */
  readonly prefix?: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A retention policy. Throws when the window is not a positive whole number of milliseconds or
 * the limit not a positive whole number (a programming mistake).
 *
 * @category constructors
 * @since 0.1.0
 */
export const retention = (window: number, limit?: number): Retention => {
  if (!Number.isSafeInteger(window) || window < 1) throw new Error(`Interactions.retention: window must be a positive whole number of milliseconds, got ${window}`)
  if (limit === undefined) return { window }
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`Interactions.retention: limit must be a positive whole number, got ${limit}`)
  return { window, limit }
}

/**
 * Keep 400 days (enough for yearly contact policies and "days since last" predictors), no count
 * limit.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultRetention: Retention = retention(400 * DAY_MS)

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

const limited = (history: History, r: Retention): History => (r.limit !== undefined && history.length > r.limit ? history.slice(history.length - r.limit) : history)

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
 * The history after an event: its interaction appended, pruned to the retention window. An event
 * about an action its decision did not return leaves the history as it is. Pure and
 * `reduce`-friendly; it does not de-duplicate — feed it the `recorded` interactions of the
 * feedback state's outbox (or events the feedback state accepted) for exactly-once history.
 *
 * @example
 * import { Event, Interactions } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const decision = {
 *   decisionId: "d-1", subjectId: "c-42", at: 0, direction: "inbound" as const, controlGroup: false, features: {},
 *   actions: [{ actionId: "GoldCard", issue: "Sales", group: "Cards", channel: "web", modelKey: "GoldCard@web", rank: 1, modelPropensity: 0.1, propensity: 0.1, selectionProbability: 1 }]
 * }
 * const events = [
 *   Event.impression({ eventId: "e-1", at: 1_000, actionId: "GoldCard", channel: "web", decision }),
 *   Event.response({ eventId: "e-2", at: 5_000, actionId: "GoldCard", channel: "web", decision }, "clicked")
 * ]
 * const history = events.reduce(Interactions.record(Interactions.defaultRetention), [] as Interactions.History)
 * assert.deepStrictEqual(history.map((i) => i.outcome), ["impression", "clicked"])
 *
 * @category operations
 * @since 0.1.0
 */
export const record = (r: Retention) => {
  const add = append(r)
  return (history: History, event: ResolvedEvent): History => {
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
 * import { Interactions } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const shown = (at: number) => ({ at, actionId: "A", issue: "Sales", group: "Cards", channel: "web", outcome: "impression" })
 * const history = [shown(1_000), shown(2_000), shown(9_000)]
 * assert.strictEqual(Interactions.count(history, { outcomes: ["impression"] }, 9_000, 7_500), 2)
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

/**
 * History-derived predictors for the models: `<prefix>.<outcome>.<n>d` (count in the last n
 * days) and `<prefix>.<outcome>.daysSince` (days since the last one, `null` when never).
 *
 * @example
 * import { Interactions, Time } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const day = Time.DAY_MS
 * const at = (d: number, outcome: string) => ({ at: d * day, actionId: "A", issue: "Sales", group: "Cards", channel: "email", outcome })
 * const history = [at(1, "sent"), at(2, "rejected"), at(9, "sent"), at(10, "accepted")]
 * const features = Interactions.predictors(history, 12 * day, { outcomes: ["sent", "accepted"], windowsDays: [7, 30] })
 * assert.deepStrictEqual(features, {
 *   "history.sent.7d": 1, "history.sent.30d": 2, "history.sent.daysSince": 3,
 *   "history.accepted.7d": 1, "history.accepted.30d": 1, "history.accepted.daysSince": 2
 * })
 *
 * @category operations
 * @since 0.1.0
 */
export const predictors = (history: History, now: Instant, spec: PredictorSpec): Features => {
  const prefix = spec.prefix ?? "history"
  const out: Record<string, number | null> = {}
  for (const outcome of spec.outcomes) {
    const q: Query = { ...spec.where, outcomes: [outcome] }
    for (const days of spec.windowsDays) out[`${prefix}.${outcome}.${days}d`] = count(history, q, now, days * DAY_MS)
    out[`${prefix}.${outcome}.daysSince`] = daysSinceLast(history, q, now)
  }
  return out
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * One interaction as JSON (time as epoch milliseconds; ISO 8601 text accepted on input).
 *
 * @category codecs
 * @since 0.1.0
 */
export const InteractionCodec: t.Type<Interaction, unknown, unknown> = new t.Type<Interaction, unknown, unknown>(
  "Interaction",
  (u): u is Interaction => isRecord(u) && typeof u["at"] === "number" && typeof u["outcome"] === "string",
  (u, c) => {
    const o = expectObject(u, c, "an interaction object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const errors: Array<t.ValidationError> = []
    const at = field(instant, obj, "at", c, errors)
    const actionId = field(nonEmptyString, obj, "actionId", c, errors)
    const issue = field(text, obj, "issue", c, errors)
    const group = field(text, obj, "group", c, errors)
    const channel = field(nonEmptyString, obj, "channel", c, errors)
    const outcome = field(nonEmptyString, obj, "outcome", c, errors)
    const decisionId = optionalField(nonEmptyString, obj, "decisionId", c, errors)
    return done<Interaction>(errors, () => {
      const base = { at: at as Instant, actionId: actionId as string, issue: issue as string, group: group as string, channel: channel as string, outcome: outcome as string }
      return decisionId === undefined ? base : { ...base, decisionId }
    })
  },
  (i) => {
    const out: Record<string, unknown> = { at: i.at, actionId: i.actionId, issue: i.issue, group: i.group, channel: i.channel, outcome: i.outcome }
    if (i.decisionId !== undefined) out["decisionId"] = i.decisionId
    return out
  }
)

const Interactions_ = array(InteractionCodec, "Interactions")

const sortByTime = (history: ReadonlyArray<Interaction>): History => {
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as Interaction).at < (history[i - 1] as Interaction).at) return [...history].sort((a, b) => a.at - b.at)
  }
  return history
}

/**
 * A history as a JSON array of interactions. Decoding sorts it oldest first (stably) when it is
 * not.
 *
 * @category codecs
 * @since 0.1.0
 */
export const HistoryCodec: t.Type<History, unknown, unknown> = new t.Type<History, unknown, unknown>(
  "History",
  (u): u is History => Array.isArray(u) && u.every(InteractionCodec.is),
  (u, c) => {
    const result = Interactions_.validate(u, c)
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
export const SnapshotCodec: t.Type<History, unknown, unknown> = new t.Type<History, unknown, unknown>(
  "HistorySnapshot",
  HistoryCodec.is,
  (u, c) => {
    if (Array.isArray(u)) return HistoryCodec.validate(u, c)
    const o = expectObject(u, c, "a history snapshot")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    versionOf(errors, c, o.right, [SNAPSHOT_VERSION])
    const interactions = field(HistoryCodec, o.right, "interactions", c, errors)
    return done(errors, () => interactions as History)
  },
  (h) => ({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, interactions: HistoryCodec.encode(h) })
)

/**
 * A history's JSON snapshot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = (history: History): unknown => SnapshotCodec.encode(history)

/**
 * Decodes a history snapshot (or a bare array of interactions), reporting every problem with its
 * path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, History> = decodeWith(SnapshotCodec)

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
    const window = field(duration, o.right, "window", c, errors)
    const limit = optionalField(integerAtLeast(1, "Limit"), o.right, "limit", c, errors)
    return done<Retention>(errors, () => (limit === undefined ? { window: window as number } : { window: window as number, limit }))
  },
  (x) => (x.limit === undefined ? { window: x.window } : { window: x.window, limit: x.limit })
)

/**
 * The kernel's history types, re-exported beside the operations on them.
 *
 * @category model
 * @since 0.1.0
 */
export type { History, Interaction }
