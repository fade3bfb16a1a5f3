/**
 * Subprocess and unit tests of issue 3's command-line side: typed transactions
 * through `sign`, `inspect`, `sign-authorization`, the review summary and
 * `sign --review` on a real pseudo-terminal, and the derivation presets; and
 * of issue 14's: EIP-4844 blob transactions (signed in their canonical form,
 * read in both network wrappers built here by hand), chain id 0 in inspect,
 * JSON claims that contradict the transaction, the EIP-7825 gas cap.
 * Expected values come from ethers v6.
 * @module
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { decodeRlp, encodeRlp, HDNodeWallet, keccak256, Transaction, Wallet, type TransactionLike } from 'ethers'
import { answerReview, BIN, runCli, TEST_ADDRESS_0, TEST_MNEMONIC, type Run } from '../test/cli.js'
import { EXIT } from '../errors.js'
import * as tx from '../tx.js'
import { bytesToHex, hexToBytes } from '../bytes.js'
import { chainText, eth, gwei, txSummary } from './review.js'
import { prng } from '../test/prng.js'

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const wallet = Wallet.fromPhrase(TEST_MNEMONIC)
const TO = '0x3535353535353535353535353535353535353535'
// data: an ERC-20 transfer(0x1111…1111, 1), canonically encoded (a call the review decodes without warnings)
const TRANSFER = '0xa9059cbb00000000000000000000000011111111111111111111111111111111111111110000000000000000000000000000000000000000000000000000000000000001'
const TX2: TransactionLike = { type: 2, chainId: 1, nonce: 3, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n, gasLimit: 50000n, to: TO, value: 10n ** 18n, data: TRANSFER, accessList: [{ address: '0x' + '11'.repeat(20), storageKeys: ['0x' + '00'.repeat(32), '0x' + '01'.repeat(32)] }] }
const UNSIGNED2 = Transaction.from(TX2).unsignedSerialized
/** The review of TX2 (its first line is the heading: "unsigned transaction" or who signed it). */
const SUMMARY2 = [
  '',
  '  EIP-1559 transaction (type 2) on Ethereum (chain id 1), nonce 3',
  `  to ${TO}, value 1 ETH (1000000000000000000 wei)`,
  '  gas limit 50000, max fee 100 gwei, max priority fee 1 gwei',
  '  worst-case cost 1.005 ETH (gas limit × max fee + value)',
  '  calls transfer(address to, uint256 amount)',
  '    source: builtin/erc20.json (a standard interface: no descriptor is bound to this contract)',
  '    intent: Send 1 to 0x1111111111111111111111111111111111111111 (ERC-20 standard interface (EIP-20))',
  '    Amount: 1',
  `      note: unknown token (${TO}): the raw amount is shown`,
  '    To: 0x1111111111111111111111111111111111111111',
  '  calldata: 68 bytes, selector 0xa9059cbb, digest 0x64bf4aeeb19081a68c93126bc5e8ada07ab09a7a3248fb077c8a71026c173abd (ERC-8213)',
  '  access list: 1 address, 2 storage keys',
]

/** One error line with the code, exit status, empty stdout. */
function failed(r: Run, code: keyof typeof EXIT, message?: string): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: EXIT[code], stdout: '' })
  if (message !== undefined) expect(r.stderr).toBe(`airsign: ${message} [${code}]\n`)
  else expect(r.stderr).toMatch(new RegExp(`^airsign: [^\\n]* \\[${code}\\]\\n$`))
}

describe('review summary', () => {
  test('units are exact', () => {
    expect([eth(1n), eth(10n ** 18n), eth(15n * 10n ** 17n), gwei(1n), gwei(0n), gwei(12_345_000_000n)]).toEqual(['0.000000000000000001 ETH', '1 ETH', '1.5 ETH', '0.000000001 gwei', '0 gwei', '12.345 gwei'])
    expect([chainText(1n), chainText(8453n), chainText(999999n), chainText(null)]).toEqual(['Ethereum (chain id 1)', 'Base (chain id 8453)', 'chain id 999999', 'no chain id (valid on every chain)'])
  })

  test('EIP-1559: chain, recipient, value, fees, worst case, selector, access list', () => {
    const t = tx.decodeUnsigned(hexToBytes(UNSIGNED2, 'tx'))
    expect(txSummary(t)).toEqual([
      '  EIP-1559 transaction (type 2) on Ethereum (chain id 1), nonce 3',
      `  to ${TO}, value 1 ETH (1000000000000000000 wei)`,
      '  gas limit 50000, max fee 100 gwei, max priority fee 1 gwei',
      '  worst-case cost 1.005 ETH (gas limit × max fee + value)',
      '  data: 68 bytes, selector 0xa9059cbb',
      '  access list: 1 address, 2 storage keys',
    ])
  })

  test('legacy contract creation and EIP-7702 authorizations with their authority', () => {
    const create = tx.fromJson({ chainId: 137, nonce: 0, gasPrice: '30000000000', gas: 100000, to: null, data: '0x6000' }).tx
    expect(txSummary(create)).toEqual([
      '  legacy transaction (type 0) on Polygon (chain id 137), nonce 0',
      '  to nobody: contract creation, value 0 ETH (0 wei)',
      '  gas limit 100000, gas price 30 gwei',
      '  worst-case cost 0.003 ETH (gas limit × gas price + value)',
      '  data: 2 bytes',
    ])
    const auth = wallet.authorizeSync({ address: '0x' + '22'.repeat(20), nonce: 5, chainId: 0 })
    const a = { address: auth.address, nonce: String(auth.nonce), chainId: String(auth.chainId), signature: { r: auth.signature.r, s: auth.signature.s, yParity: auth.signature.yParity } }
    const t4 = tx.fromJson({ type: 4, chainId: 1, nonce: 1, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gas: 60000, to: TO, authorizationList: [a] }).tx
    expect(txSummary(t4).slice(-2)).toEqual([
      "  authorizations: 1 (each lets its authority's account run the delegate's code)",
      `    1. delegate 0x2222222222222222222222222222222222222222 on every chain (chain id 0), nonce 5, authority ${TEST_ADDRESS_0}`,
    ])
  })
})

