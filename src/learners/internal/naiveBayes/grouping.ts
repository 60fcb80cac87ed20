/**
 * Internal: predictor grouping — which predictors carry the same evidence, measured on a sample of
 * responses (re-exported by `NaiveBayes` as `correlationGroups`).
 *
 * @internal
 * @since 0.1.0
 */
import type { Features } from "../../Learner.js"
import { numberOf } from "./config.js"
import type { NaiveBayes, State } from "./model.js"

/** Pearson's correlation of two columns over the rows where both are numbers (0 when either is constant there) */
const correlation = (a: Float64Array, b: Float64Array): number => {
  let n = 0
  let ma = 0
  let mb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (Number.isNaN(x) || Number.isNaN(y)) continue
    ma += x
    mb += y
    n++
  }
  if (n < 2) return 0
  ma /= n
  mb /= n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i] as number) || Number.isNaN(b[i] as number)) continue
    const x = (a[i] as number) - ma
    const y = (b[i] as number) - mb
    sab += x * y
    saa += x * x
    sbb += y * y
  }
  // a column constant up to rounding carries no evidence to share
  if (!(saa > 1e-12 * n) || !(sbb > 1e-12 * n)) return 0
  return sab / Math.sqrt(saa * sbb)
}

/** the ranks of a numeric predictor's values (ties share their mean rank; NaN where the value is missing) */
const ranksOf = (values: ReadonlyArray<number | null>): Float64Array => {
  const out = new Float64Array(values.length).fill(NaN)
  const order = values.map((_, i) => i).filter((i) => values[i] !== null)
  order.sort((i, j) => (values[i] as number) - (values[j] as number))
  for (let k = 0; k < order.length;) {
    let end = k
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[k] as number]) end++
    const rank = (k + end) / 2
    for (let m = k; m <= end; m++) out[order[m] as number] = rank
    k = end + 1
  }
  return out
}

/**
 * Groups of correlated predictors, Pega ADM's way: each predictor's evidence for a subject is the
 * log-odds of its bin in `state`; over the `sample` (subjects' features, e.g. recent decision
 * records), predictors whose evidence correlates at `|r| ≥ threshold` (default 0.8) with a group's
 * leader join that group — for two numeric predictors, their values' rank correlation (Spearman's,
 * over the subjects that have both) counts too, so monotone copies of a weak predictor, whose
 * noisy bins fell differently, are still one group. Predictors are taken by AUC, highest first,
 * so each group's leader is its best member. Only predictors with binned counts of at least two
 * bins take part; groups of one are left out. Put the result in the configuration (`groups`): of
 * each group only the best member then scores, and naive Bayes no longer counts the same evidence
 * once per copy.
 *
 * The state holds per-predictor counts only, which say nothing about how predictors move together,
 * so grouping needs a sample of subjects; the groups go in the configuration and the state is
 * unchanged (its snapshots and merges are those of any state). Re-run it when the bins have moved
 * (at a model review, or on a schedule).
 *
 * @example
 * import { NaiveBayes } from "nextbest"
 * import * as assert from "node:assert"
 *
 * // income is recorded three times (in euros, in thousands, and as its negative); age once
 * const predictors = ["income", "incomeK", "minusIncome", "age"].map((n) => NaiveBayes.numeric(n))
 * const nb = NaiveBayes.naiveBayes({ predictors, exploration: "none" })
 * const rows = Array.from({ length: 2000 }, (_, i) => {
 *   const income = 1000 + ((i * 7919) % 997) * 50
 *   const age = 18 + ((i * 104729) % 61)
 *   return {
 *     features: { income, incomeK: income / 1000, minusIncome: -income, age },
 *     positive: (i * 31) % 100 < (income > 30000 ? 20 : 5) + (age > 50 ? 10 : 0),
 *     at: 0
 *   }
 * })
 * const state = NaiveBayes.fit(nb, rows)
 * const groups = NaiveBayes.correlationGroups(nb, state, rows.map((r) => r.features))
 * assert.strictEqual(groups.length, 1)
 * assert.deepStrictEqual([...(groups[0] ?? [])].sort(), ["income", "incomeK", "minusIncome"])
 * // the same counts, scored with one member of the group: income counts once
 * const grouped = NaiveBayes.naiveBayes({ predictors, exploration: "none", groups })
 * assert.strictEqual(grouped.inspect(state).predictors.filter((p) => p.active).length, 2)
 *
 * @category operations
 * @since 0.1.0
 */
export const correlationGroups = (
  learner: NaiveBayes,
  state: State,
  sample: ReadonlyArray<Features>,
  threshold = 0.8
): ReadonlyArray<ReadonlyArray<string>> => {
  if (!(threshold >= 0 && threshold <= 1))
    throw new TypeError("NaiveBayes.correlationGroups: threshold must lie in [0, 1]")
  const view = learner.inspect(state)
  const candidates = view.predictors
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.binned && p.bins.length >= 2)
    .sort((a, b) => b.p.auc - a.p.auc || a.i - b.i)
  if (candidates.length < 2 || sample.length < 2) return []
  const columns = candidates.map(() => new Float64Array(sample.length))
  sample.forEach((features, row) => {
    const contributions = learner.explain(state, features).contributions
    candidates.forEach(({ i }, c) => {
      ;(columns[c] as Float64Array)[row] = contributions[i]?.logOdds ?? 0
    })
  })
  // numeric predictors: also the ranks of their values, so that monotone copies are one group however their bins fell
  const ranks = candidates.map(({ p }) =>
    p.type === "numeric" ? ranksOf(sample.map((features) => numberOf(features[p.name]))) : null
  )
  const alike = (c: number, d: number): number => {
    const evidence = Math.abs(correlation(columns[c] as Float64Array, columns[d] as Float64Array))
    const rc = ranks[c]
    const rd = ranks[d]
    return rc === null || rc === undefined || rd === null || rd === undefined
      ? evidence
      : Math.max(evidence, Math.abs(correlation(rc, rd)))
  }
  const groups: Array<{ readonly leader: number; readonly members: Array<string> }> = []
  candidates.forEach(({ p }, c) => {
    const joined = groups.find((g) => alike(g.leader, c) >= threshold)
    if (joined !== undefined) joined.members.push(p.name)
    else groups.push({ leader: c, members: [p.name] })
  })
  return groups.filter((g) => g.members.length > 1).map((g) => g.members)
}
