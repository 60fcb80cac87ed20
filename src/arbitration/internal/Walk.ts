/**
 * Internal: the arbitration walk on flat tables — the one implementation behind
 * `Arbitration.arbitrate`, `Arbitration.arbitrateExploring` and the Monte Carlo re-draw of
 * selection probabilities (`decide/internal/Redraw`). Candidates are numbers `0 … n − 1`; what
 * the walk needs of them (evaluation class, action and group numbers, which slots they fit,
 * which contact capacities they use) is in a `Board`; the ranking order is the caller's.
 *
 * The checks, in order: channels per action, a fitting slot with room (mandatory candidates take
 * no room), at most `maxPerGroup` non-mandatory candidates per group, contact capacities (default
 * evaluation only). A failed check is a negative code; `Walker.detail` names the slot or the
 * capacity it concerns.
 *
 * @internal
 * @since 0.1.0
 */
import { nextDouble, nextInt, type Rng } from "../../kernel/Random.js"
import { inverseGapInto } from "../../learners/internal/inverseGap.js"

/** evaluation classes as numbers */
export const DEFAULT = 0
export const MANDATORY = 1
export const TRANSACTIONAL = 2

/** why a candidate cannot be placed now (negative: a room is ≥ 0) */
export const ACTION_TAKEN = -1
export const NO_PLACEMENT = -2
/** `detail()`: the first slot the candidate fits */
export const OUTRANKED = -3
export const GROUP_FULL = -4
/** `detail()`: the capacity used up */
export const CONTACT_LIMIT = -5

/** what the walk knows of `n` candidates, `slots` slots and `capacities` contact capacities */
export interface Board {
  /** DEFAULT, MANDATORY or TRANSACTIONAL per candidate */
  readonly evaluation: Uint8Array
  /** compact action and group numbers */
  readonly action: Int32Array
  readonly group: Int32Array
  readonly actions: number
  readonly groups: number
  /** `fits[k·slots + s]`: candidate k fits slot s */
  readonly fits: Uint8Array
  readonly slots: number
  readonly slotSize: Int32Array
  /** `applies[k·capacities + j]`: candidate k uses capacity j (default evaluation, on its channel) */
  readonly applies: Uint8Array
  readonly capacities: number
  /** the capacities' remaining contacts before the walk */
  readonly remaining: Float64Array
  readonly maxPerGroup: number
  readonly channelsPerAction: number
}

/** what a board is built from: the slots and contact capacities of the limits (structurally `Arbitration.Limits`) */
export interface BoardLimits {
  readonly slots: ReadonlyArray<{ readonly name: string; readonly channel: string; readonly size: number }>
  readonly capacities?: ReadonlyArray<{ readonly channel?: string; readonly remaining: number }>
  readonly maxPerGroup?: number
  readonly channelsPerAction?: number
}

/** how the board reads a candidate of type `C`: its action (any key, equal for channels of one action), group
 * (`issue\u0000group`), channel, placements and evaluation class */
export interface BoardView<C> {
  readonly action: (c: C) => string | number
  readonly group: (c: C) => string
  readonly channel: (c: C) => string
  readonly placements: (c: C) => ReadonlyArray<string> | undefined
  readonly evaluation: (c: C) => "default" | "mandatory" | "transactional"
}

const EVALUATION = { default: DEFAULT, mandatory: MANDATORY, transactional: TRANSACTIONAL } as const

/**
 * The board of `candidates` under `limits`, the one way both the decision (`Arbitration`) and the
 * Monte Carlo re-draw build it. Without a group limit no group numbers are kept (every candidate
 * is in group 0, which no limit stops).
 */
