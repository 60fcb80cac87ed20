import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  Catalog,
  DecodeError,
  Event,
  ExternalScore,
  Feedback,
  Models,
  nextBestAction,
  Outcome,
  Population,
  Routed,
  Simulation,
  ThompsonSampling
} from "../../src/index.js"
import type { Catalog as CompiledCatalog } from "../../src/catalog/Catalog.js"
import type { Observation } from "../../src/learners/Learner.js"

const now = Date.UTC(2024, 4, 15)
const catalog = ((): CompiledCatalog => {
  const r = Catalog.catalog({
    issues: [{ name: "Sales", groups: [{ name: "Cards" }, { name: "Loans" }] }],
    actions: [
      {
        id: "GoldCard",
        issue: "Sales",
        group: "Cards",
        value: 100,
        channels: [{ channel: "web", direction: "inbound" }]
      },
      {
        id: "CarLoan",
        issue: "Sales",
        group: "Loans",
        value: 100,
        channels: [{ channel: "web", direction: "inbound" }]
      }
    ]
  })
  if (E.isLeft(r)) throw new Error(DecodeError.render(r.left))
  return r.right
})()

const external = ExternalScore.externalScore({ fact: "subject.goldScore" })
const thompson = ThompsonSampling.thompsonSampling()
const learner = Routed.routed({ default: thompson, actions: { GoldCard: external } })

const obs = (positive: boolean, i: number): Observation => ({ features: {}, positive, at: now - 1000 + i })
const responses = (key: string, ps: ReadonlyArray<boolean>): Array<readonly [string, Observation]> =>
  ps.map((p, i) => [key, obs(p, i)] as const)
const taught = <S>(models: Models.Models<S>): Models.Models<S> =>
  Models.learnMany(models, [
    ...responses("GoldCard@web", [true, false, false]),
    ...responses("CarLoan@web", [true, true, false, false, false])
  ])

const request = {
  decisionId: "d-1",
  subject: { id: "c-1", attributes: { goldScore: 0.37 } },
  context: { now, channel: "web", limit: 2 },
  options: { controlGroup: false }
}

