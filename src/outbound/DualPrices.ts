/**
 * Allocation by dual prices, for populations too large to sort in memory, or split across
 * machines: one price per capacity, estimated on a sample, then every subject decided on its own
 * with its candidates' **adjusted priority** `priority − Σ prices of the capacities it uses`.
 *
 * Deciding a subject with prices: its candidates in the order mandatory first, then adjusted
 * priority descending, then action id and channel (exact ties between subjects are broken by a
 * stable hash of the subject id: its priorities are scaled by `1 + 10⁻⁶ (u − ½)`, which orders
 * only priorities that agree to about one part in a million and lets a price split a group of
 * subjects with equal priorities — models with binned scores give many); each is taken while the subject has room
 * (`limit` actions, each action once), when it is mandatory, uses no priced capacity, or has an
 * adjusted priority ≥ 0 — and, when a budget is given, while every capacity it uses has a unit
 * left in the budget. A wanted candidate (see `Allocation.wanted`) that is not taken is dropped
 * with the capacity whose budget ran out, else with its highest-priced capacity.
 *
 * Estimating the prices: the sample's capacities are the run's scaled by `sample / population`;
 * each price in turn is set, by bisection, to the smallest price at which the sample's usage of
 * its capacity fits its scaled capacity (0 when it fits without a price), holding the others
 * fixed, round after round until no price moves (coordinate descent on the Lagrangian dual).
 * A capacity's usage never rises with its own price, so the bisection is exact up to
 * `tolerance`. Capacities still over their scaled capacity then (coupled capacities, whose
 * prices chase each other by the tolerance) have their prices raised together, by the smallest
 * common amount at which each fits, joined by any capacity the raise pushes over, until every
 * capacity fits or has the highest price (the largest priority + 1). The descent also stops when
 * it stalls (three rounds in a row in which no price moves by more than 10⁻⁷ of the highest price)
 * and leaves the rest to that repair. `converged` says whether the prices returned are a fixed
 * point of the descent (each, within the tolerance, the smallest at which its capacity fits with
 * the others fixed); when it is `false` they still fit, but may be higher than needed.
 *
 * Laws:
 * - With all prices 0 every subject gets its wanted candidates; deciding with prices is feasible
 *   for each subject (limit, one action once) and, with a budget, never exceeds the budget.
 * - A subject's allotment depends only on its own candidates, the prices and (with a budget) what
 *   is left of it: partitions can be decided independently, in any order, on any machine.
 * - `estimate` is deterministic; its reported `usage` is the sample's usage under `allocate` with
 *   the prices it returns, and fits the scaled capacities unless mandatory candidates alone
 *   exceed them (whether or not it `converged`).
 * - `upperBound(prices)` is at least the objective of every feasible allocation (weak duality),
 *   for any non-negative prices.
 * - `PricesCodec`: `decode(encode(p))` is `p`.
 *
 * @since 0.1.0
 */
import type * as E from "fp-ts/lib/Either.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import { hashString } from "../kernel/Random.js"
import { boolean, integerIn, struct, type Codec } from "../kernel/internal/codec.js"
import type { Allocation, Settings as AllocationSettings, Allotment, Candidate, Offers } from "./Allocation.js"
import { limitOf } from "./Allocation.js"
import type { Budget, Capacity } from "./Capacity.js"
import type { ProgressSettings } from "./Streaming.js"
import { meter } from "./internal/progress.js"
import { byId, capacityLookup, interner, numbersById, own, sortablePriority, tieFactor } from "./internal/capacities.js"
import { pricer } from "./internal/pricer.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Estimated dual prices: one per capacity, with what they were estimated on.
 *
 * @category model
 * @since 0.1.0
 */
export interface Prices {
  /** the price of each capacity, by id (≥ 0; 0 when the capacity does not bind) */
  readonly prices: Readonly<Record<string, number>>
  /** the subjects in the sample */
  readonly sample: number
  /** the subjects of the whole run the capacities were scaled to */
  readonly population: number
  /** each capacity's usage in the sample at these prices */
  readonly usage: Readonly<Record<string, number>>
  /** the rounds of coordinate descent it took (and of the repair, if one was needed) */
  readonly rounds: number
  /**
   * whether the prices are a fixed point of the coordinate descent: each price is, within the
   * tolerance, the smallest at which its capacity fits with the others fixed. `false` when the
   * rounds ran out or stalled (prices creeping up by the tolerance) and the repair had to raise
   * prices together; the usage still fits the scaled capacities, but the prices may be higher than
   * needed (a sample too small for its capacities, or capacities whose candidates compete for the
   * same subjects): a larger sample or more rounds may help, and a streaming allocation
   * (`Streaming`) refines them as it goes.
   */
  readonly converged: boolean
}

