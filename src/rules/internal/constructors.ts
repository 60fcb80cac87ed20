/**
 * Internal: the rule constructors (`always`, `never`, `not`, `all`, `any` and one per condition).
 *
 * Every constructor checks its arguments and reports a programming mistake (a bad fact path, a
 * non-finite number, `min > max`, …) with `misuse("Rule.<name>", message)`: a `TypeError`.
 * Re-exported by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import { renderFound } from "../../kernel/DecodeError.js"
import { pathProblem } from "../../kernel/internal/Facts.js"
import { misuse } from "../../kernel/internal/misuse.js"
import {
  type Comparison,
  type Elements,
  type Equal,
  isLiteral,
  isOrdered,
  type Literal,
  type Ordered,
  type Ordering,
  type Rule,
  type Text
} from "./model.js"

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const fail = (api: string, message: string): never => misuse(`Rule.${api}`, message)

const checkPath = (api: string, path: string): string => {
  if (typeof path !== "string") return fail(api, `a fact path must be a string, found ${renderFound(path)}`)
  const problem = pathProblem(path)
  return problem === null ? path : fail(api, problem.message)
}

const checkLiteral = (api: string, value: Literal): Literal =>
  isLiteral(value)
    ? value
    : fail(api, `the value must be a string, a finite number or a boolean, found ${renderFound(value)}`)

const checkOrdered = (api: string, value: Ordered): Ordered =>
  isOrdered(value) ? value : fail(api, `the value must be a string or a finite number, found ${renderFound(value)}`)

const checkDays = (api: string, days: number): number =>
  typeof days === "number" && Number.isFinite(days) && days >= 0
    ? days
    : fail(api, `days must be a finite number ≥ 0, found ${renderFound(days)}`)

/**
 * Internal: the argument when it is a rule; otherwise a misuse error of `Rule.<api>`.
 *
 * @category internal
 * @since 0.1.0
 */
export const checkRule = (api: string, rule: Rule): Rule =>
  rule !== null && typeof rule === "object" && typeof rule._tag === "string"
    ? rule
    : fail(api, `expected a rule, found ${renderFound(rule)}`)

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
 * const adult = R.all(
 *   R.gte("subject.age", 18),
 *   R.in("subject.segment", ["gold", "silver"]),
 *   R.not(R.eq("subject.churned", true))
 * )
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

const equal =
  (op: Equal["op"]) =>
  (fact: string, value: Literal): Rule => ({
    _tag: "Equal",
    op,
    fact: checkPath(op, fact),
    value: checkLiteral(op, value)
  })

