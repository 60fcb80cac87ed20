import * as E from "fp-ts/lib/Either.js"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Catalog, Journey, nextBestAction, Rule as R } from "../../src/index.js"
import type { Interaction } from "../../src/history/History.js"
import { decoderTotal, deepEq, roundTrip } from "../laws.js"
import { fixedModels } from "../arbitraries/catalog.js"

const DAY = 86_400_000
const ACTIONS = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"]
const OUTCOMES = ["accepted", "rejected", "clicked"]
const ENTRIES = [R.gte("subject.x", 1), R.lt("subject.x", 2), R.eq("subject.y", true), R.window("subject.d", -3, -1)]

/** a journey of 1–5 stages over a partition of some of ACTIONS, with random entries, lapses (backwards) and weights */
const journeyArb = (lapses: boolean): fc.Arbitrary<Journey.Journey> =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 5 }),
      fc.shuffledSubarray(ACTIONS, { minLength: 1 }),
      fc.array(
        fc.tuple(
          fc.option(fc.constantFrom(...ENTRIES), { nil: undefined }),
          fc.integer({ min: 1, max: 40 }),
          fc.nat(),
          fc.boolean()
        ),
        {
          minLength: 5,
          maxLength: 5
        }
      ),
      fc.subarray(OUTCOMES, { minLength: 1 })
    )
    .map(([n, actions, extras, advanceOn]) => {
      const stages = Array.from({ length: n }, (_, i) => {
        const [entry, days, to, lapse] = extras[i] as [R.Rule | undefined, number, number, boolean]
        const mine = actions.filter((_, k) => k % n === i)
        const base: Journey.Stage = { name: `S${i}`, actions: mine }
        const withEntry = i > 0 && entry !== undefined ? { ...base, entry } : base
        return lapses && lapse && i > 0 ? { ...withEntry, lapse: { days, to: `S${to % i}` } } : withEntry
      })
      return Journey.journey("J", stages, { advanceOn })
    })

const interactionArb: fc.Arbitrary<Interaction> = fc.record({
  at: fc.integer({ min: 0, max: 200 }).map((d) => d * DAY),
  actionId: fc.constantFrom(...ACTIONS, "other"),
  issue: fc.constant("Sales"),
  group: fc.constant("Cars"),
  channel: fc.constant("web"),
  outcome: fc.constantFrom(...OUTCOMES)
})
/** histories with distinct times, so that their order is their time order */
const historyArb = fc
  .uniqueArray(interactionArb, { selector: (x) => x.at, maxLength: 25 })
  .map((xs) => [...xs].sort((a, b) => a.at - b.at))
const factsArb = fc.record({
  subject: fc.record({
    x: fc.integer({ min: 0, max: 3 }),
    y: fc.boolean(),
    d: fc.integer({ min: 0, max: 220 }).map((d) => d * DAY)
  })
})
const timeArb = fc.integer({ min: 0, max: 240 }).map((d) => d * DAY + 1)

