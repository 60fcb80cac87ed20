/**
 * Unit tests of the rule algebra: every operator on present, missing, null and wrongly typed
 * facts, interpreted, compiled and compiled in a set (`compileAll`); own-property lookup; constructors' programming
 * errors; simplify; the instances; explain
 * and its pinned renderings; the codec's JSON form and its pinned error messages; and rules
 * nested 10,000 levels deep.
 *
 * Size: ~1,000 lines of one table of known answers per operator and form (interpreted, compiled,
 * explained, encoded); the list operators, windows and properties have their own files.
 */
import * as E from "fp-ts/lib/Either.js"
import { concatAll } from "fp-ts/lib/Monoid.js"
import * as t from "io-ts/lib/index.js"
import { afterEach, describe, expect, it } from "vitest"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import type { Facts } from "../../src/kernel/internal/Facts.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import * as R from "../../src/rules/Rule.js"

type Rule = R.Rule

/** evaluates with the interpreter, the compiled closure and the rule compiled in a set, and checks that they agree */
const check = (rule: Rule, facts: Facts, now?: number): boolean => {
  const interpreted = R.evaluate(rule)(facts, now)
  expect(R.compile(rule)(facts, now), `compile agrees with evaluate on ${JSON.stringify(facts)}`).toBe(interpreted)
  expect(
    R.compileAll([R.never, rule, R.always])(facts, now),
    `compileAll agrees with evaluate on ${JSON.stringify(facts)}`
  ).toEqual(interpreted ? [1, 2] : [2])
  expect(R.explain(rule)(facts, now).passed).toBe(interpreted)
  return interpreted
}

const s = (subject: Readonly<Record<string, unknown>>): Facts => ({ subject })

const renderLeft = (result: E.Either<{ readonly problems: ReadonlyArray<unknown> }, unknown>): string => {
  if (E.isRight(result)) throw new Error("expected a Left")
  return render(result.left as Parameters<typeof render>[0])
}

describe("constants and connectives", () => {
  it("always, never, not", () => {
    expect(check(R.always, {})).toBe(true)
    expect(check(R.never, {})).toBe(false)
    expect(check(R.not(R.always), {})).toBe(false)
    expect(check(R.not(R.never), {})).toBe(true)
  })
  it("all and any over any number of rules; all() holds, any() does not", () => {
    expect(check(R.all(), {})).toBe(true)
    expect(check(R.any(), {})).toBe(false)
    expect(check(R.all(R.always, R.always, R.always, R.always, R.always), {})).toBe(true)
    expect(check(R.all(R.always, R.always, R.always, R.always, R.never), {})).toBe(false)
    expect(check(R.any(R.never, R.never, R.never, R.never, R.always), {})).toBe(true)
    expect(check(R.any(R.never, R.never, R.never, R.never, R.never), {})).toBe(false)
  })
  it("the reading example of the issue", () => {
    const rule = R.all(
      R.gte("subject.age", 18),
      R.in("subject.segment", ["gold", "silver"]),
      R.not(R.eq("subject.churned", true))
    )
    expect(check(rule, s({ age: 18, segment: "gold", churned: false }))).toBe(true)
    expect(check(rule, s({ age: 18, segment: "gold" }))).toBe(true)
    expect(check(rule, s({ age: 17, segment: "gold" }))).toBe(false)
    expect(check(rule, s({ age: 40, segment: "bronze" }))).toBe(false)
    expect(check(rule, s({ age: 40, segment: "silver", churned: true }))).toBe(false)
  })
})

describe("comparisons with a literal", () => {
  it("eq is strict: same type, same value", () => {
    expect(check(R.eq("subject.age", 18), s({ age: 18 }))).toBe(true)
    expect(check(R.eq("subject.age", 18), s({ age: "18" }))).toBe(false)
    expect(check(R.eq("subject.vip", true), s({ vip: 1 }))).toBe(false)
    expect(check(R.eq("subject.name", "Ann"), s({ name: "Ann" }))).toBe(true)
    expect(check(R.eq("subject.age", 0), s({ age: -0 }))).toBe(true)
    expect(check(R.eq("subject.age", 18), s({}))).toBe(false)
    expect(check(R.eq("subject.age", 18), s({ age: null }))).toBe(false)
    expect(check(R.eq("subject.age", 18), s({ age: Number.NaN }))).toBe(false)
  })
  it("neq needs a present scalar: missing, null, NaN, objects and arrays make it false", () => {
    expect(check(R.neq("subject.segment", "gold"), s({ segment: "silver" }))).toBe(true)
    expect(check(R.neq("subject.segment", "gold"), s({ segment: "gold" }))).toBe(false)
    expect(check(R.neq("subject.segment", "gold"), s({ segment: 5 }))).toBe(true)
    expect(check(R.neq("subject.segment", "gold"), s({}))).toBe(false)
    expect(check(R.neq("subject.segment", "gold"), s({ segment: null }))).toBe(false)
    expect(check(R.neq("subject.segment", "gold"), s({ segment: Number.NaN }))).toBe(false)
    expect(check(R.neq("subject.segment", "gold"), s({ segment: { name: "gold" } }))).toBe(false)
    expect(check(R.neq("subject.segment", "gold"), s({ segment: ["gold"] }))).toBe(false)
    // not(eq) is true where neq is false: missing facts
    expect(check(R.not(R.eq("subject.segment", "gold")), s({}))).toBe(true)
  })
  it("lt, lte, gt, gte on numbers", () => {
    const at = (age: unknown) => s({ age })
    expect([check(R.lt("subject.age", 18), at(17)), check(R.lt("subject.age", 18), at(18))]).toEqual([true, false])
    expect([check(R.lte("subject.age", 18), at(18)), check(R.lte("subject.age", 18), at(19))]).toEqual([true, false])
    expect([check(R.gt("subject.age", 18), at(19)), check(R.gt("subject.age", 18), at(18))]).toEqual([true, false])
    expect([check(R.gte("subject.age", 18), at(18)), check(R.gte("subject.age", 18), at(17))]).toEqual([true, false])
    expect(check(R.gte("subject.age", -1.5), at(Number.POSITIVE_INFINITY))).toBe(true)
  })
  it("lt, lte, gt, gte on strings compare by code units", () => {
    expect(check(R.lt("subject.tier", "b"), s({ tier: "a" }))).toBe(true)
    expect(check(R.lt("subject.tier", "b"), s({ tier: "B" }))).toBe(true)
    expect(check(R.gte("subject.tier", "b"), s({ tier: "ba" }))).toBe(true)
    expect(check(R.lte("subject.joined", "2024-01-01"), s({ joined: "2023-12-31" }))).toBe(true)
  })
  it("orders are false for missing, null, NaN and wrongly typed facts, and for their type mismatches", () => {
    for (const value of [undefined, null, Number.NaN, "18", true, [18], { age: 18 }]) {
      expect(check(R.gte("subject.age", 18), s({ age: value })), String(value)).toBe(false)
      expect(check(R.lt("subject.age", 18), s({ age: value })), String(value)).toBe(false)
    }
    expect(check(R.lt("subject.tier", "b"), s({ tier: 1 }))).toBe(false)
  })
  it("between is inclusive at both ends, for numbers and strings", () => {
    const rule = R.between("subject.age", 18, 67)
    expect([17, 18, 40, 67, 68].map((age) => check(rule, s({ age })))).toEqual([false, true, true, true, false])
    expect(check(rule, s({ age: "40" }))).toBe(false)
    expect(check(rule, s({}))).toBe(false)
    const letters = R.between("subject.code", "b", "d")
    expect(["a", "b", "c", "d", "da"].map((code) => check(letters, s({ code })))).toEqual([
      false,
      true,
      true,
      true,
      false
    ])
    expect(check(R.between("subject.age", 5, 5), s({ age: 5 }))).toBe(true)
  })
})

