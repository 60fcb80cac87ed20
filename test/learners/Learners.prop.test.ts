/**
 * The shared learner property suite, applied to every learner the library ships.
 */
import type { Eq } from "fp-ts/lib/Eq.js"
import { describe } from "vitest"
import * as ExternalScore from "../../src/learners/ExternalScore.js"
import * as LogisticRegression from "../../src/learners/LogisticRegression.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import { deepEq } from "../laws.js"
import { learnerLaws } from "./learnerLaws.js"

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

/** Thompson states with decayed counts: equal up to floating-point rounding (relative 1e-9) */
const decayedEq: Eq<ThompsonSampling.State> = {
  equals: (x, y) =>
    close(x.positives, y.positives) && close(x.negatives, y.negatives) && x.at === y.at && x.events === y.events
}

const nbEq: Eq<NaiveBayes.State> = { equals: NaiveBayes.equals }

describe("ThompsonSampling (no forgetting)", () => {
  learnerLaws("thompson", ThompsonSampling.thompsonSampling(), { eq: deepEq })
})

describe("ThompsonSampling (explicit prior)", () => {
  learnerLaws("thompson Beta(2, 18)", ThompsonSampling.thompsonSampling({ prior: { alpha: 2, beta: 18 } }), {
    eq: deepEq,
    numRuns: 50
  })
})

describe("ThompsonSampling (time half-life)", () => {
  learnerLaws("thompson 7-day half-life", ThompsonSampling.thompsonSampling({ halfLife: { ms: 7 * 86_400_000 } }), {
    eq: decayedEq
  })
})

describe("ThompsonSampling (event half-life)", () => {
  // the order of two replicas' events is unknown: learning xs then ys is not a merge (documented)
  learnerLaws("thompson 100-event half-life", ThompsonSampling.thompsonSampling({ halfLife: { events: 100 } }), {
    eq: decayedEq,
    learnMergeLaw: false
  })
})

describe("ExternalScore", () => {
  learnerLaws("external", ExternalScore.externalScore({ fact: "subject.balance" }), { eq: deepEq })
})

describe("NaiveBayes (learned bins, binned after 5 responses)", () => {
  const nb = NaiveBayes.naiveBayes({
    predictors: [
      NaiveBayes.numeric("subject.age"),
      NaiveBayes.symbolic("context.device"),
      NaiveBayes.numeric("subject.balance")
    ],
    binning: { after: 5, minimumCases: 0.1 }
  })
  learnerLaws("naiveBayes learned", nb, { eq: nbEq, scored: true })
})

describe("NaiveBayes (configured bins, one without MISSING)", () => {
  const nb = NaiveBayes.naiveBayes({
    predictors: [
      NaiveBayes.numeric("subject.age", [30, 45, 60]),
      NaiveBayes.symbolic("context.device", [["mobile", "tablet"], ["desktop"]]),
      { name: "subject.balance", type: "numeric", bins: [0, 1000], missingBin: false }
    ],
    exploration: "none"
  })
  learnerLaws("naiveBayes configured", nb, { eq: nbEq, scored: true })
})

// logistic regression: merge is exactly commutative with an exact identity, associative up to rounding; learning
// xs then ys equals the merge only approximately (the law that replaces it: LogisticRegression.merge.prop.test.ts)
const lrEq: Eq<LogisticRegression.State> = { equals: (x, y) => LogisticRegression.equals(x, y, 1e-9) }

describe("LogisticRegression (hashed, Thompson)", () => {
  learnerLaws("logisticRegression", LogisticRegression.logisticRegression(), { eq: lrEq, learnMergeLaw: false })
})

describe("LogisticRegression (few signed bits, time half-life, configured prior)", () => {
  learnerLaws(
    "logisticRegression 4 bits signed, 1-day half-life",
    LogisticRegression.logisticRegression({
      hashing: { bits: 4, signed: true },
      halfLife: { ms: 86_400_000 },
      prior: { propensity: 0.05, evidence: 40 }
    }),
    { eq: lrEq, learnMergeLaw: false, numRuns: 50 }
  )
})
