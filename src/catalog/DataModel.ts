/**
 * The subject data model: the attributes a catalog's subjects and contexts have, each with a type
 * (`number`, `integer`, `string`, `boolean`, `instant`, `enum` of strings, `list` of strings) and
 * whether it is required — declared in the catalog's optional `dataModel`, as Pega's customer data
 * model declares a customer's properties.
 *
 * With a data model, mistakes that would otherwise make rules silently false are problems at
 * decode time:
 * - a catalog's rules, value expressions and context weights that read a fact the model does not
 *   declare (`subjet.age`, `subject.Age`) are `unknown_path`, with "did you mean";
 * - an operator applied to an attribute of a type it does not apply to (`gte` on a string, `in`
 *   on a list, `containsAny` on a number) is `type_mismatch`; a literal of the wrong type
 *   (`eq 34` on a string) likewise, and an enum literal outside its values is `invalid_value`;
 * - a request checked with `Request.decodeFor(catalog)`: a required attribute missing is
 *   `required`, a value of the wrong type `type_mismatch`, an enum value outside its values
 *   `invalid_value`, an attribute the model does not declare `unknown_key` (with "did you mean").
 *
 * A fact path is `<root>.<name>`, the root being `subject` or `context` and the name the rest of
 * the path (a nested attribute is declared under its dotted name, `"address.city"`). A root whose
 * section the model leaves out (`context` absent) is not checked. Without a data model only the
 * roots are checked: a path that starts with neither `subject` nor `context` is `unknown_path`.
 *
 * Which operators apply to which types is the one table `OPERATOR_TYPES`.
 *
 * Size: one idea (checking paths and values against the declared model) in four checks that share
 * the attribute table and the "did you mean" search — the model's codec, catalog paths, request
 * attributes (`attributesChecker`) and learners' predictors (`checkPredictors`). Split first:
 * `checkPredictors` into its own module when it grows.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure, type ProblemCode, type Segment } from "../kernel/DecodeError.js"
import {
  array,
  boolean,
  collect,
  failAt,
  hasOwn,
  isRecord,
  nonEmptyString,
  oneOf,
  pushErrors,
  recordOf,
  struct,
  type Codec
} from "../kernel/internal/codec.js"
import { lookupPath, parsePath, pathProblem } from "../kernel/internal/Facts.js"
import { closest, didYouMean, hintOf, nearest } from "../kernel/internal/suggest.js"
import { parseIso } from "../kernel/Time.js"
import type { OperatorName } from "../rules/Rule.js"
import { names as historyFeatureNames, type HistoryFeatures } from "../history/HistoryFeatures.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The type of an attribute: `instant` is epoch milliseconds or ISO 8601 text, `enum` one of its
 * `values`, `list` an array of strings.
 *
 * @category model
 * @since 0.1.0
 */
export type AttributeType = "number" | "integer" | "string" | "boolean" | "instant" | "enum" | "list"

/**
 * Every attribute type.
 *
 * @category model
 * @since 0.1.0
 */
export const ATTRIBUTE_TYPES: ReadonlyArray<AttributeType> = [
  "number",
  "integer",
  "string",
  "boolean",
  "instant",
  "enum",
  "list"
]

/**
 * One declared attribute: its type, whether a request must have it (default false), and for an
 * `enum` its values.
 *
 * @category model
 * @since 0.1.0
 */
export interface Attribute {
  readonly type: AttributeType
  readonly required?: boolean
  readonly values?: ReadonlyArray<string>
}

/**
 * The declared attributes of one root, by name.
 *
 * @category model
 * @since 0.1.0
 */
export type Attributes = Readonly<Record<string, Attribute>>

/**
 * The roots of fact paths.
 *
 * @category model
 * @since 0.1.0
 */
export type Root = "subject" | "context"

/**
 * Every root of fact paths.
 *
 * @category model
 * @since 0.1.0
 */
export const ROOTS: ReadonlyArray<Root> = ["subject", "context"]

