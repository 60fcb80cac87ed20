/**
 * src/recommend/ItemAction.ts: item candidates through the normal pipeline — item rules per item
 * (with the item in the why-not), item values, per-item and shared models, the item in the
 * decision, its trace and its record (which decodes, and teaches the item's model), owned and
 * recent items left out, the cold start, arbitration against plain actions, and purity.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Catalog from "../../src/catalog/Catalog.js"
import type { Request } from "../../src/decide/Request.js"
import * as DecisionRecord from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Models from "../../src/learners/Models.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import * as CoOccurrence from "../../src/recommend/CoOccurrence.js"
import * as ItemAction from "../../src/recommend/ItemAction.js"
import * as Items from "../../src/recommend/Items.js"
import * as Neighbours from "../../src/recommend/Neighbours.js"

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

const catalogSpec = (extra: Record<string, unknown> = {}) => ({
  issues: [{ name: "Sales", groups: [{ name: "Shop" }, { name: "Cards" }] }],
  actions: [
    { id: "Recs", issue: "Sales", group: "Shop", channels: [{ channel: "web", direction: "inbound" }] },
    { id: "Gold", issue: "Sales", group: "Cards", value: 0.5, channels: [{ channel: "web", direction: "inbound" }] }
  ],
  ...extra
})
const catalog = right(Catalog.catalog(catalogSpec()))

// 0 tent, 1 stove, 2 mat, 3 lamp, 4 boots, 5 hat
const items = right(
  Items.decode({
    ids: ["tent", "stove", "mat", "lamp", "boots", "hat"],
    attributes: {
      stock: [5, 0, 2, 9, 4, 1],
      margin: [30, 12, 8, 5, 20, 3],
      category: ["camp", "camp", "camp", "light", "wear", "wear"]
    }
  })
)
const co = CoOccurrence.fromHistories([[0, 1, 2], [0, 1], [0, 2], [3], [4, 5], [4, 5], [0, 2, 4]])
const sources = { items, neighbours: Neighbours.build(co) }
const models = Models.empty(ThompsonSampling.thompsonSampling())

const request = (over: Partial<Request> = {}): Request => ({
  decisionId: "d-1",
  subject: { id: "c-1" },
  context: { now: Date.UTC(2024, 4, 1), channel: "web", limit: 10 },
  options: { controlGroup: false, analytics: false },
  ...over
})

const recsOf = (json: Record<string, unknown>, c = catalog) => right(ItemAction.compile(c, { action: "Recs", ...json }))

describe("ItemAction.decide", () => {
  it("refuses a request that skipped the boundary before reading its history, naming Request.decode", () => {
    const recs = recsOf({})
    // a history entry without an action id: read before nextBestAction would have refused the request
    const broken = { ...request(), subject: { id: "c-1", history: [{ outcome: "Accepted" }] } } as unknown as Request
    expect(() => ItemAction.decide(recs, sources, models, broken)).toThrow(/ItemAction\.decide.*Request\.decode/s)
    const noSubject = { ...request(), subject: undefined } as unknown as Request
    expect(() => ItemAction.decide(recs, sources, models, noSubject)).toThrow(/Request\.decode/)
  })

  it("checks the item's rule per item, with the item in the why-not", () => {
    const recs = recsOf({ eligibility: { op: "gt", fact: "item.stock", value: 0 } })
    const d = ItemAction.decide(recs, sources, models, request(), { recent: ["tent"] })
    const excluded = d.excluded.filter((e) => e.stage === "eligibility")
    expect(excluded.map((e) => e.actionId)).toEqual(["Recs/stove"])
    const reason = excluded[0]?.reason
    expect(reason?._tag).toBe("PolicyFailed")
    expect(JSON.stringify(reason)).toContain("item.stock")
    expect(JSON.stringify(reason)).toMatch(/\b0\b/)
    expect(d.actions.map((a) => a.item)).not.toContain("stove")
    expect(d.actions.map((a) => a.item)).not.toContain("tent")
  })

  it("values each item by its own value expression, and ranks by it against plain actions", () => {
    const recs = recsOf({ value: { fact: "item.margin" } })
    const d = ItemAction.decide(recs, sources, models, request(), { recent: ["tent"] })
    // analytics off: every propensity is the starting 0.5; priority = 0.5 × margin
    const ranked = d.actions.map((a) => [a.actionId, a.value])
    expect(ranked).toEqual([
      ["Recs/boots", 20],
      ["Recs/stove", 12],
      ["Recs/mat", 8],
      ["Recs/lamp", 5],
      ["Recs/hat", 3],
      ["Gold", 0.5]
    ])
    expect(d.actions[0]?.item).toBe("boots")
    expect(d.actions.find((a) => a.actionId === "Gold")?.item).toBeUndefined()
  })

  it("proposes the items most similar to the recent ones first, then popular ones", () => {
    const recs = recsOf({ candidates: 2 })
    const d = ItemAction.decide(recs, sources, models, request(), { recent: ["boots"] })
    // boots' neighbours: hat (2 together), then mat (1, cosine 1/√9) before tent (1, cosine 1/√12)
    expect(d.funnel[0]?.remaining).toBe(3)
    expect(d.actions.map((a) => a.actionId).sort()).toEqual(["Gold", "Recs/hat", "Recs/mat"])
  })

  it("reads the subject's positive items from its history, and leaves owned items out", () => {
    const recs = recsOf({ owned: "subject.owned", candidates: 3 })
    const history = [
      { at: 1, actionId: "Recs/boots", issue: "Sales", group: "Shop", channel: "web", outcome: "accepted" },
      { at: 2, actionId: "Recs/lamp", issue: "Sales", group: "Shop", channel: "web", outcome: "rejected" }
    ]
    const d = ItemAction.decide(
      recs,
      sources,
      models,
      request({ subject: { id: "c-1", attributes: { owned: ["hat"] }, history } })
    )
    const shown = d.actions.map((a) => a.item).filter((i) => i !== undefined)
    expect(shown).not.toContain("boots")
    expect(shown).not.toContain("hat")
    // boots' neighbours mat and tent (hat is owned), then the most popular other item, the stove;
    // the rejected lamp is not a positive item
    expect(shown.slice().sort()).toEqual(["mat", "stove", "tent"])
    expect(ItemAction.recentItems(recs, items, request({ subject: { id: "c", history } }))).toEqual([4])
  })

  it("gives a subject without history the popular items", () => {
    const recs = recsOf({ candidates: 3 })
    const d = ItemAction.decide(recs, sources, models, request())
    expect(
      d.actions
        .map((a) => a.item)
        .filter((i) => i !== undefined)
        .sort()
    ).toEqual(["boots", "mat", "tent"])
  })

  it("records the item, learns per item, and the record decodes", () => {
    const recs = recsOf({ features: ["category"] })
    const c2 = right(Catalog.catalog(catalogSpec({ recordFeatures: "all" })))
    const recs2 = recsOf({ features: ["category"] }, c2)
    const d = ItemAction.decide(recs2, sources, models, request({ options: { controlGroup: false } }), {
      recent: ["tent"]
    })
    const chosen = d.record.actions.find((a) => a.item === "mat")
    expect(chosen?.actionId).toBe("Recs/mat")
    expect(chosen?.modelKey).toBe("Recs/mat@web")
    expect(chosen?.features?.["item.category"]).toBe("camp")
    expect(typeof chosen?.features?.["item.score"]).toBe("number")
    const json = JSON.parse(JSON.stringify(DecisionRecord.codec.encode(d.record))) as unknown
    expect(right(DecisionRecord.codec.decode(json))).toEqual(d.record)
    const learn = Feedback.learn(Outcome.defaultLabels)
    const event = Event.withRecord(
      Event.response({ eventId: "e-1", at: 2, actionId: "Recs/mat", channel: "web", decision: "d-1" }, "accepted"),
      d.record
    )
    const learned = learn(models, event)
    expect(Models.stateOf(learned, "Recs/mat@web").positives).toBe(1)
    expect(recs.features).toEqual(["category"])
  })

  it("shares the action's model with model: action, and the record still decodes", () => {
    const recs = recsOf({ model: "action" })
    const d = ItemAction.decide(recs, sources, models, request({ options: { controlGroup: false } }), {
      recent: ["tent"]
    })
    const mat = d.record.actions.find((a) => a.item === "mat")
    expect(mat?.modelKey).toBe("Recs@web")
    const json = JSON.parse(JSON.stringify(DecisionRecord.codec.encode(d.record))) as unknown
    expect(E.isRight(DecisionRecord.codec.decode(json))).toBe(true)
    // another action's model is still refused
    const wrong = { ...(json as { actions: Array<Record<string, unknown>> }) }
    wrong.actions = wrong.actions.map((a) => (a["item"] === "mat" ? { ...a, modelKey: "Gold@web" } : a))
    const decoded = DecisionRecord.codec.decode(wrong)
    expect(E.isLeft(decoded)).toBe(true)
  })

  it("is pure, and returns only items that pass their rule and are not owned or recent", () => {
    const recs = recsOf({ eligibility: { op: "gte", fact: "item.stock", value: 2 }, owned: "subject.owned" })
    fc.assert(
      fc.property(
        fc.subarray(["tent", "stove", "mat", "lamp", "boots", "hat"]),
        fc.subarray(["tent", "stove", "mat", "lamp", "boots", "hat"]),
        fc.string({ minLength: 1, maxLength: 8 }),
        (recent, owned, id) => {
          const r = request({
            decisionId: id,
            subject: { id, attributes: { owned } },
            options: { controlGroup: false }
          })
          const d = ItemAction.decide(recs, sources, models, r, { recent })
          expect(ItemAction.decide(recs, sources, models, r, { recent })).toEqual(d)
          for (const a of d.actions) {
            if (a.item === undefined) continue
            expect(Items.value(items, Items.indexOf(items, a.item), "stock")).toBeGreaterThanOrEqual(2)
            expect(owned).not.toContain(a.item)
            expect(recent).not.toContain(a.item)
          }
        }
      ),
      { numRuns: 60 }
    )
  })
})

describe("ItemAction.compile", () => {
  it("reports every problem with its path", () => {
    const c = right(
      Catalog.catalog({
        ...catalogSpec(),
        actions: [
          ...catalogSpec().actions,
          { id: "Recs/x", issue: "Sales", group: "Shop", channels: [{ channel: "web", direction: "inbound" }] }
        ]
      })
    )
    const r = ItemAction.compile(c, {
      action: "Recs",
      eligibility: { op: "gt", fact: "stock", value: 0 },
      model: "each",
      extra: 1
    })
    expect(E.isLeft(r) && r.left.problems.map((p) => [p.path, p.code])).toEqual([
      ["$.extra", "unknown_key"],
      ["$.model", "invalid_value"],
      ["$.action", "duplicate_id"],
      ["$.eligibility", "unknown_path"]
    ])
  })
})

describe("ItemAction.observation", () => {
  it("incremental counts from feedback events equal the recount of the histories", () => {
    const recs = recsOf({})
    const row = (item: string, outcome: string, at: number) => ({
      at,
      actionId: `Recs/${item}`,
      issue: "Sales",
      group: "Shop",
      channel: "web",
      outcome
    })
    // a subject's events in order: each learned after the history before it
    const events: ReadonlyArray<readonly [string, string]> = [
      ["tent", "accepted"],
      ["lamp", "rejected"],
      ["mat", "clicked"],
      ["tent", "accepted"],
      ["boots", "accepted"]
    ]
    let history: Array<ReturnType<typeof row>> = []
    let state = CoOccurrence.empty()
    events.forEach(([item, outcome], k) => {
      const e = Event.response(
        { eventId: `e-${k}`, at: k, actionId: `Recs/${item}`, channel: "web", decision: "d" },
        outcome
      )
      const o = ItemAction.observation(recs, items, history, e)
      if (o !== undefined) state = CoOccurrence.observe(state, [o])
      history = [...history, row(item, outcome, k)]
    })
    expect(CoOccurrence.Eq.equals(state, CoOccurrence.fromHistories([[0, 2, 0, 4]]))).toBe(true)
  })
})
