/**
 * A bounded HTTP load driver on loopback, shared by `npm run service:load` and
 * `npm run scaling:load`: `connections` keep-alive clients in parallel, request i going to
 * `ports[i % ports.length]` (round robin), until `limit` requests or `seconds` have passed;
 * requests/s and p50/p99 latency.
 */
import { Agent, request as httpRequest } from "node:http"

export interface Result {
  readonly requests: number
  readonly seconds: number
  readonly p50: number
  readonly p99: number
}

export interface DriveOptions {
  readonly ports: ReadonlyArray<number>
  readonly path: string
  readonly body: (i: number) => string
  readonly limit: number
  readonly connections: number
  readonly seconds: number
  readonly token: string
  /** the first request index (default 0) */
  readonly from?: number
}

export const drive = async (options: DriveOptions): Promise<Result> => {
  const { ports, path, body, connections, token } = options
  const agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: connections }))
  const latencies: Array<number> = []
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const from = options.from ?? 0
  const end = from + options.limit
  let next = from
  const one = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now()
      const k = i % ports.length
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: ports[k],
          method: "POST",
          path,
          agent: agents[k],
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }
        },
        (res) => {
          res.resume()
          res.on("end", () => {
            if (res.statusCode !== 200) reject(new Error(`${path}: status ${res.statusCode}`))
            latencies.push(performance.now() - t0)
            resolve()
          })
        }
      )
      req.on("error", reject)
      req.end(body(i))
    })
  const client = async (): Promise<void> => {
    while (next < end && performance.now() < deadline) await one(next++)
  }
  await Promise.all(Array.from({ length: connections }, client))
  const seconds = (performance.now() - started) / 1000
  for (const a of agents) a.destroy()
  latencies.sort((a, b) => a - b)
  return { requests: latencies.length, seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) }
}

/** the q-quantile of sorted values (NaN when there are none) */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

export const fmt = (r: Result): string =>
  `${Math.round(r.requests / r.seconds)}/s over ${r.requests} requests, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`
