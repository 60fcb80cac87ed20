/**
 * Adaptive naive Bayes in the manner of Pega ADM: per predictor, positive and negative counts per
 * bin; a score that averages the bins' log-odds; a monotone classifier from score to propensity;
 * and a Thompson draw around it for exploration.
 *
 * Predictors are numeric (half-open intervals `[lo, hi>` plus MISSING) or symbolic (groups of
 * symbols plus MISSING and RESIDUAL for rare and unseen symbols). Their bins are either
 * configured, or learned: numeric values are counted on a fine, mergeable grid (see `Binning`)
 * and symbols one by one (up to `maxSymbols`, 200 by default; later new symbols count as
 * RESIDUAL); once the model has `after` responses (500 by default) the bins are derived from
 * those counts — equal-frequency intervals (each holding at least 1/20 of the cases) or single
 * symbols, merged where adjacent bins behave alike (`Binning.mergeAlike`, granularity 0.25,
 * minimum 5% of cases). Because the bins are a function of the counts, re-binning as responses
 * arrive loses no information, and states merge exactly.
 *
 * Scoring, per the reference formulas:
 * - bin log-odds with 1/n smoothing, `LO_i = ln(P_i + 1/n) − ln(ΣP + 1) − ln(N_i + 1/n) + ln(ΣN + 1)`
 *   (a bin that has never seen a case carries no evidence: 0);
 * - predictors whose AUC from bin counts is below `performanceThreshold` (0.52) are inactive;
 * - `score = (ln(1 + P) − ln(1 + N) + Σ_active LO) / (1 + k)` over the k active predictors;
 * - a monotone classifier from score intervals to `(0.5 + P_bin) / (1 + P_bin + N_bin)`; an
 *   empty model gives 0.5.
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
 * - A response without a decision-time score (offline training from a file, old records) is
 *   counted at the score the current state gives it when it is learned — as Pega does. That is
 *   order-dependent: the law "learning xs then ys = merging what each taught" is exact only for
 *   observations that carry a `modelScore`. For offline training, `recalibrate` recounts the
 *   classifier from a set of observations scored by the final bins.
 * - While no predictor is active the model's score carries no information: `score` returns no
 *   `modelScore`, responses learned then are not counted in the classifier, and the propensity is
 *   the smoothed response rate `(0.5 + P) / (1 + P + N)` (0.5 for an empty model).
 * - A state imported from Pega may carry the platform's classifier (`classifier`: score bounds
 *   and counts); it is then used with its own bins, and grid counts learned afterwards are added
 *   to the bin holding each bucket's midpoint. `recalibrate` replaces it by grid counts.
 *
 * Exploration (`exploration: "thompson"`, the default) draws `Beta(p·ν, (1 − p)·ν)` with
 * `ν = evidence + starting evidence + 2`: its mean is the propensity p, its spread shrinks as
 * evidence grows, and a new model (p = 0.5, no evidence) samples uniformly — so many new actions
 * take turns, as in Pega. `score` returns that Beta as `Score.exploration` (when both shapes are
 * positive), so a caller can re-draw exploration without scoring again. When the catalog gives a starting propensity p0 and evidence SE, the
 * propensity is first blended the ADM way: `SE/(SE + e + 1)·p0 + e/(SE + e + 1)·p`.
 *
 * Learning, the fast way: responses that carry their decision-time `modelScore` are counted on
 * flat tables (each configured predictor's bins in one array of numbers, learned keys by slot, the
 * classifier's buckets as a sorted array plus a log of recent responses), copied once per
 * `learnAll` call, with no allocation per response; the `predictors` and `scores` maps of such a
 * state are built the first time they are read. `Models.learnMany` learns many models' responses
 * in one pass, in their order. Responses without a `modelScore` are counted on the maps, each at
 * the running state's score.
 *
 * Laws (checked by the shared learner suite): `merge` adds counts key by key, predictor and
 * classifier counts alike — a commutative monoid with `empty` as identity, exact on integer
 * counts; learning `xs` then `ys` equals merging what each taught, exactly for observations that
 * carry a decision-time `modelScore` (and while no predictor has met more than `maxSymbols`
 * symbols); `learnAll` equals folding `learn`, with or without `modelScore`; learning an
 * observation without `modelScore` equals learning it with the `modelScore` that `score` gives for
 * the same state; the codec round-trips; `score` is deterministic for the same rng and its
 * propensities lie in [0, 1].
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure, fromValidationErrors, type DecodeError } from "../kernel/DecodeError.js"
import { beta as betaDraw } from "../kernel/Distributions.js"
import type { Rng } from "../kernel/Random.js"
import { aucFromBinCounts, binPropensity, logOdds } from "./BinStatistics.js"
import { equalFrequency, gridEdge, gridKey, mergeAlike, pava, type Cell, type Run } from "./Binning.js"
import { countCodec, finiteCodec, isRecord, versionCodec, weightCodec } from "./internal/codecs.js"
import { withKeyedLearning, type KeyedPass } from "./internal/keyed.js"
import type { FeatureValue, Features, Learner, Observation, Prior, Score } from "./Learner.js"

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
  /** responses before the first binning (default 500) */
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
}

/**
 * Options of `naiveBayes`.
 *
 * @category model
 * @since 0.1.0
 */
