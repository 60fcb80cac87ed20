/**
 * Internal: the codecs of the feedback reducer — its settings, its inputs (the decision log) and
 * its versioned snapshot, with the migration of a bare `Models` snapshot. `Feedback` re-exports
 * them; the laws (round trip, every problem with its path) are stated there.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../../kernel/DecodeError.js"
import type { Instant } from "../../kernel/Time.js"
import type { Learner } from "../../learners/Learner.js"
import * as Models from "../../learners/Models.js"
import type { DecisionRecord } from "../DecisionRecord.js"
import { codec as EventCodec, type Event } from "../Event.js"
import { InteractionCodec, type Interaction } from "../../history/History.js"
import {
  array,
  done,
  expectObject,
  field,
  instant,
  integerAtLeast,
  isRecord,
  nonEmptyString,
  oneOf,
  unknownKeys,
  optionalField,
  versionOf
} from "../../kernel/internal/codec.js"
import { codec as DecisionRecordCodec } from "../DecisionRecord.js"
import * as Stack from "./Stack.js"
import { codec as ProgressionCodec } from "../Progression.js"
import { defaultLabels, LabelsCodec, type Labels } from "../Outcome.js"
import * as Pending from "../Pending.js"
import * as Replica from "../Replica.js"

import {
  decided,
  expireAt,
  initial,
  outbox,
  type Decided,
  type Expire,
  type Feedback,
  type Input,
  type Outbox,
  type Recorded,
  type Refusal,
  type Settings
} from "./state.js"
// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const Aggregation = oneOf<Pending.Aggregation>(["earliest", "positiveWins"], "Aggregation")

/**
 * Settings as JSON: `{ labels?, timeouts?, aggregation? }`, each defaulting as in `settings`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SettingsCodec: t.Type<Settings, unknown, unknown> = new t.Type<Settings, unknown, unknown>(
  "FeedbackSettings",
  (u): u is Settings =>
    isRecord(u) &&
    LabelsCodec.is(u["labels"]) &&
    Pending.TimeoutsCodec.is(u["timeouts"]) &&
    Aggregation.is(u["aggregation"]),
  (u, c) => {
    const o = expectObject(u, c, "a feedback settings object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["labels", "timeouts", "aggregation"], "feedback settings")
    const labels = o.right["labels"] === undefined ? defaultLabels : field(LabelsCodec, o.right, "labels", c, errors)
    const timeouts =
      o.right["timeouts"] === undefined
        ? Pending.defaultTimeouts
        : field(Pending.TimeoutsCodec, o.right, "timeouts", c, errors)
    const aggregation =
      o.right["aggregation"] === undefined ? "earliest" : field(Aggregation, o.right, "aggregation", c, errors)
    return done<Settings>(errors, () => ({
      labels: labels as Labels,
      timeouts: timeouts as Pending.ResponseTimeouts,
      aggregation: aggregation as Pending.Aggregation
    }))
  },
  (s) => ({
    labels: LabelsCodec.encode(s.labels),
    timeouts: Pending.TimeoutsCodec.encode(s.timeouts),
    aggregation: s.aggregation
  })
)

/**
 * Decodes settings from JSON, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeSettings: (u: unknown) => E.Either<DecodeError, Settings> = decodeWith(SettingsCodec)

const DecidedCodec: t.Type<Decided, unknown, unknown> = new t.Type<Decided, unknown, unknown>(
  "Decided",
  (u): u is Decided => isRecord(u) && u["_tag"] === "Decided",
  (u, c) => {
    const o = expectObject(u, c, "a decided object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["_tag", "record"], "a decided input")
    const record = field(DecisionRecordCodec, o.right, "record", c, errors)
    return done(errors, () => decided(record as DecisionRecord))
  },
  (d) => ({ _tag: "Decided", record: DecisionRecordCodec.encode(d.record) })
)

const ExpireCodec: t.Type<Expire, unknown, unknown> = new t.Type<Expire, unknown, unknown>(
  "Expire",
  (u): u is Expire => isRecord(u) && u["_tag"] === "Expire",
  (u, c) => {
    const o = expectObject(u, c, "an expire object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["_tag", "now"], "an expire input")
    const now = field(instant, o.right, "now", c, errors)
    return done(errors, () => expireAt(now as Instant))
  },
  (x) => ({ _tag: "Expire", now: x.now })
)

/**
 * An input as JSON: `{ _tag: "Decided", record }`, `{ _tag: "Expire", now }` or an event (see
 * `Event.EventCodec`). A log of inputs is what `applyAll` replays.
 *
 * @category codecs
 * @since 0.1.0
 */
