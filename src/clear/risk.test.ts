import { describe, expect, test } from 'vitest'
import { parseTypedData } from '../typed-data.js'
import { parseSignature } from '../abi/types.js'
import * as tx from '../tx.js'
import { concatBytes } from '../bytes.js'
import { explainCall, type Knowledge } from './call.js'
import { authorizationWarnings, callWarnings, typedDataWarnings, type RiskContext } from './risk.js'
import { RISKS } from './codes.js'
import { enforce, reviewTransaction } from './review.js'
import { a, ALICE, BOB, call, EVIL, exec, FALLBACK_141, MAX, multiSend, MULTISEND_141, MULTISEND_CALL_ONLY_141, PERMIT2, PERMIT2_TYPES, PERMIT_TYPES, SAFE, SIGN_MESSAGE_LIB_141, typedDoc, USDC, ZERO } from '../test/calls.js'

const K: Knowledge = { render: null, abi: [] }
const NOW = 1_800_000_000n // 2027-01-15
const CTX: RiskContext = { chainId: 1n, now: NOW, trustedDelegates: () => null }
const codes = (to: Uint8Array | null, data: Uint8Array, from: Uint8Array | null = null) => callWarnings(explainCall(1n, K, { from, to, value: 0n, data }), CTX).map((w) => `${w.code}@${w.path}`)

describe('approvals and transfers', () => {
  test('approve: unlimited from 2^255 (the registry threshold); 2^255-1 is a number', () => {
    expect(codes(USDC, call('approve(address,uint256)', PERMIT2, MAX))).toEqual(['APPROVAL_UNLIMITED@call'])
    expect(codes(USDC, call('approve(address,uint256)', PERMIT2, 1n << 255n))).toEqual(['APPROVAL_UNLIMITED@call'])
    expect(codes(USDC, call('approve(address,uint256)', PERMIT2, (1n << 255n) - 1n))).toEqual([])
    expect(codes(USDC, call('increaseAllowance(address,uint256)', BOB, MAX))).toEqual(['APPROVAL_UNLIMITED@call'])
    expect(codes(USDC, call('decreaseAllowance(address,uint256)', BOB, MAX))).toEqual([])
  })
  test('the message names the spender, the token and the amount', () => {
    const w = callWarnings(explainCall(1n, K, { from: null, to: USDC, value: 0n, data: call('approve(address,uint256)', PERMIT2, MAX) }), CTX)
    expect(w).toEqual([
      {
        code: 'APPROVAL_UNLIMITED',
        severity: 'CRITICAL',
        path: 'call',
        message: 'approve: unlimited allowance (2^256-1) for 0x000000000022D473030F116dDEE9F6B43aC78BA3 on 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48: the spender can take every token, now and later',
      },
    ])
  })
  test('approval and transfer to the token contract itself; transfer to another known token', () => {
    expect(codes(USDC, call('approve(address,uint256)', USDC, 5n))).toEqual(['APPROVAL_TO_TOKEN@call'])
    expect(codes(USDC, call('transfer(address,uint256)', USDC, 5n))).toEqual(['TRANSFER_TO_TOKEN@call'])
    expect(codes(USDC, call('transferFrom(address,address,uint256)', ALICE, USDC, 5n))).toEqual(['TRANSFER_TO_TOKEN@call'])
    const usdt = a('0xdAC17F958D2ee523a2206206994597C13D831ec7')
    expect(codes(USDC, call('transfer(address,uint256)', usdt, 5n))).toEqual(['TRANSFER_TO_TOKEN@call'])
    expect(codes(USDC, call('transfer(address,uint256)', BOB, 5n))).toEqual([])
    expect(codes(BOB, call('safeTransferFrom(address,address,uint256)', ALICE, BOB, 5n))).toEqual(['TRANSFER_TO_TOKEN@call'])
  })
  test('setApprovalForAll: true is CRITICAL, false (revoking) is fine', () => {
    expect(codes(BOB, call('setApprovalForAll(address,bool)', EVIL, true))).toEqual(['APPROVAL_FOR_ALL@call'])
    expect(codes(BOB, call('setApprovalForAll(address,bool)', EVIL, false))).toEqual([])
  })
  test('Permit2 approve: uint160 from 2^159 is unlimited; expiration 0 is this block only, uint48 max never, far is long', () => {
    const ap = (amount: bigint, exp: bigint) => codes(PERMIT2, call('approve(address,address,uint160,uint48)', USDC, BOB, amount, exp))
    expect(ap((1n << 160n) - 1n, NOW + 3600n)).toEqual(['APPROVAL_UNLIMITED@call'])
    expect(ap((1n << 159n) - 1n, NOW + 3600n)).toEqual([])
    expect(ap(5n, 0n)).toEqual(['PERMIT2_EXPIRATION_NOW@call'])
    expect(ap(5n, (1n << 48n) - 1n)).toEqual(['PERMIT_NO_EXPIRY@call'])
    expect(ap(5n, NOW + 31n * 86400n)).toEqual(['PERMIT_LONG_EXPIRY@call'])
    expect(ap(5n, NOW + 30n * 86400n)).toEqual([])
  })
})