export interface NaiveBayesConfig {
  readonly predictors: ReadonlyArray<Predictor>
  readonly binning?: BinningOptions
  /** predictors with a lower AUC are inactive (default 0.52) */
  readonly performanceThreshold?: number
  /** `"thompson"` (default) draws around the propensity; `"none"` returns it as is */
  readonly exploration?: "thompson" | "none"
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
export interface NaiveBayesState {
  readonly positives: number
  readonly negatives: number
  readonly predictors: ReadonlyMap<string, PredictorCounts>
  /** classifier counts by score bucket `⌊modelScore / SCORE_GRID⌋` (see the module header) */
  readonly scores: ReadonlyMap<number, Counts>
  readonly classifier: ClassifierCounts | null
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
export interface NaiveBayesLearner extends Learner<NaiveBayesState> {
  readonly config: NaiveBayesConfig
  /** the bins, log-odds, activity and classifier the state scores with */
  readonly inspect: (state: NaiveBayesState) => ModelView
  /** the raw score, model propensity and per-predictor log-odds for one subject */
  readonly explain: (state: NaiveBayesState, features: Features) => Explanation
  /** the raw score alone (what `score` returns as `modelScore`) */
  readonly modelScore: (state: NaiveBayesState, features: Features) => number
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

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const ZERO: Counts = { positives: 0, negatives: 0 }

/**
 * The state with nothing learned.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyState: NaiveBayesState = { positives: 0, negatives: 0, predictors: new Map(), scores: new Map(), classifier: null }

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

// -------------------------------------------------------------------------------------
// internal: how a predictor reads and keys values
// -------------------------------------------------------------------------------------

interface Resolved {
  readonly after: number
  readonly granularity: number
  readonly minimumCases: number
  readonly startBins: number
  readonly maxSymbols: number
  readonly logBase: number
  readonly classifierMinimumCases: number
  readonly threshold: number
  readonly explore: boolean
}

/** where a value is counted: a key, MISSING, RESIDUAL, or nowhere */
type Slot = { readonly _tag: "key"; readonly key: string } | { readonly _tag: "missing" } | { readonly _tag: "residual" } | { readonly _tag: "none" }

const MISSING_SLOT: Slot = { _tag: "missing" }
const RESIDUAL_SLOT: Slot = { _tag: "residual" }
const NONE_SLOT: Slot = { _tag: "none" }

const numberOf = (v: unknown): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null
  if (typeof v === "string") {
    const s = v.trim()
    if (s.length === 0) return null
    const n = Number(s)
    return Number.isFinite(n) ? n : null
  }
  if (typeof v === "boolean") return v ? 1 : 0
  return null
}

const symbolOf = (v: unknown): string | null => {
  if (typeof v === "string") return v.length === 0 ? null : v
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : null
  if (typeof v === "boolean") return v ? "true" : "false"
  return null
}

/** the number of cut points ≤ x: the interval index of x among `<c₁`, `[c₁, c₂>`, … */
const intervalIndex = (cuts: ArrayLike<number>, x: number): number => {
  let lo = 0
  let hi = cuts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((cuts[mid] as number) <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

const validateConfig = (config: NaiveBayesConfig): Resolved => {
  const api = "naiveBayes"
  if (config === null || typeof config !== "object" || !Array.isArray(config.predictors)) throw new Error(`${api}: config.predictors must be an array`)
  const names = new Set<string>()
  for (const p of config.predictors) {
    if (typeof p.name !== "string" || p.name.length === 0) throw new Error(`${api}: every predictor needs a non-empty name`)
    if (names.has(p.name)) throw new Error(`${api}: predictor "${p.name}" is listed twice`)
    names.add(p.name)
    if (p.type === "numeric") {
      if (p.bins !== undefined) {
        for (let i = 0; i < p.bins.length; i++) {
          const c = p.bins[i] as number
          if (!Number.isFinite(c) || (i > 0 && c <= (p.bins[i - 1] as number))) throw new Error(`${api}: predictor "${p.name}": cut points must be finite and strictly increasing`)
        }
      }
    } else if (p.type === "symbolic") {
      if (p.bins !== undefined) {
        const seen = new Set<string>()
        for (const group of p.bins) {
          for (const s of group) {
            if (typeof s !== "string") throw new Error(`${api}: predictor "${p.name}": symbols must be strings`)
            if (seen.has(s)) throw new Error(`${api}: predictor "${p.name}": symbol "${s}" is in two groups`)
            seen.add(s)
          }
        }
      }
    } else {
      throw new Error(`${api}: predictor "${(p as Predictor).name}": type must be "numeric" or "symbolic"`)
    }
  }
  const b = config.binning ?? {}
  const num = (x: number | undefined, dflt: number, ok: (x: number) => boolean, what: string): number => {
    if (x === undefined) return dflt
    if (!(typeof x === "number" && ok(x))) throw new Error(`${api}: ${what}`)
    return x
  }
  const precision = num(b.precision, 0.01, (x) => x > 0 && x <= 1, "binning.precision must lie in (0, 1]")
  return {
    after: num(b.after, 500, (x) => Number.isInteger(x) && x >= 0, "binning.after must be a non-negative integer"),
    granularity: num(b.granularity, 0.25, (x) => x >= 0 && x <= 1, "binning.granularity must lie in [0, 1]"),
    minimumCases: num(b.minimumCases, 0.05, (x) => x >= 0 && x < 1, "binning.minimumCases must lie in [0, 1)"),
    startBins: num(b.startBins, 20, (x) => Number.isInteger(x) && x >= 1, "binning.startBins must be a positive integer"),
    maxSymbols: num(b.maxSymbols, 200, (x) => Number.isInteger(x) && x >= 1, "binning.maxSymbols must be a positive integer"),
    logBase: Math.log1p(precision),
    classifierMinimumCases: num(b.classifierMinimumCases, 0.01, (x) => x >= 0 && x < 1, "binning.classifierMinimumCases must lie in [0, 1)"),
    threshold: num(config.performanceThreshold, 0.52, (x) => x >= 0.5 && x <= 1, "performanceThreshold must lie in [0.5, 1]"),
    explore: (config.exploration ?? "thompson") === "thompson"
  }
}

interface Keyer {
  readonly predictor: Predictor
  /** where a value is counted, given the predictor's current counts (for the symbol cap) */
  readonly slot: (value: unknown, counts: PredictorCounts | undefined) => Slot
  /** whether a key can occur */
  readonly validKey: (key: string) => boolean
}

const keyerOf = (p: Predictor, r: Resolved): Keyer => {
  if (p.type === "numeric") {
    if (p.bins !== undefined) {
      const cuts = Float64Array.from(p.bins)
      const keys = Array.from({ length: cuts.length + 1 }, (_, i) => String(i))
      const withMissing = p.missingBin !== false
      return {
        predictor: p,
        slot: (v) => {
          const x = numberOf(v)
          return x === null ? (withMissing ? MISSING_SLOT : NONE_SLOT) : { _tag: "key", key: keys[intervalIndex(cuts, x)] as string }
        },
        validKey: (k) => /^(0|[1-9]\d*)$/.test(k) && Number(k) <= cuts.length
      }
    }
    const logBase = r.logBase
    return {
      predictor: p,
      slot: (v) => {
        const x = numberOf(v)
        return x === null ? MISSING_SLOT : { _tag: "key", key: String(gridKey(x, logBase)) }
      },
      validKey: (k) => /^(0|-?[1-9]\d*)$/.test(k) && Number.isSafeInteger(Number(k))
    }
  }
  if (p.bins !== undefined) {
    const group = new Map<string, string>()
    p.bins.forEach((symbols, i) => {
      for (const s of symbols) group.set(s, String(i))
    })
    const withMissing = p.missingBin !== false
    const withResidual = p.residualBin !== false
    const size = p.bins.length
    return {
      predictor: p,
      slot: (v) => {
        const s = symbolOf(v)
        if (s === null) return withMissing ? MISSING_SLOT : NONE_SLOT
        const g = group.get(s)
        return g !== undefined ? { _tag: "key", key: g } : withResidual ? RESIDUAL_SLOT : NONE_SLOT
      },
      validKey: (k) => /^(0|[1-9]\d*)$/.test(k) && Number(k) < size
    }
  }
  const maxSymbols = r.maxSymbols
  return {
    predictor: p,
    slot: (v, counts) => {
      const s = symbolOf(v)
      if (s === null) return MISSING_SLOT
      if (counts === undefined || counts.bins.has(s) || counts.bins.size < maxSymbols) return { _tag: "key", key: s }
      return RESIDUAL_SLOT
    },
    validKey: () => true
  }
}

// -------------------------------------------------------------------------------------
// internal: learning
// -------------------------------------------------------------------------------------

const EMPTY_PREDICTOR: PredictorCounts = { missing: ZERO, residual: ZERO, bins: new Map() }

const bump = (c: Counts, positive: boolean): Counts =>
  positive ? { positives: c.positives + 1, negatives: c.negatives } : { positives: c.positives, negatives: c.negatives + 1 }

const addCounts = (a: Counts, b: Counts): Counts =>
  b.positives === 0 && b.negatives === 0 ? a : a.positives === 0 && a.negatives === 0 ? b : { positives: a.positives + b.positives, negatives: a.negatives + b.negatives }

const learnPredictor = (pc: PredictorCounts, slot: Slot, positive: boolean): PredictorCounts => {
  switch (slot._tag) {
    case "none":
      return pc
    case "missing":
      return { ...pc, missing: bump(pc.missing, positive) }
    case "residual":
      return { ...pc, residual: bump(pc.residual, positive) }
    case "key": {
      const bins = new Map(pc.bins)
      bins.set(slot.key, bump(bins.get(slot.key) ?? ZERO, positive))
      return { ...pc, bins }
    }
  }
}

/** a learned numeric grid kept sorted while learnAll runs */
interface MutableGrid {
  keys: Array<number>
  counts: Array<Counts>
}

/** a mutable accumulator for learnAll */
interface Accumulator {
  missing: Counts
  residual: Counts
  bins: Map<string, Counts>
  grid?: MutableGrid
}

const setSorted = (grid: MutableGrid, key: number, counts: Counts): void => {
  const keys = grid.keys
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((keys[mid] as number) < key) lo = mid + 1
    else hi = mid
  }
  if (keys[lo] === key) grid.counts[lo] = counts
  else {
    keys.splice(lo, 0, key)
    grid.counts.splice(lo, 0, counts)
  }
}

const hasModelScore = (o: Observation): o is Observation & { readonly modelScore: number } => typeof o.modelScore === "number" && Number.isFinite(o.modelScore)

// -------------------------------------------------------------------------------------
// internal: count tables, what learn and learnAll update
// -------------------------------------------------------------------------------------

/** classifier counts as flat arrays: the buckets ascending, their positives and negatives side by side (`counts[2i]`, `counts[2i + 1]`) */
interface SortedScores {
  readonly buckets: ReadonlyArray<number>
  readonly counts: ReadonlyArray<number>
}

/**
 * A state's classifier counts: `sorted`, plus the responses counted since, as codes
 * `2·bucket + (positive ? 0 : 1)` — the first `logged` entries of `log`. `log` only grows and is
 * shared along a line of states (only a state that knows all its entries appends, any other copies
 * them first); it is merged into `sorted` once it holds as many entries as `sorted` has buckets, so
 * a response costs a few steps, amortized, however many buckets there are. `view` is the public
 * map, built the first time it is read.
 */
interface ScoreTable {
  readonly sorted: SortedScores
  readonly log: Array<number>
  readonly logged: number
  view: ReadonlyMap<number, Counts> | undefined
}

/**
 * The counts of a predictor with learned bins: slot 0 is MISSING, slot 1 RESIDUAL, slot 2 + i the
 * i-th key of `keys` (positives at `counts[2·slot]`, negatives next). `keys` only grows and is
 * shared along a line of states: a state knows its first `known` keys, and only a state that
 * knows all of them adds one (any other copies them first), so no state sees a key it did not count.
 */
interface LearnedTable {
  keys: Map<string | number, number>
  known: number
  counts: Array<number>
}

/** what the counts do not say about the maps a state was built from (shared; learning never changes it) */
interface Listed {
  /** per predictor of the configuration: whether the state listed it */
  readonly predictors: Uint8Array
  /** per slot of `fixed`: whether the state listed the bin's key (perhaps with zero counts) */
  readonly keys: Uint8Array
  /** per predictor: keys the learner never counts (not a configured bin's index, not a grid key), as they were */
  readonly strays: ReadonlyArray<ReadonlyArray<readonly [string, Counts]>>
  /** predictors the configuration does not list, as they were */
  readonly foreign: ReadonlyArray<readonly [string, PredictorCounts]>
}

/**
 * A state as `learn` and `learnAll` update it: the configured predictors' counts in one array
 * (`fixed`: each predictor's bins, then MISSING, then RESIDUAL; positives and negatives side by
 * side), the learned predictors' counts by key, the classifier counts by bucket. Learning copies
 * the arrays once per call and then only adds to them: no allocation per response.
 */
interface Tables {
  readonly positives: number
  readonly negatives: number
  readonly fixed: ReadonlyArray<number>
  readonly learned: ReadonlyArray<LearnedTable>
  readonly scores: ScoreTable
  readonly classifier: ClassifierCounts | null
  readonly listed: Listed
}

/** tables being learned: copies of `from`'s arrays, added to in place, and the responses' score codes */
interface Working {
  readonly from: Tables
  positives: number
  negatives: number
  readonly fixed: Array<number>
  readonly learned: ReadonlyArray<LearnedTable>
  /** `2·bucket + (positive ? 0 : 1)` of each response */
  readonly codes: Array<number>
}

/** how one configuration's states become count tables and back */
interface Columns {
  readonly fromState: (state: NaiveBayesState) => Tables
  /** working copies of tables, to `add` responses to (each with a decision-time `modelScore`) */
  readonly begin: (tables: Tables) => Working
  readonly add: (working: Working, features: Features, positive: boolean, modelScore: number) => void
  /** the tables of what was added (the working copies are not to be used afterwards) */
  readonly finish: (working: Working) => Tables
  readonly predictorsOf: (tables: Tables) => ReadonlyMap<string, PredictorCounts>
}

const NO_STRAYS: ReadonlyArray<readonly [string, Counts]> = []

/**
 * Where a configured predictor counts a value in `fixed` (the offset of the bin's positives; -1
 * for nowhere): the bins of `layoutOf`, read the same way — MISSING for no value (if the
 * predictor has that bin), the interval by the cut points, the group of a symbol, else RESIDUAL.
 */
interface FixedColumn {
  readonly name: string
  /** the offset of bin 0 */
  readonly first: number
  /** a numeric predictor's cut points; null for a symbolic one */
  readonly cuts: Float64Array | null
  /** a symbolic predictor's symbols, with the offsets of their groups */
  readonly groups: ReadonlyMap<string, number>
  readonly missing: number
  readonly residual: number
}

const NO_GROUPS: ReadonlyMap<string, number> = new Map()

const fixedColumnOf = (p: Predictor, first: number): FixedColumn => {
  if (p.type === "numeric") {
    const cuts = Float64Array.from(p.bins ?? [])
    const bins = cuts.length + 1
    return { name: p.name, first, cuts, groups: NO_GROUPS, missing: p.missingBin !== false ? first + 2 * bins : -1, residual: -1 }
  }
  const groups = new Map<string, number>()
  const list = p.bins ?? []
  list.forEach((symbols, g) => {
    for (const s of symbols) groups.set(s, first + 2 * g)
  })
  const bins = list.length
  return {
    name: p.name,
    first,
    cuts: null,
    groups,
    missing: p.missingBin !== false ? first + 2 * bins : -1,
    residual: p.residualBin !== false ? first + 2 * (bins + 1) : -1
  }
}

const INDEX_KEY = /^(0|[1-9]\d*)$/

/** `n` zeros (a packed array of small integers) */
const zeros = (n: number): Array<number> => {
  const out: Array<number> = []
  for (let i = 0; i < n; i++) out.push(0)
  return out
}

const countsAt = (a: ReadonlyArray<number>, slot: number): Counts => {
  const p = a[2 * slot] as number
  const n = a[2 * slot + 1] as number
  return p === 0 && n === 0 ? ZERO : { positives: p, negatives: n }
}

const scoreTableOf = (scores: ReadonlyMap<number, Counts>): ScoreTable => {
  const buckets = Array.from(scores.keys()).sort((a, b) => a - b)
  const counts: Array<number> = []
  for (let i = 0; i < buckets.length; i++) {
    const c = scores.get(buckets[i] as number) as Counts
    counts.push(c.positives, c.negatives)
  }
  return { sorted: { buckets, counts }, log: [], logged: 0, view: scores }
}

/** sorted counts with responses added (`codes`: sorted codes, see `ScoreTable`) */
const mergeCodes = (sorted: SortedScores, codes: ArrayLike<number>): SortedScores => {
  const old = sorted.buckets
  const oldCounts = sorted.counts
  const buckets: Array<number> = []
  const counts: Array<number> = []
  let i = 0
  for (let j = 0; j < codes.length; ) {
    const b = Math.floor((codes[j] as number) / 2)
    while (i < old.length && (old[i] as number) < b) {
      buckets.push(old[i] as number)
      counts.push(oldCounts[2 * i] as number, oldCounts[2 * i + 1] as number)
      i++
    }
    let p = 0
    let n = 0
    if (i < old.length && old[i] === b) {
      p = oldCounts[2 * i] as number
      n = oldCounts[2 * i + 1] as number
      i++
    }
    for (; j < codes.length; j++) {
      const code = codes[j] as number
      if (Math.floor(code / 2) !== b) break
      if (code === 2 * b) p++
      else n++
    }
    buckets.push(b)
    counts.push(p, n)
  }
  for (; i < old.length; i++) {
    buckets.push(old[i] as number)
    counts.push(oldCounts[2 * i] as number, oldCounts[2 * i + 1] as number)
  }
  return { buckets, counts }
}

/** the first `n` codes of a log, sorted */
const sortedCodes = (log: ReadonlyArray<number>, n: number): Float64Array => {
  const codes = new Float64Array(n)
  for (let i = 0; i < n; i++) codes[i] = log[i] as number
  return codes.sort()
}

/** all the counts of a score table, merged */
const sortedOf = (table: ScoreTable): SortedScores => (table.logged === 0 ? table.sorted : mergeCodes(table.sorted, sortedCodes(table.log, table.logged)))

const scoresOf = (table: ScoreTable): ReadonlyMap<number, Counts> => {
  if (table.view === undefined) {
    const { buckets, counts } = sortedOf(table)
    const view = new Map<number, Counts>()
    for (let i = 0; i < buckets.length; i++) view.set(buckets[i] as number, countsAt(counts, i))
    table.view = view
  }
  return table.view
}

/** the score table with responses added (`codes`, see `ScoreTable`) */
const addToScores = (table: ScoreTable, codes: ReadonlyArray<number>): ScoreTable => {
  if (codes.length === 0) return table
  const log = table.log.length === table.logged ? table.log : table.log.slice(0, table.logged)
  for (let i = 0; i < codes.length; i++) log.push(codes[i] as number)
  if (log.length < Math.max(64, table.sorted.buckets.length)) return { sorted: table.sorted, log, logged: log.length, view: undefined }
  return { sorted: mergeCodes(table.sorted, sortedCodes(log, log.length)), log: [], logged: 0, view: undefined }
}

/** the first `known` keys of a dictionary, in order */
const firstKeys = (keys: Map<string | number, number>, known: number): Map<string | number, number> => {
  const out = new Map<string | number, number>()
  for (const [k, i] of keys) {
    if (i >= known) break
    out.set(k, i)
  }
  return out
}

const columnsOf = (config: NaiveBayesConfig, r: Resolved): Columns => {
  const predictors = config.predictors
  const count = predictors.length
  const indexOf = new Map(predictors.map((p, i) => [p.name, i] as const))
  // configured predictors: where their slots start in `fixed`, how many bins they have, and where a value is counted
  const base = new Int32Array(count).fill(-1)
  const binCount = new Int32Array(count)
  const numericColumns: Array<FixedColumn> = []
  const symbolicColumns: Array<FixedColumn> = []
  // learned predictors: their index among the learned tables
  const learnedIndex = new Int32Array(count).fill(-1)
  const learnedNames: Array<string> = []
  const learnedNumeric: Array<boolean> = []
  let slots = 0
  predictors.forEach((p, i) => {
    if (p.bins !== undefined) {
      const bins = p.type === "numeric" ? p.bins.length + 1 : p.bins.length
      base[i] = slots
      binCount[i] = bins
      ;(p.type === "numeric" ? numericColumns : symbolicColumns).push(fixedColumnOf(p, 2 * slots))
      slots += bins + 2
    } else {
      learnedIndex[i] = learnedNames.length
      learnedNames.push(p.name)
      learnedNumeric.push(p.type === "numeric")
    }
  })
  const binKeys = Array.from({ length: Math.max(0, ...Array.from(binCount)) }, (_, k) => String(k))
  const { logBase, maxSymbols } = r

  const fromState = (state: NaiveBayesState): Tables => {
    const fixed = zeros(2 * slots)
    const listedPredictors = new Uint8Array(count)
    const listedKeys = new Uint8Array(slots)
    const strays: Array<ReadonlyArray<readonly [string, Counts]>> = new Array<ReadonlyArray<readonly [string, Counts]>>(count).fill(NO_STRAYS)
    const foreign: Array<readonly [string, PredictorCounts]> = []
    const learned: Array<LearnedTable> = []
    for (const [name, pc] of state.predictors) {
      const i = indexOf.get(name)
      if (i === undefined) foreign.push([name, pc])
      else listedPredictors[i] = 1
    }
    predictors.forEach((p, i) => {
      const pc = state.predictors.get(p.name)
      const stray: Array<readonly [string, Counts]> = []
      const first = base[i] as number
      if (first >= 0) {
        if (pc !== undefined) {
          const bins = binCount[i] as number
          for (const [k, c] of pc.bins) {
            const bin = INDEX_KEY.test(k) ? Number(k) : -1
            if (bin < 0 || bin >= bins) {
              stray.push([k, c])
              continue
            }
            fixed[2 * (first + bin)] = c.positives
            fixed[2 * (first + bin) + 1] = c.negatives
            listedKeys[first + bin] = 1
          }
          fixed[2 * (first + bins)] = pc.missing.positives
          fixed[2 * (first + bins) + 1] = pc.missing.negatives
          fixed[2 * (first + bins + 1)] = pc.residual.positives
          fixed[2 * (first + bins + 1) + 1] = pc.residual.negatives
        }
      } else {
        const numeric = p.type === "numeric"
        const keys = new Map<string | number, number>()
        const counts = zeros(4)
        if (pc !== undefined) {
          counts[0] = pc.missing.positives
          counts[1] = pc.missing.negatives
          counts[2] = pc.residual.positives
          counts[3] = pc.residual.negatives
          for (const [k, c] of pc.bins) {
            const key = numeric ? Number(k) : k
            if (numeric && !(Number.isSafeInteger(key) && String(key) === k)) {
              stray.push([k, c])
              continue
            }
            keys.set(key, keys.size)
            counts.push(c.positives, c.negatives)
          }
        }
        learned.push({ keys, known: keys.size, counts })
      }
      if (stray.length > 0) strays[i] = stray
    })
    return {
      positives: state.positives,
      negatives: state.negatives,
      fixed,
      learned,
      scores: scoreTableOf(state.scores),
      classifier: state.classifier,
      listed: { predictors: listedPredictors, keys: listedKeys, strays, foreign }
    }
  }

  /** the slot of a value of learned predictor `j` in its working table (adding a key when new) */
  const learnedSlot = (table: LearnedTable, numeric: boolean, value: unknown): number => {
    let key: string | number
    if (numeric) {
      const x = numberOf(value)
      if (x === null) return 0
      key = gridKey(x, logBase)
    } else {
      const s = symbolOf(value)
      if (s === null) return 0
      key = s
    }
    const known = table.known
    const i = table.keys.get(key)
    if (i !== undefined && i < known) return 2 + i
    if (!numeric && known >= maxSymbols) return 1
    if (table.keys.size !== known) table.keys = firstKeys(table.keys, known)
    table.keys.set(key, known)
    table.known = known + 1
    table.counts.push(0, 0)
    return 2 + known
  }

  const begin = (tables: Tables): Working => ({
    from: tables,
    positives: tables.positives,
    negatives: tables.negatives,
    fixed: tables.fixed.slice(),
    learned: tables.learned.map((t) => ({ keys: t.keys, known: t.known, counts: t.counts.slice() })),
    codes: []
  })

  const numericCount = numericColumns.length
  const symbolicCount = symbolicColumns.length
  const learnedCount = learnedNames.length

  const add = (w: Working, features: Features, positive: boolean, modelScore: number): void => {
    const column = positive ? 0 : 1
    if (positive) w.positives++
    else w.negatives++
    w.codes.push(2 * scoreBucket(modelScore) + column)
    const fixed = w.fixed
    for (let j = 0; j < numericCount; j++) {
      const c = numericColumns[j] as FixedColumn
      const v = features[c.name]
      const x = typeof v === "number" ? (Number.isFinite(v) ? v : null) : numberOf(v)
      let at: number
      if (x === null) at = c.missing
      else {
        const cuts = c.cuts as Float64Array
        let lo = 0
        let hi = cuts.length
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if ((cuts[mid] as number) <= x) lo = mid + 1
          else hi = mid
        }
        at = c.first + 2 * lo
      }
      if (at >= 0) fixed[at + column] = (fixed[at + column] as number) + 1
    }
    for (let j = 0; j < symbolicCount; j++) {
      const c = symbolicColumns[j] as FixedColumn
      const v = features[c.name]
      const s = typeof v === "string" && v.length > 0 ? v : symbolOf(v)
      const at = s === null ? c.missing : (c.groups.get(s) ?? c.residual)
      if (at >= 0) fixed[at + column] = (fixed[at + column] as number) + 1
    }
    for (let j = 0; j < learnedCount; j++) {
      const table = w.learned[j] as LearnedTable
      const x = 2 * learnedSlot(table, learnedNumeric[j] as boolean, features[learnedNames[j] as string]) + column
      table.counts[x] = (table.counts[x] as number) + 1
    }
  }

  const finish = (w: Working): Tables => ({
    positives: w.positives,
    negatives: w.negatives,
    fixed: w.fixed,
    learned: w.learned,
    scores: addToScores(w.from.scores, w.codes),
    classifier: w.from.classifier,
    listed: w.from.listed
  })

  const predictorsOf = (tables: Tables): ReadonlyMap<string, PredictorCounts> => {
    const out = new Map<string, PredictorCounts>()
    const { fixed, listed } = tables
    predictors.forEach((p, i) => {
      const bins = new Map<string, Counts>()
      let missing: Counts
      let residual: Counts
      const first = base[i] as number
      if (first >= 0) {
        const n = binCount[i] as number
        for (let k = 0; k < n; k++) {
          const c = countsAt(fixed, first + k)
          if (c !== ZERO || listed.keys[first + k] === 1) bins.set(binKeys[k] as string, c)
        }
        missing = countsAt(fixed, first + n)
        residual = countsAt(fixed, first + n + 1)
      } else {
        const table = tables.learned[learnedIndex[i] as number] as LearnedTable
        if (table.known > 0) {
          for (const [key, k] of table.keys) {
            if (k >= table.known) break
            bins.set(typeof key === "number" ? String(key) : key, countsAt(table.counts, 2 + k))
          }
        }
        missing = countsAt(table.counts, 0)
        residual = countsAt(table.counts, 1)
      }
      for (const [k, c] of listed.strays[i] as ReadonlyArray<readonly [string, Counts]>) bins.set(k, c)
      if (listed.predictors[i] === 1 || bins.size > 0 || missing !== ZERO || residual !== ZERO) out.set(p.name, { missing, residual, bins })
    })
    for (const [name, pc] of listed.foreign) out.set(name, pc)
    return out
  }

  return { fromState, begin, add, finish, predictorsOf }
}

const mergePredictors = (a: PredictorCounts, b: PredictorCounts): PredictorCounts => {
  if (a.bins.size === 0 && a.missing === ZERO && a.residual === ZERO) return b
  if (b.bins.size === 0 && b.missing === ZERO && b.residual === ZERO) return a
  const bins = new Map(a.bins)
  for (const [k, c] of b.bins) {
    const mine = bins.get(k)
    bins.set(k, mine === undefined ? c : addCounts(mine, c))
  }
  return { missing: addCounts(a.missing, b.missing), residual: addCounts(a.residual, b.residual), bins }
}

const sameBounds = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => a.length === b.length && a.every((x, i) => x === b[i])

const compareBounds = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  if (a.length !== b.length) return a.length - b.length
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
  return 0
}

/** imported classifiers: equal bounds add; otherwise the greater bounds win (a commutative monoid) */
const mergeClassifiers = (a: ClassifierCounts | null, b: ClassifierCounts | null): ClassifierCounts | null => {
  if (a === null) return b
  if (b === null) return a
  if (sameBounds(a.bounds, b.bounds)) {
    return {
      bounds: a.bounds,
      positives: a.positives.map((x, i) => x + (b.positives[i] ?? 0)),
      negatives: a.negatives.map((x, i) => x + (b.negatives[i] ?? 0))
    }
  }
  return compareBounds(a.bounds, b.bounds) >= 0 ? a : b
}

/**
 * Combines two states learned from disjoint responses (key-wise sum of counts).
 *
 * @category operations
 * @since 0.1.0
 */
export const mergeStates = (x: NaiveBayesState, y: NaiveBayesState): NaiveBayesState => {
  if (isEmptyState(x)) return y
  if (isEmptyState(y)) return x
  const predictors = new Map(x.predictors)
  for (const [name, pc] of y.predictors) {
    const mine = predictors.get(name)
    predictors.set(name, mine === undefined ? pc : mergePredictors(mine, pc))
  }
  let scores = x.scores
  if (y.scores.size > 0) {
    const sum = new Map(x.scores)
    for (const [k, c] of y.scores) {
      const mine = sum.get(k)
      sum.set(k, mine === undefined ? c : addCounts(mine, c))
    }
    scores = sum
  }
  return {
    positives: x.positives + y.positives,
    negatives: x.negatives + y.negatives,
    predictors,
    scores,
    classifier: mergeClassifiers(x.classifier, y.classifier)
  }
}

const isEmptyState = (s: NaiveBayesState): boolean => s.positives + s.negatives === 0 && s.predictors.size === 0 && s.scores.size === 0 && s.classifier === null

const MAX_BUCKET = 1e12

/**
 * The classifier bucket of a raw score, `⌊score / SCORE_GRID⌋` (clamped to ±1e12 buckets).
 *
 * @category utils
 * @since 0.1.0
 */
export const scoreBucket = (score: number): number => {
  if (Number.isNaN(score)) return 0
  const k = Math.floor(score / SCORE_GRID)
  return k > MAX_BUCKET ? MAX_BUCKET : k < -MAX_BUCKET ? -MAX_BUCKET : k
}

// -------------------------------------------------------------------------------------
// internal: compiling a state to flat tables
// -------------------------------------------------------------------------------------

/** one predictor as the raw score needs it */
interface ScoringPredictor {
  readonly name: string
  readonly predictor: Predictor
  /** null when the learned bins are not derived yet */
  readonly bins: ReadonlyArray<RawBin> | null
  /** the bin index of a value in `bins`, or -1 for none */
  readonly locate: (value: unknown) => number
  readonly logOdds: ReadonlyArray<number>
  readonly auc: number
  readonly active: boolean
}

/** what the raw score needs: the active predictors' tables */
interface Scoring {
  readonly all: ReadonlyArray<ScoringPredictor>
  readonly active: ReadonlyArray<ScoringPredictor>
  readonly offset: number
  readonly divisor: number
}

interface Compiled {
  readonly scoring: Scoring
  readonly view: ModelView
  /** whether `bounds` are score buckets (pooled classifier) or scores (imported classifier) */
  readonly keyed: boolean
  /** classifier: lower bounds (buckets or scores) of bins 1.. (bin 0 is below bounds[0]) and propensities */
  readonly bounds: Float64Array
  readonly propensity: Float64Array
}

interface RawBin {
  readonly kind: BinView["kind"]
  readonly lower?: number
  readonly upper?: number
  readonly symbols?: ReadonlyArray<string>
  readonly positives: number
  readonly negatives: number
}

/** the learned numeric grid of one predictor, its keys ascending with their counts */
interface SortedGrid {
  readonly keys: ReadonlyArray<number>
  readonly counts: ReadonlyArray<Counts>
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))))

