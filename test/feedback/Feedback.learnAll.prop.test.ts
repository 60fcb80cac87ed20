/**
 * The plain batch learning reducer on naive Bayes models, whose learner learns many models in one
 * pass straight from the events (no observation built): `Feedback.learnAll` equals folding
 * `Feedback.learn`, bit for bit, whatever the outcomes (positive, negative, unlisted), whether the
 * event's action was returned or not, whether it has features of its own, and whether the
 * decisions recorded a model score (one without sends the batch down the general path).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import { defaultLabels } from "../../src/feedback/Outcome.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import { features, modelScore } from "../arbitraries/learners.js"

const nb = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.age", [30, 45, 60]),
    NaiveBayes.symbolic("context.device", [["mobile", "tablet"], ["desktop"]]),
    NaiveBayes.numeric("subject.balance")
  ],
  binning: { after: 5 },
  exploration: "none"
})

const ACTIONS = ["Gold", "Silver"] as const
const CHANNELS = ["web", "app"] as const

const action = (
  actionId: string,
  channel: string,
  score: number | undefined,
  own?: { readonly "subject.balance": number }
): DecisionRecord["actions"][number] => {
  const base = {
    actionId,
    issue: "Sales",
    group: "Cards",
    channel,
    modelKey: Models.modelKey(actionId, channel),
    rank: 1,
    modelPropensity: 0.1,
    propensity: 0.1,
    selectionProbability: 1
  }
  const scored = score === undefined ? base : { ...base, modelScore: score }
  // an action's own features (per-candidate history features) go on top of the decision's
  return own === undefined ? scored : { ...scored, features: own }
}

const eventArb = (scored: boolean): fc.Arbitrary<Event.Event<DecisionRecord>> =>
  fc
    .record({
      features,
      chosen: fc.constantFrom(...ACTIONS),
      channel: fc.constantFrom(...CHANNELS),
      score: scored ? modelScore : fc.option(modelScore, { nil: undefined }),
      // mostly about the chosen action; sometimes about one the decision did not return
      about: fc.constantFrom("chosen", "chosen", "chosen", "other"),
      outcome: fc.constantFrom("accepted", "clicked", "rejected", "noResponse", "dismissed"),
      at: fc.integer({ min: 0, max: 1_000_000 }),
      nonce: fc.nat(),
      own: fc.option(fc.record({ "subject.balance": fc.integer({ min: -100, max: 100_000 }) }), { nil: undefined })
    })
    .map((x) => {
      const decision: DecisionRecord = {
        decisionId: `d${x.at}-${x.nonce}`,
        subjectId: "c1",
        at: x.at,
        direction: "inbound",
        controlGroup: false,
        features: x.features,
        actions: [action(x.chosen, x.channel, x.score, x.own)]
      }
      const actionId = x.about === "chosen" ? x.chosen : "Other"
      return Event.response({ eventId: `e${x.at}`, at: x.at + 1, actionId, channel: x.channel, decision }, x.outcome)
    })

describe("Feedback.learnAll on naive Bayes models", () => {
  const text = (m: Models.Models<NaiveBayes.State>): string => JSON.stringify(Models.encode(m))
  const fold = (from: Models.Models<NaiveBayes.State>, events: ReadonlyArray<Event.Event<DecisionRecord>>) =>
    events.reduce((m, e) => Feedback.learn(defaultLabels)(m, e), from)

  it("equals folding Feedback.learn, bit for bit, with every decision scored or some not", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb(true), { maxLength: 120 }),
        fc.array(eventArb(false), { maxLength: 30 }),
        (xs, ys) => {
          const learnAll = Feedback.learnAll(defaultLabels)
          const once = learnAll(Models.empty(nb), xs)
          expect(text(once)).toBe(text(fold(Models.empty(nb), xs)))
          // and on from there: a batch with some decisions that recorded no score
          expect(text(learnAll(once, ys))).toBe(text(fold(once, ys)))
        }
      ),
      { numRuns: 80 }
    )
  })

  it("leaves the models as they are when nothing in the batch is learned", () => {
    const models = Models.empty(nb)
    const decision: DecisionRecord = {
      decisionId: "d",
      subjectId: "c",
      at: 0,
      direction: "inbound",
      controlGroup: false,
      features: {},
      actions: [action("Gold", "web", 0.1)]
    }
    const unlisted = Event.impression({ eventId: "e", at: 1, actionId: "Gold", channel: "web", decision })
    expect(Feedback.learnAll(defaultLabels)(models, [unlisted])).toBe(models)
  })
})
