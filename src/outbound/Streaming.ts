/**
 * Streaming allocation under hard caps: subjects in as an iterable, allotments out as they are
 * decided, every capacity respected exactly, near the optimum — for populations that do not fit in
 * memory, or a partition of one with its budget.
 *
 * Method (online primal-dual with re-solving, and a bounded reserve):
 * 1. **Prices from the sample.** One price per capacity, from the sample (the plain candidates of
 *    sampled subjects, e.g. `DualPrices.inSample`), each capacity scaled by `sample / population`:
 *    the minimiser of the *smoothed* Lagrangian dual of the allocation LP, `Σ λ_c b_c + τ Σ_s log(1
 *    + Σ_j exp((p_j − Σ_{c∋j} λ_c) / τ))` with τ = 1 % of the sample's mean priority, by coordinate
 *    descent (each step a safeguarded Newton root of "expected usage = capacity"). Unlike
 *    `DualPrices.estimate`'s hard-max descent it converges when capacities compete for the same
 *    subjects, and it is within τ log(k + 1) per subject of the LP dual.
 * 2. **Decide as the stream goes.** Each subject is decided on arrival with the current prices, as
 *    `DualPrices.allocate` with a budget does: its candidates by adjusted priority `priority − Σ
 *    prices`, taken while adjusted ≥ 0 (or unpriced, or mandatory) and while every capacity they use
 *    has a unit left. A unit is taken from the budget the moment a candidate is chosen: no cap is
 *    ever exceeded, whatever the prices.
 * 3. **Refine the prices.** At `checkpoints` evenly spaced points of the stream the prices are
 *    estimated again on the sample (warm-started) for what is left: each capacity's remaining budget
 *    spread over the subjects still to come (re-solving, as in Agrawal, Wang & Ye's dynamic learning
 *    and Jasin & Kumar's re-solving heuristics). Capacity used faster than planned gets dearer,
 *    capacity used slower gets cheaper, so neither runs out early nor is left over: what the stream
 *    really uses corrects the sample's sampling error. The first estimate runs up to `rounds` rounds
 *    of coordinate descent; each later one starts from the prices so far and runs `refitRounds`
 *    (default 1): with many checkpoints (default 40) this tracks the re-solved prices as the stream
 *    goes at a fifth of the cost of converging each estimate anew (20 × 10 rounds, measured as good).
 * 4. **Reserve the marginal subjects.** A subject with one slot whose better candidate lost to the
 *    prices only (its capacities have units left) is *marginal*: its decision holds its units, but
 *    it is kept back in a reserve — at most `reserve` subjects per capacity, those whose better
 *    candidate missed by the least (`adjusted` of the held candidate − `adjusted` of the better
 *    one); a subject pushed out of a full reserve goes out with its decision at once. At the end of
 *    the stream the reserve is upgraded greedily by gain (`priority` of the better candidate −
 *    `priority` of the held one) into what is left of every capacity, and goes out.
 *
 * Minimum volumes (`Capacity.min`) get negative prices — subsidies — when the sample would use too
 * little of them (re-solved for what is still missing at every checkpoint); at the end the reserve
 * is moved, at the least loss, onto candidates of capacities still short of their minimum (never
 * below another minimum, never above a cap). Subjects already yielded are not revisited: what is
 * still missing is reported in `Report.shortfall`.
 *
 * Subjects with several slots are priced as if they took one action (their best) and decided with
 * their limit; they are never reserved.
 *
 * Memory: the sample's candidates, the per-capacity state, and at most `reserve × capacities`
 * subjects; nothing else is kept of a subject once its allotment is yielded. Allotments come out in
 * the stream's order, except reserved subjects, which come out when pushed out of the reserve or at
 * the end.
 *
 * Guarantees:
 * - Feasible: no capacity beyond its `max` (or the budget given), no subject beyond its limit, no
 *   action twice to one subject — whatever the prices and the order of the stream.
 * - Deterministic: the same capacities, sample, settings and stream give the same allotments.
 * - With prices exact and no ties, the streamed allocation is the Lagrangian one (the LP optimum up
 *   to the subjects at the margin); what the reserve upgrades only adds to the objective. It is a
 *   heuristic with no worst-case ratio (adversarial orders can defeat any online method); measured
 *   against HiGHS on random instances of 2,000 subjects × 30 actions with overlapping caps and a 20 %
 *   sample, see docs/outbound.md and `npm run bench -- --json outbound`.
 *
 * @since 0.1.0
 */
