/**
 * The fast path of the main job: an `airsign sign` (one-shot or `--batch`)
 * whose command line is plain (each option at most once, from a short list, as
 * `--name value` or `--name=value`, booleans bare) is read here, without yargs:
 * loading and running yargs is a quarter of a one-shot sign's time, and ~20 ms
 * of every batch. Anything else (another command, `--help`, a repeated or
 * unknown option, a positional, `--review`, the review's list options, a value
 * that looks like an option) returns null and goes to yargs, which parses it
 * and reports every error.
 *
 * The contract, tested on thousands of command lines (fast.test.ts): when
 * this returns arguments, they are exactly what yargs gives the sign handler
 * for the same command line (every key, both spellings, the same values).
 * @module
 */
import { LANG_CHOICES, PRESETS } from './options.js'

/** String options of `sign` taken here: each as yargs declares it (type string, no default). */
const STRINGS = new Set([
  'tx',
  'chain-id',
  'mnemonic-file',
  'mnemonic',
  'passphrase-file',
  'passphrase',
  'slip39-file',
  'keystore',
  'password-file',
  'private-key-file',
  'path',
  'index',
])
/** Boolean options taken here, bare only (yargs would also read `--json false`: that goes to yargs). */
const BOOLEANS = new Set(['json', 'unprotected', 'passphrase-prompt', 'batch', 'keep-going'])
/** Options with a fixed set of values: taken when the value is one of them (else yargs says why). */
const CHOICES: Record<string, readonly string[]> = { lang: LANG_CHOICES, preset: Object.keys(PRESETS) }

const camel = (k: string): string => k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/**
 * @param argv - the command line after the program name, as main() has it (after joinDash)
 * @returns the sign handler's arguments, or null when yargs must parse this command line
 */
export function fastSignArgs(argv: readonly string[]): Record<string, unknown> | null {
  if (argv[0] !== 'sign') return null
  const out: Record<string, unknown> = { _: ['sign'] }
  const seen = new Set<string>()
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    const m = /^--([a-z][a-z0-9-]*[a-z0-9])(?:=([\s\S]*))?$/.exec(a)
    if (!m) return null
    const name = m[1]!
    if (seen.has(name)) return null
    seen.add(name)
    let value: string | true
    if (BOOLEANS.has(name)) {
      if (m[2] !== undefined) return null
      value = true
    } else if (STRINGS.has(name) || name in CHOICES) {
      if (m[2] !== undefined) value = m[2]
      else {
        const next = argv[i + 1]
        // yargs takes a value that starts with '-' for an option of its own (and a lone '-' main.ts has joined).
        if (next === undefined || next.startsWith('-')) return null
        value = next
        i++
      }
      if (name in CHOICES && !CHOICES[name]!.includes(value)) return null
    } else return null
    out[name] = value
    out[camel(name)] = value
  }
  // --path with --index or --preset is a conflict yargs reports.
  if (seen.has('path') && (seen.has('index') || seen.has('preset'))) return null
  out.$0 = 'airsign'
  return out
}
