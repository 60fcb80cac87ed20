/**
 * `nextBestAction(catalog, models, request)`: for one subject at one moment on one or more
 * channels, the ranked actions to take and why every other candidate was left out.
 *
 * The stages, in order, each recorded in the decision's funnel and in each exclusion:
 * 1. availability — the action's availability at `now`;
 * 2. channel — the action is offered on a requested channel (in the requested direction), and on
 *    that channel one of its treatments, if it has any, is eligible: candidates are action ×
 *    channel from here on;
 * 3–5. eligibility, applicability, suitability — the engagement policies, global › issue › group ›
 *    action, each shared rule evaluated once per decision;
 * 6. contactPolicies — suppressions over the interaction history, and contact limits already used
 *    up (mandatory actions are still suppressed but ignore contact limits; transactional ones
 *    ignore contact limits);
 * 7. propensity — the learner's score of the model `modelKey(action, channel)` with the action's
 *    starting prior, its exploration draw; the control group's random draw instead; the starting
 *    propensity when analytics are off;
 * 8. thresholds — propensity and priority thresholds (mandatory actions bypass them);
 * 9. arbitration — priority = P × C × V × L ranking, top N per slot, at most M per group, at most
 *    one channel per action (see `Arbitration`);
 * 10. limits — contact limits used up by the actions ranked above.
 *
 * Randomness: every draw comes from streams derived from the request's seed (or decision id) and
 * a label — the model key for scores, so that permuting the catalog changes nothing.
 *
 * Laws (checked by the property suite on random catalogs and requests):
 * - Pure and total on decoded input: same inputs, same decision; never throws.
 * - Never returns an action excluded at some stage; never more non-mandatory actions per slot than
 *   its size; ranked by priority within a slot, mandatory first.
 * - Raising an action's value, weight or propensity never lowers its rank; scaling every value by
 *   a positive constant, permuting the catalog, or adding an ineligible action changes nothing.
 * - With analytics and every factor off, the order is by action id.
 *
 * @since 0.1.0
 */
import { arbitrate, arbitrateExploring, stageOf, type Capacity, type Contender, type Rejected, type Slot } from "../arbitration/Arbitrate.js"
import { factor as contextFactor } from "../arbitration/ContextWeight.js"
import { priority as priorityOf, withSwitches, type Factors } from "../arbitration/Priority.js"
import { describe as describeThreshold } from "../arbitration/Threshold.js"
import { isAvailable } from "../catalog/Availability.js"
import type { Catalog, CompiledAction, CompiledChannel, CompiledTreatment } from "../catalog/Catalog.js"
import type { ChosenAction, DecisionRecord, Direction } from "../feedback/DecisionRecord.js"
import { derive, fromSeed, nextDouble, type Rng } from "../kernel/Random.js"
import type { Features } from "../learners/Learner.js"
import { stateOf, type Models } from "../learners/Models.js"
import type * as SelectionPolicy from "../learners/Policy.js"
import { appliesTo, usage, type Usage } from "../policies/ContactLimit.js"
import { FAMILIES, type Check } from "../policies/Engagement.js"
import { indexHistory, type HistoryIndex } from "../policies/Suppression.js"
import { describe as describeLeaf, explain, renderReason as renderLeaf, whyNot, type Verdict } from "../rules/Rule.js"
import { isMember } from "./ControlGroup.js"
import type { Choice, Decision, Exclusion, FunnelStep, Reason, SelectionMethod, Stage } from "./Decision.js"
import { STAGES } from "./Decision.js"
import { channelsOf, decisionIdOf, facts as factsOf, features as featuresOf, type Request, type TraceLevel } from "./Request.js"
import { scaledUniformWinProbability } from "./SelectionProbability.js"

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** a candidate that reached the propensity stage; mutable while the decision is built */
interface Candidate {
  readonly action: CompiledAction
  readonly actionIndex: number
  readonly channel: CompiledChannel
  readonly channelIndex: number
  readonly treatments: ReadonlyArray<CompiledTreatment> | undefined
  readonly placements: ReadonlyArray<string> | undefined
  readonly contextWeight: number
  readonly value: number
  modelPropensity: number
  propensity: number
  evidence: number
  priority: number
}