/**
 * Settings of `estimate`.
 *
 * @category model
 * @since 0.1.0
 */
export interface EstimateSettings extends AllocationSettings, ProgressSettings {
  /** the number of subjects in the whole run; the sample's capacities are scaled by `sample / population` (default: the
   * sample's size) */
  readonly population?: number
  /** the most rounds of coordinate descent (default 50) */
  readonly rounds?: number
  /** the precision of each price, relative to the largest priority (default 1e-10) */
  readonly tolerance?: number
}

/**
 * An allocation by prices, with what is left of the budget when one was given.
 *
 * @category model
 * @since 0.1.0
 */
export interface PricedAllocation<C extends Candidate = Candidate> extends Allocation<C> {
  readonly remaining?: Budget
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Prices set by hand (e.g. last night's, or none: every price 0).
 *
 * @category constructors
 * @since 0.1.0
 */
export const prices = (byCapacity: Readonly<Record<string, number>>): Prices => ({
  prices: byCapacity,
  sample: 0,
  population: 0,
  usage: {},
  rounds: 0,
  converged: true
})

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** a sample compiled for repeated evaluation: flat arrays of candidates by subject */
interface Compiled {
  readonly subjects: number
  readonly start: Int32Array
  readonly limit: Int32Array
  readonly priority: Float64Array
  readonly mandatory: Uint8Array
  readonly action: Int32Array
  /** rank by (action id, channel) within the subject: the tie-break */
  readonly tie: Int32Array
  readonly caps: ReadonlyArray<Int32Array>
  /** per capacity, the subjects with a candidate it applies to */
  readonly relevant: ReadonlyArray<Int32Array>
  readonly largest: number
}

const compile = (
  capacities: ReadonlyArray<Capacity>,
  sample: ReadonlyArray<Offers<Candidate>>,
  settings: AllocationSettings
): Compiled => {
  const lookup = capacityLookup(capacities)
  const intern = interner()
  let total = 0
  for (const o of sample) total += o.candidates.length
  const start = new Int32Array(sample.length + 1)
  const limit = new Int32Array(sample.length)
  const priority = new Float64Array(total)
  const mandatory = new Uint8Array(total)
  const action = new Int32Array(total)
  const tie = new Int32Array(total)
  const caps: Array<Int32Array> = []
  const relevant: Array<Array<number>> = capacities.map(() => [])
  let largest = 0
  let k = 0
  sample.forEach((o, s) => {
    start[s] = k
    limit[s] = limitOf(o, settings)
    const byName = o.candidates
      .map((c, i) => [c, i] as const)
      .sort(([x], [y]) =>
        x.actionId < y.actionId
          ? -1
          : x.actionId > y.actionId
            ? 1
            : x.channel < y.channel
              ? -1
              : x.channel > y.channel
                ? 1
                : 0
      )
    const seen = new Set<number>()
    const factor = tieFactor(o.subjectId)
    byName.forEach(([c, i], r) => {
      const j = k + i
      priority[j] = sortablePriority(c.priority) * factor
      if (Number.isFinite(c.priority)) largest = Math.max(largest, Math.abs(c.priority))
      mandatory[j] = c.evaluation === "mandatory" ? 1 : 0
      action[j] = intern(c.actionId)
      tie[j] = r
      const cs = lookup(c)
      caps[j] = cs
      for (const ci of cs) seen.add(ci)
    })
    for (const ci of seen) (relevant[ci] as Array<number>).push(s)
    k += o.candidates.length
  })
  start[sample.length] = k
  return {
    subjects: sample.length,
    start,
    limit,
    priority,
    mandatory,
    action,
    tie,
    caps,
    relevant: relevant.map((r) => Int32Array.from(r)),
    largest
  }
}

/** a round of the descent in which no price moves by more than this share of the highest price is tiny */
const STALL_MOVE = 1e-7
/** after this many tiny rounds in a row the descent has stalled */
const STALL_ROUNDS = 3

/** Σ prices of the capacities `caps` */
const priceOf = (caps: Int32Array, lambda: ArrayLike<number>): number => {
  let sum = 0
  for (const i of caps) sum += lambda[i] as number
  return sum
}

/**
 * Decides subject `s` of a compiled sample with prices and adds its usage to `used` (all
 * capacities, or only `only` when ≥ 0). Same order and rule as `allocate` without a budget.
 */
const decideCompiled = (
  x: Compiled,
  s: number,
  lambda: Float64Array,
  used: Float64Array,
  only: number,
  adjusted: Float64Array,
  taken: Uint8Array
): void => {
  const from = x.start[s] as number
  const to = x.start[s + 1] as number
  const limit = x.limit[s] as number
  for (let j = from; j < to; j++) {
    const sum = priceOf(x.caps[j] as Int32Array, lambda)
    const adj = (x.priority[j] as number) - sum
    // not eligible: marked as -Infinity with the taken flag set
    const eligible = x.mandatory[j] === 1 || sum === 0 || adj >= 0
    adjusted[j] = adj
    taken[j] = eligible ? 0 : 1
  }
  for (let n = 0; n < limit; n++) {
    let best = -1
    for (let j = from; j < to; j++) {
      if (taken[j] === 1) continue
      if (best < 0) {
        best = j
        continue
      }
      const m = (x.mandatory[j] as number) - (x.mandatory[best] as number)
      if (
        m > 0 ||
        (m === 0 &&
          ((adjusted[j] as number) > (adjusted[best] as number) ||
            ((adjusted[j] as number) === (adjusted[best] as number) && (x.tie[j] as number) < (x.tie[best] as number))))
      )
        best = j
    }
    if (best < 0) return
    const a = x.action[best] as number
    for (let j = from; j < to; j++) if (x.action[j] === a) taken[j] = 1
    for (const i of x.caps[best] as Int32Array) if (only < 0 || i === only) used[i] = (used[i] as number) + 1
  }
}

/**
 * The price of capacity `c` at which the sample's usage of it fits `target`, when every relevant
 * subject takes one action: a subject uses `c` while its best candidate using `c` beats its best
 * eligible candidate not using it (and stays ≥ 0), i.e. below its critical price
 * `a − max(b, 0)`; the price just above the critical price of rank ⌊target⌋ + 1 fits.
 */
const criticalPrice = (
  x: Compiled,
  c: number,
  lambda: Float64Array,
  target: number,
  margin: number,
  high: number
): number => {
  const critical: Array<number> = []
  let fixed = 0
  for (const s of x.relevant[c] as Int32Array) {
    const from = x.start[s] as number
    const to = x.start[s + 1] as number
    let mandatory = false
    for (let j = from; j < to; j++) if (x.mandatory[j] === 1) mandatory = true
    let a = Number.NEGATIVE_INFINITY
    let hasA = false
    let b = Number.NEGATIVE_INFINITY
    let hasB = false
    for (let j = from; j < to; j++) {
      if (mandatory && x.mandatory[j] !== 1) continue
      let usesC = false
      let other = 0
      for (const i of x.caps[j] as Int32Array) {
        if (i === c) usesC = true
        else other += lambda[i] as number
      }
      const adj = (x.priority[j] as number) - other
      if (usesC) {
        if (!hasA || adj > a) a = adj
        hasA = true
      } else if (mandatory || other === 0 || adj >= 0) {
        if (!hasB || adj > b) b = adj
        hasB = true
      }
    }
    if (!hasA) continue
    if (mandatory) {
      if (hasB) critical.push(a - b)
      else fixed++
    } else critical.push(a - (hasB ? Math.max(b, 0) : 0))
  }
  const room = Math.floor(target - fixed)
  if (room < 0) return high
  critical.sort((p, q) => q - p)
  const cut = critical[room]
  if (cut === undefined || cut < 0) return 0
  return Math.min(high, cut + margin)
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Estimates one price per capacity on a sample, so that the sample's usage fits each capacity
 * scaled by `sample / population`.
 *
 * @example
 * import { Capacity, DualPrices } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority
 * })
 * const sample = [10, 8, 6, 4].map((p, i) => ({ subjectId: `s${i}`, candidates: [c("Gold", p), c("Loan", 1)] }))
 * // 2 Gold offers for 4 subjects: the price is what the third best Gold offer (6) gains over Loan (1)
 * const prices = DualPrices.estimate([Capacity.capacity("gold", 2, { actionId: "Gold" })])(sample)
 * assert.deepStrictEqual(prices.usage, { gold: 2 })
 * assert.ok(Math.abs((prices.prices["gold"] ?? 0) - 5) < 1e-4)
 *
 * @category operations
 * @since 0.1.0
 */
export const estimate =
  (capacities: ReadonlyArray<Capacity>, settings: EstimateSettings = {}) =>
  (sample: ReadonlyArray<Offers<Candidate>>): Prices => {
    const x = compile(capacities, sample, settings)
    const population = settings.population ?? sample.length
    const scale = population > 0 ? sample.length / population : 0
    const maxRounds = Math.max(1, Math.floor(settings.rounds ?? 50))
    const high = x.largest + 1
    const precision = (settings.tolerance ?? 1e-10) * high
    const lambda = new Float64Array(capacities.length)
    const used = new Float64Array(capacities.length)
    const adjusted = new Float64Array(x.priority.length)
    const taken = new Uint8Array(x.priority.length)
    const usageOf = (c: number): number => {
      used[c] = 0
      for (const s of x.relevant[c] as Int32Array) decideCompiled(x, s, lambda, used, c, adjusted, taken)
      return used[c] as number
    }
    const singles = Uint8Array.from(x.relevant, (subjects) => (subjects.every((s) => x.limit[s] === 1) ? 1 : 0))
    const targetOf = (c: number): number => (capacities[c] as Capacity).max * scale
    /** sets λ_c to the smallest price at which capacity c fits its target, the others fixed */
    const fit = (c: number): void => {
      const target = targetOf(c)
      // with one action per subject the price follows from each subject's critical price; it
      // is checked (it fits, and nothing lower does), else found by bisection
      if (singles[c] === 1) {
        const fast = criticalPrice(x, c, lambda, target, precision, high)
        lambda[c] = fast
        let found = usageOf(c) <= target
        if (found && fast > 0 && fast < high) {
          // (no lower than 0: at a critical price of 0 the tie-break may already fit, price 0)
          const below = Math.max(0, fast - 2 * precision)
          lambda[c] = below
          found = usageOf(c) > target
          lambda[c] = fast
        }
        if (found) return
      }
      lambda[c] = 0
      if (usageOf(c) <= target) return
      let lo = 0
      let hi = high
      lambda[c] = hi
      if (usageOf(c) <= target) {
        while (hi - lo > precision) {
          const mid = (lo + hi) / 2
          lambda[c] = mid
          if (usageOf(c) <= target) hi = mid
          else lo = mid
        }
      }
      lambda[c] = hi
    }
    // coordinate descent: each price in turn, round after round, until no price moves
    // (it stalls when every move is tiny — coupled prices chasing each other by the tolerance — for
    // STALL rounds in a row: the repair below ends that in one pass, where more rounds would not)
    let rounds = 0
    let settled = false
    let tiny = 0
    const progress = meter(settings, "prices", maxRounds, 1)
    for (; rounds < maxRounds;) {
      rounds++
      let moved = 0
      for (let c = 0; c < capacities.length; c++) {
        const before = lambda[c] as number
        fit(c)
        moved = Math.max(moved, Math.abs((lambda[c] as number) - before))
      }
      progress.tick(rounds, 0)
      if (moved <= precision) {
        settled = true
        break
      }
      tiny = moved <= STALL_MOVE * high ? tiny + 1 : 0
      if (tiny >= STALL_ROUNDS) break
    }
    progress.end(rounds, 0)
    // then repair the capacities still over their target (the rounds ran out, or stopped on moves
    // below the tolerance that still change the usage): raise their prices together, by the
    // smallest common amount (bisection) at which each fits or has the highest price. Raising one
    // at a time never ends for coupled capacities, where a subject's choice between their
    // candidates turns on the difference of their prices: each one's fitting price is just above
    // the other's, and both creep up by the tolerance; a common raise keeps the difference and
    // prices both out. A capacity the raise pushes over joins the raised ones, so the repair ends
    // within one pass per capacity.
    const fitsOrHighest = (c: number): boolean => (lambda[c] as number) >= high || usageOf(c) <= targetOf(c)
    const raised: Array<number> = []
    let repaired = false
    for (;;) {
      for (let c = 0; c < capacities.length; c++) if (!raised.includes(c) && !fitsOrHighest(c)) raised.push(c)
      if (raised.every(fitsOrHighest)) break
      repaired = true
      rounds++
      const base = Float64Array.from(raised, (c) => lambda[c] as number)
      // at `top` every raised price is the highest, where each of them fits or has the highest price
      const top = high - Math.min(...base)
      const raiseBy = (t: number): boolean => {
        raised.forEach((c, i) => (lambda[c] = t >= top ? high : Math.min(high, (base[i] as number) + t)))
        return raised.every(fitsOrHighest)
      }
      let lo = 0
      let hi = top
      while (hi - lo > precision) {
        const mid = (lo + hi) / 2
        if (raiseBy(mid)) hi = mid
        else lo = mid
      }
      raiseBy(hi)
    }
    // converged: a fixed point of the descent — no price moves when each is refitted, the others fixed
    let converged = settled && !repaired
    if (!converged) {
      converged = true
      for (let c = 0; c < capacities.length && converged; c++) {
        const before = lambda[c] as number
        fit(c)
        if (Math.abs((lambda[c] as number) - before) > precision) converged = false
        lambda[c] = before
      }
    }
    used.fill(0)
    for (let s = 0; s < x.subjects; s++) decideCompiled(x, s, lambda, used, -1, adjusted, taken)
    return {
      prices: byId(capacities, lambda),
      sample: sample.length,
      population,
      usage: byId(capacities, used),
      rounds,
      converged
    }
  }

/**
 * A candidate's priority less the prices of the capacities it uses.
 *
 * @category operations
 * @since 0.1.0
 */
export const adjustedPriority = (
  capacities: ReadonlyArray<Capacity>,
  prices: Pick<Prices, "prices">
): ((candidate: Candidate) => number) => {
  const lookup = capacityLookup(capacities)
  const lambda = Float64Array.from(capacities, (c) => Math.max(0, own(prices.prices, c.id, 0)))
  return (candidate) => sortablePriority(candidate.priority) - priceOf(lookup(candidate), lambda)
}

/**
 * Decides every subject on its own with prices, in the population's order (an iterable: the
 * population may be streamed). With a budget, a candidate is taken only while every capacity it
 * uses has a unit left in it, and the allocation reports what remains.
 *
 * @example
 * import { Capacity, DualPrices } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority
 * })
 * const gold = [Capacity.capacity("gold", 2, { actionId: "Gold" })]
 * const subjects = [3, 9, 5, 7].map((p, i) => ({ subjectId: `s${i}`, candidates: [c("Gold", p), c("Loan", 1)] }))
 * const allocation = DualPrices.allocate(gold, DualPrices.prices({ gold: 5.5 }))(subjects)
 * // Gold goes where it beats its price; the others get their next best action
 * assert.deepStrictEqual(
 *   allocation.allotments.map((a) => a.chosen[0]?.actionId),
 *   ["Loan", "Gold", "Loan", "Gold"]
 * )
 * assert.deepStrictEqual(
 *   allocation.allotments[0]?.dropped.map((d) => d.capacity),
 *   ["gold"]
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const allocate =
  (capacities: ReadonlyArray<Capacity>, prices: Prices, settings: AllocationSettings = {}) =>
  <C extends Candidate>(population: Iterable<Offers<C>>, budget?: Budget): PricedAllocation<C> => {
    const allotments: Array<Allotment<C>> = []
    const run = stream(capacities, prices, settings)(population, budget)
    for (let step = run.next(); ; step = run.next()) {
      if (step.done === true) return { allotments, ...step.value }
      allotments.push(step.value)
    }
  }

/**
 * What a stream decided with prices reports at its end: each capacity's usage, the objective, and
 * what is left of the budget when one was given.
 *
 * @category model
 * @since 0.1.0
 */
export interface StreamReport {
  readonly usage: Readonly<Record<string, number>>
  readonly objective: number
  readonly remaining?: Budget
}

/**
 * Decides subjects one at a time with prices, as `allocate` does, as a generator: it yields each
 * subject's allotment as soon as it is decided and keeps nothing of it, and returns the usage, the
 * objective and (with a budget) what is left. For populations that do not fit in memory.
 *
 * @example
 * import { Capacity, DualPrices } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority
 * })
 * const gold = [Capacity.capacity("gold", 1, { actionId: "Gold" })]
 * function* subjects() {
 *   for (const [i, p] of [3, 9, 7].entries()) yield { subjectId: `s${i}`, candidates: [c("Gold", p), c("Loan", 1)] }
 * }
 * const run = DualPrices.stream(gold, DualPrices.prices({ gold: 2.5 }))(subjects(), { gold: 1 })
 * const chosen: Array<string | undefined> = []
 * let step = run.next()
 * for (; step.done !== true; step = run.next()) chosen.push(step.value.chosen[0]?.actionId)
 * // first come, first served within the prices: s2's Gold finds the budget used up
 * assert.deepStrictEqual(chosen, ["Loan", "Gold", "Loan"])
 * assert.deepStrictEqual(step.value.remaining, { gold: 0 })
 *
 * @category operations
 * @since 0.1.0
 */
export const stream = (
  capacities: ReadonlyArray<Capacity>,
  prices: Pick<Prices, "prices">,
  settings: AllocationSettings = {}
) =>
  function* <C extends Candidate>(
    population: Iterable<Offers<C>>,
    budget?: Budget
  ): Generator<Allotment<C>, StreamReport, undefined> {
    const { decide, report } = pricer<C>(capacities, prices.prices, settings, budget)
    for (const offers of population) yield decide(offers)
    return report()
  }

/**
 * An upper bound on the objective of every feasible allocation of the population (weak duality):
 * `Σ price × max + Σ over subjects of the best sum of positive adjusted priorities of at most
 * `limit` distinct actions`. Compare it with an allocation's objective to know how far from the
 * optimum it can be. The population is anything with the subjects' candidates: offers, decided
 * subjects, or a run's `subjects` (`OutboundRun.SubjectOutcome` carries its candidates); the
 * prices anything with `prices` (`Prices`, or a streaming `Report`).
 *
 * @example
 * import { Capacity, DualPrices, Greedy } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority
 * })
 * const population = [3, 9, 5, 7].map((p, i) => ({ subjectId: `s${i}`, candidates: [c("Gold", p), c("Loan", 1)] }))
 * const gold = [Capacity.capacity("gold", 2, { actionId: "Gold" })]
 * const bound = DualPrices.upperBound(gold, DualPrices.estimate(gold)(population))(population)
 * assert.ok(Math.abs(bound - Greedy.allocate(gold)(population).objective) < 1e-4) // greedy is optimal here
 *
 * @category operations
 * @since 0.1.0
 */
export const upperBound =
  (capacities: ReadonlyArray<Capacity>, prices: Pick<Prices, "prices">, settings: AllocationSettings = {}) =>
  (population: Iterable<Offers<Candidate>>): number => {
    const adjusted = adjustedPriority(capacities, prices)
    let bound = 0
    capacities.forEach((c) => (bound += Math.max(0, own(prices.prices, c.id, 0)) * c.max))
    for (const offers of population) {
      const limit = limitOf(offers, settings)
      const best = new Map<string, number>()
      for (const c of offers.candidates) {
        const a = adjusted(c)
        if (a > (best.get(c.actionId) ?? 0)) best.set(c.actionId, a)
      }
      const values = [...best.values()].sort((x, y) => y - x)
      for (let n = 0; n < Math.min(limit, values.length); n++) bound += values[n] as number
    }
    return bound
  }

/**
 * Whether a subject belongs to a run's sample: a stable hash of the run id and the subject id
 * below `rate` (in [0, 1]). Every machine agrees on it without coordination, so each partition
 * can contribute its own part of the sample.
 *
 * @example
 * import { DualPrices } from "nextbest"
 * import * as assert from "node:assert"
 * const ids = Array.from({ length: 10_000 }, (_, i) => `c-${i}`)
 * const sampled = ids.filter(DualPrices.inSample("run-2024-05-15", 0.1)).length
 * assert.ok(sampled > 900 && sampled < 1100)
 *
 * @category operations
 * @since 0.1.0
 */
export const inSample =
  (runId: string, rate: number) =>
  (subjectId: string): boolean =>
    hashString(`${runId}\u0000${subjectId}`) / 4294967296 < rate

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Prices as JSON, to ship from where they were estimated to every partition:
 * `{ prices, sample, population, usage, rounds, converged }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const PricesCodec: Codec<Prices> = struct(
  "prices",
  {
    prices: numbersById,
    sample: integerIn(0, Number.MAX_SAFE_INTEGER, "sample"),
    population: integerIn(0, Number.MAX_SAFE_INTEGER, "population"),
    usage: numbersById,
    rounds: integerIn(0, Number.MAX_SAFE_INTEGER, "rounds"),
    converged: boolean
  },
  {}
)

/**
 * Decodes prices, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodePrices: (u: unknown) => E.Either<DecodeError, Prices> = decodeWith(PricesCodec)
