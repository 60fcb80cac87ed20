/**
 * Laws of shared models (`Action.model`): catalogs without one compile the keys and features they
 * always did; decoding a catalog never throws and reports a model name exactly when it is not
 * allowed, at its path; a shared key never equals an action's own key; and naming a model of its
 * own for every action only renames the keys.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, DecisionRecord, Feedback, Models, nextBestAction, Request } from "../../src/index.js"
import type { Action } from "../../src/catalog/Action.js"
import type { Features, Learner } from "../../src/learners/Learner.js"
import { fixedModels, mustCompile, scenario } from "../arbitraries/catalog.js"

const propertiesArb = fc.dictionary(
  fc.constantFrom("kind", "tier", "premium", "brand"),
  fc.oneof(fc.constantFrom("card", "loan"), fc.integer({ min: -3, max: 3 }), fc.boolean()),
  { maxKeys: 4 }
)

/** a learner that remembers every (state, features) it scored and reads every feature */
const spyOf = (seen: Array<readonly [number, Features]>): Learner<number> => ({
  name: "spy",
  empty: 0.5,
  score: (state, features, rng) => {
    seen.push([state, features])
    return [{ propensity: state, explored: state, evidence: 0 }, rng]
  },
  learn: (s) => s,
  learnAll: (s) => s,
  merge: (x) => x,
  codec: fixedModels({}).learner.codec
})

describe("shared models: laws", () => {
  it("without `model` every key is <id>@<channel> and every candidate sees the request's features only", () => {
    fc.assert(
      fc.property(scenario, fc.array(propertiesArb, { minLength: 10, maxLength: 10 }), (s, props) => {
        const spec = { ...s.spec, actions: s.spec.actions.map((a, i) => ({ ...a, properties: props[i] ?? {} })) }
        const c = mustCompile(spec)
        for (const a of c.actions) {
          expect(a.model).toBeUndefined()
          expect(a.attributes).toBeUndefined()
          for (const ch of a.channels) expect(ch.modelKey).toBe(Models.modelKey(a.id, ch.channel))
        }
        const seen: Array<readonly [number, Features]> = []
        const d = nextBestAction(c, Models.fromStates(spyOf(seen), s.models.states), s.request)
        const features = Request.features(s.request)
        for (const [, f] of seen) expect(f).toStrictEqual(features)
        for (const a of d.record.actions) {
          expect(a.model).toBeUndefined()
          expect(a.features).toBeUndefined()
        }
      })
    )
  })

  it("decoding never throws, and reports `model` at its path exactly when the name is not allowed", () => {
    const ids = ["a", "b", "c"]
    const modelArb = fc.option(
      fc.oneof(
        fc.constantFrom(...ids, "offers", "", "of@fers", "@", "x\u0000", "web"),
        fc.string({ maxLength: 4 }),
        fc.integer(),
        fc.constant(null)
      ),
      { nil: undefined }
    )
    fc.assert(
      fc.property(fc.array(modelArb, { minLength: 3, maxLength: 3 }), (models) => {
        const actions = ids.map((id, i) => ({
          id,
          issue: "Sales",
          group: "Cards",
          channels: [{ channel: "web", direction: "inbound" }],
          ...(models[i] === undefined ? {} : { model: models[i] })
        }))
        const result = Catalog.catalog({ issues: [{ name: "Sales", groups: [{ name: "Cards" }] }], actions })
        const reported = new Set(E.isLeft(result) ? result.left.problems.map((p) => p.path) : [])
        models.forEach((m, i) => {
          const allowed =
            m === undefined ||
            (typeof m === "string" && m.length > 0 && !m.includes("@") && !m.includes("\u0000") && !ids.includes(m))
          expect(reported.has(`$.actions[${i}].model`)).toBe(!allowed)
        })
        expect(E.isRight(result)).toBe(reported.size === 0)
      })
    )
  })

  it("on what decodes, two channels share a key exactly when they are one action's or one model's on one channel", () => {
    const actionArb = fc.record({
      id: fc.constantFrom("a", "b", "a@web", "offers@x", "m"),
      model: fc.option(fc.constantFrom("m", "n", "offers", "a"), { nil: undefined }),
      channels: fc.subarray(["web", "x", "web2"], { minLength: 1 })
    })
    fc.assert(
      fc.property(fc.uniqueArray(actionArb, { selector: (a) => a.id, maxLength: 5 }), (drawn) => {
        const actions = drawn.map((a) => ({
          id: a.id,
          issue: "Sales",
          group: "Cards",
          channels: a.channels.map((channel) => ({ channel, direction: "inbound" })),
          ...(a.model === undefined ? {} : { model: a.model })
        }))
        const result = Catalog.catalog({ issues: [{ name: "Sales", groups: [{ name: "Cards" }] }], actions })
        if (E.isLeft(result)) return
        const slots = result.right.actions.flatMap((a) =>
          a.channels.map((ch) => ({ owner: a.model === undefined ? `action ${a.id}` : `model ${a.model}`, ch }))
        )
        for (const x of slots)
          for (const y of slots)
            expect(x.ch.modelKey === y.ch.modelKey).toBe(x.owner === y.owner && x.ch.channel === y.ch.channel)
      })
    )
  })

  it("a model of its own for every action only renames the keys; the record names the model and keeps what was scored", () => {
    fc.assert(
      fc.property(scenario, fc.array(propertiesArb, { minLength: 10, maxLength: 10 }), (s, props) => {
        const renamed = (a: Action, i: number): Action => ({ ...a, model: `m${a.id}`, properties: props[i] ?? {} })
        const shared = mustCompile({ ...s.spec, actions: s.spec.actions.map(renamed) })
        const states: Record<string, number> = {}
        for (const [key, p] of Object.entries(s.models.states)) states[`m${key}`] = p
        const seen: Array<readonly [number, Features]> = []
        const before = nextBestAction(mustCompile(s.spec), s.models, s.request)
        const after = nextBestAction(shared, Models.fromStates(spyOf(seen), states), s.request)
        const strip = (d: typeof before) =>
          d.actions.map((a) => [a.actionId, a.channel, a.rank, a.propensity, a.priority, a.selectionProbability])
        expect(strip(after)).toStrictEqual(strip(before))
        const features = Request.features(s.request)
        for (const a of after.record.actions) {
          expect(a.modelKey).toBe(Models.modelKey(`m${a.actionId}`, a.channel))
          expect(a.model).toBe(`m${a.actionId}`)
          const attributes = shared.actions.find((x) => x.id === a.actionId)?.attributes ?? {}
          const scored = { ...features, ...attributes }
          expect(Feedback.featuresOf(after.record, a)).toStrictEqual(scored)
          expect(seen.some(([, f]) => JSON.stringify(f) === JSON.stringify(scored))).toBe(true)
        }
        const decoded = DecisionRecord.codec.decode(DecisionRecord.codec.encode(after.record))
        expect(E.isRight(decoded) && decoded.right).toStrictEqual(after.record)
      })
    )
  })
})
