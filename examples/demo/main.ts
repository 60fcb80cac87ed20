/**
 * `npm run demo [-- --seed N]`: the bank scenario of examples/demo/scenario.ts, simulated, with a
 * summary table on the terminal. (Work in progress: the HTML report is not written yet.)
 */
import { DEFAULTS, runDemo, STRATEGY_LABEL } from "./run.js"

const args = process.argv.slice(2)
if (args.includes("--help")) {
  console.log("usage: npm run demo -- [--seed N]\n  --seed N  the simulation's seed (default 1)")
  process.exit(0)
}
const at = args.indexOf("--seed")
const seed = at >= 0 ? Number(args[at + 1]) : DEFAULTS.seed
const t0 = performance.now()
const result = runDemo({ ...DEFAULTS, seed }, (step, done, total) => console.log(`[${done}/${total}] ${step}`))
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
for (const s of result.inbound)
  console.log(
    `${s.channel.padEnd(14)} ${(STRATEGY_LABEL[s.strategy] ?? s.strategy).padEnd(46)} share of oracle ${pct(s.oracleShare).padStart(6)}` +
      `  CTR ${pct(s.ctr).padStart(6)}` +
      (s.liftOfNba === undefined
        ? ""
        : `  lift of NBA ${pct(s.liftOfNba.value)} [${pct(s.liftOfNba.low)}, ${pct(s.liftOfNba.high)}] (true ${pct(s.liftOfNba.trueLift)})`)
  )
const o = result.outbound
console.log(
  `outbound email: ${o.sent} sent to ${o.customers} customers; caps ${o.caps.map((c) => `${c.id} ${c.used}/${c.max}`).join(", ")}`
)
for (const r of result.offPolicy)
  console.log(
    `off-policy ${r.policy} ${r.estimator}: ${r.value.toFixed(2)} [${r.low.toFixed(2)}, ${r.high.toFixed(2)}] truth ${r.truth.toFixed(2)}`
  )
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
