/**
 * What a journey costs a decision: the leasing catalog of examples/journey (six email actions, one
 * journey of six stages with entry criteria and lapses) decided for 500 customers with histories
 * of 0–40 interactions, with its journey and without (the same catalog, `journeys` removed), in
 * interleaved rounds; and the stage derivation (`Journey.position`) beside a hand-written replay
 * loop over the same histories (a `Map` from action to stage, no lapses, no entry criteria: the
 * floor of what a derivation must do).
 *
 * - `journey.decisionsPerSecond`, `withoutJourneyDecisionsPerSecond`, `journeyRatio` (with / without,
 *   median of the rounds' ratios) and `journeyRatioRange` (lowest and highest round);
 * - `journey.positionsPerSecond`, `handWrittenPositionsPerSecond` and `positionRatio` (the library
 *   over the hand-written loop, median of the rounds' ratios).
 */
import * as E from "fp-ts/lib/Either.js"
import { Catalog, Journey, Models, nextBestAction, Random, ThompsonSampling, type Request } from "../src/index.js"
import type { Interaction } from "../src/history/History.js"
import { leasingCatalogJson, STAGES } from "../examples/journey/leasing.js"
import { median, opsPerSecond, round3 } from "./harness.js"

const log = (message: string): void => {
  process.stderr.write(`${message}\n`)
}

const CUSTOMERS = 500
const ROUNDS = 5
const DAY = 86_400_000

export const run = async (): Promise<Record<string, unknown>> => {
  const withJourney = Catalog.catalog(leasingCatalogJson)
  const { journeys: _journeys, ...rest } = leasingCatalogJson
  const without = Catalog.catalog(rest)
  if (E.isLeft(withJourney) || E.isLeft(without)) throw new Error("bench/journey: the catalog does not decode")
  const journey = withJourney.right.spec.journeys?.[0] as Journey.Journey
  const actions = leasingCatalogJson.actions.map((a) => a.id)
  const now = Date.UTC(2025, 6, 1)
  let rng = Random.fromSeed("bench-journey")
  const draw = (): number => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
  const requests: Array<Request> = Array.from({ length: CUSTOMERS }, (_, i) => {
    const n = Math.floor(draw() * 41)
    const history: Array<Interaction> = Array.from({ length: n }, (_, k) => ({
      at: now - (n - k) * 3 * DAY,
      actionId: actions[Math.floor(draw() * actions.length)] as string,
      issue: "Leasing",
      group: "Sales",
      channel: "email",
      outcome: draw() < 0.3 ? "accepted" : "rejected"
    }))
    return {
      decisionId: `d-${i}`,
      subject: { id: `c-${i}`, attributes: { leaseEnd: now + Math.round((-60 + draw() * 500) * DAY) }, history },
      context: { now, channel: "email", direction: "outbound" },
      options: { controlGroup: false, trace: "reasons" }
    }
  })
  const models = Models.empty(ThompsonSampling.thompsonSampling())
  const facts = requests.map((r) => ({ subject: r.subject.attributes ?? {}, context: {} }))
  const histories = requests.map((r) => r.subject.history ?? [])
  const stageOf = new Map<string, number>()
  journey.stages.forEach((s, i) => s.actions.forEach((a) => stageOf.set(a, i)))
  const last = STAGES.length - 1
  const handWritten = (h: ReadonlyArray<Interaction>): number => {
    let stage = 0
    for (const x of h) {
      if (x.outcome !== "accepted") continue
      const k = stageOf.get(x.actionId)
      if (k !== undefined && k >= stage) stage = k < last ? k + 1 : last
    }
    return stage
  }
  let sink = 0
  const decide = (catalog: Catalog) => () => {
    for (const r of requests) sink += nextBestAction(catalog, models, r).actions.length
  }
  const derive = () => {
    for (let i = 0; i < CUSTOMERS; i++)
      sink += Journey.position(
        journey,
        histories[i] as ReadonlyArray<Interaction>,
        facts[i] as Readonly<Record<string, unknown>>,
        now
      ).index
  }
  const loop = () => {
    for (let i = 0; i < CUSTOMERS; i++) sink += handWritten(histories[i] as ReadonlyArray<Interaction>)
  }
  const rates: Record<string, Array<number>> = { with: [], without: [], position: [], hand: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    rates["with"]?.push(opsPerSecond(decide(withJourney.right), CUSTOMERS, { windows: 5 }))
    rates["without"]?.push(opsPerSecond(decide(without.right), CUSTOMERS, { windows: 5 }))
    rates["position"]?.push(opsPerSecond(derive, CUSTOMERS, { windows: 5 }))
    rates["hand"]?.push(opsPerSecond(loop, CUSTOMERS, { windows: 5 }))
    log(`round ${round} of ${ROUNDS}`)
  }
  const r = (name: string): ReadonlyArray<number> => rates[name] as ReadonlyArray<number>
  const ratios = (a: string, b: string): ReadonlyArray<number> => r(a).map((x, i) => x / (r(b)[i] as number))
  if (sink < 0) log("")
  return {
    journey: {
      customers: CUSTOMERS,
      rounds: ROUNDS,
      decisionsPerSecond: round3(median(r("with"))),
      withoutJourneyDecisionsPerSecond: round3(median(r("without"))),
      journeyRatio: round3(median(ratios("with", "without"))),
      journeyRatioRange: [
        round3(Math.min(...ratios("with", "without"))),
        round3(Math.max(...ratios("with", "without")))
      ],
      positionsPerSecond: round3(median(r("position"))),
      handWrittenPositionsPerSecond: round3(median(r("hand"))),
      positionRatio: round3(median(ratios("position", "hand")))
    }
  }
}
