/**
 * The boundary of `nextBestAction`: decoded values pass, valid TypeScript literals pass with the
 * same decision, and anything else is refused with a `TypeError` naming the decoder — the cases a
 * user met (JSON that skipped the decoder, typed `any`) as regression tests.
 */
import * as E from "fp-ts/lib/Either.js"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Catalog, DecodeError, Models, nextBestAction, Request, ThompsonSampling } from "../../src/index.js"
import { isDecoded } from "../../src/kernel/internal/decoded.js"
import { mustCompile, scenario } from "../arbitraries/catalog.js"

const catalogJson = {
  issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
  suppressions: [
    { id: "rejected", scope: "action", when: { outcomes: "rejected", atLeast: 1, withinDays: 7 }, suppressDays: 30 }
  ],
  actions: [
    {
      id: "Gold",
      issue: "Sales",
      group: "Cards",
      value: 100,
      availability: { from: "2024-04-01T00:00:00Z", until: "2024-06-01T00:00:00Z" },
      channels: [{ channel: "web", direction: "inbound" }]
    },
    { id: "Silver", issue: "Sales", group: "Cards", value: 50, channels: [{ channel: "web", direction: "inbound" }] }
  ]
}
const compiled = Catalog.catalog(catalogJson)
if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
const catalog = compiled.right
const models = Models.empty(ThompsonSampling.thompsonSampling())

// what arrives over the wire: instants as ISO 8601 text, as the codecs accept them
const requestText = JSON.stringify({
  decisionId: "d-1",
  subject: {
    id: "c-1",
    history: [
      {
        at: "2024-05-10T00:00:00Z",
        actionId: "Gold",
        issue: "Sales",
        group: "Cards",
        channel: "web",
        outcome: "rejected"
      }
    ]
  },
  context: { now: "2024-05-15T00:00:00Z", channel: "web" },
  options: { controlGroup: false }
})

const decoded = (text: string): Request => {
  const r = Request.decode(JSON.parse(text))
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  return r.right
}

const thrown = (f: () => unknown): TypeError => {
  try {
    f()
  } catch (e) {
    if (e instanceof TypeError) return e
    throw e
  }
  throw new Error("expected a TypeError")
}

describe("nextBestAction: decoded input", () => {
  it("a decoded request is decided: the suppression holds, decision.at is a number", () => {
    const d = nextBestAction(catalog, models, decoded(requestText))
    expect(d.at).toBe(Date.UTC(2024, 4, 15))
    expect(d.actions.map((a) => a.actionId)).toEqual(["Silver"])
    expect(d.excluded.map((e) => [e.actionId, e.stage])).toEqual([["Gold", "contactPolicies"]])
  })

  it("the same request, not decoded (JSON.parse, typed any), is refused naming Request.decode", () => {
    const raw = JSON.parse(requestText)
    const e = thrown(() => nextBestAction(catalog, models, raw))
    expect(e.message).toBe(
      'nextBestAction: request is not a decoded Request (at $.subject.history[0].at: expected a number (1715299200000), found "2024-05-10T00:00:00Z"); decode JSON with Request.decode'
    )
  })

  it("an undecoded request with a string now only is refused at $.context.now", () => {
    const raw = { ...JSON.parse(requestText), subject: { id: "c-1" } } as unknown as Request
    expect(thrown(() => nextBestAction(catalog, models, raw)).message).toMatch(
      /^nextBestAction: request is not a decoded Request \(at \$\.context\.now: expected a number \(1715731200000\), found "2024-05-15T00:00:00Z"\); decode JSON with Request\.decode$/
    )
  })

  it("an invalid request lists its first problems with their paths", () => {
    const raw = {
      decisionId: "",
      subject: { id: "c-1", attributes: { age: Number.NaN } },
      context: { now: "yesterday", channel: "web" },
      options: { trace: "loud", analytics: "yes" }
    } as unknown as Request
    const message = thrown(() => nextBestAction(catalog, models, raw)).message
    expect(message).toMatch(
      /^nextBestAction: request is not a decoded Request \(5 problems: \$\.subject\.attributes\.age /
    )
    expect(message).toMatch(/; and 2 more\); decode JSON with Request\.decode$/)
  })

  it("a raw catalog JSON is refused naming Catalog.catalog (not 'reading _tag')", () => {
    const e = thrown(() => nextBestAction(catalogJson as unknown as Catalog, models, decoded(requestText)))
    expect(e.message).toBe(
      "nextBestAction: catalog is not a decoded Catalog (found catalog JSON or a spec, not compiled); decode JSON with Catalog.catalog"
    )
  })

  it("a copy of a compiled catalog, and values that are no catalog, are refused naming Catalog.catalog", () => {
    for (const c of [{ ...catalog }, null, "catalog", [], {}])
      expect(thrown(() => nextBestAction(c as unknown as Catalog, models, decoded(requestText))).message).toMatch(
        /^nextBestAction: catalog is not a decoded Catalog \(.*\); decode JSON with Catalog\.catalog$/
      )
  })

  it("a models snapshot (JSON) in place of models is refused naming Models.decode", () => {
    const snapshot = Models.encode(models) as Models<unknown>
    expect(thrown(() => nextBestAction(catalog, snapshot, decoded(requestText))).message).toBe(
      'nextBestAction: models is not a decoded Models (found a snapshot of learner "thompson" (JSON): no learner); decode JSON with Models.decode (or start with Models.empty)'
    )
  })

  it("the decision record it returns is marked: feeding it back costs no decode", () => {
    const d = nextBestAction(catalog, models, decoded(requestText))
    expect(isDecoded(d.record)).toBe(true)
  })
})

describe("nextBestAction: TypeScript literals", () => {
  it("a valid literal gives the same decision as its decoded twin", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const c = mustCompile(s.spec)
        const twin = Request.decode(JSON.parse(JSON.stringify(Request.codec.encode(s.request))))
        if (E.isLeft(twin)) throw new Error(DecodeError.render(twin.left))
        expect(nextBestAction(c, s.models, s.request)).toEqual(nextBestAction(c, s.models, twin.right))
      }),
      { numRuns: 200 }
    )
  })

  it("a literal is checked once, then marked: a second decision on it does not decode it again", () => {
    const literal: Request = {
      decisionId: "d-2",
      subject: { id: "c-2" },
      context: { now: Date.UTC(2024, 4, 15), channel: "web" },
      options: { controlGroup: false }
    }
    expect(isDecoded(literal)).toBe(false)
    const first = nextBestAction(catalog, models, literal)
    expect(isDecoded(literal)).toBe(true)
    expect(nextBestAction(catalog, models, literal)).toEqual(first)
  })
})
