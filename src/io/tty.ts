/**
 * The controlling terminal, for hidden prompts and confirmations. It reads
 * from `/dev/tty`, not stdin, so piped input keeps working while the secret
 * is typed. Input is read in raw mode: nothing is echoed.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import type { ReadStream } from 'node:tty'
import { nodeTty } from '../lazy.js'
import type { Terminal } from './io.js'

/**
 * Open `/dev/tty`. It is a terminal device, not a file: it is opened
 * read-write because the prompt is written there too (as ssh and gpg do), so
 * that it reaches the user even when stderr is redirected.
 * @returns the terminal, or null when the process has no controlling terminal
 */
export function openTerminal(): Terminal | null {
  let fd: number
  try {
    fd = openSync('/dev/tty', 'r+')
  } catch {
    return null
  }
  let closed = false
  let input: ReadStream | undefined
  const write = (text: string): void => {
    writeSync(fd, text)
  }
  // node:tty (and node:net beneath it) loads only when a prompt is shown.
  const read = (prompt: string, echo: boolean): Promise<string | null> => {
    input ??= new (nodeTty().ReadStream)(fd)
    const tty = input
    return new Promise((resolve) => {
      // Echo goes off before the prompt shows: whatever is typed after it is never echoed.
      tty.setRawMode(true)
      write(prompt)
      tty.resume()
      let line = ''
      const finish = (value: string | null): void => {
        tty.setRawMode(false)
        tty.removeListener('data', onData)
        tty.pause()
        write('\r\n')
        resolve(value)
      }
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return finish(line)
          if (ch === '\u0003' || (ch === '\u0004' && line === '')) return finish(null)
          if (ch === '\u007f' || ch === '\b') {
            line = Array.from(line).slice(0, -1).join('')
            if (echo) write('\b \b')
          } else if (ch === '\u0015') {
            line = '' // Ctrl-U: kill the line
          } else if (ch >= ' ' || ch === '\t') {
            line += ch
            if (echo) write(ch)
          }
        }
      }
      tty.on('data', onData)
    })
  }
  return {
    readHidden: (prompt) => read(prompt, false),
    readLine: (prompt) => read(prompt, true),
    write,
    close() {
      if (closed) return
      closed = true
      input?.destroy()
      try {
        closeSync(fd)
      } catch {
        // already closed by the stream
      }
    },
  }
}
