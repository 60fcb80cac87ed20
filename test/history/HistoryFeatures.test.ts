import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { catalog } from "../../src/catalog/Catalog.js"
import * as H from "../../src/history/HistoryFeatures.js"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import { historyArb, historyFeaturesArb, NOW } from "../arbitraries/catalog.js"
import { deepEq, roundTrip } from "../laws.js"

const at = (days: number, actionId: string, outcome: string, group = "Cards"): Interaction => ({
  at: NOW - days * DAY_MS,
  actionId,
  issue: "Sales",
  group,
  channel: "web",
  outcome
})
const history = [
  at(20, "Gold", "impression"),
  at(10, "Silver", "impression"),
  at(5, "Gold", "impression"),
  at(3, "Car", "impression", "Loans"),
  at(2, "Gold", "accepted"),
  at(-1, "Gold", "impression")
]
const gold = { actionId: "Gold", issue: "Sales", group: "Cards" }

describe("HistoryFeatures", () => {
  const spec = H.historyFeatures(["impression", "accepted"], [7, 30], ["subject", "group", "action"])

  it("names every feature, scope by scope, then outcome by outcome", () => {
    expect(H.names(H.historyFeatures(["impression"], [7, 0.5]))).toEqual([
      "history.impression.7d",
      "history.impression.0.5d",
      "history.impression.daysSince"
    ])
    expect(H.names(spec)).toEqual([
      "history.impression.7d",
      "history.impression.30d",
      "history.impression.daysSince",
      "history.accepted.7d",
      "history.accepted.30d",
      "history.accepted.daysSince",
      "history.group.impression.7d",
      "history.group.impression.30d",
      "history.group.impression.daysSince",
      "history.group.accepted.7d",
      "history.group.accepted.30d",
      "history.group.accepted.daysSince",
      "history.action.impression.7d",
      "history.action.impression.30d",
      "history.action.impression.daysSince",
      "history.action.accepted.7d",
      "history.action.accepted.30d",
      "history.action.accepted.daysSince"
    ])
  })

  it("known answers: counts in (now − n days, now], days since the last one, null when never; later interactions ignored", () => {
    expect(H.subjectFeatures(spec, history, NOW)).toEqual({
      "history.impression.7d": 2,
      "history.impression.30d": 4,
      "history.impression.daysSince": 3,
      "history.accepted.7d": 1,
      "history.accepted.30d": 1,
      "history.accepted.daysSince": 2
    })
    expect(H.candidateFeatures(spec, history, NOW, gold)).toEqual({
      "history.group.impression.7d": 1,
      "history.group.impression.30d": 3,
      "history.group.impression.daysSince": 5,
      "history.group.accepted.7d": 1,
      "history.group.accepted.30d": 1,
      "history.group.accepted.daysSince": 2,
      "history.action.impression.7d": 1,
      "history.action.impression.30d": 2,
      "history.action.impression.daysSince": 5,
      "history.action.accepted.7d": 1,
      "history.action.accepted.30d": 1,
      "history.action.accepted.daysSince": 2
    })
    expect(
      H.candidateFeatures(spec, history, NOW, { actionId: "New", issue: "Service", group: "Calls" })[
        "history.action.impression.daysSince"
      ]
    ).toBeNull()
    // the subject scope only: nothing per candidate
    expect(H.candidateFeatures(H.historyFeatures(["impression"], [7]), history, NOW, gold)).toEqual({})
    expect(H.subjectFeatures(H.historyFeatures(["impression"], [7], ["action"]), history, NOW)).toEqual({})
    expect(H.perCandidate(spec)).toBe(true)
    expect(H.perCandidate(H.historyFeatures(["impression"], [7]))).toBe(false)
  })

  it("names(spec) lists exactly the keys the scopes add, and the features do not depend on the order of the history", () => {
    fc.assert(
      fc.property(historyFeaturesArb, historyArb(["a00", "a01", "a02"]), fc.nat(), (s, h, pick) => {
        const target = { actionId: ["a00", "a01", "a02"][pick % 3] as string, issue: "Sales", group: "Cards" }
        const features = (xs: ReadonlyArray<Interaction>) => {
          const sorted = H.oldestFirst(xs)
          return { ...H.subjectFeatures(s, sorted, NOW), ...H.candidateFeatures(s, sorted, NOW, target) }
        }
        const f = features(h)
        expect(Object.keys(f).sort()).toEqual([...H.names(s)].sort())
        expect(features([...h].reverse())).toEqual(f)
        expect(features(h.filter((i) => i.at <= NOW))).toEqual(f)
        for (const name of Object.keys(f)) {
          const v = f[name]
          if (name.endsWith(".daysSince")) expect(v === null || (typeof v === "number" && v >= 0)).toBe(true)
          else expect(Number.isInteger(v)).toBe(true)
        }
      })
    )
  })

  it("oldestFirst returns the same array when it is sorted, else a sorted copy", () => {
    const sorted = [at(3, "a", "x"), at(2, "a", "x")]
    expect(H.oldestFirst(sorted)).toBe(sorted)
    const unsorted = [at(1, "a", "x"), at(2, "a", "x")]
    expect(H.oldestFirst(unsorted)).toEqual([unsorted[1], unsorted[0]])
    expect(unsorted[0]?.at).toBe(NOW - DAY_MS)
  })

  roundTrip("HistoryFeaturesCodec", H.codec, historyFeaturesArb, deepEq)

  it("reports bad settings with paths and codes", () => {
    const problems = (u: unknown) => {
      const r = decodeWith(H.codec)(u)
      return E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}`) : []
    }
    expect(
      problems({ outcomes: ["impression", "impression"], windowsDays: [7, 0, -1, 7], scopes: ["everyone"], extra: 1 })
    ).toEqual([
      "$.extra unknown_key",
      "$.windowsDays[1] out_of_range",
      "$.windowsDays[2] out_of_range",
      "$.scopes[0] invalid_value"
    ])
    expect(problems({ outcomes: ["impression", "impression"], windowsDays: [7, 7] })).toEqual([
      "$.outcomes[1] duplicate_id",
      "$.windowsDays[1] duplicate_id"
    ])
    expect(problems({ outcomes: [], windowsDays: [] })).toEqual([
      "$.outcomes invalid_value",
      "$.windowsDays invalid_value"
    ])
    expect(problems({ outcomes: "impression", windowsDays: [Number.NaN] })).toEqual(["$.windowsDays[0] non_finite"])
    // in a catalog, under its key
    const c = catalog({ issues: [], actions: [], historyFeatures: { outcomes: "sent", windowsDays: [0] } })
    expect(E.isLeft(c) && c.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.historyFeatures.windowsDays[0] out_of_range"
    ])
  })
})
