/**
 * The car-leasing journey as data, and a simulation of it: `leasingCatalogJson` is the example
 * catalog (awareness → test drive → offer → contract → service → referral, the offer stage entered
 * directly from 120 to 30 days before the lease ends), and `simulateLeasing(config)` decides once a
 * week by email for every simulated customer, whose lease end dates vary, feeds the responses back
 * (the histories from the outbox, progression events counted) and returns the subjects per stage
 * week by week. Pure: deterministic for a seed, no I/O. Used by `examples/journey.ts` and by the
 * demo's report (its chart of subjects per stage over time).
 */
import * as E from "fp-ts/lib/Either.js"
import {
  Catalog,
  DecodeError,
  Event,
  Feedback,
  History,
  Models,
  NaiveBayes,
  nextBestAction,
  Random,
  Rule,
  Time
} from "nextbest"

/** the stages of the leasing journey, in order */
export const STAGES = ["Awareness", "TestDrive", "Offer", "Contract", "Service", "Referral"] as const

const email = [{ channel: "email", direction: "outbound" as const }]

/** The example catalog: six email actions, one per stage, and the leasing journey. */
export const leasingCatalogJson = {
  issues: [{ name: "Leasing", groups: [{ name: "Awareness" }, { name: "Sales" }, { name: "Aftersales" }] }],
  actions: [
    { id: "EVNewsletter", issue: "Leasing", group: "Awareness", value: 1, channels: email },
    { id: "BookTestDrive", issue: "Leasing", group: "Sales", value: 5, channels: email },
    { id: "LeaseOffer", issue: "Leasing", group: "Sales", value: 40, channels: email },
    { id: "SignContract", issue: "Leasing", group: "Sales", value: 60, channels: email },
    { id: "ServicePlan", issue: "Leasing", group: "Aftersales", value: 15, channels: email },
    { id: "ReferAFriend", issue: "Leasing", group: "Aftersales", value: 10, channels: email }
  ],
  journeys: [
    {
      name: "Leasing",
      event: "subject.leaseEnd",
      stages: [
        { name: "Awareness", actions: ["EVNewsletter"] },
        { name: "TestDrive", actions: ["BookTestDrive"], lapse: { days: 56 } },
        {
          name: "Offer",
          actions: ["LeaseOffer"],
          entry: Rule.encode(Rule.window("subject.leaseEnd", -120, -30)),
          lapse: { days: 42, to: "TestDrive" },
          weight: 20
        },
        { name: "Contract", actions: ["SignContract"], lapse: { days: 28, to: "Offer" } },
        { name: "Service", actions: ["ServicePlan"] },
        { name: "Referral", actions: ["ReferAFriend"] }
      ]
    }
  ]
}

/** What the simulation runs. */
export interface LeasingConfig {
  readonly seed: number
  readonly customers: number
  readonly weeks: number
}

/** One simulated week. */
export interface LeasingWeek {
  readonly week: number
  /** subjects per stage at the week's decision, in `STAGES` order */
  readonly stages: ReadonlyArray<number>
  /** of them, placed by entry criteria (the lease-end window) */
  readonly placed: number
  /** progression events in the outbox this week */
  readonly progressions: number
  /** accepted emails this week */
  readonly accepted: number
}

/** The simulation's result. */
export interface LeasingResult {
  readonly weeks: ReadonlyArray<LeasingWeek>
  /** progression events by move (`from → to`), over the whole run */
  readonly moves: Readonly<Record<string, number>>
  /** the learned propensity of LeaseOffer at some days before the lease end */
  readonly offerByDays: ReadonlyArray<{ readonly days: number; readonly propensity: number }>
}

/** the true acceptance probability of an action for a customer `days` before their lease ends */
const truth = (actionId: string, days: number): number => {
  switch (actionId) {
    case "EVNewsletter":
      return 0.12
    case "BookTestDrive":
      return days >= 0 && days <= 200 ? 0.25 : 0.06
    case "LeaseOffer":
      return days >= 30 && days <= 120 ? 0.35 : 0.03
    case "SignContract":
      return 0.5
    case "ServicePlan":
      return 0.2
    default:
      return 0.08
  }
}

