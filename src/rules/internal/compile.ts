/**
 * Internal: compilation of rules to closures for the hot path — one rule (`compile`) or many
 * checked together (`compileAll`).
 *
 * `compile` simplifies, then specialises each condition to its operator and literal type
 * (two-segment paths use the closures of `./closures.js`); `compileAll` builds the plan of
 * `./plan.js` from the conditions of conjunctions and compiles the rest. Both agree with
 * `evaluate` (law checked in test/rules). Re-exported by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import { type FactPath, type Facts, getter, parsePath, pathProblem } from "../../kernel/internal/Facts.js"
import type { Instant } from "../../kernel/Time.js"
import {
  betweenNumbers2,
  type Closure,
  differs2,
  equals2,
  lookup,
  member2,
  orderNumber2,
  presence2
} from "./closures.js"
import { checkRule } from "./constructors.js"
import {
  comparesFacts,
  evaluateDeep,
  hasElement,
  holds,
  inTime,
  inWindow,
  instantOf,
  isScalar,
  ordered,
  sizeHolds
} from "./evaluate.js"
import {
  type Condition,
  depth,
  type Elements,
  isConnective,
  type Leaf,
  type Literal,
  type Member,
  type Order,
  type Rule,
  type Text
} from "./model.js"
import { type ClosureRow, evaluator, type MemberRow, type Plan, type PresenceRow, type RangeRow } from "./plan.js"
import { simplify } from "./simplify.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

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
// compilation
// -------------------------------------------------------------------------------------

const TRUE: Closure = () => true
const FALSE: Closure = () => false

/** the deepest (simplified) rule compiled to nested closures; deeper ones run on the interpreter's stack */
const COMPILE_DEPTH = 200

/** lists longer than this are looked up in a Set */
const SET_THRESHOLD = 8

/** a compiled lookup: exact own-property reads, except for paths with forbidden segments (never followed, as in the
 * kernel) */
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
      ? (
          (set: ReadonlySet<unknown>) => (v: unknown) =>
            set.has(v)
        )(new Set<unknown>(values))
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
        return typeof v === "string" ? v.includes(s) : Array.isArray(v) && hasElement(v, s)
      }
  }
}

const compileElements = (leaf: Elements): Closure => {
  const get = lookupOf(parsePath(leaf.fact), leaf.fact)
  // literals are finite (no NaN); duplicates change nothing
  const values = [...new Set(leaf.values)]
  if (leaf.op === "containsAny") {
    if (values.length === 1) {
      const x = values[0]
      return (f) => {
        const v = get(f)
        return Array.isArray(v) && hasElement(v, x)
      }
    }
    return (f) => {
      const v = get(f)
      if (!Array.isArray(v)) return false
      for (let i = 0; i < values.length; i++) if (hasElement(v, values[i])) return true
      return false
    }
  }
  return (f) => {
    const v = get(f)
    if (!Array.isArray(v)) return false
    for (let i = 0; i < values.length; i++) if (!hasElement(v, values[i])) return false
    return true
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
      const differs =
        two !== null
          ? differs2(two[0], two[1], k)
          : ((get) => (f: unknown) => {
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
    case "Elements":
      return negate(compileElements(leaf), negated)
    case "Size": {
      const get = lookupOf(parsePath(leaf.fact), leaf.fact)
      const { op, value } = leaf
      return negate((f) => sizeHolds(op, get(f), value), negated)
    }
    case "CompareFacts": {
      const get = lookupOf(parsePath(leaf.fact), leaf.fact)
      const other = lookupOf(parsePath(leaf.other), leaf.other)
      const op = leaf.op
      return negate((f) => comparesFacts(op, get(f), other(f)), negated)
    }
    case "Window": {
      const get = lookupOf(parsePath(leaf.fact), leaf.fact)
      const { from, to } = leaf
      return negate((f, now) => {
        if (now === undefined) return false
        const time = instantOf(get(f))
        return time !== null && inWindow(time, now, from, to)
      }, negated)
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
 * const eligible = R.compile(
 *   R.all(R.gte("subject.age", 18), R.gt("subject.balance", 1000), R.not(R.eq("subject.churned", true)))
 * )
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
      plan.members.push({
        rule,
        slot: plan.slot(leaf.fact),
        values: leaf.values.filter((v) => v === v),
        notIn: leaf.op === "notIn",
        negated
      })
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
  if (
    operand._tag === "Not" &&
    !isConnective(operand.rule) &&
    operand.rule._tag !== "Always" &&
    operand.rule._tag !== "Never"
  ) {
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
    else if (simple._tag === "All" && depth(simple) <= COMPILE_DEPTH)
      for (const operand of simple.rules) planOperand(plan, i, operand)
    else if (simple._tag !== "Always") planOperand(plan, i, simple)
  })
  return evaluator(plan)
}