describe("Journey: laws", () => {
  it("a subject is in exactly one stage at any time, and the timeline chains from the first stage to it", () => {
    fc.assert(
      fc.property(journeyArb(true), historyArb, factsArb, timeArb, (j, h, facts, t) => {
        const names = j.stages.map((s) => s.name)
        const p = Journey.position(j, h, facts, t)
        expect(Number.isInteger(p.index) && p.index >= 0 && p.index < names.length).toBe(true)
        expect(p.stage).toBe(names[p.index])
        const moves = Journey.timeline(j, h, t)
        let at = names[0]
        let when = -Infinity
        for (const m of moves) {
          expect(m.from).toBe(at)
          expect(m.to).not.toBe(m.from)
          expect(m.at).toBeGreaterThanOrEqual(when)
          expect(m.at).toBeLessThanOrEqual(t)
          at = m.to
          when = m.at
        }
        expect(Journey.replay(j, h, t).stage).toBe(at)
      })
    )
  })
  it("replaying a history gives the same stage: deterministic, and independent of the order the history is given in", () => {
    fc.assert(
      fc.property(journeyArb(true), historyArb, factsArb, timeArb, fc.nat(), (j, h, facts, t, seed) => {
        const shuffled = [...h].sort((a, b) => ((a.at * 7919 + seed) % 101) - ((b.at * 7919 + seed) % 101))
        expect(Journey.position(j, shuffled, facts, t)).toEqual(Journey.position(j, h, facts, t))
        expect(Journey.position(j, h, facts, t)).toEqual(Journey.position(j, h, facts, t))
      })
    )
  })
  it("monotone without lapses: a later time or an appended interaction never moves a subject back", () => {
    fc.assert(
      fc.property(journeyArb(false), historyArb, timeArb, timeArb, interactionArb, (j, h, t1, t2, x) => {
        const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1]
        expect(Journey.replay(j, h, late).index).toBeGreaterThanOrEqual(Journey.replay(j, h, early).index)
        const last = h.length === 0 ? 0 : (h[h.length - 1] as Interaction).at
        const appended = [...h, { ...x, at: last + DAY }]
        const until = last + 2 * DAY
        expect(Journey.replay(j, appended, until).index).toBeGreaterThanOrEqual(Journey.replay(j, h, until).index)
      })
    )
  })
  it("with lapses, every move back is a lapse, and every progress moves forward", () => {
    fc.assert(
      fc.property(journeyArb(true), historyArb, timeArb, (j, h, t) => {
        const index = (s: string): number => j.stages.findIndex((x) => x.name === s)
        for (const m of Journey.timeline(j, h, t)) {
          if (m.cause === "lapse") expect(index(m.to)).toBeLessThan(index(m.from))
          else expect(index(m.to)).toBeGreaterThan(index(m.from))
        }
      })
    )
  })
  roundTrip("Journey.codec", Journey.codec, journeyArb(true), deepEq)
  decoderTotal("Journey.decode", Journey.decode)
})

describe("nextBestAction: the stage gate never admits an action of another stage", () => {
  it("every candidate past the gate belongs to the subject's stage, or to the next one while its entry criteria hold", () => {
    fc.assert(
      fc.property(journeyArb(true), historyArb, factsArb, timeArb, (j, h, facts, t) => {
        const compiled = Catalog.catalog({
          issues: [{ name: "Sales", groups: [{ name: "Cars" }] }],
          actions: ACTIONS.map((id) => ({
            id,
            issue: "Sales",
            group: "Cars",
            channels: [{ channel: "web", direction: "inbound" }]
          })),
          journeys: [Journey.encode(j)]
        })
        if (E.isLeft(compiled)) throw new Error("catalog")
        const d = nextBestAction(compiled.right, fixedModels({}), {
          decisionId: "d",
          subject: { id: "s", attributes: facts.subject, history: h },
          context: { now: t, channel: "web", limit: ACTIONS.length },
          options: { controlGroup: false }
        })
        const c = Journey.compile(j)
        const stage = d.journeys?.[0]
        expect(stage?.stage).toBe(Journey.position(j, h, facts, t).stage)
        const current = c.names.indexOf(stage?.stage as string)
        for (const a of d.actions) {
          const k = c.stageOf.get(a.actionId)
          if (k === undefined) continue
          expect(k === current || (k === current + 1 && Journey.admits(c, current, k, facts, t))).toBe(true)
        }
        for (const e of d.excluded)
          if (e.stage === "journey") {
            expect(e.reason._tag).toBe("OtherStage")
            expect(Journey.admits(c, current, c.stageOf.get(e.actionId) as number, facts, t)).toBe(false)
          }
        // every action outside the journey, and every admitted one, reaches the ranking (nothing else excludes here)
        expect(d.actions.length + d.excluded.filter((e) => e.stage === "journey").length).toBe(ACTIONS.length)
      }),
      { numRuns: 200 }
    )
  })
})
