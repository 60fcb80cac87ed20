/**
 * Journey progression as feedback: what accepting a chosen action would do to the subject's stage
 * (`Advance`, stamped on the decision record's chosen action by `nextBestAction`), and the
 * `Progression` event the feedback reducer puts in the outbox, beside the history entry, when a
 * response with one of the advancing outcomes arrives — so that the caller can store it and
 * analytics can count it.
 *
 * A progression is relative to the stage at decision time: the stage derived later from the
 * history (`Journey.position`) is the authority; the event is the moment of the move.
 *
 * Laws: the codecs round-trip (`decode(encode(x))` is `x`).
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import type { Instant } from "../kernel/Time.js"
import { array, instant, nonEmptyString, struct, type Codec } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a response to a chosen action would do in one journey: with one of `outcomes`, the subject
 * moves from stage `from` to stage `to`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Advance {
  readonly journey: string
  readonly from: string
  readonly to: string
  readonly outcomes: ReadonlyArray<string>
}

/**
 * A subject moved stage in a journey: when, from where to where, and the response that moved them.
 *
 * @category model
 * @since 0.1.0
 */
export interface Progression {
  readonly subjectId: string
  readonly journey: string
  readonly from: string
  readonly to: string
  readonly at: Instant
  readonly actionId: string
  readonly outcome: string
  readonly decisionId: string
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The progressions a response causes: one per advance of the chosen action whose outcomes include
 * the response's outcome.
 *
 * @example
 * import { Progression } from "nextbest"
 * import * as assert from "node:assert"
 * const advances = [{ journey: "Leasing", from: "Offer", to: "Contract", outcomes: ["accepted"] }]
 * const on = { subjectId: "c-1", actionId: "LeaseOffer", decisionId: "d-1", at: 5 }
 * assert.deepStrictEqual(Progression.progressions(advances, { ...on, outcome: "rejected" }), [])
 * assert.deepStrictEqual(Progression.progressions(advances, { ...on, outcome: "accepted" }), [
 *   { subjectId: "c-1", journey: "Leasing", from: "Offer", to: "Contract", at: 5, actionId: "LeaseOffer",
 *     outcome: "accepted", decisionId: "d-1" }
 * ])
 *
 * @category operations
 * @since 0.1.0
 */
export const progressions = (
  advances: ReadonlyArray<Advance> | undefined,
  response: {
    readonly subjectId: string
    readonly actionId: string
    readonly decisionId: string
    readonly outcome: string
    readonly at: Instant
  }
): ReadonlyArray<Progression> => {
  if (advances === undefined || advances.length === 0) return []
  const out: Array<Progression> = []
  for (const a of advances)
    if (a.outcomes.includes(response.outcome))
      out.push({
        subjectId: response.subjectId,
        journey: a.journey,
        from: a.from,
        to: a.to,
        at: response.at,
        actionId: response.actionId,
        outcome: response.outcome,
        decisionId: response.decisionId
      })
  return out
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * An advance as JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AdvanceCodec: Codec<Advance> = struct(
  "advance",
  { journey: nonEmptyString, from: nonEmptyString, to: nonEmptyString, outcomes: array(nonEmptyString) },
  {}
)

/**
 * A progression as JSON (`at` in epoch milliseconds; ISO 8601 text decodes too).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Progression> = struct(
  "progression",
  {
    subjectId: nonEmptyString,
    journey: nonEmptyString,
    from: nonEmptyString,
    to: nonEmptyString,
    at: instant as t.Type<Instant, unknown, unknown>,
    actionId: nonEmptyString,
    outcome: nonEmptyString,
    decisionId: nonEmptyString
  },
  {}
)
