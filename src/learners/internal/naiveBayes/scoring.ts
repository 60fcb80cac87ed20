/**
 * Internal: scoring with naive Bayes — a state compiled to the tables the raw score needs (each
 * predictor's bins, log-odds, AUC and activity), the monotone classifier from score to
 * propensity (pool-adjacent-violators over the score buckets, or an imported classifier), and
 * the view of a compiled state. Hot path: keep the loops as they are.
 *
 * @internal
 * @since 0.1.0
 */
import { aucFromBinCounts, binPropensity, independenceP, logOdds, trendP } from "../BinStatistics.js"
import { equalFrequency, gridEdge, gridKey, mergeAlike, pava, type Cell, type Run } from "../Binning.js"
import type { Features } from "../../Learner.js"
import { intervalIndex, numberOf, symbolOf, type Resolved } from "./config.js"
import { scoreBucket } from "./counts.js"
import {
  SCORE_GRID,
  ZERO,
  type BinView,
  type ClassifierBinView,
  type ClassifierCounts,
  type Config,
  type Counts,
  type ModelView,
  type NumericPredictor,
  type Predictor,
  type PredictorCounts,
  type PredictorView,
  type State,
  type SymbolicPredictor
} from "./model.js"

// -------------------------------------------------------------------------------------
// compiling a state to flat tables
// -------------------------------------------------------------------------------------

/** one predictor as the raw score needs it */
export interface ScoringPredictor {
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
export interface Scoring {
  readonly all: ReadonlyArray<ScoringPredictor>
  readonly active: ReadonlyArray<ScoringPredictor>
  readonly offset: number
  readonly divisor: number
}

/** a state compiled: its scoring tables, its view and its classifier as flat arrays */
export interface Compiled {
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
export interface SortedGrid {
  readonly keys: ReadonlyArray<number>
  readonly counts: ReadonlyArray<Counts>
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))))

const intervalLabel = (lower: number, upper: number): string =>
  lower === -Infinity
    ? upper === Infinity
      ? "all"
      : `<${fmt(upper)}`
    : upper === Infinity
      ? `>=${fmt(lower)}`
      : `[${fmt(lower)}, ${fmt(upper)}>`

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

/** a learned numeric predictor's grid, sorted */
export const sortedGridOf = (pc: PredictorCounts): SortedGrid => {
  const keys = Array.from(pc.bins.keys(), Number).sort((a, b) => a - b)
  return { keys, counts: keys.map((k) => pc.bins.get(String(k)) as Counts) }
}

/** the bins of a predictor with configured bins, without their counts: each bin's count key, and how to locate a value
 * */
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

/** a predictor's bins, how to locate a value among them, and its outcome-blind bins (before any merging by behaviour:
 * the equal-frequency start bins or the single symbols, with MISSING and RESIDUAL) */
interface Binned {
  readonly bins: ReadonlyArray<RawBin>
  readonly locate: (v: unknown) => number
  readonly blind: ReadonlyArray<Cell>
  /** how many of the first blind bins are intervals in order (0 for symbolic predictors) */
  readonly ordered: number
}

/** the bins of one predictor, and how to locate a value among them; null when not binned yet */
const binsOf = (
  p: Predictor,
  pc: PredictorCounts | undefined,
  r: Resolved,
  modelResponses: number,
  grid?: SortedGrid
): Binned | null => {
  const missing = pc?.missing ?? ZERO
  const residual = pc?.residual ?? ZERO
  if (p.bins !== undefined) {
    const layout = layoutOf(p)
    const bins: Array<RawBin> = layout.bins.map((make, i) => {
      const key = layout.keys[i] as string
      const c = key === "missing" ? missing : key === "residual" ? residual : countsOf(pc, key)
      return make(c.positives, c.negatives)
    })
    return {
      bins,
      locate: layout.locate,
      blind: bins,
      ordered: p.type === "numeric" ? (p.bins ?? []).length + 1 : 0
    }
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
    const start = equalFrequency(counts, r.startBins)
    const runs = mergeAlike(start, r.granularity, minimum, r.significance ?? undefined)
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
      blind: hasMissing ? [...start, missing] : start,
      ordered: start.length,
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
    minimum,
    r.significance ?? undefined
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
    blind: [...cells, missing, residual],
    ordered: 0,
    locate: (v) => {
      const s = symbolOf(v)
      return s === null ? missingIndex : (group.get(s) ?? residualIndex)
    }
  }
}

