/**
 * Predictor selection (issue 11): the evidence rule against Pega's AUC rule on synthetic
 * populations — irrelevant predictors (a uniform random number, a 40-level random code) are
 * inactive in most models under the evidence rule and active in most under the AUC rule; a rare
 * but strong symbol (0.5% of the rows at 37.5%, the bank's `poutcome = success`) and a rare numeric
 * tail (3% of the rows, the bank's `pdays ≠ -1`) keep their own bins and their predictors active.
 */
import { describe, expect, it } from "vitest"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import type { Observation } from "../../src/learners/Learner.js"

const uniform = (seed: string): (() => number) => {
  let rng: Rng = fromSeed(seed)
  return () => {
    const [x, next] = nextDouble(rng)
    rng = next
    return x
  }
}

const predictors = [
  NaiveBayes.numeric("age"),
  NaiveBayes.numeric("noise"),
  NaiveBayes.symbolic("code"),
  NaiveBayes.symbolic("poutcome")
]

/** age matters (5% below 50, 10% above), poutcome = success multiplies the rate by 6, noise and code do not matter */
const population = (seed: string, n: number): ReadonlyArray<Observation> => {
  const u = uniform(seed)
  return Array.from({ length: n }, () => {
    const age = 18 + u() * 60
    const noise = u()
    const code = `c${Math.floor(u() * 40)}`
    const r = u()
    const poutcome = r < 0.005 ? "success" : r < 0.105 ? "failure" : null
    const p = (age > 50 ? 0.1 : 0.05) * (poutcome === "success" ? 6 : 1)
    return { features: { age, noise, code, poutcome }, positive: u() < p, at: 0 }
  })
}

const activeShare = (rule: "evidence" | "auc", n: number, models: number): Record<string, number> => {
  const nb = NaiveBayes.naiveBayes({ predictors, predictorSelection: rule, exploration: "none" })
  const active: Record<string, number> = { age: 0, noise: 0, code: 0, poutcome: 0 }
  for (let m = 0; m < models; m++) {
    const view = nb.inspect(NaiveBayes.fit(nb, population(`selection-${n}-${m}`, n)))
    for (const p of view.predictors) if (p.active) active[p.name] = (active[p.name] as number) + 1
  }
  return Object.fromEntries(Object.entries(active).map(([k, v]) => [k, v / models]))
}

describe("NaiveBayes predictor selection", () => {
  it("evidence rule: irrelevant predictors inactive in most models, the relevant ones active; AUC rule: the reverse for the irrelevant", () => {
    // 30 models of 3,000 responses each (measured: evidence rule — age 30 models, noise 0, code 1, poutcome 25;
    // AUC rule — age 30, noise 29, code 30, poutcome 13)
    const evidence = activeShare("evidence", 3000, 30)
    expect(evidence["noise"]).toBeLessThanOrEqual(0.1)
    expect(evidence["code"]).toBeLessThanOrEqual(0.1)
    expect(evidence["age"]).toBeGreaterThanOrEqual(0.9)
    expect(evidence["poutcome"]).toBeGreaterThanOrEqual(0.7)
    const auc = activeShare("auc", 3000, 30)
    expect(auc["noise"]).toBeGreaterThanOrEqual(0.8)
    expect(auc["code"]).toBeGreaterThanOrEqual(0.8)
    expect(auc["poutcome"]).toBeLessThan(evidence["poutcome"] as number)
  })

  it("a rare but strong symbol keeps its own bin and its predictor active; Pega's rule merges it away", () => {
    // 20,000 rows: success 100 rows at 37.5%, failure 2,000 rows and missing 17,900 rows at 6.7% (exactly)
    const rows: Array<Observation> = []
    const add = (poutcome: string | null, n: number, positives: number): void => {
      for (let i = 0; i < n; i++) rows.push({ features: { poutcome }, positive: i < positives, at: 0 })
    }
    add("success", 104, 39)
    add("failure", 2000, 134)
    add(null, 17896, 1199)
    const config = {
      predictors: [NaiveBayes.symbolic("poutcome")],
      exploration: "none" as const,
      predictorSelection: "evidence" as const
    }
    const evidence = NaiveBayes.naiveBayes(config)
    const view = evidence.inspect(NaiveBayes.fit(evidence, rows)).predictors[0]
    expect(view?.active).toBe(true)
    expect(view?.bins.map((b) => [b.label, b.positives, b.negatives])).toStrictEqual([
      ["failure", 134, 1866],
      ["success", 39, 65],
      ["MISSING", 1199, 16697],
      ["RESIDUAL", 0, 0]
    ])
    // Pega's rule: success (4.9% of the non-missing cases) is merged into failure, and the AUC is below 0.52
    const pega = NaiveBayes.naiveBayes({ ...config, predictorSelection: "auc" })
    const pegaView = pega.inspect(NaiveBayes.fit(pega, rows)).predictors[0]
    expect(pegaView?.bins.map((b) => b.label)).toStrictEqual(["failure, success", "MISSING", "RESIDUAL"])
    expect(pegaView?.active).toBe(false)
  })

  it("a rare numeric tail keeps its own bin and its predictor active; Pega's rule merges it away", () => {
    // pdays: -1 (never contacted) for 97% of the rows at 6%, 1 to 300 for 3% at 30%
    const u = uniform("pdays")
    const rows: ReadonlyArray<Observation> = Array.from({ length: 10000 }, (_, i) => {
      const contacted = i % 100 < 3
      return {
        features: { pdays: contacted ? 1 + Math.floor(u() * 300) : -1 },
        positive: u() < (contacted ? 0.3 : 0.06),
        at: 0
      }
    })
    const config = {
      predictors: [NaiveBayes.numeric("pdays")],
      exploration: "none" as const,
      predictorSelection: "evidence" as const
    }
    const evidence = NaiveBayes.naiveBayes(config)
    const view = evidence.inspect(NaiveBayes.fit(evidence, rows)).predictors[0]
    expect(view?.active).toBe(true)
    expect(view?.bins.length).toBe(2)
    const pega = NaiveBayes.naiveBayes({ ...config, predictorSelection: "auc" })
    const pegaView = pega.inspect(NaiveBayes.fit(pega, rows)).predictors[0]
    expect(pegaView?.bins.length).toBe(1)
    expect(pegaView?.active).toBe(false)
  })

  it('Pega\'s rule is the default: a configuration without predictorSelection scores as with "auc"', () => {
    const rows = population("default-rule", 3000)
    const plain = NaiveBayes.naiveBayes({ predictors, exploration: "none" })
    const pega = NaiveBayes.naiveBayes({ predictors, exploration: "none", predictorSelection: "auc" })
    expect(plain.inspect(NaiveBayes.fit(plain, rows))).toStrictEqual(pega.inspect(NaiveBayes.fit(pega, rows)))
  })

  it("validates the options", () => {
    expect(() => NaiveBayes.naiveBayes({ predictors, significance: 0 })).toThrow(/significance/)
    expect(() => NaiveBayes.naiveBayes({ predictors, predictorSelection: "gini" as unknown as "auc" })).toThrow(
      /predictorSelection/
    )
    expect(() => NaiveBayes.naiveBayes({ predictors, groups: [["age", "nope"]] })).toThrow(/no predictor "nope"/)
    expect(() => NaiveBayes.naiveBayes({ predictors, groups: [["age"], ["age", "noise"]] })).toThrow(/two groups/)
  })
})
