/**
 * Customer journeys: an ordered list of stages (awareness → interest → desire → action → service
 * → advocacy, or a car-leasing journey from awareness to referral), each with its actions, optional
 * entry criteria (a rule), an optional lapse (a time without progress that moves the subject back)
 * and an optional lever weight. An action may belong to one stage of each of several journeys.
 *
 * A subject's stage is derived, purely, from their interaction history and the journey's rules
 * (`position`, `replay`, `timeline`), documented here once:
 * 1. Everyone starts in the first stage.
 * 2. Progress: an interaction whose outcome is one of the journey's `advanceOn` outcomes (default
 *    `accepted`) on an action of stage k, when k is the current stage or a later one, moves the
 *    subject to stage k + 1 (the last stage stays the last; accepting there is still progress). An
 *    action of an earlier stage moves nothing.
 * 3. Lapse: a stage with `lapse: { days, to }` moves the subject to stage `to` (an earlier stage;
 *    default the first, i.e. out of the journey) once `days` have passed since they entered it
 *    without progress. It happens at that instant, so replaying the history to any time gives it.
 * 4. Placement by entry criteria: a subject in the first stage (no progress, or lapsed out) whose
 *    facts satisfy a later stage's entry criteria at the decision time is placed directly in the
 *    furthest such stage (a leasing customer 100 days before their lease ends starts at Offer). A
 *    subject who has progressed stays where the history put them.
 * 5. The decision's gate admits the actions of the current stage, and those of the next stage when
 *    its entry criteria hold (the subject is ready for the next step).
 *
 * Laws (checked by the property suite):
 * - A subject is in exactly one stage of each journey at any time (`position(...).index` is a
 *   stage of the journey, and the timeline's transitions chain from one stage to the next).
 * - Replay: the same history, facts and time give the same position; the position at `t` is the
 *   last stage of `timeline(journey, history, t)`.
 * - Monotone: without lapses, appending interactions never moves a subject back, and the stage at
 *   a later time is never earlier; with lapses, every move back is a lapse.
 * - The codec round-trips: `decode(encode(j))` is `j`.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { WeightCodec } from "../arbitration/Lever.js"
import type { History, Interaction } from "../history/History.js"
import { oldestFirst } from "../history/HistoryFeatures.js"
import { decodeWith, failure, type DecodeError, type ProblemCode } from "../kernel/DecodeError.js"
import {
  array,
  integerIn,
  isRecord,
  nonEmptyString,
  struct,
  type Codec,
  stringField,
  arrayField
} from "../kernel/internal/codec.js"
import { FORBIDDEN_SEGMENTS, type Facts } from "../kernel/internal/Facts.js"
import { misuse } from "../kernel/internal/misuse.js"
import { instantOf } from "../rules/internal/evaluate.js"
import { DAY_MS, type Instant } from "../kernel/Time.js"
import { codec as RuleCodec, compile as compileRule, factPaths, type Rule } from "../rules/Rule.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A time without progress after which a subject leaves a stage for an earlier one (`to`; absent:
 * the first stage, out of the journey).
 *
 * @category model
 * @since 0.1.0
 */
export interface Lapse {
  /** whole days, at least 1 */
  readonly days: number
  readonly to?: string
}

/**
 * One stage of a journey: its actions, its entry criteria, its lapse and its lever weight.
 *
 * @category model
 * @since 0.1.0
 */
export interface Stage {
  readonly name: string
  /** action ids */
  readonly actions: ReadonlyArray<string>
  /** entry criteria: place a subject of the first stage here directly, and admit this stage's actions from the
   * stage before it (not on the first stage) */
  readonly entry?: Rule
  readonly lapse?: Lapse
  /** a lever weight for this stage's actions, added to the action's, group's and issue's (`Lever`) */
  readonly weight?: number
}

/**
 * A journey: stages in order.
 *
 * @category model
 * @since 0.1.0
 */
export interface Journey {
  /** a fact path segment: no `.` (rules read `journey.<name>.stage`) */
  readonly name: string
  readonly stages: ReadonlyArray<Stage>
  /** the outcomes that count as progress (default `["accepted"]`) */
  readonly advanceOn?: ReadonlyArray<string>
  /** the fact path of the journey's key date (e.g. `subject.leaseEnd`): gives `journey.<name>.daysToEvent` */
  readonly event?: string
}

/**
 * Where a subject stands in one journey: the stage (its name and index), since when (absent: never
 * entered by progress), and how they got there.
 *
 * @category model
 * @since 0.1.0
 */
