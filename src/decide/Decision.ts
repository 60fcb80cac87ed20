/**
 * A decision: the ranked actions with every factor, every excluded candidate with the one stage
 * that excluded it and why, the funnel (how many candidates were left after each stage), and the
 * record for learning and off-policy evaluation.
 *
 * Stages, in order: availability → channel → eligibility → applicability → suitability → journey
 * → contactPolicies → propensity → thresholds → arbitration → limits. A candidate is an action on a
 * channel; actions excluded before the channel stage (`availability`, or offered on none of the
 * requested channels) are listed once without a channel.
 *
 * Laws (checked by the property suite):
 * - Every candidate is returned or excluded, never both, and is excluded at exactly one stage.
 * - `render` is a pure function of the decision.
 *
 * @since 0.1.0
 */
import type { Rejection } from "../arbitration/Arbitration.js"
import type { EvaluationClass } from "../arbitration/Priority.js"
import type { DecisionRecord } from "../feedback/DecisionRecord.js"
import type { Direction } from "../kernel/Direction.js"
import type { Instant } from "../kernel/Time.js"
import { toIso } from "../kernel/Time.js"
import type { ModelKey } from "../learners/Models.js"
import type { PolicyFailure } from "../policies/Engagement.js"
import type { Verdict } from "../rules/Rule.js"
import type { Availability } from "../catalog/Availability.js"
import type { Properties } from "../catalog/Action.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The stages of the pipeline.
 *
 * @category model
 * @since 0.1.0
 */
export type Stage =
  | "availability"
  | "channel"
  | "eligibility"
  | "applicability"
  | "suitability"
  | "journey"
  | "contactPolicies"
  | "propensity"
  | "thresholds"
  | "arbitration"
  | "limits"

/**
 * The stages in order.
 *
 * @category constants
 * @since 0.1.0
 */
export const STAGES: ReadonlyArray<Stage> = [
  "availability",
  "channel",
  "eligibility",
  "applicability",
  "suitability",
  "journey",
  "contactPolicies",
  "propensity",
  "thresholds",
  "arbitration",
  "limits"
]

/**
 * Why a candidate was excluded.
 *
 * - `Unavailable`: outside its availability (stage availability).
 * - `NotOnChannel`: offered on none of the requested channels in the requested direction (channel).
 * - `NoTreatment`: on this channel, none of its treatments is eligible (channel).
 * - `PolicyFailed`: an engagement rule failed: family, level, scope, and with `trace: "full"` the
 *   verdict tree and the "why not" lines (eligibility, applicability, suitability).
 * - `OtherStage`: the action belongs to a stage of a journey that is neither the subject's stage nor
 *   the next one with its entry criteria holding (journey).
 * - `Suppressed`: a suppression holds (contactPolicies).
 * - `ContactLimitReached`: a contact limit is used up before the decision (contactPolicies).
 * - `BelowPropensityThreshold`, `BelowPriorityThreshold` (thresholds).
 * - arbitration's rejections: `Outranked`, `GroupFull`, `ActionTaken`, `NoPlacement`
 *   (arbitration) and `ContactLimit` (limits: used up by the actions ranked above it).
 *
 * @category model
 * @since 0.1.0
 */
export type Reason =
  | { readonly _tag: "Unavailable"; readonly availability: Availability }
  | { readonly _tag: "NotOnChannel"; readonly channels: ReadonlyArray<string>; readonly direction?: Direction }
  | {
      readonly _tag: "NoTreatment"
      readonly treatments: ReadonlyArray<{ readonly id: string; readonly whyNot?: ReadonlyArray<string> }>
    }
  | (PolicyFailure & { readonly whyNot?: ReadonlyArray<string>; readonly verdict?: Verdict })
  | {
      readonly _tag: "OtherStage"
      readonly journey: string
      /** the subject's stage */
      readonly stage: string
      /** the stage the action belongs to */
      readonly actionStage: string
    }
  | { readonly _tag: "Suppressed"; readonly suppression: string; readonly firedAt: Instant; readonly until: Instant }
  | {
      readonly _tag: "ContactLimitReached"
      readonly limit: string
      readonly channel?: string
      readonly used: number
      readonly max: number
    }
  | {
      readonly _tag: "BelowPropensityThreshold"
      readonly propensity: number
      readonly minimum: number
      readonly threshold: string
    }
  | {
      readonly _tag: "BelowPriorityThreshold"
      readonly priority: number
      readonly minimum: number
      readonly threshold: string
    }
  | Rejection

