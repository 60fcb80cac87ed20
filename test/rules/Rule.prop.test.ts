/**
 * The rule algebra's laws on random rules and random facts: the Boolean algebra under evaluate,
 * compile ≡ evaluate ≡ evaluate ∘ simplify, compileAll ≡ evaluate on each rule, explain agrees with evaluate, the
 * monoids, the codec's
 * round trip, and a decoder that never throws.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import type { Eq } from "fp-ts/lib/Eq.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import { fromValidationErrors } from "../../src/kernel/DecodeError.js"
import type { Facts } from "../../src/kernel/internal/Facts.js"
import * as R from "../../src/rules/Rule.js"
import { facts, leaf, now, rule, ruleLikeJson } from "../arbitraries/rules.js"
import { booleanAlgebraLaws, commutativity, decoderTotal, monoidLaws, roundTrip } from "../laws.js"

type Rule = R.Rule

const RUNS = { numRuns: 300 }

/** a fixed random sample of (facts, now) pairs: two rules are "equal" when they evaluate alike on all of them */
const sample: ReadonlyArray<readonly [Facts, number | undefined]> = fc.sample(fc.tuple(facts, now), {
  numRuns: 200,
  seed: 20240501
})

const evaluatesAlike: Eq<Rule> = {
  equals: (x, y) => {
    const ex = R.evaluate(x)
    const ey = R.evaluate(y)
    return sample.every(([f, n]) => ex(f, n) === ey(f, n))
  }
}

describe("BooleanAlgebra under evaluate (on a sample of 200 random facts and times)", () => {
  booleanAlgebraLaws("Rule.BooleanAlgebra", R.BooleanAlgebra, rule, evaluatesAlike, { numRuns: 150 })
})

describe("Boolean algebra laws under evaluate, for random facts", () => {
  const B = R.BooleanAlgebra
  const alike = (x: Rule, y: Rule, f: Facts, n: number | undefined): boolean =>
    R.evaluate(x)(f, n) === R.evaluate(y)(f, n)
  it("distributivity, De Morgan and double negation hold pointwise", () => {
    fc.assert(
      fc.property(rule, rule, rule, facts, now, (a, b, c, f, n) => {
        expect(alike(B.meet(a, B.join(b, c)), B.join(B.meet(a, b), B.meet(a, c)), f, n)).toBe(true)
        expect(alike(B.join(a, B.meet(b, c)), B.meet(B.join(a, b), B.join(a, c)), f, n)).toBe(true)
        expect(alike(B.not(B.meet(a, b)), B.join(B.not(a), B.not(b)), f, n)).toBe(true)
        expect(alike(B.not(B.join(a, b)), B.meet(B.not(a), B.not(b)), f, n)).toBe(true)
        expect(alike(B.not(B.not(a)), a, f, n)).toBe(true)
      }),
      RUNS
    )
  })
  it("evaluate(not r) is the negation of evaluate(r), and all/any are every/some", () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 4 }), facts, now, (rs, f, n) => {
        const values = rs.map((r) => R.evaluate(r)(f, n))
        expect(R.evaluate(R.all(...rs))(f, n)).toBe(values.every(Boolean))
        expect(R.evaluate(R.any(...rs))(f, n)).toBe(values.some(Boolean))
        for (const [i, r] of rs.entries()) expect(R.evaluate(R.not(r))(f, n)).toBe(!values[i])
      }),
      RUNS
    )
  })
})

describe("MonoidAll and MonoidAny", () => {
  monoidLaws("MonoidAll (structurally, under Eq)", R.MonoidAll, rule, R.Eq)
  monoidLaws("MonoidAny (structurally, under Eq)", R.MonoidAny, rule, R.Eq)
  commutativity("MonoidAll (under evaluate)", R.MonoidAll, rule, evaluatesAlike)
  commutativity("MonoidAny (under evaluate)", R.MonoidAny, rule, evaluatesAlike)
})