import type { Settings as AllocationSettings, Allotment, Candidate, Dropped, Offers } from "./Allocation.js"
import { limitOf, ranked, wanted } from "./Allocation.js"
import type { Budget, Capacity } from "./Capacity.js"
import { compileSample, solveSmooth } from "./internal/smoothDual.js"
import { byAdjusted, byId, capacityLookup, own, sortablePriority, tieFactor } from "./internal/capacities.js"
import { meter } from "./internal/progress.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How far a long outbound operation has come, for a progress display: deciding a sample for the
 * prices (`"sample"`), estimating the prices on it (`"prices"`), deciding a population in memory
 * (`"decide"`) or a stream (`"stream"`). In the `"prices"` phase `done` and `total` count rounds of
 * coordinate descent (the most the estimate may run), reported after every round; in the others
 * they count subjects, reported every `progressEvery` of them.
 *
 * @category model
 * @since 0.1.0
 */
export interface Progress {
  readonly phase: "sample" | "prices" | "decide" | "stream"
  /** subjects done so far (rounds, in the `"prices"` phase) */
  readonly done: number
  /** the subjects expected in all (`population`; 0 when not known), or the most rounds */
  readonly total: number
  /** subjects held in the reserve (0 outside a stream) */
  readonly reserved: number
  /** with a `clock`: milliseconds since the operation started */
  readonly elapsedMs?: number
  /** with a `clock`: subjects per second so far */
  readonly perSecond?: number
  /** with a `clock` and a known total: the estimated milliseconds left at the rate so far */
  readonly remainingMs?: number
}

/**
 * How a long operation reports its progress. The library reads no clock: pass one (e.g.
 * `() => performance.now()`) to get the elapsed time, the rate and the time left; without it a
 * report has the counts only.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProgressSettings {
  /** called every `progressEvery` subjects (default 10,000), after every round of a price estimate, and at the end */
  readonly onProgress?: (progress: Progress) => void
  readonly progressEvery?: number
  /** reads the time in milliseconds, for the rate and the time left */
  readonly clock?: () => number
}

/**
 * Settings of a streaming allocation.
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings extends AllocationSettings, ProgressSettings {
  /** the number of subjects the stream will bring (the sample's capacities are scaled to it) */
  readonly population: number
  /** what the stream may use of each capacity (default: every capacity's `max`), e.g. a partition's share */
  readonly budget?: Budget
  /** how many times the prices are estimated again over the stream (default 40; 0: never) */
  readonly checkpoints?: number
  /** the most subjects held in the reserve per capacity (default 64; 0: no reserve) */
  readonly reserve?: number
  /** the most rounds of coordinate descent of the first price estimate (default 10) */
  readonly rounds?: number
  /**
   * the most rounds of coordinate descent of each estimate at a checkpoint (default 1): warm-started
   * from the prices so far, one round per checkpoint tracks them as the stream goes; more rounds
   * converge each estimate further, at a cost proportional to the rounds
   */
  readonly refitRounds?: number
}

/**
 * What a streaming allocation reports when the stream ends: the generator's return value.
 *
 * @category model
 * @since 0.1.0
 */
