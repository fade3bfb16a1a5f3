/**
 * The call tree of a transaction: what each call (and each call inside it)
 * is, decoded offline. A node names the function and where its signature
 * came from (a descriptor, the user's ABI, the built-in standards), holds the
 * decoded arguments (strictly decoded, or the lenient view with its issues),
 * the labelled rendering when a descriptor matched, and the calls it makes:
 * a Safe's `execTransaction` (its inner call, possibly a DELEGATECALL), the
 * entries of a MultiSend batch, the calls of a Multicall3 aggregate, and the
 * nested calldata a descriptor names.
 *
 * The recursion into standard structures and everything the risk rules read
 * (`known`) come from the built-in signature table (standards.ts), never from
 * a descriptor: a descriptor adds labels and can add nested calls, but cannot
 * hide one.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bigintToFixed, concatBytes, equalBytes } from '../bytes.js'
import { decode, FATAL, type Decoded, type Issue } from '../abi/decode.js'
import type { AbiFunction, AbiValue } from '../abi/types.js'
import { decodeEntries, MULTISEND_SELECTOR } from '../safe/multisend.js'
import { known, type Known } from './standards.js'
import { safeContracts } from './known.js'

/** The labelled rendering of one call by a descriptor, and its container: the ERC-7730 engine's types. */
export type { Container, Rendered, RenderedField } from './erc7730/types.js'
import type { Container, Rendered } from './erc7730/types.js'

/** Finds and applies a descriptor for a call; null when none matches. */
export type Renderer = (c: Container, data: Uint8Array) => { fn: AbiFunction; decoded: Decoded; rendered: Rendered } | null

/** What the tree builder may use beyond the built-in table. */
export type Knowledge = {
  readonly render: Renderer | null
  /** The user's --abi functions, with the file they came from. */
  readonly abi: readonly { fn: AbiFunction; source: string }[]
}

/** How well a call is explained. `blind`: its meaning is not known (or not canonical); `creation`: contract deployment code. */
export type Status = 'empty' | 'clear' | 'decoded' | 'blind' | 'creation'

export type CallNode = {
  /** Where in the tree: `call`, `call.inner`, `call.inner.entries[2]`, `call.calls[0]`. */
  readonly path: string
  readonly from: Uint8Array | null
  readonly to: Uint8Array | null
  readonly value: bigint
  /** 1 for a Safe DELEGATECALL (the target's code runs in the caller's storage and balances). */
  readonly operation: 0 | 1
  readonly data: Uint8Array
  readonly selector: Uint8Array | null
  /** The function shown, and where its signature came from. */
  readonly fn: AbiFunction | null
  readonly source: string | null
  /** Decoded with `fn`: canonical, or the lenient view when `issues` is not empty; null when undecodable. */
  readonly values: readonly AbiValue[] | null
  readonly issues: readonly Issue[]
  /** The built-in decoding the rules read (same bytes, the standard's own signature). */
  readonly known: { readonly standard: Known['standard']; readonly fn: AbiFunction; readonly values: readonly AbiValue[] } | null
  /** Every distinct signature known for this selector (more than one: a collision). */
  readonly candidates: readonly string[]
  readonly rendered: Rendered | null
  readonly children: readonly CallNode[]
  readonly status: Status
  /** ERC-8213 calldata digest: keccak256(uint256(len) ‖ data). */
  readonly digest: Uint8Array
  /** Why a child could not be built (a MultiSend batch that does not decode …). */
  readonly notes: readonly string[]
}

/** Deepest call nesting followed (a Safe inside a MultiSend inside a Safe …). */
export const MAX_CALL_DEPTH = 8

/** ERC-8213 calldata digest. */
export function calldataDigest(data: Uint8Array): Uint8Array {
  return keccak_256(concatBytes(bigintToFixed(BigInt(data.length), 32), data))
}

export type CallInput = { from: Uint8Array | null; to: Uint8Array | null; value: bigint; data: Uint8Array; operation?: 0 | 1 }

