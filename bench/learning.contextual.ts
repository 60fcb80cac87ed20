/**
 * `learning.contextual` (printed by bench/learning.ts): the speed of the contextual learners.
 *
 * - `baseline`: a hand-written linear score — the 20 numeric features read from the same
 *   `Features` records into a `Float64Array`, standardised, and dotted with a coefficient
 *   `Float64Array` — models scored per second;
 * - per learner (`linearThompson`, `linUcb`): `scoresPerSecond` (`learner.score` on a model learned
 *   from 20,000 responses, 1,000 subjects in turn; the posterior — L⁻¹ and the mean — is computed
 *   once per state and cached, so this is the per-score cost: the feature map, x·μ and ‖L⁻¹x‖²
 *   (O(d²), 231 multiply-adds at 21 columns), one normal draw for Thompson sampling, the `Score`),
 *   `ratioToBaseline`, and `updatesPerSecond` (`learnAll` of 1,000 responses into a learned
 *   state: O(d²) each);
 * - `dimensionLimit`: the same at the most columns a linear model may have (`MAX_DIMENSION`, 127
 *   numeric features and the intercept). Wider profiles (1,000 hashed features) are beyond a
 *   dense model's limit: they need the hashed logistic regression.
 *
 * Method: the baseline and the learners are timed in alternation — 11 rounds, each timing every
 * one for a 150 ms window in turn after a 300 ms warm-up — so that all see the same load on a
 * shared machine; the rates are medians over the rounds, and `ratioToBaseline` is the median of
 * the per-round ratios (timed one after the other, the ratio moved by ±30% between runs at a load
 * average of 2–4). Each learner is scored from a call site of its own, as the baseline is: a call
 * site that sees both kinds of learner measured ~10% lower, the engine's dispatch included.
 *
 * Other learners' entries go beside these, as `learning.contextual.<learnerName>`.
 */
import { Learner, LinearBandit, Random } from "../src/index.js"
import { median, opsPerSecond, round3 } from "./harness.js"

const log = (line: string): void => {
  process.stderr.write(`  learning.contextual: ${line}\n`)
}

/**
 * Scores per second of several runs timed in alternation — `rounds` rounds, each timing every run
 * for one window in turn after a warm-up — so that the baseline and each learner see the same load
 * on the machine: each run's median rate, and the median over the rounds of its rate divided by the
 * first run's (the baseline's) in the same round.
 */
const alternating = (
  runs: ReadonlyArray<() => void>,
  opsPerCall: number,
  rounds = 11,
  windowMs = 150
): { readonly rates: ReadonlyArray<number>; readonly ratios: ReadonlyArray<number> } => {
  const rateOf = (run: () => void, ms: number): number => {
    let calls = 0
    const start = performance.now()
    let now = start
    while (now - start < ms) {
      run()
      calls++
      now = performance.now()
    }
    return (calls * opsPerCall * 1000) / (now - start)
  }
  for (const run of runs) rateOf(run, 300)
  const rates: Array<Array<number>> = runs.map(() => [])
  const ratios: Array<Array<number>> = runs.map(() => [])
  for (let r = 0; r < rounds; r++) {
    const got = runs.map((run) => rateOf(run, windowMs))
    got.forEach((g, j) => {
      rates[j]?.push(g)
      ratios[j]?.push(g / (got[0] as number))
    })
  }
  return { rates: rates.map(median), ratios: ratios.map(median) }
}

interface Setup {
  readonly names: ReadonlyArray<string>
  readonly subjects: ReadonlyArray<Learner.Features>
  readonly observations: ReadonlyArray<Learner.Observation>
}

/** `k` numeric features, subjects with standard normal-ish values, responses linear in three of them */
const setup = (k: number): Setup => {
  const names = Array.from({ length: k }, (_, i) => `subject.x${i}`)
  let rng = Random.fromSeed(`contextual-${k}`)
  const draw = (): number => {
    const [u, next] = Random.nextDouble(rng)
    rng = next
    return u
  }
  const subject = (): Learner.Features => {
    const f: Record<string, number> = {}
    for (const n of names) f[n] = Math.round((draw() * 4 - 2) * 100) / 100
    return f
  }
  const observations: Array<Learner.Observation> = []
  for (let i = 0; i < 20_000; i++) {
    const features = subject()
    const p = 0.1 + 0.03 * (features["subject.x0"] as number) - 0.02 * (features["subject.x1"] as number)
    observations.push({ features, positive: draw() < p, at: 0 })
  }
  return { names, subjects: Array.from({ length: 1000 }, subject), observations }
}

