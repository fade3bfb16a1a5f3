/**
 * ERC-7730 descriptors: parse and validate one file of a set (v2), with its
 * includes merged and its references resolved, into a `Descriptor` the
 * renderer can use without looking at JSON again.
 *
 * - Version and includes (merge.ts): `$schema` through a table of the known
 *   URI forms, v1 and MAJORs other than 2 refused, a newer 2.x processed as
 *   2.0.0; includes resolved only inside the set, fields merged by path.
 * - `$ref` to `$.display.definitions.*` (the reference's keys and params win),
 *   `$.` constants in `value` and params, `$.metadata.enums.*` and map
 *   references (`{map, keyPath}`, resolved when rendering) are resolved.
 * - Calldata format keys parse whitespace-tolerantly (the registry writes
 *   `", "`, RESEARCH §1.7 #1); the selector is that of the canonical types. Two
 *   formats with one selector make the descriptor invalid (§1.7 #7).
 * - EIP-712 format keys are `encodeType` strings: the key's own types must
 *   re-encode to the key (whitespace-normalized), and the type hash is
 *   keccak256 of that encoding.
 * - Unknown field formats (`number`, `bytes32`) and unknown keys are refused.
 *
 * Every error is one AirsignError (`DESCRIPTOR_*`) naming the file and the JSON
 * path of the problem. Strings of a descriptor (labels, intents, enum names)
 * are untrusted input: kept as data here, escaped by whoever prints them.
 * @see https://eips.ethereum.org/EIPS/eip-7730
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from '../../errors.js'
import { parseSignature, type AbiFunction } from '../../abi/types.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '../../bytes.js'
import { encodeType, type TypedField } from '../../typed-data.js'
import { fail, isObject, loadMerged, q } from './merge.js'
import { parsePath, pathText, type Path } from './path.js'
import { addressConst, constant, deref, parseParams, parseVisible, type Ctx } from './params.js'

export { IMPLEMENTED_MAJOR, resolveInclude, schemaVersion } from './merge.js'

/** A (chainId, address) a descriptor binds to. */
export type Deployment = { readonly chainId: bigint; readonly address: Uint8Array }

/** When a field is shown. */
export type Visible =
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }
  | { readonly kind: 'optional' }
  | { readonly kind: 'ifNotIn'; readonly values: readonly unknown[] }
  | { readonly kind: 'mustMatch'; readonly values: readonly unknown[] }

/** The field formats of ERC-7730 v2. */
export const FORMATS = [
  'raw',
  'addressName',
  'amount',
  'tokenAmount',
  'nftName',
  'date',
  'duration',
  'unit',
  'enum',
  'chainId',
  'tokenTicker',
  'calldata',
  'interoperableAddressName',
] as const
export type FormatName = (typeof FORMATS)[number]

/** A parameter value: a constant (JSON), a path to evaluate, or a map reference. */
export type Param =
  | { readonly kind: 'const'; readonly value: unknown }
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'map'; readonly map: string; readonly values: Readonly<Record<string, unknown>>; readonly keyPath: Path }

/** A field format specification, references resolved. */
export type FieldSpec = {
  readonly kind: 'field'
  /** file and JSON path, for messages */
  readonly where: string
  /** null when the field shows a constant `value` */
  readonly path: Path | null
  readonly value: unknown
  readonly label: string | null
  readonly format: FormatName
  /** by parameter name without the `Path` suffix: `token` holds `token` or `tokenPath` */
  readonly params: Readonly<Record<string, Param>>
  readonly visible: Visible
  readonly separator: string | null
  readonly encryption: { readonly scheme: string; readonly plaintextType: string | null; readonly fallbackLabel: string | null } | null
}

/** A group of fields (`fields` with an optional path, label and iteration). */
export type GroupSpec = {
  readonly kind: 'group'
  readonly where: string
  readonly path: Path | null
  readonly label: string | null
  readonly iteration: 'sequential' | 'bundled' | null
  readonly fields: readonly Item[]
}
export type Item = FieldSpec | GroupSpec

