/**
 * Internal: the model of adaptive naive Bayes — predictors, configuration, counts, states, the
 * views of a compiled state and the learner type (re-exported by `NaiveBayes`).
 *
 * @internal
 * @since 0.1.0
 */
import type { FeatureValue, Features, Learner } from "../../Learner.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A numeric predictor; `bins` are the configured cut points (strictly increasing), giving the
 * intervals `<c₁`, `[c₁, c₂>`, …, `≥cₘ`; without them the bins are learned.
 *
 * @category model
 * @since 0.1.0
 */
export interface NumericPredictor {
  readonly name: string
  readonly type: "numeric"
  readonly bins?: ReadonlyArray<number>
  /** whether configured bins include a MISSING bin (default true) */
  readonly missingBin?: boolean
}

/**
 * A symbolic predictor; `bins` are the configured symbol groups; without them the groups are
 * learned.
 *
 * @category model
 * @since 0.1.0
 */
export interface SymbolicPredictor {
  readonly name: string
  readonly type: "symbolic"
  readonly bins?: ReadonlyArray<ReadonlyArray<string>>
  /** whether configured bins include a MISSING bin (default true) */
  readonly missingBin?: boolean
  /** whether configured bins include a RESIDUAL bin for other symbols (default true) */
  readonly residualBin?: boolean
}

/**
 * A predictor: its name is the feature key it reads (e.g. `"subject.age"`).
 *
 * @category model
 * @since 0.1.0
 */
export type Predictor = NumericPredictor | SymbolicPredictor

/**
 * How bins are learned.
 *
 * @category model
 * @since 0.1.0
 */
export interface BinningOptions {
  /** responses before the first binning (default 100; Pega: 500) */
  readonly after?: number
  /** merge adjacent bins whose alikeness p-value is at least this (default 0.25) */
  readonly granularity?: number
  /** minimum share of a predictor's cases per bin (default 0.05) */
  readonly minimumCases?: number
  /** equal-frequency intervals to start from, before merging (default 20) */
  readonly startBins?: number
  /** distinct symbols counted per predictor; later ones count as RESIDUAL (default 200) */
  readonly maxSymbols?: number
  /** relative precision of the numeric grid (default 0.01) */
  readonly precision?: number
  /** minimum share of the classifier's responses per classifier bin (default 0.01) */
  readonly classifierMinimumCases?: number
  /**
   * the evidence, in responses, of the prior each classifier bin is shrunk toward: the model's
   * smoothed response rate ρ, so a bin's propensity is `(P + m·ρ) / (P + N + m)` (default 0:
   * Pega's `(0.5 + P) / (1 + P + N)`)
   */
  readonly classifierPrior?: number
}

/**
 * Options of `naiveBayes`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Config {
  readonly predictors: ReadonlyArray<Predictor>
  readonly binning?: BinningOptions
  /**
   * Which predictors score, and which small bins stand (see the module header of `NaiveBayes`):
   * `"auc"` (the default, Pega's rule) — active when its AUC is at least `performanceThreshold`,
   * every bin below `binning.minimumCases` merged; `"evidence"` — active when the tests of
   * association between its outcome-blind bins and the outcome reject independence at
   * `significance`, and a bin below `minimumCases` stands when it differs from its neighbour at that
   * level. docs/learners.md, "Predictor selection", says which to choose and why `"auc"` is the
   * default.
   */
  readonly predictorSelection?: "evidence" | "auc"
  /** the significance level of the `"evidence"` rule (default 0.01) */
  readonly significance?: number
  /** with `predictorSelection: "auc"`, predictors with a lower AUC are inactive (default 0.52) */
  readonly performanceThreshold?: number
  /**
   * Groups of correlated predictors (by name; a predictor in one group at most): of each group only
   * the member with the highest AUC among those the selection rule makes active scores, the others
   * are inactive — so five copies of one predictor count once. `correlationGroups` finds them from
   * a sample of responses, as Pega ADM's predictor grouping does.
   */
  readonly groups?: ReadonlyArray<ReadonlyArray<string>>
  /** `"thompson"` (default) draws around the propensity; `"none"` returns it as is */
  readonly exploration?: "thompson" | "none"
  /**
   * No lock-out (issue 11): with probability `k / (k + evidence)` the exploration draw is uniform
   * on [0, 1] instead of the Beta around the propensity, so an action whose estimate collapsed is
   * still tried while its evidence is finite (default k = 2; 0 turns it off, as in Pega)
   */
  readonly explorationFloor?: number
  /**
   * Forgetting (drift): counts decay exponentially with a half-life in milliseconds of the
   * responses' time (`Observation.at`); the state is stamped with the latest instant it learned
   * (default: never forget, as in Pega)
   */
  readonly halfLife?: { readonly ms: number }
}

/**
 * Positive and negative counts.
 *
 * @category model
 * @since 0.1.0
 */
export interface Counts {
  readonly positives: number
  readonly negatives: number
}

/**
 * The counts of one predictor: per key (a configured bin's index, a numeric grid key, or a
 * symbol), for missing values, and for RESIDUAL symbols.
 *
 * @category model
 * @since 0.1.0
 */
export interface PredictorCounts {
  readonly missing: Counts
  readonly residual: Counts
  readonly bins: ReadonlyMap<string, Counts>
}

