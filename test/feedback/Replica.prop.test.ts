/**
 * The replica delta protocol as properties: sequence sets are canonical; learning xs then ys
 * equals merging separately learned states; deltas delivered in any order, any number of times,
 * converge every replica to the models a single replica would have learned from everything.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Replica from "../../src/feedback/Replica.js"
import type { Learner, Observation } from "../../src/learners/Learner.js"
import * as Models from "../../src/learners/Models.js"
import * as NaiveBayes from "../../src/learners/NaiveBayes.js"
import * as ThompsonSampling from "../../src/learners/ThompsonSampling.js"
import { commutativeMonoidLaws, deepEq } from "../laws.js"
import {
  canonical,
  counting,
  END,
  featuresArb,
  interleave,
  picksArb,
  settings,
  storiesArb,
  type CountState,
  type Story
} from "../arbitraries/feedback.js"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"

const responseArb: fc.Arbitrary<readonly [string, Observation]> = fc.tuple(
  fc.constantFrom("GoldCard@web", "Mortgage@email", "Savings@web"),
  fc.record({ features: featuresArb, positive: fc.boolean(), at: fc.integer({ min: 0, max: 1_000_000 }) })
)

const sequencesArb: fc.Arbitrary<Replica.Sequences> = fc
  .array(fc.integer({ min: 1, max: 30 }), { maxLength: 20 })
  .map((xs) => xs.reduce(Replica.add, Replica.noSequences))

describe("Replica.Sequences", () => {
  it("hold exactly the numbers added, in a canonical form whatever the order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (xs, order) => {
          const shuffled = [...xs].sort(
            (a, b) => (order[a % Math.max(1, order.length)] ?? 0) - (order[b % Math.max(1, order.length)] ?? 0) || b - a
          )
          const s1 = xs.reduce(Replica.add, Replica.noSequences)
          const s2 = shuffled.reduce(Replica.add, Replica.noSequences)
          expect(s2).toEqual(s1)
          for (let n = 1; n <= 41; n++) expect(Replica.contains(s1, n)).toBe(xs.includes(n))
          expect(s1.ahead.every((n, i) => n > s1.through + 1 && (i === 0 || n > (s1.ahead[i - 1] as number)))).toBe(
            true
          )
        }
      )
    )
  })
  it("round-trip through JSON", () => {
    fc.assert(
      fc.property(sequencesArb, (s) => {
        const back = Replica.SequencesCodec.decode(JSON.parse(JSON.stringify(Replica.SequencesCodec.encode(s))))
        return E.isRight(back) && deepEq.equals(back.right, s)
      })
    )
  })
})

/** learning xs then ys equals merging the separately learned states, for each learner whose counts are exact */
const splitLearning = <S>(
  name: string,
  learner: Learner<S>,
  same: (x: Models.Models<S>, y: Models.Models<S>) => boolean
) => {
  it(`${name}: learning xs then ys equals merging the states learned from each`, () => {
    fc.assert(
      fc.property(fc.array(responseArb, { maxLength: 30 }), fc.array(responseArb, { maxLength: 30 }), (xs, ys) => {
        const together = Models.learnMany(Models.learnMany(Models.empty(learner), xs), ys)
        const apart = Models.merge(
          Models.learnMany(Models.empty(learner), xs),
          Models.learnMany(Models.empty(learner), ys)
        )
        return same(together, apart)
      }),
      { numRuns: 150 }
    )
  })
}

const sameCanonical = <S>(x: Models.Models<S>, y: Models.Models<S>): boolean =>
  canonical(x.states) === canonical(y.states)

describe("split learning (the learners' monoid)", () => {
  splitLearning("counting learner", counting, sameCanonical)
  splitLearning("Thompson sampling", ThompsonSampling.thompsonSampling(), sameCanonical)
  commutativeMonoidLaws(
    "Models<counting>",
    Models.getMonoid(counting),
    fc.array(responseArb, { maxLength: 10 }).map((rs) => Models.learnMany(Models.empty(counting), rs)),
    { equals: sameCanonical }
  )
})

/** every chosen action carries a decision-time model score, in every input that carries the record */
const withModelScores = (story: Story): Story => {
  const record: DecisionRecord = {
    ...story.record,
    actions: story.record.actions.map((a, i) =>
      a.modelScore === undefined ? { ...a, modelScore: -0.25 * (i + 1) } : a
    )
  }
  const inputs = story.inputs.map((x): Feedback.Input =>
    x._tag === "Decided"
      ? Feedback.decided(record)
      : x._tag === "Expire" || typeof x.decision === "string"
        ? x
        : { ...x, decision: record }
  )
  return { ...story, record, inputs }
}

