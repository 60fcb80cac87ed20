/**
 * Suppression: contact policies that pause an action, or a whole group, for a while after what
 * the subject's interaction history shows — "shown 3 times in 7 days → not for 10 days",
 * "ignored 2 emails in 30 days → no email for 60 days", "3 impressions and no positive within
 * 14 days → 30 days off".
 *
 * A suppression has a condition over the history (counts of outcomes in a rolling window,
 * combined with `all`, `any`, `not`), a scope (the action itself, or every action of its group),
 * an optional channel, and a duration. The history it looks at is the scope's interactions (on
 * the channel, when one is named) up to `now`. Counts in a window of W days at time t count the
 * interactions in `(t − W, t]`. The suppression is active at `now` when its condition held at any
 * moment of `[now − D, now]` (D = `suppressDays`); it then lasts until D days after the condition
 * last held. When the condition still holds at `now`, that end lies ahead: `until` is D days after
 * the first moment the condition stops holding if nothing new happens (counted interactions leave
 * their windows); a condition that would hold for ever so (an `atMost` or `not` condition) gives
 * `now + D`, the earliest end. Interactions after `now` are ignored. D days are rounded to whole
 * milliseconds, and `firedAt` and `until` are clamped into `[Time.MIN_INSTANT, Time.MAX_INSTANT]`
 * (an end past the last instant is the last instant).
 *
 * Laws:
 * - Order-free: the verdict does not depend on the order of the history.
 * - Monotone for `atLeast` conditions: adding interactions never lifts such a suppression.
 * - Interactions of other actions (scope action), other groups (scope group) or other channels
 *   (with a channel) change nothing.
 * - Stable end: for conditions that stop holding once their interactions age out (counts with
 *   `atLeast ≥ 1`, combined with `all` and `any`), the suppression found at `now` is active at
 *   every moment of `[now, until)` with the same `until`, and lifted at `until`, when nothing new
 *   happens.
 * - The codec round-trips: `decode(encode(s))` is `s`.
 * - Bounded decoding: a condition from outside nests at most `MAX_DEPTH` levels and has at most
 *   `MAX_CONDITIONS` conditions; past either it is one problem (`too_deep`, `too_large`), never a
 *   throw. Conditions built with the constructors have no limit: `compile`, `check` and the codec's
 *   `encode` use explicit stacks past `MAX_DEPTH` levels.
 * - Size: ~800 lines because the index over the history, the condition compiler and the bounded
 *   codec serve this one idea; the explicit-stack walks are the part to move to `internal/`.
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import type { History, Interaction } from "../history/History.js"
import { clamp, DAY_MS, type Instant } from "../kernel/Time.js"
import {
  collect,
  failAt,
  failHere,
  found,
  hasOwn,
  integerIn,
  isRecord,
  nonEmptyString,
  numberIn,
  oneOf,
  stringOrStrings,
  struct,
  type Codec
} from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A condition over the interactions in scope.
 *
 * @category model
 * @since 0.1.0
 */
export type HistoryCondition =
  | {
      readonly _tag: "Count"
      /** the outcomes counted (e.g. `["impression"]`, `["accepted", "clicked"]`) */
      readonly outcomes: ReadonlyArray<string>
      /** the rolling window, in days */
      readonly withinDays: number
      /** holds when the count is at least this */
      readonly atLeast?: number
      /** holds when the count is at most this */
      readonly atMost?: number
    }
  | { readonly _tag: "All"; readonly conditions: ReadonlyArray<HistoryCondition> }
  | { readonly _tag: "Any"; readonly conditions: ReadonlyArray<HistoryCondition> }
  | { readonly _tag: "Not"; readonly condition: HistoryCondition }

/**
 * Whose interactions a suppression counts, and whom it pauses: the action itself, or every
 * action of the action's group.
 *
 * @category model
 * @since 0.1.0
 */
export type Scope = "action" | "group"

/**
 * One suppression policy.
 *
 * @category model
 * @since 0.1.0
 */
export interface Suppression {
  readonly id: string
  readonly scope: Scope
  /** counts only this channel's interactions and pauses only this channel; absent: all channels */
  readonly channel?: string
  readonly when: HistoryCondition
  readonly suppressDays: number
}

