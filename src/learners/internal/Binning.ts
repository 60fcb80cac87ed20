/**
 * How an adaptive naive Bayes model finds its bins from counts: equal-frequency intervals, merging
 * of adjacent bins that behave alike, a minimum share of cases per bin, pool-adjacent-violators
 * for monotone classifiers, and the fine, mergeable grid numeric values are counted on before they
 * are binned.
 *
 * The statistical test (documented, so users can predict the bins): two adjacent bins with
 * positives/cases `P₁/n₁` and `P₂/n₂` are "alike" when the two-sided p-value of the pooled
 * two-proportion z-test, `z = (P₁/n₁ − P₂/n₂) / sqrt(p̄(1 − p̄)(1/n₁ + 1/n₂))`, is at least the
 * grouping granularity (Pega's default 0.25). A higher granularity therefore keeps more bins,
 * as in Pega; 0 merges everything, 1 nothing. Merging is greedy: the most alike adjacent pair
 * first, until no pair is alike. Before that, every bin below the minimum share of cases (Pega's
 * default 5%) is merged into its more alike neighbour.
 *
 * The numeric grid: a value `x` is counted under the integer key `sign(x)·(1 + ⌊ln(|x|/m)/ln(1 + ρ)⌋)`
 * (`m` = 1e-9, values smaller in magnitude have key 0; `ρ` the relative precision, 1% by
 * default), the grid of a DDSketch. Counts on it add exactly, so states merge exactly, and
 * interval bins are unions of consecutive keys, reproducible from the counts alone.
 *
 * Every finite value has a key, a safe integer: where `|x|/m` would overflow (`|x|` ≥ ~1.8e299) the
 * logarithm is taken as `ln|x| − ln m`, so `±Number.MAX_VALUE` have the outermost keys (73,416 at
 * 1%), and a key beyond `Number.MAX_SAFE_INTEGER` in magnitude (possible only at a precision below
 * ~1e-10) is clamped to it — such values share the outermost key. Non-finite values are not
 * numbers to the learner (MISSING). `gridEdge` likewise never overflows: an edge beyond the double
 * range is `±Number.MAX_VALUE`.
 *
 * Laws: `mergeAlike` and `equalFrequency` keep every count (the merged totals equal the input
 * totals); `pava` returns non-decreasing rates with the same totals; `gridKey` is monotone
 * non-decreasing in `x`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Counts of one bin (or of a run of consecutive fine bins).
 *
 * @category model
 * @since 0.1.0
 */
export interface Cell {
  readonly positives: number
  readonly negatives: number
}

/**
 * Consecutive cells `[from, to)` of an ordered list, with their summed counts.
 *
 * @category model
 * @since 0.1.0
 */
export interface Run extends Cell {
  readonly from: number
  readonly to: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const GRID_MIN = 1e-9
const LOG_GRID_MIN = Math.log(GRID_MIN)

/**
 * The fine grid key of a numeric value (see the module header).
 *
 * @category operations
 * @since 0.1.0
 */
export const gridKey = (x: number, logBase: number): number => {
  const a = Math.abs(x)
  if (!(a >= GRID_MIN)) return 0
  const q = a / GRID_MIN
  // `a / GRID_MIN` overflows for a ≥ ~1.8e299: take the logarithm of the quotient as a difference there (below, the
  // quotient's logarithm as before, so that the keys of learned states are unchanged)
  const l = q < Infinity ? Math.log(q) : Math.log(a) - LOG_GRID_MIN
  const f = Math.floor(l / logBase)
  const k = f < Number.MAX_SAFE_INTEGER ? 1 + f : Number.MAX_SAFE_INTEGER
  return x > 0 ? k : -k
}

const edgeMagnitude = (k: number, logBase: number): number => {
  const e = GRID_MIN * Math.exp((k - 1) * logBase)
  return e < Infinity ? e : Math.min(Math.exp((k - 1) * logBase + LOG_GRID_MIN), Number.MAX_VALUE)
}

/**
 * The smallest magnitude a grid key stands for: the lower edge of a positive key's interval, the
 * upper edge (in value) of a negative key's. Finite for every key (at most `Number.MAX_VALUE` in
 * magnitude).
 *
 * @category operations
 * @since 0.1.0
 */
export const gridEdge = (key: number, logBase: number): number =>
  key === 0 ? 0 : key > 0 ? edgeMagnitude(key, logBase) : -edgeMagnitude(-key, logBase)

/**
 * Normal upper tail `1 − Φ(z)` (Abramowitz and Stegun 7.1.26, error below 1.5e-7).
 *
 * @category operations
 * @since 0.1.0
 */
export const normalUpperTail = (z: number): number => {
  if (z < 0) return 1 - normalUpperTail(-z)
  const x = z / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return 0.5 * poly * Math.exp(-x * x)
}

/**
 * The two-sided p-value of the pooled two-proportion z-test between two cells (1 when either is
 * empty or both rates are 0 or 1).
 *
 * @category operations
 * @since 0.1.0
 */
export const alikeness = (a: Cell, b: Cell): number => {
  const n1 = a.positives + a.negatives
  const n2 = b.positives + b.negatives
  if (n1 <= 0 || n2 <= 0) return 1
  const pooled = (a.positives + b.positives) / (n1 + n2)
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
  if (!(variance > 0)) return 1
  const z = Math.abs(a.positives / n1 - b.positives / n2) / Math.sqrt(variance)
  return z === 0 ? 1 : Math.min(1, 2 * normalUpperTail(z))
}

const run = (cells: ReadonlyArray<Cell>, from: number, to: number): Run => {
  let p = 0
  let n = 0
  for (let i = from; i < to; i++) {
    const c = cells[i] as Cell
    p += c.positives
    n += c.negatives
  }
  return { from, to, positives: p, negatives: n }
}

const join = (a: Run, b: Run): Run => ({
  from: a.from,
  to: b.to,
  positives: a.positives + b.positives,
  negatives: a.negatives + b.negatives
})

const cases = (c: Cell): number => c.positives + c.negatives

/**
 * Splits ordered cells into at most `bins` runs of about equal cases: each run but the last
 * collects cells until it holds at least `1/bins` of the cases (a cell is never split, so heavy
 * cells give fewer runs, and no run but the last falls below its share — which the minimum-cases
 * rule of `mergeAlike` would otherwise sweep into a neighbour regardless of behaviour).
 *
 * @category operations
 * @since 0.1.0
 */
export const equalFrequency = (cells: ReadonlyArray<Cell>, bins: number): ReadonlyArray<Run> => {
  if (cells.length === 0) return []
  let total = 0
  for (const c of cells) total += cases(c)
  const runs: Array<Run> = []
  const target = total / bins
  let from = 0
  let p = 0
  let n = 0
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as Cell
    p += c.positives
    n += c.negatives
    if (p + n >= target && i + 1 < cells.length) {
      runs.push({ from, to: i + 1, positives: p, negatives: n })
      from = i + 1
      p = 0
      n = 0
    }
  }
  runs.push({ from, to: cells.length, positives: p, negatives: n })
  return runs
}

