/**
 * Internal: the model of the feedback reducer — its state, inputs, outbox and settings — and their
 * constructors. `Feedback` re-exports all of it; the reducer lives there, the snapshot codecs in
 * `./snapshot`.
 *
 * @internal
 * @since 0.1.0
 */
import type { Instant } from "../../kernel/Time.js"
import * as Models from "../../learners/Models.js"
import type { DecisionRecord } from "../DecisionRecord.js"
import { type Event } from "../Event.js"
import { type Interaction } from "../../history/History.js"
import { misuse } from "../../kernel/internal/misuse.js"
import { timeoutProblem } from "../../kernel/internal/plausible.js"
import * as Stack from "./Stack.js"
import type { Progression } from "../Progression.js"
import { defaultLabels, type Labels } from "../Outcome.js"
import * as Pending from "../Pending.js"
import * as Replica from "../Replica.js"

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
  /** the journey stages this interaction moved the subject through (`Progression`), when it moved any */
  readonly progressions?: ReadonlyArray<Progression>
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
 * What the reducer left for the caller: interactions to record in subjects' histories, the
 * refused inputs, and the replica deltas `receive` did not merge because their key was already
 * applied (`Replica.Conflict`), oldest first.
 *
 * @category model
 * @since 0.1.0
 */
export interface Outbox {
  readonly recorded: ReadonlyArray<Recorded>
  readonly refused: ReadonlyArray<Refusal>
  readonly conflicts: ReadonlyArray<Replica.Conflict>
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
  readonly conflicts: Stack.Stack<Replica.Conflict>
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

const timeoutMistake = (x: unknown): string | undefined =>
  positiveWhole(x) ? timeoutProblem(x as number) : `must be a positive whole number of milliseconds, got ${String(x)}`

/**
 * Feedback settings. Defaults: Pega's labels (`accepted`, `clicked` positive; `rejected`,
 * `noResponse` negative), timeouts of 30 minutes inbound and 7 days outbound, aggregation
 * `earliest`. Throws on a timeout that is not a whole number of milliseconds of at least one
 * minute (60,000 ms: a smaller one looks like seconds) — a programming mistake; decode settings
 * from JSON with `decodeSettings`.
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
    const mistake = timeoutMistake(value)
    if (mistake !== undefined) misuse("Feedback.settings", `timeouts.${name} ${mistake}`)
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
    refused: null,
    conflicts: null
  }
}

/**
 * What the reducer left for the caller since the last `drain`, oldest first.
 *
 * @category operations
 * @since 0.1.0
 */
export const outbox = <S>(state: Feedback<S>): Outbox => ({
  recorded: Stack.toArray(state.recorded),
  refused: Stack.toArray(state.refused),
  conflicts: Stack.toArray(state.conflicts)
})
