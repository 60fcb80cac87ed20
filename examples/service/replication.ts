/**
 * Replicas of the service learning as one, through a shared log of deltas (the library's
 * `Replica` protocol); the Redis Streams log is in examples/cluster/redis.ts.
 *
 * Each replica keeps its own store (its decisions, histories, log and snapshots, as a single
 * service does) and, in its feedback state, the replica bookkeeping: what it learned since its
 * last publication (`unsynced`) and the deltas its models contain (`applied`, by replica id and
 * sequence). Three more kinds of step go through the local log, so that a restart replays them:
 *
 * - `{ "join": { models, applied }, position }` — the first step of a new replica: the shared
 *   snapshot it starts from (or none), and the shared log position that snapshot covers;
 * - `{ "publish": delta }` — `Feedback.publish`: what the replica learned since its last
 *   publication, under the next sequence; written locally *before* it is appended to the shared
 *   log (a transactional outbox), so a delta is never lost and a sequence never reused;
 * - `{ "receive": [delta, …], position }` — deltas of other replicas merged (`Feedback.receive`;
 *   none when the entries read were this replica's own), and the shared log position read up to:
 *   durable before it is acknowledged to the shared log, which trims below acknowledged positions.
 *
 * Exactly once: a delta is merged unless its `(replicaId, sequence)` is in `applied`, which is
 * part of the durable state; reading a delta again (a restart re-reads from the last durable
 * position, a resent delta appears twice) changes nothing. Appending is idempotent by
 * `(replicaId, sequence)` in the shared log too.
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { Feedback, Models, Replica, type NaiveBayes } from "../../src/index.js"

type State = Feedback.Feedback<NaiveBayes.State>
export type Replicated = Feedback.ReplicatedState<NaiveBayes.State>
export type Delta = Replica.Delta<NaiveBayes.State>

/** one delta as the shared log returns it: its position there, and its JSON (not yet decoded) */
export interface SharedEntry {
  readonly position: string
  readonly replicaId: string
  readonly sequence: number
  readonly delta: unknown
}

/** the shared models as of a shared log position: every delta at or before it is in `applied` */
export interface SharedSnapshot {
  readonly position: string
  /** `Models.encode` */
  readonly models: unknown
  /** the deltas the models contain, by replica id (`Replica.SequencesCodec` values) */
  readonly applied: unknown
}

export interface Joined {
  /** the latest shared snapshot (asked for only by a new replica) */
  readonly snapshot: SharedSnapshot | null
  /** the last sequence appended under this replica id (0: none) */
  readonly head: number
}

/**
 * The shared log of deltas, as a replica uses it. Positions are opaque, ordered by the log.
 */
export interface SharedLog {
  /**
   * Registers the replica's read position (the log keeps what it has not read). A new replica
   * (`position` null) gets the latest snapshot and is registered at its position; an id that has
   * already published is refused. A returning replica whose position the log has trimmed away is
   * refused. Rejects when the log cannot be reached.
   */
  readonly join: (replicaId: string, position: string | null) => Promise<Joined>
  /** appends a delta unless `(replicaId, sequence)` is there: "present" then */
  readonly append: (replicaId: string, sequence: number, delta: unknown) => Promise<"appended" | "present">
  /** the entries after a position, at most `count`, waiting up to `blockMs` for one */
  readonly read: (after: string, count: number, blockMs: number) => Promise<ReadonlyArray<SharedEntry>>
  /** records how far a replica has read and applied (entries before the slowest replica may be trimmed) */
  readonly acknowledge: (replicaId: string, position: string) => Promise<void>
  /** stores a snapshot unless a newer one is there, then trims what every replica and the snapshot cover */
  readonly saveSnapshot: (snapshot: SharedSnapshot) => Promise<boolean>
  readonly close: () => Promise<void>
}

/** a replica's place in the shared log, kept beside its feedback state */
export interface Sync {
  /** the shared log position read and applied up to ("0-0": nothing) */
  readonly position: string
  /** deltas published locally and not yet known to be in the shared log, oldest first */
  readonly unsent: ReadonlyArray<Delta>
}

export const START = "0-0"

// -------------------------------------------------------------------------------------
// the local log's sync steps and the replicated snapshot
// -------------------------------------------------------------------------------------

const JoinStep = t.type({ join: t.type({ models: t.unknown, applied: t.unknown }), position: t.string })
const PublishStep = t.type({ publish: t.unknown })
const ReceiveStep = t.type({ receive: t.array(t.unknown), position: t.string })
const SyncStep = t.union([JoinStep, PublishStep, ReceiveStep])

