import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { apportion, CapacitiesCodec, decodeCapacities } from "../../src/outbound/Capacity.js"
import { capacitiesArb } from "../arbitraries/outbound.js"
import { decoderTotal, deepEq, roundTrip } from "../laws.js"

describe("Capacity properties", () => {
  it("apportion: the partitions' budgets add up to each max, each within 1 of its proportional share", () => {
    fc.assert(
      fc.property(
        capacitiesArb(1000),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }),
        (caps, sizes) => {
          const budgets = apportion(caps, sizes)
          expect(budgets).toHaveLength(sizes.length)
          const total = sizes.reduce((s, x) => s + x, 0)
          for (const c of caps) {
            const parts = budgets.map((b) => b[c.id] as number)
            expect(parts.reduce((s, x) => s + x, 0)).toBe(c.max)
            parts.forEach((p, i) => {
              expect(Number.isInteger(p) && p >= 0).toBe(true)
              const share = total > 0 ? (c.max * (sizes[i] as number)) / total : c.max / sizes.length
              expect(Math.abs(p - share)).toBeLessThan(1)
            })
          }
        }
      )
    )
  })

  roundTrip("CapacitiesCodec", CapacitiesCodec, capacitiesArb(1_000_000), deepEq)
  decoderTotal("decodeCapacities", decodeCapacities)
})
