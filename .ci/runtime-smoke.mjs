/* global process, console, URL */
// Part of .ci/smoke-pack.sh: the packed tarball, installed in a temporary project (argv[2]), under
// Bun and Deno. Both come from the npm registry (the npm packages `bun` and `deno` carry each
// platform's binary as an optional dependency; nothing is downloaded from elsewhere), installed in
// a directory of their own, so they are no devDependency of the library and `npm ci` stays lean.
// Each runtime, from the project's node_modules, as a user's code would:
// - imports nextbest from ESM and requires it from CommonJS;
// - runs smoke-app.mjs (one decision with nextBestAction), which must equal Node's decision;
// - runs examples/inbound.ts as it is (both run TypeScript), which must print what Node prints.
// Deno runs everything with no permission at all (no read, env, net…): the library and its peers
// need none.
import { execFileSync } from "node:child_process"
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

const BUN = "1.4.5"
const DENO = "2.9.6"

const work = process.argv[2]
if (work === undefined) throw new Error("usage: node .ci/runtime-smoke.mjs <project with the tarball installed>")
const inCi = process.env["CI"] === "true" || process.env["CI"] === "1"

const run = (command, args, cwd = work) =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })

// the runtimes, in a directory of their own, at the versions above. bun's postinstall puts its
// platform binary in place of the placeholder `bin/bun.exe`, so it is allowed; deno's `bin.cjs`
// finds its platform package itself, so its postinstall (a shortcut) is denied. npm then has no
// install script left to warn about (`npm install-scripts ls`)
const tools = mkdtempSync(join(tmpdir(), "nextbest-runtimes-"))
try {
  writeFileSync(
    join(tools, "package.json"),
    JSON.stringify({ private: true, allowScripts: { bun: true, deno: false } }, null, 2)
  )
  run("npm", ["install", "--no-audit", "--no-fund", "--silent", `bun@${BUN}`, `deno@${DENO}`], tools)

  copyFileSync(new URL("./smoke-app.mjs", import.meta.url), join(work, "smoke-app.mjs"))
  copyFileSync(new URL("../examples/inbound.ts", import.meta.url), join(work, "inbound.ts"))
  writeFileSync(
    join(work, "smoke-decide.mjs"),
    `import { decide } from "./smoke-app.mjs"\nconsole.log(JSON.stringify(decide()))\n`
  )
  writeFileSync(
    join(work, "smoke-import.mjs"),
    `import * as m from "nextbest"\nconst [x] = m.Random.nextDouble(m.Random.fromSeed(1))\n` +
      `if (!(x >= 0 && x < 1)) throw new Error("ESM import is broken")\nconsole.log(Object.keys(m).length)\n`
  )
  writeFileSync(
    join(work, "smoke-require.cjs"),
    `const m = require("nextbest")\nconst [x] = m.Random.nextDouble(m.Random.fromSeed(1))\n` +
      `if (!(x >= 0 && x < 1)) throw new Error("CJS require is broken")\nconsole.log(Object.keys(m).length)\n`
  )

  // the reference: Node, from the same project
  const { compare } = await import(pathToFileURL(join(work, "smoke-app.mjs")).href)
  const exports = run(process.execPath, ["smoke-import.mjs"]).trim()
  const inNode = JSON.parse(run(process.execPath, ["smoke-decide.mjs"]))
  const tsx = new URL("../node_modules/.bin/tsx", import.meta.url).pathname
  const inboundInNode = run(tsx, ["inbound.ts"])
  if (inboundInNode.split("\n").length < 10) throw new Error(`examples/inbound.ts in Node printed:\n${inboundInNode}`)

  const runtimes = [
    { name: "Bun", bin: join(tools, "node_modules/.bin/bun"), run: (file) => [file] },
    { name: "Deno", bin: join(tools, "node_modules/.bin/deno"), run: (file) => ["run", "--no-prompt", file] }
  ]
  for (const runtime of runtimes) {
    let version
    try {
      // "1.4.5" (Bun), "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)" (Deno)
      version = run(runtime.bin, ["--version"])
        .split("\n")[0]
        .replace(/^deno /, "")
        .replace(/ \(.*$/, "")
        .trim()
    } catch (e) {
      // the registry has no binary for every platform (e.g. Deno for musl): skip there, never in CI
      if (inCi) throw e
      console.warn(`skipping ${runtime.name}: its npm package has no binary for ${process.platform}-${process.arch}`)
      continue
    }
    const esm = run(runtime.bin, runtime.run("smoke-import.mjs")).trim()
    const cjs = run(runtime.bin, runtime.run("smoke-require.cjs")).trim()
    if (esm !== exports || cjs !== exports)
      throw new Error(`${runtime.name}: ${esm} exports from ESM, ${cjs} from CJS; Node sees ${exports}`)
    const decision = JSON.parse(run(runtime.bin, runtime.run("smoke-decide.mjs")))
    const drift = compare(runtime.name, decision, inNode)
    const inbound = run(runtime.bin, runtime.run("inbound.ts"))
    if (inbound !== inboundInNode) {
      const [a, b] = [inbound.split("\n"), inboundInNode.split("\n")]
      const i = a.findIndex((line, n) => line !== b[n])
      throw new Error(`${runtime.name}: examples/inbound.ts line ${i + 1} is\n${a[i]}\nin Node\n${b[i]}`)
    }
    console.log(
      `${runtime.name} ok (${version}): ESM import and CJS require (${esm} exports), the same decision as Node ` +
        `(priorities within ${drift.toExponential(1)} relative), examples/inbound.ts printed the same ` +
        `${inbound.split("\n").length - 1} lines` +
        (runtime.name === "Deno" ? ", all with no permission" : "")
    )
  }
} finally {
  rmSync(tools, { recursive: true, force: true })
}
