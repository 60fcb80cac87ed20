/**
 * A synthetic population for simulation: subjects with numeric and symbolic attributes (missing
 * values, correlated and irrelevant attributes among them), the actions they may take, and the true
 * probability that a subject responds to an action — known here, unknown to the models.
 *
 * The family of true response probabilities (documented in docs/simulation.md):
 *
 *     logit P(respond | subject, action, day) = intercept + Σ effects(subject) + drift(day)
 *
 * - `linear(attribute, weight)`: `weight × z`, z the standardised value `(x − mean) / sd` of a
 *   numeric attribute;
 * - `step(attribute, cut, weight)`: `weight` when the numeric value is at least `cut`;
 * - `levels(attribute, weights)`: the weight of the subject's symbol (0 for one not listed);
 * - `interaction(attribute, other, weight)`: `weight × z × z'`, the product of two numeric
 *   attributes' standardised values (an effect no additive model of the attributes has);
 * - a missing value (of either attribute of an interaction) contributes the effect's `missing` weight (0 unless given);
 * - `drift(day) = trend × day + amplitude × sin(2π × day / periodDays)`, `day` the simulated time in
 *   days since the simulation's start (0 without drift).
 *
 * The expected value of an action for a subject is its probability times its `value`; an action
 * is available to a subject only where its `eligibility` rule holds on `{ subject: attributes }`
 * (the truth of who may take what, also given to the simulated catalog).
 *
 * Subjects are drawn once, deterministically from the spec's seed: a numeric attribute is
 * `mean + sd × z` (rounded to `decimals` when given) with z standard normal, or correlated with an
 * earlier numeric attribute's z at `correlation` ρ (`z = ρ·z₀ + √(1 − ρ²)·ε`); a symbolic one is a
 * level drawn by its weights; each value is then missing (absent from the attributes) with
 * probability `missing`. An attribute no action's effects mention is irrelevant.
 *
 * Laws: `population(spec)` is a pure function of the spec (same spec, same subjects, bit for bit);
 * every probability lies in (0, 1); `oracle` is an eligible action of the highest expected value
 * (the first by spec order among equals), or −1 when none is eligible.
 *
 * @since 0.1.0
 */
import { normal } from "../kernel/Distributions.js"
import { misuse } from "../kernel/internal/misuse.js"
import { fromSeed, nextDouble, type Rng } from "../kernel/Random.js"
import * as Rule from "../rules/Rule.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A numeric attribute: normal with `mean` and `sd`, optionally correlated with an earlier numeric
 * attribute, rounded to `decimals`, missing with probability `missing`.
 *
 * @category model
 * @since 0.1.0
 */
export interface NumericAttribute {
  readonly _tag: "Numeric"
  readonly name: string
  readonly mean: number
  readonly sd: number
  readonly missing?: number
  readonly decimals?: number
  /** an earlier numeric attribute whose standard normal this one's is correlated with */
  readonly correlatedWith?: string
  /** the correlation ρ of the two standard normals, in [−1, 1] */
  readonly correlation?: number
}

/**
 * A symbolic attribute: one of `levels`, drawn by `weights` (equal when absent), missing with
 * probability `missing`.
 *
 * @category model
 * @since 0.1.0
 */
export interface SymbolicAttribute {
  readonly _tag: "Symbolic"
  readonly name: string
  readonly levels: ReadonlyArray<string>
  readonly weights?: ReadonlyArray<number>
  readonly missing?: number
}

/**
 * A subject attribute of the population.
 *
 * @category model
 * @since 0.1.0
 */
export type Attribute = NumericAttribute | SymbolicAttribute

/**
 * One term of an action's true log-odds (see the module header).
 *
 * @category model
 * @since 0.1.0
 */
export type Effect =
  | { readonly _tag: "Linear"; readonly attribute: string; readonly weight: number; readonly missing?: number }
  | {
      readonly _tag: "Step"
      readonly attribute: string
      readonly cut: number
      readonly weight: number
      readonly missing?: number
    }
  | {
      readonly _tag: "Levels"
      readonly attribute: string
      readonly weights: Readonly<Record<string, number>>
      readonly missing?: number
    }
  | {
      readonly _tag: "Interaction"
      readonly attribute: string
      readonly other: string
      readonly weight: number
      readonly missing?: number
    }

