/**
 * Internal: the events, reducer inputs and replica deltas the feedback entry points admit (see
 * `kernel/internal/decoded`): decoded (or checked by a constructor, or published) or valid values
 * of their types; anything else is refused with a `TypeError` naming the decoder.
 *
 * @internal
 * @since 0.1.0
 */
import { renderFound } from "../../kernel/DecodeError.js"
import { admit, isDecoded, refuse } from "../../kernel/internal/decoded.js"
import { isRecord } from "../../kernel/internal/codec.js"
import { isInstant } from "../../kernel/Time.js"
import type { Learner } from "../../learners/Learner.js"
import type { Event } from "../Event.js"
import { deltaCodec, type Delta } from "../Replica.js"
import { admitRecord, checkEvent } from "./boundary.js"
import type { DecisionRecord } from "../DecisionRecord.js"

const DELTA = { argument: "delta", type: "Delta", decoder: "Replica.decodeDelta" } as const
const INPUT = { type: "Feedback.Input", decoder: "Event.decode (events), Feedback.decided, Feedback.expireAt" } as const

/** `event` if its fields are valid (see `checkEvent`); throws naming the field and `Event.decode` otherwise. */
export const admitEvent = (api: string, event: Event, argument = "event"): Event => {
  checkEvent(api, argument, event)
  return event
}

/** `delta` if decoded (or published) or valid for `learner`; throws naming `Replica.decodeDelta` otherwise. */
export const admitDelta = <S>(api: string, learner: Learner<S>, delta: Delta<S>): Delta<S> =>
  isDecoded(delta) ? delta : admit(deltaCodec(learner), { api, ...DELTA }, delta)

/** Checks every input of a batch before any is applied, so that a refusal leaves nothing half done. */
export const admitInputs = (api: string, inputs: ReadonlyArray<unknown>): void => {
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k]
    if (isDecoded(input)) continue
    const argument = inputs.length === 1 ? "input" : `inputs[${k}]`
    const tag: unknown = isRecord(input) ? input["_tag"] : undefined
    if (tag === "Decided") admitRecord(api, (input as { readonly record: DecisionRecord }).record, `${argument}.record`)
    else if (tag === "Expire") {
      const now: unknown = (input as { readonly now: unknown }).now
      if (!isInstant(now))
        refuse(
          { api, argument, ...INPUT },
          `at ${argument}.now: expected an instant (whole epoch milliseconds), found ${renderFound(now)}`
        )
    } else if (tag === "Sent" || tag === "Impression" || tag === "Response") admitEvent(api, input as Event, argument)
    else
      refuse(
        { api, argument, ...INPUT },
        `at ${argument}._tag: expected "Decided", "Expire", "Sent", "Impression" or "Response", found ${renderFound(tag)}`
      )
  }
}
