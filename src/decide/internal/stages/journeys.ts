/**
 * Internal: the journey stage — the subject's stage in each of the catalog's journeys (derived
 * from the history and the entry criteria, compared with the caller's), the facts and features it
 * gives (`journey.<name>.stage`, `journey.<name>.daysToEvent`), the gate after the engagement
 * policies, and what accepting a chosen action would do (`Progression.Advance`).
 *
 * @internal
 * @since 0.1.0
 */
import type { Catalog } from "../../../catalog/Catalog.js"
import { admits, advance, daysToEvent, positionCompiled, type Compiled } from "../../../catalog/Journey.js"
import type { Advance } from "../../../feedback/Progression.js"
import type { History } from "../../../history/History.js"
import type { Facts } from "../../../kernel/internal/Facts.js"
import type { Instant } from "../../../kernel/Time.js"
import type { FeatureValue } from "../../../learners/Learner.js"
import type { JourneyStage, Reason } from "../../Decision.js"

/** the subject's stages, one per journey of the catalog, in its order */
export interface Stages {
  readonly compiled: ReadonlyArray<Compiled>
  /** the stage index the decision uses, per journey */
  readonly current: Int32Array
  readonly report: ReadonlyArray<JourneyStage>
  /** `journey.<name>.stage` and `journey.<name>.daysToEvent` */
  readonly features: Readonly<Record<string, FeatureValue>>
  /** `{ <name>: { stage, daysToEvent? } }`, the `journey` root of the facts */
  readonly facts: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}

/** the stages of a subject at `now`; undefined when the catalog has no journeys */
export const stagesOf = (
  catalog: Catalog,
  history: History,
  facts: Facts,
  now: Instant,
  given: Readonly<Record<string, string>> | undefined
): Stages | undefined => {
  const compiled = catalog.journeys
  if (compiled.length === 0) return undefined
  const current = new Int32Array(compiled.length)
  const report: Array<JourneyStage> = []
  const features: Record<string, FeatureValue> = {}
  const journeyFacts: Record<string, Record<string, unknown>> = {}
  compiled.forEach((c, i) => {
    const name = c.journey.name
    const derived = positionCompiled(c, history, facts, now)
    const stated = given !== undefined && Object.prototype.hasOwnProperty.call(given, name) ? given[name] : undefined
    const statedIndex = stated === undefined ? -1 : c.names.indexOf(stated)
    const index = statedIndex >= 0 ? statedIndex : derived.index
    current[i] = index
    const stage = c.names[index] as string
    const days = daysToEvent(c.journey, facts, now)
    const base = { journey: name, stage, derived: derived.stage, by: derived.by }
    const withGiven =
      stated === undefined ? { ...base, agrees: true } : { ...base, given: stated, agrees: stated === derived.stage }
    report.push(days === undefined ? withGiven : { ...withGiven, daysToEvent: days })
    features[`journey.${name}.stage`] = stage
    if (days !== undefined) features[`journey.${name}.daysToEvent`] = days
    journeyFacts[name] = days === undefined ? { stage } : { stage, daysToEvent: days }
  })
  return { compiled, current, report, features, facts: journeyFacts }
}

/** the journey gate's reason to exclude an action, or undefined when every journey it belongs to admits it */
export const gateReason = (stages: Stages, actionId: string, facts: Facts, now: Instant): Reason | undefined => {
  const { compiled, current } = stages
  for (let i = 0; i < compiled.length; i++) {
    const c = compiled[i] as Compiled
    const k = c.stageOf.get(actionId)
    if (k === undefined) continue
    const at = current[i] as number
    if (!admits(c, at, k, facts, now))
      return {
        _tag: "OtherStage",
        journey: c.journey.name,
        stage: c.names[at] as string,
        actionStage: c.names[k] as string
      }
  }
  return undefined
}

/** what accepting an action would do in each journey, or undefined when it moves nothing */
export const advancesOf = (stages: Stages, actionId: string): ReadonlyArray<Advance> | undefined => {
  let out: Array<Advance> | undefined
  const { compiled, current } = stages
  for (let i = 0; i < compiled.length; i++) {
    const c = compiled[i] as Compiled
    const k = c.stageOf.get(actionId)
    if (k === undefined) continue
    const at = current[i] as number
    const to = advance(c, at, k)
    if (to === undefined) continue
    ;(out ??= []).push({
      journey: c.journey.name,
      from: c.names[at] as string,
      to: c.names[to] as string,
      outcomes: [...c.advanceOn]
    })
  }
  return out
}
