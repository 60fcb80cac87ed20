/**
 * Internal: a persistent hash array mapped trie (HAMT) of string keys, so that the pending buffer
 * can hold a million decisions and still be updated in O(log₃₂ n) per event without copying.
 *
 * - Persistent: `set` and `remove` return a new trie and never change the one given.
 * - Transient batches: `set`/`remove` with an `Owner` token mutate, in place, only the nodes that
 *   the same token created; nodes shared with any earlier trie are copied first. A batch that
 *   starts from a persistent trie therefore never changes it (the mutation is unobservable).
 * - Canonical order: `entries` lists a given key set in the same order however it was built (by
 *   hash, and keys of one hash by key).
 * - Flood-proof: keys whose 30-bit hashes are equal (FNV-1a is not collision resistant: anyone
 *   can construct thousands of ASCII ids with one hash) share a collision node that is a
 *   persistent AVL tree ordered by the full key, not a list. A keyed hash was rejected: its key
 *   would have to live in the caller's state (the library is pure: no clock, no Math.random), be
 *   written into snapshots and agree between replicas before their buffers merge, and a leaked
 *   key would reopen the attack; an ordered bucket needs none of that and holds whatever the hash.
 *   Worst case, every key colliding: a lookup, `set` or `remove` costs at most 6 trie levels plus
 *   ⌈1.44 log₂ n⌉ string comparisons (each O(key length); 8,192 colliding keys: ~19), and an
 *   update copies that many tree nodes, also within a batch (no bucket is ever copied whole).
 *   Without collisions: O(log₃₂ n). A bucket's tree shape depends on the order of its updates;
 *   its order (by key) does not.
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

/** a node of a collision bucket's AVL tree, ordered by key */
interface Tree<V> {
  readonly key: string
  readonly value: V
  readonly left: Tree<V> | null
  readonly right: Tree<V> | null
  readonly height: number
}

