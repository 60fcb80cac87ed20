/**
 * `nextBestAction(catalog, models, request)`: for one subject at one moment on one or more
 * channels, the ranked actions to take and why every other candidate was left out.
 *
 * The stages, in order, each recorded in the decision's funnel and in each exclusion:
 * 1. availability — the action's availability at `now`;
 * 2. channel — the action is offered on a requested channel (in the requested direction), and on
 *    that channel one of its treatments, if it has any, is eligible: candidates are action ×
 *    channel from here on;
 * 3–5. eligibility, applicability, suitability — the engagement policies, global › issue › group ›
 *    action, each shared rule evaluated once per decision;
 * journey — with journeys in the catalog, only the actions of the subject's stage in each journey
 *    they belong to, or of the next stage when its entry criteria hold (see `Journey`); the
 *    subject's stages are facts (`journey.<name>.stage`) and features, and are reported in
 *    `Decision.journeys` (a stage the caller gave that disagrees with the history is reported there);
 * 6. contactPolicies — suppressions over the interaction history, and contact limits already used
 *    up (mandatory actions are still suppressed but ignore contact limits; transactional ones
 *    ignore contact limits);
 * 7. propensity — the learner's score of the model `modelKey(action, channel)` with the action's
 *    starting prior, its exploration draw; the control group's random draw instead; the starting
 *    propensity when analytics are off;
 * 8. thresholds — propensity and priority thresholds (mandatory actions bypass them);
 * 9. arbitration — priority = P × C × V × L ranking, top N per slot, at most M per group, at most
 *    one channel per action (see `Arbitration`);
 * 10. limits — contact limits used up by the actions ranked above.
 *
 * Each stage is a function of its own (`internal/stages`); the stages' positions come from
 * `Decision.STAGES`.
 *
 * Randomness: every draw comes from streams derived from the request's seed (or decision id) and
 * a label — the model key for scores, so that permuting the catalog changes nothing.
 *
 * The models see the request's features and, when the catalog (or the request) asks for them, the
 * history features of `HistoryFeatures`; the record keeps what they saw (per chosen action too),
 * with the learner's decision-time `modelScore` and how each selection probability was obtained.
 *
 * Laws (checked by the property suite on random catalogs and requests):
 * - Pure and total on decoded input: same inputs, same decision; never throws.
 *
 * The boundary: a catalog must come from `Catalog.catalog`, models must be a learner and its
 * states, and a request decoded by `Request.decode` (checked in nanoseconds) or a valid request
 * value (a literal: checked once with the decoder, then decided exactly as its decoded twin).
 * Anything else — JSON that skipped the decoder, typed `any` — throws a `TypeError` naming the
 * first problems with their paths and the decoder to use.
 * - Never returns an action excluded at some stage; never more non-mandatory actions per slot than
 *   its size; ranked by priority within a slot, mandatory first.
 * - Raising an action's value, weight or propensity never lowers its rank; scaling every value by
 *   a positive constant, permuting the catalog, or adding an ineligible action changes nothing.
 * - With analytics and every factor off, the order is by action id.
 *
 * @since 0.1.0
 */
import { oldestFirst } from "../history/HistoryFeatures.js"
import type { Catalog } from "../catalog/Catalog.js"
import type { Direction } from "../kernel/Direction.js"
import type { History } from "../history/History.js"
import { mark } from "../kernel/internal/decoded.js"
import { fromSeed } from "../kernel/Random.js"
import type { FeatureValue, Features } from "../learners/Learner.js"
import type { Models } from "../learners/Models.js"
import { usage, type Usage } from "../policies/ContactLimit.js"
import { indexHistory } from "../policies/Suppression.js"
import { isMember } from "./ControlGroup.js"
import type { Decision } from "./Decision.js"
import { admitCatalog, admitModels, admitRequest } from "./internal/boundary.js"
import { selectionProbabilities } from "./internal/selection.js"
import { settingsOf, slotsOf } from "./internal/settings.js"
import { arbitrate, limitsOf } from "./internal/stages/arbitrate.js"
import { candidates as candidatesOf } from "./internal/stages/candidates.js"
import { propensity } from "./internal/stages/propensity.js"
import { chosenOf, keptFeatures } from "./internal/stages/record.js"
import { thresholds } from "./internal/stages/thresholds.js"
import { advancesOf, stagesOf } from "./internal/stages/journeys.js"
import { emptyTrace, exclusionsOf, funnelOf } from "./internal/trace.js"
import { decisionIdOf, facts as factsOf, features as featuresOf, type Request } from "./Request.js"

const EMPTY_ATTRIBUTES: Readonly<Record<string, unknown>> = {}
const EMPTY_HISTORY: History = []
const API = "nextBestAction"

// -------------------------------------------------------------------------------------
// the pipeline
// -------------------------------------------------------------------------------------

