/**
 * Test support for the Safe end-to-end suite: Safe 1.5.0's own build artifacts
 * (`@safe-global/safe-smart-account`, the creation bytecode of each contract)
 * deployed on anvil by transactions airsign signs, at their canonical
 * addresses: through the Safe singleton factory (the CREATE2 deployer Safe
 * deploys with), salt 0, exactly as safe-deployments records them. Calldata
 * is built here with ethers' Interface, never by airsign.
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { concat, getCreate2Address, Interface, keccak256, solidityPacked, ZeroHash, type InterfaceAbi } from 'ethers'
import type { Anvil, Hex, Receipt } from './anvil.js'
import { airsignAddress, airsignTx, type TxFields } from './chain.js'
import { ROOT, runCli, TEST_MNEMONIC, type Run } from './cli.js'

const ARTIFACTS = join(ROOT, 'node_modules/@safe-global/safe-smart-account/build/artifacts')

type Artifact = { contractName: string; abi: InterfaceAbi; bytecode: Hex; deployedBytecode: Hex; linkReferences: Record<string, unknown> }

/** One build artifact of the Safe package by its path under build/artifacts/contracts (e.g. "Safe.sol/Safe"). */
export function artifact(path: string): Artifact {
  return JSON.parse(readFileSync(join(ARTIFACTS, 'contracts', `${path}.json`), 'utf8')) as Artifact
}

export const SAFE_ART = artifact('Safe.sol/Safe')
export const FACTORY_ART = artifact('proxies/SafeProxyFactory.sol/SafeProxyFactory')
export const MULTISEND_CALL_ONLY_ART = artifact('libraries/MultiSendCallOnly.sol/MultiSendCallOnly')
export const FALLBACK_ART = artifact('handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler')
export const ERC20_ART = artifact('test/ERC20Token.sol/ERC20Token')

export const SAFE_IFACE = new Interface(SAFE_ART.abi)
export const FACTORY_IFACE = new Interface(FACTORY_ART.abi)
export const MULTISEND_IFACE = new Interface(MULTISEND_CALL_ONLY_ART.abi)
export const FALLBACK_IFACE = new Interface(FALLBACK_ART.abi)
export const ERC20_IFACE = new Interface(ERC20_ART.abi)

/**
 * The Safe singleton factory (safe-global/safe-singleton-factory), the CREATE2
 * deployer the 1.4.1 and 1.5.0 contracts went through. Its code is Arachnid's
 * deterministic-deployment-proxy: calldata salt ‖ initcode, returns the address.
 * On a real chain Safe's own key deploys it (a per-chain signed transaction no
 * test can make for 31337), so the test puts that code at its address; every
 * contract after it is deployed by a transaction airsign signs.
 */
export const SINGLETON_FACTORY: Hex = '0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7'
/** Arachnid's deployer, which anvil has at genesis: the same runtime code. */
export const ARACHNID_DEPLOYER: Hex = '0x4e59b44847b379578588920cA78FbF26c0B4956C'
export const DEPLOYER_RUNTIME: Hex = '0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3'

/** The canonical 1.5.0 addresses, as safe-deployments (v1.5.0, "canonical") lists them. */
export const CANONICAL_150 = {
  safe: '0xFf51A5898e281Db6DfC7855790607438dF2ca44b',
  factory: '0x14F2982D601c9458F93bd70B218933A6f8165e7b',
  multiSendCallOnly: '0xA83c336B20401Af773B6219BA5027174338D1836',
  fallbackHandler: '0x3EfCBb83A4A7AfcB4F68D501E2c2203a38be77f4',
} as const

export const ZERO_ADDRESS: Hex = '0x0000000000000000000000000000000000000000'

/** The address CREATE2 through the singleton factory with salt 0 gives this creation code. */
export const create2Address = (creation: string): Hex => getCreate2Address(SINGLETON_FACTORY, ZeroHash, keccak256(creation)) as Hex

/** Put the deployer code at the singleton factory's address (copied from anvil's Arachnid deployer, checked byte for byte). */
export async function installSingletonFactory(node: Anvil): Promise<void> {
  const code = await node.code(ARACHNID_DEPLOYER)
  if (code !== DEPLOYER_RUNTIME) throw new Error(`anvil's ${ARACHNID_DEPLOYER} holds ${code}, not the deterministic deployer`)
  await node.rpc('anvil_setCode', [SINGLETON_FACTORY, code])
}

/**
 * Sign several transactions of one account with airsign at consecutive nonces
 * (in parallel: each signature is its own process), then send them in order.
 * @returns the receipts, each with status 1
 */
export async function airsignSendAll(node: Anvil, txs: TxFields[], index = 0): Promise<Receipt[]> {
  const first = await node.nonce(await airsignAddress(index))
  const raws = await Promise.all(txs.map((t, i) => airsignTx(node, { nonce: first + i, ...t }, { index })))
  const out: Receipt[] = []
  for (const raw of raws) {
    const r = await node.send(raw)
    if (r.status !== '0x1') throw new Error(`transaction ${r.transactionHash} reverted`)
    out.push(r)
  }
  return out
}

