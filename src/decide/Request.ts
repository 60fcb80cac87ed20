/**
 * A decision request: who (the subject: id, attributes, interaction history), where and when (the
 * context: channel or channels, or placements, direction, `now`, attributes, how many actions),
 * the seed or decision id every random draw derives from, and options.
 *
 * What the request shows the rules and the models:
 * - Facts (for rules and value expressions): `{ subject: <subject attributes>, context: <context
 *   attributes> }`, evaluated at the request's `now`; with journeys in the catalog, the decision
 *   adds `journey: { <name>: { stage, daysToEvent? } }` (see `Journey`).
 * - Features (for the models, and recorded in the decision record): a flat record of the
 *   primitive attributes (string, finite number, boolean, null), `"subject.<name>"` and
 *   `"context.<name>"`; nested objects and arrays are not features. With journeys in the catalog,
 *   the decision adds `"journey.<name>.stage"` and `"journey.<name>.daysToEvent"`.
 *
 * `decode` reports every problem with its path; a decoded request never makes
 * `nextBestAction` throw.
 *
 * Laws: the codec round-trips (`decode(encode(r))` is `r`); `features` and `facts` are pure
 * functions of the request.
 *
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { FactorsCodec, type Factors } from "../arbitration/Priority.js"
import type { Direction } from "../kernel/Direction.js"
import {
  decodeError,
  decodeWith,
  failure,
  pathOf,
  problem,
  type DecodeError,
  type Problem
} from "../kernel/DecodeError.js"
import type { Facts } from "../kernel/internal/Facts.js"
import { channelCodec } from "../kernel/internal/names.js"
import { mark } from "../kernel/internal/decoded.js"
import { InteractionCodec, MAX_INTERACTIONS, type History } from "../history/History.js"
import type { Instant } from "../kernel/Time.js"
import { decisionTime } from "../kernel/internal/plausible.js"
import type { Features, FeatureValue } from "../learners/Learner.js"
import type * as SelectionPolicy from "../learners/SelectionPolicy.js"
import { SelectionCodec, type Catalog } from "../catalog/Catalog.js"
import { attributesChecker, type Root } from "../catalog/DataModel.js"
import { didYouMean } from "../kernel/internal/suggest.js"
import { codec as HistoryFeaturesCodec, type HistoryFeatures } from "../history/HistoryFeatures.js"
import {
  array,
  arrayAtMost,
  boolean,
  collect,
  failAt,
  integerIn,
  isRecord,
  nonEmptyString,
  oneOf,
  pushErrors,
  recordOf,
  struct,
  type Codec
} from "../kernel/internal/codec.js"

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Attribute values by name (JSON values; numbers finite).
 *
 * @category model
 * @since 0.1.0
 */
export type Attributes = Readonly<Record<string, unknown>>

/**
 * The customer the decision is for.
 *
 * @category model
 * @since 0.1.0
 */
export interface Subject {
  readonly id: string
  readonly attributes?: Attributes
  readonly history?: History
  /**
   * the subject's stage in some of the catalog's journeys, by journey name, as the caller knows
   * it; the decision compares it with the stage derived from the history and reports a
   * disagreement (`Decision.JourneyStage`)
   */
  readonly journeys?: Readonly<Record<string, string>>
}

/**
 * One placement of an inbound page or app screen (e.g. `hero`, `sidebar`): a slot on a channel
 * with room for `size` actions (default 1).
 *
 * @category model
 * @since 0.1.0
 */
export interface Placement {
  readonly name: string
  /** default: the context's channel */
  readonly channel?: string
  readonly size?: number
}

/**
 * Where and when the decision is made.
 *
 * @category model
 * @since 0.1.0
 */
export interface Context {
  /**
   * the decision time; from JSON, epoch milliseconds or ISO 8601 text — a number in [1e9, 1e11)
   * (January 1970 – March 1973 in ms) is refused as `looks_like_seconds`
   */
  readonly now: Instant
  /** one channel (inbound, usually) */
  readonly channel?: string
  /** several channels (outbound orchestration): candidates are action × channel */
  readonly channels?: ReadonlyArray<string>
  /** only the actions' channels of this direction are considered */
  readonly direction?: Direction
  readonly attributes?: Attributes
  /** how many actions per channel (default 1); ignored with placements */
  readonly limit?: number
  /** several placements, filled in order */
  readonly placements?: ReadonlyArray<Placement>
}

