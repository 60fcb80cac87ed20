import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { DecodeError, Value } from "../../src/index.js"
import { deepEq, roundTrip } from "../laws.js"

describe("Value", () => {
  it("evaluates expressions totally", () => {
    const v = Value.max(Value.constant(5), Value.product(Value.constant(0.01), Value.fact("subject.balance")))
    expect(Value.evaluate(v)({ subject: { balance: 2000 } })).toBe(20)
    expect(Value.evaluate(v)({ subject: { balance: "lots" } })).toBe(5)
    expect(Value.evaluate(Value.product(Value.fact("x", 1e308), Value.constant(10)))({})).toBe(0)
    expect(Value.evaluate(Value.sum(Value.fact("a.__proto__"), Value.constant(1)))({ a: {} })).toBe(1)
  })
  roundTrip(
    "ValueCodec",
    Value.codec,
    fc.letrec<{ v: Value.Value }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.integer().map(Value.constant),
        fc.constantFrom("subject.a", "context.b").map((p) => Value.fact(p, 2)),
        fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.sum(...vs)),
        fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.max(...vs))
      )
    })).v,
    deepEq
  )
})

const valueArb: fc.Arbitrary<Value.Value> = fc.letrec<{ v: Value.Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -1000, max: 1000 }).map(Value.constant),
    fc
      .tuple(fc.constantFrom("subject.a", "subject.b", "context.c"), fc.integer({ min: -5, max: 5 }))
      .map(([p, d]) => Value.fact(p, d)),
    fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.sum(...vs)),
    fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.product(...vs)),
    fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.min(...vs)),
    fc.array(tie("v"), { maxLength: 3 }).map((vs) => Value.max(...vs))
  )
})).v
const factsArb = fc.record({
  subject: fc.record(
    {
      a: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.constant("x"), fc.constant(Number.NaN)),
      b: fc.integer({ min: 0, max: 10 })
    },
    { requiredKeys: [] }
  ),
  context: fc.record({ c: fc.double({ noNaN: false }) }, { requiredKeys: [] })
})

describe("Value: known answers", () => {
  it("evaluates each expression", () => {
    const facts = { subject: { balance: 2000, tier: "gold" } }
    expect(Value.evaluate(Value.constant(7))(facts)).toBe(7)
    expect(Value.evaluate(Value.fact("subject.balance"))(facts)).toBe(2000)
    expect(Value.evaluate(Value.fact("subject.tier", 3))(facts)).toBe(3)
    expect(Value.evaluate(Value.fact("subject.missing", 4))(facts)).toBe(4)
    expect(Value.evaluate(Value.sum(Value.constant(1), Value.constant(2), Value.fact("subject.balance")))(facts)).toBe(
      2003
    )
    expect(Value.evaluate(Value.product(Value.constant(0.5), Value.constant(4)))(facts)).toBe(2)
    expect(Value.evaluate(Value.min(Value.constant(3), Value.constant(-1)))(facts)).toBe(-1)
    expect(Value.evaluate(Value.max(Value.constant(3), Value.constant(-1)))(facts)).toBe(3)
    expect(Value.evaluate(Value.sum())(facts)).toBe(0)
    expect(Value.evaluate(Value.product())(facts)).toBe(1)
    expect(Value.evaluate(Value.min())(facts)).toBe(0)
    expect(Value.evaluate(Value.max())(facts)).toBe(0)
    expect(Value.evaluate(Value.constant(Number.POSITIVE_INFINITY))(facts)).toBe(0)
  })
  it("decodes the JSON forms and encodes a constant back to a plain number", () => {
    expect(Value.codec.decode(120)).toEqual(E.right(Value.constant(120)))
    expect(Value.codec.encode(Value.constant(120))).toBe(120)
    const json = { max: [5, { product: [0.01, { fact: "subject.balance" }] }] }
    const decoded = Value.codec.decode(json)
    expect(decoded).toEqual(
      E.right(Value.max(Value.constant(5), Value.product(Value.constant(0.01), Value.fact("subject.balance"))))
    )
    if (E.isRight(decoded)) expect(Value.evaluate(decoded.right)({ subject: { balance: 100 } })).toBe(5)
    expect(E.isLeft(Value.codec.decode("ten"))).toBe(true)
    expect(E.isLeft(Value.codec.decode({ sum: 3 }))).toBe(true)
    expect(E.isLeft(Value.codec.decode({ fact: "" }))).toBe(true)
  })
  it("isConstant tells constants apart", () => {
    expect(Value.isConstant(Value.constant(1))).toBe(true)
    expect(Value.isConstant(Value.fact("subject.a"))).toBe(false)
  })
})