const NO_LOG_ODDS: ReadonlyArray<number> = []

/**
 * Whether a binned predictor scores. Pega's rule (`significance` null): its AUC from the bin counts
 * is at least the threshold. The evidence rule: the likelihood-ratio test of independence between
 * its outcome-blind bins (`blind`) and the outcome rejects at `significance` — and its bins rank
 * at all (AUC above 0.5). In-sample AUC favours many bins and much data: a random 40-level code,
 * its symbols sorted by their own response rates, reaches AUC 0.55 on a few hundred responses,
 * while a strong bin of 0.5% of the cases cannot lift a predictor past 0.52. The test's degrees
 * of freedom charge each bin for the chance it had to look good, and its power grows with the
 * cases behind a difference, whatever their share.
 */
const isActive = (binned: Binned, auc: number, r: Resolved): boolean => {
  if (r.significance === null) return auc >= r.threshold
  if (!(auc > 0.5)) return false
  const blind = binned.blind
  const pos: Array<number> = new Array<number>(blind.length)
  const neg: Array<number> = new Array<number>(blind.length)
  for (let i = 0; i < blind.length; i++) {
    const c = blind[i] as Cell
    pos[i] = c.positives
    neg[i] = c.negatives
  }
  const independence = independenceP(pos, neg)
  if (binned.ordered === 0) return independence < r.significance
  // numeric: the trend over the intervals too, each test at half the level (Bonferroni)
  return Math.min(independence, trendP(pos.slice(0, binned.ordered), neg.slice(0, binned.ordered))) < r.significance / 2
}

const scoringPredictor = (
  p: Predictor,
  pc: PredictorCounts | undefined,
  r: Resolved,
  modelResponses: number,
  grid?: SortedGrid
): ScoringPredictor => {
  const binned = binsOf(p, pc, r, modelResponses, grid)
  if (binned === null)
    return { name: p.name, predictor: p, bins: null, locate: () => -1, logOdds: NO_LOG_ODDS, auc: 0.5, active: false }
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
  return {
    name: p.name,
    predictor: p,
    bins,
    locate: binned.locate,
    logOdds: table,
    auc,
    active: isActive(binned, auc, r)
  }
}

/** the predictors with, in each group, only the active member of the highest AUC still active (the first listed of
 * equals) */
const bestOfGroups = (
  scored: ReadonlyArray<ScoringPredictor>,
  groups: ReadonlyArray<ReadonlyArray<string>>
): ReadonlyArray<ScoringPredictor> => {
  const byName = new Map(scored.map((sp) => [sp.name, sp] as const))
  const benched = new Set<string>()
  for (const group of groups) {
    let best: ScoringPredictor | undefined
    for (const name of group) {
      const sp = byName.get(name)
      if (sp === undefined || !sp.active) continue
      if (best === undefined || sp.auc > best.auc) best = sp
    }
    for (const name of group) if (best !== undefined && name !== best.name) benched.add(name)
  }
  return benched.size === 0
    ? scored
    : scored.map((sp) => (sp.active && benched.has(sp.name) ? { ...sp, active: false } : sp))
}

/** the raw-score tables of counts (`grids`: the learned numeric grids already sorted, if known) */
export const scoringOf = (
  config: Config,
  r: Resolved,
  positives: number,
  negatives: number,
  counts: (name: string) => PredictorCounts | undefined,
  grids?: (name: string) => SortedGrid | undefined
): Scoring => {
  const responses = positives + negatives
  const scored = config.predictors.map((p) => scoringPredictor(p, counts(p.name), r, responses, grids?.(p.name)))
  const all = config.groups === undefined ? scored : bestOfGroups(scored, config.groups)
  const active = all.filter((sp) => sp.active)
  return { all, active, offset: Math.log1p(positives) - Math.log1p(negatives), divisor: 1 + active.length }
}

/** the raw score: `(offset + Σ active log-odds) / (1 + k)` */
export const rawScoreOf = (sc: Scoring, features: Features): number => {
  let sum = sc.offset
  const active = sc.active
  for (let i = 0; i < active.length; i++) {
    const sp = active[i] as ScoringPredictor
    const bin = sp.locate(features[sp.name])
    if (bin >= 0) sum += sp.logOdds[bin] as number
  }
  return sum / sc.divisor
}

