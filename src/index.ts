/**
 * nextbest — embeddable next-best-action decisioning.
 *
 * The public surface, one convention throughout: every concept is a module exported as a
 * namespace, and where the concept has a main type, that type is exported under the same name —
 * `Catalog` is both the namespace (`Catalog.Spec`, `Catalog.codec`) and the type of a compiled
 * catalog, so `import type { Catalog, Decision, Models, Request } from "nextbest"` names what a user
 * guesses. No namespace member repeats its namespace's name (`Catalog.Spec`, not `CatalogSpec`);
 * the codec of a module's main type is `codec`. The entry points a quickstart calls are also
 * exported by name: `nextBestAction`, and the constructors of a concept's main value (`catalog`,
 * `thompsonSampling`, `naiveBayes`, `externalScore`, `logisticRegression`), each the same function as its namespace's.
 *
 * What is public and why: docs/architecture.md. The whole surface is pinned in
 * test/package/api.txt.
 *
 * @since 0.1.0
 */

// kernel: seeded randomness, instants, directions, decode errors ----------------------------------
export * as Random from "./kernel/Random.js"
export * as Distributions from "./kernel/Distributions.js"
export * as Time from "./kernel/Time.js"
import * as Direction_ from "./kernel/Direction.js"
export { Direction_ as Direction }
/** @since 0.1.0 */
export type Direction = Direction_.Direction
import * as DecodeError_ from "./kernel/DecodeError.js"
export { DecodeError_ as DecodeError }
/** @since 0.1.0 */
export type DecodeError = DecodeError_.DecodeError

// rules (pillar 1): the eligibility rule algebra --------------------------------------------------
import * as Rule_ from "./rules/Rule.js"
export { Rule_ as Rule }
/** @since 0.1.0 */
export type Rule = Rule_.Rule

// history: a subject's interactions, their codec, retention, queries and features -----------------
import * as History_ from "./history/History.js"
export { History_ as History }
/** @since 0.1.0 */
export type History = History_.History
import * as HistoryFeatures_ from "./history/HistoryFeatures.js"
export { HistoryFeatures_ as HistoryFeatures }
/** @since 0.1.0 */
export type HistoryFeatures = HistoryFeatures_.HistoryFeatures

// learners (pillar 2): propensity models behind one interface, and their diagnostics --------------
import * as Learner_ from "./learners/Learner.js"
export { Learner_ as Learner }
/** @since 0.1.0 */
export type Learner<S> = Learner_.Learner<S>
import * as Models_ from "./learners/Models.js"
export { Models_ as Models }
/** @since 0.1.0 */
export type Models<S> = Models_.Models<S>
import * as ThompsonSampling_ from "./learners/ThompsonSampling.js"
export { ThompsonSampling_ as ThompsonSampling }
/** @since 0.1.0 */
export type ThompsonSampling = ThompsonSampling_.ThompsonSampling
import * as NaiveBayes_ from "./learners/NaiveBayes.js"
export { NaiveBayes_ as NaiveBayes }
/** @since 0.1.0 */
export type NaiveBayes = NaiveBayes_.NaiveBayes
import * as ExternalScore_ from "./learners/ExternalScore.js"
export { ExternalScore_ as ExternalScore }
/** @since 0.1.0 */
export type ExternalScore = ExternalScore_.ExternalScore
import * as LogisticRegression_ from "./learners/LogisticRegression.js"
export { LogisticRegression_ as LogisticRegression }
/** @since 0.1.0 */
export type LogisticRegression = LogisticRegression_.LogisticRegression
export * as FeatureHashing from "./learners/FeatureHashing.js"
import * as LinearBandit_ from "./learners/LinearBandit.js"
export { LinearBandit_ as LinearBandit }
/** @since 0.1.0 */
export type LinearBandit = LinearBandit_.LinearBandit
import * as Routed_ from "./learners/Routed.js"
export { Routed_ as Routed }
/** @since 0.1.0 */
export type Routed = Routed_.Routed
import * as SelectionPolicy_ from "./learners/SelectionPolicy.js"
export { SelectionPolicy_ as SelectionPolicy }
/** @since 0.1.0 */
export type SelectionPolicy = SelectionPolicy_.SelectionPolicy
export * as LearnerLaws from "./learners/LearnerLaws.js"
export * as Diagnostics from "./evaluation/Diagnostics.js"
export * as Calibration from "./evaluation/Calibration.js"
import * as LoggedData_ from "./evaluation/LoggedData.js"
export { LoggedData_ as LoggedData }
/** @since 0.1.0 */
export type LoggedData = LoggedData_.LoggedData
import * as TargetPolicy_ from "./evaluation/TargetPolicy.js"
export { TargetPolicy_ as TargetPolicy }
/** @since 0.1.0 */
export type TargetPolicy = TargetPolicy_.TargetPolicy
import * as OffPolicy_ from "./evaluation/OffPolicy.js"
export { OffPolicy_ as OffPolicy }
/** @since 0.1.0 */
export type OffPolicy = OffPolicy_.OffPolicy
export { thompsonSampling } from "./learners/ThompsonSampling.js"
export { naiveBayes } from "./learners/NaiveBayes.js"
export { externalScore } from "./learners/ExternalScore.js"
export { logisticRegression } from "./learners/LogisticRegression.js"

