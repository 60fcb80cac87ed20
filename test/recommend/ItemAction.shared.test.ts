/**
 * An item action whose catalog action names a shared model (`Action.model`): with `model:
 * "action"` every item is scored by the shared key with the action's attributes beside the item's
 * features, and its record names the model and decodes; with `model: "item"` each item keeps a
 * model of its own and sees no `action.*` feature.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Catalog from "../../src/catalog/Catalog.js"
import * as DecisionRecord from "../../src/feedback/DecisionRecord.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import { spyLearner } from "../arbitraries/learners.js"
import * as Models from "../../src/learners/Models.js"
import * as CoOccurrence from "../../src/recommend/CoOccurrence.js"
import * as ItemAction from "../../src/recommend/ItemAction.js"
import * as Items from "../../src/recommend/Items.js"
import * as Neighbours from "../../src/recommend/Neighbours.js"

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

const catalog = right(
  Catalog.catalog({
    issues: [{ name: "Sales", groups: [{ name: "Shop" }] }],
    actions: [
      {
        id: "Recs",
        issue: "Sales",
        group: "Shop",
        channels: [{ channel: "web", direction: "inbound" }],
        model: "shop",
        properties: { kind: "recs" }
      }
    ]
  })
)
const items = right(Items.decode({ ids: ["tent", "stove", "mat"], attributes: { category: ["camp", "camp", "wear"] } }))
const sources = {
  items,
  neighbours: Neighbours.build(
    CoOccurrence.fromHistories([
      [0, 1, 2],
      [0, 2]
    ])
  )
}
const request = {
  decisionId: "d-1",
  subject: { id: "c-1" },
  context: { now: Date.UTC(2024, 4, 1), channel: "web", limit: 10 },
  options: { controlGroup: false }
}

const { learner: spy, seen } = spyLearner()
const keys = { "shop@web": "shop@web", "Recs/tent@web": "tent", "Recs/stove@web": "stove", "Recs/mat@web": "mat" }
const models = Models.fromStates(spy, keys)

describe("ItemAction with a shared model", () => {
  it('model: "action": every item is scored by the shared key, with the action\'s attributes and its own features', () => {
    seen.length = 0
    const recs = right(ItemAction.compile(catalog, { action: "Recs", model: "action", features: ["category"] }))
    const d = ItemAction.decide(recs, sources, models, request)
    expect(d.record.actions.length).toBeGreaterThan(0)
    for (const a of d.record.actions) {
      expect([a.model, a.modelKey]).toStrictEqual(["shop", "shop@web"])
      const f = Feedback.featuresOf(d.record, a)
      expect(f["action.kind"]).toBe("recs")
      expect(f["item.category"]).toBe(a.item === "mat" ? "wear" : "camp")
    }
    expect(seen.every(([key, f]) => key === "shop@web" && f["action.kind"] === "recs")).toBe(true)
    const decoded = DecisionRecord.codec.decode(JSON.parse(JSON.stringify(DecisionRecord.codec.encode(d.record))))
    expect(E.isRight(decoded)).toBe(true)
  })
  it('model: "item": each item keeps a model of its own and sees no action attribute', () => {
    seen.length = 0
    const recs = right(ItemAction.compile(catalog, { action: "Recs", model: "item" }))
    const d = ItemAction.decide(recs, sources, models, request)
    expect(d.record.actions.length).toBeGreaterThan(0)
    for (const a of d.record.actions) {
      expect(a.model).toBeUndefined()
      expect(a.modelKey).toBe(`${a.actionId}@web`)
      expect(Object.keys(Feedback.featuresOf(d.record, a)).some((k) => k.startsWith("action."))).toBe(false)
    }
    expect(seen.map(([key]) => key).sort()).toStrictEqual(d.record.actions.map((a) => a.item).sort())
    expect(E.isRight(DecisionRecord.codec.decode(DecisionRecord.codec.encode(d.record)))).toBe(true)
  })
})
