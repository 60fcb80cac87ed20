/**
 * History-derived features: predictors that the models read from the subject's interaction
 * history — how many times each outcome happened in the last n days, and how many days ago the
 * last one was — counted at decision time with `History.count` and
 * `History.daysSinceLast`, and recorded with the decision: subject-scope features in the
 * record's `features`, group- and action-scope ones in each chosen action's `features`.
 *
 * The one history-features API of the library (names `history.<outcome>.<n>d` and
 * `history.<outcome>.daysSince`, with `group.`/`action.` after `history.` for the other scopes).
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
import { failure } from "../kernel/DecodeError.js"
import { count, daysSinceLast, type History, type Interaction, type Query } from "./History.js"
import { DAY_MS, type Instant } from "../kernel/Time.js"
import type { Features, FeatureValue } from "../learners/Learner.js"
import {
  array,
  collect,
  failAt,
  isRecord,
  numberIn,
  oneOf,
  stringOrStrings,
  struct,
  type Codec
} from "../kernel/internal/codec.js"

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
 * assert.deepStrictEqual(HistoryFeatures.names(spec).slice(0, 3), [
 *   "history.impression.7d",
 *   "history.impression.30d",
 *   "history.impression.daysSince"
 * ])
 *
 * @category constructors
 * @since 0.1.0
 */
export const historyFeatures = (
  outcomes: ReadonlyArray<string>,
  windowsDays: ReadonlyArray<number>,
  scopes?: ReadonlyArray<HistoryScope>
): HistoryFeatures => (scopes === undefined ? { outcomes, windowsDays } : { outcomes, windowsDays, scopes })

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const PREFIX: Readonly<Record<HistoryScope, string>> = {
  subject: "history",
  group: "history.group",
  action: "history.action"
}

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
    if ((history[i] as Interaction).at < (history[i - 1] as Interaction).at)
      return [...history].sort((a, b) => a.at - b.at)
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
 * A setting compiled once: the feature names and queries made up front, and per decision an index
 * of the history by action and by group, so that a candidate's features cost a few counts over its
 * own interactions.
 *
 * @category model
 * @since 0.1.0
 */
export interface CompiledHistoryFeatures {
  readonly spec: HistoryFeatures
  readonly perCandidate: boolean
  /** the subject-scope features at `now` (`history` oldest first) */
  readonly subject: (history: History, now: Instant) => Features
  /** for one decision: the group- and action-scope features of a candidate (`history` oldest first) */
  readonly candidates: (history: History, now: Instant) => (target: HistoryTarget) => Features
}

const EMPTY_FEATURES: Features = {}
const EMPTY_HISTORY: History = []

/**
 * Compiles a setting (see `CompiledHistoryFeatures`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const compile = (spec: HistoryFeatures): CompiledHistoryFeatures => {
  const scopes = scopesOf(spec)
  const queries: ReadonlyArray<Query> = spec.outcomes.map((o) => ({ outcomes: [o] }))
  const windowsMs = spec.windowsDays.map((d) => d * DAY_MS)
  /** names[o][w] for the windows, names[o][windows] for daysSince */
  const namesOf = (scope: HistoryScope): ReadonlyArray<ReadonlyArray<string>> =>
    spec.outcomes.map((o) => [
      ...spec.windowsDays.map((d) => `${PREFIX[scope]}.${o}.${d}d`),
      `${PREFIX[scope]}.${o}.daysSince`
    ])
  const fill = (
    out: Record<string, FeatureValue>,
    names: ReadonlyArray<ReadonlyArray<string>>,
    history: History,
    now: Instant
  ): void => {
    for (let o = 0; o < queries.length; o++) {
      const q = queries[o] as Query
      const n = names[o] as ReadonlyArray<string>
      for (let w = 0; w < windowsMs.length; w++)
        out[n[w] as string] = history.length === 0 ? 0 : count(history, q, now, windowsMs[w] as number)
      out[n[windowsMs.length] as string] = history.length === 0 ? null : daysSinceLast(history, q, now)
    }
  }
  const subjectNames = scopes.includes("subject") ? namesOf("subject") : undefined
  const groupNames = scopes.includes("group") ? namesOf("group") : undefined
  const actionNames = scopes.includes("action") ? namesOf("action") : undefined
  return {
    spec,
    perCandidate: groupNames !== undefined || actionNames !== undefined,
    subject: (history, now) => {
      if (subjectNames === undefined) return EMPTY_FEATURES
      const out: Record<string, FeatureValue> = {}
      fill(out, subjectNames, history, now)
      return out
    },
    candidates: (history, now) => {
      if (groupNames === undefined && actionNames === undefined) return () => EMPTY_FEATURES
      // the history by action and by group, oldest first, made on first use
      let byAction: Map<string, Array<Interaction>> | undefined
      let byGroup: Map<string, Array<Interaction>> | undefined
      const index = (key: (i: Interaction) => string): Map<string, Array<Interaction>> => {
        const m = new Map<string, Array<Interaction>>()
        for (const i of history) {
          const k = key(i)
          const list = m.get(k)
          if (list === undefined) m.set(k, [i])
          else list.push(i)
        }
        return m
      }
      return (target) => {
        const out: Record<string, FeatureValue> = {}
        if (groupNames !== undefined) {
          byGroup ??= index((i) => `${i.issue}\u0000${i.group}`)
          fill(out, groupNames, byGroup.get(`${target.issue}\u0000${target.group}`) ?? EMPTY_HISTORY, now)
        }
        if (actionNames !== undefined) {
          byAction ??= index((i) => i.actionId)
          fill(out, actionNames, byAction.get(target.actionId) ?? EMPTY_HISTORY, now)
        }
        return out
      }
    }
  }
}

