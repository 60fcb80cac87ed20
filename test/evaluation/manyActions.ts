/**
 * A population with many actions described by shared attributes, for the closed loop of a shared
 * model (`Action.model`) against models per action: each action has a `kind` (card, loan,
 * insurance, savings) and a `tier` (1–3), and its true log-odds are a function of them and of the
 * subject — `−3.2 + 0.35·(tier − 2)`, plus an age effect and a segment effect that depend on the
 * kind. With many actions and few decisions, each action gets few responses of its own, while
 * the actions of a kind have the same answers up to their tier: a model over subject × action
 * attributes learns them from every action's responses.
 *
 * Used by test/evaluation/SharedModel.test.ts (a quick run) and bench/sharedModel.ts.
 */
import * as E from "fp-ts/lib/Either.js"
import { Catalog, DecodeError, LinearBandit, Population, Simulation } from "../../src/index.js"

export const KINDS = ["card", "loan", "insurance", "savings"] as const
type Kind = (typeof KINDS)[number]

const AGE: Record<Kind, number> = { card: -0.9, loan: 0.3, insurance: 0.9, savings: 0.2 }
const SEGMENT: Record<Kind, Readonly<Record<string, number>>> = {
  card: { student: 0.8 },
  loan: { family: 0.8 },
  insurance: { family: 0.4, retired: 0.6 },
  savings: { retired: 0.9 }
}

/** the kind and tier of the i-th action */
export const attributesOf = (i: number): { readonly kind: Kind; readonly tier: number } => ({
  kind: KINDS[i % KINDS.length] as Kind,
  tier: 1 + (Math.floor(i / KINDS.length) % 3)
})

/** `actions` actions `A00`, `A01`, … whose truth is a function of their kind and tier */
export const manyActionsSpec = (actions: number, size = 5_000, seed = "nextbest-many-actions"): Population.Spec => ({
  seed,
  size,
  attributes: [
    Population.numeric("age", 45, 15, { decimals: 0 }),
    Population.numeric("income", 50_000, 20_000, { decimals: 0 }),
    Population.symbolic("segment", ["student", "family", "retired"], { weights: [2, 3, 2] })
  ],
  actions: Array.from({ length: actions }, (_, i) => {
    const { kind, tier } = attributesOf(i)
    return {
      id: `A${String(i).padStart(2, "0")}`,
      intercept: -3.2 + 0.35 * (tier - 2),
      effects: [Population.linear("age", AGE[kind]), Population.levels("segment", SEGMENT[kind])]
    }
  })
})

/** the population's catalog: per-action models (`shared` false) or one model `offers` with each action's attributes */
export const catalogOf = (population: Population.Population, shared: boolean): Catalog.Catalog => {
  const spec = Simulation.catalogSpec(population)
  const actions = (spec["actions"] as ReadonlyArray<Record<string, unknown>>).map((a, i) => ({
    ...a,
    properties: attributesOf(i),
    ...(shared ? { model: "offers" } : {})
  }))
  const c = Catalog.catalog({ ...spec, actions })
  if (E.isLeft(c)) throw new Error(DecodeError.render(c.left))
  return c.right
}

/** the subject's terms: standardised age and income, the segment's levels */
export const subjectTerms: ReadonlyArray<LinearBandit.Term> = [
  LinearBandit.numeric("subject.age", { center: 45, scale: 15 }),
  LinearBandit.numeric("subject.income", { center: 50_000, scale: 20_000 }),
  LinearBandit.symbolic("subject.segment", ["student", "family", "retired"])
]

/** the shared model's terms: the subject's, the action's kind and tier, and every subject × action product */
export const sharedTerms: ReadonlyArray<LinearBandit.Term> = LinearBandit.adf(subjectTerms, [
  LinearBandit.symbolic("action.kind", [...KINDS]),
  LinearBandit.numeric("action.tier", { center: 2 })
])
