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
 * those counts — equal-frequency intervals or single symbols, merged where adjacent bins behave
 * alike (`Binning.mergeAlike`, granularity 0.25, minimum 5% of cases). Because the bins are a
 * function of the counts, re-binning as responses arrive loses no information, and states merge
 * exactly.
 *
 * Scoring, per the reference formulas:
 * - bin log-odds with 1/n smoothing, `LO_i = ln(P_i + 1/n) − ln(ΣP + 1) − ln(N_i + 1/n) + ln(ΣN + 1)`
 *   (a bin that has never seen a case carries no evidence: 0);
 * - predictors whose AUC from bin counts is below `performanceThreshold` (0.52) are inactive;
 * - `score = (ln(1 + P) − ln(1 + N) + Σ_active LO) / (1 + k)` over the k active predictors;
 * - a monotone classifier from score intervals to `(0.5 + P_bin) / (1 + P_bin + N_bin)`; an
 *   empty model gives 0.5.
 *
 * The classifier. Pega counts each response in the classifier bin of the score the model gave
 * it when the model was last updated — counts that depend on the order of learning, so two
 * replicas' states could not merge into the state learned from all their responses. nextbest
 * derives the classifier from the predictor counts instead: under the model's own independence
 * assumption the distribution of the summed log-odds among positives (and among negatives) is the
 * convolution of the predictors' log-odds distributions, computed on a grid; its expected counts
 * are pooled by PAVA into runs of at least `classifierMinimumCases` (1%) of the responses, and
 * pooled again wherever the smoothed propensity would not increase. A state imported from Pega
 * may carry the platform's classifier (`classifier` in the state); it is then used as is.
 *
 * Exploration (`exploration: "thompson"`, the default) draws `Beta(p·ν, (1 − p)·ν)` with
 * `ν = evidence + starting evidence + 2`: its mean is the propensity p, its spread shrinks as
 * evidence grows, and a new model (p = 0.5, no evidence) samples uniformly — so many new actions
 * take turns, as in Pega. When the catalog gives a starting propensity p0 and evidence SE, the
 * propensity is first blended the ADM way: `SE/(SE + e + 1)·p0 + e/(SE + e + 1)·p`.
 *
 * Laws (checked by the shared learner suite): `merge` adds counts key by key — a commutative
 * monoid with `empty` as identity, exact on integer counts; learning `xs` then `ys` equals merging
 * what each taught (exactly, while no predictor has met more than `maxSymbols` symbols); the codec
 * round-trips; `score` is deterministic for the same rng and its propensities lie in [0, 1].
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"
import { beta as betaDraw } from "../kernel/Distributions.js"
import type { Rng } from "../kernel/Random.js"
import { aucFromBinCounts, binPropensity, logOdds } from "./BinStatistics.js"
import { equalFrequency, gridEdge, gridKey, mergeAlike, pava, type Cell, type Run } from "./Binning.js"
import { countCodec, finiteCodec, isRecord, versionCodec, weightCodec } from "./internal/codecs.js"
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
  /** minimum share of responses per bin of a derived classifier (default 0.01) */
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
 * The state of one model: its response totals, every predictor's counts, and an imported
 * classifier if any. Nothing else.
 *
 * @category model
 * @since 0.1.0
 */
export interface NaiveBayesState {
  readonly positives: number
  readonly negatives: number
  readonly predictors: ReadonlyMap<string, PredictorCounts>
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
  /** whether the classifier was imported (true) or derived from the predictor counts */
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
}

/**
 * The snapshot version written by the codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const STATE_VERSION = 1

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
export const emptyState: NaiveBayesState = { positives: 0, negatives: 0, predictors: new Map(), classifier: null }

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

/** a mutable accumulator for learnAll */
interface Accumulator {
  missing: Counts
  residual: Counts
  bins: Map<string, Counts>
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
  if (x.positives + x.negatives === 0 && x.predictors.size === 0 && x.classifier === null) return y
  if (y.positives + y.negatives === 0 && y.predictors.size === 0 && y.classifier === null) return x
  const predictors = new Map(x.predictors)
  for (const [name, pc] of y.predictors) {
    const mine = predictors.get(name)
    predictors.set(name, mine === undefined ? pc : mergePredictors(mine, pc))
  }
  return {
    positives: x.positives + y.positives,
    negatives: x.negatives + y.negatives,
    predictors,
    classifier: mergeClassifiers(x.classifier, y.classifier)
  }
}

