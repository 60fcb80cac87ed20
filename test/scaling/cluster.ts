/**
 * Replicas of the reference service (examples/service) on one throwaway redis-server, driven by a
 * round-robin client over HTTP on loopback; and the models one process would have learned from
 * everything the replicas logged.
 */
import Database from "better-sqlite3"
import { join } from "node:path"
import * as E from "fp-ts/lib/Either.js"
import { Feedback, Models } from "../../src/index.js"
import { learner } from "../../examples/service/catalog.js"
import { call, decideBody, NOW, start, type Running } from "../service/harness.js"

export interface Replica {
  readonly id: string
  readonly db: string
  running: Running
  /** resolves when the replica is (again) listening */
  ready: Promise<void>
}

export const startReplica = async (
  script: string,
  dir: string,
  id: string,
  env: Readonly<Record<string, string>>
): Promise<Replica> => {
  const db = join(dir, `${id}.sqlite`)
  const running = await start(script, db, { ...env, NEXTBEST_REPLICA_ID: id })
  return { id, db, running, ready: Promise.resolve() }
}

/** kill -9, then start it again on the same store after `downMs` */
export const killAndRestart = async (
  script: string,
  replica: Replica,
  env: Readonly<Record<string, string>>,
  downMs: number
): Promise<void> => {
  let restarted!: () => void
  replica.ready = new Promise((resolve) => (restarted = resolve))
  replica.running.child.kill("SIGKILL")
  await replica.running.exited
  await new Promise((r) => setTimeout(r, downMs))
  replica.running = await start(script, replica.db, { ...env, NEXTBEST_REPLICA_ID: replica.id })
  restarted()
}

export const stopReplica = async (replica: Replica): Promise<void> => {
  if (replica.running.child.exitCode === null && replica.running.child.signalCode === null) {
    replica.running.child.kill("SIGKILL")
    await replica.running.exited
  }
}

const isConnectionError = (e: unknown): boolean =>
  e instanceof Error && /ECONNREFUSED|ECONNRESET|socket hang up|EPIPE|timeout/.test(e.message)

