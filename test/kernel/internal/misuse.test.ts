import { describe, expect, it } from "vitest"
import { misuse } from "../../../src/kernel/internal/misuse.js"
import { SelectionPolicy } from "../../../src/index.js"

const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a throw")
}

describe("misuse", () => {
  it('throws a TypeError whose message is "api: message"', () => {
    const e = thrown(() => misuse("Rule.between", "min must not exceed max"))
    expect(e).toBeInstanceOf(TypeError)
    expect((e as TypeError).message).toBe("Rule.between: min must not exceed max")
    expect((e as TypeError).name).toBe("TypeError")
  })
  it("keeps the api and the message as given (no trimming, no extra punctuation)", () => {
    expect(() => misuse("X.y", "")).toThrow(new TypeError("X.y: "))
    expect(() => misuse("", "bad")).toThrow(new TypeError(": bad"))
    expect(() => misuse("A.b", 'a "quoted" value: 1')).toThrow(new TypeError('A.b: a "quoted" value: 1'))
  })
  it("is never a RangeError or a plain Error subclass other than TypeError", () => {
    const e = thrown(() => misuse("A.b", "c"))
    expect(e).not.toBeInstanceOf(RangeError)
    expect(Object.getPrototypeOf(e)).toBe(TypeError.prototype)
  })
  it("is how a public constructor reports a programming mistake", () => {
    expect(() => SelectionPolicy.epsilonGreedy(2)).toThrow(
      new TypeError("SelectionPolicy.epsilonGreedy: epsilon must lie in [0, 1]")
    )
    expect(() => SelectionPolicy.epsilonGreedy(0.5)).not.toThrow()
  })
})
