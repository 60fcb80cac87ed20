/**
 * Selection probabilities: the probability with which the decision policy returned an action at
 * its rank in its slot, given the actions ranked above it in that slot — what off-policy
 * evaluation divides by. Randomness comes from three places: the learners' exploration draws, the
 * control group's random propensities, and an ε-greedy or uniform-random selection policy.
 *
 * - No randomness (a learner that does not explore, analytics off, greedy selection): 1.
 * - ε-greedy or uniform random over fixed propensities: exact, `1 − ε + ε/|L|` for the first of
 *   the `|L|` candidates that could be placed at that step, `ε/|L|` for any other.
 * - Control group with greedy selection, one slot: the first non-mandatory action's probability
 *   is exact (`scaledUniformWinProbability`); the others are estimated.
 * - Otherwise (Thompson sampling, naive Bayes with exploration, or mixtures): Monte Carlo —
 *   re-draw the randomness `draws` times and count how often the action comes at its rank when the
 *   ranks above it come out the same; the actual decision counts as one draw, so the estimate is
 *   `(1 + hits) / (1 + trials)`. Only the exploration of the candidates that reached the
 *   propensity stage is re-drawn (from the Beta distribution the learner reported in
 *   `Score.exploration`; uniformly in the control group; by scoring again for a learner that
 *   reports no distribution), each candidate from its own stream derived from the seed and its
 *   model key, and only thresholds, priority and the arbitration walk run again.
 *
 * Laws: probabilities lie in (0, 1]; `scaledUniformWinProbability` sums to at most 1 over the
 * candidates (to `1 − P(nobody passes)`), and equals `1/K` for K equal weights without thresholds.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The probability that candidate `i` has the largest priority `X_j = u_j · w_j`, where the `u_j`
 * are independent uniform draws on (0, 1), and a candidate takes part only when `u_j ≥ a_j` (its
 * threshold on the draw). Exact: the integral `∫ (1/w_i) Π_{j≠i} clamp(x/w_j, a_j, 1) dx` over
 * `[a_i·w_i, w_i]`, computed piecewise between the breakpoints. Weights must be positive.
 *
 * @example
 * import * as SelectionProbability from "./SelectionProbability.js"
 * import * as assert from "node:assert"
 * // two candidates, one with twice the weight: P(small wins) = ∫0^1 x/2 dx = 1/4
 * assert.ok(Math.abs(SelectionProbability.scaledUniformWinProbability([1, 2], [0, 0], 0) - 0.25) < 1e-12)
 * assert.ok(Math.abs(SelectionProbability.scaledUniformWinProbability([1, 2], [0, 0], 1) - 0.75) < 1e-12)
 *
 * @category operations
 * @since 0.1.0
 */
export const scaledUniformWinProbability = (
  weights: ReadonlyArray<number>,
  thresholds: ReadonlyArray<number>,
  i: number
): number => {
  const wi = weights[i]
  if (wi === undefined || !(wi > 0)) return 0
  const ai = Math.min(1, Math.max(0, thresholds[i] ?? 0))
  if (ai >= 1) return 0
  const start = ai * wi
  const end = wi
  const points: Array<number> = [start, end]
  for (let j = 0; j < weights.length; j++) {
    if (j === i) continue
    const w = weights[j] as number
    const a = Math.min(1, Math.max(0, thresholds[j] ?? 0))
    for (const x of [a * w, w]) if (x > start && x < end) points.push(x)
  }
  points.sort((x, y) => x - y)
  let total = 0
  for (let k = 0; k + 1 < points.length; k++) {
    const lo = points[k] as number
    const hi = points[k + 1] as number
    if (!(hi > lo)) continue
    const mid = (lo + hi) / 2
    // on (lo, hi) each other candidate's factor is a constant or x/w_j
    let constant = 1
    let degree = 0
    let ratioHi = hi
    let ratioLo = lo
    for (let j = 0; j < weights.length; j++) {
      if (j === i) continue
      const w = weights[j] as number
      const a = Math.min(1, Math.max(0, thresholds[j] ?? 0))
      if (!(w > 0)) continue
      if (mid >= w) continue // factor 1
      if (mid <= a * w) {
        constant *= a
        continue
      }
      degree++
      ratioHi *= hi / w
      ratioLo *= lo / w
    }
    total += (constant * (ratioHi - ratioLo)) / (degree + 1)
  }
  return total / wi
}

// -------------------------------------------------------------------------------------
// Beta quadrature
// -------------------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
]

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits) */
export const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let s = LANCZOS[0] as number
  for (let k = 1; k < 9; k++) s += (LANCZOS[k] as number) / (z + k)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s)
}

/** ln B(a, b) */
export const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b)

/** the continued fraction of the incomplete beta (modified Lentz) */
const betaFraction = (x: number, a: number, b: number): number => {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return h
}

/** the Beta(a, b) distribution function at x (the regularised incomplete beta `I_x(a, b)`), a, b > 0 */
export const betaCdf = (x: number, a: number, b: number, lnB = logBeta(a, b)): number => {
  if (!(x > 0)) return 0
  if (!(x < 1)) return 1
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnB)
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b
}

