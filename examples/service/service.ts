/**
 * The reference inbound service: node:http routes over the library's public API and a `Store`.
 *
 * - `POST /decide`: a request (`Request.decodeFor(catalog)`), the subject's stored history, a
 *   decision; the decision record and a clock tick at the request's `now` go through the feedback
 *   reducer and are written before the answer. A decision id already answered gets the same answer.
 * - `POST /feedback`: one event or an array of events (`Event.decode`), through the reducer;
 *   accepted events are written before the answer, refused ones are listed with their reason.
 * - `GET /health`, `GET /models`, `GET /models/snapshot`, `GET /metrics`, and for a replica
 *   `GET /sync` (its place in the shared log; see replication.ts).
 *
 * Every route but `/health` needs `Authorization: Bearer <token>`. Bodies over the limit get 413,
 * bad JSON or bad requests 400 with every problem and its path, unknown routes 404; errors are
 * logged (name and stack frames, never a message or a body, which may hold subject attributes)
 * and answered with a bare 500.
 */
import { createHash, timingSafeEqual } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import * as E from "fp-ts/lib/Either.js"
import {
  Diagnostics,
  Event,
  Feedback,
  History,
  Models,
  nextBestAction,
  Request,
  type Catalog,
  type DecodeError,
  type NaiveBayes
} from "../../src/index.js"
import { Metrics } from "./metrics.js"
import {
  decodeSnapshot,
  encodeSnapshot,
  isSyncStep,
  notJoined,
  replay,
  startSync,
  type Replicated,
  type SharedLog,
  type Sync
} from "./replication.js"
import type { Store } from "./store.js"

export interface ServiceConfig {
  readonly catalog: Catalog
  readonly learner: NaiveBayes.NaiveBayes
  readonly store: Store
  /** the bearer token every route but /health requires */
  readonly token: string
  /** the largest body accepted, in bytes (default 1 MiB) */
  readonly bodyLimit?: number
  /** the most events in one POST /feedback (default 1,000) */
  readonly maxBatch?: number
  readonly settings?: Feedback.Settings
  readonly retention?: History.Retention
  /** one structured log line */
  readonly log?: (line: Readonly<Record<string, unknown>>) => void
  /** run as one replica of several that learn as one through a shared log of deltas */
  readonly replication?: {
    readonly replicaId: string
    readonly shared: SharedLog
    /** how often what was learned is published (ms; default 100) */
    readonly intervalMs?: number
    /** a shared snapshot every this many deltas (default 500) */
    readonly snapshotEvery?: number
  }
}

type State = Feedback.Feedback<NaiveBayes.State>

interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply => ({
  status,
  body,
  ...(headers === undefined ? {} : { headers })
})

class TooLarge extends Error {}

/** what a client is told about a decode error: every problem with its path, code and what was found */
const problemsOf = (error: DecodeError): unknown => ({
  error: "invalid_body",
  problems: error.problems.map((p) => ({ path: p.path, code: p.code, message: p.message, found: p.found })),
  omitted: error.omitted
})

const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest()

/**
 * The state after replaying the store: the latest snapshot, then every logged batch after it. A
 * replica (`replicaId` given) also gets back its place in the shared log (`sync`; `null` for a
 * replica that has not joined yet: an empty store).
 */
export const recover = async (
  store: Store,
  learner: NaiveBayes.NaiveBayes,
  settings: Feedback.Settings,
  replicaId?: string
): Promise<{ readonly state: State; readonly sync: Sync | null; readonly replayed: number }> => {
  const loaded = await store.load()
  let state: State = replicaId === undefined ? Feedback.initial(Models.empty(learner)) : notJoined(learner, replicaId)
  let sync: Sync | null = null
  if (loaded.snapshot !== null) {
    if (replicaId !== undefined) {
      const decoded = decodeSnapshot(learner, loaded.snapshot.state)
      if (decoded.state.replica.replicaId !== replicaId)
        throw new Error(`the store is replica ${decoded.state.replica.replicaId}'s, not ${replicaId}'s`)
      state = decoded.state
      sync = decoded.sync
    } else {
      const decoded = Feedback.decode(learner, loaded.snapshot.state)
      if (E.isLeft(decoded)) throw new Error(`snapshot ${loaded.snapshot.seq} does not decode`)
      if (Feedback.isReplicated(decoded.right)) throw new Error("the store is a replica's: give its replica id")
      state = decoded.right
    }
  }
  const apply = Feedback.applyAll(settings)
  for (const batch of loaded.batches) {
    if (isSyncStep(batch.inputs)) {
      if (replicaId === undefined || !Feedback.isReplicated(state))
        throw new Error(`log entry ${batch.seq} is a replica's: give its replica id`)
      const isJoin = "join" in (batch.inputs as object)
      if ((sync !== null) === isJoin)
        throw new Error(`log entry ${batch.seq}: ${isJoin ? "a second join" : "a sync step before the join"}`)
      const next = replay(learner, state, sync ?? { position: "", unsent: [] }, batch.inputs)
      state = next.state
      sync = next.sync
      continue
    }
    if (replicaId !== undefined && sync === null) throw new Error(`log entry ${batch.seq}: a step before the join`)
    const inputs = Feedback.decodeLog(batch.inputs)
    if (E.isLeft(inputs)) throw new Error(`log entry ${batch.seq} does not decode`)
    state = apply(state, inputs.right)
  }
  // the histories were written with each step: what the replay recorded is already stored
  return { state: Feedback.drain(state)[1], sync, replayed: loaded.batches.length }
}