interface Settings {
  readonly trace: TraceLevel
  readonly redact: boolean
  readonly factors: Factors
  readonly analytics: boolean
  readonly selection: SelectionPolicy.Policy
  readonly epsilon: number
  readonly channelsPerAction: number
  readonly maxPerGroup: number | undefined
  readonly draws: number
}

const STAGE_INDEX: Readonly<Record<Stage, number>> = Object.fromEntries(STAGES.map((s, i) => [s, i])) as Record<Stage, number>

const settingsOf = (catalog: Catalog, request: Request): Settings => {
  const o = request.options ?? {}
  const selection = o.selection ?? catalog.selection
  return {
    trace: o.trace ?? "full",
    redact: o.redact ?? false,
    factors: withSwitches(catalog.factors, o.factors),
    analytics: o.analytics ?? catalog.analytics,
    selection,
    epsilon: selection._tag === "EpsilonGreedy" ? selection.epsilon : selection._tag === "UniformRandom" ? 1 : 0,
    channelsPerAction: o.channelsPerAction ?? catalog.channelsPerAction,
    maxPerGroup: o.maxPerGroup ?? catalog.maxPerGroup,
    draws: o.selectionDraws ?? 100
  }
}

const slotsOf = (request: Request): ReadonlyArray<Slot> => {
  const c = request.context
  if (c.placements !== undefined) {
    return c.placements.map((p) => ({ name: p.name, channel: p.channel ?? c.channel ?? c.channels?.[0] ?? "", size: p.size ?? 1 }))
  }
  return channelsOf(request).map((channel) => ({ name: channel, channel, size: c.limit ?? 1 }))
}

const whyNotLines = (verdict: Verdict, redact: boolean): ReadonlyArray<string> =>
  whyNot(verdict).map((leaf) => (redact ? `${leaf.negated ? "not " : ""}${describeLeaf(leaf.rule)}` : renderLeaf(leaf)))

// the short reason of a failed check depends on the check only: made once per check (an
// unobservable cache: reasons are immutable values)
const shortReasons = new WeakMap<Check, Reason>()

const policyReason = (check: Check, facts: Readonly<Record<string, unknown>>, now: number, settings: Settings): Reason => {
  if (settings.trace !== "full") {
    let reason = shortReasons.get(check)
    if (reason === undefined) {
      reason = { _tag: "PolicyFailed", family: check.family, level: check.level, scope: check.scope }
      shortReasons.set(check, reason)
    }
    return reason
  }
  const base = { _tag: "PolicyFailed" as const, family: check.family, level: check.level, scope: check.scope }
  const verdict = explain(check.rule)(facts, now)
  const lines = whyNotLines(verdict, settings.redact)
  return settings.redact ? { ...base, whyNot: lines } : { ...base, whyNot: lines, verdict }
}

/** the union of the placements the eligible treatments fit; undefined when one fits any */
const placementsOf = (treatments: ReadonlyArray<CompiledTreatment> | undefined): ReadonlyArray<string> | undefined => {
  if (treatments === undefined) return undefined
  const out: Array<string> = []
  for (const t of treatments) {
    if (t.placements === undefined) return undefined
    for (const p of t.placements) if (!out.includes(p)) out.push(p)
  }
  return out
}

const treatmentFor = (candidate: Candidate, slot: string): string | undefined => {
  if (candidate.treatments === undefined) return undefined
  for (const t of candidate.treatments) if (t.placements === undefined || t.placements.includes(slot)) return t.id
  return candidate.treatments[0]?.id
}

/** one propensity draw for a candidate: the learner's (or the control group's) from `rng` */
const drawPropensity = <S>(
  candidate: Candidate,
  models: Models<S>,
  features: Features,
  rng: Rng,
  control: boolean,
  analytics: boolean
): { readonly model: number; readonly explored: number; readonly evidence: number } => {
  const a = candidate.action
  const key = candidate.channel.modelKey
  if (!analytics || !a.analytics) {
    return { model: a.startingPropensity, explored: control ? nextDouble(derive(rng, `control:${key}`))[0] : a.startingPropensity, evidence: a.prior?.evidence ?? 0 }
  }
  const state = stateOf(models, key)
  const scoreRng = derive(rng, key)
  const [score] = a.prior === undefined ? models.learner.score(state, features, scoreRng) : models.learner.score(state, features, scoreRng, a.prior)
  const clamp = (x: number): number => (x >= 0 ? (x <= 1 ? x : 1) : 0)
  return {
    model: clamp(score.propensity),
    explored: control ? nextDouble(derive(rng, `control:${key}`))[0] : clamp(score.explored),
    evidence: Number.isFinite(score.evidence) ? score.evidence : 0
  }
}