/**
 * How much of the decision's trace to keep: `full` (every excluded action with its stage, reason
 * and the rule's verdict tree), `reasons` (stage and reason, without the verdict tree and the
 * "why not" text), `none` (no list of excluded actions; the funnel counts remain).
 *
 * @category model
 * @since 0.1.0
 */
export type TraceLevel = "full" | "reasons" | "none"

/**
 * Per-request options; each overrides the catalog's setting of the same name.
 *
 * @category model
 * @since 0.1.0
 */
export interface Options {
  readonly trace?: TraceLevel
  /** keep attribute values out of the trace (the reasons stay) */
  readonly redact?: boolean
  readonly factors?: Partial<Factors>
  /** false: starting propensities only */
  readonly analytics?: boolean
  readonly selection?: SelectionPolicy.SelectionPolicy
  readonly channelsPerAction?: number
  readonly maxPerGroup?: number
  /**
   * Monte Carlo re-draws for the selection probabilities that have no exact method (default 0:
   * not estimated, NaN; at most `MAX_SELECTION_DRAWS`)
   */
  readonly selectionDraws?: number
  /**
   * false: do not integrate the selection probability of the first place of a one-slot Thompson
   * decision either (NaN, like the other unestimated ones); saves its cost — from microseconds to a
   * few milliseconds with a hundred overlapping rivals — where no off-policy evaluation reads the
   * records (default true)
   */
  readonly selectionQuadrature?: boolean
  /** force the subject into (true) or out of (false) the random control group */
  readonly controlGroup?: boolean
  /** history-derived features for the models, instead of the catalog's (`false`: none) */
  readonly historyFeatures?: HistoryFeatures | false
}

/**
 * A decision request. At least one of `decisionId` and `seed` is given: randomness derives from
 * `seed` when present, else from `decisionId`; the decision id defaults to `seed-<seed>`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Request {
  readonly decisionId?: string
  readonly seed?: number | string
  readonly subject: Subject
  readonly context: Context
  readonly options?: Options
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const EMPTY: Attributes = {}

/**
 * The facts rules and value expressions see: `{ subject, context }`, the two attribute records.
 *
 * @category operations
 * @since 0.1.0
 */
export const facts = (request: Request): Facts => ({
  subject: request.subject.attributes ?? EMPTY,
  context: request.context.attributes ?? EMPTY
})

const isFeature = (v: unknown): v is FeatureValue =>
  v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))

/**
 * The features the models see: `subject.<name>` and `context.<name>` for every primitive
 * attribute.
 *
 * @example
 * import { Request } from "nextbest"
 * import * as assert from "node:assert"
 * const request = {
 *   decisionId: "d1",
 *   subject: { id: "c1", attributes: { age: 34, address: { city: "Utrecht" } } },
 *   context: { now: 0, channel: "web", attributes: { device: "mobile" } }
 * }
 * assert.deepStrictEqual(Request.features(request), { "subject.age": 34, "context.device": "mobile" })
 *
 * @category operations
 * @since 0.1.0
 */
export const features = (request: Request): Features => {
  const out: Record<string, FeatureValue> = {}
  const add = (prefix: string, attributes: Attributes | undefined): void => {
    if (attributes === undefined) return
    for (const key of Object.keys(attributes)) {
      const v = attributes[key]
      // the key always has a prefix, so it can never be "__proto__": plain assignment is safe
      if (isFeature(v)) out[`${prefix}.${key}`] = v
    }
  }
  add("subject", request.subject.attributes)
  add("context", request.context.attributes)
  return out
}

/**
 * The decision id of a request.
 *
 * @category operations
 * @since 0.1.0
 */
export const decisionIdOf = (request: Request): string => request.decisionId ?? `seed-${String(request.seed)}`

/**
 * The channels a request asks for, in order, without repeats (from placements, `channels` and
 * `channel`).
 *
 * @category operations
 * @since 0.1.0
 */
