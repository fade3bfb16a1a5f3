/**
 * The shipped artifacts (issue 6): the bundle names its own hash, two builds
 * in different directories are byte-identical, and the single executable runs
 * alone in an empty directory with no Node.js on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HDNodeWallet } from 'ethers'
import { ROOT, TEST_MNEMONIC } from '../test/cli.js'

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex')
const EIP155_UNSIGNED = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'airsign-artifact-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** A copy of the tracked source tree in `dir` (from `from`, default this checkout), sharing this checkout's node_modules. */
function checkout(dir: string, from = ROOT): string {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean)
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true })
    cpSync(join(from, f), join(dir, f))
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

describe('bundle', () => {
  test('--version names sha256 of the bundle with its hash field zeroed', () => {
    const out = join(work, 'v')
    execFileSync(process.execPath, ['.ci/build.mjs', '--quiet', '--outdir', out], { cwd: ROOT })
    const text = readFileSync(join(out, 'airsign.cjs'), 'utf8')
    const v = spawnSync(process.execPath, [join(out, 'airsign.cjs'), '--version'], { encoding: 'utf8' })
    expect(v.status).toBe(0)
    const m = /^(\d+\.\d+\.\d+) \(bundle sha256:([0-9a-f]{64})\)\n$/.exec(v.stdout)
    expect(m).not.toBeNull()
    const hash = m![2]!
    expect(sha256(text.replace(hash, '0'.repeat(64)))).toBe(hash)
  })

  test('two builds in different directories are byte-identical (bundle, executable script, executable)', () => {
    const a = checkout(join(work, 'build-a'))
    const b = checkout(join(work, 'another-place-b'), a) // from a: both hold the same bytes
    for (const dir of [a, b]) execFileSync(process.execPath, ['.ci/build-binary.mjs', '--outdir', join(dir, 'out')], { cwd: dir, stdio: 'ignore' })
    expect(sha256(readFileSync(join(a, 'out/airsign.cjs')))).toBe(sha256(readFileSync(join(b, 'out/airsign.cjs'))))
    expect(sha256(readFileSync(join(a, 'out/airsign-review.cjs')))).toBe(sha256(readFileSync(join(b, 'out/airsign-review.cjs'))))
    expect(sha256(readFileSync(join(a, 'out/airsign-vectors.json')))).toBe(sha256(readFileSync(join(b, 'out/airsign-vectors.json'))))
    expect(sha256(readFileSync(join(a, 'out/airsign-wordlists.json')))).toBe(sha256(readFileSync(join(b, 'out/airsign-wordlists.json'))))
    expect(sha256(readFileSync(join(a, 'out/airsign')))).toBe(sha256(readFileSync(join(b, 'out/airsign'))))
  }, 180_000)
})

describe('the built-in vectors file', () => {
  test('the bundle refuses a vectors file that is not the one it was built with, and one that is missing', () => {
    const out = join(work, 'vec')
    execFileSync(process.execPath, ['.ci/build.mjs', '--quiet', '--outdir', out], { cwd: ROOT })
    const file = join(out, 'airsign-vectors.json')
    const good = readFileSync(file, 'utf8')
    expect(spawnSync(process.execPath, [join(out, 'airsign.cjs'), 'vectors'], { encoding: 'utf8' }).stdout).toMatch(/^\d+ passed, 0 failed\n$/)
    writeFileSync(file, good.replace('"TREZOR"', '"TREZOS"'))
    const bad = spawnSync(process.execPath, [join(out, 'airsign.cjs'), 'vectors'], { encoding: 'utf8' })
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([70, '', 'airsign: the built-in vectors (airsign-vectors.json) are not the ones this build made: reinstall airsign [INTERNAL]\n'])
    rmSync(file)
    const gone = spawnSync(process.execPath, [join(out, 'airsign.cjs'), 'vectors'], { encoding: 'utf8' })
    expect([gone.status, gone.stdout, gone.stderr]).toEqual([70, '', 'airsign: the built-in vectors (airsign-vectors.json) cannot be read: reinstall airsign [INTERNAL]\n'])
  })
})

