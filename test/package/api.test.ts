/**
 * The public surface, pinned: every name reachable from `src/index.ts`, one line each
 * (`Namespace.member kind`), compared with `test/package/api.txt`. A change to the public API
 * shows up here as a diff of that file, so every addition or removal is a decision someone made
 * (docs/architecture.md, "What is public and why"). Regenerate with `npx vitest run
 * test/package/api.test.ts -u` after a deliberate change, and say it in CHANGELOG.md.
 */
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url))

const kindOf = (s: ts.Symbol): string => {
  const kinds: Array<string> = []
  if (s.flags & ts.SymbolFlags.Value) kinds.push("value")
  if (s.flags & ts.SymbolFlags.Type) kinds.push("type")
  return kinds.join("+")
}

const surface = (): ReadonlyArray<string> => {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entry)
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source)
  if (module === undefined) throw new Error(`cannot read ${entry}`)
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)
  const lines: Array<string> = []
  for (const name of checker.getExportsOfModule(module)) {
    const target = resolve(name)
    const isModule = (target.declarations ?? []).some((d) => ts.isSourceFile(d))
    if (!isModule) {
      lines.push(`${name.name} ${kindOf(target)}`)
      continue
    }
    // a namespace; the same name may also be a type (the module's main type)
    const typeToo =
      (name.declarations ?? []).length > 1 || checker.getDeclaredTypeOfSymbol(name).flags !== ts.TypeFlags.Any
    lines.push(`${name.name} namespace${typeToo ? "+type" : ""}`)
    // members in name order, so that moving code between modules does not reorder the file
    const members = [...checker.getExportsOfModule(target)].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    )
    for (const member of members) lines.push(`${name.name}.${member.name} ${kindOf(resolve(member))}`)
  }
  return lines
}

describe("the public surface", () => {
  const lines = surface()

  it("is the pinned list in test/package/api.txt", async () => {
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot("./api.txt")
  })

  it("has no second name for one thing: no namespace member repeats its namespace's name as a prefix", () => {
    const stutter = lines
      .map((l) => l.split(" ")[0] as string)
      .filter((n) => n.includes("."))
      .filter((n) => {
        const [ns, member] = n.split(".") as [string, string]
        return member !== ns && member.startsWith(ns) && /[A-Z]/.test(member.charAt(ns.length))
      })
    expect(stutter).toEqual([])
  })
})
