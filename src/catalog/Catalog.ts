/**
 * The catalog: every action with its taxonomy (issues › groups › actions), the engagement policies
 * at every level, the contact policies (suppressions and contact limits), context weights,
 * thresholds, and the arbitration settings — decoded once from JSON (or built with typed
 * constructors) and compiled once, then reused for every decision.
 *
 * `catalog(json)` reports every problem with its path and a stable code: wrong types and
 * non-finite numbers, weights out of range, rules that do not decode, duplicate ids
 * (`duplicate_id`), actions or policies naming an issue or group that does not exist
 * (`unknown_reference`), unknown keys (`unknown_key`), names that contain a key separator
 * (`invalid_value`: `@` in a channel name, U+0000 in an action id, channel, issue or group name — so
 * that model keys and group keys are unambiguous, see `Models`; `@` or U+0000 in a shared model's
 * name, or a shared model named like an action, whose keys would collide).
 *
 * Model keys: an action's model on a channel is its own, `<id>@<channel>` (`Models.modelKey`), or,
 * when the action names a shared model (`Action.model`), the shared `<model>@<channel>`; the
 * candidates of an action with a shared model are scored with the request's features plus the
 * action's properties as `action.<name>` (`CompiledAction.attributes`), and the decision record
 * keeps them, so that feedback teaches the shared model with the action's attributes.
 *
 * Compiling resolves everything that does not depend on the request: actions are sorted by id
 * (so the order in which they are listed never matters), inherited policies are resolved and their
 * rules compiled to closures, levers multiplied out, the thresholds of every action × channel
 * looked up, suppressions compiled, and candidates indexed by channel.
 *
 * Laws:
 * - `codec` round-trips: `decode(encode(spec))` is `spec`.
 * - Permuting the actions (or issues, groups, rows of any table other than thresholds with equal
 *   keys) gives a catalog that decides identically.
 *
 * Size: ~850 lines: the spec, its codec and the cross-field checks that need the whole catalog
 * (ids, references, journeys) in one place; actions, values, journeys and data models have their
 * own modules.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import {
  codec as ContextWeightCodec,
  groupKey,
  match as matchContextWeights,
  type ContextWeight,
  type Matched
} from "../arbitration/ContextWeight.js"
import { lever, WeightCodec } from "../arbitration/Lever.js"
import { allFactors, FactorsCodec, withSwitches, type EvaluationClass, type Factors } from "../arbitration/Priority.js"
import { codec as ThresholdCodec, lookup, type Threshold } from "../arbitration/Threshold.js"
import type { Direction } from "../kernel/Direction.js"
import { decodeWith, failure, type DecodeError, type ProblemCode } from "../kernel/DecodeError.js"
import type { Facts } from "../kernel/internal/Facts.js"
import type { Instant } from "../kernel/Time.js"
import type { FeatureValue, Features, Prior } from "../learners/Learner.js"
import { checkName, groupCodec, issueCodec } from "../kernel/internal/names.js"
import { modelKey, type ModelKey } from "../learners/Models.js"
import * as SelectionPolicy from "../learners/SelectionPolicy.js"
import {
  array,
  boolean,
  collect,
  integerIn,
  isFull,
  isRecord,
  nonEmptyString,
  numberIn,
  omit,
  oneOf,
  pushErrors,
  struct,
  type Codec,
  stringField,
  arrayField
} from "../kernel/internal/codec.js"
import { codec as ContactLimitCodec, type ContactLimit } from "../policies/ContactLimit.js"
import { FAMILIES, PoliciesCodec, resolver, type Check, type Policies, type Resolved } from "../policies/Engagement.js"
import {
  compile as compileSuppression,
  codec as SuppressionCodec,
  type Active,
  type HistoryIndex,
  type Suppression,
  type Target
} from "../policies/Suppression.js"
import { compile as compileRule, type Rule } from "../rules/Rule.js"
import { codec as ActionCodec, type Action, type Properties } from "./Action.js"
import type { Availability } from "./Availability.js"
import { always } from "./Availability.js"
import {
  compile as compileHistoryFeatures,
  codec as HistoryFeaturesCodec,
  type CompiledHistoryFeatures,
  type HistoryFeatures
} from "../history/HistoryFeatures.js"
import { compile as compileValue } from "./Value.js"
import { mark } from "../kernel/internal/decoded.js"
import { checkCatalog, codec as DataModelCodec, type DataModel } from "./DataModel.js"
import { checkAll as checkJourneys, codec as JourneyCodec, compile as compileJourney } from "./Journey.js"
import type { Compiled as CompiledJourney, Journey } from "./Journey.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A group of actions within an issue (e.g. Sales › Cards), with its lever weight and policies.
 *
 * @category model
 * @since 0.1.0
 */
