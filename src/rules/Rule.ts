/**
 * Rules: eligibility, applicability and suitability conditions as data.
 *
 * A `Rule` is a small Boolean language over facts — a plain object such as `{ subject, context }`
 * whose values are addressed by dotted paths (`"subject.age"`). It has the constants `always` and
 * `never`, `not`, `all` and `any` over any number of rules, and conditions that compare a fact with
 * a literal, a list, another fact or the decision time. Rules are stored as JSON (`RuleCodec`),
 * evaluated (`evaluate`), explained to a business analyst (`explain`, `whyNot`, `renderVerdict`),
 * simplified (`simplify`) and compiled once to a closure for the hot path (`compile`), or many
 * at once to be checked together (`compileAll`, for a catalog's eligibility rules).
 *
 * Semantics. Every condition is two-valued. A fact is *missing* when the path does not reach an
 * own property, or reaches `undefined` or `null`. A missing fact, or a fact of the wrong type,
 * makes a condition false and never throws; `not` turns that false into true. Equality is strict
 * (no coercion: `18` is not `"18"`). See docs/rules.md for the table of operators.
 *
 * Laws (checked with fast-check in test/rules):
 * - `compile(r)(f, now) === evaluate(r)(f, now) === evaluate(simplify(r))(f, now)`.
 * - `compileAll(rs)(f, now)` is the list of the `i`, in increasing order, with `evaluate(rs[i])(f, now)`.
 * - `explain(r)(f, now).passed === evaluate(r)(f, now)`; `whyNot` is empty exactly when it passed.
 * - `simplify` is idempotent: `Eq.equals(simplify(simplify(r)), simplify(r))`.
 * - `MonoidAll` and `MonoidAny`: associativity and identity hold exactly (under `Eq`).
 * - `BooleanAlgebra`: associativity, commutativity, identities, absorption, distributivity,
 *   complements, De Morgan and double negation hold under `evaluate` (for all facts and times).
 * - Codec round trip: `decode(encode(r))` is `Right(r')` with `Eq.equals(r', r)`.
 * - Totality: no function here throws on a rule made by the constructors or the decoder, on any
 *   facts, however deep the rule (explicit stacks; the decoder stops at `MAX_DEPTH`).
 *
 * @since 0.1.0
 */
import type { BooleanAlgebra as BooleanAlgebraT } from "fp-ts/lib/BooleanAlgebra.js"
import type { Either } from "fp-ts/lib/Either.js"
import type { Eq as EqT } from "fp-ts/lib/Eq.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import type { Show as ShowT } from "fp-ts/lib/Show.js"
import * as t from "io-ts/lib/index.js"
import { type DecodeError, decodeWith, failure, renderFound } from "../kernel/DecodeError.js"
import { type FactPath, type Facts, getter, lookupPath, parsePath, pathProblem } from "../kernel/Facts.js"
import { DAY_MS, type Instant, parseIso, toIso } from "../kernel/Time.js"
import { betweenNumbers2, type Closure, differs2, equals2, lookup, member2, orderNumber2, presence2 } from "./internal/closures.js"
import { type ClosureRow, evaluator, type MemberRow, type Plan, type PresenceRow, type RangeRow } from "./internal/plan.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A literal a fact can be compared with: a string, a finite number or a boolean.
 *
 * @category model
 * @since 0.1.0
 */
export type Literal = string | number | boolean

/**
 * A literal with an order: a finite number, or a string (compared by UTF-16 code units).
 *
 * @category model
 * @since 0.1.0
 */
export type Ordered = string | number

/**
 * The order comparisons.
 *
 * @category model
 * @since 0.1.0
 */
export type Ordering = "lt" | "lte" | "gt" | "gte"

/**
 * The six comparisons.
 *
 * @category model
 * @since 0.1.0
 */
export type Comparison = "eq" | "neq" | Ordering

/**
 * The rule that always holds.
 *
 * @category model
 * @since 0.1.0
 */
export interface Always {
  readonly _tag: "Always"
}

/**
 * The rule that never holds.
 *
 * @category model
 * @since 0.1.0
 */
export interface Never {
  readonly _tag: "Never"
}

/**
 * Holds when its operand does not.
 *
 * @category model
 * @since 0.1.0
 */
export interface Not {
  readonly _tag: "Not"
  readonly rule: Rule
}

/**
 * Holds when every operand holds (and so when there are none).
 *
 * @category model
 * @since 0.1.0
 */
export interface All {
  readonly _tag: "All"
  readonly rules: ReadonlyArray<Rule>
}

/**
 * Holds when some operand holds (and so never when there are none).
 *
 * @category model
 * @since 0.1.0
 */
export interface Any {
  readonly _tag: "Any"
  readonly rules: ReadonlyArray<Rule>
}

/**
 * `eq`: the fact is the literal. `neq`: the fact is a present scalar (string, number, boolean)
 * other than the literal.
 *
 * @category model
 * @since 0.1.0
 */
export interface Equal {
  readonly _tag: "Equal"
  readonly op: "eq" | "neq"
  readonly fact: string
  readonly value: Literal
}

/**
 * The fact has the literal's type (number or string) and stands in the given order to it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Order {
  readonly _tag: "Order"
  readonly op: Ordering
  readonly fact: string
  readonly value: Ordered
}

/**
 * `min ≤ fact ≤ max`, the fact having the type of both bounds.
 *
 * @category model
 * @since 0.1.0
 */
export interface Between {
  readonly _tag: "Between"
  readonly fact: string
  readonly min: Ordered
  readonly max: Ordered
}

/**
 * `in`: the fact is one of the literals. `notIn`: the fact is a present scalar that is none of them.
 *
 * @category model
 * @since 0.1.0
 */
export interface Member {
  readonly _tag: "Member"
  readonly op: "in" | "notIn"
  readonly fact: string
  readonly values: ReadonlyArray<Literal>
}

/**
 * `exists`: the fact is present (not absent, `undefined` or `null`). `missing`: it is not.
 *
 * @category model
 * @since 0.1.0
 */
export interface Presence {
  readonly _tag: "Presence"
  readonly op: "exists" | "missing"
  readonly fact: string
}

/**
 * The fact is a string that starts with, ends with or contains the given text (no regular
 * expressions).
 *
 * @category model
 * @since 0.1.0
 */
export interface Text {
  readonly _tag: "Text"
  readonly op: "startsWith" | "endsWith" | "contains"
  readonly fact: string
  readonly value: string
}

/**
 * Compares two facts: `eq` when the first is a present scalar equal to the second, `neq` when
 * both are present scalars that differ, orders when both are numbers or both are strings.
 *
 * @category model
 * @since 0.1.0
 */
export interface CompareFacts {
  readonly _tag: "CompareFacts"
  readonly op: Comparison
  readonly fact: string
  readonly other: string
}

/**
 * Compares a date-time fact with the decision time `now` (false when `now` is not given), where
 * `d = days × 86,400,000 ms`:
 * `before`: `t < now − d`; `after`: `t > now + d`; `withinLastDays`: `now − d ≤ t ≤ now`;
 * `withinNextDays`: `now ≤ t ≤ now + d`. The fact may be epoch milliseconds, ISO 8601 text with a
 * zone (or a bare date, midnight UTC) or a `Date`.
 *
 * @category model
 * @since 0.1.0
 */
export interface DateTime {
  readonly _tag: "DateTime"
  readonly op: "before" | "after" | "withinLastDays" | "withinNextDays"
  readonly fact: string
  readonly days: number
}

/**
 * A condition on facts: every rule that is neither a constant nor a connective.
 *
 * @category model
 * @since 0.1.0
 */
export type Condition = Equal | Order | Between | Member | Presence | Text | CompareFacts | DateTime

/**
 * A rule without operands: a constant or a condition.
 *
 * @category model
 * @since 0.1.0
 */
export type Leaf = Always | Never | Condition

/**
 * An eligibility rule.
 *
 * @category model
 * @since 0.1.0
 */
export type Rule = Leaf | Not | All | Any

/**
 * A compiled rule: a closure over facts and the decision time.
 *
 * @category model
 * @since 0.1.0
 */
export type CompiledRule = (facts: Facts, now?: Instant) => boolean

/**
 * Rules compiled together (`compileAll`): the positions, in increasing order, of the rules that
 * hold for the facts at the decision time.
 *
 * @category model
 * @since 0.1.0
 */
export type CompiledRules = (facts: Facts, now?: Instant) => ReadonlyArray<number>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const fail = (api: string, message: string): never => {
  throw new TypeError(`Rule.${api}: ${message}`)
}

const checkPath = (api: string, path: string): string => {
  if (typeof path !== "string") return fail(api, `a fact path must be a string, found ${renderFound(path)}`)
  const problem = pathProblem(path)
  return problem === null ? path : fail(api, problem.message)
}

const isLiteral = (u: unknown): u is Literal => typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

const isOrdered = (u: unknown): u is Ordered => typeof u === "string" || (typeof u === "number" && Number.isFinite(u))

const checkLiteral = (api: string, value: Literal): Literal =>
  isLiteral(value) ? value : fail(api, `the value must be a string, a finite number or a boolean, found ${renderFound(value)}`)

const checkOrdered = (api: string, value: Ordered): Ordered =>
  isOrdered(value) ? value : fail(api, `the value must be a string or a finite number, found ${renderFound(value)}`)

const checkDays = (api: string, days: number): number =>
  typeof days === "number" && Number.isFinite(days) && days >= 0 ? days : fail(api, `days must be a finite number ≥ 0, found ${renderFound(days)}`)

const checkRule = (api: string, rule: Rule): Rule =>
  rule !== null && typeof rule === "object" && typeof rule._tag === "string" ? rule : fail(api, `expected a rule, found ${renderFound(rule)}`)

