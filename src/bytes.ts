/**
 * The one codec between text and bytes/bigint. Hex and decimal strings exist
 * only at the edge (cli/, io/, vector files); everything else holds
 * `Uint8Array` and `bigint`.
 * @module
 */
import { AirsignError } from './errors.js'

/** Lower-case hex with a `0x` prefix. */
export type Hex = `0x${string}`

const HEX_RE = /^[0-9a-fA-F]*$/
const HEX_CHARS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
/** A hex digit's character code → its value (0 for any other character: the callers check first). */
const NIBBLE = Uint8Array.from({ length: 128 }, (_, c) => parseInt(String.fromCharCode(c), 16) || 0)

/**
 * Strict hex → bytes: optional `0x`, even length, hex digits only.
 * @param hex - the text
 * @param field - name used in the error message
 * @returns the bytes
 * @throws AirsignError BAD_HEX
 * @example hexToBytes('0x0aff', 'data') // Uint8Array [10, 255]
 */
export function hexToBytes(hex: string, field: string): Uint8Array {
  const body = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex
  if (body.length % 2 !== 0) throw new AirsignError('BAD_HEX', `${field}: hex has an odd number of digits`)
  if (!HEX_RE.test(body)) throw new AirsignError('BAD_HEX', `${field}: not a hex string`)
  const out = new Uint8Array(body.length / 2)
  // The digits are checked above: each is in the table.
  for (let i = 0, j = 0; i < out.length; i++, j += 2) out[i] = (NIBBLE[body.charCodeAt(j)]! << 4) | NIBBLE[body.charCodeAt(j + 1)]!
  return out
}

/**
 * Bytes → lower-case `0x` hex.
 * @param b - the bytes
 * @returns `0x…`
 * @example bytesToHex(new Uint8Array([10, 255])) // '0x0aff'
 */
export function bytesToHex(b: Uint8Array): Hex {
  let s = '0x'
  for (let i = 0; i < b.length; i++) s += HEX_CHARS[b[i]!]
  return s as Hex
}

/**
 * Big-endian bytes → unsigned bigint (empty → 0n).
 * @param b - the bytes
 * @returns the number
 */
export function bytesToBigint(b: Uint8Array): bigint {
  if (b.length === 0) return 0n
  return BigInt(bytesToHex(b))
}

/**
 * Unsigned bigint → minimal big-endian bytes (0n → empty), as RLP quantities are written.
 * @param n - a non-negative number
 * @returns the bytes
 */
export function bigintToBytes(n: bigint): Uint8Array {
  if (n < 0n) throw new RangeError('negative')
  if (n === 0n) return new Uint8Array(0)
  let h = n.toString(16)
  if (h.length % 2) h = '0' + h
  return hexToBytes(h, 'quantity')
}

/**
 * Unsigned bigint → `size` big-endian bytes.
 * @param n - a non-negative number below 2^(8*size)
 * @param size - byte length
 * @returns the bytes
 */
export function bigintToFixed(n: bigint, size: number): Uint8Array {
  const h = n.toString(16)
  if (n < 0n || h.length > size * 2) throw new RangeError('out of range')
  return hexToBytes(h.padStart(size * 2, '0'), 'quantity')
}

/**
 * A quantity as a user writes it: a decimal string, `0x` hex, or a safe integer.
 * Leading zeros in decimal and in hex are accepted (users write them); signs,
 * fractions, exponents and white space are not.
 * @param v - the value
 * @param field - name used in the error message
 * @param max - inclusive upper bound (default 2^256-1)
 * @returns the number
 * @throws AirsignError BAD_NUMBER
 * @example parseQuantity('0x10', 'nonce') // 16n
 */
export function parseQuantity(v: unknown, field: string, max: bigint = (1n << 256n) - 1n): bigint {
  let n: bigint
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw new AirsignError('BAD_NUMBER', `${field}: expected a non-negative safe integer, or a decimal or 0x string`)
    n = BigInt(v)
  } else if (typeof v === 'bigint') {
    n = v
  } else if (typeof v === 'string') {
    if (/^0[xX][0-9a-fA-F]+$/.test(v) || /^[0-9]+$/.test(v)) n = BigInt(v)
    else throw new AirsignError('BAD_NUMBER', `${field}: not a decimal or 0x hex quantity`)
  } else {
    throw new AirsignError('BAD_NUMBER', `${field}: expected a quantity (decimal string, 0x hex or integer)`)
  }
  if (n < 0n || n > max) throw new AirsignError('BAD_NUMBER', `${field}: out of range (0 … ${max})`)
  return n
}

/**
 * Constant-time-ish equality of two byte arrays.
 * @returns true when equal
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let d = 0
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!
  return d === 0
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return concatList(parts)
}

/**
 * Concatenate a list of byte arrays. For long lists: a spread into concatBytes passes every
 * part as an argument, and some 120 000 of them overflow the engine's argument limit.
 */
export function concatList(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0
  for (const p of parts) len += p.length
  const out = new Uint8Array(len)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/**
 * Overwrite secret bytes with zeros. JavaScript cannot promise that no other
 * copy exists (see README, "What a JavaScript runtime cannot promise").
 */
export function wipe(...buffers: (Uint8Array | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0)
}

/** UTF-8 encode. */
export function utf8ToBytes(s: string): Uint8Array {
  return new TextEncoder().encode(s)
}
