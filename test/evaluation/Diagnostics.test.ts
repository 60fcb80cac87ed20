import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calibration from "../../src/evaluation/Calibration.js"
import * as Diagnostics from "../../src/evaluation/Diagnostics.js"

const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 60 })

describe("Diagnostics.aucFromScores", () => {
  it("equals the brute-force pair count (ties one half)", () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const scores = ps.map(([s]) => s)
        const labels = ps.map(([, y]) => y)
        let wins = 0
        let n = 0
        for (const [s, y] of ps) {
          if (!y) continue
          for (const [t, z] of ps) {
            if (z) continue
            n++
            wins += s > t ? 1 : s === t ? 0.5 : 0
          }
        }
        const expected = n === 0 ? 0.5 : wins / n
        expect(Diagnostics.aucFromScores(scores, labels)).toBeCloseTo(expected, 12)
      })
    )
  })
  it("is 1 − itself when outcomes flip", () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const scores = ps.map(([s]) => s)
        const labels = ps.map(([, y]) => y)
        if (labels.every((y) => y) || labels.every((y) => !y)) return true
        return (
          Math.abs(
            Diagnostics.aucFromScores(scores, labels) +
              Diagnostics.aucFromScores(
                scores,
                labels.map((y) => !y)
              ) -
              1
          ) < 1e-12
        )
      })
    )
  })
  it("lies in [0, 1] and does not depend on the order of the pairs", () => {
    fc.assert(
      fc.property(pairs, fc.integer(), (ps, seed) => {
        const auc = Diagnostics.aucFromScores(
          ps.map(([s]) => s),
          ps.map(([, y]) => y)
        )
        expect(auc).toBeGreaterThanOrEqual(0)
        expect(auc).toBeLessThanOrEqual(1)
        // a rotation and a reversal of the pairs
        const k = Math.abs(seed) % ps.length
        const moved = [...ps.slice(k), ...ps.slice(0, k)].reverse()
        expect(
          Diagnostics.aucFromScores(
            moved.map(([s]) => s),
            moved.map(([, y]) => y)
          )
        ).toBeCloseTo(auc, 12)
      })
    )
  })
  it("gini = 2·AUC − 1", () => {
    expect(Diagnostics.gini(0.75)).toBe(0.5)
  })
})

describe("Calibration", () => {
  it("Brier score and ECE by hand", () => {
    expect(Calibration.brier([0.2, 0.8], [false, true])).toBeCloseTo(0.04, 12)
    // bins [0.1, 0.2> with 0.1 predicted and 1/2 observed, [0.9, 1] with 0.9 predicted and 1/2 observed
    expect(Calibration.expectedCalibrationError([0.1, 0.1, 0.9, 0.9], [true, false, true, false])).toBeCloseTo(0.4, 12)
  })
  it("reliability bins count every prediction, with Wilson intervals around the observed rate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { maxLength: 100 }),
        (ps) => {
          const bins = Calibration.reliability(
            ps.map(([p]) => p),
            ps.map(([, y]) => y),
            10
          )
          expect(bins.reduce((s, b) => s + b.count, 0)).toBe(ps.length)
          for (const b of bins)
            if (b.count > 0) expect(b.wilson[0] <= b.observed + 1e-12 && b.observed <= b.wilson[1] + 1e-12).toBe(true)
        }
      )
    )
  })
  it("Wilson interval of 0 out of 10 (known answer)", () => {
    const [lo, hi] = Calibration.wilson(0, 10)
    expect(lo).toBe(0)
    expect(hi.toFixed(4)).toBe("0.2775")
  })
})
