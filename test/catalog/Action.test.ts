import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Action, Availability, DecodeError, Value } from "../../src/index.js"
import type { EvaluationClass } from "../../src/arbitration/Priority.js"
import * as R from "../../src/rules/Rule.js"
import { deepEq, roundTrip } from "../laws.js"

describe("Action: constructors", () => {
  it("builds treatments, channels and actions, a numeric value becoming a constant", () => {
    expect(Action.treatment("Hero", { placements: ["hero"] })).toEqual({ id: "Hero", placements: ["hero"] })
    expect(Action.channel("web", "inbound")).toEqual({ channel: "web", direction: "inbound" })
    expect(Action.channel("web", "inbound", [Action.treatment("T")])).toEqual({
      channel: "web",
      direction: "inbound",
      treatments: [{ id: "T" }]
    })
    const a = Action.action("Gold", {
      issue: "Sales",
      group: "Cards",
      channels: [Action.channel("web", "inbound")],
      value: 120
    })
    expect(a).toEqual({
      id: "Gold",
      issue: "Sales",
      group: "Cards",
      channels: [{ channel: "web", direction: "inbound" }],
      value: Value.constant(120)
    })
    // absent optional fields stay absent
    expect(Object.keys(Action.action("X", { issue: "S", group: "G", channels: [] })).sort()).toEqual([
      "channels",
      "group",
      "id",
      "issue"
    ])
  })
})

describe("Action.codec", () => {
  it("decodes an action with its defaults left absent, and a treatment's eligibility", () => {
    const d = Action.codec.decode({
      id: "Gold",
      issue: "Sales",
      group: "Cards",
      channels: [
        {
          channel: "web",
          direction: "inbound",
          treatments: [{ id: "T", eligibility: R.encode(R.gte("subject.age", 18)), placements: ["hero"] }]
        }
      ]
    })
    expect(E.isRight(d)).toBe(true)
    if (E.isRight(d)) {
      expect(d.right.value).toBeUndefined()
      expect(d.right.weight).toBeUndefined()
      expect(d.right.evaluation).toBeUndefined()
      expect(d.right.channels[0]?.treatments?.[0]?.placements).toEqual(["hero"])
      expect(d.right.channels[0]?.treatments?.[0]?.eligibility).toBeDefined()
    }
  })
  it("rejects bad fields", () => {
    const base = { id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }
    expect(E.isLeft(Action.codec.decode({ ...base, id: "" }))).toBe(true)
    expect(E.isLeft(Action.codec.decode({ ...base, channels: [{ channel: "web", direction: "sideways" }] }))).toBe(true)
    expect(E.isLeft(Action.codec.decode({ ...base, weight: 25_000 }))).toBe(true)
    expect(E.isLeft(Action.codec.decode({ ...base, startingPropensity: 1.5 }))).toBe(true)
    expect(E.isLeft(Action.codec.decode({ ...base, evaluation: "optional" }))).toBe(true)
    expect(E.isLeft(Action.codec.decode({ ...base, value: Number.POSITIVE_INFINITY }))).toBe(true)
    expect(E.isLeft(Action.codec.decode(null))).toBe(true)
  })
  it("properties: flat strings, finite numbers and booleans, every problem at its path", () => {
    const base = { id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }
    const ok = Action.codec.decode({ ...base, properties: { product: "card", tier: 2, premium: true, "": "" } })
    expect(ok).toStrictEqual(E.right({ ...base, properties: { product: "card", tier: 2, premium: true, "": "" } }))
    const proto = JSON.parse('{"__proto__": "x"}') as unknown
    const own = Action.PropertiesCodec.decode(proto)
    expect(E.isRight(own) && Object.prototype.hasOwnProperty.call(own.right, "__proto__")).toBe(true)
    const bad = Action.codec.decode({
      ...base,
      properties: { a: { b: 1 }, c: [1], d: null, e: Number.POSITIVE_INFINITY }
    })
    expect(
      E.isLeft(bad) && DecodeError.fromValidationErrors(bad.left).problems.map((p) => [p.path, p.code])
    ).toStrictEqual([
      ["$.properties.a", "invalid_type"],
      ["$.properties.c", "invalid_type"],
      ["$.properties.d", "invalid_type"],
      ["$.properties.e", "non_finite"]
    ])
    expect(() =>
      Action.action("Gold", { issue: "Sales", group: "Cards", channels: [], properties: { tier: Number.NaN } })
    ).toThrow(TypeError)
    expect(() =>
      Action.action("Gold", {
        issue: "Sales",
        group: "Cards",
        channels: [],
        properties: { tier: {} as unknown as string }
      })
    ).toThrow(TypeError)
  })

  it("the evaluation class codec takes the three classes", () => {
    for (const e of ["default", "mandatory", "transactional"] as const)
      expect(Action.EvaluationClassCodec.decode(e)).toEqual(E.right(e))
  })

  const treatmentArb = fc.record(
    {
      id: fc.constantFrom("T1", "T2"),
      placements: fc.array(fc.constantFrom("hero", "tile"), { minLength: 1, maxLength: 2 })
    },
    { requiredKeys: ["id"], noNullPrototype: true }
  )
  const channelArb = fc.record(
    {
      channel: fc.constantFrom("web", "email"),
      direction: fc.constantFrom<"inbound" | "outbound">("inbound", "outbound"),
      treatments: fc.array(treatmentArb, { maxLength: 2 })
    },
    { requiredKeys: ["channel", "direction"], noNullPrototype: true }
  )
  const actionArb: fc.Arbitrary<Action.Action> = fc.record(
    {
      id: fc.constantFrom("Gold", "Silver"),
      issue: fc.constant("Sales"),
      group: fc.constant("Cards"),
      channels: fc.array(channelArb, { maxLength: 2 }),
      value: fc.integer({ min: 0, max: 500 }).map(Value.constant),
      weight: fc.integer({ min: -100, max: 100 }),
      startingPropensity: fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
      startingEvidence: fc.integer({ min: 0, max: 1000 }),
      availability: fc.constantFrom(
        Availability.always,
        Availability.never,
        Availability.between({ from: Date.UTC(2024, 0, 1) })
      ),
      evaluation: fc.constantFrom<EvaluationClass>("default", "mandatory", "transactional"),
      analytics: fc.boolean()
    },
    { requiredKeys: ["id", "issue", "group", "channels"], noNullPrototype: true }
  )
  roundTrip("Action.codec", Action.codec, actionArb, deepEq)
  roundTrip("Action.TreatmentCodec", Action.TreatmentCodec, treatmentArb, deepEq)
  roundTrip("Action.ChannelCodec", Action.ChannelCodec, channelArb, deepEq)
})
