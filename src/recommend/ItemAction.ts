/**
 * Item-recommendation actions: one catalog action that stands for an item table (`Items`). For a
 * subject, collaborative filtering (`Neighbours.candidates`) proposes the top `candidates` items —
 * by their similarity to the subject's recent positive items, popular items for a subject without
 * any — and each becomes a candidate of the normal pipeline of `nextBestAction`: the action's
 * availability, channels, treatments and policies, then the item's own `eligibility` rule, the
 * contact policies, the learner's propensity, thresholds and arbitration against the catalog's
 * other actions, with the item in the decision, its trace and its record.
 *
 * An item candidate of action `Recs` and item `sku-1` is the action `Recs/sku-1` (so that events,
 * suppressions and traces name it as they name any action), with `item: "sku-1"` on its `Choice`
 * and its record's `ChosenAction`. Its rules and value expression see the item as the fact `item`
 * (`item.stock > 0`, `{ fact: "item.margin" }`); its model sees the request's features and
 * `item.score` (the CF score) and the attributes listed in `features` as `item.<name>`, so a
 * learner with predictors may use the CF score. Each item learns in a model of its own
 * (`model: "item"`, the default: `Recs/sku-1@web`), or all share the action's (`model: "action"`:
 * `Recs@web`, with the item features telling them apart).
 *
 * Items the subject already owns are never proposed: its recent positive items, and the item ids
 * at the fact path `owned` (e.g. `subject.owned`) when given.
 *
 * The spec as JSON: `{ action, eligibility?, value?, candidates? (20), recent? (20), positive?
 * (["accepted", "clicked"]), owned?, features?, model? }`; `compile` reports every problem with
 * its path, and that the action exists in the catalog (`unknown_reference`), that no catalog action
 * id begins with `<action>/` (`duplicate_id`), and that fact paths start at `item`, `subject` or
 * `context` (`unknown_path`).
 *
 * Laws: `codec` round-trips; `decide` is pure (same inputs, same decision) and returns only items
 * that passed every stage.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import type { Catalog, CompiledAction, CompiledChannel } from "../catalog/Catalog.js"
import { codec as ValueCodec, compile as compileValue, type Value } from "../catalog/Value.js"
import type { Decision } from "../decide/Decision.js"
import { admitModels, admitRequest } from "../decide/internal/boundary.js"
import { nextBestAction } from "../decide/NextBestAction.js"
import { facts as factsOf, type Request } from "../decide/Request.js"
import { decodeWith, failure, type DecodeError } from "../kernel/DecodeError.js"
import {
  array,
  integerIn,
  isRecord,
  nonEmptyString,
  oneOf,
  pushErrors,
  struct,
  type Codec,
  collect
} from "../kernel/internal/codec.js"
import { mark } from "../kernel/internal/decoded.js"
import { getter } from "../kernel/internal/Facts.js"
import type { FeatureValue, Features } from "../learners/Learner.js"
import { modelKey, type Models } from "../learners/Models.js"
import { FAMILIES, type Check, type Resolved } from "../policies/Engagement.js"
import { codec as RuleCodec, compile as compileRule, factPaths, type Rule } from "../rules/Rule.js"
import type { Event } from "../feedback/Event.js"
import type { History } from "../history/History.js"
import type { Observation } from "./CoOccurrence.js"
import { candidates as candidatesOf, type Neighbours } from "./Neighbours.js"
import { indexOf, record, value as attribute, type Items } from "./Items.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item-recommendation action as authored (see the module's header).
 *
 * @category model
 * @since 0.1.0
 */
export interface Spec {
  /** the catalog action that stands for the item table */
  readonly action: string
  /** the item's own eligibility, over `item.*` (and `subject.*`, `context.*`) */
  readonly eligibility?: Rule
  /** the item's value V (absent: the action's value) */
  readonly value?: Value
  /** how many items CF proposes to the pipeline (default 20) */
  readonly candidates?: number
  /** how many of the subject's latest positive items CF starts from (default 20) */
  readonly recent?: number
  /** the outcomes in the history that make an item a positive one (default accepted, clicked) */
  readonly positive?: ReadonlyArray<string>
  /** a fact path holding the ids of the items the subject owns, never proposed */
  readonly owned?: string
  /** item attributes the models see as `item.<name>`, besides `item.score` */
  readonly features?: ReadonlyArray<string>
  /** one model per item (default) or one for the action's items */
  readonly model?: "item" | "action"
}

