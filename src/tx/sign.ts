/**
 * Chain id, signing hash, signing, and the decoding of a signed transaction
 * with the recovery of its sender.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from '../errors.js'
import { equalBytes } from '../bytes.js'
import * as address from '../address.js'
import { asDigest, recoverPublicKey, signDigest, type Digest32, type PrivateKey } from '../sign.js'
import { MAX_CHAIN_ID, type DecodedSigned, type SignedTx, type UnsignedTx } from './types.js'
import { parseSigned, parseSignedFields, serializeSigned, signingPayload } from './rlp.js'

/**
 * Settle the chain id from the transaction and the `--chain-id` flag.
 * @param tx - the parsed transaction
 * @param flag - the `--chain-id` value, if given
 * @param unprotected - the user asked for a pre-EIP-155 signature (legacy only)
 * @returns the transaction with its chain id (null only when unprotected)
 * @throws AirsignError CHAIN_ID_MISMATCH, CHAIN_ID_MISSING, USAGE
 */
export function resolveChainId<T extends UnsignedTx>(tx: T, flag: bigint | undefined, unprotected: boolean): T {
  const own = tx.chainId
  if (own !== null && flag !== undefined && own !== flag) {
    throw new AirsignError('CHAIN_ID_MISMATCH', `--chain-id ${flag} disagrees with the transaction's chain id ${own}`)
  }
  const id = own ?? flag ?? null
  if (unprotected) {
    if (tx.type !== 0) throw new AirsignError('USAGE', `--unprotected is for legacy transactions; a type ${tx.type} transaction always signs its chain id`)
    if (id !== null && id !== 0n) throw new AirsignError('USAGE', '--unprotected signs without a chain id; the transaction has one')
    return { ...tx, chainId: null }
  }
  if (own === 0n && tx.type !== 0) {
    // A typed transaction signs its own chain id: --chain-id cannot stand in for it (it would disagree).
    throw new AirsignError('CHAIN_ID_MISSING', 'the transaction\'s chain id is 0, which names no chain: write the chain id into the transaction (a typed transaction signs its own)')
  }
  if (id === null || id === 0n) {
    throw new AirsignError('CHAIN_ID_MISSING', 'the transaction has no chain id; give --chain-id N', {
      hints: tx.type === 0 ? ['--unprotected signs without EIP-155 replay protection: the signature is valid on every chain'] : [],
    })
  }
  if (id > MAX_CHAIN_ID) throw new AirsignError('TX_FIELD', `chainId: out of range (at most ${MAX_CHAIN_ID})`)
  return { ...tx, chainId: id }
}

/** keccak256 of the signing payload: the digest that is signed. */
export function signingHash(tx: UnsignedTx): Digest32 {
  return asDigest(keccak_256(signingPayload(tx)))
}

/**
 * Decode a signed transaction of any type and recover its sender.
 * @param bytes - the raw signed transaction
 * @returns the fields, the signature, the hash, and `from` (20 bytes)
 * @throws AirsignError TX_EMPTY, TX_DECODE, TX_FIELD, TX_BLOB_HASH, TX_BLOB_WRAPPER, TX_TYPE_UNKNOWN, BAD_SIGNATURE
 */
export function decodeSigned(bytes: Uint8Array): DecodedSigned {
  const signed = parseSigned(bytes)
  const pub = recoverPublicKey(signingHash(signed.tx), signed.signature)
  return { ...signed, from: address.fromPublicKey(pub) }
}

/**
 * What sign() returns: the hash is computed when read (a plain one-shot sign prints only `raw`).
 * A class, not an object literal with a getter: a closure would keep the whole re-parse alive
 * with each result (sign --batch's peak memory grew by a third with one).
 */
class Signed implements SignedTx {
  readonly tx: UnsignedTx
  readonly raw: Uint8Array
  readonly signature: SignedTx['signature']
  readonly v: bigint
  constructor(tx: UnsignedTx, raw: Uint8Array, signature: SignedTx['signature'], v: bigint) {
    this.tx = tx
    this.raw = raw
    this.signature = signature
    this.v = v
  }
  get hash(): Uint8Array {
    return keccak_256(this.raw)
  }
}

/**
 * Sign a transaction whose chain id has been resolved. The output is decoded
 * again before it is returned: it must give back the very fields that were
 * signed (the signature itself was checked by recovery in signDigest).
 * @param tx - the transaction (see resolveChainId)
 * @param key - the private key
 * @param publicKey - the signer's uncompressed public key
 * @returns the serialized signed transaction and its hash
 * @throws AirsignError INTERNAL when the output does not re-parse to the input
 */
export function sign(tx: UnsignedTx, key: PrivateKey, publicKey?: Uint8Array): SignedTx {
  const payload = signingPayload(tx)
  const signature = signDigest(asDigest(keccak_256(payload)), key, publicKey)
  const { raw, v } = serializeSigned(tx, signature)
  const back = parseSignedFields(raw)
  const same = back.v === v && back.signature.r === signature.r && back.signature.s === signature.s && equalBytes(signingPayload(back.tx), payload)
  if (!same) throw new AirsignError('INTERNAL', 'self-check failed: the signed transaction does not decode to the fields that were signed')
  return new Signed(tx, raw, signature, v)
}
