/**
 * A pure, seeded pseudo-random number generator (xoshiro128**, its 128-bit state set from the whole seed).
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
 * A 32-bit FNV-1a hash of a string, followed by a final avalanche: stable buckets (control group,
 * sampling) and the pending buffer's trie. Not what seeds a generator: `fromSeed` and `derive` hash
 * strings to the generator's full 128-bit state.
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

const rotl32 = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/** murmur3's 32-bit finaliser: a bijection of 32-bit words */
const fmix32 = (x: number): number => {
  let h = x
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) | 0
}

/**
 * A generator whose state is a bijective mix of four 32-bit words (murmur3's 128-bit
 * finalisation): distinct words give distinct states.
 */
const fromWords = (w0: number, w1: number, w2: number, w3: number): Rng => {
  let a = w0 | 0
  let b = w1 | 0
  let c = w2 | 0
  let d = w3 | 0
  a = (a + b + c + d) | 0
  b = (b + a) | 0
  c = (c + a) | 0
  d = (d + a) | 0
  a = fmix32(a)
  b = fmix32(b)
  c = fmix32(c)
  d = fmix32(d)
  a = (a + b + c + d) | 0
  b = (b + a) | 0
  c = (c + a) | 0
  d = (d + a) | 0
  return (a | b | c | d) === 0 ? make(1, 2, 3, 4) : make(a >>> 0, b >>> 0, c >>> 0, d >>> 0)
}

/**
 * A 128-bit hash of a string, as four 32-bit words: four multiplicative lanes with different
 * constants over the UTF-16 code units, then the length and a cross-lane avalanche. Used for seeds
 * and labels, so that distinct strings give distinct generator states far beyond the 32-bit
 * birthday bound (2^64 strings for a collision).
 */
const hash128 = (text: string): readonly [number, number, number, number] => {
  let a = 0x811c9dc5
  let b = 0x6a09e667
  let c = 0xbb67ae85
  let d = 0x3c6ef372
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    a = Math.imul(a ^ ch, 0x01000193)
    b = Math.imul(rotl32(b ^ ch, 5), 0x85ebca6b)
    c = rotl32(Math.imul(c ^ ch, 0xc2b2ae35), 13)
    d = Math.imul(rotl32(d, 9) ^ ch, 0x27d4eb2f)
  }
  const n = text.length
  return [a ^ n, b ^ Math.imul(n, 0x9e3779b1), c, d ^ 0x5bd1e995]
}

// scratch for reading a double's bits (little-endian, whatever the platform): local, never observable
const scratch = new DataView(new ArrayBuffer(8))

/**
 * A generator from a seed: a number or a string such as a decision id. The whole seed determines
 * the 128-bit state: a number by all 64 bits of its IEEE-754 representation (so 0.25, −0.5, 2^85
 * and 1e300 each give their own stream; −0 is 0, and a non-finite number, which request decoding
 * refuses, is taken as 0), a string by a 128-bit hash of its UTF-16 code units. Equal seeds give
 * equal streams; distinct numbers give distinct streams, and distinct strings collide only with
 * probability about n²/2^129 among n strings.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromSeed = (seed: number | string): Rng => {
  if (typeof seed === "string") {
    const [a, b, c, d] = hash128(seed)
    return fromWords(a, b, c, d)
  }
  scratch.setFloat64(0, Number.isFinite(seed) && seed !== 0 ? seed : 0, true)
  return fromWords(scratch.getUint32(0, true), scratch.getUint32(4, true), 0x243f6a88, 0x13198a2e)
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
 * always gives the same stream, different labels give unrelated streams (the label is hashed to
 * 128 bits, like a string seed), and the parent is not advanced.
 *
 * @category operations
 * @since 0.1.0
 */
export const derive = (rng: Rng, label: string): Rng => {
  let h = labelWords.get(label)
  if (h === undefined) {
    h = hash128(label)
    if (labelWords.size >= LABELS) labelWords.clear()
    labelWords.set(label, h)
  }
  // one round of the state through the bijective mix, then the label's hash, then another
  let m = lastMix
  if (m === undefined || rng.s0 !== last0 || rng.s1 !== last1 || rng.s2 !== last2 || rng.s3 !== last3) {
    m = fromWords(rng.s0, rng.s1, rng.s2, rng.s3)
    last0 = rng.s0
    last1 = rng.s1
    last2 = rng.s2
    last3 = rng.s3
    lastMix = m
  }
  return fromWords(m.s0 ^ h[0], m.s1 ^ h[1], m.s2 ^ h[2], m.s3 ^ h[3])
}

// Unobservable caches of `derive` (a decision derives a stream per candidate from one parent, with
// the same labels every time): the hashes of the labels seen last (at most LABELS, then forgotten
// all at once) and the mix of the last parent's state.
const LABELS = 4096
const labelWords = new Map<string, readonly [number, number, number, number]>()
let last0 = 0
let last1 = 0
let last2 = 0
let last3 = 0
let lastMix: Rng | undefined
