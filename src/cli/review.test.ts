/**
 * The review policy through the built command: one subprocess case per
 * warning code on a minimal input (the exact stderr, exit status and stdout:
 * a CRITICAL one is refused without `--accept` and signed with it, the
 * warning still on stderr; the others sign with their warning on stderr),
 * the Bybit transaction, the unlimited approval of the issue, `--require-clear`,
 * and `--accept` mistakes. Signatures are compared with what ethers signs.
 * @module
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { Transaction, TypedDataEncoder, Wallet } from 'ethers'
import { ROOT, runCli, runMain, TEST_MNEMONIC } from '../test/cli.js'
import type { Terminal } from '../io/io.js'
import { hexToBytes } from '../bytes.js'
import { RISKS, type RiskCode } from '../clear/codes.js'
import * as c from '../test/calls.js'

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }

type SafeTxFields = { to: string; value: string; data: string; operation: number; safeTxGas: string; baseGas: string; gasPrice: string; gasToken: string; refundReceiver: string; nonce: string }
type BybitCase = { safe: string; tx: SafeTxFields; expect: { domainHash: string; messageHash: string; safeTxHash: string }; confirmations: { owner: string; signature: string }[] }
const BYBIT_FILE = readFileSync(join(ROOT, 'test-vectors/safe/bybit-safe-tx-71.json'))
const BYBIT_VECTOR = JSON.parse(BYBIT_FILE.toString('utf8')) as { cases: BybitCase[] }
test('the Bybit vector file is the one test-vectors/README.md names', () => {
  expect(createHash('sha256').update(BYBIT_FILE).digest('hex')).toBe('167b21e471636dc48c9a249f93755aabac206ec5ef6d1f95747f77ecd5ad7457')
})
const wallet = Wallet.fromPhrase(TEST_MNEMONIC)

/** What ethers signs for the transaction JSON `sign` was given. */
function ethersSigned(json: string): string {
  const o = JSON.parse(json) as Record<string, unknown>
  const t = Transaction.from({ ...o, gasLimit: o.gas as number, to: o.to as string | null, data: o.data as string } as never)
  t.signature = wallet.signingKey.sign(t.unsignedHash)
  return t.serialized
}

type Case = {
  code: RiskCode
  /** the command line after `airsign` (the key comes from the environment) */
  args: string[]
  /** the warning line(s) on stderr when signed (without "airsign: ") */
  lines: string[]
  /** what stdout must carry when signed */
  out: () => string
  stdin?: string
}

const tx = (to: Uint8Array | null, data: Uint8Array, opts: { chainId?: number; value?: bigint } = {}) => c.txJson(to, data, opts)
const signTx = (json: string, ...more: string[]): Pick<Case, 'args' | 'out' | 'stdin'> => ({ args: ['sign', '--tx', json, ...more], out: () => ethersSigned(json) + '\n' })

const typedDoc = (...a: Parameters<typeof c.typedDoc>): string => JSON.stringify(c.typedDoc(...a))
const signTyped = (doc: string): Pick<Case, 'args' | 'out' | 'stdin'> => ({
  args: ['sign-typed-data'],
  stdin: doc,
  out: () => {
    const d = JSON.parse(doc) as { types: Record<string, unknown>; domain: Record<string, unknown>; message: Record<string, unknown> }
    const { EIP712Domain: _, ...types } = d.types
    return wallet.signingKey.sign(TypedDataEncoder.hash(d.domain, types as never, d.message)).serialized + '\n'
  },
})

