/**
 * Subprocess tests of issue 4's commands: sign-message, sign-typed-data,
 * inspect-typed-data, sign-hash, verify; each success path with its exact
 * output (expected values from ethers v6 and the EIP's example) and each
 * error code with its line, exit status and empty stdout.
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { getBytes, hashMessage, Signature, TypedDataEncoder, Wallet } from 'ethers'
import { ROOT, runCli, TEST_ADDRESS_0, TEST_MNEMONIC, type Run } from '../test/cli.js'
import { EXIT } from '../errors.js'

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const wallet = Wallet.fromPhrase(TEST_MNEMONIC)
const MAIL_FILE = join(ROOT, 'test-vectors/eip712/eip712-mail-example.json')
const MAIL = JSON.parse(readFileSync(MAIL_FILE, 'utf8'))
const DOC = JSON.stringify(MAIL.typedData)
const { EIP712Domain: _d, ...MAIL_TYPES } = MAIL.typedData.types
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

function failed(r: Run, code: keyof typeof EXIT, message: string): void {
  expect(r).toEqual({ code: EXIT[code], stdout: '', stderr: `airsign: ${message} [${code}]\n` })
}

describe('sign-message', () => {
  test('an option given twice is a usage error, not two values joined ("a,b" signed)', async () => {
    failed(await runCli(['sign-message', '--message', 'a', '--message', 'b'], { env: ENV }), 'USAGE', '--message is given more than once')
    failed(await runCli(['address', '--path', 'm', '--path', 'm/0'], { env: ENV }), 'USAGE', '--path is given more than once')
    expect(await runCli(['sign-message', '--message', 'a,b'], { env: ENV })).toEqual({ code: 0, stdout: wallet.signMessageSync('a,b') + '\n', stderr: '' })
  })
  test('--message is text, even when it looks like hex; --hex reads hex; --json', async () => {
    expect(await runCli(['sign-message', '--message', '0x1234'], { env: ENV })).toEqual({ code: 0, stdout: wallet.signMessageSync('0x1234') + '\n', stderr: '' })
    expect(await runCli(['sign-message', '--hex', '--message', '0x1234'], { env: ENV })).toEqual({ code: 0, stdout: wallet.signMessageSync(getBytes('0x1234')) + '\n', stderr: '' })
    expect(await runCli(['sign-message', '--hex'], { env: ENV, stdin: ' 1234\n' })).toEqual({ code: 0, stdout: wallet.signMessageSync(getBytes('0x1234')) + '\n', stderr: '' })
    const j = await runCli(['sign-message', '--json', '--message', 'hello airsign'], { env: ENV })
    expect(JSON.parse(j.stdout)).toEqual({ signature: wallet.signMessageSync('hello airsign'), address: TEST_ADDRESS_0, hash: hashMessage('hello airsign'), message: '0x' + Buffer.from('hello airsign').toString('hex') })
  })

  test('stdin is signed byte for byte: the trailing newline and invalid UTF-8 included', async () => {
    const bytes = Uint8Array.from([0x68, 0x69, 0xff, 0x0a])
    expect(await runCli(['sign-message'], { env: ENV, stdin: bytes })).toEqual({ code: 0, stdout: wallet.signMessageSync(bytes) + '\n', stderr: '' })
  })

  test('errors: bad hex, stdin read twice', async () => {
    failed(await runCli(['sign-message', '--hex', '--message', 'xyz'], { env: ENV }), 'BAD_HEX', 'message (--hex): hex has an odd number of digits')
    failed(await runCli(['sign-message', '--mnemonic-file', '-'], { stdin: TEST_MNEMONIC }), 'USAGE', 'stdin can feed only one input; the message and --mnemonic-file - both read it')
  })
})

describe('sign-typed-data and inspect-typed-data', () => {
  test('the EIP Mail example: signature as ethers signs it, hashes from the EIP', async () => {
    const expected = wallet.signingKey.sign(TypedDataEncoder.hash(MAIL.typedData.domain, MAIL_TYPES, MAIL.typedData.message)).serialized
    expect(await runCli(['sign-typed-data'], { env: ENV, stdin: DOC })).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
    const j = await runCli(['sign-typed-data', '--json', '--file', '/dev/fd/3'], { env: ENV, extraFds: [DOC] })
    expect(JSON.parse(j.stdout)).toEqual({ signature: expected, address: TEST_ADDRESS_0, domainSeparator: MAIL.expected.domainSeparator, structHash: MAIL.expected.structHashMail, digest: MAIL.expected.signHash })
  })

  test('inspect-typed-data: domain, hashes and encoded types; --summary on stderr; no key', async () => {
    const r = await runCli(['inspect-typed-data', '--summary'], { stdin: DOC })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      primaryType: 'Mail',
      domain: MAIL.typedData.domain,
      domainSeparator: MAIL.expected.domainSeparator,
      structHash: MAIL.expected.structHashMail,
      digest: MAIL.expected.signHash,
      encodeType: { EIP712Domain: 'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)', Person: 'Person(string name,address wallet)', Mail: MAIL.expected.encodeTypeMail },
      // the review: every message field, formatted; no descriptor; nothing to warn about
      fields: [
        { path: 'message.from.name', type: 'string', value: 'Cow' },
        { path: 'message.from.wallet', type: 'address', value: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
        { path: 'message.to.name', type: 'string', value: 'Bob' },
        { path: 'message.to.wallet', type: 'address', value: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
        { path: 'message.contents', type: 'string', value: 'Hello, Bob!' },
      ],
      decoded: null,
      clear: true,
      warnings: [],
    })
    expect(r.stderr).toBe(
      [
        'EIP-712 typed data, primary type Mail',
        '  domain: name "Ether Mail", version "1", Ethereum (chain id 1), contract 0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
        '  no descriptor for this document: every field as the document names it',
        '  message:',
        '    from.name (string): "Cow"',
        '    from.wallet (address): 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826',
        '    to.name (string): "Bob"',
        '    to.wallet (address): 0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB',
        '    contents (string): "Hello, Bob!"',
        `  domain hash ${MAIL.expected.domainSeparator} (domain separator)`,
        `  message hash ${MAIL.expected.structHashMail} (hashStruct of the message)`,
        `  digest ${MAIL.expected.signHash} (what is signed)`,
      ]
        .map((l) => `airsign: ${l}\n`)
        .join(''),
    )
  })

  test('a domain name cannot rewrite the terminal: control and bidi characters are escaped', async () => {
    const doc = { ...MAIL.typedData, domain: { ...MAIL.typedData.domain, name: 'Ether\u001b[2J\u202eMail' } }
    const r = await runCli(['inspect-typed-data', '--summary'], { stdin: JSON.stringify(doc) })
    expect(r.stderr.split('\n')[1]).toBe('airsign:   domain: name "Ether\\u001b[2J\\u202eMail", version "1", Ethereum (chain id 1), contract 0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC')
  })

  test('errors name the field, before any key is read', async () => {
    failed(await runCli(['sign-typed-data'], { stdin: '{"types":' }), 'TYPED_DATA_JSON', 'typed data is not valid JSON')
    const missing = { ...MAIL.typedData, message: { ...MAIL.typedData.message, to: { name: 'Bob' } } }
    failed(await runCli(['sign-typed-data'], { stdin: JSON.stringify(missing) }), 'TYPED_DATA_FIELD', 'message.to.wallet: missing (type address)')
    const unknown = { ...MAIL.typedData, types: { ...MAIL.typedData.types, Mail: [{ name: 'x', type: 'Letter' }] } }
    failed(await runCli(['inspect-typed-data'], { stdin: JSON.stringify(unknown) }), 'TYPED_DATA_TYPE', 'types.Mail[0] (x): unknown type "Letter"')
    failed(await runCli(['sign-typed-data'], { stdin: Uint8Array.from([0x7b, 0xff, 0x7d]) }), 'BAD_UTF8', 'typed data is not valid UTF-8')
  })
})

describe('sign-hash', () => {
  const H = '0x' + '11'.repeat(32)
  test('with --blind: the signature and always a warning', async () => {
    const r = await runCli(['sign-hash', '--blind', '--hash', H], { env: ENV })
    expect(r).toEqual({
      code: 0,
      stdout: wallet.signingKey.sign(H).serialized + '\n',
      stderr: `airsign: warning: blind signing ${H}: this signature authorizes whatever the digest stands for (a transaction, a permit, an order)\n`,
    })
  })
  test('without --blind: refused, nothing signed; a digest that is not 32 bytes is refused', async () => {
    failed(
      await runCli(['sign-hash', '--hash', H], { env: ENV }),
      'BLIND_SIGNING_REFUSED',
      'sign-hash signs a digest whose meaning airsign cannot show; add --blind if you know what it authorizes; for a message use sign-message, for EIP-712 data sign-typed-data: both show what is signed',
    )
    failed(await runCli(['sign-hash', '--blind', '--hash', '0x1234'], { env: ENV }), 'BAD_HEX', 'digest: a digest is 32 bytes, this one 2')
  })
})

describe('verify', () => {
  const sig = wallet.signMessageSync('hello')
  const s = Signature.from(sig)
  const hexSig = (r: string, sv: string, v: number): string => r + sv.slice(2) + v.toString(16).padStart(2, '0')
  test('message: match exits 0 and prints the signer; mismatch exits 1 with VERIFY_MISMATCH; --json', async () => {
    expect(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', sig, '--message', 'hello'])).toEqual({ code: 0, stdout: TEST_ADDRESS_0 + '\n', stderr: '' })
    const other = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    expect(await runCli(['verify', '--address', other, '--signature', sig, '--message', 'hello'])).toEqual({
      code: 1,
      stdout: TEST_ADDRESS_0 + '\n',
      stderr: `airsign: the signature is from ${TEST_ADDRESS_0}, not ${other} [VERIFY_MISMATCH]\n`,
    })
    const j = await runCli(['verify', '--json', '--address', TEST_ADDRESS_0, '--signature', sig, '--message', 'hello'])
    expect(JSON.parse(j.stdout)).toEqual({ valid: true, recovered: TEST_ADDRESS_0, address: TEST_ADDRESS_0, hash: hashMessage('hello') })
  })

  test('typed data, a raw hash and a signed transaction', async () => {
    const tdSig = wallet.signingKey.sign(MAIL.expected.signHash).serialized
    expect((await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', tdSig, '--typed-data', '-'], { stdin: DOC })).code).toBe(0)
    expect((await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', tdSig, '--hash', MAIL.expected.signHash])).code).toBe(0)
    const raw = await wallet.signTransaction({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gasLimit: 21000, to: TEST_ADDRESS_0 })
    expect(await runCli(['verify', '--address', TEST_ADDRESS_0, '--tx', raw])).toEqual({ code: 0, stdout: TEST_ADDRESS_0 + '\n', stderr: '' })
  })

  test('malformed signatures have their own codes (exit 3)', async () => {
    failed(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', sig.slice(0, -2), '--message', 'hello']), 'SIGNATURE_LENGTH', 'a signature is 65 bytes (r ‖ s ‖ v), this one 64')
    failed(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', hexSig(s.r, s.s, 29), '--message', 'hello']), 'SIGNATURE_V', 'v is 29: expected 27 or 28 (or 0 or 1)')
    const high = '0x' + (N - BigInt(s.s)).toString(16).padStart(64, '0')
    failed(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', hexSig(s.r, high, 55 - s.v), '--message', 'hello']), 'SIGNATURE_HIGH_S', 's is in the upper half of the curve order (EIP-2): a malleated signature')
    failed(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', hexSig('0x' + '00'.repeat(32), s.s, 27), '--message', 'hello']), 'BAD_SIGNATURE', 'r is out of range (0 < r < n)')
  })

  test('usage: two modes, --signature with --tx, no --address', async () => {
    failed(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', sig, '--hash', '0x' + '11'.repeat(32), '--message', 'x']), 'USAGE', 'give one of --message/stdin, --typed-data, --hash, --tx')
    failed(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', sig, '--tx', '0x02']), 'USAGE', '--tx carries its own signature; --signature goes with the other modes')
    failed(await runCli(['verify', '--signature', sig]), 'USAGE', 'Missing required argument: address; airsign --help shows the usage')
    failed(await runCli(['verify', '--address', '0x12', '--signature', sig]), 'BAD_ADDRESS', '--address: expected 0x followed by 40 hex digits')
  })
})
