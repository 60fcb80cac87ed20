/**
 * Business value: a number, or a small expression over facts — a fact (a number at a path, with
 * a default when it is missing or not a finite number), sums, products, minimum and maximum —
 * e.g. "1 % of the balance, at least 5": `{ max: [5, { product: [0.01, { fact: "subject.balance" }] }] }`.
 *
 * Laws:
 * - Total: `evaluate` always returns a finite number (a non-finite result counts as 0).
 * - `constant(v)` evaluates to `v` on any facts; `compile(e)` agrees with `evaluate(e)`.
 * - The codec round-trips; a plain number decodes to a constant and encodes back to the number.
 * - Bounded decoding: an expression from outside nests at most `MAX_DEPTH` levels and has at most
 *   `MAX_TERMS` terms; past either it is one problem (`too_deep`, `too_large`), never a throw.
 *   Expressions built with the constructors have no limit: `evaluate`, `compile` and `codec.encode`
 *   use explicit stacks past `MAX_DEPTH` levels.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { getter, pathProblem, type Facts } from "../kernel/internal/Facts.js"
import {
  collect,
  failAt,
  failHere,
  finite,
  found,
  hasOwn,
  isRecord,
  nonEmptyString,
  type Codec
} from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A value expression.
 *
 * @category model
 * @since 0.1.0
 */
export type Value =
  | { readonly _tag: "Constant"; readonly value: number }
  | { readonly _tag: "Fact"; readonly path: string; readonly default: number }
  | { readonly _tag: "Sum"; readonly terms: ReadonlyArray<Value> }
  | { readonly _tag: "Product"; readonly factors: ReadonlyArray<Value> }
  | { readonly _tag: "Min"; readonly values: ReadonlyArray<Value> }
  | { readonly _tag: "Max"; readonly values: ReadonlyArray<Value> }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A fixed value.
 *
 * @category constructors
 * @since 0.1.0
 */
export const constant = (value: number): Value => ({ _tag: "Constant", value })

/**
 * The number at a fact path, or `default` (0 unless given) when missing or not a finite number.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fact = (path: string, fallback = 0): Value => ({ _tag: "Fact", path, default: fallback })

/**
 * The sum of values.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sum = (...terms: ReadonlyArray<Value>): Value => ({ _tag: "Sum", terms })

/**
 * The product of values.
 *
 * @category constructors
 * @since 0.1.0
 */
export const product = (...factors: ReadonlyArray<Value>): Value => ({ _tag: "Product", factors })

/**
 * The smallest of values.
 *
 * @category constructors
 * @since 0.1.0
 */
export const min = (...values: ReadonlyArray<Value>): Value => ({ _tag: "Min", values })

/**
 * The largest of values.
 *
 * @category constructors
 * @since 0.1.0
 */
export const max = (...values: ReadonlyArray<Value>): Value => ({ _tag: "Max", values })

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A total fold over value expressions.
 *
 * @category destructors
 * @since 0.1.0
 */