/**
 * The rule that always holds: the identity of `all`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const always: Rule = { _tag: "Always" }

/**
 * The rule that never holds: the identity of `any`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const never: Rule = { _tag: "Never" }

/**
 * Negation.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const notChurned = R.not(R.eq("subject.churned", true))
 * assert.strictEqual(R.evaluate(notChurned)({ subject: { churned: false } }), true)
 * assert.strictEqual(R.evaluate(notChurned)({ subject: {} }), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const not = (rule: Rule): Rule => ({ _tag: "Not", rule: checkRule("not", rule) })

/**
 * Conjunction of any number of rules; `all()` always holds.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const adult = R.all(R.gte("subject.age", 18), R.in("subject.segment", ["gold", "silver"]), R.not(R.eq("subject.churned", true)))
 * assert.strictEqual(R.evaluate(adult)({ subject: { age: 34, segment: "gold", churned: false } }), true)
 * assert.strictEqual(R.evaluate(adult)({ subject: { age: 17, segment: "gold" } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const all = (...rules: ReadonlyArray<Rule>): Rule => {
  for (const rule of rules) checkRule("all", rule)
  return { _tag: "All", rules }
}

/**
 * Disjunction of any number of rules; `any()` never holds.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const reachable = R.any(R.exists("subject.email"), R.exists("subject.phone"))
 * assert.strictEqual(R.evaluate(reachable)({ subject: { phone: "+31 20 123 4567" } }), true)
 * assert.strictEqual(R.evaluate(reachable)({ subject: { email: null } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const any = (...rules: ReadonlyArray<Rule>): Rule => {
  for (const rule of rules) checkRule("any", rule)
  return { _tag: "Any", rules }
}

const equal = (op: Equal["op"]) => (fact: string, value: Literal): Rule => ({
  _tag: "Equal",
  op,
  fact: checkPath(op, fact),
  value: checkLiteral(op, value)
})

const order = (op: Ordering) => (fact: string, value: Ordered): Rule => ({
  _tag: "Order",
  op,
  fact: checkPath(op, fact),
  value: checkOrdered(op, value)
})

/**
 * The fact is the literal (strict: same type, same value).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * assert.strictEqual(R.evaluate(R.eq("context.channel", "web"))({ context: { channel: "web" } }), true)
 * assert.strictEqual(R.evaluate(R.eq("subject.age", 18))({ subject: { age: "18" } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const eq: (fact: string, value: Literal) => Rule = equal("eq")

/**
 * The fact is a present scalar other than the literal; a missing fact or an object makes it false.
 *
 * @category constructors
 * @since 0.1.0
 */
export const neq: (fact: string, value: Literal) => Rule = equal("neq")

/**
 * The fact is less than the literal (both numbers or both strings).
 *
 * @category constructors
 * @since 0.1.0
 */
export const lt: (fact: string, value: Ordered) => Rule = order("lt")

/**
 * The fact is at most the literal (both numbers or both strings).
 *
 * @category constructors
 * @since 0.1.0
 */
export const lte: (fact: string, value: Ordered) => Rule = order("lte")

/**
 * The fact is greater than the literal (both numbers or both strings).
 *
 * @category constructors
 * @since 0.1.0
 */
export const gt: (fact: string, value: Ordered) => Rule = order("gt")

/**
 * The fact is at least the literal (both numbers or both strings).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const adult = R.gte("subject.age", 18)
 * assert.strictEqual(R.evaluate(adult)({ subject: { age: 18 } }), true)
 * assert.strictEqual(R.evaluate(adult)({ subject: { age: "eighteen" } }), false)
 * assert.strictEqual(R.evaluate(adult)({}), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const gte: (fact: string, value: Ordered) => Rule = order("gte")

/**
 * `min ≤ fact ≤ max`, inclusive; both bounds numbers or both strings, `min ≤ max`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const working = R.between("subject.age", 18, 67)
 * assert.strictEqual(R.evaluate(working)({ subject: { age: 67 } }), true)
 * assert.strictEqual(R.evaluate(working)({ subject: { age: 68 } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const between: {
  (fact: string, min: number, max: number): Rule
  (fact: string, min: string, max: string): Rule
} = (fact: string, min: Ordered, max: Ordered): Rule => {
  checkOrdered("between", min)
  checkOrdered("between", max)
  if (typeof min !== typeof max) fail("between", `min and max must have the same type, found ${renderFound(min)} and ${renderFound(max)}`)
  if (min > max) fail("between", `min must not exceed max, found ${renderFound(min)} > ${renderFound(max)}`)
  return { _tag: "Between", fact: checkPath("between", fact), min, max }
}

const checkValues = (api: string, values: ReadonlyArray<Literal>): ReadonlyArray<Literal> => {
  if (!Array.isArray(values)) return fail(api, `values must be an array, found ${renderFound(values)}`)
  const copy = values.slice()
  for (const value of copy) checkLiteral(api, value)
  return copy
}

/**
 * The fact is one of the literals. Exported as `in` (a reserved word as a binding name).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const premium = R.in("subject.segment", ["gold", "platinum"])
 * assert.strictEqual(R.evaluate(premium)({ subject: { segment: "gold" } }), true)
 * assert.strictEqual(R.evaluate(premium)({ subject: { segment: "bronze" } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const in_ = (fact: string, values: ReadonlyArray<Literal>): Rule => ({
  _tag: "Member",
  op: "in",
  fact: checkPath("in", fact),
  values: checkValues("in", values)
})

export {
  /**
   * The fact is one of the literals (`in_` under its natural name).
   *
   * @category constructors
   * @since 0.1.0
   */
  in_ as in
}


/**
 * The fact is a present scalar that is none of the literals.
 *
 * @category constructors
 * @since 0.1.0
 */
export const notIn = (fact: string, values: ReadonlyArray<Literal>): Rule => ({
  _tag: "Member",
  op: "notIn",
  fact: checkPath("notIn", fact),
  values: checkValues("notIn", values)
})

/**
 * The fact is present: the path reaches an own property that is neither `undefined` nor `null`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const exists = (fact: string): Rule => ({ _tag: "Presence", op: "exists", fact: checkPath("exists", fact) })

/**
 * The fact is missing: absent, `undefined` or `null`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const missing = (fact: string): Rule => ({ _tag: "Presence", op: "missing", fact: checkPath("missing", fact) })

const text = (op: Text["op"]) => (fact: string, value: string): Rule => ({
  _tag: "Text",
  op,
  fact: checkPath(op, fact),
  value: typeof value === "string" ? value : fail(op, `the text must be a string, found ${renderFound(value)}`)
})

/**
 * The fact is a string starting with the given text.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * assert.strictEqual(R.evaluate(R.startsWith("subject.postcode", "10"))({ subject: { postcode: "1017 AB" } }), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const startsWith: (fact: string, prefix: string) => Rule = text("startsWith")

/**
 * The fact is a string ending with the given text.
 *
 * @category constructors
 * @since 0.1.0
 */
export const endsWith: (fact: string, suffix: string) => Rule = text("endsWith")

/**
 * The fact is a string containing the given text.
 *
 * @category constructors
 * @since 0.1.0
 */
export const contains: (fact: string, part: string) => Rule = text("contains")

const compareFacts = (op: Comparison) => (fact: string, other: string): Rule => ({
  _tag: "CompareFacts",
  op,
  fact: checkPath(`${op}Fact`, fact),
  other: checkPath(`${op}Fact`, other)
})

/**
 * The first fact is a present scalar equal to the second.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eqFact: (fact: string, other: string) => Rule = compareFacts("eq")

/**
 * Both facts are present scalars and they differ.
 *
 * @category constructors
 * @since 0.1.0
 */
export const neqFact: (fact: string, other: string) => Rule = compareFacts("neq")

/**
 * The first fact is less than the second (both numbers or both strings).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const affordable = R.lteFact("context.price", "subject.balance")
 * assert.strictEqual(R.evaluate(affordable)({ subject: { balance: 250 }, context: { price: 199 } }), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const ltFact: (fact: string, other: string) => Rule = compareFacts("lt")

/**
 * The first fact is at most the second (both numbers or both strings).
 *
 * @category constructors
 * @since 0.1.0
 */
export const lteFact: (fact: string, other: string) => Rule = compareFacts("lte")

/**
 * The first fact is greater than the second (both numbers or both strings).
 *
 * @category constructors
 * @since 0.1.0
 */
export const gtFact: (fact: string, other: string) => Rule = compareFacts("gt")

/**
 * The first fact is at least the second (both numbers or both strings).
 *
 * @category constructors
 * @since 0.1.0
 */
export const gteFact: (fact: string, other: string) => Rule = compareFacts("gte")

/**
 * The date-time fact lies more than `days` days (default 0) before the decision time.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const now = Date.UTC(2024, 4, 1)
 * const longstanding = R.before("subject.customerSince", 365)
 * assert.strictEqual(R.evaluate(longstanding)({ subject: { customerSince: "2021-03-15" } }, now), true)
 * assert.strictEqual(R.evaluate(longstanding)({ subject: { customerSince: "2021-03-15" } }), false) // no now
 *
 * @category constructors
 * @since 0.1.0
 */
export const before = (fact: string, days = 0): Rule => ({
  _tag: "DateTime",
  op: "before",
  fact: checkPath("before", fact),
  days: checkDays("before", days)
})

/**
 * The date-time fact lies more than `days` days (default 0) after the decision time.
 *
 * @category constructors
 * @since 0.1.0
 */
export const after = (fact: string, days = 0): Rule => ({
  _tag: "DateTime",
  op: "after",
  fact: checkPath("after", fact),
  days: checkDays("after", days)
})

/**
 * The date-time fact lies in `[now − days, now]`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const now = Date.parse("2024-05-01T12:00:00Z")
 * const recent = R.withinLastDays("subject.lastPurchase", 30)
 * assert.strictEqual(R.evaluate(recent)({ subject: { lastPurchase: "2024-04-20T08:00:00Z" } }, now), true)
 * assert.strictEqual(R.evaluate(recent)({ subject: { lastPurchase: Date.parse("2024-03-01") } }, now), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const withinLastDays = (fact: string, days: number): Rule => ({
  _tag: "DateTime",
  op: "withinLastDays",
  fact: checkPath("withinLastDays", fact),
  days: checkDays("withinLastDays", days)
})

/**
 * The date-time fact lies in `[now, now + days]`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const withinNextDays = (fact: string, days: number): Rule => ({
  _tag: "DateTime",
  op: "withinNextDays",
  fact: checkPath("withinNextDays", fact),
  days: checkDays("withinNextDays", days)
})

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * One handler per kind of rule.
 *
 * @category destructors
 * @since 0.1.0
 */
