/**
 * Internal: a naive Bayes configuration validated and resolved, and how each predictor reads and
 * keys values (`Slot`s of the map-based path).
 *
 * @internal
 * @since 0.1.0
 */
import { gridKey } from "../Binning.js"
import { misuse } from "../../../kernel/internal/misuse.js"
import type { Config, Predictor, PredictorCounts } from "./model.js"

// -------------------------------------------------------------------------------------
// internal: how a predictor reads and keys values
// -------------------------------------------------------------------------------------

/** a configuration with its defaults filled in, checked */
export interface Resolved {
  readonly after: number
  readonly granularity: number
  readonly minimumCases: number
  readonly startBins: number
  readonly maxSymbols: number
  readonly logBase: number
  readonly classifierMinimumCases: number
  /** m of the classifier prior (0: Pega's smoothing) */
  readonly classifierPrior: number
  readonly threshold: number
  /** the `"evidence"` rule of predictor selection, at this level; null for Pega's AUC rule */
  readonly significance: number | null
  readonly explore: boolean
  /** k of the exploration floor: a uniform draw with probability k / (k + evidence); 0 for none */
  readonly floor: number
  /** the half-life of forgetting in ms; null: never forget */
  readonly halfLifeMs: number | null
}

/** where a value is counted: a key, MISSING, RESIDUAL, or nowhere */
export type Slot =
  | { readonly _tag: "key"; readonly key: string }
  | { readonly _tag: "missing" }
  | { readonly _tag: "residual" }
  | { readonly _tag: "none" }

/** counted in MISSING */
export const MISSING_SLOT: Slot = { _tag: "missing" }
/** counted in RESIDUAL */
export const RESIDUAL_SLOT: Slot = { _tag: "residual" }
/** counted nowhere */
export const NONE_SLOT: Slot = { _tag: "none" }

