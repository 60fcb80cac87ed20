/**
 * The command line of `nextbest-outbound`: its flags, `--help` and its exit codes, in one table
 * that the help text and the tests read.
 */
import { parseArgs } from "node:util"

/** What the process exits with. */
export const EXIT = {
  /** the run finished; rejected rows, if any, were skipped and reported */
  ok: 0,
  /** an unexpected failure (an output file could not be written, a bug) */
  failure: 1,
  /** the command line is wrong (unknown flag, missing value, bad number) */
  usage: 2,
  /** an input file is missing, is not JSON, or does not decode (every problem with its path) */
  input: 3,
  /** `--strict` and the customers file has bad rows: nothing was written but the rejects */
  rejected: 4
} as const

export interface Flag {
  readonly name: string
  readonly value?: string
  readonly describe: string
  readonly default?: string
}

/** Every flag, in the order `--help` lists them. */
export const FLAGS: ReadonlyArray<Flag> = [
  { name: "customers", value: "FILE", describe: "customers, CSV with a header row (required)" },
  {
    name: "catalog",
    value: "FILE",
    describe: "the catalog, JSON; its dataModel.subject types the CSV columns (required)"
  },
  {
    name: "settings",
    value: "FILE",
    describe: "the run: runId, now, channels, perSubject, capacities, learner, sentAt (JSON, required)"
  },
  {
    name: "models",
    value: "FILE",
    describe: "a models snapshot (Models.encode) of the settings' learner; without it, empty models"
  },
  { name: "out", value: "DIR", describe: "where the outputs go (created)", default: "outbound-cli-out" },
  { name: "id-column", value: "NAME", describe: "the column of the customer id", default: "id" },
  {
    name: "sample-rate",
    value: "RATE",
    describe: "the share of customers whose decisions set the first prices (0 < RATE <= 1)",
    default: "0.2"
  },
  {
    name: "sample-max",
    value: "N",
    describe: "about this many sampled customers at most (a lower rate of the same hash)",
    default: "20000"
  },
  {
    name: "reserve",
    value: "N",
    describe: "marginal customers held back per capacity, upgraded at the end",
    default: "64"
  },
  {
    name: "strict",
    describe: "a bad row fails the run (exit 4) before anything is decided; default: skip and report it"
  },
  {
    name: "max-errors",
    value: "N",
    describe: "bad rows printed on stderr (all of them go to rejects.csv)",
    default: "20"
  },
  { name: "quiet", describe: "no progress and no summary table (errors still go to stderr)" },
  {
    name: "progress",
    value: "MODE",
    describe: "bar (a terminal line redrawn), lines (a line per 10%), none",
    default: "bar on a terminal, else lines"
  },
  { name: "help", describe: "this text" }
]

export interface Options {
  readonly customers: string
  readonly catalog: string
  readonly settings: string
  readonly models: string | undefined
  readonly out: string
  readonly idColumn: string
  readonly sampleRate: number
  readonly sampleMax: number
  readonly reserve: number
  readonly strict: boolean
  readonly maxErrors: number
  readonly progress: "bar" | "lines" | "none"
  readonly quiet: boolean
}

export type Parsed =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Run"; readonly options: Options }
  | { readonly _tag: "Usage"; readonly errors: ReadonlyArray<string> }

const pad = (s: string, n: number): string => (s.length >= n ? `${s}  ` : s + " ".repeat(n - s.length))

