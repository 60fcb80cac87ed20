/**
 * Arbitraries for the rule algebra: rules built with the constructors over a small pool of fact
 * paths and literals, and facts drawn from pools that make every condition hit both outcomes —
 * including missing facts, `null`, wrong types, NaN, dates in several forms, objects without a
 * prototype and objects that inherit the keys rules look for.
 */
import * as fc from "fast-check"
import * as R from "../../src/rules/Rule.js"
import type { Facts } from "../../src/kernel/internal/Facts.js"
import { DAY_MS } from "../../src/kernel/Time.js"

type Rule = R.Rule

/** the decision time the date-time pools are centred on: 2024-05-01T00:00:00Z */
export const NOW = Date.UTC(2024, 4, 1)

/** fact paths: two-segment paths (the compiled fast path), one- and three-segment ones, and an array index */
export const FACT_PATHS = [
  "subject.age",
  "subject.segment",
  "subject.balance",
  "subject.churned",
  "subject.since",
  "context.channel",
  "score",
  "subject.address.city",
  "subject.tags.0",
  "subject.tags",
  "subject.products"
] as const

export const path: fc.Arbitrary<string> = fc.constantFrom(...FACT_PATHS)

export const STRINGS = ["", "a", "b", "ab", "ba", "gold", "2024-04-30", "2024-05-02T12:00:00Z"] as const

export const numberLiteral: fc.Arbitrary<number> = fc.integer({ min: -3, max: 3 })
export const stringLiteral: fc.Arbitrary<string> = fc.constantFrom(...STRINGS)
export const literal: fc.Arbitrary<R.Literal> = fc.oneof(numberLiteral, stringLiteral, fc.boolean())
export const ordered: fc.Arbitrary<R.Ordered> = fc.oneof(numberLiteral, stringLiteral)
export const days: fc.Arbitrary<number> = fc.constantFrom(0, 1, 2.5, 3, 10)
/** sizes the size comparisons are drawn with (around the lengths of the generated lists) */
export const size: fc.Arbitrary<number> = fc.constantFrom(0, 1, 1.5, 2, 3)
/** literal lists for containsAny / containsAll: short, from the pools the list facts are drawn from */
export const literals: fc.Arbitrary<ReadonlyArray<R.Literal>> = fc.array(literal, { maxLength: 4 })

const pair = <A extends R.Ordered>(arb: fc.Arbitrary<A>): fc.Arbitrary<readonly [A, A]> =>
  fc.tuple(arb, arb).map(([x, y]) => (x <= y ? ([x, y] as const) : ([y, x] as const)))

/** every kind of leaf, built with the constructors */
export const leaf: fc.Arbitrary<Rule> = fc.oneof(
  fc.constantFrom(R.always, R.never),
  fc.tuple(fc.constantFrom(R.eq, R.neq), path, literal).map(([op, p, v]) => op(p, v)),
  fc.tuple(fc.constantFrom(R.lt, R.lte, R.gt, R.gte), path, ordered).map(([op, p, v]) => op(p, v)),
  fc
    .tuple(path, fc.oneof(pair(numberLiteral), pair(stringLiteral)))
    .map(([p, [lo, hi]]) => (typeof lo === "number" ? R.between(p, lo, hi as number) : R.between(p, lo, hi as string))),
  fc.tuple(fc.constantFrom(R.in, R.notIn), path, fc.array(literal, { maxLength: 4 })).map(([op, p, vs]) => op(p, vs)),
  fc
    .tuple(fc.constantFrom(R.in, R.notIn), path, fc.array(literal, { minLength: 9, maxLength: 14 }))
    .map(([op, p, vs]) => op(p, vs)),
  fc.tuple(fc.constantFrom(R.exists, R.missing), path).map(([op, p]) => op(p)),
  fc.tuple(fc.constantFrom(R.startsWith, R.endsWith, R.contains), path, stringLiteral).map(([op, p, s]) => op(p, s)),
  fc.tuple(fc.constantFrom(R.containsAny, R.containsAll), path, literals).map(([op, p, vs]) => op(p, vs)),
  fc
    .tuple(fc.constantFrom(R.sizeEq, R.sizeNeq, R.sizeLt, R.sizeLte, R.sizeGt, R.sizeGte), path, size)
    .map(([op, p, n]) => op(p, n)),
  fc
    .tuple(fc.constantFrom(R.eqFact, R.neqFact, R.ltFact, R.lteFact, R.gtFact, R.gteFact), path, path)
    .map(([op, p, q]) => op(p, q)),
  fc
    .tuple(fc.constantFrom(R.before, R.after, R.withinLastDays, R.withinNextDays), path, days)
    .map(([op, p, d]) => op(p, d)),
  fc
    .tuple(path, fc.constantFrom(-3, -1, 0, 0.5, 2), fc.constantFrom(0, 1, 2.5, 3))
    .map(([p, a, b]) => R.window(p, Math.min(a, b), Math.max(a, b)))
)

/** rules of bounded depth over all constructors */
export const rule: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("rule").map(R.not),
    fc.array(tie("rule"), { maxLength: 4 }).map((rs) => R.all(...rs)),
    fc.array(tie("rule"), { maxLength: 4 }).map((rs) => R.any(...rs))
  )
})).rule

/** instants around NOW in half-day steps, as epoch numbers, ISO text or a Date */
const instant: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: -24, max: 24 }), fc.constantFrom("number", "iso", "date", "bare"))
  .map(([k, form]) => {
    const ms = NOW + (k * DAY_MS) / 2
    return form === "number"
      ? ms
      : form === "date"
        ? new Date(ms)
        : form === "iso"
          ? new Date(ms).toISOString()
          : new Date(ms).toISOString().slice(0, 10)
  })

