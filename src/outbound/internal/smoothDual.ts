/**
 * Prices from a sample by the smoothed Lagrangian dual of the allocation LP (one action per
 * subject): minimise over λ ≥ 0
 *
 *   D_τ(λ) = Σ_c λ_c b_c + τ Σ_s log(1 + Σ_j exp((p_j − Σ_{c∋j} λ_c) / τ))
 *
 * a smooth, convex function whose minimiser tends to the LP's dual prices as τ → 0 (τ log Σ exp is
 * within τ log(k + 1) of the max). Its partial derivative in λ_c is `b_c − expected usage of c`
 * (each subject's options weighted by a softmax), so each coordinate step is the root of a smooth
 * decreasing function (Newton, safeguarded by bisection), and coordinate descent converges where
 * the hard-max version chases coupled prices by its tolerance.
 *
 * @internal
 * @since 0.1.0
 */
import type { Candidate, Offers } from "../Allocation.js"
import type { Capacity } from "../Capacity.js"
import { capacityLookup, sortablePriority } from "./capacities.js"

/** a sample compiled for the smoothed dual */
export interface SmoothSample {
  readonly subjects: number
  /** per subject, its first candidate (and one past the last) */
  readonly start: Int32Array
  readonly priority: Float64Array
  /** per candidate, its first capacity index in `capIndex` */
  readonly capStart: Int32Array
  readonly capIndex: Int32Array
  /** per capacity, the subjects with a candidate it applies to */
  readonly relevant: ReadonlyArray<Int32Array>
  /** per capacity, the candidates it applies to */
  readonly users: ReadonlyArray<Int32Array>
  /** per capacity, the units mandatory candidates use whatever the prices */
  readonly fixed: Float64Array
  /** the mean positive priority: the scale of τ and of the tolerance */
  readonly scale: number
}

/**
 * Compiles a sample: a subject with mandatory candidates counts them as fixed usage (they are sent
 * whatever the prices) and takes no part in the pricing; every other subject is priced as if it took
 * one action (its best), candidates with a non-finite or non-positive priority left out.
 */
export const compileSample = (
  capacities: ReadonlyArray<Capacity>,
  sample: ReadonlyArray<Offers<Candidate>>
): SmoothSample => {
  const lookup = capacityLookup(capacities)
  const start: Array<number> = [0]
  const priority: Array<number> = []
  const capStart: Array<number> = [0]
  const capIndex: Array<number> = []
  const relevant: Array<Array<number>> = capacities.map(() => [])
  const fixed = new Float64Array(capacities.length)
  let sum = 0
  let count = 0
  let s = 0
  for (const o of sample) {
    if (o.candidates.some((c) => c.evaluation === "mandatory")) {
      for (const c of o.candidates)
        if (c.evaluation === "mandatory") for (const i of lookup(c)) fixed[i] = (fixed[i] as number) + 1
      continue
    }
    const seen = new Set<number>()
    for (const c of o.candidates) {
      const p = sortablePriority(c.priority)
      if (!Number.isFinite(p) || p <= 0) continue
      priority.push(p)
      sum += p
      count++
      for (const i of lookup(c)) {
        capIndex.push(i)
        seen.add(i)
      }
      capStart.push(capIndex.length)
    }
    for (const i of seen) (relevant[i] as Array<number>).push(s)
    start.push(priority.length)
    s++
  }
  const users: Array<Array<number>> = capacities.map(() => [])
  for (let j = 0; j < priority.length; j++)
    for (let k = capStart[j] as number; k < (capStart[j + 1] as number); k++) users[capIndex[k] as number]?.push(j)
  return {
    subjects: s,
    start: Int32Array.from(start),
    priority: Float64Array.from(priority),
    capStart: Int32Array.from(capStart),
    capIndex: Int32Array.from(capIndex),
    relevant: relevant.map((r) => Int32Array.from(r)),
    users: users.map((u) => Int32Array.from(u)),
    fixed,
    scale: count > 0 ? sum / count : 1
  }
}