export const createService = async (config: ServiceConfig) => {
  const { catalog, learner, store } = config
  const bodyLimit = config.bodyLimit ?? 1024 * 1024
  const maxBatch = config.maxBatch ?? 1000
  const settings = config.settings ?? Feedback.defaultSettings
  const retention = config.retention ?? History.defaultRetention
  const log = config.log ?? (() => undefined)
  const apply = Feedback.applyAll(settings)
  const append = History.append(retention)
  const decodeRequest = Request.decodeFor(catalog)
  const expected = digest(`Bearer ${config.token}`)
  const metrics = new Metrics()

  const replication = config.replication
  const recovered = await recover(store, learner, settings, replication?.replicaId)
  let state: State = recovered.state
  let sync: Sync | null = recovered.sync
  let draining = false
  // steps that change the state run one at a time: each reads the state, writes, then replaces it
  let chain: Promise<unknown> = Promise.resolve()
  const serial = <A>(step: () => Promise<A>): Promise<A> => {
    const result = chain.then(step)
    chain = result.catch(() => undefined)
    return result
  }
  /** the local snapshot of a state: a replica's keeps its place in the shared log too */
  const snapshotOf = (s: State): unknown =>
    sync !== null && Feedback.isReplicated(s) ? encodeSnapshot(s, sync) : Feedback.encode(s)
  log({ level: "info", msg: "recovered", replayed: recovered.replayed, position: store.lastSeq() })
  const replica =
    replication === undefined
      ? null
      : await startSync(
          {
            learner,
            serial,
            current: () => ({ state: state as Replicated, sync }),
            commit: async (step, s, y) => {
              if (step !== null)
                await store.commit({ inputs: step, histories: [], snapshot: () => encodeSnapshot(s, y) })
              state = s
              sync = y
            },
            log
          },
          {
            shared: replication.shared,
            ...(replication.intervalMs === undefined ? {} : { intervalMs: replication.intervalMs }),
            ...(replication.snapshotEvery === undefined ? {} : { snapshotEvery: replication.snapshotEvery })
          }
        )

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization
    return typeof header === "string" && timingSafeEqual(digest(header), expected)
  }

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers["content-length"])
      if (Number.isFinite(declared) && declared > bodyLimit) return reject(new TooLarge())
      const chunks: Array<Buffer> = []
      let size = 0
      req.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > bodyLimit) {
          req.removeAllListeners("data")
          reject(new TooLarge())
          return
        }
        chunks.push(chunk)
      })
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
      req.on("error", reject)
    })

  const parse = (text: string): E.Either<Reply, unknown> => {
    try {
      return E.right(JSON.parse(text) as unknown)
    } catch {
      return E.left(
        json(400, {
          error: "invalid_json",
          problems: [{ path: "$", code: "invalid_type", message: "the body is not JSON", found: null }],
          omitted: 0
        })
      )
    }
  }

  /** the histories of the subjects the outbox recorded interactions for, appended */
  const historiesOf = async (outbox: Feedback.Outbox): Promise<Array<readonly [string, unknown]>> => {
    const updated = new Map<string, History.History>()
    for (const { subjectId, interaction } of outbox.recorded) {
      const current = updated.get(subjectId) ?? (await storedHistory(subjectId))
      updated.set(subjectId, append(current, interaction))
    }
    return [...updated].map(([id, h]) => [id, History.encode(h)] as const)
  }

  const storedHistory = async (subjectId: string): Promise<History.History> => {
    const stored = await store.history(subjectId)
    if (stored === undefined) return History.empty
    const h = History.decode(stored)
    if (E.isLeft(h)) throw new Error("a stored history does not decode")
    return h.right
  }

  const decide = async (body: unknown): Promise<Reply> => {
    const decoded = decodeRequest(body)
    if (E.isLeft(decoded)) {
      metrics.refused("invalid_request")
      return json(400, problemsOf(decoded.left))
    }
    const request0 = decoded.right
    const decisionId = Request.decisionIdOf(request0)
    const answered = await store.decisionResponse(decisionId)
    if (answered !== undefined) return json(200, JSON.parse(answered), { "x-nextbest-replayed": "true" })
    const request: Request =
      request0.subject.history === undefined
        ? { ...request0, subject: { ...request0.subject, history: await storedHistory(request0.subject.id) } }
        : request0
    const decision = nextBestAction(catalog, state.models, request)
    const inputs: ReadonlyArray<Feedback.Input> = [
      Feedback.expireAt(request.context.now),
      Feedback.decided(decision.record)
    ]
    const [outbox, next] = Feedback.drain(apply(state, inputs))
    const refusal = outbox.refused[0]
    if (refusal !== undefined) {
      metrics.refused(refusal.reason)
      return json(409, { error: refusal.reason, message: refusal.message })
    }
    const response = {
      decisionId: decision.decisionId,
      subjectId: decision.subjectId,
      at: decision.at,
      controlGroup: decision.controlGroup,
      actions: decision.actions,
      excluded: decision.excluded,
      funnel: decision.funnel
    }
    const text = JSON.stringify(response)
    await store.commit({
      inputs: inputs.map((i) => Feedback.InputCodec.encode(i)),
      decision: {
        decisionId: decision.decisionId,
        subjectId: decision.subjectId,
        at: decision.at,
        record: Feedback.InputCodec.encode(inputs[1] as Feedback.Input),
        response: text
      },
      histories: await historiesOf(outbox),
      snapshot: () => snapshotOf(next)
    })
    state = next
    metrics.decided()
    return json(200, JSON.parse(text))
  }

  const feedback = async (body: unknown): Promise<Reply> => {
    const items = Array.isArray(body) ? body : [body]
    if (items.length === 0 || items.length > maxBatch) {
      metrics.refused("invalid_request")
      return json(400, {
        error: "invalid_body",
        problems: [
          {
            path: "$",
            code: "invalid_value",
            message: `expected one event or an array of 1 to ${maxBatch} events`,
            found: items.length
          }
        ],
        omitted: 0
      })
    }
    const events: Array<Event.Event> = []
    const problems: Array<unknown> = []
    let omitted = 0
    items.forEach((item, k) => {
      const e = Event.decode(item)
      if (E.isRight(e)) events.push(e.right)
      else {
        const prefix = Array.isArray(body) ? `$[${k}]` : "$"
        for (const p of e.left.problems)
          problems.push({ path: prefix + p.path.slice(1), code: p.code, message: p.message, found: p.found })
        omitted += e.left.omitted
      }
    })
    if (problems.length > 0) {
      metrics.refused("invalid_request")
      return json(400, { error: "invalid_body", problems, omitted })
    }
    const [outbox, next] = Feedback.drain(apply(state, events))
    const refusedInputs = new Set<unknown>(outbox.refused.map((r) => r.input))
    const accepted = events.filter((e) => !refusedInputs.has(e))
    for (const r of outbox.refused) metrics.refused(r.reason)
    if (accepted.length > 0) {
      await store.commit({
        inputs: accepted.map((e) => Feedback.InputCodec.encode(e)),
        histories: await historiesOf(outbox),
        snapshot: () => snapshotOf(next)
      })
      state = next
      metrics.events(accepted.length)
    }
    // a replica says which of its deltas will carry what it learned
    const carried =
      accepted.length > 0 && Feedback.isReplicated(state)
        ? { "x-nextbest-delta": `${state.replica.replicaId}#${state.replica.sequence + 1}` }
        : undefined
    return json(
      200,
      {
        accepted: accepted.length,
        refused: outbox.refused.map((r) => ({
          eventId: r.input._tag === "Decided" ? null : r.input.eventId,
          reason: r.reason,
          message: r.message
        }))
      },
      carried
    )
  }

  /** a replica's place in the shared log */
  const syncReport = (): unknown => {
    if (replica === null || sync === null || !Feedback.isReplicated(state)) return null
    return {
      replicaId: state.replica.replicaId,
      sequence: state.replica.sequence,
      unsynced: Object.keys(state.replica.unsynced.states).length,
      unsent: sync.unsent.length,
      position: sync.position,
      applied: state.replica.applied,
      ...replica.status()
    }
  }

  const models = (): Reply => {
    const out = Object.keys(state.models.states)
      .sort()
      .map((modelKey) => {
        const report = Diagnostics.modelReport(learner.inspect(Models.stateOf(state.models, modelKey)))
        return {
          modelKey,
          evidence: report.positives + report.negatives,
          positives: report.positives,
          negatives: report.negatives,
          auc: report.auc,
          activePredictors: report.activePredictors,
          predictors: report.predictors.map((p) => ({ name: p.name, active: p.active, auc: p.auc }))
        }
      })
    return json(200, { models: out })
  }

  const route = async (req: IncomingMessage, path: string): Promise<Reply> => {
    const method = req.method ?? "GET"
    const known: Readonly<Record<string, string>> = {
      "/decide": "POST",
      "/feedback": "POST",
      "/health": "GET",
      "/models": "GET",
      "/models/snapshot": "GET",
      "/metrics": "GET",
      "/sync": "GET"
    }
    const allowed = known[path]
    if (allowed === undefined) return json(404, { error: "not_found" })
    if (path !== "/health" && !authorized(req))
      return json(401, { error: "unauthorized" }, { "www-authenticate": "Bearer" })
    if (method !== allowed) return json(405, { error: "method_not_allowed" }, { allow: allowed })
    switch (path) {
      case "/health":
        return draining
          ? json(503, { status: "draining" })
          : json(200, {
              status: "ok",
              position: store.lastSeq(),
              pending: state.pending.decisions.size,
              ...(replica === null ? {} : { sync: syncReport() })
            })
      case "/sync":
        return replica === null ? json(404, { error: "not_a_replica" }) : json(200, syncReport())
      case "/models":
        return models()
      case "/models/snapshot":
        return json(200, Models.encode(state.models))
      case "/metrics":
        return {
          status: 200,
          body: metrics.render({
            pending: state.pending.decisions.size,
            position: store.lastSeq(),
            ...(replica === null || sync === null || !Feedback.isReplicated(state)
              ? {}
              : {
                  sync: {
                    ...replica.status(),
                    unsynced: Object.keys(state.replica.unsynced.states).length,
                    unsent: sync.unsent.length
                  }
                })
          }),
          headers: { "content-type": "text/plain; version=0.0.4" }
        }
    }
    const text = await readBody(req)
    const body = parse(text)
    if (E.isLeft(body)) {
      metrics.refused("invalid_json")
      return body.left
    }
    const decoded = body.right
    return serial(() => (path === "/decide" ? decide(decoded) : feedback(decoded)))
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint()
    const path = (req.url ?? "/").split("?")[0] ?? "/"
    const send = (reply: Reply): void => {
      const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body)
      const headers: Record<string, string> = {
        "content-type": "application/json",
        ...reply.headers
      }
      if (draining || reply.status === 413) headers["connection"] = "close"
      res.writeHead(reply.status, headers)
      res.end(text)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const routeName = reply.status === 404 ? "unknown" : path
      metrics.request(routeName, reply.status, seconds)
      // never the body: it may hold subject attributes
      log({
        level: reply.status >= 500 ? "error" : reply.status === 401 ? "warn" : "info",
        msg: reply.status === 401 ? "unauthorized" : "request",
        method: req.method,
        path: routeName === "unknown" ? "(unknown)" : path,
        status: reply.status,
        ms: Math.round(seconds * 1e6) / 1e3
      })
      if (reply.status === 413 || reply.status === 401 || reply.status === 404) req.resume()
    }
    route(req, path).then(send, (error: unknown) => {
      if (error instanceof TooLarge) {
        metrics.refused("too_large")
        send(json(413, { error: "too_large", limit: bodyLimit }))
        return
      }
      log({
        level: "error",
        msg: "internal error",
        error: error instanceof Error ? error.name : typeof error,
        stack: error instanceof Error ? (error.stack ?? "").split("\n").filter((l) => l.startsWith("    at ")) : []
      })
      if (!res.headersSent) send(json(500, { error: "internal" }))
      else res.destroy()
    })
  }

  return {
    handle,
    /** stop answering /health as ready; responses close their connections */
    drain: () => {
      draining = true
    },
    /** a replica's last delta to the shared log (if it answers within 1 s), the last snapshot, then close the store */
    close: async () => {
      if (replica !== null) {
        await Promise.race([replica.flush(), new Promise((r) => setTimeout(r, 1000))])
        await replica.stop()
      }
      await chain
      await store.snapshot(snapshotOf(state))
      await store.close()
    },
    state: () => state
  }
}
