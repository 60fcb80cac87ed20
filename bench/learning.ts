/**
 * `npm run bench -- --json learning`: the propensity learners.
 *
 * - bank: adaptive naive Bayes trained through the public API on UCI Bank Marketing
 *   (../shared/data/bank/bank-full.csv) with the library's default settings, bins learned from the
 *   training rows, classifier recalibrated on them; on the test rows, AUC, Brier score and expected
 *   calibration error of the model propensity, for a seeded random 80/20 split with all features,
 *   and for a time split (first 80% train) without `duration`. References, computed in the same
 *   run from the same rows: the README's categorical naive Bayes (Laplace 1, numerics in 10
 *   training-quantile bins; the README gives AUC 0.877 / 0.727) and an L2 logistic regression on
 *   the same categories (penalty 1, Newton's method). Beside them: both rules of predictor
 *   selection (evidence, Pega's AUC ≥ 0.52), the classifier as learned online (responses counted
 *   at the running model's score), the posterior the independence assumption implies
 *   (sigmoid((1 + k)·score)), and the training base rate predicted for everyone.
 * - thompson: 10 Bernoulli arms (best 0.10, nine at 0.08), horizon 100,000, 50 seeds; mean
 *   cumulative regret over the Lai–Robbins bound Σ Δ_i / KL(μ_i, μ*) · ln T.
 * - scoring: a naive Bayes model with 20 configured predictors (10 numeric of 10 bins, 10 symbolic
 *   of 8 groups) scored by the library and by a hand-written loop over Float64Array tables, in the
 *   same run, after checking that both give the same propensities.
 * - contextual: the linear bandits' scores and updates per second beside a hand-written dot product
 *   (bench/learning.contextual.ts), and the hashed logistic regression's at 20 and 1,000 features
 *   beside its own hand-written loop, with its bank and simulator figures.
 * - contextual.linear.bank: linear Thompson sampling and LinUCB on the bank time split without
 *   `duration` (bench/learning.linearBank.ts)
 *
 * Size: ~860 lines, one bench section whose parts share the bank rows, the harness and the
 * reference models; the contextual learners' own parts already live in learning.contextual.ts and
 * learning.linearBank.ts, and the bank references are the next to move out when it grows.
 */
import { existsSync, readFileSync } from "node:fs"
import {
  Calibration,
  Diagnostics,
  FeatureHashing,
  Learner,
  LogisticRegression,
  Models,
  NaiveBayes,
  Population,
  Random,
  Simulation,
  ThompsonSampling
} from "../src/index.js"
import { dataDir, opsPerSecond, round3 } from "./harness.js"
import { contextual as linearContextual } from "./learning.contextual.js"
import { linearBank } from "./learning.linearBank.js"

const log = (line: string): void => {
  process.stderr.write(`  learning: ${line}\n`)
}

// -------------------------------------------------------------------------------------
// the bank data
// -------------------------------------------------------------------------------------

const NUMERIC = ["age", "balance", "day", "duration", "campaign", "pdays", "previous"]
const SYMBOLIC = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]

