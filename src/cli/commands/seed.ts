/**
 * `airsign seed`: mnemonic (+ passphrase) → the 64-byte BIP-39 seed, hex.
 * The seed is private material: the user asks for it by running this command.
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex } from '../../bytes.js'
import * as mnemonic from '../../mnemonic.js'
import type { Io } from '../../io/io.js'
import { readMnemonic, readPassphrase } from '../../io/secret.js'
import { keyOptions, oneStdinReader, type KeyArgs } from '../options.js'
import { result } from '../output.js'

type Args = KeyArgs & { json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return keyOptions(y) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  oneStdinReader([args.mnemonicFile === '-' && '--mnemonic-file -', args.passphraseFile === '-' && '--passphrase-file -'])
  const m = await mnemonic.parse((await readMnemonic(args, io)).text, args.lang)
  const seed = mnemonic.toSeed(m, (await readPassphrase(args, io)).text)
  const hex = bytesToHex(seed)
  seed.fill(0)
  result(io, args.json === true, hex, { seed: hex })
  return 0
}
