/**
 * Scale regressions of the pending buffer (issue 9, "costs that grow quadratically"): decision ids
 * built to share one FNV-1a hash (hash flooding), and one decision with many distinct event ids.
 * No timing assertions: each case states its operation budget; before the fix they took seconds
 * (8,192 colliding ids: 2.6 s to track; 20,000 event ids: 5.8–7.6 s), now tens of milliseconds.
 */
import * as E from "fp-ts/lib/Either.js"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as HashTrie from "../../src/feedback/internal/HashTrie.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Pending from "../../src/feedback/Pending.js"
import { HOUR_MS } from "../../src/kernel/Time.js"
import { chosen } from "../arbitraries/feedback.js"

const rules = Feedback.settings({
  // "viewed" (the responses below) is recorded, never learned: a neutral outcome
  labels: Outcome.labels(Outcome.defaultLabels.positive, Outcome.defaultLabels.negative, ["viewed"]),
  timeouts: { inbound: HOUR_MS, outbound: 4 * HOUR_MS, channels: {} }
})

const decision = (decisionId: string, at = 0): DecisionRecord => ({
  decisionId,
  subjectId: "c-1",
  at,
  direction: "inbound",
  controlGroup: false,
  features: {},
  actions: [chosen("GoldCard", "web")]
})

const view = (eventId: string, decisionId: string, at = 1, outcome = "viewed") =>
  Event.response({ eventId, at, actionId: "GoldCard", channel: "web", decision: decisionId }, outcome)

const FNV_PRIME = 0x01000193
const FNV_OFFSET = 0x811c9dc5 | 0
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/** a 5-character ASCII block from a counter (scrambled, so that blocks differ in every position) */
const block = (n: number): string => {
  let m = Math.imul(n, 0x9e3779b1) >>> 0
  let s = ""
  for (let i = 0; i < 5; i++) {
    s += ALPHABET[m % 62]
    m = Math.floor(m / 62)
  }
  return s
}

const fnvFrom = (state: number, text: string): number => {
  let h = state
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME)
  return h
}

/**
 * 2^stages ASCII ids with one FNV-1a state, hence one `hashString` and one trie hash (Joux's multicollision: a
 * birthday search finds two blocks that take the current state to the same state, ~2^16 blocks per stage; every
 * choice of one block per stage then collides). 13 stages: 8,192 ids of 65 characters, ~1M block hashes.
 */
const multicollision = (stages: number): Array<string> => {
  let state = FNV_OFFSET
  let ids = [""]
  for (let s = 0; s < stages; s++) {
    const seen = new Map<number, string>()
    for (let n = 0; ; n++) {
      const b = block(n)
      const h = fnvFrom(state, b)
      const other = seen.get(h)
      if (other !== undefined && other !== b) {
        ids = ids.flatMap((id) => [id + other, id + b])
        state = h
        break
      }
      seen.set(h, b)
    }
  }
  return ids
}

const roundTrip = (p: Pending.Pending): string => {
  const text = JSON.stringify(Pending.encode(p))
  const back = Pending.decode(JSON.parse(text))
  expect(E.isRight(back)).toBe(true)
  return JSON.stringify(Pending.encode((back as E.Right<Pending.Pending>).right))
}

