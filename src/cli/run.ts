/**
 * The bundle's entry: `run(argv)` wires the real process into `main`.
 * @module
 */
import { writeSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { main } from './main.js'
import { openTerminal } from '../io/tty.js'
import type { Io } from '../io/io.js'
import { AirsignError } from '../errors.js'

/**
 * The running process as an Io. The streams are getters: Node builds
 * `process.stdin` and `process.stderr` (and loads their tty, net or pipe
 * modules) at first access, and a command that never reads stdin should not pay.
 */
export function processIo(): Io {
  return {
    get stdin() {
      return process.stdin as Readable
    },
    get stdout() {
      return directStdout()
    },
    get stderr() {
      return process.stderr
    },
    env: process.env,
    get stderrIsTTY() {
      return process.stderr.isTTY === true
    },
    openTerminal,
  }
}

let direct: Writable | null = null
/**
 * stdout as a command sees it: `write` goes straight to file descriptor 1
 * (`fs.writeSync`), and everything else is `process.stdout`. Node builds
 * `process.stdout` (a socket, a tty or a file stream, with its modules) at
 * first use, ~1.5 ms of a one-shot sign that writes one line. A write that the
 * descriptor does not take at once (a non-blocking pipe that is full: EAGAIN)
 * or that fails (EPIPE …), and any use of the stream itself (a batch waiting
 * for 'drain'), hand over to `process.stdout` for good: what was written
 * directly is out already, so the order holds, and the stream then does
 * whatever it always did. A write that fails for good (EPIPE: the reader closed
 * the pipe; EBADF: stdout is not open; ENOSPC …) is WRITE_FAILED, directly
 * (thrown to the command, which stops) or from the stream (one line, status 4).
 */
function directStdout(): Writable {
  if (direct) return direct
  let streaming = false
  const write = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void): boolean => {
    const done = typeof encoding === 'function' ? encoding : cb
    if (streaming) return process.stdout.write(chunk, typeof encoding === 'string' ? encoding : 'utf8', done)
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk
    let off = 0
    try {
      while (off < bytes.length) off += writeSync(1, bytes, off)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      // The descriptor refused the bytes for good (EPIPE, EBADF, ENOSPC …): the command stops here.
      if (code !== 'EAGAIN') throw writeFailed(code)
      toStream()
      return process.stdout.write(bytes.subarray(off), done)
    }
    if (done) process.nextTick(done)
    return true
  }
  const toStream = (): void => {
    if (streaming) return
    streaming = true
    // The stream reports a failed write later, as an event: one line and status 4, not Node's stack
    // trace. process.exit, not exitCode: stdout is broken (nothing of it can be cut off), and the
    // command may be waiting for a 'drain' that will not come.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      const err = writeFailed(e.code)
      writeSync(2, `airsign: ${err.message} [${err.code}]\n`)
      process.exit(err.exitCode)
    })
  }
  direct = new Proxy({} as Writable, {
    get(_, prop) {
      if (prop === 'write') return write
      toStream()
      const v = Reflect.get(process.stdout, prop, process.stdout) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(process.stdout) : v
    },
  })
  return direct
}

/** stdout refused what a command wrote: the error main() reports (WRITE_FAILED, status 4). */
function writeFailed(code: string | undefined): AirsignError {
  const why = code === 'EPIPE' || code === 'ECONNRESET' ? ': its reader closed it' : code === 'EBADF' ? ': it is not open' : ''
  return new AirsignError('WRITE_FAILED', `standard output could not be written (${code ?? 'error'}${why})`)
}

/**
 * Run airsign in this process.
 * @param argv - arguments after the script name
 * @returns the exit status
 */
export function run(argv: readonly string[]): Promise<number> {
  return main(argv, processIo())
}
