/**
 * Transaction text as the user gives it → unsigned transaction: JSON when it
 * starts with `{` or `[`, else raw hex (with or without 0x, white space around ignored).
 * @module
 */
import { AirsignError } from '../errors.js'
import { hexToBytes } from '../bytes.js'
import * as tx from '../tx.js'

/**
 * @throws AirsignError TX_EMPTY, TX_JSON, BAD_HEX and every tx.decodeUnsigned / tx.fromJson code
 */
export function parseTxText(text: string): { tx: tx.UnsignedTx; from: Uint8Array | null } {
  const t = text.replace(/^\uFEFF/, '').trim()
  if (t === '') throw new AirsignError('TX_EMPTY', 'no transaction given (use --tx or stdin)')
  if (t.startsWith('{') || t.startsWith('[')) {
    let obj: unknown
    try {
      obj = JSON.parse(t)
    } catch {
      throw new AirsignError('TX_JSON', 'transaction is not valid JSON')
    }
    return tx.fromJson(obj)
  }
  return { tx: tx.decodeUnsigned(hexToBytes(t, 'transaction')), from: null }
}
