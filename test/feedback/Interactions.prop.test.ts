import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Interactions from "../../src/feedback/Interactions.js"
import type { Interaction } from "../../src/kernel/History.js"
import { decoderTotal, deepEq, roundTrip } from "../laws.js"
import { canonical, historyArb, interactionArb } from "../arbitraries/feedback.js"

const windowArb = fc.integer({ min: 1, max: 400_000 })
const byTime = (xs: ReadonlyArray<Interaction>) => xs.map(canonical).sort()

describe("Interactions.append", () => {
  it("never drops an interaction inside the window, keeps nothing older, and stays oldest first", () => {
    fc.assert(
      fc.property(fc.array(interactionArb, { maxLength: 40 }), windowArb, (xs, window) => {
        const history = xs.reduce(Interactions.append(Interactions.retention(window)), [] as Interactions.History)
        const newest = Math.max(...xs.map((x) => x.at))
        const inside = xs.filter((x) => x.at >= newest - window)
        expect(byTime(history)).toEqual(byTime(inside))
        for (let i = 1; i < history.length; i++) expect((history[i] as Interaction).at).toBeGreaterThanOrEqual((history[i - 1] as Interaction).at)
      }),
      { numRuns: 300 }
    )
  })
  it("with a limit, keeps the newest `limit` of what the window keeps", () => {
    fc.assert(
      fc.property(fc.array(interactionArb, { maxLength: 40 }), windowArb, fc.integer({ min: 1, max: 10 }), (xs, window, limit) => {
        const unlimited = xs.reduce(Interactions.append(Interactions.retention(window)), [] as Interactions.History)
        const limited = xs.reduce(Interactions.append(Interactions.retention(window, limit)), [] as Interactions.History)
        expect(limited.length).toBe(Math.min(limit, unlimited.length))
        expect(limited.map((i) => i.at)).toEqual(unlimited.slice(unlimited.length - limited.length).map((i) => i.at))
      }),
      { numRuns: 300 }
    )
  })
  it("prune is idempotent", () => {
    fc.assert(
      fc.property(historyArb, windowArb, fc.integer({ min: 0, max: 1_000_000 }), (h, window, now) => {
        const prune = Interactions.prune(Interactions.retention(window))
        return deepEq.equals(prune(prune(h, now), now), prune(h, now))
      })
    )
  })
  it("count agrees with a brute-force filter", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 1_000_000 }), windowArb, fc.constantFrom("sent", "accepted", "impression"), (h, now, window, outcome) => {
        const expected = h.filter((i) => i.outcome === outcome && i.at > now - window && i.at <= now).length
        return Interactions.count(h, { outcomes: [outcome] }, now, window) === expected
      })
    )
  })
})

describe("history codecs", () => {
  roundTrip("Interactions.SnapshotCodec", Interactions.SnapshotCodec, historyArb, deepEq)
  roundTrip("Interactions.InteractionCodec", Interactions.InteractionCodec, interactionArb, deepEq)
  roundTrip("Interactions.RetentionCodec", Interactions.RetentionCodec, fc.record({ window: windowArb }, { noNullPrototype: true }), deepEq)
  decoderTotal("Interactions.decode", Interactions.decode)
})