const order =
  (op: Ordering) =>
  (fact: string, value: Ordered): Rule => ({
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
  if (typeof min !== typeof max)
    fail("between", `min and max must have the same type, found ${renderFound(min)} and ${renderFound(max)}`)
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

const text =
  (op: Text["op"]) =>
  (fact: string, value: string): Rule => ({
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
 * The fact is a string containing the given text, or a list (an array) with an element equal to
 * it. For a list of numbers or booleans, or several values, use `containsAny` / `containsAll`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const gold = R.contains("subject.cardProducts", "gold")
 * assert.strictEqual(R.evaluate(gold)({ subject: { cardProducts: ["debit", "gold"] } }), true)
 * assert.strictEqual(R.evaluate(gold)({ subject: { cardProducts: ["debit"] } }), false)
 * assert.strictEqual(R.evaluate(R.contains("subject.email", "@"))({ subject: { email: "a@b.nl" } }), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const contains: (fact: string, part: string) => Rule = text("contains")

const elements =
  (op: Elements["op"]) =>
  (fact: string, values: ReadonlyArray<Literal>): Rule => ({
    _tag: "Elements",
    op,
    fact: checkPath(op, fact),
    values: checkValues(op, values)
  })

/**
 * The fact is a list (an array) with some element equal (`===`) to one of the literals; false
 * for `[]` literals, and for a fact that is missing or not an array. `not(containsAny(f, xs))`
 * reads "none of xs" (and holds for a missing fact, like every negation).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const premiumCard = R.containsAny("subject.cardProducts", ["gold", "platinum"])
 * assert.strictEqual(R.evaluate(premiumCard)({ subject: { cardProducts: ["debit", "gold"] } }), true)
 * assert.strictEqual(R.evaluate(premiumCard)({ subject: { cardProducts: ["debit"] } }), false)
 * assert.strictEqual(R.evaluate(premiumCard)({ subject: { cardProducts: "gold" } }), false) // not a list
 *
 * @category constructors
 * @since 0.1.0
 */
export const containsAny: (fact: string, values: ReadonlyArray<Literal>) => Rule = elements("containsAny")

/**
 * The fact is a list (an array) holding every literal (`===`); true for `[]` literals on any
 * list, false for a fact that is missing or not an array.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const both = R.containsAll("subject.cardProducts", ["debit", "credit"])
 * assert.strictEqual(R.evaluate(both)({ subject: { cardProducts: ["credit", "savings", "debit"] } }), true)
 * assert.strictEqual(R.evaluate(both)({ subject: { cardProducts: ["debit"] } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const containsAll: (fact: string, values: ReadonlyArray<Literal>) => Rule = elements("containsAll")

const sizeName = (op: Comparison): string => `size${op.charAt(0).toUpperCase()}${op.slice(1)}`

const size =
  (op: Comparison) =>
  (fact: string, value: number): Rule => {
    const api = sizeName(op)
    return {
      _tag: "Size",
      op,
      fact: checkPath(api, fact),
      value:
        typeof value === "number" && Number.isFinite(value) && value >= 0
          ? value
          : fail(api, `the size must be a finite number ≥ 0, found ${renderFound(value)}`)
    }
  }

/**
 * The fact is a list (an array) of exactly `n` elements.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * assert.strictEqual(R.evaluate(R.sizeEq("subject.cardProducts", 0))({ subject: { cardProducts: [] } }), true)
 * assert.strictEqual(R.evaluate(R.sizeEq("subject.cardProducts", 0))({ subject: {} }), false) // missing
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeEq: (fact: string, n: number) => Rule = size("eq")

/**
 * The fact is a list (an array) whose length is not `n`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeNeq: (fact: string, n: number) => Rule = size("neq")

/**
 * The fact is a list (an array) of fewer than `n` elements.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeLt: (fact: string, n: number) => Rule = size("lt")

/**
 * The fact is a list (an array) of at most `n` elements.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeLte: (fact: string, n: number) => Rule = size("lte")

/**
 * The fact is a list (an array) of more than `n` elements.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeGt: (fact: string, n: number) => Rule = size("gt")

/**
 * The fact is a list (an array) of at least `n` elements.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const multiProduct = R.sizeGte("subject.cardProducts", 2)
 * assert.strictEqual(R.evaluate(multiProduct)({ subject: { cardProducts: ["debit", "credit"] } }), true)
 * assert.strictEqual(R.evaluate(multiProduct)({ subject: { cardProducts: ["debit"] } }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeGte: (fact: string, n: number) => Rule = size("gte")

const compareFacts =
  (op: Comparison) =>
  (fact: string, other: string): Rule => ({
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

/**
 * A window of opportunity relative to a date-time fact: `now` lies from `from` to `to` days after
 * the fact's date (negative: before it), bounds included. Throws a `TypeError` when a bound is not
 * finite or `from > to`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const renewal = R.window("subject.leaseEnd", -120, -30) // from 120 to 30 days before the lease ends
 * const now = Date.parse("2024-05-01T00:00:00Z")
 * assert.strictEqual(R.evaluate(renewal)({ subject: { leaseEnd: "2024-07-01" } }, now), true) // 61 days before
 * assert.strictEqual(R.evaluate(renewal)({ subject: { leaseEnd: "2024-05-20" } }, now), false) // 19 days before
 * assert.strictEqual(R.evaluate(renewal)({ subject: { leaseEnd: "2025-01-01" } }, now), false) // 245 days before
 * assert.strictEqual(R.show(renewal), "now is 120 days before to 30 days before subject.leaseEnd")
 *
 * @category constructors
 * @since 0.1.0
 */
export const window = (fact: string, from: number, to: number): Rule => {
  const path = checkPath("window", fact)
  if (typeof from !== "number" || !Number.isFinite(from))
    return fail("window", `from must be a finite number, found ${renderFound(from)}`)
  if (typeof to !== "number" || !Number.isFinite(to))
    return fail("window", `to must be a finite number, found ${renderFound(to)}`)
  if (from > to) return fail("window", `from (${from}) must not be after to (${to})`)
  return { _tag: "Window", op: "window", fact: path, from, to }
}