/** thresholds and priority for given propensities: the contenders and the exclusions */
const rankable = (
  candidates: ReadonlyArray<Candidate>,
  propensities: ArrayLike<number>,
  factors: Factors
): { readonly contenders: Array<Contender>; readonly from: Array<number>; readonly below: Array<readonly [number, Reason]> } => {
  const priority = priorityOf(factors)
  const contenders: Array<Contender> = []
  const from: Array<number> = []
  const below: Array<readonly [number, Reason]> = []
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    const p = propensities[k] as number
    const q = priority(p, c.contextWeight, c.value, c.action.lever)
    if (c.action.evaluation !== "mandatory") {
      const pt = c.channel.propensityThreshold
      if (pt !== undefined && p < pt.minimum) {
        below.push([k, { _tag: "BelowPropensityThreshold", propensity: p, minimum: pt.minimum, threshold: describeThreshold(pt) }])
        continue
      }
      const qt = c.channel.priorityThreshold
      if (qt !== undefined && q < qt.minimum) {
        below.push([k, { _tag: "BelowPriorityThreshold", priority: q, minimum: qt.minimum, threshold: describeThreshold(qt) }])
        continue
      }
    }
    const a = c.action
    const contender: Contender = { actionId: a.id, issue: a.issue, group: a.group, channel: c.channel.channel, evaluation: a.evaluation, priority: q }
    contenders.push(c.placements === undefined ? contender : { ...contender, placements: c.placements })
    from.push(k)
  }
  return { contenders, from, below }
}

interface Arbitrated {
  /** per placed candidate: candidate index, slot, rank, conditional probability under the selection policy */
  readonly placed: ReadonlyArray<{ readonly candidate: number; readonly slot: number; readonly rank: number; readonly probability: number }>
  readonly rejected: ReadonlyArray<readonly [number, Rejected["reason"]]>
}

const runArbitration = (contenders: ReadonlyArray<Contender>, from: ReadonlyArray<number>, policy: Parameters<typeof arbitrate>[1], epsilon: number, rng: Rng): Arbitrated => {
  if (epsilon === 0) {
    const outcome = arbitrate(contenders, policy)
    return {
      placed: outcome.placed.map((p) => ({ candidate: from[p.index] as number, slot: p.slot, rank: p.rank, probability: 1 })),
      rejected: outcome.rejected.map((r) => [from[r.index] as number, r.reason] as const)
    }
  }
  const [outcome] = arbitrateExploring(contenders, policy, epsilon, rng)
  return {
    placed: outcome.placed.map((p) => ({ candidate: from[p.index] as number, slot: p.slot, rank: p.rank, probability: p.probability })),
    rejected: outcome.rejected.map((r) => [from[r.index] as number, r.reason] as const)
  }
}

// -------------------------------------------------------------------------------------
// the pipeline
// -------------------------------------------------------------------------------------

/**
 * Decides the next best actions for one request.
 *
 * @example
 * import { Catalog, Models, nextBestAction, Rule, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] }],
 *   actions: [
 *     { id: "GoldCard", issue: "Sales", group: "Cards", value: 120, channels: [{ channel: "web", direction: "inbound" }],
 *       policies: { eligibility: Rule.encode(Rule.gte("subject.age", 18)) } },
 *     { id: "CarLoan", issue: "Sales", group: "Loans", value: 300, channels: [{ channel: "web", direction: "inbound" }] }
 *   ]
 * })
 * assert.ok(catalog._tag === "Right")
 * const models = Models.empty(ThompsonSampling.thompsonSampling())
 * const decision = nextBestAction(catalog.right, models, {
 *   decisionId: "d-1",
 *   subject: { id: "c-1", attributes: { age: 17 } },
 *   context: { now: Date.UTC(2024, 4, 1), channel: "web" },
 *   options: { controlGroup: false }
 * })
 * assert.deepStrictEqual(decision.actions.map((a) => a.actionId), ["CarLoan"])
 * assert.deepStrictEqual(decision.excluded.map((e) => [e.actionId, e.stage]), [["GoldCard", "eligibility"]])
 *
 * @category decide
 * @since 0.1.0
 */
