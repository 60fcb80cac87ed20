/**
 * The ziggurat normal draw (src/kernel/internal/ziggurat.ts, linear Thompson sampling's draw):
 * its layers close at the top of the curve, its draws are standard normal (Kolmogorov–Smirnov,
 * moments and the tail beyond R on 200,000 draws of a fixed stream), and it is a pure function of
 * the generator.
 */
import { describe, expect, it } from "vitest"
import { normalUpperTail } from "../../../src/learners/internal/Binning.js"
import { X, standardNormalZiggurat } from "../../../src/kernel/internal/ziggurat.js"
import { fromSeed, type Rng } from "../../../src/kernel/Random.js"

const R = 3.442619855899
const V = 9.91256303526217e-3
const density = (x: number): number => Math.exp(-0.5 * x * x)

const draws = (seed: number, n: number): Array<number> => {
  let rng: Rng = fromSeed(seed)
  const out: Array<number> = []
  for (let i = 0; i < n; i++) {
    const [z, next] = standardNormalZiggurat(rng)
    rng = next
    out.push(z)
  }
  return out
}

describe("the ziggurat normal draw", () => {
  it("has 128 layers of equal area that close at the top of the curve", () => {
    expect(X[1]).toBe(R)
    expect(X[128]).toBe(0)
    // the base layer: the rectangle under f(R) and the tail beyond R have area V together
    expect(Math.abs((X[0] as number) * density(R) - V)).toBeLessThan(1e-15)
    for (let i = 1; i < 127; i++) {
      const area = (X[i] as number) * (density(X[i + 1] as number) - density(X[i] as number))
      expect(Math.abs(area - V)).toBeLessThan(1e-12)
    }
    // the top layer reaches the peak: its area V over width X[127] is what is left below 1
    expect(Math.abs(V / (X[127] as number) + density(X[127] as number) - 1)).toBeLessThan(1e-9)
  })

  it("draws the standard normal: Kolmogorov–Smirnov, moments and the tail on 200,000 draws", () => {
    const n = 200_000
    const z = draws(2024, n)
    const mean = z.reduce((a, b) => a + b, 0) / n
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / n
    const kurtosis = z.reduce((a, b) => a + (b - mean) ** 4, 0) / n / variance ** 2
    // standard errors: 1/√n for the mean, √(2/n) for the variance, √(24/n) for the kurtosis; 4 of each
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n))
    expect(Math.abs(kurtosis - 3)).toBeLessThan(4 * Math.sqrt(24 / n))
    // the tail beyond ±R, drawn by rejection from the base layer: P = 2(1 − Φ(R)) ≈ 5.76e-4
    const p = 2 * normalUpperTail(R)
    const beyond = z.filter((x) => Math.abs(x) > R).length
    expect(Math.abs(beyond - n * p)).toBeLessThan(4 * Math.sqrt(n * p))
    // both signs, in the body and in the tail
    expect(Math.abs(z.filter((x) => x > 0).length / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n))
    expect(z.filter((x) => x > R).length).toBeGreaterThan(0)
    expect(z.filter((x) => x < -R).length).toBeGreaterThan(0)
    // Kolmogorov–Smirnov against Φ: below the 0.1 % critical value 1.95/√n
    const sorted = [...z].sort((a, b) => a - b)
    let d = 0
    sorted.forEach((x, i) => {
      const F = 1 - normalUpperTail(x)
      d = Math.max(d, Math.abs(F - i / n), Math.abs(F - (i + 1) / n))
    })
    expect(d).toBeLessThan(1.95 / Math.sqrt(n))
  })

  it("is a pure function of the generator: the same draw and next generator, a new state each time", () => {
    const rng = fromSeed(7)
    const [a, nextA] = standardNormalZiggurat(rng)
    const [b, nextB] = standardNormalZiggurat(rng)
    expect(a).toBe(b)
    expect(nextA).toStrictEqual(nextB)
    expect(nextA).not.toStrictEqual(rng)
    expect(rng).toStrictEqual(fromSeed(7))
    // consecutive draws differ
    expect(new Set(draws(7, 1000)).size).toBe(1000)
  })
})
