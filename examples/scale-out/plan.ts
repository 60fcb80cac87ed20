/**
 * The plan of a distributed outbound run, and the work of one partition — the same code on a
 * worker thread, in a BullMQ worker process, or in one loop.
 *
 * - The coordinator decides a sample (`DualPrices.inSample`), estimates the prices once, splits
 *   the population into a fixed number of partitions (contiguous index ranges, independent of how
 *   many workers will run them) and gives each its share of every cap with `Capacity.apportion`.
 * - A partition is decided chunk by chunk with `OutboundRun.withPrices(…)(chunk, remaining)`, the
 *   budget left by one chunk carried to the next: a subject's allotment depends only on its
 *   candidates, the prices and what is left of the budget, so chunking changes nothing, and a
 *   partition resumed from a checkpoint (`next` chunk, `remaining`, `summary`) ends exactly as an
 *   uninterrupted one.
 * - The partition's summary is the left fold of its subjects' `Summary.ofAllotment` (what
 *   `withPrices` itself computes), and the run's summary the `Summary.Monoid` fold of the
 *   partitions' in partition order: bit for bit the single-process run's.
 *
 * Everything that crosses a process boundary (the run's context, a job, a checkpoint) has an io-ts
 * codec here and is decoded with every problem reported.
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import {
  Capacity,
  type Catalog,
  DecodeError,
  DualPrices,
  Models,
  type NaiveBayes,
  OutboundRun,
  Summary,
  type Request
} from "nextbest"
import { compileCatalog, learner } from "./scenario.js"

// ---------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------

/** what every partition of a run shares, shipped once (a Redis key, or a worker thread's data) */
export interface Context {
  readonly runId: string
  readonly now: number
  readonly channels: ReadonlyArray<string>
  readonly perSubject: number
  readonly capacities: ReadonlyArray<Capacity>
  /** the catalog as JSON */
  readonly catalog: unknown
  /** `Models.encode` of the models */
  readonly models: unknown
}

/** one partition's work: what travels with the job */
export interface Job {
  readonly runId: string
  readonly partition: number
  /** the subjects `[first, first + count)` */
  readonly first: number
  readonly count: number
  /** subjects per chunk (a checkpoint after each) */
  readonly chunk: number
  /** this partition's share of every cap */
  readonly budget: Capacity.Budget
  /** `DualPrices.PricesCodec.encode` of the run's prices */
  readonly prices: unknown
}

/** how far a partition has come */
export interface Checkpoint {
  /** the next chunk to decide */
  readonly next: number
  /** what is left of the partition's budget */
  readonly remaining: Capacity.Budget
  /** the summary of the chunks decided so far */
  readonly summary: Summary.Summary
  readonly done: boolean
}

/** the actions sent to a subject, as `action@channel` joined by commas */
export type Send = readonly [subjectId: string, actions: string]

/** a decided chunk: what to send, and the checkpoint after it */
export interface Chunk {
  readonly index: number
  readonly sends: ReadonlyArray<Send>
  readonly checkpoint: Checkpoint
}

/** a run's plan: the context, the prices and one job per partition */
export interface Plan {
  readonly context: Context
  readonly prices: DualPrices.Prices
  readonly jobs: ReadonlyArray<Job>
  /** subjects in the sample the prices were estimated on */
  readonly sample: number
}

/** a run's result: every subject sent something, and the summary */
export interface Result {
  /** subject id → actions, sorted by subject id */
  readonly sends: ReadonlyArray<Send>
  readonly summary: Summary.Summary
}

/** the context compiled on a worker */
export interface Compiled {
  readonly catalog: Catalog
  readonly models: Models<NaiveBayes.State>
  readonly settings: OutboundRun.RunSettings
  readonly ofAllotment: ReturnType<typeof Summary.ofAllotment>
}

/** reads subjects by index range */
export type Source = (first: number, count: number) => ReadonlyArray<Request.Subject>

// ---------------------------------------------------------------------------------------
// codecs (everything from another process)
// ---------------------------------------------------------------------------------------

const fromDecoder = <A>(name: string, decode: (u: unknown) => E.Either<DecodeError, A>): t.Type<A, unknown, unknown> =>
  new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => E.isRight(decode(u)),
    (u, c) => {
      const r = decode(u)
      return E.isRight(r) ? t.success(r.right) : t.failure(u, c, DecodeError.render(r.left))
    },
    (a) => a
  )

