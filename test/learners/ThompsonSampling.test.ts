import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { fromSeed, nextDouble } from "../../src/kernel/Random.js"
import type { Observation } from "../../src/learners/Learner.js"
import * as TS from "../../src/learners/ThompsonSampling.js"

const obs = (positive: boolean, at = 0): Observation => ({ features: {}, positive, at })
const DAY = 86_400_000

describe("ThompsonSampling priors", () => {
  it("uses the configured prior, else the catalog prior, else Beta(1, 1)", () => {
    const s = TS.fromCounts(3, 7)
    const rng = fromSeed(1)
    expect(TS.thompsonSampling().score(s, {}, rng)[0].propensity).toBe(4 / 12)
    expect(TS.thompsonSampling().score(s, {}, rng, { propensity: 0.2, evidence: 10 })[0].propensity).toBe(5 / 20)
    expect(
      TS.thompsonSampling({ prior: { alpha: 1, beta: 9 } }).score(s, {}, rng, { propensity: 0.9, evidence: 100 })[0]
        .propensity
    ).toBe(4 / 20)
    expect(TS.priorShape({ propensity: 0.1, evidence: 50 })).toStrictEqual([5, 45])
  })
  it("rejects invalid configuration at construction, naming the API", () => {
    expect(() => TS.thompsonSampling({ prior: { alpha: 0, beta: 1 } })).toThrow(/thompsonSampling/)
    expect(() => TS.thompsonSampling({ prior: { propensity: 2, evidence: 1 } })).toThrow(/thompsonSampling/)
    expect(() => TS.thompsonSampling({ halfLife: { ms: -1 } })).toThrow(/thompsonSampling/)
    expect(() => TS.thompsonSampling({ halfLife: { ms: -1 } })).toThrow(TypeError)
    expect(() => TS.thompsonSampling({ halfLife: { ms: -1 } })).toThrow(
      new TypeError("ThompsonSampling.thompsonSampling: halfLife.ms must be a positive finite number")
    )
    expect(() => TS.thompsonSampling({ prior: { alpha: 0, beta: 1 } })).toThrow(
      new TypeError("ThompsonSampling.thompsonSampling: prior alpha and beta must be positive finite numbers")
    )
    expect(() => TS.priorShape({ alpha: -1, beta: 1 })).toThrow(/^ThompsonSampling\.priorShape: /)
  })
  it("with zero starting evidence and no data, says 0.5", () => {
    const [score] = TS.thompsonSampling().score(TS.emptyState, {}, fromSeed(1), { propensity: 0.3, evidence: 0 })
    expect(score).toStrictEqual({ propensity: 0.5, explored: 0.5, evidence: 0 })
  })
})

describe("ThompsonSampling exploration", () => {
  it("draws around the posterior mean, with spread shrinking as evidence grows (fixed seed)", () => {
    const ts = TS.thompsonSampling()
    const spread = (s: TS.State): number => {
      let rng = fromSeed("spread")
      let sum = 0
      let sq = 0
      for (let i = 0; i < 4000; i++) {
        const [score, next] = ts.score(s, {}, rng)
        rng = next
        sum += score.explored
        sq += score.explored ** 2
      }
      const mean = sum / 4000
      return Math.sqrt(sq / 4000 - mean * mean)
    }
    expect(spread(TS.fromCounts(1, 9))).toBeGreaterThan(spread(TS.fromCounts(100, 900)))
  })

  it("concentrates on the best arm (3 arms 0.05/0.10/0.15, 20,000 rounds, fixed seeds)", () => {
    const means = [0.05, 0.1, 0.15]
    const ts = TS.thompsonSampling()
    let rng = fromSeed("arms")
    let world = fromSeed("world")
    const states = means.map(() => ts.empty)
    const pulls = [0, 0, 0]
    for (let t = 0; t < 20_000; t++) {
      let arm = 0
      let top = -1
      for (let a = 0; a < 3; a++) {
        const [score, next] = ts.score(states[a] as TS.State, {}, rng)
        rng = next
        if (score.explored > top) {
          top = score.explored
          arm = a
        }
      }
      const [u, w] = nextDouble(world)
      world = w
      states[arm] = ts.learn(states[arm] as TS.State, obs(u < (means[arm] as number)))
      pulls[arm] = (pulls[arm] as number) + 1
    }
    // the best arm takes the large majority of the last pulls: at least 85% overall here
    expect((pulls[2] as number) / 20_000).toBeGreaterThan(0.85)
  })
})

