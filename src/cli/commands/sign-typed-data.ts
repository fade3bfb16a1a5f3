/**
 * `airsign sign-typed-data`: EIP-712 (`eth_signTypedData_v4`) of a whole JSON
 * document (types, primaryType, domain, message) from --file or stdin.
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import { toBytes65 } from '../../message.js'
import { asDigest, signDigest } from '../../sign.js'
import { hashTypedData } from '../../typed-data.js'
import type { Io } from '../../io/io.js'
import { clearOptions, keyOptions, oneStdinReader, pathOptions, type ClearArgs, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { result } from '../output.js'
import { readTypedData } from '../message-input.js'
import { confirm, typedDataSummary } from '../review.js'
import { withKey } from '../signer.js'

type Args = KeyArgs & PathArgs & ClearArgs & { file?: string; review?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return clearOptions(pathOptions(keyOptions(y)))
    .option('file', { type: 'string', describe: 'the JSON document: a file, /dev/fd/N or - (default: stdin)' })
    .option('review', { type: 'boolean', describe: 'show what will be signed on the terminal and ask before signing' })
    .example('$0 sign-typed-data --file permit.json', '') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  oneStdinReader([(args.file === undefined || args.file === '-') && 'the typed data', ...keyStdinReaders(args)])
  // The whole document is checked before the key is read.
  const doc = await readTypedData(args.file, io)
  const h = hashTypedData(doc)
  // What the document grants, and the policy, before the key is read.
  const cr = await import('../clear-review.js')
  const { review, lines } = await cr.checkTypedData(args, doc)
  return withKey(args, io, async ({ key, publicKey, from, where }) => {
    const shownLines = [...typedDataSummary(doc), ...lines]
    if (args.review === true) await confirm(io, [`sign with ${where} (${address.toChecksum(from)}):`, ...shownLines.map((l) => `  ${l}`)])
    else if (io.stderrIsTTY) io.stderr.write(shownLines.map((l) => `airsign: ${l}\n`).join(''))
    cr.printWarnings(io, review.warnings, args.json === true)
    const signature = bytesToHex(toBytes65(signDigest(asDigest(h.digest), key, publicKey)))
    result(io, args.json === true, signature, {
      signature,
      address: address.toChecksum(from),
      domainSeparator: bytesToHex(h.domainSeparator),
      structHash: h.structHash === null ? null : bytesToHex(h.structHash),
      digest: bytesToHex(h.digest),
    })
    return 0
  })
}
