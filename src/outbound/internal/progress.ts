/**
 * Progress reports of the long outbound operations: a meter called once per subject that calls the
 * caller's `onProgress` every `progressEvery` subjects and at the end. The library reads no clock:
 * with the caller's `clock` the report also has the elapsed time, the rate and the time left.
 *
 * @internal
 * @since 0.1.0
 */

import type { Progress as ProgressReport, ProgressSettings as MeterSettings } from "../Streaming.js"

export interface Meter {
  /** one more subject done (reports every `progressEvery`) */
  readonly tick: (done: number, reserved: number) => void
  /** the end: reports once more unless the last report was at `done` */
  readonly end: (done: number, reserved: number) => void
}

const SILENT: Meter = { tick: () => undefined, end: () => undefined }

/**
 * a meter for one operation; `total` 0 when unknown (no time left then); `every` overrides the
 * caller's `progressEvery` (rounds of a price estimate are reported one by one)
 */
export const meter = (
  settings: MeterSettings,
  phase: ProgressReport["phase"],
  total: number,
  every_?: number
): Meter => {
  const onProgress = settings.onProgress
  if (onProgress === undefined) return SILENT
  const every = Math.max(1, Math.floor(every_ ?? settings.progressEvery ?? 10_000))
  const clock = settings.clock
  const started = clock === undefined ? 0 : clock()
  let reportedAt = -1
  const report = (done: number, reserved: number): void => {
    reportedAt = done
    if (clock === undefined) return onProgress({ phase, done, total, reserved })
    const elapsedMs = Math.max(0, clock() - started)
    const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0
    const remainingMs = perSecond > 0 && total > 0 ? (Math.max(0, total - done) * 1000) / perSecond : 0
    onProgress({ phase, done, total, reserved, elapsedMs, perSecond, remainingMs })
  }
  return {
    tick: (done, reserved) => {
      if (done % every === 0 && done !== reportedAt) report(done, reserved)
    },
    end: (done, reserved) => {
      if (done !== reportedAt) report(done, reserved)
    }
  }
}