describe("membership, presence, text", () => {
  it("in and notIn, with short lists and with lists long enough for a Set", () => {
    const long = ["a", "b", "c", "d", "e", "f", "g", "h", "i", 1, true]
    for (const values of [["gold", "silver"], ["gold", "silver", "bronze"], long]) {
      const rule = R.in("subject.segment", values)
      expect(check(rule, s({ segment: values[0] }))).toBe(true)
      expect(check(rule, s({ segment: "platinum" }))).toBe(false)
      expect(check(rule, s({}))).toBe(false)
      const negated = R.notIn("subject.segment", values)
      expect(check(negated, s({ segment: values[0] }))).toBe(false)
      expect(check(negated, s({ segment: "platinum" }))).toBe(true)
      expect(check(negated, s({ segment: 7 }))).toBe(true)
      expect(check(negated, s({}))).toBe(false)
      expect(check(negated, s({ segment: null }))).toBe(false)
      expect(check(negated, s({ segment: ["platinum"] }))).toBe(false)
    }
    expect(check(R.in("subject.n", [1, true]), s({ n: true }))).toBe(true)
    expect(check(R.in("subject.n", ["1"]), s({ n: 1 }))).toBe(false)
    expect(check(R.in("subject.n", []), s({ n: 1 }))).toBe(false)
    expect(check(R.notIn("subject.n", []), s({ n: 1 }))).toBe(true)
    expect(check(R.in("subject.n", [0, "x", "y", "z", "w", "v", "u", "t", "s"]), s({ n: -0 }))).toBe(true)
  })
  it("exists and missing: absent, undefined and null are missing", () => {
    for (const [value, present] of [
      [0, true],
      ["", true],
      [false, true],
      [[], true],
      [undefined, false],
      [null, false]
    ] as const) {
      expect(check(R.exists("subject.email"), s({ email: value })), String(value)).toBe(present)
      expect(check(R.missing("subject.email"), s({ email: value })), String(value)).toBe(!present)
    }
    expect(check(R.missing("subject.email"), s({}))).toBe(true)
    expect(check(R.missing("subject.email"), {})).toBe(true)
    expect(check(R.missing("subject.email"), { subject: "text" })).toBe(true)
  })
  it("startsWith, endsWith on strings only; contains on a string or (as an element) on a list", () => {
    expect(check(R.startsWith("subject.postcode", "10"), s({ postcode: "1017 AB" }))).toBe(true)
    expect(check(R.startsWith("subject.postcode", "10"), s({ postcode: 1017 }))).toBe(false)
    expect(check(R.endsWith("subject.email", "@example.com"), s({ email: "ann@example.com" }))).toBe(true)
    expect(check(R.endsWith("subject.email", "@example.com"), s({ email: "ann@example.org" }))).toBe(false)
    expect(check(R.contains("subject.name", "nn"), s({ name: "Ann" }))).toBe(true)
    expect(check(R.contains("subject.name", "x"), s({ name: ["x"] }))).toBe(true) // an element
    expect(check(R.contains("subject.name", "x"), s({ name: ["xy"] }))).toBe(false) // not a substring of one
    expect(check(R.startsWith("subject.name", "x"), s({ name: ["x"] }))).toBe(false)
    expect(check(R.contains("subject.name", ""), s({ name: "" }))).toBe(true)
    // the text is matched literally, never as a pattern
    expect(check(R.contains("subject.name", ".*"), s({ name: "Ann" }))).toBe(false)
  })
})

describe("comparisons of two facts", () => {
  const f = (a: unknown, b: unknown): Facts => ({ subject: { a, b } })
  it("eqFact and neqFact need present scalars", () => {
    expect(check(R.eqFact("subject.a", "subject.b"), f(3, 3))).toBe(true)
    expect(check(R.eqFact("subject.a", "subject.b"), f(3, "3"))).toBe(false)
    expect(check(R.eqFact("subject.a", "subject.b"), f(undefined, undefined))).toBe(false)
    expect(check(R.eqFact("subject.a", "subject.b"), f(null, null))).toBe(false)
    expect(check(R.neqFact("subject.a", "subject.b"), f(3, 4))).toBe(true)
    expect(check(R.neqFact("subject.a", "subject.b"), f(3, undefined))).toBe(false)
    expect(check(R.neqFact("subject.a", "subject.b"), f(3, "3"))).toBe(true)
  })
  it("orders between facts need two numbers or two strings", () => {
    expect(check(R.ltFact("subject.a", "subject.b"), f(1, 2))).toBe(true)
    expect(check(R.lteFact("subject.a", "subject.b"), f(2, 2))).toBe(true)
    expect(check(R.gtFact("subject.a", "subject.b"), f("b", "a"))).toBe(true)
    expect(check(R.gteFact("subject.a", "subject.b"), f(2, 3))).toBe(false)
    expect(check(R.ltFact("subject.a", "subject.b"), f(1, "2"))).toBe(false)
    expect(check(R.ltFact("subject.a", "subject.b"), f(1, undefined))).toBe(false)
  })
  it("compares facts in different parts of the facts object", () => {
    const affordable = R.lteFact("context.price", "subject.balance")
    expect(check(affordable, { subject: { balance: 250 }, context: { price: 199 } })).toBe(true)
    expect(check(affordable, { subject: { balance: 150 }, context: { price: 199 } })).toBe(false)
  })
})

