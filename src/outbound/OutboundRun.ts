/**
 * An outbound run: tonight's email and SMS run over a population, under volume constraints.
 *
 * Every subject is decided with `nextBestAction` on an outbound request — by default
 * `{ decisionId: "<runId>/<subjectId>", context: { now, channels, direction: "outbound", limit:
 * <every action> }, options: { trace: "none", channelsPerAction: <every channel> } }`, so every
 * random draw derives from the run id and the subject id — and the actions its decision returns
 * are its candidates. Capacity is then allocated across the population in one of two modes:
 *
 * - `greedy`: the whole population in memory, every candidate sorted by priority and taken while
 *   capacities allow (see `Greedy`);
 * - `withPrices`: each subject decided on its own with dual prices estimated on a sample by
 *   `estimatePrices` (see `DualPrices`), so partitions can run independently, on several
 *   machines; optionally with a hard budget per partition (`Capacity.apportion`).
 *
 * Per subject the outcome holds the chosen actions, the wanted ones dropped by capacity (with the
 * capacity's id), and the decision record restricted to the chosen actions, for the feedback
 * reducer (`sentEvents` gives the "sent" events to record when the messages go out).
 *
 * Laws:
 * - Pure and deterministic: the same catalog, models, settings (run id) and population give the
 *   same outcome.
 * - Every chosen action is one its subject's decision returned (it passed every stage of
 *   `nextBestAction`: eligibility, suppression, contact limits, thresholds).
 * - `greedy` never exceeds a capacity and does not depend on the order of the population.
 * - `withPrices` decides each subject from its own decision and the prices only (and the budget,
 *   when given): the outcome of a population is the concatenation of its partitions' outcomes,
 *   and the summary their `Summary.Monoid` sum.
 *
 * @since 0.1.0
 */
import type { Catalog } from "../catalog/Catalog.js"
import type { Choice } from "../decide/Decision.js"
import { nextBestAction } from "../decide/NextBestAction.js"
import type { Attributes, Options, Request, Subject } from "../decide/Request.js"
import type { ChosenAction, DecisionRecord } from "../feedback/DecisionRecord.js"
import { sent, type Sent } from "../feedback/Event.js"
import type { Instant } from "../kernel/Time.js"
import type { Models } from "../learners/Models.js"
import type { Settings as AllocationSettings, Allotment, Dropped, Offers } from "./Allocation.js"
import type { Budget, Capacity } from "./Capacity.js"
import * as DualPrices from "./DualPrices.js"
import * as Greedy from "./Greedy.js"
import * as Streaming from "./Streaming.js"
import * as Summary from "./Summary.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The settings of a run.
 *
 * @category model
 * @since 0.1.0
 */
export interface RunSettings extends AllocationSettings {
  /** the run's id: decision ids, seeds and the sample derive from it */
  readonly runId: string
  /** the decision time of every subject */
  readonly now: Instant
  /** the outbound channels of the run */
  readonly channels: ReadonlyArray<string>
  /** the volume constraints */
  readonly capacities: ReadonlyArray<Capacity>
  /** context attributes of every request (what rules see as `context.*`) */
  readonly attributes?: Attributes
  /** request options, over the run's defaults (`trace: "none"`, `channelsPerAction`: every channel) */
  readonly options?: Options
  /** builds a subject's request yourself (default: `request(catalog, settings)`) */
  readonly requestFor?: (subject: Subject) => Request
}

/**
 * What one subject gets.
 *
 * @category model
 * @since 0.1.0
 */
export interface SubjectOutcome {
  readonly subjectId: string
  readonly decisionId: string
  /** the actions to send, in the decision's order; `rank` renumbered per channel */
  readonly chosen: ReadonlyArray<Choice>
  /** the actions it would have been sent without capacities, dropped by one */
  readonly dropped: ReadonlyArray<Dropped<Choice>>
  /** the decision record with the chosen actions only: what the feedback reducer tracks */
  readonly record: DecisionRecord
}

