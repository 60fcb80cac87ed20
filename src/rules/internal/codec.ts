/**
 * Internal: the JSON form of rules (`Json`), `encode`, the io-ts `codec` and `decode` (at most
 * `MAX_DEPTH` levels).
 *
 * Re-exported by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import type { Either } from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { type DecodeError, decodeWith, failure, type ProblemCode } from "../../kernel/DecodeError.js"
import { found, isFull, pushErrors } from "../../kernel/internal/codec.js"
import { pathProblem } from "../../kernel/internal/Facts.js"
import { always, never } from "./constructors.js"
import { showLiteral, SYMBOL } from "./explain.js"
import {
  type Comparison,
  type DateTime,
  fold,
  isLiteral,
  isOrdered,
  type Leaf,
  type Literal,
  type Ordered,
  type Ordering,
  type Rule
} from "./model.js"

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

/**
 * How deep rules from outside may nest: a rule at level 65 (the top rule is level 1) is reported
 * as `too_deep`. Rules built with the constructors have no limit.
 *
 * @category codec
 * @since 0.1.0
 */
export const MAX_DEPTH = 64

/**
 * The JSON form of a rule: an object with an `op` field (see docs/rules.md).
 *
 * @category codec
 * @since 0.1.0
 */
export type Json =
  | { readonly op: "always" | "never" }
  | { readonly op: "not"; readonly rule: Json }
  | { readonly op: "all" | "any"; readonly rules: ReadonlyArray<Json> }
  | { readonly op: "eq" | "neq"; readonly fact: string; readonly value: Literal }
  | { readonly op: Ordering; readonly fact: string; readonly value: Ordered }
  | { readonly op: "between"; readonly fact: string; readonly min: Ordered; readonly max: Ordered }
  | { readonly op: "in" | "notIn"; readonly fact: string; readonly values: ReadonlyArray<Literal> }
  | { readonly op: "exists" | "missing"; readonly fact: string }
  | { readonly op: "startsWith" | "endsWith" | "contains"; readonly fact: string; readonly value: string }
  | { readonly op: "containsAny" | "containsAll"; readonly fact: string; readonly values: ReadonlyArray<Literal> }
  | {
      readonly op: "sizeEq" | "sizeNeq" | "sizeLt" | "sizeLte" | "sizeGt" | "sizeGte"
      readonly fact: string
      readonly value: number
    }
  | {
      readonly op: "eqFact" | "neqFact" | "ltFact" | "lteFact" | "gtFact" | "gteFact"
      readonly fact: string
      readonly other: string
    }
  | { readonly op: "before" | "after"; readonly fact: string; readonly days?: number }
  | { readonly op: "withinLastDays" | "withinNextDays"; readonly fact: string; readonly days: number }
  | { readonly op: "window"; readonly fact: string; readonly from: number; readonly to: number }

const SIZE_OPS = {
  eq: "sizeEq",
  neq: "sizeNeq",
  lt: "sizeLt",
  lte: "sizeLte",
  gt: "sizeGt",
  gte: "sizeGte"
} as const satisfies Readonly<Record<Comparison, string>>

const encodeLeaf = (leaf: Leaf): Json => {
  switch (leaf._tag) {
    case "Always":
      return { op: "always" }
    case "Never":
      return { op: "never" }
    case "Equal":
      return { op: leaf.op, fact: leaf.fact, value: leaf.value }
    case "Order":
      return { op: leaf.op, fact: leaf.fact, value: leaf.value }
    case "Between":
      return { op: "between", fact: leaf.fact, min: leaf.min, max: leaf.max }
    case "Member":
      return { op: leaf.op, fact: leaf.fact, values: leaf.values.slice() }
    case "Presence":
      return { op: leaf.op, fact: leaf.fact }
    case "Text":
      return { op: leaf.op, fact: leaf.fact, value: leaf.value }
    case "Elements":
      return { op: leaf.op, fact: leaf.fact, values: leaf.values.slice() }
    case "Size":
      return { op: SIZE_OPS[leaf.op], fact: leaf.fact, value: leaf.value }
    case "CompareFacts":
      return { op: `${leaf.op}Fact`, fact: leaf.fact, other: leaf.other }
    case "DateTime":
      return (leaf.op === "before" || leaf.op === "after") && leaf.days === 0
        ? { op: leaf.op, fact: leaf.fact }
        : { op: leaf.op, fact: leaf.fact, days: leaf.days }
    case "Window":
      return { op: "window", fact: leaf.fact, from: leaf.from, to: leaf.to }
  }
}

