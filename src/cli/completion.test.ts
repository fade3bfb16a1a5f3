/**
 * `airsign completion`: the scripts run in the real shells and offer the
 * candidates the command line has (commands, actions, options, choices,
 * files), and nothing it does not have (checked against `--help`).
 * bash is required; zsh and fish are installed by .ci/run.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../test/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'airsign-completion-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const scripts: Record<string, string> = {}
beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCli(['completion', shell])
    expect([r.code, r.stderr]).toEqual([0, ''])
    scripts[shell] = join(dir, `airsign.${shell}`)
    writeFileSync(scripts[shell]!, r.stdout)
  }
  mkdirSync(join(dir, 'keys'))
  writeFileSync(join(dir, 'keys', 'alice.txt'), '')
  writeFileSync(join(dir, 'keys', 'alex.txt'), '')
})

/** What bash's completion offers for the words typed so far (the last one is being completed). */
function bash(...words: string[]): string[] {
  const arr = words.map((w) => `'${w}'`).join(' ')
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `source ${scripts.bash}; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _airsign; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' })
  expect(r.stderr).toBe('')
  return r.stdout.split('\n').filter((l) => l !== '')
}

describe('bash', () => {
  test('commands, actions and the second word of safe message', () => {
    expect(bash('airsign', 'si')).toEqual(['sign', 'sign-authorization', 'sign-message', 'sign-typed-data', 'sign-hash'])
    expect(bash('airsign', 'mnemonic', '')).toEqual(['new', 'check'])
    expect(bash('airsign', 'safe', '')).toEqual(['hash', 'sign', 'message', 'combine', 'verify'])
    expect(bash('airsign', 'safe', 'message', '')).toEqual(['hash', 'sign'])
    expect(bash('airsign', 'completion', '')).toEqual(['bash', 'zsh', 'fish'])
    expect(bash('airsign', '--v')).toEqual(['--version'])
  })
  test('the choices of an option', () => {
    expect(bash('airsign', 'address', '--preset', '')).toEqual(['metamask', 'ledger-live', 'ledger-legacy'])
    expect(bash('airsign', 'sign', '--lang', 'c')).toEqual(['chinese-simplified', 'chinese-traditional', 'czech'])
    expect(bash('airsign', 'safe', 'sign', '--sig', '')).toEqual(['eip712', 'eth_sign'])
  })
  test('options, after a value and after an action', () => {
    expect(bash('airsign', 'sign', '--mnemonic-f')).toEqual(['--mnemonic-file'])
    expect(bash('airsign', 'sign', '--tx', '0x02', '--rev')).toEqual(['--review'])
    expect(bash('airsign', 'mnemonic', 'new', '--w')).toEqual(['--words'])
  })
  test('a file for the options that read one, nothing for one that takes a number', () => {
    expect(bash('airsign', 'sign', '--mnemonic-file', 'keys/al').sort()).toEqual(['keys/alex.txt', 'keys/alice.txt'])
    expect(bash('airsign', 'address', '--index', '')).toEqual([])
  })
  test('every command offers exactly the options its --help lists', async () => {
    const commands = bash('airsign', '').filter((c) => c !== 'completion')
    expect(commands).toContain('safe')
    for (const c of commands) {
      const help = await runCli([c, '--help'])
      const listed = [...new Set([...help.stdout.matchAll(/^ {2,}(?:-[a-z], )?(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]!))].filter((f) => f !== '--version').sort()
      expect(bash('airsign', c, '--').sort(), c).toEqual(listed)
    }
  })
})

describe('zsh and fish', () => {
  test('zsh registers the completion through bashcompinit, and it answers as in bash', () => {
    const r = spawnSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D; source ${scripts.zsh}; print -- \${_comps[airsign]}; setopt ksharrays; COMP_WORDS=(airsign safe message ''); COMP_CWORD=3; _airsign; print -l -- "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' })
    expect([r.status, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe('_bash_complete -o default -F _airsign\nhash\nsign\n')
  })
  test('fish offers commands with their descriptions, actions and choices', () => {
    const ask = (line: string) => spawnSync('fish', ['--no-config', '-c', `source ${scripts.fish}; complete -C '${line}'`], { cwd: dir, encoding: 'utf8' })
    const si = ask('airsign sign-')
    expect(si.stderr).toBe('')
    expect(si.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['sign-authorization', 'sign-hash', 'sign-message', 'sign-typed-data'])
    expect(si.stdout).toContain('sign-hash\tsign a raw 32-byte digest')
    expect(ask('airsign address --preset ').stdout).toBe('ledger-legacy\nledger-live\nmetamask\n')
    expect(ask('airsign safe message ').stdout).toBe('hash\nsign\n')
    expect(ask('airsign qr sign --qr-f').stdout).toBe('--qr-format\n')
  })
})

test('an unknown shell is a usage error', async () => {
  const r = await runCli(['completion', 'tcsh'])
  expect([r.code, r.stdout]).toEqual([2, ''])
  expect(r.stderr).toMatch(/^airsign: Invalid values: Argument: shell, Given: "tcsh", Choices: "bash", "zsh", "fish".*\[USAGE\]\n$/)
})
