/**
 * The scale-out example's command line (see docs/scaling.md, "Outbound across workers and
 * machines"):
 *
 * - `worker --redis URL [--queue NAME] [--lock-ms N] [--stalled-ms N]`: a BullMQ worker process
 *   deciding partition jobs; JSON log lines on stdout. Start one per core, on as many machines as
 *   you like.
 * - `run --redis URL [--population N] [--partitions P]`: the coordinator: decides the sample,
 *   estimates the prices, queues one job per partition, waits, prints the merged summary.
 * - `threads [--population N] [--threads W]`: the same run on this machine's worker threads.
 * - `check [--population 200000] [--workers 3]`: starts its own redis-server and W worker
 *   processes, runs the plan on them, runs it again in one process, and checks that both give
 *   the same sends and the same summary (`npm run scale-out:check`).
 * - `bench [--population 20000] [--rounds 5]`: subjects per second and CPU per subject with each
 *   partition in one `withPrices` call and chunked in this thread (the baselines), on 1 and 2
 *   worker threads, and on 1 and 2 BullMQ worker processes; the modes interleaved, medians of the
 *   rounds (`npm run scale-out:bench`; `--json` for one JSON line).
 *
 * The same file is the entry of the partition threads and of the worker processes it starts.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { readFileSync } from "node:fs"
import { loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { Capacity, Models, Summary } from "nextbest"
import { plan, singleProcess, type Context, type Plan, type Result } from "./plan.js"
import { coordinate, startWorker } from "./queue.js"
import { baseSettings, capacities, catalogJson, subjectId, subjects, trainModels } from "./scenario.js"
import { connect, startRedis } from "./store.js"
import { isPartitionThread, runInline, runThreads, startThreads, threadMain, type Pool } from "./threads.js"

const entry = fileURLToPath(import.meta.url)

/** the run's context: the catalog and the models as JSON, the capacities scaled to the population */
export const context = (runId: string, population: number): Context => ({
  ...baseSettings(runId),
  perSubject: 1,
  capacities: capacities(population),
  catalog: catalogJson,
  models: Models.encode(trainModels())
})

/** a plan of `population` subjects in `partitions` partitions (prices from a sample of `sampleRate`) */
export const planRun = (
  runId: string,
  population: number,
  partitions: number,
  options: { readonly chunk?: number; readonly sampleRate?: number } = {}
): Plan =>
  plan(context(runId, population), {
    population,
    partitions,
    chunk: options.chunk ?? 250,
    sampleRate: options.sampleRate ?? Math.min(0.2, 10_000 / population),
    subjectId,
    source: subjects
  })

/** whether two results are the same: the same sends, and summaries equal exactly */
export const sameResult = (x: Result, y: Result): boolean =>
  Summary.Eq.equals(x.summary, y.summary) &&
  x.sends.length === y.sends.length &&
  x.sends.every((s, i) => s[0] === y.sends[i]?.[0] && s[1] === y.sends[i]?.[1])

export interface Spawned {
  readonly child: ChildProcess
  readonly lines: Array<Readonly<Record<string, unknown>>>
  readonly ready: Promise<void>
  readonly exited: Promise<void>
}

/**
 * starts a worker process: `node [this process's loader flags] main.* worker --redis URL …`, or
 * `node <script> worker …` with a given script (e.g. a bundle of this file)
 */
export const spawnWorker = (
  url: string,
  extra: ReadonlyArray<string> = [],
  onLine: (line: Readonly<Record<string, unknown>>) => void = () => undefined,
  script?: string
): Spawned => {
  const start = script === undefined ? [...process.execArgv, entry] : [script]
  const child = spawn(process.execPath, [...start, "worker", "--redis", url, ...extra], {
    stdio: ["ignore", "pipe", "inherit"]
  })
  const lines: Array<Readonly<Record<string, unknown>>> = []
  let buffer = ""
  let markReady = (): void => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  child.stdout?.on("data", (d: Buffer) => {
    buffer += d.toString()
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = JSON.parse(buffer.slice(0, i)) as Readonly<Record<string, unknown>>
      buffer = buffer.slice(i + 1)
      lines.push(line)
      if (line["event"] === "ready") markReady()
      onLine(line)
    }
  })
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  return { child, lines, ready, exited }
}