describe('calldata', () => {
  test('unknown, short, trailing bytes, non-canonical, undecodable', () => {
    expect(codes(BOB, Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 1, 2]))).toEqual(['CALLDATA_UNKNOWN@call'])
    const t = concatBytes(call('transfer(address,uint256)', BOB, 1n), Uint8Array.from([0x7a, 0x65, 0x72, 0x69, 0x6f, 0x6e]))
    expect(codes(USDC, t)).toEqual(['CALLDATA_TRAILING_BYTES@call'])
    const dirty = call('approve(address,uint256)', BOB, 1n)
    dirty[4] = 0xff // upper byte of the address word
    expect(codes(USDC, dirty)).toEqual(['CALLDATA_NON_CANONICAL@call'])
    expect(codes(USDC, call('approve(address,uint256)', BOB, 1n).slice(0, 40))).toEqual(['CALLDATA_NON_CANONICAL@call'])
  })
  test('a selector that two known signatures share', () => {
    const k: Knowledge = { render: null, abi: [{ fn: parseSignature('watch_tg_invmru_2f69f1b(address a, address b)'), source: 'your ABI x.abi' }] }
    const n = explainCall(1n, k, { from: null, to: USDC, value: 0n, data: call('approve(address,uint256)', BOB, 1n) })
    expect(n.candidates).toEqual(['watch_tg_invmru_2f69f1b(address,address)', 'approve(address,uint256)'])
    expect(n.source).toBe('your ABI x.abi')
    expect(callWarnings(n, CTX).map((w) => [w.code, w.message])).toEqual([
      ['SELECTOR_COLLISION', 'selector 0x095ea7b3 belongs to 2 known functions: watch_tg_invmru_2f69f1b(address,address), approve(address,uint256)'],
    ])
  })
  test('a blind call makes the review not clear, and --require-clear refuses it', () => {
    const t = tx.fromJson({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gas: 30000, to: '0x2222222222222222222222222222222222222222', value: 0, data: '0xdeadbeef' }).tx
    const r = reviewTransaction(t, null, K, CTX)
    expect(r.clear).toBe(false)
    expect(() => enforce(r, new Set(), false)).not.toThrow()
    expect(() => enforce(r, new Set(), true)).toThrow(/not signed: --require-clear, and the calldata is not fully decoded \(call: unknown selector\)/)
  })
  test('a CRITICAL warning refuses unless its code is accepted (every refused code is named)', () => {
    const t = tx.fromJson({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gas: 30000, to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', value: 0, data: '0x095ea7b3000000000000000000000000a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' }).tx
    const r = reviewTransaction(t, null, K, CTX)
    expect(r.warnings.map((w) => w.code)).toEqual(['APPROVAL_UNLIMITED', 'APPROVAL_TO_TOKEN'])
    expect(() => enforce(r, new Set(), false)).toThrow(expect.objectContaining({ code: 'RISK_REFUSED', hints: ['to sign anyway: --accept APPROVAL_UNLIMITED'] }))
    expect(() => enforce(r, new Set(['APPROVAL_UNLIMITED']), false)).not.toThrow()
    expect(() => enforce(r, new Set(['APPROVAL_TO_TOKEN']), false)).toThrow(/APPROVAL_UNLIMITED/)
  })
})

