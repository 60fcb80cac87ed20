/**
 * Internal: the fast path of the top-1 Thompson selection probability (`betaWinProbability`).
 *
 * `P_i = ∫ f_i(x) G(x) dx` with `G(x) = Π_{j≠i} F_j(clamp(x·r_j, a_j, 1))`. The direct adaptive
 * quadrature evaluates every rival's incomplete beta (a continued fraction, ~0.3 µs) at every
 * quadrature node: with a hundred overlapping, well-evidenced rivals that is a few hundred
 * thousand continued fractions, tens of milliseconds. This path needs a few thousand:
 *
 * 1. The winner's draw is confined to `[L, U]`, its quantiles `1e-13` and `1 − 1e-13` (and its
 *    threshold): what lies outside weighs at most `2e-13`. `G` is non-decreasing, so the part
 *    below the point where `G ≤ e^−30` (found by bisection) weighs at most `1e-13` and is cut too.
 * 2. A rival whose factor is above `1 − 1e-13` everywhere on what is left is dropped; one whose
 *    factor is constant there (clamped at its threshold) becomes a constant.
 * 3. `ln G` is smooth between the remaining rivals' kinks (where a clamp engages): on each piece it
 *    is interpolated as a function of `t = ln x` (in which the left tails, `ln F_j ≈ α_j ln x`, are
 *    nearly straight) at the 33 Chebyshev–Lobatto points, the piece split in halves where the last
 *    Chebyshev coefficients stay above `LOG_TOLERANCE` (a relative error of `G`; at most
 *    `MAX_FITS` interpolants). Each rival's `F_j` at the 33 points comes from its density at the
 *    same points integrated spectrally (`CUMULATIVE`), anchored at the left end and checked at the
 *    right end against the incomplete beta; where the check fails, or `F_j` is small, from the
 *    incomplete beta itself.
 * 4. `∫ f_i(x) exp(p(ln x)) dx`, with `p` the interpolant, by adaptive Gauss–Kronrod on the now
 *    cheap integrand, to an absolute `1e-12`.
 *
 * A candidate whose draw mixes a uniform draw of weight `u` into its Beta (naive Bayes' exploration
 * floor, `BetaRival.uniform`) has the distribution `(1 − u)·F(y) + u·y` and, for the winner, the
 * density `(1 − u)·f + u` on `[a_i, 1]` (then `[L, U]` is `[a_i, 1]` before the cut where `G` is
 * small). Past a point where every rival's Beta part is 1 (within `1e-13`, checked), `G` is the
 * product of the rivals' uniform parts alone, integrated directly between the points where they
 * reach 1 — so the rivals' kinks there do not cost interpolants.
 *
 * When every draw is uniform (Beta(1, 1), as from empty models), the answer is the closed form of
 * scaled uniform draws (`scaledUniformWinProbability`, exact).
 *
 * It answers undefined where it does not apply (a winner's shape below 1, more than `MAX_PIECES`
 * pieces, an interpolant that does not converge, a quadrature that runs out of budget); the caller
 * then uses the direct quadrature. Its agreement with the direct quadrature (within `1e-9 + 1e-7·P`)
 * is property-tested; on the decision benchmark's winners it is within 5e-12.
 *
 * @internal
 * @since 0.1.0
 */
import { betaCdf, integrate, logBeta, scaledUniformWinProbability, type BetaRival } from "./SelectionProbability.js"

/** the tail mass of the winner's Beta left out on each side */
const TAIL = 1e-13
/** the largest absolute error accepted in the interpolant of ln G (a relative error of G) */
const LOG_TOLERANCE = 1e-8
/** ln G is not interpolated below this (G < 1e-300 contributes nothing) */
const LOG_FLOOR = -690
/** below the point where ln G reaches this, the integral is at most e^TRIM (about 1e-13) */
const TRIM = -30
/** the spectral distribution function is accepted where it meets the incomplete beta this closely (right end) */
const SPECTRAL_TOLERANCE = 1e-11
/** below this, the incomplete beta replaces the spectral value (whose relative error would show in ln G) */
const SPECTRAL_FLOOR = 1e-5
/** the most pieces (between kinks) before the caller's direct quadrature is cheaper */
const MAX_PIECES = 64
/** the most interpolants (pieces and their halves) before the caller's direct quadrature is cheaper */
const MAX_FITS = 128
/** the absolute tolerance of the outer quadrature */
const OUTER_TOLERANCE = 1e-12

