/**
 * The outbound scale run, in a process of its own so that its peak RSS is its own (run by
 * bench/outbound.ts; `tsx bench/outbound.scale.ts [subjects]` runs it alone and prints JSON).
 *
 * `subjects` customers (default 1,000,000) × 50 actions (10 groups, email and SMS, each action
 * eligible for a third of the customers by segment), naive Bayes models of 4 predictors per action
 * × channel, caps per channel, group, action and group × channel. Streamed as docs/outbound.md
 * shows it: the customers come from an async iterable (generated on the fly, seeded, as a file
 * would be read), read once for the price sample (`OutboundRun.sampleAsync`, 2 % of them) and
 * once for the run (`OutboundRun.streamAsync`); every outcome is consumed and dropped. The total
 * time includes both passes, the sample's decisions and every price estimate.
 */
import {
  Capacity,
  Catalog,
  DecodeError,
  Models,
  NaiveBayes,
  OutboundRun,
  Random,
  Rule as R,
  type Learner,
  type Request
} from "../src/index.js"

type Subject = Request.Subject

const SUBJECTS = Number(process.argv[2] ?? process.env["OUTBOUND_SCALE"] ?? 1_000_000)
const SAMPLE_RATE = Number(process.env["OUTBOUND_SCALE_SAMPLE"] ?? 0.02)
const now = Date.UTC(2024, 4, 15, 18)
const GROUPS = Array.from({ length: 10 }, (_, g) => `G${g}`)
const actions = Array.from({ length: 50 }, (_, a) => ({
  id: `A${String(a).padStart(2, "0")}`,
  issue: a % 2 === 0 ? "Sales" : "Retention",
  group: GROUPS[Math.floor(a / 5)] as string,
  value: 20 + ((a * 37) % 180),
  channels: [
    { channel: "email", direction: "outbound" as const },
    { channel: "sms", direction: "outbound" as const }
  ],
  // each action is for a third of the customers (segments 0–5, two of them per action)
  policies: { eligibility: R.encode(R.between("subject.segment", a % 5, (a % 5) + 1)) }
}))
const compiled = Catalog.catalog({
  issues: ["Sales", "Retention"].map((name) => ({ name, groups: GROUPS.map((g) => ({ name: g })) })),
  actions
})
if (compiled._tag === "Left") throw new Error(DecodeError.render(compiled.left))
const catalog = compiled.right

/** a customer from its index: deterministic, nothing kept */
const customer = (i: number): Subject => {
  const u = (k: number): number => Random.hashString(`${i}:${k}`) / 4294967296
  return {
    id: `c${i}`,
    attributes: {
      segment: i % 6,
      age: 18 + Math.floor(u(0) * 62),
      income: Math.round(15 + u(1) * u(2) * 180),
      tenure: Math.floor(u(3) * 30),
      engagement: Math.round(u(4) * 100) / 100
    }
  }
}
async function* customers(): AsyncGenerator<Subject> {
  for (let i = 0; i < SUBJECTS; i++) yield customer(i)
}

const nb = NaiveBayes.naiveBayes({
  predictors: ["age", "income", "tenure", "engagement"].map((n) => NaiveBayes.numeric(`subject.${n}`)),
  exploration: "none"
})
let rng = Random.fromSeed("outbound-scale")
const draw = (): number => {
  const [x, next] = Random.nextDouble(rng)
  rng = next
  return x
}
const states: Record<string, NaiveBayes.State> = {}
for (const a of actions)
  for (const channel of ["email", "sms"]) {
    const base = 0.01 + 0.08 * draw()
    const responses = Array.from({ length: 400 }, (_, k) => {
      const c = customer(SUBJECTS + k)
      const f: Learner.Features = Object.fromEntries(
        Object.entries(c.attributes ?? {}).map(([key, v]) => [`subject.${key}`, v as number])
      )
      const p = base * (0.5 + (f["subject.engagement"] as number)) * (channel === "sms" ? 0.7 : 1)
      return { features: f, positive: draw() < p, at: now - 30 * 86_400_000 }
    })
    states[`${a.id}@${channel}`] = NaiveBayes.fit(nb, responses)
  }
const models = Models.fromStates(nb, states)

const N = SUBJECTS
const cap = (share: number): number => Math.max(1, Math.round(N * share))
const capacities = [
  Capacity.capacity("emails", cap(0.3), { channel: "email" }),
  Capacity.capacity("sms", cap(0.1), { channel: "sms" }),
  ...GROUPS.slice(0, 5).map((g) => Capacity.capacity(`group-${g}`, cap(0.04), { group: g })),
  ...actions
    .slice(0, 50)
    .filter((_, k) => k % 5 === 2)
    .map((a) => Capacity.capacity(`action-${a.id}`, cap(0.01), { actionId: a.id })),
  ...GROUPS.slice(5, 7).map((g) => Capacity.capacity(`sms-${g}`, cap(0.01), { group: g, channel: "sms" }))
]
const settings: OutboundRun.RunSettings = {
  runId: "scale-2024-05-15",
  now,
  channels: ["email", "sms"],
  capacities
}

const clock = (): number => performance.now()
const log = (message: string): void => {
  process.stderr.write(`${message}\n`)
}
const every = Math.max(1000, Math.floor(N / 10))
const cpu0 = process.cpuUsage()
const t0 = clock()
const sample = await OutboundRun.sampleAsync(catalog, models, settings, {
  rate: SAMPLE_RATE,
  population: N,
  clock,
  progressEvery: every,
  onProgress: (p) => log(`  sample: ${p.done} of ${p.total} read, ${Math.round(p.perSecond ?? 0)}/s`)
})(customers())
const sampledAt = clock()
let contacted = 0
let sent = 0
const run = OutboundRun.streamAsync(catalog, models, settings, sample.offers, {
  population: sample.population,
  ...JSON.parse(process.env["SETTINGS"] ?? "{}"),
  clock,
  progressEvery: every,
  onProgress: (p) =>
    log(
      `  stream: ${p.done} of ${p.total}, ${Math.round(p.perSecond ?? 0)}/s, ${Math.round((p.remainingMs ?? 0) / 1000)} s left, rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB`
    )
})(customers())
let step = await run.next()
for (; step.done !== true; step = await run.next()) {
  if (step.value.chosen.length > 0) contacted++
  sent += step.value.chosen.length
}
const ms = clock() - t0
const cpu = process.cpuUsage(cpu0)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
const report = step.value
const held = capacities.every((c) => (report.usage[c.id] ?? 0) <= c.max)
process.stdout.write(
  `${JSON.stringify({
    subjects: report.subjects,
    actions: actions.length,
    sampleRate: SAMPLE_RATE,
    sampleSubjects: sample.offers.length,
    sampleSeconds: Math.round(sampledAt - t0) / 1000,
    totalSeconds: Math.round(ms) / 1000,
    subjectsPerSecond: Math.round((report.subjects * 1000) / ms),
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    subjectsPerCpuSecond: Math.round(report.subjects / cpuSeconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    contacted,
    sent,
    capsHeld: held,
    objective: Math.round(report.objective * 1000) / 1000,
    priceEstimates: report.estimates
  })}\n`
)
