/**
 * Known answers of the linear bandits: the solve against the normal equations computed here by
 * plain Gaussian elimination, coefficients recovered from synthetic data, a LinUCB case computed by
 * hand, the rank-deficient and non-finite cases, forgetting, the shared (ADF) model, the codec's
 * problems and the configuration checks; and scores pinned to the last bit.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import type { Features, Observation } from "../../src/learners/Learner.js"
import * as LinearBandit from "../../src/learners/LinearBandit.js"
import { argmax } from "../../src/learners/SelectionPolicy.js"

const at = Date.UTC(2024, 0, 1)

/** a seeded stream of uniform doubles */
const uniforms = (seed: string): (() => number) => {
  let rng: Rng = fromSeed(seed)
  return () => {
    const [u, next] = nextDouble(rng)
    rng = next
    return u
  }
}

/** solves a dense system by Gaussian elimination with partial pivoting (the reference) */
const gauss = (a: Array<Array<number>>, b: Array<number>): Array<number> => {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] as number])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r
    ;[m[c], m[p]] = [m[p]!, m[c]!]
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!
    x[r] = s / m[r]![r]!
  }
  return x
}

const terms = [
  LinearBandit.numeric("subject.x1", { center: 0.5, scale: 0.25 }),
  LinearBandit.numeric("subject.x2"),
  LinearBandit.symbolic("subject.segment", ["b", "c"])
]

/** responses whose probability is linear: 0.2 + 0.05·z1 − 0.1·x2 + 0.15·[b] − 0.05·[c] */
const linearData = (n: number, seed: string): Array<Observation> => {
  const u = uniforms(seed)
  return Array.from({ length: n }, () => {
    const x1 = u()
    const x2 = u()
    const r = u()
    const segment = r < 1 / 3 ? "a" : r < 2 / 3 ? "b" : "c"
    const p = 0.2 + 0.05 * ((x1 - 0.5) / 0.25) - 0.1 * x2 + (segment === "b" ? 0.15 : segment === "c" ? -0.05 : 0)
    return { features: { "subject.x1": x1, "subject.x2": x2, "subject.segment": segment }, positive: u() < p, at }
  })
}

describe("LinearBandit: the posterior mean is the ridge solution", () => {
  it("equals (Λ + XᵀX)⁻¹(Λμ0 + Xᵀy) by Gaussian elimination, to 1e-9", () => {
    const learner = LinearBandit.linearThompson({ features: terms, ridge: 2, prior: { propensity: 0.1, evidence: 5 } })
    const data = linearData(500, "ridge")
    const state = learner.learnAll(learner.empty, data)
    const d = learner.columns.length
    const a: Array<Array<number>> = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? 2 : 0))
    )
    const b = new Array<number>(d).fill(0)
    a[0]![0] = 2 + 5
    b[0] = 7 * 0.1
    for (const o of data) {
      const x = learner.vector(o.features)
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) a[i]![j] = a[i]![j]! + x[i]! * x[j]!
        if (o.positive) b[i] = b[i]! + x[i]!
      }
    }
    const expected = gauss(a, b)
    const got = learner.coefficients(state).map((c) => c.mean)
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 9))
    expect(learner.coefficients(state).map((c) => c.column)).toStrictEqual([
      "(intercept)",
      "subject.x1",
      "subject.x2",
      "subject.segment=b",
      "subject.segment=c"
    ])
  })
})

