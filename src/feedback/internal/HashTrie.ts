/**
 * Internal: a persistent hash array mapped trie (HAMT) of string keys, so that the pending buffer
 * can hold a million decisions and still be updated in O(log₃₂ n) per event without copying.
 *
 * - Persistent: `set` and `remove` return a new trie and never change the one given.
 * - Transient batches: `set`/`remove` with an `Owner` token mutate, in place, only the nodes that
 *   the same token created; nodes shared with any earlier trie are copied first. A batch that
 *   starts from a persistent trie therefore never changes it (the mutation is unobservable).
 * - Canonical: the shape depends only on the set of keys (collision lists are sorted by key), so
 *   `entries` lists a given key set in the same order however it was built.
 *
 * @internal
 */
import { hashString } from "../../kernel/Random.js"

/** the token of one transient batch */
export interface Owner {
  readonly _tag: "Owner"
}

export const owner = (): Owner => ({ _tag: "Owner" })

interface Leaf<V> {
  readonly kind: 0
  readonly hash: number
  readonly key: string
  readonly value: V
}

interface Branch<V> {
  readonly kind: 1
  bitmap: number
  children: Array<Node<V>>
  readonly owner: Owner | undefined
}

interface Collision<V> {
  readonly kind: 2
  readonly hash: number
  readonly leaves: ReadonlyArray<Leaf<V>>
}

type Node<V> = Leaf<V> | Branch<V> | Collision<V>

export interface HashTrie<V> {
  readonly root: Node<V> | null
  readonly size: number
}

const EMPTY: HashTrie<never> = { root: null, size: 0 }

export const empty = <V>(): HashTrie<V> => EMPTY

const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

const fragment = (hash: number, shift: number): number => (hash >>> shift) & 31

const leaf = <V>(hash: number, key: string, value: V): Leaf<V> => ({ kind: 0, hash, key, value })

const branch = <V>(bitmap: number, children: Array<Node<V>>, by: Owner | undefined): Branch<V> => ({
  kind: 1,
  bitmap,
  children,
  owner: by
})

const nodeHash = <V>(node: Leaf<V> | Collision<V>): number => node.hash

/** two leaf-like nodes with different hashes, under one new branch at `shift` */
const join = <V>(
  shift: number,
  a: Leaf<V> | Collision<V>,
  b: Leaf<V> | Collision<V>,
  by: Owner | undefined
): Branch<V> => {
  const fa = fragment(nodeHash(a), shift)
  const fb = fragment(nodeHash(b), shift)
  if (fa === fb) return branch(1 << fa, [join(shift + 5, a, b, by)], by)
  return fa < fb ? branch((1 << fa) | (1 << fb), [a, b], by) : branch((1 << fa) | (1 << fb), [b, a], by)
}

const byKey = <V>(x: Leaf<V>, y: Leaf<V>): number => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)

/** a copy of `xs` with `x` inserted at `i`, exactly as long as it needs to be (no spare capacity: the trie may hold a
 * million entries) */
const insertedAt = <A>(xs: ReadonlyArray<A>, i: number, x: A): Array<A> => {
  const out = new Array<A>(xs.length + 1)
  for (let j = 0; j < i; j++) out[j] = xs[j] as A
  out[i] = x
  for (let j = i; j < xs.length; j++) out[j + 1] = xs[j] as A
  return out
}

/** a copy of `xs` without the element at `i`, exactly as long as it needs to be */
const removedAt = <A>(xs: ReadonlyArray<A>, i: number): Array<A> => {
  const out = new Array<A>(xs.length - 1)
  for (let j = 0; j < i; j++) out[j] = xs[j] as A
  for (let j = i + 1; j < xs.length; j++) out[j - 1] = xs[j] as A
  return out
}

interface Change {
  delta: number
}

/** the size change of the current `set` or `remove` (reset by each; never observable outside) */
const CHANGE: Change = { delta: 0 }

const insert = <V>(
  node: Node<V> | null,
  shift: number,
  hash: number,
  key: string,
  value: V,
  by: Owner | undefined,
  change: Change
): Node<V> => {
  if (node === null) {
    change.delta = 1
    return leaf(hash, key, value)
  }
  switch (node.kind) {
    case 0: {
      if (node.key === key) return node.value === value ? node : leaf(hash, key, value)
      change.delta = 1
      if (node.hash === hash) return { kind: 2, hash, leaves: [node, leaf(hash, key, value)].sort(byKey) }
      return join(shift, node, leaf(hash, key, value), by)
    }
    case 2: {
      if (node.hash !== hash) {
        change.delta = 1
        return join(shift, node, leaf(hash, key, value), by)
      }
      const i = node.leaves.findIndex((l) => l.key === key)
      if (i >= 0) {
        if ((node.leaves[i] as Leaf<V>).value === value) return node
        const leaves = node.leaves.slice()
        leaves[i] = leaf(hash, key, value)
        return { kind: 2, hash, leaves }
      }
      change.delta = 1
      return { kind: 2, hash, leaves: [...node.leaves, leaf(hash, key, value)].sort(byKey) }
    }
    case 1: {
      const bit = 1 << fragment(hash, shift)
      const index = popcount(node.bitmap & (bit - 1))
      const owned = by !== undefined && node.owner === by
      if ((node.bitmap & bit) !== 0) {
        const child = node.children[index] as Node<V>
        const next = insert(child, shift + 5, hash, key, value, by, change)
        if (next === child) return node
        if (owned) {
          node.children[index] = next
          return node
        }
        const children = node.children.slice()
        children[index] = next
        return branch(node.bitmap, children, by)
      }
      change.delta = 1
      const added = leaf(hash, key, value)
      if (owned) {
        node.children = insertedAt(node.children, index, added)
        node.bitmap |= bit
        return node
      }
      return branch(node.bitmap | bit, insertedAt(node.children, index, added), by)
    }
  }
}

