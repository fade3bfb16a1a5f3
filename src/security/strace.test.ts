/**
 * Issue 5.1, proven on the real process: every command of the built bin/airsign
 * (each success path and a sample of failure paths) runs under `strace -f`,
 * and the trace must show no network system call, no open for writing, no
 * file created, removed, renamed, linked or truncated, and no program started.
 * The checker itself is proven able to fail on scripts that do each of these.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BIN, ROOT } from '../test/cli.js'
import { checkTrace, straceAvailable, traced, traceSawOpen, type Traced } from './trace.js'
import { CALL_TX, discoverCommands, EIP155_TX, ENV, successCases, type Case } from './commands.js'
import { PHRASE } from './fixtures.js'

const BUNDLE = join(ROOT, 'dist/airsign.cjs')
// Collection time: the table needs the temp dir for its key files.
const dir = mkdtempSync(join(tmpdir(), 'airsign-strace-suite-'))
const CASES = successCases(dir)
let commands: string[]

beforeAll(async () => {
  // CI installs strace (.ci/run); without it this suite cannot prove anything, so it fails rather than skips.
  if (!straceAvailable()) throw new Error('strace is not installed (apt-get install strace): the offline proof cannot run')
  commands = await discoverCommands()
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Run bin/airsign under strace (node runs the launcher directly: the only execve is node's). */
function airsign(c: Pick<Case, 'args' | 'stdin' | 'env' | 'fds'>): Promise<Traced> {
  return traced([process.execPath, BIN, ...c.args], { stdin: c.stdin ?? '', env: c.env ?? {}, extraFds: c.fds ?? [], cwd: dir })
}

function expectClean(r: Traced): void {
  // The trace is real: node started and opened the bundle.
  expect(traceSawOpen(r.trace, BUNDLE), 'the trace shows node opening dist/airsign.cjs').toBe(true)
  expect(checkTrace(r.trace)).toEqual([])
}

describe('the checker can fail (a broken build would be caught)', () => {
  const script = (code: string): Promise<Traced> => traced([process.execPath, '-e', code], { cwd: dir })
  const whys = (r: Traced): string => checkTrace(r.trace).map((v) => v.why).join('\n')

  test('a script that writes a file is flagged (openat with O_CREAT)', async () => {
    const f = join(dir, 'written-by-script.txt')
    const r = await script(`require('node:fs').writeFileSync(${JSON.stringify(f)}, 'x')`)
    expect(r.code).toBe(0)
    expect(whys(r)).toContain(`openat for writing: ${f}`)
  })

  test('a script that opens a socket to 127.0.0.1 is flagged', async () => {
    // Port 9 (discard) is normally closed: the connect fails, but socket() and connect() are in the trace.
    const r = await script(`const s = require('node:net').connect(9, '127.0.0.1'); s.on('error', () => {})`)
    expect(whys(r)).toMatch(/network system call socket/)
    expect(whys(r)).toMatch(/network system call connect/)
  })

  test("a script that calls fetch('http://127.0.0.1') is flagged", async () => {
    const r = await script(`fetch('http://127.0.0.1/').catch(() => {})`)
    expect(whys(r)).toMatch(/network system call (socket|connect)/)
  })

  test('rename, unlink, mkdir and starting a program are flagged', async () => {
    const d = join(dir, 'made-by-script')
    const r = await script(
      `const fs = require('node:fs'); fs.mkdirSync(${JSON.stringify(d)}); fs.renameSync(${JSON.stringify(d)}, ${JSON.stringify(d + '2')}); fs.rmdirSync(${JSON.stringify(d + '2')}); require('node:child_process').spawnSync('true')`,
    )
    const w = whys(r)
    for (const s of ['mkdir', 'rename', 'rmdir', 'starts another program']) expect(w).toContain(s)
  })

  test('a script that only reads files passes (the checker is not just always "no")', async () => {
    const r = await script(`require('node:fs').readFileSync(${JSON.stringify(join(ROOT, 'package.json'))})`)
    expect(r.code).toBe(0)
    expect(traceSawOpen(r.trace, join(ROOT, 'package.json'))).toBe(true)
    expect(checkTrace(r.trace)).toEqual([])
  })

  test('trace lines: exempt terminal devices, split (unfinished/resumed) calls, pid prefixes', () => {
    const t = [
      '100 openat(AT_FDCWD, "/dev/tty", O_RDWR|O_CLOEXEC) = -1 ENXIO (No such device or address)',
      '100 openat(AT_FDCWD, "/dev/pts/4", O_RDWR|O_NOCTTY) = 5',
      '100 openat(AT_FDCWD, "/dev/null", O_RDWR) = 0',
      '101 openat(AT_FDCWD, "/tmp/x", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666 <unfinished ...>',
      '101 <... openat resumed>) = 7',
      '[pid   102] unlinkat(AT_FDCWD, "/tmp/y", 0) = 0',
      '103 openat(AT_FDCWD, "/dev/ttyS0", O_RDWR) = -1 EACCES (Permission denied)',
      '103 openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 5',
      '104 execve("/usr/bin/node", ["node"], 0x0 /* 1 var */) = 0',
      '104 execve("/bin/sh", ["sh"], 0x0 /* 1 var */) = 0',
      '105 io_uring_setup(64, {}) = 9',
      '106 ftruncate(7, 0) = 0',
    ].join('\n')
    expect(checkTrace(t).map((v) => v.why)).toEqual([
      'openat for writing: /tmp/x',
      'unlinkat changes the file system (or hides from strace)',
      'openat for writing: /dev/ttyS0',
      'starts another program',
      'io_uring_setup changes the file system (or hides from strace)',
      'ftruncate changes the file system (or hides from strace)',
    ])
  })
})

