import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fromSeed } from "../../src/kernel/Random.js"
import * as SelectionPolicy from "../../src/learners/SelectionPolicy.js"

describe("SelectionPolicy.selectionProbabilities", () => {
  it("ε-greedy, K = 4, ε = 0.4 gives [0.7, 0.1, 0.1, 0.1] (Vowpal Wabbit's --cb_explore vector)", () => {
    const p = SelectionPolicy.selectionProbabilities(SelectionPolicy.epsilonGreedy(0.4), [0.9, 0.2, 0.5, 0.1])
    expect(p.map((x) => Number(x.toFixed(12)))).toStrictEqual([0.7, 0.1, 0.1, 0.1])
  })
  it("breaks ties by index and ranks NaN last", () => {
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.greedy, [1, 3, 3])).toStrictEqual([0, 1, 0])
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.greedy, [NaN, 0.1])).toStrictEqual([0, 1])
    expect(SelectionPolicy.argmax([NaN, NaN])).toBe(0)
    expect(SelectionPolicy.argmax([])).toBe(-1)
  })
  it("uniform random is 1/K; empty gives []", () => {
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.uniformRandom, [5, 1, 2, 0])).toStrictEqual([
      0.25, 0.25, 0.25, 0.25
    ])
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.epsilonGreedy(0.1), [])).toStrictEqual([])
  })
  it("sums to 1 for K ≥ 1, and is empty for K = 0 (every policy)", () => {
    const policy = fc.oneof(
      fc.constant(SelectionPolicy.greedy),
      fc.constant(SelectionPolicy.uniformRandom),
      fc.double({ min: 0, max: 1, noNaN: true }).map(SelectionPolicy.epsilonGreedy)
    )
    fc.assert(
      fc.property(
        policy,
        fc.array(fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }),
        (pol, priorities) => {
          const p = SelectionPolicy.selectionProbabilities(pol, priorities)
          expect(p).toHaveLength(priorities.length)
          if (priorities.length > 0) expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12)
        }
      )
    )
  })
  it("rejects ε outside [0, 1]", () => {
    expect(() => SelectionPolicy.epsilonGreedy(1.5)).toThrow(/SelectionPolicy.epsilonGreedy/)
    expect(() => SelectionPolicy.epsilonGreedy(-0.1)).toThrow(TypeError)
    expect(() => SelectionPolicy.epsilonGreedy(1.5)).toThrow(
      new TypeError("SelectionPolicy.epsilonGreedy: epsilon must lie in [0, 1]")
    )
  })
})

describe("SelectionPolicy.select", () => {
  it("chooses each candidate with its stated probability (10,000 seeds, within 4 standard errors)", () => {
    const priorities = [0.3, 0.9, 0.1]
    for (const policy of [SelectionPolicy.epsilonGreedy(0.3), SelectionPolicy.uniformRandom]) {
      const probabilities = SelectionPolicy.selectionProbabilities(policy, priorities)
      const counts = [0, 0, 0]
      let rng = fromSeed("select")
      const n = 10_000
      for (let i = 0; i < n; i++) {
        const [choice, next] = SelectionPolicy.select(policy, priorities, rng)
        rng = next
        expect(choice).not.toBeNull()
        if (choice === null) return
        expect(choice.probability).toBe(probabilities[choice.index])
        counts[choice.index] = (counts[choice.index] as number) + 1
      }
      probabilities.forEach((p, i) => {
        expect(Math.abs((counts[i] as number) / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-12)
      })
    }
  })
  it("returns null for no candidates, and greedy never draws", () => {
    const rng = fromSeed(1)
    expect(SelectionPolicy.select(SelectionPolicy.uniformRandom, [], rng)).toStrictEqual([null, rng])
    expect(SelectionPolicy.select(SelectionPolicy.greedy, [0.1, 0.5], rng)).toStrictEqual([
      { index: 1, probability: 1 },
      rng
    ])
  })
})

describe("SelectionPolicy.inverseGap", () => {
  it("known answer: K = 3, γ = 4, scores (0.75, 0.5, 0.25) give (1 − 1/4 − 1/5, 1/4, 1/5)", () => {
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(4), [0.75, 0.5, 0.25])).toStrictEqual([
      1 - 1 / 4 - 1 / 5,
      1 / 4,
      1 / 5
    ])
    // the best need not come first; γ = 0 is uniform random
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(4), [0.5, 0.75, 0.25])).toStrictEqual([
      1 / 4,
      1 - 1 / 4 - 1 / 5,
      1 / 5
    ])
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(0), [3, 1, 2, 0])).toStrictEqual([
      0.25, 0.25, 0.25, 0.25
    ])
  })
  it("a floor above 1/K acts as 1/K; NaN and −∞ scores get the floor", () => {
    expect(SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(100, 0.9), [1, 0])).toStrictEqual([
      0.5, 0.5
    ])
    expect(
      SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(1, 0.05), [1, Number.NaN, -Infinity])
    ).toStrictEqual([1 - 0.05 - 0.05, 0.05, 0.05])
  })
  it("sums to 1, respects the floor, and gives the best the most (properties)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), {
          minLength: 1,
          maxLength: 30
        }),
        (gamma, floor, scores) => {
          const p = SelectionPolicy.selectionProbabilities(SelectionPolicy.inverseGap(gamma, floor), scores)
          const best = SelectionPolicy.argmax(scores)
          const low = Math.min(floor, 1 / scores.length)
          expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9)
          for (const x of p) expect(x).toBeGreaterThanOrEqual(low - 1e-15)
          for (const x of p) expect(p[best] as number).toBeGreaterThanOrEqual(x - 1e-12)
        }
      )
    )
  })
  it("select chooses each candidate with its stated probability (10,000 seeds, within 4 standard errors)", () => {
    const priorities = [0.3, 0.9, 0.1, 0.85]
    const policy = SelectionPolicy.inverseGap(8, 0.02)
    const probabilities = SelectionPolicy.selectionProbabilities(policy, priorities)
    const counts = [0, 0, 0, 0]
    let rng = fromSeed("igw")
    const n = 10_000
    for (let i = 0; i < n; i++) {
      const [choice, next] = SelectionPolicy.select(policy, priorities, rng)
      rng = next
      if (choice === null) throw new Error("no choice")
      expect(choice.probability).toBe(probabilities[choice.index])
      counts[choice.index] = (counts[choice.index] as number) + 1
    }
    probabilities.forEach((p, i) =>
      expect(Math.abs((counts[i] as number) / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-9)
    )
  })
  it("rejects γ < 0, a non-finite γ and a floor outside [0, 1]", () => {
    expect(() => SelectionPolicy.inverseGap(-1)).toThrow(
      new TypeError("SelectionPolicy.inverseGap: gamma must be a non-negative finite number")
    )
    expect(() => SelectionPolicy.inverseGap(Infinity)).toThrow(TypeError)
    expect(() => SelectionPolicy.inverseGap(1, 1.5)).toThrow(
      new TypeError("SelectionPolicy.inverseGap: floor must lie in [0, 1]")
    )
  })
})
