/**
 * Internal: the interpreter (`evaluate`), the reference semantics of rules.
 *
 * `holds` gives the truth of one leaf; `evaluate` short-circuits `all` and `any` left to right,
 * recursing for the first 200 levels and on an explicit stack below. `compile`, `compileAll` and
 * `explain` reuse these helpers, so every path agrees with the interpreter.
 * Re-exported (`evaluate` only) by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import { type FactPath, type Facts, lookupPath, parsePath } from "../../kernel/internal/Facts.js"
import { DAY_MS, type Instant, parseIso } from "../../kernel/Time.js"
import type { Comparison, DateTime, Leaf, Literal, Ordered, Ordering, Rule } from "./model.js"

// -------------------------------------------------------------------------------------
// evaluation
// -------------------------------------------------------------------------------------

const PATH_CACHE_LIMIT = 10_000
const pathCache = new Map<string, FactPath>()

/**
 * Internal: the fact at a path, for the interpreter: the path is split once and cached (an unobservable, bounded
 * cache).
 *
 * @category internal
 * @since 0.1.0
 */
export const at = (facts: unknown, path: string): unknown => {
  let segments = pathCache.get(path)
  if (segments === undefined) {
    if (pathCache.size >= PATH_CACHE_LIMIT) pathCache.clear()
    segments = parsePath(path)
    pathCache.set(path, segments)
  }
  return lookupPath(facts, segments)
}

/**
 * Internal: a string, a boolean or a number other than NaN.
 *
 * @category internal
 * @since 0.1.0
 */
export const isScalar = (v: unknown): boolean =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && v === v)

/**
 * Internal: neither `undefined` nor `null`.
 *
 * @category internal
 * @since 0.1.0
 */
export const isPresent = (v: unknown): boolean => v !== undefined && v !== null

/**
 * Internal: `a op b` for one of the order comparisons.
 *
 * @category internal
 * @since 0.1.0
 */
export const ordered = (op: Ordering, a: Ordered, b: Ordered): boolean => {
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

/**
 * Internal: the meaning of a fact-to-fact comparison on the two values.
 *
 * @category internal
 * @since 0.1.0
 */
export const comparesFacts = (op: Comparison, a: unknown, b: unknown): boolean => {
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

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Internal: whether a list holds `x` as an own element (`===`; a hole never matches, even when a
 * prototype has a value at its index).
 *
 * @category internal
 * @since 0.1.0
 */
export const hasElement = (list: ReadonlyArray<unknown>, x: unknown): boolean => {
  for (let i = 0; i < list.length; i++) if (list[i] === x && hasOwn.call(list, i)) return true
  return false
}

/**
 * Internal: the meaning of `containsAny` (`all` false) and `containsAll` (`all` true) on a value.
 *
 * @category internal
 * @since 0.1.0
 */
export const containsElements = (v: unknown, values: ReadonlyArray<Literal>, all: boolean): boolean => {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < values.length; i++) if (hasElement(v, values[i]) !== all) return !all
  return all
}

/**
 * Internal: the meaning of a size comparison on a value: an array whose length stands in `op` to `n`.
 *
 * @category internal
 * @since 0.1.0
 */
export const sizeHolds = (op: Comparison, v: unknown, n: number): boolean => {
  if (!Array.isArray(v)) return false
  const length = v.length
  return op === "eq" ? length === n : op === "neq" ? length !== n : ordered(op, length, n)
}

/**
 * Internal: the meaning of a text condition: on a string, the text test; `contains` on an array
 * is element membership.
 *
 * @category internal
 * @since 0.1.0
 */
export const textHolds = (op: "startsWith" | "endsWith" | "contains", v: unknown, s: string): boolean => {
  if (typeof v !== "string") return op === "contains" && Array.isArray(v) && hasElement(v, s)
  return op === "startsWith" ? v.startsWith(s) : op === "endsWith" ? v.endsWith(s) : v.includes(s)
}

/**
 * Internal: epoch milliseconds of a date-time fact, or null when it is not one.
 *
 * @category internal
 * @since 0.1.0
 */
export const instantOf = (v: unknown): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null
  if (typeof v === "string") return parseIso(v)
  if (v instanceof Date) {
    const ms = v.getTime()
    return Number.isFinite(ms) ? ms : null
  }
  return null
}

/**
 * Internal: the meaning of a date-time condition on epoch milliseconds.
 *
 * @category internal
 * @since 0.1.0
 */
export const inTime = (op: DateTime["op"], time: number, now: number, days: number): boolean => {
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

/**
 * Internal: the meaning of a window on epoch milliseconds: `t + from·d ≤ now ≤ t + to·d`.
 *
 * @category internal
 * @since 0.1.0
 */
export const inWindow = (time: number, now: number, from: number, to: number): boolean =>
  now >= time + from * DAY_MS && now <= time + to * DAY_MS

/**
 * Internal: the truth of one leaf — the reference semantics every other path must agree with.
 *
 * @category internal
 * @since 0.1.0
 */
export const holds = (leaf: Leaf, facts: unknown, now: Instant | undefined): boolean => {
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
      return (
        typeof v === typeof leaf.min &&
        typeof v === typeof leaf.max &&
        (v as Ordered) >= leaf.min &&
        (v as Ordered) <= leaf.max
      )
    }
    case "Member": {
      const v = at(facts, leaf.fact)
      return leaf.op === "in" ? includes(leaf.values, v) : isScalar(v) && !includes(leaf.values, v)
    }
    case "Presence":
      return isPresent(at(facts, leaf.fact)) === (leaf.op === "exists")
    case "Text":
      return textHolds(leaf.op, at(facts, leaf.fact), leaf.value)
    case "Elements":
      return containsElements(at(facts, leaf.fact), leaf.values, leaf.op === "containsAll")
    case "Size":
      return sizeHolds(leaf.op, at(facts, leaf.fact), leaf.value)
    case "CompareFacts":
      return comparesFacts(leaf.op, at(facts, leaf.fact), at(facts, leaf.other))
    case "DateTime": {
      if (now === undefined) return false
      const time = instantOf(at(facts, leaf.fact))
      return time !== null && inTime(leaf.op, time, now, leaf.days)
    }
    case "Window": {
      if (now === undefined) return false
      const time = instantOf(at(facts, leaf.fact))
      return time !== null && inWindow(time, now, leaf.from, leaf.to)
    }
  }
}

/** nesting handled by recursion before the interpreter switches to its explicit stack */
const RECURSION_LIMIT = 200

/**
 * Internal: short-circuit evaluation with an explicit stack, for rules of any depth.
 *
 * @category internal
 * @since 0.1.0
 */
export const evaluateDeep = (root: Rule, facts: unknown, now: Instant | undefined): boolean => {
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
