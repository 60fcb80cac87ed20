import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Request from "../../src/decide/Request.js"
import { decodeWith, render } from "../../src/kernel/DecodeError.js"
import { MAX_INSTANT, MIN_INSTANT } from "../../src/kernel/Time.js"
import { deepEq, decoderTotal, roundTrip } from "../laws.js"

type Req = Request.Request

const may15 = Date.UTC(2024, 4, 15)
const minimal = { decisionId: "d-1", subject: { id: "c-1" }, context: { now: may15, channel: "web" } }

const decoded = (u: unknown): Req => {
  const r = Request.decode(u)
  if (E.isLeft(r)) throw new Error(render(r.left))
  return r.right
}
const problems = (u: unknown) => {
  const r = Request.decode(u)
  return E.isLeft(r) ? r.left.problems.map((p) => [p.path, p.code, p.message]) : "decoded"
}
const pathsAndCodes = (u: unknown) => {
  const r = Request.decode(u)
  return E.isLeft(r) ? r.left.problems.map((p) => `${p.path} ${p.code}`) : "decoded"
}
const withContext = (context: Record<string, unknown>) => ({ ...minimal, context: { now: may15, ...context } })
const request = (context: Req["context"], subject: Req["subject"] = { id: "c" }): Req => ({
  decisionId: "d",
  subject,
  context
})

describe("Request.decode: what it accepts", () => {
  it("a minimal request decodes to itself, with nothing added", () => {
    expect(decoded(minimal)).toStrictEqual(minimal)
  })
  it("needs a decisionId or a seed, either alone being enough", () => {
    expect(decoded({ seed: 7, subject: { id: "c" }, context: { now: 0, channel: "web" } })).toStrictEqual({
      seed: 7,
      subject: { id: "c" },
      context: { now: 0, channel: "web" }
    })
    expect(decoded({ seed: "abc", subject: { id: "c" }, context: { now: 0, channel: "web" } }).seed).toBe("abc")
    expect(decoded({ seed: 0, subject: { id: "c" }, context: { now: 0, channel: "web" } }).seed).toBe(0)
    expect(decoded({ seed: -2.5, subject: { id: "c" }, context: { now: 0, channel: "web" } }).seed).toBe(-2.5)
  })
  it("reads now as ISO 8601 text with a zone, a bare date (midnight UTC) or epoch milliseconds", () => {
    expect(decoded(withContext({ now: "2024-05-15T00:00:00Z", channel: "web" })).context.now).toBe(may15)
    expect(decoded(withContext({ now: "2024-05-15T02:00:00+02:00", channel: "web" })).context.now).toBe(may15)
    expect(decoded(withContext({ now: "2024-05-15", channel: "web" })).context.now).toBe(may15)
    expect(decoded(withContext({ now: may15, channel: "web" })).context.now).toBe(may15)
    expect(decoded(withContext({ now: -1, channel: "web" })).context.now).toBe(-1)
  })
  it("a channel, several channels, or placements are enough", () => {
    expect(decoded(withContext({ channels: ["email", "sms"] })).context).toStrictEqual({
      now: may15,
      channels: ["email", "sms"]
    })
    expect(decoded(withContext({ placements: [{ name: "hero", channel: "web", size: 2 }] })).context).toStrictEqual({
      now: may15,
      placements: [{ name: "hero", channel: "web", size: 2 }]
    })
    expect(decoded(withContext({ placements: [] })).context).toStrictEqual({ now: may15, placements: [] })
    expect(decoded(withContext({ channel: "web", placements: [{ name: "hero" }] })).context.placements).toEqual([
      { name: "hero" }
    ])
  })
  it("decodes every field and option, keeping what is absent absent", () => {
    const r = decoded({
      decisionId: "d",
      seed: 7,
      subject: {
        id: "c",
        attributes: { age: 34, tags: ["a"], address: { city: "Utrecht" }, none: null },
        history: [
          { at: "2024-05-01T00:00:00Z", actionId: "A", issue: "I", group: "G", channel: "web", outcome: "impression" }
        ]
      },
      context: { now: "2024-05-15", channel: "web", direction: "inbound", limit: 2, attributes: { device: "mobile" } },
      options: {
        trace: "reasons",
        redact: true,
        factors: { lever: false },
        analytics: false,
        selection: { epsilonGreedy: 0.1 },
        channelsPerAction: 2,
        maxPerGroup: 3,
        selectionDraws: 0,
        controlGroup: true,
        historyFeatures: false
      }
    })
    expect(r).toStrictEqual({
      decisionId: "d",
      seed: 7,
      subject: {
        id: "c",
        attributes: { age: 34, tags: ["a"], address: { city: "Utrecht" }, none: null },
        history: [
          { at: Date.UTC(2024, 4, 1), actionId: "A", issue: "I", group: "G", channel: "web", outcome: "impression" }
        ]
      },
      context: { now: may15, channel: "web", direction: "inbound", limit: 2, attributes: { device: "mobile" } },
      options: {
        trace: "reasons",
        redact: true,
        factors: { lever: false },
        analytics: false,
        selection: { _tag: "EpsilonGreedy", epsilon: 0.1 },
        channelsPerAction: 2,
        maxPerGroup: 3,
        selectionDraws: 0,
        controlGroup: true,
        historyFeatures: false
      }
    })
  })
  it("reads the selection words and history features", () => {
    const options = (o: unknown) => decoded({ ...minimal, options: o }).options
    expect(options({ selection: "greedy" })).toStrictEqual({ selection: { _tag: "Greedy" } })
    expect(options({ selection: "uniformRandom" })).toStrictEqual({ selection: { _tag: "UniformRandom" } })
    expect(options({ historyFeatures: { outcomes: "accepted", windowsDays: [7, 30] } })).toStrictEqual({
      historyFeatures: { outcomes: ["accepted"], windowsDays: [7, 30] }
    })
    expect(options({})).toStrictEqual({})
  })
  it("attributes may nest 16 levels deep, not 17", () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : { x: nest(levels - 1) })
    // the attributes object is level 0; its values start at level 1
    expect(E.isRight(Request.decode({ ...minimal, subject: { id: "c", attributes: { a: nest(15) } } }))).toBe(true)
    const deep = problems({ ...minimal, subject: { id: "c", attributes: { a: nest(16) } } })
    expect(deep).toEqual([
      [`$.subject.attributes.a${".x".repeat(15)}`, "too_deep", "attributes nest deeper than 16 levels"]
    ])
  })
})

