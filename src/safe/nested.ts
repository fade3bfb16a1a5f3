/**
 * Nested Safes: a Safe C (the "owner Safe", whose owners hold the airsign
 * key) that owns a Safe P (the "parent"). C can approve P's transaction in two
 * ways, and what C's owners sign differs:
 *
 * - **approve-hash** (on chain): C executes `P.approveHash(safeTxHash_P)`, a
 *   SafeTx of C's own, hashed under C's version and domain, at C's nonce. P then
 *   takes C's pre-validated signature (`r = C, v = 1`).
 * - **contract-signature** (EIP-1271, off chain): C's owners sign a SafeMessage
 *   of C, whose bytes are what P's singleton passes to `C.isValidSignature`:
 *   P ≥ 1.5.0 passes `safeTxHash_P` (`isValidSignature(bytes32,bytes)`), older P
 *   pass the 66-byte preimage (`isValidSignature(bytes,bytes)`). The rule is
 *   keyed on P's version (protocol-kit keys it on C's; the two agree when the
 *   versions do) and is printed with the result.
 *
 * Messages signed by P (a dApp asks `P.isValidSignature(bytes32 h)`): P's
 * handler decides what C is asked. 1.5.0 asks `C.isValidSignature(bytes32
 * m_P)`, the 1.4.x handler forwards the preimage of `m_P`, older ones forward
 * the original message bytes.
 * @module
 */
import { approveHashTx, safeMessageHashes, safeTxHashes, type SafeDomain, type SafeHashes, type SafeTx } from './hash.js'
import { contractOwnerGetsHash, isAtLeast, type SafeVersion } from './version.js'

export type NestedMode = 'approve-hash' | 'contract-signature'

/** What the owner Safe's owners sign, with the rule that chose it. */
export type Nested =
  | { readonly mode: 'approve-hash'; readonly domain: SafeDomain; readonly tx: SafeTx; readonly hashes: SafeHashes; readonly rule: string }
  | { readonly mode: 'contract-signature'; readonly domain: SafeDomain; readonly message: Uint8Array; readonly hashes: SafeHashes; readonly rule: string }

/**
 * What C's owners sign to approve P's transaction.
 * @param parent - P's domain (its version decides the contract-signature rule)
 * @param parentHashes - P's SafeTx hashes
 * @param child - C's domain (C's own version)
 * @param childNonce - C's nonce (approve-hash only)
 */
export function nestedForTx(mode: NestedMode, parent: SafeDomain, parentHashes: SafeHashes, child: SafeDomain, childNonce: bigint | null): Nested {
  if (mode === 'approve-hash') {
    if (childNonce === null) throw new Error('nestedForTx: approve-hash needs the owner Safe nonce (checked by the caller)')
    const tx = approveHashTx(parent.safe, parentHashes.hash, childNonce)
    return { mode, domain: child, tx, hashes: safeTxHashes(child, tx), rule: `the owner Safe executes approveHash(parent safeTxHash) on the parent at its nonce ${childNonce}, hashed as a Safe ${child.version.release} transaction` }
  }
  const byHash = contractOwnerGetsHash(parent.version)
  const message = byHash ? Uint8Array.from(parentHashes.hash) : Uint8Array.from(parentHashes.preimage)
  const rule = byHash
    ? `parent Safe ${parent.version.release} calls isValidSignature(bytes32 safeTxHash, bytes) on the owner Safe: it signs SafeMessage(abi.encode(safeTxHash))`
    : `parent Safe ${parent.version.release} calls isValidSignature(bytes data, bytes) with the 66-byte preimage: the owner Safe signs SafeMessage(preimage)`
  return { mode, domain: child, message, hashes: safeMessageHashes(child, message), rule }
}

/**
 * What C's owners sign so that P's `isValidSignature` accepts a message P is asked about.
 * @param parent - P's domain (its version stands for its fallback handler's)
 * @param message - the message bytes P was asked about
 * @param parentHashes - P's SafeMessage hashes of it
 */
export function nestedForMessage(parent: SafeDomain, message: Uint8Array, parentHashes: SafeHashes, child: SafeDomain): Nested & { mode: 'contract-signature' } {
  const v: SafeVersion = parent.version
  let inner: Uint8Array
  let rule: string
  if (isAtLeast(v, 1, 5)) {
    inner = Uint8Array.from(parentHashes.hash)
    rule = `parent Safe ${v.release} asks the owner Safe isValidSignature(bytes32 safeMessageHash): it signs SafeMessage(abi.encode(safeMessageHash))`
  } else if (isAtLeast(v, 1, 4)) {
    inner = Uint8Array.from(parentHashes.preimage)
    rule = `the parent's ${v.release} fallback handler forwards the 66-byte preimage of its safeMessageHash: the owner Safe signs SafeMessage(preimage)`
  } else {
    inner = Uint8Array.from(message)
    rule = `the parent's ${v.release} ${isAtLeast(v, 1, 3) ? 'fallback handler' : 'singleton'} forwards the original message bytes: the owner Safe signs SafeMessage(message) under its own domain`
  }
  return { mode: 'contract-signature', domain: child, message: inner, hashes: safeMessageHashes(child, inner), rule }
}
