/**
 * Logged data for off-policy evaluation: one round per action a logging policy showed, with the
 * context it saw, the position it was shown at, the reward it earned and the probability with
 * which the logging policy chose it at that position.
 *
 * Three ways in:
 * - `fromRecords`: nextbest's own `DecisionRecord`s and feedback `Event`s — each chosen action is a
 *   round at its `rank`, with its recorded `selectionProbability` as the logging probability and
 *   reward 1 when a response with a positive label arrived (chosen actions whose selection
 *   probability was not estimated — NaN — are skipped and listed);
 * - `decode` (`codec`): an imported log, `{ rounds: [{ context, action, position, reward,
 *   loggingProbability }], actions? }`, every problem with its path;
 * - `fromObdCsv`: the Open Bandit Dataset's CSV shape (`item_id`, `position`, `click`,
 *   `propensity_score`, `user_feature_*`, `user-item_affinity_*`), from a string the caller read.
 *
 * Laws: the decoded log's `actions` hold every round's action, sorted and distinct; `positions` is
 * the largest position; every logging probability lies in (0, 1].
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import {
  array,
  collect,
  expectObject,
  failAt,
  field,
  finite,
  integerIn,
  nonEmptyString,
  numberIn,
  optionalField,
  struct,
  type Codec
} from "../kernel/internal/codec.js"
import type { Features, FeatureValue } from "../learners/Learner.js"
import { FeaturesCodec, type DecisionRecord } from "../feedback/DecisionRecord.js"
import { decisionIdOf, type Event } from "../feedback/Event.js"
import { defaultLabels, label, type Labels } from "../feedback/Outcome.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One logged round: the logging policy showed `action` at `position` in `context` with
 * probability `loggingProbability`, and earned `reward`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Round {
  readonly context: Features
  readonly action: string
  /** 1 for the first position (a single-slot decision has only position 1) */
  readonly position: number
  readonly reward: number
  /** the probability with which the logging policy chose `action` at `position`, in (0, 1] */
  readonly loggingProbability: number
}

/**
 * A log of rounds with the actions that occur in it.
 *
 * @category model
 * @since 0.1.0
 */
export interface LoggedData {
  readonly rounds: ReadonlyArray<Round>
  /** every action of the log (and any others given), sorted and distinct */
  readonly actions: ReadonlyArray<string>
  /** the largest position of a round (0 for an empty log) */
  readonly positions: number
}

/**
 * A chosen action `fromRecords` left out, and why.
 *
 * @category model
 * @since 0.1.0
 */