export type Cases<B> = { readonly [K in Rule["_tag"]]: (rule: Extract<Rule, { readonly _tag: K }>) => B }

/**
 * Case analysis on the top node of a rule (total: one handler per `_tag`).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const kind = R.match<string>({
 *   Always: () => "constant", Never: () => "constant", Not: () => "connective", All: () => "connective", Any: () => "connective",
 *   Equal: () => "condition", Order: () => "condition", Between: () => "condition", Member: () => "condition",
 *   Presence: () => "condition", Text: () => "condition", CompareFacts: () => "condition", DateTime: () => "condition"
 * })
 * assert.strictEqual(kind(R.gte("subject.age", 18)), "condition")
 *
 * @category destructors
 * @since 0.1.0
 */
export const match =
  <B>(cases: Cases<B>) =>
  (rule: Rule): B =>
    (cases[rule._tag] as (rule: Rule) => B)(rule)

/**
 * Handlers for `fold`: one for leaves, one per connective, given the folded operands.
 *
 * @category destructors
 * @since 0.1.0
 */
export interface Algebra<B> {
  readonly Leaf: (rule: Leaf) => B
  readonly Not: (operand: B, rule: Not) => B
  readonly All: (operands: ReadonlyArray<B>, rule: All) => B
  readonly Any: (operands: ReadonlyArray<B>, rule: Any) => B
}

const isConnective = (rule: Rule): rule is Not | All | Any => rule._tag === "Not" || rule._tag === "All" || rule._tag === "Any"

const operandsOf = (rule: Not | All | Any): ReadonlyArray<Rule> => (rule._tag === "Not" ? [rule.rule] : rule.rules)

/**
 * Bottom-up fold (catamorphism) with an explicit stack: safe on rules of any depth.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const conditions = R.fold<number>({ Leaf: () => 1, Not: (n) => n, All: (ns) => ns.reduce((a, b) => a + b, 0), Any: (ns) => ns.reduce((a, b) => a + b, 0) })
 * assert.strictEqual(conditions(R.all(R.gte("subject.age", 18), R.not(R.eq("subject.churned", true)))), 2)
 *
 * @category destructors
 * @since 0.1.0
 */
export const fold =
  <B>(algebra: Algebra<B>) =>
  (rule: Rule): B => {
    if (!isConnective(rule)) return algebra.Leaf(rule)
    const nodes: Array<Not | All | Any> = [rule]
    const kids: Array<ReadonlyArray<Rule>> = [operandsOf(rule)]
    const next: Array<number> = [0]
    const outs: Array<Array<B>> = [[]]
    for (;;) {
      const top = nodes.length - 1
      const operands = kids[top] as ReadonlyArray<Rule>
      const out = outs[top] as Array<B>
      const i = next[top] as number
      if (i < operands.length) {
        next[top] = i + 1
        const operand = operands[i] as Rule
        if (isConnective(operand)) {
          nodes.push(operand)
          kids.push(operandsOf(operand))
          next.push(0)
          outs.push([])
        } else {
          out.push(algebra.Leaf(operand))
        }
        continue
      }
      const node = nodes[top] as Not | All | Any
      const value = node._tag === "Not" ? algebra.Not(out[0] as B, node) : node._tag === "All" ? algebra.All(out, node) : algebra.Any(out, node)
      nodes.pop()
      kids.pop()
      next.pop()
      outs.pop()
      if (nodes.length === 0) return value
      ;(outs[top - 1] as Array<B>).push(value)
    }
  }

/**
 * The number of levels of a rule: 1 for a leaf, 1 + the deepest operand for a connective.
 *
 * @category destructors
 * @since 0.1.0
 */
export const depth: (rule: Rule) => number = fold<number>({
  Leaf: () => 1,
  Not: (d) => d + 1,
  All: (ds) => 1 + maxOf(ds),
  Any: (ds) => 1 + maxOf(ds)
})

const maxOf = (xs: ReadonlyArray<number>): number => {
  let m = 0
  for (const x of xs) if (x > m) m = x
  return m
}

/**
 * The fact paths a rule reads, each once, in order of first appearance.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.all(R.gte("subject.age", 18), R.any(R.lt("subject.age", 65), R.exists("subject.pension")))
 * assert.deepStrictEqual(R.factPaths(rule), ["subject.age", "subject.pension"])
 *
 * @category destructors
 * @since 0.1.0
 */
export const factPaths = (rule: Rule): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const visit = (leaf: Leaf): null => {
    if (leaf._tag !== "Always" && leaf._tag !== "Never") {
      seen.add(leaf.fact)
      if (leaf._tag === "CompareFacts") seen.add(leaf.other)
    }
    return null
  }
  fold<null>({ Leaf: visit, Not: () => null, All: () => null, Any: () => null })(rule)
  return [...seen]
}

// -------------------------------------------------------------------------------------
// evaluation
// -------------------------------------------------------------------------------------

const PATH_CACHE_LIMIT = 10_000
const pathCache = new Map<string, FactPath>()

/** lookup for the interpreter: the path is split once and cached (an unobservable, bounded cache) */
const at = (facts: unknown, path: string): unknown => {
  let segments = pathCache.get(path)
  if (segments === undefined) {
    if (pathCache.size >= PATH_CACHE_LIMIT) pathCache.clear()
    segments = parsePath(path)
    pathCache.set(path, segments)
  }
  return lookupPath(facts, segments)
}

const isScalar = (v: unknown): boolean => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && v === v)

const isPresent = (v: unknown): boolean => v !== undefined && v !== null

const ordered = (op: Ordering, a: Ordered, b: Ordered): boolean => {
  switch (op) {
    case "lt":
      return a < b
    case "lte":
      return a <= b
    case "gt":
      return a > b
    case "gte":
      return a >= b
  }
}

const sameOrderedType = (a: unknown, b: unknown): boolean =>
  (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string")

const comparesFacts = (op: Comparison, a: unknown, b: unknown): boolean => {
  switch (op) {
    case "eq":
      return isScalar(a) && a === b
    case "neq":
      return isScalar(a) && isScalar(b) && a !== b
    default:
      return sameOrderedType(a, b) && ordered(op, a as Ordered, b as Ordered)
  }
}

const includes = (values: ReadonlyArray<Literal>, v: unknown): boolean => {
  for (let i = 0; i < values.length; i++) if (values[i] === v) return true
  return false
}

/** epoch milliseconds of a date-time fact, or null when it is not one */
const instantOf = (v: unknown): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null
  if (typeof v === "string") return parseIso(v)
  if (v instanceof Date) {
    const ms = v.getTime()
    return Number.isFinite(ms) ? ms : null
  }
  return null
}

const inTime = (op: DateTime["op"], time: number, now: number, days: number): boolean => {
  const span = days * DAY_MS
  switch (op) {
    case "before":
      return time < now - span
    case "after":
      return time > now + span
    case "withinLastDays":
      return time >= now - span && time <= now
    case "withinNextDays":
      return time >= now && time <= now + span
  }
}

/** the truth of one leaf: the reference semantics every other path must agree with */
const holds = (leaf: Leaf, facts: unknown, now: Instant | undefined): boolean => {
  switch (leaf._tag) {
    case "Always":
      return true
    case "Never":
      return false
    case "Equal": {
      const v = at(facts, leaf.fact)
      return leaf.op === "eq" ? v === leaf.value : isScalar(v) && v !== leaf.value
    }
    case "Order": {
      const v = at(facts, leaf.fact)
      return typeof v === typeof leaf.value && ordered(leaf.op, v as Ordered, leaf.value)
    }
    case "Between": {
      const v = at(facts, leaf.fact)
      return typeof v === typeof leaf.min && typeof v === typeof leaf.max && (v as Ordered) >= leaf.min && (v as Ordered) <= leaf.max
    }
    case "Member": {
      const v = at(facts, leaf.fact)
      return leaf.op === "in" ? includes(leaf.values, v) : isScalar(v) && !includes(leaf.values, v)
    }
    case "Presence":
      return isPresent(at(facts, leaf.fact)) === (leaf.op === "exists")
    case "Text": {
      const v = at(facts, leaf.fact)
      if (typeof v !== "string") return false
      return leaf.op === "startsWith" ? v.startsWith(leaf.value) : leaf.op === "endsWith" ? v.endsWith(leaf.value) : v.includes(leaf.value)
    }
    case "CompareFacts":
      return comparesFacts(leaf.op, at(facts, leaf.fact), at(facts, leaf.other))
    case "DateTime": {
      if (now === undefined) return false
      const time = instantOf(at(facts, leaf.fact))
      return time !== null && inTime(leaf.op, time, now, leaf.days)
    }
  }
}

/** nesting handled by recursion before the interpreter switches to its explicit stack */
const RECURSION_LIMIT = 200

/** short-circuit evaluation with an explicit stack, for rules of any depth */
const evaluateDeep = (root: Rule, facts: unknown, now: Instant | undefined): boolean => {
  const nodes: Array<Rule> = [root]
  const next: Array<number> = [0]
  let value = false
  while (nodes.length > 0) {
    const top = nodes.length - 1
    const node = nodes[top] as Rule
    const i = next[top] as number
    if (node._tag === "Not") {
      if (i === 0) {
        next[top] = 1
        nodes.push(node.rule)
        next.push(0)
        continue
      }
      value = !value
    } else if (node._tag === "All" || node._tag === "Any") {
      const decisive = node._tag === "Any"
      if (i > 0 && value === decisive) {
        // value stays decisive
      } else if (i === node.rules.length) {
        value = !decisive
      } else {
        next[top] = i + 1
        nodes.push(node.rules[i] as Rule)
        next.push(0)
        continue
      }
    } else {
      value = holds(node, facts, now)
    }
    nodes.pop()
    next.pop()
  }
  return value
}

