// `airsign safe …` against Safe 1.5.0 itself: the contracts of
// @safe-global/safe-smart-account deployed on anvil at their canonical
// addresses by transactions airsign signed, a 2-of-3 Safe of the test
// mnemonic's accounts 1, 2, 3 created through the proxy factory, and then
// what airsign hashes, signs and combines executed by the Safe: a transfer, a
// MultiSend batch, eth_sign / pre-validated / EIP-1271 signatures, an owner
// change, a SafeMessage checked by isValidSignature, and corrupted signatures
// the Safe refuses. The oracles are the chain (the Safe's own
// getTransactionHash, its events, balances, getOwners) and ethers; airsign
// encodes none of the calldata here.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getAddress, getCreate2Address, getCreateAddress, hashMessage, keccak256, recoverAddress, solidityPacked, TypedDataEncoder } from 'ethers'
import { startAnvil, type Anvil, type Hex, type Receipt } from '../test/anvil.js'
import { airsignAddress, airsignSend, airsignTx } from '../test/chain.js'
import { key, signaturesBlob } from '../test/safe.js'
import {
  airsign, airsignSendAll, CANONICAL_150, create2Address, deployCanonical, ERC20_ART, ERC20_IFACE, execData, FACTORY_ART, FACTORY_IFACE, FALLBACK_ART,
  FALLBACK_IFACE, installSingletonFactory, MULTISEND_CALL_ONLY_ART, multiSendData, proxyOf, revertReason, SAFE_ART, SAFE_IFACE, safeTxFlags, setupData,
  SINGLETON_FACTORY, view, artifact, safeTxValues, ZERO_ADDRESS, type SafeTx,
} from '../test/safe-chain.js'
import { runCli, TEST_MNEMONIC } from '../test/cli.js'

const ETH = 10n ** 18n
const CHAIN = 31337
let node: Anvil
let A: Hex[] = [] // the test mnemonic's accounts 0 … 5
let OWNERS: Hex[] = [] // accounts 1, 2, 3
let safe: Hex // the 2-of-3 Safe
let outer: Hex // a 2-of-2 Safe whose owners are `safe` (a contract owner, EIP-1271) and account 5
let token: Hex // the Safe package's ERC20Token test contract, minted to account 0
let copyMsco: Hex // MultiSendCallOnly's very code, at an address no deployment list has
const ctx = (s: string = safe): string[] => ['--safe', s, '--chain-id', String(CHAIN), '--safe-version', '1.5.0']

/** The address of a proxy createProxyWithNonce makes (SafeProxyFactory 1.5.0: salt = keccak(keccak(initializer) ‖ saltNonce)). */
function proxyAddress(initializer: string, saltNonce: bigint): Hex {
  const salt = keccak256(solidityPacked(['bytes32', 'uint256'], [keccak256(initializer), saltNonce]))
  const init = solidityPacked(['bytes', 'uint256'], [artifact('proxies/SafeProxy.sol/SafeProxy').bytecode, BigInt(CANONICAL_150.safe)])
  return getCreate2Address(CANONICAL_150.factory, salt, keccak256(init)) as Hex
}

beforeAll(async () => {
  node = await startAnvil()
  // The accounts by ethers (src/test/safe.ts key): every receipt's sender is checked against them.
  A = [0, 1, 2, 3, 4, 5].map((i) => key(i).address as Hex)
  expect(await airsignAddress(1)).toBe(A[1])
  OWNERS = A.slice(1, 4)
  await installSingletonFactory(node)
  const at = await deployCanonical(node, [SAFE_ART.bytecode, FACTORY_ART.bytecode, MULTISEND_CALL_ONLY_ART.bytecode, FALLBACK_ART.bytecode])
  expect(at).toEqual([CANONICAL_150.safe, CANONICAL_150.factory, CANONICAL_150.multiSendCallOnly, CANONICAL_150.fallbackHandler])
  expect(await node.code(CANONICAL_150.safe)).toBe(SAFE_ART.deployedBytecode)
  // Then, from account 0, all signed by airsign: the token and the MultiSendCallOnly copy (plain
  // CREATE), the two Safes (createProxyWithNonce with a setup() initializer), ETH and tokens for them.
  const first = await node.nonce(A[0]!)
  token = getCreateAddress({ from: A[0]!, nonce: first }) as Hex
  copyMsco = getCreateAddress({ from: A[0]!, nonce: first + 1 }) as Hex
  const init = setupData(OWNERS, 2, CANONICAL_150.fallbackHandler)
  safe = proxyAddress(init, 1n)
  const outerInit = setupData([safe, A[5]!], 2, CANONICAL_150.fallbackHandler)
  outer = proxyAddress(outerInit, 2n)
  const create = (i: string, n: bigint) => ({ to: CANONICAL_150.factory, data: FACTORY_IFACE.encodeFunctionData('createProxyWithNonce', [CANONICAL_150.safe, i, n]), gas: 600_000 })
  const rcpts = await airsignSendAll(node, [
    { to: null, data: ERC20_ART.bytecode, gas: 2_000_000 },
    { to: null, data: MULTISEND_CALL_ONLY_ART.bytecode, gas: 500_000 },
    create(init, 1n),
    create(outerInit, 2n),
    { to: safe, value: (10n * ETH).toString(), gas: 100_000 },
    { to: outer, value: ETH.toString(), gas: 100_000 },
    { to: token, data: ERC20_IFACE.encodeFunctionData('transfer', [safe, 1_000_000n]), gas: 100_000 },
  ])
  expect(rcpts[0]!.contractAddress).toBe(token.toLowerCase())
  expect(proxyOf(rcpts[2]!, CANONICAL_150.factory)).toBe(safe)
  expect(proxyOf(rcpts[3]!, CANONICAL_150.factory)).toBe(outer)
}, 60_000)
afterAll(async () => {
  await node?.stop()
})

