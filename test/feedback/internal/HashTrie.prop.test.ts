/**
 * The persistent hash trie behind the pending buffer, checked against a Map: lookups, size,
 * persistence of older versions through transient batches, canonical iteration order, and hash
 * collisions (fixed colliding keys found by search: hashString("k32728") = hashString("k261234")).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as HashTrie from "../../../src/feedback/internal/HashTrie.js"
import { hashString } from "../../../src/kernel/Random.js"

const COLLIDING = ["k32728", "k261234", "k32729", "k261235", "k32724", "k261238"]

type Op =
  | { readonly _tag: "set"; readonly key: string; readonly value: number }
  | { readonly _tag: "remove"; readonly key: string }

const keyArb = fc.oneof(
  fc.constantFrom(...COLLIDING),
  fc.string({ maxLength: 3 }),
  fc.integer({ min: 0, max: 300 }).map((i) => `k${i}`)
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("set" as const), key: keyArb, value: fc.integer() }),
  fc.record({ _tag: fc.constant("remove" as const), key: keyArb })
)

const applyOps = (
  trie: HashTrie.HashTrie<number>,
  ops: ReadonlyArray<Op>,
  by?: HashTrie.Owner
): HashTrie.HashTrie<number> =>
  ops.reduce(
    (t, op) => (op._tag === "set" ? HashTrie.set(t, op.key, op.value, by) : HashTrie.remove(t, op.key, by)),
    trie
  )

const applyMap = (map: Map<string, number>, ops: ReadonlyArray<Op>): Map<string, number> => {
  const m = new Map(map)
  for (const op of ops) {
    if (op._tag === "set") m.set(op.key, op.value)
    else m.delete(op.key)
  }
  return m
}

const sorted = (entries: Iterable<readonly [string, number]>) =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

describe("HashTrie", () => {
  it("the colliding keys do collide", () => {
    expect(hashString("k32728")).toBe(hashString("k261234"))
  })

  it("behaves like a Map, persistently and in transient batches", () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 80 }),
        fc.array(opArb, { maxLength: 80 }),
        fc.boolean(),
        (first, second, transient) => {
          const t1 = applyOps(HashTrie.empty(), first, transient ? HashTrie.owner() : undefined)
          const m1 = applyMap(new Map(), first)
          const before = HashTrie.entries(t1)
          const t2 = applyOps(t1, second, transient ? HashTrie.owner() : undefined)
          const m2 = applyMap(m1, second)
          // the older version is untouched by the later batch
          expect(HashTrie.entries(t1)).toEqual(before)
          for (const [t, m] of [
            [t1, m1],
            [t2, m2]
          ] as const) {
            expect(t.size).toBe(m.size)
            expect(sorted(HashTrie.entries(t))).toEqual(sorted(m.entries()))
            for (const op of [...first, ...second]) expect(HashTrie.get(t, op.key)).toBe(m.get(op.key))
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it("is canonical: the same key set lists in the same order however it was built", () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 60 }), fc.array(keyArb, { maxLength: 30 }), (keys, extra) => {
        const a = HashTrie.fromEntries(keys.map((k) => [k, 1] as const))
        const reversed = [...keys].reverse()
        let b = HashTrie.empty<number>()
        for (const k of [...extra, ...reversed]) b = HashTrie.set(b, k, 1)
        for (const k of extra) if (!keys.includes(k)) b = HashTrie.remove(b, k)
        expect(HashTrie.entries(b)).toEqual(HashTrie.entries(a))
      }),
      { numRuns: 300 }
    )
  })

  it("removing a missing key or setting the same value returns the same trie", () => {
    const t = HashTrie.fromEntries([["a", 1] as const, ["b", 2] as const])
    expect(HashTrie.remove(t, "zz")).toBe(t)
    expect(HashTrie.set(t, "a", 1)).toBe(t)
    expect(HashTrie.remove(HashTrie.remove(t, "a"), "b")).toEqual({ root: null, size: 0 })
  })

  describe("forced collisions (tiny hashes through the *Hashed entry points)", () => {
    // a key's hash is one of four values that agree in their low fragments or not at all, so keys collide in buckets of
    // up to ~80 and buckets split at shift 0 and at shift 10
    const tiny = (key: string): number => [0, 1, 1 << 10, (1 << 10) | 1][HashTrie.hashOf(key) & 3] as number
    const tinyArb = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.integer({ min: 0, max: 120 }).map((i) => `k${i}`)
    )
    const tinyOp: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ _tag: fc.constant("set" as const), key: tinyArb, value: fc.integer() }),
      fc.record({ _tag: fc.constant("remove" as const), key: tinyArb })
    )
    const applyTiny = (
      trie: HashTrie.HashTrie<number>,
      ops: ReadonlyArray<Op>,
      by?: HashTrie.Owner
    ): HashTrie.HashTrie<number> =>
      ops.reduce(
        (t, op) =>
          op._tag === "set"
            ? HashTrie.setHashed(t, op.key, tiny(op.key), op.value, by)
            : HashTrie.removeHashed(t, op.key, tiny(op.key), by),
        trie
      )
    // the trie's order: by 5-bit hash fragments from the lowest up, then by key within a bucket
    const fragments = (h: number): number => ((h & 31) << 25) | (((h >>> 5) & 31) << 20) | (((h >>> 10) & 31) << 15)
    const byHashThenKey = (entries: Iterable<readonly [string, number]>) =>
      [...entries].sort(([a], [b]) => fragments(tiny(a)) - fragments(tiny(b)) || (a < b ? -1 : a > b ? 1 : 0))

    it("equals a Map model under any sequence of set/remove/get, persistently and in batches", () => {
      fc.assert(
        fc.property(
          fc.array(tinyOp, { maxLength: 200 }),
          fc.array(tinyOp, { maxLength: 200 }),
          fc.boolean(),
          (first, second, transient) => {
            const t1 = applyTiny(HashTrie.empty(), first, transient ? HashTrie.owner() : undefined)
            const m1 = applyMap(new Map(), first)
            const before = HashTrie.entries(t1)
            const t2 = applyTiny(t1, second, transient ? HashTrie.owner() : undefined)
            const m2 = applyMap(m1, second)
            expect(HashTrie.entries(t1)).toEqual(before)
            for (const [t, m] of [
              [t1, m1],
              [t2, m2]
            ] as const) {
              expect(t.size).toBe(m.size)
              expect(HashTrie.entries(t)).toEqual(byHashThenKey(m.entries()))
              for (const op of [...first, ...second])
                expect(HashTrie.getHashed(t, op.key, tiny(op.key))).toBe(m.get(op.key))
            }
          }
        ),
        { numRuns: 300 }
      )
    })

    it("one bucket of every key stays an ordered, balanced bucket: 4,000 keys set, read, removed in random order", () => {
      // budget: 4,000 × ~12 comparisons per operation (a linear bucket would be 4,000² / 2 = 8e6)
      const keys = Array.from({ length: 4000 }, (_, i) => `x${(i * 7919) % 4000}`)
      let t = HashTrie.empty<number>()
      for (const k of keys) t = HashTrie.setHashed(t, k, 5, k.length)
      expect(t.size).toBe(4000)
      for (const k of keys) expect(HashTrie.getHashed(t, k, 5)).toBe(k.length)
      expect(HashTrie.entries(t).map(([k]) => k)).toEqual([...keys].sort())
      const half = keys.filter((_, i) => i % 2 === 0)
      for (const k of half) t = HashTrie.removeHashed(t, k, 5)
      expect(t.size).toBe(2000)
      for (const k of keys) expect(HashTrie.getHashed(t, k, 5)).toBe(half.includes(k) ? undefined : k.length)
      for (const k of keys) t = HashTrie.removeHashed(t, k, 5)
      expect(t).toEqual({ root: null, size: 0 })
    })
  })
})
