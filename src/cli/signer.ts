/**
 * The key at the requested path, for the message commands: derive, hand the
 * key to `use`, wipe everything whatever happens.
 * @module
 */
import * as address from '../address.js'
import * as hd from '../hd.js'
import type { Io } from '../io/io.js'
import type { PrivateKey } from '../sign.js'
import { loadRoot, resolvePath } from './key.js'
import type { KeyArgs, PathArgs } from './options.js'

export async function withKey<T>(args: KeyArgs & PathArgs, io: Io, use: (key: PrivateKey, publicKey: Uint8Array, from: Uint8Array) => T): Promise<T> {
  const path = resolvePath(args)
  const root = await loadRoot(args, io)
  let node: hd.Node
  try {
    node = hd.derive(root, path)
  } finally {
    hd.wipe(root)
  }
  const key = hd.privateKey(node)
  const pub = hd.publicKey(node)
  hd.wipe(node)
  try {
    return use(key, pub, address.fromPublicKey(pub))
  } finally {
    key.fill(0)
  }
}