export const SNAPSHOT_FORMAT = "nextbest-service/replica"
const ReplicaSnapshot = t.type({
  format: t.literal(SNAPSHOT_FORMAT),
  state: t.unknown,
  position: t.string,
  unsent: t.array(t.unknown)
})

const Applied = t.record(t.string, Replica.SequencesCodec)

const fail = (what: string, errors: t.Errors): never => {
  const paths = errors
    .slice(0, 5)
    .map((e) =>
      e.context
        .map((c) => c.key)
        .filter((k) => k !== "")
        .join(".")
    )
    .join(", ")
  throw new Error(`${what} does not decode (at ${paths || "$"})`)
}

const decodeDelta = (learner: NaiveBayes.NaiveBayes, json: unknown, what: string): Delta => {
  const d = Replica.decodeDelta(learner, json)
  if (E.isLeft(d)) throw new Error(`${what} does not decode`)
  return d.right
}

/** a local snapshot of a replica: its feedback state, its position and its unsent deltas */
export const encodeSnapshot = (state: Replicated, sync: Sync): unknown => ({
  format: SNAPSHOT_FORMAT,
  state: Feedback.encode(state),
  position: sync.position,
  unsent: sync.unsent.map((d) => Replica.encodeDelta(d))
})

export const decodeSnapshot = (
  learner: NaiveBayes.NaiveBayes,
  json: unknown
): { readonly state: Replicated; readonly sync: Sync } => {
  const s = ReplicaSnapshot.decode(json)
  if (E.isLeft(s)) return fail("the local snapshot (a replica's)", s.left)
  const state = Feedback.decode(learner, s.right.state)
  if (E.isLeft(state)) throw new Error("the replica's snapshot state does not decode")
  if (!Feedback.isReplicated(state.right))
    throw new Error("the local snapshot is not a replica's: start a replica on a new store")
  return {
    state: state.right,
    sync: {
      position: s.right.position,
      unsent: s.right.unsent.map((d, i) => decodeDelta(learner, d, `unsent delta ${i} of the snapshot`))
    }
  }
}

/** whether a logged step is one of the sync steps (the others are arrays of feedback inputs) */
export const isSyncStep = (step: unknown): boolean => step !== null && typeof step === "object" && !Array.isArray(step)

/** a replica that has not joined yet: nothing learned, nothing read */
export const notJoined = (learner: NaiveBayes.NaiveBayes, replicaId: string): Replicated =>
  Feedback.initial(Models.empty(learner), { replicaId })

/** the state after a sync step, as it was applied when it was logged */
export const replay = (
  learner: NaiveBayes.NaiveBayes,
  state: Replicated,
  sync: Sync,
  step: unknown
): { readonly state: Replicated; readonly sync: Sync } => {
  // the key names the kind (t.unknown would also accept a missing `publish`)
  const o = step as Readonly<Record<string, unknown>>
  const codec = "join" in o ? JoinStep : "publish" in o ? PublishStep : ReceiveStep
  const s = (codec as t.Type<t.TypeOf<typeof SyncStep>, unknown, unknown>).decode(step)
  if (E.isLeft(s)) return fail("a sync step of the local log", s.left)
  const entry = s.right
  if ("join" in entry) {
    const models = Models.decode(learner, entry.join.models)
    const applied = Applied.decode(entry.join.applied)
    if (E.isLeft(models)) throw new Error("the joined snapshot's models do not decode")
    if (E.isLeft(applied)) return fail("the joined snapshot's applied set", applied.left)
    return {
      state: Feedback.initial(models.right, { replicaId: state.replica.replicaId, applied: applied.right }),
      sync: { position: entry.position, unsent: [] }
    }
  }
  if ("publish" in entry) {
    const logged = decodeDelta(learner, entry.publish, "a published delta of the local log")
    const [delta, next] = Feedback.publish(state)
    if (delta === null || delta.sequence !== logged.sequence || delta.replicaId !== logged.replicaId)
      throw new Error(`the local log's publication ${logged.sequence} does not replay`)
    return { state: next, sync: { ...sync, unsent: [...sync.unsent, delta] } }
  }
  let next = state
  entry.receive.forEach((json, i) => {
    const delta = decodeDelta(learner, json, `received delta ${i} of the local log`)
    if (!Replica.hasApplied(next.replica, delta.replicaId, delta.sequence)) next = Feedback.receive(next, delta)
  })
  return { state: Feedback.drain(next)[1], sync: { ...sync, position: entry.position } }
}

