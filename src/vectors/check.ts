/**
 * What every kind of vector file shares: a validated case and its result, and
 * the helpers that read a file's fields (a malformed one is a VECTOR_FILE
 * error: nothing of the file runs) and collect what a case got wrong.
 * @module
 */
import { AirsignError } from '../errors.js'
import { hexToBytes } from '../bytes.js'

/** The passphrase of every Trezor vector, BIP-39 and SLIP-39 (implicit in their files). */
export const TREZOR_PASSPHRASE = 'TREZOR'

/** The outcome of one vector. `detail` says what differed (never a secret of a user's file). */
export type Result = { name: string; ok: boolean; detail?: string }

/** One validated vector, ready to run. */
export type Case = { readonly name: string; run(): Promise<Result> }

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function bad(where: string, what: string): never {
  throw new AirsignError('VECTOR_FILE', `${where}: ${what}`)
}

export function str(v: unknown, where: string): string {
  if (typeof v !== 'string') bad(where, 'expected a string')
  return v
}

export function hex(v: unknown, where: string): Uint8Array {
  const s = str(v, where)
  try {
    return hexToBytes(s, where)
  } catch {
    bad(where, 'expected a hex string')
  }
}

export function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) bad(where, `unknown field "${k}"`)
}

/**
 * Run a check body; an AirsignError becomes a failed Result, other errors too
 * (a bug must not hide behind a crash of the whole run, but it must fail).
 */
export function makeCase(name: string, body: () => Promise<string[]>): Case {
  return {
    name,
    async run(): Promise<Result> {
      let problems: string[]
      try {
        problems = await body()
      } catch (e) {
        problems = [e instanceof AirsignError ? `${e.message} [${e.code}]` : `internal error (${e instanceof Error ? e.name : typeof e})`]
      }
      return problems.length === 0 ? { name, ok: true } : { name, ok: false, detail: problems.join('; ') }
    },
  }
}

export function same(what: string, expected: string, got: string, problems: string[]): void {
  if (expected !== got) problems.push(`${what}: expected ${expected}, got ${got}`)
}
