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
 * The models see the request's features and, when the catalog (or the request) asks for them, the
 * history features of `HistoryFeatures`; the record keeps what they saw (per chosen action too),
 * with the learner's decision-time `modelScore` and how each selection probability was obtained.
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
import { arbitrate, arbitrateExploring, stageOf, type Capacity, type Contender, type Limits, type Rejection, type Slot } from "../arbitration/Arbitration.js"
import { factor as contextFactor } from "../arbitration/ContextWeight.js"
import { withSwitches, type Factors } from "../arbitration/Priority.js"
import { describe as describeThreshold } from "../arbitration/Threshold.js"
import { isAvailable } from "../catalog/Availability.js"
import type { Catalog, CompiledAction, CompiledChannel, CompiledTreatment } from "../catalog/Catalog.js"
import { compile as compileHistoryFeatures, oldestFirst, type CompiledHistoryFeatures, type HistoryFeatures } from "../catalog/HistoryFeatures.js"
import type { ChosenAction, Direction } from "../feedback/DecisionRecord.js"
import type { History } from "../kernel/History.js"
import { derive, fromSeed, nextDouble, type Rng } from "../kernel/Random.js"
import type { Features, FeatureValue, Prior } from "../learners/Learner.js"
import { stateOf, type Models } from "../learners/Models.js"
import type * as SelectionPolicy from "../learners/Policy.js"
import { appliesTo, usage, type Usage } from "../policies/ContactLimit.js"
import type { Check } from "../policies/Engagement.js"
import { indexHistory, type HistoryIndex } from "../policies/Suppression.js"
import { describe as describeLeaf, explain, renderReason as renderLeaf, whyNot, type Verdict } from "../rules/Rule.js"
import { isMember } from "./ControlGroup.js"
import type { Choice, Decision, Exclusion, FunnelStep, Reason, SelectionMethod, Stage } from "./Decision.js"
import { STAGES } from "./Decision.js"
import * as Redraw from "./internal/Redraw.js"
import { channelsOf, decisionIdOf, facts as factsOf, features as featuresOf, type Request, type TraceLevel } from "./Request.js"
import { scaledUniformWinProbability } from "./SelectionProbability.js"

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** how a candidate's arbitration propensity came about, for re-drawing it (see `Redraw`) */
type Randomness = typeof Redraw.FIXED | typeof Redraw.BETA | typeof Redraw.UNIFORM | typeof Redraw.RESCORE

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
  exploration: { readonly alpha: number; readonly beta: number } | undefined
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
  readonly historyFeatures: CompiledHistoryFeatures | undefined
}

const S_AVAILABILITY = 0
const S_CHANNEL = 1
const S_CONTACT = 5
const S_THRESHOLDS = 7
const S_ARBITRATION = 8
const S_LIMITS = 9
const STAGE_OF_FAMILY = { eligibility: 2, applicability: 3, suitability: 4 } as const

const EMPTY_ATTRIBUTES: Readonly<Record<string, unknown>> = {}
const EMPTY_HISTORY: History = []

// a request's own history-features setting, compiled once per setting value (an unobservable cache)
const compiledSettings = new WeakMap<HistoryFeatures, CompiledHistoryFeatures>()
const compiledHistoryFeatures = (spec: HistoryFeatures): CompiledHistoryFeatures => {
  let compiled = compiledSettings.get(spec)
  if (compiled === undefined) {
    compiled = compileHistoryFeatures(spec)
    compiledSettings.set(spec, compiled)
  }
  return compiled
}

