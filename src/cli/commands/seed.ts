/**
 * `airsign seed`: mnemonic (+ passphrase) → the 64-byte BIP-39 seed, hex; or
 * SLIP-39 shares (+ passphrase) → their master secret (16 … 32 bytes), the seed
 * of a Trezor Shamir backup.
 * The seed is private material: the user asks for it by running this command.
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex } from '../../bytes.js'
import type { Io } from '../../io/io.js'
import { loadSeed } from '../key.js'
import { keyOptions, oneStdinReader, type KeyArgs, keyStdinReaders } from '../options.js'
import { result } from '../output.js'

type Args = KeyArgs & { json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return keyOptions(y) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  oneStdinReader([...keyStdinReaders(args)])
  // A mnemonic's BIP-39 seed, or SLIP-39 shares' master secret (the seed Trezor derives keys from).
  const seed = await loadSeed(args, io)
  const hex = bytesToHex(seed)
  seed.fill(0)
  result(io, args.json === true, hex, { seed: hex })
  return 0
}
