import { describe, expect, it } from "vitest"
import { scaledUniformWinProbability } from "../../src/decide/SelectionProbability.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import { fromSeed, nextDouble } from "../../src/kernel/Random.js"
import { empty } from "../../src/learners/Models.js"
import { thompsonSampling } from "../../src/learners/ThompsonSampling.js"
import { modelsOf, mustCompile, NOW, specOf, type ActionShape } from "../arbitraries/catalog.js"

const shape = (value: number, propensity = 0.5): ActionShape => ({ issue: "Sales", group: "Cards", channels: ["web"], value, weight: 0, evaluation: "default", available: true, minAge: null, propensity })
const tolerance = (p: number, n: number): number => 4.5 * Math.sqrt((p * (1 - p)) / n) + 1e-9

describe("scaledUniformWinProbability", () => {
  it("known answers: equal weights give 1/K, weights 1:2 give 1/4 and 3/4", () => {
    for (const k of [1, 2, 3, 5]) for (let i = 0; i < k; i++) expect(scaledUniformWinProbability(new Array(k).fill(7), new Array(k).fill(0), i)).toBeCloseTo(1 / k, 12)
    expect(scaledUniformWinProbability([1, 2], [0, 0], 0)).toBeCloseTo(0.25, 12)
    expect(scaledUniformWinProbability([1, 2], [0, 0], 1)).toBeCloseTo(0.75, 12)
  })
  it("agrees with simulation, thresholds included; sums to 1 − P(nobody passes)", () => {
    const weights = [3, 1, 2, 5]
    const thresholds = [0.2, 0, 0.5, 0.9]
    const n = 40_000
    const wins = [0, 0, 0, 0]
    let rng = fromSeed("uniform-max")
    for (let s = 0; s < n; s++) {
      let best = -1
      let bestX = -1
      for (let j = 0; j < weights.length; j++) {
        const [u, next] = nextDouble(rng)
        rng = next
        if (u < (thresholds[j] as number)) continue
        const x = u * (weights[j] as number)
        if (x > bestX) {
          bestX = x
          best = j
        }
      }
      if (best >= 0) wins[best] = (wins[best] as number) + 1
    }
    const exact = weights.map((_, i) => scaledUniformWinProbability(weights, thresholds, i))
    exact.forEach((p, i) => expect(Math.abs((wins[i] as number) / n - p)).toBeLessThan(tolerance(p, n)))
    expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(1 - thresholds.reduce((a, b) => a * b, 1), 12)
  })
})

describe("nextBestAction: selection probabilities", () => {
  const shapes = [shape(10), shape(20), shape(40), shape(5)]
  const spec = specOf(shapes)
  const catalog = mustCompile(spec)
  const request = (seed: number, options: object) => ({ seed, subject: { id: "s", attributes: {} }, context: { now: NOW, channel: "web" }, options })

  it("ε-greedy over fixed propensities: exact 1 − ε + ε/K for the best, ε/K for the others, with those frequencies", () => {
    const models = modelsOf(spec, shapes)
    const n = 4000
    const counts = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(catalog, models, request(s, { controlGroup: false, selection: { _tag: "EpsilonGreedy", epsilon: 0.4 } }))
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("exact")
      expect(c.selectionProbability).toBeCloseTo(c.actionId === "a02" ? 0.7 : 0.1, 12)
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
    }
    for (const [id, k] of counts) expect(Math.abs(k / n - (id === "a02" ? 0.7 : 0.1))).toBeLessThan(tolerance(id === "a02" ? 0.7 : 0.1, n))
  })

  it("uniform random: 1/K", () => {
    const d = nextBestAction(catalog, modelsOf(spec, shapes), request(1, { controlGroup: false, selection: { _tag: "UniformRandom" } }))
    expect(d.actions[0]?.selectionProbability).toBeCloseTo(0.25, 12)
  })

  it("control group: the exact probability of rank 1 matches the frequency over seeds", () => {
    const models = modelsOf(spec, shapes)
    const n = 4000
    const counts = new Map<string, number>()
    const exact = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(catalog, models, request(s, { controlGroup: true }))
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("exact")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      exact.set(c.actionId, c.selectionProbability)
    }
    for (const [id, k] of counts) expect(Math.abs(k / n - (exact.get(id) as number))).toBeLessThan(tolerance(exact.get(id) as number, n))
  })

  it("Thompson sampling: the Monte Carlo estimate matches the frequency over seeds", () => {
    const models = empty(thompsonSampling())
    const n = 1500
    const counts = new Map<string, number>()
    const estimates = new Map<string, Array<number>>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(catalog, models, request(s, { controlGroup: false, selectionDraws: 200 }))
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("monteCarlo")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      estimates.set(c.actionId, [...(estimates.get(c.actionId) ?? []), c.selectionProbability])
    }
    for (const [id, k] of counts) {
      const xs = estimates.get(id) as Array<number>
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length
      // the estimate of each decision has its own Monte Carlo error (200 draws); compare means
      expect(Math.abs(k / n - mean)).toBeLessThan(tolerance(mean, n) + 0.02)
    }
  })

  it("selectionDraws: 0 leaves a Monte Carlo probability unestimated (NaN); the decision itself does not change", () => {
    const models = empty(thompsonSampling())
    const a = nextBestAction(catalog, models, request(3, { controlGroup: false, selectionDraws: 0 }))
    const b = nextBestAction(catalog, models, request(3, { controlGroup: false, selectionDraws: 50 }))
    expect(Number.isNaN(a.actions[0]?.selectionProbability)).toBe(true)
    expect(a.actions.map((c) => c.actionId)).toEqual(b.actions.map((c) => c.actionId))
    expect(b.actions[0]?.selectionProbability).toBeGreaterThan(0)
  })
})
