/**
 * The shared log of deltas on Redis (ioredis): a Redis Stream and three small keys, each change
 * made by one Lua script, so that it is atomic.
 *
 * Keys (prefix `nextbest` by default):
 * - `{prefix}:deltas` — the stream: one entry per delta, fields `r` (replica id), `s` (sequence)
 *   and `d` (the delta's JSON, `Replica.encodeDelta`);
 * - `{prefix}:heads` — a hash: the last sequence appended under each replica id. Appending
 *   `(r, s)` when `s ≤ head` does nothing (a delta resent after a crash appears once); `s > head
 *   + 1` is refused (a gap means a replica lost deltas);
 * - `{prefix}:positions` — a hash: how far each replica has read and applied;
 * - `{prefix}:snapshot` — a hash: `position` and `body` (`{ models, applied }`), the shared models
 *   as of a stream position; only a newer position replaces it;
 * - `{prefix}:trimmed` — the stream id below which entries may have been trimmed.
 *
 * Trimming is safe: saving a snapshot trims the entries below the lowest of the snapshot's
 * position and every registered replica's position (XTRIM MINID), so an entry goes only once
 * every replica has read it and a snapshot contains it. A new replica registers its position and
 * reads the snapshot in one script, so a trim cannot pass it between the two. A replica that
 * leaves for good must be retired (`HDEL {prefix}:positions <id>`), or the stream keeps what it
 * has not read.
 */
import { Redis } from "ioredis"
import { Refused, type SharedEntry, type SharedLog, type SharedSnapshot } from "../service/replication.js"

export interface RedisLogOptions {
  /** e.g. redis://127.0.0.1:6379 */
  readonly url: string
  /** the prefix of the keys (default "nextbest") */
  readonly prefix?: string
}

/** stream ids a and b: a < b */
const LT = `
local function lt(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
`

/** KEYS heads, positions, snapshot, trimmed; ARGV replica id, position ('' for a new replica) */
const JOIN = `${LT}
local head = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if ARGV[2] == '' then
  if head > 0 then
    return redis.error_reply('REFUSED replica id ' .. ARGV[1] .. ' has already published up to ' .. head .. ': a new replica needs a new id')
  end
  local snap = redis.call('HMGET', KEYS[3], 'position', 'body')
  redis.call('HSET', KEYS[2], ARGV[1], snap[1] or '0-0')
  return {tostring(head), snap[1] or '', snap[2] or ''}
end
local trimmed = redis.call('GET', KEYS[4]) or '0-0'
if lt(ARGV[2], trimmed) then
  return redis.error_reply('REFUSED replica ' .. ARGV[1] .. ' read up to ' .. ARGV[2] .. ' but the stream is trimmed up to ' .. trimmed .. ': start it under a new id')
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return {tostring(head), '', ''}
`

/** KEYS heads, stream; ARGV replica id, sequence, delta */
const APPEND = `
local head = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local seq = tonumber(ARGV[2])
if seq <= head then return 0 end
if seq ~= head + 1 then
  return redis.error_reply('REFUSED replica ' .. ARGV[1] .. ' appends ' .. seq .. ' after ' .. head)
end
redis.call('XADD', KEYS[2], '*', 'r', ARGV[1], 's', ARGV[2], 'd', ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`

/** KEYS snapshot, positions, stream, trimmed; ARGV position, body */
const SNAPSHOT = `${LT}
local current = redis.call('HGET', KEYS[1], 'position')
if current and not lt(current, ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'position', ARGV[1], 'body', ARGV[2])
local floor = ARGV[1]
for _, p in ipairs(redis.call('HVALS', KEYS[2])) do
  if lt(p, floor) then floor = p end
end
local trimmed = redis.call('GET', KEYS[4]) or '0-0'
if lt(trimmed, floor) then
  redis.call('XTRIM', KEYS[3], 'MINID', floor)
  redis.call('SET', KEYS[4], floor)
end
return 1
`

const refusal = (error: unknown): unknown =>
  error instanceof Error && error.message.includes("REFUSED ")
    ? new Refused(error.message.replace(/^.*REFUSED /, ""))
    : error

/** the shared log on one Redis server: a connection for commands and one for the blocking reads */
export const redisSharedLog = (options: RedisLogOptions): SharedLog => {
  const prefix = options.prefix ?? "nextbest"
  const key = {
    stream: `${prefix}:deltas`,
    heads: `${prefix}:heads`,
    positions: `${prefix}:positions`,
    snapshot: `${prefix}:snapshot`,
    trimmed: `${prefix}:trimmed`
  }
  // fail fast while Redis is away (the replica retries), reconnect in the background
  const settings = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times: number): number => Math.min(50 * times, 500),
    connectTimeout: 2000
  }
  const commands = new Redis(options.url, settings)
  const reader = new Redis(options.url, settings)
  // errors reach the caller through the commands; the connection events would only repeat them
  commands.on("error", () => undefined)
  reader.on("error", () => undefined)

  return {
    join: async (replicaId, position) => {
      try {
        const [head, snapPosition, body] = (await commands.eval(
          JOIN,
          4,
          key.heads,
          key.positions,
          key.snapshot,
          key.trimmed,
          replicaId,
          position ?? ""
        )) as [string, string, string]
        let snapshot: SharedSnapshot | null = null
        if (body !== "") {
          const parsed = JSON.parse(body) as { models: unknown; applied: unknown }
          snapshot = { position: snapPosition, models: parsed.models, applied: parsed.applied }
        }
        return { head: Number(head), snapshot }
      } catch (error) {
        throw refusal(error)
      }
    },
    append: async (replicaId, sequence, delta) => {
      try {
        const r = await commands.eval(APPEND, 2, key.heads, key.stream, replicaId, sequence, JSON.stringify(delta))
        return r === 1 ? "appended" : "present"
      } catch (error) {
        throw refusal(error)
      }
    },
    read: async (after, count, blockMs) => {
      const reply = (await reader.xread("COUNT", count, "BLOCK", blockMs, "STREAMS", key.stream, after)) as Array<
        [string, Array<[string, Array<string>]>]
      > | null
      const entries: Array<SharedEntry> = []
      for (const [, items] of reply ?? [])
        for (const [id, fields] of items) {
          const f: Record<string, string> = {}
          for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string
          let delta: unknown = null
          try {
            delta = JSON.parse(f["d"] ?? "null")
          } catch {
            delta = null // reported as an entry that does not decode
          }
          entries.push({ position: id, replicaId: f["r"] ?? "", sequence: Number(f["s"]), delta })
        }
      return entries
    },
    acknowledge: async (replicaId, position) => {
      await commands.hset(key.positions, replicaId, position)
    },
    saveSnapshot: async (snapshot) => {
      const body = JSON.stringify({ models: snapshot.models, applied: snapshot.applied })
      const r = await commands.eval(
        SNAPSHOT,
        4,
        key.snapshot,
        key.positions,
        key.stream,
        key.trimmed,
        snapshot.position,
        body
      )
      return r === 1
    },
    close: async () => {
      reader.disconnect()
      commands.disconnect()
    }
  }
}
