/**
 * Internal: naive Bayes counts as maps — one response added, two states merged (key by key, a
 * commutative monoid), the classifier bucket of a score, equality of states.
 *
 * @internal
 * @since 0.1.0
 */
import type { Slot } from "./config.js"
import { SCORE_GRID, ZERO, type ClassifierCounts, type Counts, type PredictorCounts, type State } from "./model.js"

// -------------------------------------------------------------------------------------
// counts: adding, merging, comparing
// -------------------------------------------------------------------------------------

/** the counts of a predictor that has seen nothing */
export const EMPTY_PREDICTOR: PredictorCounts = { missing: ZERO, residual: ZERO, bins: new Map() }

/** the counts with one more response */
export const bump = (c: Counts, positive: boolean): Counts =>
  positive
    ? { positives: c.positives + 1, negatives: c.negatives }
    : { positives: c.positives, negatives: c.negatives + 1 }

/** the sum of two counts (one of them itself when the other is empty) */
export const addCounts = (a: Counts, b: Counts): Counts =>
  b.positives === 0 && b.negatives === 0
    ? a
    : a.positives === 0 && a.negatives === 0
      ? b
      : { positives: a.positives + b.positives, negatives: a.negatives + b.negatives }

/** a predictor's counts with one more response in `slot` */
export const learnPredictor = (pc: PredictorCounts, slot: Slot, positive: boolean): PredictorCounts => {
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

/** whether two arrays of numbers are equal */
export const sameBounds = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

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
export const mergeStates = (x: State, y: State): State => {
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
  const merged: State = {
    positives: x.positives + y.positives,
    negatives: x.negatives + y.negatives,
    predictors,
    scores,
    classifier: mergeClassifiers(x.classifier, y.classifier)
  }
  const at = x.at === undefined ? y.at : y.at === undefined ? x.at : Math.max(x.at, y.at)
  return at === undefined ? merged : { ...merged, at }
}

/** counts times `f`; `ZERO` when they underflow to nothing (a state keeps no empty keys) */
const scaleCounts = (c: Counts, f: number): Counts => {
  const positives = c.positives * f
  const negatives = c.negatives * f
  return positives === 0 && negatives === 0 ? ZERO : { positives, negatives }
}

/** every count of a state multiplied by `f` (forgetting), stamped `at` */
export const scaleState = (s: State, f: number, at: number): State => {
  if (f === 1) return s.at === at ? s : { ...stateFields(s), at }
  const predictors = new Map<string, PredictorCounts>()
  for (const [name, pc] of s.predictors) {
    const bins = new Map<string, Counts>()
    for (const [k, c] of pc.bins) {
      const scaled = scaleCounts(c, f)
      if (scaled !== ZERO) bins.set(k, scaled)
    }
    predictors.set(name, { missing: scaleCounts(pc.missing, f), residual: scaleCounts(pc.residual, f), bins })
  }
  const scores = new Map<number, Counts>()
  for (const [k, c] of s.scores) {
    const scaled = scaleCounts(c, f)
    if (scaled !== ZERO) scores.set(k, scaled)
  }
  const c = s.classifier
  return {
    positives: s.positives * f,
    negatives: s.negatives * f,
    predictors,
    scores,
    classifier:
      c === null
        ? null
        : { bounds: c.bounds, positives: c.positives.map((x) => x * f), negatives: c.negatives.map((x) => x * f) },
    at
  }
}

/** a state's fields as a plain object (the maps read once) */
const stateFields = (s: State): State => ({
  positives: s.positives,
  negatives: s.negatives,
  predictors: s.predictors,
  scores: s.scores,
  classifier: s.classifier
})

/** whether a state has learned nothing and lists nothing */
export const isEmptyState = (s: State): boolean =>
  s.positives + s.negatives === 0 &&
  s.predictors.size === 0 &&
  s.scores.size === 0 &&
  s.classifier === null &&
  s.at === undefined

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

/**
 * Whether two naive Bayes states hold the same counts (key order does not matter).
 *
 * @category utils
 * @since 0.1.0
 */
export const equals = (x: State, y: State): boolean => {
  if (x.positives !== y.positives || x.negatives !== y.negatives || x.at !== y.at) return false
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
  return (
    sameBounds(cx.bounds, cy.bounds) && sameBounds(cx.positives, cy.positives) && sameBounds(cx.negatives, cy.negatives)
  )
}