/** below it, e^z < 2^-54 and 1 + e^z is exactly 1 (e^-38 ≈ 3.1e-17) */
const SURE = -38
/**
 * below it, e^z < 2.9e-20: a term of a sum that holds a term 1 and fewer than 3,800 terms in all
 * cannot change it by more than its last bit's rounding (2^-53 ≈ 1.1e-16), so it is left out
 */
const FAINT = -45
/** from it on, e^z overflows to Infinity (e^709.79 is the largest double) and 1 / (1 + e^z) is 0 */
const NEVER = 710

export interface SmoothResult {
  readonly rounds: number
  readonly converged: boolean
}

/**
 * Minimises D_τ by coordinate descent from `lambda` (warm start; updated in place), with targets
 * `b` per capacity (Infinity: no limit) and, optionally, minimum volumes `least` (their prices go
 * negative: a subsidy, the dual of a ≥ row). Stops when no price moves by more than `tolerance × scale`
 * in a round, or after `maxRounds`.
 */
export const solveSmooth = (
  x: SmoothSample,
  b: ArrayLike<number>,
  lambda: Float64Array,
  options: {
    readonly tau?: number
    readonly maxRounds?: number
    readonly tolerance?: number
    readonly units?: number
    /** the least expected usage per capacity (minimum volumes; default none) */
    readonly least?: ArrayLike<number>
    /** called after each round with the rounds done */
    readonly onRound?: (rounds: number) => void
  } = {}
): SmoothResult => {
  const tau = (options.tau ?? 0.01) * x.scale
  const maxRounds = options.maxRounds ?? 200
  const tol = (options.tolerance ?? 1e-4) * x.scale
  // a coordinate step ends when the expected usage is within this many units of its target
  const units = options.units ?? 0.01
  const n = lambda.length
  const least_ = options.least
  // With the other prices fixed, a subject uses capacity c with probability σ((θ_s − λ_c) / τ): its
  // candidates using c all move with λ_c, so they sum to one term, and the rest to another;
  // θ_s = M_c − M_n + τ log(S_c / S_n) from the log-sum-exps of the two groups (the rest includes
  // sending nothing, value 0).
  const theta = new Float64Array(x.subjects)
  const { start, priority, capStart, capIndex } = x
  const candidates = priority.length
  // per candidate, its priority less every price it pays (subtracted in the order of its
  // capacities, as the loop below would): what the candidates not using c are worth at c's step,
  // kept up to date as prices move, so that only the candidates using c are summed again
  const full = new Float64Array(candidates)
  const fullOf = (j: number): number => {
    let v = priority[j] as number
    const last = capStart[j + 1] as number
    for (let k = capStart[j] as number; k < last; k++) v -= lambda[capIndex[k] as number] as number
    return v
  }
  for (let j = 0; j < candidates; j++) full[j] = fullOf(j)
  const users = x.users
  const value = new Float64Array(candidates)
  // 1 for the candidates using the capacity being priced
  const used = new Uint8Array(candidates)
  const thetas = (c: number): Int32Array => {
    const subjects = x.relevant[c] as Int32Array
    const mine = users[c] as Int32Array
    for (const j of mine) used[j] = 1
    for (let r = 0; r < subjects.length; r++) {
      const s = subjects[r] as number
      const from = start[s] as number
      const to = start[s + 1] as number
      let mc = Number.NEGATIVE_INFINITY
      let mn = 0
      for (let j = from; j < to; j++) {
        if (used[j] === 1) {
          let v = priority[j] as number
          const last = capStart[j + 1] as number
          for (let k = capStart[j] as number; k < last; k++) {
            const i = capIndex[k] as number
            if (i !== c) v -= lambda[i] as number
          }
          value[j] = v
          if (v > mc) mc = v
        } else {
          const v = full[j] as number
          if (v > mn) mn = v
        }
      }
      // each sum has a term e^0 = 1, so a term below e^FAINT adds nothing the sum can hold: skipped
      let sc = 0
      let z = -mn / tau
      let sn = z < FAINT ? 0 : Math.exp(z)
      for (let j = from; j < to; j++) {
        if (used[j] === 1) {
          z = ((value[j] as number) - mc) / tau
          if (z >= FAINT) sc += Math.exp(z)
        } else {
          z = ((full[j] as number) - mn) / tau
          if (z >= FAINT) sn += Math.exp(z)
        }
      }
      theta[r] = mc - mn + tau * Math.log(sc / sn)
    }
    for (const j of mine) used[j] = 0
    return subjects
  }
  let current = -1
  let count = 0
  // the derivative of the last `usage`: kept here rather than returned in a new array
  let slope = 0
  // expected usage of capacity `current` at λ_c = l (its derivative in l in `slope`). Where the
  // exponent is below SURE, 1 + e^z rounds to 1, so q is exactly 1 and adds nothing to the slope;
  // from NEVER on, e^z overflows to Infinity and q is exactly 0: both skip Math.exp with the same sums
  // (a NaN still goes through it).
  const usage = (l: number): number => {
    let u = 0
    let d = 0
    for (let r = 0; r < count; r++) {
      const z = (l - (theta[r] as number)) / tau
      if (z < SURE) u += 1
      else if (!(z >= NEVER)) {
        const q = 1 / (1 + Math.exp(z))
        u += q
        d -= (q - q * q) / tau
      }
    }
    slope = d
    return u
  }
  /**
   * the price of capacity c: 0 when its expected usage at 0 is within [least, most]; else the root
   * of usage_c(λ) = most on λ > 0 (too much used), or of usage_c(λ) = least on λ < 0 (too little:
   * a subsidy); Newton from `from`, kept in a bracket
   */
  const step = (c: number, most: number, least: number, from: number): number => {
    if (current !== c) {
      current = c
      count = thetas(c).length
    }
    const u0 = usage(0)
    if (u0 > most + units) return root(most, from > 0 ? from : x.scale, 0, Number.POSITIVE_INFINITY)
    if (u0 < least - units) return root(least, from < 0 ? from : -x.scale, Number.NEGATIVE_INFINITY, 0)
    return 0
  }
  /** the root of usage(λ) = target in (lower, upper), usage decreasing: usage > target at lower */
  const root = (target: number, from: number, lower: number, upper: number): number => {
    let lo = lower
    let hi = upper
    let l = from
    for (let it = 0; it < 80; it++) {
      const u = usage(l)
      const d = slope
      if (Math.abs(u - target) <= units) return l
      if (u > target) lo = l
      else hi = l
      let next = d < 0 ? l - (u - target) / d : Number.NaN
      if (!(next > lo && next < hi)) {
        if (hi === Number.POSITIVE_INFINITY) next = Math.max(2 * l, x.scale)
        else if (lo === Number.NEGATIVE_INFINITY) next = Math.min(2 * l, -x.scale)
        else next = (lo + hi) / 2
      }
      if (hi - lo <= tol) return hi
      l = next
    }
    return Number.isFinite(hi) ? hi : l
  }
  let rounds = 0
  let converged = false
  while (rounds < maxRounds) {
    rounds++
    let moved = 0
    for (let c = 0; c < n; c++) {
      const most = (b[c] as number) - (x.fixed[c] as number)
      const least = least_ === undefined ? 0 : (least_[c] as number) - (x.fixed[c] as number)
      const before = lambda[c] as number
      current = -1
      lambda[c] = step(c, most, least, before)
      if (!Object.is(lambda[c], before)) for (const j of users[c] as Int32Array) full[j] = fullOf(j)
      moved = Math.max(moved, Math.abs((lambda[c] as number) - before))
    }
    options.onRound?.(rounds)
    if (moved <= tol) {
      converged = true
      break
    }
  }
  return { rounds, converged }
}