export const channelsOf = (request: Request): ReadonlyArray<string> => {
  const c = request.context
  const out: Array<string> = []
  const seen = new Set<string>()
  const add = (x: string | undefined): void => {
    if (x !== undefined && !seen.has(x)) {
      seen.add(x)
      out.push(x)
    }
  }
  if (c.placements !== undefined) for (const p of c.placements) add(p.channel ?? c.channel ?? c.channels?.[0])
  else {
    add(c.channel)
    for (const x of c.channels ?? []) add(x)
  }
  return out
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const MAX_ATTRIBUTE_DEPTH = 16

const checkJson = (u: unknown, c: t.Context, depth: number, errors: Array<t.ValidationError>): void => {
  if (u === null || typeof u === "string" || typeof u === "boolean") return
  if (typeof u === "number") {
    if (!Number.isFinite(u)) {
      const r = failure<never>(u, c, "non_finite", "expected a finite number")
      if (r._tag === "Left") pushErrors(errors, r.left)
    }
    return
  }
  if (typeof u !== "object") {
    const r = failure<never>(u, c, "invalid_type", "expected a JSON value")
    if (r._tag === "Left") pushErrors(errors, r.left)
    return
  }
  if (depth >= MAX_ATTRIBUTE_DEPTH) {
    const r = failure<never>(u, c, "too_deep", `attributes nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`)
    if (r._tag === "Left") pushErrors(errors, r.left)
    return
  }
  if (Array.isArray(u)) {
    u.forEach((x: unknown, i) => checkJson(x, t.appendContext(c, String(i), t.unknown, x), depth + 1, errors))
    return
  }
  for (const key of Object.keys(u)) {
    const x = (u as Record<string, unknown>)[key]
    checkJson(x, t.appendContext(c, key, t.unknown, x), depth + 1, errors)
  }
}

/**
 * Attributes as JSON: an object of JSON values (finite numbers, at most 16 levels deep).
 *
 * @category codecs
 * @since 0.1.0
 */
export const AttributesCodec: Codec<Attributes> = new t.Type<Attributes, unknown, unknown>(
  "attributes",
  isRecord,
  (u, c) => {
    if (!isRecord(u))
      return u === undefined
        ? failure(u, c, "required", "required: expected an attributes object")
        : failure(u, c, "invalid_type", "expected an attributes object")
    const errors: Array<t.ValidationError> = []
    for (const key of Object.keys(u)) checkJson(u[key], t.appendContext(c, key, t.unknown, u[key]), 1, errors)
    return errors.length > 0 ? t.failures(errors) : t.success(u)
  },
  (a) => a
)

const SubjectCodec: Codec<Subject> = struct(
  "subject",
  { id: nonEmptyString },
  {
    attributes: AttributesCodec,
    history: arrayAtMost(InteractionCodec, MAX_INTERACTIONS, "interactions"),
    journeys: recordOf(nonEmptyString, "journey stages")
  }
)

const PlacementCodec: Codec<Placement> = struct(
  "placement",
  { name: nonEmptyString },
  { channel: channelCodec, size: integerIn(1, 1000, "size") }
)

const ContextStruct = struct(
  "context",
  { now: decisionTime },
  {
    channel: channelCodec,
    channels: array(channelCodec),
    direction: oneOf(["inbound", "outbound"] as const, "direction"),
    attributes: AttributesCodec,
    limit: integerIn(1, 1000, "limit"),
    placements: array(PlacementCodec)
  }
)

const ContextCodec: Codec<Context> = new t.Type<Context, unknown, unknown>(
  "context",
  (u): u is Context => isRecord(u),
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const ctx = collect(ContextStruct.validate(u, c), errors)
    if (ctx !== undefined) {
      const hasChannel = ctx.channel !== undefined || (ctx.channels !== undefined && ctx.channels.length > 0)
      if (ctx.placements === undefined && !hasChannel)
        failAt(errors, c, "channel", undefined, "required", "required: a channel, channels or placements")
      ctx.placements?.forEach((p, i) => {
        if (p.channel === undefined && !hasChannel) {
          const pc = t.appendContext(
            t.appendContext(c, "placements", t.unknown, ctx.placements),
            String(i),
            t.unknown,
            p
          )
          failAt(
            errors,
            pc,
            "channel",
            undefined,
            "required",
            "required: the placement's channel (or a channel in the context)"
          )
        }
      })
      const names = new Set<string>()
      ctx.placements?.forEach((p, i) => {
        if (names.has(p.name)) {
          const pc = t.appendContext(
            t.appendContext(c, "placements", t.unknown, ctx.placements),
            String(i),
            t.unknown,
            p
          )
          failAt(errors, pc, "name", p.name, "duplicate_id", `duplicate placement "${p.name}"`)
        }
        names.add(p.name)
      })
    }
    return errors.length > 0 || ctx === undefined ? t.failures(errors) : t.success(ctx)
  },
  (a) => ContextStruct.encode(a)
)

