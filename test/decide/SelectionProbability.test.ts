import { describe, expect, it } from "vitest"
import { scaledUniformWinProbability } from "../../src/decide/internal/SelectionProbability.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import { beta } from "../../src/kernel/Distributions.js"
import { fromSeed, nextDouble } from "../../src/kernel/Random.js"
import type { Learner } from "../../src/learners/Learner.js"
import { empty, fromStates } from "../../src/learners/Models.js"
import { naiveBayes, numeric } from "../../src/learners/NaiveBayes.js"
import { thompsonSampling } from "../../src/learners/ThompsonSampling.js"
import { fixedLearner, modelsOf, mustCompile, NOW, specOf, type ActionShape } from "../arbitraries/catalog.js"

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

describe("scaledUniformWinProbability", () => {
  it("known answers: equal weights give 1/K, weights 1:2 give 1/4 and 3/4", () => {
    for (const k of [1, 2, 3, 5])
      for (let i = 0; i < k; i++)
        expect(scaledUniformWinProbability(new Array(k).fill(7), new Array(k).fill(0), i)).toBeCloseTo(1 / k, 12)
    expect(scaledUniformWinProbability([1, 2], [0, 0], 0)).toBeCloseTo(0.25, 12)
    expect(scaledUniformWinProbability([1, 2], [0, 0], 1)).toBeCloseTo(0.75, 12)
  })
  it("agrees with simulation, thresholds included; sums to 1 − P(nobody passes)", () => {
    const weights = [3, 1, 2, 5]
    const thresholds = [0.2, 0, 0.5, 0.9]
    const n = 40_000
    const wins = [0, 0, 0, 0]
    let rng = fromSeed("uniform-max")
    for (let s = 0; s < n; s++) {
      let best = -1
      let bestX = -1
      for (let j = 0; j < weights.length; j++) {
        const [u, next] = nextDouble(rng)
        rng = next
        if (u < (thresholds[j] as number)) continue
        const x = u * (weights[j] as number)
        if (x > bestX) {
          bestX = x
          best = j
        }
      }
      if (best >= 0) wins[best] = (wins[best] as number) + 1
    }
    const exact = weights.map((_, i) => scaledUniformWinProbability(weights, thresholds, i))
    exact.forEach((p, i) => expect(Math.abs((wins[i] as number) / n - p)).toBeLessThan(tolerance(p, n)))
    expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(1 - thresholds.reduce((a, b) => a * b, 1), 12)
  })
})

