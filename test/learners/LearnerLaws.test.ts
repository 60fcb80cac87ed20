/**
 * LearnerLaws.check, the public law checker for users' learners: every shipped learner passes it on
 * fast-check samples, and each law catches a learner built to break it (so the check can fail).
 */
import * as fc from "fast-check"
import type { Eq } from "fp-ts/lib/Eq.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import * as ExternalScore from "../../src/learners/ExternalScore.js"
import type { Learner, Observation } from "../../src/learners/Learner.js"
import * as LearnerLaws from "../../src/learners/LearnerLaws.js"
import * as LinearBandit from "../../src/learners/LinearBandit.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import { features, observations, prior } from "../arbitraries/learners.js"

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
const decayedEq: Eq<ThompsonSampling.State> = {
  equals: (x, y) =>
    close(x.positives, y.positives) && close(x.negatives, y.negatives) && x.at === y.at && x.events === y.events
}

const sample = (scored: "never" | "always"): fc.Arbitrary<LearnerLaws.Sample> =>
  fc.record(
    {
      observations: observations(30, scored),
      features: fc.array(features, { minLength: 1, maxLength: 3 }),
      seeds: fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
      prior
    },
    { requiredKeys: ["observations", "features", "seeds"] }
  )

const lawful = <S>(learner: Learner<S>, scored: "never" | "always", options: LearnerLaws.Options<S> = {}): void => {
  fc.assert(
    fc.property(sample(scored), (s) => {
      expect(LearnerLaws.check(learner, s, options)).toEqual([])
    }),
    { numRuns: 40 }
  )
}

