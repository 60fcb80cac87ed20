/**
 * Naive Bayes at the ends of the double range (issue 9, "no silent wrong answer"): a finite value
 * of any magnitude, up to `Number.MAX_VALUE`, is learned into a grid bin whose key is a safe
 * integer, so the snapshot encodes and decodes to an equal state that scores the same — directly,
 * and through the public path (a decoded request, a decision, a click, the feedback snapshot).
 */
import * as E from "fp-ts/lib/Either.js"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import * as Request from "../../src/decide/Request.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { fromSeed } from "../../src/kernel/Random.js"
import { gridEdge, gridKey } from "../../src/learners/internal/Binning.js"
import type { Observation } from "../../src/learners/Learner.js"
import { fromStates, stateOf } from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import { mustCompile, NOW, specOf, type ActionShape } from "../arbitraries/catalog.js"

const EXTREMES = [1e300, 1.8e299, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, 0]
/** the largest value whose quotient by the grid minimum is finite, and the next double: either side of the overflow */
const JUNCTION = [1.7976931348623156e299, 1.797693134862316e299]

/** the state back from its snapshot as JSON text */
const roundTrip = (nb: NaiveBayes.NaiveBayes, state: NaiveBayes.State): NaiveBayes.State => {
  const back = decodeWith(nb.codec)(JSON.parse(JSON.stringify(nb.codec.encode(state))))
  if (E.isLeft(back)) throw new Error(render(back.left))
  return back.right
}

const binKeys = (state: NaiveBayes.State, name: string): ReadonlyArray<string> =>
  Array.from(state.predictors.get(name)?.bins.keys() ?? [])

describe("the numeric grid at the ends of the double range", () => {
  it("gives every finite value a safe-integer key and a finite edge, monotone in the value", () => {
    for (const precision of [1, 0.1, 0.01, 0.001, 1e-6]) {
      const logBase = Math.log1p(precision)
      const xs = [...EXTREMES, ...JUNCTION, 1, -1, 1e299, 1.79e299, 1.8e299, 1e308].sort((a, b) => a - b)
      const keys = xs.map((x) => gridKey(x, logBase))
      for (const k of keys) {
        expect(Number.isSafeInteger(k)).toBe(true)
        expect(Number.isFinite(gridEdge(k, logBase))).toBe(true)
      }
      for (let i = 1; i < keys.length; i++) expect(keys[i] as number).toBeGreaterThanOrEqual(keys[i - 1] as number)
      // the outermost keys are those of ±MAX_VALUE, and a key's lower edge does not exceed its values
      expect(gridKey(Number.MAX_VALUE, logBase)).toBe(Math.max(...keys))
      expect(gridKey(-Number.MAX_VALUE, logBase)).toBe(Math.min(...keys))
      expect(gridEdge(gridKey(1e300, logBase), logBase)).toBeLessThanOrEqual(1e300)
    }
  })

  it("keeps the keys of ordinary values (pinned from the formula before the fix: old snapshots keep their bins)", () => {
    const logBase = Math.log1p(0.01)
    expect([1, 34, 1e6, -2.5, 1e-9, 1e299].map((x) => gridKey(x, logBase))).toStrictEqual([
      2083, 2438, 3472, -2175, 1, 71274
    ])
  })

  it("clamps a key past Number.MAX_SAFE_INTEGER (precision below ~1e-10) to it", () => {
    const logBase = Math.log1p(1e-15)
    expect(gridKey(Number.MAX_VALUE, logBase)).toBe(Number.MAX_SAFE_INTEGER)
    expect(gridKey(-1e300, logBase)).toBe(-Number.MAX_SAFE_INTEGER)
  })
})

