/**
 * `npm run bench -- --json feedback`: the feedback reducer.
 *
 * Workload: 20 model keys (10 actions × 2 channels), each an adaptive naive Bayes model of 20
 * configured predictors (10 numeric of 10 bins, 10 symbolic of 8 groups, with MISSING and
 * RESIDUAL bins, and the classifier's score-bucket counts); 20,000 inbound decisions of one chosen
 * action each, with 20 features and the decision-time model score; one
 * response event per decision (12% accepted, the rest rejected) that carries its decision record,
 * for 1,000 subjects. "learn + record": the event's model learns its label, and its interaction is
 * appended to the subject's history (pruned to the retention window).
 *
 * - `eventsPerSecond`: "learn + record" with the plain reducers: `Feedback.learnAll` (the batch
 *   form of `Feedback.learn`) over batches of 1,000 events, and `Interactions.record` of every
 *   event into its subject's history.
 * - `pipelineEventsPerSecond`: the feedback state — `Feedback.applyAll` over batches of 1,000 events
 *   (tracking, de-duplication, timeout checks, labels, learning, outbox), then the outbox's
 *   interactions appended with `Interactions.append`.
 * - `pipelineOneBatchEventsPerSecond`: the same with all 20,000 events in one `applyAll`.
 * - `reduceEventsPerSecond`: the feedback state through `events.reduce(Feedback.apply(settings),
 *   state)`, one event at a time (copies the model record per event).
 * - `plainEventsPerSecond`: the plain reducers `Feedback.learn` + `Interactions.record`, no
 *   pending buffer, one event at a time.
 * - `learnManyPerSecond`: `Models.learnMany` alone on the same observations, all 20,000 at once
 *   (the learner's own cost, for reference; naive Bayes learns them in one pass, in their order).
 * - `baselineEventsPerSecond`: a hand-written mutable counter update of the same bins
 *   (Float64Array per model, binary search for numeric bins, a Map for symbol groups, and the
 *   score bucket).
 * - `baselineWithHistoryEventsPerSecond`: the baseline plus a mutable push to the subject's
 *   history array.
 * All engines are checked to produce the same bin counts before timing. The machine may be shared:
 * the engines are timed in five alternating rounds (the main engine between its two baselines);
 * figures are medians, and the ratios are medians of the per-round ratios.
 *
 * Memory: 1,000,000 pending inbound decisions (each with 20 features and one chosen action) held
 * by a feedback state, measured with gc() (V8 flag set at run time): bytes per pending decision,
 * and the buffer's own overhead beyond the decision records themselves.
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import {
  type DecisionRecord,
  Event,
  Feedback,
  History as Interactions,
  Learner,
  Models,
  NaiveBayes,
  Random
} from "../src/index.js"
import type { Feedback as FeedbackState } from "../src/feedback/Feedback.js"
import type { History } from "../src/history/History.js"
import { codec as DecisionRecordCodec } from "../src/feedback/DecisionRecord.js"
import { median, opsPerSecond, retainedBytes, round3 } from "./harness.js"

const log = (line: string): void => {
  process.stderr.write(`  feedback: ${line}\n`)
}

// -------------------------------------------------------------------------------------
// workload
// -------------------------------------------------------------------------------------

const NUMERIC = Array.from({ length: 10 }, (_, i) => `subject.n${i}`)
const SYMBOLIC = Array.from({ length: 10 }, (_, i) => `subject.s${i}`)
const CUTS = Array.from({ length: 9 }, (_, j) => (j + 1) * 10)
const GROUPS = Array.from({ length: 8 }, (_, g) => [`v${g}a`, `v${g}b`])
const ACTIONS = Array.from({ length: 10 }, (_, i) => `Offer${i}`)
const CHANNELS = ["web", "app"]
const SYMBOLS = Array.from({ length: 8 }, (_, g) => [`v${g}a`, `v${g}b`]).flat()

const nb = NaiveBayes.naiveBayes({
  predictors: [
    ...NUMERIC.map((n) => NaiveBayes.numeric(n, CUTS)),
    ...SYMBOLIC.map((n) => NaiveBayes.symbolic(n, GROUPS))
  ],
  exploration: "none"
})

const settings = Feedback.settings()
const retention = Interactions.defaultRetention

const makeDecisions = (count: number, seed: string, prefix: string): Array<DecisionRecord> => {
  let rng = Random.fromSeed(seed)
  const draw = (): number => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
  const t0 = Date.UTC(2024, 4, 1)
  return Array.from({ length: count }, (_, i) => {
    const features: Record<string, number | string | null> = {}
    for (const n of NUMERIC) features[n] = draw() < 0.03 ? null : Math.floor(draw() * 100)
    for (const n of SYMBOLIC)
      features[n] =
        draw() < 0.03 ? null : draw() < 0.02 ? "rare" : (SYMBOLS[Math.floor(draw() * SYMBOLS.length)] as string)
    const actionId = ACTIONS[Math.floor(draw() * ACTIONS.length)] as string
    const channel = CHANNELS[Math.floor(draw() * CHANNELS.length)] as string
    const modelScore = Math.round((draw() * 2 - 1) * 1e6) / 1e6
    return {
      decisionId: `${prefix}${i}`,
      subjectId: `c${i % 1000}`,
      at: t0 + i * 1000,
      direction: "inbound" as const,
      controlGroup: false,
      features,
      actions: [
        {
          actionId,
          issue: "Sales",
          group: "Cards",
          channel,
          modelKey: Models.modelKey(actionId, channel),
          rank: 1,
          modelPropensity: 0.1,
          modelScore,
          propensity: 0.1,
          selectionProbability: 1
        }
      ]
    }
  })
}

const makeEvents = (decisions: ReadonlyArray<DecisionRecord>): Array<Event.Event<DecisionRecord>> => {
  let rng = Random.fromSeed("feedback-outcomes")
  return decisions.map((d, i) => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    const a = d.actions[0] as DecisionRecord["actions"][number]
    return Event.response(
      { eventId: `e${i}`, at: d.at + 60_000, actionId: a.actionId, channel: a.channel, decision: d },
      u < 0.12 ? "accepted" : "rejected"
    )
  })
}

// -------------------------------------------------------------------------------------
// the hand-written baseline
// -------------------------------------------------------------------------------------

/** per predictor: bins 0..9 numeric (10 = MISSING) or groups 0..7 (8 = MISSING, 9 = RESIDUAL); [positives, negatives]
 * pairs */
