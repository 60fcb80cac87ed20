/**
 * The run: read the inputs, read the customers once (count them, check every row, keep the
 * sample), decide the sample, then stream the customers through `OutboundRun.stream` and write each
 * customer's assignments and "sent" events as soon as the allocation lets them go.
 *
 * The library's stream is a synchronous generator over a synchronous iterable; the file is read
 * asynchronously. The bridge: before each step of the generator the tool reads ahead until it has
 * `reserve × capacities + 256` customers queued. One step of `Streaming.allocate` takes at most
 * `reserve × capacities + 1` customers (each customer it takes is either let go at once or held in
 * the reserve, which holds at most `reserve` per capacity), so the queue never runs dry before the
 * file ends — if it did, the run stops with an internal error rather than end the stream early.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as E from "fp-ts/lib/Either.js"
import { DualPrices, Event, OutboundRun, type Request, type Streaming } from "nextbest"
import { EXIT, type Options } from "./args.js"
import { type Item, type Reject, readCustomers } from "./customers.js"
import { load, renderInputError } from "./inputs.js"
import { csvLine, lineWriter } from "./output.js"
import * as Progress from "./progress.js"
import { add, emptyTally, json, render } from "./report.js"

export interface Io {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number }
}

export const ASSIGNMENT_COLUMNS = [
  "subject_id",
  "action_id",
  "channel",
  "issue",
  "group",
  "rank",
  "priority",
  "propensity",
  "model_propensity",
  "value",
  "decision_id"
] as const

class FileChanged extends Error {}

const rejectText = (r: Reject): string =>
  `line ${r.line}${r.endLine > r.line ? `-${r.endLine}` : ""}: ${r.reasons.join("; ")}`

/** Runs the tool; resolves with the exit code. */
export const run = async (options: Options, io: Io): Promise<number> => {
  const started = performance.now()
  const inputs = load(options)
  if (E.isLeft(inputs)) {
    for (const e of inputs.left) io.stderr.write(`${renderInputError(e)}\n`)
    return EXIT.input
  }
  const { catalog, run: runFile, settings, models } = inputs.right
  let size: number
  try {
    size = statSync(options.customers).size
  } catch (e) {
    const code = (e as { code?: string }).code
    io.stderr.write(`${options.customers}: ${code === "ENOENT" ? "no such file" : String(e)}\n`)
    return EXIT.input
  }
  const progress: Progress.Progress =
    options.progress === "bar"
      ? Progress.bar(io.stderr as NodeJS.WriteStream)
      : options.progress === "lines"
        ? Progress.lines(io.stderr)
        : Progress.none
  const readSettings = { catalog, now: runFile.now, channels: runFile.channels, idColumn: options.idColumn }
  mkdirSync(options.out, { recursive: true })
  const rejects = lineWriter(join(options.out, "rejects.csv"))
  await rejects.write(csvLine(["line", "end_line", "reason"]))

  // 1. read every row once: count, check, report the bad ones, keep the sample's customers
  const rejected = new Set<number>()
  let population = 0
  let sample: Array<Request.Subject> = []
  const inSample = DualPrices.inSample(settings.runId, options.sampleRate)
  const headerProblems = (item: Item): boolean => {
    if (item._tag !== "Header" || item.problems.length === 0) return false
    for (const p of item.problems) io.stderr.write(`${options.customers}: ${p}\n`)
    return true
  }
  progress.phase("reading")
  const mb = (bytes: number): Progress.Tick => ({ done: bytes / 1e6, total: size / 1e6, unit: "MB" })
  for await (const item of readCustomers(options.customers, readSettings)) {
    if (headerProblems(item)) {
      await rejects.close()
      return EXIT.input
    }
    if (item._tag === "Read") progress.tick(mb(item.bytes))
    else if (item._tag === "Reject") {
      rejected.add(item.line)
      await rejects.write(csvLine([item.line, item.endLine, item.reasons.join("; ")]))
      if (rejected.size <= options.maxErrors) {
        if (options.progress === "bar") io.stderr.write("\r\x1b[2K")
        io.stderr.write(`${options.customers}: ${rejectText(item)}\n`)
      }
    } else if (item._tag === "Row") {
      population++
      if (inSample(item.subject.id)) sample.push(item.subject)
    }
  }
  progress.end(mb(size))
  await rejects.close()
  if (rejected.size > options.maxErrors)
    io.stderr.write(
      `${options.customers}: ${rejected.size - options.maxErrors} more bad rows in ${join(options.out, "rejects.csv")}\n`
    )
  if (rejected.size > 0)
    io.stderr.write(
      options.strict
        ? `${rejected.size} bad rows; --strict: nothing decided (see ${join(options.out, "rejects.csv")})\n`
        : `${rejected.size} bad rows skipped (listed in ${join(options.out, "rejects.csv")})\n`
    )
  if (options.strict && rejected.size > 0) return EXIT.rejected

  // 2. the sample: at most --sample-max customers (a lower rate picks a subset of the same hash)
  if (sample.length > options.sampleMax) {
    const rate = (options.sampleRate * options.sampleMax) / sample.length
    sample = sample.filter((s) => DualPrices.inSample(settings.runId, rate)(s.id))
  }
  const decide = OutboundRun.decide(catalog, models, settings)
  progress.phase("deciding the sample")
  // the prices need the sample's candidates only: its decision records (the features, ~10 KB a
  // customer) are let go at once
  const decided = sample.map((s, i) => {
    if (i % 256 === 0) progress.tick({ done: i, total: sample.length, unit: "customers" })
    const d = decide(s)
    return { subjectId: d.subjectId, candidates: d.candidates }
  })
  progress.end({ done: decided.length, total: decided.length, unit: "customers" })
  sample = []

  // 3. the stream
  const assignments = lineWriter(join(options.out, "assignments.csv"))
  const events = lineWriter(join(options.out, "sent-events.jsonl"))
  await assignments.write(csvLine(ASSIGNMENT_COLUMNS))
  const sentAt = runFile.sentAt ?? runFile.now
  const lookahead = options.reserve * settings.capacities.length + 256
  const queue: Array<Request.Subject | undefined> = []
  let head = 0
  let ended = false
  let rows = 0
  function* source(): Generator<Request.Subject> {
    for (;;) {
      if (head < queue.length) {
        const s = queue[head] as Request.Subject
        queue[head++] = undefined
        yield s
      } else if (ended) return
      else throw new Error(`internal: the allocation read more than ${lookahead} customers ahead of its output`)
    }
  }
  const items = readCustomers(options.customers, readSettings)[Symbol.asyncIterator]()
  const fill = async (): Promise<void> => {
    if (head > 4096) {
      queue.splice(0, head)
      head = 0
    }
    while (!ended && queue.length - head < lookahead) {
      const r = await items.next()
      if (r.done === true) {
        ended = true
        if (rows !== population)
          throw new FileChanged(`${rows} customers on the second read, ${population} on the first`)
      } else if (r.value._tag === "Row") {
        if (rejected.has(r.value.line)) throw new FileChanged(`line ${r.value.line} was rejected on the first read`)
        rows++
        queue.push(r.value.subject)
      } else if (r.value._tag === "Reject" && !rejected.has(r.value.line))
        throw new FileChanged(`line ${r.value.line} is bad on the second read: ${r.value.reasons.join("; ")}`)
    }
  }
  const tally = emptyTally()
  const addOutcome = add(settings.capacities)
  // the stream first estimates its prices (reported round by round), then allocates
  let phase: Streaming.Progress["phase"] | undefined
  let rounds = 0
  const stream = OutboundRun.stream(catalog, models, settings, decided, {
    population,
    reserve: options.reserve,
    progressEvery: 500,
    clock: () => performance.now(),
    onProgress: (p) => {
      if (p.phase !== phase) {
        // the estimate's last round is its end (it may stop before its most rounds)
        if (phase === "prices") progress.end({ done: rounds, total: rounds, unit: "rounds" })
        phase = p.phase
        progress.phase(p.phase === "prices" ? "estimating the prices" : "allocating")
      }
      if (p.phase === "prices") {
        rounds = p.done
        progress.tick({ done: p.done, total: p.total, unit: "rounds" })
      } else progress.tick({ done: p.done, total: p.total, unit: "customers" })
    }
  })(source())
  let report: Streaming.Report
  try {
    for (;;) {
      await fill()
      const step = stream.next()
      if (step.done === true) {
        report = step.value
        break
      }
      const outcome = step.value
      addOutcome(tally, outcome)
      for (const c of outcome.chosen)
        await assignments.write(
          csvLine([
            outcome.subjectId,
            c.actionId,
            c.channel,
            c.issue,
            c.group,
            c.rank,
            c.priority,
            c.propensity,
            c.modelPropensity,
            c.value,
            outcome.decisionId
          ])
        )
      for (const e of OutboundRun.sentEvents([outcome], sentAt))
        await events.write(JSON.stringify(Event.codec.encode(e)))
    }
  } catch (e) {
    if (e instanceof FileChanged) {
      io.stderr.write(`\n${options.customers} changed while the tool read it: ${e.message}\n`)
      return EXIT.input
    }
    throw e
  }
  progress.end({ done: report.subjects, total: population, unit: "customers" })
  await assignments.close()
  await events.close()
  const extra = {
    rejected: rejected.size,
    seconds: (performance.now() - started) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024
  }
  writeFileSync(
    join(options.out, "summary.json"),
    `${JSON.stringify(json(settings.capacities, tally, report, extra), null, 2)}\n`
  )
  if (!options.quiet) {
    io.stdout.write(`${render(settings.capacities, tally, report, extra)}\n`)
    io.stdout.write(
      `\nwrote ${join(options.out, "assignments.csv")} (${assignments.lines() - 1} rows), ${join(options.out, "sent-events.jsonl")} (${events.lines()} events), ${join(options.out, "rejects.csv")} (${rejected.size} rows), ${join(options.out, "summary.json")}\n`
    )
  }
  return EXIT.ok
}