const { PERMIT_TYPES, PERMIT2_TYPES } = c
const USDC_DOMAIN = { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' }
const permit = (value: string, deadline: string, domain: Record<string, unknown> = USDC_DOMAIN) =>
  typedDoc('Permit', PERMIT_TYPES, domain, { owner: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', spender: '0x2222222222222222222222222222222222222222', value, nonce: 0, deadline })
const permit2 = (vc: string, expiration: number) =>
  typedDoc('PermitSingle', PERMIT2_TYPES, { name: 'Permit2', chainId: 1, verifyingContract: vc }, { details: { token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', amount: '5', expiration, nonce: 0 }, spender: '0x2222222222222222222222222222222222222222', sigDeadline: '1' })

const BYBIT_TO = c.a('0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516')
const AUTH = (chainId: string, delegate: string): Pick<Case, 'args' | 'out'> => ({ args: ['sign-authorization', '--chain-id', chainId, '--address', delegate, '--nonce', '0'], out: () => '' })
const SIMPLE7702 = '0xe6Cae83BdE06E4c305530e199D7217f42808555B'
const EVIL = '0x96221423681A6d52E184D440a8eFCEbB105C7242'
const ALICE = '0x1111111111111111111111111111111111111111'

const CASES: Case[] = [
  {
    code: 'APPROVAL_UNLIMITED',
    ...signTx(tx(c.USDC, c.call('approve(address,uint256)', c.PERMIT2, c.MAX))),
    lines: ['CRITICAL APPROVAL_UNLIMITED at call: approve: unlimited allowance (2^256-1) for 0x000000000022D473030F116dDEE9F6B43aC78BA3 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later'],
  },
  {
    code: 'APPROVAL_FOR_ALL',
    ...signTx(tx(c.BOB, c.call('setApprovalForAll(address,bool)', c.EVIL, true))),
    lines: ['CRITICAL APPROVAL_FOR_ALL at call: setApprovalForAll: 0x96221423681A6d52E184D440a8eFCEbB105C7242 may move every token of 0x2222222222222222222222222222222222222222 this account holds, now and later'],
  },
  {
    code: 'APPROVAL_TO_TOKEN',
    ...signTx(tx(c.USDC, c.call('approve(address,uint256)', c.USDC, 5n))),
    lines: ['HIGH APPROVAL_TO_TOKEN at call: approve: the spender is the token contract itself (0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48)'],
  },
  {
    code: 'TRANSFER_TO_TOKEN',
    ...signTx(tx(c.USDC, c.call('transfer(address,uint256)', c.USDC, 5n))),
    lines: ['CRITICAL TRANSFER_TO_TOKEN at call: the recipient is the token contract itself (0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48): tokens sent there are almost always lost'],
  },
  {
    code: 'PERMIT_UNLIMITED',
    ...signTyped(permit(c.MAX.toString(), '1')),
    lines: ['CRITICAL PERMIT_UNLIMITED at message.value: permit: unlimited allowance for 0x2222222222222222222222222222222222222222 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48; no transaction, no gas: anyone holding the signature can submit it'],
  },
  {
    code: 'PERMIT_NO_EXPIRY',
    ...signTyped(permit('5', c.MAX.toString())),
    lines: ['HIGH PERMIT_NO_EXPIRY at message.deadline: permit deadline is the largest uint256: never expires'],
  },
  {
    code: 'PERMIT_LONG_EXPIRY',
    // 4102444800 = 2100-01-01: far after any clock this test runs on.
    ...signTyped(permit('5', '4102444800')),
    lines: ['MEDIUM PERMIT_LONG_EXPIRY at message.deadline: permit deadline 2100-01-01 00:00:00Z is DAYS days after this machine\'s clock (NOW)'],
  },
  {
    code: 'PERMIT2_EXPIRATION_NOW',
    ...signTyped(permit2('0x000000000022D473030F116dDEE9F6B43aC78BA3', 0)),
    lines: ['INFO PERMIT2_EXPIRATION_NOW at message: Permit2 allowance expiration 0: the allowance lasts for the block it is used in only (Permit2 stores block.timestamp)'],
  },
  {
    code: 'PERMIT2_DOMAIN_SPOOF',
    ...signTyped(permit2(EVIL, 1)),
    lines: ['CRITICAL PERMIT2_DOMAIN_SPOOF at domain: the domain is named "Permit2" but its verifyingContract is 0x96221423681A6d52E184D440a8eFCEbB105C7242, not Permit2 (0x000000000022D473030F116dDEE9F6B43aC78BA3): whatever it is, it is not what it claims'],
  },
  {
    code: 'AUTHORIZATION_UNKNOWN_DELEGATE',
    ...AUTH('1', EVIL),
    lines: ['CRITICAL AUTHORIZATION_UNKNOWN_DELEGATE at authorization: delegate 0x96221423681A6d52E184D440a8eFCEbB105C7242 is not a known EIP-7702 delegate: its code will control this account and everything it holds, until another authorization replaces it'],
  },
  {
    code: 'AUTHORIZATION_ANY_CHAIN',
    ...AUTH('0', SIMPLE7702),
    lines: ['HIGH AUTHORIZATION_ANY_CHAIN at authorization: chain id 0: the authorization is valid on every chain, wherever this account has the same nonce'],
  },
  {
    code: 'AUTHORIZATION_REVOKE',
    ...AUTH('1', '0x0000000000000000000000000000000000000000'),
    lines: ["INFO AUTHORIZATION_REVOKE at authorization: delegate 0x0000…0000: clears the account's delegation (its code becomes empty again)"],
  },
  {
    code: 'SAFE_DELEGATECALL_UNTRUSTED',
    ...signTx(tx(c.SAFE, c.exec(c.EVIL, new Uint8Array(0), 1))),
    lines: ["CRITICAL SAFE_DELEGATECALL_UNTRUSTED at call.inner: DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242 (an unknown contract): its code runs as the Safe and can rewrite the Safe's implementation, owners and modules, or move everything it holds"],
  },
  {
    code: 'SAFE_DELEGATECALL_TOKEN_CALL',
    // A token call under DELEGATECALL to MultiSend (a known target, so only this rule and the MultiSend one fire).
    ...signTx(tx(c.SAFE, c.exec(c.MULTISEND_141, c.call('transfer(address,uint256)', BYBIT_TO, 0n), 1))),
    lines: [
      'CRITICAL SAFE_DELEGATECALL_TOKEN_CALL at call.inner: transfer(address,uint256) under DELEGATECALL to 0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526: a token call is never delegatecalled by a real Safe transaction; the target\'s own code runs in the Safe (the Bybit pattern)',
      'HIGH SAFE_MULTISEND_UNTRUSTED at call.inner: DELEGATECALL to MultiSend 1.4.1 (not MultiSendCallOnly): its entries may DELEGATECALL again',
    ],
  },
  {
    code: 'SAFE_NESTED_DELEGATECALL',
    ...signTx(tx(c.SAFE, c.exec(c.MULTISEND_141, c.multiSend([{ operation: 1, to: c.EVIL, data: new Uint8Array(0) }]), 1))),
    lines: [
      'CRITICAL SAFE_NESTED_DELEGATECALL at call.inner.entries[0]: a MultiSend entry DELEGATECALLs 0x96221423681A6d52E184D440a8eFCEbB105C7242 (an unknown contract): that code runs as the Safe, with its storage and balances',
      'HIGH SAFE_MULTISEND_UNTRUSTED at call.inner: DELEGATECALL to MultiSend 1.4.1 (not MultiSendCallOnly): its entries may DELEGATECALL again',
    ],
  },
  {
    code: 'SAFE_MULTISEND_UNTRUSTED',
    ...signTx(tx(c.SAFE, c.exec(c.MULTISEND_141, c.multiSend([{ operation: 0, to: c.BOB, value: 1n, data: new Uint8Array(0) }]), 1))),
    lines: ['HIGH SAFE_MULTISEND_UNTRUSTED at call.inner: DELEGATECALL to MultiSend 1.4.1 (not MultiSendCallOnly): its entries may DELEGATECALL again'],
  },
  {
    code: 'SAFE_SINGLETON_CHANGE',
    ...signTx(tx(c.SAFE, c.call('changeMasterCopy(address)', c.EVIL))),
    lines: ["CRITICAL SAFE_SINGLETON_CHANGE at call: replaces the Safe's implementation with 0x96221423681A6d52E184D440a8eFCEbB105C7242 on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE: the new code controls everything the Safe holds"],
  },
  {
    code: 'SAFE_MODULE_ENABLE',
    ...signTx(tx(c.SAFE, c.exec(c.SAFE, c.call('enableModule(address)', c.EVIL), 0))),
    lines: ["CRITICAL SAFE_MODULE_ENABLE at call.inner: enables module 0x96221423681A6d52E184D440a8eFCEbB105C7242 on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE: a module executes transactions without any owner's signature"],
  },
  {
    code: 'SAFE_MODULE_DISABLE',
    ...signTx(tx(c.SAFE, c.call('disableModule(address,address)', c.a('0x0000000000000000000000000000000000000001'), c.EVIL))),
    lines: ['HIGH SAFE_MODULE_DISABLE at call: disables module 0x96221423681A6d52E184D440a8eFCEbB105C7242 on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE'],
  },
  {
    code: 'SAFE_GUARD_CHANGE',
    ...signTx(tx(c.SAFE, c.call('setGuard(address)', c.EVIL))),
    lines: ['CRITICAL SAFE_GUARD_CHANGE at call: setGuard(0x96221423681A6d52E184D440a8eFCEbB105C7242) on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE: a guard checks (or blocks) every transaction; a hostile one can freeze the Safe'],
  },
  {
    code: 'SAFE_FALLBACK_HANDLER_UNKNOWN',
    ...signTx(tx(c.SAFE, c.call('setFallbackHandler(address)', c.EVIL))),
    lines: ['CRITICAL SAFE_FALLBACK_HANDLER_UNKNOWN at call: sets the fallback handler to 0x96221423681A6d52E184D440a8eFCEbB105C7242, not a Safe handler deployment, on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE: it answers every call the Safe does not know (including signature checks)'],
  },
  {
    code: 'SAFE_FALLBACK_HANDLER_CHANGE',
    ...signTx(tx(c.SAFE, c.call('setFallbackHandler(address)', c.FALLBACK_141))),
    lines: ['HIGH SAFE_FALLBACK_HANDLER_CHANGE at call: sets the fallback handler to 0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99 (CompatibilityFallbackHandler 1.4.1) on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE'],
  },
  {
    code: 'SAFE_OWNER_CHANGE',
    ...signTx(tx(c.SAFE, c.call('changeThreshold(uint256)', 1n))),
    lines: ['HIGH SAFE_OWNER_CHANGE at call: sets the threshold to 1 on 0x5afe5afE5afE5afE5afE5aFe5aFe5Afe5Afe5AfE'],
  },
  {
    code: 'SAFE_GAS_REFUND',
    ...signTx(tx(c.SAFE, c.exec(c.BOB, new Uint8Array(0), 0, { gasPrice: 7n }))),
    lines: ['HIGH SAFE_GAS_REFUND at call: the Safe pays a gas refund: gasPrice 7 in ETH to the executor (tx.origin), for (gas used + baseGas 0)'],
  },
  {
    code: 'CALLDATA_NON_CANONICAL',
    ...signTx(tx(c.USDC, Uint8Array.from([...c.call('transfer(address,uint256)', c.BOB, 1n).slice(0, 4), 0xff, ...c.call('transfer(address,uint256)', c.BOB, 1n).slice(5)]))),
    lines: ['CRITICAL CALLDATA_NON_CANONICAL at call: non-canonical encoding of transfer(address,uint256) (shown as a contract would read it): DIRTY_PADDING at to (address word has nonzero upper 12 bytes)'],
  },
  {
    code: 'CALLDATA_TRAILING_BYTES',
    ...signTx(tx(c.USDC, Uint8Array.from([...c.call('transfer(address,uint256)', c.BOB, 1n), 0x7a, 0x65, 0x72, 0x69, 0x6f, 0x6e]))),
    lines: ['HIGH CALLDATA_TRAILING_BYTES at call: 6 bytes after the arguments of transfer(address,uint256): not read by the function, yet signed'],
  },
  {
    code: 'CALLDATA_UNKNOWN',
    ...signTx(tx(c.BOB, Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0, 1]))),
    lines: ['MEDIUM CALLDATA_UNKNOWN at call: unknown function, selector 0xdeadbeef: blind 6-byte calldata to 0x2222222222222222222222222222222222222222'],
  },
  {
    code: 'CONTRACT_CREATION',
    ...signTx(tx(null, Uint8Array.from([0x60, 0x00, 0x60, 0x00, 0xf3]))),
    lines: ['MEDIUM CONTRACT_CREATION at call: deploys a contract from 5 bytes of code: airsign cannot explain what the code does'],
  },
  {
    code: 'TYPED_DATA_ANY_CHAIN',
    ...signTyped(permit('5', '1', { name: 'USD Coin', version: '2', verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' })),
    lines: ['MEDIUM TYPED_DATA_ANY_CHAIN at domain: the domain has no chainId: the signature is valid on every chain'],
  },
]

describe('one subprocess case per warning code', () => {
  test('the table covers every code but AUTHORIZATION_OTHER_CHAIN (a type-4 transaction, below), SELECTOR_COLLISION (below) and those of a Safe transaction (src/cli/safe.test.ts)', () => {
    const covered = new Set([...CASES.map((k) => k.code), 'AUTHORIZATION_OTHER_CHAIN', 'SELECTOR_COLLISION', 'SAFE_GAS_TOKEN', 'SAFE_REFUND_RECEIVER', 'SAFE_LEGACY_DOMAIN', 'SAFE_SAME_NONCE', 'SAFE_VERSION_ASSUMED'])
    expect([...covered].sort()).toEqual(Object.keys(RISKS).sort())
  })
  for (const k of CASES) {
    test(`${k.code} (${RISKS[k.code]})`, async () => {
      const stdin = k.stdin
      const critical = RISKS[k.code] === 'CRITICAL'
      const norm = (s: string) => s.replace(/ is \d+ days after this machine's clock \([^)]*\)/, " is DAYS days after this machine's clock (NOW)")
      if (critical) {
        const r = await runCli(k.args, { env: ENV, ...(stdin ? { stdin } : {}) })
        const first = k.lines.find((l) => l.startsWith('CRITICAL'))!
        const codes = [...new Set(k.lines.filter((l) => l.startsWith('CRITICAL')).map((l) => l.split(' ')[1]))]
        const message = first.slice(first.indexOf(': ') + 2)
        expect({ code: r.code, stdout: r.stdout, stderr: norm(r.stderr) }).toEqual({
          code: 2,
          stdout: '',
          stderr: `airsign: not signed: ${codes.join(', ')} (CRITICAL): ${message}; to sign anyway: --accept ${codes.join(',')} [RISK_REFUSED]\n`,
        })
      }
      const accept = critical ? ['--accept', [...new Set(k.lines.filter((l) => l.startsWith('CRITICAL')).map((l) => l.split(' ')[1]))].join(',')] : []
      const r = await runCli([...k.args, ...accept], { env: ENV, ...(stdin ? { stdin } : {}) })
      expect({ code: r.code, stderr: norm(r.stderr) }).toEqual({ code: 0, stderr: k.lines.map((l) => `airsign: ${l}\n`).join('') })
      if (k.args[0] === 'sign-authorization') expect(r.stdout).toMatch(/^0x[0-9a-f]+\n$/)
      else expect(r.stdout).toBe(k.out())
    })
  }
})

describe('the cases of the issue', () => {
  // The unlimited USDC approval to Permit2 a new user tried (issue 12).
  const APPROVE = '{"type":2,"chainId":1,"nonce":3,"maxPriorityFeePerGas":"1000000000","maxFeePerGas":"30000000000","gas":60000,"to":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","value":"0","data":"0x095ea7b3000000000000000000000000000000000022d473030f116ddee9f6b43ac78ba3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}'
  const UNLIMITED = 'approve: unlimited allowance (2^256-1) for 0x000000000022D473030F116dDEE9F6B43aC78BA3 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later'
  test('the unlimited approval to Permit2 is refused, and signed with --accept, the warning still on stderr', async () => {
    const no = await runCli(['sign', '--tx', APPROVE], { env: ENV })
    expect(no).toEqual({ code: 2, stdout: '', stderr: `airsign: not signed: APPROVAL_UNLIMITED (CRITICAL): ${UNLIMITED}; to sign anyway: --accept APPROVAL_UNLIMITED [RISK_REFUSED]\n` })
    const yes = await runCli(['sign', '--tx', APPROVE, '--accept', 'APPROVAL_UNLIMITED'], { env: ENV })
    expect(yes).toEqual({ code: 0, stdout: ethersSigned(APPROVE) + '\n', stderr: `airsign: CRITICAL APPROVAL_UNLIMITED at call: ${UNLIMITED}\n` })
  })

  // Bybit, 21 Feb 2025: the SafeTx the three owners signed (test-vectors/safe/bybit-safe-tx-71.json), executed
  // through execTransaction with their three signatures in owner order, as the attacker did.
  const V = BYBIT_VECTOR.cases[0]!
  const BYBIT_SAFE = c.a(V.safe)
  const sigs = [...V.confirmations].sort((x, y) => (x.owner.toLowerCase() < y.owner.toLowerCase() ? -1 : 1)).map((x) => x.signature.slice(2)).join('')
  const execData = c.call(
    'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
    c.a(V.tx.to), BigInt(V.tx.value), hexToBytes(V.tx.data, 'data'), BigInt(V.tx.operation), BigInt(V.tx.safeTxGas), BigInt(V.tx.baseGas), BigInt(V.tx.gasPrice), c.a(V.tx.gasToken), c.a(V.tx.refundReceiver), hexToBytes(sigs, 'signatures'),
  )
  const BYBIT = tx(BYBIT_SAFE, execData)
  const lines = [
    "CRITICAL SAFE_DELEGATECALL_UNTRUSTED at call.inner: DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242 (an unknown contract): its code runs as the Safe and can rewrite the Safe's implementation, owners and modules, or move everything it holds",
    "CRITICAL SAFE_DELEGATECALL_TOKEN_CALL at call.inner: transfer(address,uint256) under DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242: a token call is never delegatecalled by a real Safe transaction; the target's own code runs in the Safe (the Bybit pattern)",
  ]
  test('the Bybit execTransaction (DELEGATECALL of transfer to an unknown contract) is refused; signed only with both codes accepted', async () => {
    const no = await runCli(['sign', '--tx', BYBIT], { env: ENV })
    expect(no).toEqual({
      code: 2,
      stdout: '',
      stderr: `airsign: not signed: SAFE_DELEGATECALL_UNTRUSTED, SAFE_DELEGATECALL_TOKEN_CALL (CRITICAL): ${lines[0]!.slice(lines[0]!.indexOf(': ') + 2)}; to sign anyway: --accept SAFE_DELEGATECALL_UNTRUSTED,SAFE_DELEGATECALL_TOKEN_CALL [RISK_REFUSED]\n`,
    })
    const one = await runCli(['sign', '--tx', BYBIT, '--accept', 'SAFE_DELEGATECALL_UNTRUSTED'], { env: ENV })
    expect([one.code, one.stdout, one.stderr]).toEqual([2, '', expect.stringMatching(/^airsign: not signed: SAFE_DELEGATECALL_TOKEN_CALL \(CRITICAL\): .*\[RISK_REFUSED\]\n$/)])
    const yes = await runCli(['sign', '--tx', BYBIT, '--accept', 'SAFE_DELEGATECALL_UNTRUSTED', '--accept', 'SAFE_DELEGATECALL_TOKEN_CALL'], { env: ENV })
    expect(yes).toEqual({ code: 0, stdout: ethersSigned(BYBIT) + '\n', stderr: lines.map((l) => `airsign: ${l}\n`).join('') })
  })

  test('AUTHORIZATION_OTHER_CHAIN: a type-4 transaction carrying an authorization for another chain', async () => {
    const auth = wallet.authorizeSync({ address: SIMPLE7702, chainId: 5n, nonce: 1n })
    const t = JSON.stringify({
      type: 4, chainId: 1, nonce: 0, maxPriorityFeePerGas: '1', maxFeePerGas: '2', gas: 100000, to: ALICE, value: '0', data: '0x',
      authorizationList: [{ chainId: '5', address: SIMPLE7702, nonce: '1', yParity: auth.signature.yParity, r: auth.signature.r, s: auth.signature.s }],
    })
    const r = await runCli(['sign', '--tx', t], { env: ENV })
    expect([r.code, r.stderr]).toEqual([0, "airsign: MEDIUM AUTHORIZATION_OTHER_CHAIN at authorizationList[0]: chain id 5 is not the transaction's (1): this authorization is skipped here, but valid on chain 5\n"])
    expect(Transaction.from(r.stdout.trim()).authorizationList![0]!.chainId).toBe(5n)
  })

  test('SELECTOR_COLLISION: an --abi function with the selector of approve (0x095ea7b3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airsign-abi-'))
    writeFileSync(join(dir, 'x.abi'), '# from ethereum-lists/4bytes signatures/095ea7b3\nwatch_tg_invmru_2f69f1b(address a, address b)\n')
    const t = tx(c.USDC, c.call('approve(address,uint256)', c.BOB, 1n))
    const r = await runCli(['sign', '--tx', t, '--abi', join(dir, 'x.abi')], { env: ENV })
    expect(r).toEqual({ code: 0, stdout: ethersSigned(t) + '\n', stderr: 'airsign: HIGH SELECTOR_COLLISION at call: selector 0x095ea7b3 belongs to 2 known functions: approve(address,uint256), watch_tg_invmru_2f69f1b(address,address)\n' })
  })
})

describe('policy flags', () => {
  test('--require-clear refuses blind calldata and a contract creation, and signs what is decoded', async () => {
    const blind = tx(c.BOB, Uint8Array.from([0xde, 0xad, 0xbe, 0xef]))
    expect(await runCli(['sign', '--tx', blind, '--require-clear'], { env: ENV })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'airsign: not signed: --require-clear, and the calldata is not fully decoded (call: unknown selector) [BLIND_SIGNING_REFUSED]\n',
    })
    const create = tx(null, Uint8Array.from([0x60, 0x00]))
    expect(await runCli(['sign', '--tx', create, '--require-clear'], { env: ENV })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'airsign: not signed: --require-clear, and the calldata is not fully decoded (call: contract creation) [BLIND_SIGNING_REFUSED]\n',
    })
    const ok = tx(c.USDC, c.call('transfer(address,uint256)', c.BOB, 1n))
    expect(await runCli(['sign', '--tx', ok, '--require-clear'], { env: ENV })).toEqual({ code: 0, stdout: ethersSigned(ok) + '\n', stderr: '' })
    const plain = tx(c.BOB, new Uint8Array(0), { value: 5n })
    expect(await runCli(['sign', '--tx', plain, '--require-clear'], { env: ENV })).toEqual({ code: 0, stdout: ethersSigned(plain) + '\n', stderr: '' })
  })
  test('--accept takes known codes only, comma-separated or repeated', async () => {
    const plain = tx(c.BOB, new Uint8Array(0))
    expect(await runCli(['sign', '--tx', plain, '--accept', 'APPROVAL_UNLIMITED,APROVAL_FOR_ALL'], { env: ENV })).toEqual({
      code: 2,
      stdout: '',
      stderr: "airsign: --accept APROVAL_FOR_ALL: not a warning code (see the README's table of warnings) [USAGE]\n",
    })
  })
  test('sign --batch: a refused line is named by its number; --keep-going goes on; --require-clear per line', async () => {
    const ok = tx(c.USDC, c.call('transfer(address,uint256)', c.BOB, 1n), { chainId: 1 })
    const bad = tx(c.USDC, c.call('approve(address,uint256)', c.BOB, c.MAX))
    const stop = await runCli(['sign', '--batch'], { env: ENV, stdin: `${ok}\n${bad}\n${ok}\n` })
    expect(stop.code).toBe(2)
    expect(stop.stdout).toBe(ethersSigned(ok) + '\n')
    expect(stop.stderr).toBe('airsign: line 2: not signed: APPROVAL_UNLIMITED (CRITICAL): approve: unlimited allowance (2^256-1) for 0x2222222222222222222222222222222222222222 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later; to sign anyway: --accept APPROVAL_UNLIMITED [RISK_REFUSED]\n')
    const on = await runCli(['sign', '--batch', '--keep-going', '--json'], { env: ENV, stdin: `${ok}\n${bad}\n` })
    expect(on.code).toBe(2)
    const out = on.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(out[1]).toEqual({ line: 2, error: { code: 'RISK_REFUSED', message: expect.stringMatching(/^not signed: APPROVAL_UNLIMITED \(CRITICAL\)/) } })
    const warned = await runCli(['sign', '--batch', '--accept', 'APPROVAL_UNLIMITED'], { env: ENV, stdin: `${bad}\n` })
    expect([warned.code, warned.stderr]).toEqual([0, 'airsign: line 1: CRITICAL APPROVAL_UNLIMITED at call: approve: unlimited allowance (2^256-1) for 0x2222222222222222222222222222222222222222 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later\n'])
    const blind = tx(c.BOB, Uint8Array.from([1, 2, 3, 4]))
    const clear = await runCli(['sign', '--batch', '--require-clear'], { env: ENV, stdin: `${ok}\n${blind}\n` })
    expect([clear.code, clear.stdout, clear.stderr]).toEqual([2, ethersSigned(ok) + '\n', 'airsign: line 2: not signed: --require-clear, and the calldata is not fully decoded (call: unknown selector) [BLIND_SIGNING_REFUSED]\n'])
  })
  test('--json: warnings are JSON lines on stderr', async () => {
    const t = tx(c.USDC, c.call('approve(address,uint256)', c.USDC, 5n))
    const r = await runCli(['sign', '--tx', t, '--json'], { env: ENV })
    expect(r.code).toBe(0)
    expect(r.stderr.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { warning: { code: 'APPROVAL_TO_TOKEN', severity: 'HIGH', message: 'approve: the spender is the token contract itself (0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48)', path: 'call' } },
    ])
  })
})

describe('the review as text and as JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-review-files-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const put = (name: string, text: string): string => {
    const p = join(dir, name)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, text)
    return p
  }
  const VAULT = c.a('0x4444444444444444444444444444444444444444')
  const PUNKS = c.a('0x5555555555555555555555555555555555555555')
  // A descriptor and an address book whose strings try to rewrite the terminal (a newline, ESC, RLO).
  const DESC = JSON.stringify({
    $schema: 'https://eips.ethereum.org/assets/eip-7730/erc7730-v2.schema.json',
    context: { contract: { deployments: [{ chainId: 1, address: '0x4444444444444444444444444444444444444444' }] } },
    metadata: { owner: 'Vault\u202e Inc' },
    display: {
      formats: {
        'deposit(uint256 amount, address to)': {
          intent: 'Deposit\nfunds',
          fields: [
            { path: 'amount', label: 'Amount\u001b[2J', format: 'amount' },
            { path: 'to', label: 'Beneficiary', format: 'addressName', params: { types: ['eoa'], sources: ['local'] } },
          ],
        },
      },
    },
  })
  const LABELS = JSON.stringify({
    '0x1111111111111111111111111111111111111111': 'Alice\u001b[31m (mine)',
    '0x4444444444444444444444444444444444444444': { name: 'my vault', kind: 'contract' },
    '0x5555555555555555555555555555555555555555': { name: 'Punks', kind: 'collection' },
  })
  const head = (t: string, nonce = 0) => [
    'airsign: unsigned transaction',
    `airsign:   EIP-1559 transaction (type 2) on Ethereum (chain id 1), nonce ${nonce}`,
    `airsign:   to ${t}, value 0 ETH (0 wei)`,
    'airsign:   gas limit 200000, max fee 30 gwei, max priority fee 1 gwei',
    'airsign:   worst-case cost 0.006 ETH (gas limit × max fee + value)',
  ]
  const tail = ['airsign:   access list: 0 addresses, 0 storage keys']

  test('the unlimited approval of the issue: the decoded call in JSON, whole', async () => {
    const t = tx(c.USDC, c.call('approve(address,uint256)', c.PERMIT2, c.MAX))
    const r = await runCli(['inspect', '--tx', t])
    expect([r.code, r.stderr]).toEqual([0, ''])
    const o = JSON.parse(r.stdout) as Record<string, unknown>
    expect({ decoded: o.decoded, clear: o.clear, warnings: o.warnings }).toEqual({
      decoded: {
        path: 'call',
        status: 'clear',
        from: null,
        to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
        value: '0',
        operation: 'call',
        dataLength: 68,
        calldataDigest: '0x88df84ed3d65b9c6557e727060be8c997d4f07b1f8faf80fffd9eaf1c165eb94',
        selector: '0x095ea7b3',
        function: 'approve(address,uint256)',
        source: 'builtin/erc20.json',
        args: [
          { name: 'spender', type: 'address', value: '0x000000000022D473030F116dDEE9F6B43aC78BA3' },
          { name: 'amount', type: 'uint256', value: c.MAX.toString() },
        ],
        issues: [],
        rendered: {
          intent: 'Approve spending',
          interpolatedIntent: 'Allow Permit2 to spend Unlimited USDC',
          owner: 'ERC-20 standard interface (EIP-20)',
          contractName: null,
          descriptor: 'builtin/erc20.json',
          fields: [
            { label: 'Spender', value: 'Permit2', path: '#.spender', format: 'addressName' },
            { label: 'Amount', value: 'Unlimited USDC', path: '#.amount', format: 'tokenAmount' },
          ],
          notes: ['generic descriptor builtin/erc20.json: not bound to 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48 by the registry'],
        },
        calls: [],
        notes: [],
      },
      clear: true,
      warnings: [{ code: 'APPROVAL_UNLIMITED', severity: 'CRITICAL', path: 'call', message: 'approve: unlimited allowance (2^256-1) for 0x000000000022D473030F116dDEE9F6B43aC78BA3 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later' }],
    })
  })

  test('unknown calldata: the selector, every 32-byte word, the calldata digest, and BLIND', async () => {
    const data = Uint8Array.from([0x12, 0x34, 0x56, 0x78, ...new Uint8Array(40).fill(7)])
    const r = await runCli(['inspect', '--summary', '--tx', tx(c.BOB, data)])
    expect(r.stderr).toBe(
      [
        ...head('0x2222222222222222222222222222222222222222'),
        'airsign:   calls an unknown function (selector 0x12345678): BLIND, airsign cannot say what it does',
        'airsign:     word 0: 0x0707070707070707070707070707070707070707070707070707070707070707',
        'airsign:     word 1: 0x0707070707070707',
        'airsign:   calldata: 44 bytes, selector 0x12345678, digest 0x38d8c7dce0f5e102e7de5e73680a139c1bd8de7425ccc622aee109f973375ee5 (ERC-8213)',
        ...tail,
        'airsign:   warnings:',
        'airsign:     MEDIUM CALLDATA_UNKNOWN at call: unknown function, selector 0x12345678: blind 44-byte calldata to 0x2222222222222222222222222222222222222222',
        '',
      ].join('\n'),
    )
    const o = JSON.parse(r.stdout) as { decoded: Record<string, unknown>; clear: boolean }
    expect([o.decoded.status, o.decoded.words, o.clear]).toEqual(['blind', ['0x' + '07'.repeat(32), '0x' + '07'.repeat(8)], false])
  })

  test('your descriptor and your labels: used, and every string of theirs escaped (text and JSON)', async () => {
    const t = tx(VAULT, c.call('deposit(uint256,address)', 5n * 10n ** 17n, c.ALICE))
    const r = await runCli(['inspect', '--summary', '--tx', t, '--descriptor', put('d/vault.json', DESC), '--labels', put('labels.json', LABELS)])
    expect(r.stderr).toBe(
      [
        ...head('0x4444444444444444444444444444444444444444 (my vault)'),
        'airsign:   calls deposit(uint256 amount, address to)',
        `airsign:     source: ${join(dir, 'd/vault.json')}`,
        'airsign:     intent: Deposit\\u000afunds (Vault\\u202e Inc)',
        'airsign:     Amount\\u001b[2J: 0.5 ETH',
        'airsign:     Beneficiary: Alice\\u001b[31m (mine) (0x1111111111111111111111111111111111111111)',
        'airsign:   calldata: 68 bytes, selector 0x6e553f65, digest 0x93015a55fe4cabf61ea47bfb07fde7d2307ceaf722a1a9dcf258de8004c22f41 (ERC-8213)',
        ...tail,
        '',
      ].join('\n'),
    )
    // JSON keeps the strings (JSON.stringify escapes the controls; airsign also escapes bidi marks).
    expect(r.stdout).toContain('"owner":"Vault\\u202e Inc"')
    expect(r.stdout.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/)
    // A directory of descriptors reads the same.
    const viaDir = await runCli(['inspect', '--summary', '--tx', t, '--descriptor', join(dir, 'd'), '--labels', join(dir, 'labels.json')])
    expect(viaDir.stderr).toBe(r.stderr)
  })

  test('your --abi (JSON, events skipped): decoded by name, not clear-labelled', async () => {
    const abi = put('vault.abi.json', JSON.stringify([
      { type: 'function', name: 'stake', inputs: [{ name: 'amount', type: 'uint256' }, { name: 'lock', type: 'tuple', components: [{ name: 'until', type: 'uint64' }, { name: 'owner', type: 'address' }] }], outputs: [] },
      { type: 'event', name: 'Staked', inputs: [] },
    ]))
    const r = await runCli(['inspect', '--summary', '--tx', tx(VAULT, c.call('stake(uint256,(uint64,address))', 7n, [1900000000n, c.ALICE])), '--abi', abi])
    expect(r.stderr.split('\n').slice(5, 10)).toEqual([
      'airsign:   calls stake(uint256 amount, (uint64 until, address owner) lock)',
      `airsign:     source: your ABI ${abi} (no descriptor: arguments as the signature names them)`,
      'airsign:     amount: 7',
      'airsign:     lock: {"until":"1900000000","owner":"0x1111111111111111111111111111111111111111"}',
      'airsign:   calldata: 100 bytes, selector 0x44a3fd2b, digest 0xca2e73625d00dfc88ec38aadb05ccb4986efaa42959e4ed674ea7761d4985b0a (ERC-8213)',
    ])
    const o = JSON.parse(r.stdout) as { decoded: Record<string, unknown> }
    expect([o.decoded.status, o.decoded.args]).toEqual(['decoded', [{ name: 'amount', type: 'uint256', value: '7' }, { name: 'lock', type: '(uint64,address)', value: { until: '1900000000', owner: '0x1111111111111111111111111111111111111111' } }]])
  })

  test('a contract your labels name a collection is read as ERC-721 (approve of one token id)', async () => {
    const r = await runCli(['inspect', '--summary', '--tx', tx(PUNKS, c.call('approve(address,uint256)', c.BOB, 7n)), '--labels', join(dir, 'labels.json')])
    expect(r.stderr.split('\n').slice(5, 10)).toEqual([
      'airsign:   calls approve(address to, uint256 tokenId)',
      'airsign:     source: builtin/erc721.json (a standard interface: no descriptor is bound to this contract)',
      'airsign:     intent: Approve an operator for one NFT (ERC-721 standard interface (EIP-721))',
      'airsign:     Operator: 0x2222222222222222222222222222222222222222',
      'airsign:     Token: Punks #7',
    ])
  })

  test('a registry descriptor: the Uniswap swap of the registry tests', async () => {
    const raw = '0x02f9010c010d83989680843b9aca008304e2009468b3465833fb72a70ecdf485e0e4c7bd8665fc4580b8e404e45aaf000000000000000000000000c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2000000000000000000000000dac17f958d2ee523a2206206994597c13d831ec70000000000000000000000000000000000000000000000000000000000000bb8000000000000000000000000eced4025456b6c2987fac2e4c829889e681986a70000000000000000000000000000000000000000000000000016fdae8fefba690000000000000000000000000000000000000000000000000000000000d41da00000000000000000000000000000000000000000000000000000000000000000c0'
    const r = await runCli(['inspect', '--summary', '--tx', raw])
    expect(r.stderr.split('\n').slice(5, 13)).toEqual([
      'airsign:   calls exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params)',
      'airsign:     source: registry/uniswap/calldata-UniswapV3Router02.json',
      'airsign:     intent: swap (Uniswap Labs)',
      'airsign:     Send: 0.006471375668623977 WETH',
      'airsign:     Minimum to Receive: 13.901216 USDT',
      'airsign:     Uniswap fee: 0.3%',
      'airsign:     Beneficiary: 0xEceD4025456B6c2987faC2e4c829889e681986a7',
      'airsign:   calldata: 228 bytes, selector 0x04e45aaf, digest 0x879fd63d7ff1fdde87710091021f6af55ac0db4141b76d62bb6c1928212fd482 (ERC-8213)',
    ])
  })

  test('a Safe transaction: the inner DELEGATECALL once, under the field that carries it', async () => {
    const r = await runCli(['inspect', '--summary', '--tx', tx(c.SAFE, c.exec(c.EVIL, c.call('transfer(address,uint256)', c.BOB, 0n), 1))])
    const lines = r.stderr.split('\n')
    expect(lines.slice(11, 14)).toEqual([
      'airsign:     Call:',
      'airsign:       DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242: transfer(address to, uint256 amount)',
      'airsign:         source: builtin/erc20.json (a standard interface: no descriptor is bound to this contract)',
    ])
    expect(lines.filter((l) => l.includes('DELEGATECALL to 0x9622')).length).toBe(3) // the call, and the two warnings
  })

  test('qr sign: a request for an unlimited approval is refused, and signed with --accept', async () => {
    const { CryptoKeypath: _k, DataType, EthSignRequest } = await import('@keystonehq/bc-ur-registry-eth')
    const { UREncoder } = await import('@ngraveio/bc-ur')
    const { HDNodeWallet, Mnemonic } = await import('ethers')
    const { randomUUID } = await import('node:crypto')
    const xfp = HDNodeWallet.fromSeed(Mnemonic.fromPhrase(TEST_MNEMONIC).computeSeed()).fingerprint.slice(2)
    const t = JSON.parse(tx(c.USDC, c.call('approve(address,uint256)', c.PERMIT2, c.MAX))) as Record<string, unknown>
    const unsigned = Transaction.from({ ...t, gasLimit: t.gas as number } as never).unsignedSerialized
    const req = EthSignRequest.constructETHRequest(Buffer.from(unsigned.slice(2), 'hex'), DataType.typedTransaction, "m/44'/60'/0'/0/0", xfp, randomUUID(), 1)
    const part = new UREncoder(req.toUR(), 400).nextPart() + '\n'
    const no = await runCli(['qr', 'sign'], { env: ENV, stdin: part })
    expect(no).toEqual({ code: 2, stdout: '', stderr: `airsign: not signed: APPROVAL_UNLIMITED (CRITICAL): approve: unlimited allowance (2^256-1) for 0x000000000022D473030F116dDEE9F6B43aC78BA3 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later; to sign anyway: --accept APPROVAL_UNLIMITED [RISK_REFUSED]\n` })
    const yes = await runCli(['qr', 'sign', '--accept', 'APPROVAL_UNLIMITED', '--json'], { env: ENV, stdin: part })
    expect(yes.code).toBe(0)
    expect(yes.stderr).toBe(JSON.stringify({ warning: { code: 'APPROVAL_UNLIMITED', severity: 'CRITICAL', message: 'approve: unlimited allowance (2^256-1) for 0x000000000022D473030F116dDEE9F6B43aC78BA3 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later', path: 'call' } }) + '\n')
    const sig = (JSON.parse(yes.stdout) as { signature: string }).signature
    const expected = wallet.signingKey.sign(Transaction.from(unsigned).unsignedHash)
    expect(sig).toBe(expected.r + expected.s.slice(2) + (expected.yParity === 1 ? '01' : '00'))
  })
})

