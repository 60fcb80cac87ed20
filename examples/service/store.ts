/**
 * Durable state on SQLite (better-sqlite3): one file in WAL mode.
 *
 * Tables:
 * - `log`: every acknowledged step as a batch of feedback inputs (`Feedback.InputCodec` JSON:
 *   the decision's `Decided` with its record, accepted events, clock ticks), in order;
 * - `decisions`: the decision records (for learning and off-policy evaluation) and the response
 *   each decision got, so that a retried request gets the same answer;
 * - `histories`: each subject's interaction history (`History.encode`);
 * - `snapshots`: the feedback state (models, pending decisions) as of a log position
 *   (`Feedback.encode`); the latest one is kept.
 *
 * A step is written in one transaction before the service answers; on start the service decodes
 * the latest snapshot and replays the log after it. The feedback reducer is deterministic, so the
 * state after a restart is the state of a process that never stopped.
 */
import Database from "better-sqlite3"

export interface LoggedBatch {
  readonly seq: number
  readonly inputs: unknown
}

export interface Loaded {
  readonly snapshot: { readonly seq: number; readonly state: unknown } | null
  readonly batches: ReadonlyArray<LoggedBatch>
}

export interface DecisionRow {
  readonly decisionId: string
  readonly subjectId: string
  readonly at: number
  readonly record: unknown
  readonly response: string
}

/** one acknowledged step */
export interface Step {
  /** an array of feedback inputs, or a replica's sync step (see replication.ts) */
  readonly inputs: unknown
  readonly decision?: DecisionRow
  /** the new history of each subject the step recorded interactions for */
  readonly histories: ReadonlyArray<readonly [string, unknown]>
  /** the feedback state after the step, computed only when a snapshot is due */
  readonly snapshot: () => unknown
}

/**
 * Where the service keeps its state. The service calls `commit` for one step at a time and waits
 * for it; a step is acknowledged only once `commit` has resolved.
 */
export interface Store {
  readonly load: () => Promise<Loaded>
  readonly decisionResponse: (decisionId: string) => Promise<string | undefined>
  readonly history: (subjectId: string) => Promise<unknown>
  /** writes the step in one transaction; resolves with its log position once committed */
  readonly commit: (step: Step) => Promise<number>
  /** writes a snapshot of the state as of the last step */
  readonly snapshot: (state: unknown) => Promise<void>
  readonly lastSeq: () => number
  readonly close: () => Promise<void>
}

export const SNAPSHOT_EVERY = 1000

export interface SqliteOptions {
  /** the database file (`:memory:` for none) */
  readonly file: string
  /** a snapshot every this many steps (default 1,000) */
  readonly snapshotEvery?: number
  /** `FULL` (default: a step survives a power loss) or `NORMAL` (survives a process crash) */
  readonly synchronous?: "FULL" | "NORMAL"
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, inputs TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
  decision_id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, at INTEGER NOT NULL,
  record TEXT NOT NULL, response TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS histories (subject_id TEXT PRIMARY KEY, history TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (seq INTEGER PRIMARY KEY, state TEXT NOT NULL);
`

export const sqliteStore = (options: SqliteOptions): Store => {
  const db = new Database(options.file)
  db.pragma("journal_mode = WAL")
  db.pragma(`synchronous = ${options.synchronous ?? "FULL"}`)
  db.exec(SCHEMA)
  const every = options.snapshotEvery ?? SNAPSHOT_EVERY
  const q = {
    last: db.prepare<[], { seq: number | null }>("SELECT max(seq) AS seq FROM log"),
    snapshot: db.prepare<[], { seq: number; state: string }>(
      "SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1"
    ),
    after: db.prepare<[number], { seq: number; inputs: string }>(
      "SELECT seq, inputs FROM log WHERE seq > ? ORDER BY seq"
    ),
    response: db.prepare<[string], { response: string }>("SELECT response FROM decisions WHERE decision_id = ?"),
    history: db.prepare<[string], { history: string }>("SELECT history FROM histories WHERE subject_id = ?"),
    log: db.prepare<[number, string]>("INSERT INTO log (seq, inputs) VALUES (?, ?)"),
    decision: db.prepare<[string, string, number, string, string, number]>(
      "INSERT INTO decisions (decision_id, subject_id, at, record, response, seq) VALUES (?, ?, ?, ?, ?, ?)"
    ),
    putHistory: db.prepare<[string, string]>(
      "INSERT INTO histories (subject_id, history) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET history = excluded.history"
    ),
    putSnapshot: db.prepare<[number, string]>("INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)"),
    prune: db.prepare<[number]>("DELETE FROM snapshots WHERE seq < ?")
  }
  let seq = q.last.get()?.seq ?? 0

  const writeSnapshot = (at: number, state: unknown): void => {
    q.putSnapshot.run(at, JSON.stringify(state))
    q.prune.run(at)
  }

  const commit = db.transaction((step: Step): number => {
    const next = seq + 1
    q.log.run(next, JSON.stringify(step.inputs))
    if (step.decision !== undefined) {
      const d = step.decision
      q.decision.run(d.decisionId, d.subjectId, d.at, JSON.stringify(d.record), d.response, next)
    }
    for (const [subjectId, history] of step.histories) q.putHistory.run(subjectId, JSON.stringify(history))
    if (next % every === 0) writeSnapshot(next, step.snapshot())
    return next
  })

  // better-sqlite3 is synchronous: each call is done when it returns
  return {
    load: async () => {
      const snap = q.snapshot.get()
      const from = snap?.seq ?? 0
      return {
        snapshot: snap === undefined ? null : { seq: snap.seq, state: JSON.parse(snap.state) as unknown },
        batches: q.after.all(from).map((r) => ({ seq: r.seq, inputs: JSON.parse(r.inputs) as unknown }))
      }
    },
    decisionResponse: async (decisionId) => q.response.get(decisionId)?.response,
    history: async (subjectId) => {
      const row = q.history.get(subjectId)
      return row === undefined ? undefined : (JSON.parse(row.history) as unknown)
    },
    commit: async (step) => {
      const next = commit(step)
      seq = next // only once the transaction has committed
      return next
    },
    snapshot: async (state) => {
      if (seq > 0) db.transaction(() => writeSnapshot(seq, state))()
    },
    lastSeq: () => seq,
    close: async () => {
      db.close()
    }
  }
}
