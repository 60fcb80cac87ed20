/**
 * The replica delta protocol: how replicas that learn on their own exchange what they learned,
 * through any store, so that every replica converges to the models learned from all responses —
 * and a delta applied twice is not counted twice.
 *
 * Each replica has a unique id and numbers the deltas it publishes 1, 2, 3, … . Between two
 * publications it learns into `unsynced` as well as into its models. `publish` turns `unsynced`
 * into the delta `(replicaId, sequence, models)` and starts a new one. `receive` merges another
 * replica's delta into the models (the learners' commutative monoid) unless `(replicaId,
 * sequence)` is already in `applied`, which it then joins.
 *
 * Laws (for learners whose `merge` is a commutative monoid, exactly so on integer counts):
 * - Idempotence: receiving a delta a second time changes nothing.
 * - Order independence: receiving a set of deltas in any order gives the same models.
 * - Convergence: once every replica has received every other replica's deltas, all their models
 *   equal the models learned from all responses on a single replica.
 * - `applied` is bounded: for each replica, the sequences received are kept as a contiguous prefix
 *   `1..through` plus the few received ahead of it.
 * - Codecs: `decode(encode(x))` is `x` for replicas and deltas.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { decodeWith, type DecodeError } from "../kernel/DecodeError.js"
import type { Learner, Observation } from "../learners/Learner.js"
import * as Models from "../learners/Models.js"
import { misuse } from "../kernel/internal/misuse.js"
import { admit, isDecoded, mark } from "../kernel/internal/decoded.js"
import {
  array,
  done,
  expectObject,
  failAt,
  field,
  hasOwn,
  integerAtLeast,
  isRecord,
  nonEmptyString,
  recordOf,
  setOwn,
  unknownKeys,
  versionOf
} from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A set of sequence numbers ≥ 1: all of `1..through`, plus `ahead` (ascending, each > through + 1).
 *
 * @category model
 * @since 0.1.0
 */
export interface Sequences {
  readonly through: number
  readonly ahead: ReadonlyArray<number>
}

/**
 * What one replica learned between two publications.
 *
 * @category model
 * @since 0.1.0
 */
export interface Delta<S> {
  readonly replicaId: string
  readonly sequence: number
  readonly models: Models.Models<S>
}

/**
 * One replica's side of the protocol.
 *
 * @category model
 * @since 0.1.0
 */
