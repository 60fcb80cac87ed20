import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, DataModel, DecodeError, HistoryFeatures, NaiveBayes } from "../../src/index.js"

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

  it("without a data model only the roots of fact paths are checked", () => {
    const json = catalogWith(
      {
        value: { sum: [1, { fact: "contxt.score" }] },
        policies: {
          eligibility: {
            op: "all",
            rules: [
              { op: "gte", fact: "subjet.age", value: 18 },
              { op: "gte", fact: "subject.anything", value: "any literal" },
              { op: "eqFact", fact: "context.a", other: "customer.b" }
            ]
          }
        }
      },
      null
    )
    expect(problems(json)).toEqual([
      '$.actions[0].value.sum[1].fact unknown_path: unknown fact path "contxt.score": did you mean "context.score"?',
      '$.actions[0].policies.eligibility.rules[0].fact unknown_path: unknown fact path "subjet.age": did you mean "subject.age"?',
      '$.actions[0].policies.eligibility.rules[2].other unknown_path: unknown fact path "customer.b": a path starts with subject or context'
    ])
  })

  it("a model that does not decode still has the roots of fact paths checked", () => {
    const json = catalogWith({ policies: { eligibility: { op: "exists", fact: "sbject.age" } } }, { subject: 1 })
    expect(problems(json)).toEqual([
      "$.dataModel.subject invalid_type: expected an object",
      '$.actions[0].policies.eligibility.fact unknown_path: unknown fact path "sbject.age": did you mean "subject.age"?'
    ])
  })

  it("checks the policies of issues, groups and the whole catalog too", () => {
    const json = {
      issues: [
        {
          name: "Sales",
          policies: { eligibility: { op: "gte", fact: "subject.aeg", value: 1 } },
          groups: [{ name: "Cards", policies: { suitability: { op: "eq", fact: "subject.vip", value: "yes" } } }]
        }
      ],
      actions: [{ id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }],
      policies: { applicability: { op: "sizeGte", fact: "subject.segment", value: 1 } },
      dataModel: model
    }
    expect(problems(json)).toEqual([
      '$.policies.applicability.fact type_mismatch: operator "sizeGte" does not apply to subject.segment, an enum; it is for lists (on a scalar use gte)',
      '$.issues[0].policies.eligibility.fact unknown_path: unknown fact path "subject.aeg": did you mean "subject.age"?',
      "$.issues[0].groups[0].policies.suitability.value type_mismatch: subject.vip is a boolean: compare it with true or false"
    ])
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
    expect(Object.keys(DataModel.OPERATOR_TYPES).length).toBe(33)
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

describe("DataModel.checkPredictors", () => {
  const m = {
    subject: {
      age: { type: "integer" },
      segment: { type: "enum", values: ["gold", "silver"] },
      since: { type: "instant" },
      cardProducts: { type: "list" },
      "address.city": { type: "string" }
    },
    context: { device: { type: "string" } }
  } as unknown as DataModel
  const lines = (fs: ReadonlyArray<DataModel.Finding>): ReadonlyArray<string> =>
    fs.map((f) => `${f.keys.join(".")} ${f.code}: ${f.message}`)

  it("accepts predictors of declared attributes of their types and computed history features", () => {
    const hf = HistoryFeatures.historyFeatures(["accepted"], [7, 30], ["subject", "action"])
    expect(
      DataModel.checkPredictors(
        m,
        [
          { name: "subject.age", type: "numeric" },
          { name: "subject.age", type: "symbolic" },
          { name: "subject.segment", type: "symbolic" },
          { name: "subject.since", type: "numeric" },
          { name: "context.device" },
          { name: "history.accepted.30d", type: "numeric" },
          { name: "history.action.accepted.daysSince", type: "numeric" }
        ],
        hf
      )
    ).toEqual([])
  })

  it("reports unknown paths, unknown history features, lists, nested attributes and wrong predictor types", () => {
    expect(
      lines(
        DataModel.checkPredictors(m, [
          { name: "subject.Age", type: "numeric" },
          { name: "customer.age", type: "numeric" },
          { name: "context.devise", type: "symbolic" },
          { name: "subject.cardProducts", type: "symbolic" },
          { name: "subject.address.city", type: "symbolic" },
          { name: "subject.segment", type: "numeric" },
          { name: "subject.since", type: "symbolic" },
          { name: "history.accepted.7d", type: "numeric" }
        ])
      )
    ).toEqual([
      '0.name unknown_path: unknown fact path "subject.Age": did you mean "subject.age"?',
      '1.name unknown_path: unknown fact path "customer.age": a path starts with subject or context',
      '2.name unknown_path: unknown fact path "context.devise": did you mean "context.device"?',
      "3.name type_mismatch: subject.cardProducts is a list: a model sees only strings, numbers and booleans",
      "4.name type_mismatch: subject.address.city is nested: a model sees only top-level attributes",
      "5.type type_mismatch: a numeric predictor does not read subject.segment, an enum: make it symbolic",
      "6.type type_mismatch: a symbolic predictor does not read subject.since, an instant: make it numeric",
      '7.name unknown_path: no history feature "history.accepted.7d": no history features are configured'
    ])
    expect(
      lines(
        DataModel.checkPredictors(
          m,
          [{ name: "history.acepted.7d" }],
          HistoryFeatures.historyFeatures(["accepted"], [7], ["subject"])
        )
      )
    ).toEqual(['0.name unknown_path: no history feature "history.acepted.7d": did you mean "history.accepted.7d"?'])
  })

  it("without a model only roots and history features are checked", () => {
    expect(
      lines(DataModel.checkPredictors({}, [{ name: "subject.anything", type: "numeric" }, { name: "subjct.age" }]))
    ).toEqual(['1.name unknown_path: unknown fact path "subjct.age": did you mean "subject.age"?'])
  })

  it("takes a naive Bayes configuration's predictors as they are", () => {
    const predictors: ReadonlyArray<DataModel.PredictorRef> = [
      NaiveBayes.numeric("subject.age"),
      NaiveBayes.symbolic("subject.segmnt")
    ]
    expect(lines(DataModel.checkPredictors(m, predictors))).toEqual([
      '1.name unknown_path: unknown fact path "subject.segmnt": did you mean "subject.segment"?'
    ])
  })
})

describe("DataModel: nested attributes", () => {
  const m = { subject: { "address.city": { type: "string", required: true } } } as unknown as DataModel
  const lines = (fs: ReadonlyArray<DataModel.Finding>): ReadonlyArray<string> =>
    fs.map((f) => `${f.keys.join(".")} ${f.code}: ${f.message}`)

  it("reads a nested attribute nested, as rules do", () => {
    expect(DataModel.checkAttributes(m, "subject", { address: { city: "Utrecht" } })).toEqual([])
    expect(lines(DataModel.checkAttributes(m, "subject", { address: { city: 3 } }))).toEqual([
      "address.city type_mismatch: expected a string"
    ])
    expect(lines(DataModel.checkAttributes(m, "subject", {}))).toEqual([
      "address.city required: required: subject.address.city is declared required"
    ])
  })

  it("a flat dotted key is refused: a rule over subject.address.city would never see it", () => {
    expect(lines(DataModel.checkAttributes(m, "subject", { "address.city": "Utrecht" }))).toEqual([
      "address.city required: required: subject.address.city is declared required",
      'address.city unknown_key: unknown subject attribute "address.city": subject.address.city is nested, give it as { "address": { "city": … } }'
    ])
  })
})

describe("docs/boundary.md", () => {
  it("lists every problem code in its codes table", () => {
    const text = readFileSync(fileURLToPath(new URL("../../docs/boundary.md", import.meta.url)), "utf8")
    const listed = [...text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1])
    for (const code of DecodeError.PROBLEM_CODES) expect(listed).toContain(code)
    expect(DecodeError.PROBLEM_CODES.length).toBe(18)
  })
})