const SLOTS = 11
/** classifier counts by score bucket ⌊score / 0.001⌋ for scores in [-1, 1]: buckets -1000..1000 */
const BUCKETS = 2001
const TABLE = 2 + 20 * SLOTS * 2 + BUCKETS * 2
const cutTable = Float64Array.from(CUTS)
const groupIndex = new Map<string, number>()
GROUPS.forEach((g, i) => g.forEach((s) => groupIndex.set(s, i)))

const baselineLearn = (
  tables: Map<string, Float64Array>,
  key: string,
  features: Learner.Features,
  score: number,
  positive: boolean
): void => {
  let table = tables.get(key)
  if (table === undefined) {
    table = new Float64Array(TABLE)
    tables.set(key, table)
  }
  const column = positive ? 0 : 1
  table[column] = (table[column] as number) + 1
  const bucket = 2 + 20 * SLOTS * 2 + (Math.floor(score / 0.001) + 1000) * 2 + column
  table[bucket] = (table[bucket] as number) + 1
  for (let p = 0; p < 10; p++) {
    const v = features[NUMERIC[p] as string]
    let bin: number
    if (typeof v !== "number") bin = 10
    else {
      let lo = 0
      let hi = cutTable.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if ((cutTable[mid] as number) <= v) lo = mid + 1
        else hi = mid
      }
      bin = lo
    }
    const at = 2 + (p * SLOTS + bin) * 2 + column
    table[at] = (table[at] as number) + 1
  }
  for (let p = 0; p < 10; p++) {
    const v = features[SYMBOLIC[p] as string]
    const bin = typeof v === "string" ? (groupIndex.get(v) ?? 9) : 8
    const at = 2 + ((10 + p) * SLOTS + bin) * 2 + column
    table[at] = (table[at] as number) + 1
  }
}

/** the naive Bayes states as the baseline's tables, to check both count the same */
const asTables = (states: Readonly<Record<string, NaiveBayes.State>>): Map<string, Float64Array> => {
  const out = new Map<string, Float64Array>()
  for (const key of Object.keys(states).sort()) {
    const s = states[key] as NaiveBayes.State
    const table = new Float64Array(TABLE)
    for (const [k, c] of s.scores) {
      table[2 + 20 * SLOTS * 2 + (k + 1000) * 2] = c.positives
      table[2 + 20 * SLOTS * 2 + (k + 1000) * 2 + 1] = c.negatives
    }
    table[0] = s.positives
    table[1] = s.negatives
    ;[...NUMERIC, ...SYMBOLIC].forEach((name, p) => {
      const pc = s.predictors.get(name)
      if (pc === undefined) return
      const numeric = p < 10
      const put = (bin: number, c: { readonly positives: number; readonly negatives: number }) => {
        table[2 + (p * SLOTS + bin) * 2] = c.positives
        table[2 + (p * SLOTS + bin) * 2 + 1] = c.negatives
      }
      for (const [k, c] of pc.bins) put(Number(k), c)
      put(numeric ? 10 : 8, pc.missing)
      if (!numeric) put(9, pc.residual)
    })
    out.set(key, table)
  }
  return out
}

