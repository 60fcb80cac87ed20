/**
 * A car-leasing customer journey: awareness → test drive → offer → contract → service → referral.
 *
 * 600 simulated customers, whose lease end dates vary from 8 weeks ago to 18 months ahead, get one
 * email a week for 26 weeks. Each decision admits only the actions of the customer's stage in the
 * journey (derived from their history: an accepted action moves them on, a lapse moves them back),
 * or of the next stage when its entry criteria hold — the offer stage's criteria are the window of
 * opportunity from 120 to 30 days before the lease ends, which also places a customer who has not
 * started directly in the offer stage. Naive Bayes models learn with the days to the lease end and
 * the stage as predictors: the right moment. The table is the funnel by stage, week by week; then
 * the progression events the outbox counted, what the offer's model learned about timing, and one
 * decision whose caller states a stage the history does not support.
 *
 * Run with `npm run example:journey` (or `npx tsx examples/journey.ts`).
 */
import * as E from "fp-ts/lib/Either.js"
import { Catalog, Decision, DecodeError, Models, nextBestAction, NaiveBayes } from "nextbest"
import { leasingCatalogJson, simulateLeasing, STAGES } from "./journey/leasing.js"

const result = simulateLeasing({ seed: 7, customers: 600, weeks: 26 })

const pad = (x: string | number, n: number): string => String(x).padStart(n)
console.log(`subjects per stage, week by week (${STAGES.join(" → ")})`)
console.log(`week ${STAGES.map((s) => pad(s, 9)).join(" ")}   placed  accepted  moved`)
for (const w of result.weeks)
  if (w.week <= 4 || w.week % 4 === 0 || w.week === result.weeks.length)
    console.log(
      `${pad(w.week, 4)} ${w.stages.map((n) => pad(n, 9)).join(" ")} ${pad(w.placed, 8)} ${pad(w.accepted, 9)} ${pad(w.progressions, 6)}`
    )

console.log("\nprogression events in the outbox, by move:")
for (const [move, n] of Object.entries(result.moves).sort((a, b) => b[1] - a[1])) console.log(`  ${pad(n, 5)}  ${move}`)

console.log("\nwhat the LeaseOffer model learned about the right moment (days before the lease ends):")
for (const { days, propensity } of result.offerByDays)
  console.log(`  ${pad(days, 4)} days: propensity ${propensity.toFixed(3)}`)

// the caller may state a stage; when the history does not support it, the decision says so
const catalog = Catalog.catalog(leasingCatalogJson)
if (E.isLeft(catalog)) throw new Error(DecodeError.render(catalog.left))
const now = Date.UTC(2025, 6, 1)
const decision = nextBestAction(catalog.right, Models.empty(NaiveBayes.naiveBayes({ predictors: [] })), {
  decisionId: "explicit-stage",
  subject: { id: "lessee-x", attributes: { leaseEnd: "2026-06-30" }, journeys: { Leasing: "Contract" } },
  context: { now, channel: "email", direction: "outbound" },
  options: { controlGroup: false }
})
console.log(`\n${Decision.render(decision)}`)
