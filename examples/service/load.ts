/**
 * `npm run service:load`: a bounded load run on loopback. Starts the service (SQLite in a temp
 * directory, the 200-action generated catalog) and, in the same run, a bare node:http endpoint
 * returning a fixed JSON body; drives each with `CONNECTIONS` keep-alive clients for at most
 * `REQUESTS` requests or `SECONDS` seconds, and prints requests/s and p50/p99 latency:
 * - decisions (POST /decide, trace "reasons"), with the first place's selection probability
 *   integrated (the library's default) and without (`selectionQuadrature: false`), and their
 *   ratio to the bare endpoint;
 * - feedback events with durable writes, one event per request and in batches of 20 (the
 *   impressions and clicks of the decisions made).
 *
 * Environment: LOAD_CONNECTIONS (8), LOAD_REQUESTS (2000), LOAD_SECONDS (15), NEXTBEST_ACTIONS
 * (200), NEXTBEST_SYNCHRONOUS (FULL). Figures depend on the machine; they are never asserted.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { Agent, request as httpRequest } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { drive, fmt, type Result } from "./drive.js"

const CONNECTIONS = Number(process.env["LOAD_CONNECTIONS"] ?? 8)
const REQUESTS = Number(process.env["LOAD_REQUESTS"] ?? 2000)
const SECONDS = Number(process.env["LOAD_SECONDS"] ?? 15)
const TOKEN = "load-token"
const NOW = Date.UTC(2024, 4, 15, 9, 0)
const SEGMENTS = ["basic", "bronze", "silver", "gold", "platinum"]

const listen = (child: ChildProcess): Promise<number> =>
  new Promise((resolve, reject) => {
    let buffer = ""
    child.stdout?.on("data", (d: Buffer) => {
      buffer += d.toString()
      const m = /"msg":"listening"[^\n]*"port":(\d+)/.exec(buffer)
      if (m !== null) resolve(Number(m[1]))
    })
    child.on("exit", (code) => reject(new Error(`exited with ${code}`)))
  })

const BARE = `
const http = require("node:http")
const body = JSON.stringify({ decisionId: "d", actions: [{ actionId: "action-001", channel: "web", rank: 1 }] })
const s = http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(body) }) })
s.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ msg: "listening", port: s.address().port })))
process.on("SIGTERM", () => s.close(() => process.exit(0)))
`

/** `CONNECTIONS` clients in parallel, each sending body(i) for the next i until the count or time is up */
const driveOne = (port: number, path: string, body: (i: number) => string, limit = REQUESTS): Promise<Result> =>
  drive({ ports: [port], path, body, limit, connections: CONNECTIONS, seconds: SECONDS, token: TOKEN })

const decideBody = (i: number, quadrature = true): string =>
  JSON.stringify({
    decisionId: quadrature ? `load-${i}` : `load-nq-${i}`,
    subject: {
      id: `customer-${i % 5000}`,
      attributes: {
        age: 18 + ((i * 7) % 60),
        segment: SEGMENTS[i % 5],
        balance: (i * 1379) % 30_000,
        score: (i * 31) % 100,
        tag: `t${i % 6}`
      }
    },
    context: { now: NOW + i * 1000, channel: "web", limit: 3 },
    options: quadrature ? { trace: "reasons" } : { trace: "reasons", selectionQuadrature: false }
  })

/** an impression and a click for an action a decision of the decision phase chose (each sent once) */
const events = (i: number, actionId: string): ReadonlyArray<Record<string, unknown>> => {
  const on = { actionId, channel: "web", decision: `load-${i}` }
  return [
    { _tag: "Impression", eventId: `load-${i}:${actionId}:shown`, at: NOW + i * 1000 + 200, ...on },
    { _tag: "Response", eventId: `load-${i}:${actionId}:click`, at: NOW + i * 1000 + 400, outcome: "clicked", ...on }
  ]
}

const BATCH = 20

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "nextbest-load-"))
  const mainTs = fileURLToPath(new URL("./main.ts", import.meta.url))
  const service = spawn(process.execPath, ["--import", "tsx", mainTs], {
    env: { ...process.env, NEXTBEST_TOKEN: TOKEN, NEXTBEST_PORT: "0", NEXTBEST_DB: join(dir, "load.sqlite") },
    stdio: ["ignore", "pipe", "inherit"]
  })
  const bare = spawn(process.execPath, ["-e", BARE], { stdio: ["ignore", "pipe", "inherit"] })
  try {
    const [port, barePort] = await Promise.all([listen(service), listen(bare)])
    console.log(`load: ${CONNECTIONS} connections, at most ${REQUESTS} requests or ${SECONDS} s per phase, loopback`)
    // warm up both (JIT), not counted
    await driveOne(barePort, "/", () => "{}")
    const chosen: Array<ReadonlyArray<string>> = []
    const decisions = await driveOne(port, "/decide", (i) => decideBody(i))
    const fast = await driveOne(port, "/decide", (i) => decideBody(i, false))
    const baseline = await driveOne(barePort, "/", (i) => decideBody(i))
    console.log(`bare node:http, fixed JSON: ${fmt(baseline)}`)
    console.log(`POST /decide (200 actions): ${fmt(decisions)}`)
    console.log(`POST /decide (200 actions), selectionQuadrature: false: ${fmt(fast)}`)
    const share = (r: Result): string =>
      `${((r.requests / r.seconds / (baseline.requests / baseline.seconds)) * 100).toFixed(1)}%`
    console.log(
      `decisions/s as a share of the bare endpoint: ${share(decisions)}; without the quadrature ${share(fast)}`
    )
    // which actions each decision chose: read back (replayed, not re-decided)
    const agent = new Agent({ keepAlive: true })
    for (let i = 0; i < decisions.requests; i++) {
      const text = await new Promise<string>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/decide",
            agent,
            headers: { authorization: `Bearer ${TOKEN}` }
          },
          (res) => {
            let t = ""
            res.on("data", (d: Buffer) => (t += d.toString()))
            res.on("end", () => resolve(t))
          }
        )
        req.on("error", reject)
        req.end(decideBody(i))
      })
      chosen.push((JSON.parse(text) as { actions: ReadonlyArray<{ actionId: string }> }).actions.map((a) => a.actionId))
    }
    agent.destroy()
    const singles: Array<string> = []
    const all: Array<Record<string, unknown>> = []
    chosen.forEach((ids, i) => ids.forEach((a) => all.push(...events(i, a))))
    const half = Math.floor(all.length / 2)
    for (const e of all.slice(0, half)) singles.push(JSON.stringify(e))
    const batches: Array<string> = []
    for (let k = half; k < all.length; k += BATCH) batches.push(JSON.stringify(all.slice(k, k + BATCH)))
    // each body once: a repeated event is refused as a duplicate and writes nothing
    const one = await driveOne(port, "/feedback", (i) => singles[i] as string, singles.length)
    const batched = await driveOne(port, "/feedback", (i) => batches[i] as string, batches.length)
    const batchedEvents = batches
      .slice(0, batched.requests)
      .reduce((n, b) => n + (JSON.parse(b) as unknown[]).length, 0)
    console.log(
      `POST /feedback, one event per request (durable): ${fmt(one)}; ${Math.round(Math.min(one.requests, singles.length) / one.seconds)} events/s`
    )
    console.log(
      `POST /feedback, batches of ${BATCH} (durable): ${fmt(batched)}; ${Math.round(batchedEvents / batched.seconds)} events/s`
    )
  } finally {
    service.kill("SIGTERM")
    bare.kill("SIGTERM")
    await new Promise((r) => service.on("exit", r))
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
