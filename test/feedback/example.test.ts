/**
 * examples/feedback-loop.ts runs as a user runs it (tsx in a plain node process) and reaches its
 * stated results: both replicas agree, every visit's outcome counts once, re-applied deltas change
 * nothing, and the late and duplicate events are refused.
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))

describe("examples/feedback-loop.ts", () => {
  it("runs and reaches its stated results", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "examples/feedback-loop.ts"], {
      cwd: root,
      encoding: "utf8"
    })
    expect(out).toContain("re-applying every delta changed nothing: true")
    expect(out).toContain("replicas agree: true")
    expect(out).toContain("labels learned: 2000 for 2000 visits")
    expect(out).toMatch(/refused \(duplicate\): event "visit-1999:shown"/)
    expect(out).toMatch(/refused \(expired\): event "visit-1999:late"/)
    expect(out).toContain("round trip exact")
  })
})
