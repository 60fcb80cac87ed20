/**
 * The code blocks of README.md and docs/*.md, with the mode each is tested in.
 *
 * A TypeScript block's fence says what it is:
 * - ```` ```ts runnable ```` — a whole program: type-checked and run, its results stated with
 *   `node:assert` (every ts block of README.md is runnable unless marked otherwise);
 * - ```` ```ts check ```` — a whole module: type-checked, not run (it needs a server, a database…);
 * - ```` ```ts fragment ```` — a few lines out of a program: type-checked with the names of
 *   `fragment-context.ts` in scope (`catalog`, `models`, `request`, `decision`, …), not run.
 *
 * An unmarked ts block in docs/ is an error, so no snippet goes untested by accident.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "")

export type Mode = "runnable" | "check" | "fragment" | "unmarked"

export interface Block {
  readonly file: string
  /** the fence's line, 1-based: the block's first code line is `line + 1` */
  readonly line: number
  readonly mode: Mode
  readonly code: string
}

const fence = /^```(ts|typescript)(?:\s+(\w+))?\s*$/

/** the TypeScript blocks of one markdown file (relative to the repository root) */
export const blocksOf = (file: string): Array<Block> => {
  const lines = readFileSync(`${root}/${file}`, "utf8").split("\n")
  const found: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i] as string)
    if (open === null) continue
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length && !/^```\s*$/.test(lines[j] as string); j++) body.push(lines[j] as string)
    const word = open[2]
    const mode: Mode =
      word === "runnable" || word === "check" || word === "fragment"
        ? word
        : word === undefined && file === "README.md"
          ? "runnable"
          : "unmarked"
    found.push({ file, line: i + 1, mode, code: body.join("\n") })
    i = j
  }
  return found
}

export const docFiles = (): Array<string> => [
  "README.md",
  ...(existsSync(`${root}/docs`)
    ? readdirSync(`${root}/docs`)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => `docs/${f}`)
    : [])
]

export const allBlocks = (): Array<Block> => docFiles().flatMap(blocksOf)