/**
 * The outcome of a run (or of a partition).
 *
 * @category model
 * @since 0.1.0
 */
export interface RunOutcome {
  readonly mode: "greedy" | "prices"
  /** in the population's order */
  readonly subjects: ReadonlyArray<SubjectOutcome>
  readonly summary: Summary.Summary
  /** what is left of the budget, when one was given */
  readonly remaining?: Budget
}

/**
 * A subject's decision as allocation input: its returned actions are its candidates.
 *
 * @category model
 * @since 0.1.0
 */
export interface Decided extends Offers<Choice> {
  readonly decisionId: string
  readonly record: DecisionRecord
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The default request of a subject in a run.
 *
 * @example
 * import { OutboundRun } from "nextbest"
 * import * as assert from "node:assert"
 * // only the catalog's number of actions is read (the most candidates per channel)
 * const request = OutboundRun.request(
 *   { actions: [] },
 *   { runId: "run-42", now: 0, channels: ["email", "sms"], capacities: [] }
 * )({ id: "c-1" })
 * assert.deepStrictEqual(request, {
 *   decisionId: "run-42/c-1",
 *   subject: { id: "c-1" },
 *   context: { now: 0, channels: ["email", "sms"], direction: "outbound", limit: 1 },
 *   options: { trace: "none", channelsPerAction: 2 }
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const request =
  (catalog: Pick<Catalog, "actions">, settings: RunSettings) =>
  (subject: Subject): Request => {
    const context = {
      now: settings.now,
      channels: settings.channels,
      direction: "outbound" as const,
      limit: Math.max(1, catalog.actions.length)
    }
    return {
      decisionId: `${settings.runId}/${subject.id}`,
      subject,
      context: settings.attributes === undefined ? context : { ...context, attributes: settings.attributes },
      options: { trace: "none", channelsPerAction: Math.max(1, settings.channels.length), ...settings.options }
    }
  }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Decides one subject: its decision's actions as candidates, with the record.
 *
 * @category operations
 * @since 0.1.0
 */
export const decide = <S>(
  catalog: Catalog,
  models: Models<S>,
  settings: RunSettings
): ((subject: Subject) => Decided) => {
  const build = settings.requestFor ?? request(catalog, settings)
  return (subject) => {
    const decision = nextBestAction(catalog, models, build(subject))
    return {
      subjectId: decision.subjectId,
      decisionId: decision.decisionId,
      candidates: decision.actions,
      record: decision.record
    }
  }
}

const outcomeOf = (decided: Decided, allotment: Allotment<Choice>): SubjectOutcome => {
  const ranks = new Map<string, number>()
  const chosen = allotment.chosen.map((c) => {
    const rank = (ranks.get(c.channel) ?? 0) + 1
    ranks.set(c.channel, rank)
    return rank === c.rank ? c : { ...c, rank }
  })
  const actions: Array<ChosenAction> = []
  for (const c of chosen) {
    const a = decided.record.actions.find((x) => x.actionId === c.actionId && x.channel === c.channel)
    if (a !== undefined) actions.push(a.rank === c.rank ? a : { ...a, rank: c.rank })
  }
  return {
    subjectId: decided.subjectId,
    decisionId: decided.decisionId,
    chosen,
    dropped: allotment.dropped,
    record: { ...decided.record, actions }
  }
}

const summarize = (
  capacities: ReadonlyArray<Capacity>,
  allotments: ReadonlyArray<Allotment<Choice>>
): Summary.Summary => {
  const one = Summary.ofAllotment(capacities)
  let total = Summary.empty
  for (const a of allotments) total = Summary.Monoid.concat(total, one(a))
  return total
}

/**
 * Decides the whole population, then allocates capacity greedily by priority across it.
 *
 * @example
 * import { Capacity, Catalog, Models, OutboundRun, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
 *   actions: [
 *     {
 *       id: "Gold",
 *       issue: "Sales",
 *       group: "Cards",
 *       value: { fact: "subject.income" },
 *       startingPropensity: 0.1,
 *       analytics: false,
 *       channels: [{ channel: "email", direction: "outbound" }]
 *     },
 *     {
 *       id: "Silver",
 *       issue: "Sales",
 *       group: "Cards",
 *       value: 100,
 *       startingPropensity: 0.1,
 *       analytics: false,
 *       channels: [{ channel: "email", direction: "outbound" }]
 *     }
 *   ]
 * })
 * assert.ok(catalog._tag === "Right")
 * const run = OutboundRun.greedy(catalog.right, Models.empty(ThompsonSampling.thompsonSampling()), {
 *   runId: "run-1",
 *   now: Date.UTC(2024, 4, 15),
 *   channels: ["email"],
 *   capacities: [Capacity.capacity("gold", 1, { actionId: "Gold" })],
 *   options: { controlGroup: false }
 * })([
 *   { id: "ana", attributes: { income: 5000 } },
 *   { id: "ben", attributes: { income: 9000 } }
 * ])
 * assert.deepStrictEqual(
 *   run.subjects.map((s) => s.chosen.map((c) => c.actionId)),
 *   [["Silver"], ["Gold"]]
 * )
 * assert.deepStrictEqual(
 *   run.subjects[0]?.dropped.map((d) => [d.candidate.actionId, d.capacity]),
 *   [["Gold", "gold"]]
 * )
 * assert.deepStrictEqual(run.summary.usage, { gold: 1 })
 *
 * @category operations
 * @since 0.1.0
 */
export const greedy =
  <S>(catalog: Catalog, models: Models<S>, settings: RunSettings) =>
  (population: ReadonlyArray<Subject>): RunOutcome => {
    const decided = population.map(decide(catalog, models, settings))
    const allocation = Greedy.allocate(settings.capacities, settings)(decided)
    return {
      mode: "greedy",
      subjects: allocation.allotments.map((a, i) => outcomeOf(decided[i] as Decided, a)),
      summary: summarize(settings.capacities, allocation.allotments)
    }
  }

/**
 * Estimates the dual prices of the run's capacities on a sample of its population
 * (`population` subjects in all; e.g. the subjects `DualPrices.inSample` picks).
 *
 * @category operations
 * @since 0.1.0
 */
export const estimatePrices =
  <S>(
    catalog: Catalog,
    models: Models<S>,
    settings: RunSettings,
    options: Pick<DualPrices.EstimateSettings, "rounds" | "tolerance"> = {}
  ) =>
  (sample: ReadonlyArray<Subject>, population: number): DualPrices.Prices =>
    DualPrices.estimate(settings.capacities, {
      ...options,
      ...(settings.perSubject === undefined ? {} : { perSubject: settings.perSubject }),
      population
    })(sample.map(decide(catalog, models, settings)))

/**
 * Decides subjects one by one with dual prices (a partition, or the whole stream), optionally
 * within a budget (e.g. this partition's share from `Capacity.apportion`).
 *
 * @category operations
 * @since 0.1.0
 */
export const withPrices =
  <S>(catalog: Catalog, models: Models<S>, settings: RunSettings, prices: DualPrices.Prices) =>
  (subjects: Iterable<Subject>, budget?: Budget): RunOutcome => {
    const decided: Array<Decided> = []
    const one = decide(catalog, models, settings)
    function* offers(): Generator<Decided> {
      for (const s of subjects) {
        const d = one(s)
        decided.push(d)
        yield d
      }
    }
    const allocation = DualPrices.allocate(settings.capacities, prices, settings)(offers(), budget)
    const outcome: RunOutcome = {
      mode: "prices",
      subjects: allocation.allotments.map((a, i) => outcomeOf(decided[i] as Decided, a)),
      summary: summarize(settings.capacities, allocation.allotments)
    }
    return allocation.remaining === undefined ? outcome : { ...outcome, remaining: allocation.remaining }
  }

/**
 * Decides a stream of subjects and allocates capacity as they go, under hard caps
 * (`Streaming.allocate`): prices from the decided `sample` (e.g. the subjects `DualPrices.inSample`
 * picks, decided with `decide`), refined over the stream, a bounded reserve filled at the end. A
 * generator: it yields each subject's outcome as soon as it is allotted and returns the
 * `Streaming.Report`. Nothing is kept of a subject once its outcome is yielded, except while it
 * waits in the reserve.
 *
 * @example
 * import { Capacity, Catalog, Models, OutboundRun, Streaming, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
 *   actions: [
 *     {
 *       id: "Gold",
 *       issue: "Sales",
 *       group: "Cards",
 *       value: { fact: "subject.income" },
 *       startingPropensity: 0.1,
 *       analytics: false,
 *       channels: [{ channel: "email", direction: "outbound" }]
 *     }
 *   ]
 * })
 * assert.ok(catalog._tag === "Right")
 * const models = Models.empty(ThompsonSampling.thompsonSampling())
 * const settings = {
 *   runId: "run-1",
 *   now: Date.UTC(2024, 4, 15),
 *   channels: ["email"],
 *   capacities: [Capacity.capacity("gold", 2, { actionId: "Gold" })],
 *   options: { controlGroup: false }
 * }
 * const customers = [1000, 9000, 5000, 7000].map((income, i) => ({ id: `c${i}`, attributes: { income } }))
 * const sample = customers.map(OutboundRun.decide(catalog.right, models, settings))
 * const { allotments, report } = Streaming.collect(
 *   OutboundRun.stream(catalog.right, models, settings, sample, { population: customers.length })(customers)
 * )
 * assert.deepStrictEqual(
 *   allotments.filter((s) => s.chosen.length > 0).map((s) => s.subjectId).sort(),
 *   ["c1", "c3"]
 * )
 * assert.strictEqual(report.usage["gold"], 2)
 *
 * @category operations
 * @since 0.1.0
 */
export const stream = <S>(
  catalog: Catalog,
  models: Models<S>,
  settings: RunSettings,
  sample: ReadonlyArray<Offers<Choice>>,
  options: Omit<Streaming.Settings, "perSubject">
) =>
  function* (subjects: Iterable<Subject>): Generator<SubjectOutcome, Streaming.Report, undefined> {
    const one = decide(catalog, models, settings)
    // the decided subjects not yet allotted: those in the stream's hands (the reserve, at most)
    const pending = new Map<string, Decided>()
    function* offers(): Generator<Decided> {
      for (const s of subjects) {
        const d = one(s)
        pending.set(d.subjectId, d)
        yield d
      }
    }
    const allotments = Streaming.allocate(settings.capacities, sample, {
      ...options,
      ...(settings.perSubject === undefined ? {} : { perSubject: settings.perSubject })
    })(offers())
    for (;;) {
      const r = allotments.next()
      if (r.done === true) return r.value
      const d = pending.get(r.value.subjectId)
      if (d === undefined) continue
      pending.delete(r.value.subjectId)
      yield outcomeOf(d, r.value)
    }
  }

/**
 * The "sent" events of a run's chosen actions, carrying their records, for the feedback reducer
 * (`Feedback.track` the records first, or let the events carry them): event ids are
 * `<decisionId>/<actionId>@<channel>/sent`.
 *
 * @category operations
 * @since 0.1.0
 */
export const sentEvents = (subjects: Iterable<SubjectOutcome>, at: Instant): ReadonlyArray<Sent<DecisionRecord>> => {
  const out: Array<Sent<DecisionRecord>> = []
  for (const s of subjects) {
    for (const c of s.record.actions) {
      out.push(
        sent({
          eventId: `${s.decisionId}/${c.actionId}@${c.channel}/sent`,
          at,
          actionId: c.actionId,
          channel: c.channel,
          decision: s.record
        })
      )
    }
  }
  return out
}
