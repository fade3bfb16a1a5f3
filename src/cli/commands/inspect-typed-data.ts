/**
 * `airsign inspect-typed-data`: what an EIP-712 document would sign, without
 * a key: the domain, the hashes, the encoded types; a summary on stderr.
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex } from '../../bytes.js'
import { encodeType, hashTypedData } from '../../typed-data.js'
import type { Io } from '../../io/io.js'
import { readTypedData } from '../message-input.js'
import { typedDataSummary } from '../review.js'

type Args = { file?: string; summary?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return y
    .option('file', { type: 'string', describe: 'the JSON document: a file, /dev/fd/N or - (default: stdin)' })
    .option('summary', { type: 'boolean', describe: 'print the summary on stderr (default: when stderr is a terminal)' }) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const doc = await readTypedData(args.file, io)
  const h = hashTypedData(doc)
  const types: Record<string, string> = {}
  for (const t of Object.keys(doc.types)) if (doc.types[t]!.length > 0 || t === doc.primaryType) types[t] = encodeType(t, doc.types)
  if (args.summary === true || (args.summary === undefined && io.stderrIsTTY)) io.stderr.write(typedDataSummary(doc).map((l) => `airsign: ${l}\n`).join(''))
  io.stdout.write(
    JSON.stringify({
      primaryType: doc.primaryType,
      domain: doc.domain,
      domainSeparator: bytesToHex(h.domainSeparator),
      structHash: h.structHash === null ? null : bytesToHex(h.structHash),
      digest: bytesToHex(h.digest),
      encodeType: types,
    }) + '\n',
  )
  return 0
}