describe("date-time conditions against the decision time", () => {
  const now = Date.parse("2024-05-01T12:00:00Z")
  const at = (value: unknown): Facts => s({ t: value })
  it("are false without a decision time, and not(…) of them true", () => {
    expect(check(R.before("subject.t"), at(0))).toBe(false)
    expect(check(R.not(R.before("subject.t")), at(0))).toBe(true)
    expect(check(R.withinLastDays("subject.t", 30), at(now))).toBe(false)
  })
  it("accept epoch milliseconds, ISO 8601 with a zone, bare dates and Date objects", () => {
    const yesterday = now - DAY_MS
    for (const value of [
      yesterday,
      new Date(yesterday).toISOString(),
      "2024-04-30T12:00:00+00:00",
      "2024-04-30T14:00:00+02:00",
      new Date(yesterday)
    ]) {
      expect(check(R.withinLastDays("subject.t", 1), at(value), now), String(value)).toBe(true)
    }
    expect(check(R.withinLastDays("subject.t", 1), at("2024-04-30"), now)).toBe(false) // midnight UTC: 36 hours ago
    expect(check(R.withinLastDays("subject.t", 2), at("2024-04-30"), now)).toBe(true)
  })
  it("are false for facts that are not date-times", () => {
    for (const value of [
      undefined,
      null,
      "yesterday",
      "2024-04-30T12:00:00",
      "30/04/2024",
      true,
      {},
      Number.NaN,
      new Date(Number.NaN)
    ]) {
      expect(check(R.before("subject.t", 0), at(value), now), String(value)).toBe(false)
      expect(check(R.withinLastDays("subject.t", 1000), at(value), now), String(value)).toBe(false)
    }
  })
  it("before and after are strict; days move the boundary away from now", () => {
    expect(check(R.before("subject.t"), at(now - 1), now)).toBe(true)
    expect(check(R.before("subject.t"), at(now), now)).toBe(false)
    expect(check(R.after("subject.t"), at(now + 1), now)).toBe(true)
    expect(check(R.after("subject.t"), at(now), now)).toBe(false)
    expect(check(R.before("subject.t", 365), at(now - 365 * DAY_MS), now)).toBe(false)
    expect(check(R.before("subject.t", 365), at(now - 365 * DAY_MS - 1), now)).toBe(true)
    expect(check(R.after("subject.t", 7), at(now + 7 * DAY_MS + 1), now)).toBe(true)
    expect(check(R.after("subject.t", 7), at(now + 7 * DAY_MS), now)).toBe(false)
  })
  it("within the last / next N days is inclusive at both ends", () => {
    const last = R.withinLastDays("subject.t", 30)
    expect([now - 30 * DAY_MS - 1, now - 30 * DAY_MS, now, now + 1].map((x) => check(last, at(x), now))).toEqual([
      false,
      true,
      true,
      false
    ])
    const next = R.withinNextDays("subject.t", 2.5)
    expect([now - 1, now, now + 2.5 * DAY_MS, now + 2.5 * DAY_MS + 1].map((x) => check(next, at(x), now))).toEqual([
      false,
      true,
      true,
      false
    ])
    expect(check(R.withinLastDays("subject.t", 0), at(now), now)).toBe(true)
  })
})

describe("fact lookup reads own properties only", () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)["age"]
  })
  it("does not see inherited properties, of plain objects or of objects with other prototypes", () => {
    const inherited = Object.create({ age: 40, segment: "gold" }) as Record<string, unknown>
    expect(check(R.gte("subject.age", 18), { subject: inherited })).toBe(false)
    expect(check(R.exists("subject.segment"), { subject: inherited })).toBe(false)
    expect(check(R.exists("subject.toString"), s({}))).toBe(false)
    expect(check(R.exists("subject.hasOwnProperty"), s({}))).toBe(false)
    expect(check(R.exists("length"), [] as unknown as Facts)).toBe(true)
    class Customer {
      get age(): number {
        return 40
      }
    }
    expect(check(R.gte("subject.age", 18), { subject: new Customer() })).toBe(false)
  })
  it("sees own properties of objects without a prototype and of arrays", () => {
    const bare = Object.create(null) as Record<string, unknown>
    bare["age"] = 40
    expect(check(R.gte("subject.age", 18), { subject: bare })).toBe(true)
    expect(check(R.eq("subject.tags.0", "vip"), s({ tags: ["vip"] }))).toBe(true)
    expect(check(R.exists("subject.tags.1"), s({ tags: ["vip"] }))).toBe(false)
    const own = Object.create({ age: 1 }) as Record<string, unknown>
    own["age"] = 40
    expect(check(R.gte("subject.age", 18), { subject: own })).toBe(true)
  })
  it("does not see a polluted Object.prototype", () => {
    ;(Object.prototype as Record<string, unknown>)["age"] = 99
    expect(check(R.gte("subject.age", 18), s({}))).toBe(false)
    expect(check(R.gte("age", 18), {})).toBe(false)
    expect(check(R.exists("subject.address.age"), s({ address: {} }))).toBe(false)
    expect(check(R.gte("subject.age", 18), s({ age: 20 }))).toBe(true)
  })
  it("never calls an inherited getter, even one that throws; own getters are read", () => {
    let calls = 0
    class Customer {
      get age(): number {
        calls++
        return 40
      }
    }
    const facts = { age: new Customer(), subject: Object.assign(new Customer(), { profile: new Customer() }) }
    for (const path of ["age.age", "subject.age", "subject.profile.age"])
      expect(check(R.exists(path), facts), path).toBe(false)
    expect(check(R.gte("subject.age", 18), { subject: new Customer() })).toBe(false)
    expect(calls).toBe(0)
    Object.defineProperty(Object.prototype, "age", {
      get() {
        throw new Error("a polluted accessor must not be read")
      },
      configurable: true
    })
    try {
      expect(check(R.gte("subject.age", 18), s({}))).toBe(false)
      expect(check(R.gte("subject.profile.age", 18), s({ profile: {} }))).toBe(false)
    } finally {
      delete (Object.prototype as Record<string, unknown>)["age"]
    }
    const withOwnGetter = Object.defineProperty({}, "age", { get: () => 40, enumerable: true })
    expect(check(R.gte("subject.age", 18), { subject: withOwnGetter })).toBe(true)
  })
  it("follows an own `__proto__` key nowhere; a rule with a forbidden segment is false, built by hand or not at all", () => {
    const polluted = JSON.parse('{"subject": {"__proto__": {"age": 40}}}') as Facts
    const byHand = { _tag: "Order", op: "gte", fact: "subject.__proto__.age", value: 18 } as Rule
    expect(check(byHand, polluted)).toBe(false)
    expect(check({ _tag: "Presence", op: "exists", fact: "subject.constructor" } as Rule, s({}))).toBe(false)
    expect(() => R.gte("subject.__proto__.age", 18)).toThrow(
      'Rule.gte: fact path "subject.__proto__.age" uses the forbidden segment "__proto__"'
    )
  })
})

