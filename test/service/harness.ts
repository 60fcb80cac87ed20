/**
 * Runs the reference service (examples/service) as a real child process on loopback: bundled once
 * per test file with esbuild (a plain `node` start takes a fraction of tsx's), started on port 0
 * with its own SQLite file, and driven over HTTP.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { request as httpRequest } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildSync } from "esbuild"

const root = fileURLToPath(new URL("../..", import.meta.url))

/** bundles examples/service/main.ts into node_modules/.cache (where it resolves better-sqlite3) */
export const bundle = (name: string): string => {
  const dir = join(root, "node_modules", ".cache", "nextbest-service")
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, `${name}-${process.pid}.mjs`)
  buildSync({
    entryPoints: [join(root, "examples", "service", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    external: ["better-sqlite3", "pg", "ioredis"],
    logLevel: "error"
  })
  return outfile
}

export const TOKEN = "test-token-5f1c"

export interface Running {
  readonly port: number
  readonly child: ChildProcess
  /** stdout lines so far */
  readonly lines: Array<string>
  /** resolves with the exit code (or null) and signal */
  readonly exited: Promise<readonly [number | null, NodeJS.Signals | null]>
}

export const tempDir = (prefix: string): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export const start = (script: string, db: string, env: Readonly<Record<string, string>> = {}): Promise<Running> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: {
        PATH: process.env["PATH"] ?? "",
        NEXTBEST_TOKEN: TOKEN,
        NEXTBEST_PORT: "0",
        NEXTBEST_DB: db,
        NEXTBEST_ACTIONS: "20",
        ...env
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    const lines: Array<string> = []
    let buffer = ""
    let stderr = ""
    const exited = new Promise<readonly [number | null, NodeJS.Signals | null]>((done) =>
      child.on("exit", (code, signal) => done([code, signal]))
    )
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()))
    child.stdout?.on("data", (d: Buffer) => {
      buffer += d.toString()
      let i
      while ((i = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, i)
        buffer = buffer.slice(i + 1)
        lines.push(line)
        const parsed = JSON.parse(line) as { msg?: string; port?: number }
        if (parsed.msg === "listening" && parsed.port !== undefined)
          resolve({ port: parsed.port, child, lines, exited })
      }
    })
    void exited.then(([code, signal]) =>
      reject(new Error(`the service exited (${code ?? signal}) before listening: ${stderr}`))
    )
  })

export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly text: string
  readonly json: () => unknown
}

/** one request; rejects when the connection fails (as when the service is killed) */
export const call = (
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Readonly<Record<string, string>> = { authorization: `Bearer ${TOKEN}` }
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method, path, headers: { ...headers, connection: "close" }, agent: false },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("error", reject)
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown })
        })
      }
    )
    req.on("error", reject)
    req.setTimeout(20_000, () => req.destroy(new Error("timeout")))
    if (body !== undefined) req.end(body)
    else req.end()
  })

export const post = (port: number, path: string, body: unknown): Promise<Answer> =>
  call(port, "POST", path, JSON.stringify(body))

export const NOW = Date.UTC(2024, 4, 15, 9, 0)

/** a valid request for the generated catalog's data model */
export const decideBody = (i: number, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> => ({
  decisionId: `d-${i}`,
  subject: {
    id: `customer-${i % 7}`,
    attributes: {
      age: 35 + ((i * 7) % 40),
      segment: ["basic", "bronze", "silver", "gold", "platinum"][i % 5],
      balance: 6000 + ((i * 1379) % 20_000),
      score: (i * 31) % 100,
      tag: `t${i % 3}`
    }
  },
  context: { now: NOW + i * 60_000, channel: "web", limit: 2 },
  options: { trace: "reasons" },
  ...extra
})
