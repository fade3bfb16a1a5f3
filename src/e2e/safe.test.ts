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
import { AbiCoder, getCreate2Address, getCreateAddress, hashMessage, keccak256, solidityPacked, toBeHex, zeroPadValue } from 'ethers'
import { startAnvil, type Anvil, type Hex, type Receipt } from '../test/anvil.js'
import { airsignAddress, airsignSend, airsignTx } from '../test/chain.js'
import { signaturesBlob } from '../test/safe.js'
import {
  airsign, airsignSendAll, CANONICAL_150, create2Address, deployCanonical, ERC20_ART, ERC20_IFACE, execData, FACTORY_ART, FACTORY_IFACE, FALLBACK_ART,
  FALLBACK_IFACE, installSingletonFactory, MULTISEND_CALL_ONLY_ART, multiSendData, proxyOf, revertReason, SAFE_ART, SAFE_IFACE, safeTxFlags, setupData,
  SINGLETON_FACTORY, view, type SafeTx,
} from '../test/safe-chain.js'
import { artifact } from '../test/safe-chain.js'

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
  A = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => airsignAddress(i)))
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
  const onChain = await view(node, SAFE_IFACE, s, 'getTransactionHash', [t.to, t.value, t.data, t.operation, 0, 0, 0, ZERO, ZERO, t.nonce])
  expect(m![3]).toBe(onChain[0])
  expect(m![1]).toBe((await view(node, SAFE_IFACE, s, 'domainSeparator'))[0])
  return m![3] as Hex
}
const ZERO = '0x0000000000000000000000000000000000000000'
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
/** Execute calldata on the Safe with a transaction airsign signs (account 0 unless told). */
const exec = (data: string, index = 0, s: string = safe): Promise<Receipt> => airsignSend(node, { to: s, data, gas: 500_000 }, { index })

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