const monotoneSmoothed = (
  runs: ReadonlyArray<Run>,
  propensity: (positives: number, negatives: number) => number
): ReadonlyArray<Run> => {
  const out: Array<Run> = []
  for (const run of runs) {
    let current = run
    while (out.length > 0) {
      const top = out[out.length - 1] as Run
      if (propensity(top.positives, top.negatives) < propensity(current.positives, current.negatives)) break
      out.pop()
      current = {
        from: top.from,
        to: current.to,
        positives: top.positives + current.positives,
        negatives: top.negatives + current.negatives
      }
    }
    out.push(current)
  }
  return out
}

/**
 * The propensity of a classifier bin: Pega's `(0.5 + P) / (1 + P + N)`, or, with a classifier prior of m responses,
 * the bin's counts shrunk toward the model's smoothed response rate ρ, `(P + m·ρ) / (P + N + m)` — an evidence-weighted
 * blend of the action-level rate and the bin's own rate (see `BinningOptions.classifierPrior`)
 */
export const classifierPropensity = (
  r: Resolved,
  positives: number,
  negatives: number
): ((p: number, n: number) => number) => {
  const m = r.classifierPrior
  if (m === 0) return binPropensity
  const rate = binPropensity(positives, negatives)
  return (p, n) => (p + m * rate) / (p + n + m)
}

/** the classifier pooled from the score-bucket counts (see the module header): bins and their first buckets */
const pooledClassifier = (
  scores: ReadonlyMap<number, Counts>,
  r: Resolved,
  propensity: (positives: number, negatives: number) => number
): { readonly bins: ReadonlyArray<ClassifierBinView>; readonly firstBuckets: ReadonlyArray<number> } => {
  const keys = Array.from(scores.keys()).sort((a, b) => a - b)
  const cells: Array<Cell> = keys.map((k) => scores.get(k) as Counts)
  let total = 0
  for (const c of cells) total += c.positives + c.negatives
  // PAVA, then runs of at least `classifierMinimumCases` of the responses, pooled again
  const merged = mergeAlike(pava(cells), 1, r.classifierMinimumCases * total)
  const pooled = pava(merged).map((run) => ({
    ...run,
    from: (merged[run.from] as Run).from,
    to: (merged[run.to - 1] as Run).to
  }))
  // the Laplace-smoothed propensities must increase too: pool any run that breaks it
  const runs = monotoneSmoothed(pooled, propensity)
  const firstBuckets = runs.map((run) => keys[run.from] as number)
  const bins = runs.map((run, i) => ({
    lower: i === 0 ? -Infinity : (firstBuckets[i] as number) * SCORE_GRID,
    upper: i === runs.length - 1 ? Infinity : (firstBuckets[i + 1] as number) * SCORE_GRID,
    positives: run.positives,
    negatives: run.negatives,
    propensity: propensity(run.positives, run.negatives)
  }))
  return { bins, firstBuckets }
}

/** an imported classifier, with the score-bucket counts learned since added to the bin of each bucket's midpoint */
const importedClassifier = (
  imported: ClassifierCounts,
  scores: ReadonlyMap<number, Counts>
): ReadonlyArray<ClassifierBinView> => {
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
    return {
      lower: i === 0 ? -Infinity : (b[i - 1] as number),
      upper: i === b.length ? Infinity : (b[i] as number),
      positives: p,
      negatives: n,
      propensity: binPropensity(p, n)
    }
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

/** compiles a state (see `Compiled`) */
export const compile = (scoring: Scoring, r: Resolved, state: State): Compiled => {
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
    classifier = [
      {
        lower: -Infinity,
        upper: Infinity,
        positives: state.positives,
        negatives: state.negatives,
        propensity: binPropensity(state.positives, state.negatives)
      }
    ]
    bounds = new Float64Array(0)
  } else {
    const pooled = pooledClassifier(state.scores, r, classifierPropensity(r, state.positives, state.negatives))
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

/** the propensity of the classifier bin a raw score falls in */
export const classify = (c: Compiled, s: number): number =>
  c.propensity[intervalIndex(c.bounds, c.keyed ? scoreBucket(s) : s)] as number
