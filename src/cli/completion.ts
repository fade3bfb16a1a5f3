/**
 * Shell completion scripts, made from the command line itself: every
 * command's builder is applied to an empty yargs parser and its options read
 * back (names, which take a value, choices), so a script can never offer an
 * option that does not exist or miss one that does. The scripts hold that
 * table; they run nothing of airsign when the user presses Tab.
 * @module
 */
import type { Argv } from 'yargs'

/** One option as completion sees it. */
export type OptionSpec = { readonly flag: string; readonly value: 'none' | 'file' | 'word'; readonly choices: readonly string[] }
/** One command: its word, its actions (`mnemonic new|check`), its options. */
export type CommandSpec = { readonly name: string; readonly describe: string; readonly actions: readonly string[]; readonly subActions: Readonly<Record<string, readonly string[]>>; readonly options: readonly OptionSpec[] }

/** Options whose value is a path (a file, /dev/fd/N, -). */
const FILE_OPTION = /(^|-)file$|^(abi|descriptor|labels|keystore|typed-data)$/

/** Options every command has. */
const GLOBAL: OptionSpec[] = [
  { flag: '--json', value: 'none', choices: [] },
  { flag: '--help', value: 'none', choices: [] },
]

type Opts = { key: Record<string, boolean>; boolean: string[]; choices: Record<string, string[]>; hiddenOptions: string[] }

/**
 * The table of commands, from their builders.
 * @param parser - a fresh, empty yargs parser for each builder (from main.ts: importing yargs here
 *   would make the bundler defer all of yargs behind this lazily loaded module, at every start's cost)
 */