/**
 * A classifier imported with its counts: score bins `<b₀`, `[b₀, b₁>`, …, `≥bₘ`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ClassifierCounts {
  readonly bounds: ReadonlyArray<number>
  readonly positives: ReadonlyArray<number>
  readonly negatives: ReadonlyArray<number>
}

/**
 * The state of one model: its response totals, every predictor's counts, the classifier counts by
 * score bucket, and an imported classifier if any. Nothing else.
 *
 * @category model
 * @since 0.1.0
 */
export interface State {
  readonly positives: number
  readonly negatives: number
  readonly predictors: ReadonlyMap<string, PredictorCounts>
  /** classifier counts by score bucket `⌊modelScore / SCORE_GRID⌋` (see the module header) */
  readonly scores: ReadonlyMap<number, Counts>
  readonly classifier: ClassifierCounts | null
  /**
   * With forgetting (`halfLife`): the instant every count is decayed to — the latest response's
   * time learned (absent before any, and without forgetting)
   */
  readonly at?: number
}

/**
 * One bin as the model currently sees it.
 *
 * @category model
 * @since 0.1.0
 */
export interface BinView {
  /** `MISSING`, `RESIDUAL`, an interval such as `[18, 25>` or a symbol list */
  readonly label: string
  readonly kind: "interval" | "symbols" | "missing" | "residual"
  /** interval bounds (numeric bins) */
  readonly lower?: number
  readonly upper?: number
  /** the symbols of a group */
  readonly symbols?: ReadonlyArray<string>
  readonly positives: number
  readonly negatives: number
  readonly logOdds: number
}

/**
 * One predictor as the model currently sees it.
 *
 * @category model
 * @since 0.1.0
 */
export interface PredictorView {
  readonly name: string
  readonly type: "numeric" | "symbolic"
  /** false for learned bins before the first binning */
  readonly binned: boolean
  readonly active: boolean
  readonly auc: number
  readonly bins: ReadonlyArray<BinView>
}

/**
 * One classifier bin: scores in `[lower, upper>`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ClassifierBinView {
  readonly lower: number
  readonly upper: number
  readonly positives: number
  readonly negatives: number
  readonly propensity: number
}

/**
 * The whole model as it scores now: what `inspect` returns and the diagnostics read.
 *
 * @category model
 * @since 0.1.0
 */
export interface ModelView {
  readonly positives: number
  readonly negatives: number
  /** `ln(1 + P) − ln(1 + N)` */
  readonly offset: number
  readonly predictors: ReadonlyArray<PredictorView>
  readonly classifier: ReadonlyArray<ClassifierBinView>
  /** whether the classifier is an imported one (true) or pooled from the score-bucket counts */
  readonly importedClassifier: boolean
  /** the lowest and highest score the active predictors can produce */
  readonly scoreRange: readonly [number, number]
}

/**
 * One predictor's part in one score.
 *
 * @category model
 * @since 0.1.0
 */
export interface Contribution {
  readonly predictor: string
  readonly value: FeatureValue | undefined
  readonly bin: string
  readonly logOdds: number
  readonly active: boolean
}

/**
 * A score with its reasons.
 *
 * @category model
 * @since 0.1.0
 */
export interface Explanation {
  readonly score: number
  readonly propensity: number
  readonly offset: number
  readonly activePredictors: number
  readonly contributions: ReadonlyArray<Contribution>
}

/**
 * The naive Bayes learner, with its configuration and views of its states.
 *
 * @category model
 * @since 0.1.0
 */
export interface NaiveBayes extends Learner<State> {
  readonly config: Config
  /** the bins, log-odds, activity and classifier the state scores with */
  readonly inspect: (state: State) => ModelView
  /** the raw score, model propensity and per-predictor log-odds for one subject */
  readonly explain: (state: State, features: Features) => Explanation
  /** the raw score alone (what `score` returns as `modelScore`) */
  readonly modelScore: (state: State, features: Features) => number
}

/**
 * The snapshot version written by the codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const STATE_VERSION = 1

/**
 * The width of the classifier's score buckets: a response is counted in bucket
 * `⌊modelScore / SCORE_GRID⌋`.
 *
 * @category model
 * @since 0.1.0
 */
export const SCORE_GRID = 0.001

/** no positives, no negatives (one shared value: `c === ZERO` tells an empty count) */
export const ZERO: Counts = { positives: 0, negatives: 0 }

/**
 * The state with nothing learned.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyState: State = {
  positives: 0,
  negatives: 0,
  predictors: new Map(),
  scores: new Map(),
  classifier: null
}

/**
 * A numeric predictor (learned bins unless cut points are given).
 *
 * @category constructors
 * @since 0.1.0
 */
export const numeric = (name: string, bins?: ReadonlyArray<number>): NumericPredictor =>
  bins === undefined ? { name, type: "numeric" } : { name, type: "numeric", bins }

/**
 * A symbolic predictor (learned groups unless groups are given).
 *
 * @category constructors
 * @since 0.1.0
 */
export const symbolic = (name: string, bins?: ReadonlyArray<ReadonlyArray<string>>): SymbolicPredictor =>
  bins === undefined ? { name, type: "symbolic" } : { name, type: "symbolic", bins }