const whole = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, "whole number")
const budgetCodec = t.record(t.string, t.number)
const summaryCodec = fromDecoder("summary", Summary.decodeSummary)

const ContextCodec = t.type({
  runId: t.string,
  now: t.number,
  channels: t.readonlyArray(t.string),
  perSubject: whole,
  capacities: fromDecoder("capacities", Capacity.decodeCapacities),
  catalog: t.unknown,
  models: t.unknown
})

const JobCodec = t.type({
  runId: t.string,
  partition: whole,
  first: whole,
  count: whole,
  chunk: t.refinement(whole, (n) => n > 0, "chunk > 0"),
  budget: budgetCodec,
  prices: t.unknown
})

const CheckpointCodec = t.type({ next: whole, remaining: budgetCodec, summary: summaryCodec, done: t.boolean })

const render = (errors: t.Errors): string =>
  errors
    .map((e) => {
      const path = e.context
        .slice(1)
        .map((c) => c.key)
        .join(".")
      return `  $${path === "" ? "" : "." + path}: ${e.message ?? `expected ${e.context[e.context.length - 1]?.type.name}`} (found ${JSON.stringify(e.value)?.slice(0, 80)})`
    })
    .join("\n")

const decodeOrThrow =
  <A>(what: string, codec: t.Type<A, unknown, unknown>) =>
  (u: unknown): A => {
    const r = codec.decode(u)
    if (E.isLeft(r)) throw new Error(`invalid ${what}:\n${render(r.left)}`)
    return r.right
  }

/** decodes a run's context (throws with every problem: a worker cannot go on without it) */
export const decodeContext: (u: unknown) => Context = decodeOrThrow("run context", ContextCodec)
/** decodes a job */
export const decodeJob: (u: unknown) => Job = decodeOrThrow("job", JobCodec)
/** decodes a checkpoint */
export const decodeCheckpoint: (u: unknown) => Checkpoint = decodeOrThrow("checkpoint", CheckpointCodec)
/** decodes a job's prices with the library's codec */
export const decodePrices = (u: unknown): DualPrices.Prices => {
  const r = DualPrices.decodePrices(u)
  if (E.isLeft(r)) throw new Error(`invalid prices:\n${DecodeError.render(r.left)}`)
  return r.right
}

/** a checkpoint as JSON (summary and budget are plain numbers: the round trip is exact) */
export const encodeCheckpoint = (c: Checkpoint): unknown => ({
  next: c.next,
  remaining: c.remaining,
  summary: Summary.codec.encode(c.summary),
  done: c.done
})

// ---------------------------------------------------------------------------------------
// the coordinator: a plan
// ---------------------------------------------------------------------------------------

/** splits `[0, population)` into `partitions` contiguous ranges of sizes differing by at most one */
export const ranges = (population: number, partitions: number): ReadonlyArray<readonly [number, number]> =>
  Array.from({ length: partitions }, (_, k) => {
    const first = Math.floor((k * population) / partitions)
    return [first, Math.floor(((k + 1) * population) / partitions) - first] as const
  })

/**
 * Plans a run: estimates the prices once on the sample `DualPrices.inSample(runId, sampleRate)`
 * picks (by subject id), and cuts `partitions` jobs with their budgets from `Capacity.apportion`.
 */
export const plan = (
  context: Context,
  options: {
    readonly population: number
    readonly partitions: number
    readonly chunk: number
    readonly sampleRate: number
    readonly subjectId: (i: number) => string
    readonly source: Source
  }
): Plan => {
  const compiled = compile(context)
  const inSample = DualPrices.inSample(context.runId, options.sampleRate)
  const sample: Array<Request.Subject> = []
  for (let i = 0; i < options.population; i++) if (inSample(options.subjectId(i))) sample.push(...options.source(i, 1))
  const prices = OutboundRun.estimatePrices(
    compiled.catalog,
    compiled.models,
    compiled.settings
  )(sample, options.population)
  const cuts = ranges(options.population, options.partitions)
  const budgets = Capacity.apportion(
    context.capacities,
    cuts.map(([, count]) => count)
  )
  const shipped = DualPrices.PricesCodec.encode(prices)
  return {
    context,
    prices,
    sample: sample.length,
    jobs: cuts.map(([first, count], partition) => ({
      runId: context.runId,
      partition,
      first,
      count,
      chunk: options.chunk,
      budget: budgets[partition] ?? {},
      prices: shipped
    }))
  }
}

