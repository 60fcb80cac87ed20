/**
 * Outbound allocation against the exact optimum: 20 seeded random instances of 2,000 subjects ×
 * 30 actions (6 groups, email and SMS) with overlapping caps per channel, group, action and
 * group × channel, one action per subject (test/outbound/instances.ts), each solved exactly by
 * HiGHS (the `highs` devDependency: the MIP, with a 60 s limit; the instance's LP relaxation bound
 * when the MIP does not finish, counted in `outbound.optimumFromLpBound`).
 *
 * - `outbound.optimalityRatio` / `optimalityRatioMedian` / `optimalityRatioMax`: `Streaming.allocate`
 *   (prices from a 20 % sample by `DualPrices.inSample`, the stream in arrival order) over the optimum;
 * - `outbound.capsHeld`: instances on which the streaming allocation held every cap (of 20);
 * - `outbound.greedyRatio` (min) and `greedyRatioMedian`: greedy in arrival order (each subject
 *   takes its best candidate while its caps have units left: Pega's behaviour);
 * - `outbound.inMemoryGreedyRatio` (min) and `inMemoryGreedyRatioMedian`: `Greedy.allocate`, the
 *   whole population sorted by priority in memory;
 * - `outbound.streamingMsMedian`: one streaming allocation of 2,000 subjects, median ms (the price
 *   estimates included).
 *
 * The scale run (bench/outbound.scale.ts, in a child process so that its peak RSS is its own):
 * 1,000,000 customers × 50 actions decided with `nextBestAction` and streamed from an async
 * iterable as docs/outbound.md shows it, a 2 % sample for the prices included in the time:
 * - `outbound.subjects`, `outbound.subjectsPerSecond` (wall clock, everything included: both
 *   passes, the sample's decisions, every price estimate), `outbound.subjectsPerCpuSecond` (the
 *   same over the process's CPU time: what one core does, whatever the machine's load),
 *   `outbound.peakRssMB` (the child's `process.resourceUsage().maxRSS`), `outbound.scaleCapsHeld`,
 *   and `outbound.loadAverage` (the 1-minute load average when the run ended).
 *
 * `OUTBOUND_INSTANCES=n` runs n instances instead of 20; `OUTBOUND_SCALE=n` streams n customers
 * instead of 1,000,000 (0: no scale run).
 */
import { spawn } from "node:child_process"
import { loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { Capacity, DualPrices, Greedy, Streaming } from "../src/index.js"
import { optimum, randomInstance } from "../test/outbound/instances.js"
import { median } from "./harness.js"

const log = (message: string): void => {
  process.stderr.write(`${message}\n`)
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4

/** the scale run in a child process: its JSON line, its progress passed through to stderr */
const scaleRun = (subjects: number): Promise<Record<string, unknown>> =>
  new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL("./outbound.scale.ts", import.meta.url))
    const child = spawn(process.execPath, ["--import", "tsx", script, String(subjects)], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    child.on("error", reject)
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`outbound.scale.ts exited with ${String(code)}`))
      resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, unknown>)
    })
  })

export const run = async (): Promise<Record<string, unknown>> => {
  const count = Number(process.env["OUTBOUND_INSTANCES"] ?? 20)
  const streaming: Array<number> = []
  const arrival: Array<number> = []
  const inMemory: Array<number> = []
  const ms: Array<number> = []
  let held = 0
  let fromLp = 0
  for (let k = 0; k < count; k++) {
    const seed = `outbound-${k}`
    const instance = randomInstance(seed)
    const { capacities, population } = instance
    let best = await optimum(instance, true, 60)
    if (best.status !== "Optimal") {
      log(`${seed}: the MIP stopped (${best.status}); the LP relaxation bounds the optimum instead`)
      best = await optimum(instance, false, 600)
      fromLp++
    }
    const sample = population.filter((o) => DualPrices.inSample(seed, 0.2)(o.subjectId))
    const start = performance.now()
    const { report } = Streaming.collect(
      Streaming.allocate(capacities, sample, { population: population.length })(population)
    )
    ms.push(performance.now() - start)
    if (capacities.every((c) => (report.usage[c.id] ?? 0) <= c.max)) held++
    const fcfs = DualPrices.allocate(capacities, DualPrices.prices({}))(population, Capacity.budget(capacities))
    const greedy = Greedy.allocate(capacities)(population)
    streaming.push(report.objective / best.objective)
    arrival.push(fcfs.objective / best.objective)
    inMemory.push(greedy.objective / best.objective)
    log(
      `${seed}: optimum ${best.objective.toFixed(1)}, streaming ${(report.objective / best.objective).toFixed(4)} ` +
        `(sample ${sample.length}, ${Math.round(ms[k] as number)} ms), arrival greedy ${(fcfs.objective / best.objective).toFixed(4)}, ` +
        `in-memory greedy ${(greedy.objective / best.objective).toFixed(4)}`
    )
  }
  const subjects = Number(process.env["OUTBOUND_SCALE"] ?? 1_000_000)
  let scale: Record<string, unknown> = {}
  if (subjects > 0) {
    log(`scale run: ${subjects} customers × 50 actions, streamed (a child process)`)
    const r = await scaleRun(subjects)
    log(JSON.stringify(r))
    scale = {
      subjects: r["subjects"],
      subjectsPerSecond: r["subjectsPerSecond"],
      subjectsPerCpuSecond: r["subjectsPerCpuSecond"],
      peakRssMB: r["peakRssMB"],
      scaleSeconds: r["totalSeconds"],
      scaleSampleRate: r["sampleRate"],
      scaleCapsHeld: r["capsHeld"],
      loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10
    }
  }
  return {
    outbound: {
      instances: count,
      subjectsPerInstance: 2000,
      actionsPerInstance: 30,
      sampleRate: 0.2,
      optimum: "HiGHS MIP (highs npm package, WebAssembly)",
      optimumFromLpBound: fromLp,
      optimalityRatio: round4(Math.min(...streaming)),
      optimalityRatioMedian: round4(median(streaming)),
      optimalityRatioMax: round4(Math.max(...streaming)),
      capsHeld: held,
      greedyRatio: round4(Math.min(...arrival)),
      greedyRatioMedian: round4(median(arrival)),
      inMemoryGreedyRatio: round4(Math.min(...inMemory)),
      inMemoryGreedyRatioMedian: round4(median(inMemory)),
      streamingMsMedian: Math.round(median(ms)),
      ...scale
    }
  }
}
