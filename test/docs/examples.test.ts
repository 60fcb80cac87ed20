/**
 * Runs every `@example` block of every doc comment in src/: the block is written to a module
 * whose `"nextbest"` imports point at src/index.ts, and imported. An example of an internal module
 * (not reachable from "nextbest") imports its module by a path relative to its own file
 * (`from "./BinStatistics.js"`). An example states its results with `node:assert`, so a wrong
 * example fails here.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { allExamples, root } from "./docExamples.js"

const outDir = `${root}/test/.doc-examples`

const examples = allExamples()

describe("doc comment examples", () => {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const index = pathToFileURL(`${root}/src/index.ts`).href

  it("there are examples to run", () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  examples.forEach((example, n) => {
    it(`${example.file}:${example.line}`, async () => {
      expect(example.code).toMatch(/from "nextbest"|from "\.\.?\//)
      const here = pathToFileURL(`${root}/${example.file}`)
      const module = example.code
        .replace(/from "nextbest"/g, `from ${JSON.stringify(index)}`)
        .replace(
          /from "(\.\.?\/[^"]+)\.js"/g,
          (_, spec: string) => `from ${JSON.stringify(new URL(`${spec}.ts`, here).href)}`
        )
      const path = `${outDir}/example-${n}.ts`
      writeFileSync(path, `${module}\nexport {}\n`)
      await import(/* @vite-ignore */ pathToFileURL(path).href)
    })
  })
})
