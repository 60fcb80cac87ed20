/**
 * Known answers for the list operators with the banking example (a customer holding a debit card,
 * a gold-card offer), their pinned explanations, the hint a single-value condition gives when it
 * sees a list, the codec's problems for list operators, "did you mean" for operator names, and
 * `factOperators`.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { render } from "../../src/kernel/DecodeError.js"
import type { Facts } from "../../src/kernel/internal/Facts.js"
import * as R from "../../src/rules/Rule.js"

type Rule = R.Rule

const check = (rule: Rule, facts: Facts): boolean => {
  const interpreted = R.evaluate(rule)(facts)
  expect(R.compile(rule)(facts)).toBe(interpreted)
  expect(R.compileAll([R.never, rule])(facts)).toEqual(interpreted ? [1] : [])
  expect(R.explain(rule)(facts).passed).toBe(interpreted)
  return interpreted
}

const debitOnly: Facts = { subject: { cardProducts: ["debit"] } }
const debitAndGold: Facts = { subject: { cardProducts: ["debit", "gold"] } }
const noCards: Facts = { subject: { cardProducts: [] } }
const unknownHoldings: Facts = { subject: {} }

/** the gold-card offer: for customers who hold at least one card and no gold or platinum card yet */
const goldCardOffer = R.all(
  R.sizeGte("subject.cardProducts", 1),
  R.not(R.containsAny("subject.cardProducts", ["gold", "platinum"]))
)

const OPERATORS =
  "always, never, not, all, any, eq, neq, lt, lte, gt, gte, between, in, notIn, exists, missing, startsWith, " +
  "endsWith, contains, containsAny, containsAll, sizeEq, sizeNeq, sizeLt, sizeLte, sizeGt, sizeGte, eqFact, neqFact, " +
  "ltFact, lteFact, gtFact, gteFact, before, after, withinLastDays, withinNextDays, window"

const renderLeft = (u: unknown): string => {
  const result = R.decode(u)
  if (E.isRight(result)) throw new Error("expected a Left")
  return render(result.left)
}