// engagement and contact policies, built on rules and history -------------------------------------
export * as Engagement from "./policies/Engagement.js"
import * as Suppression_ from "./policies/Suppression.js"
export { Suppression_ as Suppression }
/** @since 0.1.0 */
export type Suppression = Suppression_.Suppression
import * as ContactLimit_ from "./policies/ContactLimit.js"
export { ContactLimit_ as ContactLimit }
/** @since 0.1.0 */
export type ContactLimit = ContactLimit_.ContactLimit

// arbitration (pillar 3): priority = P × C × V × L, thresholds, limits ----------------------------
export * as Priority from "./arbitration/Priority.js"
export * as Lever from "./arbitration/Lever.js"
import * as ContextWeight_ from "./arbitration/ContextWeight.js"
export { ContextWeight_ as ContextWeight }
/** @since 0.1.0 */
export type ContextWeight = ContextWeight_.ContextWeight
import * as Threshold_ from "./arbitration/Threshold.js"
export { Threshold_ as Threshold }
/** @since 0.1.0 */
export type Threshold = Threshold_.Threshold
export * as Arbitration from "./arbitration/Arbitration.js"

// the catalog: actions, their taxonomy, values and availability, decoded and compiled once --------
import * as Value_ from "./catalog/Value.js"
export { Value_ as Value }
/** @since 0.1.0 */
export type Value = Value_.Value
import * as Availability_ from "./catalog/Availability.js"
export { Availability_ as Availability }
/** @since 0.1.0 */
export type Availability = Availability_.Availability
import * as Action_ from "./catalog/Action.js"
export { Action_ as Action }
/** @since 0.1.0 */
export type Action = Action_.Action
import * as DataModel_ from "./catalog/DataModel.js"
export { DataModel_ as DataModel }
/** @since 0.1.0 */
export type DataModel = DataModel_.DataModel
import * as Journey_ from "./catalog/Journey.js"
export { Journey_ as Journey }
/** @since 0.1.0 */
export type Journey = Journey_.Journey
import * as Catalog_ from "./catalog/Catalog.js"
export { Catalog_ as Catalog }
/** @since 0.1.0 */
export type Catalog = Catalog_.Catalog
export { catalog } from "./catalog/Catalog.js"

// deciding: the request, nextBestAction, the decision and its trace -------------------------------
import * as Request_ from "./decide/Request.js"
export { Request_ as Request }
/** @since 0.1.0 */
export type Request = Request_.Request
import * as Decision_ from "./decide/Decision.js"
export { Decision_ as Decision }
/** @since 0.1.0 */
export type Decision = Decision_.Decision
export * as ControlGroup from "./decide/ControlGroup.js"
export { nextBestAction } from "./decide/NextBestAction.js"

