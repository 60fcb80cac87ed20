/**
 * The replica's sync loop (examples/service/replication.ts) acknowledges to the shared log only
 * positions its local log holds. The shared log trims below the acknowledged positions, and a
 * replica restarted after a kill rejoins from its local log's position: acknowledging a position
 * kept in memory only (reading past this replica's own entries used to be logged nowhere) let a
 * trim pass the restarted replica, which was then refused ("read up to … but the stream is trimmed
 * up to …"; seen in test/scaling/replicas.test.ts under load). Here with a shared log in memory.
 */
import { describe, expect, it } from "vitest"
import { NaiveBayes } from "../../src/index.js"
import {
  notJoined,
  START,
  startSync,
  type Host,
  type Replicated,
  type SharedEntry,
  type SharedLog,
  type Sync
} from "../../examples/service/replication.js"

const learner = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("subject.segment")] })

describe("the sync loop acknowledges durable positions only", () => {
  it("a position read past this replica's own entries is in the local log before the shared log hears of it", async () => {
    // the local log: the sync steps committed, and the position a restart would read from
    const logged: Array<unknown> = []
    let durable = START
    let current: { state: Replicated; sync: Sync | null } = { state: notJoined(learner, "me"), sync: null }
    const host: Host = {
      learner,
      serial: (step) => step(),
      current: () => current,
      commit: async (step, state, sync) => {
        if (step !== null) {
          logged.push(step)
          const position = (step as { position?: unknown }).position
          if (typeof position === "string") durable = position
        }
        current = { state, sync }
      },
      log: () => undefined
    }
    // the shared log holds one entry, this replica's own (published before a restart)
    const own: SharedEntry = { position: "5-0", replicaId: "me", sequence: 1, delta: {} }
    const acknowledged: Array<{ readonly position: string; readonly durable: string }> = []
    const shared: SharedLog = {
      join: async () => ({ head: 0, snapshot: null }),
      append: async () => "present",
      read: async (after, _count, blockMs) => {
        if (after < own.position) return [own]
        await new Promise((r) => setTimeout(r, Math.min(blockMs, 20)))
        return []
      },
      acknowledge: async (_id, position) => {
        acknowledged.push({ position, durable })
      },
      saveSnapshot: async () => false,
      close: async () => undefined
    }
    const sync = await startSync(host, { shared, intervalMs: 10 })
    for (let i = 0; i < 200 && !acknowledged.some((a) => a.position === own.position); i++)
      await new Promise((r) => setTimeout(r, 10))
    await sync.stop(200)
    expect(acknowledged.map((a) => a.position)).toContain(own.position)
    // every acknowledgement came after its position was logged
    for (const a of acknowledged) expect(a.durable >= a.position).toBe(true)
    expect(logged).toContainEqual({ receive: [], position: own.position })
  })
})
