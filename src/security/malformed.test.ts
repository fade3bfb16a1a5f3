/**
 * Issue 5.4 (table) and 5.3 (every error class): malformed and hostile input
 * through the built CLI. Each case runs with the known secret available (so a
 * leak would show), and asserts its error code, the exit status of that code,
 * an empty stdout, one error line on stderr with no stack trace, and no
 * secret in either stream. A final test checks that every error code of
 * errors.ts is reached here, or says why it cannot be from the command line.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, test } from 'vitest'
import { encodeRlp, encryptKeystoreJsonSync, getBytes, HDNodeWallet, Mnemonic, Transaction, Wallet } from 'ethers'
import { CryptoKeypath, DataType, EthSignRequest, PathComponent } from '@keystonehq/bc-ur-registry-eth'
import { UR, UREncoder } from '@ngraveio/bc-ur'
import { EXIT, type ErrorCode } from '../errors.js'
import { CAP } from '../io/read.js'
import { BIN, runCli, type Run } from '../test/cli.js'
import { EIP155_TX, ENV, qrRequest, SAFE_TX } from './commands.js'
import { KEYSTORE_PASSWORD, leaks, PASSPHRASE, PHRASE, RAW_KEY, SHARES, WORDS } from './fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'airsign-malformed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, data: string | Uint8Array): string => {
  const p = join(dir, name)
  writeFileSync(p, data)
  return p
}

// The EIP-155 example's fields, as RLP items (hex), in wire order.
const F = ['0x09', '0x04a817c800', '0x5208', '0x' + '35'.repeat(20), '0x0de0b6b3a7640000', '0x', '0x01', '0x', '0x']
/** The example with field i replaced (RLP built by ethers, which encodes bytes exactly as given). */
const withField = (i: number, v: unknown): string => encodeRlp(F.map((f, j) => (j === i ? v : f)) as string[])
const strip = (h: string): string => h.slice(2)
const TX_BODY = strip(EIP155_TX).slice(4) // the payload after the list header 0xec, 0x2c bytes
const SIGNED = ((): string => {
  const t = Transaction.from({ type: 0, chainId: 1, nonce: 9, gasPrice: 20000000000n, gasLimit: 21000, to: '0x' + '35'.repeat(20), value: 1n })
  t.signature = Wallet.fromPhrase(PHRASE).signingKey.sign(t.unsignedHash)
  return t.serialized
})()
const OK_JSON = { chainId: 1, nonce: 9, gasPrice: '20000000000', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: '1' }
const json = (patch: Record<string, unknown>): string => JSON.stringify({ ...OK_JSON, ...patch })
const XFP = HDNodeWallet.fromSeed(Mnemonic.fromPhrase(PHRASE, PASSPHRASE).computeSeed()).fingerprint.slice(2)
const UNSIGNED = Buffer.from(getBytes(Transaction.from(EIP155_TX).unsignedSerialized))
const ur = (req: EthSignRequest): string => new UREncoder(req.toUR(), 400).nextPart() + '\n'
const P0 = "m/44'/60'/0'/0/0"

type Case = {
  name: string
  args: string[]
  stdin?: string | Uint8Array
  env?: Record<string, string>
  fds?: (string | Uint8Array)[]
  /** the expected code (several only where issue 3 is changing what the code is) */
  code: ErrorCode | ErrorCode[]
}

const sign = (name: string, tx: string, code: Case['code'], extra: string[] = []): Case => ({ name, args: ['sign', '--tx', tx, ...extra], env: ENV, code })

/** A transfer(0x1111…, 1) to the example's 0x3535… address: calldata, so the review loads the files. */
const CALL_TX = json({ data: '0xa9059cbb' + '0'.repeat(24) + '11'.repeat(20) + '0'.repeat(63) + '1' })
const DESC = (patch: (d: Record<string, unknown>) => void): string => {
  const d: Record<string, unknown> = {
    $schema: 'https://eips.ethereum.org/assets/eip-7730/erc7730-v2.schema.json',
    context: { contract: { deployments: [{ chainId: 1, address: '0x3535353535353535353535353535353535353535' }] } },
    metadata: { owner: 'test' },
    display: { formats: { 'transfer(address to, uint256 amount)': { intent: 'Send', fields: [{ path: 'amount', label: 'Amount', format: 'raw' }] } } },
  }
  patch(d)
  return JSON.stringify(d)
}
const fields = (d: Record<string, unknown>) => ((d.display as { formats: Record<string, { fields: unknown[] }> }).formats['transfer(address to, uint256 amount)']!.fields)
function reviewCases(): Case[] {
  const desc = (name: string, text: string, code: ErrorCode): Case => sign(`--descriptor: ${name}`, CALL_TX, code, ['--descriptor', file(`d-${code}.json`, text)])
  return [
    sign('--abi: a signature with uint7', CALL_TX, 'ABI_TYPE', ['--abi', file('bad.abi', 'transfer(address to, uint7 x)\n')]),
    sign('--abi: JSON that is not an ABI', CALL_TX, 'ABI_TYPE', ['--abi', file('bad-abi.json', '{"x":1}')]),
    sign('--labels: an array', CALL_TX, 'LABELS_FILE', ['--labels', file('labels.json', '[]')]),
    sign('--labels: not JSON', CALL_TX, 'LABELS_FILE', ['--labels', file('labels2.json', '{')]),
    sign('--labels: missing file', CALL_TX, 'READ_FAILED', ['--labels', join(dir, 'nope.json')]),
    desc('not JSON', '{"$schema":', 'DESCRIPTOR_JSON'),
    desc('ERC-7730 v1', DESC((d) => (d.$schema = '../../specs/erc7730-v1.schema.json')), 'DESCRIPTOR_VERSION'),
    desc('includes an URL', DESC((d) => (d.includes = 'https://example.com/x.json')), 'DESCRIPTOR_INCLUDE'),
    desc('a $ref that does not resolve', DESC((d) => (fields(d)[0] = { path: 'amount', $ref: '$.display.definitions.nope' })), 'DESCRIPTOR_REF'),
    desc('a path outside the grammar', DESC((d) => (fields(d)[0] = { path: 'amount[0]', label: 'A', format: 'raw' })), 'DESCRIPTOR_PATH'),
    desc('a format key that does not parse', DESC((d) => ((d.display as { formats: unknown }).formats = { 'transfer(address to,, uint256)': { intent: 'x', fields: [] } })), 'DESCRIPTOR_FORMAT_KEY'),
    desc('an unknown field format', DESC((d) => (fields(d)[0] = { path: 'amount', label: 'A', format: 'number' })), 'DESCRIPTOR_FIELD'),
    sign('an unlimited approval, not accepted', json({ data: '0x095ea7b3' + '0'.repeat(24) + '22'.repeat(20) + 'f'.repeat(64) }), 'RISK_REFUSED'),
    sign('--accept with a code that does not exist', CALL_TX, 'USAGE', ['--accept', 'EVERYTHING']),
  ]
}
const signIn = (name: string, stdin: string | Uint8Array, code: Case['code'], extra: string[] = []): Case => ({ name, args: ['sign', ...extra], stdin, env: ENV, code })
const addr = (name: string, extra: string[], code: Case['code'], env: Record<string, string> = ENV): Case => ({ name, args: ['address', ...extra], env, code })
const phrase = (name: string, text: string | Uint8Array, code: Case['code']): Case => ({ name: `mnemonic file: ${name}`, args: ['address', '--mnemonic-file', '/dev/fd/3'], fds: [text], env: { AIRSIGN_PASSPHRASE: PASSPHRASE }, code })
const swapped = [...WORDS.slice(0, 10), WORDS[11]!, WORDS[10]!].join(' ')

