/**
 * The code blocks of README.md and docs/*.md that are not TypeScript (typecheck.test.ts and
 * readme.test.ts test those) are tested too, each by what it is:
 * - ```` ```json request ````, ```` ```json rule ````, ```` ```json catalog ```` decode with
 *   `Request.decode`, `Rule.decode` or `catalog`; ```` ```json catalog-entry ```` is a key of a
 *   catalog (`"historyFeatures": {…}`), decoded inside a minimal catalog; ```` ```json outbound-settings ````
 *   is the outbound command-line tool's settings file, decoded by the tool; ```` ```json response ```` is an
 *   answer of the reference service, shown (it must parse as JSON; test/service checks the real
 *   answers). An unmarked json block fails.
 * - ```` ```js json-rules-engine ```` (docs/coming-from.md) runs with json-rules-engine's `engine`
 *   in scope; the `events` it yields must be what the comment on its last line says.
 * - ```` ```sh ```` blocks: every `npm run X` names a script of package.json, with its arguments
 *   where they can be checked here (bench sections), every `npm install` names this package and
 *   its peers (and tsx to run examples), every `npx tsx F` an example of examples/.
 * - ```` ```text ```` is output or a picture in characters, and ```` ```sql ```` a schema for the
 *   user's own database (no database runs in the tests): shown, not run. Any other language fails,
 *   so a new kind of block gets a test here first.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import * as E from "fp-ts/lib/Either.js"
import { Engine } from "json-rules-engine"
import { catalog, DecodeError, Request, Rule } from "nextbest"
import { describe, expect, it } from "vitest"
import { decodeRun } from "../../examples/outbound-cli/inputs.js"
import { docFiles, root } from "./blocks.js"

interface Fenced {
  readonly where: string
  readonly language: string
  readonly word: string | undefined
  readonly code: string
}

const fenced = (file: string): Array<Fenced> => {
  const lines = readFileSync(`${root}/${file}`, "utf8").split("\n")
  const found: Array<Fenced> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(?:\s+([\w-]+))?\s*$/.exec(lines[i] as string)
    if (open === null) continue
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length && !/^```\s*$/.test(lines[j] as string); j++) body.push(lines[j] as string)
    found.push({ where: `${file}:${i + 1}`, language: open[1] as string, word: open[2], code: body.join("\n") })
    i = j
  }
  return found
}

const blocks = docFiles().flatMap(fenced)
const of = (language: string) => blocks.filter((b) => b.language === language)

const rendered = <A>(result: E.Either<DecodeError, A>): string =>
  E.isLeft(result) ? DecodeError.render(result.left) : "decodes"

const MINIMAL_CATALOG = { issues: [{ name: "Sales", groups: [{ name: "Cards" }] }], actions: [] }

const decoders: Record<string, (json: string) => string> = {
  request: (json) => rendered(Request.decode(JSON.parse(json))),
  rule: (json) => rendered(Rule.decode(JSON.parse(json))),
  catalog: (json) => rendered(catalog(JSON.parse(json))),
  "catalog-entry": (json) => rendered(catalog({ ...MINIMAL_CATALOG, ...JSON.parse(`{${json}}`) })),
  // the settings file of the outbound command-line tool (docs/outbound-cli.md), decoded by the tool
  "outbound-settings": (json) => rendered(decodeRun(JSON.parse(json))),
  // an answer of the reference service (docs/service.md): shown, so it must at least be JSON
  // (test/service checks what the service really answers)
  response: (json) => {
    try {
      JSON.parse(json)
      return "decodes"
    } catch (e) {
      return `not JSON: ${(e as Error).message}`
    }
  }
}

const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as {
  name: string
  scripts: Record<string, string>
  peerDependencies: Record<string, string>
}
const benchSections = readdirSync(`${root}/bench`)
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && f !== "index.ts" && f !== "harness.ts")
  .map((f) => f.slice(0, -3))

/** what is wrong with one command line of a sh block, or undefined */
const shellProblem = (line: string): string | undefined => {
  // leading environment assignments (`NEXTBEST_TOKEN=… npm run service`) are not the command
  const words = line
    .replace(/#.*$/, "")
    .trim()
    .split(/\s+/)
    .filter((_, k, all) => !all.slice(0, k + 1).every((x) => /^[A-Z_][A-Z0-9_]*=/.test(x)))
  const [tool, verb, ...rest] = words
  if (tool === "npm" && (verb === "test" || verb === "ci")) return undefined
  if (tool === "npm" && verb === "install") {
    const allowed = new Set([pkg.name, ...Object.keys(pkg.peerDependencies), "tsx"])
    const unknown = rest.filter((p) => !allowed.has(p))
    return unknown.length === 0 ? undefined : `installs ${unknown.join(", ")}: not this package, a peer or tsx`
  }
  if (tool === "npm" && verb === "run") {
    const [script, dashes, ...args] = rest
    if (script === undefined || pkg.scripts[script] === undefined) return `no script "${script}" in package.json`
    if (dashes !== undefined && dashes !== "--") return `arguments without "--"`
    if (script === "bench") {
      const unknown = args.filter((a) => !a.startsWith("--") && !benchSections.includes(a))
      if (unknown.length > 0) return `no bench section ${unknown.join(", ")} (bench/: ${benchSections.join(", ")})`
    }
    return undefined
  }
  if (tool === "npx" && verb === "tsx") {
    const file = rest[0] ?? ""
    return existsSync(`${root}/examples/${file.replace(/^examples\//, "")}`) ? undefined : `no example ${file}`
  }
  return `a command this test does not know: ${line}`
}

describe("code blocks other than TypeScript", () => {
  it("are of the languages tested or shown here", () => {
    const known = new Set(["ts", "typescript", "json", "js", "sh", "text", "sql"])
    expect(blocks.filter((b) => !known.has(b.language)).map((b) => `${b.where} ${b.language}`)).toEqual([])
  })

  it("there are json, js and sh blocks to test", () => {
    expect(of("json").length).toBeGreaterThanOrEqual(3)
    expect(of("js").length).toBeGreaterThanOrEqual(1)
    expect(of("sh").length).toBeGreaterThanOrEqual(5)
  })

  it("every json block says what it is and decodes as that", () => {
    const results = of("json").map((b) => {
      const decode = b.word === undefined ? undefined : decoders[b.word]
      if (decode === undefined) return `${b.where}: say request, rule, catalog, catalog-entry or response after json`
      return `${b.where}: ${decode(b.code)}`
    })
    expect(results).toEqual(of("json").map((b) => `${b.where}: decodes`))
  })

  it("a json block that does not decode fails here", () => {
    expect(decoders["request"]?.(`{ "decisionId": "x", "context": { "now": "2024-05-15" } }`)).toMatch(/subject/)
    expect(decoders["catalog-entry"]?.(`"historyFeatures": { "windowsDays": [0] }`)).not.toBe("decodes")
  })

  it("the json-rules-engine block runs and yields what its last line says", async () => {
    const js = of("js")
    expect(js.map((b) => b.word)).toEqual(js.map(() => "json-rules-engine"))
    for (const b of js) {
      const lines = b.code.trim().split("\n")
      const stated = /\/\/\s*(.+)$/.exec(lines[lines.length - 1] as string)?.[1]
      expect(stated, `${b.where}: its last line states the events in a comment`).toBeDefined()
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
        ...args: Array<string>
      ) => (engine: Engine) => Promise<unknown>
      const program = new AsyncFunction("engine", `${b.code}\nreturn events.map((e) => ({ type: e.type }))`)
      expect(await program(new Engine()), b.where).toEqual(new Function(`return ${stated}`)())
    }
  })

  it("every sh command names a script, an example or this package", () => {
    const problems = of("sh").flatMap((b) =>
      b.code
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"))
        .flatMap((line) => {
          const problem = shellProblem(line)
          return problem === undefined ? [] : [`${b.where}: ${problem}`]
        })
    )
    expect(problems).toEqual([])
  })

  it("a wrong sh command fails here", () => {
    expect(shellProblem("npm run exmaple:inbound")).toMatch(/no script/)
    expect(shellProblem("npm run bench -- --json eligibilty")).toMatch(/no bench section/)
    expect(shellProblem("npx tsx nowhere.ts")).toMatch(/no example/)
  })
})