/** a value as a number: finite numbers, numeric strings, booleans as 1/0; else null (missing) */
export const numberOf = (v: unknown): number | null => {
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

/** a value as a symbol: non-empty strings, finite numbers and booleans as text; else null (missing) */
export const symbolOf = (v: unknown): string | null => {
  if (typeof v === "string") return v.length === 0 ? null : v
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : null
  if (typeof v === "boolean") return v ? "true" : "false"
  return null
}

/** the number of cut points ≤ x: the interval index of x among `<c₁`, `[c₁, c₂>`, … */
export const intervalIndex = (cuts: ArrayLike<number>, x: number): number => {
  let lo = 0
  let hi = cuts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((cuts[mid] as number) <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** responses before the first binning by default (Pega: 500; see the cold-start rule in docs/learners.md) */
export const DEFAULT_AFTER = 100

/** m of the default classifier prior (Pega: 0) */
export const DEFAULT_CLASSIFIER_PRIOR = 50

/** k of the default exploration floor (see `Config.explorationFloor`) */
export const DEFAULT_EXPLORATION_FLOOR = 2

const halfLifeOf = (config: Config, api: string): number | null => {
  const h = config.halfLife
  if (h === undefined) return null
  if (h === null || typeof h !== "object" || !(typeof h.ms === "number" && Number.isFinite(h.ms) && h.ms > 0))
    misuse(api, "halfLife.ms must be a positive finite number")
  return h.ms
}

/** the resolved configuration; throws `TypeError("NaiveBayes.naiveBayes: …")` on a programming mistake */
export const validateConfig = (config: Config): Resolved => {
  const api = "NaiveBayes.naiveBayes"
  if (config === null || typeof config !== "object" || !Array.isArray(config.predictors))
    misuse(api, `config.predictors must be an array`)
  const names = new Set<string>()
  for (const p of config.predictors) {
    if (typeof p.name !== "string" || p.name.length === 0) misuse(api, `every predictor needs a non-empty name`)
    if (names.has(p.name)) misuse(api, `predictor "${p.name}" is listed twice`)
    names.add(p.name)
    if (p.type === "numeric") {
      if (p.bins !== undefined) {
        for (let i = 0; i < p.bins.length; i++) {
          const c = p.bins[i] as number
          if (!Number.isFinite(c) || (i > 0 && c <= (p.bins[i - 1] as number)))
            misuse(api, `predictor "${p.name}": cut points must be finite and strictly increasing`)
        }
      }
    } else if (p.type === "symbolic") {
      if (p.bins !== undefined) {
        const seen = new Set<string>()
        for (const group of p.bins) {
          for (const s of group) {
            if (typeof s !== "string") misuse(api, `predictor "${p.name}": symbols must be strings`)
            if (seen.has(s)) misuse(api, `predictor "${p.name}": symbol "${s}" is in two groups`)
            seen.add(s)
          }
        }
      }
    } else {
      misuse(api, `predictor "${(p as Predictor).name}": type must be "numeric" or "symbolic"`)
    }
  }
  if (config.groups !== undefined) {
    if (!Array.isArray(config.groups)) misuse(api, `groups must be an array of arrays of predictor names`)
    const grouped = new Set<string>()
    for (const group of config.groups) {
      if (!Array.isArray(group)) misuse(api, `groups must be an array of arrays of predictor names`)
      for (const name of group) {
        if (!names.has(name)) misuse(api, `groups: no predictor "${String(name)}"`)
        if (grouped.has(name)) misuse(api, `groups: predictor "${name}" is in two groups`)
        grouped.add(name)
      }
    }
  }
  const b = config.binning ?? {}
  const num = (x: number | undefined, dflt: number, ok: (x: number) => boolean, what: string): number => {
    if (x === undefined) return dflt
    if (!(typeof x === "number" && ok(x))) misuse(api, what)
    return x
  }
  const selection = config.predictorSelection ?? "auc"
  if (selection !== "evidence" && selection !== "auc") misuse(api, `predictorSelection must be "evidence" or "auc"`)
  const significance = num(config.significance, 0.01, (x) => x > 0 && x < 1, "significance must lie in (0, 1)")
  const precision = num(b.precision, 0.01, (x) => x > 0 && x <= 1, "binning.precision must lie in (0, 1]")
  return {
    after: num(
      b.after,
      DEFAULT_AFTER,
      (x) => Number.isInteger(x) && x >= 0,
      "binning.after must be a non-negative integer"
    ),
    granularity: num(b.granularity, 0.25, (x) => x >= 0 && x <= 1, "binning.granularity must lie in [0, 1]"),
    minimumCases: num(b.minimumCases, 0.05, (x) => x >= 0 && x < 1, "binning.minimumCases must lie in [0, 1)"),
    startBins: num(
      b.startBins,
      20,
      (x) => Number.isInteger(x) && x >= 1,
      "binning.startBins must be a positive integer"
    ),
    maxSymbols: num(
      b.maxSymbols,
      200,
      (x) => Number.isInteger(x) && x >= 1,
      "binning.maxSymbols must be a positive integer"
    ),
    logBase: Math.log1p(precision),
    classifierMinimumCases: num(
      b.classifierMinimumCases,
      0.01,
      (x) => x >= 0 && x < 1,
      "binning.classifierMinimumCases must lie in [0, 1)"
    ),
    classifierPrior: num(
      b.classifierPrior,
      DEFAULT_CLASSIFIER_PRIOR,
      (x) => Number.isFinite(x) && x >= 0,
      "binning.classifierPrior must be a non-negative finite number"
    ),
    threshold: num(
      config.performanceThreshold,
      0.52,
      (x) => x >= 0.5 && x <= 1,
      "performanceThreshold must lie in [0.5, 1]"
    ),
    significance: selection === "auc" ? null : significance,
    explore: (config.exploration ?? "thompson") === "thompson",
    floor: num(
      config.explorationFloor,
      DEFAULT_EXPLORATION_FLOOR,
      (x) => Number.isFinite(x) && x >= 0,
      "explorationFloor must be a non-negative finite number"
    ),
    halfLifeMs: halfLifeOf(config, api)
  }
}

/** how one predictor keys values on the map-based path */
export interface Keyer {
  readonly predictor: Predictor
  /** where a value is counted, given the predictor's current counts (for the symbol cap) */
  readonly slot: (value: unknown, counts: PredictorCounts | undefined) => Slot
  /** whether a key can occur */
  readonly validKey: (key: string) => boolean
}

/** the keyer of a predictor */
export const keyerOf = (p: Predictor, r: Resolved): Keyer => {
  if (p.type === "numeric") {
    if (p.bins !== undefined) {
      const cuts = Float64Array.from(p.bins)
      const keys = Array.from({ length: cuts.length + 1 }, (_, i) => String(i))
      const withMissing = p.missingBin !== false
      return {
        predictor: p,
        slot: (v) => {
          const x = numberOf(v)
          return x === null
            ? withMissing
              ? MISSING_SLOT
              : NONE_SLOT
            : { _tag: "key", key: keys[intervalIndex(cuts, x)] as string }
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
