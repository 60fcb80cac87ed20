/**
 * The top-1 Thompson selection probability by quadrature (`betaWinProbability`): exact cases, the
 * probabilities of all candidates summing to 1, and known answers against Monte Carlo with 1e6 draws.
 */
import { describe, expect, it } from "vitest"
import { beta } from "../../../src/kernel/Distributions.js"
import { fromSeed, nextDouble } from "../../../src/kernel/Random.js"
import { betaCdf, betaWinProbability, type BetaRival } from "../../../src/decide/internal/SelectionProbability.js"

const R = (alpha: number, b: number, weight = 1, threshold = 0): BetaRival => ({ alpha, beta: b, weight, threshold })

const monteCarlo = (rivals: ReadonlyArray<BetaRival>, n: number): Array<number> => {
  let rng = fromSeed("quadrature/mc")
  const hits = rivals.map(() => 0)
  for (let k = 0; k < n; k++) {
    let best = -1
    let value = Number.NEGATIVE_INFINITY
    for (let j = 0; j < rivals.length; j++) {
      const r = rivals[j] as BetaRival
      const [x, next] = beta(rng, r.alpha, r.beta)
      rng = next
      if (x < r.threshold) continue
      if (x * r.weight > value) {
        value = x * r.weight
        best = j
      }
    }
    if (best >= 0) hits[best] = (hits[best] as number) + 1
  }
  return hits.map((h) => h / n)
}

describe("betaWinProbability", () => {
  it("exact cases: Beta(1,1) vs Beta(1,1) = 1/2, Beta(2,1) vs Beta(1,1) = 2/3", () => {
    expect(betaWinProbability([R(1, 1), R(1, 1)], 0)).toBeCloseTo(0.5, 12)
    expect(betaWinProbability([R(2, 1), R(1, 1)], 0)).toBeCloseTo(2 / 3, 12)
    expect(betaWinProbability([R(1, 1), R(2, 1)], 0)).toBeCloseTo(1 / 3, 12)
    // three uniforms: 1/3 each; a weight of 2 against 1: ∫0^1 x/2 dx on the small one = 1/4
    expect(betaWinProbability([R(1, 1), R(1, 1), R(1, 1)], 2)).toBeCloseTo(1 / 3, 12)
    expect(betaWinProbability([R(1, 1, 1), R(1, 1, 2)], 0)).toBeCloseTo(0.25, 12)
    expect(betaCdf(0.3, 2, 5)).toBeCloseTo(0.579825, 12)
  })

  it("the probabilities of all candidates sum to 1 (shapes below 1, peaked posteriors, weights)", () => {
    const sets = [
      [R(0.3, 5), R(2, 30), R(1, 1)],
      [R(10001, 990001), R(100, 9900, 1.02), R(1, 1, 0.5)],
      [R(0.1, 0.1), R(0.5, 0.5, 2), R(3, 2, 0.7)],
      Array.from({ length: 40 }, (_, k) => R(1 + k, 60 - k, 1 + (k % 7) / 10))
    ]
    for (const s of sets) {
      const total = s.map((_, i) => betaWinProbability(s, i) as number).reduce((a, b) => a + b, 0)
      expect(Math.abs(total - 1)).toBeLessThan(1e-8)
    }
  })

  it("matches Monte Carlo with 1e6 draws (within 5 standard errors)", () => {
    const sets = [
      [R(0.3, 5), R(2, 30), R(1, 1)],
      [R(0.1, 0.1, 1, 0.2), R(0.5, 0.5, 2), R(3, 2, 0.7, 0.1)]
    ]
    for (const s of sets) {
      const mc = monteCarlo(s, 1_000_000)
      s.forEach((_, i) => {
        const p = betaWinProbability(s, i) as number
        const se = Math.sqrt((p * (1 - p)) / 1_000_000)
        expect(Math.abs(p - (mc[i] as number))).toBeLessThan(5 * se + 1e-6)
      })
    }
  })

  it("a uniform draw mixed into a Beta (naive Bayes' exploration floor): exact cases, sums to 1, Monte Carlo", () => {
    const M = (alpha: number, b: number, uniform: number, weight = 1): BetaRival => ({
      ...R(alpha, b, weight),
      uniform
    })
    // A = (1 − u)·Beta(2, 1) + u·U(0, 1) against a uniform: (1 − u)·2/3 + u·1/2
    expect(betaWinProbability([M(2, 1, 0.25), R(1, 1)], 0)).toBeCloseTo(0.75 * (2 / 3) + 0.25 * 0.5, 12)
    // against A: P(U > X_A) with F_A(y) = (1 − u)·y² + u·y, ∫ F_A = (1 − u)/3 + u/2
    expect(betaWinProbability([M(2, 1, 0.25), R(1, 1)], 1)).toBeCloseTo(0.75 / 3 + 0.25 / 2, 12)
    const s = [M(0.5, 400, 0.01), R(8, 92), M(30, 270, 0.002, 1.5), R(1, 1, 0.4)]
    const total = s.map((_, i) => betaWinProbability(s, i) as number).reduce((a, b) => a + b, 0)
    expect(Math.abs(total - 1)).toBeLessThan(1e-8)
    // Monte Carlo of the mixture, drawn as naive Bayes draws it
    let rng = fromSeed("mixture")
    const n = 400_000
    const hits = s.map(() => 0)
    for (let k = 0; k < n; k++) {
      let best = -1
      let value = Number.NEGATIVE_INFINITY
      for (let j = 0; j < s.length; j++) {
        const r = s[j] as BetaRival
        let [x, next] = beta(rng, r.alpha, r.beta)
        if ((r.uniform ?? 0) > 0) {
          const [u, afterU] = nextDouble(next)
          ;[x, next] = u < (r.uniform as number) ? nextDouble(afterU) : [x, afterU]
        }
        rng = next
        if (x * r.weight > value) {
          value = x * r.weight
          best = j
        }
      }
      hits[best] = (hits[best] as number) + 1
    }
    s.forEach((_, i) => {
      const p = betaWinProbability(s, i) as number
      const se = Math.sqrt((p * (1 - p)) / n)
      expect(Math.abs(p - (hits[i] as number) / n)).toBeLessThan(5 * se + 1e-6)
    })
  })

  it("is undefined on a shape or weight that is not positive and finite", () => {
    expect(betaWinProbability([R(0, 1), R(1, 1)], 1)).toBeUndefined()
    expect(betaWinProbability([R(1, 1, 0), R(1, 1)], 1)).toBeUndefined()
  })
})
