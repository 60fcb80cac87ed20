/**
 * The record a decision leaves behind for learning and for off-policy evaluation: which actions
 * were chosen, with which propensities and with what probability, and the features the models
 * saw. `nextBestAction` writes it; feedback events refer to it.
 *
 * @since 0.1.0
 */
import type { Features } from "../learners/Learner.js"
import type { ModelKey } from "../learners/Models.js"
import type { Instant } from "../kernel/Time.js"

/**
 * Inbound: the customer is here now. Outbound: the business reaches out.
 *
 * @category model
 * @since 0.1.0
 */
export type Direction = "inbound" | "outbound"

/**
 * One action a decision returned.
 *
 * @category model
 * @since 0.1.0
 */
export interface ChosenAction {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
  readonly treatment?: string
  /** the model that scored it and that its response teaches */
  readonly modelKey: ModelKey
  /** 1 for the first action returned on its channel or placement */
  readonly rank: number
  /** the model's propensity, before exploration */
  readonly modelPropensity: number
  /** the learner's raw score at decision time (`Score.modelScore`), when the learner has one */
  readonly modelScore?: number
  /** the propensity used in arbitration (after exploration or the control group's random draw) */
  readonly propensity: number
  /**
   * the probability with which the policy returned this action (for off-policy evaluation); NaN
   * when the decision did not estimate it (`selectionDraws: 0` with an exploring learner) —
   * snapshots write it as `null`
   */
  readonly selectionProbability: number
  /**
   * how `selectionProbability` was obtained: `deterministic` (no randomness: 1), `exact` (a
   * formula) or `monteCarlo` (an estimate from re-drawn randomness; `NaN` when no draws were made)
   */
  readonly selectionMethod?: "deterministic" | "exact" | "monteCarlo"
  /**
   * features this action's model saw in addition to the record's `features` (history features of
   * the action's group or of the action itself, which differ per action): the model saw
   * `{ ...record.features, ...features }`
   */
  readonly features?: Features
}

/**
 * What a decision leaves for learning and evaluation.
 *
 * @category model
 * @since 0.1.0
 */
export interface DecisionRecord {
  readonly decisionId: string
  readonly subjectId: string
  /** the decision time (`now` of the request) */
  readonly at: Instant
  readonly direction: Direction
  /** whether the subject was in the random control group */
  readonly controlGroup: boolean
  /** the features as the models saw them */
  readonly features: Features
  readonly actions: ReadonlyArray<ChosenAction>
}
