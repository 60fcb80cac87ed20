/**
 * The JSON inputs of the tool — catalog, run settings, models snapshot — read and decoded with the
 * library's codecs; every problem is reported with its file and its path.
 */
import { readFileSync } from "node:fs"
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import {
  Capacity,
  Catalog,
  DecodeError,
  Models,
  NaiveBayes,
  type OutboundRun,
  Request,
  ThompsonSampling,
  Time,
  type Learner
} from "nextbest"

/** A failure to read or decode an input file: the file and one line per problem. */
export interface InputError {
  readonly file: string
  readonly problems: ReadonlyArray<string>
}

export const renderInputError = (e: InputError): string => e.problems.map((p) => `${e.file}: ${p}`).join("\n")

const problemsOf = (error: DecodeError.DecodeError): ReadonlyArray<string> =>
  DecodeError.render(error)
    .split("\n")
    .slice(1)
    .map((line) => line.trim())

/** Reads a JSON file: a missing file or invalid JSON is an `InputError`. */
export const readJson = (file: string): E.Either<InputError, unknown> => {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (e) {
    const code = (e as { code?: string }).code
    return E.left({ file, problems: [code === "ENOENT" ? "no such file" : `cannot read: ${String(e)}`] })
  }
  try {
    return E.right(JSON.parse(text) as unknown)
  } catch (e) {
    return E.left({ file, problems: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] })
  }
}

// -------------------------------------------------------------------------------------
// the run settings
// -------------------------------------------------------------------------------------

/** The learner of the models: its name and configuration (a snapshot holds states only). */
export type LearnerSpec =
  | { readonly kind: "thompsonSampling" }
  | {
      readonly kind: "naiveBayes"
      readonly predictors: ReadonlyArray<{ readonly name: string; readonly type: "numeric" | "symbolic" }>
      readonly exploration?: "thompson" | "none"
    }

/** What the settings file holds. */
export interface RunFile {
  readonly runId: string
  readonly now: number
  readonly channels: ReadonlyArray<string>
  readonly perSubject?: number
  readonly capacities: ReadonlyArray<Capacity.Capacity>
  readonly learner: LearnerSpec
  /** when the messages go out: the `at` of the sent events (default: `now`) */
  readonly sentAt?: number
  /** context attributes of every request */
  readonly attributes?: Request.Attributes
}

const NonEmpty = t.refinement(t.string, (s) => s.length > 0, "non-empty string")
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, "whole number >= 1")
const LearnerCodec = t.union([
  t.type({ kind: t.literal("thompsonSampling") }),
  t.intersection([
    t.type({
      kind: t.literal("naiveBayes"),
      predictors: t.array(t.type({ name: NonEmpty, type: t.keyof({ numeric: null, symbolic: null }) }))
    }),
    t.partial({ exploration: t.keyof({ thompson: null, none: null }) })
  ])
])
const RunCodec = t.intersection([
  t.type({
    runId: NonEmpty,
    now: Time.InstantCodec,
    channels: t.array(NonEmpty),
    capacities: Capacity.CapacitiesCodec,
    learner: LearnerCodec
  }),
  t.partial({ perSubject: PositiveInt, sentAt: Time.InstantCodec, attributes: Request.AttributesCodec })
])
const RUN_KEYS = ["runId", "now", "channels", "perSubject", "capacities", "learner", "sentAt", "attributes"]
const LEARNER_KEYS = ["kind", "predictors", "exploration"]

const unknownKeys = (u: unknown, allowed: ReadonlyArray<string>, path: string): Array<DecodeError.Problem> => {
  if (typeof u !== "object" || u === null || Array.isArray(u)) return []
  return Object.keys(u)
    .filter((k) => !allowed.includes(k))
    .map((k) =>
      DecodeError.problem(
        DecodeError.atKey(path, k),
        "unknown_key",
        `unknown key; expected one of ${allowed.join(", ")}`,
        (u as Record<string, unknown>)[k]
      )
    )
}