export const nextBestAction = <S>(catalog: Catalog, models: Models<S>, request: Request): Decision => {
  const settings = settingsOf(catalog, request)
  const now = request.context.now
  const subjectId = request.subject.id
  const decisionId = decisionIdOf(request)
  const rng = fromSeed(request.seed ?? decisionId)
  const facts = factsOf(request)
  const features = featuresOf(request)
  const slots = slotsOf(request)
  const requested = new Set(slots.map((s) => s.channel))
  const requestedList = [...requested]
  const direction = request.context.direction
  const control = request.options?.controlGroup ?? isMember(subjectId, now, catalog.controlGroup)
  const matched = catalog.contextWeights(request.context.attributes ?? {})
  const history = request.subject.history ?? []
  const index: HistoryIndex | undefined = catalog.suppressions.length > 0 ? indexHistory(history, now) : undefined
  const usages: ReadonlyArray<Usage> = catalog.contactLimits.map((limit) => usage(limit)(history, now))
  const keepExclusions = settings.trace !== "none"

  const excludedCount = new Array<number>(STAGES.length).fill(0)
  // exclusions before the propensity stage, in (action, channel) order, with their sort keys
  const excluded: Array<Exclusion> = []
  const excludedKeys: Array<number> = []
  const exclude = (a: CompiledAction, actionIndex: number, channel: string | undefined, channelIndex: number, stage: Stage, reason: Reason): void => {
    excludedCount[STAGE_INDEX[stage]] = (excludedCount[STAGE_INDEX[stage]] as number) + 1
    if (!keepExclusions) return
    excluded.push(channel === undefined ? { actionId: a.id, issue: a.issue, group: a.group, stage, reason } : { actionId: a.id, issue: a.issue, group: a.group, channel, stage, reason })
    excludedKeys.push(sortKey(actionIndex, channelIndex))
  }

  const memo = new Int8Array(catalog.sharedRules)
  const failing = (checks: ReadonlyArray<Check>): Check | undefined => {
    for (const check of checks) {
      if (check.slot >= 0) {
        const known = memo[check.slot] as number
        if (known === 1) continue
        if (known === 2) return check
        const ok = check.test(facts, now)
        memo[check.slot] = ok ? 1 : 2
        if (!ok) return check
      } else if (!check.test(facts, now)) return check
    }
    return undefined
  }

  let totalActions = 0
  let passedChannel = 0
  const candidates: Array<Candidate> = []
  const open: Array<{ readonly channel: CompiledChannel; readonly channelIndex: number; readonly treatments: ReadonlyArray<CompiledTreatment> | undefined }> = []
  const actions = catalog.actions
  for (let ai = 0; ai < actions.length; ai++) {
    const a = actions[ai] as CompiledAction
    totalActions++
    // 1. availability
    if (!isAvailable(a.availability, now)) {
      exclude(a, ai, undefined, -1, "availability", { _tag: "Unavailable", availability: a.availability })
      continue
    }
    // 2. channel (and treatments)
    open.length = 0
    let offered = false
    for (let ci = 0; ci < a.channels.length; ci++) {
      const ch = a.channels[ci] as CompiledChannel
      if (!requested.has(ch.channel) || (direction !== undefined && ch.direction !== direction)) continue
      offered = true
      let treatments: ReadonlyArray<CompiledTreatment> | undefined
      if (ch.treatments !== undefined) {
        const eligible = ch.treatments.filter((t) => t.test === undefined || t.test(facts, now))
        if (eligible.length === 0) {
          exclude(a, ai, ch.channel, ci, "channel", {
            _tag: "NoTreatment",
            treatments: ch.treatments.map((t) =>
              settings.trace === "full" && t.rule !== undefined ? { id: t.id, whyNot: whyNotLines(explain(t.rule)(facts, now), settings.redact) } : { id: t.id }
            )
          })
          continue
        }
        treatments = eligible
      }
      open.push({ channel: ch, channelIndex: ci, treatments })
    }
    if (!offered) {
      exclude(a, ai, undefined, -1, "channel", direction === undefined ? { _tag: "NotOnChannel", channels: requestedList } : { _tag: "NotOnChannel", channels: requestedList, direction })
      continue
    }
    passedChannel += open.length
    if (open.length === 0) continue
    // 3–5. engagement policies
    let failed: Check | undefined
    for (const family of FAMILIES) {
      failed = failing(a.checks[family])
      if (failed !== undefined) break
    }
    if (failed !== undefined) {
      const reason = policyReason(failed, facts, now, settings)
      for (const o of open) exclude(a, ai, o.channel.channel, o.channelIndex, failed.family, reason)
      continue
    }
    // 6. contact policies
    for (const o of open) {
      const channel = o.channel.channel
      let suppressed = false
      if (index !== undefined) {
        const target = { actionId: a.id, issue: a.issue, group: a.group, channel }
        for (const check of catalog.suppressions) {
          const active = check(index, target)
          if (active !== undefined) {
            exclude(a, ai, channel, o.channelIndex, "contactPolicies", { _tag: "Suppressed", suppression: active.suppression, firedAt: active.firedAt, until: active.until })
            suppressed = true
            break
          }
        }
      }
      if (suppressed) continue
      if (a.evaluation === "default") {
        const full = usages.find((u) => u.remaining <= 0 && appliesTo(u.limit, channel))
        if (full !== undefined) {
          exclude(
            a,
            ai,
            channel,
            o.channelIndex,
            "contactPolicies",
            full.limit.channel === undefined
              ? { _tag: "ContactLimitReached", limit: full.limit.id, used: full.used, max: full.limit.max }
              : { _tag: "ContactLimitReached", limit: full.limit.id, channel: full.limit.channel, used: full.used, max: full.limit.max }
          )
          continue
        }
      }
      const treatments = o.treatments
      candidates.push({
        action: a,
        actionIndex: ai,
        channel: o.channel,
        channelIndex: o.channelIndex,
        treatments,
        placements: placementsOf(treatments),
        contextWeight: contextFactor(matched, a.issue, a.group),
        value: a.value(facts),
        modelPropensity: 0,
        propensity: 0,
        evidence: 0,
        priority: 0
      })
    }
  }

  // 7. propensity
  let stochastic = control
  const propensities = new Float64Array(candidates.length)
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    const drawn = drawPropensity(c, models, features, rng, control, settings.analytics)
    c.modelPropensity = drawn.model
    c.propensity = drawn.explored
    c.evidence = drawn.evidence
    propensities[k] = drawn.explored
    if (drawn.explored !== drawn.model) stochastic = true
  }

  // 8. thresholds
  const { contenders, from, below } = rankable(candidates, propensities, settings.factors)
  const late: Array<readonly [Candidate, Stage, Reason]> = []
  for (const [k, reason] of below) {
    const c = candidates[k] as Candidate
    excludedCount[STAGE_INDEX.thresholds] = (excludedCount[STAGE_INDEX.thresholds] as number) + 1
    if (keepExclusions) late.push([c, "thresholds", reason])
  }
  for (let j = 0; j < contenders.length; j++) (candidates[from[j] as number] as Candidate).priority = (contenders[j] as Contender).priority

  // 9–10. arbitration and limits
  const capacities: Array<Capacity> = usages.map((u) =>
    u.limit.channel === undefined ? { id: u.limit.id, remaining: u.remaining } : { id: u.limit.id, channel: u.limit.channel, remaining: u.remaining }
  )
  const policy = { slots, channelsPerAction: settings.channelsPerAction, capacities, ...(settings.maxPerGroup === undefined ? {} : { maxPerGroup: settings.maxPerGroup }) }
  const selectionRng = derive(rng, "selection")
  const outcome = runArbitration(contenders, from, policy, settings.epsilon, selectionRng)
  for (const [k, reason] of outcome.rejected) {
    const c = candidates[k] as Candidate
    const stage = stageOf(reason)
    excludedCount[STAGE_INDEX[stage]] = (excludedCount[STAGE_INDEX[stage]] as number) + 1
    if (keepExclusions) late.push([c, stage, reason])
  }

  // selection probabilities
  const probabilities = selectionProbabilities(candidates, outcome, {
    models,
    features,
    rng,
    control,
    stochastic,
    settings,
    policy,
    slots
  })

  const chosen: Array<Choice> = outcome.placed.map((p, n) => {
    const c = candidates[p.candidate] as Candidate
    const slot = (slots[p.slot] as Slot).name
    const treatment = treatmentFor(c, slot)
    const [selectionProbability, selectionMethod] = probabilities[n] as readonly [number, SelectionMethod]
    const choice: Choice = {
      actionId: c.action.id,
      issue: c.action.issue,
      group: c.action.group,
      channel: c.channel.channel,
      direction: c.channel.direction,
      slot,
      rank: p.rank,
      evaluation: c.action.evaluation,
      modelKey: c.channel.modelKey,
      modelPropensity: c.modelPropensity,
      propensity: c.propensity,
      evidence: c.evidence,
      value: c.value,
      contextWeight: c.contextWeight,
      lever: c.action.lever,
      priority: c.priority,
      selectionProbability,
      selectionMethod
    }
    return treatment === undefined ? choice : { ...choice, treatment }
  })

  // the funnel
  const funnel: Array<FunnelStep> = []
  let remaining = totalActions
  for (let s = 0; s < STAGES.length; s++) {
    const x = excludedCount[s] as number
    // from the channel stage on, the funnel counts candidates (action × channel), not actions
    remaining = STAGES[s] === "channel" ? passedChannel : remaining - x
    funnel.push({ stage: STAGES[s] as Stage, excluded: x, remaining })
  }

  const record: DecisionRecord = {
    decisionId,
    subjectId,
    at: now,
    direction: direction ?? (chosen[0]?.direction as Direction | undefined) ?? "inbound",
    controlGroup: control,
    features,
    actions: chosen.map((c): ChosenAction => {
      const base: ChosenAction = {
        actionId: c.actionId,
        issue: c.issue,
        group: c.group,
        channel: c.channel,
        modelKey: c.modelKey,
        rank: c.rank,
        modelPropensity: c.modelPropensity,
        propensity: c.propensity,
        selectionProbability: c.selectionProbability
      }
      return c.treatment === undefined ? base : { ...base, treatment: c.treatment }
    })
  }

  return {
    decisionId,
    subjectId,
    at: now,
    controlGroup: control,
    actions: chosen,
    excluded: keepExclusions ? mergeExclusions(excluded, excludedKeys, late) : [],
    funnel,
    record
  }
}