/** reads the `;`-separated, quoted bank CSV: features by column name, `"unknown"` as missing */
export const readBank = (
  path: string
): ReadonlyArray<{ readonly features: Learner.Features; readonly positive: boolean }> => {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
  const header = (lines[0] as string).split(";").map((h) => h.replace(/"/g, ""))
  return lines.slice(1).map((line) => {
    const cells = line.split(";")
    const features: Record<string, number | string | null> = {}
    let positive = false
    header.forEach((name, i) => {
      const raw = cells[i] as string
      const quoted = raw.startsWith('"')
      const value = quoted ? raw.slice(1, -1) : raw
      if (name === "y") positive = value === "yes"
      else features[name] = quoted ? (value === "unknown" ? null : value) : Number(value)
    })
    return { features, positive }
  })
}

type BankRow = { readonly features: Learner.Features; readonly positive: boolean }

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)

/** AUC, Brier score and expected calibration error of propensities on the test rows */
const figures = (propensities: ReadonlyArray<number>, outcomes: ReadonlyArray<boolean>) => ({
  auc: Diagnostics.aucFromScores(propensities, outcomes),
  brier: Calibration.brier(propensities, outcomes),
  ece: Calibration.expectedCalibrationError(propensities, outcomes)
})

/**
 * One protocol, with the library's defaults (no setting chosen on any split): learn the training
 * rows (responses without a decision-time score are counted at the running model's score, the
 * Pega way), then recalibrate the classifier on the training rows scored by the final bins.
 */
const bankProtocol = (
  name: string,
  train: ReadonlyArray<BankRow>,
  test: ReadonlyArray<BankRow>,
  columns: ReadonlyArray<string>
) => {
  const nb = NaiveBayes.naiveBayes({
    predictors: columns.map((c) => (NUMERIC.includes(c) ? NaiveBayes.numeric(c) : NaiveBayes.symbolic(c))),
    exploration: "none"
  })
  const observations: Array<Learner.Observation> = train.map((r) => ({
    features: r.features,
    positive: r.positive,
    at: 0
  }))
  const started = performance.now()
  const prequential = nb.learnAll(nb.empty, observations)
  const learnMs = performance.now() - started
  const state = NaiveBayes.recalibrate(nb, prequential, observations)
  const rng = Random.fromSeed(0)
  const outcomes = test.map((r) => r.positive)
  const propensity = (s: NaiveBayes.State) => test.map((r) => nb.score(s, r.features, rng)[0].propensity)
  const calibrated = figures(propensity(state), outcomes)
  const online = figures(propensity(prequential), outcomes)
  // what the model's own independence assumption implies: sigmoid(ln(P/N) + Σ LO) = sigmoid((1 + k)·score)
  const independence = figures(
    test.map((r) => {
      const e = nb.explain(state, r.features)
      return 1 / (1 + Math.exp(-(1 + e.activePredictors) * e.score))
    }),
    outcomes
  )
  const baseRate = figures(
    test.map(() => state.positives / (state.positives + state.negatives)),
    outcomes
  )
  const rawScoreAuc = Diagnostics.aucFromScores(
    test.map((r) => nb.modelScore(state, r.features)),
    outcomes
  )
  const view = nb.inspect(state)
  // both rules of predictor selection, whichever is the default (docs/learners.md, "Predictor selection")
  const ruleAuc = (predictorSelection: "evidence" | "auc"): number => {
    const learner = NaiveBayes.naiveBayes({ ...nb.config, predictorSelection })
    const fitted = NaiveBayes.fit(learner, observations)
    return Diagnostics.aucFromScores(
      test.map((r) => learner.score(fitted, r.features, rng)[0].propensity),
      outcomes
    )
  }
  const evidenceRuleAuc = ruleAuc("evidence")
  const aucRuleAuc = ruleAuc("auc")
  log(`bank ${name}: evidence rule AUC ${evidenceRuleAuc.toFixed(4)}, Pega's AUC rule AUC ${aucRuleAuc.toFixed(4)}`)
  const referenceAuc = Diagnostics.aucFromScores(referenceNaiveBayes(train, test, columns), outcomes)
  const logistic = figures(referenceLogistic(train, test, columns), outcomes)
  log(
    `bank ${name}: reference naive Bayes AUC ${referenceAuc.toFixed(4)}; logistic regression AUC ${logistic.auc.toFixed(4)}, Brier ${logistic.brier.toFixed(4)}, ECE ${logistic.ece.toFixed(4)}`
  )
  log(
    `bank ${name}: AUC ${calibrated.auc.toFixed(4)} (raw score ${rawScoreAuc.toFixed(4)}), Brier ${calibrated.brier.toFixed(4)}, ECE ${calibrated.ece.toFixed(4)}; ` +
      `prequential classifier ECE ${online.ece.toFixed(4)}; independence posterior ECE ${independence.ece.toFixed(4)}; base rate ECE ${baseRate.ece.toFixed(4)}; ` +
      `learnAll ${(learnMs / 1000).toFixed(1)} s`
  )
  return {
    calibrated,
    online,
    independence,
    baseRate,
    rawScoreAuc,
    referenceAuc,
    logistic,
    evidenceRuleAuc,
    aucRuleAuc,
    activePredictors: view.predictors.filter((p) => p.active).length,
    classifierBins: view.classifier.length,
    testRate: mean(outcomes.map((y) => (y ? 1 : 0)))
  }
}

// -------------------------------------------------------------------------------------
// references computed in the same run: a plain naive Bayes and an L2 logistic regression
// -------------------------------------------------------------------------------------

/**
 * The rows as categories: a symbolic column's value (`MISSING` when absent), a numeric column's
 * training-quantile bin (10 bins: cut points at the 10th, 20th, … 90th percentile of the training
 * values, duplicates dropped). Both references read these.
 */
const categorize = (
  train: ReadonlyArray<BankRow>,
  columns: ReadonlyArray<string>
): ((row: BankRow) => ReadonlyArray<string>) => {
  const cuts = new Map<string, ReadonlyArray<number>>()
  for (const c of columns) {
    if (!NUMERIC.includes(c)) continue
    const values = train
      .map((r) => r.features[c])
      .filter((v): v is number => typeof v === "number")
      .sort((a, b) => a - b)
    const qs = Array.from({ length: 9 }, (_, i) => values[Math.floor(((i + 1) * values.length) / 10)] as number)
    cuts.set(
      c,
      qs.filter((q, i) => i === 0 || q !== qs[i - 1])
    )
  }
  return (row) =>
    columns.map((c) => {
      const v = row.features[c]
      const cs = cuts.get(c)
      if (v === null || v === undefined) return `${c}=MISSING`
      if (cs === undefined) return `${c}=${String(v)}`
      let bin = 0
      while (bin < cs.length && (v as number) >= (cs[bin] as number)) bin++
      return `${c}#${bin}`
    })
}

/** the README's reference: categorical naive Bayes, Laplace 1, numerics in 10 training-quantile bins */
const referenceNaiveBayes = (
  train: ReadonlyArray<BankRow>,
  test: ReadonlyArray<BankRow>,
  columns: ReadonlyArray<string>
): ReadonlyArray<number> => {
  const cat = categorize(train, columns)
  const counts = columns.map(() => new Map<string, [number, number]>())
  let P = 0
  let N = 0
  for (const r of train) {
    if (r.positive) P++
    else N++
    cat(r).forEach((v, j) => {
      const m = counts[j] as Map<string, [number, number]>
      const c = m.get(v) ?? [0, 0]
      c[r.positive ? 0 : 1]++
      m.set(v, c)
    })
  }
  return test.map((r) => {
    let logit = Math.log(P / N)
    cat(r).forEach((v, j) => {
      const m = counts[j] as Map<string, [number, number]>
      const k = m.size
      const c = m.get(v) ?? [0, 0]
      logit += Math.log((c[0] + 1) / (P + k)) - Math.log((c[1] + 1) / (N + k))
    })
    return logit
  })
}

/**
 * A reference discriminative model: L2-regularized logistic regression (penalty 1 on every weight
 * but the intercept) on the one-hot categories of `categorize`, fitted by Newton's method (a
 * Cholesky solve per step, 12 steps at most).
 */
const referenceLogistic = (
  train: ReadonlyArray<BankRow>,
  test: ReadonlyArray<BankRow>,
  columns: ReadonlyArray<string>
): ReadonlyArray<number> => {
  const cat = categorize(train, columns)
  const index = new Map<string, number>()
  const encode = (r: BankRow, grow: boolean): ReadonlyArray<number> => {
    const out: Array<number> = []
    for (const v of cat(r)) {
      let i = index.get(v)
      if (i === undefined && grow) {
        i = index.size + 1
        index.set(v, i)
      }
      if (i !== undefined) out.push(i)
    }
    return out
  }
  const xs = train.map((r) => encode(r, true))
  const ys = train.map((r) => (r.positive ? 1 : 0))
  const d = index.size + 1 // weight 0: the intercept
  const lambda = 1
  const w = new Float64Array(d)
  for (let step = 0; step < 12; step++) {
    const grad = new Float64Array(d)
    const hess = new Float64Array(d * d)
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as ReadonlyArray<number>
      let z = w[0] as number
      for (const j of x) z += w[j] as number
      const p = 1 / (1 + Math.exp(-z))
      const g = p - (ys[i] as number)
      const h = p * (1 - p)
      grad[0] = (grad[0] as number) + g
      hess[0] = (hess[0] as number) + h
      for (const j of x) {
        grad[j] = (grad[j] as number) + g
        hess[j * d] = (hess[j * d] as number) + h
        for (const k of x) hess[j * d + k] = (hess[j * d + k] as number) + h
      }
    }
    for (let j = 1; j < d; j++) {
      grad[j] = (grad[j] as number) + lambda * (w[j] as number)
      hess[j * d + j] = (hess[j * d + j] as number) + lambda
    }
    // Cholesky: hess = L Lᵀ, then solve L Lᵀ delta = grad
    const L = new Float64Array(d * d)
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = hess[i * d + j] as number
        for (let k = 0; k < j; k++) sum -= (L[i * d + k] as number) * (L[j * d + k] as number)
        L[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (L[j * d + j] as number)
      }
    }
    const y = new Float64Array(d)
    for (let i = 0; i < d; i++) {
      let sum = grad[i] as number
      for (let k = 0; k < i; k++) sum -= (L[i * d + k] as number) * (y[k] as number)
      y[i] = sum / (L[i * d + i] as number)
    }
    const delta = new Float64Array(d)
    let change = 0
    for (let i = d - 1; i >= 0; i--) {
      let sum = y[i] as number
      for (let k = i + 1; k < d; k++) sum -= (L[k * d + i] as number) * (delta[k] as number)
      delta[i] = sum / (L[i * d + i] as number)
      w[i] = (w[i] as number) - (delta[i] as number)
      change = Math.max(change, Math.abs(delta[i] as number))
    }
    if (change < 1e-8) break
  }
  return test.map((r) => {
    let z = w[0] as number
    for (const j of encode(r, false)) z += w[j] as number
    return 1 / (1 + Math.exp(-z))
  })
}

