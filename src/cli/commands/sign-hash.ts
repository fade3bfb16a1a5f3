/**
 * `airsign sign-hash --blind`: sign a raw 32-byte digest. Blind signing: the
 * digest could be a transaction, a permit or an order, and nothing here can
 * show which; so it needs the explicit flag and always warns.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import { toBytes65 } from '../../message.js'
import { asDigest, signDigest } from '../../sign.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readStream } from '../../io/read.js'
import { warn } from '../../io/secret.js'
import { keyOptions, oneStdinReader, pathOptions, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { result } from '../output.js'
import { digestArg } from '../message-input.js'
import { withKey } from '../signer.js'

type Args = KeyArgs & PathArgs & { hash?: string; blind?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return pathOptions(keyOptions(y))
    .option('hash', { type: 'string', describe: 'the 32-byte digest, hex (default: stdin)' })
    .option('blind', { type: 'boolean', describe: 'required: you know what this digest authorizes (airsign cannot show it)' }) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  if (args.blind !== true) {
    throw new AirsignError('BLIND_SIGNING_REFUSED', 'sign-hash signs a digest whose meaning airsign cannot show; add --blind if you know what it authorizes', {
      hints: ['for a message use sign-message, for EIP-712 data sign-typed-data: both show what is signed'],
    })
  }
  oneStdinReader([args.hash === undefined && 'the digest', ...keyStdinReaders(args)])
  const text = args.hash ?? decodeUtf8(await readStream(io.stdin, CAP.input, 'digest (stdin)'), 'digest')
  const digest = asDigest(digestArg(text, 'digest'))
  return withKey(args, io, ({ key, publicKey, from }) => {
    warn(io, `blind signing ${bytesToHex(digest)}: this signature authorizes whatever the digest stands for (a transaction, a permit, an order)`)
    const signature = bytesToHex(toBytes65(signDigest(digest, key, publicKey)))
    result(io, args.json === true, signature, { signature, address: address.toChecksum(from), hash: bytesToHex(digest) })
    return 0
  })
}
