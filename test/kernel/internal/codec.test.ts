import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import type { Eq } from "fp-ts/lib/Eq.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import { atKey, decodeWith, type ProblemCode } from "../../../src/kernel/DecodeError.js"
import * as C from "../../../src/kernel/internal/codec.js"
import { InstantCodec, MAX_INSTANT, MIN_INSTANT } from "../../../src/kernel/Time.js"
import { deepEq, decoderTotal, roundTrip } from "../../laws.js"

type Row = readonly [path: string, code: ProblemCode, message: string]

/** every problem of a decoding as [path, code, message], or "decoded" */
const problemsOf =
  <A>(codec: t.Decoder<unknown, A>) =>
  (u: unknown): ReadonlyArray<Row> | "decoded" => {
    const r = decodeWith(codec)(u)
    return E.isLeft(r) ? r.left.problems.map((p) => [p.path, p.code, p.message] as const) : "decoded"
  }

/** the one problem of a decoding at `$` as [code, message] */
const oneProblem =
  <A>(codec: t.Decoder<unknown, A>) =>
  (u: unknown): readonly [ProblemCode, string] | "decoded" | "several" => {
    const ps = problemsOf(codec)(u)
    if (ps === "decoded") return ps
    const [only, ...rest] = ps
    if (only === undefined || rest.length > 0 || only[0] !== "$") return "several"
    return [only[1], only[2]]
  }

const accepts =
  <A>(codec: t.Decoder<unknown, A>) =>
  (u: unknown): A | "rejected" => {
    const r = decodeWith(codec)(u)
    return E.isRight(r) ? r.right : "rejected"
  }

/** JSON cannot carry −0: generated doubles are normalised to 0 */
const noNegativeZero = (x: number): number => (x === 0 ? 0 : x)
const sameNumber: Eq<number> = { equals: (x, y) => Object.is(x, y) }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

describe("isRecord, hasOwn, setOwn, isNonEmptyString", () => {
  it("isRecord: plain objects only", () => {
    expect([{}, { a: 1 }, Object.create(null)].map(C.isRecord)).toEqual([true, true, true])
    expect([[], null, undefined, "x", 1, true, () => 1].map(C.isRecord)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false
    ])
  })
  it("hasOwn: own properties, never inherited ones", () => {
    expect(C.hasOwn({ a: undefined }, "a")).toBe(true)
    expect(C.hasOwn({}, "toString")).toBe(false)
    expect(C.hasOwn({}, "__proto__")).toBe(false)
    expect(C.hasOwn(Object.create({ a: 1 }) as object, "a")).toBe(false)
    expect(C.hasOwn(Object.create(null) as object, "a")).toBe(false)
    expect(C.hasOwn(JSON.parse('{"__proto__": 1}') as object, "__proto__")).toBe(true)
  })
  it("setOwn: a __proto__ key becomes an own enumerable property and the prototype is untouched", () => {
    const o: Record<string, number> = {}
    C.setOwn(o, "__proto__", 1)
    C.setOwn(o, "a", 2)
    expect(Object.keys(o)).toEqual(["__proto__", "a"])
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(o, "__proto__")).toEqual({
      value: 1,
      enumerable: true,
      writable: true,
      configurable: true
    })
    expect(o["a"]).toBe(2)
    expect(JSON.stringify(o)).toBe('{"__proto__":1,"a":2}')
  })
  it("isNonEmptyString", () => {
    expect(["a", " ", "", 1, null, undefined, ["a"]].map(C.isNonEmptyString)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false
    ])
  })
})

describe("collect", () => {
  it("returns the value of a success and leaves the errors alone", () => {
    const errors: Array<t.ValidationError> = []
    expect(C.collect(t.success(3), errors)).toBe(3)
    expect(errors).toEqual([])
  })
  it("appends the errors of a failure and returns undefined", () => {
    const first: t.ValidationError = { value: 0, context: [], message: "first" }
    const errors: Array<t.ValidationError> = [first]
    const failed = C.nonEmptyString.validate("", [])
    expect(C.collect(failed, errors)).toBeUndefined()
    expect(errors.length).toBe(2)
    expect(errors[0]).toBe(first)
    expect(errors[1]?.message).toBe("expected a non-empty string")
  })
})

// an object decoder written in the kit's dialect: expectObject, versionOf, field, optionalField, failAt, failHere, done
let builds = 0
const Envelope = new t.Type<
  { readonly version: number; readonly name: string; readonly size?: number },
  unknown,
  unknown
