/**
 * The cost of the boundary (src/kernel/internal/decoded.ts), on the decision benchmark's workload
 * (200 actions; requests of 20 attributes and up to 7 interactions):
 *
 * - `checkNs`: what `nextBestAction` pays on decoded input — its three checks (catalog marked,
 *   models shaped, request marked), per decision;
 * - `markNs`: marking one fresh value (`Object.defineProperty`), what a decoder pays once per value;
 * - `admitLiteralMicros`: admitting a valid request literal the first time (decode, compare),
 *   against `decodeMicros`: `Request.decode` of the same request as JSON text parsed;
 * - `eventResponseNs`, `eventLiteralNs`: `Event.response` (its field checks) against building the
 *   same event as a plain object; `eventCheckNs`: the check the feedback entry points make on an
 *   event (events are not marked: checking their fields is cheaper than a mark).
 *
 * And the data model (`boundary.dataModel.w20`, `.w1000`): the same catalog with a data model of 20
 * and of 1,000 subject attributes (the workload's 20 and 980 more of every type), requests of that
 * width, p50/p99 in microseconds of
 * - `decode`: JSON.parse + `Request.decode` (the format only);
 * - `decodeFor`: JSON.parse + `Request.decodeFor(catalog)` (the format, channels, the model);
 * - `handWritten`: JSON.parse + `Request.decode` + a hand-written check of the attributes against
 *   the model (one precompiled loop of typeof tests: the baseline `decodeFor` is measured against);
 * - `decide`: `nextBestAction` on the decoded request;
 * and `recordBytes`, the decision record as JSON (UTF-8 bytes, median over the requests).
 */
import * as E from "fp-ts/lib/Either.js"
import { fromSpec, type Catalog } from "../src/catalog/Catalog.js"
import type { Attribute, AttributeType, DataModel } from "../src/catalog/DataModel.js"
import { admitCatalog, admitModels, admitRequest } from "../src/decide/internal/boundary.js"
import { nextBestAction } from "../src/decide/NextBestAction.js"
import { codec as RequestCodec, decode as decodeRequest, decodeFor, type Request } from "../src/decide/Request.js"
import { render } from "../src/kernel/DecodeError.js"
import type { Models } from "../src/learners/Models.js"
import * as Random from "../src/kernel/Random.js"
import * as Event from "../src/feedback/Event.js"
import { admitEvent } from "../src/feedback/internal/admitted.js"
import { mark } from "../src/kernel/internal/decoded.js"
import { prepare } from "./decision.js"
import { latenciesMicros, median, opsPerSecond, quantile, round3 } from "./harness.js"

const log = (message: string): void => {
  process.stderr.write(`  boundary: ${message}\n`)
}

const SEGMENTS = ["basic", "bronze", "silver", "gold", "platinum"]
const FILLER: ReadonlyArray<AttributeType> = ["number", "integer", "string", "boolean", "enum", "list", "instant"]

/** the workload's 20 attributes, and `width − 20` more of every type */
const modelOf = (width: number): DataModel => {
  const subject: Record<string, Attribute> = {
    age: { type: "integer", required: true },
    segment: { type: "enum", values: SEGMENTS },
    balance: { type: "number" },
    churned: { type: "boolean" }
  }
  for (let k = 0; k < 8; k++) subject[`score${k}`] = { type: "number" }
  for (let k = 0; k < 8; k++) subject[`tag${k}`] = { type: "string" }
  for (let k = 0; k < width - 20; k++) {
    const type = FILLER[k % FILLER.length] as AttributeType
    subject[`extra${k}`] = type === "enum" ? { type, values: ["a", "b", "c"] } : { type }
  }
  return { subject }
}

/** a value of each filler attribute, drawn from the rng */
const fill = (
  attributes: Readonly<Record<string, unknown>>,
  model: DataModel,
  rng0: Random.Rng
): Readonly<Record<string, unknown>> => {
  let rng = rng0
  const u = (): number => {
    const [x, next] = Random.nextDouble(rng)
    rng = next
    return x
  }
  const out: Record<string, unknown> = { ...attributes }
  for (const [name, a] of Object.entries(model.subject ?? {})) {
    if (name in out) continue
    switch (a.type) {
      case "number":
        out[name] = Math.round(u() * 1e6) / 100
        break
      case "integer":
        out[name] = Math.floor(u() * 1000)
        break
      case "string":
        out[name] = `s${Math.floor(u() * 50)}`
        break
      case "boolean":
        out[name] = u() < 0.5
        break
      case "enum":
        out[name] = ["a", "b", "c"][Math.floor(u() * 3)]
        break
      case "list":
        out[name] = u() < 0.5 ? ["p1"] : ["p1", "p2"]
        break
      case "instant":
        out[name] = Date.UTC(2020, 0, 1) + Math.floor(u() * 1000) * 86_400_000
        break
    }
  }
  return out
}