/**
 * A suppression that holds for one candidate: which one, when its condition last started to
 * hold within the look-back, and until when it pauses the candidate.
 *
 * @category model
 * @since 0.1.0
 */
export interface Active {
  readonly suppression: string
  readonly firedAt: Instant
  readonly until: Instant
}

/**
 * What a suppression is checked for: one action on one channel.
 *
 * @category model
 * @since 0.1.0
 */
export interface Target {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * At least `n` of the outcomes within the window.
 *
 * @category constructors
 * @since 0.1.0
 */
export const atLeast = (n: number, outcomes: string | ReadonlyArray<string>, withinDays: number): HistoryCondition => ({
  _tag: "Count",
  outcomes: typeof outcomes === "string" ? [outcomes] : outcomes,
  withinDays,
  atLeast: n
})

/**
 * At most `n` of the outcomes within the window.
 *
 * @category constructors
 * @since 0.1.0
 */
export const atMost = (n: number, outcomes: string | ReadonlyArray<string>, withinDays: number): HistoryCondition => ({
  _tag: "Count",
  outcomes: typeof outcomes === "string" ? [outcomes] : outcomes,
  withinDays,
  atMost: n
})

/**
 * None of the outcomes within the window (`atMost(0, …)`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const none = (outcomes: string | ReadonlyArray<string>, withinDays: number): HistoryCondition =>
  atMost(0, outcomes, withinDays)

/**
 * Every condition holds.
 *
 * @category constructors
 * @since 0.1.0
 */
export const all = (...conditions: ReadonlyArray<HistoryCondition>): HistoryCondition => ({ _tag: "All", conditions })

/**
 * Some condition holds.
 *
 * @category constructors
 * @since 0.1.0
 */
export const any = (...conditions: ReadonlyArray<HistoryCondition>): HistoryCondition => ({ _tag: "Any", conditions })

/**
 * The condition does not hold.
 *
 * @category constructors
 * @since 0.1.0
 */
export const not = (condition: HistoryCondition): HistoryCondition => ({ _tag: "Not", condition })

/**
 * A suppression policy (scope `action` and every channel unless told otherwise).
 *
 * @example
 * import { Suppression } from "nextbest"
 * import * as assert from "node:assert"
 * const DAY = 86_400_000
 * // 3 impressions and no positive within 14 days → 30 days off
 * const tired = Suppression.suppression(
 *   "tired",
 *   Suppression.all(Suppression.atLeast(3, "impression", 14), Suppression.none(["accepted", "clicked"], 14)),
 *   30
 * )
 * const seen = (day: number) => ({
 *   at: day * DAY,
 *   actionId: "card",
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "web",
 *   outcome: "impression"
 * })
 * const check = Suppression.check(tired)
 * const target = { actionId: "card", issue: "Sales", group: "Cards", channel: "web" }
 * assert.strictEqual(check([seen(1), seen(2)], target, 3 * DAY), undefined)
 * // it holds from day 3 until day 1's impression leaves the 14-day window on day 15: off until day 45
 * assert.deepStrictEqual(check([seen(1), seen(2), seen(3)], target, 4 * DAY), {
 *   suppression: "tired",
 *   firedAt: 3 * DAY,
 *   until: 45 * DAY
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const suppression = (
  id: string,
  when: HistoryCondition,
  suppressDays: number,
  options: { readonly scope?: Scope; readonly channel?: string } = {}
): Suppression =>
  options.channel === undefined
    ? { id, scope: options.scope ?? "action", when, suppressDays }
    : { id, scope: options.scope ?? "action", channel: options.channel, when, suppressDays }

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A total fold over history conditions.
 *
 * @category destructors
 * @since 0.1.0
 */
export const matchCondition =
  <B>(cases: {
    readonly Count: (c: Extract<HistoryCondition, { readonly _tag: "Count" }>) => B
    readonly All: (conditions: ReadonlyArray<HistoryCondition>) => B
    readonly Any: (conditions: ReadonlyArray<HistoryCondition>) => B
    readonly Not: (condition: HistoryCondition) => B
  }) =>
  (c: HistoryCondition): B => {
    switch (c._tag) {
      case "Count":
        return cases.Count(c)
      case "All":
        return cases.All(c.conditions)
      case "Any":
        return cases.Any(c.conditions)
      case "Not":
        return cases.Not(c.condition)
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/** one `Count` leaf of a condition: its outcomes and its window in ms */
interface Leaf {
  readonly outcomes: ReadonlySet<string>
  readonly window: number
}

interface CompiledCondition {
  /** whether the condition holds, given each leaf's count (indexed as in `leaves`) */
  readonly holds: (counts: ArrayLike<number>) => boolean
}

const compileCondition = (condition: HistoryCondition, leaves: Array<Leaf>): CompiledCondition =>
  matchCondition<CompiledCondition>({
    Count: (c) => {
      const k = leaves.length
      leaves.push(leafOf(c))
      const min = c.atLeast ?? 0
      const max = c.atMost ?? Number.POSITIVE_INFINITY
      return {
        holds: (counts) => {
          const n = counts[k] as number
          return n >= min && n <= max
        }
      }
    },
    All: (conditions) => {
      const parts = conditions.map((x) => compileCondition(x, leaves))
      return { holds: (counts) => parts.every((p) => p.holds(counts)) }
    },
    Any: (conditions) => {
      const parts = conditions.map((x) => compileCondition(x, leaves))
      return { holds: (counts) => parts.some((p) => p.holds(counts)) }
    },
    Not: (inner) => {
      const part = compileCondition(inner, leaves)
      return { holds: (counts) => !part.holds(counts) }
    }
  })(condition)

type CountCondition = Extract<HistoryCondition, { readonly _tag: "Count" }>

const leafOf = (c: CountCondition): Leaf => ({ outcomes: new Set(c.outcomes), window: c.withinDays * DAY_MS })

const operandsOf = (c: HistoryCondition): ReadonlyArray<HistoryCondition> =>
  c._tag === "All" || c._tag === "Any" ? c.conditions : c._tag === "Not" ? [c.condition] : []

/** whether a condition nests deeper than `limit` levels (explicit stack) */
const deeperThan = (condition: HistoryCondition, limit: number): boolean => {
  const stack: Array<readonly [HistoryCondition, number]> = [[condition, 1]]
  while (stack.length > 0) {
    const [x, level] = stack.pop() as readonly [HistoryCondition, number]
    if (level > limit) return true
    for (const operand of operandsOf(x)) stack.push([operand, level + 1])
  }
  return false
}

/** one step of a postfix program: a count pushes whether it holds, a combinator pops its `arity` operands */
type Step =
  | { readonly _tag: "Count"; readonly k: number; readonly min: number; readonly max: number }
  | { readonly _tag: "All" | "Any" | "Not"; readonly arity: number }

/**
 * A condition of any depth as a postfix program run on an explicit stack: the same verdicts as the
 * closures of `compileCondition` (and the same leaf order), without recursion.
 */
const compileDeep = (condition: HistoryCondition, leaves: Array<Leaf>): CompiledCondition => {
  const program: Array<Step> = []
  const stack: Array<readonly [HistoryCondition, boolean]> = [[condition, false]]
  while (stack.length > 0) {
    const [x, expanded] = stack.pop() as readonly [HistoryCondition, boolean]
    if (x._tag === "Count") {
      program.push({ _tag: "Count", k: leaves.length, min: x.atLeast ?? 0, max: x.atMost ?? Number.POSITIVE_INFINITY })
      leaves.push(leafOf(x))
      continue
    }
    const operands = operandsOf(x)
    if (expanded) {
      program.push({ _tag: x._tag, arity: operands.length })
      continue
    }
    stack.push([x, true])
    for (let i = operands.length - 1; i >= 0; i--) stack.push([operands[i] as HistoryCondition, false])
  }
  return {
    holds: (counts) => {
      const values: Array<boolean> = []
      for (const step of program) {
        if (step._tag === "Count") {
          const n = counts[step.k] as number
          values.push(n >= step.min && n <= step.max)
          continue
        }
        const from = values.length - step.arity
        let v = step._tag !== "Any"
        for (let i = from; i < values.length; i++) {
          if (step._tag === "Any") v = v || (values[i] as boolean)
          else v = v && (values[i] as boolean)
        }
        values.length = from
        values.push(step._tag === "Not" ? !v : v)
      }
      return values[0] as boolean
    }
  }
}

/** the sorted distinct values of `xs[0, n)`, in place; returns how many there are */
const sortDistinct = (xs: Float64Array, n: number): number => {
  const sorted = xs.subarray(0, n).sort()
  let m = 0
  for (let k = 0; k < n; k++)
    if (m === 0 || (sorted[k] as number) !== (sorted[m - 1] as number)) sorted[m++] = sorted[k] as number
  return m
}

/** how many of the sorted `ts` are at most `x` (binary search) */
const countUpTo = (ts: Float64Array, x: number): number => {
  let lo = 0
  let hi = ts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((ts[mid] as number) <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Each leaf's count at ascending instants, by two pointers over the leaf's sorted times: the
 * count at `t` is how many times lie in `(t − window, t]`, that is `#{≤ t} − #{≤ t − window}`.
 */
class Sweep {
  private readonly hi: Uint32Array
  private readonly lo: Uint32Array
  readonly counts: Float64Array
  constructor(
    private readonly leaves: ReadonlyArray<Leaf>,
    private readonly times: ReadonlyArray<Float64Array>
  ) {
    this.hi = new Uint32Array(leaves.length)
    this.lo = new Uint32Array(leaves.length)
    this.counts = new Float64Array(leaves.length)
  }
  /** moves to `t`, which is not before the last instant moved to */
  at(t: number): Float64Array {
    for (let k = 0; k < this.leaves.length; k++) {
      const ts = this.times[k] as Float64Array
      const from = t - (this.leaves[k] as Leaf).window
      let hi = this.hi[k] as number
      let lo = this.lo[k] as number
      while (hi < ts.length && (ts[hi] as number) <= t) hi++
      while (lo < ts.length && (ts[lo] as number) <= from) lo++
      this.hi[k] = hi
      this.lo[k] = lo
      this.counts[k] = hi - lo
    }
    return this.counts
  }
}

/**
 * Interactions indexed once per decision: by action and by group, each up to `now`.
 *
 * @category model
 * @since 0.1.0
 */
export interface HistoryIndex {
  readonly now: Instant
  readonly byAction: ReadonlyMap<string, ReadonlyArray<Interaction>>
  readonly byGroup: ReadonlyMap<string, ReadonlyArray<Interaction>>
}

/**
 * The history's group key: issue and group joined by U+0000, which no catalog issue or group name
 * may contain, so a target's key (exactly one U+0000) equals an interaction's only when both its
 * issue and its group do.
 */
const groupOf = (issue: string, group: string): string => `${issue}\u0000${group}`

/**
 * Indexes a history for suppression checks at `now` (later interactions are left out).
 *
 * @category operations
 * @since 0.1.0
 */
export const indexHistory = (history: History, now: Instant): HistoryIndex => {
  const byAction = new Map<string, Array<Interaction>>()
  const byGroup = new Map<string, Array<Interaction>>()
  for (const i of history) {
    if (i.at > now) continue
    const a = byAction.get(i.actionId)
    if (a === undefined) byAction.set(i.actionId, [i])
    else a.push(i)
    const g = groupOf(i.issue, i.group)
    const b = byGroup.get(g)
    if (b === undefined) byGroup.set(g, [i])
    else b.push(i)
  }
  return { now, byAction, byGroup }
}

const EMPTY: ReadonlyArray<Interaction> = []

/** an active suppression, its ends clamped into the bounds of an instant (see the `Time` module) */
const active = (suppression: string, firedAt: number, until: number): Active => ({
  suppression,
  firedAt: clamp(firedAt),
  until: clamp(until)
})

/**
 * A suppression compiled once: a check of one target against an indexed history.
 *
 * @category operations
 * @since 0.1.0
 */
export const compile = (s: Suppression): ((index: HistoryIndex, target: Target) => Active | undefined) => {
  const leaves: Array<Leaf> = []
  const condition = deeperThan(s.when, MAX_DEPTH) ? compileDeep(s.when, leaves) : compileCondition(s.when, leaves)
  const duration = Math.round(s.suppressDays * DAY_MS)
  const holdsOnEmpty = condition.holds(new Float64Array(leaves.length))
  const windows = [...new Set(leaves.map((l) => l.window))]
  // the verdict depends on the index and the scope's key only (the target's channel only gates it):
  // for long histories it is computed once per index and key, however many candidates share the scope
  const memo = new WeakMap<HistoryIndex, Map<string, Active | undefined>>()
  return (index, target) => {
    if (s.channel !== undefined && s.channel !== target.channel) return undefined
    const key = s.scope === "action" ? target.actionId : groupOf(target.issue, target.group)
    const inScope = s.scope === "action" ? index.byAction.get(key) : index.byGroup.get(key)
    if (inScope === undefined || inScope.length < MEMO_FROM) return verdict(index, inScope)
    let known = memo.get(index)
    if (known === undefined) memo.set(index, (known = new Map()))
    if (known.has(key)) return known.get(key)
    const v = verdict(index, inScope)
    known.set(key, v)
    return v
  }

  function verdict(index: HistoryIndex, inScope: ReadonlyArray<Interaction> | undefined): Active | undefined {
    const now = index.now
    let relevant: ReadonlyArray<Interaction> = inScope ?? EMPTY
    if (s.channel !== undefined && relevant.length > 0) relevant = relevant.filter((i) => i.channel === s.channel)
    if (relevant.length === 0) return holdsOnEmpty ? active(s.id, now - duration, now + duration) : undefined
    // each leaf's counted times, sorted once: O(n log n) per leaf
    const times = leaves.map((leaf) => {
      const ts = new Float64Array(relevant.length)
      let n = 0
      for (const i of relevant) if (leaf.outcomes.has(i.outcome)) ts[n++] = i.at
      return ts.subarray(0, n).sort()
    })
    const start = now - duration
    // the instants where counts may change within the look-back: O(n · windows)
    const instants = new Float64Array(1 + relevant.length * (1 + windows.length))
    let size = 0
    instants[size++] = start
    for (const i of relevant) {
      if (i.at > start) instants[size++] = i.at
      for (const w of windows) if (i.at + w > start && i.at + w <= now) instants[size++] = i.at + w
    }
    size = sortDistinct(instants, size)
    // counts are constant on [instants[k], instants[k+1]) and after the last instant up to now:
    // find the last run of instants where the condition holds, sweeping the instants once
    const sweep = new Sweep(leaves, times)
    let runStart = Number.NaN
    let lastStart = Number.NaN
    let lastEnd = Number.NaN
    let held = false
    for (let k = 0; k < size; k++) {
      const at = instants[k] as number
      const holds = condition.holds(sweep.at(at))
      if (holds) {
        if (!held) runStart = at
        lastStart = runStart
        lastEnd = k + 1 < size ? (instants[k + 1] as number) : now
      }
      held = holds
    }
    if (Number.isNaN(lastEnd)) return undefined
    // the last run reaching `now` may have ended exactly at `now` (an interaction left its window then)
    if (lastEnd === now) {
      const counts = new Float64Array(leaves.length)
      leaves.forEach((leaf, k) => {
        const ts = times[k] as Float64Array
        counts[k] = countUpTo(ts, now) - countUpTo(ts, now - leaf.window)
      })
      if (condition.holds(counts)) {
        // it still holds: it ends when it first stops holding as the counted interactions leave their windows
        const ahead = new Float64Array(relevant.length * windows.length)
        let n = 0
        for (const i of relevant) for (const w of windows) if (i.at + w > now) ahead[n++] = i.at + w
        n = sortDistinct(ahead, n)
        const after = new Sweep(leaves, times)
        lastEnd = Number.NaN
        for (let k = 0; k < n; k++) {
          const at = ahead[k] as number
          if (!condition.holds(after.at(at))) {
            lastEnd = at
            break
          }
        }
        return active(s.id, lastStart, (Number.isNaN(lastEnd) ? now : lastEnd) + duration)
      }
    }
    return active(s.id, lastStart, lastEnd + duration)
  }
}

/** histories in scope from this length on have their verdict kept per index (below, computing it is cheaper) */
const MEMO_FROM = 64

/**
 * Checks one suppression for one target against a history at `now` (indexes the history on every
 * call: use `indexHistory` and `compile` for many checks).
 *
 * @category operations
 * @since 0.1.0
 */
export const check =
  (s: Suppression) =>
  (history: History, target: Target, now: Instant): Active | undefined =>
    compile(s)(indexHistory(history, now), target)

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const MAX_DAYS = 36_600
const days = numberIn(0, MAX_DAYS, "days")
const countBound = integerIn(0, 1_000_000, "count")

const CountCodec = struct(
  "count",
  { outcomes: stringOrStrings, withinDays: days },
  { atLeast: countBound, atMost: countBound }
)

/**
 * How deep history conditions from outside may nest: a condition at level 65 (the `when` condition
 * is level 1) is reported as `too_deep`. Conditions built with the constructors have no limit.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MAX_DEPTH = 64

/**
 * How many conditions (counts, `all`, `any` and `not`, over every level) one history condition
 * from outside may have in all: past 10,000 it is reported once, at its root, as `too_large`, and
 * the rest of it is not read.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MAX_CONDITIONS = 10_000

/** one decoding pass over one condition: the conditions read so far, and whether `MAX_CONDITIONS` was passed */
interface Pass {
  conditions: number
  full: boolean
  readonly root: unknown
  readonly rootContext: t.Context
}

const onlyKey = (
  u: Readonly<Record<string, unknown>>,
  key: string,
  c: t.Context,
  errors: Array<t.ValidationError>
): void => {
  for (const k of Object.keys(u))
    if (k !== key) failAt(errors, c, k, u[k], "unknown_key", `unknown key "${k}" in a history condition`)
}

/** decodes one condition at `level`, collecting every problem into `errors`; `undefined` when it is unusable */
const decodeCondition = (
  u: unknown,
  c: t.Context,
  level: number,
  pass: Pass,
  errors: Array<t.ValidationError>
): HistoryCondition | undefined => {
  if (pass.full) return undefined
  if (++pass.conditions > MAX_CONDITIONS) {
    pass.full = true
    failHere(
      errors,
      pass.rootContext,
      pass.root,
      "too_large",
      `a history condition may have at most ${MAX_CONDITIONS} conditions`
    )
    return undefined
  }
  if (!isRecord(u)) {
    if (u === undefined) failHere(errors, c, u, "required", "required: expected a history condition")
    else failHere(errors, c, u, "invalid_type", "expected a history condition object")
    return undefined
  }
  if (level > MAX_DEPTH) {
    failHere(errors, c, u, "too_deep", `history conditions may nest at most ${MAX_DEPTH} levels deep`)
    return undefined
  }
  const before = found(errors)
  if (hasOwn(u, "all") || hasOwn(u, "any")) {
    const key = hasOwn(u, "all") ? "all" : "any"
    onlyKey(u, key, c, errors)
    const list = u[key]
    const lc = t.appendContext(c, key, HistoryConditionCodec, list)
    if (!Array.isArray(list)) {
      if (list === undefined) failHere(errors, lc, list, "required", "required: expected an array")
      else failHere(errors, lc, list, "invalid_type", "expected an array")
      return undefined
    }
    const conditions: Array<HistoryCondition> = []
    for (let i = 0; i < list.length && !pass.full; i++) {
      const item: unknown = list[i]
      const x = decodeCondition(
        item,
        t.appendContext(lc, String(i), HistoryConditionCodec, item),
        level + 1,
        pass,
        errors
      )
      if (x !== undefined) conditions.push(x)
    }
    if (found(errors) > before || pass.full) return undefined
    return key === "all" ? { _tag: "All", conditions } : { _tag: "Any", conditions }
  }
  if (hasOwn(u, "not")) {
    onlyKey(u, "not", c, errors)
    const condition = decodeCondition(
      u["not"],
      t.appendContext(c, "not", HistoryConditionCodec, u["not"]),
      level + 1,
      pass,
      errors
    )
    if (found(errors) > before || condition === undefined) return undefined
    return { _tag: "Not", condition }
  }
  const count = collect(CountCodec.validate(u, c), errors)
  if (count !== undefined && count.atLeast === undefined && count.atMost === undefined) {
    failAt(errors, c, "atLeast", undefined, "required", "a count needs atLeast or atMost")
  }
  if (
    count !== undefined &&
    count.atLeast !== undefined &&
    count.atMost !== undefined &&
    count.atLeast > count.atMost
  ) {
    failAt(errors, c, "atMost", count.atMost, "out_of_range", "atMost must not be below atLeast")
  }
  if (found(errors) > before || count === undefined) return undefined
  return { _tag: "Count", ...count }
}

const encodeCount = (c: CountCondition): unknown => {
  const out: Record<string, unknown> = { outcomes: [...c.outcomes], withinDays: c.withinDays }
  if (c.atLeast !== undefined) out["atLeast"] = c.atLeast
  if (c.atMost !== undefined) out["atMost"] = c.atMost
  return out
}

/** a condition to JSON on an explicit stack (safe at any depth) */
const encodeCondition = (condition: HistoryCondition): unknown => {
  if (condition._tag === "Count") return encodeCount(condition)
  const done: Array<unknown> = []
  const stack: Array<readonly [HistoryCondition, boolean]> = [[condition, false]]
  while (stack.length > 0) {
    const [x, expanded] = stack.pop() as readonly [HistoryCondition, boolean]
    if (x._tag === "Count") {
      done.push(encodeCount(x))
      continue
    }
    const operands = operandsOf(x)
    if (!expanded) {
      stack.push([x, true])
      for (let i = operands.length - 1; i >= 0; i--) stack.push([operands[i] as HistoryCondition, false])
      continue
    }
    const from = done.length - operands.length
    const items = done.slice(from)
    done.length = from
    done.push(x._tag === "Not" ? { not: items[0] } : x._tag === "All" ? { all: items } : { any: items })
  }
  return done[0]
}

/**
 * A history condition as JSON: `{ outcomes, withinDays, atLeast?, atMost? }` (a count, `outcomes`
 * one name or several), `{ all: [...] }`, `{ any: [...] }` or `{ not: condition }`. Decoding reads
 * at most `MAX_DEPTH` levels and `MAX_CONDITIONS` conditions (`too_deep`, `too_large`); encoding
 * is safe at any depth.
 *
 * @category codecs
 * @since 0.1.0
 */
export const HistoryConditionCodec: Codec<HistoryCondition> = new t.Type<HistoryCondition, unknown, unknown>(
  "history condition",
  (u): u is HistoryCondition => isRecord(u) && typeof u["_tag"] === "string",
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const condition = decodeCondition(u, c, 1, { conditions: 0, full: false, root: u, rootContext: c }, errors)
    return errors.length > 0 || condition === undefined ? t.failures(errors) : t.success(condition)
  },
  encodeCondition
)

const SuppressionStruct = struct(
  "suppression",
  { id: nonEmptyString, when: HistoryConditionCodec, suppressDays: days },
  { scope: oneOf(["action", "group"] as const, "scope"), channel: nonEmptyString }
)

/**
 * A suppression as JSON: `{ id, when, suppressDays, scope?, channel? }` (scope `action` by default).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Suppression> = new t.Type<Suppression, unknown, unknown>(
  "suppression",
  (u): u is Suppression => isRecord(u) && typeof u["id"] === "string",
  (u, c) => {
    const r = SuppressionStruct.validate(u, c)
    if (r._tag === "Left") return r
    const s = r.right
    return t.success(
      s.channel === undefined
        ? { id: s.id, scope: s.scope ?? "action", when: s.when, suppressDays: s.suppressDays }
        : { id: s.id, scope: s.scope ?? "action", channel: s.channel, when: s.when, suppressDays: s.suppressDays }
    )
  },
  (s) => SuppressionStruct.encode(s)
)