>(
  "envelope",
  (u): u is { version: number; name: string } => C.isRecord(u),
  (u, c) => {
    const o = C.expectObject(u, c, "an envelope")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const version = C.versionOf(errors, c, o.right, [1, 2])
    const name = C.field(C.nonEmptyString, o.right, "name", c, errors)
    const size = C.optionalField(C.integerIn(1, 9, "size"), o.right, "size", c, errors)
    if (name === "bad") C.failAt(errors, c, "name", name, "invalid_value", "a bad name")
    if (size === 9) C.failHere(errors, c, o.right, "out_of_range", "too big overall")
    return C.done(errors, () => {
      builds++
      return { version: version as number, name: name as string, ...(size === undefined ? {} : { size }) }
    })
  },
  (a) => a
)
const envelopeProblems = problemsOf(Envelope)

describe("object decoding: expectObject, versionOf, field, optionalField, failAt, failHere, done", () => {
  it("decodes a good object and builds it once", () => {
    builds = 0
    expect(accepts(Envelope)({ version: 2, name: "a", size: 3 })).toEqual({ version: 2, name: "a", size: 3 })
    expect(builds).toBe(1)
    expect(accepts(Envelope)({ version: 1, name: "a" })).toStrictEqual({ version: 1, name: "a" })
  })
  it("an absent or undefined optional field is no problem", () => {
    expect(accepts(Envelope)({ version: 1, name: "a", size: undefined })).toStrictEqual({ version: 1, name: "a" })
  })
  it("expectObject: required when missing, invalid_type otherwise, with the expected text", () => {
    expect(envelopeProblems(undefined)).toEqual([["$", "required", "required: expected an envelope"]])
    expect(envelopeProblems(null)).toEqual([["$", "invalid_type", "expected an envelope"]])
    expect(envelopeProblems([1])).toEqual([["$", "invalid_type", "expected an envelope"]])
    expect(envelopeProblems("x")).toEqual([["$", "invalid_type", "expected an envelope"]])
  })
  it("collects every problem, each at its path, and builds nothing", () => {
    builds = 0
    expect(envelopeProblems({})).toEqual([
      ["$.version", "required", "unknown snapshot version: expected one of 1, 2"],
      ["$.name", "required", "required: expected a string"]
    ])
    expect(envelopeProblems({ version: 3, name: "", size: 0 })).toEqual([
      ["$.version", "unknown_version", "unknown snapshot version: expected one of 1, 2"],
      ["$.name", "invalid_value", "expected a non-empty string"],
      ["$.size", "out_of_range", "expected a whole number in [1, 9]"]
    ])
    expect(envelopeProblems({ version: "1", name: 1, size: 1.5 })).toEqual([
      ["$.version", "unknown_version", "unknown snapshot version: expected one of 1, 2"],
      ["$.name", "invalid_type", "expected a string"],
      ["$.size", "not_integer", "expected a whole number"]
    ])
    expect(builds).toBe(0)
  })
  it("failAt reports at a child path, failHere at the current one, each with the value found", () => {
    const r = decodeWith(Envelope)({ version: 1, name: "bad", size: 9 })
    expect(E.isLeft(r) && r.left.problems).toEqual([
      { path: "$.name", segments: ["name"], code: "invalid_value", message: "a bad name", found: "bad" },
      {
        path: "$",
        segments: [],
        code: "out_of_range",
        message: "too big overall",
        found: { version: 1, name: "bad", size: 9 }
      }
    ])
  })
  it("field reads own properties only: an inherited value counts as missing", () => {
    const inherited = Object.assign(Object.create({ name: "x" }) as object, { version: 1 })
    expect(envelopeProblems(inherited)).toEqual([["$.name", "required", "required: expected a string"]])
  })
  it("paths nest: an envelope in an array in a struct", () => {
    const Outer = C.struct("outer", { items: C.array(Envelope) }, {})
    expect(problemsOf(Outer)({ items: [{ version: 1, name: "a" }, { version: 1 }] })).toEqual([
      ["$.items[1].name", "required", "required: expected a string"]
    ])
  })
})

// -------------------------------------------------------------------------------------
// struct
// -------------------------------------------------------------------------------------

const Thing = C.struct("thing", { id: C.nonEmptyString, n: C.integerIn(0, 10) }, { tag: C.text, p: C.probability })
const thingProblems = problemsOf(Thing)

