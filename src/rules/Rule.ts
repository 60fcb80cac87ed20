/**
 * Rules: eligibility, applicability and suitability conditions as data.
 *
 * A `Rule` is a small Boolean language over facts — a plain object such as `{ subject, context }`
 * whose values are addressed by dotted paths (`"subject.age"`). It has the constants `always` and
 * `never`, `not`, `all` and `any` over any number of rules, and conditions that compare a fact with
 * a literal, a list, another fact or the decision time. Rules are stored as JSON (`codec`,
 * `decode`, `encode`), evaluated (`evaluate`), explained to a business analyst (`explain`,
 * `whyNot`, `renderVerdict`), simplified (`simplify`) and compiled once to a closure for the hot
 * path (`compile`), or many at once to be checked together (`compileAll`, for a catalog's
 * eligibility rules).
 *
 * Semantics. Every condition is two-valued. A fact is *missing* when the path does not reach an
 * own property, or reaches `undefined` or `null`. A missing fact, or a fact of the wrong type,
 * makes a condition false and never throws; `not` turns that false into true. Equality is strict
 * (no coercion: `18` is not `"18"`). List facts (arrays) have their own conditions: `contains`
 * (one element; on a string it is the substring test), `containsAny`, `containsAll` and the size
 * comparisons `sizeEq` … `sizeGte`; a missing fact or one that is not an array makes them false.
 * See docs/rules.md for the table of operators.
 *
 * Laws (checked with fast-check in test/rules/Rule.prop.test.ts, with the helpers of test/laws.ts):
 * - `compile(r)(f, now) === evaluate(r)(f, now) === evaluate(simplify(r))(f, now)`.
 * - `compileAll(rs)(f, now)` is the list of the `i`, in increasing order, with `evaluate(rs[i])(f, now)`.
 * - `explain(r)(f, now).passed === evaluate(r)(f, now)`; `whyNot` is empty exactly when it passed.
 * - `simplify` is idempotent: `Eq.equals(simplify(simplify(r)), simplify(r))`.
 * - `MonoidAll` and `MonoidAny`: associativity and identity hold exactly (under `Eq`).
 * - `BooleanAlgebra`: associativity, commutativity, identities, absorption, distributivity,
 *   complements, De Morgan and double negation hold under `evaluate` (for all facts and times).
 * - Lists: `containsAll(xs) ∧ containsAll(ys) ≡ containsAll(xs ∪ ys)`, `containsAny(xs) ∨
 *   containsAny(ys) ≡ containsAny(xs ∪ ys)`, `containsAny([])` never holds, `containsAll([])` holds
 *   exactly on a present list, `sizeX(f, n)` is the comparison of the array's length with `n`.
 * - Codec round trip: `decode(encode(r))` is `Right(r')` with `Eq.equals(r', r)` (`codec` likewise).
 * - Totality: no function here throws on a rule made by the constructors or the decoder, on any
 *   facts, however deep the rule (explicit stacks; the decoder stops at `MAX_DEPTH`).
 *
 * This module is the public facade: the implementation lives in modules of one idea under
 * `./internal/` (model, constructors, evaluate, compile with closures and plan, simplify,
 * explain, instances, codec), whose helpers are not re-exported here.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type {
  All,
  Always,
  Any,
  Between,
  CompareFacts,
  Comparison,
  Condition,
  DateTime,
  Window,
  Elements,
  Equal,
  FactOperator,
  Leaf,
  Literal,
  Member,
  Never,
  Not,
  Order,
  Ordered,
  OperatorName,
  Ordering,
  Presence,
  Rule,
  Size,
  Text
} from "./internal/model.js"
export type { CompiledRule, CompiledRules } from "./internal/compile.js"
export type { AllVerdict, AnyVerdict, LeafVerdict, NotVerdict, Seen, Verdict } from "./internal/explain.js"
export type { Json } from "./internal/codec.js"

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export {
  after,
  all,
  always,
  any,
  before,
  between,
  contains,
  containsAll,
  containsAny,
  endsWith,
  eq,
  eqFact,
  exists,
  gt,
  gte,
  gteFact,
  gtFact,
  in,
  lt,
  lte,
  lteFact,
  ltFact,
  missing,
  neq,
  neqFact,
  never,
  not,
  notIn,
  sizeEq,
  sizeGt,
  sizeGte,
  sizeLt,
  sizeLte,
  sizeNeq,
  startsWith,
  window,
  withinLastDays,
  withinNextDays
} from "./internal/constructors.js"

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

export type { Algebra, Cases } from "./internal/model.js"
export { depth, factOperators, factPaths, fold, match, OPERATOR_NAMES, operatorName } from "./internal/model.js"

// -------------------------------------------------------------------------------------
// evaluation
// -------------------------------------------------------------------------------------

export { evaluate } from "./internal/evaluate.js"
export { compile, compileAll } from "./internal/compile.js"

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

export { simplify } from "./internal/simplify.js"

// -------------------------------------------------------------------------------------
// explanation and rendering
// -------------------------------------------------------------------------------------

export { describe, explain, matchVerdict, renderReason, renderVerdict, show, whyNot } from "./internal/explain.js"

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

export { BooleanAlgebra, Eq, MonoidAll, MonoidAny, Show } from "./internal/instances.js"

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

export { codec, decode, encode, MAX_DEPTH } from "./internal/codec.js"