describe("nextBestAction: selection probabilities", () => {
  const shapes = [shape(10), shape(20), shape(40), shape(5)]
  const spec = specOf(shapes)
  const catalog = mustCompile(spec)
  const request = (seed: number, options: object) => ({
    seed,
    subject: { id: "s", attributes: {} },
    context: { now: NOW, channel: "web" },
    options
  })

  it("ε-greedy over fixed propensities: exact 1 − ε + ε/K for the best, ε/K for the others, with those frequencies", () => {
    const models = modelsOf(spec, shapes)
    const n = 4000
    const counts = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(
        catalog,
        models,
        request(s, { controlGroup: false, selection: { _tag: "EpsilonGreedy", epsilon: 0.4 } })
      )
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("exact")
      expect(c.selectionProbability).toBeCloseTo(c.actionId === "a02" ? 0.7 : 0.1, 12)
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
    }
    for (const [id, k] of counts)
      expect(Math.abs(k / n - (id === "a02" ? 0.7 : 0.1))).toBeLessThan(tolerance(id === "a02" ? 0.7 : 0.1, n))
  })

  it("uniform random: 1/K", () => {
    const d = nextBestAction(
      catalog,
      modelsOf(spec, shapes),
      request(1, { controlGroup: false, selection: { _tag: "UniformRandom" } })
    )
    expect(d.actions[0]?.selectionProbability).toBeCloseTo(0.25, 12)
  })

  it("control group: the exact probability of rank 1 matches the frequency over seeds", () => {
    const models = modelsOf(spec, shapes)
    const n = 4000
    const counts = new Map<string, number>()
    const exact = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(catalog, models, request(s, { controlGroup: true }))
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("exact")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      exact.set(c.actionId, c.selectionProbability)
    }
    for (const [id, k] of counts)
      expect(Math.abs(k / n - (exact.get(id) as number))).toBeLessThan(tolerance(exact.get(id) as number, n))
  })

  it("Thompson sampling: the quadrature of rank 1 matches the frequency over seeds", () => {
    const models = empty(thompsonSampling())
    const n = 1500
    const counts = new Map<string, number>()
    const estimates = new Map<string, Array<number>>()
    for (let s = 0; s < n; s++) {
      const d = nextBestAction(catalog, models, request(s, { controlGroup: false, selectionDraws: 200 }))
      const c = d.actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("quadrature")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      estimates.set(c.actionId, [...(estimates.get(c.actionId) ?? []), c.selectionProbability])
    }
    for (const [id, k] of counts) {
      const xs = estimates.get(id) as Array<number>
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length
      // the estimate of each decision has its own Monte Carlo error (200 draws); compare means
      expect(Math.abs(k / n - mean)).toBeLessThan(tolerance(mean, n) + 0.02)
    }
  })

  it("selectionDraws does not change the decision; rank 1 of one Thompson slot is a quadrature even with 0 draws", () => {
    const models = empty(thompsonSampling())
    // rank 1 of one slot is a quadrature, whatever the draws (the default is 0 draws)
    const a = nextBestAction(catalog, models, request(3, { controlGroup: false, selectionDraws: 0 }))
    const b = nextBestAction(catalog, models, request(3, { controlGroup: false, selectionDraws: 50 }))
    const c = nextBestAction(catalog, models, request(3, { controlGroup: false }))
    expect(a.actions.map((x) => x.actionId)).toEqual(b.actions.map((x) => x.actionId))
    expect(a.actions[0]?.selectionMethod).toBe("quadrature")
    expect(a.actions[0]?.selectionProbability).toBe(b.actions[0]?.selectionProbability)
    expect(c.actions[0]?.selectionProbability).toBe(b.actions[0]?.selectionProbability)
    expect(b.actions[0]?.selectionProbability).toBeGreaterThan(0)
  })

  it("selectionQuadrature: false leaves the first place unestimated (NaN) and changes nothing else", () => {
    const models = empty(thompsonSampling())
    for (let s = 0; s < 5; s++) {
      const on = nextBestAction(catalog, models, request(s, { controlGroup: false }))
      const off = nextBestAction(catalog, models, request(s, { controlGroup: false, selectionQuadrature: false }))
      expect(off.actions.map((x) => [x.actionId, x.priority])).toEqual(on.actions.map((x) => [x.actionId, x.priority]))
      expect(on.actions[0]?.selectionMethod).toBe("quadrature")
      expect(off.actions[0]?.selectionMethod).toBe("monteCarlo")
      expect(off.actions[0]?.selectionProbability).toBeNaN()
      // with draws, the first place is estimated by Monte Carlo instead, near the quadrature
      const drawn = nextBestAction(
        catalog,
        models,
        request(s, { controlGroup: false, selectionQuadrature: false, selectionDraws: 2000 })
      )
      const p = on.actions[0]?.selectionProbability as number
      expect(Math.abs((drawn.actions[0]?.selectionProbability as number) - p)).toBeLessThan(
        5 * Math.sqrt((p * (1 - p)) / 2000) + 0.01
      )
    }
  })
})

describe("Score.exploration: the Beta the exploration was drawn from", () => {
  it("Thompson sampling and naive Bayes report it, and re-drawing from it with the same generator gives `explored`", () => {
    const ts = thompsonSampling()
    const state = { positives: 3, negatives: 17, at: null, events: 0 }
    for (let seed = 0; seed < 20; seed++) {
      const rng = fromSeed(seed)
      const [score] = ts.score(state, {}, rng, { propensity: 0.1, evidence: 10 })
      expect(score.exploration).toEqual({ alpha: 1 + 3, beta: 9 + 17 })
      expect(beta(rng, 4, 26)[0]).toBe(score.explored)
    }
    const nb = naiveBayes({ predictors: [numeric("subject.age")] })
    const learned = nb.learnAll(
      nb.empty,
      Array.from({ length: 50 }, (_, i) => ({ features: { "subject.age": 20 + i }, positive: i % 5 === 0, at: 0 }))
    )
    for (let seed = 0; seed < 20; seed++) {
      const rng = fromSeed(`nb-${seed}`)
      const [score] = nb.score(learned, { "subject.age": 33 }, rng, { propensity: 0.3, evidence: 4 })
      const e = score.exploration
      if (e === undefined) throw new Error("naive Bayes with exploration reports its Beta")
      const nu = 50 + 4 + 2
      expect(e.alpha).toBeCloseTo(score.propensity * nu, 12)
      expect(e.beta).toBeCloseTo((1 - score.propensity) * nu, 12)
      // the exploration floor (k = 2): a uniform draw with probability 2 / (2 + 50 + 4), drawn after the Beta
      expect(e.uniform).toBe(2 / (2 + 50 + 4))
      const [x, afterBeta] = beta(rng, e.alpha, e.beta)
      const [u, afterU] = nextDouble(afterBeta)
      expect(u < (e.uniform as number) ? nextDouble(afterU)[0] : x).toBe(score.explored)
    }
    // no exploration, or a degenerate Beta: nothing to re-draw
    expect(
      naiveBayes({ predictors: [numeric("subject.age")], exploration: "none" }).score(learned, {}, fromSeed(1))[0]
        .exploration
    ).toBeUndefined()
    expect(ts.score(state, {}, fromSeed(1), { propensity: 0.5, evidence: 0 })[0].exploration).toEqual({
      alpha: 3,
      beta: 17
    })
    expect(
      ts.score({ ...state, positives: 0 }, {}, fromSeed(1), { propensity: 0, evidence: 5 })[0].exploration
    ).toBeUndefined()
  })
})

