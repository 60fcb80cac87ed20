/**
 * Internal: an open-addressing hash table of unordered item pairs `(i, j)`, `i < j`, to a count —
 * three flat typed arrays (`lo`, `hi`: the pair, −1 in `lo` for an empty slot; `count`), linear
 * probing, grown to keep the load at most 3/4. 12 bytes a slot, so 16 to 32 bytes a stored pair.
 *
 * A table is mutated only by the function that created or cloned it (`clone`, `create`): the
 * public `CoOccurrence` values hold tables that nothing mutates any more.
 *
 * @internal
 * @since 0.1.0
 */

/** a table of pair counts; mutable while its builder owns it */
export interface PairTable {
  lo: Int32Array
  hi: Int32Array
  count: Float32Array
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

/** an empty table with room for `pairs` pairs */
export const create = (pairs = 0): PairTable => {
  const capacity = capacityFor(pairs)
  const lo = new Int32Array(capacity)
  lo.fill(-1)
  return { lo, hi: new Int32Array(capacity), count: new Float32Array(capacity), used: 0, mask: capacity - 1 }
}

/** a copy the caller may mutate */
export const clone = (t: PairTable): PairTable => ({
  lo: t.lo.slice(),
  hi: t.hi.slice(),
  count: t.count.slice(),
  used: t.used,
  mask: t.mask
})

const slotOf = (mask: number, i: number, j: number): number =>
  (Math.imul(i, 0x9e3779b1) ^ Math.imul(j + 0x7f4a7c15, 0x85ebca77)) & mask

/** the slot of `(i, j)` (i < j), or −1 */
export const find = (t: PairTable, i: number, j: number): number => {
  const { lo, hi, mask } = t
  let s = slotOf(mask, i, j)
  for (;;) {
    const a = lo[s] as number
    if (a === -1) return -1
    if (a === i && hi[s] === j) return s
    s = (s + 1) & mask
  }
}

/** the count of `(i, j)` in either order; 0 when absent */
export const get = (t: PairTable, i: number, j: number): number => {
  const s = i < j ? find(t, i, j) : find(t, j, i)
  return s < 0 ? 0 : (t.count[s] as number)
}

const grow = (t: PairTable): void => {
  const { lo, hi, count } = t
  const capacity = lo.length * 2
  const mask = capacity - 1
  const nlo = new Int32Array(capacity)
  nlo.fill(-1)
  const nhi = new Int32Array(capacity)
  const ncount = new Float32Array(capacity)
  for (let s = 0; s < lo.length; s++) {
    const a = lo[s] as number
    if (a === -1) continue
    const b = hi[s] as number
    let d = slotOf(mask, a, b)
    while (nlo[d] !== -1) d = (d + 1) & mask
    nlo[d] = a
    nhi[d] = b
    ncount[d] = count[s] as number
  }
  t.lo = nlo
  t.hi = nhi
  t.count = ncount
  t.mask = mask
}

/** adds `w` to the count of `(i, j)`, `i < j` (mutates `t`) */
export const add = (t: PairTable, i: number, j: number, w: number): void => {
  let { lo, mask } = t
  let s = slotOf(mask, i, j)
  for (;;) {
    const a = lo[s] as number
    if (a === -1) break
    if (a === i && t.hi[s] === j) {
      t.count[s] = (t.count[s] as number) + w
      return
    }
    s = (s + 1) & mask
  }
  if ((t.used + 1) * 4 > lo.length * 3) {
    grow(t)
    lo = t.lo
    mask = t.mask
    s = slotOf(mask, i, j)
    while (lo[s] !== -1) s = (s + 1) & mask
  }
  lo[s] = i
  t.hi[s] = j
  t.count[s] = w
  t.used++
}

/** calls `f(i, j, count)` for every stored pair, in slot order */
export const forEach = (t: PairTable, f: (i: number, j: number, count: number) => void): void => {
  const { lo, hi, count } = t
  for (let s = 0; s < lo.length; s++) {
    const a = lo[s] as number
    if (a !== -1) f(a, hi[s] as number, count[s] as number)
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

/** bytes held by the table's arrays */
export const bytes = (t: PairTable): number => t.lo.byteLength + t.hi.byteLength + t.count.byteLength
