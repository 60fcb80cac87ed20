/**
 * Properties of the naive Bayes classifier counts beyond the shared learner laws.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import { features, modelScore, observation, observations } from "../arbitraries/learners.js"

const learned = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.age"),
    NaiveBayes.symbolic("context.device"),
    NaiveBayes.numeric("subject.balance")
  ],
  binning: { after: 5, minimumCases: 0.1 }
})
const configured = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.age", [30, 45, 60]),
    NaiveBayes.symbolic("context.device", [["mobile", "tablet"], ["desktop"]])
  ],
  exploration: "none"
})

describe.each([
  ["learned bins", learned],
  ["configured bins", configured]
])("NaiveBayes classifier counts (%s)", (_, nb) => {
  const state = observations(60, "sometimes").map((os) => nb.learnAll(nb.empty, os))

  it("a response without a modelScore is counted in the totals and predictors, never in the classifier", () => {
    fc.assert(
      fc.property(state, observation("never"), modelScore, (s, o, m) => {
        const unscored = nb.learn(s, o)
        const scored = nb.learn(s, { ...o, modelScore: m })
        expect(NaiveBayes.equals(unscored, { ...scored, scores: s.scores })).toBe(true)
        return NaiveBayes.equals({ ...unscored, scores: new Map() }, { ...scored, scores: new Map() })
      })
    )
  })

  it("a response with a modelScore is counted in its bucket, whatever the state", () => {
    fc.assert(
      fc.property(state, observation("never"), modelScore, (s, o, m) => {
        const next = nb.learn(s, { ...o, modelScore: m })
        const k = NaiveBayes.scoreBucket(m)
        const before = s.scores.get(k) ?? { positives: 0, negatives: 0 }
        const after = next.scores.get(k)
        return (
          after !== undefined &&
          after.positives === before.positives + (o.positive ? 1 : 0) &&
          after.negatives === before.negatives + (o.positive ? 0 : 1)
        )
      })
    )
  })

  it("the pooled classifier's propensities strictly increase, and its bins keep every counted response", () => {
    fc.assert(
      fc.property(state, (s) => {
        const view = nb.inspect(s)
        const ps = view.classifier.map((c) => c.propensity)
        for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThan(ps[i - 1] as number)
        if (!view.predictors.some((p) => p.active) || s.scores.size === 0) return view.classifier.length === 1
        let counted = 0
        for (const c of s.scores.values()) counted += c.positives + c.negatives
        return view.classifier.reduce((sum, c) => sum + c.positives + c.negatives, 0) === counted
      })
    )
  })

  it("recalibrate counts every given response at the state's own score (none while no predictor is active)", () => {
    fc.assert(
      fc.property(state, observations(30), features, (s, os, f) => {
        const r = NaiveBayes.recalibrate(nb, s, os)
        const active = nb.inspect(s).predictors.some((p) => p.active)
        let counted = 0
        for (const c of r.scores.values()) counted += c.positives + c.negatives
        expect(counted).toBe(active ? os.length : 0)
        expect(r.predictors).toBe(s.predictors)
        // the raw score is unchanged: only the classifier was recounted
        return nb.modelScore(r, f) === nb.modelScore(s, f)
      })
    )
  })
})

describe("NaiveBayes.scoreBucket", () => {
  it("is monotone, and a bucket holds the scores in [k·0.001, (k + 1)·0.001)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          expect(NaiveBayes.scoreBucket(lo)).toBeLessThanOrEqual(NaiveBayes.scoreBucket(hi))
          const k = NaiveBayes.scoreBucket(a)
          return (
            Number.isSafeInteger(k) &&
            k * NaiveBayes.SCORE_GRID <= a + 1e-12 &&
            a < (k + 1) * NaiveBayes.SCORE_GRID + 1e-12
          )
        }
      )
    )
  })
})
