/**
 * docs/troubleshooting.md is built from the problem codes: one section per code of
 * `DecodeError.PROBLEM_CODES` (in that order, and no section or example line for a code that does
 * not exist), each with what the code means, a typical cause and the fix, and an example line
 * that the library really prints: every example below is decoded here, and the rendered
 * `[code] message` of its problem must be in that code's section.
 */
import * as E from "fp-ts/lib/Either.js"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import {
  catalog,
  DecisionRecord,
  DecodeError,
  Feedback,
  Models,
  nextBestAction,
  Request,
  thompsonSampling,
  type Catalog
} from "nextbest"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const page = readFileSync(`${root}/docs/troubleshooting.md`, "utf8")

// the page's sections: "## `code`" up to the next "## "
const sections = new Map<string, string>()
const headings: Array<string> = []
for (const part of page.split(/^(?=## )/m).slice(1)) {
  const m = /^## `([^`]+)`\s*$/m.exec(part.split("\n")[0] ?? "")
  if (m?.[1] !== undefined) {
    headings.push(m[1])
    sections.set(m[1], part)
  }
}

// real inputs, each producing the code it is listed under
const issues = [{ name: "Sales", groups: [{ name: "Cards" }] }]
const action = (over: object = {}): object => ({
  id: "GoldCard",
  issue: "Sales",
  group: "Cards",
  value: 120,
  channels: [{ channel: "web", direction: "inbound" }],
  ...over
})
const request = (context: object = {}): object => ({
  decisionId: "d-1",
  subject: { id: "ana", attributes: { age: 34 } },
  context: { now: "2024-05-15T10:30:00Z", channel: "web", limit: 2, ...context }
})
const eligibility = (rule: unknown, over: object = {}): object => action({ policies: { eligibility: rule }, ...over })
const nested = (levels: number): unknown => {
  let rule: unknown = { op: "gte", fact: "subject.age", value: 21 }
  for (let i = 0; i < levels; i++) rule = { op: "not", rule }
  return rule
}
const compiled = (): Catalog => {
  const c = catalog({ issues, actions: [action()] })
  if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
  return c.right
}
const tamperedRecord = (): unknown => {
  const r = Request.decode(request())
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  const decision = nextBestAction(compiled(), Models.empty(thompsonSampling()), r.right)
  const record = JSON.parse(JSON.stringify(DecisionRecord.codec.encode(decision.record))) as {
    actions: Array<{ modelKey: string }>
  }
  const [first] = record.actions
  if (first === undefined) throw new Error("the decision chose nothing")
  first.modelKey = "GoldCard@app"
  return record
}
const withModel = (rules: ReadonlyArray<unknown>): E.Either<DecodeError, unknown> =>
  catalog({
    dataModel: { subject: { age: { type: "integer" }, segment: { type: "enum", values: ["gold", "silver"] } } },
    issues,
    actions: rules.map((rule, i) => eligibility(rule, { id: `A${i}` }))
  })

const futureSnapshot = { version: 9, learner: "thompson" }

const examples: Record<DecodeError.ProblemCode, ReadonlyArray<() => E.Either<DecodeError, unknown>>> = {
  required: [() => Request.decode({ subject: { id: "ana", attributes: {} }, context: { now: 0, channel: "web" } })],
  invalid_type: [() => Request.decode(request({ channel: 7 }))],
  non_finite: [
    () => catalog({ issues, actions: [action(), action({ id: "B" }), action({ id: "C", value: Infinity })] })
  ],
  out_of_range: [() => Request.decode(request({ limit: 0 }))],
  not_integer: [() => Request.decode(request({ limit: 2.5 }))],
  unknown_key: [() => Request.decode(request({ chanels: ["web"] }))],
  unknown_operator: [() => catalog({ issues, actions: [eligibility({ op: "gte ", fact: "subject.age", value: 21 })] })],
  forbidden_path: [
    () =>
      catalog({
        issues,
        actions: [
          action(),
          action({ id: "B" }),
          eligibility({ op: "eq", fact: "subject.__proto__.x", value: 1 }, { id: "C" })
        ]
      })
  ],
  too_deep: [() => catalog({ issues, actions: [eligibility(nested(70))] })],
  duplicate_id: [() => catalog({ issues, actions: [action(), action()] })],
  unknown_reference: [
    () => catalog({ issues, actions: [action(), action({ id: "B", group: "Card" })] }),
    () => Request.decodeFor(compiled())(request({ channel: "Web" }))
  ],
  unknown_version: [() => Models.decode(thompsonSampling(), { ...futureSnapshot, states: {} })],
  invalid_value: [
    () => catalog({ issues, actions: [action({ id: "" })] }),
    () => Request.decode(request({ now: "yesterday" }))
  ],
  too_large: [
    () => catalog({ issues, actions: [action({ value: { sum: Array.from({ length: 10_001 }, () => 1) } })] })
  ],
  looks_like_seconds: [
    () => Request.decode(request({ now: 1715731200 })),
    () => Feedback.decodeSettings({ timeouts: { inbound: 30, outbound: 7 * 24 * 3600 * 1000 } })
  ],
  key_mismatch: [() => DecodeError.decodeWith(DecisionRecord.codec)(tamperedRecord())],
  unknown_path: [
    () =>
      catalog({
        issues,
        actions: [action(), eligibility({ op: "gte", fact: "subjet.age", value: 21 }, { id: "B" })]
      })
  ],
  type_mismatch: [() => withModel([{ op: "gte", fact: "subject.segment", value: 21 }])]
}

describe("docs/troubleshooting.md", () => {
  it("has one section per problem code, in the order of DecodeError.PROBLEM_CODES, and none for another", () => {
    const missing = DecodeError.PROBLEM_CODES.filter((c) => !sections.has(c))
    const skeleton = missing
      .map((c) => `## \`${c}\`\n\n**What it means.** …\n\n**Typical cause.** …\n\n**Fix.** …\n`)
      .join("\n")
    expect(missing, `add these sections:\n\n${skeleton}`).toEqual([])
    expect(headings.filter((h) => !DecodeError.isProblemCode(h))).toEqual([])
    expect(headings).toEqual([...DecodeError.PROBLEM_CODES])
  })

  it("names no code that does not exist (in example lines and in backticked snake_case words)", () => {
    const bracketed = [...page.matchAll(/\[([a-z]+(?:_[a-z]+)+)\]/g)].map((m) => m[1] as string)
    expect(bracketed.length).toBeGreaterThan(DecodeError.PROBLEM_CODES.length)
    const ticked = [...page.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => m[1] as string)
    expect([...bracketed, ...ticked].filter((c) => !DecodeError.isProblemCode(c))).toEqual([])
  })

  for (const code of DecodeError.PROBLEM_CODES) {
    describe(code, () => {
      const section = sections.get(code) ?? ""
      it("says what it means, a typical cause and the fix, in prose", () => {
        for (const label of ["What it means.", "Typical cause.", "Fix."]) {
          const m = new RegExp(`\\*\\*${label.replace(".", "\\.")}\\*\\* ([^]*?)(?:\\n\\n|$)`).exec(section)
          expect(m, `${code}: no "${label}" paragraph`).not.toBeNull()
          expect((m?.[1] ?? "").split(/\s+/).length, `${code}: "${label}" is too short`).toBeGreaterThanOrEqual(8)
        }
      })
      it("shows lines the library really prints for it", () => {
        const inputs = examples[code]
        expect(inputs.length).toBeGreaterThan(0)
        for (const run of inputs) {
          const result = run()
          expect(E.isLeft(result), `${code}: the example decoded`).toBe(true)
          if (E.isRight(result)) continue
          const problem = result.left.problems.find((p) => p.code === code)
          expect(problem, `${code} not among: ${DecodeError.render(result.left)}`).toBeDefined()
          expect(section).toContain(`[${code}] ${problem?.message ?? ""}`)
        }
      })
    })
  }
})
