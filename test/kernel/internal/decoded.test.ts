import * as assert from "node:assert"
import { describe, expect, it } from "vitest"
import { difference, isDecoded, mark } from "../../../src/kernel/internal/decoded.js"

describe("the decoded mark", () => {
  it("is invisible to equality, JSON, keys and spread copies", () => {
    const plain = { a: 1, b: { c: [1, 2] } }
    const marked = mark({ a: 1, b: { c: [1, 2] } })
    expect(isDecoded(marked)).toBe(true)
    expect(isDecoded(plain)).toBe(false)
    expect(marked).toEqual(plain)
    expect(marked).toStrictEqual(plain)
    assert.deepStrictEqual(marked, plain)
    expect(JSON.stringify(marked)).toBe(JSON.stringify(plain))
    expect(Object.keys(marked)).toEqual(["a", "b"])
    expect(
      Object.getOwnPropertySymbols(marked).filter((s) => Object.prototype.propertyIsEnumerable.call(marked, s))
    ).toEqual([])
    expect(isDecoded({ ...marked })).toBe(false)
  })

  it("marks frozen objects too, and marking twice is harmless", () => {
    const frozen = Object.freeze({ a: 1 })
    expect(isDecoded(mark(frozen))).toBe(true)
    const o = mark(mark({ a: 1 }))
    expect(isDecoded(o)).toBe(true)
    expect(isDecoded(null)).toBe(false)
    expect(isDecoded("x")).toBe(false)
  })
})

describe("difference", () => {
  it("finds the first place a value and its decoded form differ, with its path", () => {
    expect(difference({ a: 1, b: [1, { c: "x" }] }, { a: 1, b: [1, { c: 2 }] })).toEqual({
      path: "$.b[1].c",
      found: "x",
      decoded: 2
    })
    expect(difference({ a: 1, extra: true }, { a: 1 })).toEqual({ path: "$.extra", found: true, decoded: undefined })
    expect(difference([1, 2], [1])).toEqual({ path: "$", found: [1, 2], decoded: [1] })
  })

  it("counts undefined fields as absent and NaN as NaN", () => {
    expect(difference({ a: 1, b: undefined }, { a: 1 })).toBeUndefined()
    expect(difference({ p: Number.NaN }, { p: Number.NaN })).toBeUndefined()
  })
})
