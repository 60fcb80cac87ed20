/**
 * The benchmark harness: timed windows after warm-up, median figures, side-by-side engines.
 * Figures, never assertions.
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

export interface MeasureOptions {
  /** warm-up time before timing, ms */
  readonly warmupMs?: number
  /** length of one timed window, ms */
  readonly windowMs?: number
  /** number of timed windows (at least 5) */
  readonly windows?: number
}

/** ops per second of `run`, where one call of `run` performs `opsPerCall` operations: median of the windows */
export const opsPerSecond = (run: () => void, opsPerCall: number, options: MeasureOptions = {}): number => {
  const warmupMs = options.warmupMs ?? 300
  const windowMs = options.windowMs ?? 300
  const windows = Math.max(5, options.windows ?? 7)
  const warmEnd = performance.now() + warmupMs
  while (performance.now() < warmEnd) run()
  const rates: Array<number> = []
  for (let w = 0; w < windows; w++) {
    let calls = 0
    const start = performance.now()
    let now = start
    while (now - start < windowMs) {
      run()
      calls++
      now = performance.now()
    }
    rates.push((calls * opsPerCall * 1000) / (now - start))
  }
  return median(rates)
}

/** per-call latency samples in microseconds, after warm-up */
export const latenciesMicros = (run: () => void, samples: number, warmup = 1000): ReadonlyArray<number> => {
  for (let i = 0; i < warmup; i++) run()
  const out = new Float64Array(samples)
  for (let i = 0; i < samples; i++) {
    const start = performance.now()
    run()
    out[i] = (performance.now() - start) * 1000
  }
  return Array.from(out)
}

export const median = (xs: ReadonlyArray<number>): number => quantile(xs, 0.5)

export const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
}

/** rounds a figure to 3 significant digits for printing */
export const round3 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(3)) : x)

/** a handle on the garbage collector: `global.gc` when node runs with --expose-gc, else exposed through V8 flags */
const collector = (): (() => void) => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed !== undefined) return exposed
  setFlagsFromString("--expose-gc")
  return runInNewContext("gc") as () => void
}

/** bytes of heap retained by what `build` returns, measured with full collections around it */
export const retainedBytes = (build: () => unknown): { readonly bytes: number; readonly keep: unknown } => {
  const gc = collector()
  gc()
  gc()
  const before = process.memoryUsage().heapUsed
  const keep = build()
  gc()
  gc()
  const after = process.memoryUsage().heapUsed
  return { bytes: after - before, keep }
}

/** the shared data folder: `--data DIR`, NEXTBEST_DATA, or ../shared/data */
export const dataDir = (): string => {
  const i = process.argv.indexOf("--data")
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1] as string
  return process.env["NEXTBEST_DATA"] ?? new URL("../../shared/data", import.meta.url).pathname
}
