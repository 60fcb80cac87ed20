#!/usr/bin/env node
// The measured size of the package as a consumer's bundler sees it, from the build in dist/
// (`npm run build` first). esbuild (the one tsup brings) bundles, for the browser, with fp-ts and
// io-ts left out (they are peers: the consumer has them anyway):
//
// - entry: everything the entry exports (`export * from "nextbest"`), minified, then gzipped
//   (level 9) — the figure held to the budget stated in README.md ("Size budget");
// - rule: `import { Rule } from "nextbest"` alone — what tree-shaking leaves, with the modules
//   it kept, so that a test can check that no learner code (dist/learners/) came along.
//
// `node scripts/size.mjs` prints the figures; `--json` prints them as JSON.
import * as esbuild from "esbuild"
import { Buffer } from "node:buffer"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

const root = fileURLToPath(new URL("..", import.meta.url))
const PEERS = ["fp-ts", "fp-ts/*", "io-ts", "io-ts/*"]

/** Bundles `contents` (an ES module importing "nextbest") as a browser consumer would. */
export const bundle = async (contents, minify = true) => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "js", sourcefile: "consumer.js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    external: PEERS,
    // the built entry, inside this package (its package.json says `sideEffects: false`)
    alias: { nextbest: `${root}dist/index.js` },
    metafile: true,
    logLevel: "silent"
  })
  const [file] = result.outputFiles
  const [output] = Object.values(result.metafile.outputs)
  const modules = Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([k]) => k.replace(/^.*?dist\//, ""))
    .filter((k) => k !== "consumer.js")
  const text = file.text
  return { text, bytes: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, modules }
}

/** The figures: the whole entry, and `Rule` alone. */
export const measure = async () => {
  const entry = await bundle('export * from "nextbest"')
  // a consumer that uses Rule (so that it is kept) and nothing else
  const rule = await bundle('import { Rule } from "nextbest"\nexport const r = Rule.gte("subject.age", 18)\n')
  return { entry, rule }
}

/** The budget README.md states, in bytes: the line `Size budget: **N kB** …` (1 kB = 1,000 bytes). */
export const budget = () => {
  const m = /Size budget: \*\*(\d+) kB\*\*/.exec(readFileSync(`${root}README.md`, "utf8"))
  if (m === null) throw new Error('README.md states no "Size budget: **N kB**"')
  return Number(m[1]) * 1000
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { entry, rule } = await measure()
  const figures = {
    entry: { minified: entry.bytes, gzip: entry.gzip, modules: entry.modules.length },
    rule: { minified: rule.bytes, gzip: rule.gzip, modules: rule.modules.length },
    budget: budget()
  }
  if (process.argv.includes("--json")) console.log(JSON.stringify(figures, null, 2))
  else {
    const kB = (n) => `${(n / 1000).toFixed(1)} kB`
    console.log(
      `entry (everything exported), minified: ${kB(entry.bytes)}, gzipped: ${kB(entry.gzip)} (budget ${kB(figures.budget)}), ${entry.modules.length} modules`
    )
    console.log(
      `import { Rule } only, minified: ${kB(rule.bytes)}, gzipped: ${kB(rule.gzip)}, ${rule.modules.length} modules`
    )
    console.log("fp-ts and io-ts (peers) excluded")
  }
}
