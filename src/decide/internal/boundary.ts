/**
 * Internal: what a decision's entry points admit (see `kernel/internal/decoded`). A catalog must
 * be one `Catalog.catalog` compiled (it has no JSON form to check); models must be a learner and
 * its states (`Models.empty`, `Models.decode`…); a request must be a decoded request, or an
 * object that `Request.decode` gives back unchanged.
 *
 * @internal
 * @since 0.1.0
 */
import type { Catalog } from "../../catalog/Catalog.js"
import { isDecoded, refuse, admit } from "../../kernel/internal/decoded.js"
import { isRecord } from "../../kernel/internal/codec.js"
import type { Models } from "../../learners/Models.js"
import { codec as RequestCodec, type Request } from "../Request.js"

const CATALOG = { argument: "catalog", type: "Catalog", decoder: "Catalog.catalog" } as const
const MODELS = { argument: "models", type: "Models", decoder: "Models.decode (or start with Models.empty)" } as const
const REQUEST = { argument: "request", type: "Request", decoder: "Request.decode" } as const

const kindOf = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "an array" : typeof u === "object" ? "an object" : `a ${typeof u}`

/** `catalog` if `Catalog.catalog` compiled it; throws a `TypeError` naming `Catalog.catalog` otherwise. */
export const admitCatalog = (api: string, catalog: unknown): Catalog => {
  if (isDecoded(catalog)) return catalog as Catalog
  const who = { api, ...CATALOG }
  if (!isRecord(catalog)) return refuse(who, `found ${kindOf(catalog)}`)
  if (catalog["_tag"] !== "Catalog")
    return refuse(
      who,
      Array.isArray(catalog["actions"])
        ? "found catalog JSON or a spec, not compiled"
        : `found an object with keys ${Object.keys(catalog).slice(0, 5).join(", ") || "none"}`
    )
  return refuse(who, "found a copy of a compiled catalog, or one built by hand: only Catalog.catalog builds one")
}

/** `models` if it has a learner and states by model key; throws a `TypeError` otherwise. */
export const admitModels = <S>(api: string, models: Models<S>): Models<S> => {
  const m: unknown = models
  if (isRecord(m) && isRecord(m["learner"]) && typeof m["learner"]["score"] === "function" && isRecord(m["states"]))
    return models
  const who = { api, ...MODELS }
  if (!isRecord(m)) return refuse(who, `found ${kindOf(m)}`)
  if (!isRecord(m["learner"]) || typeof m["learner"]["score"] !== "function")
    return refuse(
      who,
      typeof m["learner"] === "string"
        ? `found a snapshot of learner "${m["learner"]}" (JSON): no learner`
        : "found no learner (models.learner.score is not a function)"
    )
  return refuse(who, `models.states: expected an object of states by model key, found ${kindOf(m["states"])}`)
}

/** `request` if it is a decoded request or a valid one; throws a `TypeError` naming `Request.decode` otherwise. */
export const admitRequest = (api: string, request: Request): Request =>
  isDecoded(request) ? request : admit(RequestCodec, { api, ...REQUEST }, request)
