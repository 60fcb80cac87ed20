/**
 * `npm run demo:coverage [-- --seed N --logged N --logs N]`: how often the demo's off-policy
 * intervals hold the truth. The bank of `--seed` learns on the web for 30 days as in the demo;
 * its champion and challenger are the demo's targets (the same truths); then `--logs`
 * independent uniform logs of `--logged` rounds are drawn, and for each estimator the share of
 * logs whose 95% normal interval holds the truth is printed, with the estimates' mean and
 * standard deviation and the share of logs with a `fewRewards` warning. Figures quoted in
 * docs/demo.md and docs/evaluation.md: `--logged 1200` and `--logged 30000`, 300 logs, seed 1.
 * Takes minutes (the estimators over every log), which is why it is not part of `npm test`.
 */
import { type Models, Population, Simulation, type ThompsonSampling, Time } from "../../src/index.js"
import { DEFAULTS, inboundRun, offPolicyEstimates, offPolicyTargets, uniformLog } from "./run.js"
import { bankCatalog, bankSpec, WEB } from "./scenario.js"

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name)
  const v = i < 0 ? fallback : Number(args[i + 1])
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a whole number of at least 1`)
  return v
}
const seed = option("--seed", DEFAULTS.seed)
const logged = option("--logged", DEFAULTS.offPolicyRounds)
const logs = option("--logs", 300)
const config = { ...DEFAULTS, seed }

const population = Population.population(bankSpec(config.customers, `bank-${seed}`))
const catalog = bankCatalog(population)
const web = inboundRun(population, catalog, config, WEB, config.webPerDay, () => {})
const models = (Simulation.find(web, "nba") as Simulation.StrategyResult)
  .models as Models.Models<ThompsonSampling.State>
const now = Date.UTC(2024, 0, 1) + config.days * Time.DAY_MS
const { contexts, targets } = offPolicyTargets(population, catalog, models, seed, now)

const tally = new Map<string, { covered: number; warned: number; values: Array<number> }>()
for (let k = 0; k < logs; k++) {
  const log = uniformLog(population, contexts, logged, `${seed}:coverage:${k}`)
  for (const target of targets)
    for (const [estimator, e] of offPolicyEstimates(log, target.policy)) {
      const key = `${target.name} · ${estimator}`
      const t = tally.get(key) ?? { covered: 0, warned: 0, values: [] }
      if (e.normal[0] <= target.truth && target.truth <= e.normal[1]) t.covered++
      if (e.warnings.some((w) => w.code === "fewRewards")) t.warned++
      t.values.push(e.value)
      tally.set(key, t)
    }
}
process.stdout.write(`seed ${seed}, ${logs} logs of ${logged} rounds\n`)
for (const target of targets) process.stdout.write(`truth ${target.name}: ${target.truth.toFixed(3)}\n`)
for (const [key, t] of tally) {
  const mean = t.values.reduce((a, b) => a + b, 0) / t.values.length
  const sd = Math.sqrt(t.values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, t.values.length - 1))
  process.stdout.write(
    `${key}: 95% interval holds the truth in ${((100 * t.covered) / logs).toFixed(1)}% of logs; ` +
      `mean ${mean.toFixed(3)}, sd ${sd.toFixed(3)}; fewRewards in ${((100 * t.warned) / logs).toFixed(1)}%\n`
  )
}
