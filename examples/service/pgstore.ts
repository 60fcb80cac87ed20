/**
 * Durable state on PostgreSQL (pg): the same tables and the same protocol as the SQLite store
 * (see store.ts), each step in one transaction on one connection, committed before the service
 * answers (`synchronous_commit` as the server sets it: on by default).
 */
import pg from "pg"
import { SNAPSHOT_EVERY, type Loaded, type Step, type Store } from "./store.js"

export interface PostgresOptions {
  /** a connection string, e.g. postgres://user@127.0.0.1:5432/nextbest */
  readonly connectionString: string
  /** a snapshot every this many steps (default 1,000) */
  readonly snapshotEvery?: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (seq BIGINT PRIMARY KEY, inputs TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
  decision_id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, at BIGINT NOT NULL,
  record TEXT NOT NULL, response TEXT NOT NULL, seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS histories (subject_id TEXT PRIMARY KEY, history TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (seq BIGINT PRIMARY KEY, state TEXT NOT NULL);
`

export const postgresStore = async (options: PostgresOptions): Promise<Store> => {
  // one connection: the service writes one step at a time, and reads between steps
  const client = new pg.Client({ connectionString: options.connectionString })
  await client.connect()
  await client.query(SCHEMA)
  const every = options.snapshotEvery ?? SNAPSHOT_EVERY
  const last = await client.query<{ seq: string | null }>("SELECT max(seq) AS seq FROM log")
  let seq = Number(last.rows[0]?.seq ?? 0)

  const writeSnapshot = async (at: number, state: unknown): Promise<void> => {
    await client.query(
      "INSERT INTO snapshots (seq, state) VALUES ($1, $2) ON CONFLICT (seq) DO UPDATE SET state = excluded.state",
      [at, JSON.stringify(state)]
    )
    await client.query("DELETE FROM snapshots WHERE seq < $1", [at])
  }

  const transaction = async <A>(body: () => Promise<A>): Promise<A> => {
    await client.query("BEGIN")
    try {
      const a = await body()
      await client.query("COMMIT")
      return a
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined)
      throw e
    }
  }

  return {
    load: async (): Promise<Loaded> => {
      const snap = await client.query<{ seq: string; state: string }>(
        "SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1"
      )
      const row = snap.rows[0]
      const from = row === undefined ? 0 : Number(row.seq)
      const batches = await client.query<{ seq: string; inputs: string }>(
        "SELECT seq, inputs FROM log WHERE seq > $1 ORDER BY seq",
        [from]
      )
      return {
        snapshot: row === undefined ? null : { seq: from, state: JSON.parse(row.state) as unknown },
        batches: batches.rows.map((r) => ({ seq: Number(r.seq), inputs: JSON.parse(r.inputs) as unknown }))
      }
    },
    decisionResponse: async (decisionId) => {
      const r = await client.query<{ response: string }>("SELECT response FROM decisions WHERE decision_id = $1", [
        decisionId
      ])
      return r.rows[0]?.response
    },
    history: async (subjectId) => {
      const r = await client.query<{ history: string }>("SELECT history FROM histories WHERE subject_id = $1", [
        subjectId
      ])
      const row = r.rows[0]
      return row === undefined ? undefined : (JSON.parse(row.history) as unknown)
    },
    commit: async (step: Step) => {
      const next = seq + 1
      await transaction(async () => {
        await client.query("INSERT INTO log (seq, inputs) VALUES ($1, $2)", [next, JSON.stringify(step.inputs)])
        const d = step.decision
        if (d !== undefined)
          await client.query(
            "INSERT INTO decisions (decision_id, subject_id, at, record, response, seq) VALUES ($1, $2, $3, $4, $5, $6)",
            [d.decisionId, d.subjectId, d.at, JSON.stringify(d.record), d.response, next]
          )
        for (const [subjectId, history] of step.histories)
          await client.query(
            "INSERT INTO histories (subject_id, history) VALUES ($1, $2) ON CONFLICT (subject_id) DO UPDATE SET history = excluded.history",
            [subjectId, JSON.stringify(history)]
          )
        if (next % every === 0) await writeSnapshot(next, step.snapshot())
      })
      seq = next // only once the transaction has committed
      return next
    },
    snapshot: async (state) => {
      if (seq > 0) await transaction(() => writeSnapshot(seq, state))
    },
    lastSeq: () => seq,
    close: () => client.end()
  }
}
