/**
 * What a user meets on the npm page: package.json's `repository`, `homepage` and `bugs`, and a
 * README whose links all work there. npm renders the README alone (docs/ is not in the tarball,
 * CONTRIBUTING.md says why), so every link is absolute: into this repository on GitHub at `main`
 * (files that must exist here), or elsewhere by https, or an anchor of the README itself.
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as Record<string, unknown>
const readme = readFileSync(`${root}/README.md`, "utf8")

const REPO = "https://github.com/nextbest/nextbest"
const BLOB = `${REPO}/blob/main/`
const RAW = "https://raw.githubusercontent.com/nextbest/nextbest/main/"

// Markdown links and images outside code blocks: [text](target) and ![alt](target)
const prose = readme.replace(/^```[^]*?^```/gm, "")
const targets = [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] as string)

const anchors = new Set(
  [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
    (m[1] as string)
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .replace(/\s/g, "-")
  )
)

describe("package.json points at the repository", () => {
  it("has repository, homepage and bugs", () => {
    expect(pkg["repository"]).toEqual({ type: "git", url: `git+${REPO}.git` })
    expect(pkg["homepage"]).toBe(`${REPO}#readme`)
    expect(pkg["bugs"]).toEqual({ url: `${REPO}/issues` })
  })
  it("ships dist/ only (and what npm always adds), not docs/", () => {
    expect(pkg["files"]).toEqual(["dist"])
  })
})

describe("README links work from the npm page", () => {
  it("has links to check, among them every guide in docs/", () => {
    expect(targets.length).toBeGreaterThan(10)
    expect(targets).toContain(`${BLOB}docs/troubleshooting.md`)
  })

  it("links nothing relatively", () => {
    expect(targets.filter((t) => !t.startsWith("https://") && !t.startsWith("#"))).toEqual([])
  })

  it("links into the repository only at main, and each linked file exists", () => {
    const inRepo = targets.filter((t) => t.startsWith(REPO) || t.startsWith("https://raw.githubusercontent.com/"))
    const wrong = inRepo.filter((t) => !t.startsWith(BLOB) && !t.startsWith(RAW) && t !== REPO)
    expect(wrong).toEqual([])
    const files = inRepo
      .filter((t) => t.startsWith(BLOB) || t.startsWith(RAW))
      .map((t) => (t.startsWith(BLOB) ? t.slice(BLOB.length) : t.slice(RAW.length)).replace(/#.*$/, ""))
    expect(files.filter((f) => !existsSync(`${root}/${f}`))).toEqual([])
  })

  it("links to pictures by their raw URL (a blob URL is a page, not an image)", () => {
    const images = [...prose.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] as string)
    expect(images.filter((t) => t.startsWith(REPO))).toEqual([])
  })

  it("anchors name headings of the README", () => {
    const local = targets.filter((t) => t.startsWith("#")).map((t) => t.slice(1))
    expect(local.filter((a) => !anchors.has(a))).toEqual([])
  })
})
