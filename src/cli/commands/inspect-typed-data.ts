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
import { clearOptions, type ClearArgs } from '../options.js'
import { jsonText } from '../output.js'

type Args = ClearArgs & { file?: string; summary?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return clearOptions(y, false)
    .option('file', { type: 'string', describe: 'the JSON document: a file, /dev/fd/N or - (default: stdin)' })
    .option('summary', { type: 'boolean', describe: 'print the summary on stderr (default: when stderr is a terminal)' }) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const doc = await readTypedData(args.file, io)
  const h = hashTypedData(doc)
  const types: Record<string, string> = {}
  for (const t of Object.keys(doc.types)) if (doc.types[t]!.length > 0 || t === doc.primaryType) types[t] = encodeType(t, doc.types)
  const cr = await import('../clear-review.js')
  const { review, lines } = await cr.checkTypedData(args, doc, true)
  if (args.summary === true || (args.summary === undefined && io.stderrIsTTY)) io.stderr.write([...typedDataSummary(doc), ...lines].map((l) => `airsign: ${l}\n`).join(''))
  io.stdout.write(
    jsonText({
      primaryType: doc.primaryType,
      domain: doc.domain,
      domainSeparator: bytesToHex(h.domainSeparator),
      structHash: h.structHash === null ? null : bytesToHex(h.structHash),
      digest: bytesToHex(h.digest),
      encodeType: types,
      ...cr.reviewJson(review),
    }) + '\n',
  )
  return 0
}
