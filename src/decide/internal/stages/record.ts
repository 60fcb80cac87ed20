/**
 * Internal: the returned actions — each placement as a `Choice` with every factor, and as the
 * `ChosenAction` of the decision record, with its treatment and selection probability.
 *
 * @internal
 * @since 0.1.0
 */
import type { Slot } from "../../../arbitration/Arbitration.js"
import type { ChosenAction } from "../../../feedback/DecisionRecord.js"
import type { FeatureValue, Features } from "../../../learners/Learner.js"
import type { Choice, SelectionMethod } from "../../Decision.js"
import type { Candidate, Placement } from "../candidate.js"
import type { Probabilities } from "../selection.js"

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

const hasOwn = Object.prototype.hasOwnProperty

/**
 * The features a decision record keeps: those the learner reads and the catalog's extra names
 * (`Catalog.recordFeatures`), or all of them when the learner does not say what it reads or the
 * catalog asks for all. Linear in the names kept, not in the width of the profile.
 */
export const keptFeatures = (
  features: Features,
  reads: ReadonlyArray<string> | undefined,
  extra: "all" | ReadonlyArray<string>
): Features => {
  if (reads === undefined || extra === "all") return features
  const kept: Record<string, FeatureValue> = {}
  for (const names of [reads, extra])
    for (const name of names) {
      // feature names always have a prefix ("subject.", "context.", "history."): never "__proto__"
      if (hasOwn.call(features, name)) {
        const v = features[name]
        if (v !== undefined) kept[name] = v
      }
    }
  return kept
}

/** the treatment shown in a slot: the first eligible one that fits it (or the first eligible one) */
const treatmentFor = (candidate: Candidate, slot: string): string | undefined => {
  if (candidate.treatments === undefined) return undefined
  for (const t of candidate.treatments) if (t.placements === undefined || t.placements.includes(slot)) return t.id
  return candidate.treatments[0]?.id
}

/** the returned actions and the record's chosen actions, in placement order */
export const chosenOf = (
  candidates: ReadonlyArray<Candidate>,
  placed: ReadonlyArray<Placement>,
  slots: ReadonlyArray<Slot>,
  probabilities: Probabilities,
  keep: (features: Features) => Features = (f) => f
): { readonly chosen: Array<Choice>; readonly recorded: Array<ChosenAction> } => {
  const chosen: Array<Choice> = new Array<Choice>(placed.length)
  const recorded: Array<ChosenAction> = new Array<ChosenAction>(placed.length)
  for (let n = 0; n < placed.length; n++) {
    const p = placed[n] as Placement
    const c = candidates[p.candidate] as Candidate
    const a = c.action
    const slot = (slots[p.slot] as Slot).name
    const treatment = treatmentFor(c, slot)
    const selectionProbability = probabilities.probability[n] as number
    const selectionMethod = probabilities.method[n] as SelectionMethod
    const choice: Mutable<Choice> = {
      actionId: a.id,
      issue: a.issue,
      group: a.group,
      channel: c.channel.channel,
      direction: c.channel.direction,
      slot,
      rank: p.rank,
      evaluation: a.evaluation,
      modelKey: c.channel.modelKey,
      modelPropensity: c.modelPropensity,
      propensity: c.propensity,
      evidence: c.evidence,
      value: c.value,
      contextWeight: c.contextWeight,
      lever: a.lever,
      priority: c.priority,
      selectionProbability,
      selectionMethod
    }
    const record: Mutable<ChosenAction> = {
      actionId: a.id,
      issue: a.issue,
      group: a.group,
      channel: c.channel.channel,
      modelKey: c.channel.modelKey,
      rank: p.rank,
      modelPropensity: c.modelPropensity,
      propensity: c.propensity,
      selectionProbability,
      selectionMethod
    }
    // optional fields are added only when present (the objects are not shared yet)
    if (c.modelScore !== undefined) {
      choice.modelScore = c.modelScore
      record.modelScore = c.modelScore
    }
    if (treatment !== undefined) {
      choice.treatment = treatment
      record.treatment = treatment
    }
    if (a.properties !== undefined) choice.properties = a.properties
    if (a.item !== undefined) {
      choice.item = a.item.id
      record.item = a.item.id
    }
    if (a.model !== undefined) record.model = a.model
    if (c.own !== undefined) {
      const own = keep(c.own)
      // kept as it was when nothing is filtered; left out when the filter kept none of it
      if (own === c.own || Object.keys(own).length > 0) record.features = own
    }
    chosen[n] = choice
    recorded[n] = record
  }
  return { chosen, recorded }
}