describe("Pending at scale", () => {
  it("8,192 ASCII decision ids that share one FNV-1a hash are tracked, answered and looked up correctly", () => {
    // budget: 8,192 tracks + 8,192 responses + 3 × 8,192 lookups, each ≤ 6 trie levels + ~19 key comparisons in the one
    // collision bucket (an AVL tree); a linear bucket costs 8,192² / 2 ≈ 3.4e7 comparisons per pass
    const ids = multicollision(13)
    expect(new Set(ids).size).toBe(8192)
    expect(new Set(ids.map(HashTrie.hashOf)).size).toBe(1)
    expect(ids.every((id) => /^[A-Za-z0-9]+$/.test(id))).toBe(true)
    // (one expect per check, not per id: the checks are the budget, not the assertion library)
    let p = Pending.empty
    const verdicts: Array<string> = []
    for (const id of ids) {
      const [next, verdict] = Pending.track(rules, p, decision(id))
      verdicts.push(verdict._tag)
      p = next
    }
    expect(verdicts.every((v) => v === "Tracked")).toBe(true)
    expect(Pending.size(p)).toBe(8192)
    expect(ids.filter((id) => Pending.track(rules, p, decision(id))[1]._tag !== "Refused")).toEqual([])
    expect(ids.filter((id) => Pending.lookup(p, id)?.record.decisionId !== id)).toEqual([])
    expect(Pending.lookup(p, ids[0] + "x")).toBeUndefined()
    // answer every other decision with a positive
    let learned = 0
    for (let i = 0; i < ids.length; i += 2) {
      const [next, verdict] = Pending.respond(rules, p, view(`e${i}`, ids[i] as string, 1, "accepted"))
      if (verdict._tag === "Accepted" && verdict.learn === "positive") learned++
      p = next
    }
    expect(learned).toBe(4096)
    expect(ids.filter((id, i) => Pending.lookup(p, id)?.eventIds.size !== (i % 2 === 0 ? 1 : 0))).toEqual([])
    expect(Pending.toArray(p).map((d) => d.record.decisionId)).toEqual([...ids].sort())
    const text = JSON.stringify(Pending.encode(p))
    expect(roundTrip(p)).toBe(text)
    const [gone, expiries] = Pending.expire(p, 2 * HOUR_MS)
    expect(expiries.length).toBe(4096)
    expect(Pending.size(gone)).toBe(0)
  })

  it("20,000 distinct event ids on one decision are each applied once, and each duplicate is refused", () => {
    // budget: 40,000 responses, each one O(log n) trie lookup and insert into the decision's event ids (a list was
    // 20,000² / 2 = 2e8 string comparisons and as many copied slots)
    const n = 20000
    let p = Pending.track(rules, Pending.empty, decision("d"))[0]
    let accepted = 0
    for (let i = 0; i < n; i++) {
      const [next, verdict] = Pending.respond(rules, p, view(`event-${i}`, "d"))
      if (verdict._tag === "Accepted") accepted++
      p = next
    }
    expect(accepted).toBe(n)
    let refused = 0
    for (let i = 0; i < n; i++) {
      const [next, verdict] = Pending.respond(rules, p, view(`event-${(i * 7919) % n}`, "d"))
      if (verdict._tag === "Refused" && verdict.reason === "duplicate" && next === p) refused++
    }
    expect(refused).toBe(n)
    const tracked = Pending.lookup(p, "d") as Pending.Tracked
    expect(tracked.eventIds.size).toBe(n)
    expect(Pending.eventIdsOf(tracked)).toEqual(Array.from({ length: n }, (_, i) => `event-${i}`))
    expect(Pending.hasEventId(tracked, "event-19999")).toBe(true)
    expect(Pending.hasEventId(tracked, "event-20000")).toBe(false)
    expect(roundTrip(p)).toBe(JSON.stringify(Pending.encode(p)))
  })

  it("snapshots round-trip bit for bit and list event ids in the order applied, duplicates refused", () => {
    const eventArb = fc.record({
      decision: fc.constantFrom("a", "b", "c"),
      eventId: fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom("k32728", "k261234", "k32729")),
      at: fc.integer({ min: 1, max: 2 * HOUR_MS })
    })
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), fc.integer({ min: 0, max: 2 * HOUR_MS }), (events, now) => {
        let p = Pending.empty
        for (const id of ["a", "b", "c"]) p = Pending.track(rules, p, decision(id))[0]
        const applied = new Map<string, Array<string>>()
        for (const e of events) {
          const [next, verdict] = Pending.respond(rules, p, view(e.eventId, e.decision, e.at))
          const seen = applied.get(e.decision) ?? []
          if (seen.includes(e.eventId)) expect(verdict).toMatchObject({ _tag: "Refused", reason: "duplicate" })
          if (verdict._tag === "Accepted") applied.set(e.decision, [...seen, e.eventId])
          p = next
        }
        p = Pending.expire(p, now)[0]
        for (const d of Pending.toArray(p))
          expect(Pending.eventIdsOf(d)).toEqual(applied.get(d.record.decisionId) ?? [])
        expect(roundTrip(p)).toBe(JSON.stringify(Pending.encode(p)))
      }),
      { numRuns: 200 }
    )
  })

  it("a snapshot that lists one event id twice is refused with its path", () => {
    const p = Pending.respond(rules, Pending.track(rules, Pending.empty, decision("d"))[0], view("e", "d"))[0]
    const json = Pending.encode(p) as { decisions: Array<{ eventIds: Array<string> }> }
    ;(json.decisions[0] as { eventIds: Array<string> }).eventIds = ["e", "f", "e"]
    const back = Pending.decode(json)
    expect(E.isLeft(back)).toBe(true)
    expect(JSON.stringify(back)).toContain("duplicate_id")
    expect(JSON.stringify(back)).toContain('event \\"e\\" is listed twice')
  })
})
