/**
 * Fuzzing every public decoder with arbitrary JSON (`fc.jsonValue`) and with valid documents
 * mutated at random (a value replaced, a key deleted or added — `__proto__` and `constructor`
 * among them —, a value wrapped in an array or nested, an element repeated). For every input:
 *
 * - the decoder never throws, and returns a `Left` or a `Right`;
 * - a `Right` re-encodes, through JSON text, to a document that decodes to the same value (the
 *   same encoded text);
 * - a `Left` lists at most `DecodeError.MAX_PROBLEMS` problems, each with a documented code and a
 *   path whose segments it parses to, and renders without throwing.
 *
 * `npm test` runs each target at `FUZZ_RUNS` = 25 runs per input kind; `npm run fuzz` runs the
 * same properties at 10,000 (about four minutes). Set `FUZZ_RUNS` to run any other count.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Catalog from "../../src/catalog/Catalog.js"
import * as Value from "../../src/catalog/Value.js"
import * as Request from "../../src/decide/Request.js"
import * as DecisionRecord from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as Replica from "../../src/feedback/Replica.js"
import * as History from "../../src/history/History.js"
import * as HistoryFeatures from "../../src/history/HistoryFeatures.js"
import {
  decodeWith,
  MAX_PROBLEMS,
  parsePath,
  PROBLEM_CODES,
  render,
  type DecodeError
} from "../../src/kernel/DecodeError.js"
import { HOUR_MS } from "../../src/kernel/Time.js"
import * as ExternalScore from "../../src/learners/ExternalScore.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import * as Capacity from "../../src/outbound/Capacity.js"
import * as DualPrices from "../../src/outbound/DualPrices.js"
import * as Summary from "../../src/outbound/Summary.js"
import * as ContactLimit from "../../src/policies/ContactLimit.js"
import * as Suppression from "../../src/policies/Suppression.js"
import * as R from "../../src/rules/Rule.js"
import { scenario } from "../arbitraries/catalog.js"
import { anyDecisionArb, anyEventArb, historyArb } from "../arbitraries/feedback.js"
import { rule } from "../arbitraries/rules.js"

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 25)
const TIMEOUT = Math.max(60_000, RUNS * 100)

// -------------------------------------------------------------------------------------
// mutations
// -------------------------------------------------------------------------------------

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }
type Path = ReadonlyArray<string | number>

interface Mutation {
  readonly pick: number
  readonly op: "replace" | "delete" | "add" | "wrap" | "nest" | "repeat"
  readonly key: string
  readonly value: Json
}

const KEYS = ["__proto__", "constructor", "id", "op", "at", "version", "format", "_tag", "value", "extra", ""]

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom("replace", "delete", "add", "wrap", "nest", "repeat"),
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    fc.constantFrom<Json>(
      -1,
      0,
      0.5,
      1e300,
      -1e300,
      8.64e15,
      2 ** 53,
      "",
      "2024-02-30",
      "2024-05-01T09:00:00Z",
      "a@b",
      "x\u0000y",
      [],
      {},
      null
    )
  )
})

/** every path to a value in a JSON document, the root first (explicit stack) */
const pathsOf = (doc: Json): Array<Path> => {
  const out: Array<Path> = []
  const stack: Array<readonly [Json, Path]> = [[doc, []]]
  while (stack.length > 0) {
    const [x, path] = stack.pop() as readonly [Json, Path]
    out.push(path)
    if (Array.isArray(x)) x.forEach((y: Json, i) => stack.push([y, [...path, i]]))
    else if (x !== null && typeof x === "object")
      for (const k of Object.keys(x)) stack.push([(x as Record<string, Json>)[k] as Json, [...path, k]])
  }
  return out
}