describe("compileAll: many rules checked together", () => {
  const catalog = [
    R.all(R.gte("subject.age", 18), R.in("subject.segment", ["gold", "silver"])),
    R.all(R.gte("subject.age", 65), R.not(R.eq("subject.churned", true))),
    R.exists("subject.segment"),
    R.never,
    R.any(R.startsWith("subject.segment", "pl"), R.withinLastDays("subject.since", 30)),
    R.all(R.between("subject.balance", 100, 500), R.not(R.notIn("context.channel", ["web"])), R.lt("subject.age", 30))
  ]
  const eligible = R.compileAll(catalog)
  it("lists the positions of the rules that hold, in order (known answers)", () => {
    const now = Date.UTC(2024, 4, 1)
    expect(eligible({ subject: { age: 70, segment: "gold" } })).toEqual([0, 1, 2])
    expect(eligible({ subject: { age: 70, segment: "gold", churned: true } })).toEqual([0, 2])
    expect(eligible({ subject: { age: 20, segment: "platinum", balance: 100 }, context: { channel: "web" } })).toEqual([
      2, 4, 5
    ])
    expect(eligible({ subject: { age: 20, balance: 500 }, context: {} })).toEqual([5])
    expect(eligible({ subject: { age: 20, since: now - DAY_MS } }, now)).toEqual([4])
    expect(eligible({ subject: { age: 20, since: now - DAY_MS } })).toEqual([])
    expect(eligible({})).toEqual([])
    expect(R.compileAll([])({ subject: {} })).toEqual([])
  })
  it("returns a fresh array each call, and a call made from inside a fact's getter gets its own answer", () => {
    const first = eligible({ subject: { age: 70, segment: "gold" } })
    const second = eligible({ subject: { age: 70, segment: "gold" } })
    expect(first).not.toBe(second)
    let inner: ReadonlyArray<number> = []
    const subject = {
      age: 70,
      get segment(): string {
        inner = eligible({ subject: { age: 20, balance: 300 }, context: { channel: "web" } })
        return "gold"
      }
    }
    expect(eligible({ subject })).toEqual([0, 1, 2])
    expect(inner).toEqual([5])
  })
  it("reads each fact once per call, own properties only, and never an inherited getter", () => {
    let own = 0
    let inherited = 0
    const prototype = Object.defineProperty({}, "segment", {
      get: () => {
        inherited++
        return "gold"
      }
    })
    const subject = Object.defineProperty(Object.create(prototype) as Record<string, unknown>, "age", {
      get: () => {
        own++
        return 70
      },
      enumerable: true
    })
    expect(eligible({ subject })).toEqual([1])
    expect([own, inherited]).toEqual([1, 0])
  })
  it("sees a change of prototype between calls (nothing is cached across calls)", () => {
    const subject: Record<string, unknown> = { age: 70 }
    const rules = R.compileAll([R.exists("subject.segment"), R.gte("subject.age", 18)])
    const each = R.compile(R.exists("subject.segment"))
    expect(rules({ subject })).toEqual([1])
    Object.setPrototypeOf(subject, { segment: "gold" })
    expect(rules({ subject })).toEqual([1])
    expect(each({ subject })).toBe(false)
    Object.setPrototypeOf(subject, null)
    subject["segment"] = "gold"
    expect(rules({ subject })).toEqual([0, 1])
    expect(each({ subject })).toBe(true)
  })
  it("rejects what is not a rule, naming the API", () => {
    expect(() => R.compileAll([R.always, null as unknown as Rule])).toThrow("Rule.compileAll: expected a rule")
  })
})

describe("constructors reject programming mistakes, naming the API", () => {
  it("bad paths, literals, bounds and days throw", () => {
    expect(() => R.eq("", 1)).toThrow("Rule.eq: a fact path must not be empty")
    expect(() => R.exists("subject..age")).toThrow('Rule.exists: empty segment in fact path "subject..age"')
    expect(() => R.ltFact("a", "b.prototype")).toThrow(
      'Rule.ltFact: fact path "b.prototype" uses the forbidden segment "prototype"'
    )
    expect(() => R.eq("a", Number.NaN)).toThrow(
      "Rule.eq: the value must be a string, a finite number or a boolean, found NaN"
    )
    expect(() => R.gte("a", Number.POSITIVE_INFINITY)).toThrow(
      "Rule.gte: the value must be a string or a finite number, found Infinity"
    )
    expect(() => R.lt("a", true as unknown as number)).toThrow(
      "Rule.lt: the value must be a string or a finite number, found true"
    )
    expect(() => R.between("a", 5, 1)).toThrow("Rule.between: min must not exceed max, found 5 > 1")
    expect(() => R.between("a", 1, "x" as unknown as number)).toThrow(
      'Rule.between: min and max must have the same type, found 1 and "x"'
    )
    expect(() => R.in("a", [{}] as unknown as ReadonlyArray<string>)).toThrow(
      "Rule.in: the value must be a string, a finite number or a boolean, found {}"
    )
    expect(() => R.notIn("a", "ab" as unknown as ReadonlyArray<string>)).toThrow(
      'Rule.notIn: values must be an array, found "ab"'
    )
    expect(() => R.withinLastDays("a", -1)).toThrow("Rule.withinLastDays: days must be a finite number ≥ 0, found -1")
    expect(() => R.before("a", Number.NaN)).toThrow("Rule.before: days must be a finite number ≥ 0, found NaN")
    expect(() => R.startsWith("a", 1 as unknown as string)).toThrow(
      "Rule.startsWith: the text must be a string, found 1"
    )
    expect(() => R.all(R.always, undefined as unknown as Rule)).toThrow("Rule.all: expected a rule, found missing")
    expect(() => R.not(null as unknown as Rule)).toThrow("Rule.not: expected a rule, found null")
  })
  it("throw exactly a TypeError (the house shape for misuse, from kernel/internal/misuse)", () => {
    const mistakes = [
      () => R.eq("", 1),
      () => R.between("a", 5, 1),
      () => R.in("a", "x" as unknown as ReadonlyArray<string>),
      () => R.not(null as unknown as Rule),
      () => R.compileAll([null as unknown as Rule])
    ]
    for (const mistake of mistakes) {
      expect(mistake).toThrow(TypeError)
      try {
        mistake()
      } catch (e) {
        expect(Object.getPrototypeOf(e)).toBe(TypeError.prototype)
        expect((e as TypeError).message).toMatch(/^Rule\.\w+: /)
      }
    }
  })
  it("copy their lists: changing the caller's array later does not change the rule", () => {
    const segments = ["gold"]
    const rule = R.in("subject.segment", segments)
    segments.push("bronze")
    expect(check(rule, s({ segment: "bronze" }))).toBe(false)
  })
})