describe('Safe', () => {
  test('the Bybit pattern: DELEGATECALL of transfer to an unknown contract', () => {
    const bybit = exec(EVIL, call('transfer(address,uint256)', a('0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516'), 0n), 1)
    expect(codes(SAFE, bybit)).toEqual(['SAFE_DELEGATECALL_UNTRUSTED@call.inner', 'SAFE_DELEGATECALL_TOKEN_CALL@call.inner'])
  })
  test('trusted targets: MultiSendCallOnly, SignMessageLib for signMessage only; MultiSend is HIGH, a nested DELEGATECALL CRITICAL', () => {
    const batch = multiSend([{ operation: 0, to: USDC, data: call('transfer(address,uint256)', BOB, 1n) }])
    expect(codes(SAFE, exec(MULTISEND_CALL_ONLY_141, batch, 1))).toEqual([])
    expect(codes(SAFE, exec(MULTISEND_141, batch, 1))).toEqual(['SAFE_MULTISEND_UNTRUSTED@call.inner'])
    const nested = multiSend([{ operation: 1, to: EVIL, data: new Uint8Array(0) }])
    expect(codes(SAFE, exec(MULTISEND_141, nested, 1))).toEqual(['SAFE_MULTISEND_UNTRUSTED@call.inner', 'SAFE_NESTED_DELEGATECALL@call.inner.entries[0]'])
    expect(codes(SAFE, exec(SIGN_MESSAGE_LIB_141, call('signMessage(bytes)', new Uint8Array(3)), 1))).toEqual([])
    expect(codes(SAFE, exec(SIGN_MESSAGE_LIB_141, call('approveHash(bytes32)', new Uint8Array(32)), 1))).toEqual(['SAFE_DELEGATECALL_UNTRUSTED@call.inner'])
  })
  test('configuration changes, at the top level and inside a batch; a MultiSend entry to the Safe itself', () => {
    expect(codes(SAFE, call('enableModule(address)', EVIL))).toEqual(['SAFE_MODULE_ENABLE@call'])
    expect(codes(SAFE, call('disableModule(address,address)', ALICE, EVIL))).toEqual(['SAFE_MODULE_DISABLE@call'])
    expect(codes(SAFE, call('setGuard(address)', EVIL))).toEqual(['SAFE_GUARD_CHANGE@call'])
    expect(codes(SAFE, call('setFallbackHandler(address)', EVIL))).toEqual(['SAFE_FALLBACK_HANDLER_UNKNOWN@call'])
    expect(codes(SAFE, call('setFallbackHandler(address)', FALLBACK_141))).toEqual(['SAFE_FALLBACK_HANDLER_CHANGE@call'])
    expect(codes(SAFE, call('changeMasterCopy(address)', EVIL))).toEqual(['SAFE_SINGLETON_CHANGE@call'])
    expect(codes(SAFE, call('addOwnerWithThreshold(address,uint256)', EVIL, 1n))).toEqual(['SAFE_OWNER_CHANGE@call'])
    const batch = multiSend([
      { operation: 0, to: SAFE, data: call('swapOwner(address,address,address)', a('0x0000000000000000000000000000000000000001'), ALICE, EVIL) },
      { operation: 0, to: SAFE, data: call('changeThreshold(uint256)', 1n) },
    ])
    expect(codes(SAFE, exec(MULTISEND_CALL_ONLY_141, batch, 1))).toEqual(['SAFE_OWNER_CHANGE@call.inner.entries[0]', 'SAFE_OWNER_CHANGE@call.inner.entries[1]'])
    expect(codes(SAFE, exec(SAFE, call('enableModule(address)', EVIL), 0))).toEqual(['SAFE_MODULE_ENABLE@call.inner'])
  })
  test('MultiSend 1.5.0 reads to = 0 as the Safe itself; earlier versions call address 0', () => {
    const ms150 = a('0x218543288004CD07832472D464648173c77D7eB7')
    const batch = multiSend([{ operation: 0, to: ZERO, data: call('enableModule(address)', EVIL) }])
    const n150 = explainCall(1n, K, { from: null, to: SAFE, value: 0n, data: exec(ms150, batch, 1) })
    expect(n150.children[0]!.children[0]!.to).toEqual(SAFE)
    expect(n150.children[0]!.notes).toEqual(['entry 1: to = 0, which MultiSend 1.5.0 reads as the Safe itself'])
    const n141 = explainCall(1n, K, { from: null, to: SAFE, value: 0n, data: exec(MULTISEND_141, batch, 1) })
    expect(n141.children[0]!.children[0]!.to).toEqual(ZERO)
  })
  test('a gas refund', () => {
    expect(codes(SAFE, exec(BOB, new Uint8Array(0), 0, { gasPrice: 1n }))).toEqual(['SAFE_GAS_REFUND@call'])
  })
  test('a MultiSend batch that does not decode leaves the call blind', () => {
    const bad = call('multiSend(bytes)', Uint8Array.from([2, ...new Uint8Array(84)]))
    const n = explainCall(1n, K, { from: SAFE, to: MULTISEND_CALL_ONLY_141, value: 0n, data: bad, operation: 1 })
    expect(n.status).toBe('blind')
    expect(n.notes).toEqual(['MultiSend batch does not decode: entry 1 at byte 0: operation 2 (only 0 = call and 1 = delegatecall exist; the contract reverts)'])
  })
})