describe('every command, success paths, under strace', () => {
  test('--help lists at least the commands of issue 2', () => {
    for (const c of ['sign', 'address', 'derive', 'seed', 'mnemonic new', 'mnemonic check', 'vectors']) expect(commands).toContain(c)
  })

  test.for(CASES.map((c) => [c.name, c] as const))('%s', async ([, c], ctx) => {
    if (!c.command.startsWith('--') && !commands.includes(c.command)) {
      ctx.skip(`airsign ${c.command} does not exist in this build (yet): not covered`)
      return
    }
    const r = await airsign(c)
    expect({ code: r.code, stderr: r.code === (c.exit ?? 0) ? '' : r.stderr }).toEqual({ code: c.exit ?? 0, stderr: '' })
    expect(r.stdout).not.toBe('')
    expectClean(r)
  })

  test('commands that --help lists but the table does not know still run clean (generic arguments)', async () => {
    const known = new Set(CASES.map((c) => c.command))
    const unknown = commands.filter((c) => !known.has(c))
    if (unknown.length) console.warn(`strace suite: no argument set for ${unknown.join(', ')}; add one to src/security/commands.ts`)
    for (const c of unknown) {
      const r = await airsign({ args: [...c.split(' '), '--tx', EIP155_TX], env: ENV, stdin: '' })
      expectClean(r)
    }
  })
})

describe('the review module is read only when a review is shown', () => {
  const REVIEW = join(ROOT, 'dist/airsign-review.cjs')
  test('a plain transfer never opens it; a contract call opens it read-only', async () => {
    const plain = await airsign({ args: ['sign', '--tx', EIP155_TX], env: ENV })
    expect(plain.code).toBe(0)
    expect(traceSawOpen(plain.trace, REVIEW)).toBe(false)
    const call = await airsign({ args: ['sign', '--tx', CALL_TX], env: ENV })
    expect(call.code).toBe(0)
    expect(traceSawOpen(call.trace, REVIEW)).toBe(true)
    expect(checkTrace(call.trace)).toEqual([])
  })
})

describe('the built-in vectors file is read only by airsign vectors', () => {
  const VECTORS = join(ROOT, 'dist/airsign-vectors.json')
  test('sign never opens it; vectors opens it read-only', async () => {
    const plain = await airsign({ args: ['sign', '--tx', CALL_TX], env: ENV })
    expect(plain.code).toBe(0)
    expect(traceSawOpen(plain.trace, VECTORS)).toBe(false)
    const v = await airsign({ args: ['vectors'] })
    expect(v.code).toBe(0)
    expect(traceSawOpen(v.trace, VECTORS)).toBe(true)
    expect(checkTrace(v.trace)).toEqual([])
  })
})

describe('the other BIP-39 wordlists (airsign-wordlists.json) are read only for a phrase that is not English', () => {
  const WORDS = join(ROOT, 'dist/airsign-wordlists.json')
  test('an English sign never opens the file; a Japanese phrase opens it read-only', async () => {
    const en = await airsign({ args: ['sign', '--tx', EIP155_TX], env: ENV })
    expect(en.code).toBe(0)
    expect(traceSawOpen(en.trace, WORDS)).toBe(false)
    const { entropyToMnemonic } = await import('@scure/bip39')
    const { wordlist } = await import('@scure/bip39/wordlists/japanese.js')
    const ja = await airsign({ args: ['mnemonic', 'check', '--mnemonic-file', '-'], stdin: entropyToMnemonic(new Uint8Array(16).fill(9), wordlist) + '\n' })
    expect([ja.code, ja.stdout]).toEqual([0, 'valid: japanese, 12 words\n'])
    expect(traceSawOpen(ja.trace, WORDS)).toBe(true)
    expect(checkTrace(ja.trace)).toEqual([])
  })
})

