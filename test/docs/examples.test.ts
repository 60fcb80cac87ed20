/**
 * Runs every `@example` block of every doc comment in src/: the block is written to a module
 * whose `"nextbest"` imports point at src/index.ts, and imported. An example of an internal module
 * (not reachable from "nextbest") imports its module by a path relative to its own file
 * (`from "./BinStatistics.js"`). An example states its results with `node:assert`, so a wrong
 * example fails here.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const outDir = `${root}/test/.doc-examples`

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : []
  })

interface Example {
  readonly file: string
  readonly line: number
  readonly code: string
}

/** the `@example` blocks of one source file, with the line each starts on */
export const extractExamples = (file: string, source: string): Array<Example> => {
  const examples: Array<Example> = []
  const lines = source.split("\n")
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i] as string)) continue
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const line = lines[j] as string
      if (/^\s*\*\//.test(line) || /^\s*\*\s*@\w+/.test(line)) break
      body.push(line.replace(/^\s*\* ?/, ""))
    }
    const code = body
      .join("\n")
      .replace(/^```\w*\n?|```\s*$/gm, "")
      .trim()
    if (code.length > 0) examples.push({ file: file.slice(root.length), line: i + 1, code })
    i = j - 1
  }
  return examples
}

const examples = walk(`${root}/src`).flatMap((file) => extractExamples(file, readFileSync(file, "utf8")))

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
      const here = pathToFileURL(`${root}${example.file}`)
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
