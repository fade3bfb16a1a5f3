/**
 * The review summary of an eth-sign-request: what will be signed, by which
 * key, for which chain, as lines for the terminal (stderr or /dev/tty). A
 * transaction is summarized exactly as `sign --review` does (review.ts).
 * @module
 */
import { bytesToHex } from '../bytes.js'
import * as address from '../address.js'
import * as hd from '../hd.js'
import type { Checked } from '../qr/signer.js'
import { DATA_TYPE } from '../qr/registry.js'
import { txSummary, typedDataSummary } from './review.js'
import { requestTypedData } from '../qr/messages.js'

/** Printable text of a message, or its hex when it is not plain UTF-8 text. */
function messageText(b: Uint8Array): string {
  try {
    const t = new TextDecoder('utf-8', { fatal: true }).decode(b)
    // Control characters (other than new lines and tabs) could rewrite the terminal.
    if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(t)) return JSON.stringify(t)
  } catch {
    // not UTF-8: show hex
  }
  return bytesToHex(b)
}

/**
 * Summary lines of a checked request.
 * @param c - the checked request
 * @param reviewed - the review lines of the transaction (decoded call, warnings) or of the typed data (fields, hashes)
 * @returns lines without trailing new lines
 */
export function summary(c: Checked, reviewed?: readonly string[]): string[] {
  const r = c.request
  const lines = [`sign request${r.origin !== null ? ` from ${JSON.stringify(r.origin)}` : ''}: key ${hd.formatPath(r.path)} (${address.toChecksum(c.from)})`]
  if (c.tx !== null) {
    lines.push(...(reviewed ?? txSummary(c.tx)))
  } else if (r.dataType === DATA_TYPE.personalMessage) {
    lines.push(`  personal message (EIP-191), ${r.signData.length} bytes: ${messageText(r.signData)}`)
  } else {
    lines.push(`  typed data (EIP-712), ${r.signData.length} bytes of JSON`)
    // Its domain and primary type are what a reviewer needs (qr sign validated the document before reading the key).
    lines.push(...typedDataSummary(requestTypedData(r.signData)).map((l) => `  ${l}`))
    if (reviewed) lines.push(...reviewed.map((l) => `  ${l}`))
  }
  return lines
}
