/**
 * Internal: the arbitration and limits stages — `Arbitration.arbitrate` (greedy) or
 * `Arbitration.arbitrateExploring` (ε > 0, or inverse gap weighting) over the contenders, under the
 * decision's slots and limits and the contact capacity left.
 *
 * @internal
 * @since 0.1.0
 */
import {
  arbitrate as arbitrateGreedy,
  arbitrateExploring,
  stageOf,
  type Capacity,
  type Limits,
  type Rejection,
  type Slot
} from "../../../arbitration/Arbitration.js"
import { derive, type Rng } from "../../../kernel/Random.js"
import type { Usage } from "../../../policies/ContactLimit.js"
import type { Candidate, Placement } from "../candidate.js"
import type { Settings } from "../settings.js"
import { excludeLate, stageIndex, type Trace } from "../trace.js"
import type { Contenders } from "./thresholds.js"

const S_ARBITRATION = stageIndex.arbitration
const S_LIMITS = stageIndex.limits

/** the limits of arbitration: the slots, the settings' limits and the contact capacity left */
export const limitsOf = (slots: ReadonlyArray<Slot>, settings: Settings, usages: ReadonlyArray<Usage>): Limits => {
  const capacities: Array<Capacity> = usages.map((u) =>
    u.limit.channel === undefined
      ? { id: u.limit.id, remaining: u.remaining }
      : { id: u.limit.id, channel: u.limit.channel, remaining: u.remaining }
  )
  return settings.maxPerGroup === undefined
    ? { slots, channelsPerAction: settings.channelsPerAction, capacities }
    : { slots, channelsPerAction: settings.channelsPerAction, capacities, maxPerGroup: settings.maxPerGroup }
}

/** 9–10. the placements, in slot then rank order; excludes every other contender */
export const arbitrate = (
  candidates: ReadonlyArray<Candidate>,
  { contenders, from }: Contenders,
  limits: Limits,
  epsilon: number | { readonly gamma: number; readonly floor: number },
  rng: Rng,
  trace: Trace
): ReadonlyArray<Placement> => {
  const placed: Array<Placement> = []
  const rejected = (index: number, reason: Rejection): void => {
    excludeLate(
      trace,
      candidates[from[index] as number] as Candidate,
      stageOf(reason) === "limits" ? S_LIMITS : S_ARBITRATION,
      reason
    )
  }
  if (epsilon === 0) {
    // greedy (inverse gap weighting always draws: even γ = 0 is uniform random)
    const outcome = arbitrateGreedy(contenders, limits)
    for (const p of outcome.placed)
      placed.push({ candidate: from[p.index] as number, slot: p.slot, rank: p.rank, probability: 1 })
    for (const r of outcome.rejected) rejected(r.index, r.reason)
  } else {
    const [outcome] = arbitrateExploring(contenders, limits, epsilon, derive(rng, "selection"))
    for (const p of outcome.placed)
      placed.push({ candidate: from[p.index] as number, slot: p.slot, rank: p.rank, probability: p.probability })
    for (const r of outcome.rejected) rejected(r.index, r.reason)
  }
  return placed
}
