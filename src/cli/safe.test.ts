/**
 * `airsign safe …` through the built command: every SafeTx vector of the
 * shared research (test-vectors/safe/safe-vectors.json) through `safe hash`
 * and its JSON; each input form; the Bybit pair; the `--expect-*` checks;
 * one case per Safe warning code (the CRITICAL ones refused, then signed with
 * --accept); owner signatures, messages, nested Safes, combine and verify;
 * the error codes with their exact line. The oracles are the vectors' values,
 * ethers (TypedDataEncoder, SigningKey, Interface) and bytes laid out by hand
 * in src/test/safe.ts, never airsign's own functions.
 *
 * Tests marked `test.fails` assert the right behaviour of a bug found by this
 * suite (the comment names it); they pass while the bug is there.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { AbiCoder, concat, Interface, keccak256, TypedDataEncoder } from 'ethers'
import { runCli, TEST_ADDRESS_0, TEST_MNEMONIC, type Run } from '../test/cli.js'
import { bytesToHex } from '../bytes.js'
import { ALIASES, RISKS, type RiskCode } from '../clear/codes.js'
import { EXIT } from '../errors.js'
import * as c from '../test/calls.js'
import {
  eip712Sig, ethersSafeMessage, ethersSafeTx, ethSignSig, key, rules, safeTx, safeTxTypes, signaturesBlob, txFlags, vector, versionOf, VECTORS,
  type BlobEntry, type Hashes, type SafeTxFields, type Vector,
} from '../test/safe.js'

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const KEY0 = key(0)
const hex = bytesToHex
const dir = mkdtempSync(join(tmpdir(), 'airsign-safe-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
/** A file in the test's directory holding `text`. */
function put(text: string, name = `f${files++}.json`): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

const hashText = (h: Hashes): string => `domainHash ${h.domainHash}\nmessageHash ${h.messageHash}\nsafeTxHash ${h.safeTxHash}\n`
/** The one error line (text format) of a failed run, nothing on stdout. */
function failed(r: Run, code: keyof typeof EXIT, message: string): void {
  expect(r).toEqual({ code: EXIT[code], stdout: '', stderr: `airsign: ${message} [${code}]\n` })
}
const lines = (ls: string[]): string => ls.map((l) => `airsign: ${l}\n`).join('')
/** The RISK_REFUSED line of the CRITICAL codes among warning lines ("SEVERITY CODE at PATH: message"). */
function refusedLine(warnings: string[]): string {
  const critical = warnings.filter((l) => l.startsWith('CRITICAL '))
  const codes = [...new Set(critical.map((l) => l.split(' ')[1]!))]
  const first = critical[0]!
  return `airsign: not signed: ${codes.join(', ')} (CRITICAL): ${first.slice(first.indexOf(': ') + 2)}; to sign anyway: --accept ${codes.join(',')} [RISK_REFUSED]\n`
}

// ---------------------------------------------------------------------------------------------
// 1. Every SafeTx vector through `safe hash`, as text and as JSON.

type TxCase = { name: string; v: Vector; version: string; expect: Hashes }
const TX_CASES: TxCase[] = VECTORS.filter((v) => v.tx).flatMap((v): TxCase[] => {
  if (v.id !== 'derived-version-matrix') return [{ name: v.id, v, version: versionOf(v.version!), expect: v.expect as Hashes }]
  // The matrix gives one answer per range of versions: every release in it is checked.
  const ranges: Record<string, string[]> = { '0.1.0': ['0.1.0'], '1.0.0..1.2.0': ['1.0.0', '1.1.0', '1.1.1', '1.2.0'], '1.3.0..1.5.0': ['1.3.0', '1.4.0', '1.4.1', '1.5.0', '1.4.1+L2'] }
  return Object.entries(ranges).flatMap(([range, versions]) => versions.map((version) => ({ name: `${v.id} ${version}`, v, version, expect: v.expect[range] as Hashes })))
})

