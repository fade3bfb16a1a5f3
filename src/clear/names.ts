/**
 * Names and token metadata for the review, offline: the user's labels (and
 * the signer's own addresses) first, then the shipped tables (tokens, Safe
 * deployments, Permit2, Multicall3, WETH9). Each answer says where it came
 * from, so the review can show "from your labels" apart from "shipped".
 * @module
 */
import { equalBytes } from '../bytes.js'
import type { Labels } from './labels.js'
import * as known from './known.js'

export type TokenInfo = { readonly symbol: string; readonly decimals: number; readonly name?: string; readonly source: string }
export type NameInfo = { readonly name: string; readonly source: string }

/** Native currency of a few chains by id (others: "ETH"; the review also names the chain). */
const NATIVE: ReadonlyMap<bigint, string> = new Map([
  [56n, 'BNB'],
  [100n, 'xDAI'],
  [137n, 'POL'],
  [42220n, 'CELO'],
  [43114n, 'AVAX'],
])

export type Names = {
  token(chainId: bigint, a: Uint8Array): TokenInfo | null
  name(chainId: bigint, a: Uint8Array): NameInfo | null
  collection(chainId: bigint, a: Uint8Array): string | null
  nativeCurrency(chainId: bigint): { symbol: string; decimals: number }
  /** A delegate the user's labels trust (EIP-7702). */
  trustedDelegate(a: Uint8Array): string | null
}

/** The names of an address book plus the shipped tables. */
export function names(labels: Labels): Names {
  return {
    token(chainId, a) {
      const l = labels.get(chainId, a)
      if (l && l.symbol !== null && l.decimals !== null) return { symbol: l.symbol, decimals: l.decimals, ...(l.name ? { name: l.name } : {}), source: l.source }
      const t = known.token(chainId, a)
      if (t) return { symbol: t.symbol, decimals: t.decimals, source: 'shipped token table (micro-eth-signer)' }
      const weth = known.WETH9.get(chainId)
      if (weth && equalBytes(weth, a)) return { symbol: 'WETH', decimals: 18, name: 'Wrapped Ether', source: 'shipped (WETH9)' }
      return null
    },
    name(chainId, a) {
      const l = labels.get(chainId, a)
      if (l && l.name !== null) return { name: l.name, source: l.source }
      const safe = known.safeContracts(a)
      if (safe.length > 0) return { name: `Safe ${safe[0]!.contract} ${safe[0]!.version}`, source: 'shipped (safe-deployments)' }
      if (equalBytes(a, known.PERMIT2)) return { name: 'Permit2', source: 'shipped' }
      if (equalBytes(a, known.MULTICALL3)) return { name: 'Multicall3', source: 'shipped' }
      const weth = known.WETH9.get(chainId)
      if (weth && equalBytes(weth, a)) return { name: 'WETH9', source: 'shipped' }
      const t = known.token(chainId, a)
      if (t) return { name: t.symbol, source: 'shipped token table (micro-eth-signer)' }
      return null
    },
    collection(chainId, a) {
      const l = labels.get(chainId, a)
      return l && l.kind === 'collection' && l.name ? l.name : null
    },
    nativeCurrency(chainId) {
      return { symbol: NATIVE.get(chainId) ?? 'ETH', decimals: 18 }
    },
    trustedDelegate(a) {
      const l = labels.get(null, a)
      return l && l.delegate ? (l.name ?? 'trusted in your labels') : null
    },
  }
}