/** posts to a replica until acknowledged (a 200), waiting out its kill and restart */
const until = async (replica: Replica, path: string, body: unknown): Promise<unknown> => {
  for (let attempt = 0; attempt < 400; attempt++) {
    await replica.ready
    try {
      const r = await call(replica.running.port, "POST", path, JSON.stringify(body))
      if (r.status === 200) return r.json()
      throw new Error(`${replica.id} ${path}: ${r.status} ${r.text}`)
    } catch (e) {
      if (!isConnectionError(e)) throw e
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  throw new Error(`${replica.id} ${path}: never acknowledged`)
}

/** a seeded coin: whether the subject of decision i clicks action a */
const clicks = (i: number, actionId: string): boolean => {
  let h = 2166136261
  for (const ch of `${i}:${actionId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return (h >>> 0) % 3 === 0
}

export interface Acknowledged {
  readonly decisions: Set<string>
  readonly events: Set<string>
  clicks: number
}

export const acknowledged = (): Acknowledged => ({ decisions: new Set(), events: new Set(), clicks: 0 })

/**
 * Decisions `from … to-1`, `concurrency` at a time: decision i goes to the next replica in turn
 * (round robin), and its feedback (an impression of each action, a click on some) to the replica
 * that decided it, where its pending decision is. Every request is retried until acknowledged.
 */
export const burst = async (
  replicas: () => ReadonlyArray<Replica>,
  from: number,
  to: number,
  concurrency: number,
  ack: Acknowledged
): Promise<void> => {
  let next = from
  const worker = async (): Promise<void> => {
    while (next < to) {
      const i = next++
      const list = replicas()
      const replica = list[i % list.length] as Replica
      const decisionId = `d-${i}`
      // a second apart: no decision times out during a test (the inbound timeout is 30 minutes)
      const body = decideBody(i, { context: { now: NOW + i * 1000, channel: "web", limit: 2 } })
      const decision = (await until(replica, "/decide", body)) as {
        actions: ReadonlyArray<{ actionId: string; channel: string }>
      }
      ack.decisions.add(decisionId)
      const events: Array<Record<string, unknown>> = []
      for (const a of decision.actions) {
        const on = { actionId: a.actionId, channel: a.channel, decision: decisionId }
        events.push({
          _tag: "Impression",
          eventId: `${decisionId}:${a.actionId}:shown`,
          at: NOW + i * 1000 + 100,
          ...on
        })
        if (clicks(i, a.actionId))
          events.push({
            _tag: "Response",
            eventId: `${decisionId}:${a.actionId}:click`,
            at: NOW + i * 1000 + 500,
            outcome: "clicked",
            ...on
          })
      }
      if (events.length === 0) continue
      const answer = (await until(replica, "/feedback", events)) as {
        refused: ReadonlyArray<{ reason: string }>
      }
      // a refusal can only be a retried event that an attempt cut by a kill had written
      for (const r of answer.refused)
        if (r.reason !== "duplicate") throw new Error(`${replica.id}: refused ${JSON.stringify(r)}`)
      for (const e of events) {
        const id = e["eventId"] as string
        if (ack.events.has(id)) throw new Error(`event ${id} acknowledged twice`)
        ack.events.add(id)
        if (e["_tag"] === "Response") ack.clicks++
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

export interface SyncReport {
  readonly replicaId: string
  readonly sequence: number
  readonly unsynced: number
  readonly unsent: number
  readonly position: string
  readonly applied: Readonly<Record<string, { readonly through: number; readonly ahead: ReadonlyArray<number> }>>
  readonly connected: boolean
  readonly conflicts: number
}

export const syncOf = async (replica: Replica): Promise<SyncReport> => {
  const r = await call(replica.running.port, "GET", "/sync")
  if (r.status !== 200) throw new Error(`${replica.id} /sync: ${r.status}`)
  return r.json() as SyncReport
}

export const modelsOf = async (replica: Replica): Promise<unknown> =>
  (await call(replica.running.port, "GET", "/models/snapshot")).json()

/** whether every replica has published all it learned and holds every other replica's deltas */
export const converged = (reports: ReadonlyArray<SyncReport>): boolean =>
  reports.every(
    (a) =>
      a.unsynced === 0 &&
      a.unsent === 0 &&
      reports.every((b) => a.sequence === 0 || (b.applied[a.replicaId]?.through ?? 0) >= a.sequence)
  )

/** waits until the replicas have converged (the stream drained), at most `ms` */
export const drained = async (replicas: ReadonlyArray<Replica>, ms = 20_000): Promise<ReadonlyArray<SyncReport>> => {
  const deadline = Date.now() + ms
  for (;;) {
    const reports = await Promise.all(replicas.map(syncOf))
    if (converged(reports)) return reports
    if (Date.now() > deadline) throw new Error(`not converged after ${ms} ms: ${JSON.stringify(reports)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

interface LoggedInput {
  readonly _tag: string
  readonly eventId?: string
  readonly record?: { readonly decisionId: string }
}

/** the feedback inputs each replica logged (its sync steps left out), store by store */
export const loggedInputs = (replicas: ReadonlyArray<Replica>): ReadonlyArray<ReadonlyArray<LoggedInput>> =>
  replicas.map((r) => {
    const file = new Database(r.db, { readonly: true })
    try {
      return file
        .prepare<[], { inputs: string }>("SELECT inputs FROM log ORDER BY seq")
        .all()
        .map((row) => JSON.parse(row.inputs) as unknown)
        .filter((step): step is ReadonlyArray<LoggedInput> => Array.isArray(step))
        .flat()
    } finally {
      file.close()
    }
  })

/** how many times each decision and event was logged, over all the replicas' stores */
export const loggedCounts = (logs: ReadonlyArray<ReadonlyArray<LoggedInput>>): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const input of logs.flat()) {
    const id =
      input._tag === "Decided"
        ? `decision:${input.record?.decisionId}`
        : input._tag === "Expire"
          ? null
          : `event:${input.eventId}`
    if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

/**
 * The models of one process that learned every logged decision and event once, in one feedback
 * state (clock ticks left out: no decision times out in these tests, and the replicas' ticks are
 * not ordered across stores); throws when that process would refuse any of them.
 */
export const singleProcessModels = (logs: ReadonlyArray<ReadonlyArray<LoggedInput>>): unknown => {
  const inputs = logs.flat().filter((i) => i._tag !== "Expire")
  const decoded = Feedback.decodeLog(inputs)
  if (E.isLeft(decoded)) throw new Error("a logged input does not decode")
  const state = Feedback.applyAll(Feedback.defaultSettings)(Feedback.initial(Models.empty(learner)), decoded.right)
  const [outbox] = Feedback.drain(state)
  if (outbox.refused.length > 0) throw new Error(`one process refuses: ${JSON.stringify(outbox.refused[0])}`)
  return JSON.parse(JSON.stringify(Models.encode(state.models))) as unknown
}

export const positives = (models: unknown): number =>
  Object.values((models as { states: Record<string, { positives?: number }> }).states).reduce(
    (n, s) => n + (s.positives ?? 0),
    0
  )
