/**
 * The README's quickstart is code users copy: every ```ts block in README.md (and every block
 * marked ```ts runnable in docs/*.md) is run against the library's source, as the doc-comment
 * examples are. A block states its results with node:assert.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const outDir = `${root}/test/.doc-examples`
const index = pathToFileURL(`${root}/src/index.ts`).href

interface Block {
  readonly file: string
  readonly line: number
  readonly code: string
}

const blocks = (file: string, onlyRunnable: boolean): Array<Block> => {
  const lines = readFileSync(`${root}/${file}`, "utf8").split("\n")
  const found: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(ts|typescript)(\s+runnable)?\s*$/.exec(lines[i] as string)
    if (fence === null || (onlyRunnable && fence[2] === undefined)) continue
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length && !/^```\s*$/.test(lines[j] as string); j++) body.push(lines[j] as string)
    found.push({ file, line: i + 1, code: body.join("\n") })
    i = j
  }
  return found
}

const docs = existsSync(`${root}/docs`) ? readdirSync(`${root}/docs`).filter((f) => f.endsWith(".md")) : []
const all = [...blocks("README.md", false), ...docs.flatMap((f) => blocks(`docs/${f}`, true))]

describe("README quickstart and runnable doc blocks", () => {
  mkdirSync(outDir, { recursive: true })

  it("the README has a quickstart to run", () => {
    expect(all.filter((b) => b.file === "README.md").length).toBeGreaterThan(0)
  })

  all.forEach((block, n) => {
    it(`${block.file}:${block.line}`, async () => {
      const module = block.code.replace(/from "nextbest"/g, `from ${JSON.stringify(index)}`)
      const path = `${outDir}/block-${n}.ts`
      writeFileSync(path, `${module}\nexport {}\n`)
      await import(/* @vite-ignore */ pathToFileURL(path).href)
    })
  })
})