export interface Position {
  readonly journey: string
  readonly stage: string
  readonly index: number
  readonly since?: Instant
  /** `start`: the first stage; `progress`/`lapse`: the history; `entry`: placed by entry criteria */
  readonly by: "start" | "progress" | "lapse" | "entry"
}

/**
 * One move between stages in a subject's history.
 *
 * @category model
 * @since 0.1.0
 */
export interface Transition {
  readonly at: Instant
  readonly from: string
  readonly to: string
  readonly cause: "progress" | "lapse"
  /** the interaction's action, for progress */
  readonly actionId?: string
}

/**
 * A journey compiled: its stages by action, its entry criteria as closures.
 *
 * @category model
 * @since 0.1.0
 */
export interface Compiled {
  readonly journey: Journey
  /** the stages' names, in order */
  readonly names: ReadonlyArray<string>
  /** the stage index of each action of the journey */
  readonly stageOf: ReadonlyMap<string, number>
  /** each stage's entry criteria, compiled (undefined: none, and always for the first stage) */
  readonly entry: ReadonlyArray<((facts: Facts, now?: Instant) => boolean) | undefined>
  /** each stage's lapse in milliseconds (undefined: none) */
  readonly lapseMs: ReadonlyArray<number | undefined>
  /** the stage index each stage lapses to */
  readonly lapseTo: ReadonlyArray<number>
  /** the outcomes that count as progress */
  readonly advanceOn: ReadonlySet<string>
  /** each stage's lever weight */
  readonly weights: ReadonlyArray<number>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A stage. Throws a `TypeError` on an empty name or a lapse that is not a whole number of days ≥ 1.
 *
 * @category constructors
 * @since 0.1.0
 */
export const stage = (name: string, actions: ReadonlyArray<string>, options: Omit<Stage, "name" | "actions"> = {}) => {
  if (name.length === 0) return misuse("Journey.stage", "a stage needs a name")
  const d = options.lapse?.days
  if (d !== undefined && (!Number.isSafeInteger(d) || d < 1))
    return misuse("Journey.stage", `lapse.days must be a whole number ≥ 1, got ${d}`)
  return { name, actions, ...options } as Stage
}

/**
 * A journey. Throws a `TypeError` when it breaks a rule the decoder reports (see `check`), naming
 * the first problem.
 *
 * @example
 * import { Journey } from "nextbest"
 * import * as assert from "node:assert"
 * const leasing = Journey.journey("Leasing", [
 *   Journey.stage("Awareness", ["Brochure"]),
 *   Journey.stage("TestDrive", ["BookTestDrive"], { lapse: { days: 60 } }),
 *   Journey.stage("Offer", ["LeaseOffer"])
 * ])
 * assert.deepStrictEqual(
 *   Journey.position(leasing, [
 *     { at: 0, actionId: "Brochure", issue: "Sales", group: "Leasing", channel: "email", outcome: "accepted" }
 *   ], {}, 10 * 86_400_000),
 *   { journey: "Leasing", stage: "TestDrive", index: 1, since: 0, by: "progress" }
 * )
 * assert.throws(() => Journey.journey("Leasing", []), /Journey.journey/)
 *
 * @category constructors
 * @since 0.1.0
 */
export const journey = (name: string, stages: ReadonlyArray<Stage>, options: Omit<Journey, "name" | "stages"> = {}) => {
  const j: Journey = { name, ...options, stages }
  const problems = check(j)
  if (problems.length > 0) {
    const p = problems[0] as Finding
    return misuse("Journey.journey", `${p.keys.join(".")}: ${p.message}`)
  }
  return j
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

/**
 * One problem of a journey: its keys from the journey, a stable code and a message.
 *
 * @category model
 * @since 0.1.0
 */
export interface Finding {
  readonly keys: ReadonlyArray<string | number>
  readonly code: ProblemCode
  readonly message: string
  readonly found: unknown
}

const str = stringField
const list = arrayField

/**
 * Every problem of a journey (as JSON or a value) that the shape alone does not show, read leniently:
 * a name with a `.` or a forbidden segment (`invalid_value`, `forbidden_path`), no stages (`required`),
 * a duplicate stage and an action in two stages of the journey (`duplicate_id`), an unknown action
 * when `actions` is given and an unknown lapse target (`unknown_reference`), a lapse to the same or a
 * later stage (`invalid_value`: a cycle), entry criteria on the first stage (every subject starts
 * there) or entry criteria that read a journey's stage (`invalid_value`).
 *
 * @example
 * import { Journey } from "nextbest"
 * import * as assert from "node:assert"
 * const findings = Journey.check(
 *   {
 *     name: "Leasing",
 *     stages: [
 *       { name: "Awareness", actions: ["Brochure"] },
 *       { name: "Offer", actions: ["Brochure", "Lease"], lapse: { days: 30, to: "Offer" } }
 *     ]
 *   },
 *   ["Brochure"]
 * )
 * assert.deepStrictEqual(
 *   findings.map((f) => `${f.keys.join(".")} ${f.code}`),
 *   ["stages.1.actions.0 duplicate_id", "stages.1.actions.1 unknown_reference", "stages.1.lapse.to invalid_value"]
 * )
 *
 * @category destructors
 * @since 0.1.0
 */
export const check = (u: unknown, actions?: ReadonlyArray<string>): ReadonlyArray<Finding> => {
  const out: Array<Finding> = []
  const push = (keys: ReadonlyArray<string | number>, code: ProblemCode, message: string, found: unknown): void => {
    out.push({ keys, code, message, found })
  }
  const name = str(u, "name")
  if (name !== undefined) {
    if (name.includes("."))
      push(["name"], "invalid_value", `journey "${name}" contains ".": rules read journey.<name>.stage`, name)
    else if (FORBIDDEN_SEGMENTS.has(name))
      push(["name"], "forbidden_path", `journey "${name}" is a forbidden fact path segment`, name)
  }
  const stages = list(u, "stages")
  if (isRecord(u) && Array.isArray(u["stages"]) && stages.length === 0)
    push(["stages"], "required", `required: journey "${name ?? ""}" has no stages`, stages)
  const known = actions === undefined ? undefined : new Set(actions)
  const index = new Map<string, number>()
  stages.forEach((s, i) => {
    const n = str(s, "name")
    if (n === undefined) return
    if (index.has(n))
      push(["stages", i, "name"], "duplicate_id", `duplicate stage "${n}" in journey "${name ?? ""}"`, n)
    else index.set(n, i)
  })
  const owner = new Map<string, string>()
  stages.forEach((s, i) => {
    const n = str(s, "name") ?? ""
    list(s, "actions").forEach((a, k) => {
      if (typeof a !== "string") return
      const before = owner.get(a)
      if (before !== undefined)
        push(
          ["stages", i, "actions", k],
          "duplicate_id",
          `action "${a}" is in two stages of journey "${name ?? ""}": "${before}" and "${n}"`,
          a
        )
      else owner.set(a, n)
      if (known !== undefined && !known.has(a))
        push(["stages", i, "actions", k], "unknown_reference", `unknown action "${a}"`, a)
    })
    const lapse = isRecord(s) ? s["lapse"] : undefined
    const to = str(lapse, "to")
    if (to !== undefined) {
      const j = index.get(to)
      if (j === undefined) push(["stages", i, "lapse", "to"], "unknown_reference", `unknown stage "${to}"`, to)
      else if (j >= i)
        push(
          ["stages", i, "lapse", "to"],
          "invalid_value",
          `a lapse moves back: "${to}" is not a stage before "${n}" (a cycle)`,
          to
        )
    } else if (lapse !== undefined && i === 0)
      push(["stages", 0, "lapse"], "invalid_value", "the first stage cannot lapse: there is no stage before it", lapse)
    const entry = isRecord(s) ? s["entry"] : undefined
    if (entry !== undefined && i === 0)
      push(
        ["stages", 0, "entry"],
        "invalid_value",
        "the first stage has no entry criteria: every subject starts in it",
        entry
      )
    else if (entry !== undefined) {
      // a typed journey holds a rule value, JSON holds the rule's JSON form
      const rule =
        isRecord(entry) && typeof entry["_tag"] === "string"
          ? E.right(entry as unknown as Rule)
          : RuleCodec.decode(entry)
      if (E.isRight(rule) && factPaths(rule.right).some((p) => p.startsWith("journey.")))
        push(
          ["stages", i, "entry"],
          "invalid_value",
          "entry criteria cannot read a journey's stage (they place the subject)",
          entry
        )
    }
  })
  return out
}

/**
 * The problems of a catalog's `journeys` (as JSON) that need the whole catalog: duplicate journey
 * names (`duplicate_id`) and stages naming an action the catalog does not have
 * (`unknown_reference`); keys from the catalog's root. (Each journey's own problems are its codec's.)
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkAll = (journeys: unknown, actions: ReadonlyArray<string>): ReadonlyArray<Finding> => {
  if (!Array.isArray(journeys)) return []
  const out: Array<Finding> = []
  const names = new Set<string>()
  const known = new Set(actions)
  journeys.forEach((j: unknown, i) => {
    const n = str(j, "name")
    if (n !== undefined) {
      if (names.has(n))
        out.push({ keys: ["journeys", i, "name"], code: "duplicate_id", message: `duplicate journey "${n}"`, found: n })
      names.add(n)
    }
    list(j, "stages").forEach((s, k) =>
      list(s, "actions").forEach((a, m) => {
        if (typeof a === "string" && a.length > 0 && !known.has(a))
          out.push({
            keys: ["journeys", i, "stages", k, "actions", m],
            code: "unknown_reference",
            message: `unknown action "${a}"`,
            found: a
          })
      })
    )
  })
  return out
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const compiledCache = new WeakMap<Journey, Compiled>()

/**
 * A journey compiled once (cached by the journey value: the same journey gives the same object).
 *
 * @category operations
 * @since 0.1.0
 */
export const compile = (journey: Journey): Compiled => {
  const cached = compiledCache.get(journey)
  if (cached !== undefined) return cached
  const names = journey.stages.map((s) => s.name)
  const stageOf = new Map<string, number>()
  journey.stages.forEach((s, i) => {
    for (const a of s.actions) if (!stageOf.has(a)) stageOf.set(a, i)
  })
  const compiled: Compiled = {
    journey,
    names,
    stageOf,
    entry: journey.stages.map((s, i) => (s.entry === undefined || i === 0 ? undefined : compileRule(s.entry))),
    lapseMs: journey.stages.map((s) => (s.lapse === undefined ? undefined : s.lapse.days * DAY_MS)),
    lapseTo: journey.stages.map((s) => {
      const to = s.lapse?.to
      const j = to === undefined ? 0 : names.indexOf(to)
      return j < 0 ? 0 : j
    }),
    advanceOn: new Set(journey.advanceOn ?? ["accepted"]),
    weights: journey.stages.map((s) => s.weight ?? 0)
  }
  compiledCache.set(journey, compiled)
  return compiled
}

interface Walk {
  index: number
  since: Instant | undefined
  by: Position["by"]
}

const lapseUntil = (c: Compiled, w: Walk, until: Instant, out: Array<Transition> | undefined): void => {
  for (;;) {
    const ms = c.lapseMs[w.index]
    if (ms === undefined || w.since === undefined || until - w.since < ms) return
    const at = w.since + ms
    const to = c.lapseTo[w.index] as number
    if (out !== undefined) out.push({ at, from: c.names[w.index] as string, to: c.names[to] as string, cause: "lapse" })
    w.index = to
    w.since = to === 0 ? undefined : at
    w.by = to === 0 ? "start" : "lapse"
  }
}

const walk = (c: Compiled, history: History, until: Instant, out: Array<Transition> | undefined): Walk => {
  const w: Walk = { index: 0, since: undefined, by: "start" }
  const ordered = oldestFirst(history)
  const last = c.names.length - 1
  for (let i = 0; i < ordered.length; i++) {
    const x = ordered[i] as Interaction
    if (x.at > until) break
    lapseUntil(c, w, x.at, out)
    const k = c.stageOf.get(x.actionId)
    if (k === undefined || k < w.index || !c.advanceOn.has(x.outcome)) continue
    const to = k < last ? k + 1 : last
    if (to !== w.index && out !== undefined)
      out.push({
        at: x.at,
        from: c.names[w.index] as string,
        to: c.names[to] as string,
        cause: "progress",
        actionId: x.actionId
      })
    w.index = to
    w.since = x.at
    w.by = "progress"
  }
  lapseUntil(c, w, until, out)
  return w
}

/**
 * The stage the history alone puts a subject in at `until` (interactions after it are ignored):
 * progress and lapses (rules 1–3 of the module's header), no entry criteria.
 *
 * @category operations
 * @since 0.1.0
 */
export const replay = (journey: Journey, history: History, until: Instant): Position => {
  const c = compile(journey)
  const w = walk(c, history, until, undefined)
  return positionOf(c, w)
}

const positionOf = (c: Compiled, w: Walk): Position =>
  w.since === undefined
    ? { journey: c.journey.name, stage: c.names[w.index] as string, index: w.index, by: w.by }
    : { journey: c.journey.name, stage: c.names[w.index] as string, index: w.index, since: w.since, by: w.by }

/**
 * Every move between stages the history makes up to `until`, oldest first (progress and lapses).
 *
 * @category operations
 * @since 0.1.0
 */
export const timeline = (journey: Journey, history: History, until: Instant): ReadonlyArray<Transition> => {
  const out: Array<Transition> = []
  walk(compile(journey), history, until, out)
  return out
}

/**
 * A subject's position at `now`: the history's stage (`replay`), then, in the first stage, the
 * furthest later stage whose entry criteria hold on `facts` (rule 4 of the module's header).
 *
 * @category operations
 * @since 0.1.0
 */
export const position = (journey: Journey, history: History, facts: Facts, now: Instant): Position =>
  positionCompiled(compile(journey), history, facts, now)

/**
 * `position` on a compiled journey.
 *
 * @category operations
 * @since 0.1.0
 */
export const positionCompiled = (c: Compiled, history: History, facts: Facts, now: Instant): Position => {
  const w = walk(c, history, now, undefined)
  if (w.index === 0) {
    for (let k = c.names.length - 1; k > 0; k--) {
      const entry = c.entry[k]
      if (entry !== undefined && entry(facts, now))
        return { journey: c.journey.name, stage: c.names[k] as string, index: k, by: "entry" }
    }
  }
  return positionOf(c, w)
}

/**
 * Whether the gate admits an action of stage `k` to a subject in stage `current` (rule 5 of the
 * module's header): `k` is the current stage, or the next one and its entry criteria hold.
 *
 * @category operations
 * @since 0.1.0
 */
export const admits = (c: Compiled, current: number, k: number, facts: Facts, now: Instant): boolean => {
  if (k === current) return true
  if (k !== current + 1) return false
  const entry = c.entry[k]
  return entry !== undefined && entry(facts, now)
}

/**
 * Where accepting an action of stage `k` takes a subject in stage `current`: the next stage index,
 * or `undefined` when it moves nothing (an earlier stage, or the last stage again).
 *
 * @category operations
 * @since 0.1.0
 */
export const advance = (c: Compiled, current: number, k: number): number | undefined => {
  if (k < current) return undefined
  const last = c.names.length - 1
  const to = k < last ? k + 1 : last
  return to === current ? undefined : to
}

/**
 * Whole days from `now` to the journey's event date (negative after it; floor), or `undefined` when
 * the journey has no event or the fact is not a date-time.
 *
 * @category operations
 * @since 0.1.0
 */
export const daysToEvent = (journey: Journey, facts: Facts, now: Instant): number | undefined => {
  if (journey.event === undefined) return undefined
  let v: unknown = facts
  for (const segment of journey.event.split(".")) {
    if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, segment)) return undefined
    v = v[segment]
  }
  const time = instantOf(v)
  return time === null ? undefined : Math.floor((time - now) / DAY_MS)
}

