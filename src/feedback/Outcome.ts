/**
 * Outcomes and their labels: which outcome names teach the models a positive, which a negative,
 * and which are only recorded in the subject's history.
 *
 * The built-in outcomes are `sent`, `impression`, `accepted`, `clicked`, `rejected` and
 * `noResponse` (what the response timeout assigns); users may use any other outcome name
 * (`maybeLater`, `converted`, …) and list it among the positives, the negatives, or the neutral
 * outcomes (recorded in history, never learned).
 *
 * An outcome is *configured* when it is built in (`sent`, `impression`, `noResponse`) or listed
 * (positive, negative or neutral). The feedback reducer refuses a response whose outcome is not
 * configured (`unknownOutcome`), so that a typo (`clikced`) is reported instead of being recorded
 * and never learned.
 *
 * Laws:
 * - `label` is total: every outcome name gets exactly one of `positive`, `negative`, `unlisted`.
 * - The positive, negative and neutral lists are disjoint (`labels` refuses an overlap), so no
 *   outcome is two of them.
 * - Neutral and built-in unlisted outcomes are recorded in history but never learned.
 * - `LabelsCodec`: `decode(encode(l))` is `l`.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import {
  array,
  done,
  expectObject,
  failAt,
  field,
  nonEmptyString,
  optionalField,
  unknownKeys
} from "../kernel/internal/codec.js"
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
 * outcome is unlisted. `neutral` (absent when empty) lists the user-defined outcomes that are
 * recorded in history but never learned: they label as `unlisted` and are configured (see
 * `isConfigured`).
 *
 * @category model
 * @since 0.1.0
 */
export interface Labels {
  readonly positive: ReadonlyArray<string>
  readonly negative: ReadonlyArray<string>
  readonly neutral?: ReadonlyArray<string>
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

/** labels with `neutral` only when it is not empty (so that labels without it compare and encode as before) */
const make = (positive: Iterable<string>, negative: Iterable<string>, neutral: Iterable<string>): Labels => {
  const n = [...new Set(neutral)]
  const base = { positive: [...new Set(positive)], negative: [...new Set(negative)] }
  return n.length === 0 ? base : { ...base, neutral: n }
}

/**
 * Labels from lists of positive, negative and (optionally) neutral outcome names. Throws when an
 * outcome is in two lists or a name is empty (a programming mistake); decode labels from JSON
 * with `decode`.
 *
 * @example
 * import { Outcome } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const labels = Outcome.labels(["accepted", "clicked", "converted"], ["rejected", "noResponse"])
 * assert.strictEqual(Outcome.label(labels, "converted"), "positive")
 * assert.strictEqual(Outcome.label(labels, "impression"), "unlisted")
 *
 * const withNeutral = Outcome.labels(["accepted"], ["rejected"], ["maybeLater"])
 * assert.strictEqual(Outcome.label(withNeutral, "maybeLater"), "unlisted")
 * assert.strictEqual(Outcome.isConfigured(withNeutral, "maybeLater"), true)
 * assert.strictEqual(Outcome.isConfigured(withNeutral, "maybeLatr"), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const labels = (
  positive: ReadonlyArray<string>,
  negative: ReadonlyArray<string>,
  neutral: ReadonlyArray<string> = []
): Labels => {
  const both = overlap(positive, negative)
  if (both.length > 0)
    misuse("Outcome.labels", `${both.map((o) => JSON.stringify(o)).join(", ")} cannot be both positive and negative`)
  const learned = overlap(neutral, [...positive, ...negative])
  if (learned.length > 0)
    misuse(
      "Outcome.labels",
      `${learned.map((o) => JSON.stringify(o)).join(", ")} cannot be both neutral and positive or negative`
    )
  if ([...positive, ...negative, ...neutral].some((o) => typeof o !== "string" || o.length === 0))
    misuse("Outcome.labels", "outcome names must be non-empty strings")
  return make(positive, negative, neutral)
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

/**
 * Whether an outcome is configured: built in (`sent`, `impression`, `noResponse`) or listed as
 * positive, negative or neutral. The feedback reducer refuses responses with any other outcome
 * (`unknownOutcome`).
 *
 * @example
 * import { Outcome } from "nextbest"
 * import * as assert from "node:assert"
 *
 * assert.strictEqual(Outcome.isConfigured(Outcome.defaultLabels, "clicked"), true)
 * assert.strictEqual(Outcome.isConfigured(Outcome.defaultLabels, "impression"), true)
 * assert.strictEqual(Outcome.isConfigured(Outcome.defaultLabels, "clikced"), false)
 *
 * @category operations
 * @since 0.1.0
 */
export const isConfigured = (labels: Labels, outcome: string): boolean => {
  const sets = setsOf(labels)
  return (
    sets.positive.has(outcome) ||
    sets.negative.has(outcome) ||
    sets.neutral.has(outcome) ||
    outcome === SENT ||
    outcome === IMPRESSION ||
    outcome === NO_RESPONSE
  )
}

interface Sets {
  readonly positive: ReadonlySet<string>
  readonly negative: ReadonlySet<string>
  readonly neutral: ReadonlySet<string>
}

/** the labels' lists as sets, built once per labels value (a lookup is then constant-time) */
const setsCache = new WeakMap<Labels, Sets>()
const setsOf = (labels: Labels): Sets => {
  const cached = setsCache.get(labels)
  if (cached !== undefined) return cached
  const sets = {
    positive: new Set(labels.positive),
    negative: new Set(labels.negative),
    neutral: new Set(labels.neutral ?? [])
  }
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
 * Labels as JSON: `{ "positive": [...], "negative": [...], "neutral"?: [...] }`; an outcome in
 * both learned lists is reported at its place in `negative`, a neutral one that is also positive
 * or negative at its place in `neutral`, with code `invalid_value`.
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
    unknownKeys(errors, c, o.right, ["positive", "negative", "neutral"], "labels")
    const positive = field(OutcomeNames, o.right, "positive", c, errors)
    const negative = field(OutcomeNames, o.right, "negative", c, errors)
    const neutral = optionalField(OutcomeNames, o.right, "neutral", c, errors) ?? []
    if (positive !== undefined && negative !== undefined && neutral.length > 0) {
      const uc = t.appendContext(c, "neutral", OutcomeNames, o.right["neutral"])
      const learned = new Set([...positive, ...negative])
      neutral.forEach((name, i) => {
        if (learned.has(name))
          failAt(
            errors,
            uc,
            String(i),
            name,
            "invalid_value",
            `outcome "${name}" is listed as neutral and as positive or negative`
          )
      })
    }
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
    return done(errors, () => make(positive as ReadonlyArray<string>, negative as ReadonlyArray<string>, neutral))
  },
  (l) =>
    l.neutral === undefined || l.neutral.length === 0
      ? { positive: [...l.positive], negative: [...l.negative] }
      : { positive: [...l.positive], negative: [...l.negative], neutral: [...l.neutral] }
)

/**
 * Decodes labels from JSON, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, Labels> = decodeWith(LabelsCodec)
