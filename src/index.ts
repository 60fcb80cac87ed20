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
export type { History, Interaction, BuiltInOutcome } from "./kernel/History.js"

// rules (pillar 1) --------------------------------------------------------------------

// learners (pillar 2) -----------------------------------------------------------------
export type { Features, FeatureValue, Learner, Observation, Prior, Score } from "./learners/Learner.js"
export * as Models from "./learners/Models.js"

// arbitration (pillar 3), catalog, policies, nextBestAction ----------------------------

// feedback (pillar 4) -----------------------------------------------------------------
export type { ChosenAction, DecisionRecord, Direction } from "./feedback/DecisionRecord.js"
