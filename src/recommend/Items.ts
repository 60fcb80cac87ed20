/**
 * An item table: the products (or content, or offers) one item-recommendation action stands for —
 * an id and attributes per item (category, price, margin, stock…) — decoded once and held in
 * columns: a number column is a `Float64Array` (NaN: missing), a text column an `Int32Array` of
 * codes into its distinct values (interned: a category repeated a million times is stored once),
 * a true/false column an `Int8Array` (−1: missing). A million items with five attributes take
 * about 40 MB besides their ids, and a decision reads a row without copying the table.
 *
 * The JSON form is columnar, as a table is exported: `{ ids: [...], attributes: { name: [...] } }`,
 * every column as long as `ids`, each value of a column a number, a text or a boolean (the first
 * present one sets the column's type), or null for missing. An item's position in `ids` is its
 * index (`indexOf`), the number the collaborative-filtering state uses; a table that grows by
 * appending rows keeps its indices.
 *
 * Decoding reports every problem with its path: not an object or not arrays (`invalid_type`,
 * `required`), empty ids or ids with U+0000 (`invalid_value`), duplicate ids (`duplicate_id`),
 * columns of the wrong length (`invalid_value`), a value of another type than its column's
 * (`type_mismatch`), non-finite numbers (`non_finite`), attribute names that are empty, `id`,
 * contain a dot (`invalid_value`) or are forbidden path segments (`forbidden_path`), unknown keys
 * (`unknown_key`) — at most `DecodeError.MAX_PROBLEMS` listed, the rest counted.
 *
 * Rules and value expressions read an item as the fact `item`: `{ id, <attribute>: value }`
 * (`item.stock`, `item.category`; a missing value is absent).
 *
 * Laws: `decode(encode(items))` is `items` (the codec round-trips).
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import { atIndex, atKey, decodeError, problem, type DecodeError, type Problem } from "../kernel/DecodeError.js"
import { FORBIDDEN_SEGMENTS } from "../kernel/internal/Facts.js"
import { hasOwn, isRecord, MAX_PROBLEMS } from "../kernel/internal/codec.js"
import { mark } from "../kernel/internal/decoded.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One attribute's values, by item index.
 *
 * @category model
 * @since 0.1.0
 */
export type Column =
  | { readonly _tag: "Number"; readonly values: Float64Array }
  | { readonly _tag: "Text"; readonly codes: Int32Array; readonly symbols: ReadonlyArray<string> }
  | { readonly _tag: "Boolean"; readonly values: Int8Array }

/**
 * An item table, decoded.
 *
 * @category model
 * @since 0.1.0
 */
export interface Items {
  readonly _tag: "Items"
  /** item ids by index */
  readonly ids: ReadonlyArray<string>
  readonly index: ReadonlyMap<string, number>
  /** attribute names, in the order given */
  readonly names: ReadonlyArray<string>
  readonly columns: ReadonlyMap<string, Column>
}

/**
 * An item table as JSON.
 *
 * @category model
 * @since 0.1.0
 */
export interface Json {
  readonly ids: ReadonlyArray<string>
  readonly attributes?: Readonly<Record<string, ReadonlyArray<number | string | boolean | null>>>
}

/**
 * An attribute value: a number, a text, a boolean, or `undefined` when missing.
 *
 * @category model
 * @since 0.1.0
 */
export type AttributeValue = number | string | boolean | undefined

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

interface Collector {
  readonly problems: Array<Problem>
  omitted: number
}

const report = (c: Collector, path: string, code: Problem["code"], message: string, found: unknown): void => {
  if (c.problems.length < MAX_PROBLEMS) c.problems.push(problem(path, code, message, found))
  else c.omitted++
}

const typeName = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "an array" : typeof u === "object" ? "an object" : `a ${typeof u}`

