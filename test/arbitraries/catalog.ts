/**
 * Shared arbitraries for the catalog, the policies, arbitration and nextBestAction: a fixed-score
 * learner (the state is the propensity; no exploration), random catalog specs built from the
 * same shapes as the codecs, random histories and requests.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import type { Contender, Slot } from "../../src/arbitration/Arbitration.js"
import type { EvaluationClass } from "../../src/arbitration/Priority.js"
import type { Action } from "../../src/catalog/Action.js"
import {
  catalog as compile,
  codec as CatalogCodec,
  type Catalog,
  type Spec as CatalogSpec
} from "../../src/catalog/Catalog.js"
import { historyFeatures, type HistoryFeatures, type HistoryScope } from "../../src/history/HistoryFeatures.js"
import type { Request } from "../../src/decide/Request.js"
import type { Interaction } from "../../src/history/History.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import type { Learner } from "../../src/learners/Learner.js"
import { fromStates, modelKey, type Models } from "../../src/learners/Models.js"
import * as R from "../../src/rules/Rule.js"

// -------------------------------------------------------------------------------------
// a learner with fixed scores
// -------------------------------------------------------------------------------------

/** the state is the propensity itself; it does not explore and learns nothing */
export const fixedLearner: Learner<number> = {
  name: "fixed",
  empty: 0.5,
  score: (state, _features, rng) => [{ propensity: state, explored: state, evidence: 0 }, rng],
  learn: (s) => s,
  learnAll: (s) => s,
  merge: (x) => x,
  codec: t.number as unknown as t.Type<number, unknown, unknown>
}

/** models with the given propensity per model key */
export const fixedModels = (propensities: Readonly<Record<string, number>>): Models<number> =>
  fromStates(fixedLearner, propensities)

// -------------------------------------------------------------------------------------
// catalogs
// -------------------------------------------------------------------------------------

export const ISSUES = ["Sales", "Retention"] as const
export const GROUPS = ["Cards", "Loans"] as const
export const CHANNELS = ["web", "email"] as const
export const NOW = Date.UTC(2024, 4, 15)

const issues: CatalogSpec["issues"] = ISSUES.map((name) => ({ name, groups: GROUPS.map((g) => ({ name: g })) }))

export interface ActionShape {
  readonly issue: (typeof ISSUES)[number]
  readonly group: (typeof GROUPS)[number]
  readonly channels: ReadonlyArray<(typeof CHANNELS)[number]>
  readonly value: number
  readonly weight: number
  readonly evaluation: EvaluationClass
  readonly available: boolean
  /** eligible when subject.age ≥ this */
  readonly minAge: number | null
  readonly propensity: number
}

export const actionShape: fc.Arbitrary<ActionShape> = fc.record({
  issue: fc.constantFrom(...ISSUES),
  group: fc.constantFrom(...GROUPS),
  channels: fc.subarray([...CHANNELS], { minLength: 1 }),
  value: fc.integer({ min: 1, max: 100 }),
  weight: fc.integer({ min: -50, max: 100 }),
  evaluation: fc.constantFrom<EvaluationClass>(
    "default",
    "default",
    "default",
    "default",
    "mandatory",
    "transactional"
  ),
  available: fc.integer({ min: 0, max: 9 }).map((k) => k !== 0), // one in ten is switched off
  minAge: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
  // a grid of propensities, so ties happen and exact comparisons hold
  propensity: fc.integer({ min: 1, max: 20 }).map((k) => k / 20)
})

export const toAction = (id: string, s: ActionShape): Action => ({
  id,
  issue: s.issue,
  group: s.group,
  channels: s.channels.map((c) => ({
    channel: c,
    direction: c === "web" ? ("inbound" as const) : ("outbound" as const)
  })),
  value: { _tag: "Constant", value: s.value },
  weight: s.weight,
  ...(s.evaluation === "default" ? {} : { evaluation: s.evaluation }),
  ...(s.available ? {} : { availability: { _tag: "Never" as const } }),
  ...(s.minAge === null ? {} : { policies: { eligibility: R.gte("subject.age", s.minAge) } })
})

export interface Scenario {
  readonly spec: CatalogSpec
  readonly shapes: ReadonlyArray<ActionShape>
  readonly models: Models<number>
  readonly request: Request
}

export const specOf = (shapes: ReadonlyArray<ActionShape>, extra: Partial<CatalogSpec> = {}): CatalogSpec => ({
  issues,
  actions: shapes.map((s, i) => toAction(`a${String(i).padStart(2, "0")}`, s)),
  ...extra
})

export const modelsOf = (spec: CatalogSpec, shapes: ReadonlyArray<ActionShape>): Models<number> => {
  const states: Record<string, number> = {}
  spec.actions.forEach((a, i) => {
    for (const c of a.channels) states[modelKey(a.id, c.channel)] = (shapes[i] as ActionShape).propensity
  })
  return fixedModels(states)
}

const interaction = (actionIds: ReadonlyArray<string>): fc.Arbitrary<Interaction> =>
  fc.record({
    at: fc.integer({ min: -30, max: 0 }).map((d) => NOW + d * DAY_MS),
    actionId: fc.constantFrom(...actionIds),
    issue: fc.constantFrom(...ISSUES),
    group: fc.constantFrom(...GROUPS),
    channel: fc.constantFrom(...CHANNELS),
    outcome: fc.constantFrom("impression", "sent", "accepted", "rejected")
  })

