import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { catalog as compileCatalog } from "../../src/catalog/Catalog.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import { response } from "../../src/feedback/Event.js"
import { applyAll, decided, expireAt, initial, settings as feedbackSettings } from "../../src/feedback/Feedback.js"
import { DAY_MS } from "../../src/kernel/Time.js"
import { empty as emptyModels, stateOf } from "../../src/learners/Models.js"
import { thompsonSampling } from "../../src/learners/ThompsonSampling.js"
import * as Allocation from "../../src/outbound/Allocation.js"
import * as Capacity from "../../src/outbound/Capacity.js"
import { appliesTo, apportion, capacity, type Capacity as CapacityT } from "../../src/outbound/Capacity.js"
import * as DualPrices from "../../src/outbound/DualPrices.js"
import * as Greedy from "../../src/outbound/Greedy.js"
import {
  decide,
  estimatePrices,
  greedy,
  request,
  sample,
  sampleAsync,
  sentEvents,
  stream,
  streamAsync,
  streamWithPricesAsync,
  withPrices,
  type RunSettings,
  type SubjectOutcome
} from "../../src/outbound/OutboundRun.js"
import * as Streaming from "../../src/outbound/Streaming.js"
import type { Progress } from "../../src/outbound/Streaming.js"
import * as Summary from "../../src/outbound/Summary.js"
import { bankCatalog, bankCatalogJson, bankModels, bankPopulation } from "../arbitraries/outbound.js"

const NOW = Date.UTC(2024, 4, 15, 18)
const catalog = bankCatalog()
const models = bankModels()

describe("OutboundRun: dual prices on a sample against greedy on the full population", () => {
  // 20,000 customers; tonight at most 30 % emails, 10 % SMS, 5 % GoldCard offers, 6 % loan offers
  const N = 20_000
  const population = bankPopulation(N)
  const capacities: ReadonlyArray<CapacityT> = [
    capacity("emails", 0.3 * N, { channel: "email" }),
    capacity("sms", 0.1 * N, { channel: "sms" }),
    capacity("gold", 0.05 * N, { actionId: "GoldCard" }),
    capacity("loans", 0.06 * N, { group: "Loans" })
  ]
  const settings: RunSettings = { runId: "2024-05-15-evening", now: NOW, channels: ["email", "sms"], capacities }
  const decisions = population.map(decide(catalog, models, settings))
  const full = Greedy.allocate(capacities)(decisions)
  const sample = decisions.filter((d) => DualPrices.inSample(settings.runId, 0.25)(d.subjectId))
  const prices = DualPrices.estimate(capacities, { population: N })(sample)
  const priced = DualPrices.allocate(capacities, prices)(decisions)
  const bound = DualPrices.upperBound(capacities, prices)(decisions)

  /**
   * The tolerance of a capacity used by a share p of the population, with prices estimated on n
   * of N subjects: three standard deviations of the sampled share, sqrt((1 − p) / (p n)) ×
   * sqrt(1 − n / N), and never less than 5 %.
   */
  const tolerance = (c: CapacityT): number => {
    const p = c.max / N
    const n = sample.length
    return Math.max(0.05, 3 * Math.sqrt((1 - p) / (p * n)) * Math.sqrt(1 - n / N))
  }

  it("greedy fills the binding capacities exactly and exceeds none", () => {
    for (const c of capacities) expect(full.usage[c.id]).toBeLessThanOrEqual(c.max)
    expect([full.usage["emails"], full.usage["sms"]]).toStrictEqual([6000, 2000])
  })

  it("the sample is about a quarter of the population", () => {
    expect(sample.length / N).toBeGreaterThan(0.24)
    expect(sample.length / N).toBeLessThan(0.26)
  })

  it("with prices from a 25 % sample, each binding capacity is used within its tolerance (5.6 % for emails, 11 % for SMS); the others stay below theirs", () => {
    for (const c of capacities) {
      const used = priced.usage[c.id] as number
      const binding = full.usage[c.id] === c.max
      expect(used / c.max).toBeLessThanOrEqual(1 + tolerance(c))
      if (binding) expect(used / c.max).toBeGreaterThanOrEqual(1 - tolerance(c))
    }
    expect(tolerance(capacities[0] as CapacityT)).toBeCloseTo(0.056, 3)
  })

  it("the priced objective is at least 95 % of greedy's and the bound is at least greedy's", () => {
    expect(priced.objective).toBeGreaterThanOrEqual(0.95 * full.objective)
    expect(bound).toBeGreaterThanOrEqual(full.objective)
    // greedy is within 5 % of the optimum
    expect(full.objective).toBeGreaterThanOrEqual(0.95 * bound)
  })

  it("four partitions with prices and hard budgets never exceed a capacity and keep 95 % of greedy's objective", () => {
    const parts = [0, 1, 2, 3].map((k) => decisions.filter((_, i) => i % 4 === k))
    const budgets = apportion(
      capacities,
      parts.map((p) => p.length)
    )
    const runs = parts.map((p, k) => DualPrices.allocate(capacities, prices)(p, budgets[k]))
    for (const c of capacities)
      expect(runs.reduce((s, r) => s + (r.usage[c.id] as number), 0)).toBeLessThanOrEqual(c.max)
    expect(runs.reduce((s, r) => s + r.objective, 0)).toBeGreaterThanOrEqual(0.95 * full.objective)
  })

  it("with prices estimated on the whole population (here its first 5,000), the binding capacities are met within 0.5 % and the objective is within 0.5 % of the optimum", () => {
    const part = decisions.slice(0, 5000)
    const caps = capacities.map((c) => ({ ...c, max: c.max / 4 }))
    const g = Greedy.allocate(caps)(part)
    const exact = DualPrices.estimate(caps)(part)
    const a = DualPrices.allocate(caps, exact)(part)
    for (const c of caps) {
      if (g.usage[c.id] === c.max) expect(Math.abs((a.usage[c.id] as number) / c.max - 1)).toBeLessThanOrEqual(0.005)
      else expect(a.usage[c.id]).toBeLessThanOrEqual(c.max)
    }
    expect(a.objective).toBeGreaterThanOrEqual(0.995 * DualPrices.upperBound(caps, exact)(part))
  })
})