describe("Request.decode: problems", () => {
  it("pinned: the example of the module's docs", () => {
    expect(
      pathsAndCodes({
        subject: { id: "c1", attributes: { age: "x" } },
        context: { now: "yesterday", channel: "web" }
      })
    ).toEqual(["$.context.now invalid_value", "$.decisionId required"])
  })
  it("an empty object: subject, context and a decisionId or seed are required", () => {
    expect(problems({})).toEqual([
      ["$.subject", "required", "required: expected subject object"],
      ["$.context", "required", "required: expected context object"],
      ["$.decisionId", "required", "required: a decisionId or a seed"]
    ])
  })
  it("what is not an object", () => {
    expect(problems(undefined)).toEqual([["$", "required", "required: expected request object"]])
    expect(problems(null)).toEqual([["$", "invalid_type", "expected request object"]])
    expect(problems("x")).toEqual([["$", "invalid_type", "expected request object"]])
    expect(problems([minimal])).toEqual([["$", "invalid_type", "expected request object"]])
  })
  it("the required fields of subject and context", () => {
    expect(problems({ decisionId: "d", subject: {}, context: { channel: "web" } })).toEqual([
      ["$.subject.id", "required", "required: expected a string"],
      ["$.context.now", "required", "required: expected an instant"]
    ])
  })
  it("reports unknown keys at every level", () => {
    expect(
      problems({
        ...minimal,
        sbject: 1,
        subject: { id: "c", attrs: {} },
        context: { now: 0, channel: "web", chanel: "x", placements: [{ name: "h", sise: 1 }] },
        options: { trase: "full", factors: { levr: false } }
      })
    ).toEqual([
      ["$.sbject", "unknown_key", 'unknown key "sbject" in request'],
      ["$.subject.attrs", "unknown_key", 'unknown key "attrs" in subject'],
      ["$.context.chanel", "unknown_key", 'unknown key "chanel" in context'],
      ["$.context.placements[0].sise", "unknown_key", 'unknown key "sise" in placement'],
      ["$.options.trase", "unknown_key", 'unknown key "trase" in options'],
      ["$.options.factors.levr", "unknown_key", 'unknown key "levr" in factors']
    ])
  })
  it("reports every problem of a bad request, each with its path and stable code", () => {
    expect(
      pathsAndCodes({
        decisionId: "",
        seed: Number.POSITIVE_INFINITY,
        subject: {
          id: 3,
          attributes: { a: { b: [1, Number.NaN] }, f: () => 1 },
          history: [{ at: 0 }]
        },
        context: {
          now: 1.5,
          channel: "",
          channels: [1],
          direction: "up",
          attributes: [],
          limit: 0,
          placements: [{ name: "", size: 1001 }]
        },
        options: {
          trace: "some",
          redact: 1,
          factors: { p: true },
          analytics: "no",
          selection: "best",
          channelsPerAction: 0,
          maxPerGroup: 1.5,
          selectionDraws: -1,
          controlGroup: null,
          historyFeatures: true
        }
      })
    ).toEqual([
      "$.subject.id invalid_type",
      "$.subject.attributes.a.b[1] non_finite",
      "$.subject.attributes.f invalid_type",
      "$.subject.history[0].actionId required",
      "$.subject.history[0].issue required",
      "$.subject.history[0].group required",
      "$.subject.history[0].channel required",
      "$.subject.history[0].outcome required",
      "$.context.now not_integer",
      "$.context.channel invalid_value",
      "$.context.channels[0] invalid_type",
      "$.context.direction invalid_value",
      "$.context.attributes invalid_type",
      "$.context.limit out_of_range",
      "$.context.placements[0].name invalid_value",
      "$.context.placements[0].size out_of_range",
      "$.decisionId invalid_value",
      "$.seed non_finite",
      "$.options.trace invalid_value",
      "$.options.redact invalid_type",
      "$.options.factors.p unknown_key",
      "$.options.analytics invalid_type",
      "$.options.selection invalid_value",
      "$.options.channelsPerAction out_of_range",
      "$.options.maxPerGroup not_integer",
      "$.options.selectionDraws out_of_range",
      "$.options.controlGroup invalid_type",
      "$.options.historyFeatures invalid_value"
    ])
  })
  it("now: bad text, local time, fractions, non-finite numbers and other types", () => {
    const nowProblem = (now: unknown) => problems(withContext({ now, channel: "web" }))
    const iso = "expected an ISO 8601 timestamp with a zone, e.g. 2024-05-01T09:30:00Z"
    expect(nowProblem("yesterday")).toEqual([["$.context.now", "invalid_value", iso]])
    expect(nowProblem("2024-05-15T09:30:00")).toEqual([["$.context.now", "invalid_value", iso]])
    expect(nowProblem(1.5)).toEqual([
      ["$.context.now", "not_integer", "expected an instant: whole epoch milliseconds within the range of Date"]
    ])
    expect(nowProblem(Number.NaN)).toEqual([
      ["$.context.now", "non_finite", "expected an instant, found a non-finite number"]
    ])
    expect(nowProblem(true)).toEqual([
      ["$.context.now", "invalid_type", "expected an instant (epoch milliseconds or ISO 8601 text)"]
    ])
  })
  it("now: a number in [1e9, 1e11) ms (January 1970 – March 1973) looks like epoch seconds (issue 9)", () => {
    const nowProblem = (now: unknown) => problems(withContext({ now, channel: "web" }))
    expect(nowProblem(1_714_555_800)).toEqual([
      [
        "$.context.now",
        "looks_like_seconds",
        "1714555800 ms is 1970-01-20T20:15:55.800Z, which looks like epoch seconds: as seconds it is " +
          "2024-05-01T09:30:00.000Z, epoch milliseconds 1714555800000"
      ]
    ])
    // Date.now() / 1000, unrounded: the same mistake, not a fraction problem
    const code = (now: number) => pathsAndCodes(withContext({ now, channel: "web" }))
    expect(code(1_714_555_800.25)).toEqual(["$.context.now looks_like_seconds"])
    expect(code(1e9)).toEqual(["$.context.now looks_like_seconds"])
    expect(code(1e11 - 1)).toEqual(["$.context.now looks_like_seconds"])
    // the edges, and text, are accepted
    expect(decoded(withContext({ now: 1e9 - 1, channel: "web" })).context.now).toBe(1e9 - 1)
    expect(decoded(withContext({ now: 1e11, channel: "web" })).context.now).toBe(1e11)
    expect(decoded(withContext({ now: "1971-01-01T00:00:00Z", channel: "web" })).context.now).toBe(Date.UTC(1971, 0))
  })
  it("a seed must be a finite number or a string", () => {
    const seedProblem = (seed: unknown) => problems({ seed, subject: { id: "c" }, context: { now: 0, channel: "w" } })
    expect(seedProblem(true)).toEqual([["$.seed", "invalid_type", "expected a seed: a number or a string"]])
    expect(seedProblem(Number.NaN)).toEqual([["$.seed", "non_finite", "expected a finite number"]])
    expect(seedProblem(null)).toEqual([["$.seed", "invalid_type", "expected a seed: a number or a string"]])
  })
  it("a context without a channel, channels or placements", () => {
    const message = "required: a channel, channels or placements"
    expect(problems(withContext({}))).toEqual([["$.context.channel", "required", message]])
    expect(problems(withContext({ channels: [] }))).toEqual([["$.context.channel", "required", message]])
  })
  it("a placement without a channel when the context has none", () => {
    expect(problems(withContext({ placements: [{ name: "hero" }, { name: "side", channel: "app" }] }))).toEqual([
      ["$.context.placements[0].channel", "required", "required: the placement's channel (or a channel in the context)"]
    ])
    expect(E.isRight(Request.decode(withContext({ channels: ["web"], placements: [{ name: "hero" }] })))).toBe(true)
  })
  it("a placement named twice: duplicate_id at the second", () => {
    expect(
      problems(withContext({ channel: "web", placements: [{ name: "hero" }, { name: "side" }, { name: "hero" }] }))
    ).toEqual([["$.context.placements[2].name", "duplicate_id", 'duplicate placement "hero"']])
  })
  it("attributes: an object of JSON values with finite numbers", () => {
    const attributes = (a: unknown) => problems({ ...minimal, subject: { id: "c", attributes: a } })
    expect(attributes("x")).toEqual([["$.subject.attributes", "invalid_type", "expected an attributes object"]])
    expect(attributes(null)).toEqual([["$.subject.attributes", "invalid_type", "expected an attributes object"]])
    expect(attributes({ n: Number.NEGATIVE_INFINITY, "odd key": [0, { x: Number.NaN }] })).toEqual([
      ["$.subject.attributes.n", "non_finite", "expected a finite number"],
      ['$.subject.attributes["odd key"][1].x', "non_finite", "expected a finite number"]
    ])
    expect(attributes({ big: 10n })).toEqual([["$.subject.attributes.big", "invalid_type", "expected a JSON value"]])
  })
  it("bounds of the numeric options", () => {
    const option = (o: Record<string, unknown>) => pathsAndCodes({ ...minimal, options: o })
    expect(option({ channelsPerAction: 1000, maxPerGroup: 1_000_000, selectionDraws: 10_000 })).toBe("decoded")
    expect(option({ channelsPerAction: 1001, maxPerGroup: 1_000_001, selectionDraws: 10_001 })).toEqual([
      "$.options.channelsPerAction out_of_range",
      "$.options.maxPerGroup out_of_range",
      "$.options.selectionDraws out_of_range"
    ])
    expect(pathsAndCodes(withContext({ channel: "web", limit: 1000 }))).toBe("decoded")
    expect(pathsAndCodes(withContext({ channel: "web", limit: 1001 }))).toEqual(["$.context.limit out_of_range"])
  })
  decoderTotal("Request.decode", Request.decode)
})

