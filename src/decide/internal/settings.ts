/**
 * Internal: a decision's settings — the request's options over the catalog's defaults — and its
 * slots.
 *
 * @internal
 * @since 0.1.0
 */
import type { Slot } from "../../arbitration/Arbitration.js"
import { withSwitches, type Factors } from "../../arbitration/Priority.js"
import type { Catalog } from "../../catalog/Catalog.js"
import {
  compile as compileHistoryFeatures,
  type CompiledHistoryFeatures,
  type HistoryFeatures
} from "../../history/HistoryFeatures.js"
import type * as SelectionPolicy from "../../learners/SelectionPolicy.js"
import { channelsOf, type Request, type TraceLevel } from "../Request.js"

/** what one decision runs with */
export interface Settings {
  readonly trace: TraceLevel
  readonly redact: boolean
  readonly factors: Factors
  readonly analytics: boolean
  readonly selection: SelectionPolicy.SelectionPolicy
  readonly epsilon: number
  /** inverse gap weighting (`SelectionPolicy.inverseGap`) instead of ε */
  readonly gap: { readonly gamma: number; readonly floor: number } | undefined
  /** whether selection draws at all (ε > 0 or inverse gap weighting) */
  readonly exploring: boolean
  readonly channelsPerAction: number
  readonly maxPerGroup: number | undefined
  readonly draws: number
  /** integrate the first place of a one-slot Thompson decision (`Options.selectionQuadrature`) */
  readonly quadrature: boolean
  readonly historyFeatures: CompiledHistoryFeatures | undefined
}

// a request's own history-features setting, compiled once per setting value (an unobservable cache)
const compiledSettings = new WeakMap<HistoryFeatures, CompiledHistoryFeatures>()
const compiledHistoryFeatures = (spec: HistoryFeatures): CompiledHistoryFeatures => {
  let compiled = compiledSettings.get(spec)
  if (compiled === undefined) {
    compiled = compileHistoryFeatures(spec)
    compiledSettings.set(spec, compiled)
  }
  return compiled
}

/** the request's options over the catalog's defaults */
export const settingsOf = (catalog: Catalog, request: Request): Settings => {
  const o = request.options ?? {}
  const selection = o.selection ?? catalog.selection
  const history =
    o.historyFeatures === undefined
      ? catalog.historyFeatures
      : o.historyFeatures === false
        ? undefined
        : compiledHistoryFeatures(o.historyFeatures)
  return {
    trace: o.trace ?? "full",
    redact: o.redact ?? false,
    factors: withSwitches(catalog.factors, o.factors),
    analytics: o.analytics ?? catalog.analytics,
    selection,
    epsilon: selection._tag === "EpsilonGreedy" ? selection.epsilon : selection._tag === "UniformRandom" ? 1 : 0,
    gap: selection._tag === "InverseGap" ? { gamma: selection.gamma, floor: selection.floor } : undefined,
    exploring:
      selection._tag === "InverseGap" ||
      (selection._tag === "EpsilonGreedy" ? selection.epsilon > 0 : selection._tag === "UniformRandom"),
    channelsPerAction: o.channelsPerAction ?? catalog.channelsPerAction,
    maxPerGroup: o.maxPerGroup ?? catalog.maxPerGroup,
    draws: o.selectionDraws ?? 0,
    quadrature: o.selectionQuadrature ?? true,
    historyFeatures: history
  }
}

/** the request's slots: its placements, else one slot per requested channel */
export const slotsOf = (request: Request): ReadonlyArray<Slot> => {
  const c = request.context
  if (c.placements !== undefined) {
    return c.placements.map((p) => ({
      name: p.name,
      channel: p.channel ?? c.channel ?? c.channels?.[0] ?? "",
      size: p.size ?? 1
    }))
  }
  return channelsOf(request).map((channel) => ({ name: channel, channel, size: c.limit ?? 1 }))
}
