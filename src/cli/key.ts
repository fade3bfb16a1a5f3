/**
 * Where the key comes from, and the seed or key it gives:
 *
 * - a BIP-39 mnemonic (`--mnemonic-file`, AIRSIGN_MNEMONIC, `--mnemonic`, the prompt) or SLIP-39
 *   shares (`--slip39-file`, AIRSIGN_SLIP39, or shares typed at the same prompt): a seed, and
 *   keys at paths (`--path`, `--index`, `--preset`), with the passphrase;
 * - a keystore (`--keystore`, its password from `--password-file`, AIRSIGN_KEYSTORE_PASSWORD or
 *   the prompt) or a raw private key (`--private-key-file`): one key, no path, no passphrase.
 *
 * At most one source flag; with none, the environment (AIRSIGN_MNEMONIC or AIRSIGN_SLIP39, not
 * both), then the prompt. The seed is wiped as soon as the root node exists.
 * @module
 */
import { AirsignError } from '../errors.js'
import type { Io } from '../io/io.js'
import { looksLikeShare, readKeystoreFile, readKeystorePassword, readMnemonic, readPassphrase, readPrivateKeyFile, readShares, warn } from '../io/secret.js'
import * as hd from '../hd.js'
import * as mnemonic from '../mnemonic.js'
import { utf8ToBytes } from '../bytes.js'
import type { PrivateKey } from '../sign.js'
import { decimalArg, PRESETS, type KeyArgs, type PathArgs } from './options.js'

export type KeySource = 'mnemonic' | 'slip39' | 'keystore' | 'private-key'

/**
 * The key source the options and the environment name (the prompt asks for a mnemonic or shares).
 * @throws AirsignError USAGE (two sources given)
 */
export function keySource(args: KeyArgs, io: Io): KeySource {
  const flags: [string, KeySource][] = []
  if (args.mnemonicFile !== undefined) flags.push(['--mnemonic-file', 'mnemonic'])
  if (args.slip39File !== undefined) flags.push(['--slip39-file', 'slip39'])
  if (args.keystore !== undefined) flags.push(['--keystore', 'keystore'])
  if (args.privateKeyFile !== undefined) flags.push(['--private-key-file', 'private-key'])
  if (flags.length > 1) throw new AirsignError('USAGE', `give one key source: ${flags.map((f) => f[0]).join(' and ')} both name one`)
  if (args.mnemonic !== undefined && flags.length === 1 && flags[0]![1] !== 'mnemonic') throw new AirsignError('USAGE', `give one key source: --mnemonic and ${flags[0]![0]} both name one`)
  if (args.passwordFile !== undefined && args.keystore === undefined) throw new AirsignError('USAGE', '--password-file is the password of a --keystore')
  if (flags.length === 1) return flags[0]![1]
  const envMnemonic = io.env.AIRSIGN_MNEMONIC !== undefined && io.env.AIRSIGN_MNEMONIC !== ''
  const envShares = io.env.AIRSIGN_SLIP39 !== undefined && io.env.AIRSIGN_SLIP39 !== ''
  if (envMnemonic && envShares) throw new AirsignError('USAGE', 'AIRSIGN_MNEMONIC and AIRSIGN_SLIP39 are both set: unset the one you do not mean')
  return envShares ? 'slip39' : 'mnemonic'
}

/** The SLIP-39 decoder, loaded when shares are given (a mnemonic's signature never initializes it, nor the keystore code). */
export const slip39 = (): Promise<typeof import('../keys/slip39.js')> => import('../keys/slip39.js')

/** Whether shares make a complete set (enough of every group they need), so the prompt can stop asking. */
export async function sharesCheck(): Promise<(shares: readonly string[]) => boolean> {
  const m = await slip39()
  return (shares) => {
    try {
      return m.describeShares(shares).complete
    } catch {
      return false
    }
  }
}

/**
 * The seed of a mnemonic (+ passphrase, BIP-39) or of SLIP-39 shares (+ passphrase: the master
 * secret, as Trezor derives it). The caller wipes it.
 * @throws AirsignError USAGE (a keystore or private key has no seed), every mnemonic, SLIP-39 and secret-source code
 */
