/**
 * BIP-32 hierarchical deterministic keys and BIP-44 paths. The only importer of `@scure/bip32`.
 * @see https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki
 * @see https://github.com/bitcoin/bips/blob/master/bip-0044.mediawiki
 * @module
 */
import { HDKey } from '@scure/bip32'
import { AirsignError } from './errors.js'
import { asPrivateKey, uncompress, type PrivateKey } from './sign.js'

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
    return { key: HDKey.fromMasterSeed(seed) }
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
 * Parse an extended key (xprv or xpub, BIP-32 §Serialization format), with all
 * the checks of BIP-32 test vector 5.
 * @throws AirsignError XKEY_INVALID
 */
export function fromExtendedKey(text: string): Node {
  try {
    return { key: HDKey.fromExtendedKey(text) }
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

/** Zero the node's private key and chain code. */
export function wipe(node: Node): void {
  node.key.wipePrivateData()
}
