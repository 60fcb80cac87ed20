/**
 * Bad input as a value: every problem found while decoding, each with its path, a stable code,
 * a message and the value found there.
 *
 * Decoders in nextbest return `Either<DecodeError, A>`; they never throw. `render` turns an error
 * into readable text; its exact output is part of the public contract (pinned by tests).
 *
 * Paths are written from the root `$`: `.key` for object keys that are identifiers,
 * `["odd key"]` for others, `[3]` for array indices — `$.actions[3].channels[0].direction`. The
 * same path is also given as segments (`["actions", 3, "channels", 0, "direction"]`), so that a
 * program can walk to the offending value without parsing text.
 *
 * Laws: `parsePath(p.path)` equals `p.segments` and `pathOf(p.segments)` equals `p.path` for every
 * problem the library reports (paths built with `atKey`/`atIndex` from `$`).
 *
 * An error lists at most `MAX_PROBLEMS` problems, the first ones found, and counts the rest in
 * `omitted`: an input with 130,000 bad elements is one decode error of 1,000 problems that says
 * 129,000 more were found, built in linear time, never a throw.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { isOmitted, MAX_PROBLEMS as MAX } from "./internal/problems.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The stable codes of problems, one literal per kind of mistake:
 *
 * - `required`: nothing where a value is required;
 * - `invalid_type`: a value of the wrong type (a string where a number belongs);
 * - `non_finite`: NaN or ±Infinity where a finite number belongs;
 * - `out_of_range`: a number outside its bounds;
 * - `not_integer`: a fraction where a whole number belongs;
 * - `unknown_key`: a key the format does not have (often a typo);
 * - `unknown_operator`: a rule or expression operator that does not exist;
 * - `forbidden_path`: a fact path through `__proto__`, `constructor` or `prototype`;
 * - `too_deep`: nesting past the format's depth limit;
 * - `duplicate_id`: the same id twice where ids must be unique;
 * - `unknown_reference`: an id that refers to nothing (an unknown issue, group or action);
 * - `unknown_version`: a snapshot format or version this release cannot read;
 * - `invalid_value`: a value of the right type that is not allowed (an empty id, a bad date);
 * - `too_large`: more parts than the format's size limit (terms of a value expression, conditions
 *   of a suppression, interactions of a history);
 * - `looks_like_seconds`: a number of milliseconds that is implausible as such and plausible as
 *   seconds (a request's `now` in [1e9, 1e11) ms, i.e. January 1970 – March 1973; a response
 *   timeout under one minute): the message gives the value in milliseconds it probably meant;
 * - `key_mismatch`: a derived key that does not match what it is derived from (a decision
 *   record's `modelKey` that is not `Models.modelKey(actionId, channel)`);
 * - `unknown_path`: a fact path that the catalog's data model does not declare, or whose root is
 *   not `subject` or `context` (often a typo: the message says "did you mean");
 * - `type_mismatch`: an operator, literal or value expression applied to an attribute of a type it
 *   does not apply to (`gte` on a string attribute, `in` on a list), or a request attribute whose
 *   value is not of its declared type.
 *
 * @category model
 * @since 0.1.0
 */
export type ProblemCode =
  | "required"
  | "invalid_type"
  | "non_finite"
  | "out_of_range"
  | "not_integer"
  | "unknown_key"
  | "unknown_operator"
  | "forbidden_path"
  | "too_deep"
  | "duplicate_id"
  | "unknown_reference"
  | "unknown_version"
  | "invalid_value"
  | "too_large"
  | "looks_like_seconds"
  | "key_mismatch"
  | "unknown_path"
  | "type_mismatch"

/**
 * Every problem code, in the order documented on `ProblemCode`.
 *
 * @category model
 * @since 0.1.0
 */
export const PROBLEM_CODES: ReadonlyArray<ProblemCode> = [
  "required",
  "invalid_type",
  "non_finite",
  "out_of_range",
  "not_integer",
  "unknown_key",
  "unknown_operator",
  "forbidden_path",
  "too_deep",
  "duplicate_id",
  "unknown_reference",
  "unknown_version",
  "invalid_value",
  "too_large",
  "looks_like_seconds",
  "key_mismatch",
  "unknown_path",
  "type_mismatch"
]

const CODES: ReadonlySet<string> = new Set(PROBLEM_CODES)

/**
 * Whether a string is one of the stable problem codes.
 *
 * @category refinements
 * @since 0.1.0
 */
export const isProblemCode = (u: unknown): u is ProblemCode => typeof u === "string" && CODES.has(u)

/**
 * One step of a path: an object key or an array index.
 *
 * @category model
 * @since 0.1.0
 */
export type Segment = string | number

