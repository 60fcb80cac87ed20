/**
 * The feedback loop on two replicas: decide → events → learn → sync.
 *
 * Two stateless replicas ("eu-1" and "us-1") take turns serving web visitors. Each decides with
 * its own models, tracks the decision, receives the visitor's impression and (sometimes) click,
 * expires unanswered decisions into noResponse negatives, and every 100 visits publishes what it
 * learned to a shared store and receives what the other published. At the end both replicas hold
 * the same models, in which every visit's outcome counts exactly once, although every delta is
 * delivered at least twice. The subjects' histories are kept from the outbox.
 *
 * Run with `npx tsx examples/feedback-loop.ts`.
 */
import * as E from "fp-ts/lib/Either.js"
import {
  catalog as compileCatalog,
  DecodeError,
  Event,
  Feedback,
  History,
  HistoryFeatures,
  Models,
  nextBestAction,
  Random,
  Replica,
  Request,
  ThompsonSampling,
  Time
} from "nextbest"

const start = Date.UTC(2024, 4, 15, 9, 0)

// one issue, three offers on the web; the true click rates are unknown to the models
const catalog = compileCatalog({
  issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] }],
  actions: [
    { id: "GoldCard", issue: "Sales", group: "Cards", value: 1, channels: [{ channel: "web", direction: "inbound" }] },
    {
      id: "StudentCard",
      issue: "Sales",
      group: "Cards",
      value: 1,
      channels: [{ channel: "web", direction: "inbound" }]
    },
    { id: "CarLoan", issue: "Sales", group: "Loans", value: 1, channels: [{ channel: "web", direction: "inbound" }] }
  ]
})
if (E.isLeft(catalog)) throw new Error(DecodeError.render(catalog.left))
const clickRate: Readonly<Record<string, number>> = { GoldCard: 0.12, StudentCard: 0.04, CarLoan: 0.07 }

const learner = ThompsonSampling.thompsonSampling()
const settings = Feedback.settings({ timeouts: { inbound: 30 * Time.MINUTE_MS } })
const apply = Feedback.applyAll(settings)
const addToHistory = History.append(History.retention(90 * Time.DAY_MS))

// the shared store: deltas by (replica id, sequence), insert-if-absent
const store = new Map<string, unknown>()
const histories = new Map<string, History.History>()

let replicas = ["eu-1", "us-1"].map((replicaId) => Feedback.initial(Models.empty(learner), { replicaId }))
let world = Random.fromSeed("feedback-loop-world")
const draw = (): number => {
  const [u, next] = Random.nextDouble(world)
  world = next
  return u
}

const sync = (): void => {
  replicas = replicas.map((state) => {
    const [delta, next] = Feedback.publish(state)
    if (delta !== null) {
      const key = `${delta.replicaId}#${delta.sequence}`
      if (!store.has(key)) store.set(key, JSON.parse(JSON.stringify(Replica.encodeDelta(delta))))
    }
    return next
  })
  replicas = replicas.map((state) => {
    let current = state
    for (const json of store.values()) {
      const delta = Replica.decodeDelta(learner, json)
      if (E.isRight(delta)) current = Feedback.receive(current, delta.right)
    }
    return current
  })
}

const recordOutbox = (i: number): void => {
  const [outbox, drained] = Feedback.drain(replicas[i] as Feedback.ReplicatedState<ThompsonSampling.State>)
  replicas[i] = drained
  for (const { subjectId, interaction } of outbox.recorded)
    histories.set(subjectId, addToHistory(histories.get(subjectId) ?? [], interaction))
  for (const refusal of outbox.refused) console.log(`  refused (${refusal.reason}): ${refusal.message}`)
}

