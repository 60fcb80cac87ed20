/**
 * Arbitration proper: from scored candidates (action × channel, with a priority) to what is
 * returned in which slot (a channel, or a placement on a channel) and why each of the others is
 * not. Candidates are walked in ranking order (`Priority.compareRanked`: mandatory first, then
 * priority descending, then action id and channel ascending); each takes the first slot of its
 * channel that its content fits and that has room, unless a limit stops it.
 *
 * - Mandatory candidates bypass ranking and limits: they are placed ahead of the others, take no
 *   room and use no contact capacity (suppression, applied before arbitration, still holds).
 * - Transactional candidates are ranked and take room, but neither use nor are stopped by contact
 *   capacity.
 * - At most `channelsPerAction` channels per action, at most `maxPerGroup` non-mandatory actions
 *   per group in the whole decision, at most `size` non-mandatory candidates per slot.
 *
 * Laws:
 * - Every candidate is either placed or rejected, exactly once.
 * - A slot never holds more than `size` non-mandatory candidates; a capacity is never overdrawn.
 * - Within a slot, ranks are 1, 2, … in ranking order (mandatory first).
 * - The result does not depend on the order of the input candidates.
 * - Raising one candidate's priority never lowers its position among the placed ones.
 *
 * @since 0.1.0
 */
import { nextDouble, nextInt, type Rng } from "../kernel/Random.js"
import { groupKey } from "./ContextWeight.js"
import { compareRanked, type EvaluationClass } from "./Priority.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A candidate as arbitration sees it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Contender {
  readonly actionId: string
  readonly issue: string
  readonly group: string
  readonly channel: string
  readonly evaluation: EvaluationClass
  readonly priority: number
  /** the placements its content fits; absent: any */
  readonly placements?: ReadonlyArray<string>
}

/**
 * Where actions are returned: a channel, or one placement on a channel, with room for `size`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Slot {
  readonly name: string
  readonly channel: string
  readonly size: number
}

/**
 * Remaining contact capacity under one contact limit: on one channel, or across all channels.
 *
 * @category model
 * @since 0.1.0
 */
export interface Capacity {
  readonly id: string
  /** absent: the limit counts contacts on every channel */
  readonly channel?: string
  readonly remaining: number
}

/**
 * What arbitration is asked to do: the slots to fill and the limits that hold across them (group
 * limits, channels per action, contact capacities).
 *
 * @category model
 * @since 0.1.0
 */
export interface Limits {
  readonly slots: ReadonlyArray<Slot>
  /** non-mandatory actions per group in the whole decision (default: no limit) */
  readonly maxPerGroup?: number
  /** channels one action may be returned on (default 1) */
  readonly channelsPerAction?: number
  readonly capacities?: ReadonlyArray<Capacity>
}

/**
 * Why a candidate was not placed.
 *
 * @category model
 * @since 0.1.0
 */
export type Rejection =
  | { readonly _tag: "Outranked"; readonly slot: string; readonly size: number }
  | { readonly _tag: "GroupFull"; readonly group: string; readonly maxPerGroup: number }
  | { readonly _tag: "ActionTaken"; readonly channels: ReadonlyArray<string> }
  | { readonly _tag: "NoPlacement"; readonly placements: ReadonlyArray<string> }
  | { readonly _tag: "ContactLimit"; readonly limit: string; readonly channel?: string }

/**
 * A placed candidate: its index in the input, its slot's index and its rank there (from 1).
 *
 * @category model
 * @since 0.1.0
 */
export interface Placed {
  readonly index: number
  readonly slot: number
  readonly rank: number
}

/**
 * A rejected candidate: its index in the input and why.
 *
 * @category model
 * @since 0.1.0
 */
export interface Rejected {
  readonly index: number
  readonly reason: Rejection
}

/**
 * The outcome: placed candidates by slot order then rank, rejected ones in ranking order.
 *
 * @category model
 * @since 0.1.0
 */
