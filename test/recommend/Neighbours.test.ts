/**
 * src/recommend/Neighbours.ts against references: top-K equals the brute force over every pair
 * (for each measure, with and without shrinkage, ties included), symmetry of `similarity`, and the
 * candidates of a subject against a direct sum over the neighbour lists.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CoOccurrence from "../../src/recommend/CoOccurrence.js"
import * as Neighbours from "../../src/recommend/Neighbours.js"

const ITEMS = 15

/** every item's k best neighbours by brute force: every pair's similarity, sorted (score desc, index asc) */
const bruteForce = (
  co: CoOccurrence.CoOccurrence,
  settings: Neighbours.Settings
): ReadonlyArray<ReadonlyArray<readonly [number, number]>> => {
  const k = settings.k ?? 20
  return Array.from({ length: co.items.length }, (_, i) => {
    const all: Array<readonly [number, number]> = []
    for (let j = 0; j < co.items.length; j++) {
      const s = Neighbours.similarity(co, i, j, settings)
      if (s > 0) all.push([j, s])
    }
    all.sort((a, b) => b[1] - a[1] || a[0] - b[0])
    return all.slice(0, k)
  })
}

const histories = fc.array(fc.array(fc.integer({ min: 0, max: ITEMS - 1 }), { maxLength: 10 }), { maxLength: 30 })
const settingsArb = fc.record({
  similarity: fc.constantFrom<Neighbours.Similarity>("cosine", "jaccard", "lift"),
  shrinkage: fc.constantFrom(0, 1, 10),
  minCount: fc.constantFrom(1, 2),
  k: fc.integer({ min: 1, max: 6 })
})

describe("Neighbours", () => {
  it("top-K equals the brute-force reference over every pair", () => {
    fc.assert(
      fc.property(histories, settingsArb, fc.integer({ min: 1, max: 5 }), (hs, settings, window) => {
        const co = CoOccurrence.fromHistories(hs, { window })
        const nb = Neighbours.build(co, settings)
        const reference = bruteForce(co, settings)
        for (let i = 0; i < co.items.length; i++)
          expect(Neighbours.of(nb, i).map((n) => [n.item, n.score])).toEqual(reference[i])
      }),
      { numRuns: 300 }
    )
  })

  it("top-K keeps ties by lower index (a regression shape: many equal scores)", () => {
    // item 0 with ten items each seen once with it: ten equal cosine scores
    const co = CoOccurrence.fromHistories(Array.from({ length: 10 }, (_, j) => [0, j + 1]))
    const nb = Neighbours.build(co, { k: 3, shrinkage: 0 })
    expect(Neighbours.of(nb, 0).map((n) => n.item)).toEqual([1, 2, 3])
  })

  it("similarity is symmetric", () => {
    fc.assert(
      fc.property(histories, settingsArb, fc.nat(ITEMS - 1), fc.nat(ITEMS - 1), (hs, settings, i, j) => {
        const co = CoOccurrence.fromHistories(hs)
        expect(Neighbours.similarity(co, i, j, settings)).toBe(Neighbours.similarity(co, j, i, settings))
      })
    )
  })

  it("candidates: the direct sum over neighbour lists, best first, recent and excluded left out, popular filling up", () => {
    fc.assert(
      fc.property(
        histories,
        fc.array(fc.integer({ min: 0, max: ITEMS - 1 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: ITEMS - 1 }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 12 }),
        (hs, recent, excluded, n) => {
          const co = CoOccurrence.fromHistories(hs)
          const nb = Neighbours.build(co, { k: 4 })
          const exclude = new Set(excluded)
          const got = Neighbours.candidates(nb, recent, { n, exclude })
          const sums = new Map<number, number>()
          for (let r = recent.length - 1; r >= 0; r--)
            for (const x of Neighbours.of(nb, recent[r] as number))
              if (!recent.includes(x.item) && !exclude.has(x.item)) sums.set(x.item, (sums.get(x.item) ?? 0) + x.score)
          const similar = [...sums].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n)
          expect(got.filter((c) => c.source === "similar").map((c) => [c.item, c.score])).toEqual(similar)
          const popular = Array.from(nb.popular).filter((i) => !recent.includes(i) && !exclude.has(i) && !sums.has(i))
          expect(got.filter((c) => c.source === "popular").map((c) => c.item)).toEqual(
            popular.slice(0, Math.max(0, n - similar.length))
          )
        }
      )
    )
  })

  it("refuses misuse with a TypeError naming the API", () => {
    const co = CoOccurrence.empty()
    expect(() => Neighbours.build(co, { k: 0 })).toThrow("Neighbours.build: k")
    expect(() => Neighbours.build(co, { similarity: "pearson" as Neighbours.Similarity })).toThrow(
      "Neighbours.build: similarity"
    )
    expect(() => Neighbours.candidates(Neighbours.build(co), [], { recency: 2 })).toThrow(
      "Neighbours.candidates: recency"
    )
  })
})
