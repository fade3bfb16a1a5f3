/**
 * The descriptors a review renders with, in order of precedence:
 * 1. the user's (`--descriptor FILE|DIR`), bound or unbound: the user named them for this call;
 * 2. the shipped ERC-7730 registry snapshot, bound to (chain id, address);
 * 3. airsign's built-in descriptors of the standards (builtin/*.json), bound
 *    (WETH9, Permit2) then unbound (ERC-20, ERC-721, ERC-1155, ERC-4626,
 *    Multicall3, Safe): a standard interface on any contract, not a verified
 *    contract, and the review says which file it came from;
 * 4. the registry's own unbound interfaces (ercs/*), last.
 * ERC-20 and ERC-721 share `approve(address,uint256)` and
 * `transferFrom(address,address,uint256)`: for an address the labels name a
 * collection, the ERC-721 reading comes first, else the ERC-20 one.
 * @module
 */
import { descriptorSet, renderCalldata, renderTypedData, shippedFiles, type DescriptorSet, type Providers } from './erc7730/index.js'
import type { Renderer, Rendered } from './call.js'
import type { Names } from './names.js'
import type { TypedData } from '../typed-data.js'
import erc20 from './builtin/erc20.json' with { type: 'json' }
import erc721 from './builtin/erc721.json' with { type: 'json' }
import erc1155 from './builtin/erc1155.json' with { type: 'json' }
import erc4626 from './builtin/erc4626.json' with { type: 'json' }
import weth from './builtin/weth.json' with { type: 'json' }
import permit2 from './builtin/permit2.json' with { type: 'json' }
import multicall3 from './builtin/multicall3.json' with { type: 'json' }
import safe from './builtin/safe.json' with { type: 'json' }

/** airsign's own descriptors, by the name the review shows. */
export const BUILTIN_FILES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['builtin/erc20.json', erc20],
  ['builtin/erc1155.json', erc1155],
  ['builtin/erc4626.json', erc4626],
  ['builtin/weth.json', weth],
  ['builtin/permit2.json', permit2],
  ['builtin/multicall3.json', multicall3],
  ['builtin/safe.json', safe],
])

let registry: DescriptorSet | undefined
let builtin: DescriptorSet | undefined
let nft: DescriptorSet | undefined

/** The shipped registry, indexed once (the snapshot is decompressed on this first use). */
export function registrySet(): DescriptorSet {
  return (registry ??= descriptorSet(shippedFiles()))
}
/** The built-in descriptors, indexed once. The ERC-721 file is its own set (it shares selectors with ERC-20). */
export function builtinSet(): DescriptorSet {
  return (builtin ??= descriptorSet(BUILTIN_FILES, { strict: true }))
}
function nftSet(): DescriptorSet {
  return (nft ??= descriptorSet(new Map([['builtin/erc721.json', erc721]]), { strict: true }))
}

/** The renderer's providers from the review's names. */
export function providers(n: Names): Providers {
  return {
    token: (chainId, a) => n.token(chainId, a),
    name: (chainId, a) => n.name(chainId, a)?.name ?? null,
    collection: (chainId, a) => n.collection(chainId, a),
    blockTimestamp: () => null,
    nativeCurrency: (chainId) => n.nativeCurrency(chainId),
  }
}

/**
 * Renderers over every descriptor source.
 * @param user - the user's descriptor files (path → JSON)
 * @throws AirsignError DESCRIPTOR_* for a user file that is not a valid descriptor (the user asked for it: refusing is better than ignoring)
 */
export function buildRenderers(user: ReadonlyMap<string, unknown>, names: Names): { render: Renderer; renderTyped: (doc: TypedData) => Rendered | null } {
  const userSet = user.size > 0 ? descriptorSet(user, { strict: true }) : null
  const p = providers(names)
  const render: Renderer = (c, data) => {
    const collection = names.collection(c.chainId, c.to) !== null
    const order: [DescriptorSet, boolean][] = [
      ...(userSet ? [[userSet, true] as [DescriptorSet, boolean]] : []),
      [registrySet(), false],
      [builtinSet(), false],
      ...(collection ? [[nftSet(), true] as [DescriptorSet, boolean]] : []),
      [builtinSet(), true],
      [nftSet(), true],
      [registrySet(), true],
    ]
    for (const [set, generic] of order) {
      const r = renderCalldata(set, c, data, p, { generic })
      if (r) return { fn: r.fn, decoded: r.decoded, rendered: r.rendered }
    }
    return null
  }
  const renderTyped = (doc: TypedData): Rendered | null => {
    for (const [set, generic] of [...(userSet ? [[userSet, true] as const] : []), [registrySet(), false] as const, [registrySet(), true] as const]) {
      const r = renderTypedData(set, doc, p, { generic })
      if (r) return r
    }
    return null
  }
  return { render, renderTyped }
}
