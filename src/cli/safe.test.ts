/**
 * `airsign safe …` through the built command: every SafeTx vector of the
 * shared research (test-vectors/safe/safe-vectors.json) through `safe hash`
 * and its JSON; each input form; the Bybit pair; the `--expect-*` checks;
 * one case per Safe warning code (the CRITICAL ones refused, then signed with
 * --accept); owner signatures, messages, nested Safes, combine and verify;
 * the error codes with their exact line. The oracles are the vectors' values,
 * ethers (TypedDataEncoder, SigningKey, Interface) and bytes laid out by hand
 * in src/test/safe.ts, never airsign's own functions.
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
    const args = ['safe', 'hash', '--no-summary', '--tx', JSON.stringify(k.v.tx), '--safe', k.v.safe!, '--chain-id', String(k.v.chainId), '--safe-version', k.version]
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
      expect(await runCli(['safe', 'hash', '--no-summary', '--tx', JSON.stringify(input), ...ARB_CTX])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    }
    const j = JSON.parse((await runCli(['safe', 'hash', '--no-summary', '--tx', JSON.stringify(serviceV1(ARB)), ...ARB_CTX, '--json'])).stdout) as { source: string; checks: unknown[] }
    expect([j.source, j.checks]).toEqual(['transaction-service', [{ what: "the input's safeTxHash", expected: ARB_HASH.safeTxHash, computed: ARB_HASH.safeTxHash, match: true }]])
  })

  test.concurrent('data: null (no calldata) is hashed as empty bytes, from a file and from stdin', async () => {
    const v = vector('sthu-sepolia-4-primary')
    const json = JSON.stringify(serviceV2(v, { data: null }))
    const args = ['safe', 'hash', '--no-summary', '--chain-id', '11155111', '--safe-version', '1.3.0']
    const want = { code: 0, stdout: hashText(v.expect as Hashes), stderr: '' }
    expect(await runCli([...args, '--tx', put(json)])).toEqual(want)
    expect(await runCli([...args, '--tx', '-'], { stdin: json })).toEqual(want)
    expect(await runCli(args, { stdin: json })).toEqual(want)
  })

  const V4 = vector('sthu-sepolia-4-primary')
  const LIST = JSON.stringify({ count: 2, next: null, previous: null, results: [serviceV2(ARB, { nonce: '233', safeTxHash: ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, nonce: '233' }).safeTxHash }), serviceV2(ARB)] })
  test.concurrent('a {count, results} list: several without a pick are refused; --pick N and --safe-tx-hash choose', async () => {
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', LIST, ...ARB_CTX]), 'SAFE_TX_AMBIGUOUS', 'the list holds 2 transactions: choose one with --pick N (0 … 1) or --safe-tx-hash; several transactions with one nonce: only one can ever execute; make sure it is the one you mean')
    expect(await runCli(['safe', 'hash', '--no-summary', '--tx', LIST, ...ARB_CTX, '--pick', '1'])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    expect(await runCli(['safe', 'hash', '--no-summary', '--tx', LIST, ...ARB_CTX, '--safe-tx-hash', ARB_HASH.safeTxHash])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    const first = ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, nonce: '233' })
    expect(await runCli(['safe', 'hash', '--no-summary', '--tx', LIST, ...ARB_CTX, '--pick', '0'])).toEqual({ code: 0, stdout: hashText(first), stderr: ARB_WARNING })
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', LIST, ...ARB_CTX, '--pick', '2']), 'USAGE', '--pick 2: the list has 2 results (0 … 1)')
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', LIST, ...ARB_CTX, '--safe-tx-hash', V4.expect.safeTxHash as string]), 'SAFE_TX_AMBIGUOUS', `no result of the list has safeTxHash ${V4.expect.safeTxHash as string}`)
    // A list of one needs no pick; --json tells which entry was taken.
    const one = JSON.stringify({ count: 1, results: [serviceV1(ARB)] })
    const j = await runCli(['safe', 'hash', '--no-summary', '--tx', one, ...ARB_CTX, '--json'])
    expect((JSON.parse(j.stdout) as { list: unknown }).list).toEqual({ count: 1, picked: 0, sameNonce: 1 })
  })

  test.concurrent('a protocol-kit SafeTransactionData, and {data: SafeTransactionData} (an EthSafeTransaction as JSON)', async () => {
    for (const input of [ARB.tx, { data: ARB.tx, signatures: {} }]) {
      expect(await runCli(['safe', 'hash', '--no-summary', '--tx', JSON.stringify(input), '--safe', ARB.safe!, ...ARB_CTX])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    }
    // protocol-kit data carries no Safe: --safe is required.
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', JSON.stringify(ARB.tx), ...ARB_CTX]), 'USAGE', "--safe is required: the Safe's address is in its hash")
  })

  test.concurrent('an EIP-712 SafeTx document: its domain gives the Safe and the chain; a legacy version refuses a document with chainId', async () => {
    const doc = JSON.stringify(EIP712_SAFE_TX(ARB, '1.3.0'))
    expect(await runCli(['safe', 'hash', '--no-summary', '--tx', doc, '--safe-version', '1.3.0'])).toEqual({ code: 0, stdout: hashText(ARB_HASH), stderr: ARB_WARNING })
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', doc, '--safe-version', '1.1.1']), 'SAFE_TX_FIELD', "the document's domain has chainId, but Safe 1.1.1 hashes without it: the document is not what this Safe checks (is --safe-version right?)")
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', doc, '--safe-version', '1.3.0', '--chain-id', '1']), 'CHAIN_ID_MISMATCH', "--chain-id 1 is not the document's chain id 42161")
    // 0.1.0's document names dataGas.
    const M = vector('derived-version-matrix')
    const old = JSON.stringify(EIP712_SAFE_TX(M, '0.1.0'))
    expect(await runCli(['safe', 'hash', '--no-summary', '--tx', old, '--safe-version', '0.1.0'])).toEqual({ code: 0, stdout: hashText((M.expect as Record<string, Hashes>)['0.1.0']!), stderr: expect.stringContaining('SAFE_LEGACY_DOMAIN') as unknown as string })
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', old, '--safe-version', '1.0.0']), 'SAFE_TX_FIELD', "the document's SafeTx names dataGas, but Safe 1.0.0 uses baseGas (is --safe-version right?)")
  })

  test.concurrent('flags only (--to --nonce, the rest zero), and flags overriding JSON fields', async () => {
    const v = vector('sthu-sepolia-4-primary')
    expect(await runCli(['safe', 'hash', '--no-summary', '--to', v.tx!.to, '--value', v.tx!.value, '--nonce', '4', '--safe', v.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0'])).toEqual({ code: 0, stdout: hashText(v.expect as Hashes), stderr: '' })
    expect(await runCli(['safe', 'hash', '--no-summary', ...txFlags(v.tx!), '--safe', v.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0'])).toEqual({ code: 0, stdout: hashText(v.expect as Hashes), stderr: '' })
    // --nonce overrides the input's nonce: the input's safeTxHash no longer applies (not checked), the summary says so.
    const over = ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, nonce: '235' })
    const r = await runCli(['safe', 'hash', '--tx', JSON.stringify(serviceV1(ARB)), ...ARB_CTX, '--nonce', '235'])
    expect([r.code, r.stdout]).toEqual([0, hashText(over)])
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      'airsign: Safe 0x111CEEee040739fD91D29C34C33E6B3E112F2177, version 1.3.0+L2, Arbitrum One (chain id 42161)',
      'airsign:   overridden by flags: nonce',
      'airsign:   call (operation 0) to 0x111CEEee040739fD91D29C34C33E6B3E112F2177, value 0 ETH (0 wei), nonce 235',
    ])
    const j = JSON.parse((await runCli(['safe', 'hash', '--no-summary', '--tx', JSON.stringify(serviceV1(ARB)), ...ARB_CTX, '--data', '0x', '--json'])).stdout) as { overridden: string[]; safeTxHash: string; checks: unknown[] }
    expect([j.overridden, j.safeTxHash, j.checks]).toEqual([['data'], ethersSafeTx(ARB.safe!, 42161, '1.3.0', { ...ARB.tx!, data: '0x' }).safeTxHash, []])
  })

  test.concurrent('--safe-tx-hash on a single transaction is refused like --pick (hash and sign: it would choose nothing)', async () => {
    const other = V4.expect.safeTxHash as string
    const single = ['--tx', JSON.stringify(ARB.tx), '--safe', ARB.safe!, ...ARB_CTX]
    const message = '--safe-tx-hash chooses an entry of a {count, results} list; this input is one transaction (to check its hash: --expect-safe-tx-hash)'
    failed(await runCli(['safe', 'hash', '--no-summary', ...single, '--safe-tx-hash', other]), 'USAGE', message)
    failed(await runCli(['safe', 'sign', ...single, '--safe-tx-hash', other], { env: ENV }), 'USAGE', message)
    failed(await runCli(['safe', 'hash', '--no-summary', ...single, '--pick', '0']), 'USAGE', '--pick chooses an entry of a {count, results} list; this input is one transaction')
  })
})

// ---------------------------------------------------------------------------------------------
// 3. Bybit, 21 Feb 2025: the Transaction Service list of nonce 71 (the SafeTx the owners signed, and what they were shown).

const BYBIT_M = vector('bybit-ethereum-71-malicious')
const BYBIT_D = vector('bybit-ethereum-71-displayed')
const BYBIT_LIST = JSON.stringify({
  count: 2,
  next: null,
  previous: null,
  // Each entry with the three confirmations of the malicious one, as the capture has them.
  results: [BYBIT_M, BYBIT_D].map((v) => serviceV1(v, { confirmations: BYBIT_M.confirmations, confirmationsRequired: 3 })),
})
const BYBIT = ['safe', 'hash', '--no-summary', '--tx', BYBIT_LIST, '--safe-version', '1.1.1']
const BYBIT_WARNINGS = [
  "CRITICAL SAFE_DELEGATECALL_UNTRUSTED at message: DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242 (an unknown contract): its code runs as the Safe and can rewrite the Safe's implementation, owners and modules, or move everything it holds",
  "CRITICAL SAFE_DELEGATECALL_TOKEN_CALL at message: transfer(address,uint256) under DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242: a token call is never delegatecalled by a real Safe transaction; the target's own code runs in the Safe (the Bybit pattern)",
  'MEDIUM SAFE_LEGACY_DOMAIN at domain: a Safe before 1.3.0 hashes without the chain id: this signature is valid on every chain where 0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4 is a Safe with the same owners and nonce',
  'MEDIUM SAFE_SAME_NONCE at message.nonce: 2 transactions were proposed with nonce 71: only one of them can ever execute; check that this is the one you mean',
]

describe('the Bybit pair', () => {
  test.concurrent('--pick 0 (what was signed): the vector hashes, the four warnings, the three confirmations recover to their owners', async () => {
    const [r, j] = await Promise.all([runCli(BYBIT.concat('--pick', '0')), runCli(BYBIT.concat('--pick', '0', '--json'))])
    expect(r).toEqual({ code: 0, stdout: hashText(BYBIT_M.expect as Hashes), stderr: lines(BYBIT_WARNINGS) })
    const o = JSON.parse(j.stdout) as { confirmations: unknown[]; list: unknown; source: string; warnings: { code: string }[] }
    expect(o.confirmations).toEqual(BYBIT_M.confirmations!.map((k) => ({ owner: k.owner, type: 'ETH_SIGN', recovered: k.owner, valid: true })))
    expect([o.list, o.source]).toEqual([{ count: 2, picked: 0, sameNonce: 2 }, 'transaction-service'])
  })

  test.concurrent('--pick 1 (what the owners were shown): the signatures do not recover for its hash, exit 1, nothing on stdout', async () => {
    // Whom the first ETH_SIGN confirmation recovers to under the displayed hash (ethers: v − 4, the EIP-191 hash of the 32 bytes).
    const { Signature, recoverAddress, hashMessage, getBytes } = await import('ethers')
    const sig = BYBIT_M.confirmations![0]!.signature
    const v = parseInt(sig.slice(130, 132), 16) - 4
    const who = recoverAddress(hashMessage(getBytes((BYBIT_D.expect as Hashes).safeTxHash)), Signature.from({ r: sig.slice(0, 66), s: '0x' + sig.slice(66, 130), v }))
    failed(await runCli(BYBIT.concat('--pick', '1')), 'SAFE_CONFIRMATION_INVALID', `the confirmation of ${BYBIT_M.confirmations![0]!.owner} is not a signature of this transaction: recovers to ${who}, not to its owner, for this hash; the signatures were made for another transaction than these fields: what the owners signed is not what is shown`)
  })

  test.concurrent('safe sign --pick 0 is refused until both CRITICAL codes are accepted (by code or by the research\'s names)', async () => {
    const sign = ['safe', 'sign', ...BYBIT.slice(3), '--pick', '0']
    const [none, one, both, aliases] = await Promise.all([
      runCli(sign, { env: ENV }),
      runCli([...sign, '--accept', 'SAFE_DELEGATECALL_UNTRUSTED'], { env: ENV }),
      runCli([...sign, '--accept', 'SAFE_DELEGATECALL_UNTRUSTED', '--accept', 'SAFE_DELEGATECALL_TOKEN_CALL'], { env: ENV }),
      runCli([...sign, '--accept', 'DELEGATECALL_UNTRUSTED,ERC20_SELECTOR_UNDER_DELEGATECALL'], { env: ENV }),
    ])
    expect(none).toEqual({ code: 2, stdout: '', stderr: refusedLine(BYBIT_WARNINGS) })
    expect(one).toEqual({ code: 2, stdout: '', stderr: refusedLine(BYBIT_WARNINGS.slice(1)) })
    const signed = { code: 0, stdout: eip712Sig(KEY0, (BYBIT_M.expect as Hashes).safeTxHash) + '\n', stderr: lines(BYBIT_WARNINGS) }
    expect(both).toEqual(signed)
    expect(aliases).toEqual(signed)
  })
})

// ---------------------------------------------------------------------------------------------
// 4. --expect-* and the input's safeTxHash.

const M = vector('derived-version-matrix')
const M13 = (M.expect as Record<string, Hashes>)['1.3.0..1.5.0']!
const M_ARGS = [...txFlags(M.tx!), '--safe', M.safe!, '--chain-id', '1', '--safe-version', '1.3.0']
const WRONG = '0x' + '11'.repeat(32)
const mismatch = (flag: string, name: string, computed: string) =>
  `${flag} ${WRONG} is not the computed ${name} ${computed}: nothing is signed; check --safe, --chain-id and --safe-version, then every field: what you were shown is not what this computes`

describe('--expect-* checks', () => {
  const checks: [string, string, string][] = [
    ['--expect-safe-tx-hash', 'safeTxHash', M13.safeTxHash],
    ['--expect-domain-hash', 'domain hash', M13.domainHash],
    ['--expect-message-hash', 'message hash', M13.messageHash],
  ]
  test.concurrent.for(checks)('%s: wrong → exit 1 SAFE_HASH_MISMATCH (hash, and sign without reading the key); right → 0', async ([flag, name, right]) => {
    const [hash, signNoKey, sign, okHash, okSign] = await Promise.all([
      runCli(['safe', 'hash', '--no-summary', ...M_ARGS, flag, WRONG]),
      runCli(['safe', 'sign', ...M_ARGS, flag, WRONG]),
      runCli(['safe', 'sign', ...M_ARGS, flag, WRONG], { env: ENV }),
      runCli(['safe', 'hash', '--no-summary', ...M_ARGS, flag, right]),
      runCli(['safe', 'sign', ...M_ARGS, flag, right.toUpperCase().replace('0X', '0x')], { env: ENV }),
    ])
    for (const r of [hash, signNoKey, sign]) failed(r, 'SAFE_HASH_MISMATCH', mismatch(flag, name, right))
    expect(okHash).toEqual({ code: 0, stdout: hashText(M13), stderr: '' })
    expect(okSign).toEqual({ code: 0, stdout: eip712Sig(KEY0, M13.safeTxHash) + '\n', stderr: '' })
  })

  test.concurrent('all three right; --json lists the checks', async () => {
    const r = await runCli(['safe', 'hash', '--no-summary', ...M_ARGS, '--expect-safe-tx-hash', M13.safeTxHash, '--expect-domain-hash', M13.domainHash, '--expect-message-hash', M13.messageHash, '--json'])
    expect((JSON.parse(r.stdout) as { checks: unknown }).checks).toEqual([
      { what: '--expect-safe-tx-hash', expected: M13.safeTxHash, computed: M13.safeTxHash, match: true },
      { what: '--expect-domain-hash', expected: M13.domainHash, computed: M13.domainHash, match: true },
      { what: '--expect-message-hash', expected: M13.messageHash, computed: M13.messageHash, match: true },
    ])
  })

  test.concurrent("an input whose safeTxHash is not the computed one: SAFE_HASH_MISMATCH, nothing signed (the key is not read)", async () => {
    const input = JSON.stringify(serviceV2(ARB, { safeTxHash: WRONG }))
    const message = `the input's safeTxHash ${WRONG} is not the computed safeTxHash ${ARB_HASH.safeTxHash}: nothing is signed; check --safe-version and --chain-id; if they are right, these fields are not the transaction the service hashed: do not sign it`
    failed(await runCli(['safe', 'hash', '--no-summary', '--tx', input, ...ARB_CTX]), 'SAFE_HASH_MISMATCH', message)
    failed(await runCli(['safe', 'sign', '--tx', input, ...ARB_CTX]), 'SAFE_HASH_MISMATCH', message)
  })

  test.concurrent('--json error format: {"error": {code, message, hints}} on stderr', async () => {
    const r = await runCli(['safe', 'hash', '--no-summary', ...M_ARGS, '--expect-safe-tx-hash', WRONG, '--json'])
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: JSON.stringify({ error: { code: 'SAFE_HASH_MISMATCH', message: `--expect-safe-tx-hash ${WRONG} is not the computed safeTxHash ${M13.safeTxHash}: nothing is signed`, hints: ['check --safe, --chain-id and --safe-version, then every field: what you were shown is not what this computes'] } }) + '\n',
    })
  })
})

// ---------------------------------------------------------------------------------------------
// 5. One case per Safe warning code, on a minimal SafeTx of the Safe 0x5afe…5afe (chain 1, 1.4.1 unless the case says).

const SAFE = hex(c.SAFE)
const SAFE_CS = '0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE'
const EVIL_CS = '0x96221423681A6d52E184D440a8eFCEbB105C7242'
type WarnCase = {
  code: RiskCode
  tx: SafeTxFields
  version?: string
  /** the input as a {count, results} list of this and another transaction with the same nonce (--pick 0) */
  list?: boolean
  /** the warning lines on stderr, without "airsign: " */
  lines: string[]
}
const t = (to: Uint8Array, more: Partial<SafeTxFields> = {}) => safeTx(hex(to), 0, more)
const data = (sig: string, ...v: Parameters<typeof c.call>[1][]) => hex(c.call(sig, ...v))
const WARN_CASES: WarnCase[] = [
  {
    code: 'SAFE_DELEGATECALL_UNTRUSTED',
    tx: t(c.EVIL, { operation: 1 }),
    lines: [`CRITICAL SAFE_DELEGATECALL_UNTRUSTED at message: DELEGATECALL to ${EVIL_CS} (an unknown contract): its code runs as the Safe and can rewrite the Safe's implementation, owners and modules, or move everything it holds`],
  },
  {
    code: 'SAFE_DELEGATECALL_TOKEN_CALL',
    // A token call under DELEGATECALL to MultiSend (known, so only this rule and the MultiSend one fire).
    tx: t(c.MULTISEND_141, { operation: 1, data: data('transfer(address,uint256)', c.BOB, 0n) }),
    lines: [
      "CRITICAL SAFE_DELEGATECALL_TOKEN_CALL at message: transfer(address,uint256) under DELEGATECALL to 0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526: a token call is never delegatecalled by a real Safe transaction; the target's own code runs in the Safe (the Bybit pattern)",
      'HIGH SAFE_MULTISEND_UNTRUSTED at message: DELEGATECALL to MultiSend 1.4.1 (not MultiSendCallOnly): its entries may DELEGATECALL again',
    ],
  },
  {
    code: 'SAFE_NESTED_DELEGATECALL',
    tx: t(c.MULTISEND_141, { operation: 1, data: hex(c.multiSend([{ operation: 1, to: c.EVIL, data: new Uint8Array(0) }])) }),
    lines: [
      `CRITICAL SAFE_NESTED_DELEGATECALL at message.entries[0]: a MultiSend entry DELEGATECALLs ${EVIL_CS} (an unknown contract): that code runs as the Safe, with its storage and balances`,
      'HIGH SAFE_MULTISEND_UNTRUSTED at message: DELEGATECALL to MultiSend 1.4.1 (not MultiSendCallOnly): its entries may DELEGATECALL again',
    ],
  },
  {
    code: 'SAFE_MULTISEND_UNTRUSTED',
    tx: t(c.MULTISEND_141, { operation: 1, data: hex(c.multiSend([{ operation: 0, to: c.BOB, value: 1n, data: new Uint8Array(0) }])) }),
    lines: ['HIGH SAFE_MULTISEND_UNTRUSTED at message: DELEGATECALL to MultiSend 1.4.1 (not MultiSendCallOnly): its entries may DELEGATECALL again'],
  },
  {
    code: 'SAFE_SINGLETON_CHANGE',
    tx: t(c.SAFE, { data: data('changeMasterCopy(address)', c.EVIL) }),
    lines: [`CRITICAL SAFE_SINGLETON_CHANGE at message: replaces the Safe's implementation with ${EVIL_CS} on ${SAFE_CS}: the new code controls everything the Safe holds`],
  },
  {
    code: 'SAFE_MODULE_ENABLE',
    tx: t(c.SAFE, { data: data('enableModule(address)', c.EVIL) }),
    lines: [`CRITICAL SAFE_MODULE_ENABLE at message: enables module ${EVIL_CS} on ${SAFE_CS}: a module executes transactions without any owner's signature`],
  },
  {
    code: 'SAFE_MODULE_DISABLE',
    tx: t(c.SAFE, { data: data('disableModule(address,address)', c.a('0x0000000000000000000000000000000000000001'), c.EVIL) }),
    lines: [`HIGH SAFE_MODULE_DISABLE at message: disables module ${EVIL_CS} on ${SAFE_CS}`],
  },
  {
    code: 'SAFE_GUARD_CHANGE',
    tx: t(c.SAFE, { data: data('setGuard(address)', c.EVIL) }),
    lines: [`CRITICAL SAFE_GUARD_CHANGE at message: setGuard(${EVIL_CS}) on ${SAFE_CS}: a guard checks (or blocks) every transaction; a hostile one can freeze the Safe`],
  },
  {
    code: 'SAFE_FALLBACK_HANDLER_UNKNOWN',
    tx: t(c.SAFE, { data: data('setFallbackHandler(address)', c.EVIL) }),
    lines: [`CRITICAL SAFE_FALLBACK_HANDLER_UNKNOWN at message: sets the fallback handler to ${EVIL_CS}, not a Safe handler deployment, on ${SAFE_CS}: it answers every call the Safe does not know (including signature checks)`],
  },
  {
    code: 'SAFE_FALLBACK_HANDLER_CHANGE',
    tx: t(c.SAFE, { data: data('setFallbackHandler(address)', c.FALLBACK_141) }),
    lines: [`HIGH SAFE_FALLBACK_HANDLER_CHANGE at message: sets the fallback handler to 0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99 (CompatibilityFallbackHandler 1.4.1) on ${SAFE_CS}`],
  },
  {
    code: 'SAFE_OWNER_CHANGE',
    tx: t(c.SAFE, { data: data('changeThreshold(uint256)', 1n) }),
    lines: [`HIGH SAFE_OWNER_CHANGE at message: sets the threshold to 1 on ${SAFE_CS}`],
  },
  {
    code: 'SAFE_GAS_REFUND',
    tx: t(c.BOB, { gasPrice: '7', baseGas: '21000' }),
    lines: ["HIGH SAFE_GAS_REFUND at message.gasPrice: the Safe pays a gas refund when this executes: (gas used + baseGas 21000) × gasPrice 7 wei (capped at the executor's gas price), to the executor (tx.origin)"],
  },
  {
    code: 'SAFE_GAS_TOKEN',
    tx: t(c.BOB, { gasToken: hex(c.USDC) }),
    lines: ['MEDIUM SAFE_GAS_TOKEN at message.gasToken: the refund is paid in token 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48, not ETH (no refund while gasPrice is 0)'],
  },
  {
    code: 'SAFE_REFUND_RECEIVER',
    tx: t(c.BOB, { refundReceiver: hex(c.ALICE) }),
    lines: ["MEDIUM SAFE_REFUND_RECEIVER at message.refundReceiver: the refund goes to 0x1111111111111111111111111111111111111111, not the executor (no refund while gasPrice is 0): a custom token and receiver can hide a transfer of the Safe's funds"],
  },
  {
    code: 'SAFE_LEGACY_DOMAIN',
    tx: t(c.BOB),
    version: '1.2.0',
    lines: [`MEDIUM SAFE_LEGACY_DOMAIN at domain: a Safe before 1.3.0 hashes without the chain id: this signature is valid on every chain where ${SAFE_CS} is a Safe with the same owners and nonce`],
  },
  {
    code: 'SAFE_SAME_NONCE',
    tx: t(c.BOB),
    list: true,
    lines: ['MEDIUM SAFE_SAME_NONCE at message.nonce: 2 transactions were proposed with nonce 0: only one of them can ever execute; check that this is the one you mean'],
  },
  {
    code: 'SAFE_VERSION_ASSUMED',
    tx: t(c.BOB),
    version: '2.0.0',
    lines: ["MEDIUM SAFE_VERSION_ASSUMED at domain: Safe 2.0.0 is newer than the versions airsign knows (up to 1.5.x): hashed as 1.3.0 … 1.5.0 are (chainId in the domain, baseGas); compare the hash with the wallet's"],
  },
  {
    code: 'CALLDATA_UNKNOWN',
    tx: t(c.BOB, { data: '0xdeadbeef0001' }),
    lines: ['MEDIUM CALLDATA_UNKNOWN at message: unknown function, selector 0xdeadbeef: blind 6-byte calldata to 0x2222222222222222222222222222222222222222'],
  },
]

