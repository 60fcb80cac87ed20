/**
 * Random allocation instances for optimality tests and the outbound benchmark: subjects with
 * candidates over 30 actions (6 groups of 5, 2 issues) on email and SMS, continuous priorities,
 * and overlapping caps per channel, per group, per action and per group × channel, all binding
 * (with `minimums`, also an action × channel cap and minimum volumes on the least valuable actions;
 * with `properties`, a `product` property on every action and a cap on product card);
 * and the exact optimum of an instance from HiGHS (the `highs` devDependency, WebAssembly).
 */
import loadHighs from "highs"
import { fromSeed, nextDouble, type Rng } from "../../src/kernel/Random.js"
import type { Candidate, Offers } from "../../src/outbound/Allocation.js"
import { appliesTo, capacity, type Capacity } from "../../src/outbound/Capacity.js"

export interface Instance {
  readonly capacities: ReadonlyArray<Capacity>
  readonly population: ReadonlyArray<Offers>
}

export interface InstanceOptions {
  readonly subjects?: number
  readonly actions?: number
  /** also a few minimum volumes (default false) */
  readonly minimums?: boolean
  /** actions with a `product` property (card, loan, deposit by turn) and a cap on product card (default false) */
  readonly properties?: boolean
}

/** a seeded instance: `subjects` (default 2,000) × `actions` (default 30, a multiple of 5) */
export const randomInstance = (seed: string, options: InstanceOptions = {}): Instance => {
  const n = options.subjects ?? 2000
  const actionCount = options.actions ?? 30
  let rng: Rng = fromSeed(seed)
  const u = (): number => {
    const [x, next] = nextDouble(rng)
    rng = next
    return x
  }
  const pick = <A>(xs: ReadonlyArray<A>, k: number): ReadonlyArray<A> => {
    const copy = [...xs]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j] as A, copy[i] as A]
    }
    return copy.slice(0, k)
  }
  const groups = Array.from({ length: Math.ceil(actionCount / 5) }, (_, g) => `G${g}`)
  const actions = Array.from({ length: actionCount }, (_, a) => ({
    actionId: `A${String(a).padStart(2, "0")}`,
    group: groups[Math.floor(a / 5)] as string,
    issue: Math.floor(a / 5) % 2 === 0 ? "Sales" : "Service",
    value: 10 + 90 * u(),
    sms: u() < 0.5,
    // one object per action, shared by its candidates (as a decision's choices share the catalog's)
    properties: { product: ["card", "loan", "deposit"][a % 3] as string }
  }))
  const population: Array<Offers> = []
  for (let s = 0; s < n; s++) {
    const affinity = 0.5 + u()
    const candidates: Array<Candidate> = []
    for (const a of actions) {
      if (u() >= 0.5) continue
      const p = (0.02 + 0.3 * u() * u()) * affinity
      const base =
        options.properties === true
          ? { actionId: a.actionId, issue: a.issue, group: a.group, properties: a.properties }
          : { actionId: a.actionId, issue: a.issue, group: a.group }
      candidates.push({ ...base, channel: "email", priority: p * a.value })
      if (a.sms) candidates.push({ ...base, channel: "sms", priority: p * a.value * (1 + 0.6 * u()) })
    }
    population.push({ subjectId: `s${s}`, candidates })
  }
  const share = (lo: number, hi: number): number => Math.max(1, Math.round(n * (lo + (hi - lo) * u())))
  const capacities: Array<Capacity> = [
    capacity("emails", share(0.25, 0.4), { channel: "email" }),
    capacity("sms", share(0.08, 0.15), { channel: "sms" })
  ]
  for (const g of pick(groups, 3)) capacities.push(capacity(`group-${g}`, share(0.04, 0.1), { group: g }))
  for (const a of pick(actions, 8))
    capacities.push(capacity(`action-${a.actionId}`, share(0.005, 0.03), { actionId: a.actionId }))
  for (const g of pick(groups, 2))
    capacities.push(capacity(`sms-${g}`, share(0.01, 0.03), { group: g, channel: "sms" }))
  if (options.properties === true)
    capacities.push(capacity("product-card", share(0.03, 0.05), { properties: { product: "card" } }))
  if (options.minimums === true) {
    // an action × channel cap, and minimum volumes on the two least valuable actions (alone, the
    // priorities would send them to few): at least 2–3 % of the subjects each
    const [a] = pick(actions, 1)
    if (a !== undefined)
      capacities.push(capacity(`email-${a.actionId}`, share(0.005, 0.01), { actionId: a.actionId, channel: "email" }))
    const cheap = [...actions].sort((x, y) => x.value - y.value).slice(0, 2)
    for (const c of cheap) {
      // never more than half what the caps over the action allow: the instance stays feasible
      const room = Math.min(
        n,
        ...capacities
          .filter((k) => k.channel === undefined && appliesTo(k, { ...c, channel: "email" }))
          .map((k) => k.max)
      )
      capacities.push(
        capacity(`least-${c.actionId}`, n, { actionId: c.actionId }, Math.min(share(0.02, 0.03), Math.floor(room / 2)))
      )
    }
  }
  return { capacities, population }
}

/** the instance as a CPLEX LP-format model (maximise Σ priority, one action per subject) */
export const lpModel = (instance: Instance, integer: boolean): string => {
  const objective: Array<string> = []
  const rows: Array<string> = []
  const byCapacity: Array<Array<string>> = instance.capacities.map(() => [])
  const names: Array<string> = []
  instance.population.forEach((o, s) => {
    const vars: Array<string> = []
    o.candidates.forEach((c, j) => {
      const name = `x${s}_${j}`
      names.push(name)
      vars.push(name)
      objective.push(`${c.priority >= 0 ? "+" : "-"} ${Math.abs(c.priority)} ${name}`)
      instance.capacities.forEach((cap, i) => {
        if (appliesTo(cap, c)) (byCapacity[i] as Array<string>).push(name)
      })
    })
    if (vars.length > 0) rows.push(` s${s}: ${vars.join(" + ")} <= 1`)
  })
  instance.capacities.forEach((cap, i) => {
    const vars = byCapacity[i] as Array<string>
    if (vars.length > 0) rows.push(` c${i}: ${vars.join(" + ")} <= ${cap.max}`)
    if (vars.length > 0 && (cap.min ?? 0) > 0) rows.push(` m${i}: ${vars.join(" + ")} >= ${cap.min ?? 0}`)
  })
  const lines = ["Maximize", ` obj: ${objective.join(" ")}`, "Subject To", ...rows, "Bounds"]
  for (const name of names) lines.push(` 0 <= ${name} <= 1`)
  if (integer) lines.push("General", ` ${names.join(" ")}`)
  lines.push("End")
  return lines.join("\n")
}

export interface Optimum {
  readonly objective: number
  /** "Optimal", or why HiGHS stopped */
  readonly status: string
}

let loaded: ReturnType<typeof loadHighs> | undefined

/** the optimum of an instance by HiGHS: the MIP (`integer`) or its LP relaxation */
export const optimum = async (instance: Instance, integer = true, timeLimit = 60): Promise<Optimum> => {
  loaded ??= loadHighs()
  const highs = await loaded
  const result = highs.solve(lpModel(instance, integer), {
    output_flag: false,
    time_limit: timeLimit,
    mip_rel_gap: 1e-6
  })
  return { objective: result.ObjectiveValue, status: result.Status }
}
