/**
 * The request bodies of the Safe Transaction Service, so that an offline
 * signature reaches the service through a networked machine that only relays
 * them (curl, or the service's API page): confirm a proposed transaction,
 * propose a new one, propose or confirm a message. Field names and types as
 * safe-global/api-kit sends them (numbers as decimal strings, nonce and
 * operation as numbers, no data as "0x").
 * @see https://github.com/safe-global/safe-transaction-service (history/serializers.py, safe_messages/serializers.py)
 * @module
 */
import { bytesToHex } from '../bytes.js'
import * as address from '../address.js'
import type { SafeTx } from './hash.js'

/** One POST: the path under the service's base URL (e.g. https://api.safe.global/tx-service/eth), and its JSON body. */
export type Post = { readonly method: 'POST'; readonly path: string; readonly body: Record<string, unknown> }

const num = (n: bigint): number | string => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString())

/** Add a signature to a proposed transaction. */
export function confirmTx(safeTxHash: Uint8Array, signature: Uint8Array): Post {
  return { method: 'POST', path: `/api/v1/multisig-transactions/${bytesToHex(safeTxHash)}/confirmations/`, body: { signature: bytesToHex(signature) } }
}

/** Propose a transaction, with the proposer's signature. */
export function proposeTx(safe: Uint8Array, tx: SafeTx, safeTxHash: Uint8Array, sender: Uint8Array, signature: Uint8Array): Post {
  return {
    method: 'POST',
    path: `/api/v2/safes/${address.toChecksum(safe)}/multisig-transactions/`,
    body: {
      to: address.toChecksum(tx.to),
      value: tx.value.toString(),
      data: bytesToHex(tx.data),
      operation: tx.operation,
      safeTxGas: tx.safeTxGas.toString(),
      baseGas: tx.baseGas.toString(),
      gasPrice: tx.gasPrice.toString(),
      gasToken: address.toChecksum(tx.gasToken),
      refundReceiver: address.toChecksum(tx.refundReceiver),
      nonce: num(tx.nonce),
      contractTransactionHash: bytesToHex(safeTxHash),
      sender: address.toChecksum(sender),
      signature: bytesToHex(signature),
      origin: null,
    },
  }
}

/** Propose a message (text or an EIP-712 object) with one owner's signature. */
export function proposeMessage(safe: Uint8Array, message: string | Record<string, unknown>, signature: Uint8Array): Post {
  return { method: 'POST', path: `/api/v1/safes/${address.toChecksum(safe)}/messages/`, body: { message, safeAppId: null, signature: bytesToHex(signature) } }
}

/** Add a signature to a proposed message. */
export function confirmMessage(safeMessageHash: Uint8Array, signature: Uint8Array): Post {
  return { method: 'POST', path: `/api/v1/messages/${bytesToHex(safeMessageHash)}/signatures/`, body: { signature: bytesToHex(signature) } }
}
