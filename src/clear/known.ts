/**
 * What airsign knows about addresses, offline, each entry with its source
 * (`src/clear/known/manifest.json`): Safe deployments (safe-deployments, MIT),
 * mainnet tokens (micro-eth-signer's table, MIT), EIP-7702 delegates with a
 * published deployment (MetaMask delegation framework; viem's Simple7702Account),
 * and a few contracts named in the standards' own repositories.
 *
 * These are facts about addresses, not verdicts about code: an offline signer
 * cannot see what is deployed at an address on a given chain (a proxy can be
 * upgraded; a "known" address on a chain where it was never deployed is
 * anyone's). The review says which table an entry came from.
 * @module
 */
import safeJson from './known/safe-deployments.json' with { type: 'json' }
import tokenJson from './known/tokens.json' with { type: 'json' }
import delegateJson from './known/delegates.json' with { type: 'json' }
import { bytesToHex, hexToBytes } from '../bytes.js'

/** A Safe contract of safe-deployments. `variant`: canonical, eip155 or zksync deployment address. */
export type SafeContract = { readonly contract: string; readonly version: string; readonly variant: string; readonly address: string }
export type Token = { readonly chainId: number; readonly address: string; readonly symbol: string; readonly decimals: number }
export type Delegate = { readonly name: string; readonly address: string; readonly chains: readonly number[] | null; readonly source: string }

// Index keys: lower-case 0x hex, what bytesToHex gives for the bytes and what the tables hold in one case or another.
const key = (a: Uint8Array): string => bytesToHex(a)
const lower = (a: string): string => a.toLowerCase()

let safeIndex: Map<string, SafeContract[]> | undefined
let tokenIndex: Map<string, Token> | undefined
let delegateIndex: Map<string, Delegate> | undefined

/** Every Safe contract deployed at this address (one address can carry several versions' names only in theory; a list anyway). */
export function safeContracts(address: Uint8Array): readonly SafeContract[] {
  if (!safeIndex) {
    safeIndex = new Map()
    for (const c of safeJson as SafeContract[]) {
      const k = lower(c.address)
      safeIndex.set(k, [...(safeIndex.get(k) ?? []), c])
    }
  }
  return safeIndex.get(key(address)) ?? []
}

/** A token of the shipped table on this chain. */
export function token(chainId: bigint, address: Uint8Array): Token | null {
  if (!tokenIndex) {
    tokenIndex = new Map()
    for (const t of tokenJson as Token[]) tokenIndex.set(`${t.chainId}:${lower(t.address)}`, t)
  }
  return tokenIndex.get(`${chainId}:${key(address)}`) ?? null
}

/** An EIP-7702 delegate with a published deployment (on this chain, when its source lists chains). */
export function delegate(chainId: bigint, address: Uint8Array): Delegate | null {
  if (!delegateIndex) {
    delegateIndex = new Map()
    for (const d of delegateJson as Delegate[]) delegateIndex.set(lower(d.address), d)
  }
  const d = delegateIndex.get(key(address))
  if (!d) return null
  // Chain id 0 (every chain) matches only a delegate whose address is the same everywhere (no chain list).
  if (d.chains !== null && !d.chains.includes(Number(chainId))) return null
  return d
}

/**
 * Contracts named by the standards' own sources (same address on every chain where deployed).
 * Permit2: Uniswap's deployment, as the ERC-7730 registry binds it
 * (registry/uniswap/common-eip712-uniswap.json). Multicall3: viem's chain
 * definitions (`contracts.multicall3`, e.g. viem@2.57.20 chains/definitions/mainnet.js).
 * WETH9: the registry's registry/weth/calldata-weth.json (Ethereum and Sepolia).
 */
export const PERMIT2 = hexToBytes('0x000000000022D473030F116dDEE9F6B43aC78BA3', 'PERMIT2')
export const MULTICALL3 = hexToBytes('0xcA11bde05977b3631167028862bE2a173976CA11', 'MULTICALL3')
export const WETH9: ReadonlyMap<bigint, Uint8Array> = new Map([
  [1n, hexToBytes('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', 'WETH9')],
  [11155111n, hexToBytes('0xfFf9976782d46CC05630D1f6eBAb18b2324d6B14', 'WETH9')],
])
