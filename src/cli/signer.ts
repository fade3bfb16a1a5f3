/**
 * The signing key at the requested path: derive it (hd.keyAt, the fast
 * one-shot derivation), and wipe the seed on every path out. One loader for
 * every command that signs.
 * @module
 */
import * as address from '../address.js'
import * as hd from '../hd.js'
import type { Io } from '../io/io.js'
import { getPublicKey, release, type PrivateKey } from '../sign.js'
import { keySource, loadSeed, loadSingleKey, resolvePath } from './key.js'
import type { KeyArgs, PathArgs } from './options.js'

/**
 * A signing key. The holder wipes `key` (`key.fill(0)`) when done. `where` names it for the user:
 * "the key at m/44'/60'/0'/0/0" (derived), or the keystore / raw key it came from (`path` null).
 */
export type SigningKey = { key: PrivateKey; publicKey: Uint8Array; from: Uint8Array; path: hd.Path | null; where: string }

/**
 * Read the mnemonic, derive the key at the path (--path, --index, --preset).
 * @throws AirsignError every mnemonic, secret-source and path code
 */
export async function loadKey(args: KeyArgs & PathArgs, io: Io, path?: hd.Path): Promise<SigningKey> {
  const source = keySource(args, io)
  if (source === 'keystore' || source === 'private-key') {
    const key = await loadSingleKey(args, io, source)
    return signingKey(key, getPublicKey(key), null, source === 'keystore' ? 'the keystore key' : 'the private key')
  }
  path ??= resolvePath(args)
  const seed = await loadSeed(args, io)
  try {
    const { key, publicKey } = hd.keyAt(seed, path)
    return signingKey(key, publicKey, path, `the key at ${hd.formatPath(path)}`)
  } finally {
    seed.fill(0)
  }
}

/** A SigningKey whose address is computed when first read (a one-shot sign that prints only the raw transaction never needs it: a keccak less). */
function signingKey(key: PrivateKey, publicKey: Uint8Array, path: hd.Path | null, where: string): SigningKey {
  let from: Uint8Array | undefined
  return {
    key,
    publicKey,
    get from() {
      return (from ??= address.fromPublicKey(publicKey))
    },
    path,
    where,
  }
}

/** loadKey, hand the key to `use`, wipe it whatever happens (also when `use` is async). */
export async function withKey<T>(args: KeyArgs & PathArgs, io: Io, use: (k: SigningKey) => T | Promise<T>, path?: hd.Path): Promise<T> {
  const k = await loadKey(args, io, path)
  try {
    return await use(k)
  } finally {
    k.key.fill(0)
    release()
  }
}