export interface Outcome {
  readonly placed: ReadonlyArray<Placed>
  readonly rejected: ReadonlyArray<Rejected>
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The pipeline stage a rejection belongs to: contact limits are the `limits` stage, the rest is
 * `arbitration`.
 *
 * @category destructors
 * @since 0.1.0
 */
export const stageOf = (rejection: Rejection): "arbitration" | "limits" => (rejection._tag === "ContactLimit" ? "limits" : "arbitration")

/**
 * A total fold over rejections.
 *
 * @category destructors
 * @since 0.1.0
 */
export const matchRejection =
  <B>(cases: { readonly [K in Rejection["_tag"]]: (r: Extract<Rejection, { readonly _tag: K }>) => B }) =>
  (r: Rejection): B => {
    switch (r._tag) {
      case "Outranked":
        return cases.Outranked(r)
      case "GroupFull":
        return cases.GroupFull(r)
      case "ActionTaken":
        return cases.ActionTaken(r)
      case "NoPlacement":
        return cases.NoPlacement(r)
      case "ContactLimit":
        return cases.ContactLimit(r)
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const fits = (contender: Contender, slot: Slot): boolean =>
  slot.channel === contender.channel && (contender.placements === undefined || contender.placements.includes(slot.name))

/** the mutable state of one arbitration: what is placed where, and what room is left */
const makeState = (policy: Limits) => {
  const slots = policy.slots
  const filled = new Array<number>(slots.length).fill(0) // non-mandatory per slot
  const ranks = new Array<number>(slots.length).fill(0) // all placed per slot
  const maxPerGroup = policy.maxPerGroup ?? Number.POSITIVE_INFINITY
  const channelsPerAction = policy.channelsPerAction ?? 1
  const capacities = policy.capacities ?? []
  const remaining = capacities.map((c) => c.remaining)
  const limitsGroups = maxPerGroup !== Number.POSITIVE_INFINITY
  const perGroup = new Map<string, number>()
  const taken = new Map<string, Array<string>>()
  // rejections that depend on the slot only are made once per arbitration (they are immutable)
  const outranked: Array<Rejection | undefined> = new Array<Rejection | undefined>(slots.length)
  /** the slot the contender would take now, or why it cannot be placed */
  const check = (contender: Contender): number | Rejection => {
    const channels = taken.get(contender.actionId)
    if (channels !== undefined && channels.length >= channelsPerAction) return { _tag: "ActionTaken", channels: [...channels] }
    let fitting = -1
    let room = -1
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as Slot
      if (!fits(contender, slot)) continue
      if (fitting < 0) fitting = s
      if (contender.evaluation === "mandatory" || (filled[s] as number) < slot.size) {
        room = s
        break
      }
    }
    if (fitting < 0) return { _tag: "NoPlacement", placements: contender.placements ?? [] }
    if (room < 0) {
      let reason = outranked[fitting]
      if (reason === undefined) {
        const slot = slots[fitting] as Slot
        reason = { _tag: "Outranked", slot: slot.name, size: slot.size }
        outranked[fitting] = reason
      }
      return reason
    }
    if (contender.evaluation === "mandatory") return room
    if (limitsGroups && (perGroup.get(groupKey(contender.issue, contender.group)) ?? 0) >= maxPerGroup) return { _tag: "GroupFull", group: contender.group, maxPerGroup }
    if (contender.evaluation === "default") {
      for (let k = 0; k < capacities.length; k++) {
        const capacity = capacities[k] as Capacity
        if ((capacity.channel === undefined || capacity.channel === contender.channel) && (remaining[k] as number) <= 0) {
          return capacity.channel === undefined ? { _tag: "ContactLimit", limit: capacity.id } : { _tag: "ContactLimit", limit: capacity.id, channel: capacity.channel }
        }
      }
    }
    return room
  }
  /** places a contender in a slot `check` gave; returns its rank there */
  const place = (contender: Contender, room: number): number => {
    if (contender.evaluation !== "mandatory") {
      if (limitsGroups) {
        const g = groupKey(contender.issue, contender.group)
        perGroup.set(g, (perGroup.get(g) ?? 0) + 1)
      }
      filled[room] = (filled[room] as number) + 1
      if (contender.evaluation === "default") {
        for (let k = 0; k < capacities.length; k++) {
          const capacity = capacities[k] as Capacity
          if (capacity.channel === undefined || capacity.channel === contender.channel) remaining[k] = (remaining[k] as number) - 1
        }
      }
    }
    ranks[room] = (ranks[room] as number) + 1
    const channels = taken.get(contender.actionId)
    if (channels === undefined) taken.set(contender.actionId, [contender.channel])
    else channels.push(contender.channel)
    return ranks[room] as number
  }
  return { check, place }
}

const rankingOrder = (contenders: ReadonlyArray<Contender>): Array<number> => {
  const order: Array<number> = new Array<number>(contenders.length)
  for (let i = 0; i < contenders.length; i++) order[i] = i
  order.sort((a, b) => compareRanked(contenders[a] as Contender, contenders[b] as Contender) || a - b)
  return order
}

/**
 * Places candidates into slots under the policy's limits, greedily in ranking order.
 *
 * @example
 * import { Arbitration } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({ actionId, issue: "Sales", group: "Cards", channel: "web", evaluation: "default" as const, priority })
 * const outcome = Arbitration.arbitrate([c("b", 2), c("a", 2), c("c", 5)], { slots: [{ name: "web", channel: "web", size: 2 }] })
 * assert.deepStrictEqual(outcome.placed.map((p) => [p.index, p.rank]), [[2, 1], [1, 2]])
 * assert.deepStrictEqual(outcome.rejected, [{ index: 0, reason: { _tag: "Outranked", slot: "web", size: 2 } }])
 *
 * @category operations
 * @since 0.1.0
 */
export const arbitrate = (contenders: ReadonlyArray<Contender>, policy: Limits): Outcome => {
  const state = makeState(policy)
  const placed: Array<Placed> = []
  const rejected: Array<Rejected> = []
  for (const index of rankingOrder(contenders)) {
    const contender = contenders[index] as Contender
    const room = state.check(contender)
    if (typeof room === "number") placed.push({ index, slot: room, rank: state.place(contender, room) })
    else rejected.push({ index, reason: room })
  }
  placed.sort((a, b) => a.slot - b.slot || a.rank - b.rank)
  return { placed, rejected }
}

/**
 * A placed candidate of an exploring arbitration, with the probability it had of being picked at
 * its step, given the picks before it.
 *
 * @category model
 * @since 0.1.0
 */
export interface PlacedWithProbability extends Placed {
  readonly probability: number
}

/**
 * Arbitration that explores: mandatory candidates first (probability 1), then, step by step, among
 * the candidates that can be placed now (`L`), with probability ε a uniformly random one, else
 * the first in ranking order — so the pick has probability `1 − ε + ε/|L|` (the first) or
 * `ε/|L|` (any other), given the picks before it. ε = 0 is `arbitrate`; ε = 1 is uniform random.
 * Candidates never placed are rejected with the reason that holds once the slots are filled.
 *
 * @example
 * import { Arbitration, Random } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({ actionId, issue: "Sales", group: "Cards", channel: "web", evaluation: "default" as const, priority })
 * const [outcome] = Arbitration.arbitrateExploring([c("a", 4), c("b", 3), c("c", 2), c("d", 1)], { slots: [{ name: "web", channel: "web", size: 1 }] }, 0.4, Random.fromSeed(7))
 * const p = outcome.placed[0]?.probability
 * assert.ok(p === 0.7 || Math.abs((p ?? 0) - 0.1) < 1e-12)
 *
 * @category operations
 * @since 0.1.0
 */
export const arbitrateExploring = (
  contenders: ReadonlyArray<Contender>,
  policy: Limits,
  epsilon: number,
  rng: Rng
): readonly [{ readonly placed: ReadonlyArray<PlacedWithProbability>; readonly rejected: ReadonlyArray<Rejected> }, Rng] => {
  const state = makeState(policy)
  const order = rankingOrder(contenders)
  const decided = new Uint8Array(contenders.length)
  const placed: Array<PlacedWithProbability> = []
  let current = rng
  for (const index of order) {
    const contender = contenders[index] as Contender
    if (contender.evaluation !== "mandatory") continue
    const room = state.check(contender)
    if (typeof room === "number") {
      placed.push({ index, slot: room, rank: state.place(contender, room), probability: 1 })
      decided[index] = 1
    }
  }
  const open: Array<number> = []
  const rooms: Array<number> = []
  for (;;) {
    open.length = 0
    rooms.length = 0
    for (const index of order) {
      if (decided[index] === 1 || (contenders[index] as Contender).evaluation === "mandatory") continue
      const room = state.check(contenders[index] as Contender)
      if (typeof room === "number") {
        open.push(index)
        rooms.push(room)
      }
    }
    if (open.length === 0) break
    const [u, r1] = nextDouble(current)
    current = r1
    let pick = 0
    if (u < epsilon) {
      const [i, r2] = nextInt(current, open.length)
      current = r2
      pick = i
    }
    const index = open[pick] as number
    const probability = (pick === 0 ? 1 - epsilon : 0) + epsilon / open.length
    placed.push({ index, slot: rooms[pick] as number, rank: state.place(contenders[index] as Contender, rooms[pick] as number), probability })
    decided[index] = 1
  }
  const rejected: Array<Rejected> = []
  for (const index of order) {
    if (decided[index] === 1) continue
    const room = state.check(contenders[index] as Contender)
    rejected.push({ index, reason: typeof room === "number" ? { _tag: "Outranked", slot: policy.slots[room]?.name ?? "", size: policy.slots[room]?.size ?? 0 } : room })
  }
  placed.sort((a, b) => a.slot - b.slot || a.rank - b.rank)
  return [{ placed, rejected }, current]
}
