/**
 * The files of an ERC-7730 descriptor: the schema version a file declares
 * (through a table of known `$schema` forms), and its includes, resolved inside
 * the set and merged.
 *
 * Merging (spec, "Organizing files"): objects key by key, the including file
 * wins; `fields` arrays merge by `path` (the including file's keys override the
 * included object's, new paths are appended); `display.formats` keys merge by
 * canonical signature (calldata) or whitespace-normalized type string
 * (EIP-712), so `f(a x, b y)` and `f(a x,b y)` are one format; other arrays are
 * replaced. An include is a relative path (or a list of them), resolved against
 * the including file; absolute URLs, paths out of the set, missing files and
 * cycles are refused (RESEARCH §1.7 #4, #5).
 * @module
 */
import { AirsignError, type ErrorCode } from '../../errors.js'
import { parseSignature } from '../../abi/types.js'

/** `$schema` URI forms seen in the registry and the ERC, as prefixes; the schema file names after them. */
const SCHEMA_PREFIXES: readonly RegExp[] = [
  /^(\.\.\/)*(\.\/)?specs\/$/,
  /^https:\/\/github\.com\/(LedgerHQ|ethereum)\/clear-signing-erc7730-registry\/(blob|raw)\/(master|main)\/specs\/$/,
  /^https:\/\/raw\.githubusercontent\.com\/(LedgerHQ|ethereum)\/clear-signing-erc7730-registry\/(master|main)\/specs\/$/,
  /^https:\/\/eips\.ethereum\.org\/assets\/eip-7730\/$/,
  /^https:\/\/github\.com\/ethereum\/ERCs\/(blob|raw)\/master\/assets\/erc-7730\/$/,
]
/**
 * The published schema files and the `version` key each holds (ERC-7730 "Released
 * versions"; 2.1.0 per the ERC's assets at 0feda02d). A table, not a parse of the name.
 */
const SCHEMA_FILES: Readonly<Record<string, string>> = {
  'erc7730-v1.schema.json': '1.0.0',
  'erc7730-v2.schema.json': '2.0.0',
  'erc7730-v2.1.0.schema.json': '2.1.0',
  'erc7730-v3.0.0-next.schema.json': '3.0.0-next',
}
/** The MAJOR version airsign implements. */
export const IMPLEMENTED_MAJOR = 2

export function fail(code: ErrorCode, where: string, message: string): never {
  throw new AirsignError(code, `${where}: ${message}`)
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
export const q = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)

/**
 * The schema version a descriptor declares.
 * @param json - the file's JSON
 * @param file - its path, for the error
 * @returns e.g. `2.0.0`
 * @throws AirsignError DESCRIPTOR_VERSION: no `$schema`, an unknown form, v1, a MAJOR other than 2
 */
export function schemaVersion(json: Record<string, unknown>, file: string): string {
  const s = json.$schema
  if (typeof s !== 'string') fail('DESCRIPTOR_VERSION', `${file}: $schema`, 'missing: a descriptor names its ERC-7730 schema version in "$schema"')
  const cut = s.lastIndexOf('/') + 1
  const version = SCHEMA_PREFIXES.some((p) => p.test(s.slice(0, cut))) ? SCHEMA_FILES[s.slice(cut)] : undefined
  if (version === undefined) fail('DESCRIPTOR_VERSION', `${file}: $schema`, `${JSON.stringify(s)} is not a known ERC-7730 schema (known: erc7730-v2.schema.json under the registry's specs/ or the ERC's assets)`)
  const major = Number(version.split('.')[0])
  if (major === 1) fail('DESCRIPTOR_VERSION', `${file}: $schema`, 'ERC-7730 v1 (1.0.0) is deprecated and not supported: convert the descriptor to v2')
  if (major !== IMPLEMENTED_MAJOR) fail('DESCRIPTOR_VERSION', `${file}: $schema`, `ERC-7730 ${version}: MAJOR version ${major} is not implemented (airsign implements ${IMPLEMENTED_MAJOR}.x)`)
  return version
}

/** Resolve an include relative to the including file, inside the set. */
export function resolveInclude(from: string, include: string, where: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(include) || include.startsWith('/') || include.startsWith('//') || include.includes('\\')) {
    fail('DESCRIPTOR_INCLUDE', where, `${JSON.stringify(include)} is not a relative path: includes resolve only inside the descriptor set (nothing is fetched)`)
  }
  const parts = from.split('/').slice(0, -1)
  for (const seg of include.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length === 0) fail('DESCRIPTOR_INCLUDE', where, `${JSON.stringify(include)} leaves the root of the descriptor set`)
      parts.pop()
    } else parts.push(seg)
  }
  return parts.join('/')
}

/** The identity of a format key for merging: the canonical signature, or the whitespace-free type string. */
function formatIdentity(key: string, kind: 'contract' | 'eip712' | null): string {
  if (kind === 'eip712') return key.replace(/\s*([,()])\s*/g, '$1').replace(/\s+/g, ' ')
  try {
    return parseSignature(key).signature
  } catch {
    return key
  }
}

