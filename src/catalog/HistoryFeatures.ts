/**
 * History-derived features: predictors that the models read from the subject's interaction
 * history — how many times each outcome happened in the last n days, and how many days ago the
 * last one was — computed at decision time by `Interactions.predictors` and recorded with the
 * decision, so that feedback learns from exactly what the models saw.
 *
 * Opt-in (`historyFeatures` in the catalog, or `options.historyFeatures` in a request), over
 * three scopes, each with its own names (`<o>` an outcome, `<n>` a window in days):
 *
 * | scope | counts the interactions of | feature names |
 * |---|---|---|
 * | `subject` (default) | the subject, all actions | `history.<o>.<n>d`, `history.<o>.daysSince` |
 * | `group` | the candidate's issue › group | `history.group.<o>.<n>d`, `history.group.<o>.daysSince` |
 * | `action` | the candidate action | `history.action.<o>.<n>d`, `history.action.<o>.daysSince` |
 *
 * Counts are whole numbers over `(now − n days, now]`; `daysSince` is fractional days since the
 * last one at or before `now`, `null` (missing) when there was none. Interactions on every channel
 * count. Subject features are the same for every candidate; group and action features differ per
 * candidate.
 *
 * Laws:
 * - Order-free: the features do not depend on the order of the history.
 * - Interactions after `now` change nothing.
 * - `names(spec)` lists exactly the keys the scopes add.
 * - The codec round-trips: `decode(encode(h))` is `h`.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { predictors } from "../feedback/Interactions.js"
import { failure } from "../kernel/DecodeError.js"
import type { History, Interaction } from "../kernel/History.js"
import type { Instant } from "../kernel/Time.js"
import type { Features } from "../learners/Learner.js"
import { array, collect, failAt, isRecord, numberIn, oneOf, stringOrStrings, struct, type Codec } from "../policies/Codecs.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Whose interactions a history feature counts: the subject's, the candidate's group's, or the
 * candidate action's.
 *
 * @category model
 * @since 0.1.0
 */
export type HistoryScope = "subject" | "group" | "action"

/**
 * Which history features to compute: for each outcome and scope, a count per window (in days)
 * and the days since the last one.
 *
 * @category model
 * @since 0.1.0
 */
export interface HistoryFeatures {
  readonly outcomes: ReadonlyArray<string>
  readonly windowsDays: ReadonlyArray<number>
  /** default `["subject"]` */
  readonly scopes?: ReadonlyArray<HistoryScope>
}

/**
 * What a group or action scope counts for: one candidate.
 *
 * @category model
 * @since 0.1.0
 */
export interface HistoryTarget {
  readonly actionId: string
  readonly issue: string
  readonly group: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A history-features setting.
 *
 * @example
 * import { HistoryFeatures } from "nextbest"
 * import * as assert from "node:assert"
 * const spec = HistoryFeatures.historyFeatures(["impression", "accepted"], [7, 30], ["subject", "action"])
 * assert.deepStrictEqual(HistoryFeatures.names(spec).slice(0, 3), ["history.impression.7d", "history.impression.30d", "history.impression.daysSince"])
 *
 * @category constructors
 * @since 0.1.0
 */
export const historyFeatures = (outcomes: ReadonlyArray<string>, windowsDays: ReadonlyArray<number>, scopes?: ReadonlyArray<HistoryScope>): HistoryFeatures =>
  scopes === undefined ? { outcomes, windowsDays } : { outcomes, windowsDays, scopes }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const PREFIX: Readonly<Record<HistoryScope, string>> = { subject: "history", group: "history.group", action: "history.action" }

/**
 * The scopes of a setting (`["subject"]` when none are named).
 *
 * @category operations
 * @since 0.1.0
 */
export const scopesOf = (spec: HistoryFeatures): ReadonlyArray<HistoryScope> => spec.scopes ?? ["subject"]

/**
 * The feature names a setting adds, scope by scope (in the order of `scopes`), then outcome by
 * outcome: the windows' counts, then `daysSince`. Use them to configure a learner's predictors.
 *
 * @category operations
 * @since 0.1.0
 */
export const names = (spec: HistoryFeatures): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const scope of scopesOf(spec)) {
    for (const outcome of spec.outcomes) {
      for (const days of spec.windowsDays) out.push(`${PREFIX[scope]}.${outcome}.${days}d`)
      out.push(`${PREFIX[scope]}.${outcome}.daysSince`)
    }
  }
  return out
}

/**
 * The history oldest first (the same array when it already is; else a sorted copy, stable).
 *
 * @category operations
 * @since 0.1.0
 */
export const oldestFirst = (history: History): History => {
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as Interaction).at < (history[i - 1] as Interaction).at) return [...history].sort((a, b) => a.at - b.at)
  }
  return history
}

/**
 * Whether a setting has features that differ per candidate (group or action scope).
 *
 * @category operations
 * @since 0.1.0
 */