// Gauss–Kronrod 7–15 (QUADPACK's qk15): Kronrod nodes on [0, 1) and weights; Gauss weights of nodes 1, 3, 5, 7
const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0
]
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782
]
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694]

/** the absolute error `betaWinProbability` aims at (the sum of its intervals' error estimates) */
export const BETA_QUADRATURE_TOLERANCE = 1e-10
/** the decades of geometric grading toward a rival's singular end (a shape below 1) */
const GRADED = 14

/** the most intervals `betaWinProbability` subdivides into before it gives up (and returns undefined) */
const MAX_INTERVALS = 4000

/**
 * Adaptive Gauss–Kronrod (7–15) of `g` over [lo, hi] with an absolute tolerance; undefined when
 * the interval budget runs out. Deterministic: a fixed bisection rule, no randomness.
 */
export const integrate = (
  g: (x: number) => number,
  lo: number,
  hi: number,
  tol: number,
  budget: { n: number }
): number | undefined => {
  const stack: Array<number> = [lo, hi, tol]
  let total = 0
  while (stack.length > 0) {
    const t = stack.pop() as number
    const b = stack.pop() as number
    const a = stack.pop() as number
    if (--budget.n < 0) return undefined
    const c = (a + b) / 2
    const h = (b - a) / 2
    const fc = g(c)
    let kronrod = fc * (WGK[7] as number)
    let gauss = fc * (WG[3] as number)
    for (let k = 0; k < 7; k++) {
      const dx = h * (XGK[k] as number)
      const f = g(c - dx) + g(c + dx)
      kronrod += (WGK[k] as number) * f
      if (k % 2 === 1) gauss += (WG[(k - 1) / 2] as number) * f
    }
    kronrod *= h
    gauss *= h
    if (!Number.isFinite(kronrod)) return undefined
    if (Math.abs(kronrod - gauss) <= t || h < 1e-15) total += kronrod
    else stack.push(a, c, t / 2, c, b, t / 2)
  }
  return total
}

/** one candidate of `betaWinProbability`: its exploration Beta, priority weight and threshold on the draw */
export interface BetaRival {
  readonly alpha: number
  readonly beta: number
  /** the priority is `weight × draw`; positive and finite */
  readonly weight: number
  /** the candidate takes part only when its draw is at least this (0 for none) */
  readonly threshold: number
  /** the weight of a uniform draw mixed with the Beta (naive Bayes' exploration floor; 0 or absent for none) */
  readonly uniform?: number
}

/**
 * The probability that candidate `i` has the largest priority `w_j · X_j`, `X_j ~ Beta(α_j, β_j)`
 * independent, among the candidates whose draw passes its threshold (`X_j ≥ a_j`):
 *
 * `P_i = ∫_{a_i}^1 f_i(x) Π_{j≠i} F_j(clamp(x·w_i/w_j, a_j, 1)) dx`
 *
 * A candidate whose draw mixes a uniform draw of weight u into its Beta has the density
 * `(1 − u)·f + u` and the distribution `(1 − u)·F(y) + u·y`; its part is then
 * `(1 − u_i)·P_i + u_i·∫_{a_i}^1 Π_{j≠i} F_j(…) dx`.
 *
 * by adaptive Gauss–Kronrod (7–15) quadrature with an absolute tolerance of
 * `BETA_QUADRATURE_TOLERANCE` (1e-10), after splitting [a_i, 1] at the kinks of the integrand
 * and around the bulk of each Beta; an endpoint singularity of `f_i` (a shape below 1) is removed
 * by the substitution `x = c·s^(1/α)` (near 0) or `1 − x = c·s^(1/β)` (near 1). `F_j` is the
 * regularised incomplete beta by its continued fraction. Pure and deterministic; undefined when a
 * shape or weight is not positive and finite, or the quadrature does not converge within its
 * interval budget (the caller then estimates instead).
 *
 * @example
 * import * as SelectionProbability from "./SelectionProbability.js"
 * import * as assert from "node:assert"
 * const p = SelectionProbability.betaWinProbability(
 *   [{ alpha: 2, beta: 1, weight: 1, threshold: 0 }, { alpha: 1, beta: 1, weight: 1, threshold: 0 }],
 *   0
 * )
 * assert.ok(p !== undefined && Math.abs(p - 2 / 3) < 1e-9)
 */
