/**
 * Allocating volume across a population: the shapes shared by the two allocation modes (`Greedy`
 * over a population in memory, `DualPrices` subject by subject), the order in which a subject's
 * candidates are wanted, and what an allocation reports.
 *
 * A subject offers candidates — actions on channels with a priority, e.g. the actions of its
 * decision. Without capacities it would get its **wanted** candidates: in the decision's order
 * (mandatory first, then priority descending, then action id, then channel), the first `limit`
 * (default `perSubject`, default 1) of distinct actions — an action is sent at most once per
 * subject. An allocation gives each subject at most `limit` candidates of distinct actions; a
 * wanted candidate it does not give is **dropped**, with the capacity that stopped it.
 *
 * Laws:
 * - `OrdCandidate` is a total order (reflexive, antisymmetric, transitive) that does not depend
 *   on the order candidates are listed in.
 * - `wanted` returns at most `limit` candidates, of distinct actions, in `OrdCandidate` order.
 * - `usage` counts, per capacity, the chosen candidates it applies to; `objective` is the sum of
 *   the chosen candidates' priorities.
 *
 * @since 0.1.0
 */
import type { Ord } from "fp-ts/lib/Ord.js"
import type { EvaluationClass } from "../arbitration/Priority.js"
import type { Capacity, Target } from "./Capacity.js"
import { byId, capacityLookup, sortablePriority } from "./internal/capacities.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An action on a channel that a subject could be sent, with its priority. A decision's `Choice`
 * is one.
 *
 * @category model
 * @since 0.1.0
 */
export interface Candidate extends Target {
  readonly priority: number
  /** mandatory candidates come first (default: `"default"`) */
  readonly evaluation?: EvaluationClass
}

/**
 * One subject's candidates.
 *
 * @category model
 * @since 0.1.0
 */
export interface Offers<C extends Candidate = Candidate> {
  readonly subjectId: string
  readonly candidates: ReadonlyArray<C>
  /** the most actions this subject may be sent (default: the allocation's `perSubject`) */
  readonly limit?: number
}

/**
 * A wanted candidate the allocation did not give, and the capacity that stopped it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Dropped<C extends Candidate = Candidate> {
  readonly candidate: C
  /** the id of the capacity */
  readonly capacity: string
}

/**
 * What one subject gets: the chosen candidates (in `OrdCandidate` order) and the wanted ones
 * dropped by capacity.
 *
 * @category model
 * @since 0.1.0
 */
export interface Allotment<C extends Candidate = Candidate> {
  readonly subjectId: string
  readonly chosen: ReadonlyArray<C>
  readonly dropped: ReadonlyArray<Dropped<C>>
}

/**
 * The allotments of a population (in its order), the usage of each capacity and the objective
 * (the sum of the chosen candidates' priorities).
 *
 * @category model
 * @since 0.1.0
 */
export interface Allocation<C extends Candidate = Candidate> {
  readonly allotments: ReadonlyArray<Allotment<C>>
  readonly usage: Readonly<Record<string, number>>
  readonly objective: number
}

/**
 * Settings shared by both modes.
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings {
  /** the most actions per subject, unless its offers say otherwise (default 1) */
  readonly perSubject?: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)

/**
 * The decision's order, on plain fields (see `OrdCandidate`).
 *
 * @category operations
 * @since 0.1.0
 */
export const compareCandidates = (x: Candidate, y: Candidate): number => {
  const mx = x.evaluation === "mandatory" ? 0 : 1
  const my = y.evaluation === "mandatory" ? 0 : 1
  if (mx !== my) return mx - my
  const px = sortablePriority(x.priority)
  const py = sortablePriority(y.priority)
  if (px !== py) return px > py ? -1 : 1
  return compareText(x.actionId, y.actionId) || compareText(x.channel, y.channel)
}

/**
 * The subject's candidates in the decision's order.
 *
 * @category operations
 * @since 0.1.0
 */
export const ranked = <C extends Candidate>(candidates: ReadonlyArray<C>): ReadonlyArray<C> =>
  [...candidates].sort(compareCandidates)

/**
 * The limit of a subject: its own, else the settings' `perSubject`, else 1.
 *
 * @category operations
 * @since 0.1.0
 */
export const limitOf = (offers: Offers<Candidate>, settings: Settings): number =>
  Math.max(0, Math.floor(offers.limit ?? settings.perSubject ?? 1))

/**
 * What the subject would get without capacities: the first `limit` candidates of distinct actions
 * in the decision's order.
 *
 * @example
 * import { Allocation } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, channel: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel,
 *   priority
 * })
 * const offers = { subjectId: "ana", candidates: [c("Loan", "sms", 3), c("Gold", "email", 5), c("Gold", "sms", 4)] }
 * assert.deepStrictEqual(
 *   Allocation.wanted(offers, { perSubject: 2 }).map((x) => `${x.actionId}@${x.channel}`),
 *   ["Gold@email", "Loan@sms"]
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const wanted = <C extends Candidate>(offers: Offers<C>, settings: Settings = {}): ReadonlyArray<C> => {
  const limit = limitOf(offers, settings)
  const out: Array<C> = []
  if (limit === 0) return out
  if (limit === 1) {
    // the first in the decision's order: one pass, no sort
    let best: C | undefined
    for (const c of offers.candidates) if (best === undefined || compareCandidates(c, best) < 0) best = c
    if (best !== undefined) out.push(best)
    return out
  }
  for (const c of ranked(offers.candidates)) {
    if (out.some((o) => o.actionId === c.actionId)) continue
    out.push(c)
    if (out.length >= limit) break
  }
  return out
}

/**
 * How many chosen candidates each capacity counts.
 *
 * @category operations
 * @since 0.1.0
 */
export const usage =
  (capacities: ReadonlyArray<Capacity>) =>
  (allotments: Iterable<Allotment<Candidate>>): Readonly<Record<string, number>> => {
    const lookup = capacityLookup(capacities)
    const used = new Float64Array(capacities.length)
    for (const a of allotments) for (const c of a.chosen) for (const i of lookup(c)) used[i] = (used[i] as number) + 1
    return byId(capacities, used)
  }

/**
 * The sum of the chosen candidates' priorities.
 *
 * @category operations
 * @since 0.1.0
 */
export const objective = (allotments: Iterable<Allotment<Candidate>>): number => {
  let total = 0
  for (const a of allotments) for (const c of a.chosen) total += c.priority
  return total
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The decision's order on candidates: mandatory first, then priority descending (NaN last), then
 * action id, then channel (UTF-16 code units, not locale).
 *
 * @category instances
 * @since 0.1.0
 */
export const OrdCandidate: Ord<Candidate> = {
  equals: (x, y) => compareCandidates(x, y) === 0,
  compare: (x, y) => {
    const r = compareCandidates(x, y)
    return r < 0 ? -1 : r > 0 ? 1 : 0
  }
}
