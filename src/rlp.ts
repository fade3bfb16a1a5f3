/**
 * Recursive Length Prefix, strict. The only importer of `@ethereumjs/rlp`.
 * Decoding rejects trailing bytes and non-canonical forms (a single byte below
 * 0x80 with a prefix, long form for short strings, length with leading zeros).
 * @see https://ethereum.org/developers/docs/data-structures-and-encoding/rlp
 * @module
 */
import { decode as rlpDecode, encode as rlpEncode } from '@ethereumjs/rlp'
import { AirsignError } from './errors.js'

/** An RLP item: a byte string or a list of items. */
export type Item = Uint8Array | Item[]

/**
 * Encode bytes and nested lists of bytes.
 * @example encode([new Uint8Array([1])]) // Uint8Array [0xc1, 0x01]
 */
export function encode(item: Item): Uint8Array {
  return rlpEncode(item)
}

/**
 * Decode exactly one canonical RLP item that spans the whole input.
 * @param bytes - the encoding
 * @param what - name used in the error message
 * @throws AirsignError TX_DECODE
 */
export function decode(bytes: Uint8Array, what = 'transaction'): Item {
  if (bytes.length === 0) throw new AirsignError('TX_DECODE', `${what}: empty input`)
  try {
    return rlpDecode(bytes) as Item
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^invalid RLP( encoding)?:?\s*/i, '') : 'malformed'
    throw new AirsignError('TX_DECODE', `${what}: invalid RLP (${reason})`, { cause: e })
  }
}
