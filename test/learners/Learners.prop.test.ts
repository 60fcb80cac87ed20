/**
 * The shared learner property suite, applied to every learner the library ships.
 */
import type { Eq } from "fp-ts/lib/Eq.js"
import { describe } from "vitest"
import * as ExternalScore from "../../src/learners/ExternalScore.js"
import * as LogisticRegression from "../../src/learners/LogisticRegression.js"
import * as LinearBandit from "../../src/learners/LinearBandit.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as Routed from "../../src/learners/Routed.js"
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

/** linear states whose sums are not exact (fractional features, decay): equal up to 1e-9 of each array's scale */
const linearEq: Eq<LinearBandit.State> = {
  equals: (x, y) => {
    const near = (a: Float64Array, b: Float64Array): boolean => {
      if (a.length !== b.length) return false
      let scale = 1
      for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] as number), Math.abs(b[i] as number))
      for (let i = 0; i < a.length; i++) if (Math.abs((a[i] as number) - (b[i] as number)) > 1e-9 * scale) return false
      return true
    }
    return (
      near(x.gram, y.gram) &&
      near(x.moment, y.moment) &&
      close(x.responses, y.responses) &&
      close(x.positives, y.positives) &&
      x.at === y.at &&
      x.events === y.events
    )
  }
}

// whole ages (centre 0, scale 1), device indicators and their cross: every sum is a whole number, so the laws
// hold exactly
const exactTerms = [
  LinearBandit.numeric("subject.age"),
  LinearBandit.symbolic("context.device", ["mobile", "desktop", "tablet"]),
  LinearBandit.cross(LinearBandit.numeric("subject.age"), LinearBandit.symbolic("context.device", ["mobile"]))
]
// fractional balances and a scaled age: the sums round
const roundedTerms = [
  LinearBandit.numeric("subject.age", { center: 45, scale: 15 }),
  LinearBandit.numeric("subject.balance", { center: 1000, scale: 5000 }),
  LinearBandit.symbolic("context.device", ["mobile", "desktop"])
]

describe("LinearBandit.linearThompson (integer-valued columns: exact)", () => {
  learnerLaws("linearThompson exact", LinearBandit.linearThompson({ features: exactTerms }), { eq: deepEq })
})

describe("LinearBandit.linUcb (integer-valued columns: exact)", () => {
  learnerLaws("linUcb exact", LinearBandit.linUcb({ features: exactTerms, prior: { propensity: 0.1, evidence: 20 } }), {
    eq: deepEq
  })
})

describe("LinearBandit.linearThompson (fractional columns: up to rounding)", () => {
  learnerLaws("linearThompson rounded", LinearBandit.linearThompson({ features: roundedTerms }), {
    eq: linearEq,
    numRuns: 50
  })
})

describe("LinearBandit.linUcb (time half-life)", () => {
  learnerLaws(
    "linUcb 7-day half-life",
    LinearBandit.linUcb({ features: exactTerms, halfLife: { ms: 7 * 86_400_000 } }),
    { eq: linearEq, numRuns: 50 }
  )
})

describe("LinearBandit.linearThompson (event half-life)", () => {
  // as Thompson sampling's: the order of two replicas' events is unknown
  learnerLaws(
    "linearThompson 100-event half-life",
    LinearBandit.linearThompson({ features: exactTerms, halfLife: { events: 100 } }),
    { eq: linearEq, learnMergeLaw: false, numRuns: 50 }
  )
})

/** routed states: the same route, and equal states by that route's learner's equality */
const routedEq = (eqOf: (route: string | null) => Eq<unknown>): Eq<Routed.State> => ({
  equals: (x, y) => (x === null || y === null ? x === y : x.route === y.route && eqOf(x.route).equals(x.state, y.state))
})

describe("Routed (naive Bayes by default, linear Thompson for one action)", () => {
  const nb = NaiveBayes.naiveBayes({
    predictors: [NaiveBayes.numeric("subject.age"), NaiveBayes.symbolic("context.device")],
    binning: { after: 5, minimumCases: 0.1 }
  })
  const routed = Routed.routed({
    default: nb,
    actions: { GoldCard: LinearBandit.linearThompson({ features: exactTerms }) }
  })
  const eq = routedEq((route) => (route === null ? (nbEq as Eq<unknown>) : deepEq))
  // from the unbound empty state: every state is the default learner's
  learnerLaws("routed, default route", routed, { eq, scored: true, numRuns: 50 })
  // from a GoldCard key's empty state: every state is the linear learner's
  const forKey = routed.forKey
  if (forKey === undefined) throw new Error("a routed learner routes by key")
  learnerLaws("routed, GoldCard route", { ...routed, empty: forKey("GoldCard@web").empty }, { eq, numRuns: 50 })
})
