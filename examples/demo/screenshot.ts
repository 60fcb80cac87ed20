/**
 * `npx tsx examples/demo/screenshot.ts [report.html] [out.png]`: the picture in docs/demo.png, taken
 * from a real report in headless Chromium (/usr/bin/chromium, driven by playwright-core): the
 * header, the key figures and the first charts (the summary tables are hidden for the picture).
 */
import { pathToFileURL } from "node:url"
import { chromium } from "playwright-core"

const [report = "demo-report/index.html", out = "docs/demo.png"] = process.argv.slice(2)
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
})
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1200 }, deviceScaleFactor: 1 })
  await page.goto(pathToFileURL(report).href)
  await page.addStyleTag({ content: "#summary h3, #summary table, #summary p { display: none }" })
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1100, height: 1200 } })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
}
