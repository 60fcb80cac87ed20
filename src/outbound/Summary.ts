/**
 * The summary of an outbound run: how many subjects it decided and contacted, how many actions it
 * sent and dropped, each capacity's usage, and what it expects back — Σ propensity (expected
 * responses), Σ propensity × value (expected value) — with the objective it maximised (Σ
 * priority); the same figures (a `Tally`) per action, per channel and per capacity. Propensities
 * are the models' (before exploration). `capacityUsage` reads a summary against the capacities
 * (and the prices, when given): assigned, cap, binding or not, price; `render` prints it all.
 *
 * Summaries of partitions combine into the run's summary with `Monoid` (each partition's summary
 * can be computed on its own machine, sent as JSON and added up).
 *
 * Laws:
 * - `Monoid` is a commutative monoid with `empty` as identity: exactly so on whole numbers (the
 *   counts and the usage); float sums are associative up to rounding.
 * - `ofAllotment` of a subject counts its chosen actions once each in `sent`, in the tally of its
 *   action and of its channel, and in the usage and tally of every capacity that applies to them; a
 *   dropped candidate counts in `dropped`, in its action's and channel's tallies and in the tally
 *   of the capacity that stopped it.
 * - `codec`: `decode(encode(s))` is `s`.
 *
 * @since 0.1.0
 */
import type * as E from "fp-ts/lib/Either.js"
import type { Eq as EqOf } from "fp-ts/lib/Eq.js"
import type { Monoid as MonoidOf } from "fp-ts/lib/Monoid.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import { finite, integerIn, recordOf, struct, type Codec } from "../kernel/internal/codec.js"
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
  /** the same figures per action (by action id), per channel and per capacity (by capacity id) */
  readonly byAction: Readonly<Record<string, Tally>>
  readonly byChannel: Readonly<Record<string, Tally>>
  readonly byCapacity: Readonly<Record<string, Tally>>
}

/**
 * The figures of one action, channel or capacity in a summary.
 *
 * @category model
 * @since 0.1.0
 */
