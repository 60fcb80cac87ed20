/**
 * End to end: the tool on a generated file of 3,000 customers, as a child process — its assignments
 * and "sent" events respect every cap and the per-customer limit, and are exactly what the library
 * gives on the same customers (OutboundRun.stream with the same sample); the summary adds up.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parse } from "csv-parse/sync"
import * as E from "fp-ts/lib/Either.js"
import {
  Capacity,
  Catalog,
  DualPrices,
  Event,
  Models,
  NaiveBayes,
  OutboundRun,
  Request,
  Streaming,
  Summary
} from "nextbest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { learnerOf, decodeRun } from "../../examples/outbound-cli/inputs.js"
import { customers, writeCustomers } from "../../examples/outbound-cli/population.js"
import { bundle, example, runTool, tempDir, type Ran } from "./harness.js"

const ROWS = 3000
const SEED = "cli-test"
const settingsJson = {
  runId: "cli-test-run",
  now: "2024-05-15T18:00:00.000Z",
  sentAt: "2024-05-15T20:00:00.000Z",
  channels: ["email", "sms"],
  perSubject: 1,
  capacities: [
    { id: "emails", max: 720, channel: "email" },
    { id: "sms", max: 240, channel: "sms" },
    { id: "goldCard", max: 90, actionId: "GoldCard" },
    { id: "loans", max: 150, group: "Loans" },
    { id: "loyaltySms", max: 45, min: 15, actionId: "LoyaltyBonus", channel: "sms" }
  ],
  learner: JSON.parse(readFileSync(join(example, "settings.json"), "utf8")).learner as unknown
}

let script: string
const temp = tempDir("nextbest-outbound-cli-")
let ran: Ran
const out = join(temp.dir, "out")

beforeAll(async () => {
  script = bundle("run")
  await writeCustomers(join(temp.dir, "customers.csv"), ROWS, SEED)
  writeFileSync(join(temp.dir, "settings.json"), JSON.stringify(settingsJson))
  ran = await runTool(script, [
    "--customers",
    join(temp.dir, "customers.csv"),
    "--catalog",
    join(example, "catalog.json"),
    "--settings",
    join(temp.dir, "settings.json"),
    "--models",
    join(example, "models.json"),
    "--out",
    out,
    "--sample-rate",
    "0.2"
  ])
})
afterAll(() => {
  temp.remove()
  rmSync(script, { force: true })
})

interface Assignment {
  readonly subject_id: string
  readonly action_id: string
  readonly channel: string
  readonly issue: string
  readonly group: string
  readonly decision_id: string
  readonly priority: string
}

const assignments = (): ReadonlyArray<Assignment> =>
  parse(readFileSync(join(out, "assignments.csv"), "utf8"), { columns: true }) as ReadonlyArray<Assignment>
const events = (): ReadonlyArray<unknown> =>
  readFileSync(join(out, "sent-events.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown)

/** the library on the same customers, in memory */
const library = () => {
  const catalog = Catalog.catalog(JSON.parse(readFileSync(join(example, "catalog.json"), "utf8")))
  const run = decodeRun(settingsJson)
  if (E.isLeft(catalog) || E.isLeft(run)) throw new Error("the test's inputs do not decode")
  const models = Models.decode(
    learnerOf(run.right.learner) as NaiveBayes.NaiveBayes,
    JSON.parse(readFileSync(join(example, "models.json"), "utf8"))
  )
  if (E.isLeft(models)) throw new Error("models.json does not decode")
  const settings: OutboundRun.RunSettings = {
    runId: run.right.runId,
    now: run.right.now,
    channels: run.right.channels,
    capacities: run.right.capacities,
    perSubject: 1
  }
  const subjects = [...customers(ROWS, SEED)].map((c) => {
    const { id, history, ...attributes } = c
    const r = Request.decode({
      decisionId: id,
      subject: { id, attributes, ...(history.length > 0 ? { history } : {}) },
      context: { now: settings.now, channels: settings.channels }
    })
    if (E.isLeft(r)) throw new Error(`customer ${id} does not decode`)
    return r.right.subject
  })
  const sample = subjects
    .filter((s) => DualPrices.inSample(settings.runId, 0.2)(s.id))
    .map(OutboundRun.decide(catalog.right, models.right, settings))
  return {
    settings,
    ...Streaming.collect(
      OutboundRun.stream(catalog.right, models.right, settings, sample, { population: ROWS, reserve: 64 })(subjects)
    )
  }
}