/** One entry of `display.formats`. */
export type FormatSpec = {
  readonly key: string
  readonly where: string
  /** null when the format gives none (optional in 2.0.0, required from 2.1.0) */
  readonly intent: string | Readonly<Record<string, string>> | null
  readonly interpolatedIntent: string | null
  readonly fields: readonly Item[]
}
export type CalldataFormat = FormatSpec & { readonly fn: AbiFunction }
export type TypedFormat = FormatSpec & {
  readonly primaryType: string
  readonly types: Readonly<Record<string, readonly TypedField[]>>
  /** the canonical encodeType string */
  readonly encodeType: string
  readonly typeHash: Uint8Array
}

/** What a descriptor binds to. */
export type Context =
  | { readonly kind: 'contract'; readonly deployments: readonly Deployment[]; readonly factory: boolean }
  | {
      readonly kind: 'eip712'
      readonly deployments: readonly Deployment[]
      readonly domain: Readonly<Record<string, unknown>>
      readonly domainSeparator: Uint8Array | null
    }

/** A parsed, validated, merged descriptor. */
export type Descriptor = {
  /** the file's path in its set (`registry/uniswap/calldata-UniswapV3Router02.json`) */
  readonly file: string
  /** the schema version `$schema` names (`2.0.0`) */
  readonly version: string
  /** the files merged into it, the descriptor's own first */
  readonly files: readonly string[]
  /** the merged JSON, for `$.` paths */
  readonly merged: Readonly<Record<string, unknown>>
  readonly context: Context
  readonly owner: string | null
  readonly contractName: string | null
  readonly token: { readonly name: string | null; readonly ticker: string; readonly decimals: number } | null
  readonly calldata: readonly CalldataFormat[]
  readonly typed: readonly TypedFormat[]
}

const FIELD_KEYS = ['$id', 'path', 'value', 'label', 'format', 'params', 'visible', 'separator', 'encryption']
const GROUP_KEYS = ['$id', 'path', 'label', 'iteration', 'fields']

