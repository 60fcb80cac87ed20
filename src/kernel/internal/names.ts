/**
 * Internal: the names composite keys are made of (action ids, channel names, issue and group
 * names) and the separator characters they may not contain, so that every key the library joins
 * from them is unambiguous:
 *
 * - a model key is `actionId@channel` (`Models.modelKey`): a channel name may not contain `@`, so
 *   the key splits at its last `@` and is injective (an action id may contain `@`: "Gold@web" on
 *   "app" is the model "Gold@web@app", and "Gold" on "web@app" is refused);
 * - a shared model's key is `model@channel` (`Action.model`): a model name may contain neither `@`
 *   nor U+0000, and the catalog refuses a model named like one of its actions, so that a shared
 *   key never equals an action's own key;
 * - internal keys (issue × group, capacities by action, channel, issue and group, shared policies)
 *   join their parts with U+0000 (NUL), which no name may contain.
 *
 * Decoders refuse such a name with `invalid_value`; the typed constructors with a `TypeError`.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts/lib/index.js"
import { failure } from "../DecodeError.js"
import { nonEmptyString } from "./codec.js"
import { misuse } from "./misuse.js"

/** Separates action id and channel in a model key. */
export const MODEL_KEY_SEPARATOR = "@"

/** Separates the parts of the library's internal keys (issue × group, capacities, shared policies). */
export const KEY_SEPARATOR = "\u0000"

/** What a name names. */
export type NameKind = "action id" | "channel" | "issue" | "group" | "model"

const nulUse: Record<NameKind, string> = {
  "action id": "the keys by action, channel, issue and group (capacities)",
  channel: "the keys by action, channel, issue and group (capacities)",
  issue: "the group keys (issue, group)",
  group: "the group keys (issue, group)",
  model: "the library's keys"
}

/** Why `name` may not be a name of this kind, or undefined when it may. */
export const nameProblem = (kind: NameKind, name: string): string | undefined => {
  if (name.includes(KEY_SEPARATOR))
    return `${kind} ${JSON.stringify(name)} contains U+0000 (NUL), the separator of ${nulUse[kind]}, which it would make ambiguous`
  if (kind === "channel" && name.includes(MODEL_KEY_SEPARATOR))
    return `channel ${JSON.stringify(name)} contains "@", the separator of model keys (actionId@channel), which it would make ambiguous`
  if (kind === "model" && name.includes(MODEL_KEY_SEPARATOR))
    return `model ${JSON.stringify(name)} contains "@", the separator of model keys (model@channel), which it would make ambiguous`
  return undefined
}

/** A non-empty string that is a valid name of this kind (`invalid_value` otherwise). */
export const nameCodec = (kind: NameKind): t.Type<string, unknown, unknown> =>
  new t.Type<string, unknown, unknown>(
    kind,
    (u): u is string => typeof u === "string" && u.length > 0 && nameProblem(kind, u) === undefined,
    (u, c) => {
      const s = nonEmptyString.validate(u, c)
      if (E.isLeft(s)) return s
      const problem = nameProblem(kind, s.right)
      return problem === undefined ? s : failure(u, c, "invalid_value", problem)
    },
    (a) => a
  )

/** Action ids, as JSON. */
export const actionIdCodec = nameCodec("action id")
/** Channel names, as JSON. */
export const channelCodec = nameCodec("channel")
/** Issue names, as JSON. */
export const issueCodec = nameCodec("issue")
/** Group names, as JSON. */
export const groupCodec = nameCodec("group")
/** Shared model names (`Action.model`), as JSON. */
export const modelCodec = nameCodec("model")

/** Throws `TypeError("api: …")` when `name` may not be a name of this kind. */
export const checkName = (api: string, kind: NameKind, name: string): void => {
  if (typeof name !== "string") return
  const problem = nameProblem(kind, name)
  if (problem !== undefined) misuse(api, problem)
}