export const match =
  <B>(cases: {
    readonly Constant: (value: number) => B
    readonly Fact: (path: string, fallback: number) => B
    readonly Sum: (terms: ReadonlyArray<Value>) => B
    readonly Product: (factors: ReadonlyArray<Value>) => B
    readonly Min: (values: ReadonlyArray<Value>) => B
    readonly Max: (values: ReadonlyArray<Value>) => B
  }) =>
  (v: Value): B => {
    switch (v._tag) {
      case "Constant":
        return cases.Constant(v.value)
      case "Fact":
        return cases.Fact(v.path, v.default)
      case "Sum":
        return cases.Sum(v.terms)
      case "Product":
        return cases.Product(v.factors)
      case "Min":
        return cases.Min(v.values)
      case "Max":
        return cases.Max(v.values)
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const finiteOr0 = (x: number): number => (Number.isFinite(x) ? x : 0)

/** the smallest (largest) of the results, as `Math.min(...)` (`Math.max(...)`) without spreading: NaN wins */
const minOf = (fs: ReadonlyArray<(facts: Facts) => number>, facts: Facts): number => {
  let m = Number.POSITIVE_INFINITY
  for (const f of fs) m = Math.min(m, f(facts))
  return m
}
const maxOf = (fs: ReadonlyArray<(facts: Facts) => number>, facts: Facts): number => {
  let m = Number.NEGATIVE_INFINITY
  for (const f of fs) m = Math.max(m, f(facts))
  return m
}

const compileRaw: (v: Value) => (facts: Facts) => number = match({
  Constant: (value) => () => value,
  Fact: (path, fallback) => {
    const get = getter(path)
    return (facts) => {
      const x = get(facts)
      return typeof x === "number" && Number.isFinite(x) ? x : fallback
    }
  },
  Sum: (terms) => {
    const fs = terms.map(compileRaw)
    return (facts) => fs.reduce((acc, f) => acc + f(facts), 0)
  },
  Product: (factors) => {
    const fs = factors.map(compileRaw)
    return (facts) => fs.reduce((acc, f) => acc * f(facts), 1)
  },
  Min: (values) => {
    const fs = values.map(compileRaw)
    return (facts) => (fs.length === 0 ? 0 : minOf(fs, facts))
  },
  Max: (values) => {
    const fs = values.map(compileRaw)
    return (facts) => (fs.length === 0 ? 0 : maxOf(fs, facts))
  }
})

const childrenOf = (v: Value): ReadonlyArray<Value> =>
  v._tag === "Sum" ? v.terms : v._tag === "Product" ? v.factors : v._tag === "Min" || v._tag === "Max" ? v.values : []

/** whether an expression nests deeper than `limit` levels (explicit stack) */
const deeperThan = (v: Value, limit: number): boolean => {
  const stack: Array<readonly [Value, number]> = [[v, 1]]
  while (stack.length > 0) {
    const [x, level] = stack.pop() as readonly [Value, number]
    if (level > limit) return true
    for (const child of childrenOf(x)) stack.push([child, level + 1])
  }
  return false
}

/** one step of a postfix program: a leaf pushes its number, a list pops its `arity` operands */
type Step =
  | { readonly _tag: "Constant"; readonly value: number }
  | { readonly _tag: "Leaf"; readonly f: (facts: Facts) => number }
  | { readonly _tag: "Sum" | "Product" | "Min" | "Max"; readonly arity: number }

/**
 * An expression of any depth as a postfix program run on an explicit stack: the same results as
 * the closures of `compileRaw` (operands folded in the same order), without recursion.
 */
const compileDeep = (v: Value): ((facts: Facts) => number) => {
  const program: Array<Step> = []
  const stack: Array<readonly [Value, boolean]> = [[v, false]]
  while (stack.length > 0) {
    const [x, expanded] = stack.pop() as readonly [Value, boolean]
    if (x._tag === "Constant" || x._tag === "Fact") {
      program.push(x._tag === "Constant" ? x : { _tag: "Leaf", f: compileRaw(x) })
      continue
    }
    const children = childrenOf(x)
    if (expanded) {
      program.push({ _tag: x._tag, arity: children.length })
      continue
    }
    stack.push([x, true])
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as Value, false])
  }
  return (facts) => {
    const values: Array<number> = []
    for (const step of program) {
      if (step._tag === "Constant") {
        values.push(step.value)
        continue
      }
      if (step._tag === "Leaf") {
        values.push(step.f(facts))
        continue
      }
      const from = values.length - step.arity
      let acc: number
      switch (step._tag) {
        case "Sum":
          acc = 0
          for (let i = from; i < values.length; i++) acc = acc + (values[i] as number)
          break
        case "Product":
          acc = 1
          for (let i = from; i < values.length; i++) acc = acc * (values[i] as number)
          break
        case "Min":
          acc = step.arity === 0 ? 0 : Number.POSITIVE_INFINITY
          for (let i = from; i < values.length; i++) acc = Math.min(acc, values[i] as number)
          break
        case "Max":
          acc = step.arity === 0 ? 0 : Number.NEGATIVE_INFINITY
          for (let i = from; i < values.length; i++) acc = Math.max(acc, values[i] as number)
          break
      }
      values.length = from
      values.push(acc)
    }
    return values[0] as number
  }
}

