/**
 * `npm run demo`, end to end: the command line runs the demo (a small configuration, the same code
 * path) into a temporary folder; the summary it prints and the report's tables are the
 * simulation's own figures; the report opens in headless Chromium (Debian's `chromium`, driven by
 * playwright-core) with no console error and no failed request, every chart is there with its data
 * points, and choosing a customer in the explorer shows their decision. A screenshot is saved in
 * test-output/demo/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HELP, main, parse, summaryLines } from "../../examples/demo/cli.js"
import { pct } from "../../examples/demo/report.js"
import { type DemoResult, runDemo } from "../../examples/demo/run.js"

const CHROMIUM = "/usr/bin/chromium"
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]
const root = fileURLToPath(new URL("../..", import.meta.url))
const outputDir = join(root, "test-output", "demo")
const argv = ["--seed", "7", "--days", "4", "--customers", "600", "--explorer", "12", "--logged", "200", "--quiet"]

const dir = mkdtempSync(join(tmpdir(), "nextbest-demo-"))
let printed = ""
let run: Awaited<ReturnType<typeof main>>

beforeAll(async () => {
  run = await main([...argv, "--out", join(dir, "report")], { write: (t) => void (printed += t), isTTY: false })
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const resultOf = (): DemoResult => {
  expect(run.code).toBe(0)
  return run.result as DemoResult
}

describe("npm run demo: the command line", () => {
  it("documents its options in --help and refuses unknown ones", async () => {
    let out = ""
    expect((await main(["--help"], { write: (t) => void (out += t), isTTY: false })).code).toBe(0)
    for (const option of ["--seed", "--out", "--days", "--customers", "--explorer", "--logged", "--quiet", "--help"])
      expect(out).toContain(option)
    expect(out).toBe(HELP)
    expect(parse(["--bogus"])).toMatch(/unknown option --bogus/)
    expect(parse(["--seed", "x"])).toMatch(/--seed needs a whole number/)
  })

  it("is deterministic for a seed: the run's figures are the simulation's own", () => {
    const parsed = parse(argv)
    if (typeof parsed === "string") throw new Error(parsed)
    const again = runDemo(parsed.config)
    expect(JSON.parse(JSON.stringify(resultOf()))).toEqual(JSON.parse(JSON.stringify(again)))
  })

  it("prints the summary table of the run's figures and the report's path", () => {
    const result = resultOf()
    for (const line of summaryLines(result)) expect(printed).toContain(line)
    for (const s of result.inbound) {
      expect(s.oracleShare).toBeCloseTo(s.expectedReward / s.oracleReward, 12)
      expect(printed).toContain(pct(s.oracleShare))
    }
    const o = result.outbound
    expect(printed).toContain(`${o.sent} sent to ${o.customers} customers`)
    for (const c of o.caps) expect(c.used).toBeLessThanOrEqual(c.max)
    for (const x of result.offPolicy) {
      expect(Number.isFinite(x.value) && Number.isFinite(x.truth) && x.low <= x.value && x.value <= x.high).toBe(true)
      for (const w of x.warnings) expect(printed).toContain(w)
    }
    expect(printed).toContain(`report: ${run.report}`)
    expect(existsSync(run.report as string)).toBe(true)
  })

  it("writes one self-contained file: no external script, stylesheet, image or link", () => {
    const html = readFileSync(run.report as string, "utf8")
    expect(html).not.toMatch(/<script[^>]+src=/i)
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i)
    expect(html).not.toMatch(/<img[^>]+src="(?!data:)/i)
    expect(html).not.toMatch(/url\((?!data:)/i)
  })
})

const chromiumMissing = !existsSync(CHROMIUM)
const inCi = process.env["CI"] === "true" || process.env["CI"] === "1"

describe("npm run demo: the report in headless Chromium", () => {
  if (chromiumMissing && inCi)
    it("has Chromium", () => {
      throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install -y chromium)`)
    })
  if (chromiumMissing && !inCi) {
    console.warn(`skipping the browser test: ${CHROMIUM} is missing (apt-get install chromium)`)
    it.skip(`needs ${CHROMIUM}`, () => {})
    return
  }

  it("loads with no console error and no failed request; every chart has its data points; the explorer shows a decision", async () => {
    const result = resultOf()
    const profile = mkdtempSync(join(tmpdir(), "nextbest-chromium-"))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: { width: 1200, height: 900 }
    })
    try {
      const page = await context.newPage()
      const errors: Array<string> = []
      const failed: Array<string> = []
      const requests: Array<string> = []
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text())
      })
      page.on("pageerror", (e) => errors.push(String(e)))
      page.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? ""}`))
      page.on("request", (r) => requests.push(r.url()))
      await page.goto(pathToFileURL(run.report as string).href, { waitUntil: "load" })

      // every chart, with as many data points as the run computed
      const expected: Record<string, number> = {
        cumulative: result.cumulative.length,
        regret: result.regret.length,
        ctr: result.ctrByDay.length,
        calibration: result.calibration.bins.length,
        funnel: result.funnel.stages.length,
        share: result.actionShare.length,
        capacity: result.outbound.caps.length,
        offpolicy: result.offPolicy.length,
        journey: result.journey.stages.length
      }
      const figures = await page.$$eval("figure.chart", (fs) =>
        fs.map((f) => {
          const svg = f.querySelector("svg")
          const box = svg?.getBoundingClientRect()
          return {
            id: f.getAttribute("data-chart"),
            points: Number(f.getAttribute("data-points")),
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: svg?.querySelectorAll("path, line, rect, text").length ?? 0
          }
        })
      )
      expect(figures.map((f) => f.id)).toEqual(Object.keys(expected))
      for (const f of figures) {
        expect(f.points, f.id ?? "").toBe(expected[f.id as string])
        expect(f.points, f.id ?? "").toBeGreaterThan(0)
        expect(f.width, f.id ?? "").toBeGreaterThan(200)
        expect(f.height, f.id ?? "").toBeGreaterThan(100)
        expect(f.marks, f.id ?? "").toBeGreaterThan(f.points)
      }

      // the summary tables show the run's figures
      for (const s of result.inbound) {
        const cells = await page.$$eval(
          `#summary-inbound tr[data-channel="${s.channel}"][data-strategy="${s.strategy}"] td[data-value]`,
          (tds) => tds.map((td) => Number(td.getAttribute("data-value")))
        )
        expect(cells.slice(0, 4)).toEqual([s.decisions, s.expectedReward, s.oracleShare, s.ctr])
        if (s.liftOfNba !== undefined) expect(cells[4]).toBe(s.liftOfNba.value)
      }
      for (const c of result.outbound.caps) {
        const cells = await page.$$eval(`#summary-outbound tr[data-cap="${c.id}"] td[data-value]`, (tds) =>
          tds.map((td) => Number(td.getAttribute("data-value")))
        )
        expect(cells.slice(0, 2)).toEqual([c.used, c.max])
      }
      for (const x of result.offPolicy) {
        const row = `#summary-offpolicy tr[data-policy="${x.policy}"][data-estimator="${x.estimator}"]`
        const cells = await page.$$eval(`${row} td[data-value]`, (tds) =>
          tds.map((td) => Number(td.getAttribute("data-value")))
        )
        expect(cells).toEqual([x.value, x.truth, x.effectiveRewards])
        expect(await page.textContent(`${row} td:nth-child(6)`)).toBe(
          x.low <= x.truth && x.truth <= x.high ? "yes" : "no"
        )
      }
      const embedded = JSON.parse((await page.textContent("#demo-summary")) as string) as {
        inbound: unknown
        offPolicy: unknown
      }
      expect(embedded.inbound).toEqual(JSON.parse(JSON.stringify(result.inbound)))
      expect(embedded.offPolicy).toEqual(JSON.parse(JSON.stringify(result.offPolicy)))

      // the explorer: one option per customer; choosing one shows their decision
      const options = await page.$$eval("#customer option", (os) => os.map((o) => o.getAttribute("value")))
      expect(options).toEqual(result.explorer.map((e) => e.customerId))
      const entry = result.explorer[3] ?? result.explorer[0]
      if (entry === undefined) throw new Error("no explorer entries")
      await page.selectOption("#customer", entry.customerId)
      await page.waitForSelector(`#explorer-detail[data-customer="${entry.customerId}"]`)
      const ranked = await page.$$eval("#explorer-detail table.ranked tbody tr", (rs) =>
        rs.map((r) => r.getAttribute("data-action"))
      )
      expect(ranked).toEqual(entry.ranked.map((a) => a.actionId))
      const excluded = await page.$$eval("#explorer-detail table.excluded tbody tr", (rs) =>
        rs.map((r) => [
          r.getAttribute("data-action"),
          r.querySelector(".stage")?.textContent,
          r.querySelector(".why")?.textContent
        ])
      )
      expect(excluded).toEqual(entry.excluded.map((x) => [x.actionId, x.stage, x.reason]))
      const first = entry.ranked[0]
      if (first !== undefined)
        expect(await page.textContent("#explorer-detail table.ranked tbody tr")).toContain(first.priority.toFixed(3))

      mkdirSync(outputDir, { recursive: true })
      await page.screenshot({ path: join(outputDir, "report.png"), fullPage: true })

      expect(errors).toEqual([])
      expect(failed).toEqual([])
      expect(requests.every((u) => u.startsWith("file:") || u.startsWith("data:"))).toBe(true)
    } finally {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }, 120_000)
})