export interface Skipped {
  readonly decisionId: string
  readonly actionId: string
  readonly reason: "noSelectionProbability" | "zeroSelectionProbability"
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A log from rounds (not validated: decode outside input with `codec`); `actions` adds actions
 * that a target may choose but the log never shows.
 *
 * @example
 * import { LoggedData } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const log = LoggedData.fromRounds([
 *   { context: {}, action: "b", position: 1, reward: 1, loggingProbability: 0.5 },
 *   { context: {}, action: "a", position: 2, reward: 0, loggingProbability: 0.5 }
 * ])
 * assert.deepStrictEqual([log.actions, log.positions], [["a", "b"], 2])
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromRounds = (rounds: ReadonlyArray<Round>, actions: ReadonlyArray<string> = []): LoggedData => {
  const set = new Set(actions)
  let positions = 0
  for (const round of rounds) {
    set.add(round.action)
    if (round.position > positions) positions = round.position
  }
  return { rounds, actions: [...set].sort(), positions }
}

/**
 * Options of `fromRecords`.
 *
 * @category model
 * @since 0.1.0
 */
export interface RecordOptions {
  /** which outcomes are positive (default `Outcome.defaultLabels`) */
  readonly labels?: Labels
  /** the reward of a chosen action from its responses' outcomes (default: 1 if one is positive, else 0) */
  readonly reward?: (outcomes: ReadonlyArray<string>) => number
}

/**
 * A log from nextbest's decision records and feedback events: one round per chosen action, at
 * its rank, with the record's features (and the action's own) as context, the recorded
 * selection probability as logging probability, and the reward of its responses. Events of
 * other decisions are ignored; a chosen action without a response has reward 0, so give only
 * decisions whose response window has closed.
 *
 * @example
 * import { DecisionRecord, Event, LoggedData } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const record: DecisionRecord = {
 *   decisionId: "d1", subjectId: "s1", at: 0, direction: "inbound", controlGroup: false, features: { age: 40 },
 *   actions: [{ actionId: "a", issue: "i", group: "g", channel: "web", modelKey: "a/web", rank: 1,
 *     modelPropensity: 0.1, propensity: 0.1, selectionProbability: 0.8 }]
 * }
 * const click = Event.response({ eventId: "e1", at: 5, actionId: "a", channel: "web", decision: "d1" }, "clicked")
 * const { data } = LoggedData.fromRecords([record], [click])
 * assert.deepStrictEqual(data.rounds, [
 *   { context: { age: 40 }, action: "a", position: 1, reward: 1, loggingProbability: 0.8 }
 * ])
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromRecords = (
  records: ReadonlyArray<DecisionRecord>,
  events: ReadonlyArray<Event>,
  options: RecordOptions = {}
): { readonly data: LoggedData; readonly skipped: ReadonlyArray<Skipped> } => {
  const labels = options.labels ?? defaultLabels
  const reward =
    options.reward ??
    ((outcomes: ReadonlyArray<string>) => (outcomes.some((o) => label(labels, o) === "positive") ? 1 : 0))
  const outcomes = new Map<string, Array<string>>()
  for (const event of events) {
    if (event._tag !== "Response") continue
    const key = `${decisionIdOf(event)}\u0000${event.actionId}\u0000${event.channel}`
    const list = outcomes.get(key)
    if (list === undefined) outcomes.set(key, [event.outcome])
    else list.push(event.outcome)
  }
  const rounds: Array<Round> = []
  const skipped: Array<Skipped> = []
  for (const record of records) {
    for (const chosen of record.actions) {
      const p = chosen.selectionProbability
      if (Number.isNaN(p) || p <= 0) {
        skipped.push({
          decisionId: record.decisionId,
          actionId: chosen.actionId,
          reason: Number.isNaN(p) ? "noSelectionProbability" : "zeroSelectionProbability"
        })
        continue
      }
      const key = `${record.decisionId}\u0000${chosen.actionId}\u0000${chosen.channel}`
      rounds.push({
        context: chosen.features === undefined ? record.features : { ...record.features, ...chosen.features },
        action: chosen.actionId,
        position: chosen.rank,
        reward: reward(outcomes.get(key) ?? []),
        loggingProbability: p
      })
    }
  }
  return { data: fromRounds(rounds), skipped }
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * One imported round; `loggingProbability` must lie in (0, 1] (`out_of_range` otherwise).
 *
 * @category codecs
 * @since 0.1.0
 */
export const RoundCodec: Codec<Round> = struct(
  "Round",
  {
    context: FeaturesCodec,
    action: nonEmptyString,
    position: integerIn(1, 1_000_000, "position"),
    reward: finite,
    loggingProbability: numberIn(Number.MIN_VALUE, 1, "loggingProbability")
  },
  {}
)

const RoundsCodec = array(RoundCodec)
const ActionsCodec = array(nonEmptyString)

/**
 * An imported log: `{ rounds, actions? }`; the result is `fromRounds(rounds, actions)`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<LoggedData> = new t.Type<LoggedData, unknown, unknown>(
  "LoggedData",
  (u): u is LoggedData => typeof u === "object" && u !== null && Array.isArray((u as LoggedData).rounds),
  (u, c) => {
    const o = expectObject(u, c, "a LoggedData object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    for (const key of Object.keys(o.right)) {
      if (key !== "rounds" && key !== "actions" && key !== "positions")
        failAt(errors, c, key, o.right[key], "unknown_key", `unknown key "${key}" in LoggedData`)
    }
    const rounds = field(RoundsCodec, o.right, "rounds", c, errors)
    const actions = optionalField(ActionsCodec, o.right, "actions", c, errors)
    return errors.length > 0 || rounds === undefined ? t.failures(errors) : t.success(fromRounds(rounds, actions ?? []))
  },
  (data) => ({ rounds: data.rounds.map((r) => RoundCodec.encode(r)), actions: data.actions })
)

/**
 * Decodes an imported log.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, LoggedData> = decodeWith(codec)

const OBD_REQUIRED = ["item_id", "position", "click", "propensity_score"] as const

const cellValue = (cell: string): number | string => {
  const trimmed = cell.trim()
  if (trimmed === "") return trimmed
  const n = Number(trimmed)
  return Number.isNaN(n) ? trimmed : n
}

/**
 * The Open Bandit Dataset's CSV (a string): a header with `item_id`, `position`, `click`,
 * `propensity_score` and optionally `user_feature_*` (kept as string features) and
 * `user-item_affinity_*` (number features); other columns (the row index, `timestamp`) are
 * ignored. Actions are the item ids as strings. Cells are not quoted (the dataset's files are
 * not). Problems are reported at `header` or at the data row's number (from 1) and the round's
 * field, e.g. `$["12"].loggingProbability`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ObdCsvCodec: t.Type<LoggedData, unknown, unknown> = new t.Type<LoggedData, unknown, unknown>(
  "ObdCsv",
  (u): u is LoggedData => codec.is(u),
  (u, c) => {
    if (typeof u !== "string") {
      const errors: Array<t.ValidationError> = []
      failAt(errors, c, "header", u, u === undefined ? "required" : "invalid_type", "expected a CSV string")
      return t.failures(errors)
    }
    const lines = u.split(/\r?\n/)
    const header = (lines[0] ?? "").split(",").map((h) => h.trim())
    const errors: Array<t.ValidationError> = []
    const index = (name: string): number => header.indexOf(name)
    for (const name of OBD_REQUIRED) {
      if (index(name) < 0) failAt(errors, c, "header", lines[0] ?? "", "required", `missing column "${name}"`)
    }
    if (errors.length > 0) return t.failures(errors)
    const [iItem, iPosition, iClick, iProbability] = OBD_REQUIRED.map(index) as [number, number, number, number]
    const features: Array<readonly [number, string, boolean]> = []
    header.forEach((h, i) => {
      if (h.startsWith("user_feature_")) features.push([i, h, false])
      else if (h.startsWith("user-item_affinity_")) features.push([i, h, true])
    })
    const rounds: Array<Round> = []
    let row = 0
    for (let l = 1; l < lines.length; l++) {
      const line = lines[l] as string
      if (line.trim() === "") continue
      row++
      const cells = line.split(",")
      const key = String(row)
      if (cells.length !== header.length) {
        failAt(
          errors,
          c,
          key,
          line.slice(0, 60),
          "invalid_value",
          `expected ${header.length} cells, found ${cells.length}`
        )
        continue
      }
      const context: Record<string, FeatureValue> = {}
      for (const [i, name, numeric] of features) {
        const cell = (cells[i] as string).trim()
        context[name] = numeric ? cellValue(cell) : cell
      }
      const raw = {
        context,
        action: (cells[iItem] as string).trim(),
        position: cellValue(cells[iPosition] as string),
        reward: cellValue(cells[iClick] as string),
        loggingProbability: cellValue(cells[iProbability] as string)
      }
      const before = errors.length
      const decoded = collect(RoundCodec.validate(raw, t.appendContext(c, key, RoundCodec, raw)), errors)
      if (decoded !== undefined && errors.length === before) rounds.push(decoded)
    }
    return errors.length > 0 ? t.failures(errors) : t.success(fromRounds(rounds))
  },
  (data) => data
)

/**
 * Reads an Open Bandit Dataset CSV string (see `ObdCsvCodec`).
 *
 * @example
 * import { LoggedData } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const csv = ",timestamp,item_id,position,click,propensity_score,user_feature_0\n0,2019-11-24,3,1,1,0.5,ab\n"
 * const log = LoggedData.fromObdCsv(csv)
 * assert.ok(log._tag === "Right")
 * assert.deepStrictEqual(log.right.rounds[0], {
 *   context: { user_feature_0: "ab" }, action: "3", position: 1, reward: 1, loggingProbability: 0.5
 * })
 *
 * @category codecs
 * @since 0.1.0
 */
export const fromObdCsv: (csv: string) => E.Either<DecodeError, LoggedData> = decodeWith(ObdCsvCodec)
