/**
 * `npm run demo [-- options]`: the bank scenario of examples/demo/scenario.ts, simulated, with a
 * summary table on the terminal and a self-contained HTML report (see cli.ts and docs/demo.md).
 */
import { main } from "./cli.js"

const { code } = await main(process.argv.slice(2), {
  write: (text) => void process.stdout.write(text),
  isTTY: process.stdout.isTTY === true
})
process.exitCode = code