/**
 * An item-recommendation action compiled against its catalog.
 *
 * @category model
 * @since 0.1.0
 */
export interface ItemAction {
  readonly _tag: "ItemAction"
  readonly spec: Spec
  readonly catalog: Catalog
  /** the catalog action it stands for */
  readonly action: CompiledAction
  readonly candidates: number
  readonly recent: number
  readonly positive: ReadonlySet<string>
  /** the lookup of the owned items' ids in the request's facts (`spec.owned`) */
  readonly owned: ((facts: unknown) => unknown) | undefined
  readonly features: ReadonlyArray<string>
  readonly model: "item" | "action"
  /** the action's checks with the item's eligibility last among its eligibility rules */
  readonly checks: Resolved
  readonly checkList: ReadonlyArray<Check>
  /** an item's value V, compiled: the spec's expression over `item.*`, or the action's value */
  readonly value: CompiledAction["value"]
}

/**
 * What a decision with items reads besides the catalog: the item table and the neighbour lists
 * built over the same item indices.
 *
 * @category model
 * @since 0.1.0
 */
export interface Sources {
  readonly items: Items
  readonly neighbours: Neighbours
}

/**
 * Per decision: `recent`, item ids the subject responded to positively outside nextbest's history
 * (e.g. purchases), oldest first; they count before the history's positives.
 *
 * @category model
 * @since 0.1.0
 */