/**
 * A rule to its JSON form (explicit stack: safe at any depth).
 *
 * @category codec
 * @since 0.1.0
 */
export const encode: (rule: Rule) => Json = fold<Json>({
  Leaf: encodeLeaf,
  Not: (rule) => ({ op: "not", rule }),
  All: (rules) => ({ op: "all", rules }),
  Any: (rules) => ({ op: "any", rules })
})

type Field = "fact" | "value" | "min" | "max" | "values" | "other" | "days" | "from" | "to" | "rule" | "rules"

/** every operator of the JSON form with the keys it takes besides `op` */
const OPERATORS: Readonly<Record<string, ReadonlyArray<Field>>> = {
  always: [],
  never: [],
  not: ["rule"],
  all: ["rules"],
  any: ["rules"],
  eq: ["fact", "value"],
  neq: ["fact", "value"],
  lt: ["fact", "value"],
  lte: ["fact", "value"],
  gt: ["fact", "value"],
  gte: ["fact", "value"],
  between: ["fact", "min", "max"],
  in: ["fact", "values"],
  notIn: ["fact", "values"],
  exists: ["fact"],
  missing: ["fact"],
  startsWith: ["fact", "value"],
  endsWith: ["fact", "value"],
  contains: ["fact", "value"],
  containsAny: ["fact", "values"],
  containsAll: ["fact", "values"],
  sizeEq: ["fact", "value"],
  sizeNeq: ["fact", "value"],
  sizeLt: ["fact", "value"],
  sizeLte: ["fact", "value"],
  sizeGt: ["fact", "value"],
  sizeGte: ["fact", "value"],
  eqFact: ["fact", "other"],
  neqFact: ["fact", "other"],
  ltFact: ["fact", "other"],
  lteFact: ["fact", "other"],
  gtFact: ["fact", "other"],
  gteFact: ["fact", "other"],
  before: ["fact", "days"],
  after: ["fact", "days"],
  withinLastDays: ["fact", "days"],
  withinNextDays: ["fact", "days"],
  window: ["fact", "from", "to"]
}

const OPERATOR_LIST = Object.keys(OPERATORS).join(", ")

/** Levenshtein distance, giving up (returning `limit + 1`) once every alignment exceeds `limit` */
const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      const d = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost
      )
      current.push(d)
      if (d < best) best = d
    }
    if (best > limit) return limit + 1
    previous = current
  }
  return previous[b.length] as number
}

/**
 * Internal: the operator names close to an unknown one — the case-insensitive match if there is
 * one, else those at the least edit distance (case-insensitive), at most 1 for names of up to 4
 * letters and 2 for longer ones. Bounded work: the name is cut at 64 characters.
 *
 * @category internal
 * @since 0.1.0
 */
export const closeOperators = (name: string): ReadonlyArray<string> => {
  const wanted = name.slice(0, 64).toLowerCase()
  const names = Object.keys(OPERATORS)
  const same = names.filter((n) => n.toLowerCase() === wanted)
  if (same.length > 0) return same
  const limit = wanted.length <= 4 ? 1 : 2
  let best = limit + 1
  let close: Array<string> = []
  for (const n of names) {
    const d = editDistance(wanted, n.toLowerCase(), limit)
    if (d < best) {
      best = d
      close = [n]
    } else if (d === best && d <= limit) close.push(n)
  }
  return close
}

const didYouMean = (name: string): string => {
  const close = closeOperators(name)
  return close.length === 0 ? "" : ` (did you mean ${close.map((n) => `"${n}"`).join(" or ")}?)`
}