const sameTables = (x: Map<string, Float64Array>, y: Map<string, Float64Array>): boolean => {
  if (x.size !== y.size) return false
  for (const [k, a] of x) {
    const b = y.get(k)
    if (b === undefined || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  }
  return true
}

// -------------------------------------------------------------------------------------
// engines
// -------------------------------------------------------------------------------------

type State = FeedbackState<NaiveBayes.State>

const BATCH = 1000

const batchEngine = (events: ReadonlyArray<Event.Event>, batch = BATCH) => {
  const histories = new Map<string, History>()
  let state: State = Feedback.initial(Models.empty(nb))
  const add = Interactions.append(retention)
  for (let i = 0; i < events.length; i += batch) {
    state = Feedback.applyAll(settings)(state, events.slice(i, i + batch))
    const [out, drained] = Feedback.drain(state)
    state = drained
    for (const r of out.recorded) histories.set(r.subjectId, add(histories.get(r.subjectId) ?? [], r.interaction))
  }
  return { state, histories }
}

const reduceEngine = (events: ReadonlyArray<Event.Event>) => {
  const histories = new Map<string, History>()
  const add = Interactions.append(retention)
  const apply = Feedback.apply(settings)
  let state: State = Feedback.initial(Models.empty(nb))
  for (const e of events) {
    state = apply(state, e)
    const [out, drained] = Feedback.drain(state)
    state = drained
    for (const r of out.recorded) histories.set(r.subjectId, add(histories.get(r.subjectId) ?? [], r.interaction))
  }
  return { state, histories }
}

const plainEngine = (events: ReadonlyArray<Event.Event<DecisionRecord>>) => {
  const histories = new Map<string, History>()
  const learn = Feedback.learn(settings.labels)
  const record = Interactions.record(retention)
  let models = Models.empty(nb)
  for (const e of events) {
    models = learn(models, e)
    histories.set(e.decision.subjectId, record(histories.get(e.decision.subjectId) ?? [], e))
  }
  return { models, histories }
}

const plainBatchEngine = (events: ReadonlyArray<Event.Event<DecisionRecord>>, batch = BATCH) => {
  const histories = new Map<string, History>()
  const learnAll = Feedback.learnAll(settings.labels)
  const record = Interactions.record(retention)
  let models = Models.empty(nb)
  for (let i = 0; i < events.length; i += batch) {
    const slice = events.slice(i, i + batch)
    models = learnAll(models, slice)
    for (const e of slice) histories.set(e.decision.subjectId, record(histories.get(e.decision.subjectId) ?? [], e))
  }
  return { models, histories }
}

const learnManyEngine = (responses: ReadonlyArray<readonly [string, Learner.Observation]>) =>
  Models.learnMany(Models.empty(nb), responses)

const baselineEngine = (events: ReadonlyArray<Event.Event<DecisionRecord>>, withHistory: boolean) => {
  const tables = new Map<string, Float64Array>()
  const histories = new Map<string, Array<unknown>>()
  for (const e of events) {
    const a = e.decision.actions[0] as DecisionRecord["actions"][number]
    const positive = e._tag === "Response" && (e.outcome === "accepted" || e.outcome === "clicked")
    baselineLearn(tables, a.modelKey, e.decision.features, a.modelScore ?? 0, positive)
    if (withHistory) {
      let h = histories.get(e.decision.subjectId)
      if (h === undefined) {
        h = []
        histories.set(e.decision.subjectId, h)
      }
      h.push({
        at: e.at,
        actionId: a.actionId,
        issue: a.issue,
        group: a.group,
        channel: a.channel,
        outcome: e._tag === "Response" ? e.outcome : "",
        decisionId: e.decision.decisionId
      })
    }
  }
  return tables
}

// -------------------------------------------------------------------------------------
// memory
// -------------------------------------------------------------------------------------

/** decision records for the memory figure: the same shape as `makeDecisions`, drawn with a cheap inline generator (fast
 * enough for a million) */
const makeManyDecisions = (count: number): Array<DecisionRecord> => {
  let x = 0x9e3779b9
  const next = (n: number): number => {
    x = (Math.imul(x, 1664525) + 1013904223) | 0
    return ((x >>> 8) % n) | 0
  }
  const numeric = (): number | null => (next(100) < 3 ? null : next(100))
  const symbolic = (): string | null => (next(100) < 3 ? null : (SYMBOLS[next(SYMBOLS.length)] as string))
  const keys = ACTIONS.flatMap((a) => CHANNELS.map((c) => [a, c, Models.modelKey(a, c)] as const))
  const t0 = Date.UTC(2024, 4, 1)
  const out = new Array<DecisionRecord>(count)
  for (let i = 0; i < count; i++) {
    const [actionId, channel, modelKey] = keys[next(keys.length)] as readonly [string, string, string]
    out[i] = {
      decisionId: `m${i}`,
      subjectId: `c${i % 100_000}`,
      at: t0 + i * 100,
      direction: "inbound",
      controlGroup: false,
      features: {
        "subject.n0": numeric(),
        "subject.n1": numeric(),
        "subject.n2": numeric(),
        "subject.n3": numeric(),
        "subject.n4": numeric(),
        "subject.n5": numeric(),
        "subject.n6": numeric(),
        "subject.n7": numeric(),
        "subject.n8": numeric(),
        "subject.n9": numeric(),
        "subject.s0": symbolic(),
        "subject.s1": symbolic(),
        "subject.s2": symbolic(),
        "subject.s3": symbolic(),
        "subject.s4": symbolic(),
        "subject.s5": symbolic(),
        "subject.s6": symbolic(),
        "subject.s7": symbolic(),
        "subject.s8": symbolic(),
        "subject.s9": symbolic()
      },
      actions: [
        {
          actionId,
          issue: "Sales",
          group: "Cards",
          channel,
          modelKey,
          rank: 1,
          modelPropensity: 0.1,
          modelScore: (next(2_000_001) - 1_000_000) / 1e6,
          propensity: 0.1,
          selectionProbability: 1
        }
      ]
    }
  }
  return out
}

const memory = (count: number): Record<string, unknown> => {
  setFlagsFromString("--expose-gc")
  const gc = runInNewContext("gc") as (() => void) | undefined
  if (typeof gc !== "function") return { skipped: "gc() not available" }
  ;(globalThis as { gc?: () => void }).gc = gc
  const started = performance.now()
  log(`memory: building ${count} decisions…`)
  const recordsOnly = retainedBytes(() => makeManyDecisions(count))
  const decisions = recordsOnly.keep as Array<DecisionRecord>
  log(`memory: records alone ${(recordsOnly.bytes / count).toFixed(0)} B each; tracking them…`)
  const tracked = retainedBytes(() =>
    Feedback.applyAll(settings)(Feedback.initial(Models.empty(nb)), decisions.map(Feedback.decided))
  )
  const state = tracked.keep as State
  const pending = state.pending.decisions.size
  const perDecisionOverhead = tracked.bytes / pending
  const perDecisionTotal = (tracked.bytes + recordsOnly.bytes) / pending
  log(`memory took ${((performance.now() - started) / 1000).toFixed(1)} s`)
  // a decision's record as JSON, for scale
  const jsonBytes = JSON.stringify(DecisionRecordCodec.encode(decisions[0] as DecisionRecord)).length
  return {
    pendingDecisions: pending,
    bytesPerPendingDecision: Math.round(perDecisionTotal),
    bufferOverheadBytesPerDecision: Math.round(perDecisionOverhead),
    recordBytesPerDecision: Math.round(recordsOnly.bytes / count),
    megabytesPerMillionPending: round3(perDecisionTotal),
    bufferOverheadMegabytesPerMillion: round3(perDecisionOverhead),
    recordJsonBytes: jsonBytes
  }
}

// -------------------------------------------------------------------------------------
// run
// -------------------------------------------------------------------------------------

export async function run(): Promise<Record<string, unknown>> {
  const N = 20_000
  const decisions = makeDecisions(N, "feedback-decisions", "d")
  const events = makeEvents(decisions)
  const responses: Array<readonly [string, Learner.Observation]> = events.map((e) => [
    (e.decision.actions[0] as DecisionRecord["actions"][number]).modelKey,
    Feedback.observation(
      e.decision,
      e.decision.actions[0] as DecisionRecord["actions"][number],
      e._tag === "Response" && e.outcome === "accepted",
      e.at
    )
  ])
  log(`${N} events over ${ACTIONS.length * CHANNELS.length} naive Bayes models of 20 predictors`)

  // agreement before timing
  const expected = baselineEngine(events, false)
  const batch = batchEngine(events)
  const reduced = reduceEngine(events)
  const plain = plainEngine(events)
  const plainBatch = plainBatchEngine(events)
  const many = learnManyEngine(responses)
  const agree = {
    batch: sameTables(asTables(batch.state.models.states), expected),
    reduce: sameTables(asTables(reduced.state.models.states), expected),
    plain: sameTables(asTables(plain.models.states), expected),
    plainBatch: sameTables(asTables(plainBatch.models.states), expected),
    learnMany: sameTables(asTables(many.states), expected),
    histories:
      [...batch.histories.values()].reduce((n, h) => n + h.length, 0) === N &&
      JSON.stringify([...batch.histories.entries()].sort()) === JSON.stringify([...plain.histories.entries()].sort()) &&
      JSON.stringify([...reduced.histories.entries()].sort()) ===
        JSON.stringify([...plain.histories.entries()].sort()) &&
      JSON.stringify([...plainBatch.histories.entries()].sort()) ===
        JSON.stringify([...plain.histories.entries()].sort())
  }
  log(`engines agree: ${JSON.stringify(agree)}`)
  if (!Object.values(agree).every(Boolean)) throw new Error(`feedback bench: engines disagree ${JSON.stringify(agree)}`)

  const options = { warmupMs: 200, windowMs: 300, windows: 5 }
  const started = performance.now()
  // the machine is shared: time the main engine and its baselines in alternating rounds and take
  // medians, so that a slow spell does not fall on one side only
  const rounds = 5
  const base: Array<number> = []
  const baseHistory: Array<number> = []
  const main: Array<number> = []
  const pipeline: Array<number> = []
  const oneBatch: Array<number> = []
  const learnManyRates: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    log(`round ${r + 1}/${rounds}: baseline, learnAll + record, applyAll, learnMany…`)
    base.push(opsPerSecond(() => void baselineEngine(events, false), N, options))
    main.push(opsPerSecond(() => void plainBatchEngine(events), N, options))
    baseHistory.push(opsPerSecond(() => void baselineEngine(events, true), N, options))
    pipeline.push(opsPerSecond(() => void batchEngine(events), N, options))
    oneBatch.push(opsPerSecond(() => void batchEngine(events, N), N, options))
    learnManyRates.push(opsPerSecond(() => void learnManyEngine(responses), N, options))
  }
  const perRound = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number =>
    median(xs.map((x, r) => x / (ys[r] as number)))
  const baselineEventsPerSecond = median(base)
  const baselineWithHistoryEventsPerSecond = median(baseHistory)
  const eventsPerSecond = median(main)
  const pipelineEventsPerSecond = median(pipeline)
  const oneBatchEventsPerSecond = median(oneBatch)
  log("timing reduce(apply)…")
  const small = events.slice(0, 5000)
  const reduceEventsPerSecond = opsPerSecond(() => void reduceEngine(small), small.length, options)
  log("timing the plain reducers…")
  const plainEventsPerSecond = opsPerSecond(() => void plainEngine(small), small.length, options)
  const learnManyPerSecond = median(learnManyRates)

  log(`timing took ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const mem = memory(1_000_000)
  log(`memory: ${JSON.stringify(mem)}`)

  return {
    feedback: {
      measured:
        "eventsPerSecond: Feedback.learnAll + Interactions.record (the plain learn and record reducers, learning batched by 1000); pipelineEventsPerSecond: the feedback state (Feedback.applyAll by 1000: tracking, de-duplication, timeouts, labels, learning, outbox) + Interactions.append of the outbox",
      events: N,
      models: ACTIONS.length * CHANNELS.length,
      predictors: 20,
      eventsPerSecond: round3(eventsPerSecond),
      baselineEventsPerSecond: round3(baselineEventsPerSecond),
      ratioToBaseline: round3(perRound(main, base)),
      ratioToBaselineByRound: main.map((x, r) => round3(x / (base[r] as number))),
      baselineWithHistoryEventsPerSecond: round3(baselineWithHistoryEventsPerSecond),
      ratioToBaselineWithHistory: round3(perRound(main, baseHistory)),
      pipelineEventsPerSecond: round3(pipelineEventsPerSecond),
      pipelineRatioToBaseline: round3(perRound(pipeline, base)),
      pipelineRatioToBaselineWithHistory: round3(perRound(pipeline, baseHistory)),
      pipelineOneBatchEventsPerSecond: round3(oneBatchEventsPerSecond),
      reduceEventsPerSecond: round3(reduceEventsPerSecond),
      plainEventsPerSecond: round3(plainEventsPerSecond),
      learnManyPerSecond: round3(learnManyPerSecond),
      learnManyRatioToBaseline: round3(perRound(learnManyRates, base)),
      memory: mem
    }
  }
}
