import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { fromSeed } from "../../src/kernel/Random.js"
import * as Diagnostics from "../../src/evaluation/Diagnostics.js"
import { aucFromBinCounts } from "../../src/learners/internal/BinStatistics.js"
import type { Observation } from "../../src/learners/Learner.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"

const rng = fromSeed(1)

/** Customer.NetWealth of Pega's AutoNew84Months/Web model: facts, copied here so a plain clone checks them */
const NET_WEALTH = {
  cuts: [11684.56, 13732.56, 16845.52, 19139.28, 20286.16, 22743.76, 23890.64],
  positives: [13, 24, 17, 51, 7, 53, 13, 28],
  negatives: [423, 178, 250, 179, 83, 169, 77, 71]
}
/** its classifier: 15 score bins */
const CLASSIFIER = {
  bounds: [-0.21, -0.185, -0.175, -0.105, -0.095, -0.09, -0.065, -0.02, 0.03, 0.06, 0.12, 0.125, 0.13, 0.995],
  positives: [17, 8, 3, 28, 4, 2, 9, 30, 37, 20, 30, 2, 4, 8, 4],
  negatives: [443, 133, 48, 370, 51, 19, 77, 154, 65, 29, 33, 2, 2, 3, 1]
}

describe("NaiveBayes known answers (self-contained)", () => {
  const nb = NaiveBayes.naiveBayes({
    predictors: [{ name: "Customer.NetWealth", type: "numeric", bins: NET_WEALTH.cuts, missingBin: false }],
    exploration: "none"
  })
  const decoded = decodeWith(nb.codec)({
    version: 1,
    positives: 206,
    negatives: 1430,
    predictors: {
      "Customer.NetWealth": {
        missing: [0, 0],
        residual: [0, 0],
        bins: NET_WEALTH.positives.map((p, i) => [String(i), p, NET_WEALTH.negatives[i]])
      }
    },
    classifier: CLASSIFIER
  })
  if (E.isLeft(decoded)) throw new Error(render(decoded.left))
  const state = decoded.right

  it("computes the NetWealth log-odds and AUC 0.722077", () => {
    const p = nb.inspect(state).predictors[0]
    expect(p?.bins.map((b) => b.logOdds.toFixed(4))).toStrictEqual([
      "-1.5397",
      "-0.0658",
      "-0.7480",
      "0.6796",
      "-0.5233",
      "0.7754",
      "0.1625",
      "1.0056"
    ])
    expect(p?.auc.toFixed(6)).toBe("0.722077")
    expect(p?.bins.map((b) => b.label)).toContain("[16845.5, 19139.3>")
  })
  it("Z-ratio −11.186877, lift 0.236795 of bin 1, feature importance 0.8399", () => {
    const r = Diagnostics.predictorReport("Customer.NetWealth", NET_WEALTH.positives, NET_WEALTH.negatives)
    expect(r.bins[0]?.zRatio.toFixed(6)).toBe("-11.186877")
    expect(r.bins[0]?.lift.toFixed(6)).toBe("0.236795")
    expect(r.featureImportance.toFixed(4)).toBe("0.8399")
  })
  it("classifier: AUC 0.774901 over bins 0–13, propensity 0.0714 in bin [-0.175, -0.105>", () => {
    const view = nb.inspect(state)
    expect(Diagnostics.activeRange(view.classifier, -0.7143, 0.5004)).toStrictEqual([0, 13])
    const active = view.classifier.slice(0, 14)
    const auc = Diagnostics.modelReport(view).aucAllBins
    expect(auc.toFixed(4)).toBe("0.7787")
    expect(
      aucFromBinCounts(
        active.map((b) => b.positives),
        active.map((b) => b.negatives)
      ).toFixed(6)
    ).toBe("0.774901")
    expect(view.classifier[3]?.propensity.toFixed(4)).toBe("0.0714")
  })
  it("score = (ln(1 + P) − ln(1 + N) + LO) / (1 + k), then the imported classifier", () => {
    const e = nb.explain(state, { "Customer.NetWealth": 18000 })
    expect(e.score).toBeCloseTo((Math.log(207) - Math.log(1431) + 0.679599714505712) / 2, 12)
    // (−1.9334 + 0.6796) / 2 = −0.6269 falls in the first classifier bin: (0.5 + 17) / (1 + 460)
    expect(nb.score(state, { "Customer.NetWealth": 18000 }, rng)[0].propensity).toBe(17.5 / 461)
  })
})

