/**
 * Internal: THE codec kit of the library — the small io-ts codecs and helpers every decoder is
 * written with (closed structs that report unknown keys, bounded numbers with stable codes,
 * strings, instants, counts, snapshot versions), in one dialect:
 *
 * - a leaf codec is a `t.Type<A, O, unknown>` value (`nonEmptyString`, `instant`, `numberIn(0, 1)`);
 * - an object decoder collects problems into an `errors` array: `field(codec, record, key, c, errors)`,
 *   `optionalField(codec, record, key, c, errors)`, `failAt(errors, c, key, found, code, message)`,
 *   then `done(errors, build)`;
 * - every problem is reported at its own path (through `t.appendContext`) with one of the stable
 *   codes of `DecodeError`, and `decode ∘ encode` is the identity on decoded values;
 * - an `errors` list is bounded: every helper here adds through `pushError`/`pushErrors`
 *   (./problems.ts), which keep the first `MAX_PROBLEMS` errors and count the rest, and never
 *   spread an array into a call.
 *
 * `Time.InstantCodec` (public, writes ISO 8601 text) and `instant` here (writes epoch milliseconds)
 * share one decoder.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure, type ProblemCode } from "../DecodeError.js"
import { InstantCodec, isInstant, type Instant } from "../Time.js"
import { pushErrors } from "./problems.js"

/** the bounded collection of errors every decoder uses (./problems.ts) */
export { found, isFull, MAX_PROBLEMS, omit, pushError, pushErrors } from "./problems.js"

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

/**
 * Whether a value is a plain (non-array, non-null) object.
 *
 * @category utils
 * @since 0.1.0
 */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** `u[key]` when `u` is a record and it is a string (for cross-field checks on raw JSON) */
export const stringField = (u: unknown, key: string): string | undefined => {
  if (!isRecord(u)) return undefined
  const v = u[key]
  return typeof v === "string" ? v : undefined
}

/** `u[key]` when `u` is a record and it is an array, else none (for cross-field checks on raw JSON) */
export const arrayField = (u: unknown, key: string): ReadonlyArray<unknown> => {
  if (!isRecord(u)) return []
  const v = u[key]
  return Array.isArray(v) ? v : []
}

/**
 * Whether `key` is an own property of `o` (never one inherited from `Object.prototype`).
 *
 * @category utils
 * @since 0.1.0
 */
export const hasOwn = (o: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, key)

/**
 * The own keys of an object in the canonical order of snapshots: sorted by UTF-16 code units, so
 * that equal maps encode to equal text whatever order their keys were added in.
 *
 * @category utils
 * @since 0.1.0
 */
export const sortedKeys = (o: object): Array<string> => Object.keys(o).sort()

/**
 * Sets an own enumerable property, safe for keys such as `__proto__`.
 *
 * @category utils
 * @since 0.1.0
 */
export const setOwn = <A>(target: Record<string, A>, key: string, value: A): void => {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/**
 * Collects the errors of a validation into `errors` (bounded: the first `MAX_PROBLEMS` kept, the
 * rest counted) and returns its value, or `undefined`.
 *
 * @category utils
 * @since 0.1.0
 */
export const collect = <A>(validation: t.Validation<A>, errors: Array<t.ValidationError>): A | undefined => {
  if (E.isLeft(validation)) {
    pushErrors(errors, validation.left)
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
export const failAt = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  key: string,
  found: unknown,
  code: ProblemCode,
  message: string
): void => {
  const r = failure<never>(found, t.appendContext(c, key, t.unknown, found), code, message)
  if (E.isLeft(r)) pushErrors(errors, r.left)
}

/**
 * Pushes one coded failure at the current path.
 *
 * @category utils
 * @since 0.1.0
 */
export const failHere = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  found: unknown,
  code: ProblemCode,
  message: string
): void => {
  const r = failure<never>(found, c, code, message)
  if (E.isLeft(r)) pushErrors(errors, r.left)
}

/**
 * Reports every own key of `record` not in `known` as `unknown_key` at its path (`unknown key "k"
 * in <name>`), as `struct` does: every object the library reads is closed, so that a misspelt key
 * is an error, not a silent no-op.
 *
 * @category utils
 * @since 0.1.0
 */
export const unknownKeys = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  record: Readonly<Record<string, unknown>>,
  known: ReadonlyArray<string>,
  name: string
): void => {
  for (const key of Object.keys(record))
    if (!known.includes(key)) failAt(errors, c, key, record[key], "unknown_key", `unknown key "${key}" in ${name}`)
}

