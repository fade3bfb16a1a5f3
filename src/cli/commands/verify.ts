/**
 * `airsign verify`: does a signature (or a signed transaction) come from an
 * address? Offline, no key. Exit 0 yes, 1 no (VERIFY_MISMATCH), 3 for a
 * malformed signature.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import { bytesToHex, equalBytes, hexToBytes } from '../../bytes.js'
import * as address from '../../address.js'
import { parseSignature, personalHash, recoverAddress } from '../../message.js'
import { asDigest } from '../../sign.js'
import { hashTypedData } from '../../typed-data.js'
import * as tx from '../../tx.js'
import type { Io } from '../../io/io.js'
import { oneStdinReader } from '../options.js'
import { digestArg, readMessage, readTypedData } from '../message-input.js'

type Args = { address?: string; signature?: string; message?: string; hex?: boolean; typedData?: string; hash?: string; tx?: string; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return y
    .option('address', { type: 'string', describe: 'the address the signature should come from' })
    .option('signature', { type: 'string', describe: '65-byte signature r‖s‖v, hex (not with --tx)' })
    .option('message', { type: 'string', describe: 'an EIP-191 message as text (default: stdin, byte for byte)' })
    .option('hex', { type: 'boolean', describe: 'the message is hex' })
    .option('typed-data', { type: 'string', describe: 'an EIP-712 document: a file, /dev/fd/N or -' })
    .option('hash', { type: 'string', describe: 'a raw 32-byte digest, hex' })
    .option('tx', { type: 'string', describe: 'a signed transaction, hex (its own signature is checked)' })
    .demandOption('address') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const modes = (['typedData', 'hash', 'tx'] as const).filter((m) => args[m] !== undefined)
  if (modes.length > 1 || (modes.length === 1 && (args.message !== undefined || args.hex !== undefined))) {
    throw new AirsignError('USAGE', 'give one of --message/stdin, --typed-data, --hash, --tx')
  }
  const expected = address.parse(String(args.address), '--address')
  let digest: Uint8Array
  let recovered: Uint8Array
  if (args.tx !== undefined) {
    if (args.signature !== undefined) throw new AirsignError('USAGE', '--tx carries its own signature; --signature goes with the other modes')
    const signed = tx.decodeSigned(hexToBytes(args.tx.trim(), 'transaction'))
    digest = signed.hash
    recovered = signed.from
  } else {
    if (args.signature === undefined) throw new AirsignError('USAGE', 'Missing required argument: signature')
    const sig = parseSignature(hexToBytes(args.signature.trim(), '--signature'))
    oneStdinReader([modes.length === 0 && args.message === undefined && 'the message', args.typedData === '-' && '--typed-data -'])
    if (args.typedData !== undefined) digest = hashTypedData(await readTypedData(args.typedData, io)).digest
    else if (args.hash !== undefined) digest = digestArg(args.hash, '--hash')
    else digest = personalHash(await readMessage(args, io))
    recovered = recoverAddress(asDigest(digest), sig)
  }
  const valid = equalBytes(recovered, expected)
  const rec = address.toChecksum(recovered)
  if (args.json === true) io.stdout.write(JSON.stringify({ valid, recovered: rec, address: address.toChecksum(expected), hash: bytesToHex(digest) }) + '\n')
  else io.stdout.write(rec + '\n')
  if (!valid) throw new AirsignError('VERIFY_MISMATCH', `the signature is from ${rec}, not ${address.toChecksum(expected)}`)
  return 0
}