describe('sign: typed transactions', () => {
  test('EIP-1559 raw hex and JSON (viem names, type inferred) give what ethers signs', async () => {
    const expected = await wallet.signTransaction(TX2)
    expect(await runCli(['sign', '--tx', UNSIGNED2], { env: ENV })).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
    const json = { chainId: 1, nonce: 3, maxFeePerGas: '100000000000', maxPriorityFeePerGas: '0x3b9aca00', gas: 50000, to: TO, value: '1000000000000000000', input: TRANSFER, accessList: TX2.accessList }
    expect(await runCli(['sign'], { env: ENV, stdin: JSON.stringify(json) })).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
  })

  test('a typed transaction without chain id takes --chain-id; --unprotected is refused', async () => {
    const json = { type: 'eip1559', nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gas: 21000, to: TO }
    const expected = await wallet.signTransaction({ ...json, type: 2, chainId: 10, gasLimit: 21000 })
    expect(await runCli(['sign', '--chain-id', '10', '--tx', JSON.stringify(json)], { env: ENV })).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
    failed(await runCli(['sign', '--tx', JSON.stringify(json)], { env: ENV }), 'CHAIN_ID_MISSING', 'the transaction has no chain id; give --chain-id N')
    failed(await runCli(['sign', '--unprotected', '--tx', JSON.stringify(json)], { env: ENV }), 'USAGE', '--unprotected is for legacy transactions; a type 2 transaction always signs its chain id')
    failed(await runCli(['sign', '--chain-id', '5', '--tx', UNSIGNED2], { env: ENV }), 'CHAIN_ID_MISMATCH', "--chain-id 5 disagrees with the transaction's chain id 1")
  })

  test('type errors: a type-3 list of no fields, unknown (0x05), signed typed, every bad field at once', async () => {
    failed(await runCli(['sign', '--tx', '0x03c0'], { env: ENV }), 'TX_DECODE', 'type 3 (EIP-4844) transaction has 0 fields; expected 11 (unsigned)')
    failed(await runCli(['sign', '--tx', '0x05c0'], { env: ENV }), 'TX_TYPE_UNKNOWN', 'transaction type 0x05 is not a known type (0, 1, 2, 3, 4)')
    failed(await runCli(['sign', '--tx', await wallet.signTransaction(TX2)], { env: ENV }), 'TX_SIGNED', 'transaction is already signed (type 2 with yParity, r and s)')
    const bad = { type: 4, chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 2, gas: 21000, to: null, accessList: [{ address: '0x12', storageKeys: [] }], authorizationList: [] }
    failed(
      await runCli(['sign', '--tx', JSON.stringify(bad)], { env: ENV }),
      'TX_FIELD',
      'maxPriorityFeePerGas: above maxFeePerGas (2 > 1); to: required: an EIP-7702 transaction cannot create a contract; accessList[0].address: expected 0x followed by 40 hex digits; authorizationList: empty: an EIP-7702 transaction carries at least one authorization',
    )
  })
})

describe('inspect', () => {
  test('an unsigned EIP-1559 transaction: every field, the signing hash, no key needed', async () => {
    const r = await runCli(['inspect', '--tx', UNSIGNED2])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      type: 2,
      chainId: '1',
      nonce: '3',
      maxPriorityFeePerGas: '1000000000',
      maxFeePerGas: '100000000000',
      gas: '50000',
      to: TO,
      value: '1000000000000000000',
      data: TRANSFER,
      accessList: TX2.accessList,
      signed: false,
      signingHash: Transaction.from(TX2).unsignedHash,
      // the review (src/cli/review.test.ts pins its whole form): the call decoded, nothing to warn about
      decoded: expect.objectContaining({ status: 'clear', function: 'transfer(address,uint256)', selector: '0xa9059cbb' }),
      clear: true,
      warnings: [],
      notes: [],
    })
  })

  test('a signed transaction as hex and as ethers JSON: from, hash, v/r/s; --summary on stderr', async () => {
    const raw = await wallet.signTransaction(TX2)
    const e = Transaction.from(raw)
    const want = { signed: true, from: TEST_ADDRESS_0, hash: e.hash, v: String(e.signature!.yParity), r: e.signature!.r, s: e.signature!.s, yParity: e.signature!.yParity, raw }
    const viaHex = await runCli(['inspect', '--summary'], { stdin: raw + '\n' })
    expect(viaHex.code).toBe(0)
    expect(JSON.parse(viaHex.stdout)).toMatchObject(want)
    expect(viaHex.stderr).toBe(SUMMARY2.map((l, i) => `airsign: ${i === 0 ? `signed transaction from ${TEST_ADDRESS_0}` : l}\n`).join(''))
    const viaJson = await runCli(['inspect', '--tx', JSON.stringify(e.toJSON())])
    expect(viaJson).toEqual({ code: 0, stdout: viaHex.stdout, stderr: '' })
  })

  test('a signed legacy transaction: the chain id comes from v', async () => {
    const raw = await wallet.signTransaction({ type: 0, chainId: 2n ** 40n, nonce: 1, gasPrice: 1, gasLimit: 21000, to: TO })
    const o = JSON.parse((await runCli(['inspect', '--tx', raw])).stdout)
    expect([o.chainId, o.from]).toEqual([String(2n ** 40n), TEST_ADDRESS_0])
    expect(o.v).toBe((2n ** 40n * 2n + 35n + BigInt(Transaction.from(raw).signature!.yParity)).toString())
  })

  test('errors: empty, not JSON, high s, bad v, yParity 2, --chain-id disagrees', async () => {
    failed(await runCli(['inspect'], { stdin: '  \n' }), 'TX_EMPTY')
    failed(await runCli(['inspect', '--tx', '{"nonce":']), 'TX_JSON')
    const raw = await wallet.signTransaction(TX2)
    const sig = Transaction.from(raw).signature!
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    // ethers refuses to build a high-s signature: the same transaction with s' = n - s and the other parity, serialized by hand
    const high = bytesToHex(tx.serializeSigned(tx.decodeUnsigned(hexToBytes(UNSIGNED2, 'tx')), { r: BigInt(sig.r), s: N - BigInt(sig.s), yParity: (1 - sig.yParity) as 0 | 1 }).raw)
    failed(await runCli(['inspect', '--tx', high]), 'BAD_SIGNATURE', 's is in the upper half of the curve order: not a valid signature since EIP-2')
    const legacy = Transaction.from(await wallet.signTransaction({ type: 0, chainId: 1, nonce: 1, gasPrice: 1, gasLimit: 21000, to: TO }))
    const badV = legacy.serialized.replace(/25a0/, '1fa0').replace(/26a0/, '20a0')
    failed(await runCli(['inspect', '--tx', badV]), 'BAD_SIGNATURE')
    const y2 = raw.replace(/01a0([0-9a-f]{64})a0([0-9a-f]{64})$/, '02a0$1a0$2').replace(/80a0([0-9a-f]{64})a0([0-9a-f]{64})$/, '02a0$1a0$2')
    failed(await runCli(['inspect', '--tx', y2]), 'BAD_SIGNATURE', 'yParity is 2: expected 0 or 1')
    failed(await runCli(['inspect', '--chain-id', '5', '--tx', raw]), 'CHAIN_ID_MISMATCH', "--chain-id 5 disagrees with the transaction's chain id 1")
  })
})