const intervalLabel = (lower: number, upper: number): string =>
  lower === -Infinity ? (upper === Infinity ? "all" : `<${fmt(upper)}`) : upper === Infinity ? `>=${fmt(lower)}` : `[${fmt(lower)}, ${fmt(upper)}>`

const labelOf = (b: RawBin): string => {
  switch (b.kind) {
    case "interval":
      return intervalLabel(b.lower ?? -Infinity, b.upper ?? Infinity)
    case "symbols":
      return (b.symbols ?? []).join(", ")
    case "missing":
      return "MISSING"
    case "residual":
      return "RESIDUAL"
  }
}

const countsOf = (pc: PredictorCounts | undefined, key: string): Counts => pc?.bins.get(key) ?? ZERO

const sortedGridOf = (pc: PredictorCounts): SortedGrid => {
  const keys = Array.from(pc.bins.keys(), Number).sort((a, b) => a - b)
  return { keys, counts: keys.map((k) => pc.bins.get(String(k)) as Counts) }
}

/** the bins of a predictor with configured bins, without their counts: each bin's count key, and how to locate a value */
interface Layout {
  /** each bin, given its counts */
  readonly bins: ReadonlyArray<(positives: number, negatives: number) => RawBin>
  /** the count key of each bin: its index, or "missing" / "residual" */
  readonly keys: ReadonlyArray<string>
  readonly locate: (v: unknown) => number
}

