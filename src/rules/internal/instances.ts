/**
 * Internal: the type-class instances of `Rule` — `Eq`, `Show`, `MonoidAll`, `MonoidAny` and
 * `BooleanAlgebra`.
 *
 * Re-exported by the public facade `src/rules/Rule.ts`.
 *
 * @internal
 * @since 0.1.0
 */
import type { BooleanAlgebra as BooleanAlgebraT } from "fp-ts/lib/BooleanAlgebra.js"
import type { Eq as EqT } from "fp-ts/lib/Eq.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import type { Show as ShowT } from "fp-ts/lib/Show.js"
import { always, never, not } from "./constructors.js"
import { show } from "./explain.js"
import type { All, Any, Leaf, Literal, Not, Rule } from "./model.js"

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
    case "Elements":
      return y._tag === x._tag && x.op === y.op && x.fact === y.fact && sameValues(x.values, y.values)
    case "Size":
      return y._tag === "Size" && x.op === y.op && x.fact === y.fact && x.value === y.value
    case "Presence":
      return y._tag === "Presence" && x.op === y.op && x.fact === y.fact
    case "CompareFacts":
      return y._tag === "CompareFacts" && x.op === y.op && x.fact === y.fact && x.other === y.other
    case "DateTime":
      return y._tag === "DateTime" && x.op === y.op && x.fact === y.fact && x.days === y.days
    case "Window":
      return y._tag === "Window" && x.fact === y.fact && x.from === y.from && x.to === y.to
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
  concat: (x, y) =>
    x._tag === "Always" ? y : y._tag === "Always" ? x : { _tag: "All", rules: [...conjuncts(x), ...conjuncts(y)] },
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
  concat: (x, y) =>
    x._tag === "Never" ? y : y._tag === "Never" ? x : { _tag: "Any", rules: [...disjuncts(x), ...disjuncts(y)] },
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
