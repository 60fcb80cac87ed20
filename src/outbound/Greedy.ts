/**
 * Greedy allocation of capacity across a population held in memory: every (subject, action,
 * channel) candidate of the population sorted by priority — mandatory first, then priority
 * descending, then subject id, action id and channel — and taken while its subject has room
 * (`limit` actions, each action once) and every capacity that applies to it has a unit left.
 *
 * Guarantees:
 * - Feasible: no capacity is used beyond its `max`, no subject gets more than its limit, no
 *   subject gets one action twice.
 * - Order-free: the allocation does not depend on the order of the population or of a subject's
 *   candidates (subject ids unique; with a repeated id, ties between its copies follow the
 *   population's order).
 * - Without capacities (or when none binds) every subject gets exactly its wanted candidates.
 * - Every wanted candidate is chosen or dropped, with the first capacity (in the capacities'
 *   order) that had no unit left when its turn came.
 * - Near-optimal: with non-negative priorities and no mandatory candidates (those go first,
 *   whatever they cost), the objective is at least `1 / (m + 2)` of the best feasible
 *   allocation's, where `m` is the most capacities one candidate uses (the feasible sets form an
 *   (m + 2)-extendible system, on which the greedy algorithm has that guarantee). On real
 *   populations it is much closer: `DualPrices.upperBound` bounds the optimum from above.
 *
 * Cost: one sort of all candidates, O(N log N), and memory for all of them.
 *
 * @since 0.1.0
 */
import type { Allocation, Settings as AllocationSettings, Allotment, Candidate, Dropped, Offers } from "./Allocation.js"
import { limitOf, ranked, wanted } from "./Allocation.js"
import type { Capacity } from "./Capacity.js"
import { byId, capacityLookup, sortablePriority } from "./internal/capacities.js"

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Allocates capacity greedily by priority across the whole population.
 *
 * @example
 * import { Capacity, Greedy } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, channel: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel,
 *   priority
 * })
 * const population = [
 *   { subjectId: "ana", candidates: [c("Gold", "email", 9), c("Loan", "email", 2)] },
 *   { subjectId: "ben", candidates: [c("Gold", "email", 5), c("Loan", "sms", 4)] }
 * ]
 * const allocation = Greedy.allocate([Capacity.capacity("gold", 1, { actionId: "Gold" })])(population)
 * assert.deepStrictEqual(
 *   allocation.allotments.map((a) => a.chosen.map((x) => `${x.actionId}@${x.channel}`)),
 *   [["Gold@email"], ["Loan@sms"]]
 * )
 * assert.deepStrictEqual(
 *   allocation.allotments[1]?.dropped.map((d) => [d.candidate.actionId, d.capacity]),
 *   [["Gold", "gold"]]
 * )
 * assert.deepStrictEqual(allocation.usage, { gold: 1 })
 * assert.strictEqual(allocation.objective, 13)
 *
 * @category operations
 * @since 0.1.0
 */
export const allocate =
  (capacities: ReadonlyArray<Capacity>, settings: AllocationSettings = {}) =>
  <C extends Candidate>(population: ReadonlyArray<Offers<C>>): Allocation<C> => {
    const lookup = capacityLookup(capacities)
    const left = Float64Array.from(capacities, (c) => c.max)
    const lists = population.map((o) => ranked(o.candidates))
    const limits = population.map((o) => limitOf(o, settings))

    // subjects by id (then by position, for repeated ids)
    const bySubject = population.map((_, i) => i)
    bySubject.sort((a, b) => {
      const x = (population[a] as Offers<C>).subjectId
      const y = (population[b] as Offers<C>).subjectId
      return x < y ? -1 : x > y ? 1 : a - b
    })
    const subjectRank = new Int32Array(population.length)
    bySubject.forEach((s, r) => (subjectRank[s] = r))

    // every candidate of the population, flat
    let total = 0
    for (const l of lists) total += l.length
    const subjectOf = new Int32Array(total)
    const positionOf = new Int32Array(total)
    const priorityOf = new Float64Array(total)
    const mandatoryOf = new Uint8Array(total)
    const start = new Int32Array(population.length + 1)
    let k = 0
    lists.forEach((list, s) => {
      start[s] = k
      list.forEach((c, p) => {
        subjectOf[k] = s
        positionOf[k] = p
        priorityOf[k] = sortablePriority(c.priority)
        mandatoryOf[k] = c.evaluation === "mandatory" ? 1 : 0
        k++
      })
    })
    start[population.length] = k

    const order = new Int32Array(total)
    for (let i = 0; i < total; i++) order[i] = i
    order.sort((a, b) => {
      const m = (mandatoryOf[b] as number) - (mandatoryOf[a] as number)
      if (m !== 0) return m
      const pa = priorityOf[a] as number
      const pb = priorityOf[b] as number
      if (pa !== pb) return pa > pb ? -1 : 1
      const s = (subjectRank[subjectOf[a] as number] as number) - (subjectRank[subjectOf[b] as number] as number)
      return s !== 0 ? s : (positionOf[a] as number) - (positionOf[b] as number)
    })

    // the walk
    const count = new Int32Array(population.length)
    const takenActions: Array<Array<string> | undefined> = new Array(population.length)
    const chosen = new Uint8Array(total)
    const blockedBy = new Int32Array(total).fill(-1)
    for (let o = 0; o < total; o++) {
      const j = order[o] as number
      const s = subjectOf[j] as number
      if ((count[s] as number) >= (limits[s] as number)) continue
      const c = (lists[s] as ReadonlyArray<C>)[positionOf[j] as number] as C
      const actions = takenActions[s]
      if (actions !== undefined && actions.includes(c.actionId)) continue
      const caps = lookup(c)
      let full = -1
      for (const i of caps) {
        if ((left[i] as number) <= 0) {
          full = i
          break
        }
      }
      if (full >= 0) {
        blockedBy[j] = full
        continue
      }
      for (const i of caps) left[i] = (left[i] as number) - 1
      chosen[j] = 1
      count[s] = (count[s] as number) + 1
      if (actions === undefined) takenActions[s] = [c.actionId]
      else actions.push(c.actionId)
    }

    // the allotments
    let objective = 0
    const allotments: Array<Allotment<C>> = population.map((offers, s) => {
      const list = lists[s] as ReadonlyArray<C>
      const first = start[s] as number
      const mine: Array<C> = []
      list.forEach((c, p) => {
        if (chosen[first + p] === 1) {
          mine.push(c)
          objective += c.priority
        }
      })
      const dropped: Array<Dropped<C>> = []
      for (const w of wanted({ subjectId: offers.subjectId, candidates: list, limit: limits[s] as number })) {
        if (mine.includes(w)) continue
        const b = blockedBy[first + list.indexOf(w)] as number
        if (b >= 0) dropped.push({ candidate: w, capacity: (capacities[b] as Capacity).id })
      }
      return { subjectId: offers.subjectId, chosen: mine, dropped }
    })
    const used = new Float64Array(capacities.length)
    capacities.forEach((c, i) => (used[i] = c.max - (left[i] as number)))
    return { allotments, usage: byId(capacities, used), objective }
  }