/**
 * Decides the next best actions for one request. Throws a `TypeError` naming the decoder when
 * the catalog, models or request were not decoded and are not valid values (see the module's
 * header).
 *
 * @example
 * import { Catalog, Models, nextBestAction, Rule, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] }],
 *   actions: [
 *     {
 *       id: "GoldCard",
 *       issue: "Sales",
 *       group: "Cards",
 *       value: 120,
 *       channels: [{ channel: "web", direction: "inbound" }],
 *       policies: { eligibility: Rule.encode(Rule.gte("subject.age", 18)) }
 *     },
 *     {
 *       id: "CarLoan",
 *       issue: "Sales",
 *       group: "Loans",
 *       value: 300,
 *       channels: [{ channel: "web", direction: "inbound" }]
 *     }
 *   ]
 * })
 * assert.ok(catalog._tag === "Right")
 * const models = Models.empty(ThompsonSampling.thompsonSampling())
 * const decision = nextBestAction(catalog.right, models, {
 *   decisionId: "d-1",
 *   subject: { id: "c-1", attributes: { age: 17 } },
 *   context: { now: Date.UTC(2024, 4, 1), channel: "web" },
 *   options: { controlGroup: false }
 * })
 * assert.deepStrictEqual(
 *   decision.actions.map((a) => a.actionId),
 *   ["CarLoan"]
 * )
 * assert.deepStrictEqual(
 *   decision.excluded.map((e) => [e.actionId, e.stage]),
 *   [["GoldCard", "eligibility"]]
 * )
 * assert.strictEqual(decision.record.actions[0]?.selectionMethod, "quadrature")
 *
 * @category decide
 * @since 0.1.0
 */
export const nextBestAction = <S>(catalog: Catalog, models: Models<S>, request: Request): Decision => {
  admitCatalog(API, catalog)
  admitModels(API, models)
  admitRequest(API, request)
  const settings = settingsOf(catalog, request)
  const now = request.context.now
  const subjectId = request.subject.id
  const decisionId = decisionIdOf(request)
  const rng = fromSeed(request.seed ?? decisionId)
  const history = request.subject.history ?? EMPTY_HISTORY
  const baseFacts = factsOf(request)
  const stages = stagesOf(catalog, history, baseFacts, now, request.subject.journeys)
  const facts = stages === undefined ? baseFacts : { ...baseFacts, journey: stages.facts }
  const hf = settings.historyFeatures
  const ordered = hf === undefined ? history : oldestFirst(history)
  const requestFeatures = featuresOf(request)
  // the request's features are a fresh object, seen by no one yet: the subject's history features are added in place
  const withHistory =
    hf === undefined
      ? requestFeatures
      : Object.assign(requestFeatures as Record<string, FeatureValue | undefined>, hf.subject(ordered, now))
  const features =
    stages === undefined
      ? withHistory
      : Object.assign(withHistory as Record<string, FeatureValue | undefined>, stages.features)
  const slots = slotsOf(request)
  const direction = request.context.direction
  const control = request.options?.controlGroup ?? isMember(subjectId, now, catalog.controlGroup)
  const usages: ReadonlyArray<Usage> =
    catalog.contactLimits.length === 0 ? [] : catalog.contactLimits.map((limit) => usage(limit)(history, now))
  const trace = emptyTrace(settings.trace !== "none")

  // 1–6. availability, channel, engagement policies, contact policies
  const { candidates, passedChannel } = candidatesOf({
    catalog,
    settings,
    now,
    facts,
    features,
    ownOf: hf !== undefined && hf.perCandidate ? hf.candidates(ordered, now) : undefined,
    requested: [...new Set(slots.map((s) => s.channel))],
    direction,
    matched: catalog.contextWeights(request.context.attributes ?? EMPTY_ATTRIBUTES),
    index: catalog.suppressions.length > 0 ? indexHistory(history, now) : undefined,
    usages,
    trace,
    journeys: stages
  })
  // 7. propensity
  const stochastic = propensity(catalog, models, candidates, settings.analytics, control, rng)
  // 8. thresholds, and priority = P × C × V × L
  const contenders = thresholds(candidates, settings.factors, trace)
  // 9–10. arbitration and limits
  const limits = limitsOf(slots, settings, usages)
  const placed = arbitrate(candidates, contenders, limits, settings.gap ?? settings.epsilon, rng, trace)
  // the selection probabilities and the returned actions
  const probabilities = selectionProbabilities(candidates, placed, {
    models,
    rng,
    control,
    stochastic,
    settings,
    limits
  })
  const reads = models.learner.reads
  const keep = (f: Features): Features => keptFeatures(f, reads, catalog.recordFeatures)
  const { chosen, recorded: kept } = chosenOf(candidates, placed, slots, probabilities, keep)
  const recorded =
    stages === undefined
      ? kept
      : kept.map((r) => {
          const advances = advancesOf(stages, r.actionId)
          return advances === undefined ? r : { ...r, advances }
        })

  return {
    decisionId,
    subjectId,
    at: now,
    controlGroup: control,
    actions: chosen,
    excluded: exclusionsOf(trace),
    funnel: funnelOf(trace, catalog.actions.length, passedChannel),
    record: mark({
      decisionId,
      subjectId,
      at: now,
      direction: direction ?? (chosen[0]?.direction as Direction | undefined) ?? "inbound",
      controlGroup: control,
      features: keep(features),
      actions: recorded
    }),
    ...(stages === undefined ? {} : { journeys: stages.report })
  }
}
