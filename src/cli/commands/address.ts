/**
 * `airsign address`: the address at a path, or `--count N` consecutive ones;
 * with a keystore or a private key, the address of that one key.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import * as address from '../../address.js'
import * as hd from '../../hd.js'
import { prepareForMany, release } from '../../sign.js'
import type { Io } from '../../io/io.js'
import { keySource, loadRoot, resolvePath } from '../key.js'
import { loadKey } from '../signer.js'
import { decimalArg, keyOptions, pathOptions, type KeyArgs, type PathArgs } from '../options.js'

type Args = KeyArgs & PathArgs & { count?: string; json?: boolean }

/** Most addresses one call prints. */
export const MAX_COUNT = 1_000_000

export function builder(y: Argv): Argv<Args> {
  return pathOptions(keyOptions(y)).option('count', {
    type: 'string',
    describe: 'print N addresses: the last path index and the N-1 after it',
  }) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const source = keySource(args, io)
  if (source === 'keystore' || source === 'private-key') {
    // One key: its address (no path, no range).
    if (args.count !== undefined) throw new AirsignError('USAGE', `--count: ${source === 'keystore' ? '--keystore' : '--private-key-file'} holds one key`)
    const { from, key } = await loadKey(args, io)
    key.fill(0)
    release()
    const addr = address.toChecksum(from)
    io.stdout.write(args.json ? JSON.stringify({ path: null, address: addr }) + '\n' : addr + '\n')
    return 0
  }
  const count = args.count === undefined ? 1 : decimalArg(args.count, '--count', 1, MAX_COUNT)
  const path = resolvePath(args)
  if (args.preset === 'ledger-live' && count > 1) return ledgerLiveRange(args, io, count)
  const last = path[path.length - 1]
  if (count > 1 && (last === undefined || last + count - 1 >= (last >= hd.HARDENED ? 2 ** 32 : hd.HARDENED))) {
    throw new AirsignError('PATH_INDEX', '--count runs past the last index of this level (2^31-1)')
  }
  // Each address is a multiplication by G: for a range, the large table pays for itself.
  if (count >= 32) prepareForMany()
  const root = await loadRoot(args, io)
  // Derive the parent once; each address is then one child derivation.
  const parentPath = path.slice(0, -1)
  let parent: hd.Node
  try {
    parent = hd.derive(root, parentPath)
  } finally {
    if (parentPath.length > 0) hd.wipe(root)
  }
  try {
    return rangeFrom(parent, parentPath, last, count, args, io)
  } finally {
    hd.wipe(parent)
  }
}

function rangeFrom(parent: hd.Node, parentPath: hd.Path, last: number | undefined, count: number, args: Args, io: Io): number {
  let out = ''
  const emit = (index: number | undefined, pub: Uint8Array): void => {
    const addr = address.toChecksum(address.fromPublicKey(pub))
    const childPath = index === undefined ? parentPath : [...parentPath, index]
    out += args.json ? JSON.stringify({ path: hd.formatPath(childPath), address: addr }) + '\n' : addr + '\n'
    if (out.length > 65536) {
      io.stdout.write(out)
      out = ''
    }
  }
  if (last === undefined) {
    emit(undefined, hd.publicKey(parent))
  } else if (last < hd.HARDENED && count > 1) {
    // A range of non-hardened children: public derivation from the parent, in chunks.
    for (let off = 0; off < count; off += 1024) {
      const keys = hd.childPublicKeys(parent, last + off, Math.min(1024, count - off))
      keys.forEach((pub, i) => emit(last + off + i, pub))
    }
  } else {
    for (let i = 0; i < count; i++) {
      const node = hd.derive(parent, [last + i])
      emit(last + i, hd.publicKey(node))
      hd.wipe(node)
    }
  }
  io.stdout.write(out)
  return 0
}

/**
 * `--preset ledger-live --count N`: Ledger Live puts account N at
 * m/44'/60'/N'/0/0, a hardened level, so each address is its own private
 * derivation from the coin node m/44'/60'.
 */
async function ledgerLiveRange(args: Args, io: Io, count: number): Promise<number> {
  const first = args.index === undefined ? 0 : decimalArg(args.index, '--index', 0, hd.HARDENED - 1, 'PATH_INDEX')
  if (first + count - 1 >= hd.HARDENED) throw new AirsignError('PATH_INDEX', '--count runs past the last index of this level (2^31-1)')
  const root = await loadRoot(args, io)
  let coin: hd.Node
  try {
    coin = hd.derive(root, hd.parsePath("m/44'/60'"))
  } finally {
    hd.wipe(root)
  }
  let out = ''
  try {
    for (let i = 0; i < count; i++) {
      const rel = [hd.HARDENED + first + i, 0, 0]
      const node = hd.derive(coin, rel)
      const addr = address.toChecksum(address.fromPublicKey(hd.publicKey(node)))
      hd.wipe(node)
      out += args.json ? JSON.stringify({ path: `m/44'/60'/${first + i}'/0/0`, address: addr }) + '\n' : addr + '\n'
      if (out.length > 65536) {
        io.stdout.write(out)
        out = ''
      }
    }
  } finally {
    hd.wipe(coin)
  }
  io.stdout.write(out)
  return 0
}
