/**
 * Model diagnostics: how well a propensity model separates positives from negatives, and which
 * predictors carry it — the figures of Pega's model report, reproducible from the counts.
 *
 * - `aucFromScores`: the area under the ROC curve of any scores against outcomes (Mann–Whitney,
 *   ties counted one half), not folded.
 * - `predictorReport`: per bin, propensity, log-odds, lift and Z-ratio; per predictor, AUC from
 *   bin counts and feature importance (see `BinStatistics`).
 * - `modelReport`: a naive Bayes model as `NaiveBayes.inspect` sees it, with the model AUC over the
 *   classifier's active range — the classifier bins the current predictor bins can reach, from the
 *   bin of the lowest reachable score to the bin of the highest (Pega's `Performance`) — and over
 *   all classifier bins; predictors ordered by feature importance, also scaled so the largest is 100.
 * - `holdoutReport`: any learner's propensities on held-out responses — AUC, Brier score, expected
 *   calibration error and reliability bins (for the learners without bins of their own, such as
 *   `LinearBandit`).
 *
 * Laws: `aucFromScores` lies in [0, 1] and is 1 − itself when the outcomes are flipped; it does not
 * depend on the order of the pairs; an AUC from bin counts lies in [0.5, 1].
 *
 * @since 0.1.0
 */
import {
  aucFromBinCounts,
  binPropensity,
  featureImportance,
  lift,
  logOdds,
  zRatio
} from "../learners/internal/BinStatistics.js"
import type { ClassifierBinView, ModelView } from "../learners/NaiveBayes.js"
import type { Learner, Observation, Prior } from "../learners/Learner.js"
import { fromSeed } from "../kernel/Random.js"
import { brier, expectedCalibrationError, reliability, type ReliabilityBin } from "./Calibration.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One bin of a predictor report.
 *
 * @category model
 * @since 0.1.0
 */
export interface BinReport {
  readonly label: string
  readonly positives: number
  readonly negatives: number
  /** `P / (P + N)` (0 for an empty bin) */
  readonly propensity: number
  readonly logOdds: number
  readonly lift: number
  readonly zRatio: number
}

/**
 * A predictor's report.
 *
 * @category model
 * @since 0.1.0
 */
export interface PredictorReport {
  readonly name: string
  readonly active: boolean
  readonly auc: number
  readonly featureImportance: number
  /** feature importance scaled so that the model's most important predictor is 100 */
  readonly featureImportanceScaled: number
  readonly bins: ReadonlyArray<BinReport>
}

/**
 * A naive Bayes model's report.
 *
 * @category model
 * @since 0.1.0
 */
export interface ModelReport {
  readonly positives: number
  readonly negatives: number
  /** AUC over the classifier's active range (Pega's Performance) */
  readonly auc: number
  /** AUC over all classifier bins */
  readonly aucAllBins: number
  /** 2·AUC − 1 */
  readonly gini: number
  /** first and last classifier bin index the current predictor bins can reach */
  readonly activeRange: readonly [number, number]
  readonly activePredictors: number
  readonly predictors: ReadonlyArray<PredictorReport>
  readonly classifier: ReadonlyArray<ClassifierBinView>
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The AUC of scores against outcomes: the probability that a random positive scores above a random
 * negative, ties counting one half; 0.5 when either class is empty.
 *
 * @example
 * import { Diagnostics } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(Diagnostics.aucFromScores([0.9, 0.8, 0.3, 0.1], [true, false, true, false]), 0.75)
 *
 * @category operations
 * @since 0.1.0
 */
export const aucFromScores = (scores: ReadonlyArray<number>, positive: ReadonlyArray<boolean>): number => {
  const n = Math.min(scores.length, positive.length)
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number))
  let rankSum = 0
  let pos = 0
  let i = 0
  while (i < n) {
    let j = i
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++
    const rank = (i + j) / 2 + 1
    for (let m = i; m <= j; m++) {
      if (positive[order[m] as number] === true) {
        rankSum += rank
        pos++
      }
    }
    i = j + 1
  }
  const neg = n - pos
  if (pos === 0 || neg === 0) return 0.5
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg)
}

