/**
 * Shared arbitraries for the feedback pillar: a tiny counting learner (exact integer counts, so
 * the monoid laws hold exactly), decision records, events, scenarios of decisions with their own
 * ordered event sequences, and interleavings of them.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import type { ChosenAction, DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import type { Interaction } from "../../src/history/History.js"
import type { Features, Learner, Observation } from "../../src/learners/Learner.js"
import { HOUR_MS } from "../../src/kernel/Time.js"

// -------------------------------------------------------------------------------------
// a counting learner
// -------------------------------------------------------------------------------------

/** positives and negatives in total and per `feature=value` bin */
export interface CountState {
  readonly positives: number
  readonly negatives: number
  readonly bins: Readonly<Record<string, readonly [number, number]>>
}

const binKey = (name: string, value: unknown): string => `${name}=${JSON.stringify(value ?? null)}`

const learnCount = (s: CountState, o: Observation): CountState => {
  const bins: Record<string, readonly [number, number]> = { ...s.bins }
  for (const name of Object.keys(o.features).sort()) {
    const key = binKey(name, o.features[name])
    const [p, n] = bins[key] ?? [0, 0]
    bins[key] = o.positive ? [p + 1, n] : [p, n + 1]
  }
  return { positives: s.positives + (o.positive ? 1 : 0), negatives: s.negatives + (o.positive ? 0 : 1), bins }
}

const mergeCount = (x: CountState, y: CountState): CountState => {
  const bins: Record<string, readonly [number, number]> = { ...x.bins }
  for (const key of Object.keys(y.bins)) {
    const [p, n] = bins[key] ?? [0, 0]
    const [q, m] = y.bins[key] as readonly [number, number]
    bins[key] = [p + q, n + m]
  }
  return { positives: x.positives + y.positives, negatives: x.negatives + y.negatives, bins }
}

const Pair = t.tuple([t.number, t.number])
const CountStateCodec = new t.Type<CountState, unknown, unknown>(
  "CountState",
  (u): u is CountState => typeof u === "object" && u !== null && "positives" in u,
  (u, c) => {
    const r = t.type({ positives: t.number, negatives: t.number, bins: t.record(t.string, Pair) }).validate(u, c)
    return E.isLeft(r) ? r : t.success(r.right as CountState)
  },
  (s) => ({ positives: s.positives, negatives: s.negatives, bins: { ...s.bins } })
)

/** a learner of exact integer counts (a commutative monoid) */
export const counting: Learner<CountState> = {
  name: "counting",
  empty: { positives: 0, negatives: 0, bins: {} },
  score: (s, _features, rng) => [
    {
      propensity: (s.positives + 1) / (s.positives + s.negatives + 2),
      explored: (s.positives + 1) / (s.positives + s.negatives + 2),
      evidence: s.positives + s.negatives
    },
    rng
  ],
  learn: learnCount,
  learnAll: (s, os) => os.reduce(learnCount, s),
  merge: mergeCount,
  codec: CountStateCodec
}

/** canonical JSON of any value: object keys sorted (so key insertion order does not matter) */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Map)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]])
        )
      : v instanceof Map
        ? Object.fromEntries([...v.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)))
        : v
  )

// -------------------------------------------------------------------------------------
// decision records and events
// -------------------------------------------------------------------------------------

export const ACTIONS = ["GoldCard", "Mortgage", "Savings"] as const
export const CHANNELS = ["web", "email"] as const
export const OUTCOMES = [
  "accepted",
  "clicked",
  "rejected",
  "noResponse",
  "maybeLater",
  "converted",
  "impression"
] as const

export const settings = Feedback.settings({ timeouts: { inbound: HOUR_MS, outbound: 4 * HOUR_MS } })

export const chosen = (actionId: string, channel: string, rank = 1): ChosenAction => ({
  actionId,
  issue: actionId === "Savings" ? "Retention" : "Sales",
  group: actionId === "Mortgage" ? "Loans" : "Cards",
  channel,
  modelKey: `${actionId}@${channel}`,
  rank,
  modelPropensity: 0.25,
  propensity: 0.5,
  selectionProbability: 1
})

export const featuresArb: fc.Arbitrary<Features> = fc.record(
  {
    age: fc.oneof(fc.integer({ min: 18, max: 90 }), fc.constant(null)),
    segment: fc.constantFrom("gold", "silver", "bronze"),
    online: fc.boolean()
  },
  { noNullPrototype: true }
)

