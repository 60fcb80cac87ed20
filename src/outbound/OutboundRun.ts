/**
 * An outbound run: tonight's email and SMS run over a population, under volume constraints.
 *
 * Every subject is decided with `nextBestAction` on an outbound request — by default
 * `{ decisionId: "<runId>/<subjectId>", context: { now, channels, direction: "outbound", limit:
 * <every action> }, options: { trace: "none", channelsPerAction: <every channel>, selectionQuadrature: false }
 * }`, so every
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
import type { Settings as AllocationSettings, Allotment, Candidate, Dropped, Offers } from "./Allocation.js"
import type { Budget, Capacity } from "./Capacity.js"
import * as DualPrices from "./DualPrices.js"
import * as Greedy from "./Greedy.js"
import { pricer } from "./internal/pricer.js"
import { tally } from "./internal/tally.js"
import * as Streaming from "./Streaming.js"
import { meter } from "./internal/progress.js"
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
  /**
   * request options, over the run's defaults (`trace: "none"`, `channelsPerAction`: every channel,
   * `selectionQuadrature: false`: a record's selection probability is not the allocation's anyway)
   */
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
export interface SubjectOutcome extends Offers<Choice> {
  readonly subjectId: string
  readonly decisionId: string
  /** every action its decision returned (its candidates: what `DualPrices.upperBound` reads) */
  readonly candidates: ReadonlyArray<Choice>
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

/**
 * The decided sample of a run, kept slim: each sampled subject's candidates with their plain fields
 * only (action, issue, group, channel, priority, evaluation, properties), and how many subjects the sample was
 * drawn from.
 *
 * @category model
 * @since 0.1.0
 */
export interface Sample {
  readonly offers: ReadonlyArray<Offers<Candidate>>
  /** the subjects read, sampled or not */
  readonly population: number
}

/**
 * Options of `sample`: the share of subjects to sample (by `DualPrices.inSample` on the run id),
 * progress, and the population's size when known (for the time left).
 *
 * @category model
 * @since 0.1.0
 */
export interface SampleOptions extends Streaming.ProgressSettings {
  /** the share of subjects in the sample, in [0, 1] (at most 0.2 is plenty) */
  readonly rate: number
  /** the subjects expected in all, for the progress report (default: unknown) */
  readonly population?: number
}

/**
 * What a streamed run reports at its end: the streaming allocation's report and the run's summary.
 *
 * @category model
 * @since 0.1.0
 */
export interface StreamReport extends Streaming.Report {
  readonly summary: Summary.Summary
}

/**
 * What a run with prices reports at its end: usage, objective, what is left of the budget (when
 * one was given), and the run's summary.
 *
 * @category model
 * @since 0.1.0
 */
export interface PricedReport extends DualPrices.StreamReport {
  readonly summary: Summary.Summary
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
 *   options: { trace: "none", channelsPerAction: 2, selectionQuadrature: false }
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
      options: {
        trace: "none",
        channelsPerAction: Math.max(1, settings.channels.length),
        selectionQuadrature: false,
        ...settings.options
      }
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
    candidates: decided.candidates,
    chosen,
    dropped: allotment.dropped,
    record: { ...decided.record, actions }
  }
}

