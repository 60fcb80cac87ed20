import * as E from "fp-ts/lib/Either.js"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Catalog, DataModel, DecodeError, Request } from "../../src/index.js"

// a generated data model, requests that conform to it, one-attribute mutations, and rules over it

const NOW = 1_715_767_200_000
const FORBIDDEN = new Set(["constructor", "prototype"])
const nameArb = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/).filter((n) => !FORBIDDEN.has(n))

const attributeArb: fc.Arbitrary<DataModel.Attribute> = fc
  .record({
    type: fc.constantFrom(...DataModel.ATTRIBUTE_TYPES),
    required: fc.boolean(),
    values: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 4 })
  })
  .map(({ type, required, values }) => (type === "enum" ? { type, required, values } : { type, required }))

const attributesArb: fc.Arbitrary<DataModel.Attributes> = fc
  .uniqueArray(fc.tuple(nameArb, attributeArb), { maxLength: 12, selector: ([n]) => n })
  .map((entries) => Object.fromEntries(entries))

const modelArb: fc.Arbitrary<DataModel> = fc.record({ subject: attributesArb, context: attributesArb })

/** a value of an attribute's type */
const valueOf = (a: DataModel.Attribute): fc.Arbitrary<unknown> => {
  switch (a.type) {
    case "number":
      return fc.double({ min: -1e9, max: 1e9, noNaN: true })
    case "integer":
      return fc.integer()
    case "string":
      return fc.string({ maxLength: 12 })
    case "boolean":
      return fc.boolean()
    case "instant":
      return fc.oneof(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString())
      )
    case "enum":
      return fc.constantFrom(...(a.values ?? []))
    case "list":
      return fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 })
  }
}

/** a value that is not of an attribute's type (and not null: null is "missing") */
const WRONG: Readonly<Record<DataModel.AttributeType, unknown>> = {
  number: "34",
  integer: "34",
  string: 34,
  boolean: "true",
  instant: true,
  enum: 1,
  list: "gold"
}

/** attributes conforming to the declared ones: required always present, optional sometimes */
const conformingArb = (declared: DataModel.Attributes): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(
      Object.fromEntries(Object.entries(declared).map(([name, a]) => [name, fc.option(valueOf(a), { nil: undefined })]))
    )
    .map((r) => {
      const out: Record<string, unknown> = {}
      for (const [name, a] of Object.entries(declared)) {
        const v = r[name]
        if (v !== undefined) out[name] = v
        else if (a.required === true) out[name] = a.type === "enum" ? (a.values ?? [])[0] : WRONG_FREE[a.type]
      }
      return out
    })

/** a fixed value of each type, for a required attribute the option left out */
const WRONG_FREE: Readonly<Record<DataModel.AttributeType, unknown>> = {
  number: 1.5,
  integer: 2,
  string: "s",
  boolean: false,
  instant: NOW,
  enum: undefined,
  list: []
}

const catalogFor = (dataModel: DataModel, eligibility?: unknown): E.Either<DecodeError, Catalog> =>
  Catalog.catalog({
    issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
    actions: [
      {
        id: "Gold",
        issue: "Sales",
        group: "Cards",
        channels: [{ channel: "web", direction: "inbound" }],
        ...(eligibility === undefined ? {} : { policies: { eligibility } })
      }
    ],
    dataModel
  })

const compiled = (dataModel: DataModel): Catalog => {
  const r = catalogFor(dataModel)
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  return r.right
}

const requestOf = (subject: Record<string, unknown>, context: Record<string, unknown>): unknown => ({
  seed: 1,
  subject: { id: "c1", attributes: subject },
  context: { now: NOW, channel: "web", attributes: context }
})

const setup = modelArb.chain((model) =>
  fc.record({
    model: fc.constant(model),
    subject: conformingArb(model.subject ?? {}),
    context: conformingArb(model.context ?? {})
  })
)