const settingsOf = (catalog: Catalog, request: Request): Settings => {
  const o = request.options ?? {}
  const selection = o.selection ?? catalog.selection
  const history = o.historyFeatures === undefined ? catalog.historyFeatures : o.historyFeatures === false ? undefined : compiledHistoryFeatures(o.historyFeatures)
  return {
    trace: o.trace ?? "full",
    redact: o.redact ?? false,
    factors: withSwitches(catalog.factors, o.factors),
    analytics: o.analytics ?? catalog.analytics,
    selection,
    epsilon: selection._tag === "EpsilonGreedy" ? selection.epsilon : selection._tag === "UniformRandom" ? 1 : 0,
    channelsPerAction: o.channelsPerAction ?? catalog.channelsPerAction,
    maxPerGroup: o.maxPerGroup ?? catalog.maxPerGroup,
    draws: o.selectionDraws ?? 100,
    historyFeatures: history
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

/** the reason of a failed check: made once per check (`check.failure`) unless the trace is full */
const policyReason = (check: Check, facts: Readonly<Record<string, unknown>>, now: number, settings: Settings): Reason => {
  if (settings.trace !== "full") return check.failure
  const verdict = explain(check.rule)(facts, now)
  const lines = whyNotLines(verdict, settings.redact)
  return settings.redact ? { ...check.failure, whyNot: lines } : { ...check.failure, whyNot: lines, verdict }
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

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/**
 * The learner states of a catalog's models, looked up once per models value and catalog (an
 * unobservable cache: `Models` values are immutable, and a state is a pure function of them).
 */
interface StateTable {
  readonly catalog: Catalog
  readonly states: Array<unknown>
  readonly known: Uint8Array
}

const stateTables = new WeakMap<object, StateTable>()

const stateTableOf = (catalog: Catalog, models: object): StateTable => {
  let table = stateTables.get(models)
  if (table === undefined || table.catalog !== catalog) {
    table = { catalog, states: new Array<unknown>(catalog.modelCount), known: new Uint8Array(catalog.modelCount) }
    stateTables.set(models, table)
  }
  return table
}

const stateFor = <S>(table: StateTable, models: Models<S>, channel: CompiledChannel): S => {
  const i = channel.model
  if (table.known[i] === 1) return table.states[i] as S
  const state = stateOf(models, channel.modelKey)
  table.states[i] = state
  table.known[i] = 1
  return state
}

const clamp = (x: number): number => (x >= 0 ? (x <= 1 ? x : 1) : 0)

const sortKey = (actionIndex: number, channelIndex: number): number => actionIndex * 65536 + channelIndex + 1

/** the exclusions of one decision, in (action, channel) order, and the funnel's counts */
interface Trace {
  readonly keep: boolean
  readonly counts: Int32Array
  readonly early: Array<Exclusion>
  readonly earlyKeys: Array<number>
  readonly late: Array<Exclusion>
  readonly lateKeys: Array<number>
}

const exclude = (trace: Trace, a: CompiledAction, actionIndex: number, channel: string | undefined, channelIndex: number, stage: number, reason: Reason): void => {
  trace.counts[stage] = (trace.counts[stage] as number) + 1
  if (!trace.keep) return
  trace.early.push(
    channel === undefined
      ? { actionId: a.id, issue: a.issue, group: a.group, stage: STAGES[stage] as Stage, reason }
      : { actionId: a.id, issue: a.issue, group: a.group, channel, stage: STAGES[stage] as Stage, reason }
  )
  trace.earlyKeys.push(sortKey(actionIndex, channelIndex))
}

const excludeLate = (trace: Trace, c: Candidate, stage: number, reason: Reason): void => {
  trace.counts[stage] = (trace.counts[stage] as number) + 1
  if (!trace.keep) return
  trace.late.push({ actionId: c.action.id, issue: c.action.issue, group: c.action.group, channel: c.channel.channel, stage: STAGES[stage] as Stage, reason })
  trace.lateKeys.push(sortKey(c.actionIndex, c.channelIndex))
}

/** merges the exclusions of the later stages (thresholds, arbitration, limits) into the earlier ones, by (action, channel) */
const exclusionsOf = (trace: Trace): ReadonlyArray<Exclusion> => {
  const { early, earlyKeys, late, lateKeys } = trace
  if (late.length === 0) return early
  const order = new Int32Array(late.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  order.sort((x, y) => (lateKeys[x] as number) - (lateKeys[y] as number))
  const out: Array<Exclusion> = new Array<Exclusion>(early.length + late.length)
  let n = 0
  let j = 0
  for (let i = 0; i < early.length; i++) {
    const k = earlyKeys[i] as number
    while (j < order.length && (lateKeys[order[j] as number] as number) < k) out[n++] = late[order[j++] as number] as Exclusion
    out[n++] = early[i] as Exclusion
  }
  while (j < order.length) out[n++] = late[order[j++] as number] as Exclusion
  return out
}

/** the first failing check, each shared check evaluated once per decision (`memo`: 0 unknown, 1 passed, 2 failed) */
const failing = (checks: ReadonlyArray<Check>, memo: Int8Array, facts: Readonly<Record<string, unknown>>, now: number): Check | undefined => {
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i] as Check
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

/** the eligible treatments on a channel, or undefined (no treatments); an empty array when none is eligible */
const eligibleTreatments = (ch: CompiledChannel, facts: Readonly<Record<string, unknown>>, now: number): ReadonlyArray<CompiledTreatment> | undefined => {
  const all = ch.treatments
  if (all === undefined) return undefined
  let out: Array<CompiledTreatment> | undefined
  for (let i = 0; i < all.length; i++) {
    const t = all[i] as CompiledTreatment
    const ok = t.test === undefined || t.test(facts, now)
    if (ok) {
      if (out !== undefined) out.push(t)
    } else if (out === undefined) out = all.slice(0, i)
  }
  return out ?? all
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
 * assert.strictEqual(decision.record.actions[0]?.selectionMethod, "monteCarlo")
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
  const history = request.subject.history ?? EMPTY_HISTORY
  const hf = settings.historyFeatures
  const ordered = hf === undefined ? history : oldestFirst(history)
  const requestFeatures = featuresOf(request)
  // the request's features are a fresh object, seen by no one yet: the subject's history features are added in place
  const features = hf === undefined ? requestFeatures : Object.assign(requestFeatures as Record<string, FeatureValue | undefined>, hf.subject(ordered, now))
  const ownOf = hf !== undefined && hf.perCandidate ? hf.candidates(ordered, now) : undefined
  // what each candidate's model sees: a copy of one template that holds every key (the candidates'
  // own keys are the same for all); V8 clones it fast, where spreading the request's features
  // (built key by key, in dictionary mode) for every candidate would not
  let template: Features | undefined
  const withOwn = (own: Features): Features => {
    const keys = Object.keys(own)
    if (template === undefined) {
      const all: Record<string, FeatureValue | undefined> = Object.assign({}, features)
      for (const key of keys) all[key] = null
      template = { ...all }
    }
    const out: Record<string, FeatureValue | undefined> = { ...template }
    for (const key of keys) out[key] = own[key]
    return out
  }
  const slots = slotsOf(request)
  const requested = new Set(slots.map((s) => s.channel))
  const requestedList = [...requested]
  const single = requestedList.length === 1 ? requestedList[0] : undefined
  const direction = request.context.direction
  const control = request.options?.controlGroup ?? isMember(subjectId, now, catalog.controlGroup)
  const matched = catalog.contextWeights(request.context.attributes ?? EMPTY_ATTRIBUTES)
  const suppressions = catalog.suppressions
  const index: HistoryIndex | undefined = suppressions.length > 0 ? indexHistory(history, now) : undefined
  const usages: ReadonlyArray<Usage> = catalog.contactLimits.length === 0 ? [] : catalog.contactLimits.map((limit) => usage(limit)(history, now))
  const trace: Trace = { keep: settings.trace !== "none", counts: new Int32Array(STAGES.length), early: [], earlyKeys: [], late: [], lateKeys: [] }
  const memo = new Int8Array(catalog.sharedRules)
  const sharedReasons: Array<Reason | undefined> = settings.trace === "full" ? new Array<Reason | undefined>(catalog.sharedRules) : []

  let passedChannel = 0
  const candidates: Array<Candidate> = []
  // the channels of the current action that passed the channel stage (reused from action to action)
  const openChannels: Array<CompiledChannel> = []
  const openIndices: Array<number> = []
  const openTreatments: Array<ReadonlyArray<CompiledTreatment> | undefined> = []
  const actions = catalog.actions
  for (let ai = 0; ai < actions.length; ai++) {
    const a = actions[ai] as CompiledAction
    // 1. availability
    if (a.availability._tag !== "Always" && !isAvailable(a.availability, now)) {
      exclude(trace, a, ai, undefined, -1, S_AVAILABILITY, { _tag: "Unavailable", availability: a.availability })
      continue
    }
    // 2. channel (and treatments)
    let open = 0
    let offered = false
    const channels = a.channels
    for (let ci = 0; ci < channels.length; ci++) {
      const ch = channels[ci] as CompiledChannel
      if ((single !== undefined ? ch.channel !== single : !requested.has(ch.channel)) || (direction !== undefined && ch.direction !== direction)) continue
      offered = true
      const treatments = eligibleTreatments(ch, facts, now)
      if (treatments !== undefined && treatments.length === 0) {
        exclude(trace, a, ai, ch.channel, ci, S_CHANNEL, {
          _tag: "NoTreatment",
          treatments: (ch.treatments ?? []).map((t) =>
            settings.trace === "full" && t.rule !== undefined ? { id: t.id, whyNot: whyNotLines(explain(t.rule)(facts, now), settings.redact) } : { id: t.id }
          )
        })
        continue
      }
      openChannels[open] = ch
      openIndices[open] = ci
      openTreatments[open] = treatments
      open++
    }
    if (!offered) {
      exclude(trace, a, ai, undefined, -1, S_CHANNEL, direction === undefined ? { _tag: "NotOnChannel", channels: requestedList } : { _tag: "NotOnChannel", channels: requestedList, direction })
      continue
    }
    passedChannel += open
    if (open === 0) continue
    // 3–5. engagement policies
    const failed = a.checkList.length === 0 ? undefined : failing(a.checkList, memo, facts, now)
    if (failed !== undefined) {
      // a shared rule's full reason is the same for every action that inherits it: explained once per decision
      let reason: Reason
      if (failed.slot >= 0 && settings.trace === "full") {
        const known = sharedReasons[failed.slot]
        reason = known ?? (sharedReasons[failed.slot] = policyReason(failed, facts, now, settings))
      } else reason = policyReason(failed, facts, now, settings)
      const stage = STAGE_OF_FAMILY[failed.family]
      for (let o = 0; o < open; o++) exclude(trace, a, ai, (openChannels[o] as CompiledChannel).channel, openIndices[o] as number, stage, reason)
      continue
    }
    // 6. contact policies
    for (let o = 0; o < open; o++) {
      const ch = openChannels[o] as CompiledChannel
      const ci = openIndices[o] as number
      if (index !== undefined) {
        let suppressed = false
        for (let k = 0; k < suppressions.length; k++) {
          const active = (suppressions[k] as (typeof suppressions)[number])(index, ch.target)
          if (active !== undefined) {
            exclude(trace, a, ai, ch.channel, ci, S_CONTACT, { _tag: "Suppressed", suppression: active.suppression, firedAt: active.firedAt, until: active.until })
            suppressed = true
            break
          }
        }
        if (suppressed) continue
      }
      if (a.evaluation === "default" && usages.length > 0) {
        let full: Usage | undefined
        for (const u of usages) {
          if (u.remaining <= 0 && appliesTo(u.limit, ch.channel)) {
            full = u
            break
          }
        }
        if (full !== undefined) {
          exclude(
            trace,
            a,
            ai,
            ch.channel,
            ci,
            S_CONTACT,
            full.limit.channel === undefined
              ? { _tag: "ContactLimitReached", limit: full.limit.id, used: full.used, max: full.limit.max }
              : { _tag: "ContactLimitReached", limit: full.limit.id, channel: full.limit.channel, used: full.used, max: full.limit.max }
          )
          continue
        }
      }
      const treatments = openTreatments[o]
      const own = ownOf === undefined ? undefined : ownOf(ch.target)
      candidates.push({
        action: a,
        actionIndex: ai,
        channel: ch,
        channelIndex: ci,
        treatments,
        placements: placementsOf(treatments),
        contextWeight: contextFactor(matched, a.issue, a.group),
        value: a.value(facts),
        features: own === undefined ? features : withOwn(own),
        own,
        modelPropensity: 0,
        modelScore: undefined,
        propensity: 0,
        evidence: 0,
        priority: 0,
        randomness: Redraw.FIXED,
        exploration: undefined
      })
    }
  }

  // 7. propensity: the learner's score and exploration (or the control group's draw)
  const learner = models.learner
  const analytics = settings.analytics
  const states = candidates.length > 0 ? stateTableOf(catalog, models) : undefined
  let stochastic = false
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    const a = c.action
    const key = c.channel.modelKey
    if (!analytics || !a.analytics) {
      c.modelPropensity = a.startingPropensity
      c.evidence = a.prior?.evidence ?? 0
      c.propensity = a.startingPropensity
    } else {
      const state = stateFor(states as StateTable, models, c.channel)
      const scoreRng = derive(rng, key)
      const [score] = a.prior === undefined ? learner.score(state, c.features, scoreRng) : learner.score(state, c.features, scoreRng, a.prior)
      c.modelPropensity = clamp(score.propensity)
      c.evidence = Number.isFinite(score.evidence) ? score.evidence : 0
      if (score.modelScore !== undefined && Number.isFinite(score.modelScore)) c.modelScore = score.modelScore
      c.propensity = clamp(score.explored)
      if (score.exploration !== undefined) {
        c.randomness = Redraw.BETA
        c.exploration = score.exploration
      } else if (c.propensity !== c.modelPropensity) c.randomness = Redraw.RESCORE
    }
    if (control) {
      c.propensity = nextDouble(derive(rng, `control:${key}`))[0]
      c.randomness = Redraw.UNIFORM
    }
    if (c.randomness !== Redraw.FIXED) stochastic = true
  }

  // 8. thresholds, and priority = P × C × V × L
  const f = settings.factors
  const contenders: Array<Contender> = []
  const from: Array<number> = []
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    const a = c.action
    const p = c.propensity
    const q = (f.propensity ? p : 1) * (f.contextWeight ? c.contextWeight : 1) * (f.value ? c.value : 1) * (f.lever ? a.lever : 1)
    if (a.evaluation !== "mandatory") {
      const pt = c.channel.propensityThreshold
      if (pt !== undefined && p < pt.minimum) {
        excludeLate(trace, c, S_THRESHOLDS, { _tag: "BelowPropensityThreshold", propensity: p, minimum: pt.minimum, threshold: describeThreshold(pt) })
        continue
      }
      const qt = c.channel.priorityThreshold
      if (qt !== undefined && q < qt.minimum) {
        excludeLate(trace, c, S_THRESHOLDS, { _tag: "BelowPriorityThreshold", priority: q, minimum: qt.minimum, threshold: describeThreshold(qt) })
        continue
      }
    }
    c.priority = q
    contenders.push(
      c.placements === undefined
        ? { actionId: a.id, issue: a.issue, group: a.group, channel: c.channel.channel, evaluation: a.evaluation, priority: q }
        : { actionId: a.id, issue: a.issue, group: a.group, channel: c.channel.channel, evaluation: a.evaluation, priority: q, placements: c.placements }
    )
    from.push(k)
  }

  // 9–10. arbitration and limits
  const capacities: Array<Capacity> = usages.map((u) =>
    u.limit.channel === undefined ? { id: u.limit.id, remaining: u.remaining } : { id: u.limit.id, channel: u.limit.channel, remaining: u.remaining }
  )
  const policy: Limits =
    settings.maxPerGroup === undefined
      ? { slots, channelsPerAction: settings.channelsPerAction, capacities }
      : { slots, channelsPerAction: settings.channelsPerAction, capacities, maxPerGroup: settings.maxPerGroup }
  const placed: Array<Placement> = []
  const rejected = (index: number, reason: Rejection): void => {
    excludeLate(trace, candidates[from[index] as number] as Candidate, stageOf(reason) === "limits" ? S_LIMITS : S_ARBITRATION, reason)
  }
  if (settings.epsilon === 0) {
    const outcome = arbitrate(contenders, policy)
    for (const p of outcome.placed) placed.push({ candidate: from[p.index] as number, slot: p.slot, rank: p.rank, probability: 1 })
    for (const r of outcome.rejected) rejected(r.index, r.reason)
  } else {
    const [outcome] = arbitrateExploring(contenders, policy, settings.epsilon, derive(rng, "selection"))
    for (const p of outcome.placed) placed.push({ candidate: from[p.index] as number, slot: p.slot, rank: p.rank, probability: p.probability })
    for (const r of outcome.rejected) rejected(r.index, r.reason)
  }

  // selection probabilities
  const probabilities = selectionProbabilities(candidates, placed, { models, rng, control, stochastic, settings, policy })

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
    if (c.own !== undefined) record.features = c.own
    chosen[n] = choice
    recorded[n] = record
  }

  // the funnel
  const funnel: Array<FunnelStep> = new Array<FunnelStep>(STAGES.length)
  let remaining = actions.length
  for (let s = 0; s < STAGES.length; s++) {
    const x = trace.counts[s] as number
    // from the channel stage on, the funnel counts candidates (action × channel), not actions
    remaining = s === S_CHANNEL ? passedChannel : remaining - x
    funnel[s] = { stage: STAGES[s] as Stage, excluded: x, remaining }
  }

  return {
    decisionId,
    subjectId,
    at: now,
    controlGroup: control,
    actions: chosen,
    excluded: trace.keep ? exclusionsOf(trace) : [],
    funnel,
    record: {
      decisionId,
      subjectId,
      at: now,
      direction: direction ?? (chosen[0]?.direction as Direction | undefined) ?? "inbound",
      controlGroup: control,
      features,
      actions: recorded
    }
  }
}

/** a returned candidate: its index, slot and rank, and its conditional probability under the selection policy */
interface Placement {
  readonly candidate: number
  readonly slot: number
  readonly rank: number
  readonly probability: number
}

// -------------------------------------------------------------------------------------
// selection probabilities
// -------------------------------------------------------------------------------------

interface SelectionInputs<S> {
  readonly models: Models<S>
  readonly rng: Rng
  readonly control: boolean
  readonly stochastic: boolean
  readonly settings: Settings
  readonly policy: Limits
}

interface Probabilities {
  readonly probability: Float64Array
  readonly method: Array<SelectionMethod>
}

const selectionProbabilities = <S>(candidates: ReadonlyArray<Candidate>, placed: ReadonlyArray<Placement>, inputs: SelectionInputs<S>): Probabilities => {
  const { settings, policy } = inputs
  const slots = policy.slots
  const probability = new Float64Array(placed.length)
  const method = new Array<SelectionMethod>(placed.length)
  if (!inputs.stochastic) {
    for (let n = 0; n < placed.length; n++) {
      probability[n] = (placed[n] as Placement).probability
      method[n] = settings.epsilon === 0 ? "deterministic" : "exact"
    }
    return { probability, method }
  }
  // with one slot, a mandatory action that survived the stages before arbitration is always returned
  let unknown = 0
  for (let n = 0; n < placed.length; n++) {
    const mandatory = slots.length === 1 && (candidates[(placed[n] as Placement).candidate] as Candidate).action.evaluation === "mandatory"
    probability[n] = mandatory ? 1 : Number.NaN
    method[n] = mandatory ? "deterministic" : "monteCarlo"
    if (!mandatory) unknown++
  }
  // exact: the control group's uniform draws, greedy, one slot, the first non-mandatory action
  if (inputs.control && settings.epsilon === 0 && slots.length === 1 && settings.factors.propensity) {
    const n = placed.findIndex((p) => (candidates[p.candidate] as Candidate).action.evaluation !== "mandatory")
    const first = placed[n]
    if (first !== undefined) {
      const slot = slots[0] as Slot
      const f = settings.factors
      const rivals: Array<number> = []
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k] as Candidate
        if (c.action.evaluation === "mandatory" || c.channel.channel !== slot.channel) continue
        if (c.placements !== undefined && !c.placements.includes(slot.name)) continue
        rivals.push(k)
      }
      const weights = rivals.map((k) => {
        const c = candidates[k] as Candidate
        return 1 * (f.contextWeight ? c.contextWeight : 1) * (f.value ? c.value : 1) * (f.lever ? c.action.lever : 1)
      })
      if (weights.every((w) => w > 0 && Number.isFinite(w))) {
        const thresholds = rivals.map((k, m) => {
          const c = candidates[k] as Candidate
          const pt = c.channel.propensityThreshold?.minimum ?? 0
          const qt = c.channel.priorityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
          return Math.max(pt, qt / (weights[m] as number), 0)
        })
        const i = rivals.indexOf(first.candidate)
        if (i >= 0) {
          probability[n] = scaledUniformWinProbability(weights, thresholds, i)
          method[n] = "exact"
          unknown--
        }
      }
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
  for (let t = 0; t < targets.length; t++) probability[which[t] as number] = (1 + (hits[t] as number)) / (1 + (trials[t] as number))
  return { probability, method }
}

const EVALUATION = { default: Redraw.DEFAULT, mandatory: Redraw.MANDATORY, transactional: Redraw.TRANSACTIONAL } as const

/** the flat tables of a Monte Carlo estimate */
const tableOf = <S>(candidates: ReadonlyArray<Candidate>, inputs: SelectionInputs<S>): Redraw.Table => {
  const { settings, policy, models, rng } = inputs
  const f = settings.factors
  const n = candidates.length
  const slots = policy.slots
  const capacities = policy.capacities ?? []
  const kind = new Uint8Array(n)
  const fixed = new Float64Array(n)
  const alpha = new Float64Array(n)
  const beta = new Float64Array(n)
  const streams = new Array<Rng>(n)
  const contextWeight = new Float64Array(n)
  const value = new Float64Array(n)
  const lever = new Float64Array(n)
  const evaluation = new Uint8Array(n)
  const minPropensity = new Float64Array(n)
  const minPriority = new Float64Array(n)
  const action = new Int32Array(n)
  const group = new Int32Array(n)
  const fits = new Uint8Array(n * slots.length)
  const applies = new Uint8Array(n * capacities.length)
  const actionNumbers = new Map<number, number>()
  const groupNumbers = new Map<string, number>()
  const states: Array<S | undefined> = new Array<S | undefined>(n)
  for (let k = 0; k < n; k++) {
    const c = candidates[k] as Candidate
    const a = c.action
    kind[k] = c.randomness
    fixed[k] = c.propensity
    if (c.exploration !== undefined) {
      alpha[k] = c.exploration.alpha
      beta[k] = c.exploration.beta
    }
    if (c.randomness !== Redraw.FIXED) streams[k] = derive(rng, `redraw:${c.channel.modelKey}`)
    if (c.randomness === Redraw.RESCORE) states[k] = stateOf(models, c.channel.modelKey)
    contextWeight[k] = f.contextWeight ? c.contextWeight : 1
    value[k] = f.value ? c.value : 1
    lever[k] = f.lever ? a.lever : 1
    evaluation[k] = EVALUATION[a.evaluation]
    minPropensity[k] = c.channel.propensityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
    minPriority[k] = c.channel.priorityThreshold?.minimum ?? Number.NEGATIVE_INFINITY
    let an = actionNumbers.get(c.actionIndex)
    if (an === undefined) actionNumbers.set(c.actionIndex, (an = actionNumbers.size))
    action[k] = an
    const gk = `${a.issue}\u0000${a.group}`
    let gn = groupNumbers.get(gk)
    if (gn === undefined) groupNumbers.set(gk, (gn = groupNumbers.size))
    group[k] = gn
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as Slot
      fits[k * slots.length + s] = slot.channel === c.channel.channel && (c.placements === undefined || c.placements.includes(slot.name)) ? 1 : 0
    }
    if (a.evaluation === "default") {
      for (let j = 0; j < capacities.length; j++) {
        const cap = capacities[j] as Capacity
        applies[k * capacities.length + j] = cap.channel === undefined || cap.channel === c.channel.channel ? 1 : 0
      }
    }
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
    beta,
    streams,
    rescore: (k, child) => {
      const c = candidates[k] as Candidate
      const prior: Prior | undefined = c.action.prior
      const state = states[k] as S
      const [score] = prior === undefined ? learner.score(state, c.features, child) : learner.score(state, c.features, child, prior)
      return clamp(score.explored)
    },
    propensityFactor: f.propensity,
    contextWeight,
    value,
    lever,
    evaluation,
    minPropensity,
    minPriority,
    tie,
    action,
    group,
    actions: actionNumbers.size,
    groups: groupNumbers.size,
    fits,
    slots: slots.length,
    slotSize: Int32Array.from(slots, (s) => s.size),
    applies,
    capacities: capacities.length,
    remaining: Float64Array.from(capacities, (c) => c.remaining),
    maxPerGroup: policy.maxPerGroup ?? Number.POSITIVE_INFINITY,
    channelsPerAction: policy.channelsPerAction ?? 1,
    epsilon: settings.epsilon,
    walk: derive(rng, "redraw:walk")
  }
}