const safeNonce = async (s: string = safe): Promise<number> => Number((await view(node, SAFE_IFACE, s, 'nonce'))[0])
const sigOf = async (t: SafeTx, index: number, more: string[] = [], s: string = safe): Promise<Hex> => {
  const r = await airsign(['safe', 'sign', ...ctx(s), ...safeTxFlags(t), '--index', String(index), ...more])
  expect([r.code, r.stderr]).toEqual([0, ''])
  expect(r.stdout).toMatch(/^0x[0-9a-f]{130}\n$/)
  return r.stdout.trim() as Hex
}
/** The safeTxHash `airsign safe hash` prints (its three lines, nothing on stderr for a call without warnings). */
async function hashOf(t: SafeTx, s: string = safe, stderr = ''): Promise<Hex> {
  const r = await airsign(['safe', 'hash', '--no-summary', ...ctx(s), ...safeTxFlags(t)])
  expect([r.code, r.stderr]).toEqual([0, stderr])
  const m = /^domainHash (0x[0-9a-f]{64})\nmessageHash (0x[0-9a-f]{64})\nsafeTxHash (0x[0-9a-f]{64})\n$/.exec(r.stdout)
  expect(m).not.toBeNull()
  // The Safe's own answer for the same fields, and its domain separator.
  const onChain = await view(node, SAFE_IFACE, s, 'getTransactionHash', safeTxValues(t))
  expect(m![3]).toBe(onChain[0])
  expect(m![1]).toBe((await view(node, SAFE_IFACE, s, 'domainSeparator'))[0])
  return m![3] as Hex
}
/** `airsign safe combine … --exec`: the execTransaction calldata. */
async function combineExec(t: SafeTx, sigArgs: string[], s: string = safe): Promise<Hex> {
  const r = await airsign(['safe', 'combine', ...ctx(s), ...safeTxFlags(t), ...sigArgs, '--threshold', '2', '--exec'])
  expect([r.code, r.stderr]).toEqual([0, ''])
  return r.stdout.trim() as Hex
}
/** The Safe's events in a receipt, by name with their arguments. */
function safeEvents(rcpt: Receipt, s: string = safe): [string, unknown[]][] {
  return rcpt.logs.filter((l) => l.address.toLowerCase() === s.toLowerCase()).map((l) => {
    const e = SAFE_IFACE.parseLog(l)!
    return [e.name, [...e.args]]
  })
}
/**
 * Execute calldata on the Safe with a transaction `airsign sign` signs (account 0 unless told): its
 * review of the execTransaction (stderr) is exactly `review`, the receipt has status 1 and the sender.
 */
async function exec(data: string, opts: { index?: number; s?: string; review?: string; accept?: string } = {}): Promise<Receipt> {
  const index = opts.index ?? 0
  const tx = { type: 2, chainId: CHAIN, nonce: await node.nonce(A[index]!), maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 500_000, to: opts.s ?? safe, data }
  const accept = opts.accept ? ['--accept', opts.accept] : []
  const r = await runCli(['sign', '--mnemonic-file', '-', '--index', String(index), '--tx', JSON.stringify(tx), ...accept], { stdin: TEST_MNEMONIC + '\n' })
  expect([r.code, r.stderr]).toEqual([0, opts.review ?? ''])
  const rcpt = await node.send(r.stdout.trim())
  expect([rcpt.status, rcpt.from]).toEqual(['0x1', A[index]!.toLowerCase()])
  return rcpt
}

describe('Safe 1.5.0 on anvil: the contracts and the 2-of-3 Safe', () => {
  test('the package bytecode through the singleton factory lands at the canonical addresses; the Safe has owners 1, 2, 3, threshold 2, nonce 0, 10 ETH', async () => {
    expect(create2Address(MULTISEND_CALL_ONLY_ART.bytecode)).toBe(CANONICAL_150.multiSendCallOnly)
    expect(await node.code(SINGLETON_FACTORY)).not.toBe('0x')
    expect((await view(node, SAFE_IFACE, safe, 'getOwners'))[0]).toEqual(OWNERS)
    expect((await view(node, SAFE_IFACE, safe, 'getThreshold'))[0]).toBe(2n)
    expect((await view(node, SAFE_IFACE, safe, 'VERSION'))[0]).toBe('1.5.0')
    expect(await safeNonce()).toBe(0)
    expect(await node.balance(safe)).toBe(10n * ETH)
    expect((await view(node, SAFE_IFACE, outer, 'getOwners'))[0]).toEqual([safe, A[5]])
  })
})

describe('a transfer signed by two owners, combined, executed', () => {
  test('safe hash = the Safe\'s getTransactionHash; two EIP-712 signatures; combine --exec; executed by account 0: ExecutionSuccess(safeTxHash), the value moved, nonce + 1', async () => {
    const to = '0x000000000000000000000000000000000000bEEF'
    const t: SafeTx = { to, value: ETH + 12345n, data: '0x', operation: 0, nonce: await safeNonce() }
    const [h, s1, s2] = await Promise.all([hashOf(t), sigOf(t, 1), sigOf(t, 2)])
    const data = await combineExec(t, ['--signature', s1, '--signature', s2])
    expect(data).toBe(execData(t, signaturesBlob([{ owner: OWNERS[0]!, sig: s1 }, { owner: OWNERS[1]!, sig: s2 }])))
    const [before, safeBefore] = [await node.balance(to), await node.balance(safe)]
    const rcpt = await exec(data)
    expect([rcpt.status, rcpt.from]).toEqual(['0x1', A[0]!.toLowerCase()])
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(ETH + 12345n)
    expect(safeBefore - (await node.balance(safe))).toBe(ETH + 12345n)
    expect(await safeNonce()).toBe(t.nonce + 1)
  })
})

