/**
 * Internal: the feature map of the linear learners — how a decision's features (`subject.age`,
 * `context.device`, `action.kind`, …) become the vector `x` the linear model reads.
 *
 * The vector is an intercept (always 1, column 0) followed by the columns of each term, in order:
 * - `Numeric(name, center, scale)`: one column, `(v − center) / scale` for a finite number v
 *   (`true` is 1, `false` is 0); a missing value (absent, `null`, a string, NaN, ±Infinity) is 0 —
 *   the centre;
 * - `Symbolic(name, levels)`: one column per listed level, 1 for the value's level and 0
 *   elsewhere (a number or boolean value is matched by its text); an unlisted or missing value
 *   is all zeros — the reference level, whose effect the intercept carries;
 * - `Cross(left, right)`: the products of every column of `left` with every column of `right`,
 *   left-major (|left| × |right| columns): an interaction — e.g. a subject attribute crossed with
 *   an action attribute, the shared model of Vowpal Wabbit's ADF style.
 *
 * Column names: `(intercept)`, `subject.age`, `subject.segment=student`,
 * `subject.age×action.kind=loan`.
 *
 * @internal
 * @since 0.1.0
 */
import type { Features, FeatureValue } from "../Learner.js"

/**
 * One term of a linear model's feature map (see `LinearBandit`).
 *
 * @category model
 * @since 0.1.0
 */
export type Term =
  | { readonly _tag: "Numeric"; readonly name: string; readonly center: number; readonly scale: number }
  | { readonly _tag: "Symbolic"; readonly name: string; readonly levels: ReadonlyArray<string> }
  | { readonly _tag: "Cross"; readonly left: Term; readonly right: Term }

/** the number of columns of a term */
export const width = (term: Term): number =>
  term._tag === "Numeric" ? 1 : term._tag === "Symbolic" ? term.levels.length : width(term.left) * width(term.right)

/** the number of columns of a feature map: the intercept and every term's */
export const dimensionOf = (terms: ReadonlyArray<Term>): number => terms.reduce((d, t) => d + width(t), 1)

const namesOf = (term: Term): ReadonlyArray<string> => {
  switch (term._tag) {
    case "Numeric":
      return [term.name]
    case "Symbolic":
      return term.levels.map((l) => `${term.name}=${l}`)
    case "Cross": {
      const right = namesOf(term.right)
      return namesOf(term.left).flatMap((l) => right.map((r) => `${l}×${r}`))
    }
  }
}

/** the column names of a feature map, the intercept first */
export const columnNames = (terms: ReadonlyArray<Term>): ReadonlyArray<string> => [
  "(intercept)",
  ...terms.flatMap(namesOf)
]

/** the feature names a feature map reads, each once, in order of first use */
export const readsOf = (terms: ReadonlyArray<Term>): ReadonlyArray<string> => {
  const out: Array<string> = []
  const visit = (t: Term): void => {
    if (t._tag === "Cross") {
      visit(t.left)
      visit(t.right)
    } else if (!out.includes(t.name)) out.push(t.name)
  }
  terms.forEach(visit)
  return out
}

// an inherited key (`toString`, `__proto__`) reads a function or an object: neither a number nor a
// symbol to a term, so it is missing like an absent key — a plain read is safe and fast
const valueOf = (features: Features, name: string): FeatureValue | undefined => features[name]

const numericValue = (v: FeatureValue | undefined): number =>
  typeof v === "number" ? (Number.isFinite(v) ? v : Number.NaN) : typeof v === "boolean" ? (v ? 1 : 0) : Number.NaN

/**
 * A feature vector as the linear learners read it: a plain array of doubles (the scoring loops read
 * plain double arrays faster than `Float64Array`s; see `vectorOf`).
 */
export type Vector = Array<number>

/**
 * A vector of n zeros whose elements are doubles from the start: a literal with a fractional
 * number makes the engine store unboxed doubles, and an array never goes back to another element
 * kind, so every vector the learners read has the same representation and their loops stay
 * monomorphic.
 */
export const vectorOf = (n: number): Vector => {
  const out = [0.5]
  out.pop()
  for (let i = 0; i < n; i++) out.push(0)
  return out
}

