/**
 * Internal: the flat count tables of the fast learning path — a configuration's states as arrays
 * of numbers (configured bins, learned keys by slot, classifier buckets sorted plus a log), copied
 * once per `learnAll` and added to with no allocation per response; and back to the maps of a
 * `State`. Hot path: keep the loops as they are.
 *
 * @internal
 * @since 0.1.0
 */
import { gridKey } from "../Binning.js"
import { numberOf, symbolOf, type Resolved } from "./config.js"
import { scoreBucket } from "./counts.js"
import {
  ZERO,
  type ClassifierCounts,
  type Config,
  type Counts,
  type Predictor,
  type PredictorCounts,
  type State
} from "./model.js"
import type { Features } from "../../Learner.js"

// -------------------------------------------------------------------------------------
// count tables, what learn and learnAll update
// -------------------------------------------------------------------------------------

/** classifier counts as flat arrays: the buckets ascending, their positives and negatives side by side (`counts[2i]`,
 * `counts[2i + 1]`) */
export interface SortedScores {
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
export interface ScoreTable {
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
export interface LearnedTable {
  keys: Map<string | number, number>
  known: number
  counts: Array<number>
}

/** what the counts do not say about the maps a state was built from (shared; learning never changes it) */
export interface Listed {
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
export interface Tables {
  readonly positives: number
  readonly negatives: number
  readonly fixed: ReadonlyArray<number>
  readonly learned: ReadonlyArray<LearnedTable>
  readonly scores: ScoreTable
  readonly classifier: ClassifierCounts | null
  readonly listed: Listed
}

/** tables being learned: copies of `from`'s arrays, added to in place, and the responses' score codes */
export interface Working {
  readonly from: Tables
  positives: number
  negatives: number
  readonly fixed: Array<number>
  readonly learned: ReadonlyArray<LearnedTable>
  /** `2·bucket + (positive ? 0 : 1)` of each response */
  readonly codes: Array<number>
}

/** how one configuration's states become count tables and back */
export interface Columns {
  readonly fromState: (state: State) => Tables
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
    return {
      name: p.name,
      first,
      cuts,
      groups: NO_GROUPS,
      missing: p.missingBin !== false ? first + 2 * bins : -1,
      residual: -1
    }
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

/** the counts at a slot of a flat array (`ZERO` when empty) */
export const countsAt = (a: ReadonlyArray<number>, slot: number): Counts => {
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
  for (let j = 0; j < codes.length;) {
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
const sortedOf = (table: ScoreTable): SortedScores =>
  table.logged === 0 ? table.sorted : mergeCodes(table.sorted, sortedCodes(table.log, table.logged))

/** the classifier counts of a score table as the public map (built once) */
export const scoresOf = (table: ScoreTable): ReadonlyMap<number, Counts> => {
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
  if (log.length < Math.max(64, table.sorted.buckets.length))
    return { sorted: table.sorted, log, logged: log.length, view: undefined }
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

/** how one configuration's states become count tables and back (see `Columns`) */
export const columnsOf = (config: Config, r: Resolved): Columns => {
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

  const fromState = (state: State): Tables => {
    const fixed = zeros(2 * slots)
    const listedPredictors = new Uint8Array(count)
    const listedKeys = new Uint8Array(slots)
    const strays: Array<ReadonlyArray<readonly [string, Counts]>> = new Array<ReadonlyArray<readonly [string, Counts]>>(
      count
    ).fill(NO_STRAYS)
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
      if (listed.predictors[i] === 1 || bins.size > 0 || missing !== ZERO || residual !== ZERO)
        out.set(p.name, { missing, residual, bins })
    })
    for (const [name, pc] of listed.foreign) out.set(name, pc)
    return out
  }

  return { fromState, begin, add, finish, predictorsOf }
}
