/**
 * ERC-7730 matching and rendering: calldata and EIP-712 documents → labelled,
 * formatted fields, as data (the CLI turns it into text).
 *
 * API (all pure: no fs, no process, no console; every outside fact comes through `Providers`):
 * - `renderCalldata(set, container, data, providers, opts)` → `{ fn, decoded, lenient, rendered }` or null
 * - `renderTypedData(set, doc, providers, opts)` → `Rendered` or null
 *
 * Matching. Calldata: the container's chainId and `to` must be a deployment of
 * the descriptor and the selector one of its format keys; the generic,
 * unbound tier (`ercs/*`) is tried last and only with `opts.generic`. EIP-712:
 * the domain must carry chainId and verifyingContract, they must be a
 * deployment, the document's `encodeType` must be the format key, and the
 * descriptor's `domain` values and `domainSeparator` must hold. No match: null.
 *
 * Decoding. Strict first. When strict decoding fails for reasons that are not
 * fatal (trailing bytes, dirty padding, …) the lenient decoding is rendered,
 * `lenient` is true and a note names the reasons; the caller must flag it.
 * Fatal reasons (out-of-range offsets or lengths, short data): no render.
 *
 * Values render as the registry tests expect: exact decimals with every
 * significant digit and no thousands separators, EIP-55 addresses, dates in
 * UTC as `YYYY-MM-DD HH:MM:SSZ`, never the locale. What cannot be shown
 * exactly is said in `notes` (per field, and all of them on the Rendered):
 * an unknown token shows the raw integer and the note "unknown token …",
 * never a guessed symbol; a block-height date without a provider shows the
 * height; a failed `interpolatedIntent` is null with a note (no partial text);
 * a `mustMatch` mismatch shows the field, with a note.
 *
 * Descriptor strings (labels, intents, enum labels, messages) are untrusted
 * input copied into the result as they are: escaping them for a terminal is
 * the caller's job.
 * @see https://eips.ethereum.org/EIPS/eip-7730
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { decode, FATAL, type Decoded } from '../../abi/decode.js'
import type { AbiFunction } from '../../abi/types.js'
import { toChecksum } from '../../address.js'
import { bigintToFixed, bytesToBigint, bytesToHex, concatBytes, equalBytes, hexToBytes, utf8ToBytes } from '../../bytes.js'
import { encodeType, hashTypedData, type TypedData } from '../../typed-data.js'
import type { CalldataFormat, Descriptor, FieldSpec, FormatSpec, Item, Param, TypedFormat } from './descriptor.js'
import { fromAbi, fromTyped, PathMiss, select, type Node } from './node.js'
import { joinPath, parsePath, pathText, type Path } from './path.js'
import { indexKey, type DescriptorSet, type Match } from './set.js'
import { formatDate, formatDuration, formatUnit, formatUnits } from './text.js'

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

/** Default depth of embedded calldata. */
export const MAX_DEPTH = 4

/** The data has no value for this field: the field is left out with a note. */
class FieldMiss extends Error {
  override readonly name = 'FieldMiss'
}
/** A map reference has no value for the key: the descriptor is not valid for this transaction (spec, metadata.maps). */
class NotForThis extends Error {
  override readonly name = 'NotForThis'
}

/** A rendered field spec, kept for interpolation. */
type Shown = { readonly always: boolean; readonly values: string[] }

type Ctx = {
  readonly set: DescriptorSet
  readonly d: Descriptor
  readonly c: Container
  readonly data: Node
  readonly p: Providers
  readonly depth: number
  readonly generic: boolean
  readonly notes: string[]
  /** spec path text and concrete path text → what was shown */
  readonly shown: Map<string, Shown>
}

type Val = { readonly node: Node; readonly path: Path | null }

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

function constNode(v: unknown): Node {
  if (typeof v === 'string') return { kind: 'string', value: v }
  if (typeof v === 'boolean') return { kind: 'bool', value: v }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v < 0 ? { kind: 'int', value: BigInt(v) } : { kind: 'uint', value: BigInt(v) }
  throw new FieldMiss(`the constant ${JSON.stringify(v)} is not a string, integer or boolean`)
}