/** what a decision may add to a chosen action: how its selection probability was found (NaN: not estimated), its own
 * features */
const extrasArb = fc.record(
  {
    selectionProbability: fc.oneof(
      fc.constant(1),
      fc.constant(Number.NaN),
      fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000)
    ),
    selectionMethod: fc.option(fc.constantFrom("deterministic" as const, "exact" as const, "monteCarlo" as const), {
      nil: undefined
    }),
    features: fc.option(
      fc.record({ "history.action.impression.7d": fc.integer({ min: 0, max: 5 }) }, { noNullPrototype: true }),
      { nil: undefined }
    )
  },
  { noNullPrototype: true }
)

const actionsArb: fc.Arbitrary<ReadonlyArray<ChosenAction>> = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom(...ACTIONS),
      fc.constantFrom(...CHANNELS),
      fc.option(
        fc.integer({ min: -3000, max: 3000 }).map((k) => k / 1000),
        { nil: undefined }
      ),
      extrasArb
    ),
    {
      minLength: 1,
      maxLength: 3,
      selector: ([a, c]) => `${a}@${c}`
    }
  )
  .map((tuples) =>
    tuples.map(([a, c, score, extras], i) => {
      const base: ChosenAction =
        score === undefined ? chosen(a, c, i + 1) : { ...chosen(a, c, i + 1), modelScore: score }
      const withProbability: ChosenAction = { ...base, selectionProbability: extras.selectionProbability }
      const withMethod: ChosenAction =
        extras.selectionMethod === undefined
          ? withProbability
          : { ...withProbability, selectionMethod: extras.selectionMethod }
      return extras.features === undefined ? withMethod : { ...withMethod, features: extras.features }
    })
  )

export const decisionArb = (decisionId: string): fc.Arbitrary<DecisionRecord> =>
  fc.record(
    {
      decisionId: fc.constant(decisionId),
      subjectId: fc.constantFrom("c-1", "c-2", "c-3"),
      at: fc.integer({ min: 0, max: 10 * HOUR_MS }),
      direction: fc.constantFrom("inbound" as const, "outbound" as const),
      controlGroup: fc.boolean(),
      features: featuresArb,
      actions: actionsArb
    },
    { noNullPrototype: true }
  )

/** any decision record, for codec round trips */
export const anyDecisionArb: fc.Arbitrary<DecisionRecord> = fc
  .string({ minLength: 1, maxLength: 8 })
  .chain((id) => decisionArb(id))

/** any event, carrying a record or referring to one by id */
export const anyEventArb: fc.Arbitrary<Event.Event> = fc
  .record({
    kind: fc.constantFrom("Sent", "Impression", "Response"),
    eventId: fc.string({ minLength: 1, maxLength: 6 }),
    at: fc.integer({ min: 0, max: 20 * HOUR_MS }),
    actionId: fc.constantFrom(...ACTIONS),
    channel: fc.constantFrom(...CHANNELS),
    decision: fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), anyDecisionArb),
    outcome: fc.constantFrom(...OUTCOMES)
  })
  .map(({ kind, outcome, ...init }) =>
    kind === "Sent" ? Event.sent(init) : kind === "Impression" ? Event.impression(init) : Event.response(init, outcome)
  )

/** how a decision's events reach the reducer */
export type Delivery = "tracked-by-id" | "tracked-carried" | "carried-only" | "untracked-by-id"

/** one decision's own inputs, in its own order */
export interface Story {
  readonly record: DecisionRecord
  readonly inputs: ReadonlyArray<Feedback.Input>
  /** how many inputs are duplicates of an earlier event */
  readonly duplicates: number
}

interface EventPlan {
  readonly kind: "Sent" | "Impression" | "Response"
  readonly actionIndex: number
  readonly offset: number
  readonly outcome: string
  readonly duplicate: boolean
}

const planArb: fc.Arbitrary<EventPlan> = fc.record(
  {
    kind: fc.constantFrom("Sent", "Sent", "Impression", "Response", "Response", "Response"),
    actionIndex: fc.nat({ max: 2 }),
    offset: fc.oneof(fc.integer({ min: 0, max: 50 * 60_000 }), fc.integer({ min: 0, max: 6 * HOUR_MS })),
    outcome: fc.constantFrom(...OUTCOMES),
    duplicate: fc.integer({ min: 0, max: 5 }).map((n) => n === 0)
  },
  { noNullPrototype: true }
) as fc.Arbitrary<EventPlan>

