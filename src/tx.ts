/**
 * Transactions: parse unsigned ones (raw RLP or JSON), apply the chain-id
 * rules, compute the signing hash, sign and serialize; decode signed ones.
 *
 * Typed transactions (EIP-2718) are `type || rlp(fields)`; the signing hash is
 * keccak256 of the unsigned form, the signed form appends `yParity, r, s`:
 * - 0x01 EIP-2930: chainId, nonce, gasPrice, gas, to, value, data, accessList
 * - 0x02 EIP-1559: chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList
 * - 0x03 EIP-4844: as 0x02 with a required `to`, plus maxFeePerBlobGas, blobVersionedHashes
 *   (at least one, each 32 bytes starting with 0x01); the canonical form only: the network
 *   wrapper with the blobs is read by tx/blob.ts, never signed
 * - 0x04 EIP-7702: as 0x02 with a required `to`, plus authorizationList
 *   (each `[chainId, address, nonce, yParity, r, s]`, signed by its authority)
 *
 * Legacy transactions (type 0):
 * - EIP-155 signing payload `rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])`,
 *   `v = chainId * 2 + 35 + yParity` (a bigint: chain ids beyond 2^32 are fine);
 * - pre-EIP-155 payload `rlp([nonce, gasPrice, gas, to, value, data])`, `v = 27 + yParity`,
 *   only when the caller asks for an unprotected signature explicitly.
 * @see https://eips.ethereum.org/EIPS/eip-155
 * @see https://eips.ethereum.org/EIPS/eip-2718
 * @see https://eips.ethereum.org/EIPS/eip-4844
 * @see https://eips.ethereum.org/EIPS/eip-7702
 *
 * This module is the public face of src/tx/ (importers keep `./tx.js`):
 * - tx/types.ts: the types, field orders, bounds and names;
 * - tx/rules.ts: what both codecs check (known types, authorization bounds, cross-field rules);
 * - tx/rlp.ts: the RLP codec (decode unsigned and signed, signing payload, signed form);
 * - tx/json.ts: the JSON codec (ethers and viem field names);
 * - tx/blob.ts: the network wrapper of a blob transaction (read and checked, never signed);
 * - tx/sign.ts: chain id, signing hash, signing, decoding with sender recovery.
 * @module
 */
export { GAS_PER_BLOB, MAX_CHAIN_ID, MAX_GAS, MAX_NONCE, MAX_TX_GAS_OSAKA, MAX_UINT256, TYPE_NAMES } from './tx/types.js'
export type { AccessList, AccessListEntry, AccessListTx, Authorization, BlobTx, DecodedSigned, FeeMarketTx, LegacyTx, SetCodeTx, SignedTx, TxType, UnsignedTx } from './tx/types.js'
export { BYTES_PER_BLOB, BYTES_PER_COMMITMENT, BYTES_PER_PROOF, CELLS_PER_EXT_BLOB, checkWrapper, decodeWrapper, versionedHash } from './tx/blob.js'
export type { BlobWrapper, WrapperVersion } from './tx/blob.js'
export { authorizationItems, decodeUnsigned, legacyV, serializeSigned, signingPayload } from './tx/rlp.js'
export { fromJson } from './tx/json.js'
export { decodeSigned, resolveChainId, sign, signingHash } from './tx/sign.js'
