import { describe, expect, it } from "vitest"
import * as LoggedData from "../../src/evaluation/LoggedData.js"
import * as OffPolicy from "../../src/evaluation/OffPolicy.js"
import * as TargetPolicy from "../../src/evaluation/TargetPolicy.js"
import { syntheticLog, target } from "./syntheticLog.js"

const round = (action: string, reward: number, loggingProbability: number): LoggedData.Round => ({
  context: {},
  action,
  position: 1,
  reward,
  loggingProbability
})

describe("OffPolicy", () => {
  it("is total: an empty log gives NaN and a noRounds warning", () => {
    const e = OffPolicy.ips(LoggedData.fromRounds([]), TargetPolicy.uniform(["a"]))
    expect(Number.isNaN(e.value)).toBe(true)
    expect(e.warnings.map((w) => w.code)).toStrictEqual(["noRounds"])
    expect(Number.isNaN(OffPolicy.snips(LoggedData.fromRounds([]), TargetPolicy.uniform(["a"])).value)).toBe(true)
  })

  it("leaves out rounds with a logging probability outside (0, 1], and says so", () => {
    const log = LoggedData.fromRounds([round("a", 1, 0.5), round("a", 1, 0), round("a", 1, 1.5)])
    const e = OffPolicy.ips(log, TargetPolicy.uniform(["a", "b"]), { resamples: 10 })
    expect([e.value, e.rounds]).toStrictEqual([1, 1])
    expect(e.warnings.map((w) => w.code)).toContain("badLoggingProbability")
  })

  it("on-policy weights are 1 and IPS = SNIPS = the empirical mean", () => {
    const log = LoggedData.fromRounds([round("a", 1, 0.5), round("b", 0, 0.5), round("a", 0, 0.5), round("b", 1, 0.5)])
    const policy = TargetPolicy.uniform(["a", "b"])
    for (const e of [OffPolicy.ips(log, policy), OffPolicy.snips(log, policy)]) {
      expect([e.value, e.meanWeight, e.maxWeight, e.effectiveSampleSize]).toStrictEqual([0.5, 1, 1, 4])
    }
    expect(OffPolicy.empiricalMean(log)).toBe(0.5)
  })

  it("DR with a zero reward model is IPS; replay averages the agreeing rounds", () => {
    const d = syntheticLog(300, "unit")
    const zero: OffPolicy.RewardModel = () => 0
    expect(OffPolicy.doublyRobust(d, target, zero).value).toBeCloseTo(OffPolicy.ips(d, target).value, 12)
    const log = LoggedData.fromRounds([round("a", 1, 0.5), round("b", 0, 0.5), round("a", 0, 0.5)])
    const r = OffPolicy.replay(
      log,
      TargetPolicy.deterministic(() => "a"),
      { resamples: 50 }
    )
    expect(r.value).toBe(0.5)
    const none = OffPolicy.replay(
      log,
      TargetPolicy.deterministic(() => "c")
    )
    expect(none.warnings.map((w) => w.code)).toContain("noRounds")
    const fractional = OffPolicy.replay(log, TargetPolicy.uniform(["a", "b"]))
    expect(fractional.warnings.map((w) => w.code)).toContain("notDeterministic")
  })

  it("same inputs and seed, same report; the bootstrap depends on the seed", () => {
    const d = syntheticLog(300, "seed")
    expect(OffPolicy.ips(d, target, { resamples: 50, seed: 1 })).toStrictEqual(
      OffPolicy.ips(d, target, { resamples: 50, seed: 1 })
    )
    expect(OffPolicy.ips(d, target, { resamples: 50, seed: 1 }).bootstrap).not.toStrictEqual(
      OffPolicy.ips(d, target, { resamples: 50, seed: 2 }).bootstrap
    )
  })

  it("warns on a mean weight far from 1 (the target leaves the log's support)", () => {
    const log = LoggedData.fromRounds(
      Array.from({ length: 200 }, (_, i) => round(i % 2 === 0 ? "a" : "b", 0, 0.5)),
      ["c"]
    )
    const e = OffPolicy.ips(
      log,
      TargetPolicy.deterministic(() => "c"),
      { resamples: 0 }
    )
    expect(e.warnings.map((w) => w.code)).toContain("meanWeight")
  })
})
