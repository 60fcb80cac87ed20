/**
 * Small io-ts codecs shared by the catalog, the policies, arbitration and the request: closed
 * structs that report unknown keys, bounded numbers with stable codes, non-empty strings.
 *
 * Every codec here reports each problem at its own path (through `t.appendContext`), with one of
 * the stable codes of `DecodeError`, and `decode ∘ encode` is the identity on decoded values.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure } from "../kernel/DecodeError.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A codec from unknown input to `A`, encoding to JSON.
 *
 * @category model
 * @since 0.1.0
 */
export type Codec<A> = t.Type<A, unknown, unknown>

type Decoded<P extends t.Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> }
type DecodedPartial<P extends t.Props> = { readonly [K in keyof P]?: t.TypeOf<P[K]> }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Whether a value is a plain (non-array, non-null) object.
 *
 * @category utils
 * @since 0.1.0
 */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Collects the errors of a validation into `errors` and returns its value, or `undefined`.
 *
 * @category utils
 * @since 0.1.0
 */
export const collect = <A>(validation: t.Validation<A>, errors: Array<t.ValidationError>): A | undefined => {
  if (E.isLeft(validation)) {
    for (const e of validation.left) errors.push(e)
    return undefined
  }
  return validation.right
}

/**
 * Pushes one coded failure at a child path.
 *
 * @category utils
 * @since 0.1.0
 */
export const failAt = (errors: Array<t.ValidationError>, c: t.Context, key: string, found: unknown, code: string, message: string): void => {
  const r = failure<never>(found, t.appendContext(c, key, t.unknown, found), code, message)
  if (E.isLeft(r)) for (const e of r.left) errors.push(e)
}

/**
 * Pushes one coded failure at the current path.
 *
 * @category utils
 * @since 0.1.0
 */
export const failHere = (errors: Array<t.ValidationError>, c: t.Context, found: unknown, code: string, message: string): void => {
  const r = failure<never>(found, c, code, message)
  if (E.isLeft(r)) for (const e of r.left) errors.push(e)
}

/**
 * Validates the value at `key` of an object with `codec`, in the nested context.
 *
 * @category utils
 * @since 0.1.0
 */
export const field = <A>(codec: t.Decoder<unknown, A>, record: Readonly<Record<string, unknown>>, key: string, c: t.Context, errors: Array<t.ValidationError>): A | undefined => {
  const value = hasOwn.call(record, key) ? record[key] : undefined
  return collect(codec.validate(value, t.appendContext(c, key, codec, value)), errors)
}

const typeProblem = <A>(u: unknown, c: t.Context, expected: string): t.Validation<A> =>
  u === undefined ? failure(u, c, "required", `required: expected ${expected}`) : failure(u, c, "invalid_type", `expected ${expected}`)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A closed object: required and optional fields, every field problem at its path, and every key
 * not listed reported as `unknown_key` (a misspelt "eligibilty" is an error, not a silent no-op).
 * Absent optional fields stay absent.
 *
 * @category constructors
 * @since 0.1.0
 */
export const struct = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O): Codec<Decoded<R> & DecodedPartial<O>> => {
  const known = new Set([...Object.keys(required), ...Object.keys(optional)])
  return new t.Type<Decoded<R> & DecodedPartial<O>, unknown, unknown>(
    name,
    (u): u is Decoded<R> & DecodedPartial<O> => isRecord(u),
    (u, c) => {
      if (!isRecord(u)) return typeProblem(u, c, `${name} object`)
      const errors: Array<t.ValidationError> = []
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(u)) {
        if (!known.has(key)) failAt(errors, c, key, u[key], "unknown_key", `unknown key "${key}" in ${name}`)
      }
      for (const key of Object.keys(required)) {
        const codec = required[key] as t.Mixed
        const value = field(codec, u, key, c, errors)
        if (value !== undefined) out[key] = value
      }
      for (const key of Object.keys(optional)) {
        if (!hasOwn.call(u, key) || u[key] === undefined) continue
        const codec = optional[key] as t.Mixed
        const value = field(codec, u, key, c, errors)
        if (value !== undefined) out[key] = value
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as Decoded<R> & DecodedPartial<O>)
    },
    (a) => {
      const out: Record<string, unknown> = {}
      const record = a as Readonly<Record<string, unknown>>
      for (const key of Object.keys(record)) {
        const codec = (hasOwn.call(required, key) ? required[key] : optional[key]) as t.Mixed | undefined
        const value = record[key]
        if (codec !== undefined && value !== undefined) out[key] = codec.encode(value)
      }
      return out
    }
  )
}

