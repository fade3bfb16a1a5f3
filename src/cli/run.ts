/**
 * The bundle's entry: `run(argv)` wires the real process into `main`.
 * @module
 */
import type { Readable } from 'node:stream'
import { main } from './main.js'
import { openTerminal } from '../io/tty.js'
import type { Io } from '../io/io.js'

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
      return process.stdout
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

/**
 * Run airsign in this process.
 * @param argv - arguments after the script name
 * @returns the exit status
 */
export function run(argv: readonly string[]): Promise<number> {
  return main(argv, processIo())
}