export const bank = (): Record<string, unknown> => {
  const path = `${dataDir()}/bank/bank-full.csv`
  if (!existsSync(path)) {
    log(`skipping bank: ${path} not found (pass --data DIR or set NEXTBEST_DATA)`)
    return { skipped: `${path} not found` }
  }
  const rows = readBank(path)
  log(`bank: ${rows.length} rows`)
  // seeded random 80/20 split: a Fisher–Yates shuffle on the library's generator
  const order = rows.map((_, i) => i)
  let rng = Random.fromSeed("bank-split-2024")
  for (let i = order.length - 1; i > 0; i--) {
    const [j, next] = Random.nextInt(rng, i + 1)
    rng = next
    const tmp = order[i] as number
    order[i] = order[j] as number
    order[j] = tmp
  }
  const cut = Math.floor(rows.length * 0.8)
  const shuffled = order.map((i) => rows[i] as (typeof rows)[number])
  const all = [...NUMERIC, ...SYMBOLIC]
  const noDuration = all.filter((c) => c !== "duration")
  const random = bankProtocol("random split", shuffled.slice(0, cut), shuffled.slice(cut), all)
  const time = bankProtocol("time split, no duration", rows.slice(0, cut), rows.slice(cut), noDuration)
  const keys = (prefix: string, f: ReturnType<typeof bankProtocol>): Record<string, unknown> => ({
    [`${prefix}Auc`]: round3(f.calibrated.auc),
    [`${prefix}RawScoreAuc`]: round3(f.rawScoreAuc),
    [`${prefix}Brier`]: round3(f.calibrated.brier),
    [`${prefix}Ece`]: round3(f.calibrated.ece),
    [`${prefix}PrequentialBrier`]: round3(f.online.brier),
    [`${prefix}PrequentialEce`]: round3(f.online.ece),
    [`${prefix}IndependenceBrier`]: round3(f.independence.brier),
    [`${prefix}IndependenceEce`]: round3(f.independence.ece),
    [`${prefix}BaseRateBrier`]: round3(f.baseRate.brier),
    [`${prefix}BaseRateEce`]: round3(f.baseRate.ece),
    [`${prefix}EvidenceRuleAuc`]: round3(f.evidenceRuleAuc),
    [`${prefix}PegaRuleAuc`]: round3(f.aucRuleAuc),
    [`${prefix}ReferenceNaiveBayesAuc`]: round3(f.referenceAuc),
    [`${prefix}LogisticRegressionAuc`]: round3(f.logistic.auc),
    [`${prefix}LogisticRegressionBrier`]: round3(f.logistic.brier),
    [`${prefix}LogisticRegressionEce`]: round3(f.logistic.ece),
    [`${prefix}ActivePredictors`]: f.activePredictors,
    [`${prefix}ClassifierBins`]: f.classifierBins,
    [`${prefix}TestResponseRate`]: round3(f.testRate)
  })
  return {
    configuration:
      "library defaults: 20 equal-frequency start bins, granularity 0.25, minimum 5% of cases, AUC threshold 0.52; classifier recalibrated on the training rows",
    ...keys("randomSplit", random),
    randomSplitReference: 0.877,
    ...keys("timeSplitNoDuration", time),
    timeSplitNoDurationReference: 0.727,
    trainRows: cut,
    testRows: rows.length - cut
  }
}