/** Every value a path selects, with its concrete path. */
function evaluate(x: Ctx, p: Path): Val[] {
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
function param(x: Ctx, f: FieldSpec, name: string, base: Path | null, i: number, n: number): Node | undefined {
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

function raw(n: Node): string {
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
function equalsConst(n: Node, v: unknown): boolean {
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

type Out = { value: string; nested: Rendered | null; notes: string[] }

/** Format one value with its field's format. */
function formatValue(x: Ctx, f: FieldSpec, n: Node, base: Path | null, i: number, count: number): Out {
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
      if (senders?.some((s) => typeof s === 'string' && s.toLowerCase() === bytesToHex(a))) return { value: 'Sender', nested: null, notes }
      const types = constList(f, 'types') as string[] | null
      const sources = constList(f, 'sources') as string[] | null
      return { value: x.p.name(x.c.chainId, a, types, sources) ?? toChecksum(a), nested: null, notes }
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
function embedded(x: Ctx, f: FieldSpec, n: Node, P: (name: string) => Node | undefined): Out {
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
  if (x.depth <= 0) {
    notes.push(`embedded call to ${toChecksum(callee)} not followed: calls nest deeper than the limit`)
    return { value: hex, nested: null, notes }
  }
  const r = data.length >= 4 ? renderCalldata(x.set, inner, data, x.p, { depth: x.depth - 1, generic: x.generic }) : null
  if (r === null) {
    notes.push(
      data.length === 0
        ? `no embedded call data (a plain call to ${toChecksum(callee)})`
        : `no descriptor for the embedded call to ${toChecksum(callee)} (selector ${bytesToHex(data.slice(0, 4))}): raw calldata shown, keccak256 ${bytesToHex(keccak_256(data))}`,
    )
    return { value: hex, nested: null, notes }
  }
  return { value: r.rendered.interpolatedIntent ?? r.rendered.intent, nested: r.rendered, notes }
}

/** Render a list of items below a (concrete) base path; `specBase` is the same base as written (with `[]`). */
function renderItems(x: Ctx, items: readonly Item[], base: Path | null, specBase: Path | null, out: RenderedField[]): void {
  for (const item of items) {
    if (item.kind === 'field') {
      renderField(x, item, base, specBase, out)
      continue
    }
    renderGroup(x, item, base, specBase, out)
  }
}

function renderGroup(x: Ctx, g: Item & { kind: 'group' }, base: Path | null, specBase: Path | null, out: RenderedField[]): void {
  let bases: (Path | null)[] = [base]
  let gSpec = specBase
  if (g.path !== null) {
    gSpec = joinPath(specBase, g.path)
    try {
      bases = evaluate(x, joinPath(base, g.path)).map((v) => v.path)
    } catch (e) {
      if (!(e instanceof FieldMiss)) throw e
      note(x, g.label ?? pathText(gSpec), e.message)
      return
    }
  }
  if (g.label !== null) out.push({ label: g.label, path: g.path === null ? '' : pathText(gSpec!), format: 'group', value: '', nested: null, notes: [] })
  // One chunk per (child, element): sequential shows each child's chunks in turn, bundled interleaves them.
  const chunks: RenderedField[][][] = g.fields.map((child) =>
    bases.flatMap((b) => {
      const list: RenderedField[] = []
      renderItems(x, [child], b, gSpec, list)
      return child.kind === 'field' && list.length > 1 && g.iteration === 'bundled' ? list.map((r) => [r]) : [list]
    }),
  )
  if (g.iteration === 'sequential' || (g.iteration === null && bases.length <= 1)) {
    for (const c of chunks) for (const ch of c) out.push(...ch)
    return
  }
  const n = Math.max(...chunks.map((c) => c.length))
  if (g.iteration === 'bundled' && chunks.some((c) => c.length !== n)) {
    note(x, g.label ?? 'field group', `bundled arrays differ in length (${chunks.map((c) => c.length).join(', ')}): shown one after the other`)
    for (const c of chunks) for (const ch of c) out.push(...ch)
    return
  }
  for (let i = 0; i < n; i++) for (const c of chunks) out.push(...(c[i] ?? []))
}

function note(x: Ctx, label: string, message: string): void {
  x.notes.push(`${label}: ${message}`)
}

function record(x: Ctx, key: string, always: boolean, value: string | null): void {
  const s = x.shown.get(key) ?? { always, values: [] }
  if (value !== null) s.values.push(value)
  x.shown.set(key, { always: s.always && always, values: s.values })
}

function renderField(x: Ctx, f: FieldSpec, base: Path | null, specBase: Path | null, out: RenderedField[]): void {
  const specPath = f.path === null ? null : joinPath(specBase, f.path)
  const label = f.label ?? (specPath ? pathText(specPath) : '')
  const always = f.visible.kind === 'always'
  const specKey = specPath ? pathText(specPath) : null
  if (f.visible.kind === 'never') {
    if (specKey) record(x, specKey, false, null)
    return
  }
  let vals: Val[]
  try {
    vals = f.path === null ? [{ node: constNode(f.value), path: null }] : evaluate(x, joinPath(base, f.path))
  } catch (e) {
    if (!(e instanceof FieldMiss)) throw e
    note(x, label, `not shown: ${e.message}`)
    if (specKey) record(x, specKey, false, null)
    return
  }
  const fields: RenderedField[] = []
  vals.forEach((v, i) => {
    const path = v.path ? pathText(v.path) : ''
    const notes: string[] = []
    const vis = f.visible
    if (vis.kind === 'ifNotIn' && vis.values.some((c) => equalsConst(v.node, c))) return
    if (vis.kind === 'mustMatch') {
      if (vis.values.some((c) => equalsConst(v.node, c))) return
      notes.push(`must be one of ${vis.values.map((c) => JSON.stringify(c)).join(', ')}, and is not`)
    }
    let o: Out
    try {
      if (f.encryption !== null) {
        o = { value: f.encryption.fallbackLabel ?? '[encrypted]', nested: null, notes: [`encrypted (${f.encryption.scheme}): not decrypted offline; the stored value is ${raw(v.node)}`] }
      } else o = formatValue(x, f, v.node, base, i, vals.length)
    } catch (e) {
      if (!(e instanceof FieldMiss)) throw e
      notes.push(`${e.message}: the raw value is shown`)
      o = { value: raw(v.node), nested: null, notes: [] }
    }
    notes.push(...o.notes)
    for (const m of notes) note(x, label, m)
    fields.push({ label, path, format: f.format, value: o.value, nested: o.nested, notes })
    if (path) record(x, path, always, o.value)
  })
  if (f.separator !== null && fields.length > 0) {
    const value = fields.map((r, i) => f.separator!.replaceAll('{index}', String(i)) + r.value).join('')
    const joined = { label, path: specKey ?? '', format: f.format, value, nested: null, notes: fields.flatMap((r) => r.notes) }
    out.push(joined)
    if (specKey) record(x, specKey, always, value)
    return
  }
  out.push(...fields)
  if (specKey && specKey !== fields[0]?.path) {
    if (fields.length === 1) record(x, specKey, always, fields[0]!.value)
    else record(x, specKey, false, null) // an array: no single value to interpolate
  }
}

/** `{path}` placeholders, `{{`/`}}` literal braces; any failure → null and the reason. */
function interpolate(x: Ctx, template: string): { text: string | null; why: string | null } {
  let out = ''
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!
    if (ch === '{' && template[i + 1] === '{') {
      out += '{'
      i++
    } else if (ch === '}' && template[i + 1] === '}') {
      out += '}'
      i++
    } else if (ch === '}') {
      return { text: null, why: `an unmatched "}" at ${i + 1}` }
    } else if (ch === '{') {
      const end = template.indexOf('}', i)
      if (end < 0) return { text: null, why: `an unclosed "{" at ${i + 1}` }
      const inner = template.slice(i + 1, end)
      let p: Path
      try {
        p = joinPath(null, parsePath(inner, 'interpolatedIntent'))
      } catch {
        return { text: null, why: `{${inner}} is not a path` }
      }
      const key = pathText(p)
      if (p.root === 'descriptor') {
        try {
          const v = evaluate(x, p)[0]!.node
          out += raw(v)
        } catch {
          return { text: null, why: `{${inner}} is not in the descriptor` }
        }
      } else {
        const s = x.shown.get(key)
        if (s === undefined) return { text: null, why: `{${inner}} names no field of the format` }
        if (!s.always) return { text: null, why: `{${inner}} is not an always-visible field with a single value` }
        if (s.values.length !== 1) return { text: null, why: `{${inner}} has ${s.values.length} values` }
        out += s.values[0]
      }
      i = end
    } else out += ch
  }
  return { text: out, why: null }
}

function intentText(f: FormatSpec, fallback: string, x: Ctx): string {
  if (f.intent === null) {
    x.notes.push(`the descriptor gives no intent: "${fallback}" shown`)
    return fallback
  }
  if (typeof f.intent === 'string') return f.intent
  return Object.entries(f.intent)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')
}

function renderFormat(x: Ctx, f: FormatSpec, fallbackIntent: string): Rendered {
  const fields: RenderedField[] = []
  renderItems(x, f.fields, null, null, fields)
  const intent = intentText(f, fallbackIntent, x)
  let interpolatedIntent: string | null = null
  if (f.interpolatedIntent !== null) {
    const r = interpolate(x, f.interpolatedIntent)
    interpolatedIntent = r.text
    if (r.why !== null) x.notes.push(`interpolatedIntent not shown (${r.why}): the intent is shown instead`)
  }
  return { intent, interpolatedIntent, owner: x.d.owner, contractName: x.d.contractName, descriptor: x.d.file, fields, notes: x.notes }
}

function pick<F>(bound: readonly Match<F>[] | undefined, generic: readonly Match<F>[] | undefined, opts: RenderOptions): { m: Match<F>; others: readonly Match<F>[]; tier: 'bound' | 'generic' } | null {
  if (bound && bound.length > 0) return { m: bound[0]!, others: bound.slice(1), tier: 'bound' }
  if (opts.generic && generic && generic.length > 0) return { m: generic[0]!, others: generic.slice(1), tier: 'generic' }
  return null
}

/**
 * Render calldata sent to `c.to` with the descriptor that binds it.
 * @param set - the descriptors
 * @param c - the transaction: chainId, from (null when unknown), to, value
 * @param data - the calldata (selector and arguments)
 * @param p - providers of tokens, names, …
 * @param opts - `depth` of embedded calls (default 4), `generic` to try unbound descriptors last
 * @returns the function, its decoding, whether that was lenient, and the rendered review; null when no descriptor matches or the data does not decode
 * @example renderCalldata(set, { chainId: 1n, from: null, to: WETH, value: 10n ** 18n }, data, providers)?.rendered.intent // 'Wrap'
 */
export function renderCalldata(
  set: DescriptorSet,
  c: Container,
  data: Uint8Array,
  p: Providers,
  opts: RenderOptions = {},
): { fn: AbiFunction; decoded: Decoded; lenient: boolean; rendered: Rendered } | null {
  if (data.length < 4) return null
  const selector = data.subarray(0, 4)
  const hit = pick(set.calldata.get(indexKey(c.chainId, c.to, selector)), set.genericCalldata.get(bytesToHex(selector)), opts)
  if (hit === null) return null
  const { descriptor, format } = hit.m
  const fn = format.fn
  const args = data.subarray(4)
  let decoded = decode(fn.inputs, args)
  const notes: string[] = []
  let lenient = false
  if (decoded.values === null || decoded.issues.length > 0) {
    const loose = decode(fn.inputs, args, { lenient: true })
    if (loose.values === null || loose.issues.some((i) => FATAL.has(i.reason))) return null
    decoded = loose
    lenient = true
    const reasons = [...new Set(loose.issues.map((i) => i.reason))]
    notes.push(`the calldata is not the canonical ABI encoding of ${fn.signature} (${reasons.join(', ')}): shown from a lenient decoding`)
  }
  if (hit.tier === 'generic') notes.push(`generic descriptor ${descriptor.file}: not bound to ${toChecksum(c.to)} by the registry`)
  if (hit.others.length > 0) notes.push(`${hit.others.length + 1} descriptors match; shown with ${descriptor.file} (also: ${hit.others.map((o) => o.descriptor.file).join(', ')})`)
  const x: Ctx = { set, d: descriptor, c, data: fromAbi(fn.inputs, decoded.values!), p, depth: opts.depth ?? MAX_DEPTH, generic: opts.generic === true, notes, shown: new Map() }
  try {
    return { fn, decoded, lenient, rendered: renderFormat(x, format, fn.name) }
  } catch (e) {
    if (e instanceof NotForThis) return null
    throw e
  }
}

function domainQuantity(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) return BigInt(v)
  return null
}

/** The descriptor's `domain` values hold in the document's domain. */
function domainHolds(want: Readonly<Record<string, unknown>>, domain: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(want).every(([k, v]) => {
    const got = domain[k]
    if (got === undefined) return false
    if (k === 'chainId') return domainQuantity(v) !== null && domainQuantity(v) === domainQuantity(got)
    if (k === 'verifyingContract' || k === 'salt') return typeof v === 'string' && typeof got === 'string' && v.toLowerCase() === got.toLowerCase()
    return v === got
  })
}

/**
 * Render an EIP-712 document with the descriptor that binds its domain and type.
 * @param set - the descriptors
 * @param doc - a document validated by `parseTypedData`
 * @param p - providers
 * @param opts - `from` (the signer, for `@.from`), `generic`, `depth`
 * @returns the rendered review, or null when no descriptor matches (no chainId or verifyingContract in the domain: no match)
 */
export function renderTypedData(set: DescriptorSet, doc: TypedData, p: Providers, opts: RenderOptions & { readonly from?: Uint8Array | null } = {}): Rendered | null {
  const chainId = domainQuantity(doc.domain.chainId)
  const vc = doc.domain.verifyingContract
  if (chainId === null || typeof vc !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(vc)) return null
  const to = hexToBytes(vc, 'verifyingContract')
  const typeHash = keccak_256(utf8ToBytes(encodeType(doc.primaryType, doc.types)))
  const fits = (list: readonly Match<TypedFormat>[] | undefined) =>
    list?.filter((m) => {
      const ctx = m.descriptor.context
      if (ctx.kind !== 'eip712' || !domainHolds(ctx.domain, doc.domain)) return false
      return ctx.domainSeparator === null || equalBytes(ctx.domainSeparator, hashTypedData(doc).domainSeparator)
    })
  const hit = pick(fits(set.typed.get(indexKey(chainId, to, typeHash))), fits(set.genericTyped.get(bytesToHex(typeHash))), opts)
  if (hit === null) return null
  const { descriptor, format } = hit.m
  const notes: string[] = []
  if (hit.tier === 'generic') notes.push(`generic descriptor ${descriptor.file}: not bound to ${toChecksum(to)} by the registry`)
  if (hit.others.length > 0) notes.push(`${hit.others.length + 1} descriptors match; shown with ${descriptor.file} (also: ${hit.others.map((o) => o.descriptor.file).join(', ')})`)
  const c: Container = { chainId, from: opts.from ?? null, to, value: 0n }
  const x: Ctx = { set, d: descriptor, c, data: fromTyped(doc.primaryType, doc.message, doc.types), p, depth: opts.depth ?? MAX_DEPTH, generic: opts.generic === true, notes, shown: new Map() }
  try {
    return renderFormat(x, format, doc.primaryType)
  } catch (e) {
    if (e instanceof NotForThis) return null
    throw e
  }
}

export type { CalldataFormat }
