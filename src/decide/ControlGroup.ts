/**
 * The random control group: a share of subjects (2 % by default) whose propensities are drawn at
 * random instead of taken from the models, to keep exploring and to measure the models' lift.
 * Membership is a stable hash of the subject id and the period (the calendar month by default):
 * the same subject is in or out for the whole period, on every replica, without any state.
 *
 * Laws:
 * - Deterministic: the same subject, period and share give the same membership.
 * - Monotone in the share: a member at share s is a member at every share ≥ s.
 * - Share 0: nobody; share 1: everybody.
 *
 * @since 0.1.0
 */
import { hashString } from "../kernel/Random.js"
import { DAY_MS, type Instant } from "../kernel/Time.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How long membership lasts: a UTC day, a week (Monday to Sunday, UTC), a calendar month (UTC)
 * or forever.
 *
 * @category model
 * @since 0.1.0
 */
export type Period = "day" | "week" | "month" | "forever"

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The period an instant falls in, as text: `2024-05` for months, `d19844` for days, `w2834` for
 * weeks, `*` forever.
 *
 * @category operations
 * @since 0.1.0
 */
export const periodKey = (now: Instant, period: Period): string => {
  switch (period) {
    case "forever":
      return "*"
    case "day":
      return `d${Math.floor(now / DAY_MS)}`
    case "week":
      // 1970-01-01 was a Thursday: shift by 3 days so weeks start on Monday
      return `w${Math.floor((Math.floor(now / DAY_MS) + 3) / 7)}`
    case "month": {
      const d = new Date(now)
      const month = d.getUTCMonth() + 1
      return `${d.getUTCFullYear()}-${month < 10 ? "0" : ""}${month}`
    }
  }
}

/**
 * A stable number in [0, 1) for a subject in a period.
 *
 * @category operations
 * @since 0.1.0
 */
export const bucket = (subjectId: string, now: Instant, period: Period): number =>
  hashString(`${subjectId}|${periodKey(now, period)}`) / 4294967296

/**
 * Whether a subject is in the control group at `now`.
 *
 * @example
 * import { ControlGroup } from "nextbest"
 * import * as assert from "node:assert"
 * const may = Date.UTC(2024, 4, 10)
 * const members = Array.from({ length: 10000 }, (_, i) => `customer-${i}`).filter((id) =>
 *   ControlGroup.isMember(id, may, { share: 0.02, period: "month" })
 * )
 * assert.ok(members.length > 150 && members.length < 250)
 * assert.strictEqual(ControlGroup.isMember("customer-1", may, { share: 1, period: "month" }), true)
 *
 * @category operations
 * @since 0.1.0
 */
export const isMember = (
  subjectId: string,
  now: Instant,
  settings: { readonly share: number; readonly period: Period }
): boolean => settings.share > 0 && bucket(subjectId, now, settings.period) < settings.share
