/**
 * Known answers for the online Bayesian logistic regression: one update computed by hand, the
 * coefficients of a synthetic logistic truth recovered, the Thompson draw's formula, the catalog
 * prior on the intercept, forgetting toward the prior, the codec's pinned snapshot and errors.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { normal } from "../../src/kernel/Distributions.js"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import { murmur3 } from "../../src/learners/FeatureHashing.js"
import type { Features, Observation } from "../../src/learners/Learner.js"
import * as LR from "../../src/learners/LogisticRegression.js"

const sigma = (z: number): number => 1 / (1 + Math.exp(-z))

/** the root of z = a·σ(−z) by bisection: the mode of one positive response from a centred prior */
const bisect = (a: number): number => {
  let lo = 0
  let hi = a
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (mid - a * sigma(-mid) > 0) hi = mid
    else lo = mid
  }
  return (lo + hi) / 2
}

/** a synthetic logistic truth: intercept −1, five standard-normal numbers and one three-level symbol */
const TRUE_WEIGHTS = [0.8, -0.5, 0.3, 0, 1.2]
const LEVELS: Readonly<Record<string, number>> = { gold: 1, silver: 0.4, bronze: -0.6 }
const synthetic = (n: number, seed: string): ReadonlyArray<Observation> => {
  let rng: Rng = fromSeed(seed)
  const out: Array<Observation> = []
  for (let i = 0; i < n; i++) {
    const features: Record<string, number | string> = {}
    let z = -1
    TRUE_WEIGHTS.forEach((w, j) => {
      const [x, next] = normal(rng)
      rng = next
      features[`subject.x${j}`] = x
      z += w * x
    })
    const [u, next] = nextDouble(rng)
    rng = next
    const tier = u < 1 / 3 ? "gold" : u < 2 / 3 ? "silver" : "bronze"
    features["subject.tier"] = tier
    z += LEVELS[tier] as number
    const [v, after] = nextDouble(rng)
    rng = after
    out.push({ features, positive: v < sigma(z), at: i })
  }
  return out
}