describe("Routed: one learner per action", () => {
  it("binds each key to its route: a new key starts from its route learner's empty state", () => {
    const models = Models.empty(learner)
    expect(Models.stateOf(models, "GoldCard@web")).toEqual({ route: "GoldCard", state: external.empty })
    expect(Models.stateOf(models, "GoldCard@email")).toEqual({ route: "GoldCard", state: external.empty })
    expect(Models.stateOf(models, "CarLoan@web")).toEqual({ route: null, state: thompson.empty })
    // the key splits at its last `@`: the action "GoldCard@web" is not "GoldCard"
    expect(Models.stateOf(models, "GoldCard@web@app")).toEqual({ route: null, state: thompson.empty })
    // a key without `@` is its own action
    expect(Models.stateOf(models, "GoldCard")).toEqual({ route: "GoldCard", state: external.empty })
  })

  it("a decision scores GoldCard with its learner and the others with the default, evidence included", () => {
    const routedModels = taught(Models.empty(learner))
    const decision = nextBestAction(catalog, routedModels, request)
    const byAction = new Map(decision.actions.map((a) => [a.actionId, a]))
    const gold = byAction.get("GoldCard")
    const loan = byAction.get("CarLoan")
    expect(gold).toBeDefined()
    expect(loan).toBeDefined()
    // GoldCard: the external score (the subject's own number, no exploration) and the external learner's count
    expect([gold?.modelPropensity, gold?.propensity, gold?.evidence]).toEqual([0.37, 0.37, 3])
    // CarLoan: exactly what Thompson sampling alone gives on the same responses
    const plain = nextBestAction(catalog, taught(Models.empty(thompson)), request)
    const loanAlone = plain.actions.find((a) => a.actionId === "CarLoan")
    expect(loan?.evidence).toBe(5)
    expect([loan?.modelPropensity, loan?.propensity, loan?.evidence]).toEqual([
      loanAlone?.modelPropensity,
      loanAlone?.propensity,
      loanAlone?.evidence
    ])
    // and Thompson alone would have scored GoldCard differently (a draw, not the subject's score)
    expect(plain.actions.find((a) => a.actionId === "GoldCard")?.modelPropensity).not.toBe(0.37)
  })

  it("feedback teaches each response to its model's own learner", () => {
    const decision = nextBestAction(catalog, Models.empty(learner), request)
    const on = (actionId: string) => ({ actionId, channel: "web", decision: decision.record })
    const learn = Feedback.learn(Outcome.defaultLabels)
    const events = [
      Event.response({ ...on("GoldCard"), eventId: "e-1", at: now + 1 }, "accepted"),
      Event.response({ ...on("CarLoan"), eventId: "e-2", at: now + 2 }, "rejected")
    ]
    const one = events.reduce((m, e) => learn(m, e), Models.empty(learner))
    const batch = Feedback.learnAll(Outcome.defaultLabels)(Models.empty(learner), events)
    const expected = {
      "GoldCard@web": { route: "GoldCard", state: { positives: 1, negatives: 0 } },
      "CarLoan@web": {
        route: null,
        state: thompson.learn(thompson.empty, { features: {}, positive: false, at: now + 2 })
      }
    }
    expect(one.states).toEqual(expected)
    expect(batch.states).toEqual(expected)
  })

  it("snapshots: each key's state carries its route and its learner's name, and round-trips", () => {
    const models = taught(Models.empty(learner))
    const snapshot = JSON.parse(JSON.stringify(Models.encode(models))) as {
      learner: string
      states: Record<string, unknown>
    }
    expect(snapshot.learner).toBe("routed")
    expect(snapshot.states["GoldCard@web"]).toEqual({
      route: "GoldCard",
      learner: "external",
      state: { version: 1, positives: 1, negatives: 2 }
    })
    expect(snapshot.states["CarLoan@web"]).toMatchObject({ route: null, learner: "thompson" })
    const back = Models.decode(learner, snapshot)
    expect(E.isRight(back) && back.right.states).toEqual(models.states)
    // a replica's models merge key-wise with the route of each key
    if (E.isRight(back)) {
      const merged = Models.merge(models, back.right)
      expect(Models.stateOf(merged, "GoldCard@web")).toEqual({
        route: "GoldCard",
        state: { positives: 2, negatives: 4 }
      })
    }
  })

  it("decoding reports an unknown route, another route than the key's, and another learner's state, with paths", () => {
    const good = JSON.parse(JSON.stringify(Models.encode(taught(Models.empty(learner))))) as {
      states: Record<string, Record<string, unknown>>
    }
    const gold = good.states["GoldCard@web"] as Record<string, unknown>
    const loan = good.states["CarLoan@web"] as Record<string, unknown>
    const snapshot = {
      version: 1,
      learner: "routed",
      states: {
        "GoldCard@web": loan, // the default route's state under a key routed to GoldCard
        "CarLoan@web": gold, // GoldCard's state under a key routed to the default
        "Mortgage@web": { ...loan, route: "Mortgage" }, // a route this learner does not have
        "CarLoan@email": { ...loan, learner: "naiveBayes" } // written by another learner
      }
    }
    const r = Models.decode(learner, snapshot)
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r))
      expect(r.left.problems.map((p) => [p.path, p.code])).toEqual([
        ['$.states["GoldCard@web"].route', "invalid_value"],
        ['$.states["CarLoan@web"].route', "invalid_value"],
        ['$.states["Mortgage@web"].route', "invalid_value"],
        ['$.states["CarLoan@email"].learner', "invalid_value"]
      ])
    if (E.isLeft(r))
      expect(r.left.problems.map((p) => p.message)).toEqual([
        'this model is routed to "GoldCard", found a state of route the default',
        'this model is routed to the default, found a state of route "GoldCard"',
        'unknown route: expected null (the default learner) or one of "GoldCard"',
        'snapshot is of another learner: expected "thompson" (the learner of route the default)'
      ])
    // a route learner's own problems keep their path below `state`
    const bad = Models.decode(learner, {
      version: 1,
      learner: "routed",
      states: { "GoldCard@web": { ...gold, state: { version: 1, positives: -1, negatives: 0 } } }
    })
    expect(E.isLeft(bad) && bad.left.problems.map((p) => p.path)).toEqual(['$.states["GoldCard@web"].state.positives'])
    // a snapshot of a plain learner is not a routed one
    const plain = Models.decode(learner, Models.encode(taught(Models.empty(thompson))))
    expect(E.isLeft(plain) && plain.left.problems.map((p) => p.path)).toContain("$.learner")
  })

  it("a null state decodes to its key's empty state; the keyless codec keeps it unbound", () => {
    const r = Models.decode(learner, { version: 1, learner: "routed", states: { "GoldCard@web": null } })
    expect(E.isRight(r) && r.right.states).toEqual({ "GoldCard@web": { route: "GoldCard", state: external.empty } })
    expect(learner.codec.decode(null)).toEqual(E.right(null))
  })

  it("merging states of different routes is reported, not silently wrong", () => {
    const gold = Models.stateOf(taught(Models.empty(learner)), "GoldCard@web")
    const loan = Models.stateOf(taught(Models.empty(learner)), "CarLoan@web")
    expect(() => learner.merge(gold, loan)).toThrow(
      new TypeError('Routed.merge: cannot merge a state of route "GoldCard" with one of route the default')
    )
    expect(learner.merge(gold, learner.empty)).toBe(gold)
  })

  it("reads is the union of the route learners' reads, absent when one reads anything", () => {
    expect(learner.reads).toEqual(["subject.goldScore"])
    const two = Routed.routed({
      default: ExternalScore.externalScore({ fact: "subject.a" }),
      actions: { X: ExternalScore.externalScore({ fact: "subject.b" }), Y: external }
    })
    expect(two.reads).toEqual(["subject.a", "subject.b", "subject.goldScore"])
    const { name, empty, score, learn, learnAll, merge, codec } = thompson
    const readsAnything = { name, empty, score, learn, learnAll, merge, codec }
    const anything = Routed.routed({ default: external, actions: { X: readsAnything } })
    expect(anything.reads).toBeUndefined()
  })

  it("refuses what is not a learner, an empty action id, and nested routing", () => {
    expect(() => Routed.routed({ default: {} as never })).toThrow("Routed.routed: default must be a learner")
    expect(() => Routed.routed({ default: thompson, actions: { "": external } })).toThrow(
      "Routed.routed: an action id must be non-empty"
    )
    expect(() => Routed.routed({ default: thompson, actions: { X: learner } })).toThrow(
      'Routed.routed: actions["X"] may not route by key itself'
    )
  })

  it("runs in the simulator unchanged: routes that all hold Thompson sampling give Thompson sampling's figures", () => {
    const population = Population.standard(500)
    const sim = Simulation.catalogOf(population)
    const first = population.actions[0] ?? ""
    const result = Simulation.run(
      population,
      [
        Simulation.strategy("thompson", sim, Models.empty(thompson)),
        Simulation.strategy(
          "routed",
          sim,
          Models.empty(Routed.routed({ default: thompson, actions: { [first]: thompson } }))
        )
      ],
      { seed: 7, decisions: 600 }
    )
    const [plain, routedRun] = result.strategies
    expect(first).not.toBe("")
    expect(routedRun?.tally).toEqual(plain?.tally)
    expect(routedRun?.oracleShare).toBe(plain?.oracleShare)
    expect(routedRun?.actions).toEqual(plain?.actions)
  })
})
