import { describe, expect, it } from "vitest"
import { aucFromScores, holdoutReport } from "../../src/evaluation/Diagnostics.js"
import { fromSeed } from "../../src/kernel/Random.js"
import * as LinearBandit from "../../src/learners/LinearBandit.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"

describe("Diagnostics.holdoutReport", () => {
  const learner = LinearBandit.linearThompson({ features: [LinearBandit.numeric("subject.x")] })
  const responses = Array.from({ length: 300 }, (_, i) => ({
    features: { "subject.x": i % 10 },
    positive: i % 10 >= 7 ? i % 3 !== 0 : i % 10 === 0 && i % 20 === 0,
    at: 0
  }))
  const state = learner.learnAll(learner.empty, responses.slice(0, 200))
  const held = responses.slice(200)
  it("scores the model propensity (not the draw) and reports the AUC and Brier score of it", () => {
    const report = holdoutReport(learner, state, held)
    const p = held.map((o) => learner.score(state, o.features, fromSeed(99))[0].propensity)
    const y = held.map((o) => o.positive)
    expect(report.responses).toBe(100)
    expect(report.positives).toBe(y.filter((x) => x).length)
    expect(report.auc).toBe(aucFromScores(p, y))
    expect(report.brier).toBeCloseTo(p.reduce((s, q, i) => s + (q - (y[i] ? 1 : 0)) ** 2, 0) / p.length, 12)
    expect(report.reliability.reduce((s, b) => s + b.count, 0)).toBe(100)
    expect(report.auc).toBeGreaterThan(0.7)
  })
  it("a learner without features ranks nobody: AUC 0.5", () => {
    const ts = ThompsonSampling.thompsonSampling()
    const s = ts.learnAll(ts.empty, responses)
    expect(holdoutReport(ts, s, held, { propensity: 0.1, evidence: 10 }).auc).toBe(0.5)
  })
})
