/**
 * A raw private key file: 64 hex digits, with or without `0x`, surrounding white
 * space (a trailing newline) ignored. What `cast wallet private-key`, geth's
 * `--unlock`-less exports and most "export private key" buttons give.
 * @module
 */
import { AirsignError } from '../errors.js'
import { hexToBytes, wipe } from '../bytes.js'
import { isValidPrivateKey, type PrivateKey } from '../sign.js'

const RAW_KEY_RE = /^(?:0[xX])?[0-9a-fA-F]{64}$/

/**
 * Parse a raw private key. The text is never quoted in an error: it may be a key
 * with one digit wrong.
 * @param text - the file's text (or the value of an option)
 * @returns the 32-byte key, 0 < k < n; the caller wipes it
 * @throws AirsignError PRIVATE_KEY_INVALID when not 64 hex digits, or 0, or ≥ the secp256k1 order
 * @example parsePrivateKeyHex('0x4646…46\n')
 */
export function parsePrivateKeyHex(text: string): PrivateKey {
  const body = text.trim()
  if (!RAW_KEY_RE.test(body)) {
    const hints = body.startsWith('{') ? ['this looks like JSON: a keystore file is read as a keystore, not as a raw key'] : []
    throw new AirsignError('PRIVATE_KEY_INVALID', 'private key: expected 64 hex digits (32 bytes), with or without 0x', { hints })
  }
  const key = hexToBytes(body, 'private key')
  if (!isValidPrivateKey(key)) {
    wipe(key)
    throw new AirsignError('PRIVATE_KEY_INVALID', 'private key: not a secp256k1 private key (it must be in 1 … n-1: not 0, not the curve order or above)')
  }
  return key as PrivateKey
}