const put = (target: object, key: string | number, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** the document with one mutation applied (on a copy) */
const mutate = (doc: Json, m: Mutation): Json => {
  const root = { doc: JSON.parse(JSON.stringify(doc)) as Json }
  const paths = pathsOf(root.doc)
  const path: Path = ["doc", ...(paths[m.pick % paths.length] as Path)]
  let parent: Record<string | number, unknown> = root as unknown as Record<string, unknown>
  for (const s of path.slice(0, -1)) parent = parent[s] as Record<string | number, unknown>
  const key = path[path.length - 1] as string | number
  const here = parent[key] as Json
  switch (m.op) {
    case "replace":
      put(parent, key, m.value)
      break
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else if (parent !== (root as unknown)) delete parent[key]
      break
    case "add":
      if (Array.isArray(here)) (here as Array<Json>).push(m.value)
      else if (here !== null && typeof here === "object") put(here, m.key, m.value)
      else put(parent, key, { [m.key]: here })
      break
    case "wrap":
      put(parent, key, [here])
      break
    case "nest":
      put(parent, key, { [m.key]: here })
      break
    case "repeat":
      if (Array.isArray(here) && here.length > 0) (here as Array<Json>).push(here[m.pick % here.length] as Json)
      else put(parent, key, [here, here])
      break
  }
  return root.doc
}

// -------------------------------------------------------------------------------------
// targets
// -------------------------------------------------------------------------------------

interface Target {
  readonly name: string
  readonly decode: (u: unknown) => E.Either<DecodeError, unknown>
  /** the encoder of decoded values (a `Right` is checked to round-trip through JSON text) */
  readonly encode?: (a: never) => unknown
  /** valid documents to mutate */
  readonly valid?: fc.Arbitrary<unknown>
}

const toJson = (u: unknown): Json => JSON.parse(JSON.stringify(u)) as Json

const ts = ThompsonSampling.thompsonSampling()
const nb = NaiveBayes.naiveBayes({
  predictors: [
    { name: "age", type: "numeric", bins: [30, 50], missingBin: true },
    NaiveBayes.symbolic("device", [["mobile"], ["desktop"]])
  ]
})
const settingsArb = fc
  .record({
    aggregation: fc.constantFrom("earliest" as const, "positiveWins" as const),
    inbound: fc.integer({ min: 60_000, max: 10 * HOUR_MS })
  })
  .map(({ aggregation, inbound }) =>
    Feedback.settings({ aggregation, timeouts: { inbound, channels: { sms: HOUR_MS } } })
  )
const inputsArb = fc.array(
  fc.oneof(
    anyDecisionArb.map((r) => Feedback.decided(r)),
    anyEventArb,
    fc.integer({ min: 0, max: 30 * HOUR_MS }).map((now) => Feedback.expireAt(now))
  ),
  { maxLength: 8 }
)
const stateArb = fc
  .tuple(settingsArb, inputsArb)
  .map(([settings, inputs]) =>
    inputs.reduce(
      Feedback.apply(settings),
      Feedback.initial(Models.empty(ts), { replicaId: "r-1" }) as Feedback.Feedback<ThompsonSampling.State>
    )
  )
const valueArb: fc.Arbitrary<Value.Value> = fc.letrec<{ v: Value.Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -100, max: 100 }).map(Value.constant),
    fc.constantFrom("subject.a", "context.b").map((p) => Value.fact(p, 1)),
    fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.sum(...vs)),
    fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.max(...vs))
  )
})).v
const conditionArb: fc.Arbitrary<Suppression.HistoryCondition> = fc.letrec<{ c: Suppression.HistoryCondition }>(
  (tie) => ({
    c: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc
        .tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.constantFrom("impression", "clicked"),
          fc.integer({ min: 1, max: 30 })
        )
        .map(([n, o, d]) => Suppression.atLeast(n, o, d)),
      fc.array(tie("c"), { maxLength: 3 }).map((cs) => Suppression.all(...cs)),
      fc.array(tie("c"), { maxLength: 3 }).map((cs) => Suppression.any(...cs)),
      tie("c").map(Suppression.not)
    )
  })
).c

