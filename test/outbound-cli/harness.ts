/**
 * Runs the outbound command-line tool (examples/outbound-cli) as a real child process: bundled once
 * per test file with esbuild (a plain `node` start takes a fraction of tsx's), run with `node`.
 */
import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildSync } from "esbuild"

export const root = fileURLToPath(new URL("../..", import.meta.url))
export const example = join(root, "examples", "outbound-cli")

/** bundles examples/outbound-cli/main.ts into node_modules/.cache */
export const bundle = (name: string): string => {
  const dir = join(root, "node_modules", ".cache", "nextbest-outbound-cli")
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, `${name}-${process.pid}.mjs`)
  buildSync({
    entryPoints: [join(example, "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error"
  })
  return outfile
}

export interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** runs the bundled tool with these arguments, to its end */
export const runTool = (script: string, args: ReadonlyArray<string>): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env["PATH"] ?? "" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

export const tempDir = (prefix: string): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
