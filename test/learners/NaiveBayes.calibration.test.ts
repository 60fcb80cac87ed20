/**
 * Calibration of the naive Bayes propensity: the classifier counts responses by the score the
 * model gave at decision time, so it measures how likely a response is at each score — where the
 * posterior naive Bayes implies under its independence assumption is over-confident as soon as
 * predictors are correlated.
 */
import { describe, expect, it } from "vitest"
import * as Calibration from "../../src/evaluation/Calibration.js"
import * as Diagnostics from "../../src/evaluation/Diagnostics.js"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import type { Features, Observation } from "../../src/learners/Learner.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"

/**
 * A population in which three predictors are noisy copies of one latent digit x (0–9): each shows
 * x, or with probability 0.1 a random digit. The response rate is 0.02 + 0.03·x (2% to 29%).
 */
const population = (
  seed: string,
  n: number
): ReadonlyArray<{ readonly features: Features; readonly positive: boolean }> => {
  let rng: Rng = fromSeed(seed)
  const u = (): number => {
    const [x, next] = nextDouble(rng)
    rng = next
    return x
  }
  return Array.from({ length: n }, () => {
    const x = Math.floor(u() * 10)
    const copy = (): number => (u() < 0.1 ? Math.floor(u() * 10) : x)
    return {
      features: { "subject.a": copy(), "subject.b": copy(), "subject.c": copy() },
      positive: u() < 0.02 + 0.03 * x
    }
  })
}

const digits = [1, 2, 3, 4, 5, 6, 7, 8, 9]
const nb = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.a", digits),
    NaiveBayes.numeric("subject.b", digits),
    NaiveBayes.numeric("subject.c", digits)
  ],
  exploration: "none"
})

/** the online loop: each batch of subjects is scored by the model of the moment, and their responses come back with
 * that score */
const trainOnline = (batches: number, size: number): NaiveBayes.State => {
  let state = nb.empty
  for (let b = 0; b < batches; b++) {
    const subjects = population(`batch-${b}`, size)
    const responses: Array<Observation> = subjects.map((s) => {
      const [score] = nb.score(state, s.features, fromSeed(b))
      return score.modelScore === undefined ? { ...s, at: b } : { ...s, at: b, modelScore: score.modelScore }
    })
    state = nb.learnAll(state, responses)
  }
  return state
}

describe("NaiveBayes calibration with correlated predictors", () => {
  const state = trainOnline(30, 1000)
  const test = population("test", 20_000)
  const outcomes = test.map((s) => s.positive)
  const calibrated = test.map((s) => nb.score(state, s.features, fromSeed(0))[0].propensity)
  /** the posterior naive Bayes implies under independence: sigmoid(ln(P/N) + Σ LO) = sigmoid((1 + k)·score) */
  const independent = test.map((s) => {
    const e = nb.explain(state, s.features)
    return 1 / (1 + Math.exp(-(1 + e.activePredictors) * e.score))
  })

  it("counts responses by their decision-time score: the classifier holds exactly the responses that carry one", () => {
    const view = nb.inspect(state)
    expect(view.predictors.every((p) => p.active)).toBe(true)
    const counted = view.classifier.reduce((s, c) => s + c.positives + c.negatives, 0)
    // the first batch was decided by the empty model (no score): counted in the predictors, not the classifier
    expect(counted).toBe(29_000)
  })

  it("is calibrated (ECE below 0.015) where the independence posterior is not (ECE above 0.06)", () => {
    const ece = Calibration.expectedCalibrationError(calibrated, outcomes)
    const eceIndependent = Calibration.expectedCalibrationError(independent, outcomes)
    expect(ece).toBeLessThan(0.015)
    expect(eceIndependent).toBeGreaterThan(0.06)
    expect(Calibration.brier(calibrated, outcomes)).toBeLessThan(Calibration.brier(independent, outcomes))
  })

  it("ranks as well as the raw score (AUC within 0.005)", () => {
    const raw = test.map((s) => nb.modelScore(state, s.features))
    expect(
      Math.abs(Diagnostics.aucFromScores(calibrated, outcomes) - Diagnostics.aucFromScores(raw, outcomes))
    ).toBeLessThan(0.005)
  })

  it("recalibrate and fit give a calibrated model from offline data too", () => {
    const training = population("offline", 30_000).map((s) => ({ ...s, at: 0 }))
    const fitted = NaiveBayes.fit(nb, training)
    const p = test.map((s) => nb.score(fitted, s.features, fromSeed(0))[0].propensity)
    expect(Calibration.expectedCalibrationError(p, outcomes)).toBeLessThan(0.015)
    const counts = nb.learnAll(
      nb.empty,
      training.map((o) => ({ ...o, modelScore: 0 }))
    )
    expect(NaiveBayes.equals(NaiveBayes.recalibrate(nb, counts, training), fitted)).toBe(true)
  })
})