const targets: ReadonlyArray<Target> = [
  {
    name: "Catalog.codec",
    decode: decodeWith(Catalog.codec),
    encode: Catalog.codec.encode,
    valid: scenario.map((s) => Catalog.codec.encode(s.spec))
  },
  { name: "Catalog.catalog", decode: Catalog.catalog, valid: scenario.map((s) => Catalog.codec.encode(s.spec)) },
  {
    name: "Request.decode",
    decode: Request.decode,
    encode: Request.codec.encode,
    valid: scenario.map((s) => Request.codec.encode(s.request))
  },
  {
    name: "Event.decode",
    decode: Event.decode,
    encode: Event.codec.encode,
    valid: anyEventArb.map(Event.codec.encode)
  },
  {
    name: "DecisionRecord.codec",
    decode: decodeWith(DecisionRecord.codec),
    encode: DecisionRecord.codec.encode,
    valid: anyDecisionArb.map(DecisionRecord.codec.encode)
  },
  { name: "History.decode", decode: History.decode, encode: History.encode, valid: historyArb.map(History.encode) },
  {
    name: "History.RetentionCodec",
    decode: decodeWith(History.RetentionCodec),
    encode: History.RetentionCodec.encode,
    valid: fc.constant(History.RetentionCodec.encode(History.retention(HOUR_MS, 5)))
  },
  {
    name: "HistoryFeatures.codec",
    decode: decodeWith(HistoryFeatures.codec),
    encode: HistoryFeatures.codec.encode,
    valid: fc.constant({ outcomes: ["impression", "clicked"], windowsDays: [7, 30] })
  },
  {
    name: "Pending.decode",
    decode: Pending.decode,
    encode: Pending.encode,
    valid: stateArb.map((s) => Pending.encode(s.pending))
  },
  {
    name: "Feedback.decode",
    decode: (u) => Feedback.decode(ts, u),
    encode: Feedback.encode,
    valid: stateArb.map(Feedback.encode)
  },
  {
    name: "Feedback.decodeSettings",
    decode: Feedback.decodeSettings,
    encode: Feedback.SettingsCodec.encode,
    valid: settingsArb.map(Feedback.SettingsCodec.encode)
  },
  {
    name: "Feedback.decodeLog",
    decode: Feedback.decodeLog,
    encode: (log: ReadonlyArray<Feedback.Input>) => log.map((x) => Feedback.InputCodec.encode(x)),
    valid: inputsArb.map((log) => log.map((x) => Feedback.InputCodec.encode(x)))
  },
  {
    name: "Outcome.decode",
    decode: Outcome.decode,
    encode: Outcome.LabelsCodec.encode,
    valid: fc.constant(Outcome.LabelsCodec.encode(Outcome.defaultLabels))
  },
  {
    name: "Replica.decodeDelta",
    decode: (u) => Replica.decodeDelta(ts, u),
    encode: Replica.encodeDelta,
    valid: stateArb.map((s) => ({
      format: Replica.DELTA_FORMAT,
      version: Replica.DELTA_VERSION,
      replicaId: "r-1",
      sequence: 1,
      models: Models.encode(s.models)
    }))
  },
  {
    name: "Models.decode (Thompson sampling)",
    decode: (u) => Models.decode(ts, u),
    encode: Models.encode,
    valid: stateArb.map((s) => Models.encode(s.models))
  },
  {
    name: "NaiveBayes codec",
    decode: decodeWith(nb.codec),
    encode: nb.codec.encode,
    valid: fc
      .array(
        fc.record({
          features: fc.record(
            { age: fc.integer({ min: 0, max: 90 }), device: fc.constantFrom("mobile", "desktop", "tv") },
            { requiredKeys: [] }
          ),
          positive: fc.boolean(),
          at: fc.constant(0)
        }),
        { maxLength: 10 }
      )
      .map((os) => nb.codec.encode(nb.learnAll(nb.empty, os)))
  },
  {
    name: "ExternalScore.codec",
    decode: decodeWith(ExternalScore.codec),
    encode: ExternalScore.codec.encode,
    valid: fc.constant(ExternalScore.codec.encode({ positives: 3, negatives: 4 }))
  },
  { name: "NaiveBayes.fromAdmSnapshot", decode: (u) => NaiveBayes.fromAdmSnapshot(u) },
  { name: "Rule.decode", decode: R.decode, encode: R.encode, valid: rule.map(R.encode) },
  {
    name: "Suppression.codec",
    decode: decodeWith(Suppression.codec),
    encode: Suppression.codec.encode,
    valid: conditionArb.map((when) => Suppression.codec.encode(Suppression.suppression("s", when, 3)))
  },
  {
    name: "Suppression.HistoryConditionCodec",
    decode: decodeWith(Suppression.HistoryConditionCodec),
    encode: Suppression.HistoryConditionCodec.encode,
    valid: conditionArb.map(Suppression.HistoryConditionCodec.encode)
  },
  {
    name: "Value.codec",
    decode: decodeWith(Value.codec),
    encode: Value.codec.encode,
    valid: valueArb.map(Value.codec.encode)
  },
  {
    name: "ContactLimit.codec",
    decode: decodeWith(ContactLimit.codec),
    encode: ContactLimit.codec.encode,
    valid: fc.constant({ id: "l", channel: "email", max: 1, periodDays: 7, outcomes: ["sent"] })
  },
  { name: "Capacity.decodeCapacities", decode: Capacity.decodeCapacities, encode: Capacity.CapacitiesCodec.encode },
  { name: "DualPrices.decodePrices", decode: DualPrices.decodePrices, encode: DualPrices.PricesCodec.encode },
  { name: "Summary.decodeSummary", decode: Summary.decodeSummary, encode: Summary.codec.encode }
]

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

