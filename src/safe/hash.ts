/**
 * The hashes a Safe checks signatures against, for every version: the
 * EIP-712 domain separator, the SafeTx and SafeMessage struct hashes, the
 * safeTxHash / safeMessageHash, and the 66-byte preimage `0x1901 ‖ domain ‖
 * struct` (what 1.3.0 … 1.4.x pass to a contract owner). Built as an EIP-712
 * document and hashed by typed-data.ts, so the document airsign prints is the
 * one it hashed; safe/hash.test.ts checks it against a plain abi.encode.
 *
 *     domainSeparator = keccak256(abi.encode(DOMAIN_TYPEHASH, [chainId,] safe))   chainId from 1.3.0
 *     structHash      = keccak256(abi.encode(SAFE_TX_TYPEHASH, to, value, keccak256(data), operation,
 *                                            safeTxGas, baseGas|dataGas, gasPrice, gasToken, refundReceiver, nonce))
 *     safeTxHash      = keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)
 *
 * @see https://github.com/safe-global/safe-smart-account/blob/v1.4.1/contracts/Safe.sol (encodeTransactionData)
 * @module
 */
import { bytesToHex, concatBytes } from '../bytes.js'
import * as address from '../address.js'
import { hashTypedData, type TypedData, type TypedField } from '../typed-data.js'
import { domainHasChainId, usesDataGas, type SafeVersion } from './version.js'

/** The ten fields of a Safe transaction. `baseGas` is 0.1.0's `dataGas` (same position). */
export type SafeTx = {
  readonly to: Uint8Array
  readonly value: bigint
  readonly data: Uint8Array
  readonly operation: 0 | 1
  readonly safeTxGas: bigint
  readonly baseGas: bigint
  readonly gasPrice: bigint
  readonly gasToken: Uint8Array
  readonly refundReceiver: Uint8Array
  readonly nonce: bigint
}

/** Which Safe, on which chain, at which version. `chainId` is not hashed before 1.3.0 (and may then be null). */
export type SafeDomain = { readonly safe: Uint8Array; readonly chainId: bigint | null; readonly version: SafeVersion }

/** The hashes of a SafeTx or a SafeMessage. */
export type SafeHashes = {
  readonly domainSeparator: Uint8Array
  readonly structHash: Uint8Array
  /** safeTxHash or safeMessageHash: what an owner signs. */
  readonly hash: Uint8Array
  /** `0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash`, 66 bytes. */
  readonly preimage: Uint8Array
}

/** The EIP-712 domain type of a version. */
export function domainFields(v: SafeVersion): TypedField[] {
  return domainHasChainId(v)
    ? [
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ]
    : [{ name: 'verifyingContract', type: 'address' }]
}

/** The SafeTx type of a version (0.1.0: `dataGas`). */
export function safeTxFields(v: SafeVersion): TypedField[] {
  return [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: usesDataGas(v) ? 'dataGas' : 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ]
}

/**
 * The domain as EIP-712 JSON.
 * @throws AirsignError CHAIN_ID_MISSING when the version hashes a chain id and none is given
 */
export function domainJson(d: SafeDomain): Record<string, string> {
  const vc = address.toChecksum(d.safe)
  if (!domainHasChainId(d.version)) return { verifyingContract: vc }
  if (d.chainId === null) throw new Error('domainJson: the chain id is required from Safe 1.3.0 (checked by the caller)')
  return { chainId: d.chainId.toString(), verifyingContract: vc }
}

/** The SafeTx as EIP-712 JSON (decimal strings, checksummed addresses, lower-case hex). */
export function safeTxJson(tx: SafeTx, v: SafeVersion): Record<string, string | number> {
  return {
    to: address.toChecksum(tx.to),
    value: tx.value.toString(),
    data: bytesToHex(tx.data),
    operation: tx.operation,
    safeTxGas: tx.safeTxGas.toString(),
    [usesDataGas(v) ? 'dataGas' : 'baseGas']: tx.baseGas.toString(),
    gasPrice: tx.gasPrice.toString(),
    gasToken: address.toChecksum(tx.gasToken),
    refundReceiver: address.toChecksum(tx.refundReceiver),
    nonce: tx.nonce.toString(),
  }
}

/** The EIP-712 document of a SafeTx: what `eth_signTypedData_v4` (and `airsign sign-typed-data`) signs. */
export function safeTxTypedData(d: SafeDomain, tx: SafeTx): TypedData {
  return {
    types: { EIP712Domain: domainFields(d.version), SafeTx: safeTxFields(d.version) },
    primaryType: 'SafeTx',
    domain: domainJson(d),
    message: safeTxJson(tx, d.version),
  }
}

function hashes(doc: TypedData): SafeHashes {
  const h = hashTypedData(doc)
  return { domainSeparator: h.domainSeparator, structHash: h.structHash!, hash: h.digest, preimage: concatBytes(Uint8Array.of(0x19, 0x01), h.domainSeparator, h.structHash!) }
}

/** The hashes of a Safe transaction. */
export function safeTxHashes(d: SafeDomain, tx: SafeTx): SafeHashes {
  return hashes(safeTxTypedData(d, tx))
}

/** The EIP-712 document of a SafeMessage: `SafeMessage(bytes message)` under the Safe's domain. */
export function safeMessageTypedData(d: SafeDomain, message: Uint8Array): TypedData {
  return {
    types: { EIP712Domain: domainFields(d.version), SafeMessage: [{ name: 'message', type: 'bytes' }] },
    primaryType: 'SafeMessage',
    domain: domainJson(d),
    message: { message: bytesToHex(message) },
  }
}

/**
 * The hashes of a SafeMessage (EIP-1271 off-chain message).
 * @param message - the bytes the Safe is asked about: for a text or typed-data message, the 32-byte hash (`abi.encode(bytes32)`), as Safe{Wallet} and the Transaction Service do
 */
export function safeMessageHashes(d: SafeDomain, message: Uint8Array): SafeHashes {
  return hashes(safeMessageTypedData(d, message))
}

/** `approveHash(bytes32)`, selector 0xd4d9bdcd. */
export const APPROVE_HASH_SELECTOR = Uint8Array.of(0xd4, 0xd9, 0xbd, 0xcd)
const ZERO_ADDRESS = new Uint8Array(20)

/**
 * The transaction an owner Safe executes to approve a parent Safe's hash on chain:
 * `parent.approveHash(hash)`, a plain call with no refund, at the owner Safe's nonce.
 */
export function approveHashTx(parent: Uint8Array, hash: Uint8Array, nonce: bigint): SafeTx {
  return { to: parent, value: 0n, data: concatBytes(APPROVE_HASH_SELECTOR, hash), operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce }
}
