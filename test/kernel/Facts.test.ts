import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { getter, lookup, lookupPath, parsePath, pathProblem } from "../../src/kernel/internal/Facts.js"

describe("pathProblem", () => {
  it("accepts dotted paths", () => {
    expect(pathProblem("subject.age")).toBeNull()
    expect(pathProblem("context")).toBeNull()
  })
  it("rejects empty paths and segments", () => {
    expect(pathProblem("")?.code).toBe("invalid_value")
    expect(pathProblem("subject..age")?.code).toBe("invalid_value")
    expect(pathProblem(".age")?.code).toBe("invalid_value")
  })
  it("rejects forbidden segments", () => {
    for (const p of ["__proto__", "subject.__proto__.x", "subject.constructor", "a.prototype"])
      expect(pathProblem(p)?.code).toBe("forbidden_path")
  })
})

describe("lookup", () => {
  const facts = {
    subject: { age: 42, address: { city: "Leeds" }, tags: ["a", "b"], nothing: null },
    context: { channel: "web" }
  }

  it("follows own properties", () => {
    expect(lookup(facts, "subject.age")).toBe(42)
    expect(lookup(facts, "subject.address.city")).toBe("Leeds")
    expect(lookup(facts, "subject.tags.1")).toBe("b")
    expect(lookup(facts, "subject.nothing")).toBeNull()
  })
  it("is missing (undefined) past a primitive, null or missing key", () => {
    expect(lookup(facts, "subject.age.x")).toBeUndefined()
    expect(lookup(facts, "subject.nothing.x")).toBeUndefined()
    expect(lookup(facts, "subject.height")).toBeUndefined()
    expect(lookup(null, "a")).toBeUndefined()
  })
  it("never walks the prototype chain", () => {
    expect(lookup(facts, "subject.toString")).toBeUndefined()
    expect(lookup(facts, "subject.constructor")).toBeUndefined()
    expect(lookup(facts, "subject.__proto__")).toBeUndefined()
    expect(lookup({ a: Object.create({ inherited: 1 }) }, "a.inherited")).toBeUndefined()
    const own = JSON.parse('{"__proto__": {"x": 1}}') as unknown
    expect(lookup(own, "__proto__.x")).toBeUndefined()
  })
  it("getter agrees with lookup for any path and object", () => {
    const segment = fc.constantFrom("a", "b", "c", "constructor", "__proto__", "toString", "0")
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.integer(),
        fc.constant(null),
        fc.dictionary(segment, tie("node"), { maxKeys: 3 }),
        fc.array(tie("node"), { maxLength: 2 })
      )
    })).node
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), value, (segments, obj) => {
        const path = segments.join(".")
        expect(getter(path)(obj)).toBe(lookupPath(obj, parsePath(path)))
      })
    )
  })
})
