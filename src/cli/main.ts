/**
 * The command line: `main(argv, io)` → exit status. yargs parses; each command
 * lives in its own file under cli/commands/. Nothing here calls
 * `process.exit()`: the launcher sets `process.exitCode` so piped stdout is
 * never cut off.
 * @module
 */
import yargs, { type Argv } from 'yargs'
import { AirsignError, toAirsignError } from '../errors.js'
import type { Io } from '../io/io.js'
import { error } from './output.js'
import { VERSION } from './version.js'

/** What a command file exports. */
export type CommandModule = {
  command: string
  describe: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command types its own arguments
  builder: (y: Argv) => Argv<any>
  handler: (args: never, io: Io) => Promise<number | void>
}
/** A command whose file is loaded only when it runs: start-up pays for one command, not all. */
export type LazyCommand = {
  command: string
  describe: string
  load: () => Promise<Pick<CommandModule, 'builder' | 'handler'>>
}

/** The commands, in the order `--help` lists them. */
export const COMMANDS: (CommandModule | LazyCommand)[] = [
  { command: 'sign', describe: 'sign a transaction (raw unsigned hex or JSON, from --tx or stdin)', load: () => import('./commands/sign.js') },
  { command: 'inspect', describe: 'decode an unsigned or signed transaction of any type into JSON (no key needed)', load: () => import('./commands/inspect.js') },
  { command: 'sign-authorization', describe: 'sign an EIP-7702 authorization (chain id, delegate address, nonce)', load: () => import('./commands/sign-authorization.js') },
  { command: 'sign-message', describe: 'EIP-191 personal_sign of a message (--message, or stdin byte for byte, or --hex)', load: () => import('./commands/sign-message.js') },
  { command: 'sign-typed-data', describe: 'EIP-712 eth_signTypedData_v4 of a JSON document (--file or stdin)', load: () => import('./commands/sign-typed-data.js') },
  { command: 'inspect-typed-data', describe: 'what an EIP-712 document signs: domain, hashes, types (no key needed)', load: () => import('./commands/inspect-typed-data.js') },
  { command: 'sign-hash', describe: 'sign a raw 32-byte digest (blind signing: needs --blind, always warns)', load: () => import('./commands/sign-hash.js') },
  { command: 'verify', describe: 'check a signature or a signed transaction against an address, offline (exit 1 when it does not match)', load: () => import('./commands/verify.js') },
  { command: 'safe <action> [what]', describe: 'Safe multisig, offline: hash, sign, message hash|sign, combine, verify (decoded, with warnings)', load: () => import('./commands/safe.js') },
  { command: 'address', describe: 'derive the address at a path, or a range of addresses with --count', load: () => import('./commands/address.js') },
  { command: 'derive', describe: 'key material at a path: xpub by default, xprv and private key with --private', load: () => import('./commands/derive.js') },
  { command: 'seed', describe: 'print the 64-byte BIP-39 seed of a mnemonic (+ passphrase), hex', load: () => import('./commands/seed.js') },
  { command: 'mnemonic <action>', describe: 'generate a new mnemonic (new) or validate one (check)', load: () => import('./commands/mnemonic.js') },
  { command: 'qr <action>', describe: 'air-gapped QR signing for MetaMask (ERC-4527): pairing export (account), answer a sign request (sign)', load: () => import('./commands/qr.js') },
  { command: 'completion <shell>', describe: 'print a shell completion script (bash, zsh, fish)', load: () => import('./commands/completion.js') },
  { command: 'vectors [files..]', describe: 'run the built-in known-answer tests (BIP-39, BIP-32, EIP-155 …) or the given vector files', load: () => import('./commands/vectors.js') },
]

/** The command word the user typed: the first argument that is not an option. */
function selectedCommand(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'))
}

/**
 * yargs reads a lone `-` as a positional argument, not as an option's value;
 * `--mnemonic-file -` (stdin, the Unix convention) is rewritten to `--mnemonic-file=-`.
 */
function joinDash(argv: readonly string[]): string[] {
  const out: string[] = []
  for (const a of argv) {
    const prev = out[out.length - 1]
    if (a === '-' && prev !== undefined && /^--[a-z][a-z0-9-]*$/.test(prev)) out[out.length - 1] = `${prev}=-`
    else out.push(a)
  }
  return out
}

/**
 * yargs renders the whole help text each time a command starts, to have it at
 * hand should the handler fail. airsign never prints help on a failure (.fail
 * throws), and rendering costs a one-shot command ~25 ms. The hook is internal
 * to yargs: the version is pinned exactly, and cli.test.ts covers --help.
 */
function skipHelpCache(parser: Argv): void {
  const internal = parser as unknown as { getInternalMethods?: () => { getUsageInstance: () => { cacheHelpMessage: () => void } } }
  const usage = internal.getInternalMethods?.().getUsageInstance()
  if (usage) usage.cacheHelpMessage = () => {}
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
    skipHelpCache(parser)
    const selected = selectedCommand(argv)
    for (const c of COMMANDS) {
      const name = c.command.split(' ')[0]
      if (name !== selected) {
        // Listed in --help, never run: its file is not loaded.
        parser.command(c.command, c.describe)
        continue
      }
      const m = 'load' in c ? await c.load() : c
      parser.command(c.command, c.describe, m.builder as never, async (args) => {
        status = (await m.handler(args as never, io)) ?? 0
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