describe("NaiveBayes scoring", () => {
  const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("device", [["mobile"], ["desktop"]])] })
  it("an empty model says 0.5, and explores uniformly", () => {
    const quiet = NaiveBayes.naiveBayes({ ...nb.config, exploration: "none" })
    expect(quiet.score(quiet.empty, { device: "mobile" }, rng)[0]).toStrictEqual({
      propensity: 0.5,
      explored: 0.5,
      evidence: 0
    })
    let r = fromSeed("uniform")
    let below = 0
    for (let i = 0; i < 2000; i++) {
      const [s, next] = nb.score(nb.empty, {}, r)
      r = next
      if (s.explored < 0.25) below++
    }
    expect(Math.abs(below / 2000 - 0.25)).toBeLessThan(0.04) // Beta(1, 1): a quarter below 0.25
  })
  it("blends the catalog prior the ADM way: SE/(SE+e+1)·p0 + e/(SE+e+1)·p", () => {
    const quiet = NaiveBayes.naiveBayes({ ...nb.config, exploration: "none" })
    const s = quiet.learnAll(
      quiet.empty,
      Array.from({ length: 9 }, (_, i) => ({ features: { device: "mobile" }, positive: i < 3, at: 0 }))
    )
    const p = quiet.score(s, { device: "mobile" }, rng)[0].propensity
    const blended = quiet.score(s, { device: "mobile" }, rng, { propensity: 0.05, evidence: 20 })[0].propensity
    expect(blended).toBeCloseTo((20 / 30) * 0.05 + (9 / 30) * p, 12)
  })
  it("explores around the propensity, more tightly with more evidence", () => {
    const spread = (n: number): number => {
      const s = nb.learnAll(
        nb.empty,
        Array.from({ length: n }, (_, i) => ({ features: { device: "mobile" }, positive: i % 10 === 0, at: 0 }))
      )
      let r = fromSeed("spread")
      let sum = 0
      let sq = 0
      for (let i = 0; i < 2000; i++) {
        const [score, next] = nb.score(s, { device: "mobile" }, r)
        r = next
        sum += score.explored
        sq += score.explored ** 2
      }
      return Math.sqrt(sq / 2000 - (sum / 2000) ** 2)
    }
    expect(spread(20)).toBeGreaterThan(2 * spread(2000))
  })
})

