/**
 * The decision record as feedback reads it: the decision-time model score travels from the
 * learner's score through the decision and its record back into learning (naive Bayes counts the
 * response in the classifier bucket of the score it gave at decision time), and every chosen
 * action says how its selection probability was obtained.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import type { Request } from "../../src/decide/Request.js"
import { codec as DecisionRecordCodec } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import { defaultLabels } from "../../src/feedback/Outcome.js"
import { render } from "../../src/kernel/DecodeError.js"
import { fromSeed, nextDouble } from "../../src/kernel/Random.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import type { Observation } from "../../src/learners/Learner.js"
import { fromStates, learn, stateOf, type Models } from "../../src/learners/Models.js"
import {
  naiveBayes,
  numeric,
  scoreBucket,
  symbolic,
  type State as NaiveBayesState
} from "../../src/learners/NaiveBayes.js"
import { thompsonSampling } from "../../src/learners/ThompsonSampling.js"
import { empty } from "../../src/learners/Models.js"
import { fixedModels, modelsOf, mustCompile, NOW, specOf, type ActionShape } from "../arbitraries/catalog.js"
import { chosen } from "../arbitraries/feedback.js"

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
const spec = specOf([shape(10), shape(20), shape(40)])
const catalog = mustCompile(spec)
const request = (
  seed: number,
  attributes: Record<string, unknown>,
  options: Request["options"] = { controlGroup: false }
): Request => ({
  seed,
  subject: { id: `s${seed}`, attributes },
  context: { now: NOW, channel: "web", limit: 2 },
  ...(options === undefined ? {} : { options })
})

/** naive Bayes models trained so that age predicts the response (the predictors are active) */
const trained = () => {
  const nb = naiveBayes({ predictors: [numeric("subject.age"), symbolic("subject.segment")] })
  let rng = fromSeed("record/training")
  const observations: Array<Observation> = []
  for (let i = 0; i < 600; i++) {
    const [u, r1] = nextDouble(rng)
    const [v, r2] = nextDouble(r1)
    rng = r2
    const age = 18 + Math.floor(u * 60)
    observations.push({
      features: { "subject.age": age, "subject.segment": age > 40 ? "gold" : "basic" },
      positive: v < (age > 40 ? 0.3 : 0.05),
      at: NOW - DAY_MS
    })
  }
  const state = nb.learnAll(nb.empty, observations)
  return { nb, models: fromStates(nb, { "a00@web": state, "a01@web": state, "a02@web": state }) }
}

describe("the decision-time model score", () => {
  it("is copied from the learner's score into the choice and the record", () => {
    const { nb, models } = trained()
    const d = nextBestAction(catalog, models, request(1, { age: 55, segment: "gold" }))
    expect(d.actions.length).toBe(2)
    for (const [i, c] of d.actions.entries()) {
      const expected = nb.modelScore(stateOf(models, c.modelKey), d.record.features)
      expect(Number.isFinite(expected)).toBe(true)
      expect(c.modelScore).toBe(expected)
      expect(d.record.actions[i]?.modelScore).toBe(expected)
    }
  })

  it("end to end: the response is counted in the classifier bucket of the decision-time score, not of the current one", () => {
    const { nb, models } = trained()
    const d = nextBestAction(catalog, models, request(2, { age: 62, segment: "gold" }))
    const chosen = d.record.actions[0]
    if (chosen === undefined || chosen.modelScore === undefined) throw new Error("expected a scored action")
    const bucket = scoreBucket(chosen.modelScore)
    // the model learns more before the response comes back: its score for these features moves
    let later = models
    for (let i = 0; i < 200; i++)
      later = learn(later, chosen.modelKey, {
        features: { "subject.age": 62, "subject.segment": "gold" },
        positive: i % 2 === 0,
        at: NOW
      })
    const before = stateOf(later, chosen.modelKey) as NaiveBayesState
    const current = scoreBucket(nb.modelScore(before, d.record.features))
    expect(current).not.toBe(bucket)
    const response = Event.response(
      { eventId: "e-1", at: NOW + 1000, actionId: chosen.actionId, channel: chosen.channel, decision: d.record },
      "accepted"
    )
    const after = stateOf(Feedback.learn(defaultLabels)(later, response), chosen.modelKey) as NaiveBayesState
    const count = (s: NaiveBayesState, k: number) => s.scores.get(k) ?? { positives: 0, negatives: 0 }
    expect(count(after, bucket)).toEqual({
      positives: count(before, bucket).positives + 1,
      negatives: count(before, bucket).negatives
    })
    expect(count(after, current)).toEqual(count(before, current))
    // the observation feedback builds from the record carries that score
    expect(Feedback.observation(d.record, chosen, true, NOW).modelScore).toBe(chosen.modelScore)
  })

  it("is absent for learners without a raw score", () => {
    const d = nextBestAction(catalog, empty(thompsonSampling()), request(3, {}))
    for (const c of d.actions) expect("modelScore" in c).toBe(false)
    for (const a of d.record.actions) expect("modelScore" in a).toBe(false)
  })
})