export interface Report {
  /** subjects decided */
  readonly subjects: number
  /** each capacity's usage */
  readonly usage: Readonly<Record<string, number>>
  /** what is left of each capacity's budget */
  readonly remaining: Budget
  /** Σ priority of the chosen candidates */
  readonly objective: number
  /** the prices at the end of the stream, by capacity id */
  readonly prices: Readonly<Record<string, number>>
  /** how many price estimates the stream made (the first included) */
  readonly estimates: number
  /** subjects that went through the reserve, and how many of them it upgraded */
  readonly reserved: number
  readonly upgraded: number
  /** the capacities whose minimum volume was not met, with how many actions were missing (by id; empty when all met) */
  readonly shortfall: Readonly<Record<string, number>>
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

interface Scored<C> {
  readonly c: C
  readonly caps: Int32Array
  readonly sum: number
  readonly adjusted: number
}

interface Held<C extends Candidate> {
  readonly offers: Offers<C>
  /** the chosen candidate (at most one: reserved subjects have one slot), holding its units */
  chosen: C | undefined
  chosenCaps: Int32Array
  readonly blocked: Map<C, number>
  /** better candidates than the held one, whose capacities had units left */
  readonly better: ReadonlyArray<Scored<C>>
  /** the other candidates, whose capacities had units left (to meet minimum volumes) */
  readonly others: ReadonlyArray<Scored<C>>
  readonly slack: number
  readonly key: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

interface Allocator<C extends Candidate> {
  /** decides one subject; pushes onto `out` what goes out now (it, or one pushed out of the reserve, or nothing) */
  readonly push: (offers: Offers<C>, out: Array<Allotment<C>>) => void
  /** the end of the stream: pushes the reserve onto `out` and reports */
  readonly finish: (out: Array<Allotment<C>>) => Report
}

/** the state of one streaming allocation, fed one subject at a time (both generators below drive it) */
const allocator = <C extends Candidate>(
  capacities: ReadonlyArray<Capacity>,
  sample: ReadonlyArray<Offers<Candidate>>,
  settings: Settings
): Allocator<C> => {
  const n = capacities.length
  const lookup = capacityLookup(capacities)
  const total = Math.max(0, Math.floor(settings.population))
  const left = Float64Array.from(capacities, (c) =>
    settings.budget === undefined ? c.max : own(settings.budget, c.id, Number.POSITIVE_INFINITY)
  )
  const used = new Float64Array(n)
  const minimum = Float64Array.from(capacities, (c) => Math.max(0, c.min ?? 0))
  const perCapacity = Math.max(0, Math.floor(settings.reserve ?? 64))
  const checkpoints = Math.max(0, Math.floor(settings.checkpoints ?? 40))
  const progress = meter(settings, "stream", total)
  const rounds = Math.max(1, Math.floor(settings.rounds ?? 10))
  const refitRounds = Math.max(1, Math.floor(settings.refitRounds ?? 1))

  let estimates = 0
  const lambda = new Float64Array(n)
  const compiled = compileSample(capacities, sample)
  /** prices for what is left: each remaining budget spread over the subjects still to come */
  const refit = (remainingSubjects: number): void => {
    estimates++
    const scale = compiled.subjects / Math.max(1, remainingSubjects)
    const b = Float64Array.from(left, (l) => Math.max(0, l) * scale)
    const least = Float64Array.from(capacities, (c, i) => Math.max(0, (c.min ?? 0) - (used[i] as number)) * scale)
    if (estimates > 1) {
      solveSmooth(compiled, b, lambda, { maxRounds: refitRounds, least })
      return
    }
    // the first estimate, from cold prices, is the long one: reported round by round
    const m = meter(settings, "prices", rounds, 1)
    const r = solveSmooth(compiled, b, lambda, { maxRounds: rounds, least, onRound: (k) => m.tick(k, 0) })
    m.end(r.rounds, 0)
  }
  refit(total)
  const reserve: Array<Array<Held<C>>> = capacities.map(() => [])
  let reservedNow = 0
  let reservedEver = 0
  let objective = 0

  const take = (caps: Int32Array, sign: number): void => {
    for (const i of caps) {
      left[i] = (left[i] as number) - sign
      used[i] = (used[i] as number) + sign
    }
  }
  const fits = (caps: Int32Array, except?: Int32Array): boolean => {
    for (const i of caps) if ((left[i] as number) <= 0 && (except === undefined || !except.includes(i))) return false
    return true
  }
  const droppedOf = (offers: Offers<C>, chosen: ReadonlyArray<C>, blocked: Map<C, number>): Array<Dropped<C>> => {
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
    return dropped
  }
  const release = (h: Pick<Held<C>, "offers" | "chosen" | "blocked">): Allotment<C> => {
    const chosen = h.chosen === undefined ? [] : [h.chosen]
    if (h.chosen !== undefined) objective += h.chosen.priority
    return { subjectId: h.offers.subjectId, chosen, dropped: droppedOf(h.offers, chosen, h.blocked) }
  }

  let done = 0
  let next = 1
  const push = (offers: Offers<C>, out: Array<Allotment<C>>): void => {
    if (checkpoints > 0 && total > 0 && done >= Math.floor((next * total) / (checkpoints + 1))) {
      while (next <= checkpoints && done >= Math.floor((next * total) / (checkpoints + 1))) next++
      refit(total - done)
    }
    done++
    const limit = limitOf(offers, settings)
    const factor = tieFactor(offers.subjectId)
    const scored: Array<Scored<C>> = offers.candidates.map((c) => {
      const caps = lookup(c)
      let sum = 0
      for (const i of caps) sum += lambda[i] as number
      return { c, caps, sum, adjusted: sortablePriority(c.priority) * factor - sum }
    })
    scored.sort(byAdjusted)
    const chosen: Array<Scored<C>> = []
    const blocked = new Map<C, number>()
    for (const s of scored) {
      if (chosen.length >= limit) break
      if (!(s.c.evaluation === "mandatory" || s.sum === 0 || s.adjusted >= 0)) continue
      if (chosen.some((x) => x.c.actionId === s.c.actionId)) continue
      let full = -1
      for (const i of s.caps)
        if ((left[i] as number) <= 0) {
          full = i
          break
        }
      if (full >= 0) {
        blocked.set(s.c, full)
        continue
      }
      take(s.caps, 1)
      chosen.push(s)
    }
    // marginal: one slot, and a better candidate lost to the prices only
    const held = chosen[0]
    if (perCapacity > 0 && limit === 1 && (held === undefined || held.c.evaluation !== "mandatory")) {
      const base = held === undefined ? 0 : sortablePriority(held.c.priority)
      const baseAdjusted = held === undefined ? 0 : held.adjusted
      // first where it would wait and by how much it missed; the lists only if it does wait
      let slack = Number.POSITIVE_INFINITY
      let key = -1
      for (const s of scored) {
        if (s === held || s.caps.length === 0) continue
        const miss = baseAdjusted - s.adjusted
        if (miss >= slack || !fits(s.caps, held?.caps)) continue
        if (sortablePriority(s.c.priority) > base) {
          for (const i of s.caps)
            if ((lambda[i] as number) > 0 && (key < 0 || (lambda[i] as number) > (lambda[key] as number))) {
              key = i
              slack = miss
            }
        } else {
          // a worse candidate that would help a minimum volume not met yet
          for (const i of s.caps)
            if ((used[i] as number) < (minimum[i] as number) && !(held?.caps.includes(i) ?? false)) {
              key = i
              slack = miss
            }
        }
      }
      if (key >= 0) {
        const pool = reserve[key] as Array<Held<C>>
        let worst = -1
        if (pool.length >= perCapacity) {
          // full: push out the one that missed by the most (this one, if it is that one)
          worst = 0
          for (let i = 1; i < pool.length; i++)
            if ((pool[i] as Held<C>).slack > (pool[worst] as Held<C>).slack) worst = i
          if ((pool[worst] as Held<C>).slack <= slack) {
            out.push(release({ offers, chosen: held?.c, blocked }))
            progress.tick(done, reservedNow)
            return
          }
        }
        const better: Array<Scored<C>> = []
        const others: Array<Scored<C>> = []
        for (const s of scored) {
          if (s === held || s.caps.length === 0 || !fits(s.caps, held?.caps)) continue
          if (sortablePriority(s.c.priority) > base) better.push(s)
          else others.push(s)
        }
        const h: Held<C> = {
          offers,
          chosen: held?.c,
          chosenCaps: held?.caps ?? new Int32Array(0),
          blocked,
          better,
          others,
          slack,
          key
        }
        if (worst < 0) {
          pool.push(h)
          reservedNow++
          reservedEver++
        } else {
          const w = pool[worst] as Held<C>
          pool[worst] = h
          reservedEver++
          out.push(release(w))
        }
        progress.tick(done, reservedNow)
        return
      }
    }
    for (const s of chosen) objective += s.c.priority
    out.push({
      subjectId: offers.subjectId,
      chosen: ranked(chosen.map((s) => s.c)),
      dropped: droppedOf(
        offers,
        chosen.map((s) => s.c),
        blocked
      )
    })
    progress.tick(done, reservedNow)
  }

  // the end: first meet the minimum volumes from the reserve (least loss first), then upgrade it
  // greedily by gain into what is left; no move takes a capacity below its minimum
  const finish = (out: Array<Allotment<C>>): Report => {
    const kept = reserve.flat()
    const keepsMinimums = (from: Int32Array, to: Int32Array): boolean => {
      for (const i of from) if (!to.includes(i) && (used[i] as number) - 1 < (minimum[i] as number)) return false
      return true
    }
    const move = (h: Held<C>, s: Scored<C>): void => {
      take(h.chosenCaps, -1)
      take(s.caps, 1)
      if (h.chosen !== undefined) h.blocked.set(h.chosen, -1)
      h.chosen = s.c
      h.chosenCaps = s.caps
    }
    const priorityOf = (h: Held<C>): number => (h.chosen === undefined ? 0 : sortablePriority(h.chosen.priority))
    const movedSet = new Set<Held<C>>()
    capacities.forEach((_, c) => {
      if ((used[c] as number) >= (minimum[c] as number)) return
      const fills: Array<{ readonly h: Held<C>; readonly s: Scored<C>; readonly loss: number }> = []
      for (const h of kept)
        for (const s of [...h.better, ...h.others])
          if (s.caps.includes(c) && !h.chosenCaps.includes(c))
            fills.push({ h, s, loss: priorityOf(h) - sortablePriority(s.c.priority) })
      fills.sort((a, b) => a.loss - b.loss)
      for (const f of fills) {
        if ((used[c] as number) >= (minimum[c] as number)) break
        if (movedSet.has(f.h) || f.h.chosenCaps.includes(c)) continue
        if (!fits(f.s.caps, f.h.chosenCaps) || !keepsMinimums(f.h.chosenCaps, f.s.caps)) continue
        move(f.h, f.s)
        movedSet.add(f.h)
      }
    })
    const moves: Array<{ readonly h: Held<C>; readonly s: Scored<C>; readonly gain: number }> = []
    for (const h of kept) {
      if (movedSet.has(h)) continue
      for (const s of h.better) moves.push({ h, s, gain: sortablePriority(s.c.priority) - priorityOf(h) })
    }
    moves.sort((a, b) => b.gain - a.gain)
    const upgradedSet = new Set<Held<C>>()
    for (const m of moves) {
      if (upgradedSet.has(m.h)) continue
      if (!fits(m.s.caps, m.h.chosenCaps) || !keepsMinimums(m.h.chosenCaps, m.s.caps)) continue
      move(m.h, m.s)
      upgradedSet.add(m.h)
    }
    for (const h of kept) out.push(release(h))
    progress.end(done, 0)
    return {
      subjects: done,
      usage: byId(capacities, used),
      remaining: byId(capacities, left),
      objective,
      prices: byId(capacities, lambda),
      estimates,
      reserved: reservedEver,
      upgraded: upgradedSet.size,
      shortfall: Object.fromEntries(
        capacities.flatMap((c, i) =>
          (used[i] as number) < (minimum[i] as number) ? [[c.id, (minimum[i] as number) - (used[i] as number)]] : []
        )
      )
    }
  }
  return { push, finish }
}

/**
 * Allocates capacity over a stream of subjects, with prices estimated on a sample and refined as
 * the stream goes, and a bounded reserve of marginal subjects filled at the end. A generator: it
 * yields each subject's allotment and returns a `Report` (see `collect` to gather both).
 *
 * @example
 * import { Capacity, Streaming } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority
 * })
 * const population = [3, 9, 5, 7, 8, 2].map((p, i) => ({
 *   subjectId: `s${i}`,
 *   candidates: [c("Gold", p), c("Loan", 1)]
 * }))
 * const gold = [Capacity.capacity("gold", 2, { actionId: "Gold" })]
 * // prices from a sample of half the population, refined as the stream goes
 * const sample = population.filter((_, i) => i % 2 === 0)
 * const { allotments, report } = Streaming.collect(
 *   Streaming.allocate(gold, sample, { population: population.length })(population)
 * )
 * // Gold goes to the two subjects who gain the most from it (9 and 8 over 1): the optimum
 * assert.deepStrictEqual(
 *   allotments.filter((a) => a.chosen[0]?.actionId === "Gold").map((a) => a.subjectId).sort(),
 *   ["s1", "s4"]
 * )
 * assert.strictEqual(report.usage["gold"], 2)
 * assert.strictEqual(report.objective, 9 + 8 + 4 * 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const allocate = (
  capacities: ReadonlyArray<Capacity>,
  sample: ReadonlyArray<Offers<Candidate>>,
  settings: Settings
) =>
  function* <C extends Candidate>(population: Iterable<Offers<C>>): Generator<Allotment<C>, Report, undefined> {
    const state = allocator<C>(capacities, sample, settings)
    const out: Array<Allotment<C>> = []
    for (const offers of population) {
      state.push(offers, out)
      for (const a of out) yield a
      out.length = 0
    }
    const report = state.finish(out)
    for (const a of out) yield a
    return report
  }

/**
 * `allocate` over an async iterable (e.g. subjects read from a file or a queue) or an iterable: an
 * async generator that yields each subject's allotment as soon as it is decided and returns the
 * `Report`. It pulls the next subject only when the previous allotments have been taken.
 *
 * @example
 * import { Capacity, Streaming } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority
 * })
 * async function* subjects() {
 *   for (const [i, p] of [9, 3, 8, 2].entries()) yield { subjectId: `s${i}`, candidates: [c("Gold", p), c("Loan", 1)] }
 * }
 * const gold = [Capacity.capacity("gold", 2, { actionId: "Gold" })]
 * const sample = [9, 3].map((p, i) => ({ subjectId: `x${i}`, candidates: [c("Gold", p), c("Loan", 1)] }))
 * const stream = Streaming.allocateAsync(gold, sample, { population: 4, checkpoints: 0 })(subjects())
 * const chosen: Array<string> = []
 * for (let step = await stream.next(); ; step = await stream.next()) {
 *   if (step.done === true) {
 *     assert.strictEqual(step.value.usage["gold"], 2)
 *     break
 *   }
 *   chosen.push(`${step.value.subjectId}:${step.value.chosen[0]?.actionId}`)
 * }
 * // Gold to the two who gain the most from it; s1, marginal, waited in the reserve to the end
 * assert.deepStrictEqual(chosen, ["s0:Gold", "s2:Gold", "s3:Loan", "s1:Loan"])
 *
 * @category operations
 * @since 0.1.0
 */
export const allocateAsync = (
  capacities: ReadonlyArray<Capacity>,
  sample: ReadonlyArray<Offers<Candidate>>,
  settings: Settings
) =>
  async function* <C extends Candidate>(
    population: AsyncIterable<Offers<C>> | Iterable<Offers<C>>
  ): AsyncGenerator<Allotment<C>, Report, undefined> {
    const state = allocator<C>(capacities, sample, settings)
    const out: Array<Allotment<C>> = []
    for await (const offers of population) {
      state.push(offers, out)
      for (const a of out) yield a
      out.length = 0
    }
    const report = state.finish(out)
    for (const a of out) yield a
    return report
  }

/**
 * Runs a streaming allocation to its end, gathering its allotments and its report (for a
 * population that fits in memory, or a test).
 *
 * @category utils
 * @since 0.1.0
 */
export const collect = <A, R>(
  stream: Iterator<A, R, undefined>
): { readonly allotments: ReadonlyArray<A>; readonly report: R } => {
  const allotments: Array<A> = []
  for (;;) {
    const r = stream.next()
    if (r.done === true) return { allotments, report: r.value }
    allotments.push(r.value)
  }
}
