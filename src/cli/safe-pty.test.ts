/**
 * `safe sign --review` and `safe message sign --review` on a real
 * pseudo-terminal (util-linux script): the Safe transaction arrives on stdin
 * through a pipe, the review is shown and answered on the terminal, the
 * signature goes to stdout (a file). Yes signs exactly what ethers signs for
 * the vector's safeTxHash; no signs nothing (REVIEW_DECLINED, exit 5).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { Wallet } from 'ethers'
import vectors from '../../test-vectors/safe/safe-vectors.json' with { type: 'json' }
import { answerReview, BIN, TEST_ADDRESS_0, TEST_MNEMONIC } from '../test/cli.js'

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const wallet = Wallet.fromPhrase(TEST_MNEMONIC)
const MATRIX = vectors.find((v) => v.id === 'derived-version-matrix')!
const SAFE = '0x1c694Fc3006D81ff4a56F97E1b99529066a23725'
const HASH = (MATRIX.expect as Record<string, Record<string, string>>)['1.3.0..1.5.0']!.safeTxHash!

const dir = mkdtempSync(join(tmpdir(), 'airsign-safe-review-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const txFile = join(dir, 'tx.json')
writeFileSync(txFile, JSON.stringify({ ...MATRIX.tx, safe: SAFE }))

async function review(args: string, answer: string): Promise<{ term: string; code: number | null; stdout: string }> {
  const out = join(dir, `out-${answer || 'empty'}-${Math.random().toString(16).slice(2)}.txt`)
  const r = await answerReview(`cat ${txFile} | ${process.execPath} ${BIN} ${args} --review > ${out}`, answer, ENV)
  return { ...r, stdout: readFileSync(out, 'utf8') }
}

const SIGN = `safe sign --safe-version 1.3.0 --chain-id 1`
describe('safe sign --review on a real pseudo-terminal', () => {
  test('yes: the Safe, the decoded call and the hashes were on the terminal; the signature on stdout', async () => {
    const r = await review(SIGN, 'y')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(wallet.signingKey.sign(HASH).serialized + '\n')
    expect(r.term).toContain(
      [
        `sign with the key at m/44'/60'/0'/0/0 (${TEST_ADDRESS_0}):`,
        `  Safe ${SAFE}, version 1.3.0, Ethereum (chain id 1)`,
        '    call (operation 0) to 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48, value 0 ETH (0 wei), nonce 63',
        '    refund: safeTxGas 0, baseGas 0, gasPrice 0, gasToken none (ETH), refundReceiver none (the executor)',
        '    what it does:',
        '      call to 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48 (USDC): transfer(address to, uint256 amount)',
      ].join('\r\r\n'),
    )
    expect(r.term).toContain('        Amount: 25000 USDC')
    expect(r.term).toContain(`    safeTxHash   ${HASH}  (what the owners sign; the Safe UI and eth_sign show it)`)
    expect(r.term).toContain(`    domain hash  0x1655e94a9bcc5a957daa1acae692b4c22e7aaf146b4deb9194f8221d2f09d8c3  (on a Ledger: 0x1655E94A9BCC5A957DAA1ACAE692B4C22E7AAF146B4DEB9194F8221D2F09D8C3)`)
    expect(r.term).toContain(`    signs safeTxHash ${HASH} with EIP-712 (v 27/28)`)
  })

  test('no (or nothing): REVIEW_DECLINED, exit 5, nothing on stdout', async () => {
    for (const answer of ['n', '']) {
      const r = await review(SIGN, answer)
      expect([r.code, r.stdout]).toEqual([5, ''])
      expect(r.term).toContain('airsign: not signed: the review was declined [REVIEW_DECLINED]')
    }
  })

  test('a warning is shown in the review (a refund in a token to a set receiver)', async () => {
    const f = join(dir, 'refund.json')
    writeFileSync(f, JSON.stringify({ ...MATRIX.tx, safe: SAFE, gasPrice: '7', gasToken: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', refundReceiver: '0x2222222222222222222222222222222222222222' }))
    const out = join(dir, 'refund-out.txt')
    const r = await answerReview(`${process.execPath} ${BIN} ${SIGN} --tx ${f} --review > ${out}`, 'n', ENV)
    expect(r.code).toBe(5)
    expect(r.term).toContain('    warnings:\r\r\n      HIGH SAFE_GAS_REFUND at message.gasPrice: the Safe pays a gas refund when this executes: (gas used + baseGas 0) × gasPrice 7 units of token 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48, to 0x2222222222222222222222222222222222222222')
    expect(readFileSync(out, 'utf8')).toBe('')
  })
})