describe("the delta protocol", () => {
  type Op =
    | { readonly _tag: "learn"; readonly replica: number; readonly response: readonly [string, Observation] }
    | { readonly _tag: "publish"; readonly replica: number }
    | { readonly _tag: "deliver"; readonly replica: number; readonly delta: number }

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ _tag: fc.constant("learn" as const), replica: fc.nat({ max: 2 }), response: responseArb })
    },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant("publish" as const), replica: fc.nat({ max: 2 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({ _tag: fc.constant("deliver" as const), replica: fc.nat({ max: 2 }), delta: fc.nat() })
    }
  )

  it("every replica converges to what one replica learning everything has, whatever the delivery order and repetitions", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 30 }), (ops, finalOrder) => {
        const ids = ["a", "b", "c"]
        let replicas = ids.map((id) => Replica.start(id, counting))
        const models = ids.map(() => Models.empty(counting))
        const store: Array<unknown> = [] // deltas as JSON, as a store would hold them
        const everything: Array<readonly [string, Observation]> = []
        const publish = (i: number) => {
          const [delta, next] = Replica.publish(replicas[i] as Replica.Replica<CountState>)
          replicas[i] = next
          if (delta !== null) store.push(JSON.parse(JSON.stringify(Replica.encodeDelta(delta))))
        }
        const deliver = (i: number, k: number) => {
          const delta = Replica.decodeDelta(counting, store[k])
          if (E.isLeft(delta)) throw new Error("undecodable delta")
          const [r, m] = Replica.receive(
            replicas[i] as Replica.Replica<CountState>,
            models[i] as Models.Models<CountState>,
            delta.right
          )
          replicas[i] = r
          models[i] = m
        }
        for (const op of ops) {
          if (op._tag === "learn") {
            everything.push(op.response)
            models[op.replica] = Models.learnMany(models[op.replica] as Models.Models<CountState>, [op.response])
            replicas[op.replica] = Replica.learned(replicas[op.replica] as Replica.Replica<CountState>, [op.response])
          } else if (op._tag === "publish") publish(op.replica)
          else if (store.length > 0) deliver(op.replica, op.delta % store.length)
        }
        ids.forEach((_, i) => publish(i))
        // every replica receives every delta, in some order, some twice
        for (let i = 0; i < ids.length; i++) {
          const order = store
            .map((_, k) => k)
            .sort(
              (x, y) =>
                (finalOrder[x % Math.max(1, finalOrder.length)] ?? 0) -
                  (finalOrder[y % Math.max(1, finalOrder.length)] ?? 0) || x - y
            )
          for (const k of [...order, ...order.slice(0, 2)]) deliver(i, k)
        }
        const single = Models.learnMany(Models.empty(counting), everything)
        for (const m of models) expect(canonical(m.states)).toBe(canonical(single.states))
        replicas = replicas.map((r) => r)
      }),
      { numRuns: 200 }
    )
  })

  it("under one key, the first content received is merged once; a different one is a conflict, the same a duplicate (issue 9)", () => {
    // deltas under keys (replica, sequence), some keys with two different contents (a replica that re-used its
    // sequence numbers), delivered in any order, any number of times
    const keyArb = fc.tuple(fc.constantFrom("a", "b"), fc.integer({ min: 1, max: 4 }))
    const contentArb = fc.array(responseArb, { minLength: 1, maxLength: 4 })
    const deltasArb = fc
      .uniqueArray(fc.tuple(keyArb, fc.array(contentArb, { minLength: 1, maxLength: 2 })), {
        minLength: 1,
        maxLength: 6,
        selector: ([[id, n]]) => `${id}/${n}`
      })
      .map((keys) =>
        keys.flatMap(([[replicaId, sequence], contents]) =>
          contents.map((content): Replica.Delta<CountState> => ({
            replicaId,
            sequence,
            models: Models.learnMany(Models.empty(counting), content)
          }))
        )
      )
    fc.assert(
      fc.property(
        deltasArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        (deltas, p1, p2) => {
          const run = (picks: ReadonlyArray<number>) => {
            // every delta at least once, then the picks again (repetitions)
            const order = [
              ...deltas.map((_, i) => i).sort((x, y) => (p1[x % p1.length] ?? 0) - (p1[y % p1.length] ?? 0) || x - y),
              ...picks.map((k) => k % deltas.length)
            ]
            let replica = Replica.start("r", counting)
            let models = Models.empty(counting)
            const merged = new Map<string, string>() // key → fingerprint merged
            for (const k of order) {
              const d = deltas[k] as Replica.Delta<CountState>
              const key = `${d.replicaId}/${d.sequence}`
              const print = Replica.fingerprint(d.models)
              const [r, m, receipt] = Replica.receive(replica, models, d)
              const first = merged.get(key)
              if (first === undefined) {
                expect(receipt._tag).toBe("Merged")
                merged.set(key, print)
              } else if (first === print) {
                expect(receipt._tag).toBe("Duplicate")
                expect([r, m]).toEqual([replica, models])
              } else {
                expect(receipt._tag === "Conflict" && receipt.conflict.reason).toBe("conflict")
                expect(r).toBe(replica)
                expect(m).toBe(models)
              }
              replica = r
              models = m
            }
            return { models, merged }
          }
          const x = run(p2)
          const y = run([...p2].reverse())
          // the same keys are merged whatever the order; with one content per key, the same models
          expect([...x.merged.keys()].sort()).toEqual([...y.merged.keys()].sort())
          const keys = deltas.map((d) => `${d.replicaId}/${d.sequence}`)
          if (new Set(keys).size === keys.length) expect(canonical(x.models.states)).toBe(canonical(y.models.states))
          // and the models are the merge of the content merged under each key
          const expected = deltas
            .filter((d) => x.merged.get(`${d.replicaId}/${d.sequence}`) === Replica.fingerprint(d.models))
            .filter((d, i, all) => all.findIndex((e) => e.replicaId === d.replicaId && e.sequence === d.sequence) === i)
            .reduce((m, d) => Models.merge(m, d.models), Models.empty(counting))
          expect(canonical(x.models.states)).toBe(canonical(expected.states))
        }
      ),
      { numRuns: 200 }
    )
  })

  it("Feedback.receive puts every conflict in the outbox, in order, and keeps the models", () => {
    fc.assert(
      fc.property(
        fc.array(responseArb, { minLength: 1, maxLength: 5 }),
        fc.array(responseArb, { minLength: 1, maxLength: 5 }),
        (xs, ys) => {
          const d1: Replica.Delta<CountState> = {
            replicaId: "a",
            sequence: 1,
            models: Models.learnMany(Models.empty(counting), xs)
          }
          const d2: Replica.Delta<CountState> = {
            replicaId: "a",
            sequence: 1,
            models: Models.learnMany(Models.empty(counting), ys)
          }
          const s0 = Feedback.initial(Models.empty(counting), { replicaId: "b" })
          const s1 = [d1, d2, d1, d2].reduce(Feedback.receive, s0)
          const differ = Replica.fingerprint(d1.models) !== Replica.fingerprint(d2.models)
          expect(Feedback.outbox(s1).conflicts.map((c) => [c.reason, c.replicaId, c.sequence])).toEqual(
            differ
              ? [
                  ["conflict", "a", 1],
                  ["conflict", "a", 1]
                ]
              : []
          )
          expect(canonical(s1.models.states)).toBe(canonical(d1.models.states))
          const back = Feedback.decode(counting, JSON.parse(JSON.stringify(Feedback.encode(s1))))
          expect(E.isRight(back) && Feedback.outbox(back.right)).toEqual(Feedback.outbox(s1))
          expect(Feedback.outbox(Feedback.drain(s1)[1]).conflicts).toEqual([])
        }
      ),
      { numRuns: 100 }
    )
  })

  /** each decision is handled by one replica (its inputs are routed by decision id); the replicas sync through a store
   * */
  const replicatedEqualsSingle = <S>(
    name: string,
    learner: Learner<S>,
    same: (x: S, y: S) => boolean,
    stories = storiesArb({ maxDecisions: 8 })
  ) => {
    it(`${name}: feedback states on separate replicas, syncing through a store, learn what one state learns from all the inputs`, () => {
      fc.assert(
        fc.property(
          stories,
          picksArb,
          fc.array(fc.nat({ max: 2 }), { minLength: 8, maxLength: 8 }),
          (stories, picks, owners) => {
            const byReplica = [0, 1, 2].map((r) => stories.filter((_, i) => owners[i] === r))
            let states = ["a", "b", "c"].map((replicaId, r) =>
              Feedback.applyAll(settings)(Feedback.initial(Models.empty(learner), { replicaId }), [
                ...interleave(byReplica[r] ?? [], picks),
                Feedback.expireAt(END)
              ])
            )
            const store: Array<Replica.Delta<S>> = []
            states = states.map((s) => {
              const [delta, next] = Feedback.publish(s)
              if (delta !== null) store.push(delta)
              return next
            })
            states = states.map((s) => [...store, ...store].reduce(Feedback.receive, s))
            const single = Feedback.applyAll(settings)(Feedback.initial(Models.empty(learner)), [
              ...interleave(stories, picks),
              Feedback.expireAt(END)
            ])
            for (const s of states) {
              expect(Object.keys(s.models.states).sort()).toEqual(Object.keys(single.models.states).sort())
              for (const key of Object.keys(single.models.states))
                expect(same(Models.stateOf(s.models, key), Models.stateOf(single.models, key))).toBe(true)
            }
          }
        ),
        { numRuns: 100 }
      )
    })
  }
  replicatedEqualsSingle("counting learner", counting, (x, y) => canonical(x) === canonical(y))
  replicatedEqualsSingle("Thompson sampling", ThompsonSampling.thompsonSampling(), (x, y) => deepEq.equals(x, y))
  replicatedEqualsSingle(
    "naive Bayes (configured bins)",
    NaiveBayes.naiveBayes({
      predictors: [
        NaiveBayes.numeric("age", [30, 50, 70]),
        NaiveBayes.symbolic("segment", [["gold"], ["silver", "bronze"]]),
        NaiveBayes.symbolic("online")
      ]
    }),
    NaiveBayes.equals,
    // naive Bayes counts its classifier by the decision-time score: the law holds when decisions record it
    storiesArb({ maxDecisions: 8 }).map((stories) => stories.map(withModelScores))
  )
})
