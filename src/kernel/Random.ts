/**
 * A pure, seeded pseudo-random number generator (xoshiro128**, seeded by splitmix32).
 *
 * An `Rng` is an immutable value: every draw returns the drawn number together with the next
 * generator, so randomness is threaded explicitly and the same seed always gives the same stream.
 * `split` derives an independent child stream (for one decision, one model, one replica) without
 * advancing the parent in a way that correlates the two.
 *
 * Laws:
 * - Determinism: `nextU32(fromSeed(s))` is the same value for the same `s`, on every platform.
 * - Purity: no draw mutates its argument.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The state of the generator: four 32-bit words, never all zero.
 *
 * @category model
 * @since 0.1.0
 */
export interface Rng {
  readonly _tag: "Rng"
  readonly s0: number
  readonly s1: number
  readonly s2: number
  readonly s3: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const make = (s0: number, s1: number, s2: number, s3: number): Rng => ({ _tag: "Rng", s0, s1, s2, s3 })

const splitmix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * A 32-bit FNV-1a hash of a string, followed by a final avalanche: used to turn decision ids,
 * subject ids and other strings into seeds and stable buckets.
 *
 * @category utils
 * @since 0.1.0
 */
export const hashString = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return splitmix32(h)
}

/**
 * A generator from a seed: an integer (any finite number; its low 32 bits and high bits are both
 * used) or a string such as a decision id.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromSeed = (seed: number | string): Rng => {
  let x: number
  if (typeof seed === "string") {
    x = hashString(seed)
  } else {
    const n = Number.isFinite(seed) ? Math.trunc(seed) : 0
    x = (n | 0) ^ Math.imul(Math.floor(n / 4294967296) | 0, 0x27d4eb2d)
  }
  const s0 = splitmix32(x)
  const s1 = splitmix32(s0 ^ 0x6a09e667)
  const s2 = splitmix32(s1 ^ 0xbb67ae85)
  const s3 = splitmix32(s2 ^ 0x3c6ef372)
  return (s0 | s1 | s2 | s3) === 0 ? make(1, 2, 3, 4) : make(s0, s1, s2, s3)
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/**
 * The next unsigned 32-bit integer and the next generator.
 *
 * @category operations
 * @since 0.1.0
 */
export const nextU32 = (rng: Rng): readonly [number, Rng] => {
  const { s0, s1, s2, s3 } = rng
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
  const t = s1 << 9
  let n2 = s2 ^ s0
  let n3 = s3 ^ s1
  const n1 = s1 ^ n2
  const n0 = s0 ^ n3
  n2 ^= t
  n3 = rotl(n3, 11)
  return [result, make(n0, n1, n2, n3)]
}

/**
 * A uniform double in [0, 1) with 53 random bits, and the next generator.
 *
 * @category operations
 * @since 0.1.0
 */
export const nextDouble = (rng: Rng): readonly [number, Rng] => {
  const [a, r1] = nextU32(rng)
  const [b, r2] = nextU32(r1)
  return [((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992, r2]
}

/**
 * A uniform double in the open interval (0, 1): never exactly 0, for logarithms.
 *
 * @category operations
 * @since 0.1.0
 */
export const nextOpenDouble = (rng: Rng): readonly [number, Rng] => {
  const [u, next] = nextDouble(rng)
  return [u === 0 ? 1 / 9007199254740992 : u, next]
}

/**
 * A uniform integer in [0, n) without modulo bias, for 1 ≤ n ≤ 2^32.
 *
 * @category operations
 * @since 0.1.0
 */
export const nextInt = (rng: Rng, n: number): readonly [number, Rng] => {
  const bound = Math.max(1, Math.floor(n))
  const limit = 4294967296 - (4294967296 % bound)
  let current = rng
  for (;;) {
    const [x, next] = nextU32(current)
    current = next
    if (x < limit) return [x % bound, current]
  }
}

/**
 * Two independent generators from one: the first continues this stream's family, the second is
 * a fresh stream seeded from two draws. Use it to give each decision, model or replica its own
 * stream.
 *
 * @category operations
 * @since 0.1.0
 */
export const split = (rng: Rng): readonly [Rng, Rng] => {
  const [a, r1] = nextU32(rng)
  const [b, r2] = nextU32(r1)
  const child = fromSeed(a ^ Math.imul(b, 0x9e3779b1))
  return [r2, make(child.s0 ^ b, child.s1, child.s2 ^ a, child.s3)]
}

/**
 * A generator derived from this one and a label (an action id, a model key): the same label
 * always gives the same stream, different labels give unrelated streams, and the parent is not
 * advanced.
 *
 * @category operations
 * @since 0.1.0
 */
export const derive = (rng: Rng, label: string): Rng => {
  const h = hashString(label)
  const s0 = splitmix32(rng.s0 ^ h)
  const s1 = splitmix32(rng.s1 ^ s0)
  const s2 = splitmix32(rng.s2 ^ s1)
  const s3 = splitmix32(rng.s3 ^ s2)
  return (s0 | s1 | s2 | s3) === 0 ? make(1, 2, 3, 4) : make(s0, s1, s2, s3)
}
