/**
 * Known answers on real logs: the Open Bandit Dataset samples (../shared/data/obd, see its README)
 * replayed through the feedback reducer. Every round is a decision that showed one item; a click
 * is a response within the timeout, the rest time out as noResponse. The models must learn
 * exactly the logged clicks (46 under the random policy, 69 under Bernoulli Thompson sampling)
 * and one label per round — also when the log is split between two replicas that sync through
 * deltas.
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import { parseIso, MINUTE_MS } from "../../src/kernel/Time.js"
import { thompsonSampling, type State as ThompsonState } from "../../src/learners/ThompsonSampling.js"
import * as Models from "../../src/learners/Models.js"

const dir = fileURLToPath(new URL("../../../shared/data/obd", import.meta.url))

interface Round {
  readonly index: number
  readonly at: number
  readonly item: string
  readonly position: string
  readonly click: boolean
  readonly propensity: number
  readonly user: Readonly<Record<string, string>>
}

const readRounds = (path: string): ReadonlyArray<Round> => {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
  return lines.slice(1).map((line) => {
    const c = line.split(",")
    const at = parseIso((c[1] as string).replace(" ", "T"))
    if (at === null) throw new Error(`bad timestamp ${c[1]}`)
    return {
      index: Number(c[0]),
      at,
      item: `item${c[2]}`,
      position: c[3] as string,
      click: c[4] === "1",
      propensity: Number(c[5]),
      user: { user0: c[6] as string, user1: c[7] as string, user2: c[8] as string, user3: c[9] as string }
    }
  })
}

const inputsOf = (rounds: ReadonlyArray<Round>, campaign: string): Array<Feedback.Input> =>
  rounds.flatMap((r) => {
    const record: DecisionRecord = {
      decisionId: `${campaign}-${r.index}`,
      subjectId: `${r.user["user0"]}-${r.user["user1"]}`,
      at: r.at,
      direction: "inbound",
      controlGroup: false,
      features: { ...r.user, position: r.position },
      actions: [
        {
          actionId: r.item,
          issue: "Fashion",
          group: "Men",
          channel: "web",
          modelKey: Models.modelKey(r.item, "web"),
          rank: Number(r.position),
          modelPropensity: r.propensity,
          propensity: r.propensity,
          selectionProbability: r.propensity
        }
      ]
    }
    const on = { actionId: r.item, channel: "web", decision: record.decisionId }
    const inputs: Array<Feedback.Input> = [
      Feedback.decided(record),
      Event.impression({ ...on, eventId: `${record.decisionId}:shown`, at: r.at })
    ]
    if (r.click) inputs.push(Event.response({ ...on, eventId: `${record.decisionId}:click`, at: r.at + 1 }, "clicked"))
    return inputs
  })

const settings = Feedback.settings({ timeouts: { inbound: 30 * MINUTE_MS } })
const ts = thompsonSampling()
const totals = (models: Models.Models<ThompsonState>) =>
  Object.values(models.states).reduce(
    (t, s) => ({ positives: t.positives + s.positives, negatives: t.negatives + s.negatives }),
    { positives: 0, negatives: 0 }
  )

describe.skipIf(!existsSync(dir))(
  "Open Bandit Dataset logs replayed through the feedback reducer (needs ../shared/data/obd)",
  () => {
    it.each([
      ["random", 46],
      ["bts", 69]
    ] as const)("%s/men: learns the %i logged clicks and one label per round", (campaign, clicks) => {
      const rounds = readRounds(`${dir}/${campaign}/men/men.csv`)
      expect(rounds).toHaveLength(10_000)
      const end = Math.max(...rounds.map((r) => r.at)) + 60 * MINUTE_MS
      const state = Feedback.applyAll(settings)(Feedback.initial(Models.empty(ts)), [
        ...inputsOf(rounds, campaign),
        Feedback.expireAt(end)
      ])
      expect(totals(state.models)).toEqual({ positives: clicks, negatives: 10_000 - clicks })
      const perItem = new Map<string, number>()
      for (const r of rounds)
        if (r.click) perItem.set(Models.modelKey(r.item, "web"), (perItem.get(Models.modelKey(r.item, "web")) ?? 0) + 1)
      for (const [key, n] of perItem) expect(Models.stateOf(state.models, key).positives).toBe(n)
      const outbox = Feedback.outbox(state)
      expect(outbox.refused).toEqual([])
      expect(outbox.recorded.filter((r) => r.interaction.outcome === "noResponse")).toHaveLength(10_000 - clicks)
      expect(state.pending.decisions.size).toBe(0)
    })

    it("split between two replicas that sync through deltas, the models are the same as one replica's", () => {
      const rounds = readRounds(`${dir}/bts/men/men.csv`)
      const end = Math.max(...rounds.map((r) => r.at)) + 60 * MINUTE_MS
      const single = Feedback.applyAll(settings)(Feedback.initial(Models.empty(ts)), [
        ...inputsOf(rounds, "bts"),
        Feedback.expireAt(end)
      ])
      const halves = [0, 1].map((h) =>
        Feedback.applyAll(settings)(Feedback.initial(Models.empty(ts), { replicaId: `r${h}` }), [
          ...inputsOf(
            rounds.filter((r) => r.index % 2 === h),
            "bts"
          ),
          Feedback.expireAt(end)
        ])
      )
      const deltas = halves.map((s) => Feedback.publish(s)[0]).filter((d) => d !== null)
      const synced = halves.map((s) => [...deltas, ...deltas].reduce(Feedback.receive, Feedback.publish(s)[1]))
      for (const s of synced) {
        expect(Object.keys(s.models.states).sort()).toEqual(Object.keys(single.models.states).sort())
        for (const key of Object.keys(single.models.states)) {
          const a = Models.stateOf(s.models, key)
          const b = Models.stateOf(single.models, key)
          expect([a.positives, a.negatives]).toEqual([b.positives, b.negatives])
        }
      }
    })
  }
)