describe("struct", () => {
  it("decodes required and optional fields; absent optional fields stay absent", () => {
    expect(accepts(Thing)({ id: "a", n: 1 })).toStrictEqual({ id: "a", n: 1 })
    expect(accepts(Thing)({ id: "a", n: 1, tag: "", p: 0.5 })).toStrictEqual({ id: "a", n: 1, tag: "", p: 0.5 })
    expect(accepts(Thing)({ id: "a", n: 1, p: undefined })).toStrictEqual({ id: "a", n: 1 })
  })
  it("reports every missing required key", () => {
    expect(thingProblems({})).toEqual([
      ["$.id", "required", "required: expected a string"],
      ["$.n", "required", "required: expected a whole number"]
    ])
    expect(thingProblems({ n: 1, tag: "x" })).toEqual([["$.id", "required", "required: expected a string"]])
  })
  it("reports every unknown key (first), then each field's problem at its path", () => {
    expect(thingProblems({ zz: 1, id: "", n: 11, "odd key": 2, p: 2 })).toEqual([
      ["$.zz", "unknown_key", 'unknown key "zz" in thing'],
      ['$["odd key"]', "unknown_key", 'unknown key "odd key" in thing'],
      ["$.id", "invalid_value", "expected a non-empty string"],
      ["$.n", "out_of_range", "expected a whole number in [0, 10]"],
      ["$.p", "out_of_range", "expected a probability in [0, 1]"]
    ])
  })
  it("reports a __proto__ key as unknown, found as the value given", () => {
    const r = decodeWith(Thing)(JSON.parse('{"id": "a", "n": 1, "__proto__": {"polluted": true}}'))
    expect(E.isLeft(r) && r.left.problems.map((p) => [p.path, p.code, p.found])).toEqual([
      ["$.__proto__", "unknown_key", { polluted: true }]
    ])
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
  })
  it("rejects what is not an object, naming the struct", () => {
    expect(thingProblems(undefined)).toEqual([["$", "required", "required: expected thing object"]])
    expect(thingProblems(null)).toEqual([["$", "invalid_type", "expected thing object"]])
    expect(thingProblems([])).toEqual([["$", "invalid_type", "expected thing object"]])
    expect(thingProblems(7)).toEqual([["$", "invalid_type", "expected thing object"]])
  })
  it("every unknown key is reported at its own path", () => {
    const extraKey = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/).filter((k) => !["id", "n", "tag", "p"].includes(k))
    fc.assert(
      fc.property(fc.uniqueArray(extraKey, { minLength: 1, maxLength: 5 }), (keys) => {
        const input: Record<string, unknown> = { id: "a", n: 1 }
        for (const k of keys) input[k] = 0
        expect(thingProblems(input)).toEqual(
          keys.map((k) => [atKey("$", k), "unknown_key", `unknown key "${k}" in thing`])
        )
      })
    )
  })
  it("encodes each field with its codec and drops undefined values and unknown keys", () => {
    const Stamped = C.struct("stamped", { at: InstantCodec }, { note: C.text })
    expect(Stamped.encode({ at: 0 })).toStrictEqual({ at: "1970-01-01T00:00:00.000Z" })
    expect(Stamped.encode({ at: 0, note: "x" })).toStrictEqual({ at: "1970-01-01T00:00:00.000Z", note: "x" })
    expect(Stamped.encode({ at: 0, extra: 1 } as unknown as { at: number })).toStrictEqual({
      at: "1970-01-01T00:00:00.000Z"
    })
  })
  it("is: any plain object; name: the given name", () => {
    expect(Thing.is({})).toBe(true)
    expect(Thing.is([])).toBe(false)
    expect(Thing.name).toBe("thing")
  })
  roundTrip(
    "struct",
    Thing,
    fc.record(
      {
        id: fc.string({ minLength: 1 }),
        n: fc.integer({ min: 0, max: 10 }),
        tag: fc.string(),
        p: fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero)
      },
      { requiredKeys: ["id", "n"], noNullPrototype: true }
    ),
    deepEq
  )
  decoderTotal("struct", decodeWith(Thing))
})

// -------------------------------------------------------------------------------------
// numbers
// -------------------------------------------------------------------------------------

