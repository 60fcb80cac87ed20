/**
 * The laws of the list operators (`contains` on a list, `containsAny`, `containsAll`, the size
 * comparisons) on random list facts and random literal lists: unions, the empty lists, "none of",
 * lengths, and agreement of every engine (evaluate, compile, compileAll, explain, simplify).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Facts } from "../../src/kernel/internal/Facts.js"
import * as R from "../../src/rules/Rule.js"
import { facts, factValue, listValue, literal, literals, now, path, size } from "../arbitraries/rules.js"

type Rule = R.Rule

const RUNS = { numRuns: 500 }
const F = "subject.products"

/** the fact at F: a list most of the time, else anything, or missing (no key, undefined, null, no subject) */
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: listValue },
  { weight: 2, arbitrary: factValue },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null) }
)
const factsWith = (v: unknown): Facts => (v === undefined ? { subject: {} } : { subject: { products: v } })

/** every engine gives the same answer; that answer */
const holds = (rule: Rule, f: Facts, n?: number): boolean => {
  const expected = R.evaluate(rule)(f, n)
  expect(R.compile(rule)(f, n)).toBe(expected)
  expect(R.evaluate(R.simplify(rule))(f, n)).toBe(expected)
  expect(R.compileAll([rule, R.always])(f, n)).toEqual(expected ? [0, 1] : [1])
  expect(R.explain(rule)(f, n).passed).toBe(expected)
  return expected
}

const union = (xs: ReadonlyArray<R.Literal>, ys: ReadonlyArray<R.Literal>): ReadonlyArray<R.Literal> => [
  ...new Set([...xs, ...ys])
]

