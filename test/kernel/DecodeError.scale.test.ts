/**
 * Decode errors at scale: every decoder given one field with more problems than a call can take
 * arguments (~125,000: `push(...xs)` threw `RangeError` there) returns a Left — never throws —
 * that lists the first `MAX_PROBLEMS` problems and counts the rest in `omitted`. And below the
 * cap nothing changes: the capped error is the uncapped one.
 *
 * Time budget (stated, not asserted: tests never assert timings): each decode of 130,000 bad
 * elements below takes well under a second (15–35 ms each, 65 ms at worst, on the reference
 * machine); the whole file runs in a few seconds.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { describe, expect, it } from "vitest"
import * as Catalog from "../../src/catalog/Catalog.js"
import * as Request from "../../src/decide/Request.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Outcome from "../../src/feedback/Outcome.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as Replica from "../../src/feedback/Replica.js"
import * as History from "../../src/history/History.js"
import {
  decodeError,
  failure,
  fromValidationErrors,
  MAX_PROBLEMS,
  pathOf,
  problem,
  render,
  type DecodeError,
  type Problem,
  type Segment
} from "../../src/kernel/DecodeError.js"
import { found, pushErrors } from "../../src/kernel/internal/codec.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as Rule from "../../src/rules/Rule.js"
import { counting } from "../arbitraries/feedback.js"

const BIG = 130_000
const big = (): Array<unknown> => Array(BIG).fill(1)

const leftOf = <A>(result: E.Either<DecodeError, A>): DecodeError => {
  if (E.isRight(result)) throw new Error("expected a Left")
  return result.left
}

const decodeWithCodec = <A>(codec: t.Decoder<unknown, A>, u: unknown): E.Either<DecodeError, A> => {
  const r = codec.decode(u)
  return E.isRight(r) ? r : E.left(fromValidationErrors(r.left))
}

const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("segment")] })
/** a naive Bayes state whose one predictor has `bins` as its bins */
const nbState = (bins: ReadonlyArray<unknown>): Record<string, unknown> => ({
  ...(nb.codec.encode(nb.empty) as Record<string, unknown>),
  predictors: { segment: { missing: [0, 0], residual: [0, 0], bins } }
})

const record = {
  decisionId: "d-1",
  subjectId: "s-1",
  at: 0,
  direction: "inbound",
  controlGroup: false,
  features: {},
  actions: [] as Array<unknown>
}

/** each decoder, given an input whose one field holds 130,000 bad elements (one problem each) */
const cases: ReadonlyArray<readonly [string, () => E.Either<DecodeError, unknown>]> = [
  ["History.decode", () => History.decode({ format: "nextbest/history", version: 1, interactions: big() })],
  ["History.decode (bare array)", () => History.decode(big())],
  ["Pending.decode", () => Pending.decode({ format: "nextbest/pending", version: 1, watermark: 0, decisions: big() })],
  [
    "Feedback.decode (state snapshot)",
    () =>
      Feedback.decode(counting, {
        ...(Feedback.encode(Feedback.initial(Models.empty(counting))) as Record<string, unknown>),
        outbox: { recorded: big(), refused: [] }
      })
  ],
  [
    "Feedback.decode (models)",
    () =>
      Feedback.decode(nb, {
        ...(Feedback.encode(Feedback.initial(Models.empty(nb))) as Record<string, unknown>),
        models: { version: 1, learner: nb.name, states: { "GoldCard@web": nbState(big()) } }
      })
  ],
  ["Feedback.decodeLog (decision log)", () => Feedback.decodeLog(big())],
  [
    "Event.decode",
    () =>
      Event.decode({
        _tag: "Sent",
        eventId: "e-1",
        at: 0,
        actionId: "GoldCard",
        channel: "web",
        decision: { ...record, actions: big() }
      })
  ],
  ["NaiveBayes learner.codec", () => decodeWithCodec(nb.codec, nbState(big()))],
  [
    "Models.decode (naive Bayes)",
    () => Models.decode(nb, { version: 1, learner: nb.name, states: { "GoldCard@web": nbState(big()) } })
  ],
  ["NaiveBayes.fromAdmSnapshot", () => NaiveBayes.fromAdmSnapshot(big())],
  ["Outcome.decode", () => Outcome.decode({ positive: big(), negative: [] })],
  ["Feedback.decodeSettings", () => Feedback.decodeSettings({ labels: { positive: [], negative: big() } })],
  [
    "Replica.decodeDelta",
    () =>
      Replica.decodeDelta(nb, {
        format: "nextbest/delta",
        version: 1,
        replicaId: "eu-1",
        sequence: 1,
        models: { version: 1, learner: nb.name, states: { "GoldCard@web": nbState(big()) } }
      })
  ],
  ["Catalog.catalog", () => Catalog.catalog({ issues: [], actions: big() })],
  [
    "Request.decode (history)",
    () => Request.decode({ seed: 1, subject: { id: "s-1", history: big() }, context: { now: 0, channel: "web" } })
  ],
  [
    "Request.decode (attributes)",
    () =>
      Request.decode({
        seed: 1,
        subject: { id: "s-1", attributes: { xs: Array(BIG).fill(Number.NaN) } },
        context: { now: 0, channel: "web" }
      })
  ],
  ["Rule.decode", () => Rule.decode({ op: "all", rules: big() })]
]