/** Merge `over` (the including file) onto `base` (the included one). */
function merge(base: unknown, over: unknown, key: string | null, kind: 'contract' | 'eip712' | null): unknown {
  if (isObject(base) && isObject(over)) {
    if (key === 'formats') return mergeFormats(base, over, kind)
    const out: Record<string, unknown> = { ...base }
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v, k, kind) : v
    return out
  }
  if (key === 'fields' && Array.isArray(base) && Array.isArray(over)) return mergeFields(base, over, kind)
  return over
}

function mergeFormats(base: Record<string, unknown>, over: Record<string, unknown>, kind: 'contract' | 'eip712' | null): Record<string, unknown> {
  const out = new Map<string, [string, unknown]>()
  for (const [k, v] of Object.entries(base)) out.set(formatIdentity(k, kind), [k, v])
  for (const [k, v] of Object.entries(over)) {
    const id = formatIdentity(k, kind)
    const prev = out.get(id)
    out.set(id, [k, prev ? merge(prev[1], v, null, kind) : v])
  }
  return Object.fromEntries([...out.values()])
}

const normPath = (p: unknown) => (typeof p === 'string' ? p.replace(/^#\./, '') : null)

/** Spec: objects sharing a `path` merge (the including file's keys win); others are appended. */
function mergeFields(base: unknown[], over: unknown[], kind: 'contract' | 'eip712' | null): unknown[] {
  const out = [...base]
  for (const item of over) {
    const p = isObject(item) ? normPath(item.path) : null
    const i = p === null ? -1 : out.findIndex((b) => isObject(b) && normPath(b.path) === p)
    if (i >= 0) out[i] = merge(out[i], item, null, kind)
    else out.push(item)
  }
  return out
}

/** Which part of each file a merge takes (the whole file, or what indexing needs). */
export type Pick = (json: Record<string, unknown>) => Record<string, unknown>

/** What indexing needs of a file: its context, and whether it has formats (`display.formats: {}` stands for any). */
export const pickBinding: Pick = (j) => ({
  ...(j.context !== undefined ? { context: j.context } : {}),
  ...(isObject(j.display) && j.display.formats !== undefined ? { display: { formats: {} } } : {}),
})

/**
 * Load a file with its includes merged (depth first, the includer wins).
 * @param pick - the part of each file to merge (default: all of it)
 * @throws AirsignError DESCRIPTOR_JSON, DESCRIPTOR_VERSION, DESCRIPTOR_INCLUDE
 */
export function loadMerged(files: ReadonlyMap<string, unknown>, file: string, stack: readonly string[], pick: Pick = (j) => j): { json: Record<string, unknown>; files: string[]; version: string } {
  const whole = files.get(file)
  if (!isObject(whole)) fail('DESCRIPTOR_JSON', file, 'a descriptor is a JSON object')
  const version = schemaVersion(whole, file)
  for (const k of Object.keys(whole)) {
    if (!['$schema', '$comment', 'includes', 'context', 'metadata', 'display'].includes(k)) fail('DESCRIPTOR_JSON', `${file}: ${k}`, 'unknown top-level key (a descriptor has $schema, includes, context, metadata, display)')
  }
  const json = pick(whole)
  const inc = whole.includes
  if (inc === undefined) return { json, files: [file], version }
  const list = typeof inc === 'string' ? [inc] : Array.isArray(inc) && inc.every((x) => typeof x === 'string') ? (inc as string[]) : fail('DESCRIPTOR_JSON', `${file}: includes`, 'must be a relative path (or a list of them)')
  let merged: Record<string, unknown> = {}
  const all = [file]
  list.forEach((x, i) => {
    const where = `${file}: includes${typeof inc === 'string' ? '' : `[${i}]`}`
    const target = resolveInclude(file, x, where)
    if (target === file || stack.includes(target)) fail('DESCRIPTOR_INCLUDE', where, `${JSON.stringify(x)} includes itself (cycle: ${[...stack, file, target].join(' → ')})`)
    if (!files.has(target)) fail('DESCRIPTOR_INCLUDE', where, `${JSON.stringify(x)} (${target}) is not in the descriptor set`)
    if (stack.length > 16) fail('DESCRIPTOR_INCLUDE', where, 'includes nest deeper than 16')
    const sub = loadMerged(files, target, [...stack, file], pick)
    merged = merge(merged, sub.json, null, null) as Record<string, unknown>
    all.push(...sub.files)
  })
  const { includes: _drop, ...own } = json
  // The kind (contract or eip712) decides how format keys merge; the includer's context, else the included one's.
  const ctx = isObject(own.context) ? own.context : isObject(merged.context) ? merged.context : {}
  const kind = 'eip712' in ctx ? 'eip712' : 'contract' in ctx ? 'contract' : null
  const out = merge(stripSchema(merged), own, null, kind) as Record<string, unknown>
  return { json: out, files: all, version }
}

function stripSchema(j: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, includes: _i, ...rest } = j
  return rest
}

