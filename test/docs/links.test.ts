/**
 * Every link between the README and the docs leads somewhere: a relative link (or an absolute link
 * into this repository on GitHub) names a file that exists, and its `#anchor` names a heading of
 * that file, slugged as GitHub slugs them (lower case; letters, digits, spaces, `-` and `_` kept;
 * spaces to `-`; a repeated heading gets `-1`, `-2`, …).
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, normalize } from "node:path"
import { describe, expect, it } from "vitest"
import { docFiles, root } from "./blocks.js"

const REPO = /^https:\/\/github\.com\/nextbest\/nextbest\/(?:blob|tree)\/main\//

/** GitHub's heading anchors of a markdown file */
export const anchorsOf = (markdown: string): Set<string> => {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  let fenced = false
  for (const line of markdown.split("\n")) {
    if (/^```/.test(line)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading === null) continue
    const base = (heading[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-")
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

/** the links of a markdown file outside code: [text](target) and ![alt](target) */
const linksOf = (markdown: string): Array<{ line: number; target: string }> => {
  const found: Array<{ line: number; target: string }> = []
  let fenced = false
  markdown.split("\n").forEach((line, i) => {
    if (/^```/.test(line)) fenced = !fenced
    if (fenced) return
    const prose = line.replace(/`[^`]*`/g, "")
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      found.push({ line: i + 1, target: m[1] as string })
  })
  return found
}

const files = [...docFiles(), "CONTRIBUTING.md", "CHANGELOG.md"]

describe("links in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/", () => {
  it("anchors are slugged as GitHub does", () => {
    expect([
      ...anchorsOf('# Coming from Pega CDH\n## The agent\'s "why"\n## Tips\n## Tips\n```\n# not a heading\n```')
    ]).toEqual(["coming-from-pega-cdh", "the-agents-why", "tips", "tips-1"])
  })

  for (const file of files) {
    it(`${file}: every link to this repository resolves`, () => {
      const broken: Array<string> = []
      for (const { line, target } of linksOf(readFileSync(join(root, file), "utf8"))) {
        if (/^(https?:|mailto:)/.test(target) && !REPO.test(target)) continue
        const [path = "", anchor] = target.replace(REPO, "/").split("#")
        const resolved =
          path === ""
            ? join(root, file)
            : path.startsWith("/")
              ? join(root, path)
              : normalize(join(root, dirname(file), path))
        if (!existsSync(resolved)) {
          broken.push(`${file}:${line}: ${target} (no such file)`)
          continue
        }
        if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(readFileSync(resolved, "utf8")).has(anchor))
          broken.push(`${file}:${line}: ${target} (no such heading)`)
      }
      expect(broken).toEqual([])
    })
  }
})