describe("the outbound tool on 3,000 generated customers", () => {
  it("exits 0 with the summary table on stdout", () => {
    expect(ran.stderr).not.toContain("failed")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/customers 3,000 decided, 0 rows rejected/)
    for (const c of settingsJson.capacities) expect(ran.stdout).toMatch(new RegExp(`^${c.id} `, "m"))
    expect(ran.stdout).toMatch(/^GoldCard@email /m)
    // not a terminal: plain progress lines, each phase to its end
    expect(ran.stderr).toMatch(/^allocating: 3,000\/3,000 customers 100% .* \(done\)$/m)
    // the stream's first price estimate, in rounds, before it
    expect(ran.stderr).toMatch(/^estimating the prices: (\d+)\/\1 rounds 100% .* \(done\)$/m)
    expect(ran.stderr.indexOf("estimating the prices")).toBeLessThan(ran.stderr.indexOf("allocating"))
  })

  it("respects every cap and one action per customer", () => {
    const rows = assignments()
    expect(rows.length).toBeGreaterThan(0)
    const decoded = Capacity.decodeCapacities(settingsJson.capacities)
    if (E.isLeft(decoded)) throw new Error("the test's capacities do not decode")
    const caps = decoded.right
    for (const cap of caps) {
      const used = rows.filter((r) =>
        Capacity.appliesTo(cap, { actionId: r.action_id, issue: r.issue, group: r.group, channel: r.channel })
      ).length
      expect(used, cap.id).toBeLessThanOrEqual(cap.max)
      expect(used, cap.id).toBeGreaterThanOrEqual(cap.min ?? 0)
    }
    expect(new Set(rows.map((r) => r.subject_id)).size).toBe(rows.length)
    // the email cap binds on this population: the stream fills it (up to a few units at the margin)
    expect(rows.filter((r) => r.channel === "email").length).toBeGreaterThanOrEqual(700)
  })

  it("writes one decodable sent event per assignment, at sentAt", () => {
    const rows = assignments()
    const sent = events()
    expect(sent.length).toBe(rows.length)
    sent.forEach((u, i) => {
      const e = Event.decode(u)
      expect(E.isRight(e)).toBe(true)
      if (E.isLeft(e)) return
      const r = rows[i] as Assignment
      expect(e.right._tag).toBe("Sent")
      expect(e.right.eventId).toBe(`${r.decision_id}/${r.action_id}@${r.channel}/sent`)
      expect(e.right.at).toBe(Date.parse(settingsJson.sentAt))
    })
  })

  it("gives exactly the library's allocation on the same input, in the same order", () => {
    const lib = library()
    const expected = lib.allotments.flatMap((o) =>
      o.chosen.map((c) => [o.subjectId, c.actionId, c.channel, String(c.priority)].join(" "))
    )
    const got = assignments().map((r) => [r.subject_id, r.action_id, r.channel, r.priority].join(" "))
    expect(got).toEqual(expected)
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { summary: unknown }
    const total = lib.allotments
      .map(Summary.ofAllotment(lib.settings.capacities))
      .reduce(Summary.Monoid.concat, Summary.empty)
    const decoded = Summary.decodeSummary(summary.summary)
    expect(E.isRight(decoded) && decoded.right.sent).toBe(total.sent)
    expect(E.isRight(decoded) && decoded.right.usage).toEqual(lib.report.usage)
    expect(E.isRight(decoded) && decoded.right.subjects).toBe(ROWS)
  })

  it("writes an empty rejects file (its header)", () => {
    expect(existsSync(join(out, "rejects.csv"))).toBe(true)
    expect(readFileSync(join(out, "rejects.csv"), "utf8")).toBe("line,end_line,reason\n")
  })
})
