/**
 * Internal: the selection probability of each returned action — 1 (deterministic), the exploring
 * walk's own probability (exact), the control group's closed form (`SelectionProbability`), or a
 * Monte Carlo estimate over re-drawn explorations (`Redraw`), on flat tables built here.
 *
 * @internal
 * @since 0.1.0
 */
import type { Limits, Slot } from "../../arbitration/Arbitration.js"
import { groupKey } from "../../arbitration/ContextWeight.js"
import { boardOf, type BoardView } from "../../arbitration/internal/Walk.js"
import { priority } from "../../arbitration/Priority.js"
import { derive, type Rng } from "../../kernel/Random.js"
import type { Prior } from "../../learners/Learner.js"
import { stateOf, type Models } from "../../learners/Models.js"
import type { SelectionMethod } from "../Decision.js"
import { betaWinProbabilityFast } from "./BetaWinFast.js"
import { betaWinProbability, scaledUniformWinProbability } from "./SelectionProbability.js"
import type { Candidate, Placement } from "./candidate.js"
import * as Redraw from "./Redraw.js"
import type { Settings } from "./settings.js"
import { clamp } from "./stages/propensity.js"

/** what the selection probabilities of one decision depend on */
export interface SelectionInputs<S> {
  readonly models: Models<S>
  readonly rng: Rng
  readonly control: boolean
  readonly stochastic: boolean
  readonly settings: Settings
  readonly limits: Limits
}

/** per returned action, its selection probability and how it was obtained */
export interface Probabilities {
  readonly probability: Float64Array
  readonly method: Array<SelectionMethod>
}

/**
 * The rivals of `candidate` for the first place of a greedy one-slot decision (the non-mandatory
 * candidates on the slot's channel that fit it), their priority weights `C·V·L` and their
 * thresholds on the propensity draw; undefined when a weight is not positive and finite, or the
 * candidate is not a rival.
 */
const rivalsOf = (
  candidates: ReadonlyArray<Candidate>,
  candidate: number,
  slot: Slot,
  settings: Settings
):
  | {
      readonly rivals: Array<number>
      readonly weights: Array<number>
      readonly thresholds: Array<number>
      readonly i: number
    }
  | undefined => {
  const priorityOf = priority(settings.factors)
  const rivals: Array<number> = []
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    if (c.action.evaluation === "mandatory" || c.channel.channel !== slot.channel) continue
    if (c.placements !== undefined && !c.placements.includes(slot.name)) continue
    rivals.push(k)
  }
  const weights = rivals.map((k) => {
    const c = candidates[k] as Candidate
    return priorityOf(1, c.contextWeight, c.value, c.action.lever)
  })
  if (!weights.every((w) => w > 0 && Number.isFinite(w))) return undefined
  const thresholds = rivals.map((k, m) => {
    const c = candidates[k] as Candidate
    const pt = c.channel.propensityThreshold?.minimum ?? 0
    const qt = c.channel.priorityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
    return Math.max(pt, qt / (weights[m] as number), 0)
  })
  const i = rivals.indexOf(candidate)
  return i >= 0 ? { rivals, weights, thresholds, i } : undefined
}

/**
 * The control group's exact probability that `candidate` comes first in a greedy one-slot
 * decision: uniform propensities scaled by the other factors (`SelectionProbability`); undefined
 * when it does not apply (a weight that is not positive and finite, or not a rival).
 */
const controlWinProbability = (
  candidates: ReadonlyArray<Candidate>,
  candidate: number,
  slot: Slot,
  settings: Settings
): number | undefined => {
  const r = rivalsOf(candidates, candidate, slot, settings)
  return r === undefined ? undefined : scaledUniformWinProbability(r.weights, r.thresholds, r.i)
}

/**
 * The probability that `candidate` comes first in a greedy one-slot decision when every rival's
 * propensity is a Beta exploration draw (Thompson sampling, naive Bayes' exploration): a
 * one-dimensional integral by quadrature (`betaWinProbability`); undefined when it does not apply
 * (a rival without a Beta draw, a weight that is not positive and finite) or does not converge.
 */