const CASES: Case[] = [
  // Transaction text: hex
  signIn('empty stdin', '', 'TX_EMPTY'),
  signIn('only white space', ' \r\n\t\n', 'TX_EMPTY'),
  sign('only 0x', '0x', 'TX_EMPTY'),
  sign('not hex', '0xzz', 'BAD_HEX'),
  sign('odd number of digits', EIP155_TX + '0', 'BAD_HEX'),
  sign('0X and g', '0Xgg', 'BAD_HEX'),
  sign('hex with an inner space', EIP155_TX.slice(0, 20) + ' ' + EIP155_TX.slice(20), 'BAD_HEX'),
  signIn('CRLF inside the hex', EIP155_TX.slice(0, 20) + '\r\n' + EIP155_TX.slice(20), 'BAD_HEX'),
  signIn('NUL byte after the hex', EIP155_TX + '\0', 'BAD_HEX'),
  signIn('NUL byte inside the hex', EIP155_TX.slice(0, 10) + '\0' + EIP155_TX.slice(10), 'BAD_HEX'),
  signIn('non-UTF-8 bytes', Uint8Array.of(0x30, 0x78, 0xff, 0xfe), 'BAD_UTF8'),
  signIn('overlong UTF-8 encoding of "0"', Uint8Array.of(0xc0, 0xb0), 'BAD_UTF8'),
  signIn('UTF-16 LE text (with its BOM)', Buffer.from('\ufeff' + EIP155_TX, 'utf16le'), 'BAD_UTF8'),
  signIn('a BOM in the middle', EIP155_TX.slice(0, 10) + '\ufeff' + EIP155_TX.slice(10), 'BAD_HEX'),
  sign('unicode digits', '0x٠١', 'BAD_HEX'),
  sign('a decimal number', '12345', 'BAD_HEX'),
  // Transaction: RLP structure
  sign('trailing garbage byte after the RLP', EIP155_TX + '00', 'TX_DECODE'),
  sign('trailing RLP item after the RLP', EIP155_TX + 'c0', 'TX_DECODE'),
  sign('truncated by one byte', EIP155_TX.slice(0, -2), 'TX_DECODE'),
  sign('list header claims one byte more', '0xed' + TX_BODY, 'TX_DECODE'),
  sign('list header claims one byte less', '0xeb' + TX_BODY, 'TX_DECODE'),
  sign('long-form list header for a short list', '0xf82c' + TX_BODY, 'TX_DECODE'),
  sign('list length with a leading zero byte', '0xf9002c' + TX_BODY, 'TX_DECODE'),
  sign('length of 2^64-1 bytes', '0xffffffffffffffffff' + TX_BODY, 'TX_DECODE'),
  sign('a single byte below 0x80 written with a prefix (nonce 0x8109)', '0xed' + '8109' + TX_BODY.slice(2), 'TX_DECODE'),
  sign('long-form string for a short string (gas b80252 08)', withField(0, '0x09').replace('825208', 'b8025208').replace(/^0xec/, '0xed'), 'TX_DECODE'),
  sign('an empty list', '0xc0', 'TX_DECODE'),
  sign('an RLP string, not a list', '0x83010203', 'TX_DECODE'),
  sign('a lone string prefix byte', '0x80', 'TX_DECODE'),
  sign('a single 0xff', '0xff', 'TX_DECODE'),
  sign('5 fields', encodeRlp(F.slice(0, 5)), 'TX_DECODE'),
  sign('7 fields', encodeRlp(F.slice(0, 7)), 'TX_DECODE'),
  sign('8 fields', encodeRlp(F.slice(0, 8)), 'TX_DECODE'),
  sign('10 fields', encodeRlp([...F, '0x']), 'TX_DECODE'),
  sign('nested list as the whole data', encodeRlp([F]), 'TX_DECODE'),
  // Transaction: field values
  sign('nonce with a leading zero byte', withField(0, '0x0009'), 'TX_FIELD'),
  sign('gasPrice with a leading zero byte', withField(1, '0x0004a817c800'), 'TX_FIELD'),
  sign('value of 2^256 (33 bytes)', withField(4, '0x01' + '00'.repeat(32)), 'TX_FIELD'),
  sign('gasPrice of 2^256+1', withField(1, '0x01' + '00'.repeat(31) + '01'), 'TX_FIELD'),
  sign('value of 2^512', withField(4, '0x01' + '00'.repeat(64)), 'TX_FIELD'),
  sign('nonce 2^64-1 (EIP-2681)', withField(0, '0xffffffffffffffff'), 'TX_FIELD'),
  sign('gas 2^64', withField(2, '0x010000000000000000'), 'TX_FIELD'),
  sign('chainId 2^64', withField(6, '0x010000000000000000'), 'TX_FIELD'),
  sign('chainId with a leading zero byte', withField(6, '0x0001'), 'TX_FIELD'),
  sign('to of 19 bytes', withField(3, '0x' + '35'.repeat(19)), 'TX_FIELD'),
  sign('to of 21 bytes', withField(3, '0x' + '35'.repeat(21)), 'TX_FIELD'),
  sign('nonce is a list', withField(0, []), 'TX_FIELD'),
  sign('data is a list', withField(5, ['0x01']), 'TX_FIELD'),
  sign('r set in the EIP-155 form', withField(7, '0x01'), 'TX_SIGNED'),
  sign('s set in the EIP-155 form', withField(8, '0x01'), 'TX_SIGNED'),
  sign('a signed transaction (ethers)', SIGNED, 'TX_SIGNED'),
  sign('chain id 0 in the EIP-155 form', withField(6, '0x'), 'CHAIN_ID_MISSING'),
  sign('6 fields and no --chain-id', encodeRlp(F.slice(0, 6)), 'CHAIN_ID_MISSING'),
  sign('--chain-id disagrees', EIP155_TX, 'CHAIN_ID_MISMATCH', ['--chain-id', '5']),
  sign('--unprotected with a chain id', EIP155_TX, 'USAGE', ['--unprotected']),
  // Typed transactions
  sign('type 0x02 followed by garbage', '0x02ff', 'TX_DECODE'),
  sign('type 0x01 alone', '0x01', 'TX_DECODE'),
  sign('type 0x7f (reserved)', '0x7fc0', 'TX_TYPE_UNKNOWN'),
  sign('type 0x05', '0x05c0', 'TX_TYPE_UNKNOWN'),
  sign('type 0x00', '0x00c0', 'TX_DECODE'),
  sign('type 0x03 (blob) with an empty list', '0x03c0', 'TX_DECODE'),
  sign('type 0x03 without a versioned hash', '0x03' + strip(encodeRlp(['0x01', '0x', '0x01', '0x02', '0x5208', '0x' + '35'.repeat(20), '0x', '0x', [], '0x01', []])), 'TX_BLOB_HASH'),
  sign('type 0x03 with a versioned hash of version 0x02', '0x03' + strip(encodeRlp(['0x01', '0x', '0x01', '0x02', '0x5208', '0x' + '35'.repeat(20), '0x', '0x', [], '0x01', ['0x02' + '00'.repeat(31)]])), 'TX_BLOB_HASH'),
  sign('type 0x03 in a network wrapper with no blobs', '0x03' + strip(encodeRlp([['0x01', '0x', '0x01', '0x02', '0x5208', '0x' + '35'.repeat(20), '0x', '0x', [], '0x01', ['0x01' + '00'.repeat(31)]], [], [], []])), 'TX_BLOB_WRAPPER'),
  { name: 'inspect: a network wrapper whose blob is one byte short', args: ['inspect'], stdin: '0x03' + strip(encodeRlp([['0x01', '0x', '0x01', '0x02', '0x5208', '0x' + '35'.repeat(20), '0x', '0x', [], '0x01', ['0x01' + '00'.repeat(31)]], ['0x' + '00'.repeat(131071)], ['0x' + '00'.repeat(48)], ['0x' + '00'.repeat(48)]])), code: 'TX_BLOB_WRAPPER' },
  sign('type 0x02 with trailing bytes after its list', '0x02c000', 'TX_DECODE'),
  sign('type 0x02 with 8 fields', '0x02c8' + '80'.repeat(8), 'TX_DECODE'),
  sign('type 0x02 signed (12 fields)', '0x02cc' + '80'.repeat(12), 'TX_SIGNED'),
  sign('JSON type 2: tip above the fee cap', JSON.stringify({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 2, gas: 21000, to: null }), 'TX_FIELD'),
  sign('JSON type 4: to null', JSON.stringify({ type: 4, chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gas: 21000, to: null, authorizationList: [] }), 'TX_FIELD'),
  sign('JSON type 1: access list key of 31 bytes', JSON.stringify({ type: 1, chainId: 1, nonce: 0, gasPrice: 1, gas: 21000, to: null, accessList: [{ address: '0x' + '11'.repeat(20), storageKeys: ['0x' + '22'.repeat(31)] }] }), 'TX_FIELD'),
  sign('JSON type 3 with nothing else', JSON.stringify({ type: 3, chainId: 1 }), 'TX_FIELD'),
  sign('JSON type "eip4844" with blobs', JSON.stringify({ type: 'eip4844', chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gas: 21000, to: '0x' + '35'.repeat(20), maxFeePerBlobGas: 1, blobVersionedHashes: ['0x01' + '00'.repeat(31)], blobs: ['0x00'] }), 'TX_FIELD'),
  sign('JSON type 3 with a versioned hash of 31 bytes', JSON.stringify({ type: 3, chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gas: 21000, to: '0x' + '35'.repeat(20), maxFeePerBlobGas: 1, blobVersionedHashes: ['0x01' + '00'.repeat(30)] }), 'TX_BLOB_HASH'),
  sign('--unprotected with a typed transaction', JSON.stringify({ type: 2, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gas: 21000, to: null }), 'USAGE', ['--unprotected']),
  // --chain-id values
  sign('--chain-id not a number', EIP155_TX, 'BAD_NUMBER', ['--chain-id', 'one']),
  sign('--chain-id negative', EIP155_TX, 'BAD_NUMBER', ['--chain-id=-1']),
  sign('--chain-id 2^64', EIP155_TX, 'BAD_NUMBER', ['--chain-id', '18446744073709551616']),
  sign('--chain-id above 2^256', EIP155_TX, 'BAD_NUMBER', ['--chain-id', '1' + '0'.repeat(80)]),
  sign('--chain-id 1e3', EIP155_TX, 'BAD_NUMBER', ['--chain-id', '1e3']),
  sign('--chain-id 0x', EIP155_TX, 'BAD_NUMBER', ['--chain-id', '0x']),
  sign('--chain-id with a space', EIP155_TX, 'BAD_NUMBER', ['--chain-id', ' 1']),
  // Transaction text: JSON
  sign('JSON: unterminated', '{', 'TX_JSON'),
  sign('JSON: an array', '[]', 'TX_JSON'),
  sign('JSON: trailing garbage', json({}) + 'x', 'TX_JSON'),
  signIn('JSON: nested 100000 deep', '['.repeat(100000) + ']'.repeat(100000), 'TX_JSON'),
  signIn('JSON: an object nested 100000 deep', '{"a":'.repeat(100000) + '1' + '}'.repeat(100000), 'TX_FIELD'),
  sign('JSON: empty object', '{}', 'TX_FIELD'),
  sign('JSON: value above 2^256', json({ value: (1n << 256n).toString() }), 'TX_FIELD'),
  sign('JSON: value 0x of 2^256', json({ value: '0x1' + '0'.repeat(64) }), 'TX_FIELD'),
  sign('JSON: negative value', json({ value: '-1' }), 'TX_FIELD'),
  sign('JSON: value 1e21 as a number', '{"chainId":1,"nonce":9,"gasPrice":"1","gas":21000,"to":null,"value":1e21}', 'TX_FIELD'),
  sign('JSON: fractional nonce', json({ nonce: 1.5 }), 'TX_FIELD'),
  sign('JSON: nonce "0x"', json({ nonce: '0x' }), 'TX_FIELD'),
  sign('JSON: nonce with spaces', json({ nonce: ' 9' }), 'TX_FIELD'),
  sign('JSON: nonce true', json({ nonce: true }), 'TX_FIELD'),
  sign('JSON: gas as an object', json({ gas: { n: 1 } }), 'TX_FIELD'),
  sign('JSON: unknown field', json({ gasprice: '1' }), 'TX_FIELD'),
  sign('JSON: __proto__ field', '{"__proto__":{"x":1},' + json({}).slice(1), 'TX_FIELD'),
  sign('JSON: to missing', JSON.stringify({ ...OK_JSON, to: undefined }), 'TX_FIELD'),
  sign('JSON: to of 19 bytes', json({ to: '0x' + '35'.repeat(19) }), 'TX_FIELD'),
  sign('JSON: to with a bad EIP-55 checksum', json({ to: '0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }), 'TX_FIELD'),
  sign('JSON: data with an odd length', json({ data: '0xabc' }), 'TX_FIELD'),
  sign('JSON: data with a NUL', json({ data: '0x\u0000' }), 'TX_FIELD'),
  sign('JSON: data and input differ', json({ data: '0x01', input: '0x02' }), 'TX_FIELD'),
  sign('JSON: gas and gasLimit differ', json({ gasLimit: 1 }), 'TX_FIELD'),
  sign('JSON: chainId 2^64', json({ chainId: '18446744073709551616' }), 'TX_FIELD'),
  sign('JSON: carries r', json({ r: '0x01' }), 'TX_SIGNED'),
  sign('JSON: carries a signature', json({ signature: '0x00' }), 'TX_SIGNED'),
  sign('JSON: type 0x99', json({ type: '0x99' }), 'TX_TYPE_UNKNOWN'),
  sign('JSON: type 256', json({ type: 256 }), 'TX_FIELD'),
  sign('JSON: from is another address', json({ from: '0x' + '11'.repeat(20) }), 'FROM_MISMATCH'),
  sign('JSON: chainId disagrees with --chain-id', json({}), 'CHAIN_ID_MISMATCH', ['--chain-id', '2']),
  // Sizes
  signIn('stdin of 16 MiB + 1 byte', new Uint8Array(CAP.input + 1).fill(0x61), 'INPUT_TOO_LARGE'),
  phrase('above the 4 KiB secret cap', 'a '.repeat(CAP.secret), 'INPUT_TOO_LARGE'),
  // The mnemonic
  phrase('empty', '', 'MNEMONIC_WORD_COUNT'),
  phrase('11 words', WORDS.slice(0, 11).join(' '), 'MNEMONIC_WORD_COUNT'),
  phrase('13 words', [...WORDS, WORDS[0]].join(' '), 'MNEMONIC_WORD_COUNT'),
  phrase('two words swapped (checksum)', swapped, 'MNEMONIC_CHECKSUM'),
  phrase('a word in upper case', PHRASE.replace(WORDS[2]!, WORDS[2]!.toUpperCase()), 'MNEMONIC_UNKNOWN_WORD'),
  phrase('a misspelt word', PHRASE.replace(WORDS[5]!, WORDS[5]! + 'q'), 'MNEMONIC_UNKNOWN_WORD'),
  phrase('a NUL inside a word', PHRASE.replace(WORDS[1]!, WORDS[1]!.slice(0, 2) + '\0' + WORDS[1]!.slice(2)), 'MNEMONIC_UNKNOWN_WORD'),
  phrase('a NUL between words', WORDS.join(' \0 '), 'MNEMONIC_WORD_COUNT'),
  phrase('non-UTF-8 byte', Buffer.concat([Buffer.from(PHRASE), Buffer.of(0xff)]), 'BAD_UTF8'),
  phrase('Latin-1 é', Buffer.concat([Buffer.from(PHRASE + ' caf'), Buffer.of(0xe9)]), 'BAD_UTF8'),
  phrase('a truncated UTF-8 sequence', Buffer.concat([Buffer.from(PHRASE), Buffer.of(0xe2, 0x82)]), 'BAD_UTF8'),
  phrase('words joined by commas', WORDS.join(','), 'MNEMONIC_WORD_COUNT'),
  phrase('checksum fails after a word is replaced by a valid one', PHRASE.replace(WORDS[0]!, 'abandon'), 'MNEMONIC_CHECKSUM'),
  { name: '--lang japanese with English words', args: ['address', '--lang', 'japanese'], env: ENV, code: 'MNEMONIC_LANGUAGE' },
  { name: '--lang not a language', args: ['address', '--lang', 'klingon'], env: ENV, code: 'USAGE' },
  { name: 'passphrase file not UTF-8', args: ['address', '--passphrase-file', '/dev/fd/3'], fds: [Uint8Array.of(0x41, 0xff)], env: { AIRSIGN_MNEMONIC: PHRASE }, code: 'BAD_UTF8' },
  { name: 'passphrase file above 4 KiB', args: ['address', '--passphrase-file', '/dev/fd/3'], fds: ['p'.repeat(CAP.secret + 1)], env: { AIRSIGN_MNEMONIC: PHRASE }, code: 'INPUT_TOO_LARGE' },
  // Secret sources
  { name: 'no mnemonic source, no terminal', args: ['address'], env: { AIRSIGN_PASSPHRASE: PASSPHRASE }, code: 'NO_SECRET_SOURCE' },
  { name: 'AIRSIGN_MNEMONIC empty', args: ['derive'], env: { AIRSIGN_MNEMONIC: '', AIRSIGN_PASSPHRASE: PASSPHRASE }, code: 'NO_SECRET_SOURCE' },
  { name: '--passphrase-prompt without a terminal', args: ['address', '--passphrase-prompt'], env: { AIRSIGN_MNEMONIC: PHRASE }, code: 'NO_SECRET_SOURCE' },
  { name: 'mnemonic file missing', args: ['address', '--mnemonic-file', join(dir, 'missing')], env: { AIRSIGN_PASSPHRASE: PASSPHRASE }, code: 'READ_FAILED' },
  { name: 'mnemonic file is a directory', args: ['seed', '--mnemonic-file', dir], env: { AIRSIGN_PASSPHRASE: PASSPHRASE }, code: 'READ_FAILED' },
  { name: 'descriptor not open', args: ['address', '--mnemonic-file', '/dev/fd/9'], env: { AIRSIGN_PASSPHRASE: PASSPHRASE }, code: 'READ_FAILED' },
  { name: 'stdin read twice', args: ['sign', '--mnemonic-file', '-'], stdin: PHRASE, env: { AIRSIGN_PASSPHRASE: PASSPHRASE }, code: 'USAGE' },
  // Paths
  addr('path: not starting with m', ['--path', "44'/60'"], 'PATH_SYNTAX'),
  addr('path: capital M', ['--path', 'M/0'], 'PATH_SYNTAX'),
  addr('path: trailing slash', ['--path', 'm/0/'], 'PATH_SYNTAX'),
  addr('path: empty level', ['--path', 'm//0'], 'PATH_SYNTAX'),
  addr('path: negative index', ['--path', 'm/-1'], 'PATH_SYNTAX'),
  addr('path: hex index', ['--path', 'm/0x10'], 'PATH_SYNTAX'),
  addr('path: double hardened mark', ["--path", "m/1''"], 'PATH_SYNTAX'),
  addr('path: trailing space', ['--path', 'm/1 '], 'PATH_SYNTAX'),
  addr('path: unicode digit', ['--path', 'm/١'], 'PATH_SYNTAX'),
  addr('path: index 2^31', ['--path', 'm/2147483648'], 'PATH_INDEX'),
  addr('path: index 2^31 hardened', ["--path", "m/2147483648'"], 'PATH_INDEX'),
  addr('path: index with 30 digits', ['--path', 'm/' + '9'.repeat(30)], 'PATH_INDEX'),
  addr('path: 256 levels', ['--path', 'm' + '/0'.repeat(256)], 'PATH_DEPTH'),
  addr('--index -1', ['--index=-1'], 'PATH_INDEX'),
  addr('--index 2^31', ['--index', '2147483648'], 'PATH_INDEX'),
  addr('--index 1.5', ['--index', '1.5'], 'PATH_INDEX'),
  addr('--index not a number', ['--index', 'one'], 'PATH_INDEX'),
  addr('--path and --index', ['--path', 'm/0', '--index', '1'], 'USAGE'),
  addr('--count 0', ['--count', '0'], 'USAGE'),
  addr('--count runs past 2^31-1', ['--index', '2147483647', '--count', '2'], 'PATH_INDEX'),
  // mnemonic new / check
  { name: 'entropy not hex', args: ['mnemonic', 'new', '--entropy', '-'], stdin: 'zz', code: 'BAD_HEX' },
  { name: 'entropy 15 bytes', args: ['mnemonic', 'new', '--entropy', '-'], stdin: '00'.repeat(15), code: 'ENTROPY_LENGTH' },
  { name: 'entropy 33 bytes', args: ['mnemonic', 'new', '--entropy', '-'], stdin: '00'.repeat(33), code: 'ENTROPY_LENGTH' },
  { name: 'entropy empty', args: ['mnemonic', 'new', '--entropy', '-'], stdin: '', code: 'ENTROPY_LENGTH' },
  { name: 'entropy not UTF-8', args: ['mnemonic', 'new', '--entropy', '-'], stdin: Uint8Array.of(0xff), code: 'BAD_UTF8' },
  { name: 'entropy above 4 KiB', args: ['mnemonic', 'new', '--entropy', '-'], stdin: '0'.repeat(CAP.secret + 2), code: 'INPUT_TOO_LARGE' },
  { name: '--words 13', args: ['mnemonic', 'new', '--words', '13'], code: 'USAGE' },
  { name: '--words disagrees with --entropy', args: ['mnemonic', 'new', '--words', '12', '--entropy', '-'], stdin: '00'.repeat(32), code: 'USAGE' },
  { name: 'mnemonic check --entropy', args: ['mnemonic', 'check', '--entropy', '00'], env: ENV, code: 'USAGE' },
  { name: 'mnemonic new --mnemonic-file', args: ['mnemonic', 'new', '--mnemonic-file', '-'], code: 'USAGE' },
  { name: 'mnemonic check: checksum', args: ['mnemonic', 'check'], env: { AIRSIGN_MNEMONIC: swapped }, code: 'MNEMONIC_CHECKSUM' },
  { name: 'mnemonic: unknown action', args: ['mnemonic', 'show'], env: ENV, code: 'USAGE' },
  // vectors
  { name: 'vector file not JSON', args: ['vectors', file('v1.json', '{')], code: 'VECTOR_FILE' },
  { name: 'vector file of an unknown shape', args: ['vectors', file('v2.json', '{"x":1}')], code: 'VECTOR_FILE' },
  { name: 'vector file not UTF-8', args: ['vectors', file('v3.json', Uint8Array.of(0x7b, 0xff, 0x7d))], code: 'BAD_UTF8' },
  { name: 'vector file missing', args: ['vectors', join(dir, 'nope.json')], code: 'READ_FAILED' },
  // qr
  { name: 'qr sign: not a UR', args: ['qr', 'sign'], env: ENV, stdin: 'hello\n', code: 'QR_UR_DECODE' },
  { name: 'qr sign: NUL bytes', args: ['qr', 'sign'], env: ENV, stdin: 'ur:eth-sign-request/\0\0\n', code: 'QR_UR_DECODE' },
  { name: 'qr sign: non-UTF-8', args: ['qr', 'sign'], env: ENV, stdin: Uint8Array.of(0x75, 0x72, 0x3a, 0xff, 0x0a), code: ['BAD_UTF8', 'QR_UR_DECODE'] },
  { name: 'qr sign: damaged checksum', args: ['qr', 'sign'], env: ENV, stdin: qrRequest().replace(/[a-z]{2}\n$/, (m) => (m.startsWith('ae') ? 'ad' : 'ae') + '\n'), code: 'QR_UR_DECODE' },
  { name: 'qr sign: empty input', args: ['qr', 'sign'], env: ENV, stdin: '', code: 'QR_UR_INCOMPLETE' },
  { name: 'qr sign: a UR of another type', args: ['qr', 'sign'], env: ENV, stdin: UREncoder.encodeSinglePart(new UR(Buffer.from('a0', 'hex'), 'eth-signature')) + '\n', code: 'QR_UR_TYPE' },
  { name: 'qr sign: another master fingerprint', args: ['qr', 'sign'], env: ENV, stdin: ur(EthSignRequest.constructETHRequest(UNSIGNED, DataType.transaction, P0, '01020304', randomUUID(), 1)), code: 'QR_FINGERPRINT_MISMATCH' },
  { name: 'qr sign: another address', args: ['qr', 'sign'], env: ENV, stdin: ur(EthSignRequest.constructETHRequest(UNSIGNED, DataType.transaction, P0, XFP, randomUUID(), 1, '0x' + '35'.repeat(20))), code: 'QR_ADDRESS_MISMATCH' },
  { name: 'qr sign: data type 7', args: ['qr', 'sign'], env: ENV, stdin: ur(EthSignRequest.constructETHRequest(UNSIGNED, 7 as DataType, P0, XFP, randomUUID(), 1)), code: 'QR_DATA_TYPE_UNSUPPORTED' },
  { name: 'qr sign: legacy payload as a typed transaction', args: ['qr', 'sign'], env: ENV, stdin: ur(EthSignRequest.constructETHRequest(UNSIGNED, DataType.typedTransaction, P0, XFP, randomUUID(), 1)), code: 'QR_REQUEST_INVALID' },
  {
    name: 'qr sign: wildcard in the path',
    args: ['qr', 'sign'],
    env: ENV,
    stdin: ur(new EthSignRequest({ signData: UNSIGNED, dataType: DataType.transaction, chainId: 1, derivationPath: new CryptoKeypath([new PathComponent({ index: 44, hardened: true }), new PathComponent({ hardened: false })], Buffer.from(XFP, 'hex')) })),
    code: 'QR_PATH_INVALID',
  },
  { name: 'qr account: 25 Ledger Live keys in one PNG', args: ['qr', 'account', '--preset', 'ledger-live', '--count', '25', '--qr-format', 'png'], env: ENV, code: 'QR_TOO_LARGE' },
  // Messages, typed data, digests, signatures (issue 4)
  { name: 'sign-message --hex with odd hex', args: ['sign-message', '--hex', '--message', '0x123'], env: ENV, code: 'BAD_HEX' },
  { name: 'sign-message: stdin above the cap', args: ['sign-message'], env: ENV, stdin: new Uint8Array(CAP.input + 1), code: 'INPUT_TOO_LARGE' },
  { name: 'sign-typed-data: not JSON', args: ['sign-typed-data'], env: ENV, stdin: '{"types"', code: 'TYPED_DATA_JSON' },
  { name: 'sign-typed-data: an array', args: ['sign-typed-data'], env: ENV, stdin: '[]', code: 'TYPED_DATA_JSON' },
  { name: 'sign-typed-data: unknown type', args: ['sign-typed-data'], env: ENV, stdin: JSON.stringify({ types: { EIP712Domain: [], T: [{ name: 'a', type: 'U' }] }, primaryType: 'T', domain: {}, message: { a: 1 } }), code: 'TYPED_DATA_TYPE' },
  { name: 'sign-typed-data: self-containing type', args: ['sign-typed-data'], env: ENV, stdin: JSON.stringify({ types: { EIP712Domain: [], T: [{ name: 'a', type: 'T' }] }, primaryType: 'T', domain: {}, message: {} }), code: 'TYPED_DATA_TYPE' },
  { name: 'sign-typed-data: uint8 of 256', args: ['sign-typed-data'], env: ENV, stdin: JSON.stringify({ types: { EIP712Domain: [], T: [{ name: 'a', type: 'uint8' }] }, primaryType: 'T', domain: {}, message: { a: 256 } }), code: 'TYPED_DATA_FIELD' },
  { name: 'sign-typed-data: invalid UTF-8', args: ['sign-typed-data'], env: ENV, stdin: Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d]), code: 'BAD_UTF8' },
  { name: 'inspect-typed-data: 2^60 as a JSON number', args: ['inspect-typed-data'], stdin: JSON.stringify({ types: { EIP712Domain: [], T: [{ name: 'a', type: 'uint64' }] }, primaryType: 'T', domain: {}, message: { a: 2 ** 60 } }), code: 'TYPED_DATA_FIELD' },
  { name: 'sign-hash without --blind', args: ['sign-hash', '--hash', '0x' + '11'.repeat(32)], env: ENV, code: 'BLIND_SIGNING_REFUSED' },
  { name: 'sign-hash of 31 bytes', args: ['sign-hash', '--blind', '--hash', '0x' + '11'.repeat(31)], env: ENV, code: 'BAD_HEX' },
  { name: 'verify: signature of 64 bytes', args: ['verify', '--address', '0x' + '11'.repeat(20), '--signature', '0x' + '11'.repeat(64), '--message', 'x'], code: 'SIGNATURE_LENGTH' },
  { name: 'verify: v = 29', args: ['verify', '--address', '0x' + '11'.repeat(20), '--signature', '0x' + '11'.repeat(64) + '1d', '--message', 'x'], code: 'SIGNATURE_V' },
  { name: 'verify: s in the upper half', args: ['verify', '--address', '0x' + '11'.repeat(20), '--signature', '0x' + '11'.repeat(32) + 'ff'.repeat(31) + '00' + '1b', '--message', 'x'], code: ['SIGNATURE_HIGH_S', 'BAD_SIGNATURE'] },
  { name: 'verify: s = n - 1 (high)', args: ['verify', '--address', '0x' + '11'.repeat(20), '--signature', '0x' + '11'.repeat(32) + 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140' + '1b', '--message', 'x'], code: 'SIGNATURE_HIGH_S' },
  { name: 'verify: r = 0', args: ['verify', '--address', '0x' + '11'.repeat(20), '--signature', '0x' + '00'.repeat(32) + '11'.repeat(32) + '1b', '--message', 'x'], code: 'BAD_SIGNATURE' },
  { name: 'verify: a signed tx with a high s', args: ['verify', '--address', '0x' + '11'.repeat(20), '--tx', SIGNED.replace(/a0([0-9a-f]{64})$/, 'a0' + 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140')], code: 'BAD_SIGNATURE' },
  { name: 'verify: --address of 19 bytes', args: ['verify', '--address', '0x' + '11'.repeat(19), '--signature', '0x' + '11'.repeat(65), '--message', 'x'], code: 'BAD_ADDRESS' },
  // Review files (issue 12): --abi, --labels, --descriptor, and the policy
  ...reviewCases(),
  // Key sources beside the mnemonic (issue 14)
  ...keyCases(),
  // Safe (issue 13)
  ...safeCases(),
  // The command line
  { name: 'unknown command', args: ['steal'], env: ENV, code: 'USAGE' },
  { name: 'no command', args: [], env: ENV, code: 'USAGE' },
  { name: 'unknown option', args: ['address', '--mnemonic-fle', 'x'], env: ENV, code: 'USAGE' },
  { name: 'an option without its value at the end', args: ['sign', '--chain-id'], env: ENV, stdin: EIP155_TX, code: ['BAD_NUMBER', 'USAGE'] },
]

/** Malformed shares, keystores and raw keys: each code, the secret never echoed. */
function keyCases(): Case[] {
  const share = SHARES[0]!.split(' ')
  const shares = (lines: string[]): string[] => [lines.join('\n') + '\n']
  const slip = (name: string, lines: string[], code: ErrorCode): Case => ({ name: `SLIP-39: ${name}`, args: ['address', '--slip39-file', '/dev/fd/3'], fds: shares(lines), env: { AIRSIGN_PASSPHRASE: 'TREZOR' }, code })
  const swap = [...share]
  ;[swap[8], swap[9]] = [swap[9]!, swap[8]!]
  const ks = JSON.parse(encryptKeystoreJsonSync({ address: new Wallet('0x' + RAW_KEY).address, privateKey: '0x' + RAW_KEY }, KEYSTORE_PASSWORD, { scrypt: { N: 1024 } })) as Record<string, any>
  const keystore = (name: string, patch: (k: Record<string, any>) => void, code: ErrorCode, password = KEYSTORE_PASSWORD): Case => {
    const k = structuredClone(ks)
    patch(k)
    return { name: `keystore: ${name}`, args: ['address', '--keystore', file(`ks-${name.replace(/\W+/g, '-')}.json`, JSON.stringify(k))], env: { AIRSIGN_KEYSTORE_PASSWORD: password }, code }
  }
  return [
    slip('a word not in the list', [share.map((w, i) => (i === 3 ? 'quokka' : w)).join(' '), ...SHARES.slice(1)], 'SLIP39_WORD'),
    slip('two words swapped', [swap.join(' '), ...SHARES.slice(1)], 'SLIP39_CHECKSUM'),
    slip('a word dropped', [share.slice(0, -1).join(' '), ...SHARES.slice(1)], 'SLIP39_SHARE'),
    slip('too few shares', SHARES.slice(0, 2), 'SLIP39_INSUFFICIENT'),
    slip('a share of another set', [...SHARES.slice(0, 2), 'adequate smoking academic acid debut wine petition glen cluster slow rhyme slow simple epidemic rumor junk tracks treat olympic tolerate'], 'SLIP39_SHARE_SET'),
    slip('no share at all', [''], 'SLIP39_INSUFFICIENT'),
    { name: 'SLIP-39 shares not UTF-8', args: ['address', '--slip39-file', '/dev/fd/3'], fds: [Uint8Array.of(0x61, 0xff)], code: 'BAD_UTF8' },
    keystore('not version 3', (k) => (k.version = 4), 'KEYSTORE_JSON'),
    keystore('another cipher', (k) => (k.Crypto.cipher = 'aes-256-gcm'), 'KEYSTORE_JSON'),
    keystore('a MAC of 31 bytes', (k) => (k.Crypto.mac = k.Crypto.mac.slice(2)), 'KEYSTORE_JSON'),
    keystore('scrypt beyond the memory bound', (k) => Object.assign(k.Crypto.kdfparams, { n: 2 ** 24, r: 8 }), 'KEYSTORE_KDF'),
    keystore('an unknown KDF', (k) => (k.Crypto.kdf = 'argon2id'), 'KEYSTORE_KDF'),
    keystore('the wrong password', () => {}, 'KEYSTORE_PASSWORD', KEYSTORE_PASSWORD + '!'),
    { name: 'keystore: not JSON', args: ['address', '--keystore', file('ks-bad.json', '{')], env: { AIRSIGN_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD }, code: 'KEYSTORE_JSON' },
    { name: 'keystore: missing', args: ['address', '--keystore', join(dir, 'nope.json')], env: { AIRSIGN_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD }, code: 'READ_FAILED' },
    { name: 'raw key: 31 bytes', args: ['address', '--private-key-file', '/dev/fd/3'], fds: [RAW_KEY.slice(2) + '\n'], code: 'PRIVATE_KEY_INVALID' },
    { name: 'raw key: not hex', args: ['address', '--private-key-file', '/dev/fd/3'], fds: [RAW_KEY.replace(/[0-9]/, 'g') + '\n'], code: 'PRIVATE_KEY_INVALID' },
    { name: 'raw key: the curve order', args: ['address', '--private-key-file', '/dev/fd/3'], fds: ['fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141\n'], code: 'PRIVATE_KEY_INVALID' },
    { name: 'raw key with --index', args: ['sign', '--tx', EIP155_TX, '--private-key-file', '/dev/fd/3', '--index', '1'], fds: [RAW_KEY + '\n'], code: 'USAGE' },
    { name: 'two key sources', args: ['address', '--private-key-file', '/dev/fd/3', '--slip39-file', '/dev/fd/4'], fds: [RAW_KEY, SHARES.join('\n')], code: 'USAGE' },
  ]
}

/** Malformed Safe inputs: each error code of `airsign safe …`. */
function safeCases(): Case[] {
  const CTX = ['--safe-version', '1.3.0', '--chain-id', '1']
  const tx = JSON.parse(SAFE_TX) as Record<string, unknown>
  const with_ = (patch: Record<string, unknown>) => JSON.stringify({ ...tx, ...patch })
  const hash = (extra: string[], stdin: string = SAFE_TX, name = extra.join(' ')): Case => ({ name: `safe hash ${name}`, args: ['safe', 'hash', ...extra], stdin, code: 'USAGE' })
  const c = (name: string, extra: string[], code: ErrorCode, stdin: string = SAFE_TX): Case => ({ ...hash(extra, stdin, name), code })
  // The Bybit SafeTx as its owners were shown it (a 30,000 ETH transfer), with the signatures they made for the other one.
  const bybit = { safe: '0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4', to: '0x88a1493366D48225fc3cEFbdae9eBb23E323Ade3', value: '30000000000000000000000', data: null, operation: 0, safeTxGas: 45745, baseGas: 0, gasPrice: '0', gasToken: '0x0000000000000000000000000000000000000000', refundReceiver: '0x0000000000000000000000000000000000000000', nonce: 71, confirmations: [{ owner: '0x1F4EB0a903619ac168b19A82F1a6e2e426522211', signature: '0xd0afef78a52fd504479dc2af3dc401334762cbd05609c7ac18db9ec5abf4a07a5cc09fc86efd3489707b89b0c729faed616459189cb50084f208d03b201b001f1f' }] }
  return [
    c('without --safe-version', ['--chain-id', '1'], 'SAFE_VERSION_MISSING'),
    c('--safe-version 0.0.1', ['--safe-version', '0.0.1'], 'SAFE_VERSION_UNSUPPORTED'),
    c('--safe-version 1.3', ['--safe-version', '1.3'], 'SAFE_VERSION_UNSUPPORTED'),
    c('1.3.0 without --chain-id', ['--safe-version', '1.3.0'], 'CHAIN_ID_MISSING'),
    c('not JSON', CTX, 'SAFE_TX_JSON', '{"to":'),
    c('empty input', CTX, 'SAFE_TX_JSON', ''),
    c('a JSON array', CTX, 'SAFE_TX_JSON', '[]'),
    c('operation 2', CTX, 'SAFE_TX_FIELD', with_({ operation: 2 })),
    c('value above 2^256-1', CTX, 'SAFE_TX_FIELD', with_({ value: (1n << 256n).toString() })),
    c('nonce as a JSON number above 2^53', CTX, 'SAFE_TX_FIELD', SAFE_TX.replace('"nonce":"63"', '"nonce":18446744073709551616')),
    c('to with a bad checksum', CTX, 'SAFE_TX_FIELD', with_({ to: '0xa0B86991c6218b36c1d19D4a2e9Eb0cE3606eB48' })),
    c('data with odd hex', CTX, 'SAFE_TX_FIELD', with_({ data: '0xabc' })),
    c('gasToken missing', CTX, 'SAFE_TX_FIELD', with_({ gasToken: undefined })),
    c('data missing (null is no data, absent is a mistake)', CTX, 'SAFE_TX_FIELD', with_({ data: undefined })),
    c('--safe-version given twice', [...CTX, '--safe-version', '1.4.1'], 'USAGE'),
    c('--safe differs from the input', [...CTX, '--safe', '0x' + '11'.repeat(20)], 'SAFE_TX_FIELD'),
    c('a list of two without --pick', CTX, 'SAFE_TX_AMBIGUOUS', JSON.stringify({ count: 2, next: null, previous: null, results: [tx, with_({ value: '1' }) && { ...tx, value: '1' }] })),
    c('--pick beyond the list', [...CTX, '--pick', '5'], 'USAGE', JSON.stringify({ count: 1, results: [tx] })),
    c('an input safeTxHash that is not the computed one', CTX, 'SAFE_HASH_MISMATCH', with_({ safeTxHash: '0x' + '11'.repeat(32) })),
    c('--expect-safe-tx-hash that is not the computed one', [...CTX, '--expect-safe-tx-hash', '0x' + '22'.repeat(32)], 'SAFE_HASH_MISMATCH'),
    c('Bybit as shown, with the signatures of the other transaction', ['--safe-version', '1.1.1', '--chain-id', '1'], 'SAFE_CONFIRMATION_INVALID', JSON.stringify(bybit)),
    c('--mnemonic-file (a sign option)', [...CTX, '--mnemonic-file', '-'], 'USAGE'),
    { name: 'safe sign --sig eth_sign on 1.0.0', args: ['safe', 'sign', '--safe-version', '1.0.0', '--sig', 'eth_sign'], stdin: with_({ safeTxHash: undefined }), env: ENV, code: 'SAFE_ETH_SIGN_UNSUPPORTED' },
    { name: 'safe sign, CRITICAL not accepted', args: ['safe', 'sign', ...CTX], stdin: with_({ operation: 1, to: '0x96221423681A6d52E184D440a8eFCEbB105C7242', data: '0x', safeTxHash: undefined }), env: ENV, code: 'RISK_REFUSED' },
    { name: 'safe message: no hash|sign', args: ['safe', 'message', '--message', 'x', ...CTX, '--safe', tx.safe as string], code: 'USAGE' },
    { name: 'safe message sign --hash without --blind', args: ['safe', 'message', 'sign', '--hash', '0x' + '11'.repeat(32), ...CTX, '--safe', tx.safe as string], env: ENV, code: 'BLIND_SIGNING_REFUSED' },
    { name: 'safe message hash --typed-data not JSON', args: ['safe', 'message', 'hash', '--typed-data', '-', ...CTX, '--safe', tx.safe as string], stdin: '{', code: 'TYPED_DATA_JSON' },
    { name: 'safe verify: 64 bytes of signatures', args: ['safe', 'verify', '--hash', '0x' + '11'.repeat(32), '--signatures', '0x' + '11'.repeat(64)], code: 'SAFE_SIGNATURES' },
    { name: 'safe combine: a signature of 64 bytes', args: ['safe', 'combine', '--hash', '0x' + '11'.repeat(32), '--signature', '0x' + '11'.repeat(64)], code: 'SAFE_SIGNATURES' },
    { name: 'safe combine: the same owner twice', args: ['safe', 'combine', '--hash', '0x' + '11'.repeat(32), '--approved', '0x' + '11'.repeat(20), '--approved', '0x' + '11'.repeat(20)], code: 'SAFE_SIGNATURES' },
    { name: 'safe combine: --threshold above the signatures', args: ['safe', 'combine', '--hash', '0x' + '11'.repeat(32), '--approved', '0x' + '11'.repeat(20), '--threshold', '2'], code: 'SAFE_THRESHOLD_NOT_MET' },
  ]
}

/** The code in the one error line (text or --json form). */
function codeOf(stderr: string): string | undefined {
  const last = stderr.trimEnd().split('\n').pop() ?? ''
  if (last.startsWith('{')) return (JSON.parse(last) as { error: { code: string } }).error.code
  return /\[([A-Z0-9_]+)\]$/.exec(last)?.[1]
}

describe('malformed input through the built CLI: code, exit status, empty stdout, no secret', () => {
  test('at least 100 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100)
  })

  test.concurrent.for(CASES.map((c) => [c.name, c] as const))('%s', async ([, c]) => {
    const r = await runCli(c.args, { stdin: c.stdin ?? '', env: c.env ?? {}, extraFds: c.fds ?? [] })
    check(r, c.code)
  })

  test('--json: the error is one JSON line on stderr, with the same code', async () => {
    const r = await runCli(['sign', '--json', '--tx', '0xc0'], { env: ENV })
    expect(r.code).toBe(EXIT.TX_DECODE)
    expect(r.stdout).toBe('')
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'TX_DECODE' } })
  })
})

function check(r: Run, code: ErrorCode | ErrorCode[]): void {
  const codes = Array.isArray(code) ? code : [code]
  const got = codeOf(r.stderr) as ErrorCode
  expect(codes, `stderr: ${r.stderr}`).toContain(got)
  expect(r.code).toBe(EXIT[got])
  expect(r.stdout).toBe('')
  // One error line (a warning about a secret on argv may precede it), no stack trace.
  expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('airsign: warning:'))).toHaveLength(1)
  expect(r.stderr).not.toMatch(/^\s+at /m)
  expect(leaks(r.stdout + r.stderr)).toEqual([])
}

