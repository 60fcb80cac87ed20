/**
 * Adaptive naive Bayes in the manner of Pega ADM: per predictor, positive and negative counts per
 * bin; a score that averages the bins' log-odds; a monotone classifier from score to propensity;
 * and a Thompson draw around it for exploration.
 *
 * Predictors are numeric (half-open intervals `[lo, hi>` plus MISSING) or symbolic (groups of
 * symbols plus MISSING and RESIDUAL for rare and unseen symbols). Their bins are either
 * configured, or learned: numeric values are counted on a fine, mergeable grid (see `Binning`)
 * and symbols one by one (up to `maxSymbols`, 200 by default; later new symbols count as
 * RESIDUAL); once the model has `after` responses (100 by default; Pega: 500) the bins are derived from
 * those counts — equal-frequency intervals (each holding at least 1/20 of the cases) or single
 * symbols, merged where adjacent bins behave alike (`Binning.mergeAlike`, granularity 0.25,
 * minimum 5% of cases). Because the bins are a function of the counts, re-binning as responses
 * arrive loses no information, and states merge exactly.
 *
 * Extreme values: every finite number is learned into a grid bin whose key is a safe integer, up
 * to `±Number.MAX_VALUE` — the grid has no overflow (`|x| ≥ ~1.8e299` once gave a bin named
 * "Infinity" whose snapshot did not decode), so a state that learned any finite value encodes,
 * decodes to an equal state and scores the same. The outermost learned bins are those of
 * `±Number.MAX_VALUE`; past `Number.MAX_SAFE_INTEGER` a key is clamped to it (reachable only at a
 * `binning.precision` below ~1e-10), so values beyond it share the outermost bin. Learned bin
 * edges are finite (at most `Number.MAX_VALUE` in magnitude). `NaN` and `±Infinity` are not
 * numbers to the learner: they count as MISSING.
 *
 * Scoring, per the reference formulas:
 * - bin log-odds with 1/n smoothing, `LO_i = ln(P_i + 1/n) − ln(ΣP + 1) − ln(N_i + 1/n) + ln(ΣN + 1)`
 *   (a bin that has never seen a case carries no evidence: 0);
 * - which predictors are active (`predictorSelection`): Pega's rule, `"auc"` — those whose AUC from
 *   bin counts is at least `performanceThreshold` (0.52); or the evidence rule, `"evidence"` — those
 *   whose outcome-blind bins (the equal-frequency start bins or single symbols, with MISSING and
 *   RESIDUAL, before any merging by behaviour) are associated with the outcome at `significance`
 *   (0.01): the likelihood-ratio test of independence, χ² with (bins − 1) degrees of freedom, and
 *   for numeric predictors also the Mann–Whitney test of a trend over the intervals in their order,
 *   each at half the level. Under the evidence rule a bin below `binning.minimumCases` is not merged
 *   when it differs from its more alike neighbour at `significance` / (start bins), with at least 5
 *   expected positives and 5 expected negatives (`Binning.standsOut`): a rare but strong bin keeps
 *   its own log-odds;
 * - of each group of correlated predictors (`groups`, found with `correlationGroups`) only the active
 *   member with the highest AUC scores;
 * - `score = (ln(1 + P) − ln(1 + N) + Σ_active LO) / (1 + k)` over the k active predictors;
 * - a monotone classifier from score intervals to `(P_bin + m·ρ) / (P_bin + N_bin + m)`: each bin
 *   shrunk toward the model's smoothed response rate ρ = `(0.5 + P) / (1 + P + N)` by a prior worth
 *   m = `binning.classifierPrior` responses (50 by default; 0 gives Pega's `(0.5 + P_bin) / (1 +
 *   P_bin + N_bin)`); an empty model gives 0.5.
 *
 * Cold start (issue 11): the first binning comes after 100 responses, not Pega's 500, and the
 * classifier prior keeps the early, noisy classifier bins near the action's rate until they hold
 * tens of responses — an evidence-weighted blend of the action-level rate and the model's
 * propensity. Chosen on the simulator (docs/learners.md, "Cold start"); `binning: { after: 500,
 * classifierPrior: 0 }` restores Pega's rule.
 *
 * The classifier (calibration), the Pega way: it counts each response by the score the model gave
 * it at decision time. `score` returns that raw score as `Score.modelScore`; the decision records
 * it and the response comes back with it (`Observation.modelScore`). The state keeps these
 * classifier counts on a fixed, fine grid of the score — bucket `⌊s / SCORE_GRID⌋`, width 0.001,
 * a sparse map from bucket to positives and negatives (`scores`) — so they add key by key and
 * states still merge exactly. When the state is compiled, the non-empty buckets, in score order,
 * are pooled by pool-adjacent-violators into monotone runs, runs below `classifierMinimumCases`
 * (1%) of the classifier's responses are merged into a neighbour, and runs are pooled again
 * wherever the smoothed propensity `(0.5 + P) / (1 + P + N)` would not increase. A score is
 * located by its bucket. Why counts by decision-time score rather than a classifier derived from
 * the predictor counts: naive Bayes assumes the predictors independent given the outcome, and
 * with correlated predictors (income and wealth, age and tenure) it adds the same evidence twice —
 * its raw posterior is badly over-confident. Counting real outcomes per score measures, instead of
 * assumes, how likely a response is at each score.
 * - A response without a decision-time score (decided before the first binning, offline training
 *   from a file, old records) is counted in the totals and the predictors but not in the
 *   classifier. The classifier's counts are thus a function of the set of scored responses, not of
 *   the order in which they arrive: in the closed loop clicks are learned at once and no-responses
 *   at the timeout, and counting unscored responses at the state's score of the moment (Pega's way,
 *   the rule before issue 11) put the pre-binning clicks outside the classifier and their
 *   negatives inside it — 0 positives, N negatives, a propensity of 0.5/(1 + N) and an action
 *   that was never chosen again. For offline training, `fit` (or `recalibrate`) counts the
 *   classifier from a set of observations scored by the final bins.
 * - While no predictor is active the model's score carries no information: `score` returns no
 *   `modelScore`, and the propensity is the smoothed response rate `(0.5 + P) / (1 + P + N)` (0.5
 *   for an empty model); so it is too after the first binning until scored responses arrive.
 * - A state imported from Pega may carry the platform's classifier (`classifier`: score bounds
 *   and counts); it is then used with its own bins, and grid counts learned afterwards are added
 *   to the bin holding each bucket's midpoint. `recalibrate` replaces it by grid counts.
 *
 * Exploration (`exploration: "thompson"`, the default) draws `Beta(p·ν, (1 − p)·ν)` with
 * `ν = evidence + starting evidence + 2`: its mean is the propensity p, its spread shrinks as
 * evidence grows, and a new model (p = 0.5, no evidence) samples uniformly — so many new actions
 * take turns, as in Pega. No lock-out (issue 11): with probability `k / (k + evidence + starting
 * evidence)` (k = `explorationFloor`, 2 by default; 0 turns it off) the draw is uniform on [0, 1]
 * instead, taken after the Beta draw from the generator it returned. An action whose estimate
 * collapsed gets no new evidence, so its chance of a uniform draw stays put and it is tried again
 * within a bounded number of decisions however wrong its estimate (property:
 * test/learners/NaiveBayes.lockout.prop.test.ts); a well-measured action pays little (k = 2 at
 * 10,000 responses is one draw in 5,000). `score` returns the distribution as `Score.exploration`
 * (the Beta's shapes and `uniform`, the mixture's weight; without the floor, only a proper Beta),
 * so a caller can re-draw exploration without scoring again. When the catalog gives a starting propensity p0
 * and evidence SE, the
 * propensity is first blended the ADM way: `SE/(SE + e + 1)·p0 + e/(SE + e + 1)·p`.
 *
 * Forgetting (`halfLife: { ms }`, drift; none by default, as in Pega): every count — totals,
 * predictor bins, classifier buckets, an imported classifier — decays as `2^(−Δt / h)` toward the
 * latest response time the state learned, its stamp `at` (time is the responses' `at`, an input:
 * no clock). Learning decays the state to the latest of its stamp and the responses' times, then
 * adds each response with weight `2^(−(to − at) / h)`; merging decays both states to the later
 * stamp, then adds — so states stamped alike merge by adding, and responses at whole half-lives
 * apart merge exactly (test/learners/NaiveBayes.forgetting.prop.test.ts). A forgetting state holds
 * fractional counts (its codec accepts them and the stamp) and is learned model by model (no
 * one-pass fast path). The first binning waits for `after` decayed responses.
 *
 * Learning, the fast way: responses that carry their decision-time `modelScore` are counted on
 * flat tables (each configured predictor's bins in one array of numbers, learned keys by slot, the
 * classifier's buckets as a sorted array plus a log of recent responses), copied once per
 * `learnAll` call, with no allocation per response; the `predictors` and `scores` maps of such a
 * state are built the first time they are read. `Models.learnMany` learns many models' responses
 * in one pass, in their order. Responses without a `modelScore` are counted on the maps.
 *
 * Laws (checked by the shared learner suite and test/learners/NaiveBayes.order.prop.test.ts; with
 * forgetting, exactly where the decay factors are powers of two, else up to rounding):
 * `merge` adds counts key by key, predictor and classifier counts alike — a commutative monoid
 * with `empty` as identity, exact on integer counts; learning `xs` then `ys` equals merging what
 * each taught, with or without `modelScore` (while no predictor has met more than `maxSymbols`
 * symbols), so the state does not depend on the order in which responses arrive; `learnAll`
 * equals folding `learn`; an observation without `modelScore` is learned like one with any
 * score, except that the classifier does not count it; the codec round-trips; `score` is
 * deterministic for the same rng and its propensities lie in [0, 1].
 *
 * The module is a facade: the implementation lives in `internal/naiveBayes/` — `model`
 * (types), `config` (validation, how predictors key values), `counts` (maps: add, merge, equals),
 * `tables` (the flat count tables of the fast path), `scoring` (compiled states, the classifier),
 * `learning` (map-based and one-pass learning, offline training), `codec`, `learner` and `adm`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type {
  BinningOptions,
  BinView,
  ClassifierBinView,
  ClassifierCounts,
  Config,
  Contribution,
  Counts,
  Explanation,
  ModelView,
  NaiveBayes,
  NumericPredictor,
  Predictor,
  PredictorCounts,
  PredictorView,
  State,
  SymbolicPredictor
} from "./internal/naiveBayes/model.js"
export { SCORE_GRID, STATE_VERSION } from "./internal/naiveBayes/model.js"
export type { AdmModel } from "./internal/naiveBayes/adm.js"

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export { emptyState, numeric, symbolic } from "./internal/naiveBayes/model.js"
export { naiveBayes } from "./internal/naiveBayes/learner.js"

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

export { mergeStates } from "./internal/naiveBayes/counts.js"
export { fit, recalibrate } from "./internal/naiveBayes/learning.js"
export { correlationGroups } from "./internal/naiveBayes/grouping.js"

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

export { fromAdmSnapshot } from "./internal/naiveBayes/adm.js"

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

export { equals, scoreBucket } from "./internal/naiveBayes/counts.js"
