/**
 * One model shared by several actions (Vowpal Wabbit's ADF style) inside the pipeline: the actions
 * that name a `model` are scored by `<model>@<channel>` with their properties as `action.<name>`,
 * the decision record keeps what was scored, feedback teaches the shared state, and an action with
 * no response of its own gets a learned score through its properties.
 */
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  Action,
  Catalog,
  DecodeError,
  DecisionRecord,
  Event,
  Feedback,
  LinearBandit,
  Models,
  NaiveBayes,
  nextBestAction,
  Outcome,
  Random,
  Request,
  Routed
} from "../../src/index.js"
import { spyLearner } from "../arbitraries/learners.js"

const web = { channel: "web", direction: "inbound" }
const email = { channel: "email", direction: "outbound" }
const act = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  issue: "Sales",
  group: "Cards",
  channels: [web],
  ...extra
})
const catalogOf = (actions: ReadonlyArray<unknown>) => {
  const c = Catalog.catalog({ issues: [{ name: "Sales", groups: [{ name: "Cards" }] }], actions })
  if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
  return c.right
}
const problems = (actions: ReadonlyArray<unknown>) => {
  const c = Catalog.catalog({ issues: [{ name: "Sales", groups: [{ name: "Cards" }] }], actions })
  if (E.isRight(c)) throw new Error("expected problems")
  return c.left.problems.map((p) => [p.path, p.code])
}
const requestOf = (attributes: Record<string, unknown>, id = "d-1", limit = 10) => {
  const r = Request.decode({
    decisionId: id,
    subject: { id: "s", attributes },
    context: { now: 0, channel: "web", limit }
  })
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  return r.right
}

const gold = act("Gold", { channels: [web, email], model: "offers", properties: { kind: "card", tier: 2 } })
const loan = act("Loan", { model: "offers", properties: { kind: "loan", tier: 1, secured: true } })
const plain = act("Plain", { properties: { kind: "card" } })

describe("shared model: the catalog", () => {
  it("compiles the shared key <model>@<channel> and the action's attributes; other actions keep their own", () => {
    const c = catalogOf([plain, loan, gold])
    expect(c.actions.map((a) => [a.id, a.channels.map((ch) => ch.modelKey)])).toStrictEqual([
      ["Gold", ["offers@web", "offers@email"]],
      ["Loan", ["offers@web"]],
      ["Plain", ["Plain@web"]]
    ])
    expect(c.actions.map((a) => [a.model, a.attributes])).toStrictEqual([
      ["offers", { "action.kind": "card", "action.tier": 2 }],
      ["offers", { "action.kind": "loan", "action.tier": 1, "action.secured": true }],
      [undefined, undefined]
    ])
    // every action × channel keeps a number of its own (tables by model), shared key or not
    expect(c.actions.flatMap((a) => a.channels.map((ch) => ch.model))).toStrictEqual([0, 1, 2, 3])
    expect(c.modelCount).toBe(4)
  })
  it("a shared model without properties sees no attribute", () => {
    const c = catalogOf([act("A", { model: "m" })])
    expect(c.actions[0]?.channels[0]?.modelKey).toBe("m@web")
    expect(c.actions[0]?.attributes).toBeUndefined()
  })
  it("reports every problem of a model name with its path", () => {
    expect(
      problems([
        act("A", { model: "of@fers" }),
        act("B", { model: "" }),
        act("C", { model: 3 }),
        act("D", { model: "A" }),
        act("E", { model: "E" }),
        act("F", { model: "a\u0000b" })
      ])
    ).toStrictEqual([
      ["$.actions[0].model", "invalid_value"],
      ["$.actions[1].model", "invalid_value"],
      ["$.actions[2].model", "invalid_type"],
      ["$.actions[5].model", "invalid_value"],
      ["$.actions[3].model", "invalid_value"],
      ["$.actions[4].model", "invalid_value"]
    ])
  })
  it("round-trips `model` through the codec; Action.action refuses a model name with @", () => {
    const spec = { issues: [{ name: "Sales", groups: [{ name: "Cards" }] }], actions: [gold, loan, plain] }
    const decoded = Catalog.codec.decode(spec)
    expect(E.isRight(decoded) && Catalog.codec.encode(decoded.right)).toStrictEqual(spec)
    expect(() => Action.action("A", { issue: "Sales", group: "Cards", channels: [], model: "a@b" })).toThrow(
      /Action\.action: model "a@b" contains "@"/
    )
    expect(Action.action("A", { issue: "Sales", group: "Cards", channels: [], model: "offers" }).model).toBe("offers")
  })
  it("names the collision it refuses", () => {
    const c = Catalog.catalog({
      issues: [{ name: "Sales", groups: [{ name: "Cards" }] }],
      actions: [act("A"), act("B", { model: "A" })]
    })
    expect(E.isLeft(c) && DecodeError.render(c.left)).toBe(
      '1 problem:\n  $.actions[1].model [invalid_value] shared model "A" is named like an action: its model keys would be that action\'s own (found: "A")'
    )
  })
})