const HistoryFeaturesOption: Codec<HistoryFeatures | false> = new t.Type<HistoryFeatures | false, unknown, unknown>(
  "history features or false",
  (u): u is HistoryFeatures | false => u === false || HistoryFeaturesCodec.is(u),
  (u, c) =>
    u === false
      ? t.success(false)
      : u === true
        ? failure(u, c, "invalid_value", "expected history features { outcomes, windowsDays, scopes? } or false")
        : HistoryFeaturesCodec.validate(u, c),
  (a) => (a === false ? false : HistoryFeaturesCodec.encode(a))
)

/**
 * The most Monte Carlo re-draws a request may ask for (`options.selectionDraws`): 10,000, about
 * 500 times the work of a decision without them; more is a decoding problem (`out_of_range`).
 *
 * @category model
 * @since 0.1.0
 */
export const MAX_SELECTION_DRAWS = 10_000

const OptionsCodec: Codec<Options> = struct(
  "options",
  {},
  {
    trace: oneOf(["full", "reasons", "none"] as const, "trace"),
    redact: boolean,
    factors: FactorsCodec,
    analytics: boolean,
    selection: SelectionCodec,
    channelsPerAction: integerIn(1, 1000, "channelsPerAction"),
    maxPerGroup: integerIn(1, 1_000_000, "maxPerGroup"),
    selectionDraws: integerIn(0, MAX_SELECTION_DRAWS, "selectionDraws"),
    selectionQuadrature: boolean,
    controlGroup: boolean,
    historyFeatures: HistoryFeaturesOption
  }
)

const SeedCodec: Codec<number | string> = new t.Type<number | string, unknown, unknown>(
  "seed",
  (u): u is number | string => typeof u === "string" || (typeof u === "number" && Number.isFinite(u)),
  (u, c) => {
    if (typeof u === "string") return t.success(u)
    if (typeof u === "number")
      return Number.isFinite(u) ? t.success(u) : failure(u, c, "non_finite", "expected a finite number")
    return failure(u, c, "invalid_type", "expected a seed: a number or a string")
  },
  (a) => a
)

const RequestStruct = struct(
  "request",
  { subject: SubjectCodec, context: ContextCodec },
  { decisionId: nonEmptyString, seed: SeedCodec, options: OptionsCodec }
)