/**
 * A data model: the subject's attributes and the context's (a section left out is not checked).
 *
 * @category model
 * @since 0.1.0
 */
export interface DataModel {
  readonly subject?: Attributes
  readonly context?: Attributes
}

/**
 * A problem found by a check against a data model: the keys from the checked value's root, code,
 * message and the value found.
 *
 * @category model
 * @since 0.1.0
 */
export interface Finding {
  readonly keys: ReadonlyArray<Segment>
  readonly code: ProblemCode
  readonly message: string
  readonly found: unknown
}

// -------------------------------------------------------------------------------------
// operators
// -------------------------------------------------------------------------------------

const SCALAR: ReadonlyArray<AttributeType> = ["number", "integer", "string", "boolean", "instant", "enum"]
const ORDERED: ReadonlyArray<AttributeType> = ["number", "integer", "instant"]
const TEXT: ReadonlyArray<AttributeType> = ["string", "enum"]
const LIST: ReadonlyArray<AttributeType> = ["list"]

/**
 * The condition operators of the rule language.
 *
 * @category model
 * @since 0.1.0
 */
export type ConditionOperator = Exclude<OperatorName, "always" | "never" | "not" | "all" | "any">

/**
 * The attribute types each condition operator applies to — the one place this is decided:
 * equality and membership on scalars; orders, `between` and fact orders on numbers, integers and
 * instants; text on strings and enums (`contains` also on lists); `containsAny`, `containsAll` and
 * sizes on lists; the date-time operators on instants; `exists` and `missing` on every type.
 *
 * @category model
 * @since 0.1.0
 */
export const OPERATOR_TYPES: Readonly<Record<ConditionOperator, ReadonlyArray<AttributeType>>> = {
  eq: SCALAR,
  neq: SCALAR,
  lt: ORDERED,
  lte: ORDERED,
  gt: ORDERED,
  gte: ORDERED,
  between: ORDERED,
  in: SCALAR,
  notIn: SCALAR,
  exists: ATTRIBUTE_TYPES,
  missing: ATTRIBUTE_TYPES,
  startsWith: TEXT,
  endsWith: TEXT,
  contains: ["string", "enum", "list"],
  containsAny: LIST,
  containsAll: LIST,
  sizeEq: LIST,
  sizeNeq: LIST,
  sizeLt: LIST,
  sizeLte: LIST,
  sizeGt: LIST,
  sizeGte: LIST,
  eqFact: SCALAR,
  neqFact: SCALAR,
  ltFact: ORDERED,
  lteFact: ORDERED,
  gtFact: ORDERED,
  gteFact: ORDERED,
  before: ["instant"],
  after: ["instant"],
  withinLastDays: ["instant"],
  withinNextDays: ["instant"],
  window: ["instant"]
}

const isConditionOperator = (op: unknown): op is ConditionOperator =>
  typeof op === "string" && hasOwn(OPERATOR_TYPES, op)

const HINTS: Readonly<Partial<Record<ConditionOperator, string>>> = {
  in: "; for a list use containsAny",
  notIn: "; for a list use not containsAny",
  eq: "; for a list use contains or containsAll",
  neq: "; for a list use not contains"
}