// ---------------------------------------------------------------------------------------
// a worker: chunks of a partition
// ---------------------------------------------------------------------------------------

/** compiles a decoded context: the catalog, the models (decoded with the learner) and the settings */
export const compile = (context: Context): Compiled => {
  const models = Models.decode(learner, context.models)
  if (E.isLeft(models)) throw new Error(`invalid models:\n${DecodeError.render(models.left)}`)
  return {
    catalog: compileCatalog(context.catalog),
    models: models.right,
    settings: {
      runId: context.runId,
      now: context.now,
      channels: context.channels,
      perSubject: context.perSubject,
      capacities: context.capacities
    },
    ofAllotment: Summary.ofAllotment(context.capacities)
  }
}

/** a partition before its first chunk */
export const start = (job: Job): Checkpoint => ({
  next: 0,
  remaining: job.budget,
  summary: Summary.empty,
  done: job.count === 0
})

const actionsOf = (chosen: ReadonlyArray<{ readonly actionId: string; readonly channel: string }>): string =>
  chosen.map((c) => `${c.actionId}@${c.channel}`).join(",")

/** decides the chunk `from.next` of a partition, from where `from` left it */
export const decideChunk = (
  compiled: Compiled,
  job: Job,
  prices: DualPrices.Prices,
  source: Source,
  from: Checkpoint
): Chunk => {
  const offset = from.next * job.chunk
  const count = Math.max(0, Math.min(job.chunk, job.count - offset))
  const outcome = OutboundRun.withPrices(
    compiled.catalog,
    compiled.models,
    compiled.settings,
    prices
  )(source(job.first + offset, count), from.remaining)
  let summary = from.summary
  const sends: Array<Send> = []
  for (const s of outcome.subjects) {
    summary = Summary.Monoid.concat(summary, compiled.ofAllotment(s))
    if (s.chosen.length > 0) sends.push([s.subjectId, actionsOf(s.chosen)])
  }
  const next = from.next + 1
  return {
    index: from.next,
    sends,
    checkpoint: { next, remaining: outcome.remaining ?? from.remaining, summary, done: next * job.chunk >= job.count }
  }
}

/**
 * Decides a whole partition chunk by chunk from `from`, handing each chunk to `commit`, which
 * answers the checkpoint to go on from (the chunk's own, or a later one when another attempt of
 * the same partition got there first). Yields to the event loop between chunks.
 */
export const runPartition = async (
  compiled: Compiled,
  job: Job,
  source: Source,
  from: Checkpoint,
  commit: (chunk: Chunk) => Promise<Checkpoint>
): Promise<Checkpoint> => {
  const prices = decodePrices(job.prices)
  let at = from
  while (!at.done) {
    at = await commit(decideChunk(compiled, job, prices, source, at))
    await new Promise((resolve) => setImmediate(resolve))
  }
  return at
}

// ---------------------------------------------------------------------------------------
// results
// ---------------------------------------------------------------------------------------

/** the run's summary: the partitions' summaries added in partition order */
export const mergeSummaries = (byPartition: ReadonlyArray<Summary.Summary>): Summary.Summary =>
  byPartition.reduce(Summary.Monoid.concat, Summary.empty)

/** sorts sends by subject id */
export const sortSends = (sends: Iterable<Send>): ReadonlyArray<Send> =>
  [...sends].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

/**
 * The single-process run, written independently of the chunks: each partition in one
 * `OutboundRun.withPrices(…)(subjects, budget)` call, in order, summaries added with the monoid.
 */
export const singleProcess = (p: Plan, source: Source): Result => {
  const compiled = compile(p.context)
  const sends: Array<Send> = []
  const summaries: Array<Summary.Summary> = []
  for (const job of p.jobs) {
    const outcome = OutboundRun.withPrices(
      compiled.catalog,
      compiled.models,
      compiled.settings,
      decodePrices(job.prices)
    )(source(job.first, job.count), job.budget)
    for (const s of outcome.subjects) if (s.chosen.length > 0) sends.push([s.subjectId, actionsOf(s.chosen)])
    summaries.push(outcome.summary)
  }
  return { sends: sortSends(sends), summary: mergeSummaries(summaries) }
}
