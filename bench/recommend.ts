/**
 * Item-based collaborative filtering: quality and scale.
 *
 * Quality (`recommend.quality.*`): the default synthetic data set of `Interactions.generate`
 * (2,000 items in 40 planted clusters, Zipf popularity, 5,000 subjects, seed "quality"),
 * leave-last-out, hit rate@10 and NDCG@10 of CF (cosine, Jaccard and lift, each with the default
 * shrinkage 10, and cosine without shrinkage) against popularity and a seeded random baseline, all
 * in the same run; `cfOverPopularity` is the ratio of hit rates.
 *
 * Scale (`recommend.scale.*`): `RECOMMEND_ITEMS` items (default 100,000, 1,000 clusters) and about
 * `RECOMMEND_INTERACTIONS` interactions (default 10,000,000: subjects of mean history 20):
 * - `generateMs`, `countMs` (`CoOccurrence.fromHistories`, window 20), `neighboursMs`
 *   (`Neighbours.build`, k 20), `buildMs` (count + neighbours);
 * - `pairs` stored, `coOccurrenceMB`, `neighboursMB` and `neighboursBytesPerItem` (the arrays'
 *   own sizes), `coOccurrenceMBPerItem`, `rssMB` after the build;
 * - `candidatesP50Micros` / `candidatesP99Micros`: top-10 candidates of one subject from its last
 *   20 items (`Neighbours.candidates`), over 20,000 subjects; beside it the baseline
 *   `popularP50Micros` / `popularP99Micros`: the first 10 popular items the subject has not taken
 *   (what a catalog without CF would do);
 * - `decisionP50Micros` / `decisionP99Micros`: a whole `ItemAction.decide` (candidates, item rules,
 *   Thompson sampling per item, arbitration, record) for a catalog of one item action and 4 plain
 *   actions, and `plainDecisionP50Micros` / `plainDecisionP99Micros` the same catalog's
 *   `nextBestAction` without items, same run.
 * - `candidatesCpuP50Micros` / `candidatesCpuP99Micros`, `decisionCpuP50Micros` /
 *   `decisionCpuP99Micros`: the same calls' CPU time (`process.cpuUsage`, microsecond resolution),
 *   which leaves out the time the process waits while a loaded machine runs others.
 * Latencies are per call, after warm-up; the machine is shared (2 cores, loaded): compare with
 * the baselines of the same run. The default size takes a few minutes on an idle 2-core machine,
 * about ten at a load average of 20; `RECOMMEND_INTERACTIONS=2000000` for a quicker run.
 */
import {
  Catalog,
  CoOccurrence,
  Interactions,
  ItemAction,
  Items,
  Models,
  Neighbours,
  nextBestAction,
  Random,
  ThompsonSampling
} from "../src/index.js"
import { latenciesMicros, quantile, round3 } from "./harness.js"

const log = (message: string): void => {
  process.stderr.write(`${message}\n`)
}

const MB = 1024 * 1024

/** per-call CPU time in microseconds (user + system of the process, so a call's wait while the loaded machine runs
 * another process is not counted; the collector's threads are), after warm-up */
const cpuMicros = (run: () => void, samples: number, warmup = 1000): ReadonlyArray<number> => {
  for (let i = 0; i < warmup; i++) run()
  const out = new Float64Array(samples)
  for (let i = 0; i < samples; i++) {
    const start = process.cpuUsage()
    run()
    const used = process.cpuUsage(start)
    out[i] = used.user + used.system
  }
  return Array.from(out)
}