const layouts = new WeakMap<Predictor, Layout>()

const layoutOf = (p: NumericPredictor | SymbolicPredictor): Layout => {
  const known = layouts.get(p)
  if (known !== undefined) return known
  const bins: Array<(positives: number, negatives: number) => RawBin> = []
  const keys: Array<string> = []
  const missingBin = (positives: number, negatives: number): RawBin => ({ kind: "missing", positives, negatives })
  let locate: (v: unknown) => number
  if (p.type === "numeric") {
    const cuts = Float64Array.from(p.bins ?? [])
    for (let i = 0; i <= cuts.length; i++) {
      const lower = i === 0 ? -Infinity : (cuts[i - 1] as number)
      const upper = i === cuts.length ? Infinity : (cuts[i] as number)
      bins.push((positives, negatives) => ({ kind: "interval", lower, upper, positives, negatives }))
      keys.push(String(i))
    }
    const missingIndex = p.missingBin !== false ? bins.length : -1
    if (missingIndex >= 0) {
      bins.push(missingBin)
      keys.push("missing")
    }
    locate = (v) => {
      const x = numberOf(v)
      return x === null ? missingIndex : intervalIndex(cuts, x)
    }
  } else {
    const group = new Map<string, number>()
    ;(p.bins ?? []).forEach((symbols, i) => {
      for (const s of symbols) group.set(s, i)
      bins.push((positives, negatives) => ({ kind: "symbols", symbols, positives, negatives }))
      keys.push(String(i))
    })
    const missingIndex = p.missingBin !== false ? bins.length : -1
    if (missingIndex >= 0) {
      bins.push(missingBin)
      keys.push("missing")
    }
    const residualIndex = p.residualBin !== false ? bins.length : -1
    if (residualIndex >= 0) {
      bins.push((positives, negatives) => ({ kind: "residual", positives, negatives }))
      keys.push("residual")
    }
    locate = (v) => {
      const s = symbolOf(v)
      return s === null ? missingIndex : (group.get(s) ?? residualIndex)
    }
  }
  const layout: Layout = { bins, keys, locate }
  layouts.set(p, layout)
  return layout
}