export const boardOf = <C>(candidates: ReadonlyArray<C>, limits: BoardLimits, view: BoardView<C>): Board => {
  const n = candidates.length
  const slots = limits.slots
  const capacities = limits.capacities ?? []
  const evaluation = new Uint8Array(n)
  const action = new Int32Array(n)
  const group = new Int32Array(n)
  const fits = new Uint8Array(n * slots.length)
  const applies = new Uint8Array(n * capacities.length)
  const actions = new Map<string | number, number>()
  const maxPerGroup = limits.maxPerGroup ?? Number.POSITIVE_INFINITY
  const limitsGroups = maxPerGroup !== Number.POSITIVE_INFINITY
  const groups = new Map<string, number>()
  for (let k = 0; k < n; k++) {
    const c = candidates[k] as C
    const e = view.evaluation(c)
    evaluation[k] = EVALUATION[e]
    const ak = view.action(c)
    let an = actions.get(ak)
    if (an === undefined) actions.set(ak, (an = actions.size))
    action[k] = an
    if (limitsGroups) {
      const gk = view.group(c)
      let gn = groups.get(gk)
      if (gn === undefined) groups.set(gk, (gn = groups.size))
      group[k] = gn
    }
    const channel = view.channel(c)
    const placements = view.placements(c)
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as BoardLimits["slots"][number]
      fits[k * slots.length + s] =
        slot.channel === channel && (placements === undefined || placements.includes(slot.name)) ? 1 : 0
    }
    if (e === "default") {
      for (let j = 0; j < capacities.length; j++) {
        const cap = capacities[j] as NonNullable<BoardLimits["capacities"]>[number]
        applies[k * capacities.length + j] = cap.channel === undefined || cap.channel === channel ? 1 : 0
      }
    }
  }
  const slotSize = new Int32Array(slots.length)
  for (let s = 0; s < slots.length; s++) slotSize[s] = (slots[s] as BoardLimits["slots"][number]).size
  const remaining = new Float64Array(capacities.length)
  for (let j = 0; j < capacities.length; j++)
    remaining[j] = (capacities[j] as NonNullable<BoardLimits["capacities"]>[number]).remaining
  return {
    evaluation,
    action,
    group,
    actions: actions.size,
    groups: limitsGroups ? groups.size : 1,
    fits,
    slots: slots.length,
    slotSize,
    applies,
    capacities: capacities.length,
    remaining,
    maxPerGroup,
    channelsPerAction: limits.channelsPerAction ?? 1
  }
}

/** the mutable state of walks over one board; `reset` starts a new walk */
export interface Walker {
  readonly reset: () => void
  /** the slot candidate k would take now, or why not (a negative code) */
  readonly check: (k: number) => number
  /** the slot or capacity the last failed `check` concerns */
  readonly detail: () => number
  /** places candidate k in the slot `check` gave; its rank there (from 1) */
  readonly place: (k: number, room: number) => number
}

/** a walker over `board`; every table it writes is its own, allocated once */
export const walker = (board: Board): Walker => {
  const { evaluation, fits, slots, slotSize, applies, capacities, maxPerGroup, channelsPerAction } = board
  const filled = new Int32Array(slots) // non-mandatory per slot
  const ranks = new Int32Array(slots) // all placed per slot
  const taken = new Int32Array(board.actions)
  const perGroup = new Int32Array(board.groups)
  const remaining = Float64Array.from(board.remaining)
  let detail = -1
  return {
    reset: () => {
      filled.fill(0)
      ranks.fill(0)
      taken.fill(0)
      perGroup.fill(0)
      remaining.set(board.remaining)
    },
    check: (k) => {
      if ((taken[board.action[k] as number] as number) >= channelsPerAction) return ACTION_TAKEN
      const mandatory = evaluation[k] === MANDATORY
      let fitting = -1
      let room = -1
      for (let s = 0; s < slots; s++) {
        if (fits[k * slots + s] === 0) continue
        if (fitting < 0) fitting = s
        if (mandatory || (filled[s] as number) < (slotSize[s] as number)) {
          room = s
          break
        }
      }
      if (fitting < 0) return NO_PLACEMENT
      if (room < 0) {
        detail = fitting
        return OUTRANKED
      }
      if (mandatory) return room
      if ((perGroup[board.group[k] as number] as number) >= maxPerGroup) return GROUP_FULL
      if (evaluation[k] === DEFAULT) {
        for (let j = 0; j < capacities; j++) {
          if (applies[k * capacities + j] === 1 && (remaining[j] as number) <= 0) {
            detail = j
            return CONTACT_LIMIT
          }
        }
      }
      return room
    },
    detail: () => detail,
    place: (k, room) => {
      if (evaluation[k] !== MANDATORY) {
        const g = board.group[k] as number
        perGroup[g] = (perGroup[g] as number) + 1
        filled[room] = (filled[room] as number) + 1
        if (evaluation[k] === DEFAULT)
          for (let j = 0; j < capacities; j++)
            if (applies[k * capacities + j] === 1) remaining[j] = (remaining[j] as number) - 1
      }
      const rank = (ranks[room] as number) + 1
      ranks[room] = rank
      const a = board.action[k] as number
      taken[a] = (taken[a] as number) + 1
      return rank
    }
  }
}

