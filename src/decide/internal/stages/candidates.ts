/**
 * Internal: the stages before propensity — availability, channel (and treatments), the
 * engagement policies (eligibility, applicability, suitability), the journey gate and contact policies — from the
 * catalog's actions to the candidates (action × channel) that reach the propensity stage.
 *
 * @internal
 * @since 0.1.0
 */
import { factor as contextFactor, type Matched } from "../../../arbitration/ContextWeight.js"
import { isAvailable } from "../../../catalog/Availability.js"
import type { Catalog, CompiledAction, CompiledChannel, CompiledTreatment } from "../../../catalog/Catalog.js"
import type { Direction } from "../../../kernel/Direction.js"
import type { Features, FeatureValue } from "../../../learners/Learner.js"
import { appliesTo, type Usage } from "../../../policies/ContactLimit.js"
import type { Check } from "../../../policies/Engagement.js"
import type { HistoryIndex } from "../../../policies/Suppression.js"
import {
  describe as describeLeaf,
  explain,
  renderReason as renderLeaf,
  whyNot,
  type Verdict
} from "../../../rules/Rule.js"
import type { Reason } from "../../Decision.js"
import type { Candidate } from "../candidate.js"
import { gateReason, type Stages } from "./journeys.js"
import * as Redraw from "../Redraw.js"
import type { Settings } from "../settings.js"
import { exclude, stageIndex, type Trace } from "../trace.js"

/** what the stages before propensity read */
export interface Scope {
  readonly catalog: Catalog
  readonly settings: Settings
  readonly now: number
  readonly facts: Readonly<Record<string, unknown>>
  /** what the models see, before a candidate's own history features */
  readonly features: Features
  /** a candidate's own history features, by its target, when the catalog asks for them */
  readonly ownOf: ((target: CompiledChannel["target"]) => Features | undefined) | undefined
  /** the requested channels */
  readonly requested: ReadonlyArray<string>
  readonly direction: Direction | undefined
  readonly matched: Matched
  readonly index: HistoryIndex | undefined
  readonly usages: ReadonlyArray<Usage>
  readonly trace: Trace
  /** the subject's journey stages, when the catalog has journeys */
  readonly journeys: Stages | undefined
}

/** the candidates that reach the propensity stage, and how many passed the channel stage */
export interface Candidates {
  readonly candidates: Array<Candidate>
  readonly passedChannel: number
}

const S_AVAILABILITY = stageIndex.availability
const S_CHANNEL = stageIndex.channel
const S_CONTACT = stageIndex.contactPolicies
const S_JOURNEY = stageIndex.journey

/** the why-not lines of a failed rule (redacted: the rules, not the facts) */
const whyNotLines = (verdict: Verdict, redact: boolean): ReadonlyArray<string> =>
  whyNot(verdict).map((leaf) => (redact ? `${leaf.negated ? "not " : ""}${describeLeaf(leaf.rule)}` : renderLeaf(leaf)))

