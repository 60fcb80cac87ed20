/**
 * Actions: what a decision can return — an offer, a retention call, a service message. An action
 * sits in the taxonomy issue › group › action, is offered on channels (each inbound or outbound,
 * with optional treatments: the channel-specific content, each with its own eligibility), and
 * carries what arbitration needs: business value, lever weight, starting propensity and evidence,
 * availability, evaluation class and its own engagement policies.
 *
 * Defaults of absent fields: value 1, weight 0, availability always, evaluation `default`,
 * analytics on, inherit every level's policies, no starting prior, no properties, a model of its
 * own.
 *
 * Properties: a flat record of business attributes (`{ product: "card", tier: 2 }`), each a
 * string, a finite number or a boolean. The library does not interpret them; outbound capacities
 * match them (`Capacity.Scope.properties`: "all offers with product card"), and a decision's
 * `Choice` carries them. Rules do not read them; models read them only through a shared model.
 *
 * Shared model (`model`, Vowpal Wabbit's ADF style): the actions that name the same model are
 * scored and taught by one model per channel, keyed `<model>@<channel>` (`"offers"` on `"web"` is
 * `offers@web`), whose features are the request's plus the action's properties as
 * `action.<name>` — so a response to one action teaches the model that scores the others, through
 * the attributes they share. A model name may contain neither `@` nor U+0000, and the catalog
 * refuses one that is also an action id (`invalid_value`), so that a shared key never equals an
 * action's own `<id>@<channel>`. Without `model` an action has a model of its own per channel and
 * its models see no `action.*` feature.
 *
 * Names: an action id, issue or group name may not contain U+0000, a channel name neither U+0000
 * nor `@` (the separator of model keys, see `Models`): the codecs report such a name as
 * `invalid_value`, `action` and `channel` throw a `TypeError`.
 *
 * Laws: the codec round-trips (`decode(encode(a))` is `a`); absent optional fields stay absent.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"
import type { Direction } from "../kernel/Direction.js"
import { WeightCodec } from "../arbitration/Lever.js"
import type { EvaluationClass } from "../arbitration/Priority.js"
import { ActionPoliciesCodec, type ActionPolicies } from "../policies/Engagement.js"
import {
  array,
  boolean,
  isRecord,
  nonEmptyString,
  numberIn,
  oneOf,
  recordOf,
  struct,
  type Codec
} from "../kernel/internal/codec.js"
import { actionIdCodec, channelCodec, checkName, groupCodec, issueCodec, modelCodec } from "../kernel/internal/names.js"
import { codec as RuleCodec, type Rule } from "../rules/Rule.js"
import { codec as AvailabilityCodec, type Availability } from "./Availability.js"
import { codec as ValueCodec, constant, type Value } from "./Value.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Channel-specific content of an action, with its own eligibility and the placements it fits.
 *
 * @category model
 * @since 0.1.0
 */
export interface Treatment {
  readonly id: string
  readonly eligibility?: Rule
  /** the placements it fits (absent: any) */
  readonly placements?: ReadonlyArray<string>
}

/**
 * A channel an action is offered on.
 *
 * @category model
 * @since 0.1.0
 */
export interface Channel {
  readonly channel: string
  readonly direction: Direction
  readonly treatments?: ReadonlyArray<Treatment>
}

/**
 * One action of the catalog, as authored.
 *
 * @category model
 * @since 0.1.0
 */
export interface Action {
  readonly id: string
  readonly issue: string
  readonly group: string
  readonly channels: ReadonlyArray<Channel>
  /** business value V (default 1) */
  readonly value?: Value
  /** lever weight in percent (default 0) */
  readonly weight?: number
  /** the propensity to start from, p0 in [0, 1] */
  readonly startingPropensity?: number
  /** how many responses the starting propensity is worth */
  readonly startingEvidence?: number
  readonly availability?: Availability
  readonly evaluation?: EvaluationClass
  /** false: use the starting propensity instead of the models (default true) */
  readonly analytics?: boolean
  readonly policies?: ActionPolicies
  /** business attributes capacities can match (see the module's header; absent: none) */
  readonly properties?: Properties
  /**
   * the shared model that scores this action with its properties as features (see the module's
   * header; absent: a model of the action's own on each channel)
   */
  readonly model?: string
}

/**
 * The properties of an action: a flat record of strings, finite numbers and booleans.
 *
 * @category model
 * @since 0.1.0
 */
export type Properties = Readonly<Record<string, string | number | boolean>>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A treatment.
 *
 * @category constructors
 * @since 0.1.0
 */
export const treatment = (id: string, options: Omit<Treatment, "id"> = {}): Treatment => ({ id, ...options })

/**
 * A channel entry of an action. Throws a `TypeError` when the name contains `@` (the separator of
 * model keys) or U+0000.
 *
 * @category constructors
 * @since 0.1.0
 */
