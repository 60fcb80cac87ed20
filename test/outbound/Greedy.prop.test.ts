import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Allocation, Offers } from "../../src/outbound/Allocation.js"
import { wanted } from "../../src/outbound/Allocation.js"
import { appliesTo, type Capacity } from "../../src/outbound/Capacity.js"
import { allocate } from "../../src/outbound/Greedy.js"
import { bruteForceOptimum, candidate, capacitiesArb, keyOf, populationArb } from "../arbitraries/outbound.js"

const perSubjectArb = fc.integer({ min: 1, max: 3 })

/** chosen and dropped as keys, per subject id */
const picture = (
  a: Allocation
): Record<string, { readonly chosen: ReadonlyArray<string>; readonly dropped: ReadonlyArray<string> }> =>
  Object.fromEntries(
    a.allotments.map((x) => [
      x.subjectId,
      {
        chosen: x.chosen.map((c) => keyOf(x.subjectId, c)),
        dropped: x.dropped.map((d) => `${keyOf(x.subjectId, d.candidate)}:${d.capacity}`)
      }
    ])
  )

const checkFeasible = (
  caps: ReadonlyArray<Capacity>,
  population: ReadonlyArray<Offers>,
  perSubject: number,
  a: Allocation
): void => {
  for (const c of caps) {
    const used = a.allotments.flatMap((x) => x.chosen).filter((x) => appliesTo(c, x)).length
    expect(used).toBeLessThanOrEqual(c.max)
    expect(a.usage[c.id]).toBe(used)
  }
  a.allotments.forEach((x, i) => {
    const offers = population[i] as Offers
    expect(x.subjectId).toBe(offers.subjectId)
    expect(x.chosen.length).toBeLessThanOrEqual(offers.limit ?? perSubject)
    expect(new Set(x.chosen.map((c) => c.actionId)).size).toBe(x.chosen.length)
    for (const c of x.chosen) expect(offers.candidates).toContain(c)
  })
}

describe("Greedy.allocate", () => {
  it("never exceeds a capacity or a subject's limit, sends an action once per subject, chooses only offered candidates", () => {
    fc.assert(
      fc.property(capacitiesArb(), populationArb(), perSubjectArb, (caps, population, perSubject) => {
        checkFeasible(caps, population, perSubject, allocate(caps, { perSubject })(population))
      })
    )
  })

  it("every wanted candidate is chosen or dropped with a capacity that applies to it and is used up", () => {
    fc.assert(
      fc.property(capacitiesArb(), populationArb(), perSubjectArb, (caps, population, perSubject) => {
        const a = allocate(caps, { perSubject })(population)
        a.allotments.forEach((x, i) => {
          const w = wanted(population[i] as Offers, { perSubject })
          for (const c of w) {
            const dropped = x.dropped.filter((d) => d.candidate === c)
            expect(x.chosen.includes(c) !== (dropped.length === 1)).toBe(true)
            for (const d of dropped) {
              const cap = caps.find((k) => k.id === d.capacity) as Capacity
              expect(appliesTo(cap, c)).toBe(true)
              expect(a.usage[cap.id]).toBe(cap.max)
            }
          }
          for (const d of x.dropped) expect(w).toContain(d.candidate)
        })
      })
    )
  })

  it("does not depend on the order of the population or of the candidates", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        populationArb().chain((p) =>
          fc.tuple(fc.constant(p), fc.shuffledSubarray([...p], { minLength: p.length, maxLength: p.length }))
        ),
        perSubjectArb,
        fc.boolean(),
        (caps, [population, shuffled], perSubject, reverse) => {
          const permuted = shuffled.map((o) => ({
            ...o,
            candidates: reverse ? [...o.candidates].reverse() : o.candidates
          }))
          const a = allocate(caps, { perSubject })(population)
          const b = allocate(caps, { perSubject })(permuted)
          expect(picture(b)).toStrictEqual(picture(a))
          expect(b.usage).toStrictEqual(a.usage)
          expect(b.objective).toBe(a.objective)
        }
      )
    )
  })

  it("without capacities every subject gets exactly its wanted candidates", () => {
    fc.assert(
      fc.property(populationArb(), perSubjectArb, (population, perSubject) => {
        const a = allocate([], { perSubject })(population)
        a.allotments.forEach((x, i) => {
          expect(new Set(x.chosen)).toStrictEqual(new Set(wanted(population[i] as Offers, { perSubject })))
          expect(x.dropped).toStrictEqual([])
        })
      })
    )
  })

  it("with non-negative priorities and no mandatory candidates, reaches at least 1 / (m + 2) of the optimum (m: most capacities per candidate)", () => {
    fc.assert(
      fc.property(
        capacitiesArb(3),
        populationArb({ maxSubjects: 4, mandatory: false }),
        perSubjectArb,
        (caps, population, perSubject) => {
          const a = allocate(caps, { perSubject })(population)
          const best = bruteForceOptimum(caps, population, perSubject)
          const m = Math.max(
            0,
            ...population.flatMap((o) => o.candidates.map((c) => caps.filter((k) => appliesTo(k, c)).length))
          )
          expect(a.objective).toBeLessThanOrEqual(best)
          expect(a.objective * (m + 2)).toBeGreaterThanOrEqual(best)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("known answer: the best candidates take the capacity; the others fall back to their next best action", () => {
    const population: ReadonlyArray<Offers> = [
      { subjectId: "ana", candidates: [candidate("a", "email", 10), candidate("b", "sms", 4)] },
      { subjectId: "ben", candidates: [candidate("a", "email", 8), candidate("c", "email", 7)] },
      { subjectId: "cem", candidates: [candidate("a", "sms", 9), candidate("d", "email", 1)] },
      { subjectId: "dia", candidates: [candidate("a", "email", 8)] }
    ]
    const caps: ReadonlyArray<Capacity> = [
      { id: "a", max: 2, actionId: "a" },
      { id: "emails", max: 2, channel: "email" }
    ]
    const a = allocate(caps)(population)
    expect(picture(a)).toStrictEqual({
      ana: { chosen: ["ana/a@email"], dropped: [] },
      ben: { chosen: ["ben/c@email"], dropped: ["ben/a@email:a"] },
      cem: { chosen: ["cem/a@sms"], dropped: [] },
      // ben and dia tie at 8 after ana (10) and cem (9) used up "a"; ben's next best (c@email, 7) takes the last email
      dia: { chosen: [], dropped: ["dia/a@email:a"] }
    })
    expect(a.usage).toStrictEqual({ a: 2, emails: 2 })
    expect(a.objective).toBe(26)
  })
})