/**
 * The subject-scope features at `now` (empty when the setting has no subject scope). `history`
 * must be oldest first (see `oldestFirst`).
 *
 * @category operations
 * @since 0.1.0
 */
export const subjectFeatures = (spec: HistoryFeatures, history: History, now: Instant): Features =>
  compile(spec).subject(history, now)

/**
 * The group- and action-scope features of one candidate at `now` (empty when the setting has
 * neither). `history` must be oldest first. For many candidates, `compile` once.
 *
 * @example
 * import { HistoryFeatures } from "nextbest"
 * import * as assert from "node:assert"
 * const DAY = 86_400_000
 * const seen = (day: number, actionId: string) => ({
 *   at: day * DAY,
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "web",
 *   outcome: "impression"
 * })
 * const spec = HistoryFeatures.historyFeatures(["impression"], [7], ["action"])
 * const history = [seen(1, "Gold"), seen(5, "Silver"), seen(9, "Gold")]
 * assert.deepStrictEqual(
 *   HistoryFeatures.candidateFeatures(spec, history, 10 * DAY, { actionId: "Gold", issue: "Sales", group: "Cards" }),
 *   {
 *     "history.action.impression.7d": 1,
 *     "history.action.impression.daysSince": 1
 *   }
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const candidateFeatures = (
  spec: HistoryFeatures,
  history: History,
  now: Instant,
  target: HistoryTarget
): Features => compile(spec).candidates(history, now)(target)

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
  (u, c) =>
    Array.isArray(u) && u.length === 0
      ? failure(u, c, "invalid_value", "expected at least one window")
      : windows.validate(u, c),
  (a) => windows.encode(a)
)

const SettingStruct = struct(
  "history features",
  { outcomes: stringOrStrings, windowsDays: someWindows },
  { scopes: array(oneOf(["subject", "group", "action"] as const, "scope")) }
)

const duplicates = <A>(
  errors: Array<t.ValidationError>,
  c: t.Context,
  key: string,
  values: ReadonlyArray<A> | undefined,
  what: string
): void => {
  if (values === undefined) return
  const seen = new Set<A>()
  values.forEach((v, i) => {
    if (seen.has(v))
      failAt(
        errors,
        t.appendContext(c, key, t.unknown, values),
        String(i),
        v,
        "duplicate_id",
        `duplicate ${what} ${JSON.stringify(v)}`
      )
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
export const codec: Codec<HistoryFeatures> = new t.Type<HistoryFeatures, unknown, unknown>(
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
    return errors.length > 0 || spec === undefined
      ? t.failures(errors)
      : t.success(spec.scopes === undefined ? { outcomes: spec.outcomes, windowsDays: spec.windowsDays } : spec)
  },
  (a) => SettingStruct.encode(a)
)
