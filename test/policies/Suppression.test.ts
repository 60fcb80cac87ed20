import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import * as S from "../../src/policies/Suppression.js"
import { deepEq, roundTrip } from "../laws.js"

const at = (day: number, outcome: string, extra: Partial<Interaction> = {}): Interaction => ({
  at: day * DAY_MS,
  actionId: "card",
  issue: "Sales",
  group: "Cards",
  channel: "web",
  outcome,
  ...extra
})
const target = { actionId: "card", issue: "Sales", group: "Cards", channel: "web" }

describe("Suppression", () => {
  const shown3 = S.suppression("shown3", S.atLeast(3, "impression", 7), 10)

  it('"shown 3 times in 7 days → not for 10 days" (known answers)', () => {
    const h = [at(1, "impression"), at(2, "impression"), at(3, "impression")]
    expect(S.check(shown3)(h.slice(0, 2), target, 3 * DAY_MS)).toBeUndefined()
    // holding now (day 4), and until day 1 leaves the window at day 8: suppressed until day 18
    expect(S.check(shown3)(h, target, 4 * DAY_MS)).toEqual({
      suppression: "shown3",
      firedAt: 3 * DAY_MS,
      until: 18 * DAY_MS
    })
    // the condition held on [day 3, day 8) (day 1 leaves the window at day 8): suppressed until day 18
    expect(S.check(shown3)(h, target, 12 * DAY_MS)).toEqual({
      suppression: "shown3",
      firedAt: 3 * DAY_MS,
      until: 18 * DAY_MS
    })
    expect(S.check(shown3)(h, target, 17.9 * DAY_MS)).toBeDefined()
    expect(S.check(shown3)(h, target, 18 * DAY_MS)).toBeUndefined()
    // spread out: never 3 within 7 days
    expect(
      S.check(shown3)([at(1, "impression"), at(5, "impression"), at(9, "impression")], target, 10 * DAY_MS)
    ).toBeUndefined()
  })

  it('"3 impressions and no positive within 14 days → 30 days off"', () => {
    const tired = S.suppression("tired", S.all(S.atLeast(3, "impression", 14), S.none(["accepted", "clicked"], 14)), 30)
    const shown = [at(1, "impression"), at(2, "impression"), at(3, "impression")]
    // holds from day 3 until day 1 leaves the 14-day window at day 15: 30 days off from then
    expect(S.check(tired)(shown, target, 4 * DAY_MS)?.until).toBe(45 * DAY_MS)
    expect(S.check(tired)([...shown, at(2.5, "clicked")], target, 4 * DAY_MS)).toBeUndefined()
  })

  it('"ignored 2 emails in 30 days → no email for 60 days": only the email channel', () => {
    const ignored = S.suppression("ignored", S.atLeast(2, "noResponse", 30), 60, { channel: "email" })
    const h = [
      at(1, "noResponse", { channel: "email" }),
      at(20, "noResponse", { channel: "email" }),
      at(5, "noResponse")
    ]
    // holds until day 1 leaves the 30-day window at day 31
    expect(S.check(ignored)(h, { ...target, channel: "email" }, 25 * DAY_MS)?.until).toBe(91 * DAY_MS)
    expect(S.check(ignored)(h, target, 25 * DAY_MS)).toBeUndefined()
    expect(
      S.check(ignored)(
        [at(1, "noResponse", { channel: "email" }), at(5, "noResponse")],
        { ...target, channel: "email" },
        25 * DAY_MS
      )
    ).toBeUndefined()
  })

  it("group scope pauses every action of the group; action scope only the action", () => {
    const h = [at(1, "rejected", { actionId: "other" }), at(2, "rejected", { actionId: "other" })]
    const group = S.suppression("g", S.atLeast(2, "rejected", 30), 5, { scope: "group" })
    const action = S.suppression("a", S.atLeast(2, "rejected", 30), 5)
    expect(S.check(group)(h, target, 3 * DAY_MS)).toBeDefined()
    expect(S.check(action)(h, target, 3 * DAY_MS)).toBeUndefined()
    expect(S.check(group)(h, { ...target, group: "Loans" }, 3 * DAY_MS)).toBeUndefined()
  })

  it("ignores interactions after now, and does not depend on the order of the history", () => {
    expect(
      S.check(shown3)([at(1, "impression"), at(2, "impression"), at(9, "impression")], target, 3 * DAY_MS)
    ).toBeUndefined()
    const interactions = fc.array(
      fc
        .record({ day: fc.integer({ min: 0, max: 40 }), outcome: fc.constantFrom("impression", "clicked") })
        .map(({ day, outcome }) => at(day, outcome)),
      { maxLength: 10 }
    )
    const rule = S.suppression("x", S.all(S.atLeast(2, "impression", 7), S.not(S.atLeast(1, "clicked", 3))), 4)
    fc.assert(
      fc.property(interactions, fc.integer({ min: 0, max: 50 }), (h, day) => {
        expect(S.check(rule)([...h].reverse(), target, day * DAY_MS)).toEqual(S.check(rule)(h, target, day * DAY_MS))
      })
    )
  })

  it("atLeast conditions are monotone: more history never lifts a suppression", () => {
    const interactions = fc.array(
      fc.integer({ min: 0, max: 30 }).map((d) => at(d, "impression")),
      { maxLength: 8 }
    )
    fc.assert(
      fc.property(interactions, interactions, fc.integer({ min: 0, max: 40 }), (h, more, day) => {
        if (S.check(shown3)(h, target, day * DAY_MS) !== undefined)
          expect(S.check(shown3)([...h, ...more], target, day * DAY_MS)).toBeDefined()
      })
    )
  })

  it("a condition that would hold for ever (atMost, not) reports now + D, the earliest end", () => {
    const quiet = S.suppression("quiet", S.none("clicked", 30), 5)
    expect(S.check(quiet)([], target, 40 * DAY_MS)?.until).toBe(45 * DAY_MS)
    expect(S.check(quiet)([at(1, "impression")], target, 40 * DAY_MS)?.until).toBe(45 * DAY_MS)
    // a click on day 20 keeps it off until day 50; it holds again from then on, for ever
    expect(S.check(quiet)([at(20, "clicked")], target, 40 * DAY_MS)).toBeUndefined()
    expect(S.check(quiet)([at(20, "clicked")], target, 60 * DAY_MS)?.until).toBe(65 * DAY_MS)
  })

  it("a condition that stops holding exactly at now ends at now + D (regression: fast-check counterexample)", () => {
    // the day-30 impression leaves the 18-day window exactly at day 48 = now; a later click of the
    // same action must not stretch the end to its own window's edge
    const when = S.any(S.atLeast(1, "impression", 18), S.atLeast(1, "impression", 1))
    const h = [at(30, "impression"), { ...at(30, "clicked"), at: 30 * DAY_MS + 3_600_000 }]
    const rule = S.suppression("x", when, 1)
    expect(S.check(rule)(h, target, 48 * DAY_MS)).toEqual({
      suppression: "x",
      firedAt: 47 * DAY_MS,
      until: 49 * DAY_MS
    })
    expect(S.check(rule)(h, target, 49 * DAY_MS)).toBeUndefined()
  })

  it("stable end: with nothing new, the suppression holds on [now, until) with the same until, and is lifted at until", () => {
    const ageing: fc.Arbitrary<S.HistoryCondition> = fc.letrec<{ c: S.HistoryCondition }>((tie) => ({
      c: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc
          .record({
            n: fc.integer({ min: 1, max: 3 }),
            outcome: fc.constantFrom("impression", "clicked"),
            days: fc.integer({ min: 1, max: 20 })
          })
          .map(({ n, outcome, days }) => S.atLeast(n, outcome, days)),
        fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((cs) => S.all(...cs)),
        fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((cs) => S.any(...cs))
      )
    })).c
    const history = fc.array(
      fc
        .record({
          day: fc.integer({ min: 0, max: 40 }),
          hour: fc.integer({ min: 0, max: 23 }),
          outcome: fc.constantFrom("impression", "clicked")
        })
        .map(({ day, hour, outcome }) => ({ ...at(day, outcome), at: day * DAY_MS + hour * 3_600_000 })),
      { maxLength: 10 }
    )
    fc.assert(
      fc.property(
        ageing,
        history,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (when, h, days, nowDay, u) => {
          const rule = S.suppression("x", when, days)
          const now = nowDay * DAY_MS
          const found = S.check(rule)(h, target, now)
          if (found === undefined) return
          expect(found.until).toBeGreaterThan(now - 1)
          const later = now + Math.floor(u * (found.until - now))
          if (later < found.until)
            expect(
              S.check(rule)(
                h.filter((i) => i.at <= now),
                target,
                later
              )?.until
            ).toBe(found.until)
          expect(
            S.check(rule)(
              h.filter((i) => i.at <= now),
              target,
              found.until
            )
          ).toBeUndefined()
        }
      ),
      { numRuns: 300 }
    )
  })

  const condition: fc.Arbitrary<S.HistoryCondition> = fc.letrec<{ c: S.HistoryCondition }>((tie) => ({
    c: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc
        .record({
          n: fc.nat(5),
          outcomes: fc.array(fc.constantFrom("impression", "clicked", "sent"), { minLength: 1, maxLength: 2 }),
          days: fc.integer({ min: 1, max: 60 }),
          most: fc.boolean()
        })
        .map(({ n, outcomes, days, most }) => (most ? S.atMost(n, outcomes, days) : S.atLeast(n, outcomes, days))),
      fc.array(tie("c"), { maxLength: 3 }).map((cs) => S.all(...cs)),
      fc.array(tie("c"), { maxLength: 3 }).map((cs) => S.any(...cs)),
      tie("c").map(S.not)
    )
  })).c
  const suppression = fc
    .record({
      id: fc.constantFrom("a", "b"),
      when: condition,
      days: fc.integer({ min: 0, max: 90 }),
      group: fc.boolean(),
      channel: fc.option(fc.constantFrom("web", "email"), { nil: undefined })
    })
    .map(({ id, when, days, group, channel }) =>
      S.suppression(
        id,
        when,
        days,
        channel === undefined ? { scope: group ? "group" : "action" } : { scope: group ? "group" : "action", channel }
      )
    )
  roundTrip("SuppressionCodec", S.codec, suppression, deepEq)

  it("reports bad conditions with paths and codes", () => {
    const result = decodeWith(S.codec)({
      id: "x",
      suppressDays: -1,
      when: {
        all: [
          { outcomes: [], withinDays: 7 },
          { outcomes: "sent", withinDays: 7, atLeast: 3, atMost: 1 }
        ]
      }
    })
    expect(E.isLeft(result) && result.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.when.all[0].outcomes invalid_value",
      "$.when.all[1].atMost out_of_range",
      "$.suppressDays out_of_range"
    ])
  })
})

