/**
 * The summary of an outbound run: how many subjects it decided and contacted, how many actions it
 * sent and dropped, each capacity's usage, and what it expects back — Σ propensity (expected
 * responses), Σ propensity × value (expected value) — with the objective it maximised (Σ
 * priority). Propensities are the models' (before exploration).
 *
 * Summaries of partitions combine into the run's summary with `Monoid` (each partition's summary
 * can be computed on its own machine, sent as JSON and added up).
 *
 * Laws:
 * - `Monoid` is a commutative monoid with `empty` as identity: exactly so on whole numbers (the
 *   counts and the usage); float sums are associative up to rounding.
 * - `ofAllotment` of a subject counts its chosen actions once each in `sent` and in the usage of
 *   every capacity that applies to them.
 * - `codec`: `decode(encode(s))` is `s`.
 *
 * @since 0.1.0
 */
import type * as E from "fp-ts/lib/Either.js"
import type { Eq as EqOf } from "fp-ts/lib/Eq.js"
import type { Monoid as MonoidOf } from "fp-ts/lib/Monoid.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import { finite, integerIn, struct, type Codec } from "../kernel/internal/codec.js"
import type { Allotment, Candidate } from "./Allocation.js"
import type { Capacity } from "./Capacity.js"
import { capacityLookup, numbersById, own } from "./internal/capacities.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a run (or a partition of it) did.
 *
 * @category model
 * @since 0.1.0
 */
export interface Summary {
  /** subjects decided */
  readonly subjects: number
  /** subjects sent at least one action */
  readonly contacted: number
  /** actions sent */
  readonly sent: number
  /** wanted actions dropped by capacity */
  readonly dropped: number
  /** actions sent that each capacity counts, by capacity id */
  readonly usage: Readonly<Record<string, number>>
  /** Σ model propensity of the actions sent */
  readonly expectedResponses: number
  /** Σ model propensity × value of the actions sent */
  readonly expectedValue: number
  /** Σ priority of the actions sent: the objective the allocation maximises */
  readonly priority: number
}

/**
 * What a summary needs of a sent action: a decision's `Choice` has it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Scored extends Candidate {
  readonly modelPropensity: number
  readonly value: number
}

/**
 * One capacity's line in a report: its usage against its `max`, and the relative deviation
 * `used / max − 1` (negative: room left; positive: overshoot).
 *
 * @category model
 * @since 0.1.0
 */
export interface CapacityUsage {
  readonly id: string
  readonly max: number
  readonly used: number
  readonly deviation: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The summary of nothing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty: Summary = {
  subjects: 0,
  contacted: 0,
  sent: 0,
  dropped: 0,
  usage: {},
  expectedResponses: 0,
  expectedValue: 0,
  priority: 0
}

/**
 * The summary of one subject's allotment.
 *
 * @example
 * import { Capacity, Summary } from "nextbest"
 * import * as assert from "node:assert"
 * const sent = {
 *   actionId: "Gold",
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "email",
 *   priority: 12,
 *   modelPropensity: 0.1,
 *   value: 120
 * }
 * const capacities = [Capacity.capacity("emails", 100, { channel: "email" })]
 * const a = Summary.ofAllotment(capacities)({ subjectId: "ana", chosen: [sent], dropped: [] })
 * const b = Summary.ofAllotment(capacities)({
 *   subjectId: "ben",
 *   chosen: [],
 *   dropped: [{ candidate: sent, capacity: "emails" }]
 * })
 * const run = Summary.Monoid.concat(a, b)
 * assert.deepStrictEqual([run.subjects, run.contacted, run.sent, run.dropped, run.usage], [2, 1, 1, 1, { emails: 1 }])
 * assert.strictEqual(run.expectedValue, 12)
 *
 * @category constructors
 * @since 0.1.0
 */
export const ofAllotment = (capacities: ReadonlyArray<Capacity>): ((allotment: Allotment<Scored>) => Summary) => {
  const lookup = capacityLookup(capacities)
  return (allotment) => {
    const used = new Float64Array(capacities.length)
    let expectedResponses = 0
    let expectedValue = 0
    let priority = 0
    for (const c of allotment.chosen) {
      for (const i of lookup(c)) used[i] = (used[i] as number) + 1
      expectedResponses += c.modelPropensity
      expectedValue += c.modelPropensity * c.value
      priority += c.priority
    }
    const usage: Record<string, number> = {}
    const entries: Array<readonly [string, number]> = []
    capacities.forEach((c, i) => {
      if ((used[i] as number) > 0) entries.push([c.id, used[i] as number])
    })
    return {
      subjects: 1,
      contacted: allotment.chosen.length > 0 ? 1 : 0,
      sent: allotment.chosen.length,
      dropped: allotment.dropped.length,
      usage: entries.length === 0 ? usage : Object.fromEntries(entries),
      expectedResponses,
      expectedValue,
      priority
    }
  }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const addUsage = (
  x: Readonly<Record<string, number>>,
  y: Readonly<Record<string, number>>
): Readonly<Record<string, number>> => {
  const xs = Object.keys(x)
  const ys = Object.keys(y)
  if (ys.length === 0) return x
  if (xs.length === 0) return y
  const keys = [...xs, ...ys.filter((k) => !Object.prototype.hasOwnProperty.call(x, k))].sort()
  return Object.fromEntries(keys.map((k) => [k, own(x, k, 0) + own(y, k, 0)]))
}

/**
 * Each capacity's usage against its `max`.
 *
 * @category operations
 * @since 0.1.0
 */
export const capacityUsage = (summary: Summary, capacities: ReadonlyArray<Capacity>): ReadonlyArray<CapacityUsage> =>
  capacities.map((c) => {
    const used = own(summary.usage, c.id, 0)
    return {
      id: c.id,
      max: c.max,
      used,
      deviation: c.max > 0 ? used / c.max - 1 : used > 0 ? Number.POSITIVE_INFINITY : 0
    }
  })

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))

