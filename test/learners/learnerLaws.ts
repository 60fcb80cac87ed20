/**
 * The one property suite every learner satisfies (see src/learners/Learner.ts): merge is a
 * commutative monoid with `empty` as identity, learning xs then ys equals merging what each
 * taught, the codec round-trips, score is deterministic for the same rng, propensities lie in
 * [0, 1]. Call inside a `describe`.
 */
import * as fc from "fast-check"
import type { Eq } from "fp-ts/lib/Eq.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import { expect, it } from "vitest"
import { fromSeed } from "../../src/kernel/Random.js"
import type { Learner, Observation } from "../../src/learners/Learner.js"
import { commutativeMonoidLaws, roundTrip } from "../laws.js"
import { features, observations, prior } from "../arbitraries/learners.js"

export interface LearnerLawOptions<S> {
  /** equality of states: exact by default (pass a tolerant one for decaying learners) */
  readonly eq: Eq<S>
  /** whether learning xs then ys must equal merging (false for event-forgetting learners) */
  readonly learnMergeLaw?: boolean
  /**
   * whether the learner calibrates on the decision-time `modelScore`: observations then carry
   * one for the learn/merge law (exact only for those), and carry one or not everywhere else
   */
  readonly scored?: boolean
  readonly numRuns?: number
}

export const learnerLaws = <S>(name: string, learner: Learner<S>, options: LearnerLawOptions<S>): void => {
  const { eq } = options
  const numRuns = options.numRuns ?? 100
  const mixed = (): fc.Arbitrary<ReadonlyArray<Observation>> =>
    observations(40, options.scored === true ? "sometimes" : "never")
  const lawful = (): fc.Arbitrary<ReadonlyArray<Observation>> =>
    observations(40, options.scored === true ? "always" : "never")
  const state = mixed().map((os) => learner.learnAll(learner.empty, os))
  const M: Monoid<S> = { concat: learner.merge, empty: learner.empty }

  commutativeMonoidLaws(`${name} merge`, M, state, eq, { numRuns })

  if (options.learnMergeLaw !== false) {
    it(`${name}: learning xs then ys = merge(learn xs, learn ys)`, () => {
      fc.assert(
        fc.property(lawful(), lawful(), (xs, ys) => {
          const sequential = learner.learnAll(learner.learnAll(learner.empty, xs), ys)
          const merged = learner.merge(learner.learnAll(learner.empty, xs), learner.learnAll(learner.empty, ys))
          return eq.equals(sequential, merged)
        }),
        { numRuns }
      )
    })
  }

  it(`${name}: learnAll = folding learn`, () => {
    fc.assert(
      fc.property(mixed(), (os) => {
        let s = learner.empty
        for (const o of os) s = learner.learn(s, o)
        return eq.equals(s, learner.learnAll(learner.empty, os))
      }),
      { numRuns }
    )
  })

  roundTrip(`${name} codec`, learner.codec, state, eq, { numRuns })

  it(`${name}: score is deterministic for the same rng, and propensities lie in [0, 1]`, () => {
    fc.assert(
      fc.property(state, features, fc.integer(), fc.option(prior, { nil: undefined }), (s, f, seed, p) => {
        const rng = fromSeed(seed)
        const a = p === undefined ? learner.score(s, f, rng) : learner.score(s, f, rng, p)
        const b = p === undefined ? learner.score(s, f, rng) : learner.score(s, f, rng, p)
        expect(a).toStrictEqual(b)
        const [score] = a
        return (
          score.propensity >= 0 &&
          score.propensity <= 1 &&
          score.explored >= 0 &&
          score.explored <= 1 &&
          Number.isFinite(score.evidence) &&
          score.evidence >= 0
        )
      }),
      { numRuns }
    )
  })
}
