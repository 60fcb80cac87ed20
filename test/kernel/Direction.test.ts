import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { Direction } from "../../src/index.js"
import { directions } from "../../src/kernel/Direction.js"
import * as Request from "../../src/decide/Request.js"

const request = (direction: unknown) => ({
  decisionId: "d",
  subject: { id: "c" },
  context: { now: 0, channel: "web", direction }
})

describe("Direction", () => {
  it("lists both directions, inbound first, each once", () => {
    expect(directions).toEqual(["inbound", "outbound"])
    expect(new Set(directions).size).toBe(directions.length)
  })
  it("is the same list through the public namespace", () => {
    expect(Direction.directions).toBe(directions)
  })
  it("types the literals: a Direction is one of the listed values", () => {
    const d: Direction.Direction = "outbound"
    expect(directions.includes(d)).toBe(true)
    expect(directions.includes("sideways" as Direction.Direction)).toBe(false)
  })
  it("are exactly the directions a request accepts", () => {
    for (const d of directions) {
      const r = Request.decode(request(d))
      expect(E.isRight(r) && r.right.context.direction).toBe(d)
    }
    const bad = Request.decode(request("sideways"))
    expect(E.isLeft(bad) && bad.left.problems.map((p) => [p.path, p.code, p.message])).toEqual([
      ["$.context.direction", "invalid_value", 'expected one of "inbound", "outbound"']
    ])
  })
})