const thompsonWinProbability = (
  candidates: ReadonlyArray<Candidate>,
  candidate: number,
  slot: Slot,
  settings: Settings
): number | undefined => {
  const r = rivalsOf(candidates, candidate, slot, settings)
  if (r === undefined) return undefined
  const betas: Array<{ alpha: number; beta: number; weight: number; threshold: number; uniform: number }> = []
  for (let m = 0; m < r.rivals.length; m++) {
    const c = candidates[r.rivals[m] as number] as Candidate
    if (c.randomness !== Redraw.BETA || c.exploration === undefined) return undefined
    betas.push({
      alpha: c.exploration.alpha,
      beta: c.exploration.beta,
      weight: r.weights[m] as number,
      threshold: r.thresholds[m] as number,
      uniform: c.exploration.uniform ?? 0
    })
  }
  return betaWinProbabilityFast(betas, r.i) ?? betaWinProbability(betas, r.i)
}

/** per returned action, its selection probability and how it was obtained (see `SelectionProbability`) */
export const selectionProbabilities = <S>(
  candidates: ReadonlyArray<Candidate>,
  placed: ReadonlyArray<Placement>,
  inputs: SelectionInputs<S>
): Probabilities => {
  const { settings, limits } = inputs
  const slots = limits.slots
  const probability = new Float64Array(placed.length)
  const method = new Array<SelectionMethod>(placed.length)
  if (!inputs.stochastic) {
    for (let n = 0; n < placed.length; n++) {
      probability[n] = (placed[n] as Placement).probability
      method[n] = settings.exploring ? "exact" : "deterministic"
    }
    return { probability, method }
  }
  // with one slot, a mandatory action that survived the stages before arbitration is always returned
  let unknown = 0
  for (let n = 0; n < placed.length; n++) {
    const mandatory =
      slots.length === 1 &&
      (candidates[(placed[n] as Placement).candidate] as Candidate).action.evaluation === "mandatory"
    probability[n] = mandatory ? 1 : Number.NaN
    method[n] = mandatory ? "deterministic" : "monteCarlo"
    if (!mandatory) unknown++
  }
  // exact: the control group's uniform draws, greedy, one slot, the first non-mandatory action
  if (inputs.control && !settings.exploring && slots.length === 1 && settings.factors.propensity) {
    const n = placed.findIndex((p) => (candidates[p.candidate] as Candidate).action.evaluation !== "mandatory")
    const first = placed[n]
    const exact =
      first === undefined ? undefined : controlWinProbability(candidates, first.candidate, slots[0] as Slot, settings)
    if (exact !== undefined) {
      probability[n] = exact
      method[n] = "exact"
      unknown--
    }
  }
  // quadrature: Beta exploration draws (no control group), greedy, one slot, the first non-mandatory action
  if (
    settings.quadrature &&
    !inputs.control &&
    !settings.exploring &&
    slots.length === 1 &&
    settings.factors.propensity
  ) {
    const n = placed.findIndex((p) => (candidates[p.candidate] as Candidate).action.evaluation !== "mandatory")
    const first = placed[n]
    const value =
      first === undefined ? undefined : thompsonWinProbability(candidates, first.candidate, slots[0] as Slot, settings)
    if (value !== undefined) {
      probability[n] = value
      method[n] = "quadrature"
      unknown--
    }
  }
  if (unknown === 0 || settings.draws === 0) return { probability, method }
  // Monte Carlo: re-draw the exploration of every candidate that reached the propensity stage and
  // re-run thresholds and arbitration (see `Redraw`); per returned action, among the draws whose
  // ranks above it in its slot come out the same, the share that returns it at its rank. The
  // actual decision counts as one draw: (1 + hits) / (1 + trials).
  const targets: Array<Redraw.Target> = []
  const which: Array<number> = []
  let depth = 0
  for (let n = 0; n < placed.length; n++) {
    if (!Number.isNaN(probability[n] as number)) continue
    const p = placed[n] as Placement
    targets.push({ slot: p.slot, rank: p.rank, candidate: p.candidate })
    which.push(n)
    if (p.rank > depth) depth = p.rank
  }
  const actual = new Int32Array(slots.length * depth).fill(-1)
  for (const p of placed) if (p.rank <= depth) actual[p.slot * depth + p.rank - 1] = p.candidate
  const { hits, trials } = Redraw.redraw(tableOf(candidates, inputs), targets, actual, depth, settings.draws)
  for (let t = 0; t < targets.length; t++)
    probability[which[t] as number] = (1 + (hits[t] as number)) / (1 + (trials[t] as number))
  return { probability, method }
}

