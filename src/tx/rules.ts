/**
 * The rules both codecs (RLP and JSON) apply: the known types, the bounds of
 * an authorization tuple, the rules across fields; and the one error that
 * names every bad field at once.
 * @module
 */
import { AirsignError } from '../errors.js'
import { CURVE_N } from '../sign.js'
import type { Authorization, TxType, UnsignedTx } from './types.js'

export type FieldError = { field: string; message: string }

export function fail(errors: FieldError[]): never {
  // Every bad field at once, so that one round of fixes is enough.
  throw new AirsignError('TX_FIELD', errors.map((e) => `${e.field}: ${e.message}`).join('; '))
}

/**
 * The type of a type byte or JSON type value.
 * @throws AirsignError TX_TYPE_UNSUPPORTED (3, EIP-4844), TX_TYPE_UNKNOWN (any other)
 */
export function checkType(t: bigint): TxType {
  if (t === 0n || t === 1n || t === 2n || t === 4n) return Number(t) as TxType
  if (t === 3n) {
    throw new AirsignError('TX_TYPE_UNSUPPORTED', 'EIP-4844 blob transactions (type 3) are not supported', {
      hints: ['a blob transaction is only valid with its blob sidecar and KZG proofs, which airsign does not build'],
    })
  }
  throw new AirsignError('TX_TYPE_UNKNOWN', `transaction type 0x${t.toString(16).padStart(2, '0')} is not a known type (0, 1, 2, 4)`)
}

/** EIP-7702 bounds of an authorization tuple, and a valid low-s signature (EIP-2, as EIP-7702 requires). */
export function checkAuthorization(a: Authorization, f: string, errors: FieldError[]): void {
  if (a.r === 0n || a.r >= CURVE_N) errors.push({ field: `${f}.r`, message: 'not a valid signature value (0 < r < n)' })
  if (a.s === 0n || a.s > CURVE_N / 2n) errors.push({ field: `${f}.s`, message: 'not a valid low-s signature value (0 < s <= n/2, EIP-2)' })
}

/** Rules that hold across fields of a parsed transaction. */
export function crossCheck(tx: UnsignedTx, errors: FieldError[]): void {
  // A tip above the fee cap can never be included (go-ethereum: ErrTipAboveFeeCap; viem refuses it too).
  if ((tx.type === 2 || tx.type === 4) && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    errors.push({ field: 'maxPriorityFeePerGas', message: `above maxFeePerGas (${tx.maxPriorityFeePerGas} > ${tx.maxFeePerGas})` })
  }
  if (tx.type === 4 && tx.authorizationList.length === 0) {
    errors.push({ field: 'authorizationList', message: 'empty: an EIP-7702 transaction carries at least one authorization' })
  }
}
