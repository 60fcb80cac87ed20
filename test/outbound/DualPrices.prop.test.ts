import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Offers } from "../../src/outbound/Allocation.js"
import { wanted } from "../../src/outbound/Allocation.js"
import { appliesTo, budget as fullBudget, type Capacity } from "../../src/outbound/Capacity.js"
import { allocate, estimate, prices, PricesCodec, upperBound } from "../../src/outbound/DualPrices.js"
import { allocate as greedy } from "../../src/outbound/Greedy.js"
import { bruteForceOptimum, capacitiesArb, populationArb } from "../arbitraries/outbound.js"
import { deepEq, roundTrip } from "../laws.js"

const perSubjectArb = fc.integer({ min: 1, max: 3 })
const pricesArb = (caps: ReadonlyArray<Capacity>) =>
  fc
    .tuple(...caps.map(() => fc.integer({ min: 0, max: 10 })))
    .map((ps) => prices(Object.fromEntries(caps.map((c, i) => [c.id, ps[i] as number]))))
const capsAndPrices = capacitiesArb().chain((caps) =>
  fc.tuple(fc.constant(caps), caps.length === 0 ? fc.constant(prices({})) : pricesArb(caps))
)
const largest = (population: ReadonlyArray<Offers>): number =>
  Math.max(0, ...population.flatMap((o) => o.candidates.map((c) => Math.abs(c.priority))))

describe("DualPrices.allocate", () => {
  it("with all prices 0 and no budget, every subject gets its wanted candidates", () => {
    fc.assert(
      fc.property(capacitiesArb(), populationArb(), perSubjectArb, (caps, population, perSubject) => {
        const a = allocate(caps, prices({}), { perSubject })(population)
        a.allotments.forEach((x, i) => {
          expect(new Set(x.chosen)).toStrictEqual(new Set(wanted(population[i] as Offers, { perSubject })))
          expect(x.dropped).toStrictEqual([])
        })
      })
    )
  })

  it("is feasible per subject, never exceeds its budget, and reports what is left", () => {
    fc.assert(
      fc.property(capsAndPrices, populationArb(), perSubjectArb, ([caps, p], population, perSubject) => {
        const a = allocate(caps, p, { perSubject })(population, fullBudget(caps))
        for (const c of caps) {
          const used = a.allotments.flatMap((x) => x.chosen).filter((x) => appliesTo(c, x)).length
          expect(used).toBe(a.usage[c.id])
          expect(used).toBeLessThanOrEqual(c.max)
          expect(a.remaining?.[c.id]).toBe(c.max - used)
        }
        a.allotments.forEach((x, i) => {
          const offers = population[i] as Offers
          expect(x.chosen.length).toBeLessThanOrEqual(offers.limit ?? perSubject)
          expect(new Set(x.chosen.map((c) => c.actionId)).size).toBe(x.chosen.length)
          for (const c of x.chosen) expect(offers.candidates).toContain(c)
        })
      })
    )
  })

  it("every wanted candidate is chosen or dropped with a capacity that applies to it (priced, or out of budget)", () => {
    fc.assert(
      fc.property(
        capsAndPrices,
        populationArb(),
        perSubjectArb,
        fc.boolean(),
        ([caps, p], population, perSubject, withBudget) => {
          const a = allocate(caps, p, { perSubject })(population, withBudget ? fullBudget(caps) : undefined)
          a.allotments.forEach((x, i) => {
            const w = wanted(population[i] as Offers, { perSubject })
            for (const c of w) expect(x.chosen.includes(c) !== x.dropped.some((d) => d.candidate === c)).toBe(true)
            for (const d of x.dropped) {
              expect(w).toContain(d.candidate)
              const cap = caps.find((k) => k.id === d.capacity) as Capacity
              expect(appliesTo(cap, d.candidate)).toBe(true)
              expect((p.prices[cap.id] ?? 0) > 0 || a.remaining?.[cap.id] === 0).toBe(true)
            }
          })
        }
      )
    )
  })

  it("partitions are independent: the population's allocation is its partitions' allocations, concatenated", () => {
    fc.assert(
      fc.property(capsAndPrices, populationArb(), fc.nat(), perSubjectArb, ([caps, p], population, cut, perSubject) => {
        const k = population.length === 0 ? 0 : cut % (population.length + 1)
        const whole = allocate(caps, p, { perSubject })(population)
        const left = allocate(caps, p, { perSubject })(population.slice(0, k))
        const right = allocate(caps, p, { perSubject })(population.slice(k))
        expect(whole.allotments).toStrictEqual([...left.allotments, ...right.allotments])
        for (const c of caps) expect(whole.usage[c.id]).toBe((left.usage[c.id] ?? 0) + (right.usage[c.id] ?? 0))
        expect(whole.objective).toBe(left.objective + right.objective)
      })
    )
  })
})