describe("numberIn", () => {
  const unit = oneProblem(C.numberIn(0, 1))
  it("accepts the closed interval, both ends included", () => {
    expect([0, 0.5, 1].map(accepts(C.numberIn(0, 1)))).toEqual([0, 0.5, 1])
  })
  it("rejects with stable codes", () => {
    expect(unit(-1e-9)).toEqual(["out_of_range", "expected a number in [0, 1]"])
    expect(unit(1.0000001)).toEqual(["out_of_range", "expected a number in [0, 1]"])
    expect(unit(Number.NaN)).toEqual(["non_finite", "expected a finite number"])
    expect(unit(Number.POSITIVE_INFINITY)).toEqual(["non_finite", "expected a finite number"])
    expect(unit("0.5")).toEqual(["invalid_type", "expected a number"])
    expect(unit(null)).toEqual(["invalid_type", "expected a number"])
    expect(unit(undefined)).toEqual(["required", "required: expected a number"])
  })
  it("is and name", () => {
    expect(C.numberIn(0, 1).is(0.5)).toBe(true)
    expect(C.numberIn(0, 1).is(2)).toBe(false)
    expect(C.numberIn(0, 1).name).toBe("number")
    expect(C.numberIn(0, 1, "share").name).toBe("share")
  })
  roundTrip("numberIn", C.numberIn(-10, 10), fc.double({ min: -10, max: 10, noNaN: true }).map(noNegativeZero), deepEq)
})

describe("integerIn", () => {
  const small = oneProblem(C.integerIn(1, 5))
  it("accepts whole numbers in the closed interval", () => {
    expect([1, 3, 5, 2.0].map(accepts(C.integerIn(1, 5)))).toEqual([1, 3, 5, 2])
  })
  it("rejects with stable codes, non-finite before fraction before range", () => {
    expect(small(0)).toEqual(["out_of_range", "expected a whole number in [1, 5]"])
    expect(small(6)).toEqual(["out_of_range", "expected a whole number in [1, 5]"])
    expect(small(1.5)).toEqual(["not_integer", "expected a whole number"])
    expect(small(7.5)).toEqual(["not_integer", "expected a whole number"])
    expect(small(Number.NEGATIVE_INFINITY)).toEqual(["non_finite", "expected a finite number"])
    expect(small(Number.NaN)).toEqual(["non_finite", "expected a finite number"])
    expect(small("1")).toEqual(["invalid_type", "expected a whole number"])
    expect(small(undefined)).toEqual(["required", "required: expected a whole number"])
  })
  it("is", () => {
    expect(C.integerIn(1, 5).is(2)).toBe(true)
    expect(C.integerIn(1, 5).is(2.5)).toBe(false)
    expect(C.integerIn(1, 5).is(6)).toBe(false)
  })
  roundTrip("integerIn", C.integerIn(-1000, 1000), fc.integer({ min: -1000, max: 1000 }).map(noNegativeZero), deepEq)
})

describe("finite", () => {
  it("accepts every finite number, up to ±Number.MAX_VALUE", () => {
    expect([0, -Number.MAX_VALUE, Number.MAX_VALUE, 1e-300].map(accepts(C.finite))).toEqual([
      0,
      -Number.MAX_VALUE,
      Number.MAX_VALUE,
      1e-300
    ])
  })
  it("rejects non-finite numbers and non-numbers", () => {
    expect(oneProblem(C.finite)(Number.NEGATIVE_INFINITY)).toEqual(["non_finite", "expected a finite number"])
    expect(oneProblem(C.finite)(Number.NaN)).toEqual(["non_finite", "expected a finite number"])
    expect(oneProblem(C.finite)(true)).toEqual(["invalid_type", "expected a number"])
  })
  roundTrip("finite", C.finite, fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero), deepEq)
})

describe("finiteNumber (the snapshot wording)", () => {
  const one = oneProblem(C.finiteNumber)
  it("accepts finite numbers", () => {
    expect([0, -1.5, Number.MAX_VALUE].map(accepts(C.finiteNumber))).toEqual([0, -1.5, Number.MAX_VALUE])
  })
  it("rejects with the snapshot messages", () => {
    expect(one(Number.NaN)).toEqual(["non_finite", "expected a finite number, found a non-finite number"])
    expect(one(Number.POSITIVE_INFINITY)).toEqual(["non_finite", "expected a finite number, found a non-finite number"])
    expect(one("1")).toEqual(["invalid_type", "expected a finite number"])
    expect(one(undefined)).toEqual(["required", "required: expected a finite number"])
  })
  roundTrip(
    "finiteNumber",
    C.finiteNumber,
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero),
    deepEq
  )
})

