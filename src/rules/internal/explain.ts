/**
 * Internal: explanation and rendering of rules for a business analyst — the verdict tree
 * (`explain`), its deciding leaves (`whyNot`) and text (`describe`, `show`, `renderReason`,
 * `renderVerdict`).
 *
 * Re-exported by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import { renderFound } from "../../kernel/DecodeError.js"
import type { Facts } from "../../kernel/internal/Facts.js"
import { type Instant, toIso } from "../../kernel/Time.js"
import { at, holds, isPresent } from "./evaluate.js"
import {
  type All,
  type Any,
  type Comparison,
  isConnective,
  type Leaf,
  type Literal,
  type Not,
  operandsOf,
  type Rule
} from "./model.js"

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
  const seen =
    leaf._tag === "Always" || leaf._tag === "Never"
      ? []
      : leaf._tag === "CompareFacts"
        ? [seenAt(facts, leaf.fact), seenAt(facts, leaf.other)]
        : [seenAt(facts, leaf.fact)]
  return (leaf._tag === "DateTime" || leaf._tag === "Window") && now !== undefined
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
 * const rule = R.all(
 *   R.gte("subject.age", 18),
 *   R.in("subject.segment", ["gold", "silver"]),
 *   R.not(R.eq("subject.churned", true))
 * )
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
 * const rule = R.all(
 *   R.gte("subject.age", 18),
 *   R.in("subject.segment", ["gold", "silver"]),
 *   R.not(R.eq("subject.churned", true))
 * )
 * const reasons = R.whyNot(R.explain(rule)({ subject: { age: 34, segment: "bronze", churned: true } }))
 * assert.deepStrictEqual(reasons.map(R.renderReason), [
 *   'subject.segment in ["gold", "silver"] (seen: "bronze")',
 *   "not subject.churned = true (seen: true)"
 * ])
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

/**
 * Internal: a literal as it is written in rule text (strings quoted).
 *
 * @category internal
 * @since 0.1.0
 */
export const showLiteral = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : String(value)

const showList = (values: ReadonlyArray<Literal>): string => {
  const shown = values.slice(0, MAX_LISTED).map(showLiteral)
  if (values.length > MAX_LISTED) shown.push(`… (${values.length - MAX_LISTED} more)`)
  return `[${shown.join(", ")}]`
}

/**
 * Internal: the symbol of each comparison.
 *
 * @category internal
 * @since 0.1.0
 */
export const SYMBOL: Readonly<Record<Comparison, string>> = { eq: "=", neq: "≠", lt: "<", lte: "≤", gt: ">", gte: "≥" }

const showDays = (days: number): string => `${days} day${days === 1 ? "" : "s"}`

/** one end of a window: "120 days before", "on", "30 days after" */
const windowEnd = (days: number): string =>
  days === 0 ? "on" : days < 0 ? `${showDays(-days)} before` : `${showDays(days)} after`

/**
 * A leaf in words and symbols, for a business analyst: `subject.age ≥ 18`,
 * `subject.segment in ["gold", "silver"]`, `subject.lastPurchase is within the last 30 days`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { Rule as R } from "nextbest"
 *
 * const rule = R.before("subject.customerSince", 365)
 * assert.ok(rule._tag === "DateTime") // a constructor returns a Rule; describe takes a leaf
 * assert.strictEqual(R.describe(rule), "subject.customerSince is more than 365 days before now")
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
    case "Elements":
      return `${leaf.fact} contains ${leaf.op === "containsAny" ? "any" : "all"} of ${showList(leaf.values)}`
    case "Size":
      return `size of ${leaf.fact} ${SYMBOL[leaf.op]} ${leaf.value}`
    case "CompareFacts":
      return `${leaf.fact} ${SYMBOL[leaf.op]} ${leaf.other}`
    case "Window":
      return `now is ${windowEnd(leaf.from)} to ${windowEnd(leaf.to)} ${leaf.fact}`
    case "DateTime":
      switch (leaf.op) {
        case "before":
          return leaf.days === 0
            ? `${leaf.fact} is before now`
            : `${leaf.fact} is more than ${showDays(leaf.days)} before now`
        case "after":
          return leaf.days === 0
            ? `${leaf.fact} is after now`
            : `${leaf.fact} is more than ${showDays(leaf.days)} after now`
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
 * const rule = R.all(
 *   R.gte("subject.age", 18),
 *   R.any(R.eq("context.channel", "web"), R.eq("context.channel", "app")),
 *   R.not(R.eq("subject.churned", true))
 * )
 * assert.strictEqual(
 *   R.show(rule),
 *   'subject.age ≥ 18 and (context.channel = "web" or context.channel = "app") and not (subject.churned = true)'
 * )
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
    rule._tag === "CompareFacts"
      ? seen.map((s) => `${s.fact} = ${renderFound(s.value)}`).join(", ")
      : seen.map((s) => renderFound(s.value)).join(", ")
  const now =
    rule._tag === "DateTime" || rule._tag === "Window"
      ? `, now: ${verdict.now === undefined ? "missing" : toIso(verdict.now)}`
      : ""
  return ` (seen: ${values}${now}${listHint(verdict)})`
}

/** for a single-value condition that saw a list: what it did and which list operator was meant */
const listHint = (verdict: LeafVerdict): string => {
  const { rule, seen } = verdict
  if (seen.length !== 1 || !Array.isArray((seen[0] as Seen).value)) return ""
  switch (rule._tag) {
    case "Member":
      return `; a list: ${rule.op} compares the fact as one value, use ${rule.op === "in" ? "containsAny" : "not containsAny"} for its elements`
    case "Equal":
      return `; a list: ${rule.op} compares the fact as one value, use ${rule.op === "eq" ? "contains or containsAny" : "not containsAny"} for its elements`
    default:
      return ""
  }
}

/**
 * One "why not" reason as text: the requirement that was not met (`not …` for a leaf that held
 * but must not) and what it saw.
 *
 * @category rendering
 * @since 0.1.0
 */
export const renderReason = (verdict: LeafVerdict): string =>
  `${verdict.negated ? "not " : ""}${describe(verdict.rule)}${showSeen(verdict)}`

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
 * const verdict = R.explain(rule)(
 *   { subject: { lastLogin: "2024-01-02", country: "NL" }, context: {} },
 *   Date.UTC(2024, 4, 1)
 * )
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