describe("compile, evaluate, simplify", () => {
  it("compile(r) ≡ evaluate(r) ≡ evaluate(simplify(r)) on random facts", () => {
    fc.assert(
      fc.property(rule, facts, now, (r, f, n) => {
        const expected = R.evaluate(r)(f, n)
        expect(R.compile(r)(f, n)).toBe(expected)
        expect(R.evaluate(R.simplify(r))(f, n)).toBe(expected)
      }),
      { numRuns: 2000 }
    )
  })
  it("every leaf compiles to its interpreted meaning, alone and negated", () => {
    fc.assert(
      fc.property(leaf, facts, now, (l, f, n) => {
        expect(R.compile(l)(f, n)).toBe(R.evaluate(l)(f, n))
        expect(R.compile(R.not(l))(f, n)).toBe(!R.evaluate(l)(f, n))
      }),
      { numRuns: 3000 }
    )
  })
  it("compileAll(rs) lists exactly the rules that evaluate to true, call after call on the same compiled set", () => {
    // conjunctions of leaves are what compileAll turns into rows; mixed with arbitrary rules for the closures
    const conjunction = fc
      .array(fc.oneof(leaf, leaf.map(R.not)), { minLength: 1, maxLength: 5 })
      .map((ls) => R.all(...ls))
    const rules = fc.array(fc.oneof(conjunction, conjunction, leaf, leaf.map(R.not), rule), { maxLength: 12 })
    fc.assert(
      fc.property(rules, fc.array(fc.tuple(facts, now), { minLength: 1, maxLength: 6 }), (rs, cases) => {
        const check = R.compileAll(rs)
        for (const [f, n] of cases) {
          const expected = rs.flatMap((r, i) => (R.evaluate(r)(f, n) ? [i] : []))
          expect(check(f, n)).toEqual(expected)
        }
      }),
      { numRuns: 1500 }
    )
  })
  it("compileAll agrees with evaluate on sets that span several mask words and blocks of 256 rules", () => {
    const conjunction = fc
      .array(fc.oneof(leaf, leaf.map(R.not)), { minLength: 1, maxLength: 4 })
      .map((ls) => R.all(...ls))
    fc.assert(
      fc.property(
        fc.array(conjunction, { minLength: 30, maxLength: 600, size: "max" }),
        fc.array(fc.tuple(facts, now), { minLength: 1, maxLength: 8 }),
        (rs, cases) => {
          const check = R.compileAll(rs)
          for (const [f, n] of cases)
            expect(check(f, n)).toEqual(rs.flatMap((r, i) => (R.evaluate(r)(f, n) ? [i] : [])))
        }
      ),
      { numRuns: 25, endOnFailure: true }
    )
  })
  it("simplify is idempotent", () => {
    fc.assert(
      fc.property(rule, (r) => R.Eq.equals(R.simplify(R.simplify(r)), R.simplify(r))),
      RUNS
    )
  })
  it("simplify leaves no constants below the top, no nesting of the same connective, no double negation, no duplicate operands", () => {
    const wellFormed = (r: Rule, top: boolean): boolean => {
      switch (r._tag) {
        case "Always":
        case "Never":
          return top
        case "Not":
          return (
            r.rule._tag !== "Not" && r.rule._tag !== "Always" && r.rule._tag !== "Never" && wellFormed(r.rule, false)
          )
        case "All":
        case "Any": {
          const keys = r.rules.map((x) => JSON.stringify(R.encode(x)))
          return (
            r.rules.length >= 2 &&
            new Set(keys).size === keys.length &&
            r.rules.every((x) => x._tag !== r._tag && wellFormed(x, false))
          )
        }
        default:
          return true
      }
    }
    fc.assert(
      fc.property(rule, (r) => wellFormed(R.simplify(r), true)),
      RUNS
    )
  })
  it("simplify never makes a rule deeper or larger", () => {
    const size = R.fold<number>({
      Leaf: () => 1,
      Not: (n) => n + 1,
      All: (ns) => ns.reduce((a, b) => a + b, 1),
      Any: (ns) => ns.reduce((a, b) => a + b, 1)
    })
    fc.assert(
      fc.property(rule, (r) => R.depth(R.simplify(r)) <= R.depth(r) && size(R.simplify(r)) <= size(r)),
      RUNS
    )
  })
})

