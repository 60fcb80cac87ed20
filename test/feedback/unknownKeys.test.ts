/**
 * One behaviour everywhere: every object a decoder reads is closed. For each object inside a
 * valid snapshot, event, settings or delta (but the maps keyed by the user's names: features,
 * states, timeouts' channels, applied sequences, predictors), an extra key is one `unknown_key`
 * problem at its own path — never silently dropped.
 */
import type * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as Replica from "../../src/feedback/Replica.js"
import * as History from "../../src/history/History.js"
import { decodeWith, pathOf, type DecodeError, type Segment } from "../../src/kernel/DecodeError.js"
import { HOUR_MS } from "../../src/kernel/Time.js"
import * as ExternalScore from "../../src/learners/ExternalScore.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import { chosen } from "../arbitraries/feedback.js"

const T0 = Date.UTC(2024, 4, 1, 9)
const ts = ThompsonSampling.thompsonSampling()
const record = (decisionId: string) => ({
  decisionId,
  subjectId: "c-42",
  at: T0,
  direction: "inbound" as const,
  controlGroup: false,
  features: { segment: "gold", age: 41 },
  actions: [{ ...chosen("GoldCard", "web", 1), features: { age: 41 } }, chosen("Savings", "web", 2)]
})
const on = (decisionId: string, eventId: string, at: number) => ({
  eventId,
  at,
  actionId: "GoldCard",
  channel: "web",
  decision: decisionId
})
const settings = Feedback.settings({ aggregation: "positiveWins", timeouts: { channels: { sms: HOUR_MS } } })
const state = [
  Feedback.decided(record("d-1")),
  Event.response(on("d-1", "e-1", T0 + 1), "rejected"), // held (positiveWins)
  Feedback.decided(record("d-2")),
  Event.response(on("d-2", "e-2", T0 + 2), "accepted"), // answered
  Event.response(on("d-2", "e-2", T0 + 3), "accepted") // refused: a duplicate
].reduce(
  Feedback.apply(settings),
  Feedback.initial(Models.empty(ts), { replicaId: "r-1" }) as Feedback.Feedback<ThompsonSampling.State>
)

/** object keys whose values are maps keyed by names the user chooses (any key is valid there) */
const MAPS = new Set(["features", "states", "channels", "applied", "predictors"])
/** maps of maps: a replica's fingerprints, by replica id, then by sequence */
const MAPS_OF_MAPS = new Set(["fingerprints"])

/** every path to an object (not a map) inside `json` */
const objectPaths = (json: unknown): Array<ReadonlyArray<Segment>> => {
  const out: Array<ReadonlyArray<Segment>> = []
  const walk = (u: unknown, path: ReadonlyArray<Segment>, maps: number): void => {
    if (Array.isArray(u)) u.forEach((x, i) => walk(x, [...path, i], 0))
    else if (typeof u === "object" && u !== null) {
      if (maps === 0) out.push(path)
      for (const [k, v] of Object.entries(u))
        walk(v, [...path, k], maps > 0 ? maps - 1 : MAPS_OF_MAPS.has(k) ? 2 : MAPS.has(k) ? 1 : 0)
    }
  }
  walk(json, [], 0)
  return out
}

const withKey = (json: unknown, path: ReadonlyArray<Segment>): unknown => {
  const copy = JSON.parse(JSON.stringify(json)) as unknown
  let target = copy as Record<string | number, unknown>
  for (const s of path) target = target[s] as Record<string | number, unknown>
  target["zzExtra"] = 1
  return copy
}

const everyObjectIsClosed = (name: string, json: unknown, decode: (u: unknown) => E.Either<DecodeError, unknown>) =>
  it(`${name}: an extra key on any of its objects is one unknown_key problem at its path`, () => {
    expect(decode(json)._tag).toBe("Right")
    const paths = objectPaths(json)
    expect(paths.length).toBeGreaterThan(0)
    for (const path of paths) {
      const result = decode(withKey(json, path))
      const problems = result._tag === "Left" ? result.left.problems.map((p) => [p.path, p.code, p.message]) : []
      expect(problems.map((p) => [p[0], p[1]])).toEqual([[pathOf([...path, "zzExtra"]), "unknown_key"]])
      expect(problems[0]?.[2]).toMatch(/^unknown key "zzExtra" in /)
    }
  })

describe("closed objects", () => {
  const snapshot = Feedback.encode(state)
  it("the feedback fixture covers held, answered and refused states and a replica", () => {
    const text = JSON.stringify(snapshot)
    for (const part of ['"Held"', '"Answered"', '"refused":[{', '"replica":{', '"eventIds":["e-1"]'])
      expect(text).toContain(part)
  })
  everyObjectIsClosed("a feedback snapshot", snapshot, (u) => Feedback.decode(ts, u))
  everyObjectIsClosed("a pending-buffer snapshot", Pending.encode(state.pending), Pending.decode)
  everyObjectIsClosed("feedback settings", Feedback.SettingsCodec.encode(settings), Feedback.decodeSettings)
  everyObjectIsClosed("labels", Outcome.LabelsCodec.encode(Outcome.defaultLabels), Outcome.decode)
  for (const event of [
    Event.sent(on("d-1", "e-9", T0)),
    Event.impression({ ...on("d-1", "e-9", T0), decision: record("d-1") }),
    Event.response({ ...on("d-1", "e-9", T0), decision: record("d-1") }, "clicked")
  ])
    everyObjectIsClosed(`a ${event._tag} event`, Event.codec.encode(event), Event.decode)
  everyObjectIsClosed(
    "a decision log",
    [Feedback.decided(record("d-1")), Feedback.expireAt(T0), Event.sent(on("d-1", "e-9", T0))].map((x) =>
      Feedback.InputCodec.encode(x)
    ),
    Feedback.decodeLog
  )
  const history = Feedback.outbox(state).recorded.map((r) => r.interaction)
  everyObjectIsClosed("a history snapshot", History.encode(history), History.decode)
  everyObjectIsClosed("a bare array of interactions", History.InteractionsCodec.encode(history), History.decode)
  everyObjectIsClosed(
    "a retention policy",
    History.RetentionCodec.encode(History.retention(HOUR_MS, 10)),
    decodeWith(History.RetentionCodec)
  )
  if (state.replica !== null) {
    const [delta] = Replica.publish(state.replica)
    it("the replica has a delta to publish", () => expect(delta).not.toBeNull())
    if (delta !== null) everyObjectIsClosed("a delta", Replica.encodeDelta(delta), (u) => Replica.decodeDelta(ts, u))
  }
  everyObjectIsClosed("a Thompson-sampling models snapshot", Models.encode(state.models), (u) => Models.decode(ts, u))
  everyObjectIsClosed(
    "an external-score state",
    ExternalScore.codec.encode({ positives: 1, negatives: 2 }),
    decodeWith(ExternalScore.codec)
  )
  const nb = NaiveBayes.naiveBayes({
    predictors: [{ name: "age", type: "numeric", bins: [30, 50], missingBin: true }]
  })
  const learned = nb.learnAll(nb.empty, [
    { features: { age: 41 }, positive: true, at: T0 },
    { features: { age: 20 }, positive: false, at: T0 },
    { features: {}, positive: false, at: T0 }
  ])
  everyObjectIsClosed("a naive Bayes state", nb.codec.encode(learned), decodeWith(nb.codec))
})
