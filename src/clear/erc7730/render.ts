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
import { equalBytes, hexToBytes, utf8ToBytes } from '../../bytes.js'
import { encodeType, hashTypedData, type TypedData } from '../../typed-data.js'
import type { Descriptor, FieldSpec, FormatSpec, Item, TypedFormat } from './descriptor.js'
import { constNode, equalsConst, evaluate, FieldMiss, formatValue, NotForThis, raw, type FormatCtx, type Out, type Val } from './format.js'
import { fromAbi, fromTyped, type Node } from './node.js'
import { joinPath, parsePath, pathText, type Path } from './path.js'
import { bindingKey, calldataMatches, typedMatches, type DescriptorSet, type Match } from './set.js'
import type { Container, Providers, Rendered, RenderedField, RenderOptions } from './types.js'

export type { Container, Providers, Rendered, RenderedField, RenderOptions, TokenInfo } from './types.js'

/** Default depth of embedded calldata. */
export const MAX_DEPTH = 4

/** A rendered field spec, kept for interpolation. */
type Shown = { readonly always: boolean; readonly values: string[] }

type Ctx = FormatCtx & {
  readonly set: DescriptorSet
  readonly generic: boolean
  readonly notes: string[]
  /** spec path text and concrete path text → what was shown */
  readonly shown: Map<string, Shown>
}

/** The context of one rendering; embedded calls go through the same set, one level deeper. */
function ctx(set: DescriptorSet, d: Descriptor, c: Container, data: Node, p: Providers, opts: RenderOptions, notes: string[]): Ctx {
  const depth = opts.depth ?? MAX_DEPTH
  const generic = opts.generic === true
  return {
    set,
    d,
    c,
    data,
    p,
    depth,
    generic,
    notes,
    shown: new Map(),
    embed: (inner, calldata) => renderCalldata(set, inner, calldata, p, { depth: depth - 1, generic })?.rendered ?? null,
  }
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
    fields.push({ label, path, format: f.format, value: o.value, nested: o.nested, notes, ...(o.address ? { address: o.address } : {}), ...(o.call ? { call: o.call } : {}) })
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

function pick<F>(bound: readonly Match<F>[], generic: () => readonly Match<F>[], opts: RenderOptions): { m: Match<F>; others: readonly Match<F>[]; tier: 'bound' | 'generic' } | null {
  if (bound.length > 0) return { m: bound[0]!, others: bound.slice(1), tier: 'bound' }
  if (!opts.generic) return null
  const g = generic()
  return g.length > 0 ? { m: g[0]!, others: g.slice(1), tier: 'generic' } : null
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
  const hit = pick(calldataMatches(set, set.contracts.get(bindingKey(c.chainId, c.to)), selector), () => calldataMatches(set, set.generic.calldata, selector), opts)
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
  const x = ctx(set, descriptor, c, fromAbi(fn.inputs, decoded.values!), p, opts, notes)
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
  const fits = (list: readonly Match<TypedFormat>[]) =>
    list.filter((m) => {
      const ctx = m.descriptor.context
      if (ctx.kind !== 'eip712' || !domainHolds(ctx.domain, doc.domain)) return false
      return ctx.domainSeparator === null || equalBytes(ctx.domainSeparator, hashTypedData(doc).domainSeparator)
    })
  const hit = pick(fits(typedMatches(set, set.messages.get(bindingKey(chainId, to)), typeHash)), () => fits(typedMatches(set, set.generic.eip712, typeHash)), opts)
  if (hit === null) return null
  const { descriptor, format } = hit.m
  const notes: string[] = []
  if (hit.tier === 'generic') notes.push(`generic descriptor ${descriptor.file}: not bound to ${toChecksum(to)} by the registry`)
  if (hit.others.length > 0) notes.push(`${hit.others.length + 1} descriptors match; shown with ${descriptor.file} (also: ${hit.others.map((o) => o.descriptor.file).join(', ')})`)
  const c: Container = { chainId, from: opts.from ?? null, to, value: 0n }
  const x = ctx(set, descriptor, c, fromTyped(doc.primaryType, doc.message, doc.types), p, opts, notes)
  try {
    return renderFormat(x, format, doc.primaryType)
  } catch (e) {
    if (e instanceof NotForThis) return null
    throw e
  }
}

