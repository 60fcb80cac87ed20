/**
 * Customers from a CSV file, streamed (csv-parse over a file stream: one record in memory at a
 * time), each row typed by the catalog's data model and checked with the library's request codec
 * (`Request.decodeFor`): a row is a customer, or a reject with its line number and every reason.
 */
import { createReadStream } from "node:fs"
import { parse, type CsvError, type Info } from "csv-parse"
import * as E from "fp-ts/lib/Either.js"
import { type Catalog, DataModel, DecodeError, Request } from "nextbest"

/** A customer read from the file, at its line (the first line of its record). */
export interface Row {
  readonly _tag: "Row"
  readonly line: number
  readonly subject: Request.Subject
}

/** A bad row: its lines (a record may span several), and why. */
export interface Reject {
  readonly _tag: "Reject"
  readonly line: number
  readonly endLine: number
  readonly reasons: ReadonlyArray<string>
}

/** What the file's header says: the columns, and the problems that make the file unusable. */
export interface Header {
  readonly _tag: "Header"
  readonly columns: ReadonlyArray<string>
  readonly problems: ReadonlyArray<string>
}

/** Progress of a read: bytes read so far. */
export interface Read {
  readonly _tag: "Read"
  readonly bytes: number
}

export type Item = Row | Reject | Header | Read

export interface ReadSettings {
  readonly catalog: Catalog.Catalog
  readonly now: number
  readonly channels: ReadonlyArray<string>
  readonly idColumn: string
}

/** The column that holds a customer's interaction history, as JSON. */
export const HISTORY_COLUMN = "history"

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * A cell's value for an attribute of the given type (no type: no data model). Text that does not
 * read as the type is kept as text, so that the request codec reports it with what it found.
 */
export const cellValue = (type: DataModel.AttributeType | undefined, cell: string): unknown => {
  switch (type) {
    case "number":
    case "integer":
      return NUMBER.test(cell) ? Number(cell) : cell
    case "boolean":
      return cell === "true" ? true : cell === "false" ? false : cell
    case "instant":
      return NUMBER.test(cell) ? Number(cell) : cell
    case "list":
      return cell.split("|")
    case "string":
    case "enum":
      return cell
    case undefined:
      return NUMBER.test(cell) ? Number(cell) : cell === "true" ? true : cell === "false" ? false : cell
  }
}

const newlines = (s: string): number => {
  let n = 0
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++
  return n
}

/** the first and last line of a raw record whose last line is `lines` (csv-parse's count) */
const span = (lines: number, raw: string | undefined): readonly [number, number] => {
  if (raw === undefined) return [lines, lines]
  const body = raw.endsWith("\r\n") ? raw.slice(0, -2) : raw.endsWith("\n") ? raw.slice(0, -1) : raw
  return [Math.max(1, lines - newlines(body)), Math.max(1, lines)]
}

