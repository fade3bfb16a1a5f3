/**
 * Issue 5.3: secrets never leak. Every command's success paths (the table in
 * commands.ts) run with a known mnemonic and passphrase from every kind of
 * source; neither stdout nor stderr may hold the phrase, a word of it, the
 * passphrase, the entropy, the seed, a master or derived private key or xprv
 * (all computed by ethers, the oracle), except what was asked for
 * (`derive --private`, `seed`). The failure paths (every error code) are
 * checked the same way in malformed.test.ts. And /proc/<pid>/cmdline of a
 * running airsign holds no secret when it came from a file, a descriptor, the
 * environment or the prompt.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BIN, ROOT, runCli } from '../test/cli.js'
import { discoverCommands, ENV, successCases } from './commands.js'
import { leaks, node, PASSPHRASE, PHRASE, secrets } from './fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'airsign-leak-suite-'))
const CASES = successCases(dir)
let commands: string[]
beforeAll(async () => {
  commands = await discoverCommands()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the leak check itself', () => {
  test('the oracle agrees with airsign: derive --private prints exactly the key the check looks for', async () => {
    const r = await runCli(['derive', '--private', '--json', '--index', '3'], { env: ENV })
    const n = node("m/44'/60'/0'/0/3")
    expect(JSON.parse(r.stdout)).toMatchObject({ privateKey: n.privateKey, xprv: n.extendedKey, address: n.address })
    expect(leaks(r.stdout)).toEqual(["private key m/44'/60'/0'/0/3 (with passphrase)", "xprv m/44'/60'/0'/0/3 (with passphrase)"])
  })

  test('it finds each kind of secret, and words only as whole words', () => {
    const all = secrets()
    expect(all.length).toBeGreaterThan(30)
    expect(leaks(`x ${PHRASE.split(' ')[4]!.toUpperCase()} y`)).toEqual(['mnemonic word 5'])
    expect(leaks(`airsign: bad ${PASSPHRASE}`)).toEqual(['passphrase'])
    const seed = all.find((s) => s.name === 'seed (with passphrase)')!.value
    expect(leaks('0x' + seed.toUpperCase())).toEqual(['seed (with passphrase)'])
    expect(leaks(`ur:x/${PHRASE.split(' ')[0]}zz`)).toEqual([])
  })
})

describe('success paths: only the result, and only what was asked for', () => {
  test.for(CASES.map((c) => [c.name, c] as const))('%s', async ([, c], ctx) => {
    if (!c.command.startsWith('--') && !commands.includes(c.command)) {
      ctx.skip(`airsign ${c.command} does not exist in this build (yet): not covered`)
      return
    }
    const r = await runCli(c.args, { stdin: c.stdin ?? '', env: c.env ?? {}, extraFds: c.fds ?? [], cwd: dir })
    expect(r.code, r.stderr).toBe(c.exit ?? 0)
    // A newly generated mnemonic is made of list words: some of ours may be among them by chance.
    const allowOut = (s: string): boolean => (c.allow?.(s) ?? false) || (c.newMnemonic === true && s.startsWith('mnemonic word'))
    expect(leaks(r.stdout, allowOut)).toEqual([])
    expect(leaks(r.stderr)).toEqual([])
    // The secret on argv is warned about, not echoed.
    if (c.args.includes('--mnemonic')) expect(r.stderr).toContain('warning')
  })

  test('the explicitly asked-for secrets are really printed (so "allow" hides nothing else)', async () => {
    const seedCase = CASES.find((c) => c.command === 'seed')!
    const r = await runCli(seedCase.args, { extraFds: seedCase.fds ?? [], cwd: dir })
    expect(leaks(r.stdout)).toEqual(['seed (with passphrase)'])
  })
})

/** Every process whose command line holds `marker`, with that command line. */
function cmdlines(marker: string): string[] {
  const out: string[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p))) {
    try {
      const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
      if (c.includes(marker)) out.push(c)
    } catch {
      // the process ended meanwhile
    }
  }
  return out
}

describe('/proc/<pid>/cmdline of a running airsign holds no secret', () => {
  // airsign runs on a pseudo-terminal (util-linux script) and blocks at the hidden
  // passphrase prompt: by then it has read and checked the mnemonic. The test
  // reads the command line of every process that carries its marker, then
  // cancels the prompt with Ctrl-C.
  const sources: [string, string, Record<string, string>, string[], boolean][] = [
    ['file', `--mnemonic-file ${join(dir, 'mnemonic.txt')}`, {}, [], false],
    ['descriptor', `--mnemonic-file /dev/fd/3 3<${join(dir, 'mnemonic.txt')}`, {}, [], false],
    ['environment', '', { AIRSIGN_MNEMONIC: PHRASE }, [], false],
    ['prompt', '', {}, [PHRASE], false],
    // The control: on argv the phrase IS in /proc/<pid>/cmdline (what the warning says), so the check can fail.
    ['command line (control: visible)', `--mnemonic '${PHRASE}'`, {}, [], true],
  ]
  test.each(sources)('mnemonic from the %s', async (_name, args, env, answers, visible) => {
    const marker = String(1_000_000 + Math.floor(Math.random() * 1_000_000))
    const cmd = `exec ${process.execPath} ${BIN} address --passphrase-prompt --index ${marker} ${args}`
    const seen = await new Promise<{ lines: string[]; out: string; code: number | null }>((resolve, reject) => {
      const p = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env } })
      let out = ''
      let sent = 0
      let lines: string[] = []
      p.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d
        if (out.includes('Mnemonic (input hidden): ') && sent < answers.length) p.stdin.write(answers[sent++] + '\r')
        if (out.includes('Passphrase (input hidden): ') && lines.length === 0) {
          lines = cmdlines(marker)
          p.stdin.write('\u0003')
        }
      })
      p.on('error', reject).on('close', (code) => resolve({ lines, out, code }))
    })
    // Blocked at the passphrase prompt: the mnemonic was read and accepted before.
    expect(seen.out).toContain('Passphrase (input hidden): ')
    expect(seen.lines.some((l) => l.includes(BIN) && l.includes('address'))).toBe(true)
    const inCmdline = seen.lines.flatMap((l) => leaks(l))
    if (visible) expect(inCmdline).toContain('mnemonic phrase')
    else expect(inCmdline).toEqual([])
    expect(leaks(seen.out)).toEqual([])
    expect(seen.out).toContain('[CANCELLED]')
  })
})
