/**
 * Reads Pega's ADM snapshot fixture (../shared/data/adm/AutoNew84Months_Web.json) into a naive
 * Bayes configuration and a state snapshot, plus the "middle bin" customer (the bin numbered
 * ⌊n/2⌋ from 1, in the platform's bin order, of every active predictor).
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { FeatureValue } from "../../src/learners/Learner.js"
import type { Config as NaiveBayesConfig, Predictor } from "../../src/learners/NaiveBayes.js"

/** the shared data folder's adm/: NEXTBEST_DATA (as the bench reads it, e.g. from a git worktree), or ../shared/data */
export const admDir =
  process.env["NEXTBEST_DATA"] !== undefined
    ? `${process.env["NEXTBEST_DATA"]}/adm`
    : fileURLToPath(new URL("../../../shared/data/adm", import.meta.url))
export const admFile = `${admDir}/AutoNew84Months_Web.json`
export const admAvailable = existsSync(admFile)

interface Row {
  readonly PredictorName: string
  readonly Type: "numeric" | "symbolic"
  readonly BinType: "EQUIBEHAVIOR" | "MISSING" | "RESIDUAL"
  readonly BinSymbol: string
  readonly BinLowerBound: number
  readonly BinUpperBound: number
  readonly EntryType: "Active" | "Inactive" | "Classifier"
  readonly BinIndex: number
  readonly BinPositives: number
  readonly BinNegatives: number
  readonly Performance: number
}

export interface AdmFixture {
  readonly config: NaiveBayesConfig
  readonly snapshot: unknown
  readonly middleCustomer: Readonly<Record<string, FeatureValue>>
  readonly rows: ReadonlyArray<Row>
}

export const loadAdm = (): AdmFixture => {
  const rows = (JSON.parse(readFileSync(admFile, "utf8")) as { bins: ReadonlyArray<Row> }).bins
  const groups = new Map<string, Array<Row>>()
  for (const r of rows) {
    if (r.EntryType !== "Active") continue
    const list = groups.get(r.PredictorName) ?? []
    list.push(r)
    groups.set(r.PredictorName, list)
  }
  const predictors: Array<Predictor> = []
  const counts: Record<string, unknown> = {}
  const middleCustomer: Record<string, FeatureValue> = {}
  let positives = 0
  let negatives = 0
  for (const [name, bins] of groups) {
    bins.sort((a, b) => a.BinIndex - b.BinIndex)
    const eq = bins.filter((b) => b.BinType === "EQUIBEHAVIOR")
    const missing = bins.find((b) => b.BinType === "MISSING")
    const residual = bins.find((b) => b.BinType === "RESIDUAL")
    const type = (bins[0] as Row).Type
    predictors.push(
      type === "numeric"
        ? { name, type, bins: eq.slice(0, -1).map((b) => b.BinUpperBound), missingBin: missing !== undefined }
        : {
            name,
            type,
            bins: eq.map((b) => b.BinSymbol.split(", ")),
            missingBin: missing !== undefined,
            residualBin: residual !== undefined
          }
    )
    counts[name] = {
      missing: missing === undefined ? [0, 0] : [missing.BinPositives, missing.BinNegatives],
      residual: residual === undefined ? [0, 0] : [residual.BinPositives, residual.BinNegatives],
      bins: eq.map((b, i) => [String(i), b.BinPositives, b.BinNegatives])
    }
    const middle = bins[Math.floor(bins.length / 2) - 1] as Row
    middleCustomer[name] =
      middle.BinType === "MISSING"
        ? null
        : type === "numeric"
          ? (middle.BinLowerBound + middle.BinUpperBound) / 2
          : (middle.BinSymbol.split(", ")[0] as string)
  }
  const classifier = rows.filter((r) => r.EntryType === "Classifier").sort((a, b) => a.BinIndex - b.BinIndex)
  for (const c of classifier) {
    positives += c.BinPositives
    negatives += c.BinNegatives
  }
  return {
    // Pega's settings: predictors active at AUC ≥ 0.52
    config: { predictors, exploration: "none", predictorSelection: "auc" },
    snapshot: {
      version: 1,
      positives,
      negatives,
      predictors: counts,
      scores: [],
      classifier: {
        bounds: classifier.slice(1).map((c) => c.BinLowerBound),
        positives: classifier.map((c) => c.BinPositives),
        negatives: classifier.map((c) => c.BinNegatives)
      }
    },
    middleCustomer,
    rows
  }
}