/**
 * Validates the value at `key` of an object with `codec`, in the nested context.
 *
 * @category utils
 * @since 0.1.0
 */
export const field = <A>(
  codec: t.Decoder<unknown, A>,
  record: Readonly<Record<string, unknown>>,
  key: string,
  c: t.Context,
  errors: Array<t.ValidationError>
): A | undefined => {
  const value = hasOwn(record, key) ? record[key] : undefined
  return collect(codec.validate(value, t.appendContext(c, key, codec, value)), errors)
}

const typeProblem = <A>(u: unknown, c: t.Context, expected: string): t.Validation<A> =>
  u === undefined
    ? failure(u, c, "required", `required: expected ${expected}`)
    : failure(u, c, "invalid_type", `expected ${expected}`)

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
export const struct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O
): Codec<Decoded<R> & DecodedPartial<O>> => {
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
        if (!hasOwn(u, key) || u[key] === undefined) continue
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
        const codec = (hasOwn(required, key) ? required[key] : optional[key]) as t.Mixed | undefined
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
 * An array of `codec`, every element's problems at its index (bounded as every list of errors here).
 *
 * @category constructors
 * @since 0.1.0
 */
export const array = <A, O = unknown>(
  codec: t.Type<A, O, unknown>,
  name = `Array<${codec.name}>`
): t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown> =>
  new t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown>(
    name,
    (u): u is ReadonlyArray<A> => Array.isArray(u) && u.every(codec.is),
    (u, c) => {
      if (!Array.isArray(u)) return typeProblem(u, c, "an array")
      const errors: Array<t.ValidationError> = []
      const out: Array<A> = []
      for (let i = 0; i < u.length; i++) {
        const value: unknown = u[i]
        const r = codec.validate(value, t.appendContext(c, String(i), codec, value))
        if (E.isLeft(r)) pushErrors(errors, r.left)
        else if (errors.length === 0) out.push(r.right)
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (as) => as.map((a) => codec.encode(a))
  )

/**
 * An array of at most `max` elements of `codec`: a longer one is one `too_large` problem at its
 * path ("expected at most <max> <what>, found <length>"), and its elements are not read.
 *
 * @category constructors
 * @since 0.1.0
 */
export const arrayAtMost = <A, O = unknown>(
  codec: t.Type<A, O, unknown>,
  max: number,
  what: string,
  name = `Array<${codec.name}>`
): t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown> => {
  const items = array(codec, name)
  return new t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown>(
    name,
    (u): u is ReadonlyArray<A> => Array.isArray(u) && u.length <= max && items.is(u),
    (u, c) =>
      Array.isArray(u) && u.length > max
        ? failure(u, c, "too_large", `expected at most ${max} ${what}, found ${u.length}`)
        : items.validate(u, c),
    items.encode
  )
}

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
    if (typeof u === "string")
      return u.length > 0 ? t.success([u]) : failure(u, c, "invalid_value", "expected a non-empty string")
    if (!Array.isArray(u)) return typeProblem(u, c, "a string or an array of strings")
    if (u.length === 0) return failure(u, c, "invalid_value", "expected at least one string")
    return array(nonEmptyString).validate(u, c)
  },
  (a) => [...a]
)

/**
 * Any string (the empty one too).
 *
 * @category constructors
 * @since 0.1.0
 */
export const text: Codec<string> = new t.Type<string, unknown, unknown>(
  "string",
  (u): u is string => typeof u === "string",
  (u, c) => (typeof u === "string" ? t.success(u) : typeProblem(u, c, "a string")),
  (a) => a
)

/**
 * Whether a value is a non-empty string.
 *
 * @category utils
 * @since 0.1.0
 */
export const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u.length > 0

const numberProblem = (u: unknown, c: t.Context, expected: string): t.Validation<never> =>
  typeof u === "number"
    ? failure(u, c, "non_finite", `expected ${expected}, found a non-finite number`)
    : typeProblem(u, c, expected)

/**
 * Any finite number, in the snapshot wording (`non_finite`: "expected a finite number, found a
 * non-finite number"); `finite` is the configuration wording.
 *
 * @category constructors
 * @since 0.1.0
 */
export const finiteNumber: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "number",
  (u): u is number => typeof u === "number" && Number.isFinite(u),
  (u, c) => (typeof u === "number" && Number.isFinite(u) ? t.success(u) : numberProblem(u, c, "a finite number")),
  (n) => n
)

