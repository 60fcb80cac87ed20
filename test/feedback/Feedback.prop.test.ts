/**
 * Properties of the feedback reducer, over scenarios of decisions that each have their own ordered
 * inputs (decided, sent, impression, responses — some late, some duplicated, some about actions
 * the decision did not return), with a counting learner whose states are exact integer counts.
 */
import * as fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import type { DecisionRecord } from "../../src/feedback/DecisionRecord.js"
import * as Event from "../../src/feedback/Event.js"
import * as Feedback from "../../src/feedback/Feedback.js"
import * as Pending from "../../src/feedback/Pending.js"
import * as Models from "../../src/learners/Models.js"
import {
  canonical,
  counting,
  END,
  interleave,
  picksArb,
  settings,
  storiesArb,
  type CountState,
  type Story
} from "../arbitraries/feedback.js"

const start = () => Feedback.initial(Models.empty(counting))
const fold = (inputs: ReadonlyArray<Feedback.Input>, from = start()) => inputs.reduce(Feedback.apply(settings), from)
const text = (state: Feedback.Feedback<CountState>) => JSON.stringify(Feedback.encode(state))
const multiset = (xs: ReadonlyArray<unknown>) => xs.map(canonical).sort()

const view = (state: Feedback.Feedback<CountState>) => {
  const out = Feedback.outbox(state)
  return {
    models: canonical(state.models.states),
    pending: canonical(Pending.codec.encode(state.pending)),
    recorded: multiset(out.recorded),
    refused: multiset(out.refused)
  }
}

describe("Feedback reducer", () => {
  it("the plain learnAll equals folding the plain learn", () => {
    fc.assert(
      fc.property(storiesArb(), (stories) => {
        const events = stories.flatMap((s) =>
          s.inputs.flatMap((x) => (x._tag === "Decided" || x._tag === "Expire" ? [] : [Event.withRecord(x, s.record)]))
        )
        const learn = Feedback.learn(settings.labels)
        const folded = events.reduce<Models.Models<CountState>>((m, e) => learn(m, e), Models.empty(counting))
        expect(JSON.stringify(Models.encode(Feedback.learnAll(settings.labels)(Models.empty(counting), events)))).toBe(
          JSON.stringify(Models.encode(folded))
        )
      }),
      { numRuns: 200 }
    )
  })

  it("applyAll equals folding apply, bit for bit", () => {
    fc.assert(
      fc.property(storiesArb(), picksArb, fc.integer({ min: 0, max: 12 }), (stories, picks, tick) => {
        const inputs = interleave(stories, picks)
        inputs.splice(Math.min(tick, inputs.length), 0, Feedback.expireAt(tick * 3_600_000))
        inputs.push(Feedback.expireAt(END))
        expect(text(Feedback.applyAll(settings)(start(), inputs))).toBe(text(fold(inputs)))
      }),
      { numRuns: 200 }
    )
  })

  it("folding in any order that respects each decision's own order gives the same models, pending buffer and outbox", () => {
    fc.assert(
      fc.property(storiesArb(), picksArb, picksArb, (stories, picks1, picks2) => {
        const a = fold(interleave(stories, picks1))
        const b = fold(interleave(stories, picks2))
        expect(view(b)).toEqual(view(a))
        const tick = Feedback.expire(settings)
        expect(view(tick(b, END))).toEqual(view(tick(a, END)))
      }),
      { numRuns: 200 }
    )
  })

  it("duplicate events are idempotent: the same models, pending buffer and history as without them", () => {
    fc.assert(
      fc.property(storiesArb({ allowDuplicates: true }), picksArb, (stories, picks) => {
        const withoutDuplicates: ReadonlyArray<Story> = stories.map((s) => ({
          ...s,
          inputs: s.inputs.filter(
            (x, i) => !(x._tag !== "Decided" && x._tag !== "Expire" && i > 0 && s.inputs[i - 1] === x)
          ),
          duplicates: 0
        }))
        const a = fold([...interleave(stories, picks), Feedback.expireAt(END)])
        const b = fold([...interleave(withoutDuplicates, picks), Feedback.expireAt(END)])
        const va = view(a)
        const vb = view(b)
        expect(va.models).toBe(vb.models)
        expect(va.pending).toBe(vb.pending)
        expect(va.recorded).toEqual(vb.recorded)
        const extra = stories.reduce((n, s) => n + s.duplicates, 0)
        expect(va.refused.length).toBe(vb.refused.length + extra)
      }),
      { numRuns: 200 }
    )
  })

  it("each chosen action of a tracked inbound decision learns exactly one label, at the model it was scored by", () => {
    const inboundOnly = storiesArb().map((stories) =>
      stories.map((s) => {
        const record: DecisionRecord = { ...s.record, direction: "inbound" }
        const inputs = s.inputs.map((x): Feedback.Input =>
          x._tag === "Decided"
            ? Feedback.decided(record)
            : x._tag === "Expire" || typeof x.decision === "string"
              ? x
              : { ...x, decision: record }
        )
        return { ...s, record, inputs }
      })
    )
    fc.assert(
      fc.property(inboundOnly, picksArb, (stories, picks) => {
        const state = fold([...interleave(stories, picks), Feedback.expireAt(END)])
        const tracked = new Set(Feedback.outbox(state).recorded.map((r) => r.interaction.decisionId))
        const expected = new Map<string, number>()
        for (const s of stories)
          if (tracked.has(s.record.decisionId))
            for (const a of s.record.actions) expected.set(a.modelKey, (expected.get(a.modelKey) ?? 0) + 1)
        const learned = new Map(
          Object.entries(state.models.states).map(([k, v]) => [k, v.positives + v.negatives] as const)
        )
        expect(new Map([...learned].filter(([, n]) => n > 0))).toEqual(expected)
        expect(Pending.size(state.pending)).toBe(0)
      }),
      { numRuns: 200 }
    )
  })

  it("replaying a log reproduces the state bit for bit, also across a snapshot taken anywhere", () => {
    fc.assert(
      fc.property(storiesArb(), picksArb, fc.nat(), (stories, picks, cut) => {
        const inputs = [...interleave(stories, picks), Feedback.expireAt(END)]
        const straight = text(Feedback.applyAll(settings)(start(), inputs))
        expect(text(Feedback.applyAll(settings)(start(), inputs))).toBe(straight)
        const k = cut % (inputs.length + 1)
        const half = Feedback.applyAll(settings)(start(), inputs.slice(0, k))
        const restored = Feedback.decode(counting, JSON.parse(text(half)))
        expect(E.isRight(restored)).toBe(true)
        if (E.isRight(restored))
          expect(text(Feedback.applyAll(settings)(restored.right, inputs.slice(k)))).toBe(straight)
      }),
      { numRuns: 150 }
    )
  })

  it("snapshots round-trip: decode ∘ encode is the identity", () => {
    fc.assert(
      fc.property(storiesArb(), picksArb, fc.integer({ min: 0, max: 40 }), (stories, picks, hours) => {
        const state = Feedback.applyAll(settings)(start(), [
          ...interleave(stories, picks),
          Feedback.expireAt(hours * 3_600_000)
        ])
        const back = Feedback.decode(counting, JSON.parse(text(state)))
        expect(E.isRight(back)).toBe(true)
        if (E.isRight(back)) {
          expect(view(back.right)).toEqual(view(state))
          expect(Feedback.outbox(back.right)).toEqual(Feedback.outbox(state))
          expect(back.right.pending.watermark).toBe(state.pending.watermark)
          expect(text(back.right)).toBe(text(state))
        }
      }),
      { numRuns: 150 }
    )
  })
})
