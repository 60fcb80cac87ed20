/**
 * Internal: the propensity stage — each candidate's learner score and exploration draw, the
 * control group's uniform draw instead, or the starting propensity when analytics are off.
 *
 * @internal
 * @since 0.1.0
 */
import type { Catalog, CompiledChannel } from "../../../catalog/Catalog.js"
import { derive, nextDouble, type Rng } from "../../../kernel/Random.js"
import { modelKey, stateOf, type Models } from "../../../learners/Models.js"
import type { Candidate } from "../candidate.js"
import * as Redraw from "../Redraw.js"

/**
 * The learner states of a catalog's models, looked up once per models value and catalog (an
 * unobservable cache: `Models` values are immutable, and a state is a pure function of them).
 */
interface StateTable {
  readonly catalog: Catalog
  readonly states: Array<unknown>
  readonly known: Uint8Array
}

const stateTables = new WeakMap<object, StateTable>()

const stateTableOf = (catalog: Catalog, models: object): StateTable => {
  let table = stateTables.get(models)
  if (table === undefined || table.catalog !== catalog) {
    table = { catalog, states: new Array<unknown>(catalog.modelCount), known: new Uint8Array(catalog.modelCount) }
    stateTables.set(models, table)
  }
  return table
}

const stateFor = <S>(table: StateTable, models: Models<S>, channel: CompiledChannel): S => {
  const i = channel.model
  if (table.known[i] === 1) return table.states[i] as S
  const state = stateOf(models, channel.modelKey)
  table.states[i] = state
  table.known[i] = 1
  return state
}

/** clamps to [0, 1] */
export const clamp = (x: number): number => (x >= 0 ? (x <= 1 ? x : 1) : 0)

/** 7. sets each candidate's propensities, evidence and randomness; whether any propensity is random */
export const propensity = <S>(
  catalog: Catalog,
  models: Models<S>,
  candidates: ReadonlyArray<Candidate>,
  analytics: boolean,
  control: boolean,
  rng: Rng
): boolean => {
  const learner = models.learner
  const states = candidates.length > 0 ? stateTableOf(catalog, models) : undefined
  let stochastic = false
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as Candidate
    const a = c.action
    const key = c.channel.modelKey
    if (!analytics || !a.analytics) {
      c.modelPropensity = a.startingPropensity
      c.evidence = a.prior?.evidence ?? 0
      c.propensity = a.startingPropensity
    } else {
      const state = stateFor(states as StateTable, models, c.channel)
      const scoreRng = derive(rng, key)
      const [score] =
        a.prior === undefined
          ? learner.score(state, c.features, scoreRng)
          : learner.score(state, c.features, scoreRng, a.prior)
      c.modelPropensity = clamp(score.propensity)
      c.evidence = Number.isFinite(score.evidence) ? score.evidence : 0
      if (score.modelScore !== undefined && Number.isFinite(score.modelScore)) c.modelScore = score.modelScore
      c.propensity = clamp(score.explored)
      if (score.exploration !== undefined) {
        c.randomness = Redraw.BETA
        c.exploration = score.exploration
      } else if (c.propensity !== c.modelPropensity && score.deterministic !== true) c.randomness = Redraw.RESCORE
    }
    if (control) {
      // one uniform draw per candidate: the actions of a shared model draw by their own key
      const own = a.model === undefined ? key : modelKey(a.id, c.channel.channel)
      c.propensity = nextDouble(derive(rng, `control:${own}`))[0]
      c.randomness = Redraw.UNIFORM
    }
    if (c.randomness !== Redraw.FIXED) stochastic = true
  }
  return stochastic
}
