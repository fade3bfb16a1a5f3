/**
 * ERC-7730 field formats: one decoded value (and its field's params) → text,
 * exactly and locale-free; and the evaluation of paths and parameters a format
 * needs. Used by render.ts; `embed` is how the calldata format reaches back to
 * matching for the embedded call.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { toChecksum } from '../../address.js'
import { bigintToFixed, bytesToBigint, bytesToHex, concatBytes, equalBytes, hexToBytes } from '../../bytes.js'
import type { Descriptor, FieldSpec, Param } from './descriptor.js'
import { PathMiss, select, type Node } from './node.js'
import { joinPath, pathText, type Path } from './path.js'
import { formatDate, formatDuration, formatUnit, formatUnits } from './text.js'
import type { Container, Providers, Rendered, RenderedField } from './types.js'

/** The data has no value for this field: the field is left out with a note. */
export class FieldMiss extends Error {
  override readonly name = 'FieldMiss'
}
/** A map reference has no value for the key: the descriptor is not valid for this transaction (spec, metadata.maps). */
export class NotForThis extends Error {
  override readonly name = 'NotForThis'
}

/** What formatting needs: the descriptor, the container, the data, the providers, and the way to an embedded call. */
export type FormatCtx = {
  readonly d: Descriptor
  readonly c: Container
  readonly data: Node
  readonly p: Providers
  /** how many more levels of embedded calls may be followed */
  readonly depth: number
  /** render an embedded call (null: no descriptor matches it) */
  embed(c: Container, data: Uint8Array): Rendered | null
}

export type Val = { readonly node: Node; readonly path: Path | null }

function containerNode(c: Container, field: string): Node {
  switch (field) {
    case 'from':
      if (c.from === null) throw new FieldMiss('@.from is not known (the signer was not given)')
      return { kind: 'address', value: c.from }
    case 'to':
      return { kind: 'address', value: c.to }
    case 'value':
      return { kind: 'uint', value: c.value }
    default:
      return { kind: 'uint', value: c.chainId }
  }
}

export function constNode(v: unknown): Node {
  if (typeof v === 'string') return { kind: 'string', value: v }
  if (typeof v === 'boolean') return { kind: 'bool', value: v }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v < 0 ? { kind: 'int', value: BigInt(v) } : { kind: 'uint', value: BigInt(v) }
  throw new FieldMiss(`the constant ${JSON.stringify(v)} is not a string, integer or boolean`)
}

/** Every value a path selects, with its concrete path. */
export function evaluate(x: FormatCtx, p: Path): Val[] {
  if (p.root === 'container') return [{ node: containerNode(x.c, (p.steps[0] as { name: string }).name), path: p }]
  if (p.root === 'descriptor') {
    let v: unknown = x.d.merged
    for (const s of p.steps) {
      if (s.kind !== 'name' || typeof v !== 'object' || v === null || !Object.hasOwn(v, s.name)) throw new FieldMiss(`${pathText(p)} is not in the descriptor`)
      v = (v as Record<string, unknown>)[s.name]
    }
    return [{ node: constNode(v), path: p }]
  }
  try {
    return select(x.data, p.steps).map((s) => ({ node: s.node, path: { root: 'data', steps: s.steps } }))
  } catch (e) {
    if (e instanceof PathMiss) throw new FieldMiss(`${pathText(p)}: ${e.message}`)
    throw e
  }
}

function asBigint(n: Node): bigint {
  switch (n.kind) {
    case 'uint':
    case 'int':
      return n.value
    case 'bool':
      return n.value ? 1n : 0n
    case 'bytes':
    case 'address':
      return bytesToBigint(n.value)
    case 'string':
      if (/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(n.value)) return BigInt(n.value)
      break
  }
  throw new FieldMiss(`a ${n.kind} is not an integer`)
}

function asAddress(n: Node): Uint8Array {
  switch (n.kind) {
    case 'address':
      return n.value
    case 'bytes':
      if (n.value.length === 20) return n.value
      break
    case 'uint':
      if (n.value < 1n << 160n) return bigintToFixed(n.value, 20)
      break
    case 'string':
      if (/^0x[0-9a-fA-F]{40}$/.test(n.value)) return hexToBytes(n.value, 'address')
      break
  }
  throw new FieldMiss(`a ${n.kind}${n.kind === 'bytes' ? ` of ${n.value.length} bytes` : ''} is not an address`)
}

function constBigint(v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|-?[0-9]+)$/.test(v)) return BigInt(v)
  throw new FieldMiss(`${JSON.stringify(v)} is not an integer`)
}

/** A parameter's value for element `i` of `n` formatted values (array params pair by index). */
function param(x: FormatCtx, f: FieldSpec, name: string, base: Path | null, i: number, n: number): Node | undefined {
  const p: Param | undefined = f.params[name]
  if (p === undefined) return undefined
  if (p.kind === 'const') return constNode(p.value)
  const one = (path: Path): Node => {
    const vals = evaluate(x, joinPath(base, path))
    if (vals.length === 1) return vals[0]!.node
    if (vals.length === n) return vals[i]!.node
    throw new FieldMiss(`parameter ${name} selects ${vals.length} values for ${n} formatted values`)
  }
  if (p.kind === 'path') return one(p.path)
  const key = one(p.keyPath)
  const k = keyText(key)
  const hit = Object.entries(p.values).find(([mk]) => mk === k || mk.toLowerCase() === k.toLowerCase())
  if (hit === undefined) throw new NotForThis(`${p.map} has no value for ${k}`)
  return constNode(hit[1])
}

