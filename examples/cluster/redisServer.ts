/**
 * A throwaway redis-server (Debian's `redis-server` package) for the tests and the load run: on a
 * free loopback port, its files in a temp directory, the append-only file written on every
 * command (`appendfsync always`: what Redis acknowledged survives its stop), no RDB snapshots.
 * `stop` shuts it down (SIGTERM: it finishes writing and exits), `start` starts it again on the
 * same port and files, `remove` stops it and deletes the directory. NEXTBEST_REDIS_SERVER
 * overrides the binary.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createConnection, createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const REDIS_SERVER = process.env["NEXTBEST_REDIS_SERVER"] ?? "/usr/bin/redis-server"

export const redisAvailable = (): boolean =>
  existsSync(REDIS_SERVER) && spawnSync(REDIS_SERVER, ["--version"], { stdio: "ignore" }).status === 0

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = createConnection({ host: "127.0.0.1", port })
    let text = ""
    c.setTimeout(500, () => {
      c.destroy()
      resolve(false)
    })
    c.on("data", (d: Buffer) => {
      text += d.toString()
      if (text.includes("\r\n")) {
        c.destroy()
        resolve(text.startsWith("+PONG"))
      }
    })
    c.on("error", () => resolve(false))
    c.on("connect", () => c.write("PING\r\n"))
  })

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** starts it (again); resolves once it answers PING */
  readonly start: () => Promise<void>
  /** shuts it down; resolves once it has exited */
  readonly stop: () => Promise<void>
  readonly remove: () => Promise<void>
}

export const redisServer = async (): Promise<RedisServer> => {
  const dir = mkdtempSync(join(tmpdir(), "nextbest-redis-"))
  const port = await freePort()
  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()
  const start = async (): Promise<void> => {
    const c = spawn(
      REDIS_SERVER,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--daemonize",
        "no",
        "--logfile",
        join(dir, "redis.log")
      ],
      { stdio: "ignore" }
    )
    child = c
    exited = new Promise((resolve) => c.on("exit", () => resolve()))
    for (let i = 0; i < 200; i++) {
      if (c.exitCode !== null) throw new Error(`redis-server exited (${c.exitCode}); see ${join(dir, "redis.log")}`)
      if (await answers(port)) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error("redis-server did not answer within 10 s")
  }
  const stop = async (): Promise<void> => {
    if (child !== null && child.exitCode === null) {
      child.kill("SIGTERM")
      await exited
    }
    child = null
  }
  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    remove: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