/**
 * Deploy creation codes through the singleton factory (salt 0), each by a
 * transaction airsign signed from account 0.
 * @returns each contract's address, checked to hold code
 */
export async function deployCanonical(node: Anvil, creations: string[]): Promise<Hex[]> {
  await airsignSendAll(node, creations.map((c) => ({ to: SINGLETON_FACTORY, data: concat([ZeroHash, c]), gas: 8_000_000 })))
  const at = creations.map(create2Address)
  for (const a of at) if ((await node.code(a)) === '0x') throw new Error(`no code at ${a}`)
  return at
}

/** A Safe's setup() initializer: owners, threshold, the fallback handler, no module call, no payment. */
export function setupData(owners: string[], threshold: number, fallbackHandler: string): Hex {
  return SAFE_IFACE.encodeFunctionData('setup', [owners, threshold, ZERO_ADDRESS, '0x', fallbackHandler, ZERO_ADDRESS, 0, ZERO_ADDRESS]) as Hex
}

/** The proxy address of the factory's ProxyCreation event in a receipt. */
export function proxyOf(rcpt: Receipt, factory: string): Hex {
  for (const log of rcpt.logs) {
    if (log.address.toLowerCase() !== factory.toLowerCase()) continue
    const ev = FACTORY_IFACE.parseLog(log)
    if (ev?.name === 'ProxyCreation') return ev.args[0] as Hex
  }
  throw new Error('no ProxyCreation event')
}

/** eth_call of a Safe view through an Interface; the decoded result. */
export async function view(node: Anvil, iface: Interface, to: string, fn: string, args: unknown[] = []): Promise<ReturnType<Interface['decodeFunctionResult']>> {
  return iface.decodeFunctionResult(fn, await node.call(to, iface.encodeFunctionData(fn, args)))
}

/** One entry of a MultiSend batch. */
export type BatchEntry = { operation: 0 | 1; to: string; value: bigint; data: string }

/** multiSend(bytes) calldata: each entry packed as operation (1) ‖ to (20) ‖ value (32) ‖ data length (32) ‖ data (MultiSend.sol). */
export function multiSendData(entries: BatchEntry[]): Hex {
  const packed = concat(entries.map((e) => solidityPacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [e.operation, e.to, e.value, (e.data.length - 2) / 2, e.data])))
  return MULTISEND_IFACE.encodeFunctionData('multiSend', [packed]) as Hex
}

/** A SafeTx; the refund fields are zero unless given. */
export type SafeTx = {
  to: string
  value: bigint
  data: string
  operation: 0 | 1
  nonce: number
  refund?: { safeTxGas: bigint; baseGas: bigint; gasPrice: bigint; gasToken: string; refundReceiver: string }
}

/** The ten fields in the order of execTransaction and getTransactionHash (nonce last). */
export function safeTxValues(t: SafeTx): unknown[] {
  const r = t.refund ?? { safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS }
  return [t.to, t.value, t.data, t.operation, r.safeTxGas, r.baseGas, r.gasPrice, r.gasToken, r.refundReceiver, t.nonce]
}

/** The SafeTx as airsign's flags take it. */
export function safeTxFlags(t: SafeTx): string[] {
  const flags = ['--to', t.to, '--value', t.value.toString(), '--data', t.data, '--operation', String(t.operation), '--nonce', String(t.nonce)]
  const r = t.refund
  if (r) flags.push('--safe-tx-gas', r.safeTxGas.toString(), '--base-gas', r.baseGas.toString(), '--gas-price', r.gasPrice.toString(), '--gas-token', r.gasToken, '--refund-receiver', r.refundReceiver)
  return flags
}

/** Run `airsign ARGS` with the test mnemonic in AIRSIGN_MNEMONIC. */
export const airsign = (args: string[], opts: { stdin?: string } = {}): Promise<Run> => runCli(args, { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC }, ...opts })

/** execTransaction calldata for a SafeTx, by ethers. */
export function execData(t: SafeTx, signatures: string): Hex {
  return SAFE_IFACE.encodeFunctionData('execTransaction', [...safeTxValues(t).slice(0, 9), signatures]) as Hex
}

/** The revert reason of an eth_call, decoded from the node's error (Error(string)), or null when it does not revert. */
export async function revertReason(node: Anvil, to: string, data: string, from?: string): Promise<string | null> {
  try {
    await node.call(to, data, from)
    return null
  } catch (e) {
    const m = /"(0x08c379a0[0-9a-f]*)"/i.exec((e as Error).message)
    if (!m) throw e
    return new Interface(['function Error(string)']).decodeFunctionData('Error', m[1]!)[0] as string
  }
}
