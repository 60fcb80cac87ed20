/**
 * The contextual learners in the closed loop, on the population whose truth is logistic with
 * interactions (`Population.interactionSpec()`: 10,000 subjects, four actions whose log-odds carry
 * products of attributes): `DECISIONS` decisions per strategy through `nextBestAction`, as in
 * bench/evaluation.simulation.ts (clicks after ~1 minute, no-responses at the 30-minute timeout,
 * learning every 50 decisions; the same visits and outcome draws for every strategy). Figures:
 * - `oracleShare`: per strategy, the share of the oracle's expected reward over the last 20,000
 *   decisions — naive Bayes (every attribute a predictor, defaults), Thompson sampling (per
 *   action, no features), linear Thompson sampling and LinUCB per action (features: every numeric
 *   attribute standardised by the population's mean and sd, the segment's levels, and the
 *   products of every two numeric attributes, squares included — 18 columns; and the same
 *   without the products, 8 columns), the linear estimate with no exploration chosen by inverse
 *   gap weighting (γ = 100 on priorities), and uniform random;
 * - `oracleShareAll`: the same over every decision (the cost of learning);
 * - `decisionsPerSecond` per strategy (the whole loop);
 * - `analytic`: uniform random's and the best single action's shares.
 *
 * Run alone:
 *   npx tsx -e 'import("./bench/evaluation.contextual.ts")
 *     .then(async m => console.log(JSON.stringify(await m.contextual())))'
 * (bench/evaluation.ts prints it under `evaluation.contextual`).
 */
import {
  LinearBandit,
  Models,
  NaiveBayes,
  Population,
  SelectionPolicy,
  Simulation,
  ThompsonSampling
} from "../src/index.js"

export const DECISIONS = 60_000
const LAST = 20_000

const round = (x: number, digits = 4): number => Number(x.toFixed(digits))

/** the linear feature map of a population: standardised numerics, symbolic levels, optionally all pairwise products */
export const linearTermsOf = (
  population: Population.Population,
  products: boolean
): ReadonlyArray<LinearBandit.Term> => {
  const numerics = population.spec.attributes.flatMap((a) =>
    a._tag === "Numeric" ? [LinearBandit.numeric(`subject.${a.name}`, { center: a.mean, scale: a.sd })] : []
  )
  const symbolics = population.spec.attributes.flatMap((a) =>
    a._tag === "Symbolic" ? [LinearBandit.symbolic(`subject.${a.name}`, a.levels)] : []
  )
  const crosses = products ? numerics.flatMap((x, i) => numerics.slice(i).map((y) => LinearBandit.cross(x, y))) : []
  return [...numerics, ...symbolics, ...crosses]
}

export const contextual = async (): Promise<Record<string, unknown>> => {
  const population = Population.population(Population.interactionSpec())
  const catalog = Simulation.catalogOf(population)
  const features = linearTermsOf(population, true)
  const main = linearTermsOf(population, false)
  const strategies: ReadonlyArray<Simulation.Strategy> = [
    Simulation.strategy(
      "naiveBayes",
      catalog,
      Models.empty(NaiveBayes.naiveBayes({ predictors: Simulation.predictorsOf(population) }))
    ),
    Simulation.strategy("thompsonSampling", catalog, Models.empty(ThompsonSampling.thompsonSampling())),
    Simulation.strategy("linearThompson", catalog, Models.empty(LinearBandit.linearThompson({ features }))),
    Simulation.strategy("linUcb", catalog, Models.empty(LinearBandit.linUcb({ features }))),
    Simulation.strategy(
      "linearThompsonMainEffects",
      catalog,
      Models.empty(LinearBandit.linearThompson({ features: main }))
    ),
    Simulation.strategy("linearInverseGap", catalog, Models.empty(LinearBandit.linUcb({ features, exploration: 0 })), {
      options: { selection: SelectionPolicy.inverseGap(100) }
    }),
    Simulation.strategy("uniformRandom", catalog, Models.empty(ThompsonSampling.thompsonSampling()), {
      options: { selection: SelectionPolicy.uniformRandom }
    })
  ]
  const oracleShare: Record<string, number> = {}
  const oracleShareAll: Record<string, number> = {}
  const rates: Record<string, number> = {}
  for (const strategy of strategies) {
    const t0 = performance.now()
    const result = Simulation.run(population, [strategy], { seed: "bench-contextual", decisions: DECISIONS })
    const elapsed = performance.now() - t0
    const s = result.strategies[0] as Simulation.StrategyResult
    oracleShare[strategy.name] = round(Simulation.shareOfLast(s, LAST))
    oracleShareAll[strategy.name] = round(s.oracleShare)
    rates[strategy.name] = Math.round((DECISIONS * 1000) / elapsed)
    process.stderr.write(
      `  evaluation.contextual: ${strategy.name} ${oracleShare[strategy.name]} of the oracle (last ${LAST}), ${rates[strategy.name]} decisions/s\n`
    )
    await Promise.resolve()
  }
  return {
    population: "Population.interactionSpec()",
    decisions: DECISIONS,
    last: LAST,
    columns: { withProducts: LinearBandit.dimension(features), mainEffects: LinearBandit.dimension(main) },
    oracleShare,
    oracleShareAll,
    decisionsPerSecond: rates,
    analytic: {
      uniformRandom: round(Population.randomShare(population)),
      bestSingleAction: round(Population.bestConstantShare(population))
    }
  }
}