const hasOwn = Object.prototype.hasOwnProperty

const field = (u: Readonly<Record<string, unknown>>, key: string): unknown => (hasOwn.call(u, key) ? u[key] : undefined)

const describeFound = (u: unknown): string =>
  u === null
    ? "null"
    : Array.isArray(u)
      ? "an array"
      : typeof u === "object"
        ? "an object"
        : typeof u === "number"
          ? "a number"
          : `a ${typeof u}`

/** one decoding pass: collects every problem into `errors`, returns undefined when the rule is unusable */
const decodeRule = (u: unknown, c: t.Context, level: number, errors: Array<t.ValidationError>): Rule | undefined => {
  const report = (value: unknown, context: t.Context, code: ProblemCode, message: string): undefined => {
    const result = failure<never>(value, context, code, message)
    if (result._tag === "Left") pushErrors(errors, result.left)
    return undefined
  }
  if (u === undefined) return report(u, c, "required", "required: expected a rule")
  if (u === null || typeof u !== "object" || Array.isArray(u))
    return report(u, c, "invalid_type", `expected a rule (an object with an "op"), found ${describeFound(u)}`)
  if (level > MAX_DEPTH) return report(u, c, "too_deep", `rules may nest at most ${MAX_DEPTH} levels deep`)
  const json = u as Readonly<Record<string, unknown>>
  const op = field(json, "op")
  const opContext = t.appendContext(c, "op", t.string, op)
  if (op === undefined) return report(op, opContext, "required", "required: expected an operator name")
  if (typeof op !== "string")
    return report(op, opContext, "invalid_type", `expected an operator name (a string), found ${describeFound(op)}`)
  const fields = hasOwn.call(OPERATORS, op) ? OPERATORS[op] : undefined
  if (fields === undefined)
    return report(
      op,
      opContext,
      "unknown_operator",
      // the suggestion is searched only for a problem that will be kept (past the cap it is only counted)
      `unknown operator "${op}"${isFull(errors) ? "" : didYouMean(op)}; expected one of ${OPERATOR_LIST}`
    )
  const before = found(errors)
  for (const key of Object.keys(json)) {
    if (key !== "op" && !fields.includes(key as Field)) {
      report(
        json[key],
        t.appendContext(c, key, t.unknown, json[key]),
        "unknown_key",
        `unknown key "${key}" for "${op}"; expected ${fields.length === 0 ? "no other key" : fields.join(", ")}`
      )
    }
  }
  const sub = (key: Field): readonly [unknown, t.Context] => {
    const value = field(json, key)
    return [value, t.appendContext(c, key, t.unknown, value)]
  }
  const path = (key: "fact" | "other"): string | undefined => {
    const [value, context] = sub(key)
    if (value === undefined) return report(value, context, "required", "required: expected a fact path (a string)")
    if (typeof value !== "string")
      return report(value, context, "invalid_type", `expected a fact path (a string), found ${describeFound(value)}`)
    const problem = pathProblem(value)
    return problem === null ? value : report(value, context, problem.code, problem.message)
  }
  const number = (value: unknown, context: t.Context, expected: string): boolean => {
    if (typeof value === "number" && !Number.isFinite(value)) {
      report(value, context, "non_finite", `expected ${expected}, found ${String(value)}`)
      return false
    }
    return true
  }
  const literal = (value: unknown, context: t.Context): Literal | undefined => {
    const expected = "a string, a finite number or a boolean"
    if (value === undefined) return report(value, context, "required", `required: expected ${expected}`)
    if (!number(value, context, expected)) return undefined
    return isLiteral(value)
      ? value
      : report(value, context, "invalid_type", `expected ${expected}, found ${describeFound(value)}`)
  }
  const orderedValue = (value: unknown, context: t.Context): Ordered | undefined => {
    const expected = "a string or a finite number"
    if (value === undefined) return report(value, context, "required", `required: expected ${expected}`)
    if (!number(value, context, expected)) return undefined
    return isOrdered(value)
      ? value
      : report(value, context, "invalid_type", `expected ${expected}, found ${describeFound(value)}`)
  }
  const days = (optional: boolean): number | undefined => {
    const [value, context] = sub("days")
    if (value === undefined)
      return optional ? 0 : report(value, context, "required", "required: expected a number of days")
    if (typeof value !== "number")
      return report(value, context, "invalid_type", `expected a number of days, found ${describeFound(value)}`)
    if (!number(value, context, "a finite number of days")) return undefined
    return value >= 0
      ? value
      : report(value, context, "out_of_range", `the number of days must not be negative, found ${value}`)
  }
  const offset = (key: "from" | "to"): number | undefined => {
    const [value, context] = sub(key)
    if (value === undefined)
      return report(value, context, "required", "required: expected a number of days (negative: before the date)")
    if (typeof value !== "number")
      return report(value, context, "invalid_type", `expected a number of days, found ${describeFound(value)}`)
    return number(value, context, "a finite number of days") ? value : undefined
  }
  const operand = (key: "rule"): Rule | undefined => {
    const [value, context] = sub(key)
    return decodeRule(value, context, level + 1, errors)
  }
  const operands = (): ReadonlyArray<Rule> | undefined => {
    const [value, context] = sub("rules")
    if (value === undefined) return report(value, context, "required", "required: expected an array of rules")
    if (!Array.isArray(value))
      return report(value, context, "invalid_type", `expected an array of rules, found ${describeFound(value)}`)
    const rules: Array<Rule> = []
    for (let i = 0; i < value.length; i++) {
      const rule = decodeRule(value[i], t.appendContext(context, String(i), codec, value[i]), level + 1, errors)
      if (rule !== undefined) rules.push(rule)
    }
    return rules
  }
  const result = ((): Rule | undefined => {
    switch (op) {
      case "always":
        return always
      case "never":
        return never
      case "not": {
        const rule = operand("rule")
        return rule === undefined ? undefined : { _tag: "Not", rule }
      }
      case "all":
      case "any": {
        const rules = operands()
        return rules === undefined ? undefined : { _tag: op === "all" ? "All" : "Any", rules }
      }
      case "eq":
      case "neq": {
        const fact = path("fact")
        const value = literal(...sub("value"))
        return fact === undefined || value === undefined ? undefined : { _tag: "Equal", op, fact, value }
      }
      case "lt":
      case "lte":
      case "gt":
      case "gte": {
        const fact = path("fact")
        const value = orderedValue(...sub("value"))
        return fact === undefined || value === undefined ? undefined : { _tag: "Order", op, fact, value }
      }
      case "between": {
        const fact = path("fact")
        const min = orderedValue(...sub("min"))
        const [maxValue, maxContext] = sub("max")
        const max = orderedValue(maxValue, maxContext)
        if (min === undefined || max === undefined) return undefined
        if (typeof min !== typeof max)
          return report(
            max,
            maxContext,
            "invalid_type",
            `expected the same type as min (${describeFound(min).replace(/^an? /, "")}), found ${describeFound(max)}`
          )
        if (min > max)
          return report(max, maxContext, "out_of_range", `max must not be less than min (${showLiteral(min)})`)
        return fact === undefined ? undefined : { _tag: "Between", fact, min, max }
      }
      case "in":
      case "notIn":
      case "containsAny":
      case "containsAll": {
        const fact = path("fact")
        const [list, listContext] = sub("values")
        if (list === undefined)
          return report(list, listContext, "required", "required: expected an array of strings, numbers or booleans")
        if (!Array.isArray(list))
          return report(
            list,
            listContext,
            "invalid_type",
            `expected an array of strings, numbers or booleans, found ${describeFound(list)}`
          )
        const values: Array<Literal> = []
        for (let i = 0; i < list.length; i++) {
          const value = literal(list[i], t.appendContext(listContext, String(i), t.unknown, list[i]))
          if (value !== undefined) values.push(value)
        }
        if (fact === undefined || values.length !== list.length) return undefined
        return op === "in" || op === "notIn"
          ? { _tag: "Member", op, fact, values }
          : { _tag: "Elements", op, fact, values }
      }
      case "exists":
      case "missing": {
        const fact = path("fact")
        return fact === undefined ? undefined : { _tag: "Presence", op, fact }
      }
      case "startsWith":
      case "endsWith":
      case "contains": {
        const fact = path("fact")
        const [value, context] = sub("value")
        if (value === undefined) report(value, context, "required", "required: expected a string")
        else if (typeof value !== "string")
          report(value, context, "invalid_type", `expected a string, found ${describeFound(value)}`)
        return fact === undefined || typeof value !== "string" ? undefined : { _tag: "Text", op, fact, value }
      }
      case "sizeEq":
      case "sizeNeq":
      case "sizeLt":
      case "sizeLte":
      case "sizeGt":
      case "sizeGte": {
        const fact = path("fact")
        const [value, context] = sub("value")
        const expected = "a size (a finite number ≥ 0)"
        let n: number | undefined
        if (value === undefined) report(value, context, "required", `required: expected ${expected}`)
        else if (typeof value !== "number")
          report(value, context, "invalid_type", `expected ${expected}, found ${describeFound(value)}`)
        else if (!number(value, context, expected)) n = undefined
        else if (value < 0) report(value, context, "out_of_range", `a size must not be negative, found ${value}`)
        else n = value
        const cmp = (op.charAt(4).toLowerCase() + op.slice(5)) as Comparison
        return fact === undefined || n === undefined ? undefined : { _tag: "Size", op: cmp, fact, value: n }
      }
      case "eqFact":
      case "neqFact":
      case "ltFact":
      case "lteFact":
      case "gtFact":
      case "gteFact": {
        const fact = path("fact")
        const other = path("other")
        return fact === undefined || other === undefined
          ? undefined
          : { _tag: "CompareFacts", op: op.slice(0, -4) as Comparison, fact, other }
      }
      case "window": {
        const fact = path("fact")
        const from = offset("from")
        const [toValue, toContext] = sub("to")
        const to = offset("to")
        if (from === undefined || to === undefined) return undefined
        if (from > to) return report(toValue, toContext, "out_of_range", `to must not be before from (${from} days)`)
        return fact === undefined ? undefined : { _tag: "Window", op: "window", fact, from, to }
      }
      default: {
        const dateOp = op as DateTime["op"]
        const fact = path("fact")
        const span = days(dateOp === "before" || dateOp === "after")
        return fact === undefined || span === undefined ? undefined : { _tag: "DateTime", op: dateOp, fact, days: span }
      }
    }
  })()
  return found(errors) > before ? undefined : result
}

