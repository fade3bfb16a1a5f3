/**
 * The command line: `main(argv, io)` → exit status. yargs parses; each command
 * lives in its own file under cli/commands/. Nothing here calls
 * `process.exit()`: the launcher sets `process.exitCode` so piped stdout is
 * never cut off.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError, toAirsignError } from '../errors.js'
import type { Io } from '../io/io.js'
import { error } from './output.js'
import { VERSION } from './version.js'
import { COMMANDS, setParserFactory } from './commands.js'
import { fastSignArgs } from './fast.js'

let fastPath = true
/** Tests: turn the fast path off, to compare it with what yargs gives the handler. */
export function setFastPath(on: boolean): void {
  fastPath = on
}

/** The command word the user typed: the first argument that is not an option. */
function selectedCommand(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'))
}

/**
 * yargs reads a lone `-` as a positional argument, not as an option's value;
 * `--mnemonic-file -` (stdin, the Unix convention) is rewritten to `--mnemonic-file=-`.
 */
export function joinDash(argv: readonly string[]): string[] {
  const out: string[] = []
  for (const a of argv) {
    const prev = out[out.length - 1]
    if (a === '-' && prev !== undefined && /^--[a-z][a-z0-9-]*$/.test(prev)) out[out.length - 1] = `${prev}=-`
    else out.push(a)
  }
  return out
}

/**
 * An option given twice reaches a command as an array, which code that takes one value would read
 * as something else (two `--message` values signed as "a,b"): only the options a command declares
 * as lists (and variadic positionals) may repeat.
 * @throws AirsignError USAGE
 */
function refuseRepeats(args: Record<string, unknown>, repeatable: ReadonlySet<string>): void {
  for (const [k, v] of Object.entries(args)) {
    if (!Array.isArray(v) || k === '_' || k.includes('-')) continue
    const flag = k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())
    if (!repeatable.has(k) && !repeatable.has(flag)) throw new AirsignError('USAGE', `--${flag} is given more than once`)
  }
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
    // The main job, a sign (one-shot or --batch) with a plain command line, without yargs (fast.ts):
    // loading yargs and running it is a quarter of a one-shot sign's time. Everything else goes to yargs.
    const fast = fastPath ? fastSignArgs(argv) : null
    if (fast) {
      const m = await import('./commands/sign.js')
      return (await m.handler(fast as never, io)) ?? 0
    }
    const { default: yargs } = await import('yargs')
    setParserFactory(() => yargs([]))
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
      let repeatable = new Set<string>()
      const builder = (y: Argv): Argv => {
        const b = m.builder(y)
        repeatable = new Set((b as unknown as { getOptions(): { array: string[] } }).getOptions().array)
        return b
      }
      parser.command(c.command, c.describe, builder as never, async (args) => {
        refuseRepeats(args as Record<string, unknown>, repeatable)
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