describe("probability", () => {
  const one = oneProblem(C.probability)
  it("accepts [0, 1]", () => {
    expect([0, 0.25, 1].map(accepts(C.probability))).toEqual([0, 0.25, 1])
  })
  it("rejects with stable codes", () => {
    expect(one(1.01)).toEqual(["out_of_range", "expected a probability in [0, 1]"])
    expect(one(-0.01)).toEqual(["out_of_range", "expected a probability in [0, 1]"])
    expect(one(Number.NaN)).toEqual(["non_finite", "expected a probability in [0, 1], found a non-finite number"])
    expect(one(Number.POSITIVE_INFINITY)).toEqual([
      "non_finite",
      "expected a probability in [0, 1], found a non-finite number"
    ])
    expect(one("0.5")).toEqual(["invalid_type", "expected a probability in [0, 1]"])
    expect(one(null)).toEqual(["invalid_type", "expected a probability in [0, 1]"])
    expect(one(undefined)).toEqual(["required", "required: expected a probability in [0, 1]"])
  })
  roundTrip("probability", C.probability, fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero), deepEq)
})

describe("selectionProbability", () => {
  it("reads null as NaN (not estimated) and writes NaN as null", () => {
    expect(Number.isNaN(accepts(C.selectionProbability)(null))).toBe(true)
    expect(accepts(C.selectionProbability)(0.3)).toBe(0.3)
    expect(C.selectionProbability.encode(Number.NaN)).toBeNull()
    expect(C.selectionProbability.encode(0.3)).toBe(0.3)
    expect(C.selectionProbability.is(Number.NaN)).toBe(true)
    expect(C.selectionProbability.is(1.5)).toBe(false)
  })
  it("otherwise is a probability", () => {
    expect(oneProblem(C.selectionProbability)(2)).toEqual(["out_of_range", "expected a probability in [0, 1]"])
    expect(oneProblem(C.selectionProbability)(Number.NaN)).toEqual([
      "non_finite",
      "expected a probability in [0, 1], found a non-finite number"
    ])
    expect(oneProblem(C.selectionProbability)(undefined)).toEqual([
      "required",
      "required: expected a probability in [0, 1]"
    ])
  })
  roundTrip(
    "selectionProbability",
    C.selectionProbability,
    fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero)),
    sameNumber
  )
})

describe("integerAtLeast, duration", () => {
  const two = oneProblem(C.integerAtLeast(2, "pair"))
  it("accepts safe whole numbers from min on", () => {
    expect([2, 3, Number.MAX_SAFE_INTEGER].map(accepts(C.integerAtLeast(2, "pair")))).toEqual([
      2,
      3,
      Number.MAX_SAFE_INTEGER
    ])
    expect(C.integerAtLeast(2, "pair").name).toBe("pair")
  })
  it("rejects with stable codes", () => {
    expect(two(1)).toEqual(["out_of_range", "expected a whole number ≥ 2"])
    expect(two(2.5)).toEqual(["not_integer", "expected a whole number ≥ 2"])
    expect(two(2 ** 60)).toEqual(["not_integer", "expected a whole number ≥ 2"])
    expect(two(Number.NaN)).toEqual(["non_finite", "expected a whole number ≥ 2, found a non-finite number"])
    expect(two("2")).toEqual(["invalid_type", "expected a whole number ≥ 2"])
    expect(two(undefined)).toEqual(["required", "required: expected a whole number ≥ 2"])
  })
  it("duration: a whole number of milliseconds ≥ 1", () => {
    expect(accepts(C.duration)(1)).toBe(1)
    expect(oneProblem(C.duration)(0)).toEqual(["out_of_range", "expected a whole number ≥ 1"])
    expect(oneProblem(C.duration)(0.5)).toEqual(["not_integer", "expected a whole number ≥ 1"])
    expect(C.duration.name).toBe("Duration")
  })
  roundTrip("integerAtLeast", C.integerAtLeast(2, "pair"), fc.integer({ min: 2 }), deepEq)
  roundTrip("duration", C.duration, fc.integer({ min: 1 }), deepEq)
})

describe("count, weight", () => {
  const count = oneProblem(C.count)
  const weight = oneProblem(C.weight)
  it("count: a non-negative safe integer", () => {
    expect([0, 7, Number.MAX_SAFE_INTEGER].map(accepts(C.count))).toEqual([0, 7, Number.MAX_SAFE_INTEGER])
    expect(count(-1)).toEqual(["out_of_range", "a count cannot be negative"])
    expect(count(1.5)).toEqual(["not_integer", "a count must be a whole number"])
    expect(count(2 ** 60)).toEqual(["not_integer", "a count must be a whole number"])
    expect(count(Number.POSITIVE_INFINITY)).toEqual([
      "non_finite",
      "expected a count (a non-negative integer), found a non-finite number"
    ])
    expect(count("1")).toEqual(["invalid_type", "expected a count (a non-negative integer)"])
    expect(count(undefined)).toEqual(["required", "required: expected a count (a non-negative integer)"])
  })
  it("weight: a non-negative finite number", () => {
    expect([0, 0.5, 1e9].map(accepts(C.weight))).toEqual([0, 0.5, 1e9])
    expect(weight(-0.5)).toEqual(["out_of_range", "a count cannot be negative"])
    expect(weight(Number.NaN)).toEqual(["non_finite", "expected a non-negative number, found a non-finite number"])
    expect(weight(null)).toEqual(["invalid_type", "expected a non-negative number"])
    expect(weight(undefined)).toEqual(["required", "required: expected a non-negative number"])
  })
  roundTrip("count", C.count, fc.nat(), deepEq)
  roundTrip("weight", C.weight, fc.double({ min: 0, max: 1e12, noNaN: true }).map(noNegativeZero), deepEq)
})

