/**
 * kill -9 at random points: a client drives decisions and feedback through the service, retrying
 * each request until it is acknowledged, while the test kills the process with SIGKILL at random
 * moments (at least 20 times) and restarts it on the same SQLite file. Afterwards:
 * - the log holds every acknowledged decision and event exactly once, and nothing else;
 * - every click is learned exactly once (the models' positives are the clicks);
 * - the models, and every decision the client got, equal those of one uninterrupted run of the
 *   same client against a fresh file.
 */
import Database from "better-sqlite3"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import pg from "pg"
import { bundle, call, decideBody, NOW, start, tempDir, type Running } from "./harness.js"
import { available, startCluster, type Cluster } from "./postgres.js"

const KILLS = 20
const MIN_DECISIONS = 120
const script = bundle("crash")
const tmp = tempDir("nextbest-crash-")
afterAll(() => tmp.remove())

/** the inputs of every logged step, in order */
const loggedSteps = async (kind: "sqlite" | "postgres", location: string): Promise<ReadonlyArray<string>> => {
  if (kind === "sqlite") {
    const file = new Database(location, { readonly: true })
    try {
      return file
        .prepare<[], { inputs: string }>("SELECT inputs FROM log ORDER BY seq")
        .all()
        .map((r) => r.inputs)
    } finally {
      file.close()
    }
  }
  const client = new pg.Client({ connectionString: location })
  await client.connect()
  try {
    return (await client.query<{ inputs: string }>("SELECT inputs FROM log ORDER BY seq")).rows.map((r) => r.inputs)
  } finally {
    await client.end()
  }
}

