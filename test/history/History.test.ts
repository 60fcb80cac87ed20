import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Event from "../../src/feedback/Event.js"
import * as History from "../../src/history/History.js"
import * as HistoryFeatures from "../../src/history/HistoryFeatures.js"
import { render } from "../../src/kernel/DecodeError.js"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import { chosen } from "../arbitraries/feedback.js"

const at = (day: number, outcome: string, actionId = "GoldCard", channel = "email"): Interaction => ({
  at: day * DAY_MS,
  actionId,
  issue: "Sales",
  group: "Cards",
  channel,
  outcome
})

describe("History.append", () => {
  const week = History.retention(7 * DAY_MS)
  it("keeps time order, placing an interaction after those at the same instant", () => {
    const h = [at(1, "sent"), at(3, "sent")].reduce(History.append(week), [] as History.History)
    expect(History.append(week)(h, at(1, "impression")).map((i) => i.outcome)).toEqual(["sent", "impression", "sent"])
  })
  it("prunes to the window measured from the newest interaction, inclusive", () => {
    const h = [at(0, "sent"), at(1, "sent"), at(8, "clicked")].reduce(History.append(week), [] as History.History)
    expect(h.map((i) => i.at / DAY_MS)).toEqual([1, 8]) // day 0 is 8 days before day 8; day 1 is exactly 7
  })
  it("does not add an interaction already outside the window", () => {
    const h = [at(10, "sent")].reduce(History.append(week), [] as History.History)
    expect(History.append(week)(h, at(2, "clicked"))).toEqual(h)
  })
  it("keeps at most `limit` of the newest", () => {
    const r = History.retention(7 * DAY_MS, 2)
    const h = [at(1, "a"), at(2, "b"), at(3, "c")].reduce(History.append(r), [] as History.History)
    expect(h.map((i) => i.outcome)).toEqual(["b", "c"])
  })
  it("prune drops what is older than now − window, and returns the same array when nothing is dropped", () => {
    const h = [at(1, "a"), at(5, "b")]
    expect(History.prune(week)(h, 9 * DAY_MS).map((i) => i.outcome)).toEqual(["b"])
    expect(History.prune(week)(h, 6 * DAY_MS)).toBe(h)
  })
  it("retention refuses bad windows, naming the API", () => {
    expect(() => History.retention(0)).toThrow(
      new TypeError("History.retention: window must be a positive whole number of milliseconds, got 0")
    )
    expect(() => History.retention(DAY_MS, 0)).toThrow(/History\.retention: limit/)
    expect(() => History.retention(0)).toThrow(TypeError)
  })
})

describe("History.record", () => {
  const decision = {
    decisionId: "d-1",
    subjectId: "c-1",
    at: 0,
    direction: "outbound" as const,
    controlGroup: false,
    features: {},
    actions: [chosen("Mortgage", "email")]
  }
  it("appends the interaction an event leaves, with the decision id", () => {
    const h = History.record(History.defaultRetention)(
      [],
      Event.response({ eventId: "e", at: DAY_MS, actionId: "Mortgage", channel: "email", decision }, "rejected")
    )
    expect(h).toEqual([
      {
        at: DAY_MS,
        actionId: "Mortgage",
        issue: "Sales",
        group: "Loans",
        channel: "email",
        outcome: "rejected",
        decisionId: "d-1"
      }
    ])
  })
  it("leaves the history as it is for an action the decision did not return", () => {
    const h: History.History = []
    expect(
      History.record(History.defaultRetention)(
        h,
        Event.sent({ eventId: "e", at: 1, actionId: "GoldCard", channel: "email", decision })
      )
    ).toBe(h)
  })
})

describe("history-derived predictors", () => {
  const history = [at(1, "sent"), at(2, "rejected"), at(9, "sent", "Mortgage"), at(10, "accepted"), at(20, "sent")]
  it("count in (now − window, now]", () => {
    expect(History.count(history, { outcomes: ["sent"] }, 12 * DAY_MS, 3 * DAY_MS)).toBe(0) // day 9 is exactly 3 days back: outside (9, 12]
    expect(History.count(history, { outcomes: ["sent"] }, 12 * DAY_MS, 3 * DAY_MS + 1)).toBe(1)
    expect(History.count(history, { outcomes: ["sent"] }, 12 * DAY_MS, 11 * DAY_MS)).toBe(1)
    expect(History.count(history, { outcomes: ["sent"] }, 12 * DAY_MS, 11 * DAY_MS + 1)).toBe(2)
    expect(History.count(history, { outcomes: ["sent"], actionId: "GoldCard" }, 12 * DAY_MS, 30 * DAY_MS)).toBe(1)
    expect(History.count(history, {}, 12 * DAY_MS, 30 * DAY_MS)).toBe(4) // the day-20 one is in the future
  })
  it("days since the last one, null when never", () => {
    expect(History.daysSinceLast(history, { outcomes: ["rejected"] }, 12 * DAY_MS)).toBe(10)
    expect(History.daysSinceLast(history, { outcomes: ["clicked"] }, 12 * DAY_MS)).toBeNull()
    expect(History.daysSinceLast(history, { channel: "web" }, 12 * DAY_MS)).toBeNull()
  })
  it("history features (the one naming scheme, `history.<scope>.<outcome>.<n>d`) count in the same windows", () => {
    const spec = HistoryFeatures.historyFeatures(["rejected"], [7, 30], ["group"])
    expect(
      HistoryFeatures.candidateFeatures(spec, history, 12 * DAY_MS, {
        actionId: "GoldCard",
        issue: "Sales",
        group: "Cards"
      })
    ).toEqual({
      "history.group.rejected.7d": 0,
      "history.group.rejected.30d": 1,
      "history.group.rejected.daysSince": 10
    })
  })
})

describe("history snapshots", () => {
  const history = [at(1, "sent"), { ...at(2, "clicked"), decisionId: "d-9" }]
  it("pin the layout", () => {
    expect(History.encode(history)).toEqual({
      format: "nextbest/history",
      version: 1,
      interactions: [
        { at: DAY_MS, actionId: "GoldCard", issue: "Sales", group: "Cards", channel: "email", outcome: "sent" },
        {
          at: 2 * DAY_MS,
          actionId: "GoldCard",
          issue: "Sales",
          group: "Cards",
          channel: "email",
          outcome: "clicked",
          decisionId: "d-9"
        }
      ]
    })
  })
  it("migrate a bare array (the unversioned form), sorting it oldest first, ISO times accepted", () => {
    const bare = [{ ...at(2, "clicked"), at: "1970-01-03T00:00:00Z" }, at(1, "sent")]
    expect(History.decode(bare)).toEqual(E.right([at(1, "sent"), at(2, "clicked")]))
  })
  it("reject bad snapshots with every problem's path", () => {
    const result = History.decode({
      format: "nextbest/history",
      version: 2,
      interactions: [
        { ...at(1, "sent"), at: 1.5 },
        { ...at(1, "sent"), channel: "" }
      ]
    })
    expect(E.isLeft(result) && render(result.left)).toBe(
      [
        "3 problems:",
        "  $.version [unknown_version] unknown snapshot version: expected one of 1 (found: 2)",
        "  $.interactions[0].at [not_integer] expected an instant: whole epoch milliseconds within the range of Date (found: 1.5)",
        '  $.interactions[1].channel [invalid_value] expected a non-empty string (found: "")'
      ].join("\n")
    )
  })
})