describe("OutboundRun", () => {
  const capacities: ReadonlyArray<CapacityT> = [
    capacity("emails", 500, { channel: "email" }),
    capacity("sms", 150, { channel: "sms" }),
    capacity("gold", 60, { actionId: "GoldCard" })
  ]
  const settings: RunSettings = { runId: "run-7", now: NOW, channels: ["email", "sms"], capacities, perSubject: 2 }
  const population = bankPopulation(1500, "small")

  it("builds outbound requests whose seed derives from the run id and the subject id", () => {
    const r = request(catalog, { ...settings, attributes: { campaign: "spring" }, options: { trace: "reasons" } })({
      id: "c-9"
    })
    expect(r).toStrictEqual({
      decisionId: "run-7/c-9",
      subject: { id: "c-9" },
      context: {
        now: NOW,
        channels: ["email", "sms"],
        direction: "outbound",
        limit: 6,
        attributes: { campaign: "spring" }
      },
      options: { trace: "reasons", channelsPerAction: 2, selectionQuadrature: false }
    })
  })

  it("greedy is the greedy allocation of the subjects' decisions; records hold the chosen actions only", () => {
    const run = greedy(catalog, models, settings)(population)
    const decisions = population.map(decide(catalog, models, settings))
    const allocation = Greedy.allocate(capacities, settings)(decisions)
    expect(run.mode).toBe("greedy")
    run.subjects.forEach((s, i) => {
      const a = allocation.allotments[i] as Allocation.Allotment
      expect(s.chosen.map((c) => `${c.actionId}@${c.channel}`)).toStrictEqual(
        a.chosen.map((c) => `${c.actionId}@${c.channel}`)
      )
      expect(s.dropped).toStrictEqual(a.dropped)
      expect(s.decisionId).toBe(`run-7/${s.subjectId}`)
      expect(s.record.direction).toBe("outbound")
      expect(s.record.actions.map((c) => `${c.actionId}@${c.channel}#${c.rank}`)).toStrictEqual(
        s.chosen.map((c) => `${c.actionId}@${c.channel}#${c.rank}`)
      )
      // ranks are renumbered per channel among the chosen actions
      for (const ch of ["email", "sms"])
        expect(s.chosen.filter((c) => c.channel === ch).map((c) => c.rank)).toStrictEqual(
          s.chosen.filter((c) => c.channel === ch).map((_, k) => k + 1)
        )
    })
    expect(run.summary.usage).toStrictEqual(allocation.usage)
    expect(run.summary.priority).toBeCloseTo(allocation.objective, 6)
    expect(run.summary.sent).toBe(run.subjects.reduce((s, x) => s + x.chosen.length, 0))
    expect(run.summary.dropped).toBeGreaterThan(0)
    expect(run.summary.usage["emails"]).toBe(500)
  })

  it("a run over partitions with prices is the whole run: outcomes concatenate, summaries add up", () => {
    const prices = estimatePrices(
      catalog,
      models,
      settings
    )(
      population.filter((s) => DualPrices.inSample("run-7", 0.5)(s.id)),
      population.length
    )
    const whole = withPrices(catalog, models, settings, prices)(population)
    const parts = [population.slice(0, 500), population.slice(500, 1100), population.slice(1100)].map((p) =>
      withPrices(catalog, models, settings, prices)(p)
    )
    expect(whole.mode).toBe("prices")
    expect(parts.flatMap((p) => p.subjects)).toStrictEqual(whole.subjects)
    const sum = parts.map((p) => p.summary).reduce(Summary.Monoid.concat, Summary.empty)
    expect([sum.subjects, sum.contacted, sum.sent, sum.dropped, sum.usage]).toStrictEqual([
      whole.summary.subjects,
      whole.summary.contacted,
      whole.summary.sent,
      whole.summary.dropped,
      whole.summary.usage
    ])
    expect(sum.expectedValue).toBeCloseTo(whole.summary.expectedValue, 6)
    // a budget per partition: never exceeded, and what is left is reported
    const budgets = apportion(capacities, [500, 600, 400])
    const capped = [population.slice(0, 500), population.slice(500, 1100), population.slice(1100)].map((p, k) =>
      withPrices(catalog, models, settings, prices)(p, budgets[k])
    )
    capped.forEach((r, k) => {
      for (const c of capacities)
        expect((r.summary.usage[c.id] ?? 0) + (r.remaining?.[c.id] as number)).toBe(budgets[k]?.[c.id])
    })
  })

  it("a custom request builder is used for every subject", () => {
    const seen: Array<string> = []
    const run = greedy(catalog, models, {
      ...settings,
      requestFor: (subject) => {
        seen.push(subject.id)
        return { ...request(catalog, settings)(subject), decisionId: `custom/${subject.id}` }
      }
    })(population.slice(0, 3))
    expect(seen).toStrictEqual(population.slice(0, 3).map((s) => s.id))
    expect(run.subjects.map((s) => s.decisionId)).toStrictEqual(seen.map((id) => `custom/${id}`))
  })

  it("a subject's chosen actions are ones its decision returned, with the same factors", () => {
    const run = greedy(catalog, models, settings)(population.slice(0, 200))
    run.subjects.forEach((s, i) => {
      const d = nextBestAction(
        catalog,
        models,
        request(catalog, settings)(population[i] as (typeof population)[number])
      )
      for (const c of s.chosen) {
        const returned = d.actions.find((x) => x.actionId === c.actionId && x.channel === c.channel)
        expect(returned).toBeDefined()
        expect(c.priority).toBe(returned?.priority)
        expect(c.modelPropensity).toBe(returned?.modelPropensity)
      }
    })
  })
})