/**
 * `2·AUC − 1`.
 *
 * @category operations
 * @since 0.1.0
 */
export const gini = (auc: number): number => 2 * auc - 1

/**
 * The report of one binned predictor from its counts.
 *
 * @example
 * import { Diagnostics } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const r = Diagnostics.predictorReport(
 *   "Customer.NetWealth",
 *   [13, 24, 17, 51, 7, 53, 13, 28],
 *   [423, 178, 250, 179, 83, 169, 77, 71]
 * )
 * assert.strictEqual(r.auc.toFixed(6), "0.722077")
 * assert.strictEqual(r.bins[0]?.zRatio.toFixed(6), "-11.186877")
 * assert.strictEqual(r.bins[0]?.lift.toFixed(6), "0.236795")
 * assert.strictEqual(r.featureImportance.toFixed(4), "0.8399")
 *
 * @category operations
 * @since 0.1.0
 */
export const predictorReport = (
  name: string,
  positives: ReadonlyArray<number>,
  negatives: ReadonlyArray<number>,
  labels?: ReadonlyArray<string>,
  active?: boolean
): PredictorReport => {
  const lo = logOdds(positives, negatives)
  const lifts = lift(positives, negatives)
  const z = zRatio(positives, negatives)
  const auc = aucFromBinCounts(positives, negatives)
  const fi = featureImportance(positives, negatives)
  return {
    name,
    active: active ?? auc >= 0.52,
    auc,
    featureImportance: fi,
    featureImportanceScaled: fi === 0 ? 0 : 100,
    bins: positives.map((p, i) => {
      const n = negatives[i] ?? 0
      return {
        label: labels?.[i] ?? String(i + 1),
        positives: p,
        negatives: n,
        propensity: p + n === 0 ? 0 : p / (p + n),
        logOdds: lo[i] as number,
        lift: lifts[i] as number,
        zRatio: z[i] as number
      }
    })
  }
}

/**
 * The classifier bins reachable from the scores in `[low, high]`: the first and last index.
 *
 * @category operations
 * @since 0.1.0
 */
export const activeRange = (
  classifier: ReadonlyArray<ClassifierBinView>,
  low: number,
  high: number
): readonly [number, number] => {
  const find = (s: number): number => {
    for (let i = 0; i < classifier.length; i++) {
      const b = classifier[i] as ClassifierBinView
      if (s < b.upper || i === classifier.length - 1) return i
    }
    return 0
  }
  return classifier.length === 0 ? [0, -1] : [find(low), find(high)]
}

/**
 * The report of a naive Bayes model (from `NaiveBayes.inspect`).
 *
 * @example
 * import { Diagnostics, NaiveBayes } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("context.device", [["mobile"], ["desktop"]])] })
 * const state = NaiveBayes.fit(
 *   nb,
 *   Array.from({ length: 100 }, (_, i) => ({
 *     features: { "context.device": i % 2 === 0 ? "mobile" : "desktop" },
 *     positive: i % 4 === 0,
 *     at: 0
 *   }))
 * )
 * const report = Diagnostics.modelReport(nb.inspect(state))
 * assert.strictEqual(report.positives, 25)
 * assert.strictEqual(report.predictors[0]?.active, true)
 * assert.ok(report.auc > 0.7)
 *
 * @category operations
 * @since 0.1.0
 */
export const modelReport = (view: ModelView): ModelReport => {
  const predictors = view.predictors.map((p) =>
    predictorReport(
      p.name,
      p.bins.map((b) => b.positives),
      p.bins.map((b) => b.negatives),
      p.bins.map((b) => b.label),
      p.active
    )
  )
  const top = predictors.reduce((m, p) => Math.max(m, p.featureImportance), 0)
  const scaled = predictors
    .map((p) => ({ ...p, featureImportanceScaled: top === 0 ? 0 : (100 * p.featureImportance) / top }))
    .sort((a, b) => b.featureImportance - a.featureImportance || (a.name < b.name ? -1 : 1))
  const range = activeRange(view.classifier, view.scoreRange[0], view.scoreRange[1])
  const inRange = view.classifier.slice(range[0], range[1] + 1)
  const auc = aucFromBinCounts(
    inRange.map((b) => b.positives),
    inRange.map((b) => b.negatives)
  )
  return {
    positives: view.positives,
    negatives: view.negatives,
    auc,
    aucAllBins: aucFromBinCounts(
      view.classifier.map((b) => b.positives),
      view.classifier.map((b) => b.negatives)
    ),
    gini: gini(auc),
    activeRange: range,
    activePredictors: view.predictors.filter((p) => p.active).length,
    predictors: scaled,
    classifier: view.classifier
  }
}

