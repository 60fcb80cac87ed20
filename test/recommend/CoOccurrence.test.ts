/**
 * Known answers of src/recommend/CoOccurrence.ts: the window, repeats, the table growing past its
 * first capacity, forgetting with a floor, and misuse.
 */
import { describe, expect, it } from "vitest"
import * as CoOccurrence from "../../src/recommend/CoOccurrence.js"

describe("CoOccurrence", () => {
  it("pairs an item with the `window` distinct items before it, first occurrences only", () => {
    const co = CoOccurrence.fromHistories([[5, 6, 5, 7, 8]], { window: 2 })
    // distinct history 5, 6, 7, 8: 6–5, 7–5, 7–6, 8–6, 8–7
    expect(CoOccurrence.pairCount(co, 5, 6)).toBe(1)
    expect(CoOccurrence.pairCount(co, 7, 5)).toBe(1)
    expect(CoOccurrence.pairCount(co, 6, 7)).toBe(1)
    expect(CoOccurrence.pairCount(co, 8, 6)).toBe(1)
    expect(CoOccurrence.pairCount(co, 8, 7)).toBe(1)
    expect(CoOccurrence.pairCount(co, 5, 8)).toBe(0)
    expect(CoOccurrence.count(co, 5)).toBe(1)
    expect(co.subjects).toBe(1)
    expect(co.pairs.used).toBe(5)
    expect(CoOccurrence.pairCount(co, 5, 5)).toBe(0)
  })

  it("a repeated response changes nothing; an empty history counts no subject", () => {
    const co = CoOccurrence.fromHistories([[1, 2], []])
    expect(CoOccurrence.Eq.equals(CoOccurrence.observe(co, [{ previous: [1, 2], item: 1 }]), co)).toBe(true)
    expect(co.subjects).toBe(1)
  })

  it("keeps every pair as the table grows (1,000 items, 4,950 pairs)", () => {
    const items = Array.from({ length: 100 }, (_, i) => i * 10)
    const co = CoOccurrence.fromHistories([items], { window: 100 })
    expect(co.pairs.used).toBe(4950)
    for (let a = 0; a < 100; a += 7)
      for (let b = a + 1; b < 100; b += 5) expect(CoOccurrence.pairCount(co, a * 10, b * 10)).toBe(1)
    expect(CoOccurrence.bytes(co)).toBeGreaterThan(4950 * 12)
  })

  it("forgets by a factor and drops pairs below the floor", () => {
    const co = CoOccurrence.fromHistories([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 2]
    ])
    const f = CoOccurrence.forget(co, 0.5, 1)
    expect(CoOccurrence.count(f, 1)).toBe(2)
    expect(CoOccurrence.pairCount(f, 0, 1)).toBe(1.5)
    expect(CoOccurrence.pairCount(f, 1, 2)).toBe(0)
    expect(f.pairs.used).toBe(1)
    expect(f.subjects).toBe(2)
  })

  it("refuses misuse with a TypeError naming the API", () => {
    expect(() => CoOccurrence.fromHistories([[-1]])).toThrow("CoOccurrence.fromHistories: an item is an index")
    expect(() => CoOccurrence.empty({ window: 0 })).toThrow("CoOccurrence.empty: window")
    expect(() => CoOccurrence.forget(CoOccurrence.empty(), 0)).toThrow("CoOccurrence.forget: factor")
    expect(() => CoOccurrence.merge(CoOccurrence.empty({ window: 2 }), CoOccurrence.empty({ window: 3 }))).toThrow(
      "CoOccurrence.merge: the windows differ"
    )
  })
})