/**
 * Explain a call and every call inside it.
 * @param chainId - the chain it runs on
 * @param k - descriptors and the user's ABI
 * @param call - from (null when unknown), to (null: contract creation), value, data, operation
 * @returns the node; never throws for bad calldata (it becomes a blind node with its reason)
 */
export function explainCall(chainId: bigint, k: Knowledge, call: CallInput, path = 'call', depth = 0): CallNode {
  const op = call.operation ?? 0
  const base = { path, from: call.from, to: call.to, value: call.value, operation: op, data: call.data, digest: calldataDigest(call.data) }
  const none = { fn: null, source: null, values: null, issues: [], known: null, candidates: [], rendered: null, children: [] as CallNode[] }
  if (call.to === null) return { ...base, ...none, selector: null, status: 'creation', notes: [] }
  if (call.data.length === 0) return { ...base, ...none, selector: null, status: 'empty', notes: [] }
  if (call.data.length < 4) return { ...base, ...none, selector: null, status: 'blind', notes: [`${call.data.length} bytes of data: too short for a function selector`] }
  const selector = call.data.slice(0, 4)
  const args = call.data.subarray(4)
  const notes: string[] = []

  let rendered: ReturnType<Renderer> = null
  if (k.render) {
    try {
      rendered = k.render({ chainId, from: call.from, to: call.to, value: call.value }, call.data)
    } catch (e) {
      // A descriptor that cannot render this call explains nothing; the built-in decoding still applies.
      notes.push(`descriptor failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  const builtins = known(selector)
  const abis = k.abi.filter((a) => equalBytes(a.fn.selector, selector))
  const candidates = [...new Set([...(rendered ? [rendered.fn.signature] : []), ...abis.map((a) => a.fn.signature), ...builtins.map((b) => b.fn.signature)])]

  // The function shown: a descriptor's, else the user's ABI, else the standard's.
  let fn: AbiFunction | null = null
  let source: string | null = null
  let dec: Decoded | null = null
  if (rendered) {
    fn = rendered.fn
    source = rendered.rendered.descriptor
    dec = rendered.decoded
  } else if (abis.length > 0) {
    fn = abis[0]!.fn
    source = abis[0]!.source
  } else if (builtins.length > 0) {
    fn = builtins[0]!.fn
    source = `built-in ${builtins[0]!.standard}`
  }
  let values: AbiValue[] | null = null
  let issues: readonly Issue[] = []
  if (fn) {
    dec ??= decodeBoth(fn, args)
    values = dec.values
    issues = dec.issues
  }

  // The rules' view: the standard signature (the first that decodes canonically, else leniently).
  let knownView: CallNode['known'] = null
  for (const b of builtins) {
    const d = decodeBoth(b.fn, args)
    if (d.values) {
      knownView = { standard: b.standard, fn: b.fn, values: d.values }
      if (d.issues.length === 0) break
    }
  }

  const children: CallNode[] = []
  // Inner calls that exist but cannot be shown (too deep, a batch that does not decode) leave this call blind.
  let unexplained = false
  if (depth + 1 > MAX_CALL_DEPTH) {
    if (knownView && hasInner(knownView)) {
      notes.push(`calls nested deeper than ${MAX_CALL_DEPTH} are not followed`)
      unexplained = true
    }
  } else if (knownView) {
    const inner = innerCalls(chainId, k, call, knownView, path, depth, notes)
    if (inner === null) unexplained = true
    else children.push(...inner)
  }
  // Nested calldata a descriptor names (beyond the structures above): followed too, so its rules apply.
  if (rendered && !(knownView && hasInner(knownView)) && depth + 1 <= MAX_CALL_DEPTH) {
    rendered.rendered.fields.forEach((f, i) => {
      if (f.call) children.push(explainCall(chainId, k, { from: f.call.from ?? call.to, to: f.call.to, value: f.call.value, data: f.call.data }, `${path}.field[${i}]`, depth + 1))
    })
  }

  let status: Status
  if (!fn || !values || issues.length > 0) status = 'blind'
  else status = rendered ? 'clear' : 'decoded'
  if (unexplained) status = 'blind'
  if (status !== 'blind' && children.some((c) => c.status === 'blind' || c.status === 'creation')) status = 'blind'
  // A descriptor's calldata field that could not be explained leaves the call partly blind.
  if (status === 'clear' && rendered!.rendered.fields.some((f) => f.format === 'calldata' && f.nested === null && !f.call)) status = 'blind'
  return { ...base, selector, fn, source, values, issues, known: knownView, candidates, rendered: rendered?.rendered ?? null, children, status, notes }
}

/** Strict decoding; the lenient view (with its issues) when the strict one fails on something a contract would still read. */
function decodeBoth(fn: AbiFunction, args: Uint8Array): Decoded {
  const strict = decode(fn.inputs, args)
  if (strict.values) return strict
  if (FATAL.has(strict.issues[0]!.reason)) return strict
  return decode(fn.inputs, args, { lenient: true })
}

function hasInner(v: NonNullable<CallNode['known']>): boolean {
  const name = v.fn.name
  return (v.standard === 'safe' && (name === 'execTransaction' || name === 'multiSend')) || v.standard === 'multicall3'
}

/** The calls a standard call makes: Safe inner call, MultiSend entries, Multicall3 calls; null when they exist but do not decode. */
function innerCalls(chainId: bigint, k: Knowledge, call: CallInput, v: NonNullable<CallNode['known']>, path: string, depth: number, notes: string[]): CallNode[] | null {
  const a = v.values
  if (v.standard === 'safe' && v.fn.name === 'execTransaction') {
    // execTransaction(to, value, data, operation, …): the Safe (call.to) calls `to`.
    const op = a[3] as bigint
    if (op !== 0n && op !== 1n) {
      notes.push(`Safe operation ${op} is neither call (0) nor delegatecall (1): the Safe reverts`)
      return []
    }
    return [explainCall(chainId, k, { from: call.to, to: a[0] as Uint8Array, value: a[1] as bigint, data: a[2] as Uint8Array, operation: op === 1n ? 1 : 0 }, `${path}.inner`, depth + 1)]
  }
  if (v.standard === 'safe' && v.fn.name === 'multiSend' && equalBytes(v.fn.selector, MULTISEND_SELECTOR)) {
    let entries
    try {
      entries = decodeEntries(a[0] as Uint8Array)
    } catch (e) {
      notes.push(`MultiSend batch does not decode: ${e instanceof Error ? e.message : String(e)}`)
      return null
    }
    // Under a DELEGATECALL the batch runs as the Safe (call.from); called directly, as the MultiSend contract.
    const runner = call.operation === 1 ? call.from : call.to
    const isV150 = call.to !== null && safeContracts(call.to).some((c) => c.version === '1.5.0' && c.contract.startsWith('MultiSend'))
    return entries.map((e, i) => {
      const self = isV150 && e.to.every((b) => b === 0)
      if (self) notes.push(`entry ${i + 1}: to = 0, which MultiSend 1.5.0 reads as the Safe itself`)
      return explainCall(chainId, k, { from: runner, to: self && runner ? runner : e.to, value: e.value, data: e.data, operation: e.operation }, `${path}.entries[${i}]`, depth + 1)
    })
  }
  if (v.standard === 'multicall3') {
    const calls = v.fn.name === 'tryAggregate' || v.fn.name === 'tryBlockAndAggregate' ? (a[1] as AbiValue[][]) : (a[0] as AbiValue[][])
    return calls.map((c, i) => {
      const hasValue = v.fn.name === 'aggregate3Value'
      const target = c[0] as Uint8Array
      const data = (hasValue ? c[3] : c.length === 3 ? c[2] : c[1]) as Uint8Array
      return explainCall(chainId, k, { from: call.to, to: target, value: hasValue ? (c[2] as bigint) : 0n, data }, `${path}.calls[${i}]`, depth + 1)
    })
  }
  return []
}

/** Every node of a tree, depth first. */
export function* nodes(n: CallNode): Generator<CallNode> {
  yield n
  for (const c of n.children) yield* nodes(c)
}