export async function commandSpecs(commands: readonly { command: string; describe: string; load?: () => Promise<{ builder: (y: Argv) => Argv<unknown> }>; builder?: (y: Argv) => Argv<unknown> }[], parser: () => Argv): Promise<CommandSpec[]> {
  const out: CommandSpec[] = []
  for (const c of commands) {
    const [name, ...positionals] = c.command.split(' ')
    const m = c.load ? await c.load() : (c as { builder: (y: Argv) => Argv<unknown> })
    const o = (m.builder(parser()) as unknown as { getOptions(): Opts }).getOptions()
    const pos = new Set(positionals.map((p) => p.replace(/[<>[\]]/g, '').replace(/\.\.$/, '')))
    const options: OptionSpec[] = []
    for (const key of Object.keys(o.key)) {
      if (pos.has(key) || key === 'help' || key === 'version' || o.hiddenOptions.includes(key)) continue
      const value = o.boolean.includes(key) ? 'none' : FILE_OPTION.test(key) ? 'file' : 'word'
      options.push({ flag: `--${key}`, value, choices: o.choices[key] ?? [] })
    }
    const actions = o.choices.action ?? []
    // `safe message hash|sign`: the second word of an action.
    const subActions: Record<string, string[]> = name === 'safe' ? { message: ['hash', 'sign'] } : {}
    out.push({ name: name!, describe: c.describe, actions, subActions, options: [...options, ...GLOBAL].sort((a, b) => (a.flag < b.flag ? -1 : 1)) })
  }
  return out
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

/** bash: `source <(airsign completion bash)`, or save it in bash-completion's directory. */
export function bashScript(specs: readonly CommandSpec[]): string {
  const cases = specs
    .map((c) => {
      const words = c.options.map((o) => o.flag).join(' ')
      const files = c.options.filter((o) => o.value === 'file').map((o) => o.flag)
      const valued = c.options.filter((o) => o.value === 'word' && o.choices.length === 0).map((o) => o.flag)
      const choices = c.options.filter((o) => o.choices.length > 0)
      const sub = Object.entries(c.subActions)
      return [
        `    ${c.name})`,
        `      case "$prev" in`,
        ...choices.map((o) => `        ${o.flag}) COMPREPLY=($(compgen -W ${q(o.choices.join(' '))} -- "$cur")); return ;;`),
        ...(files.length ? [`        ${files.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`] : []),
        ...(valued.length ? [`        ${valued.join('|')}) return ;;`] : []),
        `      esac`,
        ...(c.actions.length ? [`      if [[ $nwords -eq 1 && $cur != -* ]]; then COMPREPLY=($(compgen -W ${q(c.actions.join(' '))} -- "$cur")); return; fi`] : []),
        ...sub.map(([a, w]) => `      if [[ $nwords -eq 2 && \${words[0]} == ${a} && $cur != -* ]]; then COMPREPLY=($(compgen -W ${q(w.join(' '))} -- "$cur")); return; fi`),
        `      COMPREPLY=($(compgen -W ${q(words)} -- "$cur")) ;;`,
      ].join('\n')
    })
    .join('\n')
  return `# bash completion for airsign (made by \`airsign completion bash\`)
# Load it now: source <(airsign completion bash)
# or for good:  airsign completion bash > ~/.local/share/bash-completion/completions/airsign
_airsign() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="" i words=() nwords=0
  # The command word, and the words after it that are not options (or option values).
  for ((i = 1; i < COMP_CWORD; i++)); do
    local w="\${COMP_WORDS[i]}"
    if [[ -z $cmd ]]; then
      [[ $w != -* ]] && cmd="$w"
    elif [[ $w != -* && \${COMP_WORDS[i-1]} != --* ]]; then
      words+=("$w"); nwords=$((nwords + 1))
    fi
  done
  nwords=$((nwords + 1))
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --version --json' -- "$cur")); else COMPREPLY=($(compgen -W ${q(specs.map((c) => c.name).join(' ') + ' completion')} -- "$cur")); fi
    return
  fi
  case "$cmd" in
${cases}
    completion) COMPREPLY=($(compgen -W 'bash zsh fish' -- "$cur")) ;;
  esac
}
complete -o default -F _airsign airsign
`
}

/** zsh: the bash script through zsh's bashcompinit (the same table, one source of truth). */
export function zshScript(specs: readonly CommandSpec[]): string {
  return `#compdef airsign
# zsh completion for airsign (made by \`airsign completion zsh\`)
# Load it now: source <(airsign completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(specs).split('\n').filter((l) => !l.startsWith('#')).join('\n')}`
}

/** fish: \`airsign completion fish > ~/.config/fish/completions/airsign.fish\`. */
export function fishScript(specs: readonly CommandSpec[]): string {
  const lines = ['# fish completion for airsign (made by `airsign completion fish`)', 'complete -c airsign -f']
  const names = [...specs.map((c) => c.name), 'completion']
  for (const c of specs) lines.push(`complete -c airsign -n "not __fish_seen_subcommand_from ${names.join(' ')}" -a ${c.name} -d ${q(c.describe.slice(0, 80))}`)
  lines.push(`complete -c airsign -n "not __fish_seen_subcommand_from ${names.join(' ')}" -a completion -d 'print a shell completion script'`)
  lines.push(`complete -c airsign -n "__fish_seen_subcommand_from completion" -a 'bash zsh fish'`)
  for (const c of specs) {
    const when = `__fish_seen_subcommand_from ${c.name}`
    if (c.actions.length) lines.push(`complete -c airsign -n "${when}; and not __fish_seen_subcommand_from ${c.actions.join(' ')}" -a ${q(c.actions.join(' '))}`)
    for (const [a, w] of Object.entries(c.subActions)) lines.push(`complete -c airsign -n "${when}; and __fish_seen_subcommand_from ${a}; and not __fish_seen_subcommand_from ${w.join(' ')}" -a ${q(w.join(' '))}`)
    for (const o of c.options) {
      const arg = o.value === 'none' ? '' : o.choices.length ? ` -x -a ${q(o.choices.join(' '))}` : o.value === 'file' ? ' -r -F' : ' -x'
      lines.push(`complete -c airsign -n "${when}" -l ${o.flag.slice(2)}${arg}`)
    }
  }
  return lines.join('\n') + '\n'
}