/**
 * The names of the features and facts journeys give (`journey.<name>.stage`, and
 * `journey.<name>.daysToEvent` for a journey with an event).
 *
 * @category operations
 * @since 0.1.0
 */
export const names = (journeys: ReadonlyArray<Journey>): ReadonlyArray<string> =>
  journeys.flatMap((j) =>
    j.event === undefined ? [`journey.${j.name}.stage`] : [`journey.${j.name}.stage`, `journey.${j.name}.daysToEvent`]
  )

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const LapseCodec: Codec<Lapse> = struct("lapse", { days: integerIn(1, 36_500, "days") }, { to: nonEmptyString })

const StageCodec: Codec<Stage> = struct(
  "stage",
  { name: nonEmptyString, actions: array(nonEmptyString) },
  { entry: RuleCodec, lapse: LapseCodec, weight: WeightCodec }
)

const JourneyStruct = struct(
  "journey",
  { name: nonEmptyString, stages: array(StageCodec) },
  { advanceOn: array(nonEmptyString), event: nonEmptyString }
)

/**
 * A journey as JSON, with every problem of `check` (but unknown actions, which need the catalog).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Journey> = new t.Type<Journey, unknown, unknown>(
  "journey",
  (u): u is Journey => JourneyStruct.is(u),
  (u, c) => {
    const shape = JourneyStruct.validate(u, c)
    const findings = check(u)
    if (findings.length === 0) return shape
    const errors: Array<t.ValidationError> = E.isLeft(shape) ? [...shape.left] : []
    for (const f of findings) {
      let ctx: t.Context = c
      let current: unknown = u
      for (const key of f.keys) {
        current =
          isRecord(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key as string] : undefined
        ctx = t.appendContext(ctx, String(key), t.unknown, current)
      }
      const r = failure<never>(f.found, ctx, f.code, f.message)
      if (E.isLeft(r)) errors.push(...r.left)
    }
    return t.failures(errors)
  },
  (j) => JourneyStruct.encode(j)
)

/**
 * Decodes a journey from JSON: every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode = (u: unknown): E.Either<DecodeError, Journey> => decodeWith(codec)(u)

/**
 * A journey as JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = (j: Journey): unknown => codec.encode(j)
