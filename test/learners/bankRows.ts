/**
 * UCI Bank Marketing rows for the learners' bank tests (../shared/data/bank, or NEXTBEST_DATA),
 * read in place, never copied: `available` says whether the file is there (the tests skip with a
 * message when it is not); `read` gives the rows in file order, `duration` included (the tests
 * leave it out), "unknown" symbols as null.
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const dir =
  process.env["NEXTBEST_DATA"] !== undefined
    ? `${process.env["NEXTBEST_DATA"]}/bank`
    : fileURLToPath(new URL("../../../shared/data/bank", import.meta.url))

export const file = `${dir}/bank-full.csv`
export const available = existsSync(file)

export const NUMERIC = ["age", "balance", "day", "campaign", "pdays", "previous"]
export const SYMBOLIC = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]

export interface Row {
  readonly values: Readonly<Record<string, number | string | null>>
  readonly positive: boolean
}

export const read = (): ReadonlyArray<Row> => {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
  const header = (lines[0] as string).split(";").map((h) => h.replace(/"/g, ""))
  return lines.slice(1).map((line) => {
    const values: Record<string, number | string | null> = {}
    let positive = false
    line.split(";").forEach((raw, i) => {
      const name = header[i] as string
      const quoted = raw.startsWith('"')
      const value = quoted ? raw.slice(1, -1) : raw
      if (name === "y") positive = value === "yes"
      else values[name] = quoted ? (value === "unknown" ? null : value) : Number(value)
    })
    return { values, positive }
  })
}