describe("LinUCB: the width is √(xᵀA⁻¹x)·σ", () => {
  // the width is summed in two interleaved halves per row of L⁻¹x (for speed): it may differ from
  // the exact quadratic form by rounding only, stated here as a relative 1e-12
  it("equals σ·√(xᵀw), A·w = x by Gaussian elimination, to a relative 1e-12, at 4 to 26 columns", () => {
    const u = uniforms("width")
    for (const k of [1, 2, 3, 8, 23]) {
      const names = Array.from({ length: k }, (_, i) => `subject.x${i}`)
      const wide = [...names.map((n) => LinearBandit.numeric(n, { center: 0.5 })), terms[2]!]
      const learner = LinearBandit.linUcb({ features: wide, noise: 1, ridge: 0.5, exploration: 1.5 })
      const d = learner.columns.length
      const features = (): Features => {
        const f: Record<string, number | string> = {}
        names.forEach((n) => (f[n] = u()))
        f["subject.segment"] = u() < 0.5 ? "b" : "a"
        return f
      }
      const data = Array.from({ length: 300 }, () => ({ features: features(), positive: u() < 0.3, at }))
      const state = learner.learnAll(learner.empty, data)
      const a: Array<Array<number>> = Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => (i === j ? 0.5 : 0))
      )
      for (const o of data) {
        const x = learner.vector(o.features)
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i]![j] = a[i]![j]! + x[i]! * x[j]!
      }
      for (let t = 0; t < 10; t++) {
        const f = features()
        const x = learner.vector(f)
        const w = gauss(a, [...x])
        const expected = Math.sqrt(x.reduce((s, xi, i) => s + xi * w[i]!, 0))
        const e = learner.estimate(state, f)
        expect(Math.abs(e.width - expected)).toBeLessThanOrEqual(1e-12 * expected)
        expect(e.upper).toBe(e.mean + 1.5 * e.width)
      }
    }
  })
})

describe("LinearBandit: recovers the coefficients of a linear truth", () => {
  // 40,000 responses: each coefficient's standard error is about 0.006 (0.01 for the intercept);
  // the tolerance is 0.025, and each estimate must also lie within 4 of its reported sds
  const truth = [0.2, 0.05, -0.1, 0.15, -0.05]
  for (const make of [LinearBandit.linearThompson, LinearBandit.linUcb]) {
    it(`${make === LinearBandit.linUcb ? "linUcb" : "linearThompson"}: every coefficient within 0.025 and 4 sd`, () => {
      const learner = make({ features: terms })
      const state = learner.learnAll(learner.empty, linearData(40_000, "recover"))
      const cs = learner.coefficients(state)
      cs.forEach((c, i) => {
        expect(Math.abs(c.mean - truth[i]!)).toBeLessThan(0.025)
        expect(Math.abs(c.mean - truth[i]!)).toBeLessThan(4 * c.sd)
        expect(c.sd).toBeGreaterThan(0.001)
        expect(c.sd).toBeLessThan(0.02)
      })
      expect(state.responses).toBe(40_000)
    })
  }
})

describe("LinUCB: a hand-computed case", () => {
  // ridge 1, prior p0 = 0, σ = 1, α = 0.4, x = (1, subject.x)
  //   arm A learned (x = 1, positive) and (x = 0, negative): A = [[3, 1], [1, 2]], b = (1, 1),
  //     A⁻¹ = [[2, −1], [−1, 3]] / 5, μ = (0.2, 0.4)
  //   arm B learned (x = 1, negative): A = [[2, 1], [1, 2]], b = 0, A⁻¹ = [[2, −1], [−1, 2]] / 3, μ = 0
  //   arm C learned nothing: A = I, μ = 0
  const learner = LinearBandit.linUcb({
    features: [LinearBandit.numeric("subject.x")],
    prior: { propensity: 0, evidence: 0 },
    noise: 1,
    exploration: 0.4
  })
  const o = (x: number, positive: boolean): Observation => ({ features: { "subject.x": x }, positive, at })
  const arms = [
    learner.learnAll(learner.empty, [o(1, true), o(0, false)]),
    learner.learnAll(learner.empty, [o(1, false)]),
    learner.empty
  ]
  const cases: ReadonlyArray<readonly [number, ReadonlyArray<number>, number]> = [
    // x, the UCB of A, B, C, the chosen arm
    [1, [0.6 + 0.4 * Math.sqrt(3 / 5), 0.4 * Math.sqrt(2 / 3), 0.4 * Math.sqrt(2)], 0],
    [-2, [-0.6 + 0.4 * Math.sqrt(18 / 5), 0.4 * Math.sqrt(14 / 3), 0.4 * Math.sqrt(5)], 2],
    [0, [0.2 + 0.4 * Math.sqrt(2 / 5), 0.4 * Math.sqrt(2 / 3), 0.4], 0]
  ]
  for (const [x, ucb, chosen] of cases) {
    it(`x = ${x}: UCBs ${ucb.map((u) => u.toFixed(4)).join(", ")}, arm ${"ABC"[chosen]} chosen`, () => {
      const got = arms.map((s) => learner.estimate(s, { "subject.x": x }).upper)
      got.forEach((g, i) => expect(Math.abs(g - ucb[i]!)).toBeLessThan(1e-12))
      expect(argmax(got)).toBe(chosen)
      const [scores] = [arms.map((s) => learner.score(s, { "subject.x": x }, fromSeed(1))[0].explored)]
      expect(argmax(scores)).toBe(chosen)
    })
  }
  it("the posterior means are μ_A = (0.2, 0.4), μ_B = μ_C = 0", () => {
    const means = arms.map((s) => learner.coefficients(s).map((c) => c.mean))
    expect(means[0]![0]).toBeCloseTo(0.2, 14)
    expect(means[0]![1]).toBeCloseTo(0.4, 14)
    expect(means[1]).toStrictEqual([0, 0])
    expect(means[2]).toStrictEqual([0, 0])
  })
  it("scoring does not draw: the rng comes back unchanged", () => {
    const rng = fromSeed(3)
    expect(learner.score(arms[0]!, { "subject.x": 1 }, rng)[1]).toBe(rng)
  })
})

