/**
 * House rules checked on the source itself: every public module is exported from the barrel,
 * src/ stays pure and runtime-neutral, fp-ts and io-ts are imported by their lib/ paths, and
 * pillars import only downwards.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const src = fileURLToPath(new URL("../../src", import.meta.url))

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : []
  })

const files = walk(src).map((path) => ({ rel: path.slice(src.length + 1), text: readFileSync(path, "utf8") }))
/** code without comments, so that doc examples do not count as imports */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'])\/\/.*$/gm, "$1")

describe("the public barrel", () => {
  const barrel = readFileSync(`${src}/index.ts`, "utf8")
  const isInternal = (f: { readonly rel: string; readonly text: string }): boolean =>
    f.rel.split("/").includes("internal") || /^\s*\*\s*@internal\b/m.test(f.text.slice(0, 2000))
  const modules = files.filter((f) => f.rel !== "index.ts" && !f.rel.endsWith("/index.ts") && !isInternal(f))

  it.each(files.filter(isInternal).map((f) => f.rel))("does not export the internal module %s", (rel) => {
    expect(barrel).not.toContain(`"./${rel.replace(/\.ts$/, ".js")}"`)
  })

  it.each(modules.map((m) => m.rel))("exports %s (or the module is marked @internal)", (rel) => {
    expect(barrel).toContain(`"./${rel.replace(/\.ts$/, ".js")}"`)
  })
})

describe("pure, runtime-neutral core", () => {
  it.each(files.map((f) => f.rel))(
    "%s reads no clock, draws no Math.random, uses no Node built-in or process",
    (rel) => {
      const text = code(files.find((f) => f.rel === rel)?.text ?? "")
      expect(text).not.toMatch(
        /Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(|\bprocess\.|\brequire\(|from\s+["']node:|from\s+["'](fs|path|os|crypto|child_process|util)["']/
      )
      expect(text).not.toMatch(/from\s+["'](fp-ts|io-ts)\/(?!lib\/)/)
      const imports = [...text.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1] as string)
      for (const spec of imports) {
        expect(
          spec.startsWith(".") || spec.startsWith("fp-ts/lib/") || spec.startsWith("io-ts/lib/"),
          `${rel} imports ${spec}`
        ).toBe(true)
        if (spec.startsWith(".")) expect(spec, `${rel}: relative imports end in .js`).toMatch(/\.js$/)
      }
    }
  )
})

describe("layering", () => {
  // the house from the ground up: a folder may import the kernel and the folders ranked below it,
  // never one of its own rank or above (docs/architecture.md draws the same order)
  const rank: Record<string, number> = {
    kernel: 0,
    rules: 1,
    learners: 1,
    history: 2,
    arbitration: 2,
    policies: 3,
    feedback: 3,
    catalog: 4,
    decide: 5,
    outbound: 6,
    recommend: 6,
    evaluation: 7
  }
  const layerOf = (rel: string): string => rel.split("/")[0] ?? ""
  const folders = [
    ...new Set(
      files
        .map((f) => f.rel)
        .filter((rel) => rel.includes("/"))
        .map(layerOf)
    )
  ].sort()

  it("ranks every folder of src/", () => {
    expect(folders).toEqual(Object.keys(rank).sort())
  })

  it.each(files.filter((f) => layerOf(f.rel) in rank).map((f) => f.rel))(
    "%s imports no folder of its rank or above",
    (rel) => {
      const file = files.find((f) => f.rel === rel)
      const mineLayer = layerOf(rel)
      const mine = rank[mineLayer] as number
      const dir = rel.split("/").slice(0, -1)
      for (const m of code(file?.text ?? "").matchAll(/from\s+["'](\.[^"']+)["']/g)) {
        const parts = [...dir]
        for (const seg of (m[1] as string).split("/")) {
          if (seg === "..") parts.pop()
          else if (seg !== ".") parts.push(seg)
        }
        const target = parts[0] ?? ""
        if (target === mineLayer || !(target in rank)) continue
        expect(rank[target] as number, `${rel} imports ${m[1]}`).toBeLessThan(mine)
      }
    }
  )
})
