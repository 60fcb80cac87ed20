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
 */
import { admitCatalog, admitModels, admitRequest } from "../src/decide/internal/boundary.js"
import { codec as RequestCodec, decode as decodeRequest, type Request } from "../src/decide/Request.js"
import * as Event from "../src/feedback/Event.js"
import { admitEvent } from "../src/feedback/internal/admitted.js"
import { mark } from "../src/kernel/internal/decoded.js"
import { prepare } from "./decision.js"
import { opsPerSecond, round3 } from "./harness.js"

const log = (message: string): void => {
  process.stderr.write(`  boundary: ${message}\n`)
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

  return {
    boundary: {
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