// -------------------------------------------------------------------------------------
// the sync loop
// -------------------------------------------------------------------------------------

export interface Host {
  readonly learner: NaiveBayes.NaiveBayes
  /** runs a step that changes the state, one at a time with the requests' steps */
  readonly serial: <A>(step: () => Promise<A>) => Promise<A>
  readonly current: () => { readonly state: Replicated; readonly sync: Sync | null }
  /** writes a sync step to the local log (none: `null`), then makes the state current */
  readonly commit: (step: unknown, state: Replicated, sync: Sync) => Promise<void>
  readonly log: (line: Readonly<Record<string, unknown>>) => void
}

export interface SyncOptions {
  readonly shared: SharedLog
  /** how often the replica publishes what it learned (ms; default 100) */
  readonly intervalMs?: number
  /** a shared snapshot every this many deltas published or merged by this replica (default 500) */
  readonly snapshotEvery?: number
  /** entries read at once (default 500) */
  readonly batch?: number
}

export interface SyncStatus {
  readonly connected: boolean
  readonly published: number
  readonly received: number
  readonly conflicts: number
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const unsyncedKeys = (state: State): number =>
  state.replica === null ? 0 : Object.keys(state.replica.unsynced.states).length

/**
 * Starts the loops of a replica: join (a new replica first waits for it: it must start from the
 * shared snapshot), publish and append every interval, read and merge the others' deltas, save a
 * shared snapshot now and then. While the shared log cannot be reached the replica goes on
 * deciding and learning; what it learns waits in `unsynced` (one delta at most is outstanding).
 */
export const startSync = async (host: Host, options: SyncOptions) => {
  const { learner } = host
  const { shared } = options
  const interval = options.intervalMs ?? 100
  const snapshotEvery = options.snapshotEvery ?? 500
  const batch = options.batch ?? 500
  const status = { connected: false, published: 0, received: 0, conflicts: 0 }
  let running = true
  let joined = false
  let sinceSnapshot = 0
  let acknowledged = ""
  const replicaId = host.current().state.replica.replicaId

  const join = async (): Promise<void> => {
    const { state, sync } = host.current()
    const joinedAs = await shared.join(replicaId, sync === null ? null : sync.position)
    if (sync === null) {
      const snap = joinedAs.snapshot
      const step = {
        join: { models: snap?.models ?? Models.encode(Models.empty(learner)), applied: snap?.applied ?? {} },
        position: snap?.position ?? START
      }
      const next = replay(learner, state, { position: START, unsent: [] }, step)
      await host.serial(() => host.commit(step, next.state, next.sync))
      host.log({ level: "info", msg: "joined", replicaId, from: step.position, snapshot: snap !== null })
    } else {
      if (joinedAs.head > state.replica.sequence)
        throw new Refused(
          `replica ${replicaId} published up to ${joinedAs.head} but its store holds ${state.replica.sequence}: its state was lost; start it under a new id`
        )
      host.log({ level: "info", msg: "rejoined", replicaId, from: sync.position })
    }
    joined = true
    status.connected = true
  }

  /**
   * publish what was learned (when nothing is outstanding), then append what is outstanding;
   * whether it reached the shared log
   */
  const publishAndSend = async (): Promise<boolean> => {
    const snapshot = await host.serial(async () => {
      const { state, sync } = host.current()
      if (sync === null) return null
      let s = state
      let y = sync
      if (y.unsent.length === 0 && unsyncedKeys(s) > 0) {
        const [delta, next] = Feedback.publish(s)
        if (delta !== null) {
          const step = { publish: Replica.encodeDelta(delta) }
          y = { ...y, unsent: [delta] }
          s = next
          await host.commit(step, s, y)
          sinceSnapshot++
        }
      }
      if (sinceSnapshot < snapshotEvery || unsyncedKeys(s) > 0) return null
      sinceSnapshot = 0
      // the models are exactly the deltas in `applied`: nothing is unsynced
      return {
        position: y.position,
        models: Models.encode(s.models),
        applied: Applied.encode(s.replica.applied)
      }
    })
    let reached = false
    for (;;) {
      const { sync } = host.current()
      const delta = sync?.unsent[0]
      if (sync === null || delta === undefined) break
      await shared.append(delta.replicaId, delta.sequence, Replica.encodeDelta(delta))
      reached = true
      status.published++
      // drop it (a concurrent flush may have dropped it already)
      await host.serial(async () => {
        const now = host.current()
        if (now.sync !== null && now.sync.unsent[0] === delta)
          await host.commit(null, now.state, { ...now.sync, unsent: now.sync.unsent.slice(1) })
      })
    }
    if (snapshot !== null && (await shared.saveSnapshot(snapshot))) {
      reached = true
      host.log({ level: "info", msg: "shared snapshot", position: snapshot.position })
    }
    return reached
  }

  const readOnce = async (): Promise<boolean> => {
    const sync = host.current().sync
    if (sync === null) return false
    const entries = await shared.read(sync.position, batch, 1000)
    if (entries.length === 0) return true
    await host.serial(async () => {
      const now = host.current()
      if (now.sync === null) return
      let state = now.state
      const merged: Array<unknown> = []
      for (const e of entries) {
        if (e.replicaId === replicaId) continue
        const d = Replica.decodeDelta(learner, e.delta)
        if (E.isLeft(d) || d.right.replicaId !== e.replicaId || d.right.sequence !== e.sequence) {
          host.log({ level: "error", msg: "a shared log entry does not decode; skipped", position: e.position })
          continue
        }
        if (Replica.hasApplied(state.replica, e.replicaId, e.sequence)) continue
        state = Feedback.receive(state, d.right)
        merged.push(e.delta)
      }
      const [outbox, drained] = Feedback.drain(state)
      for (const c of outbox.conflicts) {
        status.conflicts++
        host.log({
          level: "error",
          msg: "delta conflict",
          reason: c.reason,
          replicaId: c.replicaId,
          sequence: c.sequence
        })
      }
      const position = (entries[entries.length - 1] as SharedEntry).position
      const next: Sync = { ...now.sync, position }
      // every position read goes through the local log, even past skipped entries only (this
      // replica's own): `acknowledge` tells the shared log this position, and the shared log trims
      // below the positions acknowledged, so a position must be durable before it is acknowledged —
      // else a replica killed after acknowledging rejoins from an older stored position that was
      // trimmed away, and is refused
      await host.commit({ receive: merged, position }, drained, next)
      status.received += merged.length
      sinceSnapshot += merged.length
    })
    return true
  }

  const acknowledge = async (): Promise<boolean> => {
    const sync = host.current().sync
    if (sync === null || sync.position === acknowledged) return false
    await shared.acknowledge(replicaId, sync.position)
    acknowledged = sync.position
    return true
  }

  /** runs a body that may call the shared log; `connected` changes only on a call that answered or failed */
  const guarded = async (what: string, body: () => Promise<boolean>): Promise<boolean> => {
    try {
      if (await body()) {
        if (!status.connected) host.log({ level: "info", msg: "shared log reachable again" })
        status.connected = true
      }
      return true
    } catch (error) {
      if (!running) return false
      if (status.connected)
        host.log({ level: "warn", msg: "shared log unreachable", during: what, error: errorName(error) })
      status.connected = false
      return false
    }
  }

  // a new replica starts from the shared snapshot: it waits for the shared log before serving
  if (host.current().sync === null)
    while (!joined) {
      try {
        await join()
      } catch (error) {
        if (error instanceof Refused) throw error
        host.log({ level: "warn", msg: "waiting for the shared log to join", error: errorName(error) })
        await sleep(500)
      }
    }

  const writer = (async () => {
    while (running) {
      if (!joined) {
        try {
          await join()
        } catch (error) {
          if (error instanceof Refused) {
            host.log({ level: "error", msg: "refused by the shared log", error: String(error.message) })
            running = false
            return
          }
          status.connected = false
        }
      }
      if (joined) await guarded("publish", publishAndSend)
      if (joined) await guarded("acknowledge", acknowledge)
      await sleep(interval)
    }
  })()
  const reader = (async () => {
    while (running) {
      if (!joined || !(await guarded("read", readOnce))) await sleep(200)
    }
  })()

  return {
    status: (): SyncStatus => ({ ...status }),
    /** stops the loops; publishes and appends what is left when the shared log answers within `graceMs` */
    stop: async (graceMs = 1000): Promise<void> => {
      running = false
      await shared.close().catch(() => undefined)
      await Promise.race([Promise.all([writer, reader]), sleep(graceMs)])
    },
    /** one more publish and append now (before a graceful stop) */
    flush: (): Promise<boolean> => (joined ? guarded("flush", publishAndSend) : Promise.resolve(false))
  }
}

/** a refusal by the shared log (a reused id, a trimmed position): retrying cannot help */
export class Refused extends Error {}

const errorName = (error: unknown): string =>
  error instanceof Error ? error.name + ": " + error.message : String(error)