describe('one subprocess case per Safe warning code', () => {
  test('the table covers every SAFE_ code of RISKS (and CALLDATA_UNKNOWN)', () => {
    expect(WARN_CASES.map((k) => k.code).filter((k) => k.startsWith('SAFE_')).sort()).toEqual(Object.keys(RISKS).filter((k) => k.startsWith('SAFE_')).sort())
    expect(WARN_CASES.map((k) => k.code)).toContain('CALLDATA_UNKNOWN')
  })
  test.concurrent.for(WARN_CASES.map((k) => [`${k.code} (${RISKS[k.code]})`, k] as const))('%s', async ([, k]) => {
    const version = k.version ?? '1.4.1'
    const input = k.list ? JSON.stringify({ count: 2, results: [k.tx, { ...k.tx, to: hex(c.ALICE) }] }) : JSON.stringify(k.tx)
    const args = ['--tx', input, ...(k.list ? ['--pick', '0'] : []), '--safe', SAFE, '--chain-id', '1', '--safe-version', version]
    const h = ethersSafeTx(SAFE, 1, version, k.tx)
    const critical = k.lines.filter((l) => l.startsWith('CRITICAL ')).map((l) => l.split(' ')[1]!)
    const [hash, refused, signed] = await Promise.all([
      runCli(['safe', 'hash', '--no-summary', ...args]),
      critical.length ? runCli(['safe', 'sign', ...args], { env: ENV }) : null,
      runCli(['safe', 'sign', ...args, ...(critical.length ? ['--accept', [...new Set(critical)].join(',')] : [])], { env: ENV }),
    ])
    expect(hash).toEqual({ code: 0, stdout: hashText(h), stderr: lines(k.lines) })
    if (refused) expect(refused).toEqual({ code: 2, stdout: '', stderr: refusedLine(k.lines) })
    expect(signed).toEqual({ code: 0, stdout: eip712Sig(KEY0, h.safeTxHash) + '\n', stderr: lines(k.lines) })
  })
  test.concurrent('MultiSendCallOnly and SignMessageLib.signMessage are trusted DELEGATECALL targets: no warning', async () => {
    const ctx = ['--safe', SAFE, '--chain-id', '1', '--safe-version', '1.4.1']
    const batch = t(c.MULTISEND_CALL_ONLY_141, { operation: 1, data: hex(c.multiSend([{ operation: 0, to: c.BOB, value: 1n, data: new Uint8Array(0) }])) })
    const sign = t(c.SIGN_MESSAGE_LIB_141, { operation: 1, data: data('signMessage(bytes)', new Uint8Array(32)) })
    for (const x of [batch, sign]) expect(await runCli(['safe', 'hash', '--no-summary', '--tx', JSON.stringify(x), ...ctx])).toEqual({ code: 0, stdout: hashText(ethersSafeTx(SAFE, 1, '1.4.1', x)), stderr: '' })
  })
})

