import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as LoggedData from "../../src/evaluation/LoggedData.js"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import { response, impression } from "../../src/feedback/Event.js"

const problems = (r: E.Either<{ readonly problems: ReadonlyArray<{ path: unknown; code: string }> }, unknown>) =>
  E.isLeft(r) ? r.left.problems.map((p) => [p.path, p.code]) : []

const chosen = (actionId: string, rank: number, selectionProbability: number) => ({
  actionId,
  issue: "i",
  group: "g",
  channel: "web",
  modelKey: `${actionId}@web`,
  rank,
  modelPropensity: 0.1,
  propensity: 0.1,
  selectionProbability
})

describe("LoggedData", () => {
  it("fromRecords: one round per chosen action, reward from positive responses, NaN probabilities skipped", () => {
    const record: DecisionRecord = {
      decisionId: "d1",
      subjectId: "s",
      at: 0,
      direction: "inbound",
      controlGroup: false,
      features: { age: 30 },
      actions: [chosen("a", 1, 0.5), chosen("b", 2, 0.25), chosen("c", 3, NaN)]
    }
    const init = { at: 1, channel: "web", decision: "d1" }
    const events = [
      impression({ ...init, eventId: "e0", actionId: "a" }),
      response({ ...init, eventId: "e1", actionId: "b" }, "clicked"),
      response({ ...init, eventId: "e2", actionId: "a" }, "rejected"),
      response({ ...init, eventId: "e3", actionId: "b", decision: "other" }, "rejected")
    ]
    const { data, skipped } = LoggedData.fromRecords([record], events)
    expect(data.rounds.map((r) => [r.action, r.position, r.reward, r.loggingProbability])).toStrictEqual([
      ["a", 1, 0, 0.5],
      ["b", 2, 1, 0.25]
    ])
    expect(data.rounds[0]?.context).toBe(record.features)
    expect(skipped).toStrictEqual([{ decisionId: "d1", actionId: "c", reason: "noSelectionProbability" }])
    expect([data.actions, data.positions]).toStrictEqual([["a", "b"], 2])
  })

  it("decode: every problem with its path and code", () => {
    const r = LoggedData.decode({
      rounds: [
        { context: {}, action: "a", position: 1, reward: 1, loggingProbability: 0 },
        { context: { x: [1] }, action: "", position: 0.5, reward: "1", loggingProbability: 2 }
      ],
      extra: 1
    })
    expect(problems(r)).toStrictEqual([
      ["$.extra", "unknown_key"],
      ["$.rounds[0].loggingProbability", "out_of_range"],
      ["$.rounds[1].context.x", "invalid_type"],
      ["$.rounds[1].action", "invalid_value"],
      ["$.rounds[1].position", "not_integer"],
      ["$.rounds[1].reward", "invalid_type"],
      ["$.rounds[1].loggingProbability", "out_of_range"]
    ])
    const ok = LoggedData.decode({
      rounds: [{ context: {}, action: "a", position: 1, reward: 1, loggingProbability: 1 }]
    })
    expect(E.isRight(ok) && ok.right.actions).toStrictEqual(["a"])
  })

  it("fromObdCsv: missing columns at header, bad cells at row and field", () => {
    expect(problems(LoggedData.fromObdCsv("item_id,position,click\n1,1,0\n"))).toStrictEqual([["$.header", "required"]])
    const csv = ",item_id,position,click,propensity_score\n0,1,1,0,0.5\n1,2,4,x,0\n2,3\n"
    expect(problems(LoggedData.fromObdCsv(csv))).toStrictEqual([
      ['$["2"].reward', "invalid_type"],
      ['$["2"].loggingProbability', "out_of_range"],
      ['$["3"]', "invalid_value"]
    ])
    const good = LoggedData.fromObdCsv(",item_id,position,click,propensity_score\r\n0,1,1,0,0.5\r\n")
    expect(E.isRight(good) && good.right.rounds).toStrictEqual([
      { context: {}, action: "1", position: 1, reward: 0, loggingProbability: 0.5 }
    ])
  })
})
