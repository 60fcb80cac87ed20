import { describe, expect, it } from "vitest"
import * as D from "../../src/kernel/Distributions.js"
import { fromSeed, nextOpenDouble, type Rng } from "../../src/kernel/Random.js"

const sample = (n: number, seed: string, draw: (rng: Rng) => readonly [number, Rng]): Array<number> => {
  let rng = fromSeed(seed)
  const xs: Array<number> = []
  for (let i = 0; i < n; i++) {
    const [x, next] = draw(rng)
    xs.push(x)
    rng = next
  }
  return xs
}

const moments = (xs: ReadonlyArray<number>): { mean: number; variance: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)
  return { mean, variance }
}

const N = 40_000

/**
 * Tolerance: the sample mean is within 5 standard errors (sd/√n) of the true mean, the sample
 * variance within 12% of the true variance (well beyond 5 standard errors for these shapes at
 * n = 40,000, fixed seeds).
 */
const checkMoments = (xs: ReadonlyArray<number>, mean: number, variance: number): void => {
  const m = moments(xs)
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / xs.length))
  expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.12)
}

describe("normal", () => {
  it("matches mean and variance", () => {
    checkMoments(
      sample(N, "normal", (r) => D.normal(r, 3, 2)),
      3,
      4
    )
  })
  it("is deterministic and does not mutate its rng", () => {
    const rng = Object.freeze(fromSeed(11))
    expect(D.normal(rng, 0, 1)).toStrictEqual(D.normal(rng, 0, 1))
    expect(rng).toStrictEqual(fromSeed(11))
  })
  it("gives NaN for a negative or non-finite parameter", () => {
    expect(D.normal(fromSeed(1), 0, -1)[0]).toBeNaN()
    expect(D.normal(fromSeed(1), NaN, 1)[0]).toBeNaN()
  })
  it("is Box–Muller on two open uniforms of the stream: the same value and next generator, exactly", () => {
    // the reference: Random.nextOpenDouble twice, then √(−2 ln u₁)·cos(2πu₂)
    for (const seed of [0, 1, 7, "decision-42", 2 ** 40 + 0.5]) {
      let rng = fromSeed(seed)
      for (let i = 0; i < 500; i++) {
        const [u1, r1] = nextOpenDouble(rng)
        const [u2, r2] = nextOpenDouble(r1)
        const mean = (i % 5) - 2
        const sd = 0.5 + (i % 3)
        const [x, next] = D.normal(rng, mean, sd)
        expect(x).toBe(mean + sd * (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)))
        expect(next).toStrictEqual(r2)
        rng = next
      }
    }
  })
})

describe("uniform", () => {
  it("consumes the same stream as Random.nextOpenDouble", () => {
    const rng = fromSeed("stream")
    const [u, next] = D.uniform(rng)
    const [v, next2] = nextOpenDouble(rng)
    expect(u).toBe(v)
    expect(next).toStrictEqual(next2)
  })
})

describe("gamma (Marsaglia–Tsang)", () => {
  for (const [shape, scale] of [
    [0.1, 1],
    [0.3, 2],
    [0.9, 1],
    [1, 1],
    [2.5, 0.5],
    [30, 1]
  ] as const) {
    it(`Gamma(${shape}, ${scale}) matches mean shape·scale and variance shape·scale²`, () => {
      const xs = sample(N, `gamma-${shape}`, (r) => D.gamma(r, shape, scale))
      expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true)
      checkMoments(xs, shape * scale, shape * scale * scale)
    })
  }
  it("has degenerate limits and NaN outside the domain", () => {
    expect(D.gamma(fromSeed(1), 0)[0]).toBe(0)
    expect(D.gamma(fromSeed(1), -1)[0]).toBeNaN()
    expect(D.gamma(fromSeed(1), Infinity)[0]).toBeNaN()
  })
})

describe("beta", () => {
  for (const [a, b] of [
    [0.5, 0.5],
    [0.05, 0.2],
    [2, 5],
    [1, 1],
    [30, 970],
    [0.3, 4]
  ] as const) {
    it(`Beta(${a}, ${b}) matches mean a/(a+b) and variance ab/((a+b)²(a+b+1))`, () => {
      const xs = sample(N, `beta-${a}-${b}`, (r) => D.beta(r, a, b))
      expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true)
      const s = a + b
      checkMoments(xs, a / s, (a * b) / (s * s * (s + 1)))
    })
  }
  it("stays in [0, 1] for tiny shapes (no 0/0)", () => {
    const xs = sample(2000, "tiny", (r) => D.beta(r, 1e-6, 1e-6))
    expect(xs.every((x) => x >= 0 && x <= 1 && !Number.isNaN(x))).toBe(true)
  })
  it("has degenerate limits", () => {
    expect(D.beta(fromSeed(1), 0, 3)[0]).toBe(0)
    expect(D.beta(fromSeed(1), 3, 0)[0]).toBe(1)
    expect(D.beta(fromSeed(1), 0, 0)[0]).toBe(0.5)
    expect(D.beta(fromSeed(1), -1, 1)[0]).toBeNaN()
  })
})