const isRule = (u: unknown): u is Rule => {
  const stack: Array<unknown> = [u]
  while (stack.length > 0) {
    const x = stack.pop()
    if (x === null || typeof x !== "object") return false
    const r = x as Readonly<Record<string, unknown>>
    const f = r["fact"]
    const okPath = (p: unknown): boolean => typeof p === "string" && pathProblem(p) === null
    switch (r["_tag"]) {
      case "Always":
      case "Never":
        break
      case "Not":
        stack.push(r["rule"])
        break
      case "All":
      case "Any":
        if (!Array.isArray(r["rules"])) return false
        for (const operand of r["rules"] as ReadonlyArray<unknown>) stack.push(operand)
        break
      case "Equal":
        if (!okPath(f) || !(r["op"] === "eq" || r["op"] === "neq") || !isLiteral(r["value"])) return false
        break
      case "Order":
        if (
          !okPath(f) ||
          !(r["op"] === "lt" || r["op"] === "lte" || r["op"] === "gt" || r["op"] === "gte") ||
          !isOrdered(r["value"])
        )
          return false
        break
      case "Between":
        if (
          !okPath(f) ||
          !isOrdered(r["min"]) ||
          typeof r["min"] !== typeof r["max"] ||
          (r["min"] as Ordered) > (r["max"] as Ordered)
        )
          return false
        break
      case "Member":
        if (
          !okPath(f) ||
          !(r["op"] === "in" || r["op"] === "notIn") ||
          !Array.isArray(r["values"]) ||
          !(r["values"] as ReadonlyArray<unknown>).every(isLiteral)
        )
          return false
        break
      case "Presence":
        if (!okPath(f) || !(r["op"] === "exists" || r["op"] === "missing")) return false
        break
      case "Text":
        if (
          !okPath(f) ||
          !(r["op"] === "startsWith" || r["op"] === "endsWith" || r["op"] === "contains") ||
          typeof r["value"] !== "string"
        )
          return false
        break
      case "Elements":
        if (
          !okPath(f) ||
          !(r["op"] === "containsAny" || r["op"] === "containsAll") ||
          !Array.isArray(r["values"]) ||
          !(r["values"] as ReadonlyArray<unknown>).every(isLiteral)
        )
          return false
        break
      case "Size": {
        const n = r["value"]
        if (!okPath(f) || typeof r["op"] !== "string" || !hasOwn.call(SYMBOL, r["op"])) return false
        if (typeof n !== "number" || !Number.isFinite(n) || n < 0) return false
        break
      }
      case "CompareFacts":
        if (!okPath(f) || !okPath(r["other"]) || typeof r["op"] !== "string" || !hasOwn.call(SYMBOL, r["op"]))
          return false
        break
      case "DateTime": {
        const days = r["days"]
        if (
          !okPath(f) ||
          !(r["op"] === "before" || r["op"] === "after" || r["op"] === "withinLastDays" || r["op"] === "withinNextDays")
        )
          return false
        if (typeof days !== "number" || !Number.isFinite(days) || days < 0) return false
        break
      }
      case "Window": {
        const from = r["from"]
        const to = r["to"]
        if (!okPath(f) || r["op"] !== "window") return false
        if (typeof from !== "number" || typeof to !== "number" || !Number.isFinite(from) || !Number.isFinite(to))
          return false
        if (from > to) return false
        break
      }
      default:
        return false
    }
  }
  return true
}