function parseItem(c: Ctx, raw: unknown, where: string, depth: number): Item {
  if (!isObject(raw)) fail('DESCRIPTOR_JSON', where, 'a field is an object')
  if (depth > 16) fail('DESCRIPTOR_FIELD', where, 'fields nest deeper than 16')
  if ('fields' in raw) {
    for (const k of Object.keys(raw)) if (!GROUP_KEYS.includes(k)) fail('DESCRIPTOR_JSON', `${where}${q(k)}`, `unknown key in a field group (a group has ${GROUP_KEYS.join(', ')})`)
    if (!Array.isArray(raw.fields)) fail('DESCRIPTOR_JSON', `${where}.fields`, 'must be an array')
    if (raw.label !== undefined && typeof raw.label !== 'string') fail('DESCRIPTOR_JSON', `${where}.label`, 'must be a string')
    if (raw.iteration !== undefined && raw.iteration !== 'sequential' && raw.iteration !== 'bundled') fail('DESCRIPTOR_FIELD', `${where}.iteration`, 'must be "sequential" or "bundled"')
    return {
      kind: 'group',
      where,
      path: raw.path === undefined ? null : parsePath(raw.path as string, `${where}.path`),
      label: (raw.label as string | undefined) ?? null,
      iteration: (raw.iteration as 'sequential' | 'bundled' | undefined) ?? null,
      fields: raw.fields.map((f, i) => parseItem(c, f, `${where}.fields[${i}]`, depth + 1)),
    }
  }
  let spec: Record<string, unknown> = raw
  const seen = new Set<string>()
  while ('$ref' in spec) {
    const ref = spec.$ref
    if (typeof ref !== 'string' || !/^\$\.display\.definitions\.[A-Za-z0-9_]+$/.test(ref)) fail('DESCRIPTOR_REF', `${where}.$ref`, 'a field reference is "$.display.definitions.<name>"')
    if (seen.has(ref)) fail('DESCRIPTOR_REF', `${where}.$ref`, `${ref} refers to itself`)
    seen.add(ref)
    const def = deref(c, ref, `${where}.$ref`)
    if (!isObject(def)) fail('DESCRIPTOR_REF', `${where}.$ref`, `${ref} is not a field definition`)
    const { $ref: _r, ...own } = spec
    // The reference's keys win over the definition's; params merge key by key.
    const params = isObject(def.params) || isObject(own.params) ? { ...(isObject(def.params) ? def.params : {}), ...(isObject(own.params) ? own.params : {}) } : undefined
    spec = { ...def, ...own, ...(params ? { params } : {}) }
  }
  for (const k of Object.keys(spec)) if (!FIELD_KEYS.includes(k)) fail('DESCRIPTOR_JSON', `${where}${q(k)}`, `unknown key in a field (a field has ${FIELD_KEYS.join(', ')})`)
  const format = spec.format ?? 'raw'
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) fail('DESCRIPTOR_FIELD', `${where}.format`, `unknown format ${JSON.stringify(format)} (ERC-7730 v2 has ${FORMATS.join(', ')})`)
  const hasPath = spec.path !== undefined
  const hasValue = spec.value !== undefined
  if (hasPath === hasValue) fail('DESCRIPTOR_FIELD', where, 'a field has exactly one of "path" and "value"')
  if (spec.label !== undefined && typeof spec.label !== 'string') fail('DESCRIPTOR_JSON', `${where}.label`, 'must be a string')
  if (spec.separator !== undefined && typeof spec.separator !== 'string') fail('DESCRIPTOR_JSON', `${where}.separator`, 'must be a string')
  let encryption: FieldSpec['encryption'] = null
  if (spec.encryption !== undefined) {
    const e = spec.encryption
    if (!isObject(e) || typeof e.scheme !== 'string') fail('DESCRIPTOR_FIELD', `${where}.encryption`, 'needs "scheme", a string')
    encryption = { scheme: e.scheme, plaintextType: typeof e.plaintextType === 'string' ? e.plaintextType : null, fallbackLabel: typeof e.fallbackLabel === 'string' ? e.fallbackLabel : null }
  }
  let value: unknown = undefined
  if (hasValue) {
    value = constant(c, spec.value, `${where}.value`)
    if (value === null || !['string', 'number', 'boolean'].includes(typeof value)) fail('DESCRIPTOR_FIELD', `${where}.value`, 'a constant value is a string, number or boolean')
  }
  return {
    kind: 'field',
    where,
    path: hasPath ? parsePath(spec.path as string, `${where}.path`) : null,
    value,
    label: (spec.label as string | undefined) ?? null,
    format: format as FormatName,
    params: parseParams(c, format as FormatName, spec.params, `${where}.params`),
    visible: parseVisible(spec.visible, `${where}.visible`),
    separator: (spec.separator as string | undefined) ?? null,
    encryption,
  }
}

function parseFormatBody(c: Ctx, key: string, raw: unknown, where: string): FormatSpec {
  if (!isObject(raw)) fail('DESCRIPTOR_JSON', where, 'a format is an object')
  for (const k of Object.keys(raw)) if (!['$id', 'intent', 'interpolatedIntent', 'fields'].includes(k)) fail('DESCRIPTOR_JSON', `${where}${q(k)}`, 'unknown key in a format (a format has $id, intent, interpolatedIntent, fields)')
  const intent = raw.intent
  if (!(intent === undefined || typeof intent === 'string' || (isObject(intent) && Object.values(intent).every((v) => typeof v === 'string')))) fail('DESCRIPTOR_JSON', `${where}.intent`, 'intent is a string or a flat object of strings')
  if (raw.interpolatedIntent !== undefined && typeof raw.interpolatedIntent !== 'string') fail('DESCRIPTOR_JSON', `${where}.interpolatedIntent`, 'must be a string')
  if (!Array.isArray(raw.fields)) fail('DESCRIPTOR_JSON', `${where}.fields`, 'must be an array')
  return {
    key,
    where,
    intent: (intent as string | Record<string, string> | undefined) ?? null,
    interpolatedIntent: (raw.interpolatedIntent as string | undefined) ?? null,
    fields: raw.fields.map((f, i) => parseItem(c, f, `${where}.fields[${i}]`, 0)),
  }
}