describe('accepted variants: BOM, CRLF and white space are handled, not errors', () => {
  test.each([
    ['a UTF-8 BOM before the hex', '\ufeff' + EIP155_TX],
    ['CRLF after the hex', EIP155_TX + '\r\n'],
    ['white space around', '  \t' + EIP155_TX + '\n\n'],
    ['no 0x prefix', EIP155_TX.slice(2)],
  ])('transaction with %s signs like the clean one', async (_name, text) => {
    const clean = await runCli(['sign', '--tx', EIP155_TX], { env: ENV })
    expect(clean.code).toBe(0)
    expect(await runCli(['sign'], { stdin: text, env: ENV })).toEqual(clean)
  })

  test.each([
    ['a BOM', '\ufeff' + PHRASE],
    ['CRLF line end', PHRASE + '\r\n'],
    ['CRLF between words', WORDS.join('\r\n')],
    ['tabs and several spaces', WORDS.join(' \t  ')],
  ])('mnemonic file with %s gives the same address', async (_name, text) => {
    const clean = await runCli(['address'], { env: ENV })
    expect(clean.code).toBe(0)
    expect(await runCli(['address', '--mnemonic-file', '/dev/fd/3'], { extraFds: [text], env: { AIRSIGN_PASSPHRASE: PASSPHRASE } })).toEqual(clean)
  })
})

