/**
 * Off-policy evaluation on the Open Bandit Dataset samples (../shared/data/obd, Men campaign) and
 * interval coverage on synthetic logs where the truth is known; `evaluation.simulation` comes from
 * bench/evaluation.simulation.ts when that file exists, and `evaluation.contextual` (the linear
 * learners on a population with interactions) from bench/evaluation.contextual.ts.
 *
 * - `obd.onPolicyRandom`: IPS of the uniform-random policy on its own log (= `empiricalRandomCtr`);
 * - `obd.btsFromRandom`, `obd.btsFromRandomSnips`, `obd.btsFromRandomCi` (bootstrap, 95%, of IPS):
 *   the production Bernoulli-TS policy (100,000 seeded Monte Carlo draws from its priors)
 *   estimated from the random log, against `obd.empiricalBtsCtr`;
 * - `obd.randomFromBts*`: the reverse direction, raw and clipped at 10;
 * - `synthetic.*Coverage`: share of 300 seeds (1000 rounds each) whose 95% interval holds the truth.
 */
import { existsSync, readFileSync } from "node:fs"
import * as E from "fp-ts/lib/Either.js"
import { LoggedData, OffPolicy, TargetPolicy } from "../src/index.js"
import { coverage, target, trueModel, truth } from "../test/evaluation/syntheticLog.js"
import { dataDir, round3 } from "./harness.js"

const log = (message: string): void => {
  process.stderr.write(`${message}\n`)
}

const read = (path: string): LoggedData => {
  const decoded = LoggedData.fromObdCsv(readFileSync(path, "utf8"))
  if (E.isLeft(decoded)) throw new Error(`${path}: cannot decode`)
  return decoded.right
}

const interval = (i: OffPolicy.Interval): ReadonlyArray<number> => i.map(round3)

const obd = (): Record<string, unknown> | undefined => {
  const dir = `${dataDir()}/obd`
  if (!existsSync(`${dir}/random/men/men.csv`) || !existsSync(`${dir}/bts/men/men.csv`)) {
    log(`skipping obd: ${dir} not found (pass --data DIR or set NEXTBEST_DATA)`)
    return undefined
  }
  const random = read(`${dir}/random/men/men.csv`)
  const bts = read(`${dir}/bts/men/men.csv`)
  const prior = JSON.parse(readFileSync(`${dir}/prior_bts_men.json`, "utf8")) as {
    readonly alpha: ReadonlyArray<number>
    readonly beta: ReadonlyArray<number>
  }
  const items = Array.from({ length: 34 }, (_, i) => String(i))
  const options = { resamples: 1000, seed: 1 }
  const uniform = TargetPolicy.uniform(items)
  const btsPolicy = TargetPolicy.fixed(
    TargetPolicy.betaRanking(items, prior.alpha, prior.beta, { draws: 100_000, seed: 1 })
  )
  const onPolicy = OffPolicy.ips(random, uniform, options)
  const ips = OffPolicy.ips(random, btsPolicy, options)
  const snips = OffPolicy.snips(random, btsPolicy, options)
  const dr = OffPolicy.doublyRobust(random, btsPolicy, OffPolicy.meanRewardModel(random), options)
  const btsCtr = OffPolicy.empiricalMean(bts)
  const reverse = OffPolicy.ips(bts, uniform, options)
  const reverseClipped = OffPolicy.ips(bts, uniform, { ...options, clip: 10 })
  const reverseSnips = OffPolicy.snips(bts, uniform, options)
  return {
    onPolicyRandom: onPolicy.value,
    empiricalRandomCtr: OffPolicy.empiricalMean(random),
    btsFromRandom: round3(ips.value),
    btsFromRandomSnips: round3(snips.value),
    btsFromRandomDr: round3(dr.value),
    btsFromRandomCi: interval(ips.bootstrap),
    btsFromRandomNormalCi: interval(ips.normal),
    btsFromRandomSnipsCi: interval(snips.bootstrap),
    btsFromRandomMeanWeight: round3(ips.meanWeight),
    btsFromRandomMaxWeight: round3(ips.maxWeight),
    btsFromRandomEss: Math.round(ips.effectiveSampleSize),
    btsFromRandomRelativeError: round3(OffPolicy.relativeError(ips.value, btsCtr)),
    btsFromRandomSnipsRelativeError: round3(OffPolicy.relativeError(snips.value, btsCtr)),
    empiricalBtsCtr: btsCtr,
    randomFromBts: round3(reverse.value),
    randomFromBtsCi: interval(reverse.bootstrap),
    randomFromBtsMaxWeight: round3(reverse.maxWeight),
    randomFromBtsWarnings: reverse.warnings.map((w) => w.code),
    randomFromBtsClipped10: round3(reverseClipped.value),
    randomFromBtsClipped10Ci: interval(reverseClipped.bootstrap),
    randomFromBtsSnips: round3(reverseSnips.value),
    randomFromBtsSnipsCi: interval(reverseSnips.bootstrap)
  }
}

const synthetic = (): Record<string, unknown> => {
  const v = truth(target)
  const none = { resamples: 0 }
  const ips = coverage((d) => OffPolicy.ips(d, target, none), v, 300, 1000)
  const snips = coverage((d) => OffPolicy.snips(d, target, none), v, 300, 1000)
  const dr = coverage((d) => OffPolicy.doublyRobust(d, target, trueModel, none), v, 300, 1000)
  const boot = coverage((d, s) => OffPolicy.ips(d, target, { resamples: 500, seed: s }), v, 100, 1000)
  return {
    truth: v,
    ipsCoverage: round3(ips.normal),
    snipsCoverage: round3(snips.normal),
    drCoverage: round3(dr.normal),
    ipsBootstrapCoverage: round3(boot.bootstrap),
    ipsBias: round3(ips.mean - v),
    drBias: round3(dr.mean - v),
    ipsSd: round3(ips.sd),
    drSd: round3(dr.sd)
  }
}

export const run = async (): Promise<Record<string, unknown>> => {
  const evaluation: Record<string, unknown> = {}
  const o = obd()
  if (o !== undefined) evaluation["obd"] = o
  evaluation["synthetic"] = synthetic()
  const simulationFile = "./evaluation.simulation.ts"
  if (existsSync(new URL(simulationFile, import.meta.url))) {
    // a computed specifier: the file is another part's and may not exist
    const mod = (await import(simulationFile)) as { simulation: () => Promise<Record<string, unknown>> }
    evaluation["simulation"] = await mod.simulation()
  }
  const contextualFile = "./evaluation.contextual.ts"
  if (existsSync(new URL(contextualFile, import.meta.url))) {
    const mod = (await import(contextualFile)) as { contextual: () => Promise<Record<string, unknown>> }
    evaluation["contextual"] = await mod.contextual()
  }
  return { evaluation }
}
