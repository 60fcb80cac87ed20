/**
 * Every TypeScript block of README.md and docs/*.md compiles: runnable and check blocks as whole
 * modules, fragments with the names of fragment-context.ts in scope (see blocks.ts). The blocks are
 * written to test/.doc-blocks/check and type-checked with the repository's tsconfig.json, where
 * "nextbest" is the source; an error is reported at its line in the markdown file.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { allBlocks, type Block, root } from "./blocks.js"

const outDir = `${root}/test/.doc-blocks/check`
const context = `${root}/test/docs/fragment-context.ts`

const blocks = allBlocks()

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

/** the diagnostics of one program over the given blocks, as "file.md:line: message" */
const check = (written: ReadonlyArray<Written>, extra: ReadonlyArray<string>): Array<string> => {
  const program = ts.createProgram([...written.map((w) => w.path), ...extra], options())
  const byPath = new Map(written.map((w) => [w.path, w.block]))
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n")
    const block = d.file === undefined ? undefined : byPath.get(d.file.fileName)
    if (d.file === undefined || block === undefined) return [`${d.file?.fileName ?? "(global)"}: ${message}`]
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
    return [`${block.file}:${block.line + 1 + line}: ${message}`]
  })
}

describe("doc blocks type-check", () => {
  it("every ts block in docs/ says how it is tested (runnable, check or fragment)", () => {
    expect(blocks.filter((b) => b.mode === "unmarked").map((b) => `${b.file}:${b.line}`)).toEqual([])
  })

  it("there are blocks of each kind", () => {
    expect(blocks.filter((b) => b.mode === "runnable").length).toBeGreaterThan(5)
    expect(blocks.filter((b) => b.mode === "fragment").length).toBeGreaterThan(5)
  })

  it("every runnable, check and fragment block compiles under the repository's strict settings", () => {
    rmSync(outDir, { recursive: true, force: true })
    mkdirSync(outDir, { recursive: true })
    const write = (block: Block, n: number): Written => {
      const path = `${outDir}/${block.file.replace(/[/.]/g, "_")}_${block.line}_${n}.ts`
      writeFileSync(path, `${block.code}\nexport {}\n`)
      return { block, path }
    }
    const written = blocks.filter((b) => b.mode !== "unmarked").map(write)
    const modules = written.filter((w) => w.block.mode !== "fragment")
    const fragments = written.filter((w) => w.block.mode === "fragment")
    // whole modules are checked without the fragment context, so they cannot lean on it
    expect([...check(modules, []), ...check(fragments, [context])]).toEqual([])
  })
})