/**
 * Compiles an expression to a function of facts (fact paths are split once). Safe at any depth:
 * past `MAX_DEPTH` levels the expression runs on an explicit stack.
 *
 * @category operations
 * @since 0.1.0
 */
export const compile = (v: Value): ((facts: Facts) => number) => {
  if (v._tag === "Constant") {
    const c = finiteOr0(v.value)
    return () => c
  }
  const f = deeperThan(v, MAX_DEPTH) ? compileDeep(v) : compileRaw(v)
  return (facts) => finiteOr0(f(facts))
}

/**
 * Evaluates an expression on facts.
 *
 * @example
 * import { Value } from "nextbest"
 * import * as assert from "node:assert"
 * const cashback = Value.max(Value.constant(5), Value.product(Value.constant(0.01), Value.fact("subject.balance")))
 * assert.strictEqual(Value.evaluate(cashback)({ subject: { balance: 2000 } }), 20)
 * assert.strictEqual(Value.evaluate(cashback)({ subject: {} }), 5)
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluate =
  (v: Value) =>
  (facts: Facts): number =>
    compile(v)(facts)

/**
 * Whether an expression is a plain number.
 *
 * @category operations
 * @since 0.1.0
 */
export const isConstant = (v: Value): v is Extract<Value, { readonly _tag: "Constant" }> => v._tag === "Constant"

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * How deep value expressions from outside may nest: an expression at level 65 (the whole
 * expression is level 1) is reported as `too_deep`. Expressions built with the constructors have
 * no limit.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MAX_DEPTH = 64

/**
 * How many terms a value expression from outside may have in all (numbers, facts and lists,
 * counted over every level): past 10,000 the expression is reported once, at its root, as
 * `too_large`, and the rest of it is not read.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MAX_TERMS = 10_000

const LIST_KEYS = { sum: "Sum", product: "Product", min: "Min", max: "Max" } as const
type ListKey = keyof typeof LIST_KEYS
const LIST_NAMES = Object.keys(LIST_KEYS) as ReadonlyArray<ListKey>

const onlyKeys = (
  u: Readonly<Record<string, unknown>>,
  allowed: ReadonlyArray<string>,
  c: t.Context,
  errors: Array<t.ValidationError>
): void => {
  for (const k of Object.keys(u))
    if (!allowed.includes(k)) failAt(errors, c, k, u[k], "unknown_key", `unknown key "${k}" in a value expression`)
}

/** one decoding pass over one expression: the terms read so far, and whether `MAX_TERMS` was passed */
interface Pass {
  terms: number
  full: boolean
  readonly root: unknown
  readonly rootContext: t.Context
}