describe("simplify", () => {
  const a = R.gte("subject.age", 18)
  const b = R.exists("subject.email")
  const c = R.eq("context.channel", "web")
  const same = (x: Rule, y: Rule): void => {
    expect(R.show(x)).toBe(R.show(y))
    expect(R.Eq.equals(x, y)).toBe(true)
  }
  it("folds constants", () => {
    same(R.simplify(R.all(a, R.always)), a)
    same(R.simplify(R.all(a, R.never, b)), R.never)
    same(R.simplify(R.any(a, R.always)), R.always)
    same(R.simplify(R.any(R.never, a)), a)
    same(R.simplify(R.all()), R.always)
    same(R.simplify(R.any()), R.never)
    same(R.simplify(R.not(R.always)), R.never)
    same(R.simplify(R.not(R.all())), R.never)
  })
  it("flattens nested all and any, keeping operand order", () => {
    same(R.simplify(R.all(a, R.all(b, R.all(c)))), R.all(a, b, c))
    same(R.simplify(R.any(R.any(c, b), a)), R.any(c, b, a))
    same(R.simplify(R.all(a, R.any(b, c))), R.all(a, R.any(b, c)))
  })
  it("removes double negation and duplicate operands", () => {
    same(R.simplify(R.not(R.not(a))), a)
    same(R.simplify(R.not(R.not(R.not(a)))), R.not(a))
    same(R.simplify(R.all(a, b, R.gte("subject.age", 18), R.not(R.not(b)))), R.all(a, b))
    same(R.simplify(R.any(R.all(a, b), R.all(a, b))), R.all(a, b))
  })
  it("turns an operand beside its negation into a constant", () => {
    same(R.simplify(R.all(a, b, R.not(a))), R.never)
    same(R.simplify(R.any(R.not(R.all(a, b)), c, R.all(b, a), R.all(a, b))), R.always)
  })
})

describe("instances", () => {
  const a = R.gte("subject.age", 18)
  const b = R.exists("subject.email")
  it("MonoidAll and MonoidAny flatten and drop their identities", () => {
    expect(R.Eq.equals(R.MonoidAll.concat(R.all(a), b), R.all(a, b))).toBe(true)
    expect(R.Eq.equals(R.MonoidAll.concat(R.always, a), a)).toBe(true)
    expect(R.Eq.equals(R.MonoidAny.concat(a, R.never), a)).toBe(true)
    expect(R.Eq.equals(concatAll(R.MonoidAny)([a, b, R.any(a)]), R.any(a, b, a))).toBe(true)
    expect(R.Eq.equals(concatAll(R.MonoidAll)([]), R.always)).toBe(true)
  })
  it("BooleanAlgebra", () => {
    const B = R.BooleanAlgebra
    expect(R.Eq.equals(B.implies(a, b), R.any(R.not(a), b))).toBe(true)
    expect(R.Eq.equals(B.zero, R.never) && R.Eq.equals(B.one, R.always)).toBe(true)
    expect(check(B.meet(a, B.not(a)), s({ age: 20 }))).toBe(false)
  })
  it("Eq is structural: literals by ===, lists in order", () => {
    expect(R.Eq.equals(R.in("x", [1, 2]), R.in("x", [1, 2]))).toBe(true)
    expect(R.Eq.equals(R.in("x", [1, 2]), R.in("x", [2, 1]))).toBe(false)
    expect(R.Eq.equals(R.eq("x", 1), R.eq("x", "1"))).toBe(false)
    expect(R.Eq.equals(R.eq("x", 1), R.neq("x", 1))).toBe(false)
    expect(R.Eq.equals(R.before("x"), R.before("x", 0))).toBe(true)
    expect(R.Eq.equals(R.all(a, b), R.any(a, b))).toBe(false)
    expect(R.Eq.equals(R.all(a, b), R.all(a))).toBe(false)
  })
  it("match is total over the tags", () => {
    const tagOf = R.match<string>({
      Always: (r) => r._tag,
      Never: (r) => r._tag,
      Not: (r) => r._tag,
      All: (r) => r._tag,
      Any: (r) => r._tag,
      Equal: (r) => r.op,
      Order: (r) => r.op,
      Between: (r) => r._tag,
      Member: (r) => r.op,
      Presence: (r) => r.op,
      Text: (r) => r.op,
      Elements: (r) => r.op,
      Size: (r) => `size ${r.op}`,
      CompareFacts: (r) => r.op,
      DateTime: (r) => r.op,
      Window: (r) => `${r.op} ${r.from} ${r.to}`
    })
    expect(
      [
        R.always,
        R.not(a),
        a,
        R.in("x", []),
        R.before("x"),
        R.gtFact("x", "y"),
        R.containsAll("x", []),
        R.sizeLt("x", 1),
        R.window("x", -120, -30)
      ].map(tagOf)
    ).toEqual(["Always", "Not", "gte", "in", "before", "gt", "containsAll", "size lt", "window -120 -30"])
  })
  it("factPaths lists each path once, in order", () => {
    expect(
      R.factPaths(R.all(R.ltFact("context.price", "subject.balance"), R.gte("subject.balance", 0), R.always))
    ).toEqual(["context.price", "subject.balance"])
  })
})