describe('the Transaction Service form and a gas refund', () => {
  test('a Transaction Service result (API v2 strings, data null) with two confirmations: safe hash checks its safeTxHash, combine --tx … --exec builds the call the Safe executes', async () => {
    const to = getAddress('0x000000000000000000000000000000000000abcd')
    const t: SafeTx = { to, value: 4242n, data: '0x', operation: 0, nonce: await safeNonce() }
    const [h, s1, s3] = await Promise.all([hashOf(t), sigOf(t, 1), sigOf(t, 3)])
    const service = {
      safe, to, value: '4242', data: null, operation: 0, gasToken: ZERO_ADDRESS, safeTxGas: '0', baseGas: '0', gasPrice: '0', refundReceiver: ZERO_ADDRESS,
      nonce: String(t.nonce), safeTxHash: h, confirmationsRequired: 2, isExecuted: false,
      confirmations: [{ owner: OWNERS[2], signature: s3, signatureType: 'EOA' }, { owner: OWNERS[0], signature: s1, signatureType: 'EOA' }],
    }
    const ctxNoSafe = ['--chain-id', String(CHAIN), '--safe-version', '1.5.0']
    const [hr, c, wrong] = await Promise.all([
      airsign(['safe', 'hash', '--no-summary', ...ctxNoSafe, '--tx', '-'], { stdin: JSON.stringify(service) }),
      airsign(['safe', 'combine', ...ctxNoSafe, '--tx', '-', '--exec'], { stdin: JSON.stringify(service) }),
      // The same confirmations presented for another nonce: they recover to other addresses, not to their owners.
      airsign(['safe', 'combine', ...ctxNoSafe, '--tx', '-', '--exec'], { stdin: JSON.stringify({ ...service, nonce: String(t.nonce + 1), safeTxHash: undefined }) }),
    ])
    expect([hr.code, hr.stderr, hr.stdout.endsWith(`safeTxHash ${h}\n`)]).toEqual([0, '', true])
    const data = execData(t, signaturesBlob([{ owner: OWNERS[0]!, sig: s1 }, { owner: OWNERS[2]!, sig: s3 }]))
    expect(c).toEqual({ code: 0, stdout: data + '\n', stderr: '' })
    expect([wrong.code, wrong.stdout]).toEqual([1, ''])
    const other = (await view(node, SAFE_IFACE, safe, 'getTransactionHash', safeTxValues({ ...t, nonce: t.nonce + 1 })))[0] as string
    expect(wrong.stderr).toBe(`airsign: confirmations[0]: recovers to ${recoverAddress(other, s3)}, not to its owner ${OWNERS[2]}, for hash ${other} [SAFE_CONFIRMATION_INVALID]\n`)
    const before = await node.balance(to)
    const rcpt = await exec(data)
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(4242n)
  })

  test('gasPrice ≠ 0: SAFE_GAS_REFUND (HIGH) says the Safe pays (gas used + baseGas) × gasPrice to tx.origin; executed, the payment in ExecutionSuccess is what left the Safe and reached the executor', async () => {
    const to = getAddress('0x000000000000000000000000000000000000abce')
    const gasPrice = 10n ** 9n
    const t: SafeTx = { to, value: 1000n, data: '0x', operation: 0, nonce: await safeNonce(), refund: { safeTxGas: 0n, baseGas: 30_000n, gasPrice, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS } }
    const warning = (at: string) => `airsign: HIGH SAFE_GAS_REFUND at ${at}: the Safe pays a gas refund when this executes: (gas used + baseGas 30000) × gasPrice 1000000000 wei (capped at the executor's gas price), to the executor (tx.origin)\n`
    const h = await hashOf(t, safe, warning('message.gasPrice'))
    const signed = await Promise.all([1, 2].map((i) => airsign(['safe', 'sign', ...ctx(), ...safeTxFlags(t), '--index', String(i)])))
    for (const r of signed) expect([r.code, r.stderr]).toEqual([0, warning('message.gasPrice')])
    const data = await combineExec(t, signed.flatMap((r) => ['--signature', r.stdout.trim()]))
    const executor = A[3]!
    const before = await Promise.all([node.balance(to), node.balance(safe), node.balance(executor)])
    // The executor's own review of the execTransaction says it too, in its own words.
    const review = "airsign: HIGH SAFE_GAS_REFUND at call: the Safe pays a gas refund: gasPrice 1000000000 in ETH to the executor (tx.origin), for (gas used + baseGas 30000)\n"
    const rcpt = await exec(data, { index: 3, review })
    const events = safeEvents(rcpt)
    expect(events.map((e) => [e[0], e[1][0]])).toEqual([['ExecutionSuccess', h]])
    const payment = events[0]![1][1] as bigint
    const price = BigInt(rcpt.effectiveGasPrice) < gasPrice ? BigInt(rcpt.effectiveGasPrice) : gasPrice
    expect(payment % price).toBe(0n)
    expect(payment / price).toBeGreaterThan(30_000n) // gas used + baseGas
    const after = await Promise.all([node.balance(to), node.balance(safe), node.balance(executor)])
    expect(after[0]! - before[0]!).toBe(1000n)
    expect(before[1]! - after[1]!).toBe(1000n + payment)
    expect(after[2]! - before[2]!).toBe(payment - BigInt(rcpt.gasUsed) * BigInt(rcpt.effectiveGasPrice))
  })
})

describe('a MultiSend batch (DELEGATECALL to MultiSendCallOnly 1.5.0)', () => {
  test('two transfers and a token transfer: the review airsign prints names each, the batch executes, each inner effect is on chain', async () => {
    const [r1, r2] = ['0x000000000000000000000000000000000000c0Fe', '0x000000000000000000000000000000000000cafE']
    const entries = [
      { operation: 0 as const, to: r1, value: 3n * 10n ** 17n, data: '0x' },
      { operation: 0 as const, to: r2, value: 7n, data: '0x' },
      { operation: 0 as const, to: token, value: 0n, data: ERC20_IFACE.encodeFunctionData('transfer', [r2, 4321n]) },
    ]
    const t: SafeTx = { to: CANONICAL_150.multiSendCallOnly, value: 0n, data: multiSendData(entries), operation: 1, nonce: await safeNonce() }
    const [h, s1, s3, summary] = await Promise.all([hashOf(t), sigOf(t, 1), sigOf(t, 3), airsign(['safe', 'hash', ...ctx(), ...safeTxFlags(t)])])
    // The summary: the canonical address is known, each entry decoded; no warning at all.
    expect(summary.code).toBe(0)
    expect(summary.stderr).toContain(`airsign:     DELEGATECALL to ${CANONICAL_150.multiSendCallOnly} (Safe MultiSendCallOnly 1.5.0): multiSend(bytes transactions)\n`)
    expect(summary.stderr).toContain('airsign:         3 entries (')
    expect(summary.stderr).toContain(`airsign:       call to ${r1}, value 0.3 ETH, no data\n`)
    expect(summary.stderr).toContain(`airsign:       call to ${r2}, value 0.000000000000000007 ETH, no data\n`)
    expect(summary.stderr).toContain(`airsign:         intent: Send 4321 to ${r2} (ERC-20 standard interface (EIP-20))\n`)
    expect(summary.stderr).not.toMatch(/CRITICAL|HIGH|MEDIUM/)
    const data = await combineExec(t, ['--signature', s3, '--signature', s1])
    expect(data).toBe(execData(t, signaturesBlob([{ owner: OWNERS[0]!, sig: s1 }, { owner: OWNERS[2]!, sig: s3 }])))
    const before = await Promise.all([node.balance(r1), node.balance(r2), node.balance(safe)])
    const rcpt = await exec(data)
    expect([rcpt.status, rcpt.from]).toEqual(['0x1', A[0]!.toLowerCase()])
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
    const transfers = rcpt.logs.filter((l) => l.address.toLowerCase() === token.toLowerCase()).map((l) => [...ERC20_IFACE.parseLog(l)!.args])
    expect(transfers).toEqual([[safe, r2, 4321n]])
    const after = await Promise.all([node.balance(r1), node.balance(r2), node.balance(safe)])
    expect([after[0]! - before[0]!, after[1]! - before[1]!, before[2]! - after[2]!]).toEqual([3n * 10n ** 17n, 7n, 3n * 10n ** 17n + 7n])
    expect((await view(node, ERC20_IFACE, token, 'balanceOf', [r2]))[0]).toBe(4321n)
    expect((await view(node, ERC20_IFACE, token, 'balanceOf', [safe]))[0]).toBe(1_000_000n - 4321n)
    expect(await safeNonce()).toBe(t.nonce + 1)
  })

  test('the same MultiSendCallOnly code at an address no deployment lists: safe sign refuses (SAFE_DELEGATECALL_UNTRUSTED, CRITICAL) until --accept', async () => {
    expect(await node.code(copyMsco)).toBe(MULTISEND_CALL_ONLY_ART.deployedBytecode)
    const t: SafeTx = { to: copyMsco, value: 0n, data: multiSendData([{ operation: 0, to: A[4]!, value: 1n, data: '0x' }]), operation: 1, nonce: await safeNonce() }
    const args = ['safe', 'sign', ...ctx(), ...safeTxFlags(t), '--index', '1']
    const [refused, accepted] = await Promise.all([airsign(args), airsign([...args, '--accept', 'SAFE_DELEGATECALL_UNTRUSTED'])])
    const why = `DELEGATECALL to ${copyMsco} (an unknown contract): its code runs as the Safe and can rewrite the Safe's implementation, owners and modules, or move everything it holds`
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `airsign: not signed: SAFE_DELEGATECALL_UNTRUSTED (CRITICAL): ${why}; to sign anyway: --accept SAFE_DELEGATECALL_UNTRUSTED [RISK_REFUSED]\n` })
    expect(accepted.code).toBe(0)
    expect(accepted.stdout).toMatch(/^0x[0-9a-f]{130}\n$/)
    expect(accepted.stderr).toBe(`airsign: CRITICAL SAFE_DELEGATECALL_UNTRUSTED at message: ${why}\n`)
    // The executor's own `sign` of the execTransaction reviews the Safe call again and refuses it too.
    const s3 = await airsign(['safe', 'sign', ...ctx(), ...safeTxFlags(t), '--index', '3', '--accept', 'SAFE_DELEGATECALL_UNTRUSTED'])
    const data = await combineExec(t, ['--signature', accepted.stdout.trim(), '--signature', s3.stdout.trim()])
    const tx = { type: 2, chainId: CHAIN, nonce: await node.nonce(A[0]!), maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 500_000, to: safe, data }
    const r = await airsign(['sign', '--tx', JSON.stringify(tx)])
    expect([r.code, r.stdout]).toEqual([2, ''])
    expect(r.stderr).toBe(`airsign: not signed: SAFE_DELEGATECALL_UNTRUSTED (CRITICAL): ${why}; to sign anyway: --accept SAFE_DELEGATECALL_UNTRUSTED [RISK_REFUSED]\n`)
    // Accepted there as well, it executes: the warning is about who the target is, not about its code.
    const h = await hashOf(t, safe, `airsign: CRITICAL SAFE_DELEGATECALL_UNTRUSTED at message: ${why}\n`)
    const before = await node.balance(A[4]!)
    const rcpt = await exec(data, { review: `airsign: CRITICAL SAFE_DELEGATECALL_UNTRUSTED at call.inner: ${why}\n`, accept: 'SAFE_DELEGATECALL_UNTRUSTED' })
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(A[4]!)) - before).toBe(1n)
  })
})