export const betaWinProbability = (rivals: ReadonlyArray<BetaRival>, i: number): number | undefined => {
  const me = rivals[i]
  if (me === undefined) return undefined
  for (const r of rivals)
    if (!(r.alpha > 0 && r.beta > 0 && Number.isFinite(r.alpha + r.beta) && r.weight > 0 && Number.isFinite(r.weight)))
      return undefined
  const lo = Math.min(1, Math.max(0, me.threshold))
  if (lo >= 1) return 0
  const { alpha, beta, weight } = me
  const lnB = logBeta(alpha, beta)
  // the other candidates, as ratios r_j = w_i / w_j on the draw of i, with their constants
  const m = rivals.length - 1
  const ratio = new Float64Array(m)
  const floor = new Float64Array(m)
  const floorCdf = new Float64Array(m)
  const ra = new Float64Array(m)
  const rb = new Float64Array(m)
  const rlnB = new Float64Array(m)
  const ru = new Float64Array(m)
  const points: Array<number> = [lo, 1]
  const push = (x: number): void => {
    if (x > lo && x < 1) points.push(x)
  }
  const sd = (a: number, b: number): number => Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)))
  for (let j = 0, k = 0; j < rivals.length; j++) {
    if (j === i) continue
    const r = rivals[j] as BetaRival
    const a = Math.min(1, Math.max(0, r.threshold))
    ratio[k] = weight / r.weight
    floor[k] = a
    ra[k] = r.alpha
    rb[k] = r.beta
    rlnB[k] = logBeta(r.alpha, r.beta)
    const u = r.uniform ?? 0
    ru[k] = u
    const cdf = betaCdf(a, r.alpha, r.beta, rlnB[k])
    floorCdf[k] = u > 0 ? (1 - u) * cdf + u * a : cdf
    const toMine = r.weight / weight
    const mean = r.alpha / (r.alpha + r.beta)
    const s = sd(r.alpha, r.beta)
    push(a * toMine)
    push(toMine)
    push(mean * toMine)
    push((mean - 4 * s) * toMine)
    push((mean + 4 * s) * toMine)
    // a shape below 1 makes F_j behave like y^α near 0 (or 1 − F_j like (1 − y)^β near 1): not
    // smooth there, which one Gauss–Kronrod piece can misjudge (Beta(0.3, 3000) against a uniform
    // draw: 5.7e-7 off, fast-check seed -2052204020). Pieces shrinking geometrically toward the
    // singular end keep each piece smooth for its size; the last one holds a negligible mass.
    if (r.alpha < 1 && a === 0) for (let e = 1; e <= GRADED; e++) push(mean * 10 ** -e * toMine)
    if (r.beta < 1) for (let e = 1; e <= GRADED; e++) push((1 - (1 - mean) * 10 ** -e) * toMine)
    k++
  }
  const myMean = alpha / (alpha + beta)
  const mySd = sd(alpha, beta)
  for (const z of [0, -3, 3, -8, 8]) push(myMean + z * mySd)
  points.sort((x, y) => x - y)
  // Π_j F_j(clamp(x·r_j, a_j, 1))
  const others = (x: number): number => {
    let p = 1
    for (let k = 0; k < m; k++) {
      const y = x * (ratio[k] as number)
      if (y >= 1) continue
      if (y <= (floor[k] as number)) p *= floorCdf[k] as number
      else {
        const cdf = betaCdf(y, ra[k] as number, rb[k] as number, rlnB[k])
        const u = ru[k] as number
        p *= u > 0 ? (1 - u) * cdf + u * y : cdf
      }
      if (p < 1e-300) return 0
    }
    return p
  }
  const pieces: Array<number> = []
  for (let k = 0; k < points.length; k++) {
    const x = points[k] as number
    if (k === 0 || x > (pieces[pieces.length - 1] as number)) pieces.push(x)
  }
  const count = pieces.length - 1
  const tol = BETA_QUADRATURE_TOLERANCE / Math.max(1, count)
  const budget = { n: MAX_INTERVALS }
  let total = 0
  for (let k = 0; k < count; k++) {
    const a = pieces[k] as number
    const b = pieces[k + 1] as number
    let part: number | undefined
    if (a === 0 && alpha < 1) {
      // x = b·s^(1/α): x^(α−1) dx = (b^α / α) ds
      const scale = Math.exp(alpha * Math.log(b) - lnB) / alpha
      part = integrate(
        (s) => {
          const x = b * Math.pow(s, 1 / alpha)
          return scale * Math.exp((beta - 1) * Math.log1p(-x)) * others(x)
        },
        0,
        1,
        tol,
        budget
      )
    } else if (b === 1 && beta < 1) {
      // 1 − x = c·s^(1/β), c = 1 − a: (1 − x)^(β−1) dx = (c^β / β) ds
      const c = 1 - a
      const scale = Math.exp(beta * Math.log(c) - lnB) / beta
      part = integrate(
        (s) => {
          const x = 1 - c * Math.pow(s, 1 / beta)
          return scale * Math.exp((alpha - 1) * Math.log(x)) * others(x)
        },
        0,
        1,
        tol,
        budget
      )
    } else {
      part = integrate(
        (x) => Math.exp((alpha - 1) * Math.log(x) + (beta - 1) * Math.log1p(-x) - lnB) * others(x),
        a,
        b,
        tol,
        budget
      )
    }
    if (part === undefined) return undefined
    total += part
  }
  const mine = me.uniform ?? 0
  if (mine > 0) {
    // the uniform part of this candidate's draw: density 1 on [a_i, 1]
    let flat = 0
    for (let k = 0; k < count; k++) {
      const part = integrate(others, pieces[k] as number, pieces[k + 1] as number, tol, budget)
      if (part === undefined) return undefined
      flat += part
    }
    total = (1 - mine) * total + mine * flat
  }
  return Math.min(1, Math.max(0, total))
}
