/**
 * Correlated predictors count once (issue 11): collinear copies of a predictor — any slopes and
 * intercepts, up to five copies — are grouped by `correlationGroups`, and with those groups the
 * model scores exactly as the model of one copy and the other predictors: the copies' evidence is
 * not added once per copy. An independent predictor stays out of the group.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import type { Features, Observation } from "../../src/learners/Learner.js"

const copy = fc.record({
  slope: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: -40, max: -1 })).map((k) => k / 4),
  intercept: fc.integer({ min: -1000, max: 1000 })
})

const rowsOf = (seed: number, copies: ReadonlyArray<{ slope: number; intercept: number }>): Array<Observation> => {
  let rng: Rng = fromSeed(seed)
  const u = (): number => {
    const [x, next] = nextDouble(rng)
    rng = next
    return x
  }
  return Array.from({ length: 1500 }, () => {
    const x = Math.floor(u() * 100)
    const z = u() < 0.5 ? "a" : "b"
    const features: Record<string, number | string> = { z }
    copies.forEach((c, i) => {
      features[`x${i}`] = c.slope * x + c.intercept
    })
    return { features, positive: u() < 0.03 + (x / 100) * 0.15 + (z === "a" ? 0.12 : 0), at: 0 }
  })
}

const check = (seed: number, copies: ReadonlyArray<{ slope: number; intercept: number }>): void => {
  const names = copies.map((_, i) => `x${i}`)
  const predictors = [...names.map((n) => NaiveBayes.numeric(n)), NaiveBayes.symbolic("z")]
  const nb = NaiveBayes.naiveBayes({ predictors, exploration: "none" })
  const rows = rowsOf(seed, copies)
  const state = NaiveBayes.fit(nb, rows)
  const sample: ReadonlyArray<Features> = rows.map((r) => r.features)
  const groups = NaiveBayes.correlationGroups(nb, state, sample)
  // the copies are one group, z is in none
  expect(groups).toHaveLength(1)
  expect([...(groups[0] as ReadonlyArray<string>)].sort()).toStrictEqual(names)
  const leader = (groups[0] as ReadonlyArray<string>)[0] as string
  const grouped = NaiveBayes.naiveBayes({ predictors, exploration: "none", groups })
  const active = grouped.inspect(state).predictors.filter((p) => p.active)
  expect(active.map((p) => p.name)).toStrictEqual([leader, "z"])
  // the same scores as the model of the leader and z alone, learned from the same rows
  const single = NaiveBayes.naiveBayes({
    predictors: [NaiveBayes.numeric(leader), NaiveBayes.symbolic("z")],
    exploration: "none"
  })
  const singleState = NaiveBayes.fit(single, rows)
  for (const r of rows.slice(0, 50))
    expect(grouped.modelScore(state, r.features)).toBe(single.modelScore(singleState, r.features))
}

describe("NaiveBayes.correlationGroups", () => {
  it("five collinear copies of a predictor count once", () => {
    check(1, [
      { slope: 1, intercept: 0 },
      { slope: 2, intercept: 3 },
      { slope: -1, intercept: 0 },
      { slope: 0.1, intercept: 1 },
      { slope: 3, intercept: -5 }
    ])
  })

  it("regression: mirror copies of a weak predictor whose bins fell differently are still one group", () => {
    // found by fast-check: x/4 and −x/4 binned into 7 noisy bins each, their log-odds correlated below 0.8
    check(577, [
      { slope: 0.25, intercept: 0 },
      { slope: -0.25, intercept: 0 }
    ])
  })

  it("property: any 2 to 5 collinear copies are one group, and the grouped model scores as one copy", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.array(copy, { minLength: 2, maxLength: 5 }), (seed, copies) => check(seed, copies)),
      { numRuns: 25 }
    )
  })

  it("finds no group among independent predictors", () => {
    let rng: Rng = fromSeed("independent")
    const u = (): number => {
      const [x, next] = nextDouble(rng)
      rng = next
      return x
    }
    const rows: ReadonlyArray<Observation> = Array.from({ length: 3000 }, () => {
      const a = u()
      const b = u()
      return { features: { a, b }, positive: u() < 0.05 + 0.1 * a + 0.1 * b, at: 0 }
    })
    const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("a"), NaiveBayes.numeric("b")] })
    const state = NaiveBayes.fit(nb, rows)
    expect(nb.inspect(state).predictors.every((p) => p.active)).toBe(true)
    expect(
      NaiveBayes.correlationGroups(
        nb,
        state,
        rows.map((r) => r.features)
      )
    ).toStrictEqual([])
  })
})