/** Decodes the settings file's JSON, reporting every problem with its path. */
export const decodeRun = (u: unknown): E.Either<DecodeError.DecodeError, RunFile> => {
  const decoded = RunCodec.decode(u)
  const extra = [
    ...unknownKeys(u, RUN_KEYS, "$"),
    ...unknownKeys((u as { learner?: unknown } | null)?.learner, LEARNER_KEYS, "$.learner")
  ]
  if (E.isRight(decoded) && extra.length === 0) return E.right(decoded.right as RunFile)
  const problems = E.isLeft(decoded) ? DecodeError.fromValidationErrors(decoded.left).problems : []
  return E.left(DecodeError.decodeError([...problems, ...extra]))
}

/** The learner a spec names. */
export const learnerOf = (spec: LearnerSpec): Learner.Learner<unknown> =>
  (spec.kind === "thompsonSampling"
    ? ThompsonSampling.thompsonSampling()
    : NaiveBayes.naiveBayes({
        predictors: spec.predictors.map((p) =>
          p.type === "numeric" ? NaiveBayes.numeric(p.name) : NaiveBayes.symbolic(p.name)
        ),
        ...(spec.exploration === undefined ? {} : { exploration: spec.exploration })
      })) as Learner.Learner<unknown>

// -------------------------------------------------------------------------------------
// everything
// -------------------------------------------------------------------------------------

export interface Inputs {
  readonly catalog: Catalog.Catalog
  readonly run: RunFile
  readonly settings: OutboundRun.RunSettings
  readonly models: Models.Models<unknown>
}

/** Reads and decodes the three JSON inputs; every file's problems are reported, not only the first. */
export const load = (files: {
  readonly catalog: string
  readonly settings: string
  readonly models: string | undefined
}): E.Either<ReadonlyArray<InputError>, Inputs> => {
  const errors: Array<InputError> = []
  const decodeFile = <A>(file: string, decode: (u: unknown) => E.Either<DecodeError.DecodeError, A>): A | undefined => {
    const json = readJson(file)
    if (E.isLeft(json)) {
      errors.push(json.left)
      return undefined
    }
    const decoded = decode(json.right)
    if (E.isLeft(decoded)) {
      errors.push({ file, problems: problemsOf(decoded.left) })
      return undefined
    }
    return decoded.right
  }
  const catalog = decodeFile(files.catalog, Catalog.catalog)
  const run = decodeFile(files.settings, decodeRun)
  let models: Models.Models<unknown> | undefined
  if (run !== undefined) {
    const learner = learnerOf(run.learner)
    models =
      files.models === undefined ? Models.empty(learner) : decodeFile(files.models, (u) => Models.decode(learner, u))
  }
  if (catalog !== undefined && run !== undefined) {
    // the run's channels must be channels the catalog's actions offer (the library's request check)
    const probe = Request.decodeFor(catalog)({
      decisionId: "probe",
      subject: { id: "probe" },
      context: { now: run.now, channels: run.channels, direction: "outbound" }
    })
    const channels = E.isLeft(probe)
      ? problemsOf(DecodeError.decodeError(probe.left.problems.filter((p) => p.path.startsWith("$.context.channels"))))
      : []
    if (channels.length > 0)
      errors.push({
        file: files.settings,
        problems: channels.map((p) => p.replace("$.context.channels", "$.channels"))
      })
  }
  if (errors.length > 0 || catalog === undefined || run === undefined || models === undefined) return E.left(errors)
  const settings: OutboundRun.RunSettings = {
    runId: run.runId,
    now: run.now,
    channels: run.channels,
    capacities: run.capacities,
    ...(run.perSubject === undefined ? {} : { perSubject: run.perSubject }),
    ...(run.attributes === undefined ? {} : { attributes: run.attributes })
  }
  return E.right({ catalog, run, settings, models })
}
