/**
 * Answer an eth-sign-request: check that it is meant for this mnemonic, sign
 * what it carries, and lay the signature out as MetaMask's keyring reads it.
 *
 * The signature is `r (32) || s (32) || v`, v big-endian in as few bytes as it
 * needs (MetaMask's keyring takes `signature.slice(64)` whole as v):
 * - data type 1, legacy transaction: the EIP-155 v, `chainId * 2 + 35 + yParity`.
 *   It fits one byte only up to chain id 110; above, v takes two or more bytes
 *   and the signature is longer than 65 bytes;
 * - data type 4, typed transaction (EIP-2718): the yParity, 0 or 1;
 * - data types 2 and 3, EIP-712 typed data and EIP-191 personal messages: 27 + yParity.
 * @see https://eips.ethereum.org/EIPS/eip-4527
 * @module
 */
import { AirsignError } from '../errors.js'
import { bigintToBytes, bigintToFixed, concatBytes, equalBytes } from '../bytes.js'
import * as address from '../address.js'
import * as hd from '../hd.js'
import * as tx from '../tx.js'
import type { PrivateKey, Signature } from '../sign.js'
import { fingerprint } from './account.js'
import { DATA_TYPE, type SignRequest } from './registry.js'

/** What was checked and what will be signed, for the review and the result. */
export type Checked = {
  readonly request: SignRequest
  /** the signer's address (20 bytes) */
  readonly from: Uint8Array
  /** the decoded transaction, for data types 1 and 4 */
  readonly tx: tx.UnsignedTx | null
}

/**
 * Signing functions for the message data types, supplied by the caller so
 * that this module does not depend on which message modules exist.
 */
export type MessageSigners = {
  /** EIP-191 personal_sign of raw bytes */
  personal?: (message: Uint8Array, key: PrivateKey, publicKey: Uint8Array) => Signature
  /** EIP-712 typed data given as UTF-8 JSON (eth_signTypedData_v4) */
  typedData?: (json: Uint8Array, key: PrivateKey, publicKey: Uint8Array) => Signature
}

/**
 * Decode the transaction a request carries and settle its chain id against the request's.
 * @throws AirsignError QR_REQUEST_INVALID when the bytes do not fit the data type, and every tx.decodeUnsigned / resolveChainId code
 */
export function requestTx(request: SignRequest): tx.UnsignedTx | null {
  if (request.dataType !== DATA_TYPE.legacyTx && request.dataType !== DATA_TYPE.typedTx) return null
  const first = request.signData[0]!
  const typed = first < 0x80
  if (request.dataType === DATA_TYPE.legacyTx && typed) throw new AirsignError('QR_REQUEST_INVALID', 'data type 1 (legacy transaction) carries a typed transaction')
  if (request.dataType === DATA_TYPE.typedTx && !typed) throw new AirsignError('QR_REQUEST_INVALID', 'data type 4 (typed transaction) carries a legacy transaction')
  const decoded = tx.decodeUnsigned(request.signData)
  return tx.resolveChainId(decoded, request.chainId ?? undefined, false)
}

/**
 * Check that the request belongs to this mnemonic: the source fingerprint is
 * the master key's, and the address (when the request names one) is the key's
 * at the requested path. Also decodes the transaction.
 * @param request - the decoded request
 * @param root - the master node of the loaded mnemonic
 * @param node - the node at request.path
 * @throws AirsignError QR_FINGERPRINT_MISMATCH, QR_ADDRESS_MISMATCH, and the transaction codes
 */
export function check(request: SignRequest, root: hd.Node, node: hd.Node): Checked {
  const own = fingerprint(root)
  if (request.sourceFingerprint === null) {
    throw new AirsignError('QR_FINGERPRINT_MISMATCH', 'the request names no source fingerprint, so it cannot be checked against this mnemonic')
  }
  if (request.sourceFingerprint !== own) {
    throw new AirsignError('QR_FINGERPRINT_MISMATCH', `the request is for the key with fingerprint ${hex8(request.sourceFingerprint)}, this mnemonic's is ${hex8(own)} (other mnemonic or passphrase?)`)
  }
  const from = address.fromPublicKey(hd.publicKeyCompressed(node))
  if (request.address !== null && !equalBytes(request.address, from)) {
    throw new AirsignError('QR_ADDRESS_MISMATCH', `the request names ${address.toChecksum(request.address)}, the key at ${hd.formatPath(request.path)} is ${address.toChecksum(from)}`)
  }
  return { request, from, tx: requestTx(request) }
}

/** A fingerprint as 8 hex digits, as wallets show it. */
export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/**
 * Sign a checked request.
 * @param checked - from check()
 * @param key - the private key at the request's path
 * @param publicKey - its uncompressed public key
 * @param signers - message signing functions (types 2 and 3)
 * @returns r || s || v (see the module comment for v)
 * @throws AirsignError QR_DATA_TYPE_UNSUPPORTED when no signer for the data type is available, and the signers' codes
 */
export function sign(checked: Checked, key: PrivateKey, publicKey: Uint8Array, signers: MessageSigners): Uint8Array {
  const { request } = checked
  let sig: Signature
  let v: bigint
  switch (request.dataType) {
    case DATA_TYPE.legacyTx:
    case DATA_TYPE.typedTx: {
      const signed = tx.sign(checked.tx!, key, publicKey)
      sig = signed.signature
      // Legacy: the EIP-155 v as the transaction carries it; typed: the yParity.
      v = request.dataType === DATA_TYPE.legacyTx ? signed.v : BigInt(sig.yParity)
      break
    }
    case DATA_TYPE.personalMessage:
    case DATA_TYPE.typedData: {
      const f = request.dataType === DATA_TYPE.personalMessage ? signers.personal : signers.typedData
      const name = request.dataType === DATA_TYPE.personalMessage ? 'personal messages (data type 3)' : 'EIP-712 typed data (data type 2)'
      if (!f) throw new AirsignError('QR_DATA_TYPE_UNSUPPORTED', `this build of airsign cannot sign ${name} yet`)
      sig = f(request.signData, key, publicKey)
      v = 27n + BigInt(sig.yParity)
      break
    }
  }
  const vBytes = v === 0n ? Uint8Array.of(0) : bigintToBytes(v)
  return concatBytes(bigintToFixed(sig.r, 32), bigintToFixed(sig.s, 32), vBytes)
}
