// document and navigator are used in page.evaluate callbacks, which run in Chromium
/* global process, console, document, navigator, URL */
// Part of .ci/smoke-pack.sh: the packed tarball, installed in a temporary project (argv[2]), in a
// browser. esbuild bundles a small app for platform "browser" from that project's node_modules
// (nextbest as installed from the tarball, with its peers fp-ts and io-ts), which fails to build
// if the core reached for a Node built-in; headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core, fresh profile) runs it, and it makes one decision with nextBestAction. The
// same app run by Node must make the same decision (decisions are pure functions of their inputs).
import * as esbuild from "esbuild"
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
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

// the app (smoke-app.mjs) imports "nextbest" and its peers as a user's code does, from the project
copyFileSync(new URL("./smoke-app.mjs", import.meta.url), join(work, "smoke-app.mjs"))
const built = await esbuild.build({
  entryPoints: [join(work, "smoke-app.mjs")],
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
writeFileSync(join(work, "smoke-bundle.mjs"), bundle)
const { decide, compare } = await import(pathToFileURL(join(work, "smoke-bundle.mjs")).href)
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
  const drift = compare(`Chromium ${version}`, inBrowser, inNode)
  console.log(
    `browser decision ok (Chromium ${version}): ${JSON.stringify(inBrowser)}; ` +
      `the same actions as in Node (${process.version}), priorities within ${drift.toExponential(1)} relative`
  )
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