/** a request on web, or on web and email, for a subject of random age and history */
export const requestFor = (ids: ReadonlyArray<string>): fc.Arbitrary<Request> =>
  fc
    .record({
      age: fc.integer({ min: 0, max: 90 }),
      multi: fc.boolean(),
      limit: fc.integer({ min: 1, max: 3 }),
      history: ids.length === 0 ? fc.constant([]) : fc.array(interaction(ids), { maxLength: 8 }),
      seed: fc.integer()
    })
    .map(({ age, multi, limit, history, seed }): Request => ({
      seed,
      subject: { id: `s${seed}`, attributes: { age }, history },
      context: multi ? { now: NOW, channels: ["web", "email"], limit } : { now: NOW, channel: "web", limit },
      options: { controlGroup: false }
    }))

export const withSuppression: Partial<CatalogSpec> = {
  suppressions: [
    {
      id: "seen2",
      scope: "action",
      when: { _tag: "Count", outcomes: ["impression"], withinDays: 7, atLeast: 2 },
      suppressDays: 10
    }
  ],
  contactLimits: [{ id: "oneEmail", channel: "email", max: 1, periodDays: 7, outcomes: ["sent"] }],
  thresholds: { propensity: [{ minimum: 0.2 }, { channel: "email", minimum: 0.3 }] }
}

export const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    shapes: fc.array(actionShape, { maxLength: 10 }),
    policies: fc.boolean(),
    maxPerGroup: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined })
  })
  .chain(({ shapes, policies, maxPerGroup }) => {
    const spec = specOf(shapes, {
      ...(policies ? withSuppression : {}),
      ...(maxPerGroup === undefined ? {} : { arbitration: { maxPerGroup } })
    })
    return requestFor(spec.actions.map((a) => a.id)).map((request) => ({
      spec,
      shapes,
      models: modelsOf(spec, shapes),
      request
    }))
  })

/** compiles a spec, failing loudly (a generator bug) when it does not decode */
export const mustCompile = (spec: CatalogSpec): Catalog => {
  const c = compile(CatalogCodec.encode(spec))
  if (E.isLeft(c)) throw new Error(`test catalog does not decode: ${JSON.stringify(c.left.problems)}`)
  return c.right
}

// -------------------------------------------------------------------------------------
// arbitration
// -------------------------------------------------------------------------------------

export const contender: fc.Arbitrary<Contender> = fc.record({
  actionId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
  issue: fc.constantFrom(...ISSUES),
  group: fc.constantFrom(...GROUPS),
  channel: fc.constantFrom(...CHANNELS),
  evaluation: fc.constantFrom<EvaluationClass>("default", "default", "default", "mandatory", "transactional"),
  priority: fc.integer({ min: 0, max: 20 })
})

/** distinct (action, channel) pairs */
export const contenders: fc.Arbitrary<ReadonlyArray<Contender>> = fc.uniqueArray(contender, {
  maxLength: 12,
  selector: (c) => `${c.actionId}@${c.channel}`
})

export const slotsArb: fc.Arbitrary<ReadonlyArray<Slot>> = fc
  .subarray([...CHANNELS], { minLength: 1 })
  .chain((channels) =>
    fc.tuple(
      ...channels.map((c) => fc.integer({ min: 1, max: 3 }).map((size): Slot => ({ name: c, channel: c, size })))
    )
  )

// -------------------------------------------------------------------------------------
// history features
// -------------------------------------------------------------------------------------

/** a history-features setting, as the codec decodes it (no repeats, windows in (0, 400] days) */
export const historyFeaturesArb: fc.Arbitrary<HistoryFeatures> = fc
  .record({
    outcomes: fc.uniqueArray(fc.constantFrom("impression", "sent", "accepted", "rejected", "clicked"), {
      minLength: 1,
      maxLength: 3
    }),
    windowsDays: fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constantFrom(0.5, 1.5)), {
      minLength: 1,
      maxLength: 3
    }),
    scopes: fc.option(fc.uniqueArray(fc.constantFrom<HistoryScope>("subject", "group", "action"), { maxLength: 3 }), {
      nil: undefined
    })
  })
  .map(({ outcomes, windowsDays, scopes }) => historyFeatures(outcomes, windowsDays, scopes))

/** interactions of the test catalog's actions within 40 days before NOW (and a few after) */
export const historyArb = (actionIds: ReadonlyArray<string>): fc.Arbitrary<ReadonlyArray<Interaction>> =>
  fc.array(
    fc.record({
      at: fc.integer({ min: -40 * 24, max: 2 * 24 }).map((h) => NOW + h * 3_600_000),
      actionId: fc.constantFrom(...actionIds),
      issue: fc.constantFrom(...ISSUES),
      group: fc.constantFrom(...GROUPS),
      channel: fc.constantFrom(...CHANNELS),
      outcome: fc.constantFrom("impression", "sent", "accepted", "rejected")
    }),
    { maxLength: 12 }
  )
