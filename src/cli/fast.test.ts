/**
 * The fast path (fast.ts) against yargs: for every command line it takes, the
 * sign handler gets exactly what yargs gives it (every key, both spellings,
 * the same values); every command line it declines, yargs parses as before.
 * The sign handler is replaced by one that records its arguments.
 */
import { describe, expect, test, vi } from 'vitest'
import { fastSignArgs } from './fast.js'
import { joinDash, setFastPath } from './main.js'
import { runMain } from '../test/cli.js'
import { prng } from '../test/prng.js'

const seen = vi.hoisted(() => ({ args: [] as Record<string, unknown>[] }))
vi.mock('./commands/sign.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('./commands/sign.js')>()
  return {
    ...m,
    handler: async (args: Record<string, unknown>) => {
      seen.args.push({ ...args })
      return 0
    },
  }
})

/** What the handler got from main(), with the fast path on or off (null: main did not reach it). */
async function handlerArgs(argv: string[], fast: boolean): Promise<{ args: Record<string, unknown> | null; code: number | null; stderr: string }> {
  seen.args = []
  setFastPath(fast)
  try {
    const r = await runMain(argv)
    return { args: seen.args[0] ?? null, code: r.code, stderr: r.stderr }
  } finally {
    setFastPath(true)
  }
}

const STRINGS = ['tx', 'chain-id', 'mnemonic-file', 'mnemonic', 'passphrase-file', 'passphrase', 'slip39-file', 'keystore', 'password-file', 'private-key-file', 'path', 'index']
const BOOLEANS = ['json', 'unprotected', 'passphrase-prompt', 'batch', 'keep-going']
const VALUES = ['0xec09', '', '-', 'a b', "m/44'/60'/0'/0/0", 'm/44h/60h', '3', '007', '1e3', '0x10', 'true', 'false', 'null', 'ü', '=', 'a=b', ' x ', '--tx', '-x', '-5', 'sign']
const OTHERS = ['--lang', 'english', '--lang', 'klingon', '--preset', 'metamask', '--preset', 'trezor', '--review', '--batch', '--keep-going', '--abi', 'x.json', '--accept', 'SAFE_GAS_TOKEN', '--require-clear', '--help', '-h', '--version', '--no-json', '--json=false', '--json', 'false', '--chainId', '1', '--foo', 'extra', '--', '-j']

function randomArgv(rng: ReturnType<typeof prng>): string[] {
  const argv = ['sign']
  const n = rng.int(6)
  for (let i = 0; i < n; i++) {
    const roll = rng.int(10)
    if (roll < 5) {
      const name = rng.pick(STRINGS)
      const v = rng.pick(VALUES)
      if (rng.int(2) === 0) argv.push(`--${name}=${v}`)
      else argv.push(`--${name}`, v)
    } else if (roll < 8) argv.push(`--${rng.pick(BOOLEANS)}`)
    else {
      const at = rng.int(OTHERS.length)
      argv.push(OTHERS[at]!)
      if (rng.int(2) === 0 && at + 1 < OTHERS.length) argv.push(OTHERS[at + 1]!)
    }
  }
  return argv
}

describe('fast path = yargs for the sign handler', () => {
  test('the README example and the common forms take the fast path', () => {
    for (const argv of [
      ['sign', '--tx', '0xec09'],
      ['sign', '--mnemonic-file', '-', '--tx', '0xec09'],
      ['sign', '--tx=0xec09', '--json', '--index', '3', '--preset', 'ledger-live', '--chain-id', '1'],
      ['sign', '--keystore', 'k.json', '--password-file', '/dev/fd/3'],
      ['sign', '--batch'],
      ['sign', '--batch', '--keep-going', '--json', '--mnemonic-file', 'm.txt'],
    ]) {
      expect(fastSignArgs(joinDash(argv)), argv.join(' ')).not.toBeNull()
    }
  })

  test('1 500 seeded command lines: whatever the fast path takes, the handler gets what yargs gives it; what it declines, yargs alone parses', async () => {
    const rng = prng(0xfa57n)
    let taken = 0
    let declined = 0
    for (let i = 0; i < 1500; i++) {
      const argv = randomArgv(rng)
      const viaYargs = await handlerArgs(argv, false)
      const viaMain = await handlerArgs(argv, true)
      const fast = fastSignArgs(joinDash(argv))
      if (fast) {
        taken++
        expect(viaYargs.code, `yargs refuses what the fast path takes: ${JSON.stringify(argv)}: ${viaYargs.stderr}`).toBe(0)
        expect(viaMain.args, JSON.stringify(argv)).toEqual(viaYargs.args)
        expect(fast).toEqual(viaYargs.args)
      } else {
        declined++
        expect(viaMain, JSON.stringify(argv)).toEqual(viaYargs)
      }
    }
    // Both branches are exercised, a good share each.
    expect(taken).toBeGreaterThan(300)
    expect(declined).toBeGreaterThan(300)
  }, 240_000)

  test('declined: every form the fast path leaves to yargs', () => {
    for (const argv of [
      ['sign', '--tx', '0x1', '--tx', '0x2'],
      ['sign', '--tx'],
      ['sign', '--tx', '-x'],
      ['sign', '--json=true'],
      ['sign', '--path', 'm/0', '--index', '1'],
      ['sign', '--lang', 'klingon'],
      ['sign', '--batch=true'],
      ['sign', '--review'],
      ['sign', '--abi', 'a.json'],
      ['sign', 'extra'],
      ['sign', '--help'],
      ['sign', '-h'],
      ['sign', '--chainId', '1'],
      ['sign', '--no-json'],
      ['sign', '--'],
      ['address'],
      ['--tx', '0x1', 'sign'],
    ]) {
      expect(fastSignArgs(joinDash(argv)), argv.join(' ')).toBeNull()
    }
  })
})
