/**
 * nextbest-outbound: tonight's outbound run over a CSV file of customers, under volume caps.
 *
 *   npx tsx examples/outbound-cli/main.ts --customers customers.csv --catalog catalog.json \
 *     --settings settings.json --models models.json --out out/
 *
 * `--help` lists every flag and the exit codes; docs/outbound-cli.md is the guide; `npm run
 * outbound:cli` generates 100,000 customers and runs it.
 */
import { EXIT, help, parse } from "./args.js"
import { run } from "./run.js"

// a reader that goes away (`… | head`) ends the output, not the run with a stack trace
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e
})

const main = async (): Promise<number> => {
  const parsed = parse(process.argv.slice(2))
  switch (parsed._tag) {
    case "Help":
      process.stdout.write(`${help()}\n`)
      return EXIT.ok
    case "Usage":
      for (const e of parsed.errors) process.stderr.write(`${e}\n`)
      process.stderr.write("see --help\n")
      return EXIT.usage
    case "Run":
      return run(parsed.options, { stdout: process.stdout, stderr: process.stderr })
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`\nnextbest-outbound failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exitCode = EXIT.failure
  }
)