/** two or more keys of one hash */
interface Collision<V> {
  readonly kind: 2
  readonly hash: number
  readonly size: number
  readonly tree: Tree<V>
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

// -- collision buckets: persistent AVL trees by key (a bucket may hold every key an attacker chose) --

const heightOf = <V>(t: Tree<V> | null): number => (t === null ? 0 : t.height)

const node_ = <V>(key: string, value: V, left: Tree<V> | null, right: Tree<V> | null): Tree<V> => {
  const hl = heightOf(left)
  const hr = heightOf(right)
  return { key, value, left, right, height: (hl > hr ? hl : hr) + 1 }
}

/** `node_` that restores the AVL balance when the two sides differ in height by at most 2 */
const balanced = <V>(key: string, value: V, left: Tree<V> | null, right: Tree<V> | null): Tree<V> => {
  const hl = heightOf(left)
  const hr = heightOf(right)
  if (hl > hr + 1) {
    const l = left as Tree<V>
    if (heightOf(l.left) >= heightOf(l.right)) return node_(l.key, l.value, l.left, node_(key, value, l.right, right))
    const lr = l.right as Tree<V>
    return node_(lr.key, lr.value, node_(l.key, l.value, l.left, lr.left), node_(key, value, lr.right, right))
  }
  if (hr > hl + 1) {
    const r = right as Tree<V>
    if (heightOf(r.right) >= heightOf(r.left)) return node_(r.key, r.value, node_(key, value, left, r.left), r.right)
    const rl = r.left as Tree<V>
    return node_(rl.key, rl.value, node_(key, value, left, rl.left), node_(r.key, r.value, rl.right, r.right))
  }
  return node_(key, value, left, right)
}

const treeGet = <V>(t: Tree<V> | null, key: string): V | undefined => {
  while (t !== null) {
    if (key === t.key) return t.value
    t = key < t.key ? t.left : t.right
  }
  return undefined
}

const treeInsert = <V>(t: Tree<V> | null, key: string, value: V, change: Change): Tree<V> => {
  if (t === null) {
    change.delta = 1
    return node_(key, value, null, null)
  }
  if (key === t.key) return t.value === value ? t : node_(key, value, t.left, t.right)
  if (key < t.key) {
    const left = treeInsert(t.left, key, value, change)
    return left === t.left ? t : balanced(t.key, t.value, left, t.right)
  }
  const right = treeInsert(t.right, key, value, change)
  return right === t.right ? t : balanced(t.key, t.value, t.left, right)
}

/** the tree without its least node, which `MIN` receives */
const MIN: { key: string; value: unknown } = { key: "", value: undefined }
const withoutMin = <V>(t: Tree<V>): Tree<V> | null => {
  if (t.left === null) {
    MIN.key = t.key
    MIN.value = t.value
    return t.right
  }
  return balanced(t.key, t.value, withoutMin(t.left), t.right)
}

const treeRemove = <V>(t: Tree<V> | null, key: string, change: Change): Tree<V> | null => {
  if (t === null) return null
  if (key === t.key) {
    change.delta = -1
    if (t.left === null) return t.right
    if (t.right === null) return t.left
    const right = withoutMin(t.right)
    return balanced(MIN.key, MIN.value as V, t.left, right)
  }
  if (key < t.key) {
    const left = treeRemove(t.left, key, change)
    return left === t.left ? t : balanced(t.key, t.value, left, t.right)
  }
  const right = treeRemove(t.right, key, change)
  return right === t.right ? t : balanced(t.key, t.value, t.left, right)
}

const treeWalk = <V>(t: Tree<V> | null, f: (key: string, value: V) => void): void => {
  while (t !== null) {
    treeWalk(t.left, f)
    f(t.key, t.value)
    t = t.right
  }
}

/** a collision bucket of two leaves with equal hashes and different keys */
const pair = <V>(hash: number, a: Leaf<V>, b: Leaf<V>): Collision<V> => {
  const [lo, hi] = a.key < b.key ? [a, b] : [b, a]
  return { kind: 2, hash, size: 2, tree: node_(lo.key, lo.value, null, node_(hi.key, hi.value, null, null)) }
}

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
      if (node.hash === hash) return pair(hash, node, leaf(hash, key, value))
      return join(shift, node, leaf(hash, key, value), by)
    }
    case 2: {
      if (node.hash !== hash) {
        change.delta = 1
        return join(shift, node, leaf(hash, key, value), by)
      }
      const tree = treeInsert(node.tree, key, value, change)
      return tree === node.tree ? node : { kind: 2, hash, size: node.size + change.delta, tree }
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
      const tree = treeRemove(node.tree, key, change)
      if (tree === node.tree) return node
      if (node.size === 2) {
        const last = tree as Tree<V>
        return leaf(hash, last.key, last.value)
      }
      return { kind: 2, hash, size: node.size - 1, tree: tree as Tree<V> }
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
        return node.hash === hash ? treeGet(node.tree, key) : undefined
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
export const remove = <V>(trie: HashTrie<V>, key: string, by?: Owner): HashTrie<V> =>
  removeHashed(trie, key, hashOf(key), by)

/** `remove` with the key's hash already computed (`hashOf(key)`; tests pass tiny hashes to force collisions) */
export const removeHashed = <V>(trie: HashTrie<V>, key: string, hash: number, by?: Owner): HashTrie<V> => {
  if (trie.root === null) return trie
  const change = CHANGE
  change.delta = 0
  const root = remove_(trie.root, 0, hash, key, by, change)
  return root === trie.root && change.delta === 0 ? trie : { root, size: trie.size + change.delta }
}

const walk = <V>(node: Node<V> | null, f: (key: string, value: V) => void): void => {
  if (node === null) return
  switch (node.kind) {
    case 0:
      f(node.key, node.value)
      return
    case 2:
      treeWalk(node.tree, f)
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
