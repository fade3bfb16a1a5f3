/**
 * `airsign sign`: sign one unsigned transaction (raw hex or JSON, from --tx or stdin).
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import { bytesToHex, equalBytes, parseQuantity } from '../../bytes.js'
import * as address from '../../address.js'
import * as hd from '../../hd.js'
import * as tx from '../../tx.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readStream } from '../../io/read.js'
import { loadRoot, resolvePath } from '../key.js'
import { keyOptions, oneStdinReader, pathOptions, type KeyArgs, type PathArgs } from '../options.js'
import { result } from '../output.js'
import { parseTxText } from '../tx-input.js'
import { confirm, txSummary } from '../review.js'

type Args = KeyArgs & PathArgs & { tx?: string; chainId?: string; unprotected?: boolean; review?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return pathOptions(keyOptions(y))
    .option('tx', { type: 'string', describe: 'the unsigned transaction (default: read stdin)' })
    .option('chain-id', { type: 'string', describe: 'chain id for a transaction that carries none (must agree with one that does)' })
    .option('unprotected', { type: 'boolean', describe: 'sign without EIP-155 replay protection (valid on every chain)' })
    .option('review', { type: 'boolean', describe: 'show what will be signed on the terminal and ask before signing' })
    .example('$0 sign --mnemonic-file key.txt --tx 0xec09…', '') as never
}

/** Read the transaction text: --tx, else all of stdin. */
export async function readTxText(args: { tx?: string | undefined }, io: Io): Promise<string> {
  if (args.tx !== undefined) return args.tx
  return decodeUtf8(await readStream(io.stdin, CAP.input, 'transaction (stdin)'), 'transaction')
}

export async function handler(args: Args, io: Io): Promise<number> {
  oneStdinReader([args.tx === undefined && 'the transaction', args.mnemonicFile === '-' && '--mnemonic-file -', args.passphraseFile === '-' && '--passphrase-file -'])
  const flagChainId = args.chainId === undefined ? undefined : parseQuantity(args.chainId, '--chain-id', tx.MAX_CHAIN_ID)
  const path = resolvePath(args)
  // Parse and check the transaction before the key is touched: a bad input costs no secret handling.
  const parsed = parseTxText(await readTxText(args, io))
  const unsigned = tx.resolveChainId(parsed.tx, flagChainId, args.unprotected === true)
  const root = await loadRoot(args, io)
  let node: hd.Node
  try {
    node = hd.derive(root, path)
  } finally {
    hd.wipe(root)
  }
  const key = hd.privateKey(node)
  const pub = hd.publicKey(node)
  hd.wipe(node)
  const from = address.fromPublicKey(pub)
  try {
    if (parsed.from && !equalBytes(parsed.from, from)) {
      throw new AirsignError('FROM_MISMATCH', `the transaction's from (${address.toChecksum(parsed.from)}) is not the key at ${hd.formatPath(path)} (${address.toChecksum(from)})`)
    }
    if (args.review === true) await confirm(io, [`sign with the key at ${hd.formatPath(path)} (${address.toChecksum(from)}):`, ...txSummary(unsigned)])
    const signed = tx.sign(unsigned, key, pub)
    result(io, args.json === true, bytesToHex(signed.raw), {
      raw: bytesToHex(signed.raw),
      hash: bytesToHex(signed.hash),
      from: address.toChecksum(from),
      type: signed.tx.type,
      chainId: signed.tx.chainId === null ? null : signed.tx.chainId.toString(),
      nonce: signed.tx.nonce.toString(),
    })
  } finally {
    key.fill(0)
  }
  return 0
}
