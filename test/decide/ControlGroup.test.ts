import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as ControlGroup from "../../src/decide/ControlGroup.js"
import { hashString } from "../../src/kernel/Random.js"
import { DAY_MS } from "../../src/kernel/Time.js"

const periods: ReadonlyArray<ControlGroup.Period> = ["day", "week", "month", "forever"]
const periodArb = fc.constantFrom(...periods)
const instantArb = fc.integer({ min: -8.64e15, max: 8.64e15 })
const idArb = fc.string({ maxLength: 20 })
const may10 = Date.UTC(2024, 4, 10)
const ids = Array.from({ length: 20_000 }, (_, i) => `customer-${i}`)

/** four standard deviations of a binomial share over `n` draws */
const tolerance = (share: number, n: number): number => 4 * Math.sqrt((share * (1 - share)) / n)

describe("ControlGroup.periodKey", () => {
  it("months are YYYY-MM in UTC, zero-padded", () => {
    expect(ControlGroup.periodKey(may10, "month")).toBe("2024-05")
    expect(ControlGroup.periodKey(Date.UTC(2024, 10, 30, 23, 59), "month")).toBe("2024-11")
    expect(ControlGroup.periodKey(0, "month")).toBe("1970-01")
    expect(ControlGroup.periodKey(-1, "month")).toBe("1969-12")
    expect(ControlGroup.periodKey(Date.UTC(2024, 4, 31, 23, 59, 59, 999), "month")).toBe("2024-05")
    expect(ControlGroup.periodKey(Date.UTC(2024, 5, 1), "month")).toBe("2024-06")
  })
  it("days are d<whole UTC days since the epoch>", () => {
    expect(ControlGroup.periodKey(0, "day")).toBe("d0")
    expect(ControlGroup.periodKey(DAY_MS - 1, "day")).toBe("d0")
    expect(ControlGroup.periodKey(DAY_MS, "day")).toBe("d1")
    expect(ControlGroup.periodKey(-1, "day")).toBe("d-1")
    expect(ControlGroup.periodKey(may10, "day")).toBe("d19853")
  })
  it("weeks run Monday to Sunday (UTC): w0 is the week of Thursday 1970-01-01", () => {
    expect(ControlGroup.periodKey(0, "week")).toBe("w0")
    expect(ControlGroup.periodKey(Date.UTC(1969, 11, 29), "week")).toBe("w0") // Monday
    expect(ControlGroup.periodKey(Date.UTC(1969, 11, 28, 23, 59), "week")).toBe("w-1") // Sunday
    expect(ControlGroup.periodKey(Date.UTC(1970, 0, 4, 23, 59), "week")).toBe("w0") // Sunday
    expect(ControlGroup.periodKey(Date.UTC(1970, 0, 5), "week")).toBe("w1") // Monday
    expect(ControlGroup.periodKey(Date.UTC(2024, 4, 5, 23, 59), "week")).toBe("w2835") // Sunday
    expect(ControlGroup.periodKey(Date.UTC(2024, 4, 6), "week")).toBe("w2836") // Monday
    expect(ControlGroup.periodKey(may10, "week")).toBe("w2836")
    expect(ControlGroup.periodKey(Date.UTC(2024, 4, 12, 23, 59, 59, 999), "week")).toBe("w2836") // Sunday
  })
  it("forever is one key", () => {
    fc.assert(fc.property(instantArb, (now) => ControlGroup.periodKey(now, "forever") === "*"))
  })
  it("each day of a week has the week's key, and the next Monday starts a new one", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), (w) => {
        const monday = (w * 7 - 3) * DAY_MS
        const keys = new Set(Array.from({ length: 7 }, (_, d) => ControlGroup.periodKey(monday + d * DAY_MS, "week")))
        expect([...keys]).toEqual([`w${w}`])
        expect(ControlGroup.periodKey(monday - 1, "week")).toBe(`w${w - 1}`)
        expect(ControlGroup.periodKey(monday + 7 * DAY_MS, "week")).toBe(`w${w + 1}`)
      })
    )
  })
})

describe("ControlGroup.bucket", () => {
  it("is the subject's hash with the period key, scaled to [0, 1)", () => {
    expect(ControlGroup.bucket("customer-1", may10, "month")).toBe(hashString("customer-1|2024-05") / 4294967296)
    expect(ControlGroup.bucket("customer-1", may10, "month")).toBe(0.2694834496360272)
    expect(ControlGroup.bucket("", 0, "forever")).toBe(hashString("|*") / 4294967296)
  })
  it("lies in [0, 1)", () => {
    fc.assert(
      fc.property(idArb, instantArb, periodArb, (id, now, period) => {
        const b = ControlGroup.bucket(id, now, period)
        return b >= 0 && b < 1
      }),
      { numRuns: 1000 }
    )
  })
  it("is stable within a period: any two instants with the same key give the same bucket", () => {
    fc.assert(
      fc.property(idArb, fc.integer({ min: 0, max: 30 * DAY_MS - 1 }), (id, offset) => {
        const june1 = Date.UTC(2024, 5, 1)
        return ControlGroup.bucket(id, june1 + offset, "month") === ControlGroup.bucket(id, june1, "month")
      })
    )
    fc.assert(
      fc.property(idArb, instantArb, instantArb, (id, a, b) => {
        return ControlGroup.bucket(id, a, "forever") === ControlGroup.bucket(id, b, "forever")
      })
    )
  })
  it("spreads subjects evenly: each tenth of [0, 1) holds about a tenth of them", () => {
    const counts = Array.from({ length: 10 }, () => 0)
    for (const id of ids) {
      const b = ControlGroup.bucket(id, may10, "month")
      counts[Math.floor(b * 10)] = (counts[Math.floor(b * 10)] ?? 0) + 1
    }
    const slack = tolerance(0.1, ids.length) * ids.length
    for (const c of counts) expect(Math.abs(c - ids.length / 10)).toBeLessThanOrEqual(slack)
  })
})

