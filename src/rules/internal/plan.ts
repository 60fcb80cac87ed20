/**
 * @internal
 *
 * The hot path of `Rule.compileAll`: many rules checked together against one set of facts.
 *
 * A plan has three parts. Lookups: each distinct fact path the rules name is read once per call
 * (with the same exact own-property lookup as `Rule.compile`) into a slot. Rows: the conditions of
 * every rule that is a conjunction of conditions, as rows of a few typed columns that mark the
 * rules that fail: one-sided number ranges (`gte`, `lt`, …) sorted by bound, so that one binary
 * search per fact splits them into those that hold and those that fail; memberships and
 * equalities grouped by fact, so that one `Map` lookup finds the lists that hold the value; and
 * presence and two-sided ranges checked row by row. Closures: whatever is not a row (text,
 * date-time and fact-to-fact conditions, nested connectives) runs as a compiled closure on the
 * facts, and only for a rule that no row has failed yet.
 *
 * Laws (checked with fast-check in test/rules):
 * - `evaluator(plan)(f, now)` lists, in increasing order, exactly the rules `i` for which every
 *   row and every closure of rule `i` holds and `i` is not in `never`;
 * - each row holds exactly when the condition it was made from does under `Rule.evaluate`.
 *
 * The evaluator reuses one scratch buffer between calls when no other call is running (a fact's
 * own getter may call the same evaluator again; that call gets a buffer of its own), so the reuse
 * is unobservable.
 *
 * @since 0.1.0
 */
import type { Instant } from "../../kernel/Time.js"
import type { Closure } from "./closures.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A number range on one slot: the slot is a number above `lo` and below `hi` (bounds open or
 * closed), or — when `negated` — it is not.
 *
 * @category model
 * @since 0.1.0
 */
export interface RangeRow {
  readonly rule: number
  readonly slot: number
  readonly lo: number
  readonly loOpen: boolean
  readonly hi: number
  readonly hiOpen: boolean
  readonly negated: boolean
}

/**
 * The slot is present (neither `undefined` nor `null`) when `exists`, missing otherwise.
 *
 * @category model
 * @since 0.1.0
 */
export interface PresenceRow {
  readonly rule: number
  readonly slot: number
  readonly exists: boolean
}

/**
 * `in` (the slot is one of `values`) or `notIn` (a present scalar that is none of them); reversed
 * when `negated`. The values hold no NaN. (`eq k` is `in [k]` and `neq k` is `notIn [k]`.)
 *
 * @category model
 * @since 0.1.0
 */
export interface MemberRow {
  readonly rule: number
  readonly slot: number
  readonly values: ReadonlyArray<unknown>
  readonly notIn: boolean
  readonly negated: boolean
}

/**
 * A condition of a rule that is not a row, as a closure on the facts.
 *
 * @category model
 * @since 0.1.0
 */
export interface ClosureRow {
  readonly rule: number
  readonly check: Closure
}

/**
 * How to check `rules` rules together.
 *
 * @category model
 * @since 0.1.0
 */
export interface Plan {
  readonly rules: number
  readonly lookups: ReadonlyArray<(facts: unknown) => unknown>
  readonly never: ReadonlyArray<number>
  readonly ranges: ReadonlyArray<RangeRow>
  readonly presences: ReadonlyArray<PresenceRow>
  readonly members: ReadonlyArray<MemberRow>
  readonly closures: ReadonlyArray<ClosureRow>
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/** rules per block: a block's failure sets are bit masks of BLOCK / 32 words */
const BLOCK = 256

const isScalar = (v: unknown): boolean =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && v === v)

const groupBySlot = <A extends { readonly slot: number }>(
  rows: ReadonlyArray<A>
): ReadonlyArray<readonly [number, ReadonlyArray<A>]> => {
  const groups = new Map<number, Array<A>>()
  for (const row of rows) {
    const group = groups.get(row.slot)
    if (group === undefined) groups.set(row.slot, [row])
    else group.push(row)
  }
  return [...groups]
}

