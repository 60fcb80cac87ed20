/**
 * `npm run scaling:load`: a bounded load run of 1, 2 and 3 replicas of the reference service
 * (examples/service, the 200-action generated catalog, each replica with its own SQLite file in a
 * temp directory) on one throwaway redis-server, all on loopback. Prints:
 * - decisions/s (POST /decide, trace "reasons", as `npm run service:load`) with `LOAD_CONNECTIONS`
 *   keep-alive clients spread round robin over the replicas, for at most `LOAD_REQUESTS` requests
 *   or `LOAD_SECONDS` seconds per configuration, and the ratio to 1 replica;
 * - with 3 replicas, the delay from a click acknowledged by one replica to its effect on each of
 *   the two others (the other replica's `GET /sync` lists the delta that carries it as applied,
 *   polled every 2 ms), p50 and p99 over `LOAD_PROBES` clicks: on idle replicas, and while the
 *   decision load runs;
 * - the machine's load average before and after.
 *
 * Environment: LOAD_CONNECTIONS (8), LOAD_REQUESTS (1500), LOAD_SECONDS (10), LOAD_PROBES (100),
 * NEXTBEST_ACTIONS (200), NEXTBEST_SYNC_MS (100). Figures depend on the machine; they are never
 * asserted.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { Agent, request as httpRequest } from "node:http"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { drive, fmt, quantile, type Result } from "../service/drive.js"
import { redisServer } from "./redisServer.js"

const CONNECTIONS = Number(process.env["LOAD_CONNECTIONS"] ?? 8)
const REQUESTS = Number(process.env["LOAD_REQUESTS"] ?? 1500)
const SECONDS = Number(process.env["LOAD_SECONDS"] ?? 10)
const PROBES = Number(process.env["LOAD_PROBES"] ?? 100)
const SYNC_MS = process.env["NEXTBEST_SYNC_MS"] ?? "100"
const TOKEN = "load-token"
const NOW = Date.UTC(2024, 4, 15, 9, 0)
const SEGMENTS = ["basic", "bronze", "silver", "gold", "platinum"]

/**
 * the decisions' times: one clock for the whole run, 100 ms a request, so that no decision arrives
 * after its replica's clock has passed its response timeout
 */
let clock = NOW
const decideBody = (id: string, i: number): string =>
  JSON.stringify({
    decisionId: id,
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
    context: { now: (clock += 100), channel: "web", limit: 3 },
    options: { trace: "reasons" }
  })

interface Started {
  readonly child: ChildProcess
  readonly port: number
}

const startReplica = (dir: string, prefix: string, id: string, redisUrl: string): Promise<Started> =>
  new Promise((resolve, reject) => {
    const mainTs = fileURLToPath(new URL("../service/main.ts", import.meta.url))
    const child = spawn(process.execPath, ["--import", "tsx", mainTs], {
      env: {
        ...process.env,
        NEXTBEST_TOKEN: TOKEN,
        NEXTBEST_PORT: "0",
        NEXTBEST_DB: join(dir, `${prefix}-${id}.sqlite`),
        NEXTBEST_REDIS_URL: redisUrl,
        NEXTBEST_REDIS_PREFIX: prefix,
        NEXTBEST_REPLICA_ID: id,
        NEXTBEST_SYNC_MS: SYNC_MS
      },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let buffer = ""
    child.stdout?.on("data", (d: Buffer) => {
      buffer += d.toString()
      const m = /"msg":"listening"[^\n]*"port":(\d+)/.exec(buffer)
      if (m !== null) resolve({ child, port: Number(m[1]) })
      if (buffer.length > 100_000) buffer = buffer.slice(-1000)
    })
    child.on("exit", (code) => reject(new Error(`replica ${id} exited with ${code}`)))
  })

const stop = async (replicas: ReadonlyArray<Started>): Promise<void> => {
  await Promise.all(
    replicas.map(
      (r) =>
        new Promise<void>((resolve) => {
          r.child.removeAllListeners("exit")
          r.child.on("exit", () => resolve())
          r.child.kill("SIGTERM")
        })
    )
  )
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 })

const callOnce = (
  port: number,
  method: string,
  path: string,
  body?: string
): Promise<{ headers: Record<string, unknown>; text: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method, path, agent, headers: { authorization: `Bearer ${TOKEN}` } },
      (res) => {
        let text = ""
        res.on("data", (d: Buffer) => (text += d.toString()))
        res.on("end", () =>
          res.statusCode === 200
            ? resolve({ headers: res.headers, text })
            : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))
        )
      }
    )
    req.on("error", reject)
    req.end(body)
  })

