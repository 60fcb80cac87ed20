/**
 * Internal: the small dense linear algebra of the linear learners — a Cholesky factor with jitter,
 * triangular solves, on packed symmetric matrices in flat `Float64Array`s.
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
