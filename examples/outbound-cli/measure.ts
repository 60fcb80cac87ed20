/**
 * Measures the tool against the library alone, side by side in one process: (1) the library's
 * `OutboundRun.stream` over the same customers held in memory (no CSV, no checks, no output), then
 * (2) the tool's whole run on the CSV file (two reads, every row checked, assignments and events
 * written) — and prints both times, rates and their ratio, with the load average.
 *
 *   npm run outbound:cli:measure        (100,000 customers; generated into outbound-cli-out/ once)
 */
import { existsSync, readFileSync } from "node:fs"
import { loadavg } from "node:os"
import * as E from "fp-ts/lib/Either.js"
import { DualPrices, OutboundRun, Request } from "nextbest"
import { EXIT } from "./args.js"
import { load } from "./inputs.js"
import { customers, writeCustomers } from "./population.js"
import { run } from "./run.js"

const ROWS = 100_000
const SEED = "outbound-cli" // generate.ts's default, the file `npm run outbound:cli` uses
const here = (f: string): string => new URL(f, import.meta.url).pathname
const file = "outbound-cli-out/customers-100k.csv"
const files = { catalog: here("catalog.json"), settings: here("settings.json"), models: here("models.json") }

if (!existsSync(file)) await writeCustomers(file, ROWS, SEED)
const inputs = load(files)
if (E.isLeft(inputs)) throw new Error("the example's inputs do not decode")
const { catalog, settings, models } = inputs.right
const load1 = loadavg()[0] ?? 0

// 1. the library alone, the customers in memory
const subjects = [...customers(ROWS, SEED)].map((c) => {
  const { id, history, ...attributes } = c
  const r = Request.decode({
    decisionId: id,
    subject: { id, attributes, ...(history.length > 0 ? { history } : {}) },
    context: { now: settings.now, channels: settings.channels }
  })
  if (E.isLeft(r)) throw new Error(`customer ${id} does not decode`)
  return r.right.subject
})
let t0 = performance.now()
const decide = OutboundRun.decide(catalog, models, settings)
const sample = subjects
  .filter((s) => DualPrices.inSample(settings.runId, 0.2)(s.id))
  .map((s) => ({ subjectId: s.id, candidates: decide(s).candidates }))
let sent = 0
for (const o of OutboundRun.stream(catalog, models, settings, sample, { population: ROWS, reserve: 64 })(subjects))
  sent += o.chosen.length
const libraryMs = performance.now() - t0

// 2. the tool, on the file
t0 = performance.now()
const code = await run(
  {
    customers: file,
    ...files,
    out: "outbound-cli-out/measure",
    idColumn: "id",
    sampleRate: 0.2,
    sampleMax: ROWS, // the same sample as the library's above: every customer the 20 % rate picks
    reserve: 64,
    strict: false,
    maxErrors: 20,
    progress: "none",
    quiet: true
  },
  { stdout: process.stdout, stderr: process.stderr }
)
const toolMs = performance.now() - t0
if (code !== EXIT.ok) throw new Error(`the tool exited ${code}`)
const toolSent = readFileSync("outbound-cli-out/measure/assignments.csv", "utf8").split("\n").length - 2
if (toolSent !== sent) throw new Error(`the tool sent ${toolSent} actions, the library ${sent}`)
const rate = (ms: number): string => Math.round((ROWS * 1000) / ms).toLocaleString("en-US")
console.log(
  `library alone (customers in memory): ${(libraryMs / 1000).toFixed(1)} s, ${rate(libraryMs)} customers/s, ${sent} sent`
)
console.log(
  `the tool (CSV in, files out):        ${(toolMs / 1000).toFixed(1)} s, ${rate(toolMs)} customers/s, ${toolSent} sent`
)
console.log(
  `tool / library: ${(toolMs / libraryMs).toFixed(2)}; load average ${load1.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}`
)