describe("LinearBandit: rank deficiency and non-finite statistics", () => {
  it("two identical columns: the ridge splits the effect equally, and nothing is lost", () => {
    const learner = LinearBandit.linUcb({
      features: [LinearBandit.numeric("subject.a"), LinearBandit.numeric("subject.b")]
    })
    const u = uniforms("twins")
    const data: Array<Observation> = Array.from({ length: 2000 }, () => {
      const v = u()
      return { features: { "subject.a": v, "subject.b": v }, positive: u() < 0.1 + 0.3 * v, at }
    })
    const state = learner.learnAll(learner.empty, data)
    const [, a, b] = learner.coefficients(state)
    expect(a!.mean).toBeCloseTo(b!.mean, 9)
    expect(a!.mean + b!.mean).toBeGreaterThan(0.2)
    expect(learner.estimate(state, { "subject.a": 0.5, "subject.b": 0.5 }).jitter).toBe(0)
  })
  it("a vanishing ridge on a singular XᵀX is factored with a jitter", () => {
    const learner = LinearBandit.linUcb({
      features: [LinearBandit.numeric("subject.a"), LinearBandit.numeric("subject.b")],
      ridge: 1e-300
    })
    const state = learner.learnAll(
      learner.empty,
      [1, 2, 3].map((v) => ({ features: { "subject.a": v, "subject.b": v }, positive: v > 1, at }))
    )
    const e = learner.estimate(state, { "subject.a": 2, "subject.b": 2 })
    expect(e.jitter).toBeGreaterThan(0)
    expect(Number.isFinite(e.mean) && Number.isFinite(e.width)).toBe(true)
  })
  it("non-finite statistics score the starting propensity without exploring", () => {
    const learner = LinearBandit.linearThompson({
      features: [LinearBandit.numeric("subject.a")],
      prior: { propensity: 0.3, evidence: 10 }
    })
    const broken: LinearBandit.State = { ...learner.empty, gram: Float64Array.of(1, Number.NaN, 1) }
    const [score] = learner.score(broken, { "subject.a": 1 }, fromSeed(1))
    expect(score).toStrictEqual({ propensity: 0.3, explored: 0.3, evidence: 0 })
    expect(Number.isNaN(learner.estimate(broken, {}).jitter)).toBe(true)
  })
})