describe("DataModel properties", () => {
  it("a request generated to conform to a generated model always decodes", () => {
    fc.assert(
      fc.property(setup, ({ model, subject, context }) => {
        const r = Request.decodeFor(compiled(model))(requestOf(subject, context))
        expect(E.isLeft(r) ? DecodeError.render(r.left) : "ok").toBe("ok")
      }),
      { numRuns: 200 }
    )
  })

  it("one attribute set to a value of another type gives exactly one type_mismatch, at its path", () => {
    const withTarget = setup.chain((s) => {
      const names = [
        ...Object.keys(s.model.subject ?? {}).map((n) => ["subject", n] as const),
        ...Object.keys(s.model.context ?? {}).map((n) => ["context", n] as const)
      ]
      return names.length === 0 ? fc.constant(null) : fc.constantFrom(...names).map((target) => ({ ...s, target }))
    })
    fc.assert(
      fc.property(withTarget, (s) => {
        if (s === null) return
        const [root, name] = s.target
        const a = (s.model[root] ?? {})[name] as DataModel.Attribute
        const subject = { ...s.subject }
        const context = { ...s.context }
        ;(root === "subject" ? subject : context)[name] = WRONG[a.type]
        const r = Request.decodeFor(compiled(s.model))(requestOf(subject, context))
        const found = E.isLeft(r) ? r.left.problems.map((p) => [p.path, p.code]) : []
        expect(found).toEqual([[`$.${root}.attributes.${name}`, "type_mismatch"]])
      }),
      { numRuns: 200 }
    )
  })

  it("rules over declared paths with literals of their types always decode", () => {
    /** a rule leaf over one declared attribute, with an operator and literals of its type */
    const leafOf = (path: string, a: DataModel.Attribute): fc.Arbitrary<unknown> => {
      const any = fc.constantFrom({ op: "exists", fact: path }, { op: "missing", fact: path })
      switch (a.type) {
        case "number":
        case "integer":
          return fc.oneof(
            any,
            fc
              .integer()
              .chain((n) =>
                fc.constantFrom(
                  { op: "gte", fact: path, value: n },
                  { op: "lt", fact: path, value: n },
                  { op: "eq", fact: path, value: n },
                  { op: "in", fact: path, values: [n, n + 1] }
                )
              )
          )
        case "string":
          return fc.oneof(
            any,
            fc
              .string({ maxLength: 6 })
              .chain((v) =>
                fc.constantFrom(
                  { op: "eq", fact: path, value: v },
                  { op: "neq", fact: path, value: v },
                  { op: "in", fact: path, values: [v] }
                )
              )
          )
        case "boolean":
          return fc.oneof(
            any,
            fc.boolean().map((v) => ({ op: "eq", fact: path, value: v }))
          )
        case "instant":
          return fc.oneof(
            any,
            fc.integer({ min: 1, max: 365 }).map((days) => ({ op: "withinLastDays", fact: path, days }))
          )
        case "enum":
          return fc.oneof(
            any,
            fc
              .constantFrom(...(a.values ?? []))
              .chain((v) => fc.constantFrom({ op: "eq", fact: path, value: v }, { op: "in", fact: path, values: [v] }))
          )
        case "list":
          return fc.oneof(
            any,
            fc
              .stringMatching(/^[a-z]{1,5}$/)
              .chain((v) =>
                fc.constantFrom(
                  { op: "contains", fact: path, value: v },
                  { op: "containsAny", fact: path, values: [v] },
                  { op: "containsAll", fact: path, values: [v] },
                  { op: "sizeGte", fact: path, value: 1 }
                )
              )
          )
      }
    }
    const withRule = modelArb.chain((model) => {
      const leaves = (["subject", "context"] as const).flatMap((root) =>
        Object.entries(model[root] ?? {}).map(([name, a]) => leafOf(`${root}.${name}`, a))
      )
      return fc.record({
        model: fc.constant(model),
        rule:
          leaves.length === 0
            ? fc.constant({ op: "always" })
            : fc.tuple(...leaves).map((rules) => ({ op: "all", rules }))
      })
    })
    fc.assert(
      fc.property(withRule, ({ model, rule }) => {
        const r = catalogFor(model, rule)
        expect(E.isLeft(r) ? DecodeError.render(r.left) : "ok").toBe("ok")
      }),
      { numRuns: 200 }
    )
  })
})
