/**
 * Feature hashing (the "hashing trick" of Vowpal Wabbit): a profile of any width — a thousand
 * attributes, symbols never seen before — is mapped to indices of a fixed space of `2^bits`
 * weights, without a dictionary to store, grow or agree on between replicas.
 *
 * The hash, fixed for every release (pinned by test/learners/FeatureHashing.test.ts — a snapshot
 * learned today must read the same weights tomorrow):
 * - **MurmurHash3, x86 32-bit** (Austin Appleby's public-domain `MurmurHash3_x86_32`), with a
 *   32-bit `seed`, over the **UTF-8 bytes** of the feature's text (as `TextEncoder` encodes it: a
 *   lone surrogate is U+FFFD). `murmur3("", 1)` is `0x514e28b7`, `murmur3("Hello, world!",
 *   0x9747b28c)` is `0x24884cba` — the reference implementation's figures.
 * - The feature's text: a string value `v` of feature `name` is the text `name=v` with value 1; a
 *   boolean is `name=true` or `name=false` with value 1; a finite number `x` is the text `name`
 *   with value `x`. `null`, `undefined`, `NaN` and `±Infinity` are missing: no feature at all (a
 *   zero contributes nothing either).
 * - The index is the hash's low `bits` bits, `h mod 2^bits` (1 ≤ bits ≤ 30). With `signed`, the
 *   value is multiplied by −1 when the hash's top bit (bit 31, never an index bit) is set, so that
 *   colliding features cancel on average instead of adding up (Weinberger et al. 2009).
 *
 * Laws: `murmur3` is a pure function of the UTF-8 bytes and the seed (`murmur3(a + b)` does not
 * depend on how the text is split into parts: `murmur3Parts([a, b])` equals it); `index` lies in
 * `[0, 2^bits)`; a feature's index and sign depend only on its text, the seed and `bits`.
 *
 * @since 0.1.0
 */
import { misuse } from "../kernel/internal/misuse.js"
import type { FeatureValue, Features } from "./Learner.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How features are hashed: the size of the index space (`2^bits`), the hash seed, and whether
 * values are signed by the hash.
 *
 * @category model
 * @since 0.1.0
 */
export interface Hashing {
  /** the index space has `2^bits` slots, 1 ≤ bits ≤ 30 */
  readonly bits: number
  /** the MurmurHash3 seed, a 32-bit unsigned integer */
  readonly seed: number
  /** multiply a value by ±1 from the hash's top bit */
  readonly signed: boolean
}

/**
 * One hashed feature: its index in `[0, 2^bits)` and its value (signed when the hashing is).
 *
 * @category model
 * @since 0.1.0
 */
