/**
 * The scale-out example (examples/scale-out) with real processes: its own redis-server on a
 * loopback port, BullMQ worker processes started from a bundle of main.ts, and the run compared
 * with the single-process run of the same plan (each partition in one `OutboundRun.withPrices`
 * call, summaries added in partition order):
 * - 3 worker processes: the same sends and the same summary, exactly; no cap exceeded; the outbox
 *   holds each send once;
 * - a worker killed with SIGKILL in the middle of a partition: the partition is taken again by
 *   another worker and resumed from its last committed chunk; nothing is sent twice and the result
 *   is still the single-process run's;
 * - two attempts of one partition at once (a worker that lost its lock and still runs): each chunk
 *   is committed once;
 * - worker threads: the same result.
 * Skipped, with a message, when redis-server is not installed (.ci/run installs it).
 */
import { mkdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildSync } from "esbuild"
import { Summary } from "nextbest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { planRun, spawnWorker, type Spawned } from "../../examples/scale-out/main.js"
import { compile, runPartition, singleProcess, type Plan, type Result } from "../../examples/scale-out/plan.js"
import { coordinate } from "../../examples/scale-out/queue.js"
import { subjects } from "../../examples/scale-out/scenario.js"
import {
  audit,
  commitChunk,
  connect,
  loadCheckpoint,
  putContext,
  redisAvailable,
  startRedis,
  type RedisServer
} from "../../examples/scale-out/store.js"
import { runThreads } from "../../examples/scale-out/threads.js"

const root = fileURLToPath(new URL("../..", import.meta.url))
const available = await redisAvailable()
if (!available) console.warn("test/scale-out: redis-server not found; skipped (.ci/run installs Debian's redis-server)")

/** bundles main.ts next to node_modules (where bullmq and ioredis resolve); plain node starts it fast */
const bundle = (): string => {
  const dir = join(root, "node_modules", ".cache", "nextbest-scale-out")
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, `test-${process.pid}.mjs`)
  buildSync({
    entryPoints: [join(root, "examples", "scale-out", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    external: ["bullmq", "ioredis"],
    logLevel: "error"
  })
  return outfile
}

const POPULATION = 1500
const FAST = ["--lock-ms", "1500", "--stalled-ms", "500"]

const check = (result: Result, reference: Result, plan: Plan): void => {
  expect(result.sends.length).toBeGreaterThan(POPULATION / 10)
  expect(result.sends).toEqual(reference.sends)
  expect(result.summary).toEqual(reference.summary)
  expect(Summary.Eq.equals(result.summary, reference.summary)).toBe(true)
  for (const c of plan.context.capacities) expect(result.summary.usage[c.id] ?? 0).toBeLessThanOrEqual(c.max)
}

const stopAll = async (workers: ReadonlyArray<Spawned>): Promise<void> => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL")
  await Promise.all(workers.map((w) => w.exited))
}

describe.skipIf(!available)("outbound across worker processes on Redis (BullMQ)", () => {
  let redis: RedisServer
  let plan: Plan
  let reference: Result
  let script: string
  /** three worker processes, shared by the tests (the kill test is the last to use them) */
  const workers: Array<Spawned> = []
  let watch: (worker: Spawned, line: Readonly<Record<string, unknown>>) => void = () => undefined
  beforeAll(async () => {
    redis = await startRedis()
    script = bundle()
    for (let i = 0; i < 3; i++) {
      const index = i
      workers.push(spawnWorker(redis.url, FAST, (line) => watch(workers[index] as Spawned, line), script))
    }
    plan = planRun("test-run", POPULATION, 6, { chunk: 50, sampleRate: 0.2 })
    reference = singleProcess(plan, subjects)
    await Promise.all(workers.map((w) => w.ready))
  })
  afterAll(async () => {
    await stopAll(workers)
    await redis?.stop()
    if (script !== undefined) rmSync(script, { force: true })
  })

  const flush = async (): Promise<void> => {
    const client = connect(redis.url)
    await client.flushall()
    client.disconnect()
    for (const w of workers) w.lines.length = 0
  }

  /** the outbox (sorted) and the refused commits of the plan's run */
  const audited = async () => {
    const client = connect(redis.url)
    try {
      const a = await audit(client, plan.context.runId)
      return { ...a, outbox: [...a.outbox].sort() }
    } finally {
      client.disconnect()
    }
  }

  it("3 worker processes give the single-process run's sends and summary, each send once", async () => {
    await flush()
    const result = await coordinate(redis.url, plan, { timeout: 120_000 })
    check(result, reference, plan)
    const { outbox, duplicates } = await audited()
    expect(outbox).toEqual(result.sends.map(([s]) => s))
    expect(duplicates).toBe(0)
    // the partitions were shared out
    const deciders = workers.filter((w) => w.lines.some((l) => l["event"] === "done"))
    expect(deciders.length).toBeGreaterThanOrEqual(2)
  })

  it("two attempts of one partition at once commit each chunk once", async () => {
    await flush()
    const client = connect(redis.url)
    try {
      await putContext(client, plan.context)
      const job = plan.jobs[1]
      if (job === undefined) throw new Error("no job")
      const compiled = compile(plan.context)
      const attempt = async () =>
        runPartition(compiled, job, subjects, await loadCheckpoint(client, job), (chunk) =>
          commitChunk(client, job, chunk)
        )
      const [a, b] = await Promise.all([attempt(), attempt()])
      const one = singleProcess({ ...plan, jobs: [job] }, subjects)
      expect(a).toEqual(b)
      expect(a.done).toBe(true)
      expect(a.summary).toEqual(one.summary)
      const { outbox, stale, duplicates } = await audited()
      expect(stale).toBeGreaterThan(0)
      expect(duplicates).toBe(0)
      expect(outbox).toEqual(one.sends.map(([s]) => s))
    } finally {
      client.disconnect()
    }
  })

  it("worker threads give the single-process run's sends and summary", async () => {
    check(await runThreads(plan, 2, script), reference, plan)
  })

  it("a worker killed with SIGKILL mid-partition: resumed from its last chunk elsewhere, nothing sent twice", async () => {
    await flush()
    let victim: Spawned | undefined
    let partition = -1
    watch = (worker, line) => {
      // after the first chunk of a partition of five: four chunks are still to come
      if (victim === undefined && line["event"] === "chunk" && line["next"] === 1 && line["chunks"] === 5) {
        victim = worker
        partition = line["partition"] as number
        victim.child.kill("SIGKILL")
      }
    }
    const result = await coordinate(redis.url, plan, { timeout: 120_000 })
    expect(victim).toBeDefined()
    await victim?.exited
    expect(victim?.child.signalCode).toBe("SIGKILL")
    expect(victim?.lines.some((l) => l["event"] === "done" && l["partition"] === partition)).toBe(false)
    // another worker took the partition again and went on from a committed chunk
    const resumed = workers
      .filter((w) => w !== victim)
      .flatMap((w) => w.lines)
      .filter((l) => l["event"] === "start" && l["partition"] === partition)
    expect(resumed.some((l) => (l["next"] as number) >= 1)).toBe(true)
    check(result, reference, plan)
    const { outbox, duplicates } = await audited()
    expect(outbox).toEqual(result.sends.map(([s]) => s))
    expect(duplicates).toBe(0)
  })
})
