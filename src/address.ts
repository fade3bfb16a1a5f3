/**
 * Public key → 20-byte Ethereum address, and EIP-55 mixed-case checksum text.
 * @see https://eips.ethereum.org/EIPS/eip-55
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from './errors.js'
import { bytesToHex, hexToBytes } from './bytes.js'
import { uncompress } from './sign.js'

/** An EIP-55 checksummed address. */
export type Address = `0x${string}`

/**
 * Address of a public key: the last 20 bytes of keccak256(x || y).
 * @param publicKey - 33 or 65 byte SEC1 public key
 * @returns 20 bytes
 */
export function fromPublicKey(publicKey: Uint8Array): Uint8Array {
  const full = publicKey.length === 65 ? publicKey : uncompress(publicKey)
  return keccak_256(full.subarray(1)).subarray(12)
}

/**
 * EIP-55 text of a 20-byte address: hex digit i is upper case when nibble i of
 * keccak256(lower-case hex) is >= 8.
 * @example toChecksum(bytes) // '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
 */
export function toChecksum(addr: Uint8Array): Address {
  const lower = bytesToHex(addr).slice(2)
  const hash = keccak_256(new TextEncoder().encode(lower))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf
    const c = lower[i]!
    out += nibble >= 8 ? c.toUpperCase() : c
  }
  return out as Address
}

/**
 * Parse an address. All-lower or all-upper hex is accepted as is; mixed case
 * must carry a valid EIP-55 checksum (a typo guard).
 * @param text - `0x` + 40 hex digits
 * @param field - name used in the error message
 * @returns 20 bytes
 * @throws AirsignError BAD_ADDRESS
 */
export function parse(text: string, field: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw new AirsignError('BAD_ADDRESS', `${field}: expected 0x followed by 40 hex digits`)
  const bytes = hexToBytes(text, field)
  const body = text.slice(2)
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase()
  if (mixed && toChecksum(bytes) !== text) throw new AirsignError('BAD_ADDRESS', `${field}: EIP-55 checksum does not match (mistyped address?)`)
  return bytes
}