describe("nextBestAction: Monte Carlo estimates against frequencies over seeds", () => {
  const shapes = [shape(10), shape(20), shape(40), shape(5)]
  const spec = specOf(shapes)
  const catalog = mustCompile(spec)
  const request = (seed: number, options: object, limit = 1) => ({
    seed,
    subject: { id: "s", attributes: {} },
    context: { now: NOW, channel: "web", limit },
    options: { controlGroup: false, ...options }
  })

  /** per (rank-1 action, rank-2 action): the frequency given the rank-1 action, and the mean estimate */
  const secondRank = (decide: (seed: number) => ReturnType<typeof nextBestAction>, n: number) => {
    const first = new Map<string, number>()
    const pairs = new Map<string, { count: number; estimates: number }>()
    for (let s = 0; s < n; s++) {
      const d = decide(s)
      const [a, b] = d.actions
      if (a === undefined || b === undefined) throw new Error("two actions expected")
      expect(b.selectionMethod).toBe("monteCarlo")
      first.set(a.actionId, (first.get(a.actionId) ?? 0) + 1)
      const key = `${a.actionId}>${b.actionId}`
      const p = pairs.get(key) ?? { count: 0, estimates: 0 }
      pairs.set(key, { count: p.count + 1, estimates: p.estimates + b.selectionProbability })
    }
    let checked = 0
    for (const [key, p] of pairs) {
      const given = first.get(key.split(">")[0] as string) as number
      if (given < 150) continue
      const frequency = p.count / given
      const mean = p.estimates / p.count
      expect(Math.abs(frequency - mean)).toBeLessThan(tolerance(mean, given) + 0.03)
      checked++
    }
    expect(checked).toBeGreaterThan(2)
  }

  it("Thompson sampling, rank 2: the conditional probability given rank 1", () => {
    const models = empty(thompsonSampling())
    secondRank((s) => nextBestAction(catalog, models, request(s, { selectionDraws: 200 }, 2)), 1500)
  })

  it("Thompson sampling with ε-greedy selection: both sources of randomness re-drawn", () => {
    const models = empty(thompsonSampling())
    const n = 1500
    const counts = new Map<string, number>()
    const estimates = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const c = nextBestAction(
        catalog,
        models,
        request(s, { selectionDraws: 200, selection: { _tag: "EpsilonGreedy", epsilon: 0.3 } })
      ).actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("monteCarlo")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      estimates.set(c.actionId, (estimates.get(c.actionId) ?? 0) + c.selectionProbability)
    }
    for (const [id, k] of counts) {
      const mean = (estimates.get(id) as number) / k
      expect(Math.abs(k / n - mean)).toBeLessThan(tolerance(mean, n) + 0.02)
    }
  })

  it("a learner that reports no exploration distribution is re-scored (the fallback)", () => {
    // explored = propensity · 2u for a uniform u: random, but no Beta to re-draw from
    const noisy: Learner<number> = {
      ...fixedLearner,
      score: (p, _features, rng) => {
        const [u, next] = nextDouble(rng)
        return [{ propensity: p, explored: Math.min(1, p * 2 * u), evidence: 0 }, next]
      }
    }
    const models = fromStates(noisy, { "a00@web": 0.5, "a01@web": 0.4, "a02@web": 0.3, "a03@web": 0.9 })
    const n = 1500
    const counts = new Map<string, number>()
    const estimates = new Map<string, number>()
    for (let s = 0; s < n; s++) {
      const c = nextBestAction(catalog, models, request(s, { selectionDraws: 200 })).actions[0]
      if (c === undefined) throw new Error("no action")
      expect(c.selectionMethod).toBe("monteCarlo")
      counts.set(c.actionId, (counts.get(c.actionId) ?? 0) + 1)
      estimates.set(c.actionId, (estimates.get(c.actionId) ?? 0) + c.selectionProbability)
    }
    expect(counts.size).toBeGreaterThan(2)
    for (const [id, k] of counts) {
      const mean = (estimates.get(id) as number) / k
      expect(Math.abs(k / n - mean)).toBeLessThan(tolerance(mean, n) + 0.02)
    }
  })

  it("permuting the catalog changes no estimate (each candidate re-draws from its own stream)", () => {
    const models = empty(thompsonSampling())
    const reversed = mustCompile({ ...spec, actions: [...spec.actions].reverse() })
    for (let s = 0; s < 20; s++) {
      const r = request(s, { selectionDraws: 50 }, 2)
      expect(nextBestAction(reversed, models, r)).toEqual(nextBestAction(catalog, models, r))
    }
  })
})
