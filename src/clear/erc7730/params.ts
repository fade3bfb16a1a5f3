/**
 * ERC-7730 field parameters and visibility rules: which params each format
 * takes (a constant, a `…Path`, a map reference), their checks, and the
 * `$.` references and constants they resolve through. Used by descriptor.ts.
 * @module
 */
import { hexToBytes } from '../../bytes.js'
import { fail, isObject, q } from './merge.js'
import { parsePath, type Path } from './path.js'
import type { FormatName, Param, Visible } from './descriptor.js'

/** Walk a `$.` path in the merged descriptor. */
function lookup(merged: Record<string, unknown>, p: Path): unknown {
  let v: unknown = merged
  for (const s of p.steps) {
    if (s.kind !== 'name' || !isObject(v) || !Object.hasOwn(v, s.name)) return undefined
    v = v[s.name]
  }
  return v
}

export type Ctx = { readonly file: string; readonly merged: Record<string, unknown>; readonly kind: 'contract' | 'eip712' }

/** A `$.` reference as a value of the merged descriptor. */
export function deref(c: Ctx, text: string, where: string): unknown {
  const p = parsePath(text, where)
  const v = lookup(c.merged, p)
  if (v === undefined) fail('DESCRIPTOR_REF', where, `${JSON.stringify(text)} does not resolve in the descriptor (after includes)`)
  return v
}

/** A constant of a descriptor: a literal, or a `$.` reference to one. */
export function constant(c: Ctx, v: unknown, where: string): unknown {
  if (typeof v === 'string' && v.startsWith('$.')) return deref(c, v, where)
  if (Array.isArray(v)) return v.map((x, i) => constant(c, x, `${where}[${i}]`))
  return v
}

export function addressConst(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) fail('DESCRIPTOR_FIELD', where, `${JSON.stringify(v)} is not an address (0x and 40 hex digits)`)
  return hexToBytes(v, where)
}

/** Which params each format takes: `name` (constant or `namePath`), `name!` (constant only). */
const PARAMS: Readonly<Record<FormatName, readonly string[]>> = {
  raw: [],
  addressName: ['types!', 'sources!', 'senderAddress!'],
  amount: ['threshold!', 'message!'],
  tokenAmount: ['token', 'nativeCurrencyAddress!', 'threshold!', 'message!', 'chainId'],
  nftName: ['collection'],
  date: ['encoding!'],
  duration: [],
  unit: ['base!', 'decimals!', 'prefix!'],
  enum: ['$ref!'],
  chainId: [],
  tokenTicker: ['chainId'],
  calldata: ['callee', 'selector', 'amount', 'spender', 'chainId'],
  interoperableAddressName: ['types!', 'sources!', 'senderAddress!'],
}

export function parseParams(c: Ctx, format: FormatName, raw: unknown, where: string): Record<string, Param> {
  if (raw === undefined) raw = {}
  if (!isObject(raw)) fail('DESCRIPTOR_FIELD', where, 'params must be an object')
  const allowed = PARAMS[format]
  const out: Record<string, Param> = {}
  for (const [k, v] of Object.entries(raw)) {
    const w = `${where}${q(k)}`
    const isPath = k.endsWith('Path')
    const name = isPath ? k.slice(0, -4) : k
    const spec = allowed.find((a) => a.replace('!', '') === name)
    if (spec === undefined || (isPath && spec.endsWith('!'))) fail('DESCRIPTOR_FIELD', w, `"${k}" is not a parameter of the ${format} format (it takes ${allowed.map((a) => (a.endsWith('!') ? a.slice(0, -1) : `${a}/${a}Path`)).join(', ') || 'none'})`)
    if (name in out) fail('DESCRIPTOR_FIELD', w, `"${name}" and "${name}Path" are both given: at most one of them`)
    if (isPath) {
      if (typeof v !== 'string') fail('DESCRIPTOR_FIELD', w, 'a path parameter is a string')
      out[name] = { kind: 'path', path: parsePath(v, w) }
    } else if (isObject(v) && 'map' in v) {
      out[name] = mapRef(c, v, w)
    } else if (k === '$ref') {
      out[name] = { kind: 'const', value: v }
    } else {
      out[name] = { kind: 'const', value: constant(c, v, w) }
    }
  }
  checkParams(c, format, out, where)
  return out
}

function mapRef(c: Ctx, v: Record<string, unknown>, where: string): Param {
  for (const k of Object.keys(v)) if (k !== 'map' && k !== 'keyPath') fail('DESCRIPTOR_JSON', `${where}${q(k)}`, 'a map reference has "map" and "keyPath" only')
  if (typeof v.map !== 'string' || !/^\$\.metadata\.maps\.[A-Za-z0-9_]+$/.test(v.map)) fail('DESCRIPTOR_REF', `${where}.map`, 'must be "$.metadata.maps.<name>"')
  if (typeof v.keyPath !== 'string') fail('DESCRIPTOR_REF', `${where}.keyPath`, 'must be a path')
  const m = deref(c, v.map, `${where}.map`)
  if (!isObject(m) || !isObject(m.values)) fail('DESCRIPTOR_REF', `${where}.map`, `${v.map} is not a map ({"$keyType", "values"})`)
  for (const [mk, mv] of Object.entries(m.values)) {
    if (mv !== null && !['string', 'number', 'boolean'].includes(typeof mv)) fail('DESCRIPTOR_JSON', `${c.file}: ${v.map.slice(2)}.values${q(mk)}`, 'a map value is a string, number, boolean or null')
  }
  return { kind: 'map', map: v.map, values: m.values, keyPath: parsePath(v.keyPath, `${where}.keyPath`) }
}

