// Declarations for both module systems, after `tsc -p tsconfig.build.json` has written the ESM
// ones (dist/**/*.d.ts, one per source module): each gets a CommonJS twin (*.d.cts) whose relative
// imports point at the twins (./x.js → ./x.cjs), so `require` consumers see CJS types throughout.
//
// Why tsc and not tsup's bundled declarations: the public barrel exports each concept as a
// namespace and its main type under one name (`Catalog` is both), which TypeScript allows and the
// declaration bundler refuses (two exports of one name).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("../dist/", import.meta.url).pathname
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".d.ts") ? [path] : []
  })

const relative = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.js(["'])/g
let count = 0
for (const file of walk(root)) {
  const text = readFileSync(file, "utf8")
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text.replace(relative, "$1$2.cjs$3"))
  count++
}
process.stderr.write(`types: ${count} declaration files, each with its .d.cts twin\n`)
