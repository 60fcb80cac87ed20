/**
 * @internal
 *
 * The hot path of `Rule.compile`: closures for the common conditions on two-segment fact paths
 * (`subject.age`, `context.channel`), with the own-property lookup written out inside each
 * closure.
 *
 * Why written out: V8 keeps inline caches per function literal. A shared lookup helper would see
 * every key of every rule and go megamorphic (about 3× slower in bench/eligibility); a lookup
 * inside each condition's closure sees only that condition's keys.
 *
 * The lookup is exact — own properties only, and no inherited property (not even a getter on a
 * prototype) is ever read — without calling `hasOwnProperty` on the common path: `key in object`
 * (an inline-cached check that also tells V8 the object's shape, so `getPrototypeOf` folds to a
 * constant) comes first; then a key of an object whose prototype is `Object.prototype` can be
 * inherited only if `Object.prototype` has it, and an object with a `null` prototype inherits
 * nothing; only in the other cases is `hasOwnProperty` asked. Each closure here equals the
 * interpreter's semantics for its condition (checked by the compile ≡ evaluate property).
 *
 * @since 0.1.0
 */
import type { Instant } from "../../kernel/Time.js"

/**
 * A compiled condition over facts and the decision time.
 *
 * @category model
 * @since 0.1.0
 */
export type Closure = (facts: unknown, now: Instant | undefined) => boolean

type Dict = Readonly<Record<string, unknown>>

const OBJECT_PROTOTYPE: object = Object.prototype
const getPrototypeOf = Object.getPrototypeOf
const hasOwn = Object.prototype.hasOwnProperty

/*
 * Every closure below starts with the same lookup of `a.b` in `f`, giving `v` (undefined when
 * missing at any step):
 *
 *   let v: unknown
 *   if (typeof f === "object" && f !== null) {
 *     let s: unknown
 * if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) ||
 * hasOwn.call(f, a)) s = (f as Dict)[a] }
 * if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b
 * in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] }
 *   }
 */

/**
 * `a.b` is a number standing in the given order to `k`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const orderNumber2 = (op: "lt" | "lte" | "gt" | "gte", a: string, b: string, k: number): Closure => {
  switch (op) {
    case "lt":
      return (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return typeof v === "number" && v < k
      }
    case "lte":
      return (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return typeof v === "number" && v <= k
      }
    case "gt":
      return (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return typeof v === "number" && v > k
      }
    case "gte":
      return (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return typeof v === "number" && v >= k
      }
  }
}

/**
 * `min ≤ a.b ≤ max` for numbers.
 *
 * @category constructors
 * @since 0.1.0
 */
export const betweenNumbers2 =
  (a: string, b: string, min: number, max: number): Closure =>
  (f) => {
    let v: unknown
    if (typeof f === "object" && f !== null) {
      let s: unknown
      if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
      if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
    }
    return typeof v === "number" && v >= min && v <= max
  }

/**
 * `a.b === k` (`eq`), or its negation when `negated` (the compiled `not(eq(…))`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const equals2 = (a: string, b: string, k: unknown, negated: boolean): Closure =>
  negated
    ? (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return v !== k
      }
    : (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return v === k
      }

/**
 * `a.b` is a present scalar other than `k` (`neq`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const differs2 =
  (a: string, b: string, k: unknown): Closure =>
  (f) => {
    let v: unknown
    if (typeof f === "object" && f !== null) {
      let s: unknown
      if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
      if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
    }
    return v !== k && (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && v === v))
  }

/**
 * `a.b` is one of `values` (`in`), or a present scalar that is none of them (`notIn`). The values
 * hold no NaN; lists longer than `setFrom` are looked up in a Set.
 *
 * @category constructors
 * @since 0.1.0
 */
export const member2 = (
  a: string,
  b: string,
  values: ReadonlyArray<unknown>,
  notIn: boolean,
  setFrom: number
): Closure => {
  if (values.length > setFrom) {
    const set: ReadonlySet<unknown> = new Set(values)
    if (notIn) {
      return (f) => {
        let v: unknown
        if (typeof f === "object" && f !== null) {
          let s: unknown
          if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
          if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
        }
        return (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && v === v)) && !set.has(v)
      }
    }
    return (f) => {
      let v: unknown
      if (typeof f === "object" && f !== null) {
        let s: unknown
        if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
        if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
      }
      return set.has(v)
    }
  }
  const list = values.slice()
  if (notIn) {
    return (f) => {
      let v: unknown
      if (typeof f === "object" && f !== null) {
        let s: unknown
        if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
        if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
      }
      return (
        (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && v === v)) && !list.includes(v)
      )
    }
  }
  return (f) => {
    let v: unknown
    if (typeof f === "object" && f !== null) {
      let s: unknown
      if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
      if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
    }
    return list.includes(v)
  }
}

/**
 * `a.b` is present (`exists`) or missing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const presence2 =
  (a: string, b: string, exists: boolean): Closure =>
  (f) => {
    let v: unknown
    if (typeof f === "object" && f !== null) {
      let s: unknown
      if (a in f) { const p = getPrototypeOf(f); if ((p === OBJECT_PROTOTYPE ? !(a in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(f, a)) s = (f as Dict)[a] } // prettier-ignore
      if (typeof s === "object" && s !== null && b in s) { const q = getPrototypeOf(s); if ((q === OBJECT_PROTOTYPE ? !(b in OBJECT_PROTOTYPE) : q === null) || hasOwn.call(s, b)) v = (s as Dict)[b] } // prettier-ignore
    }
    return (v !== undefined && v !== null) === exists
  }

/**
 * An exact own-property lookup along any path, for the conditions without a specialised closure.
 *
 * @category constructors
 * @since 0.1.0
 */
export const lookup =
  (segments: ReadonlyArray<string>) =>
  (facts: unknown): unknown => {
    let current: unknown = facts
    for (let i = 0; i < segments.length; i++) {
      if (typeof current !== "object" || current === null) return undefined
      const key = segments[i] as string
      if (!(key in current)) return undefined
      const p = getPrototypeOf(current)
      if (!((p === OBJECT_PROTOTYPE ? !(key in OBJECT_PROTOTYPE) : p === null) || hasOwn.call(current, key)))
        return undefined
      current = (current as Dict)[key]
    }
    return current
  }