describe("the banking example: card products are a list", () => {
  it("the gold-card offer is eligible for a debit-only customer, not for a gold holder, nor without cards", () => {
    expect(check(goldCardOffer, debitOnly)).toBe(true)
    expect(check(goldCardOffer, debitAndGold)).toBe(false)
    expect(check(goldCardOffer, noCards)).toBe(false)
    expect(check(goldCardOffer, unknownHoldings)).toBe(false) // a missing list has no size
  })
  it("contains, containsAny, containsAll and the sizes on the example", () => {
    expect(check(R.contains("subject.cardProducts", "gold"), debitAndGold)).toBe(true)
    expect(check(R.contains("subject.cardProducts", "gold"), debitOnly)).toBe(false)
    expect(check(R.contains("subject.cardProducts", "deb"), debitOnly)).toBe(false) // elements, not substrings
    expect(check(R.containsAny("subject.cardProducts", ["gold", "debit"]), debitOnly)).toBe(true)
    expect(check(R.containsAll("subject.cardProducts", ["gold", "debit"]), debitOnly)).toBe(false)
    expect(check(R.containsAll("subject.cardProducts", ["gold", "debit"]), debitAndGold)).toBe(true)
    expect(check(R.containsAll("subject.cardProducts", []), noCards)).toBe(true)
    expect(check(R.containsAll("subject.cardProducts", []), unknownHoldings)).toBe(false)
    expect(check(R.containsAny("subject.cardProducts", []), debitOnly)).toBe(false)
    expect(check(R.sizeEq("subject.cardProducts", 0), noCards)).toBe(true)
    expect(check(R.sizeGt("subject.cardProducts", 1), debitAndGold)).toBe(true)
    expect(check(R.sizeLt("subject.cardProducts", 1), unknownHoldings)).toBe(false)
    expect(check(R.sizeNeq("subject.cardProducts", 2), { subject: { cardProducts: "gold" } })).toBe(false) // not a list
    // elements compare strictly
    expect(check(R.containsAny("subject.accounts", [1]), { subject: { accounts: ["1"] } })).toBe(false)
    expect(check(R.containsAny("subject.accounts", [1, true]), { subject: { accounts: [true] } })).toBe(true)
  })
  it("the explanation of the offer, pinned", () => {
    expect(R.renderVerdict(R.explain(goldCardOffer)(debitAndGold))).toBe(
      [
        "✗ all of",
        '  ✓ size of subject.cardProducts ≥ 1 (seen: ["debit","gold"])',
        "  ✗ not",
        '    ✓ subject.cardProducts contains any of ["gold", "platinum"] (seen: ["debit","gold"])'
      ].join("\n")
    )
    expect(R.whyNot(R.explain(goldCardOffer)(debitAndGold)).map(R.renderReason)).toEqual([
      'not subject.cardProducts contains any of ["gold", "platinum"] (seen: ["debit","gold"])'
    ])
    expect(R.whyNot(R.explain(goldCardOffer)(unknownHoldings)).map(R.renderReason)).toEqual([
      "size of subject.cardProducts ≥ 1 (seen: missing)"
    ])
    expect(R.renderVerdict(R.explain(goldCardOffer)(debitOnly))).toBe(
      [
        "✓ all of",
        '  ✓ size of subject.cardProducts ≥ 1 (seen: ["debit"])',
        "  ✓ not",
        '    ✗ subject.cardProducts contains any of ["gold", "platinum"] (seen: ["debit"])'
      ].join("\n")
    )
  })
  it("show and describe", () => {
    expect(
      R.show(R.all(R.containsAll("subject.cardProducts", ["debit", "credit"]), R.sizeLt("subject.cardProducts", 3)))
    ).toBe('subject.cardProducts contains all of ["debit", "credit"] and size of subject.cardProducts < 3')
    expect(R.describe(R.contains("subject.cardProducts", "gold") as R.Leaf)).toBe(
      'subject.cardProducts contains "gold"'
    )
    expect(R.describe(R.sizeNeq("subject.cardProducts", 2) as R.Leaf)).toBe("size of subject.cardProducts ≠ 2")
  })
  it("in / notIn / eq on a list fact stay false, and the trace says why and what to use", () => {
    expect(check(R.notIn("subject.cardProducts", ["gold"]), debitOnly)).toBe(false)
    expect(check(R.in("subject.cardProducts", ["debit"]), debitOnly)).toBe(false)
    expect(R.renderVerdict(R.explain(R.notIn("subject.cardProducts", ["gold"]))(debitOnly))).toBe(
      '✗ subject.cardProducts not in ["gold"] (seen: ["debit"]; a list: notIn compares the fact as one value, ' +
        "use not containsAny for its elements)"
    )
    expect(R.whyNot(R.explain(R.in("subject.cardProducts", ["debit"]))(debitOnly)).map(R.renderReason)).toEqual([
      'subject.cardProducts in ["debit"] (seen: ["debit"]; a list: in compares the fact as one value, ' +
        "use containsAny for its elements)"
    ])
    expect(R.renderReason(R.explain(R.eq("subject.cardProducts", "debit"))(debitOnly) as R.LeafVerdict)).toBe(
      'subject.cardProducts = "debit" (seen: ["debit"]; a list: eq compares the fact as one value, ' +
        "use contains or containsAny for its elements)"
    )
    // no hint for a scalar
    expect(
      R.renderReason(R.explain(R.in("subject.segment", ["gold"]))({ subject: { segment: "x" } }) as R.LeafVerdict)
    ).toBe('subject.segment in ["gold"] (seen: "x")')
  })
  it("elements are own elements: a hole never matches, even with a decoy on the prototype", () => {
    const decoy = Object.setPrototypeOf([, "debit"], Object.assign([], { 0: "gold" })) as unknown // eslint-disable-line no-sparse-arrays
    expect(check(R.contains("subject.cardProducts", "gold"), { subject: { cardProducts: decoy } })).toBe(false)
    expect(check(R.containsAny("subject.cardProducts", ["gold"]), { subject: { cardProducts: decoy } })).toBe(false)
    expect(check(R.containsAll("subject.cardProducts", ["debit"]), { subject: { cardProducts: decoy } })).toBe(true)
    expect(check(R.sizeEq("subject.cardProducts", 2), { subject: { cardProducts: decoy } })).toBe(true)
  })
})