/** the bins of one predictor, and how to locate a value among them; null when not binned yet */
const binsOf = (
  p: Predictor,
  pc: PredictorCounts | undefined,
  r: Resolved,
  modelResponses: number,
  grid?: SortedGrid
): { readonly bins: ReadonlyArray<RawBin>; readonly locate: (v: unknown) => number } | null => {
  const missing = pc?.missing ?? ZERO
  const residual = pc?.residual ?? ZERO
  if (p.bins !== undefined) {
    const layout = layoutOf(p)
    const bins: Array<RawBin> = layout.bins.map((make, i) => {
      const key = layout.keys[i] as string
      const c = key === "missing" ? missing : key === "residual" ? residual : countsOf(pc, key)
      return make(c.positives, c.negatives)
    })
    return { bins, locate: layout.locate }
  }
  // learned bins
  if (modelResponses < r.after || pc === undefined) return null
  const hasMissing = missing.positives + missing.negatives > 0
  if (p.type === "numeric") {
    const { keys, counts } = grid ?? sortedGridOf(pc)
    let total = 0
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] as Counts
      total += c.positives + c.negatives
    }
    const minimum = r.minimumCases * total
    const runs = mergeAlike(equalFrequency(counts, r.startBins), r.granularity, minimum)
    // run i covers keys [keys[from], keys[to]) ; boundaries are the first key of runs 1..
    const boundaryKeys = Float64Array.from(runs.slice(1).map((run) => keys[run.from] as number))
    const bins: Array<RawBin> = runs.map((run, i) => {
      const lower = i === 0 ? -Infinity : gridEdge(keys[run.from] as number, r.logBase)
      const upper = i === runs.length - 1 ? Infinity : gridEdge(keys[(runs[i + 1] as Run).from] as number, r.logBase)
      return { kind: "interval", lower, upper, positives: run.positives, negatives: run.negatives }
    })
    const missingIndex = hasMissing ? bins.length : -1
    if (hasMissing) bins.push({ kind: "missing", ...missing })
    const logBase = r.logBase
    return {
      bins,
      locate: (v) => {
        const x = numberOf(v)
        return x === null ? missingIndex : intervalIndex(boundaryKeys, gridKey(x, logBase))
      }
    }
  }
  // learned symbols: ordered by smoothed propensity (then by symbol), merged where alike
  let total = 0
  for (const c of pc.bins.values()) total += c.positives + c.negatives
  const minimum = r.minimumCases * total
  const ranked = Array.from(pc.bins, ([symbol, c]) => ({ symbol, c, p: binPropensity(c.positives, c.negatives) })).sort(
    (a, b) => a.p - b.p || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)
  )
  const symbols = ranked.map((x) => x.symbol)
  const cells: Array<Cell> = ranked.map((x) => x.c)
  const runs = mergeAlike(
    cells.map((c, i) => ({ from: i, to: i + 1, positives: c.positives, negatives: c.negatives })),
    r.granularity,
    minimum
  )
  const group = new Map<string, number>()
  const bins: Array<RawBin> = runs.map((run, i) => {
    const members = symbols.slice(run.from, run.to)
    for (const s of members) group.set(s, i)
    return { kind: "symbols", symbols: members, positives: run.positives, negatives: run.negatives }
  })
  const missingIndex = hasMissing ? bins.length : -1
  if (hasMissing) bins.push({ kind: "missing", ...missing })
  const residualIndex = bins.length
  bins.push({ kind: "residual", ...residual })
  return {
    bins,
    locate: (v) => {
      const s = symbolOf(v)
      return s === null ? missingIndex : (group.get(s) ?? residualIndex)
    }
  }
}

const NO_LOG_ODDS: ReadonlyArray<number> = []

const scoringPredictor = (p: Predictor, pc: PredictorCounts | undefined, r: Resolved, modelResponses: number, grid?: SortedGrid): ScoringPredictor => {
  const binned = binsOf(p, pc, r, modelResponses, grid)
  if (binned === null) return { name: p.name, predictor: p, bins: null, locate: () => -1, logOdds: NO_LOG_ODDS, auc: 0.5, active: false }
  const bins = binned.bins
  const n = bins.length
  const pos: Array<number> = new Array<number>(n)
  const neg: Array<number> = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const b = bins[i] as Cell
    pos[i] = b.positives
    neg[i] = b.negatives
  }
  const lo = logOdds(pos, neg)
  const table: Array<number> = new Array<number>(n)
  for (let i = 0; i < n; i++) table[i] = (pos[i] as number) + (neg[i] as number) === 0 ? 0 : (lo[i] as number)
  const auc = aucFromBinCounts(pos, neg)
  return { name: p.name, predictor: p, bins, locate: binned.locate, logOdds: table, auc, active: auc >= r.threshold }
}

/** the raw-score tables of counts (`grids`: the learned numeric grids already sorted, if known) */
const scoringOf = (
  config: NaiveBayesConfig,
  r: Resolved,
  positives: number,
  negatives: number,
  counts: (name: string) => PredictorCounts | undefined,
  grids?: (name: string) => SortedGrid | undefined
): Scoring => {
  const responses = positives + negatives
  const all = config.predictors.map((p) => scoringPredictor(p, counts(p.name), r, responses, grids?.(p.name)))
  const active = all.filter((sp) => sp.active)
  return { all, active, offset: Math.log1p(positives) - Math.log1p(negatives), divisor: 1 + active.length }
}

/** the raw score: `(offset + Σ active log-odds) / (1 + k)` */
const rawScoreOf = (sc: Scoring, features: Features): number => {
  let sum = sc.offset
  const active = sc.active
  for (let i = 0; i < active.length; i++) {
    const sp = active[i] as ScoringPredictor
    const bin = sp.locate(features[sp.name])
    if (bin >= 0) sum += sp.logOdds[bin] as number
  }
  return sum / sc.divisor
}

const monotoneSmoothed = (runs: ReadonlyArray<Run>): ReadonlyArray<Run> => {
  const out: Array<Run> = []
  for (const run of runs) {
    let current = run
    while (out.length > 0) {
      const top = out[out.length - 1] as Run
      if (binPropensity(top.positives, top.negatives) < binPropensity(current.positives, current.negatives)) break
      out.pop()
      current = { from: top.from, to: current.to, positives: top.positives + current.positives, negatives: top.negatives + current.negatives }
    }
    out.push(current)
  }
  return out
}

/** the classifier pooled from the score-bucket counts (see the module header): bins and their first buckets */
const pooledClassifier = (scores: ReadonlyMap<number, Counts>, r: Resolved): { readonly bins: ReadonlyArray<ClassifierBinView>; readonly firstBuckets: ReadonlyArray<number> } => {
  const keys = Array.from(scores.keys()).sort((a, b) => a - b)
  const cells: Array<Cell> = keys.map((k) => scores.get(k) as Counts)
  let total = 0
  for (const c of cells) total += c.positives + c.negatives
  // PAVA, then runs of at least `classifierMinimumCases` of the responses, pooled again
  const merged = mergeAlike(pava(cells), 1, r.classifierMinimumCases * total)
  const pooled = pava(merged).map((run) => ({ ...run, from: (merged[run.from] as Run).from, to: (merged[run.to - 1] as Run).to }))
  // the Laplace-smoothed propensities must increase too: pool any run that breaks it
  const runs = monotoneSmoothed(pooled)
  const firstBuckets = runs.map((run) => keys[run.from] as number)
  const bins = runs.map((run, i) => ({
    lower: i === 0 ? -Infinity : (firstBuckets[i] as number) * SCORE_GRID,
    upper: i === runs.length - 1 ? Infinity : (firstBuckets[i + 1] as number) * SCORE_GRID,
    positives: run.positives,
    negatives: run.negatives,
    propensity: binPropensity(run.positives, run.negatives)
  }))
  return { bins, firstBuckets }
}

/** an imported classifier, with the score-bucket counts learned since added to the bin of each bucket's midpoint */
const importedClassifier = (imported: ClassifierCounts, scores: ReadonlyMap<number, Counts>): ReadonlyArray<ClassifierBinView> => {
  const b = imported.bounds
  const pos = imported.positives.slice()
  const neg = imported.negatives.slice()
  for (const [k, c] of scores) {
    const i = intervalIndex(b, (k + 0.5) * SCORE_GRID)
    pos[i] = (pos[i] ?? 0) + c.positives
    neg[i] = (neg[i] ?? 0) + c.negatives
  }
  return pos.map((p, i) => {
    const n = neg[i] ?? 0
    return { lower: i === 0 ? -Infinity : (b[i - 1] as number), upper: i === b.length ? Infinity : (b[i] as number), positives: p, negatives: n, propensity: binPropensity(p, n) }
  })
}

const predictorView = (sp: ScoringPredictor): PredictorView => ({
  name: sp.name,
  type: sp.predictor.type,
  binned: sp.bins !== null,
  active: sp.active,
  auc: sp.auc,
  bins: (sp.bins ?? []).map((b, i) => ({ label: labelOf(b), ...b, logOdds: sp.logOdds[i] as number }))
})

