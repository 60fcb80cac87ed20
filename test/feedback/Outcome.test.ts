import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Outcome from "../../src/feedback/Outcome.js"
import { render } from "../../src/kernel/DecodeError.js"

describe("Outcome.label with the default labels", () => {
  it.each([
    ["accepted", "positive"],
    ["clicked", "positive"],
    ["rejected", "negative"],
    ["noResponse", "negative"],
    ["sent", "unlisted"],
    ["impression", "unlisted"],
    ["maybeLater", "unlisted"],
    ["Accepted", "unlisted"]
  ] as const)("%s is %s", (outcome, expected) => {
    expect(Outcome.label(Outcome.defaultLabels, outcome)).toBe(expected)
  })
})

describe("Outcome.labels", () => {
  it("maps user-defined outcomes", () => {
    const labels = Outcome.labels(["converted"], ["unsubscribed"])
    expect(Outcome.label(labels, "converted")).toBe("positive")
    expect(Outcome.label(labels, "unsubscribed")).toBe("negative")
    expect(Outcome.label(labels, "accepted")).toBe("unlisted")
  })
  it("refuses an outcome that is both positive and negative, naming the API", () => {
    expect(() => Outcome.labels(["accepted", "maybe"], ["maybe"])).toThrow(
      /Outcome\.labels: "maybe" cannot be both positive and negative/
    )
  })
  it("refuses empty outcome names", () => {
    expect(() => Outcome.labels([""], [])).toThrow(/Outcome\.labels/)
    expect(() => Outcome.labels([""], [])).toThrow(TypeError)
  })
  it("neutral outcomes are configured, labelled unlisted, disjoint from the learned ones (issue 9)", () => {
    const labels = Outcome.labels(["accepted"], ["rejected"], ["maybeLater", "maybeLater"])
    expect(labels).toEqual({ positive: ["accepted"], negative: ["rejected"], neutral: ["maybeLater"] })
    expect(Outcome.label(labels, "maybeLater")).toBe("unlisted")
    expect(
      ["maybeLater", "accepted", "rejected", "sent", "impression", "noResponse"].map((o) =>
        Outcome.isConfigured(labels, o)
      )
    ).toEqual([true, true, true, true, true, true])
    expect(Outcome.isConfigured(labels, "clicked")).toBe(false)
    expect(Outcome.isConfigured(Outcome.defaultLabels, "maybeLater")).toBe(false)
    expect(Outcome.labels(["a"], ["b"], [])).toEqual({ positive: ["a"], negative: ["b"] })
    expect(() => Outcome.labels(["a"], ["b"], ["b"])).toThrow(
      new TypeError('Outcome.labels: "b" cannot be both neutral and positive or negative')
    )
    expect(Outcome.decode({ positive: ["a"], negative: ["b"], neutral: ["c"] })).toEqual(
      E.right({ positive: ["a"], negative: ["b"], neutral: ["c"] })
    )
    expect(Outcome.LabelsCodec.encode(labels)).toEqual(labels)
    expect(Outcome.LabelsCodec.encode(Outcome.defaultLabels)).toEqual({
      positive: ["accepted", "clicked"],
      negative: ["rejected", "noResponse"]
    })
    const clash = Outcome.decode({ positive: ["a"], negative: ["b"], neutral: ["c", "a"] })
    expect(E.isLeft(clash) && render(clash.left)).toBe(
      '1 problem:\n  $.neutral[1] [invalid_value] outcome "a" is listed as neutral and as positive or negative (found: "a")'
    )
  })
  it("drops repeated names", () => {
    expect(Outcome.labels(["a", "a"], ["b"])).toEqual({ positive: ["a"], negative: ["b"] })
  })
  it("match is total", () => {
    const name = Outcome.match({ positive: () => "+", negative: () => "-", unlisted: () => "0" })
    expect(["accepted", "rejected", "sent"].map((o) => name(Outcome.label(Outcome.defaultLabels, o)))).toEqual([
      "+",
      "-",
      "0"
    ])
  })
})

describe("Outcome.decode", () => {
  it("decodes labels", () => {
    expect(Outcome.decode({ positive: ["accepted"], negative: ["rejected"] })).toEqual(
      E.right({ positive: ["accepted"], negative: ["rejected"] })
    )
  })
  it("reports every problem with its path", () => {
    const result = Outcome.decode({ positive: ["accepted", 3], negative: ["accepted", ""] })
    expect(E.isLeft(result) && render(result.left)).toBe(
      [
        "2 problems:",
        "  $.positive[1] [invalid_type] expected a string (found: 3)",
        '  $.negative[1] [invalid_value] expected a non-empty string (found: "")'
      ].join("\n")
    )
    const overlap = Outcome.decode({ positive: ["accepted"], negative: ["rejected", "accepted"] })
    expect(E.isLeft(overlap) && render(overlap.left)).toBe(
      '1 problem:\n  $.negative[1] [invalid_value] outcome "accepted" is listed as both positive and negative (found: "accepted")'
    )
  })
  it("reports missing lists", () => {
    const result = Outcome.decode({})
    expect(E.isLeft(result) && result.left.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "$.positive required",
      "$.negative required"
    ])
  })
})

// Scale: decoding n labels is linear (sets, not a search of the other list per name). Budget: well
// under a second for 100,000 names (measured ~100 ms to decode 100,000 + 100,000; 29 s before). No timing is
// asserted: the answers are.
describe("Outcome labels at scale", () => {
  const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

  it("decodes 100,000 positive and 100,000 negative names; labels each; reports an overlap at its place", () => {
    const positive = names("p", 100_000)
    const negative = names("n", 100_000)
    const r = Outcome.decode({ positive, negative })
    if (E.isLeft(r)) throw new Error(render(r.left))
    expect(r.right.positive.length).toBe(100_000)
    expect(positive.every((o) => Outcome.label(r.right, o) === "positive")).toBe(true)
    expect(negative.every((o) => Outcome.label(r.right, o) === "negative")).toBe(true)
    expect(Outcome.label(r.right, "p100000")).toBe("unlisted")
    const clash = Outcome.decode({ positive, negative: [...negative.slice(0, 99_999), "p99999"] })
    expect(E.isLeft(clash) ? clash.left.problems.map((p) => `${p.path} ${p.code}`) : "decoded").toEqual([
      "$.negative[99999] invalid_value"
    ])
  })

  it("Outcome.labels with 100,000 names each: duplicates dropped, an overlap refused", () => {
    const l = Outcome.labels([...names("p", 100_000), "p0"], names("n", 100_000))
    expect([l.positive.length, l.negative.length]).toEqual([100_000, 100_000])
    expect(() => Outcome.labels(names("p", 100_000), ["n", "p5"])).toThrow(/"p5" cannot be both/)
  })
})