describe("decoders at scale (one field with 130,000 problems)", () => {
  it("MAX_PROBLEMS is 1,000", () => {
    expect(MAX_PROBLEMS).toBe(1000)
  })

  for (const [name, run] of cases) {
    it(`${name}: a Left with MAX_PROBLEMS problems and the rest counted, no throw`, () => {
      const error = leftOf(run())
      expect(error.problems).toHaveLength(MAX_PROBLEMS)
      expect(error.omitted).toBe(BIG - MAX_PROBLEMS)
      // the first ones found, in order
      const indices = error.problems.map((p) => p.segments.find((s) => typeof s === "number"))
      expect(indices.slice(0, 3)).toEqual([0, 1, 2])
      expect(render(error).split("\n")).toHaveLength(MAX_PROBLEMS + 2)
    })
  }

  it("the render of a capped error: the total, the listed problems, then how many more", () => {
    const error = leftOf(History.decode({ format: "nextbest/history", version: 1, interactions: big() }))
    const lines = render(error).split("\n")
    expect(lines[0]).toBe("130,000 problems (the first 1,000 listed):")
    expect(lines[1]).toBe("  $.interactions[0] [invalid_type] expected interaction object (found: 1)")
    expect(lines[1000]).toBe("  $.interactions[999] [invalid_type] expected interaction object (found: 1)")
    expect(lines[1001]).toBe("  … and 129,000 more problems")
  })

  it("a problem past the cap in a later field is counted too, and the listed ones stay the first found", () => {
    // (130,000 interactions: a history of more than History.MAX_INTERACTIONS is one too_large problem)
    const error = leftOf(History.decode({ format: "nextbest/history", version: 2, interactions: big() }))
    expect(error.problems[0]?.path).toBe("$.version")
    expect(error.problems).toHaveLength(MAX_PROBLEMS)
    expect(error.omitted).toBe(BIG + 1 - MAX_PROBLEMS)
  })

  it("cross-field problems past the cap are counted without being built (Catalog: duplicate ids)", () => {
    const action = { id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }
    const issues = [{ name: "Sales", groups: [{ name: "Cards" }] }]
    const error = leftOf(Catalog.catalog({ issues, actions: Array(1500).fill(action) }))
    expect(error.problems).toHaveLength(MAX_PROBLEMS)
    expect(error.problems[0]?.path).toBe("$.actions[1].id")
    expect(error.problems.every((q) => q.code === "duplicate_id")).toBe(true)
    expect(error.omitted).toBe(1499 - MAX_PROBLEMS)
  })

  it("problems past the cap in several fields add up (Pending: decisions and their records)", () => {
    const decisions = Array.from({ length: 3 }, () => ({
      record: { ...record, actions: big() },
      actions: [],
      eventIds: []
    }))
    const error = leftOf(Pending.decode({ format: "nextbest/pending", version: 1, watermark: 0, decisions }))
    expect(error.problems).toHaveLength(MAX_PROBLEMS)
    // per decision: 130,000 bad chosen actions in its record
    expect(error.omitted).toBe(3 * BIG - MAX_PROBLEMS)
  })
})