describe("ControlGroup.isMember", () => {
  it("the share of members over 20 000 ids is the configured share within four standard deviations", () => {
    for (const share of [0.02, 0.1, 0.5, 0.9]) {
      for (const period of periods) {
        const members = ids.filter((id) => ControlGroup.isMember(id, may10, { share, period })).length
        expect(Math.abs(members / ids.length - share)).toBeLessThanOrEqual(tolerance(share, ids.length))
      }
    }
  })
  it("pinned: the default 2 % share in May 2024 picks 404 of 20 000 ids, and a known few at 30 %", () => {
    const members = ids.filter((id) => ControlGroup.isMember(id, may10, { share: 0.02, period: "month" })).length
    expect(members).toBe(404)
    expect(ids.slice(0, 10).filter((id) => ControlGroup.isMember(id, may10, { share: 0.3, period: "month" }))).toEqual([
      "customer-0",
      "customer-1",
      "customer-4",
      "customer-6",
      "customer-9"
    ])
  })
  it("is a member exactly when the bucket is below the share", () => {
    fc.assert(
      fc.property(
        idArb,
        instantArb,
        periodArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, now, period, share) => {
          const member = ControlGroup.isMember(id, now, { share, period })
          return member === (share > 0 && ControlGroup.bucket(id, now, period) < share)
        }
      )
    )
  })
  it("share 0: nobody; share 1: everybody", () => {
    fc.assert(
      fc.property(
        idArb,
        instantArb,
        periodArb,
        (id, now, period) =>
          !ControlGroup.isMember(id, now, { share: 0, period }) && ControlGroup.isMember(id, now, { share: 1, period })
      ),
      { numRuns: 500 }
    )
  })
  it("is deterministic: the same subject, instant and settings give the same answer", () => {
    fc.assert(
      fc.property(
        idArb,
        instantArb,
        periodArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, now, period, share) => {
          const settings = { share, period }
          return ControlGroup.isMember(id, now, settings) === ControlGroup.isMember(id, now, { ...settings })
        }
      )
    )
  })
  it("is monotone in the share", () => {
    fc.assert(
      fc.property(
        idArb,
        instantArb,
        periodArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, now, period, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          return (
            !ControlGroup.isMember(id, now, { share: lo, period }) ||
            ControlGroup.isMember(id, now, { share: hi, period })
          )
        }
      )
    )
  })
  it("changes with the period: May and June draw their members independently", () => {
    const settings = { share: 0.5, period: "month" } as const
    const june10 = Date.UTC(2024, 5, 10)
    const inMay = ids.map((id) => ControlGroup.isMember(id, may10, settings))
    const inJune = ids.map((id) => ControlGroup.isMember(id, june10, settings))
    const both = inMay.filter((m, i) => m && inJune[i] === true).length
    const changed = inMay.filter((m, i) => m !== inJune[i]).length
    // independent halves: a quarter are members in both months, half change
    expect(Math.abs(both / ids.length - 0.25)).toBeLessThanOrEqual(tolerance(0.25, ids.length))
    expect(Math.abs(changed / ids.length - 0.5)).toBeLessThanOrEqual(tolerance(0.5, ids.length))
  })
  it("stays the same for the whole period", () => {
    const settings = { share: 0.3, period: "week" } as const
    const monday = Date.UTC(2024, 4, 6)
    const sunday = Date.UTC(2024, 4, 12, 23, 59, 59, 999)
    const nextMonday = Date.UTC(2024, 4, 13)
    const sample = ids.slice(0, 2000)
    expect(sample.map((id) => ControlGroup.isMember(id, sunday, settings))).toEqual(
      sample.map((id) => ControlGroup.isMember(id, monday, settings))
    )
    expect(sample.map((id) => ControlGroup.isMember(id, nextMonday, settings))).not.toEqual(
      sample.map((id) => ControlGroup.isMember(id, monday, settings))
    )
  })
  it("with period forever, membership never changes", () => {
    const settings = { share: 0.2, period: "forever" } as const
    const sample = ids.slice(0, 2000)
    const at = (now: number) => sample.map((id) => ControlGroup.isMember(id, now, settings))
    expect(at(Date.UTC(2030, 0, 1))).toEqual(at(0))
    expect(at(-8.64e15)).toEqual(at(0))
  })
})
