/**
 * Internal: the small dense linear algebra of the linear learners — a Cholesky factor with jitter,
 * triangular solves, on packed symmetric matrices in flat `Float64Array`s; and the scoring kernel
 * of the linear bandits, x·μ and ‖L⁻¹x‖² over L⁻¹ stored in the order it is read
 * (`blockedLower`, `blockedMeanAndNorm`).
 *
 * Storage: a symmetric d × d matrix is packed as its upper triangle, row by row — entry (i, j)
 * with i ≤ j at `i·d − i·(i − 1)/2 + (j − i)` (`packedIndex`), d(d + 1)/2 numbers. A Cholesky
 * factor L (lower triangular, `A = L·Lᵀ`) is stored full, row-major, d × d.
 *
 * Behaviour on a matrix that is not (numerically) positive definite: `cholesky` first tries the
 * matrix as given; when a pivot is not finite or keeps less than 1e-12 of its diagonal entry (the
 * column is, to rounding, a combination of the earlier ones) it adds a jitter `δ·I` to the diagonal,
 * starting at `δ = 1e-10 × max(1, largest diagonal entry)` and multiplying it by 10 up to 10 times
 * (at most 1e-1 of the scale), and reports the jitter it used. A matrix with a non-finite entry,
 * or one that no jitter in that range repairs, has no factor (`undefined`): the caller states
 * what it does then.
 *
 * @internal
 * @since 0.1.0
 */
import { vectorOf } from "./linearFeatures.js"

/**
 * The position of entry (i, j), i ≤ j, of a packed symmetric d × d matrix.
 *
 * @example
 * import * as assert from "node:assert"
 * import { packedIndex } from "./linalg.js"
 *
 * // a 3 × 3 matrix: (0,0) (0,1) (0,2) (1,1) (1,2) (2,2)
 * assert.deepStrictEqual([packedIndex(3, 0, 2), packedIndex(3, 1, 1), packedIndex(3, 2, 2)], [2, 3, 5])
 *
 * @since 0.1.0
 */
export const packedIndex = (d: number, i: number, j: number): number => i * d - (i * (i - 1)) / 2 + (j - i)

/**
 * The number of entries of a packed symmetric d × d matrix: d(d + 1)/2.
 *
 * @since 0.1.0
 */
export const packedLength = (d: number): number => (d * (d + 1)) / 2

/**
 * A Cholesky factor and the jitter that was added to the diagonal to obtain it (0 when none).
 *
 * @since 0.1.0
 */
export interface Factor {
  /** lower triangular, row-major d × d */
  readonly lower: Float64Array
  readonly jitter: number
}

const tryFactor = (a: Float64Array, d: number, jitter: number, l: Float64Array): boolean => {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[packedIndex(d, j, i)] as number
      if (i === j) sum += jitter
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] as number) * (l[j * d + k] as number)
      if (i === j) {
        // a pivot that keeps less than 1e-12 of its diagonal entry is rounding noise: not positive definite
        if (!(sum > 1e-12 * ((a[packedIndex(d, i, i)] as number) + jitter)) || !Number.isFinite(sum)) return false
        l[i * d + i] = Math.sqrt(sum)
      } else {
        l[i * d + j] = sum / (l[j * d + j] as number)
      }
    }
  }
  return true
}

/**
 * The Cholesky factor of a packed symmetric matrix, with jitter when it is not numerically
 * positive definite (see the module header); `undefined` when none could be found.
 *
 * @example
 * import * as assert from "node:assert"
 * import { cholesky } from "./linalg.js"
 *
 * // [[4, 2], [2, 5]] = L·Lᵀ with L = [[2, 0], [1, 2]]
 * const f = cholesky(Float64Array.of(4, 2, 5), 2)
 * assert.deepStrictEqual(Array.from(f?.lower ?? []), [2, 0, 1, 2])
 * assert.strictEqual(f?.jitter, 0)
 * // rank deficient: [[1, 1], [1, 1]] is factored with a jitter
 * assert.ok((cholesky(Float64Array.of(1, 1, 1), 2)?.jitter ?? 0) > 0)
 *
 * @since 0.1.0
 */
