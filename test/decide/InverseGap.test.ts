/**
 * Inverse gap weighting in the decision pipeline: the decision record carries the exact
 * probability `SelectionPolicy.inverseGap` gives the returned action, and over seeds each action is
 * returned with that frequency; with exploring learners the Monte Carlo re-draw walks the same way.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { SelectionCodec } from "../../src/catalog/Catalog.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import * as LinearBandit from "../../src/learners/LinearBandit.js"
import { empty } from "../../src/learners/Models.js"
import * as SelectionPolicy from "../../src/learners/SelectionPolicy.js"
import { thompsonSampling } from "../../src/learners/ThompsonSampling.js"
import { modelsOf, mustCompile, NOW, specOf, type ActionShape } from "../arbitraries/catalog.js"

const shape = (value: number, propensity = 0.5): ActionShape => ({
  issue: "Sales",
  group: "Cards",
  channels: ["web"],
  value,
  weight: 0,
  evaluation: "default",
  available: true,
  minAge: null,
  propensity
})
const tolerance = (p: number, n: number): number => 4.5 * Math.sqrt((p * (1 - p)) / n) + 1e-9

describe("nextBestAction with inverse gap weighting", () => {
  // priorities 5, 10, 20, 2.5 (propensity 0.5 × value); γ = 0.1: gaps 15, 10, 0, 17.5
  const shapes = [shape(10), shape(20), shape(40), shape(5)]
  const spec = specOf(shapes)
  const catalog = mustCompile(spec)
  const expected = new Map([
    ["a00", 1 / 5.5],
    ["a01", 1 / 5],
    ["a02", 1 - 1 / 5.5 - 1 / 5 - 1 / 5.75],
    ["a03", 1 / 5.75]
  ])
  const request = (seed: number, options: object) => ({
    seed,
    subject: { id: "s", attributes: {} },
    context: { now: NOW, channel: "web" },
    options
  })

  it("fixed propensities: the record's probability is the exact IGW one, and the frequencies match it", () => {
    const models = modelsOf(spec, shapes)
    const n = 2000
    const counts = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(
        catalog,
        models,
        request(s, { controlGroup: false, selection: SelectionPolicy.inverseGap(0.1) })
      )
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("exact")
      expect(c.selectionProbability).toBeCloseTo(expected.get(c.actionId) as number, 12)
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
    }
    expect(counts.size).toBe(4)
    for (const [id, k] of counts) {
      const p = expected.get(id) as number
      expect(Math.abs(k / n - p)).toBeLessThan(tolerance(p, n))
    }
  })

  it("the floor lifts every probability to it", () => {
    const models = modelsOf(spec, shapes)
    for (let s = 0; s < 200; s++) {
      const d = nextBestAction(
        catalog,
        models,
        request(s, { controlGroup: false, selection: SelectionPolicy.inverseGap(10, 0.2) })
      )
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      // γ = 10: every raw 1/(4 + 10·gap) is below 0.2, so the others get 0.2 and the best 0.4
      expect(c.selectionProbability).toBeCloseTo(c.actionId === "a02" ? 0.4 : 0.2, 12)
    }
  })

  it("Thompson sampling: the Monte Carlo estimate under IGW matches the frequency of rank 1", () => {
    const models = empty(thompsonSampling())
    const n = 600
    const counts = new Map<string, number>()
    const estimates = new Map<string, Array<number>>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(
        catalog,
        models,
        request(s, { controlGroup: false, selectionDraws: 200, selection: SelectionPolicy.inverseGap(0.1) })
      )
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("monteCarlo")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      estimates.set(c.actionId, [...(estimates.get(c.actionId) ?? []), c.selectionProbability])
    }
    for (const [id, k] of counts) {
      const xs = estimates.get(id) as Array<number>
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length
      expect(Math.abs(k / n - mean)).toBeLessThan(tolerance(mean, n) + 0.02)
    }
  })

  it("LinUCB's bound draws nothing: greedy is deterministic (probability 1), IGW exact", () => {
    const models = empty(LinearBandit.linUcb({ features: [LinearBandit.numeric("subject.x")] }))
    const greedy = nextBestAction(catalog, models, request(1, { controlGroup: false }))
    expect(greedy.actions[0]?.selectionMethod).toBe("deterministic")
    expect(greedy.actions[0]?.selectionProbability).toBe(1)
    const igw = nextBestAction(
      catalog,
      models,
      request(1, { controlGroup: false, selection: SelectionPolicy.inverseGap(0.1) })
    )
    expect(igw.actions[0]?.selectionMethod).toBe("exact")
    const q = igw.actions[0]?.selectionProbability ?? 0
    expect(q > 0 && q < 1).toBe(true)
  })

  it("the catalog's JSON form decodes and encodes back; bad values are reported with their path", () => {
    const decoded = SelectionCodec.decode({ inverseGap: { gamma: 10, floor: 0.01 } })
    expect(decoded).toStrictEqual(E.right(SelectionPolicy.inverseGap(10, 0.01)))
    expect(SelectionCodec.encode(SelectionPolicy.inverseGap(10, 0.01))).toStrictEqual({
      inverseGap: { gamma: 10, floor: 0.01 }
    })
    expect(SelectionCodec.encode(SelectionPolicy.inverseGap(3))).toStrictEqual({ inverseGap: { gamma: 3 } })
    const bad = SelectionCodec.decode({ inverseGap: { gamma: -1, floor: 2, extra: 1 } })
    expect(E.isLeft(bad)).toBe(true)
    if (E.isLeft(bad)) expect(bad.left.length).toBe(3)
  })
})