describe('signature kinds the Safe takes', () => {
  const MAGIC = '0x1626ba7e' + '0'.repeat(56)
  test('eth_sign (v 31/32, --sig eth_sign) by owner 2 with an EIP-712 one by owner 3: verify reads both, the Safe executes', async () => {
    const to = '0x000000000000000000000000000000000000d00d'
    const t: SafeTx = { to, value: 1000n, data: '0x', operation: 0, nonce: await safeNonce() }
    const [h, e2, s3] = await Promise.all([hashOf(t), sigOf(t, 2, ['--sig', 'eth_sign']), sigOf(t, 3)])
    expect(parseInt(e2.slice(-2), 16)).toBeGreaterThanOrEqual(31)
    const blob = signaturesBlob([{ owner: OWNERS[1]!, sig: e2 }, { owner: OWNERS[2]!, sig: s3 }])
    const v = await airsign(['safe', 'verify', '--hash', h, '--signatures', blob, '--owners', OWNERS.join(','), '--threshold', '2'])
    expect(v).toEqual({ code: 0, stdout: `0 ETH_SIGN ${OWNERS[1]} valid\n1 EOA ${OWNERS[2]} valid\n`, stderr: '' })
    const data = await combineExec(t, ['--signature', e2, '--signature', s3])
    expect(data).toBe(execData(t, blob))
    const before = await node.balance(to)
    const rcpt = await exec(data)
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(1000n)
  })

  test('pre-validated (v 1): owner 2 approves the hash on chain (approveHash, signed by airsign), combined with owner 1\'s EIP-712 signature', async () => {
    const to = '0x000000000000000000000000000000000000d00d'
    const t: SafeTx = { to, value: 2000n, data: '0x', operation: 0, nonce: await safeNonce() }
    const [h, s1] = await Promise.all([hashOf(t), sigOf(t, 1)])
    const approve = await airsignSend(node, { to: safe, data: SAFE_IFACE.encodeFunctionData('approveHash', [h]), gas: 100_000 }, { index: 2 })
    expect(approve.from).toBe(OWNERS[1]!.toLowerCase())
    expect(safeEvents(approve)).toEqual([['ApproveHash', [h, OWNERS[1]]]])
    expect((await view(node, SAFE_IFACE, safe, 'approvedHashes', [OWNERS[1], h]))[0]).toBe(1n)
    const blob = signaturesBlob([{ owner: OWNERS[0]!, sig: s1 }, { owner: OWNERS[1]!, approved: true }])
    const v = await airsign(['safe', 'verify', '--hash', h, '--signatures', blob, '--owners', OWNERS.join(','), '--threshold', '2'])
    expect(v.code).toBe(0)
    // Sorted by owner: 0x3C44… (account 2) before 0x7099… (account 1).
    expect(v.stdout).toBe(`0 APPROVED_HASH ${OWNERS[1]} on-chain: pre-validated: valid only if this owner approved the hash on chain (approveHash) or executes the transaction; not checkable offline\n1 EOA ${OWNERS[0]} valid\n`)
    const data = await combineExec(t, ['--approved', OWNERS[1]!, '--signature', s1])
    expect(data).toBe(execData(t, blob))
    const before = await node.balance(to)
    const rcpt = await exec(data)
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(2000n)
  })

  test('pre-validated by the executor: owner 3 executes with --approved itself and owner 2\'s signature, no approveHash', async () => {
    const to = '0x000000000000000000000000000000000000d00d'
    const t: SafeTx = { to, value: 3000n, data: '0x', operation: 0, nonce: await safeNonce() }
    const [h, s2] = await Promise.all([hashOf(t), sigOf(t, 2)])
    expect((await view(node, SAFE_IFACE, safe, 'approvedHashes', [OWNERS[2], h]))[0]).toBe(0n)
    const data = await combineExec(t, ['--approved', OWNERS[2]!, '--signature', s2])
    // Sent by account 0, the pre-validated signature of owner 3 does not count: GS025.
    expect(await revertReason(node, safe, data, A[0])).toBe('GS025')
    const rcpt = await exec(data, { index: 3 })
    expect(rcpt.from).toBe(OWNERS[2]!.toLowerCase())
    expect(safeEvents(rcpt)).toEqual([['ExecutionSuccess', [h, 0n]]])
  })

  test('EIP-1271: the 2-of-3 Safe is an owner of another Safe; its owners sign with --via-safe … --via-mode contract-signature, combine --hash, then --contract', async () => {
    const to = getAddress('0x000000000000000000000000000000000000f00d')
    const t: SafeTx = { to, value: 10n ** 17n, data: '0x', operation: 0, nonce: await safeNonce(outer) }
    const via = ['--via-safe', safe, '--via-version', '1.5.0', '--via-mode', 'contract-signature']
    const hr = await airsign(['safe', 'hash', '--no-summary', ...ctx(outer), ...safeTxFlags(t), ...via])
    expect([hr.code, hr.stderr]).toEqual([0, ''])
    const m = /safeTxHash (0x[0-9a-f]{64})\nownerSafe (0x[0-9a-fA-F]{40})\nownerSafe\.domainHash (0x[0-9a-f]{64})\nownerSafe\.messageHash 0x[0-9a-f]{64}\nownerSafe\.safeMessageHash (0x[0-9a-f]{64})\n$/.exec(hr.stdout)
    expect(m).not.toBeNull()
    const [h, ownerSafe, ownerDomain, ownerMsg] = [m![1]!, m![2]!, m![3]!, m![4]!]
    expect(ownerSafe).toBe(safe)
    expect(h).toBe((await view(node, SAFE_IFACE, outer, 'getTransactionHash', safeTxValues(t)))[0])
    expect(ownerDomain).toBe((await view(node, SAFE_IFACE, safe, 'domainSeparator'))[0])
    // What the inner Safe's handler hashes for isValidSignature(bytes32 h, …): a SafeMessage of the 32 bytes.
    expect(ownerMsg).toBe((await view(node, FALLBACK_IFACE, safe, 'getMessageHash', [h]))[0])
    const [v1, v3, s5] = await Promise.all([sigOf(t, 1, via, outer), sigOf(t, 3, via, outer), sigOf(t, 5, [], outer)])
    const inner = await airsign(['safe', 'combine', '--hash', ownerMsg, '--signature', v1, '--signature', v3])
    expect(inner.code).toBe(0)
    const innerBlob = inner.stdout.trim()
    expect(innerBlob).toBe(signaturesBlob([{ owner: OWNERS[0]!, sig: v1 }, { owner: OWNERS[2]!, sig: v3 }]))
    expect(await node.call(safe, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [h, innerBlob]))).toBe(MAGIC)
    const data = await combineExec(t, ['--signature', s5, '--contract', `${safe}:${innerBlob}`], outer)
    expect(data).toBe(execData(t, signaturesBlob([{ owner: safe, contract: innerBlob }, { owner: A[5]!, sig: s5 }])))
    const before = await node.balance(to)
    const rcpt = await exec(data, { s: outer })
    expect([rcpt.status, rcpt.from]).toEqual(['0x1', A[0]!.toLowerCase()])
    expect(safeEvents(rcpt, outer)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(10n ** 17n)
    expect(await safeNonce(outer)).toBe(t.nonce + 1)
  })

  test('nested approve-hash: the 2-of-3 Safe\'s owners sign its own SafeTx outer.approveHash(safeTxHash) (--via-mode approve-hash --via-nonce), it executes, then outer takes its v 1 signature', async () => {
    const to = getAddress('0x000000000000000000000000000000000000f00e')
    const t: SafeTx = { to, value: 10n ** 17n, data: '0x', operation: 0, nonce: await safeNonce(outer) }
    const n = await safeNonce()
    const via = ['--via-safe', safe, '--via-version', '1.5.0', '--via-mode', 'approve-hash', '--via-nonce', String(n)]
    const hr = await airsign(['safe', 'hash', '--no-summary', ...ctx(outer), ...safeTxFlags(t), ...via])
    expect([hr.code, hr.stderr]).toEqual([0, ''])
    const m = /safeTxHash (0x[0-9a-f]{64})\nownerSafe (0x[0-9a-fA-F]{40})\nownerSafe\.domainHash 0x[0-9a-f]{64}\nownerSafe\.messageHash 0x[0-9a-f]{64}\nownerSafe\.safeTxHash (0x[0-9a-f]{64})\n$/.exec(hr.stdout)
    expect(m?.[2]).toBe(safe)
    const [h, hInner] = [m![1]!, m![3]!]
    // The owner Safe's transaction, built here with ethers: outer.approveHash(h) at its nonce; its hash is the one airsign printed.
    const inner: SafeTx = { to: outer, value: 0n, data: SAFE_IFACE.encodeFunctionData('approveHash', [h]), operation: 0, nonce: n }
    expect(await hashOf(inner)).toBe(hInner)
    const [v1, v2] = await Promise.all([sigOf(t, 1, via, outer), sigOf(t, 2, via, outer)])
    expect([recoverAddress(hInner, v1), recoverAddress(hInner, v2)]).toEqual([OWNERS[0], OWNERS[1]])
    const approve = await exec(await combineExec(inner, ['--signature', v1, '--signature', v2]))
    expect(safeEvents(approve)).toEqual([['ExecutionSuccess', [hInner, 0n]]])
    expect(safeEvents(approve, outer)).toEqual([['ApproveHash', [h, safe]]])
    expect((await view(node, SAFE_IFACE, outer, 'approvedHashes', [safe, h]))[0]).toBe(1n)
    const s5 = await sigOf(t, 5, [], outer)
    const data = await combineExec(t, ['--approved', safe, '--signature', s5], outer)
    expect(data).toBe(execData(t, signaturesBlob([{ owner: safe, approved: true }, { owner: A[5]!, sig: s5 }])))
    const before = await node.balance(to)
    const rcpt = await exec(data, { s: outer })
    expect(safeEvents(rcpt, outer)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(10n ** 17n)
  })
})

describe('a SafeMessage signed by two owners: EIP-1271 on chain', () => {
  test('safe message sign by owners 1 and 3, combine --hash: isValidSignature(hash, signatures) returns 0x1626ba7e, the handler\'s getMessageHash is airsign\'s, safe verify agrees; one flipped byte and both refuse', async () => {
    const text = 'airsign e2e: this Safe agrees to the terms of 1 Dec 2026'
    const [hr, m1, m3] = await Promise.all([
      airsign(['safe', 'message', 'hash', '--no-summary', ...ctx(), '--message', text]),
      airsign(['safe', 'message', 'sign', ...ctx(), '--message', text, '--index', '1']),
      airsign(['safe', 'message', 'sign', ...ctx(), '--message', text, '--index', '3']),
    ])
    const dataHash = hashMessage(text)
    const m = /^message (0x[0-9a-f]{64})\ndomainHash (0x[0-9a-f]{64})\nmessageHash 0x[0-9a-f]{64}\nsafeMessageHash (0x[0-9a-f]{64})\n$/.exec(hr.stdout)
    expect([hr.code, hr.stderr, m?.[1], m?.[2]]).toEqual([0, '', dataHash, (await view(node, SAFE_IFACE, safe, 'domainSeparator'))[0]])
    const h = m![3]!
    expect(h).toBe((await view(node, FALLBACK_IFACE, safe, 'getMessageHash', [dataHash]))[0])
    for (const r of [m1, m3]) expect([r.code, r.stderr, /^0x[0-9a-f]{130}\n$/.test(r.stdout)]).toEqual([0, '', true])
    const [s1, s3] = [m1.stdout.trim(), m3.stdout.trim()]
    const c = await airsign(['safe', 'combine', '--hash', h, '--signature', s3, '--signature', s1, '--threshold', '2'])
    const blob = signaturesBlob([{ owner: OWNERS[0]!, sig: s1 }, { owner: OWNERS[2]!, sig: s3 }])
    expect(c).toEqual({ code: 0, stdout: blob + '\n', stderr: '' })
    const isValid = (sigs: string) => node.call(safe, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [dataHash, sigs]))
    expect(await isValid(blob)).toBe('0x1626ba7e' + '0'.repeat(56))
    const verify = (sigs: string) => airsign(['safe', 'verify', '--hash', h, '--signatures', sigs, '--owners', OWNERS.join(','), '--threshold', '2'])
    expect(await verify(blob)).toEqual({ code: 0, stdout: `0 EOA ${OWNERS[0]} valid\n1 EOA ${OWNERS[2]} valid\n`, stderr: '' })
    // One signature alone is below the threshold: GS020 on chain, SAFE_THRESHOLD_NOT_MET offline.
    expect(await revertReason(node, safe, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [dataHash, s1]))).toBe('GS020')
    expect(await verify(s1)).toEqual({ code: 1, stdout: '', stderr: 'airsign: the signatures hold at most 1 of the 2 the threshold needs (65 bytes, 130 at least: GS020) [SAFE_THRESHOLD_NOT_MET]\n' })
    // The second signature with one byte of s flipped: it recovers to no owner (one above the first
    // owner, so that the order is still right and only the owner check can catch it).
    const { bad, who } = corrupt(h, blob, 1, (w) => BigInt(w) > BigInt(OWNERS[0]!))
    expect(await revertReason(node, safe, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [dataHash, bad]))).toBe('GS026')
    const v = await verify(bad)
    expect(v).toEqual({
      code: 1,
      stdout: `0 EOA ${OWNERS[0]} valid\n1 EOA ${who} INVALID: not one of --owners\n`,
      stderr: `airsign: signature 1 (${who}) does not count: not one of --owners [SAFE_CONFIRMATION_INVALID]\n`,
    })
  })

  test('an EIP-712 document as the message (--typed-data): its digest is what isValidSignature(bytes32) is asked about; the document\'s own warning is shown', async () => {
    const doc = { types: { EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }], Note: [{ name: 'text', type: 'string' }] }, primaryType: 'Note', domain: { name: 'airsign e2e', chainId: CHAIN }, message: { text: 'a typed note' } }
    const digest = TypedDataEncoder.hash(doc.domain, { Note: doc.types.Note }, doc.message)
    const json = JSON.stringify(doc)
    const [hr, m2, m3] = await Promise.all([
      airsign(['safe', 'message', 'hash', '--no-summary', ...ctx(), '--typed-data', '-'], { stdin: json }),
      airsign(['safe', 'message', 'sign', ...ctx(), '--typed-data', '-', '--index', '2'], { stdin: json }),
      airsign(['safe', 'message', 'sign', ...ctx(), '--typed-data', '-', '--index', '3'], { stdin: json }),
    ])
    const m = /^message (0x[0-9a-f]{64})\ndomainHash 0x[0-9a-f]{64}\nmessageHash 0x[0-9a-f]{64}\nsafeMessageHash (0x[0-9a-f]{64})\n$/.exec(hr.stdout)
    expect([hr.code, hr.stderr, m?.[1]]).toEqual([0, '', digest])
    expect(m![2]).toBe((await view(node, FALLBACK_IFACE, safe, 'getMessageHash', [digest]))[0])
    for (const r of [m2, m3]) expect([r.code, r.stderr]).toEqual([0, ''])
    const c = await airsign(['safe', 'combine', '--hash', m![2]!, '--signature', m2.stdout.trim(), '--signature', m3.stdout.trim()])
    expect(c.code).toBe(0)
    expect(await node.call(safe, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [digest, c.stdout.trim()]))).toBe('0x1626ba7e' + '0'.repeat(56))
    // The same signatures do not answer for the text message of the same words.
    expect(await revertReason(node, safe, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [hashMessage('a typed note'), c.stdout.trim()]))).toBe('GS026')
  })

  test('a message of the Safe owned by the 2-of-3 Safe (--via-safe): its owners sign the owner Safe\'s SafeMessage of the parent\'s safeMessageHash; the parent\'s isValidSignature returns 0x1626ba7e', async () => {
    const text = 'airsign e2e: a nested Safe message'
    const via = ['--via-safe', safe, '--via-version', '1.5.0']
    const hr = await airsign(['safe', 'message', 'hash', '--no-summary', ...ctx(outer), '--message', text, ...via])
    const m = /safeMessageHash (0x[0-9a-f]{64})\nownerSafe (0x[0-9a-fA-F]{40})\nownerSafe\.safeMessageHash (0x[0-9a-f]{64})\n$/.exec(hr.stdout)
    expect([hr.code, hr.stderr, m?.[2]]).toEqual([0, '', safe])
    const [h, hInner] = [m![1]!, m![3]!]
    const dataHash = hashMessage(text)
    expect(h).toBe((await view(node, FALLBACK_IFACE, outer, 'getMessageHash', [dataHash]))[0])
    expect(hInner).toBe((await view(node, FALLBACK_IFACE, safe, 'getMessageHash', [h]))[0])
    const signs = await Promise.all([
      ...[1, 3].map((i) => airsign(['safe', 'message', 'sign', ...ctx(outer), '--message', text, ...via, '--index', String(i)])),
      airsign(['safe', 'message', 'sign', ...ctx(outer), '--message', text, '--index', '5']),
    ])
    for (const r of signs) expect([r.code, r.stderr]).toEqual([0, ''])
    const [v1, v3, s5] = signs.map((r) => r.stdout.trim())
    const inner = await airsign(['safe', 'combine', '--hash', hInner, '--signature', v1!, '--signature', v3!])
    expect(inner.code).toBe(0)
    const c = await airsign(['safe', 'combine', '--hash', h, '--signature', s5!, '--contract', `${safe}:${inner.stdout.trim()}`, '--threshold', '2'])
    const blob = signaturesBlob([{ owner: safe, contract: inner.stdout.trim() }, { owner: A[5]!, sig: s5! }])
    expect(c).toEqual({ code: 0, stdout: blob + '\n', stderr: '' })
    expect(await node.call(outer, FALLBACK_IFACE.encodeFunctionData('isValidSignature', [dataHash, blob]))).toBe('0x1626ba7e' + '0'.repeat(56))
    // verify: the contract signature can only be checked on chain (and is, above); the EOA one offline.
    const lines = [
      `CONTRACT_SIGNATURE ${safe} on-chain: EIP-1271: valid only if ${safe}.isValidSignature accepts the 130-byte signature; not checkable offline`,
      `EOA ${A[5]} valid`,
    ]
    if (BigInt(A[5]!) < BigInt(safe)) lines.reverse()
    expect(await airsign(['safe', 'verify', '--hash', h, '--signatures', blob, '--owners', `${safe},${A[5]}`, '--threshold', '2'])).toEqual({ code: 0, stdout: lines.map((l, i) => `${i} ${l}\n`).join(''), stderr: '' })
  })
})