/** a hand-written check of a request's subject attributes: one precompiled loop of typeof tests */
const handChecker = (model: DataModel): ((attributes: unknown) => number) => {
  const entries = Object.entries(model.subject ?? {}).map(
    ([name, a]) => [name, a.type, a.required === true, a.values === undefined ? undefined : new Set(a.values)] as const
  )
  const declared = new Set(entries.map(([name]) => name))
  return (attributes) => {
    if (attributes === null || typeof attributes !== "object") return 1
    const given = attributes as Record<string, unknown>
    let problems = 0
    for (const [name, type, required, values] of entries) {
      const v = given[name]
      if (v === undefined || v === null) {
        if (required) problems++
        continue
      }
      switch (type) {
        case "number":
          if (typeof v !== "number") problems++
          break
        case "integer":
          if (!Number.isInteger(v)) problems++
          break
        case "string":
          if (typeof v !== "string") problems++
          break
        case "boolean":
          if (typeof v !== "boolean") problems++
          break
        case "enum":
          if (typeof v !== "string" || !(values as Set<string>).has(v)) problems++
          break
        case "list":
          if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) problems++
          break
        case "instant":
          if (typeof v !== "number" && typeof v !== "string") problems++
          break
      }
    }
    for (const name of Object.keys(given)) if (!declared.has(name)) problems++
    return problems
  }
}

const p50p99 = (xs: ReadonlyArray<number>): { p50: number; p99: number } => ({
  p50: round3(median(xs)),
  p99: round3(quantile(xs, 0.99))
})