const sortKey = (actionIndex: number, channelIndex: number): number => actionIndex * 65536 + channelIndex + 1

/** merges the exclusions of the later stages (thresholds, arbitration, limits) into the earlier ones, by (action, channel) */
const mergeExclusions = (
  early: ReadonlyArray<Exclusion>,
  earlyKeys: ReadonlyArray<number>,
  late: ReadonlyArray<readonly [Candidate, Stage, Reason]>
): ReadonlyArray<Exclusion> => {
  if (late.length === 0) return early
  const keyed = late.map(([c, stage, reason]) => ({
    key: sortKey(c.actionIndex, c.channelIndex),
    exclusion: { actionId: c.action.id, issue: c.action.issue, group: c.action.group, channel: c.channel.channel, stage, reason } as Exclusion
  }))
  keyed.sort((x, y) => x.key - y.key)
  const out: Array<Exclusion> = []
  let j = 0
  for (let i = 0; i < early.length; i++) {
    const k = earlyKeys[i] as number
    while (j < keyed.length && (keyed[j] as { key: number }).key < k) out.push((keyed[j++] as { exclusion: Exclusion }).exclusion)
    out.push(early[i] as Exclusion)
  }
  while (j < keyed.length) out.push((keyed[j++] as { exclusion: Exclusion }).exclusion)
  return out
}