describe("OutboundRun: the sent events feed the feedback reducer", () => {
  it("sent, then answered or expired: the chosen actions learn; the dropped ones teach nothing", () => {
    const compiled = compileCatalog({
      issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
      actions: [
        {
          id: "Gold",
          issue: "Sales",
          group: "Cards",
          value: 100,
          channels: [{ channel: "email", direction: "outbound" }]
        }
      ]
    })
    if (E.isLeft(compiled)) throw new Error("catalog")
    const learner = thompsonSampling()
    const models0 = emptyModels(learner)
    const settings: RunSettings = {
      runId: "r",
      now: NOW,
      channels: ["email"],
      capacities: [capacity("gold", 2, { actionId: "Gold" })],
      options: { controlGroup: false, selectionDraws: 10 }
    }
    const run = greedy(compiled.right, models0, settings)([{ id: "ana" }, { id: "ben" }, { id: "cem" }])
    expect(run.summary.sent).toBe(2)
    expect(run.summary.dropped).toBe(1)
    const sentAt = NOW + 3_600_000
    const events = sentEvents(run.subjects, sentAt)
    expect(events.map((e) => e.eventId)).toStrictEqual(
      run.subjects.filter((s) => s.chosen.length > 0).map((s) => `r/${s.subjectId}/Gold@email/sent`)
    )
    const [first] = events
    if (first === undefined) throw new Error("no event")
    const state = applyAll(feedbackSettings({ timeouts: { outbound: 7 * DAY_MS } }))(initial(models0), [
      ...run.subjects.map((s) => decided(s.record)),
      ...events,
      response(
        {
          eventId: "yes",
          at: sentAt + DAY_MS,
          actionId: "Gold",
          channel: "email",
          decision: first.decision.decisionId
        },
        "accepted"
      ),
      expireAt(sentAt + 8 * DAY_MS)
    ])
    // one accepted, one sent without an answer; the dropped subject's record had no action
    expect(stateOf(state.models, "Gold@email")).toMatchObject({ positives: 1, negatives: 1 })
  })
})

