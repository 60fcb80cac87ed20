/**
 * `npm run example:learners [-- --data DIR]`: trains an adaptive naive Bayes model on the UCI Bank
 * Marketing data (first 80% of the rows, without `duration`, which leaks the outcome), prints the
 * model report, and measures it on the last 20%: AUC, Brier score, calibration.
 *
 * The data is read from ../shared/data (or --data DIR); it is never copied into the repository.
 */
import { existsSync, readFileSync } from "node:fs"
import { Calibration, Diagnostics, NaiveBayes, Random, type Features } from "nextbest"

const dataArg = process.argv.indexOf("--data")
const dataDir = dataArg >= 0 ? (process.argv[dataArg + 1] as string) : new URL("../../shared/data", import.meta.url).pathname
const file = `${dataDir}/bank/bank-full.csv`
if (!existsSync(file)) {
  console.error(`${file} not found: pass --data DIR (the folder holding bank/bank-full.csv)`)
  process.exit(1)
}

// a `;`-separated CSV with quoted strings; "unknown" means missing
const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0)
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
  return { features: features as Features, positive }
})

const numeric = ["age", "balance", "day", "campaign", "pdays", "previous"]
const symbolic = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]
const nb = NaiveBayes.naiveBayes({
  predictors: [...numeric.map((n) => NaiveBayes.numeric(`subject.${n}`)), ...symbolic.map((n) => NaiveBayes.symbolic(`subject.${n}`))],
  exploration: "none"
})

const cut = Math.floor(rows.length * 0.8)
const state = nb.learnAll(
  nb.empty,
  rows.slice(0, cut).map((r) => ({ ...r, at: 0 }))
)

console.log(Diagnostics.renderModelReport(Diagnostics.modelReport(nb.inspect(state))))

const test = rows.slice(cut)
const rng = Random.fromSeed("example")
const propensities = test.map((r) => nb.score(state, r.features, rng)[0].propensity)
const outcomes = test.map((r) => r.positive)
console.log(`\ntest rows ${test.length}: AUC ${Diagnostics.aucFromScores(propensities, outcomes).toFixed(4)} (reference naive Bayes 0.727)`)
console.log(`Brier ${Calibration.brier(propensities, outcomes).toFixed(4)}, ECE ${Calibration.expectedCalibrationError(propensities, outcomes).toFixed(4)}`)
for (const b of Calibration.reliability(propensities, outcomes, 10)) {
  if (b.count > 0) console.log(`  predicted ${b.predicted.toFixed(3)}  observed ${b.observed.toFixed(3)}  [${b.wilson[0].toFixed(3)}, ${b.wilson[1].toFixed(3)}]  n=${b.count}`)
}

const e = nb.explain(state, test[0]?.features ?? {})
console.log(`\nwhy the first test customer scores ${e.propensity.toFixed(4)}:`)
for (const c of [...e.contributions].filter((c) => c.active).sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds)).slice(0, 5)) {
  console.log(`  ${c.predictor} = ${String(c.value)} → bin ${c.bin}, log-odds ${c.logOdds.toFixed(3)}`)
}