const evaluateAt = (rule: Rule, facts: unknown, now: Instant | undefined, level: number): boolean => {
  switch (rule._tag) {
    case "Not":
      return level > RECURSION_LIMIT ? evaluateDeep(rule, facts, now) : !evaluateAt(rule.rule, facts, now, level + 1)
    case "All": {
      if (level > RECURSION_LIMIT) return evaluateDeep(rule, facts, now)
      const rules = rule.rules
      for (let i = 0; i < rules.length; i++) if (!evaluateAt(rules[i] as Rule, facts, now, level + 1)) return false
      return true
    }
    case "Any": {
      if (level > RECURSION_LIMIT) return evaluateDeep(rule, facts, now)
      const rules = rule.rules
      for (let i = 0; i < rules.length; i++) if (evaluateAt(rules[i] as Rule, facts, now, level + 1)) return true
      return false
    }
    default:
      return holds(rule, facts, now)
  }
}

/**
 * Interprets a rule against facts at the decision time `now` (date-time conditions are false
 * without it). Total: never throws, whatever the facts. Short-circuits `all` and `any` left to
 * right.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.all(R.gte("subject.age", 18), R.in("subject.segment", ["gold", "silver"]))
 * assert.strictEqual(R.evaluate(rule)({ subject: { age: 40, segment: "silver" } }), true)
 * assert.strictEqual(R.evaluate(rule)({ subject: { age: 40 } }), false)
 *
 * @category evaluation
 * @since 0.1.0
 */
export const evaluate =
  (rule: Rule) =>
  (facts: Facts, now?: Instant): boolean =>
    evaluateAt(rule, facts, now, 0)

// -------------------------------------------------------------------------------------
// compilation
// -------------------------------------------------------------------------------------

const TRUE: Closure = () => true
const FALSE: Closure = () => false

/** the deepest (simplified) rule compiled to nested closures; deeper ones run on the interpreter's stack */
const COMPILE_DEPTH = 200

/** lists longer than this are looked up in a Set */
const SET_THRESHOLD = 8

/** a compiled lookup: exact own-property reads, except for paths with forbidden segments (never followed, as in the kernel) */
const lookupOf = (segments: FactPath, path: string): ((facts: unknown) => unknown) =>
  pathProblem(path) === null ? lookup(segments) : getter(path)

/** the two segments of a valid two-segment path, or null */
const twoSegments = (segments: FactPath, path: string): readonly [string, string] | null =>
  segments.length === 2 && pathProblem(path) === null ? [segments[0] as string, segments[1] as string] : null

const compileMember = (leaf: Member): Closure => {
  const values = leaf.values.filter((v) => v === v) // NaN never equals anything under ===
  const segments = parsePath(leaf.fact)
  const two = twoSegments(segments, leaf.fact)
  if (two !== null) return member2(two[0], two[1], values, leaf.op === "notIn", SET_THRESHOLD)
  const get = lookupOf(segments, leaf.fact)
  const found: (v: unknown) => boolean =
    values.length > SET_THRESHOLD
      ? ((set: ReadonlySet<unknown>) => (v: unknown) => set.has(v))(new Set<unknown>(values))
      : (v) => values.includes(v as Literal)
  if (leaf.op === "in") return (f) => found(get(f))
  return (f) => {
    const v = get(f)
    return isScalar(v) && !found(v)
  }
}

const compileOrder = (leaf: Order): Closure => {
  const segments = parsePath(leaf.fact)
  const two = twoSegments(segments, leaf.fact)
  const k = leaf.value
  const op = leaf.op
  if (typeof k === "number" && two !== null) return orderNumber2(op, two[0], two[1], k)
  const get = lookupOf(segments, leaf.fact)
  if (typeof k === "number") {
    return (f) => {
      const v = get(f)
      return typeof v === "number" && ordered(op, v, k)
    }
  }
  if (typeof k === "string") {
    return (f) => {
      const v = get(f)
      return typeof v === "string" && ordered(op, v, k)
    }
  }
  return (f, now) => holds(leaf, f, now)
}

const compileText = (leaf: Text): Closure => {
  const get = lookupOf(parsePath(leaf.fact), leaf.fact)
  const s = leaf.value
  switch (leaf.op) {
    case "startsWith":
      return (f) => {
        const v = get(f)
        return typeof v === "string" && v.startsWith(s)
      }
    case "endsWith":
      return (f) => {
        const v = get(f)
        return typeof v === "string" && v.endsWith(s)
      }
    case "contains":
      return (f) => {
        const v = get(f)
        return typeof v === "string" && v.includes(s)
      }
  }
}

const compileLeaf = (leaf: Leaf, negated: boolean): Closure => {
  switch (leaf._tag) {
    case "Always":
      return negated ? FALSE : TRUE
    case "Never":
      return negated ? TRUE : FALSE
    case "Equal": {
      const segments = parsePath(leaf.fact)
      const two = twoSegments(segments, leaf.fact)
      const k = leaf.value
      if (leaf.op === "eq") {
        if (two !== null) return equals2(two[0], two[1], k, negated)
        const get = lookupOf(segments, leaf.fact)
        return negated ? (f) => get(f) !== k : (f) => get(f) === k
      }
      const differs = two !== null ? differs2(two[0], two[1], k) : ((get) => (f: unknown) => {
        const v = get(f)
        return v !== k && isScalar(v)
      })(lookupOf(segments, leaf.fact))
      return negated ? compileNot(differs) : differs
    }
    case "Order":
      return negate(compileOrder(leaf), negated)
    case "Between": {
      const segments = parsePath(leaf.fact)
      const two = twoSegments(segments, leaf.fact)
      const { min, max } = leaf
      if (typeof min === "number" && typeof max === "number") {
        if (two !== null) return negate(betweenNumbers2(two[0], two[1], min, max), negated)
        const get = lookupOf(segments, leaf.fact)
        return negate((f) => {
          const v = get(f)
          return typeof v === "number" && v >= min && v <= max
        }, negated)
      }
      if (typeof min === "string" && typeof max === "string") {
        const get = lookupOf(segments, leaf.fact)
        return negate((f) => {
          const v = get(f)
          return typeof v === "string" && v >= min && v <= max
        }, negated)
      }
      return negate((f, now) => holds(leaf, f, now), negated)
    }
    case "Member":
      return negate(compileMember(leaf), negated)
    case "Presence": {
      const segments = parsePath(leaf.fact)
      const two = twoSegments(segments, leaf.fact)
      const exists = (leaf.op === "exists") !== negated
      if (two !== null) return presence2(two[0], two[1], exists)
      const get = lookupOf(segments, leaf.fact)
      return (f) => {
        const v = get(f)
        return (v !== undefined && v !== null) === exists
      }
    }
    case "Text":
      return negate(compileText(leaf), negated)
    case "CompareFacts": {
      const get = lookupOf(parsePath(leaf.fact), leaf.fact)
      const other = lookupOf(parsePath(leaf.other), leaf.other)
      const op = leaf.op
      return negate((f) => comparesFacts(op, get(f), other(f)), negated)
    }
    case "DateTime": {
      const get = lookupOf(parsePath(leaf.fact), leaf.fact)
      const { op, days } = leaf
      return negate((f, now) => {
        if (now === undefined) return false
        const time = instantOf(get(f))
        return time !== null && inTime(op, time, now, days)
      }, negated)
    }
  }
}

const compileConjunction = (cs: ReadonlyArray<Closure>): Closure => {
  switch (cs.length) {
    case 0:
      return TRUE
    case 1:
      return cs[0] as Closure
    case 2: {
      const [a, b] = cs as [Closure, Closure]
      return (f, n) => a(f, n) && b(f, n)
    }
    case 3: {
      const [a, b, c] = cs as [Closure, Closure, Closure]
      return (f, n) => a(f, n) && b(f, n) && c(f, n)
    }
    case 4: {
      const [a, b, c, d] = cs as [Closure, Closure, Closure, Closure]
      return (f, n) => a(f, n) && b(f, n) && c(f, n) && d(f, n)
    }
    default:
      return (f, n) => {
        for (let i = 0; i < cs.length; i++) if (!(cs[i] as Closure)(f, n)) return false
        return true
      }
  }
}

const compileAny = (cs: ReadonlyArray<Closure>): Closure => {
  switch (cs.length) {
    case 0:
      return FALSE
    case 1:
      return cs[0] as Closure
    case 2: {
      const [a, b] = cs as [Closure, Closure]
      return (f, n) => a(f, n) || b(f, n)
    }
    case 3: {
      const [a, b, c] = cs as [Closure, Closure, Closure]
      return (f, n) => a(f, n) || b(f, n) || c(f, n)
    }
    case 4: {
      const [a, b, c, d] = cs as [Closure, Closure, Closure, Closure]
      return (f, n) => a(f, n) || b(f, n) || c(f, n) || d(f, n)
    }
    default:
      return (f, n) => {
        for (let i = 0; i < cs.length; i++) if ((cs[i] as Closure)(f, n)) return true
        return false
      }
  }
}

const compileNot = (c: Closure): Closure => (c === TRUE ? FALSE : c === FALSE ? TRUE : (f, n) => !c(f, n))

const negate = (c: Closure, negated: boolean): Closure => (negated ? compileNot(c) : c)

/** closures for a simplified rule no deeper than COMPILE_DEPTH; a `not` over a leaf becomes one closure */
const compileNode = (rule: Rule): Closure => {
  switch (rule._tag) {
    case "Not":
      return isConnective(rule.rule) ? compileNot(compileNode(rule.rule)) : compileLeaf(rule.rule, true)
    case "All":
      return compileConjunction(rule.rules.map(compileNode))
    case "Any":
      return compileAny(rule.rules.map(compileNode))
    default:
      return compileLeaf(rule, false)
  }
}

