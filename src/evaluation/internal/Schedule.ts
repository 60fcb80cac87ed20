/**
 * Internal: the simulator's schedule of future feedback events — a binary min-heap by time, ties
 * in the order of scheduling — so that an event is handed to the feedback reducer only once the
 * simulated clock has reached its time.
 *
 * @internal
 * @since 0.1.0
 */
import type { Event } from "../../feedback/Event.js"

/** a mutable heap of events by `at`, then by scheduling order */
export interface Schedule {
  readonly at: Array<number>
  readonly seq: Array<number>
  readonly events: Array<Event>
  next: number
}

/** an empty schedule */
export const empty = (): Schedule => ({ at: [], seq: [], events: [], next: 0 })

const less = (s: Schedule, i: number, j: number): boolean => {
  const a = s.at[i] as number
  const b = s.at[j] as number
  return a < b || (a === b && (s.seq[i] as number) < (s.seq[j] as number))
}

const swap = (s: Schedule, i: number, j: number): void => {
  const at = s.at[i] as number
  s.at[i] = s.at[j] as number
  s.at[j] = at
  const seq = s.seq[i] as number
  s.seq[i] = s.seq[j] as number
  s.seq[j] = seq
  const e = s.events[i] as Event
  s.events[i] = s.events[j] as Event
  s.events[j] = e
}

/** the number of scheduled events */
export const size = (s: Schedule): number => s.at.length

/** schedules an event at its time */
export const push = (s: Schedule, event: Event): void => {
  s.at.push(event.at)
  s.seq.push(s.next++)
  s.events.push(event)
  let i = s.at.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!less(s, i, parent)) break
    swap(s, i, parent)
    i = parent
  }
}

/** removes and returns, in time order, every event at or before `now` */
export const popUntil = (s: Schedule, now: number): Array<Event> => {
  const out: Array<Event> = []
  while (s.at.length > 0 && (s.at[0] as number) <= now) {
    out.push(s.events[0] as Event)
    const last = s.at.length - 1
    swap(s, 0, last)
    s.at.pop()
    s.seq.pop()
    s.events.pop()
    let i = 0
    const n = s.at.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < n && less(s, l, m)) m = l
      if (r < n && less(s, r, m)) m = r
      if (m === i) break
      swap(s, i, m)
      i = m
    }
  }
  return out
}