describe("constructors", () => {
  it("copy the literal list and report misuse", () => {
    const values = ["gold"]
    const rule = R.containsAny("subject.cardProducts", values)
    values.push("debit")
    expect(check(rule, debitOnly)).toBe(false)
    expect(() => R.containsAll("subject.__proto__", [])).toThrow(/^Rule\.containsAll: /)
    expect(() => R.containsAny("x", [Number.NaN])).toThrow(
      "Rule.containsAny: the value must be a string, a finite number or a boolean, found NaN"
    )
    expect(() => R.containsAny("x", "gold" as unknown as ReadonlyArray<string>)).toThrow(/^Rule\.containsAny: values/)
    expect(() => R.sizeGte("x", -1)).toThrow("Rule.sizeGte: the size must be a finite number ≥ 0, found -1")
    expect(() => R.sizeEq("x", Number.POSITIVE_INFINITY)).toThrow(/^Rule\.sizeEq: /)
  })
})

describe("codec", () => {
  it("the JSON forms", () => {
    expect(R.encode(R.containsAny("subject.cardProducts", ["gold", 1, true]))).toEqual({
      op: "containsAny",
      fact: "subject.cardProducts",
      values: ["gold", 1, true]
    })
    expect(R.encode(R.containsAll("subject.cardProducts", []))).toEqual({
      op: "containsAll",
      fact: "subject.cardProducts",
      values: []
    })
    expect(R.encode(R.sizeLte("subject.cardProducts", 2))).toEqual({
      op: "sizeLte",
      fact: "subject.cardProducts",
      value: 2
    })
    for (const r of [
      R.containsAny("a.b", ["x"]),
      R.containsAll("a", [1, false]),
      R.sizeEq("a", 0),
      R.sizeNeq("a", 1),
      R.sizeLt("a", 2),
      R.sizeLte("a", 3),
      R.sizeGt("a", 4),
      R.sizeGte("a.b.c", 5),
      R.contains("a", "x")
    ]) {
      const back = R.decode(R.encode(r))
      expect(E.isRight(back) && R.Eq.equals(back.right, r)).toBe(true)
    }
  })
  it("reports every problem of list operators with its path", () => {
    expect(
      renderLeft({
        op: "all",
        rules: [
          { op: "containsAny", fact: "subject.cardProducts", values: "gold" },
          { op: "containsAll", fact: "subject.cardProducts", values: [1, {}, null] },
          { op: "containsAll", fact: "subject.cardProducts" },
          { op: "sizeGte", fact: "subject.cardProducts", value: -1 },
          { op: "sizeLt", fact: "subject.cardProducts", value: "2" },
          { op: "sizeEq", fact: "subject.cardProducts", value: Number.POSITIVE_INFINITY },
          { op: "sizeGt", fact: "subject.cardProducts" },
          { op: "sizeNeq", fact: "", value: 1, values: [] }
        ]
      })
    ).toBe(
      [
        "10 problems:",
        '  $.rules[0].values [invalid_type] expected an array of strings, numbers or booleans, found a string (found: "gold")',
        "  $.rules[1].values[1] [invalid_type] expected a string, a finite number or a boolean, found an object (found: {})",
        "  $.rules[1].values[2] [invalid_type] expected a string, a finite number or a boolean, found null (found: null)",
        "  $.rules[2].values [required] required: expected an array of strings, numbers or booleans (found: missing)",
        "  $.rules[3].value [out_of_range] a size must not be negative, found -1 (found: -1)",
        '  $.rules[4].value [invalid_type] expected a size (a finite number ≥ 0), found a string (found: "2")',
        "  $.rules[5].value [non_finite] expected a size (a finite number ≥ 0), found Infinity (found: Infinity)",
        "  $.rules[6].value [required] required: expected a size (a finite number ≥ 0) (found: missing)",
        '  $.rules[7].values [unknown_key] unknown key "values" for "sizeNeq"; expected fact, value (found: [])',
        '  $.rules[7].fact [invalid_value] a fact path must not be empty (found: "")'
      ].join("\n")
    )
  })
  it("the guard accepts exactly the well-formed list conditions", () => {
    expect(R.codec.is(R.containsAny("a", ["x"]))).toBe(true)
    expect(R.codec.is(R.sizeGte("a", 1))).toBe(true)
    expect(R.codec.is({ _tag: "Elements", op: "containsSome", fact: "a", values: [] })).toBe(false)
    expect(R.codec.is({ _tag: "Elements", op: "containsAny", fact: "a", values: [{}] })).toBe(false)
    expect(R.codec.is({ _tag: "Size", op: "gte", fact: "a", value: -1 })).toBe(false)
    expect(R.codec.is({ _tag: "Size", op: "sizeGte", fact: "a", value: 1 })).toBe(false)
    expect(R.codec.is({ _tag: "Size", op: "gte", fact: "a", value: Number.NaN })).toBe(false)
  })
})

