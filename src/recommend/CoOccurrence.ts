/**
 * Item co-occurrence counts: how many subjects responded positively to item `i` (`count`), and to
 * both `i` and `j` close together in their histories (`pairCount`) — the state behind item-based
 * collaborative filtering ("customers who took this also took that").
 *
 * Items are numbered: an item is its index in the item table (`Items.indexOf`), so the counts
 * are flat typed arrays (8 bytes an item, 12 bytes a table slot, 16 to 32 bytes a stored pair)
 * and millions of interactions fit without an object per pair. A table that grows by appending
 * rows keeps its indices, so states built before and after stay comparable.
 *
 * What is counted. A subject's *history* is the items it responded to positively, oldest first;
 * only the first response to an item counts (repeats are ignored). Each item of the history adds
 * 1 to its own count and 1 to the pair it forms with each of the `window` distinct items before it
 * (default 20): a long history costs `window` pairs an item, not the square of its length, and the
 * pairs it adds are the ones close in time. A subject adds at most 1 to a pair, so
 * `pairCount(i, j) ≤ min(count(i), count(j))`. `subjects` counts the histories (for lift).
 *
 * Built from a batch (`fromHistories`) or incrementally from feedback (`observe`: one positive
 * response with the subject's history before it); `forget` decays every count by a factor
 * (e.g. daily), dropping pairs that fall below a floor.
 *
 * Laws (tested with fast-check on integer counts):
 * - `getMonoid(window)` is a commutative monoid: `merge` adds counts, `empty` is the identity.
 * - Incremental equals a recount: observing every response of a set of histories, in any
 *   interleaving of subjects, gives `fromHistories` of those histories.
 * - Partitions merge: `merge(fromHistories(xs), fromHistories(ys))` is `fromHistories(xs ++ ys)`.
 * - `forget(a, f)` (no floor) scales every count by `f`; it distributes over `merge` up to
 *   floating-point rounding (pair counts are single precision: whole counts are exact up to 2^24).
 *
 * @since 0.1.0
 */
import type * as Eq_ from "fp-ts/lib/Eq.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import { misuse } from "../kernel/internal/misuse.js"
import * as PairTable from "./internal/PairTable.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The stored pairs: an open-addressing table of 12-byte slots — item pairs `(i, j)`, `i < j`, in
 * `ints[3s]` and `ints[3s + 1]` (−1 as `i` in an empty slot) and their counts in `counts[3s + 2]`
 * (a view of the same bytes). Read it through `pairCount` and `forEachPair`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Pairs {
  readonly ints: Int32Array
  readonly counts: Float32Array
  readonly used: number
  readonly mask: number
}

/**
 * Co-occurrence counts.
 *
 * @category model
 * @since 0.1.0
 */
export interface CoOccurrence {
  readonly _tag: "CoOccurrence"
  /** each item pairs with this many distinct items before it in a history */
  readonly window: number
  /** subjects with a positive response to each item, by item index */
  readonly items: Float64Array
  /** the number of histories (subjects) counted */
  readonly subjects: number
  readonly pairs: Pairs
}

/**
 * Settings: `window` (default 20), how many distinct earlier items of a history a new item pairs
 * with.
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings {
  readonly window?: number
}

/**
 * One positive response, incrementally: the subject's positive items before it, oldest first
 * (repeats allowed: only first occurrences count), and the item.
 *
 * @category model
 * @since 0.1.0
 */