export interface Tally {
  /** actions sent (of a capacity: its usage) */
  readonly sent: number
  /** wanted actions dropped (of a capacity: dropped because it had no unit left or priced them out) */
  readonly dropped: number
  /** Σ model propensity of the actions sent */
  readonly expectedResponses: number
  /** Σ model propensity × value of the actions sent */
  readonly expectedValue: number
  /** Σ priority of the actions sent */
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
 * One capacity's line in a report: its usage (assigned) against its `max` and `min`, the relative
 * deviation `used / max − 1` (negative: room left; positive: overshoot), whether it binds (its
 * `max` is reached), what the actions it counts are expected to bring, and its price when the
 * prices are given.
 *
 * @category model
 * @since 0.1.0
 */
export interface CapacityUsage {
  readonly id: string
  readonly max: number
  /** the minimum volume (0 when none) */
  readonly min: number
  /** the actions sent that it counts */
  readonly used: number
  readonly deviation: number
  /** `used ≥ max`: every unit is taken */
  readonly binding: boolean
  /** how many actions short of `min` (0 when met) */
  readonly shortfall: number
  readonly expectedResponses: number
  readonly expectedValue: number
  /** the wanted actions it dropped */
  readonly dropped: number
  /** its price, when prices were given (absent otherwise) */
  readonly price?: number
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
  priority: 0,
  byAction: {},
  byChannel: {},
  byCapacity: {}
}

/**
 * The tally of nothing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyTally: Tally = { sent: 0, dropped: 0, expectedResponses: 0, expectedValue: 0, priority: 0 }

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
  const index = new Map(capacities.map((c, i) => [c.id, i]))
  return (allotment) => {
    const used = new Float64Array(capacities.length)
    const byAction: Record<string, Tally> = {}
    const byChannel: Record<string, Tally> = {}
    const byCapacity: Record<string, Tally> = {}
    let expectedResponses = 0
    let expectedValue = 0
    let priority = 0
    for (const c of allotment.chosen) {
      const one = sentTally(c)
      addInto(byAction, c.actionId, one)
      addInto(byChannel, c.channel, one)
      for (const i of lookup(c)) {
        used[i] = (used[i] as number) + 1
        addInto(byCapacity, (capacities[i] as Capacity).id, one)
      }
      expectedResponses += one.expectedResponses
      expectedValue += one.expectedValue
      priority += one.priority
    }
    for (const d of allotment.dropped) {
      addInto(byAction, d.candidate.actionId, DROPPED)
      addInto(byChannel, d.candidate.channel, DROPPED)
      if (index.has(d.capacity)) addInto(byCapacity, d.capacity, DROPPED)
    }
    const entries: Array<readonly [string, number]> = []
    capacities.forEach((c, i) => {
      if ((used[i] as number) > 0) entries.push([c.id, used[i] as number])
    })
    return {
      subjects: 1,
      contacted: allotment.chosen.length > 0 ? 1 : 0,
      sent: allotment.chosen.length,
      dropped: allotment.dropped.length,
      usage: Object.fromEntries(entries),
      expectedResponses,
      expectedValue,
      priority,
      byAction,
      byChannel,
      byCapacity
    }
  }
}

const DROPPED: Tally = { ...emptyTally, dropped: 1 }

const sentTally = (c: Scored): Tally => ({
  sent: 1,
  dropped: 0,
  expectedResponses: c.modelPropensity,
  expectedValue: c.modelPropensity * c.value,
  priority: c.priority
})

const addTally = (x: Tally, y: Tally): Tally => ({
  sent: x.sent + y.sent,
  dropped: x.dropped + y.dropped,
  expectedResponses: x.expectedResponses + y.expectedResponses,
  expectedValue: x.expectedValue + y.expectedValue,
  priority: x.priority + y.priority
})

/** adds `t` to the tally at `key` (own keys only, whatever the key) */
const addInto = (target: Record<string, Tally>, key: string, t: Tally): void => {
  const before = Object.prototype.hasOwnProperty.call(target, key) ? (target[key] as Tally) : undefined
  Object.defineProperty(target, key, {
    value: before === undefined ? t : addTally(before, t),
    enumerable: true,
    writable: true,
    configurable: true
  })
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

const addTallies = (
  x: Readonly<Record<string, Tally>>,
  y: Readonly<Record<string, Tally>>
): Readonly<Record<string, Tally>> => {
  const ys = Object.keys(y)
  if (ys.length === 0) return x
  if (Object.keys(x).length === 0) return y
  const keys = [...new Set([...Object.keys(x), ...ys])].sort()
  const out: Record<string, Tally> = {}
  for (const k of keys) addInto(out, k, addTally(tallyOf(x, k), tallyOf(y, k)))
  return out
}

const tallyOf = (tallies: Readonly<Record<string, Tally>>, key: string): Tally =>
  Object.prototype.hasOwnProperty.call(tallies, key) ? (tallies[key] as Tally) : emptyTally

/**
 * Each capacity's line: assigned against its `max` and `min`, binding or not, expected responses
 * and value of what it counts, and, with `prices` (e.g. `DualPrices.Prices` or a streaming
 * `Report`), its price.
 *
 * @example
 * import { Capacity, Summary } from "nextbest"
 * import * as assert from "node:assert"
 * const tally = { sent: 2, dropped: 1, expectedResponses: 0.25, expectedValue: 30, priority: 30 }
 * const summary = { ...Summary.empty, usage: { emails: 2 }, byCapacity: { emails: tally } }
 * const [emails] = Summary.capacityUsage(summary, [Capacity.capacity("emails", 2, { channel: "email" })], {
 *   prices: { emails: 1.5 }
 * })
 * assert.deepStrictEqual(
 *   [emails?.used, emails?.max, emails?.binding, emails?.expectedValue, emails?.price],
 *   [2, 2, true, 30, 1.5]
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const capacityUsage = (
  summary: Summary,
  capacities: ReadonlyArray<Capacity>,
  prices?: { readonly prices: Readonly<Record<string, number>> }
): ReadonlyArray<CapacityUsage> =>
  capacities.map((c) => {
    const used = own(summary.usage, c.id, 0)
    const t = tallyOf(summary.byCapacity, c.id)
    const min = c.min ?? 0
    const line: CapacityUsage = {
      id: c.id,
      max: c.max,
      min,
      used,
      deviation: c.max > 0 ? used / c.max - 1 : used > 0 ? Number.POSITIVE_INFINITY : 0,
      binding: used >= c.max,
      shortfall: Math.max(0, min - used),
      expectedResponses: t.expectedResponses,
      expectedValue: t.expectedValue,
      dropped: t.dropped
    }
    return prices === undefined ? line : { ...line, price: own(prices.prices, c.id, 0) }
  })

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))

/** columns padded to their widest cell, the first left-aligned, the others right-aligned */
const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths = (rows[0] ?? []).map((_, k) => Math.max(...rows.map((r) => (r[k] ?? "").length)))
  return rows.map((r) =>
    `  ${r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k] as number) : cell.padStart(widths[k] as number))).join("  ")}`.trimEnd()
  )
}

const tallyRows = (title: string, tallies: Readonly<Record<string, Tally>>): ReadonlyArray<string> => {
  const keys = Object.keys(tallies).sort()
  if (keys.length === 0) return []
  return table([
    [title, "sent", "dropped", "exp. responses", "exp. value"],
    ...keys.map((k) => {
      const t = tallyOf(tallies, k)
      return [k, String(t.sent), String(t.dropped), fixed(t.expectedResponses, 2), fixed(t.expectedValue, 2)]
    })
  ])
}

/**
 * A summary as text: the totals, then a table per capacity (assigned, cap, minimum, binding,
 * price when `prices` are given, expected responses and value, dropped), per action and per
 * channel.
 *
 * @example
 * import { Capacity, Summary } from "nextbest"
 * import * as assert from "node:assert"
 * const tally = { sent: 2, dropped: 1, expectedResponses: 0.25, expectedValue: 30, priority: 30 }
 * const summary = {
 *   subjects: 3,
 *   contacted: 2,
 *   sent: 2,
 *   dropped: 1,
 *   usage: { emails: 2 },
 *   expectedResponses: 0.25,
 *   expectedValue: 30,
 *   priority: 30,
 *   byAction: { Gold: tally },
 *   byChannel: { email: tally },
 *   byCapacity: { emails: tally }
 * }
 * assert.strictEqual(
 *   Summary.render(summary, [Capacity.capacity("emails", 2, { channel: "email" })], { prices: { emails: 1.5 } }),
 *   [
 *     "subjects 3, contacted 2, sent 2, dropped by capacity 1",
 *     "expected responses 0.25, expected value 30.00, priority 30.00",
 *     "  capacity  assigned  cap  min  binding  price  exp. responses  exp. value  dropped",
 *     "  emails           2    2    0      yes  1.500            0.25       30.00        1",
 *     "  action  sent  dropped  exp. responses  exp. value",
 *     "  Gold       2        1            0.25       30.00",
 *     "  channel  sent  dropped  exp. responses  exp. value",
 *     "  email       2        1            0.25       30.00"
 *   ].join("\n")
 * )
 *
 * @category operations
 * @since 0.1.0
 */
export const render = (
  summary: Summary,
  capacities: ReadonlyArray<Capacity>,
  prices?: { readonly prices: Readonly<Record<string, number>> }
): string => {
  const lines = [
    `subjects ${summary.subjects}, contacted ${summary.contacted}, sent ${summary.sent}, dropped by capacity ${summary.dropped}`,
    `expected responses ${fixed(summary.expectedResponses, 2)}, expected value ${fixed(summary.expectedValue, 2)}, priority ${fixed(summary.priority, 2)}`
  ]
  if (capacities.length > 0)
    lines.push(
      ...table([
        [
          "capacity",
          "assigned",
          "cap",
          "min",
          "binding",
          ...(prices === undefined ? [] : ["price"]),
          "exp. responses",
          "exp. value",
          "dropped"
        ],
        ...capacityUsage(summary, capacities, prices).map((u) => [
          u.id,
          String(u.used),
          String(u.max),
          String(u.min),
          u.binding ? "yes" : "no",
          ...(u.price === undefined ? [] : [fixed(u.price, 3)]),
          fixed(u.expectedResponses, 2),
          fixed(u.expectedValue, 2),
          String(u.dropped)
        ])
      ])
    )
  lines.push(...tallyRows("action", summary.byAction), ...tallyRows("channel", summary.byChannel))
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
    priority: x.priority + y.priority,
    byAction: addTallies(x.byAction, y.byAction),
    byChannel: addTallies(x.byChannel, y.byChannel),
    byCapacity: addTallies(x.byCapacity, y.byCapacity)
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
    return (
      talliesEqual(x.byAction, y.byAction) &&
      talliesEqual(x.byChannel, y.byChannel) &&
      talliesEqual(x.byCapacity, y.byCapacity)
    )
  }
}

const talliesEqual = (x: Readonly<Record<string, Tally>>, y: Readonly<Record<string, Tally>>): boolean => {
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const a = tallyOf(x, k)
    const b = tallyOf(y, k)
    if (
      a.sent !== b.sent ||
      a.dropped !== b.dropped ||
      a.expectedResponses !== b.expectedResponses ||
      a.expectedValue !== b.expectedValue ||
      a.priority !== b.priority
    )
      return false
  }
  return true
}

/**
 * A tally as JSON: `{ sent, dropped, expectedResponses, expectedValue, priority }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const TallyCodec: Codec<Tally> = struct(
  "tally",
  {
    sent: integerIn(0, Number.MAX_SAFE_INTEGER, "sent"),
    dropped: integerIn(0, Number.MAX_SAFE_INTEGER, "dropped"),
    expectedResponses: finite,
    expectedValue: finite,
    priority: finite
  },
  {}
)

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
    priority: finite,
    byAction: recordOf(TallyCodec),
    byChannel: recordOf(TallyCodec),
    byCapacity: recordOf(TallyCodec)
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
