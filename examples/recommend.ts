/**
 * An outdoor shop with 3,000 products: "customers who bought this also bought that" as one
 * catalog action.
 *
 * 1. The product table (category, price, margin, stock) is decoded once (`Items.decode`).
 * 2. Last season's purchases (synthetic and seeded: 30 product families, popular best-sellers,
 *    8,000 customers) are counted into co-occurrence counts and top-20 neighbour lists.
 * 3. The catalog has a newsletter sign-up and `ShopRecs`, an item-recommendation action: products
 *    in stock, valued by their margin (`ItemAction.compile`).
 * 4. Three customers are decided (`ItemAction.decide`): a camper, a new visitor (popular products),
 *    and one who owns the top suggestion already — each decision shows the chosen products with
 *    their CF score and the products left out, with why.
 * 5. A click teaches the product's own model (`Feedback.learn`) and the co-occurrence counts
 *    (`ItemAction.observation`, `CoOccurrence.observe`), and the neighbour lists are rebuilt.
 * 6. Leave-last-out on the same purchases: hit rate@10 of CF against best-sellers.
 *
 * Run with `npm run example:recommend`.
 */
import * as E from "fp-ts/lib/Either.js"
import {
  Catalog,
  CoOccurrence,
  DecodeError,
  Event,
  Feedback,
  Interactions,
  ItemAction,
  Items,
  Models,
  Neighbours,
  Outcome,
  ThompsonSampling,
  type Decision
} from "nextbest"

const now = Date.UTC(2024, 4, 15, 10, 0)

const orFail = <A>(what: string, e: E.Either<DecodeError, A>): A => {
  if (E.isLeft(e)) {
    process.stderr.write(`${what}:\n${DecodeError.render(e.left)}\n`)
    process.exit(1)
  }
  return e.right
}

// ---------------------------------------------------------------------------------------
// 1. the product table: columns, as a shop exports them
// ---------------------------------------------------------------------------------------

const FAMILIES = ["tents", "stoves", "mats", "lamps", "boots", "jackets", "packs", "poles", "bottles", "maps"]
const PRODUCTS = 3000
const purchases = Interactions.generate({ seed: "outdoor shop", items: PRODUCTS, clusters: 30, subjects: 8000 })
const ids = Array.from({ length: PRODUCTS }, (_, i) => `p${String(i).padStart(4, "0")}`)
const family = (i: number): string => FAMILIES[(purchases.clusterOf[i] as number) % FAMILIES.length] as string
const items = orFail(
  "the product table",
  Items.decode({
    ids,
    attributes: {
      category: ids.map((_, i) => family(i)),
      price: ids.map((_, i) => 10 + ((i * 37) % 290)),
      margin: ids.map((_, i) => Math.round((10 + ((i * 37) % 290)) * (0.15 + ((i * 13) % 20) / 100))),
      stock: ids.map((_, i) => (i % 9 === 4 ? 0 : 1 + (i % 25)))
    }
  })
)
process.stdout.write(`products: ${Items.size(items)}, attributes ${items.names.join(", ")}\n`)

// ---------------------------------------------------------------------------------------
// 2. last season's purchases → co-occurrence counts → neighbours
// ---------------------------------------------------------------------------------------

let co = CoOccurrence.fromHistories(Interactions.histories(purchases))
let neighbours = Neighbours.build(co, { similarity: "cosine", shrinkage: 10, k: 20 })
process.stdout.write(
  `purchases: ${purchases.taken.length} by ${co.subjects} customers; ${co.pairs.used} product pairs ` +
    `(${(CoOccurrence.bytes(co) / 1e6).toFixed(1)} MB), neighbour lists ${(Neighbours.bytes(neighbours) / 1e6).toFixed(2)} MB\n\n`
)

// ---------------------------------------------------------------------------------------
// 3. the catalog: a newsletter and one item-recommendation action
// ---------------------------------------------------------------------------------------

const catalog = orFail(
  "the catalog",
  Catalog.catalog({
    issues: [{ name: "Sales", groups: [{ name: "Shop" }, { name: "Engagement" }] }],
    actions: [
      {
        id: "Newsletter",
        issue: "Sales",
        group: "Engagement",
        value: 4,
        channels: [{ channel: "web", direction: "inbound" }]
      },
      {
        id: "ShopRecs",
        issue: "Sales",
        group: "Shop",
        channels: [{ channel: "web", direction: "inbound" }],
        startingPropensity: 0.05,
        startingEvidence: 20
      }
    ],
    recordFeatures: ["item.score", "item.category"]
  })
)
const shopRecs = orFail(
  "the item action",
  ItemAction.compile(catalog, {
    action: "ShopRecs",
    eligibility: { op: "gt", fact: "item.stock", value: 0 },
    value: { fact: "item.margin" },
    candidates: 20,
    owned: "subject.owned",
    features: ["category"]
  })
)
const sources = { items, neighbours }
let models = Models.empty(ThompsonSampling.thompsonSampling())