/**
 * One excluded candidate.
 *
 * @category model
 * @since 0.1.0
 */
export interface Exclusion {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  /** absent when excluded before the channel stage */
  readonly channel?: string
  readonly stage: Stage
  readonly reason: Reason
}

/**
 * How a selection probability was obtained: `deterministic` (no randomness: 1), `exact` (a
 * formula: ε-greedy, uniform random, or the control group's random propensities for rank 1),
 * `quadrature` (rank 1 of one greedy slot whose rivals all draw from Beta explorations: a
 * one-dimensional integral, to an absolute 1e-10) or `monteCarlo` (re-drawing the randomness
 * `selectionDraws` times; NaN when that is 0, the default).
 *
 * @category model
 * @since 0.1.0
 */
export type SelectionMethod = "deterministic" | "exact" | "quadrature" | "monteCarlo"

/**
 * One returned action, with every factor of its priority.
 *
 * @category model
 * @since 0.1.0
 */
export interface Choice {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
  readonly direction: Direction
  /** the placement, or the channel when the request has no placements */
  readonly slot: string
  /** 1 for the first action of its slot */
  readonly rank: number
  readonly treatment?: string
  /** the item, when the action is an item recommendation (`ItemAction`): `actionId` is `<action>/<item>` */
  readonly item?: string
  /** the catalog action's properties (the catalog's own object), when it has any */
  readonly properties?: Properties
  readonly evaluation: EvaluationClass
  readonly modelKey: ModelKey
  /** the model's propensity before exploration */
  readonly modelPropensity: number
  /** the learner's raw score (`Score.modelScore`: naive Bayes' averaged log-odds), when it has one */
  readonly modelScore?: number
  /** the propensity used in arbitration (after exploration, or the control group's draw) */
  readonly propensity: number
  readonly evidence: number
  readonly value: number
  readonly contextWeight: number
  readonly lever: number
  readonly priority: number
  readonly selectionProbability: number
  readonly selectionMethod: SelectionMethod
}

/**
 * How many candidates were left after each stage.
 *
 * @category model
 * @since 0.1.0
 */
export interface FunnelStep {
  readonly stage: Stage
  readonly excluded: number
  readonly remaining: number
}

/**
 * A subject's stage in one journey, as the decision used it: `stage` is the caller's (`given`,
 * from the request's `subject.journeys`) when it names a stage of the journey, else the one derived
 * from the history and the entry criteria (`derived`); `agrees` is false when the caller gave a
 * stage that differs from the derived one (or is not a stage of the journey) — the decision reports
 * it, in `render` too, and never picks silently.
 *
 * @category model
 * @since 0.1.0
 */
export interface JourneyStage {
  readonly journey: string
  readonly stage: string
  readonly derived: string
  /** how the derived stage came about (`Journey.Position.by`) */
  readonly by: "start" | "progress" | "lapse" | "entry"
  readonly given?: string
  readonly agrees: boolean
  /** whole days to the journey's event date, when it has one and the fact is a date-time */
  readonly daysToEvent?: number
}

/**
 * The result of `nextBestAction`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Decision {
  readonly decisionId: string
  readonly subjectId: string
  readonly at: Instant
  readonly controlGroup: boolean
  /** by slot (in the request's order), then rank */
  readonly actions: ReadonlyArray<Choice>
  /** in catalog (action id) order, then channel */
  readonly excluded: ReadonlyArray<Exclusion>
  readonly funnel: ReadonlyArray<FunnelStep>
  readonly record: DecisionRecord
  /** the subject's stage in each of the catalog's journeys (absent when it has none) */
  readonly journeys?: ReadonlyArray<JourneyStage>
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A total fold over reasons.
 *
 * @category destructors
 * @since 0.1.0
 */
export const matchReason =
  <B>(cases: { readonly [K in Reason["_tag"]]: (r: Extract<Reason, { readonly _tag: K }>) => B }) =>
  (r: Reason): B => {
    switch (r._tag) {
      case "Unavailable":
        return cases.Unavailable(r)
      case "NotOnChannel":
        return cases.NotOnChannel(r)
      case "NoTreatment":
        return cases.NoTreatment(r)
      case "PolicyFailed":
        return cases.PolicyFailed(r)
      case "OtherStage":
        return cases.OtherStage(r)
      case "Suppressed":
        return cases.Suppressed(r)
      case "ContactLimitReached":
        return cases.ContactLimitReached(r)
      case "BelowPropensityThreshold":
        return cases.BelowPropensityThreshold(r)
      case "BelowPriorityThreshold":
        return cases.BelowPriorityThreshold(r)
      case "Outranked":
        return cases.Outranked(r)
      case "GroupFull":
        return cases.GroupFull(r)
      case "ActionTaken":
        return cases.ActionTaken(r)
      case "NoPlacement":
        return cases.NoPlacement(r)
      case "ContactLimit":
        return cases.ContactLimit(r)
    }
  }