describe("Value laws", () => {
  it("is total: evaluate always returns a finite number", () => {
    fc.assert(fc.property(valueArb, factsArb, (v, facts) => Number.isFinite(Value.evaluate(v)(facts))))
  })
  it("constant(v) evaluates to v on any facts", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), factsArb, (x, facts) =>
        Object.is(Value.evaluate(Value.constant(x))(facts), x)
      )
    )
  })
  it("compile(e) agrees with evaluate(e)", () => {
    fc.assert(
      fc.property(valueArb, factsArb, (v, facts) => Object.is(Value.compile(v)(facts), Value.evaluate(v)(facts)))
    )
  })
  roundTrip("Value.codec", Value.codec, valueArb, deepEq)
  it("a plain number decodes to a constant and encodes back to the number", () => {
    fc.assert(
      fc.property(fc.integer(), (x) => {
        const d = Value.codec.decode(x)
        return E.isRight(d) && Value.isConstant(d.right) && Value.codec.encode(d.right) === x
      })
    )
  })
})

describe("Value: bounded decoding, any depth after", () => {
  const decode = DecodeError.decodeWith(Value.codec)
  const nestSum = (levels: number): unknown => {
    let json: unknown = { fact: "subject.a" }
    for (let i = 1; i < levels; i++) json = i % 2 === 0 ? { sum: [json] } : { max: [1, json] }
    return json
  }
  const problems = (u: unknown) => {
    const r = decode(u)
    return E.isLeft(r) ? r.left.problems.map((p) => [p.path.length > 40 ? "deep" : p.path, p.code, p.message]) : []
  }
  it(`reads expressions up to MAX_DEPTH = ${Value.MAX_DEPTH} levels and reports a deeper one as too_deep`, () => {
    expect(Value.MAX_DEPTH).toBe(64)
    expect(E.isRight(decode(nestSum(Value.MAX_DEPTH)))).toBe(true)
    expect(problems(nestSum(Value.MAX_DEPTH + 1))).toEqual([
      ["deep", "too_deep", "value expressions may nest at most 64 levels deep"]
    ])
    // a number is a level too
    expect(problems({ sum: [nestSum(Value.MAX_DEPTH - 1)] }).map((p) => p[1])).toEqual([])
  })
  it("sum/max nested 2,400 deep: one too_deep problem, no throw, well under a second", () => {
    const started = Date.now()
    expect(problems(nestSum(2_400)).map((p) => p[1])).toEqual(["too_deep"])
    expect(problems(nestSum(100_000)).map((p) => p[1])).toEqual(["too_deep"])
    expect(Date.now() - started).toBeLessThan(1_000)
  })
  it(`more than MAX_TERMS = ${Value.MAX_TERMS} terms: one too_large problem at the root, not a RangeError`, () => {
    expect(Value.MAX_TERMS).toBe(10_000)
    const wide = (n: number) => ({ max: Array.from({ length: n }, (_, i) => i) })
    // the list and its terms: 1 + n terms
    expect(E.isRight(decode(wide(Value.MAX_TERMS - 1)))).toBe(true)
    expect(problems(wide(Value.MAX_TERMS)).map((p) => p[1])).toEqual(["too_large"])
    const started = Date.now()
    expect(problems({ sum: [wide(200_000)] })).toEqual([
      ["$", "too_large", "a value expression may have at most 10000 terms"]
    ])
    expect(Date.now() - started).toBeLessThan(1_000)
  })
  it("a constructor-built expression 100,000 levels deep or 200,000 terms wide evaluates and encodes", () => {
    let deep = Value.fact("subject.a", 1)
    for (let i = 0; i < 100_000; i++) deep = Value.sum(deep, Value.constant(1))
    expect(Value.evaluate(deep)({ subject: { a: 5 } })).toBe(100_005)
    expect(typeof Value.codec.encode(deep)).toBe("object")
    const values = Array.from({ length: 200_000 }, (_, i) => Value.constant(i))
    const wide: Value.Value = { _tag: "Max", values }
    expect(Value.evaluate(wide)({})).toBe(199_999)
    expect(Value.evaluate({ _tag: "Min", values })({})).toBe(0)
  })
  it("past MAX_DEPTH the explicit-stack evaluator agrees with the closures", () => {
    const nest = (levels: number, v: Value.Value): Value.Value => {
      let x = v
      for (let i = 0; i < levels; i++) x = Value.sum(x)
      return x
    }
    fc.assert(
      fc.property(valueArb, factsArb, (v, facts) => {
        // 0 + x is x for every x but −0, and once is as many times as 65
        expect(Value.evaluate(nest(Value.MAX_DEPTH + 1, v))(facts)).toBe(Value.evaluate(nest(1, v))(facts))
      }),
      { numRuns: 500 }
    )
  })
})