function keyText(n: Node): string {
  switch (n.kind) {
    case 'uint':
    case 'int':
      return n.value.toString()
    case 'bool':
      return String(n.value)
    case 'address':
    case 'bytes':
      return bytesToHex(n.value)
    case 'string':
      return n.value
    default:
      throw new FieldMiss('a map key must be a single value')
  }
}

function constList(f: FieldSpec, name: string): unknown[] | null {
  const p = f.params[name]
  if (p?.kind !== 'const') return null
  return Array.isArray(p.value) ? p.value : [p.value]
}

export function raw(n: Node): string {
  switch (n.kind) {
    case 'uint':
    case 'int':
      return n.value.toString()
    case 'bool':
      return String(n.value)
    case 'address':
      return toChecksum(n.value)
    case 'bytes':
      return bytesToHex(n.value)
    case 'string':
      return n.value
    case 'array':
      return `[${n.items.map(raw).join(', ')}]`
    case 'struct':
      return `(${n.items.map(raw).join(', ')})`
  }
}

/** Equality of a data value and a constant of a `visible` rule. */
export function equalsConst(n: Node, v: unknown): boolean {
  switch (n.kind) {
    case 'uint':
    case 'int':
      try {
        return constBigint(v) === n.value
      } catch {
        return false
      }
    case 'bool':
      return v === n.value || v === String(n.value)
    case 'address':
    case 'bytes':
      return typeof v === 'string' && v.toLowerCase() === bytesToHex(n.value)
    case 'string':
      return v === n.value
    default:
      return false
  }
}

export type Out = { value: string; nested: Rendered | null; notes: string[]; address?: Uint8Array; call?: NonNullable<RenderedField['call']> }

/** Format one value with its field's format. */
export function formatValue(x: FormatCtx, f: FieldSpec, n: Node, base: Path | null, i: number, count: number): Out {
  const notes: string[] = []
  const P = (name: string) => param(x, f, name, base, i, count)
  const chainOf = (): bigint => {
    const c = P('chainId')
    return c === undefined ? x.c.chainId : asBigint(c)
  }
  switch (f.format) {
    case 'raw':
      return { value: raw(n), nested: null, notes }
    case 'addressName':
    case 'interoperableAddressName': {
      if (f.format === 'interoperableAddressName') {
        notes.push('ERC-7930 interoperable address shown as raw bytes (not decoded)')
        return { value: raw(n), nested: null, notes }
      }
      const a = asAddress(n)
      const senders = constList(f, 'senderAddress')
      // The spec (addressName, senderAddress): such an address stands for the sender, @.from; the
      // registry tests and the spec's example show it as "Sender".
      if (senders?.some((s) => typeof s === 'string' && s.toLowerCase() === bytesToHex(a))) return { value: 'Sender', nested: null, notes, address: a }
      const types = constList(f, 'types') as string[] | null
      const sources = constList(f, 'sources') as string[] | null
      return { value: x.p.name(x.c.chainId, a, types, sources) ?? toChecksum(a), nested: null, notes, address: a }
    }
    case 'amount': {
      const v = asBigint(n)
      const cur = x.p.nativeCurrency(x.c.chainId)
      const t = constOf(f, 'threshold')
      if (t !== undefined && v >= constBigint(t)) return { value: `${(constOf(f, 'message') as string | undefined) ?? 'Unlimited'} ${cur.symbol}`, nested: null, notes }
      return { value: `${formatUnits(v, cur.decimals)} ${cur.symbol}`, nested: null, notes }
    }
    case 'tokenAmount': {
      const v = asBigint(n)
      const tokenNode = P('token')
      let info: { symbol: string; decimals: number } | null = null
      let what = 'no token given'
      if (tokenNode !== undefined) {
        const token = asAddress(tokenNode)
        const natives = constList(f, 'nativeCurrencyAddress')
        const chainId = chainOf()
        what = toChecksum(token)
        if (natives?.some((s) => typeof s === 'string' && s.toLowerCase() === bytesToHex(token))) info = x.p.nativeCurrency(chainId)
        else info = x.p.token(chainId, token) ?? (x.d.token && equalBytes(token, x.c.to) && chainId === x.c.chainId ? { symbol: x.d.token.ticker, decimals: x.d.token.decimals } : null)
      }
      if (info === null) {
        notes.push(`unknown token (${what}): the raw amount is shown`)
        return { value: v.toString(), nested: null, notes }
      }
      const t = constOf(f, 'threshold')
      if (t !== undefined && v >= constBigint(t)) return { value: `${(constOf(f, 'message') as string | undefined) ?? 'Unlimited'} ${info.symbol}`, nested: null, notes }
      return { value: `${formatUnits(v, info.decimals)} ${info.symbol}`, nested: null, notes }
    }
    case 'nftName': {
      const id = asBigint(n)
      const coll = asAddress(P('collection')!)
      const name = x.p.collection(x.c.chainId, coll)
      if (name === null) {
        notes.push(`unknown collection (${toChecksum(coll)}): the token id is shown`)
        return { value: id.toString(), nested: null, notes }
      }
      return { value: `${name} #${id}`, nested: null, notes }
    }
    case 'date': {
      let v = asBigint(n)
      if (constOf(f, 'encoding') === 'blockheight') {
        const t = x.p.blockTimestamp(x.c.chainId, v)
        if (t === null) {
          notes.push(`block height ${v}: its date is not known offline`)
          return { value: v.toString(), nested: null, notes }
        }
        v = t
      }
      const d = formatDate(v)
      if (d === null) {
        notes.push(`${v} is not a date between 1970 and 9999`)
        return { value: v.toString(), nested: null, notes }
      }
      return { value: d, nested: null, notes }
    }
    case 'duration': {
      const v = asBigint(n)
      if (v < 0n) throw new FieldMiss('a negative duration')
      return { value: formatDuration(v), nested: null, notes }
    }
    case 'unit':
      return { value: formatUnit(asBigint(n), (constOf(f, 'decimals') as number | undefined) ?? 0, constOf(f, 'base') as string, (constOf(f, 'prefix') as boolean | undefined) ?? false), nested: null, notes }
    case 'enum': {
      const e = constOf(f, '$ref') as Record<string, string>
      // Enumeration keys are JSON strings: a number's decimal form; a bool also as the registry writes
      // it ("True"/"False", ercs/calldata-erc721-nfts and others), or 1/0.
      const keys = n.kind === 'bool' ? [String(n.value), n.value ? 'True' : 'False', n.value ? '1' : '0'] : [asBigint(n).toString()]
      const hit = keys.find((k) => Object.hasOwn(e, k))
      if (hit === undefined) {
        notes.push(`${keys[0]} is not a value of the enumeration`)
        return { value: keys[0]!, nested: null, notes }
      }
      return { value: e[hit]!, nested: null, notes }
    }
    case 'chainId': {
      const v = asBigint(n)
      const name = x.p.chainName?.(v) ?? null
      if (name === null) notes.push(`chain ${v}: no name known`)
      return { value: name ?? v.toString(), nested: null, notes }
    }
    case 'tokenTicker': {
      const a = asAddress(n)
      const info = x.p.token(chainOf(), a)
      if (info === null) {
        notes.push(`unknown token (${toChecksum(a)}): the address is shown`)
        return { value: toChecksum(a), nested: null, notes }
      }
      return { value: info.symbol, nested: null, notes }
    }
    case 'calldata':
      return embedded(x, f, n, P)
  }
}