/** a list fact: elements from the literal pools (so list conditions hit both ways), sometimes a hole or odd elements */
export const listValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(literal, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(literal, fc.constantFrom<unknown>(null, Number.NaN, ["a"], { a: 1 })), {
      maxLength: 3
    })
  },
  // a hole: never an element, even with a decoy at that index on a prototype
  { weight: 1, arbitrary: fc.constant<unknown>(["a", , "b"]) }, // eslint-disable-line no-sparse-arrays
  { weight: 1, arbitrary: fc.constant<unknown>(Object.setPrototypeOf([, "b"], Object.assign([], { 0: "a" }))) } // eslint-disable-line no-sparse-arrays
)

/** a value a fact may hold: from the literal pools, or of another type */
export const factValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: numberLiteral },
  { weight: 3, arbitrary: stringLiteral },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: instant },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, Number.NaN, -0, 0.5, Number.POSITIVE_INFINITY, "not a date") },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ city: "a" }, [1, "a"], { "0": "a" }) },
  { weight: 1, arbitrary: listValue }
)

type Container = "plain" | "nullProto" | "inherits"

/** an object with the given own entries, built plainly, without a prototype, or inheriting decoy values */
const container = (entries: Readonly<Record<string, unknown>>, kind: Container): Readonly<Record<string, unknown>> => {
  if (kind === "plain") return { ...entries }
  const target =
    kind === "nullProto"
      ? (Object.create(null) as Record<string, unknown>)
      : (Object.create({ age: 2, segment: "a", churned: true, channel: "a", city: "a", score: 1 }) as Record<
          string,
          unknown
        >)
  for (const [k, v] of Object.entries(entries)) target[k] = v
  return target
}

const containerKind: fc.Arbitrary<Container> = fc.constantFrom<Container>(
  "plain",
  "plain",
  "plain",
  "nullProto",
  "inherits"
)

const entries = (keys: ReadonlyArray<string>): fc.Arbitrary<Readonly<Record<string, unknown>>> =>
  fc.record(Object.fromEntries(keys.map((k) => [k, factValue])) as Record<string, fc.Arbitrary<unknown>>, {
    requiredKeys: []
  })

/** facts shaped like `{ subject, context, score }`, each part sometimes missing, of the wrong type, or oddly built */
export const facts: fc.Arbitrary<Facts> = fc
  .record(
    {
      subject: fc.oneof(
        {
          weight: 6,
          arbitrary: fc.tuple(
            entries(["age", "segment", "balance", "churned", "since"]),
            fc.option(listValue, { nil: undefined, freq: 4 }),
            containerKind,
            fc.option(entries(["city"]), { nil: undefined }),
            fc.option(fc.array(factValue, { maxLength: 2 }), { nil: undefined })
          )
        },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "subject", 3) }
      ),
      context: fc.oneof(
        { weight: 4, arbitrary: fc.tuple(entries(["channel"]), containerKind) },
        { weight: 1, arbitrary: fc.constant<unknown>(null) }
      ),
      score: factValue
    },
    { requiredKeys: [] }
  )
  .map((raw) => {
    const out: Record<string, unknown> = {}
    if ("subject" in raw) {
      const s = raw.subject
      if (Array.isArray(s)) {
        const [own, products, kind, address, tags] = s as [
          Readonly<Record<string, unknown>>,
          unknown,
          Container,
          Readonly<Record<string, unknown>> | undefined,
          ReadonlyArray<unknown> | undefined
        ]
        const withExtras: Record<string, unknown> = { ...own }
        if (products !== undefined) withExtras["products"] = products
        if (address !== undefined) withExtras["address"] = address
        if (tags !== undefined) withExtras["tags"] = tags
        out["subject"] = container(withExtras, kind)
      } else out["subject"] = s
    }
    if ("context" in raw) {
      const c = raw.context
      out["context"] = Array.isArray(c) ? container(c[0] as Readonly<Record<string, unknown>>, c[1] as Container) : c
    }
    if ("score" in raw) out["score"] = raw.score
    return out
  })

/** the decision time: NOW, a little after it, or not given */
export const now: fc.Arbitrary<number | undefined> = fc.option(
  fc.constantFrom(NOW, NOW + DAY_MS / 3, NOW - 7 * DAY_MS),
  { nil: undefined, freq: 4 }
)

/** JSON-like input aimed at the decoder: objects with real and junk operators and operands of every type */
export const ruleLikeJson: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => {
  const anything = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      "__proto__",
      "a..b",
      "subject.constructor.x"
    )
  )
  return {
    node: fc.oneof(
      { depthSize: "small" },
      anything,
      fc.record(
        {
          op: fc.oneof(
            fc.constantFrom(
              "always",
              "never",
              "not",
              "all",
              "any",
              "eq",
              "neq",
              "lt",
              "gte",
              "between",
              "in",
              "notIn",
              "exists",
              "missing",
              "startsWith",
              "contains",
              "containsAny",
              "containsAll",
              "sizeEq",
              "sizeGte",
              "GTE",
              "containsall",
              "eqFact",
              "ltFact",
              "before",
              "withinLastDays",
              "withinNextDays",
              "window"
            ),
            anything
          ),
          fact: fc.oneof(path, anything),
          other: fc.oneof(path, anything),
          value: fc.oneof(literal, anything),
          values: fc.oneof(fc.array(literal), anything),
          min: anything,
          max: anything,
          days: fc.oneof(days, anything),
          from: fc.oneof(fc.constantFrom(-2, 0, 1), anything),
          to: fc.oneof(fc.constantFrom(-1, 0, 2), anything),
          rule: tie("node"),
          rules: fc.oneof(fc.array(tie("node"), { maxLength: 3 }), anything),
          extra: anything
        },
        { requiredKeys: [] }
      )
    )
  }
}).node
