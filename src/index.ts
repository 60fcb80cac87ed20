/**
 * nextbest — embeddable next-best-action decisioning.
 *
 * The public surface. Each module is exported as a namespace (fp-ts style); the function the
 * library is named for, and the most used types, are also exported by name.
 *
 * @since 0.1.0
 */

// kernel ------------------------------------------------------------------------------
export * as Random from "./kernel/Random.js"
export * as Decoding from "./kernel/DecodeError.js"
export type { DecodeError, Problem } from "./kernel/DecodeError.js"
export * as Facts from "./kernel/Facts.js"
export * as Time from "./kernel/Time.js"
export type { Instant } from "./kernel/Time.js"
export * as Direction from "./kernel/Direction.js"

// history: a subject's interactions, their codec, retention, queries and features --------
export * as History from "./history/History.js"
export type { Interaction, BuiltInOutcome } from "./history/History.js"
// the main types are History.History, Direction.Direction, Event.Event, Outcome.Outcome, Pending.Pending,
// Replica.Replica, Feedback.Feedback: the `import * as X_; export { X_ as X }; export type X = X_.X` form of
// the house convention breaks tsup's declaration bundling (rollup-plugin-dts) — left to the lead's index rewrite
export * as HistoryFeatures from "./history/HistoryFeatures.js"

// rules (pillar 1) --------------------------------------------------------------------
export * as Rule from "./rules/Rule.js"
export type { CompiledRule, CompiledRules, LeafVerdict, RuleJson, Verdict } from "./rules/Rule.js"

// learners (pillar 2) -----------------------------------------------------------------
export type { Features, FeatureValue, Learner, Observation, Prior, Score } from "./learners/Learner.js"
export * as Models from "./learners/Models.js"
export type { ModelKey } from "./learners/Models.js"
export * as Distributions from "./kernel/Distributions.js"
export * as ThompsonSampling from "./learners/ThompsonSampling.js"
export { thompsonSampling } from "./learners/ThompsonSampling.js"
export * as NaiveBayes from "./learners/NaiveBayes.js"
export { naiveBayes } from "./learners/NaiveBayes.js"
export * as ExternalScore from "./learners/ExternalScore.js"
export { externalScore } from "./learners/ExternalScore.js"
export * as SelectionPolicy from "./learners/SelectionPolicy.js"
export * as BinStatistics from "./learners/BinStatistics.js"
export * as Binning from "./learners/Binning.js"
export * as Diagnostics from "./evaluation/Diagnostics.js"
export * as Calibration from "./evaluation/Calibration.js"

// arbitration (pillar 3), catalog, policies, nextBestAction ----------------------------
export * as Lever from "./arbitration/Lever.js"
export * as ContextWeight from "./arbitration/ContextWeight.js"
export * as Threshold from "./arbitration/Threshold.js"
export * as Priority from "./arbitration/Priority.js"
export * as Arbitration from "./arbitration/Arbitration.js"
export type { EvaluationClass, Factors } from "./arbitration/Priority.js"
export * as Engagement from "./policies/Engagement.js"
export * as Suppression from "./policies/Suppression.js"
export * as ContactLimit from "./policies/ContactLimit.js"
export * as Value from "./catalog/Value.js"
export * as Availability from "./catalog/Availability.js"
export * as Action from "./catalog/Action.js"
export * as Catalog from "./catalog/Catalog.js"
export { catalog } from "./catalog/Catalog.js"
export type { CatalogSpec } from "./catalog/Catalog.js"
export * as Request from "./decide/Request.js"
export { decodeRequest } from "./decide/Request.js"
export * as Decision from "./decide/Decision.js"
export { renderDecision } from "./decide/Decision.js"
export type { Choice, Exclusion, Reason, Stage } from "./decide/Decision.js"
export * as ControlGroup from "./decide/ControlGroup.js"
export * as SelectionProbability from "./decide/SelectionProbability.js"
export * as NextBestAction from "./decide/NextBestAction.js"
export { nextBestAction } from "./decide/NextBestAction.js"

// feedback (pillar 4) -----------------------------------------------------------------
export type { ChosenAction, DecisionRecord } from "./feedback/DecisionRecord.js"
export * as Outcome from "./feedback/Outcome.js"
export * as Event from "./feedback/Event.js"
export * as Pending from "./feedback/Pending.js"
export * as Replica from "./feedback/Replica.js"
export * as Feedback from "./feedback/Feedback.js"
export type { Label, Labels } from "./feedback/Outcome.js"
export type { ResolvedEvent } from "./feedback/Event.js"
export type { Delta } from "./feedback/Replica.js"
export type { Outbox } from "./feedback/Feedback.js"

// outbound: batch decisions under volume constraints ------------------------------------
export * as Capacity from "./outbound/Capacity.js"
export * as Allocation from "./outbound/Allocation.js"
export * as Greedy from "./outbound/Greedy.js"
export * as DualPrices from "./outbound/DualPrices.js"
export * as Summary from "./outbound/Summary.js"
export * as OutboundRun from "./outbound/OutboundRun.js"
export type { Budget } from "./outbound/Capacity.js"
export type { Prices } from "./outbound/DualPrices.js"
export type { RunOutcome, RunSettings, SubjectOutcome } from "./outbound/OutboundRun.js"