export interface Group {
  readonly name: string
  readonly weight?: number
  readonly policies?: Policies
}

/**
 * A business issue (e.g. Sales, Retention, Service), its groups, lever weight and policies.
 *
 * @category model
 * @since 0.1.0
 */
export interface Issue {
  readonly name: string
  readonly weight?: number
  readonly policies?: Policies
  readonly groups: ReadonlyArray<Group>
}

/**
 * How a share of subjects is put in the random control group: `share` of them (default 0.02),
 * chosen by a stable hash of subject id and period (`month` by default: membership holds for a
 * calendar month, UTC).
 *
 * @category model
 * @since 0.1.0
 */
export interface ControlGroupSettings {
  readonly share?: number
  readonly period?: "day" | "week" | "month" | "forever"
}

/**
 * Arbitration settings of the catalog (a request may override them).
 *
 * @category model
 * @since 0.1.0
 */
export interface ArbitrationSettings {
  /** switches for P, C, V and L (absent: on) */
  readonly factors?: Partial<Factors>
  /** non-mandatory actions per group in one decision */
  readonly maxPerGroup?: number
  /** channels one action may be returned on in a multi-channel decision (default 1) */
  readonly channelsPerAction?: number
  /** how the ranking picks: greedy (default), ε-greedy or uniform random */
  readonly selection?: SelectionPolicy.SelectionPolicy
}

/**
 * Threshold tables.
 *
 * @category model
 * @since 0.1.0
 */
export interface Thresholds {
  readonly propensity?: ReadonlyArray<Threshold>
  readonly priority?: ReadonlyArray<Threshold>
}

/**
 * A catalog as authored (the decoded JSON).
 *
 * @category model
 * @since 0.1.0
 */
export interface Spec {
  readonly issues: ReadonlyArray<Issue>
  readonly actions: ReadonlyArray<Action>
  /** rules for every action (the global level) */
  readonly policies?: Policies
  readonly suppressions?: ReadonlyArray<Suppression>
  readonly contactLimits?: ReadonlyArray<ContactLimit>
  readonly contextWeights?: ReadonlyArray<ContextWeight>
  readonly thresholds?: Thresholds
  readonly arbitration?: ArbitrationSettings
  readonly controlGroup?: ControlGroupSettings
  /** false: decide on starting propensities only, for every action (default true) */
  readonly analytics?: boolean
  /** history-derived features for the models (default: none; see `HistoryFeatures`) */
  readonly historyFeatures?: HistoryFeatures
  /**
   * the subject's and the context's attributes with their types (default: none, nothing checked);
   * with it, fact paths and operators are checked when decoding (see `DataModel`)
   */
  readonly dataModel?: DataModel
  /**
   * which features a decision record keeps: `"models"` (the default) the features the models'
   * learner reads (`Learner.reads`), `"all"` every feature of the request, or a list of feature
   * names kept besides the models' (e.g. what a challenger strategy reads, for off-policy
   * evaluation from the logs)
   */
  readonly recordFeatures?: RecordFeatures
  /**
   * customer journeys: stages in order, each with its actions and entry criteria (see `Journey`);
   * a decision admits only the actions of the subject's stage (or the next one when its entry
   * criteria hold)
   */
  readonly journeys?: ReadonlyArray<Journey>
}