// -------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------

const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))))
const day = (x: Instant): string => toIso(x).slice(0, 10)

/**
 * A reason as one line of text.
 *
 * @category rendering
 * @since 0.1.0
 */
export const renderReason: (reason: Reason) => string = matchReason({
  Unavailable: (r) =>
    r.availability._tag === "Never"
      ? "switched off (availability: never)"
      : r.availability._tag === "Between"
        ? `not available now (available ${r.availability.from === undefined ? "" : `from ${toIso(r.availability.from)} `}${r.availability.until === undefined ? "" : `until ${toIso(r.availability.until)}`})`.replace(
            " )",
            ")"
          )
        : "not available",
  NotOnChannel: (r) => `not offered on ${r.channels.join(", ")}${r.direction === undefined ? "" : ` (${r.direction})`}`,
  NoTreatment: (r) =>
    `no eligible treatment: ${r.treatments.map((t) => (t.whyNot === undefined || t.whyNot.length === 0 ? t.id : `${t.id} (${t.whyNot.join("; ")})`)).join(", ")}`,
  PolicyFailed: (r) =>
    `${r.family} failed at ${r.level} level (${r.scope})${r.whyNot === undefined || r.whyNot.length === 0 ? "" : `: ${r.whyNot.join("; ")}`}`,
  OtherStage: (r) => `journey ${r.journey}: in stage ${r.stage}; action belongs to ${r.actionStage}`,
  Suppressed: (r) => `suppressed by ${r.suppression} until ${day(r.until)}`,
  ContactLimitReached: (r) =>
    `contact limit ${r.limit} reached (${r.used} of ${r.max}${r.channel === undefined ? "" : ` on ${r.channel}`})`,
  BelowPropensityThreshold: (r) => `propensity ${num(r.propensity)} below threshold ${num(r.minimum)} (${r.threshold})`,
  BelowPriorityThreshold: (r) => `priority ${num(r.priority)} below threshold ${num(r.minimum)} (${r.threshold})`,
  Outranked: (r) => `outranked: ${r.slot} holds ${r.size}`,
  GroupFull: (r) => `group ${r.group} already has ${r.maxPerGroup}`,
  ActionTaken: (r) => `already returned on ${r.channels.join(", ")}`,
  NoPlacement: (r) =>
    `fits none of the requested placements${r.placements.length === 0 ? "" : ` (fits ${r.placements.join(", ")})`}`,
  ContactLimit: (r) =>
    `contact limit ${r.limit} used up by higher-ranked actions${r.channel === undefined ? "" : ` on ${r.channel}`}`
})

/**
 * A decision as text: the ranked actions with their factors, then why each other candidate was
 * left out, stage by stage.
 *
 * @category rendering
 * @since 0.1.0
 */
export const render = (decision: Decision): string => {
  const lines: Array<string> = [
    `decision ${decision.decisionId} for ${decision.subjectId} at ${toIso(decision.at)}${decision.controlGroup ? " (control group)" : ""}`
  ]
  for (const j of decision.journeys ?? [])
    lines.push(
      `  journey ${j.journey}: ${j.stage}${j.given === undefined ? ` (${j.by})` : j.agrees ? " (given, agrees with the history)" : ` (given; derived ${j.derived} by ${j.by}: they disagree)`}`
    )
  if (decision.actions.length === 0) lines.push("  no action")
  for (const c of decision.actions) {
    lines.push(
      `  ${c.slot} #${c.rank} ${c.actionId}${c.treatment === undefined ? "" : ` [${c.treatment}]`}${c.evaluation === "default" ? "" : ` (${c.evaluation})`}: priority ${num(c.priority)} = P ${num(c.propensity)} × C ${num(c.contextWeight)} × V ${num(c.value)} × L ${num(c.lever)}`
    )
  }
  for (const e of decision.excluded)
    lines.push(
      `  ✗ ${e.actionId}${e.channel === undefined ? "" : `@${e.channel}`} [${e.stage}] ${renderReason(e.reason)}`
    )
  return lines.join("\n")
}
