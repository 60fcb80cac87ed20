/**
 * The interaction effect and the population with interactions: known answers of the log-odds,
 * the oracle strategy agreeing with the truth, and the spec's documented shares.
 */
import { describe, expect, it } from "vitest"
import * as Population from "../../src/evaluation/Population.js"
import * as Simulation from "../../src/evaluation/Simulation.js"
import { fromSeed } from "../../src/kernel/Random.js"

describe("Population.interaction", () => {
  const p = Population.population({
    seed: 2,
    size: 20,
    attributes: [Population.numeric("x", 10, 2), Population.numeric("y", 0, 4, { missing: 0.3 })],
    actions: [{ id: "A", intercept: -1, effects: [Population.interaction("x", "y", 0.5, -0.25)] }]
  })
  it("adds weight × z_x × z_y, or the missing weight when either value is missing", () => {
    let missing = 0
    for (let s = 0; s < 20; s++) {
      const { x, y } = p.subjects[s]?.attributes as { x: number; y?: number }
      if (y === undefined) missing++
      const logit = -1 + (y === undefined ? -0.25 : (0.5 * ((x - 10) / 2) * y) / 4)
      expect(Population.probability(p, s, 0)).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12)
    }
    expect(missing).toBeGreaterThan(0)
  })
  it("the oracle strategy's learner scores the same truth from the request's features", () => {
    const oracle = Simulation.oracleStrategy(p)
    for (let s = 0; s < 20; s++) {
      const attributes = p.subjects[s]?.attributes ?? {}
      const features = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`subject.${k}`, v]))
      const [score] = oracle.models.learner.score({ action: 0 }, features, fromSeed(1))
      expect(score.propensity).toBeCloseTo(Population.probability(p, s, 0), 12)
    }
  })
  it("needs two numeric attributes", () => {
    expect(() =>
      Population.population({
        seed: 1,
        size: 1,
        attributes: [Population.numeric("x", 0, 1), Population.symbolic("g", ["a"])],
        actions: [{ id: "A", intercept: 0, effects: [Population.interaction("x", "g", 1)] }]
      })
    ).toThrow(TypeError)
  })
})

describe("Population.interactionSpec", () => {
  it("four actions; uniform random earns about 49% of the oracle, the best single action about 75%", () => {
    const p = Population.population(Population.interactionSpec())
    expect(p.actions).toStrictEqual(["Premium", "Starter", "Loyalty", "Insurance"])
    expect(Population.randomShare(p)).toBeCloseTo(0.4879, 3)
    expect(Population.bestConstantShare(p)).toBeCloseTo(0.7542, 3)
  })
})