describe("LinearBandit: cold start", () => {
  it("an empty model scores its prior: the config's, else the catalog's, else 0.5", () => {
    const f = [LinearBandit.numeric("subject.a")]
    const rng = fromSeed(1)
    expect(
      LinearBandit.linUcb({ features: f }).score(LinearBandit.linUcb({ features: f }).empty, {}, rng)[0].propensity
    ).toBe(0.5)
    const configured = LinearBandit.linUcb({ features: f, prior: { propensity: 0.05, evidence: 100 } })
    expect(configured.score(configured.empty, {}, rng, { propensity: 0.9, evidence: 1 })[0].propensity).toBeCloseTo(
      0.05,
      12
    )
    const plain = LinearBandit.linUcb({ features: f })
    expect(plain.score(plain.empty, {}, rng, { propensity: 0.02, evidence: 50 })[0].propensity).toBeCloseTo(0.02, 12)
  })
  it("the prior's evidence narrows the exploration of a new model", () => {
    const f = [LinearBandit.numeric("subject.a")]
    const weak = LinearBandit.linUcb({ features: f, prior: { propensity: 0.05, evidence: 1 } })
    const strong = LinearBandit.linUcb({ features: f, prior: { propensity: 0.05, evidence: 1000 } })
    expect(strong.estimate(strong.empty, {}).width).toBeLessThan(weak.estimate(weak.empty, {}).width / 10)
  })
})

describe("LinearBandit: forgetting", () => {
  it("time half-life: a response one half-life older counts half", () => {
    const day = 86_400_000
    const learner = LinearBandit.linUcb({ features: [LinearBandit.numeric("subject.a")], halfLife: { ms: day } })
    const s = learner.learnAll(learner.empty, [
      { features: { "subject.a": 2 }, positive: true, at },
      { features: { "subject.a": 1 }, positive: false, at: at + day }
    ])
    expect(s.responses).toBe(1.5)
    expect(s.positives).toBe(0.5)
    expect(Array.from(s.gram)).toStrictEqual([1.5, 2, 3]) // ½·(1, 2, 4) + (1, 1, 1)
    expect(s.at).toBe(at + day)
  })
  it("event half-life: after h more responses the old ones weigh half", () => {
    const learner = LinearBandit.linearThompson({ features: [], halfLife: { events: 2 } })
    const o = (positive: boolean): Observation => ({ features: {}, positive, at })
    const s = learner.learnAll(learner.empty, [o(true), o(false), o(false)])
    expect(s.positives).toBeCloseTo(0.5, 12)
    expect(s.responses).toBeCloseTo(1 + Math.SQRT1_2 + 0.5, 12)
    expect(s.events).toBe(3)
  })
  it("a changed world is re-learned: the estimate follows the new rate", () => {
    const learner = LinearBandit.linUcb({ features: [], halfLife: { events: 200 } })
    const u = uniforms("drift")
    const phase = (n: number, p: number): Array<Observation> =>
      Array.from({ length: n }, () => ({ features: {}, positive: u() < p, at }))
    const before = learner.learnAll(learner.empty, phase(2000, 0.3))
    const after = learner.learnAll(before, phase(2000, 0.05))
    expect(learner.estimate(before, {}).mean).toBeGreaterThan(0.25)
    expect(learner.estimate(after, {}).mean).toBeLessThan(0.09)
  })
})