/**
 * Compiles a rule once to a closure for the hot path: paths are split once, each condition is
 * specialised to its operator and literal type, long lists become Sets, and constants, nested
 * connectives, duplicates and double negations are simplified away first. Always equal to
 * `evaluate(rule)`. A rule nested deeper than 200 levels (after simplification) is run by the
 * interpreter's explicit stack instead of nested closures.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const eligible = R.compile(R.all(R.gte("subject.age", 18), R.gt("subject.balance", 1000), R.not(R.eq("subject.churned", true))))
 * assert.strictEqual(eligible({ subject: { age: 30, balance: 2500, churned: false } }), true)
 * assert.strictEqual(eligible({ subject: { age: 30, balance: 2500, churned: true } }), false)
 *
 * @category evaluation
 * @since 0.1.0
 */
export const compile = (rule: Rule): CompiledRule => {
  const simple = simplify(rule)
  return compileSimple(simple)
}

/** closures for a simplified rule, on the interpreter's stack when it is deeper than COMPILE_DEPTH */
const compileSimple = (simple: Rule): Closure =>
  depth(simple) > COMPILE_DEPTH ? (facts, now) => evaluateDeep(simple, facts, now) : compileNode(simple)

/** the row a condition (negated or not) becomes in a plan, or false when it has none and runs as a closure */
const planRow = (plan: PlanBuilder, rule: number, leaf: Condition, negated: boolean): boolean => {
  switch (leaf._tag) {
    case "Equal":
      // eq k is in [k], neq k is notIn [k]
      plan.members.push({ rule, slot: plan.slot(leaf.fact), values: [leaf.value], notIn: leaf.op === "neq", negated })
      return true
    case "Order": {
      const k = leaf.value
      if (typeof k !== "number") return false
      const below = leaf.op === "lt" || leaf.op === "lte"
      const open = leaf.op === "lt" || leaf.op === "gt"
      plan.ranges.push({
        rule,
        slot: plan.slot(leaf.fact),
        lo: below ? Number.NEGATIVE_INFINITY : k,
        loOpen: !below && open,
        hi: below ? k : Number.POSITIVE_INFINITY,
        hiOpen: below && open,
        negated
      })
      return true
    }
    case "Between": {
      const { min, max } = leaf
      if (typeof min !== "number" || typeof max !== "number") return false
      plan.ranges.push({ rule, slot: plan.slot(leaf.fact), lo: min, loOpen: false, hi: max, hiOpen: false, negated })
      return true
    }
    case "Member":
      plan.members.push({ rule, slot: plan.slot(leaf.fact), values: leaf.values.filter((v) => v === v), notIn: leaf.op === "notIn", negated })
      return true
    case "Presence":
      plan.presences.push({ rule, slot: plan.slot(leaf.fact), exists: (leaf.op === "exists") !== negated })
      return true
    default:
      return false
  }
}

interface PlanBuilder extends Plan {
  readonly slot: (path: string) => number
  readonly lookups: Array<(facts: unknown) => unknown>
  readonly never: Array<number>
  readonly ranges: Array<RangeRow>
  readonly presences: Array<PresenceRow>
  readonly members: Array<MemberRow>
  readonly closures: Array<ClosureRow>
}

const planBuilder = (rules: number): PlanBuilder => {
  const slots = new Map<string, number>()
  const lookups: Array<(facts: unknown) => unknown> = []
  return {
    rules,
    lookups,
    never: [],
    ranges: [],
    presences: [],
    members: [],
    closures: [],
    slot: (path) => {
      const known = slots.get(path)
      if (known !== undefined) return known
      slots.set(path, lookups.length)
      lookups.push(lookupOf(parsePath(path), path))
      return lookups.length - 1
    }
  }
}

/** adds one operand of a conjunction (or a whole rule) to the plan: a row when it is a condition, else a closure */
const planOperand = (plan: PlanBuilder, rule: number, operand: Rule): void => {
  if (operand._tag === "Not" && !isConnective(operand.rule) && operand.rule._tag !== "Always" && operand.rule._tag !== "Never") {
    if (planRow(plan, rule, operand.rule, true)) return
  } else if (!isConnective(operand) && operand._tag !== "Always" && operand._tag !== "Never") {
    if (planRow(plan, rule, operand, false)) return
  }
  plan.closures.push({ rule, check: compileSimple(operand) })
}

/**
 * Compiles many rules to be checked together, e.g. the eligibility rules of every action in a
 * catalog: the result lists, in increasing order, the positions of the rules that hold. Each
 * distinct fact path is read once per call (own properties only, as everywhere), the conditions
 * of rules that are conjunctions are checked in tight loops over typed columns, and the other
 * conditions run as compiled closures, only for rules still standing. Always equal to checking
 * each rule with `evaluate`; it reads every fact the rules name once per call, even one that a
 * short-circuit would have skipped.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const eligible = R.compileAll([
 *   R.all(R.gte("subject.age", 18), R.in("subject.segment", ["gold", "silver"])),
 *   R.all(R.gte("subject.age", 65), R.not(R.eq("subject.churned", true))),
 *   R.exists("subject.segment")
 * ])
 * assert.deepStrictEqual(eligible({ subject: { age: 70, segment: "gold" } }), [0, 1, 2])
 * assert.deepStrictEqual(eligible({ subject: { age: 40, segment: "bronze" } }), [2])
 *
 * @category evaluation
 * @since 0.1.0
 */
export const compileAll = (rules: ReadonlyArray<Rule>): CompiledRules => {
  const plan = planBuilder(rules.length)
  rules.forEach((rule, i) => {
    const simple = simplify(checkRule("compileAll", rule))
    if (simple._tag === "Never") plan.never.push(i)
    else if (simple._tag === "All" && depth(simple) <= COMPILE_DEPTH) for (const operand of simple.rules) planOperand(plan, i, operand)
    else if (simple._tag !== "Always") planOperand(plan, i, simple)
  })
  return evaluator(plan)
}

// -------------------------------------------------------------------------------------
// simplification
// -------------------------------------------------------------------------------------

const literalKey = (value: Literal): string => (typeof value === "string" ? JSON.stringify(value) : String(value))

/** a string that identifies a condition up to `Eq` (numbers by ===, so 0 and -0 alike) */
const leafKey = (leaf: Condition): string => {
  const head = `${leaf._tag}:${leaf.fact.length}:${leaf.fact}`
  switch (leaf._tag) {
    case "Equal":
    case "Order":
    case "Text":
      return `${head}:${leaf.op}:${literalKey(leaf.value)}`
    case "Between":
      return `${head}:${literalKey(leaf.min)}:${literalKey(leaf.max)}`
    case "Member":
      return `${head}:${leaf.op}:${leaf.values.map(literalKey).join(",")}`
    case "Presence":
      return `${head}:${leaf.op}`
    case "CompareFacts":
      return `${head}:${leaf.op}:${leaf.other}`
    case "DateTime":
      return `${head}:${leaf.op}:${leaf.days}`
  }
}

/**
 * An equivalent rule without constants below the top, nested `all` in `all` or `any` in `any`,
 * double negations, duplicate operands, or an operand beside its own negation (`a ∧ ¬a` is
 * `never`, `a ∨ ¬a` is `always`); `all`/`any` of one operand become that operand. Operand order
 * is kept, so short-circuit order is too. Idempotent; `evaluate(simplify(r))` equals
 * `evaluate(r)`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const adult = R.gte("subject.age", 18)
 * const messy = R.all(R.always, R.all(adult, R.not(R.not(adult))), R.any(R.never, R.exists("subject.email")))
 * assert.ok(R.Eq.equals(R.simplify(messy), R.all(adult, R.exists("subject.email"))))
 *
 * @category combinators
 * @since 0.1.0
 */
export const simplify = (rule: Rule): Rule => {
  // hash-consing: structurally equal simplified subtrees get the same id
  const ids = new Map<string, number>()
  const idOf = new Map<Rule, number>()
  const intern = (node: Rule, key: string): Rule => {
    let id = ids.get(key)
    if (id === undefined) {
      id = ids.size
      ids.set(key, id)
    }
    idOf.set(node, id)
    return node
  }
  const identify = (node: Rule): number => idOf.get(node) as number
  intern(always, "T")
  intern(never, "F")
  const connect = (tag: "All" | "Any", operands: ReadonlyArray<Rule>): Rule => {
    const absorbing = tag === "All" ? "Never" : "Always"
    const neutral = tag === "All" ? "Always" : "Never"
    const kept: Array<Rule> = []
    const keptIds = new Set<number>()
    for (const operand of operands) {
      const parts = operand._tag === tag ? operand.rules : [operand]
      for (const part of parts) {
        if (part._tag === absorbing) return part._tag === "Never" ? never : always
        if (part._tag === neutral) continue
        const id = identify(part)
        if (keptIds.has(id)) continue
        keptIds.add(id)
        kept.push(part)
      }
    }
    for (const part of kept) {
      if (part._tag === "Not" && keptIds.has(identify(part.rule))) return tag === "All" ? never : always
    }
    if (kept.length === 0) return tag === "All" ? always : never
    if (kept.length === 1) return kept[0] as Rule
    return intern({ _tag: tag, rules: kept }, `${tag === "All" ? "A" : "O"}${kept.map(identify).join(",")}`)
  }
  return fold<Rule>({
    Leaf: (leaf) => (leaf._tag === "Always" ? always : leaf._tag === "Never" ? never : intern(leaf, leafKey(leaf))),
    Not: (operand) => {
      if (operand._tag === "Always") return never
      if (operand._tag === "Never") return always
      if (operand._tag === "Not") return operand.rule
      return intern({ _tag: "Not", rule: operand }, `N${identify(operand)}`)
    },
    All: (operands) => connect("All", operands),
    Any: (operands) => connect("Any", operands)
  })(rule)
}

// -------------------------------------------------------------------------------------
// explanation
// -------------------------------------------------------------------------------------

/**
 * A fact as a condition saw it: its path and value; `missing` when absent, `undefined` or `null`.
 *
 * @category explanation
 * @since 0.1.0
 */
export interface Seen {
  readonly fact: string
  readonly value: unknown
  readonly missing: boolean
}

/**
 * The verdict on one leaf: whether it held, whether it sits under an odd number of `not`s
 * (`negated`: it had to fail), the facts it saw, and for date-time conditions the decision time.
 *
 * @category explanation
 * @since 0.1.0
 */
