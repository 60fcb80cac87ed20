import { describe, expect, it } from "vitest"
import {
  Catalog,
  Experiment,
  Models,
  Population,
  Rule,
  SelectionPolicy,
  Simulation,
  ThompsonSampling
} from "../../src/index.js"

const population = Population.standard(2000)
const catalog = Simulation.catalogOf(population)
const thompson = (name = "thompson"): Simulation.Strategy =>
  Simulation.strategy(name, catalog, Models.empty(ThompsonSampling.thompsonSampling()))
const random = (name = "random"): Simulation.Strategy =>
  Simulation.strategy(name, catalog, Models.empty(ThompsonSampling.thompsonSampling()), {
    options: { selection: SelectionPolicy.uniformRandom }
  })

const tally = (decisions: number, responses: number, reward: number, rewardSquares: number): Simulation.Tally => ({
  decisions,
  withAction: decisions,
  responses,
  reward,
  rewardSquares,
  expectedResponses: responses,
  expectedReward: reward,
  oracleReward: reward
})

describe("lifts", () => {
  it("unpaired: the difference of means and the delta-method ratio, with normal intervals", () => {
    const lift = Experiment.unpairedLift(
      { name: "b", tally: tally(100, 20, 20, 20) },
      { name: "a", tally: tally(100, 10, 10, 10) }
    )
    const vx = (20 - 400 / 100) / 99
    const vy = (10 - 100 / 100) / 99
    const se = Math.sqrt(vx / 100 + vy / 100)
    expect(lift.engagement.difference).toBeCloseTo(0.1, 12)
    expect(lift.engagement.differenceInterval[0]).toBeCloseTo(0.1 - 1.959963984540054 * se, 12)
    expect(lift.engagement.lift).toBeCloseTo(1, 12)
    const seLift = Math.sqrt(vx / (100 * 0.01) + (0.04 * vy) / (100 * 0.0001))
    expect(lift.engagement.liftInterval[1]).toBeCloseTo(1 + 1.959963984540054 * seLift, 10)
    expect(lift.engagement.trueLift).toBeCloseTo(1, 12)
    expect(lift.paired).toBe(false)
  })

  it("paired: two identical strategies differ by exactly 0, with a zero-width interval", () => {
    const result = Simulation.run(population, [thompson("x"), thompson("y")], { seed: 4, decisions: 1000 })
    const lift = Experiment.pairedLift(result, "x", "y")
    expect(lift.paired).toBe(true)
    expect(lift.value.difference).toBe(0)
    expect(lift.value.differenceInterval[0]).toBeCloseTo(0, 12)
    expect(lift.value.differenceInterval[1]).toBeCloseTo(0, 12)
    expect(lift.engagement.lift).toBeCloseTo(0, 12)
  })

  it("paired: the oracle over random, either way round", () => {
    const result = Simulation.run(population, [random(), Simulation.oracleStrategy(population)], {
      seed: 4,
      decisions: 3000
    })
    const up = Experiment.pairedLift(result, "oracle", "random")
    const down = Experiment.pairedLift(result, "random", "oracle")
    expect(up.value.trueLift).toBeGreaterThan(0.5)
    expect(up.value.difference).toBeCloseTo(-down.value.difference, 12)
    expect(up.value.liftInterval[0]).toBeGreaterThan(0)
    expect(up.value.liftInterval[0]).toBeLessThan(up.value.trueLift)
    expect(up.value.liftInterval[1]).toBeGreaterThan(up.value.trueLift)
    expect(() => Experiment.pairedLift(result, "oracle", "nobody")).toThrow(/no paired run/)
  })
})