describe("LinearBandit: the shared model (ADF)", () => {
  // young subjects answer cards (30%) more than loans (5%), older ones the other way round
  const learner = LinearBandit.linUcb({
    features: LinearBandit.adf(
      [LinearBandit.symbolic("subject.age", ["young"])],
      [LinearBandit.symbolic("action.kind", ["loan"])]
    ),
    exploration: 0
  })
  const truth = (age: string, kind: string): number => ((age === "young") === (kind === "card") ? 0.3 : 0.05)
  const u = uniforms("adf")
  const data: Array<Observation> = Array.from({ length: 8000 }, () => {
    const age = u() < 0.5 ? "young" : "old"
    const kind = u() < 0.5 ? "card" : "loan"
    return { features: { "subject.age": age, "action.kind": kind }, positive: u() < truth(age, kind), at }
  })
  const state = learner.learnAll(learner.empty, data)
  const actions: ReadonlyArray<Features> = [{ "action.kind": "card" }, { "action.kind": "loan" }]
  it("one state learns the interaction: each subject's best action comes first", () => {
    for (const [age, best] of [
      ["young", 0],
      ["old", 1]
    ] as const) {
      const [scores] = learner.scoreActions(state, { "subject.age": age }, actions, fromSeed(1))
      expect(argmax(scores.map((s) => s.explored))).toBe(best)
      scores.forEach((s, i) =>
        expect(Math.abs(s.propensity - truth(age, i === 0 ? "card" : "loan"))).toBeLessThan(0.03)
      )
    }
  })
  it("Thompson sampling draws one coefficient vector for all actions (d normal draws)", () => {
    const ts = LinearBandit.linearThompson({ features: learner.config.features })
    const s = ts.learnAll(ts.empty, data)
    const [a, r1] = ts.scoreActions(s, { "subject.age": "young" }, actions, fromSeed(5))
    const [b, r2] = ts.scoreActions(s, { "subject.age": "young" }, actions, fromSeed(5))
    expect(a).toStrictEqual(b)
    expect(r1).toStrictEqual(r2)
    expect(r1).not.toStrictEqual(fromSeed(5))
    expect(a.every((x) => x.explored >= 0 && x.explored <= 1)).toBe(true)
  })
})

describe("LinearBandit: the codec", () => {
  const learner = LinearBandit.linearThompson({ features: [LinearBandit.numeric("subject.a")] })
  const decode = decodeWith(learner.codec)
  it("reports every problem with its path", () => {
    const result = decode({
      version: 2,
      gram: [1, "x", -1],
      moment: [0, Number.POSITIVE_INFINITY],
      responses: 1.5,
      positives: 3,
      extra: true
    })
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result))
      expect(result.left.problems.map((p) => `${p.path} ${p.code}`)).toStrictEqual([
        "$.extra unknown_key",
        "$.version unknown_version",
        "$.gram[1] invalid_type",
        "$.moment[1] non_finite",
        "$.responses not_integer"
      ])
  })
  it("checks lengths against the learner's dimension, and positives against responses", () => {
    const result = decode({ version: 1, gram: [1], moment: [0, 0], responses: 1, positives: 2 })
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result))
      expect(result.left.problems.map((p) => `${p.path} ${p.code}`)).toStrictEqual([
        "$.gram invalid_value",
        "$.positives out_of_range"
      ])
  })
  it("round-trips a learned state through JSON", () => {
    const s = learner.learnAll(
      learner.empty,
      linearData(50, "codec").map((o) => ({ ...o, features: { "subject.a": 3 } }))
    )
    const back = decode(JSON.parse(JSON.stringify(learner.codec.encode(s))))
    expect(back).toStrictEqual(E.right(s))
  })
})

describe("LinearBandit: configuration mistakes throw", () => {
  it.each([
    ["a non-positive ridge", () => LinearBandit.linUcb({ features: [], ridge: 0 })],
    ["a negative exploration", () => LinearBandit.linUcb({ features: [], exploration: -1 })],
    ["a zero scale", () => LinearBandit.linUcb({ features: [LinearBandit.numeric("a", { scale: 0 })] })],
    ["no levels", () => LinearBandit.linUcb({ features: [LinearBandit.symbolic("a", [])] })],
    ["duplicate levels", () => LinearBandit.linUcb({ features: [LinearBandit.symbolic("a", ["x", "x"])] })],
    ["a prior outside [0, 1]", () => LinearBandit.linUcb({ features: [], prior: { propensity: 2, evidence: 1 } })],
    ["a bad half-life", () => LinearBandit.linearThompson({ features: [], halfLife: { ms: 0 } })],
    [
      "too many columns",
      () =>
        LinearBandit.linUcb({
          features: [
            LinearBandit.symbolic(
              "a",
              Array.from({ length: LinearBandit.MAX_DIMENSION }, (_, i) => `l${i}`)
            )
          ]
        })
    ]
  ])("%s", (_, make) => {
    expect(make).toThrow(TypeError)
  })
  it("the limit is MAX_DIMENSION columns, the intercept included", () => {
    const levels = Array.from({ length: LinearBandit.MAX_DIMENSION - 1 }, (_, i) => `l${i}`)
    expect(LinearBandit.linUcb({ features: [LinearBandit.symbolic("a", levels)] }).columns.length).toBe(128)
  })
})