/** a distribution function with a uniform part of weight `u` mixed in: `(1 − u)·F(y) + u·y` */
const mixed = (F: number, u: number, y: number): number => (u > 0 ? (1 - u) * F + u * Math.min(1, y) : F)

/** the lower `p`-quantile of Beta(a, b) from above: an x with F(x) ≤ p, close to the quantile */
const lowerQuantile = (p: number, a: number, b: number, lnB: number): number => {
  // bisection in x on ln F, seeded at the mean, then Newton steps on ln F (concave enough in the tail)
  let lo = 0
  let hi = a / (a + b)
  if (betaCdf(hi, a, b, lnB) <= p) return hi
  const lnp = Math.log(p)
  let x = hi
  for (let k = 0; k < 60; k++) {
    const F = betaCdf(x, a, b, lnB)
    if (F <= p) lo = x
    else hi = x
    if (F <= p && F >= p * 1e-3) return x
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB)
    let next = x - ((Math.log(F) - lnp) * F) / density
    if (!(next > lo && next < hi)) next = (lo + hi) / 2
    x = next
  }
  return lo
}

/** Chebyshev–Lobatto points and the cosine table of a 32-interval interpolant (17 is a subset) */
const N_MAX = 32
const COS = Float64Array.from({ length: 2 * N_MAX }, (_, k) => Math.cos((Math.PI * k) / N_MAX))

/** Chebyshev coefficients of the interpolant through values at cos(πk/n), k = 0..n (stride 32/n in the table) */
const coefficients = (values: Float64Array, n: number): Float64Array => {
  const c = new Float64Array(n + 1)
  const step = N_MAX / n
  for (let m = 0; m <= n; m++) {
    let s = 0
    for (let k = 0; k <= n; k++) {
      const w = k === 0 || k === n ? 0.5 : 1
      s += w * (values[k * step] as number) * (COS[(k * m * step) % (2 * N_MAX)] as number)
    }
    c[m] = ((m === 0 || m === n ? 1 : 2) * s) / n
  }
  return c
}

/** the interpolant at t ∈ [−1, 1] (Clenshaw) */
const clenshaw = (c: Float64Array, t: number): number => {
  let b1 = 0
  let b2 = 0
  const t2 = 2 * t
  for (let m = c.length - 1; m >= 1; m--) {
    const b = (c[m] as number) + t2 * b1 - b2
    b2 = b1
    b1 = b
  }
  return (c[0] as number) + t * b1 - b2
}

/**
 * The cumulative integration matrix at the Chebyshev–Lobatto points `τ_k = cos(πk/32)`:
 * `Σ_l CUMULATIVE[k][l]·g(τ_l) = ∫_{−1}^{τ_k} p(τ) dτ` for the interpolant `p` of `g`, exact for
 * polynomials of degree 32 (integrate the Chebyshev series term by term, then evaluate it back);
 * `INTEGRATE` is its row at `τ_0 = 1`.
 */
const CUMULATIVE = ((): Float64Array => {
  const n = N_MAX
  const out = new Float64Array((n + 1) * (n + 1))
  const unit = new Float64Array(n + 1)
  for (let l = 0; l <= n; l++) {
    unit.fill(0)
    unit[l] = 1
    const c = coefficients(unit, n)
    const at = (m: number): number => (m <= n ? (c[m] as number) : 0)
    const b = new Float64Array(n + 2)
    b[1] = at(0) - at(2) / 2
    for (let m = 2; m <= n + 1; m++) b[m] = (at(m - 1) - at(m + 1)) / (2 * m)
    let b0 = 0
    for (let m = 1; m <= n + 1; m++) b0 -= (b[m] as number) * (m % 2 === 0 ? 1 : -1)
    b[0] = b0
    for (let k = 0; k <= n; k++) {
      let v = 0
      for (let m = 0; m <= n + 1; m++) v += (b[m] as number) * Math.cos((Math.PI * k * m) / n)
      out[k * (n + 1) + l] = v
    }
  }
  return out
})()
const INTEGRATE = CUMULATIVE.subarray(0, N_MAX + 1)