export interface LeafVerdict {
  readonly _tag: "Leaf"
  readonly rule: Leaf
  readonly passed: boolean
  readonly negated: boolean
  readonly seen: ReadonlyArray<Seen>
  readonly now?: Instant
}

/**
 * The verdict on a negation.
 *
 * @category explanation
 * @since 0.1.0
 */
export interface NotVerdict {
  readonly _tag: "Not"
  readonly passed: boolean
  readonly verdict: Verdict
}

/**
 * The verdict on a conjunction, with every operand's verdict (no short-circuit).
 *
 * @category explanation
 * @since 0.1.0
 */
export interface AllVerdict {
  readonly _tag: "All"
  readonly passed: boolean
  readonly verdicts: ReadonlyArray<Verdict>
}

/**
 * The verdict on a disjunction, with every operand's verdict (no short-circuit).
 *
 * @category explanation
 * @since 0.1.0
 */
export interface AnyVerdict {
  readonly _tag: "Any"
  readonly passed: boolean
  readonly verdicts: ReadonlyArray<Verdict>
}

/**
 * Why a rule passed or failed: a tree shaped like the rule, with `passed` at every node.
 *
 * @category explanation
 * @since 0.1.0
 */
export type Verdict = LeafVerdict | NotVerdict | AllVerdict | AnyVerdict

/**
 * Case analysis on a verdict's top node.
 *
 * @category explanation
 * @since 0.1.0
 */
export const matchVerdict =
  <B>(cases: {
    readonly Leaf: (verdict: LeafVerdict) => B
    readonly Not: (verdict: NotVerdict) => B
    readonly All: (verdict: AllVerdict) => B
    readonly Any: (verdict: AnyVerdict) => B
  }) =>
  (verdict: Verdict): B => {
    switch (verdict._tag) {
      case "Leaf":
        return cases.Leaf(verdict)
      case "Not":
        return cases.Not(verdict)
      case "All":
        return cases.All(verdict)
      case "Any":
        return cases.Any(verdict)
    }
  }

const seenAt = (facts: unknown, path: string): Seen => {
  const value = at(facts, path)
  return { fact: path, value, missing: !isPresent(value) }
}

const explainLeaf = (leaf: Leaf, facts: unknown, now: Instant | undefined, negated: boolean): LeafVerdict => {
  const passed = holds(leaf, facts, now)
  const seen = leaf._tag === "Always" || leaf._tag === "Never" ? [] : leaf._tag === "CompareFacts" ? [seenAt(facts, leaf.fact), seenAt(facts, leaf.other)] : [seenAt(facts, leaf.fact)]
  return leaf._tag === "DateTime" && now !== undefined
    ? { _tag: "Leaf", rule: leaf, passed, negated, seen, now }
    : { _tag: "Leaf", rule: leaf, passed, negated, seen }
}

/**
 * Evaluates every node of a rule (no short-circuit) and returns the verdict tree: each leaf names
 * the condition, the facts it saw (or that they were missing) and whether it held.
 * `explain(rule)(facts, now).passed` always equals `evaluate(rule)(facts, now)`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.all(R.gte("subject.age", 18), R.in("subject.segment", ["gold", "silver"]), R.not(R.eq("subject.churned", true)))
 * const verdict = R.explain(rule)({ subject: { age: 34, segment: "bronze", churned: true } })
 * assert.strictEqual(verdict.passed, false)
 * assert.strictEqual(
 *   R.renderVerdict(verdict),
 *   [
 *     "✗ all of",
 *     "  ✓ subject.age ≥ 18 (seen: 34)",
 *     '  ✗ subject.segment in ["gold", "silver"] (seen: "bronze")',
 *     "  ✗ not",
 *     "    ✓ subject.churned = true (seen: true)"
 *   ].join("\n")
 * )
 *
 * @category explanation
 * @since 0.1.0
 */
export const explain =
  (rule: Rule) =>
  (facts: Facts, now?: Instant): Verdict => {
    if (!isConnective(rule)) return explainLeaf(rule, facts, now, false)
    const nodes: Array<Not | All | Any> = [rule]
    const kids: Array<ReadonlyArray<Rule>> = [operandsOf(rule)]
    const negated: Array<boolean> = [false]
    const next: Array<number> = [0]
    const outs: Array<Array<Verdict>> = [[]]
    for (;;) {
      const top = nodes.length - 1
      const operands = kids[top] as ReadonlyArray<Rule>
      const out = outs[top] as Array<Verdict>
      const node = nodes[top] as Not | All | Any
      const i = next[top] as number
      const below = node._tag === "Not" ? !negated[top] : (negated[top] as boolean)
      if (i < operands.length) {
        next[top] = i + 1
        const operand = operands[i] as Rule
        if (isConnective(operand)) {
          nodes.push(operand)
          kids.push(operandsOf(operand))
          negated.push(below)
          next.push(0)
          outs.push([])
        } else {
          out.push(explainLeaf(operand, facts, now, below))
        }
        continue
      }
      let verdict: Verdict
      if (node._tag === "Not") {
        const inner = out[0] as Verdict
        verdict = { _tag: "Not", passed: !inner.passed, verdict: inner }
      } else if (node._tag === "All") {
        verdict = { _tag: "All", passed: out.every((v) => v.passed), verdicts: out }
      } else {
        verdict = { _tag: "Any", passed: out.some((v) => v.passed), verdicts: out }
      }
      nodes.pop()
      kids.pop()
      negated.pop()
      next.pop()
      outs.pop()
      if (nodes.length === 0) return verdict
      ;(outs[top - 1] as Array<Verdict>).push(verdict)
    }
  }

/**
 * The leaves that decided a failed verdict, left to right ("why not"): the failed operands of a
 * failed `all`, every operand of a failed `any`, and under a failed `not` the leaves that made its
 * operand pass (those have `passed: true` and `negated: true`: they held but must not). Empty
 * when the verdict passed (and for an empty `any()`, which fails with no leaf to blame).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.all(R.gte("subject.age", 18), R.in("subject.segment", ["gold", "silver"]), R.not(R.eq("subject.churned", true)))
 * const reasons = R.whyNot(R.explain(rule)({ subject: { age: 34, segment: "bronze", churned: true } }))
 * assert.deepStrictEqual(reasons.map(R.renderReason), ['subject.segment in ["gold", "silver"] (seen: "bronze")', "not subject.churned = true (seen: true)"])
 *
 * @category explanation
 * @since 0.1.0
 */
export const whyNot = (verdict: Verdict): ReadonlyArray<LeafVerdict> => {
  if (verdict.passed) return []
  const leaves: Array<LeafVerdict> = []
  const stack: Array<Verdict> = [verdict]
  while (stack.length > 0) {
    const v = stack.pop() as Verdict
    switch (v._tag) {
      case "Leaf":
        leaves.push(v)
        break
      case "Not":
        stack.push(v.verdict)
        break
      case "All":
      case "Any":
        // the operands that agree with the node's outcome decided it; push right to left
        for (let i = v.verdicts.length - 1; i >= 0; i--) {
          const operand = v.verdicts[i] as Verdict
          if (operand.passed === v.passed) stack.push(operand)
        }
        break
    }
  }
  return leaves
}

// -------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------

const MAX_LISTED = 10

const showLiteral = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value))

const showList = (values: ReadonlyArray<Literal>): string => {
  const shown = values.slice(0, MAX_LISTED).map(showLiteral)
  if (values.length > MAX_LISTED) shown.push(`… (${values.length - MAX_LISTED} more)`)
  return `[${shown.join(", ")}]`
}

const SYMBOL: Readonly<Record<Comparison, string>> = { eq: "=", neq: "≠", lt: "<", lte: "≤", gt: ">", gte: "≥" }

const showDays = (days: number): string => `${days} day${days === 1 ? "" : "s"}`

/**
 * A leaf in words and symbols, for a business analyst: `subject.age ≥ 18`,
 * `subject.segment in ["gold", "silver"]`, `subject.lastPurchase is within the last 30 days`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * assert.strictEqual(R.describe(R.before("subject.customerSince", 365)), "subject.customerSince is more than 365 days before now")
 *
 * @category rendering
 * @since 0.1.0
 */
export const describe = (leaf: Leaf): string => {
  switch (leaf._tag) {
    case "Always":
      return "always"
    case "Never":
      return "never"
    case "Equal":
    case "Order":
      return `${leaf.fact} ${SYMBOL[leaf.op]} ${showLiteral(leaf.value)}`
    case "Between":
      return `${leaf.fact} between ${showLiteral(leaf.min)} and ${showLiteral(leaf.max)}`
    case "Member":
      return `${leaf.fact} ${leaf.op === "in" ? "in" : "not in"} ${showList(leaf.values)}`
    case "Presence":
      return `${leaf.fact} ${leaf.op === "exists" ? "exists" : "is missing"}`
    case "Text":
      return `${leaf.fact} ${leaf.op === "startsWith" ? "starts with" : leaf.op === "endsWith" ? "ends with" : "contains"} ${JSON.stringify(leaf.value)}`
    case "CompareFacts":
      return `${leaf.fact} ${SYMBOL[leaf.op]} ${leaf.other}`
    case "DateTime":
      switch (leaf.op) {
        case "before":
          return leaf.days === 0 ? `${leaf.fact} is before now` : `${leaf.fact} is more than ${showDays(leaf.days)} before now`
        case "after":
          return leaf.days === 0 ? `${leaf.fact} is after now` : `${leaf.fact} is more than ${showDays(leaf.days)} after now`
        case "withinLastDays":
          return `${leaf.fact} is within the last ${showDays(leaf.days)}`
        case "withinNextDays":
          return `${leaf.fact} is within the next ${showDays(leaf.days)}`
      }
  }
}

