/**
 * Bounded reads of the user's inputs: a file, a descriptor (`/dev/fd/N`) or
 * stdin (`-`). Every read has a size cap; input above it is refused with
 * INPUT_TOO_LARGE after reading at most cap + 1 bytes.
 * @module
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { AirsignError } from '../errors.js'

/** Caps on what airsign reads. */
export const CAP = {
  /** a mnemonic or passphrase file */
  secret: 4096,
  /** one transaction, message or document */
  input: 16 * 1024 * 1024,
} as const

/**
 * Read a whole stream, refusing more than `cap` bytes.
 * @throws AirsignError INPUT_TOO_LARGE, READ_FAILED
 */
export async function readStream(stream: Readable, cap: number, what: string): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
      size += b.length
      if (size > cap) {
        for (const c of chunks) c.fill(0)
        b.fill(0)
        stream.destroy()
        throw new AirsignError('INPUT_TOO_LARGE', `${what} is larger than ${cap} bytes`)
      }
      chunks.push(b)
    }
  } catch (e) {
    if (e instanceof AirsignError) throw e
    throw new AirsignError('READ_FAILED', `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e })
  }
  const out = new Uint8Array(size)
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
    c.fill(0)
  }
  return out
}

/**
 * Read a whole file or descriptor path, refusing more than `cap` bytes. The
 * file is opened read-only.
 * @throws AirsignError INPUT_TOO_LARGE, READ_FAILED
 */
export async function readPath(path: string, cap: number, what: string): Promise<Uint8Array> {
  // /dev/fd/N: read the inherited descriptor itself. Opening the path again
  // fails for sockets (ENXIO) and would rewind a regular file.
  const fd = /^\/dev\/fd\/([0-9]+)$/.exec(path)
  if (fd) {
    return readStream(createReadStream('', { fd: Number(fd[1]), autoClose: true }), cap, what)
  }
  let fh
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw new AirsignError('READ_FAILED', `cannot open ${what} (${path}): ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e })
  }
  try {
    return await readStream(fh.createReadStream({ autoClose: false }), cap, what)
  } finally {
    await fh.close()
  }
}

/**
 * Strict UTF-8 → string (a BOM is dropped). Invalid UTF-8 is an error, not
 * a replacement character that would silently change a secret.
 * @throws AirsignError BAD_UTF8
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (e) {
    throw new AirsignError('BAD_UTF8', `${what} is not valid UTF-8`, { cause: e })
  }
}
