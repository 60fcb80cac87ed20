/**
 * End to end: bad rows — a value of the wrong type, a missing cell, a row with too few fields, an
 * enum value outside its values, a duplicate id, history that is not JSON, a broken quote — are
 * reported on stderr and in rejects.csv with their line numbers and reasons; skipped by default (exit
 * 0, counted in the summary), or failing the run with --strict (exit 4, nothing decided). A header
 * that does not match the catalog's data model is an input error (exit 3).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parse } from "csv-parse/sync"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { COLUMNS, csvRow, customers } from "../../examples/outbound-cli/population.js"
import { bundle, example, runTool, tempDir } from "./harness.js"

let script: string
const temp = tempDir("nextbest-outbound-cli-rows-")
afterAll(() => {
  temp.remove()
  rmSync(script, { force: true })
})

// 40 good customers with bad rows in between; line 1 is the header
const good = [...customers(40, "rows-test")].map(csvRow)
const bad: ReadonlyArray<readonly [number, string, RegExp]> = [
  [5, "x-age,abc,50,3,0.5,mass,", /column "age".*type_mismatch.*"abc"/],
  [9, "x-missing,,50,3,0.5,mass,", /column "age".*required/],
  [14, "x-short,40,50,3", /4 fields, expected 7/],
  [20, "x-enum,40,50,3,0.5,gold,", /column "segment".*invalid_value.*"gold"/],
  [25, good[0]?.replace(/,.*/, ",41,51,2,0.1,mass,") ?? "", /already on an earlier line/],
  [30, "x-history,40,50,3,0.5,mass,[not json", /column "history": not JSON/]
]
const lines = ["id,age,income,tenure,engagement,segment,history"]
let g = 0
for (let line = 2; lines.length < 47; line++) {
  const b = bad.find(([l]) => l === line)
  lines.push(b !== undefined ? b[1] : (good[g++] as string))
}
// a quote that closes in the middle of a field, on the last line
lines.push('x-quote,40,"50"x,3,0.5,mass,')
const QUOTE_LINE = lines.length
const file = join(temp.dir, "customers.csv")

const args = (out: string, ...more: ReadonlyArray<string>): ReadonlyArray<string> => [
  "--customers",
  file,
  "--catalog",
  join(example, "catalog.json"),
  "--settings",
  join(example, "settings.json"),
  "--models",
  join(example, "models.json"),
  "--out",
  join(temp.dir, out),
  ...more
]

beforeAll(() => {
  script = bundle("rows")
  writeFileSync(file, `${lines.join("\n")}\n`)
  expect(COLUMNS.join(",")).toBe(lines[0])
})

describe("bad rows", () => {
  it("are skipped by default, each reported with its line number and reason", async () => {
    const ran = await runTool(script, args("skip"))
    expect(ran.code).toBe(0)
    for (const [line, , reason] of bad) expect(ran.stderr).toMatch(new RegExp(`: line ${line}: .*${reason.source}`))
    expect(ran.stderr).toMatch(new RegExp(`: line ${QUOTE_LINE}: Invalid Closing Quote`))
    expect(ran.stderr).toContain("7 bad rows skipped")
    const rejects = parse(readFileSync(join(temp.dir, "skip", "rejects.csv"), "utf8"), { columns: true }) as Array<{
      line: string
      reason: string
    }>
    expect(rejects.map((r) => Number(r.line))).toEqual([...bad.map(([l]) => l), QUOTE_LINE])
    const good = lines.length - 1 - 7
    expect(ran.stdout).toContain(`customers ${good} decided, 7 rows rejected`)
    const summary = JSON.parse(readFileSync(join(temp.dir, "skip", "summary.json"), "utf8")) as {
      summary: { subjects: number }
      rejected: number
    }
    expect([summary.summary.subjects, summary.rejected]).toEqual([good, 7])
    const assigned = readFileSync(join(temp.dir, "skip", "assignments.csv"), "utf8")
    expect(assigned).not.toMatch(/^x-/m)
  })

  it("fail the run with --strict: exit 4, every bad row listed, nothing decided", async () => {
    const ran = await runTool(script, args("strict", "--strict"))
    expect(ran.code).toBe(4)
    for (const [line] of bad) expect(ran.stderr).toMatch(new RegExp(`: line ${line}: `))
    expect(ran.stderr).toContain("7 bad rows; --strict: nothing decided")
    expect(existsSync(join(temp.dir, "strict", "assignments.csv"))).toBe(false)
    expect(existsSync(join(temp.dir, "strict", "rejects.csv"))).toBe(true)
  })

  it("--max-errors limits what stderr lists, not what rejects.csv holds", async () => {
    const ran = await runTool(script, args("few", "--max-errors", "2", "--quiet"))
    expect(ran.code).toBe(0)
    expect(ran.stderr.match(/: line \d+/g)?.length).toBe(2)
    expect(ran.stderr).toContain("5 more bad rows in")
    expect(ran.stdout).toBe("")
    expect(
      readFileSync(join(temp.dir, "few", "rejects.csv"), "utf8")
        .trim()
        .split("\n").length
    ).toBe(1 + 7)
  })

  it("a stray quote mid-file is one reject with the range of lines it swallowed, and reading resumes", async () => {
    const mid = join(temp.dir, "mid.csv")
    const rows = [...customers(60, "mid-test")].map(csvRow)
    // line 5 opens a quote that csv-parse closes at the next quote it meets: a history cell further on
    const withHistory = rows.findIndex((r, i) => i > 4 && r.includes('"['))
    expect(withHistory).toBeGreaterThan(4)
    rows.splice(3, 0, 'x-quote,40,"50"x,3,0.5,mass,')
    writeFileSync(mid, `${[lines[0], ...rows].join("\n")}\n`)
    const ran = await runTool(script, [...args("mid", "--quiet"), "--customers", mid])
    expect(ran.code).toBe(0)
    const rejects = parse(readFileSync(join(temp.dir, "mid", "rejects.csv"), "utf8"), { columns: true }) as Array<{
      line: string
      end_line: string
    }>
    expect(rejects.length).toBe(1)
    expect(rejects[0]?.line).toBe("5")
    expect(Number(rejects[0]?.end_line)).toBeGreaterThan(5)
    expect(ran.stderr).toMatch(new RegExp(`: line 5-${rejects[0]?.end_line}: Invalid Closing Quote`))
    // every line is accounted for: decided, or inside the reported range
    const summary = JSON.parse(readFileSync(join(temp.dir, "mid", "summary.json"), "utf8")) as {
      summary: { subjects: number }
    }
    const swallowed = Number(rejects[0]?.end_line) - 5 + 1
    expect(summary.summary.subjects + swallowed).toBe(rows.length)
  })

  it("a header that does not match the data model is an input error (exit 3)", async () => {
    const header = join(temp.dir, "header.csv")
    writeFileSync(header, "customer,agee,income,tenure\nc-1,40,50,3\n")
    const ran = await runTool(script, [...args("header"), "--customers", header])
    expect(ran.code).toBe(3)
    expect(ran.stderr).toContain('line 1: no id column "id" (see --id-column)')
    expect(ran.stderr).toContain('line 1: column "agee" is not an attribute of the catalog\'s dataModel.subject')
    expect(ran.stderr).toContain('line 1: no column for the required attribute "age"')
  })
})
