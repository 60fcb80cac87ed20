/**
 * The laws every `Learner` must satisfy, as a function a user runs on their own learner: give it
 * the learner and a sample of observations and features, get back the laws it broke, each with
 * what was compared. The shipped learners pass it (test/learners/LearnerLaws.test.ts runs it on
 * fast-check samples); a custom learner should pass it in its own tests before it goes into
 * `Models`, because the feedback reducer and replica sync rely on these laws.
 *
 * The laws (see Learner.ts):
 * - `mergeIdentity`: `merge(s, empty)` and `merge(empty, s)` are `s`;
 * - `mergeCommutative`: `merge(a, b)` is `merge(b, a)`;
 * - `mergeAssociative`: `merge(merge(a, b), c)` is `merge(a, merge(b, c))`;
 * - `learnThenMerge`: learning `xs` then `ys` from `empty` is `merge(learnAll(empty, xs),
 *   learnAll(empty, ys))`, at every split of the sample (skip it for learners that forget by
 *   event count, whose state depends on the order);
 * - `learnAllIsFold`: `learnAll(s, os)` is folding `learn` over `os`;
 * - `codecRoundTrip`: `decode(JSON.parse(JSON.stringify(encode(s))))` succeeds and is `s`;
 * - `scoreDeterministic`: the same state, features, rng and prior give the same score and rng;
 * - `scoreInRange`: `propensity` and `explored` lie in [0, 1], `evidence` is finite and ≥ 0.
 *
 * States are compared structurally and by their encoded JSON, keys in any order (exact), unless
 * `options.eq` is given (e.g. a tolerance for learners whose merge adds floating-point weights). The check is
 * pure and deterministic: the rng seeds are part of the sample.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import type { Eq } from "fp-ts/lib/Eq.js"
import { fromSeed } from "../kernel/Random.js"
import type { Features, Learner, Observation, Prior, Score } from "./Learner.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The name of a learner law.
 *
 * @category model
 * @since 0.1.0
 */
export type Law =
  | "mergeIdentity"
  | "mergeCommutative"
  | "mergeAssociative"
  | "learnThenMerge"
  | "learnAllIsFold"
  | "codecRoundTrip"
  | "scoreDeterministic"
  | "scoreInRange"

/**
 * What the laws are checked on: observations (split into parts to build states that are merged),
 * features to score, rng seeds, and optionally a prior to score with.
 *
 * @category model
 * @since 0.1.0
 */
export interface Sample {
  readonly observations: ReadonlyArray<Observation>
  readonly features: ReadonlyArray<Features>
  /** the rng seeds scores are drawn with (default `[1, 2, 3]`) */
  readonly seeds?: ReadonlyArray<number>
  readonly prior?: Prior
}

/**
 * How states are compared, and which laws are skipped.
 *
 * @category model
 * @since 0.1.0
 */
export interface Options<S> {
  /** equality of states (default: `structuralEq`, exact) */
  readonly eq?: Eq<S>
  /** laws not to check, e.g. `["learnThenMerge"]` for a learner that forgets by event count */
  readonly skip?: ReadonlyArray<Law>
}

/**
 * One broken law: which, and what was compared, in words.
 *
 * @category model
 * @since 0.1.0
 */
