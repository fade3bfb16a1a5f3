/**
 * Where the mnemonic and the passphrase come from, in the order of DESIGN.md:
 * 1. `--mnemonic-file PATH` (a file, `/dev/fd/N`, or `-` for stdin);
 * 2. `AIRSIGN_MNEMONIC` in the environment;
 * 3. `--mnemonic WORDS` on argv, with a warning (argv is visible in `ps`);
 * 4. a hidden prompt on the controlling terminal;
 * otherwise NO_SECRET_SOURCE. The passphrase follows the same scheme with
 * `--passphrase-file`, `AIRSIGN_PASSPHRASE`, `--passphrase`, and a prompt
 * only with `--passphrase-prompt`; with none of them it is empty.
 * @module
 */
import { AirsignError } from '../errors.js'
import type { Io } from './io.js'
import { CAP, decodeUtf8, readPath, readStream } from './read.js'

export type SecretArgs = {
  mnemonicFile?: string | undefined
  mnemonic?: string | undefined
  passphraseFile?: string | undefined
  passphrase?: string | undefined
  passphrasePrompt?: boolean | undefined
}

/** Which source a secret came from (for tests and warnings; never the secret). */
export type Source = 'file' | 'env' | 'argv' | 'prompt' | 'none'

async function readSource(path: string, io: Io, what: string): Promise<string> {
  const bytes = path === '-' ? await readStream(io.stdin, CAP.secret, what) : await readPath(path, CAP.secret, what)
  try {
    return decodeUtf8(bytes, what)
  } finally {
    bytes.fill(0)
  }
}

// A file ends with one newline; strip that (and a CR before it) and nothing else:
// spaces inside or at the end of a passphrase are part of it.
function stripNewline(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2)
  if (s.endsWith('\n')) return s.slice(0, -1)
  return s
}

/** Write a warning line to stderr. */
export function warn(io: Io, text: string): void {
  io.stderr.write(`airsign: warning: ${text}\n`)
}

/**
 * The mnemonic text, from the first source that is given.
 * @throws AirsignError NO_SECRET_SOURCE, READ_FAILED, INPUT_TOO_LARGE, BAD_UTF8, CANCELLED
 */
export async function readMnemonic(args: SecretArgs, io: Io): Promise<{ text: string; source: Source }> {
  if (args.mnemonicFile !== undefined) {
    return { text: stripNewline(await readSource(args.mnemonicFile, io, 'mnemonic file')), source: 'file' }
  }
  const env = io.env.AIRSIGN_MNEMONIC
  if (env !== undefined && env !== '') {
    if (args.mnemonic !== undefined) warn(io, '--mnemonic is ignored: AIRSIGN_MNEMONIC is set and takes precedence')
    return { text: env, source: 'env' }
  }
  if (args.mnemonic !== undefined) {
    warn(io, 'a mnemonic on the command line is visible to other users (ps) and stays in shell history; prefer --mnemonic-file or AIRSIGN_MNEMONIC')
    return { text: args.mnemonic, source: 'argv' }
  }
  const term = io.openTerminal()
  if (!term) {
    throw new AirsignError('NO_SECRET_SOURCE', 'no mnemonic given and no terminal to ask on', {
      hints: ['give --mnemonic-file PATH (or - for stdin, /dev/fd/N) or set AIRSIGN_MNEMONIC'],
    })
  }
  try {
    const text = await term.readHidden('Mnemonic (input hidden): ')
    if (text === null) throw new AirsignError('CANCELLED', 'cancelled at the mnemonic prompt')
    return { text, source: 'prompt' }
  } finally {
    term.close()
  }
}

/**
 * The BIP-39 passphrase ('' when none is given).
 * @throws AirsignError NO_SECRET_SOURCE (prompt asked, no terminal), READ_FAILED, INPUT_TOO_LARGE, BAD_UTF8, CANCELLED
 */
export async function readPassphrase(args: SecretArgs, io: Io): Promise<{ text: string; source: Source }> {
  if (args.passphraseFile !== undefined) {
    return { text: stripNewline(await readSource(args.passphraseFile, io, 'passphrase file')), source: 'file' }
  }
  const env = io.env.AIRSIGN_PASSPHRASE
  if (env !== undefined) {
    if (args.passphrase !== undefined) warn(io, '--passphrase is ignored: AIRSIGN_PASSPHRASE is set and takes precedence')
    return { text: env, source: 'env' }
  }
  if (args.passphrasePrompt) {
    const term = io.openTerminal()
    if (!term) throw new AirsignError('NO_SECRET_SOURCE', '--passphrase-prompt needs a terminal')
    try {
      const text = await term.readHidden('Passphrase (input hidden): ')
      if (text === null) throw new AirsignError('CANCELLED', 'cancelled at the passphrase prompt')
      return { text, source: 'prompt' }
    } finally {
      term.close()
    }
  }
  if (args.passphrase !== undefined) {
    warn(io, 'a passphrase on the command line is visible to other users (ps) and stays in shell history; prefer --passphrase-file or AIRSIGN_PASSPHRASE')
    return { text: args.passphrase, source: 'argv' }
  }
  return { text: '', source: 'none' }
}