describe('sign-authorization', () => {
  // Simple7702Account (EntryPoint 0.8): a delegate airsign knows, so nothing is refused (src/cli/review.test.ts covers the unknown ones)
  const delegate = '0xe6Cae83BdE06E4c305530e199D7217f42808555B'
  test('the tuple ethers signs, as RLP and as JSON', async () => {
    const a = wallet.authorizeSync({ address: delegate, nonce: 7, chainId: 1 })
    const r = await runCli(['sign-authorization', '--chain-id', '1', '--address', delegate, '--nonce', '7', '--json'], { env: ENV })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const o = JSON.parse(r.stdout)
    expect(o).toMatchObject({ chainId: '1', address: delegate, nonce: '7', yParity: a.signature.yParity, r: a.signature.r, s: a.signature.s, authority: TEST_ADDRESS_0 })
    // the RLP is what ethers puts in a type-4 transaction's list
    const t = Transaction.from({ type: 4, chainId: 1, nonce: 0, gasLimit: 1, maxFeePerGas: 1, maxPriorityFeePerGas: 1, to: TO, authorizationList: [a] })
    expect(t.unsignedSerialized).toContain(o.rlp.slice(2))
    expect(await runCli(['sign-authorization', '--chain-id', '1', '--address', delegate, '--nonce', '7'], { env: ENV })).toEqual({ code: 0, stdout: o.rlp + '\n', stderr: '' })
  })

  test("its --json output goes into sign's authorizationList as printed (rlp and authority are checked, not ignored)", async () => {
    const a = wallet.authorizeSync({ address: delegate, nonce: 7, chainId: 1 })
    const o = JSON.parse((await runCli(['sign-authorization', '--chain-id', '1', '--address', delegate, '--nonce', '7', '--json'], { env: ENV })).stdout) as Record<string, unknown>
    const body = (auth: Record<string, unknown>) => JSON.stringify({ type: 4, chainId: 1, nonce: 0, gas: 60000, maxFeePerGas: '2', maxPriorityFeePerGas: '1', to: TO, authorizationList: [auth] })
    const want = await wallet.signTransaction({ type: 4, chainId: 1, nonce: 0, gasLimit: 60000, maxFeePerGas: 2, maxPriorityFeePerGas: 1, to: TO, authorizationList: [a] })
    expect(await runCli(['sign', '--tx', body(o)], { env: ENV })).toEqual({ code: 0, stdout: want + '\n', stderr: '' })
    const rlp = String(o.rlp)
    const flipped = rlp.slice(0, -1) + (rlp.endsWith('0') ? '1' : '0')
    failed(await runCli(['sign', '--tx', body({ ...o, rlp: flipped })], { env: ENV }), 'TX_FIELD', 'authorizationList[0].rlp: is not the RLP of this authorization')
    failed(await runCli(['sign', '--tx', body({ ...o, rlp: 'f8' })], { env: ENV }), 'TX_FIELD', 'authorizationList[0].rlp: expected 0x followed by an even number of hex digits')
    const other = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/0'/0/1").address
    failed(await runCli(['sign', '--tx', body({ ...o, authority: other })], { env: ENV }), 'TX_FIELD', `authorizationList[0].authority: is not the signer of this authorization (it recovers to ${TEST_ADDRESS_0})`)
    failed(await runCli(['sign', '--tx', body({ ...o, authority: '0x12' })], { env: ENV }), 'TX_FIELD', 'authorizationList[0].authority: expected 0x followed by 40 hex digits')
    // Another field beside them is still unknown.
    failed(await runCli(['sign', '--tx', body({ ...o, note: 'x' })], { env: ENV }), 'TX_FIELD', 'authorizationList[0].note: unknown field')
  })

  test('chain id 0 warns; bad and missing values are refused', async () => {
    const r = await runCli(['sign-authorization', '--chain-id', '0', '--address', delegate, '--nonce', '0'], { env: ENV })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('airsign: HIGH AUTHORIZATION_ANY_CHAIN at authorization: chain id 0: the authorization is valid on every chain, wherever this account has the same nonce\n')
    failed(await runCli(['sign-authorization', '--chain-id', '1', '--nonce', '0'], { env: ENV }), 'USAGE', 'Missing required argument: address; airsign --help shows the usage')
    failed(await runCli(['sign-authorization', '--chain-id', '1', '--address', '0x12', '--nonce', '0'], { env: ENV }), 'BAD_ADDRESS', '--address: expected 0x followed by 40 hex digits')
    failed(await runCli(['sign-authorization', '--chain-id', '1', '--address', delegate, '--nonce', '18446744073709551615'], { env: ENV }), 'BAD_NUMBER', '--nonce: out of range (0 … 18446744073709551614)')
  })
})