describe('mutation: a corrupted owner signature', () => {
  test('one byte of an owner\'s s flipped in the combined signatures: execTransaction reverts GS026, nothing moves, safe verify refuses; the intact bytes then execute at that nonce', async () => {
    const to = '0x000000000000000000000000000000000000dEaD'
    const t: SafeTx = { to, value: 5n * 10n ** 17n, data: '0x', operation: 0, nonce: await safeNonce() }
    const [h, s1, s2] = await Promise.all([hashOf(t), sigOf(t, 1), sigOf(t, 2)])
    const c = await airsign(['safe', 'combine', ...ctx(), ...safeTxFlags(t), '--signature', s1, '--signature', s2])
    expect([c.code, c.stderr]).toEqual([0, ''])
    const blob = c.stdout.trim()
    // The first entry's (owner 2, 0x3C44…) s with one byte flipped, recovering below the second owner (0x7099…).
    const { bad, who } = corrupt(h, blob, 0, (w) => BigInt(w) < BigInt(OWNERS[0]!))
    const before = [await node.balance(to), await node.balance(safe)]
    expect(await revertReason(node, safe, execData(t, bad), A[0])).toBe('GS026')
    const [raw, v, loose] = await Promise.all([
      airsignTx(node, { to: safe, data: execData(t, bad), gas: 500_000 }),
      airsign(['safe', 'verify', '--hash', h, '--signatures', bad, '--owners', OWNERS.join(','), '--threshold', '2']),
      airsign(['safe', 'verify', '--hash', h, '--signatures', bad]),
    ])
    const rcpt = await node.send(raw)
    expect([rcpt.status, rcpt.from, rcpt.logs]).toEqual(['0x0', A[0]!.toLowerCase(), []])
    expect([await node.balance(to), await node.balance(safe), await safeNonce()]).toEqual([before[0], before[1], t.nonce])
    expect(v).toEqual({
      code: 1,
      stdout: `0 EOA ${who} INVALID: not one of --owners\n1 EOA ${OWNERS[0]} valid\n`,
      stderr: `airsign: signature 0 (${who}) does not count: not one of --owners [SAFE_CONFIRMATION_INVALID]\n`,
    })
    // Without --owners verify can only say the entry recovers (to an address that is no owner, printed
    // for the user to compare): the README's "--owners holds each" is the check that catches it.
    expect(loose).toEqual({ code: 0, stdout: `0 EOA ${who} valid\n1 EOA ${OWNERS[0]} valid\n`, stderr: '' })
    // The intact bytes, at the same nonce: the corrupted one changed nothing.
    const good = await exec(execData(t, blob))
    expect(safeEvents(good)).toEqual([['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before[0]!).toBe(5n * 10n ** 17n)
    expect(await safeNonce()).toBe(t.nonce + 1)
  })
})

// The tests of a file run in order and share the chain: each reads the Safe's nonce; the second
// test here removes the owner the first one added (run alone with -t, it has nothing to remove).
describe('an owner change (addOwnerWithThreshold): SAFE_OWNER_CHANGE, then executed', () => {
  test('warned HIGH (signed without --accept) by safe hash, safe sign and again by sign of the execTransaction; executed: owners 5 … , threshold 3; two signatures no longer do (GS020, SAFE_THRESHOLD_NOT_MET)', async () => {
    const add = A[4]!
    const t: SafeTx = { to: safe, value: 0n, data: SAFE_IFACE.encodeFunctionData('addOwnerWithThreshold', [add, 3]), operation: 0, nonce: await safeNonce() }
    const warning = `airsign: HIGH SAFE_OWNER_CHANGE at message: adds owner ${add} and sets the threshold to 3 on ${safe}\n`
    const h = await hashOf(t, safe, warning)
    const signed = await Promise.all([1, 2].map((i) => airsign(['safe', 'sign', ...ctx(), ...safeTxFlags(t), '--index', String(i)])))
    for (const r of signed) expect([r.code, r.stderr, /^0x[0-9a-f]{130}\n$/.test(r.stdout)]).toEqual([0, warning, true])
    const data = await combineExec(t, signed.map((r) => ['--signature', r.stdout.trim()]).flat())
    const tx = { type: 2, chainId: CHAIN, nonce: await node.nonce(A[0]!), maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 500_000, to: safe, data }
    const outer = await airsign(['sign', '--tx', JSON.stringify(tx)])
    expect([outer.code, outer.stderr]).toEqual([0, `airsign: HIGH SAFE_OWNER_CHANGE at call.inner: adds owner ${add} and sets the threshold to 3 on ${safe}\n`])
    const rcpt = await node.send(outer.stdout.trim())
    expect([rcpt.status, rcpt.from]).toEqual(['0x1', A[0]!.toLowerCase()])
    expect(safeEvents(rcpt)).toEqual([['AddedOwner', [add]], ['ChangedThreshold', [3n]], ['ExecutionSuccess', [h, 0n]]])
    expect((await view(node, SAFE_IFACE, safe, 'getOwners'))[0]).toEqual([add, ...OWNERS])
    expect((await view(node, SAFE_IFACE, safe, 'getThreshold'))[0]).toBe(3n)
    // Two signatures are now too few: the Safe reverts GS020, combine and verify say so.
    const next: SafeTx = { to: A[4]!, value: 1n, data: '0x', operation: 0, nonce: t.nonce + 1 }
    const [h2, s1, s2] = await Promise.all([hashOf(next), sigOf(next, 1), sigOf(next, 2)])
    const blob = signaturesBlob([{ owner: OWNERS[0]!, sig: s1 }, { owner: OWNERS[1]!, sig: s2 }])
    expect(await revertReason(node, safe, execData(next, blob), A[0])).toBe('GS020')
    const [c, v] = await Promise.all([
      airsign(['safe', 'combine', '--hash', h2, '--signature', s1, '--signature', s2, '--threshold', '3']),
      airsign(['safe', 'verify', '--hash', h2, '--signatures', blob, '--threshold', '3']),
    ])
    expect(c).toEqual({ code: 1, stdout: '', stderr: 'airsign: 2 signatures, the threshold is 3 [SAFE_THRESHOLD_NOT_MET]\n' })
    expect(v).toEqual({ code: 1, stdout: '', stderr: 'airsign: the signatures hold at most 2 of the 3 the threshold needs (130 bytes, 195 at least: GS020) [SAFE_THRESHOLD_NOT_MET]\n' })
  })

  test('inside a MultiSend batch: removeOwner(account 4, threshold 2) and a transfer, warned at message.entries[0]; three signatures of three kinds (eth_sign, EIP-712, the executor\'s pre-validated one); owners 1, 2, 3 again', async () => {
    const removed = A[4]!
    const to = getAddress('0x000000000000000000000000000000000000beef')
    const entries = [
      { operation: 0 as const, to: safe, value: 0n, data: SAFE_IFACE.encodeFunctionData('removeOwner', ['0x0000000000000000000000000000000000000001', removed, 2]) },
      { operation: 0 as const, to, value: 99n, data: '0x' },
    ]
    const t: SafeTx = { to: CANONICAL_150.multiSendCallOnly, value: 0n, data: multiSendData(entries), operation: 1, nonce: await safeNonce() }
    const warning = `airsign: HIGH SAFE_OWNER_CHANGE at message.entries[0]: removes owner ${removed} and sets the threshold to 2 on ${safe}\n`
    const h = await hashOf(t, safe, warning)
    const signed = await Promise.all([
      airsign(['safe', 'sign', ...ctx(), ...safeTxFlags(t), '--index', '4', '--sig', 'eth_sign']),
      airsign(['safe', 'sign', ...ctx(), ...safeTxFlags(t), '--index', '2']),
    ])
    for (const r of signed) expect([r.code, r.stderr]).toEqual([0, warning])
    const [e4, s2] = signed.map((r) => r.stdout.trim())
    const args = ['safe', 'combine', ...ctx(), ...safeTxFlags(t), '--signature', e4!, '--signature', s2!, '--approved', OWNERS[0]!, '--threshold', '3', '--exec']
    const [c, j] = await Promise.all([airsign(args), airsign([...args, '--json'])])
    const blob = signaturesBlob([{ owner: removed, sig: e4! }, { owner: OWNERS[1]!, sig: s2! }, { owner: OWNERS[0]!, approved: true }])
    expect(c).toEqual({ code: 0, stdout: execData(t, blob) + '\n', stderr: '' })
    const json = JSON.parse(j.stdout) as { hash: string; signatures: string; execTransaction: unknown }
    expect([json.hash, json.signatures, json.execTransaction]).toEqual([h, blob, { to: safe, value: '0', data: execData(t, blob) }])
    const before = await node.balance(to)
    // Owner 1 executes: its pre-validated signature counts because it is the sender.
    const rcpt = await exec(execData(t, blob), { index: 1, review: warning.replace('at message.entries[0]', 'at call.inner.entries[0]') })
    expect(safeEvents(rcpt)).toEqual([['RemovedOwner', [removed]], ['ChangedThreshold', [2n]], ['ExecutionSuccess', [h, 0n]]])
    expect((await node.balance(to)) - before).toBe(99n)
    expect((await view(node, SAFE_IFACE, safe, 'getOwners'))[0]).toEqual(OWNERS)
    expect((await view(node, SAFE_IFACE, safe, 'getThreshold'))[0]).toBe(2n)
  })
})

describe('a module (enableModule): CRITICAL, and what it would have allowed', () => {
  test('SAFE_MODULE_ENABLE refuses safe sign until --accept; executed, account 4 (no owner) moves the Safe\'s ETH alone with execTransactionFromModule; disableModule (HIGH) ends it', async () => {
    const mod = A[4]!
    const t: SafeTx = { to: safe, value: 0n, data: SAFE_IFACE.encodeFunctionData('enableModule', [mod]), operation: 0, nonce: await safeNonce() }
    const why = `enables module ${mod} on ${safe}: a module executes transactions without any owner's signature`
    const h = await hashOf(t, safe, `airsign: CRITICAL SAFE_MODULE_ENABLE at message: ${why}\n`)
    const args = ['safe', 'sign', ...ctx(), ...safeTxFlags(t)]
    const [refused, s1, s2] = await Promise.all([
      airsign([...args, '--index', '1']),
      airsign([...args, '--index', '1', '--accept', 'SAFE_MODULE_ENABLE']),
      airsign([...args, '--index', '2', '--accept', 'MODULE_CHANGE']), // the research's name for it
    ])
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `airsign: not signed: SAFE_MODULE_ENABLE (CRITICAL): ${why}; to sign anyway: --accept SAFE_MODULE_ENABLE [RISK_REFUSED]\n` })
    for (const r of [s1, s2]) expect([r.code, r.stderr]).toEqual([0, `airsign: CRITICAL SAFE_MODULE_ENABLE at message: ${why}\n`])
    const data = await combineExec(t, ['--signature', s1.stdout.trim(), '--signature', s2.stdout.trim()])
    const rcpt = await exec(data, { review: `airsign: CRITICAL SAFE_MODULE_ENABLE at call.inner: ${why}\n`, accept: 'SAFE_MODULE_ENABLE' })
    expect(safeEvents(rcpt)).toEqual([['EnabledModule', [mod]], ['ExecutionSuccess', [h, 0n]]])
    // What the warning meant: no signature at all, account 4 takes 1 ETH.
    const before = await node.balance(safe)
    const take = await airsignSend(node, { to: safe, data: SAFE_IFACE.encodeFunctionData('execTransactionFromModule', [mod, ETH, '0x', 0]), gas: 200_000 }, { index: 4 })
    expect(take.from).toBe(mod.toLowerCase())
    expect(safeEvents(take)).toEqual([['ExecutionFromModuleSuccess', [mod]]])
    expect(before - (await node.balance(safe))).toBe(ETH)
    // disableModule(SENTINEL, module): HIGH, signed without --accept.
    const d: SafeTx = { to: safe, value: 0n, data: SAFE_IFACE.encodeFunctionData('disableModule', ['0x0000000000000000000000000000000000000001', mod]), operation: 0, nonce: t.nonce + 1 }
    const high = `airsign: HIGH SAFE_MODULE_DISABLE at message: disables module ${mod} on ${safe}\n`
    const hd = await hashOf(d, safe, high)
    const ds = await Promise.all([2, 3].map((i) => airsign(['safe', 'sign', ...ctx(), ...safeTxFlags(d), '--index', String(i)])))
    for (const r of ds) expect([r.code, r.stderr]).toEqual([0, high])
    const off = await exec(await combineExec(d, ds.flatMap((r) => ['--signature', r.stdout.trim()])), { review: high.replace('at message', 'at call.inner') })
    expect(safeEvents(off)).toEqual([['DisabledModule', [mod]], ['ExecutionSuccess', [hd, 0n]]])
    expect((await view(node, SAFE_IFACE, safe, 'isModuleEnabled', [mod]))[0]).toBe(false)
    expect(await revertReason(node, safe, SAFE_IFACE.encodeFunctionData('execTransactionFromModule', [mod, 1n, '0x', 0]), mod)).toBe('GS104')
  })
})

/**
 * Entry `entry` of a signatures blob with one byte of its s xor 1, the last byte first, then the one
 * before, until the address it recovers to (never an owner) is one `want` takes.
 */
function corrupt(hash: string, blob: string, entry: number, want: (who: string) => boolean): { bad: Hex; who: string } {
  for (let i = 64; i >= 33; i--) {
    const bad = flip(blob, 65 * entry + i - 1)
    const who = recoverAddress(hash, '0x' + bad.slice(2 + 130 * entry, 2 + 130 * (entry + 1)))
    if (!OWNERS.includes(who as Hex) && want(who)) return { bad, who }
  }
  throw new Error('no byte of s gives such an address')
}

/** The bytes of a hex string with one byte (at byte offset i) xor 1. */
function flip(hex: string, i: number): Hex {
  const at = 2 + 2 * i
  return (hex.slice(0, at) + (parseInt(hex.slice(at, at + 2), 16) ^ 1).toString(16).padStart(2, '0') + hex.slice(at + 2)) as Hex
}
