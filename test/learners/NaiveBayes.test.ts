import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { fromSeed } from "../../src/kernel/Random.js"
import * as Diagnostics from "../../src/evaluation/Diagnostics.js"
import { aucFromBinCounts } from "../../src/learners/BinStatistics.js"
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
  const nb = NaiveBayes.naiveBayes({ predictors: [{ name: "Customer.NetWealth", type: "numeric", bins: NET_WEALTH.cuts, missingBin: false }], exploration: "none" })
  const decoded = decodeWith(nb.codec)({
    version: 1,
    positives: 206,
    negatives: 1430,
    predictors: { "Customer.NetWealth": { missing: [0, 0], residual: [0, 0], bins: NET_WEALTH.positives.map((p, i) => [String(i), p, NET_WEALTH.negatives[i]]) } },
    classifier: CLASSIFIER
  })
  if (E.isLeft(decoded)) throw new Error(render(decoded.left))
  const state = decoded.right

  it("computes the NetWealth log-odds and AUC 0.722077", () => {
    const p = nb.inspect(state).predictors[0]
    expect(p?.bins.map((b) => b.logOdds.toFixed(4))).toStrictEqual(["-1.5397", "-0.0658", "-0.7480", "0.6796", "-0.5233", "0.7754", "0.1625", "1.0056"])
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
    expect(aucFromBinCounts(active.map((b) => b.positives), active.map((b) => b.negatives)).toFixed(6)).toBe("0.774901")
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
    expect(quiet.score(quiet.empty, { device: "mobile" }, rng)[0]).toStrictEqual({ propensity: 0.5, explored: 0.5, evidence: 0 })
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
    const s = quiet.learnAll(quiet.empty, Array.from({ length: 9 }, (_, i) => ({ features: { device: "mobile" }, positive: i < 3, at: 0 })))
    const p = quiet.score(s, { device: "mobile" }, rng)[0].propensity
    const blended = quiet.score(s, { device: "mobile" }, rng, { propensity: 0.05, evidence: 20 })[0].propensity
    expect(blended).toBeCloseTo((20 / 30) * 0.05 + (9 / 30) * p, 12)
  })
  it("explores around the propensity, more tightly with more evidence", () => {
    const spread = (n: number): number => {
      const s = nb.learnAll(nb.empty, Array.from({ length: n }, (_, i) => ({ features: { device: "mobile" }, positive: i % 10 === 0, at: 0 })))
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
      return { features: { age, city, note: i % 7 === 0 ? null : `n${i % 3}` }, positive: (age < 30 && i % 3 === 0) || (city === "nice" && i % 5 === 0), at: 0 }
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
    const state = nb.learnAll(nb.empty, responses(3000))
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
    expect(nb.score(merged, { age: 25, city: "nice" }, rng)).toStrictEqual(nb.score(whole, { age: 25, city: "nice" }, rng))
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
    expect(() => NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("a"), NaiveBayes.symbolic("a")] })).toThrow(/twice/)
    expect(() => NaiveBayes.naiveBayes({ predictors: [], binning: { granularity: 2 } })).toThrow(/granularity/)
  })
  const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("age", [30, 50]), NaiveBayes.symbolic("city")] })
  it("rejects bad snapshots, reporting every problem with its path", () => {
    const r = decodeWith(nb.codec)({
      version: 9,
      positives: -1,
      negatives: 2.5,
      predictors: {
        age: { missing: [0, NaN], residual: [0, 0], bins: [["7", 1, 1], ["0", 1]] },
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
        age: { missing: [0, 0], residual: [0, 0], bins: [["0", 1, 0], ["2", 0, 1]] },
        city: { missing: [0, 1], residual: [0, 0], bins: [["lyon", 1, 0]] }
      },
      scores: []
    })
  })
})
