import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { fromSeed } from "../../src/kernel/Random.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as TS from "../../src/learners/ThompsonSampling.js"

describe("Models with the shipped learners", () => {
  it("keys states by action and channel, learns in batches, and round-trips a snapshot", () => {
    const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("device")] })
    const key = Models.modelKey("card", "web")
    const m = Models.learnMany(Models.empty(nb), [
      [key, { features: { device: "mobile" }, positive: true, at: 0 }],
      [key, { features: { device: "desktop" }, positive: false, at: 0 }]
    ])
    expect(Models.stateOf(m, key).positives).toBe(1)
    expect(Models.score(m, key, {}, fromSeed(1))[0].evidence).toBe(2)
    const back = Models.decode(nb, JSON.parse(JSON.stringify(Models.encode(m))))
    expect(E.isRight(back) && NaiveBayes.equals(Models.stateOf(back.right, key), Models.stateOf(m, key))).toBe(true)
  })
  it("reports a bad learner state inside a snapshot with its full path", () => {
    const r = Models.decode(TS.thompsonSampling(), {
      version: 1,
      learner: "thompson",
      states: { "card@web": { version: 1, positives: 0.5, negatives: 1 } }
    })
    expect(E.isLeft(r) && r.left.problems.map((p) => `${p.path} ${p.code}`)).toStrictEqual([
      '$.states["card@web"].positives not_integer'
    ])
  })
})
