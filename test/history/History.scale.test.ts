/**
 * The history-length limit: a history from outside (a request's `subject.history`, a history
 * snapshot, a bare array) holds at most `History.MAX_INTERACTIONS` interactions. At the limit it
 * decodes; one more is one `too_large` problem at the history's path, found without reading the
 * interactions. Budget: seconds at most (measured 0.8–1.5 s to decode 200,000 interactions, in a
 * request or alone; the refusal of a longer one takes under a millisecond).
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { decode as decodeRequest } from "../../src/decide/Request.js"
import * as History from "../../src/history/History.js"
import type { DecodeError } from "../../src/kernel/DecodeError.js"

const N = History.MAX_INTERACTIONS
const interaction = (k: number) => ({
  at: k * 1000,
  actionId: "A",
  issue: "Sales",
  group: "Cards",
  channel: "web",
  outcome: "impression"
})
const full = Array.from({ length: N }, (_, k) => interaction(k))
const over = [...full, interaction(N)]
const problems = (r: E.Either<DecodeError, unknown>) =>
  E.isLeft(r) ? r.left.problems.map((p) => [p.path, p.code, p.message]) : []

describe(`History.MAX_INTERACTIONS = ${N}`, () => {
  it("is 200,000", () => expect(N).toBe(200_000))
  it("a bare array decodes at the limit; it and a snapshot are one too_large problem past it", () => {
    expect(History.decode(full)._tag).toBe("Right")
    const started = Date.now()
    expect(problems(History.decode(over))).toEqual([
      ["$", "too_large", "expected at most 200000 interactions, found 200001"]
    ])
    expect(problems(History.decode({ format: History.SNAPSHOT_FORMAT, version: 1, interactions: over }))).toEqual([
      ["$.interactions", "too_large", "expected at most 200000 interactions, found 200001"]
    ])
    expect(Date.now() - started).toBeLessThan(1_000)
  })
  it("a request's subject.history: decodes at the limit, one too_large problem past it", () => {
    const request = (history: unknown) => ({
      decisionId: "d",
      subject: { id: "c", history },
      context: { now: N * 1000, channel: "web" }
    })
    expect(decodeRequest(request(full))._tag).toBe("Right")
    expect(problems(decodeRequest(request([...over, ...over])))).toEqual([
      ["$.subject.history", "too_large", "expected at most 200000 interactions, found 400002"]
    ])
  })
})
