/**
 * Partitions as jobs on a BullMQ queue: the coordinator plans the run, stores its context once,
 * adds one job per partition (job id `<run>.<partition>`: adding the same plan twice adds nothing)
 * with the prices and the partition's budget in the job's data, and waits until every partition's
 * checkpoint says done. Workers — on any machine that reaches the Redis — take jobs one at a time.
 *
 * A worker that dies mid-partition stops renewing its job's lock; after `lockDuration` another
 * worker's stalled-job check moves the job back to the queue, and whoever takes it resumes from the
 * partition's last committed chunk (see store.ts): nothing is sent twice, and the partition ends as
 * if it had never been interrupted.
 */
import { Queue, Worker, type ConnectionOptions } from "bullmq"
import type { Redis } from "ioredis"
import { compile, decodeContext, decodeJob, runPartition, type Compiled, type Plan, type Result } from "./plan.js"
import { subjects } from "./scenario.js"
import { commitChunk, connect, donePartitions, getContext, loadCheckpoint, putContext, readResult } from "./store.js"

export const QUEUE = "nextbest-outbound"

export const connection = (url: string): ConnectionOptions => {
  const u = new URL(url)
  return { host: u.hostname, port: Number(u.port === "" ? 6379 : u.port), maxRetriesPerRequest: null }
}

/** a line of the worker's log (JSON on stdout) */
export type LogLine = Readonly<Record<string, unknown>>

export interface WorkerOptions {
  readonly queue?: string
  /** how long a job's lock lasts without renewal: how soon a dead worker's job is retried (ms) */
  readonly lockDuration?: number
  /** how often the worker looks for stalled jobs (ms) */
  readonly stalledInterval?: number
  readonly log?: (line: LogLine) => void
}

/** a BullMQ worker deciding partitions, one at a time */
export const startWorker = (url: string, options: WorkerOptions = {}): { readonly close: () => Promise<void> } => {
  const redis = connect(url)
  const log = options.log ?? (() => undefined)
  const compiled = new Map<string, Compiled>()
  const contextOf = async (runId: string): Promise<Compiled> => {
    const known = compiled.get(runId)
    if (known !== undefined) return known
    const c = compile(decodeContext(await getContext(redis, runId)))
    compiled.clear() // one run at a time: keep the latest run's context only
    compiled.set(runId, c)
    return c
  }
  const worker = new Worker(
    options.queue ?? QUEUE,
    async (bull) => {
      const job = decodeJob(bull.data)
      const context = await contextOf(job.runId)
      const from = await loadCheckpoint(redis, job)
      const chunks = Math.ceil(job.count / job.chunk)
      log({ event: "start", partition: job.partition, next: from.next, chunks, attempt: bull.attemptsStarted })
      const end = await runPartition(context, job, subjects, from, async (chunk) => {
        const at = await commitChunk(redis, job, chunk)
        log({ event: "chunk", partition: job.partition, next: at.next, chunks })
        return at
      })
      log({ event: "done", partition: job.partition, sent: end.summary.sent })
      return end.summary.sent
    },
    {
      connection: connection(url),
      concurrency: 1,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 30_000,
      maxStalledCount: 5
    }
  )
  worker.on("failed", (job, error) => log({ event: "failed", job: job?.id, error: error.message }))
  worker.on("error", (error) => log({ event: "error", error: error.message }))
  return {
    close: async () => {
      await worker.close()
      redis.disconnect()
    }
  }
}

export interface CoordinateOptions {
  readonly queue?: string
  /** give up after this many ms */
  readonly timeout?: number
  /** polls the partitions' checkpoints every this many ms */
  readonly poll?: number
  readonly onProgress?: (done: number, partitions: number) => void
}

/** runs a plan on the queue's workers and reads the merged result */
export const coordinate = async (url: string, plan: Plan, options: CoordinateOptions = {}): Promise<Result> => {
  const redis: Redis = connect(url)
  const queue = new Queue(options.queue ?? QUEUE, { connection: connection(url) })
  try {
    const runId = plan.context.runId
    await putContext(redis, plan.context)
    await queue.addBulk(
      plan.jobs.map((job) => ({
        name: "partition",
        data: job,
        opts: {
          jobId: `${runId}.${job.partition}`,
          attempts: 5,
          backoff: { type: "fixed", delay: 200 },
          removeOnComplete: true,
          removeOnFail: false
        }
      }))
    )
    const deadline = Date.now() + (options.timeout ?? 3_600_000)
    const partitions = plan.jobs.length
    for (let last = -1; ;) {
      const done = await donePartitions(redis, runId, partitions)
      if (done !== last) options.onProgress?.(done, partitions)
      last = done
      if (done === partitions) break
      const failed = await queue.getFailed()
      const ours = failed.filter((j) => j.id?.startsWith(`${runId}.`) === true)
      if (ours.length > 0)
        throw new Error(`partition jobs failed: ${ours.map((j) => `${j.id}: ${j.failedReason}`).join("; ")}`)
      if (Date.now() > deadline) throw new Error(`run ${runId}: ${done} of ${partitions} partitions done in time`)
      await new Promise((resolve) => setTimeout(resolve, options.poll ?? 100))
    }
    return await readResult(redis, runId, partitions)
  } finally {
    await queue.close()
    redis.disconnect()
  }
}
