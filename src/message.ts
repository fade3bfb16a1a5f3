/**
 * EIP-191 personal messages (`personal_sign`, version 0x45) and the 65-byte
 * signature format `r ‖ s ‖ v` that wallets exchange (v = 27 + yParity).
 * @see https://eips.ethereum.org/EIPS/eip-191
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from './errors.js'
import { bigintToFixed, bytesToBigint, concatBytes, utf8ToBytes } from './bytes.js'
import * as address from './address.js'
import { asDigest, CURVE_N, recoverPublicKey, type Digest32, type Signature } from './sign.js'

/**
 * The digest `personal_sign` signs: keccak256("\x19Ethereum Signed Message:\n" ‖ len ‖ message),
 * len in decimal ASCII. The message is bytes, taken as they are.
 */
export function personalHash(message: Uint8Array): Digest32 {
  return asDigest(keccak_256(concatBytes(utf8ToBytes(`\x19Ethereum Signed Message:\n${message.length}`), message)))
}

/** `r ‖ s ‖ v`, 65 bytes, v = 27 + yParity (what eth_sign, personal_sign and eth_signTypedData return). */
export function toBytes65(sig: Signature): Uint8Array {
  return concatBytes(bigintToFixed(sig.r, 32), bigintToFixed(sig.s, 32), Uint8Array.of(27 + sig.yParity))
}

/**
 * Parse a 65-byte signature strictly: v is 27 or 28 (or 0 or 1, which some
 * signers write), 0 < r < n, 0 < s ≤ n/2 (EIP-2: the other half is a second,
 * malleable encoding of the same signature).
 * @throws AirsignError SIGNATURE_LENGTH, SIGNATURE_V, SIGNATURE_HIGH_S, BAD_SIGNATURE
 */
export function parseSignature(bytes: Uint8Array): Signature {
  if (bytes.length !== 65) throw new AirsignError('SIGNATURE_LENGTH', `a signature is 65 bytes (r ‖ s ‖ v), this one ${bytes.length}`)
  const v = bytes[64]!
  const yParity = v === 27 || v === 0 ? 0 : v === 28 || v === 1 ? 1 : -1
  if (yParity < 0) throw new AirsignError('SIGNATURE_V', `v is ${v}: expected 27 or 28 (or 0 or 1)`)
  const r = bytesToBigint(bytes.subarray(0, 32))
  const s = bytesToBigint(bytes.subarray(32, 64))
  if (r === 0n || r >= CURVE_N) throw new AirsignError('BAD_SIGNATURE', 'r is out of range (0 < r < n)')
  if (s === 0n || s >= CURVE_N) throw new AirsignError('BAD_SIGNATURE', 's is out of range (0 < s < n)')
  if (s > CURVE_N / 2n) throw new AirsignError('SIGNATURE_HIGH_S', 's is in the upper half of the curve order (EIP-2): a malleated signature')
  return { r, s, yParity: yParity as 0 | 1 }
}

/**
 * The address that made a signature over a digest.
 * @throws AirsignError BAD_SIGNATURE when no key recovers
 */
export function recoverAddress(digest: Digest32, sig: Signature): Uint8Array {
  return address.fromPublicKey(recoverPublicKey(digest, sig))
}
