/**
 * `airsign derive`: key material at a path. Public by default (xpub); private
 * material (xprv, private key) only with `--private`.
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import * as hd from '../../hd.js'
import type { Io } from '../../io/io.js'
import { loadRoot, resolvePath } from '../key.js'
import { keyOptions, pathOptions, type KeyArgs, type PathArgs } from '../options.js'
import { result } from '../output.js'

type Args = KeyArgs & PathArgs & { private?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return pathOptions(keyOptions(y)).option('private', { type: 'boolean', describe: 'also print private material (xprv, private key)' }) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const path = resolvePath(args)
  const root = await loadRoot(args, io)
  let node: hd.Node
  try {
    node = hd.derive(root, path)
  } catch (e) {
    hd.wipe(root)
    throw e
  }
  try {
    const pub = hd.publicKeyCompressed(node)
    const obj: Record<string, string> = {
      path: hd.formatPath(path),
      address: address.toChecksum(address.fromPublicKey(pub)),
      publicKey: bytesToHex(pub),
      xpub: hd.xpub(node),
    }
    if (args.private) {
      const key = hd.privateKey(node)
      obj.privateKey = bytesToHex(key)
      key.fill(0)
      obj.xprv = hd.xprv(node)
    }
    result(io, args.json === true, args.private ? obj.xprv! : obj.xpub!, obj)
  } finally {
    hd.wipe(node)
    hd.wipe(root)
  }
  return 0
}