describe("the selection method in the record", () => {
  const methods = (
    options: Request["options"],
    models: Models<unknown> = modelsOf(spec, [shape(10), shape(20), shape(40)]) as Models<unknown>
  ) => {
    const d = nextBestAction(catalog, models, request(4, {}, options))
    expect(d.record.actions.map((a) => a.selectionMethod)).toEqual(d.actions.map((c) => c.selectionMethod))
    expect(d.record.actions.map((a) => a.selectionProbability)).toEqual(d.actions.map((c) => c.selectionProbability))
    return d.actions.map((c) => c.selectionMethod)
  }
  it("deterministic, exact, quadrature or monteCarlo, the same as in the choice", () => {
    expect(methods({ controlGroup: false })).toEqual(["deterministic", "deterministic"])
    expect(methods({ controlGroup: false, selection: { _tag: "EpsilonGreedy", epsilon: 0.2 } })).toEqual([
      "exact",
      "exact"
    ])
    expect(methods({ controlGroup: true })).toEqual(["exact", "monteCarlo"])
    expect(methods({ controlGroup: false }, empty(thompsonSampling()) as Models<unknown>)).toEqual([
      "quadrature",
      "monteCarlo"
    ])
    expect(methods({ controlGroup: false, analytics: false }, empty(thompsonSampling()) as Models<unknown>)).toEqual([
      "deterministic",
      "deterministic"
    ])
  })
  it("with no draws a Monte Carlo probability is NaN (not estimated), still marked monteCarlo", () => {
    const d = nextBestAction(
      catalog,
      empty(thompsonSampling()),
      request(5, {}, { controlGroup: false, selectionDraws: 0 })
    )
    expect(d.record.actions.map((a) => [Number.isNaN(a.selectionProbability), a.selectionMethod])).toEqual([
      [false, "quadrature"],
      [true, "monteCarlo"]
    ])
  })
  it("fixed scores: probability 1", () => {
    const d = nextBestAction(catalog, fixedModels({ "a00@web": 0.9, "a01@web": 0.1, "a02@web": 0.1 }), request(6, {}))
    expect(d.record.actions.map((a) => [a.actionId, a.selectionProbability, a.selectionMethod])).toEqual([
      ["a00", 1, "deterministic"],
      ["a02", 1, "deterministic"]
    ])
  })
})

describe("a decoded record's model keys match their actions (issue 9)", () => {
  const record = (modelKey: string) => ({
    decisionId: "d-1",
    subjectId: "c-1",
    at: NOW,
    direction: "inbound",
    controlGroup: false,
    features: {},
    actions: [{ ...chosen("GoldCard", "web"), modelKey }]
  })
  it("a model key that is not modelKey(actionId, channel) is a key_mismatch at its path", () => {
    const bad = Event.decode({
      _tag: "Response",
      eventId: "e-1",
      at: NOW + 1,
      actionId: "GoldCard",
      channel: "web",
      decision: record("Savings@web"),
      outcome: "clicked"
    })
    expect(E.isLeft(bad) && render(bad.left)).toBe(
      [
        "1 problem:",
        '  $.decision.actions[0].modelKey [key_mismatch] modelKey "Savings@web" does not match action "GoldCard" on ' +
          'channel "web": expected "GoldCard@web" (found: "Savings@web")'
      ].join("\n")
    )
    const log = Feedback.decodeLog([{ _tag: "Decided", record: record("GoldCard@email") }])
    expect(E.isLeft(log) && log.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$[0].record.actions[0].modelKey key_mismatch"
    ])
  })
  it("the key nextBestAction writes decodes", () => {
    expect(E.isRight(DecisionRecordCodec.decode(record("GoldCard@web")))).toBe(true)
  })
})
