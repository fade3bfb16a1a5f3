/**
 * A set of ERC-7730 descriptors, indexed once for matching:
 * - calldata: (chainId, `to`, selector) over `context.contract.deployments`;
 * - EIP-712: (chainId, verifyingContract, type hash) over `context.eip712.deployments`,
 *   then the descriptor's `domain` values and `domainSeparator` are checked;
 * - generic, unbound descriptors (`ercs/*`: a context with no deployments) as a
 *   separate, lowest tier keyed by selector or type hash, used only on request.
 *
 * Descriptors bound through `context.contract.factory` only are kept but not
 * indexed: whether a contract came from a factory needs chain data. A file that
 * fails validation is listed in `rejected` with its error (or, with
 * `strict`, thrown); files with no `context` or no `display.formats` are
 * fragments, used only through `includes`.
 * @module
 */
import { AirsignError } from '../../errors.js'
import { bytesToHex } from '../../bytes.js'
import { loadDescriptor, loadOrFragment, type CalldataFormat, type Descriptor, type TypedFormat } from './descriptor.js'

/** A descriptor with one of its formats. */
export type Match<F> = { readonly descriptor: Descriptor; readonly format: F }

/** An index of descriptors, built once by `descriptorSet`. */
export type DescriptorSet = {
  readonly descriptors: readonly Descriptor[]
  /** files that failed validation, with the error */
  readonly rejected: readonly { readonly file: string; readonly error: AirsignError }[]
  /** files that are only included by others (no context, or no formats) */
  readonly fragments: readonly string[]
  /** `chainId:address:selector` (lower-case hex) → matches, in file order */
  readonly calldata: ReadonlyMap<string, readonly Match<CalldataFormat>[]>
  /** `chainId:verifyingContract:typeHash` → matches */
  readonly typed: ReadonlyMap<string, readonly Match<TypedFormat>[]>
  /** unbound calldata descriptors: selector → matches */
  readonly genericCalldata: ReadonlyMap<string, readonly Match<CalldataFormat>[]>
  /** unbound EIP-712 descriptors: type hash → matches */
  readonly genericTyped: ReadonlyMap<string, readonly Match<TypedFormat>[]>
}

export type SetOptions = {
  /** throw the first invalid descriptor's error instead of listing it in `rejected` */
  readonly strict?: boolean
  /** index only these files (includes still resolve among all of `files`) */
  readonly only?: readonly string[]
}

/** Index key of a (chainId, address, 4- or 32-byte id). */
export function indexKey(chainId: bigint, address: Uint8Array, id: Uint8Array): string {
  return `${chainId}:${bytesToHex(address)}:${bytesToHex(id)}`
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/**
 * Build the index of a set of descriptor files.
 * @param files - path → parsed JSON; `includes` resolve inside this map
 * @param opts - `strict`, `only`
 * @returns the set
 * @throws AirsignError DESCRIPTOR_* (with `strict`, or for a file of `only` that is no descriptor)
 * @example descriptorSet(shippedFiles()).rejected.length // the registry files airsign refuses
 */
export function descriptorSet(files: ReadonlyMap<string, unknown>, opts: SetOptions = {}): DescriptorSet {
  const descriptors: Descriptor[] = []
  const rejected: { file: string; error: AirsignError }[] = []
  const fragments: string[] = []
  const calldata = new Map<string, Match<CalldataFormat>[]>()
  const typed = new Map<string, Match<TypedFormat>[]>()
  const genericCalldata = new Map<string, Match<CalldataFormat>[]>()
  const genericTyped = new Map<string, Match<TypedFormat>[]>()
  const chosen = opts.only ?? [...files.keys()].sort()
  for (const file of chosen) {
    if (!files.has(file)) throw new AirsignError('DESCRIPTOR_INCLUDE', `${file}: not in the descriptor set`)
    let d: Descriptor
    try {
      const got = opts.only === undefined ? loadOrFragment(files, file) : loadDescriptor(files, file)
      if (got === null) {
        fragments.push(file)
        continue
      }
      d = got
    } catch (e) {
      if (opts.strict || !(e instanceof AirsignError)) throw e
      rejected.push({ file, error: e })
      continue
    }
    descriptors.push(d)
    const ctx = d.context
    if (ctx.kind === 'contract') {
      if (ctx.deployments.length === 0 && !ctx.factory) for (const f of d.calldata) push(genericCalldata, bytesToHex(f.fn.selector), { descriptor: d, format: f })
      for (const dep of ctx.deployments) for (const f of d.calldata) push(calldata, indexKey(dep.chainId, dep.address, f.fn.selector), { descriptor: d, format: f })
    } else {
      if (ctx.deployments.length === 0) for (const f of d.typed) push(genericTyped, bytesToHex(f.typeHash), { descriptor: d, format: f })
      for (const dep of ctx.deployments) for (const f of d.typed) push(typed, indexKey(dep.chainId, dep.address, f.typeHash), { descriptor: d, format: f })
    }
  }
  return { descriptors, rejected, fragments, calldata, typed, genericCalldata, genericTyped }
}
