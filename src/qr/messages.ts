/**
 * The message signers of eth-sign-request data types 2 (EIP-712 typed data)
 * and 3 (EIP-191 personal message), taken from the modules that implement
 * them. A data type whose module is not in this build has no signer, and
 * `signer.sign` refuses it with QR_DATA_TYPE_UNSUPPORTED.
 * @module
 */
import type { MessageSigners } from './signer.js'

/** The signers available in this build. */
export function messageSigners(): MessageSigners {
  return {}
}