const CODES = new Set<string>(PROBLEM_CODES)

const check = (target: Target, input: unknown): void => {
  let result: E.Either<DecodeError, unknown>
  try {
    result = target.decode(input)
  } catch (e) {
    throw new Error(`${target.name} threw on ${JSON.stringify(input)?.slice(0, 500)}: ${String(e)}`)
  }
  expect(result._tag === "Left" || result._tag === "Right").toBe(true)
  if (E.isLeft(result)) {
    const error = result.left
    expect(error.problems.length).toBeGreaterThan(0)
    expect(error.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS)
    expect(error.omitted).toBeGreaterThanOrEqual(0)
    for (const p of error.problems) {
      expect(CODES.has(p.code)).toBe(true)
      expect(parsePath(p.path)).toEqual(p.segments)
    }
    expect(typeof render(error)).toBe("string")
    return
  }
  if (target.encode === undefined) return
  const encode = target.encode as (a: unknown) => unknown
  const text = JSON.stringify(encode(result.right))
  const again = target.decode(JSON.parse(text))
  if (E.isLeft(again))
    throw new Error(`${target.name}: the re-encoded value does not decode: ${render(again.left).slice(0, 1000)}`)
  expect(JSON.stringify(encode(again.right))).toBe(text)
}

describe(`fuzzing every public decoder (${RUNS} runs per input kind)`, () => {
  for (const target of targets) {
    it(
      `${target.name}: arbitrary JSON`,
      () => {
        fc.assert(
          fc.property(fc.jsonValue(), (u) => check(target, u)),
          { numRuns: RUNS }
        )
      },
      TIMEOUT
    )
    const valid = target.valid
    if (valid !== undefined)
      it(
        `${target.name}: valid documents decode and round-trip; mutated ones never throw`,
        () => {
          fc.assert(
            fc.property(valid, fc.array(mutationArb, { maxLength: 4 }), (doc, mutations) => {
              const json = toJson(doc)
              if (mutations.length === 0) expect(target.decode(json)._tag).toBe("Right")
              check(target, mutations.reduce(mutate, json))
            }),
            { numRuns: RUNS }
          )
        },
        TIMEOUT
      )
  }
})
