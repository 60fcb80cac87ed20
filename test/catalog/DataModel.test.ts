import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, DataModel, DecodeError } from "../../src/index.js"

const model = {
  subject: {
    age: { type: "integer", required: true },
    name: { type: "string" },
    cardProducts: { type: "list" },
    segment: { type: "enum", values: ["gold", "silver"] },
    balance: { type: "number" },
    since: { type: "instant" },
    vip: { type: "boolean" }
  },
  context: { intent: { type: "string" } }
}

const catalogWith = (extra: Record<string, unknown>, dataModel: unknown = model): unknown => ({
  issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
  actions: [
    { id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }], ...extra }
  ],
  ...(dataModel === null ? {} : { dataModel })
})

const problems = (json: unknown): ReadonlyArray<string> => {
  const r = Catalog.catalog(json)
  return E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}: ${p.message}`) : []
}

describe("Catalog with a data model", () => {
  it("decodes rules over declared facts with operators of their types", () => {
    const json = catalogWith({
      value: { max: [5, { product: [0.01, { fact: "subject.balance" }] }] },
      policies: {
        eligibility: {
          op: "all",
          rules: [
            { op: "gte", fact: "subject.age", value: 18 },
            { op: "startsWith", fact: "subject.name", value: "A" },
            { op: "containsAny", fact: "subject.cardProducts", values: ["gold"] },
            { op: "sizeLt", fact: "subject.cardProducts", value: 3 },
            { op: "in", fact: "subject.segment", values: ["gold"] },
            { op: "withinLastDays", fact: "subject.since", days: 30 },
            { op: "eq", fact: "subject.vip", value: true },
            { op: "exists", fact: "context.intent" }
          ]
        }
      }
    })
    expect(problems(json)).toEqual([])
    const r = Catalog.catalog(json)
    expect(E.isRight(r) && r.right.spec.dataModel?.subject?.["age"]).toEqual({ type: "integer", required: true })
  })

  it("reports an unknown fact path with did you mean, and a type mismatch (pinned rendering)", () => {
    const r = Catalog.catalog(
      catalogWith({
        value: { sum: [1, { fact: "subject.segment" }] },
        policies: {
          eligibility: {
            op: "all",
            rules: [
              { op: "gte", fact: "subjet.age", value: 18 },
              { op: "gte", fact: "subject.Age", value: 18 },
              { op: "gt", fact: "subject.name", value: "a" },
              { op: "in", fact: "subject.cardProducts", values: ["gold"] },
              { op: "containsAny", fact: "subject.age", values: [1] },
              { op: "eq", fact: "subject.segment", value: "gld" },
              { op: "eq", fact: "subject.age", value: "34" },
              { op: "exists", fact: "subject.nothingLikeIt" }
            ]
          }
        }
      })
    )
    if (E.isRight(r)) throw new Error("expected problems")
    expect(DecodeError.render(r.left)).toBe(
      [
        "8 problems:",
        '  $.actions[0].value.sum[1].fact [type_mismatch] a value expression reads numbers: subject.segment is an enum (found: "subject.segment")',
        '  $.actions[0].policies.eligibility.rules[0].fact [unknown_path] unknown fact path "subjet.age": did you mean "subject.age"? (found: "subjet.age")',
        '  $.actions[0].policies.eligibility.rules[1].fact [unknown_path] unknown fact path "subject.Age": did you mean "subject.age"? (found: "subject.Age")',
        '  $.actions[0].policies.eligibility.rules[2].fact [type_mismatch] operator "gt" does not apply to subject.name, a string (found: "subject.name")',
        '  $.actions[0].policies.eligibility.rules[3].fact [type_mismatch] operator "in" does not apply to subject.cardProducts, a list; for a list use containsAny (found: "subject.cardProducts")',
        '  $.actions[0].policies.eligibility.rules[4].fact [type_mismatch] operator "containsAny" does not apply to subject.age, an integer; it is for lists (on a scalar use in) (found: "subject.age")',
        '  $.actions[0].policies.eligibility.rules[5].value [invalid_value] "gld" is not a value of subject.segment: did you mean "gold"? (found: "gld")',
        '  $.actions[0].policies.eligibility.rules[6].value [type_mismatch] subject.age is an integer: compare it with a number (found: "34")',
        '  $.actions[0].policies.eligibility.rules[7].fact [unknown_path] unknown fact path "subject.nothingLikeIt": subject declares no attribute "nothingLikeIt" (found: "subject.nothingLikeIt")'
      ]
        .join("\n")
        .replace("8 problems", "9 problems")
    )
  })

  it("checks the other fact of a fact comparison, treatments and context weight keys", () => {
    const json = {
      ...(catalogWith({
        channels: [
          {
            channel: "web",
            direction: "inbound",
            treatments: [{ id: "t1", eligibility: { op: "ltFact", fact: "subject.age", other: "subject.nmae" } }]
          }
        ]
      }) as object),
      contextWeights: [{ key: "intnt", value: "cancel", issue: "Sales", weight: 10 }]
    }
    expect(problems(json)).toEqual([
      '$.actions[0].channels[0].treatments[0].eligibility.other unknown_path: unknown fact path "subject.nmae": did you mean "subject.name"?',
      '$.contextWeights[0].key unknown_path: unknown context attribute "intnt": did you mean "intent"?'
    ])
  })

  it("reports a root other than subject or context", () => {
    expect(problems(catalogWith({ policies: { eligibility: { op: "exists", fact: "subjects.age" } } }))).toEqual([
      '$.actions[0].policies.eligibility.fact unknown_path: unknown fact path "subjects.age": did you mean "subject.age"?'
    ])
  })

  it("does not check a root the model leaves out", () => {
    expect(
      problems(
        catalogWith({ policies: { eligibility: { op: "gt", fact: "context.anything", value: 1 } } }, { subject: {} })
      )
    ).toEqual([])
  })

  it("without a data model nothing is checked", () => {
    const json = catalogWith({ policies: { eligibility: { op: "gte", fact: "subjet.age", value: 18 } } }, null)
    expect(problems(json)).toEqual([])
  })

  it("reports problems of the data model itself", () => {
    expect(
      problems(
        catalogWith(
          {},
          {
            subject: {
              a: { type: "enum" },
              b: { type: "string", values: ["x"] },
              c: { type: "text" },
              __proto__x: { type: "string", requird: true }
            },
            contxt: {}
          }
        )
      )
    ).toEqual([
      '$.dataModel.contxt unknown_key: unknown key "contxt" in data model',
      "$.dataModel.subject.a.values required: required: an enum lists its values",
      "$.dataModel.subject.b.values invalid_value: only an enum has values, not a string",
      '$.dataModel.subject.c.type invalid_value: expected one of "number", "integer", "string", "boolean", "instant", "enum", "list"',
      '$.dataModel.subject.__proto__x.requird unknown_key: unknown key "requird" in attribute'
    ])
  })

  it("round-trips a catalog with a data model", () => {
    const r = Catalog.catalog(catalogWith({}))
    if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
    const again = Catalog.catalog(Catalog.codec.encode(r.right.spec))
    expect(E.isRight(again) && again.right.spec.dataModel).toEqual(r.right.spec.dataModel)
  })
})

describe("DataModel", () => {
  it("OPERATOR_TYPES lists every condition operator", () => {
    expect(Object.keys(DataModel.OPERATOR_TYPES).length).toBe(32)
    for (const types of Object.values(DataModel.OPERATOR_TYPES))
      for (const ty of types) expect(DataModel.ATTRIBUTE_TYPES).toContain(ty)
  })

  it("checkAttributes: required, type_mismatch, invalid_value, unknown_key with did you mean", () => {
    const m = model as unknown as DataModel
    expect(
      DataModel.checkAttributes(m, "subject", {
        Age: 34,
        name: 3,
        cardProducts: ["a", 1],
        segment: "Gold",
        since: "yesterday",
        balance: 1.5,
        vip: null
      }).map((f) => `${f.keys.join(".")} ${f.code}: ${f.message}`)
    ).toEqual([
      "age required: required: subject.age is declared required",
      "name type_mismatch: expected a string",
      "cardProducts type_mismatch: expected a list of strings",
      'segment invalid_value: expected one of "gold", "silver": did you mean "gold"?',
      "since type_mismatch: expected an instant: epoch milliseconds or ISO 8601 text",
      'Age unknown_key: unknown subject attribute "Age": did you mean "age"?'
    ])
    expect(DataModel.checkAttributes(m, "subject", { age: 3.5 }).map((f) => f.message)).toEqual(["expected an integer"])
    expect(DataModel.checkAttributes(m, "subject", { age: 34, since: "2024-05-01T00:00:00Z" })).toEqual([])
  })
})