export const channel = (name: string, direction: Direction, treatments?: ReadonlyArray<Treatment>): Channel => {
  checkName("Action.channel", "channel", name)
  return treatments === undefined ? { channel: name, direction } : { channel: name, direction, treatments }
}

/**
 * An action. `value` may be given as a number. Throws a `TypeError` when the id, issue or group
 * contains U+0000, or a channel or model name `@` or U+0000 (the separators of the library's keys), or when
 * a property is not a string, a finite number or a boolean.
 *
 * @example
 * import { Action } from "nextbest"
 * import * as assert from "node:assert"
 * const gold = Action.action("GoldCard", {
 *   issue: "Sales",
 *   group: "Cards",
 *   channels: [Action.channel("web", "inbound")],
 *   value: 120,
 *   weight: 10,
 *   properties: { product: "card", tier: 2 }
 * })
 * assert.strictEqual(gold.id, "GoldCard")
 * assert.deepStrictEqual(gold.value, { _tag: "Constant", value: 120 })
 * assert.strictEqual(gold.properties?.product, "card")
 *
 * @category constructors
 * @since 0.1.0
 */
export const action = (
  id: string,
  fields: Omit<Action, "id" | "value"> & { readonly value?: Value | number }
): Action => {
  checkName("Action.action", "action id", id)
  checkName("Action.action", "issue", fields.issue)
  checkName("Action.action", "group", fields.group)
  for (const ch of fields.channels ?? []) checkName("Action.action", "channel", ch.channel)
  if (fields.model !== undefined) checkName("Action.action", "model", fields.model)
  for (const [key, v] of Object.entries(fields.properties ?? {}))
    if (!isPropertyValue(v))
      throw new TypeError(`Action.action: property "${key}" must be a string, a finite number or a boolean`)
  const { value, ...rest } = fields
  return value === undefined
    ? { id, ...rest }
    : { id, ...rest, value: typeof value === "number" ? constant(value) : value }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const isPropertyValue = (u: unknown): u is string | number | boolean =>
  typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

const PropertyValueCodec: t.Type<string | number | boolean, string | number | boolean, unknown> = new t.Type<
  string | number | boolean,
  string | number | boolean,
  unknown
>(
  "property",
  isPropertyValue,
  (u, c) =>
    isPropertyValue(u)
      ? t.success(u)
      : typeof u === "number"
        ? failure(u, c, "non_finite", "expected a finite number")
        : failure(u, c, "invalid_type", "expected a string, a finite number or a boolean (properties are flat)"),
  (a) => a
)

/**
 * Properties as JSON: an object of strings, finite numbers and booleans (a nested object, an
 * array or `null` is `invalid_type` at its key).
 *
 * @example
 * import { Action, DecodeError } from "nextbest"
 * import * as assert from "node:assert"
 * const result = Action.PropertiesCodec.decode({ product: "card", tier: [1] })
 * assert.ok(result._tag === "Left")
 * assert.deepStrictEqual(DecodeError.fromValidationErrors(result.left).problems.map((p) => [p.path, p.code]), [
 *   ["$.tier", "invalid_type"]
 * ])
 *
 * @category codecs
 * @since 0.1.0
 */
export const PropertiesCodec: Codec<Properties> = recordOf(PropertyValueCodec, "properties")

/**
 * A treatment as JSON: `{ id, eligibility?, placements? }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const TreatmentCodec: Codec<Treatment> = struct(
  "treatment",
  { id: nonEmptyString },
  { eligibility: RuleCodec, placements: array(nonEmptyString) }
)

/**
 * A channel entry as JSON: `{ channel, direction, treatments? }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ChannelCodec: Codec<Channel> = struct(
  "channel",
  { channel: channelCodec, direction: oneOf(["inbound", "outbound"] as const, "direction") },
  { treatments: array(TreatmentCodec) }
)

/**
 * The evaluation class as JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EvaluationClassCodec: Codec<EvaluationClass> = oneOf(
  ["default", "mandatory", "transactional"] as const,
  "evaluation"
)

const ActionStruct = struct(
  "action",
  { id: actionIdCodec, issue: issueCodec, group: groupCodec, channels: array(ChannelCodec) },
  {
    value: ValueCodec,
    weight: WeightCodec,
    startingPropensity: numberIn(0, 1, "propensity"),
    startingEvidence: numberIn(0, 1e12, "evidence"),
    availability: AvailabilityCodec,
    evaluation: EvaluationClassCodec,
    analytics: boolean,
    policies: ActionPoliciesCodec,
    properties: PropertiesCodec,
    model: modelCodec
  }
)

/**
 * An action as JSON (see `Action`; `value` a number or a value expression; `availability`
 * `"always"`, `"never"` or `{ from?, until? }`). Whether its issue and group exist is checked by
 * the catalog codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Action> = new t.Type<Action, unknown, unknown>(
  "action",
  (u): u is Action => isRecord(u) && typeof u["id"] === "string",
  (u, c) => ActionStruct.validate(u, c),
  (a) => ActionStruct.encode(a)
)
