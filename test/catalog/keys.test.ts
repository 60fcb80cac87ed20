/**
 * Composite keys are unambiguous (issue 9, "keys collide"): a channel name may not contain "@"
 * (model keys are `actionId@channel`), and no action id, channel, issue or group name may contain
 * U+0000 (group keys are `issue\u0000group`). The boundary refuses such names with a path and
 * `invalid_value`, the typed constructors throw; on what the boundary accepts, `Models.modelKey` and
 * `ContextWeight.groupKey` are injective.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  Action,
  Catalog,
  DecodeError,
  Event,
  Feedback,
  Models,
  nextBestAction,
  Outcome,
  Request
} from "../../src/index.js"
import { groupKey } from "../../src/arbitration/ContextWeight.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"

const issues = [{ name: "Sales", groups: [{ name: "Cards" }] }]
const inbound = (channel: string) => ({ channel, direction: "inbound" })
const act = (id: string, ...channels: ReadonlyArray<string>) => ({
  id,
  issue: "Sales",
  group: "Cards",
  channels: channels.map(inbound)
})
const problems = (result: E.Either<DecodeError.DecodeError, unknown>) => {
  if (E.isRight(result)) throw new Error("expected problems")
  return result.left.problems.map((p) => [p.path, p.code, p.message])
}

/** a string over a small alphabet rich in separators, so that collisions are likely to be tried */
const name = fc
  .array(fc.constantFrom("a", "b", "@", "\u0000", "/", "web", "app"), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(""))

describe("catalog ids and the key separators", () => {
  it('refuses the issue\'s collision: "Gold@web" on "app" and "Gold" on "web@app" (both "Gold@web@app")', () => {
    expect(problems(Catalog.catalog({ issues, actions: [act("Gold@web", "app"), act("Gold", "web@app")] }))).toEqual([
      [
        "$.actions[1].channels[0].channel",
        "invalid_value",
        'channel "web@app" contains "@", the separator of model keys (actionId@channel), which it would make ambiguous'
      ]
    ])
  })

  it("keeps model keys as they were: an action id may contain @, the key splits at its last @", () => {
    const c = Catalog.catalog({ issues, actions: [act("Gold@web", "app"), act("Gold", "web")] })
    if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
    expect(c.right.actions.flatMap((a) => a.channels.map((ch) => ch.modelKey))).toEqual(["Gold@web", "Gold@web@app"])
  })

  it("refuses U+0000 in an issue or group name (the group key separator), and in action ids and channels", () => {
    const result = Catalog.catalog({
      issues: [
        { name: "Sales\u0000Cards", groups: [{ name: "x" }] },
        { name: "Sales", groups: [{ name: "Cards\u0000x" }] }
      ],
      actions: [{ ...act("Gold\u0000", "web\u0000"), issue: "Sales", group: "Cards\u0000x" }]
    })
    expect(problems(result).map(([path, code]) => [path, code])).toEqual([
      ["$.issues[0].name", "invalid_value"],
      ["$.issues[1].groups[0].name", "invalid_value"],
      ["$.actions[0].id", "invalid_value"],
      ["$.actions[0].group", "invalid_value"],
      ["$.actions[0].channels[0].channel", "invalid_value"]
    ])
    expect(problems(result)[0]?.[2]).toBe(
      'issue "Sales\\u0000Cards" contains U+0000 (NUL), the separator of the group keys (issue, group), which it would make ambiguous'
    )
  })

  it("the typed constructors refuse the same names with a TypeError naming the function", () => {
    expect(() => Action.channel("web@app", "inbound")).toThrow(
      new TypeError(
        'Action.channel: channel "web@app" contains "@", the separator of model keys (actionId@channel), which it would make ambiguous'
      )
    )
    const channels = [{ channel: "web@app", direction: "inbound" as const }]
    expect(() => Action.action("Gold", { issue: "Sales", group: "Cards", channels })).toThrow(
      /^Action\.action: channel/
    )
    expect(() => Action.action("Go\u0000ld", { issue: "Sales", group: "Cards", channels: [] })).toThrow(
      /^Action\.action: action id/
    )
    expect(() => Catalog.issue("Sa\u0000les", [])).toThrow(/^Catalog\.issue: issue/)
    expect(() => Catalog.group("Ca\u0000rds")).toThrow(/^Catalog\.group: group/)
    expect(
      Action.action("Gold@web", { issue: "Sales", group: "Cards", channels: [Action.channel("app", "inbound")] }).id
    ).toBe("Gold@web")
    // a spec written as a literal, past the constructors, is refused by fromSpec with its path
    expect(problems(Catalog.fromSpec({ issues, actions: [{ ...act("Gold"), channels }] }))[0]?.[0]).toBe(
      "$.actions[0].channels[0].channel"
    )
  })

  it("requests and events name channels the same way", () => {
    const request = { subject: { id: "s" }, context: { now: 0, channel: "web@app" } }
    expect(problems(Request.decode(request))[0]?.slice(0, 2)).toEqual(["$.context.channel", "invalid_value"])
    const channels = { subject: { id: "s" }, context: { now: 0, channels: ["web", "a\u0000"] } }
    expect(problems(Request.decode(channels))[0]?.slice(0, 2)).toEqual(["$.context.channels[1]", "invalid_value"])
    const event = { _tag: "Impression", eventId: "e", at: 0, actionId: "Gold", channel: "web@app", decision: "d" }
    expect(problems(Event.decode(event)).map(([path, code]) => [path, code])).toEqual([["$.channel", "invalid_value"]])
    expect(E.isRight(Event.decode({ ...event, actionId: "Gold@web", channel: "app" }))).toBe(true)
  })
})

