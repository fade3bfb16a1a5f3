/**
 * sign --batch proves every signature before its line is written. Here a
 * signing engine is made to return one corrupted signature (at a line given by
 * the test) and the batch must stop with INTERNAL naming that line, with stdout
 * holding exactly the lines before it that are proven, each as ethers signs it:
 * - lines 1 … BATCH_ENGINE_AFTER-1: OpenSSL (secp-native.ts), each checked alone;
 * - from line BATCH_ENGINE_AFTER on: libsecp256k1 as WebAssembly (secp-wasm.ts),
 *   each checked alone by recovery;
 * - without WebAssembly (a Node run with --jitless; simulated): from line 32 on,
 *   OpenSSL signing with the checks by blocks of CHECK_BLOCK (batch verification),
 *   nothing of a failed block written.
 * --keep-going does not go past a failed self-check: it is a fault, not a bad line.
 */
import { describe, expect, test, vi } from 'vitest'
import { Wallet } from 'ethers'
import { runMain, TEST_MNEMONIC } from '../test/cli.js'
import { BATCH_ENGINE_AFTER, CHECK_BLOCK } from './commands/sign.js'

type Sig = { r: bigint; s: bigint; yParity: number }
const fault = vi.hoisted(() => ({ engine: 'native' as 'native' | 'wasm', at: 0, calls: 0, how: 'r' as 'r' | 's', noWasm: false, noCompile: false, badKey: false }))
const corrupt = vi.hoisted(() => <T extends Sig>(engine: 'native' | 'wasm', sig: T): T => {
  if (fault.engine !== engine || ++fault.calls !== fault.at) return sig
  // Still a low s (or a valid-looking r): only the self-check can tell.
  return fault.how === 'r' ? { ...sig, r: sig.r ^ 1n } : { ...sig, s: sig.s === 1n ? 2n : sig.s - 1n }
})
vi.mock('../secp-native.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../secp-native.js')>()
  return { ...m, sign: (...a: Parameters<typeof m.sign>) => corrupt('native', m.sign(...a)) }
})
vi.mock('../secp-wasm.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../secp-wasm.js')>()
  return {
    ...m,
    available: () => !fault.noWasm && m.available(),
    // A CPU without WebAssembly SIMD: the module does not compile.
    load: (...a: Parameters<typeof m.load>) => !fault.noCompile && m.load(...a),
    engine: () => {
      const e = m.engine()
      return { ...e, keyMatches: (k: Uint8Array, p: Uint8Array) => !fault.badKey && e.keyMatches(k, p), sign: (d: Uint8Array, k: Uint8Array) => {
        const s = e.sign(d, k)
        return s && corrupt('wasm', s)
      } }
    },
  }
})

const wallet = Wallet.fromPhrase(TEST_MNEMONIC)
const TO = '0x3535353535353535353535353535353535353535'
const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ chainId: 1, nonce: i, gasPrice: '1000000000', gas: 21000, to: TO, value: String(i) }))
async function signedByEthers(n: number): Promise<string[]> {
  return Promise.all(lines(n).map((l) => wallet.signTransaction({ ...JSON.parse(l), gasLimit: 21000, type: 0 })))
}
const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const arm = (f: Partial<typeof fault>) => Object.assign(fault, { engine: 'native', at: 0, calls: 0, how: 'r', noWasm: false, noCompile: false, badKey: false }, f)
const SELF_CHECK = 'signature self-check failed: the signature does not recover to the signing key'

