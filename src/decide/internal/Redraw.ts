/**
 * Internal: the Monte Carlo estimate of selection probabilities, on flat tables. Each draw
 * re-draws only what was random in the decision — the exploration of every candidate that reached
 * the propensity stage (a Beta draw from the distribution its learner reported, a uniform draw in
 * the control group, or, for a learner that reports no distribution, a new score) — and re-runs
 * only the cheap part of the pipeline: thresholds, priority and the arbitration walk. No rules, no
 * model scoring (except the fallback), no trace; typed arrays allocated once per call.
 *
 * The walk is the one of `Arbitration.arbitrate` (greedy) and `Arbitration.arbitrateExploring`
 * (ε > 0) — the same code, `arbitration/internal/Walk` — and the priority the one of
 * `Priority.priority`; the ranking is by mandatory first, priority descending, then the static
 * tie-break rank (action id, channel). A greedy walk stops as soon as every slot holds the ranks
 * the estimate needs.
 *
 * Every candidate draws from its own stream, derived from the decision's generator and its model
 * key, so the estimate does not depend on the order of the catalog.
 *
 * @internal
 * @since 0.1.0
 */
import { exploring, greedy, MANDATORY, walker, type Board, type Report } from "../../arbitration/internal/Walk.js"
import { priority as priorityOf, type Factors } from "../../arbitration/Priority.js"
import { beta as betaDraw } from "../../kernel/Distributions.js"
import { nextDouble, split, type Rng } from "../../kernel/Random.js"

/** how a candidate's propensity is re-drawn */
export const FIXED = 0
export const BETA = 1
export const UNIFORM = 2
export const RESCORE = 3

/** everything one estimate needs, flat; `n` candidates on the walk's board */
export interface Table extends Board {
  readonly n: number
  /** FIXED, BETA, UNIFORM or RESCORE per candidate */
  readonly kind: Uint8Array
  /** the propensity of a FIXED candidate */
  readonly fixed: Float64Array
  /** the Beta shapes of a BETA candidate */
  readonly alpha: Float64Array
  readonly beta: Float64Array
  /** the weight of a uniform draw mixed with a BETA candidate's Beta (`Score.exploration.uniform`; 0 for none) */
  readonly uniform: Float64Array
  /** one stream per candidate (advanced in place: the caller's array is a scratch copy) */
  readonly streams: Array<Rng>
  /** the explored propensity of a RESCORE candidate from a fresh stream, in [0, 1] */
  readonly rescore: (k: number, rng: Rng) => number
  /** the factors of the priority */
  readonly factors: Factors
  /** C, V and L of each candidate */
  readonly contextWeight: Float64Array
  readonly value: Float64Array
  readonly lever: Float64Array
  /** thresholds (−∞ when none) */
  readonly minPropensity: Float64Array
  readonly minPriority: Float64Array
  /** rank in (action id, channel) order: the tie-break */
  readonly tie: Int32Array
  readonly epsilon: number
  /** inverse gap weighting instead of ε (the walk reads the drawn priorities) */
  readonly gap?: { readonly gamma: number; readonly floor: number } | undefined
  /** the ε-walk's stream */
  readonly walk: Rng
}

/** one returned action whose probability is estimated: its slot, rank and candidate */
export interface Target {
  readonly slot: number
  readonly rank: number
  readonly candidate: number
}

const clamp = (x: number): number => (x >= 0 ? (x <= 1 ? x : 1) : 0)

/**
 * Re-draws `draws` times; per target, the draws whose slot prefix (the ranks above it) matches the
 * actual one (`trials`) and among them those that return the target's candidate at its rank
 * (`hits`). `actual[s·depth + r]` is the candidate actually at rank r + 1 of slot s.
 */