describe('EIP-7702 authorizations', () => {
  const del = (chainId: bigint, addr: Uint8Array, txChain: bigint | null = 1n) => authorizationWarnings([{ chainId, address: addr }], txChain, CTX).map((w) => w.code)
  test('unknown delegate, every chain, another chain, revocation; a known delegate on its chain', () => {
    const metamask = a('0x63c0c19a282a1B52b07dD5a65b58948A07DAE32B')
    const simple = a('0xe6Cae83BdE06E4c305530e199D7217f42808555B')
    expect(del(1n, EVIL)).toEqual(['AUTHORIZATION_UNKNOWN_DELEGATE'])
    expect(del(1n, metamask)).toEqual([])
    expect(del(0n, simple)).toEqual(['AUTHORIZATION_ANY_CHAIN'])
    expect(del(5n, simple)).toEqual(['AUTHORIZATION_OTHER_CHAIN'])
    expect(del(5n, metamask)).toEqual(['AUTHORIZATION_UNKNOWN_DELEGATE', 'AUTHORIZATION_OTHER_CHAIN']) // not deployed there, by its own list
    expect(del(1n, ZERO)).toEqual(['AUTHORIZATION_REVOKE'])
    expect(authorizationWarnings([{ chainId: 1n, address: EVIL }], 1n, { ...CTX, trustedDelegates: () => 'mine' })).toEqual([])
  })
})

