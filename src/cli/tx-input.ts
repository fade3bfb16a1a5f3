/**
 * Transaction text as the user gives it → unsigned transaction: JSON when it
 * starts with `{` or `[`, else raw hex (with or without 0x, white space around ignored).
 * @module
 */
import { AirsignError } from '../errors.js'
import { hexToBytes } from '../bytes.js'
import * as tx from '../tx.js'
import type { Io } from '../io/io.js'
import { CAP, decodeUtf8, readStream } from '../io/read.js'

/**
 * The transaction text as JSON (parsed) or raw bytes (hex).
 * @throws AirsignError TX_EMPTY, TX_JSON, BAD_HEX
 */
export function splitTxText(text: string): { json: unknown } | { bytes: Uint8Array } {
  const t = text.replace(/^\uFEFF/, '').trim()
  if (t === '') throw new AirsignError('TX_EMPTY', 'no transaction given (use --tx or stdin)')
  if (!t.startsWith('{') && !t.startsWith('[')) return { bytes: hexToBytes(t, 'transaction') }
  try {
    return { json: JSON.parse(t) }
  } catch {
    throw new AirsignError('TX_JSON', 'transaction is not valid JSON')
  }
}

/**
 * @throws AirsignError TX_EMPTY, TX_JSON, BAD_HEX and every tx.decodeUnsigned / tx.fromJson code
 */
export function parseTxText(text: string): { tx: tx.UnsignedTx; from: Uint8Array | null } {
  const input = splitTxText(text)
  return 'json' in input ? tx.fromJson(input.json) : { tx: tx.decodeUnsigned(input.bytes), from: null }
}

/** Read the transaction text: --tx, else all of stdin. */
export async function readTxText(args: { tx?: string | undefined }, io: Io): Promise<string> {
  if (args.tx !== undefined) return args.tx
  return decodeUtf8(await readStream(io.stdin, CAP.input, 'transaction (stdin)'), 'transaction')
}

/**
 * The warning for a gas limit above EIP-7825's per-transaction cap (Osaka), or null.
 * airsign still signs it: a chain without Osaka includes it.
 */
export function gasCapWarning(t: tx.UnsignedTx): string | null {
  if (t.gas <= tx.MAX_TX_GAS_OSAKA) return null
  return `gas limit ${t.gas} is above 2^24 (${tx.MAX_TX_GAS_OSAKA}), the per-transaction cap of EIP-7825 (Osaka): no network that runs Osaka includes it`
}

/** Whether a transaction needs a review (decoding, risk rules): a plain transfer (no data, not type 4) does not. */
export function needsReview(t: tx.UnsignedTx): boolean {
  return t.data.length > 0 || t.to === null || t.type === 4
}