/**
 * The io-ts codec between the JSON form and `Rule`. Its `validate` reports every problem, each at
 * its path below the context it is given (so paths nest when another codec embeds it) with a
 * stable code: `required`, `invalid_type`, `non_finite`, `out_of_range`, `unknown_key`,
 * `unknown_operator`, `forbidden_path`, `invalid_value`, `too_deep`. Law: `decode(encode(r))`
 * equals `r`.
 *
 * @category codec
 * @since 0.1.0
 */
export const codec: t.Type<Rule, Json, unknown> = new t.Type<Rule, Json, unknown>(
  "Rule",
  isRule,
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const rule = decodeRule(u, c, 1, errors)
    return errors.length > 0 || rule === undefined ? t.failures(errors) : t.success(rule)
  },
  encode
)

/**
 * Decodes a rule from its JSON form, listing every problem (with `render` from the kernel's
 * DecodeError for text).
 *
 * @example
 * import * as assert from "node:assert"
 * import { DecodeError, Rule as R } from "nextbest"
 *
 * const result = R.decode({
 *   op: "all",
 *   rules: [
 *     { op: "gte", fact: "subject.age", value: true },
 *     { op: "exists", fact: "subject.__proto__" }
 *   ]
 * })
 * assert.ok(result._tag === "Left")
 * assert.strictEqual(
 *   DecodeError.render(result.left),
 *   [
 *     "2 problems:",
 *     "  $.rules[0].value [invalid_type] expected a string or a finite number, found a boolean (found: true)",
 *     '  $.rules[1].fact [forbidden_path] fact path "subject.__proto__" uses the forbidden segment ' +
 *       '"__proto__" (found: "subject.__proto__")'
 *   ].join("\n")
 * )
 *
 * @category codec
 * @since 0.1.0
 */
export const decode: (u: unknown) => Either<DecodeError, Rule> = decodeWith(codec)
