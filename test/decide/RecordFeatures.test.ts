/**
 * Decision records keep what the models read (`Learner.reads`) and what the catalog's
 * `recordFeatures` adds, not the whole profile; learning from a slim record equals learning from a
 * full one.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  Catalog,
  DecodeError,
  Event,
  Feedback,
  Models,
  NaiveBayes,
  nextBestAction,
  Request,
  ThompsonSampling
} from "../../src/index.js"
import type { Learner } from "../../src/learners/Learner.js"

const spec = (recordFeatures?: unknown) => ({
  issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
  actions: [{ id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }],
  ...(recordFeatures === undefined ? {} : { recordFeatures })
})
const compile = (recordFeatures?: unknown) => {
  const c = Catalog.catalog(spec(recordFeatures))
  if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
  return c.right
}
const requestOf = (attributes: Record<string, unknown>, id = "d-1") => {
  const r = Request.decode({
    decisionId: id,
    subject: { id: "s", attributes },
    context: { now: 0, channel: "web", attributes: { device: "mobile" } }
  })
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  return r.right
}
const wide = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]))
const nb = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.a1"),
    NaiveBayes.symbolic("context.device"),
    NaiveBayes.numeric("subject.absent")
  ]
})

describe("record features", () => {
  it("naive Bayes: the record keeps its predictors only, whatever the width of the profile", () => {
    for (const n of [20, 1000]) {
      const d = nextBestAction(compile(), Models.empty(nb), requestOf(wide(n)))
      expect(d.record.features).toEqual({ "subject.a1": 1, "context.device": "mobile" })
    }
    expect(nb.reads).toEqual(["subject.a1", "context.device", "subject.absent"])
  })
  it("Thompson sampling reads no feature: the record keeps none", () => {
    const d = nextBestAction(compile(), Models.empty(ThompsonSampling.thompsonSampling()), requestOf(wide(50)))
    expect(d.record.features).toEqual({})
  })
  it('"all" keeps every feature, and a list keeps those names besides the models\'', () => {
    const models = Models.empty(ThompsonSampling.thompsonSampling())
    expect(Object.keys(nextBestAction(compile("all"), models, requestOf(wide(30))).record.features)).toHaveLength(31)
    expect(
      nextBestAction(compile(["subject.a7", "subject.nope"]), models, requestOf(wide(30))).record.features
    ).toEqual({
      "subject.a7": 7
    })
    expect(nextBestAction(compile(["subject.a7"]), Models.empty(nb), requestOf(wide(30))).record.features).toEqual({
      "subject.a1": 1,
      "context.device": "mobile",
      "subject.a7": 7
    })
  })
  it("a learner that does not say what it reads gets every feature", () => {
    const ts = ThompsonSampling.thompsonSampling()
    const { reads: _, ...open } = ts
    const d = nextBestAction(compile(), Models.empty(open as Learner<ThompsonSampling.State>), requestOf(wide(10)))
    expect(Object.keys(d.record.features)).toHaveLength(11)
  })
  it("the catalog decoder reports a bad recordFeatures at its path", () => {
    for (const bad of ["some", 3, ["subject.a", ""]]) {
      const c = Catalog.catalog(spec(bad))
      expect(E.isLeft(c) && c.left.problems.map((p) => p.path)).toEqual([
        typeof bad === "object" ? "$.recordFeatures[1]" : "$.recordFeatures"
      ])
    }
  })
  it("learning from a slim record equals learning from a full one (property)", () => {
    const settings = Feedback.settings({ timeouts: { inbound: 60_000 } })
    fc.assert(
      fc.property(
        fc.array(fc.record({ a1: fc.integer({ min: 0, max: 100 }), x: fc.integer(), clicked: fc.boolean() }), {
          minLength: 1,
          maxLength: 30
        }),
        (rows) => {
          const learnWith = (recordFeatures: unknown) => {
            const catalog = compile(recordFeatures)
            const inputs = rows.flatMap((r, i) => {
              const d = nextBestAction(catalog, Models.empty(nb), requestOf({ a1: r.a1, x: r.x }, `d-${i}`))
              const on = { actionId: "Gold", channel: "web", decision: d.decisionId }
              return r.clicked
                ? [Feedback.decided(d.record), Event.response({ ...on, eventId: `e-${i}`, at: 1000 }, "clicked")]
                : [Feedback.decided(d.record)]
            })
            const state = Feedback.applyAll(settings)(Feedback.initial(Models.empty(nb)), [
              ...inputs,
              Feedback.expireAt(10_000_000)
            ])
            return Models.stateOf(state.models, "Gold@web")
          }
          expect(NaiveBayes.equals(learnWith("models"), learnWith("all"))).toBe(true)
        }
      ),
      { numRuns: 30 }
    )
  })
})
