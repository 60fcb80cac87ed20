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
import type { Rng } from "../kernel/Random.js"
import { groupKey } from "./ContextWeight.js"
import {
  ACTION_TAKEN,
  boardOf,
  exploring,
  greedy,
  GROUP_FULL,
  NO_PLACEMENT,
  OUTRANKED,
  walker,
  type BoardView
} from "./internal/Walk.js"
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
export const stageOf = (rejection: Rejection): "arbitration" | "limits" =>
  rejection._tag === "ContactLimit" ? "limits" : "arbitration"

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

/** how the board reads a contender (see `internal/Walk`) */
const CONTENDER: BoardView<Contender> = {
  action: (c) => c.actionId,
  group: (c) => groupKey(c.issue, c.group),
  channel: (c) => c.channel,
  placements: (c) => c.placements,
  evaluation: (c) => c.evaluation
}

/** one walk of the contenders: the walker, and the reasons of its failed checks */
const walkOf = (contenders: ReadonlyArray<Contender>, limits: Limits) => {
  const board = boardOf(contenders, limits, CONTENDER)
  const w = walker(board)
  // the channels each action is placed on, in placing order
  const taken: Array<Array<string> | undefined> = new Array<Array<string> | undefined>(board.actions)
  // rejections that depend on the slot only are made once per arbitration (they are immutable)
  const outranked: Array<Rejection | undefined> = new Array<Rejection | undefined>(limits.slots.length)
  /** notes that candidate k is placed */
  const took = (k: number): void => {
    const a = board.action[k] as number
    const channel = (contenders[k] as Contender).channel
    const channels = taken[a]
    if (channels === undefined) taken[a] = [channel]
    else channels.push(channel)
  }
  const reason = (k: number, code: number): Rejection => {
    const contender = contenders[k] as Contender
    switch (code) {
      case ACTION_TAKEN:
        return { _tag: "ActionTaken", channels: [...(taken[board.action[k] as number] ?? [])] }
      case NO_PLACEMENT:
        return { _tag: "NoPlacement", placements: contender.placements ?? [] }
      case OUTRANKED: {
        const s = w.detail()
        let r = outranked[s]
        if (r === undefined) {
          const slot = limits.slots[s] as Slot
          r = { _tag: "Outranked", slot: slot.name, size: slot.size }
          outranked[s] = r
        }
        return r
      }
      case GROUP_FULL:
        return { _tag: "GroupFull", group: contender.group, maxPerGroup: board.maxPerGroup }
      default: {
        const capacity = (limits.capacities ?? [])[w.detail()] as Capacity
        return capacity.channel === undefined
          ? { _tag: "ContactLimit", limit: capacity.id }
          : { _tag: "ContactLimit", limit: capacity.id, channel: capacity.channel }
      }
    }
  }
  return { board, w, took, reason }
}

const NEVER = (): boolean => false

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
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "web",
 *   evaluation: "default" as const,
 *   priority
 * })
 * const outcome = Arbitration.arbitrate([c("b", 2), c("a", 2), c("c", 5)], {
 *   slots: [{ name: "web", channel: "web", size: 2 }]
 * })
 * assert.deepStrictEqual(
 *   outcome.placed.map((p) => [p.index, p.rank]),
 *   [
 *     [2, 1],
 *     [1, 2]
 *   ]
 * )
 * assert.deepStrictEqual(outcome.rejected, [{ index: 0, reason: { _tag: "Outranked", slot: "web", size: 2 } }])
 *
 * @category operations
 * @since 0.1.0
 */
export const arbitrate = (contenders: ReadonlyArray<Contender>, limits: Limits): Outcome => {
  const { w, took, reason } = walkOf(contenders, limits)
  const order = rankingOrder(contenders)
  const placed: Array<Placed> = []
  const rejected: Array<Rejected> = []
  let i = 0
  greedy(w, () => (i < order.length ? (order[i++] as number) : -1), {
    placed: (index, slot, rank) => {
      took(index)
      placed.push({ index, slot, rank })
    },
    rejected: (index, code) => rejected.push({ index, reason: reason(index, code) }),
    done: NEVER
  })
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
 * Given `{ gamma, floor }` instead of ε, each step picks by inverse gap weighting over the
 * priorities of `L` (`SelectionPolicy.inverseGap`): the first in ranking order is the best, each
 * other has probability `max(floor, 1 / (|L| + γ·(best − priority)))`.
 * Candidates never placed are rejected with the reason that holds once the slots are filled.
 *
 * @example
 * import { Arbitration, Random } from "nextbest"
 * import * as assert from "node:assert"
 * const c = (actionId: string, priority: number) => ({
 *   actionId,
 *   issue: "Sales",
 *   group: "Cards",
 *   channel: "web",
 *   evaluation: "default" as const,
 *   priority
 * })
 * const [outcome] = Arbitration.arbitrateExploring(
 *   [c("a", 4), c("b", 3), c("c", 2), c("d", 1)],
 *   { slots: [{ name: "web", channel: "web", size: 1 }] },
 *   0.4,
 *   Random.fromSeed(7)
 * )
 * const p = outcome.placed[0]?.probability
 * assert.ok(p === 0.7 || Math.abs((p ?? 0) - 0.1) < 1e-12)
 *
 * @category operations
 * @since 0.1.0
 */
export const arbitrateExploring = (
  contenders: ReadonlyArray<Contender>,
  limits: Limits,
  epsilon: number | { readonly gamma: number; readonly floor?: number },
  rng: Rng
): readonly [
  { readonly placed: ReadonlyArray<PlacedWithProbability>; readonly rejected: ReadonlyArray<Rejected> },
  Rng
] => {
  const { board, w, took, reason } = walkOf(contenders, limits)
  const order = rankingOrder(contenders)
  const n = contenders.length
  const decided = new Uint8Array(n)
  const placed: Array<PlacedWithProbability> = []
  const report = {
    placed: (index: number, slot: number, rank: number, probability: number) => {
      took(index)
      placed.push({ index, slot, rank, probability })
    },
    rejected: () => undefined,
    done: NEVER
  }
  const gap =
    typeof epsilon === "number"
      ? undefined
      : { gamma: epsilon.gamma, floor: epsilon.floor ?? 0, priority: contenders.map((c) => c.priority) }
  const current = exploring(
    w,
    board,
    order,
    n,
    typeof epsilon === "number" ? epsilon : 0,
    rng,
    report,
    decided,
    new Int32Array(n),
    new Int32Array(n),
    gap
  )
  const rejected: Array<Rejected> = []
  for (const index of order) {
    if (decided[index] === 1) continue
    const room = w.check(index)
    rejected.push({
      index,
      reason:
        room >= 0
          ? { _tag: "Outranked", slot: limits.slots[room]?.name ?? "", size: limits.slots[room]?.size ?? 0 }
          : reason(index, room)
    })
  }
  placed.sort((a, b) => a.slot - b.slot || a.rank - b.rank)
  return [{ placed, rejected }, current]
}
