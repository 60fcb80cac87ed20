import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Value } from "../../src/index.js"
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
