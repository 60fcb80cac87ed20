/**
 * The summary the tool prints and writes: totals, every capacity (used, cap, minimum, what is
 * left, price, whether it binds), and every action × channel (sent, dropped by capacity, expected
 * responses and value).
 */
import { Capacity, type OutboundRun, type Streaming, Summary } from "nextbest"

/** One action × channel's line. */
export interface ActionLine {
  readonly actionId: string
  readonly channel: string
  sent: number
  dropped: number
  expectedResponses: number
  expectedValue: number
}

/** What the run adds up as outcomes come out. */
export interface Tally {
  summary: Summary.Summary
  readonly actions: Map<string, ActionLine>
}

export const emptyTally = (): Tally => ({ summary: Summary.empty, actions: new Map() })

const lineOf = (tally: Tally, actionId: string, channel: string): ActionLine => {
  const key = `${actionId}@${channel}`
  let line = tally.actions.get(key)
  if (line === undefined) {
    line = { actionId, channel, sent: 0, dropped: 0, expectedResponses: 0, expectedValue: 0 }
    tally.actions.set(key, line)
  }
  return line
}

/** Adds one customer's outcome. */
export const add =
  (capacities: ReadonlyArray<Capacity.Capacity>) =>
  (tally: Tally, outcome: OutboundRun.SubjectOutcome): void => {
    tally.summary = Summary.Monoid.concat(tally.summary, Summary.ofAllotment(capacities)(outcome))
    for (const c of outcome.chosen) {
      const line = lineOf(tally, c.actionId, c.channel)
      line.sent++
      line.expectedResponses += c.modelPropensity
      line.expectedValue += c.modelPropensity * c.value
    }
    for (const d of outcome.dropped) lineOf(tally, d.candidate.actionId, d.candidate.channel).dropped++
  }

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const fmt = (r: ReadonlyArray<string>): string =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd()
  return [fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)].join("\n")
}

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : String(n))
const num = (n: number, digits: number): string =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : String(n)

/** what a capacity counts: "action GoldCard, channel sms", or "every action" */
export const scopeOf = (c: Capacity.Capacity): string => {
  const parts = [
    c.actionId === undefined ? "" : `action ${c.actionId}`,
    c.issue === undefined ? "" : `issue ${c.issue}`,
    c.group === undefined ? "" : `group ${c.group}`,
    c.channel === undefined ? "" : `channel ${c.channel}`
  ].filter((p) => p !== "")
  return parts.length === 0 ? "every action" : parts.join(", ")
}

/** The capacities' lines: usage against the cap, the price the stream ended with, binding or not. */
export const capacityRows = (capacities: ReadonlyArray<Capacity.Capacity>, tally: Tally, report: Streaming.Report) =>
  capacities.map((c) => {
    const used = tally.summary.usage[c.id] ?? 0
    const price = report.prices[c.id] ?? 0
    const short = report.shortfall[c.id] ?? 0
    return {
      id: c.id,
      scope: scopeOf(c),
      used,
      max: c.max,
      min: c.min ?? 0,
      left: c.max - used,
      price,
      binding: used >= c.max || price > 0,
      shortfall: short
    }
  })

/** The text the tool prints at the end. */
export const render = (
  capacities: ReadonlyArray<Capacity.Capacity>,
  tally: Tally,
  report: Streaming.Report,
  extra: { readonly rejected: number; readonly seconds: number; readonly peakRssMB: number }
): string => {
  const s = tally.summary
  const caps = capacityRows(capacities, tally, report)
  const actions = [...tally.actions.values()].sort(
    (a, b) => a.actionId.localeCompare(b.actionId) || a.channel.localeCompare(b.channel)
  )
  const total = actions.reduce((n, a) => n + a.dropped, 0)
  return [
    `customers ${int(s.subjects)} decided, ${int(extra.rejected)} rows rejected; contacted ${int(s.contacted)}, actions sent ${int(s.sent)}, dropped by capacity ${int(s.dropped)}`,
    `expected responses ${num(s.expectedResponses, 1)}, expected value ${num(s.expectedValue, 1)}, priority ${num(s.priority, 1)}`,
    `${int(s.subjects)} customers in ${num(extra.seconds, 1)} s (${int(extra.seconds > 0 ? s.subjects / extra.seconds : 0)}/s), peak RSS ${int(extra.peakRssMB)} MB; ${report.estimates} price estimates, ${int(report.reserved)} through the reserve (${int(report.upgraded)} upgraded)`,
    "",
    table(
      ["capacity", "scope", "used", "max", "min", "left", "price", "binding"],
      caps.map((c) => [
        c.id,
        c.scope,
        int(c.used),
        int(c.max),
        c.min > 0 ? int(c.min) : "",
        int(c.left),
        num(c.price, 4),
        c.binding ? "yes" : c.shortfall > 0 ? `short ${int(c.shortfall)}` : "no"
      ])
    ),
    "",
    table(
      ["action@channel", "sent", "dropped", "expected responses", "expected value"],
      [
        ...actions.map((a) => [
          `${a.actionId}@${a.channel}`,
          int(a.sent),
          int(a.dropped),
          num(a.expectedResponses, 1),
          num(a.expectedValue, 1)
        ]),
        ["total", int(s.sent), int(total), num(s.expectedResponses, 1), num(s.expectedValue, 1)]
      ]
    )
  ].join("\n")
}

/** The summary as JSON (summary.json). */
export const json = (
  capacities: ReadonlyArray<Capacity.Capacity>,
  tally: Tally,
  report: Streaming.Report,
  extra: { readonly rejected: number; readonly seconds: number; readonly peakRssMB: number }
): unknown => ({
  summary: Summary.codec.encode(tally.summary),
  rejected: extra.rejected,
  capacities: capacityRows(capacities, tally, report),
  actions: [...tally.actions.values()].sort(
    (a, b) => a.actionId.localeCompare(b.actionId) || a.channel.localeCompare(b.channel)
  ),
  stream: {
    estimates: report.estimates,
    reserved: report.reserved,
    upgraded: report.upgraded,
    objective: report.objective,
    shortfall: report.shortfall
  },
  seconds: extra.seconds,
  peakRssMB: extra.peakRssMB
})