/**
 * How an action's log-odds move with the simulated day: `trend × day + amplitude × sin(2π·day / periodDays)`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Drift {
  readonly trend?: number
  readonly amplitude?: number
  readonly periodDays?: number
}

/**
 * The truth about one action: its value, its true log-odds and who may take it.
 *
 * @category model
 * @since 0.1.0
 */
export interface ActionTruth {
  readonly id: string
  /** the business value of a response (default 1) */
  readonly value?: number
  /** the log-odds at the mean of every attribute */
  readonly intercept: number
  readonly effects?: ReadonlyArray<Effect>
  readonly drift?: Drift
  /** who may take it (default: everybody), a rule on `{ subject: attributes }` */
  readonly eligibility?: Rule.Rule
}

/**
 * What a population is drawn from.
 *
 * @category model
 * @since 0.1.0
 */
export interface Spec {
  readonly seed: number | string
  readonly size: number
  /** subject ids are `<idPrefix><index>` (default `"subject-"`) */
  readonly idPrefix?: string
  readonly attributes: ReadonlyArray<Attribute>
  readonly actions: ReadonlyArray<ActionTruth>
}

/**
 * One subject: its id and attributes (missing ones absent).
 *
 * @category model
 * @since 0.1.0
 */
export interface Subject {
  readonly id: string
  readonly attributes: Readonly<Record<string, number | string>>
}

/**
 * A drawn population: the subjects, and per subject × action the static part of the true log-odds
 * and the eligibility, in flat tables (subject-major: index `subject × actions + action`). Read
 * them through `probability`, `isEligible` and `oracle`; never mutate them.
 *
 * @category model
 * @since 0.1.0
 */
export interface Population {
  readonly _tag: "Population"
  readonly spec: Spec
  readonly subjects: ReadonlyArray<Subject>
  /** the action ids, in spec order */
  readonly actions: ReadonlyArray<string>
  readonly values: ReadonlyArray<number>
  readonly logits: Float64Array
  readonly eligible: Uint8Array
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A numeric attribute.
 *
 * @category constructors
 * @since 0.1.0
 */
export const numeric = (
  name: string,
  mean: number,
  sd: number,
  options: Omit<NumericAttribute, "_tag" | "name" | "mean" | "sd"> = {}
): NumericAttribute => ({ _tag: "Numeric", name, mean, sd, ...options })

/**
 * A symbolic attribute.
 *
 * @category constructors
 * @since 0.1.0
 */
export const symbolic = (
  name: string,
  levels: ReadonlyArray<string>,
  options: Omit<SymbolicAttribute, "_tag" | "name" | "levels"> = {}
): SymbolicAttribute => ({ _tag: "Symbolic", name, levels, ...options })

/**
 * A linear effect of a numeric attribute's standardised value.
 *
 * @category constructors
 * @since 0.1.0
 */
export const linear = (attribute: string, weight: number, missing?: number): Effect =>
  missing === undefined ? { _tag: "Linear", attribute, weight } : { _tag: "Linear", attribute, weight, missing }

/**
 * A step effect: `weight` where the numeric value is at least `cut`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const step = (attribute: string, cut: number, weight: number, missing?: number): Effect =>
  missing === undefined ? { _tag: "Step", attribute, cut, weight } : { _tag: "Step", attribute, cut, weight, missing }

/**
 * An effect per symbol of a symbolic attribute.
 *
 * @category constructors
 * @since 0.1.0
 */
export const levels = (attribute: string, weights: Readonly<Record<string, number>>, missing?: number): Effect =>
  missing === undefined ? { _tag: "Levels", attribute, weights } : { _tag: "Levels", attribute, weights, missing }

/**
 * An interaction of two numeric attributes: `weight × z × z'` (their standardised values).
 *
 * @category constructors
 * @since 0.1.0
 */
export const interaction = (attribute: string, other: string, weight: number, missing?: number): Effect =>
  missing === undefined
    ? { _tag: "Interaction", attribute, other, weight }
    : { _tag: "Interaction", attribute, other, weight, missing }

const API = "Population.population"

const probabilityIn = (x: number | undefined): boolean => x === undefined || (x >= 0 && x <= 1)

const check = (spec: Spec): void => {
  if (!Number.isSafeInteger(spec.size) || spec.size < 1) misuse(API, "size must be a positive whole number")
  if (spec.actions.length === 0) misuse(API, "a population needs at least one action")
  const names = new Map<string, Attribute>()
  for (const a of spec.attributes) {
    if (names.has(a.name)) misuse(API, `duplicate attribute "${a.name}"`)
    if (!probabilityIn(a.missing)) misuse(API, `attribute "${a.name}": missing must lie in [0, 1]`)
    if (a._tag === "Numeric") {
      if (!Number.isFinite(a.mean) || !(a.sd > 0) || !Number.isFinite(a.sd))
        misuse(API, `attribute "${a.name}": mean must be finite and sd positive`)
      if (a.correlatedWith !== undefined) {
        const other = names.get(a.correlatedWith)
        if (other === undefined || other._tag !== "Numeric")
          misuse(API, `attribute "${a.name}": correlatedWith must name an earlier numeric attribute`)
        const rho = a.correlation ?? 0
        if (!(rho >= -1 && rho <= 1)) misuse(API, `attribute "${a.name}": correlation must lie in [-1, 1]`)
      }
    } else {
      if (a.levels.length === 0) misuse(API, `attribute "${a.name}": needs at least one level`)
      if (a.weights !== undefined && (a.weights.length !== a.levels.length || !a.weights.every((w) => w >= 0)))
        misuse(API, `attribute "${a.name}": one non-negative weight per level`)
    }
    names.set(a.name, a)
  }
  const ids = new Set<string>()
  for (const action of spec.actions) {
    if (ids.has(action.id)) misuse(API, `duplicate action "${action.id}"`)
    ids.add(action.id)
    if (!Number.isFinite(action.intercept) || !Number.isFinite(action.value ?? 1))
      misuse(API, `action "${action.id}": intercept and value must be finite`)
    for (const e of action.effects ?? []) {
      const a = names.get(e.attribute)
      if (a === undefined) return misuse(API, `action "${action.id}": unknown attribute "${e.attribute}"`)
      if ((e._tag === "Levels") !== (a._tag === "Symbolic"))
        misuse(API, `action "${action.id}": effect ${e._tag} does not fit attribute "${e.attribute}"`)
      if (e._tag === "Interaction" && names.get(e.other)?._tag !== "Numeric")
        misuse(API, `action "${action.id}": an interaction needs two numeric attributes ("${e.other}")`)
    }
  }
}

const pick = (weights: ReadonlyArray<number>, total: number, u: number): number => {
  let x = u * total
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] as number
    if (x < 0) return i
  }
  return weights.length - 1
}

