/**
 * History-derived features in decisions: the models see them, the record keeps them (shared ones
 * in `features`, per-candidate ones in the chosen action's `features`), a request can override
 * the catalog's setting, and the order of the history does not matter.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import type { Spec as CatalogSpec } from "../../src/catalog/Catalog.js"
import { historyFeatures } from "../../src/history/HistoryFeatures.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import { decode as decodeRequest, type Request } from "../../src/decide/Request.js"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import type { Features, Learner } from "../../src/learners/Learner.js"
import { fromStates } from "../../src/learners/Models.js"
import { historyArb, mustCompile, NOW, specOf, type ActionShape } from "../arbitraries/catalog.js"

const shape = (value: number): ActionShape => ({
  issue: "Sales",
  group: "Cards",
  channels: ["web"],
  value,
  weight: 0,
  evaluation: "default",
  available: true,
  minAge: null,
  propensity: 0.5
})
const base: CatalogSpec = specOf([shape(10), shape(20), shape(40)])
const spec: CatalogSpec = { ...base, actions: base.actions.map((a, i) => (i === 2 ? { ...a, group: "Loans" } : a)) }

/** a learner whose state is its model key: fixed propensities, and a log of the features each model saw */
const spying = () => {
  const seen = new Map<string, Features>()
  const propensity: Record<string, number> = { "a00@web": 0.9, "a01@web": 0.5, "a02@web": 0.3 }
  const learner: Learner<string> = {
    name: "spy",
    empty: "",
    score: (key, features, rng) => {
      seen.set(key, features)
      const p = propensity[key] ?? 0.5
      return [{ propensity: p, explored: p, evidence: 0 }, rng]
    },
    learn: (s) => s,
    learnAll: (s) => s,
    merge: (x) => x,
    codec: t.string as unknown as t.Type<string, unknown, unknown>
  }
  return { seen, models: fromStates(learner, { "a00@web": "a00@web", "a01@web": "a01@web", "a02@web": "a02@web" }) }
}

const shown = (days: number, actionId: string, outcome = "impression", group = "Cards"): Interaction => ({
  at: NOW - days * DAY_MS,
  actionId,
  issue: "Sales",
  group,
  channel: "web",
  outcome
})
const history = [shown(1, "a00"), shown(2, "a01"), shown(9, "a00"), shown(3, "a02", "rejected", "Loans")]
const request = (options: Request["options"] = {}, h: ReadonlyArray<Interaction> = history): Request => ({
  seed: 1,
  subject: { id: "s", attributes: { age: 40 }, history: h },
  context: { now: NOW, channel: "web", limit: 2 },
  options: { controlGroup: false, ...options }
})

describe("nextBestAction: history features", () => {
  it("off by default: the models see the request's features only", () => {
    const { seen, models } = spying()
    const d = nextBestAction(mustCompile(spec), models, request())
    expect(d.record.features).toEqual({ "subject.age": 40 })
    expect(seen.get("a00@web")).toEqual({ "subject.age": 40 })
  })

  it("subject scope: the same features for every model, kept in the record's features", () => {
    const { seen, models } = spying()
    const catalog = mustCompile({ ...spec, historyFeatures: historyFeatures(["impression", "rejected"], [7]) })
    const d = nextBestAction(catalog, models, request())
    const expected = {
      "subject.age": 40,
      "history.impression.7d": 2,
      "history.impression.daysSince": 1,
      "history.rejected.7d": 1,
      "history.rejected.daysSince": 3
    }
    expect(d.record.features).toEqual(expected)
    for (const key of ["a00@web", "a01@web", "a02@web"]) expect(seen.get(key)).toEqual(expected)
    for (const a of d.record.actions) expect(a.features).toBeUndefined()
  })

  it("group and action scopes: each model sees its own, and the chosen action's record keeps them", () => {
    const { seen, models } = spying()
    const catalog = mustCompile({
      ...spec,
      historyFeatures: historyFeatures(["impression"], [7, 30], ["action", "group"])
    })
    const d = nextBestAction(catalog, models, request())
    expect(seen.get("a00@web")).toEqual({
      "subject.age": 40,
      "history.action.impression.7d": 1,
      "history.action.impression.30d": 2,
      "history.action.impression.daysSince": 1,
      "history.group.impression.7d": 2,
      "history.group.impression.30d": 3,
      "history.group.impression.daysSince": 1
    })
    expect(seen.get("a02@web")).toMatchObject({
      "history.action.impression.7d": 0,
      "history.action.impression.daysSince": null,
      "history.group.impression.30d": 0
    })
    expect(d.record.features).toEqual({ "subject.age": 40 })
    // what a response teaches each chosen model is exactly what that model saw
    expect(d.record.actions.map((a) => a.actionId)).toEqual(["a02", "a01"])
    for (const a of d.record.actions) expect({ ...d.record.features, ...a.features }).toEqual(seen.get(a.modelKey))
  })

  it("a request overrides the catalog's setting, or switches it off with false (decoded)", () => {
    const catalog = mustCompile({ ...spec, historyFeatures: historyFeatures(["impression"], [7]) })
    const off = spying()
    expect(nextBestAction(catalog, off.models, request({ historyFeatures: false })).record.features).toEqual({
      "subject.age": 40
    })
    const other = spying()
    const decoded = decodeRequest({
      ...request(),
      options: { controlGroup: false, historyFeatures: { outcomes: "rejected", windowsDays: [30] } }
    })
    if (E.isLeft(decoded)) throw new Error("the request decodes")
    expect(nextBestAction(catalog, other.models, decoded.right).record.features).toEqual({
      "subject.age": 40,
      "history.rejected.30d": 1,
      "history.rejected.daysSince": 3
    })
    const bad = decodeRequest({ ...request(), options: { historyFeatures: { outcomes: "rejected", windowsDays: [] } } })
    expect(E.isLeft(bad) && bad.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.options.historyFeatures.windowsDays invalid_value"
    ])
    const wrong = decodeRequest({ ...request(), options: { historyFeatures: true } })
    expect(E.isLeft(wrong) && wrong.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.options.historyFeatures invalid_value"
    ])
  })

  it("the order of the history does not matter (the request's history need not be sorted)", () => {
    const catalog = mustCompile({
      ...spec,
      historyFeatures: historyFeatures(["impression", "accepted"], [1, 7], ["subject", "group", "action"])
    })
    fc.assert(
      fc.property(historyArb(["a00", "a01", "a02"]), (h) => {
        const sorted = [...h].sort((x, y) => x.at - y.at)
        const a = nextBestAction(catalog, spying().models, request({}, sorted))
        const b = nextBestAction(catalog, spying().models, request({}, [...sorted].reverse()))
        expect(b.record).toEqual(a.record)
      }),
      { numRuns: 100 }
    )
  })
})
