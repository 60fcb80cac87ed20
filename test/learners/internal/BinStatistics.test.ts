/**
 * Known answers of the tests behind the evidence rule of predictor selection: χ² tails against
 * tabulated quantiles, the G statistic against a hand computation, the Mann–Whitney trend test.
 */
import { describe, expect, it } from "vitest"
import * as BinStatistics from "../../../src/learners/internal/BinStatistics.js"

describe("BinStatistics: tests of association", () => {
  it("chiSquareUpperTail gives 0.05 at the tabulated 95% quantiles and 0.01 at the 99% ones", () => {
    const q95: ReadonlyArray<readonly [number, number]> = [
      [1, 3.841459],
      [2, 5.991465],
      [4, 9.487729],
      [19, 30.14353],
      [39, 54.57223],
      [199, 232.9118]
    ]
    for (const [df, x] of q95) expect(BinStatistics.chiSquareUpperTail(x, df).toFixed(5), `df ${df}`).toBe("0.05000")
    expect(BinStatistics.chiSquareUpperTail(6.634897, 1).toFixed(5)).toBe("0.01000")
    expect(BinStatistics.chiSquareUpperTail(36.19087, 19).toFixed(5)).toBe("0.01000")
    expect(BinStatistics.chiSquareUpperTail(0, 3)).toBe(1)
    expect(BinStatistics.chiSquareUpperTail(5, 0)).toBe(1)
  })
  it("gStatistic is 2 Σ O ln(O/E): 0 without association, the hand-computed value with it", () => {
    expect(BinStatistics.gStatistic([10, 20], [90, 180])).toBe(0)
    // 2 × (2 ln(2/7) + 12 ln(12/7) + 98 ln(98/93) + 88 ln(88/93))
    const expected = 2 * (2 * Math.log(2 / 7) + 12 * Math.log(12 / 7) + 98 * Math.log(98 / 93) + 88 * Math.log(88 / 93))
    expect(BinStatistics.gStatistic([2, 12], [98, 88])).toBeCloseTo(expected, 12)
    expect(BinStatistics.independenceP([5, 0], [0, 0])).toBe(1)
  })
  it("trendP: 1 for a flat profile, small for a rising one, the same for a falling one", () => {
    expect(BinStatistics.trendP([10, 10, 10], [90, 90, 90])).toBeCloseTo(1, 12)
    const rising = BinStatistics.trendP([2, 4, 6, 8, 10], [98, 96, 94, 92, 90])
    expect(rising).toBeLessThan(0.01)
    expect(BinStatistics.trendP([10, 8, 6, 4, 2], [90, 92, 94, 96, 98])).toBeCloseTo(rising, 12)
  })
})
