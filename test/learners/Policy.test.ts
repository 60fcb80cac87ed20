import { describe, expect, it } from "vitest"
import { fromSeed } from "../../src/kernel/Random.js"
import * as Policy from "../../src/learners/Policy.js"

describe("Policy.selectionProbabilities", () => {
  it("ε-greedy, K = 4, ε = 0.4 gives [0.7, 0.1, 0.1, 0.1] (Vowpal Wabbit's --cb_explore vector)", () => {
    const p = Policy.selectionProbabilities(Policy.epsilonGreedy(0.4), [0.9, 0.2, 0.5, 0.1])
    expect(p.map((x) => Number(x.toFixed(12)))).toStrictEqual([0.7, 0.1, 0.1, 0.1])
  })
  it("breaks ties by index and ranks NaN last", () => {
    expect(Policy.selectionProbabilities(Policy.greedy, [1, 3, 3])).toStrictEqual([0, 1, 0])
    expect(Policy.selectionProbabilities(Policy.greedy, [NaN, 0.1])).toStrictEqual([0, 1])
    expect(Policy.argmax([NaN, NaN])).toBe(0)
    expect(Policy.argmax([])).toBe(-1)
  })
  it("uniform random is 1/K; empty gives []", () => {
    expect(Policy.selectionProbabilities(Policy.uniformRandom, [5, 1, 2, 0])).toStrictEqual([0.25, 0.25, 0.25, 0.25])
    expect(Policy.selectionProbabilities(Policy.epsilonGreedy(0.1), [])).toStrictEqual([])
  })
  it("rejects ε outside [0, 1]", () => {
    expect(() => Policy.epsilonGreedy(1.5)).toThrow(/Policy.epsilonGreedy/)
  })
})

describe("Policy.select", () => {
  it("chooses each candidate with its stated probability (10,000 seeds, within 4 standard errors)", () => {
    const priorities = [0.3, 0.9, 0.1]
    for (const policy of [Policy.epsilonGreedy(0.3), Policy.uniformRandom]) {
      const probabilities = Policy.selectionProbabilities(policy, priorities)
      const counts = [0, 0, 0]
      let rng = fromSeed("select")
      const n = 10_000
      for (let i = 0; i < n; i++) {
        const [choice, next] = Policy.select(policy, priorities, rng)
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
    expect(Policy.select(Policy.uniformRandom, [], rng)).toStrictEqual([null, rng])
    expect(Policy.select(Policy.greedy, [0.1, 0.5], rng)).toStrictEqual([{ index: 1, probability: 1 }, rng])
  })
})
