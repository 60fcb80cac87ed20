import { describe, expect, it } from "vitest"
import { render } from "../../src/kernel/DecodeError.js"
import {
  appliesTo,
  apportion,
  budget,
  capacity,
  CapacitiesCodec,
  decodeCapacities,
  describe as describeCapacity,
  remaining,
  type Capacity
} from "../../src/outbound/Capacity.js"

const target = { actionId: "GoldCard", issue: "Sales", group: "Cards", channel: "email" }

describe("Capacity", () => {
  it("applies when every scope field it sets matches", () => {
    expect(appliesTo(capacity("all", 10), target)).toBe(true)
    expect(appliesTo(capacity("emails", 10, { channel: "email" }), target)).toBe(true)
    expect(appliesTo(capacity("sms", 10, { channel: "sms" }), target)).toBe(false)
    expect(appliesTo(capacity("goldEmail", 10, { actionId: "GoldCard", channel: "email" }), target)).toBe(true)
    expect(appliesTo(capacity("goldSms", 10, { actionId: "GoldCard", channel: "sms" }), target)).toBe(false)
    expect(appliesTo(capacity("cards", 10, { issue: "Sales", group: "Cards" }), target)).toBe(true)
    expect(appliesTo(capacity("loans", 10, { issue: "Sales", group: "Loans" }), target)).toBe(false)
    expect(appliesTo(capacity("service", 10, { issue: "Service" }), target)).toBe(false)
  })

  it("by properties: applies when every listed property is an own, strictly equal property of the target", () => {
    const cards = capacity("cards", 10, { properties: { product: "card" } })
    const tier = capacity("goldTier", 10, { properties: { product: "card", tier: 2, premium: true }, channel: "email" })
    const card = { ...target, properties: { product: "card", tier: 2, premium: true } }
    expect(appliesTo(cards, card)).toBe(true)
    expect(appliesTo(tier, card)).toBe(true)
    expect(appliesTo(tier, { ...card, channel: "sms" })).toBe(false)
    expect(appliesTo(tier, { ...card, properties: { product: "card", tier: "2", premium: true } })).toBe(false)
    expect(appliesTo(tier, { ...card, properties: { product: "card", tier: 2 } })).toBe(false)
    expect(appliesTo(cards, { ...target, properties: { product: "loan" } })).toBe(false)
    // no properties on the target: no property capacity applies
    expect(appliesTo(cards, target)).toBe(false)
    // an inherited property is not the action's
    expect(appliesTo(capacity("p", 1, { properties: { toString: "x" } }), { ...target, properties: {} })).toBe(false)
    // an empty record lists nothing: it applies as no properties would
    expect(appliesTo(capacity("any", 1, { properties: {} }), target)).toBe(true)
    expect(describeCapacity(tier)).toBe(
      'goldTier: at most 10 of channel email, product = "card", tier = 2, premium = true'
    )
    expect(capacity("cards", 10, { properties: { product: "card" } })).toStrictEqual({
      id: "cards",
      max: 10,
      properties: { product: "card" }
    })
  })

  it("decodes property capacities and reports every problem with its path (pinned)", () => {
    expect(
      decodeCapacities([{ id: "cards", max: 8000, properties: { product: "card", tier: 2, premium: false } }])
    ).toStrictEqual({
      _tag: "Right",
      right: [capacity("cards", 8000, { properties: { product: "card", tier: 2, premium: false } })]
    })
    const bad = decodeCapacities([
      { id: "a", max: 1, properties: { product: { name: "card" }, tiers: [1, 2], none: null, big: Number.NaN } },
      { id: "b", max: 1, properties: "card" },
      { id: "c", max: 1, property: { product: "card" } }
    ])
    expect(bad._tag).toBe("Left")
    if (bad._tag === "Left")
      expect(render(bad.left)).toBe(
        [
          "6 problems:",
          '  $[0].properties.product [invalid_type] expected a string, a finite number or a boolean (properties are flat) (found: {"name":"card"})',
          "  $[0].properties.tiers [invalid_type] expected a string, a finite number or a boolean (properties are flat) (found: [1,2])",
          "  $[0].properties.none [invalid_type] expected a string, a finite number or a boolean (properties are flat) (found: null)",
          "  $[0].properties.big [non_finite] expected a finite number (found: NaN)",
          '  $[1].properties [invalid_type] expected an object (found: "card")',
          '  $[2].property [unknown_key] unknown key "property" in capacity (found: {"product":"card"})'
        ].join("\n")
      )
  })

  it("leaves unset scope fields absent", () => {
    expect(capacity("emails", 5, { channel: "email" })).toStrictEqual({ id: "emails", max: 5, channel: "email" })
    expect(Object.keys(capacity("x", 1, {}))).toStrictEqual(["id", "max"])
  })

  it("describes itself", () => {
    expect(describeCapacity(capacity("all", 7))).toBe("all: at most 7 actions")
    expect(describeCapacity(capacity("goldSms", 500, { actionId: "GoldCard", channel: "sms" }))).toBe(
      "goldSms: at most 500 of action GoldCard, channel sms"
    )
  })

  it("budgets: every max, and unlimited for an unknown or inherited id", () => {
    const b = budget([capacity("emails", 50, { channel: "email" }), capacity("gold", 5)])
    expect(b).toStrictEqual({ emails: 50, gold: 5 })
    expect(remaining(b, "gold")).toBe(5)
    expect(remaining(b, "sms")).toBe(Number.POSITIVE_INFINITY)
    expect(remaining(b, "toString")).toBe(Number.POSITIVE_INFINITY)
  })

  it("apportions by size with the largest remainders (known answers)", () => {
    const caps = [capacity("emails", 100), capacity("gold", 7)]
    expect(apportion(caps, [50, 30, 20])).toStrictEqual([
      { emails: 50, gold: 4 },
      { emails: 30, gold: 2 },
      { emails: 20, gold: 1 }
    ])
    // 7 × (1/3) = 2.33 each: the one unit left goes to the first partition
    expect(apportion([capacity("gold", 7)], [1, 1, 1])).toStrictEqual([{ gold: 3 }, { gold: 2 }, { gold: 2 }])
    // no sizes at all: equal shares
    expect(apportion([capacity("gold", 4)], [0, 0])).toStrictEqual([{ gold: 2 }, { gold: 2 }])
  })

  it("keeps an id like __proto__ as an own key", () => {
    const [b] = apportion([capacity("__proto__", 3)], [1])
    expect(Object.prototype.hasOwnProperty.call(b, "__proto__")).toBe(true)
    expect(remaining(b ?? {}, "__proto__")).toBe(3)
  })

  it("decodes capacities and reports every problem with its path (pinned)", () => {
    const ok = decodeCapacities([
      { id: "emails", max: 50000, channel: "email" },
      { id: "goldSms", max: 500, actionId: "GoldCard", channel: "sms" }
    ])
    expect(ok).toStrictEqual({
      _tag: "Right",
      right: [
        capacity("emails", 50000, { channel: "email" }),
        capacity("goldSms", 500, { actionId: "GoldCard", channel: "sms" })
      ]
    })
    const bad = decodeCapacities([
      { id: "a", max: 1.5 },
      { id: "a", max: 3, chanel: "sms" },
      { max: 2, group: "" },
      "x"
    ])
    expect(bad._tag).toBe("Left")
    if (bad._tag === "Left")
      expect(render(bad.left)).toBe(
        [
          "6 problems:",
          "  $[0].max [not_integer] expected a whole number (found: 1.5)",
          '  $[1].chanel [unknown_key] unknown key "chanel" in capacity (found: "sms")',
          "  $[2].id [required] required: expected a string (found: missing)",
          '  $[2].group [invalid_value] expected a non-empty string (found: "")',
          '  $[3] [invalid_type] expected capacity object (found: "x")',
          '  $[1].id [duplicate_id] duplicate capacity id "a" (found: "a")'
        ].join("\n")
      )
    expect(decodeCapacities({})._tag).toBe("Left")
  })

  it("minimum volumes: decoded, at most max (out_of_range at min, pinned), described, encoded back", () => {
    const ok = decodeCapacities([{ id: "loans", max: 100, min: 20, group: "Loans" }])
    expect(ok).toStrictEqual({ _tag: "Right", right: [capacity("loans", 100, { group: "Loans" }, 20)] })
    if (ok._tag === "Right") {
      expect(JSON.parse(JSON.stringify(CapacitiesCodec.encode(ok.right)))).toStrictEqual([
        { id: "loans", max: 100, min: 20, group: "Loans" }
      ])
      expect(describeCapacity(ok.right[0] as Capacity)).toBe("loans: at least 20 and at most 100 of group Loans")
    }
    const bad = decodeCapacities([
      { id: "a", max: 5, min: 6 },
      { id: "b", max: 5, min: -1 }
    ])
    expect(bad._tag).toBe("Left")
    if (bad._tag === "Left")
      expect(render(bad.left)).toBe(
        [
          "2 problems:",
          "  $[1].min [out_of_range] expected a whole number in [0, 1000000000000] (found: -1)",
          "  $[0].min [out_of_range] min must not exceed max (5) (found: 6)"
        ].join("\n")
      )
  })

  it("encodes to the JSON it decodes from", () => {
    const caps = [
      capacity("emails", 50000, { channel: "email" }),
      capacity("loans", 20, { issue: "Sales", group: "Loans" })
    ]
    expect(JSON.parse(JSON.stringify(CapacitiesCodec.encode(caps)))).toStrictEqual([
      { id: "emails", max: 50000, channel: "email" },
      { id: "loans", max: 20, issue: "Sales", group: "Loans" }
    ])
  })
})