describe("keys are injective on the names the boundary accepts", () => {
  const accepts = (id: string, channel: string) => E.isRight(Action.codec.decode(act(id, channel)))
  const acceptsGroup = (issue: string, group: string) =>
    E.isRight(Catalog.catalog({ issues: [{ name: issue, groups: [{ name: group }] }], actions: [] }))

  it("Models.modelKey: distinct (action, channel) pairs that pass the boundary give distinct keys", () => {
    fc.assert(
      fc.property(name, name, name, name, (a1, c1, a2, c2) => {
        fc.pre(accepts(a1, c1) && accepts(a2, c2) && (a1 !== a2 || c1 !== c2))
        expect(Models.modelKey(a1, c1)).not.toBe(Models.modelKey(a2, c2))
      }),
      { numRuns: 2000 }
    )
  })

  it("ContextWeight.groupKey: distinct (issue, group) pairs that pass the boundary give distinct keys", () => {
    fc.assert(
      fc.property(name, name, name, name, (i1, g1, i2, g2) => {
        fc.pre(acceptsGroup(i1, g1) && acceptsGroup(i2, g2) && (i1 !== i2 || g1 !== g2))
        expect(groupKey(i1, g1)).not.toBe(groupKey(i2, g2))
      }),
      { numRuns: 2000 }
    )
  })

  it("a catalog that decodes gives every action × channel its own model key", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.uniqueArray(name, { maxLength: 3 })), { maxLength: 6 }), (rows) => {
        const c = Catalog.catalog({ issues, actions: rows.map(([id, chs]) => act(id, ...chs)) })
        fc.pre(E.isRight(c))
        if (E.isLeft(c)) return
        const keys = c.right.actions.flatMap((a) => a.channels.map((ch) => ch.modelKey))
        expect(new Set(keys).size).toBe(keys.length)
      })
    )
  })
})

describe("end to end: actions that would have collided never share a learner state", () => {
  it('"Gold@web" on "app" learns apart from "Gold" on "web", and "Gold" on "web@app" cannot exist', () => {
    expect(E.isLeft(Catalog.catalog({ issues, actions: [act("Gold@web", "app"), act("Gold", "web@app")] }))).toBe(true)
    const c = Catalog.catalog({ issues, actions: [act("Gold@web", "app"), act("Gold", "web", "app")] })
    if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
    const ts = ThompsonSampling.thompsonSampling()
    const decision = nextBestAction(c.right, Models.empty(ts), {
      decisionId: "d-1",
      subject: { id: "s" },
      context: { now: 0, channel: "app", limit: 2 },
      options: { controlGroup: false }
    })
    expect(decision.record.actions.map((a) => [a.actionId, a.channel, a.modelKey]).sort()).toEqual([
      ["Gold", "app", "Gold@app"],
      ["Gold@web", "app", "Gold@web@app"]
    ])
    const learn = Feedback.learn(Outcome.defaultLabels)
    const on = { actionId: "Gold@web", channel: "app", decision: decision.record }
    const models = learn(Models.empty(ts), Event.response({ ...on, eventId: "e-1", at: 1 }, "clicked"))
    expect(Object.keys(models.states)).toEqual(["Gold@web@app"])
    expect(Models.stateOf(models, "Gold@web@app").positives).toBe(1)
    expect(Models.stateOf(models, "Gold@app").positives).toBe(0)
    expect(Models.stateOf(models, "Gold@web").positives).toBe(0)
  })
})

describe("shared group policies are keyed by (issue, group), not by the displayed scope", () => {
  it('issue "a/b" › group "c" and issue "a" › group "b/c" (both scope "a/b/c") keep their own rules', () => {
    const c = Catalog.catalog({
      issues: [
        {
          name: "a/b",
          groups: [{ name: "c", policies: { eligibility: { op: "eq", fact: "subject.tier", value: 1 } } }]
        },
        {
          name: "a",
          groups: [{ name: "b/c", policies: { eligibility: { op: "eq", fact: "subject.tier", value: 2 } } }]
        }
      ],
      actions: [
        { id: "X", issue: "a/b", group: "c", channels: [inbound("web")] },
        { id: "Y", issue: "a", group: "b/c", channels: [inbound("web")] }
      ]
    })
    if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
    const [x, y] = c.right.actions
    expect(x?.checks.eligibility[0]?.scope).toBe("a/b/c")
    expect(y?.checks.eligibility[0]?.scope).toBe("a/b/c")
    expect(x?.checks.eligibility[0]?.rule).not.toEqual(y?.checks.eligibility[0]?.rule)
    const chosen = (tier: number) =>
      nextBestAction(c.right, Models.empty(ThompsonSampling.thompsonSampling()), {
        decisionId: "d",
        subject: { id: "s", attributes: { tier } },
        context: { now: 0, channel: "web", limit: 2 },
        options: { controlGroup: false }
      }).record.actions.map((a) => a.actionId)
    expect(chosen(1)).toEqual(["X"])
    expect(chosen(2)).toEqual(["Y"])
  })
})
