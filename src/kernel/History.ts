/**
 * A subject's interaction history: what was shown or sent to one customer, and how they answered,
 * oldest first. Contact policies (suppression, contact limits) and history-derived predictors read
 * it; the feedback reducer `record` appends to it and prunes it to a retention window.
 *
 * @since 0.1.0
 */
import type { Instant } from "./Time.js"

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
