/**
 * Synthetic interaction data for recommendations, with a known structure, and the leave-last-out
 * protocol that measures a recommender on it: hit rate@k and NDCG@k.
 *
 * The generator (`generate`), deterministic by seed:
 * - `items` items in `clusters` planted clusters (item `i` is in cluster `i mod clusters`, so that
 *   an index says nothing);
 * - popularity skew: item `i` has weight `1 / (r + 1)^skew`, `r` its place in a seeded random
 *   order (Zipf), so a few items are taken by many subjects;
 * - each of `subjects` subjects likes `favourites` clusters (drawn uniformly) and takes a history of
 *   distinct items, of length `2 + ⌊E⌋` with E exponential of mean `length − 2`: each from one of its
 *   favourite clusters with probability `clusterShare` (popularity-weighted within it), else any
 *   item by popularity (noise).
 * So "subjects who took this also took that" holds within clusters, and popularity alone is a
 * strong but beatable baseline.
 *
 * The protocol (`leaveLastOut`, `evaluate`): every subject's last item is held out; the training
 * histories are the rest; a recommender sees a test subject's training history and returns `k`
 * items it has not taken; a hit is the held-out item among them, at rank r it scores
 * `1 / log2(r + 1)` (NDCG@k with one relevant item).
 *
 * Laws: `generate` is a pure function of its settings (same settings, same data, bit for bit);
 * histories hold distinct items.
 *
 * @since 0.1.0
 */
import { fromSeed, nextU32 } from "../kernel/Random.js"
import { misuse } from "../kernel/internal/misuse.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How to generate (see the module's header). Defaults: 2,000 items, 40 clusters, 5,000
 * subjects, histories of mean length 12, 2 favourite clusters, 80 % from them, skew 1.
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings {
  readonly seed: number | string
  readonly items?: number
  readonly clusters?: number
  readonly subjects?: number
  /** the mean history length (at least 2) */
  readonly length?: number
  readonly favourites?: number
  readonly clusterShare?: number
  readonly skew?: number
}

/**
 * Generated histories in flat arrays: subject `s` took `items[offsets[s] … offsets[s + 1])`,
 * oldest first; `clusterOf[i]` is item `i`'s planted cluster.
 *
 * @category model
 * @since 0.1.0
 */
export interface Interactions {
  readonly items: number
  readonly offsets: Int32Array
  readonly taken: Int32Array
  readonly clusterOf: Int32Array
}

/**
 * The leave-last-out split: the training histories of every subject, and the test cases (a
 * subject's training history and its held-out last item).
 *
 * @category model
 * @since 0.1.0
 */
export interface Split {
  readonly train: ReadonlyArray<Int32Array>
  readonly test: ReadonlyArray<{ readonly history: Int32Array; readonly heldOut: number }>
}

/**
 * Hit rate@k and NDCG@k over `cases` test cases.
 *
 * @category model
 * @since 0.1.0
 */