describe('oversized stdin is refused without being read into memory', () => {
  test('an endless stdin stops at the 16 MiB cap with INPUT_TOO_LARGE', async () => {
    // The writer never ends its input: a program that read all of it would never finish.
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string; written: number }>((resolve, reject) => {
      const p = spawn(process.execPath, [BIN, 'sign'], { env: { PATH: process.env.PATH ?? '', ...ENV }, detached: true })
      let stdout = ''
      let stderr = ''
      let written = 0
      const chunk = Buffer.alloc(1 << 16, 0x61)
      const pump = (): void => {
        while (p.stdin.writable && p.stdin.write(chunk)) written += chunk.length
        if (p.stdin.writable) written += chunk.length
      }
      p.stdin.on('drain', pump).on('error', () => {})
      p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
      p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      p.on('error', reject).on('close', (code) => resolve({ code, stdout, stderr, written }))
      pump()
    })
    expect(r.stdout).toBe('')
    expect(codeOf(r.stderr)).toBe('INPUT_TOO_LARGE')
    expect(r.code).toBe(EXIT.INPUT_TOO_LARGE)
    // It read at most the cap and one chunk more (plus what sits in the pipe buffer).
    expect(r.written).toBeGreaterThan(CAP.input)
    expect(r.written).toBeLessThan(CAP.input + 4 * 1024 * 1024)
  })
})

