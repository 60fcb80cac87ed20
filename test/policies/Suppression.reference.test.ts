import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import * as S from "../../src/policies/Suppression.js"

// A naive reference written from the module header's definition, on a grid: every time, window
// and duration is a whole number of quarter days, so counts (and the condition) are constant on
// each [g, g + U) and checking every grid point checks every moment.
const U = DAY_MS / 4
const OUTCOMES = ["impression", "clicked", "rejected", "sent"] as const

const countHolds = (c: S.HistoryCondition, interactions: ReadonlyArray<Interaction>, t: number): boolean => {
  switch (c._tag) {
    case "Count": {
      const w = c.withinDays * DAY_MS
      const n = interactions.filter((i) => i.at > t - w && i.at <= t && c.outcomes.includes(i.outcome)).length
      return n >= (c.atLeast ?? 0) && n <= (c.atMost ?? Number.POSITIVE_INFINITY)
    }
    case "All":
      return c.conditions.every((x) => countHolds(x, interactions, t))
    case "Any":
      return c.conditions.some((x) => countHolds(x, interactions, t))
    case "Not":
      return !countHolds(c.condition, interactions, t)
  }
}

const windowsOf = (c: S.HistoryCondition): Array<number> =>
  c._tag === "Count"
    ? [c.withinDays * DAY_MS]
    : c._tag === "Not"
      ? windowsOf(c.condition)
      : c.conditions.flatMap(windowsOf)

const naive = (
  s: S.Suppression,
  history: ReadonlyArray<Interaction>,
  target: S.Target,
  now: number
): S.Active | undefined => {
  if (s.channel !== undefined && s.channel !== target.channel) return undefined
  const D = s.suppressDays * DAY_MS
  const relevant = history.filter(
    (i) =>
      i.at <= now &&
      (s.scope === "action" ? i.actionId === target.actionId : i.issue === target.issue && i.group === target.group) &&
      (s.channel === undefined || i.channel === s.channel)
  )
  const holds = (t: number): boolean => countHolds(s.when, relevant, t)
  const start = now - D
  // the last moment of [now − D, now] at which the condition held
  let last = Number.NaN
  for (let t = start; t <= now; t += U) if (holds(t)) last = t
  if (Number.isNaN(last)) return undefined
  // when it last started to hold (within the look-back)
  let first = last
  while (first - U >= start && holds(first - U)) first -= U
  if (last < now) return { suppression: s.id, firedAt: first, until: last + U + D }
  // it holds at now: D days after it first stops holding if nothing new happens, else now + D
  const horizon = Math.max(now, ...relevant.map((i) => i.at)) + Math.max(0, ...windowsOf(s.when)) + U
  let end = now
  for (let t = now + U; t <= horizon; t += U)
    if (!holds(t)) {
      end = t
      break
    }
  return { suppression: s.id, firedAt: first, until: end + D }
}

const quarters = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max }).map((k) => k / 4)

const countArb: fc.Arbitrary<S.HistoryCondition> = fc
  .record({
    outcomes: fc.subarray([...OUTCOMES], { minLength: 1 }),
    withinDays: quarters(12),
    a: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    b: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined })
  })
  .map(({ outcomes, withinDays, a, b }) => {
    if (a === undefined && b === undefined) return S.atLeast(1, outcomes, withinDays)
    const lo = a !== undefined && b !== undefined ? Math.min(a, b) : a
    const hi = a !== undefined && b !== undefined ? Math.max(a, b) : b
    return {
      _tag: "Count" as const,
      outcomes,
      withinDays,
      ...(lo === undefined ? {} : { atLeast: lo }),
      ...(hi === undefined ? {} : { atMost: hi })
    }
  })

const conditionArb: fc.Arbitrary<S.HistoryCondition> = fc.letrec<{ c: S.HistoryCondition }>((tie) => ({
  c: fc.oneof(
    { maxDepth: 3, depthIdentifier: "condition" },
    countArb,
    fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((cs) => S.all(...cs)),
    fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((cs) => S.any(...cs)),
    tie("c").map(S.not)
  )
})).c

const interactionArb: fc.Arbitrary<Interaction> = fc.record({
  at: fc.integer({ min: 0, max: 40 }).map((k) => k * U),
  actionId: fc.constantFrom("card", "loan"),
  issue: fc.constant("Sales"),
  group: fc.constantFrom("Cards", "Loans"),
  channel: fc.constantFrom("web", "email"),
  outcome: fc.constantFrom(...OUTCOMES)
})

const suppressionArb: fc.Arbitrary<S.Suppression> = fc
  .record({
    when: conditionArb,
    days: quarters(12),
    scope: fc.constantFrom("action" as const, "group" as const),
    channel: fc.option(fc.constantFrom("web", "email"), { nil: undefined })
  })
  .map(({ when, days, scope, channel }) =>
    S.suppression("s", when, days, channel === undefined ? { scope } : { scope, channel })
  )

describe("Suppression against a naive reference", () => {
  it("on random small histories, check equals a rescan of every moment of the look-back and ahead", () => {
    fc.assert(
      fc.property(
        suppressionArb,
        fc.array(interactionArb, { maxLength: 10 }),
        fc.integer({ min: 0, max: 48 }),
        (s, history, k) => {
          const now = k * U
          const target = { actionId: "card", issue: "Sales", group: "Cards", channel: "web" }
          expect(S.check(s)(history, target, now)).toEqual(naive(s, history, target, now))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("one index serves every target as the reference does for each (short and kept-per-index histories)", () => {
    fc.assert(
      fc.property(
        suppressionArb,
        fc.oneof(
          fc.array(interactionArb, { maxLength: 10 }),
          fc.array(interactionArb, { minLength: 150, maxLength: 200 })
        ),
        fc.integer({ min: 0, max: 48 }),
        (s, history, k) => {
          const now = k * U
          const index = S.indexHistory(history, now)
          const compiled = S.compile(s)
          for (const actionId of ["card", "loan"])
            for (const channel of ["web", "email"]) {
              const target = { actionId, issue: "Sales", group: actionId === "card" ? "Cards" : "Loans", channel }
              expect(compiled(index, target)).toEqual(naive(s, history, target, now))
            }
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("Suppression: conditions deeper than MAX_DEPTH (the explicit-stack evaluator)", () => {
  // `not` twice is the identity: 2k nots over a random condition give the same verdicts, whether
  // compiled to closures (shallow) or to a postfix program (past MAX_DEPTH levels)
  const nots = (n: number, c: S.HistoryCondition): S.HistoryCondition => {
    let x = c
    for (let i = 0; i < n; i++) x = S.not(x)
    return x
  }
  it("agree with the reference on random histories", () => {
    fc.assert(
      fc.property(
        suppressionArb,
        fc.array(interactionArb, { maxLength: 10 }),
        fc.integer({ min: 0, max: 48 }),
        (s, history, k) => {
          const now = k * U
          const target = { actionId: "card", issue: "Sales", group: "Cards", channel: "web" }
          const deep = { ...s, when: nots(2 * S.MAX_DEPTH, s.when) }
          expect(S.check(deep)(history, target, now)).toEqual(naive(s, history, target, now))
        }
      ),
      { numRuns: 300 }
    )
  })
})