const TYPED_ATOMIC = /^(bool|address|string|bytes|bytes([1-9]|[12][0-9]|3[0-2])|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256))$/

/** `Primary(t a,u b)Dep(…)…` → the primary type and the types. */
export function parseEncodeType(key: string, where: string): { primaryType: string; types: Record<string, TypedField[]>; encodeType: string } {
  const types: Record<string, TypedField[]> = {}
  const order: string[] = []
  const re = /\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\(([^()]*)\)/y
  let m: RegExpExecArray | null
  let pos = 0
  while (pos < key.length && (m = re.exec(key)) !== null) {
    pos = re.lastIndex
    const name = m[1]!
    if (name in types) fail('DESCRIPTOR_FORMAT_KEY', where, `type ${name} is defined twice`)
    const members = m[2]!.trim() === '' ? [] : m[2]!.split(',')
    types[name] = members.map((s) => {
      const mm = /^\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\[\d*\])*)\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*$/.exec(s)
      if (!mm) fail('DESCRIPTOR_FORMAT_KEY', where, `"${s.trim()}" in ${name}(…) is not "type name"`)
      return { type: mm[1]!, name: mm[2]! }
    })
    order.push(name)
  }
  if (order.length === 0 || key.slice(pos).trim() !== '') fail('DESCRIPTOR_FORMAT_KEY', where, 'is not an EIP-712 encodeType string (Type(type name,…)Dependency(…)…)')
  for (const [name, fields] of Object.entries(types)) {
    for (const f of fields) {
      const base = f.type.replace(/(\[\d*\])+$/, '')
      if (!TYPED_ATOMIC.test(base) && !(base in types)) fail('DESCRIPTOR_FORMAT_KEY', where, `${name}.${f.name} has the type ${base}, which the key does not define`)
    }
  }
  const primaryType = order[0]!
  const canonical = encodeType(primaryType, types)
  const normalized = key.replace(/\s*([,()])\s*/g, '$1').replace(/\s+/g, ' ').trim()
  if (canonical !== normalized) fail('DESCRIPTOR_FORMAT_KEY', where, `is not the encodeType of ${primaryType}: expected ${JSON.stringify(canonical)} (dependencies sorted by name, each once)`)
  return { primaryType, types, encodeType: canonical }
}

function parseDeployments(v: unknown, where: string): Deployment[] {
  if (v === undefined) return []
  if (!Array.isArray(v)) fail('DESCRIPTOR_JSON', where, 'deployments is an array of {chainId, address}')
  const out: Deployment[] = []
  v.forEach((d, i) => {
    const w = `${where}[${i}]`
    if (!isObject(d) || !Number.isSafeInteger(d.chainId) || (d.chainId as number) <= 0) fail('DESCRIPTOR_JSON', `${w}.chainId`, 'must be a positive integer')
    const dep = { chainId: BigInt(d.chainId as number), address: addressConst(d.address, `${w}.address`) }
    // The registry lists some deployments twice (aave/calldata-lpv3 on 59144): one binding each.
    if (!out.some((o) => o.chainId === dep.chainId && bytesToHex(o.address) === bytesToHex(dep.address))) out.push(dep)
  })
  return out
}

/**
 * The binding of a (merged) descriptor.
 * @throws AirsignError DESCRIPTOR_JSON
 */
