import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Offers } from "../../src/outbound/Allocation.js"
import { objective, usage, wanted } from "../../src/outbound/Allocation.js"
import { appliesTo } from "../../src/outbound/Capacity.js"
import { allocate, collect } from "../../src/outbound/Streaming.js"
import { capacitiesArb, populationArb } from "../arbitraries/outbound.js"

const perSubjectArb = fc.integer({ min: 1, max: 3 })
const settingsArb = fc.record({
  checkpoints: fc.integer({ min: 0, max: 5 }),
  reserve: fc.integer({ min: 0, max: 3 }),
  rounds: fc.integer({ min: 1, max: 20 })
})

describe("Streaming.allocate", () => {
  it("never exceeds a capacity or a subject's limit, yields every subject once, and reports what it yielded", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        populationArb({ maxSubjects: 20 }),
        fc.integer({ min: 0, max: 3 }),
        perSubjectArb,
        settingsArb,
        (caps, population, every, perSubject, s) => {
          const sample = population.filter((_, i) => i % (every + 1) === 0)
          const { allotments, report } = collect(
            allocate(caps, sample, { ...s, perSubject, population: population.length })(population)
          )
          expect(allotments.map((a) => a.subjectId).sort()).toStrictEqual(population.map((o) => o.subjectId).sort())
          const byId = new Map(population.map((o) => [o.subjectId, o]))
          for (const a of allotments) {
            const offers = byId.get(a.subjectId) as Offers
            expect(a.chosen.length).toBeLessThanOrEqual(offers.limit ?? perSubject)
            expect(new Set(a.chosen.map((c) => c.actionId)).size).toBe(a.chosen.length)
            for (const c of a.chosen) expect(offers.candidates).toContain(c)
            // a dropped candidate is a wanted one, with a capacity that applies to it
            for (const d of a.dropped) {
              expect(wanted(offers, { perSubject })).toContain(d.candidate)
              const cap = caps.find((c) => c.id === d.capacity)
              expect(cap !== undefined && appliesTo(cap, d.candidate)).toBe(true)
            }
          }
          const used = usage(caps)(allotments)
          for (const c of caps) {
            expect(used[c.id]).toBeLessThanOrEqual(c.max)
            expect(report.usage[c.id]).toBe(used[c.id])
            expect(report.remaining[c.id]).toBe(c.max - (used[c.id] as number))
          }
          expect(report.objective).toBeCloseTo(objective(allotments), 9)
          expect(report.subjects).toBe(population.length)
        }
      )
    )
  })

  it("with a budget, never uses more than the budget", () => {
    fc.assert(
      fc.property(capacitiesArb(), populationArb({ maxSubjects: 15 }), fc.nat(5), (caps, population, share) => {
        const budget = Object.fromEntries(caps.map((c) => [c.id, Math.min(c.max, share)]))
        const { report } = collect(allocate(caps, population, { population: population.length, budget })(population))
        for (const c of caps) expect(report.usage[c.id]).toBeLessThanOrEqual(budget[c.id] as number)
      })
    )
  })

  it("without capacities every subject gets its wanted candidates, in the stream's order", () => {
    fc.assert(
      fc.property(populationArb(), perSubjectArb, (population, perSubject) => {
        const { allotments } = collect(
          allocate([], population, { perSubject, population: population.length })(population)
        )
        expect(allotments.map((a) => a.subjectId)).toStrictEqual(population.map((o) => o.subjectId))
        allotments.forEach((a, i) => {
          expect(new Set(a.chosen)).toStrictEqual(new Set(wanted(population[i] as Offers, { perSubject })))
          expect(a.dropped).toStrictEqual([])
        })
      })
    )
  })

  it("with minimum volumes: never exceeds a cap, and reports exactly the minimums it missed", () => {
    const withMinimums = capacitiesArb().chain((caps) =>
      fc
        .tuple(...caps.map((c) => fc.integer({ min: 0, max: c.max })))
        .map((mins) => caps.map((c, i) => ({ ...c, min: mins[i] as number })))
    )
    fc.assert(
      fc.property(withMinimums, populationArb({ maxSubjects: 20 }), (caps, population) => {
        const { allotments, report } = collect(
          allocate(caps, population, { population: population.length })(population)
        )
        const used = usage(caps)(allotments)
        const missed: Record<string, number> = {}
        for (const c of caps) {
          expect(used[c.id]).toBeLessThanOrEqual(c.max)
          if ((used[c.id] as number) < (c.min ?? 0)) missed[c.id] = (c.min ?? 0) - (used[c.id] as number)
        }
        expect(report.shortfall).toStrictEqual(missed)
      })
    )
  })

  it("is deterministic", () => {
    fc.assert(
      fc.property(capacitiesArb(), populationArb({ maxSubjects: 15 }), (caps, population) => {
        const run = () => collect(allocate(caps, population, { population: population.length })(population))
        expect(run()).toStrictEqual(run())
      })
    )
  })
})