describe('typed data', () => {
  // The Bybit SafeTx as its owners signed it (test-vectors/safe/bybit-safe-tx-71.json): Safe 1.1.1, whose domain has no chain id.
  const V = BYBIT_VECTOR.cases[0]!
  const SAFE_TX = JSON.stringify({
    types: {
      EIP712Domain: [{ name: 'verifyingContract', type: 'address' }],
      SafeTx: c.safeTxFields(),
    },
    primaryType: 'SafeTx',
    domain: { verifyingContract: V.safe },
    message: V.tx,
  })
  test('the Bybit SafeTx: the hashes of the vector, the call it authorizes, and its warnings', async () => {
    const r = await runCli(['inspect-typed-data', '--summary'], { stdin: SAFE_TX })
    expect(r.code).toBe(0)
    const o = JSON.parse(r.stdout) as Record<string, unknown>
    expect([o.domainSeparator, o.structHash, o.digest]).toEqual([V.expect.domainHash, V.expect.messageHash, V.expect.safeTxHash])
    expect((o.warnings as { code: string }[]).map((w) => w.code)).toEqual(['SAFE_DELEGATECALL_UNTRUSTED', 'SAFE_DELEGATECALL_TOKEN_CALL', 'SAFE_LEGACY_DOMAIN'])
    expect((o.call as { operation: string; function: string }).operation).toBe('delegatecall')
    const lines = r.stderr.split('\n')
    const at = lines.indexOf('airsign:   the Safe transaction it authorizes:')
    expect(lines.slice(at, at + 8)).toEqual([
      'airsign:   the Safe transaction it authorizes:',
      'airsign:     DELEGATECALL to 0x96221423681A6d52E184D440a8eFCEbB105C7242: transfer(address to, uint256 amount)',
      'airsign:       source: builtin/erc20.json (a standard interface: no descriptor is bound to this contract)',
      'airsign:       intent: Send 0 to 0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516 (ERC-20 standard interface (EIP-20))',
      'airsign:       Amount: 0',
      'airsign:         note: unknown token (0x96221423681A6d52E184D440a8eFCEbB105C7242): the raw amount is shown',
      'airsign:       To: 0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516',
      'airsign:   warnings:',
    ])
    // sign-typed-data refuses it; with both codes accepted it signs the vector's safeTxHash
    const no = await runCli(['sign-typed-data'], { env: ENV, stdin: SAFE_TX })
    expect([no.code, no.stdout]).toEqual([2, ''])
    expect(no.stderr).toMatch(/^airsign: not signed: SAFE_DELEGATECALL_UNTRUSTED, SAFE_DELEGATECALL_TOKEN_CALL \(CRITICAL\): .* \[RISK_REFUSED\]\n$/)
    const yes = await runCli(['sign-typed-data', '--accept', 'SAFE_DELEGATECALL_UNTRUSTED,SAFE_DELEGATECALL_TOKEN_CALL'], { env: ENV, stdin: SAFE_TX })
    expect(yes.code).toBe(0)
    expect(yes.stdout).toBe(wallet.signingKey.sign(V.expect.safeTxHash).serialized + '\n')
  })

  test('an EIP-2612 permit with the registry descriptor of USDC: labelled fields beside every message field', async () => {
    const doc = permit(c.MAX.toString(), '1')
    const r = await runCli(['inspect-typed-data', '--summary'], { stdin: doc })
    expect(r.stderr.split('\n').slice(2, 12)).toEqual([
      'airsign:   descriptor: registry/permit/eip712-permit-ethereum-usdc.json',
      'airsign:     intent: Authorize spending of tokens (USDC)',
      'airsign:     Spender: 0x2222222222222222222222222222222222222222',
      'airsign:     Max spending amount: Unlimited USDC',
      'airsign:     Valid until: 1970-01-01 00:00:01Z',
      'airsign:   message:',
      'airsign:     owner (address): 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      'airsign:     spender (address): 0x2222222222222222222222222222222222222222',
      `airsign:     value (uint256): ${c.MAX}`,
      'airsign:     nonce (uint256): 0',
    ])
    const o = JSON.parse(r.stdout) as { decoded: { descriptor: string }; fields: unknown[]; warnings: { code: string }[] }
    expect([o.decoded.descriptor, o.fields.length, o.warnings.map((w) => w.code)]).toEqual(['registry/permit/eip712-permit-ethereum-usdc.json', 5, ['PERMIT_UNLIMITED']])
  })

  test('sign-typed-data --review needs a terminal', async () => {
    const r = await runCli(['sign-typed-data', '--review'], { env: ENV, stdin: permit('5', '1') })
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'airsign: --review needs a terminal to ask on [USAGE]\n' })
  })
})