const storyArb = (
  decisionId: string,
  options: { readonly allowUnknown: boolean; readonly allowDuplicates: boolean }
): fc.Arbitrary<Story> =>
  fc
    .tuple(
      decisionArb(decisionId),
      fc.constantFrom<Delivery>(
        "tracked-by-id",
        "tracked-by-id",
        "tracked-carried",
        "tracked-carried",
        "carried-only",
        "carried-only",
        "untracked-by-id"
      ),
      fc.array(planArb, { maxLength: 6 }),
      fc.nat({ max: 9 })
    )
    .map(([record, delivery, plans, unknownRoll]) => {
      const sorted = [...plans].sort((a, b) => a.offset - b.offset)
      const inputs: Array<Feedback.Input> =
        delivery === "carried-only" || delivery === "untracked-by-id" ? [] : [Feedback.decided(record)]
      let duplicates = 0
      sorted.forEach((plan, j) => {
        const unknown = options.allowUnknown && unknownRoll === 0 && j === 0
        const action = record.actions[plan.actionIndex % record.actions.length] as ChosenAction
        const init: Event.Init = {
          eventId: `${decisionId}-e${j}`,
          at: record.at + plan.offset,
          actionId: unknown ? "Unknown" : action.actionId,
          channel: action.channel,
          decision: delivery === "tracked-by-id" || delivery === "untracked-by-id" ? decisionId : record
        }
        const event =
          plan.kind === "Sent"
            ? Event.sent(init)
            : plan.kind === "Impression"
              ? Event.impression(init)
              : Event.response(init, plan.outcome)
        inputs.push(event)
        if (options.allowDuplicates && plan.duplicate) {
          inputs.push(event)
          duplicates++
        }
      })
      return { record, inputs, duplicates }
    })

/** several decisions with distinct ids, each with its own ordered inputs */
export const storiesArb = (
  options: { readonly allowUnknown?: boolean; readonly allowDuplicates?: boolean; readonly maxDecisions?: number } = {}
): fc.Arbitrary<ReadonlyArray<Story>> =>
  fc.integer({ min: 0, max: options.maxDecisions ?? 6 }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        storyArb(`d${i}`, {
          allowUnknown: options.allowUnknown ?? true,
          allowDuplicates: options.allowDuplicates ?? true
        })
      )
    )
  )

/** interleaves the stories' inputs, keeping each story's own order; `picks` choose which story goes next */
export const interleave = (stories: ReadonlyArray<Story>, picks: ReadonlyArray<number>): Array<Feedback.Input> => {
  const queues = stories.map((s) => [...s.inputs])
  const out: Array<Feedback.Input> = []
  let k = 0
  for (;;) {
    const live = queues.filter((q) => q.length > 0)
    if (live.length === 0) return out
    const pick = picks.length === 0 ? 0 : (picks[k++ % picks.length] as number)
    out.push((live[pick % live.length] as Array<Feedback.Input>).shift() as Feedback.Input)
  }
}

/** the stories one after another */
export const sequential = (stories: ReadonlyArray<Story>): Array<Feedback.Input> => stories.flatMap((s) => s.inputs)

export const picksArb = fc.array(fc.nat({ max: 1000 }), { maxLength: 40 })

/** an instant after every deadline of the scenarios above */
export const END = 100 * HOUR_MS

// -------------------------------------------------------------------------------------
// histories
// -------------------------------------------------------------------------------------

export const interactionArb: fc.Arbitrary<Interaction> = fc
  .record({
    at: fc.integer({ min: 0, max: 1_000_000 }),
    actionId: fc.constantFrom(...ACTIONS),
    channel: fc.constantFrom(...CHANNELS),
    outcome: fc.constantFrom(...OUTCOMES, "sent"),
    decisionId: fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: undefined })
  })
  .map(({ decisionId, ...rest }) => {
    const base = {
      ...rest,
      issue: rest.actionId === "Savings" ? "Retention" : "Sales",
      group: rest.actionId === "Mortgage" ? "Loans" : "Cards"
    }
    return decisionId === undefined ? base : { ...base, decisionId }
  })

export const historyArb: fc.Arbitrary<ReadonlyArray<Interaction>> = fc
  .array(interactionArb, { maxLength: 20 })
  .map((xs) => [...xs].sort((a, b) => a.at - b.at))
