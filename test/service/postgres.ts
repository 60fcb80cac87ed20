/**
 * A throwaway PostgreSQL cluster for the service's tests: initdb in a temp directory, pg_ctl on a
 * free loopback port (as the `postgres` user when the tests run as root), one database per test
 * file, stopped and removed afterwards. `null` when PostgreSQL is not installed (the tests then
 * skip with a message). NEXTBEST_PG_BIN overrides the binaries' directory.
 */
import { execFileSync } from "node:child_process"
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

export const PG_BIN = process.env["NEXTBEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"

export interface Cluster {
  /** a new empty database's connection string */
  readonly database: (name: string) => Promise<string>
  readonly stop: () => void
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

export const available = (): boolean => existsSync(join(PG_BIN, "initdb")) && existsSync(join(PG_BIN, "pg_ctl"))

export const startCluster = async (): Promise<Cluster> => {
  const dir = mkdtempSync(join(tmpdir(), "nextbest-pg-"))
  chmodSync(dir, 0o777)
  const asRoot = process.getuid?.() === 0
  const run = (bin: string, args: ReadonlyArray<string>): void => {
    const [cmd, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(PG_BIN, bin), ...args]]
      : [join(PG_BIN, bin), [...args]]
    execFileSync(cmd, argv, { stdio: "pipe", timeout: 60_000 })
  }
  const data = join(dir, "data")
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
  const port = await freePort()
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=16MB -c max_connections=20`,
    "start"
  ])
  const url = (db: string): string => `postgres://postgres@127.0.0.1:${port}/${db}`
  return {
    database: async (name) => {
      const admin = new pg.Client({ connectionString: url("postgres") })
      await admin.connect()
      try {
        await admin.query(`CREATE DATABASE "${name}"`)
      } finally {
        await admin.end()
      }
      return url(name)
    },
    stop: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