// -------------------------------------------------------------------------------------
// contextual: online Bayesian logistic regression over hashed features
// -------------------------------------------------------------------------------------

/**
 * The online logistic regression on the bank data, one pass over the training rows in their order
 * (library defaults: 18 bits, λ = 1, intercept N(0, 10)), scored greedily (`exploration: "none"`) on
 * the test rows. Three encodings: the references' categories (symbols, numerics in 10
 * training-quantile bins) hashed one-hot; symbols with numerics standardized on the training rows;
 * and the categories with forgetting, a half-life of 2,000 rows (each row's time is its position:
 * one setting, tried beside the default, not tuned on a validation split).
 */
const bankLogistic = (train: ReadonlyArray<BankRow>, test: ReadonlyArray<BankRow>, columns: ReadonlyArray<string>) => {
  const cat = categorize(train, columns)
  const categories = (r: BankRow): Learner.Features => {
    const out: Record<string, string> = {}
    cat(r).forEach((v, j) => (out[columns[j] as string] = v))
    return out
  }
  const numeric = columns.filter((c) => NUMERIC.includes(c))
  const moments = numeric.map((c) => {
    const xs = train.map((r) => r.features[c] as number)
    const m = mean(xs)
    return [m, Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) || 1] as const
  })
  const standardized = (r: BankRow): Learner.Features => {
    const out: Record<string, Learner.FeatureValue> = {}
    for (const c of columns) out[c] = r.features[c] ?? null
    numeric.forEach((c, i) => {
      const [m, sd] = moments[i] as readonly [number, number]
      out[c] = ((r.features[c] as number) - m) / sd
    })
    return out
  }
  const outcomes = test.map((r) => r.positive)
  const run = (encode: (r: BankRow) => Learner.Features, config: LogisticRegression.Config) => {
    const lr = LogisticRegression.logisticRegression({ ...config, exploration: "none" })
    const observations = train.map((r, i) => ({ features: encode(r), positive: r.positive, at: i }))
    const started = performance.now()
    const state = lr.learnAll(lr.empty, observations)
    const learnMs = performance.now() - started
    const rng = Random.fromSeed(0)
    const f = figures(
      test.map((r) => lr.score(state, encode(r), rng)[0].propensity),
      outcomes
    )
    return { ...f, weights: state.indices.length, learnMs }
  }
  const hashed = run(categories, {})
  const raw = run(standardized, {})
  const forgetting = run(categories, { halfLife: { ms: 2000 } })
  return { hashed, raw, forgetting }
}