describe("Request.codec", () => {
  it("encodes now as ISO 8601 text and history instants as epoch milliseconds", () => {
    const r = decoded({
      decisionId: "d",
      subject: {
        id: "c",
        history: [{ at: may15, actionId: "A", issue: "I", group: "G", channel: "web", outcome: "sent" }]
      },
      context: { now: may15, placements: [{ name: "h", channel: "web", size: 2 }] },
      options: { selection: "greedy" }
    })
    expect(Request.codec.encode(r)).toStrictEqual({
      subject: {
        id: "c",
        history: [{ at: may15, actionId: "A", issue: "I", group: "G", channel: "web", outcome: "sent" }]
      },
      context: { now: "2024-05-15T00:00:00.000Z", placements: [{ name: "h", channel: "web", size: 2 }] },
      decisionId: "d",
      options: { selection: "greedy" }
    })
  })
  it("decodeWith(codec) is decode", () => {
    expect(decodeWith(Request.codec)(minimal)).toEqual(Request.decode(minimal))
    expect(decodeWith(Request.codec)({})).toEqual(Request.decode({}))
  })
  const key = fc.constantFrom("age", "tier", "device", "score", "flag")
  const primitive = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
  const attributes = fc.dictionary(key, fc.oneof(primitive, fc.array(primitive, { maxLength: 2 })), {
    noNullPrototype: true
  })
  const name = fc.string({ minLength: 1, maxLength: 8 })
  /** a channel name the codec accepts: no "@" (the model-key separator), no U+0000 */
  const channelName = name.filter((s) => !s.includes("@") && !s.includes("\u0000"))
  const interaction = fc.record(
    {
      at: fc.integer({ min: 0, max: 2e12 }),
      actionId: name,
      issue: name,
      group: name,
      channel: name,
      outcome: name
    },
    { noNullPrototype: true }
  )
  const requestArb: fc.Arbitrary<Req> = fc
    .record(
      {
        decisionId: name,
        seed: fc.oneof(fc.integer(), fc.string()),
        subject: fc.record(
          { id: name, attributes, history: fc.array(interaction, { maxLength: 3 }) },
          { requiredKeys: ["id"], noNullPrototype: true }
        ),
        context: fc.record(
          {
            now: fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }),
            channel: channelName,
            channels: fc.array(channelName, { minLength: 1, maxLength: 3 }),
            direction: fc.constantFrom("inbound" as const, "outbound" as const),
            attributes,
            limit: fc.integer({ min: 1, max: 1000 })
          },
          { requiredKeys: ["now", "channel"], noNullPrototype: true }
        ),
        options: fc.record(
          {
            trace: fc.constantFrom("full" as const, "reasons" as const, "none" as const),
            redact: fc.boolean(),
            analytics: fc.boolean(),
            channelsPerAction: fc.integer({ min: 1, max: 1000 }),
            selectionDraws: fc.integer({ min: 0, max: 10_000 }),
            selectionQuadrature: fc.boolean(),
            controlGroup: fc.boolean()
          },
          { requiredKeys: [], noNullPrototype: true }
        )
      },
      { requiredKeys: ["decisionId", "subject", "context"], noNullPrototype: true }
    )
    .map((r) => r as Req)
  roundTrip("Request.codec", Request.codec, requestArb, deepEq)
})

