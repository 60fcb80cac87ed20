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
 * A key is published once: a second delta under a key already applied is not merged. `receive`
 * remembers a fingerprint (a 64-bit hash of the canonical JSON of its models) of the deltas it
 * merged or published, the `FINGERPRINTS_KEPT` highest sequences per replica, and says what it
 * made of each delta (`Receipt`): `Merged`; `Duplicate` (same key, same content: nothing to do);
 * or `Conflict`, never silently — reason `conflict` when the content differs from the delta
 * merged under that key (a replica restarted from an old snapshot, or two processes sharing one
 * replica id, re-use sequence numbers), `unverified` when the key is applied but its fingerprint
 * is not remembered (older than the kept window, or listed in `applied` at `start`).
 *
 * Laws (for learners whose `merge` is a commutative monoid, exactly so on integer counts):
 * - Idempotence: receiving a delta a second time changes nothing (`Duplicate`).
 * - Order independence: receiving a set of deltas with distinct keys in any order gives the same
 *   models. Under one key with several contents, the first received is merged and every later
 *   one with other content is reported as a `conflict`: a key is merged exactly once.
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
import { decodeWith, failure, type DecodeError } from "../kernel/DecodeError.js"
import type { Learner, Observation } from "../learners/Learner.js"
import * as Models from "../learners/Models.js"
import { misuse } from "../kernel/internal/misuse.js"
import { admit, isDecoded, mark } from "../kernel/internal/decoded.js"
import {
  array,
  done,
  expectObject,
  failAt,
  failHere,
  field,
  hasOwn,
  integerAtLeast,
  isRecord,
  nonEmptyString,
  optionalField,
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
  /**
   * the fingerprints of the deltas merged or published, by replica id, then by sequence (as a
   * decimal key): the `FINGERPRINTS_KEPT` highest sequences of each replica
   */
  readonly fingerprints: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/**
 * Why a delta was not merged (see the module header): `conflict` — its key was merged with
 * other content; `unverified` — its key is applied, but its content can no longer be compared.
 *
 * @category model
 * @since 0.1.0
 */
export type ConflictReason = "conflict" | "unverified"

/**
 * A delta that was not merged because its key was already applied, reported with its reason.
 *
 * @category model
 * @since 0.1.0
 */
export interface Conflict {
  readonly reason: ConflictReason
  readonly replicaId: string
  readonly sequence: number
  readonly message: string
}

/**
 * What `receive` made of a delta: merged it, found it was already merged with the same content
 * (`Duplicate`), or refused it (`Conflict`).
 *
 * @category model
 * @since 0.1.0
 */
export type Receipt =
  | { readonly _tag: "Merged" }
  | { readonly _tag: "Duplicate" }
  | { readonly _tag: "Conflict"; readonly conflict: Conflict }

/**
 * How many fingerprints a replica keeps per replica id (the highest sequences): 1,024.
 *
 * @category constants
 * @since 0.1.0
 */
export const FINGERPRINTS_KEPT = 1024

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
  return {
    replicaId,
    sequence: applied[replicaId]?.through ?? 0,
    unsynced: Models.empty(learner),
    applied,
    fingerprints: {}
  }
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

/** canonical JSON: object keys sorted, so that equal models give equal text whatever their insertion order */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const o = value as Readonly<Record<string, unknown>>
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** a 64-bit hash of a text (two multiplicative 32-bit lanes with a final avalanche), as 16 hex digits */
const hash64 = (text: string): string => {
  let h1 = 0xdeadbeef | 0
  let h2 = 0x41c6ce57 | 0
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ text.length
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0")
}

/**
 * The fingerprint of a delta's content: a 64-bit hash (16 hex digits) of the canonical JSON of its
 * models (keys sorted), so that equal models have equal fingerprints, also after a JSON round trip.
 *
 * @category operations
 * @since 0.1.0
 */
export const fingerprint = <S>(models: Models.Models<S>): string => hash64(canonicalJson(Models.encode(models)))

const withFingerprint = (
  fingerprints: Readonly<Record<string, Readonly<Record<string, string>>>>,
  replicaId: string,
  sequence: number,
  print: string
): Record<string, Readonly<Record<string, string>>> => {
  const next: Record<string, Readonly<Record<string, string>>> = { ...fingerprints }
  const mine: Record<string, string> = hasOwn(fingerprints, replicaId)
    ? { ...(fingerprints[replicaId] as Readonly<Record<string, string>>) }
    : {}
  mine[String(sequence)] = print
  const keys = Object.keys(mine)
  if (keys.length > FINGERPRINTS_KEPT) {
    // keep the highest sequences
    keys.sort((a, b) => Number(b) - Number(a))
    const kept: Record<string, string> = {}
    for (const k of keys.slice(0, FINGERPRINTS_KEPT).reverse()) kept[k] = mine[k] as string
    setOwn(next, replicaId, kept)
    return next
  }
  setOwn(next, replicaId, mine)
  return next
}

const fingerprintOf = <S>(replica: Replica<S>, replicaId: string, sequence: number): string | undefined => {
  if (!hasOwn(replica.fingerprints, replicaId)) return undefined
  const mine = replica.fingerprints[replicaId] as Readonly<Record<string, string>>
  const key = String(sequence)
  return hasOwn(mine, key) ? mine[key] : undefined
}

const MERGED: Receipt = { _tag: "Merged" }
const DUPLICATE: Receipt = { _tag: "Duplicate" }

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
      applied: withApplied(replica.applied, replica.replicaId, sequence),
      fingerprints: withFingerprint(replica.fingerprints, replica.replicaId, sequence, fingerprint(replica.unsynced))
    }
  ]
}

