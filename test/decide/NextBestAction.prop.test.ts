/**
 * The arbitration invariants of nextBestAction, on random catalogs and requests (fixed-score
 * learner, control group off, so that every decision is deterministic given its seed).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Spec as CatalogSpec } from "../../src/catalog/Catalog.js"
import type { Choice, Decision } from "../../src/decide/Decision.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import type { Request } from "../../src/decide/Request.js"
import * as R from "../../src/rules/Rule.js"
import { modelsOf, mustCompile, scenario, type Scenario } from "../arbitraries/catalog.js"

const decide = (s: Scenario, spec: CatalogSpec = s.spec, request: Request = s.request): Decision =>
  nextBestAction(mustCompile(spec), s.models, request)
const runs = { numRuns: 300 }
const key = (actionId: string, channel: string | undefined): string => `${actionId}@${channel ?? "*"}`
const bySlot = (d: Decision): Map<string, Array<Choice>> => {
  const m = new Map<string, Array<Choice>>()
  for (const c of d.actions) m.set(c.slot, [...(m.get(c.slot) ?? []), c])
  return m
}
const ranking = (d: Decision): Array<string> => d.actions.map((c) => `${c.slot}#${c.rank}:${c.actionId}@${c.channel}`)

describe("nextBestAction: arbitration invariants", () => {
  it("never returns an action excluded by any stage", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = decide(s)
        const excluded = new Set(d.excluded.map((e) => key(e.actionId, e.channel)))
        for (const c of d.actions) {
          expect(excluded.has(key(c.actionId, c.channel))).toBe(false)
          expect(excluded.has(key(c.actionId, undefined))).toBe(false)
        }
      }),
      runs
    )
  })

  it("never returns more non-mandatory actions per slot than asked, nor an action twice", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = decide(s)
        const limit = s.request.context.limit ?? 1
        for (const [, choices] of bySlot(d))
          expect(choices.filter((c) => c.evaluation !== "mandatory").length).toBeLessThanOrEqual(limit)
        const ids = d.actions.map((c) => c.actionId)
        expect(new Set(ids).size).toBe(ids.length)
      }),
      runs
    )
  })

  it("ranks by priority within a slot, mandatory first, ties by action id; ranks are 1, 2, …", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const [, choices] of bySlot(decide(s))) {
          choices.forEach((c, i) => expect(c.rank).toBe(i + 1))
          for (let i = 1; i < choices.length; i++) {
            const a = choices[i - 1] as Choice
            const b = choices[i] as Choice
            if (a.evaluation === "mandatory" || b.evaluation === "mandatory") {
              expect(a.evaluation === "mandatory" || b.evaluation !== "mandatory").toBe(true)
              continue
            }
            expect(a.priority > b.priority || (a.priority === b.priority && a.actionId < b.actionId)).toBe(true)
          }
        }
      }),
      runs
    )
  })

  it("every candidate is returned or excluded, and excluded at exactly one stage", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = decide(s)
        const keys = d.excluded.map((e) => key(e.actionId, e.channel))
        expect(new Set(keys).size).toBe(keys.length)
        const returned = new Set(d.actions.map((c) => c.actionId))
        const mentioned = new Set(d.excluded.map((e) => e.actionId))
        for (const a of s.spec.actions) expect(returned.has(a.id) || mentioned.has(a.id)).toBe(true)
        const total = d.funnel.reduce((n, f) => n + f.excluded, 0)
        expect(total).toBe(d.excluded.length)
        expect(d.funnel[d.funnel.length - 1]?.remaining).toBe(d.actions.length)
      }),
      runs
    )
  })

  it("raising an action's value, weight or propensity never lowers its rank", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.constantFrom("value", "weight", "propensity"), (s, pick, what) => {
        const d = decide(s)
        const chosen = d.actions.filter((c) => c.evaluation !== "mandatory")
        if (chosen.length === 0) return
        const target = chosen[pick % chosen.length] as Choice
        const i = s.spec.actions.findIndex((a) => a.id === target.actionId)
        const shapes = s.shapes.map((sh, j) =>
          j !== i
            ? sh
            : what === "value"
              ? { ...sh, value: sh.value + 17 }
              : what === "weight"
                ? { ...sh, weight: Math.min(sh.weight + 40, 10_000) }
                : { ...sh, propensity: Math.min(1, sh.propensity + 0.25) }
        )
        const spec = {
          ...s.spec,
          actions: s.spec.actions.map((a, j) =>
            j !== i
              ? a
              : what === "value"
                ? { ...a, value: { _tag: "Constant" as const, value: shapes[j]?.value ?? 0 } }
                : what === "weight"
                  ? { ...a, weight: shapes[j]?.weight ?? 0 }
                  : a
          )
        }
        const after = nextBestAction(mustCompile(spec), modelsOf(spec, shapes), s.request)
        // within its slot on a one-channel request; on several channels it may move to another slot
        const again = after.actions.find(
          (c) => c.actionId === target.actionId && (s.request.context.channel === undefined || c.slot === target.slot)
        )
        expect(again).toBeDefined()
        if (s.request.context.channel !== undefined) expect(again?.rank ?? Infinity).toBeLessThanOrEqual(target.rank)
      }),
      runs
    )
  })

  it("multiplying every value by a positive constant leaves the ranking unchanged (powers of 2: exact in floating point)", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -6, max: 6 }), (s, j) => {
        const k = 2 ** j
        const spec = {
          ...s.spec,
          actions: s.spec.actions.map((a) => ({
            ...a,
            value: { _tag: "Constant" as const, value: (a.value?._tag === "Constant" ? a.value.value : 1) * k }
          }))
        }
        expect(ranking(decide(s, spec))).toEqual(ranking(decide(s)))
      }),
      runs
    )
  })

  it("adding an ineligible action changes nothing but the list of exclusions", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const extra = {
          id: "zz-new",
          issue: "Sales",
          group: "Cards",
          channels: [{ channel: "web", direction: "inbound" as const }],
          value: { _tag: "Constant" as const, value: 1e6 },
          policies: { eligibility: R.never }
        }
        const before = decide(s)
        const after = decide(s, { ...s.spec, actions: [extra, ...s.spec.actions] })
        expect(after.actions).toEqual(before.actions)
        expect(after.record).toEqual(before.record)
        expect(after.excluded.filter((e) => e.actionId !== "zz-new")).toEqual(before.excluded)
      }),
      runs
    )
  })

  it("permuting the catalog changes nothing", () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc
            .shuffledSubarray([...s.spec.actions], { minLength: s.spec.actions.length })
            .map((actions) => [s, actions] as const)
        ),
        ([s, actions]) => {
          expect(decide(s, { ...s.spec, actions })).toEqual(decide(s))
        }
      ),
      runs
    )
  })

  it("same inputs and seed give the same decision, also with exploration and the control group", () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), (s, control) => {
        const request: Request = {
          ...s.request,
          options: { controlGroup: control, selection: { _tag: "EpsilonGreedy", epsilon: 0.3 }, selectionDraws: 20 }
        }
        expect(decide(s, s.spec, request)).toEqual(decide(s, s.spec, request))
      }),
      { numRuns: 100 }
    )
  })

  it("with analytics and every factor switched off, the order is by action id", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const request: Request = {
          ...s.request,
          options: {
            controlGroup: false,
            analytics: false,
            factors: { propensity: false, contextWeight: false, value: false, lever: false }
          }
        }
        for (const [, choices] of bySlot(decide(s, s.spec, request))) {
          const ordinary = choices.filter((c) => c.evaluation !== "mandatory").map((c) => c.actionId)
          expect(ordinary).toEqual([...ordinary].sort())
          for (const c of choices) expect(c.priority).toBe(1)
        }
      }),
      runs
    )
  })

  it("selection probabilities lie in (0, 1] and are exactly 1 for a deterministic, greedy decision", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const c of decide(s).actions) {
          expect(c.selectionProbability).toBe(1)
          expect(c.selectionMethod).toBe("deterministic")
        }
      }),
      runs
    )
  })
})