export function parseContext(json: Record<string, unknown>, file: string): Context {
  const ctx = json.context
  if (!isObject(ctx)) fail('DESCRIPTOR_JSON', `${file}: context`, 'missing: a descriptor binds to a contract or to EIP-712 messages')
  const has = (k: string) => Object.hasOwn(ctx, k)
  for (const k of Object.keys(ctx)) if (!['$id', 'contract', 'eip712'].includes(k)) fail('DESCRIPTOR_JSON', `${file}: context${q(k)}`, 'unknown key (context has $id and contract or eip712)')
  if (has('contract') === has('eip712')) fail('DESCRIPTOR_JSON', `${file}: context`, 'has exactly one of "contract" and "eip712"')
  if (has('contract')) {
    const c = ctx.contract
    if (!isObject(c)) fail('DESCRIPTOR_JSON', `${file}: context.contract`, 'must be an object')
    for (const k of Object.keys(c)) if (!['deployments', 'abi', 'factory', 'addressMatcher'].includes(k)) fail('DESCRIPTOR_JSON', `${file}: context.contract${q(k)}`, 'unknown key')
    return { kind: 'contract', deployments: parseDeployments(c.deployments, `${file}: context.contract.deployments`), factory: c.factory !== undefined }
  }
  const e = ctx.eip712
  if (!isObject(e)) fail('DESCRIPTOR_JSON', `${file}: context.eip712`, 'must be an object')
  for (const k of Object.keys(e)) if (!['deployments', 'domain', 'domainSeparator', 'schemas'].includes(k)) fail('DESCRIPTOR_JSON', `${file}: context.eip712${q(k)}`, 'unknown key')
  if (e.domain !== undefined && !isObject(e.domain)) fail('DESCRIPTOR_JSON', `${file}: context.eip712.domain`, 'must be an object')
  let sep: Uint8Array | null = null
  if (e.domainSeparator !== undefined) {
    if (typeof e.domainSeparator !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(e.domainSeparator)) fail('DESCRIPTOR_JSON', `${file}: context.eip712.domainSeparator`, 'must be 32 bytes of 0x hex')
    sep = hexToBytes(e.domainSeparator.toLowerCase(), 'domainSeparator')
  }
  return { kind: 'eip712', deployments: parseDeployments(e.deployments, `${file}: context.eip712.deployments`), domain: (e.domain as Record<string, unknown> | undefined) ?? {}, domainSeparator: sep }
}

const optString = (v: unknown, where: string): string | null => {
  if (v === undefined) return null
  if (typeof v !== 'string') fail('DESCRIPTOR_JSON', where, 'must be a string')
  return v
}

/**
 * Parse and validate one descriptor of a set, its includes merged.
 * @param files - path → parsed JSON of every file of the set (includes resolve among them)
 * @param file - the descriptor's path in the set
 * @returns the descriptor
 * @throws AirsignError DESCRIPTOR_JSON, DESCRIPTOR_VERSION, DESCRIPTOR_INCLUDE, DESCRIPTOR_REF, DESCRIPTOR_PATH, DESCRIPTOR_FORMAT_KEY, DESCRIPTOR_FIELD, each naming the file and the JSON path
 * @example loadDescriptor(shippedFiles(), 'registry/weth/calldata-weth.json').calldata.map((f) => f.fn.signature) // ['deposit()', 'withdraw(uint256)', …]
 */
export function loadDescriptor(files: ReadonlyMap<string, unknown>, file: string): Descriptor {
  return fromMerged(file, loadMerged(files, file, []))
}

/** Errors found after merging name the descriptor; a hint names the files merged into it. */
function withIncludes<T>(m: { files: readonly string[] }, f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (!(e instanceof AirsignError) || m.files.length < 2) throw e
    throw new AirsignError(e.code, e.message, { hints: [...e.hints, `the JSON path is in the descriptor merged with its includes: ${m.files.slice(1).join(', ')}`], cause: e })
  }
}