const DELTA_ADMISSION = { argument: "delta", type: "Delta", decoder: "Replica.decodeDelta" } as const

/**
 * Merges a delta into the models, unless its key `(replicaId, sequence)` was applied before (or
 * is this replica's own): returns the replica (with the delta now in `applied` and its
 * fingerprint kept), the models, and the receipt — `Merged`, `Duplicate` (the key was applied with
 * the same content: nothing changes), or `Conflict` (not merged; see the module header).
 *
 * @example
 * import { Models, Replica, ThompsonSampling } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const ts = ThompsonSampling.thompsonSampling()
 * const click = { features: {}, positive: true, at: 0 }
 * const [first] = Replica.publish(Replica.learned(Replica.start("a", ts), [["Offer@web", click]]))
 * // replica "a", restarted from an old snapshot, publishes sequence 1 again with other content
 * const [again] = Replica.publish(Replica.learned(Replica.start("a", ts), [["Offer@app", click]]))
 * assert.ok(first !== null && again !== null)
 *
 * const [b, models] = Replica.receive(Replica.start("b", ts), Models.empty(ts), first)
 * const [, same, duplicate] = Replica.receive(b, models, first)
 * assert.strictEqual(duplicate._tag, "Duplicate")
 * const [, unchanged, receipt] = Replica.receive(b, models, again)
 * assert.ok(receipt._tag === "Conflict" && receipt.conflict.reason === "conflict")
 * assert.strictEqual(unchanged, models)
 * assert.strictEqual(same, models)
 *
 * @category operations
 * @since 0.1.0
 */