export const InputCodec: t.Type<Input, unknown, unknown> = new t.Type<Input, unknown, unknown>(
  "FeedbackInput",
  (u): u is Input => DecidedCodec.is(u) || ExpireCodec.is(u) || EventCodec.is(u),
  (u, c) => {
    const tag = isRecord(u) ? u["_tag"] : undefined
    return tag === "Decided"
      ? DecidedCodec.validate(u, c)
      : tag === "Expire"
        ? ExpireCodec.validate(u, c)
        : EventCodec.validate(u, c)
  },
  (x) =>
    x._tag === "Decided" ? DecidedCodec.encode(x) : x._tag === "Expire" ? ExpireCodec.encode(x) : EventCodec.encode(x)
)

const RefusedInput: t.Type<Decided | Event, unknown, unknown> = new t.Type<Decided | Event, unknown, unknown>(
  "RefusedInput",
  (u): u is Decided | Event => DecidedCodec.is(u) || EventCodec.is(u),
  (u, c) => (isRecord(u) && u["_tag"] === "Decided" ? DecidedCodec.validate(u, c) : EventCodec.validate(u, c)),
  (x) => (x._tag === "Decided" ? DecidedCodec.encode(x) : EventCodec.encode(x))
)

const Reason = oneOf<Pending.RefusalReason>(
  ["duplicate", "unknownDecision", "unknownAction", "expired", "beforeDecision", "unknownOutcome"],
  "RefusalReason"
)