/**
 * A plain-text rendering of a model report: totals, AUC, and the predictors by importance.
 *
 * @category utils
 * @since 0.1.0
 */
export const renderModelReport = (report: ModelReport, maxPredictors = 20): string => {
  const lines: Array<string> = []
  const fx = (x: number, d: number): string => x.toFixed(d)
  lines.push(
    `responses: ${report.positives} positive, ${report.negatives} negative (base rate ${fx(binPropensity(report.positives, report.negatives), 4)})`
  )
  lines.push(
    `model AUC ${fx(report.auc, 4)} over classifier bins ${report.activeRange[0]}–${report.activeRange[1]} (all bins ${fx(report.aucAllBins, 4)}), ${report.activePredictors} active predictors`
  )
  lines.push("predictor                                 active   AUC   importance  bins")
  for (const p of report.predictors.slice(0, maxPredictors)) {
    lines.push(
      `${p.name.padEnd(40).slice(0, 40)}  ${p.active ? "yes" : "no "}   ${fx(p.auc, 3)}  ${fx(p.featureImportanceScaled, 1).padStart(6)}     ${p.bins.length}`
    )
  }
  return lines.join("\n")
}

/**
 * How a learner's propensities fare on held-out responses.
 *
 * @category model
 * @since 0.1.0
 */
export interface HoldoutReport {
  readonly responses: number
  readonly positives: number
  readonly auc: number
  readonly brier: number
  readonly expectedCalibrationError: number
  readonly reliability: ReadonlyArray<ReliabilityBin>
}

/**
 * Scores every held-out response's features with the learner's model propensity
 * (`Score.propensity`, not the exploration draw) and reports AUC, Brier score, expected
 * calibration error and 10 reliability bins against the outcomes.
 *
 * @example
 * import { Diagnostics, LinearBandit } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const learner = LinearBandit.linUcb({ features: [LinearBandit.symbolic("subject.segment", ["a"])] })
 * const responses = Array.from({ length: 400 }, (_, i) => ({
 *   features: { "subject.segment": i % 2 === 0 ? "a" : "b" },
 *   positive: i % 2 === 0 ? i % 8 === 0 : i % 40 === 1,
 *   at: 0
 * }))
 * const state = learner.learnAll(learner.empty, responses.slice(0, 200))
 * const report = Diagnostics.holdoutReport(learner, state, responses.slice(200))
 * assert.strictEqual(report.responses, 200)
 * assert.ok(report.auc > 0.65) // 25% against 5%: 0.5 + (25/30 − 75/170) / 2 ≈ 0.70
 *
 * @category operations
 * @since 0.1.0
 */
export const holdoutReport = <S>(
  learner: Learner<S>,
  state: S,
  observations: ReadonlyArray<Observation>,
  prior?: Prior
): HoldoutReport => {
  const rng = fromSeed(0)
  const predictions = observations.map((o) =>
    prior === undefined
      ? learner.score(state, o.features, rng)[0].propensity
      : learner.score(state, o.features, rng, prior)[0].propensity
  )
  const outcomes = observations.map((o) => o.positive)
  return {
    responses: observations.length,
    positives: outcomes.filter((x) => x).length,
    auc: aucFromScores(predictions, outcomes),
    brier: brier(predictions, outcomes),
    expectedCalibrationError: expectedCalibrationError(predictions, outcomes),
    reliability: reliability(predictions, outcomes)
  }
}
