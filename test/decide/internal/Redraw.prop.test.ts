/**
 * The Monte Carlo walk on flat tables is the arbitration walk: with nothing random to re-draw, one
 * draw places every candidate exactly where `Arbitration.arbitrate` places it (slots, mandatory
 * and transactional candidates, group limits, channels per action, contact capacities, ties).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { arbitrate, arbitrateExploring, type Contender, type Limits } from "../../../src/arbitration/Arbitration.js"
import * as Walk from "../../../src/arbitration/internal/Walk.js"
import { allFactors } from "../../../src/arbitration/Priority.js"
import * as Redraw from "../../../src/decide/internal/Redraw.js"
import { fromSeed } from "../../../src/kernel/Random.js"
import { limitsArb, withPlacements } from "../../arbitraries/arbitration.js"
import { contenders } from "../../arbitraries/catalog.js"

const EVALUATION = { default: Walk.DEFAULT, mandatory: Walk.MANDATORY, transactional: Walk.TRANSACTIONAL } as const

const tableOf = (cs: ReadonlyArray<Contender>, policy: Limits, epsilon = 0, walk = fromSeed(1)): Redraw.Table => {
  const n = cs.length
  const slots = policy.slots
  const capacities = policy.capacities ?? []
  const byId = cs
    .map((_, k) => k)
    .sort((x, y) => {
      const a = cs[x] as Contender
      const b = cs[y] as Contender
      return a.actionId < b.actionId
        ? -1
        : a.actionId > b.actionId
          ? 1
          : a.channel < b.channel
            ? -1
            : a.channel > b.channel
              ? 1
              : 0
    })
  const tie = new Int32Array(n)
  byId.forEach((k, r) => (tie[k] = r))
  const actions = [...new Set(cs.map((c) => c.actionId))]
  const groups = [...new Set(cs.map((c) => `${c.issue}/${c.group}`))]
  return {
    n,
    kind: new Uint8Array(n),
    fixed: Float64Array.from(cs, (c) => c.priority),
    alpha: new Float64Array(n),
    beta: new Float64Array(n),
    uniform: new Float64Array(n),
    streams: cs.map(() => fromSeed(0)),
    rescore: () => 0,
    factors: allFactors,
    contextWeight: new Float64Array(n).fill(1),
    value: new Float64Array(n).fill(1),
    lever: new Float64Array(n).fill(1),
    evaluation: Uint8Array.from(cs, (c) => EVALUATION[c.evaluation]),
    minPropensity: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    minPriority: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    tie,
    action: Int32Array.from(cs, (c) => actions.indexOf(c.actionId)),
    group: Int32Array.from(cs, (c) => groups.indexOf(`${c.issue}/${c.group}`)),
    actions: actions.length,
    groups: groups.length,
    fits: Uint8Array.from(
      cs.flatMap((c) =>
        slots.map((s) =>
          s.channel === c.channel && (c.placements === undefined || c.placements.includes(s.name)) ? 1 : 0
        )
      )
    ),
    slots: slots.length,
    slotSize: Int32Array.from(slots, (s) => s.size),
    applies: Uint8Array.from(
      cs.flatMap((c) =>
        capacities.map((cap) =>
          c.evaluation === "default" && (cap.channel === undefined || cap.channel === c.channel) ? 1 : 0
        )
      )
    ),
    capacities: capacities.length,
    remaining: Float64Array.from(capacities, (c) => c.remaining),
    maxPerGroup: policy.maxPerGroup ?? Number.POSITIVE_INFINITY,
    channelsPerAction: policy.channelsPerAction ?? 1,
    epsilon,
    walk
  }
}

describe("Redraw: the flat walk is the arbitration walk", () => {
  it("with fixed propensities, one draw returns every placed candidate at its slot and rank", () => {
    fc.assert(
      fc.property(contenders.chain(withPlacements), limitsArb, (cs, p) => {
        const outcome = arbitrate(cs, p)
        if (outcome.placed.length === 0) return
        const depth = Math.max(...outcome.placed.map((x) => x.rank))
        const actual = new Int32Array(p.slots.length * depth).fill(-1)
        for (const x of outcome.placed) actual[x.slot * depth + x.rank - 1] = x.index
        const targets = outcome.placed.map((x) => ({ slot: x.slot, rank: x.rank, candidate: x.index }))
        const { hits, trials } = Redraw.redraw(tableOf(cs, p), targets, actual, depth, 3)
        expect(Array.from(trials)).toEqual(targets.map(() => 3))
        expect(Array.from(hits)).toEqual(targets.map(() => 3))
      }),
      { numRuns: 500 }
    )
  })

  it("a candidate that is never placed, or placed elsewhere, is never a hit", () => {
    fc.assert(
      fc.property(contenders, limitsArb, (cs, p) => {
        const outcome = arbitrate(cs, p)
        const first = outcome.placed[0]
        if (first === undefined) return
        const depth = first.rank
        const actual = new Int32Array(p.slots.length * depth).fill(-1)
        for (const x of outcome.placed) if (x.rank <= depth) actual[x.slot * depth + x.rank - 1] = x.index
        const others = cs.map((_, k) => k).filter((k) => k !== first.index)
        const { hits } = Redraw.redraw(
          tableOf(cs, p),
          others.map((k) => ({ slot: first.slot, rank: first.rank, candidate: k })),
          actual,
          depth,
          2
        )
        expect(Array.from(hits).every((h) => h === 0)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it("with fixed propensities and ε > 0, one draw of the exploring walk places every candidate where `arbitrateExploring` does from the same generator", () => {
    fc.assert(
      fc.property(
        contenders.chain(withPlacements),
        limitsArb,
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer(),
        (cs, p, epsilon, seed) => {
          const [outcome] = arbitrateExploring(cs, p, epsilon, fromSeed(seed))
          if (outcome.placed.length === 0) return
          const depth = Math.max(...outcome.placed.map((x) => x.rank))
          const actual = new Int32Array(p.slots.length * depth).fill(-1)
          for (const x of outcome.placed) actual[x.slot * depth + x.rank - 1] = x.index
          const targets = outcome.placed.map((x) => ({ slot: x.slot, rank: x.rank, candidate: x.index }))
          const { hits, trials } = Redraw.redraw(tableOf(cs, p, epsilon, fromSeed(seed)), targets, actual, depth, 1)
          expect(Array.from(trials)).toEqual(targets.map(() => 1))
          expect(Array.from(hits)).toEqual(targets.map(() => 1))
        }
      ),
      { numRuns: 300 }
    )
  })
})