const dataModelAt = <S>(
  width: number,
  catalog: Catalog,
  models: Models<S>,
  requests: ReadonlyArray<Request>
): Record<string, unknown> => {
  const model = modelOf(width)
  const withModel = fromSpec({ ...catalog.spec, dataModel: model })
  if (E.isLeft(withModel)) throw new Error(`bench/boundary: the catalog with a data model: ${render(withModel.left)}`)
  const c = withModel.right
  const forCatalog = decodeFor(c)
  const hand = handChecker(model)
  const texts = requests.slice(0, 200).map((r, i) =>
    JSON.stringify(
      RequestCodec.encode({
        ...r,
        subject: {
          ...r.subject,
          attributes: fill(r.subject.attributes ?? {}, model, Random.fromSeed(`bench/boundary/${width}/${i}`))
        }
      })
    )
  )
  const decoded = texts.map((t) => {
    const r = forCatalog(JSON.parse(t))
    if (E.isLeft(r)) throw new Error(`bench/boundary: a request does not fit the model: ${render(r.left)}`)
    return r.right
  })
  const samples = width > 100 ? 2000 : 5000
  let i = 0
  const next = (): string => {
    const t = texts[i] as string
    i = i + 1 === texts.length ? 0 : i + 1
    return t
  }
  let sink = 0
  const decode = latenciesMicros(() => {
    if (E.isLeft(decodeRequest(JSON.parse(next())))) sink++
  }, samples)
  const decodeForLatencies = latenciesMicros(() => {
    if (E.isLeft(forCatalog(JSON.parse(next())))) sink++
  }, samples)
  const handWritten = latenciesMicros(() => {
    const u = JSON.parse(next()) as { subject?: { attributes?: unknown } }
    const r = decodeRequest(u)
    if (E.isLeft(r) || hand(u.subject?.attributes) > 0) sink++
  }, samples)
  let d = 0
  const decide = latenciesMicros(
    () => {
      nextBestAction(c, models, decoded[d] as Request)
      d = d + 1 === decoded.length ? 0 : d + 1
    },
    500,
    50
  )
  if (sink > 0) throw new Error("bench/boundary: a request was refused")
  const bytes = decoded.map((r) => Buffer.byteLength(JSON.stringify(nextBestAction(c, models, r).record), "utf8"))
  return {
    attributes: width,
    requestBytes: Math.round(median(texts.map((t) => Buffer.byteLength(t, "utf8")))),
    decode: p50p99(decode),
    decodeFor: p50p99(decodeForLatencies),
    handWritten: p50p99(handWritten),
    decide: p50p99(decide),
    recordBytes: Math.round(median(bytes))
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const { catalog, models, requests } = prepare()
  const n = requests.length
  const texts = requests.map((r) => JSON.stringify(RequestCodec.encode(r)))
  const decoded = texts.map((t) => {
    const r = decodeRequest(JSON.parse(t))
    if (r._tag === "Left") throw new Error("bench request does not decode")
    return r.right
  })
  const ns = (opsPerSec: number): number => round3(1e9 / opsPerSec)

  log("checks on decoded input…")
  let k = 0
  const check = opsPerSecond(() => {
    for (let i = 0; i < 1000; i++) {
      admitCatalog("bench", catalog)
      admitModels("bench", models)
      admitRequest("bench", decoded[k] as Request)
      k = k + 1 === n ? 0 : k + 1
    }
  }, 1000)

  log("marking fresh values…")
  const markRate = opsPerSecond(() => {
    for (let i = 0; i < 1000; i++) mark({ i })
  }, 1000)
  const allocRate = opsPerSecond(() => {
    let s = 0
    for (let i = 0; i < 1000; i++) s += ({ i } as { i: number }).i
    if (s < 0) log("never")
  }, 1000)

  log("admitting literals, against decoding JSON…")
  // fresh copies each time: a literal once admitted is marked
  const copies = (): Array<Request> => requests.map((r) => ({ ...r }))
  let pool = copies()
  let j = 0
  const admitRate = opsPerSecond(() => {
    if (j === n) {
      pool = copies()
      j = 0
    }
    admitRequest("bench", pool[j++] as Request)
  }, 1)
  let m = 0
  const decodeRate = opsPerSecond(() => {
    decodeRequest(JSON.parse(texts[m] as string))
    m = m + 1 === n ? 0 : m + 1
  }, 1)

  log("event constructors…")
  const init = { eventId: "e-1", at: Date.UTC(2024, 4, 15), actionId: "action-001", channel: "web", decision: "d-1" }
  const eventRate = opsPerSecond(() => {
    for (let i = 0; i < 1000; i++) Event.response(init, "accepted")
  }, 1000)
  const literalRate = opsPerSecond(() => {
    let s = 0
    for (let i = 0; i < 1000; i++) {
      const e = { _tag: "Response", ...init, outcome: "accepted" }
      s += e.at
    }
    if (s < 0) log("never")
  }, 1000)

  const event = Event.response(init, "accepted")
  const eventCheck = opsPerSecond(() => {
    for (let i = 0; i < 1000; i++) admitEvent("bench", event)
  }, 1000)

  log("the data model at 20 and 1,000 attributes…")
  const dataModel = {
    w20: dataModelAt(20, catalog, models, requests),
    w1000: dataModelAt(1000, catalog, models, requests),
    note: "p50/p99 µs per request: decode = JSON.parse + Request.decode; decodeFor = JSON.parse + Request.decodeFor(catalog with the data model); handWritten = JSON.parse + Request.decode + a hand-written typeof loop over the model; decide = nextBestAction (200 actions, naive Bayes of 20 predictors; dominated by the quadrature of selection probabilities); recordBytes = the decision record as JSON, median (it keeps the features the models read: the 20 predictors, whatever the width)"
  }

  return {
    boundary: {
      dataModel,
      checkNs: ns(check),
      markNs: ns(markRate),
      allocNs: ns(allocRate),
      admitLiteralMicros: round3(1e6 / admitRate),
      decodeMicros: round3(1e6 / decodeRate),
      eventResponseNs: ns(eventRate),
      eventLiteralNs: ns(literalRate),
      eventCheckNs: ns(eventCheck),
      note: "checkNs: catalog + models + request checks of nextBestAction on decoded input, per decision; markNs: marking one fresh object (allocNs: the allocation alone); admitLiteralMicros: first admission of a valid request literal (decode, compare), decodeMicros: JSON.parse + Request.decode of the same request"
    }
  }
}
