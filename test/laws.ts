/**
 * The laws helper: one property per law, applied to every instance the library exports.
 * Each function registers vitest tests; call it inside a `describe`.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import type { Eq } from "fp-ts/lib/Eq.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import type { Semigroup } from "fp-ts/lib/Semigroup.js"
import type * as t from "io-ts/lib/index.js"
import { expect, it } from "vitest"

export interface LawOptions {
  readonly numRuns?: number
}

const params = (o?: LawOptions) => ({ numRuns: o?.numRuns ?? 200 })

export const associativity = <A>(name: string, S: Semigroup<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  it(`${name}: associativity`, () => {
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => eq.equals(S.concat(S.concat(a, b), c), S.concat(a, S.concat(b, c)))),
      params(o)
    )
  })
}

export const commutativity = <A>(name: string, S: Semigroup<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  it(`${name}: commutativity`, () => {
    fc.assert(fc.property(arb, arb, (a, b) => eq.equals(S.concat(a, b), S.concat(b, a))), params(o))
  })
}

export const identity = <A>(name: string, M: Monoid<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  it(`${name}: left and right identity`, () => {
    fc.assert(fc.property(arb, (a) => eq.equals(M.concat(M.empty, a), a) && eq.equals(M.concat(a, M.empty), a)), params(o))
  })
}

/** associativity and identity */
export const monoidLaws = <A>(name: string, M: Monoid<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  associativity(name, M, arb, eq, o)
  identity(name, M, arb, eq, o)
}

/** associativity, identity and commutativity */
export const commutativeMonoidLaws = <A>(name: string, M: Monoid<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  monoidLaws(name, M, arb, eq, o)
  commutativity(name, M, arb, eq, o)
}

/** decode ∘ encode = identity on every generated value */
export const roundTrip = <A, O>(name: string, codec: t.Type<A, O, unknown>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  it(`${name}: decode ∘ encode = identity`, () => {
    fc.assert(
      fc.property(arb, (a) => {
        const json: unknown = JSON.parse(JSON.stringify(codec.encode(a)))
        const decoded = codec.decode(json)
        expect(E.isRight(decoded)).toBe(true)
        return E.isRight(decoded) && eq.equals(decoded.right, a)
      }),
      params(o)
    )
  })
}

/** the decoder never throws, whatever JSON it is given */
export const decoderTotal = (name: string, decode: (u: unknown) => unknown, o?: LawOptions): void => {
  it(`${name}: never throws on arbitrary JSON`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (u) => {
        decode(u)
        return true
      }),
      params(o)
    )
  })
}

/** Eq by structural equality of JSON-like values (exact; NaN is never equal) */
export const deepEq: Eq<unknown> = {
  equals: (x, y) => {
    try {
      expect(x).toStrictEqual(y)
      return true
    } catch {
      return false
    }
  }
}