export interface Options {
  readonly recent?: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

const SpecStruct = struct(
  "item action",
  { action: nonEmptyString },
  {
    eligibility: RuleCodec,
    value: ValueCodec,
    candidates: integerIn(1, 10_000, "candidates"),
    recent: integerIn(1, 10_000, "recent"),
    positive: array(nonEmptyString),
    owned: nonEmptyString,
    features: array(nonEmptyString),
    model: oneOf(["item", "action"] as const, "model")
  }
)

/**
 * An item-recommendation action as JSON (see the module's header); whether its action exists is
 * checked by `compile`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Spec> = SpecStruct as unknown as Codec<Spec>

const ROOTS = new Set(["item", "subject", "context"])

const valuePaths = (v: Value): Array<string> => {
  const out: Array<string> = []
  const stack: Array<Value> = [v]
  while (stack.length > 0) {
    const x = stack.pop() as Value
    if (x._tag === "Fact") out.push(x.path)
    else if (x._tag === "Sum") stack.push(...x.terms)
    else if (x._tag === "Product") stack.push(...x.factors)
    else if (x._tag === "Min" || x._tag === "Max") stack.push(...x.values)
  }
  return out
}

const entry = (c: t.Context, key: string, actual: unknown): t.Context => [...c, { key, type: t.unknown, actual }]

const specFor = (catalog: Catalog): Codec<Spec> =>
  new t.Type<Spec, unknown, unknown>(
    "item action",
    (u): u is Spec => isRecord(u) && typeof u["action"] === "string",
    (u, c) => {
      const errors: Array<t.ValidationError> = []
      const spec = collect(SpecStruct.validate(u, c), errors)
      // the cross-checks read the raw input leniently, so that they are reported with the structural problems
      const raw = isRecord(u) ? u : {}
      const report = (key: string, actual: unknown, code: Parameters<typeof failure>[2], message: string): void => {
        const r = failure<never>(actual, entry(c, key, actual), code, message)
        if (E.isLeft(r)) pushErrors(errors, r.left)
      }
      const id = raw["action"]
      if (typeof id === "string" && id.length > 0) {
        if (!catalog.actions.some((a) => a.id === id))
          report("action", id, "unknown_reference", `unknown action "${id}" in the catalog`)
        const clash = catalog.actions.find((a) => a.id.startsWith(`${id}/`))
        if (clash !== undefined)
          report(
            "action",
            id,
            "duplicate_id",
            `the catalog action "${clash.id}" would clash with the item actions "${id}/<item>"`
          )
      }
      const rule = raw["eligibility"] === undefined ? undefined : RuleCodec.decode(raw["eligibility"])
      const value = raw["value"] === undefined ? undefined : ValueCodec.decode(raw["value"])
      const paths = [
        ...(rule === undefined || E.isLeft(rule) ? [] : factPaths(rule.right).map((p) => ["eligibility", p] as const)),
        ...(value === undefined || E.isLeft(value) ? [] : valuePaths(value.right).map((p) => ["value", p] as const))
      ]
      for (const [key, path] of paths)
        if (!ROOTS.has(path.split(".")[0] ?? ""))
          report(key, path, "unknown_path", `fact path "${path}" must start at item, subject or context`)
      return errors.length > 0 || spec === undefined ? t.failures(errors) : t.success(spec)
    },
    (spec) => SpecStruct.encode(spec)
  )

/**
 * Decodes an item-recommendation action and compiles it against its catalog, reporting every
 * problem with its path.
 *
 * @example
 * import { Catalog, ItemAction } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Shop" }] }],
 *   actions: [{ id: "Recs", issue: "Sales", group: "Shop", channels: [{ channel: "web", direction: "inbound" }] }]
 * })
 * assert.ok(catalog._tag === "Right")
 * const ok = ItemAction.compile(catalog.right, {
 *   action: "Recs",
 *   eligibility: { op: "gt", fact: "item.stock", value: 0 },
 *   value: { fact: "item.margin" }
 * })
 * assert.ok(ok._tag === "Right")
 * const bad = ItemAction.compile(catalog.right, { action: "Shop", value: { fact: "stock" }, candidates: 0 })
 * assert.ok(bad._tag === "Left")
 * assert.deepStrictEqual(
 *   bad.left.problems.map((p) => [p.path, p.code]),
 *   [
 *     ["$.candidates", "out_of_range"],
 *     ["$.action", "unknown_reference"],
 *     ["$.value", "unknown_path"]
 *   ]
 * )
 *
 * @category constructors
 * @since 0.1.0
 */
export const compile = (catalog: Catalog, json: unknown): E.Either<DecodeError, ItemAction> => {
  const decoded = decodeWith(specFor(catalog))(json)
  if (E.isLeft(decoded)) return decoded
  const spec = decoded.right
  const action = catalog.actions.find((a) => a.id === spec.action) as CompiledAction
  const own: ReadonlyArray<Check> =
    spec.eligibility === undefined
      ? []
      : [
          {
            family: "eligibility",
            level: "action",
            scope: `${action.id}/<item>`,
            rule: spec.eligibility,
            test: compileRule(spec.eligibility),
            slot: -1,
            failure: { _tag: "PolicyFailed", family: "eligibility", level: "action", scope: `${action.id}/<item>` }
          }
        ]
  const checks: Resolved = {
    eligibility: [...action.checks.eligibility, ...own],
    applicability: action.checks.applicability,
    suitability: action.checks.suitability
  }
  return E.right(
    mark({
      _tag: "ItemAction",
      spec,
      catalog,
      action,
      candidates: spec.candidates ?? 20,
      recent: spec.recent ?? 20,
      positive: new Set(spec.positive ?? ["accepted", "clicked"]),
      owned: spec.owned === undefined ? undefined : getter(spec.owned),
      features: spec.features ?? [],
      model: spec.model ?? "item",
      checks,
      checkList: FAMILIES.flatMap((f) => checks[f]),
      value: spec.value === undefined ? action.value : compileValue(spec.value)
    })
  )
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The subject's recent positive items, as item indices, oldest first (at most `recent` distinct
 * ones, the latest): `options.recent`, then the history's interactions with an item of the action
 * whose outcome is positive.
 *
 * @example
 * import { Catalog, ItemAction, Items } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Shop" }] }],
 *   actions: [{ id: "Recs", issue: "Sales", group: "Shop", channels: [{ channel: "web", direction: "inbound" }] }]
 * })
 * assert.ok(catalog._tag === "Right")
 * const recs = ItemAction.compile(catalog.right, { action: "Recs" })
 * const items = Items.decode({ ids: ["tent", "stove", "mat"] })
 * assert.ok(recs._tag === "Right" && items._tag === "Right")
 * const seen = (item: string, outcome: string) =>
 *   ({ at: 1, actionId: `Recs/${item}`, issue: "Sales", group: "Shop", channel: "web", outcome })
 * const request = {
 *   subject: { id: "c-1", history: [seen("mat", "accepted"), seen("stove", "rejected")] },
 *   context: { now: 2, channel: "web" }
 * }
 * assert.deepStrictEqual(ItemAction.recentItems(recs.right, items.right, request, { recent: ["tent"] }), [0, 2])
 *
 * @category operations
 * @since 0.1.0
 */
