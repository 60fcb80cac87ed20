/**
 * Internal: the rule language's model — the ADT (`Rule`, its leaves and connectives), case
 * analysis (`match`), the stack-safe fold (`fold`, `Algebra`) and the destructors built on it
 * (`depth`, `factPaths`).
 *
 * Re-exported by the public facade `src/rules/Rule.ts`; `isConnective`, `operandsOf`,
 * `isLiteral` and `isOrdered` are helpers of the other internal modules, not re-exported.
 *
 * @internal
 * @since 0.1.0
 */

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
 * expressions). `contains` also holds when the fact is a list (an array) with an element equal to
 * the text: `contains("subject.cardProducts", "gold")`.
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
 * A window of opportunity relative to a date-time fact: true when the decision time `now` lies
 * from `from` to `to` days after the fact's date, bounds included (`t + from·d ≤ now ≤ t + to·d`,
 * `d = 86,400,000 ms`; negative days are before the date, so `from: -120, to: -30` is "from 120
 * to 30 days before `subject.leaseEnd`"). False when `now` is not given or the fact is not a
 * date-time (epoch milliseconds, ISO 8601 text with a zone or a bare date, or a `Date`).
 *
 * @category model
 * @since 0.1.0
 */
export interface Window {
  readonly _tag: "Window"
  readonly op: "window"
  readonly fact: string
  readonly from: number
  readonly to: number
}

/**
 * A condition on a list fact (an array), its elements compared with `===`:
 * `containsAny`: some element is one of the literals (never for an empty list of literals);
 * `containsAll`: every literal is an element (always for an empty list of literals, on a present
 * list). A fact that is missing or not an array makes both false.
 *
 * @category model
 * @since 0.1.0
 */
export interface Elements {
  readonly _tag: "Elements"
  readonly op: "containsAny" | "containsAll"
  readonly fact: string
  readonly values: ReadonlyArray<Literal>
}

/**
 * The fact is a list (an array) whose length stands in the given comparison to `value` (a
 * finite number ≥ 0). A fact that is missing or not an array makes it false.
 *
 * @category model
 * @since 0.1.0
 */
export interface Size {
  readonly _tag: "Size"
  readonly op: Comparison
  readonly fact: string
  readonly value: number
}

/**
 * A condition on facts: every rule that is neither a constant nor a connective.
 *
 * @category model
 * @since 0.1.0
 */
export type Condition =
  Equal | Order | Between | Member | Presence | Text | Elements | Size | CompareFacts | DateTime | Window

/**
 * The name of an operator in the JSON form of rules (`"gte"`, `"containsAny"`, `"sizeGte"`,
 * `"eqFact"`, …): the tag by which a condition is known outside the library.
 *
 * @category model
 * @since 0.1.0
 */
export type OperatorName =
  | "always"
  | "never"
  | "not"
  | "all"
  | "any"
  | Comparison
  | "between"
  | "in"
  | "notIn"
  | "exists"
  | "missing"
  | "startsWith"
  | "endsWith"
  | "contains"
  | "containsAny"
  | "containsAll"
  | "sizeEq"
  | "sizeNeq"
  | "sizeLt"
  | "sizeLte"
  | "sizeGt"
  | "sizeGte"
  | "eqFact"
  | "neqFact"
  | "ltFact"
  | "lteFact"
  | "gtFact"
  | "gteFact"
  | "before"
  | "after"
  | "withinLastDays"
  | "withinNextDays"
  | "window"

/**
 * Every operator name of the JSON form, in the order of docs/rules.md's table.
 *
 * @category model
 * @since 0.1.0
 */
export const OPERATOR_NAMES: ReadonlyArray<OperatorName> = [
  "always",
  "never",
  "not",
  "all",
  "any",
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "between",
  "in",
  "notIn",
  "exists",
  "missing",
  "startsWith",
  "endsWith",
  "contains",
  "containsAny",
  "containsAll",
  "sizeEq",
  "sizeNeq",
  "sizeLt",
  "sizeLte",
  "sizeGt",
  "sizeGte",
  "eqFact",
  "neqFact",
  "ltFact",
  "lteFact",
  "gtFact",
  "gteFact",
  "before",
  "after",
  "withinLastDays",
  "withinNextDays",
  "window"
]

const SIZE_OPS: Readonly<Record<Comparison, OperatorName>> = {
  eq: "sizeEq",
  neq: "sizeNeq",
  lt: "sizeLt",
  lte: "sizeLte",
  gt: "sizeGt",
  gte: "sizeGte"
}

const FACT_OPS: Readonly<Record<Comparison, OperatorName>> = {
  eq: "eqFact",
  neq: "neqFact",
  lt: "ltFact",
  lte: "lteFact",
  gt: "gtFact",
  gte: "gteFact"
}