const termsOf = (names: ReadonlyArray<string>): ReadonlyArray<LinearBandit.Term> =>
  names.map((n) => LinearBandit.numeric(n, { center: 0, scale: 1.2 }))

const measure = (k: number): Record<string, unknown> => {
  const { names, subjects, observations } = setup(k)
  const terms = termsOf(names)
  const learners = [LinearBandit.linearThompson({ features: terms }), LinearBandit.linUcb({ features: terms })]
  const d = k + 1
  // the baseline: the same feature reads and a dot product with the posterior mean
  const ts = learners[0] as LinearBandit.LinearBandit
  const state = ts.learnAll(ts.empty, observations)
  const theta = Float64Array.from(ts.coefficients(state).map((c) => c.mean))
  const x = new Float64Array(d)
  const baseline = (f: Learner.Features): number => {
    x[0] = 1
    for (let i = 0; i < k; i++) {
      const v = f[names[i] as string]
      x[i + 1] = typeof v === "number" ? v / 1.2 : 0
    }
    let s = 0
    for (let i = 0; i < d; i++) s += (x[i] as number) * (theta[i] as number)
    return s
  }
  // both compute the same estimate
  for (const f of subjects.slice(0, 50)) {
    const a = ts.estimate(state, f).mean
    const b = baseline(f)
    if (Math.abs(a - b) > 1e-9) throw new Error(`contextual bench: library ${a} and baseline ${b} disagree`)
  }
  let sink = 0
  const runs: Array<() => void> = [
    () => {
      for (const f of subjects) sink += baseline(f)
    }
  ]
  const states = learners.map((learner) => learner.learnAll(learner.empty, observations))
  // each learner is scored from a call site of its own, as by a caller that holds one kind of
  // learner (and as the baseline is): two copies of one loop, since closures of one function share
  // the engine's call-site feedback, and a site that sees both kinds measures its dispatch too
  const loops = [
    (learner: LinearBandit.LinearBandit, s: LinearBandit.State, r0: Random.Rng) => () => {
      let r = r0
      for (const f of subjects) {
        const [score, next] = learner.score(s, f, r)
        r = next
        sink += score.explored
      }
    },
    (learner: LinearBandit.LinearBandit, s: LinearBandit.State, r0: Random.Rng) => () => {
      let r = r0
      for (const f of subjects) {
        const [score, next] = learner.score(s, f, r)
        r = next
        sink += score.explored
      }
    }
  ]
  learners.forEach((learner, j) => {
    const s = states[j] as LinearBandit.State
    const r0 = Random.fromSeed(1)
    learner.score(s, subjects[0] as Learner.Features, r0) // the posterior, computed once
    runs.push((loops[j] as (typeof loops)[number])(learner, s, r0))
  })
  const timed = alternating(runs, subjects.length)
  const hand = timed.rates[0] as number
  const out: Record<string, unknown> = { baseline: { columns: d, scoresPerSecond: round3(hand) } }
  learners.forEach((learner, j) => {
    const s = states[j] as LinearBandit.State
    const scores = timed.rates[j + 1] as number
    const ratio = timed.ratios[j + 1] as number
    const batch = observations.slice(0, 1000)
    const updates = opsPerSecond(() => {
      sink += learner.learnAll(s, batch).responses
    }, batch.length)
    out[learner.name] = {
      columns: d,
      scoresPerSecond: round3(scores),
      ratioToBaseline: round3(ratio),
      updatesPerSecond: round3(updates)
    }
    log(
      `${k} features: ${learner.name} ${round3(scores)} scores/s (${round3(ratio)} of the baseline's ${round3(hand)}), ${round3(updates)} updates/s`
    )
  })
  if (sink === 42) log("")
  return out
}

export const contextual = (): Record<string, unknown> => {
  const at20 = measure(20)
  const atMax = measure(LinearBandit.MAX_DIMENSION - 1)
  return {
    ...at20,
    dimensionLimit: {
      maxDimension: LinearBandit.MAX_DIMENSION,
      ...atMax,
      hashed1000: "beyond the dense limit: 1,000 hashed features need a diagonal model (logistic regression, hashed)"
    }
  }
}
