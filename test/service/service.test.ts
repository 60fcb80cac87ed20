/**
 * The reference service (examples/service) as a real process on loopback: its routes, access,
 * the refusals (400 with every problem's path, 401, 404, 405, 413), its logs (never a body, never
 * a subject attribute), a fuzz corpus it must survive, and a graceful SIGTERM after which a
 * restart recovers the same models.
 */
import * as fc from "fast-check"
import { request as httpRequest } from "node:http"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundle, call, decideBody, NOW, post, start, tempDir, TOKEN, type Running } from "./harness.js"
import { available, PG_BIN, startCluster, type Cluster } from "./postgres.js"

const LIMIT = 8192
const SECRET = "SECRET-ATTRIBUTE-7731"
const script = bundle("routes")
if (!available())
  console.warn(`PostgreSQL is not installed (no initdb in ${PG_BIN}): the service tests run on SQLite only`)

/** the same tests on each store */
describe.each(available() ? (["sqlite", "postgres"] as const) : (["sqlite"] as const))("on %s", (kind) => {
  const tmp = tempDir("nextbest-service-")
  const db = join(tmp.dir, "service.sqlite")
  let cluster: Cluster | undefined
  const env: Record<string, string> = { NEXTBEST_BODY_LIMIT: String(LIMIT) }
  let service: Running

  beforeAll(async () => {
    if (kind === "postgres") {
      cluster = await startCluster()
      env["NEXTBEST_PG_URL"] = await cluster.database("routes")
    }
    service = await start(script, db, env)
  })

  afterAll(async () => {
    if (service !== undefined && service.child.exitCode === null) {
      service.child.kill("SIGKILL")
      await service.exited
    }
    cluster?.stop()
    tmp.remove()
  })

  interface DecideAnswer {
    readonly decisionId: string
    readonly actions: ReadonlyArray<{ readonly actionId: string; readonly channel: string }>
    readonly excluded: ReadonlyArray<unknown>
  }

  describe("routes", () => {
    it("GET /health needs no token", async () => {
      const r = await call(service.port, "GET", "/health", undefined, {})
      expect(r.status).toBe(200)
      expect(r.json()).toMatchObject({ status: "ok" })
      expect(service.lines.some((l) => l.includes(`"store":"${kind}"`))).toBe(true)
    })

    it("every other route needs the bearer token: 401 without it, with another, or with a prefix of it", async () => {
      for (const [method, path] of [
        ["POST", "/decide"],
        ["POST", "/feedback"],
        ["GET", "/models"],
        ["GET", "/models/snapshot"],
        ["GET", "/metrics"]
      ] as const)
        for (const headers of [
          {},
          { authorization: "Bearer wrong" },
          { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
          { authorization: TOKEN }
        ]) {
          const r = await call(
            service.port,
            method,
            path,
            method === "POST" ? JSON.stringify(decideBody(0)) : undefined,
            headers
          )
          expect(r.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401)
          expect(r.headers["www-authenticate"]).toBe("Bearer")
          expect(r.json()).toEqual({ error: "unauthorized" })
        }
    })

    it("an unknown route is 404, a known one with another method 405", async () => {
      expect((await call(service.port, "GET", "/nope")).status).toBe(404)
      expect((await call(service.port, "GET", "/decide/../etc/passwd")).status).toBe(404)
      const r = await call(service.port, "GET", "/decide")
      expect(r.status).toBe(405)
      expect(r.headers["allow"]).toBe("POST")
    })

    it("POST /decide decides, writes, and answers a repeated decision id with the same decision", async () => {
      const first = await post(service.port, "/decide", decideBody(1))
      expect(first.status).toBe(200)
      const decision = first.json() as DecideAnswer
      expect(decision.decisionId).toBe("d-1")
      expect(decision.actions.length).toBeGreaterThan(0)
      expect(first.text).not.toContain('"record"')
      const again = await post(service.port, "/decide", decideBody(1))
      expect(again.status).toBe(200)
      expect(again.headers["x-nextbest-replayed"]).toBe("true")
      expect(again.text).toBe(first.text)
    })

    it("POST /decide with a bad request: 400 with every problem and its path", async () => {
      const r = await post(service.port, "/decide", {
        decisionId: "bad-1",
        subject: { id: "", attributes: { age: "forty", segmnt: "gold", balance: 10 } },
        context: { now: 1_700_000_000, channel: "web" }
      })
      expect(r.status).toBe(400)
      const body = r.json() as { error: string; problems: ReadonlyArray<{ path: string; code: string }> }
      expect(body.error).toBe("invalid_body")
      expect(body.problems.map((p) => [p.path, p.code])).toEqual([
        ["$.subject.id", "invalid_value"],
        ["$.context.now", "looks_like_seconds"],
        ["$.subject.attributes.age", "type_mismatch"],
        ["$.subject.attributes.segment", "required"],
        ["$.subject.attributes.segmnt", "unknown_key"]
      ])
    })

    it("a body that is not JSON: 400", async () => {
      const r = await call(service.port, "POST", "/decide", "{ not json")
      expect(r.status).toBe(400)
      expect(r.json()).toMatchObject({ error: "invalid_json", problems: [{ path: "$" }] })
    })

    it("a body over the limit: 413, declared or streamed", async () => {
      const big = JSON.stringify({ ...decideBody(2), padding: "x".repeat(LIMIT) })
      const declared = await call(service.port, "POST", "/decide", big)
      expect(declared.status).toBe(413)
      expect(declared.json()).toEqual({ error: "too_large", limit: LIMIT })
      // chunked: no content-length, the limit is counted as the body streams in
      const streamed = await call(service.port, "POST", "/feedback", Buffer.from(big), {
        authorization: `Bearer ${TOKEN}`,
        "transfer-encoding": "chunked"
      })
      expect(streamed.status).toBe(413)
      expect((await call(service.port, "GET", "/health")).status).toBe(200)
    })

    it("POST /feedback takes one event or a batch; duplicates and unknown decisions are refused with their reason", async () => {
      const d = (await post(service.port, "/decide", decideBody(3))).json() as DecideAnswer
      const chosen = d.actions[0] as { actionId: string; channel: string }
      const on = { actionId: chosen.actionId, channel: chosen.channel, decision: "d-3" }
      const one = await post(service.port, "/feedback", {
        _tag: "Impression",
        eventId: "d-3:shown",
        at: NOW + 3 * 60_000 + 1000,
        ...on
      })
      expect(one.json()).toEqual({ accepted: 1, refused: [] })
      const click = { _tag: "Response", eventId: "d-3:click", at: NOW + 3 * 60_000 + 2000, outcome: "clicked", ...on }
      const batch = await post(service.port, "/feedback", [
        click,
        click,
        { ...click, eventId: "x", decision: "never-made" }
      ])
      expect(batch.status).toBe(200)
      const body = batch.json() as { accepted: number; refused: ReadonlyArray<{ eventId: string; reason: string }> }
      expect(body.accepted).toBe(1)
      expect(body.refused.map((r) => [r.eventId, r.reason])).toEqual([
        ["d-3:click", "duplicate"],
        ["x", "unknownDecision"]
      ])
      const models = (await call(service.port, "GET", "/models")).json() as {
        models: ReadonlyArray<{
          modelKey: string
          evidence: number
          positives: number
          auc: number
          activePredictors: number
        }>
      }
      const m = models.models.find((x) => x.modelKey === `${chosen.actionId}@${chosen.channel}`)
      expect(m).toMatchObject({ evidence: 1, positives: 1, auc: 0.5, activePredictors: 0 })
    })

    it("POST /feedback with bad events: 400 with every problem, its path in the batch", async () => {
      const r = await post(service.port, "/feedback", [
        { _tag: "Impression", eventId: "ok", at: NOW, actionId: "a", channel: "web", decision: "d-1" },
        { _tag: "Clicked", eventId: "", at: "yesterday", actionId: "a", channel: "web", decision: "d-1", extra: 1 }
      ])
      expect(r.status).toBe(400)
      const body = r.json() as { problems: ReadonlyArray<{ path: string; code: string }> }
      expect(body.problems.map((p) => [p.path, p.code])).toEqual([
        ["$[1]._tag", "invalid_value"],
        ["$[1].extra", "unknown_key"],
        ["$[1].eventId", "invalid_value"],
        ["$[1].at", "invalid_value"]
      ])
      expect((await post(service.port, "/feedback", [])).status).toBe(400)
    })

    it("GET /metrics: Prometheus text with decisions, events, refusals by reason, a latency histogram", async () => {
      const r = await call(service.port, "GET", "/metrics")
      expect(r.status).toBe(200)
      expect(r.headers["content-type"]).toContain("text/plain")
      const value = (name: string): number => {
        const line = r.text.split("\n").find((l) => l.startsWith(`${name} `))
        return Number(line?.split(" ")[1])
      }
      expect(value("nextbest_decisions_total")).toBe(2)
      expect(value("nextbest_events_total")).toBe(2)
      expect(value('nextbest_refusals_total{reason="duplicate"}')).toBe(1)
      expect(value('nextbest_refusals_total{reason="unknownDecision"}')).toBe(1)
      expect(value('nextbest_refusals_total{reason="too_large"}')).toBe(2)
      expect(value('nextbest_http_requests_total{route="/decide",status="401"}')).toBe(4)
      expect(value('nextbest_request_duration_seconds_count{route="/decide"}')).toBeGreaterThanOrEqual(6)
      expect(r.text).toContain('nextbest_request_duration_seconds_bucket{route="/decide",le="+Inf"}')
    })

    it("logs never hold a body or a subject attribute, and a 401 is logged without its body", async () => {
      const body = decideBody(4)
      const secret = {
        ...body,
        subject: {
          ...(body["subject"] as object),
          attributes: { ...(body["subject"] as { attributes: object }).attributes, tag: SECRET }
        }
      }
      expect((await post(service.port, "/decide", secret)).status).toBe(200)
      expect((await call(service.port, "POST", "/decide", JSON.stringify(secret), {})).status).toBe(401)
      expect((await post(service.port, "/decide", { ...secret, context: "bad" })).status).toBe(400)
      await new Promise((r) => setTimeout(r, 100))
      const logs = service.lines.join("\n")
      expect(logs).toContain('"msg":"unauthorized"')
      expect(logs).not.toContain(SECRET)
      expect(logs).not.toContain("customer-")
      expect(logs).not.toContain('"segment"')
    })
  })

  // -------------------------------------------------------------------------------------
  // fuzz: what a client sends cannot crash or wedge the process
  // -------------------------------------------------------------------------------------

  type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }

  interface Rng {
    readonly nextInt: (min: number, max: number) => number
  }

  /** a small seeded generator (xorshift32): the corpus is the same on every run */
  const seeded = (seed: number): Rng => {
    let x = seed | 0 || 1
    return {
      nextInt: (min, max) => {
        x ^= x << 13
        x ^= x >>> 17
        x ^= x << 5
        return min + ((x >>> 0) % (max - min + 1))
      }
    }
  }

  const mutate = (doc: Json, rng: Rng): Json => {
    const pick = <A>(xs: ReadonlyArray<A>): A => xs[rng.nextInt(0, xs.length - 1)] as A
    const odd: ReadonlyArray<Json> = [
      null,
      -1,
      1e308,
      "",
      "__proto__",
      [],
      {},
      true,
      "2024-13-45",
      1.5,
      -0,
      "x".repeat(300)
    ]
    if (doc === null || typeof doc !== "object") return rng.nextInt(0, 2) === 0 ? pick(odd) : doc
    if (Array.isArray(doc)) {
      const xs = doc as ReadonlyArray<Json>
      if (xs.length === 0 || rng.nextInt(0, 4) === 0) return [...xs, pick(odd)]
      const i = rng.nextInt(0, xs.length - 1)
      return xs.map((x, k) => (k === i ? mutate(x, rng) : x))
    }
    const o = doc as { readonly [k: string]: Json }
    const keys = Object.keys(o)
    const choice = rng.nextInt(0, 5)
    if (keys.length === 0 || choice === 0)
      return { ...o, [pick(["__proto__", "constructor", "extra", "_tag"])]: pick(odd) }
    const k = pick(keys)
    if (choice === 1) {
      const copy: { [k: string]: Json } = { ...o }
      delete copy[k]
      return copy
    }
    if (choice === 2) return { ...o, [k]: [o[k] as Json] }
    return { ...o, [k]: mutate(o[k] as Json, rng) }
  }

  describe("fuzz", () => {
    it("a corpus of arbitrary JSON, mutated requests and events, and raw bytes never crashes or wedges it", async () => {
      const rng = seeded(14)
      const valid = decideBody(5) as Json
      const event: Json = {
        _tag: "Response",
        eventId: "e",
        at: NOW,
        actionId: "action-001",
        channel: "web",
        decision: "d-1",
        outcome: "clicked"
      }
      const corpus: Array<readonly [string, string | Buffer]> = []
      for (const doc of fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 60, seed: 14 }))
        corpus.push([corpus.length % 2 === 0 ? "/decide" : "/feedback", JSON.stringify(doc)])
      for (let i = 0; i < 120; i++) {
        let doc: Json = valid
        for (let m = rng.nextInt(1, 4); m > 0; m--) doc = mutate(doc, rng)
        corpus.push(["/decide", JSON.stringify(doc)])
      }
      for (let i = 0; i < 60; i++) {
        let doc: Json = i % 2 === 0 ? event : [event, event]
        for (let m = rng.nextInt(1, 3); m > 0; m--) doc = mutate(doc, rng)
        corpus.push(["/feedback", JSON.stringify(doc)])
      }
      for (const bytes of fc.sample(fc.uint8Array({ maxLength: 200 }), { numRuns: 20, seed: 14 }))
        corpus.push(["/decide", Buffer.from(bytes)])
      corpus.push(["/decide", "[".repeat(LIMIT - 1)])
      corpus.push(["/feedback", `${"[".repeat(3000)}${"]".repeat(3000)}`])
      corpus.push([
        "/decide",
        '{"subject":{"id":"x","attributes":{"__proto__":{"age":1}}},"context":{"now":0},"seed":1}'
      ])
      corpus.push(["/decide", `{"seed":1,"subject":{"id":"x"},"context":{"now":${"9".repeat(400)}}}`])
      corpus.push(["/feedback", "\u0000\uffff"])
      const statuses = new Map<number, number>()
      // a few at a time, as concurrent clients would
      for (let i = 0; i < corpus.length; i += 4) {
        const answers = await Promise.all(
          corpus.slice(i, i + 4).map(([path, body]) => call(service.port, "POST", path, body))
        )
        for (const a of answers) {
          statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1)
          expect([200, 400, 409, 413], a.text).toContain(a.status)
          expect(a.text).not.toMatch(/\bat .*\.(m?js|ts):\d+/)
        }
      }
      expect(statuses.get(400) ?? 0).toBeGreaterThan(100)
      expect(service.child.exitCode).toBeNull()
      expect((await call(service.port, "GET", "/health", undefined, {})).status).toBe(200)
      expect((await post(service.port, "/decide", decideBody(6))).status).toBe(200)
    })
  })

  describe("shutdown", () => {
    it("SIGTERM finishes, writes a snapshot and exits 0; a restart on the same file recovers the same models", async () => {
      const before = (await call(service.port, "GET", "/models/snapshot")).text
      service.child.kill("SIGTERM")
      const [code] = await service.exited
      expect(code).toBe(0)
      expect(service.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true)
      const again = await start(script, db, env)
      try {
        const recovered = again.lines
          .map((l) => JSON.parse(l) as { msg: string; replayed?: number })
          .find((l) => l.msg === "recovered")
        expect(recovered?.replayed).toBe(0) // everything was in the shutdown snapshot
        expect((await call(again.port, "GET", "/models/snapshot")).text).toBe(before)
        const replay = await post(again.port, "/decide", decideBody(1))
        expect(replay.headers["x-nextbest-replayed"]).toBe("true")
      } finally {
        again.child.kill("SIGTERM")
        await again.exited
      }
    })

    it("SIGTERM during a request: the request is answered and written, then the process exits 0", async () => {
      const running = await start(script, db, env)
      const body = Buffer.from(JSON.stringify(decideBody(900)))
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port: running.port,
            method: "POST",
            path: "/decide",
            headers: { authorization: `Bearer ${TOKEN}`, "content-length": String(body.length) }
          },
          (res) => {
            let text = ""
            res.on("data", (d: Buffer) => (text += d.toString()))
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }))
          }
        )
        req.on("error", reject)
        // half the body, then SIGTERM while the request is in flight, then the rest
        req.write(body.subarray(0, 40))
        setTimeout(() => {
          running.child.kill("SIGTERM")
          setTimeout(() => req.end(body.subarray(40)), 300)
        }, 300)
      })
      const { status, text } = await answer
      expect(status).toBe(200)
      expect((JSON.parse(text) as { decisionId: string }).decisionId).toBe("d-900")
      const [code] = await running.exited
      expect(code).toBe(0)
      const again = await start(script, db, env)
      try {
        const replay = await post(again.port, "/decide", decideBody(900))
        expect(replay.headers["x-nextbest-replayed"]).toBe("true")
        expect(replay.text).toBe(text)
      } finally {
        again.child.kill("SIGTERM")
        await again.exited
      }
    })
  })
})
