/**
 * BIP-32 hierarchical deterministic keys and BIP-44 paths. The only importer of
 * `@scure/bip32`, loaded at first use (lazy.ts): keyAt, the signing commands'
 * derivation, does not need it.
 * @see https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki
 * @see https://github.com/bitcoin/bips/blob/master/bip-0044.mediawiki
 * @module
 */
import type { HDKey } from '@scure/bip32'
import { scureBip32 } from './lazy.js'
import { createHmac } from 'node:crypto'
import { AirsignError } from './errors.js'
import { bigintToFixed, bytesToBigint, concatBytes, wipe as wipeBytes } from './bytes.js'
import { addTweaksToPublicKey, asPrivateKey, CURVE_N, getPublicKey, isValidPrivateKey, uncompress, type PrivateKey } from './sign.js'

/** Indices at or above this are hardened (BIP-32 §Child key derivation). */
export const HARDENED = 0x80000000
/** BIP-32 serializes depth in one byte. */
export const MAX_DEPTH = 255
/** The default path: BIP-44, coin type 60 (Ethereum), account 0, external chain, index 0. */
export const DEFAULT_PATH = "m/44'/60'/0'/0/0"

/** A parsed path: child indices, hardened ones with HARDENED added. */
export type Path = readonly number[]

/** A node of the key tree. Opaque outside this module. */
export type Node = { readonly key: HDKey }

/**
 * Parse a BIP-32 path: `m`, then `/`-separated decimal indices below 2^31,
 * each optionally marked hardened with `'`, `h` or `H`; at most 255 levels.
 * @param text - e.g. `m/44'/60'/0'/0/0` or `m/44h/60h/0h/0/0`
 * @returns the child indices
 * @throws AirsignError PATH_SYNTAX, PATH_INDEX, PATH_DEPTH
 * @example parsePath("m/44'/0") // [2147483692, 0]
 */
