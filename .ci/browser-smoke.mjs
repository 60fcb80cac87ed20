// document and navigator are used in page.evaluate callbacks, which run in Chromium
/* global process, console, document, navigator */
// Part of .ci/smoke-pack.sh: the packed tarball, installed in a temporary project (argv[2]), in a
// browser. esbuild bundles a small app for platform "browser" from that project's node_modules
// (nextbest as installed from the tarball, with its peers fp-ts and io-ts), which fails to build
// if the core reached for a Node built-in; headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core, fresh profile) runs it, and it makes one decision with nextBestAction. The
// same app run by Node must make the same decision (decisions are pure functions of their inputs).
import * as esbuild from "esbuild"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium } from "playwright-core"

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
const work = process.argv[2]
if (work === undefined) throw new Error("usage: node .ci/browser-smoke.mjs <project with the tarball installed>")

const app = `
import * as E from "fp-ts/lib/Either.js"
import { catalog, DecodeError, Models, nextBestAction, Request, Rule as R, thompsonSampling } from "nextbest"

export const decide = () => {
  const compiled = catalog({
    issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] }],
    actions: [
      { id: "GoldCard", issue: "Sales", group: "Cards", value: 120, channels: [{ channel: "web", direction: "inbound" }],
        policies: { eligibility: R.encode(R.gte("subject.age", 21)) } },
      { id: "StudentCard", issue: "Sales", group: "Cards", value: 40, channels: [{ channel: "web", direction: "inbound" }],
        policies: { eligibility: R.encode(R.between("subject.age", 18, 26)) } },
      { id: "CarLoan", issue: "Sales", group: "Loans", value: 300, channels: [{ channel: "web", direction: "inbound" }] }
    ]
  })
  if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
  const request = Request.decode({
    decisionId: "browser-1",
    subject: { id: "ana", attributes: { age: 34 } },
    context: { now: "2024-05-15T10:30:00Z", channel: "web", limit: 2 }
  })
  if (E.isLeft(request)) throw new Error(DecodeError.render(request.left))
  const d = nextBestAction(compiled.right, Models.empty(thompsonSampling()), request.right)
  return {
    chosen: d.actions.map((a) => ({ actionId: a.actionId, priority: a.priority })),
    excluded: d.excluded.map((x) => [x.actionId, x.stage])
  }
}
if (typeof document !== "undefined") {
  try {
    globalThis.__decision = decide()
  } catch (e) {
    globalThis.__decision = { error: String(e) }
  }
  document.title = "decided"
}
`
writeFileSync(join(work, "app.js"), app)
const built = await esbuild.build({
  entryPoints: [join(work, "app.js")],
  absWorkingDir: work,
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  write: false,
  metafile: true,
  logLevel: "error"
})
const bundle = built.outputFiles[0].text
const inputs = Object.keys(built.metafile.inputs)
const fromTarball = inputs.filter((i) => i.includes("node_modules/nextbest/dist/"))
if (fromTarball.length === 0) throw new Error("the browser bundle did not take nextbest from the installed tarball")
console.log(
  `browser bundle ok: ${(bundle.length / 1000).toFixed(1)} kB minified, ${fromTarball.length} modules of nextbest`
)

// the same app in Node
writeFileSync(join(work, "app.mjs"), bundle)
const { decide } = await import(pathToFileURL(join(work, "app.mjs")).href)
const inNode = decide()

if (!existsSync(CHROMIUM)) {
  const inCi = process.env["CI"] === "true" || process.env["CI"] === "1"
  if (inCi) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`)
  console.warn(`skipping the browser run: ${CHROMIUM} is missing (apt-get install chromium)`)
  process.exit(0)
}
// inline, so that file:// needs no module fetch
writeFileSync(
  join(work, "index.html"),
  `<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body>` +
    `<script type="module">${bundle.replace(/<\/script/gi, "<\\/script")}</script></body></html>`
)
const profile = mkdtempSync(join(tmpdir(), "nextbest-smoke-chromium-"))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  args: ARGS,
  headless: true
})
try {
  const page = await context.newPage()
  const errors = []
  const requests = []
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text())
  })
  page.on("pageerror", (e) => errors.push(String(e)))
  page.on("request", (r) => requests.push(r.url()))
  await page.goto(pathToFileURL(join(work, "index.html")).href, { waitUntil: "load" })
  await page.waitForFunction(() => document.title === "decided", null, { timeout: 30_000 })
  const inBrowser = await page.evaluate(() => globalThis.__decision)
  const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent))
  if (errors.length > 0) throw new Error(`errors in Chromium: ${errors.join("; ")}`)
  const elsewhere = requests.filter((u) => !u.startsWith("file:"))
  if (elsewhere.length > 0) throw new Error(`the page made requests: ${elsewhere.join(", ")}`)
  if (inBrowser === undefined || "error" in inBrowser)
    throw new Error(`no decision in Chromium: ${JSON.stringify(inBrowser)}`)
  if (inBrowser.chosen.length !== 2) throw new Error(`expected 2 actions, got ${JSON.stringify(inBrowser)}`)
  // The same actions in the same order and the same exclusions; priorities equal up to rounding:
  // Math.exp, Math.log, Math.pow, … are not bit-identical across V8 versions (Node 20's V8 11.3
  // and Chromium 156 differ in the last bit for about 1 input in 10), so the Beta draws behind a
  // Thompson-sampling propensity can differ in the last bits between engines.
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  const ids = (d) => d.chosen.map((a) => a.actionId)
  if (!same(ids(inBrowser), ids(inNode)) || !same(inBrowser.excluded, inNode.excluded))
    throw new Error(`Chromium and Node decided differently:\n${JSON.stringify(inBrowser)}\n${JSON.stringify(inNode)}`)
  let drift = 0
  inBrowser.chosen.forEach((a, i) => {
    const b = inNode.chosen[i].priority
    drift = Math.max(drift, Math.abs(a.priority - b) / Math.max(Math.abs(b), Number.MIN_VALUE))
  })
  if (!(drift <= 1e-12)) throw new Error(`priorities differ by ${drift} (relative) between Chromium and Node`)
  console.log(
    `browser decision ok (Chromium ${version}): ${JSON.stringify(inBrowser)}; ` +
      `the same actions as in Node (${process.version}), priorities within ${drift.toExponential(1)} relative`
  )
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