const quality = (): Record<string, number> => {
  const data = Interactions.generate({ seed: "quality" })
  const { train, test } = Interactions.leaveLastOut(data)
  const co = CoOccurrence.fromHistories(train)
  const cf = (settings: Neighbours.Settings): Interactions.Metrics => {
    const nb = Neighbours.build(co, settings)
    return Interactions.evaluate(test, (h, k) => Neighbours.candidates(nb, Array.from(h), { n: k }).map((c) => c.item))
  }
  const popular = Array.from(Neighbours.build(co).popular)
  const popularity = Interactions.evaluate(test, (h, k) => popular.filter((i) => !h.includes(i)).slice(0, k))
  let rng = Random.fromSeed("random baseline")
  const random = Interactions.evaluate(test, (h, k) => {
    const out: Array<number> = []
    while (out.length < k) {
      const [i, next] = Random.nextInt(rng, data.items)
      rng = next
      if (!h.includes(i) && !out.includes(i)) out.push(i)
    }
    return out
  })
  const cosine = cf({ similarity: "cosine" })
  const figures: Record<string, number> = { cases: cosine.cases }
  const put = (name: string, m: Interactions.Metrics): void => {
    figures[`${name}HitRate`] = round3(m.hitRate)
    figures[`${name}Ndcg`] = round3(m.ndcg)
  }
  put("cosine", cosine)
  put("cosineNoShrinkage", cf({ similarity: "cosine", shrinkage: 0 }))
  put("jaccard", cf({ similarity: "jaccard" }))
  put("lift", cf({ similarity: "lift" }))
  put("popularity", popularity)
  put("random", random)
  figures["cfOverPopularity"] = round3(cosine.hitRate / popularity.hitRate)
  return figures
}

