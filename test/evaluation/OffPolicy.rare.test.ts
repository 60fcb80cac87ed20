/**
 * Rare, large rewards (the demo's Mortgage: worth a hundred small responses, and seldom bought):
 * the estimators stay unbiased, but a short log holds few or none of the large rewards, the
 * sample standard error misses them and the normal intervals cover the truth far less often than
 * their nominal 95% — `fewRewards` says so. A long log restores the nominal coverage, without the
 * warning. The truth is known analytically.
 */
import { describe, expect, it } from "vitest"
import * as LoggedData from "../../src/evaluation/LoggedData.js"
import * as OffPolicy from "../../src/evaluation/OffPolicy.js"
import type * as TargetPolicy from "../../src/evaluation/TargetPolicy.js"
import { fromSeed, nextDouble, nextInt, type Rng } from "../../src/kernel/Random.js"

/** ten actions; "big" pays 50 with probability 1% (x = 0) or 3% (x = 1), "s1"…"s9" pay 1 with 5%…21% */
const ACTIONS = ["big", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"] as const
const VALUE = (action: string): number => (action === "big" ? 50 : 1)
const RATE = (x: number, action: string): number =>
  action === "big" ? (x === 0 ? 0.01 : 0.03) : 0.03 + 0.02 * Number(action.slice(1))
const CONTEXTS = [{ x: 0 }, { x: 1 }]
/** the target: "big" half the time, the best small action otherwise */
const target: TargetPolicy.TargetPolicy = () => ({ big: 0.5, s9: 0.5 })
/** 0.5 · 50 · 2% + 0.5 · 1 · 21% = 0.605 */
const TRUTH = 0.5 * 50 * 0.02 + 0.5 * 0.21

/** n rounds of a uniformly random logging policy */
const rareLog = (n: number, seed: string): LoggedData.LoggedData => {
  let rng: Rng = fromSeed(seed)
  const rounds: Array<LoggedData.Round> = []
  for (let i = 0; i < n; i++) {
    const [x, r1] = nextInt(rng, 2)
    const [a, r2] = nextInt(r1, ACTIONS.length)
    const [u, r3] = nextDouble(r2)
    rng = r3
    const action = ACTIONS[a] as string
    rounds.push({
      context: CONTEXTS[x] as { x: number },
      action,
      position: 1,
      reward: u < RATE(x, action) ? VALUE(action) : 0,
      loggingProbability: 1 / ACTIONS.length
    })
  }
  return LoggedData.fromRounds(rounds, ACTIONS)
}

interface Tally {
  covered: number
  warned: number
  silentMiss: number
  sum: number
}

const tally = (seeds: number, n: number): Record<"ips" | "snips" | "dr", Tally> => {
  const out = {
    ips: { covered: 0, warned: 0, silentMiss: 0, sum: 0 },
    snips: { covered: 0, warned: 0, silentMiss: 0, sum: 0 },
    dr: { covered: 0, warned: 0, silentMiss: 0, sum: 0 }
  }
  const options = { resamples: 0 }
  for (let s = 0; s < seeds; s++) {
    const log = rareLog(n, `rare-${n}-${s}`)
    const model = OffPolicy.meanRewardModel(log)
    const estimates = {
      ips: OffPolicy.ips(log, target, options),
      snips: OffPolicy.snips(log, target, options),
      dr: OffPolicy.doublyRobust(log, target, model, options)
    }
    for (const key of ["ips", "snips", "dr"] as const) {
      const e = estimates[key]
      const t = out[key]
      const covered = e.normal[0] <= TRUTH && TRUTH <= e.normal[1]
      const warned = e.warnings.some((w) => w.code === "fewRewards")
      t.sum += e.value
      if (covered) t.covered++
      if (warned) t.warned++
      if (!covered && !warned) t.silentMiss++
    }
  }
  return out
}

describe("rare, large rewards", () => {
  it("the truth is 0.605", () => {
    expect(TRUTH).toBeCloseTo(0.605, 12)
  })

  it("a short log (400 rounds, 0.8 large rewards expected): intervals under-cover, and every such log warns fewRewards", () => {
    const seeds = 200
    const t = tally(seeds, 400)
    for (const key of ["ips", "snips", "dr"] as const) {
      // measured: normal coverage 0.445 for IPS, SNIPS and DR, for a nominal 0.95
      expect(t[key].covered / seeds).toBeLessThan(0.75)
      expect(t[key].warned).toBe(seeds)
      expect(t[key].silentMiss).toBe(0)
    }
  })

  it("a long log (10,000 rounds, 20 large rewards expected): unbiased, ≈ 95% coverage, and no warning", () => {
    const seeds = 80
    const t = tally(seeds, 10_000)
    for (const key of ["ips", "snips", "dr"] as const) {
      // 80 seeds: binomial sd ≈ 0.024 around 0.95
      expect(t[key].covered / seeds).toBeGreaterThanOrEqual(0.87)
      expect(t[key].warned / seeds).toBeLessThanOrEqual(0.05)
      // the sd of one estimate is ≈ 11.2 / √10,000 = 0.112: the mean over the seeds within 4 standard errors
      expect(Math.abs(t[key].sum / seeds - TRUTH)).toBeLessThan((4 * 0.112) / Math.sqrt(seeds))
    }
  })

  it("effectiveRewards is (Σ|wr|)² / Σ(wr)², pinned on a hand-made log", () => {
    const round = (action: string, reward: number): LoggedData.Round => ({
      context: {},
      action,
      position: 1,
      reward,
      loggingProbability: 0.5
    })
    // the target always picks "a": weights 2 on "a", 0 on "b"; terms 2·1, 2·1, 2·6, 0, 0
    const log = LoggedData.fromRounds([round("a", 1), round("a", 1), round("a", 6), round("b", 5), round("a", 0)])
    const always: TargetPolicy.TargetPolicy = () => ({ a: 1 })
    const e = OffPolicy.ips(log, always, { resamples: 0 })
    expect(e.effectiveRewards).toBeCloseTo((2 + 2 + 12) ** 2 / (4 + 4 + 144), 12)
    expect(e.warnings).toContainEqual({
      code: "fewRewards",
      message:
        "the estimate rests on 3 rewarded round(s) the target would have chosen (effectively 1.7, below 10): its intervals may be too narrow; log more rounds"
    })
    expect(OffPolicy.ips(log, always, { resamples: 0, fewRewards: 1 }).warnings.map((w) => w.code)).not.toContain(
      "fewRewards"
    )
    expect(OffPolicy.ips(LoggedData.fromRounds([round("b", 1)]), always, { resamples: 0 }).effectiveRewards).toBe(0)
  })

  it("warns when an action the target chooses in ≥ 20% of the rounds has no rewarded round, even with many rewards", () => {
    const rounds: Array<LoggedData.Round> = []
    for (let i = 0; i < 40; i++)
      rounds.push({
        context: {},
        action: i % 2 === 0 ? "a" : "c",
        position: 1,
        reward: i % 2 === 0 ? 1 : 0,
        loggingProbability: 0.5
      })
    const log = LoggedData.fromRounds(rounds)
    // "a": 20 rewarded rounds of equal weight (effectively 20); "c": chosen 25% of the time, never rewarded
    const e = OffPolicy.snips(log, () => ({ a: 0.75, c: 0.25 }), { resamples: 0 })
    expect(e.effectiveRewards).toBeCloseTo(20, 12)
    expect(e.warnings).toStrictEqual([
      {
        code: "fewRewards",
        message:
          "the target chooses c (25% at position 1) but no logged round of it earned a reward: the estimate counts it as earning nothing, and its intervals cannot see what it would earn; log more rounds"
      }
    ])
    // below 20%: no warning
    expect(OffPolicy.snips(log, () => ({ a: 0.85, c: 0.15 }), { resamples: 0 }).warnings).toStrictEqual([])
    // fewRewards 0 turns both checks off
    expect(OffPolicy.snips(log, () => ({ a: 0.75, c: 0.25 }), { resamples: 0, fewRewards: 0 }).warnings).toStrictEqual(
      []
    )
  })
})
