/**
 * Engagement policies: the three families of rules an action must pass before it is scored —
 * eligibility (may we offer it at all: "age ≥ 18"), applicability (is it relevant now: "does not
 * own it yet") and suitability (is it in the subject's interest: "not for likely defaulters") —
 * set at four levels: global, issue, group and action.
 *
 * An action inherits, for each family, the rules of the levels above it: its effective policy is
 * the conjunction global ∧ issue ∧ group ∧ action, checked in that order. An action may opt out of
 * inheritance, for all families (`inherit: false`) or one by one
 * (`inherit: { suitability: false }`); it then has only its own rule for those families.
 *
 * Laws:
 * - An absent rule passes; a family with no rules passes.
 * - The first failing level is the one reported; with `inherit: false` only the action level can
 *   fail.
 * - The codec round-trips; rules nest their paths inside it (`$.actions[3].policies.eligibility…`).
 *
 * @since 0.1.0
 */
import * as t from "io-ts/lib/index.js"
import type { Facts } from "../kernel/internal/Facts.js"
import type { Instant } from "../kernel/Time.js"
import { codec as RuleCodec, compile as compileRule, type Rule } from "../rules/Rule.js"
import { boolean, struct } from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The three families of engagement policy, in the order they are checked.
 *
 * @category model
 * @since 0.1.0
 */
export type Family = "eligibility" | "applicability" | "suitability"

/**
 * Where a rule is set.
 *
 * @category model
 * @since 0.1.0
 */
export type Level = "global" | "issue" | "group" | "action"

/**
 * The rules set at one level (any may be absent).
 *
 * @category model
 * @since 0.1.0
 */
export interface Policies {
  readonly eligibility?: Rule
  readonly applicability?: Rule
  readonly suitability?: Rule
}

/**
 * Whether an action inherits the levels above it: for every family, or family by family
 * (absent: inherit).
 *
 * @category model
 * @since 0.1.0
 */
export type Inherit =
  boolean | { readonly eligibility?: boolean; readonly applicability?: boolean; readonly suitability?: boolean }

/**
 * An action's own rules and whether it inherits.
 *
 * @category model
 * @since 0.1.0
 */
export interface ActionPolicies extends Policies {
  readonly inherit?: Inherit
}

/**
 * Which rule failed, without the values it saw: what a decision's trace reports at the
 * `"reasons"` level (the `"full"` level adds the verdict).
 *
 * @category model
 * @since 0.1.0
 */
export interface PolicyFailure {
  readonly _tag: "PolicyFailed"
  readonly family: Family
  readonly level: Level
  readonly scope: string
}

/**
 * One rule an action must pass, compiled: its family, its level, the name of what it is set on
 * (`*` globally, the issue, `issue/group`, the action id), the rule and its compiled test. `slot`
 * numbers the rules shared by several actions (global, issue and group ones), so that a decision
 * evaluates each of them once; it is −1 for action-level rules. `failure` is the reason to report
 * when it fails, made once.
 *
 * @category model
 * @since 0.1.0
 */
export interface Check {
  readonly family: Family
  readonly level: Level
  readonly scope: string
  readonly rule: Rule
  /** the rule, compiled: whether it holds for the facts at `now` */
  readonly test: (facts: Facts, now?: Instant) => boolean
  readonly slot: number
  readonly failure: PolicyFailure
}

/**
 * The compiled checks of one action, family by family, in checking order.
 *
 * @category model
 * @since 0.1.0
 */
export type Resolved = { readonly [F in Family]: ReadonlyArray<Check> }

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The families in checking order.
 *
 * @category constants
 * @since 0.1.0
 */
export const FAMILIES: ReadonlyArray<Family> = ["eligibility", "applicability", "suitability"]

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Whether an action inherits the rules of one family from the levels above.
 *
 * @category operations
 * @since 0.1.0
 */
export const inherits = (inherit: Inherit | undefined, family: Family): boolean =>
  inherit === undefined ? true : typeof inherit === "boolean" ? inherit : (inherit[family] ?? true)

/**
 * Compiles rules once and numbers the shared ones: the same `Policies` object at one level and
 * scope gives the same checks (and slots) to every action that inherits it. A level's `key`
 * (default: its `scope`) is what sharing compares: the catalog keys the group level by
 * `groupKey(issue, group)`, so that issue "a/b" with group "c" and issue "a" with group "b/c",
 * whose scopes both read "a/b/c", never share a check.
 *
 * @category operations
 * @since 0.1.0
 */
export const resolver = (): {
  /** the checks of one action, given the levels above it: shared levels' checks are reused */
  readonly resolve: (
    levels: ReadonlyArray<{
      readonly level: Exclude<Level, "action">
      readonly scope: string
      /** what sharing compares (default: `scope`) */
      readonly key?: string
      readonly policies: Policies | undefined
    }>,
    action: { readonly id: string; readonly policies: ActionPolicies | undefined }
  ) => Resolved
  /** the number of check slots handed out so far (the size of a per-decision results array) */
  readonly slots: () => number
} => {
  const shared = new Map<string, Check>()
  let next = 0
  const sharedCheck = (family: Family, level: Level, scope: string, by: string, rule: Rule): Check => {
    const key = `${family}\u0000${level}\u0000${by}`
    const found = shared.get(key)
    if (found !== undefined) return found
    const check: Check = {
      family,
      level,
      scope,
      rule,
      test: compileRule(rule),
      slot: next++,
      failure: { _tag: "PolicyFailed", family, level, scope }
    }
    shared.set(key, check)
    return check
  }
  return {
    resolve: (levels, action) => {
      const out: Record<Family, Array<Check>> = { eligibility: [], applicability: [], suitability: [] }
      for (const family of FAMILIES) {
        if (inherits(action.policies?.inherit, family)) {
          for (const l of levels) {
            const rule = l.policies?.[family]
            if (rule !== undefined) out[family].push(sharedCheck(family, l.level, l.scope, l.key ?? l.scope, rule))
          }
        }
        const own = action.policies?.[family]
        if (own !== undefined) {
          out[family].push({
            family,
            level: "action",
            scope: action.id,
            rule: own,
            test: compileRule(own),
            slot: -1,
            failure: { _tag: "PolicyFailed", family, level: "action", scope: action.id }
          })
        }
      }
      return out
    },
    slots: () => next
  }
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const InheritFamilies = struct("inherit", {}, { eligibility: boolean, applicability: boolean, suitability: boolean })

/**
 * Rules at a global, issue or group level as JSON: `{ eligibility?, applicability?, suitability? }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const PoliciesCodec: t.Type<Policies, unknown, unknown> = struct(
  "policies",
  {},
  { eligibility: RuleCodec, applicability: RuleCodec, suitability: RuleCodec }
)

const InheritCodec: t.Type<Inherit, unknown, unknown> = new t.Type<Inherit, unknown, unknown>(
  "inherit",
  (u): u is Inherit => typeof u === "boolean" || InheritFamilies.is(u),
  (u, c) => (typeof u === "boolean" ? t.success(u) : InheritFamilies.validate(u, c)),
  (a) => (typeof a === "boolean" ? a : InheritFamilies.encode(a))
)

/**
 * An action's rules as JSON: `{ eligibility?, applicability?, suitability?, inherit? }` where
 * `inherit` is a boolean or `{ eligibility?, applicability?, suitability? }` of booleans.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ActionPoliciesCodec: t.Type<ActionPolicies, unknown, unknown> = struct(
  "action policies",
  {},
  { eligibility: RuleCodec, applicability: RuleCodec, suitability: RuleCodec, inherit: InheritCodec }
)