describe("the cap in the error model", () => {
  const p = (i: number): Problem => problem(`$[${i}]`, "invalid_type", "expected x", i)

  it("decodeError lists the first MAX_PROBLEMS problems and counts the rest", () => {
    const error = decodeError(Array.from({ length: 1234 }, (_, i) => p(i)))
    expect(error.problems).toHaveLength(MAX_PROBLEMS)
    expect(error.problems[999]).toEqual(p(999))
    expect(error.omitted).toBe(234)
    expect(decodeError([p(0)], 5).omitted).toBe(5)
    expect(decodeError([p(0)]).omitted).toBe(0)
  })

  it("render: one more problem in the singular, none when nothing is omitted", () => {
    expect(render(decodeError([p(0)], 1))).toBe(
      [
        "2 problems (the first 1 listed):",
        "  $[0] [invalid_type] expected x (found: 0)",
        "  … and 1 more problem"
      ].join("\n")
    )
    expect(render(decodeError([p(0)]))).toBe("1 problem:\n  $[0] [invalid_type] expected x (found: 0)")
  })

  it("fromValidationErrors caps io-ts's own errors (not collected by the library) and dedups before counting", () => {
    const errors: Array<t.ValidationError> = []
    for (let i = 0; i < BIG; i++) {
      const r = failure<never>(
        i,
        [
          { key: "", type: t.unknown, actual: i },
          { key: String(i), type: t.unknown, actual: i }
        ],
        "invalid_value",
        "bad"
      )
      if (E.isLeft(r)) errors.push(r.left[0] as t.ValidationError, r.left[0] as t.ValidationError)
    }
    const error = fromValidationErrors(errors)
    expect(error.problems).toHaveLength(MAX_PROBLEMS)
    expect(error.omitted).toBe(BIG - MAX_PROBLEMS)
  })
})

// -------------------------------------------------------------------------------------
// below the cap, the capped error is the uncapped one
// -------------------------------------------------------------------------------------

const segmentArb: fc.Arbitrary<Segment> = fc.oneof(fc.string({ maxLength: 4 }), fc.nat({ max: 50 }))

/** a coded io-ts error at `segments` below the root */
const errorAt = (segments: ReadonlyArray<Segment>, message: string, value: unknown): t.ValidationError => {
  // each entry's actual value is the container of the next segment: an array above an index
  const container = (k: number): unknown => (typeof segments[k] === "number" ? [] : {})
  const context: t.Context = [
    { key: "", type: t.unknown, actual: container(0) },
    ...segments.map((s, k) => ({ key: String(s), type: t.unknown, actual: container(k + 1) }))
  ]
  const r = failure<never>(value, context, "invalid_value", message)
  return (r as E.Left<t.Errors>).left[0] as t.ValidationError
}

/** errors at distinct paths (the i-th one has index i first), each with the one problem it converts to uncapped */
const errorsArb = (maxLength: number): fc.Arbitrary<ReadonlyArray<readonly [t.ValidationError, Problem]>> =>
  fc
    .array(fc.tuple(fc.array(segmentArb, { maxLength: 3 }), fc.string({ maxLength: 6 }), fc.jsonValue()), {
      maxLength
    })
    .map((xs) =>
      xs.map(([tail, message, value], i) => {
        const segments = [i, ...tail]
        return [errorAt(segments, message, value), problem(pathOf(segments), "invalid_value", message, value)] as const
      })
    )

/** the problems of decoding one element alone, moved to index `i` (of `$[0]…` or `$.key[0]…`) */
const moved = (problems: ReadonlyArray<Problem>, depth: number, i: number): ReadonlyArray<Problem> =>
  problems.map((q) => {
    const segments = q.segments.map((s, k) => (k === depth ? i : s))
    return { ...q, path: pathOf(segments), segments }
  })