/**
 * One thing wrong with the input: where (`path` as text from `$`, and the same as `segments`),
 * what kind of mistake (`code`), a readable `message`, and the value `found` there.
 *
 * @category model
 * @since 0.1.0
 */
export interface Problem {
  readonly path: string
  readonly segments: ReadonlyArray<Segment>
  readonly code: ProblemCode
  readonly message: string
  readonly found: unknown
}

/**
 * The most problems a `DecodeError` lists (1,000): the first ones found. The others are counted
 * in `omitted`, so that a huge bad input costs a linear scan and a bounded error, never a throw.
 *
 * @category model
 * @since 0.1.0
 */
export const MAX_PROBLEMS: number = MAX

/**
 * The problems found in one input, in the order found: at most `MAX_PROBLEMS` of them, and in
 * `omitted` the number of further problems found but not listed (0 when every problem is listed).
 *
 * @category model
 * @since 0.1.0
 */
export interface DecodeError {
  readonly _tag: "DecodeError"
  readonly problems: ReadonlyArray<Problem>
  readonly omitted: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A decode error of the given problems, of which it lists the first `MAX_PROBLEMS`; the rest, and
 * `omitted` (problems already left out, 0 by default), are counted in its `omitted`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeError = (problems: ReadonlyArray<Problem>, omitted = 0): DecodeError => {
  const extra = Number.isSafeInteger(omitted) && omitted > 0 ? omitted : 0
  return problems.length > MAX
    ? { _tag: "DecodeError", problems: problems.slice(0, MAX), omitted: extra + (problems.length - MAX) }
    : { _tag: "DecodeError", problems, omitted: extra }
}

/**
 * One problem at a rendered path (`$.actions[3].id`); its segments are read from the path.
 *
 * @category constructors
 * @since 0.1.0
 */
export const problem = (path: string, code: ProblemCode, message: string, found: unknown): Problem => ({
  path,
  segments: parsePath(path),
  code,
  message,
  found
})

// -------------------------------------------------------------------------------------
// paths
// -------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Extends a path with an object key.
 *
 * @category utils
 * @since 0.1.0
 */
export const atKey = (path: string, key: string): string =>
  IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`

/**
 * Extends a path with an array index.
 *
 * @category utils
 * @since 0.1.0
 */
export const atIndex = (path: string, index: number): string => `${path}[${index}]`

/**
 * The rendered path of segments, from `$`: `["actions", 3, "id"]` → `$.actions[3].id`.
 *
 * @category utils
 * @since 0.1.0
 */
export const pathOf = (segments: ReadonlyArray<Segment>): string => {
  let path = "$"
  for (const s of segments) path = typeof s === "number" ? atIndex(path, s) : atKey(path, s)
  return path
}

const STEP = /^(?:\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/

/**
 * The segments of a rendered path (the inverse of `pathOf`). A path that does not start at `$`,
 * or has a part that is not a key or an index, is read up to that part and the rest is kept as
 * one last key, so that no information is lost.
 *
 * @category utils
 * @since 0.1.0
 */
export const parsePath = (path: string): ReadonlyArray<Segment> => {
  if (!path.startsWith("$")) return path === "" ? [] : [path]
  const segments: Array<Segment> = []
  let rest = path.slice(1)
  while (rest.length > 0) {
    const m = STEP.exec(rest)
    if (m === null) {
      segments.push(rest)
      break
    }
    if (m[1] !== undefined) segments.push(m[1])
    else if (m[2] !== undefined) segments.push(Number(m[2]))
    else segments.push(JSON.parse(m[3] as string) as string)
    rest = rest.slice(m[0].length)
  }
  return segments
}

// -------------------------------------------------------------------------------------
// io-ts interop
// -------------------------------------------------------------------------------------

/** an io-ts validation error that carries its stable code as a field (not inside the message) */
interface CodedError extends t.ValidationError {
  readonly code: ProblemCode
}

const codeOf = (error: t.ValidationError): ProblemCode | undefined => {
  const code = (error as Partial<CodedError>).code
  return isProblemCode(code) ? code : undefined
}

/**
 * An io-ts failure carrying a stable code: use it inside custom codecs' `validate`.
 *
 * @category io-ts
 * @since 0.1.0
 */
export const failure = <A>(u: unknown, c: t.Context, code: ProblemCode, message: string): t.Validation<A> => {
  const error: CodedError = { value: u, context: c, message, code }
  return E.left([error])
}

const isComposite = (type: t.Decoder<unknown, unknown>): boolean => {
  const tag = (type as { readonly _tag?: string })._tag
  return tag === "UnionType" || tag === "IntersectionType"
}

const contextPath = (context: t.Context): string => {
  let path = "$"
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]
    const parent = context[i - 1]
    if (entry === undefined || parent === undefined) continue
    if (isComposite(parent.type)) continue
    path =
      Array.isArray(parent.actual) && /^\d+$/.test(entry.key)
        ? atIndex(path, Number(entry.key))
        : atKey(path, entry.key)
  }
  return path
}

/**
 * Converts io-ts validation errors to problems with paths and codes. Errors raised through
 * `failure` keep their code; io-ts's own type mismatches become `required` (nothing there) or
 * `invalid_type` (something of the wrong type). The same problem twice is listed once; past
 * `MAX_PROBLEMS` problems are counted in `omitted` (with the ones the library's decoders counted
 * but did not keep), not listed.
 *
 * @category io-ts
 * @since 0.1.0
 */
export const fromValidationErrors = (errors: t.Errors): DecodeError => {
  const problems: Array<Problem> = []
  const seen = new Set<string>()
  let omitted = 0
  for (const error of errors) {
    if (isOmitted(error)) {
      omitted += error.omitted
      continue
    }
    const path = contextPath(error.context)
    const last = error.context[error.context.length - 1]
    const parent = error.context[error.context.length - 2]
    // a mismatch inside a union reports the union as what was expected, once
    const expectedType =
      parent !== undefined && (parent.type as { readonly _tag?: string })._tag === "UnionType"
        ? parent.type
        : last?.type
    const expected = expectedType === undefined ? "value" : expectedType.name
    const coded = codeOf(error)
    const [code, message]: readonly [ProblemCode, string] =
      coded !== undefined
        ? [coded, error.message ?? ""]
        : error.message !== undefined
          ? ["invalid_value", error.message]
          : error.value === undefined
            ? ["required", `required: expected ${expected}`]
            : ["invalid_type", `expected ${expected}`]
    const key = `${path}\u0000${code}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    // past the cap a problem is only counted: no segments, no value kept
    if (problems.length < MAX) problems.push(problem(path, code, message, error.value))
    else omitted++
  }
  return decodeError(problems, omitted)
}