export const recentItems = (
  itemAction: ItemAction,
  items: Items,
  request: Request,
  options: Options = {}
): ReadonlyArray<number> => {
  const prefix = `${itemAction.action.id}/`
  const all: Array<number> = []
  for (const id of options.recent ?? []) {
    const i = indexOf(items, id)
    if (i >= 0) all.push(i)
  }
  for (const x of request.subject.history ?? []) {
    if (!x.actionId.startsWith(prefix) || !itemAction.positive.has(x.outcome)) continue
    const i = indexOf(items, x.actionId.slice(prefix.length))
    if (i >= 0) all.push(i)
  }
  // the latest `recent` distinct items, oldest first
  const seen = new Set<number>()
  const out: Array<number> = []
  for (let k = all.length - 1; k >= 0 && out.length < itemAction.recent; k--) {
    const i = all[k] as number
    if (!seen.has(i)) {
      seen.add(i)
      out.push(i)
    }
  }
  return out.reverse()
}

/**
 * What a feedback event teaches the co-occurrence counts: for a positive response (by the item
 * action's `positive` outcomes) to one of its items, the `CoOccurrence.Observation` of that item
 * after the subject's positive items in `history` (the history before the event); `undefined` for
 * any other event. Feed the observations to `CoOccurrence.observe` to learn incrementally.
 *
 * @example
 * import { Catalog, CoOccurrence, Event, ItemAction, Items } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Shop" }] }],
 *   actions: [{ id: "Recs", issue: "Sales", group: "Shop", channels: [{ channel: "web", direction: "inbound" }] }]
 * })
 * assert.ok(catalog._tag === "Right")
 * const recs = ItemAction.compile(catalog.right, { action: "Recs" })
 * const items = Items.decode({ ids: ["tent", "stove", "mat"] })
 * assert.ok(recs._tag === "Right" && items._tag === "Right")
 * const history = [
 *   { at: 1, actionId: "Recs/tent", issue: "Sales", group: "Shop", channel: "web", outcome: "accepted" }
 * ]
 * const on = { eventId: "e-1", at: 2, actionId: "Recs/mat", channel: "web", decision: "d-1" }
 * const event = Event.response(on, "clicked")
 * const o = ItemAction.observation(recs.right, items.right, history, event)
 * assert.deepStrictEqual(o, { previous: [0], item: 2 })
 * const co = CoOccurrence.observe(CoOccurrence.fromHistories([[0]]), o === undefined ? [] : [o])
 * assert.strictEqual(CoOccurrence.pairCount(co, 0, 2), 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const observation = (
  itemAction: ItemAction,
  items: Items,
  history: History,
  event: Event
): Observation | undefined => {
  if (event._tag !== "Response" || !itemAction.positive.has(event.outcome)) return undefined
  const prefix = `${itemAction.action.id}/`
  if (!event.actionId.startsWith(prefix)) return undefined
  const item = indexOf(items, event.actionId.slice(prefix.length))
  if (item < 0) return undefined
  const previous: Array<number> = []
  for (const x of history) {
    if (!x.actionId.startsWith(prefix) || !itemAction.positive.has(x.outcome)) continue
    const i = indexOf(items, x.actionId.slice(prefix.length))
    if (i >= 0) previous.push(i)
  }
  return { previous, item }
}

const ownedItems = (itemAction: ItemAction, items: Items, request: Request): ReadonlySet<number> | undefined => {
  if (itemAction.owned === undefined) return undefined
  const owned = itemAction.owned(factsOf(request))
  if (!Array.isArray(owned)) return undefined
  const out = new Set<number>()
  for (const id of owned as ReadonlyArray<unknown>) {
    if (typeof id !== "string") continue
    const i = indexOf(items, id)
    if (i >= 0) out.add(i)
  }
  return out
}

/** the item candidates as compiled actions of one decision */
const expand = (
  itemAction: ItemAction,
  sources: Sources,
  picks: ReadonlyArray<{ readonly item: number; readonly score: number }>,
  firstModel: number
): { readonly actions: Array<CompiledAction>; readonly models: number } => {
  const { action, model } = itemAction
  const { items } = sources
  let next = firstModel
  const out: Array<CompiledAction> = []
  const { model: _shared, attributes: _attributes, ...ownModel } = action
  for (const pick of picks) {
    const itemId = items.ids[pick.item] as string
    const id = `${action.id}/${itemId}`
    const features: Record<string, FeatureValue> = { "item.score": pick.score }
    for (const name of itemAction.features) {
      const v = attribute(items, pick.item, name)
      features[`item.${name}`] = v === undefined ? null : v
    }
    const channels = action.channels.map((ch): CompiledChannel => ({
      ...ch,
      modelKey: model === "item" ? modelKey(id, ch.channel) : ch.modelKey,
      target: { ...ch.target, actionId: id },
      model: model === "item" ? next++ : ch.model
    }))
    out.push({
      // an item's own model (`model: "item"`) is not its action's shared one: no `action.*` attributes
      ...(model === "item" ? ownModel : action),
      id,
      checks: itemAction.checks,
      checkList: itemAction.checkList,
      value: itemAction.value,
      channels,
      item: { id: itemId, facts: record(items, pick.item), features: features as Features }
    })
  }
  return { actions: out, models: next - firstModel }
}

