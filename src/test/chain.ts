/**
 * Test support for the end-to-end suites: sign a transaction with the built
 * bin/airsign (from the test mnemonic unless told otherwise), send it to anvil,
 * and deploy contracts from creation bytecode with a transaction airsign signed.
 * @module
 */
import { runCli, TEST_MNEMONIC } from './cli.js'
import type { Anvil, Hex, Receipt } from './anvil.js'

/** A transaction for airsign's --tx JSON; nonce and chainId default to the node's. */
export type TxFields = Record<string, unknown>

/** The address of account N of the test mnemonic (m/44'/60'/0'/0/N), as airsign derives it. */
export async function airsignAddress(index = 0): Promise<Hex> {
  const r = await runCli(['address', '--mnemonic-file', '-', '--index', String(index)], { stdin: TEST_MNEMONIC + '\n' })
  if (r.code !== 0) throw new Error(`airsign address failed: ${r.stderr}`)
  return r.stdout.trim() as Hex
}

/**
 * Sign with airsign: the nonce is the account's next one and the chain id the
 * node's when the fields leave them out; type 2 with 2 gwei fees unless given.
 * @returns the signed raw transaction
 */
export async function airsignTx(node: Anvil, fields: TxFields, opts: { index?: number; args?: string[] } = {}): Promise<Hex> {
  const index = opts.index ?? 0
  const from = await airsignAddress(index)
  const tx: TxFields = { type: 2, chainId: node.chainId, maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 1_000_000, ...fields }
  if (tx.nonce === undefined) tx.nonce = await node.nonce(from)
  if (tx.type === 0 || tx.type === 1) {
    delete tx.maxFeePerGas
    delete tx.maxPriorityFeePerGas
    tx.gasPrice ??= '2000000000'
  }
  const r = await runCli(['sign', '--mnemonic-file', '-', '--index', String(index), '--tx', JSON.stringify(tx), ...(opts.args ?? [])], {
    stdin: TEST_MNEMONIC + '\n',
  })
  if (r.code !== 0) throw new Error(`airsign sign failed (${r.code}): ${r.stderr}`)
  return r.stdout.trim() as Hex
}

/** Sign with airsign and execute; throws unless the receipt has status 1. */
export async function airsignSend(node: Anvil, fields: TxFields, opts: { index?: number; args?: string[] } = {}): Promise<Receipt> {
  const rcpt = await node.send(await airsignTx(node, fields, opts))
  if (rcpt.status !== '0x1') throw new Error(`transaction ${rcpt.transactionHash} reverted`)
  return rcpt
}

/**
 * Deploy a contract from its creation bytecode (constructor arguments
 * appended) with a creation transaction airsign signed.
 * @returns the new contract's address
 */
export async function deploy(node: Anvil, creation: string, opts: { index?: number; gas?: number } = {}): Promise<Hex> {
  const data = creation.startsWith('0x') ? creation : `0x${creation}`
  const rcpt = await airsignSend(node, { to: null, data, gas: opts.gas ?? 8_000_000 }, opts.index === undefined ? {} : { index: opts.index })
  if (!rcpt.contractAddress) throw new Error('no contract address in the receipt')
  if ((await node.code(rcpt.contractAddress)) === '0x') throw new Error('the deployment left no code')
  return rcpt.contractAddress
}
