import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import type * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import { Catalog, Decision, nextBestAction, Request } from "../../src/index.js"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Pending from "../../src/feedback/Pending.js"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import * as C from "../../src/kernel/internal/codec.js"
import {
  DAY_MS,
  InstantCodec,
  MAX_INSTANT,
  MIN_INSTANT,
  MINUTE_MS,
  clamp,
  daysBetween,
  isInstant,
  parseIso,
  toIso
} from "../../src/kernel/Time.js"
import { chosen } from "../arbitraries/feedback.js"
import { fixedModels } from "../arbitraries/catalog.js"
import { deepEq, roundTrip } from "../laws.js"

describe("Instant", () => {
  it("parses ISO 8601 with a zone, and bare dates as midnight UTC", () => {
    expect(parseIso("2024-05-01T09:30:00Z")).toBe(Date.UTC(2024, 4, 1, 9, 30))
    expect(parseIso("2024-05-01T09:30:00.250+02:00")).toBe(Date.UTC(2024, 4, 1, 7, 30, 0, 250))
    expect(parseIso("2024-05-01")).toBe(Date.UTC(2024, 4, 1))
  })
  it("refuses local times and junk", () => {
    expect(parseIso("2024-05-01T09:30:00")).toBeNull()
    expect(parseIso("yesterday")).toBeNull()
    expect(parseIso("2024-13-45T00:00:00Z")).toBeNull()
  })
  it("decodes numbers and text, with stable codes for bad input", () => {
    const decode = decodeWith(InstantCodec)
    expect(decode(0)).toEqual(E.right(0))
    expect(decode("1970-01-02T00:00:00Z")).toEqual(E.right(DAY_MS))
    const codes = [1.5, Number.NaN, "soon", undefined, {}].map((u) => {
      const r = decode(u)
      return E.isLeft(r) ? r.left.problems[0]?.code : "ok"
    })
    expect(codes).toEqual(["not_integer", "non_finite", "invalid_value", "required", "invalid_type"])
  })
  it("encodes to ISO text", () => {
    expect(toIso(DAY_MS)).toBe("1970-01-02T00:00:00.000Z")
    expect(daysBetween(0, 3 * DAY_MS)).toBe(3)
  })
  roundTrip("InstantCodec", InstantCodec, fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }), deepEq)
})

const problemOf = (codec: t.Decoder<unknown, unknown>) => (u: unknown) => {
  const r = decodeWith(codec)(u)
  return E.isLeft(r) ? r.left.problems.map((p) => [p.code, p.message]) : "decoded"
}
const RANGE = "expected an instant between 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"

describe("Instant: impossible calendar dates are refused, never rolled over", () => {
  it("knows leap years: 2024 and 2000 have a February 29, 2023 and 1900 do not", () => {
    expect(parseIso("2024-02-29")).toBe(Date.UTC(2024, 1, 29))
    expect(parseIso("2000-02-29T12:00:00Z")).toBe(Date.UTC(2000, 1, 29, 12))
    expect(parseIso("2023-02-29")).toBeNull()
    expect(parseIso("1900-02-29")).toBeNull()
    expect(parseIso("2024-02-30")).toBeNull()
    expect(parseIso("2024-04-31")).toBeNull()
    expect(parseIso("2024-04-30T23:59:59.999Z")).toBe(Date.UTC(2024, 3, 30, 23, 59, 59, 999))
  })
  it("refuses each impossible date with invalid_value and a message naming it", () => {
    const one = problemOf(InstantCodec)
    expect(one("2024-02-30")).toEqual([
      [
        "invalid_value",
        '"2024-02-30" is not a real date and time: 2024-02-30 does not exist (February 2024 has 29 days)'
      ]
    ])
    expect(one("2023-02-29T10:00:00Z")).toEqual([
      [
        "invalid_value",
        '"2023-02-29T10:00:00Z" is not a real date and time: 2023-02-29 does not exist (February 2023 has 28 days)'
      ]
    ])
    expect(one("1900-02-29")).toEqual([
      [
        "invalid_value",
        '"1900-02-29" is not a real date and time: 1900-02-29 does not exist (February 1900 has 28 days)'
      ]
    ])
    expect(one("2024-04-31")).toEqual([
      ["invalid_value", '"2024-04-31" is not a real date and time: 2024-04-31 does not exist (April 2024 has 30 days)']
    ])
    expect(one("2024-01-00")).toEqual([
      [
        "invalid_value",
        '"2024-01-00" is not a real date and time: 2024-01-00 does not exist (January 2024 has 31 days)'
      ]
    ])
    expect(one("2024-13-01T00:00:00Z")).toEqual([
      [
        "invalid_value",
        '"2024-13-01T00:00:00Z" is not a real date and time: 2024-13-01 has no month 13 (months run 01–12)'
      ]
    ])
    expect(one("2024-00-10")).toEqual([
      ["invalid_value", '"2024-00-10" is not a real date and time: 2024-00-10 has no month 00 (months run 01–12)']
    ])
    expect(one("2024-05-01T24:00:00Z")).toEqual([
      ["invalid_value", '"2024-05-01T24:00:00Z" is not a real date and time: there is no hour 24 (hours run 00–23)']
    ])
    expect(one("2024-05-01T09:60Z")).toEqual([
      ["invalid_value", '"2024-05-01T09:60Z" is not a real date and time: there is no minute 60 (minutes run 00–59)']
    ])
    expect(one("2024-05-01T09:30:60Z")).toEqual([
      ["invalid_value", '"2024-05-01T09:30:60Z" is not a real date and time: there is no second 60 (seconds run 00–59)']
    ])
    expect(one("2024-05-01T09:30:00+24:00")).toEqual([
      [
        "invalid_value",
        '"2024-05-01T09:30:00+24:00" is not a real date and time: the zone offset has no hour 24 (00–23)'
      ]
    ])
    expect(one("2024-05-01T09:30:00+02:60")).toEqual([
      [
        "invalid_value",
        '"2024-05-01T09:30:00+02:60" is not a real date and time: the zone offset has no minute 60 (00–59)'
      ]
    ])
  })
  it("the codec kit's instant refuses them the same way", () => {
    for (const text of ["2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-05-01T24:00:00Z"]) {
      const r = problemOf(C.instant)(text)
      expect(r).toEqual(problemOf(InstantCodec)(text))
      expect(r[0]?.[0]).toBe("invalid_value")
    }
  })
})

