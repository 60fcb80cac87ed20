/**
 * Internal: how naive Bayes learns — the map-based path (responses without a decision-time
 * `modelScore`, each counted at the running state's score), the one-pass flat path on count
 * tables (responses with one, and many models' responses at once for `Models.learnMany`), and
 * offline training (`recalibrate`, `fit`). Hot path: keep the loops as they are.
 *
 * @internal
 * @since 0.1.0
 */
import type { KeyedPass } from "../keyed.js"
import type { Features, Observation } from "../../Learner.js"
import type { Keyer, Resolved } from "./config.js"
import { bump, EMPTY_PREDICTOR, learnPredictor, mergeStates, scaleState, scoreBucket } from "./counts.js"
import { ZERO, type Config, type Counts, type NaiveBayes, type PredictorCounts, type State } from "./model.js"
import { columnsOf, scoresOf, type Tables, type Working } from "./tables.js"

/** a mutable accumulator for learnAll */
interface Accumulator {
  missing: Counts
  residual: Counts
  bins: Map<string, Counts>
}

/** counts with one more response of weight `w` */
const weighted = (c: Counts, positive: boolean, w: number): Counts =>
  positive
    ? { positives: c.positives + w, negatives: c.negatives }
    : { positives: c.positives, negatives: c.negatives + w }

const hasModelScore = (o: Observation): o is Observation & { readonly modelScore: number } =>
  typeof o.modelScore === "number" && Number.isFinite(o.modelScore)

/** how one learner learns */
export interface Learning {
  readonly learn: (state: State, o: Observation) => State
  readonly learnAll: (state: State, os: ReadonlyArray<Observation>) => State
  /** absent with forgetting (responses are then learned model by model) */
  readonly learnKeyed: ((current: (key: string) => State) => KeyedPass<State, Features>) | undefined
  readonly merge: (x: State, y: State) => State
}