describe("Suppression: bounded decoding of conditions", () => {
  const count = { outcomes: "impression", withinDays: 7, atLeast: 1 }
  const nestNot = (levels: number): unknown => {
    let json: unknown = count
    for (let i = 1; i < levels; i++) json = { not: json }
    return json
  }
  const decode = decodeWith(S.codec)
  const problems = (u: unknown) => {
    const r = decode({ id: "s", when: u, suppressDays: 3 })
    return E.isLeft(r) ? r.left.problems.map((p) => [p.path.length > 40 ? "deep" : p.path, p.code, p.message]) : []
  }
  it(`reads conditions up to MAX_DEPTH = ${S.MAX_DEPTH} levels and reports a deeper one as too_deep`, () => {
    expect(S.MAX_DEPTH).toBe(64)
    expect(E.isRight(decode({ id: "s", when: nestNot(S.MAX_DEPTH), suppressDays: 3 }))).toBe(true)
    expect(problems(nestNot(S.MAX_DEPTH + 1))).toEqual([
      ["deep", "too_deep", "history conditions may nest at most 64 levels deep"]
    ])
  })
  it("10,000 nested not: one too_deep problem, no throw, well under a second", () => {
    const started = Date.now()
    expect(problems(nestNot(10_000)).map((p) => p[1])).toEqual(["too_deep"])
    expect(Date.now() - started).toBeLessThan(1_000)
  })
  it(`more than MAX_CONDITIONS = ${S.MAX_CONDITIONS} conditions: one too_large problem at the root`, () => {
    expect(S.MAX_CONDITIONS).toBe(10_000)
    const wide = (n: number) => ({ any: Array.from({ length: n }, () => count) })
    expect(E.isRight(decode({ id: "s", when: wide(S.MAX_CONDITIONS - 1), suppressDays: 3 }))).toBe(true)
    const started = Date.now()
    expect(problems(wide(200_000))).toEqual([
      ["$.when", "too_large", "a history condition may have at most 10000 conditions"]
    ])
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(problems(wide(S.MAX_CONDITIONS)).map((p) => p[1])).toEqual(["too_large"])
  })
  it("a constructor-built condition 100,000 levels deep checks and encodes without a stack overflow", () => {
    let deep = S.atLeast(1, "impression", 7)
    for (let i = 0; i < 100_000; i++) deep = S.not(deep)
    const s = S.suppression("s", deep, 1)
    // an even number of nots: the count itself, which holds from day 3 (the impression) until day 10
    expect(S.check(s)([at(3, "impression")], target, 4 * DAY_MS)).toEqual({
      suppression: "s",
      firedAt: 3 * DAY_MS,
      until: 11 * DAY_MS
    })
    expect(typeof S.codec.encode(s)).toBe("object")
  })
})