/** profiles of `width` attributes, half numeric (standard normal), half symbolic (8 levels) */
const profiles = (width: number, count: number, seed: string): ReadonlyArray<Learner.Features> => {
  let rng = Random.fromSeed(seed)
  const u = (): number => {
    const [x, next] = Random.nextDouble(rng)
    rng = next
    return x
  }
  return Array.from({ length: count }, () => {
    const f: Record<string, number | string> = {}
    for (let i = 0; i < width / 2; i++) f[`subject.n${i}`] = 2 * u() - 1
    for (let i = 0; i < width / 2; i++) f[`subject.s${i}`] = `v${Math.floor(u() * 8)}`
    return f
  })
}

/**
 * Scoring and learning speed at `width` hashed features: the library's greedy score (and its
 * Thompson score) against a hand-written baseline in the same run — the same weights as a dense
 * Float64Array of 2^bits, the slots of the feature names and symbols looked up in Maps built
 * beforehand, `σ(w₀ + Σ w·x)` over the profile's keys — after checking that both give the same
 * propensities; and learn updates per second (`learnAll` of 500 responses onto the trained state).
 */
const logisticSpeed = (width: number): Record<string, unknown> => {
  const trainCount = width <= 20 ? 5000 : 1000
  const train = profiles(width, trainCount, `lr-train-${width}`)
  const subjects = profiles(width, width <= 20 ? 1000 : 200, `lr-score-${width}`)
  const truth = (f: Learner.Features): number =>
    1 /
    (1 +
      Math.exp(
        -(-2 + (f["subject.n0"] as number) + (f["subject.s0"] === "v3" ? 1 : 0) - (f["subject.n1"] as number) * 0.5)
      ))
  let rng = Random.fromSeed(`lr-outcomes-${width}`)
  const observations = train.map((features, i) => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return { features, positive: u < truth(features), at: i }
  })
  const lr = LogisticRegression.logisticRegression({ exploration: "none" })
  const explorer = LogisticRegression.logisticRegression()
  const state = lr.learnAll(lr.empty, observations)

  // the baseline: dense weights, slots looked up in Maps built here
  const h = lr.config.hashing
  const weights = new Float64Array(2 ** h.bits)
  state.indices.forEach((index, e) => (weights[index] = state.means[e] as number))
  const numericSlot = new Map<string, number>()
  const symbolSlot = new Map<string, Map<string, number>>()
  for (const f of [...train, ...subjects]) {
    for (const name of Object.keys(f)) {
      const v = f[name]
      const hashed = FeatureHashing.hashFeature(h, name, v)
      if (hashed === undefined) continue
      if (typeof v === "number") numericSlot.set(name, hashed.index)
      else {
        let m = symbolSlot.get(name)
        if (m === undefined) symbolSlot.set(name, (m = new Map()))
        m.set(v as string, hashed.index)
      }
    }
  }
  const intercept = state.interceptMean
  const baseline = (f: Learner.Features): number => {
    let z = intercept
    for (const name of Object.keys(f)) {
      const v = f[name]
      if (typeof v === "number") z += (weights[numericSlot.get(name) as number] as number) * v
      else if (typeof v === "string")
        z += weights[(symbolSlot.get(name) as Map<string, number>).get(v) as number] as number
    }
    return 1 / (1 + Math.exp(-z))
  }
  const r0 = Random.fromSeed(1)
  for (const f of subjects) {
    const a = lr.score(state, f, r0)[0].propensity
    const b = baseline(f)
    if (a !== b) throw new Error(`logistic bench (${width} features): library ${a} and baseline ${b} disagree`)
  }
  let sink = 0
  const library = opsPerSecond(() => {
    for (const f of subjects) sink += lr.score(state, f, r0)[0].propensity
  }, subjects.length)
  const hand = opsPerSecond(() => {
    for (const f of subjects) sink += baseline(f)
  }, subjects.length)
  const thompson = opsPerSecond(() => {
    let r = r0
    for (const f of subjects) {
      const [s, next] = explorer.score(state, f, r)
      r = next
      sink += s.explored
    }
  }, subjects.length)
  const batch = observations.slice(0, 500)
  const updates = opsPerSecond(() => {
    sink += lr.learnAll(state, batch).positives
  }, batch.length)
  if (sink === 42) log("")
  log(
    `logistic regression, ${width} features (${state.indices.length} weights): ${library.toFixed(0)} scores/s, baseline ${hand.toFixed(0)} (${(library / hand).toFixed(2)}×), with a Thompson draw ${thompson.toFixed(0)}; ${updates.toFixed(0)} updates/s`
  )
  return {
    features: width,
    weights: state.indices.length,
    scoresPerSecond: round3(library),
    baselineScoresPerSecond: round3(hand),
    ratioToBaseline: round3(library / hand),
    thompsonScoresPerSecond: round3(thompson),
    updatesPerSecond: round3(updates)
  }
}

