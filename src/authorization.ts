/**
 * EIP-7702 authorizations: an account (the authority) signs
 * `keccak256(0x05 || rlp([chainId, address, nonce]))` to let its account run
 * the code at `address` (the delegate). Chain id 0 means every chain.
 * @see https://eips.ethereum.org/EIPS/eip-7702
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bigintToBytes, concatBytes } from './bytes.js'
import * as rlp from './rlp.js'
import { asDigest, recoverPublicKey, signDigest, type Digest32, type PrivateKey } from './sign.js'
import * as address from './address.js'
import { authorizationItems } from './tx/rlp.js'
import type { Authorization } from './tx/types.js'

/** The EIP-7702 magic byte that separates authorization hashes from transaction hashes. */
export const MAGIC = 0x05

/**
 * The digest an authority signs.
 * @param chainId - the chain, or 0 for every chain
 * @param delegate - 20-byte address of the code to run
 * @param nonce - the authority's account nonce when the authorization is used
 */
export function authorizationHash(chainId: bigint, delegate: Uint8Array, nonce: bigint): Digest32 {
  return asDigest(keccak_256(concatBytes(Uint8Array.of(MAGIC), rlp.encode([bigintToBytes(chainId), delegate, bigintToBytes(nonce)]))))
}

/**
 * Sign an authorization (deterministic, low s, checked by recovery).
 * @returns the signed tuple
 */
export function signAuthorization(chainId: bigint, delegate: Uint8Array, nonce: bigint, key: PrivateKey, publicKey?: Uint8Array): Authorization {
  const sig = signDigest(authorizationHash(chainId, delegate, nonce), key, publicKey)
  return { chainId, address: delegate, nonce, yParity: sig.yParity, r: sig.r, s: sig.s }
}

/** The RLP of a signed tuple `[chainId, address, nonce, yParity, r, s]`, as a type-4 transaction's list holds it. */
export function encodeAuthorization(a: Authorization): Uint8Array {
  return rlp.encode(authorizationItems(a))
}

/**
 * The authority (signer) of a signed authorization: the address its signature recovers to.
 * @returns the 20-byte address, or null when the signature does not recover
 */
export function recoverAuthority(a: Authorization): Uint8Array | null {
  try {
    return address.fromPublicKey(recoverPublicKey(authorizationHash(a.chainId, a.address, a.nonce), a))
  } catch {
    return null
  }
}
