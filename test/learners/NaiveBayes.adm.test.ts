/**
 * Known answers from a real Pega ADM model (../shared/data/adm, Apache-2.0): the library's naive
 * Bayes, given the platform's bins and counts, reproduces the platform's figures.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { fromSeed } from "../../src/kernel/Random.js"
import * as Diagnostics from "../../src/evaluation/Diagnostics.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import { readFileSync } from "node:fs"
import { admAvailable, admDir, admFile, loadAdm } from "./admFixture.js"

describe.skipIf(!admAvailable)(
  `ADM fixture (skipped: ${admDir} not found — the shared data folder is not beside this clone)`,
  () => {
    // describe.skipIf still runs this body to collect its tests: without the data, collect a skipped placeholder only
    if (!admAvailable) return it.skip("needs the ADM fixture", () => undefined)
    const fixture = loadAdm()
    const nb = NaiveBayes.naiveBayes(fixture.config)
    const decoded = decodeWith(nb.codec)(fixture.snapshot)
    if (E.isLeft(decoded)) throw new Error(render(decoded.left))
    const state = decoded.right
    const view = nb.inspect(state)
    const report = Diagnostics.modelReport(view)

    it("has 206 positives, 1,430 negatives and 36 active predictors", () => {
      expect([state.positives, state.negatives]).toStrictEqual([206, 1430])
      expect(view.predictors.filter((p) => p.active)).toHaveLength(36)
    })

    it("reproduces Customer.NetWealth: log-odds, AUC 0.722077, bin-1 Z-ratio and lift, feature importance", () => {
      const nw = view.predictors.find((p) => p.name === "Customer.NetWealth")
      expect(nw?.bins.map((b) => b.logOdds.toFixed(4))).toStrictEqual([
        "-1.5397",
        "-0.0658",
        "-0.7480",
        "0.6796",
        "-0.5233",
        "0.7754",
        "0.1625",
        "1.0056"
      ])
      expect(nw?.auc.toFixed(6)).toBe("0.722077")
      const r = report.predictors.find((p) => p.name === "Customer.NetWealth")
      expect(r?.bins[0]?.zRatio.toFixed(6)).toBe("-11.186877")
      expect(r?.bins[0]?.lift.toFixed(6)).toBe("0.236795")
      expect(r?.featureImportance.toFixed(4)).toBe("0.8399")
    })

    it("matches the platform's Performance of every active predictor", () => {
      for (const p of view.predictors) {
        const row = fixture.rows.find((r) => r.EntryType === "Active" && r.PredictorName === p.name)
        expect(p.auc.toFixed(6), p.name).toBe(row?.Performance.toFixed(6))
      }
    })

    it("gives model AUC 0.774901 over the classifier's active range (0.7787 over all 15 bins)", () => {
      expect(report.activeRange).toStrictEqual([0, 13])
      expect(report.auc.toFixed(6)).toBe("0.774901")
      expect(report.aucAllBins.toFixed(4)).toBe("0.7787")
    })

    it("scores the middle-bin customer −0.1493, classifier bin [-0.175, -0.105>, propensity 0.0714", () => {
      const e = nb.explain(state, fixture.middleCustomer)
      expect(e.score.toFixed(4)).toBe("-0.1493")
      expect(e.activePredictors).toBe(36)
      const [score] = nb.score(state, fixture.middleCustomer, fromSeed(1))
      expect(score.propensity).toBe(28.5 / 399)
      expect(score.propensity.toFixed(4)).toBe("0.0714")
      expect(score.evidence).toBe(1636)
    })

    it("round-trips the imported snapshot", () => {
      expect(nb.codec.encode(state)).toStrictEqual(fixture.snapshot)
    })
  }
)

describe.skipIf(!admAvailable)(
  `NaiveBayes.fromAdmSnapshot on the ADM fixture (skipped: ${admDir} not found — the shared data folder is not beside this clone)`,
  () => {
    if (!admAvailable) return it.skip("needs the ADM fixture", () => undefined)
    const json: unknown = JSON.parse(readFileSync(admFile, "utf8"))
    const model = NaiveBayes.fromAdmSnapshot(json, { exploration: "none" })
    if (E.isLeft(model)) throw new Error(render(model.left))
    const { learner, state } = model.right
    const fixture = loadAdm()

    it("decodes the platform's active predictors, their counts and the classifier: the same state as the snapshot", () => {
      const decoded = decodeWith(learner.codec)(fixture.snapshot)
      if (E.isLeft(decoded)) throw new Error(render(decoded.left))
      expect(NaiveBayes.equals(state, decoded.right)).toBe(true)
      expect(learner.inspect(state).predictors.filter((p) => p.active)).toHaveLength(36)
    })

    it("gives the known answers: model AUC 0.774901, propensity 0.0714 for the middle-bin customer", () => {
      expect(Diagnostics.modelReport(learner.inspect(state)).auc.toFixed(6)).toBe("0.774901")
      const [score] = learner.score(state, fixture.middleCustomer, fromSeed(1))
      expect(score.propensity).toBe(28.5 / 399)
    })

    it("scores with Pega's rule of predictor selection unless told otherwise; the evidence rule keeps fewer", () => {
      expect(model.right.config.predictorSelection).toBe("auc")
      const evidence = NaiveBayes.fromAdmSnapshot(json, { exploration: "none", predictorSelection: "evidence" })
      if (E.isLeft(evidence)) throw new Error(render(evidence.left))
      const active = evidence.right.learner.inspect(evidence.right.state).predictors.filter((p) => p.active)
      // 206 positives: the bins of 15 of the platform's 36 active predictors show no association at 1%
      expect(active.length).toBe(21)
    })
  }
)