const decodeColumn = (c: Collector, path: string, values: unknown, n: number): Column | undefined => {
  if (!Array.isArray(values)) {
    report(
      c,
      path,
      "invalid_type",
      "expected an array of values (numbers, texts or booleans; null for missing)",
      values
    )
    return undefined
  }
  if (values.length !== n)
    report(c, path, "invalid_value", `expected ${n} values (one per id), found ${values.length}`, values.length)
  let kind: "number" | "string" | "boolean" | undefined
  for (const v of values as ReadonlyArray<unknown>) {
    if (v === null || v === undefined) continue
    const k = typeof v
    if (k === "number" || k === "string" || k === "boolean") {
      kind = k
      break
    }
  }
  const m = Math.min(n, values.length)
  const bad = (i: number, v: unknown): void => {
    if (v === null || v === undefined) return
    if (typeof v === "number" && !Number.isFinite(v))
      report(c, atIndex(path, i), "non_finite", "expected a finite number", v)
    else
      report(
        c,
        atIndex(path, i),
        "type_mismatch",
        `expected ${kind === "string" ? "a text" : `a ${kind ?? "value"}`} (the column's type), found ${typeName(v)}`,
        v
      )
  }
  if (kind === "string") {
    const codes = new Int32Array(n).fill(-1)
    const symbols: Array<string> = []
    const code = new Map<string, number>()
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i]
      if (typeof v !== "string") {
        bad(i, v)
        continue
      }
      if (i >= m) continue
      let k = code.get(v)
      if (k === undefined) {
        k = symbols.length
        symbols.push(v)
        code.set(v, k)
      }
      codes[i] = k
    }
    return { _tag: "Text", codes, symbols }
  }
  if (kind === "boolean") {
    const out = new Int8Array(n).fill(-1)
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i]
      if (typeof v !== "boolean") bad(i, v)
      else if (i < m) out[i] = v ? 1 : 0
    }
    return { _tag: "Boolean", values: out }
  }
  const out = new Float64Array(n).fill(NaN)
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i]
    if (typeof v !== "number" || !Number.isFinite(v)) bad(i, v)
    else if (i < m) out[i] = v
  }
  return { _tag: "Number", values: out }
}

/**
 * Decodes an item table from its JSON form, reporting every problem with its path.
 *
 * @example
 * import { Items } from "nextbest"
 * import * as assert from "node:assert"
 * const ok = Items.decode({
 *   ids: ["sku-1", "sku-2"],
 *   attributes: { category: ["shoes", "hats"], stock: [3, 0], onSale: [true, null] }
 * })
 * assert.ok(ok._tag === "Right")
 * assert.deepStrictEqual(Items.record(ok.right, 1), { id: "sku-2", category: "hats", stock: 0 })
 * const bad = Items.decode({ ids: ["a", "a"], attributes: { stock: [1, "x"], price: [1] } })
 * assert.ok(bad._tag === "Left")
 * assert.deepStrictEqual(
 *   bad.left.problems.map((p) => [p.path, p.code]),
 *   [
 *     ["$.ids[1]", "duplicate_id"],
 *     ["$.attributes.stock[1]", "type_mismatch"],
 *     ["$.attributes.price", "invalid_value"]
 *   ]
 * )
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (json: unknown): E.Either<DecodeError, Items> => {
  const c: Collector = { problems: [], omitted: 0 }
  if (!isRecord(json)) {
    report(c, "$", "invalid_type", "expected an item table { ids, attributes }", json)
    return E.left(decodeError(c.problems))
  }
  for (const key of Object.keys(json))
    if (key !== "ids" && key !== "attributes")
      report(c, atKey("$", key), "unknown_key", `unknown key "${key}" (expected ids, attributes)`, json[key])
  const rawIds = json["ids"]
  const ids: Array<string> = []
  const index = new Map<string, number>()
  if (!Array.isArray(rawIds)) {
    report(
      c,
      "$.ids",
      rawIds === undefined ? "required" : "invalid_type",
      "expected an array of item ids (non-empty texts)",
      rawIds
    )
  } else {
    for (let i = 0; i < rawIds.length; i++) {
      const id: unknown = rawIds[i]
      if (typeof id !== "string") {
        report(c, atIndex("$.ids", i), "invalid_type", "expected an item id (a non-empty text)", id)
        ids.push("")
        continue
      }
      if (id.length === 0 || id.includes("\u0000"))
        report(c, atIndex("$.ids", i), "invalid_value", "an item id is a non-empty text without U+0000", id)
      else if (index.has(id)) report(c, atIndex("$.ids", i), "duplicate_id", `duplicate item id "${id}"`, id)
      else index.set(id, i)
      ids.push(id)
    }
  }
  const n = ids.length
  const names: Array<string> = []
  const columns = new Map<string, Column>()
  const attributes = json["attributes"]
  if (attributes !== undefined) {
    if (!isRecord(attributes))
      report(c, "$.attributes", "invalid_type", "expected an object of columns by attribute name", attributes)
    else
      for (const name of Object.keys(attributes)) {
        const path = atKey("$.attributes", name)
        if (FORBIDDEN_SEGMENTS.has(name)) {
          report(c, path, "forbidden_path", `attribute name "${name}" is a forbidden path segment`, name)
          continue
        }
        if (name.length === 0 || name === "id" || name.includes(".")) {
          report(c, path, "invalid_value", 'an attribute name is a non-empty text without ".", other than "id"', name)
          continue
        }
        const column = decodeColumn(c, path, attributes[name], n)
        if (column !== undefined) {
          names.push(name)
          columns.set(name, column)
        }
      }
  }
  if (c.problems.length > 0) return E.left(decodeError(c.problems, c.omitted))
  return E.right(mark({ _tag: "Items", ids, index, names, columns }))
}

/**
 * The JSON form of a table (missing values as null).
 *
 * @example
 * import { Items } from "nextbest"
 * import * as assert from "node:assert"
 * const json = { ids: ["a", "b"], attributes: { price: [3, null], tag: ["x", "x"] } }
 * const items = Items.decode(json)
 * assert.ok(items._tag === "Right")
 * assert.deepStrictEqual(Items.encode(items.right), json)
 *
 * @category encoders
 * @since 0.1.0
 */