// -------------------------------------------------------------------------------------
// internal: compiling a state to flat tables
// -------------------------------------------------------------------------------------

interface CompiledPredictor {
  readonly name: string
  readonly view: PredictorView
  /** the bin index of a value in `view.bins`, or -1 for none */
  readonly locate: (value: unknown) => number
  readonly logOdds: Float64Array
}

interface Compiled {
  readonly view: ModelView
  readonly active: ReadonlyArray<CompiledPredictor>
  readonly all: ReadonlyArray<CompiledPredictor>
  readonly offset: number
  readonly divisor: number
  /** classifier: lower bounds of bins 1.. (bin 0 is below bounds[0]) and propensities */
  readonly bounds: Float64Array
  readonly propensity: Float64Array
}

interface RawBin {
  readonly label: string
  readonly kind: BinView["kind"]
  readonly lower?: number
  readonly upper?: number
  readonly symbols?: ReadonlyArray<string>
  readonly positives: number
  readonly negatives: number
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))))

const intervalLabel = (lower: number, upper: number): string =>
  lower === -Infinity ? (upper === Infinity ? "all" : `<${fmt(upper)}`) : upper === Infinity ? `>=${fmt(lower)}` : `[${fmt(lower)}, ${fmt(upper)}>`

const countsOf = (pc: PredictorCounts | undefined, key: string): Counts => pc?.bins.get(key) ?? ZERO