describe('sign --batch with the WebAssembly engine: each signature checked before its line', () => {
  test('600 lines, no fault: every line, in order, as ethers signs it', async () => {
    arm({})
    const r = await runMain(['sign', '--batch'], { stdin: lines(600).join('\n') + '\n', env: ENV })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe((await signedByEthers(600)).join('\n') + '\n')
  })
  // Line L is the WebAssembly engine's signature number L - BATCH_ENGINE_AFTER + 1.
  for (const [line, how] of [[BATCH_ENGINE_AFTER, 'r'], [BATCH_ENGINE_AFTER + 1, 's'], [257, 'r'], [600, 's']] as const) {
    test(`a corrupted ${how} at line ${line}: INTERNAL naming it; every line before it on stdout`, async () => {
      arm({ engine: 'wasm', at: line - BATCH_ENGINE_AFTER + 1, how })
      const r = await runMain(['sign', '--batch'], { stdin: lines(600).join('\n') + '\n', env: ENV })
      expect(r.code).toBe(70)
      expect(r.stderr).toBe(`airsign: line ${line}: ${SELF_CHECK} [INTERNAL]\n`)
      expect(r.stdout).toBe((await signedByEthers(line - 1)).map((l) => l + '\n').join(''))
    })
  }
  test("the batch engine proves the key's public key first: when it does not match, INTERNAL at the engine's first line, the lines before it written", async () => {
    arm({ badKey: true })
    const r = await runMain(['sign', '--batch', '--keep-going'], { stdin: lines(10).join('\n') + '\n', env: ENV })
    expect([r.code, r.stderr]).toEqual([70, `airsign: line ${BATCH_ENGINE_AFTER}: signature self-check failed: the public key is not the signing key's [INTERNAL]\n`])
    expect(r.stdout).toBe((await signedByEthers(BATCH_ENGINE_AFTER - 1)).map((l) => l + '\n').join(''))
  })
  test('--keep-going stops at a failed self-check too (--json: nothing for that line)', async () => {
    arm({ engine: 'wasm', at: 7 })
    const r = await runMain(['sign', '--batch', '--keep-going', '--json'], { stdin: lines(20).join('\n') + '\n', env: ENV })
    const line = 7 + BATCH_ENGINE_AFTER - 1
    expect([r.code, r.stderr]).toEqual([70, JSON.stringify({ error: { code: 'INTERNAL', message: `line ${line}: ${SELF_CHECK}`, hints: [] } }) + '\n'])
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).line)).toEqual(Array.from({ length: line - 1 }, (_, i) => i + 1))
  })
  test('a corrupted signature among the first lines (OpenSSL, before the batch engine) stops at that line', async () => {
    arm({ engine: 'native', at: 2 })
    const r = await runMain(['sign', '--batch'], { stdin: lines(10).join('\n') + '\n', env: ENV })
    expect([r.code, r.stderr]).toEqual([70, `airsign: line 2: ${SELF_CHECK} [INTERNAL]\n`])
    expect(r.stdout).toBe((await signedByEthers(1)).map((l) => l + '\n').join(''))
  })
})

describe('sign --batch without WebAssembly: the block self-check', () => {
  test(`${CHECK_BLOCK * 2 + 100} lines, no fault: every line, in order, as ethers signs it`, async () => {
    arm({ noWasm: true })
    const n = CHECK_BLOCK * 2 + 100
    const r = await runMain(['sign', '--batch'], { stdin: lines(n).join('\n') + '\n', env: ENV })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe((await signedByEthers(n)).join('\n') + '\n')
  })
  test('a Node that cannot compile the module (no WebAssembly SIMD) takes the same path: every line as ethers signs it, checked by blocks', async () => {
    arm({ noCompile: true })
    const n = CHECK_BLOCK + 20
    const r = await runMain(['sign', '--batch'], { stdin: lines(n).join('\n') + '\n', env: ENV })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe((await signedByEthers(n)).join('\n') + '\n')
    // OpenSSL signs (a corrupted OpenSSL signature is caught) and the check is the block's.
    arm({ noCompile: true, at: BATCH_ENGINE_AFTER + 8 })
    const bad = await runMain(['sign', '--batch'], { stdin: lines(n).join('\n') + '\n', env: ENV })
    expect([bad.code, bad.stderr]).toEqual([70, `airsign: line ${BATCH_ENGINE_AFTER + 8}: ${SELF_CHECK} (nothing of its block was written) [INTERNAL]\n`])
    expect(bad.stdout).toBe((await signedByEthers(BATCH_ENGINE_AFTER - 1)).map((l) => l + '\n').join(''))
  })
  // Lines before BATCH_ENGINE_AFTER are checked one by one; from that line on (no WebAssembly: the larger table) by blocks of CHECK_BLOCK.
  const first = BATCH_ENGINE_AFTER
  for (const [at, how] of [[first + 8, 'r'], [first, 's'], [first - 1 + CHECK_BLOCK, 'r'], [first + CHECK_BLOCK, 's'], [first - 1 + 2 * CHECK_BLOCK + 50, 'r']] as const) {
    test(`a corrupted ${how} at line ${at}: INTERNAL naming it; nothing of its block on stdout`, async () => {
      arm({ noWasm: true, at, how })
      const n = CHECK_BLOCK * 2 + 100
      const r = await runMain(['sign', '--batch'], { stdin: lines(n).join('\n') + '\n', env: ENV })
      expect(r.code).toBe(70)
      expect(r.stderr).toBe(`airsign: line ${at}: ${SELF_CHECK} (nothing of its block was written) [INTERNAL]\n`)
      const blockStart = first + Math.floor((at - first) / CHECK_BLOCK) * CHECK_BLOCK
      expect(r.stdout).toBe((await signedByEthers(blockStart - 1)).map((l) => l + '\n').join(''))
    })
  }
})