export interface Metrics {
  readonly k: number
  readonly cases: number
  readonly hitRate: number
  readonly ndcg: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** sfc32 over four words from the library's generator: a local, seeded stream (state in a closure) */
const streamOf = (seed: number | string): (() => number) => {
  let rng = fromSeed(seed)
  const words: Array<number> = []
  for (let w = 0; w < 4; w++) {
    const [x, next] = nextU32(rng)
    words.push(x)
    rng = next
  }
  let [a, b, c, d] = words as [number, number, number, number]
  return () => {
    a |= 0
    b |= 0
    c |= 0
    d |= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

/** the first index whose cumulative weight exceeds `u` (cumulative[hi − 1] is the total) */
const pick = (cumulative: Float64Array, lo: number, hi: number, u: number): number => {
  let l = lo
  let h = hi - 1
  while (l < h) {
    const m = (l + h) >> 1
    if ((cumulative[m] as number) > u) h = m
    else l = m + 1
  }
  return l
}

const whole = (api: string, name: string, x: number, min: number): number => {
  if (!Number.isSafeInteger(x) || x < min) misuse(api, `${name} must be a whole number ≥ ${min}, got ${String(x)}`)
  return x
}

/**
 * Generates interactions (see the module's header). Throws a `TypeError` on settings out of range.
 *
 * @example
 * import { Interactions } from "nextbest"
 * import * as assert from "node:assert"
 * const data = Interactions.generate({ seed: 7, items: 100, clusters: 5, subjects: 50 })
 * assert.strictEqual(data.offsets.length, 51)
 * const first = data.taken.subarray(data.offsets[0], data.offsets[1])
 * assert.strictEqual(new Set(first).size, first.length)
 * assert.deepStrictEqual(Interactions.generate({ seed: 7, items: 100, clusters: 5, subjects: 50 }), data)
 *
 * @category constructors
 * @since 0.1.0
 */
export const generate = (settings: Settings): Interactions => {
  const api = "Interactions.generate"
  const n = whole(api, "items", settings.items ?? 2000, 2)
  const clusters = whole(api, "clusters", settings.clusters ?? 40, 1)
  const subjects = whole(api, "subjects", settings.subjects ?? 5000, 0)
  const favourites = whole(api, "favourites", settings.favourites ?? 2, 1)
  const length = settings.length ?? 12
  const share = settings.clusterShare ?? 0.8
  const skew = settings.skew ?? 1
  if (!(length >= 2 && Number.isFinite(length)))
    misuse(api, `length must be a finite number ≥ 2, got ${String(length)}`)
  if (!(share >= 0 && share <= 1)) misuse(api, `clusterShare must be in [0, 1], got ${String(share)}`)
  if (!(skew >= 0 && Number.isFinite(skew))) misuse(api, `skew must be a finite number ≥ 0, got ${String(skew)}`)
  if (clusters > n) misuse(api, `clusters (${clusters}) must not exceed items (${n})`)
  const next = streamOf(settings.seed)
  // popularity: a random order, Zipf weights
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    const t = order[i] as number
    order[i] = order[j] as number
    order[j] = t
  }
  const weight = new Float64Array(n)
  for (let r = 0; r < n; r++) weight[order[r] as number] = 1 / Math.pow(r + 1, skew)
  const clusterOf = new Int32Array(n)
  for (let i = 0; i < n; i++) clusterOf[i] = i % clusters
  // per cluster, its items and their cumulative weights, laid out cluster after cluster
  const start = new Int32Array(clusters + 1)
  for (let i = 0; i < n; i++) start[(clusterOf[i] as number) + 1] = (start[(clusterOf[i] as number) + 1] as number) + 1
  for (let c = 0; c < clusters; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number)
  const members = new Int32Array(n)
  const fill = start.slice(0, clusters)
  for (let i = 0; i < n; i++) {
    const c = clusterOf[i] as number
    members[fill[c] as number] = i
    fill[c] = (fill[c] as number) + 1
  }
  const inCluster = new Float64Array(n)
  for (let c = 0; c < clusters; c++) {
    let acc = 0
    for (let p = start[c] as number; p < (start[c + 1] as number); p++) {
      acc += weight[members[p] as number] as number
      inCluster[p] = acc
    }
  }
  const global = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    total += weight[i] as number
    global[i] = total
  }
  const offsets = new Int32Array(subjects + 1)
  const taken: Array<number> = []
  const liked: Array<number> = []
  const seen = new Set<number>()
  for (let s = 0; s < subjects; s++) {
    liked.length = 0
    for (let f = 0; f < favourites; f++) liked.push(Math.floor(next() * clusters))
    const len = Math.min(n, 2 + Math.floor(-Math.log(1 - next()) * (length - 2)))
    seen.clear()
    let tries = 0
    while (seen.size < len && tries < len * 20) {
      tries++
      let item: number
      if (next() < share) {
        const c = liked[Math.floor(next() * liked.length)] as number
        const lo = start[c] as number
        const hi = start[c + 1] as number
        const top = inCluster[hi - 1] as number
        item = members[pick(inCluster, lo, hi, next() * top)] as number
      } else item = pick(global, 0, n, next() * total)
      if (seen.has(item)) continue
      seen.add(item)
      taken.push(item)
    }
    offsets[s + 1] = taken.length
  }
  return { items: n, offsets, taken: Int32Array.from(taken), clusterOf }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Every subject's history (views of the flat array, no copies).
 *
 * @example
 * import { Interactions } from "nextbest"
 * import * as assert from "node:assert"
 * const data = Interactions.generate({ seed: 2, items: 40, clusters: 4, subjects: 3 })
 * const hs = Interactions.histories(data)
 * assert.strictEqual(hs.length, 3)
 * assert.strictEqual(hs.reduce((n, h) => n + h.length, 0), data.taken.length)
 *
 * @category utils
 * @since 0.1.0
 */
export const histories = (data: Interactions): ReadonlyArray<Int32Array> => {
  const out: Array<Int32Array> = []
  for (let s = 0; s + 1 < data.offsets.length; s++)
    out.push(data.taken.subarray(data.offsets[s] as number, data.offsets[s + 1] as number))
  return out
}

/**
 * The leave-last-out split: every subject's last item held out; the test cases are every
 * `every`-th subject with at least two items (default 1: all).
 *
 * @example
 * import { Interactions } from "nextbest"
 * import * as assert from "node:assert"
 * const data = Interactions.generate({ seed: 1, items: 50, clusters: 5, subjects: 20 })
 * const { train, test } = Interactions.leaveLastOut(data)
 * assert.strictEqual(train.length, 20)
 * assert.strictEqual(test.length, 20)
 * assert.strictEqual(test[0]?.history.length, (data.offsets[1] ?? 0) - 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const leaveLastOut = (data: Interactions, every = 1): Split => {
  whole("Interactions.leaveLastOut", "every", every, 1)
  const train: Array<Int32Array> = []
  const test: Array<{ readonly history: Int32Array; readonly heldOut: number }> = []
  for (let s = 0; s + 1 < data.offsets.length; s++) {
    const lo = data.offsets[s] as number
    const hi = data.offsets[s + 1] as number
    const history = data.taken.subarray(lo, Math.max(lo, hi - 1))
    train.push(history)
    if (hi - lo >= 2 && s % every === 0) test.push({ history, heldOut: data.taken[hi - 1] as number })
  }
  return { train, test }
}

/**
 * Hit rate@k and NDCG@k of a recommender over test cases: `recommend(history, k)` returns the
 * items it recommends, best first (only the first `k` count).
 *
 * @example
 * import { Interactions } from "nextbest"
 * import * as assert from "node:assert"
 * const test = [
 *   { history: Int32Array.of(1), heldOut: 2 },
 *   { history: Int32Array.of(3), heldOut: 9 }
 * ]
 * const m = Interactions.evaluate(test, () => [5, 2, 9], 2)
 * assert.strictEqual(m.hitRate, 0.5)
 * assert.strictEqual(m.ndcg, 0.5 / Math.log2(3))
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluate = (
  test: Split["test"],
  recommend: (history: Int32Array, k: number) => ArrayLike<number>,
  k = 10
): Metrics => {
  whole("Interactions.evaluate", "k", k, 1)
  let hits = 0
  let gain = 0
  for (const t of test) {
    const picks = recommend(t.history, k)
    const m = Math.min(k, picks.length)
    for (let r = 0; r < m; r++) {
      if (picks[r] === t.heldOut) {
        hits++
        gain += 1 / Math.log2(r + 2)
        break
      }
    }
  }
  const cases = test.length
  return { k, cases, hitRate: cases === 0 ? 0 : hits / cases, ndcg: cases === 0 ? 0 : gain / cases }
}
