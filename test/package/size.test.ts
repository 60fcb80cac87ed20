/**
 * The size budget and tree-shaking, measured on the build in dist/ (`npm test` builds first) by
 * scripts/size.mjs: esbuild bundles for the browser with the peers fp-ts and io-ts left out.
 * The budget is the one README.md states, so that the README and the check cannot disagree.
 */
import { describe, expect, it } from "vitest"
// @ts-expect-error: a plain .mjs script without declarations
import { budget, bundle, measure } from "../../scripts/size.mjs"

interface Bundle {
  readonly text: string
  readonly bytes: number
  readonly gzip: number
  readonly modules: ReadonlyArray<string>
}
const sizes = (measure as () => Promise<{ entry: Bundle; rule: Bundle }>)()
const bundleOf = bundle as (contents: string, minify?: boolean) => Promise<Bundle>

// strings that occur in learner modules only (src/learners/**): misuse messages and codec names
const LEARNER_ONLY = ['"ThompsonSampling.thompsonSampling"', '"NaiveBayes.naiveBayes"', '"ExternalScore.externalScore"']

describe("size budget (README.md)", () => {
  it("the entry, minified and gzipped, peers excluded, is within the budget the README states", async () => {
    const { entry } = await sizes
    const limit = (budget as () => number)()
    expect(limit).toBeGreaterThan(0)
    expect(entry.gzip, `entry is ${entry.gzip} bytes gzipped, budget ${limit}`).toBeLessThanOrEqual(limit)
    // the peers really are left out: the bundle imports them
    expect(entry.text).toMatch(/from\s*"fp-ts\/lib\//)
    expect(entry.text).toMatch(/from\s*"io-ts\/lib\/index\.js"/)
  })
})

describe("tree-shaking", () => {
  it('import { Rule } from "nextbest" keeps the rule algebra and the kernel, and no learner module', async () => {
    const { rule, entry } = await sizes
    expect(rule.modules).toContain("rules/Rule.js")
    expect(rule.modules.filter((m) => m.startsWith("learners/"))).toEqual([])
    expect(rule.gzip).toBeLessThan(entry.gzip / 3)
  })

  it("no learner-only identifier is in the Rule-only bundle; each is in the whole entry's (the check can fail)", async () => {
    const [rule, all] = await Promise.all([
      bundleOf('import { Rule } from "nextbest"\nexport const r = Rule.gte("subject.age", 18)\n', false),
      bundleOf('export * from "nextbest"', false)
    ])
    for (const s of LEARNER_ONLY) {
      expect(all.text, s).toContain(s)
      expect(rule.text, s).not.toContain(s)
    }
  })

  it("importing a learner does bring it in", async () => {
    const thompson = await bundleOf(
      'import { thompsonSampling } from "nextbest"\nexport const l = thompsonSampling()\n'
    )
    expect(thompson.modules).toContain("learners/ThompsonSampling.js")
    expect(thompson.modules.filter((m) => m.startsWith("learners/NaiveBayes"))).toEqual([])
  })
})
