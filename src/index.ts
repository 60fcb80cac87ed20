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
import * as Direction_ from "./kernel/Direction.js"
export { Direction_ as Direction }
export type Direction = Direction_.Direction

// history: a subject's interactions, their codec, retention, queries and features --------
import * as History_ from "./history/History.js"
export { History_ as History }
export type History = History_.History
export type { Interaction, BuiltInOutcome } from "./history/History.js"
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
export type { ThompsonConfig, ThompsonState } from "./learners/ThompsonSampling.js"
export * as NaiveBayes from "./learners/NaiveBayes.js"
export { naiveBayes } from "./learners/NaiveBayes.js"
export type { NaiveBayesConfig, NaiveBayesLearner, NaiveBayesState } from "./learners/NaiveBayes.js"
export * as ExternalScore from "./learners/ExternalScore.js"
export { externalScore } from "./learners/ExternalScore.js"
export * as Policy from "./learners/Policy.js"
export * as BinStatistics from "./learners/BinStatistics.js"
export * as Binning from "./learners/Binning.js"
export * as Diagnostics from "./evaluation/Diagnostics.js"
export * as Calibration from "./evaluation/Calibration.js"

// arbitration (pillar 3), catalog, policies, nextBestAction ----------------------------
export * as Lever from "./arbitration/Lever.js"
export * as ContextWeight from "./arbitration/ContextWeight.js"
export * as Threshold from "./arbitration/Threshold.js"
export * as Priority from "./arbitration/Priority.js"
export * as Arbitration from "./arbitration/Arbitrate.js"
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
import * as Outcome_ from "./feedback/Outcome.js"
export { Outcome_ as Outcome }
export type Outcome = Outcome_.Outcome
import * as Event_ from "./feedback/Event.js"
export { Event_ as Event }
export type Event = Event_.Event
import * as Pending_ from "./feedback/Pending.js"
export { Pending_ as Pending }
export type Pending = Pending_.Pending
import * as Replica_ from "./feedback/Replica.js"
export { Replica_ as Replica }
export type Replica<S> = Replica_.Replica<S>
import * as Feedback_ from "./feedback/Feedback.js"
export { Feedback_ as Feedback }
export type Feedback<S> = Feedback_.Feedback<S>
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