/** `$.subject.attributes.age` → `column "age"` */
const columnOf = (line: string, idColumn: string): string =>
  line
    .replace(/^\$\.subject\.attributes\.([^\s[]+)/, (_, name: string) => `column ${JSON.stringify(name)}`)
    .replace(/^\$\.subject\.attributes\["([^"]+)"\]/, (_, name: string) => `column ${JSON.stringify(name)}`)
    .replace(/^\$\.subject\.history/, `column "${HISTORY_COLUMN}"`)
    .replace(/^\$\.subject\.id/, `column ${JSON.stringify(idColumn)}`)

/**
 * Reads the customers of a CSV file, in order: first its `Header`, then a `Row` or a `Reject` per
 * record (and `Read` progress now and then). Never throws on the file's contents; a file that
 * cannot be opened throws (the caller reports it).
 */
export async function* readCustomers(file: string, settings: ReadSettings): AsyncGenerator<Item> {
  const model = settings.catalog.spec.dataModel?.subject
  const check = Request.decodeFor(settings.catalog)
  const context = { now: settings.now, channels: settings.channels, direction: "outbound" as const }
  const skipped: Array<Reject> = []
  const parser = createReadStream(file).pipe(
    parse({
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      bom: true,
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        if (err === undefined) return undefined
        const lines = (err as CsvError & { lines?: number }).lines ?? 0
        const [line, endLine] = span(lines, raw)
        const reason = err.message.replace(/ at line \d+/, "").replace(/ undefined$/, "")
        const last = skipped[skipped.length - 1]
        // a record csv-parse gives up on twice (a bad quote, then the quote never closed) is one reject
        if (last !== undefined && line <= last.endLine)
          skipped[skipped.length - 1] = {
            ...last,
            endLine: Math.max(last.endLine, endLine),
            reasons: [...last.reasons, reason]
          }
        else skipped.push({ _tag: "Reject", line, endLine, reasons: [reason] })
        return undefined
      }
    })
  )
  let columns: ReadonlyArray<string> | undefined
  let idIndex = -1
  let historyIndex = -1
  let types: ReadonlyArray<DataModel.AttributeType | undefined> = []
  const seen = new Set<string>()
  let count = 0
  for await (const item of parser as AsyncIterable<{ record: Array<string>; info: Info; raw: string }>) {
    const [line, endLine] = span(item.info.lines, item.raw)
    // the records csv-parse skipped before this one come out first, in the file's order
    while (skipped.length > 0 && (skipped[0] as Reject).line < line) yield skipped.shift() as Reject
    if (columns === undefined) {
      columns = item.record.map((c) => c.trim())
      const problems: Array<string> = []
      idIndex = columns.indexOf(settings.idColumn)
      historyIndex = columns.indexOf(HISTORY_COLUMN)
      if (idIndex < 0)
        problems.push(`line ${line}: no id column ${JSON.stringify(settings.idColumn)} (see --id-column)`)
      const dup = columns.filter((c, i) => columns?.indexOf(c) !== i)
      if (dup.length > 0) problems.push(`line ${line}: columns named twice: ${[...new Set(dup)].join(", ")}`)
      if (model !== undefined) {
        columns.forEach((c, i) => {
          if (i === idIndex || i === historyIndex) return
          if (model[c] === undefined)
            problems.push(
              `line ${line}: column ${JSON.stringify(c)} is not an attribute of the catalog's dataModel.subject (${Object.keys(model).join(", ")})`
            )
        })
        for (const [name, a] of Object.entries(model))
          if (a.required === true && !columns.includes(name))
            problems.push(`line ${line}: no column for the required attribute ${JSON.stringify(name)}`)
      }
      types = columns.map((c) => model?.[c]?.type)
      yield { _tag: "Header", columns, problems }
      if (problems.length > 0) return
      continue
    }
    count++
    if (count % 4096 === 0) yield { _tag: "Read", bytes: item.info.bytes }
    const record = item.record
    if (record.length !== columns.length) {
      yield {
        _tag: "Reject",
        line,
        endLine,
        reasons: [`${record.length} fields, expected ${columns.length} (${columns.join(",")})`]
      }
      continue
    }
    const id = (record[idIndex] as string).trim()
    const reasons: Array<string> = []
    const attributes: Record<string, unknown> = {}
    let history: unknown
    record.forEach((cell, i) => {
      if (i === idIndex || cell === "") return
      if (i === historyIndex) {
        try {
          history = JSON.parse(cell) as unknown
        } catch (e) {
          reasons.push(`column "${HISTORY_COLUMN}": not JSON (${e instanceof Error ? e.message : String(e)})`)
        }
        return
      }
      attributes[columns?.[i] as string] = cellValue(types[i], cell)
    })
    const request = check({
      decisionId: id,
      subject: { id, attributes, ...(history === undefined ? {} : { history }) },
      context
    })
    if (E.isLeft(request))
      for (const p of request.left.problems)
        reasons.push(
          columnOf(`${p.path} [${p.code}] ${p.message} (found: ${DecodeError.renderFound(p.found)})`, settings.idColumn)
        )
    if (reasons.length === 0 && id !== "" && seen.has(id))
      reasons.push(`id ${JSON.stringify(id)} already on an earlier line`)
    if (reasons.length > 0 || E.isLeft(request)) {
      yield { _tag: "Reject", line, endLine, reasons }
      continue
    }
    seen.add(id)
    yield { _tag: "Row", line, subject: request.right.subject }
  }
  while (skipped.length > 0) yield skipped.shift() as Reject
  if (columns === undefined) yield { _tag: "Header", columns: [], problems: ["the file is empty: no header row"] }
}