/**
 * A request as JSON (see `Request`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const codec: Codec<Request> = new t.Type<Request, unknown, unknown>(
  "request",
  (u): u is Request => isRecord(u),
  (u, c) => {
    const errors: Array<t.ValidationError> = []
    const request = collect(RequestStruct.validate(u, c), errors)
    if (isRecord(u) && u["decisionId"] === undefined && u["seed"] === undefined) {
      failAt(errors, c, "decisionId", undefined, "required", "required: a decisionId or a seed")
    }
    return errors.length > 0 || request === undefined ? t.failures(errors) : t.success(mark(request))
  },
  (a) => RequestStruct.encode(a)
)

/**
 * Decodes a request, reporting every problem with its path.
 *
 * @example
 * import { DecodeError, Request } from "nextbest"
 * import * as assert from "node:assert"
 * const result = Request.decode({
 *   subject: { id: "c1", attributes: { age: "x" } },
 *   context: { now: "yesterday", channel: "web" }
 * })
 * assert.ok(result._tag === "Left")
 * assert.deepStrictEqual(
 *   result.left.problems.map((p) => `${p.path} ${p.code}`),
 *   ["$.context.now invalid_value", "$.decisionId required"]
 * )
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode: (u: unknown) => E.Either<DecodeError, Request> = decodeWith(codec)

/**
 * Decodes a request for one catalog: every problem `decode` reports, and also those of the
 * request against the catalog — a channel (`context.channel`, `context.channels[i]`,
 * `context.placements[i].channel`) that no action of the catalog offers is `unknown_reference`
 * ("did you mean" for a miscased or mistyped one); and when the catalog declares a data model
 * (`Catalog.Spec.dataModel`), the subject's and the context's attributes are checked against it
 * (`required`, `type_mismatch`, `invalid_value`, `unknown_key`; see `DataModel.checkAttributes`).
 *
 * @example
 * import { Catalog, Request } from "nextbest"
 * import * as assert from "node:assert"
 * const catalog = Catalog.catalog({
 *   issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
 *   actions: [{ id: "Gold", issue: "Sales", group: "Cards", channels: [{ channel: "web", direction: "inbound" }] }],
 *   dataModel: { subject: { age: { type: "integer", required: true } } }
 * })
 * assert.ok(catalog._tag === "Right")
 * const result = Request.decodeFor(catalog.right)({
 *   seed: 1,
 *   subject: { id: "c1", attributes: { age: "34" } },
 *   context: { now: "2024-05-15T10:00:00Z", channel: "Web" }
 * })
 * assert.ok(result._tag === "Left")
 * assert.deepStrictEqual(
 *   result.left.problems.map((p) => `${p.path} ${p.code}: ${p.message}`),
 *   [
 *     "$.subject.attributes.age type_mismatch: expected an integer",
 *     '$.context.channel unknown_reference: no action offers channel "Web": did you mean "web"?'
 *   ]
 * )
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeFor = (catalog: Catalog): ((u: unknown) => E.Either<DecodeError, Request>) => {
  const model = catalog.spec.dataModel
  const channels = new Set<string>()
  for (const a of catalog.actions) for (const ch of a.channels) channels.add(ch.channel)
  const known = [...channels].sort()
  const journeys = new Map(catalog.journeys.map((j) => [j.journey.name, j.names]))
  const checkers =
    model === undefined
      ? undefined
      : { subject: attributesChecker(model, "subject"), context: attributesChecker(model, "context") }
  return (u) => {
    const decoded = decode(u)
    const extra: Array<Problem> = []
    if (isRecord(u)) {
      const subject = u["subject"]
      const context = u["context"]
      if (checkers !== undefined) {
        const attributes = (root: Root, holder: unknown): void => {
          const given = isRecord(holder) ? holder["attributes"] : undefined
          if (given !== undefined && !isRecord(given)) return
          for (const f of checkers[root](given))
            extra.push(problem(pathOf([root, "attributes", ...f.keys]), f.code, f.message, f.found))
        }
        if (isRecord(subject)) attributes("subject", subject)
        if (isRecord(context)) attributes("context", context)
      }
      const given = isRecord(subject) ? subject["journeys"] : undefined
      if (isRecord(given))
        for (const name of Object.keys(given)) {
          const stage = given[name]
          const j = journeys.get(name)
          if (j === undefined)
            extra.push(
              problem(
                pathOf(["subject", "journeys", name]),
                "unknown_reference",
                `no journey ${JSON.stringify(name)}${didYouMean(name, [...journeys.keys()].sort())}`,
                name
              )
            )
          else if (typeof stage === "string" && stage.length > 0 && !j.includes(stage))
            extra.push(
              problem(
                pathOf(["subject", "journeys", name]),
                "unknown_reference",
                `no stage ${JSON.stringify(stage)} in journey ${JSON.stringify(name)}${didYouMean(stage, j)}`,
                stage
              )
            )
        }
      if (isRecord(context)) {
        const channel = (keys: ReadonlyArray<string | number>, x: unknown): void => {
          if (typeof x !== "string" || x.length === 0 || channels.has(x)) return
          extra.push(
            problem(
              pathOf(["context", ...keys]),
              "unknown_reference",
              `no action offers channel ${JSON.stringify(x)}${didYouMean(x, known)}`,
              x
            )
          )
        }
        channel(["channel"], context["channel"])
        const list = context["channels"]
        if (Array.isArray(list)) list.forEach((x: unknown, i) => channel(["channels", i], x))
        const placements = context["placements"]
        if (Array.isArray(placements))
          placements.forEach((p: unknown, i) => {
            if (isRecord(p)) channel(["placements", i, "channel"], p["channel"])
          })
      }
    }
    if (extra.length === 0) return decoded
    return E.isLeft(decoded)
      ? E.left(decodeError([...decoded.left.problems, ...extra], decoded.left.omitted))
      : E.left(decodeError(extra))
  }
}
