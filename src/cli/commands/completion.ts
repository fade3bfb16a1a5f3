/**
 * `airsign completion bash|zsh|fish`: print a completion script for the
 * shell (commands, their actions, options, and the choices of options such
 * as --preset and --lang), made from the command line's own definitions.
 * @module
 */
import type { Argv } from 'yargs'
import type { Io } from '../../io/io.js'
import { bashScript, commandSpecs, fishScript, zshScript } from '../completion.js'
import { COMMANDS, freshParser } from '../commands.js'

type Args = { shell: 'bash' | 'zsh' | 'fish' }

export function builder(y: Argv): Argv<Args> {
  return y
    .positional('shell', { choices: ['bash', 'zsh', 'fish'] as const, describe: 'the shell to complete in' })
    .example('source <(airsign completion bash)', 'complete airsign in this bash session')
    .example('airsign completion fish > ~/.config/fish/completions/airsign.fish', 'for good, in fish') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const specs = await commandSpecs(COMMANDS.filter((c) => !c.command.startsWith('completion')) as never, freshParser)
  io.stdout.write(args.shell === 'bash' ? bashScript(specs) : args.shell === 'zsh' ? zshScript(specs) : fishScript(specs))
  return 0
}