/**
 * The JSON operator name of a rule's top node.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * assert.strictEqual(R.operatorName(R.sizeGte("subject.cardProducts", 2)), "sizeGte")
 * assert.strictEqual(R.operatorName(R.ltFact("context.price", "subject.balance")), "ltFact")
 *
 * @category destructors
 * @since 0.1.0
 */
export const operatorName = (rule: Rule): OperatorName => {
  switch (rule._tag) {
    case "Always":
      return "always"
    case "Never":
      return "never"
    case "Not":
      return "not"
    case "All":
      return "all"
    case "Any":
      return "any"
    case "Between":
      return "between"
    case "Size":
      return SIZE_OPS[rule.op]
    case "CompareFacts":
      return FACT_OPS[rule.op]
    default:
      return rule.op
  }
}

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
 *   Always: () => "constant",
 *   Never: () => "constant",
 *   Not: () => "connective",
 *   All: () => "connective",
 *   Any: () => "connective",
 *   Equal: () => "condition",
 *   Order: () => "condition",
 *   Between: () => "condition",
 *   Member: () => "condition",
 *   Presence: () => "condition",
 *   Text: () => "condition",
 *   Elements: () => "condition",
 *   Size: () => "condition",
 *   CompareFacts: () => "condition",
 *   DateTime: () => "condition",
 *   Window: () => "condition"
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
  /** the result for a condition */
  readonly Leaf: (rule: Leaf) => B
  /** the result for `not`, given its folded operand */
  readonly Not: (operand: B, rule: Not) => B
  /** the result for `all`, given its folded operands in order */
  readonly All: (operands: ReadonlyArray<B>, rule: All) => B
  /** the result for `any`, given its folded operands in order */
  readonly Any: (operands: ReadonlyArray<B>, rule: Any) => B
}

/**
 * Internal: whether a rule is a connective (`not`, `all`, `any`).
 *
 * @category internal
 * @since 0.1.0
 */
export const isConnective = (rule: Rule): rule is Not | All | Any =>
  rule._tag === "Not" || rule._tag === "All" || rule._tag === "Any"

/**
 * Internal: the operands of a connective, in order.
 *
 * @category internal
 * @since 0.1.0
 */
export const operandsOf = (rule: Not | All | Any): ReadonlyArray<Rule> =>
  rule._tag === "Not" ? [rule.rule] : rule.rules

/**
 * Bottom-up fold (catamorphism) with an explicit stack: safe on rules of any depth.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const conditions = R.fold<number>({
 *   Leaf: () => 1,
 *   Not: (n) => n,
 *   All: (ns) => ns.reduce((a, b) => a + b, 0),
 *   Any: (ns) => ns.reduce((a, b) => a + b, 0)
 * })
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
      const value =
        node._tag === "Not"
          ? algebra.Not(out[0] as B, node)
          : node._tag === "All"
            ? algebra.All(out, node)
            : algebra.Any(out, node)
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

/**
 * One use of a fact path by a condition: the path, the JSON operator name of the condition, and
 * whether the path is the condition's `other` fact (the second fact of `eqFact`, `ltFact`, …).
 *
 * @category destructors
 * @since 0.1.0
 */
export interface FactOperator {
  readonly fact: string
  readonly op: OperatorName
  readonly other: boolean
}

/**
 * Every (fact path, operator) pair of a rule's conditions, left to right, duplicates kept — what
 * a type check of operators against a data model of the facts needs (`gte` on a string
 * attribute, `containsAny` on a number).
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.all(R.gte("subject.age", 18), R.not(R.containsAny("subject.cardProducts", ["gold"])))
 * assert.deepStrictEqual(R.factOperators(rule), [
 *   { fact: "subject.age", op: "gte", other: false },
 *   { fact: "subject.cardProducts", op: "containsAny", other: false }
 * ])
 *
 * @category destructors
 * @since 0.1.0
 */
export const factOperators = (rule: Rule): ReadonlyArray<FactOperator> => {
  const out: Array<FactOperator> = []
  const visit = (leaf: Leaf): null => {
    if (leaf._tag !== "Always" && leaf._tag !== "Never") {
      const op = operatorName(leaf)
      out.push({ fact: leaf.fact, op, other: false })
      if (leaf._tag === "CompareFacts") out.push({ fact: leaf.other, op, other: true })
    }
    return null
  }
  fold<null>({ Leaf: visit, Not: () => null, All: () => null, Any: () => null })(rule)
  return out
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Internal: a string, a finite number or a boolean.
 *
 * @category internal
 * @since 0.1.0
 */
export const isLiteral = (u: unknown): u is Literal =>
  typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

/**
 * Internal: a string or a finite number.
 *
 * @category internal
 * @since 0.1.0
 */
export const isOrdered = (u: unknown): u is Ordered =>
  typeof u === "string" || (typeof u === "number" && Number.isFinite(u))