export const redraw = (
  table: Table,
  targets: ReadonlyArray<Target>,
  actual: Int32Array,
  depth: number,
  draws: number
): { readonly hits: Float64Array; readonly trials: Float64Array } => {
  const {
    n,
    kind,
    fixed,
    alpha,
    beta,
    uniform,
    streams,
    contextWeight,
    value,
    lever,
    evaluation,
    minPropensity,
    minPriority,
    tie,
    slots
  } = table
  const priorityFor = priorityOf(table.factors)
  const hits = new Float64Array(targets.length)
  const trials = new Float64Array(targets.length)
  const priority = new Float64Array(n)
  const alive = new Uint8Array(n)
  const visited = new Uint8Array(n)
  const drawn = new Int32Array(slots * depth)
  const need = new Int32Array(slots)
  for (const t of targets) if (t.rank > (need[t.slot] as number)) need[t.slot] = t.rank
  let needed = 0
  for (let s = 0; s < slots; s++) if ((need[s] as number) > 0) needed++
  const order = new Int32Array(n)
  const open = new Int32Array(n)
  const rooms = new Int32Array(n)
  const w = walker(table)
  let walk = table.walk
  const gap = table.gap === undefined ? undefined : { gamma: table.gap.gamma, floor: table.gap.floor, priority }

  /** ranking order: mandatory first, priority descending, tie-break ascending */
  const before = (a: number, b: number): boolean => {
    const ma = evaluation[a] === MANDATORY
    const mb = evaluation[b] === MANDATORY
    if (ma !== mb) return ma
    const pa = priority[a] as number
    const pb = priority[b] as number
    if (pa !== pb) return pa > pb
    return (tie[a] as number) < (tie[b] as number)
  }
  /** the next best unvisited candidate (the greedy walk's order, found step by step), or −1 */
  const next = (): number => {
    let best = -1
    for (let k = 0; k < n; k++) if (alive[k] === 1 && visited[k] === 0 && (best < 0 || before(k, best))) best = k
    if (best >= 0) visited[best] = 1
    return best
  }
  /** notes the needed ranks a placement fills; counts the slots whose needed ranks are all filled */
  let pending = 0
  const report: Report = {
    placed: (k, room, rank) => {
      const want = need[room] as number
      if (rank <= want) {
        drawn[room * depth + rank - 1] = k
        if (rank === want) pending--
      }
    },
    rejected: () => undefined,
    done: () => pending <= 0
  }

  for (let d = 0; d < draws; d++) {
    // 1. propensities, thresholds, priorities
    for (let k = 0; k < n; k++) {
      let p: number
      switch (kind[k]) {
        case BETA: {
          let r = betaDraw(streams[k] as Rng, alpha[k] as number, beta[k] as number)
          const w = uniform[k] as number
          if (w > 0) {
            // the learner's mixture, drawn in its order: the Beta, then whether to draw uniformly instead
            const [u, next] = nextDouble(r[1])
            r = u < w ? nextDouble(next) : [r[0], next]
          }
          streams[k] = r[1]
          p = clamp(r[0])
          break
        }
        case UNIFORM: {
          const r = nextDouble(streams[k] as Rng)
          streams[k] = r[1]
          p = r[0]
          break
        }
        case RESCORE: {
          const [next, child] = split(streams[k] as Rng)
          streams[k] = next
          p = table.rescore(k, child)
          break
        }
        default:
          p = fixed[k] as number
      }
      const q = priorityFor(p, contextWeight[k] as number, value[k] as number, lever[k] as number)
      priority[k] = q
      alive[k] =
        evaluation[k] === MANDATORY || (!(p < (minPropensity[k] as number)) && !(q < (minPriority[k] as number)))
          ? 1
          : 0
    }
    // 2. the walk
    w.reset()
    drawn.fill(-1)
    pending = needed
    visited.fill(0)
    if (table.epsilon === 0 && gap === undefined) greedy(w, next, report)
    else {
      // the ranking of the candidates still in, by insertion
      let m = 0
      for (let k = 0; k < n; k++) {
        if (alive[k] === 0) continue
        let i = m++
        while (i > 0 && before(k, order[i - 1] as number)) {
          order[i] = order[i - 1] as number
          i--
        }
        order[i] = k
      }
      walk = exploring(w, table, order, m, table.epsilon, walk, report, visited, open, rooms, gap)
    }
    // 3. count
    for (let t = 0; t < targets.length; t++) {
      const target = targets[t] as Target
      const base = target.slot * depth
      let same = true
      for (let r = 0; r < target.rank - 1; r++) {
        if (drawn[base + r] !== actual[base + r]) {
          same = false
          break
        }
      }
      if (!same) continue
      trials[t] = (trials[t] as number) + 1
      if (drawn[base + target.rank - 1] === target.candidate) hits[t] = (hits[t] as number) + 1
    }
  }
  return { hits, trials }
}
