/**
 * Reads the Open Bandit Dataset samples (../shared/data/obd, Apache-2.0): the Men campaign's
 * uniform-random and Bernoulli-TS logs and the TS policy's production priors. Parsed once per
 * test file.
 */
import * as E from "fp-ts/lib/Either.js"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { render } from "../../src/kernel/DecodeError.js"
import * as LoggedData from "../../src/evaluation/LoggedData.js"

export const obdDir = fileURLToPath(new URL("../../../shared/data/obd", import.meta.url))
export const obdAvailable =
  existsSync(`${obdDir}/random/men/men.csv`) &&
  existsSync(`${obdDir}/bts/men/men.csv`) &&
  existsSync(`${obdDir}/prior_bts_men.json`)

export const ITEMS: ReadonlyArray<string> = Array.from({ length: 34 }, (_, i) => String(i))

const read = (path: string): LoggedData.LoggedData => {
  const log = LoggedData.fromObdCsv(readFileSync(path, "utf8"))
  if (E.isLeft(log)) throw new Error(render(log.left))
  return log.right
}

export interface Obd {
  readonly random: LoggedData.LoggedData
  readonly bts: LoggedData.LoggedData
  readonly prior: { readonly alpha: ReadonlyArray<number>; readonly beta: ReadonlyArray<number> }
}

export const loadObd = (): Obd => ({
  random: read(`${obdDir}/random/men/men.csv`),
  bts: read(`${obdDir}/bts/men/men.csv`),
  prior: JSON.parse(readFileSync(`${obdDir}/prior_bts_men.json`, "utf8")) as Obd["prior"]
})