describe("OutboundRun.stream", () => {
  it("decides and allots a stream under hard caps: every subject once, caps held, records of the chosen actions", () => {
    const N = 2000
    const population = bankPopulation(N, "stream")
    const capacities: ReadonlyArray<CapacityT> = [
      capacity("emails", 0.3 * N, { channel: "email" }),
      capacity("sms", 0.1 * N, { channel: "sms" }),
      capacity("gold", 0.05 * N, { actionId: "GoldCard" })
    ]
    const settings: RunSettings = { runId: "stream-1", now: NOW, channels: ["email", "sms"], capacities }
    const one = decide(catalog, models, settings)
    const sample = population.filter((s) => DualPrices.inSample(settings.runId, 0.2)(s.id)).map(one)
    const outcomes: Array<string> = []
    const used = new Map<string, number>()
    const run = stream(catalog, models, settings, sample, { population: N })(population)
    let step = run.next()
    for (; step.done !== true; step = run.next()) {
      const o = step.value
      outcomes.push(o.subjectId)
      expect(o.record.actions.map((a) => `${a.actionId}@${a.channel}`)).toStrictEqual(
        o.chosen.map((c) => `${c.actionId}@${c.channel}`)
      )
      for (const c of o.chosen)
        for (const cap of capacities) if (appliesTo(cap, c)) used.set(cap.id, (used.get(cap.id) ?? 0) + 1)
    }
    expect(outcomes.sort()).toStrictEqual(population.map((s) => s.id).sort())
    for (const cap of capacities) {
      expect(used.get(cap.id) ?? 0).toBeLessThanOrEqual(cap.max)
      expect(step.value.usage[cap.id]).toBe(used.get(cap.id) ?? 0)
    }
    // near greedy over the whole population in memory
    expect(step.value.objective).toBeGreaterThan(0.97 * Greedy.allocate(capacities)(population.map(one)).objective)
  })
})