const byId = (a: CompiledAction, b: CompiledAction): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Decides with items: CF proposes the item candidates for the request's subject, and
 * `nextBestAction` runs on the catalog with the item action replaced by one action per proposed
 * item (see the module's header). Throws, as `nextBestAction` does, only on models or a request
 * that were not decoded.
 *
 * @example
 * import { Catalog, CoOccurrence, ItemAction, Items, Models, Neighbours, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Shop" }] }],
 *   actions: [{ id: "Recs", issue: "Sales", group: "Shop", channels: [{ channel: "web", direction: "inbound" }] }]
 * })
 * assert.ok(catalog._tag === "Right")
 * const items = Items.decode({ ids: ["tent", "stove", "mat", "lamp"], attributes: { stock: [5, 0, 2, 9] } })
 * assert.ok(items._tag === "Right")
 * // tent, stove and mat are bought together; the lamp alone
 * const co = CoOccurrence.fromHistories([[0, 1, 2], [0, 1], [0, 2], [3]])
 * const neighbours = Neighbours.build(co)
 * const recs = ItemAction.compile(catalog.right, {
 *   action: "Recs",
 *   eligibility: { op: "gt", fact: "item.stock", value: 0 }
 * })
 * assert.ok(recs._tag === "Right")
 * const decision = ItemAction.decide(
 *   recs.right,
 *   { items: items.right, neighbours },
 *   Models.empty(ThompsonSampling.thompsonSampling()),
 *   {
 *     decisionId: "d-1",
 *     subject: { id: "c-1" },
 *     context: { now: Date.UTC(2024, 4, 1), channel: "web", limit: 2 },
 *     options: { controlGroup: false }
 *   },
 *   { recent: ["tent"] }
 * )
 * // the stove is out of stock; mat and lamp are ranked by their models' draws
 * assert.deepStrictEqual(decision.actions.map((a) => a.item).sort(), ["lamp", "mat"])
 * assert.deepStrictEqual(
 *   decision.excluded.filter((e) => e.stage === "eligibility").map((e) => e.actionId),
 *   ["Recs/stove"]
 * )
 * assert.match(decision.record.actions[0]?.modelKey ?? "", /^Recs\/(mat|lamp)@web$/)
 *
 * @category decide
 * @since 0.1.0
 */
export const decide = <S>(
  itemAction: ItemAction,
  sources: Sources,
  models: Models<S>,
  request: Request,
  options: Options = {}
): Decision => {
  // the request is read (its history) before `nextBestAction` sees it: refused here as there, loudly, when it
  // skipped the boundary
  admitModels("ItemAction.decide", models)
  admitRequest("ItemAction.decide", request)
  const { catalog } = itemAction
  const recent = recentItems(itemAction, sources.items, request, options)
  const owned = ownedItems(itemAction, sources.items, request)
  const picks = candidatesOf(
    sources.neighbours,
    recent,
    owned === undefined ? { n: itemAction.candidates } : { n: itemAction.candidates, exclude: owned }
  ).filter((c) => c.item < sources.items.ids.length)
  const expanded = expand(itemAction, sources, picks, catalog.modelCount)
  expanded.actions.sort(byId)
  // the catalog's actions (sorted by id) without the item action, merged with the items' (sorted by id)
  const actions: Array<CompiledAction> = []
  const base = catalog.actions
  let j = 0
  for (const a of base) {
    if (a === itemAction.action) continue
    while (j < expanded.actions.length && byId(expanded.actions[j] as CompiledAction, a) < 0)
      actions.push(expanded.actions[j++] as CompiledAction)
    actions.push(a)
  }
  while (j < expanded.actions.length) actions.push(expanded.actions[j++] as CompiledAction)
  const derived: Catalog = mark({ ...catalog, actions, modelCount: catalog.modelCount + expanded.models })
  return nextBestAction(derived, models, request)
}
