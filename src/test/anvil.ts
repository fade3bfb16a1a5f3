/**
 * Test support: a real Ethereum node (Foundry's anvil, the devDependency
 * `@foundry-rs/anvil-linux-amd64`) on a free loopback port, started and stopped
 * by the tests, and a small JSON-RPC client for it. Test-only code: it opens a
 * socket to 127.0.0.1 and starts a program, so it lives under src/test/, which
 * the bundle audit proves never ships.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, TEST_MNEMONIC } from './cli.js'

/** The anvil and cast binaries inside their npm packages (no global install). */
export const ANVIL = join(ROOT, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil')
export const CAST = join(ROOT, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')

export type Hex = `0x${string}`

export type Receipt = {
  transactionHash: Hex
  status: Hex
  from: Hex
  to: Hex | null
  contractAddress: Hex | null
  gasUsed: Hex
  effectiveGasPrice: Hex
  type: Hex
  logs: { address: Hex; topics: Hex[]; data: Hex; logIndex: Hex }[]
  blockNumber: Hex
}

export type Anvil = {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  chainId: number
  /** One JSON-RPC call; an RPC error is thrown with its message. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>
  /** eth_sendRawTransaction, then the receipt (anvil mines each transaction at once). */
  send(raw: string): Promise<Receipt>
  /** eth_sendRawTransaction expected to fail: the node's error message. */
  refuse(raw: string): Promise<string>
  receipt(hash: string): Promise<Receipt>
  balance(address: string): Promise<bigint>
  nonce(address: string): Promise<number>
  code(address: string): Promise<Hex>
  storage(address: string, slot: bigint | string): Promise<Hex>
  /** eth_call at latest. */
  call(to: string, data: string, from?: string): Promise<Hex>
  /** Give an address ETH (anvil_setBalance). */
  fund(address: string, wei: bigint): Promise<void>
  /** Snapshot and revert (evm_snapshot / evm_revert): one test's state does not reach the next. */
  snapshot(): Promise<Hex>
  revert(id: Hex): Promise<void>
  stop(): Promise<void>
}

export type AnvilOptions = {
  chainId?: number
  /** anvil --hardfork (default: anvil's own, which has EIP-7702 and blobs). */
  hardfork?: string
  /** Base fee for the genesis block, in wei. */
  baseFee?: bigint
  extraArgs?: string[]
}

/** Is the anvil binary present (npm ci installed the devDependency)? */
export const haveAnvil = (): boolean => existsSync(ANVIL)

/**
 * Start anvil on 127.0.0.1 with port 0 (the kernel picks a free port; anvil
 * prints it) and the test mnemonic's accounts funded.
 * @param opts - chain id, hardfork, base fee, extra arguments
 * @returns a running node; call stop() in afterAll
 */
export async function startAnvil(opts: AnvilOptions = {}): Promise<Anvil> {
  const chainId = opts.chainId ?? 31337
  const args = ['--host', '127.0.0.1', '--port', '0', '--chain-id', String(chainId), '--mnemonic', TEST_MNEMONIC, '--accounts', '10']
  if (opts.hardfork) args.push('--hardfork', opts.hardfork)
  if (opts.baseFee !== undefined) args.push('--block-base-fee-per-gas', opts.baseFee.toString())
  args.push(...(opts.extraArgs ?? []))
  const child: ChildProcess = spawn(ANVIL, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
  let log = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not start in 30 s:\n${log}`)), 30_000)
    const onData = (b: Buffer): void => {
      log += b.toString()
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`anvil exited with ${code}:\n${log}`))
    })
  })
  // Keep draining its output so anvil never blocks on a full pipe.
  child.stdout!.removeAllListeners('data')
  child.stderr!.removeAllListeners('data')
  child.removeAllListeners('exit')
  child.stdout!.resume()
  child.stderr!.resume()
  const url = `http://127.0.0.1:${port}`
  let id = 0
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    })
    const body = (await res.json()) as { result?: T; error?: { message: string; data?: unknown } }
    if (body.error) throw new Error(`${method}: ${body.error.message}${body.error.data ? ` ${JSON.stringify(body.error.data)}` : ''}`)
    return body.result as T
  }
  const receipt = async (hash: string): Promise<Receipt> => {
    for (let i = 0; i < 100; i++) {
      const r = await rpc<Receipt | null>('eth_getTransactionReceipt', [hash])
      if (r) return r
      await new Promise((ok) => setTimeout(ok, 20))
    }
    throw new Error(`no receipt for ${hash}`)
  }
  const hex = (n: bigint): Hex => `0x${n.toString(16)}`
  return {
    url,
    port,
    chainId,
    rpc,
    receipt,
    async send(raw) {
      const hash = await rpc<string>('eth_sendRawTransaction', [raw])
      return receipt(hash)
    },
    async refuse(raw) {
      try {
        await rpc<string>('eth_sendRawTransaction', [raw])
      } catch (e) {
        return (e as Error).message
      }
      throw new Error('the node accepted a transaction the test expected it to refuse')
    },
    balance: async (a) => BigInt(await rpc<string>('eth_getBalance', [a, 'latest'])),
    nonce: async (a) => Number(await rpc<string>('eth_getTransactionCount', [a, 'latest'])),
    code: (a) => rpc<Hex>('eth_getCode', [a, 'latest']),
    storage: (a, slot) => rpc<Hex>('eth_getStorageAt', [a, typeof slot === 'bigint' ? hex(slot) : slot, 'latest']),
    call: (to, data, from) => rpc<Hex>('eth_call', [{ to, data, ...(from ? { from } : {}) }, 'latest']),
    fund: async (a, wei) => void (await rpc('anvil_setBalance', [a, hex(wei)])),
    snapshot: () => rpc<Hex>('evm_snapshot'),
    revert: async (sid) => {
      const ok = await rpc<boolean>('evm_revert', [sid])
      if (!ok) throw new Error(`evm_revert ${sid} failed`)
    },
    async stop() {
      if (child.exitCode !== null) return
      await new Promise<void>((ok) => {
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      })
    },
  }
}
