import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as History from "../../src/history/History.js"
import type { Interaction } from "../../src/history/History.js"
import { decoderTotal, deepEq, roundTrip } from "../laws.js"
import { canonical, historyArb, interactionArb } from "../arbitraries/feedback.js"

const windowArb = fc.integer({ min: 1, max: 400_000 })
const byTime = (xs: ReadonlyArray<Interaction>) => xs.map(canonical).sort()

describe("History.append", () => {
  it("never drops an interaction inside the window, keeps nothing older, and stays oldest first", () => {
    fc.assert(
      fc.property(fc.array(interactionArb, { maxLength: 40 }), windowArb, (xs, window) => {
        const history = xs.reduce(History.append(History.retention(window)), [] as History.History)
        const newest = Math.max(...xs.map((x) => x.at))
        const inside = xs.filter((x) => x.at >= newest - window)
        expect(byTime(history)).toEqual(byTime(inside))
        for (let i = 1; i < history.length; i++)
          expect((history[i] as Interaction).at).toBeGreaterThanOrEqual((history[i - 1] as Interaction).at)
      }),
      { numRuns: 300 }
    )
  })
  it("with a limit, keeps the newest `limit` of what the window keeps", () => {
    fc.assert(
      fc.property(
        fc.array(interactionArb, { maxLength: 40 }),
        windowArb,
        fc.integer({ min: 1, max: 10 }),
        (xs, window, limit) => {
          const unlimited = xs.reduce(History.append(History.retention(window)), [] as History.History)
          const limited = xs.reduce(History.append(History.retention(window, limit)), [] as History.History)
          expect(limited.length).toBe(Math.min(limit, unlimited.length))
          expect(limited.map((i) => i.at)).toEqual(unlimited.slice(unlimited.length - limited.length).map((i) => i.at))
        }
      ),
      { numRuns: 300 }
    )
  })
  it("prune is idempotent", () => {
    fc.assert(
      fc.property(historyArb, windowArb, fc.integer({ min: 0, max: 1_000_000 }), (h, window, now) => {
        const prune = History.prune(History.retention(window))
        return deepEq.equals(prune(prune(h, now), now), prune(h, now))
      })
    )
  })
  it("count agrees with a brute-force filter", () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.integer({ min: 0, max: 1_000_000 }),
        windowArb,
        fc.constantFrom("sent", "accepted", "impression"),
        (h, now, window, outcome) => {
          const expected = h.filter((i) => i.outcome === outcome && i.at > now - window && i.at <= now).length
          return History.count(h, { outcomes: [outcome] }, now, window) === expected
        }
      )
    )
  })
})

describe("history codecs", () => {
  roundTrip("History.codec", History.codec, historyArb, deepEq)
  roundTrip("History.InteractionCodec", History.InteractionCodec, interactionArb, deepEq)
  roundTrip(
    "History.RetentionCodec",
    History.RetentionCodec,
    fc.record({ window: windowArb }, { noNullPrototype: true }),
    deepEq
  )
  decoderTotal("History.decode", History.decode)
})