// ---------------------------------------------------------------------------------------
// the command line
// ---------------------------------------------------------------------------------------

const flag = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const count = (args: ReadonlyArray<string>, name: string, fallback: number): number => {
  const raw = flag(args, name)
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a whole number > 0, got ${raw}`)
  return n
}
const seconds = (ms: number): string => (ms / 1000).toFixed(2)
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")
const print = (line: string): void => void process.stdout.write(line + "\n")

const timed = async <A>(f: () => Promise<A> | A): Promise<readonly [A, number]> => {
  const t0 = performance.now()
  const a = await f()
  return [a, performance.now() - t0]
}

/** runs `plan` on `workers` fresh worker processes against `url`; the processes are stopped after */
const onProcesses = async (url: string, p: Plan, workers: number): Promise<Result> => {
  const spawned = Array.from({ length: workers }, () => spawnWorker(url))
  await Promise.all(spawned.map((s) => s.ready))
  try {
    return await coordinate(url, p)
  } finally {
    for (const s of spawned) s.child.kill("SIGTERM")
    await Promise.all(spawned.map((s) => s.exited))
  }
}

/** CPU milliseconds of this process, all its threads */
const ownCpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU milliseconds of another process (Linux: /proc/<pid>/stat utime + stime); NaN elsewhere */
const processCpu = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS
  } catch {
    return Number.NaN
  }
}

/** Redis's `used_memory_human` */
const usedMemory = async (url: string): Promise<string> => {
  const redis = connect(url)
  const info = await redis.info("memory")
  redis.disconnect()
  return /used_memory_human:(\S+)/.exec(info)?.[1] ?? "?"
}

const flush = async (url: string): Promise<void> => {
  const redis = connect(url)
  await redis.flushall()
  redis.disconnect()
}

const worker = (args: ReadonlyArray<string>): void => {
  const url = flag(args, "redis") ?? process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379"
  const log = (line: Readonly<Record<string, unknown>>): void =>
    void process.stdout.write(JSON.stringify({ pid: process.pid, ...line }) + "\n")
  const queue = flag(args, "queue")
  const w = startWorker(url, {
    ...(queue === undefined ? {} : { queue }),
    lockDuration: count(args, "lock-ms", 30_000),
    stalledInterval: count(args, "stalled-ms", 30_000),
    log
  })
  log({ event: "ready" })
  const stop = (): void => void w.close().then(() => process.exit(0))
  process.on("SIGTERM", stop)
  process.on("SIGINT", stop)
}

const run = async (args: ReadonlyArray<string>): Promise<void> => {
  const url = flag(args, "redis") ?? process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379"
  const population = count(args, "population", 50_000)
  const [p, planMs] = await timed(() =>
    planRun(flag(args, "run") ?? `run-${Date.now()}`, population, count(args, "partitions", 32))
  )
  print(`prices from ${p.sample} sampled subjects in ${seconds(planMs)} s`)
  const [result, ms] = await timed(() =>
    coordinate(url, p, { onProgress: (done, all) => process.stderr.write(`\r${done} of ${all} partitions`) })
  )
  process.stderr.write("\n")
  print(`${population} subjects in ${seconds(ms)} s (${Math.round((population * 1000) / ms)} subjects/s)`)
  print(Summary.render(result.summary, p.context.capacities))
}

const threads = async (args: ReadonlyArray<string>): Promise<void> => {
  const population = count(args, "population", 50_000)
  const p = planRun("threads", population, count(args, "partitions", 32))
  const [result, ms] = await timed(() => runThreads(p, count(args, "threads", 2), entry))
  print(`${population} subjects in ${seconds(ms)} s (${Math.round((population * 1000) / ms)} subjects/s)`)
  print(Summary.render(result.summary, p.context.capacities))
}

const check = async (args: ReadonlyArray<string>): Promise<void> => {
  const population = count(args, "population", 200_000)
  const workers = count(args, "workers", 3)
  const partitions = count(args, "partitions", 48)
  print(`load average ${load()}`)
  const [p, planMs] = await timed(() => planRun(`check-${population}`, population, partitions))
  print(`plan: ${partitions} partitions, prices from ${p.sample} sampled subjects in ${seconds(planMs)} s`)
  const redis = await startRedis()
  try {
    const [distributed, distributedMs] = await timed(() => onProcesses(redis.url, p, workers))
    print(`${workers} BullMQ worker processes: ${seconds(distributedMs)} s`)
    print(`Redis memory after the run: ${await usedMemory(redis.url)}`)
    const [single, singleMs] = await timed(() => singleProcess(p, subjects))
    print(`one process: ${seconds(singleMs)} s`)
    print(Summary.render(distributed.summary, p.context.capacities))
    const same = sameResult(distributed, single)
    print(
      `${distributed.sends.length} subjects sent to; ${same ? "the same sends and summary as one process" : "DIFFERENT from one process"}`
    )
    print(`load average ${load()}`)
    if (!same) process.exitCode = 1
  } finally {
    await redis.stop()
  }
}

const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/**
 * Every mode measured `rounds` times, interleaved (one round runs every mode in turn), so that a
 * change in the machine's load falls on every mode alike, after a warm-up round that is not
 * counted; the medians are reported. The threads
 * and the worker processes are started once, before the rounds (each set of processes on its own
 * queue).
 */
const bench = async (args: ReadonlyArray<string>): Promise<void> => {
  const population = count(args, "population", 20_000)
  const partitions = count(args, "partitions", 16)
  const rounds = count(args, "rounds", 5)
  const json = args.includes("--json")
  const loadBefore = load()
  const [p, planMs] = await timed(() => planRun(`bench-${population}`, population, partitions))
  const figures: Record<string, number | string> = {
    population,
    partitions,
    rounds,
    sample: p.sample,
    planSeconds: Number(seconds(planMs))
  }
  if (!json) print(`load average ${loadBefore}; plan ${seconds(planMs)} s (prices from ${p.sample} subjects)`)
  const pools = new Map<number, Pool>()
  const redis = await startRedis()
  const sets = new Map<number, ReadonlyArray<Spawned>>()
  try {
    for (const n of [1, 2]) {
      const [pool, startMs] = await timed(() => startThreads(entry, p.context, n))
      pools.set(n, pool)
      figures[`threads${n}StartSeconds`] = Number(seconds(startMs))
      const spawned = Array.from({ length: n }, () => spawnWorker(redis.url, ["--queue", `bench-${n}`]))
      await Promise.all(spawned.map((w) => w.ready))
      sets.set(n, spawned)
    }
    const cpuOf = (n: number) => (): number =>
      ownCpu() +
      [redis.pid, ...(sets.get(n) ?? []).map((w) => w.child.pid ?? -1)].reduce((t, pid) => t + processCpu(pid), 0)
    const modes: ReadonlyArray<readonly [string, () => Promise<Result> | Result, () => number]> = [
      ["single", () => singleProcess(p, subjects), ownCpu],
      ["inline", () => runInline(p), ownCpu],
      ["threads1", () => (pools.get(1) as Pool).run(p), ownCpu],
      ["threads2", () => (pools.get(2) as Pool).run(p), ownCpu],
      ["processes1", () => flush(redis.url).then(() => coordinate(redis.url, p, { queue: "bench-1" })), cpuOf(1)],
      ["processes2", () => flush(redis.url).then(() => coordinate(redis.url, p, { queue: "bench-2" })), cpuOf(2)]
    ]
    const rates = new Map<string, Array<number>>()
    const cpus = new Map<string, Array<number>>()
    const results: Array<Result> = []
    // round 0 warms every thread and process up (their code is compiled on first use) and is not counted
    for (let round = 0; round <= rounds; round++) {
      for (const [name, f, cpu] of modes) {
        const cpu0 = cpu()
        const [r, ms] = await timed(f)
        const rate = Math.round((population * 1000) / ms)
        const cpuPer1000 = Math.round(((cpu() - cpu0) * 1000) / population)
        results.push(r)
        if (round === 0) continue
        rates.set(name, [...(rates.get(name) ?? []), rate])
        cpus.set(name, [...(cpus.get(name) ?? []), cpuPer1000])
        if (!json)
          print(
            `round ${round} ${name}: ${rate} subjects/s (${seconds(ms)} s; ${cpuPer1000} CPU ms per 1,000 subjects)`
          )
      }
    }
    for (const [name] of modes) {
      figures[name] = Math.round(median(rates.get(name) ?? []))
      figures[`${name}CpuMsPer1000`] = Math.round(median(cpus.get(name) ?? []))
    }
    figures["threads2Speedup"] = Number(((figures["threads2"] as number) / (figures["threads1"] as number)).toFixed(3))
    figures["processes2Speedup"] = Number(
      ((figures["processes2"] as number) / (figures["processes1"] as number)).toFixed(3)
    )
    const same = results.every((r) => sameResult(r, results[0] as Result))
    // what the budgets strand: the same prices over one partition holding the whole budget
    const whole = singleProcess(
      {
        ...p,
        jobs: [
          {
            ...(p.jobs[0] as Plan["jobs"][number]),
            first: 0,
            count: population,
            budget: Capacity.budget(p.context.capacities)
          }
        ]
      },
      subjects
    )
    const split = (results[0] as Result).summary
    figures["objectiveVsOnePartition"] = Number((split.priority / whole.summary.priority).toFixed(4))
    figures["sentVsOnePartition"] = Number((split.sent / whole.summary.sent).toFixed(4))
    figures["sameResults"] = same ? "yes" : "no"
    figures["loadBefore"] = loadBefore
    figures["loadAfter"] = load()
    if (json) print(JSON.stringify(figures))
    else {
      print(`medians of ${rounds} rounds:`)
      for (const [name] of modes)
        print(`  ${name}: ${figures[name]} subjects/s, ${figures[`${name}CpuMsPer1000`]} CPU ms per 1,000 subjects`)
      print(`  2 threads / 1 thread: ${figures["threads2Speedup"]}; 2 processes / 1: ${figures["processes2Speedup"]}`)
      print(
        `${partitions} partitions with apportioned budgets vs one partition with the whole budget: objective ${figures["objectiveVsOnePartition"]}, sent ${figures["sentVsOnePartition"]}`
      )
      print(`every run the same sends and summary: ${same ? "yes" : "NO"}; load average ${figures["loadAfter"]}`)
    }
    if (!same) process.exitCode = 1
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.close()))
    for (const spawned of sets.values()) for (const w of spawned) w.child.kill("SIGTERM")
    await Promise.all([...sets.values()].flatMap((spawned) => spawned.map((w) => w.exited)))
    await redis.stop()
  }
}

const main = async (argv: ReadonlyArray<string>): Promise<void> => {
  const [command, ...args] = argv
  switch (command) {
    case "worker":
      return worker(args)
    case "run":
      return run(args)
    case "threads":
      return threads(args)
    case "check":
      return check(args)
    case "bench":
      return bench(args)
    default:
      process.stderr.write("usage: main.ts worker|run|threads|check|bench [options] (see the header of main.ts)\n")
      process.exitCode = 2
  }
}

if (isPartitionThread()) threadMain()
else if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(1)
  })