describe('presets', () => {
  const at = (p: string): string => HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, p).address
  test('metamask, ledger-live, ledger-legacy with --index, for address, derive and sign', async () => {
    expect((await runCli(['address', '--preset', 'metamask', '--index', '2'], { env: ENV })).stdout).toBe(at("m/44'/60'/0'/0/2") + '\n')
    expect((await runCli(['address', '--preset', 'ledger-live', '--index', '2'], { env: ENV })).stdout).toBe(at("m/44'/60'/2'/0/0") + '\n')
    expect((await runCli(['address', '--preset', 'ledger-legacy', '--index', '2'], { env: ENV })).stdout).toBe(at("m/44'/60'/0'/2") + '\n')
    expect(JSON.parse((await runCli(['derive', '--json', '--preset', 'ledger-live', '--index', '1'], { env: ENV })).stdout).path).toBe("m/44'/60'/1'/0/0")
    const t = { type: 2, chainId: 1, nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gasLimit: 21000, to: TO }
    const want = await HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/3'/0/0").signTransaction(t)
    expect((await runCli(['sign', '--preset', 'ledger-live', '--index', '3', '--tx', Transaction.from(t).unsignedSerialized], { env: ENV })).stdout).toBe(want + '\n')
  })

  test('address --count lists a range under each preset', async () => {
    const live = await runCli(['address', '--preset', 'ledger-live', '--index', '1', '--count', '3', '--json'], { env: ENV })
    expect(live.stdout).toBe([1, 2, 3].map((i) => JSON.stringify({ path: `m/44'/60'/${i}'/0/0`, address: at(`m/44'/60'/${i}'/0/0`) }) + '\n').join(''))
    const legacy = await runCli(['address', '--preset', 'ledger-legacy', '--count', '2'], { env: ENV })
    expect(legacy.stdout).toBe(at("m/44'/60'/0'/0") + '\n' + at("m/44'/60'/0'/1") + '\n')
  })

  test('--preset with --path is a usage error; an unknown preset too', async () => {
    failed(await runCli(['address', '--preset', 'metamask', '--path', "m/44'/60'/0'/0/0"], { env: ENV }), 'USAGE', 'Arguments path and preset are mutually exclusive; airsign --help shows the usage')
    failed(await runCli(['address', '--preset', 'trezor'], { env: ENV }), 'USAGE')
  })
})

describe('sign --review on a real pseudo-terminal (util-linux script)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-review-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** The transaction arrives on stdin through a pipe; the answer is typed on the terminal; stdout goes to a file. */
  async function review(answer: string, unsigned = UNSIGNED2): Promise<{ term: string; code: number | null; stdout: string }> {
    const out = join(dir, `out-${answer || 'empty'}.txt`)
    const cmd = `printf '%s\\n' '${unsigned}' | ${process.execPath} ${BIN} sign --review > ${out}`
    const r = await answerReview(cmd, answer, ENV)
    return { ...r, stdout: readFileSync(out, 'utf8') }
  }

  test('yes: the summary was on the terminal, the signed transaction on stdout', async () => {
    const r = await review('y')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe((await wallet.signTransaction(TX2)) + '\n')
    expect(r.term).toContain(`sign with the key at m/44'/60'/0'/0/0 (${TEST_ADDRESS_0}):`)
    // the review as the terminal shows it (airsign writes CR LF; the pty's output processing adds a CR before each LF)
    expect(r.term).toContain(SUMMARY2.slice(1).join('\r\r\n'))
  })

  test('no: REVIEW_DECLINED, exit 5, nothing on stdout', async () => {
    for (const answer of ['n', '']) {
      const r = await review(answer)
      expect(r.code).toBe(5)
      expect(r.stdout).toBe('')
      expect(r.term).toContain('airsign: not signed: the review was declined [REVIEW_DECLINED]')
    }
  })

  test('a gas limit above 2^24 (EIP-7825): the warning is in the review, just before the question', async () => {
    const r = await review('n', Transaction.from({ ...TX2, gasLimit: 2n ** 24n + 1n }).unsignedSerialized)
    expect(r.code).toBe(5)
    expect(r.term).toContain('  access list: 1 address, 2 storage keys\r\r\n  warning: gas limit 16777217 is above 2^24 (16777216), the per-transaction cap of EIP-7825 (Osaka): no network that runs Osaka includes it\r\r\nsign this? [y/N] ')
  })

  test('--review without a terminal: USAGE', async () => {
    failed(await runCli(['sign', '--review', '--tx', UNSIGNED2], { env: ENV }), 'USAGE', '--review needs a terminal to ask on')
  })
})

