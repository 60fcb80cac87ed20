/**
 * Arbitraries of arbitration: contact capacities, limits (slots, sometimes a web page with two
 * placements, group and channel limits, capacities) and contenders with placements — shared by the
 * walk's and the Monte Carlo re-draw's properties.
 */
import * as fc from "fast-check"
import type { Capacity, Contender, Limits, Slot } from "../../src/arbitration/Arbitration.js"
import { CHANNELS, slotsArb } from "./catalog.js"

export const capacityArb: fc.Arbitrary<Capacity> = fc
  .record({
    id: fc.constantFrom("x", "y"),
    channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
    remaining: fc.integer({ min: 0, max: 3 })
  })
  .map(({ id, channel, remaining }) => (channel === undefined ? { id, remaining } : { id, channel, remaining }))

export const limitsArb: fc.Arbitrary<Limits> = fc
  .record({
    slots: slotsArb,
    maxPerGroup: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    channelsPerAction: fc.integer({ min: 1, max: 2 }),
    capacities: fc.array(capacityArb, { maxLength: 2 }),
    hero: fc.boolean()
  })
  .map(({ slots, maxPerGroup, channelsPerAction, capacities, hero }): Limits => {
    const placed: ReadonlyArray<Slot> = hero
      ? slots.flatMap((s) =>
          s.channel === "web"
            ? [
                { name: "hero", channel: "web", size: 1 },
                { name: "tile", channel: "web", size: s.size }
              ]
            : [s]
        )
      : slots
    const base = { slots: placed, channelsPerAction, capacities }
    return maxPerGroup === undefined ? base : { ...base, maxPerGroup }
  })

export const withPlacements = (cs: ReadonlyArray<Contender>): fc.Arbitrary<ReadonlyArray<Contender>> =>
  fc
    .tuple(
      ...cs.map((c) =>
        fc
          .constantFrom<ReadonlyArray<string> | undefined>(undefined, ["hero"], ["tile"], ["hero", "tile"], [])
          .map((p) => (p === undefined || c.channel !== "web" ? c : { ...c, placements: p }))
      )
    )
    .map((xs) => xs)
