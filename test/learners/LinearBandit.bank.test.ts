/**
 * Linear Thompson sampling and LinUCB on UCI Bank Marketing (../shared/data/bank, or
 * NEXTBEST_DATA), time split (first 80% of the rows train, in order; last 20% test), without
 * `duration`: numerics centred and scaled on the training rows, symbols one indicator per level seen
 * in training (46 columns), library defaults, the test rows ranked by the posterior mean. The AUC is
 * pinned (0.686) beside naive Bayes (0.734), the hashed logistic regression (0.717) and the
 * reference batch L2 logistic regression (0.681). Skipped with a message when the data folder is
 * absent. Brier, ECE and the forgetting variant are in the bench:
 * `learning.contextual.linear.bank`.
 */
import { describe, expect, it } from "vitest"
import { aucFromScores } from "../../src/evaluation/Diagnostics.js"
import { fromSeed } from "../../src/kernel/Random.js"
import * as LinearBandit from "../../src/learners/LinearBandit.js"
import { available, file, NUMERIC, read, SYMBOLIC } from "./bankRows.js"

describe.skipIf(!available)(
  `LinearBandit on the bank data (skipped: ${file} not found — the shared data folder is not beside this clone; set NEXTBEST_DATA)`,
  () => {
    if (!available) return it.skip("needs the bank data", () => undefined)
    const rows = read()
    const cut = Math.floor(rows.length * 0.8)
    const train = rows.slice(0, cut)
    const test = rows.slice(cut)
    const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length
    const terms = [
      ...NUMERIC.map((c) => {
        const xs = train.map((r) => r.values[c] as number)
        const m = mean(xs)
        return LinearBandit.numeric(c, { center: m, scale: Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) })
      }),
      ...SYMBOLIC.map((c) => {
        const levels = new Set(train.map((r) => r.values[c]).filter((v): v is string => typeof v === "string"))
        return LinearBandit.symbolic(c, [...levels].sort())
      })
    ]
    const outcomes = test.map((r) => r.positive)
    const observations = train.map((r, i) => ({ features: r.values, positive: r.positive, at: i }))

    it("46 columns; AUC 0.686 on the time split, the same ranking for both learners", () => {
      const ts = LinearBandit.linearThompson({ features: terms })
      const ucb = LinearBandit.linUcb({ features: terms })
      expect(ts.columns.length).toBe(46)
      const state = ts.learnAll(ts.empty, observations)
      const rng = fromSeed(0)
      const propensities = test.map((r) => ts.score(state, r.values, rng)[0].propensity)
      expect(test.map((r) => ucb.score(state, r.values, rng)[0].propensity)).toStrictEqual(propensities)
      expect(aucFromScores(propensities, outcomes)).toBeCloseTo(0.686, 3)
    })
  }
)
