/**
 * Outcomes and their labels: which outcome names teach the models a positive, which a negative,
 * and which are only recorded in the subject's history.
 *
 * The built-in outcomes are `sent`, `impression`, `accepted`, `clicked`, `rejected` and
 * `noResponse` (what the response timeout assigns); users may use any other outcome name
 * (`maybeLater`, `converted`, …) and list it among the positives or the negatives.
 *
 * Laws:
 * - `label` is total: every outcome name gets exactly one of `positive`, `negative`, `unlisted`.
 * - The positive and negative lists are disjoint (`labels` refuses an overlap), so no outcome is
 *   both.
 * - Unlisted outcomes are recorded in history but never learned.
 * - `LabelsCodec`: `decode(encode(l))` is `l`.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import { array, done, expectObject, failAt, field, nonEmptyString, unknownKeys } from "../kernel/internal/codec.js"
import { misuse } from "../kernel/internal/misuse.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An outcome name: one of the built-in ones (`History.BuiltInOutcome`: impression, sent, accepted,
 * clicked, rejected, noResponse) or any other non-empty name the caller records.
 *
 * @category model
 * @since 0.1.0
 */
export type Outcome = "impression" | "sent" | "accepted" | "clicked" | "rejected" | "noResponse" | (string & {})

/**
 * What an outcome teaches: a positive, a negative, or nothing.
 *
 * @category model
 * @since 0.1.0
 */
export type Label = "positive" | "negative" | "unlisted"

/**
 * The outcome names that count as positive and those that count as negative; every other
 * outcome is unlisted.
 *
 * @category model
 * @since 0.1.0
 */
export interface Labels {
  readonly positive: ReadonlyArray<string>
  readonly negative: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The outcome name of an outbound action's `sent` event (Pega's "Pending").
 *
 * @category constants
 * @since 0.1.0
 */
export const SENT = "sent"

/**
 * The outcome name of an `impression` event.
 *
 * @category constants
 * @since 0.1.0
 */
export const IMPRESSION = "impression"

/**
 * The outcome the response timeout assigns to an action nobody answered.
 *
 * @category constants
 * @since 0.1.0
 */
export const NO_RESPONSE = "noResponse"

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const overlap = (positive: ReadonlyArray<string>, negative: ReadonlyArray<string>): Array<string> => {
  const negatives = new Set(negative)
  return positive.filter((o) => negatives.has(o))
}

/**
 * Labels from lists of positive and negative outcome names. Throws when an outcome is in both
 * lists or a name is empty (a programming mistake); decode labels from JSON with `decode`.
 *
 * @example
 * import { Outcome } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const labels = Outcome.labels(["accepted", "clicked", "converted"], ["rejected", "noResponse"])
 * assert.strictEqual(Outcome.label(labels, "converted"), "positive")
 * assert.strictEqual(Outcome.label(labels, "impression"), "unlisted")
 *
 * @category constructors
 * @since 0.1.0
 */
export const labels = (positive: ReadonlyArray<string>, negative: ReadonlyArray<string>): Labels => {
  const both = overlap(positive, negative)
  if (both.length > 0)
    misuse("Outcome.labels", `${both.map((o) => JSON.stringify(o)).join(", ")} cannot be both positive and negative`)
  if ([...positive, ...negative].some((o) => typeof o !== "string" || o.length === 0))
    misuse("Outcome.labels", "outcome names must be non-empty strings")
  return { positive: [...new Set(positive)], negative: [...new Set(negative)] }
}

/**
 * The defaults, as in Pega CDH: `accepted` and `clicked` are positive, `rejected` and
 * `noResponse` negative; `sent`, `impression` and user-defined outcomes are unlisted.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultLabels: Labels = labels(["accepted", "clicked"], ["rejected", NO_RESPONSE])

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The label of an outcome name.
 *
 * @example
 * import { Outcome } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(Outcome.label(Outcome.defaultLabels, "clicked"), "positive")
 * assert.strictEqual(Outcome.label(Outcome.defaultLabels, "noResponse"), "negative")
 * assert.strictEqual(Outcome.label(Outcome.defaultLabels, "sent"), "unlisted")
 *
 * @category operations
 * @since 0.1.0
 */
export const label = (labels: Labels, outcome: string): Label => {
  const sets = setsOf(labels)
  return sets.positive.has(outcome) ? "positive" : sets.negative.has(outcome) ? "negative" : "unlisted"
}

/** the labels' lists as sets, built once per labels value (a lookup is then constant-time) */
const setsCache = new WeakMap<
  Labels,
  { readonly positive: ReadonlySet<string>; readonly negative: ReadonlySet<string> }
>()
const setsOf = (labels: Labels): { readonly positive: ReadonlySet<string>; readonly negative: ReadonlySet<string> } => {
  const cached = setsCache.get(labels)
  if (cached !== undefined) return cached
  const sets = { positive: new Set(labels.positive), negative: new Set(labels.negative) }
  setsCache.set(labels, sets)
  return sets
}

/**
 * Folds a label.
 *
 * @category destructors
 * @since 0.1.0
 */
export const match =
  <B>(cases: { readonly positive: () => B; readonly negative: () => B; readonly unlisted: () => B }) =>
  (l: Label): B =>
    l === "positive" ? cases.positive() : l === "negative" ? cases.negative() : cases.unlisted()

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const OutcomeNames = array(nonEmptyString, "OutcomeNames")

/**
 * An outcome name as JSON: a non-empty string.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: t.Type<Outcome, unknown, unknown> = nonEmptyString

/**
 * Labels as JSON: `{ "positive": [...], "negative": [...] }`; an outcome in both lists is
 * reported at its place in `negative` with code `invalid_value`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const LabelsCodec: t.Type<Labels, Labels, unknown> = new t.Type<Labels, Labels, unknown>(
  "Labels",
  (u): u is Labels =>
    typeof u === "object" &&
    u !== null &&
    Array.isArray((u as Labels).positive) &&
    Array.isArray((u as Labels).negative),
  (u, c) => {
    const o = expectObject(u, c, "an object with positive and negative outcome lists")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["positive", "negative"], "labels")
    const positive = field(OutcomeNames, o.right, "positive", c, errors)
    const negative = field(OutcomeNames, o.right, "negative", c, errors)
    if (positive !== undefined && negative !== undefined) {
      const nc = t.appendContext(c, "negative", OutcomeNames, o.right["negative"])
      const positives = new Set(positive)
      negative.forEach((name, i) => {
        if (positives.has(name))
          failAt(
            errors,
            nc,
            String(i),
            name,
            "invalid_value",
            `outcome "${name}" is listed as both positive and negative`
          )
      })
    }
    return done(errors, () => ({ positive: [...new Set(positive)], negative: [...new Set(negative)] }))
  },
  (l) => ({ positive: [...l.positive], negative: [...l.negative] })
)

/**
 * Decodes labels from JSON, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, Labels> = decodeWith(LabelsCodec)