export interface HashedFeature {
  readonly index: number
  readonly value: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A hashing configuration, checked: `bits` defaults to 18 (VW's default), `seed` to 0, `signed` to
 * false. Throws on a `bits` outside 1–30 or a seed that is not a 32-bit unsigned integer.
 *
 * @example
 * import * as assert from "node:assert"
 * import { FeatureHashing } from "nextbest"
 *
 * assert.deepStrictEqual(FeatureHashing.hashing({ bits: 12 }), { bits: 12, seed: 0, signed: false })
 *
 * @category constructors
 * @since 0.1.0
 */
export const hashing = (config: Partial<Hashing> = {}, api = "FeatureHashing.hashing"): Hashing => {
  const bits = config.bits ?? 18
  const seed = config.seed ?? 0
  const signed = config.signed ?? false
  if (!Number.isInteger(bits) || bits < 1 || bits > 30) misuse(api, "bits must be a whole number from 1 to 30")
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    misuse(api, "seed must be a 32-bit unsigned integer (0 to 4294967295)")
  if (typeof signed !== "boolean") misuse(api, "signed must be a boolean")
  return { bits, seed, signed }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of the concatenated parts, as an unsigned 32-bit
 * integer; no string is built.
 *
 * @example
 * import * as assert from "node:assert"
 * import { FeatureHashing } from "nextbest"
 *
 * const parts = FeatureHashing.murmur3Parts(["subject.job", "=", "admin."], 0)
 * assert.strictEqual(parts, FeatureHashing.murmur3("subject.job=admin.", 0))
 *
 * @category operations
 * @since 0.1.0
 */
export const murmur3Parts = (parts: ReadonlyArray<string>, seed: number): number => {
  let h = seed | 0
  let k = 0 // the bytes of the block being filled, little-endian
  let filled = 0 // how many of its 4 bytes
  let length = 0
  const push = (byte: number): void => {
    k |= byte << (filled << 3)
    filled++
    if (filled === 4) {
      k = Math.imul(k, C1)
      k = (k << 15) | (k >>> 17)
      k = Math.imul(k, C2)
      h ^= k
      h = (h << 13) | (h >>> 19)
      h = (Math.imul(h, 5) + 0xe6546b64) | 0
      k = 0
      filled = 0
    }
    length++
  }
  const push3 = (c: number): void => {
    push(0xe0 | (c >> 12))
    push(0x80 | ((c >> 6) & 0x3f))
    push(0x80 | (c & 0x3f))
  }
  // a high surrogate waiting for its low half, which may start the next part (0: none)
  let high = 0
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i)
      if (high !== 0) {
        if (c >= 0xdc00 && c <= 0xdfff) {
          const cp = 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00)
          high = 0
          push(0xf0 | (cp >> 18))
          push(0x80 | ((cp >> 12) & 0x3f))
          push(0x80 | ((cp >> 6) & 0x3f))
          push(0x80 | (cp & 0x3f))
          continue
        }
        high = 0
        push3(0xfffd) // a lone high surrogate, as TextEncoder writes it
      }
      if (c < 0x80) push(c)
      else if (c < 0x800) {
        push(0xc0 | (c >> 6))
        push(0x80 | (c & 0x3f))
      } else if (c >= 0xd800 && c <= 0xdbff) high = c
      else if (c >= 0xdc00 && c <= 0xdfff)
        push3(0xfffd) // a lone low surrogate
      else push3(c)
    }
  }
  if (high !== 0) push3(0xfffd)
  if (filled > 0) {
    k = Math.imul(k, C1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, C2)
    h ^= k
  }
  h ^= length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `text`, as an unsigned 32-bit integer.
 *
 * @example
 * import * as assert from "node:assert"
 * import { FeatureHashing } from "nextbest"
 *
 * assert.strictEqual(FeatureHashing.murmur3("", 1), 0x514e28b7)
 * assert.strictEqual(FeatureHashing.murmur3("Hello, world!", 0x9747b28c), 0x24884cba)
 *
 * @category operations
 * @since 0.1.0
 */
export const murmur3 = (text: string, seed = 0): number => murmur3Parts([text], seed)

/**
 * The hashed feature of one named value, or `undefined` when the value is missing or zero (see
 * the module header for the text that is hashed).
 *
 * @example
 * import * as assert from "node:assert"
 * import { FeatureHashing } from "nextbest"
 *
 * const h = FeatureHashing.hashing({ bits: 18 })
 * const job = FeatureHashing.hashFeature(h, "subject.job", "admin.")
 * assert.strictEqual(job?.index, FeatureHashing.murmur3("subject.job=admin.") % 2 ** 18)
 * assert.strictEqual(job?.value, 1)
 * assert.strictEqual(FeatureHashing.hashFeature(h, "subject.age", 41)?.value, 41)
 * assert.strictEqual(FeatureHashing.hashFeature(h, "subject.age", null), undefined)
 *
 * @category operations
 * @since 0.1.0
 */
export const hashFeature = (h: Hashing, name: string, value: FeatureValue | undefined): HashedFeature | undefined => {
  let hash: number
  let x: number
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value === 0) return undefined
    hash = murmur3Parts([name], h.seed)
    x = value
  } else if (typeof value === "string") {
    hash = murmur3Parts([name, "=", value], h.seed)
    x = 1
  } else if (typeof value === "boolean") {
    hash = murmur3Parts([name, value ? "=true" : "=false"], h.seed)
    x = 1
  } else return undefined
  const index = hash & ((1 << h.bits) - 1)
  return { index: index >>> 0, value: h.signed && hash >>> 31 === 1 ? -x : x }
}

/**
 * Every present feature of a profile, hashed, in the order of the record's keys (features that
 * share an index are not added up here; a learner adds them).
 *
 * @example
 * import * as assert from "node:assert"
 * import { FeatureHashing } from "nextbest"
 *
 * const h = FeatureHashing.hashing({ bits: 10, signed: true })
 * const hashed = FeatureHashing.hashFeatures(h, { "subject.age": 41, "subject.job": "admin.", "subject.loan": null })
 * assert.strictEqual(hashed.length, 2)
 * assert.ok(hashed.every((f) => f.index >= 0 && f.index < 1024))
 *
 * @category operations
 * @since 0.1.0
 */
export const hashFeatures = (h: Hashing, features: Features): ReadonlyArray<HashedFeature> => {
  const out: Array<HashedFeature> = []
  for (const name of Object.keys(features)) {
    const f = hashFeature(h, name, features[name])
    if (f !== undefined) out.push(f)
  }
  return out
}
