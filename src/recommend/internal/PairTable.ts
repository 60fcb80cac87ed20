/**
 * Internal: an open-addressing hash table of unordered item pairs `(i, j)`, `i < j`, to a count —
 * one buffer of 12-byte slots `[i, j, count]` (two Int32 and a Float32 over the same bytes, so a
 * probe touches one cache line; −1 as `i` marks an empty slot), linear probing, grown to keep the
 * load at most 3/4: 16 to 32 bytes a stored pair.
 *
 * A table is mutated only by the function that created or cloned it (`clone`, `create`): the
 * public `CoOccurrence` values hold tables that nothing mutates any more.
 *
 * @internal
 * @since 0.1.0
 */

/** a table of pair counts; mutable while its builder owns it */
export interface PairTable {
  /** slot s: `ints[3s]` = i (−1: empty), `ints[3s + 1]` = j */
  ints: Int32Array
  /** slot s: `counts[3s + 2]` = the count (a view of the same buffer) */
  counts: Float32Array
  /** slots in use */
  used: number
  /** capacity − 1 (the capacity is a power of two) */
  mask: number
}

const MIN_CAPACITY = 16

const capacityFor = (pairs: number): number => {
  let capacity = MIN_CAPACITY
  while (capacity * 0.75 < pairs) capacity *= 2
  return capacity
}

const allocate = (capacity: number): PairTable => {
  const buffer = new ArrayBuffer(capacity * 12)
  const ints = new Int32Array(buffer)
  for (let s = 0; s < capacity; s++) ints[3 * s] = -1
  return { ints, counts: new Float32Array(buffer), used: 0, mask: capacity - 1 }
}

/** an empty table with room for `pairs` pairs */
export const create = (pairs = 0): PairTable => allocate(capacityFor(pairs))

/** a copy the caller may mutate */
export const clone = (t: PairTable): PairTable => {
  const buffer = t.ints.buffer.slice(0)
  return { ints: new Int32Array(buffer), counts: new Float32Array(buffer), used: t.used, mask: t.mask }
}

const slotOf = (mask: number, i: number, j: number): number =>
  (Math.imul(i, 0x9e3779b1) ^ Math.imul(j + 0x7f4a7c15, 0x85ebca77)) & mask

/** the slot of `(i, j)` (i < j), or −1 */
export const find = (t: PairTable, i: number, j: number): number => {
  const { ints, mask } = t
  let s = slotOf(mask, i, j)
  for (;;) {
    const a = ints[3 * s] as number
    if (a === -1) return -1
    if (a === i && ints[3 * s + 1] === j) return s
    s = (s + 1) & mask
  }
}

/** the count of `(i, j)` in either order; 0 when absent */
export const get = (t: PairTable, i: number, j: number): number => {
  const s = i < j ? find(t, i, j) : find(t, j, i)
  return s < 0 ? 0 : (t.counts[3 * s + 2] as number)
}

const grow = (t: PairTable): void => {
  const { ints, counts } = t
  const capacity = (t.mask + 1) * 2
  const next = allocate(capacity)
  const mask = next.mask
  const nints = next.ints
  const ncounts = next.counts
  for (let s = 0; s <= t.mask; s++) {
    const a = ints[3 * s] as number
    if (a === -1) continue
    const b = ints[3 * s + 1] as number
    let d = slotOf(mask, a, b)
    while (nints[3 * d] !== -1) d = (d + 1) & mask
    nints[3 * d] = a
    nints[3 * d + 1] = b
    ncounts[3 * d + 2] = counts[3 * s + 2] as number
  }
  t.ints = nints
  t.counts = ncounts
  t.mask = mask
}

/** adds `w` to the count of `(i, j)`, `i < j` (mutates `t`) */
export const add = (t: PairTable, i: number, j: number, w: number): void => {
  let { ints, mask } = t
  let s = slotOf(mask, i, j)
  for (;;) {
    const a = ints[3 * s] as number
    if (a === -1) break
    if (a === i && ints[3 * s + 1] === j) {
      t.counts[3 * s + 2] = (t.counts[3 * s + 2] as number) + w
      return
    }
    s = (s + 1) & mask
  }
  if ((t.used + 1) * 4 > (mask + 1) * 3) {
    grow(t)
    ints = t.ints
    mask = t.mask
    s = slotOf(mask, i, j)
    while (ints[3 * s] !== -1) s = (s + 1) & mask
  }
  ints[3 * s] = i
  ints[3 * s + 1] = j
  t.counts[3 * s + 2] = w
  t.used++
}

/** calls `f(i, j, count)` for every stored pair, in slot order */
export const forEach = (t: PairTable, f: (i: number, j: number, count: number) => void): void => {
  const { ints, counts, mask } = t
  for (let s = 0; s <= mask; s++) {
    const a = ints[3 * s] as number
    if (a !== -1) f(a, ints[3 * s + 1] as number, counts[3 * s + 2] as number)
  }
}

/** a new table of the pairs whose count, times `factor`, is at least `floor` */
export const scaled = (t: PairTable, factor: number, floor: number): PairTable => {
  let kept = 0
  forEach(t, (_i, _j, c) => {
    if (c * factor >= floor) kept++
  })
  const out = create(kept)
  forEach(t, (i, j, c) => {
    const x = c * factor
    if (x >= floor) add(out, i, j, x)
  })
  return out
}

/** bytes held by the table */
export const bytes = (t: PairTable): number => t.ints.byteLength