describe("OutboundRun: streaming from an async source, with progress, summary and bound", () => {
  const N = 1500
  const population = bankPopulation(N, "async")
  const capacities: ReadonlyArray<CapacityT> = [
    capacity("emails", 0.3 * N, { channel: "email" }),
    capacity("sms", 0.1 * N, { channel: "sms" }),
    capacity("gold", 0.05 * N, { actionId: "GoldCard" })
  ]
  const settings: RunSettings = { runId: "async-1", now: NOW, channels: ["email", "sms"], capacities }
  /** the population read lazily, as from a file, counting what has been pulled */
  const reading = () => {
    const counter = { pulled: 0 }
    async function* read(): AsyncGenerator<(typeof population)[number]> {
      for (const s of population) {
        counter.pulled++
        yield await Promise.resolve(s)
      }
    }
    return { counter, read }
  }

  it("sample: reads every subject once, keeps the sampled ones as slim candidates, reports progress", async () => {
    const seen: Array<Progress> = []
    let t = 0
    const s = await sampleAsync(catalog, models, settings, {
      rate: 0.2,
      population: N,
      progressEvery: 500,
      clock: () => (t += 10),
      onProgress: (p) => seen.push(p)
    })(reading().read())
    expect(s.population).toBe(N)
    expect(s.offers.map((o) => o.subjectId)).toStrictEqual(
      population.filter((c) => DualPrices.inSample(settings.runId, 0.2)(c.id)).map((c) => c.id)
    )
    for (const o of s.offers)
      for (const c of o.candidates)
        expect(Object.keys(c).sort()).toStrictEqual(["actionId", "channel", "group", "issue", "priority"])
    expect(seen.map((p) => [p.phase, p.done, p.total, p.elapsedMs])).toStrictEqual([
      ["sample", 500, N, 10],
      ["sample", 1000, N, 20],
      ["sample", 1500, N, 30]
    ])
    expect(seen[0]?.remainingMs).toBe(20)
    // the same sample from an array, synchronously
    expect(sample(catalog, models, settings, { rate: 0.2 })(population)).toStrictEqual(s)
  })

  it("streamAsync: pulls lazily (at most the reserve ahead), yields every subject once, same as stream; the summary adds up", async () => {
    const s = sample(catalog, models, settings, { rate: 0.2 })(population)
    const { counter, read } = reading()
    const run = streamAsync(catalog, models, settings, s.offers, { population: s.population, reserve: 4 })(read())
    const outcomes: Array<SubjectOutcome> = []
    let ahead = 0
    let step = await run.next()
    for (; step.done !== true; step = await run.next()) {
      outcomes.push(step.value)
      ahead = Math.max(ahead, counter.pulled - outcomes.length)
    }
    expect(ahead).toBeLessThanOrEqual(4 * capacities.length)
    const sync = Streaming.collect(
      stream(catalog, models, settings, s.offers, { population: s.population, reserve: 4 })(population)
    )
    expect(outcomes).toStrictEqual(sync.allotments)
    expect(step.value).toStrictEqual(sync.report)
    const summary = step.value.summary
    expect(summary.subjects).toBe(N)
    expect(summary.usage).toStrictEqual(
      Object.fromEntries(Object.entries(step.value.usage).filter(([, used]) => used > 0))
    )
    const folded = outcomes.map(Summary.ofAllotment(capacities)).reduce(Summary.Monoid.concat, Summary.empty)
    expect([summary.sent, summary.dropped, summary.contacted]).toStrictEqual([
      folded.sent,
      folded.dropped,
      folded.contacted
    ])
    for (const k of Object.keys(folded.byAction)) expect(summary.byAction[k]?.sent).toBe(folded.byAction[k]?.sent)
    expect(summary.expectedValue).toBeCloseTo(folded.expectedValue, 6)
    // the natural reading: the bound from the run's own subjects, at the sample's prices
    const prices = DualPrices.estimate(capacities, { population: N })(s.offers)
    const bound = DualPrices.upperBound(capacities, prices)(outcomes)
    expect(bound).toBeGreaterThanOrEqual(step.value.objective)
    expect(step.value.objective / bound).toBeGreaterThan(0.95)
  })

  it("streamWithPricesAsync: one subject in, one out; the same as withPrices; upperBound(run.subjects) bounds it", async () => {
    const prices = estimatePrices(
      catalog,
      models,
      settings
    )(
      population.filter((c) => DualPrices.inSample(settings.runId, 0.2)(c.id)),
      N
    )
    const budget = Capacity.budget(capacities)
    const { counter, read } = reading()
    const run = streamWithPricesAsync(catalog, models, settings, prices)(read(), budget)
    const outcomes: Array<SubjectOutcome> = []
    let step = await run.next()
    for (; step.done !== true; step = await run.next()) {
      outcomes.push(step.value)
      expect(counter.pulled).toBe(outcomes.length)
    }
    const whole = withPrices(catalog, models, settings, prices)(population, budget)
    expect(outcomes).toStrictEqual(whole.subjects)
    expect(step.value.remaining).toStrictEqual(whole.remaining)
    expect(Summary.Eq.equals(step.value.summary, whole.summary)).toBe(true)
    expect(DualPrices.upperBound(capacities, prices)(whole.subjects)).toBeGreaterThanOrEqual(whole.summary.priority)
  })

  it("greedy reports progress while it decides; its subjects give the bound too", () => {
    const seen: Array<Progress> = []
    const run = greedy(catalog, models, settings, { progressEvery: 1000, onProgress: (p) => seen.push(p) })(population)
    expect(seen.map((p) => [p.phase, p.done, p.total])).toStrictEqual([
      ["decide", 1000, N],
      ["decide", 1500, N]
    ])
    const prices = DualPrices.estimate(capacities)(run.subjects)
    expect(DualPrices.upperBound(capacities, prices)(run.subjects)).toBeGreaterThanOrEqual(run.summary.priority - 1e-9)
  })
})

