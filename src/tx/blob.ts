/**
 * The network wrapper of an EIP-4844 blob transaction, read offline. What is
 * signed is the canonical form `0x03 || rlp([chainId, …, blobVersionedHashes])`
 * (and its signature); the node that broadcasts it wraps it with the blobs:
 * - EIP-4844: `0x03 || rlp([tx_payload_body, blobs, commitments, proofs])`, one proof a blob;
 * - EIP-7594 (PeerDAS, Osaka): `0x03 || rlp([tx_payload_body, 1, blobs, commitments, cell_proofs])`,
 *   128 cell proofs a blob. Only the wrapper changed: the signed form is the same.
 *
 * Checked here: the shape and the sizes (a blob is 131072 bytes, a commitment
 * and a proof 48), the counts, and that each commitment's versioned hash
 * `0x01 || sha256(commitment)[1:]` is the transaction's. Not checked: the KZG
 * proofs themselves (that a commitment is the blob's, and the proofs), which
 * need the KZG trusted setup; the network checks them.
 * @see https://eips.ethereum.org/EIPS/eip-4844
 * @see https://eips.ethereum.org/EIPS/eip-7594
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { AirsignError } from '../errors.js'
import { bytesToHex, concatBytes, equalBytes } from '../bytes.js'
import * as rlp from '../rlp.js'
import { VERSIONED_HASH_VERSION_KZG } from './types.js'
import { isWrapper } from './rlp.js'

/** EIP-4844: FIELD_ELEMENTS_PER_BLOB (4096) × BYTES_PER_FIELD_ELEMENT (32). */
export const BYTES_PER_BLOB = 131072
/** A KZG commitment or proof: a compressed BLS12-381 G1 point. */
export const BYTES_PER_COMMITMENT = 48
export const BYTES_PER_PROOF = 48
/** EIP-7594: CELLS_PER_EXT_BLOB, the cell proofs of one blob. */
export const CELLS_PER_EXT_BLOB = 128

/** The wrapper versions: 0 for EIP-4844's (it carries no version), 1 for EIP-7594's. */
export type WrapperVersion = 0 | 1

/** A network wrapper, decoded and checked for shape and sizes. */
export type BlobWrapper = {
  readonly version: WrapperVersion
  /** the transaction as it is signed (or to be signed): `0x03 || rlp(tx_payload_body)` */
  readonly tx: Uint8Array
  /** the KZG commitments, one a blob (the blobs and proofs are not kept) */
  readonly commitments: readonly Uint8Array[]
}

const NAMES: Record<WrapperVersion, string> = { 0: 'EIP-4844', 1: 'EIP-7594' }

function wrapperError(version: WrapperVersion | null, message: string): AirsignError {
  return new AirsignError('TX_BLOB_WRAPPER', `network wrapper${version === null ? '' : ` (${NAMES[version]})`}: ${message}`)
}

/** "1 blob", "2 blobs". */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** A list of byte strings of one size. */
function byteStrings(item: rlp.Item | undefined, field: string, size: number, version: WrapperVersion): Uint8Array[] {
  if (!Array.isArray(item)) throw wrapperError(version, `${field}: expected a list, got a byte string`)
  return item.map((b, i) => {
    if (!(b instanceof Uint8Array)) throw wrapperError(version, `${field}[${i}]: expected a byte string, got a list`)
    if (b.length !== size) throw wrapperError(version, `${field}[${i}]: expected ${size} bytes, got ${b.length}`)
    return b
  })
}

/**
 * Read a network wrapper.
 * @param bytes - a raw type-3 transaction, wrapped or not
 * @returns the wrapper, or null when the bytes are not one (a canonical transaction, or another type)
 * @throws AirsignError TX_DECODE when the RLP does not decode, TX_BLOB_WRAPPER for a wrapper of
 *   an unknown version, a wrong size or a count that does not add up
 */
export function decodeWrapper(bytes: Uint8Array): BlobWrapper | null {
  if (bytes[0] !== 3) return null
  const items = rlp.decode(bytes.subarray(1), 'type 3 transaction')
  if (!Array.isArray(items) || !isWrapper(items)) return null
  let version: WrapperVersion = 0
  let rest = items.slice(1)
  if (items.length === 5) {
    const v = items[1]!
    if (!(v instanceof Uint8Array)) throw wrapperError(null, 'wrapper_version: expected a byte string, got a list')
    if (v.length !== 1 || v[0] !== 1) throw wrapperError(null, `wrapper_version ${v.length === 0 ? 'empty (0)' : bytesToHex(v)} is not known (EIP-7594 defines 0x01)`)
    version = 1
    rest = items.slice(2)
  }
  const blobs = byteStrings(rest[0], 'blobs', BYTES_PER_BLOB, version)
  const commitments = byteStrings(rest[1], 'commitments', BYTES_PER_COMMITMENT, version)
  const proofs = byteStrings(rest[2], version === 1 ? 'cell_proofs' : 'proofs', BYTES_PER_PROOF, version)
  if (commitments.length !== blobs.length) throw wrapperError(version, `${count(blobs.length, 'blob')} and ${count(commitments.length, 'commitment')}: one commitment a blob`)
  const perBlob = version === 1 ? CELLS_PER_EXT_BLOB : 1
  if (proofs.length !== blobs.length * perBlob) {
    throw wrapperError(version, version === 1 ? `${count(blobs.length, 'blob')} need ${blobs.length * perBlob} cell proofs (${perBlob} a blob), got ${proofs.length}` : `${count(blobs.length, 'blob')} and ${count(proofs.length, 'proof')}: one proof a blob`)
  }
  return { version, tx: concatBytes(Uint8Array.of(3), rlp.encode(items[0]!)), commitments }
}

/** EIP-4844 `kzg_to_versioned_hash`: `0x01 || sha256(commitment)[1:]`. */
export function versionedHash(commitment: Uint8Array): Uint8Array {
  const h = sha256(commitment)
  h[0] = VERSIONED_HASH_VERSION_KZG
  return h
}

/**
 * Check a wrapper against the transaction it carries: one commitment for each
 * versioned hash, in order, each hashing to it.
 * @param w - the wrapper
 * @param hashes - the transaction's blobVersionedHashes
 * @throws AirsignError TX_BLOB_WRAPPER
 */
export function checkWrapper(w: BlobWrapper, hashes: readonly Uint8Array[]): void {
  if (w.commitments.length !== hashes.length) {
    throw wrapperError(w.version, `${count(w.commitments.length, 'blob')}, the transaction names ${count(hashes.length, 'versioned hash', 'versioned hashes')}`)
  }
  w.commitments.forEach((c, i) => {
    const h = versionedHash(c)
    if (!equalBytes(h, hashes[i]!)) {
      throw wrapperError(w.version, `commitments[${i}] has versioned hash ${bytesToHex(h)}, the transaction's blobVersionedHashes[${i}] is ${bytesToHex(hashes[i]!)}`)
    }
  })
}