describe("LinearBandit: scores pinned to the last bit", () => {
  // the values of the implementation before the scoring loops were blocked and unrolled (commit
  // ec079e1): the faster loops add the same terms in the same order, so every score is unchanged —
  // except linear Thompson sampling's explored scores (the first three of each list), whose normal
  // draw is a ziggurat's since (its propensities and every LinUCB score are still ec079e1's);
  // 1, 4, 7, 20 and 21 numeric features cover every dimension modulo 4
  const pinned: Record<number, ReadonlyArray<readonly [number, number]>> = {
    1: [
      [0.16620767133653322, 0.19321773362976358],
      [0.20345731677352677, 0.23241541020285236],
      [0.2539245783333245, 0.26418235926054917],
      [0.16620767133653322, 0.19085647180423487],
      [0.20345731677352677, 0.22413275852821957],
      [0.2539245783333245, 0.2775992050387909]
    ],
    4: [
      [0.2336267752678509, 0.25765974853379053],
      [0.23232449775494074, 0.14843040823774478],
      [0.3084111201605242, 0.3436882663169696],
      [0.2336267752678509, 0.2780876210629707],
      [0.23232449775494074, 0.28275489883757765],
      [0.3084111201605242, 0.35580131302114604]
    ],
    7: [
      [0.0905654537976149, 0.11220733031186025],
      [0.07522765413529599, 0.0765448384037351],
      [0.08799335734215595, 0.2152712165535054],
      [0.0905654537976149, 0.15313492633551423],
      [0.07522765413529599, 0.12091994919961419],
      [0.08799335734215595, 0.13951739424862278]
    ],
    20: [
      [0.26816501369010354, 0.34184653642402835],
      [0, 0],
      [0.5222614924317779, 0.47716246648944116],
      [0.26816501369010354, 0.38158779138431687],
      [0, 0.08473211734378021],
      [0.5222614924317779, 0.645251368115829]
    ],
    21: [
      [0.23774226716521393, 0.18491158652379253],
      [0.11937929435364443, 0.1945395281825622],
      [0.21117170671916963, 0.2765713199537957],
      [0.23774226716521393, 0.30700726553697083],
      [0.11937929435364443, 0.21868563575767785],
      [0.21117170671916963, 0.2975864860928258]
    ]
  }
  for (const [k, expected] of Object.entries(pinned)) {
    it(`${k} numeric features: linear Thompson sampling's and LinUCB's propensities and explored scores`, () => {
      const terms = Array.from({ length: Number(k) }, (_, i) =>
        LinearBandit.numeric(`subject.x${i}`, { center: 0.1 * (i % 3), scale: 1 + 0.25 * (i % 4) })
      )
      const u = uniforms(`pins-${k}`)
      const subject = (): Features =>
        Object.fromEntries(terms.map((t) => [(t as { name: string }).name, Math.round((u() * 4 - 2) * 100) / 100]))
      const observations: Array<Observation> = Array.from({ length: 400 }, (_, i) => {
        const features = subject()
        return { features, positive: u() < 0.2 + 0.05 * (features["subject.x0"] as number), at: i }
      })
      const subjects = Array.from({ length: 3 }, subject)
      const got: Array<readonly [number, number]> = []
      for (const make of [LinearBandit.linearThompson, LinearBandit.linUcb]) {
        const learner = make({ features: terms })
        const state = learner.learnAll(learner.empty, observations)
        let rng = fromSeed(Number(k))
        for (const f of subjects) {
          const [score, next] = learner.score(state, f, rng)
          rng = next
          got.push([score.propensity, score.explored])
        }
      }
      expect(got).toStrictEqual(expected)
    })
  }
})
