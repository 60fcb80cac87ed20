/**
 * The demo's command line: options, progress on the terminal (a bar on a TTY, plain lines
 * otherwise), the summary table, the report. `main` is what `npm run demo` runs and what
 * test/demo/report.test.ts runs, with a smaller configuration.
 */
import { type DemoConfig, type DemoResult, DEFAULTS, runDemo, STRATEGY_LABEL } from "./run.js"
import { pct, writeReport } from "./report.js"

/** Where the demo writes. */
export interface Output {
  readonly write: (text: string) => void
  readonly isTTY: boolean
}

export const HELP = `usage: npm run demo -- [options]

Simulates a retail bank (20 actions, web and contact centre inbound, one outbound email run, an
experiment against propensity-only and random, an off-policy estimate of a challenger), prints a
summary and writes a self-contained HTML report. Deterministic for a given seed; no network.

options:
  --seed N        the simulation's seed (default ${DEFAULTS.seed})
  --out DIR       the report's folder (default ./demo-report); the report is DIR/index.html
  --days N        simulated days of inbound traffic (default ${DEFAULTS.days})
  --customers N   customers in the simulated base (default ${DEFAULTS.customers})
  --explorer N    customers in the report's decision explorer (default ${DEFAULTS.explorer})
  --logged N      logged rounds for the off-policy estimate (default ${DEFAULTS.offPolicyRounds})
  --quiet         no progress output
  --help          this text
`

/** The parsed command line, or a message for a bad one. */
export const parse = (
  argv: ReadonlyArray<string>
): { config: DemoConfig; out: string; quiet: boolean; help: boolean } | string => {
  let config: DemoConfig = DEFAULTS
  let out = "demo-report"
  let quiet = false
  let help = false
  const numeric: Readonly<Record<string, keyof DemoConfig>> = {
    "--seed": "seed",
    "--days": "days",
    "--customers": "customers",
    "--explorer": "explorer",
    "--logged": "offPolicyRounds"
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const key = numeric[a]
    if (a === "--help" || a === "-h") help = true
    else if (a === "--quiet") quiet = true
    else if (a === "--out") {
      const v = argv[++i]
      if (v === undefined) return "--out needs a folder"
      out = v
    } else if (key !== undefined) {
      const v = Number(argv[++i])
      if (!Number.isInteger(v) || v < (key === "seed" || key === "offPolicyRounds" ? 0 : 1))
        return `${a} needs a whole number${key === "seed" ? "" : " of at least 1"}`
      config = { ...config, [key]: v }
    } else return `unknown option ${a} (see --help)`
  }
  return { config, out, quiet, help }
}

const WIDTH = 30

/** the progress reporter: a redrawn bar on a TTY, one line a step otherwise */
const progress = (io: Output, quiet: boolean) => {
  let lastLine = ""
  return {
    step: (step: string, done: number, total: number): void => {
      if (quiet) return
      if (io.isTTY) {
        const filled = Math.round((WIDTH * done) / total)
        const line = `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${String(Math.round((100 * done) / total)).padStart(3)}% ${step}`
        io.write(`\r${line.padEnd(lastLine.length)}`)
        lastLine = line
      } else io.write(`[${done}/${total}] ${step}\n`)
    },
    end: (): void => {
      if (!quiet && io.isTTY && lastLine !== "") io.write("\n")
    }
  }
}

/** The summary table as lines of text. */
export const summaryLines = (result: DemoResult): ReadonlyArray<string> => {
  const lines: Array<string> = []
  lines.push(
    `${"channel".padEnd(14)} ${"strategy".padEnd(46)} ${"oracle share".padStart(12)} ${"CTR".padStart(6)}  value lift of NBA [95%] (true)`
  )
  for (const s of result.inbound)
    lines.push(
      `${s.channel.padEnd(14)} ${(STRATEGY_LABEL[s.strategy] ?? s.strategy).padEnd(46)} ${pct(s.oracleShare).padStart(12)} ${pct(s.ctr).padStart(6)}` +
        (s.liftOfNba === undefined
          ? ""
          : `  ${pct(s.liftOfNba.value)} [${pct(s.liftOfNba.low)}, ${pct(s.liftOfNba.high)}] (true ${pct(s.liftOfNba.trueLift)})`)
    )
  lines.push(`random action (population average): ${pct(result.randomShare)} of the oracle`)
  const o = result.outbound
  lines.push(
    `outbound email: ${o.sent} sent to ${o.customers} customers; caps ${o.caps.map((c) => `${c.id} ${c.used}/${c.max}`).join(", ")}`
  )
  for (const r of result.offPolicy)
    lines.push(
      `off-policy ${r.policy} ${r.estimator}: ${r.value.toFixed(2)} [${r.low.toFixed(2)}, ${r.high.toFixed(2)}] truth ${r.truth.toFixed(2)}` +
        (r.warnings.length === 0 ? "" : ` (warning: ${r.warnings.join("; ")})`)
    )
  return lines
}

/** Runs the demo for a command line; returns the exit code, the result and the report's path. */
export const main = async (
  argv: ReadonlyArray<string>,
  io: Output
): Promise<{ code: number; result?: DemoResult; report?: string }> => {
  const parsed = parse(argv)
  if (typeof parsed === "string") {
    io.write(`${parsed}\n`)
    return { code: 2 }
  }
  if (parsed.help) {
    io.write(HELP)
    return { code: 0 }
  }
  const t0 = performance.now()
  const bar = progress(io, parsed.quiet)
  const result = runDemo(parsed.config, bar.step)
  bar.step("writing the report", 1, 1)
  const report = await writeReport(result, parsed.out)
  bar.end()
  io.write(`${summaryLines(result).join("\n")}\n`)
  io.write(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s\nreport: ${report}\n`)
  return { code: 0, result, report }
}