/**
 * Runs an io-ts decoder and reports failures as a `DecodeError`.
 *
 * @category io-ts
 * @since 0.1.0
 */
export const decodeWith =
  <A>(decoder: t.Decoder<unknown, A>) =>
  (input: unknown): E.Either<DecodeError, A> => {
    const result = decoder.decode(input)
    return E.isRight(result) ? result : E.left(fromValidationErrors(result.left))
  }

// -------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------

const MAX_FOUND = 60

/**
 * A short, single-line rendering of a value found in the input: `missing` for undefined,
 * JSON otherwise (non-finite numbers by name), cut to 60 characters.
 *
 * @category rendering
 * @since 0.1.0
 */
export const renderFound = (found: unknown): string => {
  if (found === undefined) return "missing"
  if (typeof found === "number" && !Number.isFinite(found)) return String(found)
  if (typeof found === "bigint") return `${found}n`
  if (typeof found === "function") return "a function"
  if (typeof found === "symbol") return "a symbol"
  let text: string
  try {
    text = JSON.stringify(found) ?? String(found)
  } catch {
    text = Array.isArray(found) ? "an array" : "an object"
  }
  return text.length > MAX_FOUND ? `${text.slice(0, MAX_FOUND - 1)}…` : text
}

const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/**
 * One line per problem: `$.path [code] message (found: value)`, after a count. When problems were
 * left out (`omitted`), the count is of all of them, and a last line says how many are not listed:
 * `130,000 problems (the first 1,000 listed):` … `  … and 129,000 more problems`.
 *
 * @example
 * import * as assert from "node:assert"
 * import { DecodeError } from "nextbest"
 *
 * const error = DecodeError.decodeError([DecodeError.problem("$.age", "invalid_type", "expected number", "x")])
 * assert.strictEqual(DecodeError.render(error), '1 problem:\n  $.age [invalid_type] expected number (found: "x")')
 *
 * @category rendering
 * @since 0.1.0
 */
export const render = (error: DecodeError): string => {
  const n = error.problems.length
  const omitted = error.omitted > 0 ? error.omitted : 0
  const total = n + omitted
  const head =
    omitted === 0
      ? `${grouped(n)} problem${n === 1 ? "" : "s"}:`
      : `${grouped(total)} problem${total === 1 ? "" : "s"} (the first ${grouped(n)} listed):`
  const lines: Array<string> = [head]
  for (const p of error.problems) lines.push(`  ${p.path} [${p.code}] ${p.message} (found: ${renderFound(p.found)})`)
  if (omitted > 0) lines.push(`  … and ${grouped(omitted)} more problem${omitted === 1 ? "" : "s"}`)
  return lines.join("\n")
}