describe('the batch engine (airsign-secp256k1.wasm) is read only by a batch of four lines or more', () => {
  const WASM = join(ROOT, 'dist/airsign-secp256k1.wasm')
  const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ chainId: 1, nonce: i, gasPrice: '1', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: '0' })).join('\n') + '\n'
  test('a one-shot sign and a batch of three never open it; a batch of four opens it read-only', async () => {
    const one = await airsign({ args: ['sign', '--tx', EIP155_TX], env: ENV })
    expect(one.code).toBe(0)
    expect(traceSawOpen(one.trace, WASM)).toBe(false)
    const three = await airsign({ args: ['sign', '--batch'], env: ENV, stdin: lines(3) })
    expect([three.code, three.stdout.trim().split('\n').length]).toEqual([0, 3])
    expect(traceSawOpen(three.trace, WASM)).toBe(false)
    const four = await airsign({ args: ['sign', '--batch'], env: ENV, stdin: lines(4) })
    expect([four.code, four.stdout.trim().split('\n').length]).toEqual([0, 4])
    expect(traceSawOpen(four.trace, WASM)).toBe(true)
    expect(checkTrace(four.trace)).toEqual([])
  })
})

describe('the single executable, copied alone into an empty directory: every success path under strace', () => {
  // Built here (into a temp directory): the proof covers the file a user carries, not only bin/airsign.
  let exe = ''
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'airsign-strace-exe-build-'))
    const alone = mkdtempSync(join(tmpdir(), 'airsign-strace-exe-'))
    execFileSync(process.execPath, ['.ci/build-binary.mjs', '--outdir', out], { cwd: ROOT, stdio: 'ignore' })
    exe = join(alone, 'airsign')
    copyFileSync(join(out, 'airsign'), exe)
    chmodSync(exe, 0o755)
    rmSync(out, { recursive: true, force: true })
  }, 120_000)
  afterAll(() => rmSync(join(exe, '..'), { recursive: true, force: true }))

  test.for(CASES.map((c) => [c.name, c] as const))('%s', async ([, c], ctx) => {
    if (!c.command.startsWith('--') && !commands.includes(c.command)) {
      ctx.skip(`airsign ${c.command} does not exist in this build (yet): not covered`)
      return
    }
    const r = await traced([exe, ...c.args], { stdin: c.stdin ?? '', env: c.env ?? {}, extraFds: c.fds ?? [], cwd: join(exe, '..') })
    expect({ code: r.code, stderr: r.code === (c.exit ?? 0) ? '' : r.stderr }).toEqual({ code: c.exit ?? 0, stderr: '' })
    expect(r.stdout).not.toBe('')
    expect(r.trace).toContain(`execve("${exe}"`) // the trace is real: it shows the executable starting
    expect(checkTrace(r.trace)).toEqual([])
  })
})

describe('failure paths under strace', () => {
  const big = 'a'.repeat(5000)
  const failures: [string, () => Case][] = [
    ['NO_SECRET_SOURCE: tries /dev/tty, finds none', () => ({ command: 'address', name: '', args: ['address'] })],
    ['MNEMONIC_CHECKSUM', () => ({ command: 'address', name: '', args: ['address'], env: { AIRSIGN_MNEMONIC: PHRASE.split(' ').reverse().join(' ') } })],
    ['MNEMONIC_UNKNOWN_WORD', () => ({ command: 'sign', name: '', args: ['sign', '--tx', EIP155_TX], env: { AIRSIGN_MNEMONIC: PHRASE.replace('exhibit', 'exhibitx') } })],
    ['READ_FAILED: a missing file', () => ({ command: 'derive', name: '', args: ['derive', '--mnemonic-file', join(dir, 'missing')] })],
    ['READ_FAILED: a directory', () => ({ command: 'seed', name: '', args: ['seed', '--mnemonic-file', dir] })],
    ['INPUT_TOO_LARGE: secret file above 4 KiB', () => {
      writeFileSync(join(dir, 'big.txt'), big)
      return { command: 'address', name: '', args: ['address', '--mnemonic-file', join(dir, 'big.txt')] }
    }],
    ['TX_DECODE', () => ({ command: 'sign', name: '', args: ['sign', '--tx', '0xc0'], env: ENV })],
    ['CHAIN_ID_MISSING', () => ({ command: 'sign', name: '', args: ['sign', '--tx', '0xe6098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080'], env: ENV })],
    ['USAGE: unknown option', () => ({ command: 'sign', name: '', args: ['sign', '--no-such-option'], env: ENV })],
    ['USAGE: unknown command', () => ({ command: '', name: '', args: ['no-such-command'] })],
    ['QR_UR_DECODE', () => ({ command: 'qr sign', name: '', args: ['qr', 'sign'], env: ENV, stdin: 'ur:eth-sign-request/zzzz\n' })],
    ['VECTOR_FILE', () => {
      writeFileSync(join(dir, 'bad-vectors.json'), '{')
      return { command: 'vectors', name: '', args: ['vectors', join(dir, 'bad-vectors.json')] }
    }],
  ]
  test.each(failures)('%s', async (_name, make) => {
    const r = await airsign(make())
    expect(r.code).not.toBe(0)
    expect(r.stdout).toBe('')
    expectClean(r)
  })
})