/**
 * A summary as text, with each capacity's usage.
 *
 * @example
 * import { Capacity, Summary } from "nextbest"
 * import * as assert from "node:assert"
 * const summary = {
 *   ...Summary.empty,
 *   subjects: 3,
 *   contacted: 2,
 *   sent: 2,
 *   dropped: 1,
 *   usage: { emails: 2 },
 *   expectedResponses: 0.25,
 *   expectedValue: 30,
 *   priority: 30
 * }
 * assert.strictEqual(
 *   Summary.render(summary, [Capacity.capacity("emails", 2, { channel: "email" })]),
 *   [
 *     "subjects 3, contacted 2, sent 2, dropped by capacity 1",
 *     "expected responses 0.25, expected value 30.00, priority 30.00",
 *     "  emails: 2 of 2 (+0.0%)"
 *   ].join("\n")
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const render = (summary: Summary, capacities: ReadonlyArray<Capacity>): string => {
  const lines = [
    `subjects ${summary.subjects}, contacted ${summary.contacted}, sent ${summary.sent}, dropped by capacity ${summary.dropped}`,
    `expected responses ${fixed(summary.expectedResponses, 2)}, expected value ${fixed(summary.expectedValue, 2)}, priority ${fixed(summary.priority, 2)}`
  ]
  for (const u of capacityUsage(summary, capacities)) {
    const pct = u.deviation * 100
    lines.push(`  ${u.id}: ${u.used} of ${u.max} (${pct >= 0 ? "+" : ""}${fixed(pct, 1)}%)`)
  }
  return lines.join("\n")
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Adds summaries up (partitions of one run).
 *
 * @category instances
 * @since 0.1.0
 */
export const Monoid: MonoidOf<Summary> = {
  empty,
  concat: (x, y) => ({
    subjects: x.subjects + y.subjects,
    contacted: x.contacted + y.contacted,
    sent: x.sent + y.sent,
    dropped: x.dropped + y.dropped,
    usage: addUsage(x.usage, y.usage),
    expectedResponses: x.expectedResponses + y.expectedResponses,
    expectedValue: x.expectedValue + y.expectedValue,
    priority: x.priority + y.priority
  })
}

/**
 * Exact equality (a capacity absent from the usage counts as 0).
 *
 * @category instances
 * @since 0.1.0
 */
export const Eq: EqOf<Summary> = {
  equals: (x, y) => {
    if (x.subjects !== y.subjects || x.contacted !== y.contacted || x.sent !== y.sent || x.dropped !== y.dropped)
      return false
    if (x.expectedResponses !== y.expectedResponses || x.expectedValue !== y.expectedValue || x.priority !== y.priority)
      return false
    const keys = new Set([...Object.keys(x.usage), ...Object.keys(y.usage)])
    for (const k of keys) if (own(x.usage, k, 0) !== own(y.usage, k, 0)) return false
    return true
  }
}

/**
 * A summary as JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Summary> = struct(
  "summary",
  {
    subjects: integerIn(0, Number.MAX_SAFE_INTEGER, "subjects"),
    contacted: integerIn(0, Number.MAX_SAFE_INTEGER, "contacted"),
    sent: integerIn(0, Number.MAX_SAFE_INTEGER, "sent"),
    dropped: integerIn(0, Number.MAX_SAFE_INTEGER, "dropped"),
    usage: numbersById,
    expectedResponses: finite,
    expectedValue: finite,
    priority: finite
  },
  {}
)

/**
 * Decodes a summary (e.g. a partition's, sent from another machine), reporting every problem with
 * its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeSummary: (u: unknown) => E.Either<DecodeError, Summary> = decodeWith(codec)