/** one request; again on a fresh connection when a kept-alive one was closed by the server meanwhile */
const call = async (
  port: number,
  method: string,
  path: string,
  body?: string
): Promise<{ headers: Record<string, unknown>; text: string }> => {
  for (let attempt = 0; ; attempt++)
    try {
      return await callOnce(port, method, path, body)
    } catch (e) {
      if (attempt >= 2 || !(e instanceof Error) || !/ECONNRESET|EPIPE|socket hang up/.test(e.message)) throw e
    }
}

/** a decision and a click on one replica; the ms until each other replica has applied the delta that carries it */
const probe = async (replicas: ReadonlyArray<Started>, p: number): Promise<ReadonlyArray<number>> => {
  const k = p % replicas.length
  const at = replicas[k] as Started
  const id = `probe-${p}`
  const body = decideBody(id, 100_000 + p)
  const decidedAt = (JSON.parse(body) as { context: { now: number } }).context.now
  const decision = JSON.parse((await call(at.port, "POST", "/decide", body)).text) as {
    actions: ReadonlyArray<{ actionId: string }>
  }
  const actionId = decision.actions[0]?.actionId
  if (actionId === undefined) return []
  const click = {
    _tag: "Response",
    eventId: `${id}:click`,
    at: decidedAt + 50,
    outcome: "clicked",
    actionId,
    channel: "web",
    decision: id
  }
  const answer = await call(at.port, "POST", "/feedback", JSON.stringify(click))
  const acknowledgedAt = performance.now()
  const carried = answer.headers["x-nextbest-delta"]
  // none when a retried request found its click already written: not timed
  if (typeof carried !== "string") return []
  const [replicaId, sequence] = carried.split("#") as [string, string]
  const seq = Number(sequence)
  return Promise.all(
    replicas
      .filter((_, j) => j !== k)
      .map(async (other) => {
        for (;;) {
          const sync = JSON.parse((await call(other.port, "GET", "/sync")).text) as {
            applied: Record<string, { through: number; ahead: ReadonlyArray<number> }>
          }
          const set = sync.applied[replicaId]
          if (set !== undefined && (set.through >= seq || set.ahead.includes(seq)))
            return performance.now() - acknowledgedAt
          await new Promise((r) => setTimeout(r, 2))
        }
      })
  )
}

const probes = async (replicas: ReadonlyArray<Started>, from: number, until: () => boolean): Promise<Array<number>> => {
  const delays: Array<number> = []
  for (let p = from; p < from + PROBES && until(); p++) delays.push(...(await probe(replicas, p)))
  return delays.sort((a, b) => a - b)
}

const fmtDelays = (d: ReadonlyArray<number>): string =>
  `p50 ${quantile(d, 0.5).toFixed(1)} ms, p99 ${quantile(d, 0.99).toFixed(1)} ms over ${d.length} (click, other replica) pairs`

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "nextbest-scaling-"))
  const redis = await redisServer()
  const load = (): string =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(", ")
  console.log(
    `scaling: ${CONNECTIONS} connections round robin, at most ${REQUESTS} decisions or ${SECONDS} s per configuration, ` +
      `200-action catalog, publish every ${SYNC_MS} ms, loopback; load average before: ${load()}`
  )
  const rates: Array<number> = []
  try {
    for (const n of [1, 2, 3]) {
      const prefix = `load${n}`
      const replicas: Array<Started> = []
      for (let r = 1; r <= n; r++) replicas.push(await startReplica(dir, prefix, `r${r}`, redis.url))
      try {
        const ports = replicas.map((r) => r.port)
        const common = { ports, path: "/decide", connections: CONNECTIONS, token: TOKEN }
        // warm up (JIT), not counted
        await drive({ ...common, body: (i) => decideBody(`warm-${i}`, i), limit: 30 * n, seconds: SECONDS })
        const result: Result = await drive({
          ...common,
          body: (i) => decideBody(`load-${i}`, i),
          limit: REQUESTS,
          seconds: SECONDS
        })
        const rate = result.requests / result.seconds
        rates.push(rate)
        console.log(
          `${n} replica${n > 1 ? "s" : ""}: POST /decide ${fmt(result)}; ${(rate / (rates[0] as number)).toFixed(2)}× one replica`
        )
        if (n === 3) {
          const idle = await probes(replicas, 0, () => true)
          console.log(
            `delay from a click acknowledged on one replica to its effect on another, idle: ${fmtDelays(idle)}`
          )
          let busy = true
          const background = drive({
            ...common,
            body: (i) => decideBody(`busy-${i}`, i),
            limit: REQUESTS,
            seconds: SECONDS
          }).finally(() => (busy = false))
          const loaded = await probes(replicas, PROBES, () => busy)
          await background
          console.log(`the same, while ${CONNECTIONS} connections keep deciding: ${fmtDelays(loaded)}`)
        }
      } finally {
        await stop(replicas)
      }
    }
  } finally {
    agent.destroy()
    await redis.remove()
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(`load average after: ${load()}`)
}

await main()
