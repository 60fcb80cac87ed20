/**
 * `npm run example:learners [-- --data DIR]`: trains an adaptive naive Bayes model on the UCI Bank
 * Marketing data (first 80% of the rows, without `duration`, which leaks the outcome), recalibrates
 * its classifier on the training rows, prints the model report, and measures it on the last 20%:
 * AUC, Brier score, calibration — beside the training base rate, because the later months answer
 * far more often than the earlier ones, which no static model can know.
 *
 * The data is read from ../shared/data (or --data DIR); it is never copied into the repository.
 */
import { existsSync, readFileSync } from "node:fs"
import { Calibration, Diagnostics, Learner, NaiveBayes, Random } from "nextbest"

const dataArg = process.argv.indexOf("--data")
const dataDir =
  dataArg >= 0 ? (process.argv[dataArg + 1] as string) : new URL("../../shared/data", import.meta.url).pathname
const file = `${dataDir}/bank/bank-full.csv`
if (!existsSync(file)) {
  console.error(`${file} not found: pass --data DIR (the folder holding bank/bank-full.csv)`)
  process.exit(1)
}

// a `;`-separated CSV with quoted strings; "unknown" means missing
const lines = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
const header = (lines[0] as string).split(";").map((h) => h.replace(/"/g, ""))
const rows = lines.slice(1).map((line) => {
  const features: Record<string, number | string | null> = {}
  let positive = false
  line.split(";").forEach((raw, i) => {
    const name = header[i] as string
    const quoted = raw.startsWith('"')
    const value = quoted ? raw.slice(1, -1) : raw
    if (name === "y") positive = value === "yes"
    else features[`subject.${name}`] = quoted ? (value === "unknown" ? null : value) : Number(value)
  })
  return { features: features as Learner.Features, positive }
})

const numeric = ["age", "balance", "day", "campaign", "pdays", "previous"]
const symbolic = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]
const nb = NaiveBayes.naiveBayes({
  predictors: [
    ...numeric.map((n) => NaiveBayes.numeric(`subject.${n}`)),
    ...symbolic.map((n) => NaiveBayes.symbolic(`subject.${n}`))
  ],
  exploration: "none"
})

const cut = Math.floor(rows.length * 0.8)
const training = rows.slice(0, cut).map((r) => ({ ...r, at: 0 }))
// offline training from a file: the responses carry no decision-time score, so after learning the
// counts the classifier is recounted from the training rows scored by the final bins
// (NaiveBayes.fit does both in one call). Online, decisions record `modelScore` and no
// recalibration is needed.
const state = NaiveBayes.recalibrate(nb, nb.learnAll(nb.empty, training), training)

console.log(Diagnostics.renderModelReport(Diagnostics.modelReport(nb.inspect(state))))

const test = rows.slice(cut)
const rng = Random.fromSeed("example")
const propensities = test.map((r) => nb.score(state, r.features, rng)[0].propensity)
const outcomes = test.map((r) => r.positive)
console.log(
  `\ntest rows ${test.length}: AUC ${Diagnostics.aucFromScores(propensities, outcomes).toFixed(4)} (reference naive Bayes 0.727)`
)
const baseRate = test.map(() => state.positives / (state.positives + state.negatives))
console.log(
  `Brier ${Calibration.brier(propensities, outcomes).toFixed(4)}, ECE ${Calibration.expectedCalibrationError(propensities, outcomes).toFixed(4)}`
)
console.log(
  `  (the training base rate for everyone: Brier ${Calibration.brier(baseRate, outcomes).toFixed(4)}, ECE ${Calibration.expectedCalibrationError(baseRate, outcomes).toFixed(4)};` +
    ` the response rate of the test months is ${((100 * outcomes.filter((y) => y).length) / outcomes.length).toFixed(1)}%, of the training months ${((100 * state.positives) / (state.positives + state.negatives)).toFixed(1)}%)`
)
for (const b of Calibration.reliability(propensities, outcomes, 10)) {
  if (b.count > 0)
    console.log(
      `  predicted ${b.predicted.toFixed(3)}  observed ${b.observed.toFixed(3)}  [${b.wilson[0].toFixed(3)}, ${b.wilson[1].toFixed(3)}]  n=${b.count}`
    )
}

const e = nb.explain(state, test[0]?.features ?? {})
console.log(`\nwhy the first test customer scores ${e.propensity.toFixed(4)}:`)
for (const c of [...e.contributions]
  .filter((c) => c.active)
  .sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds))
  .slice(0, 5)) {
  console.log(`  ${c.predictor} = ${String(c.value)} → bin ${c.bin}, log-odds ${c.logOdds.toFixed(3)}`)
}
