import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import { fromSeed } from "../../src/kernel/Random.js"
import * as ExternalScore from "../../src/learners/ExternalScore.js"

describe("ExternalScore", () => {
  const ext = ExternalScore.externalScore({ fact: "context.score" })
  const rng = fromSeed(1)
  it("uses the fact, clamped to [0, 1], and never draws", () => {
    expect(ext.score(ext.empty, { "context.score": 0.3 }, rng)).toStrictEqual([
      { propensity: 0.3, explored: 0.3, evidence: 0 },
      rng
    ])
    expect(ext.score(ext.empty, { "context.score": 7 }, rng)[0].propensity).toBe(1)
    expect(ext.score(ext.empty, { "context.score": -1 }, rng)[0].propensity).toBe(0)
  })
  it("falls back to the catalog prior, then to the smoothed response rate", () => {
    const s = { positives: 1, negatives: 8 }
    expect(ext.score(s, { "context.score": "high" }, rng, { propensity: 0.2, evidence: 5 })[0]).toStrictEqual({
      propensity: 0.2,
      explored: 0.2,
      evidence: 9
    })
    expect(ext.score(s, {}, rng)[0].propensity).toBe(1.5 / 10)
  })
  it("rejects an empty fact name at construction", () => {
    expect(() => ExternalScore.externalScore({ fact: "" })).toThrow(/externalScore/)
    expect(() => ExternalScore.externalScore({ fact: "" })).toThrow(TypeError)
    expect(() => ExternalScore.externalScore({ fact: "" })).toThrow(
      new TypeError("ExternalScore.externalScore: fact must be a non-empty feature key")
    )
  })
  it("rejects fractional counts with paths", () => {
    const r = decodeWith(ext.codec)({ version: 1, positives: 0.5, negatives: 2 })
    expect(E.isLeft(r) && r.left.problems.map((p) => `${p.path} ${p.code}`)).toStrictEqual(["$.positives not_integer"])
  })
})