describe("describe, show, explain and their renderings (pinned)", () => {
  it("describes every kind of leaf", () => {
    const leaves: ReadonlyArray<readonly [Rule, string]> = [
      [R.always, "always"],
      [R.never, "never"],
      [R.eq("subject.churned", true), "subject.churned = true"],
      [R.neq("subject.segment", "gold"), 'subject.segment ≠ "gold"'],
      [R.lt("subject.age", 18), "subject.age < 18"],
      [R.lte("subject.age", 18.5), "subject.age ≤ 18.5"],
      [R.gt("subject.tier", "b"), 'subject.tier > "b"'],
      [R.gte("subject.age", -1), "subject.age ≥ -1"],
      [R.between("subject.age", 18, 67), "subject.age between 18 and 67"],
      [R.in("subject.segment", ["gold", 1, false]), 'subject.segment in ["gold", 1, false]'],
      [
        R.notIn("subject.n", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        "subject.n not in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (2 more)]"
      ],
      [R.exists("subject.email"), "subject.email exists"],
      [R.missing("subject.email"), "subject.email is missing"],
      [R.startsWith("subject.postcode", "10"), 'subject.postcode starts with "10"'],
      [R.endsWith("subject.email", "@example.com"), 'subject.email ends with "@example.com"'],
      [R.contains("subject.name", 'a "b"'), 'subject.name contains "a \\"b\\""'],
      [R.gteFact("subject.balance", "context.price"), "subject.balance ≥ context.price"],
      [R.neqFact("subject.a", "subject.b"), "subject.a ≠ subject.b"],
      [R.before("subject.since"), "subject.since is before now"],
      [R.before("subject.since", 1), "subject.since is more than 1 day before now"],
      [R.after("subject.renewal", 30), "subject.renewal is more than 30 days after now"],
      [R.after("subject.renewal"), "subject.renewal is after now"],
      [R.withinLastDays("subject.lastLogin", 7), "subject.lastLogin is within the last 7 days"],
      [R.withinNextDays("subject.birthday", 0.5), "subject.birthday is within the next 0.5 days"]
    ]
    for (const [rule, text] of leaves) expect(R.describe(rule as R.Leaf)).toBe(text)
  })
  it("shows whole rules on one line", () => {
    expect(R.show(R.all())).toBe("all()")
    expect(R.show(R.any(R.not(R.all(R.exists("a"), R.exists("b"))), R.any()))).toBe(
      "not (a exists and b exists) or any()"
    )
    expect(R.show(R.not(R.gte("subject.age", 18)))).toBe("not (subject.age ≥ 18)")
  })
  it("renders a failed verdict with the values seen, including missing ones", () => {
    const rule = R.all(
      R.gte("subject.age", 18),
      R.any(R.eq("context.channel", "web"), R.withinLastDays("subject.lastLogin", 30)),
      R.not(R.any(R.eq("subject.churned", true), R.exists("subject.complaint"))),
      R.lteFact("context.price", "subject.balance")
    )
    const facts = {
      subject: { age: 16, lastLogin: "2024-03-01", churned: false, complaint: null, balance: 100 },
      context: { channel: "app", price: 99.5 }
    }
    const verdict = R.explain(rule)(facts, Date.UTC(2024, 4, 1))
    expect(R.renderVerdict(verdict)).toBe(
      [
        "✗ all of",
        "  ✗ subject.age ≥ 18 (seen: 16)",
        "  ✗ any of",
        '    ✗ context.channel = "web" (seen: "app")',
        '    ✗ subject.lastLogin is within the last 30 days (seen: "2024-03-01", now: 2024-05-01T00:00:00.000Z)',
        "  ✓ not",
        "    ✗ any of",
        "      ✗ subject.churned = true (seen: false)",
        "      ✗ subject.complaint exists (seen: null)",
        "  ✓ context.price ≤ subject.balance (seen: context.price = 99.5, subject.balance = 100)"
      ].join("\n")
    )
    expect(R.whyNot(verdict).map(R.renderReason)).toEqual([
      "subject.age ≥ 18 (seen: 16)",
      'context.channel = "web" (seen: "app")',
      'subject.lastLogin is within the last 30 days (seen: "2024-03-01", now: 2024-05-01T00:00:00.000Z)'
    ])
  })
  it("records missing facts and a missing decision time", () => {
    const verdict = R.explain(R.all(R.in("subject.segment", ["gold"]), R.before("subject.since", 90)))({})
    expect(R.renderVerdict(verdict)).toBe(
      [
        "✗ all of",
        '  ✗ subject.segment in ["gold"] (seen: missing)',
        "  ✗ subject.since is more than 90 days before now (seen: missing, now: missing)"
      ].join("\n")
    )
    const leaf = R.whyNot(verdict)[0]
    expect(leaf).toEqual({
      _tag: "Leaf",
      rule: R.in("subject.segment", ["gold"]),
      passed: false,
      negated: false,
      seen: [{ fact: "subject.segment", value: undefined, missing: true }]
    })
  })
  it("whyNot names the leaves that held but must not, under a negation", () => {
    const verdict = R.explain(R.not(R.all(R.eq("subject.churned", true), R.gte("subject.age", 18))))(
      s({ churned: true, age: 30 })
    )
    const reasons = R.whyNot(verdict)
    expect(reasons.map((r) => [r.passed, r.negated])).toEqual([
      [true, true],
      [true, true]
    ])
    expect(reasons.map(R.renderReason)).toEqual([
      "not subject.churned = true (seen: true)",
      "not subject.age ≥ 18 (seen: 30)"
    ])
    expect(R.whyNot(R.explain(R.always)({}))).toEqual([])
  })
  it("a passed verdict renders with ✓ and has no why-not", () => {
    const verdict = R.explain(R.any(R.never, R.always))({})
    expect(R.renderVerdict(verdict)).toBe(["✓ any of", "  ✗ never", "  ✓ always"].join("\n"))
    expect(R.whyNot(verdict)).toEqual([])
  })
  it("matchVerdict is total", () => {
    const name = R.matchVerdict({ Leaf: () => "leaf", Not: () => "not", All: () => "all", Any: () => "any" })
    expect([R.always, R.not(R.always), R.all(), R.any()].map((r) => name(R.explain(r)({})))).toEqual([
      "leaf",
      "not",
      "all",
      "any"
    ])
  })
})

describe("codec: the JSON form", () => {
  it("encodes every operator (pinned)", () => {
    const rule = R.all(
      R.always,
      R.never,
      R.not(R.eq("subject.churned", true)),
      R.any(R.neq("a", "x"), R.lt("a", 1), R.lte("a", "b"), R.gt("a", 2), R.gte("a", 3)),
      R.between("a", 1, 2),
      R.in("a", ["x", 1, true]),
      R.notIn("a", []),
      R.exists("a"),
      R.missing("a"),
      R.startsWith("a", "p"),
      R.endsWith("a", "s"),
      R.contains("a", "c"),
      R.eqFact("a", "b"),
      R.neqFact("a", "b"),
      R.ltFact("a", "b"),
      R.lteFact("a", "b"),
      R.gtFact("a", "b"),
      R.gteFact("a", "b"),
      R.before("a"),
      R.before("a", 90),
      R.after("a", 1),
      R.withinLastDays("a", 30),
      R.withinNextDays("a", 7)
    )
    const json = R.encode(rule)
    expect(json).toEqual({
      op: "all",
      rules: [
        { op: "always" },
        { op: "never" },
        { op: "not", rule: { op: "eq", fact: "subject.churned", value: true } },
        {
          op: "any",
          rules: [
            { op: "neq", fact: "a", value: "x" },
            { op: "lt", fact: "a", value: 1 },
            { op: "lte", fact: "a", value: "b" },
            { op: "gt", fact: "a", value: 2 },
            { op: "gte", fact: "a", value: 3 }
          ]
        },
        { op: "between", fact: "a", min: 1, max: 2 },
        { op: "in", fact: "a", values: ["x", 1, true] },
        { op: "notIn", fact: "a", values: [] },
        { op: "exists", fact: "a" },
        { op: "missing", fact: "a" },
        { op: "startsWith", fact: "a", value: "p" },
        { op: "endsWith", fact: "a", value: "s" },
        { op: "contains", fact: "a", value: "c" },
        { op: "eqFact", fact: "a", other: "b" },
        { op: "neqFact", fact: "a", other: "b" },
        { op: "ltFact", fact: "a", other: "b" },
        { op: "lteFact", fact: "a", other: "b" },
        { op: "gtFact", fact: "a", other: "b" },
        { op: "gteFact", fact: "a", other: "b" },
        { op: "before", fact: "a" },
        { op: "before", fact: "a", days: 90 },
        { op: "after", fact: "a", days: 1 },
        { op: "withinLastDays", fact: "a", days: 30 },
        { op: "withinNextDays", fact: "a", days: 7 }
      ]
    })
    const decoded = R.decode(JSON.parse(JSON.stringify(json)))
    expect(E.isRight(decoded) && R.Eq.equals(decoded.right, rule)).toBe(true)
  })
  it("decodes `before` without days as 0 days", () => {
    const decoded = R.decode({ op: "after", fact: "subject.renewal" })
    expect(E.isRight(decoded) && R.Eq.equals(decoded.right, R.after("subject.renewal", 0))).toBe(true)
  })
  it("the guard `is` accepts rules and rejects look-alikes", () => {
    expect(R.codec.is(R.all(R.gte("a", 1), R.not(R.in("b", ["x"]))))).toBe(true)
    expect(R.codec.is({ op: "always" })).toBe(false)
    expect(R.codec.is({ _tag: "Order", op: "gte", fact: "a", value: true })).toBe(false)
    expect(R.codec.is({ _tag: "Equal", op: "eq", fact: "a.__proto__", value: 1 })).toBe(false)
    expect(R.codec.is({ _tag: "All", rules: [{ _tag: "Always" }, null] })).toBe(false)
    expect(R.codec.is({ _tag: "Between", fact: "a", min: 2, max: 1 })).toBe(false)
    expect(R.codec.is({ _tag: "DateTime", op: "before", fact: "a", days: -1 })).toBe(false)
  })
})

describe("codec: every problem, with its path and a stable code (pinned)", () => {
  it("reports type errors, bad numbers, bad paths, unknown operators and keys, all at once", () => {
    const input = {
      op: "all",
      rules: [
        { op: "gte", fact: "subject.age", value: "18", note: "a string is allowed for strings; this note is not" },
        { op: "gte", fact: "subject.age", value: true },
        { op: "eq", fact: "subject.__proto__.polluted", value: Number.NaN },
        { op: "in", fact: "subject..segment", values: ["gold", null, Number.POSITIVE_INFINITY] },
        { op: "between", fact: "subject.age", min: 65, max: 18 },
        { op: "between", fact: "subject.age", min: 18, max: "65" },
        { op: "matches", fact: "subject.name", value: ".*" },
        { op: "withinLastDays", fact: "subject.lastLogin", days: -3 },
        { op: "withinNextDays", fact: "subject.birthday" },
        { op: "startsWith", fact: 42, value: 1 },
        { op: "not" },
        { op: "any", rules: {} },
        { fact: "subject.age" },
        "gte",
        null
      ]
    }
    expect(renderLeft(R.decode(input))).toBe(
      [
        "19 problems:",
        '  $.rules[0].note [unknown_key] unknown key "note" for "gte"; expected fact, value (found: "a string is allowed for strings; this note is not")',
        "  $.rules[1].value [invalid_type] expected a string or a finite number, found a boolean (found: true)",
        '  $.rules[2].fact [forbidden_path] fact path "subject.__proto__.polluted" uses the forbidden segment "__proto__" (found: "subject.__proto__.polluted")',
        "  $.rules[2].value [non_finite] expected a string, a finite number or a boolean, found NaN (found: NaN)",
        '  $.rules[3].fact [invalid_value] empty segment in fact path "subject..segment" (found: "subject..segment")',
        "  $.rules[3].values[1] [invalid_type] expected a string, a finite number or a boolean, found null (found: null)",
        "  $.rules[3].values[2] [non_finite] expected a string, a finite number or a boolean, found Infinity (found: Infinity)",
        "  $.rules[4].max [out_of_range] max must not be less than min (65) (found: 18)",
        '  $.rules[5].max [invalid_type] expected the same type as min (number), found a string (found: "65")',
        '  $.rules[6].op [unknown_operator] unknown operator "matches"; expected one of always, never, not, all, any, eq, neq, lt, lte, gt, gte, between, in, notIn, exists, missing, startsWith, endsWith, contains, containsAny, containsAll, sizeEq, sizeNeq, sizeLt, sizeLte, sizeGt, sizeGte, eqFact, neqFact, ltFact, lteFact, gtFact, gteFact, before, after, withinLastDays, withinNextDays, window (found: "matches")',
        "  $.rules[7].days [out_of_range] the number of days must not be negative, found -3 (found: -3)",
        "  $.rules[8].days [required] required: expected a number of days (found: missing)",
        "  $.rules[9].fact [invalid_type] expected a fact path (a string), found a number (found: 42)",
        "  $.rules[9].value [invalid_type] expected a string, found a number (found: 1)",
        "  $.rules[10].rule [required] required: expected a rule (found: missing)",
        "  $.rules[11].rules [invalid_type] expected an array of rules, found an object (found: {})",
        "  $.rules[12].op [required] required: expected an operator name (found: missing)",
        '  $.rules[13] [invalid_type] expected a rule (an object with an "op"), found a string (found: "gte")',
        '  $.rules[14] [invalid_type] expected a rule (an object with an "op"), found null (found: null)'
      ].join("\n")
    )
  })
  it("reports a missing or non-object rule at the root", () => {
    expect(renderLeft(R.decode(undefined))).toBe(
      "1 problem:\n  $ [required] required: expected a rule (found: missing)"
    )
    expect(renderLeft(R.decode([]))).toBe(
      '1 problem:\n  $ [invalid_type] expected a rule (an object with an "op"), found an array (found: [])'
    )
    expect(renderLeft(R.decode({ op: 7 }))).toBe(
      "1 problem:\n  $.op [invalid_type] expected an operator name (a string), found a number (found: 7)"
    )
    expect(renderLeft(R.decode({ op: "always", fact: "a" }))).toBe(
      '1 problem:\n  $.fact [unknown_key] unknown key "fact" for "always"; expected no other key (found: "a")'
    )
    expect(renderLeft(R.decode({ op: "constructor" }))).toMatch(
      /^1 problem:\n {2}\$\.op \[unknown_operator\] unknown operator "constructor"/
    )
    expect(renderLeft(R.decode({ op: "__proto__" }))).toMatch(/\[unknown_operator\]/)
  })
  it("nests paths under a codec that embeds it", () => {
    const Catalog = t.type({ actions: t.array(t.type({ id: t.string, eligibility: R.codec })) })
    const input = {
      actions: [
        { id: "a", eligibility: { op: "always" } },
        {
          id: "b",
          eligibility: {
            op: "all",
            rules: [
              { op: "gte", fact: "subject.age", value: 18 },
              { op: "in", fact: "subject.segment", values: "gold" }
            ]
          }
        }
      ]
    }
    expect(renderLeft(decodeWith(Catalog)(input))).toBe(
      '1 problem:\n  $.actions[1].eligibility.rules[1].values [invalid_type] expected an array of strings, numbers or booleans, found a string (found: "gold")'
    )
  })
})

describe("depth", () => {
  const nest = (
    levels: number,
    make: (inner: Rule, level: number) => Rule,
    leaf: Rule = R.gte("subject.age", 18)
  ): Rule => {
    let rule = leaf
    for (let i = 1; i < levels; i++) rule = make(rule, i)
    return rule
  }
  const jsonNest = (levels: number): unknown => {
    let json: unknown = { op: "exists", fact: "subject.age" }
    for (let i = 1; i < levels; i++) json = i % 2 === 0 ? { op: "not", rule: json } : { op: "all", rules: [json] }
    return json
  }
  it(`decodes rules up to MAX_DEPTH = ${R.MAX_DEPTH} levels and reports deeper ones as too_deep`, () => {
    expect(R.MAX_DEPTH).toBe(64)
    expect(E.isRight(R.decode(jsonNest(R.MAX_DEPTH)))).toBe(true)
    const result = R.decode(jsonNest(R.MAX_DEPTH + 1))
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) {
      expect(result.left.problems.map((p) => p.code)).toEqual(["too_deep"])
      expect(result.left.problems[0]?.message).toBe("rules may nest at most 64 levels deep")
    }
  })
  it("a JSON rule nested 10,000 levels deep comes back as one too_deep problem, without a stack overflow", () => {
    const result = R.decode(jsonNest(10_000))
    expect(E.isLeft(result) && result.left.problems.map((p) => p.code)).toEqual(["too_deep"])
  })
  it("a rule nested 10,000 levels deep with the constructors: every operation works and agrees", () => {
    const deep = nest(10_000, (inner, i) =>
      i % 3 === 0 ? R.not(inner) : i % 3 === 1 ? R.all(inner, R.always) : R.any(R.never, inner)
    )
    expect(R.depth(deep)).toBe(10_000)
    const adult = s({ age: 30 })
    const child = s({ age: 3 })
    const negations = Math.floor((10_000 - 1) / 3)
    const expected = negations % 2 === 0
    expect(R.evaluate(deep)(adult)).toBe(expected)
    expect(R.evaluate(deep)(child)).toBe(!expected)
    expect(R.compile(deep)(adult)).toBe(expected)
    expect(R.explain(deep)(adult).passed).toBe(expected)
    const reasons = R.whyNot(R.explain(deep)(expected ? child : adult))
    expect(reasons.some((r) => r.rule._tag === "Order")).toBe(true)
    for (const r of reasons) expect(r.passed).toBe(r.negated)
    // one line per node: the 10,000-level chain plus the `always` beside each of 3,333 `all`s and the `never` beside
    // each of 3,333 `any`s
    expect(R.renderVerdict(R.explain(deep)(adult)).split("\n").length).toBe(10_000 + 2 * 3333)
    expect(
      R.Eq.equals(
        deep,
        nest(10_000, (inner, i) =>
          i % 3 === 0 ? R.not(inner) : i % 3 === 1 ? R.all(inner, R.always) : R.any(R.never, inner)
        )
      )
    ).toBe(true)
    expect(R.show(R.simplify(deep))).toBe(expected ? "subject.age ≥ 18" : "not (subject.age ≥ 18)")
    expect(R.show(deep).length).toBeGreaterThan(10_000)
    expect(R.factPaths(deep)).toEqual(["subject.age"])
    const json = R.encode(deep)
    expect(E.isLeft(R.decode(json))).toBe(true)
    expect(R.codec.is(deep)).toBe(true)
  })
  it("a negation chain 10,000 deep that simplify cannot shorten still compiles (on the interpreter's stack)", () => {
    const chain = nest(10_000, (inner, i) => (i % 2 === 0 ? R.not(inner) : R.all(inner, R.exists(`subject.f${i}`))))
    const facts = s(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 1])))
    expect(R.depth(R.simplify(chain))).toBeGreaterThan(200)
    expect(R.compile(chain)(facts)).toBe(R.evaluate(chain)(facts))
    expect(R.compile(chain)(s({ age: 30 }))).toBe(R.evaluate(chain)(s({ age: 30 })))
  })
  it("a rule 100,000 operands wide", () => {
    const wide = R.all(...Array.from({ length: 100_000 }, (_, i) => R.neq("subject.age", i + 1000)))
    expect(check(wide, s({ age: 30 }))).toBe(true)
    expect(check(wide, s({ age: 50_000 }))).toBe(false)
  })
})

