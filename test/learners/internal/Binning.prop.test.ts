import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as BinStatistics from "../../../src/learners/internal/BinStatistics.js"
import * as Binning from "../../../src/learners/internal/Binning.js"

const cell = fc.record({ positives: fc.nat(200), negatives: fc.nat(2000) })
const cells = fc.array(cell, { minLength: 1, maxLength: 40 })
const total = (cs: ReadonlyArray<Binning.Cell>): [number, number] => [
  cs.reduce((s, c) => s + c.positives, 0),
  cs.reduce((s, c) => s + c.negatives, 0)
]

describe("Binning", () => {
  it("equalFrequency and mergeAlike keep every count, in contiguous runs", () => {
    fc.assert(
      fc.property(
        cells,
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(500),
        (cs, bins, granularity, minimum) => {
          const runs = Binning.mergeAlike(Binning.equalFrequency(cs, bins), granularity, minimum)
          expect(total(runs)).toStrictEqual(total(cs))
          expect(runs[0]?.from).toBe(0)
          expect(runs[runs.length - 1]?.to).toBe(cs.length)
          runs.forEach((r, i) => i > 0 && expect(r.from).toBe(runs[i - 1]?.to))
        }
      )
    )
  })
  it("mergeAlike with a keep level keeps every count; a run left below the minimum stands out from its more alike neighbour", () => {
    fc.assert(
      fc.property(
        cells,
        fc.integer({ min: 1, max: 20 }),
        fc.nat(500),
        fc.double({ min: 1e-6, max: 0.2, noNaN: true }),
        (cs, bins, minimum, level) => {
          const start = Binning.equalFrequency(cs, bins)
          // granularity 2: no merging by behaviour, only the minimum-cases stage
          const runs = Binning.mergeAlike(start, 2, minimum, level)
          expect(total(runs)).toStrictEqual(total(cs))
          runs.forEach((r, i) => i > 0 && expect(r.from).toBe(runs[i - 1]?.to))
          if (runs.length < 2) return
          runs.forEach((r, i) => {
            if (r.positives + r.negatives >= minimum) return
            const left = i > 0 ? Binning.alikeness(runs[i - 1] as Binning.Run, r) : -1
            const right = i < runs.length - 1 ? Binning.alikeness(r, runs[i + 1] as Binning.Run) : -1
            const neighbour = (right > left ? runs[i + 1] : runs[i - 1]) as Binning.Run
            expect(Binning.standsOut(r, neighbour, level / start.length)).toBe(true)
          })
          // without a keep level, no run is left below the minimum
          const merged = Binning.mergeAlike(start, 2, minimum)
          if (merged.length > 1)
            for (const r of merged) expect(r.positives + r.negatives).toBeGreaterThanOrEqual(minimum)
        }
      )
    )
  })
  it("standsOut needs a valid test: at least 5 expected positives and 5 expected negatives in the small run", () => {
    // 3 of 5 against 70 of 1,000: a large difference, but 0.4 expected positives
    expect(Binning.standsOut({ positives: 3, negatives: 2 }, { positives: 70, negatives: 930 }, 0.01)).toBe(false)
    // 75 of 200 against 70 of 1,000 (poutcome = success beside failure)
    expect(Binning.standsOut({ positives: 75, negatives: 125 }, { positives: 70, negatives: 930 }, 0.01)).toBe(true)
    // 16 of 200 against 70 of 1,000: no difference to speak of
    expect(Binning.standsOut({ positives: 16, negatives: 184 }, { positives: 70, negatives: 930 }, 0.01)).toBe(false)
  })
  it("pava returns non-decreasing rates with the same totals", () => {
    fc.assert(
      fc.property(cells, (cs) => {
        const runs = Binning.pava(cs)
        expect(total(runs)).toStrictEqual(total(cs))
        const rates = runs
          .filter((r) => r.positives + r.negatives > 0)
          .map((r) => r.positives / (r.positives + r.negatives))
        for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1] as number)
      })
    )
  })
  it("gridKey is monotone non-decreasing", () => {
    const logBase = Math.log1p(0.01)
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          return Binning.gridKey(lo, logBase) <= Binning.gridKey(hi, logBase)
        }
      )
    )
  })
  it("granularity 0 merges everything without a minimum; 1 merges only identical behaviour", () => {
    const cs = [
      { positives: 1, negatives: 99 },
      { positives: 50, negatives: 50 },
      { positives: 90, negatives: 10 }
    ]
    const runs = cs.map((c, i) => ({ ...c, from: i, to: i + 1 }))
    expect(Binning.mergeAlike(runs, 0, 0)).toHaveLength(1)
    expect(Binning.mergeAlike(runs, 1, 0)).toHaveLength(3)
    expect(Binning.alikeness(cs[0] as Binning.Cell, cs[0] as Binning.Cell)).toBe(1)
  })
})

describe("BinStatistics", () => {
  it("AUC from bin counts lies in [0.5, 1] and does not depend on the order of the bins", () => {
    fc.assert(
      fc.property(cells, (cs) => {
        const p = cs.map((c) => c.positives)
        const n = cs.map((c) => c.negatives)
        const auc = BinStatistics.aucFromBinCounts(p, n)
        expect(auc).toBeGreaterThanOrEqual(0.5)
        expect(auc).toBeLessThanOrEqual(1 + 1e-12)
        expect(BinStatistics.aucFromBinCounts([...p].reverse(), [...n].reverse())).toBeCloseTo(auc, 12)
      })
    )
  })
  it("every function is total on finite non-negative counts: no NaN, even for empty bins or classes", () => {
    const counts = fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { maxLength: 12 })
    fc.assert(
      fc.property(counts, (cs) => {
        const p = cs.map(([x]) => x)
        const n = cs.map(([, y]) => y)
        for (const xs of [BinStatistics.logOdds(p, n), BinStatistics.lift(p, n), BinStatistics.zRatio(p, n)]) {
          expect(xs).toHaveLength(cs.length)
          for (const x of xs) expect(Number.isNaN(x)).toBe(false)
        }
        expect(Number.isNaN(BinStatistics.aucFromBinCounts(p, n))).toBe(false)
        expect(Number.isNaN(BinStatistics.featureImportance(p, n))).toBe(false)
        for (const [x, y] of cs) expect(Number.isNaN(BinStatistics.binPropensity(x, y))).toBe(false)
      })
    )
  })
  it("is total on empty bins and empty classes", () => {
    expect(BinStatistics.aucFromBinCounts([0, 0], [3, 4])).toBe(0.5)
    expect(BinStatistics.lift([0, 2], [0, 2])).toStrictEqual([0, 1])
    expect(BinStatistics.zRatio([1], [0])).toStrictEqual([0])
    expect(BinStatistics.featureImportance([], [])).toBe(0)
    expect(BinStatistics.binPropensity(0, 0)).toBe(0.5)
  })
})
