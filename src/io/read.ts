/**
 * Bounded reads of the user's inputs: a file, a descriptor (`/dev/fd/N`) or
 * stdin (`-`). Every read has a size cap; input above it is refused with
 * INPUT_TOO_LARGE after reading at most cap + 1 bytes.
 * @module
 */
// fs.promises is a getter: Node loads its promise API when a file is first read, not at start.
import { createReadStream, promises as fsPromises } from 'node:fs'
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
    fh = await fsPromises.open(path, 'r')
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

/**
 * The lines of a stream, one at a time, without holding more than one line
 * (and one chunk) in memory: for input of any length. `\n` ends a line, a
 * `\r` before it is dropped; a last line without `\n` counts too.
 * @param stream - the input
 * @param cap - the largest line, in bytes
 * @param what - the input's name, for messages
 * @yields each line as bytes, with its 1-based number
 * @throws AirsignError INPUT_TOO_LARGE (naming the line), READ_FAILED
 */
export async function* readLines(stream: Readable, cap: number, what: string): AsyncGenerator<{ line: number; bytes: Uint8Array }> {
  let parts: Buffer[] = []
  let size = 0
  let line = 0
  const take = (tail: Buffer): Uint8Array => {
    const all = parts.length === 0 ? tail : Buffer.concat([...parts, tail])
    parts = []
    size = 0
    const end = all.length > 0 && all[all.length - 1] === 0x0d ? all.length - 1 : all.length
    return all.subarray(0, end)
  }
  try {
    for await (const chunk of stream) {
      let b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
      for (let nl = b.indexOf(0x0a); nl >= 0; nl = b.indexOf(0x0a)) {
        line++
        if (size + nl > cap) throw new AirsignError('INPUT_TOO_LARGE', `${what}: line ${line} is larger than ${cap} bytes`)
        yield { line, bytes: take(b.subarray(0, nl)) }
        b = b.subarray(nl + 1)
      }
      size += b.length
      if (size > cap) throw new AirsignError('INPUT_TOO_LARGE', `${what}: line ${line + 1} is larger than ${cap} bytes`)
      if (b.length) parts.push(b)
    }
  } catch (e) {
    if (e instanceof AirsignError) {
      stream.destroy()
      throw e
    }
    throw new AirsignError('READ_FAILED', `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e })
  }
  if (size > 0) yield { line: line + 1, bytes: take(Buffer.alloc(0)) }
}

/**
 * The `.json` files under a directory (recursively, sorted, relative paths
 * with `/`), for `--descriptor DIR`. Symbolic links are not followed; at most
 * `max` files and 8 levels.
 * @throws AirsignError READ_FAILED, INPUT_TOO_LARGE
 */
export async function listJsonFiles(dir: string, max = 2000): Promise<string[]> {
  const out: string[] = []
  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries
    try {
      entries = await fsPromises.readdir(rel === '' ? dir : `${dir}/${rel}`, { withFileTypes: true })
    } catch (e) {
      throw new AirsignError('READ_FAILED', `cannot read the directory ${dir}${rel ? '/' + rel : ''}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e })
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`
      if (e.isDirectory() && depth < 8) await walk(p, depth + 1)
      else if (e.isFile() && e.name.endsWith('.json')) {
        out.push(p)
        if (out.length > max) throw new AirsignError('INPUT_TOO_LARGE', `more than ${max} .json files under ${dir}`)
      }
    }
  }
  await walk('', 0)
  return out
}

/** Whether a path is a directory (false for anything that cannot be read as one). */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fsPromises.stat(path)).isDirectory()
  } catch {
    return false
  }
}
