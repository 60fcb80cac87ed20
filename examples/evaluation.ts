/**
 * Off-policy evaluation: would a challenger have done better than the policy that logged the data?
 *
 * With the Open Bandit Dataset samples beside the project (../shared/data/obd, or NEXTBEST_DATA),
 * the challenger is the production Bernoulli Thompson sampling policy (its action distribution per
 * position estimated by 100,000 seeded Monte Carlo draws from its priors), evaluated on the log of
 * a uniformly random policy. Without them, a synthetic log of three offers with known click rates.
 *
 * Run with `npm run example:evaluation`.
 */
import * as E from "fp-ts/lib/Either.js"
import { existsSync, readFileSync } from "node:fs"
import { DecodeError, LoggedData, OffPolicy, Random, TargetPolicy } from "nextbest"

const dir = `${process.env["NEXTBEST_DATA"] ?? new URL("../../shared/data", import.meta.url).pathname}/obd`

const show = (name: string, e: OffPolicy): void => {
  const f = (x: number): string => x.toFixed(5)
  console.log(
    `${name.padEnd(22)} ${f(e.value)}  normal [${f(e.normal[0])}, ${f(e.normal[1])}]  bootstrap [${f(e.bootstrap[0])}, ${f(e.bootstrap[1])}]` +
      `  ESS ${e.effectiveSampleSize.toFixed(0)}  max weight ${e.maxWeight.toFixed(1)}` +
      (e.warnings.length > 0 ? `  warnings: ${e.warnings.map((w) => w.code).join(", ")}` : "")
  )
}

const evaluate = (log: LoggedData, challenger: TargetPolicy, baseline: number): void => {
  const model = OffPolicy.meanRewardModel(log)
  const options = { resamples: 1000, seed: 1 }
  console.log(`logged policy's own mean reward: ${baseline.toFixed(5)} over ${log.rounds.length} rounds`)
  show("IPS", OffPolicy.ips(log, challenger, options))
  show("IPS clipped at 10", OffPolicy.ips(log, challenger, { ...options, clip: 10 }))
  show("SNIPS", OffPolicy.snips(log, challenger, options))
  show("direct method", OffPolicy.directMethod(log, challenger, model, options))
  show("doubly robust", OffPolicy.doublyRobust(log, challenger, model, options))
  show("switch-DR (τ = 10)", OffPolicy.switchDoublyRobust(log, challenger, model, 10, options))
}

if (existsSync(`${dir}/random/men/men.csv`)) {
  const log = LoggedData.fromObdCsv(readFileSync(`${dir}/random/men/men.csv`, "utf8"))
  if (E.isLeft(log)) throw new Error(DecodeError.render(log.left))
  const prior = JSON.parse(readFileSync(`${dir}/prior_bts_men.json`, "utf8")) as {
    readonly alpha: ReadonlyArray<number>
    readonly beta: ReadonlyArray<number>
  }
  // item i's prior is alpha[i], beta[i] (log.actions is sorted as text: "0", "1", "10", …)
  const items = prior.alpha.map((_, i) => String(i))
  const challenger = TargetPolicy.fixed(
    TargetPolicy.betaRanking(items, prior.alpha, prior.beta, { draws: 100_000, seed: 1 })
  )
  console.log("Open Bandit Dataset, Men campaign: Bernoulli TS estimated from the uniform-random log")
  evaluate(log.right, challenger, OffPolicy.empiricalMean(log.right))
  console.log("(the BTS log's own CTR is 0.0069: with 46 clicks the intervals are wide)")
} else {
  // three offers; the logging policy shows them 50/30/20; the challenger always shows the best
  const ctr: Readonly<Record<string, number>> = { gold: 0.12, student: 0.04, loan: 0.07 }
  const logging: Readonly<Record<string, number>> = { gold: 0.2, student: 0.5, loan: 0.3 }
  let rng = Random.fromSeed("evaluation-example")
  const rounds: Array<LoggedData.Round> = []
  for (let i = 0; i < 20_000; i++) {
    const [u, r1] = Random.nextDouble(rng)
    const [v, r2] = Random.nextDouble(r1)
    rng = r2
    const action = u < 0.2 ? "gold" : u < 0.7 ? "student" : "loan"
    rounds.push({
      context: {},
      action,
      position: 1,
      reward: v < (ctr[action] as number) ? 1 : 0,
      loggingProbability: logging[action] as number
    })
  }
  const log = LoggedData.fromRounds(rounds)
  console.log(`synthetic log (no OBD data at ${dir}); the challenger's true value is 0.12`)
  evaluate(
    log,
    TargetPolicy.deterministic(() => "gold"),
    OffPolicy.empiricalMean(log)
  )
}