const constOf = (p: Param | undefined): unknown => (p?.kind === 'const' ? p.value : undefined)

function checkParams(c: Ctx, format: FormatName, ps: Record<string, Param>, where: string): void {
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string')
  const addresses = (name: string) => {
    const v = constOf(ps[name])
    if (v === undefined) return
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null
    if (list === null) fail('DESCRIPTOR_FIELD', `${where}.${name}`, 'must be an address or a list of addresses')
    list.forEach((x, i) => addressConst(x, `${where}.${name}[${i}]`))
  }
  const intLike = (name: string) => {
    const v = constOf(ps[name])
    if (v === undefined) return
    if (!((typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)))) fail('DESCRIPTOR_FIELD', `${where}.${name}`, `${JSON.stringify(v)} is not a non-negative integer (a number, or a decimal or 0x string)`)
  }
  switch (format) {
    case 'addressName':
    case 'interoperableAddressName':
      for (const k of ['types', 'sources']) if (ps[k] && !strings(constOf(ps[k]))) fail('DESCRIPTOR_FIELD', `${where}.${k}`, 'must be a list of strings')
      addresses('senderAddress')
      break
    case 'amount':
    case 'tokenAmount':
      intLike('threshold')
      if (ps.message && typeof constOf(ps.message) !== 'string') fail('DESCRIPTOR_FIELD', `${where}.message`, 'must be a string')
      if (ps.token?.kind === 'const') addressConst(ps.token.value, `${where}.token`)
      addresses('nativeCurrencyAddress')
      intLike('chainId')
      break
    case 'tokenTicker':
      intLike('chainId')
      break
    case 'nftName':
      if (!ps.collection) fail('DESCRIPTOR_FIELD', where, 'nftName needs "collection" or "collectionPath"')
      if (ps.collection.kind === 'const') addressConst(ps.collection.value, `${where}.collection`)
      break
    case 'date': {
      const e = constOf(ps.encoding)
      if (e !== 'timestamp' && e !== 'blockheight') fail('DESCRIPTOR_FIELD', `${where}.encoding`, `date needs "encoding": "timestamp" or "blockheight" (got ${JSON.stringify(e)})`)
      break
    }
    case 'unit': {
      if (typeof constOf(ps.base) !== 'string') fail('DESCRIPTOR_FIELD', `${where}.base`, 'unit needs "base", a string')
      const d = constOf(ps.decimals)
      if (d !== undefined && !(typeof d === 'number' && Number.isSafeInteger(d) && d >= 0 && d <= 255)) fail('DESCRIPTOR_FIELD', `${where}.decimals`, 'must be an integer 0 … 255')
      const p = constOf(ps.prefix)
      if (p !== undefined && typeof p !== 'boolean') fail('DESCRIPTOR_FIELD', `${where}.prefix`, 'must be true or false')
      break
    }
    case 'enum': {
      const r = constOf(ps.$ref)
      if (typeof r !== 'string' || !/^\$\.metadata\.enums\.[A-Za-z0-9_]+$/.test(r)) fail('DESCRIPTOR_FIELD', `${where}.$ref`, 'enum needs "$ref": "$.metadata.enums.<name>"')
      const e = deref(c, r, `${where}.$ref`)
      if (!isObject(e) || !Object.values(e).every((x) => typeof x === 'string')) fail('DESCRIPTOR_REF', `${where}.$ref`, `${r} is not an enumeration (value → label strings)`)
      ps.$ref = { kind: 'const', value: e }
      break
    }
    case 'calldata':
      if (!ps.callee) fail('DESCRIPTOR_FIELD', where, 'calldata needs "callee" or "calleePath"')
      if (ps.callee.kind === 'const') addressConst(ps.callee.value, `${where}.callee`)
      if (ps.spender?.kind === 'const') addressConst(ps.spender.value, `${where}.spender`)
      if (ps.selector?.kind === 'const') {
        const s = ps.selector.value
        if (typeof s !== 'string' || !/^0x[0-9a-fA-F]{8}$/.test(s)) fail('DESCRIPTOR_FIELD', `${where}.selector`, 'must be a 4-byte 0x hex string')
      }
      intLike('amount')
      intLike('chainId')
      break
    default:
      break
  }
}

export function parseVisible(v: unknown, where: string): Visible {
  if (v === undefined || v === 'always') return { kind: 'always' }
  if (v === 'never') return { kind: 'never' }
  if (v === 'optional') return { kind: 'optional' }
  if (isObject(v) && Object.keys(v).length === 1) {
    if (Array.isArray(v.ifNotIn)) return { kind: 'ifNotIn', values: v.ifNotIn }
    if (Array.isArray(v.mustMatch)) return { kind: 'mustMatch', values: v.mustMatch }
  }
  fail('DESCRIPTOR_FIELD', where, `visible must be "always", "never", "optional", {"ifNotIn": […]} or {"mustMatch": […]} (got ${JSON.stringify(v)})`)
}
