/**
 * Internal: the small io-ts codecs the learners' snapshots are built from. Not part of the public
 * surface.
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../../kernel/DecodeError.js"
import { isInstant } from "../../kernel/Time.js"

const numberProblem = <A>(u: unknown, c: t.Context, what: string): t.Validation<A> | null => {
  if (u === undefined) return failure(u, c, "required", `required: expected ${what}`)
  if (typeof u !== "number") return failure(u, c, "invalid_type", `expected ${what}`)
  if (!Number.isFinite(u)) return failure(u, c, "non_finite", `expected ${what}, found a non-finite number`)
  return null
}

/** a count of responses: a non-negative safe integer */
export const countCodec: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Count",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0,
  (u, c) => {
    const p = numberProblem<number>(u, c, "a count (a non-negative integer)")
    if (p !== null) return p
    const n = u as number
    if (n < 0) return failure(u, c, "out_of_range", "a count cannot be negative")
    if (!Number.isSafeInteger(n)) return failure(u, c, "not_integer", "a count must be a whole number")
    return t.success(n)
  },
  t.identity
)

/** a decayed count: a non-negative finite number */
export const weightCodec: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Weight",
  (u): u is number => typeof u === "number" && Number.isFinite(u) && u >= 0,
  (u, c) => {
    const p = numberProblem<number>(u, c, "a non-negative number")
    if (p !== null) return p
    return (u as number) < 0 ? failure(u, c, "out_of_range", "a count cannot be negative") : t.success(u as number)
  },
  t.identity
)

/** a finite number */
export const finiteCodec: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "Finite",
  (u): u is number => typeof u === "number" && Number.isFinite(u),
  (u, c) => numberProblem<number>(u, c, "a finite number") ?? t.success(u as number),
  t.identity
)

/** an instant as epoch milliseconds (numbers only: snapshots are written by the library) */
export const epochCodec: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  "EpochMs",
  isInstant,
  (u, c) => {
    const p = numberProblem<number>(u, c, "an instant (epoch milliseconds)")
    if (p !== null) return p
    return isInstant(u) ? t.success(u) : failure(u, c, "not_integer", "expected whole epoch milliseconds within the range of Date")
  },
  t.identity
)

/** the literal snapshot version */
export const versionCodec = (version: number): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    `Version<${version}>`,
    (u): u is number => u === version,
    (u, c) =>
      u === version
        ? t.success(version)
        : u === undefined
          ? failure(u, c, "required", `required: a snapshot version (${version})`)
          : failure(u, c, "unknown_version", `unknown snapshot version: expected ${version}`),
    t.identity
  )

/** an object (not an array, not null) */
export const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
