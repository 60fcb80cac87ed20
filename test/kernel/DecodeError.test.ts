import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import {
  atIndex,
  atKey,
  decodeError,
  decodeWith,
  failure,
  fromValidationErrors,
  problem,
  render,
  renderFound
} from "../../src/kernel/DecodeError.js"

describe("paths", () => {
  it("writes identifier keys with a dot, other keys quoted, indices in brackets", () => {
    expect(atKey("$", "actions")).toBe("$.actions")
    expect(atKey("$.a", "odd key")).toBe('$.a["odd key"]')
    expect(atKey("$", "1st")).toBe('$["1st"]')
    expect(atIndex("$.actions", 3)).toBe("$.actions[3]")
  })
})

describe("fromValidationErrors", () => {
  const Person = t.type({ name: t.string, tags: t.array(t.string), address: t.type({ city: t.string }) })

  it("reports every problem with its path, required vs invalid_type", () => {
    const result = decodeWith(Person)({ name: 3, tags: ["a", 1, "c", null], address: {} })
    expect(E.isLeft(result)).toBe(true)
    if (E.isRight(result)) return
    expect(result.left.problems).toEqual([
      problem("$.name", "invalid_type", "expected string", 3),
      problem("$.tags[1]", "invalid_type", "expected string", 1),
      problem("$.tags[3]", "invalid_type", "expected string", null),
      problem("$.address.city", "required", "required: expected string", undefined)
    ])
  })

  it("skips the branch indices io-ts adds for unions and intersections", () => {
    const U = t.type({ x: t.union([t.string, t.number]) })
    const result = decodeWith(U)({ x: true })
    if (E.isRight(result)) throw new Error("expected a Left")
    expect(result.left.problems.map((p) => p.path)).toEqual(["$.x"])
    expect(result.left.problems).toEqual([problem("$.x", "invalid_type", "expected (string | number)", true)])
  })

  it("keeps the stable code of custom failures", () => {
    const Positive = new t.Type<number, number, unknown>(
      "Positive",
      (u): u is number => typeof u === "number" && u > 0,
      (u, c) =>
        typeof u === "number" && u > 0 ? t.success(u) : failure(u, c, "out_of_range", "expected a number > 0"),
      (a) => a
    )
    const result = decodeWith(t.type({ weights: t.array(Positive) }))({ weights: [1, -2] })
    if (E.isRight(result)) throw new Error("expected a Left")
    expect(result.left.problems).toEqual([problem("$.weights[1]", "out_of_range", "expected a number > 0", -2)])
  })

  it("maps a plain io-ts message to invalid_value", () => {
    const err = fromValidationErrors([
      { value: 1, context: [{ key: "", type: t.unknown, actual: 1 }], message: "nope" }
    ])
    expect(err.problems).toEqual([problem("$", "invalid_value", "nope", 1)])
  })

  it("returns Right for valid input", () => {
    expect(decodeWith(t.string)("ok")).toEqual(E.right("ok"))
  })
})

describe("render", () => {
  it("pins the text format", () => {
    const text = render(
      decodeError([
        problem("$.actions[0].value", "non_finite", "expected a finite number", Number.NaN),
        problem("$.actions[1].id", "required", "required: expected string", undefined),
        problem("$.name", "invalid_type", "expected string", { a: 1 })
      ])
    )
    expect(text).toBe(
      [
        "3 problems:",
        "  $.actions[0].value [non_finite] expected a finite number (found: NaN)",
        "  $.actions[1].id [required] required: expected string (found: missing)",
        '  $.name [invalid_type] expected string (found: {"a":1})'
      ].join("\n")
    )
  })

  it("says 1 problem in the singular", () => {
    expect(render(decodeError([problem("$", "invalid_type", "expected object", 1)]))).toBe(
      "1 problem:\n  $ [invalid_type] expected object (found: 1)"
    )
  })

  it("cuts long values and names what JSON cannot show", () => {
    expect(renderFound("x".repeat(100))).toBe(`"${"x".repeat(58)}…`)
    expect(renderFound(Infinity)).toBe("Infinity")
    expect(renderFound(10n)).toBe("10n")
    expect(renderFound(() => 1)).toBe("a function")
    const cyclic: Record<string, unknown> = {}
    cyclic["self"] = cyclic
    expect(renderFound(cyclic)).toBe("an object")
  })
})