/**
 * Codes no malformed input on the command line can produce, and where each is
 * covered instead. Everything else must appear in CASES.
 */
const NOT_FROM_INPUT: Partial<Record<ErrorCode, string>> = {
  VERIFY_MISMATCH: 'a verification result, not an input error: verify with a valid signature by another key (cli/messages.test.ts)',
  VECTORS_FAILED: 'vectors reports failures as "N passed, M failed" on stdout with exit 1 (tested below)',
  XKEY_INVALID: 'a derived key is invalid with probability 2^-127; no command reads an extended key',
  MNEMONIC_ENCODING: 'a lone surrogate cannot arrive: files are strict UTF-8 (BAD_UTF8), env and argv are bytes, the prompt decodes UTF-8',
  REVIEW_DECLINED: 'an answer at the terminal, not input: covered through a pseudo-terminal in cli.test.ts and qr.test.ts',
  CANCELLED: 'Ctrl-C at the prompt, covered on a pseudo-terminal by leak.test.ts and cli.test.ts',
  INTERNAL: 'a bug',
  TX_TYPE_UNSUPPORTED: 'every type an EIP defines (0 to 4) is supported since EIP-4844 (issue 14); the code stays for a future type that airsign will not sign',
  ABI_DECODE: 'no command decodes calldata "canonical or fail" yet: the review shows undecodable calldata as CALLDATA_NON_CANONICAL (cli/review.test.ts); abi/decode.test.ts covers the error',
  ABI_VALUE: 'no command encodes ABI values from its input yet; abi/encode.test.ts covers every refusal',
  SAFE_MULTISEND: 'a batch that does not decode becomes a blind call in the review (a note; --require-clear refuses it): clear/risk.test.ts; the code itself is covered in clear/known.test.ts',
  DESCRIPTOR_SNAPSHOT: 'the shipped snapshot failing its own manifest is an integrity failure of the build, not input: clear/data/erc7730.test.ts',
  WRITE_FAILED: 'a stdout that refuses the output, not an input: a closed pipe, a non-blocking one that fills and closes, /dev/full (cli/cli.test.ts)',
}