const constOf = (f: FieldSpec, name: string): unknown => {
  const p = f.params[name]
  return p?.kind === 'const' ? p.value : undefined
}

/** The calldata format: render the embedded call with the descriptor of its callee. */
function embedded(x: FormatCtx, f: FieldSpec, n: Node, P: (name: string) => Node | undefined): Out {
  if (n.kind !== 'bytes') throw new FieldMiss(`calldata is bytes, not a ${n.kind}`)
  const notes: string[] = []
  const callee = asAddress(P('callee')!)
  const sel = P('selector')
  const selector = sel === undefined ? null : sel.kind === 'string' ? hexToBytes(sel.value, 'selector') : sel.kind === 'bytes' ? sel.value.slice(0, 4) : null
  const data = selector === null ? n.value : concatBytes(selector, n.value)
  const amount = P('amount')
  const spender = P('spender')
  const chain = P('chainId')
  const inner: Container = {
    chainId: chain === undefined ? x.c.chainId : asBigint(chain),
    // The embedded call is made by the outer contract unless the descriptor names a spender.
    from: spender === undefined ? x.c.to : asAddress(spender),
    to: callee,
    value: amount === undefined ? 0n : asBigint(amount),
  }
  const hex = bytesToHex(n.value)
  const call = { to: callee, from: inner.from, value: inner.value, data }
  if (x.depth <= 0) {
    notes.push(`embedded call to ${toChecksum(callee)} not followed: calls nest deeper than the limit`)
    return { value: hex, nested: null, notes, call }
  }
  const r = data.length >= 4 ? x.embed(inner, data) : null
  if (r === null) {
    notes.push(
      data.length === 0
        ? `no embedded call data (a plain call to ${toChecksum(callee)})`
        : `no descriptor for the embedded call to ${toChecksum(callee)} (selector ${bytesToHex(data.slice(0, 4))}): raw calldata shown, keccak256 ${bytesToHex(keccak_256(data))}`,
    )
    return { value: hex, nested: null, notes, call }
  }
  // What the embedded review could not show exactly is not exact here either.
  for (const m of r.notes) notes.push(`embedded call: ${m}`)
  return { value: r.interpolatedIntent ?? r.intent, nested: r, notes, call }
}

