/**
 * The record a decision leaves behind for learning and for off-policy evaluation: which actions
 * were chosen, with which propensities and with what probability, and the features the models
 * saw. `nextBestAction` writes it; feedback events refer to it.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"
import type { Direction } from "../kernel/Direction.js"
import {
  array,
  boolean,
  done,
  expectObject,
  failAt,
  field,
  finiteNumber,
  instant,
  integerAtLeast,
  isNonEmptyString,
  isRecord,
  nonEmptyString,
  oneOf,
  optionalField,
  probability,
  recordOf,
  selectionProbability as SelectionProbabilityCodec,
  setOwn,
  sortedKeys,
  text,
  unknownKeys
} from "../kernel/internal/codec.js"
import type { FeatureValue, Features } from "../learners/Learner.js"
import { modelKey as modelKeyOf, type ModelKey } from "../learners/Models.js"
import type { Instant } from "../kernel/Time.js"
import { mark } from "../kernel/internal/decoded.js"
import { modelCodec } from "../kernel/internal/names.js"
import { AdvanceCodec, type Advance } from "./Progression.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One action a decision returned.
 *
 * @category model
 * @since 0.1.0
 */
export interface ChosenAction {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
  readonly treatment?: string
  /**
   * the item, when the action is an item recommendation (`ItemAction`): `actionId` is
   * `<action>/<item>`, and `modelKey` the item's model (`Models.modelKey(actionId, channel)`) or,
   * when the items share their action's model, `Models.modelKey(<action>, channel)`
   */
  readonly item?: string
  /**
   * the shared model that scored it, when its catalog action names one (`Action.model`): then
   * `modelKey` is `Models.modelKey(model, channel)`
   */
  readonly model?: string
  /** the model that scored it and that its response teaches */
  readonly modelKey: ModelKey
  /** 1 for the first action returned on its channel or placement */
  readonly rank: number
  /** the model's propensity, before exploration */
  readonly modelPropensity: number
  /** the learner's raw score at decision time (`Score.modelScore`), when the learner has one */
  readonly modelScore?: number
  /** the propensity used in arbitration (after exploration or the control group's random draw) */
  readonly propensity: number
  /**
   * the probability with which the policy returned this action (for off-policy evaluation); NaN
   * when the decision did not estimate it (no exact method applies and `selectionDraws` is 0, the default) —
   * snapshots write it as `null`
   */
  readonly selectionProbability: number
  /**
   * how `selectionProbability` was obtained: `deterministic` (no randomness: 1), `exact` (a
   * formula), `quadrature` (a one-dimensional integral over Beta exploration draws, to 1e-10) or
   * `monteCarlo` (an estimate from re-drawn randomness; `NaN` when no draws were made)
   */
  readonly selectionMethod?: "deterministic" | "exact" | "quadrature" | "monteCarlo"
  /**
   * features this action's model saw in addition to the record's `features` (history features of
   * the action's group or of the action itself, an item's features, a shared model's `action.*`
   * attributes — which differ per action): the model saw
   * `{ ...record.features, ...features }`
   */
  readonly features?: Features
  /** what a response would do to the subject's journey stages (`Progression.Advance`), when the action is in a
   * journey */
  readonly advances?: ReadonlyArray<Advance>
}

/**
 * What a decision leaves for learning and evaluation.
 *
 * @category model
 * @since 0.1.0
 */