describe('every error class is covered', () => {
  test('each code of errors.ts is reached above, or named with the reason it cannot be', () => {
    const reached = new Set(CASES.flatMap((c) => (Array.isArray(c.code) ? c.code : [c.code])))
    const missing = (Object.keys(EXIT) as ErrorCode[]).filter((c) => !reached.has(c) && !(c in NOT_FROM_INPUT))
    expect(missing).toEqual([])
  })

  test('VECTORS_FAILED: a failing vector file exits 1, prints the count, and no secret', async () => {
    const v = file('failing.json', JSON.stringify({ english: [['00000000000000000000000000000000', PHRASE, '00'.repeat(64), 'xprv']] }))
    const r = await runCli(['vectors', v], { env: ENV })
    expect(r.code).toBe(EXIT.VECTORS_FAILED)
    expect(r.stdout).toMatch(/^0 passed, [1-9][0-9]* failed\n$/)
    expect(leaks(r.stdout)).toEqual([])
  })
})

describe('numeric options are plain decimal: yargs number parsing is not used', () => {
  // yargs would parse --index and --count as JavaScript numbers: '' as 0, and 1e3, 0x10, 0b11, 1.0
  // as 1000, 16, 3, 1. An unset shell variable (--index "$N") would silently sign with index 0.
  test.each([
    ['--index ""', ['--index', ''], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index 1e3', ['--index', '1e3'], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index 0x10', ['--index', '0x10'], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index 0b11', ['--index', '0b11'], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index 1.0', ['--index', '1.0'], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index -1', ['--index=-1'], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index 2147483648', ['--index', '2147483648'], '--index must be an integer from 0 to 2147483647 (decimal digits only) [PATH_INDEX]'],
    ['--index twice', ['--index', '1', '--index', '2'], '--index is given more than once [USAGE]'],
    ['--count 1e1', ['--count', '1e1'], '--count must be an integer from 1 to 1000000 (decimal digits only) [USAGE]'],
    ['--count ""', ['--count', ''], '--count must be an integer from 1 to 1000000 (decimal digits only) [USAGE]'],
  ])('address %s is refused', async (_name, extra, message) => {
    const r = await runCli(['address', ...extra], { env: ENV })
    expect(r).toEqual({ code: message.endsWith('[USAGE]') ? EXIT.USAGE : EXIT.PATH_INDEX, stdout: '', stderr: `airsign: ${message}\n` })
  })

  test('--index 7 and --index 007 are the same key', async () => {
    const a = await runCli(['address', '--index', '7'], { env: ENV })
    const b = await runCli(['address', '--index', '007'], { env: ENV })
    expect(a.code).toBe(0)
    expect(b).toEqual(a)
  })
})
