/**
 * `solveSmooth` skips `Math.exp` where a subject's probability is exactly 1 or 0 in floating
 * point: the prices must be the ones the plain formula gives, bit for bit. The reference below is
 * the plain formula (every term through `Math.exp`), on samples whose priorities span 10^-3 to
 * 10^3 so that both shortcuts (and the terms between) are taken.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Offers } from "../../../src/outbound/Allocation.js"
import { capacity, type Capacity } from "../../../src/outbound/Capacity.js"
import { compileSample, solveSmooth, type SmoothSample } from "../../../src/outbound/internal/smoothDual.js"
import { randomInstance } from "../instances.js"

/** the coordinate descent of `solveSmooth` with the plain usage sum (no shortcut) */
const reference = (x: SmoothSample, b: ArrayLike<number>, lambda: Float64Array, maxRounds: number): void => {
  const tau = 0.01 * x.scale
  const tol = 1e-4 * x.scale
  const units = 0.01
  const theta = new Float64Array(x.subjects)
  const value = new Float64Array(x.priority.length)
  const used = new Uint8Array(x.priority.length)
  let count = 0
  const thetas = (c: number): void => {
    const subjects = x.relevant[c] as Int32Array
    count = subjects.length
    subjects.forEach((s, r) => {
      const from = x.start[s] as number
      const to = x.start[s + 1] as number
      let mc = Number.NEGATIVE_INFINITY
      let mn = 0
      for (let j = from; j < to; j++) {
        let v = x.priority[j] as number
        let uses = false
        for (let k = x.capStart[j] as number; k < (x.capStart[j + 1] as number); k++) {
          const i = x.capIndex[k] as number
          if (i === c) uses = true
          else v -= lambda[i] as number
        }
        value[j] = v
        used[j] = uses ? 1 : 0
        if (uses) {
          if (v > mc) mc = v
        } else if (v > mn) mn = v
      }
      let sc = 0
      let sn = Math.exp(-mn / tau)
      for (let j = from; j < to; j++) {
        if (used[j] === 1) sc += Math.exp(((value[j] as number) - mc) / tau)
        else sn += Math.exp(((value[j] as number) - mn) / tau)
      }
      theta[r] = mc - mn + tau * Math.log(sc / sn)
    })
  }
  const usage = (l: number): readonly [number, number] => {
    let u = 0
    let d = 0
    for (let r = 0; r < count; r++) {
      const q = 1 / (1 + Math.exp((l - (theta[r] as number)) / tau))
      u += q
      d -= (q - q * q) / tau
    }
    return [u, d]
  }
  const root = (target: number, from: number, lower: number, upper: number): number => {
    let lo = lower
    let hi = upper
    let l = from
    for (let it = 0; it < 80; it++) {
      const [u, d] = usage(l)
      if (Math.abs(u - target) <= units) return l
      if (u > target) lo = l
      else hi = l
      let next = d < 0 ? l - (u - target) / d : Number.NaN
      if (!(next > lo && next < hi)) {
        if (hi === Number.POSITIVE_INFINITY) next = Math.max(2 * l, x.scale)
        else if (lo === Number.NEGATIVE_INFINITY) next = Math.min(2 * l, -x.scale)
        else next = (lo + hi) / 2
      }
      if (hi - lo <= tol) return hi
      l = next
    }
    return Number.isFinite(hi) ? hi : l
  }
  for (let rounds = 0; rounds < maxRounds; rounds++) {
    let moved = 0
    for (let c = 0; c < lambda.length; c++) {
      const most = (b[c] as number) - (x.fixed[c] as number)
      const least = -(x.fixed[c] as number)
      const before = lambda[c] as number
      thetas(c)
      const [u0] = usage(0)
      lambda[c] =
        u0 > most + units
          ? root(most, before > 0 ? before : x.scale, 0, Number.POSITIVE_INFINITY)
          : u0 < least - units
            ? root(least, before < 0 ? before : -x.scale, Number.NEGATIVE_INFINITY, 0)
            : 0
      moved = Math.max(moved, Math.abs((lambda[c] as number) - before))
    }
    if (moved <= tol) break
  }
}

/** an instance whose priorities are scaled per subject by 10^-3 … 10^3 (wide spreads saturate the softmax) */
const spread = (seed: string, subjects: number, exponents: ReadonlyArray<number>): ReadonlyArray<Offers> =>
  randomInstance(seed, { subjects }).population.map((o, s) => ({
    ...o,
    candidates: o.candidates.map((c, j) => ({
      ...c,
      priority: c.priority * 10 ** (exponents[(s * 7 + j) % exponents.length] as number)
    }))
  }))

describe("solveSmooth", () => {
  it("gives the plain formula's prices bit for bit", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0.02, max: 0.6, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (seed, exponents, share, rounds) => {
          const sample = spread(seed, 60, exponents)
          const capacities: ReadonlyArray<Capacity> = [
            ...randomInstance(seed, { subjects: 60 }).capacities,
            capacity("all-email", Math.max(1, Math.round(60 * share)), { channel: "email" })
          ]
          const x = compileSample(capacities, sample)
          const b = capacities.map((c) => c.max)
          const fast = new Float64Array(capacities.length)
          const plain = new Float64Array(capacities.length)
          solveSmooth(x, b, fast, { maxRounds: rounds })
          reference(x, b, plain, rounds)
          expect(Array.from(fast)).toEqual(Array.from(plain))
          // a warm start from those prices, with half the budgets
          const half = b.map((v) => v / 2)
          solveSmooth(x, half, fast, { maxRounds: rounds })
          reference(x, half, plain, rounds)
          expect(Array.from(fast)).toEqual(Array.from(plain))
        }
      ),
      { numRuns: 30 }
    )
  })
})