/** the learning of one configuration (`scoringFor`: the learner's cached scoring of a state) */
export const learningOf = (config: Config, r: Resolved, keyerList: ReadonlyArray<Keyer>): Learning => {
  /** the classifier bucket a response is counted in: its decision-time score's; none without one. A response is
   * counted in the classifier only by the score its decision was made with — never by the state's score when it
   * is learned, which depends on what was learned before it (see the module header: order independence) */
  const bucketOf = (o: Observation): number | null => (hasModelScore(o) ? scoreBucket(o.modelScore) : null)

  /** one response without a decision-time score: counted at the state's own score */
  const learnByScoring = (state: State, o: Observation): State => {
    const bucket = bucketOf(o)
    const predictors = new Map(state.predictors)
    for (const keyer of keyerList) {
      const name = keyer.predictor.name
      const pc = state.predictors.get(name)
      const slot = keyer.slot(o.features[name], pc)
      if (slot._tag === "none") continue
      predictors.set(name, learnPredictor(pc ?? EMPTY_PREDICTOR, slot, o.positive))
    }
    let scores = state.scores
    if (bucket !== null) {
      const next = new Map(scores)
      next.set(bucket, bump(scores.get(bucket) ?? ZERO, o.positive))
      scores = next
    }
    return {
      positives: state.positives + (o.positive ? 1 : 0),
      negatives: state.negatives + (o.positive ? 0 : 1),
      predictors,
      scores,
      classifier: state.classifier
    }
  }

  /** responses some of which carry no decision-time score: each counted at the running state's score */
  const learnAllByScoring = (state: State, os: ReadonlyArray<Observation>): State => {
    const acc = new Map<string, Accumulator>()
    for (const keyer of keyerList) {
      const p = keyer.predictor
      const pc = state.predictors.get(p.name) ?? EMPTY_PREDICTOR
      acc.set(p.name, { missing: pc.missing, residual: pc.residual, bins: new Map(pc.bins) })
    }
    let P = state.positives
    let N = state.negatives
    const scores = new Map(state.scores)
    for (const o of os) {
      const bucket = bucketOf(o)
      if (bucket !== null) scores.set(bucket, bump(scores.get(bucket) ?? ZERO, o.positive))
      if (o.positive) P++
      else N++
      for (const keyer of keyerList) {
        const name = keyer.predictor.name
        const a = acc.get(name) as Accumulator
        const slot = keyer.slot(o.features[name], a)
        switch (slot._tag) {
          case "none":
            break
          case "missing":
            a.missing = bump(a.missing, o.positive)
            break
          case "residual":
            a.residual = bump(a.residual, o.positive)
            break
          case "key": {
            const counts = bump(a.bins.get(slot.key) ?? ZERO, o.positive)
            a.bins.set(slot.key, counts)
          }
        }
      }
    }
    const predictors = new Map(state.predictors)
    for (const [name, a] of acc) {
      if (a.bins.size === 0 && a.missing === ZERO && a.residual === ZERO && !state.predictors.has(name)) continue
      predictors.set(name, { missing: a.missing, residual: a.residual, bins: a.bins })
    }
    return {
      positives: P,
      negatives: N,
      predictors,
      scores: scores.size === 0 ? state.scores : scores,
      classifier: state.classifier
    }
  }

  // responses that carry their decision-time score: learned on count tables (see `Tables`)
  const columns = columnsOf(config, r)
  // the count tables of a state: those a state learned here was built from, else converted once;
  // either way remembered by this learner (a cache: states stay plain, nothing is added to them)
  const tables = new WeakMap<State, Tables>()
  const tablesFor = (state: State): Tables => {
    let t = tables.get(state)
    if (t === undefined) {
      t = columns.fromState(state)
      tables.set(state, t)
    }
    return t
  }
  /** the state of count tables: its maps are built the first time they are read */
  const stateOf = (t: Tables): State => {
    let predictors: ReadonlyMap<string, PredictorCounts> | undefined
    const state: State = {
      positives: t.positives,
      negatives: t.negatives,
      get predictors() {
        return (predictors ??= columns.predictorsOf(t))
      },
      get scores() {
        return scoresOf(t.scores)
      },
      classifier: t.classifier
    }
    tables.set(state, t)
    return state
  }

  const learnScored = (state: State, os: ReadonlyArray<Observation>): State => {
    const w = columns.begin(tablesFor(state))
    for (let i = 0; i < os.length; i++) {
      const o = os[i] as Observation
      columns.add(w, o.features, o.positive, o.modelScore as number)
    }
    return stateOf(columns.finish(w))
  }

  const learnAllForgetting =
    (h: number) =>
    (state: State, os: ReadonlyArray<Observation>): State => {
      if (os.length === 0) return state
      // every count decays to the latest instant involved, then each response adds 2^(−(to − at)/h)
      let to = state.at ?? -Infinity
      for (let i = 0; i < os.length; i++) to = Math.max(to, (os[i] as Observation).at)
      const from = state.at ?? to
      const decayed = scaleState(state, from === to ? 1 : Math.pow(2, -(to - from) / h), to)
      const acc = new Map<string, Accumulator>()
      for (const keyer of keyerList) {
        const pc = decayed.predictors.get(keyer.predictor.name) ?? EMPTY_PREDICTOR
        acc.set(keyer.predictor.name, { missing: pc.missing, residual: pc.residual, bins: new Map(pc.bins) })
      }
      let P = decayed.positives
      let N = decayed.negatives
      const scores = new Map(decayed.scores)
      for (const o of os) {
        const w = o.at === to ? 1 : Math.pow(2, -(to - o.at) / h)
        if (w === 0) continue // decayed to nothing (over ~1,075 half-lives old): a state keeps no empty keys
        const bucket = bucketOf(o)
        if (bucket !== null) scores.set(bucket, weighted(scores.get(bucket) ?? ZERO, o.positive, w))
        if (o.positive) P += w
        else N += w
        for (const keyer of keyerList) {
          const name = keyer.predictor.name
          const a = acc.get(name) as Accumulator
          const slot = keyer.slot(o.features[name], a)
          if (slot._tag === "missing") a.missing = weighted(a.missing, o.positive, w)
          else if (slot._tag === "residual") a.residual = weighted(a.residual, o.positive, w)
          else if (slot._tag === "key") a.bins.set(slot.key, weighted(a.bins.get(slot.key) ?? ZERO, o.positive, w))
        }
      }
      const predictors = new Map(decayed.predictors)
      for (const [name, a] of acc) {
        if (a.bins.size === 0 && a.missing === ZERO && a.residual === ZERO && !decayed.predictors.has(name)) continue
        predictors.set(name, { missing: a.missing, residual: a.residual, bins: a.bins })
      }
      return { positives: P, negatives: N, predictors, scores, classifier: decayed.classifier, at: to }
    }

  const forgetting = r.halfLifeMs === null ? null : learnAllForgetting(r.halfLifeMs)

  const learn = (state: State, o: Observation): State =>
    forgetting !== null ? forgetting(state, [o]) : hasModelScore(o) ? learnScored(state, [o]) : learnByScoring(state, o)

  const learnAll = (state: State, os: ReadonlyArray<Observation>): State => {
    if (os.length === 0) return state
    if (forgetting !== null) return forgetting(state, os)
    for (let i = 0; i < os.length; i++) if (!hasModelScore(os[i] as Observation)) return learnAllByScoring(state, os)
    return learnScored(state, os)
  }

  /** merge: without forgetting, counts add; with it, both states first decay to the later stamp */
  const merge = (x: State, y: State): State => {
    const h = r.halfLifeMs
    if (h === null || x.at === undefined || y.at === undefined || x.at === y.at) return mergeStates(x, y)
    const to = Math.max(x.at, y.at)
    return mergeStates(
      scaleState(x, Math.pow(2, -(to - x.at) / h), to),
      scaleState(y, Math.pow(2, -(to - y.at) / h), to)
    )
  }

  /** many models' responses in one pass, in their order (what `Models.learnMany` uses): when every response carries its
   * decision-time score */
  const learnKeyed = (current: (key: string) => State): KeyedPass<State, Features> => {
    const working = new Map<string, Working>()
    return {
      add: (key, features, positive, _at, modelScore) => {
        // a response without a score: decline (the working copies are dropped)
        if (typeof modelScore !== "number" || !Number.isFinite(modelScore)) return false
        let w = working.get(key)
        if (w === undefined) {
          w = columns.begin(tablesFor(current(key)))
          working.set(key, w)
        }
        columns.add(w, features, positive, modelScore)
        return true
      },
      finish: () => {
        const out = new Map<string, State>()
        for (const [key, w] of working) out.set(key, stateOf(columns.finish(w)))
        return out
      }
    }
  }

  return { learn, learnAll, learnKeyed: forgetting === null ? learnKeyed : undefined, merge }
}

