/**
 * The built package, as a user's Node loads it: `dist/` by `import()` and by `require()` in a
 * plain `node` process (not through vitest's transform), and the package.json promises.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as Record<string, unknown>

const runNode = (args: ReadonlyArray<string>): string =>
  execFileSync(process.execPath, [...args], { cwd: root, encoding: "utf8" })

describe("package.json", () => {
  it("has no runtime dependencies; fp-ts and io-ts are peers", () => {
    expect(pkg["dependencies"]).toBeUndefined()
    expect(Object.keys(pkg["peerDependencies"] as object).sort()).toEqual(["fp-ts", "io-ts"])
  })
  it("exports ESM and CJS with per-condition types", () => {
    const exp = (pkg["exports"] as Record<string, Record<string, Record<string, string>>>)["."]
    expect(exp?.["import"]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" })
    expect(exp?.["require"]).toEqual({ types: "./dist/index.d.cts", default: "./dist/index.cjs" })
    expect(pkg["sideEffects"]).toBe(false)
    expect(pkg["files"]).toEqual(["dist"])
    expect(pkg["type"]).toBe("module")
  })
})

describe("dist/ in plain node", () => {
  it("was built (npm test builds first)", () => {
    for (const f of ["index.js", "index.cjs", "index.d.ts", "index.d.cts"])
      expect(existsSync(`${root}/dist/${f}`), f).toBe(true)
  })

  const probe = `
    const keys = Object.keys(m).sort();
    const rng = m.Random.fromSeed("decision-1");
    const [x] = m.Random.nextDouble(rng);
    console.log(JSON.stringify({ keys, x }));
  `

  it("loads by import() and by require(), with the same surface and the same numbers", () => {
    const esm = JSON.parse(runNode(["--input-type=module", "-e", `const m = await import("nextbest"); ${probe}`])) as {
      keys: Array<string>
      x: number
    }
    const cjs = JSON.parse(runNode(["-e", `const m = require("nextbest"); ${probe}`])) as {
      keys: Array<string>
      x: number
    }
    expect(esm.keys.length).toBeGreaterThan(0)
    expect(cjs.keys).toEqual(esm.keys)
    expect(cjs.x).toBe(esm.x)
  })
})