describe('the summary on stderr', () => {
  // The matrix transaction: 25000 USDC (0x5d21dba00 = 25,000,000,000 units, 6 decimals) to 0x92D0…29bC.
  const SUMMARY = [
    'Safe 0x1c694Fc3006D81ff4a56F97E1b99529066a23725, version 1.3.0, Ethereum (chain id 1)',
    '  call (operation 0) to 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48, value 0 ETH (0 wei), nonce 63',
    '  refund: safeTxGas 0, baseGas 0, gasPrice 0, gasToken none (ETH), refundReceiver none (the executor)',
    '  what it does:',
    '    call to 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48 (USDC): transfer(address to, uint256 amount)',
    '      source: builtin/erc20.json (a standard interface: no descriptor is bound to this contract)',
    '      intent: Send 25000 USDC to 0x92D0eBAF7Eb707F0650F9471E61348f4656c29bC (ERC-20 standard interface (EIP-20))',
    '      Amount: 25000 USDC',
    '      To: 0x92D0eBAF7Eb707F0650F9471E61348f4656c29bC',
    `  domain hash  ${M13.domainHash}  (on a Ledger: 0x${M13.domainHash.slice(2).toUpperCase()})`,
    `  message hash ${M13.messageHash}  (on a Ledger: 0x${M13.messageHash.slice(2).toUpperCase()})`,
    `  safeTxHash   ${M13.safeTxHash}  (what the owners sign; the Safe UI and eth_sign show it)`,
  ]
  test.concurrent('safe hash shows it unless --no-summary or --json; safe sign only with --summary', async () => {
    const [plain, none, json, sign, signSummary] = await Promise.all([
      runCli(['safe', 'hash', ...M_ARGS]),
      runCli(['safe', 'hash', '--no-summary', ...M_ARGS]),
      runCli(['safe', 'hash', '--json', ...M_ARGS]),
      runCli(['safe', 'sign', ...M_ARGS], { env: ENV }),
      runCli(['safe', 'sign', '--summary', ...M_ARGS], { env: ENV }),
    ])
    expect(plain).toEqual({ code: 0, stdout: hashText(M13), stderr: lines(SUMMARY) })
    expect(none).toEqual({ code: 0, stdout: hashText(M13), stderr: '' })
    expect([json.code, json.stderr]).toEqual([0, ''])
    const sig = eip712Sig(KEY0, M13.safeTxHash)
    expect(sign).toEqual({ code: 0, stdout: sig + '\n', stderr: '' })
    expect(signSummary).toEqual({ code: 0, stdout: sig + '\n', stderr: lines([...SUMMARY, `  signs safeTxHash ${M13.safeTxHash} with EIP-712 (v 27/28)`]) })
  })
})

// ---------------------------------------------------------------------------------------------
// 6. safe sign: the owner's signature and the Transaction Service bodies.

const SIGS = vector('derived-signatures-test-mnemonic')
const SIG_EXPECT = SIGS.expect as { eip712: string; ethSign: string; approvedHash: string }