/**
 * Whether a run below the minimum cases differs from its more alike neighbour so clearly that it
 * stands as a bin of its own: the two-proportion test's p-value (`alikeness`) is below `level`,
 * and the test is valid — the small run's expected positives and negatives under the pair's pooled
 * rate are both at least 5 (the usual rule for a χ² test). This is how a rare but strong bin (0.5%
 * of the cases at five times the response rate) survives the minimum-cases rule, while small runs
 * that only differ by chance, or hold too few cases to tell, are merged as before.
 *
 * @category operations
 * @since 0.1.0
 */
export const standsOut = (small: Cell, neighbour: Cell, level: number): boolean => {
  const n = cases(small)
  const total = n + cases(neighbour)
  if (!(n > 0) || !(total > 0)) return false
  const pooled = (small.positives + neighbour.positives) / total
  return n * pooled >= 5 && n * (1 - pooled) >= 5 && alikeness(small, neighbour) < level
}

/**
 * Merges adjacent runs: first every run with fewer than `minimumCases` cases into its more alike
 * neighbour (the smallest first) — unless `keepLevel` is given and the run `standsOut` from that
 * neighbour at that level — then greedily the most alike adjacent pair while its alikeness is at
 * least `granularity`.
 *
 * @category operations
 * @since 0.1.0
 */
export const mergeAlike = (
  runs: ReadonlyArray<Run>,
  granularity: number,
  minimumCases: number,
  keepLevel?: number
): ReadonlyArray<Run> => {
  const rs = runs.slice()
  // each run below the minimum is a test: Bonferroni over the runs
  const level = keepLevel === undefined ? undefined : keepLevel / Math.max(1, runs.length)
  // minimum cases: the smallest run first (runs that stand out are left alone)
  for (;;) {
    if (rs.length <= 1) break
    let smallest = -1
    let at = -1
    for (let i = 0; i < rs.length; i++) {
      const c = cases(rs[i] as Run)
      if (!(c < minimumCases) || (smallest !== -1 && c >= cases(rs[smallest] as Run))) continue
      const left = i > 0 ? alikeness(rs[i - 1] as Run, rs[i] as Run) : -1
      const right = i < rs.length - 1 ? alikeness(rs[i] as Run, rs[i + 1] as Run) : -1
      const into = right > left ? i : i - 1
      if (level !== undefined && standsOut(rs[i] as Run, rs[into === i ? i + 1 : i - 1] as Run, level)) continue
      smallest = i
      at = into
    }
    if (smallest === -1) break
    rs.splice(at, 2, join(rs[at] as Run, rs[at + 1] as Run))
  }
  // behaviour: the most alike pair first
  const score: Array<number> = []
  for (let i = 0; i + 1 < rs.length; i++) score.push(alikeness(rs[i] as Run, rs[i + 1] as Run))
  for (;;) {
    let best = -1
    for (let i = 0; i < score.length; i++) if (best === -1 || (score[i] as number) > (score[best] as number)) best = i
    if (best === -1 || (score[best] as number) < granularity) break
    rs.splice(best, 2, join(rs[best] as Run, rs[best + 1] as Run))
    score.splice(best, 1)
    if (best > 0) score[best - 1] = alikeness(rs[best - 1] as Run, rs[best] as Run)
    if (best < rs.length - 1) score[best] = alikeness(rs[best] as Run, rs[best + 1] as Run)
  }
  return rs
}

/**
 * Pool-adjacent-violators: merges adjacent cells until their rates `positives / cases` are
 * non-decreasing (isotonic regression weighted by cases). Empty cells join their left neighbour.
 *
 * @category operations
 * @since 0.1.0
 */
export const pava = (cells: ReadonlyArray<Cell>): ReadonlyArray<Run> => {
  const stack: Array<Run> = []
  const rate = (r: Run): number => r.positives / (r.positives + r.negatives)
  for (let i = 0; i < cells.length; i++) {
    let current = run(cells, i, i + 1)
    if (cases(current) === 0 && stack.length > 0) {
      stack.push(join(stack.pop() as Run, current))
      continue
    }
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Run
      if (cases(top) === 0 || rate(top) >= rate(current)) {
        stack.pop()
        current = join(top, current)
      } else break
    }
    stack.push(current)
  }
  return stack
}