describe("Request.decisionIdOf", () => {
  it("is the decision id when given, else seed-<seed>", () => {
    expect(Request.decisionIdOf(minimal)).toBe("d-1")
    expect(Request.decisionIdOf({ ...minimal, seed: 9 })).toBe("d-1")
    expect(Request.decisionIdOf({ seed: 7, subject: minimal.subject, context: minimal.context })).toBe("seed-7")
    expect(Request.decisionIdOf({ seed: 0, subject: minimal.subject, context: minimal.context })).toBe("seed-0")
    expect(Request.decisionIdOf({ seed: -1.5, subject: minimal.subject, context: minimal.context })).toBe("seed--1.5")
    expect(Request.decisionIdOf({ seed: "abc", subject: minimal.subject, context: minimal.context })).toBe("seed-abc")
  })
  it("a decoded request without a decision id gets seed-<seed>", () => {
    expect(Request.decisionIdOf(decoded({ seed: 42, subject: { id: "c" }, context: { now: 0, channel: "w" } }))).toBe(
      "seed-42"
    )
  })
})

describe("Request.channelsOf", () => {
  it("a channel, then the channels, in order, without repeats", () => {
    expect(Request.channelsOf(request({ now: 0, channel: "web" }))).toEqual(["web"])
    expect(Request.channelsOf(request({ now: 0, channels: ["email", "sms", "email"] }))).toEqual(["email", "sms"])
    expect(Request.channelsOf(request({ now: 0, channel: "sms", channels: ["email", "sms", "web"] }))).toEqual([
      "sms",
      "email",
      "web"
    ])
    expect(Request.channelsOf(request({ now: 0 }))).toEqual([])
  })
  it("with placements: each placement's channel, else the context's channel, else its first channel", () => {
    expect(
      Request.channelsOf(
        request({
          now: 0,
          channel: "web",
          channels: ["email"],
          placements: [{ name: "a", channel: "app" }, { name: "b" }, { name: "c", channel: "app" }]
        })
      )
    ).toEqual(["app", "web"])
    expect(
      Request.channelsOf(request({ now: 0, channels: ["email", "sms"], placements: [{ name: "a" }, { name: "b" }] }))
    ).toEqual(["email"])
    expect(Request.channelsOf(request({ now: 0, channel: "web", placements: [] }))).toEqual([])
  })
  it("never repeats a channel and only lists channels the context names", () => {
    const channel = fc.constantFrom("web", "email", "sms", "app")
    fc.assert(
      fc.property(fc.option(channel, { nil: undefined }), fc.array(channel, { maxLength: 5 }), (one, several) => {
        const context: Req["context"] =
          one === undefined ? { now: 0, channels: several } : { now: 0, channel: one, channels: several }
        const out = Request.channelsOf(request(context))
        expect(new Set(out).size).toBe(out.length)
        expect(new Set(out)).toEqual(new Set([...(one === undefined ? [] : [one]), ...several]))
      })
    )
  })
})