/** how the walk's board reads a candidate (the same board `Arbitration` builds from its contenders) */
const CANDIDATE: BoardView<Candidate> = {
  action: (c) => c.actionIndex,
  group: (c) => groupKey(c.action.issue, c.action.group),
  channel: (c) => c.channel.channel,
  placements: (c) => c.placements,
  evaluation: (c) => c.action.evaluation
}

/** the flat tables of a Monte Carlo estimate */
const tableOf = <S>(candidates: ReadonlyArray<Candidate>, inputs: SelectionInputs<S>): Redraw.Table => {
  const { settings, limits, models, rng } = inputs
  const n = candidates.length
  const kind = new Uint8Array(n)
  const fixed = new Float64Array(n)
  const alpha = new Float64Array(n)
  const uniform = new Float64Array(n)
  const beta = new Float64Array(n)
  const streams = new Array<Rng>(n)
  const contextWeight = new Float64Array(n)
  const value = new Float64Array(n)
  const lever = new Float64Array(n)
  const minPropensity = new Float64Array(n)
  const minPriority = new Float64Array(n)
  const states: Array<S | undefined> = new Array<S | undefined>(n)
  for (let k = 0; k < n; k++) {
    const c = candidates[k] as Candidate
    const a = c.action
    kind[k] = c.randomness
    fixed[k] = c.propensity
    if (c.exploration !== undefined) {
      alpha[k] = c.exploration.alpha
      beta[k] = c.exploration.beta
      uniform[k] = c.exploration.uniform ?? 0
    }
    if (c.randomness !== Redraw.FIXED) streams[k] = derive(rng, `redraw:${c.channel.modelKey}`)
    if (c.randomness === Redraw.RESCORE) states[k] = stateOf(models, c.channel.modelKey)
    contextWeight[k] = c.contextWeight
    value[k] = c.value
    lever[k] = a.lever
    minPropensity[k] = c.channel.propensityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
    minPriority[k] = c.channel.priorityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
  }
  // the tie-break: action id (candidates come in action-id order), then channel
  const byId = Array.from({ length: n }, (_, k) => k)
  byId.sort((x, y) => {
    const cx = candidates[x] as Candidate
    const cy = candidates[y] as Candidate
    if (cx.actionIndex !== cy.actionIndex) return cx.actionIndex - cy.actionIndex
    return cx.channel.channel < cy.channel.channel ? -1 : cx.channel.channel > cy.channel.channel ? 1 : 0
  })
  const tie = new Int32Array(n)
  byId.forEach((k, r) => (tie[k] = r))
  const learner = models.learner
  return {
    n,
    kind,
    fixed,
    alpha,
    uniform,
    beta,
    streams,
    rescore: (k, child) => {
      const c = candidates[k] as Candidate
      const prior: Prior | undefined = c.action.prior
      const state = states[k] as S
      const [score] =
        prior === undefined ? learner.score(state, c.features, child) : learner.score(state, c.features, child, prior)
      return clamp(score.explored)
    },
    factors: settings.factors,
    contextWeight,
    value,
    lever,
    minPropensity,
    minPriority,
    tie,
    ...boardOf(candidates, limits, CANDIDATE),
    epsilon: settings.epsilon,
    gap: settings.gap,
    walk: derive(rng, "redraw:walk")
  }
}