describe('the wordlists file', () => {
  test('a phrase in another language than English refuses a wordlists file that is not the one the bundle was built with, and one that is missing; English never reads it', async () => {
    const out = join(work, 'words')
    execFileSync(process.execPath, ['.ci/build.mjs', '--quiet', '--outdir', out], { cwd: ROOT })
    const file = join(out, 'airsign-wordlists.json')
    const good = readFileSync(file, 'utf8')
    const { entropyToMnemonic } = await import('@scure/bip39')
    const { wordlist } = await import('@scure/bip39/wordlists/japanese.js')
    const japanese = entropyToMnemonic(new Uint8Array(16).fill(7), wordlist)
    const check = (phrase: string) => spawnSync(process.execPath, [join(out, 'airsign.cjs'), 'mnemonic', 'check', '--mnemonic-file', '-'], { encoding: 'utf8', input: phrase + '\n' })
    expect([check(japanese).status, check(japanese).stdout]).toEqual([0, 'valid: japanese, 12 words\n'])
    writeFileSync(file, good.replace('"abaco"', '"abbco"'))
    const bad = check(japanese)
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([70, '', 'airsign: the BIP-39 wordlists (airsign-wordlists.json) are not the ones this build made: reinstall airsign [INTERNAL]\n'])
    rmSync(file)
    const gone = check(japanese)
    expect([gone.status, gone.stdout, gone.stderr]).toEqual([70, '', 'airsign: the BIP-39 wordlists (airsign-wordlists.json) cannot be read: reinstall airsign [INTERNAL]\n'])
    expect(check(TEST_MNEMONIC).stdout).toBe('valid: english, 12 words\n')
  })
})

describe('the batch engine file', () => {
  test('a batch refuses an engine file that is not the pinned one, and one that is missing, at its fourth line: INTERNAL, the three lines before it written', () => {
    const out = join(work, 'wasm')
    execFileSync(process.execPath, ['.ci/build.mjs', '--quiet', '--outdir', out], { cwd: ROOT })
    const file = join(out, 'airsign-secp256k1.wasm')
    const good = readFileSync(file)
    const input = Array.from({ length: 5 }, (_, i) => JSON.stringify({ chainId: 1, nonce: i, gasPrice: '1', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: '0' })).join('\n') + '\n'
    const batch = () => spawnSync(process.execPath, [join(out, 'airsign.cjs'), 'sign', '--batch'], { encoding: 'utf8', input, env: { PATH: process.env.PATH ?? '', AIRSIGN_MNEMONIC: 'test test test test test test test test test test test junk' } })
    const ok = batch()
    expect([ok.status, ok.stderr, ok.stdout.trim().split('\n').length]).toEqual([0, '', 5])
    const first3 = ok.stdout.split('\n').slice(0, 3).join('\n') + '\n'
    const tampered = Uint8Array.from(good)
    tampered[1000]! ^= 1
    writeFileSync(file, tampered)
    const bad = batch()
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([70, first3, 'airsign: the secp256k1 WebAssembly module is not the one this build pins: reinstall airsign [INTERNAL]\n'])
    rmSync(file)
    const gone = batch()
    expect([gone.status, gone.stdout, gone.stderr]).toEqual([70, first3, 'airsign: the secp256k1 WebAssembly module (airsign-secp256k1.wasm) cannot be read: reinstall airsign [INTERNAL]\n'])
  })
})

describe('single executable', () => {
  test('copied alone into an empty directory, with no node on PATH, it signs and passes its vectors', async () => {
    const out = join(work, 'exe')
    execFileSync(process.execPath, ['.ci/build-binary.mjs', '--outdir', out], { cwd: ROOT, stdio: 'ignore' })
    const empty = mkdtempSync(join(tmpdir(), 'airsign-empty-'))
    try {
      copyFileSync(join(out, 'airsign'), join(empty, 'airsign'))
      execFileSync('chmod', ['755', join(empty, 'airsign')])
      const env = { PATH: join(empty, 'no-such-dir'), AIRSIGN_MNEMONIC: TEST_MNEMONIC }
      const want = await HDNodeWallet.fromPhrase(TEST_MNEMONIC).signTransaction({
        type: 0, chainId: 1, nonce: 9, gasPrice: 20000000000n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n,
      })
      const s = spawnSync('./airsign', ['sign', '--tx', EIP155_UNSIGNED], { cwd: empty, env, encoding: 'utf8' })
      expect({ status: s.status, stdout: s.stdout, stderr: s.stderr }).toEqual({ status: 0, stdout: want + '\n', stderr: '' })
      // V8 flags that change its flag hash make it reject the code cache: it compiles from source, same answer.
      const j = spawnSync('./airsign', ['sign', '--tx', EIP155_UNSIGNED], { cwd: empty, env: { ...env, NODE_OPTIONS: '--jitless' }, encoding: 'utf8' })
      expect({ status: j.status, stdout: j.stdout }).toEqual({ status: 0, stdout: want + '\n' })
      const v = spawnSync('./airsign', ['vectors'], { cwd: empty, env: { PATH: env.PATH }, encoding: 'utf8' })
      expect(v.stderr).toBe('')
      expect(v.status).toBe(0)
      expect(v.stdout).toMatch(/^[1-9][0-9]* passed, 0 failed\n$/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  }, 180_000)
})
