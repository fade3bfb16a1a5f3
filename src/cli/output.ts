/**
 * Everything the CLI writes. stdout carries the result and nothing else;
 * warnings, notes and errors go to stderr.
 * @module
 */
import { AirsignError } from '../errors.js'
import type { Io } from '../io/io.js'

/**
 * Characters that could rewrite a terminal or hide what follows: C0 and C1 controls, DEL, bidi
 * and zero-width marks, line and paragraph separators, the BOM.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** Text from the input, a descriptor, an ABI or a file, safe on a terminal: each unsafe character as \uXXXX. */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, escapeChar)
}

/**
 * JSON text that is safe on a terminal too: JSON.stringify escapes C0 controls but leaves DEL, C1
 * controls, bidi and zero-width marks and line separators; escaped as \uXXXX (the same JSON value).
 */
export function jsonText(v: unknown): string {
  return JSON.stringify(v).replace(UNSAFE, escapeChar)
}

/** Write one result line (text) or one JSON object line to stdout. */
export function result(io: Io, json: boolean, text: string, obj: Record<string, unknown> | (() => Record<string, unknown>)): void {
  io.stdout.write(json ? jsonText(typeof obj === 'function' ? obj() : obj) + '\n' : text + '\n')
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
    io.stderr.write(jsonText({ error: { code: e.code, message: e.message, hints: e.hints } }) + '\n')
  } else {
    // A message can quote input (a descriptor's key, a file name): one line, nothing that acts on the terminal.
    io.stderr.write(`airsign: ${escapeTerminal([e.message, ...e.hints].join('; '))} [${e.code}]\n`)
  }
  if (io.env.AIRSIGN_DEBUG === '1') {
    let c: unknown = e
    while (c) {
      io.stderr.write(`${c instanceof Error ? (c.stack ?? c.message) : String(c)}\n`)
      c = c instanceof Error ? c.cause : undefined
    }
  }
}