const round = (x: number, decimals: number | undefined): number => {
  if (decimals === undefined) return x
  const f = 10 ** decimals
  return Math.round(x * f) / f
}

const effectOf = (
  e: Effect,
  attribute: Attribute,
  value: number | string | undefined,
  other?: { readonly attribute: Attribute; readonly value: number | string | undefined }
): number => {
  if (value === undefined) return e.missing ?? 0
  switch (e._tag) {
    case "Interaction": {
      if (other === undefined || other.value === undefined) return e.missing ?? 0
      const a = attribute as NumericAttribute
      const b = other.attribute as NumericAttribute
      return (e.weight * (((value as number) - a.mean) / a.sd) * ((other.value as number) - b.mean)) / b.sd
    }
    case "Linear": {
      const a = attribute as NumericAttribute
      return (e.weight * ((value as number) - a.mean)) / a.sd
    }
    case "Step":
      return (value as number) >= e.cut ? e.weight : 0
    case "Levels":
      return Object.prototype.hasOwnProperty.call(e.weights, value) ? (e.weights[value as string] as number) : 0
  }
}

/**
 * Draws a population from its spec. Throws (a programming mistake) on an invalid spec: a size that
 * is not a positive whole number, duplicate names, an effect on an unknown attribute or of the
 * wrong kind, a correlation with an attribute not defined before.
 *
 * @example
 * import { Population, Rule } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const population = Population.population({
 *   seed: 1,
 *   size: 1000,
 *   attributes: [Population.numeric("age", 40, 12, { decimals: 0 })],
 *   actions: [
 *     {
 *       id: "Card",
 *       intercept: -2,
 *       effects: [Population.linear("age", 0.5)],
 *       eligibility: Rule.gte("subject.age", 18)
 *     },
 *     { id: "Loan", intercept: -3, value: 4 }
 *   ]
 * })
 * assert.strictEqual(population.subjects.length, 1000)
 * const p = Population.probability(population, 0, 0)
 * assert.ok(p > 0 && p < 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const population = (spec: Spec): Population => {
  check(spec)
  const prefix = spec.idPrefix ?? "subject-"
  const attributes = spec.attributes
  const actions = spec.actions
  const k = actions.length
  const index = new Map<string, number>(attributes.map((a, i) => [a.name, i]))
  const eligibility = actions.map((a) => (a.eligibility === undefined ? undefined : Rule.compile(a.eligibility)))
  const logits = new Float64Array(spec.size * k)
  const eligible = new Uint8Array(spec.size * k)
  const subjects: Array<Subject> = new Array<Subject>(spec.size)
  let rng: Rng = fromSeed(spec.seed)
  const z = new Float64Array(attributes.length)
  const values = new Array<number | string | undefined>(attributes.length)
  const draw = (): number => {
    const [u, next] = nextDouble(rng)
    rng = next
    return u
  }
  for (let s = 0; s < spec.size; s++) {
    const record: Record<string, number | string> = {}
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i] as Attribute
      let value: number | string
      if (a._tag === "Numeric") {
        const [e, next] = normal(rng)
        rng = next
        const rho = a.correlation ?? 0
        const zi =
          a.correlatedWith === undefined
            ? e
            : rho * (z[index.get(a.correlatedWith) as number] as number) + Math.sqrt(1 - rho * rho) * e
        z[i] = zi
        value = round(a.mean + a.sd * zi, a.decimals)
      } else {
        const weights = a.weights ?? a.levels.map(() => 1)
        const total = weights.reduce((x, y) => x + y, 0)
        value = a.levels[pick(weights, total, draw())] as string
      }
      const missing = a.missing ?? 0
      if (missing > 0 && draw() < missing) values[i] = undefined
      else {
        values[i] = value
        record[a.name] = value
      }
    }
    const facts = { subject: record }
    for (let j = 0; j < k; j++) {
      const action = actions[j] as ActionTruth
      let logit = action.intercept
      for (const e of action.effects ?? []) {
        const i = index.get(e.attribute) as number
        if (e._tag === "Interaction") {
          const j = index.get(e.other) as number
          logit += effectOf(e, attributes[i] as Attribute, values[i], {
            attribute: attributes[j] as Attribute,
            value: values[j]
          })
        } else logit += effectOf(e, attributes[i] as Attribute, values[i])
      }
      logits[s * k + j] = logit
      const rule = eligibility[j]
      eligible[s * k + j] = rule === undefined || rule(facts) ? 1 : 0
    }
    subjects[s] = { id: `${prefix}${s}`, attributes: record }
  }
  return {
    _tag: "Population",
    spec,
    subjects,
    actions: actions.map((a) => a.id),
    values: actions.map((a) => a.value ?? 1),
    logits,
    eligible
  }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/**
 * The drift of every action's log-odds at a simulated day (days since the start), in spec order.
 *
 * @category operations
 * @since 0.1.0
 */
