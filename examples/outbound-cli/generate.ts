/**
 * Generates a seeded, deterministic CSV file of customers for the outbound tool (population.ts),
 * and, with `--models FILE`, the models snapshot the example runs with.
 *
 *   npx tsx examples/outbound-cli/generate.ts --rows 100000 --out outbound-cli-out/customers.csv
 *   npx tsx examples/outbound-cli/generate.ts --models examples/outbound-cli/models.json
 *
 * `--if-missing` leaves an existing file alone (what `npm run outbound:cli` uses).
 */
import { existsSync, writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { trainedModels, writeCustomers } from "./population.js"

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      seed: { type: "string", default: "outbound-cli" },
      out: { type: "string" },
      "if-missing": { type: "boolean", default: false },
      models: { type: "string" }
    },
    strict: true
  })
  if (values.models !== undefined) {
    writeFileSync(values.models, `${JSON.stringify(trainedModels())}\n`)
    console.log(`wrote ${values.models}`)
  }
  if (values.out !== undefined) {
    const rows = Number(values.rows)
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`--rows: expected a whole number, found ${values.rows}`)
    if (values["if-missing"] && existsSync(values.out)) {
      console.log(`${values.out} is there (delete it to generate it again)`)
      return
    }
    const t0 = performance.now()
    await writeCustomers(values.out, rows, values.seed)
    console.log(
      `wrote ${rows.toLocaleString("en-US")} customers to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`
    )
  }
}

await main()
