/**
 * Mnemonic + passphrase → BIP-32 root node, and `--path`/`--index` → path.
 * The seed is wiped as soon as the root node exists.
 * @module
 */
import { AirsignError } from '../errors.js'
import type { Io } from '../io/io.js'
import { readMnemonic, readPassphrase } from '../io/secret.js'
import * as hd from '../hd.js'
import * as mnemonic from '../mnemonic.js'
import type { KeyArgs, PathArgs } from './options.js'

/**
 * Read, validate and stretch the mnemonic into the BIP-32 master node.
 * @throws AirsignError every mnemonic and secret-source code
 */
export async function loadRoot(args: KeyArgs, io: Io): Promise<hd.Node> {
  const words = await readMnemonic(args, io)
  const m = await mnemonic.parse(words.text, args.lang)
  const pass = await readPassphrase(args, io)
  const seed = mnemonic.toSeed(m, pass.text)
  try {
    return hd.fromSeed(seed)
  } finally {
    seed.fill(0)
  }
}

/**
 * The path the user asked for.
 * @throws AirsignError PATH_SYNTAX, PATH_INDEX, PATH_DEPTH
 */
export function resolvePath(args: PathArgs): hd.Path {
  if (args.index !== undefined) return hd.parsePath(`m/44'/60'/0'/0/${indexArg(args.index, '--index')}`)
  return hd.parsePath(args.path ?? hd.DEFAULT_PATH)
}

/**
 * Check a child index given as a number option.
 * @throws AirsignError PATH_INDEX
 */
export function indexArg(n: number, flag: string): number {
  if (!Number.isSafeInteger(n) || n < 0 || n >= hd.HARDENED) throw new AirsignError('PATH_INDEX', `${flag} must be an integer from 0 to 2147483647`)
  return n
}
