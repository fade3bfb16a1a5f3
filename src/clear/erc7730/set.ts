/**
 * A set of ERC-7730 descriptors, indexed once for matching, parsed lazily.
 *
 * Building the index reads only what binds each file (its context, with its
 * includes): a review then parses and validates just the descriptors that bind
 * the contract it looks at, once each, instead of all 365 (which costs about
 * 0.2 s). `all()` validates every file, for tests and `airsign` checks.
 * - calldata: `context.contract.deployments` → (chainId, address);
 * - EIP-712: `context.eip712.deployments` → (chainId, verifyingContract); the
 *   type hash, the `domain` values and `domainSeparator` are checked when matching;
 * - generic, unbound descriptors (a context with no deployments: `ercs/*`) are
 *   a separate, lowest tier, tried only on request.
 * Descriptors bound only through `context.contract.factory` are not indexed:
 * whether a contract came from a factory needs chain data. Files with no context
 * or no formats (with their includes) are fragments, there to be included.
 * @module
 */
import { AirsignError } from '../../errors.js'
import { bytesToHex } from '../../bytes.js'
import { loadDescriptor, parseContext, type CalldataFormat, type Descriptor, type TypedFormat } from './descriptor.js'
import { isObject, loadMerged, pickBinding } from './merge.js'

/** A descriptor with one of its formats. */
export type Match<F> = { readonly descriptor: Descriptor; readonly format: F }

/** An index of descriptor files, built once by `descriptorSet`. */
export type DescriptorSet = {
  /** `chainId:address` (lower-case hex) → the calldata descriptor files that bind it, in path order */
  readonly contracts: ReadonlyMap<string, readonly string[]>
  /** `chainId:verifyingContract` → the EIP-712 descriptor files that bind it */
  readonly messages: ReadonlyMap<string, readonly string[]>
  /** unbound descriptor files (the generic tier) */
  readonly generic: { readonly calldata: readonly string[]; readonly eip712: readonly string[] }
  /** files that are only included by others */
  readonly fragments: readonly string[]
  /** files whose binding could not be read (bad $schema, includes, context): never matched */
  readonly unbound: readonly { readonly file: string; readonly error: AirsignError }[]
  /**
   * A file's descriptor, parsed and validated on first use (then cached).
   * @throws AirsignError DESCRIPTOR_* when the file is invalid
   */
  descriptor(file: string): Descriptor
  /** Validate every indexed file: the descriptors, and the files refused with their errors. */
  all(): { readonly descriptors: readonly Descriptor[]; readonly rejected: readonly { readonly file: string; readonly error: AirsignError }[] }
}

export type SetOptions = {
  /** validate every file now and throw the first error */
  readonly strict?: boolean
  /** index only these files (includes still resolve among all of `files`) */
  readonly only?: readonly string[]
}

/** Index key of a (chainId, address). */
export function bindingKey(chainId: bigint, address: Uint8Array): string {
  return `${chainId}:${bytesToHex(address)}`
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/**
 * Index a set of descriptor files.
 * @param files - path → parsed JSON; `includes` resolve inside this map
 * @param opts - `strict` (validate all now, throw the first error), `only`
 * @returns the set
 * @throws AirsignError DESCRIPTOR_* with `strict`; DESCRIPTOR_INCLUDE for a file of `only` not in `files`
 * @example descriptorSet(shippedFiles()).contracts.get('1:0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2') // ['registry/weth/calldata-weth.json']
 */
export function descriptorSet(files: ReadonlyMap<string, unknown>, opts: SetOptions = {}): DescriptorSet {
  const contracts = new Map<string, string[]>()
  const messages = new Map<string, string[]>()
  const generic = { calldata: [] as string[], eip712: [] as string[] }
  const fragments: string[] = []
  const unbound: { file: string; error: AirsignError }[] = []
  const indexed: string[] = []
  const chosen = opts.only ?? [...files.keys()].sort()
  for (const file of chosen) {
    if (!files.has(file)) throw new AirsignError('DESCRIPTOR_INCLUDE', `${file}: not in the descriptor set`)
    try {
      const { json } = loadMerged(files, file, [], pickBinding)
      const display = json.display
      if (json.context === undefined || !isObject(display) || display.formats === undefined) {
        if (opts.only === undefined) {
          fragments.push(file)
          continue
        }
      }
      const ctx = parseContext(json, file)
      indexed.push(file)
      const seen = new Set<string>()
      if (ctx.deployments.length === 0) {
        if (ctx.kind === 'eip712') generic.eip712.push(file)
        else if (!ctx.factory) generic.calldata.push(file)
      }
      for (const d of ctx.deployments) {
        const k = bindingKey(d.chainId, d.address)
        if (seen.has(k)) continue
        seen.add(k)
        push(ctx.kind === 'eip712' ? messages : contracts, k, file)
      }
    } catch (e) {
      if (!(e instanceof AirsignError)) throw e
      if (opts.strict) throw e
      unbound.push({ file, error: e })
    }
  }
  const cache = new Map<string, Descriptor | AirsignError>()
  const descriptor = (file: string): Descriptor => {
    let d = cache.get(file)
    if (d === undefined) {
      try {
        d = loadDescriptor(files, file)
      } catch (e) {
        if (!(e instanceof AirsignError)) throw e
        d = e
      }
      cache.set(file, d)
    }
    if (d instanceof AirsignError) throw d
    return d
  }
  const all = () => {
    const descriptors: Descriptor[] = []
    const rejected: { file: string; error: AirsignError }[] = [...unbound]
    for (const file of indexed) {
      try {
        descriptors.push(descriptor(file))
      } catch (e) {
        rejected.push({ file, error: e as AirsignError })
      }
    }
    rejected.sort((a, b) => (a.file < b.file ? -1 : 1))
    return { descriptors, rejected }
  }
  const set: DescriptorSet = { contracts, messages, generic, fragments, unbound, descriptor, all }
  if (opts.strict) {
    const r = all().rejected[0]
    if (r) throw r.error
  }
  return set
}

/** The valid descriptors among `files` and the format `pick` finds in each; invalid files are skipped. */
function matches<F>(set: DescriptorSet, files: readonly string[] | undefined, pick: (d: Descriptor) => F | undefined): Match<F>[] {
  return (files ?? []).flatMap((f) => {
    let d: Descriptor
    try {
      d = set.descriptor(f)
    } catch {
      return []
    }
    const format = pick(d)
    return format ? [{ descriptor: d, format }] : []
  })
}

/** The valid descriptors among `files` with a calldata format for `selector`; invalid files are skipped. */
export function calldataMatches(set: DescriptorSet, files: readonly string[] | undefined, selector: Uint8Array): Match<CalldataFormat>[] {
  const sel = bytesToHex(selector)
  return matches(set, files, (d) => d.calldata.find((x) => bytesToHex(x.fn.selector) === sel))
}

/** The valid descriptors among `files` with an EIP-712 format for `typeHash`. */
export function typedMatches(set: DescriptorSet, files: readonly string[] | undefined, typeHash: Uint8Array): Match<TypedFormat>[] {
  const h = bytesToHex(typeHash)
  return matches(set, files, (d) => d.typed.find((x) => bytesToHex(x.typeHash) === h))
}
