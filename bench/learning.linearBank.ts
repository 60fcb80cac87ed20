/**
 * `learning.contextual.linear.bank` (printed by bench/learning.ts): linear Thompson sampling and
 * LinUCB on the bank data, time split (the first 80% of the rows in their order to learn, the last
 * 20% to test), without `duration` — beside naive Bayes (`learning.bank.timeSplitNoDuration*`) and
 * the hashed logistic regression (`learning.contextual.logisticRegression.bank`).
 *
 * The feature map, fixed from the training rows only: every numeric column centred on its training
 * mean and scaled by its training sd; every symbolic column one indicator per level seen in the
 * training rows (`"unknown"` is missing: all 0). Library defaults otherwise (ridge 1, prior 0.5
 * with no evidence), one pass over the training rows; the test rows are ranked by the posterior
 * mean `x·μ`. `auc` is that of `Score.propensity` (the mean clamped to [0, 1], what a decision
 * reads; clamping ties the customers below 0), `meanAuc` that of the unclamped mean; Brier score
 * and expected calibration error are the propensity's. Both learners hold the same statistics and
 * the same posterior mean: their rankings are the same (checked), only their exploration differs.
 * With forgetting: a half-life of 2,000 rows (each row's time is its position), the setting the
 * logistic regression's figure uses, not tuned.
 */
import { Calibration, Diagnostics, Learner, LinearBandit, Random } from "../src/index.js"
import { round3 } from "./harness.js"

type BankRow = { readonly features: Learner.Features; readonly positive: boolean }

const meanOf = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)

/** the feature map of the bank attributes, from the training rows */
export const bankTerms = (
  train: ReadonlyArray<BankRow>,
  numeric: ReadonlyArray<string>,
  symbolic: ReadonlyArray<string>
): ReadonlyArray<LinearBandit.Term> => [
  ...numeric.map((c) => {
    const xs = train.map((r) => r.features[c]).filter((v): v is number => typeof v === "number")
    const m = meanOf(xs)
    const sd = Math.sqrt(meanOf(xs.map((x) => (x - m) ** 2)))
    return LinearBandit.numeric(c, { center: m, scale: sd > 0 ? sd : 1 })
  }),
  ...symbolic.map((c) => {
    const levels = [...new Set(train.map((r) => r.features[c]).filter((v): v is string => typeof v === "string"))]
    return LinearBandit.symbolic(c, levels.sort())
  })
]

export const linearBank = (
  train: ReadonlyArray<BankRow>,
  test: ReadonlyArray<BankRow>,
  numeric: ReadonlyArray<string>,
  symbolic: ReadonlyArray<string>
): Record<string, unknown> => {
  const terms = bankTerms(train, numeric, symbolic)
  const outcomes = test.map((r) => r.positive)
  const run = (make: (config: LinearBandit.Config) => LinearBandit.LinearBandit, config: LinearBandit.Config) => {
    const learner = make(config)
    const observations = train.map((r, i) => ({ features: r.features, positive: r.positive, at: i }))
    const started = performance.now()
    const state = learner.learnAll(learner.empty, observations)
    const learnMs = performance.now() - started
    const rng = Random.fromSeed(0)
    const propensities = test.map((r) => learner.score(state, r.features, rng)[0].propensity)
    const means = test.map((r) => learner.estimate(state, r.features).mean)
    return {
      auc: Diagnostics.aucFromScores(propensities, outcomes),
      meanAuc: Diagnostics.aucFromScores(means, outcomes),
      brier: Calibration.brier(propensities, outcomes),
      ece: Calibration.expectedCalibrationError(propensities, outcomes),
      clampedAtZero: propensities.filter((p) => p === 0).length,
      learnMs,
      means
    }
  }
  const ts = run(LinearBandit.linearThompson, { features: terms })
  const ucb = run(LinearBandit.linUcb, { features: terms })
  if (ts.means.some((m, i) => m !== ucb.means[i]))
    throw new Error("linear bank bench: linear Thompson sampling and LinUCB rank differently")
  const forgetting = run(LinearBandit.linUcb, { features: terms, halfLife: { ms: 2000 } })
  const out = (f: ReturnType<typeof run>) => ({
    auc: round3(f.auc),
    meanAuc: round3(f.meanAuc),
    brier: round3(f.brier),
    ece: round3(f.ece),
    clampedAtZero: f.clampedAtZero,
    learnSeconds: round3(f.learnMs / 1000)
  })
  process.stderr.write(
    `  learning: bank time split, no duration: linear bandits (${LinearBandit.dimension(terms)} columns) AUC ${ts.auc.toFixed(4)} (posterior mean ${ts.meanAuc.toFixed(4)}), with forgetting (half-life 2,000 rows) ${forgetting.auc.toFixed(4)}\n`
  )
  return {
    columns: LinearBandit.dimension(terms),
    timeSplitNoDuration: { linearThompson: out(ts), linUcb: out(ucb), forgetting: out(forgetting) }
  }
}
