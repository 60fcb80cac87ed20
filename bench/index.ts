/**
 * `npm run bench -- [--json] [SECTION ...]`
 *
 * Each section is a module `bench/SECTION.ts` exporting `run(): Promise<Record<string, unknown>>`
 * that returns `{ SECTION: { ...figures } }`. With `--json` the merged figures are printed as one
 * JSON object on stdout (progress goes to stderr); without it, as indented text.
 */
import { readdirSync } from "node:fs"

const SKIP = new Set(["index", "harness"])
const available = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .filter((name) => !SKIP.has(name) && !name.includes("."))
  .sort()

const args = process.argv.slice(2)
const json = args.includes("--json")
const requested: Array<string> = []
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string
  if (a === "--data") {
    i++
    continue
  }
  if (!a.startsWith("--")) requested.push(a)
}
const sections = requested.length > 0 ? requested : available

const unknown = sections.filter((s) => !available.includes(s))
if (unknown.length > 0) {
  process.stderr.write(`unknown bench section(s): ${unknown.join(", ")}; available: ${available.join(", ")}\n`)
  process.exit(2)
}

const figures: Record<string, unknown> = {}
for (const section of sections) {
  process.stderr.write(`bench: ${section}…\n`)
  const mod = (await import(`./${section}.ts`)) as { run: () => Promise<Record<string, unknown>> }
  Object.assign(figures, await mod.run())
}
process.stdout.write(json ? `${JSON.stringify(figures)}\n` : `${JSON.stringify(figures, null, 2)}\n`)