export interface Replica<S> {
  readonly replicaId: string
  /** the sequence number of the last delta published (0 before the first) */
  readonly sequence: number
  /** what this replica learned since its last publication */
  readonly unsynced: Models.Models<S>
  /** the deltas merged into this replica's models (its own included), by replica id */
  readonly applied: Readonly<Record<string, Sequences>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * No sequence at all.
 *
 * @category constructors
 * @since 0.1.0
 */
export const noSequences: Sequences = { through: 0, ahead: [] }

/**
 * A replica that has published nothing. `applied` lists the deltas already contained in the
 * models it starts from (e.g. those of a compacted snapshot it was bootstrapped from). Throws on
 * an empty id.
 *
 * @category constructors
 * @since 0.1.0
 */
export const start = <S>(
  replicaId: string,
  learner: Learner<S>,
  applied: Readonly<Record<string, Sequences>> = {}
): Replica<S> => {
  if (typeof replicaId !== "string" || replicaId.length === 0)
    misuse("Replica.start", "the replica id must be a non-empty string")
  return { replicaId, sequence: applied[replicaId]?.through ?? 0, unsynced: Models.empty(learner), applied }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Whether a sequence number is in the set.
 *
 * @category operations
 * @since 0.1.0
 */
export const contains = (set: Sequences, sequence: number): boolean =>
  sequence <= set.through || set.ahead.includes(sequence)

/**
 * The set with one more sequence number (compacting the prefix).
 *
 * @category operations
 * @since 0.1.0
 */
export const add = (set: Sequences, sequence: number): Sequences => {
  if (contains(set, sequence)) return set
  if (sequence !== set.through + 1) {
    const ahead = [...set.ahead, sequence].sort((a, b) => a - b)
    return { through: set.through, ahead }
  }
  let through = sequence
  let i = 0
  while (i < set.ahead.length && set.ahead[i] === through + 1) {
    through++
    i++
  }
  return { through, ahead: i === 0 ? set.ahead : set.ahead.slice(i) }
}

/**
 * Whether a replica's models already contain a delta.
 *
 * @category operations
 * @since 0.1.0
 */
export const hasApplied = <S>(replica: Replica<S>, replicaId: string, sequence: number): boolean =>
  hasOwn(replica.applied, replicaId) && contains(replica.applied[replicaId] as Sequences, sequence)

/**
 * The replica after learning responses locally (they join `unsynced`).
 *
 * @category operations
 * @since 0.1.0
 */
export const learned = <S>(
  replica: Replica<S>,
  responses: ReadonlyArray<readonly [Models.ModelKey, Observation]>
): Replica<S> =>
  responses.length === 0 ? replica : { ...replica, unsynced: Models.learnMany(replica.unsynced, responses) }

const withApplied = (
  applied: Readonly<Record<string, Sequences>>,
  replicaId: string,
  sequence: number
): Record<string, Sequences> => {
  const next: Record<string, Sequences> = { ...applied }
  setOwn(next, replicaId, add(hasOwn(applied, replicaId) ? (applied[replicaId] as Sequences) : noSequences, sequence))
  return next
}

/**
 * The delta of what this replica learned since its last publication, and the replica after it;
 * `null` (and the replica unchanged) when it learned nothing. Write the delta to the store under
 * the key `(replicaId, sequence)`.
 *
 * @example
 * import { Models, Replica, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const ts = ThompsonSampling.thompsonSampling()
 * const a = Replica.learned(Replica.start("a", ts), [["Offer@web", { features: {}, positive: true, at: 0 }]])
 * const [delta, a2] = Replica.publish(a)
 * assert.ok(delta !== null && a2.sequence === 1)
 *
 * let b = Replica.start("b", ts)
 * let modelsB = Models.empty(ts)
 * ;[b, modelsB] = Replica.receive(b, modelsB, delta)
 * ;[b, modelsB] = Replica.receive(b, modelsB, delta) // a second time: ignored
 * assert.strictEqual(Models.stateOf(modelsB, "Offer@web").positives, 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const publish = <S>(replica: Replica<S>): readonly [Delta<S> | null, Replica<S>] => {
  if (Object.keys(replica.unsynced.states).length === 0) return [null, replica]
  const sequence = replica.sequence + 1
  const delta: Delta<S> = mark({ replicaId: replica.replicaId, sequence, models: replica.unsynced })
  return [
    delta,
    {
      replicaId: replica.replicaId,
      sequence,
      unsynced: Models.empty(replica.unsynced.learner),
      applied: withApplied(replica.applied, replica.replicaId, sequence)
    }
  ]
}

const DELTA_ADMISSION = { argument: "delta", type: "Delta", decoder: "Replica.decodeDelta" } as const

/**
 * Merges a delta into the models, unless it was merged before (or is this replica's own):
 * returns the replica (with the delta now in `applied`) and the models.
 *
 * @category operations
 * @since 0.1.0
 */
export const receive = <S>(
  replica: Replica<S>,
  models: Models.Models<S>,
  delta: Delta<S>
): readonly [Replica<S>, Models.Models<S>] => {
  if (!isDecoded(delta)) admit(deltaCodec(models.learner), { api: "Replica.receive", ...DELTA_ADMISSION }, delta)
  if (hasApplied(replica, delta.replicaId, delta.sequence)) return [replica, models]
  return [
    { ...replica, applied: withApplied(replica.applied, delta.replicaId, delta.sequence) },
    Models.merge(models, delta.models)
  ]
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const Count = integerAtLeast(0, "Count")
const Sequence = integerAtLeast(1, "Sequence")

/**
 * A set of sequence numbers as JSON: `{ through, ahead }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SequencesCodec: t.Type<Sequences, unknown, unknown> = new t.Type<Sequences, unknown, unknown>(
  "Sequences",
  (u): u is Sequences => isRecord(u) && typeof u["through"] === "number" && Array.isArray(u["ahead"]),
  (u, c) => {
    const o = expectObject(u, c, "a sequence set object")
    if (E.isLeft(o)) return o
    const errors: Array<t.ValidationError> = []
    unknownKeys(errors, c, o.right, ["through", "ahead"], "a sequence set")
    const through = field(Count, o.right, "through", c, errors)
    const ahead = field(array(Sequence), o.right, "ahead", c, errors)
    if (through !== undefined && ahead !== undefined) {
      const ac = t.appendContext(c, "ahead", t.unknown, o.right["ahead"])
      ahead.forEach((s, i) => {
        const previous = i === 0 ? through + 1 : (ahead[i - 1] as number)
        if (s <= previous)
          failAt(errors, ac, String(i), s, "invalid_value", "expected ascending sequence numbers above through + 1")
      })
    }
    return done<Sequences>(errors, () => ({ through: through as number, ahead: ahead as ReadonlyArray<number> }))
  },
  (s) => ({ through: s.through, ahead: [...s.ahead] })
)

const AppliedCodec = recordOf(SequencesCodec, "Applied")

/**
 * A replica's state as JSON: `{ replicaId, sequence, unsynced, applied }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec = <S>(learner: Learner<S>): t.Type<Replica<S>, unknown, unknown> => {
  const models = Models.codec(learner)
  return new t.Type<Replica<S>, unknown, unknown>(
    `Replica<${learner.name}>`,
    (u): u is Replica<S> => isRecord(u) && typeof u["replicaId"] === "string" && models.is(u["unsynced"]),
    (u, c) => {
      const o = expectObject(u, c, "a replica object")
      if (E.isLeft(o)) return o
      const errors: Array<t.ValidationError> = []
      unknownKeys(errors, c, o.right, ["replicaId", "sequence", "unsynced", "applied"], "a replica")
      const replicaId = field(nonEmptyString, o.right, "replicaId", c, errors)
      const sequence = field(Count, o.right, "sequence", c, errors)
      const unsynced = field(models, o.right, "unsynced", c, errors)
      const applied = field(AppliedCodec, o.right, "applied", c, errors)
      return done<Replica<S>>(errors, () => ({
        replicaId: replicaId as string,
        sequence: sequence as number,
        unsynced: unsynced as Models.Models<S>,
        applied: applied as Readonly<Record<string, Sequences>>
      }))
    },
    (x) => ({
      replicaId: x.replicaId,
      sequence: x.sequence,
      unsynced: models.encode(x.unsynced),
      applied: AppliedCodec.encode(x.applied)
    })
  )
}

/**
 * The format tag of a delta's JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const DELTA_FORMAT = "nextbest/delta"

/**
 * The delta version written by `encodeDelta`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const DELTA_VERSION = 1

/**
 * A delta as JSON: `{ format: "nextbest/delta", version: 1, replicaId, sequence, models }`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const deltaCodec = <S>(learner: Learner<S>): t.Type<Delta<S>, unknown, unknown> => {
  const models = Models.codec(learner)
  return new t.Type<Delta<S>, unknown, unknown>(
    `Delta<${learner.name}>`,
    (u): u is Delta<S> =>
      isRecord(u) && typeof u["replicaId"] === "string" && typeof u["sequence"] === "number" && models.is(u["models"]),
    (u, c) => {
      const o = expectObject(u, c, "a delta object")
      if (E.isLeft(o)) return o
      const errors: Array<t.ValidationError> = []
      unknownKeys(errors, c, o.right, ["format", "version", "replicaId", "sequence", "models"], "a delta")
      versionOf(errors, c, o.right, [DELTA_VERSION])
      const replicaId = field(nonEmptyString, o.right, "replicaId", c, errors)
      const sequence = field(Sequence, o.right, "sequence", c, errors)
      const m = field(models, o.right, "models", c, errors)
      return done<Delta<S>>(errors, () =>
        mark({
          replicaId: replicaId as string,
          sequence: sequence as number,
          models: m as Models.Models<S>
        })
      )
    },
    (d) => ({
      format: DELTA_FORMAT,
      version: DELTA_VERSION,
      replicaId: d.replicaId,
      sequence: d.sequence,
      models: models.encode(d.models)
    })
  )
}

/**
 * A delta's JSON, to write to the store.
 *
 * @category codecs
 * @since 0.1.0
 */
export const encodeDelta = <S>(delta: Delta<S>): unknown => deltaCodec(delta.models.learner).encode(delta)

/**
 * Decodes a delta read from the store, reporting every problem with its path.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeDelta = <S>(learner: Learner<S>, u: unknown): E.Either<DecodeError, Delta<S>> =>
  decodeWith(deltaCodec(learner))(u)
