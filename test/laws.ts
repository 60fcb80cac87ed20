/**
 * The laws helper: one property per law, applied to every instance the library exports.
 * Each function registers vitest tests; call it inside a `describe`.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import type { BooleanAlgebra } from "fp-ts/lib/BooleanAlgebra.js"
import type { Eq } from "fp-ts/lib/Eq.js"
import type { Monoid } from "fp-ts/lib/Monoid.js"
import type { Ord } from "fp-ts/lib/Ord.js"
import type { Semigroup } from "fp-ts/lib/Semigroup.js"
import type * as t from "io-ts/lib/index.js"
import { expect, it } from "vitest"

export interface LawOptions {
  readonly numRuns?: number
}

const params = (o?: LawOptions) => ({ numRuns: o?.numRuns ?? 200 })

export const associativity = <A>(
  name: string,
  S: Semigroup<A>,
  arb: fc.Arbitrary<A>,
  eq: Eq<A>,
  o?: LawOptions
): void => {
  it(`${name}: associativity`, () => {
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => eq.equals(S.concat(S.concat(a, b), c), S.concat(a, S.concat(b, c)))),
      params(o)
    )
  })
}

export const commutativity = <A>(
  name: string,
  S: Semigroup<A>,
  arb: fc.Arbitrary<A>,
  eq: Eq<A>,
  o?: LawOptions
): void => {
  it(`${name}: commutativity`, () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => eq.equals(S.concat(a, b), S.concat(b, a))),
      params(o)
    )
  })
}

export const identity = <A>(name: string, M: Monoid<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  it(`${name}: left and right identity`, () => {
    fc.assert(
      fc.property(arb, (a) => eq.equals(M.concat(M.empty, a), a) && eq.equals(M.concat(a, M.empty), a)),
      params(o)
    )
  })
}

/** associativity and identity */
export const monoidLaws = <A>(name: string, M: Monoid<A>, arb: fc.Arbitrary<A>, eq: Eq<A>, o?: LawOptions): void => {
  associativity(name, M, arb, eq, o)
  identity(name, M, arb, eq, o)
}

/** associativity, identity and commutativity */
export const commutativeMonoidLaws = <A>(
  name: string,
  M: Monoid<A>,
  arb: fc.Arbitrary<A>,
  eq: Eq<A>,
  o?: LawOptions
): void => {
  monoidLaws(name, M, arb, eq, o)
  commutativity(name, M, arb, eq, o)
}

/** decode ∘ encode = identity on every generated value */
export const roundTrip = <A, O>(
  name: string,
  codec: t.Type<A, O, unknown>,
  arb: fc.Arbitrary<A>,
  eq: Eq<A>,
  o?: LawOptions
): void => {
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

/**
 * The Boolean algebra laws, each as a property under `eq` (which may be semantic, e.g. "evaluates
 * alike on a sample of inputs"): associativity, commutativity, absorption and distributivity of
 * meet and join, identities, annihilators, complements, De Morgan, double negation, and the
 * Heyting laws of `implies`.
 */
export const booleanAlgebraLaws = <A>(
  name: string,
  B: BooleanAlgebra<A>,
  arb: fc.Arbitrary<A>,
  eq: Eq<A>,
  o?: LawOptions
): void => {
  const law1 = (law: string, holds: (a: A) => boolean): void => {
    it(`${name}: ${law}`, () => fc.assert(fc.property(arb, holds), params(o)))
  }
  const law2 = (law: string, holds: (a: A, b: A) => boolean): void => {
    it(`${name}: ${law}`, () => fc.assert(fc.property(arb, arb, holds), params(o)))
  }
  const law3 = (law: string, holds: (a: A, b: A, c: A) => boolean): void => {
    it(`${name}: ${law}`, () => fc.assert(fc.property(arb, arb, arb, holds), params(o)))
  }
  const { meet, join, zero, one, implies } = B
  const not = B.not
  const same = eq.equals
  law3("meet is associative", (a, b, c) => same(meet(meet(a, b), c), meet(a, meet(b, c))))
  law3("join is associative", (a, b, c) => same(join(join(a, b), c), join(a, join(b, c))))
  law2("meet is commutative", (a, b) => same(meet(a, b), meet(b, a)))
  law2("join is commutative", (a, b) => same(join(a, b), join(b, a)))
  law2("absorption: a ∧ (a ∨ b) = a", (a, b) => same(meet(a, join(a, b)), a))
  law2("absorption: a ∨ (a ∧ b) = a", (a, b) => same(join(a, meet(a, b)), a))
  law3("meet distributes over join", (a, b, c) => same(meet(a, join(b, c)), join(meet(a, b), meet(a, c))))
  law3("join distributes over meet", (a, b, c) => same(join(a, meet(b, c)), meet(join(a, b), join(a, c))))
  law1("identities: a ∧ 1 = a, a ∨ 0 = a", (a) => same(meet(a, one), a) && same(join(a, zero), a))
  law1("annihilators: a ∧ 0 = 0, a ∨ 1 = 1", (a) => same(meet(a, zero), zero) && same(join(a, one), one))
  law1("idempotence: a ∧ a = a, a ∨ a = a", (a) => same(meet(a, a), a) && same(join(a, a), a))
  law1("complements: a ∧ ¬a = 0, a ∨ ¬a = 1", (a) => same(meet(a, not(a)), zero) && same(join(a, not(a)), one))
  law2("De Morgan: ¬(a ∧ b) = ¬a ∨ ¬b", (a, b) => same(not(meet(a, b)), join(not(a), not(b))))
  law2("De Morgan: ¬(a ∨ b) = ¬a ∧ ¬b", (a, b) => same(not(join(a, b)), meet(not(a), not(b))))
  law1("double negation: ¬¬a = a", (a) => same(not(not(a)), a))
  law1("implies: a → a = 1", (a) => same(implies(a, a), one))
  law2("implies: a ∧ (a → b) = a ∧ b", (a, b) => same(meet(a, implies(a, b)), meet(a, b)))
  law2("implies: b ∧ (a → b) = b", (a, b) => same(meet(b, implies(a, b)), b))
  law3("implies: a → (b ∧ c) = (a → b) ∧ (a → c)", (a, b, c) =>
    same(implies(a, meet(b, c)), meet(implies(a, b), implies(a, c)))
  )
  law2("implies: a → b = ¬a ∨ b", (a, b) => same(implies(a, b), join(not(a), b)))
}

/** the total order laws of an Ord: reflexivity, antisymmetry, transitivity, totality, and `equals` agrees with
 * `compare` */
export const ordLaws = <A>(name: string, O: Ord<A>, arb: fc.Arbitrary<A>, o?: LawOptions): void => {
  it(`${name}: reflexive, antisymmetric, total, equals agrees with compare`, () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const ab = O.compare(a, b)
        const ba = O.compare(b, a)
        return O.compare(a, a) === 0 && ab === -ba && (ab === 0) === O.equals(a, b) && [-1, 0, 1].includes(ab)
      }),
      params(o)
    )
  })
  it(`${name}: transitive`, () => {
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => !(O.compare(a, b) <= 0 && O.compare(b, c) <= 0) || O.compare(a, c) <= 0),
      params(o)
    )
  })
}
