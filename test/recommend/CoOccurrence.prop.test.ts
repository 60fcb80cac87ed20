/**
 * The laws of src/recommend/CoOccurrence.ts's header: the commutative monoid of states (integer
 * counts: exact), incremental observing equals the from-scratch recount in any interleaving of
 * subjects, partitions merge to the whole, and `forget` distributes over `merge` (to a stated
 * tolerance: pair counts are single precision).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CoOccurrence from "../../src/recommend/CoOccurrence.js"
import { commutativeMonoidLaws } from "../laws.js"

const history = fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 12 })
const histories = fc.array(history, { maxLength: 8 })
const windowArb = fc.integer({ min: 1, max: 4 })

/** every response of the histories as observations, in an interleaving chosen by `order` */
const interleave = (
  hs: ReadonlyArray<ReadonlyArray<number>>,
  order: ReadonlyArray<number>
): ReadonlyArray<CoOccurrence.Observation> => {
  const cursor = hs.map(() => 0)
  const out: Array<CoOccurrence.Observation> = []
  let left = hs.reduce((n, h) => n + h.length, 0)
  let k = 0
  while (left > 0) {
    const pick = order.length === 0 ? 0 : (order[k++ % order.length] as number)
    let s = pick % hs.length
    while ((cursor[s] as number) >= (hs[s] as ReadonlyArray<number>).length) s = (s + 1) % hs.length
    const h = hs[s] as ReadonlyArray<number>
    const c = cursor[s] as number
    out.push({ previous: h.slice(0, c), item: h[c] as number })
    cursor[s] = c + 1
    left--
  }
  return out
}

describe("CoOccurrence", () => {
  commutativeMonoidLaws(
    "CoOccurrence.getMonoid(3)",
    CoOccurrence.getMonoid(3),
    histories.map((hs) => CoOccurrence.fromHistories(hs, { window: 3 })),
    CoOccurrence.Eq,
    { numRuns: 100 }
  )

  it("incremental observing equals the from-scratch recount, in any interleaving of subjects", () => {
    fc.assert(
      fc.property(histories, windowArb, fc.array(fc.nat(20), { maxLength: 40 }), (hs, window, order) => {
        const recount = CoOccurrence.fromHistories(hs, { window })
        const observed = CoOccurrence.observe(CoOccurrence.empty({ window }), interleave(hs, order))
        expect(CoOccurrence.Eq.equals(observed, recount)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("observing in several batches equals observing at once", () => {
    fc.assert(
      fc.property(histories, fc.nat(60), (hs, cut) => {
        const all = interleave(hs, [])
        const k = Math.min(cut, all.length)
        const once = CoOccurrence.observe(CoOccurrence.empty(), all)
        const twice = CoOccurrence.observe(CoOccurrence.observe(CoOccurrence.empty(), all.slice(0, k)), all.slice(k))
        expect(CoOccurrence.Eq.equals(once, twice)).toBe(true)
      })
    )
  })

  it("partitions of subjects merge to the whole", () => {
    fc.assert(
      fc.property(histories, histories, windowArb, (xs, ys, window) => {
        const merged = CoOccurrence.merge(
          CoOccurrence.fromHistories(xs, { window }),
          CoOccurrence.fromHistories(ys, { window })
        )
        expect(CoOccurrence.Eq.equals(merged, CoOccurrence.fromHistories([...xs, ...ys], { window }))).toBe(true)
      })
    )
  })

  it("a pair count never exceeds either item's count", () => {
    fc.assert(
      fc.property(histories, windowArb, (hs, window) => {
        const co = CoOccurrence.fromHistories(hs, { window })
        CoOccurrence.forEachPair(co, (i, j, c) => {
          expect(c).toBeLessThanOrEqual(Math.min(CoOccurrence.count(co, i), CoOccurrence.count(co, j)))
        })
      })
    )
  })

  it("forget distributes over merge (relative tolerance 1e-6)", () => {
    fc.assert(
      fc.property(histories, histories, fc.double({ min: 0.01, max: 1, noNaN: true }), (xs, ys, f) => {
        const a = CoOccurrence.fromHistories(xs)
        const b = CoOccurrence.fromHistories(ys)
        const left = CoOccurrence.forget(CoOccurrence.merge(a, b), f)
        const right = CoOccurrence.merge(CoOccurrence.forget(a, f), CoOccurrence.forget(b, f))
        const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x))
        expect(close(left.subjects, right.subjects)).toBe(true)
        for (let i = 0; i < 12; i++) expect(close(CoOccurrence.count(left, i), CoOccurrence.count(right, i))).toBe(true)
        for (let i = 0; i < 12; i++)
          for (let j = i + 1; j < 12; j++)
            expect(close(CoOccurrence.pairCount(left, i, j), CoOccurrence.pairCount(right, i, j))).toBe(true)
      })
    )
  })
})
