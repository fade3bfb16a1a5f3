/**
 * The command line: `main(argv, io)` → exit status. yargs parses; each command
 * lives in its own file under cli/commands/. Nothing here calls
 * `process.exit()`: the launcher sets `process.exitCode` so piped stdout is
 * never cut off.
 * @module
 */
import yargs from 'yargs'
import { AirsignError, toAirsignError } from '../errors.js'
import type { Io } from '../io/io.js'
import { error } from './output.js'
import { VERSION } from './version.js'
import * as sign from './commands/sign.js'
import * as address from './commands/address.js'
import * as derive from './commands/derive.js'
import * as seed from './commands/seed.js'
import * as mnemonic from './commands/mnemonic.js'
import * as vectors from './commands/vectors.js'

/** The commands, in the order `--help` lists them. */
const COMMANDS = [sign, address, derive, seed, mnemonic, vectors]

/**
 * yargs reads a lone `-` as a positional argument, not as an option's value;
 * `--mnemonic-file -` (stdin, the Unix convention) is rewritten to `--mnemonic-file=-`.
 */
function joinDash(argv: readonly string[]): string[] {
  const out: string[] = []
  for (const a of argv) {
    const prev = out[out.length - 1]
    if (a === '-' && prev !== undefined && /^--[a-z][a-z-]*$/.test(prev)) out[out.length - 1] = `${prev}=-`
    else out.push(a)
  }
  return out
}

/**
 * Run airsign.
 * @param argv - the arguments after `node bin/airsign`
 * @param io - streams, environment and terminal (default: the process's)
 * @returns the exit status
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const wantsJson = argv.includes('--json')
  argv = joinDash(argv)
  let status = 0
  try {
    const parser = yargs([...argv])
      .scriptName('airsign')
      .usage('$0 <command> [options]\n\nOffline Ethereum signer: BIP-39 mnemonic → BIP-32/44 key → signed transaction, in memory.')
      .version(VERSION)
      .help()
      .alias('h', 'help')
      .strict()
      .demandCommand(1, 'give a command (airsign --help lists them)')
      .recommendCommands()
      .wrap(Math.min(100, process.stdout.columns || 100))
      .fail((msg, err) => {
        // yargs messages can span lines; the error contract is one line.
        const text = (msg ?? 'invalid command line').replace(/\s*\n\s*/g, ' ')
        throw err ?? new AirsignError('USAGE', text, { hints: ['airsign --help shows the usage'] })
      })
      .option('json', { type: 'boolean', describe: 'one JSON object a line on stdout', global: true })
    for (const c of COMMANDS) {
      parser.command(c.command, c.describe, c.builder as never, async (args) => {
        status = (await c.handler(args as never, io)) ?? 0
      })
    }
    let output = ''
    await parser.parseAsync([...argv], {}, (_err: unknown, _argv: unknown, out: string) => {
      output = out
    })
    // --help and --version: yargs hands the text over instead of printing it.
    if (output) io.stdout.write(output.endsWith('\n') ? output : output + '\n')
  } catch (e) {
    const err = toAirsignError(e)
    error(io, err, wantsJson)
    status = err.exitCode
  }
  return status
}