export const perCandidate = (spec: HistoryFeatures): boolean => scopesOf(spec).some((s) => s !== "subject")

/**
 * The subject-scope features at `now` (empty when the setting has no subject scope). `history`
 * must be oldest first (see `oldestFirst`).
 *
 * @category operations
 * @since 0.1.0
 */
export const subjectFeatures = (spec: HistoryFeatures, history: History, now: Instant): Features =>
  scopesOf(spec).includes("subject") ? predictors(history, now, { outcomes: spec.outcomes, windowsDays: spec.windowsDays, prefix: PREFIX.subject }) : {}

/**
 * The group- and action-scope features of one candidate at `now` (empty when the setting has
 * neither). `history` must be oldest first.
 *
 * @example
 * import { HistoryFeatures } from "nextbest"
 * import * as assert from "node:assert"
 * const DAY = 86_400_000
 * const seen = (day: number, actionId: string) => ({ at: day * DAY, actionId, issue: "Sales", group: "Cards", channel: "web", outcome: "impression" })
 * const spec = HistoryFeatures.historyFeatures(["impression"], [7], ["action"])
 * const history = [seen(1, "Gold"), seen(5, "Silver"), seen(9, "Gold")]
 * assert.deepStrictEqual(HistoryFeatures.candidateFeatures(spec, history, 10 * DAY, { actionId: "Gold", issue: "Sales", group: "Cards" }), {
 *   "history.action.impression.7d": 1,
 *   "history.action.impression.daysSince": 1
 * })
 *
 * @category operations
 * @since 0.1.0
 */
export const candidateFeatures = (spec: HistoryFeatures, history: History, now: Instant, target: HistoryTarget): Features => {
  let out: Record<string, unknown> | undefined
  for (const scope of scopesOf(spec)) {
    if (scope === "subject") continue
    const where = scope === "action" ? { actionId: target.actionId } : { issue: target.issue, group: target.group }
    const some = predictors(history, now, { outcomes: spec.outcomes, windowsDays: spec.windowsDays, where, prefix: PREFIX[scope] })
    out = out === undefined ? { ...some } : Object.assign(out, some)
  }
  return (out ?? {}) as Features
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const MAX_DAYS = 36_600

const windowDays: Codec<number> = new t.Type<number, unknown, unknown>(
  "window",
  (u): u is number => typeof u === "number" && u > 0 && u <= MAX_DAYS,
  (u, c) => {
    const r = numberIn(0, MAX_DAYS, "window").validate(u, c)
    if (r._tag === "Left") return r
    return r.right > 0 ? r : failure(u, c, "out_of_range", "expected a window of more than 0 days")
  },
  (a) => a
)

const windows = array(windowDays)

const someWindows: Codec<ReadonlyArray<number>> = new t.Type<ReadonlyArray<number>, unknown, unknown>(
  "windows",
  (u): u is ReadonlyArray<number> => windows.is(u) && u.length > 0,
  (u, c) => (Array.isArray(u) && u.length === 0 ? failure(u, c, "invalid_value", "expected at least one window") : windows.validate(u, c)),
  (a) => windows.encode(a)
)

const SettingStruct = struct(
  "history features",
  { outcomes: stringOrStrings, windowsDays: someWindows },
  { scopes: array(oneOf(["subject", "group", "action"] as const, "scope")) }
)

const duplicates = <A>(errors: Array<t.ValidationError>, c: t.Context, key: string, values: ReadonlyArray<A> | undefined, what: string): void => {
  if (values === undefined) return
  const seen = new Set<A>()
  values.forEach((v, i) => {
    if (seen.has(v)) failAt(errors, t.appendContext(c, key, t.unknown, values), String(i), v, "duplicate_id", `duplicate ${what} ${JSON.stringify(v)}`)
    seen.add(v)
  })
}

/**
 * The setting as JSON: `{ outcomes, windowsDays, scopes? }` — `outcomes` one name or several,
 * `windowsDays` at least one window in (0, 36600] days, `scopes` any of `"subject"`, `"group"`,
 * `"action"`; repeats are reported (`duplicate_id`), a window of 0 days too (`out_of_range`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const HistoryFeaturesCodec: Codec<HistoryFeatures> = new t.Type<HistoryFeatures, unknown, unknown>(
  "history features",
  (u): u is HistoryFeatures => isRecord(u) && Array.isArray(u["outcomes"]) && Array.isArray(u["windowsDays"]),
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const spec = collect(SettingStruct.validate(u, c), errors)
    if (spec !== undefined) {
      duplicates(errors, c, "outcomes", spec.outcomes, "outcome")
      duplicates(errors, c, "windowsDays", spec.windowsDays, "window")
      duplicates(errors, c, "scopes", spec.scopes, "scope")
    }
    return errors.length > 0 || spec === undefined ? t.failures(errors) : t.success(spec.scopes === undefined ? { outcomes: spec.outcomes, windowsDays: spec.windowsDays } : spec)
  },
  (a) => SettingStruct.encode(a)
)