// ---------------------------------------------------------------------------------------
// 4. three customers
// ---------------------------------------------------------------------------------------

const name = (id: string): string => {
  const i = Items.indexOf(items, id)
  return `${id} (${String(Items.value(items, i, "category"))}, margin ${String(Items.value(items, i, "margin"))})`
}

const show = (who: string, d: Decision): void => {
  process.stdout.write(`${who}\n`)
  for (const a of d.actions) {
    const score = d.record.actions.find((r) => r.actionId === a.actionId)?.features?.["item.score"]
    process.stdout.write(
      `  #${a.rank} ${a.item === undefined ? a.actionId : name(a.item)}: priority ${a.priority.toFixed(3)}` +
        `${score === undefined ? "" : `, CF score ${Number(score).toFixed(3)}`}\n`
    )
  }
  const left = d.excluded.filter((e) => e.stage !== "arbitration")
  for (const e of left.slice(0, 3))
    process.stdout.write(`  left out ${e.actionId} at ${e.stage}: ${Decision_reason(e)}\n`)
  process.stdout.write(`  (${d.excluded.length} left out in all)\n\n`)
}
const Decision_reason = (e: Decision["excluded"][number]): string =>
  e.reason._tag === "PolicyFailed" && "whyNot" in e.reason && e.reason.whyNot !== undefined
    ? e.reason.whyNot.join("; ")
    : e.reason._tag

const camper = Array.from(purchases.taken.subarray(purchases.offsets[0], purchases.offsets[1])).map(
  (i) => ids[i] as string
)
const request = (id: string, owned: ReadonlyArray<string> = []) => ({
  decisionId: `d-${id}`,
  subject: { id, attributes: { owned } },
  context: { now, channel: "web", limit: 4 },
  options: { controlGroup: false }
})

const d1 = ItemAction.decide(shopRecs, sources, models, request("c-1"), { recent: camper })
show(`customer c-1 bought ${camper.slice(-3).map(name).join(", ")}:`, d1)
show("a new visitor (no history: best-sellers):", ItemAction.decide(shopRecs, sources, models, request("c-2")))
const top = d1.actions.find((a) => a.item !== undefined)?.item ?? ""
show(
  `customer c-1 again, owning ${top} already:`,
  ItemAction.decide(shopRecs, sources, models, request("c-1", [top]), { recent: camper })
)

// ---------------------------------------------------------------------------------------
// 5. a click teaches the product's model and the co-occurrence counts
// ---------------------------------------------------------------------------------------

const clicked = d1.actions.find((a) => a.item !== undefined)
if (clicked !== undefined) {
  const event = Event.response(
    { eventId: "e-1", at: now + 60_000, actionId: clicked.actionId, channel: "web", decision: d1.record },
    "clicked"
  )
  models = Feedback.learn(Outcome.defaultLabels)(models, event)
  const history = camper.map((id, k) => ({
    at: now - (camper.length - k) * 86_400_000,
    actionId: `ShopRecs/${id}`,
    issue: "Sales",
    group: "Shop",
    channel: "web",
    outcome: "accepted"
  }))
  const observation = ItemAction.observation(shopRecs, items, history, event)
  if (observation !== undefined) co = CoOccurrence.observe(co, [observation])
  neighbours = Neighbours.build(co)
  process.stdout.write(
    `c-1 clicked ${clicked.item ?? ""}: model ${clicked.modelKey} has ${Models.stateOf(models, clicked.modelKey).positives} positive; ` +
      `the product is now counted with ${observation?.previous.length ?? 0} earlier purchases (${co.pairs.used} pairs)\n\n`
  )
}

// ---------------------------------------------------------------------------------------
// 6. leave-last-out on last season: CF against best-sellers
// ---------------------------------------------------------------------------------------

const { train, test } = Interactions.leaveLastOut(purchases)
const trained = Neighbours.build(CoOccurrence.fromHistories(train))
const cf = Interactions.evaluate(test, (h, k) =>
  Neighbours.candidates(trained, Array.from(h), { n: k }).map((c) => c.item)
)
const best = Array.from(trained.popular)
const sellers = Interactions.evaluate(test, (h, k) => best.filter((i) => !h.includes(i)).slice(0, k))
process.stdout.write(
  `leave-last-out over ${cf.cases} customers: hit rate@10 CF ${cf.hitRate.toFixed(3)} (NDCG ${cf.ndcg.toFixed(3)}), ` +
    `best-sellers ${sellers.hitRate.toFixed(3)} (NDCG ${sellers.ndcg.toFixed(3)})\n`
)