/**
 * A file of a set as the renderer would see it, or null for a fragment: a file that
 * has, with its includes merged, no context or no formats (it is only there to be included).
 * @throws AirsignError as loadDescriptor
 */
export function loadOrFragment(files: ReadonlyMap<string, unknown>, file: string): Descriptor | null {
  const m = loadMerged(files, file, [])
  const display = m.json.display
  if (m.json.context === undefined || !isObject(display) || display.formats === undefined) return null
  return fromMerged(file, m)
}

function fromMerged(file: string, m: { json: Record<string, unknown>; files: string[]; version: string }): Descriptor {
  return withIncludes(m, () => parseMerged(file, m))
}

function parseMerged(file: string, m: { json: Record<string, unknown>; files: string[]; version: string }): Descriptor {
  const { json: merged, files: all, version } = m
  const context = parseContext(merged, file)
  const kind = context.kind
  const c: Ctx = { file, merged, kind }
  const meta = merged.metadata ?? {}
  if (!isObject(meta)) fail('DESCRIPTOR_JSON', `${file}: metadata`, 'must be an object')
  const owner = optString(meta.owner, `${file}: metadata.owner`)
  const contractName = optString(meta.contractName, `${file}: metadata.contractName`)
  let token: Descriptor['token'] = null
  if (meta.token !== undefined) {
    const t = meta.token
    if (!isObject(t) || typeof t.ticker !== 'string' || !Number.isSafeInteger(t.decimals) || (t.decimals as number) < 0 || (t.decimals as number) > 255) fail('DESCRIPTOR_JSON', `${file}: metadata.token`, 'needs "ticker" (string) and "decimals" (0 … 255)')
    token = { name: typeof t.name === 'string' ? t.name : null, ticker: t.ticker, decimals: t.decimals as number }
  }
  for (const k of ['constants', 'enums', 'maps']) if (meta[k] !== undefined && !isObject(meta[k])) fail('DESCRIPTOR_JSON', `${file}: metadata.${k}`, 'must be an object')
  const display = merged.display
  if (!isObject(display) || !isObject(display.formats)) fail('DESCRIPTOR_JSON', `${file}: display.formats`, 'missing: a descriptor formats at least one function or message')
  for (const k of Object.keys(display)) if (k !== 'formats' && k !== 'definitions') fail('DESCRIPTOR_JSON', `${file}: display${q(k)}`, 'unknown key (display has definitions and formats)')
  const calldata: CalldataFormat[] = []
  const typed: TypedFormat[] = []
  const seen = new Map<string, string>()
  for (const [key, body] of Object.entries(display.formats)) {
    const where = `${file}: display.formats[${JSON.stringify(key)}]`
    if (kind === 'contract') {
      let fn: AbiFunction
      try {
        fn = parseSignature(key, 'key')
      } catch (e) {
        fail('DESCRIPTOR_FORMAT_KEY', where, `is not a function signature (${(e as Error).message})`)
      }
      const sel = bytesToHex(fn.selector)
      const prev = seen.get(sel)
      if (prev !== undefined) fail('DESCRIPTOR_FORMAT_KEY', where, `has the selector ${sel} of ${JSON.stringify(prev)} too: a descriptor with two formats for one selector is invalid`)
      seen.set(sel, key)
      calldata.push({ ...parseFormatBody(c, key, body, where), fn })
    } else {
      const t = parseEncodeType(key, where)
      const typeHash = keccak_256(utf8ToBytes(t.encodeType))
      const h = bytesToHex(typeHash)
      const prev = seen.get(h)
      if (prev !== undefined) fail('DESCRIPTOR_FORMAT_KEY', where, `has the type hash of ${JSON.stringify(prev)} too`)
      seen.set(h, key)
      typed.push({ ...parseFormatBody(c, key, body, where), ...t, typeHash })
    }
  }
  return { file, version, files: all, merged, context, owner, contractName, token, calldata, typed }
}

/** The canonical path text of a field spec's path (for interpolation lookups). */
export { pathText }
