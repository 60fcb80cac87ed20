/**
 * Business value: a number, or a small expression over facts — a fact (a number at a path, with
 * a default when it is missing or not a finite number), sums, products, minimum and maximum —
 * e.g. "1 % of the balance, at least 5": `{ max: [5, { product: [0.01, { fact: "subject.balance" }] }] }`.
 *
 * Laws:
 * - Total: `evaluate` always returns a finite number (a non-finite result counts as 0).
 * - `constant(v)` evaluates to `v` on any facts; `compile(e)` agrees with `evaluate(e)`.
 * - The codec round-trips; a plain number decodes to a constant and encodes back to the number.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"
import { getter, pathProblem, type Facts } from "../kernel/internal/Facts.js"
import { array, collect, failAt, finite, isRecord, nonEmptyString, type Codec } from "../kernel/internal/codec.js"

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
    return (facts) => (fs.length === 0 ? 0 : Math.min(...fs.map((f) => f(facts))))
  },
  Max: (values) => {
    const fs = values.map(compileRaw)
    return (facts) => (fs.length === 0 ? 0 : Math.max(...fs.map((f) => f(facts))))
  }
})

/**
 * Compiles an expression to a function of facts (fact paths are split once).
 *
 * @category operations
 * @since 0.1.0
 */
export const compile = (v: Value): ((facts: Facts) => number) => {
  if (v._tag === "Constant") {
    const c = finiteOr0(v.value)
    return () => c
  }
  const f = compileRaw(v)
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

const LIST_KEYS = { sum: "Sum", product: "Product", min: "Min", max: "Max" } as const
type ListKey = keyof typeof LIST_KEYS

const onlyKeys = (
  u: Readonly<Record<string, unknown>>,
  allowed: ReadonlyArray<string>,
  c: t.Context,
  errors: Array<t.ValidationError>
): void => {
  for (const k of Object.keys(u))
    if (!allowed.includes(k)) failAt(errors, c, k, u[k], "unknown_key", `unknown key "${k}" in a value expression`)
}

/**
 * A value as JSON: a number, `{ fact, default? }`, `{ sum: [...] }`, `{ product: [...] }`,
 * `{ min: [...] }` or `{ max: [...] }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Value> = new t.Type<Value, unknown, unknown>(
  "value",
  (u): u is Value => isRecord(u) && typeof u["_tag"] === "string",
  (u, c) => {
    if (typeof u === "number")
      return Number.isFinite(u) ? t.success(constant(u)) : failure(u, c, "non_finite", "expected a finite number")
    if (!isRecord(u))
      return u === undefined
        ? failure(u, c, "required", "required: expected a value")
        : failure(u, c, "invalid_type", "expected a number or a value expression")
    const errors: Array<t.ValidationError> = []
    if ("fact" in u) {
      onlyKeys(u, ["fact", "default"], c, errors)
      const path = collect(
        nonEmptyString.validate(u["fact"], t.appendContext(c, "fact", nonEmptyString, u["fact"])),
        errors
      )
      if (path !== undefined) {
        const p = pathProblem(path)
        if (p !== null) failAt(errors, c, "fact", path, p.code, p.message)
      }
      const fallback =
        "default" in u
          ? collect(finite.validate(u["default"], t.appendContext(c, "default", finite, u["default"])), errors)
          : 0
      return errors.length > 0 || path === undefined || fallback === undefined
        ? t.failures(errors)
        : t.success(fact(path, fallback))
    }
    const key = (Object.keys(LIST_KEYS) as Array<ListKey>).find((k) => k in u)
    if (key === undefined) return failure(u, c, "unknown_operator", "expected one of fact, sum, product, min, max")
    onlyKeys(u, [key], c, errors)
    const values = collect(array(codec).validate(u[key], t.appendContext(c, key, codec, u[key])), errors)
    if (errors.length > 0 || values === undefined) return t.failures(errors)
    switch (key) {
      case "sum":
        return t.success(sum(...values))
      case "product":
        return t.success(product(...values))
      case "min":
        return t.success(min(...values))
      case "max":
        return t.success(max(...values))
    }
  },
  (v): unknown =>
    match<unknown>({
      Constant: (value) => value,
      Fact: (path, fallback) => (fallback === 0 ? { fact: path } : { fact: path, default: fallback }),
      Sum: (vs) => ({ sum: vs.map((x) => codec.encode(x)) }),
      Product: (vs) => ({ product: vs.map((x) => codec.encode(x)) }),
      Min: (vs) => ({ min: vs.map((x) => codec.encode(x)) }),
      Max: (vs) => ({ max: vs.map((x) => codec.encode(x)) })
    })(v)
)