/**
 * A number in [0, 1] (`out_of_range`: "expected a probability in [0, 1]").
 *
 * @category constructors
 * @since 0.1.0
 */
export const probability: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Probability",
  (u): u is number => typeof u === "number" && u >= 0 && u <= 1,
  (u, c) => {
    if (typeof u !== "number" || !Number.isFinite(u)) return numberProblem(u, c, "a probability in [0, 1]")
    return u >= 0 && u <= 1 ? t.success(u) : failure(u, c, "out_of_range", "expected a probability in [0, 1]")
  },
  (n) => n
)

/**
 * A selection probability: a number in [0, 1], or NaN when the decision did not estimate it
 * (`selectionDraws: 0`), written as `null` in JSON.
 *
 * @category constructors
 * @since 0.1.0
 */
export const selectionProbability: t.Type<number, number | null, unknown> = new t.Type<number, number | null, unknown>(
  "SelectionProbability",
  (u): u is number => typeof u === "number" && (Number.isNaN(u) || (u >= 0 && u <= 1)),
  (u, c) => (u === null ? t.success(Number.NaN) : probability.validate(u, c)),
  (n) => (Number.isNaN(n) ? null : n)
)

/**
 * A whole number ≥ `min`, a safe integer (`not_integer`, `out_of_range`: "expected a whole number ≥ min").
 *
 * @category constructors
 * @since 0.1.0
 */
export const integerAtLeast = (min: number, name: string): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= min,
    (u, c) => {
      if (typeof u !== "number" || !Number.isFinite(u)) return numberProblem(u, c, `a whole number ≥ ${min}`)
      if (!Number.isSafeInteger(u)) return failure(u, c, "not_integer", `expected a whole number ≥ ${min}`)
      return u >= min ? t.success(u) : failure(u, c, "out_of_range", `expected a whole number ≥ ${min}`)
    },
    (n) => n
  )

/**
 * A duration in milliseconds: a whole number ≥ 1.
 *
 * @category constructors
 * @since 0.1.0
 */
export const duration: t.Type<number, number, unknown> = integerAtLeast(1, "Duration")

/**
 * An instant: decoded from epoch milliseconds or ISO 8601 text with a zone (the decoder of
 * `Time.InstantCodec`), encoded as epoch milliseconds — the form the library's records and
 * snapshots are written in. A date that does not exist is `invalid_value`, an instant outside
 * `[Time.MIN_INSTANT, Time.MAX_INSTANT]` `out_of_range`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const instant: t.Type<Instant, number, unknown> = new t.Type<Instant, number, unknown>(
  "Instant",
  isInstant,
  InstantCodec.validate,
  (i) => i
)

const snapshotNumberProblem = <A>(u: unknown, c: t.Context, what: string): t.Validation<A> | null => {
  if (u === undefined) return failure(u, c, "required", `required: expected ${what}`)
  if (typeof u !== "number") return failure(u, c, "invalid_type", `expected ${what}`)
  if (!Number.isFinite(u)) return failure(u, c, "non_finite", `expected ${what}, found a non-finite number`)
  return null
}

/**
 * A count of responses in a learner snapshot: a non-negative safe integer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const count: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Count",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0,
  (u, c) => {
    const p = snapshotNumberProblem<number>(u, c, "a count (a non-negative integer)")
    if (p !== null) return p
    const n = u as number
    if (n < 0) return failure(u, c, "out_of_range", "a count cannot be negative")
    if (!Number.isSafeInteger(n)) return failure(u, c, "not_integer", "a count must be a whole number")
    return t.success(n)
  },
  t.identity
)

/**
 * A decayed count in a learner snapshot: a non-negative finite number.
 *
 * @category constructors
 * @since 0.1.0
 */
export const weight: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Weight",
  (u): u is number => typeof u === "number" && Number.isFinite(u) && u >= 0,
  (u, c) => {
    const p = snapshotNumberProblem<number>(u, c, "a non-negative number")
    if (p !== null) return p
    return (u as number) < 0 ? failure(u, c, "out_of_range", "a count cannot be negative") : t.success(u as number)
  },
  t.identity
)

