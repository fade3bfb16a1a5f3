/**
 * `airsign sign-message`: EIP-191 personal_sign of a message given as text
 * (`--message`), as raw stdin bytes, or as hex (`--hex`).
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import { personalHash, toBytes65 } from '../../message.js'
import { signDigest } from '../../sign.js'
import type { Io } from '../../io/io.js'
import { keyOptions, oneStdinReader, pathOptions, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { result } from '../output.js'
import { readMessage } from '../message-input.js'
import { withKey } from '../signer.js'

type Args = KeyArgs & PathArgs & { message?: string; hex?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return pathOptions(keyOptions(y))
    .option('message', { type: 'string', describe: 'the message as text (UTF-8); default: stdin, byte for byte' })
    .option('hex', { type: 'boolean', describe: 'the message (argument or stdin) is hex' })
    .example("printf 'hello' | $0 sign-message", 'sign the five bytes "hello" (no newline)') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  oneStdinReader([args.message === undefined && 'the message', ...keyStdinReaders(args)])
  const message = await readMessage(args, io)
  const digest = personalHash(message)
  return withKey(args, io, ({ key, publicKey, from }) => {
    const signature = bytesToHex(toBytes65(signDigest(digest, key, publicKey)))
    result(io, args.json === true, signature, { signature, address: address.toChecksum(from), hash: bytesToHex(digest), message: bytesToHex(message) })
    return 0
  })
}