// feedback (pillar 4): events, delayed learning, replicas -----------------------------------------
import * as DecisionRecord_ from "./feedback/DecisionRecord.js"
export { DecisionRecord_ as DecisionRecord }
/** @since 0.1.0 */
export type DecisionRecord = DecisionRecord_.DecisionRecord
import * as Outcome_ from "./feedback/Outcome.js"
export { Outcome_ as Outcome }
/** @since 0.1.0 */
export type Outcome = Outcome_.Outcome
import * as Progression_ from "./feedback/Progression.js"
export { Progression_ as Progression }
/** @since 0.1.0 */
export type Progression = Progression_.Progression
import * as Event_ from "./feedback/Event.js"
export { Event_ as Event }
/** @since 0.1.0 */
export type Event<D extends Event_.DecisionRef = Event_.DecisionRef> = Event_.Event<D>
import * as Pending_ from "./feedback/Pending.js"
export { Pending_ as Pending }
/** @since 0.1.0 */
export type Pending = Pending_.Pending
import * as Replica_ from "./feedback/Replica.js"
export { Replica_ as Replica }
/** @since 0.1.0 */
export type Replica<S> = Replica_.Replica<S>
import * as Feedback_ from "./feedback/Feedback.js"
export { Feedback_ as Feedback }
/** @since 0.1.0 */
export type Feedback<S> = Feedback_.Feedback<S>

// outbound: batch decisions over a population under volume limits ---------------------------------
import * as Capacity_ from "./outbound/Capacity.js"
export { Capacity_ as Capacity }
/** @since 0.1.0 */
export type Capacity = Capacity_.Capacity
import * as Allocation_ from "./outbound/Allocation.js"
export { Allocation_ as Allocation }
/** @since 0.1.0 */
export type Allocation<C extends Allocation_.Candidate = Allocation_.Candidate> = Allocation_.Allocation<C>
export * as Greedy from "./outbound/Greedy.js"
export * as DualPrices from "./outbound/DualPrices.js"
export * as Streaming from "./outbound/Streaming.js"
import * as Summary_ from "./outbound/Summary.js"
export { Summary_ as Summary }
/** @since 0.1.0 */
export type Summary = Summary_.Summary
export * as OutboundRun from "./outbound/OutboundRun.js"

// recommend: item tables, item-based collaborative filtering, item actions ------------------------
import * as CoOccurrence_ from "./recommend/CoOccurrence.js"
export { CoOccurrence_ as CoOccurrence }
/** @since 0.1.0 */
export type CoOccurrence = CoOccurrence_.CoOccurrence
import * as Neighbours_ from "./recommend/Neighbours.js"
export { Neighbours_ as Neighbours }
/** @since 0.1.0 */
export type Neighbours = Neighbours_.Neighbours
import * as Items_ from "./recommend/Items.js"
export { Items_ as Items }
/** @since 0.1.0 */
export type Items = Items_.Items
import * as ItemAction_ from "./recommend/ItemAction.js"
export { ItemAction_ as ItemAction }
/** @since 0.1.0 */
export type ItemAction = ItemAction_.ItemAction

// evaluation: the simulated population, the closed loop, experiments ------------------------------
import * as Population_ from "./evaluation/Population.js"
export { Population_ as Population }
/** @since 0.1.0 */
export type Population = Population_.Population
import * as Simulation_ from "./evaluation/Simulation.js"
export { Simulation_ as Simulation }
/** @since 0.1.0 */
export type Simulation = Simulation_.Simulation
export * as Experiment from "./evaluation/Experiment.js"
import * as Interactions_ from "./evaluation/Interactions.js"
export { Interactions_ as Interactions }
/** @since 0.1.0 */
export type Interactions = Interactions_.Interactions
