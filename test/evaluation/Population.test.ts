import { describe, expect, it } from "vitest"
import { Population, Rule } from "../../src/index.js"

const small = Population.standard(2000)

const correlation = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number => {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx
    const dy = (ys[i] as number) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxy / Math.sqrt(sxx * syy)
}

describe("Population", () => {
  it("is a pure function of its spec", () => {
    const again = Population.standard(2000)
    expect(again.subjects).toEqual(small.subjects)
    expect(Array.from(again.logits)).toEqual(Array.from(small.logits))
    const other = Population.standard(2000, "another seed")
    expect(other.subjects).not.toEqual(small.subjects)
  })

  it("draws missing values, correlated and symbolic attributes as specified", () => {
    const missing = (name: string): number =>
      small.subjects.filter((s) => !Object.prototype.hasOwnProperty.call(s.attributes, name)).length / 2000
    expect(missing("income")).toBeGreaterThan(0.07)
    expect(missing("income")).toBeLessThan(0.13)
    expect(missing("wealth")).toBe(0)
    const both = small.subjects.filter((s) => s.attributes["income"] !== undefined)
    const r = correlation(
      both.map((s) => s.attributes["income"] as number),
      both.map((s) => s.attributes["wealth"] as number)
    )
    expect(r).toBeGreaterThan(0.8)
    expect(r).toBeLessThan(0.9)
    const codes = new Set(small.subjects.map((s) => s.attributes["code"]))
    expect(codes.size).toBe(40)
    const ages = small.subjects.map((s) => s.attributes["age"]).filter((a): a is number => typeof a === "number")
    expect(ages.every((a) => Number.isInteger(a))).toBe(true)
  })

  it("gives probabilities in (0, 1) that follow the logistic family", () => {
    const p = Population.population({
      seed: 1,
      size: 3,
      attributes: [Population.numeric("x", 10, 2), Population.symbolic("g", ["a", "b"])],
      actions: [
        {
          id: "A",
          intercept: -1,
          effects: [Population.linear("x", 0.5), Population.levels("g", { a: 1 }), Population.step("x", 10, 2)]
        }
      ]
    })
    for (let s = 0; s < 3; s++) {
      const { x, g } = p.subjects[s]?.attributes as { x: number; g: string }
      const logit = -1 + (0.5 * (x - 10)) / 2 + (g === "a" ? 1 : 0) + (x >= 10 ? 2 : 0)
      expect(Population.probability(p, s, 0)).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12)
    }
  })

  it("drifts by trend and season", () => {
    const p = Population.population({
      seed: 1,
      size: 1,
      attributes: [],
      actions: [{ id: "A", intercept: 0, drift: { trend: 0.1, amplitude: 1, periodDays: 4 } }]
    })
    expect(Population.probability(p, 0, 0, 0)).toBe(0.5)
    expect(Population.probability(p, 0, 0, 1)).toBeCloseTo(1 / (1 + Math.exp(-1.1)), 12)
  })

  it("knows eligibility and the oracle", () => {
    const p = Population.population({
      seed: 2,
      size: 500,
      attributes: [Population.numeric("age", 40, 15, { decimals: 0 })],
      actions: [
        { id: "Rich", value: 10, intercept: -3, eligibility: Rule.gte("subject.age", 50) },
        { id: "Plain", value: 1, intercept: -1 }
      ]
    })
    const probs = new Float64Array(2)
    for (let s = 0; s < 500; s++) {
      const age = p.subjects[s]?.attributes["age"] as number
      expect(Population.isEligible(p, s, 0)).toBe(age >= 50)
      Population.probabilitiesInto(p, s, Population.driftAt(p, 0), probs)
      const best = Population.oracle(p, s, probs)
      // 10 × σ(−3) ≈ 0.474 > σ(−1) ≈ 0.269
      expect(best).toBe(age >= 50 ? 0 : 1)
    }
  })

  it("computes the analytic shares of random and constant choices", () => {
    const random = Population.randomShare(small)
    const constant = Population.bestConstantShare(small)
    expect(random).toBeGreaterThan(0.35)
    expect(random).toBeLessThan(0.47)
    expect(constant).toBeGreaterThan(random)
    expect(constant).toBeLessThan(1)
  })

  it("refuses invalid specs", () => {
    const base = { seed: 1, size: 10, attributes: [Population.numeric("x", 0, 1)] }
    expect(() => Population.population({ ...base, actions: [] })).toThrow(/at least one action/)
    expect(() =>
      Population.population({ ...base, actions: [{ id: "A", intercept: 0, effects: [Population.linear("y", 1)] }] })
    ).toThrow(/unknown attribute "y"/)
    expect(() =>
      Population.population({
        ...base,
        actions: [{ id: "A", intercept: 0, effects: [Population.levels("x", { a: 1 })] }]
      })
    ).toThrow(/does not fit/)
    expect(() =>
      Population.population({
        ...base,
        attributes: [Population.numeric("x", 0, 1, { correlatedWith: "z", correlation: 0.5 })],
        actions: [{ id: "A", intercept: 0 }]
      })
    ).toThrow(/earlier numeric/)
    expect(() => Population.population({ ...base, size: 0, actions: [{ id: "A", intercept: 0 }] })).toThrow(/size/)
  })
})