describe('sign --review (in-process terminal)', () => {
  const terminal = () => {
    const seen: string[] = []
    const t: Terminal = { readHidden: async () => null, readLine: async (p) => (seen.push(p), 'y'), write: (x) => void seen.push(x), close: () => {} }
    return { t, seen }
  }
  test('the signer\'s own address is labelled as yours; the review and its warnings are on the terminal, the signature on stdout', async () => {
    const me = c.a(wallet.address)
    const t = tx(c.USDC, c.call('approve(address,uint256)', me, c.MAX))
    const { t: term, seen } = terminal()
    const r = await runMain(['sign', '--review', '--tx', t, '--accept', 'APPROVAL_UNLIMITED'], { env: ENV, terminal: term })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(ethersSigned(t) + '\n')
    const shown = seen.join('').split('\r\n')
    expect(shown).toContain("    Spender: your key at m/44'/60'/0'/0/0 (0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266)")
    expect(shown).toContain('    intent: Allow your key at m/44\'/60\'/0\'/0/0 to spend Unlimited USDC (ERC-20 standard interface (EIP-20))')
    expect(shown).toContain('    CRITICAL APPROVAL_UNLIMITED at call: approve: unlimited allowance (2^256-1) for 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later')
    expect(seen.at(-1)).toBe('sign this? [y/N] ')
  })
  test('a refused transaction is refused before the review is shown (nothing asked, the key not read)', async () => {
    const { t: term, seen } = terminal()
    const r = await runMain(['sign', '--review', '--tx', tx(c.USDC, c.call('approve(address,uint256)', c.BOB, c.MAX))], { env: { AIRSIGN_MNEMONIC: 'not a mnemonic' }, terminal: term })
    expect([r.code, r.stdout, seen]).toEqual([2, '', []])
    expect(r.stderr).toMatch(/\[RISK_REFUSED\]\n$/)
  })
})

test('an error that quotes a hostile descriptor stays one line and cannot act on the terminal', async () => {
  const { mkdtempSync: mk, writeFileSync: wr } = await import('node:fs')
  const d = mk(join(tmpdir(), 'airsign-hostile-'))
  const f = join(d, 'evil.json')
  wr(f, JSON.stringify({ $schema: 'https://eips.ethereum.org/assets/eip-7730/erc7730-v2.schema.json', context: { contract: { deployments: [{ chainId: 1, address: '0x4444444444444444444444444444444444444444' }] } }, metadata: { owner: 'x' }, display: { formats: { 'evil(\u001b[2J\nuint256\u202e x)': { intent: 'x', fields: [] } } } }))
  const r = await runCli(['inspect', '--tx', tx(c.a('0x4444444444444444444444444444444444444444'), Uint8Array.from([1, 2, 3, 4])), '--descriptor', f])
  expect([r.code, r.stdout]).toEqual([3, ''])
  expect(r.stderr.split('\n')).toHaveLength(2)
  expect(r.stderr).toMatch(/^airsign: .*\[DESCRIPTOR_FORMAT_KEY\]\n$/)
  expect(r.stderr.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/)
  rmSync(d, { recursive: true, force: true })
})
