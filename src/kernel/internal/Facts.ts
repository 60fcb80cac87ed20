/**
 * Facts: the plain object a decision looks at (`{ subject, context, … }`), and safe lookup of a
 * fact by dotted path.
 *
 * Lookup reads own properties only and never walks `__proto__`, `constructor` or `prototype`,
 * so a rule or a value expression from outside cannot reach into the object model. A path that
 * runs into a missing key, a primitive or an array index that is not there yields `undefined`
 * ("missing").
 *
 * @since 0.1.0
 */
import { hasOwn } from "./codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What rules and value expressions are evaluated against.
 *
 * @category model
 * @since 0.1.0
 */
export type Facts = Readonly<Record<string, unknown>>

/**
 * A parsed fact path: its segments, e.g. `subject.address.city` → `["subject", "address", "city"]`.
 *
 * @category model
 * @since 0.1.0
 */
export type FactPath = ReadonlyArray<string>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Path segments that are never followed.
 *
 * @category constants
 * @since 0.1.0
 */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

/**
 * Why a path string is not a valid fact path, or `null` when it is: it must be non-empty, made of
 * non-empty segments separated by dots, and contain no forbidden segment.
 *
 * @category constructors
 * @since 0.1.0
 */
export const pathProblem = (
  path: string
): null | { readonly code: "invalid_value" | "forbidden_path"; readonly message: string } => {
  if (path.length === 0) return { code: "invalid_value", message: "a fact path must not be empty" }
  const segments = path.split(".")
  for (const segment of segments) {
    if (segment.length === 0) return { code: "invalid_value", message: `empty segment in fact path "${path}"` }
    if (FORBIDDEN_SEGMENTS.has(segment))
      return { code: "forbidden_path", message: `fact path "${path}" uses the forbidden segment "${segment}"` }
  }
  return null
}

/**
 * Splits a dotted path into segments. It does not validate: decode paths with `pathProblem` first.
 *
 * @category constructors
 * @since 0.1.0
 */
export const parsePath = (path: string): FactPath => path.split(".")

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The value at a parsed path, or `undefined` when any step is missing. Own properties only;
 * forbidden segments always give `undefined`.
 *
 * @category operations
 * @since 0.1.0
 */
export const lookupPath = (facts: unknown, path: FactPath): unknown => {
  let current: unknown = facts
  for (let i = 0; i < path.length; i++) {
    if (current === null || typeof current !== "object") return undefined
    const segment = path[i] as string
    if (FORBIDDEN_SEGMENTS.has(segment) || !hasOwn(current, segment)) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

/**
 * A compiled lookup for one path: the path is split once.
 *
 * @category operations
 * @since 0.1.0
 */
export const getter = (path: string): ((facts: unknown) => unknown) => {
  const segments = parsePath(path)
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) return () => undefined
  if (segments.length === 1) {
    const a = segments[0] as string
    return (facts) =>
      facts !== null && typeof facts === "object" && hasOwn(facts, a)
        ? (facts as Record<string, unknown>)[a]
        : undefined
  }
  if (segments.length === 2) {
    const a = segments[0] as string
    const b = segments[1] as string
    return (facts) => {
      if (facts === null || typeof facts !== "object" || !hasOwn(facts, a)) return undefined
      const inner = (facts as Record<string, unknown>)[a]
      return inner !== null && typeof inner === "object" && hasOwn(inner, b)
        ? (inner as Record<string, unknown>)[b]
        : undefined
    }
  }
  return (facts) => lookupPath(facts, segments)
}

/**
 * The value at a dotted path, or `undefined`.
 *
 * @category operations
 * @since 0.1.0
 */
export const lookup = (facts: unknown, path: string): unknown => lookupPath(facts, parsePath(path))
