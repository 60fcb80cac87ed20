/**
 * One machine, every core: the plan's partitions decided on `worker_threads`. Each thread gets the
 * run's context once (catalog and models as JSON, decoded and compiled in the thread), then asks
 * for partitions one at a time: a job carries the prices (as `DualPrices.PricesCodec` JSON) and the
 * partition's budget; the thread answers the partition's sends and its summary (as
 * `Summary.codec` JSON). The main thread adds the summaries in partition order.
 *
 * The thread's entry is the module that started the run (`entry`): it must call `threadMain()`
 * when it is not the main thread (main.ts does).
 */
import { pathToFileURL } from "node:url"
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"
import { Summary } from "nextbest"
import {
  compile,
  decodeContext,
  decodeJob,
  mergeSummaries,
  runPartition,
  sortSends,
  start,
  type Context,
  type Plan,
  type Result,
  type Send
} from "./plan.js"
import { subjects } from "./scenario.js"

const ROLE = "nextbest-scale-out-thread"

interface Answer {
  readonly partition: number
  readonly sends: ReadonlyArray<Send>
  readonly summary: unknown
}

/** whether this thread is one of `runThreads`' workers */
export const isPartitionThread = (): boolean => !isMainThread && (workerData as { role?: string } | null)?.role === ROLE

/** the body of a partition thread: decide each partition it is sent, answer its result */
export const threadMain = (): void => {
  const port = parentPort
  if (port === null) throw new Error("threadMain: not in a worker thread")
  const compiled = compile(decodeContext((workerData as { context: unknown }).context))
  port.postMessage("ready")
  port.on("message", (message: unknown) => {
    const job = decodeJob(message)
    const sends: Array<Send> = []
    void runPartition(compiled, job, subjects, start(job), async (chunk) => {
      sends.push(...chunk.sends)
      return chunk.checkpoint
    }).then((end) => {
      const answer: Answer = { partition: job.partition, sends, summary: Summary.codec.encode(end.summary) }
      port.postMessage(answer)
    })
  })
}

/**
 * a worker thread running `entry`; a TypeScript entry (run by tsx) is loaded through tsx's loader,
 * which Node 20 does not pass on to worker threads by itself
 */
const thread = (entry: string, data: unknown): Worker =>
  entry.endsWith(".ts")
    ? new Worker(
        `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry).href)}) })`,
        { eval: true, workerData: data }
      )
    : new Worker(entry, { workerData: data })

/** worker threads holding a run's compiled context, ready for its partitions */
export interface Pool {
  readonly run: (plan: Plan) => Promise<Result>
  readonly close: () => Promise<void>
}

/**
 * starts `threads` worker threads from `entry` (a file path) for the run of `context`; resolves
 * once each has compiled the context
 */
export const startThreads = async (entry: string, context: Context, threads: number): Promise<Pool> => {
  const workers = Array.from({ length: Math.max(1, threads) }, () => thread(entry, { role: ROLE, context }))
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once("message", () => resolve())
          w.once("error", reject)
        })
    )
  )
  const run = async (plan: Plan): Promise<Result> => {
    if (plan.context !== context) throw new Error("startThreads: the plan is not this pool's run")
    const queue = [...plan.jobs]
    const summaries = new Array<Summary.Summary>(plan.jobs.length)
    const sends: Array<Send> = []
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const job = queue.shift()
              if (job !== undefined) return worker.postMessage(job)
              worker.off("message", onAnswer)
              worker.off("error", reject)
              resolve()
            }
            const onAnswer = (answer: Answer): void => {
              const summary = Summary.decodeSummary(answer.summary)
              if (summary._tag === "Left") return reject(new Error(`partition ${answer.partition}: bad summary`))
              summaries[answer.partition] = summary.right
              sends.push(...answer.sends)
              next()
            }
            worker.on("message", onAnswer)
            worker.on("error", reject)
            next()
          })
      )
    )
    return { sends: sortSends(sends), summary: mergeSummaries(summaries) }
  }
  return { run, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) }
}

/** runs a plan on `threads` worker threads started from `entry` (a file path), then stops them */
export const runThreads = async (plan: Plan, threads: number, entry: string): Promise<Result> => {
  const pool = await startThreads(entry, plan.context, Math.min(threads, plan.jobs.length))
  try {
    return await pool.run(plan)
  } finally {
    await pool.close()
  }
}

/** the baseline: the plan's partitions one after another in this thread, with the same code */
export const runInline = async (plan: Plan): Promise<Result> => {
  const compiled = compile(plan.context)
  const sends: Array<Send> = []
  const summaries: Array<Summary.Summary> = []
  for (const job of plan.jobs) {
    const end = await runPartition(compiled, job, subjects, start(job), async (chunk) => {
      sends.push(...chunk.sends)
      return chunk.checkpoint
    })
    summaries.push(end.summary)
  }
  return { sends: sortSends(sends), summary: mergeSummaries(summaries) }
}
