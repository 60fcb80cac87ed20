/**
 * End to end: --help documents every flag and the exit codes; a wrong command line exits 2; a
 * missing or invalid input file exits 3 and reports the file and the path of every problem.
 */
import { rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EXIT, FLAGS } from "../../examples/outbound-cli/args.js"
import { bundle, example, runTool, tempDir } from "./harness.js"

let script: string
const temp = tempDir("nextbest-outbound-cli-inputs-")
beforeAll(() => {
  script = bundle("inputs")
  writeFileSync(join(temp.dir, "customers.csv"), "id,age,income,tenure\nc-1,40,50,3\n")
})
afterAll(() => {
  temp.remove()
  rmSync(script, { force: true })
})

const files = (over: Readonly<Record<string, string>> = {}): ReadonlyArray<string> =>
  Object.entries({
    customers: join(temp.dir, "customers.csv"),
    catalog: join(example, "catalog.json"),
    settings: join(example, "settings.json"),
    models: join(example, "models.json"),
    out: join(temp.dir, "out"),
    ...over
  }).flatMap(([k, v]) => [`--${k}`, v])

describe("the command line", () => {
  it("--help documents every flag and every exit code", async () => {
    const ran = await runTool(script, ["--help"])
    expect(ran.code).toBe(0)
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    for (const f of FLAGS) expect(ran.stdout).toMatch(new RegExp(`^  --${f.name}\\b.*${escape(f.describe)}`, "m"))
    for (const code of Object.values(EXIT)) expect(ran.stdout).toMatch(new RegExp(`^  ${code}  \\S`, "m"))
  })

  it("an unknown flag, a missing required flag or a bad number exits 2", async () => {
    const unknown = await runTool(script, ["--customerz", "x.csv"])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("--customerz")
    const missing = await runTool(script, ["--customers", "x.csv", "--sample-rate", "2"])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("--catalog is required")
    expect(missing.stderr).toContain('--sample-rate: expected a number in (0, 1], found "2"')
  })
})

describe("input files", () => {
  it("a missing file exits 3 and names it", async () => {
    const ran = await runTool(script, files({ settings: join(temp.dir, "nope.json") }))
    expect(ran.code).toBe(3)
    expect(ran.stderr).toContain(`${join(temp.dir, "nope.json")}: no such file`)
  })

  it("invalid settings exit 3 with the path of every problem", async () => {
    const settings = join(temp.dir, "settings.json")
    writeFileSync(
      settings,
      JSON.stringify({
        now: "2024-05-15T18:00:00Z",
        channels: ["email", "fax"],
        capacities: [
          { id: "emails", max: 100, channel: "email" },
          { id: "sms", max: -1 }
        ],
        learner: { kind: "thompsonSampling" },
        perSubjet: 1
      })
    )
    const ran = await runTool(script, files({ settings }))
    expect(ran.code).toBe(3)
    const lines = ran.stderr.split("\n").filter((l) => l.startsWith(`${settings}: `))
    expect(lines.some((l) => l.includes("$.runId [required]"))).toBe(true)
    expect(lines.some((l) => l.includes("$.capacities[1].max"))).toBe(true)
    expect(lines.some((l) => l.includes("$.perSubjet [unknown_key]"))).toBe(true)
  })

  it("channels the catalog does not offer are reported at $.channels", async () => {
    const settings = join(temp.dir, "channels.json")
    writeFileSync(
      settings,
      JSON.stringify({
        runId: "r",
        now: "2024-05-15T18:00:00Z",
        channels: ["email", "fax"],
        capacities: [],
        learner: { kind: "thompsonSampling" }
      })
    )
    const ran = await runTool(script, files({ settings, models: join(temp.dir, "none.json") }))
    expect(ran.code).toBe(3)
    expect(ran.stderr).toMatch(/channels\.json: \$\.channels\[1\] \[unknown_reference\] no action offers channel "fax"/)
  })

  it("a catalog or models snapshot that does not decode exits 3 with its paths", async () => {
    const catalog = join(temp.dir, "catalog.json")
    writeFileSync(catalog, JSON.stringify({ issues: [], actions: [{ id: "A" }] }))
    const models = join(temp.dir, "models.json")
    writeFileSync(models, JSON.stringify({ version: 9, learner: "naiveBayes", states: {} }))
    const broken = join(temp.dir, "broken.json")
    writeFileSync(broken, "{ not json")
    const ran = await runTool(script, files({ catalog, models }))
    expect(ran.code).toBe(3)
    expect(ran.stderr).toMatch(/catalog\.json: \$\.actions\[0\]\.issue \[required\]/)
    expect(ran.stderr).toMatch(/models\.json: \$\.version \[unknown_version\]/)
    const notJson = await runTool(script, files({ catalog: broken }))
    expect(notJson.code).toBe(3)
    expect(notJson.stderr).toContain(`${broken}: not JSON`)
  })
})