/** The `--help` text. */
export const help = (): string => {
  const left = (f: Flag): string => `  --${f.name}${f.value === undefined ? "" : ` ${f.value}`}`
  const width = Math.max(...FLAGS.map((f) => left(f).length)) + 2
  const flags = FLAGS.map(
    (f) => `${pad(left(f), width)}${f.describe}${f.default === undefined ? "" : ` (default: ${f.default})`}`
  )
  return [
    "nextbest-outbound: tonight's outbound run over a CSV file of customers, under volume caps.",
    "",
    "Usage: nextbest-outbound --customers FILE --catalog FILE --settings FILE [--models FILE] [options]",
    "",
    "Each customer is decided with nextBestAction, and capacity is allocated as the customers stream",
    "through (OutboundRun.stream: prices from a sample, refined as it goes, every cap held exactly).",
    "",
    "Options:",
    ...flags,
    "",
    "CSV columns: the id column, then one column per attribute of the catalog's dataModel.subject",
    "(number and integer: decimal text; boolean: true or false; instant: ISO 8601 or epoch ms;",
    "enum and string: as is; list: values separated by |). An empty cell is an absent attribute.",
    "Without a data model, text that reads as a number is a number, true/false a boolean.",
    "An optional 'history' column holds the customer's interactions as a JSON array.",
    "",
    "Outputs in --out: assignments.csv (one row per action to send), sent-events.jsonl (one 'sent'",
    "event per action, for the feedback reducer), rejects.csv (line, reason), summary.json.",
    "",
    "Exit codes:",
    `  ${EXIT.ok}  the run finished (rejected rows, if any, skipped and reported)`,
    `  ${EXIT.failure}  an unexpected failure (e.g. an output file could not be written)`,
    `  ${EXIT.usage}  the command line is wrong`,
    `  ${EXIT.input}  an input file is missing, is not JSON, or does not decode (problems with their paths)`,
    `  ${EXIT.rejected}  --strict and the customers file has bad rows (listed; nothing decided)`
  ].join("\n")
}

const numberFlag = (
  errors: Array<string>,
  name: string,
  text: string,
  ok: (x: number) => boolean,
  expected: string
): number => {
  const x = Number(text)
  if (text.trim() === "" || !Number.isFinite(x) || !ok(x)) {
    errors.push(`--${name}: expected ${expected}, found ${JSON.stringify(text)}`)
    return Number.NaN
  }
  return x
}

/** Parses the command line (without `node` and the script). */
export const parse = (argv: ReadonlyArray<string>): Parsed => {
  const options: Record<string, { type: "string" | "boolean" }> = {}
  for (const f of FLAGS) options[f.name] = { type: f.value === undefined ? "boolean" : "string" }
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >
  } catch (e) {
    return { _tag: "Usage", errors: [e instanceof Error ? e.message : String(e)] }
  }
  if (values["help"] === true) return { _tag: "Help" }
  const errors: Array<string> = []
  const text = (name: string): string | undefined => {
    const v = values[name]
    return typeof v === "string" ? v : undefined
  }
  const required = (name: string): string => {
    const v = text(name)
    if (v === undefined || v === "") errors.push(`--${name} is required`)
    return v ?? ""
  }
  const customers = required("customers")
  const catalog = required("catalog")
  const settings = required("settings")
  const int = (name: string, fallback: string, least: number): number =>
    numberFlag(
      errors,
      name,
      text(name) ?? fallback,
      (x) => Number.isInteger(x) && x >= least,
      `a whole number >= ${least}`
    )
  const sampleRate = numberFlag(
    errors,
    "sample-rate",
    text("sample-rate") ?? "0.2",
    (x) => x > 0 && x <= 1,
    "a number in (0, 1]"
  )
  const sampleMax = int("sample-max", "20000", 1)
  const reserve = int("reserve", "64", 0)
  const maxErrors = int("max-errors", "20", 0)
  const progressText = text("progress")
  let progress: Options["progress"] = process.stderr.isTTY === true ? "bar" : "lines"
  if (progressText !== undefined) {
    if (progressText === "bar" || progressText === "lines" || progressText === "none") progress = progressText
    else errors.push(`--progress: expected bar, lines or none, found ${JSON.stringify(progressText)}`)
  }
  if (values["quiet"] === true) progress = "none"
  if (errors.length > 0) return { _tag: "Usage", errors }
  return {
    _tag: "Run",
    options: {
      customers,
      catalog,
      settings,
      models: text("models"),
      out: text("out") ?? "outbound-cli-out",
      idColumn: text("id-column") ?? "id",
      sampleRate,
      sampleMax,
      reserve,
      strict: values["strict"] === true,
      maxErrors,
      progress,
      quiet: values["quiet"] === true
    }
  }
}
