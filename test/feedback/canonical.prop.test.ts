/**
 * Canonical snapshots: a snapshot's bytes do not depend on the key order of a request's
 * attributes. Two requests that differ only in the order of their attributes' keys give decision
 * records, pending buffers, feedback snapshots and learned models that encode to the same text.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import type { Request } from "../../src/decide/Request.js"
import * as DecisionRecord from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as Models from "../../src/learners/Models.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import { mustCompile, scenario } from "../arbitraries/catalog.js"

const KEYS = ["age", "tier", "b", "a", "Z", "10", "2", "__proto__", "zone", "é"] as const
const attributesArb = fc
  .uniqueArray(fc.constantFrom(...KEYS), { minLength: 1 })
  .chain((keys) =>
    fc.tuple(
      fc.tuple(...keys.map((k) => fc.tuple(fc.constant(k), fc.oneof(fc.integer(), fc.string(), fc.boolean())))),
      fc.array(fc.nat(), { minLength: keys.length, maxLength: keys.length })
    )
  )
  .map(([entries, noise]) => {
    // the same entries in two orders: as drawn, and shuffled by the noise
    const shuffled = entries
      .map((e, i) => [e, noise[i] as number] as const)
      .sort((x, y) => x[1] - y[1])
      .map(([e]) => e)
    return [entries, shuffled] as const
  })

const objectOf = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true })
  return out
}

const withAttributes = (request: Request, attributes: Record<string, unknown>): Request => ({
  ...request,
  subject: { ...request.subject, attributes: { ...attributes, age: request.subject.attributes?.["age"] } }
})

describe("canonical key order", () => {
  it("requests differing only in attribute key order give identical snapshot text", () => {
    fc.assert(
      fc.property(scenario, attributesArb, (s, [first, second]) => {
        const catalog = mustCompile(s.spec)
        const texts = [first, second].map((entries) => {
          const decision = nextBestAction(catalog, s.models, withAttributes(s.request, objectOf(entries)))
          const settings = Feedback.settings()
          const ts = ThompsonSampling.thompsonSampling()
          let state = Feedback.track(settings)(Feedback.initial(Models.empty(ts)), decision.record)
          const chosen = decision.record.actions[0]
          if (chosen !== undefined)
            state = Feedback.apply(settings)(
              state,
              Event.response(
                {
                  eventId: "e-1",
                  at: decision.record.at + 1,
                  actionId: chosen.actionId,
                  channel: chosen.channel,
                  decision: decision.record.decisionId
                },
                "accepted"
              )
            )
          return [
            JSON.stringify(DecisionRecord.codec.encode(decision.record)),
            JSON.stringify(
              Pending.encode(Feedback.track(settings)(Feedback.initial(Models.empty(ts)), decision.record).pending)
            ),
            JSON.stringify(Feedback.encode(state))
          ]
        })
        expect(texts[1]).toEqual(texts[0])
      }),
      { numRuns: 200 }
    )
  })

  it("models learned from features in different key orders encode to the same text", () => {
    fc.assert(
      fc.property(
        attributesArb,
        fc.array(fc.constantFrom("a@web", "b@web", "c@email"), { minLength: 1 }),
        (pair, keys) => {
          const ts = ThompsonSampling.thompsonSampling()
          const [first, second] = pair
          const texts = [first, second].map((entries, i) => {
            // the model keys learned in two orders too
            const order = i === 0 ? keys : [...keys].reverse()
            let models = Models.empty(ts)
            for (const key of order)
              models = Models.learn(models, key, { features: objectOf(entries) as never, positive: true, at: 0 })
            return JSON.stringify(Models.encode(models))
          })
          expect(texts[1]).toBe(texts[0])
        }
      ),
      { numRuns: 100 }
    )
  })
})