export const receive = <S>(
  replica: Replica<S>,
  models: Models.Models<S>,
  delta: Delta<S>
): readonly [Replica<S>, Models.Models<S>, Receipt] => {
  if (!isDecoded(delta)) admit(deltaCodec(models.learner), { api: "Replica.receive", ...DELTA_ADMISSION }, delta)
  const print = fingerprint(delta.models)
  if (hasApplied(replica, delta.replicaId, delta.sequence)) {
    const known = fingerprintOf(replica, delta.replicaId, delta.sequence)
    if (known === print) return [replica, models, DUPLICATE]
    const key = `delta (${JSON.stringify(delta.replicaId)}, ${delta.sequence})`
    const conflict: Conflict =
      known === undefined
        ? {
            reason: "unverified",
            replicaId: delta.replicaId,
            sequence: delta.sequence,
            message: `${key} was already applied; its content (fingerprint ${print}) cannot be compared: the fingerprint of the delta applied is no longer kept`
          }
        : {
            reason: "conflict",
            replicaId: delta.replicaId,
            sequence: delta.sequence,
            message: `${key} was already applied with other content (fingerprint ${known}, this one ${print}): not merged`
          }
    return [replica, models, { _tag: "Conflict", conflict }]
  }
  return [
    {
      ...replica,
      applied: withApplied(replica.applied, delta.replicaId, delta.sequence),
      fingerprints: withFingerprint(replica.fingerprints, delta.replicaId, delta.sequence, print)
    },
    Models.merge(models, delta.models),
    MERGED
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

const FINGERPRINT = /^[0-9a-f]{16}$/
const SEQUENCE_KEY = /^[1-9][0-9]{0,15}$/

const FingerprintCodec = new t.Type<string, string, unknown>(
  "Fingerprint",
  (u): u is string => typeof u === "string" && FINGERPRINT.test(u),
  (u, c) =>
    typeof u === "string" && FINGERPRINT.test(u)
      ? t.success(u)
      : failure(
          u,
          c,
          typeof u === "string" ? "invalid_value" : "invalid_type",
          "expected a fingerprint: 16 hex digits"
        ),
  (x) => x
)

/** one replica's fingerprints: sequence (decimal key) → fingerprint, at most FINGERPRINTS_KEPT */
const SequenceFingerprints = new t.Type<Readonly<Record<string, string>>, unknown, unknown>(
  "SequenceFingerprints",
  (u): u is Readonly<Record<string, string>> => isRecord(u),
  (u, c) => {
    const r = recordOf(FingerprintCodec, "SequenceFingerprints").validate(u, c)
    if (E.isLeft(r)) return r
    const errors: Array<t.ValidationError> = []
    const keys = Object.keys(r.right)
    for (const k of keys)
      if (!SEQUENCE_KEY.test(k) || !Number.isSafeInteger(Number(k)))
        failAt(errors, c, k, r.right[k], "invalid_value", "expected a sequence number ≥ 1 as the key")
    if (keys.length > FINGERPRINTS_KEPT)
      failHere(errors, c, keys.length, "out_of_range", `expected at most ${FINGERPRINTS_KEPT} fingerprints`)
    return done(errors, () => r.right)
  },
  (x) => ({ ...x })
)

const FingerprintsCodec = recordOf(SequenceFingerprints, "Fingerprints")

/**
 * A replica's state as JSON: `{ replicaId, sequence, unsynced, applied, fingerprints }`
 * (`fingerprints` may be absent: nothing remembered, e.g. a replica written before it kept them).
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
      unknownKeys(errors, c, o.right, ["replicaId", "sequence", "unsynced", "applied", "fingerprints"], "a replica")
      const replicaId = field(nonEmptyString, o.right, "replicaId", c, errors)
      const sequence = field(Count, o.right, "sequence", c, errors)
      const unsynced = field(models, o.right, "unsynced", c, errors)
      const applied = field(AppliedCodec, o.right, "applied", c, errors)
      const fingerprints = optionalField(FingerprintsCodec, o.right, "fingerprints", c, errors) ?? {}
      return done<Replica<S>>(errors, () => ({
        replicaId: replicaId as string,
        sequence: sequence as number,
        unsynced: unsynced as Models.Models<S>,
        applied: applied as Readonly<Record<string, Sequences>>,
        fingerprints
      }))
    },
    (x) => ({
      replicaId: x.replicaId,
      sequence: x.sequence,
      unsynced: models.encode(x.unsynced),
      applied: AppliedCodec.encode(x.applied),
      fingerprints: FingerprintsCodec.encode(x.fingerprints)
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
