// document is used only when this runs in a page (Chromium)
/* global document */
// Part of .ci/smoke-pack.sh: one decision with nextBestAction, importing "nextbest" as a user does.
// Copied into the temporary project where the packed tarball is installed, it is bundled for the
// browser and run in Chromium (browser-smoke.mjs), and run by Node, Bun and Deno
// (runtime-smoke.mjs); every engine must make the same decision.
import * as E from "fp-ts/lib/Either.js"
import { catalog, DecodeError, Models, nextBestAction, Request, Rule as R, thompsonSampling } from "nextbest"

export const decide = () => {
  const compiled = catalog({
    issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] }],
    actions: [
      {
        id: "GoldCard",
        issue: "Sales",
        group: "Cards",
        value: 120,
        channels: [{ channel: "web", direction: "inbound" }],
        policies: { eligibility: R.encode(R.gte("subject.age", 21)) }
      },
      {
        id: "StudentCard",
        issue: "Sales",
        group: "Cards",
        value: 40,
        channels: [{ channel: "web", direction: "inbound" }],
        policies: { eligibility: R.encode(R.between("subject.age", 18, 26)) }
      },
      {
        id: "CarLoan",
        issue: "Sales",
        group: "Loans",
        value: 300,
        channels: [{ channel: "web", direction: "inbound" }]
      }
    ]
  })
  if (E.isLeft(compiled)) throw new Error(DecodeError.render(compiled.left))
  const request = Request.decode({
    decisionId: "browser-1",
    subject: { id: "ana", attributes: { age: 34 } },
    context: { now: "2024-05-15T10:30:00Z", channel: "web", limit: 2 }
  })
  if (E.isLeft(request)) throw new Error(DecodeError.render(request.left))
  const d = nextBestAction(compiled.right, Models.empty(thompsonSampling()), request.right)
  return {
    chosen: d.actions.map((a) => ({ actionId: a.actionId, priority: a.priority })),
    excluded: d.excluded.map((x) => [x.actionId, x.stage])
  }
}

/**
 * The same decision from two engines: the same actions in the same order and the same exclusions;
 * priorities equal up to rounding, since Math.exp, Math.log, Math.pow, … are not bit-identical
 * across engines (Node 20's V8 11.3 and Chromium 156 differ in the last bit for about 1 input in
 * 10), so the Beta draws behind a Thompson-sampling propensity can differ in their last bits.
 * Returns the largest relative difference of the priorities; throws when the decisions differ.
 */
export const compare = (name, got, reference) => {
  if (got === undefined || got === null || "error" in got)
    throw new Error(`no decision in ${name}: ${JSON.stringify(got)}`)
  if (got.chosen.length !== 2) throw new Error(`${name}: expected 2 actions, got ${JSON.stringify(got)}`)
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  const ids = (d) => d.chosen.map((a) => a.actionId)
  if (!same(ids(got), ids(reference)) || !same(got.excluded, reference.excluded))
    throw new Error(`${name} and Node decided differently:\n${JSON.stringify(got)}\n${JSON.stringify(reference)}`)
  let drift = 0
  got.chosen.forEach((a, i) => {
    const b = reference.chosen[i].priority
    drift = Math.max(drift, Math.abs(a.priority - b) / Math.max(Math.abs(b), Number.MIN_VALUE))
  })
  if (!(drift <= 1e-12)) throw new Error(`priorities differ by ${drift} (relative) between ${name} and Node`)
  return drift
}

if (typeof document !== "undefined") {
  try {
    globalThis.__decision = decide()
  } catch (e) {
    globalThis.__decision = { error: String(e) }
  }
  document.title = "decided"
}
