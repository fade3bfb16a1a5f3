/**
 * The data types of ERC-7730 rendering: what the renderer is given (the
 * container, the providers of outside facts) and what it returns.
 * @module
 */

/** Token metadata. */
export type TokenInfo = { readonly symbol: string; readonly decimals: number; readonly name?: string }

/** Everything the renderer needs to know that is not in the descriptor or the data. */
export type Providers = {
  /** a token's symbol and decimals, from a trusted local list */
  token(chainId: bigint, address: Uint8Array): TokenInfo | null
  /** a trusted local name for an address (address book, the user's own accounts); `types`/`sources` from the descriptor's addressName params */
  name(chainId: bigint, address: Uint8Array, types: readonly string[] | null, sources: readonly string[] | null): string | null
  /** an NFT collection's name */
  collection(chainId: bigint, address: Uint8Array): string | null
  /** the timestamp of a block (offline: normally null) */
  blockTimestamp(chainId: bigint, height: bigint): bigint | null
  /** the chain's native currency */
  nativeCurrency(chainId: bigint): { readonly symbol: string; readonly decimals: number }
  /** an EIP-155 chain name for the `chainId` format (optional: without it the number is shown) */
  chainName?(chainId: bigint): string | null
}

/** The container of the structured data: the transaction, or the EIP-712 domain. */
export type Container = { readonly chainId: bigint; readonly from: Uint8Array | null; readonly to: Uint8Array; readonly value: bigint }

/** One displayed field. */
export type RenderedField = {
  readonly label: string
  /** the concrete path (`#.details.[1].amount`, `@.value`; '' for a constant value) */
  readonly path: string
  readonly format: string
  readonly value: string
  /** the embedded call, for the calldata format when a descriptor matched it */
  readonly nested: Rendered | null
  readonly notes: readonly string[]
  /** addressName: the address itself (the value may be its name), so a review can show both */
  readonly address?: Uint8Array
  /** calldata: the embedded call the field describes (whether or not a descriptor matched it), so the call tree can follow it */
  readonly call?: { readonly to: Uint8Array; readonly from: Uint8Array | null; readonly value: bigint; readonly data: Uint8Array }
}

/** What a descriptor makes of one call or message. */
export type Rendered = {
  readonly intent: string
  readonly interpolatedIntent: string | null
  readonly owner: string | null
  readonly contractName: string | null
  /** the matched file, e.g. 'registry/uniswap/calldata-UniswapV3Router02.json' */
  readonly descriptor: string
  readonly fields: readonly RenderedField[]
  /** what could not be shown exactly (every field note too, prefixed with its label) */
  readonly notes: readonly string[]
}

export type RenderOptions = {
  /** how deep embedded calldata is followed (default 4) */
  readonly depth?: number
  /** also try the generic, unbound descriptors (lowest tier) */
  readonly generic?: boolean
}