const VISITS = 2000
for (let v = 0; v < VISITS; v++) {
  const i = v % 2
  const now = start + v * 60_000
  const request = Request.decode({
    decisionId: `visit-${v}`,
    seed: `visit-${v}`,
    subject: { id: `customer-${v % 150}` },
    context: { now, channel: "web", limit: 1 }
  })
  if (E.isLeft(request)) throw new Error(DecodeError.render(request.left))
  const state = replicas[i] as Feedback.ReplicatedState<ThompsonSampling.State>
  const decision = nextBestAction(catalog.right, state.models, request.right)
  const inputs: Array<Feedback.Input> = [Feedback.decided(decision.record)]
  for (const chosen of decision.record.actions) {
    const on = { actionId: chosen.actionId, channel: chosen.channel, decision: decision.decisionId }
    inputs.push(Event.impression({ ...on, eventId: `${decision.decisionId}:shown`, at: now + 1_000 }))
    if (draw() < (clickRate[chosen.actionId] ?? 0))
      inputs.push(Event.response({ ...on, eventId: `${decision.decisionId}:click`, at: now + 20_000 }, "clicked"))
  }
  inputs.push(Feedback.expireAt(now))
  replicas[i] = apply(state, inputs)
  recordOutbox(i)
  if (v % 100 === 99) sync()
}

// a duplicate click webhook and a late one: refused, reported, not learned
console.log("late and duplicate events:")
const last = `visit-${VISITS - 1}`
const lastState = replicas[1] as Feedback.ReplicatedState<ThompsonSampling.State>
replicas[1] = apply(lastState, [
  Event.impression({
    eventId: `${last}:shown`,
    at: start + VISITS * 60_000,
    actionId: "GoldCard",
    channel: "web",
    decision: last
  }),
  Event.response(
    {
      eventId: `${last}:late`,
      at: start + (VISITS + 60) * 60_000,
      actionId: "GoldCard",
      channel: "web",
      decision: last
    },
    "clicked"
  )
])
recordOutbox(1)

// close everything, sync twice (the second time every delta is a duplicate: nothing changes)
replicas = replicas.map((s, i) => {
  replicas[i] = apply(s, [Feedback.expireAt(start + (VISITS + 120) * 60_000)])
  recordOutbox(i)
  return replicas[i] as Feedback.ReplicatedState<ThompsonSampling.State>
})
sync()
const canonical = (models: Models.Models<ThompsonSampling.State>): string =>
  JSON.stringify(
    Object.keys(models.states)
      .sort()
      .map((key) => [key, learner.codec.encode(Models.stateOf(models, key))])
  )
const before = replicas.map((s) => canonical(s.models))
for (const json of store.values()) {
  const delta = Replica.decodeDelta(learner, json)
  if (E.isRight(delta)) replicas = replicas.map((s) => Feedback.receive(s, delta.right))
}
console.log(`\nre-applying every delta changed nothing: ${replicas.every((s, i) => canonical(s.models) === before[i])}`)

// both replicas now hold the same models
const [eu, us] = replicas as [
  Feedback.ReplicatedState<ThompsonSampling.State>,
  Feedback.ReplicatedState<ThompsonSampling.State>
]
console.log(`replicas agree: ${canonical(eu.models) === canonical(us.models)}`)
console.log("\nlearned (both replicas):")
for (const key of Object.keys(eu.models.states).sort()) {
  const s = Models.stateOf(eu.models, key)
  const shown = s.positives + s.negatives
  console.log(
    `  ${key.padEnd(16)} ${String(shown).padStart(5)} shown, ${String(s.positives).padStart(4)} clicked, rate ${(s.positives / Math.max(1, shown)).toFixed(3)} (true ${clickRate[key.split("@")[0] as string]})`
  )
}
const labels = Object.values(eu.models.states).reduce((n, s) => n + s.positives + s.negatives, 0)
console.log(`labels learned: ${labels} for ${VISITS} visits`)
console.log(
  `deltas in the store: ${store.size}; pending decisions left: eu-1 ${eu.pending.decisions.size}, us-1 ${us.pending.decisions.size}`
)

// one customer's history and the predictors derived from it
const history = histories.get("customer-7") ?? []
const now = start + (VISITS + 120) * 60_000
console.log(
  `\ncustomer-7: ${history.length} interactions; predictors:`,
  HistoryFeatures.subjectFeatures(HistoryFeatures.historyFeatures(["impression", "clicked"], [1, 7]), history, now)
)

// the whole state of a replica as a snapshot, and back
const snapshot = JSON.stringify(Feedback.encode(eu))
const restored = Feedback.decode(learner, JSON.parse(snapshot))
console.log(
  `snapshot: ${snapshot.length} bytes, round trip ${E.isRight(restored) && JSON.stringify(Feedback.encode(restored.right)) === snapshot ? "exact" : "FAILED"}`
)