export const encode = (items: Items): Json => {
  const attributes: Record<string, ReadonlyArray<number | string | boolean | null>> = {}
  for (const name of items.names) {
    const out: Array<number | string | boolean | null> = []
    for (let i = 0; i < items.ids.length; i++) out.push(value(items, i, name) ?? null)
    attributes[name] = out
  }
  return items.names.length === 0 ? { ids: items.ids } : { ids: items.ids, attributes }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The number of items.
 *
 * @example
 * import { Items } from "nextbest"
 * import * as assert from "node:assert"
 * const items = Items.decode({ ids: ["a", "b", "c"] })
 * assert.ok(items._tag === "Right")
 * assert.strictEqual(Items.size(items.right), 3)
 *
 * @category utils
 * @since 0.1.0
 */
export const size = (items: Items): number => items.ids.length

/**
 * An item's index, or −1 for an unknown id.
 *
 * @example
 * import { Items } from "nextbest"
 * import * as assert from "node:assert"
 * const items = Items.decode({ ids: ["a", "b"] })
 * assert.ok(items._tag === "Right")
 * assert.deepStrictEqual([Items.indexOf(items.right, "b"), Items.indexOf(items.right, "z")], [1, -1])
 *
 * @category utils
 * @since 0.1.0
 */
export const indexOf = (items: Items, id: string): number => items.index.get(id) ?? -1

/**
 * An attribute of the item at an index (`undefined` when missing, unknown or out of range).
 *
 * @example
 * import { Items } from "nextbest"
 * import * as assert from "node:assert"
 * const items = Items.decode({ ids: ["a", "b"], attributes: { stock: [4, null], new: [false, true] } })
 * assert.ok(items._tag === "Right")
 * assert.strictEqual(Items.value(items.right, 0, "stock"), 4)
 * assert.strictEqual(Items.value(items.right, 1, "stock"), undefined)
 * assert.strictEqual(Items.value(items.right, 1, "new"), true)
 *
 * @category utils
 * @since 0.1.0
 */
export const value = (items: Items, index: number, name: string): AttributeValue => {
  const column = items.columns.get(name)
  if (column === undefined || index < 0 || index >= items.ids.length) return undefined
  switch (column._tag) {
    case "Number": {
      const v = column.values[index] as number
      return Number.isNaN(v) ? undefined : v
    }
    case "Text": {
      const k = column.codes[index] as number
      return k < 0 ? undefined : column.symbols[k]
    }
    case "Boolean": {
      const v = column.values[index] as number
      return v < 0 ? undefined : v === 1
    }
  }
}

/**
 * The item at an index as the fact `item` rules and value expressions read: its id and its
 * present attributes (a fresh object; missing values absent).
 *
 * @example
 * import { Items } from "nextbest"
 * import * as assert from "node:assert"
 * const items = Items.decode({ ids: ["a"], attributes: { category: ["hats"], price: [null] } })
 * assert.ok(items._tag === "Right")
 * assert.deepStrictEqual(Items.record(items.right, 0), { id: "a", category: "hats" })
 *
 * @category utils
 * @since 0.1.0
 */
export const record = (items: Items, index: number): Readonly<Record<string, string | number | boolean>> => {
  const out: Record<string, string | number | boolean> = { id: items.ids[index] ?? "" }
  for (const name of items.names) {
    const v = value(items, index, name)
    if (v !== undefined && !hasOwn(out, name)) out[name] = v
  }
  return out
}
