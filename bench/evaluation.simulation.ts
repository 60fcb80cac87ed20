/**
 * The closed loop on the default simulated population (`Population.standard()`: 10,000 subjects,
 * six actions, logistic truths): 100,000 decisions per strategy through `nextBestAction`, outcomes
 * from the truth, clicks after ~1 minute, no-responses at the 30-minute timeout, the feedback
 * reducer learning every 50 decisions. Figures:
 * - `oracleShare`: per strategy, the share of the oracle's expected reward over the last 20,000
 *   decisions (naive Bayes with every attribute as a predictor, the same with Pega's settings —
 *   first binning at 500, no classifier prior, no exploration floor —, Thompson sampling, uniform
 *   random);
 * - `coldStart`: the same share over the first 20,000 decisions, and naive Bayes' windows of 1,000;
 * - `minActionShareLast`: per strategy, the share of the least chosen action over the last 20,000
 *   (0: an action locked out);
 * - `drift`: naive Bayes on a drifting population, without and with forgetting;
 * - `decisionsPerSecond`: the whole loop (decide + outcome + feedback + learn), all three runs;
 * - beside them: the analytic shares of uniform random and of the best single action, each
 *   strategy's own rate, and naive Bayes' per-action shares over the last 20,000 decisions with
 *   the classifier counts of its models at the end (issue 11's lock-out shows there).
 *
 * Run alone:
 *   npx tsx -e 'import("./bench/evaluation.simulation.ts")
 *     .then(async m => console.log(JSON.stringify(await m.simulation())))'
 * (bench/evaluation.ts prints it under `evaluation.simulation`).
 */
import { Models, NaiveBayes, Population, SelectionPolicy, Simulation, ThompsonSampling } from "../src/index.js"

const DECISIONS = 100_000
const LAST = 20_000

const round = (x: number, digits = 4): number => Number(x.toFixed(digits))

/** Pega's settings of naive Bayes (the library's defaults before issue 11) */
const PEGA = { binning: { after: 500, classifierPrior: 0 }, explorationFloor: 0 } as const

/** the first decisions of the cold start */
const FIRST = 20_000

/** the share of the oracle's expected reward over a strategy's first `decisions` decisions (whole windows) */
const shareOfFirst = (result: Simulation.StrategyResult, decisions: number): number => {
  let expected = 0
  let oracle = 0
  for (const w of result.windows) {
    if (w.from < decisions) {
      expected += w.expectedReward
      oracle += w.oracleReward
    }
  }
  return oracle === 0 ? 0 : expected / oracle
}

const DRIFT_DECISIONS = 40_000

/**
 * Drift: the default population with `Mortgage` and `StudentCard` in opposite seasons (log-odds ± sin(2π·day / 4),
 * four simulated days over 40,000 decisions): naive Bayes without forgetting, and with a half-life of half a day
 * (~5,000 decisions). Oracle shares over all decisions and over the last 20,000.
 */
const drifting = async (): Promise<Record<string, unknown>> => {
  const base = Population.standardSpec()
  const population = Population.population({
    ...base,
    actions: base.actions.map((a) =>
      a.id === "Mortgage"
        ? { ...a, drift: { amplitude: 1, periodDays: 4 } }
        : a.id === "StudentCard"
          ? { ...a, drift: { amplitude: -1, periodDays: 4 } }
          : a
    )
  })
  const catalog = Simulation.catalogOf(population)
  const predictors = Simulation.predictorsOf(population)
  const runs: ReadonlyArray<readonly [string, NaiveBayes.NaiveBayes]> = [
    ["naiveBayes", NaiveBayes.naiveBayes({ predictors })],
    ["naiveBayesHalfLifeHalfDay", NaiveBayes.naiveBayes({ predictors, halfLife: { ms: 12 * 3_600_000 } })]
  ]
  const out: Record<string, unknown> = {}
  for (const [key, learner] of runs) {
    const result = Simulation.run(population, [Simulation.strategy(key, catalog, Models.empty(learner))], {
      seed: "bench-drift",
      decisions: DRIFT_DECISIONS
    })
    const s = result.strategies[0] as Simulation.StrategyResult
    out[key] = {
      oracleShareAll: round(s.oracleShare),
      oracleShareLast: round(Simulation.shareOfLast(s, LAST)),
      windowShares: s.windows.filter((_, i) => i % 4 === 3).map((w) => round(w.share, 3))
    }
    await Promise.resolve()
  }
  return { decisions: DRIFT_DECISIONS, ...out }
}