describe("LogisticRegression learning", () => {
  it("takes the exact posterior mode of one response (hand-computed)", () => {
    const lr = LR.logisticRegression()
    const s = lr.learn(lr.empty, { features: { "subject.tier": "gold" }, positive: true, at: 0 })
    // prior: intercept N(0, 1/0.1), weight N(0, 1/1); v = 1/0.1 + 1/1 = 11; the mode's score solves z = 11·σ(−z)
    const z = bisect(11)
    const c = sigma(-z)
    const curvature = sigma(z) * sigma(-z)
    expect(s.interceptMean).toBeCloseTo(c / 0.1, 12)
    expect(s.interceptPrecision).toBeCloseTo(0.1 + curvature, 12)
    expect(Array.from(s.indices)).toStrictEqual([murmur3("subject.tier=gold") % 2 ** 18])
    expect(s.means[0]).toBeCloseTo(c, 12)
    expect(s.precisions[0]).toBeCloseTo(1 + curvature, 12)
    expect(s.interceptMean + (s.means[0] as number)).toBeCloseTo(z, 12)
    expect([s.positives, s.negatives, s.at]).toStrictEqual([1, 0, null])
  })

  it("recovers the coefficients of a logistic truth after 20,000 responses: numbers within 0.1, level differences within 0.15", () => {
    const lr = LR.logisticRegression({ exploration: "none" })
    const s = lr.learnAll(lr.empty, synthetic(20_000, "recover"))
    const e = lr.explain(s, {
      "subject.x0": 1,
      "subject.x1": 1,
      "subject.x2": 1,
      "subject.x3": 1,
      "subject.x4": 1
    })
    e.features.forEach((f, j) => expect(Math.abs(f.mean - (TRUE_WEIGHTS[j] as number))).toBeLessThan(0.1))
    // the symbol's levels are one-hot: their weights and the intercept are identified only up to a shared
    // constant (the prior splits it); the differences between levels are what the data fix
    const level = (tier: string): number => lr.explain(s, { "subject.tier": tier }).features[0]?.mean as number
    // (a level holds a third of the responses: its statistical error is about twice a number's)
    expect(Math.abs(level("gold") - level("silver") - 0.6)).toBeLessThan(0.15)
    expect(Math.abs(level("silver") - level("bronze") - 1)).toBeLessThan(0.15)
    expect(Math.abs(e.intercept.mean + level("silver") - (-1 + 0.4))).toBeLessThan(0.15)
    expect(s.positives + s.negatives).toBe(20_000)
  })

  it("ranks held-out customers almost as well as the truth (AUC within 0.01 of the Bayes AUC)", () => {
    const lr = LR.logisticRegression({ exploration: "none" })
    const s = lr.learnAll(lr.empty, synthetic(10_000, "train"))
    const test = synthetic(5_000, "test")
    const rng = fromSeed(1)
    const auc = (scores: ReadonlyArray<number>): number => {
      const pos = test.flatMap((o, i) => (o.positive ? [scores[i] as number] : []))
      const neg = test.flatMap((o, i) => (o.positive ? [] : [scores[i] as number]))
      let wins = 0
      for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0
      return wins / (pos.length * neg.length)
    }
    const truth = test.map((o) => {
      const f = o.features
      let z = -1 + (LEVELS[f["subject.tier"] as string] as number)
      TRUE_WEIGHTS.forEach((w, j) => (z += w * (f[`subject.x${j}`] as number)))
      return z
    })
    const model = test.map((o) => lr.score(s, o.features, rng)[0].propensity)
    expect(auc(truth) - auc(model)).toBeLessThan(0.01)
  })

  it("adds the values of features that share a slot, and signs them with signed hashing", () => {
    const lr = LR.logisticRegression({ hashing: { bits: 1 } }) // two slots: everything collides
    const s = lr.learn(lr.empty, { features: { a: 1, b: 2, c: "x" }, positive: true, at: 0 })
    const slots = new Set(["a", "b", "c=x"].map((text) => murmur3(text) % 2))
    expect(s.indices.length).toBe(slots.size)
    const signed = LR.logisticRegression({ hashing: { bits: 18, signed: true } })
    const t = signed.learn(signed.empty, { features: { "subject.tier": "gold" }, positive: true, at: 0 })
    const sign = murmur3("subject.tier=gold") >= 2 ** 31 ? -1 : 1
    expect(Math.sign(t.means[0] as number)).toBe(sign)
    expect(signed.score(t, { "subject.tier": "gold" }, fromSeed(1))[0].propensity).toBe(
      lr.score(
        lr.learn(lr.empty, { features: { "subject.tier": "gold" }, positive: true, at: 0 }),
        { "subject.tier": "gold" },
        fromSeed(1)
      )[0].propensity
    )
  })

  it("standardizes the configured numbers before hashing, in learning and in scoring", () => {
    const scaled = LR.logisticRegression({ standardize: { "subject.income": { mean: 50_000, sd: 20_000 } } })
    const plain = LR.logisticRegression()
    const a = scaled.learn(scaled.empty, { features: { "subject.income": 70_000 }, positive: true, at: 0 })
    const b = plain.learn(plain.empty, { features: { "subject.income": 1 }, positive: true, at: 0 })
    expect(a).toStrictEqual(b)
    expect(scaled.score(a, { "subject.income": 30_000 }, fromSeed(2))).toStrictEqual(
      plain.score(b, { "subject.income": -1 }, fromSeed(2))
    )
    // the mean itself standardizes to 0: no feature
    expect(
      scaled.learn(scaled.empty, { features: { "subject.income": 50_000 }, positive: true, at: 0 }).indices
    ).toHaveLength(0)
    expect(() => LR.logisticRegression({ standardize: { x: { mean: 0, sd: 0 } } })).toThrow(
      new TypeError(
        'LogisticRegression.logisticRegression: standardize["x"] needs a finite mean and a positive finite sd'
      )
    )
  })

  it("reads only the configured features", () => {
    const lr = LR.logisticRegression({ features: ["subject.age"] })
    expect(lr.reads).toStrictEqual(["subject.age"])
    const s = lr.learn(lr.empty, { features: { "subject.age": 0.5, "subject.tier": "gold" }, positive: true, at: 0 })
    expect(Array.from(s.indices)).toStrictEqual([murmur3("subject.age") % 2 ** 18])
    expect(LR.logisticRegression().reads).toBeUndefined()
  })

  it("leaves the weights as they were when an update overflows, and still counts the response", () => {
    const lr = LR.logisticRegression()
    const s = lr.learn(lr.empty, { features: { x: 1e300 }, positive: true, at: 0 })
    expect(Array.from(s.means)).toStrictEqual([0])
    expect(s.interceptMean).toBe(0)
    expect(s.positives).toBe(1)
    const [score] = lr.score(s, { x: 1e300 }, fromSeed(1))
    expect(score.propensity).toBeGreaterThanOrEqual(0)
    expect(score.explored).toBeGreaterThanOrEqual(0)
  })
})

