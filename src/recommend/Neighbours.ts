/**
 * Item neighbours: for every item, its `k` most similar items by co-occurrence, kept in flat
 * arrays of `k` slots an item — **12 bytes a slot** (a 4-byte index and an 8-byte similarity):
 * 240 bytes an item at the default `k` of 20, 24 MB for 100,000 items — plus the `popular` items
 * for subjects without a history (4 bytes each).
 *
 * Similarity of items `i` and `j` with counts `nᵢ`, `nⱼ`, pair count `c` and `T` subjects:
 * - `cosine`: `c / √(nᵢ nⱼ)` (the default);
 * - `jaccard`: `c / (nᵢ + nⱼ − c)`;
 * - `lift`: `c T / (nᵢ nⱼ)` (how much more often than by chance).
 * Shrinkage for rare items multiplies it by `c / (c + shrinkage)` (default 10): a pair seen twice
 * counts for little however high its ratio. Pairs seen fewer than `minCount` times (default 1)
 * are not neighbours.
 *
 * Order: a neighbour ranks before another when its similarity is higher, or equal and its index
 * lower — a total order, so the `k` neighbours are exactly determined.
 *
 * Laws (tested): `build` keeps, for every item, exactly the first `k` of all its co-occurring items
 * in that order (the brute-force reference over every pair); `similarity` is symmetric.
 *
 * @since 0.1.0
 */
import { misuse } from "../kernel/internal/misuse.js"
import { count, forEachPair, pairCount, type CoOccurrence } from "./CoOccurrence.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A similarity measure.
 *
 * @category model
 * @since 0.1.0
 */
export type Similarity = "cosine" | "jaccard" | "lift"

/**
 * How neighbours are chosen: the measure, shrinkage, the least pair count, how many neighbours an
 * item keeps (`k`) and how many popular items are kept for the cold start (`popular`, default 200).
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings {
  readonly similarity?: Similarity
  readonly shrinkage?: number
  readonly minCount?: number
  readonly k?: number
  readonly popular?: number
}

/**
 * The neighbour lists: item `i`'s neighbours are `items[i·k … i·k + size[i])`, best first, with
 * their similarities at the same positions of `scores`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Neighbours {
  readonly _tag: "Neighbours"
  readonly k: number
  /** the number of items (indices 0 … length − 1) */
  readonly length: number
  readonly size: Uint16Array
  readonly items: Int32Array
  readonly scores: Float64Array
  /** the most popular items, most popular first (ties: lower index first) */
  readonly popular: Int32Array
  readonly settings: Required<Settings>
}

/**
 * A candidate item for a subject, with its score (the sum of its similarities to the subject's
 * recent items) and where it came from: `similar` items, or `popular` ones filling up.
 *
 * @category model
 * @since 0.1.0
 */
export interface Candidate {
  readonly item: number
  readonly score: number
  readonly source: "similar" | "popular"
}

/**
 * What `candidates` reads: `n` candidates (default 10), `exclude` items (e.g. what the subject
 * already owns; the recent items are always excluded), and `recency` in (0, 1] (default 1): the
 * most recent item weighs 1, the one before `recency`, then `recency²`…
 *
 * @category model
 * @since 0.1.0
 */
