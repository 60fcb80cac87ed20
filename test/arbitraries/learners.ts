/**
 * Arbitraries for the learners: observations over a small feature space, and states built by
 * learning them (so every generated state is one a learner can reach).
 */
import * as fc from "fast-check"
import { FeaturesCodec } from "../../src/feedback/DecisionRecord.js"
import type { Features, Learner, Observation } from "../../src/learners/Learner.js"

/** features of the shared test model: a numeric age, a symbolic device, a numeric balance */
export const features: fc.Arbitrary<Features> = fc.record({
  "subject.age": fc.oneof(fc.integer({ min: 18, max: 90 }), fc.constant(null)),
  "context.device": fc.oneof(
    fc.constantFrom("mobile", "desktop", "tablet", "tv"),
    fc.constant(null),
    fc.constant(undefined)
  ),
  "subject.balance": fc.oneof(
    fc.integer({ min: -5000, max: 100000 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.constant(null)
  )
})

const instant = fc.integer({ min: 1_704_067_200_000, max: 1_735_689_599_000 }).map((ms) => ms - (ms % 1000))

/** a raw model score as a decision records it: any finite number, often on a classifier bucket edge */
export const modelScore: fc.Arbitrary<number> = fc.oneof(
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.integer({ min: -3000, max: 3000 }).map((k) => k * 0.001),
  fc.constantFrom(0, -0, 1e-12, -1e-12)
)

/** whether observations carry the decision-time `modelScore` */
export type Scored = "never" | "always" | "sometimes"

/** an observation at a whole-second instant in 2024 */
export const observation = (scored: Scored = "never"): fc.Arbitrary<Observation> => {
  const base = fc.record({ features, positive: fc.boolean(), at: instant })
  const withScore = fc.record({ features, positive: fc.boolean(), at: instant, modelScore })
  return scored === "never" ? base : scored === "always" ? withScore : fc.oneof(base, withScore)
}

/** a batch of observations */
export const observations = (maxLength = 40, scored: Scored = "never"): fc.Arbitrary<ReadonlyArray<Observation>> =>
  fc.array(observation(scored), { maxLength })

/** a prior as the catalog gives it */
export const prior = fc.record({
  propensity: fc.double({ min: 0, max: 1, noNaN: true }),
  evidence: fc.integer({ min: 0, max: 1000 })
})

/**
 * A learner that remembers what it scored — its state (here: the model key it was given as a
 * state) and the features — and scores 0.5; it reads every feature, so records keep them all.
 */
export const spyLearner = (): {
  readonly learner: Learner<string>
  readonly seen: Array<readonly [string, Features]>
} => {
  const seen: Array<readonly [string, Features]> = []
  const learner: Learner<string> = {
    name: "spy",
    empty: "",
    score: (state, features, rng) => {
      seen.push([state, features])
      return [{ propensity: 0.5, explored: 0.5, evidence: 0 }, rng]
    },
    learn: (s) => s,
    learnAll: (s) => s,
    merge: (x) => x,
    codec: FeaturesCodec as never
  }
  return { learner, seen }
}
