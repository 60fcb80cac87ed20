/**
 * The one arbitration walk (`internal/Walk`, behind `Arbitration.arbitrate` and
 * `Arbitration.arbitrateExploring`) equals the object walk it replaced, kept here verbatim as the
 * reference: same placements, same ranks, same rejections with the same reasons, same
 * probabilities and the same generator afterwards, on random contenders and limits.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  arbitrate,
  arbitrateExploring,
  type Capacity,
  type Contender,
  type Limits,
  type Outcome,
  type Placed,
  type PlacedWithProbability,
  type Rejected,
  type Rejection,
  type Slot
} from "../../../src/arbitration/Arbitration.js"
import { groupKey } from "../../../src/arbitration/ContextWeight.js"
import { compareRanked } from "../../../src/arbitration/Priority.js"
import { fromSeed, nextDouble, nextInt, type Rng } from "../../../src/kernel/Random.js"
import { limitsArb, withPlacements } from "../../arbitraries/arbitration.js"
import { contenders } from "../../arbitraries/catalog.js"

// ---- the reference: the object walk of 0.1.0-pre, verbatim ----

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
    if (channels !== undefined && channels.length >= channelsPerAction)
      return { _tag: "ActionTaken", channels: [...channels] }
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
    if (limitsGroups && (perGroup.get(groupKey(contender.issue, contender.group)) ?? 0) >= maxPerGroup)
      return { _tag: "GroupFull", group: contender.group, maxPerGroup }
    if (contender.evaluation === "default") {
      for (let k = 0; k < capacities.length; k++) {
        const capacity = capacities[k] as Capacity
        if (
          (capacity.channel === undefined || capacity.channel === contender.channel) &&
          (remaining[k] as number) <= 0
        ) {
          return capacity.channel === undefined
            ? { _tag: "ContactLimit", limit: capacity.id }
            : { _tag: "ContactLimit", limit: capacity.id, channel: capacity.channel }
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
          if (capacity.channel === undefined || capacity.channel === contender.channel)
            remaining[k] = (remaining[k] as number) - 1
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

const referenceArbitrate = (contenders: ReadonlyArray<Contender>, policy: Limits): Outcome => {
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

const referenceExploring = (
  contenders: ReadonlyArray<Contender>,
  policy: Limits,
  epsilon: number,
  rng: Rng
): readonly [
  { readonly placed: ReadonlyArray<PlacedWithProbability>; readonly rejected: ReadonlyArray<Rejected> },
  Rng
] => {
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
    placed.push({
      index,
      slot: rooms[pick] as number,
      rank: state.place(contenders[index] as Contender, rooms[pick] as number),
      probability
    })
    decided[index] = 1
  }
  const rejected: Array<Rejected> = []
  for (const index of order) {
    if (decided[index] === 1) continue
    const room = state.check(contenders[index] as Contender)
    rejected.push({
      index,
      reason:
        typeof room === "number"
          ? { _tag: "Outranked", slot: policy.slots[room]?.name ?? "", size: policy.slots[room]?.size ?? 0 }
          : room
    })
  }
  placed.sort((a, b) => a.slot - b.slot || a.rank - b.rank)
  return [{ placed, rejected }, current]
}

// ---- the properties ----

describe("Walk: the flat walk is the object walk", () => {
  it("arbitrate equals the reference (placements, ranks, rejections and reasons)", () => {
    fc.assert(
      fc.property(contenders.chain(withPlacements), limitsArb, (cs, limits) => {
        expect(arbitrate(cs, limits)).toEqual(referenceArbitrate(cs, limits))
      }),
      { numRuns: 1000 }
    )
  })

  it("arbitrateExploring equals the reference (and leaves the generator where the reference does)", () => {
    fc.assert(
      fc.property(
        contenders.chain(withPlacements),
        limitsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (cs, limits, epsilon, seed) => {
          const [actual, r1] = arbitrateExploring(cs, limits, epsilon, fromSeed(seed))
          const [expected, r2] = referenceExploring(cs, limits, epsilon, fromSeed(seed))
          expect(actual).toEqual(expected)
          expect(nextDouble(r1)[0]).toBe(nextDouble(r2)[0])
        }
      ),
      { numRuns: 1000 }
    )
  })
})