// -------------------------------------------------------------------------------------
// strings and booleans
// -------------------------------------------------------------------------------------

describe("nonEmptyString, text, boolean", () => {
  it("nonEmptyString", () => {
    expect(accepts(C.nonEmptyString)(" ")).toBe(" ")
    expect(oneProblem(C.nonEmptyString)("")).toEqual(["invalid_value", "expected a non-empty string"])
    expect(oneProblem(C.nonEmptyString)(1)).toEqual(["invalid_type", "expected a string"])
    expect(oneProblem(C.nonEmptyString)(undefined)).toEqual(["required", "required: expected a string"])
    expect(C.nonEmptyString.is("")).toBe(false)
  })
  it("text accepts the empty string", () => {
    expect(accepts(C.text)("")).toBe("")
    expect(oneProblem(C.text)(0)).toEqual(["invalid_type", "expected a string"])
    expect(oneProblem(C.text)(undefined)).toEqual(["required", "required: expected a string"])
  })
  it("boolean", () => {
    expect([true, false].map(accepts(C.boolean))).toEqual([true, false])
    expect(oneProblem(C.boolean)("true")).toEqual(["invalid_type", "expected a boolean"])
    expect(oneProblem(C.boolean)(0)).toEqual(["invalid_type", "expected a boolean"])
    expect(oneProblem(C.boolean)(undefined)).toEqual(["required", "required: expected a boolean"])
  })
  roundTrip("nonEmptyString", C.nonEmptyString, fc.string({ minLength: 1 }), deepEq)
  roundTrip("text", C.text, fc.string(), deepEq)
  roundTrip("boolean", C.boolean, fc.boolean(), deepEq)
})

describe("oneOf", () => {
  const color = C.oneOf(["red", "green"] as const, "color")
  it("accepts the listed strings only, naming them when it rejects", () => {
    expect(accepts(color)("green")).toBe("green")
    expect(oneProblem(color)("blue")).toEqual(["invalid_value", 'expected one of "red", "green"'])
    expect(oneProblem(color)("Red")).toEqual(["invalid_value", 'expected one of "red", "green"'])
    expect(oneProblem(color)(1)).toEqual(["invalid_type", 'expected one of "red", "green"'])
    expect(oneProblem(color)(undefined)).toEqual(["required", 'required: expected one of "red", "green"'])
  })
  it("is and name", () => {
    expect(color.is("red")).toBe(true)
    expect(color.is("blue")).toBe(false)
    expect(color.name).toBe("color")
    expect(C.oneOf(["a"]).name).toBe("one of")
  })
  roundTrip("oneOf", color, fc.constantFrom("red" as const, "green" as const), deepEq)
})

describe("stringOrStrings", () => {
  const one = oneProblem(C.stringOrStrings)
  it("normalises one string to an array of one", () => {
    expect(accepts(C.stringOrStrings)("x")).toEqual(["x"])
    expect(accepts(C.stringOrStrings)(["a", "b"])).toEqual(["a", "b"])
  })
  it("rejects empty strings, empty arrays and other values", () => {
    expect(one("")).toEqual(["invalid_value", "expected a non-empty string"])
    expect(one([])).toEqual(["invalid_value", "expected at least one string"])
    expect(one(3)).toEqual(["invalid_type", "expected a string or an array of strings"])
    expect(one(undefined)).toEqual(["required", "required: expected a string or an array of strings"])
    expect(problemsOf(C.stringOrStrings)(["a", "", 2])).toEqual([
      ["$[1]", "invalid_value", "expected a non-empty string"],
      ["$[2]", "invalid_type", "expected a string"]
    ])
  })
  it("encodes to a fresh array", () => {
    const xs = ["a"]
    const encoded = C.stringOrStrings.encode(xs)
    expect(encoded).toEqual(["a"])
    expect(encoded).not.toBe(xs)
  })
  roundTrip("stringOrStrings", C.stringOrStrings, fc.array(fc.string({ minLength: 1 }), { minLength: 1 }), deepEq)
})

