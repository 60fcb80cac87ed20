/**
 * `npm run bench -- --json sharedModel`: one model shared by many actions (`Action.model`, Vowpal
 * Wabbit's ADF style) against models per action, in the closed loop (`Simulation.run`, the real
 * pipeline and feedback) on a population of `ACTIONS` actions described by a kind and a tier
 * (test/evaluation/manyActions.ts): few responses per action, attributes shared across actions.
 * For each number of decisions, each strategy's share of the oracle's expected reward over all
 * decisions and over the last half, the decisions per action (about 5% of them answered), and decisions per second:
 * - `sharedLinearThompson`: one linear Thompson sampling model `offers@web` over subject ×
 *   action attributes (`LinearBandit.adf`, 36 columns);
 * - `perActionLinearThompson`: linear Thompson sampling per action over the subject's terms;
 * - `perActionNaiveBayes`, `perActionThompson`: naive Bayes (every attribute a predictor) and
 *   Thompson sampling (no features) per action;
 * - `analytic`: uniform random's and the best single action's shares.
 */
import { LinearBandit, Models, NaiveBayes, Population, Simulation, ThompsonSampling } from "../src/index.js"
import { catalogOf, manyActionsSpec, sharedTerms, subjectTerms } from "../test/evaluation/manyActions.js"

const ACTIONS = 40
const RUNS = [4_000, 16_000]

const round = (x: number, digits = 4): number => Number(x.toFixed(digits))

export const run = async (): Promise<Record<string, unknown>> => {
  const population = Population.population(manyActionsSpec(ACTIONS, 10_000))
  const shared = catalogOf(population, true)
  const own = catalogOf(population, false)
  const strategies: ReadonlyArray<Simulation.Strategy> = [
    Simulation.strategy(
      "sharedLinearThompson",
      shared,
      Models.empty(LinearBandit.linearThompson({ features: sharedTerms }))
    ),
    Simulation.strategy(
      "perActionLinearThompson",
      own,
      Models.empty(LinearBandit.linearThompson({ features: subjectTerms }))
    ),
    Simulation.strategy(
      "perActionNaiveBayes",
      own,
      Models.empty(NaiveBayes.naiveBayes({ predictors: Simulation.predictorsOf(population) }))
    ),
    Simulation.strategy("perActionThompson", own, Models.empty(ThompsonSampling.thompsonSampling()))
  ]
  const runs: Record<string, unknown> = {}
  for (const decisions of RUNS) {
    const oracleShare: Record<string, number> = {}
    const oracleShareLastHalf: Record<string, number> = {}
    const rates: Record<string, number> = {}
    for (const strategy of strategies) {
      const t0 = performance.now()
      const result = Simulation.run(population, [strategy], { seed: "bench-shared-model", decisions })
      const elapsed = performance.now() - t0
      const s = result.strategies[0] as Simulation.StrategyResult
      oracleShare[strategy.name] = round(s.oracleShare)
      oracleShareLastHalf[strategy.name] = round(Simulation.shareOfLast(s, decisions / 2))
      rates[strategy.name] = Math.round((decisions * 1000) / elapsed)
      process.stderr.write(
        `  sharedModel: ${decisions} decisions, ${strategy.name}: ${oracleShare[strategy.name]} of the oracle (last half ${oracleShareLastHalf[strategy.name]}), ${rates[strategy.name]} decisions/s\n`
      )
      await Promise.resolve()
    }
    runs[String(decisions)] = {
      decisionsPerAction: decisions / ACTIONS,
      oracleShare,
      oracleShareLastHalf,
      decisionsPerSecond: rates
    }
  }
  return {
    sharedModel: {
      population: `test/evaluation/manyActions.ts, ${ACTIONS} actions, 10,000 subjects`,
      columns: { shared: LinearBandit.dimension(sharedTerms), perAction: LinearBandit.dimension(subjectTerms) },
      runs,
      analytic: {
        uniformRandom: round(Population.randomShare(population)),
        bestSingleAction: round(Population.bestConstantShare(population))
      }
    }
  }
}