/**
 * An instant as epoch milliseconds only (numbers only: learner snapshots are written by the library),
 * within `[Time.MIN_INSTANT, Time.MAX_INSTANT]` (`not_integer`, `out_of_range`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const epoch: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "EpochMs",
  isInstant,
  (u, c) => {
    const p = snapshotNumberProblem<number>(u, c, "an instant (epoch milliseconds)")
    if (p !== null) return p
    if (isInstant(u)) return t.success(u)
    return Number.isInteger(u)
      ? failure(
          u,
          c,
          "out_of_range",
          "expected an instant between 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"
        )
      : failure(u, c, "not_integer", "expected whole epoch milliseconds within the range of Date")
  },
  t.identity
)

/**
 * The literal snapshot version of a learner state (`unknown_version`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const version = (v: number): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    `Version<${v}>`,
    (u): u is number => u === v,
    (u, c) =>
      u === v
        ? t.success(v)
        : u === undefined
          ? failure(u, c, "required", `required: a snapshot version (${v})`)
          : failure(u, c, "unknown_version", `unknown snapshot version: expected ${v}`),
    t.identity
  )

/**
 * An object of `item` by arbitrary string keys (`__proto__` included), every value's problems at
 * its key; encoded with its keys in canonical order (`sortedKeys`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const recordOf = <A, O>(
  item: t.Type<A, O, unknown>,
  name = `Record<string, ${item.name}>`
): t.Type<Readonly<Record<string, A>>, Readonly<Record<string, O>>, unknown> =>
  new t.Type<Readonly<Record<string, A>>, Readonly<Record<string, O>>, unknown>(
    name,
    (u): u is Readonly<Record<string, A>> => isRecord(u) && Object.keys(u).every((k) => item.is(u[k])),
    (u, c) => {
      if (!isRecord(u)) return typeProblem(u, c, "an object")
      const errors: Array<t.ValidationError> = []
      const out: Record<string, A> = {}
      for (const key of Object.keys(u)) {
        const value = u[key]
        const result = item.validate(value, t.appendContext(c, key, item, value))
        if (E.isLeft(result)) pushErrors(errors, result.left)
        else if (errors.length === 0) setOwn(out, key, result.right)
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (as) => {
      const out: Record<string, O> = {}
      for (const key of sortedKeys(as)) setOwn(out, key, item.encode(as[key] as A))
      return out
    }
  )

// -------------------------------------------------------------------------------------
// object decoding
// -------------------------------------------------------------------------------------

/**
 * Validates an optional field: absent (or `undefined`) gives `undefined` without a problem.
 *
 * @category utils
 * @since 0.1.0
 */
export const optionalField = <A>(
  codec: t.Decoder<unknown, A>,
  record: Readonly<Record<string, unknown>>,
  key: string,
  c: t.Context,
  errors: Array<t.ValidationError>
): A | undefined => {
  const value = hasOwn(record, key) ? record[key] : undefined
  return value === undefined ? undefined : collect(codec.validate(value, t.appendContext(c, key, codec, value)), errors)
}

/**
 * The decoded object, or every problem collected.
 *
 * @category utils
 * @since 0.1.0
 */
export const done = <A>(errors: ReadonlyArray<t.ValidationError>, build: () => A): t.Validation<A> =>
  errors.length > 0 ? t.failures(errors.slice()) : t.success(build())

/**
 * An object that must be there, or a problem at `c` (`required`, `invalid_type`: "expected <expected>").
 *
 * @category utils
 * @since 0.1.0
 */
export const expectObject = (
  u: unknown,
  c: t.Context,
  expected: string
): t.Validation<Readonly<Record<string, unknown>>> => (isRecord(u) ? t.success(u) : typeProblem(u, c, expected))

/**
 * Checks the `version` of a versioned snapshot envelope against the supported ones and returns it
 * (`required`, `unknown_version`).
 *
 * @category utils
 * @since 0.1.0
 */
export const versionOf = (
  errors: Array<t.ValidationError>,
  c: t.Context,
  record: Readonly<Record<string, unknown>>,
  supported: ReadonlyArray<number>
): number | undefined => {
  const v = record["version"]
  if (typeof v === "number" && supported.includes(v)) return v
  failAt(
    errors,
    c,
    "version",
    v,
    v === undefined ? "required" : "unknown_version",
    `unknown snapshot version: expected one of ${supported.join(", ")}`
  )
  return undefined
}
