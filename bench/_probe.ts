import { Catalog, Models, NaiveBayes, OutboundRun, Random, Capacity, Rule as R } from "/work/wt/out-lib/src/index.js"
const now = Date.UTC(2024, 4, 15, 18)
const groups = ["Cards", "Loans", "Deposits", "Insurance", "Invest"]
const actions = Array.from({ length: 50 }, (_, a) => ({
  id: `A${a}`, issue: "Sales", group: groups[a % 5]!, value: 10 + a * 7,
  channels: [{ channel: "email", direction: "outbound" as const }, { channel: "sms", direction: "outbound" as const }],
  policies: { eligibility: R.encode(R.between("subject.segment", a % 5, a % 5 + 1)) }
}))
const c = Catalog.catalog({ issues: [{ name: "Sales", groups: groups.map((name) => ({ name })) }], actions })
if (c._tag === "Left") throw new Error("catalog")
const catalog = c.right
const nb = NaiveBayes.naiveBayes({ predictors: ["age", "income", "tenure", "engagement"].map((n) => NaiveBayes.numeric(`subject.${n}`)), exploration: "none" })
let rng = Random.fromSeed("p")
const draw = () => { const [u, n] = Random.nextDouble(rng); rng = n; return u }
const states: Record<string, NaiveBayes.State> = {}
for (const a of actions) for (const ch of ["email", "sms"]) {
  const responses = Array.from({ length: 500 }, () => ({ features: { "subject.age": 18 + draw() * 60, "subject.income": draw() * 200, "subject.tenure": draw() * 30, "subject.engagement": draw() }, positive: draw() < 0.05, at: now - 1e9 }))
  states[`${a.id}@${ch}`] = NaiveBayes.fit(nb, responses)
}
const models = Models.fromStates(nb, states)
const settings = { runId: "r", now, channels: ["email", "sms"], capacities: [Capacity.capacity("e", 1000, { channel: "email" })], options: { selectionQuadrature: false, controlGroup: false } }
const decide = OutboundRun.decide(catalog, models, settings)
const N = Number(process.argv[2] ?? 5000)
const subs = Array.from({ length: N }, (_, i) => ({ id: `c${i}`, attributes: { segment: i % 6, age: 18 + (i % 60), income: (i * 7) % 200, tenure: i % 30, engagement: (i % 100) / 100 } }))
for (let k = 0; k < 3; k++) {
  const t0 = performance.now()
  let n = 0
  for (const s of subs) n += decide(s).candidates.length
  const ms = performance.now() - t0
  console.log(`${N} decisions ${ms.toFixed(0)} ms, ${(N * 1000 / ms).toFixed(0)}/s, candidates/subject ${(n / N).toFixed(1)}`)
}
