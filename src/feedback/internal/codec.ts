/**
 * Internal: small hand-written io-ts codecs shared by the feedback modules (strings, counts,
 * probabilities, instants as epoch milliseconds, features, decision records) and helpers for
 * writing object decoders that report every problem with its path and a stable code.
 *
 * Not part of the public surface; the public codecs are re-exported by the modules that own them.
 *
 * @internal
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure } from "../../kernel/DecodeError.js"
import { isInstant, parseIso, type Instant } from "../../kernel/Time.js"
import type { ChosenAction, DecisionRecord, Direction } from "../DecisionRecord.js"
import type { FeatureValue, Features } from "../../learners/Learner.js"

const hasOwn = Object.prototype.hasOwnProperty

/** a plain (non-array) object */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null && !Array.isArray(u)

/** sets an own enumerable property, safe for keys such as `__proto__` */
export const setOwn = <A>(target: Record<string, A>, key: string, value: A): void => {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** a leaf codec from a validation function and an encoder */
export const leaf = <A, O>(name: string, is: (u: unknown) => u is A, validate: (u: unknown, c: t.Context) => t.Validation<A>, encode: (a: A) => O): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(name, is, validate, encode)

const missingOr = (u: unknown, c: t.Context, expected: string): t.Validation<never> =>
  u === undefined ? failure(u, c, "required", `required: expected ${expected}`) : failure(u, c, "invalid_type", `expected ${expected}`)

export const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u.length > 0

/** a non-empty string */
export const NonEmptyString = leaf<string, string>(
  "NonEmptyString",
  isNonEmptyString,
  (u, c) => (isNonEmptyString(u) ? t.success(u) : typeof u === "string" ? failure(u, c, "invalid_value", "expected a non-empty string") : missingOr(u, c, "a string")),
  (s) => s
)

/** any string */
export const Text = leaf<string, string>("string", (u): u is string => typeof u === "string", (u, c) => (typeof u === "string" ? t.success(u) : missingOr(u, c, "a string")), (s) => s)

/** a boolean */
export const Bool = leaf<boolean, boolean>("boolean", (u): u is boolean => typeof u === "boolean", (u, c) => (typeof u === "boolean" ? t.success(u) : missingOr(u, c, "a boolean")), (b) => b)

const numberProblem = (u: unknown, c: t.Context, expected: string): t.Validation<never> =>
  typeof u === "number" ? failure(u, c, "non_finite", `expected ${expected}, found a non-finite number`) : missingOr(u, c, expected)

/** a finite number */
export const Finite = leaf<number, number>("number", (u): u is number => typeof u === "number" && Number.isFinite(u), (u, c) => (typeof u === "number" && Number.isFinite(u) ? t.success(u) : numberProblem(u, c, "a finite number")), (n) => n)

/** a number in [0, 1] */
export const Probability = leaf<number, number>(
  "Probability",
  (u): u is number => typeof u === "number" && u >= 0 && u <= 1,
  (u, c) => {
    if (typeof u !== "number" || !Number.isFinite(u)) return numberProblem(u, c, "a probability in [0, 1]")
    return u >= 0 && u <= 1 ? t.success(u) : failure(u, c, "out_of_range", "expected a probability in [0, 1]")
  },
  (n) => n
)

/**
 * a selection probability: a number in [0, 1], or NaN when the decision did not estimate it
 * (`selectionDraws: 0`), written as `null` in JSON
 */
export const SelectionProbability = leaf<number, number | null>(
  "SelectionProbability",
  (u): u is number => typeof u === "number" && (Number.isNaN(u) || (u >= 0 && u <= 1)),
  (u, c) => (u === null ? t.success(Number.NaN) : Probability.validate(u, c)),
  (n) => (Number.isNaN(n) ? null : n)
)

/** a whole number ≥ `min` (a safe integer) */
export const integerAtLeast = (min: number, name: string): t.Type<number, number, unknown> =>
  leaf<number, number>(
    name,
    (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= min,
    (u, c) => {
      if (typeof u !== "number" || !Number.isFinite(u)) return numberProblem(u, c, `a whole number ≥ ${min}`)
      if (!Number.isSafeInteger(u)) return failure(u, c, "not_integer", `expected a whole number ≥ ${min}`)
      return u >= min ? t.success(u) : failure(u, c, "out_of_range", `expected a whole number ≥ ${min}`)
    },
    (n) => n
  )

/** a count: a whole number ≥ 0 */
export const Count = integerAtLeast(0, "Count")

/** a duration in milliseconds: a whole number ≥ 1 */
export const Duration = integerAtLeast(1, "Duration")

/** an instant, decoded from epoch milliseconds or ISO 8601 text with a zone, encoded as epoch milliseconds */
export const InstantMs = leaf<Instant, number>(
  "Instant",
  isInstant,
  (u, c) => {
    if (isInstant(u)) return t.success(u)
    if (typeof u === "number") {
      return Number.isFinite(u) ? failure(u, c, "not_integer", "expected an instant: whole epoch milliseconds within the range of Date") : failure(u, c, "non_finite", "expected an instant, found a non-finite number")
    }
    if (typeof u === "string") {
      const parsed = parseIso(u)
      return parsed === null ? failure(u, c, "invalid_value", "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z") : t.success(parsed)
    }
    return missingOr(u, c, "an instant (epoch milliseconds or ISO 8601 text)")
  },
  (i) => i
)

/** one of a fixed set of strings */
export const oneOf = <A extends string>(name: string, values: ReadonlyArray<A>): t.Type<A, A, unknown> =>
  leaf<A, A>(
    name,
    (u): u is A => typeof u === "string" && (values as ReadonlyArray<string>).includes(u),
    (u, c) =>
      typeof u === "string" && (values as ReadonlyArray<string>).includes(u)
        ? t.success(u as A)
        : typeof u === "string"
          ? failure(u, c, "invalid_value", `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`)
          : missingOr(u, c, `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`),
    (a) => a
  )

// -------------------------------------------------------------------------------------
// object decoding
// -------------------------------------------------------------------------------------

/** collects problems while a decoder reads the fields of one object */
export interface Reader {
  readonly errors: Array<t.ValidationError>
}

export const reader = (): Reader => ({ errors: [] })

/** validates `value` at `key` of the object at context `c`; records problems and returns `undefined` on failure */
export const at = <A>(r: Reader, c: t.Context, key: string, codec: t.Decoder<unknown, A>, value: unknown): A | undefined => {
  const result = codec.validate(value, t.appendContext(c, key, codec, value))
  if (E.isLeft(result)) {
    r.errors.push(...result.left)
    return undefined
  }
  return result.right
}

/** reads a required field of an object */
export const field = <A>(r: Reader, c: t.Context, obj: Readonly<Record<string, unknown>>, key: string, codec: t.Decoder<unknown, A>): A | undefined =>
  at(r, c, key, codec, hasOwn.call(obj, key) ? obj[key] : undefined)

/** reads an optional field: absent (or `undefined`) gives `undefined` without a problem */
export const optional = <A>(r: Reader, c: t.Context, obj: Readonly<Record<string, unknown>>, key: string, codec: t.Decoder<unknown, A>): A | undefined => {
  const value = hasOwn.call(obj, key) ? obj[key] : undefined
  return value === undefined ? undefined : at(r, c, key, codec, value)
}

/** records one coded problem at `key` of the object at context `c` */
export const problemAt = (r: Reader, c: t.Context, key: string, value: unknown, code: string, message: string): void => {
  const result = failure<never>(value, t.appendContext(c, key, t.unknown, value), code, message)
  if (E.isLeft(result)) r.errors.push(...result.left)
}

/** the decoded object, or every problem found */
export const done = <A>(r: Reader, build: () => A): t.Validation<A> => (r.errors.length > 0 ? t.failures(r.errors) : t.success(build()))

/** an object that must be there, or a problem at `c` */
export const expectObject = (u: unknown, c: t.Context, expected: string): t.Validation<Readonly<Record<string, unknown>>> =>
  isRecord(u) ? t.success(u) : missingOr(u, c, expected)

/** an array of `item`, reporting problems at each index */
export const arrayOf = <A, O>(item: t.Type<A, O, unknown>, name = `Array<${item.name}>`): t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown> =>
  new t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown>(
    name,
    (u): u is ReadonlyArray<A> => Array.isArray(u) && u.every(item.is),
    (u, c) => {
      if (!Array.isArray(u)) return missingOr(u, c, "an array")
      const errors: Array<t.ValidationError> = []
      const out: Array<A> = new Array<A>(u.length)
      for (let i = 0; i < u.length; i++) {
        const value: unknown = u[i]
        const result = item.validate(value, t.appendContext(c, String(i), item, value))
        if (E.isLeft(result)) errors.push(...result.left)
        else out[i] = result.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (as) => as.map((a) => item.encode(a))
  )

/** an object of `item` by arbitrary string keys */
export const recordOf = <A, O>(item: t.Type<A, O, unknown>, name = `Record<string, ${item.name}>`): t.Type<Readonly<Record<string, A>>, Readonly<Record<string, O>>, unknown> =>
  new t.Type<Readonly<Record<string, A>>, Readonly<Record<string, O>>, unknown>(
    name,
    (u): u is Readonly<Record<string, A>> => isRecord(u) && Object.keys(u).every((k) => item.is(u[k])),
    (u, c) => {
      if (!isRecord(u)) return missingOr(u, c, "an object")
      const errors: Array<t.ValidationError> = []
      const out: Record<string, A> = {}
      for (const key of Object.keys(u)) {
        const value = u[key]
        const result = item.validate(value, t.appendContext(c, key, item, value))
        if (E.isLeft(result)) errors.push(...result.left)
        else setOwn(out, key, result.right)
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (as) => {
      const out: Record<string, O> = {}
      for (const key of Object.keys(as)) setOwn(out, key, item.encode(as[key] as A))
      return out
    }
  )

// -------------------------------------------------------------------------------------
// decision records
// -------------------------------------------------------------------------------------

const isFeatureValue = (u: unknown): u is FeatureValue => u === null || typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

/** one predictor value: a finite number, a string, a boolean or null */
export const FeatureValueCodec = leaf<FeatureValue, FeatureValue>(
  "FeatureValue",
  isFeatureValue,
  (u, c) => (isFeatureValue(u) ? t.success(u) : typeof u === "number" ? failure(u, c, "non_finite", "expected a finite number, a string, a boolean or null") : missingOr(u, c, "a finite number, a string, a boolean or null")),
  (v) => v
)

/** the features a model saw; `undefined` values are dropped on encoding (they read as missing either way) */
export const FeaturesCodec: t.Type<Features, Readonly<Record<string, FeatureValue>>, unknown> = new t.Type<Features, Readonly<Record<string, FeatureValue>>, unknown>(
  "Features",
  (u): u is Features => isRecord(u) && Object.keys(u).every((k) => u[k] === undefined || isFeatureValue(u[k])),
  (u, c) => recordOf(FeatureValueCodec, "Features").validate(u, c),
  (features) => {
    const out: Record<string, FeatureValue> = {}
    for (const key of Object.keys(features)) {
      const value = features[key]
      if (value !== undefined) setOwn(out, key, value)
    }
    return out
  }
)

const DirectionCodec = oneOf<Direction>("Direction", ["inbound", "outbound"])
const Rank = integerAtLeast(1, "Rank")
const SelectionMethodCodec = oneOf<NonNullable<ChosenAction["selectionMethod"]>>("SelectionMethod", ["deterministic", "exact", "monteCarlo"])

/** one chosen action of a decision record */
export const ChosenActionCodec: t.Type<ChosenAction, unknown, unknown> = new t.Type<ChosenAction, unknown, unknown>(
  "ChosenAction",
  (u): u is ChosenAction => isRecord(u) && isNonEmptyString(u["actionId"]) && typeof u["modelKey"] === "string",
  (u, c) => {
    const o = expectObject(u, c, "a chosen action object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const r = reader()
    const actionId = field(r, c, obj, "actionId", NonEmptyString)
    const issue = field(r, c, obj, "issue", Text)
    const group = field(r, c, obj, "group", Text)
    const channel = field(r, c, obj, "channel", NonEmptyString)
    const treatment = optional(r, c, obj, "treatment", Text)
    const modelKey = field(r, c, obj, "modelKey", NonEmptyString)
    const rank = field(r, c, obj, "rank", Rank)
    const modelPropensity = field(r, c, obj, "modelPropensity", Probability)
    const modelScore = optional(r, c, obj, "modelScore", Finite)
    const propensity = field(r, c, obj, "propensity", Probability)
    const selectionProbability = field(r, c, obj, "selectionProbability", SelectionProbability)
    const selectionMethod = optional(r, c, obj, "selectionMethod", SelectionMethodCodec)
    const features = optional(r, c, obj, "features", FeaturesCodec)
    return done<ChosenAction>(r, () => {
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
      const withTreatment = treatment === undefined ? base : { ...base, treatment }
      const withScore = modelScore === undefined ? withTreatment : { ...withTreatment, modelScore }
      const withMethod = selectionMethod === undefined ? withScore : { ...withScore, selectionMethod }
      return features === undefined ? withMethod : { ...withMethod, features }
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
      selectionProbability: SelectionProbability.encode(a.selectionProbability)
    }
    if (a.treatment !== undefined) out["treatment"] = a.treatment
    if (a.modelScore !== undefined) out["modelScore"] = a.modelScore
    if (a.selectionMethod !== undefined) out["selectionMethod"] = a.selectionMethod
    if (a.features !== undefined) out["features"] = FeaturesCodec.encode(a.features)
    return out
  }
)

const ChosenActions = arrayOf(ChosenActionCodec, "ChosenActions")

/** a decision record as JSON: instants as epoch milliseconds (ISO 8601 text is accepted on input) */
export const DecisionRecordCodec: t.Type<DecisionRecord, unknown, unknown> = new t.Type<DecisionRecord, unknown, unknown>(
  "DecisionRecord",
  (u): u is DecisionRecord => isRecord(u) && isNonEmptyString(u["decisionId"]) && Array.isArray(u["actions"]),
  (u, c) => {
    const o = expectObject(u, c, "a decision record object")
    if (E.isLeft(o)) return o
    const obj = o.right
    const r = reader()
    const decisionId = field(r, c, obj, "decisionId", NonEmptyString)
    const subjectId = field(r, c, obj, "subjectId", NonEmptyString)
    const at = field(r, c, obj, "at", InstantMs)
    const direction = field(r, c, obj, "direction", DirectionCodec)
    const controlGroup = field(r, c, obj, "controlGroup", Bool)
    const features = field(r, c, obj, "features", FeaturesCodec)
    const actions = field(r, c, obj, "actions", ChosenActions)
    return done<DecisionRecord>(r, () => ({
      decisionId: decisionId as string,
      subjectId: subjectId as string,
      at: at as Instant,
      direction: direction as Direction,
      controlGroup: controlGroup as boolean,
      features: features as Features,
      actions: actions as ReadonlyArray<ChosenAction>
    }))
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

/** a versioned snapshot envelope: checks `version` against the supported ones and returns it */
export const versionOf = (r: Reader, c: t.Context, obj: Readonly<Record<string, unknown>>, supported: ReadonlyArray<number>): number | undefined => {
  const v = obj["version"]
  if (typeof v === "number" && supported.includes(v)) return v
  problemAt(r, c, "version", v, v === undefined ? "required" : "unknown_version", `unknown snapshot version: expected one of ${supported.join(", ")}`)
  return undefined
}
