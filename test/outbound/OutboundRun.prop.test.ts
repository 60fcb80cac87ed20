import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Subject } from "../../src/decide/Request.js"
import { nextBestAction } from "../../src/decide/NextBestAction.js"
import { appliesTo, type Capacity } from "../../src/outbound/Capacity.js"
import { prices } from "../../src/outbound/DualPrices.js"
import { greedy, request, withPrices, type RunOutcome, type RunSettings } from "../../src/outbound/OutboundRun.js"
import {
  actionShape,
  GROUPS,
  ISSUES,
  modelsOf,
  mustCompile,
  NOW,
  specOf,
  withSuppression
} from "../arbitraries/catalog.js"

/** a random catalog (with or without suppressions, contact limits and thresholds), its models, capacities and a
 * population */
const runArb = fc
  .record({
    shapes: fc.array(actionShape, { minLength: 1, maxLength: 8 }),
    policies: fc.boolean(),
    ages: fc
      .uniqueArray(fc.integer({ min: 0, max: 999 }), { maxLength: 30 })
      .chain((ids) =>
        fc.tuple(
          fc.constant(ids),
          fc.array(fc.integer({ min: 0, max: 90 }), { minLength: ids.length, maxLength: ids.length })
        )
      ),
    perSubject: fc.integer({ min: 1, max: 3 }),
    caps: fc.array(
      fc.record(
        {
          max: fc.integer({ min: 0, max: 12 }),
          channel: fc.constant("email"),
          issue: fc.constantFrom(...ISSUES),
          group: fc.constantFrom(...GROUPS),
          action: fc.integer({ min: 0, max: 7 })
        },
        { requiredKeys: ["max"] }
      ),
      { maxLength: 3 }
    ),
    runId: fc.constantFrom("run-a", "run-b")
  })
  .map(({ shapes, policies, ages: [ids, ages], perSubject, caps, runId }) => {
    const spec = specOf(shapes, policies ? withSuppression : {})
    const capacities: ReadonlyArray<Capacity> = caps.map((c, i) => ({
      id: `cap${i}`,
      max: c.max,
      ...(c.channel === undefined ? {} : { channel: c.channel }),
      ...(c.issue === undefined ? {} : { issue: c.issue }),
      ...(c.group === undefined ? {} : { group: c.group }),
      ...(c.action === undefined ? {} : { actionId: `a${String(c.action).padStart(2, "0")}` })
    }))
    const population: ReadonlyArray<Subject> = ids.map((id, i) => ({
      id: `s${id}`,
      attributes: { age: ages[i] as number }
    }))
    const settings: RunSettings = { runId, now: NOW, channels: ["email", "web"], capacities, perSubject }
    return { catalog: mustCompile(spec), models: modelsOf(spec, shapes), settings, population }
  })

const bySubject = (run: RunOutcome): Record<string, unknown> =>
  Object.fromEntries(run.subjects.map((s) => [s.subjectId, s]))

describe("OutboundRun properties (random catalogs and populations)", () => {
  it("greedy never exceeds a capacity, nor a subject's limit", () => {
    fc.assert(
      fc.property(runArb, ({ catalog, models, settings, population }) => {
        const run = greedy(catalog, models, settings)(population)
        for (const c of settings.capacities) {
          const used = run.subjects.flatMap((s) => s.chosen).filter((x) => appliesTo(c, x)).length
          expect(used).toBeLessThanOrEqual(c.max)
          expect(run.summary.usage[c.id] ?? 0).toBe(used)
        }
        for (const s of run.subjects) expect(s.chosen.length).toBeLessThanOrEqual(settings.perSubject ?? 1)
      }),
      { numRuns: 60 }
    )
  })

  it("every chosen action was returned by its subject's decision: eligible, not suppressed, within contact limits and thresholds, outbound", () => {
    fc.assert(
      fc.property(runArb, fc.boolean(), ({ catalog, models, settings, population }, priced) => {
        const run = priced
          ? withPrices(catalog, models, settings, prices({ cap0: 5 }))(population)
          : greedy(catalog, models, settings)(population)
        run.subjects.forEach((s, i) => {
          const decision = nextBestAction(catalog, models, request(catalog, settings)(population[i] as Subject))
          for (const c of s.chosen) {
            expect(c.direction).toBe("outbound")
            expect(
              decision.actions.some(
                (x) => x.actionId === c.actionId && x.channel === c.channel && x.priority === c.priority
              )
            ).toBe(true)
            expect(
              decision.excluded.some(
                (x) => x.actionId === c.actionId && (x.channel === undefined || x.channel === c.channel)
              )
            ).toBe(false)
          }
          expect(s.record.actions.map((a) => `${a.actionId}@${a.channel}`)).toStrictEqual(
            s.chosen.map((c) => `${c.actionId}@${c.channel}`)
          )
        })
      }),
      { numRuns: 60 }
    )
  })

  it("is deterministic for the same run id", () => {
    fc.assert(
      fc.property(runArb, ({ catalog, models, settings, population }) => {
        expect(greedy(catalog, models, settings)(population)).toStrictEqual(
          greedy(catalog, models, settings)(population)
        )
        expect(withPrices(catalog, models, settings, prices({ cap0: 3 }))(population)).toStrictEqual(
          withPrices(catalog, models, settings, prices({ cap0: 3 }))(population)
        )
      }),
      { numRuns: 40 }
    )
  })

  it("permuting the population changes nothing in greedy mode", () => {
    fc.assert(
      fc.property(
        runArb.chain((r) =>
          fc.tuple(
            fc.constant(r),
            fc.shuffledSubarray([...r.population], { minLength: r.population.length, maxLength: r.population.length })
          )
        ),
        ([{ catalog, models, settings, population }, shuffled]) => {
          const a = greedy(catalog, models, settings)(population)
          const b = greedy(catalog, models, settings)(shuffled)
          expect(bySubject(b)).toStrictEqual(bySubject(a))
          expect(b.summary.usage).toStrictEqual(a.summary.usage)
          expect([b.summary.sent, b.summary.dropped, b.summary.contacted]).toStrictEqual([
            a.summary.sent,
            a.summary.dropped,
            a.summary.contacted
          ])
        }
      ),
      { numRuns: 60 }
    )
  })
})