describe("Impact Analyzer", () => {
  it("runs the variants on the same visits and measures nba against each", () => {
    const spec = Simulation.catalogSpec(population, { levers: { Savings: 200 } })
    // a suitability rule: no mortgage for the under-25s
    const actions = (spec["actions"] as ReadonlyArray<Record<string, unknown>>).map((a) =>
      a["id"] === "Mortgage" ? { ...a, policies: { suitability: Rule.encode(Rule.gte("subject.age", 25)) } } : a
    )
    const compiled = Catalog.catalog({ ...spec, actions })
    if (compiled._tag === "Left") throw new Error("catalog")
    const base = Simulation.oracleStrategy(population)
    const report = Experiment.impactAnalyzer(
      population,
      { ...base, catalog: compiled.right },
      { seed: 9, decisions: 2000 }
    )
    expect(report.result.strategies.map((s) => s.name)).toEqual([
      "nba",
      "randomAction",
      "propensityOnly",
      "noLevers",
      "eligibilityOnly",
      "randomPropensity"
    ])
    const lift = (name: string): Experiment.Lift =>
      (report.lifts.find((l) => l.experiment === name) as { lift: Experiment.Lift }).lift
    // the true propensities with a lever on Savings: levers off and eligibility-only both earn more value
    expect(lift("noLevers").value.trueLift).toBeLessThan(0)
    expect(lift("randomAction").value.trueLift).toBeGreaterThan(0)
    expect(lift("randomPropensity").value.trueLift).toBeGreaterThan(0)
    const noLevers = report.result.strategies.find((s) => s.name === "noLevers") as Simulation.StrategyResult
    const eligibility = report.result.strategies.find((s) => s.name === "eligibilityOnly") as Simulation.StrategyResult
    // without levers the oracle learner is the oracle
    expect(noLevers.oracleShare).toBeLessThan(1)
    expect(eligibility.actions.find((a) => a.actionId === "Mortgage")?.count).toBeGreaterThan(
      (report.result.strategies[0]?.actions.find((a) => a.actionId === "Mortgage")?.count ?? 0) - 1
    )
    for (const { lift: l } of report.lifts) expect(l.decisions).toEqual([2000, 2000])
  })

  it("eligibilityOnly removes applicability and suitability at every level", () => {
    const compiled = Catalog.catalog({
      issues: [{ name: "Sales", policies: { applicability: Rule.encode(Rule.never) }, groups: [{ name: "Offers" }] }],
      actions: [
        {
          id: "A",
          issue: "Sales",
          group: "Offers",
          channels: [{ channel: "web", direction: "inbound" }],
          policies: { eligibility: Rule.encode(Rule.gte("subject.age", 18)), suitability: Rule.encode(Rule.never) }
        }
      ]
    })
    if (compiled._tag === "Left") throw new Error("catalog")
    const stripped = Experiment.eligibilityOnly(compiled.right)
    expect(stripped.spec.issues[0]?.policies).toEqual({})
    expect(Object.keys(stripped.spec.actions[0]?.policies ?? {})).toEqual(["eligibility"])
  })
})

describe("champion / challenger", () => {
  it("splits subjects stably and measures the challenger's lift", () => {
    const report = Experiment.championChallenger(
      population,
      random("champion"),
      Simulation.oracleStrategy(population),
      {
        seed: 6,
        decisions: 4000,
        share: 0.3
      }
    )
    const [champion, challenger] = report.result.strategies as [Simulation.StrategyResult, Simulation.StrategyResult]
    expect(champion.tally.decisions + challenger.tally.decisions).toBe(4000)
    expect(challenger.tally.decisions / 4000).toBeGreaterThan(0.25)
    expect(challenger.tally.decisions / 4000).toBeLessThan(0.35)
    expect(report.lift.paired).toBe(false)
    expect(report.lift.value.trueLift).toBeGreaterThan(0.5)
    expect(report.lift.value.liftInterval[0]).toBeGreaterThan(0)
    expect(() =>
      Experiment.championChallenger(population, random(), Simulation.oracleStrategy(population), {
        seed: 1,
        decisions: 1,
        share: 1
      })
    ).toThrow(/share/)
  })

  it("the control group within a strategy", () => {
    const withControl = Simulation.strategy(
      "nba",
      Simulation.catalogOf(population, { controlGroup: 0.2 }),
      Simulation.oracleStrategy(population).models
    )
    const result = Simulation.run(population, [withControl], { seed: 8, decisions: 3000 })
    const s = result.strategies[0] as Simulation.StrategyResult
    expect(s.controlGroup.members.decisions / 3000).toBeGreaterThan(0.15)
    expect(s.controlGroup.members.decisions / 3000).toBeLessThan(0.25)
    const lift = Experiment.controlGroupLift(s)
    expect(lift.value.trueLift).toBeGreaterThan(0.5)
  })
})

describe("value finder", () => {
  it("counts subjects without an action, with only low propensities, with a relevant one", () => {
    const young = Simulation.strategy(
      "cards",
      Simulation.catalogOf(population, { actions: ["GoldCard"] }),
      Simulation.oracleStrategy(population).models
    )
    const found = Experiment.valueFinder(population, young, { threshold: 0.05 })
    const ineligible = population.subjects.filter((s) => !((s.attributes["age"] as number) >= 21)).length
    expect(found.withoutAction).toBe(ineligible)
    expect(found.withoutAction + found.onlyLowPropensity + found.relevant).toBe(2000)
    // the oracle's propensities are the truth
    expect(found.truth.relevant).toBe(found.relevant)
    expect(found.relevant).toBeGreaterThan(0)
    expect(found.onlyLowPropensity).toBeGreaterThan(0)
    const fresh = Experiment.valueFinder(population, Simulation.strategy("new", catalog, thompson().models))
    // an empty Thompson model gives every action 0.5: nobody is low
    expect(fresh.threshold).toBeCloseTo(0.25, 12)
    expect(fresh.onlyLowPropensity).toBe(0)
  })
})