describe("the facade src/rules/Rule.ts", () => {
  it("exports the public API, and none of the internal modules' helpers", () => {
    expect(Object.keys(R).sort()).toEqual(
      [
        "BooleanAlgebra",
        "Eq",
        "MAX_DEPTH",
        "MonoidAll",
        "MonoidAny",
        "OPERATOR_NAMES",
        "Show",
        "after",
        "all",
        "always",
        "any",
        "before",
        "between",
        "codec",
        "compile",
        "compileAll",
        "contains",
        "containsAll",
        "containsAny",
        "decode",
        "depth",
        "describe",
        "encode",
        "endsWith",
        "eq",
        "eqFact",
        "evaluate",
        "exists",
        "explain",
        "factOperators",
        "factPaths",
        "fold",
        "gt",
        "gtFact",
        "gte",
        "gteFact",
        "in",
        "lt",
        "ltFact",
        "lte",
        "lteFact",
        "match",
        "matchVerdict",
        "missing",
        "neq",
        "neqFact",
        "never",
        "not",
        "notIn",
        "operatorName",
        "renderReason",
        "renderVerdict",
        "show",
        "simplify",
        "sizeEq",
        "sizeGt",
        "sizeGte",
        "sizeLt",
        "sizeLte",
        "sizeNeq",
        "startsWith",
        "whyNot",
        "window",
        "withinLastDays",
        "withinNextDays"
      ].sort()
    )
  })
  it("the codec is Rule.codec, and `in` builds a membership rule", () => {
    expect(R.codec.name).toBe("Rule")
    expect(R.in("subject.segment", ["gold"])).toEqual({
      _tag: "Member",
      op: "in",
      fact: "subject.segment",
      values: ["gold"]
    })
  })
})