describe("ThompsonSampling forgetting", () => {
  it("halves the counts after one time half-life", () => {
    const ts = TS.thompsonSampling({ halfLife: { ms: 10 * DAY } })
    const s = ts.learnAll(ts.empty, [obs(true, 0), obs(true, 0), obs(false, 0), obs(false, 10 * DAY)])
    expect(s.positives).toBeCloseTo(1, 12)
    expect(s.negatives).toBeCloseTo(1.5, 12)
    expect(s.at).toBe(10 * DAY)
  })
  it("merges decayed states at their common (latest) time", () => {
    const ts = TS.thompsonSampling({ halfLife: { ms: DAY } })
    const a = ts.learn(ts.empty, obs(true, 0))
    const b = ts.learn(ts.empty, obs(false, 2 * DAY))
    const m = ts.merge(a, b)
    expect(m).toStrictEqual({ positives: 0.25, negatives: 1, at: 2 * DAY, events: 0 })
    expect(ts.merge(b, a)).toStrictEqual(m)
  })
  it("ages counts per response with an event half-life, and merging ages each side by the other's responses", () => {
    const ts = TS.thompsonSampling({ halfLife: { events: 1 } })
    const s = ts.learnAll(ts.empty, [obs(true), obs(false)])
    expect(s).toStrictEqual({ positives: 0.5, negatives: 1, at: null, events: 2 })
    const m = ts.merge(ts.learn(ts.empty, obs(true)), ts.learn(ts.empty, obs(false)))
    expect(m).toStrictEqual({ positives: 0.5, negatives: 0.5, at: null, events: 2 })
  })
})

describe("ThompsonSampling snapshots", () => {
  const decode = decodeWith(TS.thompsonSampling().codec)
  it("round-trips", () => {
    const ts = TS.thompsonSampling()
    const s = ts.learnAll(ts.empty, [obs(true), obs(false), obs(false)])
    expect(ts.codec.encode(s)).toStrictEqual({ version: 1, positives: 1, negatives: 2 })
    expect(decode(ts.codec.encode(s))).toStrictEqual(E.right(s))
  })
  it("rejects bad snapshots with paths and codes", () => {
    const r = decode({ version: 2, positives: 1.5, negatives: -1 })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) {
      expect(render(r.left)).toBe(
        [
          "3 problems:",
          "  $.version [unknown_version] unknown snapshot version: expected 1 (found: 2)",
          "  $.positives [not_integer] a count must be a whole number (found: 1.5)",
          "  $.negatives [out_of_range] a count cannot be negative (found: -1)"
        ].join("\n")
      )
    }
    const nan = decode({ version: 1, positives: NaN, negatives: "3" })
    expect(E.isLeft(nan) && nan.left.problems.map((p) => `${p.path} ${p.code}`)).toStrictEqual([
      "$.positives non_finite",
      "$.negatives invalid_type"
    ])
    expect(E.isLeft(decode([1, 2]))).toBe(true)
  })
  it("accepts decayed (fractional) counts when forgetting", () => {
    const ts = TS.thompsonSampling({ halfLife: { ms: DAY } })
    expect(decodeWith(ts.codec)({ version: 1, positives: 0.25, negatives: 1, at: 5 })).toStrictEqual(
      E.right({ positives: 0.25, negatives: 1, at: 5, events: 0 })
    )
  })
})
