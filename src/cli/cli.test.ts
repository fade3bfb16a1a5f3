/**
 * Subprocess tests of the built bin/airsign for the issue-2 commands: real
 * pipes, the whole result (exit status, stdout, stderr) asserted. Expected
 * values come from ethers v6 (an independent implementation) or from the
 * BIP/EIP documents, never from airsign itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HDNodeWallet, Mnemonic, Wallet, type TransactionLike } from 'ethers'
import { BIN, runCli, TEST_ADDRESS_0, TEST_MNEMONIC, typeAtPrompts, type Run } from '../test/cli.js'

// A second phrase for leak checks: every word has 4+ letters and none occurs in airsign's own messages.
const SECRET_PHRASE = 'awake educate resist matrix mistake crowd broccoli resemble canal alpha north stomach'
const SECRET_PASS = 'Hunter2-passphrase'
const wallet0 = HDNodeWallet.fromPhrase(TEST_MNEMONIC)
const TO = '0x3535353535353535353535353535353535353535'
// EIP-155 example transaction (ethereum/EIPs EIPS/eip-155.md), unsigned 9-field form.
const EIP155_UNSIGNED = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const EIP155_TX: TransactionLike = { type: 0, chainId: 1n, nonce: 9, gasPrice: 20000000000n, gasLimit: 21000n, to: TO, value: 10n ** 18n, data: '0x' }
const SIX_FIELD = '0xe9098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080'

let dir: string
let mfile: string
let secretFile: string
let passFile: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'airsign-test-'))
  mfile = join(dir, 'm.txt')
  writeFileSync(mfile, TEST_MNEMONIC + '\n')
  secretFile = join(dir, 'secret.txt')
  writeFileSync(secretFile, SECRET_PHRASE + '\n')
  passFile = join(dir, 'pass.txt')
  writeFileSync(passFile, SECRET_PASS + '\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ok = (stdout: string): Run => ({ code: 0, stdout, stderr: '' })
function failed(r: Run, code: number, errCode: string): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' })
  expect(r.stderr).toMatch(new RegExp(`^airsign: [^\\n]* \\[${errCode}\\]\\n$`))
}
function noLeak(r: Run): void {
  for (const w of [...new Set(SECRET_PHRASE.split(' ')), SECRET_PASS]) {
    expect(r.stdout).not.toContain(w)
    expect(r.stderr).not.toContain(w)
  }
}

describe('sign', () => {
  test('EIP-155 9-field hex via --tx, mnemonic from a file', async () => {
    const want = await wallet0.signTransaction(EIP155_TX)
    expect(await runCli(['sign', '--mnemonic-file', mfile, '--tx', EIP155_UNSIGNED])).toEqual(ok(want + '\n'))
  })

  test('transaction on stdin, mnemonic from AIRSIGN_MNEMONIC, hex without 0x and with white space', async () => {
    const want = await wallet0.signTransaction(EIP155_TX)
    const r = await runCli(['sign'], { stdin: `  ${EIP155_UNSIGNED.slice(2)}\n\n`, env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })
    expect(r).toEqual(ok(want + '\n'))
  })

  test('6-field form with --chain-id', async () => {
    const want = await wallet0.signTransaction(EIP155_TX)
    expect(await runCli(['sign', '--mnemonic-file', mfile, '--tx', SIX_FIELD, '--chain-id', '1'])).toEqual(ok(want + '\n'))
  })

  test('JSON with ethers/viem field names, chain id above 2^32, --json output', async () => {
    const tx = { chainId: '0x1000000001', nonce: 0, gasPrice: '1000000000', gasLimit: '21000', to: TO.toLowerCase(), value: '1', input: '0xdeadbeef' }
    const want = await wallet0.signTransaction({ ...tx, type: 0, data: tx.input })
    const r = await runCli(['sign', '--json'], { stdin: JSON.stringify(tx), env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })
    const { keccak256 } = await import('ethers')
    expect(r).toEqual({
      ...ok(JSON.stringify({ raw: want, hash: keccak256(want), from: TEST_ADDRESS_0, type: 0, chainId: String(0x1000000001), nonce: '0' }) + '\n'),
      // 0xdeadbeef is no known function: signed, with the review's warning (JSON, as --json asks)
      stderr: JSON.stringify({ warning: { code: 'CALLDATA_UNKNOWN', severity: 'MEDIUM', message: `unknown function, selector 0xdeadbeef: blind 4-byte calldata to ${TO}`, path: 'call' } }) + '\n',
    })
  })

  test('contract creation needs an explicit "to": null', async () => {
    const tx = { chainId: 1, nonce: 1, gasPrice: 1, gas: 100000, to: null, data: '0x6000' }
    const want = await wallet0.signTransaction({ ...tx, gasLimit: tx.gas, type: 0 })
    expect(await runCli(['sign'], { stdin: JSON.stringify(tx), env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })).toEqual({
      ...ok(want + '\n'),
      stderr: 'airsign: MEDIUM CONTRACT_CREATION at call: deploys a contract from 2 bytes of code: airsign cannot explain what the code does\n',
    })
    const { to: _, ...noTo } = tx
    const r = await runCli(['sign'], { stdin: JSON.stringify(noTo), env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })
    failed(r, 3, 'TX_FIELD')
    expect(r.stderr).toBe('airsign: to: missing; write "to": null for a contract creation [TX_FIELD]\n')
  })

  test('--index and --path select the key', async () => {
    const w3 = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/0'/0/3")
    const want = await w3.signTransaction(EIP155_TX)
    expect(await runCli(['sign', '--mnemonic-file', mfile, '--tx', EIP155_UNSIGNED, '--index', '3'])).toEqual(ok(want + '\n'))
    expect(await runCli(['sign', '--mnemonic-file', mfile, '--tx', EIP155_UNSIGNED, '--path', 'm/44h/60h/0h/0/3'])).toEqual(ok(want + '\n'))
  })

  test('passphrase from a file changes the key (and is never shown)', async () => {
    const w = HDNodeWallet.fromPhrase(TEST_MNEMONIC, SECRET_PASS)
    const r = await runCli(['sign', '--mnemonic-file', mfile, '--passphrase-file', passFile, '--tx', EIP155_UNSIGNED])
    expect(r).toEqual(ok((await w.signTransaction(EIP155_TX)) + '\n'))
  })

  test('--unprotected signs a pre-EIP-155 transaction (v 27/28), only when asked', async () => {
    const want = await wallet0.signTransaction({ ...EIP155_TX, chainId: 0n })
    expect(await runCli(['sign', '--mnemonic-file', mfile, '--tx', SIX_FIELD, '--unprotected'])).toEqual(ok(want + '\n'))
    const r = await runCli(['sign', '--mnemonic-file', mfile, '--tx', SIX_FIELD])
    failed(r, 3, 'CHAIN_ID_MISSING')
    const json = { chainId: 0, nonce: 9, gasPrice: '20000000000', gas: 21000, to: TO, value: '1000000000000000000' }
    failed(await runCli(['sign', '--mnemonic-file', mfile, '--tx', JSON.stringify(json)]), 3, 'CHAIN_ID_MISSING')
    failed(await runCli(['sign', '--mnemonic-file', mfile, '--tx', EIP155_UNSIGNED, '--unprotected']), 2, 'USAGE')
  })

  test('a --chain-id that disagrees with the transaction is refused', async () => {
    const r = await runCli(['sign', '--mnemonic-file', mfile, '--tx', EIP155_UNSIGNED, '--chain-id', '5'])
    failed(r, 3, 'CHAIN_ID_MISMATCH')
    expect(r.stderr).toBe("airsign: --chain-id 5 disagrees with the transaction's chain id 1 [CHAIN_ID_MISMATCH]\n")
  })

  test('a signed transaction is refused, as raw hex and as JSON', async () => {
    const signed = await wallet0.signTransaction(EIP155_TX)
    failed(await runCli(['sign', '--mnemonic-file', mfile, '--tx', signed]), 3, 'TX_SIGNED')
    const json = { chainId: 1, nonce: 0, gasPrice: 1, gas: 21000, to: TO, r: '0x01', s: '0x01', v: 37 }
    failed(await runCli(['sign', '--mnemonic-file', mfile, '--tx', JSON.stringify(json)]), 3, 'TX_SIGNED')
  })

  test('a JSON "from" that is not the signing key is refused', async () => {
    const json = { chainId: 1, nonce: 0, gasPrice: 1, gas: 21000, to: TO, from: TO }
    failed(await runCli(['sign', '--mnemonic-file', mfile, '--tx', JSON.stringify(json)]), 3, 'FROM_MISMATCH')
    const mine = { ...json, from: TEST_ADDRESS_0 }
    const r = await runCli(['sign', '--mnemonic-file', mfile, '--tx', JSON.stringify(mine)])
    const { from: _, ...plain } = mine
    expect(r).toEqual(ok((await wallet0.signTransaction({ ...plain, gasLimit: plain.gas, type: 0 })) + '\n'))
  })

  test.each([
    ['odd hex', '0xabc', 'BAD_HEX'],
    ['not hex', 'hello', 'BAD_HEX'],
    ['truncated RLP', EIP155_UNSIGNED.slice(0, -2), 'TX_DECODE'],
    ['trailing byte', EIP155_UNSIGNED + '00', 'TX_DECODE'],
    ['not a list', '0x8401020304', 'TX_DECODE'],
    ['7 fields', '0xc780808080808080', 'TX_DECODE'],
    ['non-canonical nonce', '0xed' + '8200' + '09'.slice(2) + EIP155_UNSIGNED.slice(6), 'TX_DECODE'],
    ['unknown type byte', '0x7f01', 'TX_TYPE_UNKNOWN'],
    ['blob transaction (type 3) of no fields', '0x03c0', 'TX_DECODE'],
    ['bad JSON', '{"nonce":', 'TX_JSON'],
    ['JSON array', '[1]', 'TX_JSON'],
    ['nothing', '   ', 'TX_EMPTY'],
  ])('bad transaction: %s', async (_name, input, code) => {
    const r = await runCli(['sign', '--mnemonic-file', secretFile], { stdin: input })
    failed(r, 3, code)
    noLeak(r)
  })

  test('every bad JSON field is reported at once, in one line', async () => {
    const json = { chainId: 1, nonce: -1, gasPrice: 'abc', gas: 2 ** 53, to: '0x12', value: '1', color: 'red' }
    const r = await runCli(['sign', '--mnemonic-file', secretFile, '--tx', JSON.stringify(json)])
    failed(r, 3, 'TX_FIELD')
    expect(r.stderr).toBe(
      'airsign: color: unknown field for a type 0 (legacy) transaction; nonce: expected a decimal string, a 0x hex string or a non-negative safe integer; gasPrice: expected a decimal string, a 0x hex string or a non-negative safe integer; gas: a JSON number above 2^53-1 loses precision; write it as a decimal or 0x string; to: expected 0x followed by 40 hex digits [TX_FIELD]\n',
    )
  })

  test('a mixed-case "to" with a wrong EIP-55 checksum is refused', async () => {
    const json = { chainId: 1, nonce: 0, gasPrice: 1, gas: 21000, to: '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266' }
    const r = await runCli(['sign', '--mnemonic-file', mfile, '--tx', JSON.stringify(json)])
    expect(r.stderr).toBe('airsign: to: EIP-55 checksum does not match (mistyped address?) [TX_FIELD]\n')
  })
})

describe('key sources', () => {
  test('no mnemonic source and no terminal: NO_SECRET_SOURCE, exit 2', async () => {
    const r = await runCli(['address'])
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'airsign: no mnemonic given and no terminal to ask on; give --mnemonic-file PATH (or - for stdin, /dev/fd/N) or set AIRSIGN_MNEMONIC [NO_SECRET_SOURCE]\n',
    })
  })

  test('--mnemonic-file - reads stdin; /dev/fd/3 reads a descriptor', async () => {
    expect(await runCli(['address', '--mnemonic-file', '-'], { stdin: TEST_MNEMONIC + '\n' })).toEqual(ok(TEST_ADDRESS_0 + '\n'))
    expect(await runCli(['address', '--mnemonic-file', '/dev/fd/3'], { extraFds: [TEST_MNEMONIC] })).toEqual(ok(TEST_ADDRESS_0 + '\n'))
  })

  test('--mnemonic on argv works with a warning on stderr', async () => {
    expect(await runCli(['address', '--mnemonic', TEST_MNEMONIC])).toEqual({
      code: 0,
      stdout: TEST_ADDRESS_0 + '\n',
      stderr: 'airsign: warning: a mnemonic on the command line is visible to other users (ps) and stays in shell history; prefer --mnemonic-file or AIRSIGN_MNEMONIC\n',
    })
  })

  test('--mnemonic-file wins over AIRSIGN_MNEMONIC', async () => {
    const want = HDNodeWallet.fromPhrase(SECRET_PHRASE).address
    expect(await runCli(['address', '--mnemonic-file', secretFile], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })).toEqual(ok(want + '\n'))
  })

  test('AIRSIGN_PASSPHRASE and --passphrase (with its warning)', async () => {
    const want = HDNodeWallet.fromPhrase(TEST_MNEMONIC, SECRET_PASS).address
    expect(await runCli(['address'], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC, AIRSIGN_PASSPHRASE: SECRET_PASS } })).toEqual(ok(want + '\n'))
    const r = await runCli(['address', '--mnemonic-file', mfile, '--passphrase', SECRET_PASS])
    expect(r.stdout).toBe(want + '\n')
    expect(r.stderr).toBe('airsign: warning: a passphrase on the command line is visible to other users (ps) and stays in shell history; prefer --passphrase-file or AIRSIGN_PASSPHRASE\n')
  })

  test('a passphrase file keeps inner and trailing spaces, strips one newline', async () => {
    const f = join(dir, 'p2.txt')
    writeFileSync(f, ' a b \r\n')
    const want = HDNodeWallet.fromPhrase(TEST_MNEMONIC, ' a b ').address
    expect(await runCli(['address', '--mnemonic-file', mfile, '--passphrase-file', f])).toEqual(ok(want + '\n'))
  })

  test('an unreadable mnemonic file: READ_FAILED, exit 4', async () => {
    failed(await runCli(['address', '--mnemonic-file', join(dir, 'missing.txt')]), 4, 'READ_FAILED')
  })

  test('--passphrase-prompt without a terminal: NO_SECRET_SOURCE', async () => {
    failed(await runCli(['address', '--mnemonic-file', mfile, '--passphrase-prompt']), 2, 'NO_SECRET_SOURCE')
  })

  test('stdin cannot feed both the mnemonic and the transaction', async () => {
    failed(await runCli(['sign', '--mnemonic-file', '-'], { stdin: TEST_MNEMONIC }), 2, 'USAGE')
  })

  test.each([
    ['word count', 'awake educate resist', 'MNEMONIC_WORD_COUNT'],
    ['unknown word', SECRET_PHRASE.replace('stomach', 'stomachz'), 'MNEMONIC_UNKNOWN_WORD'],
    ['checksum', SECRET_PHRASE.replace('stomach', 'sugar'), 'MNEMONIC_CHECKSUM'],
    ['invalid UTF-8', Buffer.from([0x63, 0x68, 0xff]), 'BAD_UTF8'],
  ])('bad mnemonic (%s) never echoes a word', async (_n, content, code) => {
    const f = join(dir, `bad-${code}.txt`)
    writeFileSync(f, content)
    const r = await runCli(['sign', '--mnemonic-file', f, '--tx', EIP155_UNSIGNED, '--passphrase-file', passFile])
    failed(r, 3, code)
    noLeak(r)
  })

  test('an oversized mnemonic file: INPUT_TOO_LARGE', async () => {
    const f = join(dir, 'big.txt')
    writeFileSync(f, 'a '.repeat(5000))
    failed(await runCli(['address', '--mnemonic-file', f]), 3, 'INPUT_TOO_LARGE')
  })
})

describe('hidden prompt on a real pseudo-terminal (util-linux script)', () => {
  // The child reads the mnemonic from /dev/tty in raw mode: nothing typed is echoed.
  const viaScript = typeAtPrompts

  test('mnemonic prompt: the address is printed, the words are not echoed', async () => {
    const { out, code } = await viaScript(`${process.execPath} ${BIN} address`, [SECRET_PHRASE])
    expect(code).toBe(0)
    expect(out).toContain('Mnemonic (input hidden): ')
    expect(out).toContain(HDNodeWallet.fromPhrase(SECRET_PHRASE).address)
    for (const w of new Set(SECRET_PHRASE.split(' '))) expect(out).not.toContain(w)
  })

  test('passphrase prompt with --passphrase-prompt', async () => {
    const { out, code } = await viaScript(`${process.execPath} ${BIN} address --passphrase-prompt`, [SECRET_PHRASE, SECRET_PASS])
    expect(code).toBe(0)
    expect(out).toContain('Passphrase (input hidden): ')
    expect(out).toContain(HDNodeWallet.fromPhrase(SECRET_PHRASE, SECRET_PASS).address)
    expect(out).not.toContain(SECRET_PASS)
  })

  test('Ctrl-C at the prompt cancels: CANCELLED, exit 4', async () => {
    const { out, code } = await viaScript(`${process.execPath} ${BIN} address`, ['\u0003'])
    expect(code).toBe(4)
    expect(out).toContain('[CANCELLED]')
  })
})

describe('address', () => {
  test('default path, --index, --count, --json', async () => {
    const env = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
    const addrs = [0, 1, 2, 3, 4].map((i) => HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).address)
    expect(await runCli(['address'], { env })).toEqual(ok(addrs[0] + '\n'))
    expect(await runCli(['address', '--index', '4'], { env })).toEqual(ok(addrs[4] + '\n'))
    expect(await runCli(['address', '--index', '2', '--count', '3'], { env })).toEqual(ok(addrs.slice(2).join('\n') + '\n'))
    expect(await runCli(['address', '--count', '2', '--json'], { env })).toEqual(
      ok(addrs.slice(0, 2).map((a, i) => JSON.stringify({ path: `m/44'/60'/0'/0/${i}`, address: a }) + '\n').join('')),
    )
  })

  test('hardened last level and the top of the index range', async () => {
    const p = "m/44'/60'/2147483647'"
    const want = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, p).address
    expect(await runCli(['address', '--path', p], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })).toEqual(ok(want + '\n'))
    failed(await runCli(['address', '--path', p, '--count', '2'], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } }), 3, 'PATH_INDEX')
  })

  test.each([
    [['--path', "44'/60'"], 3, 'PATH_SYNTAX'],
    [['--path', 'm/2147483648'], 3, 'PATH_INDEX'],
    [['--index', '-1'], 3, 'PATH_INDEX'],
    [['--index', '1.5'], 3, 'PATH_INDEX'],
    [['--path', 'm/0', '--index', '1'], 2, 'USAGE'],
    [['--count', '0'], 2, 'USAGE'],
    [['--bogus'], 2, 'USAGE'],
  ])('bad arguments %j', async (args, status, code) => {
    failed(await runCli(['address', ...(args as string[])], { env: { AIRSIGN_MNEMONIC: SECRET_PHRASE } }), status as number, code as string)
  })
})

describe('derive', () => {
  const path = "m/44'/60'/0'/0/7"
  const node = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, path)
  test('public by default: xpub line; --json has path, address, publicKey, xpub only', async () => {
    const env = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
    expect(await runCli(['derive', '--index', '7'], { env })).toEqual(ok(node.neuter().extendedKey + '\n'))
    const r = await runCli(['derive', '--path', path, '--json'], { env })
    expect(r).toEqual(ok(JSON.stringify({ path, address: node.address, publicKey: node.publicKey, xpub: node.neuter().extendedKey }) + '\n'))
  })
  test('--private adds the private key and xprv', async () => {
    const env = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
    expect(await runCli(['derive', '--index', '7', '--private'], { env })).toEqual(ok(node.extendedKey + '\n'))
    const r = await runCli(['derive', '--index', '7', '--private', '--json'], { env })
    expect(JSON.parse(r.stdout)).toEqual({ path, address: node.address, publicKey: node.publicKey, xpub: node.neuter().extendedKey, privateKey: node.privateKey, xprv: node.extendedKey })
  })
})

describe('seed', () => {
  test('64-byte seed hex equals ethers Mnemonic.computeSeed (with NFKD passphrase)', async () => {
    const pass = 'Ｔｒｅｚｏｒ'
    const want = Mnemonic.fromPhrase(TEST_MNEMONIC, pass).computeSeed()
    expect(await runCli(['seed', '--mnemonic-file', mfile], { env: { AIRSIGN_PASSPHRASE: pass } })).toEqual(ok(want + '\n'))
    expect(await runCli(['seed', '--json'], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC, AIRSIGN_PASSPHRASE: pass } })).toEqual(ok(JSON.stringify({ seed: want }) + '\n'))
  })
})

describe('mnemonic', () => {
  test('new --entropy reproduces the BIP-39 vector (trezor english[0])', async () => {
    const r = await runCli(['mnemonic', 'new', '--entropy', '-'], { stdin: '00000000000000000000000000000000\n' })
    expect(r).toEqual(ok('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n'))
  })
  test('new --entropy on argv warns', async () => {
    const r = await runCli(['mnemonic', 'new', '--entropy', '7f'.repeat(16), '--json'])
    expect(r.stdout).toBe(JSON.stringify({ mnemonic: 'legal winner thank year wave sausage worth useful legal winner thank yellow', language: 'english', words: 12 }) + '\n')
    expect(r.stderr).toBe('airsign: warning: entropy on the command line is visible to other users (ps) and stays in shell history; prefer --entropy - (stdin)\n')
  })
  test('new: random phrases of every length and language are valid for ethers', async () => {
    for (const words of [12, 15, 18, 21, 24]) {
      const r = await runCli(['mnemonic', 'new', '--words', String(words)])
      expect(r.code).toBe(0)
      expect(r.stderr).toBe('')
      const phrase = r.stdout.trimEnd()
      expect(phrase.split(' ').length).toBe(words)
      expect(Mnemonic.isValidMnemonic(phrase)).toBe(true)
    }
    const r = await runCli(['mnemonic', 'new', '--lang', 'japanese', '--words', '12'])
    expect(r.stdout.trimEnd().split('\u3000').length).toBe(12)
  })
  test('new: the default is 24 words', async () => {
    expect((await runCli(['mnemonic', 'new'])).stdout.trimEnd().split(' ').length).toBe(24)
  })
  test('new: errors', async () => {
    failed(await runCli(['mnemonic', 'new', '--entropy', '-'], { stdin: '0011' }), 3, 'ENTROPY_LENGTH')
    failed(await runCli(['mnemonic', 'new', '--entropy', '-'], { stdin: 'xyz' }), 3, 'BAD_HEX')
    failed(await runCli(['mnemonic', 'new', '--entropy', '-', '--words', '24'], { stdin: '00'.repeat(16) }), 2, 'USAGE')
    failed(await runCli(['mnemonic', 'new', '--words', '13']), 2, 'USAGE')
    failed(await runCli(['mnemonic', 'frobnicate']), 2, 'USAGE')
  })
  test('check: language and word count, never the words', async () => {
    expect(await runCli(['mnemonic', 'check', '--mnemonic-file', secretFile])).toEqual(ok('valid: english, 12 words\n'))
    expect(await runCli(['mnemonic', 'check', '--json'], { env: { AIRSIGN_MNEMONIC: SECRET_PHRASE } })).toEqual(
      ok(JSON.stringify({ valid: true, language: 'english', words: 12 }) + '\n'),
    )
    const bad = await runCli(['mnemonic', 'check'], { env: { AIRSIGN_MNEMONIC: SECRET_PHRASE.replace('stomach', 'sugar') } })
    expect(bad).toEqual({ code: 3, stdout: '', stderr: 'airsign: mnemonic checksum does not match (english, 12 words); a word is mistyped or the words are out of order [MNEMONIC_CHECKSUM]\n' })
  })
})

describe('general', () => {
  test('--help and --version exit 0 on stdout', async () => {
    const h = await runCli(['--help'])
    expect([h.code, h.stderr]).toEqual([0, ''])
    expect(h.stdout).toMatch(/^airsign <command> \[options\]/)
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default
    const v = await runCli(['--version'])
    expect([v.code, v.stderr]).toEqual([0, ''])
    expect(v.stdout.startsWith(pkg.version)).toBe(true)
  })
  test('no command, unknown command: USAGE, exit 2', async () => {
    failed(await runCli([]), 2, 'USAGE')
    failed(await runCli(['frobnicate']), 2, 'USAGE')
  })
  test('--json errors are one JSON line on stderr', async () => {
    const r = await runCli(['address', '--json', '--path', 'x'], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })
    expect(r).toEqual({ code: 3, stdout: '', stderr: JSON.stringify({ error: { code: 'PATH_SYNTAX', message: "derivation path must start with 'm' (e.g. m/44'/60'/0'/0/0)", hints: [] } }) + '\n' })
  })
  test('a real shell pipeline', async () => {
    const want = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/0'/0/2").address
    const r = await new Promise<Run>((resolve) => {
      const p = spawn('sh', ['-c', `printf '%s\\n' "$PHRASE" | "${process.execPath}" "${BIN}" address --mnemonic-file - --count 3 | tail -n 1`], {
        env: { PATH: process.env.PATH ?? '', PHRASE: TEST_MNEMONIC },
        detached: true,
      })
      let stdout = ''
      let stderr = ''
      p.stdout.on('data', (d) => (stdout += d))
      p.stderr.on('data', (d) => (stderr += d))
      p.on('close', (code) => resolve({ code, stdout, stderr }))
    })
    expect(r).toEqual(ok(want + '\n'))
  })
  test('the signing key from a pipeline matches an independent wallet', async () => {
    const w = Wallet.fromPhrase(TEST_MNEMONIC)
    expect(w.address).toBe(TEST_ADDRESS_0)
  })
})

describe('stdout that refuses the output: WRITE_FAILED, status 4, one line, nothing more signed', () => {
  const LINES = 3000
  const shell = (script: string, env: Record<string, string> = {}): Promise<Run> =>
    new Promise<Run>((resolve) => {
      const p = spawn('bash', ['--norc', '--noprofile', '-c', script], { env: { PATH: process.env.PATH ?? '', AIRSIGN_MNEMONIC: TEST_MNEMONIC, NODE: process.execPath, BIN, ...env } })
      let stdout = ''
      let stderr = ''
      p.stdout.on('data', (d) => (stdout += d))
      p.stderr.on('data', (d) => (stderr += d))
      p.on('close', (code) => resolve({ code, stdout, stderr }))
    })
  let batchFile: string
  let firstLines: string
  beforeAll(async () => {
    const txs = Array.from({ length: LINES }, (_, i) => ({ type: 0, chainId: 1n, nonce: i, gasPrice: 1n, gasLimit: 21000n, to: TO, value: BigInt(i) }) satisfies TransactionLike)
    batchFile = join(dir, 'batch.txt')
    writeFileSync(batchFile, txs.map((t) => JSON.stringify({ chainId: 1, nonce: t.nonce, gasPrice: '1', gas: 21000, to: TO, value: String(t.value) })).join('\n') + '\n')
    firstLines = (await Promise.all(txs.slice(0, 10).map((t) => wallet0.signTransaction(t)))).map((l) => l + '\n').join('')
  })
  const EPIPE = 'airsign: standard output could not be written (EPIPE: its reader closed it) [WRITE_FAILED]\n'

  test('sign --batch | head -c 1000: the batch stops with one line (no Node stack trace); head got whole signed lines, as ethers signs them', async () => {
    const r = await shell(`set -o pipefail; "$NODE" "$BIN" sign --batch < "$FILE" 2> "$ERR" | head -c 1000; echo "status $?"; cat "$ERR"`, { FILE: batchFile, ERR: join(dir, 'err1') })
    expect(r.code).toBe(0)
    const [out, rest] = [r.stdout.slice(0, 1000), r.stdout.slice(1000)]
    expect(out).toBe(firstLines.slice(0, 1000))
    expect(rest).toBe(`status 4\n${EPIPE}`)
  })

  test('a one-shot sign whose reader has closed the pipe: one line, status 4', async () => {
    const r = await shell(`set -o pipefail; "$NODE" "$BIN" sign --tx ${EIP155_UNSIGNED} 2> "$ERR" | (exec 0<&-; sleep 1); echo "status $?"; cat "$ERR"`, { ERR: join(dir, 'err2') })
    expect(r).toEqual({ code: 0, stdout: `status 4\n${EPIPE}`, stderr: '' })
  })

  test('a full disk (/dev/full): ENOSPC, one line, status 4', async () => {
    const r = await shell(`"$NODE" "$BIN" sign --tx ${EIP155_UNSIGNED} > /dev/full`)
    expect(r).toEqual({ code: 4, stdout: '', stderr: 'airsign: standard output could not be written (ENOSPC) [WRITE_FAILED]\n' })
  })

  test('a non-blocking stdout that fills (EAGAIN: the stream takes over), then closes: one line from the stream, status 4', async () => {
    // Python makes the pipe non-blocking, reads nothing for 2 s (the pipe fills: airsign hands its
    // writes to process.stdout), then closes it: the stream's EPIPE arrives as an event.
    const script = join(dir, 'nonblocking.py')
    writeFileSync(script, [
      'import os, fcntl, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'with open(sys.argv[3], "rb") as stdin:',
      '    p = subprocess.Popen([sys.argv[1], sys.argv[2], "sign", "--batch"], stdin=stdin, stdout=w, stderr=subprocess.PIPE)',
      'os.close(w)',
      'time.sleep(2)',
      'os.close(r)',
      'err = p.stderr.read()',
      'sys.stdout.write(f"status {p.wait()}\\n" + err.decode())',
    ].join('\n') + '\n')
    const r = await shell(`python3 "$SCRIPT" "$NODE" "$BIN" "$FILE"`, { SCRIPT: script, FILE: batchFile })
    expect(r).toEqual({ code: 0, stdout: `status 4\n${EPIPE}`, stderr: '' })
  }, 20_000)

  test('a parent process that closes its end of the batch output: one line, status 4', async () => {
    const r = await new Promise<Run>((resolve) => {
      const p = spawn(process.execPath, [BIN, 'sign', '--batch', '--mnemonic-file', mfile], { stdio: ['pipe', 'pipe', 'pipe'] })
      let stderr = ''
      p.stderr.on('data', (d) => (stderr += d))
      p.stdout.once('data', () => p.stdout.destroy())
      p.stdin.on('error', () => {}) // the child stops reading when it stops
      p.stdin.end(readFileSync(batchFile))
      p.on('close', (code) => resolve({ code, stdout: '', stderr }))
    })
    expect(r.code).toBe(4)
    // A socket pair's peer gone: EPIPE, or ECONNRESET when it left unread bytes behind.
    expect([EPIPE, EPIPE.replace('EPIPE', 'ECONNRESET')]).toContain(r.stderr)
  })
})
