/**
 * A summary accumulated subject by subject without a summary object per subject (the streaming
 * runs' tally): the same result as folding `Summary.ofAllotment` with `Summary.Monoid`, up to the
 * order of float additions.
 *
 * @internal
 * @since 0.1.0
 */
import type { Allotment } from "../Allocation.js"
import type { Capacity } from "../Capacity.js"
import type { Scored, Summary, Tally } from "../Summary.js"
import { capacityLookup } from "./capacities.js"

interface Counts {
  sent: number
  dropped: number
  expectedResponses: number
  expectedValue: number
  priority: number
}

const counts = (): Counts => ({ sent: 0, dropped: 0, expectedResponses: 0, expectedValue: 0, priority: 0 })

const entry = (map: Map<string, Counts>, key: string): Counts => {
  let c = map.get(key)
  if (c === undefined) {
    c = counts()
    map.set(key, c)
  }
  return c
}

/** a record by key (own keys, whatever the keys), sorted */
const record = (map: Map<string, Counts>): Readonly<Record<string, Tally>> => {
  const out: Record<string, Tally> = {}
  for (const key of [...map.keys()].sort())
    Object.defineProperty(out, key, {
      value: { ...(map.get(key) as Counts) },
      enumerable: true,
      writable: true,
      configurable: true
    })
  return out
}

export interface Accumulator {
  readonly add: (allotment: Allotment<Scored>) => void
  readonly summary: () => Summary
}

export const tally = (capacities: ReadonlyArray<Capacity>): Accumulator => {
  const lookup = capacityLookup(capacities)
  const index = new Map(capacities.map((c, i) => [c.id, i]))
  const total = counts()
  const byAction = new Map<string, Counts>()
  const byChannel = new Map<string, Counts>()
  const byCapacity: Array<Counts> = capacities.map(counts)
  let subjects = 0
  let contacted = 0
  const addSent = (t: Counts, r: number, v: number, p: number): void => {
    t.sent++
    t.expectedResponses += r
    t.expectedValue += v
    t.priority += p
  }
  return {
    add: (a) => {
      subjects++
      if (a.chosen.length > 0) contacted++
      for (const c of a.chosen) {
        const r = c.modelPropensity
        const v = c.modelPropensity * c.value
        addSent(total, r, v, c.priority)
        addSent(entry(byAction, c.actionId), r, v, c.priority)
        addSent(entry(byChannel, c.channel), r, v, c.priority)
        for (const i of lookup(c)) addSent(byCapacity[i] as Counts, r, v, c.priority)
      }
      for (const d of a.dropped) {
        total.dropped++
        entry(byAction, d.candidate.actionId).dropped++
        entry(byChannel, d.candidate.channel).dropped++
        const i = index.get(d.capacity)
        if (i !== undefined) (byCapacity[i] as Counts).dropped++
      }
    },
    summary: () => {
      const usage: Record<string, number> = {}
      const capacityTallies = new Map<string, Counts>()
      capacities.forEach((c, i) => {
        const t = byCapacity[i] as Counts
        if (t.sent > 0)
          Object.defineProperty(usage, c.id, { value: t.sent, enumerable: true, writable: true, configurable: true })
        if (t.sent > 0 || t.dropped > 0) capacityTallies.set(c.id, t)
      })
      return {
        subjects,
        contacted,
        sent: total.sent,
        dropped: total.dropped,
        usage,
        expectedResponses: total.expectedResponses,
        expectedValue: total.expectedValue,
        priority: total.priority,
        byAction: record(byAction),
        byChannel: record(byChannel),
        byCapacity: record(capacityTallies)
      }
    }
  }
}
