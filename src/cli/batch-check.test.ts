/**
 * sign --batch proves its signatures by blocks (sign.ts: batch verification)
 * and writes a line only once its block is proven. Here the signing engine is
 * made to return one corrupted signature (at a line given by the test): the
 * batch stops with INTERNAL naming that line, and stdout holds exactly the
 * lines of the blocks proven before it, every one as ethers signs it.
 */
import { describe, expect, test, vi } from 'vitest'
import { Wallet } from 'ethers'
import { runMain, TEST_MNEMONIC } from '../test/cli.js'
import { CHECK_BLOCK } from './commands/sign.js'

const fault = vi.hoisted(() => ({ at: 0, calls: 0, how: 'r' as 'r' | 's' }))
vi.mock('../secp-native.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../secp-native.js')>()
  return {
    ...m,
    sign: (...a: Parameters<typeof m.sign>) => {
      const sig = m.sign(...a)
      if (++fault.calls !== fault.at) return sig
      // Still a low s (or a valid-looking r): only the self-check can tell.
      return fault.how === 'r' ? { ...sig, r: sig.r ^ 1n } : { ...sig, s: sig.s === 1n ? 2n : sig.s - 1n }
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

describe('sign --batch: the block self-check', () => {
  test(`${CHECK_BLOCK * 2 + 100} lines, no fault: every line, in order, as ethers signs it`, async () => {
    fault.at = 0
    fault.calls = 0
    const n = CHECK_BLOCK * 2 + 100
    const r = await runMain(['sign', '--batch'], { stdin: lines(n).join('\n') + '\n', env: ENV })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe((await signedByEthers(n)).join('\n') + '\n')
  })
  // Lines 1-31 are checked one by one; from line 32 on (prepareForMany) the checks go by blocks of CHECK_BLOCK.
  for (const [at, how] of [[40, 'r'], [32, 's'], [31 + CHECK_BLOCK, 'r'], [32 + CHECK_BLOCK, 's'], [31 + 2 * CHECK_BLOCK + 50, 'r']] as const) {
    test(`a corrupted ${how} at line ${at}: INTERNAL naming it; nothing of its block on stdout`, async () => {
      fault.at = at
      fault.calls = 0
      fault.how = how
      const n = CHECK_BLOCK * 2 + 100
      const r = await runMain(['sign', '--batch'], { stdin: lines(n).join('\n') + '\n', env: ENV })
      expect(r.code).toBe(70)
      expect(r.stderr).toBe(`airsign: line ${at}: signature self-check failed: the signature does not recover to the signing key (nothing of its block was written) [INTERNAL]\n`)
      const blockStart = 32 + Math.floor((at - 32) / CHECK_BLOCK) * CHECK_BLOCK
      const good = (await signedByEthers(n)).slice(0, at < 32 ? at - 1 : blockStart - 1)
      expect(r.stdout).toBe(good.map((l) => l + '\n').join(''))
    })
  }
  test('a corrupted signature among the lines checked one by one stops at that line', async () => {
    fault.at = 5
    fault.calls = 0
    fault.how = 'r'
    const r = await runMain(['sign', '--batch'], { stdin: lines(10).join('\n') + '\n', env: ENV })
    expect(r.code).toBe(70)
    expect(r.stderr).toBe('airsign: line 5: signature self-check failed: the signature does not recover to the signing key [INTERNAL]\n')
    expect(r.stdout).toBe((await signedByEthers(4)).map((l) => l + '\n').join(''))
  })
})
