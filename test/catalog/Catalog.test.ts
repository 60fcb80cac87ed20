import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Availability, Catalog, DecodeError } from "../../src/index.js"
import { codec as CatalogCodec } from "../../src/catalog/Catalog.js"
import { deepEq, roundTrip, decoderTotal } from "../laws.js"
import { actionShape, specOf, withSuppression } from "../arbitraries/catalog.js"

describe("catalog(json)", () => {
  it("action properties: decoded with paths, and the compiled action carries the same object", () => {
    const issues = [{ name: "Sales", groups: [{ name: "Cards" }] }]
    const bad = Catalog.catalog({
      issues,
      actions: [
        { id: "Gold", issue: "Sales", group: "Cards", channels: [], properties: { product: "card" } },
        { id: "Silver", issue: "Sales", group: "Cards", channels: [], properties: { product: ["card"], tier: null } }
      ]
    })
    if (E.isRight(bad)) throw new Error("expected problems")
    expect(bad.left.problems.map((p) => [p.path, p.code])).toStrictEqual([
      ["$.actions[1].properties.product", "invalid_type"],
      ["$.actions[1].properties.tier", "invalid_type"]
    ])
    const ok = Catalog.catalog({
      issues,
      actions: [
        { id: "Gold", issue: "Sales", group: "Cards", channels: [], properties: { product: "card", tier: 1 } },
        { id: "Plain", issue: "Sales", group: "Cards", channels: [] }
      ]
    })
    if (E.isLeft(ok)) throw new Error(DecodeError.render(ok.left))
    const [gold, plain] = ok.right.actions
    expect(gold?.properties).toStrictEqual({ product: "card", tier: 1 })
    expect(gold?.properties).toBe(gold?.action.properties)
    expect(plain !== undefined && "properties" in plain).toBe(false)
  })

  it("reports every problem with its path and code (pinned rendering)", () => {
    const result = Catalog.catalog({
      issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Cards" }] }],
      policies: { eligibility: { op: "gte", fact: "subject.age" } },
      actions: [
        {
          id: "Gold",
          issue: "Sales",
          group: "Cards",
          channels: [{ channel: "web", direction: "sideways" }],
          weight: 25000,
          value: Infinity,
          eligibilty: {}
        },
        { id: "Gold", issue: "Retail", group: "Cards", channels: [], startingPropensity: 1.5 }
      ],
      contextWeights: [{ key: "intent", value: "cancel", issue: "Sales", group: "Loans", weight: 10 }],
      thresholds: { propensity: [{ minimum: 2 }, { minimum: 0.1 }] }
    })
    if (E.isRight(result)) throw new Error("expected problems")
    expect(DecodeError.render(result.left)).toBe(
      [
        "12 problems:",
        '  $.actions[0].eligibilty [unknown_key] unknown key "eligibilty" in action (found: {})',
        '  $.actions[0].channels[0].direction [invalid_value] expected one of "inbound", "outbound" (found: "sideways")',
        "  $.actions[0].value [non_finite] expected a finite number (found: Infinity)",
        "  $.actions[0].weight [out_of_range] expected a number in [-100, 10000] (found: 25000)",
        "  $.actions[1].startingPropensity [out_of_range] expected a number in [0, 1] (found: 1.5)",
        ...result.left.problems
          .slice(5)
          .map((p) => `  ${p.path} [${p.code}] ${p.message} (found: ${DecodeError.renderFound(p.found)})`)
      ].join("\n")
    )
    expect(result.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.actions[0].eligibilty unknown_key",
      "$.actions[0].channels[0].direction invalid_value",
      "$.actions[0].value non_finite",
      "$.actions[0].weight out_of_range",
      "$.actions[1].startingPropensity out_of_range",
      "$.policies.eligibility.value required",
      "$.issues[0].groups[1].name duplicate_id",
      "$.actions[1].id duplicate_id",
      "$.actions[1].issue unknown_reference",
      "$.contextWeights[0].group unknown_reference",
      "$.thresholds.propensity[0].minimum out_of_range",
      "$.thresholds.propensity[1] duplicate_id"
    ])
  })

  it("decoder never throws", () => {
    expect(E.isLeft(Catalog.catalog(null))).toBe(true)
  })
  decoderTotal("catalog", Catalog.catalog)

  roundTrip(
    "CatalogCodec",
    CatalogCodec,
    fc
      .tuple(fc.array(actionShape, { maxLength: 6 }), fc.boolean())
      .map(([shapes, policies]) => specOf(shapes, policies ? withSuppression : {})),
    deepEq,
    { numRuns: 100 }
  )

  it("typed specs go through the same checks (fromSpec)", () => {
    const spec = specOf([])
    expect(E.isRight(Catalog.fromSpec(spec))).toBe(true)
    const bad = Catalog.fromSpec({ ...spec, actions: [{ id: "x", issue: "Nope", group: "Cards", channels: [] }] })
    expect(E.isLeft(bad) && bad.left.problems.map((p) => p.path)).toEqual(["$.actions[0].issue"])
  })

  it("inherits policies global › issue › group › action, with per-action and per-family opt-out", () => {
    const rule = (min: number) => ({ op: "gte", fact: "subject.age", value: min })
    const c = Catalog.catalog({
      policies: { eligibility: rule(18) },
      issues: [
        {
          name: "Sales",
          policies: { suitability: rule(21) },
          groups: [{ name: "Cards", policies: { eligibility: rule(25) } }]
        }
      ],
      actions: [
        { id: "a", issue: "Sales", group: "Cards", channels: [] },
        { id: "b", issue: "Sales", group: "Cards", channels: [], policies: { inherit: false, eligibility: rule(30) } },
        { id: "c", issue: "Sales", group: "Cards", channels: [], policies: { inherit: { eligibility: false } } }
      ]
    })
    if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
    const levels = (id: string) => {
      const a = Catalog.findAction(c.right, id)
      return a === undefined
        ? null
        : { e: a.checks.eligibility.map((k) => k.level), s: a.checks.suitability.map((k) => k.level) }
    }
    expect(levels("a")).toEqual({ e: ["global", "group"], s: ["issue"] })
    expect(levels("b")).toEqual({ e: ["action"], s: [] })
    expect(levels("c")).toEqual({ e: [], s: ["issue"] })
    expect(c.right.sharedRules).toBe(3)
  })
})

describe("Availability", () => {
  it("is [from, until)", () => {
    const a = Availability.between({ from: 10, until: 20 })
    expect([9, 10, 19, 20].map((t) => Availability.isAvailable(a, t))).toEqual([false, true, true, false])
    expect(Availability.isAvailable(Availability.never, 0)).toBe(false)
  })
  it("rejects an empty range", () => {
    const r = Availability.codec.decode({ from: "2024-06-01", until: "2024-05-01" })
    expect(E.isLeft(r)).toBe(true)
  })
})
