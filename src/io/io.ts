/**
 * The process surface the CLI touches: streams, environment and the terminal.
 * Injected into `main()` so that tests can run commands in-process.
 * @module
 */
import type { Readable, Writable } from 'node:stream'

/** A hidden-input terminal session (see io/tty.ts). */
export type Terminal = {
  /** Write a prompt and read one line without echo. Resolves null on Ctrl-C / Ctrl-D. */
  readHidden(prompt: string): Promise<string | null>
  /** Write a question and read one visible line. Resolves null on Ctrl-C / Ctrl-D. */
  readLine(prompt: string): Promise<string | null>
  /** Write text to the terminal. */
  write(text: string): void
  close(): void
}

export type Io = {
  readonly stdin: Readable
  readonly stdout: Writable
  readonly stderr: Writable
  readonly env: Readonly<Record<string, string | undefined>>
  /** Whether stderr is a terminal (decides on the review summary). */
  readonly stderrIsTTY: boolean
  /** Open the controlling terminal, or null when there is none. */
  openTerminal(): Terminal | null
}