describe("LogisticRegression scoring", () => {
  const lr = LR.logisticRegression()
  const s = lr.learnAll(lr.empty, synthetic(500, "score"))
  const f: Features = { "subject.x0": 0.5, "subject.tier": "gold", "subject.unseen": "level" }

  it("draws σ(mᵀx + sd·ε) with ε one standard normal from the generator (Thompson)", () => {
    const e = lr.explain(s, f)
    const rng = fromSeed("decision-7")
    const [score, next] = lr.score(s, f, rng)
    const [eps, expectedNext] = normal(rng)
    expect(score.propensity).toBeCloseTo(sigma(e.score), 14)
    expect(score.explored).toBeCloseTo(sigma(e.score + e.sd * eps), 14)
    expect(next).toStrictEqual(expectedNext)
    // an unseen feature adds its prior variance 1/λ and nothing to the score
    expect(e.features.find((x) => x.name === "subject.unseen")).toMatchObject({ mean: 0, precision: 1 })
    expect(score.evidence).toBe(500)
  })

  it("without exploration, explores nothing and draws nothing", () => {
    const greedy = LR.logisticRegression({ exploration: "none" })
    const rng = fromSeed(3)
    const [score, next] = greedy.score(s, f, rng)
    expect(score.explored).toBe(score.propensity)
    expect(next).toBe(rng)
  })

  it("multiplies the catalog prior into the intercept, unless a prior is configured", () => {
    const rng = fromSeed(1)
    // an empty model: intercept N(0, 1/0.1) times N(logit 0.2, 1/(100·0.2·0.8))
    const qc = 100 * 0.2 * 0.8
    const expected = sigma((qc * Math.log(0.25)) / (0.1 + qc))
    expect(lr.score(lr.empty, {}, rng, { propensity: 0.2, evidence: 100 })[0].propensity).toBeCloseTo(expected, 14)
    expect(lr.score(lr.empty, {}, rng)[0].propensity).toBe(0.5)
    expect(lr.score(lr.empty, {}, rng, { propensity: 0.2, evidence: 0 })[0].propensity).toBe(0.5)
    const configured = LR.logisticRegression({ prior: { propensity: 0.1, evidence: 50 } })
    expect(configured.empty.interceptMean).toBeCloseTo(Math.log(1 / 9), 14)
    expect(configured.empty.interceptPrecision).toBeCloseTo(50 * 0.1 * 0.9, 14)
    expect(configured.score(configured.empty, {}, rng, { propensity: 0.9, evidence: 1000 })[0].propensity).toBeCloseTo(
      0.1,
      12
    )
  })
})

describe("LogisticRegression forgetting", () => {
  const DAY = 86_400_000
  const lr = LR.logisticRegression({ halfLife: { ms: DAY } })
  const os = synthetic(300, "forget").map((o) => ({ ...o, at: 0 }))

  it("decays every precision toward its prior, with its precision-weighted mean", () => {
    const s = lr.learnAll(lr.empty, os)
    const later = lr.learn(s, { features: {}, positive: false, at: 3 * DAY })
    // one half-life factor of 1/8 on every weight that the last response did not touch
    for (let e = 0; e < s.indices.length; e++) {
      const q = s.precisions[e] as number
      const decayed = 1 + (q - 1) / 8
      expect(later.precisions[e]).toBeCloseTo(decayed, 12)
      expect(later.means[e]).toBeCloseTo((q * (s.means[e] as number)) / 8 / decayed, 12)
    }
    expect(later.positives).toBeCloseTo(s.positives / 8, 12)
    expect(later.at).toBe(3 * DAY)
    const forgotten = lr.learn(s, { features: {}, positive: false, at: 200 * DAY })
    expect(Math.max(...Array.from(forgotten.precisions, (q) => q - 1))).toBeLessThan(1e-12)
  })

  it("weighs a late-arriving response by its age, and merges at the later stamp", () => {
    const s = lr.learn(lr.empty, { features: {}, positive: true, at: 2 * DAY })
    const t = lr.learn(s, { features: {}, positive: true, at: DAY })
    expect(t.positives).toBeCloseTo(1.5, 14)
    const merged = lr.merge(lr.learn(lr.empty, { features: {}, positive: true, at: 0 }), s)
    expect(merged.at).toBe(2 * DAY)
    expect(merged.positives).toBeCloseTo(1.25, 14)
  })
})