export function parsePath(text: string): Path {
  const parts = text.split('/')
  if (parts[0] !== 'm') throw new AirsignError('PATH_SYNTAX', "derivation path must start with 'm' (e.g. m/44'/60'/0'/0/0)")
  const out: number[] = []
  for (let i = 1; i < parts.length; i++) {
    const m = /^([0-9]+)(['hH]?)$/.exec(parts[i]!)
    if (!m) throw new AirsignError('PATH_SYNTAX', `derivation path: level ${i} is not an index (digits, optionally followed by ' or h)`)
    const n = Number(m[1])
    if (!Number.isSafeInteger(n) || n >= HARDENED) throw new AirsignError('PATH_INDEX', `derivation path: level ${i} index is above 2^31-1`)
    out.push(m[2] ? n + HARDENED : n)
  }
  if (out.length > MAX_DEPTH) throw new AirsignError('PATH_DEPTH', `derivation path has ${out.length} levels; BIP-32 allows at most 255`)
  return out
}

/**
 * Canonical text of a path, with `'` as the hardened mark.
 * @example formatPath([2147483692, 0]) // "m/44'/0"
 */
export function formatPath(path: Path): string {
  return ['m', ...path.map((i) => (i >= HARDENED ? `${i - HARDENED}'` : `${i}`))].join('/')
}

/**
 * The master node of a seed (BIP-32 §Master key generation).
 * @param seed - 16 … 64 bytes (BIP-39 gives 64)
 */
export function fromSeed(seed: Uint8Array): Node {
  try {
    return { key: scureBip32().HDKey.fromMasterSeed(seed) }
  } catch (e) {
    throw new AirsignError('XKEY_INVALID', 'seed does not give a valid master key', { cause: e })
  }
}

/**
 * Derive a node at a path below `node`.
 * @throws AirsignError XKEY_INVALID in the (2^-127) case that a child key is invalid
 */
export function derive(node: Node, path: Path): Node {
  let key = node.key
  try {
    for (const index of path) {
      const next = key.deriveChild(index)
      if (key !== node.key) key.wipePrivateData()
      key = next
    }
  } catch (e) {
    throw new AirsignError('XKEY_INVALID', 'derivation gave an invalid key at this path; use the next index', { cause: e })
  }
  return { key }
}

/**
 * The private key at `path` below the master key of `seed`, and its public
 * key: BIP-32 master key generation and private child derivation (CKDpriv),
 * the same function as fromSeed + derive, computed with node:crypto's
 * HMAC-SHA512 and the signer's public keys (native when available). This is
 * the one-shot path of every signing command: `@scure/bip32` hashes in
 * JavaScript and computes a public key at every level, ~30 ms cold; this needs
 * a public key only where BIP-32 does (non-hardened levels, and the result).
 * hd.test.ts checks it against scure on the BIP-32 vectors and random paths.
 * @param seed - 16 … 64 bytes
 * @param path - child indices
 * @returns the key (the caller wipes it) and its uncompressed public key
 * @throws AirsignError XKEY_INVALID as fromSeed and derive do
 */
export function keyAt(seed: Uint8Array, path: Path): { key: PrivateKey; publicKey: Uint8Array } {
  if (seed.length < 16 || seed.length > 64) throw new AirsignError('XKEY_INVALID', 'seed does not give a valid master key')
  let I = createHmac('sha512', 'Bitcoin seed').update(seed).digest()
  let k: Uint8Array = Uint8Array.from(I.subarray(0, 32))
  if (!isValidPrivateKey(k)) {
    wipeBytes(I, k)
    throw new AirsignError('XKEY_INVALID', 'seed does not give a valid master key')
  }
  try {
    for (const index of path) {
      const ser = Uint8Array.of(index >>> 24, (index >>> 16) & 0xff, (index >>> 8) & 0xff, index & 0xff)
      // Hardened: 0x00 || ser256(k) || ser32(i); normal: serP(point(k)) || ser32(i).
      const data = index >= HARDENED ? concatBytes(Uint8Array.of(0), k, ser) : concatBytes(getPublicKey(k as PrivateKey, true), ser)
      const next = createHmac('sha512', I.subarray(32)).update(data).digest()
      wipeBytes(data, I)
      I = next
      const tweak = bytesToBigint(I.subarray(0, 32))
      const child = (tweak + bytesToBigint(k)) % CURVE_N
      wipeBytes(k)
      if (tweak >= CURVE_N || child === 0n) throw new AirsignError('XKEY_INVALID', 'derivation gave an invalid key at this path; use the next index')
      k = bigintToFixed(child, 32)
    }
    const key = asPrivateKey(Uint8Array.from(k))
    return { key, publicKey: getPublicKey(key) }
  } finally {
    wipeBytes(k, I)
  }
}

/**
 * Parse an extended key (xprv or xpub, BIP-32 §Serialization format), with all
 * the checks of BIP-32 test vector 5.
 * @throws AirsignError XKEY_INVALID
 */
export function fromExtendedKey(text: string): Node {
  try {
    return { key: scureBip32().HDKey.fromExtendedKey(text) }
  } catch (e) {
    throw new AirsignError('XKEY_INVALID', 'not a valid extended key', { cause: e })
  }
}

/**
 * A copy of the node's private key. The caller wipes it.
 * @throws AirsignError XKEY_INVALID for a public-only node
 */
export function privateKey(node: Node): PrivateKey {
  const k = node.key.privateKey
  if (!k) throw new AirsignError('XKEY_INVALID', 'this key has no private part')
  return asPrivateKey(Uint8Array.from(k))
}

/** The node's public key, 65 bytes uncompressed. */
export function publicKey(node: Node): Uint8Array {
  const pub = node.key.publicKey
  if (!pub) throw new AirsignError('INTERNAL', 'node without public key')
  return uncompress(pub)
}

/** The node's public key, 33 bytes compressed (what BIP-32 serializes). */
export function publicKeyCompressed(node: Node): Uint8Array {
  return Uint8Array.from(node.key.publicKey!)
}

/** `xpub…` of the node. */
export function xpub(node: Node): string {
  return node.key.publicExtendedKey
}

/**
 * `xprv…` of the node: private material, only for `--private`.
 * @throws AirsignError XKEY_INVALID for a public-only node
 */
export function xprv(node: Node): string {
  if (!node.key.privateKey) throw new AirsignError('XKEY_INVALID', 'this key has no private part')
  return node.key.privateExtendedKey
}

/**
 * Zero the node's private key and chain code. `@scure/bip32` zeroes and drops
 * the private key; the chain code stays in its private `_chainCode` field, and
 * a chain code together with any non-hardened child's private key gives the
 * parent's private key, so it is zeroed here too (field of the exactly pinned
 * 2.4.0; hd.test.ts checks it). The node is unusable afterwards.
 */
export function wipe(node: Node): void {
  node.key.wipePrivateData()
  ;(node.key as unknown as { _chainCode?: Uint8Array })._chainCode?.fill(0)
}

/**
 * Public keys of the non-hardened children `start … start+count-1` of a node,
 * by public derivation (BIP-32 §Public parent key → public child key): for a
 * range of addresses this is several times faster than deriving each child's
 * private key and computing its public key. A child whose tweak is invalid
 * (probability below 2^-127) is derived by `@scure/bip32` instead, so the
 * result is always what `derive(node, [i])` gives.
 * @param node - the parent node
 * @param start - first child index, below 2^31
 * @param count - number of children; start + count must not pass 2^31
 * @returns uncompressed public keys (65 bytes), in index order
 * @throws AirsignError PATH_INDEX when the range passes 2^31-1
 */
export function childPublicKeys(node: Node, start: number, count: number): Uint8Array[] {
  if (!Number.isSafeInteger(start) || start < 0 || start + count > HARDENED) throw new AirsignError('PATH_INDEX', 'child range runs past index 2^31-1')
  const chainCode = node.key.chainCode
  const parent = node.key.publicKey
  if (!chainCode || !parent) throw new AirsignError('INTERNAL', 'node without chain code or public key')
  const tweaks: bigint[] = []
  for (let i = 0; i < count; i++) {
    // serP(Kpar) || ser32(i): 33 + 4 bytes, big-endian index.
    const index = start + i
    const data = concatBytes(parent, Uint8Array.of(index >>> 24, (index >>> 16) & 0xff, (index >>> 8) & 0xff, index & 0xff))
    // I = HMAC-SHA512(c_par, data), natively: the same function scure computes in JavaScript.
    tweaks.push(bytesToBigint(createHmac('sha512', chainCode).update(data).digest().subarray(0, 32)))
  }
  const valid = tweaks.map((t) => t > 0n && t < CURVE_N)
  const keys = addTweaksToPublicKey(parent, tweaks.map((t, i) => (valid[i] ? t : 1n)))
  return keys.map((k, i) => (valid[i] && k ? k : publicKey(derive(node, [start + i]))))
}