const scale = (): Record<string, number> => {
  const items = Number(process.env["RECOMMEND_ITEMS"] ?? 100_000)
  const interactions = Number(process.env["RECOMMEND_INTERACTIONS"] ?? 10_000_000)
  const length = 20
  let t = performance.now()
  const data = Interactions.generate({
    seed: "scale",
    items,
    clusters: Math.max(1, Math.round(items / 100)),
    subjects: Math.round(interactions / length),
    length
  })
  const generateMs = performance.now() - t
  log(
    `recommend: generated ${data.taken.length} interactions of ${data.offsets.length - 1} subjects in ${Math.round(generateMs)} ms`
  )
  const hs = Interactions.histories(data)
  t = performance.now()
  const co = CoOccurrence.fromHistories(hs)
  const countMs = performance.now() - t
  log(`recommend: counted ${co.pairs.used} pairs in ${Math.round(countMs)} ms`)
  t = performance.now()
  const nb = Neighbours.build(co)
  const neighboursMs = performance.now() - t
  log(`recommend: neighbours in ${Math.round(neighboursMs)} ms`)
  const rssMB = process.memoryUsage().rss / MB

  // the candidate step, and the popular-items baseline, per subject
  const samples = Math.min(20_000, hs.length)
  const recentOf = (s: number): Array<number> => {
    const h = hs[(s * 7919) % hs.length] as Int32Array
    return Array.from(h.subarray(Math.max(0, h.length - 20)))
  }
  let s = 0
  const cand = latenciesMicros(() => {
    Neighbours.candidates(nb, recentOf(s++), { n: 10 })
  }, samples)
  s = 0
  const candCpu = cpuMicros(() => {
    Neighbours.candidates(nb, recentOf(s++), { n: 10 })
  }, samples)
  s = 0
  const popular = nb.popular
  const pop = latenciesMicros(() => {
    const recent = recentOf(s++)
    const out: Array<number> = []
    for (let p = 0; p < popular.length && out.length < 10; p++) {
      const i = popular[p] as number
      if (!recent.includes(i)) out.push(i)
    }
  }, samples)

  // a whole decision with an item action, and the plain catalog's
  const table = Items.decode({
    ids: Array.from({ length: co.items.length }, (_, i) => `sku-${i}`),
    attributes: {
      stock: Array.from({ length: co.items.length }, (_, i) => (i % 10 === 0 ? 0 : 5)),
      margin: Array.from({ length: co.items.length }, (_, i) => 1 + (i % 7))
    }
  })
  if (table._tag === "Left") throw new Error("the item table does not decode")
  const plain = ["A", "B", "C", "D"].map((id) => ({
    id,
    issue: "Sales",
    group: "Offers",
    value: 1,
    channels: [{ channel: "web", direction: "inbound" }]
  }))
  const spec = {
    issues: [{ name: "Sales", groups: [{ name: "Offers" }, { name: "Shop" }] }],
    actions: [
      ...plain,
      { id: "Recs", issue: "Sales", group: "Shop", value: 1, channels: [{ channel: "web", direction: "inbound" }] }
    ]
  }
  const catalog = Catalog.catalog(spec)
  if (catalog._tag === "Left") throw new Error("the catalog does not decode")
  const action = ItemAction.compile(catalog.right, {
    action: "Recs",
    eligibility: { fact: "item.stock", op: "gt", value: 0 },
    value: { fact: "item.margin" },
    candidates: 10
  })
  if (action._tag === "Left") throw new Error("the item action does not decode")
  const models = Models.empty(ThompsonSampling.thompsonSampling())
  const request = (n: number) => ({
    decisionId: `d-${n}`,
    subject: { id: `s-${n}` },
    context: { now: 1_714_521_600_000, channel: "web", limit: 3 },
    options: { controlGroup: false, trace: "none" as const }
  })
  // one decision with items, for the wall-clock and the CPU-time measurement alike
  const decideOne = (): void => {
    const n = s++
    ItemAction.decide(action.right, { items: table.right, neighbours: nb }, models, request(n), {
      recent: recentOf(n).map((i) => `sku-${i}`)
    })
  }
  s = 0
  const decision = latenciesMicros(decideOne, Math.min(5000, samples), 300)
  s = 0
  const decisionCpu = cpuMicros(decideOne, Math.min(5000, samples), 300)
  s = 0
  const plainDecision = latenciesMicros(
    () => {
      nextBestAction(catalog.right, models, request(s++))
    },
    Math.min(5000, samples),
    300
  )
  const nbBytes = Neighbours.bytes(nb)
  return {
    items: co.items.length,
    subjects: hs.length,
    interactions: data.taken.length,
    generateMs: Math.round(generateMs),
    countMs: Math.round(countMs),
    neighboursMs: Math.round(neighboursMs),
    buildMs: Math.round(countMs + neighboursMs),
    pairs: co.pairs.used,
    coOccurrenceMB: round3(CoOccurrence.bytes(co) / MB),
    coOccurrenceMBPerItem: round3(CoOccurrence.bytes(co) / MB / co.items.length),
    neighboursMB: round3(nbBytes / MB),
    neighboursBytesPerItem: round3(nbBytes / co.items.length),
    rssMB: Math.round(rssMB),
    candidatesP50Micros: round3(quantile(cand, 0.5)),
    candidatesP99Micros: round3(quantile(cand, 0.99)),
    candidatesCpuP50Micros: round3(quantile(candCpu, 0.5)),
    candidatesCpuP99Micros: round3(quantile(candCpu, 0.99)),
    popularP50Micros: round3(quantile(pop, 0.5)),
    popularP99Micros: round3(quantile(pop, 0.99)),
    decisionP50Micros: round3(quantile(decision, 0.5)),
    decisionP99Micros: round3(quantile(decision, 0.99)),
    decisionCpuP50Micros: round3(quantile(decisionCpu, 0.5)),
    decisionCpuP99Micros: round3(quantile(decisionCpu, 0.99)),
    plainDecisionP50Micros: round3(quantile(plainDecision, 0.5)),
    plainDecisionP99Micros: round3(quantile(plainDecision, 0.99))
  }
}

export const run = async (): Promise<Record<string, unknown>> => {
  log("recommend: quality…")
  const q = quality()
  log("recommend: scale…")
  const sc = scale()
  return Promise.resolve({ recommend: { quality: q, scale: sc } })
}