export const cholesky = (a: Float64Array, d: number): Factor | undefined => {
  let scale = 1
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] as number)) return undefined
  for (let i = 0; i < d; i++) scale = Math.max(scale, a[packedIndex(d, i, i)] as number)
  const l = new Float64Array(d * d)
  if (tryFactor(a, d, 0, l)) return { lower: l, jitter: 0 }
  let jitter = 1e-10 * scale
  for (let attempt = 0; attempt < 10; attempt++) {
    l.fill(0)
    if (tryFactor(a, d, jitter, l)) return { lower: l, jitter }
    jitter *= 10
  }
  return undefined
}

/**
 * Solves `L·w = x` for w (forward substitution) into `out`.
 *
 * @since 0.1.0
 */
export const solveLower = (l: Float64Array, d: number, x: ArrayLike<number>, out: Float64Array): Float64Array => {
  for (let i = 0; i < d; i++) {
    let sum = x[i] as number
    const row = i * d
    for (let k = 0; k < i; k++) sum -= (l[row + k] as number) * (out[k] as number)
    out[i] = sum / (l[row + i] as number)
  }
  return out
}

/**
 * Solves `Lᵀ·w = x` for w (back substitution) into `out`.
 *
 * @since 0.1.0
 */
export const solveUpper = (l: Float64Array, d: number, x: ArrayLike<number>, out: Float64Array): Float64Array => {
  for (let i = d - 1; i >= 0; i--) {
    let sum = x[i] as number
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] as number) * (out[k] as number)
    out[i] = sum / (l[i * d + i] as number)
  }
  return out
}

/**
 * Solves `A·w = b` given A's Cholesky factor L: `L·y = b`, then `Lᵀ·w = y`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { cholesky, solve } from "./linalg.js"
 *
 * const f = cholesky(Float64Array.of(4, 2, 5), 2)
 * // [[4, 2], [2, 5]]·[1, 2] = [8, 12]
 * assert.deepStrictEqual(Array.from(solve(f?.lower ?? new Float64Array(4), 2, [8, 12])), [1, 2])
 *
 * @since 0.1.0
 */
export const solve = (l: Float64Array, d: number, b: ArrayLike<number>): Float64Array => {
  const y = solveLower(l, d, b, new Float64Array(d))
  return solveUpper(l, d, y, new Float64Array(d))
}

/**
 * A lower triangle packed by rows (entry (i, k), k ≤ i, at `i(i + 1)/2 + k`), rewritten in the
 * order in which `blockedMeanAndNorm` reads it, so that it reads one contiguous run: the first
 * d mod 4 rows as they are (at most three, the shortest), then the other rows in blocks of four
 * (i, i + 1, i + 2, i + 3): each block's columns below i − 1 in pairs — (k, k + 1) of row i, of row i + 1, of i + 2,
 * of i + 3 — then, when i is odd, column i − 1 of the four rows, then the block's last columns
 * (row i: i; row i + 1: i, i + 1; row i + 2: i … i + 2; row i + 3: i … i + 3).
 *
 * @since 0.1.0
 */
export const blockedLower = (rows: Float64Array, d: number): Array<number> => {
  const out = vectorOf(rows.length)
  const at = (i: number, k: number): number => rows[(i * (i + 1)) / 2 + k] as number
  let p = 0
  let i = 0
  for (; i < d % 4; i++) for (let k = 0; k <= i; k++) out[p++] = at(i, k)
  for (; i < d; i += 4) {
    let k = 0
    for (; k + 1 < i; k += 2)
      for (let r = 0; r < 4; r++) {
        out[p++] = at(i + r, k)
        out[p++] = at(i + r, k + 1)
      }
    if (k < i) for (let r = 0; r < 4; r++) out[p++] = at(i + r, k)
    for (let r = 0; r < 4; r++) for (let c = i; c <= i + r; c++) out[p++] = at(i + r, c)
  }
  return out
}