const remove_ = <V>(
  node: Node<V>,
  shift: number,
  hash: number,
  key: string,
  by: Owner | undefined,
  change: Change
): Node<V> | null => {
  switch (node.kind) {
    case 0:
      if (node.key !== key) return node
      change.delta = -1
      return null
    case 2: {
      if (node.hash !== hash) return node
      const i = node.leaves.findIndex((l) => l.key === key)
      if (i < 0) return node
      change.delta = -1
      const leaves = node.leaves.filter((_, j) => j !== i)
      return leaves.length === 1 ? (leaves[0] as Leaf<V>) : { kind: 2, hash, leaves }
    }
    case 1: {
      const bit = 1 << fragment(hash, shift)
      if ((node.bitmap & bit) === 0) return node
      const index = popcount(node.bitmap & (bit - 1))
      const child = node.children[index] as Node<V>
      const next = remove_(child, shift + 5, hash, key, by, change)
      if (next === child) return node
      if (next === null) {
        if (node.children.length === 1) return null
        if (node.children.length === 2) {
          const other = node.children[index === 0 ? 1 : 0] as Node<V>
          if (other.kind !== 1) return other
        }
        if (by !== undefined && node.owner === by) {
          node.children = removedAt(node.children, index)
          node.bitmap &= ~bit
          return node
        }
        return branch(node.bitmap & ~bit, removedAt(node.children, index), by)
      }
      if (node.children.length === 1 && next.kind !== 1) return next
      if (by !== undefined && node.owner === by) {
        node.children[index] = next
        return node
      }
      const children = node.children.slice()
      children[index] = next
      return branch(node.bitmap, children, by)
    }
  }
}

/**
 * The hash a trie uses for a key (to look a key up and then set it without hashing it twice): 30
 * bits of `hashString`, a small integer that leaves store unboxed.
 */
export const hashOf = (key: string): number => hashString(key) >>> 2

/** the value at `key`, or `undefined` */
export const get = <V>(trie: HashTrie<V>, key: string): V | undefined => getHashed(trie, key, hashOf(key))

/** `get` with the key's hash already computed (`hashOf(key)`) */
export const getHashed = <V>(trie: HashTrie<V>, key: string, hash: number): V | undefined => {
  let node = trie.root
  let shift = 0
  while (node !== null) {
    switch (node.kind) {
      case 0:
        return node.key === key ? node.value : undefined
      case 2: {
        if (node.hash !== hash) return undefined
        for (const l of node.leaves) if (l.key === key) return l.value
        return undefined
      }
      case 1: {
        const bit = 1 << fragment(hash, shift)
        if ((node.bitmap & bit) === 0) return undefined
        node = node.children[popcount(node.bitmap & (bit - 1))] as Node<V>
        shift += 5
      }
    }
  }
  return undefined
}

/** whether `key` is there */
export const has = <V>(trie: HashTrie<V>, key: string): boolean => get(trie, key) !== undefined

/** the trie with `key` set to `value`; with `by`, nodes created by the same batch are reused in place */
export const set = <V>(trie: HashTrie<V>, key: string, value: V, by?: Owner): HashTrie<V> =>
  setHashed(trie, key, hashOf(key), value, by)

/** `set` with the key's hash already computed (`hashOf(key)`) */
export const setHashed = <V>(trie: HashTrie<V>, key: string, hash: number, value: V, by?: Owner): HashTrie<V> => {
  const change = CHANGE
  change.delta = 0
  const root = insert(trie.root, 0, hash, key, value, by, change)
  return root === trie.root && change.delta === 0 ? trie : { root, size: trie.size + change.delta }
}

/** the trie without `key` */
export const remove = <V>(trie: HashTrie<V>, key: string, by?: Owner): HashTrie<V> => {
  if (trie.root === null) return trie
  const change = CHANGE
  change.delta = 0
  const root = remove_(trie.root, 0, hashOf(key), key, by, change)
  return root === trie.root && change.delta === 0 ? trie : { root, size: trie.size + change.delta }
}

const walk = <V>(node: Node<V> | null, f: (key: string, value: V) => void): void => {
  if (node === null) return
  switch (node.kind) {
    case 0:
      f(node.key, node.value)
      return
    case 2:
      for (const l of node.leaves) f(l.key, l.value)
      return
    case 1:
      for (const child of node.children) walk(child, f)
  }
}

/** visits every entry, in the trie's canonical order */
export const forEach = <V>(trie: HashTrie<V>, f: (key: string, value: V) => void): void => walk(trie.root, f)

/** every entry, in the trie's canonical order */
export const entries = <V>(trie: HashTrie<V>): Array<readonly [string, V]> => {
  const out: Array<readonly [string, V]> = []
  walk(trie.root, (k, v) => out.push([k, v]))
  return out
}

/** every value, in the trie's canonical order */
export const values = <V>(trie: HashTrie<V>): Array<V> => {
  const out: Array<V> = []
  walk(trie.root, (_, v) => out.push(v))
  return out
}

/** a trie of the given entries (later entries win), built in one transient batch */
export const fromEntries = <V>(list: Iterable<readonly [string, V]>): HashTrie<V> => {
  const by = owner()
  let trie = empty<V>()
  for (const [k, v] of list) trie = set(trie, k, v, by)
  return trie
}