describe("Instant: bounds", () => {
  it("are 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z", () => {
    expect(toIso(MIN_INSTANT)).toBe("0000-01-01T00:00:00.000Z")
    expect(toIso(MAX_INSTANT)).toBe("9999-12-31T23:59:59.999Z")
    expect(parseIso("0000-01-01")).toBe(MIN_INSTANT)
    expect(parseIso("9999-12-31T23:59:59.999Z")).toBe(MAX_INSTANT)
    expect(parseIso("+009999-12-31T23:59:59.999Z")).toBe(MAX_INSTANT)
    expect(parseIso("1960-05-01")).toBe(Date.UTC(1960, 4, 1))
  })
  it("isInstant checks them", () => {
    expect([MIN_INSTANT, 0, MAX_INSTANT].map(isInstant)).toEqual([true, true, true])
    expect([MIN_INSTANT - 1, MAX_INSTANT + 1, 8.64e15, -8.64e15, 0.5, Number.NaN, "0"].map(isInstant)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false
    ])
  })
  it("every instant codec refuses an instant outside with out_of_range", () => {
    const outside = [MAX_INSTANT + 1, MIN_INSTANT - 1, 8.64e15, -8.64e15, 8.64e15 + 2, Number.MAX_SAFE_INTEGER, 1e20]
    for (const codec of [InstantCodec, C.instant, C.epoch])
      for (const u of outside) expect(problemOf(codec)(u)).toEqual([["out_of_range", RANGE]])
    const texts = [
      "+010000-01-01",
      "+275760-09-13T00:00:00Z",
      "-000001-12-31T23:59:59Z",
      "0000-01-01T00:30:00+01:00",
      "9999-12-31T23:30:00-01:00"
    ]
    for (const codec of [InstantCodec, C.instant]) {
      for (const u of texts) expect(problemOf(codec)(u)).toEqual([["out_of_range", RANGE]])
    }
    for (const u of texts) expect(parseIso(u)).toBeNull()
  })
  it("clamp brings a derived time into the bounds", () => {
    expect([MIN_INSTANT - 1, -8.64e15, 0, MAX_INSTANT, MAX_INSTANT + 1, 8.64e15 + DAY_MS].map(clamp)).toEqual([
      MIN_INSTANT,
      MIN_INSTANT,
      0,
      MAX_INSTANT,
      MAX_INSTANT,
      MAX_INSTANT
    ])
  })
})