/** the uncapped problems of a list, from each element decoded alone (nothing there comes near the cap) */
const composed = (
  decodeOne: (x: unknown) => E.Either<DecodeError, unknown>,
  depth: number,
  xs: ReadonlyArray<unknown>
): ReadonlyArray<Problem> => {
  const out: Array<Problem> = []
  xs.forEach((x, i) => {
    const r = decodeOne(x)
    if (E.isLeft(r)) {
      expect(r.left.omitted).toBe(0)
      for (const q of moved(r.left.problems, depth, i)) out.push(q)
    }
  })
  return out
}

const junk = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4 }),
  fc.record({ at: fc.oneof(fc.nat(), fc.string()), actionId: fc.string(), op: fc.constantFrom("all", "eq", "x") })
)

const decoders: ReadonlyArray<
  readonly [
    string,
    (xs: ReadonlyArray<unknown>) => E.Either<DecodeError, unknown>,
    (x: unknown) => E.Either<DecodeError, unknown>,
    number
  ]
> = [
  ["History.decode", (xs) => History.decode(xs), (x) => History.decode([x]), 0],
  ["Rule.decode", (xs) => Rule.decode({ op: "all", rules: xs }), (x) => Rule.decode({ op: "all", rules: [x] }), 1],
  ["Feedback.decodeLog", (xs) => Feedback.decodeLog(xs), (x) => Feedback.decodeLog([x]), 0]
]

describe("below the cap nothing is omitted; above it the error is the uncapped one cut and counted", () => {
  it("bounded collection keeps every error below the cap, and the first MAX_PROBLEMS with a count above", () => {
    fc.assert(
      fc.property(errorsArb(2500), (pairs) => {
        const errors = pairs.map(([e]) => e)
        const uncapped = pairs.map(([, q]) => q)
        const kept: Array<t.ValidationError> = []
        pushErrors(kept, errors)
        expect(found(kept)).toBe(errors.length)
        if (errors.length <= MAX_PROBLEMS) expect(kept).toEqual(errors)
        else {
          expect(kept.slice(0, MAX_PROBLEMS)).toEqual(errors.slice(0, MAX_PROBLEMS))
          expect(kept).toHaveLength(MAX_PROBLEMS + 1)
        }
        const error = fromValidationErrors(kept)
        expect(error).toEqual({
          _tag: "DecodeError",
          problems: uncapped.slice(0, MAX_PROBLEMS),
          omitted: Math.max(0, errors.length - MAX_PROBLEMS)
        })
        expect(fromValidationErrors(errors)).toEqual(error)
      }),
      { numRuns: 60 }
    )
  })

  for (const [name, decodeAll, decodeOne, depth] of decoders) {
    it(`${name}: small random inputs — the capped error equals the uncapped one, nothing omitted`, () => {
      fc.assert(
        fc.property(fc.array(junk, { maxLength: 30 }), (xs) => {
          const expected = composed(decodeOne, depth, xs)
          const r = decodeAll(xs)
          if (expected.length === 0) return
          const error = leftOf(r)
          expect(error.omitted).toBe(0)
          expect(error.problems).toEqual(expected)
          expect(render(error)).not.toContain("more problem")
        }),
        { numRuns: 150 }
      )
    })

    it(`${name}: the same inputs repeated past the cap — the first MAX_PROBLEMS of the uncapped ones, the rest counted`, () => {
      fc.assert(
        fc.property(fc.array(junk, { minLength: 1, maxLength: 10 }), (xs) => {
          const once = composed(decodeOne, depth, xs)
          if (once.length === 0) return
          const copies = Math.ceil((MAX_PROBLEMS + 1) / once.length) + 1
          const all: Array<unknown> = []
          for (let k = 0; k < copies; k++) for (const x of xs) all.push(x)
          const expected = composed(decodeOne, depth, all)
          const error = leftOf(decodeAll(all))
          expect(error.problems).toEqual(expected.slice(0, MAX_PROBLEMS))
          expect(error.omitted).toBe(expected.length - MAX_PROBLEMS)
        }),
        { numRuns: 25 }
      )
    })
  }
})