export const simulation = async (): Promise<Record<string, unknown>> => {
  const population = Population.standard()
  const catalog = Simulation.catalogOf(population)
  const naiveBayes = NaiveBayes.naiveBayes({ predictors: Simulation.predictorsOf(population) })
  // the baseline: Pega's settings (first binning at 500 responses, classifier smoothing 0.5, no exploration floor)
  const pega = NaiveBayes.naiveBayes({ ...PEGA, predictors: Simulation.predictorsOf(population) })
  const strategies: ReadonlyArray<readonly [string, Simulation.Strategy]> = [
    ["naiveBayes", Simulation.strategy("naiveBayes", catalog, Models.empty(naiveBayes))],
    ["naiveBayesPega", Simulation.strategy("naiveBayesPega", catalog, Models.empty(pega))],
    [
      "thompsonSampling",
      Simulation.strategy("thompsonSampling", catalog, Models.empty(ThompsonSampling.thompsonSampling()))
    ],
    [
      "uniformRandom",
      Simulation.strategy("uniformRandom", catalog, Models.empty(ThompsonSampling.thompsonSampling()), {
        options: { selection: SelectionPolicy.uniformRandom }
      })
    ]
  ]
  const oracleShare: Record<string, number> = {}
  const coldStart: Record<string, number> = {}
  const minActionShareLast: Record<string, number> = {}
  const rates: Record<string, number> = {}
  const lastActions: Record<string, Record<string, number>> = {}
  let decisions = 0
  let ms = 0
  let naiveBayesResult: Simulation.StrategyResult | undefined
  let thompsonResult: Simulation.StrategyResult | undefined
  let pegaResult: Simulation.StrategyResult | undefined
  for (const [key, strategy] of strategies) {
    // one strategy per run: the visits and outcome draws are the same in every run (common random numbers)
    const t0 = performance.now()
    const result = Simulation.run(population, [strategy], { seed: "bench", decisions: DECISIONS })
    const elapsed = performance.now() - t0
    const s = result.strategies[0] as Simulation.StrategyResult
    oracleShare[key] = round(Simulation.shareOfLast(s, LAST))
    coldStart[key] = round(shareOfFirst(s, FIRST))
    const lastWindows = s.windows.filter((w) => w.from >= DECISIONS - LAST)
    const perAction = s.actions.map((_, a) => lastWindows.reduce((n, w) => n + (w.actions[a] as number), 0))
    minActionShareLast[key] = round(Math.min(...perAction) / LAST, 4)
    rates[key] = Math.round((DECISIONS * 1000) / elapsed)
    decisions += DECISIONS
    ms += elapsed
    if (key === "naiveBayes") naiveBayesResult = s
    if (key === "thompsonSampling") thompsonResult = s
    if (key === "naiveBayesPega") pegaResult = s
    await Promise.resolve()
  }
  const nb = naiveBayesResult as Simulation.StrategyResult
  // naive Bayes' models at the end: responses, active predictors, classifier positives and negatives
  const classifiers: Record<string, unknown> = {}
  for (const key of Object.keys(nb.models.states).sort()) {
    const view = naiveBayes.inspect(Models.stateOf(nb.models as Models.Models<NaiveBayes.State>, key))
    classifiers[key] = {
      positives: view.positives,
      negatives: view.negatives,
      activePredictors: view.predictors.filter((p) => p.active).length,
      classifierPositives: view.classifier.reduce((n, b) => n + b.positives, 0),
      classifierNegatives: view.classifier.reduce((n, b) => n + b.negatives, 0)
    }
  }
  // naive Bayes' action shares over the last 20,000 decisions, from the windows
  const last = nb.windows.filter((w) => w.from >= DECISIONS - LAST)
  const counts = nb.actions.map((_, a) => last.reduce((n, w) => n + (w.actions[a] as number), 0))
  const total = counts.reduce((x, y) => x + y, 0)
  lastActions["naiveBayes"] = Object.fromEntries(
    nb.actions.map((a, i) => [a.actionId, round((counts[i] as number) / total, 3)])
  )
  // Thompson sampling's view at the end beside the truth: per action its trials and estimated rate,
  // the true mean rate over the subjects eligible for it, and its share of the last 20,000 decisions
  // (docs/simulation.md, "Why Thompson sampling stays below the best single action")
  const ts = thompsonResult as Simulation.StrategyResult
  const tsLast = ts.windows.filter((w) => w.from >= DECISIONS - LAST)
  const tsCounts = ts.actions.map((_, a) => tsLast.reduce((n, w) => n + (w.actions[a] as number), 0))
  const thompsonActions: Record<string, unknown> = {}
  population.actions.forEach((id, j) => {
    const st = Models.stateOf(ts.models as Models.Models<ThompsonSampling.State>, `${id}@web`)
    let sum = 0
    let n = 0
    for (let s = 0; s < population.subjects.length; s++) {
      if (!Population.isEligible(population, s, j)) continue
      sum += Population.probability(population, s, j)
      n++
    }
    const trials = st.positives + st.negatives
    const i = ts.actions.findIndex((a) => a.actionId === id)
    thompsonActions[id] = {
      value: population.values[j],
      trials,
      estimated: round(trials === 0 ? 0 : st.positives / trials),
      truth: round(n === 0 ? 0 : sum / n),
      shareLast: round((tsCounts[i] as number) / LAST, 3)
    }
  })
  const drift = await drifting()
  return {
    oracleShare,
    coldStart: {
      decisions: FIRST,
      oracleShare: coldStart,
      naiveBayesWindows: nb.windows.slice(0, FIRST / 1000).map((w) => round(w.share, 3)),
      naiveBayesPegaWindows: (pegaResult as Simulation.StrategyResult).windows
        .slice(0, FIRST / 1000)
        .map((w) => round(w.share, 3))
    },
    minActionShareLast,
    drift,
    decisionsPerSecond: Math.round((decisions * 1000) / ms),
    decisionsPerSecondByStrategy: rates,
    analytic: {
      uniformRandom: round(Population.randomShare(population)),
      bestSingleAction: round(Population.bestConstantShare(population))
    },
    thompsonSampling: { oracleShareAll: round(ts.oracleShare), actions: thompsonActions },
    naiveBayes: {
      oracleShareAll: round(nb.oracleShare),
      windowShares: nb.windows.filter((_, i) => i % 10 === 9).map((w) => round(w.share, 3)),
      actionSharesLast: lastActions["naiveBayes"],
      actionSharesAll: Object.fromEntries(nb.actions.map((a) => [a.actionId, round(a.share, 3)])),
      auc: { model: round(nb.auc.model), bayes: round(nb.auc.bayes) },
      models: classifiers
    }
  }
}