describe('sign --batch', () => {
  const T = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
  const J = JSON.stringify({ type: 2, chainId: 1, nonce: 1, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gas: 21000, to: '0x3535353535353535353535353535353535353535' })
  let signedT = ''
  let signedJ = ''
  const expectedSigned = async (): Promise<void> => {
    signedT = await wallet.signTransaction(Transaction.from(T))
    signedJ = await wallet.signTransaction({ type: 2, chainId: 1, nonce: 1, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535' })
  }

  test('mixed hex and JSON lines, CRLF, a blank line and no final newline: one result a line, in order', async () => {
    await expectedSigned()
    const r = await runCli(['sign', '--batch'], { env: ENV, stdin: `${T}\r\n\n${J}\n${T}` })
    expect(r).toEqual({ code: 0, stdout: `${signedT}\n${signedJ}\n${signedT}\n`, stderr: '' })
    const j = await runCli(['sign', '--batch', '--json'], { env: ENV, stdin: `${T}\n${J}\n` })
    expect(j.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l))).toEqual([
      { line: 1, raw: signedT, hash: Transaction.from(signedT).hash, from: TEST_ADDRESS_0, type: 0, chainId: '1', nonce: '9' },
      { line: 2, raw: signedJ, hash: Transaction.from(signedJ).hash, from: TEST_ADDRESS_0, type: 2, chainId: '1', nonce: '1' },
    ])
  })

  test('a bad line stops the batch: earlier results are out, nothing for the bad line or after it', async () => {
    await expectedSigned()
    const r = await runCli(['sign', '--batch'], { env: ENV, stdin: `${T}\n0x03c0\n${J}\n` })
    expect(r).toEqual({
      code: 3,
      stdout: `${signedT}\n`,
      stderr: 'airsign: line 2: type 3 (EIP-4844) transaction has 0 fields; expected 11 (unsigned) [TX_DECODE]\n',
    })
  })

  test('--keep-going: an error object (--json) or an empty line and a stderr line (text) for the bad line; exit non-zero at the end', async () => {
    await expectedSigned()
    const j = await runCli(['sign', '--batch', '--keep-going', '--json'], { env: ENV, stdin: `zz\n${J}\n` })
    expect(j.code).toBe(3)
    expect(j.stderr).toBe('')
    expect(j.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l))).toEqual([
      { line: 1, error: { code: 'BAD_HEX', message: 'transaction: not a hex string' } },
      { line: 2, raw: signedJ, hash: Transaction.from(signedJ).hash, from: TEST_ADDRESS_0, type: 2, chainId: '1', nonce: '1' },
    ])
    const t = await runCli(['sign', '--batch', '--keep-going'], { env: ENV, stdin: `${T}\n{"nonce":\n${T}\n` })
    expect(t).toEqual({ code: 3, stdout: `${signedT}\n\n${signedT}\n`, stderr: 'airsign: line 2: transaction is not valid JSON [TX_JSON]\n' })
  })

  test('a key that cannot load stops the batch even with --keep-going', async () => {
    const r = await runCli(['sign', '--batch', '--keep-going'], { env: { AIRSIGN_MNEMONIC: 'test test test' }, stdin: `${T}\n${T}\n` })
    expect(r).toEqual({ code: 3, stdout: '', stderr: 'airsign: mnemonic has 3 words; expected 12, 15, 18, 21 or 24 [MNEMONIC_WORD_COUNT]\n' })
  })

  test('usage: --tx, --review, --mnemonic-file - with --batch; --keep-going alone', async () => {
    failed(await runCli(['sign', '--batch', '--tx', T], { env: ENV }), 'USAGE', '--batch reads the transactions from stdin; --tx gives one')
    failed(await runCli(['sign', '--batch', '--review'], { env: ENV }), 'USAGE', '--review asks about one transaction; look at a batch with inspect --summary, line by line')
    failed(await runCli(['sign', '--batch', '--mnemonic-file', '-'], { stdin: TEST_MNEMONIC }), 'USAGE', 'stdin can feed only one input; the batch and --mnemonic-file - both read it')
    failed(await runCli(['sign', '--keep-going', '--tx', T], { env: ENV }), 'USAGE', '--keep-going goes with --batch')
  })

  test('an empty batch signs nothing and needs no key', async () => {
    expect(await runCli(['sign', '--batch'], { stdin: '\n\n' })).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

// ——— EIP-4844 (issue 14): the canonical form signed, the network wrappers read ———

const r4844 = prng(0x4844n)
/** EIP-4844's kzg_to_versioned_hash, computed here with node:crypto: 0x01 || sha256(commitment)[1:]. */
const versioned = (c: Uint8Array): string => '0x01' + createHash('sha256').update(c).digest('hex').slice(2)
// Random blobs, commitments and proofs: airsign checks sizes, counts and the versioned hashes, not the KZG proofs.
const BLOBS = [r4844.bytes(131072), r4844.bytes(131072)]
const COMMITMENTS = [r4844.bytes(48), r4844.bytes(48)]
const PROOFS = [r4844.bytes(48), r4844.bytes(48)]
const CELL_PROOFS = Array.from({ length: 256 }, () => r4844.bytes(48))
const HASHES = COMMITMENTS.map(versioned)
const TX3: TransactionLike = { type: 3, chainId: 1, nonce: 7, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 3n * 10n ** 10n, gasLimit: 21000n, to: TO, value: 10n ** 16n, data: '0x', accessList: [], maxFeePerBlobGas: 2n * 10n ** 9n, blobVersionedHashes: HASHES }
const UNSIGNED3 = Transaction.from(TX3).unsignedSerialized
/** TX3 as inspect prints its fields. */
const FIELDS3 = { type: 3, chainId: '1', nonce: '7', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '30000000000', gas: '21000', to: TO, value: '10000000000000000', data: '0x', accessList: [], maxFeePerBlobGas: '2000000000', blobVersionedHashes: HASHES }
/** The review of a plain transfer: nothing to decode, nothing to warn about. */
const PLAIN = { decoded: expect.objectContaining({ status: 'empty', dataLength: 0 }), clear: true, warnings: [], notes: [] }

type Parts = { blobs: Uint8Array[]; commitments: Uint8Array[]; proofs: Uint8Array[] }
/**
 * A network wrapper built by hand around a raw type-3 transaction (signed or not):
 * EIP-4844 `0x03 || rlp([body, blobs, commitments, proofs])` (version 0) or
 * EIP-7594 `0x03 || rlp([body, 1, blobs, commitments, cell_proofs])` (version 1).
 */
function wrap(raw: string, version: 0 | 1, p?: Parts, versionItem = '0x01'): string {
  const parts = p ?? { blobs: BLOBS, commitments: COMMITMENTS, proofs: version === 1 ? CELL_PROOFS : PROOFS }
  const body = decodeRlp('0x' + raw.slice(4))
  const h = (l: Uint8Array[]): string[] => l.map(bytesToHex)
  const items = version === 1 ? [body, versionItem, h(parts.blobs), h(parts.commitments), h(parts.proofs)] : [body, h(parts.blobs), h(parts.commitments), h(parts.proofs)]
  return '0x03' + encodeRlp(items as never).slice(2)
}

describe('EIP-4844 blob transactions', () => {
  test('sign: raw hex and JSON (ethers names, viem names, type inferred) give what ethers signs; --json', async () => {
    const expected = await wallet.signTransaction(TX3)
    expect(await runCli(['sign', '--tx', UNSIGNED3], { env: ENV })).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
    const json = { type: 3, chainId: 1, nonce: 7, maxPriorityFeePerGas: '1000000000', maxFeePerGas: '30000000000', gasLimit: '21000', to: TO, value: '10000000000000000', data: '0x', maxFeePerBlobGas: '0x77359400', blobVersionedHashes: HASHES }
    const { type: _t, gasLimit, data, ...rest } = json
    for (const j of [json, { ...rest, type: 'eip4844', gas: gasLimit, input: data, accessList: [] }, { ...rest, gasLimit }]) {
      expect(await runCli(['sign'], { env: ENV, stdin: JSON.stringify(j) })).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
    }
    const r = await runCli(['sign', '--json', '--tx', UNSIGNED3], { env: ENV })
    expect({ ...r, stdout: JSON.parse(r.stdout) }).toEqual({ code: 0, stderr: '', stdout: { raw: expected, hash: Transaction.from(expected).hash, from: TEST_ADDRESS_0, type: 3, chainId: '1', nonce: '7' } })
  })

  test('the review summary: the blobs with their versioned hashes, the blob gas, the worst case with it', () => {
    expect(txSummary(tx.decodeUnsigned(hexToBytes(UNSIGNED3, 'tx')))).toEqual([
      '  EIP-4844 transaction (type 3) on Ethereum (chain id 1), nonce 7',
      `  to ${TO}, value 0.01 ETH (10000000000000000 wei)`,
      '  gas limit 21000, max fee 30 gwei, max priority fee 1 gwei',
      '  blobs: 2, blob gas 262144, max fee per blob gas 2 gwei',
      `    1. versioned hash ${HASHES[0]}`,
      `    2. versioned hash ${HASHES[1]}`,
      '  worst-case cost 0.011154288 ETH (gas limit × max fee + blob gas × max fee per blob gas + value)',
      '  data: none',
      '  access list: 0 addresses, 0 storage keys',
    ])
  })

  test('inspect: the canonical form, unsigned and signed', async () => {
    const u = await runCli(['inspect', '--tx', UNSIGNED3])
    expect([u.code, u.stderr]).toEqual([0, ''])
    expect(JSON.parse(u.stdout)).toEqual({ ...FIELDS3, signed: false, signingHash: Transaction.from(TX3).unsignedHash, ...PLAIN })
    const raw = await wallet.signTransaction(TX3)
    const e = Transaction.from(raw)
    const s = await runCli(['inspect', '--tx', raw])
    expect([s.code, s.stderr]).toEqual([0, ''])
    const sig = { hash: e.hash, from: TEST_ADDRESS_0, v: String(e.signature!.yParity), r: e.signature!.r, s: e.signature!.s, yParity: e.signature!.yParity, raw }
    expect(JSON.parse(s.stdout)).toEqual({ ...FIELDS3, signed: true, signingHash: e.unsignedHash, ...sig, ...PLAIN })
    // signed JSON in viem/RPC form (flat r, s, yParity), with its hash and from: the same object
    const json = { ...FIELDS3, gas: undefined, gasLimit: FIELDS3.gas, r: e.signature!.r, s: e.signature!.s, yParity: e.signature!.yParity, hash: e.hash, from: TEST_ADDRESS_0 }
    expect(await runCli(['inspect', '--tx', JSON.stringify(json)])).toEqual(s)
  })

  test('inspect: the EIP-4844 and EIP-7594 network wrappers, around the signed and the unsigned transaction (ethers reads the same)', async () => {
    const raw = await wallet.signTransaction(TX3)
    const e = Transaction.from(raw)
    const sig = { hash: e.hash, from: TEST_ADDRESS_0, v: String(e.signature!.yParity), r: e.signature!.r, s: e.signature!.s, yParity: e.signature!.yParity, raw }
    for (const version of [0, 1] as const) {
      const w = wrap(raw, version)
      const ew = Transaction.from(w)
      expect([ew.hash, ew.from, ew.blobs?.length, ew.blobWrapperVersion]).toEqual([e.hash, TEST_ADDRESS_0, 2, version === 1 ? 1 : null])
      const blobs = { count: 2, wrapperVersion: version, versionedHashesMatch: true, kzgProofsVerified: false }
      // A wrapper is larger than one command-line argument may be (128 KiB on Linux): it comes on stdin.
      const r = await runCli(['inspect'], { stdin: w + '\n' })
      expect([r.code, r.stderr]).toEqual([0, ''])
      expect(JSON.parse(r.stdout)).toEqual({ ...FIELDS3, signed: true, signingHash: e.unsignedHash, ...sig, blobs, ...PLAIN })
      const u = await runCli(['inspect'], { stdin: wrap(UNSIGNED3, version) })
      expect([u.code, u.stderr]).toEqual([0, ''])
      expect(JSON.parse(u.stdout)).toEqual({ ...FIELDS3, signed: false, signingHash: e.unsignedHash, blobs, ...PLAIN })
    }
    const summary = await runCli(['inspect', '--summary'], { stdin: wrap(raw, 1) })
    expect(summary.stderr.split('\n').slice(0, 3)).toEqual([
      `airsign: signed transaction from ${TEST_ADDRESS_0}`,
      "airsign:   network wrapper (EIP-7594, version 1): 2 blobs, each commitment's versioned hash is the transaction's; KZG proofs not verified (they need the trusted setup)",
      'airsign:   EIP-4844 transaction (type 3) on Ethereum (chain id 1), nonce 7',
    ])
  })

  test('wrappers that do not add up: TX_BLOB_WRAPPER, each with its message; sign refuses a wrapper', async () => {
    const raw = await wallet.signTransaction(TX3)
    const short = (b: Uint8Array): Uint8Array => b.subarray(0, b.length - 1)
    const body = decodeRlp('0x' + raw.slice(4))
    const cases: [string, string][] = [
      [wrap(raw, 1, undefined, '0x02'), 'network wrapper: wrapper_version 0x02 is not known (EIP-7594 defines 0x01)'],
      [wrap(raw, 1, undefined, '0x'), 'network wrapper: wrapper_version empty (0) is not known (EIP-7594 defines 0x01)'],
      ['0x03' + encodeRlp([body, '0x00', [], []] as never).slice(2), 'network wrapper (EIP-4844): blobs: expected a list, got a byte string'],
      [wrap(raw, 0, { blobs: [BLOBS[0]!, short(BLOBS[1]!)], commitments: COMMITMENTS, proofs: PROOFS }), 'network wrapper (EIP-4844): blobs[1]: expected 131072 bytes, got 131071'],
      [wrap(raw, 0, { blobs: BLOBS, commitments: [short(COMMITMENTS[0]!), COMMITMENTS[1]!], proofs: PROOFS }), 'network wrapper (EIP-4844): commitments[0]: expected 48 bytes, got 47'],
      [wrap(raw, 0, { blobs: BLOBS, commitments: COMMITMENTS, proofs: [PROOFS[0]!, Uint8Array.of(...PROOFS[1]!, 0)] }), 'network wrapper (EIP-4844): proofs[1]: expected 48 bytes, got 49'],
      [wrap(raw, 1, { blobs: BLOBS, commitments: COMMITMENTS, proofs: [...CELL_PROOFS.slice(0, 255), short(CELL_PROOFS[255]!)] }), 'network wrapper (EIP-7594): cell_proofs[255]: expected 48 bytes, got 47'],
      [wrap(raw, 0, { blobs: BLOBS, commitments: COMMITMENTS.slice(0, 1), proofs: PROOFS }), 'network wrapper (EIP-4844): 2 blobs and 1 commitment: one commitment a blob'],
      [wrap(raw, 0, { blobs: BLOBS, commitments: COMMITMENTS, proofs: [...PROOFS, PROOFS[0]!] }), 'network wrapper (EIP-4844): 2 blobs and 3 proofs: one proof a blob'],
      [wrap(raw, 1, { blobs: BLOBS, commitments: COMMITMENTS, proofs: PROOFS }), 'network wrapper (EIP-7594): 2 blobs need 256 cell proofs (128 a blob), got 2'],
      [wrap(raw, 1, { blobs: BLOBS.slice(0, 1), commitments: COMMITMENTS.slice(0, 1), proofs: CELL_PROOFS.slice(0, 128) }), 'network wrapper (EIP-7594): 1 blob, the transaction names 2 versioned hashes'],
      [
        wrap(raw, 0, { blobs: BLOBS, commitments: [COMMITMENTS[1]!, COMMITMENTS[0]!], proofs: PROOFS }),
        `network wrapper (EIP-4844): commitments[0] has versioned hash ${HASHES[1]}, the transaction's blobVersionedHashes[0] is ${HASHES[0]}`,
      ],
    ]
    for (const [w, message] of cases) failed(await runCli(['inspect'], { stdin: w }), 'TX_BLOB_WRAPPER', message)
    for (const w of [wrap(UNSIGNED3, 0), wrap(UNSIGNED3, 1), wrap(raw, 1)]) {
      failed(
        await runCli(['sign'], { env: ENV, stdin: w }),
        'TX_BLOB_WRAPPER',
        'type 3: a network wrapper (the transaction with its blobs, commitments and proofs); airsign signs the transaction without them; airsign inspect reads the wrapper; give sign the transaction alone, 0x03 || rlp([chainId, …, blobVersionedHashes])',
      )
    }
  })

  test('sign refuses: no versioned hash or a bad one (TX_BLOB_HASH), a contract creation, blobs in JSON, no chain id, a signed one', async () => {
    const raw3 = (hashes: string[], to = TO): string => '0x03' + encodeRlp(['0x01', '0x07', '0x01', '0x02', '0x5208', to, '0x', '0x', [], '0x01', hashes]).slice(2)
    const sign = (t: string): Promise<Run> => runCli(['sign'], { env: ENV, stdin: t })
    failed(await sign(raw3([])), 'TX_BLOB_HASH', 'blobVersionedHashes: empty: an EIP-4844 transaction carries at least one blob')
    failed(await sign(raw3(['0x02' + '11'.repeat(31), '0x01' + '11'.repeat(30)])), 'TX_BLOB_HASH', 'blobVersionedHashes[0]: version 0x02: a versioned hash starts with 0x01 (KZG, EIP-4844); blobVersionedHashes[1]: expected 32 bytes, got 31')
    failed(await sign(raw3([HASHES[0]!], '0x')), 'TX_FIELD', 'to: required: an EIP-4844 transaction cannot create a contract')
    const J = { type: 3, chainId: 1, nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gas: 21000, to: TO, maxFeePerBlobGas: 1, blobVersionedHashes: [HASHES[0]] }
    const json = (patch: Record<string, unknown>): Promise<Run> => sign(JSON.stringify({ ...J, ...patch }))
    failed(await json({ blobVersionedHashes: undefined }), 'TX_BLOB_HASH', 'blobVersionedHashes: missing: an EIP-4844 transaction carries at least one blob')
    failed(await json({ blobVersionedHashes: ['0x01' + '22'.repeat(30)] }), 'TX_BLOB_HASH', 'blobVersionedHashes[0]: expected 32 bytes, got 31')
    const noBlobs = 'airsign signs the transaction without its blobs: the blobs, KZG commitments and proofs travel in the network wrapper the online machine adds; give blobVersionedHashes'
    failed(await json({ blobs: ['0x00'] }), 'TX_FIELD', `blobs: ${noBlobs}`)
    failed(await json({ type: 'eip4844', sidecars: [{ blob: '0x00' }] }), 'TX_FIELD', `sidecars: ${noBlobs}`)
    failed(await json({ type: undefined, blobs: ['0x00'], blobVersionedHashes: undefined }), 'TX_FIELD', `blobs: ${noBlobs}; blobVersionedHashes: missing: an EIP-4844 transaction carries at least one blob`)
    failed(
      await json({ to: null, maxPriorityFeePerGas: 3, maxFeePerBlobGas: undefined, blobVersionedHashes: ['0x00' + '22'.repeat(31)] }),
      'TX_FIELD',
      'maxPriorityFeePerGas: above maxFeePerGas (3 > 2); to: required: an EIP-4844 transaction cannot create a contract; maxFeePerBlobGas: missing; blobVersionedHashes[0]: version 0x00: a versioned hash starts with 0x01 (KZG, EIP-4844)',
    )
    failed(await json({ chainId: undefined }), 'CHAIN_ID_MISSING', 'the transaction has no chain id; give --chain-id N')
    failed(await sign(await wallet.signTransaction(TX3)), 'TX_SIGNED', 'transaction is already signed (type 3 with yParity, r and s)')
  })
})

// ——— issue 14, part 5: what inspect says and refuses, the EIP-7825 gas cap ———

describe('chain id 0, claims that contradict the transaction, the gas cap', () => {
  const ZERO = '0x01c880808080808080c0' // an EIP-2930 transaction with every field zero or empty: chain id 0
  const NOTE0 = 'chain id 0 names no chain: sign refuses it (CHAIN_ID_MISSING)'

  test('an unsigned typed transaction with chain id 0: inspect shows it with a note (--chain-id 0 too); --chain-id 5 disagrees; sign refuses it', async () => {
    for (const extra of [[], ['--chain-id', '0']]) {
      const r = await runCli(['inspect', ...extra, '--tx', ZERO])
      expect([r.code, r.stderr]).toEqual([0, `airsign: note: ${NOTE0}\n`])
      expect(JSON.parse(r.stdout)).toMatchObject({
        type: 1, chainId: '0', nonce: '0', gasPrice: '0', gas: '0', to: null, value: '0', data: '0x', accessList: [],
        signed: false, signingHash: keccak256(ZERO), notes: [{ code: 'CHAIN_ID_ZERO', message: NOTE0 }],
      })
    }
    failed(await runCli(['inspect', '--chain-id', '5', '--tx', ZERO]), 'CHAIN_ID_MISMATCH', "--chain-id 5 disagrees with the transaction's chain id 0")
    failed(await runCli(['sign', '--tx', ZERO], { env: ENV }), 'CHAIN_ID_MISSING', "the transaction's chain id is 0, which names no chain: write the chain id into the transaction (a typed transaction signs its own)")
    failed(await runCli(['sign', '--tx', ZERO, '--chain-id', '5'], { env: ENV }), 'CHAIN_ID_MISMATCH', "--chain-id 5 disagrees with the transaction's chain id 0")
    // the legacy EIP-155 form with chain id 0: the same, and --unprotected is named
    const legacy0 = encodeRlp(['0x09', '0x01', '0x5208', TO, '0x', '0x', '0x', '0x', '0x'])
    const l = await runCli(['inspect', '--tx', legacy0])
    const note = `${NOTE0}; sign --unprotected signs it without one (pre-EIP-155: valid on every chain)`
    expect([l.code, l.stderr]).toEqual([0, `airsign: note: ${note}\n`])
    expect(JSON.parse(l.stdout)).toMatchObject({ type: 0, chainId: '0', signingHash: keccak256(legacy0), notes: [{ code: 'CHAIN_ID_ZERO', message: note }] })
  })

  test('a signed JSON transaction whose hash or raw is not its own (TX_FIELD), or whose from is not its signer (FROM_MISMATCH), is refused', async () => {
    const raw = await wallet.signTransaction(TX2)
    const e = Transaction.from(raw)
    const j = e.toJSON() as Record<string, unknown>
    const viaHex = await runCli(['inspect', '--tx', raw])
    expect(await runCli(['inspect', '--tx', JSON.stringify({ ...j, hash: e.hash!.toUpperCase().replace('0X', '0x'), from: TEST_ADDRESS_0.toLowerCase(), raw })])).toEqual(viaHex)
    const inspect = (patch: Record<string, unknown>): Promise<Run> => runCli(['inspect', '--tx', JSON.stringify({ ...j, ...patch })])
    failed(await inspect({ hash: '0x' + '00'.repeat(32) }), 'TX_FIELD', `hash: 0x${'00'.repeat(32)} is not the transaction's hash ${e.hash} (keccak256 of its signed form)`)
    failed(await inspect({ hash: 'the hash\u001b[2J' }), 'TX_FIELD', 'hash: expected 0x followed by an even number of hex digits')
    failed(await inspect({ raw: await wallet.signTransaction({ ...TX2, nonce: 4 }) }), 'TX_FIELD', "raw: not the signed form of the transaction's fields and signature")
    failed(await inspect({ from: TO }), 'FROM_MISMATCH', `the transaction's from (${TO}) is not the address its signature recovers (${TEST_ADDRESS_0})`)
    failed(await inspect({ from: '0x12' }), 'TX_FIELD', 'from: expected 0x followed by 40 hex digits')
  })

  test('an unsigned JSON transaction that names its from: shown, with a note that nothing can be recovered', async () => {
    const json = { type: 2, chainId: 1, nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gas: 21000, to: TO, from: TO }
    const note = `from ${TO} is the input's word: an unsigned transaction has no signature to recover its sender from (sign checks it against the key: FROM_MISMATCH)`
    const r = await runCli(['inspect', '--tx', JSON.stringify(json)])
    expect([r.code, r.stderr]).toEqual([0, `airsign: note: ${note}\n`])
    const o = JSON.parse(r.stdout)
    expect([o.signed, o.from, o.notes]).toEqual([false, undefined, [{ code: 'FROM_UNVERIFIED', message: note }]])
  })

  test('a gas limit above 2^24 (EIP-7825, Osaka) is signed with a warning (one-shot, --json, --batch) and inspected with a note; 2^24 itself is not', async () => {
    const at = { type: 2, chainId: 1, nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gasLimit: 2n ** 24n, to: TO }
    const above = { ...at, nonce: 1, gasLimit: 2n ** 24n + 1n }
    const W = 'gas limit 16777217 is above 2^24 (16777216), the per-transaction cap of EIP-7825 (Osaka): no network that runs Osaka includes it'
    const [uAt, uAbove] = [at, above].map((t) => Transaction.from(t).unsignedSerialized)
    const [sAt, sAbove] = await Promise.all([at, above].map((t) => wallet.signTransaction(t)))
    expect(await runCli(['sign', '--tx', uAt!], { env: ENV })).toEqual({ code: 0, stdout: sAt + '\n', stderr: '' })
    expect(await runCli(['sign', '--tx', uAbove!], { env: ENV })).toEqual({ code: 0, stdout: sAbove + '\n', stderr: `airsign: warning: ${W}\n` })
    const j = await runCli(['sign', '--json', '--tx', uAbove!], { env: ENV })
    expect([j.code, JSON.parse(j.stdout).raw, j.stderr]).toEqual([0, sAbove, `airsign: warning: ${W}\n`])
    expect(await runCli(['sign', '--batch'], { env: ENV, stdin: `${uAt}\n${uAbove}\n` })).toEqual({ code: 0, stdout: `${sAt}\n${sAbove}\n`, stderr: `airsign: line 2: warning: ${W}\n` })
    const i = await runCli(['inspect', '--tx', uAbove!])
    expect([i.code, i.stderr, JSON.parse(i.stdout).notes]).toEqual([0, `airsign: warning: ${W}\n`, [{ code: 'GAS_ABOVE_CAP', message: W }]])
    expect(JSON.parse((await runCli(['inspect', '--tx', sAt!])).stdout).notes).toEqual([])
  })
})
