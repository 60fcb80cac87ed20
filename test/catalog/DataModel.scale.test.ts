import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Catalog, DataModel, DecodeError, Request } from "../../src/index.js"

// wide models and many unknown names: "did you mean" is searched for a bounded number of names, so
// cost stays linear (10,000 unknown keys against 1,000 declared took 15 s when each was searched)

const declared: Record<string, DataModel.Attribute> = {}
for (let k = 0; k < 1000; k++) declared[`attribute${k}`] = { type: k % 2 === 0 ? "number" : "string" }
const model: DataModel = { subject: declared }

const time = <A>(f: () => A): readonly [A, number] => {
  const start = performance.now()
  const a = f()
  return [a, performance.now() - start]
}

describe("DataModel at scale", () => {
  it("10,000 unknown attributes against 1,000 declared: every one reported, in well under a second or two", () => {
    const given: Record<string, unknown> = {}
    for (let k = 0; k < 10_000; k++) given[`atribute${k}`] = "x"
    given["ATTRIBUTE7"] = "x"
    const [findings, ms] = time(() => DataModel.checkAttributes(model, "subject", given))
    expect(findings.length).toBe(10_001)
    expect(findings[0]?.message).toBe('unknown subject attribute "atribute0": did you mean "attribute0"?')
    // past the searched ones, a name equal but for case still gets its hint
    expect(findings.find((f) => f.keys[0] === "ATTRIBUTE7")?.message).toContain('did you mean "attribute7"?')
    expect(ms).toBeLessThan(3000)
  })

  it("a catalog of 5,000 rules over unknown paths against 1,000 declared attributes", () => {
    const rules = Array.from({ length: 5000 }, (_, k) => ({ op: "exists", fact: `subject.atribute${k}` }))
    const [r, ms] = time(() =>
      Catalog.catalog({
        issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
        actions: [
          {
            id: "Gold",
            issue: "Sales",
            group: "Cards",
            channels: [{ channel: "web", direction: "inbound" }],
            policies: { eligibility: { op: "any", rules } }
          }
        ],
        dataModel: model
      })
    )
    expect(E.isLeft(r) && r.left.problems.every((p) => p.code === "unknown_path")).toBe(true)
    expect(ms).toBeLessThan(5000)
  })

  it("requests of 1,000 attributes decode against the model at a width seed material asks for", () => {
    const c = Catalog.catalog({
      issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
      actions: [{ id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }],
      dataModel: model
    })
    if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
    const decode = Request.decodeFor(c.right)
    const attributes: Record<string, unknown> = {}
    for (let k = 0; k < 1000; k++) attributes[`attribute${k}`] = k % 2 === 0 ? k : `v${k}`
    const text = JSON.stringify({
      seed: 1,
      subject: { id: "c1", attributes },
      context: { now: 1_715_767_200_000, channel: "web" }
    })
    const [ok, ms] = time(() => {
      let n = 0
      for (let i = 0; i < 200; i++) if (E.isRight(decode(JSON.parse(text)))) n++
      return n
    })
    expect(ok).toBe(200)
    expect(ms).toBeLessThan(5000)
  })
})