const summarize = (
  capacities: ReadonlyArray<Capacity>,
  allotments: ReadonlyArray<Allotment<Choice>>
): Summary.Summary => {
  const summing = tally(capacities)
  for (const a of allotments) summing.add(a)
  return summing.summary()
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
  <S>(catalog: Catalog, models: Models<S>, settings: RunSettings, progress: Streaming.ProgressSettings = {}) =>
  (population: ReadonlyArray<Subject>): RunOutcome => {
    const one = decide(catalog, models, settings)
    const m = meter(progress, "decide", population.length)
    const decided = population.map((s, i) => {
      const d = one(s)
      m.tick(i + 1, 0)
      return d
    })
    m.end(decided.length, 0)
    const allocation = Greedy.allocate(settings.capacities, settings)(decided)
    return {
      mode: "greedy",
      subjects: allocation.allotments.map((a, i) => outcomeOf(decided[i] as Decided, a)),
      summary: summarize(settings.capacities, allocation.allotments)
    }
  }

/** a candidate's plain fields (what allocation reads), without the rest of the decision's `Choice` */
const slim = (c: Candidate): Candidate => {
  const out: { -readonly [K in keyof Candidate]: Candidate[K] } = {
    actionId: c.actionId,
    issue: c.issue,
    group: c.group,
    channel: c.channel,
    priority: c.priority
  }
  if (c.evaluation === "mandatory") out.evaluation = c.evaluation
  // the catalog action's own object, not a copy: capacities are looked up once per object
  if (c.properties !== undefined) out.properties = c.properties
  return out
}

const slimOffers = (d: Decided): Offers<Candidate> => ({ subjectId: d.subjectId, candidates: d.candidates.map(slim) })

/** the state of `sample` and `sampleAsync`, fed one subject at a time */
const sampler = <S>(catalog: Catalog, models: Models<S>, settings: RunSettings, options: SampleOptions) => {
  const one = decide(catalog, models, settings)
  const picked = DualPrices.inSample(settings.runId, options.rate)
  const m = meter(options, "sample", options.population ?? 0)
  const offers: Array<Offers<Candidate>> = []
  let seen = 0
  return {
    push: (subject: Subject): void => {
      seen++
      if (picked(subject.id)) offers.push(slimOffers(one(subject)))
      m.tick(seen, 0)
    },
    end: (): Sample => {
      m.end(seen, 0)
      return { offers, population: seen }
    }
  }
}

/**
 * Reads a population once and decides its sample for the prices: the subjects
 * `DualPrices.inSample(runId, rate)` picks, each kept as slim candidates (not its decision), and
 * the number of subjects read. The sample for `stream` (and, with `DualPrices.estimate`, for
 * `streamWithPrices`).
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
 *       value: 10,
 *       startingPropensity: 0.1,
 *       analytics: false,
 *       channels: [{ channel: "email", direction: "outbound" }]
 *     }
 *   ]
 * })
 * assert.ok(catalog._tag === "Right")
 * const settings = { runId: "run-1", now: 0, channels: ["email"], capacities: [], options: { controlGroup: false } }
 * const customers = Array.from({ length: 1000 }, (_, i) => ({ id: `c${i}` }))
 * const sample = OutboundRun.sample(catalog.right, Models.empty(ThompsonSampling.thompsonSampling()), settings, {
 *   rate: 0.1
 * })(customers)
 * assert.strictEqual(sample.population, 1000)
 * assert.ok(sample.offers.length > 60 && sample.offers.length < 140)
 * assert.deepStrictEqual(Object.keys(sample.offers[0]?.candidates[0] ?? {}).sort(), [
 *   "actionId",
 *   "channel",
 *   "group",
 *   "issue",
 *   "priority"
 * ])
 *
 * @category operations
 * @since 0.1.0
 */
export const sample =
  <S>(catalog: Catalog, models: Models<S>, settings: RunSettings, options: SampleOptions) =>
  (subjects: Iterable<Subject>): Sample => {
    const state = sampler(catalog, models, settings, options)
    for (const s of subjects) state.push(s)
    return state.end()
  }

/**
 * `sample` over an async iterable (e.g. subjects read from a file) or an iterable.
 *
 * @category operations
 * @since 0.1.0
 */
export const sampleAsync =
  <S>(catalog: Catalog, models: Models<S>, settings: RunSettings, options: SampleOptions) =>
  async (subjects: AsyncIterable<Subject> | Iterable<Subject>): Promise<Sample> => {
    const state = sampler(catalog, models, settings, options)
    for await (const s of subjects) state.push(s)
    return state.end()
  }

/**
 * Estimates the dual prices of the run's capacities on a sample of its population
 * (`population` subjects in all; e.g. the subjects `DualPrices.inSample` picks). Each sampled
 * subject is decided and kept as slim candidates only; `options` may ask for progress reports.
 *
 * @category operations
 * @since 0.1.0
 */
export const estimatePrices =
  <S>(
    catalog: Catalog,
    models: Models<S>,
    settings: RunSettings,
    options: Pick<DualPrices.EstimateSettings, "rounds" | "tolerance"> & Streaming.ProgressSettings = {}
  ) =>
  (sample: Iterable<Subject>, population: number): DualPrices.Prices => {
    const one = decide(catalog, models, settings)
    const m = meter(options, "sample", Array.isArray(sample) ? sample.length : 0)
    const offers: Array<Offers<Candidate>> = []
    for (const s of sample) {
      offers.push(slimOffers(one(s)))
      m.tick(offers.length, 0)
    }
    m.end(offers.length, 0)
    return DualPrices.estimate(settings.capacities, {
      ...(options.rounds === undefined ? {} : { rounds: options.rounds }),
      ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
      ...(settings.perSubject === undefined ? {} : { perSubject: settings.perSubject }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      population
    })(offers)
  }

/** the state of a run with prices, fed one subject at a time */
const pricedRun = <S>(
  catalog: Catalog,
  models: Models<S>,
  settings: RunSettings,
  prices: DualPrices.Prices,
  budget: Budget | undefined,
  progress: Streaming.ProgressSettings & { readonly population?: number }
) => {
  const one = decide(catalog, models, settings)
  const core = pricer<Choice>(settings.capacities, prices.prices, settings, budget)
  const summing = tally(settings.capacities)
  const m = meter(progress, "stream", progress.population ?? 0)
  let done = 0
  return {
    push: (subject: Subject): SubjectOutcome => {
      const d = one(subject)
      const a = core.decide(d)
      summing.add(a)
      m.tick(++done, 0)
      return outcomeOf(d, a)
    },
    end: (): PricedReport => {
      m.end(done, 0)
      return { ...core.report(), summary: summing.summary() }
    }
  }
}

/**
 * Decides a stream of subjects one by one with dual prices (a partition, or the whole
 * population), optionally within a budget (e.g. this partition's share from `Capacity.apportion`):
 * a generator that yields each subject's outcome as soon as it is decided, keeps nothing of it, and
 * returns the usage, the objective, what is left of the budget and the summary.
 *
 * @category operations
 * @since 0.1.0
 */
export const streamWithPrices = <S>(
  catalog: Catalog,
  models: Models<S>,
  settings: RunSettings,
  prices: DualPrices.Prices,
  progress: Streaming.ProgressSettings & { readonly population?: number } = {}
) =>
  function* (subjects: Iterable<Subject>, budget?: Budget): Generator<SubjectOutcome, PricedReport, undefined> {
    const run = pricedRun(catalog, models, settings, prices, budget, progress)
    for (const s of subjects) yield run.push(s)
    return run.end()
  }

/**
 * `streamWithPrices` over an async iterable (e.g. subjects read from a file) or an iterable.
 *
 * @category operations
 * @since 0.1.0
 */
export const streamWithPricesAsync = <S>(
  catalog: Catalog,
  models: Models<S>,
  settings: RunSettings,
  prices: DualPrices.Prices,
  progress: Streaming.ProgressSettings & { readonly population?: number } = {}
) =>
  async function* (
    subjects: AsyncIterable<Subject> | Iterable<Subject>,
    budget?: Budget
  ): AsyncGenerator<SubjectOutcome, PricedReport, undefined> {
    const run = pricedRun(catalog, models, settings, prices, budget, progress)
    for await (const s of subjects) yield run.push(s)
    return run.end()
  }

/**
 * Decides subjects one by one with dual prices and gathers the outcome in memory (see
 * `streamWithPrices` for a population that does not fit): the outcomes in the population's order,
 * the summary and, with a budget, what is left of it.
 *
 * @category operations
 * @since 0.1.0
 */
export const withPrices =
  <S>(catalog: Catalog, models: Models<S>, settings: RunSettings, prices: DualPrices.Prices) =>
  (subjects: Iterable<Subject>, budget?: Budget): RunOutcome => {
    const outcomes: Array<SubjectOutcome> = []
    const run = streamWithPrices(catalog, models, settings, prices)(subjects, budget)
    for (let step = run.next(); ; step = run.next()) {
      if (step.done !== true) {
        outcomes.push(step.value)
        continue
      }
      const outcome: RunOutcome = { mode: "prices", subjects: outcomes, summary: step.value.summary }
      return step.value.remaining === undefined ? outcome : { ...outcome, remaining: step.value.remaining }
    }
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
 * const sample = OutboundRun.sample(catalog.right, models, settings, { rate: 1 })(customers)
 * const { allotments, report } = Streaming.collect(
 *   OutboundRun.stream(catalog.right, models, settings, sample.offers, { population: sample.population })(customers)
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
  sample: ReadonlyArray<Offers<Candidate>>,
  options: Omit<Streaming.Settings, "perSubject">
) =>
  function* (subjects: Iterable<Subject>): Generator<SubjectOutcome, StreamReport, undefined> {
    const run = streamed(catalog, models, settings)
    const allotments = Streaming.allocate(
      settings.capacities,
      sample,
      streamSettings(settings, options)
    )(run.offers(subjects))
    for (;;) {
      const r = allotments.next()
      if (r.done === true) return run.end(r.value)
      const o = run.outcome(r.value)
      if (o !== undefined) yield o
    }
  }

/**
 * `stream` over an async iterable (e.g. subjects read from a file) or an iterable: an async
 * generator of the subjects' outcomes, returning the report. It pulls the next subject only when
 * the previous outcomes have been taken.
 *
 * @category operations
 * @since 0.1.0
 */
export const streamAsync = <S>(
  catalog: Catalog,
  models: Models<S>,
  settings: RunSettings,
  sample: ReadonlyArray<Offers<Candidate>>,
  options: Omit<Streaming.Settings, "perSubject">
) =>
  async function* (
    subjects: AsyncIterable<Subject> | Iterable<Subject>
  ): AsyncGenerator<SubjectOutcome, StreamReport, undefined> {
    const run = streamed(catalog, models, settings)
    const allotments = Streaming.allocateAsync(
      settings.capacities,
      sample,
      streamSettings(settings, options)
    )(run.offersAsync(subjects))
    for (;;) {
      const r = await allotments.next()
      if (r.done === true) return run.end(r.value)
      const o = run.outcome(r.value)
      if (o !== undefined) yield o
    }
  }

const streamSettings = (settings: RunSettings, options: Omit<Streaming.Settings, "perSubject">): Streaming.Settings =>
  settings.perSubject === undefined ? options : { ...options, perSubject: settings.perSubject }

/** deciding the subjects of a stream, and matching the allotments back to their decisions */
const streamed = <S>(catalog: Catalog, models: Models<S>, settings: RunSettings) => {
  const one = decide(catalog, models, settings)
  // the decided subjects not yet allotted: those in the stream's hands (the reserve, at most)
  const pending = new Map<string, Decided>()
  const summing = tally(settings.capacities)
  return {
    *offers(subjects: Iterable<Subject>): Generator<Decided> {
      for (const s of subjects) {
        const d = one(s)
        pending.set(d.subjectId, d)
        yield d
      }
    },
    async *offersAsync(subjects: AsyncIterable<Subject> | Iterable<Subject>): AsyncGenerator<Decided> {
      for await (const s of subjects) {
        const d = one(s)
        pending.set(d.subjectId, d)
        yield d
      }
    },
    outcome(allotment: Allotment<Choice>): SubjectOutcome | undefined {
      const d = pending.get(allotment.subjectId)
      if (d === undefined) return undefined
      pending.delete(allotment.subjectId)
      summing.add(allotment)
      return outcomeOf(d, allotment)
    },
    end: (report: Streaming.Report): StreamReport => ({ ...report, summary: summing.summary() })
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