describe('every SafeTx vector through safe hash', () => {
  test('the vectors are all there (15 entries, 10 of them transactions, the matrix as 10 versions)', () => {
    expect(VECTORS.length).toBe(15)
    expect(TX_CASES.length).toBe(9 + 10)
  })
  test.concurrent.for(TX_CASES.map((k) => [k.name, k] as const))('%s', async ([, k]) => {
    const args = ['safe', 'hash', '--tx', JSON.stringify(k.v.tx), '--safe', k.v.safe!, '--chain-id', String(k.v.chainId), '--safe-version', k.version]
    // The oracle agrees with the vector before airsign is asked.
    const byEthers = ethersSafeTx(k.v.safe!, k.v.chainId!, k.version, k.v.tx!)
    expect({ domainHash: byEthers.domainHash, messageHash: byEthers.messageHash, safeTxHash: byEthers.safeTxHash }).toEqual({ domainHash: k.expect.domainHash, messageHash: k.expect.messageHash, safeTxHash: k.expect.safeTxHash })
    const [text, json] = await Promise.all([runCli(args), runCli([...args, '--json'])])
    expect([text.code, text.stdout]).toEqual([0, hashText(k.expect)])
    expect(text.stderr).toMatch(/^(airsign: (CRITICAL|HIGH|MEDIUM|INFO) [A-Z0-9_]+ at [^\n]+\n)*$/)
    expect([json.code, json.stderr]).toEqual([0, text.stderr.split('\n').filter(Boolean).map((l) => {
      const m = /^airsign: (\S+) (\S+) at ([^:]+): (.*)$/.exec(l)!
      return JSON.stringify({ warning: { code: m[2], severity: m[1], message: m[4], path: m[3] } }) + '\n'
    }).join('')])
    const o = JSON.parse(json.stdout) as Record<string, unknown> & { typedData: { types: Record<string, { name: string; type: string }[]>; domain: Record<string, unknown>; message: Record<string, unknown> }; warnings: { code: string }[] }
    const up = (h: string) => '0x' + h.slice(2).toUpperCase()
    expect({ domainSeparator: o.domainSeparator, structHash: o.structHash, safeTxHash: o.safeTxHash, preimage: o.preimage, device: o.device }).toEqual({
      domainSeparator: k.expect.domainHash,
      structHash: k.expect.messageHash,
      safeTxHash: k.expect.safeTxHash,
      preimage: concat(['0x1901', k.expect.domainHash, k.expect.messageHash]),
      device: { domainHash: up(k.expect.domainHash), messageHash: up(k.expect.messageHash) },
    })
    // The document airsign prints is the one a wallet signs: ethers hashes it to the same safeTxHash.
    const { EIP712Domain, ...types } = o.typedData.types
    expect(types).toEqual(safeTxTypes(k.version))
    expect(EIP712Domain).toEqual(rules(k.version).chainId ? [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }] : [{ name: 'verifyingContract', type: 'address' }])
    expect(TypedDataEncoder.hash(o.typedData.domain, types, o.typedData.message)).toBe(k.expect.safeTxHash)
    expect([o.safe, o.safeVersion, o.source]).toEqual([k.v.safe, k.version, 'protocol-kit'])
    // The warnings the research names for it (by its names: --accept's aliases).
    const codes = o.warnings.map((w) => w.code)
    for (const name of k.v.warnings ?? []) {
      const word = name.split(' ')[0]!
      expect(codes, name).toEqual(expect.arrayContaining([(ALIASES[word] ?? [word])[0]]))
    }
  })
})

// ---------------------------------------------------------------------------------------------
// 2. The input forms.

const ARB = vector('sthu-arbitrum-234')
const ARB_CTX = ['--chain-id', '42161', '--safe-version', '1.3.0+L2']
const ARB_HASH = ARB.expect as Hashes
const ARB_WARNING = 'airsign: HIGH SAFE_OWNER_CHANGE at message: adds owner 0x0c75Fa5a5F1C0997e3eEA425cFA13184ed0eC9e5 and sets the threshold to 3 on 0x111CEEee040739fD91D29C34C33E6B3E112F2177\n'
/** A Transaction Service v1 result (safeTxGas, baseGas and nonce as numbers) of a vector. */
function serviceV1(v: Vector, more: Record<string, unknown> = {}): Record<string, unknown> {
  const t = v.tx!
  return { safe: v.safe, ...t, data: t.data === '0x' ? null : t.data, safeTxGas: Number(t.safeTxGas), baseGas: Number(t.baseGas), nonce: Number(t.nonce), safeTxHash: (v.expect as Hashes).safeTxHash, confirmationsRequired: 2, confirmations: [], isExecuted: false, ...more }
}
/** The same as API v2 writes it (strings). */
function serviceV2(v: Vector, more: Record<string, unknown> = {}): Record<string, unknown> {
  const t = v.tx!
  return { ...serviceV1(v), safeTxGas: t.safeTxGas, baseGas: t.baseGas, nonce: t.nonce, ...more }
}
const EIP712_SAFE_TX = (v: Vector, version: string) => ({
  types: { EIP712Domain: rules(version).chainId ? [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }] : [{ name: 'verifyingContract', type: 'address' }], ...safeTxTypes(version) },
  primaryType: 'SafeTx',
  domain: rules(version).chainId ? { chainId: v.chainId, verifyingContract: v.safe } : { verifyingContract: v.safe },
  message: rules(version).dataGas ? Object.fromEntries(Object.entries(v.tx!).map(([k, x]) => [k === 'baseGas' ? 'dataGas' : k, x])) : v.tx,
})

