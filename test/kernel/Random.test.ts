import { describe, expect, it } from "vitest"
import * as R from "../../src/kernel/Random.js"

describe("Random", () => {
  it("is deterministic: the same seed gives the same stream", () => {
    const draw = (seed: number | string): Array<number> => {
      let rng = R.fromSeed(seed)
      const out: Array<number> = []
      for (let i = 0; i < 3; i++) {
        const [x, next] = R.nextU32(rng)
        out.push(x)
        rng = next
      }
      return out
    }
    expect(draw(42)).toStrictEqual(draw(42))
    expect(draw("decision-1")).toStrictEqual(draw("decision-1"))
    expect(draw(42)).not.toStrictEqual(draw(43))
    expect(draw(2 ** 40)).not.toStrictEqual(draw(0))
  })

  it("nextDouble lies in [0, 1) and is close to uniform (chi-square over 10 cells, 20,000 draws)", () => {
    let rng = R.fromSeed("uniformity")
    const cells = new Array<number>(10).fill(0)
    for (let i = 0; i < 20_000; i++) {
      const [u, next] = R.nextDouble(rng)
      rng = next
      expect(u >= 0 && u < 1).toBe(true)
      cells[Math.floor(u * 10)] = (cells[Math.floor(u * 10)] as number) + 1
    }
    const chi = cells.reduce((s, c) => s + (c - 2000) ** 2 / 2000, 0)
    expect(chi).toBeLessThan(27.88) // 99.9% quantile of chi-square with 9 degrees of freedom
  })

  it("nextInt stays in range, including n = 1 and n = 2^32", () => {
    let rng = R.fromSeed(5)
    for (const n of [1, 2, 3, 7, 1000, 2 ** 32]) {
      const [x, next] = R.nextInt(rng, n)
      rng = next
      expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true)
    }
  })

  it("split gives a child stream different from the parent's continuation", () => {
    const [parent, child] = R.split(R.fromSeed(9))
    expect(R.nextU32(parent)[0]).not.toBe(R.nextU32(child)[0])
  })

  it("derive: same label same stream, different labels different streams, parent untouched", () => {
    const rng = Object.freeze(R.fromSeed(3))
    expect(R.derive(rng, "a")).toStrictEqual(R.derive(rng, "a"))
    expect(R.derive(rng, "a")).not.toStrictEqual(R.derive(rng, "b"))
    expect(rng).toStrictEqual(R.fromSeed(3))
  })

  it("derive: the same stream whatever was derived before (its caches of labels and of the last parent are unobservable)", () => {
    // pinned from the implementation without caches (commit ec079e1)
    const pinned = { _tag: "Rng", s0: 2697396248, s1: 544041731, s2: 2265404274, s3: 3178903891 }
    const parents = [R.fromSeed(3), R.fromSeed(4), R.fromSeed("x")]
    const labels = ["a", "b", "A07@email"]
    const first = parents.map((p) => labels.map((l) => R.derive(p, l)))
    expect(first[1]?.[2]).toStrictEqual(pinned)
    // again, labels outer and parents inner: the last parent changes at every call
    for (const [j, l] of labels.entries())
      for (const [i, p] of parents.entries()) expect(R.derive(p, l)).toStrictEqual(first[i]?.[j])
    // a parent with the last parent's words in another object, and past the label cache's capacity
    for (let k = 0; k < 5000; k++) R.derive(parents[0] as R.Rng, `label-${k}`)
    expect(R.derive({ ...(parents[1] as R.Rng) }, "A07@email")).toStrictEqual(pinned)
  })
})
