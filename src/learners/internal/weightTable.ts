/**
 * Internal: the hashed weights of a logistic-regression state as flat arrays, and a working table
 * that finds, adds and updates them by index without allocating per response.
 *
 * A state keeps its weights as three aligned arrays sorted by index (`indices`, `means`,
 * `precisions`): canonical — equal sets of weights give equal arrays whatever order they were
 * learned in, so states compare and encode structurally. Lookups go through an open-addressing
 * table over those arrays (`Lookup`, built once per state and cached by the learner), learning
 * through a growable copy (`Working`) that is sorted back into a state's arrays at the end.
 *
 * @internal
 * @since 0.1.0
 */

/** the weights of a state: aligned arrays sorted by index (strictly increasing) */
export interface Weights {
  readonly indices: Int32Array
  readonly means: Float64Array
  readonly precisions: Float64Array
}

/** the table's slot of an index: a multiplicative mix of its bits */
const home = (index: number, mask: number): number => Math.imul(index, 0x9e3779b1) & mask

const capacityFor = (n: number): number => {
  let cap = 16
  while (cap < 2 * n) cap *= 2
  return cap
}

/**
 * Finds an index's position in a state's arrays: an open-addressing table (linear probing, load
 * at most 1/2) of positions + 1 (0: empty).
 */
export interface Lookup {
  readonly slots: Int32Array
  readonly mask: number
  readonly indices: Int32Array
}

/** builds the lookup table of a state's weights */
export const lookupOf = (w: Weights): Lookup => {
  const cap = capacityFor(w.indices.length)
  const mask = cap - 1
  const slots = new Int32Array(cap)
  for (let e = 0; e < w.indices.length; e++) {
    let s = home(w.indices[e] as number, mask)
    while (slots[s] !== 0) s = (s + 1) & mask
    slots[s] = e + 1
  }
  return { slots, mask, indices: w.indices }
}

/** the position of `index` in the arrays, or −1 */
export const find = (l: Lookup, index: number): number => {
  const { slots, mask, indices } = l
  let s = home(index, mask)
  for (;;) {
    const e = slots[s] as number
    if (e === 0) return -1
    if (indices[e - 1] === index) return e - 1
    s = (s + 1) & mask
  }
}

/**
 * A mutable copy of a state's weights for one learning pass: entries are appended as new indices
 * arrive (at the prior), and `finish` sorts them back by index.
 */
export interface Working {
  size: number
  indices: Int32Array
  means: Float64Array
  precisions: Float64Array
  slots: Int32Array
  mask: number
  /** whether an index was appended (the arrays are then no longer sorted) */
  appended: boolean
}

/** a working copy of `w` */
export const working = (w: Weights): Working => {
  const n = w.indices.length
  const room = Math.max(16, 2 * n)
  const indices = new Int32Array(room)
  indices.set(w.indices)
  const means = new Float64Array(room)
  means.set(w.means)
  const precisions = new Float64Array(room)
  precisions.set(w.precisions)
  const l = lookupOf(w)
  return { size: n, indices, means, precisions, slots: l.slots, mask: l.mask, appended: false }
}

const grow = (t: Working): void => {
  const room = t.indices.length * 2
  const indices = new Int32Array(room)
  indices.set(t.indices)
  const means = new Float64Array(room)
  means.set(t.means)
  const precisions = new Float64Array(room)
  precisions.set(t.precisions)
  t.indices = indices
  t.means = means
  t.precisions = precisions
}

const rehash = (t: Working): void => {
  const cap = t.slots.length * 2
  const mask = cap - 1
  const slots = new Int32Array(cap)
  for (let e = 0; e < t.size; e++) {
    let s = home(t.indices[e] as number, mask)
    while (slots[s] !== 0) s = (s + 1) & mask
    slots[s] = e + 1
  }
  t.slots = slots
  t.mask = mask
}

/** the position of `index`, appended at the prior (mean 0, precision `prior`) when absent */
export const entry = (t: Working, index: number, prior: number): number => {
  let s = home(index, t.mask)
  for (;;) {
    const e = t.slots[s] as number
    if (e === 0) break
    if (t.indices[e - 1] === index) return e - 1
    s = (s + 1) & t.mask
  }
  if (t.size === t.indices.length) grow(t)
  const e = t.size++
  t.indices[e] = index
  t.means[e] = 0
  t.precisions[e] = prior
  t.slots[s] = e + 1
  t.appended = true
  if (2 * t.size > t.slots.length) rehash(t)
  return e
}

/** the weights of a working copy, sorted by index, in arrays of their own */
export const finish = (t: Working): Weights => {
  const n = t.size
  if (!t.appended) {
    return { indices: t.indices.slice(0, n), means: t.means.slice(0, n), precisions: t.precisions.slice(0, n) }
  }
  const order = Array.from({ length: n }, (_, e) => e).sort(
    (a, b) => (t.indices[a] as number) - (t.indices[b] as number)
  )
  const indices = new Int32Array(n)
  const means = new Float64Array(n)
  const precisions = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const e = order[i] as number
    indices[i] = t.indices[e] as number
    means[i] = t.means[e] as number
    precisions[i] = t.precisions[e] as number
  }
  return { indices, means, precisions }
}