describe("OutboundRun: a capacity by action property, from the catalog to the allocation", () => {
  const json = {
    ...bankCatalogJson,
    actions: bankCatalogJson.actions.map((a) =>
      a.group === "Loans" ? { ...a, properties: { product: "loan" } } : { ...a, properties: { product: a.id } }
    )
  }
  const decoded = compileCatalog(json)
  if (E.isLeft(decoded)) throw new Error("the catalog with properties does not decode")
  const withProperties = decoded.right
  const N = 2_000
  const population = bankPopulation(N, "properties")
  const loans = capacity("loans", 40, { properties: { product: "loan" } })
  const settings: RunSettings = { runId: "props", now: NOW, channels: ["email", "sms"], capacities: [loans] }

  it("the decision's choices carry the compiled action's own properties object", () => {
    const d = decide(withProperties, models, settings)(population[0] as (typeof population)[number])
    for (const c of d.candidates) {
      const compiled = withProperties.actions.find((a) => a.id === c.actionId)
      expect(c.properties).toBe(compiled?.properties)
      expect(c.properties).toBeDefined()
    }
  })

  it("greedy and the streaming allocator (prices from a sample) hold the property cap over the loan actions", () => {
    const isLoan = (id: string): boolean => id === "Mortgage" || id === "CarLoan"
    const loansSent = (subjects: ReadonlyArray<SubjectOutcome>): number =>
      subjects.reduce((n, s) => n + s.chosen.filter((c) => isLoan(c.actionId)).length, 0)
    const full = greedy(withProperties, models, settings)(population)
    // without the cap the loans would go to more subjects than 40: the cap binds
    const uncapped = greedy(withProperties, models, { ...settings, capacities: [] })(population)
    expect(loansSent(uncapped.subjects)).toBeGreaterThan(40)
    expect(loansSent(full.subjects)).toBe(40)
    expect(full.summary.usage["loans"]).toBe(40)
    const dropped = full.subjects.flatMap((s) => s.dropped.map((d) => d.capacity))
    expect(dropped.length).toBeGreaterThan(0)
    expect(new Set(dropped)).toStrictEqual(new Set(["loans"]))
    const s = sample(withProperties, models, settings, { rate: 0.25 })(population)
    const streamed = Streaming.collect(
      Streaming.allocate([loans], s.offers, { population: s.population })(
        population.map(decide(withProperties, models, settings))
      )
    )
    expect(streamed.report.usage["loans"]).toBeLessThanOrEqual(40)
    expect(streamed.report.usage["loans"]).toBeGreaterThanOrEqual(36)
  })
})
