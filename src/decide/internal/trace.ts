/**
 * Internal: a decision's trace — the exclusions, in (action, channel) order, and the funnel's
 * counts — with the stages' positions derived from `Decision.STAGES`.
 *
 * @internal
 * @since 0.1.0
 */
import type { CompiledAction } from "../../catalog/Catalog.js"
import { STAGES, type Exclusion, type FunnelStep, type Reason, type Stage } from "../Decision.js"
import type { Candidate } from "./candidate.js"

/** each stage's position in `STAGES` */
export const stageIndex: { readonly [S in Stage]: number } = Object.fromEntries(
  STAGES.map((stage, i) => [stage, i])
) as { readonly [S in Stage]: number }

/** the exclusions of one decision and the funnel's counts; early stages come in (action, channel) order, late ones do
 * not */
export interface Trace {
  readonly keep: boolean
  readonly counts: Int32Array
  readonly early: Array<Exclusion>
  readonly earlyKeys: Array<number>
  readonly late: Array<Exclusion>
  readonly lateKeys: Array<number>
}

/** an empty trace; `keep`: whether exclusions are listed (they are always counted) */
export const emptyTrace = (keep: boolean): Trace => ({
  keep,
  counts: new Int32Array(STAGES.length),
  early: [],
  earlyKeys: [],
  late: [],
  lateKeys: []
})

const sortKey = (actionIndex: number, channelIndex: number): number => actionIndex * 65536 + channelIndex + 1

/** excludes an action (no channel) or a candidate at a stage before propensity */
export const exclude = (
  trace: Trace,
  a: CompiledAction,
  actionIndex: number,
  channel: string | undefined,
  channelIndex: number,
  stage: number,
  reason: Reason
): void => {
  trace.counts[stage] = (trace.counts[stage] as number) + 1
  if (!trace.keep) return
  trace.early.push(
    channel === undefined
      ? { actionId: a.id, issue: a.issue, group: a.group, stage: STAGES[stage] as Stage, reason }
      : { actionId: a.id, issue: a.issue, group: a.group, channel, stage: STAGES[stage] as Stage, reason }
  )
  trace.earlyKeys.push(sortKey(actionIndex, channelIndex))
}

/** excludes a candidate at a stage from thresholds on */
export const excludeLate = (trace: Trace, c: Candidate, stage: number, reason: Reason): void => {
  trace.counts[stage] = (trace.counts[stage] as number) + 1
  if (!trace.keep) return
  trace.late.push({
    actionId: c.action.id,
    issue: c.action.issue,
    group: c.action.group,
    channel: c.channel.channel,
    stage: STAGES[stage] as Stage,
    reason
  })
  trace.lateKeys.push(sortKey(c.actionIndex, c.channelIndex))
}

/** merges the exclusions of the later stages (thresholds, arbitration, limits) into the earlier ones, by (action,
 * channel) */
export const exclusionsOf = (trace: Trace): ReadonlyArray<Exclusion> => {
  if (!trace.keep) return []
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
    while (j < order.length && (lateKeys[order[j] as number] as number) < k)
      out[n++] = late[order[j++] as number] as Exclusion
    out[n++] = early[i] as Exclusion
  }
  while (j < order.length) out[n++] = late[order[j++] as number] as Exclusion
  return out
}

/** the funnel: from the channel stage on, it counts candidates (action × channel), not actions */
export const funnelOf = (trace: Trace, actions: number, passedChannel: number): ReadonlyArray<FunnelStep> => {
  const funnel: Array<FunnelStep> = new Array<FunnelStep>(STAGES.length)
  let remaining = actions
  for (let s = 0; s < STAGES.length; s++) {
    const x = trace.counts[s] as number
    remaining = s === stageIndex.channel ? passedChannel : remaining - x
    funnel[s] = { stage: STAGES[s] as Stage, excluded: x, remaining }
  }
  return funnel
}
