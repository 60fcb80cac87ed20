/**
 * The hashed logistic regression on UCI Bank Marketing (../shared/data/bank, or NEXTBEST_DATA),
 * time split (first 80% of the rows train, in order; last 20% test), without `duration`: AUC
 * beside the data README's reference naive Bayes (0.727, recomputed here) and the bench's
 * reference batch L2 logistic regression (0.681, `npm run bench -- --json learning`). Skipped with
 * a message when the data folder is absent. The longer figures (standardized numerics, Brier, ECE)
 * are in the bench: `learning.contextual.logisticRegression.bank`.
 */
import { describe, expect, it } from "vitest"
import { aucFromScores } from "../../src/evaluation/Diagnostics.js"
import { fromSeed } from "../../src/kernel/Random.js"
import type { Features } from "../../src/learners/Learner.js"
import * as LR from "../../src/learners/LogisticRegression.js"
import { available, file, NUMERIC, read, SYMBOLIC, type Row } from "./bankRows.js"

describe.skipIf(!available)(
  `LogisticRegression on the bank data (skipped: ${file} not found — the shared data folder is not beside this clone; set NEXTBEST_DATA)`,
  () => {
    if (!available) return it.skip("needs the bank data", () => undefined)
    const rows = read()
    const cut = Math.floor(rows.length * 0.8)
    const train = rows.slice(0, cut)
    const test = rows.slice(cut)
    // the references' categories: symbols (MISSING when unknown), numerics in 10 training-quantile bins
    const cuts = new Map(
      NUMERIC.map((c) => {
        const v = train.map((r) => r.values[c] as number).sort((a, b) => a - b)
        const q = Array.from({ length: 9 }, (_, i) => v[Math.floor(((i + 1) * v.length) / 10)] as number)
        return [c, q.filter((x, i) => i === 0 || x !== q[i - 1])] as const
      })
    )
    const categories = (r: Row): Record<string, string> => {
      const out: Record<string, string> = {}
      for (const c of SYMBOLIC) out[c] = (r.values[c] as string | null) ?? "MISSING"
      for (const c of NUMERIC) {
        const cs = cuts.get(c) as ReadonlyArray<number>
        let bin = 0
        while (bin < cs.length && (r.values[c] as number) >= (cs[bin] as number)) bin++
        out[c] = `#${bin}`
      }
      return out
    }
    const outcomes = test.map((r) => r.positive)
    const lrAuc = (config: LR.Config): number => {
      const lr = LR.logisticRegression({ ...config, exploration: "none" })
      const state = lr.learnAll(
        lr.empty,
        train.map((r, i) => ({ features: categories(r) as Features, positive: r.positive, at: i }))
      )
      const rng = fromSeed(0)
      return aucFromScores(
        test.map((r) => lr.score(state, categories(r), rng)[0].propensity),
        outcomes
      )
    }

    it("ranks the test months at AUC 0.717 with the defaults, above the batch reference's 0.681", () => {
      const auc = lrAuc({})
      expect(auc).toBeCloseTo(0.717, 3)
      expect(auc).toBeGreaterThan(0.681)
    })

    it("beside the README's reference naive Bayes (0.727), recomputed on the same categories", () => {
      const counts = new Map<string, [number, number]>()
      let P = 0
      let N = 0
      for (const r of train) {
        if (r.positive) P++
        else N++
        for (const [c, v] of Object.entries(categories(r))) {
          const key = `${c}=${v}`
          const n = counts.get(key) ?? [0, 0]
          n[r.positive ? 0 : 1]++
          counts.set(key, n)
        }
      }
      const levels = new Map<string, number>()
      for (const key of counts.keys()) {
        const c = key.slice(0, key.indexOf("="))
        levels.set(c, (levels.get(c) ?? 0) + 1)
      }
      const nb = test.map((r) => {
        let logit = Math.log(P / N)
        for (const [c, v] of Object.entries(categories(r))) {
          const k = levels.get(c) as number
          const n = counts.get(`${c}=${v}`) ?? [0, 0]
          logit += Math.log((n[0] + 1) / (P + k)) - Math.log((n[1] + 1) / (N + k))
        }
        return logit
      })
      expect(aucFromScores(nb, outcomes)).toBeCloseTo(0.727, 3)
    })

    it("follows the later months with forgetting: AUC 0.745 at a half-life of 2,000 rows", () => {
      expect(lrAuc({ halfLife: { ms: 2000 } })).toBeCloseTo(0.745, 3)
    })
  }
)
