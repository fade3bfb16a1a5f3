/**
 * Everything the CLI writes. stdout carries the result and nothing else;
 * warnings, notes and errors go to stderr.
 * @module
 */
import { AirsignError } from '../errors.js'
import type { Io } from '../io/io.js'

/** Write one result line (text) or one JSON object line to stdout. */
export function result(io: Io, json: boolean, text: string, obj: Record<string, unknown>): void {
  io.stdout.write(json ? JSON.stringify(obj) + '\n' : text + '\n')
}

/** Write a note for the human to stderr. */
export function note(io: Io, text: string): void {
  io.stderr.write(`airsign: ${text}\n`)
}

/**
 * The one error line, `airsign: <message>; <hint>; … [CODE]`; with
 * `--json`, one JSON line `{"error":{code,message,hints}}`. A stack trace only
 * with AIRSIGN_DEBUG=1.
 */
export function error(io: Io, e: AirsignError, json: boolean): void {
  if (json) {
    io.stderr.write(JSON.stringify({ error: { code: e.code, message: e.message, hints: e.hints } }) + '\n')
  } else {
    io.stderr.write(`airsign: ${[e.message, ...e.hints].join('; ')} [${e.code}]\n`)
  }
  if (io.env.AIRSIGN_DEBUG === '1') {
    let c: unknown = e
    while (c) {
      io.stderr.write(`${c instanceof Error ? (c.stack ?? c.message) : String(c)}\n`)
      c = c instanceof Error ? c.cause : undefined
    }
  }
}