/** a seeded coin: whether the subject of decision i clicks action a */
const clicks = (i: number, actionId: string): boolean => {
  let h = 2166136261
  for (const ch of `${i}:${actionId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return (h >>> 0) % 4 === 0
}

interface Target {
  current: () => Running
  /** resolves when the service is (again) listening */
  ready: () => Promise<void>
}

const isConnectionError = (e: unknown): boolean =>
  e instanceof Error && /ECONNREFUSED|ECONNRESET|socket hang up|EPIPE|timeout/.test(e.message)

/** posts until acknowledged (a 200), waiting out kills and restarts */
const until = async (target: Target, path: string, body: unknown, written: Run["written"]): Promise<unknown> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    await target.ready()
    try {
      const r = await call(target.current().port, "POST", path, JSON.stringify(body))
      if (r.status === 200) {
        if (r.headers["x-nextbest-replayed"] === "true") written.decisions++
        return r.json()
      }
      throw new Error(`${path}: ${r.status} ${r.text}`)
    } catch (e) {
      if (!isConnectionError(e)) throw e
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  throw new Error(`${path}: never acknowledged`)
}

interface Run {
  readonly decisions: Array<string>
  readonly acknowledgedEvents: Set<string>
  clicks: number
  /** retries that found their request already written by an attempt the kill left unacknowledged */
  readonly written: { decisions: number; events: number }
}

/** decisions and their feedback, until `more()` says stop */
const drive = async (target: Target, more: (i: number) => boolean): Promise<Run> => {
  const run: Run = { decisions: [], acknowledgedEvents: new Set(), clicks: 0, written: { decisions: 0, events: 0 } }
  for (let i = 0; more(i); i++) {
    const decision = (await until(target, "/decide", decideBody(i), run.written)) as {
      actions: ReadonlyArray<{ actionId: string; channel: string }>
    }
    run.decisions.push(JSON.stringify(decision))
    const events: Array<Record<string, unknown>> = []
    for (const a of decision.actions) {
      const on = { actionId: a.actionId, channel: a.channel, decision: `d-${i}` }
      const at = NOW + i * 60_000
      events.push({ _tag: "Impression", eventId: `d-${i}:${a.actionId}:shown`, at: at + 1000, ...on })
      if (clicks(i, a.actionId))
        events.push({
          _tag: "Response",
          eventId: `d-${i}:${a.actionId}:click`,
          at: at + 20_000,
          outcome: "clicked",
          ...on
        })
    }
    // one batch, or one request per event
    const batches = i % 2 === 0 ? [events] : events.map((e) => [e])
    for (const batch of batches) {
      if (batch.length === 0) continue
      const answer = (await until(target, "/feedback", batch, run.written)) as {
        accepted: number
        refused: ReadonlyArray<{ eventId: string; reason: string }>
      }
      // a refusal can only be a retried event that an earlier, unacknowledged attempt wrote
      for (const r of answer.refused) expect(r.reason).toBe("duplicate")
      run.written.events += answer.refused.length
      for (const e of batch) {
        const id = e["eventId"] as string
        expect(run.acknowledgedEvents.has(id)).toBe(false)
        run.acknowledgedEvents.add(id)
        if (e["_tag"] === "Response") run.clicks++
      }
    }
  }
  return run
}

const steady = (service: Running): Target => ({ current: () => service, ready: () => Promise.resolve() })

const modelsOf = async (service: Running): Promise<string> => (await call(service.port, "GET", "/models/snapshot")).text

describe.each(available() ? (["sqlite", "postgres"] as const) : (["sqlite"] as const))("kill -9 on %s", (kind) => {
  let cluster: Cluster | undefined
  afterAll(() => cluster?.stop())

  it(`at ${KILLS} random points loses no acknowledged event, learns none twice, and ends where an uninterrupted run ends`, async () => {
    const db = join(tmp.dir, `killed-${kind}.sqlite`)
    const env: Record<string, string> = { NEXTBEST_SNAPSHOT_EVERY: "25" }
    const freshEnv: Record<string, string> = { ...env }
    if (kind === "postgres") {
      cluster = await startCluster()
      env["NEXTBEST_PG_URL"] = await cluster.database("killed")
      freshEnv["NEXTBEST_PG_URL"] = await cluster.database("uninterrupted")
    }
    let service = await start(script, db, env)
    let ready: Promise<void> = Promise.resolve()
    const target: Target = { current: () => service, ready: () => ready }
    let kills = 0
    let done = false
    let seed = 20240515
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
      return seed % n
    }
    const killer = (async () => {
      while (!done && kills < KILLS) {
        await new Promise((resolve) => setTimeout(resolve, 20 + random(180)))
        if (done) break
        let restarted!: () => void
        ready = new Promise((resolve) => (restarted = resolve))
        service.child.kill("SIGKILL")
        const [, signal] = await service.exited
        expect(signal).toBe("SIGKILL")
        kills++
        service = await start(script, db, env)
        restarted()
      }
    })()
    const killed = await drive(target, (i) => i < MIN_DECISIONS || kills < KILLS)
    done = true
    await killer
    expect(kills).toBeGreaterThanOrEqual(KILLS)
    console.log(
      `kill -9 on ${kind}: ${kills} kills over ${killed.decisions.length} decisions and ${killed.acknowledgedEvents.size} events; ` +
        `retries that found their step already written: ${killed.written.decisions} decisions, ${killed.written.events} events`
    )
    const killedModels = await modelsOf(service)
    service.child.kill("SIGTERM")
    await service.exited

    // the log: every acknowledged decision and event exactly once
    const logged = new Map<string, number>()
    for (const step of await loggedSteps(kind, env["NEXTBEST_PG_URL"] ?? db))
      for (const input of JSON.parse(step) as ReadonlyArray<{
        _tag: string
        eventId?: string
        record?: { decisionId: string }
      }>) {
        const id =
          input._tag === "Decided"
            ? `decision:${input.record?.decisionId}`
            : input._tag === "Expire"
              ? null
              : `event:${input.eventId}`
        if (id !== null) logged.set(id, (logged.get(id) ?? 0) + 1)
      }
    const expected = [
      ...killed.decisions.map((_, i) => `decision:d-${i}`),
      ...[...killed.acknowledgedEvents].map((e) => `event:${e}`)
    ].sort()
    expect([...logged.keys()].sort()).toEqual(expected)
    expect([...logged.values()].every((n) => n === 1)).toBe(true)

    // every click learned once
    const models = JSON.parse(killedModels) as { states: Record<string, { positives?: number }> }
    const positives = Object.values(models.states).reduce((n, s) => n + (s.positives ?? 0), 0)
    expect(positives).toBe(killed.clicks)

    // one uninterrupted run of the same client, on a fresh file
    const fresh = await start(script, join(tmp.dir, `uninterrupted-${kind}.sqlite`), freshEnv)
    try {
      const uninterrupted = await drive(steady(fresh), (i) => i < killed.decisions.length)
      expect(uninterrupted.decisions).toEqual(killed.decisions)
      expect(uninterrupted.acknowledgedEvents).toEqual(killed.acknowledgedEvents)
      expect(await modelsOf(fresh)).toBe(killedModels)
    } finally {
      fresh.child.kill("SIGTERM")
      await fresh.exited
    }
  })
})
