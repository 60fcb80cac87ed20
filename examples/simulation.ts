/**
 * The closed loop before going live: strategies on a simulated population, an Impact Analyzer
 * experiment, champion against challenger, and the value finder.
 *
 * 1. Four strategies decide the same 30,000 visits of the default population (10,000 subjects, six
 *    actions with logistic truths): naive Bayes on every attribute, Thompson sampling, uniformly
 *    random, and the oracle. Printed: the share of the oracle's reward per window, the actions
 *    chosen, model AUC against the Bayes-optimal AUC, calibration against the truth.
 * 2. Impact Analyzer: the Thompson strategy, on a catalog with a lever (Savings +50%) and a
 *    suitability rule (no Mortgage under 25), against its variants, with 95% intervals beside the
 *    true lift the simulator knows.
 * 3. Champion (Thompson) against challenger (naive Bayes) on a stable 50/50 split of subjects.
 * 4. The value finder on the naive Bayes models learned in 1.
 *
 * Run with `npm run example:simulation` (or `npx tsx examples/simulation.ts [decisions]`).
 */
import {
  Catalog,
  DecodeError,
  Experiment,
  Models,
  NaiveBayes,
  Population,
  Rule,
  SelectionPolicy,
  Simulation,
  ThompsonSampling
} from "nextbest"

const decisions = Number(process.argv[2] ?? 30_000)
const population = Population.standard()
const catalog = Simulation.catalogOf(population)
const naiveBayes = NaiveBayes.naiveBayes({ predictors: Simulation.predictorsOf(population) })
const thompson = (): Simulation.Strategy =>
  Simulation.strategy("thompson", catalog, Models.empty(ThompsonSampling.thompsonSampling()))
const bayes = (): Simulation.Strategy => Simulation.strategy("naiveBayes", catalog, Models.empty(naiveBayes))

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const interval = ([lo, hi]: readonly [number, number]): string => `[${pct(lo)}, ${pct(hi)}]`

// 1. the closed loop ---------------------------------------------------------------------------
console.log(`population: ${population.subjects.length} subjects, actions ${population.actions.join(", ")}`)
console.log(
  `analytic shares of the oracle: uniform random ${pct(Population.randomShare(population))}, ` +
    `best single action ${pct(Population.bestConstantShare(population))}\n`
)
const result = Simulation.run(
  population,
  [
    bayes(),
    thompson(),
    Simulation.strategy("random", catalog, Models.empty(ThompsonSampling.thompsonSampling()), {
      options: { selection: SelectionPolicy.uniformRandom }
    }),
    Simulation.oracleStrategy(population)
  ],
  { seed: "example", decisions, window: 5000 }
)
for (const s of result.strategies) {
  console.log(
    `${s.name.padEnd(11)} share of the oracle ${pct(s.oracleShare).padStart(6)}  by window ` +
      s.windows.map((w) => pct(w.share).padStart(6)).join(" ")
  )
  console.log(
    `${"".padEnd(11)} CTR ${pct(s.tally.responses / s.tally.decisions)}, regret ${s.regret.toFixed(0)}, ` +
      `AUC ${s.auc.model.toFixed(3)} vs Bayes-optimal ${s.auc.bayes.toFixed(3)}, ` +
      `calibration error vs truth ${s.calibration.eceTruth.toFixed(4)} (mean truth ${s.calibration.meanTruth.toFixed(4)})`
  )
  console.log(`${"".padEnd(11)} actions ${s.actions.map((a) => `${a.actionId} ${pct(a.share)}`).join(", ")}`)
}
const nb = Simulation.find(result, "naiveBayes") as Simulation.StrategyResult
console.log("\nnaive Bayes' models at the end (responses; classifier positives / negatives):")
for (const key of Object.keys(nb.models.states).sort()) {
  const view = naiveBayes.inspect(Models.stateOf(nb.models as Models.Models<NaiveBayes.State>, key))
  const cp = view.classifier.reduce((n, b) => n + b.positives, 0)
  const cn = view.classifier.reduce((n, b) => n + b.negatives, 0)
  console.log(`  ${key.padEnd(16)} ${String(view.positives + view.negatives).padStart(6)} responses; ${cp} / ${cn}`)
}

// 2. Impact Analyzer -----------------------------------------------------------------------------
const spec = Simulation.catalogSpec(population, { levers: { Savings: 50 } })
const actions = (spec["actions"] as ReadonlyArray<Record<string, unknown>>).map((a) =>
  a["id"] === "Mortgage" ? { ...a, policies: { suitability: Rule.encode(Rule.gte("subject.age", 25)) } } : a
)
const business = Catalog.catalog({ ...spec, actions })
if (business._tag === "Left") throw new Error(DecodeError.render(business.left))
const impact = Experiment.impactAnalyzer(
  population,
  Simulation.strategy("nba", business.right, Models.empty(ThompsonSampling.thompsonSampling())),
  { seed: "impact", decisions: Math.min(decisions, 20_000) }
)
console.log("\nImpact Analyzer: nba against each variant (value per decision; 95% interval; true lift)")
for (const { experiment, lift } of impact.lifts)
  console.log(
    `  vs ${experiment.padEnd(17)} value lift ${pct(lift.value.lift).padStart(7)} ${interval(lift.value.liftInterval).padEnd(18)}` +
      ` true ${pct(lift.value.trueLift).padStart(7)};  engagement lift ${pct(lift.engagement.lift).padStart(7)} ` +
      interval(lift.engagement.liftInterval)
  )

// 3. champion / challenger ----------------------------------------------------------------------
const cc = Experiment.championChallenger(population, thompson(), bayes(), { seed: "split", decisions, share: 0.5 })
console.log(
  `\nchallenger naive Bayes vs champion Thompson (${cc.lift.decisions.join(" / ")} decisions): value lift ` +
    `${pct(cc.lift.value.lift)} ${interval(cc.lift.value.liftInterval)}, true ${pct(cc.lift.value.trueLift)}`
)

// 4. value finder -------------------------------------------------------------------------------
// a relevant action: a propensity of at least 5% (the default threshold, half the mean propensity, is lenient)
const found = Experiment.valueFinder(population, Simulation.strategy("learned", catalog, nb.models), {
  threshold: 0.05
})
console.log(
  `\nvalue finder (threshold ${found.threshold.toFixed(4)}): ${found.withoutAction} subjects without an action, ` +
    `${found.onlyLowPropensity} with only low propensities, ${found.relevant} with a relevant action ` +
    `(by the truth: ${found.truth.onlyLowPropensity} low, ${found.truth.relevant} relevant)`
)