const RefusalCodec: t.Type<Refusal, unknown, unknown> = new t.Type<Refusal, unknown, unknown>(
  "Refusal",
  (u): u is Refusal => isRecord(u) && Reason.is(u["reason"]),
  (u, c) => {
    const o = expectObject(u, c, "a refusal object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["reason", "message", "input"], "a refusal")
    const reason = field(Reason, o.right, "reason", c, errors)
    const message = field(t.string, o.right, "message", c, errors)
    const input = field(RefusedInput, o.right, "input", c, errors)
    return done<Refusal>(errors, () => ({
      reason: reason as Pending.RefusalReason,
      message: message as string,
      input: input as Decided | Event
    }))
  },
  (x) => ({ reason: x.reason, message: x.message, input: RefusedInput.encode(x.input) })
)

const Progressions = array(ProgressionCodec, "progressions")

const RecordedCodec: t.Type<Recorded, unknown, unknown> = new t.Type<Recorded, unknown, unknown>(
  "Recorded",
  (u): u is Recorded => isRecord(u) && typeof u["subjectId"] === "string",
  (u, c) => {
    const o = expectObject(u, c, "a recorded interaction object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["subjectId", "interaction", "progressions"], "a recorded interaction")
    const subjectId = field(nonEmptyString, o.right, "subjectId", c, errors)
    const entry = field(InteractionCodec, o.right, "interaction", c, errors)
    const progressions = optionalField(Progressions, o.right, "progressions", c, errors)
    return done<Recorded>(errors, () =>
      progressions === undefined
        ? { subjectId: subjectId as string, interaction: entry as Interaction }
        : { subjectId: subjectId as string, interaction: entry as Interaction, progressions }
    )
  },
  (x) =>
    x.progressions === undefined
      ? { subjectId: x.subjectId, interaction: InteractionCodec.encode(x.interaction) }
      : {
          subjectId: x.subjectId,
          interaction: InteractionCodec.encode(x.interaction),
          progressions: x.progressions.map((p) => ProgressionCodec.encode(p))
        }
)

const ConflictReasonCodec = oneOf<Replica.ConflictReason>(["conflict", "unverified"], "ConflictReason")
const Sequence = integerAtLeast(1, "Sequence")

const ConflictCodec: t.Type<Replica.Conflict, unknown, unknown> = new t.Type<Replica.Conflict, unknown, unknown>(
  "Conflict",
  (u): u is Replica.Conflict => isRecord(u) && ConflictReasonCodec.is(u["reason"]),
  (u, c) => {
    const o = expectObject(u, c, "a conflict object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    const reason = field(ConflictReasonCodec, o.right, "reason", c, errors)
    const replicaId = field(nonEmptyString, o.right, "replicaId", c, errors)
    const sequence = field(Sequence, o.right, "sequence", c, errors)
    const message = field(t.string, o.right, "message", c, errors)
    return done<Replica.Conflict>(errors, () => ({
      reason: reason as Replica.ConflictReason,
      replicaId: replicaId as string,
      sequence: sequence as number,
      message: message as string
    }))
  },
  (x) => ({ reason: x.reason, replicaId: x.replicaId, sequence: x.sequence, message: x.message })
)

/** `conflicts` is written only when there are some (and read as none when absent) */
const OutboxCodec: t.Type<Outbox, unknown, unknown> = new t.Type<Outbox, unknown, unknown>(
  "Outbox",
  (u): u is Outbox => isRecord(u) && Array.isArray(u["recorded"]) && Array.isArray(u["refused"]),
  (u, c) => {
    const o = expectObject(u, c, "an outbox object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["recorded", "refused", "conflicts"], "an outbox")
    const recorded = field(array(RecordedCodec), o.right, "recorded", c, errors)
    const refused = field(array(RefusalCodec), o.right, "refused", c, errors)
    const conflicts = optionalField(array(ConflictCodec), o.right, "conflicts", c, errors) ?? []
    return done<Outbox>(errors, () => ({
      recorded: recorded as ReadonlyArray<Recorded>,
      refused: refused as ReadonlyArray<Refusal>,
      conflicts
    }))
  },
  (x) => {
    const out: Record<string, unknown> = {
      recorded: x.recorded.map((y) => RecordedCodec.encode(y)),
      refused: x.refused.map((y) => RefusalCodec.encode(y))
    }
    if (x.conflicts.length > 0) out["conflicts"] = x.conflicts.map((y) => ConflictCodec.encode(y))
    return out
  }
)

/**
 * The format tag of a feedback snapshot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_FORMAT = "nextbest/feedback"

/**
 * The snapshot version written by `encode`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SNAPSHOT_VERSION = 1

const isModelsSnapshot = (u: Readonly<Record<string, unknown>>): boolean =>
  u["format"] === undefined && "learner" in u && "states" in u

/**
 * The codec of a feedback snapshot for one learner: `{ format: "nextbest/feedback", version: 1,
 * models, pending, replica, outbox }`. Decoding migrates a bare `Models` snapshot (as written by
 * `Models.encode`, from before the application used the feedback state) to a state with nothing
 * pending and an empty outbox.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec = <S>(learner: Learner<S>): t.Type<Feedback<S>, unknown, unknown> => {
  const ModelsCodec = Models.codec(learner)
  const ReplicaCodec = Replica.codec(learner)
  return new t.Type<Feedback<S>, unknown, unknown>(
    `Feedback<${learner.name}>`,
    (u): u is Feedback<S> => isRecord(u) && ModelsCodec.is(u["models"]) && isRecord(u["pending"]),
    (u, c) => {
      const o = expectObject(u, c, "a feedback snapshot object")
      if (E.isLeft(o)) return o
      const obj = o.right
      if (isModelsSnapshot(obj)) {
        const models = ModelsCodec.validate(obj, c)
        return E.isLeft(models) ? models : t.success(initial(models.right))
      }
      const errors: Array<t.ValidationError> = []
      unknownKeys(
        errors,
        c,
        obj,
        ["format", "version", "models", "pending", "replica", "outbox"],
        "a feedback snapshot"
      )
      versionOf(errors, c, obj, [SNAPSHOT_VERSION])
      const models = field(ModelsCodec, obj, "models", c, errors)
      const pending = field(Pending.codec, obj, "pending", c, errors)
      const replica = obj["replica"] === null ? null : field(ReplicaCodec, obj, "replica", c, errors)
      const out = field(OutboxCodec, obj, "outbox", c, errors)
      return done<Feedback<S>>(errors, () => ({
        models: models as Models.Models<S>,
        pending: pending as Pending.Pending,
        replica: replica as Replica.Replica<S> | null,
        recorded: Stack.fromArray((out as Outbox).recorded),
        refused: Stack.fromArray((out as Outbox).refused),
        conflicts: Stack.fromArray((out as Outbox).conflicts)
      }))
    },
    (s) => ({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      models: ModelsCodec.encode(s.models),
      pending: Pending.codec.encode(s.pending),
      replica: s.replica === null ? null : ReplicaCodec.encode(s.replica),
      outbox: OutboxCodec.encode(outbox(s))
    })
  )
}

/**
 * A feedback state's JSON snapshot (store it as one document, or split its parts).
 *
 * @category codecs
 * @since 0.1.0
 */
export const encode = <S>(state: Feedback<S>): unknown => codec(state.models.learner).encode(state)

/**
 * Decodes a feedback snapshot (or migrates a bare `Models` snapshot), reporting every problem with
 * its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode = <S>(learner: Learner<S>, u: unknown): E.Either<DecodeError, Feedback<S>> =>
  decodeWith(codec(learner))(u)

/**
 * Decodes a log of inputs (a JSON array), reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeLog: (u: unknown) => E.Either<DecodeError, ReadonlyArray<Input>> = decodeWith(
  array(InputCodec, "FeedbackLog")
)
