/**
 * Internal: importing a Pega ADM model — the rows of a predictor-binning snapshot decoded into a
 * naive Bayes configuration, learner and state (re-exported by `NaiveBayes` as `fromAdmSnapshot`).
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure, fromValidationErrors, type DecodeError } from "../../../kernel/DecodeError.js"
import {
  count as countCodec,
  finiteNumber as finiteCodec,
  isRecord,
  pushErrors
} from "../../../kernel/internal/codec.js"
import { push } from "./codec.js"
import { naiveBayes } from "./learner.js"
import {
  ZERO,
  type ClassifierCounts,
  type Config,
  type Counts,
  type NaiveBayes,
  type Predictor,
  type PredictorCounts,
  type State
} from "./model.js"

// -------------------------------------------------------------------------------------
// Pega ADM snapshots
// -------------------------------------------------------------------------------------

/**
 * A Pega ADM model brought along: its configuration (the platform's bins, configured), a learner
 * for it, and its state (the bins' counts and the platform's classifier).
 *
 * @category model
 * @since 0.1.0
 */
export interface AdmModel {
  readonly config: Config
  readonly learner: NaiveBayes
  readonly state: State
}

const admRow = t.type({
  PredictorName: t.string,
  Type: t.keyof({ numeric: null, symbolic: null }),
  BinType: t.keyof({ EQUIBEHAVIOR: null, MISSING: null, RESIDUAL: null }),
  BinSymbol: t.string,
  EntryType: t.keyof({ Active: null, Inactive: null, Classifier: null }),
  BinIndex: countCodec,
  BinPositives: countCodec,
  BinNegatives: countCodec
})

interface AdmRow extends t.TypeOf<typeof admRow> {
  readonly at: number
  readonly raw: Record<string, unknown>
}

/**
 * Decodes the rows of a Pega ADM predictor-binning snapshot (`pyADMPredictorSnapshots`: one row
 * per bin with `PredictorName`, `Type`, `BinType`, `BinSymbol`, `BinLowerBound`, `BinUpperBound`,
 * `EntryType`, `BinIndex`, `BinPositives`, `BinNegatives`; the classifier's rows have `EntryType`
 * `Classifier`) into a naive Bayes model, reporting every problem with its path. Accepts the rows
 * as an array or as `{ bins: rows }`. Only the active predictors are kept — the platform scores
 * with those alone; numeric bins become cut points (the upper bounds of all but the last
 * interval), symbolic bins symbol groups (`BinSymbol` split at `", "`), with MISSING and RESIDUAL
 * bins where the snapshot has them; the classifier rows become the imported classifier, and the
 * model's totals are its counts. `options` are the rest of the configuration; its
 * `predictorSelection` is `"auc"` (Pega's rule, as the platform scored the model) unless they say
 * otherwise.
 *
 * The one reader that does not report unknown keys, by design: a row carries whatever else the
 * platform exported (`Performance`, `Lift`, `ZRatio`, `FeatureImportance`, model ids, …), and
 * those columns are ignored, as is any key of `{ bins }` besides `bins`.
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const row = (
 *   PredictorName: string,
 *   EntryType: string,
 *   BinIndex: number,
 *   BinSymbol: string,
 *   BinLowerBound: number,
 *   BinUpperBound: number,
 *   BinPositives: number,
 *   BinNegatives: number,
 *   BinType = "EQUIBEHAVIOR"
 * ) => ({
 *   PredictorName,
 *   Type: "numeric",
 *   BinType,
 *   BinSymbol,
 *   BinLowerBound,
 *   BinUpperBound,
 *   EntryType,
 *   BinIndex,
 *   BinPositives,
 *   BinNegatives
 * })
 * const model = NaiveBayes.fromAdmSnapshot(
 *   [
 *     row("Customer.Age", "Active", 1, "<40", 18, 40, 5, 95),
 *     row("Customer.Age", "Active", 2, ">=40", 40, 90, 20, 80),
 *     row("Classifier", "Classifier", 1, "<-1", -3, -1, 5, 95),
 *     row("Classifier", "Classifier", 2, ">=-1", -1, 3, 20, 80)
 *   ],
 *   { exploration: "none" }
 * )
 * assert.ok(model._tag === "Right")
 * if (model._tag === "Right") {
 *   const { learner, state } = model.right
 *   // score (ln 26 − ln 176 + 0.544) / 2 = −0.68: the classifier's second bin
 *   assert.strictEqual(learner.score(state, { "Customer.Age": 55 }, Random.fromSeed(1))[0].propensity, 20.5 / 101)
 * }
 *
 * @category codecs
 * @since 0.1.0
 */