/** see the module header; undefined where the fast path does not apply */
export const betaWinProbabilityFast = (rivals: ReadonlyArray<BetaRival>, i: number): number | undefined => {
  const me = rivals[i]
  if (me === undefined) return undefined
  for (const r of rivals)
    if (!(r.alpha > 0 && r.beta > 0 && Number.isFinite(r.alpha + r.beta) && r.weight > 0 && Number.isFinite(r.weight)))
      return undefined
  // every draw uniform (empty models: Beta(1, 1)): the closed form of scaled uniform draws
  if (rivals.every((r) => r.alpha === 1 && r.beta === 1))
    return scaledUniformWinProbability(
      rivals.map((r) => r.weight),
      rivals.map((r) => r.threshold),
      i
    )
  const { alpha, beta, weight } = me
  if (alpha < 1 || beta < 1) return undefined
  const lo = Math.min(1, Math.max(0, me.threshold))
  if (lo >= 1) return 0
  const lnB = logBeta(alpha, beta)
  // a uniform part of the winner's draw spreads its weight over [lo, 1]
  const mine = me.uniform ?? 0
  const L = mine > 0 ? lo : Math.max(lo, lowerQuantile(TAIL, alpha, beta, lnB))
  const U = mine > 0 ? 1 : 1 - lowerQuantile(TAIL, beta, alpha, lnB)
  if (!(U > L)) return undefined
  // the rivals that vary on [L, U], and the constant factor of the others
  let constant = 1
  const ratio: Array<number> = []
  const floor: Array<number> = []
  const ra: Array<number> = []
  const rb: Array<number> = []
  const rlnB: Array<number> = []
  const ru: Array<number> = []
  for (let j = 0; j < rivals.length; j++) {
    if (j === i) continue
    const r = rivals[j] as BetaRival
    const rj = weight / r.weight
    const aj = Math.min(1, Math.max(0, r.threshold))
    if (L * rj >= 1) continue
    const lnBj = logBeta(r.alpha, r.beta)
    const uj = r.uniform ?? 0
    const yL = Math.max(L * rj, aj)
    const atL = mixed(betaCdf(yL, r.alpha, r.beta, lnBj), uj, yL)
    if (U * rj <= aj) {
      constant *= atL
      continue
    }
    if (atL >= 1 - TAIL) continue
    ratio.push(rj)
    floor.push(aj)
    ra.push(r.alpha)
    rb.push(r.beta)
    rlnB.push(lnBj)
    ru.push(uj)
  }
  if (constant === 0) return 0
  let m = ratio.length
  if (m === 0)
    return Math.min(1, Math.max(0, constant * ((1 - mine) * (1 - betaCdf(lo, alpha, beta, lnB)) + mine * (1 - lo))))
  const logG = (x: number): number => {
    let s = 0
    for (let k = 0; k < m; k++) {
      const y = x * (ratio[k] as number)
      if (y >= 1) continue
      const z = Math.max(y, floor[k] as number)
      const F = mixed(betaCdf(z, ra[k] as number, rb[k] as number, rlnB[k]), ru[k] as number, z)
      s += F > 0 ? Math.log(F) : LOG_FLOOR
      if (s <= LOG_FLOOR) return LOG_FLOOR
    }
    return s
  }
  // G is non-decreasing: below a point where G ≤ e^TRIM the integral is at most e^TRIM; start there
  let start = L
  if (logG(L) < TRIM) {
    let below = L
    let above = U
    if (logG(U) < TRIM) return undefined
    for (let k = 0; k < 4; k++) {
      const x = (below + above) / 2
      if (logG(x) < TRIM) below = x
      else above = x
    }
    start = below
    // from 0 (a uniform part of the winner's draw, no threshold): halve towards 0 until G is small
    for (let k = 0; k < 60 && !(start > 0); k++) {
      above /= 2
      if (logG(above) < TRIM) start = above
    }
    if (!(start > 0)) return undefined
  }
  // the rivals whose factor is already 1 at the new start drop out too
  if (start > L) {
    let kept = 0
    for (let k = 0; k < m; k++) {
      const y = Math.max(start * (ratio[k] as number), floor[k] as number)
      if (y >= 1 || mixed(betaCdf(y, ra[k] as number, rb[k] as number, rlnB[k]), ru[k] as number, y) >= 1 - TAIL)
        continue
      ratio[kept] = ratio[k] as number
      floor[kept] = floor[k] as number
      ra[kept] = ra[k] as number
      rb[kept] = rb[k] as number
      rlnB[kept] = rlnB[k] as number
      ru[kept] = ru[k] as number
      kept++
    }
    ratio.length = floor.length = ra.length = rb.length = rlnB.length = ru.length = kept
    m = kept
  }
  // with a uniform part in the winner's draw the domain runs to 1, past every rival's Beta: from a
  // point X where each rival's Beta part is 1 (within TAIL), G is the cheap product of its
  // factors' uniform parts, `Π (1 − u_j) + u_j·min(1, x·r_j)`, integrated directly (the tail)
  let end = U
  if (mine > 0) {
    let X = 0
    for (let k = 0; k < m; k++) {
      const a = ra[k] as number
      const b = rb[k] as number
      const mean = a / (a + b)
      const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)))
      X = Math.max(X, Math.min(1, mean + 12 * sd) / (ratio[k] as number))
    }
    for (let k = 0; k < m && X < U; k++) {
      const y = X * (ratio[k] as number)
      if (y < 1 && betaCdf(y, ra[k] as number, rb[k] as number, rlnB[k]) < 1 - TAIL) X = U
    }
    if (X > start && X < U) end = X
  }
  const cuts: Array<number> = [start, end]
  for (let k = 0; k < m; k++) {
    const rj = ratio[k] as number
    for (const x of [(floor[k] as number) / rj, 1 / rj]) if (x > start && x < end) cuts.push(x)
  }
  cuts.sort((x, y) => x - y)
  const pieces: Array<number> = []
  for (const x of cuts) if (pieces.length === 0 || x > (pieces[pieces.length - 1] as number)) pieces.push(x)
  if (pieces.length - 1 > MAX_PIECES) return undefined
  const values = new Float64Array(N_MAX + 1)
  const density = new Float64Array(N_MAX + 1)
  const lnX = new Float64Array(N_MAX + 1)
  const xs = new Float64Array(N_MAX + 1)
  // ln G on [e^la, e^lb] as a Chebyshev series in t = ln x at the 33 Chebyshev–Lobatto points;
  // undefined when its last coefficients stay above the tolerance (the caller then splits the piece)
  const fit = (la: number, lb: number): Float64Array | undefined => {
    const mid = (la + lb) / 2
    const half = (lb - la) / 2
    for (let k = 0; k <= N_MAX; k++) {
      lnX[k] = mid + half * (COS[k] as number)
      xs[k] = Math.exp(lnX[k] as number)
      values[k] = 0
    }
    const xm = Math.exp(mid)
    for (let j = 0; j < m; j++) {
      const rj = ratio[j] as number
      const aj = ra[j] as number
      const bj = rb[j] as number
      const lnBj = rlnB[j] as number
      const uj = ru[j] as number
      // within a piece a clamp is engaged everywhere or nowhere (the kinks cut the pieces)
      if (xm * rj >= 1) continue
      if (xm * rj <= (floor[j] as number)) {
        const F = mixed(betaCdf(floor[j] as number, aj, bj, lnBj), ru[j] as number, floor[j] as number)
        const v = F > 0 ? Math.log(F) : LOG_FLOOR
        for (let k = 0; k <= N_MAX; k++) values[k] = (values[k] as number) + v
        continue
      }
      // F_j(x·r_j) = F_j(e^la·r_j) + ∫_la^t f_j(e^τ r_j) e^τ r_j dτ, the integral spectrally from the
      // density at the same points; checked at the right end against the incomplete beta, and
      // replaced by it where the check fails or F_j is small (its relative error matters in ln G)
      const lr = Math.log(rj)
      for (let k = 0; k <= N_MAX; k++)
        density[k] = Math.exp(aj * ((lnX[k] as number) + lr) + (bj - 1) * Math.log1p(-(xs[k] as number) * rj) - lnBj)
      const left = betaCdf((xs[N_MAX] as number) * rj, aj, bj, lnBj)
      let right = 0
      for (let l = 0; l <= N_MAX; l++) right += (INTEGRATE[l] as number) * (density[l] as number)
      right = left + half * right
      const direct = betaCdf((xs[0] as number) * rj, aj, bj, lnBj)
      const spectral = Math.abs(right - direct) <= SPECTRAL_TOLERANCE
      for (let k = 0; k <= N_MAX; k++) {
        let F: number
        if (k === 0) F = direct
        else if (k === N_MAX) F = left
        else {
          F = Number.NaN
          if (spectral) {
            let acc = 0
            const row = k * (N_MAX + 1)
            for (let l = 0; l <= N_MAX; l++) acc += (CUMULATIVE[row + l] as number) * (density[l] as number)
            F = left + half * acc
          }
          if (!(F >= SPECTRAL_FLOOR)) F = betaCdf((xs[k] as number) * rj, aj, bj, lnBj)
        }
        if (uj > 0) F = mixed(F, uj, (xs[k] as number) * rj)
        values[k] = (values[k] as number) + (F > 0 ? Math.log(F) : LOG_FLOOR)
      }
    }
    for (let k = 0; k <= N_MAX; k++) if ((values[k] as number) < LOG_FLOOR) values[k] = LOG_FLOOR
    const c = coefficients(values, N_MAX)
    const n = N_MAX
    const tail = Math.max(Math.abs(c[n] as number), Math.abs(c[n - 1] as number), Math.abs(c[n - 2] as number))
    // what matters is the error of G itself: where G stays below 1e-2 the tolerance on ln G grows
    // as G shrinks (an absolute error of G of at most 1e-10 there), up to 0.1
    let top = LOG_FLOOR
    for (let k = 0; k <= N_MAX; k++) if ((values[k] as number) > top) top = values[k] as number
    const tolerance = Math.min(0.1, LOG_TOLERANCE * Math.max(1, 0.01 / Math.exp(top)))
    return tail <= tolerance ? c : undefined
  }
  const budget = { n: 2000 }
  let total = 0
  let fits = 0
  // pieces between kinks, split in halves (in ln x) until each is fitted
  const work: Array<number> = []
  for (let p = pieces.length - 2; p >= 0; p--)
    work.push(Math.log(pieces[p] as number), Math.log(pieces[p + 1] as number))
  while (work.length > 0) {
    const lb = work.pop() as number
    const la = work.pop() as number
    if (++fits > MAX_FITS) return undefined
    const c = fit(la, lb)
    if (c === undefined) {
      const m = (la + lb) / 2
      work.push(m, lb, la, m)
      continue
    }
    const mid = (la + lb) / 2
    const half = (lb - la) / 2
    const part = integrate(
      (x) => {
        const lx = Math.log(x)
        const g = clenshaw(c, (lx - mid) / half)
        const beta_ = Math.exp((alpha - 1) * lx + (beta - 1) * Math.log1p(-x) - lnB + g)
        return mine > 0 ? (1 - mine) * beta_ + mine * Math.exp(g) : beta_
      },
      Math.exp(la),
      Math.exp(lb),
      OUTER_TOLERANCE,
      budget
    )
    if (part === undefined) return undefined
    total += part
  }
  if (end < U) {
    // the tail [end, U]: weight × Π over the rivals of (1 − u_j) + u_j·min(1, max(x·r_j, a_j)), split
    // where a factor reaches 1
    const tailCuts: Array<number> = [end, U]
    for (let k = 0; k < m; k++) {
      const x = 1 / (ratio[k] as number)
      if (x > end && x < U) tailCuts.push(x)
    }
    tailCuts.sort((x, y) => x - y)
    const cheap = (x: number): number => {
      let g = 1
      for (let k = 0; k < m; k++) {
        const u = ru[k] as number
        if (u > 0) g *= 1 - u + u * Math.min(1, Math.max(x * (ratio[k] as number), floor[k] as number))
      }
      const lx = Math.log(x)
      const f = Math.exp((alpha - 1) * lx + (beta - 1) * Math.log1p(-x) - lnB)
      return ((1 - mine) * f + mine) * g
    }
    for (let k = 0; k + 1 < tailCuts.length; k++) {
      const a = tailCuts[k] as number
      const b = tailCuts[k + 1] as number
      if (!(b > a)) continue
      const part = integrate(cheap, a, b, OUTER_TOLERANCE, budget)
      if (part === undefined) return undefined
      total += part
    }
  }
  return Math.min(1, Math.max(0, constant * total))
}