/**
 * A whole rule on one line: leaves as in `describe`, `and`/`or` between operands, parentheses
 * around nested connectives, `not (…)`. Linear in the size of the rule, at any depth.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.all(R.gte("subject.age", 18), R.any(R.eq("context.channel", "web"), R.eq("context.channel", "app")), R.not(R.eq("subject.churned", true)))
 * assert.strictEqual(R.show(rule), 'subject.age ≥ 18 and (context.channel = "web" or context.channel = "app") and not (subject.churned = true)')
 *
 * @category rendering
 * @since 0.1.0
 */
export const show = (rule: Rule): string => {
  const out: Array<string> = []
  // the stack holds rules to print (with whether they are nested) and literal text
  const stack: Array<string | readonly [Rule, boolean]> = [[rule, false]]
  while (stack.length > 0) {
    const item = stack.pop() as string | readonly [Rule, boolean]
    if (typeof item === "string") {
      out.push(item)
      continue
    }
    const [node, nested] = item
    if (node._tag === "Not") {
      stack.push(")", [node.rule, false], "not (")
    } else if (node._tag === "All" || node._tag === "Any") {
      if (node.rules.length === 0) {
        out.push(node._tag === "All" ? "all()" : "any()")
        continue
      }
      const joint = node._tag === "All" ? " and " : " or "
      if (nested) stack.push(")")
      for (let i = node.rules.length - 1; i >= 0; i--) {
        stack.push([node.rules[i] as Rule, true])
        if (i > 0) stack.push(joint)
      }
      if (nested) stack.push("(")
    } else {
      out.push(describe(node))
    }
  }
  return out.join("")
}

const showSeen = (verdict: LeafVerdict): string => {
  const { rule, seen } = verdict
  if (seen.length === 0) return ""
  const values =
    rule._tag === "CompareFacts" ? seen.map((s) => `${s.fact} = ${renderFound(s.value)}`).join(", ") : seen.map((s) => renderFound(s.value)).join(", ")
  const now = rule._tag === "DateTime" ? `, now: ${verdict.now === undefined ? "missing" : toIso(verdict.now)}` : ""
  return ` (seen: ${values}${now})`
}

/**
 * One "why not" reason as text: the requirement that was not met (`not …` for a leaf that held
 * but must not) and what it saw.
 *
 * @category rendering
 * @since 0.1.0
 */
export const renderReason = (verdict: LeafVerdict): string => `${verdict.negated ? "not " : ""}${describe(verdict.rule)}${showSeen(verdict)}`

const MAX_INDENT = 32

/**
 * A verdict tree as indented text, one node per line, `✓` for passed and `✗` for failed, each
 * leaf with the values it saw (`missing` for absent facts). Indentation stops growing after 32
 * levels, so the text stays linear in the size of the verdict.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.any(R.withinLastDays("subject.lastLogin", 30), R.eqFact("subject.country", "context.country"))
 * const verdict = R.explain(rule)({ subject: { lastLogin: "2024-01-02", country: "NL" }, context: {} }, Date.UTC(2024, 4, 1))
 * assert.strictEqual(
 *   R.renderVerdict(verdict),
 *   [
 *     "✗ any of",
 *     '  ✗ subject.lastLogin is within the last 30 days (seen: "2024-01-02", now: 2024-05-01T00:00:00.000Z)',
 *     '  ✗ subject.country = context.country (seen: subject.country = "NL", context.country = missing)'
 *   ].join("\n")
 * )
 *
 * @category rendering
 * @since 0.1.0
 */
export const renderVerdict = (verdict: Verdict): string => {
  const lines: Array<string> = []
  const stack: Array<readonly [Verdict, number]> = [[verdict, 0]]
  while (stack.length > 0) {
    const [v, level] = stack.pop() as readonly [Verdict, number]
    const lead = `${"  ".repeat(Math.min(level, MAX_INDENT))}${v.passed ? "✓" : "✗"} `
    switch (v._tag) {
      case "Leaf":
        lines.push(`${lead}${describe(v.rule)}${showSeen(v)}`)
        break
      case "Not":
        lines.push(`${lead}not`)
        stack.push([v.verdict, level + 1])
        break
      case "All":
      case "Any":
        lines.push(`${lead}${v._tag === "All" ? "all of" : "any of"}`)
        for (let i = v.verdicts.length - 1; i >= 0; i--) stack.push([v.verdicts[i] as Verdict, level + 1])
        break
    }
  }
  return lines.join("\n")
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const sameValues = (xs: ReadonlyArray<Literal>, ys: ReadonlyArray<Literal>): boolean => {
  if (xs.length !== ys.length) return false
  for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return false
  return true
}

const leafEquals = (x: Leaf, y: Leaf): boolean => {
  switch (x._tag) {
    case "Always":
    case "Never":
      return x._tag === y._tag
    case "Equal":
    case "Order":
    case "Text":
      return y._tag === x._tag && x.op === y.op && x.fact === y.fact && x.value === y.value
    case "Between":
      return y._tag === "Between" && x.fact === y.fact && x.min === y.min && x.max === y.max
    case "Member":
      return y._tag === "Member" && x.op === y.op && x.fact === y.fact && sameValues(x.values, y.values)
    case "Presence":
      return y._tag === "Presence" && x.op === y.op && x.fact === y.fact
    case "CompareFacts":
      return y._tag === "CompareFacts" && x.op === y.op && x.fact === y.fact && x.other === y.other
    case "DateTime":
      return y._tag === "DateTime" && x.op === y.op && x.fact === y.fact && x.days === y.days
  }
}

/**
 * Structural equality (numbers by `===`), with an explicit stack: safe at any depth. Equal rules
 * evaluate alike; equivalent rules need not be equal (`simplify` brings many together).
 *
 * @category instances
 * @since 0.1.0
 */
export const Eq: EqT<Rule> = {
  equals: (x, y) => {
    const xs: Array<Rule> = [x]
    const ys: Array<Rule> = [y]
    while (xs.length > 0) {
      const a = xs.pop() as Rule
      const b = ys.pop() as Rule
      if (a === b) continue
      if (a._tag !== b._tag) return false
      if (a._tag === "Not") {
        xs.push(a.rule)
        ys.push((b as Not).rule)
      } else if (a._tag === "All" || a._tag === "Any") {
        const other = (b as All | Any).rules
        if (a.rules.length !== other.length) return false
        for (let i = 0; i < other.length; i++) {
          xs.push(a.rules[i] as Rule)
          ys.push(other[i] as Rule)
        }
      } else if (!leafEquals(a, b as Leaf)) return false
    }
    return true
  }
}

/**
 * `show` as an fp-ts Show.
 *
 * @category instances
 * @since 0.1.0
 */
export const Show: ShowT<Rule> = { show }

const conjuncts = (rule: Rule): ReadonlyArray<Rule> => (rule._tag === "All" ? rule.rules : [rule])
const disjuncts = (rule: Rule): ReadonlyArray<Rule> => (rule._tag === "Any" ? rule.rules : [rule])

/**
 * Conjunction as a Monoid with identity `always`. `concat` flattens: `concat(all(a, b), c)` is
 * `all(a, b, c)`. Associativity and identity hold exactly under `Eq`; commutativity under
 * `evaluate`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { concatAll } from "fp-ts/lib/Monoid.js"
 * import { Rule as R } from "nextbest"
 *
 * const rule = concatAll(R.MonoidAll)([R.gte("subject.age", 18), R.exists("subject.email")])
 * assert.ok(R.Eq.equals(rule, R.all(R.gte("subject.age", 18), R.exists("subject.email"))))
 *
 * @category instances
 * @since 0.1.0
 */
export const MonoidAll: Monoid<Rule> = {
  concat: (x, y) => (x._tag === "Always" ? y : y._tag === "Always" ? x : { _tag: "All", rules: [...conjuncts(x), ...conjuncts(y)] }),
  empty: always
}

/**
 * Disjunction as a Monoid with identity `never`; `concat` flattens nested `any`. Associativity and
 * identity hold exactly under `Eq`; commutativity under `evaluate`.
 *
 * @category instances
 * @since 0.1.0
 */
export const MonoidAny: Monoid<Rule> = {
  concat: (x, y) => (x._tag === "Never" ? y : y._tag === "Never" ? x : { _tag: "Any", rules: [...disjuncts(x), ...disjuncts(y)] }),
  empty: never
}

/**
 * Rules form a Boolean algebra under `evaluate`: `meet` is `MonoidAll.concat`, `join` is
 * `MonoidAny.concat`, `zero` is `never`, `one` is `always`, `implies(a, b)` is `¬a ∨ b`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const B = R.BooleanAlgebra
 * const adult = R.gte("subject.age", 18)
 * const facts = { subject: { age: 12 } }
 * assert.strictEqual(R.evaluate(B.join(adult, B.not(adult)))(facts), true)
 * assert.strictEqual(R.evaluate(B.implies(adult, R.exists("subject.email")))(facts), true)
 *
 * @category instances
 * @since 0.1.0
 */
export const BooleanAlgebra: BooleanAlgebraT<Rule> = {
  meet: MonoidAll.concat,
  join: MonoidAny.concat,
  zero: never,
  one: always,
  implies: (x, y) => MonoidAny.concat(not(x), y),
  not
}

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
export type RuleJson =
  | { readonly op: "always" | "never" }
  | { readonly op: "not"; readonly rule: RuleJson }
  | { readonly op: "all" | "any"; readonly rules: ReadonlyArray<RuleJson> }
  | { readonly op: "eq" | "neq"; readonly fact: string; readonly value: Literal }
  | { readonly op: Ordering; readonly fact: string; readonly value: Ordered }
  | { readonly op: "between"; readonly fact: string; readonly min: Ordered; readonly max: Ordered }
  | { readonly op: "in" | "notIn"; readonly fact: string; readonly values: ReadonlyArray<Literal> }
  | { readonly op: "exists" | "missing"; readonly fact: string }
  | { readonly op: "startsWith" | "endsWith" | "contains"; readonly fact: string; readonly value: string }
  | { readonly op: "eqFact" | "neqFact" | "ltFact" | "lteFact" | "gtFact" | "gteFact"; readonly fact: string; readonly other: string }
  | { readonly op: "before" | "after"; readonly fact: string; readonly days?: number }
  | { readonly op: "withinLastDays" | "withinNextDays"; readonly fact: string; readonly days: number }

const encodeLeaf = (leaf: Leaf): RuleJson => {
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
    case "CompareFacts":
      return { op: `${leaf.op}Fact`, fact: leaf.fact, other: leaf.other }
    case "DateTime":
      return (leaf.op === "before" || leaf.op === "after") && leaf.days === 0
        ? { op: leaf.op, fact: leaf.fact }
        : { op: leaf.op, fact: leaf.fact, days: leaf.days }
  }
}