describe('safe sign', () => {
  test('the oracle: ethers signs the vector\'s safeTxHash to the vector\'s signatures', () => {
    expect([SIGS.safeTxHash, KEY0.address]).toEqual([M13.safeTxHash, TEST_ADDRESS_0])
    expect([eip712Sig(KEY0, M13.safeTxHash), ethSignSig(KEY0, M13.safeTxHash)]).toEqual([SIG_EXPECT.eip712, SIG_EXPECT.ethSign])
  })
  test.concurrent('EIP-712 (default, and --sig eip712) and eth_sign: the vector\'s signatures exactly', async () => {
    const [def, eip712, eth] = await Promise.all([
      runCli(['safe', 'sign', ...M_ARGS], { env: ENV }),
      runCli(['safe', 'sign', ...M_ARGS, '--sig', 'eip712'], { env: ENV }),
      runCli(['safe', 'sign', ...M_ARGS, '--sig', 'eth_sign'], { env: ENV }),
    ])
    expect(def).toEqual({ code: 0, stdout: SIG_EXPECT.eip712 + '\n', stderr: '' })
    expect(eip712).toEqual(def)
    expect(eth).toEqual({ code: 0, stdout: SIG_EXPECT.ethSign + '\n', stderr: '' })
  })
  test.concurrent('--sig eth_sign on a Safe before 1.1.0 is refused (SAFE_ETH_SIGN_UNSUPPORTED, exit 3); 1.1.0 signs', async () => {
    const legacy = (v: string) => [...txFlags(M.tx!), '--safe', M.safe!, '--safe-version', v, '--sig', 'eth_sign']
    for (const v of ['1.0.0', '0.1.0']) failed(await runCli(['safe', 'sign', ...legacy(v)], { env: ENV }), 'SAFE_ETH_SIGN_UNSUPPORTED', `Safe ${v} does not accept eth_sign signatures (from 1.1.0): sign with --sig eip712`)
    const h = (M.expect as Record<string, Hashes>)['1.0.0..1.2.0']!.safeTxHash
    const r = await runCli(['safe', 'sign', ...legacy('1.1.0')], { env: ENV })
    expect([r.code, r.stdout]).toEqual([0, ethSignSig(KEY0, h) + '\n'])
  })
  test.concurrent('--json: signature, signer, type, and the confirm and propose POSTs', async () => {
    const [eip, eth] = await Promise.all([runCli(['safe', 'sign', ...M_ARGS, '--json'], { env: ENV }), runCli(['safe', 'sign', ...M_ARGS, '--json', '--sig', 'eth_sign'], { env: ENV })])
    for (const [r, sig, type] of [[eip, SIG_EXPECT.eip712, 'EOA'], [eth, SIG_EXPECT.ethSign, 'ETH_SIGN']] as const) {
      expect([r.code, r.stderr]).toEqual([0, ''])
      const o = JSON.parse(r.stdout) as Record<string, unknown>
      expect({ signature: o.signature, signer: o.signer, signatureType: o.signatureType, safeTxHash: o.safeTxHash, confirm: o.confirm, propose: o.propose }).toEqual({
        signature: sig,
        signer: TEST_ADDRESS_0,
        signatureType: type,
        safeTxHash: M13.safeTxHash,
        confirm: { method: 'POST', path: `/api/v1/multisig-transactions/${M13.safeTxHash}/confirmations/`, body: { signature: sig } },
        propose: {
          method: 'POST',
          path: `/api/v2/safes/${M.safe}/multisig-transactions/`,
          body: { ...M.tx, nonce: 63, contractTransactionHash: M13.safeTxHash, sender: TEST_ADDRESS_0, signature: sig, origin: null },
        },
      })
    }
  })
  test.concurrent('--emit: each artifact alone on stdout', async () => {
    const emit = (what: string) => runCli(['safe', 'sign', ...M_ARGS, '--emit', what], { env: ENV })
    const [confirm, signature, hash, typed, propose] = await Promise.all(['confirm', 'signature', 'safe-tx-hash', 'typed-data', 'propose'].map(emit))
    expect(confirm).toEqual({ code: 0, stdout: JSON.stringify({ signature: SIG_EXPECT.eip712 }) + '\n', stderr: '' })
    expect(signature).toEqual({ code: 0, stdout: SIG_EXPECT.eip712 + '\n', stderr: '' })
    expect(hash).toEqual({ code: 0, stdout: M13.safeTxHash + '\n', stderr: '' })
    const doc = JSON.parse(typed!.stdout) as { types: Record<string, unknown>; domain: Record<string, unknown>; message: Record<string, unknown> }
    const { EIP712Domain: _, ...types } = doc.types
    expect(TypedDataEncoder.hash(doc.domain, types as never, doc.message)).toBe(M13.safeTxHash)
    expect(JSON.parse(propose!.stdout)).toEqual({ ...M.tx, nonce: 63, contractTransactionHash: M13.safeTxHash, sender: TEST_ADDRESS_0, signature: SIG_EXPECT.eip712, origin: null })
    // safe hash has no signature to emit.
    failed(await runCli(['safe', 'hash', '--no-summary', ...M_ARGS, '--emit', 'confirm']), 'USAGE', '--emit confirm goes with "safe sign"')
  })
  test.concurrent('propose of a transaction without calldata sends data "0x" (as api-kit does)', async () => {
    const v = vector('sthu-sepolia-4-primary')
    const r = await runCli(['safe', 'sign', '--to', v.tx!.to, '--value', v.tx!.value, '--nonce', '4', '--safe', v.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0', '--emit', 'propose'], { env: ENV })
    const h = (v.expect as Hashes).safeTxHash
    expect(JSON.parse(r.stdout)).toEqual({ ...v.tx, data: '0x', nonce: 4, contractTransactionHash: h, sender: TEST_ADDRESS_0, signature: eip712Sig(KEY0, h), origin: null })
  })
  test.concurrent('another key of the mnemonic (--index 2) signs as that owner', async () => {
    const r = await runCli(['safe', 'sign', ...M_ARGS, '--index', '2', '--json'], { env: ENV })
    const o = JSON.parse(r.stdout) as { signature: string; signer: string }
    expect([o.signature, o.signer]).toEqual([eip712Sig(key(2), M13.safeTxHash), key(2).address])
  })
})

// ---------------------------------------------------------------------------------------------
// 7. Messages.

const OPENSEA = vector('msg-sepolia-opensea')
const OS = OPENSEA.expect as { eip191Hash: string; domainHash: string; messageHash: string; safeMessageHash: string }
const OS_CTX = ['--safe', OPENSEA.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0']
const VOTE = vector('shrs-api-message-snapshot-vote')
const VT = VOTE.expect as { eip712Hash: string; domainHash: string; messageHash: string; safeMessageHash: string }
const VOTE_CTX = ['--safe', VOTE.safe!, '--chain-id', '1']
const messageText = (inner: string, h: { domainHash: string; messageHash: string; safeMessageHash: string }) => `message ${inner}\ndomainHash ${h.domainHash}\nmessageHash ${h.messageHash}\nsafeMessageHash ${h.safeMessageHash}\n`
const ANY_CHAIN = 'MEDIUM TYPED_DATA_ANY_CHAIN at inner.domain: the domain has no chainId: the signature is valid on every chain'

describe('safe message', () => {
  test('the oracle: ethers hashes the vectors to their values', async () => {
    const { hashMessage } = await import('ethers')
    expect(hashMessage(OPENSEA.message!)).toBe(OS.eip191Hash)
    expect({ ...ethersSafeMessage(OPENSEA.safe!, 11155111, '1.3.0', OS.eip191Hash) }).toEqual({ domainHash: OS.domainHash, messageHash: OS.messageHash, safeMessageHash: OS.safeMessageHash })
    const { EIP712Domain: _, ...types } = VOTE.typedData!.types
    expect(TypedDataEncoder.hash(VOTE.typedData!.domain, types, VOTE.typedData!.message)).toBe(VT.eip712Hash)
  })

  test.concurrent('a text through --message, --file and stdin: the vector\'s hashes', async () => {
    const want = { code: 0, stdout: messageText(OS.eip191Hash, OS), stderr: '' }
    const file = put(OPENSEA.message!, 'opensea.txt')
    const runs = await Promise.all([
      runCli(['safe', 'message', 'hash', '--no-summary', ...OS_CTX, '--message', OPENSEA.message!]),
      runCli(['safe', 'message', 'hash', '--no-summary', ...OS_CTX, '--file', file]),
      runCli(['safe', 'message', 'hash', '--no-summary', ...OS_CTX], { stdin: OPENSEA.message! }),
      runCli(['safe', 'message', 'hash', '--no-summary', ...OS_CTX, '--file', '-'], { stdin: OPENSEA.message! }),
    ])
    for (const r of runs) expect(r).toEqual(want)
    const emit = await runCli(['safe', 'message', 'hash', ...OS_CTX, '--file', file, '--emit', 'safe-message-hash'])
    expect(emit).toEqual({ code: 0, stdout: OS.safeMessageHash + '\n', stderr: '' })
  })

  test.concurrent('a trailing newline is hashed as given, with a note giving the hash of the stripped text (the vector\'s)', async () => {
    const { hashMessage } = await import('ethers')
    const text = OPENSEA.message! + '\n'
    const inner = hashMessage(text)
    const r = await runCli(['safe', 'message', 'hash', '--no-summary', ...OS_CTX], { stdin: text })
    expect(r).toEqual({
      code: 0,
      stdout: messageText(inner, ethersSafeMessage(OPENSEA.safe!, 11155111, '1.3.0', inner)),
      stderr: `airsign: the message has a trailing newline: it is hashed exactly as given; stripped as safe-hash does (CRLF to LF, trimmed) its EIP-191 hash would be ${OS.eip191Hash}\n`,
    })
  })

  test.concurrent('message sign: the signature of the safeMessageHash, the confirm and propose POSTs', async () => {
    const sig = eip712Sig(KEY0, OS.safeMessageHash)
    const [plain, json] = await Promise.all([
      runCli(['safe', 'message', 'sign', ...OS_CTX, '--message', OPENSEA.message!], { env: ENV }),
      runCli(['safe', 'message', 'sign', ...OS_CTX, '--message', OPENSEA.message!, '--json'], { env: ENV }),
    ])
    expect(plain).toEqual({ code: 0, stdout: sig + '\n', stderr: '' })
    const o = JSON.parse(json.stdout) as Record<string, unknown>
    expect({ kind: o.kind, eip191Hash: o.eip191Hash, safeMessageHash: o.safeMessageHash, signature: o.signature, signer: o.signer, confirm: o.confirm, propose: o.propose }).toEqual({
      kind: 'text',
      eip191Hash: OS.eip191Hash,
      safeMessageHash: OS.safeMessageHash,
      signature: sig,
      signer: TEST_ADDRESS_0,
      confirm: { method: 'POST', path: `/api/v1/messages/${OS.safeMessageHash}/signatures/`, body: { signature: sig } },
      propose: { method: 'POST', path: `/api/v1/safes/${OPENSEA.safe}/messages/`, body: { message: OPENSEA.message, safeAppId: null, signature: sig } },
    })
  })

  test.concurrent('the snapshot vote typed data: the vector\'s hashes (the inner domain has no chainId: a warning), and signed', async () => {
    const doc = put(JSON.stringify(VOTE.typedData))
    const [hash, sign] = await Promise.all([
      runCli(['safe', 'message', 'hash', '--no-summary', ...VOTE_CTX, '--safe-version', '1.3.0', '--typed-data', doc]),
      runCli(['safe', 'message', 'sign', ...VOTE_CTX, '--safe-version', '1.3.0', '--typed-data', '-'], { env: ENV, stdin: JSON.stringify(VOTE.typedData) }),
    ])
    expect(hash).toEqual({ code: 0, stdout: messageText(VT.eip712Hash, VT), stderr: lines([ANY_CHAIN]) })
    expect(sign).toEqual({ code: 0, stdout: eip712Sig(KEY0, VT.safeMessageHash) + '\n', stderr: lines([ANY_CHAIN]) })
  })

  test.concurrent('versions before 1.3.0: the legacy domain (derived-version-matrix safeMessage_inner_0x2ddf), with SAFE_LEGACY_DOMAIN', async () => {
    const inner = (M.expect as Record<string, Record<string, string>>).safeMessage_inner_0x2ddf!
    expect(VT.eip712Hash.startsWith('0x2ddf')).toBe(true)
    const legacy = ethersSafeMessage(VOTE.safe!, null, '1.2.0', VT.eip712Hash)
    expect(legacy.safeMessageHash).toBe(inner['<1.3.0'])
    const LEGACY = `MEDIUM SAFE_LEGACY_DOMAIN at domain: a Safe before 1.3.0 hashes without the chain id: this signature is valid on every chain where ${VOTE.safe} is a Safe with the same owners`
    const runs = await Promise.all(['1.2.0', '1.1.1', '1.0.0', '1.3.0', '1.5.0'].map((v) => runCli(['safe', 'message', 'hash', '--no-summary', ...VOTE_CTX, '--safe-version', v, '--hash', VT.eip712Hash])))
    for (const r of runs.slice(0, 3)) expect(r).toEqual({ code: 0, stdout: messageText(VT.eip712Hash, legacy), stderr: lines([LEGACY]) })
    for (const r of runs.slice(3)) expect(r).toEqual({ code: 0, stdout: messageText(VT.eip712Hash, { ...VT, safeMessageHash: inner['>=1.3.0']! }), stderr: '' })
  })

  test.concurrent('--hash: hashed; message sign --hash needs --blind (BLIND_SIGNING_REFUSED, the key not read), and then warns', async () => {
    failed(await runCli(['safe', 'message', 'sign', ...VOTE_CTX, '--safe-version', '1.3.0', '--hash', VT.eip712Hash]), 'BLIND_SIGNING_REFUSED', 'not signed: --hash is a raw hash airsign cannot explain; add --blind to sign it anyway')
    const r = await runCli(['safe', 'message', 'sign', ...VOTE_CTX, '--safe-version', '1.3.0', '--hash', VT.eip712Hash, '--blind'], { env: ENV })
    expect(r).toEqual({ code: 0, stdout: eip712Sig(KEY0, VT.safeMessageHash) + '\n', stderr: `airsign: warning: blind signing the SafeMessage of ${VT.eip712Hash}: this signature makes the Safe accept whatever that hash stands for (EIP-1271)\n` })
    // A raw hash cannot be proposed (the service takes the text or the document), only confirmed.
    const j = JSON.parse((await runCli(['safe', 'message', 'sign', ...VOTE_CTX, '--safe-version', '1.3.0', '--hash', VT.eip712Hash, '--blind', '--json'], { env: ENV })).stdout) as { kind: string; propose: unknown; confirm: { path: string } }
    expect([j.kind, j.propose, j.confirm.path]).toEqual(['hash', null, `/api/v1/messages/${VT.safeMessageHash}/signatures/`])
  })

  test.concurrent('a Permit inside a SafeMessage is still a Permit: PERMIT_UNLIMITED, refused on sign, signed with --accept', async () => {
    const permit = c.typedDoc('Permit', c.PERMIT_TYPES, { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' }, { owner: SAFE, spender: hex(c.BOB), value: c.MAX.toString(), nonce: 0, deadline: '1' })
    const { EIP712Domain: _, ...types } = permit.types
    const inner = TypedDataEncoder.hash(permit.domain, types, permit.message)
    const h = ethersSafeMessage(SAFE, 1, '1.4.1', inner)
    const doc = put(JSON.stringify(permit))
    const ctx = ['--safe', SAFE, '--chain-id', '1', '--safe-version', '1.4.1', '--typed-data', doc]
    const W = 'CRITICAL PERMIT_UNLIMITED at inner.message.value: permit: unlimited allowance for 0x2222222222222222222222222222222222222222 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48; no transaction, no gas: anyone holding the signature can submit it'
    const [hash, refused, signed] = await Promise.all([
      runCli(['safe', 'message', 'hash', '--no-summary', ...ctx]),
      runCli(['safe', 'message', 'sign', ...ctx], { env: ENV }),
      runCli(['safe', 'message', 'sign', ...ctx, '--accept', 'PERMIT_UNLIMITED'], { env: ENV }),
    ])
    expect(hash).toEqual({ code: 0, stdout: messageText(inner, h), stderr: lines([W]) })
    expect(refused).toEqual({ code: 2, stdout: '', stderr: refusedLine([W]) })
    expect(signed).toEqual({ code: 0, stdout: eip712Sig(KEY0, h.safeMessageHash) + '\n', stderr: lines([W]) })
  })

  test.concurrent('--expect-safe-message-hash / --expect-domain-hash / --expect-message-hash on a message', async () => {
    const file = put(OPENSEA.message!)
    const run = (...more: string[]) => runCli(['safe', 'message', 'hash', '--no-summary', ...OS_CTX, '--file', file, ...more])
    const hint = 'check --safe, --chain-id and --safe-version, then every byte of the message: what you were shown is not what this computes'
    failed(await run('--expect-safe-message-hash', WRONG), 'SAFE_HASH_MISMATCH', `--expect-safe-message-hash ${WRONG} is not the computed safeMessageHash ${OS.safeMessageHash}: nothing is signed; ${hint}`)
    failed(await run('--expect-domain-hash', WRONG), 'SAFE_HASH_MISMATCH', `--expect-domain-hash ${WRONG} is not the computed domain hash ${OS.domainHash}: nothing is signed; ${hint}`)
    failed(await run('--expect-message-hash', WRONG), 'SAFE_HASH_MISMATCH', `--expect-message-hash ${WRONG} is not the computed message hash ${OS.messageHash}: nothing is signed; ${hint}`)
    expect(await run('--expect-safe-message-hash', OS.safeMessageHash, '--expect-domain-hash', OS.domainHash, '--expect-message-hash', OS.messageHash)).toEqual({ code: 0, stdout: messageText(OS.eip191Hash, OS), stderr: '' })
    failed(await run('--expect-safe-tx-hash', OS.safeMessageHash), 'USAGE', '--expect-safe-tx-hash does not go with "safe message hash" (it goes with: safe hash, safe sign)')
  })
})

// ---------------------------------------------------------------------------------------------
// 8. Nested Safes: the key is an owner of an owner Safe.

const P4 = vector('sthu-sepolia-4-primary')
const C4 = vector('sthu-sepolia-4-nested-approveHash')
const P0 = vector('shrs-sepolia-0-primary')
const C1 = vector('shrs-sepolia-1-nested-approveHash')
const ownerText = (safe: string, h: Hashes | { domainHash: string; messageHash: string; safeMessageHash: string }) =>
  `ownerSafe ${safe}\nownerSafe.domainHash ${h.domainHash}\nownerSafe.messageHash ${h.messageHash}\n` + ('safeTxHash' in h ? `ownerSafe.safeTxHash ${h.safeTxHash}\n` : `ownerSafe.safeMessageHash ${h.safeMessageHash}\n`)
const SAFE_MESSAGE_TYPEHASH = keccak256(new TextEncoder().encode('SafeMessage(bytes message)'))

describe('nested Safes', () => {
  const cases: [string, Vector, Vector, string][] = [['sthu-sepolia-4', P4, C4, '1.3.0'], ['shrs-sepolia-0/1', P0, C1, '1.4.1']]
  test.concurrent.for(cases)('approve-hash reproduces the owner Safe transaction of %s', async ([, P, C, version]) => {
    const parent = [...txFlags(P.tx!), '--safe', P.safe!, '--chain-id', String(P.chainId), '--safe-version', version]
    const via = ['--via-safe', C.safe!, '--via-version', version, '--via-nonce', C.tx!.nonce]
    const ch = C.expect as Hashes
    const [text, json, sign] = await Promise.all([
      runCli(['safe', 'hash', '--no-summary', ...parent, ...via]),
      runCli(['safe', 'hash', ...parent, ...via, '--json']),
      runCli(['safe', 'sign', ...parent, ...via, '--json'], { env: ENV }),
    ])
    expect([text.code, text.stdout]).toEqual([0, hashText(P.expect as Hashes) + ownerText(C.safe!, ch)])
    const n = (JSON.parse(json.stdout) as { nested: Record<string, unknown> }).nested
    expect(n).toMatchObject({ mode: 'approve-hash', safe: C.safe, safeVersion: version, tx: C.tx, domainSeparator: ch.domainHash, structHash: ch.messageHash, safeTxHash: ch.safeTxHash })
    // The owner Safe's own transaction is approveHash(parent safeTxHash), whose selector RESEARCH §1.6 gives.
    expect(C.tx!.data).toBe('0xd4d9bdcd' + (P.expect as Hashes).safeTxHash.slice(2))
    const sig = eip712Sig(KEY0, ch.safeTxHash)
    const o = JSON.parse(sign.stdout) as { signature: string; confirm: unknown; propose: { path: string; body: Record<string, unknown> } }
    expect(o.signature).toBe(sig)
    expect(o.confirm).toEqual({ method: 'POST', path: `/api/v1/multisig-transactions/${ch.safeTxHash}/confirmations/`, body: { signature: sig } })
    expect(o.propose).toEqual({ method: 'POST', path: `/api/v2/safes/${C.safe}/multisig-transactions/`, body: { ...C.tx, nonce: Number(C.tx!.nonce), contractTransactionHash: ch.safeTxHash, sender: TEST_ADDRESS_0, signature: sig, origin: null } })
  })

  // RESEARCH §1.5b: the owner Safe signs a SafeMessage whose bytes are what the parent passes to its isValidSignature.
  const P4H = P4.expect as Hashes
  const P4_PREIMAGE = concat(['0x1901', P4H.domainHash, P4H.messageHash])
  const contractCases: [string, string, string, string][] = [
    // [parent version, child version, the message bytes, the structHash by hand]
    ['1.5.0', '1.3.0', P4H.safeTxHash, keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32'], [SAFE_MESSAGE_TYPEHASH, keccak256(P4H.safeTxHash)]))],
    ['1.5.0', '1.1.1', P4H.safeTxHash, keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32'], [SAFE_MESSAGE_TYPEHASH, keccak256(P4H.safeTxHash)]))],
    ['1.4.1', '1.3.0', P4_PREIMAGE, keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32'], [SAFE_MESSAGE_TYPEHASH, P4H.safeTxHash]))],
    ['1.3.0', '1.4.1', P4_PREIMAGE, keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32'], [SAFE_MESSAGE_TYPEHASH, P4H.safeTxHash]))],
  ]
  test('the SafeMessage type hash is the research\'s', () => {
    expect(SAFE_MESSAGE_TYPEHASH).toBe('0x60b3cbf8b4a223d68d641b3b6ddf9a298e7f33710cf3d3a9d1146b5a6150fbca')
    expect(keccak256(P4_PREIMAGE)).toBe(P4H.safeTxHash)
  })
  test.concurrent.for(contractCases)('contract-signature, parent %s, owner Safe %s: SafeMessage of the bytes the parent passes', async ([pv, cv, message, structHash]) => {
    const parent = [...txFlags(P4.tx!), '--safe', P4.safe!, '--chain-id', '11155111', '--safe-version', pv]
    const via = ['--via-safe', C4.safe!, '--via-version', cv, '--via-mode', 'contract-signature']
    const h = ethersSafeMessage(C4.safe!, 11155111, cv, message)
    expect(h.messageHash).toBe(structHash)
    const [text, json, sign] = await Promise.all([
      runCli(['safe', 'hash', '--no-summary', ...parent, ...via]),
      runCli(['safe', 'hash', ...parent, ...via, '--json']),
      runCli(['safe', 'sign', ...parent, ...via, '--json'], { env: ENV }),
    ])
    expect([text.code, text.stdout]).toEqual([0, hashText(P4H) + ownerText(C4.safe!, h)])
    const n = (JSON.parse(json.stdout) as { nested: Record<string, unknown> }).nested
    expect(n).toEqual({
      mode: 'contract-signature',
      safe: C4.safe,
      safeVersion: cv,
      rule: pv === '1.5.0'
        ? `parent Safe ${pv} calls isValidSignature(bytes32 safeTxHash, bytes) on the owner Safe: it signs SafeMessage(abi.encode(safeTxHash))`
        : `parent Safe ${pv} calls isValidSignature(bytes data, bytes) with the 66-byte preimage: the owner Safe signs SafeMessage(preimage)`,
      message,
      domainSeparator: h.domainHash,
      structHash: h.messageHash,
      safeMessageHash: h.safeMessageHash,
      preimage: concat(['0x1901', h.domainHash, h.messageHash]),
    })
    const sig = eip712Sig(KEY0, h.safeMessageHash)
    const o = JSON.parse(sign.stdout) as { signature: string; confirm: unknown; propose: unknown }
    expect([o.signature, o.confirm, o.propose]).toEqual([sig, { method: 'POST', path: `/api/v1/messages/${h.safeMessageHash}/signatures/`, body: { signature: sig } }, null])
  })

  test.concurrent('nested options: --via-version and --via-nonce required, --via-* only with --via-safe, eth_sign not for a contract signature', async () => {
    const parent = [...txFlags(P4.tx!), '--safe', P4.safe!, '--chain-id', '11155111', '--safe-version', '1.3.0']
    const [noVersion, noNonce, nonceCs, viaAlone, ethSign] = await Promise.all([
      runCli(['safe', 'hash', ...parent, '--via-safe', C4.safe!, '--via-nonce', '4']),
      runCli(['safe', 'hash', ...parent, '--via-safe', C4.safe!, '--via-version', '1.3.0']),
      runCli(['safe', 'hash', ...parent, '--via-safe', C4.safe!, '--via-version', '1.3.0', '--via-mode', 'contract-signature', '--via-nonce', '4']),
      runCli(['safe', 'hash', ...parent, '--via-version', '1.3.0']),
      runCli(['safe', 'sign', ...parent, '--via-safe', C4.safe!, '--via-version', '1.3.0', '--via-mode', 'contract-signature', '--sig', 'eth_sign'], { env: ENV }),
    ])
    failed(noVersion, 'SAFE_VERSION_MISSING', "--via-version is required: a Safe's version decides its hash and cannot be known offline (the Safe{Wallet} settings page and VERSION() show it)")
    failed(noNonce, 'USAGE', "--via-nonce is required: the owner Safe's approveHash transaction is at its own nonce")
    failed(nonceCs, 'USAGE', '--via-nonce goes with --via-mode approve-hash (a contract signature has no nonce)')
    failed(viaAlone, 'USAGE', '--via-version goes with --via-safe')
    failed(ethSign, 'USAGE', '--sig eth_sign: sign the owner Safe message with EIP-712 (the default)')
  })

  test.concurrent('a message through an owner Safe: what the parent\'s version forwards (RESEARCH §1.5, nested messages)', async () => {
    // The parent's safeMessageHash and its preimage are the same from 1.3.0 to 1.5.0 (one domain form).
    const preimage = concat(['0x1901', OS.domainHash, OS.messageHash])
    const forwarded: [string, string][] = [['1.3.0', OS.eip191Hash], ['1.4.1', preimage], ['1.5.0', OS.safeMessageHash]]
    const runs = await Promise.all(forwarded.map(([pv]) => runCli(['safe', 'message', 'hash', '--no-summary', '--safe', OPENSEA.safe!, '--chain-id', '11155111', '--safe-version', pv, '--message', OPENSEA.message!, '--via-safe', C4.safe!, '--via-version', '1.3.0'])))
    runs.forEach((r, i) => {
      const h = ethersSafeMessage(C4.safe!, 11155111, '1.3.0', forwarded[i]![1])
      expect(r).toEqual({ code: 0, stdout: messageText(OS.eip191Hash, OS) + `ownerSafe ${C4.safe}\nownerSafe.safeMessageHash ${h.safeMessageHash}\n`, stderr: '' })
    })
    const signed = await runCli(['safe', 'message', 'sign', '--safe', OPENSEA.safe!, '--chain-id', '11155111', '--safe-version', '1.5.0', '--message', OPENSEA.message!, '--via-safe', C4.safe!, '--via-version', '1.3.0'], { env: ENV })
    expect(signed).toEqual({ code: 0, stdout: eip712Sig(KEY0, ethersSafeMessage(C4.safe!, 11155111, '1.3.0', OS.safeMessageHash).safeMessageHash) + '\n', stderr: '' })
  })
})

// ---------------------------------------------------------------------------------------------
// 9. combine: owner signatures → the Safe's `signatures` bytes; --exec: the execTransaction calldata.

const H = M13.safeTxHash
const ALICE = '0x1111111111111111111111111111111111111111'
const OWNERS = [key(0), key(1), key(2)]
const S0 = eip712Sig(OWNERS[0]!, H)
const S1 = eip712Sig(OWNERS[1]!, H)
const S2 = ethSignSig(OWNERS[2]!, H)
const ENTRIES: BlobEntry[] = [
  { owner: OWNERS[0]!.address, sig: S0 },
  { owner: OWNERS[1]!.address, sig: S1 },
  { owner: OWNERS[2]!.address, sig: S2 },
  { owner: ALICE, approved: true },
  { owner: SAFE_CS, contract: '0xdeadbeef' },
]
const BLOB = signaturesBlob(ENTRIES)
const COMBINE = ['--signature', S0, '--signature', S1, '--signature', S2, '--approved', ALICE, '--contract', `${SAFE}:0xdeadbeef`]
const EXEC_IFACE = new Interface(['function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)'])
const execData = (tx: SafeTxFields, sigs: string) => EXEC_IFACE.encodeFunctionData('execTransaction', [tx.to, tx.value, tx.data, tx.operation, tx.safeTxGas, tx.baseGas, tx.gasPrice, tx.gasToken, tx.refundReceiver, sigs])

describe('safe combine', () => {
  test('the blob by hand: 5 static parts in owner order, the contract data after them at offset 325', () => {
    const order = [ALICE, OWNERS[2]!.address, SAFE_CS, OWNERS[1]!.address, OWNERS[0]!.address]
    expect([...ENTRIES].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1)).map((e) => e.owner)).toEqual(order)
    expect(BLOB.length).toBe(2 + 2 * (5 * 65 + 32 + 4))
    expect(BLOB.slice(2 + 2 * (2 * 65), 2 + 2 * (3 * 65))).toBe('000000000000000000000000' + SAFE.slice(2) + (325).toString(16).padStart(64, '0') + '00')
    expect(BLOB.slice(-72)).toBe((4).toString(16).padStart(64, '0') + 'deadbeef')
  })
  test.concurrent('three keys (EIP-712, EIP-712, eth_sign), an approved owner and a contract owner → the exact bytes; --json', async () => {
    const [text, json] = await Promise.all([runCli(['safe', 'combine', '--hash', H, ...COMBINE]), runCli(['safe', 'combine', '--hash', H, ...COMBINE, '--json'])])
    expect(text).toEqual({ code: 0, stdout: BLOB + '\n', stderr: '' })
    expect(JSON.parse(json.stdout)).toEqual({
      hash: H,
      signatures: BLOB,
      owners: [
        { owner: ALICE, type: 'APPROVED_HASH' },
        { owner: OWNERS[2]!.address, type: 'ETH_SIGN' },
        { owner: SAFE_CS, type: 'CONTRACT_SIGNATURE' },
        { owner: OWNERS[1]!.address, type: 'EOA' },
        { owner: OWNERS[0]!.address, type: 'EOA' },
      ],
    })
  })
  test.concurrent('--exec with the transaction: the execTransaction calldata ethers encodes', async () => {
    const [text, json] = await Promise.all([runCli(['safe', 'combine', ...M_ARGS, ...COMBINE, '--exec']), runCli(['safe', 'combine', ...M_ARGS, ...COMBINE, '--exec', '--json'])])
    expect(text).toEqual({ code: 0, stdout: execData(M.tx!, BLOB) + '\n', stderr: '' })
    expect((JSON.parse(json.stdout) as { execTransaction: unknown }).execTransaction).toEqual({ to: M.safe, value: '0', data: execData(M.tx!, BLOB) })
  })
  test.concurrent('the Bybit confirmations (a Transaction Service input): sorted by owner, and their execTransaction', async () => {
    const blob = signaturesBlob(BYBIT_M.confirmations!.map((k) => ({ owner: k.owner, sig: k.signature })))
    const r = await runCli(['safe', 'combine', '--tx', BYBIT_LIST, '--pick', '0', '--safe-version', '1.1.1', '--exec'])
    expect(r).toEqual({ code: 0, stdout: execData(BYBIT_M.tx!, blob) + '\n', stderr: '' })
  })
  test.concurrent('a repeated owner → SAFE_SIGNATURES; --threshold above the count → SAFE_THRESHOLD_NOT_MET; a signature of another hash names its signer', async () => {
    const [twice, approvedToo, threshold] = await Promise.all([
      runCli(['safe', 'combine', '--hash', H, '--signature', S0, '--signature', S0]),
      runCli(['safe', 'combine', '--hash', H, '--signature', S0, '--approved', TEST_ADDRESS_0]),
      runCli(['safe', 'combine', '--hash', H, ...COMBINE, '--threshold', '6']),
    ])
    const dup = `two signatures for owner ${TEST_ADDRESS_0}: a Safe counts each owner once (and reverts on a repeat, GS026)`
    failed(twice, 'SAFE_SIGNATURES', dup)
    failed(approvedToo, 'SAFE_SIGNATURES', dup)
    failed(threshold, 'SAFE_THRESHOLD_NOT_MET', '5 signatures, the threshold is 6')
    failed(await runCli(['safe', 'combine', '--hash', H, '--signature', '0x1234']), 'SAFE_SIGNATURES', '--signature 1: an ECDSA signature is 65 bytes, this one 2')
    failed(await runCli(['safe', 'combine', '--hash', H, '--contract', `${SAFE}-0x00`]), 'USAGE', '--contract OWNER:DATA: the owner contract, a colon, and its signature bytes (0x hex)')
  })

  test('--exec without the transaction is a usage error', async () => {
    const r = await runCli(['safe', 'combine', '--hash', H, '--signature', S0, '--exec'])
    expect([r.code, r.stdout]).toEqual([EXIT.USAGE, ''])
    expect(r.stderr).toMatch(/\[USAGE\]\n$/)
  })
  test('combine with the transaction and a wrong --hash names --hash', async () => {
    const r = await runCli(['safe', 'combine', ...M_ARGS, '--hash', WRONG, '--signature', S0])
    expect([r.code, r.stdout]).toEqual([1, ''])
    expect(r.stderr).toMatch(new RegExp(`^airsign: --hash ${WRONG} is not the computed safeTxHash ${H}`))
  })
})

// ---------------------------------------------------------------------------------------------
// 10. verify: a `signatures` blob read as the Safe reads it.

const VERIFY_LINES = [
  `0 APPROVED_HASH ${ALICE} on-chain: pre-validated: valid only if this owner approved the hash on chain (approveHash) or executes the transaction; not checkable offline`,
  `1 ETH_SIGN ${OWNERS[2]!.address} valid`,
  `2 CONTRACT_SIGNATURE ${SAFE_CS} on-chain: EIP-1271: valid only if ${SAFE_CS}.isValidSignature accepts the 4-byte signature; not checkable offline`,
  `3 EOA ${OWNERS[1]!.address} valid`,
  `4 EOA ${OWNERS[0]!.address} valid`,
]
describe('safe verify', () => {
  test.concurrent('the combined blob: one line per entry; --owners with all of them; --threshold 5', async () => {
    const all = [ALICE, OWNERS[0]!.address, OWNERS[1]!.address, OWNERS[2]!.address, SAFE_CS].join(',')
    const [plain, owners, threshold] = await Promise.all([
      runCli(['safe', 'verify', '--hash', H, '--signatures', BLOB]),
      runCli(['safe', 'verify', '--hash', H, '--signatures', BLOB, '--owners', all]),
      runCli(['safe', 'verify', '--hash', H, '--signatures', BLOB, '--threshold', '5', '--json']),
    ])
    expect(plain).toEqual({ code: 0, stdout: VERIFY_LINES.join('\n') + '\n', stderr: '' })
    expect(owners).toEqual(plain)
    const o = JSON.parse(threshold.stdout) as Record<string, unknown>
    expect([threshold.code, o.count, o.threshold, o.covered, o.checkedOffline]).toEqual([0, 5, 5, true, 3])
  })
  test.concurrent('the transaction instead of --hash: the same answer', async () => {
    expect(await runCli(['safe', 'verify', ...M_ARGS, '--signatures', BLOB])).toEqual({ code: 0, stdout: VERIFY_LINES.join('\n') + '\n', stderr: '' })
  })
  test.concurrent('--owners missing one → exit 1 SAFE_CONFIRMATION_INVALID, that entry INVALID', async () => {
    const r = await runCli(['safe', 'verify', '--hash', H, '--signatures', BLOB, '--owners', [ALICE, OWNERS[1]!.address, OWNERS[2]!.address, SAFE_CS].join(',')])
    expect(r).toEqual({
      code: 1,
      stdout: [...VERIFY_LINES.slice(0, 4), `4 EOA ${OWNERS[0]!.address} INVALID: not one of --owners`].join('\n') + '\n',
      stderr: `airsign: signature 4 (${OWNERS[0]!.address}) does not count: not one of --owners [SAFE_CONFIRMATION_INVALID]\n`,
    })
  })
  test.concurrent('owners out of order → exit 1 SAFE_CONFIRMATION_INVALID (GS026)', async () => {
    const swapped = signaturesBlob([{ owner: OWNERS[0]!.address, sig: S0 }, { owner: OWNERS[1]!.address, sig: S1 }], false)
    const r = await runCli(['safe', 'verify', '--hash', H, '--signatures', swapped])
    const problem = 'not after the previous owner: the Safe requires owners in ascending order (GS026)'
    expect(r).toEqual({
      code: 1,
      stdout: `0 EOA ${OWNERS[0]!.address} valid\n1 EOA ${OWNERS[1]!.address} INVALID: ${problem}\n`,
      stderr: `airsign: signature 1 (${OWNERS[1]!.address}) does not count: ${problem} [SAFE_CONFIRMATION_INVALID]\n`,
    })
  })
  test.concurrent('a truncated blob → exit 3 SAFE_SIGNATURES; a signature of another hash recovers to someone else (INVALID with --owners)', async () => {
    failed(await runCli(['safe', 'verify', '--hash', H, '--signatures', S0.slice(0, 2 + 2 * 64)]), 'SAFE_SIGNATURES', 'signatures are 65 bytes each; these are 64 bytes')
    failed(await runCli(['safe', 'verify', '--hash', H, '--signatures', S0 + S1.slice(2, 2 + 40)]), 'SAFE_SIGNATURES', '20 bytes after the last whole 65-byte signature, and no contract signature whose data they could be')
    const other = eip712Sig(OWNERS[0]!, WRONG)
    const { recoverAddress } = await import('ethers')
    const r = await runCli(['safe', 'verify', '--hash', H, '--signatures', other, '--owners', TEST_ADDRESS_0])
    expect(r).toEqual({
      code: 1,
      stdout: `0 EOA ${recoverAddress(H, other)} INVALID: not one of --owners\n`,
      stderr: `airsign: signature 0 (${recoverAddress(H, other)}) does not count: not one of --owners [SAFE_CONFIRMATION_INVALID]\n`,
    })
  })
  test('--threshold above the count → exit 1 SAFE_THRESHOLD_NOT_MET', async () => {
    const r = await runCli(['safe', 'verify', '--hash', H, '--signatures', S0 + S1.slice(2), '--threshold', '3'])
    expect([r.code, r.stdout]).toEqual([1, expect.any(String)])
    expect(r.stderr).toMatch(/\[SAFE_THRESHOLD_NOT_MET\]\n$/)
  })
})

// ---------------------------------------------------------------------------------------------
// 11. Errors: one line on stderr, the exit status of the code, nothing on stdout.

const PLAIN = JSON.stringify(safeTx(hex(c.BOB), 1))
const CTX13 = ['--safe', SAFE, '--chain-id', '1', '--safe-version', '1.3.0']
const withTx = (o: Record<string, unknown>) => ['safe', 'hash', '--tx', JSON.stringify({ ...safeTx(hex(c.BOB), 1), ...o }), ...CTX13]
type ErrCase = [name: string, args: string[], code: keyof typeof EXIT, message: string, stdin?: string]
const ERRORS: ErrCase[] = [
  ['missing --safe-version', ['safe', 'hash', '--tx', PLAIN, '--safe', SAFE, '--chain-id', '1'], 'SAFE_VERSION_MISSING', "--safe-version is required: a Safe's version decides its hash and cannot be known offline (the Safe{Wallet} settings page and VERSION() show it)"],
  ['missing --safe-version (sign: before the key)', ['safe', 'sign', '--tx', PLAIN, '--safe', SAFE, '--chain-id', '1'], 'SAFE_VERSION_MISSING', "--safe-version is required: a Safe's version decides its hash and cannot be known offline (the Safe{Wallet} settings page and VERSION() show it)"],
  ['version 0.0.1', ['safe', 'hash', '--tx', PLAIN, '--safe', SAFE, '--chain-id', '1', '--safe-version', '0.0.1'], 'SAFE_VERSION_UNSUPPORTED', 'Safe version 0.0.1: the oldest Safe is 0.1.0'],
  ['version 1.3.1 (never released)', ['safe', 'hash', '--tx', PLAIN, '--safe', SAFE, '--chain-id', '1', '--safe-version', '1.3.1'], 'SAFE_VERSION_UNSUPPORTED', 'Safe version 1.3.1 was never released (releases: 0.1.0, 1.0.0, 1.1.0, 1.1.1, 1.2.0, 1.3.0, 1.4.0, 1.4.1, 1.5.0)'],
  ['version "latest"', ['safe', 'hash', '--tx', PLAIN, '--safe', SAFE, '--chain-id', '1', '--safe-version', 'latest'], 'SAFE_VERSION_UNSUPPORTED', 'Safe version "latest": expected X.Y.Z, as the Safe\'s VERSION() returns (e.g. 1.3.0, 1.4.1+L2)'],
  ['missing --chain-id for 1.3.0', ['safe', 'hash', '--tx', PLAIN, '--safe', SAFE, '--safe-version', '1.3.0'], 'CHAIN_ID_MISSING', '--chain-id is required: Safe 1.3.0 puts the chain id in its hash'],
  ['missing --chain-id for a message at 1.4.1', ['safe', 'message', 'hash', '--message', 'hi', '--safe', SAFE, '--safe-version', '1.4.1'], 'CHAIN_ID_MISSING', '--chain-id is required: Safe 1.4.1 puts the chain id in its hash'],
  ['--chain-id 0', ['safe', 'hash', '--tx', PLAIN, '--safe', SAFE, '--chain-id', '0', '--safe-version', '1.3.0'], 'BAD_NUMBER', '--chain-id 0 is no chain'],
  ['--safe differing from the input\'s', ['safe', 'hash', '--tx', JSON.stringify(serviceV1(ARB)), ...CTX13], 'SAFE_TX_FIELD', `--safe ${SAFE_CS} is not the input's Safe ${ARB.safe}`],
  ['operation 2 (flag)', ['safe', 'hash', '--to', hex(c.BOB), '--nonce', '1', '--operation', '2', ...CTX13], 'SAFE_TX_FIELD', 'flags.operation: "2": must be 0 (CALL) or 1 (DELEGATECALL)'],
  ['operation 2 (JSON)', withTx({ operation: 2 }), 'SAFE_TX_FIELD', 'tx.operation: 2: must be 0 (CALL) or 1 (DELEGATECALL)'],
  ['a JSON number above 2^53', withTx({ nonce: 9007199254740993 }), 'SAFE_TX_FIELD', 'tx.nonce: a JSON number beyond 2^53 (or not whole) has lost digits already: write it as a decimal string'],
  ['a JSON number above 2^53 in a v1 list entry', ['safe', 'hash', '--tx', JSON.stringify({ count: 1, results: [serviceV1(ARB, { safeTxGas: 2 ** 60 })] }), ...ARB_CTX], 'SAFE_TX_FIELD', 'results[0].safeTxGas: a JSON number beyond 2^53 (or not whole) has lost digits already: write it as a decimal string'],
  ['a missing field', ['safe', 'hash', '--tx', JSON.stringify({ ...safeTx(hex(c.BOB), 1), nonce: undefined }), ...CTX13], 'SAFE_TX_FIELD', 'tx.nonce: missing'],
  ['not JSON', ['safe', 'hash', '--tx', '{nope', ...CTX13], 'SAFE_TX_JSON', 'Safe transaction is not valid JSON'],
  ['not JSON on stdin', ['safe', 'hash', ...CTX13], 'SAFE_TX_JSON', 'Safe transaction is not valid JSON', 'nope'],
  ['nothing on stdin', ['safe', 'hash', ...CTX13], 'SAFE_TX_JSON', 'no Safe transaction given (--tx, or JSON on stdin)', ''],
  ['a JSON array', ['safe', 'hash', '--tx', '[1]', ...CTX13], 'SAFE_TX_JSON', 'a Safe transaction is a JSON object: a Transaction Service result or list, a protocol-kit SafeTransactionData, or an EIP-712 SafeTx document'],
  ['an EIP-712 document that is not a SafeTx', ['safe', 'hash', '--tx', JSON.stringify(VOTE.typedData), ...CTX13], 'SAFE_TX_JSON', 'an EIP-712 document of primary type "Vote": a Safe transaction is a SafeTx'],
  ['an empty list', ['safe', 'hash', '--tx', '{"count":0,"results":[]}', ...CTX13], 'SAFE_TX_JSON', 'the list has no results: no transaction with this nonce was proposed'],
  ['--to without --nonce', ['safe', 'hash', '--to', hex(c.BOB), ...CTX13], 'USAGE', '--nonce is required with --to: the Safe nonce decides which transaction this is'],
  ['a tx field flag given twice', ['safe', 'hash', '--to', hex(c.BOB), '--nonce', '1', '--nonce', '2', ...CTX13], 'USAGE', '--nonce is given more than once'],
  ['an option of another action', ['safe', 'hash', '--tx', PLAIN, ...CTX13, '--mnemonic-file', 'x'], 'USAGE', '--mnemonic-file does not go with "safe hash" (it goes with: safe sign, safe message sign)'],
  ['a combine option on verify', ['safe', 'verify', '--hash', H, '--signatures', S0, '--approved', ALICE], 'USAGE', '--approved does not go with "safe verify" (it goes with: safe combine)'],
  ['safe message without hash|sign', ['safe', 'message', '--message', 'hi', ...CTX13], 'USAGE', 'safe message needs hash or sign: airsign safe message hash|sign'],
  ['safe message frobnicate', ['safe', 'message', 'frobnicate', ...CTX13], 'USAGE', 'safe message needs hash or sign: airsign safe message hash|sign'],
  ['a further word after safe hash', ['safe', 'hash', 'now', '--tx', PLAIN, ...CTX13], 'USAGE', 'safe hash takes no further word (now)'],
  ['two messages', ['safe', 'message', 'hash', '--message', 'a', '--hash', H, ...CTX13], 'USAGE', 'give one message: --message, --file, --typed-data or --hash (or the text on stdin)'],
  ['--emit signature on safe hash', ['safe', 'hash', '--tx', PLAIN, ...CTX13, '--emit', 'signature'], 'USAGE', '--emit signature goes with "safe sign"'],
  ['verify without signatures', ['safe', 'verify', '--hash', H], 'USAGE', 'give the signatures bytes (--signatures, or a transaction whose JSON carries `signatures`)'],
  ['combine with nothing to combine', ['safe', 'combine', '--hash', H], 'USAGE', 'no signatures to combine: give --signature, --approved, --contract, or a transaction with confirmations'],
]

describe('errors', () => {
  test.concurrent.for(ERRORS.map((e) => [`${e[0]} → ${e[2]}`, e] as const))('%s', async ([, [, args, code, message, stdin]]) => {
    failed(await runCli(args, { env: ENV, ...(stdin !== undefined ? { stdin } : {}) }), code, message)
  })
  test.concurrent('--json errors are one JSON object on stderr: {error: {code, message, hints}}', async () => {
    const [usage, version] = await Promise.all([runCli(['safe', 'message', '--json', ...CTX13]), runCli(['safe', 'hash', '--json', '--tx', PLAIN, '--safe', SAFE])])
    expect(usage).toEqual({ code: 2, stdout: '', stderr: JSON.stringify({ error: { code: 'USAGE', message: 'safe message needs hash or sign: airsign safe message hash|sign', hints: [] } }) + '\n' })
    expect(version).toEqual({ code: 2, stdout: '', stderr: JSON.stringify({ error: { code: 'SAFE_VERSION_MISSING', message: "--safe-version is required: a Safe's version decides its hash and cannot be known offline (the Safe{Wallet} settings page and VERSION() show it)", hints: [] } }) + '\n' })
  })

  test('a repeated --expect-*, --hash or --signatures is a usage error', async () => {
    const runs = await Promise.all([
      runCli(['safe', 'hash', ...M_ARGS, '--expect-safe-tx-hash', M13.safeTxHash, '--expect-safe-tx-hash', M13.safeTxHash]),
      runCli(['safe', 'hash', ...M_ARGS, '--expect-domain-hash', M13.domainHash, '--expect-domain-hash', M13.domainHash]),
      runCli(['safe', 'message', 'hash', ...OS_CTX, '--hash', H, '--hash', H]),
      runCli(['safe', 'combine', '--hash', H, '--hash', H, '--approved', ALICE]),
      runCli(['safe', 'verify', '--hash', H, '--signatures', S0, '--signatures', S0]),
    ])
    for (const r of runs) {
      expect([r.code, r.stdout]).toEqual([EXIT.USAGE, ''])
      expect(r.stderr).toMatch(/ is given more than once \[USAGE\]\n$/)
    }
  })
  test('a repeated --message is a usage error', async () => {
    const { hashMessage } = await import('ethers')
    const r = await runCli(['safe', 'message', 'sign', ...OS_CTX, '--message', 'a', '--message', 'b'], { env: ENV })
    expect(r.stdout).not.toBe(eip712Sig(KEY0, ethersSafeMessage(OPENSEA.safe!, 11155111, '1.3.0', hashMessage('a,b')).safeMessageHash) + '\n')
    expect([r.code, r.stdout]).toEqual([EXIT.USAGE, ''])
  })
  test('a repeated --safe-version, --tx or --file is a usage error', async () => {
    const f = put(OPENSEA.message!)
    const runs = await Promise.all([
      runCli(['safe', 'hash', ...txFlags(M.tx!), '--safe', M.safe!, '--chain-id', '1', '--safe-version', '1.3.0', '--safe-version', '1.4.1']),
      runCli(['safe', 'hash', '--tx', f, '--tx', f, ...CTX13]),
      runCli(['safe', 'message', 'hash', ...OS_CTX, '--file', f, '--file', f]),
    ])
    for (const r of runs) {
      expect([r.code, r.stdout]).toEqual([EXIT.USAGE, ''])
      expect(r.stderr).toMatch(/ is given more than once \[USAGE\]\n$/)
    }
  })
})

describe('signatures: more cases', () => {
  const BYBIT_SIGS = signaturesBlob(BYBIT_M.confirmations!.map((k) => ({ owner: k.owner, sig: k.signature })))
  const withSigs = (confirmations: unknown[]) => JSON.stringify(serviceV1(BYBIT_M, { confirmations, signatures: BYBIT_SIGS }))
  test.concurrent("verify reads the input's `signatures` (the Bybit owners, sorted), with --owners and --threshold", async () => {
    const owners = BYBIT_M.confirmations!.map((k) => k.owner).join(',')
    const sorted = [...BYBIT_M.confirmations!].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1))
    const r = await runCli(['safe', 'verify', '--tx', withSigs(BYBIT_M.confirmations!), '--safe-version', '1.1.1', '--owners', owners, '--threshold', '3'])
    expect(r).toEqual({ code: 0, stdout: sorted.map((k, i) => `${i} ETH_SIGN ${k.owner} valid\n`).join(''), stderr: '' })
  })
  test.concurrent("an input whose `signatures` hold a signer missing from its confirmations: exit 1 (hash), nothing on stdout", async () => {
    const last = [...BYBIT_M.confirmations!].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1))[2]!
    const r = await runCli(['safe', 'hash', '--no-summary', '--tx', withSigs(BYBIT_M.confirmations!.filter((k) => k.owner !== last.owner)), '--safe-version', '1.1.1'])
    failed(r, 'SAFE_CONFIRMATION_INVALID', `signatures[2] recovers to ${last.owner}, who is not among the confirmations`)
  })
  test.concurrent('safe sign of the displayed Bybit entry is refused before the key is read (exit 1)', async () => {
    const r = await runCli(['safe', 'sign', ...BYBIT.slice(3), '--pick', '1'])
    expect([r.code, r.stdout]).toEqual([1, ''])
    expect(r.stderr).toMatch(/^airsign: the confirmation of 0x1F4EB0a903619ac168b19A82F1a6e2e426522211 is not a signature of this transaction: .*\[SAFE_CONFIRMATION_INVALID\]\n$/)
  })
  test.concurrent('a high-s signature (the malleable twin) counts, with a note', async () => {
    const { Signature, toBeHex } = await import('ethers')
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const s = Signature.from(S0)
    const high = concat([s.r, toBeHex(N - BigInt(s.s), 32), toBeHex(s.v === 27 ? 28 : 27, 1)])
    expect(await runCli(['safe', 'combine', '--hash', H, '--signature', high])).toEqual({ code: 0, stdout: high + '\n', stderr: '' })
    expect(await runCli(['safe', 'verify', '--hash', H, '--signatures', high])).toEqual({ code: 0, stdout: `0 EOA ${TEST_ADDRESS_0} valid: high s (EIP-2 malleable form): the Safe accepts it, most signers never produce it\n`, stderr: '' })
  })
  test.concurrent('eth_sign signatures do not count on a Safe before 1.1.0 (verify exit 1, combine exit 3)', async () => {
    const h10 = (M.expect as Record<string, Hashes>)['1.0.0..1.2.0']!.safeTxHash
    const es = ethSignSig(KEY0, h10)
    const tx10 = [...txFlags(M.tx!), '--safe', M.safe!, '--safe-version', '1.0.0']
    expect(await runCli(['safe', 'verify', ...tx10, '--signatures', es])).toEqual({
      code: 1,
      stdout: `0 ETH_SIGN ${TEST_ADDRESS_0} INVALID: eth_sign is not accepted by Safe 1.0.0\n`,
      stderr: `airsign: signature 0 (${TEST_ADDRESS_0}) does not count: eth_sign is not accepted by Safe 1.0.0 [SAFE_CONFIRMATION_INVALID]\n`,
    })
    failed(await runCli(['safe', 'combine', ...tx10, '--signature', es]), 'SAFE_SIGNATURES', '--signature 1: eth_sign signatures are not accepted by Safe 1.0.0')
    // The same signature at 1.1.0 (same hash: the domain and SafeTx type do not change from 1.0.0 to 1.2.0) counts.
    expect(await runCli(['safe', 'verify', ...tx10.slice(0, -1), '1.1.0', '--signatures', es])).toEqual({ code: 0, stdout: `0 ETH_SIGN ${TEST_ADDRESS_0} valid\n`, stderr: '' })
  })
})