const logisticBankFigures = (): Record<string, unknown> => {
  const path = `${dataDir()}/bank/bank-full.csv`
  if (!existsSync(path)) {
    log(`skipping the logistic regression on bank: ${path} not found`)
    return { skipped: `${path} not found` }
  }
  const rows = readBank(path)
  const cut = Math.floor(rows.length * 0.8)
  const noDuration = [...NUMERIC, ...SYMBOLIC].filter((c) => c !== "duration")
  const time = bankLogistic(rows.slice(0, cut), rows.slice(cut), noDuration)
  const out = (f: ReturnType<typeof bankLogistic>[keyof ReturnType<typeof bankLogistic>]) => ({
    auc: round3(f.auc),
    brier: round3(f.brier),
    ece: round3(f.ece),
    weights: f.weights,
    learnSeconds: round3(f.learnMs / 1000)
  })
  log(
    `bank time split, no duration: online logistic regression AUC ${time.hashed.auc.toFixed(4)} (categories), ${time.raw.auc.toFixed(4)} (standardized numerics), ${time.forgetting.auc.toFixed(4)} (categories, half-life 2,000 rows)`
  )
  return {
    timeSplitNoDuration: { categories: out(time.hashed), standardized: out(time.raw), forgetting: out(time.forgetting) }
  }
}

/**
 * The standard population with interactions added to its true log-odds (bench-local: the spec
 * still lists the main effects only): GoldCard's income effect is +1.2 for professionals and −0.8
 * for the others, Pension gains 0.8 × z(age) × z(tenure), Savings' wealth effect is −1 for
 * students and +0.5 for the others (z: the standardised value, 0 when missing).
 */
const withInteractions = (p: Population.Population): Population.Population => {
  const logits = Float64Array.from(p.logits)
  const k = p.actions.length
  const column = (id: string): number => p.actions.indexOf(id)
  const z = (s: number, name: string): number => {
    const a = p.spec.attributes.find((x) => x.name === name) as Population.NumericAttribute
    const v = (p.subjects[s] as Population.Subject).attributes[name]
    return typeof v === "number" ? (v - a.mean) / a.sd : 0
  }
  const [gold, pension, savings] = [column("GoldCard"), column("Pension"), column("Savings")]
  for (let s = 0; s < p.subjects.length; s++) {
    const segment = (p.subjects[s] as Population.Subject).attributes["segment"]
    const add = (action: number, x: number): void => {
      logits[s * k + action] = (logits[s * k + action] as number) + x
    }
    add(gold, (segment === "professional" ? 1.2 : -0.8) * z(s, "income"))
    add(pension, 0.8 * z(s, "age") * z(s, "tenure"))
    add(savings, (segment === "student" ? -1 : 0.5) * z(s, "wealth"))
  }
  return { ...p, logits }
}

/**
 * The closed loop: the logistic regression (Thompson, the population's attributes, numbers
 * standardized by the attributes' means and sds), naive Bayes on every attribute and Thompson
 * sampling decide the same 20,000 visits; share of the oracle's expected reward, overall and per
 * window of 5,000, on the standard population and on the one with interactions.
 */