describe('typed data', () => {
  const permit = (message: Record<string, unknown>, domain: Record<string, unknown> = { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' }) =>
    parseTypedData(typedDoc('Permit', PERMIT_TYPES, domain, { owner: '0x1111111111111111111111111111111111111111', spender: '0x2222222222222222222222222222222222222222', nonce: 0, ...message }))
  const w = (doc: ReturnType<typeof parseTypedData>) => typedDataWarnings(doc, CTX).map((x) => `${x.code}@${x.path}`)
  test('EIP-2612 permit: unlimited value, never-ending and far deadlines', () => {
    expect(w(permit({ value: MAX.toString(), deadline: (NOW + 60n).toString() }))).toEqual(['PERMIT_UNLIMITED@message.value'])
    expect(w(permit({ value: '5', deadline: MAX.toString() }))).toEqual(['PERMIT_NO_EXPIRY@message.deadline'])
    expect(w(permit({ value: '5', deadline: (NOW + 365n * 86400n).toString() }))).toEqual(['PERMIT_LONG_EXPIRY@message.deadline'])
    expect(w(permit({ value: '5', deadline: (NOW + 60n).toString() }))).toEqual([])
    expect(w(permit({ value: '5', deadline: '1' }, { name: 'USD Coin', version: '2' }))).toEqual(['TYPED_DATA_ANY_CHAIN@domain'])
  })
  test('DAI permit: allowed = true is unlimited, expiry 0 never expires', () => {
    const dai = parseTypedData({
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
        Permit: [
          { name: 'holder', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'nonce', type: 'uint256' },
          { name: 'expiry', type: 'uint256' },
          { name: 'allowed', type: 'bool' },
        ],
      },
      primaryType: 'Permit',
      domain: { name: 'Dai Stablecoin', version: '1', chainId: 1, verifyingContract: '0x6B175474E89094C44Da98b954EedeAC495271d0F' },
      message: { holder: '0x1111111111111111111111111111111111111111', spender: '0x2222222222222222222222222222222222222222', nonce: 0, expiry: 0, allowed: true },
    })
    expect(w(dai)).toEqual(['PERMIT_UNLIMITED@message.allowed', 'PERMIT_NO_EXPIRY@message.expiry'])
  })
  test('Permit2 PermitSingle: uint160 max, expiration 0, and a domain named Permit2 on another contract', () => {
    const doc = (vc: string, amount: string, expiration: number) =>
      parseTypedData(
        typedDoc('PermitSingle', PERMIT2_TYPES, { name: 'Permit2', chainId: 1, verifyingContract: vc }, { details: { token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', amount, expiration, nonce: 0 }, spender: '0x2222222222222222222222222222222222222222', sigDeadline: (NOW + 600n).toString() }),
      )
    expect(w(doc('0x000000000022D473030F116dDEE9F6B43aC78BA3', ((1n << 160n) - 1n).toString(), Number(NOW + 3600n)))).toEqual(['PERMIT_UNLIMITED@message'])
    expect(w(doc('0x000000000022D473030F116dDEE9F6B43aC78BA3', '5', 0))).toEqual(['PERMIT2_EXPIRATION_NOW@message'])
    expect(w(doc('0x96221423681A6d52E184D440a8eFCEbB105C7242', '5', Number(NOW + 3600n)))).toEqual(['PERMIT2_DOMAIN_SPOOF@domain'])
  })
})

/** Codes of the Safe review (src/safe/review.ts and the SafeTx document's fields), tested beside it. */
const SAFE_ONLY = new Set(['SAFE_GAS_TOKEN', 'SAFE_REFUND_RECEIVER', 'SAFE_LEGACY_DOMAIN', 'SAFE_SAME_NONCE', 'SAFE_VERSION_ASSUMED'])

test('every code has a severity of the four, and each appears in this file', async () => {
  const { readFileSync } = await import('node:fs')
  const text = readFileSync(new URL(import.meta.url), 'utf8')
  for (const [code, sev] of Object.entries(RISKS)) {
    expect(['CRITICAL', 'HIGH', 'MEDIUM', 'INFO']).toContain(sev)
    if (code === 'CONTRACT_CREATION') continue // a transaction with no `to`: see review-cli.test.ts
    if (SAFE_ONLY.has(code)) continue // a Safe transaction's fields and context: src/safe/review.test.ts
    expect(text.includes(`'${code}`), code).toBe(true)
  }
})