describe("did you mean: operator names close to a real one", () => {
  const opProblem = (op: unknown): string => renderLeft({ op, fact: "subject.age", value: 18 })
  it("suggests the case-insensitive match, else the nearest names by edit distance", () => {
    expect(opProblem("GTE")).toBe(
      `1 problem:\n  $.op [unknown_operator] unknown operator "GTE" (did you mean "gte"?); expected one of ${OPERATORS} (found: "GTE")`
    )
    expect(opProblem("containsany")).toContain('unknown operator "containsany" (did you mean "containsAny"?);')
    expect(opProblem("NotIn")).toContain('(did you mean "notIn"?)')
    expect(opProblem("gtq")).toContain('unknown operator "gtq" (did you mean "gt" or "gte"?);')
    expect(opProblem("contain")).toContain('(did you mean "contains"?)')
    expect(opProblem("withinLastDay")).toContain('(did you mean "withinLastDays"?)')
    expect(opProblem("sizeGreaterThan")).not.toContain("did you mean")
    expect(opProblem("matches")).toBe(
      `1 problem:\n  $.op [unknown_operator] unknown operator "matches"; expected one of ${OPERATORS} (found: "matches")`
    )
    expect(opProblem("x".repeat(100_000))).not.toContain("did you mean")
  })
  it("the codec's operators are the model's OPERATOR_NAMES, and operatorName gives each rule's", () => {
    expect(OPERATORS.split(", ")).toEqual(R.OPERATOR_NAMES)
    expect(R.operatorName(R.sizeGte("a", 1))).toBe("sizeGte")
    expect(R.operatorName(R.containsAll("a", []))).toBe("containsAll")
    expect(R.operatorName(R.gteFact("a", "b"))).toBe("gteFact")
    expect(R.operatorName(R.between("a", 1, 2))).toBe("between")
    expect(R.operatorName(R.not(R.always))).toBe("not")
    for (const name of R.OPERATOR_NAMES) {
      const result = R.decode({ op: name })
      const codes = E.isLeft(result) ? result.left.problems.map((p) => p.code) : []
      expect(codes).not.toContain("unknown_operator")
    }
  })
})

describe("factOperators", () => {
  it("lists every (path, operator) pair, left to right, with the second fact of a comparison marked", () => {
    const rule = R.all(
      R.gte("subject.age", 18),
      R.any(R.containsAny("subject.cardProducts", ["gold"]), R.not(R.sizeEq("subject.cardProducts", 0))),
      R.ltFact("context.price", "subject.balance"),
      R.always
    )
    expect(R.factOperators(rule)).toEqual([
      { fact: "subject.age", op: "gte", other: false },
      { fact: "subject.cardProducts", op: "containsAny", other: false },
      { fact: "subject.cardProducts", op: "sizeEq", other: false },
      { fact: "context.price", op: "ltFact", other: false },
      { fact: "subject.balance", op: "ltFact", other: true }
    ])
  })
})