describe("DualPrices.estimate", () => {
  it("reports the usage its prices give, which fits the scaled capacities unless mandatory candidates alone exceed them", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        populationArb(),
        perSubjectArb,
        fc.integer({ min: 1, max: 4 }),
        (caps, sample, perSubject, times) => {
          const population = sample.length * times
          const p = estimate(caps, { perSubject, population })(sample)
          expect(p.usage).toStrictEqual(allocate(caps, p, { perSubject })(sample).usage)
          for (const c of caps) {
            const price = p.prices[c.id] as number
            expect(price).toBeGreaterThanOrEqual(0)
            if (population > 0 && price < largest(sample) + 1)
              expect(p.usage[c.id]).toBeLessThanOrEqual((c.max * sample.length) / population)
          }
        }
      )
    )
  })

  it("with one capacity, its price is the smallest that fits (with one action per subject and with several)", () => {
    fc.assert(
      fc.property(
        capacitiesArb().filter((cs) => cs.length > 0),
        populationArb({ mandatory: false }),
        perSubjectArb,
        (caps, sample, perSubject) => {
          const cap = [caps[0] as Capacity]
          const p = estimate(cap, { perSubject })(sample)
          const price = p.prices[cap[0]?.id as string] as number
          if (price > 0 && price < largest(sample) + 1) {
            const lower = allocate(cap, prices({ [cap[0]?.id as string]: price - 1e-4 }), { perSubject })(sample)
            expect(lower.usage[cap[0]?.id as string]).toBeGreaterThan(cap[0]?.max as number)
          }
        }
      )
    )
  })

  it("is deterministic and does not depend on the order of the sample", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        populationArb().chain((p) =>
          fc.tuple(fc.constant(p), fc.shuffledSubarray([...p], { minLength: p.length, maxLength: p.length }))
        ),
        perSubjectArb,
        (caps, [sample, shuffled], perSubject) => {
          const a = estimate(caps, { perSubject })(sample)
          expect(estimate(caps, { perSubject })(sample)).toStrictEqual(a)
          const b = estimate(caps, { perSubject })(shuffled)
          for (const c of caps) expect(b.prices[c.id]).toBeCloseTo(a.prices[c.id] as number, 4)
        }
      )
    )
  })

  roundTrip(
    "PricesCodec",
    PricesCodec,
    fc.tuple(capacitiesArb(), populationArb({ maxSubjects: 6 })).map(([caps, sample]) => estimate(caps)(sample)),
    deepEq,
    { numRuns: 50 }
  )
})

describe("DualPrices.upperBound", () => {
  it("bounds the optimum from above for any prices (tiny populations, exhaustive optimum)", () => {
    fc.assert(
      fc.property(
        capacitiesArb(3).chain((caps) =>
          fc.tuple(fc.constant(caps), caps.length === 0 ? fc.constant(prices({})) : pricesArb(caps))
        ),
        populationArb({ maxSubjects: 4 }),
        perSubjectArb,
        ([caps, p], population, perSubject) => {
          expect(upperBound(caps, p, { perSubject })(population)).toBeGreaterThanOrEqual(
            bruteForceOptimum(caps, population, perSubject)
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it("is at least greedy's objective, and with estimated prices close to it", () => {
    fc.assert(
      fc.property(
        capacitiesArb(),
        populationArb({ mandatory: false }),
        perSubjectArb,
        (caps, population, perSubject) => {
          const g = greedy(caps, { perSubject })(population)
          const bound = upperBound(caps, estimate(caps, { perSubject })(population), { perSubject })(population)
          expect(bound).toBeGreaterThanOrEqual(g.objective - 1e-6)
        }
      )
    )
  })
})
