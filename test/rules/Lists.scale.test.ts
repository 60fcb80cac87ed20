/**
 * Scale: "did you mean" for unknown operator names stays linear in the number of problems (the
 * suggestion is searched only for problems that are kept, the first `MAX_PROBLEMS`).
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as R from "../../src/rules/Rule.js"

describe("did you mean, at scale", () => {
  it("stays linear on many unknown operators: 100,000 distinct near-misses decode in well under seconds", () => {
    const rules = Array.from({ length: 100_000 }, (_, i) => ({ op: `Gte${i}`, fact: "subject.age", value: 1 }))
    const started = Date.now()
    const result = R.decode({ op: "all", rules })
    const elapsed = Date.now() - started
    expect(E.isLeft(result) && result.left.problems.length + result.left.omitted).toBe(100_000)
    expect(E.isLeft(result) && result.left.problems[0]?.message).toContain('(did you mean "gte"?)')
    // measured ~0.3 s on the shared 2-core machine; the budget is generous
    expect(elapsed).toBeLessThan(10_000)
  })
})