const logisticSimulation = (): Record<string, unknown> => {
  const base = Population.standard()
  const out: Record<string, unknown> = {}
  for (const [name, population] of [
    ["standard", base],
    ["interactions", withInteractions(base)]
  ] as const) {
    const catalog = Simulation.catalogOf(population)
    const numeric = population.spec.attributes.filter((a): a is Population.NumericAttribute => a._tag === "Numeric")
    const lr = LogisticRegression.logisticRegression({
      features: population.spec.attributes.map((a) => `subject.${a.name}`),
      standardize: Object.fromEntries(numeric.map((a) => [`subject.${a.name}`, { mean: a.mean, sd: a.sd }]))
    })
    const nb = NaiveBayes.naiveBayes({ predictors: Simulation.predictorsOf(population) })
    const result = Simulation.run(
      population,
      [
        Simulation.strategy("logisticRegression", catalog, Models.empty(lr)),
        Simulation.strategy("naiveBayes", catalog, Models.empty(nb)),
        Simulation.strategy("thompson", catalog, Models.empty(ThompsonSampling.thompsonSampling()))
      ],
      { seed: "logistic", decisions: 20_000, window: 5000 }
    )
    const figures: Record<string, unknown> = { randomShare: round3(Population.randomShare(population)) }
    for (const s of result.strategies) {
      figures[s.name] = {
        oracleShare: round3(s.oracleShare),
        windows: s.windows.map((w) => round3(w.share)),
        auc: round3(s.auc.model),
        bayesAuc: round3(s.auc.bayes)
      }
      log(
        `simulation (${name}): ${s.name} ${(100 * s.oracleShare).toFixed(1)}% of the oracle, by window ${s.windows.map((w) => (100 * w.share).toFixed(1)).join(" ")}`
      )
    }
    out[name] = figures
  }
  return { decisions: 20_000, ...out }
}

const linearBankFigures = (): Record<string, unknown> => {
  const path = `${dataDir()}/bank/bank-full.csv`
  if (!existsSync(path)) {
    log(`skipping the linear bandits on bank: ${path} not found`)
    return { skipped: `${path} not found` }
  }
  const rows = readBank(path)
  const cut = Math.floor(rows.length * 0.8)
  const numeric = NUMERIC.filter((c) => c !== "duration")
  return linearBank(rows.slice(0, cut), rows.slice(cut), numeric, SYMBOLIC)
}

export const contextual = (): Record<string, unknown> => ({
  ...linearContextual(),
  linear: { bank: linearBankFigures() },
  logisticRegression: {
    f20: logisticSpeed(20),
    f1000: logisticSpeed(1000),
    bank: logisticBankFigures(),
    simulation: logisticSimulation()
  }
})

// -------------------------------------------------------------------------------------
// Thompson sampling regret
// -------------------------------------------------------------------------------------

const kl = (p: number, q: number): number => p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q))

const thompson = (): Record<string, unknown> => {
  const means = [0.1, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08]
  const best = Math.max(...means)
  const horizon = 100_000
  const seeds = 50
  const bound = means.filter((m) => m < best).reduce((s, m) => s + (best - m) / kl(m, best), 0) * Math.log(horizon)
  const ts = ThompsonSampling.thompsonSampling()
  const regrets: Array<number> = []
  const noFeatures: Learner.Features = {}
  for (let seed = 0; seed < seeds; seed++) {
    let rng = Random.fromSeed(`thompson-regret-${seed}`)
    let world = Random.fromSeed(`thompson-world-${seed}`)
    const states = means.map(() => ts.empty)
    let regret = 0
    for (let t = 0; t < horizon; t++) {
      let arm = 0
      let top = -1
      for (let a = 0; a < means.length; a++) {
        const [score, next] = ts.score(states[a] as ThompsonSampling.State, noFeatures, rng)
        rng = next
        if (score.explored > top) {
          top = score.explored
          arm = a
        }
      }
      const [u, w] = Random.nextDouble(world)
      world = w
      const mean = means[arm] as number
      states[arm] = ts.learn(states[arm] as ThompsonSampling.State, { features: noFeatures, positive: u < mean, at: t })
      regret += best - mean
    }
    regrets.push(regret)
    if (seed % 10 === 9)
      log(
        `thompson: ${seed + 1}/${seeds} seeds, mean regret so far ${(regrets.reduce((a, b) => a + b, 0) / regrets.length).toFixed(1)}`
      )
  }
  const mean = regrets.reduce((a, b) => a + b, 0) / regrets.length
  return {
    arms: means.length,
    horizon,
    seeds,
    meanRegret: round3(mean),
    laiRobbinsBound: round3(bound),
    regretToLaiRobbins: round3(mean / bound)
  }
}

// -------------------------------------------------------------------------------------
// scoring speed
// -------------------------------------------------------------------------------------

