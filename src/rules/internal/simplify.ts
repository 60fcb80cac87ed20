/**
 * Internal: `simplify`, an equivalent rule without constants below the top, nested connectives of
 * the same kind, double negations or duplicate operands.
 *
 * Re-exported by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import { always, never } from "./constructors.js"
import { type Condition, fold, type Literal, type Rule } from "./model.js"

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
    case "Elements":
      return `${head}:${leaf.op}:${leaf.values.map(literalKey).join(",")}`
    case "Size":
      return `${head}:${leaf.op}:${leaf.value}`
    case "Presence":
      return `${head}:${leaf.op}`
    case "CompareFacts":
      return `${head}:${leaf.op}:${leaf.other}`
    case "DateTime":
      return `${head}:${leaf.op}:${leaf.days}`
    case "Window":
      return `${head}:${leaf.op}:${leaf.from}:${leaf.to}`
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
