/**
 * A chosen action with an item (src/recommend/ItemAction.ts): the codec round-trips it with either
 * model key an item may have — its own (`<action>/<item>@<channel>`) or its action's
 * (`<action>@<channel>`) — and refuses any other key as `key_mismatch`.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { ChosenActionCodec, type ChosenAction } from "../../src/feedback/DecisionRecord.js"

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/)

const chosenArb: fc.Arbitrary<ChosenAction> = fc
  .record({ action: name, item: name, channel: name, shared: fc.boolean(), rank: fc.integer({ min: 1, max: 5 }) })
  .map(({ action, item, channel, shared, rank }) => ({
    actionId: `${action}/${item}`,
    issue: "Sales",
    group: "Shop",
    channel,
    item,
    modelKey: shared ? `${action}@${channel}` : `${action}/${item}@${channel}`,
    rank,
    modelPropensity: 0.5,
    propensity: 0.5,
    selectionProbability: 1
  }))

describe("DecisionRecord.ChosenActionCodec with an item", () => {
  it("round-trips, with the item's own model key or its action's", () => {
    fc.assert(
      fc.property(chosenArb, (a) => {
        const decoded = ChosenActionCodec.decode(JSON.parse(JSON.stringify(ChosenActionCodec.encode(a))))
        expect(decoded).toEqual(E.right(a))
      })
    )
  })

  it("refuses another action's model key, and the shared key without the item", () => {
    fc.assert(
      fc.property(chosenArb, name, (a, other) => {
        fc.pre(other !== a.actionId.split("/")[0] && other !== a.actionId)
        const encoded = ChosenActionCodec.encode(a) as Record<string, unknown>
        const wrong = ChosenActionCodec.decode({ ...encoded, modelKey: `${other}@${a.channel}` })
        expect(E.isLeft(wrong) && wrong.left.map((e) => e.message)).toEqual([expect.stringContaining("modelKey")])
        const { item: _item, ...withoutItem } = encoded
        const shared = `${a.actionId.split("/")[0] ?? ""}@${a.channel}`
        expect(E.isLeft(ChosenActionCodec.decode({ ...withoutItem, modelKey: shared }))).toBe(true)
      })
    )
  })
})