describe("shared model: the features scored and recorded", () => {
  // a learner that remembers what it scored, by model key, and reads every feature
  const { learner: spy, seen } = spyLearner()
  it("shared-model candidates see the request's features and their attributes, others the request's only", () => {
    seen.length = 0
    const states = { "offers@web": "offers@web", "Plain@web": "Plain@web" }
    const d = nextBestAction(catalogOf([gold, loan, plain]), Models.fromStates(spy, states), requestOf({ age: 30 }))
    expect(seen).toStrictEqual([
      ["offers@web", { "subject.age": 30, "action.kind": "card", "action.tier": 2 }],
      ["offers@web", { "subject.age": 30, "action.kind": "loan", "action.tier": 1, "action.secured": true }],
      ["Plain@web", { "subject.age": 30 }]
    ])
    expect(d.record.features).toStrictEqual({ "subject.age": 30 })
    const recorded = Object.fromEntries(d.record.actions.map((a) => [a.actionId, a]))
    expect(recorded["Gold"]).toMatchObject({ model: "offers", modelKey: "offers@web" })
    expect(recorded["Plain"]?.model).toBeUndefined()
    expect(recorded["Plain"]?.features).toBeUndefined()
    // what feedback learns from is exactly what was scored
    for (const a of d.record.actions) {
      const scored = seen.find(
        ([key, f]) => key === a.modelKey && f["action.kind"] === recorded[a.actionId]?.features?.["action.kind"]
      )
      expect(Feedback.featuresOf(d.record, a)).toStrictEqual(scored?.[1])
    }
    // the record round-trips through its codec, shared model included
    const decoded = DecisionRecord.codec.decode(DecisionRecord.codec.encode(d.record))
    expect(E.isRight(decoded) && decoded.right).toStrictEqual(d.record)
  })
})

describe("shared model: the control group", () => {
  it("draws one uniform per action, not one per shared key", () => {
    const models = Models.empty(LinearBandit.linUcb({ features: [] }))
    const request = { ...requestOf({ age: 30 }), options: { controlGroup: true } }
    const d = nextBestAction(catalogOf([gold, loan]), models, request)
    expect(d.controlGroup).toBe(true)
    const [x, y] = d.actions.map((a) => a.propensity)
    expect(x).not.toBe(y)
  })
})

describe("shared model: the record's codec", () => {
  const chosen = {
    actionId: "Gold",
    issue: "Sales",
    group: "Cards",
    channel: "web",
    model: "offers",
    modelKey: "offers@web",
    rank: 1,
    modelPropensity: 0.1,
    propensity: 0.1,
    selectionProbability: 1
  }
  const decode = (u: unknown) => DecisionRecord.ChosenActionCodec.decode(u)
  const paths = (u: unknown) => {
    const r = decode(u)
    return E.isLeft(r) ? DecodeError.fromValidationErrors(r.left).problems.map((p) => [p.path, p.code]) : []
  }
  it("accepts the shared key of the named model, and the action's own key only without a model", () => {
    expect(E.isRight(decode(chosen))).toBe(true)
    expect(paths({ ...chosen, modelKey: "Gold@web" })).toStrictEqual([["$.modelKey", "key_mismatch"]])
    const { model: _, ...own } = chosen
    expect(paths(own)).toStrictEqual([["$.modelKey", "key_mismatch"]])
    expect(paths({ ...chosen, model: "of@fers", modelKey: "of@fers@web" })).toStrictEqual([
      ["$.model", "invalid_value"]
    ])
  })
})