/** The leasing journey over simulated customers and weeks. */
export const simulateLeasing = (config: LeasingConfig): LeasingResult => {
  const compiled = Catalog.catalog(leasingCatalogJson)
  if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
  const catalog = compiled.right
  const learner = NaiveBayes.naiveBayes({
    predictors: [
      { name: "journey.Leasing.daysToEvent", type: "numeric" },
      { name: "journey.Leasing.stage", type: "symbolic" }
    ]
  })
  const settings = Feedback.settings({ timeouts: { outbound: 7 * Time.DAY_MS } })
  const apply = Feedback.applyAll(settings)
  const keep = History.append(History.retention(400 * Time.DAY_MS))
  let state = Feedback.initial(Models.empty(learner))
  let rng = Random.fromSeed(config.seed)
  const draw = (): number => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
  const start = Date.UTC(2025, 0, 6)
  // lease ends from 8 weeks ago to 18 months ahead
  const customers = Array.from({ length: config.customers }, (_, i) => ({
    id: `lessee-${i}`,
    leaseEnd: start + Math.round((-56 + draw() * 600) * Time.DAY_MS)
  }))
  const histories = new Map<string, History.History>()
  const weeks: Array<LeasingWeek> = []
  const moves: Record<string, number> = {}
  for (let w = 0; w < config.weeks; w++) {
    const now = start + w * 7 * Time.DAY_MS
    const stages = STAGES.map(() => 0)
    let placed = 0
    let accepted = 0
    const inputs: Array<Feedback.Input> = []
    for (const c of customers) {
      const decision = nextBestAction(catalog, state.models, {
        decisionId: `w${w}-${c.id}`,
        subject: { id: c.id, attributes: { leaseEnd: c.leaseEnd }, history: histories.get(c.id) ?? [] },
        context: { now, channel: "email", direction: "outbound" },
        options: { controlGroup: false, trace: "none" }
      })
      const position = decision.journeys?.[0]
      if (position !== undefined) {
        const k = STAGES.indexOf(position.stage as (typeof STAGES)[number])
        stages[k] = (stages[k] ?? 0) + 1
        if (position.by === "entry") placed++
      }
      inputs.push(Feedback.decided(decision.record))
      for (const chosen of decision.record.actions) {
        const on = { actionId: chosen.actionId, channel: chosen.channel, decision: decision.decisionId }
        inputs.push(Event.sent({ ...on, eventId: `${decision.decisionId}:sent`, at: now }))
        const days = Math.floor((c.leaseEnd - now) / Time.DAY_MS)
        const u = draw()
        if (u < truth(chosen.actionId, days)) {
          accepted++
          inputs.push(Event.response({ ...on, eventId: `${decision.decisionId}:r`, at: now + Time.DAY_MS }, "accepted"))
        } else if (u > 0.8)
          inputs.push(Event.response({ ...on, eventId: `${decision.decisionId}:r`, at: now + Time.DAY_MS }, "rejected"))
      }
    }
    inputs.push(Feedback.expireAt(now + 7 * Time.DAY_MS - 1))
    state = apply(state, inputs)
    const [outbox, drained] = Feedback.drain(state)
    state = drained
    let progressions = 0
    for (const r of outbox.recorded) {
      histories.set(r.subjectId, keep(histories.get(r.subjectId) ?? [], r.interaction))
      for (const p of r.progressions ?? []) {
        progressions++
        const move = `${p.from} → ${p.to}`
        moves[move] = (moves[move] ?? 0) + 1
      }
    }
    weeks.push({ week: w + 1, stages, placed, progressions, accepted })
  }
  const offerByDays = [15, 60, 100, 250].map((days) => {
    const [score] = Models.score(
      state.models,
      "LeaseOffer@email",
      { "journey.Leasing.daysToEvent": days, "journey.Leasing.stage": "Offer" },
      Random.fromSeed(0)
    )
    return { days, propensity: score.propensity }
  })
  return { weeks, moves, offerByDays }
}
