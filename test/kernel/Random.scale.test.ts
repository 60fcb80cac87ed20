/**
 * Scale: 200,000 decision ids as string seeds. With a 32-bit hash the birthday bound makes about
 * n²/2^33 ≈ 4.7 collisions expected among random ids; with the 128-bit state none is expected, on
 * the full state and on its first 64 bits. Measured ~0.5 s; budget generous.
 */
import { describe, expect, it } from "vitest"
import * as R from "../../src/kernel/Random.js"

describe("Random seeds at scale", () => {
  it("200,000 string ids give 200,000 distinct states (no 32-bit birthday collisions)", () => {
    const n = 200_000
    const full = new Set<string>()
    const low64 = new Set<string>()
    const started = Date.now()
    for (let i = 0; i < n; i++) {
      const id = `decision-${i.toString(36)}`
      const r = R.fromSeed(id)
      full.add(`${r.s0},${r.s1},${r.s2},${r.s3}`)
      low64.add(`${r.s0},${r.s1}`)
    }
    expect(full.size).toBe(n)
    expect(low64.size).toBe(n)
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