describe("shared model: feedback teaches the shared state, and other actions learn from it", () => {
  const learner = LinearBandit.linUcb({
    features: LinearBandit.adf(
      [LinearBandit.symbolic("subject.segment", ["young"])],
      [LinearBandit.symbolic("action.kind", ["loan"])]
    ),
    exploration: 0
  })
  const learn = Feedback.learn(Outcome.defaultLabels)
  const respond = <S>(
    models: Models.Models<S>,
    record: DecisionRecord.DecisionRecord,
    actionId: string,
    yes: boolean
  ) =>
    learn(
      models,
      Event.response(
        { eventId: `${record.decisionId}:${actionId}`, at: 1, actionId, channel: "web", decision: record },
        yes ? "accepted" : "rejected"
      )
    )
  const propensityOf = (d: ReturnType<typeof nextBestAction>, id: string): number =>
    d.actions.find((c) => c.actionId === id)?.modelPropensity ?? Number.NaN

  it("a response to Gold updates offers@web and changes Loan's score", () => {
    const c = catalogOf([gold, loan])
    const before = Models.empty(learner)
    const d0 = nextBestAction(c, before, requestOf({ segment: "young" }))
    const after = respond(before, d0.record, "Gold", true)
    expect(Object.keys(after.states)).toStrictEqual(["offers@web"])
    expect(Models.stateOf(after, "offers@web").responses).toBe(1)
    const d1 = nextBestAction(c, after, requestOf({ segment: "young" }))
    expect(propensityOf(d1, "Loan")).not.toBe(propensityOf(d0, "Loan"))
    expect(propensityOf(d1, "Gold")).toBeGreaterThan(propensityOf(d0, "Gold"))
  })

  // young subjects answer cards (30%) more than loans (5%), the others the other way round
  const truth = (segment: string, kind: string): number => ((segment === "young") === (kind === "card") ? 0.3 : 0.05)
  const train = <S>(catalog: Catalog.Catalog, start: Models.Models<S>, n: number): Models.Models<S> => {
    let models = start
    let rng = Random.fromSeed(7)
    for (let i = 0; i < n; i++) {
      const [u, r1] = Random.nextDouble(rng)
      const segment = u < 0.5 ? "young" : "old"
      const d = nextBestAction(catalog, models, requestOf({ segment }, `d-${i}`))
      rng = r1
      for (const a of d.record.actions) {
        const [v, r2] = Random.nextDouble(rng)
        rng = r2
        const kind = a.actionId === "Loan" ? "loan" : "card"
        models = respond(models, d.record, a.actionId, v < truth(segment, kind))
      }
    }
    return models
  }

  it("a new action with no response of its own gets a learned score through its properties", () => {
    const trained = train(catalogOf([gold, loan]), Models.empty(learner), 1500)
    const platinum = act("Platinum", { model: "offers", properties: { kind: "card", tier: 3 } })
    const c = catalogOf([gold, loan, platinum])
    for (const segment of ["young", "old"]) {
      const d = nextBestAction(c, trained, requestOf({ segment }))
      const p = propensityOf(d, "Platinum")
      expect(Math.abs(p - truth(segment, "card"))).toBeLessThan(0.04)
      expect(d.actions.find((x) => x.actionId === "Platinum")?.evidence).toBe(3000)
    }
    // with a model of its own it knows nothing: the ridge prior's 0.5 for everybody
    const own = catalogOf([gold, loan, act("Platinum", { properties: { kind: "card", tier: 3 } })])
    expect(propensityOf(nextBestAction(own, trained, requestOf({ segment: "old" })), "Platinum")).toBe(0.5)
  })

  it("with Routed: naive Bayes per action for some actions, one shared linear model for others", () => {
    const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.symbolic("subject.segment")] })
    const routed = Routed.routed({ default: nb, actions: { offers: learner } })
    const c = catalogOf([gold, loan, act("Plain", { properties: { kind: "card" } })])
    const trained = train(c, Models.empty(routed), 300)
    const states = trained.states
    expect(Object.keys(states).sort()).toStrictEqual(["Plain@web", "offers@web"])
    expect(states["offers@web"]?.route).toBe("offers")
    expect((states["offers@web"]?.state as LinearBandit.State).responses).toBe(600)
    expect(states["Plain@web"]?.route).toBeNull()
    const d = nextBestAction(c, trained, requestOf({ segment: "young" }))
    const recorded = Object.fromEntries(d.record.actions.map((a) => [a.actionId, a]))
    expect(recorded["Plain"]).toMatchObject({ modelKey: "Plain@web" })
    expect(recorded["Plain"]?.features).toBeUndefined()
    expect(recorded["Loan"]).toMatchObject({ model: "offers", modelKey: "offers@web" })
    expect(recorded["Loan"]?.features).toStrictEqual({ "action.kind": "loan" })
    // naive Bayes learned Plain's 300 responses in a model of its own, the linear model Gold's and Loan's 600
    const evidence = Object.fromEntries(d.actions.map((a) => [a.actionId, a.evidence]))
    expect(evidence).toStrictEqual({ Gold: 600, Loan: 600, Plain: 300 })
  })
})
