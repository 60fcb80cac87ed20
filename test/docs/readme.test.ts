/**
 * The README's quickstart is code users copy: every runnable block of README.md and docs/*.md
 * (see blocks.ts) is run against the library's source, as the doc-comment
 * examples are. A block states its results with node:assert.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { allBlocks, root } from "./blocks.js"

const outDir = `${root}/test/.doc-blocks/run`
const index = pathToFileURL(`${root}/src/index.ts`).href

const all = allBlocks().filter((b) => b.mode === "runnable")

describe("README quickstart and runnable doc blocks", () => {
  mkdirSync(outDir, { recursive: true })

  it("the README has a quickstart to run", () => {
    expect(all.filter((b) => b.file === "README.md").length).toBeGreaterThan(0)
  })

  all.forEach((block, n) => {
    it(`${block.file}:${block.line}`, async () => {
      const module = block.code.replace(/from "nextbest"/g, `from ${JSON.stringify(index)}`)
      const path = `${outDir}/doc-block-${n}.ts`
      writeFileSync(path, `${module}\nexport {}\n`)
      await import(/* @vite-ignore */ pathToFileURL(path).href)
    })
  })
})