export const fromAdmSnapshot = (
  snapshot: unknown,
  options: Omit<Config, "predictors"> = {}
): E.Either<DecodeError, AdmModel> => {
  const errors: t.Errors = []
  const root: t.Context = [{ key: "", type: t.unknown, actual: snapshot }]
  let rawRows: ReadonlyArray<unknown> = []
  let rowsContext = root
  if (Array.isArray(snapshot)) rawRows = snapshot
  else if (isRecord(snapshot) && Array.isArray(snapshot["bins"])) {
    rawRows = snapshot["bins"]
    rowsContext = t.appendContext(root, "bins", t.unknown, snapshot["bins"])
  } else {
    const r = failure<never>(snapshot, root, "invalid_type", "expected an array of ADM binning rows, or { bins: rows }")
    return E.left(fromValidationErrors(E.isLeft(r) ? r.left : []))
  }
  const rows: Array<AdmRow> = []
  rawRows.forEach((u, i) => {
    const r = admRow.validate(u, t.appendContext(rowsContext, String(i), admRow, u))
    if (E.isLeft(r)) pushErrors(errors, r.left)
    else rows.push({ ...r.right, at: i, raw: u as Record<string, unknown> })
  })
  const at = (row: AdmRow, key?: string): t.Context => {
    const c = t.appendContext(rowsContext, String(row.at), t.unknown, row.raw)
    return key === undefined ? c : t.appendContext(c, key, t.unknown, row.raw[key])
  }
  const byPredictor = new Map<string, Array<AdmRow>>()
  const classifierRows: Array<AdmRow> = []
  for (const row of rows) {
    if (row.EntryType === "Classifier") classifierRows.push(row)
    else if (row.EntryType === "Active") {
      if (row.PredictorName.length === 0)
        push(errors, failure(row.PredictorName, at(row, "PredictorName"), "invalid_value", "a predictor needs a name"))
      const list = byPredictor.get(row.PredictorName) ?? []
      list.push(row)
      byPredictor.set(row.PredictorName, list)
    }
  }
  const bound = (row: AdmRow, key: "BinLowerBound" | "BinUpperBound"): number => {
    const r = finiteCodec.validate(row.raw[key], at(row, key))
    if (E.isLeft(r)) {
      pushErrors(errors, r.left)
      return NaN
    }
    return r.right
  }
  const predictors: Array<Predictor> = []
  const counts = new Map<string, PredictorCounts>()
  for (const [name, list] of byPredictor) {
    list.sort((a, b) => a.BinIndex - b.BinIndex)
    const type = (list[0] as AdmRow).Type
    const intervals = list.filter((b) => b.BinType === "EQUIBEHAVIOR")
    const missing = list.find((b) => b.BinType === "MISSING")
    const residual = list.find((b) => b.BinType === "RESIDUAL")
    for (const row of list)
      if (row.Type !== type)
        push(
          errors,
          failure(row.Type, at(row, "Type"), "invalid_value", `predictor "${name}" is ${type} in its first row`)
        )
    if (type === "numeric") {
      const cuts = intervals.slice(0, -1).map((b) => bound(b, "BinUpperBound"))
      for (let i = 1; i < cuts.length; i++) {
        if ((cuts[i] as number) <= (cuts[i - 1] as number))
          push(
            errors,
            failure(
              cuts[i],
              at(intervals[i] as AdmRow, "BinUpperBound"),
              "invalid_value",
              "interval bounds must increase with BinIndex"
            )
          )
      }
      predictors.push({ name, type, bins: cuts, missingBin: missing !== undefined })
    } else {
      const seen = new Set<string>()
      const groups = intervals.map((b) => {
        const symbols = b.BinSymbol.split(", ")
        for (const symbol of symbols) {
          if (seen.has(symbol))
            push(errors, failure(b.BinSymbol, at(b, "BinSymbol"), "duplicate_id", `symbol "${symbol}" is in two bins`))
          seen.add(symbol)
        }
        return symbols
      })
      predictors.push({
        name,
        type,
        bins: groups,
        missingBin: missing !== undefined,
        residualBin: residual !== undefined
      })
    }
    const countsOfRow = (row: AdmRow | undefined): Counts =>
      row === undefined || row.BinPositives + row.BinNegatives === 0
        ? ZERO
        : { positives: row.BinPositives, negatives: row.BinNegatives }
    const bins = new Map<string, Counts>()
    intervals.forEach((b, i) => {
      const c = countsOfRow(b)
      if (c !== ZERO) bins.set(String(i), c)
    })
    counts.set(name, { missing: countsOfRow(missing), residual: countsOfRow(residual), bins })
  }
  classifierRows.sort((a, b) => a.BinIndex - b.BinIndex)
  const bounds = classifierRows.slice(1).map((b) => bound(b, "BinLowerBound"))
  for (let i = 1; i < bounds.length; i++) {
    if ((bounds[i] as number) <= (bounds[i - 1] as number))
      push(
        errors,
        failure(
          bounds[i],
          at(classifierRows[i + 1] as AdmRow, "BinLowerBound"),
          "invalid_value",
          "classifier bounds must increase with BinIndex"
        )
      )
  }
  if (errors.length > 0) return E.left(fromValidationErrors(errors))
  let positives = 0
  let negatives = 0
  for (const c of classifierRows) {
    positives += c.BinPositives
    negatives += c.BinNegatives
  }
  // scored the platform's way unless the options say otherwise: Pega's AUC rule of predictor selection
  const config: Config = { predictorSelection: "auc", ...options, predictors }
  const learner = naiveBayes(config)
  const classifier: ClassifierCounts | null =
    classifierRows.length === 0
      ? null
      : {
          bounds,
          positives: classifierRows.map((c) => c.BinPositives),
          negatives: classifierRows.map((c) => c.BinNegatives)
        }
  return E.right({
    config,
    learner,
    state: { positives, negatives, predictors: counts, scores: new Map(), classifier }
  })
}
