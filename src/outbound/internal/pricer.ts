/**
 * Deciding subjects one at a time with prices (and a budget): the core of `DualPrices.stream`,
 * `DualPrices.allocate` and `OutboundRun`'s runs with prices.
 *
 * @internal
 * @since 0.1.0
 */
import type { Settings as AllocationSettings, Allotment, Candidate, Dropped, Offers } from "../Allocation.js"
import { limitOf, ranked, wanted } from "../Allocation.js"
import type { Budget, Capacity } from "../Capacity.js"
import { byAdjusted, byId, capacityLookup, own, sortablePriority, tieFactor } from "./capacities.js"

/** what a stream decided with prices reports (`DualPrices.StreamReport`) */
export interface PricedReport {
  readonly usage: Readonly<Record<string, number>>
  readonly objective: number
  readonly remaining?: Budget
}

/** Σ prices of the capacities `caps` */
const priceOf = (caps: Int32Array, lambda: ArrayLike<number>): number => {
  let sum = 0
  for (const i of caps) sum += lambda[i] as number
  return sum
}

/** deciding subjects one at a time with prices (and a budget): the core of `stream` and `allocate` */
export const pricer = <C extends Candidate>(
  capacities: ReadonlyArray<Capacity>,
  prices: Readonly<Record<string, number>>,
  settings: AllocationSettings,
  budget: Budget | undefined
): { readonly decide: (offers: Offers<C>) => Allotment<C>; readonly report: () => PricedReport } => {
  const lookup = capacityLookup(capacities)
  const lambda = Float64Array.from(capacities, (c) => Math.max(0, own(prices, c.id, 0)))
  const left =
    budget === undefined ? undefined : Float64Array.from(capacities, (c) => own(budget, c.id, Number.POSITIVE_INFINITY))
  const used = new Float64Array(capacities.length)
  let objective = 0
  const decide = (offers: Offers<C>): Allotment<C> => {
    const limit = limitOf(offers, settings)
    const factor = tieFactor(offers.subjectId)
    const scored = offers.candidates.map((c) => {
      const caps = lookup(c)
      const sum = priceOf(caps, lambda)
      return { c, caps, sum, adjusted: sortablePriority(c.priority) * factor - sum }
    })
    scored.sort(byAdjusted)
    const chosen: Array<C> = []
    const blocked = new Map<C, number>()
    for (const s of scored) {
      if (chosen.length >= limit) break
      if (!(s.c.evaluation === "mandatory" || s.sum === 0 || s.adjusted >= 0)) continue
      if (chosen.some((c) => c.actionId === s.c.actionId)) continue
      if (left !== undefined) {
        let full = -1
        for (const i of s.caps) {
          if ((left[i] as number) <= 0) {
            full = i
            break
          }
        }
        if (full >= 0) {
          blocked.set(s.c, full)
          continue
        }
        for (const i of s.caps) left[i] = (left[i] as number) - 1
      }
      for (const i of s.caps) used[i] = (used[i] as number) + 1
      chosen.push(s.c)
      objective += s.c.priority
    }
    const dropped: Array<Dropped<C>> = []
    for (const w of wanted(offers, settings)) {
      if (chosen.includes(w)) continue
      let reason = blocked.get(w) ?? -1
      if (reason < 0) {
        for (const i of lookup(w))
          if ((lambda[i] as number) > 0 && (reason < 0 || (lambda[i] as number) > (lambda[reason] as number)))
            reason = i
      }
      if (reason >= 0) dropped.push({ candidate: w, capacity: (capacities[reason] as Capacity).id })
    }
    return { subjectId: offers.subjectId, chosen: ranked(chosen), dropped }
  }
  const report = (): PricedReport => {
    const usage = byId(capacities, used)
    return left === undefined ? { usage, objective } : { usage, objective, remaining: byId(capacities, left) }
  }
  return { decide, report }
}
