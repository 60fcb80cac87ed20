import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Replica from "../../src/feedback/Replica.js"
import { render } from "../../src/kernel/DecodeError.js"
import * as Models from "../../src/learners/Models.js"
import { counting } from "../arbitraries/feedback.js"

const response = ["GoldCard@web", { features: { segment: "gold" }, positive: true, at: 0 }] as const

describe("Replica", () => {
  it("publishes nothing when nothing was learned", () => {
    const r = Replica.start("a", counting)
    expect(Replica.publish(r)).toEqual([null, r])
  })
  it("numbers its deltas 1, 2, 3 and marks its own as applied", () => {
    let r = Replica.start("a", counting)
    const sequences: Array<number> = []
    for (let i = 0; i < 3; i++) {
      const [delta, next] = Replica.publish(Replica.learned(r, [response]))
      sequences.push(delta?.sequence ?? -1)
      r = next
    }
    expect(sequences).toEqual([1, 2, 3])
    expect(r.applied).toEqual({ a: { through: 3, ahead: [] } })
    expect(Object.keys(r.unsynced.states)).toEqual([])
  })
  it("ignores its own deltas and deltas already received", () => {
    const a = Replica.learned(Replica.start("a", counting), [response])
    const [delta, a2] = Replica.publish(a)
    if (delta === null) throw new Error("expected a delta")
    const models = Models.learnMany(Models.empty(counting), [response])
    expect(Replica.receive(a2, models, delta)).toEqual([a2, models])
    const [b, mb] = Replica.receive(Replica.start("b", counting), Models.empty(counting), delta)
    expect(Replica.receive(b, mb, delta)).toEqual([b, mb])
    expect(Models.stateOf(mb, "GoldCard@web").positives).toBe(1)
    expect(Replica.hasApplied(b, "a", 1)).toBe(true)
    expect(Replica.hasApplied(b, "a", 2)).toBe(false)
  })
  it("starts from a compacted snapshot's applied set, continuing its own sequence", () => {
    const r = Replica.start("a", counting, { a: { through: 7, ahead: [] }, b: { through: 2, ahead: [4] } })
    expect(r.sequence).toBe(7)
    expect(Replica.hasApplied(r, "b", 4)).toBe(true)
    expect(Replica.hasApplied(r, "b", 3)).toBe(false)
  })
  it("refuses an empty replica id, naming the API", () => {
    expect(() => Replica.start("", counting)).toThrow(/Replica\.start/)
    expect(() => Replica.start("", counting)).toThrow(
      new TypeError("Replica.start: the replica id must be a non-empty string")
    )
    expect(() => Replica.start("", counting)).toThrow(TypeError)
  })
  it("pins the delta layout and decodes deltas with paths", () => {
    const [delta] = Replica.publish(Replica.learned(Replica.start("eu-1", counting), [response]))
    if (delta === null) throw new Error("expected a delta")
    expect(Replica.encodeDelta(delta)).toEqual({
      format: "nextbest/delta",
      version: 1,
      replicaId: "eu-1",
      sequence: 1,
      models: {
        version: 1,
        learner: "counting",
        states: { "GoldCard@web": { positives: 1, negatives: 0, bins: { 'segment="gold"': [1, 0] } } }
      }
    })
    const bad = Replica.decodeDelta(counting, {
      format: "nextbest/delta",
      version: 1,
      replicaId: "",
      sequence: 0,
      models: { version: 1, learner: "other", states: {} }
    })
    expect(E.isLeft(bad) && render(bad.left)).toBe(
      [
        "3 problems:",
        '  $.replicaId [invalid_value] expected a non-empty string (found: "")',
        "  $.sequence [out_of_range] expected a whole number ≥ 1 (found: 0)",
        '  $.models.learner [invalid_value] snapshot is of another learner: expected "counting" (found: "other")'
      ].join("\n")
    )
  })
})