// -------------------------------------------------------------------------------------
// offline training
// -------------------------------------------------------------------------------------

/**
 * Batch recalibration for offline training: the state with its classifier recounted from
 * `observations`, each scored by the state's final bins (their own `modelScore`, if any, is
 * ignored); the predictor counts are unchanged and an imported classifier is dropped.
 *
 * Which observations: the training set itself is the simple choice — every response counts, but
 * its scores are in-sample (the bins' log-odds were fitted on the same rows), so the classifier
 * is slightly optimistic on new subjects, a small effect when bins hold hundreds of cases each. A
 * held-out set gives an unbiased classifier at the price of responses the predictors never see
 * (learn them afterwards and the classifier no longer matches the bins exactly).
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({ predictors: [NaiveBayes.numeric("subject.age", [30, 50])], exploration: "none" })
 * const responses = Array.from({ length: 1000 }, (_, i) => ({
 *   features: { "subject.age": 18 + (i % 60) },
 *   positive: i % 60 < 12 && i % 2 === 0,
 *   at: 0
 * }))
 * // offline: learn the counts, then count the classifier by the final model's scores
 * const state = NaiveBayes.recalibrate(nb, nb.learnAll(nb.empty, responses), responses)
 * const [young] = nb.score(state, { "subject.age": 20 }, Random.fromSeed(1))
 * const [old] = nb.score(state, { "subject.age": 60 }, Random.fromSeed(1))
 * assert.ok(young.propensity > 0.3 && old.propensity < 0.01)
 *
 * @category operations
 * @since 0.1.0
 */
export const recalibrate = (learner: NaiveBayes, state: State, observations: ReadonlyArray<Observation>): State => {
  const scores = new Map<number, Counts>()
  if (learner.inspect(state).predictors.some((p) => p.active)) {
    for (const o of observations) {
      const k = scoreBucket(learner.modelScore(state, o.features))
      scores.set(k, bump(scores.get(k) ?? ZERO, o.positive))
    }
  }
  const out: State = {
    positives: state.positives,
    negatives: state.negatives,
    predictors: state.predictors,
    scores,
    classifier: null
  }
  return state.at === undefined ? out : { ...out, at: state.at }
}

/**
 * Offline training in one call: the state learned from `observations`, its classifier counted
 * from their scores by the final bins (`recalibrate` on the training set). Faster than `learnAll`
 * on observations without a decision-time score, which re-scores the running model for each.
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({
 *   predictors: [NaiveBayes.symbolic("context.device", [["mobile"], ["desktop"]])],
 *   exploration: "none"
 * })
 * const responses = Array.from({ length: 400 }, (_, i) => ({
 *   features: { "context.device": i % 2 === 0 ? "mobile" : "desktop" },
 *   positive: i % 10 === 0,
 *   at: 0
 * }))
 * const state = NaiveBayes.fit(nb, responses)
 * // every mobile response in five was positive, no desktop one: calibrated propensities, each classifier bin shrunk
 * // toward the model's rate ρ = 40.5 / 401 by the classifier prior (50 responses)
 * const rho = 40.5 / 401
 * const [mobile] = nb.score(state, { "context.device": "mobile" }, Random.fromSeed(1))
 * assert.strictEqual(mobile.propensity, (40 + 50 * rho) / (200 + 50))
 *
 * @category operations
 * @since 0.1.0
 */
export const fit = (learner: NaiveBayes, observations: ReadonlyArray<Observation>): State =>
  // a placeholder score takes learnAll's counting path; recalibrate replaces the classifier counts
  recalibrate(
    learner,
    learner.learnAll(
      learner.empty,
      observations.map((o) => ({ ...o, modelScore: 0 }))
    ),
    observations
  )
