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
  slip39File?: string | undefined
  keystore?: string | undefined
  passwordFile?: string | undefined
  privateKeyFile?: string | undefined
}

/** Which source a secret came from (for tests and warnings; never the secret). */
export type Source = 'file' | 'env' | 'argv' | 'prompt' | 'none'

/** A secret's text from a file, a descriptor or stdin, at most `cap` bytes (the read buffer is wiped). */
async function readSource(path: string, io: Io, what: string, cap: number = CAP.secret): Promise<string> {
  const bytes = path === '-' ? await readStream(io.stdin, cap, what) : await readPath(path, cap, what)
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

/**
 * Ask once on the controlling terminal, hidden.
 * @param missing - the error when there is no terminal
 * @param what - the secret's name, for the cancel message
 * @throws AirsignError `missing`, CANCELLED
 */
async function askHidden(io: Io, prompt: string, missing: AirsignError, what: string): Promise<{ text: string; source: Source }> {
  const term = io.openTerminal()
  if (!term) throw missing
  try {
    const text = await term.readHidden(prompt)
    if (text === null) throw new AirsignError('CANCELLED', `cancelled at the ${what} prompt`)
    return { text, source: 'prompt' }
  } finally {
    term.close()
  }
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
  const missing = new AirsignError('NO_SECRET_SOURCE', 'no mnemonic given and no terminal to ask on', {
    hints: ['give --mnemonic-file PATH (or - for stdin, /dev/fd/N) or set AIRSIGN_MNEMONIC'],
  })
  return askHidden(io, 'Mnemonic (input hidden): ', missing, 'mnemonic')
}

/**
 * The word counts of a SLIP-39 share: 7 words of header and checksum, and ceil(bits / 10) for a
 * master secret of 128 … 512 bits in steps of 16 (20 words for 128 bits, 33 for 256). None is a
 * BIP-39 count (12, 15, 18, 21, 24), so the count alone tells which a phrase is.
 */
export const SHARE_WORD_COUNTS: ReadonlySet<number> = new Set(Array.from({ length: 25 }, (_, i) => 7 + Math.ceil((128 + 16 * i) / 10)))

/**
 * SLIP-39 shares, one a line (blank lines ignored): from `--slip39-file`, else AIRSIGN_SLIP39,
 * else the hidden prompt, one share each time it is asked until `complete` says the set is
 * whole (an empty answer stops: the set is then checked as it is).
 * @param first - a share already read (the mnemonic prompt's answer that turned out to be a share)
 * @throws AirsignError NO_SECRET_SOURCE, READ_FAILED, INPUT_TOO_LARGE, BAD_UTF8, CANCELLED
 */
export async function readShares(args: SecretArgs, io: Io, complete: (shares: readonly string[]) => boolean, first?: string): Promise<{ shares: string[]; source: Source }> {
  const lines = (t: string) => t.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')
  if (first === undefined) {
    if (args.slip39File !== undefined) return { shares: lines(await readSource(args.slip39File, io, 'SLIP-39 share file', 64 * 1024)), source: 'file' }
    const env = io.env.AIRSIGN_SLIP39
    if (env !== undefined && env !== '') return { shares: lines(env), source: 'env' }
  }
  const shares = first === undefined ? [] : [first]
  const term = io.openTerminal()
  if (!term) {
    if (first !== undefined) return { shares, source: 'prompt' }
    throw new AirsignError('NO_SECRET_SOURCE', 'no SLIP-39 shares given and no terminal to ask on', { hints: ['give --slip39-file PATH (one share a line; - for stdin, /dev/fd/N) or set AIRSIGN_SLIP39'] })
  }
  try {
    while (!complete(shares)) {
      const text = await term.readHidden(`SLIP-39 share ${shares.length + 1} (input hidden, empty line: no more): `)
      if (text === null) throw new AirsignError('CANCELLED', 'cancelled at the share prompt')
      if (text.trim() === '') break
      shares.push(text.trim())
    }
    return { shares, source: 'prompt' }
  } finally {
    term.close()
  }
}

/** Whether a text is shaped like one SLIP-39 share (its word count), so the mnemonic prompt can take either. */
export function looksLikeShare(text: string): boolean {
  return SHARE_WORD_COUNTS.has(text.trim().split(/\s+/u).length)
}

/**
 * A keystore's password: `--password-file`, else AIRSIGN_KEYSTORE_PASSWORD, else the hidden prompt.
 * @throws AirsignError NO_SECRET_SOURCE, READ_FAILED, INPUT_TOO_LARGE, BAD_UTF8, CANCELLED
 */
export async function readKeystorePassword(args: SecretArgs, io: Io): Promise<{ text: string; source: Source }> {
  if (args.passwordFile !== undefined) return { text: stripNewline(await readSource(args.passwordFile, io, 'password file')), source: 'file' }
  const env = io.env.AIRSIGN_KEYSTORE_PASSWORD
  if (env !== undefined) return { text: env, source: 'env' }
  const missing = new AirsignError('NO_SECRET_SOURCE', 'no keystore password given and no terminal to ask on', { hints: ['give --password-file PATH (or - for stdin, /dev/fd/N) or set AIRSIGN_KEYSTORE_PASSWORD'] })
  return askHidden(io, 'Keystore password (input hidden): ', missing, 'password')
}

/**
 * A keystore file (JSON; not a secret by itself, but the password opens it), at most 64 KiB.
 * @throws AirsignError READ_FAILED, INPUT_TOO_LARGE, BAD_UTF8
 */
export async function readKeystoreFile(path: string, io: Io): Promise<string> {
  return readSource(path, io, 'keystore', 64 * 1024)
}

/**
 * A raw private key file: the text, for the key parser.
 * @throws AirsignError READ_FAILED, INPUT_TOO_LARGE, BAD_UTF8
 */
export async function readPrivateKeyFile(path: string, io: Io): Promise<string> {
  return readSource(path, io, 'private key file')
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
  if (args.passphrasePrompt) return askHidden(io, 'Passphrase (input hidden): ', new AirsignError('NO_SECRET_SOURCE', '--passphrase-prompt needs a terminal'), 'passphrase')
  if (args.passphrase !== undefined) {
    warn(io, 'a passphrase on the command line is visible to other users (ps) and stays in shell history; prefer --passphrase-file or AIRSIGN_PASSPHRASE')
    return { text: args.passphrase, source: 'argv' }
  }
  return { text: '', source: 'none' }
}
