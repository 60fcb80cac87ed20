/**
 * The laws of src/evaluation/Calibration.ts's header, one property each.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calibration from "../../src/evaluation/Calibration.js"

const outcomes = fc.array(fc.boolean(), { minLength: 1, maxLength: 200 })
const predictions = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), {
  minLength: 1,
  maxLength: 100
})

describe("Calibration laws", () => {
  it("a constant prediction of the base rate has ECE 0", () => {
    fc.assert(
      fc.property(outcomes, fc.integer({ min: 1, max: 20 }), (ys, bins) => {
        const rate = ys.filter((y) => y).length / ys.length
        expect(
          Calibration.expectedCalibrationError(
            ys.map(() => rate),
            ys,
            bins
          )
        ).toBeCloseTo(0, 12)
      })
    )
  })
  it("brier lies in [0, 1] for propensities in [0, 1]", () => {
    fc.assert(
      fc.property(predictions, (ps) => {
        const b = Calibration.brier(
          ps.map(([p]) => p),
          ps.map(([, y]) => y)
        )
        expect(b).toBeGreaterThanOrEqual(0)
        expect(b).toBeLessThanOrEqual(1)
      })
    )
  })
  it("the reliability bins' counts sum to n, for any number of bins", () => {
    fc.assert(
      fc.property(predictions, fc.integer({ min: 1, max: 20 }), (ps, bins) => {
        const r = Calibration.reliability(
          ps.map(([p]) => p),
          ps.map(([, y]) => y),
          bins
        )
        expect(r.reduce((s, b) => s + b.count, 0)).toBe(ps.length)
      })
    )
  })
})
