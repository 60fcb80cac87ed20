/**
 * The generated catalog `npm run service` starts with (the shape of bench/decision.ts): `actions`
 * actions (200 by default) in 4 issues × 10 groups on the web channel, each eligible by a rule
 * `age ≥ a AND segment in S AND balance > b AND NOT churned`, two suppressions (an action shown 3
 * times in 7 days, a group rejected twice in 30 days), a data model that requests are checked
 * against, and naive Bayes models of 6 predictors per action.
 */
import * as E from "fp-ts/lib/Either.js"
import { Catalog, DecodeError, NaiveBayes, Random, Rule as R } from "../../src/index.js"

export const SEGMENTS = ["basic", "bronze", "silver", "gold", "platinum"] as const

/** the catalog as JSON (what a team would keep in a file or a table) */
export const catalogSpec = (actions: number, seed = "nextbest-service"): unknown => {
  let rng = Random.fromSeed(seed)
  const int = (n: number): number => {
    const [x, next] = Random.nextInt(rng, n)
    rng = next
    return x
  }
  const issues = 4
  const groups = 10
  return {
    issues: Array.from({ length: issues }, (_, i) => ({
      name: `issue-${i}`,
      groups: Array.from({ length: groups }, (_, g) => ({ name: `group-${i}-${g}` }))
    })),
    actions: Array.from({ length: actions }, (_, i) => {
      const issue = i % issues
      const group = Math.floor(i / issues) % groups
      const segments = SEGMENTS.filter(() => int(2) === 0)
      return {
        id: `action-${String(i).padStart(3, "0")}`,
        issue: `issue-${issue}`,
        group: `group-${issue}-${group}`,
        channels: [{ channel: "web", direction: "inbound" }],
        value: 10 + int(200),
        policies: {
          eligibility: R.encode(
            R.all(
              R.gte("subject.age", 18 + int(30)),
              R.in("subject.segment", segments.length > 0 ? segments : [SEGMENTS[int(5)] as string]),
              R.gt("subject.balance", 100 * int(100)),
              R.not(R.eq("subject.churned", true))
            )
          )
        }
      }
    }),
    suppressions: [
      {
        id: "shown3in7",
        scope: "action",
        when: { outcomes: ["impression"], withinDays: 7, atLeast: 3 },
        suppressDays: 10
      },
      {
        id: "rejected2in30",
        scope: "group",
        when: { outcomes: ["rejected"], withinDays: 30, atLeast: 2 },
        suppressDays: 30
      }
    ],
    dataModel: {
      subject: {
        age: { type: "integer", required: true },
        segment: { type: "enum", values: [...SEGMENTS], required: true },
        balance: { type: "number", required: true },
        churned: { type: "boolean" },
        score: { type: "number" },
        tag: { type: "string" }
      },
      context: { page: { type: "string" } }
    }
  }
}

/** the compiled catalog; throws with every problem when the spec does not decode */
export const generatedCatalog = (actions: number): Catalog.Catalog => {
  const c = Catalog.catalog(catalogSpec(actions))
  if (E.isLeft(c)) throw new Error(`the generated catalog does not decode:\n${DecodeError.render(c.left)}`)
  return c.right
}

/** the learner of every model key: adaptive naive Bayes over the subject's attributes */
export const learner = NaiveBayes.naiveBayes({
  predictors: [
    NaiveBayes.numeric("subject.age"),
    NaiveBayes.symbolic("subject.segment"),
    NaiveBayes.numeric("subject.balance"),
    NaiveBayes.symbolic("subject.churned"),
    NaiveBayes.numeric("subject.score"),
    NaiveBayes.symbolic("subject.tag")
  ]
})