export const driftAt = (p: Population, day: number): Float64Array => {
  const out = new Float64Array(p.actions.length)
  p.spec.actions.forEach((a, j) => {
    const d = a.drift
    if (d === undefined) return
    const periodic =
      d.amplitude === undefined || d.amplitude === 0
        ? 0
        : d.amplitude * Math.sin((2 * Math.PI * day) / (d.periodDays ?? 365))
    out[j] = (d.trend ?? 0) * day + periodic
  })
  return out
}

/**
 * The true probability that subject `subject` (an index) responds to action `action` (an index
 * in spec order) at simulated day `day` (default 0).
 *
 * @category operations
 * @since 0.1.0
 */
export const probability = (p: Population, subject: number, action: number, day = 0): number => {
  const k = p.actions.length
  const drift = day === 0 ? 0 : (driftAt(p, day)[action] as number)
  return sigmoid((p.logits[subject * k + action] as number) + drift)
}

/**
 * The true probabilities of every action for one subject, written into `out` (length: the
 * number of actions), given the drift of the day (`driftAt`).
 *
 * @category operations
 * @since 0.1.0
 */
export const probabilitiesInto = (
  p: Population,
  subject: number,
  drift: Float64Array,
  out: Float64Array
): Float64Array => {
  const k = p.actions.length
  const base = subject * k
  for (let j = 0; j < k; j++) out[j] = sigmoid((p.logits[base + j] as number) + (drift[j] as number))
  return out
}

/**
 * Whether subject `subject` may take action `action` (indexes).
 *
 * @category operations
 * @since 0.1.0
 */
