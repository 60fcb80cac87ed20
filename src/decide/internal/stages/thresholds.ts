/**
 * Internal: the thresholds stage — propensity and priority thresholds (mandatory actions bypass
 * them) — and each surviving candidate's priority `Priority.priority`, as an arbitration contender.
 *
 * @internal
 * @since 0.1.0
 */
import type { Contender } from "../../../arbitration/Arbitration.js"
import { priority, type Factors } from "../../../arbitration/Priority.js"
import { describe as describeThreshold } from "../../../arbitration/Threshold.js"
import type { Candidate } from "../candidate.js"
import { excludeLate, stageIndex, type Trace } from "../trace.js"

/** the contenders of arbitration, and the candidate each one is (`from[i]`) */
export interface Contenders {
  readonly contenders: ReadonlyArray<Contender>
  readonly from: ReadonlyArray<number>
}

const S_THRESHOLDS = stageIndex.thresholds

/** 8. thresholds; sets each surviving candidate's priority */
export const thresholds = (candidates: ReadonlyArray<Candidate>, factors: Factors, trace: Trace): Contenders => {
  const priorityOf = priority(factors)
  const contenders: Array<Contender> = []
  const from: Array<number> = []
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    const a = c.action
    const p = c.propensity
    const q = priorityOf(p, c.contextWeight, c.value, a.lever)
    if (a.evaluation !== "mandatory") {
      const pt = c.channel.propensityThreshold
      if (pt !== undefined && p < pt.minimum) {
        excludeLate(trace, c, S_THRESHOLDS, {
          _tag: "BelowPropensityThreshold",
          propensity: p,
          minimum: pt.minimum,
          threshold: describeThreshold(pt)
        })
        continue
      }
      const qt = c.channel.priorityThreshold
      if (qt !== undefined && q < qt.minimum) {
        excludeLate(trace, c, S_THRESHOLDS, {
          _tag: "BelowPriorityThreshold",
          priority: q,
          minimum: qt.minimum,
          threshold: describeThreshold(qt)
        })
        continue
      }
    }
    c.priority = q
    contenders.push(
      c.placements === undefined
        ? {
            actionId: a.id,
            issue: a.issue,
            group: a.group,
            channel: c.channel.channel,
            evaluation: a.evaluation,
            priority: q
          }
        : {
            actionId: a.id,
            issue: a.issue,
            group: a.group,
            channel: c.channel.channel,
            evaluation: a.evaluation,
            priority: q,
            placements: c.placements
          }
    )
    from.push(k)
  }
  return { contenders, from }
}
