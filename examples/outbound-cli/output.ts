/**
 * The tool's outputs, written as streams with backpressure: a write that fills the stream's
 * buffer waits for it to drain, so a slow disk slows the run down instead of filling memory.
 */
import { createWriteStream, type WriteStream } from "node:fs"

/** A file written line by line. */
export interface LineWriter {
  /** writes a line; resolves when the stream can take more */
  readonly write: (line: string) => Promise<void>
  /** ends the file; resolves when it is on disk, rejects on a write error */
  readonly close: () => Promise<void>
  readonly lines: () => number
}

export const lineWriter = (file: string): LineWriter => {
  const stream: WriteStream = createWriteStream(file)
  let failed: Error | undefined
  stream.on("error", (e) => {
    failed = e
  })
  let lines = 0
  return {
    write: async (line) => {
      if (failed !== undefined) throw failed
      lines++
      if (!stream.write(`${line}\n`))
        await new Promise<void>((resolve, reject) => {
          const drained = (): void => {
            stream.off("error", failedWith)
            resolve()
          }
          const failedWith = (e: Error): void => {
            stream.off("drain", drained)
            reject(e)
          }
          stream.once("drain", drained)
          stream.once("error", failedWith)
        })
    },
    close: async () => {
      if (failed !== undefined) throw failed
      await new Promise<void>((resolve, reject) => {
        stream.once("error", reject)
        stream.end(() => resolve())
      })
    },
    lines: () => lines
  }
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export const csvField = (value: string | number): string => {
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (fields: ReadonlyArray<string | number>): string => fields.map(csvField).join(",")
