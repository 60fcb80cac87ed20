/**
 * The laws of src/learners/Models.ts's header, for the shipped learners: `getMonoid(learner)` is a
 * commutative monoid (key-wise merge, identity `empty(learner)`), `decode ∘ encode` is the
 * identity; and the module codecs of the learners' states (`ThompsonSampling.codec`,
 * `ExternalScore.codec`) round-trip.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import type { Eq } from "fp-ts/lib/Eq.js"
import { describe, expect, it } from "vitest"
import * as ExternalScore from "../../src/learners/ExternalScore.js"
import type { Learner, Observation } from "../../src/learners/Learner.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import { observation } from "../arbitraries/learners.js"
import { commutativeMonoidLaws, deepEq, roundTrip } from "../laws.js"

const responses = (
  scored: "never" | "always" | "sometimes"
): fc.Arbitrary<ReadonlyArray<readonly [string, Observation]>> =>
  fc.array(fc.tuple(fc.constantFrom("Gold@web", "Gold@email", "Loan@web"), observation(scored)), { maxLength: 30 })

/** models equal key by key under the learner's own equality (a key absent on one side: its empty state) */
const modelsEq = <S>(eq: Eq<S>): Eq<Models.Models<S>> => ({
  equals: (x, y) => {
    const keys = new Set([...Object.keys(x.states), ...Object.keys(y.states)])
    for (const key of keys) if (!eq.equals(Models.stateOf(x, key), Models.stateOf(y, key))) return false
    return true
  }
})

const laws = <S>(name: string, learner: Learner<S>, eq: Eq<S>, scored: "never" | "always" | "sometimes"): void => {
  const models = responses(scored).map((rs) => Models.learnMany(Models.empty(learner), rs))
  commutativeMonoidLaws(`Models<${name}>`, Models.getMonoid(learner), models, modelsEq(eq), { numRuns: 50 })
  roundTrip(`Models<${name}> codec`, Models.codec(learner), models, modelsEq(eq), { numRuns: 50 })
  it(`Models<${name}>: decode ∘ encode = identity (Models.decode)`, () => {
    fc.assert(
      fc.property(models, (m) => {
        const decoded = Models.decode(learner, JSON.parse(JSON.stringify(Models.encode(m))))
        expect(E.isRight(decoded)).toBe(true)
        return E.isRight(decoded) && modelsEq(eq).equals(decoded.right, m)
      }),
      { numRuns: 50 }
    )
  })
}

describe("Models laws", () => {
  laws("thompson", ThompsonSampling.thompsonSampling(), deepEq, "never")
  laws("external", ExternalScore.externalScore({ fact: "subject.balance" }), deepEq, "never")
  const nb = NaiveBayes.naiveBayes({
    predictors: [
      NaiveBayes.numeric("subject.age"),
      NaiveBayes.symbolic("context.device"),
      NaiveBayes.numeric("subject.balance", [0, 1000])
    ],
    binning: { after: 5, minimumCases: 0.1 }
  })
  laws("naiveBayes", nb, { equals: NaiveBayes.equals }, "always")
})

describe("module codecs of learner states", () => {
  const ts = ThompsonSampling.thompsonSampling({ halfLife: { ms: 86_400_000 } })
  roundTrip(
    "ThompsonSampling.codec",
    ThompsonSampling.codec,
    fc.array(observation("never"), { maxLength: 20 }).map((os) => ts.learnAll(ts.empty, os)),
    deepEq
  )
  const ex = ExternalScore.externalScore({ fact: "subject.balance" })
  roundTrip(
    "ExternalScore.codec",
    ExternalScore.codec,
    fc.array(observation("never"), { maxLength: 20 }).map((os) => ex.learnAll(ex.empty, os)),
    deepEq
  )
})
