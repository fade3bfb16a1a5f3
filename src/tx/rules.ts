/**
 * The rules both codecs (RLP and JSON) apply: the known types, the bounds of
 * an authorization tuple and of a blob versioned hash, the rules across
 * fields; and the one error that names every bad field at once.
 * @module
 */
import { AirsignError } from '../errors.js'
import { CURVE_N } from '../sign.js'
import { VERSIONED_HASH_VERSION_KZG, type Authorization, type TxType, type UnsignedTx } from './types.js'

/** A bad field; `blob` marks a versioned-hash error (TX_BLOB_HASH when it is the only kind). */
export type FieldError = { field: string; message: string; blob?: true }

/**
 * Every bad field at once, so that one round of fixes is enough.
 * @throws AirsignError TX_BLOB_HASH when every error is about the blob versioned hashes, else TX_FIELD
 */
export function fail(errors: FieldError[]): never {
  const code = errors.every((e) => e.blob) ? 'TX_BLOB_HASH' : 'TX_FIELD'
  throw new AirsignError(code, errors.map((e) => `${e.field}: ${e.message}`).join('; '))
}

/**
 * The type of a type byte or JSON type value.
 * @throws AirsignError TX_TYPE_UNKNOWN (a type no EIP defines)
 */
export function checkType(t: bigint): TxType {
  if (t >= 0n && t <= 4n) return Number(t) as TxType
  throw new AirsignError('TX_TYPE_UNKNOWN', `transaction type 0x${t.toString(16).padStart(2, '0')} is not a known type (0, 1, 2, 3, 4)`)
}

/** Whether a transaction of this type may create a contract (`to` empty): not EIP-4844 nor EIP-7702. */
export function canCreate(type: TxType): boolean {
  return type !== 3 && type !== 4
}

/** EIP-4844: a versioned hash is 32 bytes and starts with its version, 0x01 (KZG). */
export function checkVersionedHash(h: Uint8Array, f: string, errors: FieldError[]): void {
  if (h.length !== 32) errors.push({ field: f, message: `expected 32 bytes, got ${h.length}`, blob: true })
  else if (h[0] !== VERSIONED_HASH_VERSION_KZG) errors.push({ field: f, message: `version 0x${h[0]!.toString(16).padStart(2, '0')}: a versioned hash starts with 0x01 (KZG, EIP-4844)`, blob: true })
}

/** EIP-7702 bounds of an authorization tuple, and a valid low-s signature (EIP-2, as EIP-7702 requires). */
export function checkAuthorization(a: Authorization, f: string, errors: FieldError[]): void {
  if (a.r === 0n || a.r >= CURVE_N) errors.push({ field: `${f}.r`, message: 'not a valid signature value (0 < r < n)' })
  if (a.s === 0n || a.s > CURVE_N / 2n) errors.push({ field: `${f}.s`, message: 'not a valid low-s signature value (0 < s <= n/2, EIP-2)' })
}

/** Rules that hold across fields of a parsed transaction. */
export function crossCheck(tx: UnsignedTx, errors: FieldError[]): void {
  // A tip above the fee cap can never be included (go-ethereum: ErrTipAboveFeeCap; viem refuses it too).
  if ((tx.type === 2 || tx.type === 3 || tx.type === 4) && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    errors.push({ field: 'maxPriorityFeePerGas', message: `above maxFeePerGas (${tx.maxPriorityFeePerGas} > ${tx.maxFeePerGas})` })
  }
  if (tx.type === 4 && tx.authorizationList.length === 0) {
    errors.push({ field: 'authorizationList', message: 'empty: an EIP-7702 transaction carries at least one authorization' })
  }
  if (tx.type === 3 && tx.blobVersionedHashes.length === 0 && !errors.some((e) => e.field === 'blobVersionedHashes')) {
    errors.push({ field: 'blobVersionedHashes', message: 'empty: an EIP-4844 transaction carries at least one blob', blob: true })
  }
}