export const isEligible = (p: Population, subject: number, action: number): boolean =>
  p.eligible[subject * p.actions.length + action] === 1

/**
 * The index of an action id, or −1.
 *
 * @category operations
 * @since 0.1.0
 */
export const actionIndex = (p: Population, id: string): number => p.actions.indexOf(id)

/**
 * The oracle's action for a subject given its true probabilities: an eligible action of the
 * highest expected value `probability × value` (the first in spec order among equals), or −1.
 *
 * @category operations
 * @since 0.1.0
 */
export const oracle = (p: Population, subject: number, probabilities: ArrayLike<number>): number => {
  const k = p.actions.length
  const base = subject * k
  let best = -1
  let bestValue = Number.NEGATIVE_INFINITY
  for (let j = 0; j < k; j++) {
    if (p.eligible[base + j] !== 1) continue
    const v = (probabilities[j] as number) * (p.values[j] as number)
    if (v > bestValue) {
      best = j
      bestValue = v
    }
  }
  return best
}

/**
 * What a uniformly random choice among the eligible actions earns as a share of the oracle, in
 * expectation over subjects visited uniformly at `day`: `Σ_s mean_eligible(p·v) / Σ_s max_eligible(p·v)`.
 *
 * @category operations
 * @since 0.1.0
 */
export const randomShare = (p: Population, day = 0): number => {
  const k = p.actions.length
  const drift = driftAt(p, day)
  const probs = new Float64Array(k)
  let mean = 0
  let best = 0
  for (let s = 0; s < p.subjects.length; s++) {
    probabilitiesInto(p, s, drift, probs)
    let n = 0
    let sum = 0
    let max = 0
    for (let j = 0; j < k; j++) {
      if (p.eligible[s * k + j] !== 1) continue
      const v = (probs[j] as number) * (p.values[j] as number)
      n++
      sum += v
      if (v > max) max = v
    }
    if (n > 0) {
      mean += sum / n
      best += max
    }
  }
  return best === 0 ? 0 : mean / best
}

/**
 * The expected share of the oracle earned by always choosing the eligible action of the highest
 * population-wide expected value (what a learner that does not personalise converges to), at `day`.
 *
 * @category operations
 * @since 0.1.0
 */
export const bestConstantShare = (p: Population, day = 0): number => {
  const k = p.actions.length
  const drift = driftAt(p, day)
  const probs = new Float64Array(k)
  const total = new Float64Array(k)
  let best = 0
  const perSubject = new Float64Array(p.subjects.length * k)
  for (let s = 0; s < p.subjects.length; s++) {
    probabilitiesInto(p, s, drift, probs)
    let max = 0
    for (let j = 0; j < k; j++) {
      const v = (probs[j] as number) * (p.values[j] as number)
      perSubject[s * k + j] = v
      if (p.eligible[s * k + j] !== 1) continue
      total[j] = (total[j] as number) + v
      if (v > max) max = v
    }
    best += max
  }
  // the order of actions by their population-wide value: a subject gets the first it is eligible for
  const order = Array.from({ length: k }, (_, j) => j).sort((x, y) => (total[y] as number) - (total[x] as number))
  let earned = 0
  for (let s = 0; s < p.subjects.length; s++) {
    for (const j of order) {
      if (p.eligible[s * k + j] === 1) {
        earned += perSubject[s * k + j] as number
        break
      }
    }
  }
  return best === 0 ? 0 : earned / best
}

// -------------------------------------------------------------------------------------
// the default population
// -------------------------------------------------------------------------------------

