import * as fc from "fast-check"
import { codec as DecisionRecordCodec } from "../../src/feedback/DecisionRecord.js"
import { describe } from "vitest"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as Replica from "../../src/feedback/Replica.js"
import { MINUTE_MS } from "../../src/kernel/Time.js"
import { decoderTotal, deepEq, roundTrip } from "../laws.js"
import { anyDecisionArb, anyEventArb, counting } from "../arbitraries/feedback.js"

const labelsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 8 }).chain((names) =>
  fc
    .tuple(fc.nat({ max: names.length }), fc.nat({ max: names.length }))
    .map(([i, j]) => [Math.min(i, j), Math.max(i, j)] as const)
    .map(([k, m]) => Outcome.labels(names.slice(0, k), names.slice(k, m), names.slice(m)))
)

const settingsArb = fc
  .record({
    labels: labelsArb,
    timeouts: fc.record(
      {
        // timeouts are at least one minute (a smaller one looks like seconds)
        inbound: fc.integer({ min: MINUTE_MS, max: 1e9 }),
        outbound: fc.integer({ min: MINUTE_MS, max: 1e9 }),
        channels: fc.dictionary(fc.constantFrom("web", "sms", "email"), fc.integer({ min: MINUTE_MS, max: 1e9 }), {
          noNullPrototype: true
        })
      },
      { noNullPrototype: true }
    ),
    aggregation: fc.constantFrom("earliest" as const, "positiveWins" as const)
  })
  .map((init) => Feedback.settings(init))

describe("feedback codecs", () => {
  roundTrip("Event.codec", Event.codec, anyEventArb, deepEq)
  roundTrip("DecisionRecord.codec", DecisionRecordCodec, anyDecisionArb, deepEq)
  roundTrip("Outcome.LabelsCodec", Outcome.LabelsCodec, labelsArb, deepEq)
  roundTrip("Feedback.SettingsCodec", Feedback.SettingsCodec, settingsArb, deepEq)
  roundTrip(
    "Feedback.InputCodec",
    Feedback.InputCodec,
    fc.oneof(anyEventArb, anyDecisionArb.map(Feedback.decided), fc.nat().map(Feedback.expireAt)),
    deepEq
  )
  decoderTotal("Event.decode", Event.decode)
  decoderTotal("Outcome.decode", Outcome.decode)
  decoderTotal("Feedback.decodeSettings", Feedback.decodeSettings)
  decoderTotal("Feedback.decodeLog", Feedback.decodeLog)
  decoderTotal("Feedback.decode", (u) => Feedback.decode(counting, u))
  decoderTotal("Pending.decode", Pending.decode)
  decoderTotal("Replica.decodeDelta", (u) => Replica.decodeDelta(counting, u))
})
