/**
 * The shared log on Redis (examples/cluster/redis.ts) against a throwaway redis-server: appending
 * is idempotent by (replica id, sequence) and refuses a gap; a replica id that has published
 * cannot join as new; snapshots only move forward; trimming keeps what a registered replica or
 * the snapshot still needs, and a replica whose position was trimmed away is refused.
 */
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { redisSharedLog } from "../../examples/cluster/redis.js"
import { redisAvailable, redisServer, type RedisServer } from "../../examples/cluster/redisServer.js"
import { Refused, type SharedLog } from "../../examples/service/replication.js"

describe.skipIf(!redisAvailable())("the shared log on Redis", () => {
  let redis: RedisServer
  let client: Redis
  const logs: Array<SharedLog> = []
  let n = 0
  /** a shared log under a fresh prefix */
  const fresh = (): { readonly log: SharedLog; readonly prefix: string } => {
    const prefix = `t${n++}`
    const log = redisSharedLog({ url: redis.url, prefix })
    logs.push(log)
    return { log, prefix }
  }
  /** the join, retried while the connection is being made (commands fail fast until then) */
  const join = async (log: SharedLog, id: string, position: string | null) => {
    for (let i = 0; ; i++)
      try {
        return await log.join(id, position)
      } catch (e) {
        if (e instanceof Refused || i > 50) throw e
        await new Promise((r) => setTimeout(r, 50))
      }
  }

  beforeAll(async () => {
    redis = await redisServer()
    client = new Redis(redis.url)
    client.on("error", () => undefined)
  })
  afterAll(async () => {
    for (const l of logs) await l.close()
    client?.disconnect()
    await redis?.remove()
  })

  it("appends a delta once per (replica id, sequence), and refuses a gap", async () => {
    const { log, prefix } = fresh()
    expect(await join(log, "a", null)).toEqual({ head: 0, snapshot: null })
    expect(await log.append("a", 1, { n: 1 })).toBe("appended")
    expect(await log.append("a", 1, { n: 1 })).toBe("present")
    expect(await log.append("a", 2, { n: 2 })).toBe("appended")
    await expect(log.append("a", 4, { n: 4 })).rejects.toBeInstanceOf(Refused)
    expect(await client.xlen(`${prefix}:deltas`)).toBe(2)
    const entries = await log.read("0-0", 10, 10)
    expect(entries.map((e) => [e.replicaId, e.sequence, e.delta])).toEqual([
      ["a", 1, { n: 1 }],
      ["a", 2, { n: 2 }]
    ])
    expect(await log.read((entries[1] as { position: string }).position, 10, 10)).toEqual([])
  })

  it("refuses a new replica under an id that has published", async () => {
    const { log } = fresh()
    await join(log, "a", null)
    await log.append("a", 1, {})
    await expect(log.join("a", null)).rejects.toBeInstanceOf(Refused)
    // the same replica returning with its position is welcome, and told its head
    expect((await log.join("a", "0-0")).head).toBe(1)
  })

  it("keeps the newest snapshot, and trims only what every registered replica has read", async () => {
    const { log, prefix } = fresh()
    await join(log, "a", null)
    await join(log, "b", null)
    for (let s = 1; s <= 4; s++) await log.append("a", s, { s })
    const ids = (await log.read("0-0", 10, 10)).map((e) => e.position)
    // a has read everything, b only the first entry
    await log.acknowledge("a", ids[3] as string)
    await log.acknowledge("b", ids[0] as string)
    expect(await log.saveSnapshot({ position: ids[3] as string, models: { m: 4 }, applied: {} })).toBe(true)
    // kept: b's position and after
    expect(await client.xlen(`${prefix}:deltas`)).toBe(4)
    await log.acknowledge("b", ids[2] as string)
    expect(await log.saveSnapshot({ position: ids[2] as string, models: { m: 3 }, applied: {} })).toBe(false)
    const later = (ids[3] as string).replace(/-(\d+)$/, (_, s: string) => `-${Number(s) + 1}`)
    expect(await log.saveSnapshot({ position: later, models: { m: 5 }, applied: {} })).toBe(true)
    expect(await client.xlen(`${prefix}:deltas`)).toBe(2)
    // a new replica starts from the snapshot and is registered at its position
    const joined = await join(log, "c", null)
    expect(joined.snapshot?.models).toEqual({ m: 5 })
    expect(await client.hget(`${prefix}:positions`, "c")).toBe(joined.snapshot?.position)
    // a replica returning from a position trimmed away is refused
    await expect(log.join("b", ids[0] as string)).rejects.toBeInstanceOf(Refused)
    expect((await log.join("b", ids[2] as string)).head).toBe(0)
  })
})