export interface CandidateOptions {
  readonly n?: number
  readonly exclude?: ReadonlySet<number>
  readonly recency?: number
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The defaults: cosine, shrinkage 10, pairs seen at least once, 20 neighbours, 200 popular items.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULTS: Required<Settings> = { similarity: "cosine", shrinkage: 10, minCount: 1, k: 20, popular: 200 }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const settingsOf = (api: string, s: Settings | undefined): Required<Settings> => {
  const out = { ...DEFAULTS, ...s }
  if (!["cosine", "jaccard", "lift"].includes(out.similarity))
    misuse(api, `similarity must be "cosine", "jaccard" or "lift", got ${String(out.similarity)}`)
  if (!(out.shrinkage >= 0 && Number.isFinite(out.shrinkage)))
    misuse(api, `shrinkage must be a finite number ≥ 0, got ${String(out.shrinkage)}`)
  if (!(out.minCount >= 0 && Number.isFinite(out.minCount)))
    misuse(api, `minCount must be a finite number ≥ 0, got ${String(out.minCount)}`)
  if (!Number.isSafeInteger(out.k) || out.k < 1 || out.k > 65535)
    misuse(api, `k must be a whole number in [1, 65535], got ${String(out.k)}`)
  if (!Number.isSafeInteger(out.popular) || out.popular < 0)
    misuse(api, `popular must be a whole number ≥ 0, got ${String(out.popular)}`)
  return out
}

const score = (s: Required<Settings>, c: number, ni: number, nj: number, subjects: number): number => {
  if (c <= 0 || c < s.minCount || ni <= 0 || nj <= 0) return 0
  const raw =
    s.similarity === "cosine"
      ? c / Math.sqrt(ni * nj)
      : s.similarity === "jaccard"
        ? c / (ni + nj - c)
        : (c * subjects) / (ni * nj)
  const shrunk = raw * (c / (c + s.shrinkage))
  return Number.isFinite(shrunk) && shrunk > 0 ? shrunk : 0
}

/**
 * The similarity of two items under the settings (0 for the same item, or items that never
 * co-occurred at least `minCount` times).
 *
 * @example
 * import { CoOccurrence, Neighbours } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1], [0, 1], [0, 2], [1]])
 * // cosine 2 / √(3 · 3), shrunk by 2 / (2 + 0)
 * assert.strictEqual(Neighbours.similarity(co, 0, 1, { shrinkage: 0 }), 2 / 3)
 * assert.strictEqual(Neighbours.similarity(co, 0, 1, { similarity: "jaccard", shrinkage: 0 }), 0.5)
 * assert.strictEqual(Neighbours.similarity(co, 1, 2), 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const similarity = (co: CoOccurrence, i: number, j: number, settings?: Settings): number =>
  i === j
    ? 0
    : score(settingsOf("Neighbours.similarity", settings), pairCount(co, i, j), count(co, i), count(co, j), co.subjects)

/** whether (score a, item x) ranks before (score b, item y) */
const before = (a: number, x: number, b: number, y: number): boolean => a > b || (a === b && x < y)

/**
 * The neighbour lists of every item: one pass over the stored pairs, each offered to both items'
 * bounded heaps of `k` (`O(pairs · log k)` time, `12·k` bytes an item).
 *
 * @example
 * import { CoOccurrence, Neighbours } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1, 2], [0, 1], [0, 1], [2, 3]])
 * const nb = Neighbours.build(co, { k: 2, shrinkage: 0 })
 * assert.deepStrictEqual(Neighbours.of(nb, 0).map((n) => n.item), [1, 2])
 * assert.deepStrictEqual(Array.from(nb.popular), [0, 1, 2, 3])
 *
 * @category constructors
 * @since 0.1.0
 */
export const build = (co: CoOccurrence, settings?: Settings): Neighbours => {
  const s = settingsOf("Neighbours.build", settings)
  const k = s.k
  const n = co.items.length
  const size = new Uint16Array(n)
  const items = new Int32Array(n * k)
  const scores = new Float64Array(n * k)
  // each item's slots hold a min-heap (the worst neighbour at the root) while building
  // each full heap's root (its worst neighbour) in compact arrays, so that most offers are refused without
  // touching the heaps (−∞ while a heap has room)
  const floorScore = new Float64Array(n).fill(Number.NEGATIVE_INFINITY)
  const floorItem = new Int32Array(n)
  const offer = (i: number, j: number, x: number): void => {
    if (!before(x, j, floorScore[i] as number, floorItem[i] as number)) return
    const base = i * k
    const m = size[i] as number
    if (m < k) {
      // sift up
      let p = m
      while (p > 0) {
        const parent = (p - 1) >> 1
        const ps = scores[base + parent] as number
        const pi = items[base + parent] as number
        if (!before(ps, pi, x, j)) break
        scores[base + p] = ps
        items[base + p] = pi
        p = parent
      }
      scores[base + p] = x
      items[base + p] = j
      size[i] = m + 1
      if (m + 1 === k) {
        floorScore[i] = scores[base] as number
        floorItem[i] = items[base] as number
      }
      return
    }
    // replace the root, sift down
    let p = 0
    for (;;) {
      const l = 2 * p + 1
      if (l >= k) break
      const r = l + 1
      let w = l
      if (
        r < k &&
        before(
          scores[base + l] as number,
          items[base + l] as number,
          scores[base + r] as number,
          items[base + r] as number
        )
      )
        w = r
      const ws = scores[base + w] as number
      const wi = items[base + w] as number
      if (!before(x, j, ws, wi)) break
      scores[base + p] = ws
      items[base + p] = wi
      p = w
    }
    scores[base + p] = x
    items[base + p] = j
    floorScore[i] = scores[base] as number
    floorItem[i] = items[base] as number
  }
  const subjects = co.subjects
  forEachPair(co, (i, j, c) => {
    const x = score(s, c, co.items[i] as number, co.items[j] as number, subjects)
    if (x <= 0) return
    offer(i, j, x)
    offer(j, i, x)
  })
  // each heap sorted best first
  const order: Array<number> = []
  const tmpItems: Array<number> = []
  const tmpScores: Array<number> = []
  for (let i = 0; i < n; i++) {
    const m = size[i] as number
    if (m < 2) continue
    const base = i * k
    order.length = 0
    tmpItems.length = 0
    tmpScores.length = 0
    for (let p = 0; p < m; p++) {
      order.push(p)
      tmpItems.push(items[base + p] as number)
      tmpScores.push(scores[base + p] as number)
    }
    order.sort((a, b) =>
      before(tmpScores[a] as number, tmpItems[a] as number, tmpScores[b] as number, tmpItems[b] as number) ? -1 : 1
    )
    for (let p = 0; p < m; p++) {
      items[base + p] = tmpItems[order[p] as number] as number
      scores[base + p] = tmpScores[order[p] as number] as number
    }
  }
  return { _tag: "Neighbours", k, length: n, size, items, scores, popular: popularOf(co, s.popular), settings: s }
}

/** the `m` items with the largest counts (ties: lower index first) */
const popularOf = (co: CoOccurrence, m: number): Int32Array => {
  const n = co.items.length
  const ranked: Array<number> = []
  for (let i = 0; i < n; i++) if ((co.items[i] as number) > 0) ranked.push(i)
  ranked.sort((a, b) => (co.items[b] as number) - (co.items[a] as number) || a - b)
  return Int32Array.from(ranked.slice(0, m))
}

/**
 * An item's neighbours, best first.
 *
 * @example
 * import { CoOccurrence, Neighbours } from "nextbest"
 * import * as assert from "node:assert"
 * const nb = Neighbours.build(CoOccurrence.fromHistories([[0, 1]]), { shrinkage: 0 })
 * assert.deepStrictEqual(Neighbours.of(nb, 0), [{ item: 1, score: 1 }])
 * assert.deepStrictEqual(Neighbours.of(nb, 5), [])
 *
 * @category utils
 * @since 0.1.0
 */
export const of = (nb: Neighbours, item: number): ReadonlyArray<{ readonly item: number; readonly score: number }> => {
  if (item < 0 || item >= nb.length) return []
  const base = item * nb.k
  const m = nb.size[item] as number
  const out: Array<{ readonly item: number; readonly score: number }> = []
  for (let p = 0; p < m; p++) out.push({ item: nb.items[base + p] as number, score: nb.scores[base + p] as number })
  return out
}

/**
 * The bytes the neighbour lists hold (`12·k + 2` an item, plus 4 a popular item).
 *
 * @example
 * import { CoOccurrence, Neighbours } from "nextbest"
 * import * as assert from "node:assert"
 * const nb = Neighbours.build(CoOccurrence.fromHistories([[0, 1, 2]]), { k: 20 })
 * assert.strictEqual(Neighbours.bytes(nb), 3 * (12 * 20 + 2) + 3 * 4)
 *
 * @category utils
 * @since 0.1.0
 */
export const bytes = (nb: Neighbours): number =>
  nb.size.byteLength + nb.items.byteLength + nb.scores.byteLength + nb.popular.byteLength

/**
 * Candidate items for a subject: every neighbour of the subject's recent positive items (most
 * recent last, as in a history), scored by the sum of its similarities to them (weighted by
 * `recency`), best first (ties: lower index first); the recent items and `exclude` left out; when
 * fewer than `n` are found, the most popular remaining items fill up (score 0, source `popular`) —
 * the cold start of a subject with no history. Cost: `|recent| · k` neighbour reads.
 *
 * @example
 * import { CoOccurrence, Neighbours } from "nextbest"
 * import * as assert from "node:assert"
 * const co = CoOccurrence.fromHistories([[0, 1, 2], [0, 1], [0, 1], [3, 4], [3, 4], [3]])
 * const nb = Neighbours.build(co, { shrinkage: 0 })
 * const picks = Neighbours.candidates(nb, [0], { n: 3 })
 * assert.deepStrictEqual(picks.map((c) => [c.item, c.source]), [[1, "similar"], [2, "similar"], [3, "popular"]])
 * assert.deepStrictEqual(Neighbours.candidates(nb, [], { n: 2 }).map((c) => c.item), [0, 1])
 *
 * @category operations
 * @since 0.1.0
 */
export const candidates = (
  nb: Neighbours,
  recent: ReadonlyArray<number>,
  options: CandidateOptions = {}
): ReadonlyArray<Candidate> => {
  const n = options.n ?? 10
  const recency = options.recency ?? 1
  const exclude = options.exclude
  if (!Number.isSafeInteger(n) || n < 0)
    misuse("Neighbours.candidates", `n must be a whole number ≥ 0, got ${String(n)}`)
  if (!(recency > 0 && recency <= 1))
    misuse("Neighbours.candidates", `recency must be in (0, 1], got ${String(recency)}`)
  if (n === 0) return []
  const { sum, flag } = scratchOf(nb)
  const touched: Array<number> = []
  // flags: 1 the subject's own (recent or excluded), 2 touched; every flag set here is cleared before returning
  const own: Array<number> = []
  for (const item of recent)
    if (item >= 0 && item < nb.length && flag[item] === 0) {
      flag[item] = 1
      own.push(item)
    }
  let w = 1
  for (let r = recent.length - 1; r >= 0; r--) {
    const item = recent[r] as number
    if (item >= 0 && item < nb.length) {
      const base = item * nb.k
      const m = nb.size[item] as number
      for (let p = 0; p < m; p++) {
        const j = nb.items[base + p] as number
        const f = flag[j] as number
        if (f === 1) continue
        if (f === 0) {
          if (exclude !== undefined && exclude.has(j)) {
            flag[j] = 1
            own.push(j)
            continue
          }
          flag[j] = 2
          sum[j] = 0
          touched.push(j)
        }
        sum[j] = (sum[j] as number) + w * (nb.scores[base + p] as number)
      }
    }
    w *= recency
  }
  touched.sort((a, b) => (before(sum[a] as number, a, sum[b] as number, b) ? -1 : 1))
  const ranked: Array<Candidate> = []
  for (let p = 0; p < touched.length && ranked.length < n; p++) {
    const item = touched[p] as number
    ranked.push({ item, score: sum[item] as number, source: "similar" })
  }
  for (let p = 0; p < nb.popular.length && ranked.length < n; p++) {
    const item = nb.popular[p] as number
    if (flag[item] !== 0 || (exclude !== undefined && exclude.has(item))) continue
    ranked.push({ item, score: 0, source: "popular" })
  }
  for (const item of touched) flag[item] = 0
  for (const item of own) flag[item] = 0
  return ranked
}

/**
 * Per neighbour lists, the scratch arrays of `candidates` (an unobservable cache: every flag a call
 * sets is cleared before it returns, and a call never calls itself).
 */
interface Scratch {
  readonly sum: Float64Array
  readonly flag: Uint8Array
}
const scratches = new WeakMap<Neighbours, Scratch>()
const scratchOf = (nb: Neighbours): Scratch => {
  let s = scratches.get(nb)
  if (s === undefined) {
    s = { sum: new Float64Array(nb.length), flag: new Uint8Array(nb.length) }
    scratches.set(nb, s)
  }
  return s
}
