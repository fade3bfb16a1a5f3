/**
 * `airsign mnemonic new` and `airsign mnemonic check`.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import { hexToBytes } from '../../bytes.js'
import * as mnemonic from '../../mnemonic.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readStream } from '../../io/read.js'
import { warn } from '../../io/secret.js'
import { readPhraseOrShares, slip39 } from '../key.js'
import { LANG_CHOICES, type KeyArgs } from '../options.js'
import { result } from '../output.js'

type Args = KeyArgs & { action: 'new' | 'check'; words?: string; entropy?: string; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return y
    .positional('action', { choices: ['new', 'check'] as const, describe: 'new: generate; check: validate (never echoes the words)' })
    .option('words', { type: 'string', choices: ['12', '15', '18', '21', '24'], describe: 'new: number of words (default 24, or from --entropy)' })
    .option('entropy', { type: 'string', describe: 'new: use this entropy (hex, 16-32 bytes; - reads it from stdin) instead of the system random source' })
    .option('lang', { choices: LANG_CHOICES, describe: 'wordlist (new: default english; check: default detected)' })
    .option('mnemonic-file', { type: 'string', describe: 'check: read the mnemonic from a file, /dev/fd/N, or -' })
    .option('mnemonic', { type: 'string', describe: 'check: mnemonic on the command line (visible in ps: warns)' })
    .option('slip39-file', { type: 'string', describe: 'check: SLIP-39 shares, one a line (a file, /dev/fd/N, or -)' }) as never
}

/** `mnemonic check`: a BIP-39 mnemonic, or a set of SLIP-39 shares (checked as far as it can be without the passphrase). */
async function check(args: Args, io: Io, json: boolean): Promise<number> {
  const given = await readPhraseOrShares(args, io)
  if ('words' in given) {
    const m = await mnemonic.parse(given.words, args.lang)
    result(io, json, `valid: ${m.language}, ${m.words} words`, { valid: true, language: m.language, words: m.words })
    return 0
  }
  const d = (await slip39()).describeShares(given.shares)
  const groups = d.groups.map((g) => `group ${g.group}: ${g.shares} of ${g.memberThreshold}`).join(', ')
  const what = `${d.shares} share${d.shares === 1 ? '' : 's'} (${groups}; ${d.groupThreshold} of ${d.groupCount} group${d.groupCount === 1 ? '' : 's'} needed)`
  if (!d.complete) throw new AirsignError('SLIP39_INSUFFICIENT', `these shares do not recover the master secret yet: ${what}`)
  result(io, json, `valid: SLIP-39, ${what}, a ${d.secretBytes * 8}-bit master secret`, {
    valid: true,
    kind: 'slip39',
    shares: d.shares,
    groupThreshold: d.groupThreshold,
    groupCount: d.groupCount,
    groups: d.groups,
    secretBits: d.secretBytes * 8,
    extendable: d.extendable,
    iterationExponent: d.iterationExponent,
  })
  return 0
}

export async function handler(args: Args, io: Io): Promise<number> {
  const json = args.json === true
  if (args.action === 'check') {
    if (args.words !== undefined || args.entropy !== undefined) throw new AirsignError('USAGE', '--words and --entropy go with "mnemonic new"')
    return check(args, io, json)
  }
  if (args.mnemonicFile !== undefined || args.mnemonic !== undefined || args.slip39File !== undefined) throw new AirsignError('USAGE', '--mnemonic-file, --mnemonic and --slip39-file go with "mnemonic check"')
  const lang = args.lang ?? 'english'
  let phrase: string
  if (args.entropy !== undefined) {
    let text = args.entropy
    if (text === '-') text = decodeUtf8(await readStream(io.stdin, CAP.secret, 'entropy (stdin)'), 'entropy')
    else warn(io, 'entropy on the command line is visible to other users (ps) and stays in shell history; prefer --entropy - (stdin)')
    const entropy = hexToBytes(text.trim(), '--entropy')
    try {
      if (args.words !== undefined && Number(args.words) !== (entropy.length * 3) / 4) {
        throw new AirsignError('USAGE', `--entropy of ${entropy.length} bytes makes ${(entropy.length * 3) / 4} words, not ${args.words}`)
      }
      phrase = await mnemonic.fromEntropy(entropy, lang)
    } finally {
      entropy.fill(0)
    }
  } else {
    phrase = await mnemonic.generate(Number(args.words ?? 24) as mnemonic.WordCount, lang)
  }
  const count = phrase.split(/[ \u3000]/u).length
  result(io, json, phrase, { mnemonic: phrase, language: lang, words: count })
  return 0
}
