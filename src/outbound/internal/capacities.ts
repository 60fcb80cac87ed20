/**
 * Capacities compiled for the allocation loops: the indices of the capacities that apply to an
 * action on a channel, looked up once per (action, channel, issue, group) and, where a capacity
 * lists properties, once per properties object; action ids interned to
 * small integers; own-key reads of records keyed by ids.
 *
 * @internal
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import { failure } from "../../kernel/DecodeError.js"
import { hashString } from "../../kernel/Random.js"
import { isRecord, numberIn, pushErrors, type Codec } from "../../kernel/internal/codec.js"
import type { Candidate } from "../Allocation.js"
import { appliesTo, type Capacity, type Target } from "../Capacity.js"

const NO_CAPACITY = new Int32Array(0)

/** the capacities that may apply at one (action, channel, issue, group), by the target's properties */
interface Leaf {
  /** the indices when the target's properties decide nothing (no capacity of the leaf lists any) */
  readonly fixed: Int32Array | undefined
  /** every capacity of the leaf's scope, the ones listing properties included (ascending) */
  readonly scoped: Int32Array
  /** the indices by the target's properties object (the catalog's, shared by its candidates) */
  readonly byProperties: WeakMap<object, Int32Array>
  none: Int32Array | undefined
}

/**
 * The indices (into `capacities`, ascending) of the capacities that apply to a target, memoised per
 * target: per (action, channel, issue, group), and, when a capacity there lists properties, per
 * properties object (a decision's candidates share their catalog action's object).
 */
export const capacityLookup = (capacities: ReadonlyArray<Capacity>): ((target: Target) => Int32Array) => {
  if (capacities.length === 0) return () => NO_CAPACITY
  // the capacities without their properties: the scope that a leaf is keyed by
  const bare = capacities.map((c): Capacity => {
    if (c.properties === undefined) return c
    const { properties, ...scope } = c
    void properties
    return scope
  })
  const withProperties = capacities.some((c) => c.properties !== undefined && Object.keys(c.properties).length > 0)
  // nested by action, channel, issue and group: exact on every target (offers may be built in
  // code, past the catalog's checks), and no key to build per candidate on the hot path
  const memo = new Map<string, Map<string, Map<string, Map<string, Leaf>>>>()
  const level = <V>(map: Map<string, V>, key: string, make: () => V): V => {
    let found = map.get(key)
    if (found === undefined) {
      found = make()
      map.set(key, found)
    }
    return found
  }
  const matching = (ids: Int32Array, target: Target): Int32Array =>
    ids.filter((i) => appliesTo(capacities[i] as Capacity, target))
  return (target) => {
    const byGroup = level(
      level(
        level(memo, target.actionId, () => new Map()),
        target.channel,
        () => new Map()
      ),
      target.issue,
      () => new Map<string, Leaf>()
    )
    let leaf = byGroup.get(target.group)
    if (leaf === undefined) {
      const ids: Array<number> = []
      bare.forEach((c, i) => {
        if (appliesTo(c, target)) ids.push(i)
      })
      const scoped = Int32Array.from(ids)
      const decides =
        withProperties &&
        ids.some((i) => {
          const p = (capacities[i] as Capacity).properties
          return p !== undefined && Object.keys(p).length > 0
        })
      leaf = { fixed: decides ? undefined : scoped, scoped, byProperties: new WeakMap(), none: undefined }
      byGroup.set(target.group, leaf)
    }
    if (leaf.fixed !== undefined) return leaf.fixed
    const properties = target.properties
    if (properties === undefined) return (leaf.none ??= matching(leaf.scoped, target))
    let found = leaf.byProperties.get(properties)
    if (found === undefined) {
      found = matching(leaf.scoped, target)
      leaf.byProperties.set(properties, found)
    }
    return found
  }
}

/** small integers for strings, in order of first sight */
export const interner = (): ((text: string) => number) => {
  const ids = new Map<string, number>()
  return (text) => {
    let id = ids.get(text)
    if (id === undefined) {
      id = ids.size
      ids.set(text, id)
    }
    return id
  }
}

/** the value of an own key, or `fallback` (never an inherited property such as `__proto__`) */
export const own = (record: Readonly<Record<string, number>>, key: string, fallback: number): number =>
  Object.prototype.hasOwnProperty.call(record, key) ? (record[key] as number) : fallback

/** a record by capacity id from per-capacity numbers (own keys, whatever the ids) */
export const byId = (
  capacities: ReadonlyArray<Capacity>,
  values: ArrayLike<number>
): Readonly<Record<string, number>> => Object.fromEntries(capacities.map((c, i) => [c.id, values[i] as number]))

/** a priority to sort by: NaN sorts last */
export const sortablePriority = (p: number): number => (Number.isNaN(p) ? Number.NEGATIVE_INFINITY : p)

const nonNegative = numberIn(0, Number.MAX_VALUE, "non-negative number")

/** an object of non-negative numbers by capacity id (own keys only; every problem at its key) */
export const numbersById: Codec<Readonly<Record<string, number>>> = new t.Type<
  Readonly<Record<string, number>>,
  unknown,
  unknown
>(
  "numbers by capacity",
  (u): u is Readonly<Record<string, number>> => isRecord(u),
  (u, c) => {
    if (!isRecord(u))
      return failure(
        u,
        c,
        u === undefined ? "required" : "invalid_type",
        "expected an object of numbers by capacity id"
      )
    const errors: Array<t.ValidationError> = []
    const entries: Array<readonly [string, number]> = []
    for (const key of Object.keys(u)) {
      const r = nonNegative.validate(u[key], t.appendContext(c, key, nonNegative, u[key]))
      if (r._tag === "Left") pushErrors(errors, r.left)
      else entries.push([key, r.right])
    }
    return errors.length > 0 ? t.failures(errors) : t.success(Object.fromEntries(entries))
  },
  (a) => Object.fromEntries(Object.entries(a))
)

/**
 * The factor by which the priced mode scales a subject's priorities, `1 + 10⁻⁶ (u − ½)` with `u`
 * a stable hash of the subject id in [0, 1): it orders only priorities that agree to about one
 * part in a million, and lets a price split a group of subjects with equal priorities.
 */
export const tieFactor = (subjectId: string): number => 1 + 1e-6 * (hashString(subjectId) / 4294967296 - 0.5)

/**
 * The order of price-adjusted candidates: mandatory first, then the adjusted priority descending,
 * then action id and channel (the deterministic tie-break of `DualPrices` and `Streaming`).
 */
export const byAdjusted = <T extends { readonly c: Candidate; readonly adjusted: number }>(a: T, b: T): number => {
  const m = (a.c.evaluation === "mandatory" ? 0 : 1) - (b.c.evaluation === "mandatory" ? 0 : 1)
  if (m !== 0) return m
  if (a.adjusted !== b.adjusted) return a.adjusted > b.adjusted ? -1 : 1
  return a.c.actionId < b.c.actionId
    ? -1
    : a.c.actionId > b.c.actionId
      ? 1
      : a.c.channel < b.c.channel
        ? -1
        : a.c.channel > b.c.channel
          ? 1
          : 0
}
