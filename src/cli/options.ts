/**
 * Options shared by the commands that need a key, and their parsing.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError, type ErrorCode } from '../errors.js'
import { ALIASES, RISKS } from '../clear/codes.js'

/** The wordlist names `--lang` accepts (same order as mnemonic.LANGUAGES). */
export const LANG_CHOICES = [
  'english',
  'japanese',
  'korean',
  'spanish',
  'chinese-simplified',
  'chinese-traditional',
  'french',
  'italian',
  'czech',
  'portuguese',
] as const

export type KeyArgs = {
  mnemonicFile?: string
  mnemonic?: string
  passphraseFile?: string
  passphrase?: string
  passphrasePrompt?: boolean
  lang?: (typeof LANG_CHOICES)[number]
  slip39File?: string
  keystore?: string
  passwordFile?: string
  privateKeyFile?: string
}

/** Derivation presets: where each wallet puts account N. */
export const PRESETS = {
  metamask: (n: number) => `m/44'/60'/0'/0/${n}`,
  'ledger-live': (n: number) => `m/44'/60'/${n}'/0/0`,
  'ledger-legacy': (n: number) => `m/44'/60'/0'/${n}`,
} as const
export type Preset = keyof typeof PRESETS

export type PathArgs = { path?: string; index?: string; preset?: Preset }

/** Options for where the mnemonic and passphrase come from. */
export function keyOptions<T>(y: Argv<T>): Argv<T & KeyArgs> {
  return y
    .option('mnemonic-file', { type: 'string', describe: 'read the mnemonic from a file, /dev/fd/N, or - (stdin)', group: 'Key:' })
    .option('mnemonic', { type: 'string', describe: 'mnemonic on the command line (visible in ps: warns)', group: 'Key:' })
    .option('passphrase-file', { type: 'string', describe: 'read the BIP-39 passphrase from a file, /dev/fd/N, or -', group: 'Key:' })
    .option('passphrase-prompt', { type: 'boolean', describe: 'ask for the passphrase on the terminal (hidden)', group: 'Key:' })
    .option('passphrase', { type: 'string', describe: 'passphrase on the command line (visible in ps: warns)', group: 'Key:' })
    .option('lang', { choices: LANG_CHOICES, describe: 'wordlist of the mnemonic (default: detected)', group: 'Key:' })
    .option('slip39-file', { type: 'string', describe: 'SLIP-39 shares (a Trezor Shamir backup), one a line: a file, /dev/fd/N, or -', group: 'Key:' })
    .option('keystore', { type: 'string', describe: 'a Web3 Secret Storage v3 keystore (geth, Foundry, MetaMask export): one key, no path', group: 'Key:' })
    .option('password-file', { type: 'string', describe: "the keystore's password from a file, /dev/fd/N, or - (default: AIRSIGN_KEYSTORE_PASSWORD, else asked)", group: 'Key:' })
    .option('private-key-file', { type: 'string', describe: 'a raw private key, 64 hex digits: a file, /dev/fd/N, or - (one key, no path)', group: 'Key:' }) as never
}

/** `--path` and `--index`. */
export function pathOptions<T>(y: Argv<T>): Argv<T & PathArgs> {
  return y
    .option('path', { type: 'string', describe: "BIP-32 path (' or h marks hardened)", defaultDescription: "m/44'/60'/0'/0/0", group: 'Key:' })
    .option('index', { type: 'string', describe: "short for --path m/44'/60'/0'/0/N (or account N of --preset)", group: 'Key:' })
    .option('preset', {
      choices: Object.keys(PRESETS) as Preset[],
      describe: "with --index N: metamask m/44'/60'/0'/0/N, ledger-live m/44'/60'/N'/0/0, ledger-legacy m/44'/60'/0'/N",
      group: 'Key:',
    })
    .conflicts('path', ['index', 'preset']) as never
}

/** The key options that read stdin when given `-`, as oneStdinReader names them. */
export function keyStdinReaders(args: KeyArgs): (string | false)[] {
  return (
    [
      ['mnemonicFile', '--mnemonic-file -'],
      ['slip39File', '--slip39-file -'],
      ['keystore', '--keystore -'],
      ['passwordFile', '--password-file -'],
      ['privateKeyFile', '--private-key-file -'],
      ['passphraseFile', '--passphrase-file -'],
    ] as const
  ).map(([k, name]) => args[k] === '-' && name)
}

/**
 * Check that at most one input reads stdin.
 * @throws AirsignError USAGE
 */
export function oneStdinReader(readers: (string | false | undefined)[]): void {
  const names = readers.filter((r): r is string => typeof r === 'string')
  if (names.length > 1) throw new AirsignError('USAGE', `stdin can feed only one input; ${names.join(' and ')} both read it`)
}

/**
 * A whole number from the command line, in plain decimal only. yargs's own
 * number parsing takes '' as 0 and 1e3, 0x10, 0b11, 1.0 as numbers: an unset
 * shell variable (`--index "$N"`) would silently mean index 0. So numeric
 * options are declared as strings and read here.
 * @param v - the option's value as yargs gives it (a string, or an array when repeated)
 * @param flag - the option, for the message
 * @param min - smallest value
 * @param max - largest value (at most 2^53-1)
 * @param code - the error code (default USAGE)
 * @throws AirsignError `code`, or USAGE when the option is repeated
 */
export function decimalArg(v: unknown, flag: string, min: number, max: number, code: ErrorCode = 'USAGE'): number {
  if (Array.isArray(v)) throw new AirsignError('USAGE', `${flag} is given more than once`)
  const n = typeof v === 'string' && /^[0-9]{1,16}$/.test(v) ? Number(v) : NaN
  if (!(n >= min && n <= max)) throw new AirsignError(code, `${flag} must be an integer from ${min} to ${max} (decimal digits only)`)
  return n
}

/** The clear-signing options every signing and reviewing command shares. */
export type ClearArgs = { abi?: string[]; descriptor?: string[]; labels?: string[]; accept?: string[]; requireClear?: boolean }

/** `--abi`, `--descriptor`, `--labels`, `--accept`, `--require-clear` (the last two: `policy`). */
export function clearOptions<T>(y: Argv<T>, policy = true): Argv<T & ClearArgs> {
  const r = y
    .option('abi', { type: 'string', array: true, describe: 'a JSON ABI (or one function signature a line) to decode calls with', group: 'Review:' })
    .option('descriptor', { type: 'string', array: true, describe: 'an ERC-7730 descriptor file, or a directory of them', group: 'Review:' })
    .option('labels', { type: 'string', array: true, describe: 'an address book (JSON: address → name or {name, symbol, decimals, kind, chainId, delegate})', group: 'Review:' })
  if (!policy) return r as never
  return r
    .option('accept', { type: 'string', array: true, describe: 'sign despite these CRITICAL warnings (codes, comma-separated)', group: 'Review:' })
    .option('require-clear', { type: 'boolean', describe: 'refuse to sign anything that is not fully decoded', group: 'Review:' }) as never
}

/**
 * The codes of --accept.
 * @throws AirsignError USAGE for a code that is not a risk code (a typo would otherwise accept nothing, silently)
 */
export function acceptedCodes(args: ClearArgs): Set<string> {
  const out = new Set<string>()
  for (const a of args.accept ?? []) {
    for (const c of a.split(',').map((x) => x.trim())) {
      if (c === '') continue
      const alias = ALIASES[c]
      if (alias) for (const a of alias) out.add(a)
      else if (c in RISKS) out.add(c)
      else throw new AirsignError('USAGE', `--accept ${c}: not a warning code (see the README's table of warnings)`)
    }
  }
  return out
}
