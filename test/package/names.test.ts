/**
 * The naming convention as a user meets it: a concept's namespace and its main type share one
 * name, so both `Catalog.decode(…)`-style calls and `const c: Catalog` work from one import. The
 * type-level assertions are checked by `npm run typecheck` (tsc reads test/), the run-time ones by
 * vitest.
 */
import { describe, expect, expectTypeOf, it } from "vitest"
import {
  Catalog,
  catalog,
  Decision,
  DecodeError,
  Event,
  Feedback,
  Learner,
  Models,
  nextBestAction,
  Request,
  Rule,
  ThompsonSampling,
  thompsonSampling
} from "../../src/index.js"
import type * as CatalogModule from "../../src/catalog/Catalog.js"
import type * as DecisionModule from "../../src/decide/Decision.js"
import type * as ModelsModule from "../../src/learners/Models.js"
import type * as RequestModule from "../../src/decide/Request.js"

describe("a namespace and its main type under one name", () => {
  it("names the main types the way a user guesses them", () => {
    expectTypeOf<Catalog>().toEqualTypeOf<CatalogModule.Catalog>()
    expectTypeOf<Decision>().toEqualTypeOf<DecisionModule.Decision>()
    expectTypeOf<Models<ThompsonSampling.State>>().toEqualTypeOf<ModelsModule.Models<ThompsonSampling.State>>()
    expectTypeOf<Request>().toEqualTypeOf<RequestModule.Request>()
    expectTypeOf<Learner<ThompsonSampling.State>>().toMatchTypeOf<ThompsonSampling>()
    expectTypeOf<Feedback<ThompsonSampling.State>>().toHaveProperty("models")
    expectTypeOf<Event>().toEqualTypeOf<Event.Event>()
    expectTypeOf<DecodeError>().toHaveProperty("problems")
    expectTypeOf<Rule>().toEqualTypeOf<Rule.Rule>()
  })

  it("the same names are the namespaces, and the flat entry points are their members", () => {
    expect(Catalog.catalog).toBe(catalog)
    expect(ThompsonSampling.thompsonSampling).toBe(thompsonSampling)
    expect(typeof Request.decode).toBe("function")
    expect(typeof Decision.render).toBe("function")
    expect(typeof DecodeError.render).toBe("function")
    expect(typeof nextBestAction).toBe("function")
    const models: Models<ThompsonSampling.State> = Models.empty(thompsonSampling())
    expect(models.learner.name).toBeTypeOf("string")
  })
})
