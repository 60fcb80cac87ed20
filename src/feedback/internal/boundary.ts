/**
 * Internal: the decision records the feedback entry points admit (see `kernel/internal/decoded`),
 * and the field checks of events — in the constructors (`Event.sent`, `impression`, `response`)
 * and at the entry points. Events are not marked: an event is flat, its check is a few
 * comparisons (cheaper than a mark, an `Object.defineProperty`); its decision record, when it
 * carries one, is admitted (a marked record in one property read). Reducer inputs and deltas: `./admitted`.
 *
 * @internal
 * @since 0.1.0
 */
import { renderFound } from "../../kernel/DecodeError.js"
import { admit, isDecoded } from "../../kernel/internal/decoded.js"
import { misuse } from "../../kernel/internal/misuse.js"
import { isRecord } from "../../kernel/internal/codec.js"
import { nameProblem, type NameKind } from "../../kernel/internal/names.js"
import { isInstant } from "../../kernel/Time.js"
import { codec as DecisionRecordCodec, type DecisionRecord } from "../DecisionRecord.js"

const RECORD = { argument: "record", type: "DecisionRecord", decoder: "DecisionRecord.codec" } as const

/** `record` if decoded (or returned by `nextBestAction`) or valid; throws naming the decoder otherwise. */
export const admitRecord = (api: string, record: DecisionRecord, argument: string = RECORD.argument): DecisionRecord =>
  isDecoded(record) ? record : admit(DecisionRecordCodec, { api, ...RECORD, argument }, record)

// -------------------------------------------------------------------------------------
// the event constructors' field checks
// -------------------------------------------------------------------------------------

const at = (argument: string, key: string): string => (key === "" ? argument : `${argument}.${key}`)
const wrong = (api: string, path: string, what: string): never =>
  misuse(api, `${path}: ${what}; decode JSON events with Event.decode`)

/** a name of this kind (`actionId`, `channel`), or a refusal at `argument.key` */
export const checkNameField = (api: string, argument: string, key: string, kind: NameKind, u: unknown): void => {
  if (typeof u !== "string" || u.length === 0)
    wrong(api, at(argument, key), `expected a non-empty string, found ${renderFound(u)}`)
  const problem = nameProblem(kind, u as string)
  if (problem !== undefined) wrong(api, at(argument, key), problem)
}

/** a non-empty string, or a refusal at `argument.key` */
export const checkTextField = (api: string, argument: string, key: string, u: unknown): void => {
  if (typeof u !== "string" || u.length === 0)
    wrong(api, at(argument, key), `expected a non-empty string, found ${renderFound(u)}`)
}

/** an instant (epoch milliseconds), or a refusal at `argument.key` */
export const checkInstantField = (api: string, argument: string, key: string, u: unknown): void => {
  if (!isInstant(u))
    wrong(
      api,
      at(argument, key),
      `expected an instant (whole epoch milliseconds, years 0000–9999), found ${renderFound(u)}`
    )
}

/** a decision id or an admitted decision record, or a refusal at `argument.decision` */
export const checkDecisionField = (api: string, argument: string, u: unknown): void => {
  if (typeof u === "string") {
    if (u.length === 0) wrong(api, `${argument}.decision`, "expected a non-empty decision id")
    return
  }
  if (!isRecord(u))
    wrong(api, `${argument}.decision`, `expected a decision record or a decision id, found ${renderFound(u)}`)
  admitRecord(api, u as unknown as DecisionRecord, `${argument}.decision`)
}

/**
 * An event's fields, checked as the constructors check them (an event is flat: this is as strict
 * as decoding its value, at a few comparisons): throws naming the field and `Event.decode`.
 */
export const checkEvent = (api: string, argument: string, u: unknown): void => {
  if (!isRecord(u)) wrong(api, argument, `expected an event, found ${renderFound(u)}`)
  const e = u as Readonly<Record<string, unknown>>
  const tag = e["_tag"]
  if (tag !== "Sent" && tag !== "Impression" && tag !== "Response")
    wrong(api, `${argument}._tag`, `expected "Sent", "Impression" or "Response", found ${renderFound(tag)}`)
  checkTextField(api, argument, "eventId", e["eventId"])
  checkInstantField(api, argument, "at", e["at"])
  // names are not scanned here: an event acts only on a chosen action of its (checked) record with
  // the same action id and channel, so a name no catalog accepts matches none
  checkTextField(api, argument, "actionId", e["actionId"])
  checkTextField(api, argument, "channel", e["channel"])
  checkDecisionField(api, argument, e["decision"])
  if (tag === "Response") checkTextField(api, argument, "outcome", e["outcome"])
}