describe("Request.facts", () => {
  it("is { subject, context }: the two attribute records, as given", () => {
    const subjectAttributes = { age: 34, address: { city: "Utrecht" } }
    const contextAttributes = { device: "mobile" }
    const f = Request.facts(
      request({ now: 0, channel: "web", attributes: contextAttributes }, { id: "c", attributes: subjectAttributes })
    )
    expect(f).toEqual({ subject: subjectAttributes, context: contextAttributes })
    expect(f["subject"]).toBe(subjectAttributes)
    expect(f["context"]).toBe(contextAttributes)
  })
  it("absent attributes are empty records", () => {
    expect(Request.facts(minimal)).toStrictEqual({ subject: {}, context: {} })
    expect(Object.keys(Request.facts(minimal))).toEqual(["subject", "context"])
  })
  it("does not show the subject id, history or now", () => {
    const f = Request.facts(decoded({ ...minimal, subject: { id: "c", attributes: { x: 1 }, history: [] } }))
    expect(f).toStrictEqual({ subject: { x: 1 }, context: {} })
  })
})

describe("Request.features", () => {
  it("pinned: the example of the module's docs", () => {
    expect(
      Request.features({
        decisionId: "d1",
        subject: { id: "c1", attributes: { age: 34, address: { city: "Utrecht" } } },
        context: { now: 0, channel: "web", attributes: { device: "mobile" } }
      })
    ).toStrictEqual({ "subject.age": 34, "context.device": "mobile" })
  })
  it("keeps strings, finite numbers, booleans and null; drops objects, arrays, non-finite numbers and undefined", () => {
    const f = Request.features(
      request(
        { now: 0, channel: "web", attributes: { n: 0, off: false } },
        {
          id: "c",
          attributes: {
            s: "",
            n: -1.5,
            b: true,
            z: null,
            o: {},
            a: [1],
            nan: Number.NaN,
            inf: Number.POSITIVE_INFINITY,
            u: undefined
          }
        }
      )
    )
    expect(f).toStrictEqual({
      "subject.s": "",
      "subject.n": -1.5,
      "subject.b": true,
      "subject.z": null,
      "context.n": 0,
      "context.off": false
    })
  })
  it("subject features come before context features; none without attributes", () => {
    const f = Request.features(
      request({ now: 0, channel: "web", attributes: { a: 1 } }, { id: "c", attributes: { b: 2 } })
    )
    expect(Object.keys(f)).toEqual(["subject.b", "context.a"])
    expect(Request.features(minimal)).toStrictEqual({})
  })
  it("a __proto__ attribute becomes the feature subject.__proto__", () => {
    const attributes = JSON.parse('{"__proto__": "x"}') as Request.Attributes
    const f = Request.features(request({ now: 0, channel: "web" }, { id: "c", attributes }))
    expect(Object.keys(f)).toEqual(["subject.__proto__"])
    expect(f["subject.__proto__"]).toBe("x")
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype)
  })
  it("every feature is a prefixed primitive attribute, and every primitive attribute is a feature", () => {
    const value = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }))
    const attrs = fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), value, { noNullPrototype: true })
    fc.assert(
      fc.property(attrs, attrs, (s, c) => {
        const f = Request.features(request({ now: 0, channel: "web", attributes: c }, { id: "x", attributes: s }))
        const isFeature = (v: unknown) =>
          v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))
        const expected: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(s)) if (isFeature(v)) expected[`subject.${k}`] = v
        for (const [k, v] of Object.entries(c)) if (isFeature(v)) expected[`context.${k}`] = v
        expect(f).toStrictEqual(expected)
      })
    )
  })
})

// Scale: the request's channels are deduplicated with a set (linear). Budget: well under a second
// for 100,000 channels (measured ~50 ms to decode 200,000, ~60 ms to list them; 31 s before). No timing is
// asserted: the answers are.
describe("Request channels at scale", () => {
  it("decodes 100,000 channels (each twice) and lists them once, in order", () => {
    const channels = Array.from({ length: 100_000 }, (_, i) => `c${i}`)
    const r = decoded(withContext({ channels: [...channels, ...channels] }))
    expect(Request.channelsOf(r)).toEqual(channels)
  })
})