describe('inputs', () => {
  test.concurrent('a Transaction Service v1 result (integers) and v2 (strings): the Safe from the input, the hash checked', async () => {
    for (const input of [serviceV1(ARB), serviceV2(ARB)]) {
      expect(await runCli(['safe', 'hash', '--tx', JSON.stringify(input), ...ARB_CTX])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    }
    const j = JSON.parse((await runCli(['safe', 'hash', '--tx', JSON.stringify(serviceV1(ARB)), ...ARB_CTX, '--json'])).stdout) as { source: string; checks: unknown[] }
    expect([j.source, j.checks]).toEqual(['transaction-service', [{ what: "the input's safeTxHash", expected: ARB_HASH.safeTxHash, computed: ARB_HASH.safeTxHash, match: true }]])
  })

  test.concurrent('data: null (no calldata) is hashed as empty bytes, from a file and from stdin', async () => {
    const v = vector('sthu-sepolia-4-primary')
    const json = JSON.stringify(serviceV2(v, { data: null }))
    const args = ['safe', 'hash', '--chain-id', '11155111', '--safe-version', '1.3.0']
    const want = { code: 0, stdout: hashText(v.expect as Hashes), stderr: '' }
    expect(await runCli([...args, '--tx', put(json)])).toEqual(want)
    expect(await runCli([...args, '--tx', '-'], { stdin: json })).toEqual(want)
    expect(await runCli(args, { stdin: json })).toEqual(want)
  })

  const V4 = vector('sthu-sepolia-4-primary')
  const LIST = JSON.stringify({ count: 2, next: null, previous: null, results: [serviceV2(ARB, { nonce: '233', safeTxHash: ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, nonce: '233' }).safeTxHash }), serviceV2(ARB)] })
  test.concurrent('a {count, results} list: several without a pick are refused; --pick N and --safe-tx-hash choose', async () => {
    failed(await runCli(['safe', 'hash', '--tx', LIST, ...ARB_CTX]), 'SAFE_TX_AMBIGUOUS', 'the list holds 2 transactions: choose one with --pick N (0 … 1) or --safe-tx-hash; several transactions with one nonce: only one can ever execute; make sure it is the one you mean')
    expect(await runCli(['safe', 'hash', '--tx', LIST, ...ARB_CTX, '--pick', '1'])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    expect(await runCli(['safe', 'hash', '--tx', LIST, ...ARB_CTX, '--safe-tx-hash', ARB_HASH.safeTxHash])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    const first = ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, nonce: '233' })
    expect(await runCli(['safe', 'hash', '--tx', LIST, ...ARB_CTX, '--pick', '0'])).toEqual({ code: 0, stdout: hashText(first), stderr: ARB_WARNING })
    failed(await runCli(['safe', 'hash', '--tx', LIST, ...ARB_CTX, '--pick', '2']), 'USAGE', '--pick 2: the list has 2 results (0 … 1)')
    failed(await runCli(['safe', 'hash', '--tx', LIST, ...ARB_CTX, '--safe-tx-hash', V4.expect.safeTxHash as string]), 'SAFE_TX_AMBIGUOUS', `no result of the list has safeTxHash ${V4.expect.safeTxHash as string}`)
    // A list of one needs no pick; --json tells which entry was taken.
    const one = JSON.stringify({ count: 1, results: [serviceV1(ARB)] })
    const j = await runCli(['safe', 'hash', '--tx', one, ...ARB_CTX, '--json'])
    expect((JSON.parse(j.stdout) as { list: unknown }).list).toEqual({ count: 1, picked: 0, sameNonce: 1 })
  })

  test.concurrent('a protocol-kit SafeTransactionData, and {data: SafeTransactionData} (an EthSafeTransaction as JSON)', async () => {
    for (const input of [ARB.tx, { data: ARB.tx, signatures: {} }]) {
      expect(await runCli(['safe', 'hash', '--tx', JSON.stringify(input), '--safe', ARB.safe!, ...ARB_CTX])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    }
    // protocol-kit data carries no Safe: --safe is required.
    failed(await runCli(['safe', 'hash', '--tx', JSON.stringify(ARB.tx), ...ARB_CTX]), 'USAGE', "--safe is required: the Safe's address is in its hash")
  })

  test.concurrent('an EIP-712 SafeTx document: its domain gives the Safe and the chain; a legacy version refuses a document with chainId', async () => {
    const doc = JSON.stringify(EIP712_SAFE_TX(ARB, '1.3.0'))
    expect(await runCli(['safe', 'hash', '--tx', doc, '--safe-version', '1.3.0'])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    failed(await runCli(['safe', 'hash', '--tx', doc, '--safe-version', '1.1.1']), 'SAFE_TX_FIELD', "the document's domain has chainId, but Safe 1.1.1 hashes without it: the document is not what this Safe checks (is --safe-version right?)")
    failed(await runCli(['safe', 'hash', '--tx', doc, '--safe-version', '1.3.0', '--chain-id', '1']), 'CHAIN_ID_MISMATCH', "--chain-id 1 is not the document's chain id 42161")
    // 0.1.0's document names dataGas.
    const M = vector('derived-version-matrix')
    const old = JSON.stringify(EIP712_SAFE_TX(M, '0.1.0'))
    expect(await runCli(['safe', 'hash', '--tx', old, '--safe-version', '0.1.0'])).toEqual({ code: 0, stdout: hashText((M.expect as Record<string, Hashes>)['0.1.0']!), stderr: expect.stringContaining('SAFE_LEGACY_DOMAIN') as unknown as string })
    failed(await runCli(['safe', 'hash', '--tx', old, '--safe-version', '1.0.0']), 'SAFE_TX_FIELD', "the document's SafeTx names dataGas, but Safe 1.0.0 uses baseGas (is --safe-version right?)")
  })

  test.concurrent('flags only (--to --nonce, the rest zero), and flags overriding JSON fields', async () => {
    const v = vector('sthu-sepolia-4-primary')
    expect(await runCli(['safe', 'hash', '--to', v.tx!.to, '--value', v.tx!.value, '--nonce', '4', '--safe', v.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0'])).toEqual({ code: 0, stdout: hashText(v.expect as Hashes), stderr: '' })
    expect(await runCli(['safe', 'hash', ...txFlags(v.tx!), '--safe', v.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0'])).toEqual({ code: 0, stdout: hashText(v.expect as Hashes), stderr: '' })
    // --nonce overrides the input's nonce: the input's safeTxHash no longer applies (not checked), the summary says so.
    const over = ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, nonce: '235' })
    const r = await runCli(['safe', 'hash', '--tx', JSON.stringify(serviceV1(ARB)), ...ARB_CTX, '--nonce', '235', '--summary'])
    expect([r.code, r.stdout]).toEqual([0, hashText(over)])
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      'airsign: Safe 0x111CEEee040739fD91D29C34C33E6B3E112F2177, version 1.3.0+L2, Arbitrum One (chain id 42161)',
      'airsign:   overridden by flags: nonce',
      'airsign:   call (operation 0) to 0x111CEEee040739fD91D29C34C33E6B3E112F2177, value 0 ETH (0 wei), nonce 235',
    ])
    const j = JSON.parse((await runCli(['safe', 'hash', '--tx', JSON.stringify(serviceV1(ARB)), ...ARB_CTX, '--data', '0x', '--json'])).stdout) as { overridden: string[]; safeTxHash: string; checks: unknown[] }
    expect([j.overridden, j.safeTxHash, j.checks]).toEqual([['data'], ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, data: '0x' }).safeTxHash, []])
  })

  // BUG: --safe-tx-hash on an input that is one transaction (not a list) is silently ignored: the hashes are printed
  // (and `safe sign` signs) although the hash given is not the transaction's. --pick on the same input is refused (USAGE).
  test.fails('--safe-tx-hash on a single transaction is refused like --pick (BUG: silently ignored)', async () => {
    const other = V4.expect.safeTxHash as string
    const r = await runCli(['safe', 'hash', '--tx', JSON.stringify(ARB.tx), '--safe', ARB.safe!, ...ARB_CTX, '--safe-tx-hash', other])
    expect([r.code, r.stdout]).toEqual([EXIT.USAGE, ''])
  })
})