const SCALAR_OF_LIST: Readonly<Partial<Record<ConditionOperator, string>>> = {
  containsAny: "in",
  containsAll: "eq",
  sizeEq: "eq",
  sizeNeq: "neq",
  sizeLt: "lt",
  sizeLte: "lte",
  sizeGt: "gt",
  sizeGte: "gte"
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The declared attribute a fact path reads, or the problem with the path: `unknown_path` when
 * its root is not `subject` or `context`, or the model declares that root and not the name (the
 * message says "did you mean"). `undefined` attribute and no problem: a root the model does not
 * declare.
 *
 * @example
 * import { DataModel } from "nextbest"
 * import * as assert from "node:assert"
 * const model: DataModel = { subject: { age: { type: "integer" } } }
 * assert.deepStrictEqual(DataModel.lookup(model, "subjet.age"), {
 *   problem: { code: "unknown_path", message: 'unknown fact path "subjet.age": did you mean "subject.age"?' }
 * })
 *
 * @category destructors
 * @since 0.1.0
 */
export const lookup = (
  model: DataModel,
  path: string
): {
  readonly attribute?: Attribute
  readonly problem?: { readonly code: ProblemCode; readonly message: string }
} => lookupWith(model, path, undefined)

/** the nearest declared name of each root, bounded in cost over many paths (see `nearest`) */
type Near = Partial<Record<Root, (name: string) => string | undefined>>

const nearOf = (model: DataModel): Near => {
  const out: { subject?: (name: string) => string | undefined; context?: (name: string) => string | undefined } = {}
  if (model.subject !== undefined) out.subject = nearest(Object.keys(model.subject))
  if (model.context !== undefined) out.context = nearest(Object.keys(model.context))
  return out
}

/** `lookup`, with the nearest names from `near` (bounded cost over many paths) */
const lookupWith = (
  model: DataModel,
  path: string,
  near: Near | undefined
): {
  readonly attribute?: Attribute
  readonly problem?: { readonly code: ProblemCode; readonly message: string }
} => {
  const dot = path.indexOf(".")
  const root = dot < 0 ? path : path.slice(0, dot)
  const name = dot < 0 ? "" : path.slice(dot + 1)
  // a journey's facts (`journey.<name>.stage`) are checked against the catalog's journeys (`checkCatalog`)
  if (root === "journey") return {}
  if (root !== "subject" && root !== "context") {
    const r = closest(root, ROOTS)
    const hint =
      r === undefined ? ": a path starts with subject or context" : `: did you mean "${r}${path.slice(root.length)}"?`
    return { problem: { code: "unknown_path", message: `unknown fact path "${path}"${hint}` } }
  }
  const attributes = model[root]
  if (attributes === undefined) return {}
  if (name.length > 0 && hasOwn(attributes, name)) return { attribute: attributes[name] as Attribute }
  const search = near?.[root]
  const found =
    name.length === 0 ? undefined : search !== undefined ? search(name) : closest(name, Object.keys(attributes))
  return {
    problem: {
      code: "unknown_path",
      message:
        found === undefined
          ? `unknown fact path "${path}": ${root} declares no attribute "${name}"`
          : `unknown fact path "${path}": did you mean "${root}.${found}"?`
    }
  }
}

const typeName = (a: Attribute): string => (/^[aeiou]/.test(a.type) ? `an ${a.type}` : `a ${a.type}`)

/**
 * The problem of a condition operator on a fact path under a model, or `null`: the path's problem
 * (see `lookup`), or `type_mismatch` when the attribute's type is not one the operator applies to
 * (see `OPERATOR_TYPES`).
 *
 * @example
 * import { DataModel } from "nextbest"
 * import * as assert from "node:assert"
 * const model: DataModel = { subject: { products: { type: "list" } } }
 * assert.strictEqual(
 *   DataModel.checkOperator(model, "subject.products", "in")?.message,
 *   'operator "in" does not apply to subject.products, a list; for a list use containsAny'
 * )
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkOperator = (
  model: DataModel,
  path: string,
  op: ConditionOperator
): { readonly code: ProblemCode; readonly message: string } | null => checkOperatorWith(model, path, op, undefined)

const checkOperatorWith = (
  model: DataModel,
  path: string,
  op: ConditionOperator,
  near: Near | undefined
): { readonly code: ProblemCode; readonly message: string } | null => {
  const found = lookupWith(model, path, near)
  if (found.problem !== undefined) return found.problem
  const a = found.attribute
  if (a === undefined || OPERATOR_TYPES[op].includes(a.type)) return null
  const hint =
    a.type === "list"
      ? (HINTS[op] ?? "")
      : SCALAR_OF_LIST[op] !== undefined && SCALAR.includes(a.type)
        ? `; it is for lists (on a scalar use ${SCALAR_OF_LIST[op] as string})`
        : ""
  return {
    code: "type_mismatch",
    message: `operator "${op}" does not apply to ${path}, ${typeName(a)}${hint}`
  }
}

const literalProblem = (
  a: Attribute,
  path: string,
  value: unknown
): { readonly code: ProblemCode; readonly message: string } | null => {
  switch (a.type) {
    case "number":
    case "integer":
      return typeof value === "number"
        ? null
        : { code: "type_mismatch", message: `${path} is ${typeName(a)}: compare it with a number` }
    case "string":
      return typeof value === "string"
        ? null
        : { code: "type_mismatch", message: `${path} is a string: compare it with a string` }
    case "boolean":
      return typeof value === "boolean"
        ? null
        : { code: "type_mismatch", message: `${path} is a boolean: compare it with true or false` }
    case "enum": {
      if (typeof value !== "string")
        return { code: "type_mismatch", message: `${path} is an enum: compare it with one of its values` }
      const values = a.values ?? []
      return values.includes(value)
        ? null
        : {
            code: "invalid_value",
            message: `${JSON.stringify(value)} is not a value of ${path}${didYouMean(value, values)}`
          }
    }
    case "list":
      return typeof value === "string"
        ? null
        : { code: "type_mismatch", message: `${path} is a list of strings: compare it with strings` }
    case "instant":
      return null
  }
}

/** the literals of a rule leaf that are compared with its fact, with their keys */
const literalsOf = (
  leaf: Readonly<Record<string, unknown>>,
  op: ConditionOperator
): Array<[Array<Segment>, unknown]> => {
  switch (op) {
    case "eq":
    case "neq":
    case "contains":
      return [[["value"], leaf["value"]]]
    case "in":
    case "notIn":
    case "containsAny":
    case "containsAll": {
      const vs = leaf["values"]
      return Array.isArray(vs) ? vs.map((v: unknown, i) => [["values", i], v]) : []
    }
    default:
      return []
  }
}

const MAX_WALK_DEPTH = 10_000

/** the facts a catalog's journeys give (read leniently from JSON): `journey.<name>.stage`, `….daysToEvent` */
const journeyFactNames = (journeys: unknown): ReadonlyArray<string> => {
  if (!Array.isArray(journeys)) return []
  const out: Array<string> = []
  for (const j of journeys as ReadonlyArray<unknown>) {
    if (!isRecord(j) || typeof j["name"] !== "string") continue
    out.push(`journey.${j["name"]}.stage`)
    if (typeof j["event"] === "string") out.push(`journey.${j["name"]}.daysToEvent`)
  }
  return out
}

/**
 * Every problem of a catalog's fact paths under a model, read leniently from the catalog's JSON
 * (anything that is not well-formed is left to the catalog's decoder): every rule condition's
 * fact (and `other` fact) with its operator and literals, every value expression's fact (a
 * number or an integer), every context weight's key (a context attribute). Keys are from the
 * catalog's root; the `dataModel` field itself is not walked.
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkCatalog = (model: DataModel, json: unknown): ReadonlyArray<Finding> => {
  const out: Array<Finding> = []
  if (!isRecord(json)) return out
  const near = nearOf(model)
  const push = (keys: ReadonlyArray<Segment>, code: ProblemCode, message: string, found: unknown): void => {
    out.push({ keys, code, message, found })
  }
  const journeyFacts = journeyFactNames(json["journeys"])
  const journeyPath = (fact: unknown, keys: ReadonlyArray<Segment>): void => {
    if (typeof fact !== "string" || !fact.startsWith("journey.") || journeyFacts.includes(fact)) return
    push(
      keys,
      "unknown_path",
      journeyFacts.length === 0
        ? `unknown fact path "${fact}": the catalog has no journeys`
        : `unknown fact path "${fact}"${hintOf(closest(fact, journeyFacts))}`,
      fact
    )
  }
  const leaf = (node: Readonly<Record<string, unknown>>, keys: ReadonlyArray<Segment>): void => {
    const op = node["op"]
    if (!isConditionOperator(op)) return
    const fact = node["fact"]
    journeyPath(fact, [...keys, "fact"])
    journeyPath(node["other"], [...keys, "other"])
    if (typeof fact === "string" && pathProblem(fact) === null) {
      const p = checkOperatorWith(model, fact, op, near)
      if (p !== null) push([...keys, "fact"], p.code, p.message, fact)
      else {
        const a = lookupWith(model, fact, near).attribute
        if (a !== undefined)
          for (const [k, v] of literalsOf(node, op)) {
            const q = literalProblem(a, fact, v)
            if (q !== null) push([...keys, ...k], q.code, q.message, v)
          }
      }
    }
    const other = node["other"]
    if (typeof other === "string" && pathProblem(other) === null) {
      const p = checkOperatorWith(model, other, op, near)
      if (p !== null) push([...keys, "other"], p.code, p.message, other)
    }
  }
  const valueFact = (node: Readonly<Record<string, unknown>>, keys: ReadonlyArray<Segment>): void => {
    const fact = node["fact"]
    if (typeof fact !== "string" || pathProblem(fact) !== null) return
    const found = lookupWith(model, fact, near)
    if (found.problem !== undefined) push([...keys, "fact"], found.problem.code, found.problem.message, fact)
    else if (found.attribute !== undefined && !ORDERED.slice(0, 2).includes(found.attribute.type))
      push(
        [...keys, "fact"],
        "type_mismatch",
        `a value expression reads numbers: ${fact} is ${typeName(found.attribute)}`,
        fact
      )
  }
  // explicit stack: a catalog from outside may nest without limit
  const stack: Array<{ node: unknown; keys: ReadonlyArray<Segment>; depth: number }> = []
  for (const key of Object.keys(json)) if (key !== "dataModel") stack.push({ node: json[key], keys: [key], depth: 1 })
  while (stack.length > 0) {
    const { node, keys, depth } = stack.pop() as { node: unknown; keys: ReadonlyArray<Segment>; depth: number }
    if (depth > MAX_WALK_DEPTH) continue
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const v: unknown = node[i]
        if (typeof v === "object" && v !== null) stack.push({ node: v, keys: [...keys, i], depth: depth + 1 })
      }
      continue
    }
    if (!isRecord(node)) continue
    if (typeof node["op"] === "string") leaf(node, keys)
    else if (hasOwn(node, "fact") && keys.includes("value")) valueFact(node, keys)
    const ks = Object.keys(node)
    for (let i = ks.length - 1; i >= 0; i--) {
      const k = ks[i] as string
      const v = node[k]
      if (typeof v === "object" && v !== null) stack.push({ node: v, keys: [...keys, k], depth: depth + 1 })
    }
  }
  const weights = json["contextWeights"]
  if (Array.isArray(weights) && model.context !== undefined) {
    const context = model.context
    const nearContext = near.context ?? nearest(Object.keys(context))
    weights.forEach((w: unknown, i) => {
      const key = isRecord(w) ? w["key"] : undefined
      if (typeof key === "string" && key.length > 0 && !hasOwn(context, key))
        push(
          ["contextWeights", i, "key"],
          "unknown_path",
          `unknown context attribute "${key}"${hintOf(nearContext(key))}`,
          key
        )
    })
  }
  return out
}

const valueProblem = (
  a: Attribute,
  value: unknown
): { readonly code: ProblemCode; readonly message: string } | null => {
  switch (a.type) {
    case "number":
      return typeof value === "number" ? null : { code: "type_mismatch", message: "expected a number" }
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
        ? null
        : { code: "type_mismatch", message: "expected an integer" }
    case "string":
      return typeof value === "string" ? null : { code: "type_mismatch", message: "expected a string" }
    case "boolean":
      return typeof value === "boolean" ? null : { code: "type_mismatch", message: "expected a boolean" }
    case "instant":
      return (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && parseIso(value) !== null)
        ? null
        : { code: "type_mismatch", message: "expected an instant: epoch milliseconds or ISO 8601 text" }
    case "enum": {
      const values = a.values ?? []
      const listed = values.map((v) => JSON.stringify(v)).join(", ")
      if (typeof value !== "string") return { code: "type_mismatch", message: `expected one of ${listed}` }
      return values.includes(value)
        ? null
        : { code: "invalid_value", message: `expected one of ${listed}${didYouMean(value, values)}` }
    }
    case "list":
      return Array.isArray(value) && value.every((x) => typeof x === "string")
        ? null
        : { code: "type_mismatch", message: "expected a list of strings" }
  }
}

/**
 * Every problem of a request's attributes of one root under a model (none when the model leaves
 * the root out): a required attribute missing (absent or `null`) is `required`, a value not of
 * its type `type_mismatch`, an enum value outside its values `invalid_value`, an attribute the
 * model does not declare `unknown_key` with "did you mean". Keys are the attribute names; a
 * nested attribute (declared `"address.city"`) is read nested (`{ "address": { "city": … } }`),
 * its keys are its segments, and a flat key `"address.city"` is `unknown_key`.
 *
 * @example
 * import { DataModel } from "nextbest"
 * import * as assert from "node:assert"
 * const model: DataModel = { subject: { age: { type: "integer", required: true } } }
 * assert.deepStrictEqual(
 *   DataModel.checkAttributes(model, "subject", { Age: 34 }).map((f) => [f.keys, f.code, f.message]),
 *   [
 *     [["age"], "required", "required: subject.age is declared required"],
 *     [["Age"], "unknown_key", 'unknown subject attribute "Age": did you mean "age"?']
 *   ]
 * )
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkAttributes = (model: DataModel, root: Root, attributes: unknown): ReadonlyArray<Finding> =>
  attributesChecker(model, root)(attributes)

/** a fast test of a value of one type (the common case: no problem), before `valueProblem` words one */
const fits = (a: Attribute, values: ReadonlySet<string> | undefined, value: unknown): boolean => {
  switch (a.type) {
    case "number":
      return typeof value === "number"
    case "integer":
      return Number.isInteger(value)
    case "string":
      return typeof value === "string"
    case "boolean":
      return typeof value === "boolean"
    case "enum":
      return typeof value === "string" && values !== undefined && values.has(value)
    case "list":
      if (!Array.isArray(value)) return false
      for (const x of value) if (typeof x !== "string") return false
      return true
    case "instant":
      return typeof value === "number" ? Number.isFinite(value) : typeof value === "string" && parseIso(value) !== null
  }
}

/**
 * `checkAttributes` for one model and root, compiled once (the declared names, their segments and
 * enum values as sets) and then applied to many requests' attributes.
 *
 * @category destructors
 * @since 0.1.0
 */
export const attributesChecker = (model: DataModel, root: Root): ((attributes: unknown) => ReadonlyArray<Finding>) => {
  const declared = model[root]
  if (declared === undefined) return () => []
  const entries = Object.keys(declared).map((name) => {
    const a = declared[name] as Attribute
    const dotted = name.includes(".")
    return {
      name,
      a,
      dotted,
      keys: dotted ? parsePath(name) : [name],
      values: a.values === undefined ? undefined : new Set(a.values)
    }
  })
  const prefixes = new Set(entries.filter((e) => e.dotted).map((e) => e.keys[0] as string))
  const names = entries.map((e) => e.name)
  return (attributes) => {
    const out: Array<Finding> = []
    const given = isRecord(attributes) ? attributes : {}
    for (const { name, a, dotted, keys, values } of entries) {
      const value = dotted ? lookupPath(given, keys) : hasOwn(given, name) ? given[name] : undefined
      if (value === undefined || value === null) {
        if (a.required === true)
          out.push({
            keys,
            code: "required",
            message: `required: ${root}.${name} is declared required`,
            found: value
          })
        continue
      }
      if (fits(a, values, value)) continue
      const p = valueProblem(a, value)
      if (p !== null) out.push({ keys, code: p.code, message: p.message, found: value })
    }
    let near: ((name: string) => string | undefined) | undefined
    for (const name of Object.keys(given)) {
      const dotted = name.includes(".")
      if ((!dotted && hasOwn(declared, name)) || (prefixes.has(name) && isRecord(given[name]))) continue
      near ??= nearest(names)
      const segments = parsePath(name)
      out.push({
        keys: [name],
        code: "unknown_key",
        message:
          dotted && hasOwn(declared, name)
            ? `unknown ${root} attribute "${name}": ${root}.${name} is nested, give it as { "${segments[0] as string}": { "${segments.slice(1).join(".")}": … } }`
            : `unknown ${root} attribute "${name}"${hintOf(near(name))}`,
        found: given[name]
      })
    }
    return out
  }
}

/**
 * A predictor as `checkPredictors` reads it: the feature name it reads and, for naive Bayes,
 * whether it is `numeric` or `symbolic` (a `NaiveBayes.Predictor` is one).
 *
 * @category model
 * @since 0.1.0
 */
export interface PredictorRef {
  readonly name: string
  readonly type?: "numeric" | "symbolic"
}

const NUMERIC: ReadonlyArray<AttributeType> = ["number", "integer", "instant", "boolean"]
const SYMBOLIC: ReadonlyArray<AttributeType> = ["string", "enum", "boolean", "integer", "number"]

/**
 * Every problem of a learner's predictors under a data model — what a model reads, checked as
 * the catalog's rules are (a learner is configured apart from the catalog, so this is a function
 * to call, not part of decoding). Keys are `[i, "name"]` or `[i, "type"]`:
 * - a name `history.…` that the history features (`historyFeatures`, the catalog's
 *   `Catalog.Spec.historyFeatures`) do not compute is `unknown_path`, with "did you mean";
 * - any other name is a fact path (`subject.age`, `context.device`): its problem from `lookup`
 *   (`unknown_path` with "did you mean", also without a model for a root other than `subject`
 *   or `context`);
 * - a declared attribute that a model never sees as a feature — a `list`, or a nested attribute
 *   (`subject.address.city`; features are the top-level primitive attributes) — is
 *   `type_mismatch`, as is a `numeric` predictor of a string or enum, or a `symbolic` one of an
 *   instant.
 *
 * @example
 * import { DataModel, HistoryFeatures } from "nextbest"
 * import * as assert from "node:assert"
 * const model: DataModel = { subject: { age: { type: "integer" }, segment: { type: "enum", values: ["a", "b"] } } }
 * const findings = DataModel.checkPredictors(
 *   model,
 *   [
 *     { name: "subject.age", type: "numeric" },
 *     { name: "subject.segmnt", type: "symbolic" },
 *     { name: "subject.segment", type: "numeric" },
 *     { name: "history.accepted.7d", type: "numeric" }
 *   ],
 *   HistoryFeatures.historyFeatures(["accepted"], [30])
 * )
 * assert.deepStrictEqual(
 *   findings.map((f) => `${f.keys.join(".")} ${f.code}: ${f.message}`),
 *   [
 *     '1.name unknown_path: unknown fact path "subject.segmnt": did you mean "subject.segment"?',
 *     "2.type type_mismatch: a numeric predictor does not read subject.segment, an enum: make it symbolic",
 *     '3.name unknown_path: no history feature "history.accepted.7d": did you mean "history.accepted.30d"?'
 *   ]
 * )
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkPredictors = (
  model: DataModel,
  predictors: ReadonlyArray<PredictorRef>,
  historyFeatures?: HistoryFeatures
): ReadonlyArray<Finding> => {
  const out: Array<Finding> = []
  let history: ReadonlyArray<string> | undefined
  let historySet: ReadonlySet<string> | undefined
  let nearHistory: ((name: string) => string | undefined) | undefined
  const near = nearOf(model)
  predictors.forEach((p, i) => {
    const name = p.name
    if (name.startsWith("history.")) {
      history ??= historyFeatures === undefined ? [] : historyFeatureNames(historyFeatures)
      historySet ??= new Set(history)
      if (!historySet.has(name))
        out.push({
          keys: [i, "name"],
          code: "unknown_path",
          message:
            history.length === 0
              ? `no history feature "${name}": no history features are configured`
              : `no history feature "${name}"${hintOf((nearHistory ??= nearest(history))(name))}`,
          found: name
        })
      return
    }
    const found = lookupWith(model, name, near)
    if (found.problem !== undefined) {
      out.push({ keys: [i, "name"], code: found.problem.code, message: found.problem.message, found: name })
      return
    }
    const a = found.attribute
    if (a === undefined) return
    const attribute = name.slice(name.indexOf(".") + 1)
    const notFeature =
      a.type === "list"
        ? `${name} is a list: a model sees only strings, numbers and booleans`
        : attribute.includes(".")
          ? `${name} is nested: a model sees only top-level attributes`
          : undefined
    if (notFeature !== undefined) {
      out.push({ keys: [i, "name"], code: "type_mismatch", message: notFeature, found: name })
      return
    }
    if (p.type === "numeric" && !NUMERIC.includes(a.type))
      out.push({
        keys: [i, "type"],
        code: "type_mismatch",
        message: `a numeric predictor does not read ${name}, ${typeName(a)}: make it symbolic`,
        found: p.type
      })
    if (p.type === "symbolic" && !SYMBOLIC.includes(a.type))
      out.push({
        keys: [i, "type"],
        code: "type_mismatch",
        message: `a symbolic predictor does not read ${name}, ${typeName(a)}: make it numeric`,
        found: p.type
      })
  })
  return out
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const AttributeStruct = struct(
  "attribute",
  { type: oneOf(ATTRIBUTE_TYPES, "type") },
  { required: boolean, values: array(nonEmptyString) }
)

/**
 * One attribute as JSON: `{ "type": "enum", "values": ["gold", "silver"], "required": true }`;
 * `values` are required for an `enum` (and not empty) and refused for any other type.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AttributeCodec: Codec<Attribute> = new t.Type<Attribute, unknown, unknown>(
  "attribute",
  AttributeStruct.is,
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const a = collect(AttributeStruct.validate(u, c), errors)
    if (a !== undefined) {
      if (a.type === "enum" && (a.values === undefined || a.values.length === 0))
        failAt(errors, c, "values", a.values, "required", "required: an enum lists its values")
      if (a.type !== "enum" && a.values !== undefined)
        failAt(errors, c, "values", a.values, "invalid_value", `only an enum has values, not a ${a.type}`)
    }
    return errors.length > 0 || a === undefined ? t.failures(errors) : t.success(a)
  },
  (a) => AttributeStruct.encode(a)
)

const NameCheckedAttributes: Codec<Attributes> = new t.Type<Attributes, unknown, unknown>(
  "attributes",
  recordOf(AttributeCodec).is,
  (u, c) => {
    const r = recordOf(AttributeCodec, "attributes").validate(u, c)
    if (!isRecord(u)) return r
    const errors: Array<t.ValidationError> = E.isLeft(r) ? [...r.left] : []
    for (const name of Object.keys(u)) {
      const p = pathProblem(name)
      if (p !== null) {
        const f = failure<never>(name, t.appendContext(c, name, t.unknown, u[name]), p.code, p.message)
        if (E.isLeft(f)) pushErrors(errors, f.left)
      }
    }
    return errors.length > 0 ? t.failures(errors) : r
  },
  (a) => recordOf(AttributeCodec).encode(a)
)

/**
 * A data model as JSON: `{ "subject": { <name>: <attribute> }, "context": { … } }`, both optional.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<DataModel> = struct(
  "data model",
  {},
  { subject: NameCheckedAttributes, context: NameCheckedAttributes }
)
