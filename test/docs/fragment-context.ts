/**
 * The names a ```` ```ts fragment ```` block of the docs may use without defining them: what the
 * surrounding application has at hand (a compiled catalog, the models, a decoded request, a
 * decision, the feedback state…). Fragments are type-checked against these declarations by
 * typecheck.test.ts, so a fragment that calls the library wrongly fails the tests.
 */
import type {
  Allocation,
  Catalog,
  Decision,
  DecisionRecord,
  Event,
  Feedback,
  History,
  Learner,
  Models,
  OutboundRun,
  Request,
  Time
} from "../../src/index.js"

type State = { readonly n: number }

declare global {
  /** JSON of a catalog, as read from a file or a database */
  const catalogJson: unknown
  /** an HTTP request body */
  const body: unknown
  const catalog: Catalog
  const learner: Learner<State>
  const models: Models<State>
  const request: Request
  const decision: Decision
  const event: Event
  /** decision records and events, as logged */
  const records: ReadonlyArray<DecisionRecord>
  const events: ReadonlyArray<Event<DecisionRecord>>
  /** one subject's resolved events */
  const subjectEvents: ReadonlyArray<Event<DecisionRecord>>
  const history: History
  const now: Time.Instant
  const sentAt: Time.Instant
  /** a feedback state with a replica id (`Feedback.initial(models, { replicaId })`) */
  let state: Feedback.ReplicatedState<State>
  const outbox: Feedback.Outbox
  const loadHistory: (subjectId: string) => Promise<History>
  const saveHistory: (subjectId: string, history: History) => Promise<void>
  /** a key-value store of replica deltas (Redis, PostgreSQL, a Map…) */
  const store: {
    readonly setIfAbsent: (key: string, json: unknown) => void
    readonly valuesNotFrom: (replicaId: string) => ReadonlyArray<unknown>
  }
  /** tonight's outbound population, and this machine's partition of it */
  const customers: ReadonlyArray<OutboundSubject>
  const myCustomers: ReadonlyArray<OutboundSubject>
  const populationSize: number
  const myBudget: Readonly<Record<string, number>>
  const run: OutboundRun.RunOutcome
  /** a population's candidates (e.g. each subject's decided actions) */
  const offers: ReadonlyArray<Allocation.Offers>
  const send: (allotment: Allocation.Allotment) => void
  type OutboundSubject = Request.Subject
}

export {}
