/**
 * Internal: a candidate (action × channel) of one decision, from the contact-policies stage on.
 *
 * @internal
 * @since 0.1.0
 */
import type { CompiledAction, CompiledChannel, CompiledTreatment } from "../../catalog/Catalog.js"
import type { Features } from "../../learners/Learner.js"
import type * as Redraw from "./Redraw.js"

/** how a candidate's arbitration propensity came about, for re-drawing it (see `Redraw`) */
export type Randomness = typeof Redraw.FIXED | typeof Redraw.BETA | typeof Redraw.UNIFORM | typeof Redraw.RESCORE

/** a candidate that reached the propensity stage; mutable while the decision is built */
export interface Candidate {
  readonly action: CompiledAction
  readonly actionIndex: number
  readonly channel: CompiledChannel
  readonly channelIndex: number
  readonly treatments: ReadonlyArray<CompiledTreatment> | undefined
  readonly placements: ReadonlyArray<string> | undefined
  readonly contextWeight: number
  readonly value: number
  /** what the model sees: the request's features, with this candidate's history features when it has some */
  readonly features: Features
  /** this candidate's own history features (group and action scopes), if any */
  readonly own: Features | undefined
  modelPropensity: number
  modelScore: number | undefined
  propensity: number
  evidence: number
  priority: number
  randomness: Randomness
  exploration: { readonly alpha: number; readonly beta: number; readonly uniform?: number } | undefined
}

/** a returned candidate: its index, slot and rank, and its conditional probability under the selection policy */
export interface Placement {
  readonly candidate: number
  readonly slot: number
  readonly rank: number
  readonly probability: number
}
