import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import {
  atIndex,
  atKey,
  decodeWith,
  failure,
  isProblemCode,
  parsePath,
  pathOf,
  problem,
  PROBLEM_CODES,
  type Segment
} from "../../src/kernel/DecodeError.js"

const segment: fc.Arbitrary<Segment> = fc.oneof(fc.string(), fc.nat({ max: 1_000_000 }))

describe("paths as segments", () => {
  it("pathOf and parsePath are inverse on every path built from $ with keys and indices", () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const path = pathOf(segments)
        expect(parsePath(path)).toEqual(segments)
        expect(pathOf(parsePath(path))).toBe(path)
      }),
      { numRuns: 500 }
    )
  })

  it("pathOf agrees with atKey/atIndex", () => {
    expect(pathOf(["actions", 3, "odd key", "channels", 0])).toBe(
      atIndex(atKey(atIndex(atKey("$", "actions"), 3), "odd key") + ".channels", 0)
    )
    expect(pathOf([])).toBe("$")
  })

  it("a problem carries its path as segments", () => {
    expect(problem('$.actions[3]["odd \\"key"].id', "required", "m", undefined).segments).toEqual([
      "actions",
      3,
      'odd "key',
      "id"
    ])
  })

  it("a path that does not parse keeps its unparsed rest as one last segment", () => {
    expect(parsePath("$.a..b")).toEqual(["a", "..b"])
    expect(parsePath("subject.age")).toEqual(["subject.age"])
    expect(parsePath("")).toEqual([])
  })

  it("decoders report segments for io-ts's own and coded failures", () => {
    const Positive = new t.Type<number, number, unknown>(
      "Positive",
      (u): u is number => typeof u === "number" && u > 0,
      (u, c) => (typeof u === "number" && u > 0 ? t.success(u) : failure(u, c, "out_of_range", "must be positive")),
      (a) => a
    )
    const result = decodeWith(t.type({ xs: t.array(t.type({ n: Positive })) }))({ xs: [{ n: 1 }, { n: -1 }] })
    if (E.isRight(result)) throw new Error("expected a Left")
    expect(result.left.problems.map((p) => [p.segments, p.code, p.message])).toEqual([
      [["xs", 1, "n"], "out_of_range", "must be positive"]
    ])
  })
})

describe("problem codes", () => {
  it("are a closed, documented list", () => {
    expect(PROBLEM_CODES).toHaveLength(new Set(PROBLEM_CODES).size)
    for (const code of PROBLEM_CODES) expect(isProblemCode(code)).toBe(true)
    expect(isProblemCode("[out_of_range]")).toBe(false)
    expect(isProblemCode("typo")).toBe(false)
  })

  it("a message that looks like a code is kept as a message, not parsed", () => {
    const T = new t.Type<never, never, unknown>(
      "T",
      (_): _ is never => false,
      (u, c) => t.failure(u, c, "[out_of_range] text"),
      (a) => a
    )
    const result = decodeWith(T)(1)
    if (E.isRight(result)) throw new Error("expected a Left")
    expect(result.left.problems[0]?.code).toBe("invalid_value")
    expect(result.left.problems[0]?.message).toBe("[out_of_range] text")
  })
})