/**
 * A finite number in `[min, max]` (`non_finite`, `out_of_range`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const numberIn = (min: number, max: number, name = "number"): Codec<number> =>
  new t.Type<number, unknown, unknown>(
    name,
    (u): u is number => typeof u === "number" && u >= min && u <= max,
    (u, c) => {
      if (typeof u !== "number") return typeProblem(u, c, "a number")
      if (!Number.isFinite(u)) return failure(u, c, "non_finite", "expected a finite number")
      if (u < min || u > max) return failure(u, c, "out_of_range", `expected a number in [${min}, ${max}]`)
      return t.success(u)
    },
    (a) => a
  )

/**
 * A whole number in `[min, max]` (`non_finite`, `not_integer`, `out_of_range`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const integerIn = (min: number, max: number, name = "integer"): Codec<number> =>
  new t.Type<number, unknown, unknown>(
    name,
    (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => {
      if (typeof u !== "number") return typeProblem(u, c, "a whole number")
      if (!Number.isFinite(u)) return failure(u, c, "non_finite", "expected a finite number")
      if (!Number.isInteger(u)) return failure(u, c, "not_integer", "expected a whole number")
      if (u < min || u > max) return failure(u, c, "out_of_range", `expected a whole number in [${min}, ${max}]`)
      return t.success(u)
    },
    (a) => a
  )

/**
 * Any finite number (`non_finite`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const finite: Codec<number> = numberIn(-Number.MAX_VALUE, Number.MAX_VALUE, "finite number")

/**
 * A non-empty string.
 *
 * @category constructors
 * @since 0.1.0
 */
export const nonEmptyString: Codec<string> = new t.Type<string, unknown, unknown>(
  "non-empty string",
  (u): u is string => typeof u === "string" && u.length > 0,
  (u, c) => {
    if (typeof u !== "string") return typeProblem(u, c, "a string")
    return u.length === 0 ? failure(u, c, "invalid_value", "expected a non-empty string") : t.success(u)
  },
  (a) => a
)

/**
 * A boolean.
 *
 * @category constructors
 * @since 0.1.0
 */
export const boolean: Codec<boolean> = new t.Type<boolean, unknown, unknown>(
  "boolean",
  (u): u is boolean => typeof u === "boolean",
  (u, c) => (typeof u === "boolean" ? t.success(u) : typeProblem(u, c, "a boolean")),
  (a) => a
)

/**
 * One of a fixed set of strings (`invalid_value` names the allowed ones).
 *
 * @category constructors
 * @since 0.1.0
 */
export const oneOf = <L extends string>(values: ReadonlyArray<L>, name = "one of"): Codec<L> => {
  const set = new Set<string>(values)
  const listed = values.map((v) => JSON.stringify(v)).join(", ")
  return new t.Type<L, unknown, unknown>(
    name,
    (u): u is L => typeof u === "string" && set.has(u),
    (u, c) => {
      if (typeof u !== "string") return typeProblem(u, c, `one of ${listed}`)
      return set.has(u) ? t.success(u as L) : failure(u, c, "invalid_value", `expected one of ${listed}`)
    },
    (a) => a
  )
}

/**
 * An array of `codec`, every element's problems at its index.
 *
 * @category constructors
 * @since 0.1.0
 */
export const array = <A>(codec: t.Type<A, unknown, unknown>, name = `Array<${codec.name}>`): Codec<ReadonlyArray<A>> =>
  new t.Type<ReadonlyArray<A>, unknown, unknown>(
    name,
    (u): u is ReadonlyArray<A> => Array.isArray(u),
    (u, c) => {
      if (!Array.isArray(u)) return typeProblem(u, c, "an array")
      const errors: Array<t.ValidationError> = []
      const out: Array<A> = []
      for (let i = 0; i < u.length; i++) {
        const value: unknown = u[i]
        const r = codec.validate(value, t.appendContext(c, String(i), codec, value))
        if (E.isLeft(r)) for (const e of r.left) errors.push(e)
        else out.push(r.right)
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (as) => as.map((a) => codec.encode(a))
  )

/**
 * A string, or an array of strings, normalised to a non-empty array.
 *
 * @category constructors
 * @since 0.1.0
 */
export const stringOrStrings: Codec<ReadonlyArray<string>> = new t.Type<ReadonlyArray<string>, unknown, unknown>(
  "string or strings",
  (u): u is ReadonlyArray<string> => Array.isArray(u) && u.every((s) => typeof s === "string"),
  (u, c) => {
    if (typeof u === "string") return u.length > 0 ? t.success([u]) : failure(u, c, "invalid_value", "expected a non-empty string")
    if (!Array.isArray(u)) return typeProblem(u, c, "a string or an array of strings")
    if (u.length === 0) return failure(u, c, "invalid_value", "expected at least one string")
    return array(nonEmptyString).validate(u, c)
  },
  (a) => [...a]
)