describe("NaiveBayes learned binning", () => {
  const responses = (n: number): ReadonlyArray<Observation> =>
    Array.from({ length: n }, (_, i) => {
      const age = 18 + (i % 60)
      const city = ["paris", "lyon", "lille", "nice"][i % 4] as string
      return {
        features: { age, city, note: i % 7 === 0 ? null : `n${i % 3}` },
        positive: (age < 30 && i % 3 === 0) || (city === "nice" && i % 5 === 0),
        at: 0
      }
    })
  const nb = NaiveBayes.naiveBayes({
    predictors: [NaiveBayes.numeric("age"), NaiveBayes.symbolic("city"), NaiveBayes.symbolic("note")],
    binning: { after: 500 },
    exploration: "none"
  })
  it("waits for `after` responses before binning: until then predictors are inactive", () => {
    const view = nb.inspect(nb.learnAll(nb.empty, responses(499)))
    expect(view.predictors.every((p) => !p.binned && !p.active)).toBe(true)
    expect(view.classifier).toHaveLength(1)
  })
  it("then finds intervals and symbol groups that separate the behaviour, and keeps every count", () => {
    // offline responses carry no decision-time score: `fit` counts the classifier by the final bins
    const state = NaiveBayes.fit(nb, responses(3000))
    const view = nb.inspect(state)
    const age = view.predictors.find((p) => p.name === "age")
    const city = view.predictors.find((p) => p.name === "city")
    expect(age?.active).toBe(true)
    expect(city?.active).toBe(true)
    expect(age?.bins.reduce((s, b) => s + b.positives + b.negatives, 0)).toBe(3000)
    // no bin mixes ages under 30 with ages over 30 much: the first bin ends near 30
    const firstUpper = age?.bins[0]?.upper ?? 0
    expect(firstUpper).toBeGreaterThan(20)
    expect(firstUpper).toBeLessThan(32)
    expect(city?.bins.find((b) => b.symbols?.includes("nice"))?.symbols).toStrictEqual(["nice"])
    expect(city?.bins.map((b) => b.kind)).toContain("residual")
    const young = nb.score(state, { age: 20, city: "paris" }, rng)[0].propensity
    const old = nb.score(state, { age: 60, city: "paris" }, rng)[0].propensity
    expect(young).toBeGreaterThan(old)
    // unseen symbols fall in RESIDUAL, which carries no evidence
    const e = nb.explain(state, { age: 20, city: "tokyo" })
    expect(e.contributions.find((c) => c.predictor === "city")).toMatchObject({ bin: "RESIDUAL", logOdds: 0 })
  })
  it("counts at most maxSymbols symbols per predictor; later new ones are RESIDUAL", () => {
    const capped = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("city")], binning: { maxSymbols: 2 } })
    const s = capped.learnAll(capped.empty, responses(8))
    const counts = s.predictors.get("city")
    expect(counts?.bins.size).toBe(2)
    expect((counts?.residual.positives ?? 0) + (counts?.residual.negatives ?? 0)).toBe(4)
  })
  it("re-binning loses nothing: learned in two halves and merged, the model scores the same", () => {
    // responses as they come back from decisions, with the score the model gave at decision time
    const all = responses(2000).map((o, i) => ({ ...o, modelScore: -0.3 + (i % 40) * 0.01 }))
    const whole = nb.learnAll(nb.empty, all)
    const merged = nb.merge(nb.learnAll(nb.empty, all.slice(0, 700)), nb.learnAll(nb.empty, all.slice(700)))
    expect(NaiveBayes.equals(whole, merged)).toBe(true)
    expect(nb.score(merged, { age: 25, city: "nice" }, rng)).toStrictEqual(
      nb.score(whole, { age: 25, city: "nice" }, rng)
    )
  })
  it("derives a monotone classifier", () => {
    const view = nb.inspect(nb.learnAll(nb.empty, responses(3000)))
    const ps = view.classifier.map((c) => c.propensity)
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThan(ps[i - 1] as number)
  })
})