describe("LearnerLaws.check passes the shipped learners", () => {
  it("Thompson sampling, with and without a prior", () => {
    lawful(ThompsonSampling.thompsonSampling(), "never")
    lawful(ThompsonSampling.thompsonSampling({ prior: { alpha: 2, beta: 18 } }), "never")
  })
  it("Thompson sampling with forgetting (a tolerant eq; no learn-then-merge law by event count)", () => {
    lawful(ThompsonSampling.thompsonSampling({ halfLife: { ms: 7 * 86_400_000 } }), "never", { eq: decayedEq })
    lawful(ThompsonSampling.thompsonSampling({ halfLife: { events: 100 } }), "never", {
      eq: decayedEq,
      skip: ["learnThenMerge"]
    })
  })
  it("linear Thompson sampling and LinUCB (integer-valued columns)", () => {
    const features = [LinearBandit.numeric("subject.age"), LinearBandit.symbolic("context.device", ["mobile", "tv"])]
    lawful(LinearBandit.linearThompson({ features }), "never")
    lawful(LinearBandit.linUcb({ features }), "never")
  })
  it("external score", () => {
    lawful(ExternalScore.externalScore({ fact: "subject.balance" }), "never")
  })
  it("naive Bayes, learned bins (observations carry their decision-time score)", () => {
    const nb = NaiveBayes.naiveBayes({
      predictors: [
        NaiveBayes.numeric("subject.age"),
        NaiveBayes.symbolic("context.device"),
        NaiveBayes.numeric("subject.balance")
      ],
      binning: { after: 5, minimumCases: 0.1 }
    })
    lawful(nb, "always", { eq: { equals: NaiveBayes.equals } })
    lawful(nb, "always") // and exactly, structurally
  })
  it("naive Bayes with the evidence rule of predictor selection and a predictor group", () => {
    const nb = NaiveBayes.naiveBayes({
      predictors: [
        NaiveBayes.numeric("subject.age"),
        NaiveBayes.symbolic("context.device"),
        NaiveBayes.numeric("subject.balance")
      ],
      binning: { after: 5, minimumCases: 0.1 },
      predictorSelection: "evidence",
      significance: 0.2,
      groups: [["subject.age", "subject.balance"]]
    })
    lawful(nb, "always")
  })
  it("naive Bayes with forgetting (a tolerant eq on the snapshots: decayed counts)", () => {
    const nb = NaiveBayes.naiveBayes({
      predictors: [NaiveBayes.numeric("subject.age"), NaiveBayes.symbolic("context.device")],
      binning: { after: 5, minimumCases: 0.1 },
      halfLife: { ms: 3_600_000 }
    })
    const near = (a: unknown, b: unknown): boolean =>
      typeof a === "number" && typeof b === "number"
        ? close(a, b)
        : Array.isArray(a) && Array.isArray(b)
          ? a.length === b.length && a.every((x, i) => near(x, b[i]))
          : a !== null && b !== null && typeof a === "object" && typeof b === "object"
            ? Object.keys(a).length === Object.keys(b).length &&
              Object.keys(a).every((k) => near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
            : a === b
    lawful(nb, "always", { eq: { equals: (x, y) => near(nb.codec.encode(x), nb.codec.encode(y)) } })
  })
})

// a lawful counter, and variants each breaking one law
interface Counter {
  readonly n: number
  readonly tag: string
}
const codec = new t.Type<Counter, unknown, unknown>(
  "Counter",
  (u): u is Counter => t.type({ n: t.number, tag: t.string }).is(u),
  (u, c) => t.type({ n: t.number, tag: t.string }).validate(u, c),
  (s) => ({ n: s.n, tag: s.tag })
)
const counter: Learner<Counter> = {
  name: "counter",
  empty: { n: 0, tag: "" },
  score: (s, _f, rng) => [{ propensity: 1 / (2 + s.n), explored: 1 / (2 + s.n), evidence: s.n }, rng],
  learn: (s, o) => ({ n: s.n + (o.positive ? 1 : 0), tag: s.tag }),
  learnAll: (s, os) => ({ n: s.n + os.filter((o) => o.positive).length, tag: s.tag }),
  merge: (x, y) => ({ n: x.n + y.n, tag: x.tag < y.tag ? y.tag : x.tag }),
  codec
}
const at = Date.UTC(2024, 0, 1)
const os: ReadonlyArray<Observation> = [true, false, false, true, true, false, true, true, true].map((positive, i) => ({
  features: {},
  positive,
  at: at + i
}))
const s: LearnerLaws.Sample = { observations: os, features: [{}] }
const broken = (l: Learner<Counter>): ReadonlyArray<LearnerLaws.Law> => [
  ...new Set(LearnerLaws.check(l, s).map((v) => v.law))
]

describe("each law catches a learner that breaks it", () => {
  it("the lawful counter passes", () => {
    expect(LearnerLaws.check(counter, s)).toEqual([])
  })
  it("mergeIdentity and mergeCommutative: a merge that keeps the first state", () => {
    expect(broken({ ...counter, merge: (x) => x })).toEqual(
      expect.arrayContaining(["mergeIdentity", "mergeCommutative", "learnThenMerge"])
    )
  })
  it("mergeAssociative: a merge that averages", () => {
    expect(broken({ ...counter, merge: (x, y) => ({ n: (x.n + y.n) / 2, tag: "" }) })).toContain("mergeAssociative")
  })
  it("learnThenMerge: learning that is not additive", () => {
    const doubling: Learner<Counter> = {
      ...counter,
      learn: (st, o) => ({ n: st.n * 2 + (o.positive ? 1 : 0), tag: st.tag }),
      learnAll: (st, xs) => xs.reduce((acc, o) => ({ n: acc.n * 2 + (o.positive ? 1 : 0), tag: acc.tag }), st)
    }
    expect(broken(doubling)).toEqual(["learnThenMerge"])
  })
  it("learnAllIsFold: a learnAll that drops the last observation", () => {
    expect(broken({ ...counter, learnAll: (st, xs) => counter.learnAll(st, xs.slice(0, -1)) })).toContain(
      "learnAllIsFold"
    )
  })
  it("codecRoundTrip: a codec that loses a field", () => {
    const lossy = new t.Type<Counter, unknown, unknown>("Lossy", codec.is, codec.validate, (st) => ({
      n: st.n,
      tag: ""
    }))
    const tagged: Learner<Counter> = {
      ...counter,
      learn: (st, o) => ({ ...counter.learn(st, o), tag: "x" }),
      codec: lossy
    }
    expect(
      LearnerLaws.check({ ...tagged, learnAll: (st, xs) => xs.reduce(tagged.learn, st) }, s).map((v) => v.law)
    ).toContain("codecRoundTrip")
  })
  it("scoreDeterministic: a score that reads hidden state", () => {
    let calls = 0
    const impure: Learner<Counter> = {
      ...counter,
      score: (_st, _f, rng) => [{ propensity: (calls++ % 2) / 2, explored: 0, evidence: 0 }, rng]
    }
    expect(broken(impure)).toContain("scoreDeterministic")
  })
  it("scoreInRange: a propensity above 1, reported with the score seen", () => {
    const over: Learner<Counter> = {
      ...counter,
      score: (_st, _f, rng) => [{ propensity: 1.5, explored: 1.5, evidence: 1 }, rng]
    }
    const v = LearnerLaws.check(over, s).filter((x) => x.law === "scoreInRange")
    expect(v.length).toBeGreaterThan(0)
    expect(v[0]?.message).toContain('"propensity":1.5')
  })
  it("a law that throws is a violation that says so, and skipped laws are not checked", () => {
    const throwing: Learner<Counter> = {
      ...counter,
      merge: () => {
        throw new Error("boom")
      }
    }
    const v = LearnerLaws.check(throwing, s)
    expect(v.find((x) => x.law === "mergeCommutative")?.message).toContain("(threw: boom)")
    expect(
      LearnerLaws.check(throwing, s, {
        skip: ["mergeIdentity", "mergeCommutative", "mergeAssociative", "learnThenMerge", "codecRoundTrip"]
      })
    ).toEqual([])
  })
})