export interface Violation {
  readonly law: Law
  readonly message: string
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * Every law, in the order `check` reports them.
 *
 * @category constants
 * @since 0.1.0
 */
export const laws: ReadonlyArray<Law> = [
  "mergeIdentity",
  "mergeCommutative",
  "mergeAssociative",
  "learnThenMerge",
  "learnAllIsFold",
  "codecRoundTrip",
  "scoreDeterministic",
  "scoreInRange"
]

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Checks every law on the sample and returns the broken ones (empty when the learner is lawful
 * on this sample). A law is checked on states learned from the sample's observations split in
 * two and three parts, and on every split point for `learnThenMerge`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { LearnerLaws, ThompsonSampling } from "nextbest"
 *
 * const at = Date.UTC(2024, 0, 1)
 * const observations = [true, true, false, false, false, true].map((positive, i) => ({
 *   features: {},
 *   positive,
 *   at: at + i
 * }))
 * const learner = ThompsonSampling.thompsonSampling()
 * assert.deepStrictEqual(LearnerLaws.check(learner, { observations, features: [{}] }), [])
 *
 * // a merge that forgets the second state breaks the monoid laws
 * const broken = { ...learner, merge: (x: ThompsonSampling.State) => x }
 * assert.ok(LearnerLaws.check(broken, { observations, features: [{}] }).some((v) => v.law === "mergeCommutative"))
 *
 * @category operations
 * @since 0.1.0
 */
export const check = <S>(learner: Learner<S>, sample: Sample, options: Options<S> = {}): ReadonlyArray<Violation> => {
  const eq = options.eq ?? structuralEq(learner)
  const skip = new Set(options.skip ?? [])
  const os = sample.observations
  const learned = (part: ReadonlyArray<Observation>): S => learner.learnAll(learner.empty, part)
  const third = Math.ceil(os.length / 3)
  const [a, b, c] = [learned(os.slice(0, third)), learned(os.slice(third, 2 * third)), learned(os.slice(2 * third))]
  const whole = learned(os)
  const violations: Array<Violation> = []
  const report = (law: Law, holds: () => boolean, message: string | (() => string)): void => {
    if (skip.has(law)) return
    let ok: boolean
    let thrown = ""
    try {
      ok = holds()
    } catch (e) {
      ok = false
      thrown = ` (threw: ${e instanceof Error ? e.message : String(e)})`
    }
    if (!ok) violations.push({ law, message: (typeof message === "string" ? message : message()) + thrown })
  }
  const m = learner.merge

  for (const [name, s] of [
    ["the first third", a],
    ["the whole sample", whole]
  ] as const) {
    report(
      "mergeIdentity",
      () => eq.equals(m(s, learner.empty), s) && eq.equals(m(learner.empty, s), s),
      `merge with empty changed the state learned from ${name}`
    )
  }
  report("mergeCommutative", () => eq.equals(m(a, b), m(b, a)), "merge(a, b) differs from merge(b, a)")
  report(
    "mergeAssociative",
    () => eq.equals(m(m(a, b), c), m(a, m(b, c))),
    "merge(merge(a, b), c) differs from merge(a, merge(b, c))"
  )
  if (!skip.has("learnThenMerge")) {
    for (let k = 0; k <= os.length; k++) {
      const xs = os.slice(0, k)
      const ys = os.slice(k)
      const before = violations.length
      report(
        "learnThenMerge",
        () => eq.equals(learner.learnAll(learned(xs), ys), m(learned(xs), learned(ys))),
        `learning the first ${k} observations then the other ${ys.length} differs from merging what each part taught`
      )
      if (violations.length > before) break // one split is enough to show it
    }
  }
  for (const [name, start] of [
    ["empty", learner.empty],
    ["a learned state", a]
  ] as const) {
    report(
      "learnAllIsFold",
      () => {
        let folded = start
        for (const o of os) folded = learner.learn(folded, o)
        return eq.equals(folded, learner.learnAll(start, os))
      },
      `learnAll from ${name} differs from folding learn over the same observations`
    )
  }
  for (const [name, state] of [
    ["empty", () => learner.empty],
    ["the state learned from the whole sample", () => whole],
    ["a merged state", () => m(a, b)]
  ] as const) {
    report(
      "codecRoundTrip",
      () => {
        const s = state()
        const back = learner.codec.decode(JSON.parse(JSON.stringify(learner.codec.encode(s))))
        return E.isRight(back) && eq.equals(back.right, s)
      },
      `the codec does not round-trip ${name} through JSON`
    )
  }
  const seeds = sample.seeds ?? [1, 2, 3]
  const states = [learner.empty, a, whole]
  const score = (s: S, f: Features, seed: number): readonly [Score, unknown] =>
    sample.prior === undefined ? learner.score(s, f, fromSeed(seed)) : learner.score(s, f, fromSeed(seed), sample.prior)
  sample.features.forEach((f, i) =>
    seeds.forEach((seed) =>
      states.forEach((s, j) => {
        report(
          "scoreDeterministic",
          () => canonical(score(s, f, seed)) === canonical(score(s, f, seed)),
          `scoring features #${i} of state #${j} twice with seed ${seed} gave two answers`
        )
        let seen: Score | undefined
        report(
          "scoreInRange",
          () => {
            seen = score(s, f, seed)[0]
            return (
              seen.propensity >= 0 &&
              seen.propensity <= 1 &&
              seen.explored >= 0 &&
              seen.explored <= 1 &&
              Number.isFinite(seen.evidence) &&
              seen.evidence >= 0
            )
          },
          () =>
            `scoring features #${i} of state #${j} with seed ${seed} gave ${seen === undefined ? "no score" : canonical(seen)}`
        )
      })
    )
  )
  return violations
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * JSON with object keys sorted, `undefined` members dropped, non-finite numbers by name, and Maps
 * and Sets by their entries in any order
 */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (value instanceof Map) return `Map[${[...value].map(canonical).sort().join(",")}]`
  if (value instanceof Set) return `Set[${[...value].map(canonical).sort().join(",")}]`
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}[${String(value)}]`
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`
  }
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? "null")
}

/**
 * The default equality of `check`: two states are equal when they are structurally equal (object
 * keys in any order, Maps and Sets by their entries in any order) and so are their encoded JSON.
 *
 * @category utils
 * @since 0.1.0
 */
export const structuralEq = <S>(learner: Learner<S>): Eq<S> => ({
  equals: (x, y) =>
    canonical(x) === canonical(y) && canonical(learner.codec.encode(x)) === canonical(learner.codec.encode(y))
})
