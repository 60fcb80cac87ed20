import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, DecodeError, Request } from "../../src/index.js"

const compiled = (dataModel?: unknown): Catalog => {
  const r = Catalog.catalog({
    issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
    actions: [
      {
        id: "Gold",
        issue: "Sales",
        group: "Cards",
        channels: [
          { channel: "web", direction: "inbound" },
          { channel: "email", direction: "outbound" }
        ]
      }
    ],
    ...(dataModel === undefined ? {} : { dataModel })
  })
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  return r.right
}

const model = {
  subject: {
    age: { type: "integer", required: true },
    segment: { type: "enum", values: ["gold", "silver"] },
    cardProducts: { type: "list" }
  },
  context: { device: { type: "enum", values: ["mobile", "desktop"] } }
}

const lines = (r: E.Either<DecodeError, Request>): ReadonlyArray<string> =>
  E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}: ${p.message}`) : []

describe("Request.decodeFor(catalog)", () => {
  const decode = Request.decodeFor(compiled(model))

  it("accepts a request that fits the model and the catalog's channels", () => {
    const r = decode({
      seed: 1,
      subject: { id: "c1", attributes: { age: 34, segment: "gold", cardProducts: ["debit"] } },
      context: { now: 1_715_767_200_000, channel: "web", attributes: { device: "mobile" } }
    })
    expect(lines(r)).toEqual([])
    expect(E.isRight(r)).toBe(true)
  })

  it("reports attributes against the model and channels against the catalog (pinned rendering)", () => {
    const r = decode({
      seed: 1,
      subject: { id: "c1", attributes: { age: "34", Segment: "gold", cardProducts: "debit" } },
      context: {
        now: 1_715_767_200_000,
        channels: ["Web", "emial", "sms"],
        attributes: { device: "mobil" }
      }
    })
    if (E.isRight(r)) throw new Error("expected problems")
    expect(DecodeError.render(r.left)).toBe(
      [
        "7 problems:",
        '  $.subject.attributes.age [type_mismatch] expected an integer (found: "34")',
        '  $.subject.attributes.cardProducts [type_mismatch] expected a list of strings (found: "debit")',
        '  $.subject.attributes.Segment [unknown_key] unknown subject attribute "Segment": did you mean "segment"? (found: "gold")',
        '  $.context.attributes.device [invalid_value] expected one of "mobile", "desktop": did you mean "mobile"? (found: "mobil")',
        '  $.context.channels[0] [unknown_reference] no action offers channel "Web": did you mean "web"? (found: "Web")',
        '  $.context.channels[1] [unknown_reference] no action offers channel "emial": did you mean "email"? (found: "emial")',
        '  $.context.channels[2] [unknown_reference] no action offers channel "sms" (found: "sms")'
      ].join("\n")
    )
  })

  it("a missing required attribute is required; decode's own problems come first", () => {
    expect(
      lines(
        decode({
          subject: { id: "c1" },
          context: { now: 1_715_767_200_000, placements: [{ name: "hero", channel: "wbe" }] }
        })
      )
    ).toEqual([
      "$.decisionId required: required: a decisionId or a seed",
      "$.subject.attributes.age required: required: subject.age is declared required",
      '$.context.placements[0].channel unknown_reference: no action offers channel "wbe": did you mean "web"?'
    ])
  })

  it("without a data model only the channels are checked; decode alone checks neither", () => {
    const request = {
      seed: 1,
      subject: { id: "c1", attributes: { anything: "goes" } },
      context: { now: 1_715_767_200_000, channel: "WEB" }
    }
    expect(lines(Request.decodeFor(compiled())(request))).toEqual([
      '$.context.channel unknown_reference: no action offers channel "WEB": did you mean "web"?'
    ])
    expect(E.isRight(Request.decode(request))).toBe(true)
  })
})

describe("Request.decodeFor: nested attributes", () => {
  it("reads a nested attribute nested and reports it at its full path", () => {
    const decode = Request.decodeFor(compiled({ subject: { "address.city": { type: "string" } } }))
    const base = { seed: 1, context: { now: 1_715_767_200_000, channel: "web" } }
    expect(lines(decode({ ...base, subject: { id: "c1", attributes: { address: { city: "Utrecht" } } } }))).toEqual([])
    expect(lines(decode({ ...base, subject: { id: "c1", attributes: { address: { city: 3 } } } }))).toEqual([
      "$.subject.attributes.address.city type_mismatch: expected a string"
    ])
  })
})
