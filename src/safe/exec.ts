/**
 * The `execTransaction` call that executes a Safe transaction with its
 * owners' signatures: what the executor's own transaction (to the Safe, value
 * 0) carries as data, which `airsign sign` can then sign offline.
 * @module
 */
import { encodeCall } from '../abi/encode.js'
import { parseSignature } from '../abi/types.js'
import type { SafeTx } from './hash.js'

const EXEC = parseSignature('execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)')

/** `execTransaction(…)` calldata (selector 0x6a761202). */
export function execTransactionData(tx: SafeTx, signatures: Uint8Array): Uint8Array {
  return encodeCall(EXEC, [tx.to, tx.value, tx.data, BigInt(tx.operation), tx.safeTxGas, tx.baseGas, tx.gasPrice, tx.gasToken, tx.refundReceiver, signatures])
}
