/**
 * Every TypeScript block of README.md and docs/*.md compiles: runnable and check blocks as whole
 * modules, fragments with the names of fragment-context.ts in scope (see blocks.ts). The blocks are
 * written to test/.doc-blocks/check and type-checked with the repository's tsconfig.json, where
 * "nextbest" is the source; an error is reported at its line in the markdown file.
 *
 * Every `@example` of the doc comments in src/ compiles too: examples.test.ts runs them, and
 * running strips the types unchecked, so an example that passes a value of the wrong type, or
 * reads a field a value does not have, would pass there. Each is written to
 * test/.doc-blocks/examples as a module (an internal module's relative import rewritten to point at
 * its file) and checked in the same program as the whole-module blocks (one program: src/ is
 * checked once); an error is reported at the example's `@example` line in the source file.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, relative } from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { allBlocks, type Block, root } from "./blocks.js"
import { allExamples, type Example } from "./docExamples.js"

const outDir = `${root}/test/.doc-blocks/check`
const examplesDir = `${root}/test/.doc-blocks/examples`
const context = `${root}/test/docs/fragment-context.ts`

const blocks = allBlocks()
const examples = allExamples()

const options = (): ts.CompilerOptions => {
  const config = ts.readConfigFile(`${root}/tsconfig.json`, (p) => ts.sys.readFile(p))
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  // a doc block shows a call and may leave a name unused; everything else is as strict as src/
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false }
}

interface Written {
  readonly block: Block
  readonly path: string
}

interface WrittenExample {
  readonly example: Example
  readonly path: string
}

/** the diagnostics of one program over the given blocks and examples, as "file:line: message" */
const check = (
  written: ReadonlyArray<Written>,
  extra: ReadonlyArray<string>,
  exampleModules: ReadonlyArray<WrittenExample> = []
): Array<string> => {
  const program = ts.createProgram(
    [...written.map((w) => w.path), ...extra, ...exampleModules.map((w) => w.path)],
    options()
  )
  const byPath = new Map(written.map((w) => [w.path, w.block]))
  const exampleByPath = new Map(exampleModules.map((w) => [w.path, w.example]))
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n")
    const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 }
    const example = d.file === undefined ? undefined : exampleByPath.get(d.file.fileName)
    if (example !== undefined) return [`${example.file}:${example.line} (@example, its line ${line + 1}): ${message}`]
    const block = d.file === undefined ? undefined : byPath.get(d.file.fileName)
    if (d.file === undefined || block === undefined) return [`${d.file?.fileName ?? "(global)"}: ${message}`]
    return [`${block.file}:${block.line + 1 + line}: ${message}`]
  })
}

/** an `@example` as a module in examplesDir: a relative import points at the source file's folder */
const writeExample = (example: Example, n: number): WrittenExample => {
  const from = relative(examplesDir, dirname(`${root}/${example.file}`))
  const code = example.code.replace(/from "(\.\.?\/[^"]+)"/g, (_, spec: string) => `from "${from}/${spec}"`)
  const path = `${examplesDir}/${example.file.replace(/[/.]/g, "_")}_${example.line}_${n}.ts`
  writeFileSync(path, `${code}\nexport {}\n`)
  return { example, path }
}

describe("doc blocks type-check", () => {
  it("every ts block in docs/ says how it is tested (runnable, check or fragment)", () => {
    expect(blocks.filter((b) => b.mode === "unmarked").map((b) => `${b.file}:${b.line}`)).toEqual([])
  })

  it("there are blocks of each kind", () => {
    expect(blocks.filter((b) => b.mode === "runnable").length).toBeGreaterThan(5)
    expect(blocks.filter((b) => b.mode === "fragment").length).toBeGreaterThan(5)
  })

  it("there are @examples in src/ to check", () => {
    expect(examples.length).toBeGreaterThan(100)
  })

  it("every runnable, check and fragment block, and every @example in src/, compiles under the repository's strict settings", () => {
    rmSync(outDir, { recursive: true, force: true })
    mkdirSync(outDir, { recursive: true })
    rmSync(examplesDir, { recursive: true, force: true })
    mkdirSync(examplesDir, { recursive: true })
    const write = (block: Block, n: number): Written => {
      const path = `${outDir}/${block.file.replace(/[/.]/g, "_")}_${block.line}_${n}.ts`
      writeFileSync(path, `${block.code}\nexport {}\n`)
      return { block, path }
    }
    const written = blocks.filter((b) => b.mode !== "unmarked").map(write)
    const modules = written.filter((w) => w.block.mode !== "fragment")
    const fragments = written.filter((w) => w.block.mode === "fragment")
    // whole modules are checked without the fragment context, so they cannot lean on it
    expect([...check(modules, [], examples.map(writeExample)), ...check(fragments, [context])]).toEqual([])
    // two programs over src/, ~15 s of CPU in all (with or without the @examples): close to vitest's minute of wall
    // time on a loaded machine (55-58 s measured with load average 15 on 2 cores), hence a longer timeout
  }, 300_000)
})
