/**
 * `npm run service`: the reference service on SQLite with the generated catalog.
 *
 * Configuration (environment):
 * - NEXTBEST_TOKEN: the bearer token (when unset, one is generated and printed once to stderr);
 * - NEXTBEST_HOST (127.0.0.1), NEXTBEST_PORT (8080; 0 picks a free port);
 * - NEXTBEST_DB: the SQLite file (nextbest-service.sqlite);
 * - NEXTBEST_PG_URL: a PostgreSQL connection string; when set, the state is kept there instead;
 * - NEXTBEST_SYNCHRONOUS: FULL (default) or NORMAL;
 * - NEXTBEST_SNAPSHOT_EVERY: steps between snapshots (1000);
 * - NEXTBEST_ACTIONS: actions in the generated catalog (200);
 * - NEXTBEST_BODY_LIMIT: the largest body in bytes (1048576);
 * - NEXTBEST_REDIS_URL and NEXTBEST_REPLICA_ID: run as one replica of several that learn as one
 *   through a Redis Stream of deltas (examples/cluster, docs/scaling.md); the replica id must be
 *   unique and stable (its store belongs to it);
 * - NEXTBEST_SYNC_MS: how often a replica publishes what it learned (100);
 * - NEXTBEST_SHARED_SNAPSHOT_EVERY: deltas between a replica's shared snapshots (500);
 * - NEXTBEST_REDIS_PREFIX: the prefix of the Redis keys (nextbest).
 *
 * Logs are JSON lines on stdout. SIGTERM or SIGINT: stop accepting, finish the requests in
 * flight, write a snapshot, close the database, exit 0.
 */
import { randomBytes } from "node:crypto"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { generatedCatalog, learner } from "./catalog.js"
import { createService } from "./service.js"
import { postgresStore } from "./pgstore.js"
import { sqliteStore } from "./store.js"

const env = process.env
const log = (line: Readonly<Record<string, unknown>>): void => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...line }) + "\n")
}

const whole = (name: string, fallback: number): number => {
  const raw = env[name]
  if (raw === undefined || raw === "") return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`${name} must be a whole number, got ${JSON.stringify(raw)}\n`)
    process.exit(2)
  }
  return n
}

let token = env["NEXTBEST_TOKEN"] ?? ""
if (token === "") {
  token = randomBytes(24).toString("base64url")
  process.stderr.write(`NEXTBEST_TOKEN is not set; this run's token: ${token}\n`)
}
const synchronous = env["NEXTBEST_SYNCHRONOUS"] === "NORMAL" ? "NORMAL" : "FULL"
const snapshotEvery = Math.max(1, whole("NEXTBEST_SNAPSHOT_EVERY", 1000))
const pgUrl = env["NEXTBEST_PG_URL"] ?? ""
const store =
  pgUrl === ""
    ? sqliteStore({ file: env["NEXTBEST_DB"] ?? "nextbest-service.sqlite", synchronous, snapshotEvery })
    : await postgresStore({ connectionString: pgUrl, snapshotEvery })
log({ level: "info", msg: "store", store: pgUrl === "" ? "sqlite" : "postgres" })
const redisUrl = env["NEXTBEST_REDIS_URL"] ?? ""
const replicaId = env["NEXTBEST_REPLICA_ID"] ?? ""
if ((redisUrl === "") !== (replicaId === "")) {
  process.stderr.write("NEXTBEST_REDIS_URL and NEXTBEST_REPLICA_ID go together: set both or neither\n")
  process.exit(2)
}
const replication =
  redisUrl === ""
    ? undefined
    : {
        replicaId,
        shared: (await import("../cluster/redis.js")).redisSharedLog({
          url: redisUrl,
          prefix: env["NEXTBEST_REDIS_PREFIX"] ?? "nextbest"
        }),
        intervalMs: Math.max(1, whole("NEXTBEST_SYNC_MS", 100)),
        snapshotEvery: Math.max(1, whole("NEXTBEST_SHARED_SNAPSHOT_EVERY", 500))
      }
const service = await createService({
  catalog: generatedCatalog(Math.max(1, whole("NEXTBEST_ACTIONS", 200))),
  learner,
  store,
  token,
  bodyLimit: whole("NEXTBEST_BODY_LIMIT", 1024 * 1024),
  log,
  ...(replication === undefined ? {} : { replication })
})

const server = createServer(service.handle)
server.headersTimeout = 10_000
server.requestTimeout = 30_000
server.listen(whole("NEXTBEST_PORT", 8080), env["NEXTBEST_HOST"] ?? "127.0.0.1", () => {
  const address = server.address() as AddressInfo
  log({ level: "info", msg: "listening", host: address.address, port: address.port })
})

let stopping = false
const stop = (signal: string): void => {
  if (stopping) return
  stopping = true
  log({ level: "info", msg: "stopping", signal })
  service.drain()
  const force = setTimeout(() => {
    log({ level: "error", msg: "requests still in flight after 10 s; closing them" })
    server.closeAllConnections()
  }, 10_000)
  force.unref()
  server.close(() => {
    void service.close().then(
      () => {
        log({ level: "info", msg: "stopped" })
        process.exit(0)
      },
      () => {
        log({ level: "error", msg: "the final snapshot failed; the log is intact" })
        process.exit(1)
      }
    )
  })
  server.closeIdleConnections()
}
process.on("SIGTERM", () => stop("SIGTERM"))
process.on("SIGINT", () => stop("SIGINT"))