/** the reason of a failed check: made once per check (`check.failure`) unless the trace is full */
const policyReason = (
  check: Check,
  facts: Readonly<Record<string, unknown>>,
  now: number,
  settings: Settings
): Reason => {
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

/** the first failing check, each shared check evaluated once per decision (`memo`: 0 unknown, 1 passed, 2 failed) */
const failing = (
  checks: ReadonlyArray<Check>,
  memo: Int8Array,
  facts: Readonly<Record<string, unknown>>,
  now: number
): Check | undefined => {
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
const eligibleTreatments = (
  ch: CompiledChannel,
  facts: Readonly<Record<string, unknown>>,
  now: number
): ReadonlyArray<CompiledTreatment> | undefined => {
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

/**
 * What each candidate's model sees: a copy of one template that holds every key (the candidates'
 * own keys are the same for all); V8 clones it fast, where spreading the request's features
 * (built key by key, in dictionary mode) for every candidate would not.
 */
const featuresWithOwn = (features: Features): ((own: Features) => Features) => {
  let template: Features | undefined
  return (own) => {
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
}

/** the channels of one action that passed the channel stage (reused from action to action) */
interface Open {
  count: number
  readonly channels: Array<CompiledChannel>
  readonly indices: Array<number>
  readonly treatments: Array<ReadonlyArray<CompiledTreatment> | undefined>
}

// the requested channels as a set, built once per decision when there are more than a few (an unobservable cache)
const requestedSets = new WeakMap<ReadonlyArray<string>, ReadonlySet<string>>()
const requestedSetOf = (requested: ReadonlyArray<string>): ReadonlySet<string> | undefined => {
  if (requested.length <= 8) return undefined
  let set = requestedSets.get(requested)
  if (set === undefined) {
    set = new Set(requested)
    requestedSets.set(requested, set)
  }
  return set
}

/** 2. channel (and treatments): fills `open`; false when the action is offered on none of the requested channels */
const channelStage = (
  scope: Scope,
  a: CompiledAction,
  ai: number,
  open: Open,
  facts: Readonly<Record<string, unknown>>
): boolean => {
  const { requested, direction, now, settings, trace } = scope
  const single = requested.length === 1 ? requested[0] : undefined
  const set = single === undefined ? requestedSetOf(requested) : undefined
  open.count = 0
  let offered = false
  const channels = a.channels
  for (let ci = 0; ci < channels.length; ci++) {
    const ch = channels[ci] as CompiledChannel
    if (
      (single !== undefined
        ? ch.channel !== single
        : set !== undefined
          ? !set.has(ch.channel)
          : !requested.includes(ch.channel)) ||
      (direction !== undefined && ch.direction !== direction)
    )
      continue
    offered = true
    const treatments = eligibleTreatments(ch, facts, now)
    if (treatments !== undefined && treatments.length === 0) {
      exclude(trace, a, ai, ch.channel, ci, S_CHANNEL, {
        _tag: "NoTreatment",
        treatments: (ch.treatments ?? []).map((t) =>
          settings.trace === "full" && t.rule !== undefined
            ? { id: t.id, whyNot: whyNotLines(explain(t.rule)(facts, now), settings.redact) }
            : { id: t.id }
        )
      })
      continue
    }
    open.channels[open.count] = ch
    open.indices[open.count] = ci
    open.treatments[open.count] = treatments
    open.count++
  }
  if (!offered) {
    exclude(
      trace,
      a,
      ai,
      undefined,
      -1,
      S_CHANNEL,
      direction === undefined
        ? { _tag: "NotOnChannel", channels: requested }
        : { _tag: "NotOnChannel", channels: requested, direction }
    )
  }
  return offered
}

/** the suppression or used-up contact limit that excludes a candidate, if any */
const contactReason = (scope: Scope, a: CompiledAction, ch: CompiledChannel): Reason | undefined => {
  const { index, usages } = scope
  if (index !== undefined) {
    const suppressions = scope.catalog.suppressions
    for (let k = 0; k < suppressions.length; k++) {
      const active = (suppressions[k] as (typeof suppressions)[number])(index, ch.target)
      if (active !== undefined)
        return { _tag: "Suppressed", suppression: active.suppression, firedAt: active.firedAt, until: active.until }
    }
  }
  if (a.evaluation === "default" && usages.length > 0) {
    for (const u of usages) {
      if (u.remaining <= 0 && appliesTo(u.limit, ch.channel)) {
        return u.limit.channel === undefined
          ? { _tag: "ContactLimitReached", limit: u.limit.id, used: u.used, max: u.limit.max }
          : { _tag: "ContactLimitReached", limit: u.limit.id, channel: u.limit.channel, used: u.used, max: u.limit.max }
      }
    }
  }
  return undefined
}

/** the reason of a failed check; a shared rule's full reason is the same for every action that inherits it: explained
 * once per decision */
const failureReason = (
  scope: Scope,
  failed: Check,
  sharedReasons: Array<Reason | undefined>,
  facts: Readonly<Record<string, unknown>>
): Reason => {
  const { now, settings } = scope
  if (failed.slot >= 0 && settings.trace === "full") {
    const known = sharedReasons[failed.slot]
    return known ?? (sharedReasons[failed.slot] = policyReason(failed, facts, now, settings))
  }
  return policyReason(failed, facts, now, settings)
}

/** 6. contact policies on each open channel of an action; the channels that pass become candidates (pushed on `out`) */
const contactStage = (
  scope: Scope,
  a: CompiledAction,
  ai: number,
  open: Open,
  withOwn: (own: Features) => Features,
  out: Array<Candidate>,
  facts: Readonly<Record<string, unknown>>
): void => {
  for (let o = 0; o < open.count; o++) {
    const ch = open.channels[o] as CompiledChannel
    const reason = contactReason(scope, a, ch)
    if (reason !== undefined) {
      exclude(scope.trace, a, ai, ch.channel, open.indices[o] as number, S_CONTACT, reason)
      continue
    }
    const treatments = open.treatments[o]
    const history = scope.ownOf === undefined ? undefined : scope.ownOf(ch.target)
    // an item's features join the history features of its candidate
    const item = a.item
    const mine = item === undefined ? history : history === undefined ? item.features : { ...history, ...item.features }
    // and, with a shared model, the action's attributes (`action.<name>`)
    const attributes = a.attributes
    const own = attributes === undefined ? mine : mine === undefined ? attributes : { ...mine, ...attributes }
    out.push({
      action: a,
      actionIndex: ai,
      channel: ch,
      channelIndex: open.indices[o] as number,
      treatments,
      placements: placementsOf(treatments),
      contextWeight: contextFactor(scope.matched, a.issue, a.group),
      value: a.value(facts),
      features: own === undefined ? scope.features : withOwn(own),
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

/** 1–6: the stages before propensity, action by action */
export const candidates = (scope: Scope): Candidates => {
  const { catalog, settings, facts, now, trace } = scope
  const memo = new Int8Array(catalog.sharedRules)
  const sharedReasons: Array<Reason | undefined> =
    settings.trace === "full" ? new Array<Reason | undefined>(catalog.sharedRules) : []
  const withOwn = featuresWithOwn(scope.features)
  // items' own features have keys of their own: a template of their own
  const withItem = featuresWithOwn(scope.features)
  // the actions of a shared model see their attributes: a template per attributes object (its keys)
  let withAttributes: Map<Features, (own: Features) => Features> | undefined
  const templateOf = (attributes: Features): ((own: Features) => Features) => {
    withAttributes ??= new Map()
    let template = withAttributes.get(attributes)
    if (template === undefined) withAttributes.set(attributes, (template = featuresWithOwn(scope.features)))
    return template
  }
  const out: Array<Candidate> = []
  const open: Open = { count: 0, channels: [], indices: [], treatments: [] }
  let passedChannel = 0
  const actions = catalog.actions
  for (let ai = 0; ai < actions.length; ai++) {
    const a = actions[ai] as CompiledAction
    // an item's rules, value and treatments see the item as the fact `item` (shared rules do not read it)
    const f = a.item === undefined ? facts : { ...facts, item: a.item.facts }
    // 1. availability
    if (a.availability._tag !== "Always" && !isAvailable(a.availability, now)) {
      exclude(trace, a, ai, undefined, -1, S_AVAILABILITY, { _tag: "Unavailable", availability: a.availability })
      continue
    }
    // 2. channel
    if (!channelStage(scope, a, ai, open, f)) continue
    passedChannel += open.count
    if (open.count === 0) continue
    // 3–5. engagement policies
    const failed = a.checkList.length === 0 ? undefined : failing(a.checkList, memo, f, now)
    if (failed !== undefined) {
      const reason = failureReason(scope, failed, sharedReasons, f)
      const stage = stageIndex[failed.family]
      for (let o = 0; o < open.count; o++)
        exclude(trace, a, ai, (open.channels[o] as CompiledChannel).channel, open.indices[o] as number, stage, reason)
      continue
    }
    // journey: only the actions of the subject's stage (or the next one, when its entry criteria hold)
    if (scope.journeys !== undefined) {
      const reason = gateReason(scope.journeys, a.id, facts, now)
      if (reason !== undefined) {
        for (let o = 0; o < open.count; o++)
          exclude(
            trace,
            a,
            ai,
            (open.channels[o] as CompiledChannel).channel,
            open.indices[o] as number,
            S_JOURNEY,
            reason
          )
        continue
      }
    }
    // 6. contact policies
    const template = a.attributes !== undefined ? templateOf(a.attributes) : a.item === undefined ? withOwn : withItem
    contactStage(scope, a, ai, open, template, out, f)
  }
  return { candidates: out, passedChannel }
}