/** decodes one term at `level`, collecting every problem into `errors`; `undefined` when it is unusable */
const decodeValue = (
  u: unknown,
  c: t.Context,
  level: number,
  pass: Pass,
  errors: Array<t.ValidationError>
): Value | undefined => {
  if (pass.full) return undefined
  if (++pass.terms > MAX_TERMS) {
    pass.full = true
    failHere(errors, pass.rootContext, pass.root, "too_large", `a value expression may have at most ${MAX_TERMS} terms`)
    return undefined
  }
  if (typeof u === "number") {
    if (Number.isFinite(u)) return constant(u)
    failHere(errors, c, u, "non_finite", "expected a finite number")
    return undefined
  }
  if (!isRecord(u)) {
    if (u === undefined) failHere(errors, c, u, "required", "required: expected a value")
    else failHere(errors, c, u, "invalid_type", "expected a number or a value expression")
    return undefined
  }
  if (level > MAX_DEPTH) {
    failHere(errors, c, u, "too_deep", `value expressions may nest at most ${MAX_DEPTH} levels deep`)
    return undefined
  }
  const before = found(errors)
  if (hasOwn(u, "fact")) {
    onlyKeys(u, ["fact", "default"], c, errors)
    const path = collect(
      nonEmptyString.validate(u["fact"], t.appendContext(c, "fact", nonEmptyString, u["fact"])),
      errors
    )
    if (path !== undefined) {
      const p = pathProblem(path)
      if (p !== null) failAt(errors, c, "fact", path, p.code, p.message)
    }
    const fallback = hasOwn(u, "default")
      ? collect(finite.validate(u["default"], t.appendContext(c, "default", finite, u["default"])), errors)
      : 0
    return found(errors) > before || path === undefined || fallback === undefined ? undefined : fact(path, fallback)
  }
  const key = LIST_NAMES.find((k) => hasOwn(u, k))
  if (key === undefined) {
    failHere(errors, c, u, "unknown_operator", "expected one of fact, sum, product, min, max")
    return undefined
  }
  onlyKeys(u, [key], c, errors)
  const list = u[key]
  const lc = t.appendContext(c, key, codec, list)
  if (!Array.isArray(list)) {
    if (list === undefined) failHere(errors, lc, list, "required", "required: expected an array")
    else failHere(errors, lc, list, "invalid_type", "expected an array")
    return undefined
  }
  const values: Array<Value> = []
  for (let i = 0; i < list.length && !pass.full; i++) {
    const item: unknown = list[i]
    const value = decodeValue(item, t.appendContext(lc, String(i), codec, item), level + 1, pass, errors)
    if (value !== undefined) values.push(value)
  }
  if (found(errors) > before || pass.full) return undefined
  switch (key) {
    case "sum":
      return { _tag: "Sum", terms: values }
    case "product":
      return { _tag: "Product", factors: values }
    case "min":
      return { _tag: "Min", values }
    case "max":
      return { _tag: "Max", values }
  }
}

/** a constant as its number, a fact as `{ fact, default? }` */
const encodeLeaf = (v: Extract<Value, { readonly _tag: "Constant" | "Fact" }>): unknown =>
  v._tag === "Constant" ? v.value : v.default === 0 ? { fact: v.path } : { fact: v.path, default: v.default }

const LIST_KEY_OF = { Sum: "sum", Product: "product", Min: "min", Max: "max" } as const

/** an expression to JSON on an explicit stack (safe at any depth) */
const encodeValue = (v: Value): unknown => {
  if (v._tag === "Constant" || v._tag === "Fact") return encodeLeaf(v)
  const done: Array<unknown> = []
  const stack: Array<readonly [Value, boolean]> = [[v, false]]
  while (stack.length > 0) {
    const [x, expanded] = stack.pop() as readonly [Value, boolean]
    if (x._tag === "Constant" || x._tag === "Fact") {
      done.push(encodeLeaf(x))
      continue
    }
    const children = childrenOf(x)
    if (!expanded) {
      stack.push([x, true])
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as Value, false])
      continue
    }
    const from = done.length - children.length
    const items = done.slice(from)
    done.length = from
    done.push({ [LIST_KEY_OF[x._tag]]: items })
  }
  return done[0]
}

/**
 * A value as JSON: a number, `{ fact, default? }`, `{ sum: [...] }`, `{ product: [...] }`,
 * `{ min: [...] }` or `{ max: [...] }`. Decoding reads at most `MAX_DEPTH` levels and `MAX_TERMS`
 * terms (`too_deep`, `too_large`); encoding is safe at any depth.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Value> = new t.Type<Value, unknown, unknown>(
  "value",
  (u): u is Value => isRecord(u) && typeof u["_tag"] === "string",
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const value = decodeValue(u, c, 1, { terms: 0, full: false, root: u, rootContext: c }, errors)
    return errors.length > 0 || value === undefined ? t.failures(errors) : t.success(value)
  },
  encodeValue
)
