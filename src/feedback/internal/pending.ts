/**
 * Internal: the model of the pending buffer (its types), shared by the public facade `Pending`
 * (which re-exports every one of them) and the batch internals (`internal/batch.ts`), so that
 * neither imports the other's types back.
 *
 * @internal
 * @since 0.1.0
 */
import type { Instant } from "../../kernel/Time.js"
import type { DecisionRecord } from "../DecisionRecord.js"
import type { Labels } from "../Outcome.js"
import type * as HashTrie from "./HashTrie.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Response timeouts in milliseconds: by direction, overridden per channel.
 *
 * @category model
 * @since 0.1.0
 */
export interface ResponseTimeouts {
  readonly inbound: number
  readonly outbound: number
  readonly channels: Readonly<Record<string, number>>
}

/**
 * How the labels of one chosen action combine (Personalizer's "reward aggregation"):
 * `earliest` learns the first labelled response; `positiveWins` learns a positive at once but
 * holds a negative until the deadline, so that a later positive replaces it (Pega's "royal"
 * delayed learning: the positive if one arrived, otherwise a negative).
 *
 * @category model
 * @since 0.1.0
 */
export type Aggregation = "earliest" | "positiveWins"

/**
 * What the pending buffer needs to know: outcome labels, response timeouts, aggregation (the
 * same settings as `Feedback.Settings`).
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings {
  readonly labels: Labels
  readonly timeouts: ResponseTimeouts
  readonly aggregation: Aggregation
}

/**
 * The response state of one chosen action (see the module header).
 *
 * @category model
 * @since 0.1.0
 */
export type Awaiting =
  | { readonly _tag: "Unsent"; readonly deadline: Instant }
  | { readonly _tag: "Open"; readonly deadline: Instant }
  | { readonly _tag: "Held"; readonly deadline: Instant; readonly outcome: string; readonly at: Instant }
  | { readonly _tag: "Answered"; readonly deadline: Instant; readonly label: "positive" | "negative" }
  | { readonly _tag: "Closed"; readonly deadline: Instant }

/**
 * One decision awaiting outcomes: its record, the state of each chosen action (same order as
 * `record.actions`), and the ids of the events applied to it, each with its position in the order
 * applied (0, 1, …): a persistent hash trie, so that a duplicate is found in O(log n) however many
 * events the decision has (`Pending.eventIdsOf` lists them in order, as snapshots do).
 *
 * @category model
 * @since 0.1.0
 */
export interface Tracked {
  readonly record: DecisionRecord
  readonly actions: ReadonlyArray<Awaiting>
  readonly eventIds: HashTrie.HashTrie<number>
}

/**
 * The pending decisions by decision id (a persistent hash trie: updates share structure), and the
 * watermark: the greatest `now` passed to `expire`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Pending {
  readonly decisions: HashTrie.HashTrie<Tracked>
  readonly watermark: Instant
}

/**
 * Why an input was not applied.
 *
 * - `duplicate`: the event id was already applied to its decision, or the decision is already
 *   tracked.
 * - `unknownDecision`: the event refers by id to a decision that is not pending (never tracked,
 *   or already expired and forgotten).
 * - `unknownAction`: the decision did not return this action on this channel.
 * - `expired`: the event came at or after its action's deadline, or after `expire` closed it.
 * - `beforeDecision`: the event is stamped before its decision (`event.at < record.at`): a clock
 *   or unit mistake (seconds for milliseconds, a time zone), never learned.
 * - `unknownOutcome`: a response whose outcome is not configured — neither built in (`sent`,
 *   `impression`, `noResponse`) nor listed in the labels (positive, negative or neutral; see
 *   `Outcome.isConfigured`): often a typo. Its event id is not consumed, so the corrected event
 *   may be sent again.
 *
 * @category model
 * @since 0.1.0
 */
export type RefusalReason =
  "duplicate" | "unknownDecision" | "unknownAction" | "expired" | "beforeDecision" | "unknownOutcome"

/**
 * What the buffer made of one input.
 *
 * - `Tracked`: a decision was added (or had no actions to await).
 * - `Accepted`: the event belongs to action `index` of `record`: record it in history, and learn
 *   `learn` (when not `null`) for that action at the event's time.
 * - `Refused`: see `RefusalReason`.
 *
 * @category model
 * @since 0.1.0
 */
export type Verdict =
  | { readonly _tag: "Tracked" }
  | {
      readonly _tag: "Accepted"
      readonly record: DecisionRecord
      readonly index: number
      readonly learn: "positive" | "negative" | null
    }
  | { readonly _tag: "Refused"; readonly reason: RefusalReason; readonly message: string }

/**
 * A chosen action whose deadline passed without a learned label: `noResponse` (nothing arrived;
 * `at` is the deadline) or `held` (its held negative; `at` is when it arrived).
 *
 * @category model
 * @since 0.1.0
 */
export interface Expiry {
  readonly record: DecisionRecord
  readonly index: number
  readonly kind: "noResponse" | "held"
  readonly at: Instant
}