/**
 * x·μ and ‖L⁻¹x‖² of a vector x (μ the posterior mean, L⁻¹ in the blocked order of
 * `blockedLower`): x·μ is returned and ‖L⁻¹x‖² written to `norm[0]`. Row i of L⁻¹x is summed in
 * two interleaved halves (even and odd k), which breaks the chain of dependent additions (the
 * result differs from the plain row sum by rounding only). The first d mod 4 rows (the shortest)
 * are taken one by one, the others four at a time (i, i + 1, i + 2, i + 3), which share their
 * columns up to i − 1: each x[k] is read once for the four, and each row keeps its own two sums,
 * added to in the same order as alone. L⁻¹ is stored in this order of reading (`blockedLower`),
 * so one position walks it. x·μ and ‖L⁻¹x‖² add their terms in the order of the rows.
 *
 * @since 0.1.0
 */
export const blockedMeanAndNorm = (
  m: ReadonlyArray<number>,
  mu: ReadonlyArray<number>,
  x: ReadonlyArray<number>,
  norm: Array<number>
): number => {
  const d = x.length
  let mean = 0
  let q = 0
  let p = 0
  let i = 0
  for (; i < d % 4; i++) {
    mean += (x[i] as number) * (mu[i] as number)
    let r0 = 0
    let r1 = 0
    let k = 0
    for (; k < i; k += 2) {
      r0 += (m[p] as number) * (x[k] as number)
      r1 += (m[p + 1] as number) * (x[k + 1] as number)
      p += 2
    }
    if (k === i) r0 += (m[p++] as number) * (x[k] as number)
    const r = r0 + r1
    q += r * r
  }
  for (; i < d; i += 4) {
    const x0 = x[i] as number
    const x1 = x[i + 1] as number
    const x2 = x[i + 2] as number
    const x3 = x[i + 3] as number
    mean += x0 * (mu[i] as number)
    mean += x1 * (mu[i + 1] as number)
    mean += x2 * (mu[i + 2] as number)
    mean += x3 * (mu[i + 3] as number)
    let a0 = 0
    let a1 = 0
    let b0 = 0
    let b1 = 0
    let c0 = 0
    let c1 = 0
    let d0 = 0
    let d1 = 0
    let k = 0
    for (; k + 1 < i; k += 2) {
      const xe = x[k] as number
      const xo = x[k + 1] as number
      a0 += (m[p] as number) * xe
      a1 += (m[p + 1] as number) * xo
      b0 += (m[p + 2] as number) * xe
      b1 += (m[p + 3] as number) * xo
      c0 += (m[p + 4] as number) * xe
      c1 += (m[p + 5] as number) * xo
      d0 += (m[p + 6] as number) * xe
      d1 += (m[p + 7] as number) * xo
      p += 8
    }
    if (k < i) {
      // i odd: column i − 1 (even) of the four rows
      const xe = x[k] as number
      a0 += (m[p] as number) * xe
      b0 += (m[p + 1] as number) * xe
      c0 += (m[p + 2] as number) * xe
      d0 += (m[p + 3] as number) * xe
      p += 4
      // the columns i … i + 3, i odd: each row's last ones, to the sum of their parity
      a1 += (m[p] as number) * x0
      b1 += (m[p + 1] as number) * x0
      b0 += (m[p + 2] as number) * x1
      c1 += (m[p + 3] as number) * x0
      c0 += (m[p + 4] as number) * x1
      c1 += (m[p + 5] as number) * x2
      d1 += (m[p + 6] as number) * x0
      d0 += (m[p + 7] as number) * x1
      d1 += (m[p + 8] as number) * x2
      d0 += (m[p + 9] as number) * x3
    } else {
      // the columns i … i + 3, i even
      a0 += (m[p] as number) * x0
      b0 += (m[p + 1] as number) * x0
      b1 += (m[p + 2] as number) * x1
      c0 += (m[p + 3] as number) * x0
      c1 += (m[p + 4] as number) * x1
      c0 += (m[p + 5] as number) * x2
      d0 += (m[p + 6] as number) * x0
      d1 += (m[p + 7] as number) * x1
      d0 += (m[p + 8] as number) * x2
      d1 += (m[p + 9] as number) * x3
    }
    p += 10
    const r = a0 + a1
    q += r * r
    const t = b0 + b1
    q += t * t
    const u = c0 + c1
    q += u * u
    const w = d0 + d1
    q += w * w
  }
  norm[0] = q
  return mean
}