export interface Observation {
  readonly previous: ReadonlyArray<number>
  readonly item: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The default window, 20.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_WINDOW = 20

const windowOf = (api: string, settings: Settings | undefined): number => {
  const w = settings?.window ?? DEFAULT_WINDOW
  if (!Number.isSafeInteger(w) || w < 1) misuse(api, `window must be a whole number ≥ 1, got ${String(w)}`)
  return w
}

const checkItem = (api: string, item: number): void => {
  if (!Number.isSafeInteger(item) || item < 0 || item >= 0x4000000)
    misuse(api, `an item is an index in [0, 2^26), got ${String(item)}`)
}

/**
 * No counts.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const none = CoOccurrence.empty({ window: 10 })
 * assert.strictEqual(CoOccurrence.count(none, 3), 0)
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty = (settings?: Settings): CoOccurrence => ({
  _tag: "CoOccurrence",
  window: windowOf("CoOccurrence.empty", settings),
  items: new Float64Array(0),
  subjects: 0,
  pairs: PairTable.create()
})

/** a mutable builder: grows its item array by doubling */
interface Builder {
  items: Float64Array
  subjects: number
  readonly pairs: PairTable.PairTable
}

const ensure = (b: Builder, item: number): void => {
  if (item < b.items.length) return
  let n = Math.max(16, b.items.length * 2)
  while (n <= item) n *= 2
  const items = new Float64Array(n)
  items.set(b.items)
  b.items = items
}

/** counts one history into the builder; `seen` and `recent` are scratch */
const countHistory = (b: Builder, history: ArrayLike<number>, window: number, api: string): void => {
  const seen = new Set<number>()
  const recent: Array<number> = []
  for (let h = 0; h < history.length; h++) {
    const item = history[h] as number
    checkItem(api, item)
    if (seen.has(item)) continue
    seen.add(item)
    ensure(b, item)
    if (recent.length === 0) b.subjects++
    b.items[item] = (b.items[item] as number) + 1
    for (let m = Math.max(0, recent.length - window); m < recent.length; m++) {
      const other = recent[m] as number
      if (other < item) PairTable.add(b.pairs, other, item, 1)
      else PairTable.add(b.pairs, item, other, 1)
    }
    recent.push(item)
  }
}

/** the state of a builder, its item array cut to the largest index + 1 */
const freeze = (b: Builder, window: number): CoOccurrence => {
  let n = b.items.length
  while (n > 0 && b.items[n - 1] === 0) n--
  return { _tag: "CoOccurrence", window, items: b.items.slice(0, n), subjects: b.subjects, pairs: b.pairs }
}

/**
 * The counts of a batch of histories (each the positive items of one subject, oldest first; an
 * array or a typed array): the from-scratch recount. Throws a `TypeError` on an item that is not
 * an index in `[0, 2^26)`.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1, 2], [1, 2], [2, 0, 2]])
 * assert.strictEqual(CoOccurrence.count(co, 2), 3)
 * assert.strictEqual(CoOccurrence.pairCount(co, 1, 2), 2)
 * assert.strictEqual(CoOccurrence.pairCount(co, 0, 2), 2)
 * assert.strictEqual(co.subjects, 3)
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromHistories = (histories: Iterable<ArrayLike<number>>, settings?: Settings): CoOccurrence => {
  const window = windowOf("CoOccurrence.fromHistories", settings)
  const b: Builder = { items: new Float64Array(0), subjects: 0, pairs: PairTable.create() }
  for (const h of histories) countHistory(b, h, window, "CoOccurrence.fromHistories")
  return freeze(b, window)
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const builderOf = (a: CoOccurrence, extraPairs: number): Builder => {
  const pairs =
    extraPairs === 0 ? PairTable.clone(a.pairs as PairTable.PairTable) : PairTable.create(a.pairs.used + extraPairs)
  if (extraPairs !== 0) PairTable.forEach(a.pairs as PairTable.PairTable, (i, j, c) => PairTable.add(pairs, i, j, c))
  return { items: a.items.slice(), subjects: a.subjects, pairs }
}

/**
 * Learns positive responses incrementally: each observation is one subject's first (or repeated)
 * positive response to an item, with the subject's positive items before it. A repeated item
 * changes nothing; a subject's first item counts the subject. Returns a new state (the input is
 * not changed; the batch costs one copy of the tables).
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const before = CoOccurrence.fromHistories([[0, 1]])
 * const after = CoOccurrence.observe(before, [
 *   { previous: [], item: 1 },
 *   { previous: [1], item: 2 }
 * ])
 * assert.ok(CoOccurrence.Eq.equals(after, CoOccurrence.fromHistories([[0, 1], [1, 2]])))
 * assert.strictEqual(CoOccurrence.count(before, 1), 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const observe = (state: CoOccurrence, observations: ReadonlyArray<Observation>): CoOccurrence => {
  if (observations.length === 0) return state
  const api = "CoOccurrence.observe"
  const window = state.window
  const b = builderOf(state, 0)
  const seen = new Set<number>()
  for (const o of observations) {
    checkItem(api, o.item)
    seen.clear()
    // the distinct items of `previous`, first occurrences, oldest first: the last `window` of them pair with the item
    const distinct: Array<number> = []
    let repeated = false
    for (const p of o.previous) {
      checkItem(api, p)
      if (p === o.item) {
        repeated = true
        break
      }
      if (!seen.has(p)) {
        seen.add(p)
        distinct.push(p)
      }
    }
    if (repeated) continue
    ensure(b, o.item)
    if (distinct.length === 0) b.subjects++
    b.items[o.item] = (b.items[o.item] as number) + 1
    for (let m = Math.max(0, distinct.length - window); m < distinct.length; m++) {
      const other = distinct[m] as number
      if (other < o.item) PairTable.add(b.pairs, other, o.item, 1)
      else PairTable.add(b.pairs, o.item, other, 1)
    }
  }
  return freeze(b, window)
}

/**
 * Adds two states' counts (e.g. learned on two replicas or two partitions of subjects). Throws a
 * `TypeError` when their windows differ.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const a = CoOccurrence.fromHistories([[0, 1]])
 * const b = CoOccurrence.fromHistories([[1, 0, 2]])
 * assert.ok(CoOccurrence.Eq.equals(CoOccurrence.merge(a, b), CoOccurrence.fromHistories([[0, 1], [1, 0, 2]])))
 *
 * @category operations
 * @since 0.1.0
 */
export const merge = (a: CoOccurrence, b: CoOccurrence): CoOccurrence => {
  if (a.window !== b.window) misuse("CoOccurrence.merge", `the windows differ (${a.window} and ${b.window})`)
  if (b.subjects === 0 && b.items.length === 0) return a
  if (a.subjects === 0 && a.items.length === 0) return b
  const [big, small] = a.pairs.used >= b.pairs.used ? [a, b] : [b, a]
  const out = builderOf(big, small.pairs.used)
  if (small.items.length > out.items.length) {
    const items = new Float64Array(small.items.length)
    items.set(out.items)
    out.items = items
  }
  for (let i = 0; i < small.items.length; i++) out.items[i] = (out.items[i] as number) + (small.items[i] as number)
  out.subjects += small.subjects
  PairTable.forEach(small.pairs as PairTable.PairTable, (i, j, c) => PairTable.add(out.pairs, i, j, c))
  return freeze(out, a.window)
}

/**
 * Decays every count by `factor` in (0, 1] (e.g. 0.98 a day: a half-life of about 34 days), and
 * drops the pairs whose decayed count is below `floor` (default 0: none), which bounds the memory
 * of a table that keeps learning. Throws a `TypeError` on a factor outside (0, 1].
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1], [0, 1], [1, 2]])
 * const older = CoOccurrence.forget(co, 0.5, 0.75)
 * assert.strictEqual(CoOccurrence.count(older, 1), 1.5)
 * assert.strictEqual(CoOccurrence.pairCount(older, 0, 1), 1)
 * assert.strictEqual(CoOccurrence.pairCount(older, 1, 2), 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const forget = (state: CoOccurrence, factor: number, floor = 0): CoOccurrence => {
  if (!(factor > 0 && factor <= 1)) misuse("CoOccurrence.forget", `factor must be in (0, 1], got ${String(factor)}`)
  const items = new Float64Array(state.items.length)
  for (let i = 0; i < items.length; i++) items[i] = (state.items[i] as number) * factor
  return {
    _tag: "CoOccurrence",
    window: state.window,
    items,
    subjects: state.subjects * factor,
    pairs: PairTable.scaled(state.pairs as PairTable.PairTable, factor, floor)
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * How many subjects responded positively to an item (0 for an unknown index).
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1], [1, 1, 2]])
 * assert.deepStrictEqual([0, 1, 2, 9].map((i) => CoOccurrence.count(co, i)), [1, 2, 1, 0])
 *
 * @category utils
 * @since 0.1.0
 */
export const count = (state: CoOccurrence, item: number): number =>
  item >= 0 && item < state.items.length ? (state.items[item] as number) : 0

/**
 * How many subjects responded positively to both items close together (see the module's header),
 * in either order; 0 for the same item or an unknown pair.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1, 2], [2, 1]], { window: 1 })
 * assert.strictEqual(CoOccurrence.pairCount(co, 2, 1), 2)
 * assert.strictEqual(CoOccurrence.pairCount(co, 0, 2), 0) // 2 came two items after 0
 *
 * @category utils
 * @since 0.1.0
 */
export const pairCount = (state: CoOccurrence, i: number, j: number): number =>
  i === j ? 0 : PairTable.get(state.pairs as PairTable.PairTable, i, j)

/**
 * Calls `f(i, j, count)` for every stored pair (`i < j`), in no particular order.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * const pairs: Array<[number, number, number]> = []
 * CoOccurrence.forEachPair(CoOccurrence.fromHistories([[3, 1]]), (i, j, c) => pairs.push([i, j, c]))
 * assert.deepStrictEqual(pairs, [[1, 3, 1]])
 *
 * @category utils
 * @since 0.1.0
 */
export const forEachPair = (state: CoOccurrence, f: (i: number, j: number, count: number) => void): void =>
  PairTable.forEach(state.pairs as PairTable.PairTable, f)

/**
 * The bytes the state's arrays hold.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import * as assert from "node:assert"
 * // 8 bytes for each of 2 items, 16 slots of 12 bytes
 * assert.strictEqual(CoOccurrence.bytes(CoOccurrence.fromHistories([[0, 1]])), 2 * 8 + 16 * 12)
 *
 * @category utils
 * @since 0.1.0
 */
export const bytes = (state: CoOccurrence): number =>
  state.items.byteLength + PairTable.bytes(state.pairs as PairTable.PairTable)

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Equal counts: the same window and subjects, the same item counts (trailing zeros aside) and the
 * same pair counts.
 *
 * @category instances
 * @since 0.1.0
 */
export const Eq: Eq_.Eq<CoOccurrence> = {
  equals: (a, b) => {
    if (a.window !== b.window || a.subjects !== b.subjects || a.pairs.used !== b.pairs.used) return false
    const n = Math.max(a.items.length, b.items.length)
    for (let i = 0; i < n; i++) if (count(a, i) !== count(b, i)) return false
    let same = true
    forEachPair(a, (i, j, c) => {
      if (same && pairCount(b, i, j) !== c) same = false
    })
    return same
  }
}

/**
 * The commutative monoid of states with one window: `merge`, and `empty` as identity.
 *
 * @example
 * import { CoOccurrence } from "nextbest"
 * import { concatAll } from "fp-ts/lib/Monoid.js"
 * import * as assert from "node:assert"
 * const M = CoOccurrence.getMonoid(20)
 * const parts = [[[0, 1]], [[1, 2]], []].map((h) => CoOccurrence.fromHistories(h))
 * assert.ok(CoOccurrence.Eq.equals(concatAll(M)(parts), CoOccurrence.fromHistories([[0, 1], [1, 2]])))
 *
 * @category instances
 * @since 0.1.0
 */
export const getMonoid = (window: number = DEFAULT_WINDOW): Monoid<CoOccurrence> => ({
  concat: merge,
  empty: empty({ window })
})