// -------------------------------------------------------------------------------------
// selection probabilities
// -------------------------------------------------------------------------------------

interface SelectionInputs<S> {
  readonly models: Models<S>
  readonly features: Features
  readonly rng: Rng
  readonly control: boolean
  readonly stochastic: boolean
  readonly settings: Settings
  readonly policy: Parameters<typeof arbitrate>[1]
  readonly slots: ReadonlyArray<Slot>
}

const selectionProbabilities = <S>(
  candidates: ReadonlyArray<Candidate>,
  outcome: Arbitrated,
  inputs: SelectionInputs<S>
): ReadonlyArray<readonly [number, SelectionMethod]> => {
  const { settings } = inputs
  const placed = outcome.placed
  if (placed.length === 0) return []
  if (!inputs.stochastic) return placed.map((p) => [p.probability, settings.epsilon === 0 ? "deterministic" : "exact"] as const)
  // with one slot, a mandatory action that survived the stages before arbitration is always returned
  const result: Array<readonly [number, SelectionMethod]> = placed.map((p) =>
    inputs.slots.length === 1 && (candidates[p.candidate] as Candidate).action.evaluation === "mandatory" ? ([1, "deterministic"] as const) : ([Number.NaN, "monteCarlo"] as const)
  )
  // exact: the control group's uniform draws, greedy, one slot, the first non-mandatory action
  if (inputs.control && settings.epsilon === 0 && inputs.slots.length === 1 && settings.factors.propensity) {
    const n = placed.findIndex((p) => (candidates[p.candidate] as Candidate).action.evaluation !== "mandatory")
    const first = placed[n]
    if (first !== undefined) {
      const slot = inputs.slots[0] as Slot
      const rivals: Array<number> = []
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k] as Candidate
        if (c.action.evaluation === "mandatory" || c.channel.channel !== slot.channel) continue
        if (c.placements !== undefined && !c.placements.includes(slot.name)) continue
        rivals.push(k)
      }
      const weights = rivals.map((k) => {
        const c = candidates[k] as Candidate
        return priorityOf(settings.factors)(1, c.contextWeight, c.value, c.action.lever)
      })
      if (weights.every((w) => w > 0 && Number.isFinite(w))) {
        const thresholds = rivals.map((k, m) => {
          const c = candidates[k] as Candidate
          const pt = c.channel.propensityThreshold?.minimum ?? 0
          const qt = c.channel.priorityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
          return Math.max(pt, qt / (weights[m] as number), 0)
        })
        const i = rivals.indexOf(first.candidate)
        if (i >= 0) result[n] = [scaledUniformWinProbability(weights, thresholds, i), "exact"]
      }
    }
  }
  if (result.every(([p]) => !Number.isNaN(p))) return result
  if (settings.draws === 0) return result
  // Monte Carlo: re-draw every random choice; count, per chosen action, the draws whose slot
  // prefix matches the actual one, and among them those that return the action at its rank
  const actual: Array<Array<number>> = inputs.slots.map(() => [])
  for (const p of placed) (actual[p.slot] as Array<number>)[p.rank - 1] = p.candidate
  const trials = new Array<number>(placed.length).fill(0)
  const hits = new Array<number>(placed.length).fill(0)
  const propensities = new Float64Array(candidates.length)
  for (let d = 0; d < settings.draws; d++) {
    const rng = derive(inputs.rng, `selection-draw:${d}`)
    for (let k = 0; k < candidates.length; k++) {
      propensities[k] = drawPropensity(candidates[k] as Candidate, inputs.models, inputs.features, rng, inputs.control, settings.analytics).explored
    }
    const { contenders, from } = rankable(candidates, propensities, settings.factors)
    const drawn = runArbitration(contenders, from, inputs.policy, settings.epsilon, derive(rng, "selection"))
    const bySlot: Array<Array<number>> = inputs.slots.map(() => [])
    for (const p of drawn.placed) (bySlot[p.slot] as Array<number>)[p.rank - 1] = p.candidate
    placed.forEach((p, n) => {
      if (!Number.isNaN((result[n] as readonly [number, SelectionMethod])[0])) return
      const mine = actual[p.slot] as Array<number>
      const theirs = bySlot[p.slot] as Array<number>
      for (let r = 0; r < p.rank - 1; r++) if (mine[r] !== theirs[r]) return
      trials[n] = (trials[n] as number) + 1
      if (theirs[p.rank - 1] === p.candidate) hits[n] = (hits[n] as number) + 1
    })
  }
  return result.map(([p, method], n) => (Number.isNaN(p) ? [(1 + (hits[n] as number)) / (1 + (trials[n] as number)), "monteCarlo"] : [p, method]))
}
