/**
 * The transaction types, the field order of each on the wire, the bounds of
 * their quantities, and their names in messages.
 * @see https://eips.ethereum.org/EIPS/eip-4844
 * @see https://eips.ethereum.org/EIPS/eip-7825
 * @module
 */
import type { Signature } from '../sign.js'

/** Largest quantity an RLP field of a transaction can hold here (32 bytes). */
export const MAX_UINT256 = (1n << 256n) - 1n
/** EIP-2681: a nonce is below 2^64 - 1. */
export const MAX_NONCE = (1n << 64n) - 2n
/** Gas limits are 64-bit in every client. */
export const MAX_GAS = (1n << 64n) - 1n
/** Largest chain id airsign signs for (64-bit, as go-ethereum and EIP-2294 bound it). */
export const MAX_CHAIN_ID = (1n << 64n) - 1n

/**
 * EIP-7825 (Osaka): no transaction may have a gas limit above 2^24. Not a
 * bound of the encoding: airsign signs above it (a chain without Osaka takes
 * it) and says so.
 */
export const MAX_TX_GAS_OSAKA = 1n << 24n

/** EIP-4844: the blob gas one blob uses (2^17), paid at up to maxFeePerBlobGas. */
export const GAS_PER_BLOB = 1n << 17n

/** EIP-4844: a versioned hash is `VERSIONED_HASH_VERSION_KZG || sha256(commitment)[1:]`. */
export const VERSIONED_HASH_VERSION_KZG = 0x01

/** Largest 256-bit quantity. */
export const U256 = MAX_UINT256

/** An access list entry (EIP-2930): an address and the storage keys the transaction will touch. */
export type AccessListEntry = { readonly address: Uint8Array; readonly storageKeys: readonly Uint8Array[] }
export type AccessList = readonly AccessListEntry[]

/** A signed EIP-7702 authorization, as a type-4 transaction carries it. */
export type Authorization = {
  readonly chainId: bigint
  /** the delegate: the code the authority's account will run */
  readonly address: Uint8Array
  readonly nonce: bigint
  readonly yParity: 0 | 1
  readonly r: bigint
  readonly s: bigint
}

type Base = {
  /** null only before resolveChainId, and for an unprotected legacy transaction */
  readonly chainId: bigint | null
  readonly nonce: bigint
  readonly gas: bigint
  readonly value: bigint
  readonly data: Uint8Array
}
/** Type 0. `to` is null for contract creation. */
export type LegacyTx = Base & { readonly type: 0; readonly gasPrice: bigint; readonly to: Uint8Array | null }
/** Type 1, EIP-2930. */
export type AccessListTx = Base & { readonly type: 1; readonly gasPrice: bigint; readonly to: Uint8Array | null; readonly accessList: AccessList }
/** Type 2, EIP-1559. */
export type FeeMarketTx = Base & {
  readonly type: 2
  readonly maxPriorityFeePerGas: bigint
  readonly maxFeePerGas: bigint
  readonly to: Uint8Array | null
  readonly accessList: AccessList
}
/**
 * Type 3, EIP-4844: a blob transaction, never a contract creation. What is
 * signed names the blobs by their versioned hashes; the blobs, their KZG
 * commitments and proofs travel beside it in the network wrapper.
 */
export type BlobTx = Base & {
  readonly type: 3
  readonly maxPriorityFeePerGas: bigint
  readonly maxFeePerGas: bigint
  readonly to: Uint8Array
  readonly accessList: AccessList
  readonly maxFeePerBlobGas: bigint
  /** 32 bytes each, the first 0x01; at least one */
  readonly blobVersionedHashes: readonly Uint8Array[]
}
/** Type 4, EIP-7702: never a contract creation. */
export type SetCodeTx = Base & {
  readonly type: 4
  readonly maxPriorityFeePerGas: bigint
  readonly maxFeePerGas: bigint
  readonly to: Uint8Array
  readonly accessList: AccessList
  readonly authorizationList: readonly Authorization[]
}
/** Any transaction airsign can sign. */
export type UnsignedTx = LegacyTx | AccessListTx | FeeMarketTx | BlobTx | SetCodeTx
export type TxType = UnsignedTx['type']

/** A signed transaction, serialized. */
export type SignedTx = {
  readonly tx: UnsignedTx
  /** the bytes to broadcast */
  readonly raw: Uint8Array
  /** keccak256(raw) */
  readonly hash: Uint8Array
  readonly signature: Signature
  /** legacy: `v` as written in the transaction; typed: the yParity */
  readonly v: bigint
}

/** A decoded signed transaction and its recovered sender. */
export type DecodedSigned = SignedTx & { readonly from: Uint8Array }

/** The wire order of each typed transaction's unsigned fields. */
export const TYPED_FIELDS = {
  1: ['chainId', 'nonce', 'gasPrice', 'gas', 'to', 'value', 'data', 'accessList'],
  2: ['chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList'],
  3: ['chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList', 'maxFeePerBlobGas', 'blobVersionedHashes'],
  4: ['chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList', 'authorizationList'],
} as const
export type TypedType = keyof typeof TYPED_FIELDS

/** Upper bound of each quantity field. */
export const MAX: Record<string, bigint> = {
  chainId: MAX_CHAIN_ID,
  nonce: MAX_NONCE,
  gasPrice: U256,
  maxPriorityFeePerGas: U256,
  maxFeePerGas: U256,
  maxFeePerBlobGas: U256,
  gas: MAX_GAS,
  value: U256,
}

/** Names of the transaction types, for messages. */
export const TYPE_NAMES: Record<TxType, string> = { 0: 'legacy', 1: 'EIP-2930', 2: 'EIP-1559', 3: 'EIP-4844', 4: 'EIP-7702' }