/** what a walk reports: each placement (with its probability given the picks before it) and, greedy only, each
 * rejection */
export interface Report {
  readonly placed: (k: number, room: number, rank: number, probability: number) => void
  readonly rejected: (k: number, code: number) => void
  /** whether the walk may stop now (the placements wanted are made) */
  readonly done: () => boolean
}

/**
 * The greedy walk: candidates in the order `next` gives them (−1: none left), each placed if it
 * can be, until `done()`.
 */
export const greedy = (w: Walker, next: () => number, report: Report): void => {
  while (!report.done()) {
    const k = next()
    if (k < 0) return
    const room = w.check(k)
    if (room >= 0) report.placed(k, room, w.place(k, room), 1)
    else report.rejected(k, room)
  }
}

/**
 * Inverse gap weighting in the walk: at each step, among the candidates that can be placed now
 * (in ranking order, the first the best), each other candidate has probability
 * `max(f, 1 / (|L| + γ·(best − priority)))` and the first the rest (`SelectionPolicy.inverseGap`).
 */
export interface Gap {
  readonly gamma: number
  readonly floor: number
  /** the candidates' priorities */
  readonly priority: ArrayLike<number>
}

/**
 * The exploring walk over the first `m` entries of the ranking `order`: mandatory candidates first
 * (probability 1), then step by step, among the candidates that can be placed now (`L`), with
 * probability ε a uniformly random one, else the first in ranking order — probability
 * `1 − ε + ε/|L|` (the first) or `ε/|L|` (any other); or, with `gap`, by inverse gap weighting
 * over their priorities (one uniform draw per step). `decided` (zeroed, one per candidate),
 * `open` and `rooms` (m entries) are scratch tables; returns the advanced generator.
 */
export const exploring = (
  w: Walker,
  board: Board,
  order: ArrayLike<number>,
  m: number,
  epsilon: number,
  rng: Rng,
  report: Report,
  decided: Uint8Array,
  open: Int32Array,
  rooms: Int32Array,
  gap?: Gap
): Rng => {
  const evaluation = board.evaluation
  const scores = gap === undefined ? undefined : new Float64Array(m)
  const probabilities = gap === undefined ? undefined : new Float64Array(m)
  for (let i = 0; i < m; i++) {
    const k = order[i] as number
    if (evaluation[k] !== MANDATORY) continue
    const room = w.check(k)
    if (room >= 0) {
      report.placed(k, room, w.place(k, room), 1)
      decided[k] = 1
    }
  }
  let current = rng
  while (!report.done()) {
    let count = 0
    for (let i = 0; i < m; i++) {
      const k = order[i] as number
      if (decided[k] === 1 || evaluation[k] === MANDATORY) continue
      const room = w.check(k)
      if (room >= 0) {
        open[count] = k
        rooms[count] = room
        count++
      }
    }
    if (count === 0) break
    const [u, r1] = nextDouble(current)
    current = r1
    let pick = 0
    if (gap !== undefined) {
      const q = scores as Float64Array
      const p = probabilities as Float64Array
      for (let i = 0; i < count; i++) q[i] = gap.priority[open[i] as number] as number
      inverseGapInto(q, count, 0, gap.gamma, gap.floor, p)
      let acc = 0
      pick = -1
      for (let i = 0; i < count && pick < 0; i++) {
        acc += p[i] as number
        if (u < acc && (p[i] as number) > 0) pick = i
      }
      if (pick < 0) pick = 0
      const k = open[pick] as number
      const room = rooms[pick] as number
      report.placed(k, room, w.place(k, room), p[pick] as number)
      decided[k] = 1
      continue
    }
    if (u < epsilon) {
      const [i, r2] = nextInt(current, count)
      current = r2
      pick = i
    }
    const k = open[pick] as number
    const room = rooms[pick] as number
    report.placed(k, room, w.place(k, room), (pick === 0 ? 1 - epsilon : 0) + epsilon / count)
    decided[k] = 1
  }
  return current
}