describe("explain", () => {
  it("explain(r)(f).passed = evaluate(r)(f), at every node", () => {
    const consistent = (v: R.Verdict, f: Facts, n: number | undefined): boolean => {
      switch (v._tag) {
        case "Leaf":
          return v.passed === R.evaluate(v.rule)(f, n)
        case "Not":
          return v.passed === !v.verdict.passed && consistent(v.verdict, f, n)
        case "All":
          return v.passed === v.verdicts.every((x) => x.passed) && v.verdicts.every((x) => consistent(x, f, n))
        case "Any":
          return v.passed === v.verdicts.some((x) => x.passed) && v.verdicts.every((x) => consistent(x, f, n))
      }
    }
    fc.assert(
      fc.property(rule, facts, now, (r, f, n) => {
        const verdict = R.explain(r)(f, n)
        expect(verdict.passed).toBe(R.evaluate(r)(f, n))
        expect(consistent(verdict, f, n)).toBe(true)
      }),
      RUNS
    )
  })
  it("each leaf verdict is its leaf's evaluation, with the values it saw", () => {
    fc.assert(
      fc.property(leaf, facts, now, (l, f, n) => {
        const verdict = R.explain(l)(f, n)
        expect(verdict._tag).toBe("Leaf")
        if (verdict._tag !== "Leaf") return
        expect(verdict.passed).toBe(R.evaluate(l)(f, n))
        expect(verdict.negated).toBe(false)
        expect(verdict.seen.map((s) => s.fact)).toEqual(l._tag === "CompareFacts" ? [l.fact, l.other] : R.factPaths(l))
        for (const s of verdict.seen) expect(s.missing).toBe(s.value === undefined || s.value === null)
      }),
      RUNS
    )
  })
  it("whyNot is empty exactly when the rule passed; its leaves held exactly when they sit under a negation", () => {
    fc.assert(
      fc.property(rule, facts, now, (r, f, n) => {
        const verdict = R.explain(r)(f, n)
        const reasons = R.whyNot(verdict)
        if (verdict.passed) expect(reasons).toEqual([])
        else if (!containsEmptyConnective(r)) expect(reasons.length).toBeGreaterThan(0)
        for (const leafVerdict of reasons) expect(leafVerdict.passed).toBe(leafVerdict.negated)
      }),
      RUNS
    )
  })
  it("renderVerdict has one line per node and marks each with its outcome", () => {
    const nodes = (v: R.Verdict): number =>
      v._tag === "Leaf" ? 1 : v._tag === "Not" ? 1 + nodes(v.verdict) : 1 + v.verdicts.reduce((a, x) => a + nodes(x), 0)
    fc.assert(
      fc.property(rule, facts, now, (r, f, n) => {
        const verdict = R.explain(r)(f, n)
        const lines = R.renderVerdict(verdict).split("\n")
        expect(lines.length).toBe(nodes(verdict))
        expect(lines[0]?.startsWith(verdict.passed ? "✓" : "✗")).toBe(true)
      }),
      RUNS
    )
  })
})

/** a failed verdict can lack a deciding leaf only through an empty `any` (false) or an empty `all` under `not` (true):
 * no operand to blame */
const containsEmptyConnective = (r: Rule): boolean =>
  R.fold<boolean>({
    Leaf: () => false,
    Not: (x) => x,
    All: (xs, node) => node.rules.length === 0 || xs.some(Boolean),
    Any: (xs, node) => node.rules.length === 0 || xs.some(Boolean)
  })(r)

describe("codec", () => {
  roundTrip("Rule.codec", R.codec, rule, R.Eq, RUNS)
  decoderTotal("Rule.decode", R.decode, { numRuns: 1000 })

  it("never throws on rule-like JSON with junk operators and operands, and accepts only what `is` accepts", () => {
    fc.assert(
      fc.property(ruleLikeJson, (u) => {
        const result = R.decode(u)
        if (E.isRight(result)) {
          expect(R.codec.is(result.right)).toBe(true)
          const again = R.decode(R.encode(result.right))
          expect(E.isRight(again) && R.Eq.equals(again.right, result.right)).toBe(true)
        } else {
          expect(result.left.problems.length).toBeGreaterThan(0)
          for (const p of result.left.problems) expect(p.path.startsWith("$")).toBe(true)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("every generated rule satisfies the codec's guard, and its JSON text decodes to an equal rule", () => {
    fc.assert(
      fc.property(rule, (r) => {
        expect(R.codec.is(r)).toBe(true)
        const decoded = R.decode(JSON.parse(JSON.stringify(R.encode(r))))
        return E.isRight(decoded) && R.Eq.equals(decoded.right, r)
      }),
      RUNS
    )
  })

  it("problems nest under an embedding codec's paths", () => {
    const Catalog = t.type({ actions: t.array(t.type({ eligibility: R.codec })) })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), (i) => {
        const actions = Array.from({ length: 6 }, (_, k) => ({
          eligibility:
            k === i ? { op: "all", rules: [R.encode(R.always), { op: "eq", fact: "x", value: {} }] } : { op: "always" }
        }))
        const result = Catalog.decode({ actions })
        expect(E.isLeft(result)).toBe(true)
        if (E.isRight(result)) return
        expect(fromValidationErrors(result.left).problems.map((p) => p.path)).toEqual([
          `$.actions[${i}].eligibility.rules[1].value`
        ])
      })
    )
  })

  it("Eq agrees with equality of the JSON forms", () => {
    fc.assert(
      fc.property(
        rule,
        rule,
        (a, b) => R.Eq.equals(a, b) === (JSON.stringify(R.encode(a)) === JSON.stringify(R.encode(b)))
      ),
      RUNS
    )
  })
})

describe("destructors", () => {
  it("depth and factPaths agree with a direct recursion", () => {
    const direct = (r: Rule): number =>
      r._tag === "Not"
        ? 1 + direct(r.rule)
        : r._tag === "All" || r._tag === "Any"
          ? 1 + Math.max(0, ...r.rules.map(direct))
          : 1
    fc.assert(
      fc.property(rule, (r) => R.depth(r) === direct(r)),
      RUNS
    )
  })
  it("show is total and mentions every fact path", () => {
    fc.assert(
      fc.property(rule, (r) => R.factPaths(r).every((p) => R.show(r).includes(p))),
      RUNS
    )
  })
})
