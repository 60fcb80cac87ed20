/**
 * Estimators on synthetic logs where the truth is known (syntheticLog.ts): unbiasedness across
 * seeds, interval coverage against the nominal 95%, clipping, and doubly robust's variance.
 */
import { describe, expect, it } from "vitest"
import * as OffPolicy from "../../src/evaluation/OffPolicy.js"
import { coverage, greedy, syntheticLog, target, trueModel, truth } from "./syntheticLog.js"

const SEEDS = 300
const N = 1000
const noBootstrap = { resamples: 0 }

describe("estimators on synthetic logs", () => {
  const v = truth(target)

  it("the truth of the target is 0.39375 and of the greedy policy 0.45", () => {
    expect(v).toBeCloseTo(0.39375, 12)
    expect(truth(greedy)).toBeCloseTo(0.45, 12)
  })

  it("IPS is unbiased across seeds (mean within 4 standard errors) and its normal interval covers ≈ 95%", () => {
    const c = coverage((d) => OffPolicy.ips(d, target, noBootstrap), v, SEEDS, N)
    expect(Math.abs(c.mean - v)).toBeLessThan((4 * c.sd) / Math.sqrt(SEEDS))
    // binomial sd of the coverage over 300 seeds ≈ 0.013: [0.90, 0.99] is a wide margin
    expect(c.normal).toBeGreaterThan(0.9)
    expect(c.normal).toBeLessThan(0.99)
  })

  it("DR is unbiased with a wrong (constant) reward model, and has less variance than IPS with the true one", () => {
    const constant: OffPolicy.RewardModel = () => 0.3
    const wrong = coverage((d) => OffPolicy.doublyRobust(d, target, constant, noBootstrap), v, SEEDS, N)
    expect(Math.abs(wrong.mean - v)).toBeLessThan((4 * wrong.sd) / Math.sqrt(SEEDS))
    expect(wrong.normal).toBeGreaterThan(0.9)
    const good = coverage((d) => OffPolicy.doublyRobust(d, target, trueModel, noBootstrap), v, SEEDS, N)
    const ips = coverage((d) => OffPolicy.ips(d, target, noBootstrap), v, SEEDS, N)
    expect(Math.abs(good.mean - v)).toBeLessThan((4 * good.sd) / Math.sqrt(SEEDS))
    expect(good.normal).toBeGreaterThan(0.9)
    // measured: sd 0.0229 (DR, true model) against 0.0292 (IPS); the rest is the rewards' own noise
    expect(good.sd).toBeLessThan(0.9 * ips.sd)
  })

  it("SNIPS and replay are consistent for the greedy target; the direct method with the true model is exact in mean", () => {
    const g = truth(greedy)
    const snips = coverage((d) => OffPolicy.snips(d, greedy, noBootstrap), g, 100, N)
    expect(Math.abs(snips.mean - g)).toBeLessThan(0.01)
    expect(snips.normal).toBeGreaterThan(0.88)
    const replay = coverage((d) => OffPolicy.replay(d, greedy, noBootstrap), g, 100, N)
    // the log is not uniform: replay weighs contexts by how often the log agreed with the target — biased here
    expect(Math.abs(replay.mean - g)).toBeLessThan(0.1)
    const dm = coverage((d) => OffPolicy.directMethod(d, target, trueModel, noBootstrap), v, 20, N)
    expect(Math.abs(dm.mean - v)).toBeLessThan(0.01)
  })

  it("the bootstrap interval covers ≈ 95% too", () => {
    const c = coverage((d, s) => OffPolicy.ips(d, target, { resamples: 200, seed: s }), v, 60, 400)
    // 60 seeds: binomial sd ≈ 0.028
    expect(c.bootstrap).toBeGreaterThan(0.85)
    expect(c.bootstrap).toBeLessThanOrEqual(1)
  })

  it("clipping bounds every weight, and a clipped estimate is never above the unclipped one (rewards ≥ 0)", () => {
    for (let s = 0; s < 10; s++) {
      const d = syntheticLog(500, s)
      const raw = OffPolicy.ips(d, target, noBootstrap)
      for (const clip of [1, 2, 5]) {
        const e = OffPolicy.ips(d, target, { ...noBootstrap, clip })
        expect(e.maxWeight).toBeLessThanOrEqual(clip)
        expect(e.maxRawWeight).toBe(raw.maxWeight)
        expect(e.value).toBeLessThanOrEqual(raw.value)
      }
    }
  })

  it("switch-DR with an infinite threshold is DR, with threshold 0 the direct method", () => {
    const d = syntheticLog(500, "switch")
    const q = OffPolicy.meanRewardModel(d)
    const dr = OffPolicy.doublyRobust(d, target, q, noBootstrap)
    expect(OffPolicy.switchDoublyRobust(d, target, q, Infinity, noBootstrap).value).toBe(dr.value)
    expect(OffPolicy.switchDoublyRobust(d, target, q, 0, noBootstrap).value).toBe(
      OffPolicy.directMethod(d, target, q, noBootstrap).value
    )
  })
})