describe("Instant: what is derived from a bounded instant stays valid", () => {
  const DAYS = 36_600
  const compiled = Catalog.catalog({
    issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
    actions: [
      { id: "Gold", issue: "Sales", group: "Cards", value: 1, channels: [{ channel: "web", direction: "inbound" }] }
    ],
    suppressions: [
      { id: "longest", when: { outcomes: "impression", atLeast: 1, withinDays: DAYS }, suppressDays: DAYS },
      { id: "quiet", when: { outcomes: "impression", atMost: 0, withinDays: DAYS }, suppressDays: DAYS }
    ]
  })
  if (E.isLeft(compiled)) throw new Error(render(compiled.left))
  const catalog = compiled.right
  const models = fixedModels({ "Gold@web": 0.5 })
  const shown = (at: number) => ({
    at,
    actionId: "Gold",
    issue: "Sales",
    group: "Cards",
    channel: "web",
    outcome: "impression"
  })
  const request = (now: number, history: ReadonlyArray<ReturnType<typeof shown>>) => {
    const r = Request.decode({
      decisionId: "d-end",
      subject: { id: "c-1", history },
      context: { now, channel: "web" },
      options: { controlGroup: false }
    })
    if (E.isLeft(r)) throw new Error(render(r.left))
    return r.right
  }
  it("a request at MAX_INSTANT with a suppression of the largest allowed days renders, the end clamped", () => {
    for (const history of [[shown(MAX_INSTANT)], [shown(MAX_INSTANT - DAY_MS)], []]) {
      const d = nextBestAction(catalog, models, request(MAX_INSTANT, history))
      const text = Decision.render(d)
      expect(text).toContain("at 9999-12-31T23:59:59.999Z")
      expect(text).toContain("until 9999-12-31")
      const suppressed = d.excluded.map((x) => x.reason).filter((r) => r._tag === "Suppressed")
      expect(suppressed.length).toBeGreaterThan(0)
      for (const r of suppressed) {
        expect(isInstant(r.firedAt)).toBe(true)
        expect(r.until).toBe(MAX_INSTANT)
      }
    }
  })
  it("a request at MIN_INSTANT with the same suppressions renders, firedAt clamped", () => {
    const d = nextBestAction(catalog, models, request(MIN_INSTANT, [shown(MIN_INSTANT)]))
    expect(() => Decision.render(d)).not.toThrow()
    for (const r of d.excluded.map((x) => x.reason))
      if (r._tag === "Suppressed") expect([isInstant(r.firedAt), isInstant(r.until)]).toEqual([true, true])
  })
  it("a pending decision tracked at the bound round-trips through its snapshot, its deadline clamped", () => {
    const settings = Feedback.settings({
      timeouts: { inbound: 30 * MINUTE_MS, outbound: Number.MAX_SAFE_INTEGER, channels: {} }
    })
    const record = (decisionId: string, direction: "inbound" | "outbound", at = MAX_INSTANT): DecisionRecord => ({
      decisionId,
      subjectId: "c-1",
      at,
      direction,
      controlGroup: false,
      features: {},
      actions: [chosen("GoldCard", "web")]
    })
    let p = Pending.empty
    for (const r of [record("in", "inbound"), record("out", "outbound"), record("old", "outbound", MIN_INSTANT)]) {
      const [next, verdict] = Pending.track(settings, p, r)
      expect(verdict._tag).toBe("Tracked")
      p = next
    }
    const [sent, verdict] = Pending.respond(
      settings,
      p,
      Event.sent({ eventId: "e-1", decision: "old", actionId: "GoldCard", channel: "web", at: MAX_INSTANT - 1 })
    )
    expect(verdict._tag).toBe("Accepted")
    const deadlines = Pending.toArray(sent).flatMap((d) => d.actions.map((a) => a.deadline))
    expect(deadlines).toEqual([MAX_INSTANT, MAX_INSTANT, MAX_INSTANT])
    const snapshot = JSON.parse(JSON.stringify(Pending.encode(sent))) as unknown
    const back = Pending.decode(snapshot)
    if (E.isLeft(back)) throw new Error(render(back.left))
    expect(JSON.stringify(Pending.encode(back.right))).toBe(JSON.stringify(snapshot))
    // expiring at the last instant closes them all, and a track after that is refused as expired
    const [closed, expiries] = Pending.expire(back.right, MAX_INSTANT)
    // the two open ones time out ("in", and "old" once sent); the unsent one is dropped without learning
    expect(expiries.map((x) => [x.record.decisionId, x.kind, x.at])).toEqual([
      ["in", "noResponse", MAX_INSTANT],
      ["old", "noResponse", MAX_INSTANT]
    ])
    expect(Pending.size(closed)).toBe(0)
    expect(Pending.track(settings, closed, record("late", "inbound"))[1]._tag).toBe("Refused")
    expect(E.isRight(Pending.decode(JSON.parse(JSON.stringify(Pending.encode(closed)))))).toBe(true)
  })
  it("the empty pending buffer's watermark is MIN_INSTANT, and it round-trips", () => {
    expect(Pending.empty.watermark).toBe(MIN_INSTANT)
    const back = Pending.decode(JSON.parse(JSON.stringify(Pending.encode(Pending.empty))))
    expect(E.isRight(back) && back.right.watermark).toBe(MIN_INSTANT)
  })
})
