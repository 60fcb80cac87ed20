/**
 * Internal: the boundary between JSON and the library's values. A value that passed a decoder (or
 * a constructor that checks its input) is *marked*; a public entry point recognises a marked value
 * in a few nanoseconds and uses it as is.
 *
 * An unmarked value (a TypeScript object literal, a copy made with spread, or JSON that skipped
 * the decoder and arrived typed `any`) is *admitted* by running the decoder over it: when the
 * decoder accepts it and gives back the same value (the same JSON, key order and `undefined`
 * fields aside), the value is a valid value of the type, it is marked, and used as is; otherwise
 * the entry point throws a `TypeError` (`misuse`) that names the API, lists the first problems
 * with their paths, and names the decoder to use. So text where a number belongs (an ISO 8601
 * `now`, which the decoder would turn into epoch milliseconds) is refused, not silently used.
 *
 * The mark is a non-enumerable, read-only own property keyed by a module symbol: invisible to
 * structural equality (`deepStrictEqual`, `toEqual`), `JSON.stringify`, spread copies (a copy is
 * unmarked) and `Object.keys`. A check is one property read on an object the caller reads anyway
 * (a few ns, where a `WeakSet.has` over many values costs a cache miss, ~85 ns at 100,000);
 * marking is one `Object.defineProperty` (a few hundred ns, once per decoded value). An object
 * that cannot take a property (frozen) is marked in a module `WeakSet` instead. Values are taken
 * as immutable (their types are readonly): a marked value mutated afterwards through a cast is not
 * checked again.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import type * as t from "io-ts/lib/index.js"
import { atIndex, atKey, decodeWith, renderFound, type Problem } from "../DecodeError.js"
import { misuse } from "./misuse.js"

/** the mark: a non-enumerable own property (invisible to equality, JSON, spread and `Object.keys`) */
const DECODED: unique symbol = Symbol("nextbest/decoded")
/** the marks of objects that cannot take a property (frozen, sealed, non-extensible) */
const SEALED = new WeakSet<object>()
const MARK: PropertyDescriptor = { value: true, enumerable: false, writable: false, configurable: false }

/** Marks `a` (an object) as decoded and returns it. */
export const mark = <A>(a: A): A => {
  if (typeof a === "object" && a !== null && (a as { [DECODED]?: true })[DECODED] !== true) {
    if (Object.isExtensible(a)) Object.defineProperty(a, DECODED, MARK)
    else SEALED.add(a)
  }
  return a
}

/** Whether `u` is a value a decoder (or a checking constructor) built, or one admitted before. */
export const isDecoded = (u: unknown): boolean =>
  typeof u === "object" && u !== null && ((u as { [DECODED]?: true })[DECODED] === true || SEALED.has(u))

/** The problems an error message lists (the rest are counted). */
export const LISTED = 3

interface Difference {
  readonly path: string
  readonly found: unknown
  readonly decoded: unknown
}

const isPlain = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * The first place where `found` and its decoded form `decoded` differ, or `undefined` when they
 * are the same JSON (`undefined` fields count as absent, NaN is NaN; functions must be the same reference).
 */
export const difference = (found: unknown, decoded: unknown, path = "$"): Difference | undefined => {
  if (found === decoded || (Number.isNaN(found) && Number.isNaN(decoded))) return undefined
  if (Array.isArray(found) && Array.isArray(decoded)) {
    if (found.length !== decoded.length) return { path, found, decoded }
    for (let i = 0; i < found.length; i++) {
      const d = difference(found[i], decoded[i], atIndex(path, i))
      if (d !== undefined) return d
    }
    return undefined
  }
  if (isPlain(found) && isPlain(decoded)) {
    for (const key of Object.keys(decoded)) {
      const d = difference(found[key], decoded[key], atKey(path, key))
      if (d !== undefined) return d
    }
    for (const key of Object.keys(found)) {
      if (found[key] !== undefined && !Object.prototype.hasOwnProperty.call(decoded, key))
        return { path: atKey(path, key), found: found[key], decoded: undefined }
    }
    return undefined
  }
  return { path, found, decoded }
}

const kind = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "an array" : typeof u === "object" ? "an object" : `a ${typeof u}`

const describe = (d: Difference): string =>
  d.decoded === undefined
    ? `at ${d.path}: found ${renderFound(d.found)} where a decoded value has nothing`
    : typeof d.found === typeof d.decoded
      ? `at ${d.path}: found ${renderFound(d.found)} where a decoded value has ${renderFound(d.decoded)}`
      : `at ${d.path}: expected ${kind(d.decoded)} (${renderFound(d.decoded)}), found ${renderFound(d.found)}`

const listed = (problems: ReadonlyArray<Problem>, omitted: number): string => {
  const shown = problems
    .slice(0, LISTED)
    .map((p) => `${p.path} [${p.code}] ${p.message} (found: ${renderFound(p.found)})`)
  const more = problems.length + omitted - shown.length
  const head = `${problems.length + omitted} problem${problems.length + omitted === 1 ? "" : "s"}: `
  return head + (more > 0 ? `${shown.join("; ")}; and ${more} more` : shown.join("; "))
}

/**
 * What an entry point is admitting: the API that refuses (`"nextBestAction"`), the argument
 * (`"request"`), the type (`"Request"`) and the decoder to use (`"Request.decode"`).
 */
export interface Admission {
  readonly api: string
  readonly argument: string
  readonly type: string
  readonly decoder: string
}

/** The `TypeError` an entry point throws for a value it cannot admit. */
export const refuse = (who: Admission, why: string): never =>
  misuse(who.api, `${who.argument} is not a decoded ${who.type} (${why}); decode JSON with ${who.decoder}`)

/**
 * `u` if it is marked; otherwise `u` after checking with `codec` that it is a valid value of the
 * type (it is then marked); otherwise throws a `TypeError` naming the decoder.
 *
 * The check: `u` decoded must come back the same. Where it does not, `u` is encoded to JSON first
 * and decoded back, which lets values whose JSON differs from their in-memory form through (a
 * selection policy written `"greedy"` in JSON, an unestimated probability written `null`); a value
 * the encoder cannot write (it throws) is refused with the problems of decoding it directly.
 */
export const admit = <A>(codec: t.Type<A, unknown, unknown>, who: Admission, u: unknown): A => {
  if (isDecoded(u)) return u as A
  return admitSlow(codec, who, u)
}

const encoded = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): E.Either<undefined, unknown> => {
  try {
    return E.right(codec.encode(u as A))
  } catch {
    return E.left(undefined)
  }
}

const admitSlow = <A>(codec: t.Type<A, unknown, unknown>, who: Admission, u: unknown): A => {
  const decode = decodeWith(codec)
  const direct = decode(u)
  const d = E.isRight(direct) ? difference(u, direct.right) : undefined
  if (E.isRight(direct) && d === undefined) return mark(u as A)
  const json = encoded(codec, u)
  if (E.isRight(json)) {
    const round = decode(json.right)
    if (E.isRight(round) && difference(u, round.right) === undefined) return mark(u as A)
  }
  return E.isLeft(direct)
    ? refuse(who, listed(direct.left.problems, direct.left.omitted))
    : refuse(who, describe(d as Difference))
}