/** the bins of one predictor, and how to locate a value among them; null when not binned yet */
const binsOf = (
  p: Predictor,
  pc: PredictorCounts | undefined,
  r: Resolved,
  modelResponses: number
): { readonly bins: ReadonlyArray<RawBin>; readonly locate: (v: unknown) => number } | null => {
  const missing = pc?.missing ?? ZERO
  const residual = pc?.residual ?? ZERO
  if (p.type === "numeric" && p.bins !== undefined) {
    const cuts = Float64Array.from(p.bins)
    const bins: Array<RawBin> = []
    for (let i = 0; i <= cuts.length; i++) {
      const lower = i === 0 ? -Infinity : (cuts[i - 1] as number)
      const upper = i === cuts.length ? Infinity : (cuts[i] as number)
      bins.push({ label: intervalLabel(lower, upper), kind: "interval", lower, upper, ...countsOf(pc, String(i)) })
    }
    const withMissing = p.missingBin !== false
    const missingIndex = withMissing ? bins.length : -1
    if (withMissing) bins.push({ label: "MISSING", kind: "missing", ...missing })
    return {
      bins,
      locate: (v) => {
        const x = numberOf(v)
        return x === null ? missingIndex : intervalIndex(cuts, x)
      }
    }
  }
  if (p.type === "symbolic" && p.bins !== undefined) {
    const group = new Map<string, number>()
    const bins: Array<RawBin> = p.bins.map((symbols, i) => {
      for (const s of symbols) group.set(s, i)
      return { label: symbols.join(", "), kind: "symbols" as const, symbols, ...countsOf(pc, String(i)) }
    })
    const missingIndex = p.missingBin !== false ? bins.length : -1
    if (missingIndex >= 0) bins.push({ label: "MISSING", kind: "missing", ...missing })
    const residualIndex = p.residualBin !== false ? bins.length : -1
    if (residualIndex >= 0) bins.push({ label: "RESIDUAL", kind: "residual", ...residual })
    return {
      bins,
      locate: (v) => {
        const s = symbolOf(v)
        return s === null ? missingIndex : (group.get(s) ?? residualIndex)
      }
    }
  }
  // learned bins
  if (modelResponses < r.after || pc === undefined) return null
  const hasMissing = missing.positives + missing.negatives > 0
  let total = 0
  for (const c of pc.bins.values()) total += c.positives + c.negatives
  const minimum = r.minimumCases * total
  if (p.type === "numeric") {
    const keys = Array.from(pc.bins.keys(), Number).sort((a, b) => a - b)
    const cells: Array<Cell> = keys.map((k) => pc.bins.get(String(k)) as Counts)
    const runs = mergeAlike(equalFrequency(cells, r.startBins), r.granularity, minimum)
    // run i covers keys [keys[from], keys[to]) ; boundaries are the first key of runs 1..
    const boundaryKeys = Float64Array.from(runs.slice(1).map((run) => keys[run.from] as number))
    const bins: Array<RawBin> = runs.map((run, i) => {
      const lower = i === 0 ? -Infinity : gridEdge(keys[run.from] as number, r.logBase)
      const upper = i === runs.length - 1 ? Infinity : gridEdge(keys[(runs[i + 1] as Run).from] as number, r.logBase)
      return { label: intervalLabel(lower, upper), kind: "interval", lower, upper, positives: run.positives, negatives: run.negatives }
    })
    const missingIndex = hasMissing ? bins.length : -1
    if (hasMissing) bins.push({ label: "MISSING", kind: "missing", ...missing })
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
  const symbols = Array.from(pc.bins.keys()).sort((a, b) => {
    const ca = pc.bins.get(a) as Counts
    const cb = pc.bins.get(b) as Counts
    return binPropensity(ca.positives, ca.negatives) - binPropensity(cb.positives, cb.negatives) || (a < b ? -1 : a > b ? 1 : 0)
  })
  const cells: Array<Cell> = symbols.map((s) => pc.bins.get(s) as Counts)
  const runs = mergeAlike(
    cells.map((c, i) => ({ from: i, to: i + 1, positives: c.positives, negatives: c.negatives })),
    r.granularity,
    minimum
  )
  const group = new Map<string, number>()
  const bins: Array<RawBin> = runs.map((run, i) => {
    const members = symbols.slice(run.from, run.to)
    for (const s of members) group.set(s, i)
    return { label: members.join(", "), kind: "symbols", symbols: members, positives: run.positives, negatives: run.negatives }
  })
  const missingIndex = hasMissing ? bins.length : -1
  if (hasMissing) bins.push({ label: "MISSING", kind: "missing", ...missing })
  const residualIndex = bins.length
  bins.push({ label: "RESIDUAL", kind: "residual", ...residual })
  return {
    bins,
    locate: (v) => {
      const s = symbolOf(v)
      return s === null ? missingIndex : (group.get(s) ?? residualIndex)
    }
  }
}

const compilePredictor = (p: Predictor, pc: PredictorCounts | undefined, r: Resolved, modelResponses: number): CompiledPredictor => {
  const binned = binsOf(p, pc, r, modelResponses)
  if (binned === null) {
    return {
      name: p.name,
      view: { name: p.name, type: p.type, binned: false, active: false, auc: 0.5, bins: [] },
      locate: () => -1,
      logOdds: new Float64Array(0)
    }
  }
  const pos = binned.bins.map((b) => b.positives)
  const neg = binned.bins.map((b) => b.negatives)
  const lo = logOdds(pos, neg).map((x, i) => ((pos[i] as number) + (neg[i] as number) === 0 ? 0 : x))
  const auc = aucFromBinCounts(pos, neg)
  const bins: ReadonlyArray<BinView> = binned.bins.map((b, i) => ({ ...b, logOdds: lo[i] as number }))
  return {
    name: p.name,
    view: { name: p.name, type: p.type, binned: true, active: auc >= r.threshold, auc, bins },
    locate: binned.locate,
    logOdds: Float64Array.from(lo)
  }
}

const GRID = 2048

/** the classifier derived from the active predictors' counts (see the module header) */
const deriveClassifier = (
  active: ReadonlyArray<CompiledPredictor>,
  totalP: number,
  totalN: number,
  offset: number,
  r: Resolved
): ReadonlyArray<ClassifierBinView> => {
  const k = active.length
  const whole = (lower: number, upper: number): ReadonlyArray<ClassifierBinView> => [
    { lower, upper, positives: totalP, negatives: totalN, propensity: binPropensity(totalP, totalN) }
  ]
  if (k === 0) return whole(-Infinity, Infinity)
  let minSum = 0
  let maxSum = 0
  const parts = active.map((cp) => {
    const bins = cp.view.bins
    let P = 0
    let N = 0
    for (const b of bins) {
      P += b.positives
      N += b.negatives
    }
    let min = Infinity
    let max = -Infinity
    for (let i = 0; i < cp.logOdds.length; i++) {
      const x = cp.logOdds[i] as number
      if (x < min) min = x
      if (x > max) max = x
    }
    minSum += min
    maxSum += max
    return { bins, P, N, min }
  })
  const width = (maxSum - minSum) / GRID
  if (!(width > 0)) return whole(-Infinity, Infinity)
  // class-conditional distributions of Σ(LO − min) on a grid, with centroids kept per cell
  let pm = new Float64Array(GRID + 1)
  let pc = new Float64Array(GRID + 1)
  let nm = new Float64Array(GRID + 1)
  let nc = new Float64Array(GRID + 1)
  pm[0] = 1
  nm[0] = 1
  for (const part of parts) {
    const npm = new Float64Array(GRID + 1)
    const npc = new Float64Array(GRID + 1)
    const nnm = new Float64Array(GRID + 1)
    const nnc = new Float64Array(GRID + 1)
    for (let j = 0; j <= GRID; j++) {
      const pMass = pm[j] as number
      const nMass = nm[j] as number
      if (pMass === 0 && nMass === 0) continue
      const pCentre = pMass > 0 ? (pc[j] as number) / pMass : 0
      const nCentre = nMass > 0 ? (nc[j] as number) / nMass : 0
      for (let i = 0; i < part.bins.length; i++) {
        const b = part.bins[i] as BinView
        const shift = b.logOdds - part.min
        const a = part.P > 0 ? b.positives / part.P : 0
        const z = part.N > 0 ? b.negatives / part.N : 0
        if (a > 0 && pMass > 0) {
          const x = pCentre + shift
          const cell = Math.min(GRID, Math.max(0, Math.round(x / width)))
          npm[cell] = (npm[cell] as number) + pMass * a
          npc[cell] = (npc[cell] as number) + pMass * a * x
        }
        if (z > 0 && nMass > 0) {
          const x = nCentre + shift
          const cell = Math.min(GRID, Math.max(0, Math.round(x / width)))
          nnm[cell] = (nnm[cell] as number) + nMass * z
          nnc[cell] = (nnc[cell] as number) + nMass * z * x
        }
      }
    }
    pm = npm
    pc = npc
    nm = nnm
    nc = nnc
  }
  const cells: Array<Cell> = []
  for (let j = 0; j <= GRID; j++) cells.push({ positives: totalP * (pm[j] as number), negatives: totalN * (nm[j] as number) })
  // PAVA, then runs of at least `classifierMinimumCases` of the responses, pooled again
  const minimum = r.classifierMinimumCases * (totalP + totalN)
  const merged = mergeAlike(pava(cells), 1, minimum)
  const pooled = pava(merged).map((run) => ({ ...run, from: (merged[run.from] as Run).from, to: (merged[run.to - 1] as Run).to }))
  // the Laplace-smoothed propensities must be monotone too: pool any run that breaks it
  const monotone: Array<Run> = []
  for (const run of pooled) {
    let current = run
    while (monotone.length > 0) {
      const top = monotone[monotone.length - 1] as Run
      if (binPropensity(top.positives, top.negatives) < binPropensity(current.positives, current.negatives)) break
      monotone.pop()
      current = { from: top.from, to: current.to, positives: top.positives + current.positives, negatives: top.negatives + current.negatives }
    }
    monotone.push(current)
  }
  const scoreAt = (cell: number): number => (offset + minSum + (cell - 0.5) * width) / (1 + k)
  return monotone.map((run, i) => ({
    lower: i === 0 ? -Infinity : scoreAt(run.from),
    upper: i === monotone.length - 1 ? Infinity : scoreAt(run.to),
    positives: run.positives,
    negatives: run.negatives,
    propensity: binPropensity(run.positives, run.negatives)
  }))
}

const compile = (config: NaiveBayesConfig, r: Resolved, state: NaiveBayesState): Compiled => {
  const responses = state.positives + state.negatives
  const all = config.predictors.map((p) => compilePredictor(p, state.predictors.get(p.name), r, responses))
  const active = all.filter((cp) => cp.view.active)
  const offset = Math.log1p(state.positives) - Math.log1p(state.negatives)
  const k = active.length
  let minSum = 0
  let maxSum = 0
  for (const cp of active) {
    let min = Infinity
    let max = -Infinity
    for (const x of cp.logOdds) {
      if (x < min) min = x
      if (x > max) max = x
    }
    minSum += min
    maxSum += max
  }
  const scoreRange: readonly [number, number] = [(offset + minSum) / (1 + k), (offset + maxSum) / (1 + k)]
  let classifier: ReadonlyArray<ClassifierBinView>
  const imported = state.classifier
  if (imported !== null) {
    const b = imported.bounds
    classifier = imported.positives.map((p, i) => {
      const n = imported.negatives[i] ?? 0
      return {
        lower: i === 0 ? -Infinity : (b[i - 1] as number),
        upper: i === b.length ? Infinity : (b[i] as number),
        positives: p,
        negatives: n,
        propensity: binPropensity(p, n)
      }
    })
  } else {
    classifier = deriveClassifier(active, state.positives, state.negatives, offset, r)
  }
  const view: ModelView = {
    positives: state.positives,
    negatives: state.negatives,
    offset,
    predictors: all.map((cp) => cp.view),
    classifier,
    importedClassifier: imported !== null,
    scoreRange
  }
  return {
    view,
    active,
    all,
    offset,
    divisor: 1 + k,
    bounds: Float64Array.from(classifier.slice(1).map((c) => c.lower)),
    propensity: Float64Array.from(classifier.map((c) => c.propensity))
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const countsCodec = (c: t.Context, u: unknown, errors: t.Errors, weights: boolean): Counts => {
  const codec = weights ? weightCodec : countCodec
  if (!Array.isArray(u) || u.length !== 2) {
    const r = failure<never>(u, c, u === undefined ? "required" : "invalid_type", "expected [positives, negatives]")
    if (E.isLeft(r)) errors.push(...r.left)
    return ZERO
  }
  const p = codec.validate(u[0], t.appendContext(c, "0", codec, u[0]))
  const n = codec.validate(u[1], t.appendContext(c, "1", codec, u[1]))
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
        if (!["version", "positives", "negatives", "predictors", "classifier"].includes(key)) {
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
              const counts = countsCodec(ex, [entry[1], entry[2]], errors, false)
              if (counts.positives + counts.negatives > 0) bins.set(key, counts)
            })
          }
          predictors.set(name, { missing, residual, bins })
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
      return t.success({ positives: P._tag === "Right" ? P.right : 0, negatives: N._tag === "Right" ? N.right : 0, predictors, classifier })
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
      const out: Record<string, unknown> = { version: STATE_VERSION, positives: s.positives, negatives: s.negatives, predictors }
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
  const cache = new WeakMap<NaiveBayesState, Compiled>()
  const compiled = (state: NaiveBayesState): Compiled => {
    let c = cache.get(state)
    if (c === undefined) {
      c = compile(config, r, state)
      cache.set(state, c)
    }
    return c
  }

  const rawScore = (c: Compiled, features: Features): number => {
    let sum = c.offset
    const active = c.active
    for (let i = 0; i < active.length; i++) {
      const cp = active[i] as CompiledPredictor
      const bin = cp.locate(features[cp.name])
      if (bin >= 0) sum += cp.logOdds[bin] as number
    }
    return sum / c.divisor
  }

  const classify = (c: Compiled, s: number): number => c.propensity[intervalIndex(c.bounds, s)] as number

  const score = (state: NaiveBayesState, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const c = compiled(state)
    const modelPropensity = classify(c, rawScore(c, features))
    const evidence = state.positives + state.negatives
    let p = modelPropensity
    let startingEvidence = 0
    if (prior !== undefined && Number.isFinite(prior.propensity) && Number.isFinite(prior.evidence) && prior.evidence > 0) {
      const p0 = Math.min(1, Math.max(0, prior.propensity))
      startingEvidence = prior.evidence
      const d = startingEvidence + evidence + 1
      p = (startingEvidence / d) * p0 + (evidence / d) * modelPropensity
    }
    if (!r.explore) return [{ propensity: p, explored: p, evidence }, rng]
    const nu = evidence + startingEvidence + 2
    const [explored, next] = betaDraw(rng, p * nu, (1 - p) * nu)
    return [{ propensity: p, explored, evidence }, next]
  }

  const learn = (state: NaiveBayesState, o: Observation): NaiveBayesState => {
    const predictors = new Map(state.predictors)
    for (const keyer of keyerList) {
      const name = keyer.predictor.name
      const pc = state.predictors.get(name)
      const slot = keyer.slot(o.features[name], pc)
      if (slot._tag === "none") continue
      predictors.set(name, learnPredictor(pc ?? EMPTY_PREDICTOR, slot, o.positive))
    }
    return {
      positives: state.positives + (o.positive ? 1 : 0),
      negatives: state.negatives + (o.positive ? 0 : 1),
      predictors,
      classifier: state.classifier
    }
  }

  const learnAll = (state: NaiveBayesState, os: ReadonlyArray<Observation>): NaiveBayesState => {
    if (os.length === 0) return state
    const acc = new Map<string, Accumulator>()
    const view = (name: string): Accumulator => {
      let a = acc.get(name)
      if (a === undefined) {
        const pc = state.predictors.get(name) ?? EMPTY_PREDICTOR
        a = { missing: pc.missing, residual: pc.residual, bins: new Map(pc.bins) }
        acc.set(name, a)
      }
      return a
    }
    let positives = 0
    for (const o of os) {
      if (o.positive) positives++
      for (const keyer of keyerList) {
        const name = keyer.predictor.name
        const a = view(name)
        const slot = keyer.slot(o.features[name], a as PredictorCounts)
        switch (slot._tag) {
          case "none":
            break
          case "missing":
            a.missing = bump(a.missing, o.positive)
            break
          case "residual":
            a.residual = bump(a.residual, o.positive)
            break
          case "key":
            a.bins.set(slot.key, bump(a.bins.get(slot.key) ?? ZERO, o.positive))
        }
      }
    }
    const predictors = new Map(state.predictors)
    for (const [name, a] of acc) {
      if (a.bins.size === 0 && a.missing === ZERO && a.residual === ZERO && !state.predictors.has(name)) continue
      predictors.set(name, { missing: a.missing, residual: a.residual, bins: a.bins })
    }
    return { positives: state.positives + positives, negatives: state.negatives + os.length - positives, predictors, classifier: state.classifier }
  }

  const explain = (state: NaiveBayesState, features: Features): Explanation => {
    const c = compiled(state)
    const contributions: Array<Contribution> = c.all.map((cp) => {
      const value = features[cp.name]
      const bin = cp.locate(value)
      const b = bin >= 0 ? cp.view.bins[bin] : undefined
      return { predictor: cp.name, value, bin: b === undefined ? "none" : b.label, logOdds: b === undefined ? 0 : b.logOdds, active: cp.view.active }
    })
    const s = rawScore(c, features)
    return { score: s, propensity: classify(c, s), offset: c.offset, activePredictors: c.active.length, contributions }
  }

  return {
    name: "naiveBayes",
    empty: emptyState,
    score,
    learn,
    learnAll,
    merge: mergeStates,
    codec: stateCodec(config, keyers),
    config,
    inspect: (state) => compiled(state).view,
    explain
  }
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
  const cx = x.classifier
  const cy = y.classifier
  if (cx === null || cy === null) return cx === cy
  return sameBounds(cx.bounds, cy.bounds) && sameBounds(cx.positives, cy.positives) && sameBounds(cx.negatives, cy.negatives)
}