/**
 * Which features a decision record keeps (see `Spec.recordFeatures`).
 *
 * @category model
 * @since 0.1.0
 */
export type RecordFeatures = "models" | "all" | ReadonlyArray<string>

/**
 * A treatment, compiled.
 *
 * @category model
 * @since 0.1.0
 */
export interface CompiledTreatment {
  readonly id: string
  readonly placements?: ReadonlyArray<string>
  readonly rule?: Rule
  /** the treatment's eligibility rule, compiled (absent: always eligible) */
  readonly test?: (facts: Facts, now?: Instant) => boolean
}

/**
 * One channel of one action, compiled: its model key and its thresholds, looked up once.
 *
 * @category model
 * @since 0.1.0
 */
export interface CompiledChannel {
  readonly channel: string
  readonly direction: Direction
  readonly modelKey: ModelKey
  readonly treatments?: ReadonlyArray<CompiledTreatment>
  readonly propensityThreshold?: Threshold
  readonly priorityThreshold?: Threshold
  /** what suppressions check: this action on this channel */
  readonly target: Target
  /** this action × channel's number in the catalog, from 0 (for tables by model; actions sharing a model have
   * different numbers and the same `modelKey`) */
  readonly model: number
}

/**
 * One action, compiled: everything a decision needs that does not depend on the request.
 *
 * @category model
 * @since 0.1.0
 */
export interface CompiledAction {
  readonly id: string
  readonly issue: string
  readonly group: string
  readonly action: Action
  /** the action's properties (the authored object itself; absent: none) */
  readonly properties?: Properties
  readonly evaluation: EvaluationClass
  readonly analytics: boolean
  readonly availability: Availability
  readonly checks: Resolved
  /** every check of `checks`, families in checking order */
  readonly checkList: ReadonlyArray<Check>
  /** the action's value expression, compiled: V for the decision's facts */
  readonly value: (facts: Facts) => number
  readonly lever: number
  readonly prior?: Prior
  readonly startingPropensity: number
  readonly channels: ReadonlyArray<CompiledChannel>
  /** the shared model that scores the action (`Action.model`; its channels' keys are `<model>@<channel>`) */
  readonly model?: string
  /**
   * what a shared model sees of the action besides the request's features: its properties as
   * `action.<name>` (absent without a shared model, or without properties)
   */
  readonly attributes?: Features
  /**
   * one item of an item-recommendation action (`ItemAction`), absent for a plain action: its
   * rules, value and treatments see the item as the fact `item`, its model the item's features
   */
  readonly item?: CompiledItem
}

/**
 * One item of an item-recommendation action, as a decision's candidate (see `ItemAction`).
 *
 * @category model
 * @since 0.1.0
 */
export interface CompiledItem {
  readonly id: string
  /** the fact `item`: `{ id, <attribute>: value }` */
  readonly facts: Readonly<Record<string, unknown>>
  /** what the models see besides the request's features (`item.score`, chosen attributes) */
  readonly features: Features
}

/**
 * A compiled catalog: decode it once, decide many times.
 *
 * @category model
 * @since 0.1.0
 */
