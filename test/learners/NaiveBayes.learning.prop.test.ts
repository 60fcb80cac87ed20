/**
 * How naive Bayes learns responses that carry their decision-time score: on flat count tables
 * whose learned keys and classifier counts are shared, append-only, along a line of states. These
 * properties check that sharing is never observable — a state learned from stays as it was,
 * branches learned from one state are independent, and every state equals the one learned from a
 * plain copy (decoded from its snapshot) — and that `Models.learnMany` (which learns many models'
 * responses in one pass) equals folding `Models.learn`.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import type { Observation } from "../../src/learners/Learner.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import { observation } from "../arbitraries/learners.js"

const learned = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.age"),
    NaiveBayes.symbolic("context.device"),
    NaiveBayes.numeric("subject.balance")
  ],
  // few symbols, so that new ones become RESIDUAL along some branches and not others
  binning: { after: 5, minimumCases: 0.1, maxSymbols: 3 }
})
const configured = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.age", [30, 45, 60]),
    // RESIDUAL without MISSING, and a numeric predictor without MISSING
    { name: "context.device", type: "symbolic", bins: [["mobile", "tablet"], ["desktop"]], missingBin: false },
    { name: "subject.balance", type: "numeric", bins: [0, 1000], missingBin: false }
  ],
  exploration: "none"
})

/** long enough batches that the classifier counts are consolidated along the way (a log of at least 64 responses) */
const scored = (maxLength: number): fc.Arbitrary<ReadonlyArray<Observation>> =>
  fc.array(observation("always"), { maxLength })

describe.each([
  ["learned bins", learned],
  ["configured bins", configured]
])("NaiveBayes learning on count tables (%s)", (_, nb) => {
  const text = (s: NaiveBayes.State): string => JSON.stringify(nb.codec.encode(s))
  const plain = (s: NaiveBayes.State): NaiveBayes.State => {
    const decoded = decodeWith(nb.codec)(JSON.parse(text(s)))
    if (E.isLeft(decoded)) throw new Error("a snapshot did not decode")
    return decoded.right
  }

  it("a state learned from is unchanged, branches are independent, and each equals learning on a plain copy", () => {
    fc.assert(
      fc.property(scored(150), scored(150), scored(150), scored(150), (ws, xs, ys, zs) => {
        const s = nb.learnAll(nb.empty, ws)
        const before = text(s)
        const a = nb.learnAll(s, xs)
        const b = nb.learnAll(s, ys)
        const a2 = nb.learnAll(a, zs)
        const b1 = ys.length > 0 ? nb.learn(s, ys[0] as Observation) : s
        const again = nb.learnAll(s, xs)
        expect(text(s)).toBe(before)
        expect(text(a)).toBe(text(again))
        expect(text(a)).toBe(text(nb.learnAll(plain(s), xs)))
        expect(text(b)).toBe(text(nb.learnAll(plain(s), ys)))
        expect(text(a2)).toBe(text(nb.learnAll(plain(a), zs)))
        expect(text(b1)).toBe(text(ys.length > 0 ? nb.learn(plain(s), ys[0] as Observation) : s))
        return NaiveBayes.equals(a, again) && NaiveBayes.equals(b, nb.learnAll(plain(s), ys))
      }),
      { numRuns: 60 }
    )
  })

  it("learning with and without the decision-time score counts the predictors alike", () => {
    fc.assert(
      fc.property(scored(60), scored(60), (xs, ys) => {
        const s = nb.learnAll(nb.empty, xs)
        // one response without a score sends the whole batch down the scoring path
        const unscored: Observation = { features: {}, positive: true, at: 0 }
        const viaScoring = nb.learnAll(s, [unscored, ...ys])
        const viaTables = nb.learnAll(nb.learn(s, unscored), ys)
        return NaiveBayes.equals(viaScoring, viaTables) && text(viaScoring) === text(viaTables)
      }),
      { numRuns: 60 }
    )
  })

  it("Models.learnMany (one pass over many models) equals folding Models.learn", () => {
    const keys = fc.constantFrom("A@web", "B@web", "A@app")
    fc.assert(
      fc.property(
        fc.array(fc.tuple(keys, observation("always")), { maxLength: 200 }),
        fc.array(fc.tuple(keys, observation("sometimes")), { maxLength: 40 }),
        (xs, ys) => {
          const models = Models.learnMany(Models.empty(nb), xs)
          const folded = xs.reduce((m, [k, o]) => Models.learn(m, k, o), Models.empty(nb))
          expect(JSON.stringify(Models.encode(models))).toBe(JSON.stringify(Models.encode(folded)))
          // and from there, with some responses that carry no score (the general path)
          const more = Models.learnMany(models, ys)
          const foldedMore = ys.reduce((m, [k, o]) => Models.learn(m, k, o), folded)
          expect(JSON.stringify(Models.encode(more))).toBe(JSON.stringify(Models.encode(foldedMore)))
        }
      ),
      { numRuns: 60 }
    )
  })
})