describe("naive Bayes learns extreme finite values into snapshots that round-trip", () => {
  const nb = NaiveBayes.naiveBayes({
    predictors: [NaiveBayes.numeric("x")],
    binning: { after: 0 },
    exploration: "none"
  })
  const values = [1e300, 1.8e299, -1e300, Number.MAX_VALUE]
  const observations: ReadonlyArray<Observation> = values.flatMap((x, i) =>
    [true, false, i % 2 === 0].map((positive) => ({ features: { x }, positive, at: NOW }))
  )

  it("learns 1e300, 1.8e299, -1e300 and Number.MAX_VALUE under safe-integer keys; encode, decode: equal, same score", () => {
    for (const state of [
      nb.learnAll(nb.empty, observations),
      observations.reduce(nb.learn, nb.empty),
      nb.learnAll(
        nb.empty,
        observations.map((o, i) => ({ ...o, modelScore: i / 100 }))
      )
    ]) {
      const keys = binKeys(state, "x")
      expect(keys.length).toBeGreaterThan(1)
      for (const k of keys) expect(Number.isSafeInteger(Number(k)) && String(Number(k)) === k).toBe(true)
      expect(keys).not.toContain("Infinity")
      expect(keys).not.toContain("-Infinity")
      const back = roundTrip(nb, state)
      expect(NaiveBayes.equals(back, state)).toBe(true)
      for (const x of [...values, 0, 1, -1]) {
        expect(nb.modelScore(back, { x })).toBe(nb.modelScore(state, { x }))
        expect(nb.score(back, { x }, fromSeed(7))[0]).toStrictEqual(nb.score(state, { x }, fromSeed(7))[0])
      }
      // the learned bins' labels and edges are finite numbers
      for (const b of nb.inspect(back).predictors[0]?.bins ?? []) expect(b.label).not.toMatch(/Infinity|NaN/)
    }
  })

  it("property: for any finite doubles learned into a model, decode(encode(state)) equals the state", () => {
    const finite = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, -1e300, 1.8e299, -1.8e299, Number.MIN_VALUE, -0)
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, fc.boolean(), fc.option(fc.double({ min: -5, max: 5, noNaN: true }))), {
          minLength: 1,
          maxLength: 40
        }),
        (rows) => {
          const os: ReadonlyArray<Observation> = rows.map(([x, positive, s]) =>
            s === null ? { features: { x }, positive, at: NOW } : { features: { x }, positive, at: NOW, modelScore: s }
          )
          const state = nb.learnAll(nb.empty, os)
          const back = roundTrip(nb, state)
          expect(NaiveBayes.equals(back, state)).toBe(true)
          for (const [x] of rows) expect(nb.modelScore(back, { x })).toBe(nb.modelScore(state, { x }))
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("the public path: a request with age 1e300, a click, the feedback snapshot", () => {
  const shape: ActionShape = {
    issue: "Sales",
    group: "Cards",
    channels: ["web"],
    value: 10,
    weight: 0,
    evaluation: "default",
    available: true,
    minAge: null,
    propensity: 0.5
  }
  const catalog = mustCompile(specOf([shape]))
  const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("subject.age")], binning: { after: 0 } })

  it("learns the click into a bin whose snapshot encodes and decodes", () => {
    const request = Request.decode({
      seed: 1,
      subject: { id: "s1", attributes: { age: 1e300 } },
      context: { now: NOW, channel: "web", limit: 1 },
      options: { controlGroup: false }
    })
    if (E.isLeft(request)) throw new Error(render(request.left))
    const models = fromStates(nb, {})
    const decision = nextBestAction(catalog, models, request.right)
    const chosen = decision.actions[0]
    if (chosen === undefined) throw new Error("no action chosen")
    const settings = Feedback.settings()
    const click = Event.response(
      {
        eventId: "e-1",
        at: NOW + 1000,
        actionId: chosen.actionId,
        channel: chosen.channel,
        decision: decision.record
      },
      "clicked"
    )
    const state = [Feedback.decided(decision.record), click].reduce(Feedback.apply(settings), Feedback.initial(models))
    const learned = stateOf(state.models, chosen.modelKey) as NaiveBayes.State
    expect(learned.positives).toBe(1)
    const keys = binKeys(learned, "subject.age")
    expect(keys).toStrictEqual([String(gridKey(1e300, Math.log1p(0.01)))])
    const text = JSON.stringify(Feedback.encode(state))
    expect(text).not.toContain("Infinity")
    const back = Feedback.decode(nb, JSON.parse(text))
    if (E.isLeft(back)) throw new Error(render(back.left))
    expect(JSON.stringify(Feedback.encode(back.right))).toBe(text)
    const again = stateOf(back.right.models, chosen.modelKey) as NaiveBayes.State
    expect(NaiveBayes.equals(again, learned)).toBe(true)
    const features = { "subject.age": 1e300 }
    expect(nb.modelScore(again, features)).toBe(nb.modelScore(learned, features))
  })
})
