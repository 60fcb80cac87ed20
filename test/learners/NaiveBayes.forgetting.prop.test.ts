/**
 * Naive Bayes forgetting (issue 11, drift): with `halfLife: { ms }` every count decays as 2^(−Δt / h) toward the
 * latest response's time, the state is stamped with that instant, and merging decays both states to the later stamp
 * before adding. Responses at whole half-lives apart have dyadic weights (1, 1/2, 1/4, …), summed exactly in
 * floating point: there the monoid laws and "learning xs then ys equals merging what each taught" hold exactly.
 */
import * as E from "fp-ts/lib/Either.js"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fromSeed } from "../../src/kernel/Random.js"
import type { Observation } from "../../src/learners/Learner.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"

const H = 60_000
const T0 = Date.UTC(2024, 0, 1)
const nb = NaiveBayes.naiveBayes({
  predictors: [NaiveBayes.numeric("subject.age"), NaiveBayes.symbolic("context.device")],
  binning: { after: 5, minimumCases: 0.1 },
  halfLife: { ms: H }
})

/** responses at whole half-lives T0 + k·H (k in 0..3), some with a decision-time score */
const response: fc.Arbitrary<Observation> = fc
  .record({
    age: fc.option(fc.integer({ min: 18, max: 80 }), { nil: undefined }),
    device: fc.constantFrom("mobile", "desktop", "tablet"),
    positive: fc.boolean(),
    k: fc.integer({ min: 0, max: 3 }),
    score: fc.option(fc.integer({ min: -3000, max: 1000 }), { nil: undefined })
  })
  .map(({ age, device, positive, k, score }) => ({
    features: { "subject.age": age ?? null, "context.device": device },
    positive,
    at: T0 + k * H,
    ...(score === undefined ? {} : { modelScore: score / 1000 })
  }))
const responses = fc.array(response, { maxLength: 40 })

describe("NaiveBayes forgetting: the monoid stays exact for states stamped alike", () => {
  it("merge is commutative and associative with empty as identity", () => {
    fc.assert(
      fc.property(responses, responses, responses, (xs, ys, zs) => {
        const [a, b, c] = [xs, ys, zs].map((os) => nb.learnAll(nb.empty, os)) as [
          NaiveBayes.State,
          NaiveBayes.State,
          NaiveBayes.State
        ]
        return (
          NaiveBayes.equals(nb.merge(a, b), nb.merge(b, a)) &&
          NaiveBayes.equals(nb.merge(nb.merge(a, b), c), nb.merge(a, nb.merge(b, c))) &&
          NaiveBayes.equals(nb.merge(a, nb.empty), a) &&
          NaiveBayes.equals(nb.merge(nb.empty, a), a)
        )
      })
    )
  })

  it("learning xs then ys equals merging what each taught, in any order; learnAll equals folding learn", () => {
    fc.assert(
      fc.property(responses, responses, (xs, ys) => {
        const whole = nb.learnAll(nb.learnAll(nb.empty, xs), ys)
        const reversed = nb.learnAll(nb.empty, [...ys, ...xs].reverse())
        const merged = nb.merge(nb.learnAll(nb.empty, xs), nb.learnAll(nb.empty, ys))
        const folded = [...xs, ...ys].reduce(nb.learn, nb.empty)
        return (
          NaiveBayes.equals(whole, merged) && NaiveBayes.equals(whole, reversed) && NaiveBayes.equals(whole, folded)
        )
      })
    )
  })

  it("states stamped alike merge by adding their counts; the codec round-trips decayed counts and the stamp", () => {
    fc.assert(
      fc.property(responses, responses, (xs, ys) => {
        const stamp = (os: ReadonlyArray<Observation>): ReadonlyArray<Observation> => [
          ...os,
          { features: {}, positive: false, at: T0 + 3 * H }
        ]
        const a = nb.learnAll(nb.empty, stamp(xs))
        const b = nb.learnAll(nb.empty, stamp(ys))
        const m = nb.merge(a, b)
        const decoded = nb.codec.decode(JSON.parse(JSON.stringify(nb.codec.encode(m))))
        return (
          a.at === b.at &&
          m.at === a.at &&
          m.positives === a.positives + b.positives &&
          m.negatives === a.negatives + b.negatives &&
          NaiveBayes.equals(m, NaiveBayes.mergeStates(a, b)) &&
          E.isRight(decoded) &&
          NaiveBayes.equals(decoded.right, m)
        )
      })
    )
  })
})

describe("NaiveBayes forgetting: known answers", () => {
  it("one positive at t and one at t + h: 1.5 positives, stamped t + h; a negative h later halves them", () => {
    const o = (positive: boolean, at: number): Observation => ({
      features: { "context.device": "mobile" },
      positive,
      at
    })
    const s = nb.learnAll(nb.empty, [o(true, T0), o(true, T0 + H)])
    expect([s.positives, s.negatives, s.at]).toStrictEqual([1.5, 0, T0 + H])
    const later = nb.learn(s, o(false, T0 + 2 * H))
    expect([later.positives, later.negatives, later.at]).toStrictEqual([0.75, 1, T0 + 2 * H])
    expect(later.predictors.get("context.device")?.bins.get("mobile")).toStrictEqual({ positives: 0.75, negatives: 1 })
    // a late response (before the stamp) counts with its own decay, and does not move the stamp back
    const late = nb.learn(later, o(true, T0 + H))
    expect([late.positives, late.at]).toStrictEqual([1.25, T0 + 2 * H])
  })

  it("without a half-life the codec refuses fractional counts and a stamp", () => {
    const plain = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("context.device")] })
    const r = plain.codec.decode({ version: 1, positives: 1.5, negatives: 0, predictors: {}, at: T0 })
    expect(E.isLeft(r)).toBe(true)
  })

  it("drift: after the rate moves from 20% to 2%, a forgetting model follows, a static one lags", () => {
    const static_ = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("context.device")], exploration: "none" })
    const forgetting = NaiveBayes.naiveBayes({ ...static_.config, halfLife: { ms: H } })
    const rows = (rate: number, from: number, n: number): ReadonlyArray<Observation> =>
      Array.from({ length: n }, (_, i) => ({
        features: { "context.device": i % 2 === 0 ? "mobile" : "desktop" },
        positive: i % 100 < rate * 100,
        at: from + i * 100
      }))
    // 2,000 responses at 20%, then 6,000 at 2% (ten half-lives)
    const os = [...rows(0.2, T0, 2000), ...rows(0.02, T0 + 200_000, 6000)]
    const rng = fromSeed(1)
    const p = (l: NaiveBayes.NaiveBayes): number => l.score(l.learnAll(l.empty, os), {}, rng)[0].propensity
    expect(Math.abs(p(forgetting) - 0.02)).toBeLessThan(0.005)
    expect(p(static_)).toBeGreaterThan(0.06) // (400 + 120) / 8,000
  })
})
