/**
 * Engagement policies: inheritance of eligibility, applicability and suitability across the levels
 * global › issue › group › action, the resolver's shared checks, and the codecs' problems.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/kernel/DecodeError.js"
import * as Engagement from "../../src/policies/Engagement.js"
import * as R from "../../src/rules/Rule.js"
import { deepEq, roundTrip } from "../laws.js"

const adult = R.gte("subject.age", 18)
const noCard = R.eq("subject.hasCard", false)
const solvent = R.lt("subject.risk", 0.5)
const local = R.eq("subject.country", "NL")

const levels = (
  global: Engagement.Policies | undefined,
  issue: Engagement.Policies | undefined,
  group: Engagement.Policies | undefined
) =>
  [
    { level: "global" as const, scope: "*", policies: global },
    { level: "issue" as const, scope: "Sales", policies: issue },
    { level: "group" as const, scope: "Sales/Cards", policies: group }
  ] as const

const where = (checks: ReadonlyArray<Engagement.Check>) => checks.map((c) => `${c.level}:${c.scope}`)

describe("Engagement.inherits", () => {
  it("inherits by default, for all families or family by family", () => {
    for (const family of Engagement.FAMILIES) {
      expect(Engagement.inherits(undefined, family)).toBe(true)
      expect(Engagement.inherits(true, family)).toBe(true)
      expect(Engagement.inherits(false, family)).toBe(false)
    }
    expect(Engagement.inherits({ suitability: false }, "suitability")).toBe(false)
    expect(Engagement.inherits({ suitability: false }, "eligibility")).toBe(true)
    expect(Engagement.inherits({ eligibility: true }, "eligibility")).toBe(true)
  })
  it("checks the families in a fixed order", () => {
    expect(Engagement.FAMILIES).toEqual(["eligibility", "applicability", "suitability"])
  })
})

describe("Engagement.resolver", () => {
  it("an action gets, per family, the rules of global › issue › group › action, in that order", () => {
    const { resolve } = Engagement.resolver()
    const resolved = resolve(
      levels({ eligibility: adult }, { eligibility: local, suitability: solvent }, { applicability: noCard }),
      {
        id: "GoldCard",
        policies: { eligibility: R.gte("subject.income", 1000) }
      }
    )
    expect(where(resolved.eligibility)).toEqual(["global:*", "issue:Sales", "action:GoldCard"])
    expect(where(resolved.applicability)).toEqual(["group:Sales/Cards"])
    expect(where(resolved.suitability)).toEqual(["issue:Sales"])
    expect(resolved.eligibility.map((c) => c.family)).toEqual(["eligibility", "eligibility", "eligibility"])
  })
  it("`inherit: false` keeps only the action's own rules; a per-family opt-out only that family's", () => {
    const { resolve } = Engagement.resolver()
    const all = levels({ eligibility: adult, suitability: solvent }, undefined, { applicability: noCard })
    const none = resolve(all, { id: "A", policies: { inherit: false, suitability: local } })
    expect(where(none.eligibility)).toEqual([])
    expect(where(none.applicability)).toEqual([])
    expect(where(none.suitability)).toEqual(["action:A"])
    const some = resolve(all, { id: "B", policies: { inherit: { suitability: false } } })
    expect(where(some.eligibility)).toEqual(["global:*"])
    expect(where(some.applicability)).toEqual(["group:Sales/Cards"])
    expect(where(some.suitability)).toEqual([])
  })
  it("an action without policies inherits everything; a family with no rules has no checks", () => {
    const { resolve } = Engagement.resolver()
    const resolved = resolve(levels(undefined, { eligibility: adult }, undefined), { id: "A", policies: undefined })
    expect(where(resolved.eligibility)).toEqual(["issue:Sales"])
    expect(resolved.applicability).toEqual([])
    expect(resolved.suitability).toEqual([])
  })
  it("shares the checks of one level and scope between actions (one slot each); action rules get slot −1", () => {
    const r = Engagement.resolver()
    const ls = levels({ eligibility: adult }, { eligibility: local }, undefined)
    const a = r.resolve(ls, { id: "A", policies: { eligibility: noCard } })
    const b = r.resolve(ls, { id: "B", policies: undefined })
    expect(a.eligibility[0]).toBe(b.eligibility[0])
    expect(a.eligibility[1]).toBe(b.eligibility[1])
    expect(a.eligibility.map((c) => c.slot)).toEqual([0, 1, -1])
    expect(r.slots()).toBe(2)
  })
  it("compiles each check's test and its failure reason", () => {
    const { resolve } = Engagement.resolver()
    const [check] = resolve(levels({ eligibility: adult }, undefined, undefined), {
      id: "A",
      policies: undefined
    }).eligibility
    expect(check?.test({ subject: { age: 30 } })).toBe(true)
    expect(check?.test({ subject: { age: 12 } })).toBe(false)
    expect(check?.failure).toEqual({ _tag: "PolicyFailed", family: "eligibility", level: "global", scope: "*" })
    expect(check?.rule).toBe(adult)
  })
  it("the effective policy is the conjunction of the inherited levels (any level failing fails the action)", () => {
    const facts = fc.record({
      age: fc.integer({ min: 0, max: 99 }),
      country: fc.constantFrom("NL", "BE"),
      income: fc.integer({ min: 0, max: 5000 })
    })
    fc.assert(
      fc.property(facts, (subject) => {
        const { resolve } = Engagement.resolver()
        const checks = resolve(
          levels({ eligibility: adult }, { eligibility: R.eq("subject.country", "NL") }, undefined),
          {
            id: "A",
            policies: { eligibility: R.gte("subject.income", 1000) }
          }
        ).eligibility
        const passes = checks.every((c) => c.test({ subject }))
        return passes === (subject.age >= 18 && subject.country === "NL" && subject.income >= 1000)
      })
    )
  })
})

describe("Engagement codecs", () => {
  const decodePolicies = decodeWith(Engagement.PoliciesCodec)
  const decodeAction = decodeWith(Engagement.ActionPoliciesCodec)
  const problems = (
    r: E.Either<{ readonly problems: ReadonlyArray<{ readonly path: string; readonly code: string }> }, unknown>
  ) => (E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}`) : [])

  {
    const policies = fc.record(
      { eligibility: fc.constant(adult), applicability: fc.constant(noCard), suitability: fc.constant(solvent) },
      { requiredKeys: [], noNullPrototype: true }
    )
    const inherit = fc.oneof(
      fc.boolean(),
      fc.record(
        { eligibility: fc.boolean(), applicability: fc.boolean(), suitability: fc.boolean() },
        { requiredKeys: [], noNullPrototype: true }
      )
    )
    roundTrip("Engagement.PoliciesCodec", Engagement.PoliciesCodec, policies, deepEq)
    roundTrip(
      "Engagement.ActionPoliciesCodec",
      Engagement.ActionPoliciesCodec,
      fc
        .tuple(policies, fc.option(inherit, { nil: undefined }))
        .map(([p, i]) => (i === undefined ? p : { ...p, inherit: i })),
      deepEq
    )
  }
  it("report a misspelt family as an unknown key, at its path", () => {
    expect(problems(decodePolicies({ eligibilty: R.codec.encode(adult) }))).toEqual(["$.eligibilty unknown_key"])
  })
  it("nest a rule's problems inside the family's path", () => {
    const bad = decodePolicies({ eligibility: { nonsense: true } })
    expect(E.isLeft(bad)).toBe(true)
    expect(problems(bad).every((p) => p.startsWith("$.eligibility"))).toBe(true)
  })
  it("accept `inherit` as a boolean or per family, and report anything else", () => {
    expect(decodeAction({ inherit: false })).toEqual(E.right({ inherit: false }))
    expect(decodeAction({ inherit: { suitability: false } })).toEqual(E.right({ inherit: { suitability: false } }))
    expect(problems(decodeAction({ inherit: "no" }))).toEqual(["$.inherit invalid_type"])
    expect(problems(decodeAction({ inherit: { suitability: "no", legal: true } }))).toEqual([
      "$.inherit.legal unknown_key",
      "$.inherit.suitability invalid_type"
    ])
    expect(problems(decodePolicies({ inherit: false }))).toEqual(["$.inherit unknown_key"])
  })
  it("refuse what is not an object", () => {
    expect(problems(decodePolicies(null))).toEqual(["$ invalid_type"])
    expect(problems(decodeAction([]))).toEqual(["$ invalid_type"])
  })
})