export interface DecisionRecord {
  readonly decisionId: string
  readonly subjectId: string
  /** the decision time (`now` of the request) */
  readonly at: Instant
  readonly direction: Direction
  /** whether the subject was in the random control group */
  readonly controlGroup: boolean
  /** the features as the models saw them */
  readonly features: Features
  readonly actions: ReadonlyArray<ChosenAction>
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const typeProblem = <A>(u: unknown, c: t.Context, expected: string): t.Validation<A> =>
  u === undefined
    ? failure(u, c, "required", `required: expected ${expected}`)
    : failure(u, c, "invalid_type", `expected ${expected}`)

const isFeatureValue = (u: unknown): u is FeatureValue =>
  u === null || typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

/**
 * One predictor value: a finite number, a string, a boolean or null.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FeatureValueCodec = new t.Type<FeatureValue, FeatureValue, unknown>(
  "FeatureValue",
  isFeatureValue,
  (u, c) =>
    isFeatureValue(u)
      ? t.success(u)
      : typeof u === "number"
        ? failure(u, c, "non_finite", "expected a finite number, a string, a boolean or null")
        : typeProblem(u, c, "a finite number, a string, a boolean or null"),
  (v) => v
)

/**
 * The features a model saw; `undefined` values are dropped on encoding (they read as missing either
 * way), and the keys are written in canonical (sorted) order, so that a snapshot's bytes do not
 * depend on the key order of the request's attributes.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FeaturesCodec: t.Type<Features, Readonly<Record<string, FeatureValue>>, unknown> = new t.Type<
  Features,
  Readonly<Record<string, FeatureValue>>,
  unknown
>(
  "Features",
  (u): u is Features => isRecord(u) && Object.keys(u).every((k) => u[k] === undefined || isFeatureValue(u[k])),
  (u, c) => recordOf(FeatureValueCodec, "Features").validate(u, c),
  (features) => {
    const out: Record<string, FeatureValue> = {}
    for (const key of sortedKeys(features)) {
      const value = features[key]
      if (value !== undefined) setOwn(out, key, value)
    }
    return out
  }
)

const DirectionCodec = oneOf<Direction>(["inbound", "outbound"], "Direction")
const Rank = integerAtLeast(1, "Rank")
const SelectionMethodCodec = oneOf<NonNullable<ChosenAction["selectionMethod"]>>(
  ["deterministic", "exact", "quadrature", "monteCarlo"],
  "SelectionMethod"
)

const Advances = array(AdvanceCodec, "advances")

const CHOSEN_ACTION_KEYS = [
  "actionId",
  "issue",
  "group",
  "channel",
  "treatment",
  "item",
  "model",
  "modelKey",
  "rank",
  "modelPropensity",
  "modelScore",
  "propensity",
  "selectionProbability",
  "selectionMethod",
  "features",
  "advances"
]

/**
/**
 * One chosen action of a decision record (any other key is reported as `unknown_key`). Its
 * `modelKey` must be `Models.modelKey(actionId, channel)` (as `nextBestAction` writes it), or
 * `Models.modelKey(model, channel)` when the record names a shared `model`: another key is
 * reported as `key_mismatch`, since the response would teach a model that did not score the
 * action.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ChosenActionCodec: t.Type<ChosenAction, unknown, unknown> = new t.Type<ChosenAction, unknown, unknown>(
  "ChosenAction",
  (u): u is ChosenAction => isRecord(u) && isNonEmptyString(u["actionId"]) && typeof u["modelKey"] === "string",
  (u, c) => {
    const o = expectObject(u, c, "a chosen action object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, obj, CHOSEN_ACTION_KEYS, "a chosen action")
    const actionId = field(nonEmptyString, obj, "actionId", c, errors)
    const issue = field(text, obj, "issue", c, errors)
    const group = field(text, obj, "group", c, errors)
    const channel = field(nonEmptyString, obj, "channel", c, errors)
    const treatment = optionalField(text, obj, "treatment", c, errors)
    const item = optionalField(nonEmptyString, obj, "item", c, errors)
    const model = optionalField(modelCodec, obj, "model", c, errors)
    const modelKey = field(nonEmptyString, obj, "modelKey", c, errors)
    const rank = field(Rank, obj, "rank", c, errors)
    const modelPropensity = field(probability, obj, "modelPropensity", c, errors)
    const modelScore = optionalField(finiteNumber, obj, "modelScore", c, errors)
    const propensity = field(probability, obj, "propensity", c, errors)
    const selectionProbability = field(SelectionProbabilityCodec, obj, "selectionProbability", c, errors)
    const selectionMethod = optionalField(SelectionMethodCodec, obj, "selectionMethod", c, errors)
    const features = optionalField(FeaturesCodec, obj, "features", c, errors)
    const advances = optionalField(Advances, obj, "advances", c, errors)
    if (actionId !== undefined && channel !== undefined && modelKey !== undefined && model !== undefined) {
      const expected = modelKeyOf(model, channel)
      if (modelKey !== expected)
        failAt(
          errors,
          c,
          "modelKey",
          modelKey,
          "key_mismatch",
          `modelKey ${JSON.stringify(modelKey)} does not match shared model ${JSON.stringify(model)} on channel ${JSON.stringify(
            channel
          )}: expected ${JSON.stringify(expected)}`
        )
    } else if (
      actionId !== undefined &&
      channel !== undefined &&
      modelKey !== undefined &&
      obj["model"] === undefined
    ) {
      const expected = modelKeyOf(actionId, channel)
      // an item may share its action's model: actionId "<action>/<item>", modelKey "<action>@<channel>"
      const shared =
        item !== undefined && actionId.endsWith(`/${item}`) && actionId.length > item.length + 1
          ? modelKeyOf(actionId.slice(0, actionId.length - item.length - 1), channel)
          : undefined
      if (modelKey !== expected && modelKey !== shared)
        failAt(
          errors,
          c,
          "modelKey",
          modelKey,
          "key_mismatch",
          `modelKey ${JSON.stringify(modelKey)} does not match action ${JSON.stringify(actionId)} on channel ${JSON.stringify(
            channel
          )}: expected ${JSON.stringify(expected)}`
        )
    }
    return done<ChosenAction>(errors, () => {
      const base = {
        actionId: actionId as string,
        issue: issue as string,
        group: group as string,
        channel: channel as string,
        modelKey: modelKey as string,
        rank: rank as number,
        modelPropensity: modelPropensity as number,
        propensity: propensity as number,
        selectionProbability: selectionProbability as number
      }
      const withTreatment0 = treatment === undefined ? base : { ...base, treatment }
      const withItem = item === undefined ? withTreatment0 : { ...withTreatment0, item }
      const withTreatment = model === undefined ? withItem : { ...withItem, model }
      const withScore = modelScore === undefined ? withTreatment : { ...withTreatment, modelScore }
      const withMethod = selectionMethod === undefined ? withScore : { ...withScore, selectionMethod }
      const withFeatures = features === undefined ? withMethod : { ...withMethod, features }
      return advances === undefined ? withFeatures : { ...withFeatures, advances }
    })
  },
  (a) => {
    const out: Record<string, unknown> = {
      actionId: a.actionId,
      issue: a.issue,
      group: a.group,
      channel: a.channel,
      modelKey: a.modelKey,
      rank: a.rank,
      modelPropensity: a.modelPropensity,
      propensity: a.propensity,
      selectionProbability: SelectionProbabilityCodec.encode(a.selectionProbability)
    }
    if (a.treatment !== undefined) out["treatment"] = a.treatment
    if (a.item !== undefined) out["item"] = a.item
    if (a.model !== undefined) out["model"] = a.model
    if (a.modelScore !== undefined) out["modelScore"] = a.modelScore
    if (a.selectionMethod !== undefined) out["selectionMethod"] = a.selectionMethod
    if (a.features !== undefined) out["features"] = FeaturesCodec.encode(a.features)
    if (a.advances !== undefined) out["advances"] = a.advances.map((x) => AdvanceCodec.encode(x))
    return out
  }
)

const ChosenActions = array(ChosenActionCodec, "ChosenActions")

/**
 * A decision record as JSON: instants as epoch milliseconds (ISO 8601 text is accepted on input);
 * any other key than a record's is reported as `unknown_key`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<DecisionRecord, unknown, unknown> = new t.Type<DecisionRecord, unknown, unknown>(
  "DecisionRecord",
  (u): u is DecisionRecord => isRecord(u) && isNonEmptyString(u["decisionId"]) && Array.isArray(u["actions"]),
  (u, c) => {
    const o = expectObject(u, c, "a decision record object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const errors: Array<t.ValidationError> = []
    unknownKeys(
      errors,
      c,
      obj,
      ["decisionId", "subjectId", "at", "direction", "controlGroup", "features", "actions"],
      "a decision record"
    )
    const decisionId = field(nonEmptyString, obj, "decisionId", c, errors)
    const subjectId = field(nonEmptyString, obj, "subjectId", c, errors)
    const at = field(instant, obj, "at", c, errors)
    const direction = field(DirectionCodec, obj, "direction", c, errors)
    const controlGroup = field(boolean, obj, "controlGroup", c, errors)
    const features = field(FeaturesCodec, obj, "features", c, errors)
    const actions = field(ChosenActions, obj, "actions", c, errors)
    return done<DecisionRecord>(errors, () =>
      mark({
        decisionId: decisionId as string,
        subjectId: subjectId as string,
        at: at as Instant,
        direction: direction as Direction,
        controlGroup: controlGroup as boolean,
        features: features as Features,
        actions: actions as ReadonlyArray<ChosenAction>
      })
    )
  },
  (d) => ({
    decisionId: d.decisionId,
    subjectId: d.subjectId,
    at: d.at,
    direction: d.direction,
    controlGroup: d.controlGroup,
    features: FeaturesCodec.encode(d.features),
    actions: d.actions.map((a) => ChosenActionCodec.encode(a))
  })
)
