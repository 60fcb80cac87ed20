/**
 * Internal: the naive Bayes learner of one configuration — its caches of compiled states, `score`
 * (with the ADM prior blend and the Thompson draw), `explain`, `inspect`, and the learning of
 * `learning.ts` (re-exported by `NaiveBayes` as `naiveBayes`).
 *
 * @internal
 * @since 0.1.0
 */
import { beta as betaDraw } from "../../../kernel/Distributions.js"
import { nextDouble, type Rng } from "../../../kernel/Random.js"
import type { Features, Prior, Score } from "../../Learner.js"
import { keyerOf, validateConfig } from "./config.js"
import { stateCodec } from "./codec.js"
import { learningOf } from "./learning.js"
import {
  emptyState,
  type Config,
  type Contribution,
  type Explanation,
  type NaiveBayes,
  type PredictorView,
  type State
} from "./model.js"
import { classify, compile, rawScoreOf, scoringOf, type Compiled, type Scoring } from "./scoring.js"

/**
 * An adaptive naive Bayes learner.
 *
 * @example
 * import { NaiveBayes, Random } from "nextbest"
 * import * as assert from "node:assert"
 *
 * const nb = NaiveBayes.naiveBayes({
 *   predictors: [
 *     NaiveBayes.numeric("subject.age", [30, 50]),
 *     NaiveBayes.symbolic("context.device", [["mobile"], ["desktop"]])
 *   ],
 *   exploration: "none"
 * })
 * // an empty model says 0.5
 * assert.strictEqual(nb.score(nb.empty, { "subject.age": 40 }, Random.fromSeed(1))[0].propensity, 0.5)
 *
 * const responses = Array.from({ length: 300 }, (_, i) => ({
 *   features: { "subject.age": 20 + (i % 50), "context.device": i % 3 === 0 ? "mobile" : "desktop" },
 *   positive: i % 50 < 10 && i % 3 === 0,
 *   at: 0
 * }))
 * // offline responses carry no decision-time score: fit counts the classifier by the final model's scores
 * const state = NaiveBayes.fit(nb, responses)
 * const [young] = nb.score(state, { "subject.age": 25, "context.device": "mobile" }, Random.fromSeed(1))
 * const [old] = nb.score(state, { "subject.age": 60, "context.device": "desktop" }, Random.fromSeed(1))
 * assert.ok(young.propensity > old.propensity)
 * assert.strictEqual(young.evidence, 300)
 *
 * @category constructors
 * @since 0.1.0
 */
export const naiveBayes = (config: Config): NaiveBayes => {
  const r = validateConfig(config)
  const keyers = new Map(config.predictors.map((p) => [p.name, keyerOf(p, r)] as const))
  const keyerList = Array.from(keyers.values())
  const scoringCache = new WeakMap<State, Scoring>()
  const scoringFor = (state: State): Scoring => {
    let sc = scoringCache.get(state)
    if (sc === undefined) {
      sc = scoringOf(config, r, state.positives, state.negatives, (name) => state.predictors.get(name))
      scoringCache.set(state, sc)
    }
    return sc
  }
  const cache = new WeakMap<State, Compiled>()
  const compiled = (state: State): Compiled => {
    let c = cache.get(state)
    if (c === undefined) {
      c = compile(scoringFor(state), r, state)
      cache.set(state, c)
    }
    return c
  }

  const score = (state: State, features: Features, rng: Rng, prior?: Prior): readonly [Score, Rng] => {
    const c = compiled(state)
    const s = rawScoreOf(c.scoring, features)
    const modelPropensity = classify(c, s)
    const evidence = state.positives + state.negatives
    const informed = c.scoring.active.length > 0
    let p = modelPropensity
    let startingEvidence = 0
    if (
      prior !== undefined &&
      Number.isFinite(prior.propensity) &&
      Number.isFinite(prior.evidence) &&
      prior.evidence > 0
    ) {
      const p0 = Math.min(1, Math.max(0, prior.propensity))
      startingEvidence = prior.evidence
      const d = startingEvidence + evidence + 1
      p = (startingEvidence / d) * p0 + (evidence / d) * modelPropensity
    }
    let explored = p
    let next = rng
    let exploration: { readonly alpha: number; readonly beta: number; readonly uniform?: number } | undefined
    if (r.explore) {
      const nu = evidence + startingEvidence + 2
      const alpha = p * nu
      const beta = (1 - p) * nu
      ;[explored, next] = betaDraw(rng, alpha, beta)
      if (r.floor > 0) {
        // the exploration floor (no lock-out): with probability k / (k + evidence) a uniform draw instead of the Beta,
        // drawn after it (see `Score.exploration.uniform`)
        const uniform = r.floor / (r.floor + evidence + startingEvidence)
        const [u, afterU] = nextDouble(next)
        ;[explored, next] = u < uniform ? nextDouble(afterU) : [explored, afterU]
        exploration = { alpha, beta, uniform }
      } else if (alpha > 0 && beta > 0) {
        // a proper Beta is the exploration distribution; a degenerate one (p = 0 or 1) draws a constant
        exploration = { alpha, beta }
      }
    }
    const answer: Score =
      exploration === undefined
        ? informed
          ? { propensity: p, explored, evidence, modelScore: s }
          : { propensity: p, explored, evidence }
        : informed
          ? { propensity: p, explored, evidence, modelScore: s, exploration }
          : { propensity: p, explored, evidence, exploration }
    return [answer, next]
  }

  const explain = (state: State, features: Features): Explanation => {
    const c = compiled(state)
    const contributions: Array<Contribution> = c.scoring.all.map((sp, i) => {
      const value = features[sp.name]
      const bin = sp.locate(value)
      const view = c.view.predictors[i] as PredictorView
      const b = bin >= 0 ? view.bins[bin] : undefined
      return {
        predictor: sp.name,
        value,
        bin: b === undefined ? "none" : b.label,
        logOdds: b === undefined ? 0 : b.logOdds,
        active: sp.active
      }
    })
    const s = rawScoreOf(c.scoring, features)
    return {
      score: s,
      propensity: classify(c, s),
      offset: c.scoring.offset,
      activePredictors: c.scoring.active.length,
      contributions
    }
  }

  const { learn, learnAll, learnKeyed, merge } = learningOf(config, r, keyerList)

  return {
    name: "naiveBayes",
    empty: emptyState,
    score,
    learn,
    learnAll,
    merge,
    codec: stateCodec(config, keyers, r.halfLifeMs !== null),
    reads: config.predictors.map((p) => p.name),
    ...(learnKeyed === undefined ? {} : { learnKeyed }),
    config,
    inspect: (state) => compiled(state).view,
    explain,
    modelScore: (state, features) => rawScoreOf(scoringFor(state), features)
  }
}