const isList = (v: unknown): v is ReadonlyArray<unknown> => Array.isArray(v)
/** own elements (a hole is none, whatever the prototype holds at its index) */
const ownElements = (v: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
  v.flatMap((x, i) => (Object.prototype.hasOwnProperty.call(v, i) ? [x] : []))

describe("containsAll and containsAny", () => {
  it("containsAll(xs) ∧ containsAll(ys) ≡ containsAll(xs ∪ ys)", () => {
    fc.assert(
      fc.property(value, literals, literals, (v, xs, ys) => {
        const f = factsWith(v)
        expect(holds(R.all(R.containsAll(F, xs), R.containsAll(F, ys)), f)).toBe(
          holds(R.containsAll(F, union(xs, ys)), f)
        )
      }),
      RUNS
    )
  })
  it("containsAny(xs) ∨ containsAny(ys) ≡ containsAny(xs ∪ ys)", () => {
    fc.assert(
      fc.property(value, literals, literals, (v, xs, ys) => {
        const f = factsWith(v)
        expect(holds(R.any(R.containsAny(F, xs), R.containsAny(F, ys)), f)).toBe(
          holds(R.containsAny(F, union(xs, ys)), f)
        )
      }),
      RUNS
    )
  })
  it("containsAny([]) never holds; containsAll([]) holds exactly on a present list (false when missing or not a list)", () => {
    fc.assert(
      fc.property(value, (v) => {
        const f = factsWith(v)
        expect(holds(R.containsAny(F, []), f)).toBe(false)
        expect(holds(R.containsAll(F, []), f)).toBe(isList(v))
      }),
      RUNS
    )
  })
  it("on a list, containsAny is 'some element is one of xs' and containsAll is 'every x is an element' (===, own elements)", () => {
    fc.assert(
      fc.property(value, literals, (v, xs) => {
        const f = factsWith(v)
        const own = isList(v) ? ownElements(v) : []
        expect(holds(R.containsAny(F, xs), f)).toBe(isList(v) && xs.some((x) => own.includes(x)))
        expect(holds(R.containsAll(F, xs), f)).toBe(isList(v) && xs.every((x) => own.includes(x)))
      }),
      RUNS
    )
  })
  it("not(containsAny(xs)) is 'none of xs': ≡ all(not(containsAny([x])) for x in xs), and on a list no element is in xs", () => {
    fc.assert(
      fc.property(value, literals, (v, xs) => {
        const f = factsWith(v)
        const none = holds(R.not(R.containsAny(F, xs)), f)
        expect(holds(R.all(...xs.map((x) => R.not(R.containsAny(F, [x])))), f)).toBe(none)
        if (isList(v)) expect(none).toBe(!ownElements(v).some((e) => xs.includes(e as R.Literal)))
        else expect(none).toBe(true) // like every negation: true on a missing fact or a non-list
      }),
      RUNS
    )
  })
  it("containsAll(xs) implies containsAny(xs) for non-empty xs, and containsAll(xs) ≡ all(containsAny([x]) for x in xs) on lists", () => {
    fc.assert(
      fc.property(value, literals, (v, xs) => {
        const f = factsWith(v)
        const every = holds(R.containsAll(F, xs), f)
        if (xs.length > 0 && every) expect(holds(R.containsAny(F, xs), f)).toBe(true)
        if (isList(v)) expect(holds(R.all(...xs.map((x) => R.containsAny(F, [x]))), f)).toBe(every)
      }),
      RUNS
    )
  })
  it("contains(f, s) on a list ≡ containsAny(f, [s]); on a string it is the substring test", () => {
    fc.assert(
      fc.property(value, fc.constantFrom("", "a", "b", "ab", "gold"), (v, text) => {
        const f = factsWith(v)
        const got = holds(R.contains(F, text), f)
        if (isList(v)) expect(got).toBe(holds(R.containsAny(F, [text]), f))
        else expect(got).toBe(typeof v === "string" && v.includes(text))
      }),
      RUNS
    )
  })
  it("in and notIn never hold on a list fact (they compare one value)", () => {
    fc.assert(
      fc.property(listValue, fc.array(literal, { maxLength: 12 }), (v, xs) => {
        const f = factsWith(v)
        expect(holds(R.in(F, xs), f)).toBe(false)
        expect(holds(R.notIn(F, xs), f)).toBe(false)
      }),
      RUNS
    )
  })
})

describe("size comparisons", () => {
  const ops = [
    [R.sizeEq, (a: number, b: number) => a === b],
    [R.sizeNeq, (a: number, b: number) => a !== b],
    [R.sizeLt, (a: number, b: number) => a < b],
    [R.sizeLte, (a: number, b: number) => a <= b],
    [R.sizeGt, (a: number, b: number) => a > b],
    [R.sizeGte, (a: number, b: number) => a >= b]
  ] as const
  it("agree with the length of the list; false when the fact is missing or not a list (even sizeNeq, sizeLt)", () => {
    fc.assert(
      fc.property(value, size, (v, n) => {
        const f = factsWith(v)
        for (const [op, cmp] of ops) expect(holds(op(F, n), f)).toBe(isList(v) && cmp(v.length, n))
      }),
      RUNS
    )
  })
  it("sizeGte(f, 1) ≡ containsAll(f, []) ∧ not sizeEq(f, 0); sizeEq(f, n) ≡ sizeGte(f, n) ∧ sizeLte(f, n)", () => {
    fc.assert(
      fc.property(value, size, (v, n) => {
        const f = factsWith(v)
        expect(holds(R.sizeGte(F, 1), f)).toBe(holds(R.all(R.containsAll(F, []), R.not(R.sizeEq(F, 0))), f))
        expect(holds(R.sizeEq(F, n), f)).toBe(holds(R.all(R.sizeGte(F, n), R.sizeLte(F, n)), f))
      }),
      RUNS
    )
  })
})

describe("list operators in random rules", () => {
  const listLeaf: fc.Arbitrary<Rule> = fc.oneof(
    fc.tuple(fc.constantFrom(R.containsAny, R.containsAll), path, literals).map(([op, p, xs]) => op(p, xs)),
    fc
      .tuple(fc.constantFrom(R.sizeEq, R.sizeNeq, R.sizeLt, R.sizeLte, R.sizeGt, R.sizeGte), path, size)
      .map(([op, p, n]) => op(p, n)),
    path.map((p) => R.contains(p, "a"))
  )
  it("every list leaf, alone, negated and among others, compiles (alone and together) to its interpreted meaning", () => {
    fc.assert(
      fc.property(fc.array(listLeaf, { minLength: 1, maxLength: 6 }), facts, now, (leaves, f, n) => {
        const values = leaves.map((l) => holds(l, f, n))
        leaves.forEach((l, i) => expect(holds(R.not(l), f, n)).toBe(!values[i]))
        expect(R.compileAll(leaves)(f, n)).toEqual(values.flatMap((b, i) => (b ? [i] : [])))
      }),
      RUNS
    )
  })
  it("decode(encode(r)) equals r, through JSON text", () => {
    fc.assert(
      fc.property(listLeaf, (r) => {
        const back = R.decode(JSON.parse(JSON.stringify(R.encode(r))))
        expect(back._tag).toBe("Right")
        if (back._tag === "Right") expect(R.Eq.equals(back.right, r)).toBe(true)
        expect(R.codec.is(r)).toBe(true)
      }),
      RUNS
    )
  })
})
