/**
 * Internal: bounded collection of io-ts validation errors. A decoder keeps at most `MAX_PROBLEMS`
 * errors in its list and counts the rest in one last error that carries the count (`omitted`), so
 * that an input with a million bad elements costs a million checks but never a million kept
 * errors, contexts, problems or rendered lines — and no collection ever spreads an array into a
 * call (`push(...xs)` throws `RangeError` past ~125,000 arguments).
 *
 * The invariant of a list built with `pushError`/`pushErrors`: at most `MAX_PROBLEMS` errors, then
 * at most one `Omitted` error, last. Each error stands for one problem, an `Omitted` for `omitted`
 * of them; `found` is their total, the count a decoder compares to see whether a part failed.
 *
 * @internal
 * @since 0.1.0
 */
import type * as t from "io-ts/lib/index.js"

/**
 * The most problems a decode error lists; the rest are counted.
 *
 * @since 0.1.0
 */
export const MAX_PROBLEMS = 1000

/**
 * The error that stands for `omitted` problems found but not kept.
 *
 * @since 0.1.0
 */
export interface Omitted extends t.ValidationError {
  readonly omitted: number
}

/**
 * Whether an error stands for problems left out.
 *
 * @since 0.1.0
 */
export const isOmitted = (e: t.ValidationError): e is Omitted => typeof (e as Partial<Omitted>).omitted === "number"

const omittedError = (context: t.Context, omitted: number): Omitted => ({
  value: undefined,
  context,
  message: "more problems than are listed",
  omitted
})

const markerOf = (errors: ReadonlyArray<t.ValidationError>): Omitted | undefined => {
  const last = errors[errors.length - 1]
  return last !== undefined && isOmitted(last) ? last : undefined
}

/**
 * Whether a list already holds `MAX_PROBLEMS` errors: what is added now is only counted (a decoder
 * may then skip building the error: `omit`).
 *
 * @since 0.1.0
 */
export const isFull = (errors: ReadonlyArray<t.ValidationError>): boolean =>
  errors.length - (markerOf(errors) === undefined ? 0 : 1) >= MAX_PROBLEMS

/**
 * Counts `n` problems as found and left out, at `context`.
 *
 * @since 0.1.0
 */
export const omit = (errors: Array<t.ValidationError>, context: t.Context, n = 1): void => {
  if (n <= 0) return
  const marker = markerOf(errors)
  if (marker === undefined) errors.push(omittedError(context, n))
  else errors[errors.length - 1] = omittedError(marker.context, marker.omitted + n)
}

/**
 * Adds one error: kept while the list holds fewer than `MAX_PROBLEMS`, counted after.
 *
 * @since 0.1.0
 */
export const pushError = (errors: Array<t.ValidationError>, e: t.ValidationError): void => {
  if (isOmitted(e)) return omit(errors, e.context, e.omitted)
  const marker = markerOf(errors)
  if (marker === undefined) {
    if (errors.length < MAX_PROBLEMS) errors.push(e)
    else errors.push(omittedError(e.context, 1))
  } else if (errors.length - 1 < MAX_PROBLEMS) {
    errors[errors.length - 1] = e
    errors.push(marker)
  } else errors[errors.length - 1] = omittedError(marker.context, marker.omitted + 1)
}

/**
 * Adds every error of a list, in order (a loop: never a spread).
 *
 * @since 0.1.0
 */
export const pushErrors = (errors: Array<t.ValidationError>, more: ReadonlyArray<t.ValidationError>): void => {
  for (let i = 0; i < more.length; i++) pushError(errors, more[i] as t.ValidationError)
}

/**
 * How many problems a list stands for: the errors kept and the ones counted.
 *
 * @since 0.1.0
 */
export const found = (errors: ReadonlyArray<t.ValidationError>): number => {
  const marker = markerOf(errors)
  return marker === undefined ? errors.length : errors.length - 1 + marker.omitted
}