export async function loadSeed(args: KeyArgs, io: Io): Promise<Uint8Array> {
  const source = keySource(args, io)
  if (source === 'keystore' || source === 'private-key') {
    throw new AirsignError('USAGE', `this command needs a seed (a mnemonic or SLIP-39 shares): ${source === 'keystore' ? 'a keystore' : 'a private key'} holds one key`)
  }
  if (args.slip39File !== undefined && io.env.AIRSIGN_MNEMONIC !== undefined && io.env.AIRSIGN_MNEMONIC !== '') warn(io, 'AIRSIGN_MNEMONIC is ignored: --slip39-file gives the key')
  const given = await readPhraseOrShares(args, io)
  if ('words' in given) {
    try {
      const m = await mnemonic.parse(given.words, args.lang)
      const pass = await readPassphrase(args, io)
      return mnemonic.toSeed(m, pass.text)
    } catch (e) {
      if (e instanceof AirsignError && e.code === 'MNEMONIC_WORD_COUNT' && looksLikeShare(given.words)) {
        throw new AirsignError('MNEMONIC_WORD_COUNT', e.message, { hints: ['this looks like a SLIP-39 share (a Trezor Shamir backup): give it with --slip39-file or AIRSIGN_SLIP39'] })
      }
      throw e
    }
  }
  if (args.lang !== undefined) throw new AirsignError('USAGE', '--lang names a BIP-39 wordlist; SLIP-39 has one list')
  const pass = await readPassphrase(args, io)
  return (await slip39()).recoverMasterSecret(given.shares, pass.text)
}

/**
 * A mnemonic's words or a set of SLIP-39 shares: from the source the options and the environment
 * name, or from the prompt, which takes either (their word counts never agree: after a first
 * share it asks for the rest).
 * @throws AirsignError every secret-source code
 */
export async function readPhraseOrShares(args: KeyArgs, io: Io): Promise<{ words: string } | { shares: string[] }> {
  if (keySource(args, io) === 'slip39') return { shares: (await readShares(args, io, await sharesCheck())).shares }
  const words = await readMnemonic(args, io)
  if (words.source === 'prompt' && looksLikeShare(words.text)) return { shares: (await readShares(args, io, await sharesCheck(), words.text.trim())).shares }
  return { words: words.text }
}

/**
 * The one key of a keystore or a raw private key file. The holder wipes it.
 * @throws AirsignError USAGE (a path or passphrase option: a single key has neither), every keystore and secret-source code, PRIVATE_KEY_INVALID
 */
export async function loadSingleKey(args: KeyArgs & PathArgs, io: Io, source: 'keystore' | 'private-key'): Promise<PrivateKey> {
  const what = source === 'keystore' ? '--keystore' : '--private-key-file'
  for (const [k, flag] of [['path', '--path'], ['index', '--index'], ['preset', '--preset']] as const) {
    if (args[k] !== undefined) throw new AirsignError('USAGE', `${flag}: ${what} holds one key, not a tree of keys`)
  }
  for (const [k, flag] of [['passphraseFile', '--passphrase-file'], ['passphrase', '--passphrase'], ['passphrasePrompt', '--passphrase-prompt'], ['lang', '--lang']] as const) {
    if (args[k] !== undefined) throw new AirsignError('USAGE', `${flag} goes with a mnemonic or SLIP-39 shares, not ${what}`)
  }
  for (const v of ['AIRSIGN_MNEMONIC', 'AIRSIGN_SLIP39'] as const) if (io.env[v] !== undefined && io.env[v] !== '') warn(io, `${v} is ignored: ${what} is the key`)
  if (io.env.AIRSIGN_PASSPHRASE !== undefined && io.env.AIRSIGN_PASSPHRASE !== '') warn(io, `AIRSIGN_PASSPHRASE is ignored: ${what} has no BIP-39 passphrase`)
  if (source === 'private-key') {
    const text = await readPrivateKeyFile(args.privateKeyFile!, io)
    return (await import('../keys/raw.js')).parsePrivateKeyHex(text)
  }
  const text = await readKeystoreFile(args.keystore!, io)
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new AirsignError('KEYSTORE_JSON', 'the keystore is not valid JSON')
  }
  const password = utf8ToBytes((await readKeystorePassword(args, io)).text)
  try {
    return await (await import('../keys/keystore.js')).decryptKeystore(json, password)
  } finally {
    password.fill(0)
  }
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

