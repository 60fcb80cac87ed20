/**
 * Three replicas of the reference service learning as one through a Redis Stream (examples/cluster),
 * as real processes on loopback with a throwaway redis-server, driven by a round-robin client:
 * - after the stream drains, every replica's models equal, exactly, the models of one process
 *   that learned every logged decision and event once;
 * - kill -9 of one replica in the middle of a burst, and its restart on the same store: nothing
 *   acknowledged is lost or counted twice;
 * - Redis stopped for a few seconds: the replicas keep deciding and learning, and converge when it
 *   returns;
 * - a new replica catches up from the shared snapshot plus the (trimmed) stream.
 * The phases run one after the other on the same cluster; each checks everything learned so far.
 */
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { redisAvailable, redisServer, REDIS_SERVER, type RedisServer } from "../../examples/cluster/redisServer.js"
import { bundle, call, tempDir } from "../service/harness.js"
import {
  acknowledged,
  burst,
  drained,
  killAndRestart,
  loggedCounts,
  loggedInputs,
  modelsOf,
  positives,
  singleProcessModels,
  startReplica,
  stopReplica,
  syncOf,
  type Replica
} from "./cluster.js"

const available = redisAvailable()
if (!available) console.warn(`redis-server is not installed (${REDIS_SERVER}): the replica tests are skipped`)

describe.skipIf(!available)("replicas learning as one through Redis", () => {
  const tmp = tempDir("nextbest-replicas-")
  const script = bundle("replicas")
  let redis: RedisServer
  let env: Record<string, string>
  const replicas: Array<Replica> = []
  const ack = acknowledged()
  const CONCURRENCY = 6

  beforeAll(async () => {
    redis = await redisServer()
    env = {
      NEXTBEST_REDIS_URL: redis.url,
      NEXTBEST_SYNC_MS: "50",
      NEXTBEST_SNAPSHOT_EVERY: "40",
      NEXTBEST_SHARED_SNAPSHOT_EVERY: "8"
    }
    for (const id of ["r1", "r2", "r3"]) replicas.push(await startReplica(script, tmp.dir, id, env))
  })

  afterAll(async () => {
    for (const r of replicas) await stopReplica(r)
    await redis?.remove()
    tmp.remove()
  })

  /** every replica's models are exactly one process's, and each acknowledged input was logged once */
  const checkExact = async (): Promise<void> => {
    await drained(replicas)
    const logs = loggedInputs(replicas)
    const counts = loggedCounts(logs)
    const expected = [...[...ack.decisions].map((d) => `decision:${d}`), ...[...ack.events].map((e) => `event:${e}`)]
    expect([...counts.keys()].sort()).toEqual(expected.sort())
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    const single = singleProcessModels(logs)
    expect(positives(single)).toBe(ack.clicks)
    for (const r of replicas) expect(await modelsOf(r), r.id).toEqual(single)
    for (const r of replicas) expect((await syncOf(r)).conflicts, r.id).toBe(0)
  }

  it("3 replicas behind a round-robin client: after the stream drains, each holds one process's models", async () => {
    await burst(() => replicas, 0, 90, CONCURRENCY, ack)
    await checkExact()
    // each replica learned only a third of the events itself
    const bySelf = loggedInputs(replicas).map((l) => l.filter((i) => i._tag === "Response").length)
    expect(bySelf.every((n) => n > 0 && n < ack.clicks)).toBe(true)
    for (const r of replicas) {
      const metrics = (await call(r.running.port, "GET", "/metrics")).text
      expect(metrics).toContain("nextbest_sync_connected 1")
      expect(metrics).toMatch(/nextbest_sync_received_total [1-9]/)
      expect(metrics).toContain("nextbest_sync_unsent_deltas 0")
    }
  })

  it("kill -9 of one replica in the middle of a burst, then its restart: nothing acknowledged is lost or counted twice", async () => {
    const r2 = replicas[1] as Replica
    const load = burst(() => replicas, 90, 180, CONCURRENCY, ack)
    await new Promise((r) => setTimeout(r, 400))
    await killAndRestart(script, r2, env, 200)
    await new Promise((r) => setTimeout(r, 300))
    await killAndRestart(script, r2, env, 0)
    await load
    await checkExact()
    // after the drain (the restarted replica has synced again), it rejoined from its own store
    expect(r2.running.lines.some((l) => l.includes('"msg":"rejoined"'))).toBe(true)
  })

  it("Redis stopped for a few seconds: the replicas keep deciding and learning, and converge when it returns", async () => {
    const before = ack.events.size
    await redis.stop()
    const stopped = Date.now()
    try {
      // decisions and feedback while Redis is down, all acknowledged
      await burst(() => replicas, 180, 240, CONCURRENCY, ack)
      expect(ack.events.size).toBeGreaterThan(before)
      await new Promise((r) => setTimeout(r, 300))
      const apart = await Promise.all(replicas.map(syncOf))
      expect(apart.map((s) => s.connected)).toEqual([false, false, false])
      expect((await call((replicas[0] as Replica).running.port, "GET", "/metrics")).text).toContain(
        "nextbest_sync_connected 0"
      )
      expect(apart.every((s) => s.unsent + s.unsynced > 0)).toBe(true)
      // the replicas differ meanwhile: each has learned its own share only
      const models = await Promise.all(replicas.map(modelsOf))
      expect(new Set(models.map((m) => JSON.stringify(m))).size).toBe(3)
      // a few seconds down
      await new Promise((r) => setTimeout(r, Math.max(0, stopped + 3000 - Date.now())))
    } finally {
      await redis.start()
    }
    await burst(() => replicas, 240, 270, CONCURRENCY, ack)
    await checkExact()
    expect((await Promise.all(replicas.map(syncOf))).every((s) => s.connected)).toBe(true)
  })

  it("a new replica catches up from the shared snapshot plus the trimmed stream", async () => {
    const client = new Redis(redis.url)
    client.on("error", () => undefined)
    try {
      const heads = await client.hgetall("nextbest:heads")
      const published = Object.values(heads).reduce((n, h) => n + Number(h), 0)
      const length = await client.xlen("nextbest:deltas")
      expect(await client.hget("nextbest:snapshot", "position")).not.toBeNull()
      // the snapshots let the stream be trimmed: it holds fewer entries than were published
      expect(length).toBeLessThan(published)
    } finally {
      client.disconnect()
    }
    const r4 = await startReplica(script, tmp.dir, "r4", env)
    replicas.push(r4)
    expect(r4.running.lines.some((l) => l.includes('"msg":"joined"') && l.includes('"snapshot":true'))).toBe(true)
    await burst(() => replicas, 270, 300, CONCURRENCY, ack)
    await checkExact()
  })
})