/**
 * The number ranges on one slot. Their distinct bounds `b₀ < … < b_{d-1}` cut the numbers into
 * `2d + 1` regions — below `b₀`, at `b₀`, between `b₀` and `b₁`, … above `b_{d-1}` — on each of
 * which every range either holds or fails; `masks` holds, region by region, the set of rules that
 * fail there, then the set that fails when the slot is not a number (or is NaN).
 */
interface RangeGroup {
  readonly slot: number
  readonly bounds: Float64Array
  /** offset of region 0's mask in the block's masks */
  readonly offset: number
}

/** The memberships (and equalities) on one slot: the set of rules that fail, by value. */
interface MemberGroup {
  readonly slot: number
  /** offset of the mask for each value that some list holds */
  readonly byValue: ReadonlyMap<unknown, number>
  /** offset of the mask for a scalar that no list holds */
  readonly otherScalar: number
  /** offset of the mask for anything that is not a scalar */
  readonly notScalar: number
}

/** The presence conditions on one slot: the rules that fail when it is present, and when missing. */
interface PresenceGroup {
  readonly slot: number
  readonly present: number
  readonly missing: number
}

/** Up to BLOCK consecutive rules, their failure sets as bit masks over the block's rules. */
interface Block {
  /** the position of the block's first rule */
  readonly first: number
  readonly size: number
  readonly words: number
  readonly masks: Int32Array
  /** the rules that never hold */
  readonly never: number
  readonly ranges: ReadonlyArray<RangeGroup>
  readonly members: ReadonlyArray<MemberGroup>
  readonly presences: ReadonlyArray<PresenceGroup>
  readonly closureRule: Int32Array
  readonly closureCheck: ReadonlyArray<Closure>
}

/** whether a range holds on a region: an open interval between two bounds (or ±∞), or a bound itself */
const rangeHoldsBetween = (row: RangeRow, below: number, above: number): boolean =>
  (row.lo <= below && above <= row.hi) !== row.negated

const rangeHoldsAt = (row: RangeRow, b: number): boolean =>
  ((row.loOpen ? b > row.lo : b >= row.lo) && (row.hiOpen ? b < row.hi : b <= row.hi)) !== row.negated