/** writes the columns of `term` at `out[at…]`; returns the next position */
const write = (term: Term, features: Features, out: Vector, at: number): number => {
  switch (term._tag) {
    case "Numeric": {
      const v = numericValue(valueOf(features, term.name))
      out[at] = Number.isNaN(v) ? 0 : (v - term.center) / term.scale
      return at + 1
    }
    case "Symbolic": {
      const v = valueOf(features, term.name)
      const text = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined
      const levels = term.levels
      for (let i = 0; i < levels.length; i++) out[at + i] = levels[i] === text ? 1 : 0
      return at + levels.length
    }
    case "Cross": {
      const wl = width(term.left)
      const wr = width(term.right)
      const left = vectorOf(wl)
      const right = vectorOf(wr)
      write(term.left, features, left, 0)
      write(term.right, features, right, 0)
      for (let i = 0; i < wl; i++)
        for (let j = 0; j < wr; j++) out[at + i * wr + j] = (left[i] as number) * (right[j] as number)
      return at + wl * wr
    }
  }
}

/**
 * A compiled feature map: writes the vector of a decision's features into `out` (length the
 * dimension, made by `vectorOf`) and returns it.
 */
export type Encoder = (features: Features, out: Vector) => Vector

/**
 * Compiles a feature map. Three forms, the same columns: every term numeric (one tight loop over
 * names, centres and scales, each column written once); numeric and symbolic terms (a kind per
 * term, a level → column table per symbolic term); with interactions, the general recursive map.
 */
export const encoderOf = (terms: ReadonlyArray<Term>): Encoder => {
  const simple = terms.every((t) => t._tag !== "Cross")
  if (!simple) {
    return (features, out) => {
      out[0] = 1
      let at = 1
      for (const t of terms) at = write(t, features, out, at)
      return out
    }
  }
  const n = terms.length
  const names = terms.map((t) => t.name)
  if (terms.every((t) => t._tag === "Numeric")) {
    const centers = vectorOf(n)
    const scales = vectorOf(n)
    terms.forEach((t, i) => {
      if (t._tag === "Numeric") {
        centers[i] = t.center
        scales[i] = t.scale
      }
    })
    const numeric = (
      features: Features,
      out: Vector,
      names: ReadonlyArray<string>,
      centers: Vector,
      scales: Vector
    ) => {
      out[0] = 1
      for (let i = 0; i < names.length; i++) {
        const v = features[names[i] as string]
        const x = typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : Number.NaN
        // x − x is 0 exactly for a finite x (NaN for NaN and ±Infinity): a missing value is the centre, 0
        out[i + 1] = x - x === 0 ? (x - (centers[i] as number)) / (scales[i] as number) : 0
      }
      return out
    }
    // the tables are passed as arguments: the loop reads locals, not the closure's slots
    return (features, out) => numeric(features, out, names, centers, scales)
  }
  // numeric terms: name, center, scale; symbolic terms: name and a level → column offset table
  const kinds = new Uint8Array(n)
  const centers = vectorOf(n)
  const scales = vectorOf(n)
  const offsets = new Int32Array(n)
  const levels: Array<Map<string, number> | undefined> = new Array<Map<string, number> | undefined>(n)
  let at = 1
  terms.forEach((t, i) => {
    offsets[i] = at
    if (t._tag === "Numeric") {
      kinds[i] = 0
      centers[i] = t.center
      scales[i] = t.scale
      at += 1
    } else if (t._tag === "Symbolic") {
      kinds[i] = 1
      levels[i] = new Map(t.levels.map((l, j) => [l, j]))
      at += t.levels.length
    }
  })
  return (features, out) => {
    out.fill(0)
    out[0] = 1
    for (let i = 0; i < n; i++) {
      const name = names[i] as string
      const v = features[name]
      const o = offsets[i] as number
      if (kinds[i] === 0) {
        const x = typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : Number.NaN
        if (x - x === 0) out[o] = (x - (centers[i] as number)) / (scales[i] as number)
      } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
        const j = (levels[i] as Map<string, number>).get(typeof v === "string" ? v : String(v))
        if (j !== undefined) out[o + j] = 1
      }
    }
    return out
  }
}