describe("NaiveBayes configuration and snapshots", () => {
  it("rejects a bad configuration at construction, naming the API", () => {
    expect(() => NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("a", [2, 1])] })).toThrow(/naiveBayes/)
    expect(() => NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("a"), NaiveBayes.symbolic("a")] })).toThrow(
      /twice/
    )
    expect(() => NaiveBayes.naiveBayes({ predictors: [], binning: { granularity: 2 } })).toThrow(/granularity/)
    expect(() => NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("a"), NaiveBayes.symbolic("a")] })).toThrow(
      TypeError
    )
    expect(() => NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("a"), NaiveBayes.symbolic("a")] })).toThrow(
      new TypeError('NaiveBayes.naiveBayes: predictor "a" is listed twice')
    )
    expect(() => NaiveBayes.naiveBayes({ predictors: [], binning: { granularity: 2 } })).toThrow(
      new TypeError("NaiveBayes.naiveBayes: binning.granularity must lie in [0, 1]")
    )
  })
  const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("age", [30, 50]), NaiveBayes.symbolic("city")] })
  it("rejects bad snapshots, reporting every problem with its path", () => {
    const r = decodeWith(nb.codec)({
      version: 9,
      positives: -1,
      negatives: 2.5,
      predictors: {
        age: {
          missing: [0, NaN],
          residual: [0, 0],
          bins: [
            ["7", 1, 1],
            ["0", 1]
          ]
        },
        height: { missing: [0, 0], residual: [0, 0], bins: [] },
        city: { missing: [0, 0], residual: [0, 0] }
      },
      classifier: { bounds: [0.2, 0.1], positives: [1, 2, 3], negatives: [1, 2] }
    })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) {
      expect(r.left.problems.map((p) => `${p.path} ${p.code}`)).toStrictEqual([
        "$.version unknown_version",
        "$.positives out_of_range",
        "$.negatives not_integer",
        "$.predictors.age.missing[1] non_finite",
        "$.predictors.age.bins[0][0] invalid_value",
        "$.predictors.age.bins[1] invalid_type",
        "$.predictors.height unknown_key",
        "$.predictors.city.bins required",
        "$.classifier.bounds invalid_value",
        "$.classifier invalid_value"
      ])
    }
    expect(E.isLeft(decodeWith(nb.codec)("not a state"))).toBe(true)
  })
  it("rejects bad classifier counts: fractional or duplicate buckets, negative or fractional counts, wrong shapes", () => {
    const base = { version: 1, positives: 0, negatives: 0, predictors: {} }
    const problems = (scores: unknown): ReadonlyArray<string> => {
      const r = decodeWith(nb.codec)({ ...base, scores })
      return E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}`) : []
    }
    expect(problems([[1.5, 1, 1], [2, -1, 0.5], "x", [3, 1], [4, 1, 0], [4, 0, 1], [null, 0, 1]])).toStrictEqual([
      "$.scores[0][0] not_integer",
      "$.scores[1][1] out_of_range",
      "$.scores[1][2] not_integer",
      "$.scores[2] invalid_type",
      "$.scores[3] invalid_type",
      "$.scores[5][0] duplicate_id",
      "$.scores[6][0] invalid_type"
    ])
    expect(problems("nope")).toStrictEqual(["$.scores invalid_type"])
    expect(problems([[-12, 3, 4]])).toStrictEqual([])
  })
  it("writes a plain JSON snapshot with a version", () => {
    const s = nb.learnAll(nb.empty, [
      { features: { age: 20, city: "lyon" }, positive: true, at: 0 },
      { features: { age: 60, city: null }, positive: false, at: 0 }
    ])
    expect(nb.codec.encode(s)).toStrictEqual({
      version: 1,
      positives: 1,
      negatives: 1,
      predictors: {
        age: {
          missing: [0, 0],
          residual: [0, 0],
          bins: [
            ["0", 1, 0],
            ["2", 0, 1]
          ]
        },
        city: { missing: [0, 1], residual: [0, 0], bins: [["lyon", 1, 0]] }
      },
      scores: []
    })
  })
})

describe("NaiveBayes classifier counts", () => {
  // Pega's smoothing of the classifier bins, (0.5 + P) / (1 + P + N)
  const nb = NaiveBayes.naiveBayes({
    predictors: [NaiveBayes.symbolic("device", [["mobile"], ["desktop"]])],
    binning: { classifierPrior: 0 },
    exploration: "none"
  })
  const snapshot = (scores: ReadonlyArray<readonly [number, number, number]>): NaiveBayes.State => {
    const d = decodeWith(nb.codec)({
      version: 1,
      positives: 35,
      negatives: 165,
      predictors: {
        device: {
          missing: [0, 0],
          residual: [0, 0],
          bins: [
            ["0", 30, 70],
            ["1", 5, 95]
          ]
        }
      },
      scores
    })
    if (E.isLeft(d)) throw new Error(render(d.left))
    return d.right
  }

  it("pools the score buckets by PAVA into monotone bins of (0.5 + P) / (1 + P + N)", () => {
    const state = snapshot([
      [-100, 0, 10],
      [-50, 5, 5],
      [10, 2, 8],
      [200, 9, 1]
    ])
    const view = nb.inspect(state)
    expect(view.importedClassifier).toBe(false)
    // rates 0, 0.5, 0.2, 0.9: the violating middle pair pools to 7 / 20
    expect(view.classifier.map((c) => [c.lower, c.upper, c.positives, c.negatives])).toStrictEqual([
      [-Infinity, -50 * NaiveBayes.SCORE_GRID, 0, 10],
      [-50 * NaiveBayes.SCORE_GRID, 200 * NaiveBayes.SCORE_GRID, 7, 13],
      [200 * NaiveBayes.SCORE_GRID, Infinity, 9, 1]
    ])
    expect(view.classifier.map((c) => c.propensity)).toStrictEqual([0.5 / 11, 7.5 / 21, 9.5 / 11])
    // the default classifier prior (m = 50): each bin shrunk toward the model's rate ρ = 35.5 / 201
    const blended = NaiveBayes.naiveBayes({ ...nb.config, binning: {} })
    const rho = 35.5 / 201
    expect(blended.inspect(state).classifier.map((c) => c.propensity)).toStrictEqual([
      (0 + 50 * rho) / (10 + 50),
      (7 + 50 * rho) / (20 + 50),
      (9 + 50 * rho) / (10 + 50)
    ])
    // mobile: (ln 36 − ln 166 + LO) / 2 = −0.4213 with 1/n = 1/4 smoothing (MISSING and RESIDUAL are bins too), in the
    // first bin
    const [mobile] = nb.score(state, { device: "mobile" }, rng)
    expect(mobile.modelScore).toBeCloseTo(
      (Math.log(36) - Math.log(166) + Math.log(30.25) - Math.log(36) - Math.log(70.25) + Math.log(166)) / 2,
      12
    )
    expect(mobile.propensity).toBe(0.5 / 11)
  })

  it("an empty classifier gives the smoothed response rate (0.5 for an empty model)", () => {
    expect(nb.score(snapshot([]), { device: "mobile" }, rng)[0].propensity).toBe(35.5 / 201)
    expect(nb.score(nb.empty, { device: "mobile" }, rng)[0].propensity).toBe(0.5)
  })

  it("while no predictor is active: no modelScore, responses not counted, the smoothed response rate", () => {
    const waiting = NaiveBayes.naiveBayes({
      predictors: [NaiveBayes.numeric("age")],
      binning: { after: 500 },
      exploration: "none"
    })
    const s = waiting.learnAll(
      waiting.empty,
      Array.from({ length: 10 }, (_, i) => ({ features: { age: 20 + i }, positive: i < 3, at: 0 }))
    )
    expect(s.scores.size).toBe(0)
    const [score] = waiting.score(s, { age: 25 }, rng)
    expect(score).toStrictEqual({ propensity: 3.5 / 11, explored: 3.5 / 11, evidence: 10 })
    // a recorded decision-time score still counts
    expect(
      waiting.learn(s, { features: { age: 30 }, positive: true, at: 0, modelScore: -0.5 }).scores.get(-500)
    ).toStrictEqual({ positives: 1, negatives: 0 })
  })

  it("adds responses learned after an import to the imported classifier's bins", () => {
    const imported = NaiveBayes.naiveBayes({
      predictors: [{ name: "Customer.NetWealth", type: "numeric", bins: NET_WEALTH.cuts, missingBin: false }],
      exploration: "none"
    })
    const d = decodeWith(imported.codec)({
      version: 1,
      positives: 206,
      negatives: 1430,
      predictors: {
        "Customer.NetWealth": {
          missing: [0, 0],
          residual: [0, 0],
          bins: NET_WEALTH.positives.map((p, i) => [String(i), p, NET_WEALTH.negatives[i]])
        }
      },
      classifier: CLASSIFIER
    })
    if (E.isLeft(d)) throw new Error(render(d.left))
    const next = imported.learn(d.right, {
      features: { "Customer.NetWealth": 18000 },
      positive: true,
      at: 0,
      modelScore: -0.15
    })
    const view = imported.inspect(next)
    expect(view.importedClassifier).toBe(true)
    expect([
      view.classifier[3]?.positives,
      view.classifier[3]?.negatives,
      view.classifier[3]?.propensity
    ]).toStrictEqual([29, 370, 29.5 / 400])
    // recalibrate replaces the imported classifier by score-bucket counts
    const recounted = NaiveBayes.recalibrate(imported, next, [
      { features: { "Customer.NetWealth": 18000 }, positive: true, at: 0 }
    ])
    expect(recounted.classifier).toBeNull()
    expect(imported.inspect(recounted).classifier.map((c) => [c.positives, c.negatives])).toStrictEqual([[1, 0]])
  })
})

describe("NaiveBayes.fromAdmSnapshot (inline sample)", () => {
  const row = (
    PredictorName: string,
    Type: string,
    EntryType: string,
    BinIndex: number,
    BinType: string,
    BinSymbol: string,
    lower: number,
    upper: number,
    p: number,
    n: number
  ) => ({
    PredictorName,
    Type,
    BinType,
    BinSymbol,
    BinLowerBound: lower,
    BinUpperBound: upper,
    EntryType,
    BinIndex,
    BinPositives: p,
    BinNegatives: n
  })
  const sample = [
    row("Customer.NetWealth", "numeric", "Active", 1, "EQUIBEHAVIOR", "<11684.56", 0, 11684.56, 13, 423),
    row(
      "Customer.NetWealth",
      "numeric",
      "Active",
      2,
      "EQUIBEHAVIOR",
      "[11684.56, 13732.56>",
      11684.56,
      13732.56,
      24,
      178
    ),
    row("Customer.NetWealth", "numeric", "Active", 3, "EQUIBEHAVIOR", ">=13732.56", 13732.56, 50000, 169, 829),
    row("Customer.NetWealth", "numeric", "Active", 4, "MISSING", "MISSING", 0, 0, 0, 0),
    row("Customer.Segment", "symbolic", "Active", 1, "EQUIBEHAVIOR", "gold, silver", 0, 0, 150, 700),
    row("Customer.Segment", "symbolic", "Active", 2, "EQUIBEHAVIOR", "bronze", 0, 0, 56, 730),
    row("Customer.Segment", "symbolic", "Active", 3, "RESIDUAL", "Other", 0, 0, 0, 0),
    row("Customer.Noise", "symbolic", "Inactive", 1, "EQUIBEHAVIOR", "a", 0, 0, 206, 1430),
    row("Classifier", "numeric", "Classifier", 1, "EQUIBEHAVIOR", "<-0.2", -3, -0.2, 40, 900),
    row("Classifier", "numeric", "Classifier", 2, "EQUIBEHAVIOR", ">=-0.2", -0.2, 3, 166, 530)
  ]

  it("keeps the active predictors with their bins and counts, and the classifier", () => {
    const model = NaiveBayes.fromAdmSnapshot({ bins: sample })
    if (E.isLeft(model)) throw new Error(render(model.left))
    const { config, learner, state } = model.right
    expect(config.predictors).toStrictEqual([
      { name: "Customer.NetWealth", type: "numeric", bins: [11684.56, 13732.56], missingBin: true },
      {
        name: "Customer.Segment",
        type: "symbolic",
        bins: [["gold", "silver"], ["bronze"]],
        missingBin: false,
        residualBin: true
      }
    ])
    expect([state.positives, state.negatives]).toStrictEqual([206, 1430])
    expect(state.classifier).toStrictEqual({ bounds: [-0.2], positives: [40, 166], negatives: [900, 530] })
    const view = learner.inspect(state)
    expect(view.predictors[0]?.bins.map((b) => [b.label, b.positives, b.negatives])).toStrictEqual([
      ["<11684.6", 13, 423],
      ["[11684.6, 13732.6>", 24, 178],
      [">=13732.6", 169, 829],
      ["MISSING", 0, 0]
    ])
    expect(view.predictors[1]?.bins.map((b) => b.label)).toStrictEqual(["gold, silver", "bronze", "RESIDUAL"])
    // the snapshot round-trips through the learner's own codec
    const again = decodeWith(learner.codec)(JSON.parse(JSON.stringify(learner.codec.encode(state))))
    expect(E.isRight(again) && NaiveBayes.equals(again.right, state)).toBe(true)
  })

  it("reports every problem with its path", () => {
    const bad = [
      { ...sample[0], BinUpperBound: "x" },
      sample[1],
      { ...sample[2], BinPositives: -1 },
      sample[3],
      sample[4],
      { ...sample[5], BinSymbol: "silver" },
      { ...sample[6], Type: "date" },
      sample[8],
      { ...sample[9], BinLowerBound: null },
      "row"
    ]
    const r = NaiveBayes.fromAdmSnapshot(bad)
    expect(E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}`) : []).toStrictEqual([
      "$[2].BinPositives out_of_range",
      "$[6].Type invalid_type",
      "$[9] invalid_type",
      "$[0].BinUpperBound invalid_type",
      "$[5].BinSymbol duplicate_id",
      "$[8].BinLowerBound invalid_type"
    ])
    expect(E.isLeft(NaiveBayes.fromAdmSnapshot({ rows: [] }))).toBe(true)
  })
})
