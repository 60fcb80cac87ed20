/**
 * A run's state in Redis, and a throwaway redis-server for the npm scripts and the tests.
 *
 * Keys (one hash tag per run, so a Redis Cluster keeps a run on one node):
 * - `scale-out:{run}:context`: the run's context (catalog, models, capacities), JSON;
 * - `scale-out:{run}:next`: partition → the next chunk to decide;
 * - `scale-out:{run}:state`: partition → its checkpoint (next, remaining budget, summary, done);
 * - `scale-out:{run}:sent`: subject id → the actions sent to it: the idempotency record;
 * - `scale-out:{run}:outbox`: a stream of sends, one entry per subject, for the sender;
 * - `scale-out:{run}:stats`: `stale` (chunk commits refused because another attempt of the
 *   partition had committed that chunk) and `duplicates` (sends refused because the subject was
 *   already sent to).
 *
 * A chunk is committed by one Lua script, atomically: it checks that the chunk is the partition's
 * next (compare and set on `next`), writes every send with HSETNX and appends to the outbox only
 * what HSETNX wrote, and stores the checkpoint. A worker killed before the script runs has written
 * nothing of the chunk; killed after, its retry resumes after the chunk. Two attempts of one
 * partition at once (a worker that lost its lock but still runs) commit each chunk once.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Redis } from "ioredis"
import { Summary } from "nextbest"
import {
  decodeCheckpoint,
  encodeCheckpoint,
  mergeSummaries,
  sortSends,
  start,
  type Checkpoint,
  type Chunk,
  type Context,
  type Job,
  type Result,
  type Send
} from "./plan.js"

export const keys = (runId: string) => {
  const prefix = `scale-out:{${runId}}`
  return {
    context: `${prefix}:context`,
    next: `${prefix}:next`,
    state: `${prefix}:state`,
    sent: `${prefix}:sent`,
    outbox: `${prefix}:outbox`,
    stats: `${prefix}:stats`
  }
}

const COMMIT = `
local at = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if at ~= tonumber(ARGV[2]) then
  redis.call('HINCRBY', KEYS[5], 'stale', 1)
  return 0
end
for i = 4, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('XADD', KEYS[4], '*', 'subject', ARGV[i], 'actions', ARGV[i + 1])
  else
    redis.call('HINCRBY', KEYS[5], 'duplicates', 1)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`

/** a Redis client with the commit script */
export type Client = Redis & {
  commitChunk: (...args: ReadonlyArray<string | number>) => Promise<number>
}

export const connect = (url: string): Client => {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false })
  redis.defineCommand("commitChunk", { numberOfKeys: 5, lua: COMMIT })
  return redis as Client
}

/** stores a run's context (every worker reads it once per run) */
export const putContext = async (redis: Redis, context: Context): Promise<void> => {
  await redis.set(keys(context.runId).context, JSON.stringify(context))
}

export const getContext = async (redis: Redis, runId: string): Promise<unknown> => {
  const text = await redis.get(keys(runId).context)
  if (text === null) throw new Error(`no context for run ${runId}`)
  return JSON.parse(text) as unknown
}

/** where a partition stands: its checkpoint, or its start */
export const loadCheckpoint = async (redis: Redis, job: Job): Promise<Checkpoint> => {
  const text = await redis.hget(keys(job.runId).state, String(job.partition))
  return text === null ? start(job) : decodeCheckpoint(JSON.parse(text))
}

/** commits a chunk; answers the checkpoint to go on from */
export const commitChunk = async (redis: Client, job: Job, chunk: Chunk): Promise<Checkpoint> => {
  const k = keys(job.runId)
  const args: Array<string | number> = [k.next, k.state, k.sent, k.outbox, k.stats]
  args.push(job.partition, chunk.index, JSON.stringify(encodeCheckpoint(chunk.checkpoint)))
  for (const [subject, actions] of chunk.sends) args.push(subject, actions)
  const written = await redis.commitChunk(...args)
  return written === 1 ? chunk.checkpoint : loadCheckpoint(redis, job)
}

/** which of `partitions` are done */
export const donePartitions = async (redis: Redis, runId: string, partitions: number): Promise<number> => {
  const states = await redis.hgetall(keys(runId).state)
  let done = 0
  for (let p = 0; p < partitions; p++) {
    const text = states[String(p)]
    if (text !== undefined && (JSON.parse(text) as { done?: boolean }).done === true) done++
  }
  return done
}

/** a finished run's result: the sent hash, and the partitions' summaries added in order */
export const readResult = async (redis: Redis, runId: string, partitions: number): Promise<Result> => {
  const k = keys(runId)
  const [states, sent] = await Promise.all([redis.hgetall(k.state), redis.hgetall(k.sent)])
  const summaries: Array<Summary.Summary> = []
  for (let p = 0; p < partitions; p++) {
    const text = states[String(p)]
    if (text === undefined) throw new Error(`partition ${p} has no checkpoint`)
    const checkpoint = decodeCheckpoint(JSON.parse(text))
    if (!checkpoint.done) throw new Error(`partition ${p} is not done`)
    summaries.push(checkpoint.summary)
  }
  return { sends: sortSends(Object.entries(sent) as Array<Send>), summary: mergeSummaries(summaries) }
}

/** what the outbox holds and what the commits refused */
export const audit = async (
  redis: Redis,
  runId: string
): Promise<{ readonly outbox: ReadonlyArray<string>; readonly stale: number; readonly duplicates: number }> => {
  const k = keys(runId)
  const outbox: Array<string> = []
  let from = "-"
  for (;;) {
    const entries = await redis.xrange(k.outbox, from, "+", "COUNT", 10_000)
    for (const [, fields] of entries) outbox.push(fields[1] ?? "")
    if (entries.length < 10_000) break
    from = `(${entries[entries.length - 1]?.[0]}`
  }
  const stats = await redis.hgetall(k.stats)
  return { outbox, stale: Number(stats["stale"] ?? 0), duplicates: Number(stats["duplicates"] ?? 0) }
}

// ---------------------------------------------------------------------------------------
// a throwaway redis-server
// ---------------------------------------------------------------------------------------

export const REDIS_SERVER = process.env["NEXTBEST_REDIS_SERVER"] ?? "redis-server"

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

export interface RedisServer {
  readonly url: string
  readonly pid: number
  readonly stop: () => Promise<void>
}

/** starts redis-server on a free loopback port in a temp dir, without persistence */
export const startRedis = async (): Promise<RedisServer> => {
  const dir = mkdtempSync(join(tmpdir(), "nextbest-redis-"))
  const port = await freePort()
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  await new Promise<void>((resolve, reject) => {
    let out = ""
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes("Ready to accept connections")) resolve()
    }
    child.stdout?.on("data", onData)
    child.on("error", reject)
    void exited.then(() => reject(new Error(`redis-server exited before it was ready: ${out}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill("SIGKILL")
      await exited
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** whether a redis-server binary can be run */
export const redisAvailable = async (): Promise<boolean> =>
  new Promise((resolve) => {
    const child = spawn(REDIS_SERVER, ["--version"], { stdio: "ignore" })
    child.on("error", () => resolve(false))
    child.on("exit", (code) => resolve(code === 0))
  })