// -------------------------------------------------------------------------------------
// arrays and records
// -------------------------------------------------------------------------------------

describe("array", () => {
  const names = C.array(C.nonEmptyString)
  it("decodes every element", () => {
    expect(accepts(names)([])).toEqual([])
    expect(accepts(names)(["a", "b"])).toEqual(["a", "b"])
  })
  it("reports each bad element at its index", () => {
    expect(problemsOf(names)(["x", "", 3, "y", null])).toEqual([
      ["$[1]", "invalid_value", "expected a non-empty string"],
      ["$[2]", "invalid_type", "expected a string"],
      ["$[4]", "invalid_type", "expected a string"]
    ])
    expect(problemsOf(C.array(Thing))([{ id: "a", n: 1 }, { id: "b" }, { id: "c", n: 2, x: 0 }])).toEqual([
      ["$[1].n", "required", "required: expected a whole number"],
      ["$[2].x", "unknown_key", 'unknown key "x" in thing']
    ])
  })
  it("the problems name exactly the indices of the bad elements", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ minLength: 1 }), fc.constant(""), fc.integer())), (xs) => {
        const ps = problemsOf(names)(xs)
        const bad = xs.flatMap((x, i) => (typeof x === "string" && x.length > 0 ? [] : [`$[${i}]`]))
        expect(ps === "decoded" ? [] : ps.map((p) => p[0])).toEqual(bad)
      })
    )
  })
  it("rejects what is not an array", () => {
    expect(oneProblem(names)({})).toEqual(["invalid_type", "expected an array"])
    expect(oneProblem(names)("a")).toEqual(["invalid_type", "expected an array"])
    expect(oneProblem(names)(undefined)).toEqual(["required", "required: expected an array"])
  })
  it("encodes each element with its codec; is checks each element; name", () => {
    expect(C.array(InstantCodec).encode([0, 86_400_000])).toEqual([
      "1970-01-01T00:00:00.000Z",
      "1970-01-02T00:00:00.000Z"
    ])
    expect(names.is(["a"])).toBe(true)
    expect(names.is(["a", ""])).toBe(false)
    expect(names.is("a")).toBe(false)
    expect(names.name).toBe("Array<non-empty string>")
    expect(C.array(C.text, "Notes").name).toBe("Notes")
  })
  roundTrip("array", C.array(C.integerIn(0, 9)), fc.array(fc.integer({ min: 0, max: 9 })), deepEq)
  roundTrip(
    "array of instants",
    C.array(InstantCodec),
    fc.array(fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT })),
    deepEq
  )
})

describe("recordOf", () => {
  const odds = C.recordOf(C.probability)
  it("decodes every value, reporting each bad one at its key", () => {
    expect(accepts(odds)({})).toEqual({})
    expect(accepts(odds)({ a: 0.5, b: 1 })).toEqual({ a: 0.5, b: 1 })
    expect(problemsOf(odds)({ a: 0.5, "b c": 2, d: "x" })).toEqual([
      ['$["b c"]', "out_of_range", "expected a probability in [0, 1]"],
      ["$.d", "invalid_type", "expected a probability in [0, 1]"]
    ])
  })
  it("keeps a __proto__ key as an own key, without touching the prototype", () => {
    const r = accepts(odds)(JSON.parse('{"__proto__": 0.5, "a": 1}'))
    if (r === "rejected") throw new Error("expected a record")
    expect(Object.keys(r)).toEqual(["__proto__", "a"])
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
    expect(JSON.stringify(odds.encode(r))).toBe('{"__proto__":0.5,"a":1}')
  })
  it("rejects what is not an object", () => {
    expect(oneProblem(odds)([])).toEqual(["invalid_type", "expected an object"])
    expect(oneProblem(odds)(null)).toEqual(["invalid_type", "expected an object"])
    expect(oneProblem(odds)(undefined)).toEqual(["required", "required: expected an object"])
  })
  it("encodes every value with its codec; is; name", () => {
    expect(C.recordOf(InstantCodec).encode({ t: 0 })).toEqual({ t: "1970-01-01T00:00:00.000Z" })
    expect(odds.is({ a: 0.5 })).toBe(true)
    expect(odds.is({ a: 2 })).toBe(false)
    expect(odds.is([])).toBe(false)
    expect(odds.name).toBe("Record<string, Probability>")
  })
  roundTrip(
    "recordOf",
    odds,
    fc.dictionary(fc.string(), fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero), {
      noNullPrototype: true
    }),
    deepEq
  )
})

