/**
 * Sampling from continuous distributions on the pure generator of `Random`: normal, gamma and
 * beta draws, each `(rng, ...parameters) → [x, nextRng]`.
 *
 * - `normal` uses the Box–Muller transform (two uniforms per draw, nothing cached).
 * - `gamma` uses Marsaglia and Tsang's squeeze method (2000); for shape < 1 it boosts the shape by
 *   one and multiplies by `U^(1/shape)`, computed in log space so tiny shapes do not underflow.
 * - `beta` is `X / (X + Y)` for independent gammas `X ~ Gamma(a)`, `Y ~ Gamma(b)`, computed as a
 *   logistic of the log-ratio so that it stays in [0, 1] for every positive shape.
 *
 * Laws:
 * - Determinism: the same rng and parameters give the same draw and the same next rng.
 * - Purity: no draw mutates its argument; every draw consumes words of the same xoshiro128**
 *   stream as `Random.nextU32`, in order.
 * - Degenerate limits instead of exceptions: a shape of 0 gives the limit of the distribution
 *   (`gamma` → 0; `beta(0, b)` → 0, `beta(a, 0)` → 1, `beta(0, 0)` → 0.5); a non-finite or
 *   negative parameter gives `NaN`.
 *
 * @since 0.1.0
 */
import type { Rng } from "./Random.js"

// -------------------------------------------------------------------------------------
// internal: a local, mutable copy of the generator (never observable from outside)
// -------------------------------------------------------------------------------------

interface Cursor {
  s0: number
  s1: number
  s2: number
  s3: number
}

const open = (rng: Rng): Cursor => ({ s0: rng.s0, s1: rng.s1, s2: rng.s2, s3: rng.s3 })

const close = (c: Cursor): Rng => ({ _tag: "Rng", s0: c.s0, s1: c.s1, s2: c.s2, s3: c.s3 })

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/** the same step as `Random.nextU32`, in place */
const u32 = (c: Cursor): number => {
  const s0 = c.s0
  const s1 = c.s1
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
  const t = s1 << 9
  let n2 = c.s2 ^ s0
  const n3 = c.s3 ^ s1
  c.s1 = s1 ^ n2
  c.s0 = s0 ^ n3
  n2 ^= t
  c.s2 = n2
  c.s3 = rotl(n3, 11)
  return result
}

/** the same value as `Random.nextOpenDouble`: uniform in (0, 1) */
const uniformOpen = (c: Cursor): number => {
  const a = u32(c)
  const b = u32(c)
  const u = ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992
  return u === 0 ? 1 / 9007199254740992 : u
}

const TWO_PI = 2 * Math.PI

const standardNormal = (c: Cursor): number => {
  const u1 = uniformOpen(c)
  const u2 = uniformOpen(c)
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2)
}

/** ln of a Gamma(shape, 1) draw, shape > 0 */
const logGammaDraw = (c: Cursor, shape: number): number => {
  if (shape < 1) {
    // boost: Gamma(a) = Gamma(a + 1) · U^(1/a)
    const boosted = logGammaDraw(c, shape + 1)
    return boosted + Math.log(uniformOpen(c)) / shape
  }
  const d = shape - 1 / 3
  const k = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = standardNormal(c)
      v = 1 + k * x
    } while (v <= 0)
    v = v * v * v
    const u = uniformOpen(c)
    const x2 = x * x
    if (u < 1 - 0.0331 * x2 * x2) return Math.log(d * v)
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return Math.log(d * v)
  }
}

const badParameter = (x: number): boolean => !Number.isFinite(x) || x < 0

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * A uniform draw in the open interval (lo, hi), and the next generator.
 *
 * @category operations
 * @since 0.1.0
 */
export const uniform = (rng: Rng, lo = 0, hi = 1): readonly [number, Rng] => {
  const c = open(rng)
  const u = uniformOpen(c)
  return [lo + (hi - lo) * u, close(c)]
}

/**
 * A normal draw with the given mean and standard deviation (Box–Muller), and the next generator.
 *
 * @example
 * import { Distributions, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const [x, next] = Distributions.normal(Random.fromSeed(7), 10, 2)
 * assert.ok(Number.isFinite(x))
 * assert.deepStrictEqual(Distributions.normal(Random.fromSeed(7), 10, 2)[0], x)
 * assert.notDeepStrictEqual(next, Random.fromSeed(7))
 *
 * @category operations
 * @since 0.1.0
 */
export const normal = (rng: Rng, mean = 0, sd = 1): readonly [number, Rng] => {
  if (!Number.isFinite(mean) || badParameter(sd)) return [NaN, rng]
  // `standardNormal` with the generator's state in locals rather than a cursor (which the engine
  // does not always elide: a third of the cost of a draw): the same four words of the stream, the
  // same arithmetic, the same value and next generator
  let s0 = rng.s0
  let s1 = rng.s1
  let s2 = rng.s2
  let s3 = rng.s3
  let high = 0
  let u1 = 0
  let u2 = 0
  for (let w = 0; w < 4; w++) {
    const word = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    const n2 = s2 ^ s0
    const n3 = s3 ^ s1
    s1 ^= n2
    s0 ^= n3
    s2 = n2 ^ t
    s3 = rotl(n3, 11)
    if (w === 0 || w === 2) high = word >>> 5
    else {
      // uniform in (0, 1): never exactly 0, for the logarithm
      const u = (high * 67108864 + (word >>> 6)) / 9007199254740992 || 1 / 9007199254740992
      if (w === 1) u1 = u
      else u2 = u
    }
  }
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2)
  return [mean + sd * z, { _tag: "Rng", s0, s1, s2, s3 }]
}

/**
 * A gamma draw with the given shape and scale (Marsaglia–Tsang; boosted for shape < 1), and the
 * next generator. Mean `shape·scale`, variance `shape·scale²`.
 *
 * @example
 * import { Distributions, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const [x] = Distributions.gamma(Random.fromSeed(1), 0.5)
 * assert.ok(x > 0)
 * assert.strictEqual(Distributions.gamma(Random.fromSeed(1), 0)[0], 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const gamma = (rng: Rng, shape: number, scale = 1): readonly [number, Rng] => {
  if (badParameter(shape) || badParameter(scale)) return [NaN, rng]
  if (shape === 0 || scale === 0) return [0, rng]
  const c = open(rng)
  const lg = logGammaDraw(c, shape)
  return [Math.exp(lg) * scale, close(c)]
}

/**
 * A beta draw with shapes `a` and `b` (a ratio of two gammas, computed in log space), and the next
 * generator. Mean `a / (a + b)`.
 *
 * @example
 * import { Distributions, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const [p] = Distributions.beta(Random.fromSeed("decision-42"), 3, 30)
 * assert.ok(p > 0 && p < 1)
 * assert.strictEqual(Distributions.beta(Random.fromSeed(0), 0, 5)[0], 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const beta = (rng: Rng, a: number, b: number): readonly [number, Rng] => {
  if (badParameter(a) || badParameter(b)) return [NaN, rng]
  if (a === 0) return [b === 0 ? 0.5 : 0, rng]
  if (b === 0) return [1, rng]
  const c = open(rng)
  const x = logGammaDraw(c, a)
  const y = logGammaDraw(c, b)
  return [1 / (1 + Math.exp(y - x)), close(c)]
}