/**
 * A rule to its JSON form (explicit stack: safe at any depth).
 *
 * @category codec
 * @since 0.1.0
 */
export const encode: (rule: Rule) => RuleJson = fold<RuleJson>({
  Leaf: encodeLeaf,
  Not: (rule) => ({ op: "not", rule }),
  All: (rules) => ({ op: "all", rules }),
  Any: (rules) => ({ op: "any", rules })
})

type Field = "fact" | "value" | "min" | "max" | "values" | "other" | "days" | "rule" | "rules"

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
  eqFact: ["fact", "other"],
  neqFact: ["fact", "other"],
  ltFact: ["fact", "other"],
  lteFact: ["fact", "other"],
  gtFact: ["fact", "other"],
  gteFact: ["fact", "other"],
  before: ["fact", "days"],
  after: ["fact", "days"],
  withinLastDays: ["fact", "days"],
  withinNextDays: ["fact", "days"]
}

const OPERATOR_NAMES = Object.keys(OPERATORS).join(", ")

const hasOwn = Object.prototype.hasOwnProperty

const field = (u: Readonly<Record<string, unknown>>, key: string): unknown => (hasOwn.call(u, key) ? u[key] : undefined)

const describeFound = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "an array" : typeof u === "object" ? "an object" : typeof u === "number" ? "a number" : `a ${typeof u}`

/** one decoding pass: collects every problem into `errors`, returns undefined when the rule is unusable */
const decodeRule = (u: unknown, c: t.Context, level: number, errors: Array<t.ValidationError>): Rule | undefined => {
  const report = (value: unknown, context: t.Context, code: string, message: string): undefined => {
    const result = failure<never>(value, context, code, message)
    if (result._tag === "Left") errors.push(...result.left)
    return undefined
  }
  if (u === undefined) return report(u, c, "required", "required: expected a rule")
  if (u === null || typeof u !== "object" || Array.isArray(u)) return report(u, c, "invalid_type", `expected a rule (an object with an "op"), found ${describeFound(u)}`)
  if (level > MAX_DEPTH) return report(u, c, "too_deep", `rules may nest at most ${MAX_DEPTH} levels deep`)
  const json = u as Readonly<Record<string, unknown>>
  const op = field(json, "op")
  const opContext = t.appendContext(c, "op", t.string, op)
  if (op === undefined) return report(op, opContext, "required", "required: expected an operator name")
  if (typeof op !== "string") return report(op, opContext, "invalid_type", `expected an operator name (a string), found ${describeFound(op)}`)
  const fields = hasOwn.call(OPERATORS, op) ? OPERATORS[op] : undefined
  if (fields === undefined) return report(op, opContext, "unknown_operator", `unknown operator "${op}"; expected one of ${OPERATOR_NAMES}`)
  const before = errors.length
  for (const key of Object.keys(json)) {
    if (key !== "op" && !fields.includes(key as Field)) {
      report(json[key], t.appendContext(c, key, t.unknown, json[key]), "unknown_key", `unknown key "${key}" for "${op}"; expected ${fields.length === 0 ? "no other key" : fields.join(", ")}`)
    }
  }
  const sub = (key: Field): readonly [unknown, t.Context] => {
    const value = field(json, key)
    return [value, t.appendContext(c, key, t.unknown, value)]
  }
  const path = (key: "fact" | "other"): string | undefined => {
    const [value, context] = sub(key)
    if (value === undefined) return report(value, context, "required", "required: expected a fact path (a string)")
    if (typeof value !== "string") return report(value, context, "invalid_type", `expected a fact path (a string), found ${describeFound(value)}`)
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
    return isLiteral(value) ? value : report(value, context, "invalid_type", `expected ${expected}, found ${describeFound(value)}`)
  }
  const orderedValue = (value: unknown, context: t.Context): Ordered | undefined => {
    const expected = "a string or a finite number"
    if (value === undefined) return report(value, context, "required", `required: expected ${expected}`)
    if (!number(value, context, expected)) return undefined
    return isOrdered(value) ? value : report(value, context, "invalid_type", `expected ${expected}, found ${describeFound(value)}`)
  }
  const days = (optional: boolean): number | undefined => {
    const [value, context] = sub("days")
    if (value === undefined) return optional ? 0 : report(value, context, "required", "required: expected a number of days")
    if (typeof value !== "number") return report(value, context, "invalid_type", `expected a number of days, found ${describeFound(value)}`)
    if (!number(value, context, "a finite number of days")) return undefined
    return value >= 0 ? value : report(value, context, "out_of_range", `the number of days must not be negative, found ${value}`)
  }
  const operand = (key: "rule"): Rule | undefined => {
    const [value, context] = sub(key)
    return decodeRule(value, context, level + 1, errors)
  }
  const operands = (): ReadonlyArray<Rule> | undefined => {
    const [value, context] = sub("rules")
    if (value === undefined) return report(value, context, "required", "required: expected an array of rules")
    if (!Array.isArray(value)) return report(value, context, "invalid_type", `expected an array of rules, found ${describeFound(value)}`)
    const rules: Array<Rule> = []
    for (let i = 0; i < value.length; i++) {
      const rule = decodeRule(value[i], t.appendContext(context, String(i), RuleCodec, value[i]), level + 1, errors)
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
        if (typeof min !== typeof max) return report(max, maxContext, "invalid_type", `expected the same type as min (${describeFound(min).replace(/^an? /, "")}), found ${describeFound(max)}`)
        if (min > max) return report(max, maxContext, "out_of_range", `max must not be less than min (${showLiteral(min)})`)
        return fact === undefined ? undefined : { _tag: "Between", fact, min, max }
      }
      case "in":
      case "notIn": {
        const fact = path("fact")
        const [list, listContext] = sub("values")
        if (list === undefined) return report(list, listContext, "required", "required: expected an array of strings, numbers or booleans")
        if (!Array.isArray(list)) return report(list, listContext, "invalid_type", `expected an array of strings, numbers or booleans, found ${describeFound(list)}`)
        const values: Array<Literal> = []
        for (let i = 0; i < list.length; i++) {
          const value = literal(list[i], t.appendContext(listContext, String(i), t.unknown, list[i]))
          if (value !== undefined) values.push(value)
        }
        return fact === undefined || values.length !== list.length ? undefined : { _tag: "Member", op, fact, values }
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
        else if (typeof value !== "string") report(value, context, "invalid_type", `expected a string, found ${describeFound(value)}`)
        return fact === undefined || typeof value !== "string" ? undefined : { _tag: "Text", op, fact, value }
      }
      case "eqFact":
      case "neqFact":
      case "ltFact":
      case "lteFact":
      case "gtFact":
      case "gteFact": {
        const fact = path("fact")
        const other = path("other")
        return fact === undefined || other === undefined ? undefined : { _tag: "CompareFacts", op: op.slice(0, -4) as Comparison, fact, other }
      }
      default: {
        const dateOp = op as DateTime["op"]
        const fact = path("fact")
        const span = days(dateOp === "before" || dateOp === "after")
        return fact === undefined || span === undefined ? undefined : { _tag: "DateTime", op: dateOp, fact, days: span }
      }
    }
  })()
  return errors.length > before ? undefined : result
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
        if (!okPath(f) || !(r["op"] === "lt" || r["op"] === "lte" || r["op"] === "gt" || r["op"] === "gte") || !isOrdered(r["value"])) return false
        break
      case "Between":
        if (!okPath(f) || !isOrdered(r["min"]) || typeof r["min"] !== typeof r["max"] || (r["min"] as Ordered) > (r["max"] as Ordered)) return false
        break
      case "Member":
        if (!okPath(f) || !(r["op"] === "in" || r["op"] === "notIn") || !Array.isArray(r["values"]) || !(r["values"] as ReadonlyArray<unknown>).every(isLiteral)) return false
        break
      case "Presence":
        if (!okPath(f) || !(r["op"] === "exists" || r["op"] === "missing")) return false
        break
      case "Text":
        if (!okPath(f) || !(r["op"] === "startsWith" || r["op"] === "endsWith" || r["op"] === "contains") || typeof r["value"] !== "string") return false
        break
      case "CompareFacts":
        if (!okPath(f) || !okPath(r["other"]) || typeof r["op"] !== "string" || !hasOwn.call(SYMBOL, r["op"])) return false
        break
      case "DateTime": {
        const days = r["days"]
        if (!okPath(f) || !(r["op"] === "before" || r["op"] === "after" || r["op"] === "withinLastDays" || r["op"] === "withinNextDays")) return false
        if (typeof days !== "number" || !Number.isFinite(days) || days < 0) return false
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
export const RuleCodec: t.Type<Rule, RuleJson, unknown> = new t.Type<Rule, RuleJson, unknown>(
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
 * import { Decoding, Rule as R } from "nextbest"
 *
 * const result = R.decode({ op: "all", rules: [{ op: "gte", fact: "subject.age", value: true }, { op: "exists", fact: "subject.__proto__" }] })
 * assert.ok(result._tag === "Left")
 * assert.strictEqual(
 *   Decoding.render(result.left),
 *   [
 *     "2 problems:",
 *     '  $.rules[0].value [invalid_type] expected a string or a finite number, found a boolean (found: true)',
 *     '  $.rules[1].fact [forbidden_path] fact path "subject.__proto__" uses the forbidden segment "__proto__" (found: "subject.__proto__")'
 *   ].join("\n")
 * )
 *
 * @category codec
 * @since 0.1.0
 */
export const decode: (u: unknown) => Either<DecodeError, Rule> = decodeWith(RuleCodec)
