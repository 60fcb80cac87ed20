/**
 * The `@example` blocks of the doc comments in src/, for the tests that run them
 * (examples.test.ts) and type-check them (examples-typecheck.test.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "")

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : []
  })

export interface Example {
  /** the source file, relative to the repository root (`src/rules/Rule.ts`) */
  readonly file: string
  /** the line of the `@example` tag, 1-based: the example's first line is `line + 1` or `line + 2` (after a fence) */
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
    if (code.length > 0) examples.push({ file: file.slice(root.length + 1), line: i + 1, code })
    i = j - 1
  }
  return examples
}

/** every `@example` of every module under src/ */
export const allExamples = (): Array<Example> =>
  walk(`${root}/src`).flatMap((file) => extractExamples(file, readFileSync(file, "utf8")))
