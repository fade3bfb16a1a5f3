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
import { decimalArg, PRESETS, type KeyArgs, type PathArgs } from './options.js'

/**
 * Read, validate and stretch the mnemonic (+ passphrase) into the BIP-39 seed. The caller wipes it.
 * @throws AirsignError every mnemonic and secret-source code
 */
export async function loadSeed(args: KeyArgs, io: Io): Promise<Uint8Array> {
  const words = await readMnemonic(args, io)
  const m = await mnemonic.parse(words.text, args.lang)
  const pass = await readPassphrase(args, io)
  return mnemonic.toSeed(m, pass.text)
}

/**
 * Read, validate and stretch the mnemonic into the BIP-32 master node.
 * @throws AirsignError every mnemonic and secret-source code
 */
export async function loadRoot(args: KeyArgs, io: Io): Promise<hd.Node> {
  const seed = await loadSeed(args, io)
  try {
    return hd.fromSeed(seed)
  } finally {
    seed.fill(0)
  }
}

/**
 * The path the user asked for.
 * `--preset P --index N` (N default 0), `--index N` (MetaMask's layout), `--path`, or the default path.
 * @throws AirsignError PATH_SYNTAX, PATH_INDEX, PATH_DEPTH
 */
export function resolvePath(args: PathArgs): hd.Path {
  if (args.preset !== undefined) {
    const n = args.index === undefined ? 0 : decimalArg(args.index, '--index', 0, hd.HARDENED - 1, 'PATH_INDEX')
    return hd.parsePath(PRESETS[args.preset](n))
  }
  if (args.index !== undefined) return hd.parsePath(`m/44'/60'/0'/0/${decimalArg(args.index, '--index', 0, hd.HARDENED - 1, 'PATH_INDEX')}`)
  return hd.parsePath(args.path ?? hd.DEFAULT_PATH)
}