const compile = (scoring: Scoring, r: Resolved, state: NaiveBayesState): Compiled => {
  const { active, offset } = scoring
  const k = active.length
  let minSum = 0
  let maxSum = 0
  for (const sp of active) {
    let min = Infinity
    let max = -Infinity
    for (const x of sp.logOdds) {
      if (x < min) min = x
      if (x > max) max = x
    }
    minSum += min
    maxSum += max
  }
  const scoreRange: readonly [number, number] = [(offset + minSum) / (1 + k), (offset + maxSum) / (1 + k)]
  let classifier: ReadonlyArray<ClassifierBinView>
  let keyed = false
  let bounds: Float64Array
  const imported = state.classifier
  if (imported !== null) {
    classifier = importedClassifier(imported, state.scores)
    bounds = Float64Array.from(imported.bounds)
  } else if (k === 0 || state.scores.size === 0) {
    classifier = [{ lower: -Infinity, upper: Infinity, positives: state.positives, negatives: state.negatives, propensity: binPropensity(state.positives, state.negatives) }]
    bounds = new Float64Array(0)
  } else {
    const pooled = pooledClassifier(state.scores, r)
    classifier = pooled.bins
    keyed = true
    bounds = Float64Array.from(pooled.firstBuckets.slice(1))
  }
  const view: ModelView = {
    positives: state.positives,
    negatives: state.negatives,
    offset,
    predictors: scoring.all.map(predictorView),
    classifier,
    importedClassifier: imported !== null,
    scoreRange
  }
  return { scoring, view, keyed, bounds, propensity: Float64Array.from(classifier.map((c) => c.propensity)) }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/** positives and negatives at indexes `at`, `at + 1` of the path */
const countsCodec = (c: t.Context, u: unknown, errors: t.Errors, weights: boolean, at = 0): Counts => {
  const codec = weights ? weightCodec : countCodec
  if (!Array.isArray(u) || u.length !== 2) {
    const r = failure<never>(u, c, u === undefined ? "required" : "invalid_type", "expected [positives, negatives]")
    if (E.isLeft(r)) errors.push(...r.left)
    return ZERO
  }
  const p = codec.validate(u[0], t.appendContext(c, String(at), codec, u[0]))
  const n = codec.validate(u[1], t.appendContext(c, String(at + 1), codec, u[1]))
  if (E.isLeft(p)) errors.push(...p.left)
  if (E.isLeft(n)) errors.push(...n.left)
  return E.isRight(p) && E.isRight(n) ? (p.right === 0 && n.right === 0 ? ZERO : { positives: p.right, negatives: n.right }) : ZERO
}

const push = (errors: t.Errors, r: t.Validation<unknown>): void => {
  if (E.isLeft(r)) errors.push(...r.left)
}

const stateCodec = (config: NaiveBayesConfig, keyers: ReadonlyMap<string, Keyer>): t.Type<NaiveBayesState, unknown, unknown> =>
  new t.Type<NaiveBayesState, unknown, unknown>(
    "NaiveBayesState",
    (u): u is NaiveBayesState => isRecord(u) && u["predictors"] instanceof Map,
    (u, c) => {
      if (!isRecord(u)) return failure(u, c, u === undefined ? "required" : "invalid_type", "expected a naive Bayes state object")
      const errors: t.Errors = []
      push(errors, versionCodec(STATE_VERSION).validate(u["version"], t.appendContext(c, "version", t.unknown, u["version"])))
      const P = countCodec.validate(u["positives"], t.appendContext(c, "positives", countCodec, u["positives"]))
      const N = countCodec.validate(u["negatives"], t.appendContext(c, "negatives", countCodec, u["negatives"]))
      push(errors, P)
      push(errors, N)
      for (const key of Object.keys(u)) {
        if (!["version", "positives", "negatives", "predictors", "scores", "classifier"].includes(key)) {
          push(errors, failure(u[key], t.appendContext(c, key, t.unknown, u[key]), "unknown_key", `unknown key "${key}"`))
        }
      }
      const predictors = new Map<string, PredictorCounts>()
      const rawPredictors = u["predictors"]
      const pcx = t.appendContext(c, "predictors", t.unknown, rawPredictors)
      if (!isRecord(rawPredictors)) {
        push(errors, failure(rawPredictors, pcx, rawPredictors === undefined ? "required" : "invalid_type", "expected an object of predictor counts by name"))
      } else {
        for (const name of Object.keys(rawPredictors)) {
          const raw = rawPredictors[name]
          const px = t.appendContext(pcx, name, t.unknown, raw)
          const keyer = keyers.get(name)
          if (keyer === undefined) {
            push(errors, failure(raw, px, "unknown_key", `no predictor "${name}" in this model's configuration`))
            continue
          }
          if (!isRecord(raw)) {
            push(errors, failure(raw, px, "invalid_type", "expected { missing, residual, bins }"))
            continue
          }
          const missing = countsCodec(t.appendContext(px, "missing", t.unknown, raw["missing"]), raw["missing"], errors, false)
          const residual = countsCodec(t.appendContext(px, "residual", t.unknown, raw["residual"]), raw["residual"], errors, false)
          const bins = new Map<string, Counts>()
          const rawBins = raw["bins"]
          const bx = t.appendContext(px, "bins", t.unknown, rawBins)
          if (!Array.isArray(rawBins)) {
            push(errors, failure(rawBins, bx, rawBins === undefined ? "required" : "invalid_type", "expected an array of [key, positives, negatives]"))
          } else {
            rawBins.forEach((entry: unknown, i) => {
              const ex = t.appendContext(bx, String(i), t.unknown, entry)
              if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== "string") {
                push(errors, failure(entry, ex, "invalid_type", "expected [key, positives, negatives] with a string key"))
                return
              }
              const key = entry[0] as string
              if (!keyer.validKey(key)) {
                push(errors, failure(key, t.appendContext(ex, "0", t.unknown, key), "invalid_value", `"${key}" is not a bin key of this predictor`))
                return
              }
              if (bins.has(key)) {
                push(errors, failure(key, t.appendContext(ex, "0", t.unknown, key), "duplicate_id", `bin key "${key}" appears twice`))
                return
              }
              const counts = countsCodec(ex, [entry[1], entry[2]], errors, false, 1)
              if (counts.positives + counts.negatives > 0) bins.set(key, counts)
            })
          }
          predictors.set(name, { missing, residual, bins })
        }
      }
      const scores = new Map<number, Counts>()
      const rawScores = u["scores"]
      if (rawScores !== undefined) {
        const sx = t.appendContext(c, "scores", t.unknown, rawScores)
        if (!Array.isArray(rawScores)) push(errors, failure(rawScores, sx, "invalid_type", "expected an array of [bucket, positives, negatives]"))
        else {
          rawScores.forEach((entry: unknown, i) => {
            const ex = t.appendContext(sx, String(i), t.unknown, entry)
            if (!Array.isArray(entry) || entry.length !== 3) {
              push(errors, failure(entry, ex, "invalid_type", "expected [bucket, positives, negatives]"))
              return
            }
            const key: unknown = entry[0]
            const kx = t.appendContext(ex, "0", t.unknown, key)
            const kr = finiteCodec.validate(key, kx)
            if (E.isLeft(kr)) {
              push(errors, kr)
              return
            }
            if (!Number.isSafeInteger(kr.right)) {
              push(errors, failure(key, kx, "not_integer", "a score bucket is a whole number"))
              return
            }
            if (scores.has(kr.right)) {
              push(errors, failure(key, kx, "duplicate_id", `score bucket ${kr.right} appears twice`))
              return
            }
            const counts = countsCodec(ex, [entry[1], entry[2]], errors, false, 1)
            if (counts.positives + counts.negatives > 0) scores.set(kr.right, counts)
          })
        }
      }
      let classifier: ClassifierCounts | null = null
      const rawClassifier = u["classifier"]
      if (rawClassifier !== undefined && rawClassifier !== null) {
        const cx = t.appendContext(c, "classifier", t.unknown, rawClassifier)
        const shape = t.type({ bounds: t.array(finiteCodec), positives: t.array(weightCodec), negatives: t.array(weightCodec) })
        const r = shape.validate(rawClassifier, cx)
        if (E.isLeft(r)) errors.push(...r.left)
        else {
          const { bounds, positives, negatives } = r.right
          let ok = true
          for (let i = 1; i < bounds.length; i++) if ((bounds[i] as number) <= (bounds[i - 1] as number)) ok = false
          if (!ok) push(errors, failure(bounds, t.appendContext(cx, "bounds", t.unknown, bounds), "invalid_value", "classifier bounds must be strictly increasing"))
          if (positives.length !== bounds.length + 1 || negatives.length !== bounds.length + 1) {
            ok = false
            push(errors, failure(rawClassifier, cx, "invalid_value", "a classifier with m bounds has m + 1 positives and m + 1 negatives"))
          }
          if (ok) classifier = { bounds, positives, negatives }
        }
      }
      if (errors.length > 0) return t.failures(errors)
      return t.success({ positives: P._tag === "Right" ? P.right : 0, negatives: N._tag === "Right" ? N.right : 0, predictors, scores, classifier })
    },
    (s) => {
      const predictors: Record<string, unknown> = {}
      for (const p of config.predictors) {
        const pc = s.predictors.get(p.name)
        if (pc === undefined) continue
        const numericKeys = p.type === "numeric" || p.bins !== undefined
        const keys = Array.from(pc.bins.keys()).sort(numericKeys ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0))
        Object.defineProperty(predictors, p.name, {
          value: {
            missing: [pc.missing.positives, pc.missing.negatives],
            residual: [pc.residual.positives, pc.residual.negatives],
            bins: keys.map((k) => {
              const c = pc.bins.get(k) as Counts
              return [k, c.positives, c.negatives]
            })
          },
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
      const scores = Array.from(s.scores.keys())
        .sort((a, b) => a - b)
        .map((k) => {
          const c = s.scores.get(k) as Counts
          return [k, c.positives, c.negatives]
        })
      const out: Record<string, unknown> = { version: STATE_VERSION, positives: s.positives, negatives: s.negatives, predictors, scores }
      if (s.classifier !== null) out["classifier"] = { bounds: [...s.classifier.bounds], positives: [...s.classifier.positives], negatives: [...s.classifier.negatives] }
      return out
    }
  )

/**
 * An adaptive naive Bayes learner.
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({
 *   predictors: [NaiveBayes.numeric("subject.age", [30, 50]), NaiveBayes.symbolic("context.device", [["mobile"], ["desktop"]])],
 *   exploration: "none"
 * })
 * // an empty model says 0.5
 * assert.strictEqual(nb.score(nb.empty, { "subject.age": 40 }, Random.fromSeed(1))[0].propensity, 0.5)
 *
 * const responses = Array.from({ length: 300 }, (_, i) => ({
 *   features: { "subject.age": 20 + (i % 50), "context.device": i % 3 === 0 ? "mobile" : "desktop" },
 *   positive: i % 50 < 10 && i % 3 === 0,
 *   at: 0
 * }))
 * const state = nb.learnAll(nb.empty, responses)
 * const [young] = nb.score(state, { "subject.age": 25, "context.device": "mobile" }, Random.fromSeed(1))
 * const [old] = nb.score(state, { "subject.age": 60, "context.device": "desktop" }, Random.fromSeed(1))
 * assert.ok(young.propensity > old.propensity)
 * assert.strictEqual(young.evidence, 300)
 *
 * @category constructors
 * @since 0.1.0
 */
export const naiveBayes = (config: NaiveBayesConfig): NaiveBayesLearner => {
  const r = validateConfig(config)
  const keyers = new Map(config.predictors.map((p) => [p.name, keyerOf(p, r)] as const))
  const keyerList = Array.from(keyers.values())
  const scoringCache = new WeakMap<NaiveBayesState, Scoring>()
  const scoringFor = (state: NaiveBayesState): Scoring => {
    let sc = scoringCache.get(state)
    if (sc === undefined) {
      sc = scoringOf(config, r, state.positives, state.negatives, (name) => state.predictors.get(name))
      scoringCache.set(state, sc)
    }
    return sc
  }
  const cache = new WeakMap<NaiveBayesState, Compiled>()
  const compiled = (state: NaiveBayesState): Compiled => {
    let c = cache.get(state)
    if (c === undefined) {
      c = compile(scoringFor(state), r, state)
      cache.set(state, c)
    }
    return c
  }

  const classify = (c: Compiled, s: number): number => c.propensity[intervalIndex(c.bounds, c.keyed ? scoreBucket(s) : s)] as number

  const score = (state: NaiveBayesState, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const c = compiled(state)
    const s = rawScoreOf(c.scoring, features)
    const modelPropensity = classify(c, s)
    const evidence = state.positives + state.negatives
    const informed = c.scoring.active.length > 0
    let p = modelPropensity
    let startingEvidence = 0
    if (prior !== undefined && Number.isFinite(prior.propensity) && Number.isFinite(prior.evidence) && prior.evidence > 0) {
      const p0 = Math.min(1, Math.max(0, prior.propensity))
      startingEvidence = prior.evidence
      const d = startingEvidence + evidence + 1
      p = (startingEvidence / d) * p0 + (evidence / d) * modelPropensity
    }
    let explored = p
    let next = rng
    let exploration: { readonly alpha: number; readonly beta: number } | undefined
    if (r.explore) {
      const nu = evidence + startingEvidence + 2
      const alpha = p * nu
      const beta = (1 - p) * nu
      ;[explored, next] = betaDraw(rng, alpha, beta)
      // a proper Beta is the exploration distribution; a degenerate one (p = 0 or 1) draws a constant
      if (alpha > 0 && beta > 0) exploration = { alpha, beta }
    }
    const answer: Score =
      exploration === undefined
        ? informed
          ? { propensity: p, explored, evidence, modelScore: s }
          : { propensity: p, explored, evidence }
        : informed
          ? { propensity: p, explored, evidence, modelScore: s, exploration }
          : { propensity: p, explored, evidence, exploration }
    return [answer, next]
  }

  /** the classifier bucket a response is counted in: its decision-time score's, else the current state's score (none while no predictor is active) */
  const bucketOf = (sc: () => Scoring, o: Observation): number | null => {
    if (hasModelScore(o)) return scoreBucket(o.modelScore)
    const scoring = sc()
    return scoring.active.length === 0 ? null : scoreBucket(rawScoreOf(scoring, o.features))
  }

  /** one response without a decision-time score: counted at the state's own score */
  const learnByScoring = (state: NaiveBayesState, o: Observation): NaiveBayesState => {
    const bucket = bucketOf(() => scoringFor(state), o)
    const predictors = new Map(state.predictors)
    for (const keyer of keyerList) {
      const name = keyer.predictor.name
      const pc = state.predictors.get(name)
      const slot = keyer.slot(o.features[name], pc)
      if (slot._tag === "none") continue
      predictors.set(name, learnPredictor(pc ?? EMPTY_PREDICTOR, slot, o.positive))
    }
    let scores = state.scores
    if (bucket !== null) {
      const next = new Map(scores)
      next.set(bucket, bump(scores.get(bucket) ?? ZERO, o.positive))
      scores = next
    }
    return {
      positives: state.positives + (o.positive ? 1 : 0),
      negatives: state.negatives + (o.positive ? 0 : 1),
      predictors,
      scores,
      classifier: state.classifier
    }
  }

  /** responses some of which carry no decision-time score: each counted at the running state's score */
  const learnAllByScoring = (state: NaiveBayesState, os: ReadonlyArray<Observation>): NaiveBayesState => {
    // responses without a decision-time score are scored by the state as it is when they are
    // learned: keep the learned numeric grids sorted so that scoring the running counts is cheap
    const fallback = os.some((o) => !hasModelScore(o))
    const acc = new Map<string, Accumulator>()
    for (const keyer of keyerList) {
      const p = keyer.predictor
      const pc = state.predictors.get(p.name) ?? EMPTY_PREDICTOR
      const grid = fallback && p.type === "numeric" && p.bins === undefined ? sortedGridOf(pc) : undefined
      acc.set(p.name, grid === undefined ? { missing: pc.missing, residual: pc.residual, bins: new Map(pc.bins) } : { missing: pc.missing, residual: pc.residual, bins: new Map(pc.bins), grid: grid as MutableGrid })
    }
    const countsOfAcc = (name: string): PredictorCounts | undefined => acc.get(name)
    const gridOfAcc = (name: string): SortedGrid | undefined => acc.get(name)?.grid
    let P = state.positives
    let N = state.negatives
    const scores = new Map(state.scores)
    for (const o of os) {
      const bucket = bucketOf(() => scoringOf(config, r, P, N, countsOfAcc, gridOfAcc), o)
      if (bucket !== null) scores.set(bucket, bump(scores.get(bucket) ?? ZERO, o.positive))
      if (o.positive) P++
      else N++
      for (const keyer of keyerList) {
        const name = keyer.predictor.name
        const a = acc.get(name) as Accumulator
        const slot = keyer.slot(o.features[name], a)
        switch (slot._tag) {
          case "none":
            break
          case "missing":
            a.missing = bump(a.missing, o.positive)
            break
          case "residual":
            a.residual = bump(a.residual, o.positive)
            break
          case "key": {
            const counts = bump(a.bins.get(slot.key) ?? ZERO, o.positive)
            a.bins.set(slot.key, counts)
            if (a.grid !== undefined) setSorted(a.grid, Number(slot.key), counts)
          }
        }
      }
    }
    const predictors = new Map(state.predictors)
    for (const [name, a] of acc) {
      if (a.bins.size === 0 && a.missing === ZERO && a.residual === ZERO && !state.predictors.has(name)) continue
      predictors.set(name, { missing: a.missing, residual: a.residual, bins: a.bins })
    }
    return { positives: P, negatives: N, predictors, scores: scores.size === 0 ? state.scores : scores, classifier: state.classifier }
  }

  // responses that carry their decision-time score: learned on count tables (see `Tables`)
  const columns = columnsOf(config, r)
  // a state learned here carries its tables under a key of this learner's own (not enumerable, so
  // invisible to equality, spreading and JSON); any other state is converted once and remembered
  const TABLES = Symbol("naiveBayes.tables")
  const converted = new WeakMap<NaiveBayesState, Tables>()
  const tablesFor = (state: NaiveBayesState): Tables => {
    const own = (state as { readonly [TABLES]?: Tables })[TABLES]
    if (own !== undefined) return own
    let t = converted.get(state)
    if (t === undefined) {
      t = columns.fromState(state)
      converted.set(state, t)
    }
    return t
  }
  /** the state of count tables: its maps are built the first time they are read */
  const stateOf = (t: Tables): NaiveBayesState => {
    let predictors: ReadonlyMap<string, PredictorCounts> | undefined
    const state: NaiveBayesState = {
      positives: t.positives,
      negatives: t.negatives,
      get predictors() {
        return (predictors ??= columns.predictorsOf(t))
      },
      get scores() {
        return scoresOf(t.scores)
      },
      classifier: t.classifier
    }
    return Object.defineProperty(state, TABLES, { value: t })
  }

  const learnScored = (state: NaiveBayesState, os: ReadonlyArray<Observation>): NaiveBayesState => {
    const w = columns.begin(tablesFor(state))
    for (let i = 0; i < os.length; i++) {
      const o = os[i] as Observation
      columns.add(w, o.features, o.positive, o.modelScore as number)
    }
    return stateOf(columns.finish(w))
  }

  const learn = (state: NaiveBayesState, o: Observation): NaiveBayesState => (hasModelScore(o) ? learnScored(state, [o]) : learnByScoring(state, o))

  const learnAll = (state: NaiveBayesState, os: ReadonlyArray<Observation>): NaiveBayesState => {
    if (os.length === 0) return state
    for (let i = 0; i < os.length; i++) if (!hasModelScore(os[i] as Observation)) return learnAllByScoring(state, os)
    return learnScored(state, os)
  }

  /** many models' responses in one pass, in their order (what `Models.learnMany` uses): when every response carries its decision-time score */
  const learnKeyed = (current: (key: string) => NaiveBayesState): KeyedPass<NaiveBayesState> => {
    const working = new Map<string, Working>()
    return {
      add: (key, features, positive, _at, modelScore) => {
        // a response without a score: decline (the working copies are dropped)
        if (typeof modelScore !== "number" || !Number.isFinite(modelScore)) return false
        let w = working.get(key)
        if (w === undefined) {
          w = columns.begin(tablesFor(current(key)))
          working.set(key, w)
        }
        columns.add(w, features, positive, modelScore)
        return true
      },
      finish: () => {
        const out = new Map<string, NaiveBayesState>()
        for (const [key, w] of working) out.set(key, stateOf(columns.finish(w)))
        return out
      }
    }
  }

  const explain = (state: NaiveBayesState, features: Features): Explanation => {
    const c = compiled(state)
    const contributions: Array<Contribution> = c.scoring.all.map((sp, i) => {
      const value = features[sp.name]
      const bin = sp.locate(value)
      const view = c.view.predictors[i] as PredictorView
      const b = bin >= 0 ? view.bins[bin] : undefined
      return { predictor: sp.name, value, bin: b === undefined ? "none" : b.label, logOdds: b === undefined ? 0 : b.logOdds, active: sp.active }
    })
    const s = rawScoreOf(c.scoring, features)
    return { score: s, propensity: classify(c, s), offset: c.scoring.offset, activePredictors: c.scoring.active.length, contributions }
  }

  return withKeyedLearning<NaiveBayesState, NaiveBayesLearner>(
    {
      name: "naiveBayes",
      empty: emptyState,
      score,
      learn,
      learnAll,
      merge: mergeStates,
      codec: stateCodec(config, keyers),
      config,
      inspect: (state) => compiled(state).view,
      explain,
      modelScore: (state, features) => rawScoreOf(scoringFor(state), features)
    },
    learnKeyed
  )
}

// -------------------------------------------------------------------------------------
// operations on learned states
// -------------------------------------------------------------------------------------

/**
 * Batch recalibration for offline training: the state with its classifier recounted from
 * `observations`, each scored by the state's final bins (their own `modelScore`, if any, is
 * ignored); the predictor counts are unchanged and an imported classifier is dropped.
 *
 * Which observations: the training set itself is the simple choice — every response counts, but
 * its scores are in-sample (the bins' log-odds were fitted on the same rows), so the classifier
 * is slightly optimistic on new subjects, a small effect when bins hold hundreds of cases each. A
 * held-out set gives an unbiased classifier at the price of responses the predictors never see
 * (learn them afterwards and the classifier no longer matches the bins exactly).
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("subject.age", [30, 50])], exploration: "none" })
 * const responses = Array.from({ length: 1000 }, (_, i) => ({ features: { "subject.age": 18 + (i % 60) }, positive: i % 60 < 12 && i % 2 === 0, at: 0 }))
 * // offline: learn the counts, then count the classifier by the final model's scores
 * const state = NaiveBayes.recalibrate(nb, nb.learnAll(nb.empty, responses), responses)
 * const [young] = nb.score(state, { "subject.age": 20 }, Random.fromSeed(1))
 * const [old] = nb.score(state, { "subject.age": 60 }, Random.fromSeed(1))
 * assert.ok(young.propensity > 0.3 && old.propensity < 0.01)
 *
 * @category operations
 * @since 0.1.0
 */
export const recalibrate = (learner: NaiveBayesLearner, state: NaiveBayesState, observations: ReadonlyArray<Observation>): NaiveBayesState => {
  const scores = new Map<number, Counts>()
  if (learner.inspect(state).predictors.some((p) => p.active)) {
    for (const o of observations) {
      const k = scoreBucket(learner.modelScore(state, o.features))
      scores.set(k, bump(scores.get(k) ?? ZERO, o.positive))
    }
  }
  return { positives: state.positives, negatives: state.negatives, predictors: state.predictors, scores, classifier: null }
}

/**
 * Offline training in one call: the state learned from `observations`, its classifier counted
 * from their scores by the final bins (`recalibrate` on the training set). Faster than `learnAll`
 * on observations without a decision-time score, which re-scores the running model for each.
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("context.device", [["mobile"], ["desktop"]])], exploration: "none" })
 * const responses = Array.from({ length: 400 }, (_, i) => ({ features: { "context.device": i % 2 === 0 ? "mobile" : "desktop" }, positive: i % 10 === 0, at: 0 }))
 * const state = NaiveBayes.fit(nb, responses)
 * // every mobile response in five was positive, no desktop one: calibrated, smoothed propensities
 * assert.strictEqual(nb.score(state, { "context.device": "mobile" }, Random.fromSeed(1))[0].propensity, 40.5 / 201)
 *
 * @category operations
 * @since 0.1.0
 */
export const fit = (learner: NaiveBayesLearner, observations: ReadonlyArray<Observation>): NaiveBayesState =>
  // a placeholder score takes learnAll's counting path; recalibrate replaces the classifier counts
  recalibrate(
    learner,
    learner.learnAll(
      learner.empty,
      observations.map((o) => ({ ...o, modelScore: 0 }))
    ),
    observations
  )

// -------------------------------------------------------------------------------------
// Pega ADM snapshots
// -------------------------------------------------------------------------------------

/**
 * A Pega ADM model brought along: its configuration (the platform's bins, configured), a learner
 * for it, and its state (the bins' counts and the platform's classifier).
 *
 * @category model
 * @since 0.1.0
 */
export interface AdmModel {
  readonly config: NaiveBayesConfig
  readonly learner: NaiveBayesLearner
  readonly state: NaiveBayesState
}

const admRow = t.type({
  PredictorName: t.string,
  Type: t.keyof({ numeric: null, symbolic: null }),
  BinType: t.keyof({ EQUIBEHAVIOR: null, MISSING: null, RESIDUAL: null }),
  BinSymbol: t.string,
  EntryType: t.keyof({ Active: null, Inactive: null, Classifier: null }),
  BinIndex: countCodec,
  BinPositives: countCodec,
  BinNegatives: countCodec
})

interface AdmRow extends t.TypeOf<typeof admRow> {
  readonly at: number
  readonly raw: Record<string, unknown>
}

/**
 * Decodes the rows of a Pega ADM predictor-binning snapshot (`pyADMPredictorSnapshots`: one row
 * per bin with `PredictorName`, `Type`, `BinType`, `BinSymbol`, `BinLowerBound`, `BinUpperBound`,
 * `EntryType`, `BinIndex`, `BinPositives`, `BinNegatives`; the classifier's rows have `EntryType`
 * `Classifier`) into a naive Bayes model, reporting every problem with its path. Accepts the rows
 * as an array or as `{ bins: rows }`. Only the active predictors are kept — the platform scores
 * with those alone; numeric bins become cut points (the upper bounds of all but the last
 * interval), symbolic bins symbol groups (`BinSymbol` split at `", "`), with MISSING and RESIDUAL
 * bins where the snapshot has them; the classifier rows become the imported classifier, and the
 * model's totals are its counts. `options` are the rest of the configuration.
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const row = (PredictorName: string, EntryType: string, BinIndex: number, BinSymbol: string, BinLowerBound: number, BinUpperBound: number, BinPositives: number, BinNegatives: number, BinType = "EQUIBEHAVIOR") =>
 *   ({ PredictorName, Type: "numeric", BinType, BinSymbol, BinLowerBound, BinUpperBound, EntryType, BinIndex, BinPositives, BinNegatives })
 * const model = NaiveBayes.fromAdmSnapshot([
 *   row("Customer.Age", "Active", 1, "<40", 18, 40, 5, 95),
 *   row("Customer.Age", "Active", 2, ">=40", 40, 90, 20, 80),
 *   row("Classifier", "Classifier", 1, "<-1", -3, -1, 5, 95),
 *   row("Classifier", "Classifier", 2, ">=-1", -1, 3, 20, 80)
 * ], { exploration: "none" })
 * assert.ok(model._tag === "Right")
 * if (model._tag === "Right") {
 *   const { learner, state } = model.right
 *   // score (ln 26 − ln 176 + 0.544) / 2 = −0.68: the classifier's second bin
 *   assert.strictEqual(learner.score(state, { "Customer.Age": 55 }, Random.fromSeed(1))[0].propensity, 20.5 / 101)
 * }
 *
 * @category codecs
 * @since 0.1.0
 */
export const fromAdmSnapshot = (snapshot: unknown, options: Omit<NaiveBayesConfig, "predictors"> = {}): E.Either<DecodeError, AdmModel> => {
  const errors: t.Errors = []
  const root: t.Context = [{ key: "", type: t.unknown, actual: snapshot }]
  let rawRows: ReadonlyArray<unknown> = []
  let rowsContext = root
  if (Array.isArray(snapshot)) rawRows = snapshot
  else if (isRecord(snapshot) && Array.isArray(snapshot["bins"])) {
    rawRows = snapshot["bins"]
    rowsContext = t.appendContext(root, "bins", t.unknown, snapshot["bins"])
  } else {
    const r = failure<never>(snapshot, root, "invalid_type", "expected an array of ADM binning rows, or { bins: rows }")
    return E.left(fromValidationErrors(E.isLeft(r) ? r.left : []))
  }
  const rows: Array<AdmRow> = []
  rawRows.forEach((u, i) => {
    const r = admRow.validate(u, t.appendContext(rowsContext, String(i), admRow, u))
    if (E.isLeft(r)) errors.push(...r.left)
    else rows.push({ ...r.right, at: i, raw: u as Record<string, unknown> })
  })
  const at = (row: AdmRow, key?: string): t.Context => {
    const c = t.appendContext(rowsContext, String(row.at), t.unknown, row.raw)
    return key === undefined ? c : t.appendContext(c, key, t.unknown, row.raw[key])
  }
  const byPredictor = new Map<string, Array<AdmRow>>()
  const classifierRows: Array<AdmRow> = []
  for (const row of rows) {
    if (row.EntryType === "Classifier") classifierRows.push(row)
    else if (row.EntryType === "Active") {
      if (row.PredictorName.length === 0) push(errors, failure(row.PredictorName, at(row, "PredictorName"), "invalid_value", "a predictor needs a name"))
      const list = byPredictor.get(row.PredictorName) ?? []
      list.push(row)
      byPredictor.set(row.PredictorName, list)
    }
  }
  const bound = (row: AdmRow, key: "BinLowerBound" | "BinUpperBound"): number => {
    const r = finiteCodec.validate(row.raw[key], at(row, key))
    if (E.isLeft(r)) {
      errors.push(...r.left)
      return NaN
    }
    return r.right
  }
  const predictors: Array<Predictor> = []
  const counts = new Map<string, PredictorCounts>()
  for (const [name, list] of byPredictor) {
    list.sort((a, b) => a.BinIndex - b.BinIndex)
    const type = (list[0] as AdmRow).Type
    const intervals = list.filter((b) => b.BinType === "EQUIBEHAVIOR")
    const missing = list.find((b) => b.BinType === "MISSING")
    const residual = list.find((b) => b.BinType === "RESIDUAL")
    for (const row of list) if (row.Type !== type) push(errors, failure(row.Type, at(row, "Type"), "invalid_value", `predictor "${name}" is ${type} in its first row`))
    if (type === "numeric") {
      const cuts = intervals.slice(0, -1).map((b) => bound(b, "BinUpperBound"))
      for (let i = 1; i < cuts.length; i++) {
        if ((cuts[i] as number) <= (cuts[i - 1] as number)) push(errors, failure(cuts[i], at(intervals[i] as AdmRow, "BinUpperBound"), "invalid_value", "interval bounds must increase with BinIndex"))
      }
      predictors.push({ name, type, bins: cuts, missingBin: missing !== undefined })
    } else {
      const seen = new Set<string>()
      const groups = intervals.map((b) => {
        const symbols = b.BinSymbol.split(", ")
        for (const symbol of symbols) {
          if (seen.has(symbol)) push(errors, failure(b.BinSymbol, at(b, "BinSymbol"), "duplicate_id", `symbol "${symbol}" is in two bins`))
          seen.add(symbol)
        }
        return symbols
      })
      predictors.push({ name, type, bins: groups, missingBin: missing !== undefined, residualBin: residual !== undefined })
    }
    const countsOfRow = (row: AdmRow | undefined): Counts => (row === undefined || row.BinPositives + row.BinNegatives === 0 ? ZERO : { positives: row.BinPositives, negatives: row.BinNegatives })
    const bins = new Map<string, Counts>()
    intervals.forEach((b, i) => {
      const c = countsOfRow(b)
      if (c !== ZERO) bins.set(String(i), c)
    })
    counts.set(name, { missing: countsOfRow(missing), residual: countsOfRow(residual), bins })
  }
  classifierRows.sort((a, b) => a.BinIndex - b.BinIndex)
  const bounds = classifierRows.slice(1).map((b) => bound(b, "BinLowerBound"))
  for (let i = 1; i < bounds.length; i++) {
    if ((bounds[i] as number) <= (bounds[i - 1] as number)) push(errors, failure(bounds[i], at(classifierRows[i + 1] as AdmRow, "BinLowerBound"), "invalid_value", "classifier bounds must increase with BinIndex"))
  }
  if (errors.length > 0) return E.left(fromValidationErrors(errors))
  let positives = 0
  let negatives = 0
  for (const c of classifierRows) {
    positives += c.BinPositives
    negatives += c.BinNegatives
  }
  const config: NaiveBayesConfig = { ...options, predictors }
  const learner = naiveBayes(config)
  const classifier: ClassifierCounts | null =
    classifierRows.length === 0 ? null : { bounds, positives: classifierRows.map((c) => c.BinPositives), negatives: classifierRows.map((c) => c.BinNegatives) }
  return E.right({ config, learner, state: { positives, negatives, predictors: counts, scores: new Map(), classifier } })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether two naive Bayes states hold the same counts (key order does not matter).
 *
 * @category utils
 * @since 0.1.0
 */
export const equals = (x: NaiveBayesState, y: NaiveBayesState): boolean => {
  if (x.positives !== y.positives || x.negatives !== y.negatives) return false
  const same = (a: Counts, b: Counts): boolean => a.positives === b.positives && a.negatives === b.negatives
  const names = new Set([...x.predictors.keys(), ...y.predictors.keys()])
  for (const name of names) {
    const a = x.predictors.get(name) ?? EMPTY_PREDICTOR
    const b = y.predictors.get(name) ?? EMPTY_PREDICTOR
    if (!same(a.missing, b.missing) || !same(a.residual, b.residual)) return false
    const keys = new Set([...a.bins.keys(), ...b.bins.keys()])
    for (const k of keys) if (!same(a.bins.get(k) ?? ZERO, b.bins.get(k) ?? ZERO)) return false
  }
  const buckets = new Set([...x.scores.keys(), ...y.scores.keys()])
  for (const k of buckets) if (!same(x.scores.get(k) ?? ZERO, y.scores.get(k) ?? ZERO)) return false
  const cx = x.classifier
  const cy = y.classifier
  if (cx === null || cy === null) return cx === cy
  return sameBounds(cx.bounds, cy.bounds) && sameBounds(cx.positives, cy.positives) && sameBounds(cx.negatives, cy.negatives)
}