const CODES = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, "0")}`)

/**
 * The default population's spec at a size (default 10,000 subjects): eight attributes — `age`
 * (2% missing), `income` (10% missing, correlated with age at 0.4), `wealth` (correlated with
 * income at 0.85), `tenure` (correlated with age at 0.5), `segment` (4 levels, 5% missing), and
 * three irrelevant ones: `region` (5 levels), `noise` (a standard normal) and `code` (40 random
 * levels) — and six actions with base rates of 5–10%, each logistic in two or three attributes:
 * `GoldCard` (income, professionals; 21 and over), `StudentCard` (young, students; 18 and over),
 * `Mortgage` (value 2: age ≥ 30, families, income), `CarLoan` (tenure, families), `Pension`
 * (value 1.5: age, retired) and `Savings` (wealth; a missing wealth lowers it). No drift. A
 * uniformly random choice earns about 41% of the oracle, the best single action about 56%.
 *
 * @category constructors
 * @since 0.1.0
 */
export const standardSpec = (size = 10_000, seed: number | string = "nextbest-population"): Spec => ({
  seed,
  size,
  attributes: [
    numeric("age", 45, 15, { decimals: 0, missing: 0.02 }),
    numeric("income", 50_000, 20_000, { decimals: 0, missing: 0.1, correlatedWith: "age", correlation: 0.4 }),
    numeric("wealth", 120_000, 60_000, { decimals: 0, correlatedWith: "income", correlation: 0.85 }),
    numeric("tenure", 6, 4, { decimals: 1, correlatedWith: "age", correlation: 0.5 }),
    symbolic("segment", ["student", "family", "professional", "retired"], { weights: [1, 3, 3, 2], missing: 0.05 }),
    symbolic("region", ["north", "south", "east", "west", "central"]),
    numeric("noise", 0, 1),
    symbolic("code", CODES)
  ],
  actions: [
    {
      id: "GoldCard",
      intercept: -3.2,
      effects: [linear("income", 1.0), levels("segment", { professional: 0.7 })],
      eligibility: Rule.gte("subject.age", 21)
    },
    {
      id: "StudentCard",
      intercept: -3.0,
      effects: [linear("age", -1.3), levels("segment", { student: 1.5 })],
      eligibility: Rule.gte("subject.age", 18)
    },
    {
      id: "Mortgage",
      value: 2,
      intercept: -4.3,
      effects: [step("age", 30, 0.9), levels("segment", { family: 1.1 }), linear("income", 0.4)]
    },
    {
      id: "CarLoan",
      intercept: -3.0,
      effects: [linear("tenure", 0.6), levels("segment", { family: 0.4, student: -0.6 })]
    },
    { id: "Pension", value: 1.5, intercept: -3.8, effects: [linear("age", 1.1), levels("segment", { retired: 0.9 })] },
    { id: "Savings", intercept: -3.1, effects: [linear("wealth", 0.8, -0.5)] }
  ]
})

/**
 * The default population (`standardSpec`), drawn.
 *
 * @category constructors
 * @since 0.1.0
 */
export const standard = (size = 10_000, seed: number | string = "nextbest-population"): Population =>
  population(standardSpec(size, seed))

/**
 * A population whose truth is logistic with interactions, where naive Bayes' independence and
 * any model additive in the attributes fall short: 10,000 subjects by default with `age`,
 * `income` (correlated with age at 0.3, 5% missing), `tenure`, `segment` (3 levels) and an
 * irrelevant `noise`; four actions whose log-odds carry products of standardised attributes —
 * `Premium` (income, and income × age: the rich and old), `Starter` (young, and age × tenure),
 * `Loyalty` (value 1.5: tenure, and tenure × income negative) and `Insurance` (families, and a U
 * shape in age through age × age).
 *
 * @example
 * import { Population } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const p = Population.population(Population.interactionSpec(2000))
 * assert.deepStrictEqual(p.actions, ["Premium", "Starter", "Loyalty", "Insurance"])
 * assert.ok(Population.bestConstantShare(p) < 0.8)
 *
 * @category constructors
 * @since 0.1.0
 */
export const interactionSpec = (size = 10_000, seed: number | string = "nextbest-interactions"): Spec => ({
  seed,
  size,
  attributes: [
    numeric("age", 45, 15, { decimals: 0 }),
    numeric("income", 50_000, 20_000, { decimals: 0, missing: 0.05, correlatedWith: "age", correlation: 0.3 }),
    numeric("tenure", 6, 4, { decimals: 1 }),
    symbolic("segment", ["family", "professional", "retired"], { weights: [3, 3, 2] }),
    numeric("noise", 0, 1)
  ],
  actions: [
    { id: "Premium", intercept: -3.2, effects: [linear("income", 0.6), interaction("income", "age", 0.9)] },
    { id: "Starter", intercept: -3.0, effects: [linear("age", -0.6), interaction("age", "tenure", -0.9)] },
    {
      id: "Loyalty",
      value: 1.5,
      intercept: -3.6,
      effects: [linear("tenure", 0.3), interaction("tenure", "income", -1.0)]
    },
    {
      id: "Insurance",
      intercept: -3.1,
      effects: [levels("segment", { family: 0.6 }), interaction("age", "age", 0.7)]
    }
  ]
})