/** the first position whose bound is ≥ v (bounds sorted ascending, v not NaN) */
const lowerBound = (bounds: Float64Array, v: number): number => {
  let lo = 0
  let hi = bounds.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((bounds[mid] as number) < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The failure masks of one block, appended to one array. A mask is built by counting, rule by
 * rule, the rows that fail: a rule's bit is set while its count is positive, so that a mask can
 * be derived from the previous one by updating only the rows whose outcome changes — building
 * takes time and space linear in the rows, the values and the regions, times the block's words.
 */
interface Masks {
  /** adds `delta` failing rows to `rule` */
  readonly count: (rule: number, delta: number) => void
  /** appends the current mask; returns its offset */
  readonly emit: () => number
  /** clears the counts (and the current mask) */
  readonly reset: () => void
  readonly build: () => Int32Array
}

const masks = (first: number, size: number, words: number): Masks => {
  const counts = new Int32Array(size)
  const current = new Int32Array(words)
  const chunks: Array<Int32Array> = []
  return {
    count: (rule, delta) => {
      const i = rule - first
      const before = counts[i] as number
      const after = before + delta
      counts[i] = after
      if (before > 0 !== after > 0) current[i >>> 5] = (current[i >>> 5] as number) ^ (1 << (i & 31))
    },
    emit: () => {
      chunks.push(current.slice())
      return (chunks.length - 1) * words
    },
    reset: () => {
      counts.fill(0)
      current.fill(0)
    },
    build: () => {
      const all = new Int32Array(chunks.length * words)
      chunks.forEach((chunk, i) => all.set(chunk, i * words))
      return all
    }
  }
}

/** the number ranges on one slot: a mask per region, swept from below the lowest bound upwards */
const rangeGroup = (m: Masks, slot: number, rows: ReadonlyArray<RangeRow>): RangeGroup => {
  const bounds = Float64Array.from(
    new Set(rows.flatMap((row) => [row.lo, row.hi]).filter((b) => Number.isFinite(b)))
  ).sort()
  // the rows whose outcome can change at a bound: those with that bound
  const touching = new Map<number, Array<number>>()
  rows.forEach((row, j) => {
    for (const b of row.lo === row.hi ? [row.lo] : [row.lo, row.hi]) {
      if (!Number.isFinite(b)) continue
      const list = touching.get(b)
      if (list === undefined) touching.set(b, [j])
      else list.push(j)
    }
  })
  const failing = new Uint8Array(rows.length)
  const update = (j: number, fails: boolean): void => {
    if (fails !== (failing[j] === 1)) {
      failing[j] = fails ? 1 : 0
      m.count((rows[j] as RangeRow).rule, fails ? 1 : -1)
    }
  }
  m.reset()
  const lowest = bounds.length > 0 ? (bounds[0] as number) : Number.POSITIVE_INFINITY
  rows.forEach((row, j) => update(j, !rangeHoldsBetween(row, Number.NEGATIVE_INFINITY, lowest)))
  const offset = m.emit()
  bounds.forEach((b, i) => {
    const changing = touching.get(b) ?? []
    for (const j of changing) update(j, !rangeHoldsAt(rows[j] as RangeRow, b))
    m.emit()
    const next = i + 1 < bounds.length ? (bounds[i + 1] as number) : Number.POSITIVE_INFINITY
    for (const j of changing) update(j, !rangeHoldsBetween(rows[j] as RangeRow, b, next))
    m.emit()
  })
  m.reset()
  for (const row of rows) if (!row.negated) m.count(row.rule, 1)
  m.emit()
  return { slot, bounds, offset }
}

/** the memberships on one slot: a mask per value some list holds, one for other scalars, one for the rest */
const memberGroup = (m: Masks, slot: number, rows: ReadonlyArray<MemberRow>): MemberGroup => {
  // in: holds when found; notIn: when a scalar not found; negation swaps, and a non-scalar then holds
  const holdsFound = rows.map((row) => !row.notIn !== row.negated)
  const holding = new Map<unknown, Array<number>>()
  rows.forEach((row, j) => {
    for (const value of new Set(row.values)) {
      const list = holding.get(value)
      if (list === undefined) holding.set(value, [j])
      else list.push(j)
    }
  })
  m.reset()
  for (const row of rows) if (!row.negated) m.count(row.rule, 1)
  const notScalar = m.emit()
  m.reset()
  rows.forEach((row, j) => {
    if (holdsFound[j] === true) m.count(row.rule, 1)
  })
  const otherScalar = m.emit()
  const byValue = new Map<unknown, number>()
  for (const [value, list] of holding) {
    for (const j of list) m.count((rows[j] as MemberRow).rule, holdsFound[j] === true ? -1 : 1)
    byValue.set(value, m.emit())
    for (const j of list) m.count((rows[j] as MemberRow).rule, holdsFound[j] === true ? 1 : -1)
  }
  return { slot, byValue, otherScalar, notScalar }
}

/** the presence conditions on one slot */
const presenceGroup = (m: Masks, slot: number, rows: ReadonlyArray<PresenceRow>): PresenceGroup => {
  m.reset()
  for (const row of rows) if (!row.exists) m.count(row.rule, 1)
  const present = m.emit()
  m.reset()
  for (const row of rows) if (row.exists) m.count(row.rule, 1)
  return { slot, present, missing: m.emit() }
}

/** builds one block */
const block = (plan: Plan, first: number, size: number): Block => {
  const words = (size + 31) >>> 5
  const inBlock = (row: { readonly rule: number }): boolean => row.rule >= first && row.rule < first + size
  const m = masks(first, size, words)
  for (const rule of plan.never) if (inBlock({ rule })) m.count(rule, 1)
  const never = m.emit()
  const ranges = groupBySlot(plan.ranges.filter(inBlock)).map(([slot, rows]) => rangeGroup(m, slot, rows))
  const members = groupBySlot(plan.members.filter(inBlock)).map(([slot, rows]) => memberGroup(m, slot, rows))
  const presences = groupBySlot(plan.presences.filter(inBlock)).map(([slot, rows]) => presenceGroup(m, slot, rows))
  const closures = plan.closures.filter(inBlock)
  return {
    first,
    size,
    words,
    masks: m.build(),
    never,
    ranges,
    members,
    presences,
    closureRule: Int32Array.from(closures, (c) => c.rule - first),
    closureCheck: closures.map((c) => c.check)
  }
}

/**
 * The evaluator of a plan: the positions, in increasing order, of the rules that hold.
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluator = (plan: Plan): ((facts: unknown, now: Instant | undefined) => ReadonlyArray<number>) => {
  const lookups = plan.lookups.slice()
  const slotCount = lookups.length
  const blocks: Array<Block> = []
  for (let first = 0; first < plan.rules; first += BLOCK)
    blocks.push(block(plan, first, Math.min(BLOCK, plan.rules - first)))
  const words = (BLOCK + 31) >>> 5
  let idle: Int32Array | null = new Int32Array(words)

  return (facts, now) => {
    const slots: Array<unknown> = new Array(slotCount)
    for (let j = 0; j < slotCount; j++) slots[j] = (lookups[j] as (facts: unknown) => unknown)(facts)

    // the failure bits of one block at a time; reused across calls unless a call is already running
    const failed = idle ?? new Int32Array(words)
    const mine = idle === failed
    idle = null
    try {
      const out: Array<number> = []
      for (let b = 0; b < blocks.length; b++) {
        const blk = blocks[b] as Block
        const masks = blk.masks
        const w = blk.words
        for (let k = 0; k < w; k++) failed[k] = masks[blk.never + k] as number

        const ranges = blk.ranges
        for (let g = 0; g < ranges.length; g++) {
          const group = ranges[g] as RangeGroup
          const v = slots[group.slot]
          const bounds = group.bounds
          let region = 2 * bounds.length + 1 // not a number
          if (typeof v === "number" && v === v) {
            const i = lowerBound(bounds, v)
            region = i < bounds.length && bounds[i] === v ? 2 * i + 1 : 2 * i
          }
          const offset = group.offset + region * w
          for (let k = 0; k < w; k++) failed[k] = (failed[k] as number) | (masks[offset + k] as number)
        }

        const members = blk.members
        for (let g = 0; g < members.length; g++) {
          const group = members[g] as MemberGroup
          const v = slots[group.slot]
          const offset = isScalar(v) ? (group.byValue.get(v) ?? group.otherScalar) : group.notScalar
          for (let k = 0; k < w; k++) failed[k] = (failed[k] as number) | (masks[offset + k] as number)
        }

        const presences = blk.presences
        for (let g = 0; g < presences.length; g++) {
          const group = presences[g] as PresenceGroup
          const v = slots[group.slot]
          const offset = v !== undefined && v !== null ? group.present : group.missing
          for (let k = 0; k < w; k++) failed[k] = (failed[k] as number) | (masks[offset + k] as number)
        }

        const closureRule = blk.closureRule
        const closureCheck = blk.closureCheck
        for (let j = 0; j < closureRule.length; j++) {
          const r = closureRule[j] as number
          const bit = 1 << (r & 31)
          if (((failed[r >>> 5] as number) & bit) === 0 && !(closureCheck[j] as Closure)(facts, now))
            failed[r >>> 5] = (failed[r >>> 5] as number) | bit
        }

        for (let k = 0; k < w; k++) {
          const base = blk.first + (k << 5)
          let holding = ~(failed[k] as number)
          if (k === w - 1 && (blk.size & 31) !== 0) holding &= (1 << (blk.size & 31)) - 1
          while (holding !== 0) {
            const low = holding & -holding
            out.push(base + 31 - Math.clz32(low))
            holding ^= low
          }
        }
      }
      return out
    } finally {
      if (mine) idle = failed
    }
  }
}
