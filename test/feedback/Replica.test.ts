import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Replica from "../../src/feedback/Replica.js"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
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
    expect(Replica.receive(a2, models, delta)).toEqual([a2, models, { _tag: "Duplicate" }])
    const [b, mb, receipt] = Replica.receive(Replica.start("b", counting), Models.empty(counting), delta)
    expect(receipt).toEqual({ _tag: "Merged" })
    expect(Replica.receive(b, mb, delta)).toEqual([b, mb, { _tag: "Duplicate" }])
    expect(Models.stateOf(mb, "GoldCard@web").positives).toBe(1)
    expect(Replica.hasApplied(b, "a", 1)).toBe(true)
    expect(Replica.hasApplied(b, "a", 2)).toBe(false)
  })
  it("a second delta under an applied key with other content is a conflict, reported, not merged (issue 9)", () => {
    const other = ["Savings@web", { features: {}, positive: false, at: 1 }] as const
    const [first] = Replica.publish(Replica.learned(Replica.start("a", counting), [response]))
    // "a" restarted from a snapshot taken before it published 1: it publishes 1 again, with other content
    const [again] = Replica.publish(Replica.learned(Replica.start("a", counting), [other]))
    if (first === null || again === null) throw new Error("expected deltas")
    expect(Replica.fingerprint(first.models)).not.toBe(Replica.fingerprint(again.models))
    const [b, mb] = Replica.receive(Replica.start("b", counting), Models.empty(counting), first)
    const [b2, mb2, receipt] = Replica.receive(b, mb, again)
    expect(b2).toBe(b)
    expect(mb2).toBe(mb)
    expect(receipt).toEqual({
      _tag: "Conflict",
      conflict: {
        reason: "conflict",
        replicaId: "a",
        sequence: 1,
        message: `delta ("a", 1) was already applied with other content (fingerprint ${Replica.fingerprint(
          first.models
        )}, this one ${Replica.fingerprint(again.models)}): not merged`
      }
    })
    // the same content after a JSON round trip is the same fingerprint: a duplicate
    const copy = Replica.decodeDelta(counting, JSON.parse(JSON.stringify(Replica.encodeDelta(first))))
    if (E.isLeft(copy)) throw new Error(render(copy.left))
    expect(Replica.receive(b, mb, copy.right)[2]).toEqual({ _tag: "Duplicate" })
    // a replica's own key with other content (two processes sharing one replica id) is a conflict too
    const [, a2] = Replica.publish(Replica.learned(Replica.start("a", counting), [response]))
    expect(Replica.receive(a2, Models.empty(counting), again)[2]._tag).toBe("Conflict")
  })
  it("a key applied without a fingerprint (from a compacted snapshot's applied set) is reported unverified", () => {
    const [first] = Replica.publish(Replica.learned(Replica.start("a", counting), [response]))
    if (first === null) throw new Error("expected a delta")
    const b = Replica.start("b", counting, { a: { through: 1, ahead: [] } })
    const [b2, mb, receipt] = Replica.receive(b, Models.empty(counting), first)
    expect(b2).toBe(b)
    expect(Object.keys(mb.states)).toEqual([])
    expect(receipt._tag === "Conflict" && receipt.conflict.reason).toBe("unverified")
  })
  it(`keeps the fingerprints of the ${Replica.FINGERPRINTS_KEPT} highest sequences per replica`, () => {
    let r = Replica.start("a", counting)
    for (let i = 0; i < Replica.FINGERPRINTS_KEPT + 5; i++) r = Replica.publish(Replica.learned(r, [response]))[1]
    const kept = Object.keys(r.fingerprints["a"] ?? {}).map(Number)
    expect(kept.length).toBe(Replica.FINGERPRINTS_KEPT)
    expect(Math.min(...kept)).toBe(6)
    expect(Math.max(...kept)).toBe(Replica.FINGERPRINTS_KEPT + 5)
    const back = Replica.codec(counting).decode(JSON.parse(JSON.stringify(Replica.codec(counting).encode(r))))
    expect(E.isRight(back) && back.right).toEqual(r)
    // a replica written without fingerprints decodes with none
    const { fingerprints: _, ...old } = Replica.codec(counting).encode(r) as Record<string, unknown>
    const migrated = Replica.codec(counting).decode(old)
    expect(E.isRight(migrated) && migrated.right.fingerprints).toEqual({})
    const decode = decodeWith(Replica.codec(counting))
    const bad = (fingerprints: unknown) => {
      const r = decode({ ...old, fingerprints })
      return E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code} ${p.message}`) : "decoded"
    }
    expect(bad({ a: { "1": "zz" } })).toEqual([
      '$.fingerprints.a["1"] invalid_value expected a fingerprint: 16 hex digits'
    ])
    expect(bad({ a: { "0": "0123456789abcdef" } })).toEqual([
      '$.fingerprints.a["0"] invalid_value expected a sequence number ≥ 1 as the key'
    ])
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
