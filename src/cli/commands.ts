/**
 * The table of commands: each command's word, its one-line description, and
 * how to load its file (loaded only when it runs: start-up pays for one
 * command, not all). main.ts registers them with yargs; `airsign completion`
 * reads the same table, and makes its own parsers with the factory main.ts
 * sets. (Neither main.ts nor yargs may be imported by a command's file: the
 * bundler would then defer their whole module graph behind that lazily loaded
 * file, and every start pays for that: ~2.5 ms, 6 %, measured.)
 * @module
 */
import type { Argv } from 'yargs'
import type { Io } from '../io/io.js'

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

let factory: (() => Argv) | null = null
/** main.ts hands over how to make an empty yargs parser. */
export function setParserFactory(f: () => Argv): void {
  factory = f
}
/** An empty yargs parser (for `airsign completion`, which applies every builder to one). */
export function freshParser(): Argv {
  if (!factory) throw new Error('freshParser: main.ts sets the factory before any command runs')
  return factory()
}
