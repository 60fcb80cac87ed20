/**
 * The service's counters in the Prometheus text format (version 0.0.4): decisions, accepted
 * events, refusals by reason, requests by route and status, a latency histogram per route, and
 * for a replica its sync with the shared log.
 */

/** upper bounds of the latency histogram, in seconds */
export const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const

interface Histogram {
  readonly counts: Array<number>
  sum: number
  count: number
}

const label = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")

export class Metrics {
  private decisions = 0
  private accepted = 0
  private readonly refusals = new Map<string, number>()
  private readonly requests = new Map<string, number>()
  private readonly latency = new Map<string, Histogram>()

  decided(): void {
    this.decisions++
  }

  events(n: number): void {
    this.accepted += n
  }

  refused(reason: string): void {
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1)
  }

  request(route: string, status: number, seconds: number): void {
    const key = `route="${label(route)}",status="${status}"`
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
    let h = this.latency.get(route)
    if (h === undefined) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }
      this.latency.set(route, h)
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] as number)) (h.counts[i] as number)++
    h.sum += seconds
    h.count++
  }

  render(gauges: {
    readonly pending: number
    readonly position: number
    readonly sync?: {
      readonly connected: boolean
      readonly unsynced: number
      readonly unsent: number
      readonly published: number
      readonly received: number
      readonly conflicts: number
    }
  }): string {
    const lines: Array<string> = []
    lines.push("# HELP nextbest_decisions_total Decisions made and written.")
    lines.push("# TYPE nextbest_decisions_total counter")
    lines.push(`nextbest_decisions_total ${this.decisions}`)
    lines.push("# HELP nextbest_events_total Feedback events accepted and written.")
    lines.push("# TYPE nextbest_events_total counter")
    lines.push(`nextbest_events_total ${this.accepted}`)
    lines.push("# HELP nextbest_refusals_total Inputs refused, by reason (the feedback reducer's, or the boundary's).")
    lines.push("# TYPE nextbest_refusals_total counter")
    for (const [reason, n] of [...this.refusals].sort())
      lines.push(`nextbest_refusals_total{reason="${label(reason)}"} ${n}`)
    lines.push("# HELP nextbest_http_requests_total HTTP requests, by route and status.")
    lines.push("# TYPE nextbest_http_requests_total counter")
    for (const [key, n] of [...this.requests].sort()) lines.push(`nextbest_http_requests_total{${key}} ${n}`)
    lines.push("# HELP nextbest_request_duration_seconds Time from request to response, by route.")
    lines.push("# TYPE nextbest_request_duration_seconds histogram")
    for (const [route, h] of [...this.latency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const r = label(route)
      BUCKETS.forEach((le, i) =>
        lines.push(`nextbest_request_duration_seconds_bucket{route="${r}",le="${le}"} ${h.counts[i] as number}`)
      )
      lines.push(`nextbest_request_duration_seconds_bucket{route="${r}",le="+Inf"} ${h.count}`)
      lines.push(`nextbest_request_duration_seconds_sum{route="${r}"} ${h.sum}`)
      lines.push(`nextbest_request_duration_seconds_count{route="${r}"} ${h.count}`)
    }
    lines.push("# HELP nextbest_pending_decisions Decisions awaiting outcomes.")
    lines.push("# TYPE nextbest_pending_decisions gauge")
    lines.push(`nextbest_pending_decisions ${gauges.pending}`)
    lines.push("# HELP nextbest_log_position Steps written to the store.")
    lines.push("# TYPE nextbest_log_position gauge")
    lines.push(`nextbest_log_position ${gauges.position}`)
    const sync = gauges.sync
    if (sync !== undefined) {
      const metric = (name: string, type: string, help: string, value: number): void => {
        lines.push(`# HELP nextbest_sync_${name} ${help}`)
        lines.push(`# TYPE nextbest_sync_${name} ${type}`)
        lines.push(`nextbest_sync_${name} ${value}`)
      }
      metric("connected", "gauge", "1 while the shared log answers, 0 while it does not.", sync.connected ? 1 : 0)
      metric("unsynced_models", "gauge", "Model keys learned here since the last publication.", sync.unsynced)
      metric("unsent_deltas", "gauge", "Deltas published here and not yet appended to the shared log.", sync.unsent)
      metric("published_total", "counter", "Deltas appended to the shared log since the start.", sync.published)
      metric("received_total", "counter", "Other replicas' deltas merged since the start.", sync.received)
      metric("conflicts_total", "counter", "Deltas refused as conflicts since the start.", sync.conflicts)
    }
    return lines.join("\n") + "\n"
  }
}