// -------------------------------------------------------------------------------------
// instants and versions
// -------------------------------------------------------------------------------------

describe("instant", () => {
  const one = oneProblem(C.instant)
  it("reads epoch milliseconds or ISO 8601 text with a zone, and writes epoch milliseconds", () => {
    expect(accepts(C.instant)(0)).toBe(0)
    expect(accepts(C.instant)("2024-05-01T00:00:00Z")).toBe(Date.UTC(2024, 4, 1))
    expect(accepts(C.instant)("2024-05-01T02:00:00+02:00")).toBe(Date.UTC(2024, 4, 1))
    expect(accepts(C.instant)("2024-05-01")).toBe(Date.UTC(2024, 4, 1))
    expect(C.instant.encode(Date.UTC(2024, 4, 1))).toBe(1714521600000)
    expect(InstantCodec.encode(Date.UTC(2024, 4, 1))).toBe("2024-05-01T00:00:00.000Z")
  })
  it("rejects with the codes of Time.InstantCodec", () => {
    expect(one("2024-05-01T00:00:00")).toEqual([
      "invalid_value",
      "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z"
    ])
    expect(one(1.5)).toEqual(["not_integer", "expected an instant: whole epoch milliseconds within the range of Date"])
    expect(one(8.64e15 + 2)).toEqual([
      "out_of_range",
      "expected an instant between 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"
    ])
    expect(one(Number.NaN)).toEqual(["non_finite", "expected an instant, found a non-finite number"])
    expect(one(true)).toEqual(["invalid_type", "expected an instant (epoch milliseconds or ISO 8601 text)"])
    expect(one(undefined)).toEqual(["required", "required: expected an instant"])
  })
  roundTrip("instant", C.instant, fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }).map(noNegativeZero), deepEq)
})

describe("epoch", () => {
  const one = oneProblem(C.epoch)
  it("reads epoch milliseconds only", () => {
    expect(accepts(C.epoch)(1714521600000)).toBe(1714521600000)
    expect(one("2024-05-01")).toEqual(["invalid_type", "expected an instant (epoch milliseconds)"])
    expect(one(1.5)).toEqual(["not_integer", "expected whole epoch milliseconds within the range of Date"])
    expect(one(9e15)).toEqual([
      "out_of_range",
      "expected an instant between 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"
    ])
    expect(one(Number.NEGATIVE_INFINITY)).toEqual([
      "non_finite",
      "expected an instant (epoch milliseconds), found a non-finite number"
    ])
    expect(one(undefined)).toEqual(["required", "required: expected an instant (epoch milliseconds)"])
  })
  roundTrip("epoch", C.epoch, fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }).map(noNegativeZero), deepEq)
})

describe("version", () => {
  const v2 = C.version(2)
  it("accepts only its version", () => {
    expect(accepts(v2)(2)).toBe(2)
    expect(oneProblem(v2)(1)).toEqual(["unknown_version", "unknown snapshot version: expected 2"])
    expect(oneProblem(v2)("2")).toEqual(["unknown_version", "unknown snapshot version: expected 2"])
    expect(oneProblem(v2)(undefined)).toEqual(["required", "required: a snapshot version (2)"])
    expect(v2.name).toBe("Version<2>")
    expect(v2.is(2)).toBe(true)
    expect(v2.is(3)).toBe(false)
  })
  roundTrip("version", v2, fc.constant(2), deepEq)
})

describe("versionOf", () => {
  it("returns a supported version, else reports required or unknown_version at $.version", () => {
    const errors: Array<t.ValidationError> = []
    expect(C.versionOf(errors, [], { version: 2 }, [1, 2])).toBe(2)
    expect(errors).toEqual([])
    expect(C.versionOf(errors, [], { version: 3 }, [1, 2])).toBeUndefined()
    expect(C.versionOf(errors, [], {}, [1])).toBeUndefined()
    expect(errors.map((e) => [(e as t.ValidationError & { code: string }).code, e.message, e.value])).toEqual([
      ["unknown_version", "unknown snapshot version: expected one of 1, 2", 3],
      ["required", "unknown snapshot version: expected one of 1", undefined]
    ])
    expect(errors.map((e) => e.context.map((entry) => entry.key))).toEqual([["version"], ["version"]])
  })
})
