/**
 * Progress on stderr: a bar redrawn in place on a terminal (done, rate, elapsed, estimated time
 * left), a plain line per tenth of each phase otherwise, or nothing.
 */

export interface Tick {
  readonly done: number
  /** 0 when unknown */
  readonly total: number
  /** what `done` counts: "customers", "MB" */
  readonly unit: string
}

export interface Progress {
  /** a phase starts: its name and its total (0 when unknown) */
  readonly phase: (name: string) => void
  readonly tick: (tick: Tick) => void
  /** the phase is over: its last line stays */
  readonly end: (tick: Tick) => void
}

const clock = (): number => performance.now()

export const duration = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, "0")
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`
}

const grouped = (n: number): string => Math.round(n).toLocaleString("en-US")

const amount = (n: number, unit: string): string => (unit === "MB" ? n.toFixed(1) : grouped(n))

const line = (name: string, t: Tick, ms: number, width: number | undefined): string => {
  const rate = ms > 0 ? (t.done * 1000) / ms : 0
  const share = t.total > 0 ? Math.min(1, t.done / t.total) : 0
  const eta = t.total > 0 && rate > 0 ? duration(((t.total - t.done) * 1000) / rate) : "?"
  const count =
    t.total > 0
      ? `${amount(t.done, t.unit)}/${amount(t.total, t.unit)} ${t.unit}`
      : `${amount(t.done, t.unit)} ${t.unit}`
  const tail = `${count} ${(share * 100).toFixed(0)}% ${amount(rate, t.unit)} ${t.unit}/s elapsed ${duration(ms)} ETA ${eta}`
  if (width === undefined) return `${name}: ${tail}`
  const barWidth = Math.max(10, Math.min(30, width - name.length - tail.length - 5))
  const full = Math.round(share * barWidth)
  return `${name} [${"█".repeat(full)}${"░".repeat(barWidth - full)}] ${tail}`.slice(0, Math.max(20, width - 1))
}

export const none: Progress = { phase: () => undefined, tick: () => undefined, end: () => undefined }

/** A bar on a terminal: redrawn at most ten times a second. */
export const bar = (stream: NodeJS.WriteStream): Progress => {
  let name = ""
  let started = 0
  let drawn = 0
  const draw = (t: Tick): void => {
    stream.write(`\r\x1b[2K${line(name, t, clock() - started, stream.columns > 0 ? stream.columns : 100)}`)
  }
  return {
    phase: (n) => {
      name = n
      started = clock()
      drawn = 0
    },
    tick: (t) => {
      const now = clock()
      if (now - drawn < 100) return
      drawn = now
      draw(t)
    },
    end: (t) => {
      draw(t)
      stream.write("\n")
    }
  }
}

/** Plain lines: one per tenth of a phase with a known total (one per 50,000 otherwise), and its end. */
export const lines = (stream: NodeJS.WritableStream): Progress => {
  let name = ""
  let started = 0
  let next = 0
  return {
    phase: (n) => {
      name = n
      started = clock()
      next = 0
    },
    tick: (t) => {
      const step = t.total > 0 ? t.total / 10 : 50_000
      if (t.done < next + step || (t.total > 0 && t.done >= t.total)) return
      next = Math.floor(t.done / step) * step
      stream.write(`${line(name, t, clock() - started, undefined)}\n`)
    },
    end: (t) => {
      stream.write(`${line(name, t, clock() - started, undefined)} (done)\n`)
    }
  }
}
