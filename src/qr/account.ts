/**
 * The pairing export: what a watch-only wallet (MetaMask, Rabby) needs to know
 * about the keys of a mnemonic, as crypto-hdkey or crypto-account.
 *
 * - standard (MetaMask's "account.standard"): one crypto-hdkey for the
 *   account node m/44'/60'/0' with its chain code; the wallet derives the
 *   addresses 0/0, 0/1, … itself.
 * - ledger-live ("account.ledger_live"): one key per account,
 *   m/44'/60'/N'/0/0, in a crypto-account; MetaMask takes them 5 at a time.
 *
 * Both the origin's source fingerprint (the master key's) and the parent
 * fingerprint are filled: MetaMask reads the first, xpub builders the second.
 * @module
 */
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { AirsignError } from '../errors.js'
import * as hd from '../hd.js'
import * as registry from './registry.js'

/** The note MetaMask's keyring recognises for each export. */
export const NOTE = { standard: 'account.standard', ledgerLive: 'account.ledger_live' } as const

/**
 * BIP-32 key fingerprint: the first 4 bytes of HASH160(compressed public key), as a number.
 * @example fingerprint(hd.publicKeyCompressed(root)) // the "master fingerprint" of a seed
 */
export function fingerprint(node: hd.Node): number {
  const h = ripemd160(sha256(hd.publicKeyCompressed(node)))
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

// The chain code of a node, read from its xpub (hd.ts exposes the xpub, not the field):
// version(4) || depth(1) || parent fingerprint(4) || child index(4) || chain code(32) || key(33) || checksum(4)
function chainCode(node: hd.Node): Uint8Array {
  let n = 0n
  for (const c of hd.xpub(node)) n = n * 58n + BigInt(B58.indexOf(c))
  const raw = new Uint8Array(82)
  for (let i = 81; i >= 0; i--) {
    raw[i] = Number(n & 0xffn)
    n >>= 8n
  }
  const check = sha256(sha256(raw.subarray(0, 78)))
  if (n !== 0n || !check.subarray(0, 4).every((b, i) => b === raw[78 + i])) throw new AirsignError('INTERNAL', 'xpub of a derived key does not decode')
  return raw.slice(13, 45)
}

/**
 * The crypto-hdkey of the node at `path` (public data only).
 * @param root - the master node
 * @param path - where the key is, at least one level deep
 * @param opts - children path, name and note
 */
export function hdKeyAt(root: hd.Node, path: hd.Path, opts: { children: readonly (number | '*')[] | null; name: string; note: string }): registry.HdKey {
  if (path.length === 0) throw new AirsignError('USAGE', 'the exported key must be below the master key')
  const parent = hd.derive(root, path.slice(0, -1))
  const node = hd.derive(parent, path.slice(-1))
  try {
    return {
      key: hd.publicKeyCompressed(node),
      chainCode: chainCode(node),
      origin: path,
      sourceFingerprint: fingerprint(root),
      children: opts.children,
      parentFingerprint: fingerprint(parent),
      name: opts.name,
      note: opts.note,
    }
  } finally {
    if (path.length > 1) hd.wipe(parent)
    hd.wipe(node)
  }
}

/**
 * The standard export: crypto-hdkey of the account node, children 0/*.
 * @param root - the master node
 * @param accountPath - default m/44'/60'/0'
 * @param name - shown by the wallet
 * @returns CBOR of the crypto-hdkey
 */
export function standard(root: hd.Node, accountPath: hd.Path, name: string): Uint8Array {
  return registry.encodeHdKey(hdKeyAt(root, accountPath, { children: [0, '*'], name, note: NOTE.standard }))
}

/**
 * The Ledger Live export: crypto-account with the keys m/44'/60'/N'/0/0 for N in [first, first + count).
 * @returns CBOR of the crypto-account
 */
export function ledgerLive(root: hd.Node, first: number, count: number, name: string): Uint8Array {
  const keys: registry.HdKey[] = []
  for (let n = first; n < first + count; n++) {
    const path = [44 + hd.HARDENED, 60 + hd.HARDENED, n + hd.HARDENED, 0, 0]
    keys.push(hdKeyAt(root, path, { children: null, name, note: NOTE.ledgerLive }))
  }
  return registry.encodeAccount(fingerprint(root), keys)
}