describe("NaiveBayes states learned on count tables", () => {
  const o = (age: number | null, device: string | null, positive: boolean, modelScore: number): Observation => ({
    features: { "subject.age": age, "context.device": device },
    positive,
    at: 0,
    modelScore
  })

  it("are plain readonly data: the same five keys, maps read twice are the same, equal to their decoded snapshot", () => {
    const s = configured.learnAll(configured.empty, [
      o(20, "mobile", true, 0.25),
      o(50, "tv", false, -0.5),
      o(null, null, false, -0.5)
    ])
    expect(Object.keys(s)).toEqual(["positives", "negatives", "predictors", "scores", "classifier"])
    expect(s.predictors).toBe(s.predictors)
    expect(s.scores).toBe(s.scores)
    const decoded = decodeWith(configured.codec)(configured.codec.encode(s))
    expect(E.isRight(decoded) && decoded.right).toEqual(s)
    expect({ ...s }).toEqual(s)
    expect(Array.from(s.scores)).toEqual([
      [-500, { positives: 0, negatives: 2 }],
      [250, { positives: 1, negatives: 0 }]
    ])
    expect(s.predictors.get("subject.age")).toEqual({
      missing: { positives: 0, negatives: 1 },
      residual: { positives: 0, negatives: 0 },
      bins: new Map([
        ["0", { positives: 1, negatives: 0 }],
        ["2", { positives: 0, negatives: 1 }]
      ])
    })
    expect(s.predictors.get("context.device")?.residual).toEqual({ positives: 0, negatives: 1 })
    // no balance value and no MISSING bin: never counted, never listed
    expect(s.predictors.has("subject.balance")).toBe(false)
  })

  it("keep what the learner never counts in a hand-built state: other predictors, keys that are not bins, bins listed with zero counts", () => {
    const zero = { positives: 0, negatives: 0 }
    const state: NaiveBayes.State = {
      positives: 1,
      negatives: 2,
      predictors: new Map([
        [
          "subject.age",
          {
            missing: zero,
            residual: zero,
            bins: new Map([
              ["1", zero],
              ["7", { positives: 1, negatives: 2 }]
            ])
          }
        ],
        ["subject.balance", { missing: zero, residual: zero, bins: new Map() }],
        [
          "subject.other",
          {
            missing: { positives: 1, negatives: 0 },
            residual: zero,
            bins: new Map([["x", { positives: 0, negatives: 2 }]])
          }
        ]
      ]),
      scores: new Map([[3, zero]]),
      classifier: null
    }
    const next = configured.learn(state, o(20, null, true, 0.003))
    expect(next.positives).toBe(2)
    expect(next.predictors.get("subject.age")?.bins).toEqual(
      new Map([
        ["0", { positives: 1, negatives: 0 }],
        ["1", zero],
        ["7", { positives: 1, negatives: 2 }]
      ])
    )
    expect(next.predictors.get("subject.balance")).toEqual({ missing: zero, residual: zero, bins: new Map() })
    expect(next.predictors.get("subject.other")).toBe(state.predictors.get("subject.other"))
    // no device and no MISSING bin: not counted
    expect(next.predictors.has("context.device")).toBe(false)
    expect(next.scores).toEqual(new Map([[3, { positives: 1, negatives: 0 }]]))
    // the same as the scoring path, which works on the maps themselves
    const viaScoring = configured.learnAll(state, [{ features: {}, positive: false, at: 0 }, o(20, null, true, 0.003)])
    const viaTables = configured.learnAll(configured.learn(state, { features: {}, positive: false, at: 0 }), [
      o(20, null, true, 0.003)
    ])
    expect(NaiveBayes.equals(viaScoring, viaTables)).toBe(true)
  })

  it("learned symbols: branches from one state that meet different new symbols each count their own", () => {
    const s = learned.learnAll(learned.empty, [o(30, "mobile", true, 0.1), o(40, "desktop", false, 0.2)])
    const a = learned.learn(s, o(30, "tablet", true, 0.1))
    const b = learned.learn(s, o(30, "tv", false, 0.1))
    const c = learned.learn(b, o(30, "radio", false, 0.1)) // the fourth symbol: RESIDUAL (maxSymbols 3)
    expect([...(a.predictors.get("context.device")?.bins.keys() ?? [])].sort()).toEqual(["desktop", "mobile", "tablet"])
    expect([...(b.predictors.get("context.device")?.bins.keys() ?? [])].sort()).toEqual(["desktop", "mobile", "tv"])
    expect([...(s.predictors.get("context.device")?.bins.keys() ?? [])].sort()).toEqual(["desktop", "mobile"])
    expect(c.predictors.get("context.device")?.residual).toEqual({ positives: 0, negatives: 1 })
    // a fourth symbol on the first branch is still RESIDUAL there, and "tv" is new to it
    const a2 = learned.learn(a, o(30, "tv", true, 0.1))
    expect(a2.predictors.get("context.device")?.bins.has("tv")).toBe(false)
    expect(a2.predictors.get("context.device")?.residual).toEqual({ positives: 1, negatives: 0 })
  })
})