export interface Catalog {
  readonly _tag: "Catalog"
  readonly spec: Spec
  /** sorted by id */
  readonly actions: ReadonlyArray<CompiledAction>
  /** the number of shared (global, issue, group) rules, each evaluated once per decision */
  readonly sharedRules: number
  /** the number of action × channel pairs (`CompiledChannel.model` runs from 0 to this) */
  readonly modelCount: number
  /** the suppressions, compiled: each tells whether it holds for a candidate over the history */
  readonly suppressions: ReadonlyArray<(index: HistoryIndex, target: Target) => Active | undefined>
  readonly contactLimits: ReadonlyArray<ContactLimit>
  /** the context-weight rows, compiled: the matched weights for the context's attributes */
  readonly contextWeights: (attributes: Readonly<Record<string, unknown>>) => Matched
  readonly factors: Factors
  readonly maxPerGroup?: number
  readonly channelsPerAction: number
  readonly selection: SelectionPolicy.SelectionPolicy
  readonly controlGroup: Required<ControlGroupSettings>
  readonly analytics: boolean
  /** the history features setting, compiled */
  readonly historyFeatures?: CompiledHistoryFeatures
  /** what records keep besides the models' features: every feature (`"all"`), or these names */
  readonly recordFeatures: "all" | ReadonlyArray<string>
  /** the journeys, compiled (empty without journeys) */
  readonly journeys: ReadonlyArray<CompiledJourney>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A group. Throws a `TypeError` when the name contains U+0000 (the separator of group keys).
 *
 * @category constructors
 * @since 0.1.0
 */
export const group = (name: string, options: Omit<Group, "name"> = {}): Group => {
  checkName("Catalog.group", "group", name)
  return { name, ...options }
}

/**
 * An issue with its groups. Throws a `TypeError` when the name contains U+0000 (the separator of
 * group keys).
 *
 * @category constructors
 * @since 0.1.0
 */
export const issue = (
  name: string,
  groups: ReadonlyArray<Group>,
  options: Omit<Issue, "name" | "groups"> = {}
): Issue => {
  checkName("Catalog.issue", "issue", name)
  return { name, ...options, groups }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const GroupCodec: Codec<Group> = struct("group", { name: groupCodec }, { weight: WeightCodec, policies: PoliciesCodec })
const IssueCodec: Codec<Issue> = struct(
  "issue",
  { name: issueCodec, groups: array(GroupCodec) },
  { weight: WeightCodec, policies: PoliciesCodec }
)

const InverseGapCodec = struct(
  "inverse gap weighting",
  { gamma: numberIn(0, Number.MAX_VALUE, "gamma") },
  { floor: numberIn(0, 1, "floor") }
)

/**
 * The selection policy as JSON: `"greedy"`, `"uniformRandom"`, `{ "epsilonGreedy": ε }` or
 * `{ "inverseGap": { "gamma": γ, "floor": f } }` (floor optional, default 0).
 *
 * @category codecs
 * @since 0.1.0
 */
export const SelectionCodec: Codec<SelectionPolicy.SelectionPolicy> = new t.Type<
  SelectionPolicy.SelectionPolicy,
  unknown,
  unknown
>(
  "selection",
  (u): u is SelectionPolicy.SelectionPolicy => isRecord(u) && typeof u["_tag"] === "string",
  (u, c) => {
    if (u === "greedy") return t.success(SelectionPolicy.greedy)
    if (u === "uniformRandom") return t.success(SelectionPolicy.uniformRandom)
    if (isRecord(u) && Object.keys(u).length === 1 && "epsilonGreedy" in u) {
      const eps = numberIn(0, 1, "epsilon").validate(
        u["epsilonGreedy"],
        t.appendContext(c, "epsilonGreedy", t.unknown, u["epsilonGreedy"])
      )
      return E.isLeft(eps) ? eps : t.success(SelectionPolicy.epsilonGreedy(eps.right))
    }
    if (isRecord(u) && Object.keys(u).length === 1 && "inverseGap" in u) {
      const igw = InverseGapCodec.validate(
        u["inverseGap"],
        t.appendContext(c, "inverseGap", t.unknown, u["inverseGap"])
      )
      return E.isLeft(igw) ? igw : t.success(SelectionPolicy.inverseGap(igw.right.gamma, igw.right.floor ?? 0))
    }
    return failure(
      u,
      c,
      "invalid_value",
      'expected "greedy", "uniformRandom", { "epsilonGreedy": number in [0, 1] } or { "inverseGap": { "gamma": number ≥ 0, "floor"?: number in [0, 1] } }'
    )
  },
  (p) =>
    SelectionPolicy.match<unknown>({
      Greedy: () => "greedy",
      UniformRandom: () => "uniformRandom",
      EpsilonGreedy: (epsilon) => ({ epsilonGreedy: epsilon }),
      InverseGap: (gamma, floor) => ({ inverseGap: floor === 0 ? { gamma } : { gamma, floor } })
    })(p)
)

const ArbitrationCodec: Codec<ArbitrationSettings> = struct(
  "arbitration",
  {},
  {
    factors: FactorsCodec,
    maxPerGroup: integerIn(1, 1_000_000, "maxPerGroup"),
    channelsPerAction: integerIn(1, 1_000, "channelsPerAction"),
    selection: SelectionCodec
  }
)

const ControlGroupCodec: Codec<ControlGroupSettings> = struct(
  "control group",
  {},
  { share: numberIn(0, 1, "share"), period: oneOf(["day", "week", "month", "forever"] as const, "period") }
)

const ThresholdsCodec: Codec<Thresholds> = struct(
  "thresholds",
  {},
  { propensity: array(ThresholdCodec), priority: array(ThresholdCodec) }
)

const RecordFeaturesCodec: Codec<RecordFeatures> = new t.Type<RecordFeatures, unknown, unknown>(
  "record features",
  (u): u is RecordFeatures =>
    u === "models" || u === "all" || (Array.isArray(u) && u.every((x) => typeof x === "string" && x.length > 0)),
  (u, c) =>
    typeof u === "string"
      ? u === "models" || u === "all"
        ? t.success(u)
        : failure(u, c, "invalid_value", 'expected "models", "all" or a list of feature names')
      : Array.isArray(u)
        ? array(nonEmptyString).validate(u, c)
        : failure(u, c, "invalid_type", 'expected "models", "all" or a list of feature names'),
  (a) => a
)

const SpecStruct = struct(
  "catalog",
  { issues: array(IssueCodec), actions: array(ActionCodec) },
  {
    policies: PoliciesCodec,
    suppressions: array(SuppressionCodec),
    contactLimits: array(ContactLimitCodec),
    contextWeights: array(ContextWeightCodec),
    thresholds: ThresholdsCodec,
    arbitration: ArbitrationCodec,
    controlGroup: ControlGroupCodec,
    analytics: boolean,
    historyFeatures: HistoryFeaturesCodec,
    dataModel: DataModelCodec,
    recordFeatures: RecordFeaturesCodec,
    journeys: array(JourneyCodec)
  }
)

type Key = string | number

interface CrossProblem {
  readonly keys: ReadonlyArray<Key>
  readonly code: ProblemCode
  readonly message: string
  readonly found: unknown
}

const str = stringField
const list = arrayField

/**
 * The problems that involve more than one field — duplicate ids, unknown references, ambiguous or
 * out-of-range thresholds — read leniently from the raw input, so that they are reported together
 * with the structural problems.
 */
const crossCheck = (u: unknown): ReadonlyArray<CrossProblem> => {
  const problems: Array<CrossProblem> = []
  const push = (keys: ReadonlyArray<Key>, code: ProblemCode, message: string, found: unknown): void => {
    problems.push({ keys, code, message, found })
  }
  const issues = new Map<string, Set<string>>()
  list(u, "issues").forEach((issue, i) => {
    const name = str(issue, "name")
    if (name === undefined) return
    if (issues.has(name)) push(["issues", i, "name"], "duplicate_id", `duplicate issue "${name}"`, name)
    const groups = issues.get(name) ?? new Set<string>()
    list(issue, "groups").forEach((g, j) => {
      const gname = str(g, "name")
      if (gname === undefined) return
      if (groups.has(gname))
        push(["issues", i, "groups", j, "name"], "duplicate_id", `duplicate group "${gname}" in issue "${name}"`, gname)
      groups.add(gname)
    })
    issues.set(name, groups)
  })
  const reference = (keys: ReadonlyArray<Key>, row: unknown): void => {
    const issue = str(row, "issue")
    const group = str(row, "group")
    if (issue === undefined) {
      if (group !== undefined && isRecord(row) && row["issue"] === undefined)
        push([...keys, "issue"], "required", "required: a group is named within its issue", undefined)
      return
    }
    const groups = issues.get(issue)
    if (groups === undefined) push([...keys, "issue"], "unknown_reference", `unknown issue "${issue}"`, issue)
    else if (group !== undefined && !groups.has(group))
      push([...keys, "group"], "unknown_reference", `unknown group "${group}" in issue "${issue}"`, group)
  }
  const ids = new Set<string>()
  const shared: Array<readonly [number, string]> = []
  list(u, "actions").forEach((a, i) => {
    const model = str(a, "model")
    if (model !== undefined) shared.push([i, model])
    const id = str(a, "id")
    if (id !== undefined) {
      if (ids.has(id)) push(["actions", i, "id"], "duplicate_id", `duplicate action id "${id}"`, id)
      ids.add(id)
    }
    reference(["actions", i], a)
    const channels = new Set<string>()
    const treatments = new Set<string>()
    list(a, "channels").forEach((ch, j) => {
      const name = str(ch, "channel")
      if (name !== undefined) {
        if (channels.has(name))
          push(
            ["actions", i, "channels", j, "channel"],
            "duplicate_id",
            `duplicate channel "${name}" in action "${id ?? ""}"`,
            name
          )
        channels.add(name)
      }
      list(ch, "treatments").forEach((tr, k) => {
        const tid = str(tr, "id")
        if (tid === undefined) return
        if (treatments.has(tid))
          push(
            ["actions", i, "channels", j, "treatments", k, "id"],
            "duplicate_id",
            `duplicate treatment id "${tid}" in action "${id ?? ""}"`,
            tid
          )
        treatments.add(tid)
      })
    })
  })
  // a shared model's key `<model>@<channel>` would be the action's own `<id>@<channel>`
  for (const [i, model] of shared)
    if (ids.has(model))
      push(
        ["actions", i, "model"],
        "invalid_value",
        `shared model "${model}" is named like an action: its model keys would be that action's own`,
        model
      )
  const unique = (key: string, what: string): void => {
    const seen = new Set<string>()
    list(u, key).forEach((x, i) => {
      const id = str(x, "id")
      if (id === undefined) return
      if (seen.has(id)) push([key, i, "id"], "duplicate_id", `duplicate ${what} id "${id}"`, id)
      seen.add(id)
    })
  }
  unique("suppressions", "suppression")
  unique("contactLimits", "contact limit")
  list(u, "contextWeights").forEach((w, i) => reference(["contextWeights", i], w))
  const thresholds = isRecord(u) ? u["thresholds"] : undefined
  for (const table of ["propensity", "priority"] as const) {
    const seen = new Set<string>()
    list(thresholds, table).forEach((row, i) => {
      const keys = ["thresholds", table, i]
      reference(keys, row)
      const k = JSON.stringify([str(row, "direction"), str(row, "channel"), str(row, "issue"), str(row, "group")])
      if (seen.has(k)) push(keys, "duplicate_id", `duplicate ${table} threshold for the same keys`, row)
      seen.add(k)
      const minimum = isRecord(row) ? row["minimum"] : undefined
      if (
        table === "propensity" &&
        typeof minimum === "number" &&
        Number.isFinite(minimum) &&
        (minimum < 0 || minimum > 1)
      ) {
        push([...keys, "minimum"], "out_of_range", "expected a propensity threshold in [0, 1]", minimum)
      }
    })
  }
  if (isRecord(u) && u["journeys"] !== undefined) {
    const actionIds = list(u, "actions").flatMap((a) => {
      const id = str(a, "id")
      return id === undefined ? [] : [id]
    })
    for (const f of checkJourneys(u["journeys"], actionIds)) push(f.keys, f.code, f.message, f.found)
  }
  // without a data model (or with one that does not decode) only the roots of fact paths are checked
  const declared = isRecord(u) && u["dataModel"] !== undefined ? DataModelCodec.decode(u["dataModel"]) : undefined
  const model = declared !== undefined && E.isRight(declared) ? declared.right : {}
  if (isRecord(u))
    for (const f of checkCatalog(model, u))
      problems.push({ keys: f.keys, code: f.code, message: f.message, found: f.found })
  return problems
}

/** the context of a nested key path, each entry with its actual value (io-ts prints `[i]` under arrays) */
const contextAt = (root: unknown, keys: ReadonlyArray<Key>, c: t.Context): t.Context => {
  const chain: Array<t.ContextEntry> = [...c]
  let current: unknown = root
  for (const key of keys) {
    const next: unknown =
      isRecord(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key as string] : undefined
    chain.push({ key: String(key), type: t.unknown, actual: next })
    current = next
  }
  return chain
}

/**
 * The catalog as JSON, with every cross-reference checked.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Spec> = new t.Type<Spec, unknown, unknown>(
  "catalog",
  (u): u is Spec => isRecord(u) && Array.isArray(u["actions"]) && Array.isArray(u["issues"]),
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const spec = collect(SpecStruct.validate(u, c), errors)
    for (const p of crossCheck(u)) {
      // past the cap a problem is only counted: no context built for it
      if (isFull(errors)) omit(errors, c)
      else {
        const r = failure<never>(p.found, contextAt(u, p.keys, c), p.code, p.message)
        if (E.isLeft(r)) pushErrors(errors, r.left)
      }
    }
    return errors.length > 0 || spec === undefined ? t.failures(errors) : t.success(spec)
  },
  (spec) => SpecStruct.encode(spec)
)

// -------------------------------------------------------------------------------------
// compile
// -------------------------------------------------------------------------------------

/** an action's shared model and what it sees of the action: `action.<name>` for each property */
const sharedModel = (
  model: string,
  properties: Properties | undefined
): { readonly model: string; readonly attributes?: Features } => {
  const names = properties === undefined ? [] : Object.keys(properties)
  if (names.length === 0) return { model }
  const attributes: Record<string, FeatureValue> = {}
  for (const name of names) attributes[`action.${name}`] = (properties as Properties)[name] as FeatureValue
  return { model, attributes }
}

const compileSpec = (spec: Spec): Catalog => {
  const issueByName = new Map(spec.issues.map((i) => [i.name, i]))
  const sorted = [...spec.actions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const resolve = resolver()
  const propensityRows = spec.thresholds?.propensity ?? []
  const priorityRows = spec.thresholds?.priority ?? []
  const propensityLookup = lookup(propensityRows)
  const priorityLookup = lookup(priorityRows)
  const analytics = spec.analytics ?? true
  const journeys = (spec.journeys ?? []).map(compileJourney)
  // each stage's lever weight goes to its actions
  const stageWeights = new Map<string, number>()
  for (const j of journeys)
    for (const [id, k] of j.stageOf) stageWeights.set(id, (stageWeights.get(id) ?? 0) + (j.weights[k] as number))
  let models = 0
  const actions: Array<CompiledAction> = sorted.map((a) => {
    const issue = issueByName.get(a.issue)
    const group = issue?.groups.find((g) => g.name === a.group)
    const checks = resolve.resolve(
      [
        { level: "global", scope: "*", policies: spec.policies },
        { level: "issue", scope: a.issue, policies: issue?.policies },
        { level: "group", scope: `${a.issue}/${a.group}`, key: groupKey(a.issue, a.group), policies: group?.policies }
      ],
      { id: a.id, policies: a.policies }
    )
    const channels: Array<CompiledChannel> = a.channels.map((ch) => {
      const key = { direction: ch.direction, channel: ch.channel, issue: a.issue, group: a.group }
      const p = propensityLookup(key)
      const q = priorityLookup(key)
      const treatments = ch.treatments?.map((tr): CompiledTreatment => {
        const base: CompiledTreatment =
          tr.placements === undefined ? { id: tr.id } : { id: tr.id, placements: tr.placements }
        return tr.eligibility === undefined
          ? base
          : { ...base, rule: tr.eligibility, test: compileRule(tr.eligibility) }
      })
      return {
        channel: ch.channel,
        direction: ch.direction,
        modelKey: modelKey(a.model ?? a.id, ch.channel),
        ...(treatments === undefined ? {} : { treatments }),
        ...(p === undefined ? {} : { propensityThreshold: p }),
        ...(q === undefined ? {} : { priorityThreshold: q }),
        target: { actionId: a.id, issue: a.issue, group: a.group, channel: ch.channel },
        model: models++
      }
    })
    const prior: Prior | undefined =
      a.startingPropensity === undefined
        ? undefined
        : { propensity: a.startingPropensity, evidence: a.startingEvidence ?? 0 }
    const compiled: CompiledAction = {
      id: a.id,
      issue: a.issue,
      group: a.group,
      action: a,
      evaluation: a.evaluation ?? "default",
      analytics: analytics && (a.analytics ?? true),
      availability: a.availability ?? always,
      checks,
      checkList: FAMILIES.flatMap((f) => checks[f]),
      value: a.value === undefined ? () => 1 : compileValue(a.value),
      lever: lever(a.weight ?? 0, group?.weight ?? 0, issue?.weight ?? 0, stageWeights.get(a.id) ?? 0),
      startingPropensity: a.startingPropensity ?? 0.5,
      channels,
      ...(a.properties === undefined ? {} : { properties: a.properties }),
      ...(a.model === undefined ? {} : sharedModel(a.model, a.properties))
    }
    return prior === undefined ? compiled : { ...compiled, prior }
  })
  const settings = spec.arbitration ?? {}
  const base: Catalog = {
    _tag: "Catalog",
    spec,
    actions,
    sharedRules: resolve.slots(),
    modelCount: models,
    suppressions: (spec.suppressions ?? []).map(compileSuppression),
    contactLimits: spec.contactLimits ?? [],
    contextWeights: matchContextWeights(spec.contextWeights ?? []),
    factors: withSwitches(allFactors, settings.factors),
    channelsPerAction: settings.channelsPerAction ?? 1,
    selection: settings.selection ?? SelectionPolicy.greedy,
    controlGroup: { share: spec.controlGroup?.share ?? 0.02, period: spec.controlGroup?.period ?? "month" },
    analytics,
    ...(spec.historyFeatures === undefined ? {} : { historyFeatures: compileHistoryFeatures(spec.historyFeatures) }),
    recordFeatures: spec.recordFeatures === undefined || spec.recordFeatures === "models" ? [] : spec.recordFeatures,
    journeys
  }
  return settings.maxPerGroup === undefined ? base : { ...base, maxPerGroup: settings.maxPerGroup }
}

/**
 * Decodes and compiles a catalog from JSON: every problem is reported with its path.
 *
 * @example
 * import { Catalog, DecodeError } from "nextbest"
 * import * as assert from "node:assert"
 * const result = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
 *   actions: [
 *     {
 *       id: "Gold",
 *       issue: "Sales",
 *       group: "Cards",
 *       channels: [{ channel: "web", direction: "inbound" }],
 *       weight: 25000
 *     },
 *     { id: "Gold", issue: "Sales", group: "Loans", channels: [] }
 *   ]
 * })
 * assert.ok(result._tag === "Left")
 * assert.deepStrictEqual(
 *   result.left.problems.map((p) => [p.path, p.code]),
 *   [
 *     ["$.actions[0].weight", "out_of_range"],
 *     ["$.actions[1].id", "duplicate_id"],
 *     ["$.actions[1].group", "unknown_reference"]
 *   ]
 * )
 *
 * @category constructors
 * @since 0.1.0
 */
export const catalog = (json: unknown): E.Either<DecodeError, Catalog> => {
  const decoded = decodeWith(codec)(json)
  return E.isLeft(decoded) ? decoded : E.right(mark(compileSpec(decoded.right)))
}

/**
 * Checks and compiles a catalog authored with the typed constructors (it is encoded to JSON and
 * decoded, so the same problems are reported with the same paths).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromSpec = (spec: Spec): E.Either<DecodeError, Catalog> => catalog(codec.encode(spec))

/**
 * An action of the catalog by id.
 *
 * @category utils
 * @since 0.1.0
 */
export const findAction = (c: Catalog, id: string): CompiledAction | undefined => {
  let lo = 0
  let hi = c.actions.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const a = c.actions[mid] as CompiledAction
    if (a.id === id) return a
    if (a.id < id) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}