const scoring = (): Record<string, unknown> => {
  const numericNames = Array.from({ length: 10 }, (_, i) => `subject.n${i}`)
  const symbolicNames = Array.from({ length: 10 }, (_, i) => `subject.s${i}`)
  const cuts = Array.from({ length: 9 }, (_, j) => (j + 1) * 10)
  const groups = Array.from({ length: 8 }, (_, g) => [`v${g}a`, `v${g}b`])
  const nb = NaiveBayes.naiveBayes({
    predictors: [
      ...numericNames.map((n) => NaiveBayes.numeric(n, cuts)),
      ...symbolicNames.map((n) => NaiveBayes.symbolic(n, groups))
    ],
    exploration: "none"
  })
  // a model learned from synthetic responses whose rate depends on every predictor
  let rng = Random.fromSeed("scoring-model")
  const draw = (): number => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
  const subject = (): Record<string, number | string | null> => {
    const f: Record<string, number | string | null> = {}
    for (const n of numericNames) f[n] = draw() < 0.03 ? null : Math.floor(draw() * 100)
    for (const n of symbolicNames) f[n] = draw() < 0.03 ? null : `v${Math.floor(draw() * 8)}${draw() < 0.5 ? "a" : "b"}`
    return f
  }
  const observations: Array<Learner.Observation> = []
  for (let i = 0; i < 20_000; i++) {
    const features = subject()
    const signal =
      ((features["subject.n0"] as number | null) ?? 50) / 100 + (features["subject.s0"] === "v3a" ? 0.5 : 0)
    observations.push({ features, positive: draw() < 0.02 + 0.1 * signal, at: 0 })
  }
  const state = NaiveBayes.fit(nb, observations)
  const view = nb.inspect(state)
  const subjects = Array.from({ length: 1000 }, subject)

  // the hand-written baseline: the same model as flat tables
  const active = view.predictors.filter((p) => p.active)
  const tables = active.map((p) => Float64Array.from(p.bins.map((b) => b.logOdds)))
  const cutTable = Float64Array.from(cuts)
  const groupIndex = new Map<string, number>()
  groups.forEach((g, i) => g.forEach((s) => groupIndex.set(s, i)))
  const names = active.map((p) => p.name)
  const isNumeric = active.map((p) => p.type === "numeric")
  // the classifier's bins start at score buckets ⌊s / 0.001⌋: its bounds as bucket numbers
  const classifierBounds = Float64Array.from(view.classifier.slice(1).map((c) => Math.round(c.lower / 0.001)))
  const classifierPropensity = Float64Array.from(view.classifier.map((c) => c.propensity))
  const divisor = 1 + active.length
  const offset = view.offset
  const baseline = (f: Learner.Features): number => {
    let sum = offset
    for (let i = 0; i < names.length; i++) {
      const v = f[names[i] as string]
      const table = tables[i] as Float64Array
      let bin: number
      if (isNumeric[i]) {
        if (typeof v !== "number") bin = 10
        else {
          let lo = 0
          let hi = cutTable.length
          while (lo < hi) {
            const mid = (lo + hi) >>> 1
            if ((cutTable[mid] as number) <= v) lo = mid + 1
            else hi = mid
          }
          bin = lo
        }
      } else {
        bin = typeof v === "string" ? (groupIndex.get(v) ?? 9) : 8
      }
      sum += table[bin] as number
    }
    const s = Math.floor(sum / divisor / 0.001)
    let lo = 0
    let hi = classifierBounds.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((classifierBounds[mid] as number) <= s) lo = mid + 1
      else hi = mid
    }
    return classifierPropensity[lo] as number
  }
  const r0 = Random.fromSeed(1)
  for (const f of subjects) {
    const a = nb.score(state, f, r0)[0].propensity
    const b = baseline(f)
    if (a !== b) throw new Error(`scoring bench: library ${a} and baseline ${b} disagree`)
  }
  log(
    `scoring: ${active.length} active predictors, ${view.classifier.length} classifier bins; library and baseline agree`
  )
  let sink = 0
  const library = opsPerSecond(() => {
    for (const f of subjects) sink += nb.score(state, f, r0)[0].propensity
  }, subjects.length)
  const hand = opsPerSecond(() => {
    for (const f of subjects) sink += baseline(f)
  }, subjects.length)
  const explorer = NaiveBayes.naiveBayes({ ...nb.config, exploration: "thompson" })
  const withThompson = opsPerSecond(() => {
    let r = r0
    for (const f of subjects) {
      const [s, next] = explorer.score(state, f, r)
      r = next
      sink += s.explored
    }
  }, subjects.length)
  if (sink === 42) log("")
  return {
    predictors: 20,
    activePredictors: active.length,
    modelsScoredPerSecond: round3(library),
    baselineModelsScoredPerSecond: round3(hand),
    libraryToBaseline: round3(library / hand),
    modelsScoredWithThompsonDrawPerSecond: round3(withThompson)
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const started = performance.now()
  const bankFigures = bank()
  const scoringFigures = scoring()
  const thompsonFigures = thompson()
  const contextualFigures = contextual()
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return {
    learning: { bank: bankFigures, thompson: thompsonFigures, scoring: scoringFigures, contextual: contextualFigures }
  }
}
