/**
 * The bundle's entry: `run(argv)` wires the real process into `main`.
 * @module
 */
import type { Readable } from 'node:stream'
import { main } from './main.js'
import { openTerminal } from '../io/tty.js'
import type { Io } from '../io/io.js'

/** The running process as an Io. */
export function processIo(): Io {
  return {
    stdin: process.stdin as Readable,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
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
