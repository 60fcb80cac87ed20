import { describe, expect, it } from "vitest"
import { DecodeError, Rule as R } from "../../src/index.js"

const DAY = 86_400_000
const leaseEnd = Date.UTC(2025, 6, 1)
const facts = { subject: { leaseEnd } }
const renewal = R.window("subject.leaseEnd", -120, -30)

describe("Rule.window: a window of opportunity relative to a date (known answers)", () => {
  it("holds from `from` to `to` days after the date, bounds included, on every path of the algebra", () => {
    const cases: ReadonlyArray<readonly [number, boolean]> = [
      [leaseEnd - 121 * DAY, false],
      [leaseEnd - 120 * DAY - 1, false],
      [leaseEnd - 120 * DAY, true],
      [leaseEnd - 60 * DAY, true],
      [leaseEnd - 30 * DAY, true],
      [leaseEnd - 30 * DAY + 1, false],
      [leaseEnd, false]
    ]
    const compiled = R.compile(renewal)
    for (const [now, expected] of cases) {
      expect(R.evaluate(renewal)(facts, now), String(now)).toBe(expected)
      expect(compiled(facts, now), String(now)).toBe(expected)
      expect(R.explain(renewal)(facts, now).passed).toBe(expected)
    }
  })
  it("is false without now, or when the fact is missing or not a date-time; ISO text reads as a date", () => {
    expect(R.evaluate(renewal)(facts)).toBe(false)
    expect(R.evaluate(renewal)({ subject: {} }, leaseEnd - 60 * DAY)).toBe(false)
    expect(R.evaluate(renewal)({ subject: { leaseEnd: "soon" } }, leaseEnd - 60 * DAY)).toBe(false)
    expect(R.evaluate(renewal)({ subject: { leaseEnd: "2025-07-01" } }, leaseEnd - 60 * DAY)).toBe(true)
    expect(R.evaluate(R.window("subject.start", 0, 90))({ subject: { start: leaseEnd } }, leaseEnd + 10 * DAY)).toBe(
      true
    )
  })
  it("explains itself in words, with the fact and now seen (pinned)", () => {
    expect(R.show(R.window("subject.start", 0, 90))).toBe("now is on to 90 days after subject.start")
    expect(R.whyNot(R.explain(renewal)(facts, leaseEnd)).map(R.renderReason)).toEqual([
      "now is 120 days before to 30 days before subject.leaseEnd (seen: 1751328000000, now: 2025-07-01T00:00:00.000Z)"
    ])
  })
  it("its JSON form round-trips, and bad forms are reported with their paths (pinned)", () => {
    expect(R.encode(renewal)).toEqual({ op: "window", fact: "subject.leaseEnd", from: -120, to: -30 })
    expect(R.decode(R.encode(renewal))).toEqual({ _tag: "Right", right: renewal })
    const bad = R.decode({
      op: "all",
      rules: [
        { op: "window", fact: "subject.leaseEnd", from: -30, to: -120 },
        { op: "window", fact: "subject.leaseEnd", from: "x" },
        { op: "window", fact: "subject.leaseEnd", from: -1, to: 1, days: 3 }
      ]
    })
    expect(bad._tag === "Left" ? DecodeError.render(bad.left) : "").toBe(
      [
        "4 problems:",
        "  $.rules[0].to [out_of_range] to must not be before from (-30 days) (found: -120)",
        '  $.rules[1].from [invalid_type] expected a number of days, found a string (found: "x")',
        "  $.rules[1].to [required] required: expected a number of days (negative: before the date) (found: missing)",
        '  $.rules[2].days [unknown_key] unknown key "days" for "window"; expected fact, from, to (found: 3)'
      ].join("\n")
    )
    expect(() => R.window("subject.leaseEnd", 10, 5)).toThrow("Rule.window: from (10) must not be after to (5)")
    expect(() => R.window("subject.leaseEnd", Number.NaN, 5)).toThrow("Rule.window: from must be a finite number")
  })
})