describe("LogisticRegression codec", () => {
  const lr = LR.logisticRegression({ hashing: { bits: 8 } })
  const s = lr.learnAll(lr.empty, [
    { features: { a: "x" }, positive: true, at: 0 },
    { features: { b: 0.5 }, positive: false, at: 0 }
  ])

  it("writes a versioned snapshot with the hashing and the weights by slot", () => {
    const json = lr.codec.encode(s) as Record<string, unknown>
    expect(Object.keys(json)).toStrictEqual([
      "version",
      "hashing",
      "regularization",
      "intercept",
      "weights",
      "positives",
      "negatives"
    ])
    expect(json["hashing"]).toStrictEqual({ bits: 8, seed: 0, signed: false })
    expect((json["weights"] as ReadonlyArray<ReadonlyArray<number>>).map((w) => w[0])).toStrictEqual(
      [murmur3("a=x") % 256, murmur3("b") % 256].sort((x, y) => x - y)
    )
    const back = lr.codec.decode(JSON.parse(JSON.stringify(json)))
    expect(E.isRight(back) && LR.equals(back.right, s)).toBe(true)
  })

  it("reports every problem of a bad snapshot with its path", () => {
    const bad = {
      version: 2,
      hashing: { bits: 16, seed: 0, signed: false },
      regularization: 2,
      intercept: [0, -1],
      weights: [[3, 0.1, 1.5], [3, 0.2, 1.5], [256, 0, 1], [4.5, "x", 0.5], "w"],
      positives: 1.5,
      negatives: -1,
      extra: true
    }
    const result = decodeWith(lr.codec)(bad)
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) expect(render(result.left)).toBe(EXPECTED_ERRORS)
  })

  it("accepts decayed counts only with forgetting", () => {
    const json = { ...(lr.codec.encode(s) as object), positives: 0.5 }
    expect(E.isLeft(lr.codec.decode(json))).toBe(true)
    const forgetting = LR.logisticRegression({ hashing: { bits: 8 }, halfLife: { ms: 1000 } })
    expect(E.isRight(forgetting.codec.decode({ ...json, at: 5 }))).toBe(true)
  })

  it("refuses a bad configuration, naming the API", () => {
    expect(() => LR.logisticRegression({ regularization: 0 })).toThrow(
      new TypeError("LogisticRegression.logisticRegression: regularization must be a positive finite number")
    )
    expect(() => LR.logisticRegression({ hashing: { bits: 40 } })).toThrow(
      /^LogisticRegression\.logisticRegression: bits must be/
    )
    expect(() => LR.logisticRegression({ prior: { propensity: 1, evidence: 10 } })).toThrow(TypeError)
    expect(() => LR.logisticRegression({ halfLife: { ms: 0 } })).toThrow(TypeError)
    expect(() => LR.logisticRegression({ explorationScale: -1 })).toThrow(TypeError)
  })
})

const EXPECTED_ERRORS = [
  "13 problems:",
  '  $.extra [unknown_key] unknown key "extra" in a logistic-regression state (found: true)',
  "  $.version [unknown_version] unknown snapshot version: expected 1 (found: 2)",
  "  $.hashing.bits [invalid_value] the state was hashed with bits 16, this learner hashes with 8 (found: 16)",
  "  $.regularization [invalid_value] the state was learned with regularization 2, this learner has 1 (found: 2)",
  "  $.intercept[1] [out_of_range] expected a positive precision (found: -1)",
  "  $.weights[1][0] [invalid_value] slot 3 appears twice (found: 3)",
  "  $.weights[2][0] [out_of_range] expected a slot index in [0, 2^8) (found: 256)",
  "  $.weights[3][0] [not_integer] a slot index must be a whole number (found: 4.5)",
  '  $.weights[3][1] [invalid_type] expected a finite mean (found: "x")',
  "  $.weights[3][2] [out_of_range] expected a precision ≥ the regularization 1 (found: 0.5)",
  '  $.weights[4] [invalid_type] expected a weight as [index, mean, precision] (found: "w")',
  "  $.positives [not_integer] a count must be a whole number (found: 1.5)",
  "  $.negatives [out_of_range] a count cannot be negative (found: -1)"
].join("\n")
